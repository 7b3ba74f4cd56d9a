/* The marking plan: the design's landmarks placed on the head surface model and the tape lengths
 * between them (docs/head-model.md, "The marking plan"). */
#include "smp-head-plan.h"

#include <math.h>
#include <string.h>

/* The area to treat is scanned in steps of this many mm; its border is where its density crosses
 * one half. */
#define SCAN_STEP 0.5
#define BORDER_LEVEL 0.5
#define BORDER_ROW 2.0

static const char *const mark_names[SMP_PLAN_N_MARKS] = {
    [SMP_PLAN_GLABELLA] = "glabella",
    [SMP_PLAN_MID_FRONTAL] = "mid-frontal point",
    [SMP_PLAN_ANGLE_RIGHT] = "right frontotemporal angle",
    [SMP_PLAN_ANGLE_LEFT] = "left frontotemporal angle",
    [SMP_PLAN_TEMPLE_RIGHT] = "right temple point",
    [SMP_PLAN_TEMPLE_LEFT] = "left temple point",
    [SMP_PLAN_VERTEX] = "vertex",
    [SMP_PLAN_WHORL] = "crown whorl",
    [SMP_PLAN_TREAT_BACK] = "back border of the area to treat",
    [SMP_PLAN_TREAT_RIGHT] = "right border of the area to treat",
    [SMP_PLAN_TREAT_LEFT] = "left border of the area to treat",
};

static SmpHairline *
design_in_view(const SmpHairlineParams *design, SmpHairlineView view, SmpHairlineArea area,
               GError **error)
{
  SmpHairlineParams p = *design;
  p.view = view;
  p.area = area;
  p.output = SMP_HAIRLINE_OUTPUT_MASK;
  p.angle = 0.0;
  return smp_hairline_new(&p, error);
}

static gboolean
head_in_view(const SmpHairlineParams *design, double height, SmpHeadView view, SmpHead *head,
             GError **error)
{
  SmpHeadParams p;
  smp_head_params_init(&p);
  p.ppi = design->ppi;
  p.view = view;
  p.width = design->head_width;
  p.length = design->head_length;
  p.height = height;
  return smp_head_init(head, &p, error);
}

/* Puts a mark at the skin under a view position. */
static gboolean
place(SmpMarkingPlan *plan, SmpPlanMarkId id, const SmpHead *head, double u, double v,
      GError **error)
{
  SmpHeadPoint pt;
  if (!smp_head_surface_at(head, u, v, &pt)) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "the design's %s (%.1f, %.1f mm) lies off the head: check the head sizes and "
                "head-height against the design",
                mark_names[id], u, v);
    return FALSE;
  }
  plan->marks[id].present = TRUE;
  memcpy(plan->marks[id].pos, pt.pos, sizeof pt.pos);
  return TRUE;
}

/* The frontal landmarks and line from above, where the hairline op and the head model share the
 * head's outline, so that any design the op draws lies on the head: mid-frontal point, both
 * angles (top view: u = X, the person's right at u > 0), the line between them from the person's
 * right to the left. */
static gboolean
front_marks(SmpMarkingPlan *plan, const SmpHairlineParams *design, GError **error)
{
  SmpHairline *line = design_in_view(design, SMP_HAIRLINE_VIEW_TOP, design->area, error);
  if (!line)
    return FALSE;
  double u, v, ua, va, ub, vb;
  smp_hairline_landmark(line, SMP_HAIRLINE_LANDMARK_MID_FRONTAL, &u, &v);
  smp_hairline_landmark(line, SMP_HAIRLINE_LANDMARK_ANGLE_RIGHT, &ua, &va);
  smp_hairline_landmark(line, SMP_HAIRLINE_LANDMARK_ANGLE_LEFT, &ub, &vb);
  const double lo = MIN(ua, ub), hi = MAX(ua, ub);
  plan->n_line = (int)G_N_ELEMENTS(plan->line_u);
  for (int i = 0; i < plan->n_line; i++) {
    plan->line_u[i] = hi - (hi - lo) * i / (plan->n_line - 1);
    plan->line_v[i] = smp_hairline_line_at(line, plan->line_u[i]);
  }
  smp_hairline_unref(line);
  const double v_lo = ua < ub ? va : vb, v_hi = ua < ub ? vb : va;
  return place(plan, SMP_PLAN_MID_FRONTAL, &plan->top, u, v, error) &&
         place(plan, SMP_PLAN_ANGLE_RIGHT, &plan->top, hi, v_hi, error) &&
         place(plan, SMP_PLAN_ANGLE_LEFT, &plan->top, lo, v_lo, error);
}

