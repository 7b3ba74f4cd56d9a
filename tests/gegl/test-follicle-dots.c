/* smp:follicle-dots measured on rendered pixels: dots are found as blobs in the output and their
 * centroids, sizes and colours compared with the request. */
#include "smp-head.h"
#include "smp-test-gegl.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>

#define MM_PER_INCH 25.4

/* ---- blobs ------------------------------------------------------------------------------- */

typedef struct {
  double x, y; /* alpha-weighted centroid, pixels of the rendered ROI's level, absolute */
  double mass; /* sum of alpha */
  double peak; /* largest alpha */
  int pixels;  /* pixels above the threshold */
  gboolean touches_edge;
} Blob;

/* Connected components (8-neighbourhood) of alpha > threshold in a w x h plane whose top-left
 * pixel is at (x0, y0). */
static GArray *
find_blobs(const float *alpha, int w, int h, int x0, int y0, float threshold)
{
  GArray *blobs = g_array_new(FALSE, FALSE, sizeof(Blob));
  guint8 *seen = g_new0(guint8, (gsize)w * h);
  int *stack = g_new(int, (gsize)w *h);
  for (int start = 0; start < w * h; start++) {
    if (seen[start] || alpha[start] <= threshold)
      continue;
    Blob b = {0};
    double sx = 0, sy = 0;
    int top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top) {
      int i = stack[--top], px = i % w, py = i / w;
      double a = alpha[i];
      b.mass += a;
      sx += a * (px + 0.5);
      sy += a * (py + 0.5);
      b.peak = MAX(b.peak, a);
      b.pixels++;
      if (px == 0 || py == 0 || px == w - 1 || py == h - 1)
        b.touches_edge = TRUE;
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
          int nx = px + dx, ny = py + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h)
            continue;
          int j = ny * w + nx;
          if (!seen[j] && alpha[j] > threshold) {
            seen[j] = 1;
            stack[top++] = j;
          }
        }
    }
    b.x = x0 + sx / b.mass;
    b.y = y0 + sy / b.mass;
    g_array_append_val(blobs, b);
  }
  g_free(seen);
  g_free(stack);
  return blobs;
}

/* Equivalent diameter (pixels) of a blob: the disc whose area, at the blob's peak alpha, holds the
 * blob's total alpha. */
static double
blob_diameter(const Blob *b)
{
  return 2.0 * sqrt(b->mass / (b->peak * G_PI));
}

/* The value of an enum property's nick (GEGL enum properties take the enum value; GIMP and the
 * plug-in pass nicks, which are the API). */
static int
nick(const char *property, const char *value_nick)
{
  GParamSpec *pspec = gegl_operation_find_property("smp:follicle-dots", property);
  g_assert_nonnull(pspec);
  g_assert_true(G_IS_PARAM_SPEC_ENUM(pspec));
  GEnumValue *value = g_enum_get_value_by_nick(G_PARAM_SPEC_ENUM(pspec)->enum_class, value_nick);
  g_assert_nonnull(value);
  return value->value;
}

/* ---- rendering ---------------------------------------------------------------------------- */

static GeglNode *
dots_node(GeglNode **graph, double ppi, double density)
{
  return smp_test_op_new(graph, "smp:follicle-dots", "ppi", ppi, "density", density, "seed", 42,
                         "output-mode", nick("output-mode", "dots"), NULL);
}

static GArray *
render_blobs(GeglNode *node, const GeglRectangle *roi, int level)
{
  float *alpha = smp_test_render_alpha(node, roi, level);
  GArray *blobs = find_blobs(alpha, roi->width, roi->height, roi->x, roi->y, 0.01f);
  g_free(alpha);
  return blobs;
}

static GeglRectangle
mm_rect(double ppi, double x_mm, double y_mm, double w_mm, double h_mm)
{
  double s = ppi / MM_PER_INCH;
  return (GeglRectangle){(int)floor(x_mm * s), (int)floor(y_mm * s), (int)ceil(w_mm * s),
                         (int)ceil(h_mm * s)};
}

