/* smp-dot-detect: the dots already in a scalp photo. See smp-dot-detect.h. */
#include "smp-dot-detect.h"

#include "smp-plane.h"
#include "smp-point-grid.h"
#include "smp-stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CLOSING_RADIUS_MM 0.4 /* removes dark features narrower than 0.8 mm: dots, stubble */
#define SKIN_CEILING 0.05     /* luma above the photo's median still counted as skin */

/* ---------------------------------------------------------------------------------------------
 * The dot-free skin level
 */

/* Closing of the lightly blurred luminance, clamped a little above its median first so that light
 * scar tissue cannot lift the level of the skin beside it (the closing fills skin corners next to
 * a light region, which then look dark). */
static void
skin_level(SmpDotDetection *d, const float *luma, const guint8 *valid, float *tmp)
{
  const int w = d->width, h = d->height;
  const gsize n_px = (gsize)w * h;
  smp_plane_blur3(luma, d->smooth, w, h);
  SmpHistogram *hist = smp_histogram_new();
  for (gsize i = 0; i < n_px; i++)
    if (valid[i])
      smp_histogram_add(hist, d->smooth[i]);
  double median, sigma;
  smp_histogram_median_sigma(hist, &median, &sigma);
  g_free(hist);
  const float ceiling = (float)(median + MAX(4.0 * sigma, SKIN_CEILING));
  for (gsize i = 0; i < n_px; i++)
    d->skin[i] = fminf(d->smooth[i], ceiling);
  smp_plane_closing(d->skin, tmp, w, h, MAX(1, (int)lround(CLOSING_RADIUS_MM * d->px_per_mm)));
}

/* ---------------------------------------------------------------------------------------------
 * Dots: dark blobs below the skin level
 */

typedef struct {
  int w, h;
  const float *luma;   /* raw luminance */
  const float *smooth; /* blurred luminance */
  const float *skin;   /* closing of the blurred luminance: the dot-free skin level */
  const guint8 *valid;
  guint8 *visited;
  int *stack;
  gsize stack_size;
} DotScan;

typedef struct {
  int n;      /* pixels */
  float peak; /* maximum blurred contrast */
  int core;   /* index of the darkest raw pixel */
  float core_contrast;
} Blob;

static inline float
smooth_contrast(const DotScan *s, gsize i)
{
  return s->skin[i] - s->smooth[i];
}

static inline float
raw_contrast(const DotScan *s, gsize i)
{
  return s->skin[i] - s->luma[i];
}

static void
stack_push(DotScan *s, gsize *top, int i)
{
  if (*top == s->stack_size) {
    s->stack_size *= 2;
    s->stack = g_renew(int, s->stack, s->stack_size);
  }
  s->stack[(*top)++] = i;
}

/* The pixel i and its 8-connected neighbours inside the plane, row by row; returns how many. */
static int
neighbourhood(const DotScan *s, int i, int out[9])
{
  const int x = i % s->w, y = i / s->w;
  int n = 0;
  for (int ny = y - 1; ny <= y + 1; ny++)
    for (int nx = x - 1; nx <= x + 1; nx++)
      if (nx >= 0 && ny >= 0 && nx < s->w && ny < s->h)
        out[n++] = ny * s->w + nx;
  return n;
}

/* Flood-fills the 8-connected component of blurred contrast > t that contains `seed`, marking it
 * visited (all of it, so that no part of a large dark region is found again as a dot). */
static Blob
fill_blob(DotScan *s, int seed, float t)
{
  Blob blob = {0, 0.0f, seed, -INFINITY};
  gsize top = 0;
  s->visited[seed] = 1;
  stack_push(s, &top, seed);
  while (top > 0) {
    int i = s->stack[--top];
    blob.n++;
    blob.peak = fmaxf(blob.peak, smooth_contrast(s, i));
    if (raw_contrast(s, i) > blob.core_contrast) {
      blob.core_contrast = raw_contrast(s, i);
      blob.core = i;
    }
    int near[9], n_near = neighbourhood(s, i, near);
    for (int k = 0; k < n_near; k++) {
      int j = near[k];
      if (!s->visited[j] && s->valid[j] && smooth_contrast(s, j) > t) {
        s->visited[j] = 1;
        stack_push(s, &top, j);
      }
    }
  }
  return blob;
}

/* Measures the dot around a blob's darkest pixel on the raw luminance: the connected area at half
 * its peak contrast (within `max_r` px) gives its size, the contrast-weighted mean its centre.
 * Returns FALSE when the area runs past max_r (not a dot). `mark` is a zeroed scratch mask, zeroed
 * again on return. */
