/* smp-scar-find: where the scar tissue is.
 *
 * Pixels whose dot-free lightness, averaged over a small window, stands clearly above the skin
 * level around them; a light region counts when part of it is at most as rough as the skin (scar
 * tissue is smooth), and when it is not a speck. Its edge is then put half-way up its lightness
 * step. */
#include "smp-scar-private.h"

#include "smp-components.h"
#include "smp-plane.h"
#include "smp-stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TEXTURE_RADIUS_MM 0.15    /* window of the local mean/variance that finds the scar */
#define SKIN_LEVEL_RADIUS_MM 10.0 /* skin level follows slow lighting changes, not the scar */
#define SCAR_MIN_AREA_MM2 0.2     /* smaller light specks are skin texture */
#define SCAR_HOLE_MM2 1.0         /* smaller dark islands inside a scar belong to it */

/* ---------------------------------------------------------------------------------------------
 * Local mean and variance of the photo around the dots
 */

/* Sums along the rows, over [x - r, x + r], of the count of dot-free pixels, their luminance and
 * its square. */
static void
masked_row_sums(const guint8 *dot_px, const float *luma, int w, int h, int r, float *count,
                float *sum, float *square)
{
  float *line_c = g_new0(float, w + 2 * r), *line_s = g_new0(float, w + 2 * r),
        *line_q = g_new0(float, w + 2 * r);
  for (int y = 0; y < h; y++) {
    const gsize row = (gsize)y * w;
    for (int x = 0; x < w; x++) {
      float keep = dot_px[row + x] ? 0.0f : 1.0f, v = luma[row + x] * keep;
      line_c[r + x] = keep;
      line_s[r + x] = v;
      line_q[r + x] = v * v;
    }
    float *c = count + row, *sm = sum + row, *q = square + row;
    memcpy(c, line_c, sizeof(float) * w);
    memcpy(sm, line_s, sizeof(float) * w);
    memcpy(q, line_q, sizeof(float) * w);
    for (int o = 1; o <= 2 * r; o++)
      for (int x = 0; x < w; x++) {
        c[x] += line_c[x + o];
        sm[x] += line_s[x + o];
        q[x] += line_q[x + o];
      }
  }
  g_free(line_c);
  g_free(line_s);
  g_free(line_q);
}

/* The row sums summed down the columns over [y - r, y + r] give the window's mean and variance;
 * the skin level stands in where a window sees nothing but dot. */
