/* The marking plan: the landmarks a practitioner marks on the head with a skin pencil and the
 * distances to measure between them with a flexible tape, for a hairline design on the head
 * surface model. Plain C; the landmarks and their sources: docs/head-model.md, "The marking
 * plan". */
#pragma once
#include <glib.h>

#include "smp-hairline.h"
#include "smp-head-band.h"
#include "smp-head.h"

G_BEGIN_DECLS

typedef enum {
  SMP_PLAN_GLABELLA,
  SMP_PLAN_MID_FRONTAL,
  SMP_PLAN_ANGLE_RIGHT, /* the person's right frontotemporal angle */
  SMP_PLAN_ANGLE_LEFT,
  SMP_PLAN_TEMPLE_RIGHT, /* the temple point: the temporal hair's forward peak */
  SMP_PLAN_TEMPLE_LEFT,
  SMP_PLAN_VERTEX,
  SMP_PLAN_WHORL,
  SMP_PLAN_TREAT_BACK,  /* the back border of the area to treat, on the midline */
  SMP_PLAN_TREAT_RIGHT, /* its side borders, level with the vertex */
  SMP_PLAN_TREAT_LEFT,
  SMP_PLAN_N_MARKS
} SmpPlanMarkId;

typedef struct {
  const char *name;
  gboolean present; /* FALSE: the design has no such point (no area to treat, say) */
  double pos[3];    /* head frame, mm */
} SmpPlanMark;

#define SMP_PLAN_MAX_TAPES 12

typedef struct {
  SmpPlanMarkId from, to;
  const char *how; /* where the tape runs */
  double tape;     /* mm along the skin */
  double straight; /* mm in a straight line (what callipers measure) */
} SmpPlanTape;

typedef struct {
  SmpHead front, top; /* the head in a front and a top view, at the design's ppi */
  SmpPlanMark marks[SMP_PLAN_N_MARKS];
  SmpPlanTape tapes[SMP_PLAN_MAX_TAPES];
  int n_tapes;
  /* The design's frontal line between its frontotemporal angles, in top-view mm from the
   * person's right to the left, for the band template: its +d side runs towards the crown. */
  int n_line;
  double line_u[256], line_v[256];
  /* The border of the area to treat from above (top-view mm, X and Y), closed; none without a
   * stage. */
  int n_border;
  double border_x[512], border_y[512];
} SmpMarkingPlan;

/* The plan for a design (any view; its head sizes, whorl and stage are used) on a head
 * `head_height` mm high. FALSE with `error` set when the design does not fit the head. */
gboolean smp_marking_plan(const SmpHairlineParams *design, double head_height, SmpMarkingPlan *plan,
                          GError **error);

/* The band template along the plan's frontal line, `half_width` mm either side. */
SmpHeadBand *smp_marking_plan_band(const SmpMarkingPlan *plan, double half_width, GError **error);

G_END_DECLS