/* Dots of one fixed size and darkness, so that each blob can be compared with dot-size. */
static void
set_uniform_dots(GeglNode *node)
{
  gegl_node_set(node, "size-jitter", 0.0, "opacity-jitter", 0.0, "hair-mix-1", 0.0, "hair-mix-2",
                100.0, "hair-mix-3", 0.0, "hair-mix-4", 0.0, NULL);
}

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
      GeglNode *graph, *node = dots_node(&graph, ppi, densities[d]);
      gegl_node_set(node, "seed", seeds[s], NULL);
      const double origin = 5.0 * px;
      GeglRectangle roi = mm_rect(ppi, 4.0, 4.0, SIDE_MM + 2.0, SIDE_MM + 2.0);
      GArray *blobs = render_blobs(node, &roi, 0);
      int count = 0;
      double weighted = 0.0;
      for (guint i = 0; i < blobs->len; i++) {
        const Blob *b = &g_array_index(blobs, Blob, i);
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
    GeglNode *graph, *node = dots_node(&graph, ppi, densities[d]);
    GeglRectangle roi = mm_rect(ppi, 0.0, 0.0, 20.0, 20.0);
    GArray *blobs = render_blobs(node, &roi, 0);
    double min2 = G_MAXDOUBLE;
    for (guint i = 0; i < blobs->len; i++)
      for (guint j = i + 1; j < blobs->len; j++) {
        const Blob *a = &g_array_index(blobs, Blob, i), *b = &g_array_index(blobs, Blob, j);
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
  GeglNode *graph, *node = dots_node(&graph, ppi, density);
  gegl_node_set(node, "dot-size", 0.3, NULL);
  set_uniform_dots(node);
  GeglRectangle roi = mm_rect(ppi, 0.0, 0.0, 145.0, 112.0);
  GArray *blobs = render_blobs(node, &roi, 0);

  /* Grid hash of centroids for lookups within one pixel. */
  const int cell = 4, cols = roi.width / cell + 1, rows = roi.height / cell + 1;
  GPtrArray **grid = g_new0(GPtrArray *, (gsize)cols * rows);
  for (guint i = 0; i < blobs->len; i++) {
    Blob *b = &g_array_index(blobs, Blob, i);
    int k = (int)(b->y / cell) * cols + (int)(b->x / cell);
    if (!grid[k])
      grid[k] = g_ptr_array_new();
    g_ptr_array_add(grid[k], b);
  }

  GArray *window = g_array_new(FALSE, FALSE, sizeof(Blob));
  for (guint i = 0; i < blobs->len; i++) {
    Blob *b = &g_array_index(blobs, Blob, i);
    if (b->x > 1.0 * px && b->x < 11.0 * px && b->y > 1.0 * px && b->y < 11.0 * px)
      g_array_append_val(window, *b);
  }
  g_assert_cmpuint(window->len, >, 150);

  const Blob *anchor = &g_array_index(window, Blob, 0);
  double best_near = 0.0, period_match = 0.0;
  for (guint i = 0; i < blobs->len; i++) {
    const Blob *c = &g_array_index(blobs, Blob, i);
    double tx = c->x - anchor->x, ty = c->y - anchor->y, dist_mm = hypot(tx, ty) / px;
    if (dist_mm < 0.5)
      continue;
    int matched = 0;
    for (guint k = 0; k < window->len; k++) {
      const Blob *w = &g_array_index(window, Blob, k);
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
            const Blob *o = g_ptr_array_index(list, m);
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
  GeglRectangle roi = mm_rect(ppi, 0.0, 0.0, 20.0, 20.0);
  float *alpha[3];
  guint counts[3];
  for (int c = 0; c < 3; c++) {
    GeglNode *graph, *node = dots_node(&graph, ppi, 80.0);
    gegl_node_set(node, "coverage", coverages[c], NULL);
    alpha[c] = smp_test_render_alpha(node, &roi, 0);
    GArray *blobs = find_blobs(alpha[c], roi.width, roi.height, roi.x, roi.y, 0.01f);
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

/* ---- purity: tiling, threads, levels --------------------------------------------------------- */

/* A graph exercising every path: a density map (a radial gradient) as input, composited over it. */
static GeglNode *
rich_node(GeglNode **graph, const char *output, const char *source)
{
  *graph = gegl_node_new();
  GeglNode *map = gegl_node_new_child(*graph, "operation", "gegl:radial-gradient", "start-x", 200.0,
                                      "start-y", 150.0, "end-x", 500.0, "end-y", 150.0, NULL);
  GeglNode *crop = gegl_node_new_child(*graph, "operation", "gegl:crop", "x", -50.0, "y", -40.0,
                                       "width", 700.0, "height", 500.0, NULL);
  GeglNode *dots = gegl_node_new_child(
      *graph, "operation", "smp:follicle-dots", "ppi", 600.0, "density", 90.0, "seed", 5,
      "density-source", nick("density-source", source), "output-mode", nick("output-mode", output),
      "satellites", 0.7, "anisotropy", 0.6, "whorl-x", 300.0, "whorl-y", 200.0, "whorl-radius", 8.0,
      NULL);
  gegl_node_link_many(map, crop, dots, NULL);
  return dots;
}

static void
test_tile_independence(void)
{
  const char *outputs[] = {"dots", "over-input", "stencil"};
  const char *sources[] = {"uniform", "input-luminance", "input-alpha"};
  const char *appearances[] = {"fresh", "healed"};
  GeglRectangle roi = {-37, -21, 600, 420};
  for (guint o = 0; o < G_N_ELEMENTS(outputs); o++)
    for (guint a = 0; a < G_N_ELEMENTS(appearances); a++) {
      GeglNode *graph, *node = rich_node(&graph, outputs[o], sources[(o + a) % 3]);
      gegl_node_set(node, "appearance", nick("appearance", appearances[a]), NULL);
      gsize size = (gsize)roi.width * roi.height * 16;
      guint8 *whole = smp_test_render(node, &roi, 0, "RGBA float");
      guint8 *tiles = smp_test_render_tiled(node, &roi, 0, "RGBA float", 64, 64);
      guint8 *odd = smp_test_render_tiled(node, &roi, 0, "RGBA float", 37, 53);
      gsize differ_tiles = 0, differ_odd = 0;
      for (gsize i = 0; i < size; i += 16) {
        differ_tiles += memcmp(whole + i, tiles + i, 16) != 0;
        differ_odd += memcmp(whole + i, odd + i, 16) != 0;
      }
      g_test_message("%s, %s, density %s: pixels differing from the whole render: %zu in 64 x 64 "
                     "tiles, %zu in 37 x 53 tiles",
                     outputs[o], appearances[a], sources[(o + a) % 3], differ_tiles, differ_odd);
      g_assert_cmpuint(differ_tiles, ==, 0);
      g_assert_cmpuint(differ_odd, ==, 0);
      /* A single pixel equals its pixel in the whole render. */
      GeglRectangle one = {roi.x + 301, roi.y + 177, 1, 1};
      guint8 *pixel = smp_test_render(node, &one, 0, "RGBA float");
      g_assert_true(memcmp(pixel, whole + ((gsize)177 * roi.width + 301) * 16, 16) == 0);
      g_free(pixel);
      g_free(whole);
      g_free(tiles);
      g_free(odd);
      g_object_unref(graph);
    }
}

static void
test_thread_independence(void)
{
  GeglRectangle roi = {0, 0, 1200, 900};
  GeglNode *graph, *node = rich_node(&graph, "over-input", "input-luminance");
  gsize size = (gsize)roi.width * roi.height * 4;
  smp_test_set_threads(1);
  guint8 *one = smp_test_render(node, &roi, 0, "R'G'B'A u8");
  smp_test_set_threads(4);
  guint8 *four = smp_test_render(node, &roi, 0, "R'G'B'A u8");
  smp_test_set_threads(2);
  guint8 *again = smp_test_render(node, &roi, 0, "R'G'B'A u8");
  g_assert_true(memcmp(one, four, size) == 0);
  g_assert_true(memcmp(one, again, size) == 0);
  g_free(one);
  g_free(four);
  g_free(again);
  g_object_unref(graph);
}

/* Mipmap level 1 shows the same dots at half the scale. */
static void
test_level_independence(void)
{
  const double ppi = 1200.0;
  GeglNode *graph, *node = dots_node(&graph, ppi, 70.0);
  set_uniform_dots(node);
  GeglRectangle roi0 = {0, 0, 800, 800}, roi1 = {0, 0, 400, 400};
  GArray *b0 = render_blobs(node, &roi0, 0), *b1 = render_blobs(node, &roi1, 1);
  guint matched = 0, interior = 0;
  double worst = 0.0, d0 = 0.0, d1 = 0.0;
  for (guint i = 0; i < b1->len; i++) {
    const Blob *s = &g_array_index(b1, Blob, i);
    if (s->touches_edge)
      continue;
    interior++;
    d1 += blob_diameter(s);
    double best = G_MAXDOUBLE;
    const Blob *twin = NULL;
    for (guint j = 0; j < b0->len; j++) {
      const Blob *f = &g_array_index(b0, Blob, j);
      double e = hypot(f->x - 2.0 * s->x, f->y - 2.0 * s->y);
      if (e < best)
        best = e, twin = f;
    }
    if (best < 1.0) {
      matched++;
      d0 += blob_diameter(twin);
    }
    worst = MAX(worst, best);
  }
  g_test_message("level 1: %u interior dots, %u at twice-scaled level-0 positions (worst %.2f px),"
                 " diameter ratio %.3f",
                 interior, matched, worst, (d1 / interior) / (d0 / matched));
  g_assert_cmpuint(interior, >, 50);
  g_assert_cmpuint(matched, ==, interior);
  g_assert_cmpfloat(fabs((d1 / interior) / (d0 / matched) - 0.5), <, 0.05);
  g_array_unref(b0);
  g_array_unref(b1);
  g_object_unref(graph);
}

/* ---- dots ---------------------------------------------------------------------------------- */

static void
test_dot_diameter(void)
{
  const double ppis[] = {300.0, 600.0, 1200.0}, sizes[] = {0.18, 0.25, 0.35};
  for (guint p = 0; p < G_N_ELEMENTS(ppis); p++)
    for (guint s = 0; s < G_N_ELEMENTS(sizes); s++) {
      GeglNode *graph, *node = dots_node(&graph, ppis[p], 60.0);
      gegl_node_set(node, "dot-size", sizes[s], NULL);
      set_uniform_dots(node);
      GeglRectangle roi = mm_rect(ppis[p], 0.0, 0.0, 15.0, 15.0);
      GArray *blobs = render_blobs(node, &roi, 0);
      double sum = 0.0, worst = 0.0;
      int n = 0;
      for (guint i = 0; i < blobs->len; i++) {
        const Blob *b = &g_array_index(blobs, Blob, i);
        if (b->touches_edge)
          continue;
        double d_mm = blob_diameter(b) / (ppis[p] / MM_PER_INCH);
        sum += d_mm;
        worst = MAX(worst, fabs(d_mm - sizes[s]) / sizes[s]);
        n++;
      }
      g_test_message("%.0f ppi, dot-size %.2f mm: %d dots, mean %.4f mm, worst error %.1f %%",
                     ppis[p], sizes[s], n, sum / n, 100.0 * worst);
      g_assert_cmpint(n, >, 50);
      g_assert_cmpfloat(worst, <=, 0.10);
      g_array_unref(blobs);
      g_object_unref(graph);
    }

  /* With the default hair mix and jitter, dot-size is the mean diameter. */
  GeglNode *graph, *node = dots_node(&graph, 600.0, 70.0);
  GeglRectangle roi = mm_rect(600.0, 0.0, 0.0, 20.0, 20.0);
  GArray *blobs = render_blobs(node, &roi, 0);
  double sum = 0.0, lo = G_MAXDOUBLE, hi = 0.0;
  int n = 0;
  for (guint i = 0; i < blobs->len; i++) {
    const Blob *b = &g_array_index(blobs, Blob, i);
    if (b->touches_edge)
      continue;
    double d = blob_diameter(b) / (600.0 / MM_PER_INCH);
    sum += d, lo = MIN(lo, d), hi = MAX(hi, d);
    n++;
  }
  g_test_message("default mix: mean diameter %.4f mm (%.3f-%.3f) over %d dots", sum / n, lo, hi, n);
  g_assert_cmpfloat(fabs(sum / n - 0.25) / 0.25, <=, 0.05);
  g_assert_cmpfloat(hi / lo, >, 1.4); /* hair counts and jitter vary the sizes */
  g_array_unref(blobs);
  g_object_unref(graph);
}

/* Healed dots: a Gaussian core with the ink of a disc 0.55 of the fresh diameter (sigma 0.384 of
 * that diameter with the healed softness), over a softer shadow peaking at 0.75 of it. The core's
 * pixels above 0.85 of its peak form a disc of radius 0.57 sigma: 0.24 of the fresh diameter.
 * And bluish, more so on light skin. */
static void
test_healed(void)
{
  const double ppi = 1200.0;
  GeglRectangle roi = mm_rect(ppi, 0.0, 0.0, 10.0, 10.0);
  double diameter[2];
  for (int healed = 0; healed < 2; healed++) {
    GeglNode *graph, *node = dots_node(&graph, ppi, 30.0);
    set_uniform_dots(node);
    gegl_node_set(node, "appearance", nick("appearance", healed ? "healed" : "fresh"), NULL);
    float *alpha = smp_test_render_alpha(node, &roi, 0);
    GArray *blobs = find_blobs(alpha, roi.width, roi.height, roi.x, roi.y, 0.01f);
    double sum = 0.0;
    int n = 0;
    for (guint i = 0; i < blobs->len; i++) {
      const Blob *b = &g_array_index(blobs, Blob, i);
      if (b->touches_edge)
        continue;
      /* Pixels of this blob above 0.85 of its peak: the core, not the shadow. */
      int cx = (int)b->x - roi.x, cy = (int)b->y - roi.y, core = 0, r = 40;
      for (int y = MAX(0, cy - r); y < MIN(roi.height, cy + r); y++)
        for (int x = MAX(0, cx - r); x < MIN(roi.width, cx + r); x++)
          core += alpha[y * roi.width + x] > 0.85f * b->peak;
      sum += 2.0 * sqrt(core / G_PI);
      n++;
    }
    diameter[healed] = sum / n;
    g_array_unref(blobs);
    g_free(alpha);
    g_object_unref(graph);
  }
  double ratio = diameter[1] / diameter[0];
  g_test_message("healed core / fresh diameter %.3f", ratio);
  g_assert_cmpfloat(ratio, >=, 0.20);
  g_assert_cmpfloat(ratio, <=, 0.28);

  /* Colour of the healed dots (output "dots", linear light) for each skin: (blue - red). */
  const char *skins[] = {"#f6ede4", "#604134"}; /* Monk Skin Tone 1 and 8 */
  double tint[2];
  for (int s = 0; s < 2; s++) {
    GeglNode *graph, *node = dots_node(&graph, ppi, 60.0);
    GeglColor *skin = gegl_color_new(skins[s]), *black = gegl_color_new("#000000");
    gegl_node_set(node, "appearance", nick("appearance", "healed"), "skin", skin, "pigment", black,
                  NULL);
    GeglRectangle r = {0, 0, 300, 300};
    float *rgba = smp_test_render(node, &r, 0, "RGBA float");
    gsize best = 0;
    for (gsize i = 0; i < 300 * 300; i++)
      if (rgba[4 * i + 3] > rgba[4 * best + 3])
        best = i;
    g_assert_cmpfloat(rgba[4 * best + 3], >, 0.5);
    tint[s] = rgba[4 * best + 2] - rgba[4 * best + 0];
    g_test_message("skin %s: healed dot colour %.4f %.4f %.4f (blue - red %.4f)", skins[s],
                   rgba[4 * best], rgba[4 * best + 1], rgba[4 * best + 2], tint[s]);
    g_free(rgba);
    g_object_unref(skin);
    g_object_unref(black);
    g_object_unref(graph);
  }
  g_assert_cmpfloat(tint[0], >, 0.01);
  g_assert_cmpfloat(tint[0], >, tint[1] + 0.01);
}

/* CIE L* of a linear-RGB (sRGB primaries) pixel. */
static double
pixel_lightness(const float *rgb)
{
  double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  double f = y > 216.0 / 24389.0 ? cbrt(y) : (24389.0 / 27.0 * y + 16.0) / 116.0;
  return 116.0 * f - 16.0;
}

/* More water, lighter dots: drawn over skin, the dot cores' lightness grows with dilution, and at
 * 20 parts the dot colour lies half-way between pigment and skin in linear light. */
static void
test_dilution(void)
{
  const double waters[] = {0.0, 6.0, 20.0, 40.0};
  const int n_waters = G_N_ELEMENTS(waters);
  const GeglRectangle roi = {0, 0, 300, 300};
  const gsize n = (gsize)roi.width * roi.height;
  GeglColor *skin_color = gegl_color_new("#c8a27c"), *pigment_color = gegl_color_new("#141414");
  float skin[4], pigment[4];
  gegl_color_get_pixel(skin_color, babl_format("RGBA float"), skin);
  gegl_color_get_pixel(pigment_color, babl_format("RGBA float"), pigment);
  double core[G_N_ELEMENTS(waters)];

  for (int w = 0; w < n_waters; w++) {
    GeglNode *graph = gegl_node_new();
    GeglNode *input =
        gegl_node_new_child(graph, "operation", "gegl:color", "value", skin_color, NULL);
    GeglNode *crop =
        gegl_node_new_child(graph, "operation", "gegl:crop", "width", 300.0, "height", 300.0, NULL);
    GeglNode *over =
        gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0, "density", 80.0,
                            "seed", 42, "pigment", pigment_color, "skin", skin_color, "dilution",
                            waters[w], "output-mode", nick("output-mode", "over-input"), NULL);
    GeglNode *dots =
        gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0, "density", 80.0,
                            "seed", 42, "pigment", pigment_color, "skin", skin_color, "dilution",
                            waters[w], "output-mode", nick("output-mode", "dots"), NULL);
    set_uniform_dots(over);
    set_uniform_dots(dots);
    gegl_node_link_many(input, crop, over, NULL);
    float *composite = smp_test_render(over, &roi, 0, "RGBA float");
    float *layer = smp_test_render(dots, &roi, 0, "RGBA float");

    /* Mean lightness over the dot cores (the layer's alpha above 0.9 of its peak). */
    gsize peak = 0;
    for (gsize i = 0; i < n; i++)
      if (layer[4 * i + 3] > layer[4 * peak + 3])
        peak = i;
    double sum = 0.0;
    int cores = 0;
    for (gsize i = 0; i < n; i++)
      if (layer[4 * i + 3] > 0.9f * layer[4 * peak + 3])
        sum += pixel_lightness(composite + 4 * i), cores++;
    g_assert_cmpint(cores, >, 50);
    core[w] = sum / cores;
    g_test_message("dilution %2.0f: dot cores L* %.1f (skin L* %.1f)", waters[w], core[w],
                   pixel_lightness(skin));
    if (waters[w] == 20.0)
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat(fabs(layer[4 * peak + c] - 0.5 * (pigment[c] + skin[c])), <, 1e-4);
    g_free(composite);
    g_free(layer);
    g_object_unref(graph);
  }
  for (int w = 1; w < n_waters; w++)
    g_assert_cmpfloat(core[w], >, core[w - 1] + 2.0);
  g_assert_cmpfloat(core[n_waters - 1], <, pixel_lightness(skin));
  g_object_unref(skin_color);
  g_object_unref(pigment_color);
}

/* ---- outputs and density maps --------------------------------------------------------------- */

static void
test_outputs(void)
{
  GeglRectangle roi = {0, 0, 300, 300};
  GeglNode *graph, *node = dots_node(&graph, 600.0, 80.0);
  float *dots = smp_test_render(node, &roi, 0, "RGBA float");
  gegl_node_set(node, "output-mode", nick("output-mode", "stencil"), NULL);
  float *stencil = smp_test_render(node, &roi, 0, "RGBA float");
  float pigment[4];
  gegl_color_get_pixel(smp_test_color("#1e1e1e"), babl_format("RGBA float"), pigment);
  gsize n = (gsize)roi.width * roi.height, inked = 0, black = 0;
  for (gsize i = 0; i < n; i++) {
    float a = dots[4 * i + 3];
    inked += a > 0.5f;
    /* Stencil: solid black dots on opaque white, at the same places and sizes. */
    g_assert_cmpfloat(stencil[4 * i + 3], ==, 1.0f);
    g_assert_cmpfloat(stencil[4 * i], ==, stencil[4 * i + 2]);
    g_assert_true((a > 0.0f) == (stencil[4 * i] < 1.0f));
    g_assert_cmpfloat(stencil[4 * i], <=, 1.0f - a + 1e-6f);
    black += stencil[4 * i] == 0.0f;
    /* Dots: the pigment colour everywhere, alpha the coverage. */
    g_assert_cmpfloat(fabs(dots[4 * i] - pigment[0]), <, 1e-6);
  }
  g_assert_cmpuint(inked, >, 100);
  g_assert_cmpuint(black, >, inked / 2);
  g_free(dots);
  g_free(stencil);
  g_object_unref(graph);

  /* Over-input equals the dots layer composited over the input with gegl:over. */
  graph = gegl_node_new();
  GeglNode *skin = gegl_node_new_child(graph, "operation", "gegl:color", "value",
                                       smp_test_color("#c8a27c"), NULL);
  GeglNode *crop =
      gegl_node_new_child(graph, "operation", "gegl:crop", "width", 300.0, "height", 300.0, NULL);
  GeglNode *over_input =
      gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0, "density", 80.0,
                          "seed", 42, "output-mode", nick("output-mode", "over-input"), NULL);
  GeglNode *layer =
      gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0, "density", 80.0,
                          "seed", 42, "output-mode", nick("output-mode", "dots"), NULL);
  GeglNode *over = gegl_node_new_child(graph, "operation", "gegl:over", NULL);
  gegl_node_link_many(skin, crop, over_input, NULL);
  gegl_node_link(crop, over);
  gegl_node_connect(layer, "output", over, "aux");
  float *a = smp_test_render(over_input, &roi, 0, "RGBA float");
  float *b = smp_test_render(over, &roi, 0, "RGBA float");
  double worst = 0.0;
  for (gsize i = 0; i < 4 * n; i++)
    worst = MAX(worst, fabs(a[i] - b[i]));
  g_test_message("over-input vs gegl:over: largest difference %.2g", worst);
  g_assert_cmpfloat(worst, <, 1e-5);
  g_free(a);
  g_free(b);
  g_object_unref(graph);
}

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
    GeglNode *dots =
        gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", ppi, "density", 80.0,
                            "seed", 9, "density-source", nick("density-source", sources[s]),
                            "output-mode", nick("output-mode", "dots"), NULL);
    set_uniform_dots(dots);
    gegl_node_link(map, dots);
    GeglRectangle roi = {0, 0, w, h};
    GArray *blobs = render_blobs(dots, &roi, 0);
    int left = 0, right_n = 0;
    double min_d = G_MAXDOUBLE, max_d = 0.0;
    for (guint i = 0; i < blobs->len; i++) {
      const Blob *b = &g_array_index(blobs, Blob, i);
      if (b->touches_edge)
        continue;
      if (b->x < w / 2.0)
        left++;
      else
        right_n++;
      /* No dot is cut by the map's edge: all have the full size. */
      min_d = MIN(min_d, blob_diameter(b));
      max_d = MAX(max_d, blob_diameter(b));
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
      GeglNode *graph, *node = dots_node(&graph, 600.0, 80.0);
      gegl_node_set(node, props[p], 0.0, "output-mode",
                    nick("output-mode", stencil ? "stencil" : "dots"), NULL);
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
  GeglNode *dots =
      gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0, "density", 110.0,
                          "seed", 11, "output-mode", nick("output-mode", "dots"), NULL);
  gegl_node_link_many(layer, crop, dots, NULL);
  GeglRectangle box = gegl_node_get_bounding_box(dots);
  g_assert_cmpint(box.width, ==, 30000);
  g_assert_cmpint(box.height, ==, 30000);

  GeglNode *plane_graph,
      *plane = smp_test_op_new(&plane_graph, "smp:follicle-dots", "ppi", 600.0, "density", 110.0,
                               "seed", 11, "output-mode", nick("output-mode", "dots"), NULL);
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
    GeglNode *d1 =
        gegl_node_new_child(g1, "operation", "smp:follicle-dots", "ppi", 600.0, "density", 110.0,
                            "seed", 11, "output-mode", nick("output-mode", "dots"), NULL);
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

