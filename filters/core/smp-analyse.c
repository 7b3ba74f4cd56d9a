/* smp-analyse: hair, stubble and bald scalp in a head photo; the stubble fringe's density, dot
 * size and colour. See smp-analyse.h and docs/photo-analysis.md. */
#include "smp-analyse.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "smp-color.h"
#include "smp-components.h"
#include "smp-plane.h"
#include "smp-scar.h"
#include "smp-stats.h"

/* Scales, in millimetres of picture. */
#define DETAIL_RADIUS_MM 0.35 /* dark or light details narrower than 0.7 mm: dots, strands */
#define CELL_MM 0.5           /* statistics are gathered per cell ... */
#define WINDOW_RADIUS_MM 1.75 /* ... and classified over a window of cells */
#define TILE_MM 8.0           /* the fringe is measured on tiles this wide ... */
#define MAX_TILES 48          /* ... at most this many, spread over the fringe */
#define MAX_PEAK_DOTS 4000    /* dots measured when the tiles' finder sees none */

/* Classification, per window (docs/photo-analysis.md). */
#define STUBBLE_MIN_DENSITY 12.0 /* isolated dots per cm² that make stubble */
#define HAIR_MIN_DETAIL 0.22     /* fraction of pixels in dark or light detail */
#define HAIR_MIN_COHERENCE 0.35  /* gradient orientation coherence of strands ... */
#define HAIR_MIN_ENERGY 2.0      /* ... whose gradients exceed the noise's this many times */
#define HAIR_DARKER 0.7          /* a cell this much darker than the skin around is hair ... */
#define HAIR_LIGHTER 1.4         /* ... or this much lighter */
#define SKIN_REACH_MM 10.0       /* the skin's level is taken this far around */
#define ISLAND_SCALP_CM2 1.5     /* smaller islands of a class take their surroundings' class */
#define ISLAND_STUBBLE_CM2 1.0
#define ISLAND_HAIR_CM2 0.5
#define DETAIL_MIN_RELATIVE 0.07 /* a detail stands this far (relative) from its surroundings */
#define DETAIL_NOISE_FACTOR 8.0  /* ... and this many noise deviations */

enum { CLASS_NONE, CLASS_SCALP, CLASS_STUBBLE, CLASS_HAIR };

/* ---------------------------------------------------------------------------------------------
 * Plane filters
 */

/* Perceptual luma (Rec. 709 weights on R'G'B') of u8 pixels, 0..1. */
static float
luma_of(const guint8 *p)
{
  return (0.2126f * p[0] + 0.7152f * p[1] + 0.0722f * p[2]) / 255.0f;
}

/* ---------------------------------------------------------------------------------------------
 * Per-cell statistics
 */

typedef struct {
  float valid;       /* pixels that count */
  float rgb[3];      /* sums, 0..1 */
  float dark, light; /* pixels in dark / light detail */
  float dark_peaks, light_peaks;
  float jxx, jxy, jyy; /* structure tensor of the relative gradient */
  float level;         /* sum of the local level beside dark details (the closing) */
  float fine;          /* sum of |luma - smooth luma|, for the noise level */
} Cell;

#define CELL_FIELDS (sizeof(Cell) / sizeof(float))

static float
quantile(float *v, gsize n, double q)
{
  if (n == 0)
    return 0.0f;
  qsort(v, n, sizeof(float), smp_compare_floats);
  return v[(gsize)(q * (n - 1))];
}

/* Box sums of every field of the cells over a (2r+1)² window, clamped at the edges. */
static Cell *
window_sums(const Cell *cells, int cw, int ch, int r)
{
  Cell *rows = g_new0(Cell, (gsize)cw * ch), *out = g_new0(Cell, (gsize)cw * ch);
  for (int y = 0; y < ch; y++)
    for (int x = 0; x < cw; x++) {
      float *dst = (float *)&rows[(gsize)y * cw + x];
      for (int xx = MAX(0, x - r); xx <= MIN(cw - 1, x + r); xx++) {
        const float *src = (const float *)&cells[(gsize)y * cw + xx];
        for (gsize f = 0; f < CELL_FIELDS; f++)
          dst[f] += src[f];
      }
    }
  for (int y = 0; y < ch; y++)
    for (int x = 0; x < cw; x++) {
      float *dst = (float *)&out[(gsize)y * cw + x];
      for (int yy = MAX(0, y - r); yy <= MIN(ch - 1, y + r); yy++) {
        const float *src = (const float *)&rows[(gsize)yy * cw + x];
        for (gsize f = 0; f < CELL_FIELDS; f++)
          dst[f] += src[f];
      }
    }
  g_free(rows);
  return out;
}

