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
}

/* The front edge's sv at height z along the segment a-b (a below b), and the segment's slope. */
static inline double
along(SmpProfilePoint a, SmpProfilePoint b, double z, double *slope)
{
  double dz = b.z - a.z;
  *slope = dz > 1e-9 ? (b.sv - a.sv) / dz : 0.0;
  return a.sv + (z - a.z) * *slope;
}

double
smp_profile_front_distance(const SmpProfileLine *line, double sv, double z)
{
  double slope = 0.0, edge;
  /* The temporal branch: sideburn, temple point, angle, then straight up. */
  if (z <= line->sideburn_top.z)
    edge = line->sideburn_top.sv;
  else if (z <= line->temple.z)
    edge = along(line->sideburn_top, line->temple, z, &slope);
  else if (z <= line->angle.z)
    edge = along(line->temple, line->angle, z, &slope);
  else
    edge = line->angle.sv;
  /* The frontal branch seen from the side: from the forehead's silhouette up to the angle; above
   * both, the hair reaches the silhouette. */
  double top = MAX(line->mid.z, line->angle.z);
  if (z > top)
    return FAR;
  if (z >= line->mid.z && line->angle.z > line->mid.z) {
    double frontal_slope, frontal = along(line->mid, line->angle, z, &frontal_slope);
    if (frontal > edge) {
      edge = frontal;
      slope = frontal_slope;
    }
  }
  return (edge - sv) / sqrt(1.0 + slope * slope);
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

double
smp_profile_lower_distance(const SmpProfileHead *head, double sv, double z)
{
  const double s = head->scale;
  double t = CLAMP((NAPE_FROM * s - sv) / ((NAPE_FROM - NAPE_TO) * s), 0.0, 1.0);
  double low = SMP_PROFILE_SIDEBURN_BOTTOM * s +
               t * t * (3.0 - 2.0 * t) * (NAPE_Z - SMP_PROFILE_SIDEBURN_BOTTOM) * s;
  double ear = -ellipse_inside(sv - head->ear_sv, z - head->ear_z, head->ear_rsv, head->ear_rz);
  return MIN(z - low, ear);
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
