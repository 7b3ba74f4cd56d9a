/* smp:hairline-mask measured on rendered pixels: where the design line lies, how wide the
 * transition is, symmetry, the reach of irregularity, the shapes, the outline, bad input, and
 * independence of tiling, threads and mipmap level. The hair-loss stages and the side view are in
 * test-hairline-stages.c. */
#include "smp-hairline.h"
#include "smp-test-gegl.h"

#include <math.h>
#include <string.h>

#define OP "smp:hairline-mask"
#define PEAK_DEPTH SMP_HAIRLINE_PEAK_DEPTH
#define M_RECESSION_FACTOR SMP_HAIRLINE_M_RECESSION_FACTOR

static const char *const all_shapes[] = {"natural",    "straight", "rounded",
                                         "widow-peak", "m-shape",  "broken"};

/* ---- the design line ------------------------------------------------------------------------ */

/* The midline 50 % crossing lies at hairline-height, for every shape, several heights, resolutions
 * and transition widths. */
static void
test_midline_height(void)
{
  const double heights[] = {40.0, 63.0, 80.0, 112.0, 140.0}, ppis[] = {72.0, 150.0, 300.0, 600.0};
  const double transitions[] = {0.0, 8.0, 30.0};
  double worst = 0.0;
  int measured = 0;
  for (gsize s = 0; s < G_N_ELEMENTS(all_shapes); s++)
    for (gsize k = 0; k < G_N_ELEMENTS(heights); k++)
      for (gsize r = 0; r < G_N_ELEMENTS(ppis); r++)
        for (gsize t = 0; t < G_N_ELEMENTS(transitions); t++) {
          /* Every transition for the natural shape, the default one for the others. */
          if (s > 0 && transitions[t] != 8.0)
            continue;
          const double ppmm = ppis[r] / MM_PER_INCH, origin_y = 8000.0;
          GeglNode *graph, *node = smp_test_hairline_node(&graph, ppis[r], 20.5, origin_y);
          gegl_node_set(node, "hairline-height", heights[k], "transition", transitions[t], "shape",
                        smp_test_nick(OP, "shape", all_shapes[s]), NULL);
          /* Column 20 has its centre on the midline. */
          double reach = transitions[t] / 2.0 + 12.0;
          int top = (int)floor(origin_y - (heights[k] + reach) * ppmm);
          int bottom = (int)ceil(origin_y - (heights[k] - reach) * ppmm);
          GeglRectangle roi = {20, top, 1, bottom - top};
          float *alpha = smp_test_render_alpha(node, &roi, 0);
          double fall = smp_test_first_fall(alpha, roi.height, 1, 0.5);
          g_assert_false(isnan(fall));
          /* A widow's peak dips below the line at the midline only. */
          double expected = heights[k] - (!strcmp(all_shapes[s], "widow-peak") ? PEAK_DEPTH : 0.0);
          double height = (origin_y - (roi.y + fall)) / ppmm, error = fabs(height - expected);
          if (error > 0.5)
            g_error("%s, %g mm at %g ppi, transition %g: line at %.3f mm", all_shapes[s],
                    heights[k], ppis[r], transitions[t], height);
          worst = MAX(worst, error);
          measured++;
          g_free(alpha);
          g_object_unref(graph);
        }
  g_test_message("midline height: largest error %.4f mm over %d renders", worst, measured);
}

/* The frontotemporal angles sit on the vertical lines through the outer eye corners (temple-width
 * apart) at hairline-height + recession, whatever the shape. */
