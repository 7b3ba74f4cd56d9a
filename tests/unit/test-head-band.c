/* Unit tests of the band template: the hairline's band of skin flattened onto paper, measured
 * against the head surface model: its points on the skin, its widths along the skin, and lengths
 * along it on paper against the same lengths on the skin (at most 1 mm apart). */
#include "smp-hairline.h"
#include "smp-head-band.h"
#include "smp-head-plan.h"

#include <math.h>
#include <string.h>

#define HALF_WIDTH 10.0

typedef struct {
  SmpHead head;
  SmpHeadBand *band;
  int n;
  double u[512], v[512];
} Fixture;

/* The hairline design's frontal line between its frontotemporal angles, 1 mm apart, in a view of
 * a head of the given sizes. */
static void
fixture_init(Fixture *f, SmpHeadView view, double width, double length, double height)
{
  SmpHeadParams hp;
  smp_head_params_init(&hp);
  hp.view = view;
  hp.width = width, hp.length = length, hp.height = height;
  g_assert_true(smp_head_init(&f->head, &hp, NULL));

  SmpHairlineParams lp;
  smp_hairline_params_init(&lp);
  lp.view = view == SMP_HEAD_VIEW_TOP ? SMP_HAIRLINE_VIEW_TOP : SMP_HAIRLINE_VIEW_FRONT;
  lp.head_width = width, lp.head_length = length, lp.irregularity = 0.0;
  SmpHairline *line = smp_hairline_new(&lp, NULL);
  g_assert_nonnull(line);
  double ua, va;
  g_assert_true(smp_hairline_landmark(line, SMP_HAIRLINE_LANDMARK_ANGLE_RIGHT, &ua, &va));
  ua = fabs(ua);
  f->n = 0;
  for (double u = -ua; u <= ua + 1e-9 && f->n < 512; u += 1.0, f->n++) {
    f->u[f->n] = u;
    f->v[f->n] = smp_hairline_line_at(line, u);
  }
  smp_hairline_unref(line);
  GError *error = NULL;
  f->band = smp_head_band_new(&f->head, f->u, f->v, f->n, HALF_WIDTH, &error);
  g_assert_no_error(error);
  g_assert_nonnull(f->band);
}

static double
dist3(const double a[3], const double b[3])
{
  return sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
              (a[2] - b[2]) * (a[2] - b[2]));
}

/* The centre line's length on the skin against a finer polyline of the same view line. */
static void
check_length(const Fixture *f)
{
  double length = 0.0, prev[3] = {0.0, 0.0, 0.0};
  for (int i = 0; i + 1 < f->n; i++)
    for (int k = 0; k < 40; k++) {
      const double t = k / 40.0;
      SmpHeadPoint pt;
      g_assert_true(smp_head_surface_at(&f->head, f->u[i] + t * (f->u[i + 1] - f->u[i]),
                                        f->v[i] + t * (f->v[i + 1] - f->v[i]), &pt));
      if (i > 0 || k > 0)
        length += dist3(pt.pos, prev);
      memcpy(prev, pt.pos, sizeof prev);
    }
  SmpHeadPoint end;
  g_assert_true(smp_head_surface_at(&f->head, f->u[f->n - 1], f->v[f->n - 1], &end));
  length += dist3(end.pos, prev);
  g_assert_cmpfloat_with_epsilon(smp_head_band_length(f->band), length, 0.01);
}

/* Band points lie on the skin, |d| along the skin from the centre line, across it. */
static void
check_across(const Fixture *f)
{
  const double centre[3] = {0.0, 0.0, 0.0};
  const double length = smp_head_band_length(f->band);
  for (double s = 0.0; s <= length; s += length / 16)
    for (int side = -1; side <= 1; side += 2) {
      double c[3], e[3], ahead[3], on[3], dir[3];
      smp_head_band_skin(f->band, s, 0.0, c);
      smp_head_band_skin(f->band, s, side * HALF_WIDTH, e);
      for (int k = 0; k < 3; k++)
        dir[k] = e[k] - centre[k];
      smp_head_surface_along(&f->head, centre, dir, on);
      g_assert_cmpfloat(dist3(on, e), <, 1e-6);
      /* A tape laid from the line to the edge measures the band's half width. */
      g_assert_cmpfloat_with_epsilon(smp_head_tape(&f->head, c, e), HALF_WIDTH, 0.05);
      /* ... at right angles to the line. */
      smp_head_band_skin(f->band, MIN(s + 0.5, length), 0.0, ahead);
      double t[3], a[3], dot = 0.0, tl = 0.0, al = 0.0;
      for (int k = 0; k < 3; k++)
        t[k] = ahead[k] - c[k], a[k] = e[k] - c[k];
      for (int k = 0; k < 3; k++)
        dot += t[k] * a[k], tl += t[k] * t[k], al += a[k] * a[k];
      if (tl > 0.0)
        g_assert_cmpfloat(fabs(dot) / sqrt(tl * al), <, 0.02);
    }
}

