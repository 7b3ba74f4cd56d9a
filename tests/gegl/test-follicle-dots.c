/* smp:follicle-dots measured on rendered pixels, where the units are: density, spacing, no
 * repetition, nested sessions, density maps and the edge cases of empty and huge layers. Dots are
 * found as blobs in the output (smp-test-gegl.h). */
#include "smp-test-gegl.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>

#define OP "smp:follicle-dots"

/* ---- density and spacing ------------------------------------------------------------------ */

/* Weight of a position t (mm) across a 20 mm side: 1 inside, falling to 0 at the side's ends over
 * TAPER_MM with a raised cosine. A hard-edged count fluctuates with the dots that happen to sit on
 * the boundary (about ±3 % even for a perfect lattice at these sizes); a tapered window measures
 * the density itself. */
#define SIDE_MM 20.0
#define TAPER_MM 4.0

static double
taper(double t)
{
  if (t <= 0.0 || t >= SIDE_MM)
    return 0.0;
  double edge = MIN(t, SIDE_MM - t);
  return edge >= TAPER_MM ? 1.0 : 0.5 - 0.5 * cos(G_PI * edge / TAPER_MM);
}

/* Density measured over 20 x 20 mm areas, from dots found in a render with a margin so that no
 * measured dot is clipped. */
static void
test_density(void)
{
  const double ppi = 600.0, px = ppi / MM_PER_INCH;
  const double densities[] = {30.0, 70.0, 110.0, 160.0};
  const int seeds[] = {1, 2, 3};
  /* Integral of the window: (SIDE - TAPER)^2 mm², in cm². */
  const double window_cm2 = (SIDE_MM - TAPER_MM) * (SIDE_MM - TAPER_MM) / 100.0;
  double worst = 0.0, worst_count = 0.0, sum_count_error = 0.0;
  int runs = 0;
  for (guint d = 0; d < G_N_ELEMENTS(densities); d++)
    for (guint s = 0; s < G_N_ELEMENTS(seeds); s++) {
      GeglNode *graph, *node = smp_test_dots_node(&graph, ppi, densities[d]);
      gegl_node_set(node, "seed", seeds[s], NULL);
      const double origin = 5.0 * px;
      GeglRectangle roi = smp_test_mm_rect(ppi, 4.0, 4.0, SIDE_MM + 2.0, SIDE_MM + 2.0);
      GArray *blobs = smp_test_render_blobs(node, &roi, 0);
      int count = 0;
      double weighted = 0.0;
      for (guint i = 0; i < blobs->len; i++) {
        const SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
        double x = (b->x - origin) / px, y = (b->y - origin) / px;
        count += x >= 0.0 && x < SIDE_MM && y >= 0.0 && y < SIDE_MM;
        weighted += taper(x) * taper(y);
      }
      double measured = weighted / window_cm2, error = fabs(measured - densities[d]) / densities[d];
      double count_error = (count - densities[d] * 4.0) / (densities[d] * 4.0);
      g_test_message("density %.0f seed %d: %.2f FU/cm² (error %.2f %%); hard count %d in 4 cm² "
                     "(%+.2f %%)",
                     densities[d], seeds[s], measured, 100.0 * error, count, 100.0 * count_error);
      worst = MAX(worst, error);
      worst_count = MAX(worst_count, fabs(count_error));
      sum_count_error += count_error;
      runs++;
      g_array_unref(blobs);
      g_object_unref(graph);
    }
  g_test_message("worst density error %.2f %%; hard counts: worst %.2f %%, mean %+.2f %%",
                 100.0 * worst, 100.0 * worst_count, 100.0 * sum_count_error / runs);
  g_assert_cmpfloat(worst, <=, 0.02);
  /* Hard-edged counts have no bias either. */
  g_assert_cmpfloat(fabs(sum_count_error / runs), <=, 0.02);
}

/* Smallest centroid distance over the dots of a 20 x 20 mm area, normalised by the hexagonal
 * spacing r_max = sqrt(2 / (sqrt(3) N)) of the requested density (Lagae & Dutré). */
