/* smp-analyse-fringe: the stubble fringe's dots, measured on tiles inside it with the scar
 * analysis: density, dot size and colour. See smp-analyse.h and docs/photo-analysis.md. */
#include <math.h>
#include <string.h>

#include "smp-analyse-private.h"
#include "smp-color.h"
#include "smp-scar.h"

#define TILE_MM 8.0        /* the fringe is measured on tiles this wide ... */
#define MAX_TILES 48       /* ... at most this many, spread over the fringe */
#define MAX_PEAK_DOTS 4000 /* dots measured when the tiles' finder sees none */

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
      float l = smp_analyse_luma(rgba + ((gsize)(ty + y) * w + tx + x) * 4);
      luma[(gsize)y * tw + x] = l;
      if (inside[(gsize)y * tw + x] >= 0.5f)
        sorted[m++] = l;
    }
  /* the skin at a fixed level, so that the dot finder's absolute floors mean the same on every
   * skin tone; lighter dots are found as dark ones in the inverted picture */
  float level = MAX(smp_analyse_quantile(sorted, m, 0.5), 0.02f);
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

/* The tiles of the cell grid (x, y of their first cell) that lie (nearly) all inside the
 * fringe. */
static GArray *
fringe_tiles(const guint8 *interior, int cw, int ch, int tile_cells)
{
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
  return tiles;
}

/* Measures up to MAX_TILES of the fringe's tiles, spread evenly, in both polarities. */
static void
measure_tiles(SmpAnalysis *an, const guint8 *rgba, const guint8 *interior, int cw, int ch, int cell,
              FringeTally tally[2])
{
  const int w = an->width, tile_cells = MAX(4, (int)lround(TILE_MM / CELL_MM));
  GArray *tiles = fringe_tiles(interior, cw, ch, tile_cells);
  const guint n_tiles = tiles->len, stride = MAX(1, (n_tiles + MAX_TILES - 1) / MAX_TILES);
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
}

/* The fringe's measures from the tally of one polarity (`light`), if it holds enough dots. */
static void
summarise_tally(SmpAnalysis *an, const FringeTally *t, gboolean light)
{
  const guint nd = t->dots->len;
  if (!(t->found >= 8 && nd >= 8 && t->area_mm2 > 0.0))
    return;
  const DotFootprint *dots = (const DotFootprint *)t->dots->data;
  /* the full contrast of a dot (the same for all: one hair colour) from each dot's peak and
   * footprint, through the centre of a disk blurred by the lens */
  float *values = g_new(float, nd * 4);
  for (guint k = 0; k < nd; k++)
    values[k] = full_contrast(dots[k].sum_y, dots[k].peak_y, DOT_BLUR_VARIANCE);
  const float full = smp_analyse_quantile(values, nd, 0.5);
  /* each dot's area is its footprint over the full contrast */
  float *diam = values, *colour = values + nd;
  for (guint k = 0; k < nd; k++)
    diam[k] = 2.0f * sqrtf(dots[k].sum_y / full / (float)G_PI);
  an->fringe_found = TRUE;
  an->fringe_light_dots = light;
  an->fringe_dots = t->found;
  an->fringe_area_cm2 = t->area_mm2 / 100.0;
  an->fringe_density = t->found / an->fringe_area_cm2;
  an->fringe_dot_mm = smp_analyse_quantile(diam, nd, 0.5) / an->px_per_mm;
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
    an->fringe_skin_srgb[c] = (float)srgb_of_linear(smp_analyse_quantile(colour + c * nd, nd, 0.5));
  }
  g_free(values);
}

void
smp_analyse_measure_fringe(SmpAnalysis *an, const guint8 *rgba, const guint8 *interior, int cw,
                           int ch, int cell, const GArray *peaks)
{
  init_linear_table();
  FringeTally tally[2];
  for (int k = 0; k < 2; k++) {
    memset(&tally[k], 0, sizeof tally[k]);
    tally[k].dots = g_array_new(FALSE, FALSE, sizeof(DotFootprint));
  }
  measure_tiles(an, rgba, interior, cw, ch, cell, tally);
  if (tally[0].found < 8 && tally[1].found < 8) {
    for (int k = 0; k < 2; k++) {
      g_array_set_size(tally[k].dots, 0);
      tally[k].found = 0;
      tally[k].contrast = 0.0;
      tally[k].area_mm2 = 1.0; /* the density comes from the interior's dots */
    }
    tally_peaks(rgba, an->width, an->height, peaks, interior, cw, cell, an->px_per_mm, tally);
  }
  /* the polarity whose dots stand out more */
  const int pick = tally[1].contrast > tally[0].contrast ? 1 : 0;
  summarise_tally(an, &tally[pick], pick == 1);
  g_array_free(tally[0].dots, TRUE);
  g_array_free(tally[1].dots, TRUE);
}
