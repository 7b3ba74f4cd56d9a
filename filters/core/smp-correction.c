/* smp-correction: what to correct in a photo of existing SMP. See smp-correction.h and
 * docs/correction.md (every threshold below is explained there). */
#include "smp-correction-private.h"

#include "smp-color.h"
#include "smp-components.h"
#include "smp-plane.h"
#include "smp-stats.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SKIN_CLOSING_MM 0.9 /* the closing's half width: wider than a blown-out dot */
#define CELL_MM 1.0         /* cells of the lighting model and the density map */
#define HELMET_SHARE 0.3    /* a solid shade darkens the skin by this share of a dot's shade */
#define HELMET_MIN_MM2 9.0  /* smaller dark patches are merged dots, not a solid shade */
#define DOT_SHARE 0.3       /* dots are darker than this share of the right shade */
#define PEAK_MM 0.3         /* one dot per this neighbourhood */
#define TREATED_SHARE 0.35  /* treated: at least this share of the treatment's own density */

/* ---------------------------------------------------------------------------------------------
 * The right shade
 */

static double
luminance(const double rgb[3])
{
  return 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
}

double
smp_correction_blueness(const double absorbance[3])
{
  double a = 0.2126 * absorbance[0] + 0.7152 * absorbance[1] + 0.0722 * absorbance[2];
  return a > 1e-6 ? (absorbance[0] - absorbance[2]) / a : 0.0;
}

double
smp_correction_dark_threshold(const SmpCorrectionParams *p)
{
  return p->absorbance + SMP_CORRECTION_DARK_SHARE * MAX(p->black_absorbance - p->absorbance, 0.05);
}

void
smp_correction_params_shade(SmpCorrectionParams *params, const double pigment[3],
                            const double skin[3], double water)
{
  double diluted[3], healed[3], a[3];
  smp_color_diluted(pigment, skin, water, diluted);
  smp_color_healed(diluted, skin, 0.0, healed);
  for (int c = 0; c < 3; c++) {
    a[c] = 1.0 - healed[c] / MAX(skin[c], 1e-6);
    double v = CLAMP(healed[c], 0.0, 1.0);
    params->dot_srgb[c] = (float)(v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055);
  }
  params->absorbance = 1.0 - luminance(healed) / MAX(luminance(skin), 1e-6);
  params->blueness = smp_correction_blueness(a);
  smp_color_healed(pigment, skin, 0.0, healed);
  params->black_absorbance = 1.0 - luminance(healed) / MAX(luminance(skin), 1e-6);
}

/* ---------------------------------------------------------------------------------------------
 * Planes: luminance, skin level, lighting model
 */

float
smp_correction_linear(guint8 v)
{
  return smp_color_linear_u8_table()[v];
}

/* Fits log(level) = quadratic in (x, y) to the cells by weighted least squares, leaving out the
 * cells far darker than the fit (the solid shade, a mole) in each round: the bare skin under a
 * smooth light. `coef` gets the 6 coefficients over x, y in units of the plane's half size. */
