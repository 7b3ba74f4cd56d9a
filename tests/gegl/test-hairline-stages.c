/* smp:hairline-mask's hair-loss stages and side view measured on rendered pixels: treated areas
 * ordered by stage, probes at head points against the published descriptions, the client's hair
 * independent of the design, the side view's temple peak and the whorl mark. */
#include "smp-hairline.h"
#include "smp-test-gegl.h"

#include <math.h>
#include <string.h>

#define OP "smp:hairline-mask"

/* ---- hair-loss stages ----------------------------------------------------------------------- */

typedef struct {
  double ppi, ppmm;
  GeglRectangle roi;
  double origin_x, origin_y;
} TopView;

static TopView
top_view(double ppi)
{
  TopView t = {ppi, ppi / MM_PER_INCH};
  t.roi = (GeglRectangle){0, 0, (int)(180.0 * t.ppmm), (int)(220.0 * t.ppmm)};
  t.origin_x = 0.5 * t.roi.width;
  t.origin_y = 110.0 * t.ppmm;
  return t;
}

/* The mask of one stage in the top view: `area` "current" or "treatment". */
static float *
stage_alpha(const TopView *t, const char *pattern, const char *area)
{
  GeglNode *graph, *node = smp_test_hairline_node(&graph, t->ppi, t->origin_x, t->origin_y);
  gegl_node_set(node, "view", smp_test_nick(OP, "view", "top"), "pattern",
                smp_test_nick(OP, "pattern", pattern), "area", smp_test_nick(OP, "area", area),
                NULL);
  float *alpha = smp_test_render_alpha(node, &t->roi, 0);
  g_object_unref(graph);
  return alpha;
}

/* cm² of density in a mask. */
static double
area_cm2(const TopView *t, const float *alpha)
{
  double sum = 0.0;
  for (gsize i = 0; i < (gsize)t->roi.width * t->roi.height; i++)
    sum += alpha[i];
  return sum / (t->ppmm * t->ppmm) / 100.0;
}

static void
assert_growing(const TopView *t, const char *const *patterns, int n)
{
  double previous = -G_MAXDOUBLE;
  GString *report = g_string_new(NULL);
  for (int i = 0; i < n; i++) {
    float *alpha = stage_alpha(t, patterns[i], "treatment");
    double area = area_cm2(t, alpha);
    g_string_append_printf(report, " %s %.0f", patterns[i], area);
    if (i > 0 && area < previous + 1.0)
      g_error("the treated area of %s (%.1f cm²) is not larger than the previous stage's "
              "(%.1f cm²)",
              patterns[i], area, previous);
    previous = area;
    g_free(alpha);
  }
  g_test_message("area to treat, cm²:%s", report->str);
  g_string_free(report, TRUE);
}

/* The treated area grows N1 < N2 < ... < N7, 2a < 3a < 4a < 5a < 6, 3 < 3v, Ludwig 1 < 2 < 3,
 * Sinclair 1 < ... < 5; the area to treat is the design minus the client's hair, blended. */
static void
test_stages_grow(void)
{
  TopView t = top_view(40.0);
  const char *norwood[] = {"norwood-1", "norwood-2", "norwood-3", "norwood-4",
                           "norwood-5", "norwood-6", "norwood-7"};
  const char *type_a[] = {"norwood-2a", "norwood-3a", "norwood-4a", "norwood-5a", "norwood-6"};
  const char *vertex[] = {"norwood-3", "norwood-3v"};
  const char *ludwig[] = {"ludwig-1", "ludwig-2", "ludwig-3"};
  const char *sinclair[] = {"sinclair-1", "sinclair-2", "sinclair-3", "sinclair-4", "sinclair-5"};
  assert_growing(&t, norwood, G_N_ELEMENTS(norwood));
  assert_growing(&t, type_a, G_N_ELEMENTS(type_a));
  assert_growing(&t, vertex, G_N_ELEMENTS(vertex));
  assert_growing(&t, ludwig, G_N_ELEMENTS(ludwig));
  assert_growing(&t, sinclair, G_N_ELEMENTS(sinclair));

  float *design = stage_alpha(&t, "full", "current");
  float *nothing = stage_alpha(&t, "full", "treatment");
  g_assert_cmpfloat(area_cm2(&t, design), >, 150.0);
  g_assert_cmpfloat(area_cm2(&t, nothing), ==, 0.0);
  const char *check[] = {"norwood-4", "norwood-7", "norwood-4a", "ludwig-3", "olsen"};
  for (gsize p = 0; p < G_N_ELEMENTS(check); p++) {
    float *current = stage_alpha(&t, check[p], "current");
    float *treatment = stage_alpha(&t, check[p], "treatment");
    for (gsize i = 0; i < (gsize)t.roi.width * t.roi.height; i++)
      g_assert_cmpfloat(fabs(treatment[i] - design[i] * (1.0 - current[i])), <=, 1e-5);
    g_test_message("%s: current hair %.0f cm², area to treat %.0f cm²", check[p],
                   area_cm2(&t, current), area_cm2(&t, treatment));
    g_free(current);
    g_free(treatment);
  }
  g_free(design);
  g_free(nothing);
}

