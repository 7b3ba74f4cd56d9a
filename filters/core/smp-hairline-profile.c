/* The head and its hairline in profile. Figures for the reference head (195 mm from the glabella
 * to the back), scaled with its length; sources in docs/hair-loss-patterns.md. */
#include "smp-hairline-profile.h"

#include <math.h>

#define REF_LENGTH 195.0
/* The outer eye corner: behind the glabella and below it. The temple point lies on the way from
 * the frontotemporal angle towards it, about 5 cm from the angle (Garg's method). */
#define CANTHUS_BEHIND 20.0
#define CANTHUS_BELOW 10.0
#define TEMPLE_FROM_ANGLE 50.0
/* The ear (centre and half axes, a margin of bare skin included) and the nape hairline, which
 * drops from the sideburn's bottom behind the ear to below the occiput. */
#define EAR_SV (-10.0)
#define EAR_Z 0.0
#define EAR_HALF_SV 16.0
#define EAR_HALF_Z 34.0
#define NAPE_Z (-55.0)
#define NAPE_FROM (-28.0)
#define NAPE_TO (-40.0)
/* The head is widest this high above the ear canal and narrows towards the top. */
#define WIDEST_Z 30.0
/* Beyond every front line: hair up to the silhouette. */
#define FAR 1000.0

void
smp_profile_head_init(SmpProfileHead *head, double head_length, double front, double back)
{
  const double s = head_length / REF_LENGTH;
  head->scale = s;
  head->front = front;
  head->back = back;
  head->glabella_z = SMP_PROFILE_GLABELLA_Z * s;
  head->centre_sv = 0.5 * (front + back);
  head->radius_sv = 0.5 * (front - back);
  head->centre_z = head->glabella_z;
  head->radius_z = SMP_PROFILE_TOP_Z * s - head->glabella_z;
  head->ear_sv = EAR_SV * s;
  head->ear_z = EAR_Z * s;
  head->ear_rsv = EAR_HALF_SV * s;
  head->ear_rz = EAR_HALF_Z * s;
}

/* The front edge's sv at height z along the segment a-b (a below b), and the segment's slope. */
static inline double
along(SmpProfilePoint a, SmpProfilePoint b, double z, double *slope)
{
  double dz = b.z - a.z;
  *slope = dz > 1e-9 ? (b.sv - a.sv) / dz : 0.0;
  return a.sv + (z - a.z) * *slope;
}

void
smp_profile_line_init(SmpProfileLine *line, const SmpProfileHead *head, SmpProfilePoint mid,
                      SmpProfilePoint angle)
{
  const double s = head->scale;
  SmpProfilePoint canthus = {head->front - CANTHUS_BEHIND * s,
                             head->glabella_z - CANTHUS_BELOW * s};
  double dx = canthus.sv - angle.sv, dz = canthus.z - angle.z, length = sqrt(dx * dx + dz * dz);
  double t = length > 0.0 ? MIN(TEMPLE_FROM_ANGLE * s / length, 0.6) : 0.0;
  line->mid = mid;
  line->angle = angle;
  line->sideburn_top = (SmpProfilePoint){SMP_PROFILE_SIDEBURN_SV * s, SMP_PROFILE_SIDEBURN_TOP * s};
  line->sideburn_bottom =
      (SmpProfilePoint){SMP_PROFILE_SIDEBURN_SV * s, SMP_PROFILE_SIDEBURN_BOTTOM * s};
  line->temple = (SmpProfilePoint){angle.sv + t * dx, angle.z + t * dz};
  /* The temple point stays above the sideburn. */
  line->temple.z = MAX(line->temple.z, line->sideburn_top.z + 10.0 * s);
  const SmpProfilePoint from[3] = {line->sideburn_top, line->temple, mid},
                        to[3] = {line->temple, line->angle, angle};
  line->scale = 1.0;
  for (int i = 0; i < 3; i++) {
    along(from[i], to[i], from[i].z, &line->slope[i]);
    line->norm[i] = sqrt(1.0 + line->slope[i] * line->slope[i]);
    /* The frontal segment only where the angle lies above the mid-frontal point. */
    if (i < 2 || angle.z > mid.z)
      line->scale = MIN(line->scale, 1.0 / line->norm[i]);
  }
}

/* The temporal branch's front edge (sv) at height z: sideburn, temple point, angle, then straight
 * up; and the slope of its segment there. */
static inline double
temporal_edge(const SmpProfileLine *line, double z, double *slope)
{
  *slope = 0.0;
  if (z <= line->sideburn_top.z)
    return line->sideburn_top.sv;
  if (z <= line->temple.z)
    return along(line->sideburn_top, line->temple, z, slope);
  if (z <= line->angle.z)
    return along(line->temple, line->angle, z, slope);
  return line->angle.sv;
}

double
smp_profile_front_distance(const SmpProfileLine *line, double sv, double z)
{
  /* As temporal_edge() and along(), with the segments' slopes and normal factors kept. */
  int segment = -1;
  double edge;
  if (z <= line->sideburn_top.z)
    edge = line->sideburn_top.sv;
  else if (z <= line->temple.z)
    edge = line->sideburn_top.sv + (z - line->sideburn_top.z) * line->slope[segment = 0];
  else if (z <= line->angle.z)
    edge = line->temple.sv + (z - line->temple.z) * line->slope[segment = 1];
  else
    edge = line->angle.sv;
  /* The frontal branch seen from the side: from the forehead's silhouette up to the angle; above
   * both, the hair reaches the silhouette. */
  double top = MAX(line->mid.z, line->angle.z);
  if (z > top)
    return FAR;
  if (z >= line->mid.z && line->angle.z > line->mid.z) {
    double frontal = line->mid.sv + (z - line->mid.z) * line->slope[2];
    if (frontal > edge) {
      edge = frontal;
      segment = 2;
    }
  }
  return segment < 0 ? edge - sv : (edge - sv) / line->norm[segment];
}