static gboolean
measure_dot(DotScan *s, const Blob *blob, int max_r, guint8 *mark, SmpFoundDot *dot)
{
  const int cx = blob->core % s->w, cy = blob->core / s->w;
  const float half = 0.5f * blob->core_contrast;
  gsize top = 0, n = 0;
  double sw = 0.0, sx = 0.0, sy = 0.0;
  gboolean bounded = TRUE;
  GArray *touched = g_array_new(FALSE, FALSE, sizeof(int));

  mark[blob->core] = 1;
  g_array_append_val(touched, blob->core);
  stack_push(s, &top, blob->core);
  while (top > 0) {
    int i = s->stack[--top];
    int x = i % s->w, y = i / s->w;
    double c = raw_contrast(s, i);
    n++;
    sw += c;
    sx += c * (x + 0.5);
    sy += c * (y + 0.5);
    int near[9], n_near = neighbourhood(s, i, near);
    for (int k = 0; k < n_near; k++) {
      int j = near[k];
      if (mark[j] || !s->valid[j] || raw_contrast(s, j) < half)
        continue;
      if (abs(j % s->w - cx) > max_r || abs(j / s->w - cy) > max_r) {
        bounded = FALSE;
        continue;
      }
      mark[j] = 1;
      g_array_append_val(touched, j);
      stack_push(s, &top, j);
    }
  }
  for (guint k = 0; k < touched->len; k++)
    mark[g_array_index(touched, int, k)] = 0;
  g_array_free(touched, TRUE);

  dot->x = (float)(sx / sw);
  dot->y = (float)(sy / sw);
  dot->diameter = (float)(2.0 * sqrt((double)n / G_PI));
  dot->contrast = blob->core_contrast;
  dot->core_x = cx;
  dot->core_y = cy;
  return bounded;
}

/* Thresholds of blurred contrast: `low` well above the skin texture (the contrast of dot-free
 * pixels is mostly noise), `peak` the least a dot's peak must reach. */
static void
noise_thresholds(DotScan *s, float *low, float *peak)
{
  const gsize n_px = (gsize)s->w * s->h;
  SmpHistogram *hist = smp_histogram_new();
  for (gsize i = 0; i < n_px; i++)
    if (s->valid[i])
      smp_histogram_add(hist, smooth_contrast(s, i));
  double med, sigma;
  smp_histogram_median_sigma(hist, &med, &sigma);
  g_free(hist);
  *low = (float)MAX(med + 6.0 * sigma, 0.03);
  *peak = (float)MAX(med + 10.0 * sigma, 0.06);
}

/* The typical peak contrast of dot-sized blobs above `t0`. Leaves `visited` dirty. */
static float
typical_peak(DotScan *s, float t0, float min_peak, int max_pixels)
{
  const gsize n_px = (gsize)s->w * s->h;
  GArray *peaks = g_array_new(FALSE, FALSE, sizeof(float));
  for (gsize i = 0; i < n_px; i++)
    if (!s->visited[i] && s->valid[i] && smooth_contrast(s, i) > t0) {
      Blob b = fill_blob(s, (int)i, t0);
      if (b.n <= max_pixels && b.peak >= min_peak)
        g_array_append_val(peaks, b.peak);
    }
  float typical = smp_median((float *)peaks->data, peaks->len);
  g_array_free(peaks, TRUE);
  return typical;
}

/* Two passes: the typical peak contrast of dot-sized blobs sets the real threshold, half-way
 * between skin and a faint dot, which keeps neighbouring dots apart. On return `visited` marks
 * the blobs of the second pass. */
static void
find_dots(SmpDotDetection *d, DotScan *s)
{
  const gsize n_px = (gsize)s->w * s->h;
  const double ppm = d->px_per_mm;
  const int max_r = MAX(2, (int)ceil(0.5 * SMP_DOT_MAX_DIAMETER_MM * ppm));
  const int max_pixels = (int)(G_PI * max_r * max_r);
  float t0, min_peak;
  noise_thresholds(s, &t0, &min_peak);
  const float t1 = fmaxf(t0, 0.4f * typical_peak(s, t0, min_peak, max_pixels));

  memset(s->visited, 0, n_px);
  guint8 *mark = g_new0(guint8, n_px);
  GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpFoundDot));
  const double min_d = SMP_DOT_MIN_DIAMETER_MM * ppm;
  for (gsize i = 0; i < n_px; i++)
    if (!s->visited[i] && s->valid[i] && smooth_contrast(s, i) > t1) {
      Blob b = fill_blob(s, (int)i, t1);
      SmpFoundDot dot;
      if (b.n > max_pixels || b.peak < min_peak)
        continue;
      if (measure_dot(s, &b, max_r, mark, &dot) && dot.diameter >= min_d)
        g_array_append_val(dots, dot);
    }
  g_free(mark);
  d->n_dots = (int)dots->len;
  d->dots = (SmpFoundDot *)g_array_free(dots, FALSE);
}

