/* Colour of SMP pigment as deposited and as healed, in linear RGB (smp-domain §5.3-5.4). */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* CIE L* (0..100) of a linear-RGB colour with Rec. 709 / sRGB primaries. */
double smp_color_lightness(const double rgb[3]);

/* Relative back-scatter weights of the red, green and blue channels: reduced scattering
 * mu_s' ~ (lambda / 500 nm)^-1.4 (Jacques 2013) at 610, 545 and 465 nm, normalised to red = 1;
 * about 1 : 1.17 : 1.46. */
void smp_color_tyndall_weights(double weights[3]);

/* The colour a healed dot of `pigment` shows on `skin` (both linear RGB, 0..1): the pigment sits in
 * the dermis under a thin veil of epidermis, and short wavelengths scattered back by the skin above
 * it add a bluish tint (Tyndall effect) that is stronger on lighter skin. The result is the colour
 * of the dot itself, to be composited over the skin with the dot's alpha. */
void smp_color_healed(const double pigment[3], const double skin[3], double healed[3]);

G_END_DECLS
