/* smp-analyse: hair, stubble and bald scalp in a head photo; the stubble fringe's density, dot
 * size and colour. See smp-analyse.h and docs/photo-analysis.md. */
#include "smp-analyse-private.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "smp-components.h"
#include "smp-plane.h"
#include "smp-stats.h"

/* Scales, in millimetres of picture. */
#define DETAIL_RADIUS_MM 0.35 /* dark or light details narrower than 0.7 mm: dots, strands */
#define WINDOW_RADIUS_MM 1.75 /* cells are classified over a window this far around */

/* Classification, per window (docs/photo-analysis.md). */
#define STUBBLE_MIN_DENSITY 12.0 /* isolated dots per cm² that make stubble */
#define HAIR_MIN_DETAIL 0.22     /* fraction of pixels in dark or light detail */
#define HAIR_MIN_COHERENCE 0.35  /* gradient orientation coherence of strands ... */
#define HAIR_MIN_ENERGY 2.0      /* ... whose gradients exceed the noise's this many times */
#define CURL_MIN_COHERENCE 0.30  /* ... or that of the fine detail over 1 mm blocks: curls */
#define SKIN_REACH_MM 10.0       /* the skin's level is taken this far around */
#define ISLAND_SCALP_CM2 1.5     /* smaller islands of a class take their surroundings' class */
#define ISLAND_STUBBLE_CM2 1.0
#define ISLAND_HAIR_CM2 0.5
#define RIM_MM 5.0        /* skin texture this near the silhouette is foreshortened into streaks */
#define FRINGE_RIM_MM 6.0 /* the fringe is measured farther in, where its dots are seen whole */
#define SLOPE_MM 10.0     /* dots this near the silhouette are foreshortened 2.0 times or more */
#define DETAIL_MIN_RELATIVE 0.07 /* a detail stands this far (relative) from its surroundings */
#define DETAIL_NOISE_FACTOR 8.0  /* ... and this many noise deviations */
#define DOT_NOISE_FACTOR 4.0     /* a dot stands this many local noise deviations out of the mean */
#define FAINT_DOT_RELATIVE                                                                         \
  0.04                          /* a fainter dot, only this far (relative) out of the closing ...  \
                                 */
#define DENSE_DOT_RELATIVE 0.14 /* ... or this far (relative), whatever the local noise */
#define FAINT_DOT_NOISE_FACTOR 6.0 /* ... stands this many out of the mean */

enum {
  CLASS_NONE = SMP_CLASS_NONE,
  CLASS_SCALP = SMP_CLASS_SCALP,
  CLASS_STUBBLE = SMP_CLASS_STUBBLE,
  CLASS_HAIR = SMP_CLASS_HAIR
};
enum { RIM_NEAR = 2, RIM_FAR = 1 };

/* ---------------------------------------------------------------------------------------------
 * Per-cell statistics
 */

typedef struct {
  float valid;       /* pixels that count */
  float rgb[3];      /* sums, 0..1 */
  float dark, light; /* pixels in dark / light detail */
  float dark_peaks, light_peaks;
  float jxx, jxy, jyy; /* structure tensor of the relative gradient */
  /* ... and of the fine detail's (the luma less its closing's and opening's mean) */
  float fxx, fxy, fyy;
  float curl;  /* the anisotropy (λ1 − λ2) of the latter over 1 mm blocks, its share */
  float level; /* sum of the local level beside dark details (the closing) */
  float fine;  /* sum of |luma - smooth luma|, for the noise level */
} Cell;

#define CELL_FIELDS (sizeof(Cell) / sizeof(float))

/* Adds to each cell of dst the sum of src's cells within r along rows (or columns). */
static void
add_box_along(const Cell *src, Cell *dst, int cw, int ch, int r, gboolean columns)
{
  for (int y = 0; y < ch; y++)
    for (int x = 0; x < cw; x++) {
      float *sum = (float *)&dst[(gsize)y * cw + x];
      const int at = columns ? y : x, last = columns ? ch - 1 : cw - 1;
      for (int t = MAX(0, at - r); t <= MIN(last, at + r); t++) {
        const float *cell = (const float *)&src[columns ? (gsize)t * cw + x : (gsize)y * cw + t];
        for (gsize f = 0; f < CELL_FIELDS; f++)
          sum[f] += cell[f];
      }
    }
}

/* Box sums of every field of the cells over a (2r+1)² window, clamped at the edges. */
static Cell *
window_sums(const Cell *cells, int cw, int ch, int r)
{
  Cell *rows = g_new0(Cell, (gsize)cw * ch), *out = g_new0(Cell, (gsize)cw * ch);
  add_box_along(cells, rows, cw, ch, r, FALSE);
  add_box_along(rows, out, cw, ch, r, TRUE);
  g_free(rows);
  return out;
}