static void
fit_lighting(const float *level, const float *weight, int cw, int ch, double coef[6])
{
  float *resid = g_new(float, (gsize)cw *ch);
  guint8 *use = g_new(guint8, (gsize)cw * ch);
  memset(use, 1, (gsize)cw * ch);
  memset(coef, 0, 6 * sizeof(double));
  for (int round = 0; round < 5; round++) {
    double m[6][7] = {{0}};
    for (int j = 0; j < ch; j++)
      for (int i = 0; i < cw; i++) {
        gsize k = (gsize)j * cw + i;
        if (!use[k] || weight[k] <= 0.0f || level[k] <= 0.0f)
          continue;
        double u = 2.0 * (i + 0.5) / cw - 1.0, v = 2.0 * (j + 0.5) / ch - 1.0;
        double f[6] = {1.0, u, v, u * u, u * v, v * v}, z = log(level[k]);
        for (int r = 0; r < 6; r++) {
          for (int c = 0; c < 6; c++)
            m[r][c] += weight[k] * f[r] * f[c];
          m[r][6] += weight[k] * f[r] * z;
        }
      }
    for (int r = 0; r < 6; r++) /* a little ridge keeps a small or one-sided photo solvable */
      m[r][r] += 1e-6 + (r ? 1e-3 * m[0][0] : 0.0);
    for (int p = 0; p < 6; p++) { /* Gauss-Jordan; the matrix is positive definite */
      double d = m[p][p];
      if (fabs(d) < 1e-12)
        continue;
      for (int c = p; c < 7; c++)
        m[p][c] /= d;
      for (int r = 0; r < 6; r++)
        if (r != p) {
          double f = m[r][p];
          for (int c = p; c < 7; c++)
            m[r][c] -= f * m[p][c];
        }
    }
    for (int r = 0; r < 6; r++)
      coef[r] = m[r][6];
    gsize n = 0;
    for (int j = 0; j < ch; j++)
      for (int i = 0; i < cw; i++) {
        gsize k = (gsize)j * cw + i;
        if (weight[k] <= 0.0f || level[k] <= 0.0f)
          continue;
        double u = 2.0 * (i + 0.5) / cw - 1.0, v = 2.0 * (j + 0.5) / ch - 1.0;
        double fit = coef[0] + coef[1] * u + coef[2] * v + coef[3] * u * u + coef[4] * u * v +
                     coef[5] * v * v;
        resid[n++] = (float)(log(level[k]) - fit);
      }
    float *copy = g_memdup2(resid, n * sizeof(float));
    double med = smp_median(copy, n);
    for (gsize i = 0; i < n; i++)
      copy[i] = fabsf(resid[i] - (float)med);
    double sigma = 1.4826 * smp_median(copy, n) + 0.01;
    g_free(copy);
    n = 0;
    for (gsize k = 0; k < (gsize)cw * ch; k++)
      if (weight[k] > 0.0f && level[k] > 0.0f)
        use[k] = resid[n++] > med - 2.5 * sigma;
  }
  g_free(resid);
  g_free(use);
}

static double
lighting_at(const double coef[6], double u, double v)
{
  return exp(coef[0] + coef[1] * u + coef[2] * v + coef[3] * u * u + coef[4] * u * v +
             coef[5] * v * v);
}

static gboolean
keep_large(const SmpRun *runs, gsize n_runs, gsize area, gboolean border, gpointer data)
{
  (void)runs, (void)n_runs, (void)border;
  return area >= *(gsize *)data;
}

/* The skin model and the solid shade: per cell the mean skin level, the lighting fitted to it,
 * and where the level lies below the lighting by more than a share of a dot's shade. */
static void
find_helmet(SmpCorrection *c, Work *wk)
{
  const int w = c->width, h = c->height;
  const double ppm = c->px_per_mm;
  const int cell = MAX(1, (int)lround(CELL_MM * ppm));
  const int cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell;
  float *level = g_new0(float, (gsize)cw *ch), *weight = g_new0(float, (gsize)cw *ch);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x, k = (gsize)(y / cell) * cw + x / cell;
      if (wk->valid[i]) {
        level[k] += wk->skin[i];
        weight[k] += 1.0f;
      }
    }
  for (gsize k = 0; k < (gsize)cw * ch; k++)
    level[k] = weight[k] > 0.0f ? level[k] / weight[k] : 0.0f;
  double coef[6];
  fit_lighting(level, weight, cw, ch, coef);

  const double t = MAX(HELMET_SHARE * c->params.absorbance, 0.04);
  c->skin_y = smp_plane_new(w, h);
  guint8 *cells = g_new0(guint8, (gsize)cw * ch);
  for (int j = 0; j < ch; j++)
    for (int i = 0; i < cw; i++) {
      gsize k = (gsize)j * cw + i;
      double fit = lighting_at(coef, 2.0 * (i + 0.5) / cw - 1.0, 2.0 * (j + 0.5) / ch - 1.0);
      cells[k] = weight[k] > 0.5f * cell * cell && 1.0 - level[k] / fit > t;
    }
  gsize min_cells = (gsize)ceil(HELMET_MIN_MM2 / (CELL_MM * CELL_MM));
  smp_mask_filter_regions(cells, cw, ch, 1, 0, keep_large, &min_cells);
  /* per pixel: the level below the lighting, near a cell of solid shade */
  c->helmet = g_new0(guint8, (gsize)w * h);
  for (int y = 0; y < h; y++) {
    int j = y / cell;
    double v = 2.0 * (y + 0.5) / (cell * (double)ch) - 1.0;
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      double u = 2.0 * (x + 0.5) / (cell * (double)cw) - 1.0;
      c->skin_y[i] = (float)lighting_at(coef, u, v);
      if (!wk->valid[i])
        continue;
      int i0 = x / cell;
      gboolean near = FALSE;
      for (int dj = -1; dj <= 1 && !near; dj++)
        for (int di = -1; di <= 1 && !near; di++) {
          int jj = j + dj, ii = i0 + di;
          near = jj >= 0 && ii >= 0 && jj < ch && ii < cw && cells[(gsize)jj * cw + ii];
        }
      c->helmet[i] = near && 1.0 - wk->skin[i] / c->skin_y[i] > t;
    }
  }
  gsize area = 0;
  for (gsize i = 0; i < (gsize)w * h; i++)
    area += c->helmet[i];
  c->helmet_cm2 = area / (ppm * ppm) / 100.0;
  g_free(cells);
  g_free(level);
  g_free(weight);
}