/* The client's current hair in the top view at head millimetres (u right of the midline, sv
 * ahead of the ear-canal line). */
static double
probe(const TopView *t, const float *alpha, double u, double sv)
{
  int x = (int)floor(t->origin_x + u * t->ppmm), y = (int)floor(t->origin_y - sv * t->ppmm);
  g_assert_true(x >= 0 && x < t->roi.width && y >= 0 && y < t->roi.height);
  return alpha[(gsize)y * t->roi.width + x];
}

static gboolean
is_one_of(const char *pattern, const char *const *list)
{
  for (; *list; list++)
    if (!strcmp(pattern, *list))
      return TRUE;
  return FALSE;
}

/* Probes at head points for every stage, against the published descriptions
 * (docs/hair-loss-patterns.md), on the reference head (155 x 195 mm). */
static void
test_stage_probes(void)
{
  TopView t = top_view(50.0);
  const char *stages[] = {"norwood-1",  "norwood-2",  "norwood-3",  "norwood-3v", "norwood-4",
                          "norwood-5",  "norwood-6",  "norwood-7",  "norwood-2a", "norwood-3a",
                          "norwood-4a", "norwood-5a", "ludwig-1",   "ludwig-2",   "ludwig-3",
                          "olsen",      "sinclair-1", "sinclair-2", "sinclair-3", "sinclair-4",
                          "sinclair-5"};
  const char *const frontal_bald[] = {"norwood-4", "norwood-5", "norwood-6", "norwood-7", NULL};
  const char *const banded[] = {"norwood-4", "norwood-5", NULL};
  const char *const vertex_bald[] = {"norwood-3v", "norwood-4", "norwood-5",
                                     "norwood-6",  "norwood-7", NULL};
  const char *const type_a[] = {"norwood-2a", "norwood-3a", "norwood-4a", "norwood-5a", NULL};
  const char *const keeps_line[] = {"ludwig-1",   "ludwig-2",   "ludwig-3", "sinclair-1",
                                    "sinclair-3", "sinclair-5", NULL};
  const double fringe = 0.5 * 155.0 - 7.0;
  for (gsize s = 0; s < G_N_ELEMENTS(stages); s++) {
    const char *stage = stages[s];
    float *hair = stage_alpha(&t, stage, "current");
    /* The side fringe above the ears keeps its hair at every stage. */
    double left = probe(&t, hair, -fringe, 0.0), right = probe(&t, hair, fringe, 0.0);
    if (left < 0.95 || right < 0.95)
      g_error("%s: the fringe above the ears has %.2f / %.2f hair", stage, left, right);
    /* IV-VII: the front and top are bald including the midline. */
    if (is_one_of(stage, frontal_bald))
      for (double sv = 10.0; sv <= 60.0; sv += 10.0)
        if (probe(&t, hair, 0.0, sv) > 0.01)
          g_error("%s: the frontal midline %g mm ahead of the ear canals keeps %.2f hair", stage,
                  sv, probe(&t, hair, 0.0, sv));
    /* IV-V: a band of hair crosses the top from ear to ear and joins the fringe on both sides
     * (V's narrower and sparser); the vertex area lies behind it. */
    if (is_one_of(stage, banded)) {
      const double band = !strcmp(stage, "norwood-4") ? -16.0 : -18.0;
      const double least = !strcmp(stage, "norwood-4") ? 0.99 : 0.5;
      double lowest = 1.0;
      for (double u = -fringe; u <= fringe; u += 1.0)
        lowest = MIN(lowest, probe(&t, hair, u, band));
      g_test_message("%s: the band %g mm behind the ear canals has at least %.2f hair", stage,
                     -band, lowest);
      if (lowest < least)
        g_error("%s: the band across the top has a gap (%.2f hair)", stage, lowest);
    }
    if (is_one_of(stage, vertex_bald) && probe(&t, hair, 0.0, -55.0) > 0.01)
      g_error("%s: the vertex keeps %.2f hair", stage, probe(&t, hair, 0.0, -55.0));
    /* Type A: one area advancing from the front, no separate vertex: behind the first hair on
     * the midline, the hair never thins again. */
    if (is_one_of(stage, type_a)) {
      double peak = 0.0;
      for (double sv = 90.0; sv >= -90.0; sv -= 1.0) {
        double value = probe(&t, hair, 0.0, sv);
        if (peak >= 0.99 && value < 0.99)
          g_error("%s: hair thins again %g mm behind the ear canals", stage, -sv);
        peak = MAX(peak, value);
      }
    }
    /* The women's patterns keep the front line: hair 5 mm behind the natural line at 25 mm
     * from the midline. */
    if (is_one_of(stage, keeps_line) && probe(&t, hair, 25.0, 64.0) < 0.95)
      g_error("%s: the front line is not kept (%.2f hair)", stage, probe(&t, hair, 25.0, 64.0));
    g_free(hair);
  }

  /* Olsen's frontal accentuation: thinner at the front than further back along the part. */
  float *tree = stage_alpha(&t, "olsen", "current");
  g_assert_cmpfloat(probe(&t, tree, 15.0, 45.0), <, probe(&t, tree, 15.0, -15.0) - 0.3);
  g_free(tree);
  /* VII: only the horseshoe; 55 mm out above the ears is bald, as it is not in V. */
  float *seven = stage_alpha(&t, "norwood-7", "current");
  float *five = stage_alpha(&t, "norwood-5", "current");
  g_assert_cmpfloat(probe(&t, seven, 55.0, 0.0), <, 0.01);
  g_assert_cmpfloat(probe(&t, five, 55.0, 0.0), >, 0.99);
  g_free(seven);
  g_free(five);
}

