#include "smp-color.h"

#include <math.h>

/* Fraction of the skin's own colour seen through the epidermis over a dermal deposit. */
#define EPIDERMAL_VEIL 0.06
/* Back-scattered light added over the deposit (linear, blue channel) on skin of L* = 100. */
#define TYNDALL_MAX 0.08
/* The tint grows faster than linearly with lightness: fair skin shows it most
 * (docs/pigment-and-skin.md, Healed look). */
#define TYNDALL_LIGHTNESS_POWER 1.5

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
smp_color_healed(const double pigment[3], const double skin[3], double healed[3])
{
  g_return_if_fail(pigment != NULL && skin != NULL && healed != NULL);
  double weights[3];
  smp_color_tyndall_weights(weights);
  double lightness = CLAMP(smp_color_lightness(skin), 0.0, 100.0) / 100.0;
  double beta = TYNDALL_MAX * pow(lightness, TYNDALL_LIGHTNESS_POWER) / weights[2];
  for (int c = 0; c < 3; c++) {
    double v = (1.0 - EPIDERMAL_VEIL) * pigment[c] + EPIDERMAL_VEIL * skin[c] + beta * weights[c];
    healed[c] = CLAMP(v, 0.0, 1.0);
  }
}