/* The bare skin's colour over its luminance (the median over pixels without dots or shade), and
 * its typical luminance: the lighting model follows the skin level, the lightest skin between
 * pores, so the model is scaled to the median skin under it. */
static void
skin_chroma(SmpCorrection *c, const Work *wk, const guint8 *rgba)
{
  SmpHistogram *hist[4] = {smp_histogram_new(), smp_histogram_new(), smp_histogram_new(),
                           smp_histogram_new()};
  const gsize n = (gsize)c->width * c->height;
  const gsize step = MAX(1, n / 2000000); /* a sample is enough for a median */
  for (gsize i = 0; i < n; i += step) {
    if (!wk->valid[i] || c->helmet[i] || wk->contrast[i] > 0.5f * wk->dot_t || wk->luma[i] <= 0.0f)
      continue;
    for (int ch = 0; ch < 3; ch++) /* chroma / 2 lies in [0, 1] for any skin */
      smp_histogram_add(hist[ch], 0.5f * smp_correction_linear(rgba[4 * i + ch]) / wk->luma[i]);
    smp_histogram_add(hist[3], 0.5f * wk->luma[i] / c->skin_y[i]);
  }
  for (int ch = 0; ch < 3; ch++)
    c->skin_chroma[ch] =
        hist[ch]->total ? 2.0f * (float)smp_histogram_quantile(hist[ch], 0.5) : 1.0f;
  const float typical = hist[3]->total ? 2.0f * (float)smp_histogram_quantile(hist[3], 0.5) : 1.0f;
  for (gsize i = 0; i < n; i++)
    c->skin_y[i] *= typical;
  for (int k = 0; k < 4; k++)
    g_free(hist[k]);
}

/* ---------------------------------------------------------------------------------------------
 * The analysis
 */

static void
work_init(Work *wk, const guint8 *rgba, const guint8 *selection, int w, int h, double ppm)
{
  const gsize n = (gsize)w * h;
  wk->valid = g_new(guint8, n);
  wk->luma = smp_plane_new(w, h);
  for (gsize i = 0; i < n; i++) {
    const guint8 *p = rgba + 4 * i;
    wk->valid[i] = p[3] >= 128 && (!selection || selection[i] >= 128);
    wk->luma[i] = 0.2126f * smp_correction_linear(p[0]) + 0.7152f * smp_correction_linear(p[1]) +
                  0.0722f * smp_correction_linear(p[2]);
  }
  wk->smooth = smp_plane_new(w, h);
  smp_plane_blur3(wk->luma, wk->smooth, w, h);
  wk->skin = g_memdup2(wk->smooth, n * sizeof(float));
  wk->contrast = smp_plane_new(w, h);
  smp_plane_closing(wk->skin, wk->contrast, w, h, MAX(1, (int)lround(SKIN_CLOSING_MM * ppm)));
  for (gsize i = 0; i < n; i++)
    wk->contrast[i] =
        wk->valid[i] && wk->skin[i] > 0.0f ? 1.0f - wk->smooth[i] / wk->skin[i] : 0.0f;
}