/* A mass of hair is much darker (or lighter) than the skin around it, which texture alone
 * misses where the hair lies smooth or in shadow: each cell's (log) level (beside its dots)
 * against the skin's level around it, a masked mean of the scalp and stubble cells within
 * SKIN_REACH_MM (or farther where those are few), twice, so that the first pass's hair no longer
 * counts as skin. */
static void
level_passes(guint8 *klass, const float *level, int cw, int ch)
{
  const gsize nc = (gsize)cw * ch;
  float *sum = g_new(float, nc), *weight = g_new(float, nc);
  float *wide_sum = g_new(float, nc), *wide_weight = g_new(float, nc), *tmp = g_new(float, nc);
  const int near = MAX(1, (int)lround(SKIN_REACH_MM / CELL_MM));
  const int far = 4 * near;
  const float min_weight = 0.05f * (2 * near + 1) * (2 * near + 1);
  for (int pass = 0; pass < 2; pass++) {
    for (gsize k = 0; k < nc; k++) {
      gboolean skin = klass[k] == CLASS_SCALP || klass[k] == CLASS_STUBBLE;
      weight[k] = skin ? 1.0f : 0.0f;
      sum[k] = skin ? level[k] : 0.0f;
    }
    smp_plane_box_sum(sum, wide_sum, tmp, cw, ch, far);
    smp_plane_box_sum(weight, wide_weight, tmp, cw, ch, far);
    smp_plane_box_sum(sum, sum, tmp, cw, ch, near);
    smp_plane_box_sum(weight, weight, tmp, cw, ch, near);
    for (gsize k = 0; k < nc; k++) {
      if (klass[k] != CLASS_SCALP && klass[k] != CLASS_STUBBLE)
        continue;
      float reference;
      if (weight[k] >= min_weight)
        reference = sum[k] / weight[k];
      else if (wide_weight[k] >= min_weight)
        reference = wide_sum[k] / wide_weight[k];
      else
        continue;
      float ratio = expf(level[k] - reference);
      if (ratio < SMP_HAIR_DARKER || ratio > SMP_HAIR_LIGHTER)
        klass[k] = CLASS_HAIR;
    }
  }
  g_free(sum);
  g_free(weight);
  g_free(wide_sum);
  g_free(wide_weight);
  g_free(tmp);
}

/* Hair by its level. The inside of a mass of hair whose texture is not seen (curls in shade)
 * would count as skin and pull the skin's level towards the hair's, so that skin beside it would
 * read as lighter hair: found by a first run, it is hair before the run that counts. */
static void
hair_by_level(guint8 *klass, const Cell *cells, int cw, int ch)
{
  const gsize nc = (gsize)cw * ch;
  float *level = g_new(float, nc);
  for (gsize k = 0; k < nc; k++)
    level[k] = cells[k].valid > 0.0f ? logf(cells[k].level / cells[k].valid + 0.01f) : 0.0f;
  guint8 *first = g_memdup2(klass, nc);
  level_passes(first, level, cw, ch);
  smp_analyse_enclosed_hair(first, level, cw, ch, klass);
  g_free(first);
  level_passes(klass, level, cw, ch);
  g_free(level);
}

typedef struct {
  const guint8 *klass;
  guint8 *relabel;
  int cw, ch;
  gsize min_cells;
} Islands;

/* A region smaller than its class's smallest plausible patch takes the class most of its
 * neighbours have. */
