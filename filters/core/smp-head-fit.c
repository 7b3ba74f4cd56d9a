/* Outlines of the head model's views, and fitting the model to outline points of a photo. */
#include "smp-head-private.h"

/* ---- outlines and fitting ------------------------------------------------------------------- */

void
smp_head_outline_point(const SmpHead *h, double t, double *u, double *v)
{
  const double c = cos(t), s = sin(t);
  const double z = copysign(h->z_wide, s) + h->h_dome * s;
  switch (h->p.view) {
  case SMP_HEAD_VIEW_TOP: {
    double r_edge, k;
    smp_head_ray_constants(h, c, s, &r_edge, &k);
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
  double g = smp_head_silhouette_gauge(h, u, v, grad), len = hypot(grad[0], grad[1]);
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

/* Central-difference Jacobian (n x FIT_PARAMS, row-major) of the residuals at `cur`; where a step
 * leaves the model's ranges the column is left flat. */
static void
fit_jacobian(const SmpHeadParams *cur, const double *x, const double *y, int n, const double *res,
             double *jac, double *plus, double *minus)
{
  static const double step[FIT_PARAMS] = {0.01, 0.01, 1e-4, 0.01, 0.01};
  for (int j = 0; j < FIT_PARAMS; j++) {
    SmpHeadParams a = *cur, b = *cur;
    *fit_slot(&a, j) += step[j];
    *fit_slot(&b, j) -= step[j];
    if (!fit_residuals(&a, x, y, n, plus) || !fit_residuals(&b, x, y, n, minus))
      for (int i = 0; i < n; i++)
        plus[i] = minus[i] = res[i];
    for (int i = 0; i < n; i++)
      jac[i * FIT_PARAMS + j] = (plus[i] - minus[i]) / (2.0 * step[j]);
  }
}

/* One Levenberg-Marquardt iteration: damped Gauss-Newton steps from `cur`, raising the damping
 * until one lowers the cost. Updates cur, res, cost and lambda; FALSE when no step helps, and
 * `converged` when the gain is negligible. */
static gboolean
fit_iteration(SmpHeadParams *cur, const double *x, const double *y, int n, double *res,
              double *cost, double *lambda, const double *jac, double *trial, gboolean *converged)
{
  double jtj[FIT_PARAMS][FIT_PARAMS] = {{0}}, jtr[FIT_PARAMS] = {0};
  for (int i = 0; i < n; i++)
    for (int a = 0; a < FIT_PARAMS; a++) {
      jtr[a] -= jac[i * FIT_PARAMS + a] * res[i];
      for (int b = 0; b < FIT_PARAMS; b++)
        jtj[a][b] += jac[i * FIT_PARAMS + a] * jac[i * FIT_PARAMS + b];
    }
  for (int tries = 0; tries < 12; tries++) {
    double m[FIT_PARAMS][FIT_PARAMS], d[FIT_PARAMS];
    memcpy(m, jtj, sizeof m);
    memcpy(d, jtr, sizeof d);
    for (int a = 0; a < FIT_PARAMS; a++)
      m[a][a] += *lambda * (jtj[a][a] + 1e-9);
    if (solve_linear(m, d, FIT_PARAMS)) {
      SmpHeadParams next = *cur;
      for (int a = 0; a < FIT_PARAMS; a++)
        *fit_slot(&next, a) += d[a];
      if (fit_residuals(&next, x, y, n, trial)) {
        double next_cost = sum_squares(trial, n);
        if (next_cost < *cost) {
          double gain = *cost - next_cost;
          *cur = next;
          memcpy(res, trial, sizeof(double) * n);
          *cost = next_cost;
          *lambda = MAX(*lambda * 0.3, 1e-12);
          *converged = gain < 1e-14 * (1.0 + next_cost);
          return TRUE;
        }
      }
    }
    *lambda *= 10.0;
  }
  return FALSE;
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
  double *res = g_new(double, n), *trial = g_new(double, n), *jac = g_new(double, n *FIT_PARAMS);
  double *plus = g_new(double, n), *minus = g_new(double, n);
  SmpHeadParams cur = *fit;
  fit_residuals(&cur, x, y, n, res);
  double cost = sum_squares(res, n), lambda = 1e-3;
  gboolean converged = FALSE;
  for (int iter = 0; iter < 200 && !converged; iter++) {
    fit_jacobian(&cur, x, y, n, res, jac, plus, minus);
    if (!fit_iteration(&cur, x, y, n, res, &cost, &lambda, jac, trial, &converged))
      break;
  }
  g_free(res), g_free(trial), g_free(jac), g_free(plus), g_free(minus);
  *fit = cur;
  return sqrt(cost / n);
}
