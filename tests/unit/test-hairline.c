/* Unit tests of the hairline core: the transition profile, the noise, parameter checks, the design
 * line's landmarks, and that rendering rows (with runs far from every edge filled at once) gives
 * exactly the per-point values. */
#include "smp-hairline.h"

#include <math.h>
#include <string.h>

static const SmpHairlineShape all_shapes[] = {
    SMP_HAIRLINE_SHAPE_NATURAL,    SMP_HAIRLINE_SHAPE_STRAIGHT, SMP_HAIRLINE_SHAPE_ROUNDED,
    SMP_HAIRLINE_SHAPE_WIDOW_PEAK, SMP_HAIRLINE_SHAPE_M_SHAPE,  SMP_HAIRLINE_SHAPE_BROKEN,
};

static SmpHairline *
hairline_new(const SmpHairlineParams *p)
{
  GError *error = NULL;
  SmpHairline *h = smp_hairline_new(p, &error);
  g_assert_no_error(error);
  g_assert_nonnull(h);
  return h;
}

/* ---- building blocks ------------------------------------------------------------------------ */

static void
test_profile(void)
{
  const double widths[] = {0.5, 2.0, 8.0, 30.0};
  for (gsize k = 0; k < G_N_ELEMENTS(widths); k++) {
    double w = widths[k];
    g_assert_cmpfloat_with_epsilon(smp_hairline_profile(-0.5 * w, w), 0.01, 1e-9);
    g_assert_cmpfloat_with_epsilon(smp_hairline_profile(0.0, w), 0.5, 1e-12);
    g_assert_cmpfloat_with_epsilon(smp_hairline_profile(0.5 * w, w), 0.99, 1e-9);
    /* Compact support: exactly empty / full a little beyond the 1 % / 99 % points. */
    g_assert_cmpfloat(smp_hairline_profile(-0.6 * w, w), ==, 0.0);
    g_assert_cmpfloat(smp_hairline_profile(0.6 * w, w), ==, 1.0);
    double previous = -1.0;
    for (double d = -w; d <= w; d += w / 97.0) {
      double value = smp_hairline_profile(d, w);
      g_assert_cmpfloat(value, >=, previous);
      g_assert_cmpfloat_with_epsilon(value + smp_hairline_profile(-d, w), 1.0, 1e-12);
      previous = value;
    }
  }
  /* No transition: a step at the line. */
  g_assert_cmpfloat(smp_hairline_profile(-1e-9, 0.0), ==, 0.0);
  g_assert_cmpfloat(smp_hairline_profile(1e-9, 0.0), ==, 1.0);
}

static void
test_noise(void)
{
  double lo = 1.0, hi = -1.0, lo2 = 1.0, hi2 = -1.0, mean = 0.0;
  int n = 0;
  for (double t = -500.0; t < 500.0; t += 0.173) {
    double value = smp_hairline_noise1(7, 1, t);
    lo = MIN(lo, value);
    hi = MAX(hi, value);
    mean += value;
    n++;
    /* Continuous: a small step moves it little. */
    g_assert_cmpfloat(fabs(smp_hairline_noise1(7, 1, t + 1e-4) - value), <, 1e-3);
    /* A pure function of its arguments. */
    g_assert_cmpfloat(smp_hairline_noise1(7, 1, t), ==, value);
    double value2 = smp_hairline_noise2(7, 3, t, 0.37 * t + 11.0);
    lo2 = MIN(lo2, value2);
    hi2 = MAX(hi2, value2);
  }
  mean /= n;
  g_assert_cmpfloat(lo, >=, -1.0);
  g_assert_cmpfloat(hi, <=, 1.0);
  g_assert_cmpfloat(lo2, >=, -1.0);
  g_assert_cmpfloat(hi2, <=, 1.0);
  /* It uses its range and is centred. */
  g_assert_cmpfloat(hi - lo, >, 1.5);
  g_assert_cmpfloat(hi2 - lo2, >, 1.2);
  g_assert_cmpfloat(fabs(mean), <, 0.1);

  /* Seeds and streams give different noise. */
  int same_seed = 0, same_stream = 0;
  for (int i = 0; i < 100; i++) {
    double t = 0.37 + i * 1.71;
    same_seed += smp_hairline_noise1(7, 1, t) == smp_hairline_noise1(8, 1, t);
    same_stream += smp_hairline_noise2(7, 1, t, -t) == smp_hairline_noise2(7, 2, t, -t);
  }
  g_assert_cmpint(same_seed, <, 5);
  g_assert_cmpint(same_stream, <, 5);
}