static gboolean
absorb_island(const SmpRun *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
{
  Islands *is = data;
  if (area >= is->min_cells)
    return TRUE;
  int votes[4] = {0};
  const guint8 own = is->klass[(gsize)runs[0].y * is->cw + runs[0].x0];
  for (gsize k = 0; k < n_runs; k++)
    for (int x = runs[k].x0 - 1; x <= runs[k].x1; x++)
      for (int dy = -1; dy <= 1; dy++) {
        int y = runs[k].y + dy;
        if (x < 0 || y < 0 || x >= is->cw || y >= is->ch)
          continue;
        guint8 c = is->klass[(gsize)y * is->cw + x];
        if (c != own)
          votes[c]++;
      }
  int best = -1;
  for (int c = CLASS_SCALP; c <= CLASS_HAIR; c++)
    if (votes[c] > 0 && (best < 0 || votes[c] > votes[best]))
      best = c;
  if (best > 0)
    for (gsize k = 0; k < n_runs; k++)
      memset(is->relabel + (gsize)runs[k].y * is->cw + runs[k].x0, best, runs[k].x1 - runs[k].x0);
  return TRUE;
}

/* Small islands of one class inside another are texture or light, not a patch of their own. */
static void
absorb_islands(guint8 *klass, int cw, int ch, int cell, double ppm)
{
  const double cell_cm2 = (cell / ppm) * (cell / ppm) / 100.0;
  static const double min_cm2[4] = {0.0, ISLAND_SCALP_CM2, ISLAND_STUBBLE_CM2, ISLAND_HAIR_CM2};
  guint8 *mask = g_new(guint8, (gsize)cw * ch);
  /* first skin (scalp and stubble together) amid hair: a mass of hair lying smooth reads as a
   * patchwork of the two, which apart would be large enough to stay */
  for (gsize k = 0; k < (gsize)cw * ch; k++)
    mask[k] = klass[k] == CLASS_STUBBLE ? CLASS_SCALP : klass[k];
  guint8 *merged = g_memdup2(mask, (gsize)cw * ch);
  Islands skin = {merged, klass, cw, ch, (gsize)ceil(ISLAND_STUBBLE_CM2 / cell_cm2)};
  smp_mask_filter_regions(mask, cw, ch, CLASS_SCALP, CLASS_SCALP, absorb_island, &skin);
  g_free(merged);
  guint8 *relabel = g_memdup2(klass, (gsize)cw * ch);
  /* twice: an island that took the class of neighbours absorbed at the same time is an island
   * again */
  for (int pass = 0; pass < 2; pass++) {
    for (int c = CLASS_SCALP; c <= CLASS_HAIR; c++) {
      memcpy(mask, klass, (gsize)cw * ch);
      Islands is = {klass, relabel, cw, ch, (gsize)ceil(min_cm2[c] / cell_cm2)};
      smp_mask_filter_regions(mask, cw, ch, (guint8)c, (guint8)c, absorb_island, &is);
    }
    memcpy(klass, relabel, (gsize)cw * ch);
  }
  g_free(mask);
  g_free(relabel);
}

/* ---------------------------------------------------------------------------------------------
 * Analysis
 */

/* The cell grid of one analysis and what is gathered on it. */
typedef struct {
  const guint8 *rgba;
  int w, h;
  double ppm;
  int cell, wr;  /* cell side, px; the classifying window's radius, cells */
  int cw, ch;    /* cells across and down */
  gsize n, nc;   /* pixels, cells */
  guint8 *valid; /* pixels that count: opaque and selected */
  Cell *cells;
  GArray *peaks; /* Peak */
  guint8 *klass; /* per cell */
  float noise;
  float *mean;        /* per pixel: the smoothed luma's mean over the detail square */
  float *local_noise; /* per cell: the noise and skin texture there */
  guint8 *rim; /* per cell: RIM_NEAR within RIM_MM of the backdrop, RIM_FAR within FRINGE_RIM_MM */
  guint8 *rim_strands; /* per cell: streaks along one direction near the silhouette */
  guint8 *slope;       /* per cell: within SLOPE_MM of the backdrop (none for a sample) */
} Grid;

/* Leaves out the backdrop's pixels: those cooler than skin (blue at least red over the 3x3
 * around), as skin of every Monk tone is warm; the silhouette's edge and the backdrop's smooth
 * dark then never count as detail, strands or a darker level. Returns, per cell, whether it lies
 * near the backdrop (a cell a quarter backdrop or more): RIM_NEAR or RIM_FAR; sets g->slope. */
static guint8 *
drop_backdrop(Grid *g)
{
  const gsize n = g->n;
  float *cool = smp_plane_new(g->w, g->h), *tmp = smp_plane_new(g->w, g->h);
  float *near = g_new0(float, g->nc);
  for (gsize i = 0; i < n; i++)
    cool[i] = (float)g->rgba[4 * i + 2] - (float)g->rgba[4 * i];
  smp_plane_box_sum(cool, cool, tmp, g->w, g->h, 1);
  /* an opening (5x5) keeps the backdrop and drops the odd cool speck of dark hair's noise */
  for (gsize i = 0; i < n; i++)
    cool[i] = cool[i] >= 0.0f ? 1.0f : 0.0f;
  smp_plane_box_sum(cool, cool, tmp, g->w, g->h, 2);
  for (gsize i = 0; i < n; i++)
    cool[i] = cool[i] >= 24.5f ? 1.0f : 0.0f;
  smp_plane_box_sum(cool, cool, tmp, g->w, g->h, 2);
  for (gsize i = 0; i < n; i++)
    cool[i] = cool[i] >= 0.5f ? 0.0f : -1.0f;
  for (int y = 0; y < g->h; y++)
    for (int x = 0; x < g->w; x++) {
      gsize i = (gsize)y * g->w + x;
      if (cool[i] >= 0.0f && g->rgba[4 * i + 3] >= 128) {
        g->valid[i] = 0;
        near[(gsize)(y / g->cell) * g->cw + x / g->cell] += 1.0f;
      }
    }
  const float quarter = 0.25f * g->cell * g->cell;
  for (gsize k = 0; k < g->nc; k++)
    near[k] = near[k] >= quarter ? 1.0f : 0.0f;
  float *far = g_memdup2(near, sizeof(float) * g->nc);
  float *slope = g_memdup2(near, sizeof(float) * g->nc);
  smp_plane_box_sum(near, near, tmp, g->cw, g->ch, (int)lround(RIM_MM / CELL_MM));
  smp_plane_box_sum(far, far, tmp, g->cw, g->ch, (int)lround(FRINGE_RIM_MM / CELL_MM));
  smp_plane_box_sum(slope, slope, tmp, g->cw, g->ch, (int)lround(SLOPE_MM / CELL_MM));
  guint8 *rim = g_new(guint8, g->nc);
  g->slope = g_new(guint8, g->nc);
  for (gsize k = 0; k < g->nc; k++) {
    rim[k] = near[k] > 0.5f ? RIM_NEAR : far[k] > 0.5f ? RIM_FAR : 0;
    g->slope[k] = slope[k] > 0.5f;
  }
  g_free(far);
  g_free(slope);
  g_free(cool);
  g_free(tmp);
  g_free(near);
  return rim;
}

/* Pixel planes: smoothed luma, its closing (the level beside dark details) and opening. */
static void
detail_planes(const guint8 *rgba, int w, int h, double ppm, float **smooth_out, float **closed_out,
              float **opened_out)
{
  const gsize n = (gsize)w * h;
  float *smooth = smp_plane_new(w, h), *closed = smp_plane_new(w, h);
  float *opened = smp_plane_new(w, h);
  for (gsize i = 0; i < n; i++)
    opened[i] = smp_analyse_luma(rgba + 4 * i);
  smp_plane_blur3(opened, smooth, w, h); /* halves the sensor noise */
  const int r = MAX(1, (int)lround(DETAIL_RADIUS_MM * ppm));
  float *tmp = smp_plane_new(w, h);
  memcpy(closed, smooth, sizeof(float) * n);
  smp_plane_closing(closed, tmp, w, h, r);
  /* the opening, as the closing of the negative */
  for (gsize i = 0; i < n; i++)
    opened[i] = 1.0f - smooth[i];
  smp_plane_closing(opened, tmp, w, h, r);
  for (gsize i = 0; i < n; i++)
    opened[i] = 1.0f - opened[i];
  g_free(tmp);
  *smooth_out = smooth;
  *closed_out = closed;
  *opened_out = opened;
}

/* Gathers each cell's pixel count, colour and fine detail; returns the noise level: the fine
 * detail of the smoothest quarter of the cells. */
static float
gather_noise(Grid *g, const float *smooth)
{
  for (int y = 0; y < g->h; y++)
    for (int x = 0; x < g->w; x++) {
      gsize i = (gsize)y * g->w + x;
      if (!g->valid[i])
        continue;
      const guint8 *p = g->rgba + 4 * i;
      float l = smp_analyse_luma(p);
      Cell *c = &g->cells[(gsize)(y / g->cell) * g->cw + x / g->cell];
      c->valid += 1.0f;
      c->fine += fabsf(l - smooth[i]);
      for (int k = 0; k < 3; k++)
        c->rgb[k] += p[k] / 255.0f;
    }
  float *values = g_new(float, g->nc);
  gsize nv = 0;
  for (gsize k = 0; k < g->nc; k++)
    if (g->cells[k].valid >= 0.5f * g->cell * g->cell)
      values[nv++] = g->cells[k].fine / g->cells[k].valid;
  /* the smoothed luma keeps about 0.57 of the fine detail's mean as its noise deviation */
  const float noise = 0.57f * smp_analyse_quantile(values, nv, 0.25);
  g_free(values);
  return noise;
}

/* Whether the detail `v` = hi[i] - lo[i] is the largest of its 3x3 pixels (ties go to the first
 * in raster order). */
static gboolean
detail_peak(const float *hi, const float *lo, gsize i, int w, float v)
{
  for (int dy = -1; dy <= 1; dy++)
    for (int dx = -1; dx <= 1; dx++) {
      gsize j = i + (gssize)dy * w + dx;
      float other = hi[j] - lo[j];
      if (j != i && (j < i ? other >= v : other > v))
        return FALSE;
    }
  return TRUE;
}

/* Whether the pixels the gradient at (x, y) reads (through the [1 2 1] blur) all count. */
static gboolean
gradient_inside(const guint8 *valid, int x, int y, int w, int h)
{
  const gsize i = (gsize)y * w + x;
  return x >= 2 && y >= 2 && x < w - 2 && y < h - 2 && valid[i - 2] && valid[i + 2] &&
         valid[i - 2 * (gsize)w] && valid[i + 2 * (gsize)w];
}

/* Counts a pixel of dark or light detail in its cell (`detail`), and a dot (`peak`). */
static void
add_detail(Grid *g, float *count, float *peaks, gboolean peak, int x, int y, gboolean light,
           gboolean detail)
{
  *count += detail;
  *peaks += peak;
  if (peak) {
    Peak pk = {x, y, light};
    g_array_append_val(g->peaks, pk);
  }
}

/* The fine detail at pixel i: the smoothed luma less the mean of its closing and opening. */
static inline float
fine_at(const float *smooth, const float *closed, const float *opened, gsize i)
{
  return smooth[i] - 0.5f * (closed[i] + opened[i]);
}

/* Details, peaks and the structure tensors, per cell. */
static void
gather_details(Grid *g, const float *smooth, const float *closed, const float *opened, float noise)
{
  const int w = g->w;
  for (int y = 1; y < g->h - 1; y++)
    for (int x = 1; x < w - 1; x++) {
      gsize i = (gsize)y * w + x;
      if (!g->valid[i])
        continue;
      Cell *c = &g->cells[(gsize)(y / g->cell) * g->cw + x / g->cell];
      const float base = closed[i] + 0.02f;
      const float t = fmaxf(DETAIL_MIN_RELATIVE * base, DETAIL_NOISE_FACTOR * noise);
      const float dark = closed[i] - smooth[i], light = smooth[i] - opened[i];
      /* a dot stands out of the noise and skin texture where it is, against the mean around it
       * (the closing rides on the noise's peaks); a faint one (light hair on light skin) by more,
       * and only where the skin's noise and texture are small beside its level (4 % of it is 4
       * local deviations) and away from the silhouette, where the skin's texture is foreshortened
       * into streaks: docs/photo-analysis.md */
      const gsize k = (gsize)(y / g->cell) * g->cw + x / g->cell;
      const float local = g->local_noise[k];
      const float rel = DETAIL_MIN_RELATIVE * base;
      /* where dots crowd every cell (coarse hair, 300 per cm² of 0.45 mm), their own spread is
       * the local "noise": a dot twice the detail threshold out of the mean is a dot anyway */
      const float dev = fminf(DOT_NOISE_FACTOR * local, DENSE_DOT_RELATIVE * base);
      const float faint_rel = FAINT_DOT_RELATIVE * base, faint_dev = FAINT_DOT_NOISE_FACTOR * local;
      const float below = g->mean[i] - smooth[i], above = -below;
      const gboolean faint = dev < faint_rel && g->rim[k] != RIM_NEAR;
      const gboolean dark_dot =
          (dark > rel && below > dev) || (faint && dark > faint_rel && below > faint_dev);
      const gboolean light_dot =
          (light > rel && above > dev) || (faint && light > faint_rel && above > faint_dev);
      if (dark > t || dark_dot)
        add_detail(g, &c->dark, &c->dark_peaks, dark_dot && detail_peak(closed, smooth, i, w, dark),
                   x, y, FALSE, dark > t);
      if (light > t || light_dot)
        add_detail(g, &c->light, &c->light_peaks,
                   light_dot && detail_peak(smooth, opened, i, w, light), x, y, TRUE, light > t);
      /* the relative gradient; none across the silhouette */
      const gboolean inside = gradient_inside(g->valid, x, y, w, g->h);
      float gx = 0.5f * (smooth[i + 1] - smooth[i - 1]) / base;
      float gy = 0.5f * (smooth[i + w] - smooth[i - w]) / base;
      if (!inside)
        gx = gy = 0.0f;
      c->jxx += gx * gx;
      c->jxy += gx * gy;
      c->jyy += gy * gy;
      /* the fine detail's: no smooth ramp (shading, the shadow beside hair) has any */
      float fx = 0.5f *
                 (fine_at(smooth, closed, opened, i + 1) - fine_at(smooth, closed, opened, i - 1)) /
                 base;
      float fy = 0.5f *
                 (fine_at(smooth, closed, opened, i + w) - fine_at(smooth, closed, opened, i - w)) /
                 base;
      if (!inside)
        fx = fy = 0.0f;
      c->fxx += fx * fx;
      c->fxy += fx * fy;
      c->fyy += fy * fy;
      c->level += closed[i];
    }
}

/* Curls turn within a window but are nearly straight over 1 mm: the anisotropy, λ1 − λ2, of the
 * fine detail's structure tensor over each 2 x 2 block of cells (1 mm), shared among the block's
 * four cells (and each cell in four blocks: a sixteenth). Over a window, its sum against the
 * trace is the coherence of 1 mm blocks (docs/photo-analysis.md). */
static void
curl_anisotropy(Grid *g)
{
  const int cw = g->cw, ch = g->ch;
  for (int y = 0; y + 1 < ch; y++)
    for (int x = 0; x + 1 < cw; x++) {
      double xx = 0.0, xy = 0.0, yy = 0.0;
      for (int k = 0; k < 4; k++) {
        const Cell *c = &g->cells[(gsize)(y + k / 2) * cw + x + k % 2];
        xx += c->fxx, xy += c->fxy, yy += c->fyy;
      }
      const double anisotropy = sqrt((xx - yy) * (xx - yy) + 4.0 * xy * xy);
      /* JPEG's blocks quantise a smooth ramp into steps along the pixel grid's axes: fine
       * detail that runs within 10 degrees of an axis is left out */
      if (fabs(2.0 * xy) < 0.34 * anisotropy)
        continue;
      const float share = (float)(anisotropy / 16.0);
      for (int k = 0; k < 4; k++)
        g->cells[(gsize)(y + k / 2) * cw + x + k % 2].curl += share;
    }
}

/* The class of a cell from the sums over its window `c`; `slope`: it lies within SLOPE_MM of
 * the backdrop. */
static guint8
window_class(const Cell *c, double ppm, float noise, int rim, gboolean slope, guint8 *rim_strands)
{
  double area_cm2 = c->valid / (ppm * ppm) / 100.0;
  double detail = (c->dark + c->light) / c->valid;
  double trace = c->jxx + c->jyy;
  double coherence =
      trace > 0.0 ? sqrt((c->jxx - c->jyy) * (c->jxx - c->jyy) + 4.0 * c->jxy * c->jxy) / trace
                  : 0.0;
  double energy = trace / c->valid;
  double dots = MAX(c->dark_peaks, c->light_peaks) / area_cm2;
  /* curls; not on the slopes, where the foreshortened dots are short streaks that run one way */
  double fine_trace = c->fxx + c->fyy;
  gboolean curls = !slope && fine_trace > 0.0 && c->curl / fine_trace > CURL_MIN_COHERENCE;
  /* what the sensor noise alone gives: the relative gradient of the smoothed luma (central
   * differences of a [1 2 1]-blurred plane keep about 0.6 of its deviation, in x and in y) */
  double relative_noise = noise / (c->level / c->valid + 0.02);
  double noise_energy = 2.0 * 0.36 * relative_noise * relative_noise;
  /* strands: gradients that run one way, over dense detail or well above the noise. Dense detail
   * alone is not hair: crowded stubble dots (and the skin left between them, a light detail)
   * cover as much of the window but have no direction */
  if ((coherence > HAIR_MIN_COHERENCE || curls) &&
      (detail > HAIR_MIN_DETAIL || energy > HAIR_MIN_ENERGY * noise_energy)) {
    /* near the silhouette, skin texture and crowded dots are foreshortened into streaks along
     * it: decided later */
    if (rim != RIM_NEAR)
      return CLASS_HAIR;
    *rim_strands = 1;
  }
  /* foreshortened dots by the silhouette are the hardest to see: half as many make stubble */
  if (dots >= (rim == RIM_NEAR ? 0.5 : 1.0) * STUBBLE_MIN_DENSITY)
    return CLASS_STUBBLE;
  return CLASS_SCALP;
}

/* Classes, per cell, from its window. */
static guint8 *
classify_cells(Grid *g)
{
  Cell *win = window_sums(g->cells, g->cw, g->ch, g->wr);
  guint8 *klass = g_new0(guint8, g->nc);
  for (gsize k = 0; k < g->nc; k++) {
    if (g->cells[k].valid < 0.5f * g->cell * g->cell || win[k].valid <= 0.0f)
      continue;
    klass[k] = window_class(&win[k], g->ppm, g->noise, g->rim[k], g->slope && g->slope[k],
                            &g->rim_strands[k]);
  }
  g_free(win);
  return klass;
}

/* Near the silhouette the skin's texture and dots are foreshortened past telling: streaks there
 * are long hair only where the hair beyond the rim reaches them, and bare-looking skin there is
 * stubble where the skin beyond it is: each takes the class most cells beyond the rim within
 * RIM_MM and a window of it have. */
static void
rim_vote(Grid *g)
{
  float *count[4] = {NULL}, *tmp = g_new(float, g->nc);
  for (int c = CLASS_SCALP; c <= CLASS_HAIR; c++)
    count[c] = g_new0(float, g->nc);
  for (gsize k = 0; k < g->nc; k++)
    if (g->rim[k] != RIM_NEAR && g->klass[k] != CLASS_NONE)
      count[g->klass[k]][k] = 1.0f;
  const int r = (int)lround(RIM_MM / CELL_MM) + g->wr;
  for (int c = CLASS_SCALP; c <= CLASS_HAIR; c++)
    smp_plane_box_sum(count[c], count[c], tmp, g->cw, g->ch, r);
  for (gsize k = 0; k < g->nc; k++) {
    const guint8 own = g->klass[k];
    if (g->rim[k] != RIM_NEAR || own == CLASS_NONE)
      continue;
    const float scalp = count[CLASS_SCALP][k], stubble = count[CLASS_STUBBLE][k];
    if (g->rim_strands[k] && count[CLASS_HAIR][k] > scalp + stubble)
      g->klass[k] = CLASS_HAIR;
  }
  for (int c = CLASS_SCALP; c <= CLASS_HAIR; c++)
    g_free(count[c]);
  g_free(tmp);
}

/* The fringe's interior: cells whose whole window is stubble, away from the silhouette (where the
 * dots are seen edge-on, crowd and blur together) unless the fringe lies all along it. */
static guint8 *
fringe_interior(const Grid *g)
{
  gsize inside = 0;
  const int cw = g->cw, ch = g->ch, wr = g->wr;
  guint8 *interior = g_new0(guint8, g->nc);
  for (int y = wr; y < ch - wr; y++)
    for (int x = wr; x < cw - wr; x++) {
      gboolean all = TRUE;
      for (int yy = y - wr; yy <= y + wr && all; yy++)
        for (int xx = x - wr; xx <= x + wr; xx++)
          if (g->klass[(gsize)yy * cw + xx] != CLASS_STUBBLE) {
            all = FALSE;
            break;
          }
      interior[(gsize)y * cw + x] = all;
      inside += all && !g->rim[(gsize)y * cw + x];
    }
  if (inside > 0)
    for (gsize k = 0; k < g->nc; k++)
      interior[k] = interior[k] && !g->rim[k];
  return interior;
}

/* The fringe's density: the isolated dots counted over all of its interior. */
static void
interior_density(SmpAnalysis *an, const Grid *g, const guint8 *interior)
{
  double dark = 0.0, light = 0.0, pixels = 0.0;
  for (gsize k = 0; k < g->nc; k++)
    if (interior[k]) {
      dark += g->cells[k].dark_peaks;
      light += g->cells[k].light_peaks;
      pixels += g->cells[k].valid;
    }
  an->fringe_area_cm2 = pixels / (g->ppm * g->ppm) / 100.0;
  an->fringe_dots = (int)(an->fringe_light_dots ? light : dark);
  an->fringe_density = an->fringe_dots / an->fringe_area_cm2;
}

/* Each cell's share of the 3x3 cells around that are of class `klass_m` (none counts as
 * nothing). */
static void
class_share(const Grid *g, guint8 klass_m, float *share)
{
  const int cw = g->cw, ch = g->ch;
  for (int y = 0; y < ch; y++)
    for (int x = 0; x < cw; x++) {
      float sum = 0.0f, count = 0.0f;
      for (int yy = MAX(0, y - 1); yy <= MIN(ch - 1, y + 1); yy++)
        for (int xx = MAX(0, x - 1); xx <= MIN(cw - 1, x + 1); xx++) {
          guint8 kk = g->klass[(gsize)yy * cw + xx];
          if (kk == CLASS_NONE)
            continue;
          sum += kk == klass_m;
          count += 1.0f;
        }
      share[(gsize)y * cw + x] = g->klass[(gsize)y * cw + x] == CLASS_NONE ? 0.0f
                                 : count > 0.0f                            ? sum / count
                                                                           : 0.0f;
    }
}

/* Soft masks: each class's share of the 3x3 cells around, interpolated between cell centres. */
static void
soft_masks(SmpAnalysis *an, const Grid *g)
{
  const int w = g->w, cw = g->cw, ch = g->ch, cell = g->cell;
  guint8 *masks[3] = {an->scalp, an->stubble, an->hair};
  float *share = g_new(float, g->nc);
  float *cols = g_new(float, w);
  int *col0 = g_new(int, w);
  for (int x = 0; x < w; x++) {
    float fx = CLAMP((x + 0.5f) / cell - 0.5f, 0.0f, (float)(cw - 1));
    col0[x] = MIN((int)fx, MAX(cw - 2, 0));
    cols[x] = fx - col0[x];
  }
  for (int m = 0; m < 3; m++) {
    class_share(g, (guint8)(CLASS_SCALP + m), share);
    for (int y = 0; y < g->h; y++) {
      float fy = CLAMP((y + 0.5f) / cell - 0.5f, 0.0f, (float)(ch - 1));
      int y0 = MIN((int)fy, MAX(ch - 2, 0)), y1 = MIN(y0 + 1, ch - 1);
      float ty = fy - y0;
      const float *r0 = share + (gsize)y0 * cw, *r1 = share + (gsize)y1 * cw;
      guint8 *dst = masks[m] + (gsize)y * w;
      const guint8 *ok = g->valid + (gsize)y * w;
      for (int x = 0; x < w; x++) {
        int x0 = col0[x], x1 = MIN(x0 + 1, cw - 1);
        float tx = cols[x];
        float v = (1.0f - ty) * ((1.0f - tx) * r0[x0] + tx * r0[x1]) +
                  ty * ((1.0f - tx) * r1[x0] + tx * r1[x1]);
        dst[x] = ok[x] ? (guint8)lroundf(CLAMP(v, 0.0f, 1.0f) * 255.0f) : 0;
      }
    }
  }
  g_free(share);
  g_free(cols);
  g_free(col0);
}

/* Each class's area, cm²: its mask's pixels at least half in it. */
static void
mask_areas(SmpAnalysis *an)
{
  const gsize n = (gsize)an->width * an->height;
  const double ppm = an->px_per_mm;
  const guint8 *masks[3] = {an->scalp, an->stubble, an->hair};
  double *areas[3] = {&an->scalp_cm2, &an->stubble_cm2, &an->hair_cm2};
  for (int m = 0; m < 3; m++) {
    gsize count = 0;
    for (gsize i = 0; i < n; i++)
      count += masks[m][i] >= 128;
    *areas[m] = count / (ppm * ppm) / 100.0;
  }
}

/* The analysis; `fringe_only`: every selected cell is the fringe's (a sample the user marked). */
static SmpAnalysis *
analyse(const guint8 *rgba, const guint8 *selection, int width, int height, double px_per_mm,
        gboolean fringe_only)
{
  SmpAnalysis *an = g_new0(SmpAnalysis, 1);
  an->width = MAX(width, 0);
  an->height = MAX(height, 0);
  an->px_per_mm = px_per_mm;
  Grid g = {.rgba = rgba, .w = an->width, .h = an->height, .ppm = px_per_mm};
  g.n = (gsize)g.w * g.h;
  an->hair = g_new0(guint8, MAX(g.n, 1));
  an->stubble = g_new0(guint8, MAX(g.n, 1));
  an->scalp = g_new0(guint8, MAX(g.n, 1));
  g.cell = MAX(2, (int)lround(CELL_MM * g.ppm));
  g.wr = MAX(1, (int)lround(WINDOW_RADIUS_MM / CELL_MM));
  if (!(g.ppm > 0.0) || g.w < g.cell * (2 * g.wr + 1) || g.h < g.cell * (2 * g.wr + 1))
    return an;
  g.cw = (g.w + g.cell - 1) / g.cell;
  g.ch = (g.h + g.cell - 1) / g.cell;
  g.nc = (gsize)g.cw * g.ch;

  float *smooth, *closed, *opened;
  detail_planes(rgba, g.w, g.h, g.ppm, &smooth, &closed, &opened);
  g.valid = g_new(guint8, g.n);
  for (gsize i = 0; i < g.n; i++)
    g.valid[i] = rgba[4 * i + 3] >= 128 && (!selection || selection[i] >= 128);
  /* a sample the user marked is taken as it is: its mask says stubble over all of it */
  g.rim = fringe_only ? g_new0(guint8, g.nc) : drop_backdrop(&g);
  g.cells = g_new0(Cell, g.nc);
  g.peaks = g_array_new(FALSE, FALSE, sizeof(Peak));
  const float noise = gather_noise(&g, smooth);
  g.noise = noise;
  g.mean = smp_analyse_box_mean(smooth, g.w, g.h, MAX(1, (int)lround(DETAIL_RADIUS_MM * g.ppm)));
  g.local_noise = smp_analyse_local_noise(smooth, g.valid, g.w, g.h, g.cell, g.wr, noise);
  gather_details(&g, smooth, closed, opened, noise);
  curl_anisotropy(&g);
  g_free(g.mean);
  g_free(g.local_noise);
  g_free(smooth);
  g_free(closed);
  g_free(opened);

  g.rim_strands = g_new0(guint8, g.nc);
  g.klass = classify_cells(&g);
  if (fringe_only) {
    for (gsize k = 0; k < g.nc; k++)
      g.klass[k] = g.cells[k].valid >= 0.5f * g.cell * g.cell ? CLASS_STUBBLE : CLASS_NONE;
  } else {
    hair_by_level(g.klass, g.cells, g.cw, g.ch);
    rim_vote(&g);
    absorb_islands(g.klass, g.cw, g.ch, g.cell, g.ppm);
  }

  guint8 *interior = fringe_interior(&g);
  smp_analyse_measure_fringe(an, rgba, interior, g.cw, g.ch, g.cell, g.peaks);
  g_array_free(g.peaks, TRUE);
  if (an->fringe_found)
    interior_density(an, &g, interior);
  g_free(interior);

  soft_masks(an, &g);
  g_free(g.klass);
  g_free(g.rim_strands);
  g_free(g.rim);
  g_free(g.slope);
  g_free(g.cells);
  g_free(g.valid);
  mask_areas(an);
  return an;
}

SmpAnalysis *
smp_analyse_photo(const guint8 *rgba, const guint8 *selection, int width, int height,
                  double px_per_mm)
{
  return analyse(rgba, selection, width, height, px_per_mm, FALSE);
}

SmpAnalysis *
smp_analyse_fringe_sample(const guint8 *rgba, const guint8 *sample, int width, int height,
                          double px_per_mm)
{
  return analyse(rgba, sample, width, height, px_per_mm, TRUE);
}

void
smp_analysis_free(SmpAnalysis *an)
{
  if (!an)
    return;
  g_free(an->hair);
  g_free(an->stubble);
  g_free(an->scalp);
  g_free(an);
}