/* The temple points from the profiles, on their own sides. */
static gboolean
temple_marks(SmpMarkingPlan *plan, const SmpHairlineParams *design, double height, GError **error)
{
  const struct {
    SmpHairlineView line_view;
    SmpHeadView head_view;
    SmpPlanMarkId id;
  } sides[2] = {{SMP_HAIRLINE_VIEW_RIGHT, SMP_HEAD_VIEW_RIGHT, SMP_PLAN_TEMPLE_RIGHT},
                {SMP_HAIRLINE_VIEW_LEFT, SMP_HEAD_VIEW_LEFT, SMP_PLAN_TEMPLE_LEFT}};
  for (int i = 0; i < 2; i++) {
    SmpHead *side = g_new(SmpHead, 1);
    SmpHairline *line = design_in_view(design, sides[i].line_view, design->area, error);
    double u, v;
    gboolean ok = line && head_in_view(design, height, sides[i].head_view, side, error);
    if (ok && smp_hairline_landmark(line, SMP_HAIRLINE_LANDMARK_TEMPLE_POINT, &u, &v))
      ok = place(plan, sides[i].id, side, u, v, error);
    if (line)
      smp_hairline_unref(line);
    g_free(side);
    if (!ok)
      return FALSE;
  }
  return TRUE;
}

/* The density of the area to treat at a top-view position. */
static gboolean
treated(const SmpHairline *area, double u, double v)
{
  return smp_hairline_value_at(area, u, v, SCAN_STEP) >= BORDER_LEVEL;
}

/* The outermost treated points right and left of the midline on the row at `y`, scanned out to
 * `half_width` (0 where the row holds none). */
static void
row_extent(const SmpHairline *area, double half_width, double y, double *right, double *left)
{
  *right = *left = 0.0;
  for (double x = 0.0; x <= half_width; x += SCAN_STEP) {
    if (treated(area, x, y))
      *right = x;
    if (treated(area, -x, y))
      *left = -x;
  }
}

/* The outline of the area to treat from above, rows BORDER_ROW mm apart between its front and
 * back on the midline: the outermost treated points of each row, down the right, up the left. */
static void
border_outline(SmpMarkingPlan *plan, const SmpHairline *area, double first, double last)
{
  const int rows =
      MIN((int)G_N_ELEMENTS(plan->border_x) / 2, (int)floor((first - last) / BORDER_ROW) + 1);
  for (int r = 0; r < rows; r++) {
    const double y = rows > 1 ? first - (first - last) * r / (rows - 1) : first;
    double right, left;
    row_extent(area, plan->top.a, y, &right, &left);
    plan->border_x[r] = right, plan->border_y[r] = y;
    plan->border_x[2 * rows - 1 - r] = left, plan->border_y[2 * rows - 1 - r] = y;
  }
  plan->n_border = 2 * rows;
}

/* The whorl, the vertex and the borders of the area to treat, from above: the back border the
 * last treated point on the midline, the side borders the last ones either side on the row of
 * the vertex (or, for an area short of it, halfway along the area). */
static gboolean
top_marks(SmpMarkingPlan *plan, const SmpHairlineParams *design, GError **error)
{
  SmpHairline *line = design_in_view(design, SMP_HAIRLINE_VIEW_TOP, design->area, error);
  SmpHairline *area =
      line ? design_in_view(design, SMP_HAIRLINE_VIEW_TOP, SMP_HAIRLINE_AREA_TREATMENT, error)
           : NULL;
  double u, v;
  gboolean ok = area != NULL;
  if (ok && smp_hairline_landmark(line, SMP_HAIRLINE_LANDMARK_WHORL, &u, &v))
    ok = place(plan, SMP_PLAN_WHORL, &plan->top, u, v, error);
  ok = ok && place(plan, SMP_PLAN_VERTEX, &plan->top, 0.0, 0.0, error);
  if (ok) {
    const double front = plan->top.b_front, back = -plan->top.b_back;
    double first = G_MAXDOUBLE, last = G_MAXDOUBLE;
    for (double y = front; y >= back; y -= SCAN_STEP)
      if (treated(area, 0.0, y)) {
        if (first == G_MAXDOUBLE)
          first = y;
        last = y;
      }
    if (last != G_MAXDOUBLE)
      border_outline(plan, area, first, last);
    if (last != G_MAXDOUBLE) {
      const double row = treated(area, 0.0, 0.0) ? 0.0 : 0.5 * (first + last);
      double right, left;
      row_extent(area, plan->top.a, row, &right, &left);
      /* Just inside the outline: the top view's rim is the widest section. */
      const double rim = 0.999;
      ok = place(plan, SMP_PLAN_TREAT_BACK, &plan->top, 0.0, last, error) &&
           place(plan, SMP_PLAN_TREAT_RIGHT, &plan->top, right * rim, row, error) &&
           place(plan, SMP_PLAN_TREAT_LEFT, &plan->top, left * rim, row, error);
    }
  }
  if (line)
    smp_hairline_unref(line);
  if (area)
    smp_hairline_unref(area);
  return ok;
}

