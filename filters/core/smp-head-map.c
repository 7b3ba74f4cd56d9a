/* The head model's skin coordinates: the top view's equal-area map of the dome, and arc length
 * and height on the straight sides, with the bounds the dots op tiles them by. */
#include "smp-head-private.h"

/* Bounds of the equal-area map over a span of directions sample the outline radius and k at most
 * this far apart (radians); between samples neither changes by more than 1 %, well within the
 * margin put on the sampled extremes. */
#define BOUND_STEP 0.05
#define BOUND_MARGIN 0.02

/* ---- the top view's equal-area map ---------------------------------------------------------- */

/* Along a ray from the vertex at direction theta the dome is z = H sqrt(1 - rho^2) with
 * rho = r / r_e(theta), and skin area per picture area A = sqrt(1 + k^2 rho^2 / (1 - rho^2)) with
 * k = H |grad rho| (constant along the ray). The map keeps theta and sends r to R with
 * R dR = A r dr, so R^2 = r_e^2 F(rho^2, k), F(P, k) = 2 int_sqrt(1-P)^1 sqrt(k^2 - (k^2-1) t^2) dt
 * (substituting rho^2 = 1 - t^2), which has a closed form. */
double
smp_head_primitive(double t, double k)
{
  const double k2 = k * k, m = k2 - 1.0;
  const double root = sqrt(MAX(k2 - m * t * t, 0.0));
  if (fabs(m) < 1e-12)
    return t * k;
  if (m > 0.0) {
    const double d = sqrt(m);
    return 0.5 * t * root + 0.5 * k2 / d * asin(MIN(d * t / k, 1.0));
  }
  const double e = sqrt(-m);
  return 0.5 * t * root + 0.5 * k2 / e * asinh(e * t / k);
}

double
smp_head_area_integral(double t0, double k)
{
  return 2.0 * (smp_head_primitive(1.0, k) - smp_head_primitive(t0, k));
}

/* Outline radius and k in the direction (cx, cy) (a unit vector). */
void
smp_head_ray_constants(const SmpHead *h, double cx, double cy, double *r_edge, double *k)
{
  double grad[2];
  double rho = smp_head_outline_norm(h, cx, cy, grad);
  *r_edge = 1.0 / rho;
  *k = h->h_dome * sqrt(grad[0] * grad[0] + grad[1] * grad[1]);
}

void
smp_head_equal_area_forward(const SmpHead *h, double u, double v, double *s, double *t)
{
  const double r = hypot(u, v);
  if (r == 0.0) {
    *s = *t = 0.0;
    return;
  }
  double r_edge, k;
  smp_head_ray_constants(h, u / r, v / r, &r_edge, &k);
  const double rho = MIN(r / r_edge, 1.0);
  const double radius = r_edge * sqrt(smp_head_area_integral(sqrt(1.0 - rho * rho), k));
  *s = radius * u / r;
  *t = radius * v / r;
}

