/* smp-thinning: the scalp seen through thinning long hair. See smp-thinning.h and
 * docs/thinning.md. */
#include "smp-thinning.h"

#include <math.h>
#include <string.h>

#include "smp-color.h"
#include "smp-plane.h"
#include "smp-stats.h"

#define CELL_MM 0.5        /* levels are gathered per cell ... */
#define REACH_MM 10.0      /* ... over this reach ... */
#define FAR_REACH_MM 40.0  /* ... or this one where a class is scarce */
#define MIN_SHARE 0.02     /* a class is scarce below this share of the reach's pixels */
#define OUTLINE_MM 5.0     /* nothing this close to the backdrop counts */
#define MIN_RATIO 1.8      /* skin and hair that differ less in level are not told apart */
#define MIN_SEPARATION 2.0 /* Ashman's D of the two levels (bimodal from 2) */
#define MIN_CLASS_SHARE 0.005
#define SKIN_FROM 0.35    /* a pixel is skin from here (0 = the hair's level, 1 = the skin's) ... */
#define SKIN_FULL 0.65    /* ... and wholly skin from here: half way, the strands cover half */
#define LEVEL_FLOOR 0.005 /* linear luminance added before the log: sensor black */
#define BINS 512

/* An 8-bit sRGB channel in linear light (smp_color_linear_u8_table). */
static const float *linear_of_u8;

static void
init_linear_table(void)
{
  linear_of_u8 = smp_color_linear_u8_table();
}

static float
luminance(const guint8 *p)
{
  return 0.2126f * linear_of_u8[p[0]] + 0.7152f * linear_of_u8[p[1]] + 0.0722f * linear_of_u8[p[2]];
}

static float
log_level(const guint8 *p)
{
  return logf(luminance(p) + LEVEL_FLOOR);
}

