/* smp-dot-detect: finds the dots already in a scalp photo (SMP impressions or stubble: small dark
 * blobs on the skin) and the dot-free skin level under them, on a plain luminance plane.
 *
 * The skin level is a grey-level closing of the lightly blurred luminance: it removes dark
 * features narrower than SMP_DOT_MAX_DIAMETER_MM. A dot is a connected region darker than that
 * level by a threshold set from the skin's own noise and the typical dot; its size is the area at
 * half its peak darkening, its centre the darkening-weighted mean. Coordinates are pixels of the
 * plane; pixel (x, y) covers [x, x+1) x [y, y+1). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SMP_DOT_MAX_DIAMETER_MM 1.2  /* wider dark regions are not dots */
#define SMP_DOT_MIN_DIAMETER_MM 0.04 /* narrower ones are noise */

/* A dot found in the photo. */
typedef struct {
  float x, y;         /* contrast-weighted centroid */
  float diameter;     /* equivalent diameter of its half-contrast area, px */
  float contrast;     /* peak darkening below the local skin level, luma 0..1 */
  int core_x, core_y; /* its darkest pixel */
} SmpFoundDot;

typedef struct {
  int width, height;
  double px_per_mm;
  float *smooth;      /* the luminance, lightly blurred */
  float *skin;        /* the dot-free skin level at every pixel */
  guint8 *dot_pixels; /* 1 on the pixels of the dots found and their soft edges */
  SmpFoundDot *dots;
  int n_dots;
} SmpDotDetection;

/* Finds the dots in a luminance plane (perceptual luma, 0..1, row-major). `valid` (may be NULL:
 * all pixels) marks the pixels that belong to the photo; the others are neither skin nor dot.
 * Returns NULL for an empty plane or a resolution that is not positive. */
SmpDotDetection *smp_dot_detect(const float *luma, const guint8 *valid, int width, int height,
                                double px_per_mm);
void smp_dot_detection_free(SmpDotDetection *detection);

/* Median distance from each dot to its nearest neighbour, px (0 with fewer than two dots): the
 * typical spacing of the pattern. Dots lie in [0, width) x [0, height). */
double smp_found_dots_neighbour_distance(const SmpFoundDot *dots, int n_dots, int width, int height,
                                         double px_per_mm);

/* Squared distance (px²) from each pixel centre of a width x height plane to the nearest dot
 * centre, exact up to `cap` px (beyond it, some value above cap²). */
void smp_found_dots_distance2(const SmpFoundDot *dots, int n_dots, int width, int height, float cap,
                              float *d2);

G_END_DECLS
