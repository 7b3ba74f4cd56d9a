/* smp-plane: filters on plain float planes and 0/1 masks (row-major, width x height).
 *
 * The building blocks of the photo analyses (scar finding, dot detection): a light blur,
 * grey-level morphology, box sums and Euclidean distance transforms. Every filter clamps its
 * window to the plane; none allocates more than a row or two besides what the caller passes. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A new uninitialised plane. */
float *smp_plane_new(int width, int height);

/* [1 2 1]/4 binomial blur in both directions, edges clamped; `in` and `out` differ. */
void smp_plane_blur3(const float *in, float *out, int width, int height);

/* Maximum (or minimum) over [x - r, x + r] of every row, in place. */
void smp_plane_rows_extreme(float *plane, int width, int height, int r, gboolean is_max);

/* Grey-level closing with a (2r+1)² square: removes dark features narrower than the square and
 * keeps light ones and step edges where they are. `tmp` holds one plane. */
void smp_plane_closing(float *plane, float *tmp, int width, int height, int r);

/* out = sum of `in` over the (2r+1)² window clamped to the plane; `in` may be `out`. `tmp` holds
 * one plane. */
void smp_plane_box_sum(const float *in, float *out, float *tmp, int width, int height, int r);

/* Grows a 0/1 mask by one pixel in all 8 directions; `tmp` holds a float plane. */
void smp_mask_dilate3(guint8 *mask, float *tmp, int width, int height);

/* Euclidean distance (px) from every pixel centre to the nearest pixel with feature[i] != 0.
 * Without any feature, every distance is INFINITY. */
void smp_distance_transform(const guint8 *feature, float *dist, int width, int height);

/* smp_distance_transform () where it is below `cap` (px), INFINITY farther: computed only over the
 * features' bounding box grown by the cap, which for a small feature is a small part of a plane. */
void smp_distance_transform_capped(const guint8 *feature, float *dist, int width, int height,
                                   float cap);

G_END_DECLS