gboolean
smp_head_equal_area_inverse(const SmpHead *h, double s, double t, double *u, double *v,
                            SmpHeadPoint *point)
{
  const double radius = hypot(s, t);
  double cx = 1.0, cy = 0.0;
  if (radius > 0.0)
    cx = s / radius, cy = t / radius;
  double grad[2];
  const double rho_dir = smp_head_outline_norm(h, cx, cy, grad), r_edge = 1.0 / rho_dir;
  const double grad_len = sqrt(grad[0] * grad[0] + grad[1] * grad[1]), k = h->h_dome * grad_len;
  const double target = (radius / r_edge) * (radius / r_edge);
  const double whole = smp_head_primitive(1.0, k), top = 2.0 * (whole - smp_head_primitive(0.0, k));
  if (target > top)
    return FALSE;
  /* Solve F(t0) = 2 (G(1) - G(t0)) = target for t0 in [0, 1] (F falls from `top` to 0, with
   * dF/dt0 = -2 sqrt(k^2 - (k^2 - 1) t0^2)): safeguarded Halley iteration from the k = 1
   * solution. */
  double lo = 0.0, hi = 1.0, t0 = sqrt(MAX(1.0 - 0.25 * target * (4.0 - target), 0.0));
  if (radius > 0.0)
    for (int i = 0; i < 100; i++) {
      double f = 2.0 * (whole - smp_head_primitive(t0, k)) - target;
      if (f > 0.0)
        lo = t0;
      else
        hi = t0;
      /* Halley's step: F' = -2 g, F'' = -2 g' with g' = -(k^2 - 1) t0 / g. */
      double g = sqrt(MAX(k * k - (k * k - 1.0) * t0 * t0, 1e-300));
      double d1 = -2.0 * g, d2 = 2.0 * (k * k - 1.0) * t0 / g;
      double next = t0 - 2.0 * f * d1 / (2.0 * d1 * d1 - f * d2);
      if (fabs(next - t0) < 1e-14) {
        t0 = next;
        break;
      }
      /* Outside the bracket (far from the root): bisect instead. */
      if (!(next > lo && next < hi))
        next = 0.5 * (lo + hi);
      t0 = next;
      if (hi - lo < 1e-14)
        break;
    }
  else
    t0 = 1.0;
  const double rho = sqrt(MAX(1.0 - t0 * t0, 0.0)), r = rho * r_edge;
  *u = r * cx;
  *v = r * cy;
  if (point) {
    /* z = z_wide + H_dome t0; the normal is along (H rho grad rho, t0) (the gauge's gradient), and
     * the picture compresses the skin along grad rho. */
    double n[3] = {h->h_dome * rho * grad[0], h->h_dome * rho * grad[1], t0};
    smp_head_normalize3(n);
    point->pos[0] = *u, point->pos[1] = *v, point->pos[2] = h->z_wide + h->h_dome * t0;
    memcpy(point->normal, n, sizeof n);
    if (h->p.view == SMP_HEAD_VIEW_TOP && !(rho > 0.0)) {
      /* At the vertex the normal is the view direction: no slope, compress along u by
       * convention. */
      point->foreshortening = 1.0, point->slope = 0.0, point->area_factor = 1.0;
      point->compress_u = 1.0, point->compress_v = 0.0;
    } else {
      smp_head_point_in_view(h, point);
    }
  }
  return TRUE;
}

/* Distance from the origin to the segment a-b. */
static double
segment_distance(double ax, double ay, double bx, double by)
{
  const double dx = bx - ax, dy = by - ay, len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? -(ax * dx + ay * dy) / len2 : 0.0;
  t = CLAMP(t, 0.0, 1.0);
  return hypot(ax + t * dx, ay + t * dy);
}

/* R(r) along a ray with outline radius r_edge and constant k: the map's radius. */
static double
map_radius(double r, double r_edge, double k)
{
  const double rho = MIN(r / r_edge, 1.0);
  return r_edge * sqrt(smp_head_area_integral(sqrt(1.0 - rho * rho), k));
}

gboolean
smp_head_sector_holds(const SmpHeadSector *sector, double s, double t)
{
  const double r = hypot(s, t);
  if (r < sector->r0 || r > sector->r1)
    return FALSE;
  if (sector->full)
    return TRUE;
  const double mid = 0.5 * (sector->theta0 + sector->theta1);
  return fabs(remainder(atan2(t, s) - mid, 2.0 * G_PI)) <= 0.5 * (sector->theta1 - sector->theta0);
}

/* Nearest and farthest distance of a view-mm quadrilateral (four corners, any order) from the
 * vertex; the nearest is 0 when it holds the vertex. */
static void
quad_radial_range(const double cu[4], const double cv[4], double *r_min, double *r_max)
{
  /* The corners in order around the quadrilateral: sort by angle about their centroid. */
  double mu = 0.25 * (cu[0] + cu[1] + cu[2] + cu[3]), mv = 0.25 * (cv[0] + cv[1] + cv[2] + cv[3]);
  int order[4] = {0, 1, 2, 3};
  double key[4];
  for (int i = 0; i < 4; i++)
    key[i] = atan2(cv[i] - mv, cu[i] - mu);
  for (int i = 1; i < 4; i++)
    for (int j = i; j > 0 && key[order[j]] < key[order[j - 1]]; j--) {
      int tmp = order[j];
      order[j] = order[j - 1];
      order[j - 1] = tmp;
    }
  gboolean inside = TRUE;
  *r_min = G_MAXDOUBLE, *r_max = 0.0;
  for (int i = 0; i < 4; i++) {
    int a = order[i], b = order[(i + 1) % 4];
    *r_min = MIN(*r_min, segment_distance(cu[a], cv[a], cu[b], cv[b]));
    *r_max = MAX(*r_max, hypot(cu[a], cv[a]));
    /* The origin lies inside iff it is on the same side of every edge. */
    if ((cu[b] - cu[a]) * (0.0 - cv[a]) - (cv[b] - cv[a]) * (0.0 - cu[a]) < 0.0)
      inside = FALSE;
  }
  if (inside)
    *r_min = 0.0;
}