/* Over the input, pixels without dots are the input's own bytes: all of them when there are no
 * dots (the input passes through), and those away from every dot otherwise. */
static void
test_over_input_untouched(void)
{
  const int w = 160, h = 120;
  GeglRectangle rect = {0, 0, w, h};
  guint8 *photo = g_new(guint8, (gsize)w * h * 4);
  for (gsize i = 0; i < (gsize)w * h * 4; i++)
    photo[i] = (guint8)(i * 2654435761u >> 24); /* every value, alpha included */
  GeglBuffer *buffer = gegl_buffer_new(&rect, babl_format("R'G'B'A u8"));
  gegl_buffer_set(buffer, &rect, 0, babl_format("R'G'B'A u8"), photo, GEGL_AUTO_ROWSTRIDE);
  for (int none = 0; none < 2; none++) {
    GeglNode *graph = gegl_node_new();
    GeglNode *source =
        gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
    GeglNode *node = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0,
                                         "density", none ? 0.0 : 20.0, "seed", 4, "output-mode",
                                         nick("output-mode", "over-input"), NULL);
    gegl_node_link(source, node);
    guint8 *out = smp_test_render(node, &rect, 0, "R'G'B'A u8");
    GeglNode *layer = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0,
                                          "density", none ? 0.0 : 20.0, "seed", 4, "output-mode",
                                          nick("output-mode", "dots"), NULL);
    float *alpha = smp_test_render_alpha(layer, &rect, 0);
    gsize same = 0, bare = 0;
    for (gsize i = 0; i < (gsize)w * h; i++)
      if (alpha[i] == 0.0f && photo[4 * i + 3] > 0) {
        bare++;
        same += memcmp(out + 4 * i, photo + 4 * i, 4) == 0;
      }
    if (none)
      g_assert_true(memcmp(out, photo, (gsize)w * h * 4) == 0);
    g_test_message("%s: %zu of %zu visible pixels without dots unchanged",
                   none ? "no dots" : "dots", same, bare);
    g_assert_cmpuint(bare, >, (gsize)w * h / 2);
    g_assert_cmpuint(same, ==, bare);
    g_free(out);
    g_free(alpha);
    g_object_unref(graph);
  }
  g_object_unref(buffer);
  g_free(photo);
}