/* ---------------------------------------------------------------------------------------------
 * The fringe: dots found by the scar analysis on tiles inside the stubble
 */

/* A dot's footprint in linear light: what it takes away from (or adds to) the skin around it,
 * summed over a window, per channel and in luminance, and its peak in luminance. Blur, focus and
 * JPEG's chroma averaging move light around without changing these sums. */
typedef struct {
  float sum_y, peak_y;
  float sum_rgb[3];
  float skin_rgb[3];
} DotFootprint;

typedef struct {
  GArray *dots; /* DotFootprint */
  double area_mm2, contrast;
  int found;
} FringeTally;

/* An 8-bit sRGB channel in linear light (smp_color_linear_u8_table). */
static const float *linear_of_u8;

static void
init_linear_table(void)
{
  linear_of_u8 = smp_color_linear_u8_table();
}

static float
luminance_of(const float rgb[3])
{
  return 0.2126f * rgb[0] + 0.7152f * rgb[1] + 0.0722f * rgb[2];
}

static double
srgb_of_linear(double v)
{
  v = CLAMP(v, 0.0, 1.0);
  return v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
}

/* The footprint of the dot whose darkest (lightest) pixel is (cx, cy): sums over the square of
 * half-side r around it, against the skin's median colour on the square ring just outside. */
static gboolean
dot_footprint(const guint8 *rgba, int w, int h, int cx, int cy, int r, gboolean light,
              DotFootprint *f)
{
  const int ring = r + 2;
  if (cx - ring < 0 || cy - ring < 0 || cx + ring >= w || cy + ring >= h)
    return FALSE;
  float ring_values[3][64 * 16];
  int nr = 0;
  for (int dy = -ring; dy <= ring; dy++)
    for (int dx = -ring; dx <= ring; dx++) {
      if (MAX(abs(dx), abs(dy)) <= r || nr >= 64 * 16)
        continue;
      const guint8 *p = rgba + ((gsize)(cy + dy) * w + cx + dx) * 4;
      for (int c = 0; c < 3; c++)
        ring_values[c][nr] = linear_of_u8[p[c]];
      nr++;
    }
  float sign = light ? -1.0f : 1.0f;
  /* the ring's interquartile mean: robust to a neighbouring dot, and not stepped like a median
   * of 8-bit values, whose step the window's many pixels would multiply */
  for (int c = 0; c < 3; c++) {
    qsort(ring_values[c], nr, sizeof(float), smp_compare_floats);
    double mean = 0.0;
    for (int k = nr / 4; k < nr - nr / 4; k++)
      mean += ring_values[c][k];
    f->skin_rgb[c] = (float)(mean / (nr - 2 * (nr / 4)));
    f->sum_rgb[c] = 0.0f;
  }
  const float skin_y = luminance_of(f->skin_rgb);
  f->sum_y = 0.0f;
  f->peak_y = 0.0f;
  for (int dy = -r; dy <= r; dy++)
    for (int dx = -r; dx <= r; dx++) {
      const guint8 *p = rgba + ((gsize)(cy + dy) * w + cx + dx) * 4;
      float rgb[3] = {linear_of_u8[p[0]], linear_of_u8[p[1]], linear_of_u8[p[2]]};
      for (int c = 0; c < 3; c++)
        f->sum_rgb[c] += rgb[c] - f->skin_rgb[c];
      float d = sign * (skin_y - luminance_of(rgb));
      f->sum_y += d;
      f->peak_y = MAX(f->peak_y, d);
    }
  return f->sum_y > 0.0f && f->peak_y > 0.0f;
}

/* Finds the dots of one tile (tx, ty, tw, th px) with the scar analysis, dark (or, `light`,
 * lighter) than the skin, and adds their footprints; `inside` marks the tile's pixels that belong
 * to the fringe's interior. */