/* ---- parameters ----------------------------------------------------------------------------- */

static void
expect_rejected(const SmpHairlineParams *p, const char *name)
{
  GError *error = NULL;
  SmpHairline *h = smp_hairline_new(p, &error);
  g_assert_null(h);
  g_assert_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE);
  if (!strstr(error->message, name))
    g_error("the error '%s' does not name %s", error->message, name);
  g_error_free(error);
}

static void
test_bad_parameters(void)
{
  SmpHairlineParams p;
#define REJECT(field, value, name)                                                                 \
  smp_hairline_params_init(&p);                                                                    \
  p.field = value;                                                                                 \
  expect_rejected(&p, name)
  REJECT(ppi, 0.0, "ppi");
  REJECT(ppi, NAN, "ppi");
  REJECT(hairline_height, 30.0, "hairline-height");
  REJECT(hairline_height, 150.0, "hairline-height");
  REJECT(transition, -1.0, "transition");
  REJECT(transition, 31.0, "transition");
  REJECT(irregularity, 1.5, "irregularity");
  REJECT(recession, -2.0, "recession");
  REJECT(asymmetry, INFINITY, "asymmetry");
  REJECT(outline_width, 0.0, "outline-width");
  REJECT(head_width, 50.0, "head-width");
  REJECT(origin_x, NAN, "origin-x");
  REJECT(pattern, 99, "pattern");
  /* The temples must sit on the forehead, inside the head. */
  REJECT(temple_width, 150.0, "temple-width");
#undef REJECT

  smp_hairline_params_init(&p);
  SmpHairline *h = hairline_new(&p);
  SmpHairlineParams q = *smp_hairline_get_params(h);
  g_assert_true(smp_hairline_params_equal(&p, &q));
  q.seed++;
  g_assert_false(smp_hairline_params_equal(&p, &q));
  smp_hairline_unref(h);
}

/* ---- the design line ------------------------------------------------------------------------ */

/* The mid-frontal point sits at hairline-height for every shape; the frontotemporal angles at
 * hairline-height + recession on the temple lines; the line is symmetric unless asked not to be. */
