/* smp-scar: scar-camouflage analysis on plain float planes. See smp-scar.h. */
#include "smp-scar.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Scales of the analysis, in millimetres of skin. */
#define CLOSING_RADIUS_MM 0.4     /* removes dark features narrower than 0.8 mm: dots, stubble */
#define TEXTURE_RADIUS_MM 0.15    /* window of the local mean/variance that finds the scar */
#define SKIN_LEVEL_RADIUS_MM 10.0 /* skin level follows slow lighting changes, not the scar */
#define NEAR_DOT_MM 1.0           /* skin "near dots" is certainly skin, not scar */
#define RING_MARGIN_MM 0.3        /* surroundings measured from this far from the scar (a rim */
                                  /* a pixel off would bias the count) ... */
#define RING_WIDTH_MM 8.0         /* ... up to this far */
#define DOT_MAX_DIAMETER_MM 1.2
#define DOT_MIN_DIAMETER_MM 0.04
#define SCAR_MIN_AREA_MM2 0.2 /* smaller light specks are skin texture */
#define SCAR_HOLE_MM2 1.0     /* smaller dark islands inside a scar belong to it */
#define SKIN_CEILING 0.05     /* luma above the photo's median still counted as skin */
#define MIN_RING_DOTS 8       /* fewer dots than this measure nothing */

#define HIST_BINS 4096

/* ---------------------------------------------------------------------------------------------
 * Plane filters
 */

static float *
plane_new(int width, int height)
{
  return g_new(float, (gsize)width *height);
}

/* [1 2 1]/4 binomial blur in both directions, edges clamped. */
static void
blur3(const float *in, float *out, int w, int h)
{
  for (int y = 0; y < h; y++) {
    const float *row = in + (gsize)y * w;
    float *dst = out + (gsize)y * w;
    for (int x = 0; x < w; x++)
      dst[x] = 0.25f * (row[MAX(x - 1, 0)] + 2.0f * row[x] + row[MIN(x + 1, w - 1)]);
  }
  float *prev = g_new(float, w), *cur = g_new(float, w);
  memcpy(prev, out, sizeof(float) * w);
  for (int y = 0; y < h; y++) {
    float *row = out + (gsize)y * w;
    memcpy(cur, row, sizeof(float) * w);
    const float *next = y + 1 < h ? row + w : cur;
    for (int x = 0; x < w; x++)
      row[x] = 0.25f * (prev[x] + 2.0f * cur[x] + next[x]);
    float *t = prev;
    prev = cur;
    cur = t;
  }
  g_free(prev);
  g_free(cur);
}

/* Extremum over the k values line[x .. x + k - 1] for x in [0, w): the line (of w + k - 1 values,
 * destroyed) is reduced in place to extrema of 2, 4, 8... neighbours, and each window is the
 * extremum of two overlapping blocks. Plain comparisons, so that the loops vectorise. */
static void
line_extreme(float *line, int k, int w, gboolean is_max, float *out)
{
  const int len = w + k - 1;
  int p = 1;
  for (; 2 * p <= k; p *= 2) {
    if (is_max)
      for (int i = 0; i + p < len; i++)
        line[i] = line[i + p] > line[i] ? line[i + p] : line[i];
    else
      for (int i = 0; i + p < len; i++)
        line[i] = line[i + p] < line[i] ? line[i + p] : line[i];
  }
  const float *shifted = line + (k - p);
  if (is_max)
    for (int x = 0; x < w; x++)
      out[x] = shifted[x] > line[x] ? shifted[x] : line[x];
  else
    for (int x = 0; x < w; x++)
      out[x] = shifted[x] < line[x] ? shifted[x] : line[x];
}

/* Maximum (or minimum) over [x - r, x + r] of every row, in place. */
static void
rows_extreme(float *plane, int w, int h, int r, gboolean is_max)
{
  const int k = 2 * r + 1;
  const float pad = is_max ? -INFINITY : INFINITY;
  float *line = g_new(float, w + 2 * r);
  for (int y = 0; y < h; y++) {
    float *row = plane + (gsize)y * w;
    for (int i = 0; i < r; i++)
      line[i] = line[r + w + i] = pad;
    memcpy(line + r, row, sizeof(float) * w);
    line_extreme(line, k, w, is_max, row);
  }
  g_free(line);
}

/* out = maximum (or minimum) of `in` over [y - r, y + r] of every column, row by row so that the
 * window's rows stay in cache. */
static void
columns_extreme(const float *in, float *out, int w, int h, int r, gboolean is_max)
{
  for (int y = 0; y < h; y++) {
    float *dst = out + (gsize)y * w;
    const int y0 = MAX(y - r, 0), y1 = MIN(y + r, h - 1);
    memcpy(dst, in + (gsize)y0 * w, sizeof(float) * w);
    for (int yy = y0 + 1; yy <= y1; yy++) {
      const float *src = in + (gsize)yy * w;
      if (is_max)
        for (int x = 0; x < w; x++)
          dst[x] = src[x] > dst[x] ? src[x] : dst[x];
      else
        for (int x = 0; x < w; x++)
          dst[x] = src[x] < dst[x] ? src[x] : dst[x];
    }
  }
}

/* Grey-level closing with a (2r+1)² square: removes dark features narrower than the square and
 * keeps light ones and step edges where they are. `tmp` holds one plane. */
static void
closing(float *plane, float *tmp, int w, int h, int r)
{
  rows_extreme(plane, w, h, r, TRUE);
  columns_extreme(plane, tmp, w, h, r, TRUE);
  columns_extreme(tmp, plane, w, h, r, FALSE);
  rows_extreme(plane, w, h, r, FALSE);
}

/* Grows a 0/1 mask by one pixel in all 8 directions; `tmp` holds a float plane. */
static void
dilate3(guint8 *mask, float *tmp, int w, int h)
{
  for (gsize i = 0; i < (gsize)w * h; i++)
    tmp[i] = mask[i];
  rows_extreme(tmp, w, h, 1, TRUE);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      mask[i] = tmp[i] > 0.0f || (y > 0 && tmp[i - w] > 0.0f) || (y + 1 < h && tmp[i + w] > 0.0f);
    }
}

/* out = sum of `in` over the (2r+1)² window clamped to the plane; `in` may be `out`. `tmp` holds
 * one plane. Small windows add their values directly (vectorised); large ones keep running sums
 * in double, so that their cost does not depend on r. */
#define DIRECT_SUM_RADIUS 8

