/* Follicle dots: drawing a dot into an alpha plane, and binning dots by grid cells so that a tile
 * finds the dots that touch it. */
#include "smp-dots-private.h"

#include <math.h>

/* Crisp dots with a short semi-axis below SMALL_DOT_RADIUS pixels are drawn with 4 x 4 samples
 * per pixel, below twice that with 2 x 2. */
#define SMALL_DOT_RADIUS 2.0f

/* Half extents of the dot's ink, including its edge. */
static void
dot_extent(const SmpDot *d, double *ex, double *ey)
{
  if (d->shadow) {
    *ex = *ey = SHADOW_EXTENT * d->softness + 1.0;
    return;
  }
  double sa = sqrt(d->aspect), a = d->radius * sa, b = d->radius / sa;
  double edge = d->softness > 0.0f ? 3.0 * d->softness + 1.0 : 1.0;
  *ex = sqrt(a * a * d->axis_x * d->axis_x + b * b * d->axis_y * d->axis_y) + edge;
  *ey = sqrt(a * a * d->axis_y * d->axis_y + b * b * d->axis_x * d->axis_x) + edge;
}

/* The pixels a dot may draw: [x0, x1) x [y0, y1). Drawing and binning both use these bounds, so
 * a pixel gets the same dots whichever cell or tile it falls in. */
static void
dot_pixels(const SmpDot *d, int *x0, int *y0, int *x1, int *y1)
{
  double ex, ey;
  dot_extent(d, &ex, &ey);
  *x0 = (int)floor(d->x - ex);
  *x1 = (int)ceil(d->x + ex) + 1;
  *y0 = (int)floor(d->y - ey);
  *y1 = (int)ceil(d->y + ey) + 1;
}

/* 0.5 erfc(u), from erf(u) ~ tanh(2/sqrt(pi) u + 0.1009 u^3) (error < 4e-4): a third of the cost
 * of erfcf, which the soft edges of healed dots spend most of their time in. */
static inline float
soft_edge(float u)
{
  u = CLAMP(u, -4.0f, 4.0f);
  return 1.0f / (1.0f + expf(2.0f * u * (1.1283792f + 0.1009f * u * u)));
}

/* A shadow: a Gaussian whose ink (2 pi sigma^2 peak) survives the pixel box, drawn over the square
 * of SHADOW_EXTENT sigmas around its centre. Separable: one product per pixel. */
static void
splat_shadow(const SmpDot *d, float *alpha, int stride, int x0, int y0, int px0, int py0, int px1,
             int py1)
{
  const float s2 = d->softness * d->softness, e2 = s2 + 1.0f / 12.0f;
  const float peak = d->opacity * s2 / e2, k = -0.5f / e2;
  float across[px1 - px0];
  for (int px = px0; px < px1; px++) {
    float dx = (float)px + 0.5f - d->x;
    across[px - px0] = expf(k * dx * dx);
  }
  for (int py = py0; py < py1; py++) {
    float *row = alpha + (gsize)(py - y0) * stride - x0 + px0;
    float dy = (float)py + 0.5f - d->y, down = peak * expf(k * dy * dy);
    for (int i = 0; i < px1 - px0; i++) {
      float a = down * across[i];
      row[i] = a > row[i] ? a : row[i];
    }
  }
}

void
smp_dot_splat(const SmpDot *d, float *alpha, int stride, int x0, int y0, int width, int height)
{
  g_return_if_fail(d != NULL && alpha != NULL);
  int px0, py0, px1, py1;
  dot_pixels(d, &px0, &py0, &px1, &py1);
  px0 = MAX(x0, px0), px1 = MIN(x0 + width, px1);
  py0 = MAX(y0, py0), py1 = MIN(y0 + height, py1);
  if (px0 >= px1 || py0 >= py1)
    return;
  if (d->shadow) {
    splat_shadow(d, alpha, stride, x0, y0, px0, py0, px1, py1);
    return;
  }

  const float cx = d->x, cy = d->y, r = d->radius, peak = d->opacity;
  const gboolean round = d->aspect == 1.0f;
  const float sa = sqrtf(d->aspect), ia2 = 1.0f / (r * sa * r * sa),
              ib2 = 1.0f / ((r / sa) * (r / sa));
  /* Pixel integration adds a 1/sqrt(12) px box-filter sigma to the Gaussian edge. */
  const float sigma = d->softness > 0.0f ? sqrtf(d->softness * d->softness + 1.0f / 12.0f) : 0.0f;
  const float inv_sigma_sqrt2 = sigma > 0.0f ? 1.0f / (sigma * (float)G_SQRT2) : 0.0f;
  /* An erfc profile across the edge of a disc of radius R holds pi (R^2 + sigma^2) of ink; moving
   * the edge in to sqrt(R^2 - sigma^2) keeps the ink (and the apparent size) of the disc. */
  const float inset = sigma > 0.0f ? r - sqrtf(MAX(r * r - sigma * sigma, 0.25f * r * r)) : 0.0f;
  /* A one-pixel ramp misjudges the area of crisp dots only a few pixels across: sample those on
   * a finer grid, each sample with a ramp one subpixel wide. */
  const float short_axis = r / sa;
  const int sub = sigma > 0.0f                           ? 1
                  : short_axis < SMALL_DOT_RADIUS        ? 4
                  : short_axis < 2.0f * SMALL_DOT_RADIUS ? 2
                                                         : 1;
  const float step = 1.0f / sub, ramp = (float)sub, weight = 1.0f / (sub * sub);

  for (int py = py0; py < py1; py++) {
    float *row = alpha + (gsize)(py - y0) * stride - x0;
    for (int px = px0; px < px1; px++) {
      float a = 0.0f;
      for (int sy = 0; sy < sub; sy++)
        for (int sx = 0; sx < sub; sx++) {
          float dx = (float)px + (sx + 0.5f) * step - cx, dy = (float)py + (sy + 0.5f) * step - cy;
          float sd; /* signed distance to the edge, negative inside */
          if (round) {
            sd = sqrtf(dx * dx + dy * dy) - r;
          } else {
            float p = dx * d->axis_x + dy * d->axis_y, q = dy * d->axis_x - dx * d->axis_y;
            float rho2 = p * p * ia2 + q * q * ib2;
            float grad = sqrtf(p * p * ia2 * ia2 + q * q * ib2 * ib2);
            /* First-order distance to the ellipse from its implicit function rho^2 - 1. */
            sd = grad > 1e-12f ? 0.5f * (rho2 - 1.0f) / grad : -r;
          }
          if (sigma > 0.0f)
            a += soft_edge((sd + inset) * inv_sigma_sqrt2);
          else
            a += CLAMP(0.5f - sd * ramp, 0.0f, 1.0f);
        }
      a *= peak * weight;
      if (a > row[px])
        row[px] = a;
    }
  }
}