static void
test_temple_points(void)
{
  const char *shapes[] = {"natural", "straight", "rounded", "m-shape"};
  const double widths[] = {80.0, 95.0, 120.0}, recessions[] = {5.0, 12.0, 25.0};
  const double ppi = 200.0, ppmm = ppi / MM_PER_INCH, origin_x = 600.5, origin_y = 1500.0;
  double worst_side = 0.0, worst_height = 0.0;
  for (gsize s = 0; s < G_N_ELEMENTS(shapes); s++)
    for (gsize w = 0; w < G_N_ELEMENTS(widths); w++)
      for (gsize r = 0; r < G_N_ELEMENTS(recessions); r++) {
        const double depth =
            recessions[r] * (!strcmp(shapes[s], "m-shape") ? M_RECESSION_FACTOR : 1.0);
        const double half = 0.5 * widths[w], angle_height = 80.0 + depth;
        GeglNode *graph, *node = smp_test_hairline_node(&graph, ppi, origin_x, origin_y);
        gegl_node_set(node, "shape", smp_test_nick(OP, "shape", shapes[s]), "temple-width",
                      widths[w], "recession", recessions[r], "transition", 0.0, NULL);
        /* 1 mm below the angle, the forehead (bald) reaches out to the temple line. */
        GeglRectangle row = {(int)origin_x, (int)(origin_y - (angle_height - 1.0) * ppmm),
                             (int)((half + 20.0) * ppmm), 1};
        float *alpha = smp_test_render_alpha(node, &row, 0);
        double edge = NAN;
        for (int x = 0; x + 1 < row.width; x++)
          if (alpha[x] < 0.5 && alpha[x + 1] >= 0.5) {
            edge =
                (row.x + x + 0.5 + (0.5 - alpha[x]) / (alpha[x + 1] - alpha[x]) - origin_x) / ppmm;
            break;
          }
        g_free(alpha);
        /* Around the temple line, the forehead reaches up to the angle and no higher. */
        GeglRectangle patch = {(int)(origin_x + (half - 3.0) * ppmm),
                               (int)(origin_y - (angle_height + 10.0) * ppmm), (int)(6.0 * ppmm),
                               (int)(20.0 * ppmm)};
        alpha = smp_test_render_alpha(node, &patch, 0);
        double top = -G_MAXDOUBLE;
        for (int x = 0; x < patch.width; x++) {
          double fall = smp_test_first_fall(alpha + x, patch.height, patch.width, 0.5);
          if (!isnan(fall))
            top = MAX(top, (origin_y - (patch.y + fall)) / ppmm);
        }
        g_free(alpha);
        if (!(fabs(edge - half) <= 1.0 && fabs(top - angle_height) <= 0.5))
          g_error("%s, temples %g mm apart, recession %g mm: temple line at %.2f mm, angle at "
                  "%.2f mm high",
                  shapes[s], widths[w], recessions[r], edge, top);
        worst_side = MAX(worst_side, fabs(edge - half));
        worst_height = MAX(worst_height, fabs(top - angle_height));
        g_object_unref(graph);
      }
  g_test_message("temple points: within %.2f mm of the eye-corner lines, %.2f mm of their height",
                 worst_side, worst_height);
}