static void
test_min_distance(void)
{
  const double ppi = 600.0, densities[] = {50.0, 80.0, 120.0};
  for (guint d = 0; d < G_N_ELEMENTS(densities); d++) {
    GeglNode *graph, *node = smp_test_dots_node(&graph, ppi, densities[d]);
    GeglRectangle roi = smp_test_mm_rect(ppi, 0.0, 0.0, 20.0, 20.0);
    GArray *blobs = smp_test_render_blobs(node, &roi, 0);
    double min2 = G_MAXDOUBLE;
    for (guint i = 0; i < blobs->len; i++)
      for (guint j = i + 1; j < blobs->len; j++) {
        const SmpTestBlob *a = &g_array_index(blobs, SmpTestBlob, i),
                          *b = &g_array_index(blobs, SmpTestBlob, j);
        if (a->touches_edge || b->touches_edge)
          continue;
        double dx = a->x - b->x, dy = a->y - b->y;
        min2 = MIN(min2, dx * dx + dy * dy);
      }
    double r_min_mm = sqrt(min2) / (ppi / MM_PER_INCH);
    double n_per_mm2 = densities[d] / 100.0;
    double r_max_mm = sqrt(2.0 / (sqrt(3.0) * n_per_mm2));
    double rho = r_min_mm / r_max_mm;
    g_test_message("density %.0f: %u dots, r_min %.3f mm, rho_min %.3f", densities[d], blobs->len,
                   r_min_mm, rho);
    g_assert_cmpuint(blobs->len, >, 100);
    g_assert_cmpfloat(rho, >=, 0.70);
    g_array_unref(blobs);
    g_object_unref(graph);
  }
}

/* Looks for a translated copy of the dots of a 10 x 10 mm window anywhere within 100 mm. The
 * pattern's period is the tile side sqrt(32768 / N) cm; at the densest setting (200 FU/cm²) that
 * is 128 mm, and the same search must find the copy there, which shows the search works. */
static void
test_no_repetition(void)
{
  const double ppi = 200.0, density = 200.0, px = ppi / MM_PER_INCH;
  GeglNode *graph, *node = smp_test_dots_node(&graph, ppi, density);
  gegl_node_set(node, "dot-size", 0.3, NULL);
  smp_test_uniform_dots(node);
  GeglRectangle roi = smp_test_mm_rect(ppi, 0.0, 0.0, 145.0, 112.0);
  GArray *blobs = smp_test_render_blobs(node, &roi, 0);

  /* Grid hash of centroids for lookups within one pixel. */
  const int cell = 4, cols = roi.width / cell + 1, rows = roi.height / cell + 1;
  GPtrArray **grid = g_new0(GPtrArray *, (gsize)cols * rows);
  for (guint i = 0; i < blobs->len; i++) {
    SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
    int k = (int)(b->y / cell) * cols + (int)(b->x / cell);
    if (!grid[k])
      grid[k] = g_ptr_array_new();
    g_ptr_array_add(grid[k], b);
  }

  GArray *window = g_array_new(FALSE, FALSE, sizeof(SmpTestBlob));
  for (guint i = 0; i < blobs->len; i++) {
    SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
    if (b->x > 1.0 * px && b->x < 11.0 * px && b->y > 1.0 * px && b->y < 11.0 * px)
      g_array_append_val(window, *b);
  }
  g_assert_cmpuint(window->len, >, 150);

  const SmpTestBlob *anchor = &g_array_index(window, SmpTestBlob, 0);
  double best_near = 0.0, period_match = 0.0;
  for (guint i = 0; i < blobs->len; i++) {
    const SmpTestBlob *c = &g_array_index(blobs, SmpTestBlob, i);
    double tx = c->x - anchor->x, ty = c->y - anchor->y, dist_mm = hypot(tx, ty) / px;
    if (dist_mm < 0.5)
      continue;
    int matched = 0;
    for (guint k = 0; k < window->len; k++) {
      const SmpTestBlob *w = &g_array_index(window, SmpTestBlob, k);
      double x = w->x + tx, y = w->y + ty;
      int gx = (int)(x / cell), gy = (int)(y / cell);
      gboolean hit = FALSE;
      for (int dy = -1; dy <= 1 && !hit; dy++)
        for (int dx = -1; dx <= 1 && !hit; dx++) {
          int cx = gx + dx, cy = gy + dy;
          if (cx < 0 || cy < 0 || cx >= cols || cy >= rows || !grid[cy * cols + cx])
            continue;
          GPtrArray *list = grid[cy * cols + cx];
          for (guint m = 0; m < list->len && !hit; m++) {
            const SmpTestBlob *o = g_ptr_array_index(list, m);
            hit = hypot(o->x - x, o->y - y) < 0.5;
          }
        }
      matched += hit;
    }
    double fraction = (double)matched / window->len;
    if (dist_mm <= 100.0)
      best_near = MAX(best_near, fraction);
    else
      period_match = MAX(period_match, fraction);
  }
  g_test_message("best match of a 10 mm window within 100 mm: %.1f %%; beyond: %.1f %%",
                 100.0 * best_near, 100.0 * period_match);
  /* Chance alignments of single dots stay far below a copy's near-total match. */
  g_assert_cmpfloat(best_near, <, 0.5);
  g_assert_cmpfloat(period_match, >, 0.9);

  for (gsize k = 0; k < (gsize)cols * rows; k++)
    if (grid[k])
      g_ptr_array_unref(grid[k]);
  g_free(grid);
  g_array_unref(window);
  g_array_unref(blobs);
  g_object_unref(graph);
}