/* Directions about the vertex that a quadrilateral not holding it spans (less than a half-turn);
 * the whole turn when it holds it (r_min 0). */
static void
quad_directions(const double cu[4], const double cv[4], double r_min, double *lo, double *hi)
{
  *lo = -G_PI, *hi = G_PI;
  if (!(r_min > 0.0))
    return;
  const double mu = 0.25 * (cu[0] + cu[1] + cu[2] + cu[3]);
  const double mv = 0.25 * (cv[0] + cv[1] + cv[2] + cv[3]);
  const double base = atan2(mv, mu);
  *lo = *hi = 0.0;
  for (int i = 0; i < 4; i++) {
    double d = remainder(atan2(cv[i], cu[i]) - base, 2.0 * G_PI);
    *lo = MIN(*lo, d);
    *hi = MAX(*hi, d);
  }
  *lo += base, *hi += base;
}

/* Outline radius and k over the directions lo..hi: sampled closely enough that neither changes by
 * more than the margin between samples, or the whole head's bounds for wide spans. */
static void
ray_bounds(const SmpHead *h, double lo, double hi, double *e_min, double *e_max, double *k_min,
           double *k_max)
{
  *e_min = h->r_edge_min, *e_max = h->r_edge_max, *k_min = h->k_min, *k_max = h->k_max;
  const double span = hi - lo;
  if (span >= 1.0)
    return;
  const int n = 4 + (int)ceil(span / BOUND_STEP);
  *e_min = *k_min = G_MAXDOUBLE, *e_max = *k_max = 0.0;
  for (int i = 0; i <= n; i++) {
    double th = lo + span * i / n, r_edge, k;
    smp_head_ray_constants(h, cos(th), sin(th), &r_edge, &k);
    *e_min = MIN(*e_min, r_edge), *e_max = MAX(*e_max, r_edge);
    *k_min = MIN(*k_min, k), *k_max = MAX(*k_max, k);
  }
  *e_min *= 1.0 - BOUND_MARGIN, *e_max *= 1.0 + BOUND_MARGIN;
  *k_min *= 1.0 - BOUND_MARGIN, *k_max *= 1.0 + BOUND_MARGIN;
}

/* Bounding box of the annular sector radius_lo..radius_hi, lo..hi: its four corners and the axis
 * directions it spans, with a micrometre of slack for the cosines' rounding. */
static void
sector_box(double lo, double hi, double radius_lo, double radius_hi, double *s0, double *t0,
           double *s1, double *t1)
{
  double smin = G_MAXDOUBLE, smax = -G_MAXDOUBLE, tmin = G_MAXDOUBLE, tmax = -G_MAXDOUBLE;
  const double radii[2] = {radius_lo, radius_hi};
  for (int e = 0; e < 2; e++)
    for (int j = 0; j < 2; j++) {
      double ang = e ? hi : lo, x = radii[j] * cos(ang), y = radii[j] * sin(ang);
      smin = MIN(smin, x), smax = MAX(smax, x), tmin = MIN(tmin, y), tmax = MAX(tmax, y);
    }
  for (int q = (int)ceil(lo / (0.5 * G_PI)); q <= (int)floor(hi / (0.5 * G_PI)); q++) {
    double ang = q * 0.5 * G_PI, x = radius_hi * cos(ang), y = radius_hi * sin(ang);
    smin = MIN(smin, x), smax = MAX(smax, x), tmin = MIN(tmin, y), tmax = MAX(tmax, y);
  }
  *s0 = smin - 1e-3, *s1 = smax + 1e-3, *t0 = tmin - 1e-3, *t1 = tmax + 1e-3;
}

