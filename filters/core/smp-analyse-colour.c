/* smp-analyse-colour: sRGB to CIELAB and CIEDE2000. See smp-analyse-colour.h. */
#include "smp-analyse-colour.h"

#include <math.h>

#include "smp-color.h"

static double
lab_f(double t)
{
  const double e = 216.0 / 24389.0, k = 24389.0 / 27.0;
  return t > e ? cbrt(t) : (k * t + 16.0) / 116.0;
}

void
smp_analyse_srgb_to_lab(const double srgb[3], double lab[3])
{
  double r = smp_color_linear_from_srgb(srgb[0]), g = smp_color_linear_from_srgb(srgb[1]),
         b = smp_color_linear_from_srgb(srgb[2]);
  /* IEC 61966-2-1 primaries to XYZ, relative to the D65 white */
  double x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047;
  double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  double z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883;
  double fx = lab_f(x), fy = lab_f(y), fz = lab_f(z);
  lab[0] = 116.0 * fy - 16.0;
  lab[1] = 500.0 * (fx - fy);
  lab[2] = 200.0 * (fy - fz);
}

static double
degrees(double radians)
{
  return radians * 180.0 / G_PI;
}

static double
radians(double deg)
{
  return deg * G_PI / 180.0;
}

/* Hue angle in degrees, 0..360, 0 for a neutral colour. */
static double
hue_angle(double b, double a)
{
  if (a == 0.0 && b == 0.0)
    return 0.0;
  double h = degrees(atan2(b, a));
  return h < 0.0 ? h + 360.0 : h;
}

double
smp_analyse_ciede2000(const double lab1[3], const double lab2[3])
{
  const double L1 = lab1[0], a1 = lab1[1], b1 = lab1[2];
  const double L2 = lab2[0], a2 = lab2[1], b2 = lab2[2];
  /* a* is stretched near the neutral axis (G) */
  double C_mean = 0.5 * (hypot(a1, b1) + hypot(a2, b2));
  double C7 = pow(C_mean, 7.0);
  double G = 0.5 * (1.0 - sqrt(C7 / (C7 + pow(25.0, 7.0))));
  double a1p = (1.0 + G) * a1, a2p = (1.0 + G) * a2;
  double C1p = hypot(a1p, b1), C2p = hypot(a2p, b2);
  double h1p = hue_angle(b1, a1p), h2p = hue_angle(b2, a2p);

  double dLp = L2 - L1, dCp = C2p - C1p, dhp = 0.0;
  if (C1p * C2p != 0.0) {
    dhp = h2p - h1p;
    if (dhp > 180.0)
      dhp -= 360.0;
    else if (dhp < -180.0)
      dhp += 360.0;
  }
  double dHp = 2.0 * sqrt(C1p * C2p) * sin(radians(dhp / 2.0));

  double Lp_mean = 0.5 * (L1 + L2), Cp_mean = 0.5 * (C1p + C2p), hp_mean = h1p + h2p;
  if (C1p * C2p != 0.0) {
    if (fabs(h1p - h2p) <= 180.0)
      hp_mean = 0.5 * (h1p + h2p);
    else if (h1p + h2p < 360.0)
      hp_mean = 0.5 * (h1p + h2p + 360.0);
    else
      hp_mean = 0.5 * (h1p + h2p - 360.0);
  }
  double T = 1.0 - 0.17 * cos(radians(hp_mean - 30.0)) + 0.24 * cos(radians(2.0 * hp_mean)) +
             0.32 * cos(radians(3.0 * hp_mean + 6.0)) - 0.20 * cos(radians(4.0 * hp_mean - 63.0));
  double d_theta = 30.0 * exp(-pow((hp_mean - 275.0) / 25.0, 2.0));
  double Cp7 = pow(Cp_mean, 7.0);
  double R_C = 2.0 * sqrt(Cp7 / (Cp7 + pow(25.0, 7.0)));
  double L50 = (Lp_mean - 50.0) * (Lp_mean - 50.0);
  double S_L = 1.0 + 0.015 * L50 / sqrt(20.0 + L50);
  double S_C = 1.0 + 0.045 * Cp_mean;
  double S_H = 1.0 + 0.015 * Cp_mean * T;
  double R_T = -sin(radians(2.0 * d_theta)) * R_C;
  double l = dLp / S_L, c = dCp / S_C, h = dHp / S_H;
  return sqrt(l * l + c * c + h * h + R_T * c * h);
}

double
smp_analyse_delta_e_srgb(const double srgb1[3], const double srgb2[3])
{
  double lab1[3], lab2[3];
  smp_analyse_srgb_to_lab(srgb1, lab1);
  smp_analyse_srgb_to_lab(srgb2, lab2);
  return smp_analyse_ciede2000(lab1, lab2);
}