static void
column_mean_variance(const float *count, const float *sum, const float *square, const float *skin,
                     int w, int h, int r, float *mean, float *var)
{
  float *col_c = g_new(float, w), *col_s = g_new(float, w), *col_q = g_new(float, w);
  for (int y = 0; y < h; y++) {
    const int y0 = MAX(y - r, 0), y1 = MIN(y + r, h - 1);
    memcpy(col_c, count + (gsize)y0 * w, sizeof(float) * w);
    memcpy(col_s, sum + (gsize)y0 * w, sizeof(float) * w);
    memcpy(col_q, square + (gsize)y0 * w, sizeof(float) * w);
    for (int yy = y0 + 1; yy <= y1; yy++) {
      const float *c = count + (gsize)yy * w, *sm = sum + (gsize)yy * w,
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
}

/* Masked sums over the window rather than a closing, which would also fill skin gaps between
 * nearby light scars. `scratch` holds one plane. */
static void
local_mean_variance(const SmpDotDetection *dots, int r, float *mean, float *var, float *scratch)
{
  const int w = dots->width, h = dots->height;
  float *sum = smp_plane_new(w, h), *square = smp_plane_new(w, h);
  masked_row_sums(dots->dot_pixels, dots->smooth, w, h, r, scratch, sum, square);
  column_mean_variance(scratch, sum, square, dots->skin, w, h, r, mean, var);
  g_free(sum);
  g_free(square);
}

/* ---------------------------------------------------------------------------------------------
 * The skin around the scar
 */

typedef struct {
  double level, level_sigma;     /* window mean of the skin */
  double texture, texture_sigma; /* window standard deviation of the skin */
  gboolean use_near;             /* measured next to existing dots */
  double near2;                  /* squared "near dots" distance, px² */
} SkinStats;

/* From skin next to existing dots (certainly not scar), or from every pixel when the photo shows
 * no dots. */
static gboolean
is_reference_skin(const SkinStats *s, const guint8 *valid, const float *dot_d2, gsize i)
{
  return valid[i] && (!s->use_near || dot_d2[i] <= s->near2);
}

static void
skin_stats(const SmpScarAnalysis *a, int n_dots, const float *mean, const float *var,
           const guint8 *valid, const float *dot_d2, SkinStats *s)
{
  const gsize n_px = (gsize)a->width * a->height;
  const double near = NEAR_DOT_MM * a->px_per_mm;
  s->use_near = n_dots >= MIN_RING_DOTS;
  s->near2 = near * near;
  SmpHistogram *hist = smp_histogram_new(), *tex = smp_histogram_new();
  for (gsize i = 0; i < n_px; i++)
    if (is_reference_skin(s, valid, dot_d2, i)) {
      smp_histogram_add(hist, mean[i]);
      smp_histogram_add(tex, sqrtf(var[i]));
    }
  smp_histogram_median_sigma(hist, &s->level, &s->level_sigma);
  smp_histogram_median_sigma(tex, &s->texture, &s->texture_sigma);
  g_free(hist);
  g_free(tex);
}

/* The local skin level follows slow lighting changes: a masked mean over a window wider than the
 * scar, falling back to the global level where the window sees no skin. A field this smooth is
 * summed over blocks of q x q pixels (bw x bh of them), and its value per block returned. */
static float *
skin_level_blocks(const SmpScarAnalysis *a, const float *mean, const guint8 *valid,
                  const float *dot_d2, const SkinStats *s, float lighter, int q, int bw, int bh)
{
  const int w = a->width, h = a->height;
  const int rs = MAX(1, (int)lround(SKIN_LEVEL_RADIUS_MM * a->px_per_mm)), rb = MAX(1, rs / q);
  float *block_sum = g_new0(float, (gsize)bw *bh), *block_count = g_new0(float, (gsize)bw *bh);
  float *block_level = g_new(float, (gsize)bw *bh);
  for (int y = 0; y < h; y++) {
    float *sum_row = block_sum + (gsize)(y / q) * bw,
          *count_row = block_count + (gsize)(y / q) * bw;
    for (int bx = 0, x0 = 0; bx < bw; bx++, x0 += q)
      for (int x = x0; x < MIN(x0 + q, w); x++) {
        gsize i = (gsize)y * w + x;
        if (is_reference_skin(s, valid, dot_d2, i) && mean[i] < s->level + lighter) {
          sum_row[bx] += mean[i];
          count_row[bx] += 1.0f;
        }
      }
  }
  smp_plane_box_sum(block_sum, block_sum, block_level, bw, bh, rb);
  smp_plane_box_sum(block_count, block_count, block_level, bw, bh, rb);
  const float min_support = (float)(0.02 * (2 * rb + 1) * (2 * rb + 1) * q * q);
  for (gsize b = 0; b < (gsize)bw * bh; b++)
    block_level[b] =
        block_count[b] >= min_support ? block_sum[b] / block_count[b] : (float)s->level;
  g_free(block_sum);
  g_free(block_count);
  return block_level;
}

/* excess = the window mean above the local skin level (interpolated bilinearly between the
 * centres of the blocks); scar = valid pixels more than `lighter` above it. */
static void
excess_lightness(SmpScarAnalysis *a, const float *mean, const guint8 *valid, const float *level,
                 int q, int bw, int bh, float lighter, float *excess)
{
  const int w = a->width, h = a->height;
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
    const float *r0 = level + (gsize)by * bw, *r1 = level + (gsize)by1 * bw;
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
}

/* ---------------------------------------------------------------------------------------------
 * Light regions that are scar
 */

typedef struct {
  const guint8 *seed; /* smooth-enough pixels */
  gsize min_area;
  int width;
} ScarTest;

/* A scar is not a speck, and part of it is smooth. */
static gboolean
keep_scar(const SmpRun *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
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
keep_large(const SmpRun *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
{
  return area >= *(const gsize *)data;
}

static gboolean
keep_hole(const SmpRun *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
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
refine_scar(const SmpRun *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
{
  const ScarEdge *e = data;
  float *values = g_new(float, area);
  gsize n = 0;
  for (gsize k = 0; k < n_runs; k++)
    for (int x = runs[k].x0; x < runs[k].x1; x++)
      values[n++] = e->excess[(gsize)runs[k].y * e->width + x];
  /* the step is what most of the interior shows, even for a scar hardly wider than the window */
  qsort(values, n, sizeof(float), smp_compare_floats);
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

/* Keeps the light regions that are scar, puts their edges half-way up the step, drops what the
 * edge left too small and fills small dark holes. `fine` is scratch for one plane. */
static void
select_scar(SmpScarAnalysis *a, const SmpDotDetection *dots, const guint8 *valid,
            const guint8 *seed, const float *excess, const float *mean, float *fine)
{
  const int w = a->width, h = a->height;
  const gsize n_px = (gsize)w * h;
  const double ppm = a->px_per_mm;
  const gsize min_area = (gsize)ceil(SCAR_MIN_AREA_MM2 * ppm * ppm);
  ScarTest test = {seed, min_area, w};
  smp_mask_filter_regions(a->scar, w, h, 1, 0, keep_scar, &test);
  /* per-pixel excess: the photo instead of the window mean, except on dots */
  for (gsize i = 0; i < n_px; i++)
    fine[i] = dots->dot_pixels[i] ? excess[i] : excess[i] + dots->smooth[i] - mean[i];
  ScarEdge edge = {a->scar, excess, fine, w};
  smp_mask_filter_regions(a->scar, w, h, 1, 0, refine_scar, &edge);
  smp_mask_filter_regions(a->scar, w, h, 1, 0, keep_large, (gpointer)&min_area);
  gsize hole = (gsize)ceil(SCAR_HOLE_MM2 * ppm * ppm);
  smp_mask_filter_regions(a->scar, w, h, 0, 1, keep_hole, &hole);
  for (gsize i = 0; i < n_px; i++)
    a->scar[i] = a->scar[i] && valid[i];
}

void
smp_scar_find(SmpScarAnalysis *a, const SmpDotDetection *dots, const guint8 *valid,
              const float *dot_d2)
{
  const int w = a->width, h = a->height;
  const gsize n_px = (gsize)w * h;
  const double ppm = a->px_per_mm;
  float *mean = smp_plane_new(w, h), *var = smp_plane_new(w, h), *scratch = smp_plane_new(w, h);
  local_mean_variance(dots, MAX(1, (int)lround(TEXTURE_RADIUS_MM * ppm)), mean, var, scratch);

  SkinStats skin;
  skin_stats(a, dots->n_dots, mean, var, valid, dot_d2, &skin);
  const float lighter = (float)MAX(4.0 * skin.level_sigma, 0.02);
  const float smooth = (float)(skin.texture + 2.0 * skin.texture_sigma + 0.002);
  guint8 *seed = g_new0(guint8, n_px);
  for (gsize i = 0; i < n_px; i++)
    seed[i] = valid[i] && sqrtf(var[i]) <= smooth;

  const int rs = MAX(1, (int)lround(SKIN_LEVEL_RADIUS_MM * ppm));
  const int q = MAX(1, rs / 8), bw = (w + q - 1) / q, bh = (h + q - 1) / q;
  float *level = skin_level_blocks(a, mean, valid, dot_d2, &skin, lighter, q, bw, bh);
  float *excess = var; /* the variance is not needed any more */
  excess_lightness(a, mean, valid, level, q, bw, bh, lighter, excess);
  g_free(level);

  select_scar(a, dots, valid, seed, excess, mean, scratch);
  a->skin_luma = skin.level;
  g_free(seed);
  g_free(mean);
  g_free(var);
  g_free(scratch);
}