/* ---- on the skin: the dome surface ---------------------------------------------------------- */

/* A top view of a 50th-percentile head (smp-head.h defaults), tilted, at 600 ppi: vertex at
 * (2000, 2400). */
#define DOME_PPI 600.0
#define DOME_ANGLE 12.0

static void
dome_head(SmpHead *head)
{
  SmpHeadParams p;
  smp_head_params_init(&p);
  p.ppi = DOME_PPI;
  p.origin_x = 2000.0, p.origin_y = 2400.0, p.angle = DOME_ANGLE;
  g_assert_true(smp_head_init(head, &p, NULL));
}

static GeglNode *
dome_node(GeglNode **graph, double density, double dot_size, int seed)
{
  GeglNode *node = smp_test_op_new(graph, "smp:follicle-dots", "ppi", DOME_PPI, "density", density,
                                   "seed", seed, "dot-size", dot_size, "surface",
                                   nick("surface", "dome"), "view", nick("view", "top"), "origin-x",
                                   2000.0, "origin-y", 2400.0, "angle", DOME_ANGLE, NULL);
  set_uniform_dots(node);
  return node;
}

/* The view point (mm) along the ray at angle `theta` from the vertex where the slope is `slope`. */
static void
point_at_slope(const SmpHead *head, double theta, double slope, double *u, double *v)
{
  double eu, ev, lo = 0.0, hi = 1.0;
  smp_head_outline_point(head, theta, &eu, &ev);
  for (int i = 0; i < 60; i++) {
    double mid = 0.5 * (lo + hi);
    SmpHeadPoint pt;
    g_assert_true(smp_head_surface_at(head, mid * eu, mid * ev, &pt));
    if (pt.slope < slope)
      lo = mid;
    else
      hi = mid;
  }
  *u = lo * eu, *v = lo * ev;
}