static void
box_sum(const float *in, float *out, float *tmp, int w, int h, int r)
{
  if (r <= DIRECT_SUM_RADIUS) {
    float *line = g_new0(float, w + 2 * r);
    for (int y = 0; y < h; y++) {
      float *dst = tmp + (gsize)y * w;
      memcpy(line + r, in + (gsize)y * w, sizeof(float) * w);
      memcpy(dst, line, sizeof(float) * w);
      for (int o = 1; o <= 2 * r; o++)
        for (int x = 0; x < w; x++)
          dst[x] += line[x + o];
    }
    g_free(line);
    for (int y = 0; y < h; y++) {
      float *dst = out + (gsize)y * w;
      const int y0 = MAX(y - r, 0), y1 = MIN(y + r, h - 1);
      memcpy(dst, tmp + (gsize)y0 * w, sizeof(float) * w);
      for (int yy = y0 + 1; yy <= y1; yy++) {
        const float *src = tmp + (gsize)yy * w;
        for (int x = 0; x < w; x++)
          dst[x] += src[x];
      }
    }
    return;
  }

  for (int y = 0; y < h; y++) {
    const float *row = in + (gsize)y * w;
    float *dst = tmp + (gsize)y * w;
    double acc = 0.0;
    for (int x = 0; x <= MIN(r, w - 1); x++)
      acc += row[x];
    for (int x = 0; x < w; x++) {
      dst[x] = (float)acc;
      if (x + r + 1 < w)
        acc += row[x + r + 1];
      if (x - r >= 0)
        acc -= row[x - r];
    }
  }
  double *acc = g_new0(double, w);
  for (int y = 0; y <= MIN(r, h - 1); y++)
    for (int x = 0; x < w; x++)
      acc[x] += tmp[(gsize)y * w + x];
  for (int y = 0; y < h; y++) {
    float *dst = out + (gsize)y * w;
    for (int x = 0; x < w; x++)
      dst[x] = (float)acc[x];
    if (y + r + 1 < h) {
      const float *add = tmp + (gsize)(y + r + 1) * w;
      for (int x = 0; x < w; x++)
        acc[x] += add[x];
    }
    if (y - r >= 0) {
      const float *sub = tmp + (gsize)(y - r) * w;
      for (int x = 0; x < w; x++)
        acc[x] -= sub[x];
    }
  }
  g_free(acc);
}

/* Euclidean distance (px) from every pixel centre to the nearest pixel with feature[i] != 0
 * (Felzenszwalb & Huttenlocher's lower envelope of parabolas along rows, after exact vertical
 * distances by two scans). Without any feature, every distance is INFINITY. */
static void
distance_transform(const guint8 *feature, float *dist, int w, int h)
{
  const float far = (float)(w + h) * 4.0f;
  for (int x = 0; x < w; x++)
    dist[x] = feature[x] ? 0.0f : far;
  for (int y = 1; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      dist[i] = feature[i] ? 0.0f : dist[i - w] + 1.0f;
    }
  for (int y = h - 2; y >= 0; y--)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      dist[i] = fminf(dist[i], dist[i + w] + 1.0f);
    }

  int *v = g_new(int, w);
  float *z = g_new(float, w + 1), *f = g_new(float, w);
  for (int y = 0; y < h; y++) {
    float *row = dist + (gsize)y * w;
    for (int x = 0; x < w; x++)
      f[x] = row[x] >= far ? INFINITY : row[x] * row[x];
    int k = -1;
    for (int q = 0; q < w; q++) {
      if (isinf(f[q]))
        continue;
      float s = 0.0f;
      while (k >= 0) {
        s = ((f[q] + (float)q * q) - (f[v[k]] + (float)v[k] * v[k])) / (2.0f * (q - v[k]));
        if (s > z[k])
          break;
        k--;
      }
      k++;
      v[k] = q;
      z[k] = k == 0 ? -INFINITY : s;
      z[k + 1] = INFINITY;
    }
    if (k < 0) {
      for (int x = 0; x < w; x++)
        row[x] = INFINITY;
      continue;
    }
    int j = 0;
    for (int q = 0; q < w; q++) {
      while (z[j + 1] < q)
        j++;
      float dx = (float)(q - v[j]);
      row[q] = sqrtf(dx * dx + f[v[j]]);
    }
  }
  g_free(v);
  g_free(z);
  g_free(f);
}

/* distance_transform () where it is below `cap` (px), INFINITY farther: computed only over the
 * features' bounding box grown by the cap, which for a scar is usually a small part of a photo. */
static void
scar_distance(const guint8 *feature, float *dist, int w, int h, float cap)
{
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; y++) {
    const guint8 *row = feature + (gsize)y * w;
    const guint8 *first = memchr(row, 1, w);
    if (!first)
      continue;
    int last = w - 1;
    while (!row[last])
      last--;
    x0 = MIN(x0, (int)(first - row));
    x1 = MAX(x1, last);
    y0 = MIN(y0, y);
    y1 = y;
  }
  for (gsize i = 0; i < (gsize)w * h; i++)
    dist[i] = INFINITY;
  if (x1 < 0)
    return;
  const int c = (int)ceilf(cap);
  x0 = MAX(0, x0 - c), y0 = MAX(0, y0 - c), x1 = MIN(w - 1, x1 + c), y1 = MIN(h - 1, y1 + c);
  const int sw = x1 - x0 + 1, sh = y1 - y0 + 1;
  guint8 *sub = g_new(guint8, (gsize)sw * sh);
  float *sub_dist = g_new(float, (gsize)sw *sh);
  for (int y = 0; y < sh; y++)
    memcpy(sub + (gsize)y * sw, feature + (gsize)(y0 + y) * w + x0, sw);
  distance_transform(sub, sub_dist, sw, sh);
  for (int y = 0; y < sh; y++)
    memcpy(dist + (gsize)(y0 + y) * w + x0, sub_dist + (gsize)y * sw, sizeof(float) * sw);
  g_free(sub);
  g_free(sub_dist);
}

/* ---------------------------------------------------------------------------------------------
 * Robust statistics of values in [0, 1] through a histogram
 */

typedef struct {
  guint64 bins[HIST_BINS];
  guint64 total;
} Histogram;

static void
hist_add(Histogram *hist, float v)
{
  int b = (int)(CLAMP(v, 0.0f, 1.0f) * (HIST_BINS - 1) + 0.5f);
  hist->bins[b]++;
  hist->total++;
}

static double
hist_quantile(const Histogram *hist, double q)
{
  if (hist->total == 0)
    return 0.0;
  guint64 target = (guint64)(q * (double)(hist->total - 1)), seen = 0;
  for (int b = 0; b < HIST_BINS; b++) {
    seen += hist->bins[b];
    if (seen > target)
      return (double)b / (HIST_BINS - 1);
  }
  return 1.0;
}

/* Median and the normal-consistent median absolute deviation. */
static void
hist_median_sigma(const Histogram *hist, double *median, double *sigma)
{
  *median = hist_quantile(hist, 0.5);
  Histogram *dev = g_new0(Histogram, 1);
  for (int b = 0; b < HIST_BINS; b++)
    if (hist->bins[b]) {
      int d = (int)fabs((double)b - *median * (HIST_BINS - 1));
      dev->bins[MIN(d, HIST_BINS - 1)] += hist->bins[b];
      dev->total += hist->bins[b];
    }
  *sigma = 1.4826 * hist_quantile(dev, 0.5);
  g_free(dev);
}