gboolean
smp_head_equal_area_bounds(const SmpHead *h, const double cu[4], const double cv[4], double *s0,
                           double *t0, double *s1, double *t1, SmpHeadSector *sector)
{
  double r_min, r_max, lo, hi, e_min, e_max, k_min, k_max;
  quad_radial_range(cu, cv, &r_min, &r_max);
  if (r_min >= h->r_edge_max)
    return FALSE;
  quad_directions(cu, cv, r_min, &lo, &hi);
  ray_bounds(h, lo, hi, &e_min, &e_max, &k_min, &k_max);
  if (r_min >= e_max)
    return FALSE;
  /* R grows with r and k and falls with r_edge below the rim; at and beyond it
   * R = r_edge sqrt(F(1, k)). */
  const double radius_hi = r_max >= e_min ? e_max * sqrt(smp_head_area_integral(0.0, k_max))
                                          : map_radius(r_max, e_min, k_max);
  const double radius_lo = MIN(map_radius(r_min, e_max, k_min), radius_hi);
  if (sector) {
    /* With slack for rounding, as the rectangle below. */
    sector->r0 = radius_lo * (1.0 - 1e-9) - 1e-6, sector->r1 = radius_hi * (1.0 + 1e-9) + 1e-6;
    sector->theta0 = lo - 1e-9, sector->theta1 = hi + 1e-9;
    sector->full = r_min <= 0.0;
  }
  if (r_min <= 0.0) {
    *s0 = *t0 = -radius_hi;
    *s1 = *t1 = radius_hi;
    return TRUE;
  }
  sector_box(lo, hi, radius_lo, radius_hi, s0, t0, s1, t1);
  return TRUE;
}

/* ---- the straight sides --------------------------------------------------------------------- */

/* The outline point (X, Y) at angle phi, and the outward unit normal there. */
void
smp_head_wall_outline(const SmpHead *h, double phi, double *x, double *y, double normal[2])
{
  const double theta = 0.5 * G_PI - phi, c = cos(theta), s = sin(theta);
  double grad[2];
  const double rho = smp_head_outline_norm(h, c, s, grad);
  *x = c / rho, *y = s / rho;
  if (normal) {
    double len = hypot(grad[0], grad[1]);
    normal[0] = grad[0] / len, normal[1] = grad[1] / len;
  }
}

/* Arc length at angle phi (table interpolation), and its inverse. */
static double
wall_arc_at(const SmpHead *h, double phi)
{
  double f = (phi + G_PI) / (2.0 * G_PI) * SMP_HEAD_WALL_SAMPLES;
  int i = CLAMP((int)floor(f), 0, SMP_HEAD_WALL_SAMPLES - 1);
  double t = f - i;
  return h->wall_arc[i] + t * (h->wall_arc[i + 1] - h->wall_arc[i]);
}

static double
wall_phi_at(const SmpHead *h, double s)
{
  int lo = 0, hi = SMP_HEAD_WALL_SAMPLES;
  while (hi - lo > 1) {
    int mid = (lo + hi) / 2;
    if (h->wall_arc[mid] <= s)
      lo = mid;
    else
      hi = mid;
  }
  double t = (s - h->wall_arc[lo]) / (h->wall_arc[lo + 1] - h->wall_arc[lo]);
  return smp_head_wall_phi(lo) + t * (smp_head_wall_phi(lo + 1) - smp_head_wall_phi(lo));
}

gboolean
smp_head_wall_point(const SmpHead *h, double s, double z, SmpHeadPoint *pt)
{
  if (!(fabs(z) <= h->z_wide) || !(s >= h->wall_arc[0] && s <= h->wall_arc[SMP_HEAD_WALL_SAMPLES]))
    return FALSE;
  double x, y, n[2];
  smp_head_wall_outline(h, wall_phi_at(h, s), &x, &y, n);
  pt->pos[0] = x, pt->pos[1] = y, pt->pos[2] = z;
  pt->normal[0] = n[0], pt->normal[1] = n[1], pt->normal[2] = 0.0;
  smp_head_point_in_view(h, pt);
  return TRUE;
}

/* The angle phi in [lo, hi], along which coordinate `axis` (0: X, 1: Y) of the outline runs
 * monotonically, where that coordinate equals `value` (clamped to the run's ends). */
