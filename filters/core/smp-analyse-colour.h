/* Colour measurement for the photo analysis: sRGB to CIELAB (D65) and the CIEDE2000 colour
 * difference (CIE 142-2001; implementation notes and test data: Sharma, Wu and Dalal, Color Res.
 * Appl. 30(1):21-30, 2005). See docs/photo-analysis.md. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* CIELAB (D65 white, 2° observer) of an sRGB colour (components 0..1, gamma-encoded). */
void smp_analyse_srgb_to_lab(const double srgb[3], double lab[3]);

/* CIEDE2000 difference of two CIELAB colours, with kL = kC = kH = 1. */
double smp_analyse_ciede2000(const double lab1[3], const double lab2[3]);

/* CIEDE2000 difference of two sRGB colours. */
double smp_analyse_delta_e_srgb(const double srgb1[3], const double srgb2[3]);

G_END_DECLS