static void
test_landmarks(void)
{
  SmpHairlineParams p;
  smp_hairline_params_init(&p);
  p.irregularity = 0.0;
  const double heights[] = {40.0, 80.0, 140.0}, recessions[] = {0.0, 12.0, 30.0};
  for (gsize s = 0; s < G_N_ELEMENTS(all_shapes); s++)
    for (gsize k = 0; k < G_N_ELEMENTS(heights); k++)
      for (gsize r = 0; r < G_N_ELEMENTS(recessions); r++) {
        p.shape = all_shapes[s];
        p.hairline_height = heights[k];
        p.recession = recessions[r];
        SmpHairline *h = hairline_new(&p);
        double w = 0.5 * p.temple_width;
        /* A widow's peak dips 8 mm below the line at the midline; the M-shape's recessions run
         * 1.6 times deeper (docs/hair-loss-patterns.md). */
        const gboolean peak = p.shape == SMP_HAIRLINE_SHAPE_WIDOW_PEAK;
        const double tip = heights[k] - (peak ? SMP_HAIRLINE_PEAK_DEPTH : 0.0);
        const double depth =
            recessions[r] *
            (p.shape == SMP_HAIRLINE_SHAPE_M_SHAPE ? SMP_HAIRLINE_M_RECESSION_FACTOR : 1.0);
        g_assert_cmpfloat_with_epsilon(smp_hairline_line_at(h, 0.0), tip, 1e-9);
        g_assert_cmpfloat_with_epsilon(smp_hairline_line_at(h, w), heights[k] + depth, 1e-6);
        if (peak)
          for (double u = 0.5; u < w; u += 0.5)
            g_assert_cmpfloat(smp_hairline_line_at(h, u), >, tip);
        for (double u = 0.0; u < 100.0; u += 0.37)
          g_assert_cmpfloat(smp_hairline_line_at(h, u), ==, smp_hairline_line_at(h, -u));
        /* Never below the mid-frontal point: the centre sits lowest. */
        for (double u = 0.0; u < w; u += 0.5)
          g_assert_cmpfloat(smp_hairline_line_at(h, u), >=, tip - 1e-9);
        smp_hairline_unref(h);
      }

  p.shape = SMP_HAIRLINE_SHAPE_NATURAL;
  p.hairline_height = 80.0;
  p.recession = 12.0;
  p.asymmetry = 3.0;
  SmpHairline *h = hairline_new(&p);
  double w = 0.5 * p.temple_width;
  g_assert_cmpfloat_with_epsilon(smp_hairline_line_at(h, 0.0), 80.0, 1e-9);
  g_assert_cmpfloat_with_epsilon(smp_hairline_line_at(h, w) - smp_hairline_line_at(h, -w), 3.0,
                                 1e-6);
  smp_hairline_unref(h);
}

/* Natural: convex in the middle, concave towards the temples (Lam's lateral anterior point at
 * about mid-pupil, 60-70 % of the way to the temple line). */
static void
test_natural_inflection(void)
{
  SmpHairlineParams p;
  smp_hairline_params_init(&p);
  p.irregularity = 0.0;
  SmpHairline *h = hairline_new(&p);
  double w = 0.5 * p.temple_width, step = 0.5, inflection = -1.0;
  for (double u = step; u < w - step; u += step) {
    double curvature = smp_hairline_line_at(h, u - step) - 2.0 * smp_hairline_line_at(h, u) +
                       smp_hairline_line_at(h, u + step);
    if (curvature < 0.0 && inflection < 0.0)
      inflection = u;
    if (inflection < 0.0)
      g_assert_cmpfloat(curvature, >=, -1e-9);
    else
      g_assert_cmpfloat(curvature, <=, 1e-9);
  }
  g_assert_cmpfloat(inflection, >, 0.55 * w);
  g_assert_cmpfloat(inflection, <, 0.75 * w);
  smp_hairline_unref(h);
}

/* Undulation moves the line by at most the documented reach, and does move it. */
static void
test_undulation_bounded(void)
{
  SmpHairlineParams p;
  smp_hairline_params_init(&p);
  p.irregularity = 0.0;
  SmpHairline *regular = hairline_new(&p);
  for (guint32 seed = 1; seed <= 5; seed++) {
    p.irregularity = 1.0;
    p.seed = seed;
    SmpHairline *h = hairline_new(&p);
    double reach = smp_hairline_irregularity_reach(&p), largest = 0.0;
    for (double u = -45.0; u <= 45.0; u += 0.25) {
      double offset = fabs(smp_hairline_line_at(h, u) - smp_hairline_line_at(regular, u));
      /* Measured vertically: the normal offset divided by the line's slope factor (< 1.2). */
      g_assert_cmpfloat(offset, <=, 1.2 * reach);
      largest = MAX(largest, offset);
    }
    g_assert_cmpfloat(largest, >, 1.0);
    smp_hairline_unref(h);
  }
  smp_hairline_unref(regular);
}

/* ---- rendering ------------------------------------------------------------------------------ */