/* A window of 1 cm² of skin: weight 1 over the middle of a 12 x 12 mm square of the tangent plane
 * at its centre, falling to 0 over 2 mm at each side (so it integrates to 10 x 10 mm). */
#define WINDOW_HALF 6.0
#define WINDOW_TAPER 2.0

static double
window_weight(double t)
{
  double edge = WINDOW_HALF - fabs(t);
  if (edge <= 0.0)
    return 0.0;
  return edge >= WINDOW_TAPER ? 1.0 : 0.5 - 0.5 * cos(G_PI * edge / WINDOW_TAPER);
}

typedef struct {
  double centre[3], normal[3], e1[3], e2[3];
} SkinWindow;

static void
skin_window(const SmpHead *head, double u, double v, SkinWindow *w)
{
  SmpHeadPoint pt;
  g_assert_true(smp_head_surface_at(head, u, v, &pt));
  memcpy(w->centre, pt.pos, sizeof w->centre);
  memcpy(w->normal, pt.normal, sizeof w->normal);
  /* e1 horizontal in the tangent plane (z x n), or x at the vertex; e2 = n x e1. */
  const double *n = pt.normal;
  double e1[3] = {-n[1], n[0], 0.0}, len = hypot(e1[0], e1[1]);
  if (len < 1e-9)
    e1[0] = 1.0, e1[1] = 0.0, len = 1.0;
  for (int c = 0; c < 3; c++)
    w->e1[c] = e1[c] / len;
  w->e2[0] = n[1] * w->e1[2] - n[2] * w->e1[1];
  w->e2[1] = n[2] * w->e1[0] - n[0] * w->e1[2];
  w->e2[2] = n[0] * w->e1[1] - n[1] * w->e1[0];
}