/* With no irregularity or asymmetry the mask is its own mirror image about the midline. */
static void
test_mirror_symmetry(void)
{
  const char *views[] = {"front", "top"};
  const char *patterns[] = {"full", "norwood-3", "norwood-5", "norwood-3a", "ludwig-2"};
  const double ppi = 100.0, ppmm = ppi / MM_PER_INCH;
  double worst = 0.0;
  for (gsize v = 0; v < G_N_ELEMENTS(views); v++)
    for (gsize s = 0; s < G_N_ELEMENTS(all_shapes); s++)
      for (gsize p = 0; p < G_N_ELEMENTS(patterns); p++) {
        /* Leading units of a broken line are scattered at random. */
        if (!strcmp(all_shapes[s], "broken"))
          continue;
        /* The midline runs between columns 349 and 350. */
        GeglNode *graph, *node = smp_test_hairline_node(&graph, ppi, 350.0, 420.0);
        gegl_node_set(node, "view", smp_test_nick(OP, "view", views[v]), "shape",
                      smp_test_nick(OP, "shape", all_shapes[s]), "pattern",
                      smp_test_nick(OP, "pattern", patterns[p]), "asymmetry", 0.0, NULL);
        GeglRectangle roi = {0, (int)(420.0 - 150.0 * ppmm), 700, (int)(260.0 * ppmm)};
        float *alpha = smp_test_render_alpha(node, &roi, 0);
        double sum = 0.0;
        for (int y = 0; y < roi.height; y++)
          for (int x = 0; x < roi.width / 2; x++) {
            const float *row = alpha + (gsize)y * roi.width;
            worst = MAX(worst, fabs(row[x] - row[roi.width - 1 - x]));
            sum += row[x];
          }
        g_assert_cmpfloat(sum, >, 1000.0);
        g_free(alpha);
        g_object_unref(graph);
      }
  g_test_message("mirror symmetry: largest difference %.3g", worst);
  g_assert_cmpfloat(worst, <=, 1e-6);

  /* Asymmetry breaks it: the image-right temple sits higher. */
  GeglNode *graph, *node = smp_test_hairline_node(&graph, ppi, 350.0, 420.0);
  gegl_node_set(node, "asymmetry", 4.0, "transition", 0.0, NULL);
  const double w = 0.5 * 95.0;
  GeglRectangle left = {(int)(350.0 - (w - 5.0) * ppmm), 0, 1, 420};
  GeglRectangle right = {(int)(350.0 + (w - 5.0) * ppmm), 0, 1, 420};
  float *a = smp_test_render_alpha(node, &left, 0), *b = smp_test_render_alpha(node, &right, 0);
  double rise = (smp_test_first_fall(a, 420, 1, 0.5) - smp_test_first_fall(b, 420, 1, 0.5)) / ppmm;
  g_test_message("asymmetry 4 mm: right side %.2f mm higher 5 mm inside the temples", rise);
  g_assert_cmpfloat(rise, >, 2.5);
  g_assert_cmpfloat(rise, <, 4.5);
  g_free(a);
  g_free(b);
  g_object_unref(graph);
}

/* Width of the 1 %..99 % band along a direction: samples `alpha` (w x h, pixel centres at +0.5)
 * bilinearly along p0 + s n, s in pixels. */
static double
bilinear(const float *alpha, int w, int h, double x, double y)
{
  x -= 0.5, y -= 0.5;
  int ix = (int)floor(x), iy = (int)floor(y);
  ix = CLAMP(ix, 0, w - 2), iy = CLAMP(iy, 0, h - 2);
  double fx = x - ix, fy = y - iy;
  const float *r0 = alpha + (gsize)iy * w + ix, *r1 = r0 + w;
  return (1 - fy) * ((1 - fx) * r0[0] + fx * r0[1]) + fy * ((1 - fx) * r1[0] + fx * r1[1]);
}

/* The transition (1 % to 99 %) is as wide as asked, at the midline and along the normal where the
 * line slopes. */
