#include "smp-color.h"

#include <math.h>

/* Fraction of the skin's own colour seen through the epidermis over a dermal deposit. */
#define EPIDERMAL_VEIL 0.06
/* Back-scattered light added over the deposit (linear, blue channel) on skin of L* = 100. */
#define TYNDALL_MAX 0.08
/* The tint grows faster than linearly with lightness: fair skin shows it most
 * (docs/pigment-and-skin.md, Healed look). */
#define TYNDALL_LIGHTNESS_POWER 1.5
/* Fluence build-up under the skin surface, 1 + 2 b R (Anderson et al. 1989): b is a modelling
 * choice within the measured range (docs/healed-appearance.md). */
#define BUILDUP_B 4.0
/* Ageing rates (docs/healed-appearance.md): the pigment seen decays with this time constant, so
 * that the treated area's darkening falls to the touch-up threshold after 4-5.5 years with the
 * built-in hair types, within the published touch-up intervals of 2-6 years; dots widen, soften
 * and turn bluer linearly (model). */
#define FADE_YEARS 12.0
#define SPREAD_PER_YEAR 0.03
#define SOFTNESS_AT_HEALING 0.15
#define SOFTNESS_PER_YEAR 0.015
#define TINT_PER_YEAR 0.06

double
smp_color_linear_from_srgb(double encoded)
{
  return encoded <= 0.04045 ? encoded / 12.92 : pow((encoded + 0.055) / 1.055, 2.4);
}

const float *
smp_color_linear_u8_table(void)
{
  static float table[256];
  static gsize done = 0;
  if (g_once_init_enter(&done)) {
    for (int v = 0; v < 256; v++)
      table[v] = (float)smp_color_linear_from_srgb(v / 255.0);
    g_once_init_leave(&done, 1);
  }
  return table;
}

double
smp_color_lightness(const double rgb[3])
{
  g_return_val_if_fail(rgb != NULL, 0.0);
  double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  double f = y > 216.0 / 24389.0 ? cbrt(y) : (24389.0 / 27.0 * y + 16.0) / 116.0;
  return 116.0 * f - 16.0;
}

void
smp_color_tyndall_weights(double weights[3])
{
  g_return_if_fail(weights != NULL);
  static const double wavelength_nm[3] = {610.0, 545.0, 465.0};
  double red = pow(wavelength_nm[0] / 500.0, -1.4);
  for (int c = 0; c < 3; c++)
    weights[c] = pow(wavelength_nm[c] / 500.0, -1.4) / red;
}

double
smp_color_dilution_strength(double water_parts)
{
  const double k = 20.0 * G_LN2;
  if (!(water_parts > 0.0))
    return 1.0;
  return 1.0 - exp(-k / water_parts);
}

void
smp_color_diluted(const double pigment[3], const double skin[3], double water_parts,
                  double diluted[3])
{
  g_return_if_fail(pigment != NULL && skin != NULL && diluted != NULL);
  double strength = smp_color_dilution_strength(water_parts);
  for (int c = 0; c < 3; c++)
    diluted[c] = skin[c] + (pigment[c] - skin[c]) * strength;
}

void
smp_color_ageing(double years, SmpAgeing *ageing)
{
  double t = isfinite(years) ? CLAMP(years, 0.0, SMP_YEARS_MAX) : 0.0;
  ageing->ink = exp(-t / FADE_YEARS);
  ageing->spread = 1.0 + SPREAD_PER_YEAR * t;
  ageing->softness = SOFTNESS_AT_HEALING + SOFTNESS_PER_YEAR * t;
  ageing->tint = 1.0 + TINT_PER_YEAR * t;
}

double
smp_color_buildup(double skin_reflectance)
{
  double r = isfinite(skin_reflectance) ? CLAMP(skin_reflectance, 0.0, 1.0) : 0.0;
  return 1.0 + 2.0 * BUILDUP_B * r;
}

void
smp_color_healed(const double pigment[3], const double skin[3], double years, double healed[3])
{
  g_return_if_fail(pigment != NULL && skin != NULL && healed != NULL);
  double weights[3];
  SmpAgeing ageing;
  smp_color_tyndall_weights(weights);
  smp_color_ageing(years, &ageing);
  double lightness = CLAMP(smp_color_lightness(skin), 0.0, 100.0) / 100.0;
  double beta = ageing.tint * TYNDALL_MAX * pow(lightness, TYNDALL_LIGHTNESS_POWER) / weights[2];
  for (int c = 0; c < 3; c++) {
    double v = (1.0 - EPIDERMAL_VEIL) * pigment[c] + EPIDERMAL_VEIL * skin[c] + beta * weights[c];
    healed[c] = CLAMP(v, 0.0, 1.0);
  }
}

double
smp_color_darkening(const double skin[3], const double dot[3], double alpha)
{
  double a = CLAMP(alpha, 0.0, 1.0), mixed[3];
  for (int c = 0; c < 3; c++)
    mixed[c] = skin[c] + (dot[c] - skin[c]) * a;
  return smp_color_lightness(skin) - smp_color_lightness(mixed);
}

double
smp_color_viewing_sigma_mm(double distance_m)
{
  const double arcminute = G_PI / (180.0 * 60.0);
  if (!(distance_m > 0.0) || !isfinite(distance_m))
    return 0.0;
  return 0.5 * distance_m * 1000.0 * tan(arcminute);
}