/* Pixels (level 0) that show the window's skin, with a margin. */
static GeglRectangle
window_roi(const SmpHead *head, const SkinWindow *w)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  for (int i = 0; i < 64; i++) {
    double t = 2.0 * G_PI * i / 64, a = WINDOW_HALF * G_SQRT2 * cos(t),
           b = WINDOW_HALF * G_SQRT2 * sin(t);
    a = CLAMP(a, -WINDOW_HALF, WINDOW_HALF), b = CLAMP(b, -WINDOW_HALF, WINDOW_HALF);
    /* The skin point whose tangent-plane position is (a, b): out along the normal from inside. */
    double inside[3], p[3], x, y, u, v;
    for (int c = 0; c < 3; c++)
      inside[c] = w->centre[c] + a * w->e1[c] + b * w->e2[c] - 40.0 * w->normal[c];
    smp_head_surface_along(head, inside, w->normal, p);
    smp_head_project(head, p, &u, &v);
    smp_head_pixel_position(head, u, v, &x, &y);
    x0 = MIN(x0, x), y0 = MIN(y0, y), x1 = MAX(x1, x), y1 = MAX(y1, y);
  }
  const int margin = 12;
  return (GeglRectangle){(int)floor(x0) - margin, (int)floor(y0) - margin,
                         (int)ceil(x1 - x0) + 2 * margin, (int)ceil(y1 - y0) + 2 * margin};
}

/* Units per cm² of skin in the window: each dot found in the picture is taken back to the skin
 * and weighted by the window at its tangent-plane position, times the cosine between its normal
 * and the window's (the tangent-plane area per skin area), so that the weights sum to density x
 * 1 cm² for units uniform on the skin. */
static double
window_density(const SmpHead *head, const SkinWindow *w, GArray *blobs)
{
  double sum = 0.0;
  for (guint i = 0; i < blobs->len; i++) {
    const Blob *b = &g_array_index(blobs, Blob, i);
    double u, v;
    SmpHeadPoint pt;
    smp_head_view_position(head, b->x, b->y, &u, &v);
    if (!smp_head_surface_at(head, u, v, &pt))
      continue;
    double d[3] = {pt.pos[0] - w->centre[0], pt.pos[1] - w->centre[1], pt.pos[2] - w->centre[2]};
    double a = d[0] * w->e1[0] + d[1] * w->e1[1] + d[2] * w->e1[2];
    double c = d[0] * w->e2[0] + d[1] * w->e2[1] + d[2] * w->e2[2];
    double cosine =
        pt.normal[0] * w->normal[0] + pt.normal[1] * w->normal[1] + pt.normal[2] * w->normal[2];
    sum += window_weight(a) * window_weight(c) * cosine;
  }
  return sum;
}

/* Units per cm² of skin of `node` (a dome of `density`) in windows of 1 cm² of skin centred on the
 * rays from the view's origin towards `directions` outline angles (degrees, `step` apart from
 * 10°), where the slope is 0, 10, ..., 70 degrees. Returns the worst relative deviation; *mean
 * receives the mean and *near / *far the picture's dots per cm² at the slope-0 window and over the
 * 70-degree ones. */
static double
measure_windows(const SmpHead *head, GeglNode *node, double density, int directions, double step,
                double *mean, double *near, double *far)
{
  double worst = 0.0, sum = 0.0;
  int windows = 0;
  *near = *far = 0.0;
  for (int slope = 0; slope <= 70; slope += 10)
    for (int dir = 0; dir < (slope ? directions : 1); dir++) {
      double u, v, angle = dir * step + 10.0;
      point_at_slope(head, angle * G_PI / 180.0, slope * G_PI / 180.0, &u, &v);
      SkinWindow w;
      skin_window(head, u, v, &w);
      GeglRectangle roi = window_roi(head, &w);
      GArray *blobs = render_blobs(node, &roi, 0);
      double measured = window_density(head, &w, blobs), error = measured / density - 1.0;
      double picture = blobs->len / (roi.width * roi.height * pow(MM_PER_INCH / DOME_PPI, 2) / 100);
      g_test_message("slope %2d°, direction %3.0f°: %.2f units per cm² of skin (%+.2f %%), %u dots "
                     "in %d x %d px",
                     slope, angle, measured, 100.0 * error, blobs->len, roi.width, roi.height);
      worst = MAX(worst, fabs(error));
      sum += error;
      windows++;
      if (slope == 0)
        *near = picture;
      if (slope == 70)
        *far += picture / directions;
      g_array_unref(blobs);
    }
  *mean = sum / windows;
  g_test_message("%d windows: worst %.2f %%, mean %+.2f %%; dots per cm² of picture: %.1f at slope "
                 "0, %.1f at 70° (area factor there %.2f)",
                 windows, 100.0 * worst, 100.0 * *mean, *near, *far,
                 1.0 / cos(70.0 * G_PI / 180.0));
  return worst;
}

/* The claim of the dome surface: in a top view, units per cm² of skin (dots found on the rendered
 * picture, taken back to the skin) within ±3 % of the density in every 1 cm² window, from the
 * vertex out to 70 degrees of slope in eight directions. */
static void
test_dome_density(void)
{
  SmpHead head;
  dome_head(&head);
  GeglNode *graph, *node = dome_node(&graph, 70.0, 0.15, 7);
  double mean, near, far;
  double worst = measure_windows(&head, node, 70.0, 8, 45.0, &mean, &near, &far);
  g_assert_cmpfloat(worst, <=, 0.03);
  /* The picture shows the sloping skin denser. */
  g_assert_cmpfloat(far, >, 2.0 * near);
  g_object_unref(graph);
}

/* A front view shows the same skin coordinates: units per cm² of skin over the forehead and
 * temples, out to 70 degrees of slope. The dome and the straight sides below it carry separate
 * blue-noise sheets that meet 30 mm above the glabella: windows across that seam count a little
 * more unevenly (a few per cent) than windows on either sheet. */
static void
test_dome_front_density(void)
{
  SmpHeadParams p;
  smp_head_params_init(&p);
  p.ppi = DOME_PPI, p.view = SMP_HEAD_VIEW_FRONT;
  p.origin_x = 2000.0, p.origin_y = 2400.0;
  SmpHead head;
  g_assert_true(smp_head_init(&head, &p, NULL));
  GeglNode *graph, *node = dome_node(&graph, 70.0, 0.15, 7);
  gegl_node_set(node, "view", nick("view", "front"), "angle", 0.0, NULL);
  double mean, near, far;
  double worst = measure_windows(&head, node, 70.0, 5, 40.0, &mean, &near, &far);
  g_assert_cmpfloat(worst, <=, 0.05);
  g_assert_cmpfloat(fabs(mean), <=, 0.02);
  g_object_unref(graph);
}

/* Dots are discs on the skin seen foreshortened: on 60 degrees of slope their picture is an
 * ellipse twice as long as it is wide, short along the slope, its area halved. */
