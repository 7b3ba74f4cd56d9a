/* The head surface model: geometry, views, tapes, areas and outline fitting. The model, its
 * parameters and their sources: docs/head-model.md. */
#include "smp-head.h"

#include <math.h>
#include <string.h>

#define MM_PER_INCH 25.4
#define DEG (G_PI / 180.0)

/* The top-view outline (docs/head-model.md): superellipses, broad at the forehead, rounder
 * behind; the glabella lies 0.49 of the head length ahead of the ear-canal line. The hairline
 * op draws the same outline. */
#define FRONT_SHARE 0.49
#define FRONT_EXPONENT 2.6
#define BACK_EXPONENT 2.2
/* The widest section lies this far (mm) above the glabella plane: breadth is taken above the ears,
 * at the parietal bosses, higher than the glabella (docs/head-model.md). Between the glabella
 * plane and it the sides run straight up. */
#define WIDEST_ABOVE_GLABELLA 30.0

/* Bounds of the equal-area map over a span of directions sample the outline radius and k at most
 * this far apart (radians); between samples neither changes by more than 1 %, well within the
 * margin put on the sampled extremes. */
#define BOUND_STEP 0.05
#define BOUND_MARGIN 0.02
/* Directions summed for the dome's and the outline's areas. */
#define AREA_SAMPLES 4096

/* Steps of the arc-length sums along plane sections (Richardson-extrapolated from two step
 * counts: error far below a micrometre on a head). */
#define SECTION_STEPS 2048

/* Skin area of a pixel: its centre's area factor times its area where the slope is gentle (below
 * 1 / cos 70 deg the factor hardly changes across a pixel); steeper, the skin of a grid of
 * sub-cells, which follows the factor's growth towards the rim. */
#define AREA_FACTOR_SMOOTH 2.9
#define RIM_SUBCELLS 8

static gboolean
check_range(const char *name, double value, double lo, double hi, GError **error)
{
  if (isfinite(value) && value >= lo && value <= hi)
    return TRUE;
  g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE, "%s must be within %g..%g (got %g)", name, lo,
              hi, value);
  return FALSE;
}

void
smp_head_params_init(SmpHeadParams *p)
{
  *p = (SmpHeadParams){
      .ppi = 300.0,
      .view = SMP_HEAD_VIEW_TOP,
      .origin_x = 1000.0,
      .origin_y = 1500.0,
      .angle = 0.0,
      .width = 155.0,
      .length = 195.0,
      .height = 110.0,
  };
}

/* ---- the surface ---------------------------------------------------------------------------- */

/* rho(X, Y): the superellipse norm whose unit curve is the top-view outline; `grad` (optional)
 * receives its gradient, which depends only on the direction of (X, Y). */
static double
outline_norm(const SmpHead *h, double x, double y, double grad[2])
{
  const gboolean front = y >= 0.0;
  const double n = front ? h->n_front : h->n_back, b = front ? h->b_front : h->b_back;
  const double ax = fabs(x) / h->a, ay = fabs(y) / b;
  if (ax == 0.0 && ay == 0.0) {
    if (grad)
      grad[0] = grad[1] = 0.0;
    return 0.0;
  }
  const double px = pow(ax, n), py = pow(ay, n), sum = px + py, rho = pow(sum, 1.0 / n);
  if (grad) {
    /* d rho / dx = rho^(1-n) |x/a|^(n-1) sign(x) / a */
    const double scale = rho / sum;
    grad[0] = ax > 0.0 ? copysign(scale * px / ax / h->a, x) : 0.0;
    grad[1] = ay > 0.0 ? copysign(scale * py / ay / b, y) : 0.0;
  }
  return rho;
}

/* The surface's gauge: 1 on the surface, < 1 inside, convex: the dome above the widest section,
 * straight sides down to as far below the glabella plane, and the dome mirrored below. */
static double
gauge(const SmpHead *h, const double p[3], double grad[3])
{
  double g2[2];
  const double rho = outline_norm(h, p[0], p[1], grad ? g2 : NULL);
  const double zh = MAX(fabs(p[2]) - h->z_wide, 0.0) / h->h_dome;
  const double g = sqrt(rho * rho + zh * zh);
  if (grad) {
    if (g > 0.0) {
      grad[0] = rho * g2[0] / g;
      grad[1] = rho * g2[1] / g;
      grad[2] = copysign(zh / h->h_dome / g, p[2]);
    } else {
      grad[0] = grad[1] = 0.0;
      grad[2] = 1.0;
    }
  }
  return g;
}

/* The horizontal section at height z is the outline scaled by this; -1 above or below the head. */
static double
section_scale(const SmpHead *h, double z)
{
  double zh = MAX(fabs(z) - h->z_wide, 0.0) / h->h_dome;
  return zh > 1.0 ? -1.0 : sqrt(1.0 - zh * zh);
}

static void
normalize3(double v[3])
{
  const double len = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  if (len > 0.0)
    v[0] /= len, v[1] /= len, v[2] /= len;
}

void
smp_head_normal(const SmpHead *h, const double pos[3], double normal[3])
{
  gauge(h, pos, normal);
  normalize3(normal);
}

