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
#define RING_WIDTH_MM 8.0         /* surroundings measured up to this far from the scar */
#define DOT_MAX_DIAMETER_MM 1.2
#define DOT_MIN_DIAMETER_MM 0.04
#define SCAR_MIN_AREA_MM2 0.2 /* smaller light specks are skin texture */
#define SCAR_HOLE_MM2 1.0     /* smaller dark islands inside a scar belong to it */
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

static void
transpose(const float *in, float *out, int w, int h)
{
  enum { B = 32 };
  for (int y0 = 0; y0 < h; y0 += B)
    for (int x0 = 0; x0 < w; x0 += B)
      for (int y = y0; y < MIN(y0 + B, h); y++)
        for (int x = x0; x < MIN(x0 + B, w); x++)
          out[(gsize)x * h + y] = in[(gsize)y * w + x];
}

/* Running maximum (or minimum) over [i - r, i + r] of every row, in place, by van Herk/Gil-Werman
 * blocks of 2r + 1 on a line padded with the neutral value: three comparisons per pixel for any r.
 */
static void
rows_extreme(float *plane, int w, int h, int r, gboolean is_max)
{
  const int k = 2 * r + 1, n = w + 2 * r;
  const float pad = is_max ? -INFINITY : INFINITY;
  float *line = g_new(float, n), *g = g_new(float, n), *hh = g_new(float, n);

  for (int y = 0; y < h; y++) {
    float *row = plane + (gsize)y * w;
    for (int i = 0; i < r; i++)
      line[i] = line[r + w + i] = pad;
    memcpy(line + r, row, sizeof(float) * w);
    for (int b = 0; b < n; b += k) {
      int e = MIN(b + k, n) - 1;
      g[b] = line[b];
      for (int i = b + 1; i <= e; i++)
        g[i] = is_max ? fmaxf(g[i - 1], line[i]) : fminf(g[i - 1], line[i]);
      hh[e] = line[e];
      for (int i = e - 1; i >= b; i--)
        hh[i] = is_max ? fmaxf(hh[i + 1], line[i]) : fminf(hh[i + 1], line[i]);
    }
    for (int x = 0; x < w; x++)
      row[x] = is_max ? fmaxf(hh[x], g[x + 2 * r]) : fminf(hh[x], g[x + 2 * r]);
  }
  g_free(line);
  g_free(g);
  g_free(hh);
}

/* Grey-level closing with a (2r+1)² square: removes dark features narrower than the square and
 * keeps light ones and step edges where they are. `tmp` holds one plane. */