/* ---- sessions ------------------------------------------------------------------------------ */

static void
test_nesting(void)
{
  const double ppi = 600.0, coverages[] = {0.3, 0.7, 1.0};
  GeglRectangle roi = smp_test_mm_rect(ppi, 0.0, 0.0, 20.0, 20.0);
  float *alpha[3];
  guint counts[3];
  for (int c = 0; c < 3; c++) {
    GeglNode *graph, *node = smp_test_dots_node(&graph, ppi, 80.0);
    gegl_node_set(node, "coverage", coverages[c], NULL);
    alpha[c] = smp_test_render_alpha(node, &roi, 0);
    GArray *blobs = smp_test_find_blobs(alpha[c], roi.width, roi.height, roi.x, roi.y, 0.01f);
    counts[c] = blobs->len;
    g_array_unref(blobs);
    g_object_unref(graph);
  }
  g_test_message("dots at coverage 0.3/0.7/1.0: %u %u %u", counts[0], counts[1], counts[2]);
  /* Every dot of a lower coverage is in the higher ones, unchanged: alpha never decreases. */
  gsize n = (gsize)roi.width * roi.height, lower = 0;
  for (gsize i = 0; i < n; i++)
    lower += alpha[0][i] > alpha[1][i] || alpha[1][i] > alpha[2][i];
  g_assert_cmpuint(lower, ==, 0);
  for (int c = 0; c < 2; c++) {
    double fraction = (double)counts[c] / counts[2];
    g_assert_cmpfloat(fabs(fraction - coverages[c]), <, 0.04);
  }
  for (int c = 0; c < 3; c++)
    g_free(alpha[c]);
}

/* ---- density maps --------------------------------------------------------------------------- */

/* An input whose alpha is 1 on the left half and 0.5 on the right (or luminance 1 / 0.5). */
static GeglNode *
half_map(GeglNode *graph, int width, int height, const char *left, const char *right)
{
  GeglNode *l =
      gegl_node_new_child(graph, "operation", "gegl:color", "value", smp_test_color(left), NULL);
  GeglNode *lc = gegl_node_new_child(graph, "operation", "gegl:crop", "width", width / 2.0,
                                     "height", (double)height, NULL);
  GeglNode *r =
      gegl_node_new_child(graph, "operation", "gegl:color", "value", smp_test_color(right), NULL);
  GeglNode *rc = gegl_node_new_child(graph, "operation", "gegl:crop", "x", width / 2.0, "width",
                                     width / 2.0, "height", (double)height, NULL);
  GeglNode *over = gegl_node_new_child(graph, "operation", "gegl:over", NULL);
  gegl_node_link_many(r, rc, over, NULL);
  gegl_node_link(l, lc);
  gegl_node_connect(lc, "output", over, "aux");
  return over;
}