/* Lengths along the band from its start, on paper and on the skin, over five lines across it. */
static double
distortion(const Fixture *f)
{
  const double length = smp_head_band_length(f->band);
  double worst = 0.0;
  for (int j = 0; j <= 4; j++) {
    const double d = HALF_WIDTH * (j / 2.0 - 1.0);
    double paper = 0.0, skin = 0.0, px = 0.0, py = 0.0, prev[3] = {0};
    const int steps = (int)ceil(length / 0.5);
    for (int k = 0; k <= steps; k++) {
      const double s = length * k / steps;
      double x, y, p[3];
      smp_head_band_template(f->band, s, d, &x, &y);
      smp_head_band_skin(f->band, s, d, p);
      if (k > 0) {
        paper += hypot(x - px, y - py);
        skin += dist3(p, prev);
        worst = MAX(worst, fabs(paper - skin));
      }
      px = x, py = y;
      memcpy(prev, p, sizeof p);
    }
  }
  return worst;
}

static void
check_band(SmpHeadView view, double width, double length, double height)
{
  Fixture f;
  fixture_init(&f, view, width, length, height);
  check_length(&f);
  check_across(&f);
  const double worst = distortion(&f);
  g_test_message("head %g x %g x %g, %s view: band %.1f mm long, %g mm either side: at most "
                 "%.3f mm of distortion along it (the band's own figure %.3f mm)",
                 width, length, height, view == SMP_HEAD_VIEW_TOP ? "top" : "front",
                 smp_head_band_length(f.band), HALF_WIDTH, worst, smp_head_band_distortion(f.band));
  g_assert_cmpfloat(worst, <=, 1.0);
  g_assert_cmpfloat_with_epsilon(smp_head_band_distortion(f.band), worst, 0.05);
  /* The template is at skin scale: its ends lie the band's length apart, less its bending. */
  double x0, y0, x1, y1;
  smp_head_band_template(f.band, 0.0, 0.0, &x0, &y0);
  smp_head_band_template(f.band, smp_head_band_length(f.band), 0.0, &x1, &y1);
  g_assert_cmpfloat(hypot(x1 - x0, y1 - y0), <=, smp_head_band_length(f.band) + 1.0);
  g_assert_cmpfloat(fabs(y1 - y0), <, 1e-6);
  smp_head_band_free(f.band);
}

static void
test_front(void)
{
  check_band(SMP_HEAD_VIEW_FRONT, 155.0, 195.0, 110.0);
}

static void
test_top(void)
{
  check_band(SMP_HEAD_VIEW_TOP, 155.0, 195.0, 110.0);
}

/* The smallest and largest heads of the adult range (the default design, 92 mm high at its
 * angles, lies above the smallest head's top in a front view: that head is seen from above). */
static void
test_extremes(void)
{
  check_band(SMP_HEAD_VIEW_TOP, SMP_HEAD_WIDTH_MIN, SMP_HEAD_LENGTH_MIN, SMP_HEAD_HEIGHT_MIN);
  check_band(SMP_HEAD_VIEW_TOP, SMP_HEAD_WIDTH_MAX, SMP_HEAD_LENGTH_MAX, SMP_HEAD_HEIGHT_MAX);
  check_band(SMP_HEAD_VIEW_FRONT, SMP_HEAD_WIDTH_MAX, SMP_HEAD_LENGTH_MAX, SMP_HEAD_HEIGHT_MAX);
}

static void
test_bad_lines(void)
{
  SmpHeadParams hp;
  SmpHead head;
  smp_head_params_init(&hp);
  hp.view = SMP_HEAD_VIEW_FRONT;
  g_assert_true(smp_head_init(&head, &hp, NULL));
  GError *error = NULL;
  const double u[2] = {-40.0, 40.0}, off[2] = {80.0, 400.0}, same[2] = {80.0, 80.0};
  g_assert_null(smp_head_band_new(&head, u, off, 2, 10.0, &error));
  g_assert_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE);
  g_clear_error(&error);
  const double still[2] = {0.0, 0.0};
  g_assert_null(smp_head_band_new(&head, still, same, 2, 10.0, &error));
  g_assert_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE);
  g_clear_error(&error);
  g_assert_null(smp_head_band_new(&head, u, same, 1, 10.0, &error));
  g_clear_error(&error);
}