static int
compare_float(const void *a, const void *b)
{
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

static float
median_of(float *values, int n)
{
  if (n == 0)
    return 0.0f;
  qsort(values, n, sizeof(float), compare_float);
  return n % 2 ? values[n / 2] : 0.5f * (values[n / 2 - 1] + values[n / 2]);
}

/* Normal-consistent median absolute deviation relative to `median` (values are reordered). */
static double
relative_spread(float *values, int n, double median)
{
  if (n == 0 || !(median > 0.0))
    return 0.0;
  for (int i = 0; i < n; i++)
    values[i] = fabsf(values[i] - (float)median);
  return 1.4826 * median_of(values, n) / median;
}

/* ---------------------------------------------------------------------------------------------
 * Existing dots
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
    int x = i % s->w, y = i / s->w;
    blob.n++;
    blob.peak = fmaxf(blob.peak, smooth_contrast(s, i));
    if (raw_contrast(s, i) > blob.core_contrast) {
      blob.core_contrast = raw_contrast(s, i);
      blob.core = i;
    }
    for (int dy = -1; dy <= 1; dy++)
      for (int dx = -1; dx <= 1; dx++) {
        int nx = x + dx, ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= s->w || ny >= s->h)
          continue;
        int j = ny * s->w + nx;
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
measure_dot(DotScan *s, const Blob *blob, int max_r, guint8 *mark, SmpScarDot *dot)
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
    for (int dy = -1; dy <= 1; dy++)
      for (int dx = -1; dx <= 1; dx++) {
        int nx = x + dx, ny = y + dy;
        if (nx < 0 || ny < 0 || nx >= s->w || ny >= s->h)
          continue;
        int j = ny * s->w + nx;
        if (mark[j] || !s->valid[j] || raw_contrast(s, j) < half)
          continue;
        if (abs(nx - cx) > max_r || abs(ny - cy) > max_r) {
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
  dot->in_ring = FALSE;
  return bounded;
}

static void
find_dots(SmpScarAnalysis *a, DotScan *s)
{
  const gsize n_px = (gsize)s->w * s->h;
  const double ppm = a->px_per_mm;
  const int max_r = MAX(2, (int)ceil(0.5 * DOT_MAX_DIAMETER_MM * ppm));
  const int max_pixels = (int)(G_PI * max_r * max_r);

  /* Threshold well above the skin texture: the contrast of dot-free pixels is mostly noise. */
  Histogram *hist = g_new0(Histogram, 1);
  for (gsize i = 0; i < n_px; i++)
    if (s->valid[i])
      hist_add(hist, smooth_contrast(s, i));
  double med, sigma;
  hist_median_sigma(hist, &med, &sigma);
  g_free(hist);
  const float t0 = (float)MAX(med + 6.0 * sigma, 0.03);
  const float min_peak = (float)MAX(med + 10.0 * sigma, 0.06);

  /* First pass: the typical peak contrast of dot-sized blobs sets the real threshold, half-way
   * between skin and a faint dot, which keeps neighbouring dots apart. */
  GArray *peaks = g_array_new(FALSE, FALSE, sizeof(float));
  for (gsize i = 0; i < n_px; i++)
    if (!s->visited[i] && s->valid[i] && smooth_contrast(s, i) > t0) {
      Blob b = fill_blob(s, (int)i, t0);
      if (b.n <= max_pixels && b.peak >= min_peak)
        g_array_append_val(peaks, b.peak);
    }
  float typical = median_of((float *)peaks->data, (int)peaks->len);
  g_array_free(peaks, TRUE);
  const float t1 = fmaxf(t0, 0.4f * typical);

  memset(s->visited, 0, n_px);
  guint8 *mark = g_new0(guint8, n_px);
  GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpScarDot));
  const double min_d = DOT_MIN_DIAMETER_MM * ppm;
  for (gsize i = 0; i < n_px; i++)
    if (!s->visited[i] && s->valid[i] && smooth_contrast(s, i) > t1) {
      Blob b = fill_blob(s, (int)i, t1);
      SmpScarDot dot;
      if (b.n > max_pixels || b.peak < min_peak)
        continue;
      if (measure_dot(s, &b, max_r, mark, &dot) && dot.diameter >= min_d)
        g_array_append_val(dots, dot);
    }
  g_free(mark);
  a->n_dots = (int)dots->len;
  a->dots = (SmpScarDot *)g_array_free(dots, FALSE);
}

/* ---------------------------------------------------------------------------------------------
 * Spatial grid of points (existing dots, placed dots)
 */

typedef struct {
  double cell;
  int cw, ch;
  int *head; /* first point of each cell, -1 if none */
  int *next; /* next point in the same cell */
  double *xy;
  int n, cap;
} Grid;

static void
grid_init(Grid *g, int w, int h, double cell)
{
  g->cell = MAX(cell, 1.0);
  g->cw = MAX(1, (int)ceil(w / g->cell));
  g->ch = MAX(1, (int)ceil(h / g->cell));
  g->head = g_new(int, (gsize)g->cw * g->ch);
  for (gsize i = 0; i < (gsize)g->cw * g->ch; i++)
    g->head[i] = -1;
  g->n = 0;
  g->cap = 64;
  g->next = g_new(int, g->cap);
  g->xy = g_new(double, 2 * g->cap);
}

static void
grid_clear(Grid *g)
{
  g_free(g->head);
  g_free(g->next);
  g_free(g->xy);
}

static int
grid_add(Grid *g, double x, double y)
{
  if (g->n == g->cap) {
    g->cap *= 2;
    g->next = g_renew(int, g->next, g->cap);
    g->xy = g_renew(double, g->xy, 2 * g->cap);
  }
  int cx = CLAMP((int)(x / g->cell), 0, g->cw - 1), cy = CLAMP((int)(y / g->cell), 0, g->ch - 1);
  int c = cy * g->cw + cx, id = g->n++;
  g->xy[2 * id] = x;
  g->xy[2 * id + 1] = y;
  g->next[id] = g->head[c];
  g->head[c] = id;
  return id;
}

/* Visits the points of the cells that overlap the square of half-side `radius` around (x, y). */
typedef struct {
  const Grid *grid;
  int gx0, gx1, gy1, gx, gy, id;
} GridIter;