static double
straight(const SmpPlanMark *a, const SmpPlanMark *b)
{
  return sqrt((a->pos[0] - b->pos[0]) * (a->pos[0] - b->pos[0]) +
              (a->pos[1] - b->pos[1]) * (a->pos[1] - b->pos[1]) +
              (a->pos[2] - b->pos[2]) * (a->pos[2] - b->pos[2]));
}

/* Where a tape runs between its two marks. */
typedef enum {
  ROUTE_FOREHEAD, /* up the forehead's midline from the glabella (smp_head_forehead_tape) */
  ROUTE_SKIN,     /* in the plane through both marks and their mean normal (smp_head_tape) */
  ROUTE_OVER_TOP, /* in the plane through both marks and a point above the head */
} TapeRoute;

/* The tapes: up the forehead's midline, along the hairline's front, down to the temples, over the
 * top to the crown, and round the area to treat. A tape between two marks runs along the skin
 * unless it follows the midline or goes over the top. */
static const struct {
  SmpPlanMarkId from, to;
  const char *how;
  TapeRoute route;
} plan_tapes[] = {
    {SMP_PLAN_GLABELLA, SMP_PLAN_MID_FRONTAL, "up the midline", ROUTE_FOREHEAD},
    {SMP_PLAN_MID_FRONTAL, SMP_PLAN_ANGLE_RIGHT, "along the hairline", ROUTE_SKIN},
    {SMP_PLAN_MID_FRONTAL, SMP_PLAN_ANGLE_LEFT, "along the hairline", ROUTE_SKIN},
    {SMP_PLAN_ANGLE_RIGHT, SMP_PLAN_ANGLE_LEFT, "across the forehead", ROUTE_SKIN},
    {SMP_PLAN_ANGLE_RIGHT, SMP_PLAN_TEMPLE_RIGHT, "down the temple", ROUTE_SKIN},
    {SMP_PLAN_ANGLE_LEFT, SMP_PLAN_TEMPLE_LEFT, "down the temple", ROUTE_SKIN},
    {SMP_PLAN_GLABELLA, SMP_PLAN_VERTEX, "up the midline, over the forehead", ROUTE_OVER_TOP},
    {SMP_PLAN_GLABELLA, SMP_PLAN_WHORL, "over the top", ROUTE_OVER_TOP},
    {SMP_PLAN_MID_FRONTAL, SMP_PLAN_TREAT_BACK, "along the midline, over the top", ROUTE_OVER_TOP},
    {SMP_PLAN_TREAT_RIGHT, SMP_PLAN_TREAT_LEFT, "across the top", ROUTE_OVER_TOP},
};
G_STATIC_ASSERT(G_N_ELEMENTS(plan_tapes) <= SMP_PLAN_MAX_TAPES);

/* The tapes between the marks the design has. */
static void
measure_tapes(SmpMarkingPlan *plan)
{
  const SmpHead *h = &plan->top;
  const double above[3] = {0.0, 0.0, 10.0 * h->h};
  plan->n_tapes = 0;
  for (gsize t = 0; t < G_N_ELEMENTS(plan_tapes); t++) {
    const SmpPlanMark *a = &plan->marks[plan_tapes[t].from], *b = &plan->marks[plan_tapes[t].to];
    if (!a->present || !b->present)
      continue;
    double tape = plan_tapes[t].route == ROUTE_FOREHEAD ? smp_head_forehead_tape(h, b->pos[2])
                  : plan_tapes[t].route == ROUTE_SKIN
                      ? smp_head_tape(h, a->pos, b->pos)
                      : smp_head_section_length(h, a->pos, b->pos, above);
    plan->tapes[plan->n_tapes++] = (SmpPlanTape){plan_tapes[t].from, plan_tapes[t].to,
                                                 plan_tapes[t].how, tape, straight(a, b)};
  }
}

gboolean
smp_marking_plan(const SmpHairlineParams *design, double head_height, SmpMarkingPlan *plan,
                 GError **error)
{
  memset(plan, 0, sizeof *plan);
  for (int i = 0; i < SMP_PLAN_N_MARKS; i++)
    plan->marks[i].name = mark_names[i];
  if (!head_in_view(design, head_height, SMP_HEAD_VIEW_FRONT, &plan->front, error) ||
      !head_in_view(design, head_height, SMP_HEAD_VIEW_TOP, &plan->top, error))
    return FALSE;
  plan->marks[SMP_PLAN_GLABELLA].present = TRUE;
  plan->marks[SMP_PLAN_GLABELLA].pos[1] = plan->front.y_glabella;
  if (!front_marks(plan, design, error) || !temple_marks(plan, design, head_height, error) ||
      !top_marks(plan, design, error))
    return FALSE;
  measure_tapes(plan);
  return TRUE;
}

SmpHeadBand *
smp_marking_plan_band(const SmpMarkingPlan *plan, double half_width, GError **error)
{
  return smp_head_band_new(&plan->top, plan->line_u, plan->line_v, plan->n_line, half_width, error);
}