void
smp_head_surface_along(const SmpHead *h, const double m[3], const double d[3], double out[3])
{
  /* g(m + s d) is convex in s and below 1 at s = 0: step out past the surface, then Newton from
   * outside, which approaches the crossing monotonically. */
  double p[3], grad[3], s = 1.0;
  for (int i = 0; i < 64; i++) {
    p[0] = m[0] + s * d[0], p[1] = m[1] + s * d[1], p[2] = m[2] + s * d[2];
    if (gauge(h, p, NULL) >= 1.0)
      break;
    s *= 2.0;
  }
  for (int i = 0; i < 60; i++) {
    p[0] = m[0] + s * d[0], p[1] = m[1] + s * d[1], p[2] = m[2] + s * d[2];
    double g = gauge(h, p, grad) - 1.0;
    double slope = grad[0] * d[0] + grad[1] * d[1] + grad[2] * d[2];
    if (!(slope > 0.0))
      break;
    double step = g / slope;
    s -= step;
    if (fabs(step) < 1e-12 * (1.0 + s))
      break;
  }
  out[0] = m[0] + s * d[0], out[1] = m[1] + s * d[1], out[2] = m[2] + s * d[2];
}

/* ---- the top view's equal-area map ---------------------------------------------------------- */

/* Along a ray from the vertex at direction theta the dome is z = H sqrt(1 - rho^2) with
 * rho = r / r_e(theta), and skin area per picture area A = sqrt(1 + k^2 rho^2 / (1 - rho^2)) with
 * k = H |grad rho| (constant along the ray). The map keeps theta and sends r to R with
 * R dR = A r dr, so R^2 = r_e^2 F(rho^2, k), F(P, k) = 2 int_sqrt(1-P)^1 sqrt(k^2 - (k^2-1) t^2) dt
 * (substituting rho^2 = 1 - t^2), which has a closed form. */
static double
primitive(double t, double k)
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

static double
area_integral(double t0, double k)
{
  return 2.0 * (primitive(1.0, k) - primitive(t0, k));
}

