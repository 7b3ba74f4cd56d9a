/* The head surface model: parameters, the surface, set-up, views and projections. The model, its
 * parameters and their sources: docs/head-model.md. */
#include "smp-head-private.h"

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
      .width = SMP_HEAD_WIDTH_DEFAULT,
      .length = SMP_HEAD_LENGTH_DEFAULT,
      .height = SMP_HEAD_HEIGHT_DEFAULT,
  };
}

/* ---- the surface ---------------------------------------------------------------------------- */

/* rho(X, Y): the superellipse norm whose unit curve is the top-view outline; `grad` (optional)
 * receives its gradient, which depends only on the direction of (X, Y). */
double
smp_head_outline_norm(const SmpHead *h, double x, double y, double grad[2])
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
  const double rho = smp_head_outline_norm(h, p[0], p[1], grad ? g2 : NULL);
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
double
smp_head_section_scale(const SmpHead *h, double z)
{
  double zh = MAX(fabs(z) - h->z_wide, 0.0) / h->h_dome;
  return zh > 1.0 ? -1.0 : sqrt(1.0 - zh * zh);
}

void
smp_head_normal(const SmpHead *h, const double pos[3], double normal[3])
{
  gauge(h, pos, normal);
  smp_head_normalize3(normal);
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
  h->map_radius_max = h->r_edge_max * sqrt(smp_head_area_integral(0.0, h->k_max));

  /* The straight sides' arc length: chords between close outline points (0.4 mm apart on an
   * average head: the chord sum is within a micrometre of the arc). A top view never sees them. */
  if (p->view == SMP_HEAD_VIEW_TOP)
    return TRUE;
  double pu = 0.0, pv = 0.0, acc = 0.0;
  for (int i = 0; i <= SMP_HEAD_WALL_SAMPLES; i++) {
    double u, v;
    smp_head_wall_outline(h, smp_head_wall_phi(i), &u, &v, NULL);
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
    double rho = smp_head_outline_norm(h, u, v, NULL);
    if (rho > 1.0)
      return FALSE;
    p[0] = u, p[1] = v, p[2] = h->z_wide + h->h_dome * sqrt(MAX(1.0 - rho * rho, 0.0));
  } else {
    /* The section at height Z = v is the outline scaled by r. */
    double r = smp_head_section_scale(h, v);
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