static void
grid_iter_init(GridIter *it, const Grid *g, double x, double y, double radius)
{
  it->grid = g;
  it->gx0 = CLAMP((int)floor((x - radius) / g->cell), 0, g->cw - 1);
  it->gx1 = CLAMP((int)floor((x + radius) / g->cell), 0, g->cw - 1);
  it->gy1 = CLAMP((int)floor((y + radius) / g->cell), 0, g->ch - 1);
  it->gy = CLAMP((int)floor((y - radius) / g->cell), 0, g->ch - 1);
  it->gx = it->gx0;
  it->id = g->head[it->gy * g->cw + it->gx];
}

/* The next point's index, or -1 at the end. */
static int
grid_iter_next(GridIter *it)
{
  const Grid *g = it->grid;
  while (it->id < 0) {
    if (++it->gx > it->gx1) {
      it->gx = it->gx0;
      if (++it->gy > it->gy1)
        return -1;
    }
    it->id = g->head[it->gy * g->cw + it->gx];
  }
  int id = it->id;
  it->id = g->next[id];
  return id;
}

/* Median distance from each dot to its nearest neighbour, px (0 with fewer than two dots). */
static double
median_neighbour_distance(const SmpScarAnalysis *a)
{
  if (a->n_dots < 2)
    return 0.0;
  Grid grid;
  grid_init(&grid, a->width, a->height, 2.0 * a->px_per_mm);
  for (int i = 0; i < a->n_dots; i++)
    grid_add(&grid, a->dots[i].x, a->dots[i].y);
  float *nn = g_new(float, a->n_dots);
  int n_nn = 0;
  for (int i = 0; i < a->n_dots; i++) {
    double best = INFINITY;
    for (double r = grid.cell; isinf(best) || r < best + grid.cell; r += grid.cell) {
      if (r > a->width + a->height + grid.cell)
        break;
      best = INFINITY;
      GridIter it;
      grid_iter_init(&it, &grid, a->dots[i].x, a->dots[i].y, r);
      for (int j; (j = grid_iter_next(&it)) >= 0;)
        if (j != i)
          best =
              fmin(best, hypot(grid.xy[2 * j] - a->dots[i].x, grid.xy[2 * j + 1] - a->dots[i].y));
    }
    if (!isinf(best))
      nn[n_nn++] = (float)best;
  }
  double median = median_of(nn, n_nn);
  g_free(nn);
  grid_clear(&grid);
  return median;
}

/* Squared distance (px²) from each pixel centre to the nearest dot centre, exact up to `cap`
 * px (beyond it, some value above cap²): squares stamped around the dots. */
