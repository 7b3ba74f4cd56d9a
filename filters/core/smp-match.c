/* smp-match: the measures and the shade of dots that continue a client's fringe. See smp-match.h
 * and docs/fringe-matching.md. */
#include "smp-match.h"

#include <math.h>
#include <string.h>

#include "smp-analyse-colour.h"
#include "smp-color.h"
#include "smp-error.h"

/* The patch the dots' mean alpha is measured on holds at least this many impressions, and is at
 * most this many pixels on a side (a 2400 ppi image still gets about 20 mm). */
#define PATCH_IMPRESSIONS 400.0
#define PATCH_MAX_PX 2048
/* Where the patch sits: far from the origin, so that it is an ordinary part of the pattern. */
#define PATCH_ORIGIN_PX 4096.0

static double
linear_of_u8(guint8 v)
{
  return smp_color_linear_from_srgb(v / 255.0);
}

static double
encoded_of_linear(double v)
{
  v = CLAMP(v, 0.0, 1.0);
  return v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
}

gsize
smp_match_mean_colour(const guint8 *rgba, const guint8 *mask_a, const guint8 *mask_b, int width,
                      int height, double linear[3])
{
  g_return_val_if_fail(rgba != NULL && linear != NULL, 0);
  double table[256], sum[3] = {0.0, 0.0, 0.0};
  for (int v = 0; v < 256; v++)
    table[v] = linear_of_u8((guint8)v);
  gsize count = 0, n = (gsize)MAX(width, 0) * MAX(height, 0);
  for (gsize i = 0; i < n; i++) {
    const guint8 *p = rgba + 4 * i;
    if (p[3] < 128 || (mask_a && mask_a[i] < 128) || (mask_b && mask_b[i] < 128))
      continue;
    for (int c = 0; c < 3; c++)
      sum[c] += table[p[c]];
    count++;
  }
  for (int c = 0; c < 3; c++)
    linear[c] = count ? sum[c] / count : 0.0;
  return count;
}

double
smp_match_dots_alpha(const SmpDotsParams *params)
{
  g_return_val_if_fail(params != NULL, 0.0);
  SmpDotsLayout layout;
  if (!smp_dots_layout_init(&layout, params, 0, NULL) || layout.empty)
    return 0.0;
  const double per_mm2 = params->density * params->coverage / 100.0;
  double side_mm = sqrt(PATCH_IMPRESSIONS / per_mm2);
  int side = (int)ceil(side_mm * layout.px_per_mm);
  side = CLAMP(side, 16, PATCH_MAX_PX);
  const int x0 = (int)PATCH_ORIGIN_PX, y0 = (int)PATCH_ORIGIN_PX;
  const double reach = ceil(smp_dots_reach(&layout));

  GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpDot));
  smp_dots_gather(&layout, x0 - reach, y0 - reach, x0 + side + reach, y0 + side + reach, NULL, NULL,
                  dots);
  float *alpha = g_new0(float, (gsize)side *side);
  for (guint k = 0; k < dots->len; k++)
    smp_dot_splat(&g_array_index(dots, SmpDot, k), alpha, side, x0, y0, side, side);
  double sum = 0.0;
  for (gsize i = 0; i < (gsize)side * side; i++)
    sum += MIN(alpha[i], 1.0f); /* the op clamps the coverage at 1 */
  g_free(alpha);
  g_array_unref(dots);
  return sum / ((double)side * side);
}

/* The same units fresh and healed, matched by position: the healed core's area-equivalent radius
 * over the fresh dot's. A trace of anisotropy makes the core a soft-edged disc of its own diameter
 * rather than the Gaussian of equal ink that round cores are drawn as. */
double
smp_match_healed_size_ratio(const SmpDotsParams *params)
{
  g_return_val_if_fail(params != NULL, 0.0);
  SmpDotsParams p = *params;
  p.ppi = 2400.0; /* large dots: no minimum-radius clamp */
  p.size_jitter = 0.0;
  p.anisotropy = 1e-6;
  p.satellites = 0.0;
  p.coverage = 1.0;
  p.density = MAX(p.density, 1.0);
  double sum = 0.0;
  int count = 0;
  SmpDotsLayout fresh, healed;
  p.healed = FALSE;
  gboolean ok = smp_dots_layout_init(&fresh, &p, 0, NULL);
  p.healed = TRUE;
  ok = ok && smp_dots_layout_init(&healed, &p, 0, NULL);
  if (!ok)
    return 0.0;
  const double side = 20.0 * fresh.px_per_mm; /* 4 cm² */
  GArray *a = g_array_new(FALSE, FALSE, sizeof(SmpDot)),
         *b = g_array_new(FALSE, FALSE, sizeof(SmpDot));
  smp_dots_gather(&fresh, 0.0, 0.0, side, side, NULL, NULL, a);
  smp_dots_gather(&healed, 0.0, 0.0, side, side, NULL, NULL, b);
  for (guint i = 0, j = 0; i < a->len && j < b->len; j++) {
    const SmpDot *f = &g_array_index(a, SmpDot, i), *h = &g_array_index(b, SmpDot, j);
    if (h->shadow || h->x != f->x || h->y != f->y)
      continue;
    sum += h->radius / f->radius;
    count++;
    i++;
  }
  g_array_unref(a);
  g_array_unref(b);
  return count ? sum / count : 0.0;
}