SmpDotDetection *
smp_dot_detect(const float *luma, const guint8 *valid, int width, int height, double px_per_mm)
{
  g_return_val_if_fail(width >= 0 && height >= 0, NULL);
  g_return_val_if_fail(luma != NULL || (gsize)width * height == 0, NULL);
  const gsize n_px = (gsize)width * height;
  if (n_px == 0 || !(px_per_mm > 0.0))
    return NULL;
  SmpDotDetection *d = g_new0(SmpDotDetection, 1);
  d->width = width;
  d->height = height;
  d->px_per_mm = px_per_mm;
  guint8 *all = NULL;
  if (!valid)
    valid = all = (guint8 *)memset(g_new(guint8, n_px), 1, n_px);
  d->smooth = smp_plane_new(width, height);
  d->skin = smp_plane_new(width, height);
  float *tmp = smp_plane_new(width, height);
  skin_level(d, luma, valid, tmp);

  DotScan scan = {
      width, height, luma, d->smooth, d->skin, valid, g_new0(guint8, n_px), g_new(int, 4096), 4096};
  find_dots(d, &scan);
  g_free(scan.stack);
  d->dot_pixels = scan.visited;
  smp_mask_dilate3(d->dot_pixels, tmp, width, height); /* dots and their soft edges */
  g_free(tmp);
  g_free(all);
  return d;
}

void
smp_dot_detection_free(SmpDotDetection *d)
{
  if (!d)
    return;
  g_free(d->smooth);
  g_free(d->skin);
  g_free(d->dot_pixels);
  g_free(d->dots);
  g_free(d);
}

/* ---------------------------------------------------------------------------------------------
 * Distances between dots
 */

double
smp_found_dots_neighbour_distance(const SmpFoundDot *dots, int n_dots, int width, int height,
                                  double px_per_mm)
{
  if (n_dots < 2)
    return 0.0;
  g_return_val_if_fail(dots != NULL && px_per_mm > 0.0, 0.0);
  SmpPointGrid grid;
  smp_point_grid_init(&grid, width, height, 2.0 * px_per_mm);
  for (int i = 0; i < n_dots; i++)
    smp_point_grid_add(&grid, dots[i].x, dots[i].y);
  float *nn = g_new(float, n_dots);
  int n_nn = 0;
  for (int i = 0; i < n_dots; i++) {
    double best = INFINITY;
    for (double r = grid.cell; isinf(best) || r < best + grid.cell; r += grid.cell) {
      if (r > width + height + grid.cell)
        break;
      best = INFINITY;
      SmpPointGridIter it;
      smp_point_grid_iter_init(&it, &grid, dots[i].x, dots[i].y, r);
      for (int j; (j = smp_point_grid_iter_next(&it)) >= 0;)
        if (j != i)
          best = fmin(best, hypot(grid.xy[2 * j] - dots[i].x, grid.xy[2 * j + 1] - dots[i].y));
    }
    if (!isinf(best))
      nn[n_nn++] = (float)best;
  }
  double median = smp_median(nn, n_nn);
  g_free(nn);
  smp_point_grid_clear(&grid);
  return median;
}

/* Squares stamped around the dots. */
void
smp_found_dots_distance2(const SmpFoundDot *dots, int n_dots, int w, int h, float cap, float *d2)
{
  g_return_if_fail(d2 != NULL || (gsize)w * h == 0);
  const float far = 4.0f * cap * cap + 1.0f;
  for (gsize i = 0; i < (gsize)w * h; i++)
    d2[i] = far;
  for (int k = 0; k < n_dots; k++) {
    const float cx = dots[k].x, cy = dots[k].y;
    const int y0 = MAX(0, (int)floorf(cy - cap)), y1 = MIN(h - 1, (int)ceilf(cy + cap));
    const int x0 = MAX(0, (int)floorf(cx - cap)), x1 = MIN(w - 1, (int)ceilf(cx + cap));
    for (int y = y0; y <= y1; y++) {
      const float dy2 = (y + 0.5f - cy) * (y + 0.5f - cy);
      float *row = d2 + (gsize)y * w;
      for (int x = x0; x <= x1; x++) {
        float dx = x + 0.5f - cx, v = dx * dx + dy2;
        row[x] = v < row[x] ? v : row[x];
      }
    }
  }
}