/* The client's hair is a fact about the head: raising the designed line from 70 to 100 mm leaves
 * it unchanged, while the area to treat shrinks. */
static void
test_client_independent_of_design(void)
{
  TopView t = top_view(40.0);
  const char *stages[] = {"norwood-5", "norwood-3", "ludwig-2"};
  const char *views[] = {"top", "front", "right"};
  for (gsize v = 0; v < G_N_ELEMENTS(views); v++)
    for (gsize s = 0; s < G_N_ELEMENTS(stages); s++) {
      double hair[2], treat[2], largest = 0.0;
      float *alpha[2];
      for (int k = 0; k < 2; k++) {
        GeglNode *graph, *node = smp_test_hairline_node(&graph, t.ppi, t.origin_x, t.origin_y);
        gegl_node_set(node, "view", smp_test_nick(OP, "view", views[v]), "pattern",
                      smp_test_nick(OP, "pattern", stages[s]), "hairline-height", k ? 100.0 : 70.0,
                      "irregularity", 0.3, NULL);
        alpha[k] = smp_test_render_alpha(node, &t.roi, 0);
        hair[k] = area_cm2(&t, alpha[k]);
        gegl_node_set(node, "area", smp_test_nick(OP, "area", "treatment"), NULL);
        float *treatment = smp_test_render_alpha(node, &t.roi, 0);
        treat[k] = area_cm2(&t, treatment);
        g_free(treatment);
        g_object_unref(graph);
      }
      for (gsize i = 0; i < (gsize)t.roi.width * t.roi.height; i++)
        largest = MAX(largest, fabs(alpha[0][i] - alpha[1][i]));
      g_test_message("%s view, %s: client hair %.2f / %.2f cm² (largest pixel difference %.2g), "
                     "area to treat %.1f / %.1f cm² for a line at 70 / 100 mm",
                     views[v], stages[s], hair[0], hair[1], largest, treat[0], treat[1]);
      g_assert_cmpfloat(fabs(hair[1] - hair[0]), <=, 0.005 * hair[0]);
      g_assert_cmpfloat(largest, <=, 1e-6);
      g_assert_cmpfloat(treat[1], <, treat[0]);
      g_free(alpha[0]);
      g_free(alpha[1]);
    }
}