static void
test_density_map(void)
{
  const double ppi = 600.0, px = ppi / MM_PER_INCH;
  const int w = (int)(40.0 * px), h = (int)(20.0 * px);
  const char *sources[] = {"input-alpha", "input-luminance"};
  const char *right[] = {"rgba(0,0,0,0.5)", "#808080"}; /* Y' = 0.5 */
  for (int s = 0; s < 2; s++) {
    GeglNode *graph = gegl_node_new();
    GeglNode *map = half_map(graph, w, h, s ? "white" : "black", right[s]);
    GeglNode *dots = gegl_node_new_child(
        graph, "operation", "smp:follicle-dots", "ppi", ppi, "density", 80.0, "seed", 9,
        "density-source", smp_test_nick(OP, "density-source", sources[s]), "output-mode",
        smp_test_nick(OP, "output-mode", "dots"), NULL);
    smp_test_uniform_dots(dots);
    /* Whole dots of one size on both sides: the hairline zone's grading, which sizes units by
     * the local density, is measured in test-follicle-dots-zone.c. */
    gegl_node_set(dots, "graded-zone", FALSE, NULL);
    gegl_node_link(map, dots);
    GeglRectangle roi = {0, 0, w, h};
    GArray *blobs = smp_test_render_blobs(dots, &roi, 0);
    int left = 0, right_n = 0;
    double min_d = G_MAXDOUBLE, max_d = 0.0;
    for (guint i = 0; i < blobs->len; i++) {
      const SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
      if (b->touches_edge)
        continue;
      if (b->x < w / 2.0)
        left++;
      else
        right_n++;
      /* No dot is cut by the map's edge: all have the full size. */
      min_d = MIN(min_d, smp_test_blob_diameter(b));
      max_d = MAX(max_d, smp_test_blob_diameter(b));
    }
    double ratio = (double)right_n / left;
    g_test_message("%s: %d dots at fraction 1, %d at 0.5 (ratio %.3f); diameters %.2f-%.2f px",
                   sources[s], left, right_n, ratio, min_d, max_d);
    g_assert_cmpfloat(fabs(ratio - 0.5), <, 0.06);
    g_assert_cmpfloat(max_d / min_d, <, 1.1);
    g_array_unref(blobs);
    g_object_unref(graph);
  }
}

/* ---- edge cases ----------------------------------------------------------------------------- */

static void
test_empty(void)
{
  GeglRectangle roi = {0, 0, 200, 200};
  const char *props[] = {"density", "coverage"};
  for (int p = 0; p < 2; p++)
    for (int stencil = 0; stencil < 2; stencil++) {
      GeglNode *graph, *node = smp_test_dots_node(&graph, 600.0, 80.0);
      gegl_node_set(node, props[p], 0.0, "output-mode",
                    smp_test_nick(OP, "output-mode", stencil ? "stencil" : "dots"), NULL);
      float *rgba = smp_test_render(node, &roi, 0, "RGBA float");
      for (gsize i = 0; i < (gsize)roi.width * roi.height; i++) {
        if (stencil)
          g_assert_cmpfloat(rgba[4 * i], ==, 1.0f);
        else
          g_assert_cmpfloat(rgba[4 * i + 3], ==, 0.0f);
      }
      g_free(rgba);
      g_object_unref(graph);
    }
}

