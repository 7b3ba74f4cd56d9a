/* The side (profile) view of the head: the hairline seen from the left or right, with the
 * frontotemporal angle, the temple point (the forward peak of the temporal hair), the sideburn,
 * the ear and the nape. Landmarks and figures: docs/hair-loss-patterns.md.
 *
 * Profile coordinates (mm): sv ahead of the ear canal (the same axis as the top view's, so the
 * line joining the ear canals is sv = 0), z up from the ear canal. Internal to the hairline core.
 */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* Head landmarks in the profile of the reference head (195 mm long), scaled with its length: the
 * glabella's height above the ear canal, the top of the head, the sideburn (front edge, top and
 * bottom), the ear (centre and half axes) and the nape hairline behind it. */
#define SMP_PROFILE_GLABELLA_Z 25.0
#define SMP_PROFILE_TOP_Z 130.0
#define SMP_PROFILE_SIDEBURN_SV 14.0
#define SMP_PROFILE_SIDEBURN_TOP 35.0
#define SMP_PROFILE_SIDEBURN_BOTTOM (-5.0)

typedef struct {
  double sv, z;
} SmpProfilePoint;

/* One front line in profile: the mid-frontal point on the forehead's silhouette, the
 * frontotemporal angle, the temple point and the sideburn's top and bottom. */
typedef struct {
  SmpProfilePoint mid, angle, temple, sideburn_top, sideburn_bottom;
  double scale; /* the smallest normal factor 1 / sqrt(1 + slope²) of its segments */
  /* The slopes (dsv / dz) of the sideburn-temple, temple-angle and mid-angle segments, and
   * sqrt(1 + slope²) of each. */
  double slope[3], norm[3];
} SmpProfileLine;

/* A head in profile. */
typedef struct {
  double scale;               /* head length / 195 mm */
  double front, back;         /* sv of the glabella and of the back of the head */
  double centre_sv, centre_z; /* the cranium's outline: an ellipse ... */
  double radius_sv, radius_z; /* ... */
  double glabella_z;          /* height of the glabella above the ear canal */
  double ear_sv, ear_z, ear_rsv, ear_rz;
} SmpProfileHead;

void smp_profile_head_init(SmpProfileHead *head, double head_length, double front, double back);

/* A line through `mid` (forehead) and `angle`; the temple point lies on the way from the angle to
 * the outer eye corner, the sideburn below it in front of the ear. */
void smp_profile_line_init(SmpProfileLine *line, const SmpProfileHead *head, SmpProfilePoint mid,
                           SmpProfilePoint angle);

/* Signed distance (mm, positive on the hair side) to the line's front edge at (sv, z). */
double smp_profile_front_distance(const SmpProfileLine *line, double sv, double z);

/* Bounds of smp_profile_front_distance over the box [sv_lo, sv_hi] x [z_lo, z_hi]. */
void smp_profile_front_range(const SmpProfileLine *line, double sv_lo, double sv_hi, double z_lo,
                             double z_hi, double *lo, double *hi);

/* Signed distance (mm, positive where hair can grow) to the lower edge of the hair: the
 * sideburn's bottom, the ear and the nape hairline. */
double smp_profile_lower_distance(const SmpProfileHead *head, double sv, double z);

/* Bounds of smp_profile_lower_distance over the box [sv_lo, sv_hi] x [z_lo, z_hi]. */
void smp_profile_lower_range(const SmpProfileHead *head, double sv_lo, double sv_hi, double z_lo,
                             double z_hi, double *lo, double *hi);

/* Signed distance (mm, positive inside) to the outline of the cranium in profile: the forehead
 * above the glabella, the top and the back of the head. `setback(z)` is how far the forehead
 * lies behind the glabella at height z above it. */
double smp_profile_outline_distance(const SmpProfileHead *head, double sv, double z,
                                    double forehead_sv);

/* The lateral position (mm from the midline) of the scalp seen at (sv, z) from the side, given
 * the head's half width seen from above at sv. */
double smp_profile_lateral(const SmpProfileHead *head, double half_width, double z);

G_END_DECLS