/* Norwood II's temporal recessions stop 2 cm or more in front of the ear-canal line; III's reach
 * beyond (docs/hair-loss-patterns.md). Measured on the current hair at the column of the client's
 * frontotemporal angle. */
static void
test_norwood_recession_landmark(void)
{
  TopView t = top_view(100.0);
  const int column = (int)(t.origin_x + 0.31 * 155.0 * t.ppmm);
  double ahead[3];
  const char *stages[] = {"norwood-1", "norwood-2", "norwood-3"};
  for (int s = 0; s < 3; s++) {
    float *alpha = stage_alpha(&t, stages[s], "current");
    double fall = NAN;
    /* Walking backwards (down the image) from the forehead: where the hair starts. */
    for (int y = 0; y + 1 < t.roi.height; y++) {
      double a = alpha[(gsize)y * t.roi.width + column];
      double b = alpha[(gsize)(y + 1) * t.roi.width + column];
      if (a < 0.5 && b >= 0.5) {
        fall = y + 0.5 + (0.5 - a) / (b - a);
        break;
      }
    }
    g_assert_false(isnan(fall));
    ahead[s] = (t.origin_y - fall) / t.ppmm;
    g_free(alpha);
  }
  g_test_message("hair at the temple column starts %.1f (I), %.1f (II), %.1f (III) mm ahead of "
                 "the ear-canal line",
                 ahead[0], ahead[1], ahead[2]);
  g_assert_cmpfloat(ahead[1], <, ahead[0] - 5.0);
  g_assert_cmpfloat(ahead[1], >=, 20.0);
  g_assert_cmpfloat(ahead[2], <, 20.0);
}

/* Ludwig keeps the client's front line: its midline crossing is Norwood I's (the same natural
 * line there), 70 mm above the glabella in the front view, with the dense band behind it; the
 * thinning further back deepens from I to III. */
static void
test_ludwig_keeps_frontal_line(void)
{
  const char *views[] = {"front", "top"};
  const char *stages[] = {"norwood-1", "ludwig-1", "ludwig-2", "ludwig-3"};
  const double ppi = 100.0, ppmm = ppi / MM_PER_INCH, origin_y = 1500.0;
  for (gsize v = 0; v < G_N_ELEMENTS(views); v++) {
    gboolean front = v == 0;
    GeglRectangle column = {20, (int)(origin_y - 200.0 * ppmm), 1, (int)(280.0 * ppmm)};
    double line[4], behind[4];
    for (int s = 0; s < 4; s++) {
      GeglNode *graph, *node = smp_test_hairline_node(&graph, ppi, 20.5, origin_y);
      gegl_node_set(node, "view", smp_test_nick(OP, "view", views[v]), "pattern",
                    smp_test_nick(OP, "pattern", stages[s]), NULL);
      float *alpha = smp_test_render_alpha(node, &column, 0);
      /* Front: hair above the line (walk down from the top); top: hair behind it (walk up). */
      double fall = front ? smp_test_first_fall(alpha, column.height, 1, 0.5) : NAN;
      if (!front)
        for (int y = 0; y + 1 < column.height; y++)
          if (alpha[y] < 0.5 && alpha[y + 1] >= 0.5) {
            fall = y + 0.5 + (0.5 - alpha[y]) / (alpha[y + 1] - alpha[y]);
            break;
          }
      g_assert_false(isnan(fall));
      line[s] = fall / ppmm;
      if (front && s == 0)
        g_assert_cmpfloat(fabs((origin_y - column.y - fall) / ppmm - 70.0), <=, 0.3);
      /* The band from the 99 % point (4 mm into the hair) to 7 mm behind the line: kept. */
      double band_min = 1.0;
      for (double d = 4.5; d <= 7.0; d += 0.25) {
        int y = (int)(fall + (front ? -d : d) * ppmm);
        band_min = MIN(band_min, alpha[y]);
      }
      g_assert_cmpfloat(band_min, >=, 0.99);
      /* Further back: 60 mm behind the line (front view: above it). */
      int y = (int)(fall + (front ? -60.0 : 60.0) * ppmm);
      behind[s] = alpha[y];
      g_free(alpha);
      g_object_unref(graph);
    }
    g_test_message("%s view: midline line shift %.3f / %.3f / %.3f mm, density 60 mm behind "
                   "%.2f / %.2f / %.2f / %.2f",
                   views[v], line[1] - line[0], line[2] - line[0], line[3] - line[0], behind[0],
                   behind[1], behind[2], behind[3]);
    for (int s = 1; s < 4; s++)
      g_assert_cmpfloat(fabs(line[s] - line[0]), <=, 0.05);
    g_assert_cmpfloat(behind[0], >=, 0.99);
    g_assert_cmpfloat(behind[1], <, 0.9);
    g_assert_cmpfloat(behind[2], <, behind[1] - 0.1);
    g_assert_cmpfloat(behind[3], <, behind[2] - 0.1);
  }
}