static double
delta_e_linear(const double a[3], const double b[3])
{
  double sa[3], sb[3];
  for (int c = 0; c < 3; c++) {
    sa[c] = encoded_of_linear(a[c]);
    sb[c] = encoded_of_linear(b[c]);
  }
  return smp_analyse_delta_e_srgb(sa, sb);
}

/* The dilution (parts of water) whose strength is `strength` (0..1], inverting
 * smp_color_dilution_strength: 1 - exp(-k / N) = s gives N = -k / ln(1 - s). */
static double
dilution_of_strength(double strength)
{
  const double k = 20.0 * G_LN2;
  if (strength >= 1.0)
    return 0.0;
  double n = -k / log1p(-strength);
  return MIN(n, SMP_MATCH_DILUTION_MAX);
}

/* The diluted colour a dot must have so that, healed (when `healed`), it shows `dot`: the healed
 * colour is affine in the diluted one per channel (smp_color_healed: a veil of skin and a tint
 * over most of the pigment), so two evaluations of the model give its slope and offset. */
static void
undo_healing(const double dot[3], const double skin[3], double years, gboolean healed,
             double diluted[3])
{
  if (!healed) {
    for (int c = 0; c < 3; c++)
      diluted[c] = dot[c];
    return;
  }
  const double zero[3] = {0.0, 0.0, 0.0}, half[3] = {0.5, 0.5, 0.5};
  double h0[3], h1[3];
  smp_color_healed(zero, skin, years, h0);
  smp_color_healed(half, skin, years, h1);
  for (int c = 0; c < 3; c++) {
    double slope = 2.0 * (h1[c] - h0[c]);
    diluted[c] = slope > 0.0 ? (dot[c] - h0[c]) / slope : 0.0;
  }
}

gboolean
smp_match_solve_shade(const SmpDotsParams *params, const double skin[3], const double target[3],
                      double preferred_dilution, SmpMatchShade *shade, GError **error)
{
  g_return_val_if_fail(params != NULL && skin != NULL && target != NULL && shade != NULL, FALSE);
  for (int c = 0; c < 3; c++)
    if (!isfinite(skin[c]) || !isfinite(target[c]) || skin[c] < 0.0 || skin[c] > 1.0 ||
        target[c] < 0.0 || target[c] > 1.0) {
      g_set_error_literal(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                          "the skin and fringe colours must be linear RGB within 0..1");
      return FALSE;
    }
  if (!isfinite(preferred_dilution) || preferred_dilution < 0.0 ||
      preferred_dilution > SMP_MATCH_DILUTION_MAX) {
    g_set_error_literal(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                        "the preferred dilution must be within 0..40 parts of water");
    return FALSE;
  }
  /* the op takes the skin's reflectance from its luminance (docs/healed-appearance.md) */
  SmpDotsParams p = *params;
  p.skin_reflectance = CLAMP(0.2126 * skin[0] + 0.7152 * skin[1] + 0.0722 * skin[2], 0.0, 1.0);
  SmpDotsLayout layout;
  if (!smp_dots_layout_init(&layout, &p, 0, error))
    return FALSE;
  memset(shade, 0, sizeof *shade);
  shade->alpha = smp_match_dots_alpha(&p);
  if (!(shade->alpha > 1e-6)) {
    g_set_error_literal(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                        "the dots cover no skin (density, coverage or dot size is 0): no shade "
                        "can match the fringe");
    return FALSE;
  }

  /* The eye averages skin and dots in linear light: skin + (dot - skin) alpha = target. */
  double dot[3], diluted[3];
  for (int c = 0; c < 3; c++)
    dot[c] = skin[c] + (target[c] - skin[c]) / shade->alpha;
  undo_healing(dot, skin, p.years, p.healed, diluted);

  /* The pigment is the skin plus (diluted - skin) / strength: the weakest strength (the most
   * water) that keeps every channel of the pigment within 0..1, and no weaker than the
   * preferred dilution's. Beyond strength 1 nothing reaches the target: the nearest colour. */
  double need = 0.0;
  for (int c = 0; c < 3; c++) {
    double d = diluted[c] - skin[c], room = d < 0.0 ? skin[c] : 1.0 - skin[c];
    if (fabs(d) <= 1e-12)
      continue;
    double s = room > 1e-12 ? fabs(d) / room : INFINITY;
    need = MAX(need, s);
  }
  double strength = MIN(MAX(need, smp_color_dilution_strength(preferred_dilution)), 1.0);
  shade->dilution = dilution_of_strength(strength);
  /* the strength the op will use for that dilution (the dilution may have been capped) */
  strength = smp_color_dilution_strength(shade->dilution);
  for (int c = 0; c < 3; c++)
    shade->pigment[c] = CLAMP(skin[c] + (diluted[c] - skin[c]) / strength, 0.0, 1.0);

  /* What the op will show with that pigment: forwards through the same model. */
  double forward[3];
  smp_color_diluted(shade->pigment, skin, shade->dilution, forward);
  if (p.healed)
    smp_color_healed(forward, skin, p.years, shade->dot);
  else
    for (int c = 0; c < 3; c++)
      shade->dot[c] = forward[c];
  for (int c = 0; c < 3; c++)
    shade->mean[c] = skin[c] + (shade->dot[c] - skin[c]) * shade->alpha;
  shade->delta_e = delta_e_linear(shade->mean, target);
  shade->reached = shade->delta_e <= SMP_MATCH_REACHED_DELTA_E;
  return TRUE;
}