/* Rendered rows (`rows` of `width` px from y = -40, x = -13 at `level`) equal the per-point values
 * at the same head positions, and show something. */
static void
assert_rows_match_points(SmpHairline *h, int level, double ppi, int rows, int width, float *row)
{
  const double scale = ldexp(1.0, level), pixel = scale * (25.4 / ppi);
  int differing = 0, nonzero = 0;
  for (int r = 0; r < rows; r++) {
    int y = (r * 1000 / rows - 40) >> level, x = -13 >> level;
    smp_hairline_render_row(h, level, x, y, width, row, 1);
    for (int i = 0; i < width; i++) {
      double u, v;
      smp_hairline_head_position(h, (x + i + 0.5) * scale, (y + 0.5) * scale, &u, &v);
      float expected = (float)smp_hairline_value_at(h, u, v, pixel);
      differing += row[i] != expected;
      nonzero += row[i] != 0.0f;
    }
  }
  g_assert_cmpint(differing, ==, 0);
  g_assert_cmpint(nonzero, >, 0);
}

/* Rows rendered with runs skipped equal per-point evaluation bit for bit, across views, shapes,
 * patterns, outputs, tilts and levels. */
static void
test_rows_match_points(void)
{
  const struct {
    SmpHairlineView view;
    SmpHairlineShape shape;
    SmpHairlinePattern pattern;
    SmpHairlineArea area;
    SmpHairlineOutput output;
    double angle, irregularity, transition;
  } cases[] = {
      {SMP_HAIRLINE_VIEW_FRONT, SMP_HAIRLINE_SHAPE_NATURAL, SMP_HAIRLINE_PATTERN_FULL,
       SMP_HAIRLINE_AREA_CURRENT, SMP_HAIRLINE_OUTPUT_MASK, 0.0, 0.3, 8.0},
      {SMP_HAIRLINE_VIEW_FRONT, SMP_HAIRLINE_SHAPE_BROKEN, SMP_HAIRLINE_PATTERN_FULL,
       SMP_HAIRLINE_AREA_CURRENT, SMP_HAIRLINE_OUTPUT_MASK, 17.0, 1.0, 3.0},
      {SMP_HAIRLINE_VIEW_FRONT, SMP_HAIRLINE_SHAPE_STRAIGHT, SMP_HAIRLINE_PATTERN_NORWOOD_3,
       SMP_HAIRLINE_AREA_TREATMENT, SMP_HAIRLINE_OUTPUT_MASK, -30.0, 0.5, 0.0},
      {SMP_HAIRLINE_VIEW_FRONT, SMP_HAIRLINE_SHAPE_WIDOW_PEAK, SMP_HAIRLINE_PATTERN_LUDWIG_2,
       SMP_HAIRLINE_AREA_CURRENT, SMP_HAIRLINE_OUTPUT_OUTLINE, 5.0, 0.2, 10.0},
      {SMP_HAIRLINE_VIEW_TOP, SMP_HAIRLINE_SHAPE_M_SHAPE, SMP_HAIRLINE_PATTERN_FULL,
       SMP_HAIRLINE_AREA_CURRENT, SMP_HAIRLINE_OUTPUT_MASK, 90.0, 0.7, 30.0},
      {SMP_HAIRLINE_VIEW_TOP, SMP_HAIRLINE_SHAPE_ROUNDED, SMP_HAIRLINE_PATTERN_NORWOOD_5,
       SMP_HAIRLINE_AREA_TREATMENT, SMP_HAIRLINE_OUTPUT_MASK, 0.0, 0.0, 8.0},
      {SMP_HAIRLINE_VIEW_TOP, SMP_HAIRLINE_SHAPE_BROKEN, SMP_HAIRLINE_PATTERN_NORWOOD_7,
       SMP_HAIRLINE_AREA_CURRENT, SMP_HAIRLINE_OUTPUT_MASK, 200.0, 1.0, 8.0},
      {SMP_HAIRLINE_VIEW_TOP, SMP_HAIRLINE_SHAPE_NATURAL, SMP_HAIRLINE_PATTERN_NORWOOD_4,
       SMP_HAIRLINE_AREA_CURRENT, SMP_HAIRLINE_OUTPUT_MASK, 12.0, 0.3, 8.0},
      {SMP_HAIRLINE_VIEW_TOP, SMP_HAIRLINE_SHAPE_NATURAL, SMP_HAIRLINE_PATTERN_NORWOOD_4A,
       SMP_HAIRLINE_AREA_TREATMENT, SMP_HAIRLINE_OUTPUT_MASK, 0.0, 0.3, 2.0},
      {SMP_HAIRLINE_VIEW_TOP, SMP_HAIRLINE_SHAPE_NATURAL, SMP_HAIRLINE_PATTERN_LUDWIG_3,
       SMP_HAIRLINE_AREA_CURRENT, SMP_HAIRLINE_OUTPUT_MASK, -7.0, 0.3, 8.0},
      {SMP_HAIRLINE_VIEW_TOP, SMP_HAIRLINE_SHAPE_NATURAL, SMP_HAIRLINE_PATTERN_OLSEN,
       SMP_HAIRLINE_AREA_TREATMENT, SMP_HAIRLINE_OUTPUT_MASK, 0.0, 0.0, 0.0},
      {SMP_HAIRLINE_VIEW_TOP, SMP_HAIRLINE_SHAPE_NATURAL, SMP_HAIRLINE_PATTERN_SINCLAIR_4,
       SMP_HAIRLINE_AREA_CURRENT, SMP_HAIRLINE_OUTPUT_MASK, 3.0, 0.3, 8.0},
      {SMP_HAIRLINE_VIEW_RIGHT, SMP_HAIRLINE_SHAPE_NATURAL, SMP_HAIRLINE_PATTERN_NORWOOD_5,
       SMP_HAIRLINE_AREA_TREATMENT, SMP_HAIRLINE_OUTPUT_MASK, 0.0, 0.3, 8.0},
      {SMP_HAIRLINE_VIEW_LEFT, SMP_HAIRLINE_SHAPE_M_SHAPE, SMP_HAIRLINE_PATTERN_NORWOOD_3,
       SMP_HAIRLINE_AREA_CURRENT, SMP_HAIRLINE_OUTPUT_OUTLINE, 25.0, 0.5, 4.0},
      {SMP_HAIRLINE_VIEW_LEFT, SMP_HAIRLINE_SHAPE_NATURAL, SMP_HAIRLINE_PATTERN_LUDWIG_2,
       SMP_HAIRLINE_AREA_CURRENT, SMP_HAIRLINE_OUTPUT_MASK, -10.0, 0.3, 8.0},
  };
  const int width = 700, rows = 60;
  float *row = g_new(float, width);
  for (gsize c = 0; c < G_N_ELEMENTS(cases); c++)
    for (int level = 0; level <= 2; level++) {
      SmpHairlineParams p;
      smp_hairline_params_init(&p);
      p.ppi = 200.0;
      p.origin_x = 350.25;
      p.origin_y = 900.0;
      p.view = cases[c].view;
      p.shape = cases[c].shape;
      p.pattern = cases[c].pattern;
      p.area = cases[c].area;
      p.output = cases[c].output;
      p.angle = cases[c].angle > 180.0 ? cases[c].angle - 360.0 : cases[c].angle;
      p.irregularity = cases[c].irregularity;
      p.transition = cases[c].transition;
      p.seed = 11u + (guint32)c;
      SmpHairline *h = hairline_new(&p);
      assert_rows_match_points(h, level, p.ppi, rows, width, row);
      smp_hairline_unref(h);
    }
  g_free(row);
}