static glong
max_rss_kb(void)
{
  struct rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/* A 30000 x 30000 layer: its far corner renders like the plane without an input, with bounded
 * memory; a 1 x 1 layer renders its one pixel. */
static void
test_extreme_sizes(void)
{
  GeglNode *graph = gegl_node_new();
  GeglNode *layer = gegl_node_new_child(graph, "operation", "gegl:color", "value",
                                        smp_test_color("transparent"), NULL);
  GeglNode *crop = gegl_node_new_child(graph, "operation", "gegl:crop", "width", 30000.0, "height",
                                       30000.0, NULL);
  GeglNode *dots = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0,
                                       "density", 110.0, "seed", 11, "output-mode",
                                       smp_test_nick(OP, "output-mode", "dots"), NULL);
  gegl_node_link_many(layer, crop, dots, NULL);
  GeglRectangle box = gegl_node_get_bounding_box(dots);
  g_assert_cmpint(box.width, ==, 30000);
  g_assert_cmpint(box.height, ==, 30000);

  GeglNode *plane_graph, *plane = smp_test_op_new(&plane_graph, "smp:follicle-dots", "ppi", 600.0,
                                                  "density", 110.0, "seed", 11, "output-mode",
                                                  smp_test_nick(OP, "output-mode", "dots"), NULL);
  glong before = max_rss_kb();
  GeglRectangle corner = {29744, 29744, 256, 256};
  guint8 *a = smp_test_render(dots, &corner, 0, "R'G'B'A u8");
  guint8 *b = smp_test_render(plane, &corner, 0, "R'G'B'A u8");
  g_assert_true(memcmp(a, b, 256 * 256 * 4) == 0);
  gsize inked = 0;
  for (gsize i = 0; i < 256 * 256; i++)
    inked += a[4 * i + 3] > 128;
  g_assert_cmpuint(inked, >, 100);
  glong grown_mb = (max_rss_kb() - before) / 1024;
  g_test_message("far corner of a 30000 px layer: resident memory grew %ld MB", grown_mb);
  g_assert_cmpint(grown_mb, <, 64);
  g_free(a);
  g_free(b);

  /* Outside the layer there is nothing. */
  GeglRectangle outside = {30000, 30000, 16, 16};
  guint8 *o = smp_test_render(dots, &outside, 0, "R'G'B'A u8");
  for (gsize i = 0; i < 16 * 16; i++)
    g_assert_cmpuint(o[4 * i + 3], ==, 0);
  g_free(o);
  g_object_unref(graph);

  /* 1 x 1 layer, covered by a dot centre at one place and empty at another. */
  GeglRectangle big = {0, 0, 200, 200};
  float *ref = smp_test_render_alpha(plane, &big, 0);
  gsize inside = 0;
  while (ref[inside] < 0.5f)
    inside++;
  for (int k = 0; k < 2; k++) {
    gsize i = k ? inside : 0;
    GeglNode *g1 = gegl_node_new();
    GeglNode *c1 = gegl_node_new_child(g1, "operation", "gegl:color", "value",
                                       smp_test_color("transparent"), NULL);
    GeglNode *k1 = gegl_node_new_child(g1, "operation", "gegl:crop", "x", (double)(i % 200), "y",
                                       (double)(i / 200), "width", 1.0, "height", 1.0, NULL);
    GeglNode *d1 = gegl_node_new_child(g1, "operation", "smp:follicle-dots", "ppi", 600.0,
                                       "density", 110.0, "seed", 11, "output-mode",
                                       smp_test_nick(OP, "output-mode", "dots"), NULL);
    gegl_node_link_many(c1, k1, d1, NULL);
    GeglRectangle px1 = {(int)(i % 200), (int)(i / 200), 1, 1};
    float *p = smp_test_render_alpha(d1, &px1, 0);
    g_assert_cmpfloat(p[0], ==, ref[i]);
    g_free(p);
    g_object_unref(g1);
  }
  g_free(ref);
  g_object_unref(plane_graph);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  /* First, so that the resident-memory measurement starts from a small process. */
  g_test_add_func("/follicle-dots/extreme-sizes", test_extreme_sizes);
  g_test_add_func("/follicle-dots/density", test_density);
  g_test_add_func("/follicle-dots/min-distance", test_min_distance);
  g_test_add_func("/follicle-dots/no-repetition", test_no_repetition);
  g_test_add_func("/follicle-dots/nesting", test_nesting);
  g_test_add_func("/follicle-dots/density-map", test_density_map);
  g_test_add_func("/follicle-dots/empty", test_empty);
  return smp_test_gegl_exit(g_test_run());
}