static void
measure_tile(const guint8 *rgba, int w, int h, int tx, int ty, int tw, int th, const float *inside,
             double ppm, gboolean light, FringeTally *t)
{
  const gsize n = (gsize)tw * th;
  float *luma = g_new(float, n), *sorted = g_new(float, n);
  gsize m = 0;
  for (int y = 0; y < th; y++)
    for (int x = 0; x < tw; x++) {
      float l = luma_of(rgba + ((gsize)(ty + y) * w + tx + x) * 4);
      luma[(gsize)y * tw + x] = l;
      if (inside[(gsize)y * tw + x] >= 0.5f)
        sorted[m++] = l;
    }
  /* the skin at a fixed level, so that the dot finder's absolute floors mean the same on every
   * skin tone; lighter dots are found as dark ones in the inverted picture */
  float level = MAX(quantile(sorted, m, 0.5), 0.02f);
  for (gsize i = 0; i < n; i++) {
    float v = MIN(luma[i] / level * 0.7f, 1.0f);
    luma[i] = light ? 1.0f - v : v;
  }

  SmpScarSettings settings = {ppm, SMP_SCAR_DETECT_WHOLE_AREA, 0.0};
  SmpScarAnalysis *a = smp_scar_analyse(luma, inside, tw, th, &settings);
  if (a->dots_found) {
    t->found += a->ring_dots;
    t->area_mm2 += a->ring_area_mm2;
    t->contrast += a->dot_contrast * a->ring_dots;
    for (int k = 0; k < a->n_dots; k++) {
      const SmpFoundDot *d = &a->dots[k];
      DotFootprint f;
      /* a window just wider than the dot and its blur keeps the skin's texture out of the sum */
      const int r = MAX(2, (int)ceil(0.5 * d->diameter + 1.5));
      if (a->dot_in_ring[k] &&
          dot_footprint(rgba, w, h, tx + d->core_x, ty + d->core_y, r, light, &f))
        g_array_append_val(t->dots, f);
    }
  }
  smp_scar_analysis_free(a);
  g_free(luma);
  g_free(sorted);
}

/* A local maximum of dark or light detail: a dot. */
typedef struct {
  int x, y;
  gboolean light;
} Peak;

/* Where the scar analysis's finder sees no dots (soft or dense dots that its noise statistic
 * takes for texture), the dots are the detail's own maxima in the fringe's interior, up to
 * MAX_PEAK_DOTS of them spread evenly. */
static void
tally_peaks(const guint8 *rgba, int w, int h, const GArray *peaks, const guint8 *interior, int cw,
            int cell, double ppm, FringeTally tally[2])
{
  GArray *inside = g_array_new(FALSE, FALSE, sizeof(Peak));
  for (guint k = 0; k < peaks->len; k++) {
    const Peak *pk = &g_array_index(peaks, Peak, k);
    if (interior[(gsize)(pk->y / cell) * cw + pk->x / cell])
      g_array_append_val(inside, *pk);
  }
  const guint stride = MAX(1, (inside->len + MAX_PEAK_DOTS - 1) / MAX_PEAK_DOTS);
  const int r = MAX(2, (int)ceil(0.3 * ppm));
  for (guint k = 0; k < inside->len; k += stride) {
    const Peak *pk = &g_array_index(inside, Peak, k);
    DotFootprint f;
    FringeTally *t = &tally[pk->light ? 1 : 0];
    if (!dot_footprint(rgba, w, h, pk->x, pk->y, r, pk->light, &f))
      continue;
    g_array_append_val(t->dots, f);
    t->found++;
    t->contrast += f.peak_y;
  }
  g_array_free(inside, TRUE);
}

/* The camera's blur at a dot, px²: a sharp lens (a Gaussian of 0.6 px) plus the pixel's own area
 * and the dot's position within its darkest pixel (docs/photo-analysis.md). */
#define DOT_BLUR_VARIANCE 0.6

/* The full contrast of a dot whose footprint (summed contrast, px) is `sum` and whose darkest
 * pixel shows `peak`: a disk of area A = sum / full blurred by a Gaussian of variance `blur` px²
 * shows full * (1 - exp(-A / (2 pi blur))) at its centre. */
static float
full_contrast(float sum, float peak, double blur)
{
  const double k = 2.0 * G_PI * blur;
  if (!(peak > 0.0f) || peak >= sum / k)
    return peak;
  double lo = peak, hi = 50.0 * peak;
  for (int i = 0; i < 40; i++) {
    double mid = 0.5 * (lo + hi);
    if (mid * (1.0 - exp(-sum / (k * mid))) > peak)
      hi = mid;
    else
      lo = mid;
  }
  return (float)(0.5 * (lo + hi));
}