/* The marking plan of a Norwood 5 design: every landmark on the skin, tapes no shorter than the
 * straight distances, the two sides alike, and the midline tape against an independent arc. */
static void
test_plan(void)
{
  SmpHairlineParams design;
  smp_hairline_params_init(&design);
  design.pattern = SMP_HAIRLINE_PATTERN_NORWOOD_5;
  design.whorl_side = 0.0;
  design.irregularity = 0.0; /* a symmetric line */
  SmpMarkingPlan *plan = g_new(SmpMarkingPlan, 1);
  GError *error = NULL;
  g_assert_true(smp_marking_plan(&design, 110.0, plan, &error));
  g_assert_no_error(error);
  for (int i = 0; i < SMP_PLAN_N_MARKS; i++)
    g_assert_true(plan->marks[i].present);
  g_assert_cmpfloat(plan->marks[SMP_PLAN_ANGLE_RIGHT].pos[0], >, 0.0);
  g_assert_cmpfloat(plan->marks[SMP_PLAN_TEMPLE_LEFT].pos[0], <, 0.0);
  double by_pair[SMP_PLAN_N_MARKS][SMP_PLAN_N_MARKS] = {{0}};
  for (int i = 0; i < plan->n_tapes; i++) {
    const SmpPlanTape *t = &plan->tapes[i];
    g_test_message("%s -> %s (%s): %.1f mm of tape, %.1f mm straight", plan->marks[t->from].name,
                   plan->marks[t->to].name, t->how, t->tape, t->straight);
    g_assert_cmpfloat(t->tape, >=, t->straight - 1e-6);
    g_assert_cmpfloat(t->tape, <, 1.6 * t->straight);
    by_pair[t->from][t->to] = t->tape;
  }
  g_assert_cmpint(plan->n_tapes, ==, 10);
  g_assert_cmpfloat_with_epsilon(by_pair[SMP_PLAN_MID_FRONTAL][SMP_PLAN_ANGLE_RIGHT],
                                 by_pair[SMP_PLAN_MID_FRONTAL][SMP_PLAN_ANGLE_LEFT], 0.05);
  g_assert_cmpfloat_with_epsilon(by_pair[SMP_PLAN_ANGLE_RIGHT][SMP_PLAN_TEMPLE_RIGHT],
                                 by_pair[SMP_PLAN_ANGLE_LEFT][SMP_PLAN_TEMPLE_LEFT], 0.05);
  /* Glabella to vertex: straight up the side to the widest section, then a quarter of the
   * midline's ellipse (semi-axes 0.49 x length and height - 30 mm; Ramanujan's perimeter). */
  const double a = 0.49 * 195.0, b = 110.0 - 30.0, hh = (a - b) * (a - b) / ((a + b) * (a + b));
  const double quarter = 0.25 * G_PI * (a + b) * (1.0 + 3.0 * hh / (10.0 + sqrt(4.0 - 3.0 * hh)));
  g_assert_cmpfloat_with_epsilon(by_pair[SMP_PLAN_GLABELLA][SMP_PLAN_VERTEX], 30.0 + quarter, 0.05);
  /* The area to treat runs back over the crown, beyond the vertex. */
  g_assert_cmpfloat(plan->marks[SMP_PLAN_TREAT_BACK].pos[1], <, 0.0);
  SmpHeadBand *band = smp_marking_plan_band(plan, 10.0, &error);
  g_assert_no_error(error);
  g_assert_cmpfloat(smp_head_band_distortion(band), <=, 1.0);
  smp_head_band_free(band);

  /* No stage: no area to treat, no borders. */
  design.pattern = SMP_HAIRLINE_PATTERN_FULL;
  g_assert_true(smp_marking_plan(&design, 110.0, plan, &error));
  g_assert_false(plan->marks[SMP_PLAN_TREAT_BACK].present);
  /* A design above a low head fails, naming the landmark. */
  design.hairline_height = 120.0;
  g_assert_false(smp_marking_plan(&design, 90.0, plan, &error));
  g_assert_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE);
  g_clear_error(&error);
  g_free(plan);
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/head-band/front", test_front);
  g_test_add_func("/head-band/top", test_top);
  g_test_add_func("/head-band/extremes", test_extremes);
  g_test_add_func("/head-band/bad-lines", test_bad_lines);
  g_test_add_func("/head-band/plan", test_plan);
  return g_test_run();
}