/* The side views over the whole profile (forehead, ear, nape, crown), every pattern, both areas
 * and outputs: runs of pixels give exactly the per-point values. */
static void
test_side_rows_match_points(void)
{
  const int width = 700, rows = 48;
  float *row = g_new(float, width);
  int cases = 0;
  for (int pattern = 0; pattern <= SMP_HAIRLINE_PATTERN_SINCLAIR_5; pattern++)
    for (int k = 0; k < 3; k++) {
      const gboolean right = (pattern + k) % 2 == 0;
      SmpHairlineParams p;
      smp_hairline_params_init(&p);
      p.ppi = 80.0;
      p.view = right ? SMP_HAIRLINE_VIEW_RIGHT : SMP_HAIRLINE_VIEW_LEFT;
      p.origin_x = right ? 650.25 : 50.25;
      p.origin_y = 600.0;
      p.pattern = (SmpHairlinePattern)pattern;
      /* Without a stage there is nothing to treat: the design itself. */
      p.area = k == 1 || pattern == SMP_HAIRLINE_PATTERN_FULL ? SMP_HAIRLINE_AREA_CURRENT
                                                              : SMP_HAIRLINE_AREA_TREATMENT;
      p.output = k == 2 ? SMP_HAIRLINE_OUTPUT_OUTLINE : SMP_HAIRLINE_OUTPUT_MASK;
      p.shape = (SmpHairlineShape)(pattern % 6);
      p.angle = k == 1 ? 9.0 : 0.0;
      p.irregularity = 0.15 * k;
      p.transition = 4.0 + 6.0 * k;
      p.seed = 5u + (guint32)pattern;
      SmpHairline *h = hairline_new(&p);
      for (int level = 0; level <= 1; level++) {
        assert_rows_match_points(h, level, p.ppi, rows, width, row);
        cases++;
      }
      smp_hairline_unref(h);
    }
  g_test_message("%d side-view renders match their per-point values", cases);
  g_free(row);
}