static void
measure_fringe(SmpAnalysis *an, const guint8 *rgba, const guint8 *interior, int cw, int ch,
               int cell, const GArray *peaks)
{
  const int w = an->width, tile_cells = MAX(4, (int)lround(TILE_MM / CELL_MM));
  init_linear_table();
  /* tiles of the cell grid that lie (nearly) all inside the fringe */
  GArray *tiles = g_array_new(FALSE, FALSE, sizeof(int) * 2);
  for (int ty = 0; ty + tile_cells <= ch; ty += tile_cells)
    for (int tx = 0; tx + tile_cells <= cw; tx += tile_cells) {
      int inside = 0;
      for (int y = ty; y < ty + tile_cells; y++)
        for (int x = tx; x < tx + tile_cells; x++)
          inside += interior[(gsize)y * cw + x];
      if (inside >= 0.8 * tile_cells * tile_cells) {
        int t[2] = {tx, ty};
        g_array_append_val(tiles, t);
      }
    }
  const guint n_tiles = tiles->len, stride = MAX(1, (n_tiles + MAX_TILES - 1) / MAX_TILES);
  FringeTally tally[2];
  for (int k = 0; k < 2; k++) {
    memset(&tally[k], 0, sizeof tally[k]);
    tally[k].dots = g_array_new(FALSE, FALSE, sizeof(DotFootprint));
  }
  const int tw = MIN(tile_cells * cell, w), th = MIN(tile_cells * cell, an->height);
  float *inside = g_new(float, (gsize)tw *th);
  for (guint k = 0; k < n_tiles; k += stride) {
    const int *t = &g_array_index(tiles, int, 2 * k);
    const int x0 = t[0] * cell, y0 = t[1] * cell;
    const int sw = MIN(tw, w - x0), sh = MIN(th, an->height - y0);
    for (int y = 0; y < sh; y++)
      for (int x = 0; x < sw; x++)
        inside[(gsize)y * sw + x] =
            interior[(gsize)(t[1] + y / cell) * cw + t[0] + x / cell] ? 1.0f : 0.0f;
    for (int light = 0; light < 2; light++)
      measure_tile(rgba, w, an->height, x0, y0, sw, sh, inside, an->px_per_mm, light,
                   &tally[light]);
    an->fringe_tiles++;
  }
  g_free(inside);
  g_array_free(tiles, TRUE);
  if (tally[0].found < 8 && tally[1].found < 8) {
    for (int k = 0; k < 2; k++) {
      g_array_set_size(tally[k].dots, 0);
      tally[k].found = 0;
      tally[k].contrast = 0.0;
      tally[k].area_mm2 = 1.0; /* the density comes from the interior's dots */
    }
    tally_peaks(rgba, w, an->height, peaks, interior, cw, cell, an->px_per_mm, tally);
  }

  /* the polarity whose dots stand out more */
  const int pick = tally[1].contrast > tally[0].contrast ? 1 : 0;
  FringeTally *t = &tally[pick];
  const guint nd = t->dots->len;
  if (t->found >= 8 && nd >= 8 && t->area_mm2 > 0.0) {
    const DotFootprint *dots = (const DotFootprint *)t->dots->data;
    /* the full contrast of a dot (the same for all: one hair colour) from each dot's peak and
     * footprint, through the centre of a disk blurred by the lens */
    float *values = g_new(float, nd * 4);
    for (guint k = 0; k < nd; k++)
      values[k] = full_contrast(dots[k].sum_y, dots[k].peak_y, DOT_BLUR_VARIANCE);
    const float full = quantile(values, nd, 0.5);
    /* each dot's area is its footprint over the full contrast */
    float *diam = values, *colour = values + nd;
    for (guint k = 0; k < nd; k++)
      diam[k] = 2.0f * sqrtf(dots[k].sum_y / full / (float)G_PI);
    an->fringe_found = TRUE;
    an->fringe_light_dots = pick == 1;
    an->fringe_dots = t->found;
    an->fringe_area_cm2 = t->area_mm2 / 100.0;
    an->fringe_density = t->found / an->fringe_area_cm2;
    an->fringe_dot_mm = quantile(diam, nd, 0.5) / an->px_per_mm;
    /* the dots' own colour, the skin's plus the footprint per unit of area, pooled over all of
     * them: one dot's footprint over its few pixels of area would be dominated by noise */
    double pooled[3] = {0.0, 0.0, 0.0}, total_area = 0.0;
    for (guint k = 0; k < nd; k++) {
      double area = dots[k].sum_y / full;
      total_area += area;
      for (int c = 0; c < 3; c++)
        pooled[c] += area * dots[k].skin_rgb[c] + dots[k].sum_rgb[c];
    }
    for (int c = 0; c < 3; c++) {
      an->fringe_srgb[c] = (float)srgb_of_linear(pooled[c] / total_area);
      for (guint k = 0; k < nd; k++)
        colour[c * nd + k] = dots[k].skin_rgb[c];
      an->fringe_skin_srgb[c] = (float)srgb_of_linear(quantile(colour + c * nd, nd, 0.5));
    }
    g_free(values);
  }
  g_array_free(tally[0].dots, TRUE);
  g_array_free(tally[1].dots, TRUE);
}