static void
work_clear(Work *wk)
{
  g_free(wk->valid);
  g_free(wk->luma);
  g_free(wk->smooth);
  g_free(wk->skin);
  g_free(wk->contrast);
}

/* The threshold of dot pixels: a share of the right shade's darkness, and well above the skin's
 * own texture (pores, noise). */
static double
dot_threshold(const SmpCorrection *c, const Work *wk)
{
  SmpHistogram *hist = smp_histogram_new();
  const gsize n = (gsize)c->width * c->height, step = MAX(1, n / 4000000);
  for (gsize i = 0; i < n; i += step)
    if (wk->valid[i])
      smp_histogram_add(hist, wk->contrast[i]);
  double med, sigma;
  smp_histogram_median_sigma(hist, &med, &sigma);
  g_free(hist);
  return MAX(DOT_SHARE * c->params.absorbance, med + 6.0 * sigma);
}

SmpCorrection *
smp_correction_analyse(const guint8 *rgba, const guint8 *selection, int width, int height,
                       const SmpCorrectionParams *params)
{
  g_return_val_if_fail(params != NULL, NULL);
  if (width <= 0 || height <= 0 || !rgba || !(params->px_per_mm > 0.0))
    return NULL;
  SmpCorrection *c = g_new0(SmpCorrection, 1);
  c->width = width;
  c->height = height;
  c->px_per_mm = params->px_per_mm;
  c->params = *params;
  c->hairline_height_mm = NAN;
  Work wk = {0};
  work_init(&wk, rgba, selection, width, height, c->px_per_mm);
  c->valid = g_memdup2(wk.valid, (gsize)width * height);
  find_helmet(c, &wk);
  wk.dot_t = (float)dot_threshold(c, &wk);
  skin_chroma(c, &wk, rgba);
  smp_correction_find_dots(c, &wk, rgba, PEAK_MM);
  work_clear(&wk);
  smp_correction_judge(c);
  return c;
}

void
smp_correction_free(SmpCorrection *c)
{
  if (!c)
    return;
  g_free(c->dots);
  g_free(c->helmet);
  g_free(c->treated);
  g_free(c->valid);
  g_free(c->skin_y);
  g_free(c->regions);
  g_free(c);
}

/* ---------------------------------------------------------------------------------------------
 * Judging the dots, the regions and the hairline
 */

/* The treated area: 1 mm cells whose 5 mm neighbourhood holds dots at a good share of the
 * treatment's own density, and the solid shade. */
static void
find_treated(SmpCorrection *c)
{
  const int w = c->width, h = c->height, cell = MAX(1, (int)lround(CELL_MM * c->px_per_mm));
  const int cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell;
  float *count = g_new0(float, (gsize)cw *ch), *tmp = g_new(float, (gsize)cw *ch);
  for (int k = 0; k < c->n_dots; k++)
    if (c->dots[k].kind != SMP_CORRECTION_DOT_HELMET)
      count[(gsize)MIN((int)c->dots[k].y / cell, ch - 1) * cw +
            MIN((int)c->dots[k].x / cell, cw - 1)] += 1.0f;
  const int r = (int)lround(0.5 * SMP_CORRECTION_REGION_MM / CELL_MM);
  smp_plane_box_sum(count, count, tmp, cw, ch, r);
  GArray *dense = g_array_new(FALSE, FALSE, sizeof(float));
  for (gsize k = 0; k < (gsize)cw * ch; k++)
    if (count[k] > 0.0f)
      g_array_append_val(dense, count[k]);
  float typical = smp_median((float *)dense->data, dense->len);
  g_array_free(dense, TRUE);
  c->treated = g_new0(guint8, (gsize)w * h);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      c->treated[i] = c->helmet[i] || (typical > 0.0f && count[(gsize)(y / cell) * cw + x / cell] >=
                                                             TREATED_SHARE * typical);
    }
  g_free(count);
  g_free(tmp);
}