/* A row split anywhere gives the same values. */
static void
test_row_splits(void)
{
  SmpHairlineParams p;
  smp_hairline_params_init(&p);
  p.ppi = 150.0;
  p.irregularity = 1.0;
  p.shape = SMP_HAIRLINE_SHAPE_BROKEN;
  p.angle = 12.0;
  p.origin_x = 400.0;
  p.origin_y = 600.0;
  SmpHairline *h = hairline_new(&p);
  const int width = 800;
  float *whole = g_new(float, width), *split = g_new(float, width);
  for (int y = 0; y < 600; y += 7) {
    smp_hairline_render_row(h, 0, 0, y, width, whole, 1);
    for (int start = 0; start < width;) {
      int n = MIN(1 + (start * 7919 + y) % 37, width - start);
      smp_hairline_render_row(h, 0, start, y, n, split + start, 1);
      start += n;
    }
    g_assert_cmpmem(whole, width * sizeof(float), split, width * sizeof(float));
  }
  g_free(whole);
  g_free(split);
  smp_hairline_unref(h);
}

/* Each guardrail fires for its own case only, naming its rule. */
static gboolean
has_warning(GPtrArray *warnings, const char *rule)
{
  for (guint i = 0; i < warnings->len; i++)
    if (g_str_has_prefix(g_ptr_array_index(warnings, i), rule))
      return TRUE;
  return FALSE;
}