static void
closing(float *plane, float *tmp, int w, int h, int r)
{
  rows_extreme(plane, w, h, r, TRUE);
  transpose(plane, tmp, w, h);
  rows_extreme(tmp, h, w, r, TRUE);
  rows_extreme(tmp, h, w, r, FALSE);
  transpose(tmp, plane, h, w);
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

/* out = sum of `in` over the (2r+1)² window clamped to the plane (running sums in double, so the
 * cost does not depend on r). `in` may be NULL: sums of 1. `tmp` holds one plane. */
static void
box_sum(const float *in, float *out, float *tmp, int w, int h, int r)
{
  for (int y = 0; y < h; y++) {
    const float *row = in ? in + (gsize)y * w : NULL;
    float *dst = tmp + (gsize)y * w;
    double acc = 0.0;
    for (int x = 0; x <= MIN(r, w - 1); x++)
      acc += row ? row[x] : 1.0;
    for (int x = 0; x < w; x++) {
      dst[x] = (float)acc;
      if (x + r + 1 < w)
        acc += row ? row[x + r + 1] : 1.0;
      if (x - r >= 0)
        acc -= row ? row[x - r] : 1.0;
    }
  }
  double *acc = g_new0(double, w);
  for (int y = 0; y <= MIN(r, h - 1); y++)
    for (int x = 0; x < w; x++)
      acc[x] += tmp[(gsize)y * w + x];
  for (int y = 0; y < h; y++) {
    float *dst = out + (gsize)y * w;
    const float *add = y + r + 1 < h ? tmp + (gsize)(y + r + 1) * w : NULL;
    const float *sub = y - r >= 0 ? tmp + (gsize)(y - r) * w : NULL;
    for (int x = 0; x < w; x++) {
      dst[x] = (float)acc[x];
      if (add)
        acc[x] += add[x];
      if (sub)
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

/* ---------------------------------------------------------------------------------------------
 * Scar tissue
 */

/* Labels the 4-connected components of mask == value; calls keep (component pixel list) and
 * clears (sets to `replace`) the components it rejects. */
typedef gboolean (*ComponentTest)(const int *pixels, gsize n, gboolean touches_border,
                                  gpointer data);

static void
filter_components(guint8 *mask, int w, int h, guint8 value, guint8 replace, ComponentTest keep,
                  gpointer data)
{
  const gsize n_px = (gsize)w * h;
  guint8 *seen = g_new0(guint8, n_px);
  GArray *pixels = g_array_new(FALSE, FALSE, sizeof(int));
  for (gsize start = 0; start < n_px; start++) {
    if (seen[start] || mask[start] != value)
      continue;
    g_array_set_size(pixels, 0);
    gboolean border = FALSE;
    int s = (int)start;
    seen[s] = 1;
    g_array_append_val(pixels, s);
    for (guint k = 0; k < pixels->len; k++) {
      int i = g_array_index(pixels, int, k), x = i % w, y = i / w;
      if (x == 0 || y == 0 || x == w - 1 || y == h - 1)
        border = TRUE;
      const int nb[4][2] = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
      for (int m = 0; m < 4; m++) {
        int nx = nb[m][0], ny = nb[m][1];
        if (nx < 0 || ny < 0 || nx >= w || ny >= h)
          continue;
        int j = ny * w + nx;
        if (!seen[j] && mask[j] == value) {
          seen[j] = 1;
          g_array_append_val(pixels, j);
        }
      }
    }
    if (!keep((const int *)pixels->data, pixels->len, border, data))
      for (guint k = 0; k < pixels->len; k++)
        mask[g_array_index(pixels, int, k)] = replace;
  }
  g_array_free(pixels, TRUE);
  g_free(seen);
}

typedef struct {
  const guint8 *seed; /* smooth-enough pixels */
  gsize min_area;
} ScarTest;

static gboolean
keep_scar(const int *pixels, gsize n, gboolean border, gpointer data)
{
  const ScarTest *t = data;
  if (n < t->min_area)
    return FALSE;
  for (gsize k = 0; k < n; k++)
    if (t->seed[pixels[k]])
      return TRUE;
  return FALSE;
}

static gboolean
keep_large(const int *pixels, gsize n, gboolean border, gpointer data)
{
  return n >= *(const gsize *)data;
}

static gboolean
keep_hole(const int *pixels, gsize n, gboolean border, gpointer data)
{
  return border || n >= *(const gsize *)data;
}

typedef struct {
  guint8 *mask;
  const float *excess; /* lightness above the local skin level */
} ScarEdge;

/* Moves a scar's edge to half its lightness step, where a soft edge really is, rather than where
 * the window first sees it. */
static gboolean
refine_scar(const int *pixels, gsize n, gboolean border, gpointer data)
{
  const ScarEdge *e = data;
  float *values = g_new(float, n);
  for (gsize k = 0; k < n; k++)
    values[k] = e->excess[pixels[k]];
  /* The step is what most of the interior shows, even for a scar hardly wider than the window;
   * a little below half of it the rounding of small scars by the window is undone. */
  qsort(values, n, sizeof(float), compare_float);
  float half = 0.45f * values[(gsize)(0.9 * (n - 1))];
  g_free(values);
  for (gsize k = 0; k < n; k++)
    if (e->excess[pixels[k]] < half)
      e->mask[pixels[k]] = 0;
  return TRUE;
}

/* Finds the scar: pixels whose dot-free lightness, averaged over a small window, stands clearly
 * above the skin level around them; a light region counts when part of it is at most as rough as
 * the skin (scar tissue is smooth), and when it is not a speck. Its edge is then put half-way up
 * its lightness step. */
static void
find_scar(SmpScarAnalysis *a, const float *skin, const float *smooth_luma, const guint8 *dot_px,
          const guint8 *valid, const float *dot_dist)
{
  const int w = a->width, h = a->height;
  const gsize n_px = (gsize)w * h;
  const double ppm = a->px_per_mm;
  const int rv = MAX(1, (int)lround(TEXTURE_RADIUS_MM * ppm));
  const double near = NEAR_DOT_MM * ppm;
  float *mean = plane_new(w, h), *var = plane_new(w, h), *tmp = plane_new(w, h);
  float *count = plane_new(w, h);

  /* Local mean and variance of the photo around the dots (a closing would also fill skin gaps
   * between nearby light scars): masked sums, falling back to the closing where a window sees
   * nothing but dot. */
  for (gsize i = 0; i < n_px; i++)
    var[i] = dot_px[i] ? 0.0f : 1.0f;
  box_sum(var, count, tmp, w, h, rv);
  for (gsize i = 0; i < n_px; i++)
    var[i] = dot_px[i] ? 0.0f : smooth_luma[i];
  box_sum(var, mean, tmp, w, h, rv);
  for (gsize i = 0; i < n_px; i++)
    var[i] = dot_px[i] ? 0.0f : smooth_luma[i] * smooth_luma[i];
  box_sum(var, var, tmp, w, h, rv);
  for (gsize i = 0; i < n_px; i++) {
    if (count[i] < 0.5f) {
      mean[i] = skin[i];
      var[i] = INFINITY;
      continue;
    }
    mean[i] /= count[i];
    var[i] = fmaxf(var[i] / count[i] - mean[i] * mean[i], 0.0f);
  }

  /* Skin level and texture: from skin next to existing dots (certainly not scar), or from every
   * pixel when the photo shows no dots. */
  gboolean use_near = a->n_dots >= MIN_RING_DOTS;
  Histogram *hist = g_new0(Histogram, 1), *tex = g_new0(Histogram, 1);
  for (gsize i = 0; i < n_px; i++)
    if (valid[i] && (!use_near || dot_dist[i] <= near)) {
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
   * the scar, falling back to the global level where the window sees no skin. */
  const int rs = MAX(1, (int)lround(SKIN_LEVEL_RADIUS_MM * ppm));
  float *excess = var; /* the variance is not needed any more */
  for (gsize i = 0; i < n_px; i++) {
    gboolean skin_px = valid[i] && (!use_near || dot_dist[i] <= near) && mean[i] < level + lighter;
    count[i] = skin_px ? 1.0f : 0.0f;
    excess[i] = skin_px ? mean[i] : 0.0f;
  }
  box_sum(count, count, tmp, w, h, rs);
  box_sum(excess, excess, tmp, w, h, rs);
  const float min_support = (float)(0.02 * (2 * rs + 1) * (2 * rs + 1));
  for (gsize i = 0; i < n_px; i++) {
    float local = count[i] >= min_support ? excess[i] / count[i] : (float)level;
    excess[i] = mean[i] - local;
    a->scar[i] = valid[i] && excess[i] > lighter;
  }

  const gsize min_area = (gsize)ceil(SCAR_MIN_AREA_MM2 * ppm * ppm);
  ScarTest test = {seed, min_area};
  filter_components(a->scar, w, h, 1, 0, keep_scar, &test);
  ScarEdge edge = {a->scar, excess};
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

  /* Dot-free skin level: closing of the lightly blurred luminance. */
  float *smooth = plane_new(w, h), *skin = plane_new(w, h), *tmp = plane_new(w, h);
  blur3(luma, smooth, w, h);
  memcpy(skin, smooth, sizeof(float) * n_px);
  closing(skin, tmp, w, h, MAX(1, (int)lround(CLOSING_RADIUS_MM * ppm)));

  DotScan scan = {w, h, luma, smooth, skin, valid, g_new0(guint8, n_px), g_new(int, 4096), 4096};
  find_dots(a, &scan);
  g_free(scan.stack);
  dilate3(scan.visited, tmp, w, h); /* dot pixels and their soft edges */

  /* distance to the nearest existing dot */
  guint8 *centre = g_new0(guint8, n_px);
  for (int k = 0; k < a->n_dots; k++)
    centre[(gsize)CLAMP((int)a->dots[k].y, 0, h - 1) * w + CLAMP((int)a->dots[k].x, 0, w - 1)] = 1;
  float *dot_dist = tmp;
  distance_transform(centre, dot_dist, w, h);
  g_free(centre);

  if (settings->detect == SMP_SCAR_DETECT_WHOLE_AREA)
    memcpy(a->scar, valid, n_px);
  else
    find_scar(a, skin, smooth, scan.visited, valid, dot_dist);
  g_free(smooth);
  g_free(scan.visited);
  for (gsize i = 0; i < n_px; i++)
    a->scar_pixels += a->scar[i];
  distance_transform(a->scar, a->scar_dist, w, h);

  /* Surroundings: the ring outside the scar (whole-area mode: everything), restricted to the part
   * that carries dots, i.e. within a typical neighbour distance of one, so that bare skin at the
   * edge of the area does not dilute the density. */
  const gboolean whole = settings->detect == SMP_SCAR_DETECT_WHOLE_AREA;
  const double ring = MAX(RING_WIDTH_MM, settings->feather_mm) * ppm;
  const double reach = median_neighbour_distance(a);
  gsize ring_px = 0;
  for (gsize i = 0; i < n_px; i++) {
    gboolean in =
        valid[i] && (whole || (!a->scar[i] && a->scar_dist[i] <= ring)) && dot_dist[i] <= reach;
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
  const double clear = MAX(1.5, a->dot_diameter_mm * ppm);
  for (gsize i = 0; i < n_px; i++)
    a->ring_skin[i] = a->ring_skin[i] && dot_dist[i] > clear;

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