/* A mass of hair is much darker (or lighter) than the skin around it, which texture alone
 * misses where the hair lies smooth or in shadow: each cell's level (beside its dots) against the
 * skin's level around it, a masked mean of the scalp and stubble cells within SKIN_REACH_MM (or
 * farther where those are few), twice, so that the first pass's hair no longer counts as skin. */
static void
hair_by_level(guint8 *klass, const Cell *cells, int cw, int ch)
{
  const gsize nc = (gsize)cw * ch;
  float *level = g_new(float, nc), *sum = g_new(float, nc), *weight = g_new(float, nc);
  float *wide_sum = g_new(float, nc), *wide_weight = g_new(float, nc), *tmp = g_new(float, nc);
  for (gsize k = 0; k < nc; k++)
    level[k] = cells[k].valid > 0.0f ? logf(cells[k].level / cells[k].valid + 0.01f) : 0.0f;
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
      if (ratio < HAIR_DARKER || ratio > HAIR_LIGHTER)
        klass[k] = CLASS_HAIR;
    }
  }
  g_free(level);
  g_free(sum);
  g_free(weight);
  g_free(wide_sum);
  g_free(wide_weight);
  g_free(tmp);
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
  guint8 *relabel = g_memdup2(klass, (gsize)cw * ch);
  for (int c = CLASS_SCALP; c <= CLASS_HAIR; c++) {
    memcpy(mask, klass, (gsize)cw * ch);
    Islands is = {klass, relabel, cw, ch, (gsize)ceil(min_cm2[c] / cell_cm2)};
    smp_mask_filter_regions(mask, cw, ch, (guint8)c, (guint8)c, absorb_island, &is);
  }
  memcpy(klass, relabel, (gsize)cw * ch);
  g_free(mask);
  g_free(relabel);
}

/* ---------------------------------------------------------------------------------------------
 * Analysis
 */