static void
dot_distance2(const SmpScarAnalysis *a, float cap, float *d2)
{
  const int w = a->width, h = a->height;
  const float far = 4.0f * cap * cap + 1.0f;
  for (gsize i = 0; i < (gsize)w * h; i++)
    d2[i] = far;
  for (int k = 0; k < a->n_dots; k++) {
    const float cx = a->dots[k].x, cy = a->dots[k].y;
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

/* ---------------------------------------------------------------------------------------------
 * Scar tissue
 */

/* A horizontal run of equal mask values: pixels [x0, x1) of row y. */
typedef struct {
  int y, x0, x1;
} Run;

/* Decides whether to keep a component, given its runs, its area and whether it touches the plane's
 * border. */
typedef gboolean (*ComponentTest)(const Run *runs, gsize n_runs, gsize area, gboolean border,
                                  gpointer data);

static int
run_root(int *parent, int i)
{
  while (parent[i] != i) {
    parent[i] = parent[parent[i]];
    i = parent[i];
  }
  return i;
}

/* Finds the 4-connected components of mask == value as runs joined with a union-find, asks `keep`
 * about each, and sets the pixels of the rejected ones to `replace`. Cost: one scan of the mask
 * plus work per run, however large the components. */
static void
filter_components(guint8 *mask, int w, int h, guint8 value, guint8 replace, ComponentTest keep,
                  gpointer data)
{
  GArray *runs = g_array_new(FALSE, FALSE, sizeof(Run));
  GArray *parents = g_array_new(FALSE, FALSE, sizeof(int));
  int prev_start = 0, prev_end = 0; /* runs of the previous row */
  for (int y = 0; y < h; y++) {
    const guint8 *row = mask + (gsize)y * w;
    const int row_start = (int)runs->len;
    for (int x = 0; x < w;) {
      if (row[x] != value) {
        const guint8 *next = memchr(row + x, value, w - x);
        if (!next)
          break;
        x = (int)(next - row);
      }
      int x0 = x;
      while (x < w && row[x] == value)
        x++;
      Run run = {y, x0, x};
      int id = (int)runs->len;
      g_array_append_val(runs, run);
      g_array_append_val(parents, id);
    }
    /* join with the overlapping runs of the row above */
    int *parent = (int *)parents->data;
    const Run *r = (const Run *)runs->data;
    for (int i = row_start, j = prev_start; i < (int)runs->len && j < prev_end;) {
      if (r[j].x1 <= r[i].x0) {
        j++;
        continue;
      }
      if (r[i].x1 <= r[j].x0) {
        i++;
        continue;
      }
      int a = run_root(parent, i), b = run_root(parent, j);
      if (a != b)
        parent[MAX(a, b)] = MIN(a, b);
      if (r[i].x1 < r[j].x1)
        i++;
      else
        j++;
    }
    prev_start = row_start;
    prev_end = (int)runs->len;
  }

  const int n = (int)runs->len;
  int *parent = (int *)parents->data;
  const Run *r = (const Run *)runs->data;
  /* group the runs by component: counting sort on the root */
  int *start = g_new0(int, n + 1), *order = g_new(int, MAX(n, 1));
  for (int i = 0; i < n; i++)
    start[run_root(parent, i) + 1]++;
  for (int i = 0; i < n; i++)
    start[i + 1] += start[i];
  int *fill = g_memdup2(start, sizeof(int) * (n + 1));
  for (int i = 0; i < n; i++)
    order[fill[parent[i]]++] = i;
  Run *group = g_new(Run, MAX(n, 1));
  for (int root = 0; root < n; root++) {
    int m = start[root + 1] - start[root];
    if (m == 0)
      continue;
    gsize area = 0;
    gboolean border = FALSE;
    for (int k = 0; k < m; k++) {
      const Run *run = &r[order[start[root] + k]];
      group[k] = *run;
      area += run->x1 - run->x0;
      border |= run->y == 0 || run->y == h - 1 || run->x0 == 0 || run->x1 == w;
    }
    if (!keep(group, m, area, border, data))
      for (int k = 0; k < m; k++)
        memset(mask + (gsize)group[k].y * w + group[k].x0, replace, group[k].x1 - group[k].x0);
  }
  g_free(group);
  g_free(fill);
  g_free(order);
  g_free(start);
  g_array_free(parents, TRUE);
  g_array_free(runs, TRUE);
}

typedef struct {
  const guint8 *seed; /* smooth-enough pixels */
  gsize min_area;
  int width;
} ScarTest;

static gboolean
keep_scar(const Run *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
{
  const ScarTest *t = data;
  if (area < t->min_area)
    return FALSE;
  for (gsize k = 0; k < n_runs; k++) {
    const guint8 *seed = t->seed + (gsize)runs[k].y * t->width;
    for (int x = runs[k].x0; x < runs[k].x1; x++)
      if (seed[x])
        return TRUE;
  }
  return FALSE;
}

static gboolean
keep_large(const Run *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
{
  return area >= *(const gsize *)data;
}

static gboolean
keep_hole(const Run *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
{
  return border || area >= *(const gsize *)data;
}

typedef struct {
  guint8 *mask;
  const float *excess; /* lightness above the local skin level, window mean */
  const float *fine;   /* the same per pixel (lightly blurred) */
  int width;
} ScarEdge;

/* Moves a scar's edge to half its lightness step, pixel by pixel, where a soft edge really is,
 * rather than where the window first sees it. */
static gboolean
refine_scar(const Run *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
{
  const ScarEdge *e = data;
  float *values = g_new(float, area);
  gsize n = 0;
  for (gsize k = 0; k < n_runs; k++)
    for (int x = runs[k].x0; x < runs[k].x1; x++)
      values[n++] = e->excess[(gsize)runs[k].y * e->width + x];
  /* the step is what most of the interior shows, even for a scar hardly wider than the window */
  qsort(values, n, sizeof(float), compare_float);
  float half = 0.5f * values[(gsize)(0.9 * (n - 1))];
  g_free(values);
  for (gsize k = 0; k < n_runs; k++)
    for (int x = runs[k].x0; x < runs[k].x1; x++) {
      gsize i = (gsize)runs[k].y * e->width + x;
      if (e->fine[i] < half)
        e->mask[i] = 0;
    }
  return TRUE;
}

/* Finds the scar: pixels whose dot-free lightness, averaged over a small window, stands clearly
 * above the skin level around them; a light region counts when part of it is at most as rough as
 * the skin (scar tissue is smooth), and when it is not a speck. Its edge is then put half-way up
 * its lightness step. */
static void
find_scar(SmpScarAnalysis *a, const float *skin, const float *smooth_luma, const guint8 *dot_px,
          const guint8 *valid, const float *dot_d2)
{
  const int w = a->width, h = a->height;
  const gsize n_px = (gsize)w * h;
  const double ppm = a->px_per_mm;
  const int rv = MAX(1, (int)lround(TEXTURE_RADIUS_MM * ppm));
  const double near2 = (NEAR_DOT_MM * ppm) * (NEAR_DOT_MM * ppm);
  float *mean = plane_new(w, h), *var = plane_new(w, h), *tmp = plane_new(w, h);
  float *count = plane_new(w, h);

  /* Local mean and variance of the photo around the dots (a closing would also fill skin gaps
   * between nearby light scars): masked sums over the window, in one pass along the rows for the
   * count, sum and sum of squares, then one down the columns; the closing stands in where a
   * window sees nothing but dot. */
  float *square = plane_new(w, h);
  float *line_c = g_new0(float, w + 2 * rv), *line_s = g_new0(float, w + 2 * rv),
        *line_q = g_new0(float, w + 2 * rv);
  for (int y = 0; y < h; y++) {
    const gsize row = (gsize)y * w;
    for (int x = 0; x < w; x++) {
      float keep = dot_px[row + x] ? 0.0f : 1.0f, v = smooth_luma[row + x] * keep;
      line_c[rv + x] = keep;
      line_s[rv + x] = v;
      line_q[rv + x] = v * v;
    }
    float *c = count + row, *sm = tmp + row, *q = square + row;
    memcpy(c, line_c, sizeof(float) * w);
    memcpy(sm, line_s, sizeof(float) * w);
    memcpy(q, line_q, sizeof(float) * w);
    for (int o = 1; o <= 2 * rv; o++)
      for (int x = 0; x < w; x++) {
        c[x] += line_c[x + o];
        sm[x] += line_s[x + o];
        q[x] += line_q[x + o];
      }
  }
  g_free(line_c);
  g_free(line_s);
  g_free(line_q);
  float *col_c = g_new(float, w), *col_s = g_new(float, w), *col_q = g_new(float, w);
  for (int y = 0; y < h; y++) {
    const int y0 = MAX(y - rv, 0), y1 = MIN(y + rv, h - 1);
    memcpy(col_c, count + (gsize)y0 * w, sizeof(float) * w);
    memcpy(col_s, tmp + (gsize)y0 * w, sizeof(float) * w);
    memcpy(col_q, square + (gsize)y0 * w, sizeof(float) * w);
    for (int yy = y0 + 1; yy <= y1; yy++) {
      const float *c = count + (gsize)yy * w, *sm = tmp + (gsize)yy * w,
                  *q = square + (gsize)yy * w;
      for (int x = 0; x < w; x++) {
        col_c[x] += c[x];
        col_s[x] += sm[x];
        col_q[x] += q[x];
      }
    }
    const gsize row = (gsize)y * w;
    for (int x = 0; x < w; x++) {
      if (col_c[x] < 0.5f) {
        mean[row + x] = skin[row + x];
        var[row + x] = INFINITY;
      } else {
        float m = col_s[x] / col_c[x];
        mean[row + x] = m;
        var[row + x] = fmaxf(col_q[x] / col_c[x] - m * m, 0.0f);
      }
    }
  }
  g_free(col_c);
  g_free(col_s);
  g_free(col_q);
  g_free(square);

  /* Skin level and texture: from skin next to existing dots (certainly not scar), or from every
   * pixel when the photo shows no dots. */
  gboolean use_near = a->n_dots >= MIN_RING_DOTS;
  Histogram *hist = g_new0(Histogram, 1), *tex = g_new0(Histogram, 1);
  for (gsize i = 0; i < n_px; i++)
    if (valid[i] && (!use_near || dot_d2[i] <= near2)) {
      hist_add(hist, mean[i]);
      hist_add(tex, sqrtf(var[i]));
    }
  double level, level_sigma, texture, texture_sigma;
  hist_median_sigma(hist, &level, &level_sigma);
  hist_median_sigma(tex, &texture, &texture_sigma);
  g_free(hist);
  g_free(tex);
  const float lighter = (float)MAX(4.0 * level_sigma, 0.02);
  const float smooth = (float)(texture + 2.0 * texture_sigma + 0.002);

  guint8 *seed = g_new0(guint8, n_px);
  for (gsize i = 0; i < n_px; i++)
    seed[i] = valid[i] && sqrtf(var[i]) <= smooth;

  /* The local skin level follows slow lighting changes: a masked mean over a window wider than
   * the scar, falling back to the global level where the window sees no skin. A field this smooth
   * is summed over blocks and interpolated between their centres. */
  const int rs = MAX(1, (int)lround(SKIN_LEVEL_RADIUS_MM * ppm));
  const int q = MAX(1, rs / 8), bw = (w + q - 1) / q, bh = (h + q - 1) / q, rb = MAX(1, rs / q);
  float *block_sum = g_new0(float, (gsize)bw *bh), *block_count = g_new0(float, (gsize)bw *bh);
  float *block_tmp = g_new(float, (gsize)bw *bh);
  for (int y = 0; y < h; y++) {
    float *sum_row = block_sum + (gsize)(y / q) * bw,
          *count_row = block_count + (gsize)(y / q) * bw;
    for (int bx = 0, x0 = 0; bx < bw; bx++, x0 += q)
      for (int x = x0; x < MIN(x0 + q, w); x++) {
        gsize i = (gsize)y * w + x;
        if (valid[i] && (!use_near || dot_d2[i] <= near2) && mean[i] < level + lighter) {
          sum_row[bx] += mean[i];
          count_row[bx] += 1.0f;
        }
      }
  }
  box_sum(block_sum, block_sum, block_tmp, bw, bh, rb);
  box_sum(block_count, block_count, block_tmp, bw, bh, rb);
  const float min_support = (float)(0.02 * (2 * rb + 1) * (2 * rb + 1) * q * q);
  for (gsize b = 0; b < (gsize)bw * bh; b++)
    block_tmp[b] = block_count[b] >= min_support ? block_sum[b] / block_count[b] : (float)level;
  float *excess = var; /* the variance is not needed any more */
  int *col = g_new(int, w);
  float *col_t = g_new(float, w);
  for (int x = 0; x < w; x++) {
    float fx = CLAMP((x + 0.5f) / q - 0.5f, 0.0f, (float)(bw - 1));
    col[x] = MAX(0, MIN((int)fx, bw - 2));
    col_t[x] = fx - col[x];
  }
  const int bx_last = bw - 1;
  for (int y = 0; y < h; y++) {
    float fy = CLAMP((y + 0.5f) / q - 0.5f, 0.0f, (float)(bh - 1));
    int by = MAX(0, MIN((int)fy, bh - 2)), by1 = MIN(by + 1, bh - 1);
    float ty = fy - by;
    const float *r0 = block_tmp + (gsize)by * bw, *r1 = block_tmp + (gsize)by1 * bw;
    for (int x = 0; x < w; x++) {
      int bx = col[x], bx1 = MIN(bx + 1, bx_last);
      float tx = col_t[x];
      float local = (1.0f - ty) * ((1.0f - tx) * r0[bx] + tx * r0[bx1]) +
                    ty * ((1.0f - tx) * r1[bx] + tx * r1[bx1]);
      gsize i = (gsize)y * w + x;
      excess[i] = mean[i] - local;
      a->scar[i] = valid[i] && excess[i] > lighter;
    }
  }
  g_free(col);
  g_free(col_t);
  g_free(block_sum);
  g_free(block_count);
  g_free(block_tmp);

  const gsize min_area = (gsize)ceil(SCAR_MIN_AREA_MM2 * ppm * ppm);
  ScarTest test = {seed, min_area, w};
  filter_components(a->scar, w, h, 1, 0, keep_scar, &test);
  /* per-pixel excess: the photo instead of the window mean, except on dots */
  float *fine = count;
  for (gsize i = 0; i < n_px; i++)
    fine[i] = dot_px[i] ? excess[i] : excess[i] + smooth_luma[i] - mean[i];
  ScarEdge edge = {a->scar, excess, fine, w};
  filter_components(a->scar, w, h, 1, 0, refine_scar, &edge);
  filter_components(a->scar, w, h, 1, 0, keep_large, (gpointer)&min_area);
  gsize hole = (gsize)ceil(SCAR_HOLE_MM2 * ppm * ppm);
  filter_components(a->scar, w, h, 0, 1, keep_hole, &hole);
  for (gsize i = 0; i < n_px; i++)
    a->scar[i] = a->scar[i] && valid[i];

  a->skin_luma = level;
  g_free(seed);
  g_free(mean);
  g_free(var);
  g_free(tmp);
  g_free(count);
}

/* ---------------------------------------------------------------------------------------------
 * Analysis
 */

SmpScarAnalysis *
smp_scar_analyse(const float *luma, const float *alpha, int width, int height,
                 const SmpScarSettings *settings)
{
  SmpScarAnalysis *a = g_new0(SmpScarAnalysis, 1);
  a->width = MAX(width, 0);
  a->height = MAX(height, 0);
  a->px_per_mm = settings->px_per_mm;
  a->detect = settings->detect;
  const int w = a->width, h = a->height;
  const gsize n_px = (gsize)w * h;
  if (n_px == 0 || !(settings->px_per_mm > 0.0))
    return a;
  const double ppm = settings->px_per_mm;

  guint8 *valid = g_new(guint8, n_px);
  gsize n_valid = 0;
  for (gsize i = 0; i < n_px; i++)
    n_valid += valid[i] = alpha ? alpha[i] >= 0.5f : 1;
  a->scar = g_new0(guint8, n_px);
  a->scar_dist = plane_new(w, h);
  a->ring_skin = g_new0(guint8, n_px);
  if (n_valid == 0) {
    for (gsize i = 0; i < n_px; i++)
      a->scar_dist[i] = INFINITY;
    g_free(valid);
    return a;
  }

  /* Dot-free skin level: closing of the lightly blurred luminance, clamped a little above its
   * median first so that light scar tissue cannot lift the level of the skin beside it (the
   * closing fills skin corners next to a light region, which then look dark). */
  float *smooth = plane_new(w, h), *skin = plane_new(w, h), *tmp = plane_new(w, h);
  blur3(luma, smooth, w, h);
  Histogram *hist = g_new0(Histogram, 1);
  for (gsize i = 0; i < n_px; i++)
    if (valid[i])
      hist_add(hist, smooth[i]);
  double median, sigma;
  hist_median_sigma(hist, &median, &sigma);
  g_free(hist);
  const float ceiling = (float)(median + MAX(4.0 * sigma, SKIN_CEILING));
  for (gsize i = 0; i < n_px; i++)
    skin[i] = fminf(smooth[i], ceiling);
  closing(skin, tmp, w, h, MAX(1, (int)lround(CLOSING_RADIUS_MM * ppm)));

  DotScan scan = {w, h, luma, smooth, skin, valid, g_new0(guint8, n_px), g_new(int, 4096), 4096};
  find_dots(a, &scan);
  g_free(scan.stack);
  dilate3(scan.visited, tmp, w, h); /* dot pixels and their soft edges */

  /* Distance to the nearest existing dot, as far as anything reads it: up to a typical neighbour
   * distance (the reach of the measured region) or the "near dots" distance. */
  const double reach = median_neighbour_distance(a);
  float *dot_d2 = tmp;
  dot_distance2(a, (float)(MAX(MAX(NEAR_DOT_MM, DOT_MAX_DIAMETER_MM) * ppm, reach) + 2.0), dot_d2);

  if (settings->detect == SMP_SCAR_DETECT_WHOLE_AREA)
    memcpy(a->scar, valid, n_px);
  else
    find_scar(a, skin, smooth, scan.visited, valid, dot_d2);
  g_free(smooth);
  g_free(scan.visited);
  for (gsize i = 0; i < n_px; i++)
    a->scar_pixels += a->scar[i];
  scar_distance(a->scar, a->scar_dist, w, h,
                (float)(MAX(RING_WIDTH_MM, settings->feather_mm) * ppm + 2.0));

  /* Surroundings: the ring outside the scar (whole-area mode: everything), restricted to the part
   * that carries dots, i.e. within a typical neighbour distance of one, so that bare skin at the
   * edge of the area does not dilute the density. */
  const gboolean whole = settings->detect == SMP_SCAR_DETECT_WHOLE_AREA;
  const double ring = MAX(RING_WIDTH_MM, settings->feather_mm) * ppm;
  const double margin = MAX(1.0, RING_MARGIN_MM * ppm);

  gsize ring_px = 0;
  for (gsize i = 0; i < n_px; i++) {
    gboolean in = valid[i] && (whole || (a->scar_dist[i] >= margin && a->scar_dist[i] <= ring)) &&
                  dot_d2[i] <= reach * reach;
    a->ring_skin[i] = in;
    ring_px += in;
  }
  float *diam = g_new(float, MAX(a->n_dots, 1)), *contrast = g_new(float, MAX(a->n_dots, 1));
  for (int k = 0; k < a->n_dots; k++) {
    SmpScarDot *d = &a->dots[k];
    gsize i = (gsize)CLAMP((int)d->y, 0, h - 1) * w + CLAMP((int)d->x, 0, w - 1);
    d->in_ring = a->ring_skin[i] != 0;
    if (d->in_ring) {
      diam[a->ring_dots] = d->diameter;
      contrast[a->ring_dots] = d->contrast;
      a->ring_dots++;
    }
  }
  a->ring_area_mm2 = ring_px / (ppm * ppm);
  if (a->ring_dots >= MIN_RING_DOTS) {
    a->dots_found = TRUE;
    a->density = a->ring_dots / (a->ring_area_mm2 / 100.0);
    a->dot_diameter_mm = median_of(diam, a->ring_dots) / ppm;
    a->dot_contrast = median_of(contrast, a->ring_dots);
    a->dot_diameter_spread = relative_spread(diam, a->ring_dots, a->dot_diameter_mm * ppm);
    a->dot_contrast_spread = relative_spread(contrast, a->ring_dots, a->dot_contrast);
  }
  if (whole) {
    Histogram *hist = g_new0(Histogram, 1);
    double sigma;
    for (gsize i = 0; i < n_px; i++)
      if (valid[i])
        hist_add(hist, skin[i]);
    hist_median_sigma(hist, &a->skin_luma, &sigma);
    g_free(hist);
  }

  /* Skin pixels of the ring for the colour measurement: away from every dot. */
  a->ring_y0 = h;
  a->ring_y1 = 0;
  const double clear = MAX(1.5, a->dot_diameter_mm * ppm);
  for (gsize i = 0; i < n_px; i++)
    if ((a->ring_skin[i] = a->ring_skin[i] && dot_d2[i] > clear * clear)) {
      a->ring_y0 = MIN(a->ring_y0, (int)(i / w));
      a->ring_y1 = (int)(i / w) + 1;
    }
  for (int k = 0; k < a->n_dots; k++)
    if (a->dots[k].in_ring) {
      a->ring_y0 = MIN(a->ring_y0, a->dots[k].core_y);
      a->ring_y1 = MAX(a->ring_y1, a->dots[k].core_y + 1);
    }

  g_free(diam);
  g_free(contrast);
  g_free(skin);
  g_free(tmp);
  g_free(valid);
  return a;
}

void
smp_scar_sample_colours(SmpScarAnalysis *a, const float *rgba, int y0, int n_rows)
{
  if (!a->ring_skin || a->width == 0)
    return;
  if (!a->dot_core_rgb)
    a->dot_core_rgb = g_new0(float, 3 * (gsize)MAX(a->n_dots, 1));
  for (int r = 0; r < n_rows; r++) {
    int y = y0 + r;
    if (y < 0 || y >= a->height)
      continue;
    const float *row = rgba + (gsize)r * a->width * 4;
    const guint8 *mask = a->ring_skin + (gsize)y * a->width;
    for (int x = 0; x < a->width; x++)
      if (mask[x]) {
        for (int c = 0; c < 3; c++)
          a->skin_sum[c] += row[4 * x + c];
        a->skin_count++;
      }
  }
  for (int k = 0; k < a->n_dots; k++) {
    const SmpScarDot *d = &a->dots[k];
    if (d->in_ring && d->core_y >= y0 && d->core_y < y0 + n_rows)
      memcpy(a->dot_core_rgb + 3 * k, rgba + ((gsize)(d->core_y - y0) * a->width + d->core_x) * 4,
             3 * sizeof(float));
  }
}

void
smp_scar_finish_colours(SmpScarAnalysis *a)
{
  a->colours_found = FALSE;
  if (!a->dots_found || a->skin_count == 0 || !a->dot_core_rgb)
    return;
  float *channel = g_new(float, a->ring_dots);
  for (int c = 0; c < 3; c++) {
    int n = 0;
    for (int k = 0; k < a->n_dots; k++)
      if (a->dots[k].in_ring)
        channel[n++] = a->dot_core_rgb[3 * k + c];
    a->dot_rgb[c] = median_of(channel, n);
    a->skin_rgb[c] = (float)(a->skin_sum[c] / a->skin_count);
  }
  g_free(channel);
  a->colours_found = TRUE;
}

void
smp_scar_analysis_free(SmpScarAnalysis *a)
{
  if (!a)
    return;
  g_free(a->scar);
  g_free(a->scar_dist);
  g_free(a->dots);
  g_free(a->ring_skin);
  g_free(a->dot_core_rgb);
  g_free(a);
}

/* ---------------------------------------------------------------------------------------------
 * Placement of new dots
 */

static float
scar_distance_at(const SmpScarAnalysis *a, double x, double y)
{
  int ix = CLAMP((int)floor(x), 0, a->width - 1), iy = CLAMP((int)floor(y), 0, a->height - 1);
  return a->scar_dist[(gsize)iy * a->width + ix];
}

double
smp_scar_feather_weight(const SmpScarAnalysis *a, double x, double y, double band_px)
{
  if (a->scar_pixels == 0 || a->width == 0 || a->height == 0)
    return 0.0;
  double d = scar_distance_at(a, x, y);
  if (d <= 0.0)
    return 1.0;
  if (d >= band_px)
    return 0.0;
  return 0.5 * (1.0 + cos(G_PI * d / band_px));
}

typedef struct {
  double y, x;
  gsize index;
} CandidateKey;

static int
compare_keys(const void *pa, const void *pb)
{
  const CandidateKey *a = pa, *b = pb;
  if (a->y != b->y)
    return a->y < b->y ? -1 : 1;
  if (a->x != b->x)
    return a->x < b->x ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

/* Adds to (dx, dy) the move that takes (x, y) to `need` from (ox, oy) if it is closer; TRUE if it
 * was. Coincident points part in direction `part` (radians). */
static gboolean
push_away(double x, double y, double ox, double oy, double need, double part, double *dx,
          double *dy)
{
  double dist = hypot(x - ox, y - oy);
  if (dist >= need)
    return FALSE;
  double ux = dist > 1e-6 ? (x - ox) / dist : cos(part);
  double uy = dist > 1e-6 ? (y - oy) / dist : sin(part);
  *dx += (need - dist) * ux;
  *dy += (need - dist) * uy;
  return TRUE;
}

/* Distances between dots, in units of the fill spacing d. */
#define SOFT_IN_SCAR 0.45 /* a new dot in the scar moves this far from existing dots if it can */
#define HARD_IN_SCAR 0.25 /* ... and never comes closer than this (nor do footprints overlap) */
#define GAP 0.7           /* outside the scar, only gaps this far from every dot take a new one */
#define SOFT_APART 0.5    /* new dots from each other, if they can */
#define HARD_APART 0.3
#define MAX_MOVE 0.5
#define PUSH_ROUNDS 8

typedef struct {
  const SmpScarAnalysis *a;
  const Grid *old, *placed;
  double d, reach, radius;
  gboolean gap_mode; /* outside the scar: fill gaps only */
} Conflicts;

/* Minimum distances from the dot at (x, y) to an existing dot j and to a new dot. */
static double
need_old(const Conflicts *k, int j, gboolean hard)
{
  double footprints = 0.5 * k->a->dots[j].diameter + 1.0 + k->radius;
  double rule = k->gap_mode ? GAP : hard ? HARD_IN_SCAR : SOFT_IN_SCAR;
  return fmax(rule * k->d, footprints);
}

static double
need_new(const Conflicts *k, gboolean hard)
{
  return fmax((hard ? HARD_APART : SOFT_APART) * k->d, 2.0 * k->radius + 1.0);
}

/* The move that takes (x, y) clear of every conflict (summed pushes); FALSE if there is none. */
static gboolean
conflicts(const Conflicts *k, double x, double y, gboolean hard, double part, double *dx,
          double *dy)
{
  gboolean any = FALSE;
  GridIter it;
  *dx = *dy = 0.0;
  grid_iter_init(&it, k->old, x, y, k->reach);
  for (int j; (j = grid_iter_next(&it)) >= 0;)
    any |= push_away(x, y, k->old->xy[2 * j], k->old->xy[2 * j + 1], need_old(k, j, hard), part, dx,
                     dy);
  grid_iter_init(&it, k->placed, x, y, k->reach);
  for (int j; (j = grid_iter_next(&it)) >= 0;)
    any |= push_away(x, y, k->placed->xy[2 * j], k->placed->xy[2 * j + 1], need_new(k, hard), part,
                     dx, dy);
  return any;
}

gsize
smp_scar_place(const SmpScarAnalysis *a, const SmpScarPlacement *p, SmpScarCandidate *cand, gsize n,
               gboolean *keep)
{
  for (gsize i = 0; i < n; i++)
    keep[i] = FALSE;
  if (n == 0 || a->scar_pixels == 0 || !(p->spacing_px > 0.0))
    return 0;

  const double d = p->spacing_px;
  const gboolean whole = a->detect == SMP_SCAR_DETECT_WHOLE_AREA;
  double max_dot_r = 0.0, max_new_r = 0.0;
  for (int k = 0; k < a->n_dots; k++)
    max_dot_r = fmax(max_dot_r, 0.5 * a->dots[k].diameter + 1.0);
  for (gsize i = 0; i < n; i++)
    max_new_r = fmax(max_new_r, cand[i].radius);
  const double reach = fmax(GAP * d, max_dot_r + 2.0 * max_new_r + 2.0) + 1.0;

  Grid old, placed;
  grid_init(&old, a->width, a->height, fmax(reach, 4.0));
  grid_init(&placed, a->width, a->height, fmax(reach, 4.0));
  for (int k = 0; k < a->n_dots; k++)
    grid_add(&old, a->dots[k].x, a->dots[k].y);

  CandidateKey *order = g_new(CandidateKey, n);
  for (gsize i = 0; i < n; i++)
    order[i] = (CandidateKey){cand[i].y, cand[i].x, i};
  qsort(order, n, sizeof(CandidateKey), compare_keys);

  gsize kept = 0;
  for (gsize o = 0; o < n; o++) {
    SmpScarCandidate *c = &cand[order[o].index];
    const gboolean in_scar = scar_distance_at(a, c->x, c->y) <= 0.0f;
    Conflicts k = {a, &old, &placed, d, reach, c->radius, whole || !in_scar};
    /* direction in which to part from a point at the very same place */
    const double part = 2.0 * G_PI * ((double)o + 0.5) / (double)n;
    double x = c->x, y = c->y, dx, dy;

    /* Push the dot towards the soft distances; it stays on its side of the scar's edge (its
     * density was decided there) and within reach of where the pattern put it. */
    for (int round = 0; round < PUSH_ROUNDS && conflicts(&k, x, y, FALSE, part, &dx, &dy);
         round++) {
      /* a shorter step where the full one would cross the edge: small scars stay reachable */
      double step = 1.0;
      while (step > 0.1 &&
             ((scar_distance_at(a, x + step * dx, y + step * dy) <= 0.0f) != in_scar ||
              hypot(x + step * dx - c->x, y + step * dy - c->y) > MAX_MOVE * d))
        step *= 0.5;
      if (step <= 0.1)
        break;
      x += step * dx;
      y += step * dy;
    }
    if (conflicts(&k, x, y, TRUE, part, &dx, &dy))
      continue;
    /* the footprint stays inside the area and inside the feather band */
    if (x - c->radius < 0.0 || y - c->radius < 0.0 || x + c->radius > a->width ||
        y + c->radius > a->height)
      continue;
    if (!in_scar && scar_distance_at(a, x, y) + c->radius + 1.0 > p->band_px)
      continue;
    c->x = x;
    c->y = y;
    keep[order[o].index] = TRUE;
    grid_add(&placed, x, y);
    kept++;
  }
  g_free(order);
  grid_clear(&old);
  grid_clear(&placed);
  return kept;
}
