/* Skin areas of the head model: of a mask's pixels, of the dome and of its top-view outline. */
#include "smp-head-private.h"

/* Directions summed for the dome's and the outline's areas. */
#define AREA_SAMPLES 4096

/* Skin area of a pixel: its centre's area factor times its area where the slope is gentle (below
 * 1 / cos 70 deg the factor hardly changes across a pixel); steeper, the skin of a grid of
 * sub-cells, which follows the factor's growth towards the rim. */
#define AREA_FACTOR_SMOOTH 2.9
#define RIM_SUBCELLS 8

/* ---- areas ---------------------------------------------------------------------------------- */

/* Area of the equal-area image of a view-mm quadrilateral (corners in order): the skin area it
 * shows. Corners beyond the outline are pulled onto it along their ray. */
static double
top_quad_skin_area(const SmpHead *h, const double u[4], const double v[4])
{
  double s[4], t[4];
  int inside = 0;
  for (int i = 0; i < 4; i++) {
    double uu = u[i], vv = v[i], rho = smp_head_outline_norm(h, uu, vv, NULL);
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
double
smp_head_silhouette_gauge(const SmpHead *h, double u, double v, double grad[2])
{
  if (h->p.view == SMP_HEAD_VIEW_TOP)
    return smp_head_outline_norm(h, u, v, grad);
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
    if (smp_head_silhouette_gauge(h, cu + mid * (u - cu), mid * v, NULL) <= 1.0)
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
      smp_head_sub3(p10, p00, e);
      smp_head_sub3(p11, p00, f);
      smp_head_cross3(e, f, c);
      area += 0.5 * sqrt(smp_head_dot3(c, c));
      smp_head_sub3(p11, p00, e);
      smp_head_sub3(p01, p00, f);
      smp_head_cross3(e, f, c);
      area += 0.5 * sqrt(smp_head_dot3(c, c));
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
    smp_head_ray_constants(h, cos(th), sin(th), &r_edge, &k);
    sum += 0.5 * r_edge * r_edge * (dome ? smp_head_area_integral(0.0, k) : 1.0);
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