static double
smoothstep(double a, double b, double x)
{
  double t = CLAMP((x - a) / (b - a), 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
}

/* Two classes of the values by Otsu's threshold over a histogram: their means, deviations and
 * shares. Returns the threshold. */
typedef struct {
  double mean[2], sigma[2], share[2];
} Split;

static double
otsu_split(const float *v, const guint8 *in, gsize n, Split *split)
{
  float lo = G_MAXFLOAT, hi = -G_MAXFLOAT;
  for (gsize i = 0; i < n; i++)
    if (in[i]) {
      lo = MIN(lo, v[i]);
      hi = MAX(hi, v[i]);
    }
  memset(split, 0, sizeof *split);
  if (!(hi > lo))
    return lo;
  double count[BINS] = {0}, sum[BINS] = {0}, sum2[BINS] = {0};
  const double scale = (BINS - 1) / (double)(hi - lo);
  for (gsize i = 0; i < n; i++)
    if (in[i]) {
      int b = (int)((v[i] - lo) * scale);
      count[b] += 1.0;
      sum[b] += v[i];
      sum2[b] += (double)v[i] * v[i];
    }
  double total = 0.0, total_sum = 0.0;
  for (int b = 0; b < BINS; b++)
    total += count[b], total_sum += sum[b];
  double best = -1.0, w0 = 0.0, s0 = 0.0;
  int cut = 0;
  for (int b = 0; b < BINS - 1; b++) {
    w0 += count[b];
    s0 += sum[b];
    double w1 = total - w0;
    if (w0 <= 0.0 || w1 <= 0.0)
      continue;
    double d = s0 / w0 - (total_sum - s0) / w1;
    double between = w0 * w1 * d * d;
    if (between > best)
      best = between, cut = b;
  }
  double c[2] = {0}, s[2] = {0}, s2[2] = {0};
  for (int b = 0; b < BINS; b++) {
    int k = b > cut;
    c[k] += count[b], s[k] += sum[b], s2[k] += sum2[b];
  }
  for (int k = 0; k < 2; k++) {
    if (c[k] <= 0.0)
      continue;
    split->mean[k] = s[k] / c[k];
    split->sigma[k] = sqrt(MAX(s2[k] / c[k] - split->mean[k] * split->mean[k], 0.0));
    split->share[k] = c[k] / total;
  }
  return lo + (cut + 1) / scale;
}

/* The median log level of the pixels whose mask is >= 128 (every `step`-th one); `count` gets
 * how many pixels that is. */
static double
median_level(const guint8 *rgba, const guint8 *mask, gsize n, gsize *count)
{
  const gsize step = MAX(1, n / 200000);
  float *values = g_new(float, n / step + 1);
  gsize m = 0;
  for (gsize i = 0; i < n; i += step)
    if (mask[i] >= 128)
      values[m++] = log_level(rgba + 4 * i);
  *count = m * step;
  double median = smp_median(values, m);
  g_free(values);
  return median;
}

/* Per cell, the mean linear colour of the hair (class 0) and of the skin (class 1) pixels within
 * the reach; where a class is scarce, within the far reach; else `fallback`. `level[k]` holds 3
 * floats per cell. */
static void
local_levels(const guint8 *rgba, const guint8 *in, const guint8 *skin, int w, int h, int cell,
             const float fallback[2][3], float *level[2])
{
  const int cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell;
  const gsize nc = (gsize)cw * ch;
  float *sum[2][3], *count[2], *wide_sum[3], *wide_count = g_new(float, nc);
  float *tmp = g_new(float, nc);
  for (int k = 0; k < 2; k++) {
    count[k] = g_new0(float, nc);
    for (int c = 0; c < 3; c++)
      sum[k][c] = g_new0(float, nc);
  }
  for (int c = 0; c < 3; c++)
    wide_sum[c] = g_new(float, nc);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x, j = (gsize)(y / cell) * cw + x / cell;
      if (!in[i])
        continue;
      int k = skin[i] ? 1 : 0;
      for (int c = 0; c < 3; c++)
        sum[k][c][j] += linear_of_u8[rgba[4 * i + c]];
      count[k][j] += 1.0f;
    }
  const int near = MAX(1, (int)lround(REACH_MM / CELL_MM));
  const int far = MAX(near, (int)lround(FAR_REACH_MM / CELL_MM));
  const float min_near = (float)(MIN_SHARE * cell * cell * (2 * near + 1) * (2 * near + 1));
  const float min_far = (float)(MIN_SHARE * cell * cell * (2 * far + 1) * (2 * far + 1));
  for (int k = 0; k < 2; k++) {
    smp_plane_box_sum(count[k], wide_count, tmp, cw, ch, far);
    smp_plane_box_sum(count[k], count[k], tmp, cw, ch, near);
    for (int c = 0; c < 3; c++) {
      smp_plane_box_sum(sum[k][c], wide_sum[c], tmp, cw, ch, far);
      smp_plane_box_sum(sum[k][c], sum[k][c], tmp, cw, ch, near);
    }
    for (gsize j = 0; j < nc; j++)
      for (int c = 0; c < 3; c++)
        level[k][3 * j + c] = count[k][j] >= min_near    ? sum[k][c][j] / count[k][j]
                              : wide_count[j] >= min_far ? wide_sum[c][j] / wide_count[j]
                                                         : fallback[k][c];
    g_free(count[k]);
    for (int c = 0; c < 3; c++)
      g_free(sum[k][c]);
  }
  for (int c = 0; c < 3; c++)
    g_free(wide_sum[c]);
  g_free(wide_count);
  g_free(tmp);
}

/* The share of the skin's colour `skin` in the linear colour `p`, when p = a skin + b hair + k
 * white: strands lie over the scalp as a layer (a and b), and their sheen adds white light (k)
 * (docs/thinning.md). Least squares, slightly regularised so that hair as grey as the sheen still
 * gives a. */