void
smp_dot_bins_build(SmpDotBins *bins, const SmpDot *dots, gsize n_dots, int x0, int y0, int width,
                   int height, int cell)
{
  g_return_if_fail(bins != NULL && (dots != NULL || n_dots == 0));
  bins->x0 = x0;
  bins->y0 = y0;
  bins->cell = cell;
  bins->cols = MAX(1, (width + cell - 1) / cell);
  bins->rows = MAX(1, (height + cell - 1) / cell);
  gsize n_cells = (gsize)bins->cols * bins->rows;
  bins->start = g_new0(guint32, n_cells + 1);

  /* Two passes over the dots: count per cell, then fill. */
  for (int pass = 0; pass < 2; pass++) {
    guint32 *fill = pass ? g_memdup2(bins->start, sizeof(guint32) * n_cells) : NULL;
    for (gsize i = 0; i < n_dots; i++) {
      int px0, py0, px1, py1;
      dot_pixels(&dots[i], &px0, &py0, &px1, &py1);
      int c0 = (int)floor((double)(px0 - x0) / cell),
          c1 = (int)floor((double)(px1 - 1 - x0) / cell);
      int r0 = (int)floor((double)(py0 - y0) / cell),
          r1 = (int)floor((double)(py1 - 1 - y0) / cell);
      c0 = MAX(c0, 0), r0 = MAX(r0, 0);
      c1 = MIN(c1, bins->cols - 1), r1 = MIN(r1, bins->rows - 1);
      for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++) {
          gsize k = (gsize)r * bins->cols + c;
          if (pass == 0)
            bins->start[k + 1]++;
          else
            bins->index[fill[k]++] = (guint32)i;
        }
    }
    if (pass == 0) {
      for (gsize k = 0; k < n_cells; k++)
        bins->start[k + 1] += bins->start[k];
      bins->index = g_new(guint32, MAX(bins->start[n_cells], 1));
    }
    g_free(fill);
  }
}

void
smp_dot_bins_clear(SmpDotBins *bins)
{
  g_return_if_fail(bins != NULL);
  g_clear_pointer(&bins->start, g_free);
  g_clear_pointer(&bins->index, g_free);
}

void
smp_dot_bins_splat(const SmpDotBins *bins, const SmpDot *dots, float *alpha, int stride, int x,
                   int y, int width, int height)
{
  g_return_if_fail(bins != NULL && alpha != NULL);
  int c0 = MAX(0, (x - bins->x0) / bins->cell);
  int c1 = MIN(bins->cols - 1, (x + width - 1 - bins->x0) / bins->cell);
  int r0 = MAX(0, (y - bins->y0) / bins->cell);
  int r1 = MIN(bins->rows - 1, (y + height - 1 - bins->y0) / bins->cell);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++) {
      /* Clip each dot to this cell: a dot spanning several cells draws each pixel once. */
      int cx0 = MAX(x, bins->x0 + c * bins->cell), cy0 = MAX(y, bins->y0 + r * bins->cell);
      int cx1 = MIN(x + width, bins->x0 + (c + 1) * bins->cell);
      int cy1 = MIN(y + height, bins->y0 + (r + 1) * bins->cell);
      if (cx0 >= cx1 || cy0 >= cy1)
        continue;
      gsize k = (gsize)r * bins->cols + c;
      float *sub = alpha + (gsize)(cy0 - y) * stride + (cx0 - x);
      for (guint32 i = bins->start[k]; i < bins->start[k + 1]; i++)
        smp_dot_splat(&dots[bins->index[i]], sub, stride, cx0, cy0, cx1 - cx0, cy1 - cy0);
    }
}