static void
test_dome_foreshortening(void)
{
  const double ppi = 2400.0, dot = 0.3, px = ppi / MM_PER_INCH;
  SmpHeadParams p;
  smp_head_params_init(&p);
  p.ppi = ppi, p.origin_x = 0.0, p.origin_y = 0.0;
  SmpHead head;
  g_assert_true(smp_head_init(&head, &p, NULL));
  double u, v;
  point_at_slope(&head, 0.0, 60.0 * G_PI / 180.0, &u, &v);
  double cx, cy;
  smp_head_pixel_position(&head, u, v, &cx, &cy);
  GeglNode *graph,
      *node = smp_test_op_new(&graph, "smp:follicle-dots", "ppi", ppi, "density", 70.0, "seed", 3,
                              "dot-size", dot, "surface", nick("surface", "dome"), "view",
                              nick("view", "top"), "origin-x", 0.0, "origin-y", 0.0, "output-mode",
                              nick("output-mode", "dots"), NULL);
  set_uniform_dots(node);
  GeglRectangle roi = {(int)cx - 300, (int)cy - 300, 600, 600};
  float *alpha = smp_test_render_alpha(node, &roi, 0);
  GArray *blobs = find_blobs(alpha, roi.width, roi.height, roi.x, roi.y, 0.01f);
  int n = 0;
  double aspect_ratio = 0.0, area_ratio = 0.0, worst_angle = 0.0;
  for (guint i = 0; i < blobs->len; i++) {
    const Blob *b = &g_array_index(blobs, Blob, i);
    if (b->touches_edge)
      continue;
    /* Second moments of the blob's alpha about its centroid. */
    double sxx = 0, syy = 0, sxy = 0, mass = 0;
    int x0 = (int)b->x - 40, y0 = (int)b->y - 40;
    for (int y = MAX(y0, roi.y); y < MIN(y0 + 80, roi.y + roi.height); y++)
      for (int x = MAX(x0, roi.x); x < MIN(x0 + 80, roi.x + roi.width); x++) {
        double a = alpha[(gsize)(y - roi.y) * roi.width + (x - roi.x)];
        double dx = x + 0.5 - b->x, dy = y + 0.5 - b->y;
        if (a <= 0.01 || hypot(dx, dy) > 30.0)
          continue;
        sxx += a * dx * dx, syy += a * dy * dy, sxy += a * dx * dy, mass += a;
      }
    sxx /= mass, syy /= mass, sxy /= mass;
    double mean = 0.5 * (sxx + syy), diff = sqrt(0.25 * (sxx - syy) * (sxx - syy) + sxy * sxy);
    double major = mean + diff, minor = mean - diff;
    double axis = 0.5 * atan2(2.0 * sxy, sxx - syy); /* long axis, picture axes */
    double bu, bv;
    SmpHeadPoint pt;
    smp_head_view_position(&head, b->x, b->y, &bu, &bv);
    g_assert_true(smp_head_surface_at(&head, bu, bv, &pt));
    /* The slope's direction in picture axes (y down); the long axis runs across it. */
    double gx = pt.compress_u, gy = -pt.compress_v;
    double across = fabs(cos(axis) * gx + sin(axis) * gy);
    worst_angle = MAX(worst_angle, asin(MIN(across, 1.0)) * 180.0 / G_PI);
    aspect_ratio += sqrt(major / minor) * pt.foreshortening;
    area_ratio += blob_diameter(b) * blob_diameter(b) / (dot * px * dot * px) / pt.foreshortening;
    n++;
  }
  aspect_ratio /= n, area_ratio /= n;
  g_test_message("%d dots at ~60°: aspect x cos(slope) %.3f, picture area / (skin area x "
                 "cos(slope)) %.3f, long axis off the contour by at most %.2f°",
                 n, aspect_ratio, area_ratio, worst_angle);
  g_assert_cmpint(n, >, 10);
  g_assert_cmpfloat(fabs(aspect_ratio - 1.0), <, 0.05);
  g_assert_cmpfloat(fabs(area_ratio - 1.0), <, 0.05);
  g_assert_cmpfloat(worst_angle, <, 3.0);
  g_array_unref(blobs);
  g_free(alpha);
  g_object_unref(graph);
}

/* The dome is a pure function of position: identical bytes for any tiling, thread count or single
 * pixel, and mipmap level 1 shows the same dots at half the scale. */
static void
test_dome_independence(void)
{
  SmpHead head;
  dome_head(&head);
  double u, v, x, y;
  point_at_slope(&head, 0.3, 55.0 * G_PI / 180.0, &u, &v);
  smp_head_pixel_position(&head, u, v, &x, &y);
  /* From 55 degrees of slope out past the outline. */
  GeglRectangle roi = {(int)x - 100, (int)y - 260, 700, 520};
  GeglNode *graph, *node = dome_node(&graph, 90.0, 0.25, 11);
  gegl_node_set(node, "anisotropy", 0.6, "satellites", 0.8, "size-jitter", 0.3, "hair-mix-3", 40.0,
                "appearance", nick("appearance", "healed"), NULL);
  gsize size = (gsize)roi.width * roi.height * 16;
  guint8 *whole = smp_test_render(node, &roi, 0, "RGBA float");
  guint8 *tiles = smp_test_render_tiled(node, &roi, 0, "RGBA float", 64, 64);
  guint8 *odd = smp_test_render_tiled(node, &roi, 0, "RGBA float", 37, 53);
  g_assert_true(memcmp(whole, tiles, size) == 0);
  g_assert_true(memcmp(whole, odd, size) == 0);
  GeglRectangle one = {roi.x + 411, roi.y + 97, 1, 1};
  guint8 *pixel = smp_test_render(node, &one, 0, "RGBA float");
  g_assert_true(memcmp(pixel, whole + ((gsize)97 * roi.width + 411) * 16, 16) == 0);
  smp_test_set_threads(1);
  guint8 *single = smp_test_render(node, &roi, 0, "RGBA float");
  smp_test_set_threads(4);
  guint8 *four = smp_test_render(node, &roi, 0, "RGBA float");
  smp_test_set_threads(2);
  g_assert_true(memcmp(whole, single, size) == 0);
  g_assert_true(memcmp(whole, four, size) == 0);
  float *alpha = (float *)whole;
  gsize inked = 0;
  for (gsize i = 0; i < size / 16; i++)
    inked += alpha[4 * i + 3] > 0.0f;
  g_test_message("%zu of %d pixels inked; tiles, threads and a single pixel agree", inked,
                 roi.width * roi.height);
  g_assert_cmpuint(inked, >, 1000);
  g_free(whole), g_free(tiles), g_free(odd), g_free(pixel), g_free(single), g_free(four);

  /* A front view across the seam of the dome and the straight sides, and a side view. */
  const char *views[] = {"front", "right"};
  for (guint i = 0; i < G_N_ELEMENTS(views); i++) {
    GeglNode *graph2, *side = dome_node(&graph2, 90.0, 0.25, 13);
    gegl_node_set(side, "view", nick("view", views[i]), "anisotropy", 0.4, "satellites", 0.5, NULL);
    GeglRectangle band = {i ? 600 : 2200, 1500, 600, 500};
    gsize bytes = (gsize)band.width * band.height * 16;
    guint8 *all = smp_test_render(side, &band, 0, "RGBA float");
    guint8 *cut = smp_test_render_tiled(side, &band, 0, "RGBA float", 37, 53);
    g_assert_true(memcmp(all, cut, bytes) == 0);
    gsize ink = 0;
    for (gsize k = 0; k < bytes / 16; k++)
      ink += ((float *)all)[4 * k + 3] > 0.0f;
    g_test_message("%s view: %zu pixels inked, 37 x 53 tiles agree", views[i], ink);
    g_assert_cmpuint(ink, >, 1000);
    g_free(all), g_free(cut);
    g_object_unref(graph2);
  }

  /* Level 1: the same units at half the scale. The head is moved so that the same sloping skin
   * lies at the image origin, where the test's level renders ask the op for exactly the region
   * (away from it GEGL's requests at level 1 cover another region, for the flat mode as well). */
  GeglNode *graph1, *plain = dome_node(&graph1, 70.0, 0.2, 5);
  gegl_node_set(plain, "origin-x", 2000.0 - roi.x, "origin-y", 2400.0 - roi.y, NULL);
  GeglRectangle roi0 = {0, 0, 600, 500}, roi1 = {0, 0, 300, 250};
  GArray *b0 = render_blobs(plain, &roi0, 0), *b1 = render_blobs(plain, &roi1, 1);
  SmpHead moved = head;
  moved.p.origin_x = 2000.0 - roi.x, moved.p.origin_y = 2400.0 - roi.y;
  guint interior = 0, matched = 0;
  for (guint i = 0; i < b1->len; i++) {
    const Blob *s = &g_array_index(b1, Blob, i);
    /* Up to 70 degrees of slope: beyond, dots crowd towards the outline and merge at level 1. */
    double su, sv;
    SmpHeadPoint pt;
    smp_head_view_position(&moved, 2.0 * s->x, 2.0 * s->y, &su, &sv);
    if (s->touches_edge || !smp_head_surface_at(&moved, su, sv, &pt) ||
        pt.slope > 70.0 * G_PI / 180.0)
      continue;
    interior++;
    double best = G_MAXDOUBLE;
    for (guint j = 0; j < b0->len; j++) {
      const Blob *f = &g_array_index(b0, Blob, j);
      best = MIN(best, hypot(f->x - 2.0 * s->x, f->y - 2.0 * s->y));
    }
    matched += best < 1.0;
  }
  g_test_message("level 1: %u interior dots (of %u; %u at level 0), %u at twice-scaled level-0 "
                 "positions",
                 interior, b1->len, b0->len, matched);
  g_assert_cmpuint(interior, >, 50);
  g_assert_cmpuint(matched, ==, interior);
  g_array_unref(b0);
  g_array_unref(b1);
  g_object_unref(graph1);
  g_object_unref(graph);
}