static void
test_guardrails(void)
{
  SmpHairlineParams p;
  smp_hairline_params_init(&p);
  GPtrArray *none = smp_hairline_guardrails(&p);
  g_assert_cmpuint(none->len, ==, 0);
  g_ptr_array_unref(none);

  p.hairline_height = 62.0;
  GPtrArray *low = smp_hairline_guardrails(&p);
  g_assert_true(has_warning(low, "line below 65 mm"));
  g_assert_cmpuint(low->len, ==, 1);
  g_ptr_array_unref(low);

  /* A widow's peak's tip counts: 70 mm with an 8 mm peak reaches 62 mm. */
  p.hairline_height = 70.0;
  p.shape = SMP_HAIRLINE_SHAPE_WIDOW_PEAK;
  p.transition = 5.0;
  GPtrArray *peak = smp_hairline_guardrails(&p);
  g_assert_true(has_warning(peak, "line below 65 mm"));
  g_assert_true(has_warning(peak, "widow's peak deeper than the transition"));
  g_ptr_array_unref(peak);
  p.transition = 10.0;
  p.hairline_height = 80.0;
  GPtrArray *soft_peak = smp_hairline_guardrails(&p);
  g_assert_cmpuint(soft_peak->len, ==, 0);
  g_ptr_array_unref(soft_peak);

  /* Advanced stages want a mature, not low, not straight line. */
  smp_hairline_params_init(&p);
  p.pattern = SMP_HAIRLINE_PATTERN_NORWOOD_6;
  p.recession = 2.0;
  p.hairline_height = 70.0;
  p.shape = SMP_HAIRLINE_SHAPE_STRAIGHT;
  GPtrArray *advanced = smp_hairline_guardrails(&p);
  g_assert_true(has_warning(advanced, "no recession with norwood-6"));
  g_assert_true(has_warning(advanced, "low line with norwood-6"));
  g_assert_true(has_warning(advanced, "straight line with norwood-6"));
  g_assert_cmpuint(advanced->len, ==, 3);
  g_ptr_array_unref(advanced);
  /* The same line with Norwood 3 is a matter of taste. */
  p.pattern = SMP_HAIRLINE_PATTERN_NORWOOD_3;
  GPtrArray *early = smp_hairline_guardrails(&p);
  g_assert_cmpuint(early->len, ==, 0);
  g_ptr_array_unref(early);
}

/* Image position and head position are inverse mappings, whatever the tilt and view. */
static void
test_image_position(void)
{
  const double angles[] = {0.0, 20.0, -135.0, 180.0};
  for (gsize k = 0; k < G_N_ELEMENTS(angles); k++)
    for (int view = SMP_HAIRLINE_VIEW_FRONT; view <= SMP_HAIRLINE_VIEW_TOP; view++) {
      SmpHairlineParams p;
      smp_hairline_params_init(&p);
      p.angle = angles[k];
      p.view = view;
      p.ppi = 250.0;
      p.origin_x = 321.5;
      p.origin_y = -77.25;
      SmpHairline *h = hairline_new(&p);
      for (double u = -90.0; u <= 90.0; u += 37.0)
        for (double v = -60.0; v <= 110.0; v += 41.0) {
          double x, y, u2, v2;
          smp_hairline_image_position(h, u, v, &x, &y);
          smp_hairline_head_position(h, x, y, &u2, &v2);
          g_assert_cmpfloat_with_epsilon(u2, u, 1e-9);
          g_assert_cmpfloat_with_epsilon(v2, v, 1e-9);
        }
      /* v points up the image at no tilt: the mid-frontal point lies above the origin. */
      double x, y;
      smp_hairline_image_position(h, 0.0, 10.0, &x, &y);
      if (angles[k] == 0.0)
        g_assert_cmpfloat(y, <, p.origin_y);
      smp_hairline_unref(h);
    }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/hairline/profile", test_profile);
  g_test_add_func("/hairline/noise", test_noise);
  g_test_add_func("/hairline/bad-parameters", test_bad_parameters);
  g_test_add_func("/hairline/landmarks", test_landmarks);
  g_test_add_func("/hairline/image-position", test_image_position);
  g_test_add_func("/hairline/guardrails", test_guardrails);
  g_test_add_func("/hairline/natural-inflection", test_natural_inflection);
  g_test_add_func("/hairline/undulation-bounded", test_undulation_bounded);
  g_test_add_func("/hairline/rows-match-points", test_rows_match_points);
  g_test_add_func("/hairline/side-rows-match-points", test_side_rows_match_points);
  g_test_add_func("/hairline/row-splits", test_row_splits);
  return g_test_run();
}
