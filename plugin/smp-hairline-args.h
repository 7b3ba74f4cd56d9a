/* The smp:hairline-mask properties that plug-in-smp-hairline and plug-in-smp-stencil pass
 * through as PDB arguments: one table, so both keep the op's names, ranges and defaults. */
#ifndef SMP_HAIRLINE_ARGS_H
#define SMP_HAIRLINE_ARGS_H

#include <libgimp/gimp.h>

#include "smp-hairline.h"

G_BEGIN_DECLS

/* The op's double properties, passed through under their own names, ranges and defaults. */
typedef struct {
  const gchar *name, *label, *blurb;
  gdouble min, max, value;
} SmpDoubleArgument;

enum {
  SMP_HAIRLINE_ARG_ANGLE,
  SMP_HAIRLINE_ARG_HAIRLINE_HEIGHT,
  SMP_HAIRLINE_ARG_TEMPLE_WIDTH,
  SMP_HAIRLINE_ARG_RECESSION,
  SMP_HAIRLINE_ARG_TRANSITION,
  SMP_HAIRLINE_ARG_IRREGULARITY,
  SMP_HAIRLINE_ARG_ASYMMETRY,
  SMP_HAIRLINE_ARG_OUTLINE_WIDTH,
  SMP_HAIRLINE_ARG_HEAD_WIDTH,
  SMP_HAIRLINE_ARG_HEAD_LENGTH,
  SMP_HAIRLINE_N_DOUBLES
};

/* The op's enum properties: nicks, and the core's value for each (landmark geometry). */
typedef struct {
  const gchar *nick;
  gint value;
} SmpNick;

enum {
  SMP_HAIRLINE_CHOICE_VIEW,
  SMP_HAIRLINE_CHOICE_SHAPE,
  SMP_HAIRLINE_CHOICE_PATTERN,
  SMP_HAIRLINE_CHOICE_AREA,
  SMP_HAIRLINE_N_CHOICES
};

typedef struct {
  const gchar *name, *label, *blurb, *value;
  SmpNick nicks[20];
} SmpChoiceArgument;

extern const SmpDoubleArgument smp_hairline_doubles[SMP_HAIRLINE_N_DOUBLES];
extern const SmpChoiceArgument smp_hairline_choices[SMP_HAIRLINE_N_CHOICES];

/* The op's choice for the argument: its nicks, values and labels. */
GimpChoice *smp_choice_new(const SmpChoiceArgument *argument);
/* The core's enum value of a nick (the first one for an unknown nick). */
gint smp_choice_core_value(const SmpChoiceArgument *argument, const gchar *nick);

G_END_DECLS

#endif /* SMP_HAIRLINE_ARGS_H */