void
smp_profile_front_range(const SmpProfileLine *line, double sv_lo, double sv_hi, double z_lo,
                        double z_hi, double *lo, double *hi)
{
  const double top = MAX(line->mid.z, line->angle.z);
  if (z_lo > top) {
    *lo = *hi = FAR;
    return;
  }
  /* The edge is piecewise linear in z: its extremes over [z_lo, z_hi] lie at the ends or at the
   * corners between. The frontal branch only raises it (and is linear). Every segment's normal
   * factor 1 / sqrt(1 + slope²) is at least the line's `scale`. */
  const double corners[3] = {line->sideburn_top.z, line->temple.z, line->angle.z};
  double slope, edge_lo = temporal_edge(line, z_lo, &slope), edge_hi = edge_lo;
  double e = temporal_edge(line, z_hi, &slope);
  edge_lo = MIN(edge_lo, e), edge_hi = MAX(edge_hi, e);
  for (int i = 0; i < 3; i++)
    if (corners[i] > z_lo && corners[i] < z_hi) {
      e = temporal_edge(line, corners[i], &slope);
      edge_lo = MIN(edge_lo, e), edge_hi = MAX(edge_hi, e);
    }
  if (line->angle.z > line->mid.z && z_hi >= line->mid.z) {
    double frontal_slope;
    edge_hi = MAX(edge_hi, along(line->mid, line->angle, MAX(z_lo, line->mid.z), &frontal_slope));
    edge_hi = MAX(edge_hi, along(line->mid, line->angle, z_hi, &frontal_slope));
  }
  /* A hair's breadth for rounding. */
  const double scale = line->scale * (1.0 - 1e-9);
  const double near = edge_lo - sv_hi, far = edge_hi - sv_lo;
  *lo = (near >= 0.0 ? near * scale : near) - 1e-9;
  *hi = z_hi > top ? FAR : (far >= 0.0 ? far : far * scale) + 1e-9;
}

/* Signed distance (mm, positive inside) to an ellipse, along the ray from its centre. */
static inline double
ellipse_inside(double dx, double dy, double rx, double ry)
{
  double x = dx / rx, y = dy / ry, k = sqrt(x * x + y * y), r = sqrt(dx * dx + dy * dy);
  if (k < 1e-9)
    return MIN(rx, ry);
  return r / k - r;
}

/* The nape's height below the ear at sv: rising towards the sideburn's bottom. */
static inline double
nape_low(const SmpProfileHead *head, double sv)
{
  const double s = head->scale;
  double t = CLAMP((NAPE_FROM * s - sv) / ((NAPE_FROM - NAPE_TO) * s), 0.0, 1.0);
  return SMP_PROFILE_SIDEBURN_BOTTOM * s +
         t * t * (3.0 - 2.0 * t) * (NAPE_Z - SMP_PROFILE_SIDEBURN_BOTTOM) * s;
}

double
smp_profile_lower_distance(const SmpProfileHead *head, double sv, double z)
{
  double low = nape_low(head, sv);
  double ear = -ellipse_inside(sv - head->ear_sv, z - head->ear_z, head->ear_rsv, head->ear_rz);
  return MIN(z - low, ear);
}

void
smp_profile_lower_range(const SmpProfileHead *head, double sv_lo, double sv_hi, double z_lo,
                        double z_hi, double *lo, double *hi)
{
  /* The nape's height never falls as sv grows. */
  double nape_lo = z_lo - nape_low(head, sv_hi), nape_hi = z_hi - nape_low(head, sv_lo);
  /* The ear: outside it the distance along the ray is R (k - 1) with k the ellipse's norm and R
   * between its half axes; k changes by at most (half the box's diagonal) / the smaller one. */
  const double r_min = MIN(head->ear_rsv, head->ear_rz), r_max = MAX(head->ear_rsv, head->ear_rz);
  const double dx = (0.5 * (sv_lo + sv_hi) - head->ear_sv) / head->ear_rsv,
               dz = (0.5 * (z_lo + z_hi) - head->ear_z) / head->ear_rz;
  const double spread = 0.5 * hypot(sv_hi - sv_lo, z_hi - z_lo) / r_min;
  const double k = sqrt(dx * dx + dz * dz), k_lo = MAX(k - spread, 0.0), k_hi = k + spread;
  double ear_lo = (k_lo >= 1.0 ? r_min : r_max) * (k_lo - 1.0);
  double ear_hi = (k_hi >= 1.0 ? r_max : r_min) * (k_hi - 1.0);
  *lo = MIN(nape_lo, ear_lo) - 1e-9;
  *hi = MIN(nape_hi, ear_hi) + 1e-9;
}

double
smp_profile_outline_distance(const SmpProfileHead *head, double sv, double z, double forehead_sv)
{
  double inside =
      ellipse_inside(sv - head->centre_sv, z - head->centre_z, head->radius_sv, head->radius_z);
  if (z >= head->glabella_z)
    inside = MIN(inside, forehead_sv - sv);
  return inside;
}

double
smp_profile_lateral(const SmpProfileHead *head, double half_width, double z)
{
  const double widest = WIDEST_Z * head->scale, top = head->centre_z + head->radius_z;
  double t = CLAMP((z - widest) / (top - widest), 0.0, 1.0);
  return half_width * sqrt(1.0 - t * t);
}