/* ---- side view ------------------------------------------------------------------------------ */

/* The side view's front edge of hair at each height: the largest x (right view: towards the face)
 * of the 50 % crossing walking from the face backwards, in mm ahead of the ear canal. */
static void
side_front_edges(GeglNode *node, double ppmm, double origin_x, double origin_y, double z_lo,
                 double z_hi, double *edges, int n)
{
  GeglRectangle roi = {(int)(origin_x - 20.0 * ppmm), 0, (int)(120.0 * ppmm), 1};
  for (int i = 0; i < n; i++) {
    double z = z_lo + (z_hi - z_lo) * i / (n - 1);
    roi.y = (int)floor(origin_y - z * ppmm);
    float *alpha = smp_test_render_alpha(node, &roi, 0);
    edges[i] = NAN;
    for (int x = roi.width - 2; x >= 0; x--)
      if (alpha[x] >= 0.5 && alpha[x + 1] < 0.5) {
        edges[i] =
            (roi.x + x + 0.5 + (alpha[x] - 0.5) / (alpha[x] - alpha[x + 1]) - origin_x) / ppmm;
        break;
      }
    g_free(alpha);
  }
}

/* In profile the temporal hair points forwards at the temple point, between the frontotemporal
 * angle and the sideburn; the left view is the right one mirrored. */
static void
test_side_temple_peak(void)
{
  const double ppi = 100.0, ppmm = ppi / MM_PER_INCH, origin_x = 600.5, origin_y = 800.0;
  const int n = 121;
  double edges[121];
  GeglNode *graph, *node = smp_test_hairline_node(&graph, ppi, origin_x, origin_y);
  gegl_node_set(node, "view", smp_test_nick(OP, "view", "right"), "transition", 2.0, NULL);
  /* The ear canal, from the op's own landmark (the origin is the glabella). */
  SmpHairlineParams params;
  smp_hairline_params_init(&params);
  params.view = SMP_HAIRLINE_VIEW_RIGHT;
  params.ppi = ppi;
  params.origin_x = origin_x;
  params.origin_y = origin_y;
  SmpHairline *hairline = smp_hairline_new(&params, NULL);
  double ear_u, ear_v, ear_x, ear_y;
  g_assert_true(smp_hairline_landmark(hairline, SMP_HAIRLINE_LANDMARK_EAR_CANAL, &ear_u, &ear_v));
  smp_hairline_image_position(hairline, ear_u, ear_v, &ear_x, &ear_y);
  smp_hairline_unref(hairline);
  g_test_message("side view: the ear canal %.1f mm behind and %.1f mm below the glabella", -ear_u,
                 -ear_v);
  side_front_edges(node, ppmm, ear_x, ear_y, 0.0, 120.0, edges, n);
  /* The peak: the foremost edge between the sideburn's top (35 mm above the ear canal) and the
   * angle. */
  int peak = -1;
  for (int i = 0; i < n; i++) {
    double z = 120.0 * i / (n - 1);
    if (z > 40.0 && z < 100.0 && !isnan(edges[i]) && (peak < 0 || edges[i] > edges[peak]))
      peak = i;
  }
  g_assert_cmpint(peak, >=, 0);
  double z_peak = 120.0 * peak / (n - 1);
  double below = edges[(int)(peak - 25.0 * (n - 1) / 120.0)];
  double above = edges[(int)(peak + 20.0 * (n - 1) / 120.0)];
  g_test_message("side view: temple point %.1f mm ahead of the ear canal at %.1f mm up; the edge "
                 "is at %.1f mm 25 mm lower and %.1f mm 20 mm higher; sideburn at %.1f mm",
                 edges[peak], z_peak, below, above, edges[(int)(10.0 * (n - 1) / 120.0)]);
  g_assert_cmpfloat(edges[peak], >, below + 8.0);
  g_assert_cmpfloat(edges[peak], >, above + 4.0);
  /* The sideburn runs straight down in front of the ear. */
  g_assert_cmpfloat(fabs(edges[(int)(10.0 * (n - 1) / 120.0)] - 14.0), <, 1.5);

  /* The left view is the mirror image about the ear canal (on a pixel edge here). */
  GeglRectangle roi = {0, (int)(origin_y - 140.0 * ppmm), 2 * (int)(130.0 * ppmm),
                       (int)(230.0 * ppmm)};
  roi.x = 600 - roi.width / 2;
  gegl_node_set(node, "origin-x", 600.0, NULL);
  float *right = smp_test_render_alpha(node, &roi, 0);
  gegl_node_set(node, "view", smp_test_nick(OP, "view", "left"), NULL);
  float *left = smp_test_render_alpha(node, &roi, 0);
  double worst = 0.0, sum = 0.0;
  for (int y = 0; y < roi.height; y++)
    for (int x = 0; x < roi.width; x++) {
      worst = MAX(worst, fabs(right[(gsize)y * roi.width + x] -
                              left[(gsize)y * roi.width + roi.width - 1 - x]));
      sum += right[(gsize)y * roi.width + x];
    }
  g_assert_cmpfloat(sum, >, 1000.0);
  g_assert_cmpfloat(worst, <=, 1e-6);
  g_free(right);
  g_free(left);
  g_object_unref(graph);
}