static float
skin_share(const float p[3], const float skin[3], const float hair[3])
{
  const float *col[3] = {skin, hair, (const float[3]){1.0f, 1.0f, 1.0f}};
  double m[3][3], r[3];
  for (int a = 0; a < 3; a++) {
    r[a] = 0.0;
    for (int c = 0; c < 3; c++)
      r[a] += col[a][c] * p[c];
    for (int b = 0; b < 3; b++) {
      m[a][b] = 0.0;
      for (int c = 0; c < 3; c++)
        m[a][b] += col[a][c] * col[b][c];
    }
  }
  const double lambda = 1e-3 * (m[0][0] + m[1][1] + m[2][2]) / 3.0;
  for (int a = 0; a < 3; a++)
    m[a][a] += lambda;
  /* Cramer's rule for the first unknown */
  double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
               m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
               m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  double det_a = r[0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
                 m[0][1] * (r[1] * m[2][2] - m[1][2] * r[2]) +
                 m[0][2] * (r[1] * m[2][1] - m[1][1] * r[2]);
  return det != 0.0 ? (float)(det_a / det) : 0.0f;
}

static double
saturation(const double rgb[3])
{
  double hi = MAX(rgb[0], MAX(rgb[1], rgb[2])), lo = MIN(rgb[0], MIN(rgb[1], rgb[2]));
  return hi > 0.0 ? (hi - lo) / hi : 0.0;
}

/* The share of uncovered scalp per pixel of the area, `q`, refined from the first split `skin`
 * (updated): each pixel's colour against the hair's and the skin's around it, three times.
 * Returns the median ratio of the skin's luminance to the hair's around the skin pixels. */
static double
refine_share(const guint8 *rgba, const guint8 *in, guint8 *skin, int w, int h, double ppm,
             const float fallback[2][3], float *q)
{
  const gsize n = (gsize)w * h;
  const int cell = MAX(2, (int)lround(CELL_MM * ppm));
  const int cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell;
  float *level[2] = {g_new(float, (gsize)cw *ch * 3), g_new(float, (gsize)cw *ch * 3)};
  float *ratios = g_new(float, n / 16 + 1);
  gsize n_ratios = 0;
  for (int pass = 0; pass < 3; pass++) {
    local_levels(rgba, in, skin, w, h, cell, fallback, level);
    n_ratios = 0;
    for (int y = 0; y < h; y++)
      for (int x = 0; x < w; x++) {
        gsize i = (gsize)y * w + x, c = (gsize)(y / cell) * cw + x / cell;
        if (!in[i])
          continue;
        const float *hair = level[0] + 3 * c, *bare = level[1] + 3 * c;
        float yh = 0.2126f * hair[0] + 0.7152f * hair[1] + 0.0722f * hair[2];
        float ys = 0.2126f * bare[0] + 0.7152f * bare[1] + 0.0722f * bare[2];
        if (skin[i] && i % 16 == 0)
          ratios[n_ratios++] = ys / MAX(yh, 1e-6f);
        float p[3] = {linear_of_u8[rgba[4 * i]], linear_of_u8[rgba[4 * i + 1]],
                      linear_of_u8[rgba[4 * i + 2]]};
        q[i] = skin_share(p, bare, hair);
        skin[i] = q[i] > 0.5f;
      }
  }
  /* strands over scalp differ by far more than light and texture vary along the hair */
  double ratio = smp_median(ratios, n_ratios);
  /* the sensor's noise speckles single pixels: the share is read over about 0.1 mm */
  float *blurred = smp_plane_new(w, h);
  for (int k = 0; k < 2; k++) {
    smp_plane_blur3(q, blurred, w, h);
    memcpy(q, blurred, sizeof(float) * n);
  }
  g_free(blurred);
  g_free(ratios);
  g_free(level[0]);
  g_free(level[1]);
  return ratio;
}

/* The soft mask of visible scalp from the share `q`, and the mean colours of the visible scalp and
 * of the hair that hides it. Returns the visible scalp within the area (the long hair with the
 * part and bald scalp among it), px. */
static double
write_visible(SmpThinning *t, const SmpAnalysis *an, const guint8 *rgba, const guint8 *in,
              const float *q)
{
  const gsize n = (gsize)t->width * t->height;
  double visible_px = 0.0, tone[2][3] = {{0.0}}, tone_n[2] = {0.0, 0.0};
  for (gsize i = 0; i < n; i++) {
    if (!in[i])
      continue;
    double s = smoothstep(SKIN_FROM, SKIN_FULL, q[i]);
    t->visible[i] = (guint8)lround(255.0 * s);
    visible_px += s;
    int k = s >= 0.9 ? 0 : s <= 0.1 && an->hair[i] >= 128 ? 1 : -1;
    if (k < 0)
      continue;
    tone_n[k] += 1.0;
    for (int c = 0; c < 3; c++)
      tone[k][c] += linear_of_u8[rgba[4 * i + c]];
  }
  for (int c = 0; c < 3; c++) {
    t->skin_rgb[c] = tone[0][c] / MAX(tone_n[0], 1.0);
    t->hair_rgb[c] = tone[1][c] / MAX(tone_n[1], 1.0);
  }
  return visible_px;
}

/* The first split's classes as `skin` and their mean colours as `fallback`; without skin to
 * compare (`skin_known` FALSE), grey or white hair is told from skin (always warm) by its colour:
 * the lighter class, nearly neutral, is then the hair. Returns TRUE when the hair is the
 * lighter. */
static gboolean
split_colours(const guint8 *rgba, const guint8 *in, const float *v, double cut, gsize n,
              gboolean skin_known, guint8 *skin, float fallback[2][3])
{
  double mean[2][3] = {{0.0}}, count[2] = {0.0};
  for (gsize i = 0; i < n; i++) {
    skin[i] = in[i] && v[i] > cut;
    if (!in[i])
      continue;
    count[skin[i]] += 1.0;
    for (int c = 0; c < 3; c++)
      mean[skin[i]][c] += linear_of_u8[rgba[4 * i + c]];
  }
  for (int k = 0; k < 2; k++)
    for (int c = 0; c < 3; c++)
      fallback[k][c] = (float)(mean[k][c] /= MAX(count[k], 1.0));
  if (skin_known || saturation(mean[1]) >= 0.2 || saturation(mean[0]) <= 2.0 * saturation(mean[1]))
    return FALSE;
  for (gsize i = 0; i < n; i++)
    skin[i] = in[i] && !skin[i];
  for (int c = 0; c < 3; c++) {
    float swap = fallback[0][c];
    fallback[0][c] = fallback[1][c];
    fallback[1][c] = swap;
  }
  return TRUE;
}

SmpThinning *
smp_thinning_find(const guint8 *rgba, const SmpAnalysis *an)
{
  SmpThinning *t = g_new0(SmpThinning, 1);
  const int w = an->width, h = an->height;
  const gsize n = (gsize)w * h;
  const double ppm = an->px_per_mm;
  t->width = w;
  t->height = h;
  t->px_per_mm = ppm;
  t->visible = g_new0(guint8, MAX(n, 1));
  if (n == 0 || !(ppm > 0.0))
    return t;
  init_linear_table();

  /* the area: long hair and bald scalp; the skin is lighter than the hair unless the skin the
   * analysis found (bald scalp, stubble) is darker than the long hair */
  guint8 *in = g_new(guint8, n), *skin_ref = g_new(guint8, n);
  gsize area_px = 0;
  /* the head's outline is no hair: where the skin turns away from the camera into the backdrop
   * it darkens, and the analysis's soft masks spill over the backdrop. The backdrop is what lies
   * outside the head's masks (they sum to the head), opened by OUTLINE_MM: a gap between the
   * masks narrower than twice that (a seam where two soft masks meet, a part left unclassified)
   * is no backdrop but part of the area, told skin or hair by its colour like the rest. */
  float *backdrop = smp_plane_new(w, h);
  const float outline = (float)(OUTLINE_MM * ppm);
  for (gsize i = 0; i < n; i++)
    in[i] = an->hair[i] + an->stubble[i] + an->scalp[i] >= 128;
  smp_distance_transform(in, backdrop, w, h);
  for (gsize i = 0; i < n; i++)
    in[i] = backdrop[i] > outline;
  smp_distance_transform(in, backdrop, w, h);
  for (gsize i = 0; i < n; i++) {
    in[i] = an->stubble[i] < 128 && backdrop[i] > 2.0f * outline;
    skin_ref[i] = MAX(an->scalp[i], an->stubble[i]);
    area_px += in[i];
  }
  g_free(backdrop);
  t->hair_cm2 = area_px / (ppm * ppm) / 100.0;
  gsize skin_px, long_px;
  double skin_median = median_level(rgba, skin_ref, n, &skin_px);
  double hair_median = median_level(rgba, an->hair, n, &long_px);
  t->light_hair = skin_px >= 100.0 * ppm * ppm * 0.5 && long_px > 0 && hair_median > skin_median;
  const float sign = t->light_hair ? -1.0f : 1.0f;

  /* the level, signed so that skin is high */
  float *v = g_new0(float, n);
  for (gsize i = 0; i < n; i++)
    if (in[i])
      v[i] = sign * log_level(rgba + 4 * i);
  Split global;
  double cut = otsu_split(v, in, n, &global);
  double gap = global.mean[1] - global.mean[0];
  double spread =
      sqrt(0.5 * (global.sigma[0] * global.sigma[0] + global.sigma[1] * global.sigma[1]));
  t->level_ratio = exp(gap);
  t->found = area_px > 0 && gap >= log(MIN_RATIO) && gap >= MIN_SEPARATION * spread &&
             global.share[0] >= MIN_CLASS_SHARE && global.share[1] >= MIN_CLASS_SHARE;

  double visible_px = 0.0;
  guint8 *skin = g_new(guint8, n);
  float fallback[2][3] = {{0.0f}};
  if (t->found &&
      split_colours(rgba, in, v, cut, n, skin_px >= 100.0 * ppm * ppm * 0.5, skin, fallback))
    t->light_hair = TRUE;
  if (t->found) {
    float *q = g_new0(float, n);
    double ratio = refine_share(rgba, in, skin, w, h, ppm, fallback, q);
    t->level_ratio = t->light_hair ? 1.0 / MAX(ratio, 1e-6) : ratio;
    t->found = t->level_ratio >= MIN_RATIO;
    if (t->found)
      visible_px = write_visible(t, an, rgba, in, q);
    /* no pixel left to the skin (full hair's sheen against its shade): nothing told apart */
    t->found = t->found && visible_px > 0.0;
    g_free(q);
  }
  g_free(skin);
  if (!t->found) {
    /* strands and skin not told apart: only the bald scalp shows */
    memcpy(t->visible, an->scalp, n);
    visible_px = 0.0;
  }
  t->visible_cm2 = visible_px / (ppm * ppm) / 100.0;
  t->scalp_visible = area_px ? visible_px / area_px : 0.0;
  g_free(v);
  g_free(in);
  g_free(skin_ref);
  return t;
}

void
smp_thinning_free(SmpThinning *t)
{
  if (!t)
    return;
  g_free(t->visible);
  g_free(t);
}

/* The share of visible scalp (visible >= 128) in the SMP_THINNING_WINDOW_MM window around each
 * pixel, the window clamped to the picture. */
static float *
window_share(const guint8 *visible, int w, int h, double ppm)
{
  const gsize n = (gsize)w * h;
  float *share = smp_plane_new(w, h), *tmp = smp_plane_new(w, h);
  for (gsize i = 0; i < n; i++)
    share[i] = visible[i] >= 128 ? 1.0f : 0.0f;
  const int r = MAX(1, (int)lround(0.5 * SMP_THINNING_WINDOW_MM * ppm));
  smp_plane_box_sum(share, share, tmp, w, h, r);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      int wx = MIN(x + r, w - 1) - MAX(x - r, 0) + 1, wy = MIN(y + r, h - 1) - MAX(y - r, 0) + 1;
      share[(gsize)y * w + x] /= (float)wx * wy;
    }
  g_free(tmp);
  return share;
}