/* The analysis; `fringe_only`: every selected cell is the fringe's (a sample the user marked). */
static SmpAnalysis *
analyse(const guint8 *rgba, const guint8 *selection, int width, int height, double px_per_mm,
        gboolean fringe_only)
{
  SmpAnalysis *an = g_new0(SmpAnalysis, 1);
  an->width = MAX(width, 0);
  an->height = MAX(height, 0);
  an->px_per_mm = px_per_mm;
  const int w = an->width, h = an->height;
  const gsize n = (gsize)w * h;
  an->hair = g_new0(guint8, MAX(n, 1));
  an->stubble = g_new0(guint8, MAX(n, 1));
  an->scalp = g_new0(guint8, MAX(n, 1));
  const double ppm = px_per_mm;
  const int cell = MAX(2, (int)lround(CELL_MM * ppm));
  const int wr = MAX(1, (int)lround(WINDOW_RADIUS_MM / CELL_MM));
  if (!(ppm > 0.0) || w < cell * (2 * wr + 1) || h < cell * (2 * wr + 1))
    return an;
  const int cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell;
  const gsize nc = (gsize)cw * ch;

  /* pixel planes: smoothed luma, its closing (the level beside dark details) and opening */
  float *smooth = smp_plane_new(w, h), *closed = smp_plane_new(w, h);
  float *opened = smp_plane_new(w, h);
  for (gsize i = 0; i < n; i++)
    opened[i] = luma_of(rgba + 4 * i);
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

  guint8 *valid = g_new(guint8, n);
  for (gsize i = 0; i < n; i++)
    valid[i] = rgba[4 * i + 3] >= 128 && (!selection || selection[i] >= 128);

  /* noise level: the fine detail of the smoothest quarter of the cells */
  Cell *cells = g_new0(Cell, nc);
  GArray *peaks = g_array_new(FALSE, FALSE, sizeof(Peak));
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      if (!valid[i])
        continue;
      const guint8 *p = rgba + 4 * i;
      float l = luma_of(p);
      Cell *c = &cells[(gsize)(y / cell) * cw + x / cell];
      c->valid += 1.0f;
      c->fine += fabsf(l - smooth[i]);
      for (int k = 0; k < 3; k++)
        c->rgb[k] += p[k] / 255.0f;
    }
  float *values = g_new(float, nc);
  gsize nv = 0;
  for (gsize k = 0; k < nc; k++)
    if (cells[k].valid >= 0.5f * cell * cell)
      values[nv++] = cells[k].fine / cells[k].valid;
  /* the smoothed luma keeps about 0.57 of the fine detail's mean as its noise deviation */
  const float noise = 0.57f * quantile(values, nv, 0.25);

  /* details, peaks and the structure tensor, per cell */
  for (int y = 1; y < h - 1; y++)
    for (int x = 1; x < w - 1; x++) {
      gsize i = (gsize)y * w + x;
      if (!valid[i])
        continue;
      Cell *c = &cells[(gsize)(y / cell) * cw + x / cell];
      const float base = closed[i] + 0.02f;
      const float t = fmaxf(DETAIL_MIN_RELATIVE * base, DETAIL_NOISE_FACTOR * noise);
      const float dark = closed[i] - smooth[i], light = smooth[i] - opened[i];
      if (dark > t) {
        c->dark += 1.0f;
        gboolean peak = TRUE;
        for (int dy = -1; dy <= 1 && peak; dy++)
          for (int dx = -1; dx <= 1; dx++) {
            gsize j = i + (gssize)dy * w + dx;
            float other = closed[j] - smooth[j];
            if (j != i && (j < i ? other >= dark : other > dark)) {
              peak = FALSE;
              break;
            }
          }
        c->dark_peaks += peak;
        if (peak) {
          Peak pk = {x, y, FALSE};
          g_array_append_val(peaks, pk);
        }
      }
      if (light > t) {
        c->light += 1.0f;
        gboolean peak = TRUE;
        for (int dy = -1; dy <= 1 && peak; dy++)
          for (int dx = -1; dx <= 1; dx++) {
            gsize j = i + (gssize)dy * w + dx;
            float other = smooth[j] - opened[j];
            if (j != i && (j < i ? other >= light : other > light)) {
              peak = FALSE;
              break;
            }
          }
        c->light_peaks += peak;
        if (peak) {
          Peak pk = {x, y, TRUE};
          g_array_append_val(peaks, pk);
        }
      }
      float gx = 0.5f * (smooth[i + 1] - smooth[i - 1]) / base;
      float gy = 0.5f * (smooth[i + w] - smooth[i - w]) / base;
      c->jxx += gx * gx;
      c->jxy += gx * gy;
      c->jyy += gy * gy;
      c->level += closed[i];
    }
  g_free(smooth);
  g_free(closed);
  g_free(opened);

  g_free(values);

  /* classes, per cell, from its window */
  Cell *win = window_sums(cells, cw, ch, wr);
  guint8 *klass = g_new0(guint8, nc);
  for (gsize k = 0; k < nc; k++) {
    const Cell *c = &win[k];
    if (cells[k].valid < 0.5f * cell * cell || c->valid <= 0.0f)
      continue;
    double area_cm2 = c->valid / (ppm * ppm) / 100.0;
    double detail = (c->dark + c->light) / c->valid;
    double trace = c->jxx + c->jyy;
    double coherence =
        trace > 0.0 ? sqrt((c->jxx - c->jyy) * (c->jxx - c->jyy) + 4.0 * c->jxy * c->jxy) / trace
                    : 0.0;
    double energy = trace / c->valid;
    /* what the sensor noise alone gives: the relative gradient of the smoothed luma (central
     * differences of a [1 2 1]-blurred plane keep about 0.6 of its deviation, in x and in y) */
    double relative_noise = noise / (c->level / c->valid + 0.02);
    double noise_energy = 2.0 * 0.36 * relative_noise * relative_noise;
    double dots = MAX(c->dark_peaks, c->light_peaks) / area_cm2;
    gboolean cool = c->rgb[2] >= c->rgb[0];
    if (detail > HAIR_MIN_DETAIL ||
        (coherence > HAIR_MIN_COHERENCE && energy > HAIR_MIN_ENERGY * noise_energy))
      klass[k] = CLASS_HAIR;
    else if (dots >= STUBBLE_MIN_DENSITY)
      klass[k] = CLASS_STUBBLE;
    else if (cool)
      klass[k] = CLASS_NONE; /* the backdrop: smooth and not skin-coloured */
    else
      klass[k] = CLASS_SCALP;
  }
  g_free(win);
  if (fringe_only) {
    for (gsize k = 0; k < nc; k++)
      klass[k] = cells[k].valid >= 0.5f * cell * cell ? CLASS_STUBBLE : CLASS_NONE;
  } else {
    hair_by_level(klass, cells, cw, ch);
    absorb_islands(klass, cw, ch, cell, ppm);
  }

  /* the fringe's interior: cells whose whole window is stubble */
  guint8 *interior = g_new0(guint8, nc);
  for (int y = wr; y < ch - wr; y++)
    for (int x = wr; x < cw - wr; x++) {
      gboolean all = TRUE;
      for (int yy = y - wr; yy <= y + wr && all; yy++)
        for (int xx = x - wr; xx <= x + wr; xx++)
          if (klass[(gsize)yy * cw + xx] != CLASS_STUBBLE) {
            all = FALSE;
            break;
          }
      interior[(gsize)y * cw + x] = all;
    }
  measure_fringe(an, rgba, interior, cw, ch, cell, peaks);
  g_array_free(peaks, TRUE);
  /* the fringe's density: the isolated dots counted over all of its interior */
  if (an->fringe_found) {
    double dark = 0.0, light = 0.0, pixels = 0.0;
    for (gsize k = 0; k < nc; k++)
      if (interior[k]) {
        dark += cells[k].dark_peaks;
        light += cells[k].light_peaks;
        pixels += cells[k].valid;
      }
    an->fringe_area_cm2 = pixels / (ppm * ppm) / 100.0;
    an->fringe_dots = (int)(an->fringe_light_dots ? light : dark);
    an->fringe_density = an->fringe_dots / an->fringe_area_cm2;
  }
  g_free(interior);

  /* soft masks: each class's share of the 3x3 cells around, interpolated between cell centres */
  guint8 *masks[3] = {an->scalp, an->stubble, an->hair};
  float *share = g_new(float, nc);
  float *cols = g_new(float, w);
  int *col0 = g_new(int, w);
  for (int x = 0; x < w; x++) {
    float fx = CLAMP((x + 0.5f) / cell - 0.5f, 0.0f, (float)(cw - 1));
    col0[x] = MIN((int)fx, MAX(cw - 2, 0));
    cols[x] = fx - col0[x];
  }
  for (int m = 0; m < 3; m++) {
    for (int y = 0; y < ch; y++)
      for (int x = 0; x < cw; x++) {
        float sum = 0.0f, count = 0.0f;
        for (int yy = MAX(0, y - 1); yy <= MIN(ch - 1, y + 1); yy++)
          for (int xx = MAX(0, x - 1); xx <= MIN(cw - 1, x + 1); xx++) {
            guint8 kk = klass[(gsize)yy * cw + xx];
            if (kk == CLASS_NONE)
              continue;
            sum += kk == CLASS_SCALP + m;
            count += 1.0f;
          }
        share[(gsize)y * cw + x] = klass[(gsize)y * cw + x] == CLASS_NONE ? 0.0f
                                   : count > 0.0f                         ? sum / count
                                                                          : 0.0f;
      }
    for (int y = 0; y < h; y++) {
      float fy = CLAMP((y + 0.5f) / cell - 0.5f, 0.0f, (float)(ch - 1));
      int y0 = MIN((int)fy, MAX(ch - 2, 0)), y1 = MIN(y0 + 1, ch - 1);
      float ty = fy - y0;
      const float *r0 = share + (gsize)y0 * cw, *r1 = share + (gsize)y1 * cw;
      guint8 *dst = masks[m] + (gsize)y * w;
      const guint8 *ok = valid + (gsize)y * w;
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
  g_free(klass);
  g_free(cells);
  g_free(valid);

  double *areas[3] = {&an->scalp_cm2, &an->stubble_cm2, &an->hair_cm2};
  for (int m = 0; m < 3; m++) {
    gsize count = 0;
    for (gsize i = 0; i < n; i++)
      count += masks[m][i] >= 128;
    *areas[m] = count / (ppm * ppm) / 100.0;
  }
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
