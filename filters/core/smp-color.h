/* Colour of SMP pigment as diluted, deposited, healed and aged, in linear RGB
 * (docs/pigment-and-skin.md; the healed and aged appearance: docs/healed-appearance.md). */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* The sRGB transfer curve (IEC 61966-2-1): an encoded value 0..1 to linear light. */
double smp_color_linear_from_srgb(double encoded);
/* The same for the 256 values of an 8-bit channel, as float: a table made on first use. */
const float *smp_color_linear_u8_table(void);

/* CIE L* (0..100) of a linear-RGB colour with Rec. 709 / sRGB primaries. */
double smp_color_lightness(const double rgb[3]);

/* Relative back-scatter weights of the red, green and blue channels: reduced scattering
 * mu_s' ~ (lambda / 500 nm)^-1.4 (Jacques 2013) at 610, 545 and 465 nm, normalised to red = 1;
 * about 1 : 1.17 : 1.46. */
void smp_color_tyndall_weights(double weights[3]);

/* How much of the pigment's own colour a dot of pigment diluted with `water_parts` parts of water
 * per part shows over the skin (0..1; 1 undiluted, also for water_parts <= 0):
 * 1 - exp(-k / N) with k = 20 ln 2, so 20 parts give a mid grey (0.5) and about 6 parts read
 * near-black (0.9): our anchors; no published curve was found (docs/pigment-and-skin.md). */
double smp_color_dilution_strength(double water_parts);

/* The colour a dot of `pigment` diluted with `water_parts` parts of water shows as deposited on
 * `skin` (both linear RGB, 0..1): the pigment mixed towards the skin by the dilution strength. */
void smp_color_diluted(const double pigment[3], const double skin[3], double water_parts,
                       double diluted[3]);

/* The colour a healed dot of `pigment` shows on `skin` (both linear RGB, 0..1) `years` after the
 * treatment (0..SMP_YEARS_MAX): the pigment sits in the dermis under a thin veil of epidermis, and
 * short wavelengths scattered back by the skin above it add a bluish tint (Tyndall effect) that is
 * stronger on lighter skin and grows as the pigment settles deeper over the years. The result is
 * the colour of the dot itself, to be composited over the skin with the dot's alpha. */
void smp_color_healed(const double pigment[3], const double skin[3], double years,
                      double healed[3]);

/* Oldest healed appearance modelled, in years after the treatment. */
#define SMP_YEARS_MAX 10.0

/* How a healed impression changes over the years (docs/healed-appearance.md). */
typedef struct {
  double ink;      /* fraction of the year-0 pigment still seen, 1 at year 0 */
  double spread;   /* diameter factor, 1 at year 0 */
  double softness; /* Gaussian edge of the dot's core relative to its diameter */
  double tint;     /* factor on the Tyndall tint, 1 at year 0 */
} SmpAgeing;

/* The ageing after `years`, clamped to 0..SMP_YEARS_MAX. */
void smp_color_ageing(double years, SmpAgeing *ageing);

/* How much more skin a dermal deposit darkens than its own area, seen from above: light that
 * enters the skin is scattered back and forth under the surface, so the light reaching a deposit
 * is 1 + 2 b R times the light falling on the skin, R the skin's diffuse reflectance (0..1), which
 * the skin colour's luminance stands for. */
double smp_color_buildup(double skin_reflectance);

/* The Gaussian blur (sigma, mm on the scalp) that stands for normal visual acuity at a viewing
 * distance (m, eye to scalp; in a mirror twice the distance to the mirror): two points one minimum
 * angle of resolution apart (1 arcminute, 20/20 vision) just merge when each is blurred by a
 * Gaussian of half that separation (docs/healed-appearance.md, Viewing distance). */
double smp_color_viewing_sigma_mm(double distance_m);

/* CIE L* by which dots of colour `dot` covering a fraction `alpha` of `skin` darken it, seen from a
 * distance where the eye averages them in linear light. */
double smp_color_darkening(const double skin[3], const double dot[3], double alpha);

G_END_DECLS