void
smp_thinning_density(const guint8 *visible, int w, int h, double ppm, double reach_mm,
                     guint8 *density)
{
  const gsize n = (gsize)w * h;
  guint8 *strand = g_new(guint8, n);
  float *dist = smp_plane_new(w, h);
  for (gsize i = 0; i < n; i++)
    strand[i] = visible[i] < SMP_THINNING_CLEAR;
  /* a dot centred here keeps `reach` away from every strand (and the picture's edge, where what
   * lies beyond is unknown) */
  smp_distance_transform(strand, dist, w, h);
  float *share = window_share(visible, w, h, ppm);
  const float reach = (float)(reach_mm * ppm);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      float edge = (float)MIN(MIN(x + 0.5, w - 0.5 - x), MIN(y + 0.5, h - 0.5 - y));
      double fraction = share[i] / SMP_THINNING_FULL_VISIBILITY;
      density[i] =
          dist[i] <= reach || edge <= reach ? 0 : (guint8)lround(255.0 * CLAMP(fraction, 0.0, 1.0));
    }
  g_free(strand);
  g_free(dist);
  g_free(share);
}

static double
luminance_of(const double rgb[3])
{
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

int
smp_thinning_sessions(const SmpThinning *t, const guint8 *density, double alpha,
                      const double dot[3], double *predicted)
{
  const int w = t->width, h = t->height;
  const gsize n = (gsize)w * h;
  const double ys = luminance_of(t->skin_rgb), yh = luminance_of(t->hair_rgb);
  const double target = yh + SMP_THINNING_TARGET * (ys - yh), gain = ys - luminance_of(dot);
  float *share = window_share(t->visible, w, h, t->px_per_mm);
  double cover[SMP_THINNING_MAX_SESSIONS] = {0.0}, count = 0.0;
  /* the open scalp, as the eye sees it from a distance: windows mostly visible scalp; there each
   * session's dots cover alpha times the local density, and the sessions layer independently */
  for (gsize i = 0; i < n; i++) {
    if (share[i] < SMP_THINNING_OPEN)
      continue;
    double bare = 1.0, one = 1.0 - alpha * density[i] / 255.0;
    for (int k = 0; k < SMP_THINNING_MAX_SESSIONS; k++)
      cover[k] += 1.0 - (bare *= one);
    count += 1.0;
  }
  g_free(share);
  int sessions = SMP_THINNING_MAX_SESSIONS;
  for (int k = SMP_THINNING_MAX_SESSIONS - 1; k >= 0 && count > 0.0; k--)
    if (ys - cover[k] / count * gain <= target)
      sessions = k + 1;
  if (predicted)
    *predicted = count > 0.0 ? cover[sessions - 1] / count : 0.0;
  return sessions;
}

void
smp_thinning_dot_colour(const SmpThinning *t, double dot[3])
{
  /* her hair's hue, lighter: every channel scaled alike keeps the hue and scales the luminance */
  for (int c = 0; c < 3; c++)
    dot[c] = MIN(SMP_THINNING_LIGHTER * t->hair_rgb[c], t->skin_rgb[c]);
}

gboolean
smp_thinning_shade(const SmpThinning *t, const SmpDotsParams *params, double preferred_dilution,
                   SmpMatchShade *shade, GError **error)
{
  /* the solver takes the mean colour the dots give the skin, skin + (dot - skin) alpha, with the
   * alpha of these dots over the skin the op sees (its reflectance from the skin's luminance) */
  SmpDotsParams p = *params;
  const double *skin = t->skin_rgb;
  p.skin_reflectance = CLAMP(0.2126 * skin[0] + 0.7152 * skin[1] + 0.0722 * skin[2], 0.0, 1.0);
  double dot[3], target[3], alpha = smp_match_dots_alpha(&p);
  smp_thinning_dot_colour(t, dot);
  for (int c = 0; c < 3; c++)
    target[c] = CLAMP(skin[c] + (dot[c] - skin[c]) * alpha, 0.0, 1.0);
  return smp_match_solve_shade(&p, skin, target, preferred_dilution, shade, error);
}