/* Flat stays the default; outside the head's outline the dome has no skin and no dots. */
static void
test_dome_outline(void)
{
  GeglNode *graph, *node = dots_node(&graph, 300.0, 70.0);
  GParamSpec *pspec = gegl_operation_find_property("smp:follicle-dots", "surface");
  g_assert_cmpint(G_PARAM_SPEC_ENUM(pspec)->default_value, ==, nick("surface", "flat"));
  g_object_unref(graph);

  SmpHead head;
  dome_head(&head);
  node = dome_node(&graph, 70.0, 0.25, 1);
  /* A band across the side of the head, from inside the outline to well outside it. */
  double x, y, eu, ev;
  smp_head_outline_point(&head, 0.0, &eu, &ev);
  smp_head_pixel_position(&head, eu, ev, &x, &y);
  GeglRectangle roi = {(int)x - 150, (int)y - 100, 400, 200};
  GArray *blobs = render_blobs(node, &roi, 0);
  guint inside = 0;
  for (guint i = 0; i < blobs->len; i++) {
    const Blob *b = &g_array_index(blobs, Blob, i);
    double u, v;
    smp_head_view_position(&head, b->x, b->y, &u, &v);
    SmpHeadPoint pt;
    /* Centroids within a dot's reach of the outline at most. */
    g_assert_true(smp_head_surface_at(&head, u * 0.995, v * 0.995, &pt));
    inside++;
  }
  g_assert_cmpuint(inside, >, 20);
  g_array_unref(blobs);
  g_object_unref(graph);
}

/* Over no input at all, the dots are the layer of dots alone. */
static void
test_over_nothing(void)
{
  GeglRectangle roi = {-10, -10, 240, 180};
  GeglNode *graph, *over = smp_test_op_new(&graph, "smp:follicle-dots", "ppi", 600.0, "seed", 9,
                                           "output-mode", nick("output-mode", "over-input"), NULL);
  float *a = smp_test_render(over, &roi, 0, "RGBA float");
  gegl_node_set(over, "output-mode", nick("output-mode", "dots"), NULL);
  float *b = smp_test_render(over, &roi, 0, "RGBA float");
  gsize inked = 0;
  for (gsize i = 0; i < (gsize)roi.width * roi.height; i++)
    inked += b[4 * i + 3] > 0.5f;
  g_assert_cmpuint(inked, >, 100);
  for (gsize i = 0; i < (gsize)roi.width * roi.height; i++)
    if (memcmp(a + 4 * i, b + 4 * i, 16)) {
      g_test_message("%zu: %g %g %g %g vs %g %g %g %g", i, a[4 * i], a[4 * i + 1], a[4 * i + 2],
                     a[4 * i + 3], b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]);
      break;
    }
  g_assert_true(memcmp(a, b, (gsize)roi.width * roi.height * 4 * sizeof(float)) == 0);
  g_free(a);
  g_free(b);
  g_object_unref(graph);
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
  g_test_add_func("/follicle-dots/tile-independence", test_tile_independence);
  g_test_add_func("/follicle-dots/thread-independence", test_thread_independence);
  g_test_add_func("/follicle-dots/level-independence", test_level_independence);
  g_test_add_func("/follicle-dots/dot-diameter", test_dot_diameter);
  g_test_add_func("/follicle-dots/healed", test_healed);
  g_test_add_func("/follicle-dots/dilution", test_dilution);
  g_test_add_func("/follicle-dots/outputs", test_outputs);
  g_test_add_func("/follicle-dots/density-map", test_density_map);
  g_test_add_func("/follicle-dots/empty", test_empty);
  g_test_add_func("/follicle-dots/over-input-untouched", test_over_input_untouched);
  g_test_add_func("/follicle-dots/dome-density", test_dome_density);
  g_test_add_func("/follicle-dots/dome-front-density", test_dome_front_density);
  g_test_add_func("/follicle-dots/dome-foreshortening", test_dome_foreshortening);
  g_test_add_func("/follicle-dots/dome-independence", test_dome_independence);
  g_test_add_func("/follicle-dots/dome-outline", test_dome_outline);
  g_test_add_func("/follicle-dots/over-nothing", test_over_nothing);
  return smp_test_gegl_exit(g_test_run());
}
