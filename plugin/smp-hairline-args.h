/* The smp:hairline-mask properties that plug-in-smp-hairline and plug-in-smp-stencil pass
 * through as PDB arguments: one table, each entry naming the op property (also the PDB argument)
 * and the SmpHairlineParams field it fills, so both procedures register, read and apply them the
 * same way and keep the op's names, ranges and defaults. */
#ifndef SMP_HAIRLINE_ARGS_H
#define SMP_HAIRLINE_ARGS_H

#include <libgimp/gimp.h>

#include "smp-hairline.h"

G_BEGIN_DECLS

/* The op's double properties, passed through under their own names, ranges and defaults. */
typedef struct {
  const gchar *name, *label, *blurb;
  gdouble min, max, value;
  gsize offset; /* of the gdouble field in SmpHairlineParams */
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
  SMP_HAIRLINE_ARG_WHORL_SIDE,
  SMP_HAIRLINE_ARG_WHORL_BEHIND,
  SMP_HAIRLINE_N_DOUBLES
};

/* The op's boolean properties. */
typedef struct {
  const gchar *name, *label, *blurb;
  gboolean value;
  gsize offset; /* of the gboolean field in SmpHairlineParams */
} SmpBooleanArgument;

enum { SMP_HAIRLINE_BOOL_WHORL_CLOCKWISE, SMP_HAIRLINE_N_BOOLEANS };

/* The op's enum properties: nicks, and the core's value for each. */
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
  gsize offset; /* of the enum field in SmpHairlineParams */
  SmpNick nicks[32];
} SmpChoiceArgument;

extern const SmpDoubleArgument smp_hairline_doubles[SMP_HAIRLINE_N_DOUBLES];
extern const SmpChoiceArgument smp_hairline_choices[SMP_HAIRLINE_N_CHOICES];
extern const SmpBooleanArgument smp_hairline_booleans[SMP_HAIRLINE_N_BOOLEANS];

/* The op property of the output (mask or outline), the one the procedures set themselves. */
#define SMP_HAIRLINE_OUTPUT_PROPERTY "output-mode"

/* The op's choice for the argument: its nicks, values and labels. */
GimpChoice *smp_choice_new(const SmpChoiceArgument *argument);
/* The core's enum value of a nick (the first one for an unknown nick), and the nick of a value. */
gint smp_choice_core_value(const SmpChoiceArgument *argument, const gchar *nick);
const gchar *smp_choice_nick(const SmpChoiceArgument *argument, gint value);

/* Registers the table's choice arguments, or its double and then boolean arguments, in table
 * order (the PDB argument order scripts rely on). */
void smp_hairline_add_choice_arguments(GimpProcedure *procedure);
void smp_hairline_add_double_arguments(GimpProcedure *procedure);

/* Core parameters from a procedure's config: the table's arguments and "seed"; the rest (ppi,
 * origin, output) keep their defaults for the caller to set. */
void smp_hairline_params_from_config(GimpProcedureConfig *config, SmpHairlineParams *params);

/* Copies the table's properties and "seed" between objects that have them under the same names
 * (an smp:hairline-mask filter's config, a procedure's config): the design without its scale,
 * place and output. */
void smp_hairline_copy_design(GObject *from, GObject *to);

/* Sets the table's arguments and "seed" of a procedure's config (or any object with properties
 * of the same names) from core parameters. */
void smp_hairline_params_to_object(const SmpHairlineParams *params, GObject *to);

/* The design a layer was made with, kept with the layer as a persistent parasite: its effect may
 * be baked (merged, or the client's hair taken out), and the stencil still prints the design and
 * places the photo's pixels on it. Attach takes the origin in image pixels and records it in the
 * layer's own; read gives it in the layer's own (FALSE when the layer holds no record). */
#define SMP_HAIRLINE_RECORD_PARASITE "smp-hairline-design"
void smp_hairline_record_attach(GimpLayer *layer, const SmpHairlineParams *params);
gboolean smp_hairline_record_read(GimpLayer *layer, SmpHairlineParams *params);

/* Guardrails: shows each rule the design breaks as a warning (the design is still made) and
 * returns them, one a line ("" when none); smp_hairline_warn_drawable does the same for the
 * smp:hairline-mask effects on a drawable. */
gchar *smp_hairline_warn(const SmpHairlineParams *params);
gchar *smp_hairline_warn_drawable(GimpDrawable *drawable);

/* Sets every op property of a smp:hairline-mask filter from core parameters (the origin in the
 * filtered drawable's own pixels). A property the installed op lacks is an error naming it. */
gboolean smp_hairline_configure_filter(GimpDrawableFilter *filter, const SmpHairlineParams *params,
                                       GError **error);

/* Op properties of a filter by name; a property the installed op lacks is an error naming it,
 * since the names are the API (a NULL value only checks the name). GIMP shows a GEGL enum
 * property as a choice of its nicks. */
gboolean smp_filter_set(GimpDrawableFilter *filter, const gchar *name, const GValue *value,
                        GError **error);
gboolean smp_filter_set_double(GimpDrawableFilter *filter, const gchar *name, gdouble value,
                               GError **error);
gboolean smp_filter_set_int(GimpDrawableFilter *filter, const gchar *name, gint value,
                            GError **error);
gboolean smp_filter_set_boolean(GimpDrawableFilter *filter, const gchar *name, gboolean value,
                                GError **error);
gboolean smp_filter_set_nick(GimpDrawableFilter *filter, const gchar *name, const gchar *nick,
                             GError **error);

G_END_DECLS

#endif /* SMP_HAIRLINE_ARGS_H */