static void
test_transition_width(void)
{
  const double transitions[] = {2.0, 5.0, 8.0, 15.0, 30.0};
  const double ppi = 300.0, ppmm = ppi / MM_PER_INCH, origin_x = 600.5, origin_y = 3000.0;
  double worst = 0.0, worst_slope = 0.0;
  for (gsize t = 0; t < G_N_ELEMENTS(transitions); t++) {
    const double width = transitions[t];
    GeglNode *graph, *node = smp_test_hairline_node(&graph, ppi, origin_x, origin_y);
    gegl_node_set(node, "transition", width, NULL);
    int top = (int)(origin_y - (80.0 + width + 20.0) * ppmm);
    GeglRectangle column = {600, top, 1, (int)((2.0 * width + 40.0) * ppmm)};
    float *alpha = smp_test_render_alpha(node, &column, 0);
    double y1 = smp_test_first_fall(alpha, column.height, 1, 0.01);
    double y99 = smp_test_last_fall(alpha, column.height, 1, 0.99);
    double measured = (y1 - y99) / ppmm;
    worst = MAX(worst, fabs(measured - width) / width);
    if (fabs(measured - width) > 0.1 * width)
      g_error("transition %g mm measures %.3f mm at the midline", width, measured);
    g_free(alpha);

    /* 25 mm off the midline the natural line slopes: measure along its normal. */
    const double side = 25.0 * ppmm, half = 1.0 * ppmm;
    GeglRectangle patch = {(int)(origin_x + side - (width + 20.0) * ppmm), top,
                           (int)((2.0 * width + 40.0) * ppmm), column.height};
    alpha = smp_test_render_alpha(node, &patch, 0);
    double cx = origin_x + side - patch.x;
    int c0 = (int)(cx - half), c1 = (int)(cx + half);
    double y0 = smp_test_first_fall(alpha + c0, patch.height, patch.width, 0.5);
    double y2 = smp_test_first_fall(alpha + c1, patch.height, patch.width, 0.5);
    double yc = 0.5 * (y0 + y2), slope = (y2 - y0) / (c1 - c0);
    g_assert_cmpfloat(fabs(slope), >, 0.2); /* the line does slope here */
    double nx = -slope / sqrt(1 + slope * slope), ny = 1.0 / sqrt(1 + slope * slope);
    double xc = 0.5 * (c0 + c1) + 0.5, s1 = NAN, s99 = NAN;
    double reach = (0.5 * width + 5.0) * ppmm;
    /* Walk from the bald side (+n, down) towards the hair. */
    for (double s = reach; s > -reach; s -= 0.05) {
      double a = bilinear(alpha, patch.width, patch.height, xc + s * nx, yc + s * ny);
      if (isnan(s1) && a >= 0.01)
        s1 = s;
      if (isnan(s99) && a >= 0.99)
        s99 = s;
    }
    double along = (s1 - s99) / ppmm;
    worst_slope = MAX(worst_slope, fabs(along - width) / width);
    if (fabs(along - width) > 0.1 * width)
      g_error("transition %g mm measures %.3f mm along the normal 25 mm off the midline", width,
              along);
    g_free(alpha);
    g_object_unref(graph);
  }
  g_test_message("transition width: largest error %.2f %% at the midline, %.2f %% along the "
                 "normal off the midline",
                 100.0 * worst, 100.0 * worst_slope);
}

/* With irregularity the 50 % contour stays within the documented reach of the regular line (along
 * its normal), moves noticeably, and differs between seeds. */
static void
test_irregularity_band(void)
{
  const double ppi = 150.0, ppmm = ppi / MM_PER_INCH, origin_x = 400.5, origin_y = 1200.0;
  const double levels[] = {0.5, 1.0};
  const int width = (int)(80.0 * ppmm);
  GeglRectangle roi = {(int)(origin_x - 40.0 * ppmm), (int)(origin_y - 115.0 * ppmm), width,
                       (int)(70.0 * ppmm)};
  GeglNode *graph, *node = smp_test_hairline_node(&graph, ppi, origin_x, origin_y);
  float *regular = smp_test_render_alpha(node, &roi, 0);
  double *line = g_new(double, width);
  for (int x = 0; x < width; x++) {
    line[x] = smp_test_first_fall(regular + x, roi.height, roi.width, 0.5);
    g_assert_false(isnan(line[x]));
  }

  for (gsize l = 0; l < G_N_ELEMENTS(levels); l++) {
    SmpHairlineParams params;
    smp_hairline_params_init(&params);
    params.irregularity = levels[l];
    const double reach = smp_hairline_irregularity_reach(&params);
    double first_seed_sum = 0.0;
    for (int seed = 1; seed <= 3; seed++) {
      gegl_node_set(node, "irregularity", levels[l], "seed", seed, NULL);
      float *alpha = smp_test_render_alpha(node, &roi, 0);
      double largest = 0.0, sum = 0.0;
      for (int x = 1; x < width - 1; x++) {
        const float *column = alpha + x;
        double slope = (line[x + 1] - line[x - 1]) / 2.0, cosine = 1.0 / sqrt(1.0 + slope * slope);
        /* Every 50 % crossing in the column, not only the first. */
        for (int y = 0; y + 1 < roi.height; y++) {
          double a = column[(gsize)y * width], b = column[(gsize)(y + 1) * width];
          if ((a - 0.5) * (b - 0.5) >= 0.0 || a == b)
            continue;
          double crossing = y + 0.5 + (a - 0.5) / (a - b);
          double offset = fabs(crossing - line[x]) * cosine / ppmm;
          largest = MAX(largest, offset);
        }
        double first = smp_test_first_fall(column, roi.height, width, 0.5);
        sum += first;
      }
      g_test_message("irregularity %.1f, seed %d: 50 %% contour up to %.2f mm from the regular "
                     "line (reach %.2f mm)",
                     levels[l], seed, largest, reach);
      g_assert_cmpfloat(largest, <=, reach + 1.0 / ppmm);
      g_assert_cmpfloat(largest, >, 0.3 * reach);
      if (seed == 1)
        first_seed_sum = sum;
      else
        g_assert_cmpfloat(fabs(sum - first_seed_sum), >, 1.0);
      g_free(alpha);
    }
  }
  g_free(line);
  g_free(regular);
  g_object_unref(graph);
}

