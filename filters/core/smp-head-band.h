/* A band of skin along a line on the head surface (the hairline), flattened for a paper template
 * at true skin scale. Plain C; the method and its error: docs/head-model.md, "The band template".
 *
 * Band coordinates: s, the arc length along the centre line on the skin from its first point;
 * d, the distance across it along the skin (a geodesic at right angles to the line), positive
 * on the side of the surface normal × the line's direction (towards the crown for a hairline
 * drawn from image left to image right in a front view). The template is the plane curve with the
 * centre line's length and geodesic curvature (its development), d laid off along its normals:
 * lengths along the centre line are exact, along the edges they differ from the skin's by the
 * surface's Gaussian curvature times d² / 2 per unit length, which a scale along the band
 * balances between centre and edges. */
#pragma once
#include <glib.h>

#include "smp-head.h"

G_BEGIN_DECLS

typedef struct _SmpHeadBand SmpHeadBand;

/* The band along the visible surface points under the view positions (u[i], v[i]) (mm; at least
 * two, in order along the line), `half_width` mm either side. NULL with `error` set when a point
 * lies outside the head's silhouette or the line is too short. The band keeps a pointer to
 * `head`, which must outlive it. */
SmpHeadBand *smp_head_band_new(const SmpHead *head, const double *u, const double *v, int n,
                               double half_width, GError **error);
void smp_head_band_free(SmpHeadBand *band);

/* Length of the centre line on the skin (mm), and the band's half width. */
double smp_head_band_length(const SmpHeadBand *band);
double smp_head_band_half_width(const SmpHeadBand *band);

/* The template point (mm, x along the band, y across it towards +d) of band coordinates (s, d). */
void smp_head_band_template(const SmpHeadBand *band, double s, double d, double *x, double *y);

/* The skin point (head frame, mm) of band coordinates (s, d); s is clamped to the band. */
void smp_head_band_skin(const SmpHeadBand *band, double s, double d, double pos[3]);

/* The view position (mm) of band coordinates (s, d). */
void smp_head_band_view(const SmpHeadBand *band, double s, double d, double *u, double *v);

/* The largest difference (mm) between a length along the band measured on the template and on
 * the skin, over the centre line, both edges and the lines between them, from the band's start. */
double smp_head_band_distortion(const SmpHeadBand *band);

G_END_DECLS