static double
wall_phi_where(const SmpHead *h, int axis, double value, double lo, double hi)
{
  double xy[2];
  smp_head_wall_outline(h, lo, &xy[0], &xy[1], NULL);
  const double at_lo = xy[axis];
  smp_head_wall_outline(h, hi, &xy[0], &xy[1], NULL);
  const gboolean rising = xy[axis] > at_lo;
  for (int i = 0; i < 60; i++) {
    double mid = 0.5 * (lo + hi);
    smp_head_wall_outline(h, mid, &xy[0], &xy[1], NULL);
    if ((xy[axis] < value) == rising)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

/* View-mm extent of four corners. */
static void
corner_range(const double cu[4], const double cv[4], double *u0, double *v0, double *u1, double *v1)
{
  *u0 = *u1 = cu[0], *v0 = *v1 = cv[0];
  for (int i = 1; i < 4; i++) {
    *u0 = MIN(*u0, cu[i]), *u1 = MAX(*u1, cu[i]);
    *v0 = MIN(*v0, cv[i]), *v1 = MAX(*v1, cv[i]);
  }
}

gboolean
smp_head_wall_bounds(const SmpHead *h, const double cu[4], const double cv[4], double *s0,
                     double *z0, double *s1, double *z1)
{
  double u0, v0, u1, v1;
  corner_range(cu, cv, &u0, &v0, &u1, &v1);
  /* A top view sees the straight sides edge-on: never. */
  if (h->p.view == SMP_HEAD_VIEW_TOP)
    return FALSE;
  *z0 = MAX(v0, -h->z_wide), *z1 = MIN(v1, h->z_wide);
  if (!(*z0 <= *z1))
    return FALSE;
  /* The side the view sees, a run of the outline along which one coordinate is monotonic. */
  double lo, hi, a, b;
  int axis;
  switch (h->p.view) {
  case SMP_HEAD_VIEW_FRONT: /* Y > 0, X = -u rising with phi */
    axis = 0, lo = -0.5 * G_PI, hi = 0.5 * G_PI, a = -u1, b = -u0;
    break;
  case SMP_HEAD_VIEW_RIGHT: /* X > 0, Y = u + Y_g falling with phi */
    axis = 1, lo = 0.0, hi = G_PI, a = u0 + h->y_glabella, b = u1 + h->y_glabella;
    break;
  default: /* left: X < 0, Y = Y_g - u rising with phi */
    axis = 1, lo = -G_PI, hi = 0.0, a = h->y_glabella - u1, b = h->y_glabella - u0;
    break;
  }
  double pa = wall_phi_where(h, axis, a, lo, hi), pb = wall_phi_where(h, axis, b, lo, hi);
  double sa = wall_arc_at(h, pa), sb = wall_arc_at(h, pb);
  *s0 = MIN(sa, sb) - 1e-6, *s1 = MAX(sa, sb) + 1e-6;
  return TRUE;
}

gboolean
smp_head_dome_bounds(const SmpHead *h, const double cu[4], const double cv[4], double *s0,
                     double *t0, double *s1, double *t1, SmpHeadSector *sector)
{
  if (h->p.view == SMP_HEAD_VIEW_TOP)
    return smp_head_equal_area_bounds(h, cu, cv, s0, t0, s1, t1, sector);
  double u0, v0, u1, v1;
  corner_range(cu, cv, &u0, &v0, &u1, &v1);
  if (!(v1 > h->z_wide) || v0 > h->h)
    return FALSE;
  /* The dome's points the view sees, under the quadrilateral: a box of the top view, on the side
   * facing the viewer, no wider than the section at the lowest height. */
  const double r = smp_head_section_scale(h, MAX(v0, h->z_wide));
  double x0, x1, y0, y1;
  switch (h->p.view) {
  case SMP_HEAD_VIEW_FRONT:
    x0 = MAX(-u1, -h->a), x1 = MIN(-u0, h->a), y0 = 0.0, y1 = h->b_front * r;
    break;
  case SMP_HEAD_VIEW_RIGHT:
    x0 = 0.0, x1 = h->a * r;
    y0 = MAX(u0 + h->y_glabella, -h->b_back), y1 = MIN(u1 + h->y_glabella, h->b_front);
    break;
  default:
    x0 = -h->a * r, x1 = 0.0;
    y0 = MAX(h->y_glabella - u1, -h->b_back), y1 = MIN(h->y_glabella - u0, h->b_front);
    break;
  }
  if (!(x0 <= x1 && y0 <= y1))
    return FALSE;
  const double qu[4] = {x0, x1, x1, x0}, qv[4] = {y0, y0, y1, y1};
  return smp_head_equal_area_bounds(h, qu, qv, s0, t0, s1, t1, sector);
}