/* ---- shapes --------------------------------------------------------------------------------- */

/* The design line's height at lateral positions u (mm), front view, no transition. */
static void
line_heights(const char *shape, const double *u, int n, double *heights)
{
  const double ppi = 200.0, ppmm = ppi / MM_PER_INCH, origin_x = 800.0, origin_y = 1500.0;
  for (int i = 0; i < n; i++) {
    GeglNode *graph, *node = smp_test_hairline_node(&graph, ppi, origin_x, origin_y);
    gegl_node_set(node, "shape", smp_test_nick(OP, "shape", shape), "transition", 0.0, NULL);
    GeglRectangle column = {(int)floor(origin_x + u[i] * ppmm), (int)(origin_y - 140.0 * ppmm), 1,
                            (int)(100.0 * ppmm)};
    float *alpha = smp_test_render_alpha(node, &column, 0);
    double fall = smp_test_first_fall(alpha, column.height, 1, 0.5);
    g_assert_false(isnan(fall));
    heights[i] = (origin_y - column.y - fall) / ppmm;
    g_free(alpha);
    g_object_unref(graph);
  }
}

/* A widow's peak dips at the midline and leaves the rest of the natural line where it is; the
 * M-shape's recessions sit clearly higher than the natural line's. */
static void
test_shapes(void)
{
  const double u[] = {0.0, 10.0, 20.0, 25.0, 30.0, 35.0, 40.0, 45.0};
  const int n = G_N_ELEMENTS(u);
  double natural[8], peak[8], m[8], apart = 0.0, rest = 0.0;
  line_heights("natural", u, n, natural);
  line_heights("widow-peak", u, n, peak);
  line_heights("m-shape", u, n, m);
  for (int i = 0; i < n; i++) {
    if (u[i] >= 0.4 * 47.5 + 1.0)
      rest = MAX(rest, fabs(peak[i] - natural[i]));
    apart = MAX(apart, m[i] - natural[i]);
  }
  g_test_message("widow's peak: tip %.2f mm below the natural line, the rest within %.3f mm; "
                 "M-shape up to %.1f mm above the natural line",
                 natural[0] - peak[0], rest, apart);
  g_assert_cmpfloat(fabs(natural[0] - peak[0] - PEAK_DEPTH), <=, 0.2);
  g_assert_cmpfloat(rest, <=, 0.05);
  g_assert_cmpfloat(apart, >=, 10.0);
}

/* ---- outline -------------------------------------------------------------------------------- */

