/* Follicle dots, shared between the layout (smp-dots.c), the placement of units
 * (smp-dots-place.c) and the drawing of dots (smp-dots-draw.c): the look's constants and the
 * healed impression. */
#pragma once
#include "smp-dots.h"

G_BEGIN_DECLS

/* Healed dots (docs/healed-appearance.md): the visible core of a 250 µm impression heals to
 * 100-150 µm, about half the diameter (docs/dots-and-density.md, Needles and impressions); around
 * it the dermal deposit casts a soft shadow that holds the rest of the darkening the eye sees, the
 * deposit's area times the skin's fluence build-up. */
#define HEALED_SIZE 0.55
#define HEALED_OPACITY 0.92
/* Peak of the shadow relative to the core's, and how far it is drawn (in sigmas). */
#define SHADOW_PEAK 0.7
#define SHADOW_EXTENT 2.0
/* Size jitter 1 spreads diameters by +-40 %; opacity jitter 1 lightens dots by up to 50 %. */
#define SIZE_SPREAD 0.4
#define OPACITY_SPREAD 0.5
/* Satellite micro-dots: 0.2-0.4 mm from the unit centre, 35-50 % of its diameter. */
#define SATELLITE_DISTANCE_MIN 0.2
#define SATELLITE_DISTANCE_MAX 0.4
#define SATELLITE_SIZE_MIN 0.35
#define SATELLITE_SIZE_MAX 0.50
#define SATELLITE_OPACITY 0.85
/* Anisotropy 1 gives an aspect ratio of 1.5 (docs/hair-direction.md, What the op does). */
#define ANISOTROPY_ASPECT 0.5
/* Dots smaller than this radius (pixels) are drawn at it with proportionally lower alpha, so tone
 * survives zoomed-out mipmap levels. */
#define MIN_RADIUS 0.5

/* The healed look of an impression of fresh diameter `fresh` (pixels) and peak alpha `opacity`:
 * a soft core, and the shadow the dermal deposit casts around it. */
typedef struct {
  double core_diameter, core_opacity, core_softness;
  double core_sigma, core_peak;     /* the core as a round Gaussian of the same ink */
  double shadow_sigma, shadow_peak; /* sigma 0: no shadow */
} SmpHealedImpression;

void smp_dots_healed_impression(const SmpDotsLayout *layout, double fresh, double opacity,
                                SmpHealedImpression *impression);

G_END_DECLS