/* Outline radius and k in the direction (cx, cy) (a unit vector). */
static void
ray_constants(const SmpHead *h, double cx, double cy, double *r_edge, double *k)
{
  double grad[2];
  double rho = outline_norm(h, cx, cy, grad);
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
  ray_constants(h, u / r, v / r, &r_edge, &k);
  const double rho = MIN(r / r_edge, 1.0);
  const double radius = r_edge * sqrt(area_integral(sqrt(1.0 - rho * rho), k));
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
  const double rho_dir = outline_norm(h, cx, cy, grad), r_edge = 1.0 / rho_dir;
  const double grad_len = sqrt(grad[0] * grad[0] + grad[1] * grad[1]), k = h->h_dome * grad_len;
  const double target = (radius / r_edge) * (radius / r_edge);
  const double whole = primitive(1.0, k), top = 2.0 * (whole - primitive(0.0, k));
  if (target > top)
    return FALSE;
  /* Solve F(t0) = 2 (G(1) - G(t0)) = target for t0 in [0, 1] (F falls from `top` to 0, with
   * dF/dt0 = -2 sqrt(k^2 - (k^2 - 1) t0^2)): safeguarded Halley iteration from the k = 1
   * solution. */
  double lo = 0.0, hi = 1.0, t0 = sqrt(MAX(1.0 - 0.25 * target * (4.0 - target), 0.0));
  if (radius > 0.0)
    for (int i = 0; i < 100; i++) {
      double f = 2.0 * (whole - primitive(t0, k)) - target;
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
    normalize3(n);
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
  return r_edge * sqrt(area_integral(sqrt(1.0 - rho * rho), k));
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

gboolean
smp_head_equal_area_bounds(const SmpHead *h, const double cu[4], const double cv[4], double *s0,
                           double *t0, double *s1, double *t1, SmpHeadSector *sector)
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

  double r_min = G_MAXDOUBLE, r_max = 0.0;
  gboolean inside = TRUE;
  for (int i = 0; i < 4; i++) {
    int a = order[i], b = order[(i + 1) % 4];
    r_min = MIN(r_min, segment_distance(cu[a], cv[a], cu[b], cv[b]));
    r_max = MAX(r_max, hypot(cu[a], cv[a]));
    /* The origin lies inside iff it is on the same side of every edge. */
    if ((cu[b] - cu[a]) * (0.0 - cv[a]) - (cv[b] - cv[a]) * (0.0 - cu[a]) < 0.0)
      inside = FALSE;
  }
  if (inside)
    r_min = 0.0;
  if (r_min >= h->r_edge_max)
    return FALSE;

  /* Directions the quadrilateral spans (less than a half-turn when it leaves out the vertex). */
  double lo = -G_PI, hi = G_PI;
  if (r_min > 0.0) {
    const double base = atan2(mv, mu);
    lo = hi = 0.0;
    for (int i = 0; i < 4; i++) {
      double d = remainder(atan2(cv[i], cu[i]) - base, 2.0 * G_PI);
      lo = MIN(lo, d);
      hi = MAX(hi, d);
    }
    lo += base, hi += base;
  }

  /* Outline radius and k over those directions: sampled closely enough that neither changes by
   * more than the margin between samples, or the whole head's bounds for wide spans. R grows with
   * r and k and falls with r_edge below the rim; at and beyond it R = r_edge sqrt(F(1, k)). */
  double e_min = h->r_edge_min, e_max = h->r_edge_max, k_min = h->k_min, k_max = h->k_max;
  const double span = hi - lo;
  if (span < 1.0) {
    const int n = 4 + (int)ceil(span / BOUND_STEP);
    e_min = k_min = G_MAXDOUBLE, e_max = k_max = 0.0;
    for (int i = 0; i <= n; i++) {
      double th = lo + span * i / n, r_edge, k;
      ray_constants(h, cos(th), sin(th), &r_edge, &k);
      e_min = MIN(e_min, r_edge), e_max = MAX(e_max, r_edge);
      k_min = MIN(k_min, k), k_max = MAX(k_max, k);
    }
    e_min *= 1.0 - BOUND_MARGIN, e_max *= 1.0 + BOUND_MARGIN;
    k_min *= 1.0 - BOUND_MARGIN, k_max *= 1.0 + BOUND_MARGIN;
  }
  if (r_min >= e_max)
    return FALSE;
  const double radius_hi =
      r_max >= e_min ? e_max * sqrt(area_integral(0.0, k_max)) : map_radius(r_max, e_min, k_max);
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
  /* Bounding box of the annular sector: its four corners and the axis directions it spans. */
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
  /* Rounding of the cosines: a micrometre of slack. */
  *s0 = smin - 1e-3, *s1 = smax + 1e-3, *t0 = tmin - 1e-3, *t1 = tmax + 1e-3;
  return TRUE;
}

/* ---- the straight sides --------------------------------------------------------------------- */

/* Angle phi about the vertex from the front of the midline, towards the person's right, of wall
 * table entry i (-pi at the back, through the left side, 0 in front, the right side, pi). */
static double
wall_phi(int i)
{
  return -G_PI + 2.0 * G_PI * i / SMP_HEAD_WALL_SAMPLES;
}

/* The outline point (X, Y) at angle phi, and the outward unit normal there. */
static void
wall_outline(const SmpHead *h, double phi, double *x, double *y, double normal[2])
{
  const double theta = 0.5 * G_PI - phi, c = cos(theta), s = sin(theta);
  double grad[2];
  const double rho = outline_norm(h, c, s, grad);
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
  return wall_phi(lo) + t * (wall_phi(lo + 1) - wall_phi(lo));
}

gboolean
smp_head_wall_point(const SmpHead *h, double s, double z, SmpHeadPoint *pt)
{
  if (!(fabs(z) <= h->z_wide) || !(s >= h->wall_arc[0] && s <= h->wall_arc[SMP_HEAD_WALL_SAMPLES]))
    return FALSE;
  double x, y, n[2];
  wall_outline(h, wall_phi_at(h, s), &x, &y, n);
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
  wall_outline(h, lo, &xy[0], &xy[1], NULL);
  const double at_lo = xy[axis];
  wall_outline(h, hi, &xy[0], &xy[1], NULL);
  const gboolean rising = xy[axis] > at_lo;
  for (int i = 0; i < 60; i++) {
    double mid = 0.5 * (lo + hi);
    wall_outline(h, mid, &xy[0], &xy[1], NULL);
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
  const double r = section_scale(h, MAX(v0, h->z_wide));
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

/* ---- set-up and views ----------------------------------------------------------------------- */

gboolean
smp_head_init(SmpHead *h, const SmpHeadParams *p, GError **error)
{
  if (!(check_range("ppi", p->ppi, 1.0, 100000.0, error) &&
        check_range("origin-x", p->origin_x, -1e9, 1e9, error) &&
        check_range("origin-y", p->origin_y, -1e9, 1e9, error) &&
        check_range("angle", p->angle, -360.0, 360.0, error) &&
        check_range("head-width", p->width, SMP_HEAD_WIDTH_MIN, SMP_HEAD_WIDTH_MAX, error) &&
        check_range("head-length", p->length, SMP_HEAD_LENGTH_MIN, SMP_HEAD_LENGTH_MAX, error) &&
        check_range("head-height", p->height, SMP_HEAD_HEIGHT_MIN, SMP_HEAD_HEIGHT_MAX, error)))
    return FALSE;
  if ((unsigned)p->view > SMP_HEAD_VIEW_LEFT) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE, "view %d is not a head view", (int)p->view);
    return FALSE;
  }
  memset(h, 0, sizeof *h);
  h->p = *p;
  h->mm_per_px = MM_PER_INCH / p->ppi;
  h->cos_a = cos(p->angle * DEG);
  h->sin_a = sin(p->angle * DEG);
  h->a = 0.5 * p->width;
  h->b_front = FRONT_SHARE * p->length;
  h->b_back = (1.0 - FRONT_SHARE) * p->length;
  h->n_front = FRONT_EXPONENT;
  h->n_back = BACK_EXPONENT;
  h->h = p->height;
  h->z_wide = WIDEST_ABOVE_GLABELLA;
  h->h_dome = p->height - WIDEST_ABOVE_GLABELLA;
  h->y_glabella = h->b_front;

  /* Bounds over all directions: the superellipses (exponents >= 2) hold the ellipses of the same
   * half axes and lie in their boxes, and each component of grad rho on the outline is at most
   * 1 / its half axis. */
  const double b_min = MIN(h->b_front, h->b_back), b_max = MAX(h->b_front, h->b_back);
  h->r_edge_min = MIN(h->a, b_min);
  h->r_edge_max = hypot(h->a, b_max);
  h->k_max = h->h_dome * hypot(1.0 / h->a, 1.0 / b_min);
  /* On the outline grad rho . (X, Y) = rho = 1, so |grad rho| >= 1 / r_edge. */
  h->k_min = h->h_dome / h->r_edge_max;
  h->map_radius_max = h->r_edge_max * sqrt(area_integral(0.0, h->k_max));

  /* The straight sides' arc length: chords between close outline points (0.4 mm apart on an
   * average head: the chord sum is within a micrometre of the arc). A top view never sees them. */
  if (p->view == SMP_HEAD_VIEW_TOP)
    return TRUE;
  double pu = 0.0, pv = 0.0, acc = 0.0;
  for (int i = 0; i <= SMP_HEAD_WALL_SAMPLES; i++) {
    double u, v;
    wall_outline(h, wall_phi(i), &u, &v, NULL);
    if (i > 0)
      acc += hypot(u - pu, v - pv);
    h->wall_arc[i] = acc;
    pu = u, pv = v;
  }
  const double front = h->wall_arc[SMP_HEAD_WALL_SAMPLES / 2];
  for (int i = 0; i <= SMP_HEAD_WALL_SAMPLES; i++)
    h->wall_arc[i] -= front;
  return TRUE;
}

void
smp_head_view_position(const SmpHead *h, double x, double y, double *u, double *v)
{
  const double mx = (x - h->p.origin_x) * h->mm_per_px, my = (y - h->p.origin_y) * h->mm_per_px;
  *u = h->cos_a * mx - h->sin_a * my;
  *v = -h->sin_a * mx - h->cos_a * my;
}

void
smp_head_pixel_position(const SmpHead *h, double u, double v, double *x, double *y)
{
  /* The view rotation with its y flip is its own inverse. */
  const double mx = h->cos_a * u - h->sin_a * v, my = -h->sin_a * u - h->cos_a * v;
  *x = h->p.origin_x + mx / h->mm_per_px;
  *y = h->p.origin_y + my / h->mm_per_px;
}

/* Unit vector from the head towards the viewer. */
static void
view_direction(const SmpHead *h, double w[3])
{
  w[0] = w[1] = w[2] = 0.0;
  switch (h->p.view) {
  case SMP_HEAD_VIEW_TOP:
    w[2] = 1.0;
    break;
  case SMP_HEAD_VIEW_FRONT:
    w[1] = 1.0;
    break;
  case SMP_HEAD_VIEW_RIGHT:
    w[0] = 1.0;
    break;
  case SMP_HEAD_VIEW_LEFT:
    w[0] = -1.0;
    break;
  }
}

/* View coordinates of a head-frame vector (no offset). */
static void
project_vector(const SmpHead *h, const double d[3], double *u, double *v)
{
  switch (h->p.view) {
  case SMP_HEAD_VIEW_TOP:
    *u = d[0], *v = d[1];
    break;
  case SMP_HEAD_VIEW_FRONT:
    *u = -d[0], *v = d[2];
    break;
  case SMP_HEAD_VIEW_RIGHT:
    *u = d[1], *v = d[2];
    break;
  case SMP_HEAD_VIEW_LEFT:
    *u = -d[1], *v = d[2];
    break;
  }
}

void
smp_head_project(const SmpHead *h, const double pos[3], double *u, double *v)
{
  project_vector(h, pos, u, v);
  if (h->p.view == SMP_HEAD_VIEW_RIGHT)
    *u -= h->y_glabella;
  else if (h->p.view == SMP_HEAD_VIEW_LEFT)
    *u += h->y_glabella;
}

/* |c| where |c / scale|^n = |rest|: solves one coordinate of the outline norm. */
static double
superellipse_solve(double rest, double n, double scale)
{
  return rest > 0.0 ? scale * pow(rest, 1.0 / n) : 0.0;
}

gboolean
smp_head_surface_at(const SmpHead *h, double u, double v, SmpHeadPoint *pt)
{
  double *p = pt->pos;
  if (h->p.view == SMP_HEAD_VIEW_TOP) {
    double rho = outline_norm(h, u, v, NULL);
    if (rho > 1.0)
      return FALSE;
    p[0] = u, p[1] = v, p[2] = h->z_wide + h->h_dome * sqrt(MAX(1.0 - rho * rho, 0.0));
  } else {
    /* The section at height Z = v is the outline scaled by r. */
    double r = section_scale(h, v);
    if (r < 0.0)
      return FALSE;
    if (h->p.view == SMP_HEAD_VIEW_FRONT) {
      double x = -u, rest = pow(r, h->n_front) - pow(fabs(x) / h->a, h->n_front);
      if (rest < 0.0)
        return FALSE;
      p[0] = x, p[1] = superellipse_solve(rest, h->n_front, h->b_front), p[2] = v;
    } else {
      double y = h->p.view == SMP_HEAD_VIEW_RIGHT ? u + h->y_glabella : h->y_glabella - u;
      gboolean front = y >= 0.0;
      double n = front ? h->n_front : h->n_back, b = front ? h->b_front : h->b_back;
      double rest = pow(r, n) - pow(fabs(y) / b, n);
      if (rest < 0.0)
        return FALSE;
      double x = superellipse_solve(rest, n, h->a);
      p[0] = h->p.view == SMP_HEAD_VIEW_RIGHT ? x : -x, p[1] = y, p[2] = v;
    }
  }
  smp_head_normal(h, p, pt->normal);
  smp_head_point_in_view(h, pt);
  return TRUE;
}

gboolean
smp_head_point_in_view(const SmpHead *h, SmpHeadPoint *pt)
{
  double w[3];
  view_direction(h, w);
  double c = pt->normal[0] * w[0] + pt->normal[1] * w[1] + pt->normal[2] * w[2];
  const gboolean seen = c > 0.0;
  c = CLAMP(c, 0.0, 1.0);
  pt->foreshortening = c;
  pt->slope = acos(c);
  pt->area_factor = c > 0.0 ? 1.0 / c : G_MAXDOUBLE;
  double du = 0.0, dv = 0.0;
  project_vector(h, pt->normal, &du, &dv);
  double len = hypot(du, dv);
  if (len > 1e-12)
    pt->compress_u = du / len, pt->compress_v = dv / len;
  else
    pt->compress_u = 1.0, pt->compress_v = 0.0;
  return seen;
}

/* ---- tapes ---------------------------------------------------------------------------------- */

static void
sub3(const double a[3], const double b[3], double out[3])
{
  out[0] = a[0] - b[0], out[1] = a[1] - b[1], out[2] = a[2] - b[2];
}

static void
cross3(const double a[3], const double b[3], double out[3])
{
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

static double
dot3(const double a[3], const double b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* Arc length of the section from p0 to p1, sampled at `steps` rays from the chord's midpoint. */
static double
section_sum(const SmpHead *h, const double m[3], const double e1[3], const double e2[3],
            const double p0[3], const double p1[3], int steps)
{
  double prev[3] = {p1[0], p1[1], p1[2]}, length = 0.0;
  for (int i = 1; i <= steps; i++) {
    double q[3];
    if (i == steps) {
      memcpy(q, p0, sizeof q);
    } else {
      double phi = G_PI * i / steps, d[3];
      for (int c = 0; c < 3; c++)
        d[c] = cos(phi) * e1[c] + sin(phi) * e2[c];
      smp_head_surface_along(h, m, d, q);
    }
    double diff[3];
    sub3(q, prev, diff);
    length += sqrt(dot3(diff, diff));
    memcpy(prev, q, sizeof prev);
  }
  return length;
}

double
smp_head_section_length(const SmpHead *h, const double p0[3], const double p1[3],
                        const double via[3])
{
  double e1[3], w[3], n[3], e2[3], m[3];
  sub3(p1, p0, e1);
  if (sqrt(dot3(e1, e1)) < 1e-9)
    return 0.0;
  normalize3(e1);
  sub3(via, p0, w);
  cross3(e1, w, n);
  if (sqrt(dot3(n, n)) < 1e-12) {
    /* `via` on the chord's line: any plane; take the one holding the vertical, or X. */
    double z[3] = {0.0, 0.0, 1.0};
    if (fabs(e1[2]) > 0.9)
      z[0] = 1.0, z[2] = 0.0;
    cross3(e1, z, n);
  }
  normalize3(n);
  cross3(n, e1, e2);
  if (dot3(w, e2) < 0.0)
    e2[0] = -e2[0], e2[1] = -e2[1], e2[2] = -e2[2];
  for (int c = 0; c < 3; c++)
    m[c] = 0.5 * (p0[c] + p1[c]);
  /* From p1 (phi = 0, along e1) over the side of e2 to p0 (phi = pi). */
  double fine = section_sum(h, m, e1, e2, p0, p1, SECTION_STEPS);
  double coarse = section_sum(h, m, e1, e2, p0, p1, SECTION_STEPS / 2);
  return fine + (fine - coarse) / 3.0;
}

double
smp_head_tape(const SmpHead *h, const double p0[3], const double p1[3])
{
  double n0[3], n1[3], via[3];
  smp_head_normal(h, p0, n0);
  smp_head_normal(h, p1, n1);
  for (int c = 0; c < 3; c++)
    via[c] = 0.5 * (p0[c] + p1[c]) + 100.0 * (n0[c] + n1[c]);
  return smp_head_section_length(h, p0, p1, via);
}

double
smp_head_tape_between(const SmpHead *h, double u0, double v0, double u1, double v1)
{
  SmpHeadPoint a, b;
  if (!smp_head_surface_at(h, u0, v0, &a) || !smp_head_surface_at(h, u1, v1, &b))
    return -1.0;
  return smp_head_tape(h, a.pos, b.pos);
}

/* Above the widest section the midline is the ellipse Y = b_f cos t, Z = Z_w + H_d sin t in front:
 * arc length from t = 0 to t1 by 16-point Gauss-Legendre on 8 panels (the integrand is smooth:
 * error < 1e-9 mm). */
static double
midline_arc(const SmpHead *h, double t1)
{
  static const double x[8] = {0.0950125098376374, 0.2816035507792589, 0.4580167776572274,
                              0.6178762444026438, 0.7554044083550030, 0.8656312023878318,
                              0.9445750230732326, 0.9894009349916499};
  static const double w[8] = {0.1894506104550685, 0.1826034150449236, 0.1691565193950025,
                              0.1495959888165767, 0.1246289712555339, 0.0951585116824928,
                              0.0622535239386479, 0.0271524594117541};
  const double b = h->b_front, H = h->h_dome;
  double sum = 0.0;
  const int panels = 8;
  for (int p = 0; p < panels; p++) {
    double lo = t1 * p / panels, hi = t1 * (p + 1) / panels, c = 0.5 * (lo + hi),
           r = 0.5 * (hi - lo);
    for (int i = 0; i < 8; i++)
      for (int sgn = -1; sgn <= 1; sgn += 2) {
        double t = c + sgn * r * x[i];
        sum += w[i] * r * sqrt(b * b * sin(t) * sin(t) + H * H * cos(t) * cos(t));
      }
  }
  return sum;
}

double
smp_head_forehead_tape(const SmpHead *h, double height)
{
  /* Straight up the side to the widest section, then over the dome (signed: below the glabella
   * plane negative). */
  double z = fabs(height);
  double tape =
      z <= h->z_wide ? z : h->z_wide + midline_arc(h, asin(MIN((z - h->z_wide) / h->h_dome, 1.0)));
  return copysign(tape, height);
}

double
smp_head_forehead_height(const SmpHead *h, double tape)
{
  double len = fabs(tape);
  if (len <= h->z_wide)
    return tape;
  double lo = 0.0, hi = 0.5 * G_PI;
  if (len - h->z_wide >= midline_arc(h, hi))
    return copysign(h->h, tape);
  for (int i = 0; i < 80; i++) {
    double mid = 0.5 * (lo + hi);
    if (midline_arc(h, mid) < len - h->z_wide)
      lo = mid;
    else
      hi = mid;
  }
  return copysign(h->z_wide + h->h_dome * sin(0.5 * (lo + hi)), tape);
}

/* ---- areas ---------------------------------------------------------------------------------- */

/* Area of the equal-area image of a view-mm quadrilateral (corners in order): the skin area it
 * shows. Corners beyond the outline are pulled onto it along their ray. */
static double
top_quad_skin_area(const SmpHead *h, const double u[4], const double v[4])
{
  double s[4], t[4];
  int inside = 0;
  for (int i = 0; i < 4; i++) {
    double uu = u[i], vv = v[i], rho = outline_norm(h, uu, vv, NULL);
    inside += rho <= 1.0;
    if (rho > 1.0)
      uu /= rho, vv /= rho;
    smp_head_equal_area_forward(h, uu, vv, &s[i], &t[i]);
  }
  if (!inside)
    return 0.0;
  double area = 0.0;
  for (int i = 0; i < 4; i++) {
    int j = (i + 1) % 4;
    area += s[i] * t[j] - s[j] * t[i];
  }
  return 0.5 * fabs(area);
}

/* The silhouette as a convex function of view position, 1 on it, and its centre. */
static double
silhouette_gauge(const SmpHead *h, double u, double v, double grad[2])
{
  if (h->p.view == SMP_HEAD_VIEW_TOP)
    return outline_norm(h, u, v, grad);
  double c, sc;
  if (h->p.view == SMP_HEAD_VIEW_FRONT) {
    c = -u, sc = h->a;
  } else {
    c = h->p.view == SMP_HEAD_VIEW_RIGHT ? u + h->y_glabella : h->y_glabella - u;
    sc = c >= 0.0 ? h->b_front : h->b_back;
  }
  const double x = c / sc, d = MAX(fabs(v) - h->z_wide, 0.0) / h->h_dome, g = hypot(x, d);
  if (grad) {
    /* d g / d u, d g / d v */
    const double du = h->p.view == SMP_HEAD_VIEW_RIGHT ? 1.0 : -1.0;
    grad[0] = g > 0.0 ? x / sc * du / g : 0.0;
    grad[1] = g > 0.0 ? copysign(d / h->h_dome / g, v) : 0.0;
  }
  return g;
}

static double
silhouette_centre_u(const SmpHead *h)
{
  switch (h->p.view) {
  case SMP_HEAD_VIEW_RIGHT:
    return -h->y_glabella;
  case SMP_HEAD_VIEW_LEFT:
    return h->y_glabella;
  default:
    return 0.0;
  }
}

/* The surface point under view position (u, v), or, outside the silhouette, the rim point on the
 * way to the silhouette's centre. Returns whether (u, v) was inside. */
static gboolean
surface_or_rim(const SmpHead *h, double u, double v, double out[3])
{
  SmpHeadPoint pt;
  if (smp_head_surface_at(h, u, v, &pt)) {
    memcpy(out, pt.pos, sizeof pt.pos);
    return TRUE;
  }
  /* The rim on the way to the silhouette's centre: bisection on the silhouette's gauge, then the
   * nearest point inwards where the surface solution exists (rounding can miss it exactly on the
   * rim). */
  const double cu = silhouette_centre_u(h);
  double lo = 0.0, hi = 1.0;
  for (int i = 0; i < 48; i++) {
    double mid = 0.5 * (lo + hi);
    if (silhouette_gauge(h, cu + mid * (u - cu), mid * v, NULL) <= 1.0)
      lo = mid;
    else
      hi = mid;
  }
  SmpHeadPoint rim;
  smp_head_surface_at(h, cu, 0.0, &rim);
  for (double shrink = 1e-12; shrink < 1e-3; shrink *= 10.0) {
    double f = lo * (1.0 - shrink);
    if (smp_head_surface_at(h, cu + f * (u - cu), f * v, &pt)) {
      rim = pt;
      break;
    }
  }
  memcpy(out, rim.pos, sizeof rim.pos);
  return FALSE;
}

/* Skin of a view-mm square (corner u, v; side `side`) from a grid of sub-cells, each two
 * triangles between surface points; sub-cells wholly outside the silhouette count nothing. */
static double
rim_skin_area(const SmpHead *h, double u, double v, double su, double sv, double tu, double tv)
{
  const int n = RIM_SUBCELLS;
  double pos[RIM_SUBCELLS + 1][RIM_SUBCELLS + 1][3];
  gboolean in[RIM_SUBCELLS + 1][RIM_SUBCELLS + 1];
  for (int j = 0; j <= n; j++)
    for (int i = 0; i <= n; i++) {
      double a = (double)i / n, b = (double)j / n;
      in[j][i] = surface_or_rim(h, u + a * su + b * tu, v + a * sv + b * tv, pos[j][i]);
    }
  double area = 0.0;
  for (int j = 0; j < n; j++)
    for (int i = 0; i < n; i++) {
      if (!(in[j][i] || in[j][i + 1] || in[j + 1][i] || in[j + 1][i + 1]))
        continue;
      const double *p00 = pos[j][i], *p10 = pos[j][i + 1], *p11 = pos[j + 1][i + 1],
                   *p01 = pos[j + 1][i];
      double e[3], f[3], c[3];
      sub3(p10, p00, e);
      sub3(p11, p00, f);
      cross3(e, f, c);
      area += 0.5 * sqrt(dot3(c, c));
      sub3(p11, p00, e);
      sub3(p01, p00, f);
      cross3(e, f, c);
      area += 0.5 * sqrt(dot3(c, c));
    }
  return area;
}

double
smp_head_skin_area(const SmpHead *h, int level, int x, int y, int width, int height,
                   const float *mask, int stride)
{
  const double scale = ldexp(1.0, level);
  const double px_mm = scale * h->mm_per_px;
  /* View-mm steps of one pixel along x and along y. */
  double ou, ov, xu, xv, yu, yv;
  smp_head_view_position(h, 0.0, 0.0, &ou, &ov);
  smp_head_view_position(h, scale, 0.0, &xu, &xv);
  smp_head_view_position(h, 0.0, scale, &yu, &yv);
  xu -= ou, xv -= ov, yu -= ou, yv -= ov;
  double total = 0.0;
  for (int j = 0; j < height; j++) {
    double row = 0.0;
    for (int i = 0; i < width; i++) {
      float weight = mask[(gsize)j * stride + i];
      if (!(weight > 0.0f))
        continue;
      double px = (x + i) * scale, py = (y + j) * scale, u, v, area;
      SmpHeadPoint pt;
      smp_head_view_position(h, px + 0.5 * scale, py + 0.5 * scale, &u, &v);
      gboolean inside = smp_head_surface_at(h, u, v, &pt);
      if (inside && pt.area_factor < AREA_FACTOR_SMOOTH) {
        area = pt.area_factor * px_mm * px_mm;
      } else {
        smp_head_view_position(h, px, py, &u, &v);
        if (h->p.view == SMP_HEAD_VIEW_TOP) {
          double cu[4] = {u, u + xu, u + xu + yu, u + yu}, cv[4] = {v, v + xv, v + xv + yv, v + yv};
          area = top_quad_skin_area(h, cu, cv);
        } else {
          area = rim_skin_area(h, u, v, xu, xv, yu, yv);
        }
      }
      row += weight * area;
    }
    total += row;
  }
  return total;
}

/* Half the square of the map's radius at the rim (dome) or of the outline's radius (picture),
 * summed over the turn: the trapezoid rule is spectrally accurate for a smooth periodic
 * integrand. */
static double
turn_area(const SmpHead *h, gboolean dome)
{
  double sum = 0.0;
  for (int i = 0; i < AREA_SAMPLES; i++) {
    double th = 2.0 * G_PI * i / AREA_SAMPLES, r_edge, k;
    ray_constants(h, cos(th), sin(th), &r_edge, &k);
    sum += 0.5 * r_edge * r_edge * (dome ? area_integral(0.0, k) : 1.0);
  }
  return sum * 2.0 * G_PI / AREA_SAMPLES;
}

double
smp_head_dome_area(const SmpHead *h)
{
  return turn_area(h, TRUE);
}

double
smp_head_outline_area(const SmpHead *h)
{
  return turn_area(h, FALSE);
}

/* ---- outlines and fitting ------------------------------------------------------------------- */

void
smp_head_outline_point(const SmpHead *h, double t, double *u, double *v)
{
  const double c = cos(t), s = sin(t);
  const double z = copysign(h->z_wide, s) + h->h_dome * s;
  switch (h->p.view) {
  case SMP_HEAD_VIEW_TOP: {
    double r_edge, k;
    ray_constants(h, c, s, &r_edge, &k);
    *u = r_edge * c, *v = r_edge * s;
    break;
  }
  case SMP_HEAD_VIEW_FRONT:
    *u = h->a * c, *v = z;
    break;
  case SMP_HEAD_VIEW_RIGHT:
  case SMP_HEAD_VIEW_LEFT: {
    double y = (c >= 0.0 ? h->b_front : h->b_back) * c;
    *u = h->p.view == SMP_HEAD_VIEW_RIGHT ? y - h->y_glabella : h->y_glabella - y;
    *v = z;
    break;
  }
  }
}

/* Distance (mm, positive outside) of view point (u, v) from the silhouette, to first order. */
static double
outline_distance(const SmpHead *h, double u, double v)
{
  double grad[2];
  double g = silhouette_gauge(h, u, v, grad), len = hypot(grad[0], grad[1]);
  return len > 0.0 ? (g - 1.0) / len : -1.0;
}

#define FIT_PARAMS 5

/* The fitted parameters of a view: origin, angle and two sizes. */
static double *
fit_slot(SmpHeadParams *p, int i)
{
  double *slots[FIT_PARAMS] = {&p->origin_x, &p->origin_y, &p->angle, &p->width,
                               p->view == SMP_HEAD_VIEW_TOP ? &p->length : &p->height};
  return slots[i];
}

/* Residuals (mm) of all points; FALSE if the parameters leave the model's ranges. */
static gboolean
fit_residuals(const SmpHeadParams *p, const double *x, const double *y, int n, double *res)
{
  SmpHead h;
  if (!smp_head_init(&h, p, NULL))
    return FALSE;
  for (int i = 0; i < n; i++) {
    double u, v;
    smp_head_view_position(&h, x[i], y[i], &u, &v);
    res[i] = outline_distance(&h, u, v);
  }
  return TRUE;
}

static double
sum_squares(const double *r, int n)
{
  double s = 0.0;
  for (int i = 0; i < n; i++)
    s += r[i] * r[i];
  return s;
}

/* Solves the k x k system a x = b in place (Gaussian elimination, partial pivoting). */
static gboolean
solve_linear(double a[FIT_PARAMS][FIT_PARAMS], double b[FIT_PARAMS], int k)
{
  for (int c = 0; c < k; c++) {
    int piv = c;
    for (int r = c + 1; r < k; r++)
      if (fabs(a[r][c]) > fabs(a[piv][c]))
        piv = r;
    if (!(fabs(a[piv][c]) > 1e-300))
      return FALSE;
    for (int j = 0; j < k; j++) {
      double t = a[c][j];
      a[c][j] = a[piv][j];
      a[piv][j] = t;
    }
    double t = b[c];
    b[c] = b[piv];
    b[piv] = t;
    for (int r = c + 1; r < k; r++) {
      double f = a[r][c] / a[c][c];
      for (int j = c; j < k; j++)
        a[r][j] -= f * a[c][j];
      b[r] -= f * b[c];
    }
  }
  for (int c = k - 1; c >= 0; c--) {
    for (int j = c + 1; j < k; j++)
      b[c] -= a[c][j] * b[j];
    b[c] /= a[c][c];
  }
  return TRUE;
}

double
smp_head_fit_outline(SmpHeadParams *fit, const double *x, const double *y, int n, GError **error)
{
  if (n < FIT_PARAMS + 1) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "an outline fit needs at least %d points (got %d)", FIT_PARAMS + 1, n);
    return -1.0;
  }
  SmpHead check;
  if (!smp_head_init(&check, fit, error))
    return -1.0;
  for (int i = 0; i < n; i++)
    if (!isfinite(x[i]) || !isfinite(y[i])) {
      g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE, "outline point %d is not finite", i);
      return -1.0;
    }

  /* Levenberg-Marquardt with central-difference derivatives. */
  const double step[FIT_PARAMS] = {0.01, 0.01, 1e-4, 0.01, 0.01};
  double *res = g_new(double, n), *trial = g_new(double, n), *jac = g_new(double, n *FIT_PARAMS);
  double *plus = g_new(double, n), *minus = g_new(double, n);
  SmpHeadParams cur = *fit;
  fit_residuals(&cur, x, y, n, res);
  double cost = sum_squares(res, n), lambda = 1e-3;
  gboolean done = FALSE;
  for (int iter = 0; iter < 200 && !done; iter++) {
    for (int j = 0; j < FIT_PARAMS; j++) {
      SmpHeadParams a = cur, b = cur;
      *fit_slot(&a, j) += step[j];
      *fit_slot(&b, j) -= step[j];
      if (!fit_residuals(&a, x, y, n, plus) || !fit_residuals(&b, x, y, n, minus))
        for (int i = 0; i < n; i++)
          plus[i] = minus[i] = res[i];
      for (int i = 0; i < n; i++)
        jac[i * FIT_PARAMS + j] = (plus[i] - minus[i]) / (2.0 * step[j]);
    }
    double jtj[FIT_PARAMS][FIT_PARAMS] = {{0}}, jtr[FIT_PARAMS] = {0};
    for (int i = 0; i < n; i++)
      for (int a = 0; a < FIT_PARAMS; a++) {
        jtr[a] -= jac[i * FIT_PARAMS + a] * res[i];
        for (int b = 0; b < FIT_PARAMS; b++)
          jtj[a][b] += jac[i * FIT_PARAMS + a] * jac[i * FIT_PARAMS + b];
      }
    gboolean improved = FALSE;
    for (int tries = 0; tries < 12 && !improved; tries++) {
      double m[FIT_PARAMS][FIT_PARAMS], d[FIT_PARAMS];
      memcpy(m, jtj, sizeof m);
      memcpy(d, jtr, sizeof d);
      for (int a = 0; a < FIT_PARAMS; a++)
        m[a][a] += lambda * (jtj[a][a] + 1e-9);
      if (solve_linear(m, d, FIT_PARAMS)) {
        SmpHeadParams next = cur;
        for (int a = 0; a < FIT_PARAMS; a++)
          *fit_slot(&next, a) += d[a];
        if (fit_residuals(&next, x, y, n, trial)) {
          double next_cost = sum_squares(trial, n);
          if (next_cost < cost) {
            improved = TRUE;
            double gain = cost - next_cost;
            cur = next;
            memcpy(res, trial, sizeof(double) * n);
            cost = next_cost;
            lambda = MAX(lambda * 0.3, 1e-12);
            done = gain < 1e-14 * (1.0 + cost);
          }
        }
      }
      if (!improved)
        lambda *= 10.0;
    }
    done = done || !improved;
  }
  g_free(res), g_free(trial), g_free(jac), g_free(plus), g_free(minus);
  *fit = cur;
  return sqrt(cost / n);
}