/* The outline's strokes cross the midline at the design line and at the zone edges. */
static void
test_outline(void)
{
  const double ppi = 600.0, ppmm = ppi / MM_PER_INCH, origin_y = 3000.0, width = 8.0;
  GeglNode *graph, *node = smp_test_hairline_node(&graph, ppi, 20.5, origin_y);
  gegl_node_set(node, "output-mode", smp_test_nick(OP, "output-mode", "outline"), "transition",
                width, "outline-width", 0.5, NULL);
  GeglRectangle column = {20, (int)(origin_y - 100.0 * ppmm), 1, (int)(40.0 * ppmm)};
  float *rgba = smp_test_render(node, &column, 0, "RGBA float");
  /* Stroke centres: alpha-weighted centroids of the runs of ink. */
  double centres[8];
  int strokes = 0;
  for (int y = 0; y < column.height;) {
    if (rgba[4 * y + 3] <= 0.0f) {
      y++;
      continue;
    }
    double mass = 0.0, moment = 0.0;
    for (; y < column.height && rgba[4 * y + 3] > 0.0f; y++) {
      g_assert_cmpfloat(rgba[4 * y], ==, 0.0f); /* black ink */
      mass += rgba[4 * y + 3];
      moment += rgba[4 * y + 3] * (y + 0.5);
    }
    g_assert_cmpint(strokes, <, 8);
    centres[strokes++] = (origin_y - (column.y + moment / mass)) / ppmm;
  }
  g_assert_cmpint(strokes, ==, 3);
  g_test_message("outline strokes at %.3f, %.3f, %.3f mm above the glabella", centres[0],
                 centres[1], centres[2]);
  g_assert_cmpfloat(fabs(centres[0] - (80.0 + width / 2)), <=, 0.1);
  g_assert_cmpfloat(fabs(centres[1] - 80.0), <=, 0.1);
  g_assert_cmpfloat(fabs(centres[2] - (80.0 - width / 2)), <=, 0.1);
  g_free(rgba);
  g_object_unref(graph);
}

/* ---- independence --------------------------------------------------------------------------- */

/* Renders that exercise every part: irregular and broken lines, tilts, stages, outlines. */
static GeglNode *
busy_node(GeglNode **graph, int which, double ppi)
{
  GeglNode *node = smp_test_op_new(graph, OP, "ppi", ppi, "origin-x", 257.0, "origin-y", 611.0,
                                   "seed", 17 + which, NULL);
  switch (which) {
  case 0:
    gegl_node_set(node, "irregularity", 1.0, "shape", smp_test_nick(OP, "shape", "broken"), "angle",
                  11.0, "asymmetry", 3.0, NULL);
    break;
  case 1:
    gegl_node_set(node, "view", smp_test_nick(OP, "view", "top"), "pattern",
                  smp_test_nick(OP, "pattern", "norwood-5"), "irregularity", 0.6, "angle", -35.0,
                  "area", smp_test_nick(OP, "area", "treatment"), NULL);
    break;
  case 2:
    gegl_node_set(node, "output-mode", smp_test_nick(OP, "output-mode", "outline"), "pattern",
                  smp_test_nick(OP, "pattern", "ludwig-2"), "shape",
                  smp_test_nick(OP, "shape", "widow-peak"), "irregularity", 0.4, NULL);
    break;
  case 3:
    gegl_node_set(node, "shape", smp_test_nick(OP, "shape", "m-shape"), "pattern",
                  smp_test_nick(OP, "pattern", "norwood-3"), "transition", 0.0, "irregularity", 0.8,
                  NULL);
    break;
  case 4:
    gegl_node_set(node, "view", smp_test_nick(OP, "view", "right"), "pattern",
                  smp_test_nick(OP, "pattern", "norwood-5"), "area",
                  smp_test_nick(OP, "area", "treatment"), "irregularity", 0.5, "angle", 8.0, NULL);
    break;
  case 5:
    gegl_node_set(node, "view", smp_test_nick(OP, "view", "left"), "output-mode",
                  smp_test_nick(OP, "output-mode", "outline"), "pattern",
                  smp_test_nick(OP, "pattern", "olsen"), NULL);
    break;
  default:
    gegl_node_set(node, "view", smp_test_nick(OP, "view", "top"), "output-mode",
                  smp_test_nick(OP, "output-mode", "outline"), "pattern",
                  smp_test_nick(OP, "pattern", "sinclair-4"), "whorl-clockwise", FALSE, NULL);
    break;
  }
  return node;
}