/* The top view's outline marks the whorl where it sits, and its turn: a counter-clockwise whorl
 * on the midline draws the mirror image of a clockwise one. */
static void
test_whorl_mark(void)
{
  const double ppi = 200.0, ppmm = ppi / MM_PER_INCH, origin_x = 400.0, origin_y = 200.0;
  GeglRectangle roi = {(int)(origin_x - 15.0 * ppmm), (int)(origin_y + 45.0 * ppmm),
                       2 * (int)(15.0 * ppmm), (int)(35.0 * ppmm)};
  roi.x = (int)origin_x - roi.width / 2;
  float *mark[2];
  for (int k = 0; k < 2; k++) {
    GeglNode *graph, *node = smp_test_hairline_node(&graph, ppi, origin_x, origin_y);
    gegl_node_set(node, "view", smp_test_nick(OP, "view", "top"), "output-mode",
                  smp_test_nick(OP, "output-mode", "outline"), "whorl-side", 0.0, "whorl-behind",
                  62.5, "whorl-clockwise", k == 0, NULL);
    mark[k] = smp_test_render_alpha(node, &roi, 0);
    g_object_unref(graph);
  }
  double ink = 0.0, worst = 0.0, apart = 0.0;
  for (int y = 0; y < roi.height; y++)
    for (int x = 0; x < roi.width; x++) {
      float a = mark[0][(gsize)y * roi.width + x];
      ink += a;
      worst = MAX(worst, fabs(a - mark[1][(gsize)y * roi.width + roi.width - 1 - x]));
      apart = MAX(apart, fabs(a - mark[1][(gsize)y * roi.width + x]));
    }
  /* The centre dot sits 62.5 mm behind the ear-canal line. */
  int cx = (int)origin_x - roi.x, cy = (int)(origin_y + 62.5 * ppmm) - roi.y;
  g_test_message("whorl mark: %.0f px of ink; mirror difference %.2g", ink, worst);
  g_assert_cmpfloat(mark[0][(gsize)cy * roi.width + cx], >, 0.5);
  g_assert_cmpfloat(ink, >, 200.0);
  g_assert_cmpfloat(worst, <=, 1e-6);
  g_assert_cmpfloat(apart, >, 0.5);
  g_free(mark[0]);
  g_free(mark[1]);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  g_test_add_func("/hairline-mask/stages-grow", test_stages_grow);
  g_test_add_func("/hairline-mask/stage-probes", test_stage_probes);
  g_test_add_func("/hairline-mask/client-independent-of-design", test_client_independent_of_design);
  g_test_add_func("/hairline-mask/norwood-recession-landmark", test_norwood_recession_landmark);
  g_test_add_func("/hairline-mask/ludwig-keeps-frontal-line", test_ludwig_keeps_frontal_line);
  g_test_add_func("/hairline-mask/side-temple-peak", test_side_temple_peak);
  g_test_add_func("/hairline-mask/whorl-mark", test_whorl_mark);
  return smp_test_gegl_exit(g_test_run());
}
