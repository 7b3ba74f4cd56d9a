/* smp-analyse-fringe: the stubble fringe's dots, measured on tiles inside it with the scar
 * analysis: density, dot size and colour. See smp-analyse.h and docs/photo-analysis.md. */
#include <math.h>
#include <stdlib.h>
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
  /* the window's pixels' colour against their luminance, centred on the window's means:
   * co-variances of each channel with luminance and luminance's variance */
  float cov_rgb[3], var_y;
} DotFootprint;

typedef struct {
  GArray *dots; /* DotFootprint */
  double area_mm2, contrast;
  double inside_mm2; /* the tiles' area inside the fringe */
  int found;
  /* the median step between neighbouring pixels in chroma and in luma, summed over the tiles */
  double chroma_step, luma_step;
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

/* The found dots around a tile's pixels: the index of the dot each pixel belongs to (the nearest
 * whose window, of half-side `reach[k]` px, holds it; -1 for the skin between them), in a tile of
 * tw x th px. */
typedef struct {
  int *owner;
  int x0, y0, tw, th; /* the tile, px */
} DotOwners;

static int
owner_at(const DotOwners *o, int x, int y)
{
  if (!o)
    return -1;
  x -= o->x0;
  y -= o->y0;
  if (x < 0 || y < 0 || x >= o->tw || y >= o->th)
    return -1;
  return o->owner[(gsize)y * o->tw + x];
}

/* A chroma sample of 4:2:0 covers 2 x 2 px and the decoder interpolates between neighbouring
 * samples: a dot's chroma reaches up to 2 px past its luma (docs/photo-analysis.md) */
#define CHROMA_REACH 2
/* JPEG's 4:2:0 chroma spreads a dot's colour past its window: adds to its colour sum the pixels
 * of the square CHROMA_REACH px wider around its window (the pixels of other dots aside). */
static void
add_chroma_spread(const guint8 *rgba, int w, int cx, int cy, int r, const DotOwners *o, int id,
                  DotFootprint *f)
{
  for (int dy = -r - CHROMA_REACH; dy <= r + CHROMA_REACH; dy++)
    for (int dx = -r - CHROMA_REACH; dx <= r + CHROMA_REACH; dx++) {
      if (MAX(abs(dx), abs(dy)) <= r)
        continue;
      const int own = owner_at(o, cx + dx, cy + dy);
      if (own >= 0 && own != id)
        continue;
      const guint8 *p = rgba + ((gsize)(cy + dy) * w + cx + dx) * 4;
      for (int c = 0; c < 3; c++)
        f->sum_rgb[c] += linear_of_u8[p[c]] - f->skin_rgb[c];
    }
}

/* The footprint of the dot `id` (owned pixels in `o`, which may be NULL) whose darkest (lightest)
 * pixel is (cx, cy): sums over the square of half-side r around it (the luminance over the disk
 * of radius r + 0.5) of the pixels that are its own or skin, against the skin's colour around it:
 * the skin pixels (no dot's) of the square of half-side r + SKIN_REACH, or without owners the
 * square ring just outside the window. */
#define SKIN_REACH 4
static gboolean
dot_footprint(const guint8 *rgba, int w, int h, int cx, int cy, int r, gboolean light,
              const DotOwners *o, int id, DotFootprint *f)
{
  const int ring = o ? r + SKIN_REACH : r + 2;
  if (cx - ring < 0 || cy - ring < 0 || cx + ring >= w || cy + ring >= h)
    return FALSE;
  enum { MAX_RING = 32 * 32 };
  float ring_values[3][MAX_RING];
  int nr = 0;
  for (int dy = -ring; dy <= ring; dy++)
    for (int dx = -ring; dx <= ring; dx++) {
      if (nr >= MAX_RING)
        continue;
      if (o ? owner_at(o, cx + dx, cy + dy) >= 0 : MAX(abs(dx), abs(dy)) <= r)
        continue;
      const guint8 *p = rgba + ((gsize)(cy + dy) * w + cx + dx) * 4;
      for (int c = 0; c < 3; c++)
        ring_values[c][nr] = linear_of_u8[p[c]];
      nr++;
    }
  if (nr < 12)
    return FALSE;
  float sign = light ? -1.0f : 1.0f;
  /* the skin's interquartile mean: robust to a dot the finder missed, and not stepped like a
   * median of 8-bit values, whose step the window's many pixels would multiply */
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
  double m[4] = {0.0, 0.0, 0.0, 0.0}, my = 0.0, myy = 0.0, mcy[3] = {0.0, 0.0, 0.0};
  int count = 0;
  for (int dy = -r; dy <= r; dy++)
    for (int dx = -r; dx <= r; dx++) {
      const int own = owner_at(o, cx + dx, cy + dy);
      if (own >= 0 && own != id)
        continue;
      const guint8 *p = rgba + ((gsize)(cy + dy) * w + cx + dx) * 4;
      float rgb[3] = {linear_of_u8[p[0]], linear_of_u8[p[1]], linear_of_u8[p[2]]};
      /* the colour over the whole square, over which JPEG spreads a dot's chroma ... */
      for (int c = 0; c < 3; c++)
        f->sum_rgb[c] += rgb[c] - f->skin_rgb[c];
      /* ... the luminance, with owners, over the disk: the square's corners would add the skin's
       * error, not the dot */
      if (o && dx * dx + dy * dy > (r + 0.5) * (r + 0.5))
        continue;
      const float y = luminance_of(rgb);
      float d = sign * (skin_y - y);
      f->sum_y += d;
      f->peak_y = MAX(f->peak_y, d);
      /* the instrument: the luminance of the pixel's four neighbours, which follows the dot's
       * cover but not the pixel's own noise */
      double z = 0.0;
      static const int nb[4][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
      for (int k = 0; k < 4; k++) {
        const guint8 *q = p + (nb[k][1] * w + nb[k][0]) * 4;
        const float qr[3] = {linear_of_u8[q[0]], linear_of_u8[q[1]], linear_of_u8[q[2]]};
        z += 0.25 * luminance_of(qr);
      }
      count++;
      my += z;
      myy += (double)y * z;
      m[3] += y;
      for (int c = 0; c < 3; c++) {
        m[c] += rgb[c];
        mcy[c] += (double)rgb[c] * z;
      }
    }
  if (o)
    add_chroma_spread(rgba, w, cx, cy, r, o, id, f);
  f->var_y = (float)(myy - m[3] * my / count);
  for (int c = 0; c < 3; c++)
    f->cov_rgb[c] = (float)(mcy[c] - m[c] * my / count);
  return f->sum_y > 0.0f && f->peak_y > 0.0f;
}

/* A dot's window: just wider than the dot and its blur, to keep the skin's texture out of the
 * sum. */
static int
dot_window(const SmpFoundDot *d)
{
  return MAX(2, (int)ceil(0.5 * d->diameter + 1.5));
}

/* Each pixel of the tile to the nearest found dot whose window (as a disk) holds it. */
static void
find_owners(const SmpScarAnalysis *a, DotOwners *o)
{
  const gsize n = (gsize)o->tw * o->th;
  float *d2 = g_new(float, n);
  for (gsize i = 0; i < n; i++) {
    o->owner[i] = -1;
    d2[i] = G_MAXFLOAT;
  }
  for (int k = 0; k < a->n_dots; k++) {
    const SmpFoundDot *d = &a->dots[k];
    const int r = dot_window(d);
    for (int y = MAX(0, d->core_y - r); y <= MIN(o->th - 1, d->core_y + r); y++)
      for (int x = MAX(0, d->core_x - r); x <= MIN(o->tw - 1, d->core_x + r); x++) {
        const float dd =
            (float)((x - d->core_x) * (x - d->core_x) + (y - d->core_y) * (y - d->core_y));
        const gsize i = (gsize)y * o->tw + x;
        if (dd <= (r + 0.5f) * (r + 0.5f) && dd < d2[i]) {
          d2[i] = dd;
          o->owner[i] = k;
        }
      }
  }
  g_free(d2);
}

/* How sharp the picture's chroma is against its luma: the median step from a pixel to the next in
 * a row, in chroma (|dCb| + |dCr|, R'G'B' as JPEG codes it) and in luma (|dY'|), over the tile's
 * pixels inside the fringe, added to the tally. Sensor noise is about as strong in chroma as in
 * luma; JPEG's 4:2:0 chroma is smooth from pixel to pixel. */
static void
tile_steps(const guint8 *rgba, int w, int tx, int ty, int tw, int th, const float *inside,
           FringeTally *t)
{
  float *cs = g_new(float, (gsize)tw *th), *ls = g_new(float, (gsize)tw *th);
  gsize m = 0;
  for (int y = 0; y < th; y++)
    for (int x = 0; x + 1 < tw; x++) {
      if (inside[(gsize)y * tw + x] < 0.5f || inside[(gsize)y * tw + x + 1] < 0.5f)
        continue;
      const guint8 *p = rgba + ((gsize)(ty + y) * w + tx + x) * 4, *q = p + 4;
      float d[3] = {(float)q[0] - p[0], (float)q[1] - p[1], (float)q[2] - p[2]};
      ls[m] = fabsf(0.299f * d[0] + 0.587f * d[1] + 0.114f * d[2]);
      cs[m] = fabsf(-0.1687f * d[0] - 0.3313f * d[1] + 0.5f * d[2]) +
              fabsf(0.5f * d[0] - 0.4187f * d[1] - 0.0813f * d[2]);
      m++;
    }
  if (m > 0) {
    t->chroma_step += smp_analyse_quantile(cs, m, 0.5);
    t->luma_step += smp_analyse_quantile(ls, m, 0.5);
  }
  g_free(cs);
  g_free(ls);
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

  tile_steps(rgba, w, tx, ty, tw, th, inside, t);
  t->inside_mm2 += m / (ppm * ppm);

  SmpScarSettings settings = {ppm, SMP_SCAR_DETECT_WHOLE_AREA, 0.0};
  SmpScarAnalysis *a = smp_scar_analyse(luma, inside, tw, th, &settings);
  if (a->dots_found) {
    t->found += a->ring_dots;
    t->area_mm2 += a->ring_area_mm2;
    t->contrast += a->dot_contrast * a->ring_dots;
    DotOwners o = {g_new(int, n), tx, ty, tw, th};
    find_owners(a, &o);
    for (int k = 0; k < a->n_dots; k++) {
      const SmpFoundDot *d = &a->dots[k];
      DotFootprint f;
      if (a->dot_in_ring[k] && dot_footprint(rgba, w, h, tx + d->core_x, ty + d->core_y,
                                             dot_window(d), light, &o, k, &f))
        g_array_append_val(t->dots, f);
    }
    g_free(o.owner);
  }
  smp_scar_analysis_free(a);
  g_free(luma);
  g_free(sorted);
}

/* Where the scar analysis's finder sees no dots (soft or dense dots that its noise statistic
 * takes for texture) or only a few of them (finder_saw_fringe), the dots are the detail's own
 * maxima in the fringe's interior, up to MAX_PEAK_DOTS of them spread evenly. */
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
    if (!dot_footprint(rgba, w, h, pk->x, pk->y, r, pk->light, NULL, -1, &f))
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

/* The dots' own colour (linear) from their footprints and the full contrast of a dot: the skin's
 * plus the dot's contrast, both pooled over all dots by their area (one dot's few pixels would
 * leave it to the noise). The contrast's colour is the luminance's times the slope of each
 * channel against luminance over the dots' pixels, where the picture's chroma is as sharp as its
 * luma: the slope does not depend on the skin's level, which the skin between crowded dots gives
 * only roughly. Where the chroma is smoother than the luma (JPEG's 4:2:0), it is the footprint's
 * own colour, summed with its 2 px spread (add_chroma_spread), per unit of area. See
 * docs/photo-analysis.md. */
static void
dots_colour(const FringeTally *t, float full, gboolean light, double rgb[3])
{
  const DotFootprint *dots = (const DotFootprint *)t->dots->data;
  double skin[3] = {0.0, 0.0, 0.0}, sum[3] = {0.0, 0.0, 0.0}, cov[3] = {0.0, 0.0, 0.0};
  double total_area = 0.0, var = 0.0;
  for (guint k = 0; k < t->dots->len; k++) {
    const double area = dots[k].sum_y / full;
    total_area += area;
    var += dots[k].var_y;
    for (int c = 0; c < 3; c++) {
      skin[c] += area * dots[k].skin_rgb[c];
      sum[c] += dots[k].sum_rgb[c];
      cov[c] += dots[k].cov_rgb[c];
    }
  }
  const gboolean slope = t->chroma_step >= t->luma_step && var > 0.0;
  for (int c = 0; c < 3; c++)
    rgb[c] = slope
                 ? (skin[c] - (light ? -1.0 : 1.0) * full * total_area * cov[c] / var) / total_area
                 : (skin[c] + sum[c]) / total_area;
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
  double dot_linear[3];
  dots_colour(t, full, light, dot_linear);
  for (int c = 0; c < 3; c++) {
    an->fringe_srgb[c] = (float)srgb_of_linear(dot_linear[c]);
    for (guint k = 0; k < nd; k++)
      colour[c * nd + k] = dots[k].skin_rgb[c];
    an->fringe_skin_srgb[c] = (float)srgb_of_linear(smp_analyse_quantile(colour + c * nd, nd, 0.5));
  }
  g_free(values);
}

/* Whether the tiles' finder saw the fringe's dots: its rings (the area around the dots it took
 * for a dot pattern) cover at least half of the tiles' interior. Where they cover less (Monk 10
 * with black hair, whose shaded side's dots stand 4-6 noise deviations out of the skin), it kept
 * a few of the strongest dots, too few and too large to give the dots' size
 * (docs/photo-analysis.md). */
static gboolean
finder_saw_fringe(const FringeTally *t)
{
  return t->found >= 8 && t->area_mm2 >= 0.5 * t->inside_mm2;
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
  if (!finder_saw_fringe(&tally[0]) && !finder_saw_fringe(&tally[1])) {
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