static void
test_tile_and_thread_independence(void)
{
  const GeglRectangle roi = {-31, -17, 523, 611};
  const gsize bytes = (gsize)roi.width * roi.height * 4 * sizeof(float);
  for (int which = 0; which < 7; which++) {
    GeglNode *graph, *node = busy_node(&graph, which, 60.0);
    float *whole = smp_test_render(node, &roi, 0, "RGBA float");
    float *tiled = smp_test_render_tiled(node, &roi, 0, "RGBA float", 61, 47);
    float *strips = smp_test_render_tiled(node, &roi, 0, "RGBA float", roi.width, 5);
    g_assert_cmpmem(whole, bytes, tiled, bytes);
    g_assert_cmpmem(whole, bytes, strips, bytes);
    smp_test_set_threads(1);
    float *single = smp_test_render(node, &roi, 0, "RGBA float");
    smp_test_set_threads(4);
    float *four = smp_test_render(node, &roi, 0, "RGBA float");
    smp_test_set_threads(2);
    g_assert_cmpmem(whole, bytes, single, bytes);
    g_assert_cmpmem(whole, bytes, four, bytes);
    double ink = 0.0;
    for (gsize i = 3; i < bytes / sizeof(float); i += 4)
      ink += whole[i];
    g_assert_cmpfloat(ink, >, 100.0);
    g_free(whole);
    g_free(tiled);
    g_free(strips);
    g_free(single);
    g_free(four);
    g_object_unref(graph);
  }
}

/* Mipmap level L at ppi P shows the same pixels as level 0 at ppi P / 2^L with the origin scaled
 * alike: geometry scales with the level, byte for byte. */
static void
test_level_independence(void)
{
  const GeglRectangle roi = {-20, -30, 300, 340};
  const gsize bytes = (gsize)roi.width * roi.height * 4 * sizeof(float);
  /* As GIMP does when it shows a zoomed-out view: the op renders the level itself. */
  g_object_set(gegl_config(), "mipmap-rendering", TRUE, NULL);
  for (int which = 0; which < 7; which++)
    for (int level = 1; level <= 2; level++) {
      const double ppi = 120.0, factor = 1 << level;
      GeglNode *graph, *node = busy_node(&graph, which, ppi);
      float *at_level = smp_test_render(node, &roi, level, "RGBA float");
      GeglNode *graph0, *node0 = busy_node(&graph0, which, ppi / factor);
      gegl_node_set(node0, "origin-x", 257.0 / factor, "origin-y", 611.0 / factor, NULL);
      float *scaled = smp_test_render(node0, &roi, 0, "RGBA float");
      g_assert_cmpmem(at_level, bytes, scaled, bytes);
      g_free(at_level);
      g_free(scaled);
      g_object_unref(graph);
      g_object_unref(graph0);
    }
  g_object_set(gegl_config(), "mipmap-rendering", FALSE, NULL);
}

/* ---- bad input ------------------------------------------------------------------------------ */

/* Temples wider than the head: a warning naming the problem and an empty render. */
static void
test_bad_parameters(void)
{
  GeglNode *graph, *node = smp_test_hairline_node(&graph, 100.0, 200.0, 300.0);
  /* Reported once, whether on setting the properties or on rendering. */
  g_test_expect_message(NULL, G_LOG_LEVEL_WARNING, "*temple-width*head-width*");
  gegl_node_set(node, "temple-width", 150.0, "head-width", 155.0, NULL);
  GeglRectangle roi = {0, 0, 400, 300};
  float *alpha = smp_test_render_alpha(node, &roi, 0);
  g_test_assert_expected_messages();
  for (gsize i = 0; i < (gsize)roi.width * roi.height; i++)
    g_assert_cmpfloat(alpha[i], ==, 0.0f);
  g_free(alpha);
  g_object_unref(graph);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  g_test_add_func("/hairline-mask/midline-height", test_midline_height);
  g_test_add_func("/hairline-mask/temple-points", test_temple_points);
  g_test_add_func("/hairline-mask/mirror-symmetry", test_mirror_symmetry);
  g_test_add_func("/hairline-mask/transition-width", test_transition_width);
  g_test_add_func("/hairline-mask/irregularity-band", test_irregularity_band);
  g_test_add_func("/hairline-mask/shapes", test_shapes);
  g_test_add_func("/hairline-mask/outline", test_outline);
  g_test_add_func("/hairline-mask/tile-and-thread-independence", test_tile_and_thread_independence);
  g_test_add_func("/hairline-mask/level-independence", test_level_independence);
  g_test_add_func("/hairline-mask/bad-parameters", test_bad_parameters);
  return smp_test_gegl_exit(g_test_run());
}