static void
judge_dots(SmpCorrection *c)
{
  const SmpCorrectionParams *p = &c->params;
  const double dark_t = smp_correction_dark_threshold(p);
  for (int k = 0; k < c->n_dots; k++) {
    SmpCorrectionDot *d = &c->dots[k];
    gsize i = (gsize)MIN((int)d->y, c->height - 1) * c->width + MIN((int)d->x, c->width - 1);
    if (c->helmet[i])
      d->kind = SMP_CORRECTION_DOT_HELMET;
    else if (d->diameter_mm > SMP_CORRECTION_BLOWN_FACTOR * p->dot_mm)
      d->kind = SMP_CORRECTION_DOT_BLOWN;
    else if (d->absorbance > dark_t)
      d->kind = SMP_CORRECTION_DOT_DARK;
  }
}

/* The regions' measures and faults; the dots of too-blue regions, and the excess of too-dense
 * ones (dots closer than the hair type's spacing to a dot kept before them). */
static void
judge_regions(SmpCorrection *c)
{
  const double ppm = c->px_per_mm, side = SMP_CORRECTION_REGION_MM * ppm;
  const int rx = MAX(1, (int)ceil(c->width / side)), ry = MAX(1, (int)ceil(c->height / side));
  c->regions_x = rx;
  c->regions_y = ry;
  c->regions = g_new0(SmpCorrectionRegion, (gsize)rx * ry);
  gsize *helmet = g_new0(gsize, (gsize)rx * ry), *treated = g_new0(gsize, (gsize)rx * ry);
  for (int y = 0; y < c->height; y++)
    for (int x = 0; x < c->width; x++) {
      gsize i = (gsize)y * c->width + x, k = (gsize)(int)(y / side) * rx + (int)(x / side);
      treated[k] += c->treated[i];
      helmet[k] += c->helmet[i];
    }
  smp_correction_judge_regions(c, helmet, treated);
  g_free(helmet);
  g_free(treated);
}

/* The hairline: the treated area's lower border, from the second-lowest dot of each 2 mm strip
 * where that border lies inside the picture. */
static void
judge_hairline(SmpCorrection *c)
{
  const double ppm = c->px_per_mm, strip = 2.0 * ppm;
  const int n = MAX(1, (int)(c->width / strip));
  float *low1 = g_new(float, n), *low2 = g_new(float, n), *bottom = g_new0(float, n);
  for (int s = 0; s < n; s++)
    low1[s] = low2[s] = -1.0f;
  for (int k = 0; k < c->n_dots; k++) {
    const SmpCorrectionDot *d = &c->dots[k];
    int s = MIN((int)(d->x / strip), n - 1);
    if (d->kind == SMP_CORRECTION_DOT_HELMET)
      continue;
    if (d->y > low1[s])
      low2[s] = low1[s], low1[s] = d->y;
    else if (d->y > low2[s])
      low2[s] = d->y;
  }
  for (int s = 0; s < n; s++) { /* the lowest pixel of the photo (or selection) in the strip */
    int x = MIN((int)((s + 0.5) * strip), c->width - 1);
    for (int y = c->height - 1; y >= 0 && bottom[s] == 0.0f; y--)
      if (c->valid[(gsize)y * c->width + x])
        bottom[s] = (float)y;
  }
  int used = 0;
  float *edge = g_new(float, n), *xs = g_new(float, n);
  for (int s = 0; s < n; s++)
    if (low2[s] >= 0.0f && bottom[s] - low2[s] > 3.0 * ppm) {
      edge[used] = low2[s];
      xs[used++] = (float)((s + 0.5) * strip);
    }
  c->hairline_found = used >= 5 && used >= 0.6 * n;
  if (c->hairline_found)
    smp_correction_hairline_fit(c, edge, xs, used);
  g_free(edge);
  g_free(xs);
  g_free(low1);
  g_free(low2);
  g_free(bottom);
}

void
smp_correction_judge(SmpCorrection *c)
{
  judge_dots(c);
  find_treated(c);
  judge_regions(c);
  judge_hairline(c);
  smp_correction_totals(c);
}
