/* The band template: the hairline's band of skin developed onto paper (docs/head-model.md, "The
 * band template"). */
#include "smp-head-band.h"

#include "smp-head-private.h"

/* Spacing (mm) of the view positions a line is sampled at on its way onto the skin, of the
 * centre line's samples on the skin, and of the steps of a geodesic across the band: on a head
 * (radii of curvature above 40 mm) each keeps lengths within a micrometre. */
#define VIEW_STEP 0.2
#define SKIN_STEP 0.25
#define GEODESIC_STEP 0.25
/* Lines across the band over which the distortion is measured and the scale balanced. */
#define DISTORTION_LINES 5

typedef double Vec3[3];

struct _SmpHeadBand {
  const SmpHead *head;
  int n;               /* samples of the centre line, SKIN_STEP apart or a little less */
  double step;         /* arc length between samples */
  double length;       /* of the centre line on the skin */
  double half_width;   /* */
  double scale;        /* the template's scale along the band (balances the edges' error) */
  double (*pos)[3];    /* centre line on the skin */
  double (*across)[3]; /* unit tangent of the skin at right angles to the line, towards +d */
  double *x, *y;       /* the developed centre line on the template, before `scale` */
  double *theta;       /* its direction (radians) */
};

/* The surface point on the ray from the head's centre through p: p moved onto the skin. */
static void
onto_skin(const SmpHead *h, const double p[3], double out[3])
{
  const double centre[3] = {0.0, 0.0, 0.0};
  smp_head_surface_along(h, centre, p, out);
}

/* `dir` less its component along the unit normal n, normalised. */
static void
tangential(double dir[3], const double n[3])
{
  const double along = smp_head_dot3(dir, n);
  for (int c = 0; c < 3; c++)
    dir[c] -= along * n[c];
  smp_head_normalize3(dir);
}

/* The line on the skin, densely: the surface points under view positions VIEW_STEP apart.
 * Returns the number of points (in *out, g_free it), or 0 when a position is off the head. */
static int
dense_skin_line(const SmpHead *h, const double *u, const double *v, int n, double (**out)[3])
{
  GArray *points = g_array_new(FALSE, FALSE, sizeof(Vec3));
  for (int i = 0; i + 1 < n; i++) {
    const int pieces = MAX(1, (int)ceil(hypot(u[i + 1] - u[i], v[i + 1] - v[i]) / VIEW_STEP));
    for (int k = i == 0 ? 0 : 1; k <= pieces; k++) {
      const double t = (double)k / pieces;
      SmpHeadPoint pt;
      if (!smp_head_surface_at(h, u[i] + t * (u[i + 1] - u[i]), v[i] + t * (v[i + 1] - v[i]),
                               &pt)) {
        g_array_free(points, TRUE);
        return 0;
      }
      g_array_append_vals(points, pt.pos, 1);
    }
  }
  const int count = (int)points->len;
  *out = (double(*)[3])g_array_free(points, FALSE);
  return count;
}

/* Resamples the dense line at even arc lengths on the skin: the centre line's samples. */
static void
resample(SmpHeadBand *b, double (*dense)[3], int m)
{
  double *arc = g_new(double, m);
  arc[0] = 0.0;
  for (int i = 1; i < m; i++) {
    double d[3];
    smp_head_sub3(dense[i], dense[i - 1], d);
    arc[i] = arc[i - 1] + sqrt(smp_head_dot3(d, d));
  }
  b->length = arc[m - 1];
  b->n = (int)ceil(b->length / SKIN_STEP) + 1;
  b->step = b->length / (b->n - 1);
  b->pos = g_new(Vec3, b->n);
  for (int k = 0, i = 0; k < b->n; k++) {
    const double s = MIN(k * b->step, b->length);
    while (i + 2 < m && arc[i + 1] < s)
      i++;
    const double span = arc[i + 1] - arc[i], t = span > 0.0 ? (s - arc[i]) / span : 0.0;
    double p[3];
    for (int c = 0; c < 3; c++)
      p[c] = dense[i][c] + t * (dense[i + 1][c] - dense[i][c]);
    onto_skin(b->head, p, b->pos[k]);
  }
  g_free(arc);
}

/* Across directions, geodesic curvature and the development of the centre line: the plane curve
 * turning by the geodesic curvature, which keeps the line's length and bending within the skin. */
static void
develop(SmpHeadBand *b)
{
  const int n = b->n;
  double(*tangent)[3] = g_new(Vec3, n);
  double *curvature = g_new(double, n);
  b->across = g_new(Vec3, n);
  for (int k = 0; k < n; k++) {
    const int lo = MAX(k - 1, 0), hi = MIN(k + 1, n - 1);
    double normal[3];
    smp_head_sub3(b->pos[hi], b->pos[lo], tangent[k]);
    smp_head_normal(b->head, b->pos[k], normal);
    tangential(tangent[k], normal);
    smp_head_cross3(normal, tangent[k], b->across[k]);
  }
  for (int k = 0; k < n; k++) {
    const int lo = CLAMP(k - 1, 0, n - 3), hi = lo + 2;
    double turn[3];
    smp_head_sub3(tangent[hi], tangent[lo], turn);
    curvature[k] = smp_head_dot3(turn, b->across[k]) / ((hi - lo) * b->step);
  }
  b->x = g_new(double, n);
  b->y = g_new(double, n);
  b->theta = g_new(double, n);
  b->x[0] = b->y[0] = b->theta[0] = 0.0;
  for (int k = 1; k < n; k++) {
    b->theta[k] = b->theta[k - 1] + 0.5 * b->step * (curvature[k - 1] + curvature[k]);
    const double mid = 0.5 * (b->theta[k - 1] + b->theta[k]);
    b->x[k] = b->x[k - 1] + b->step * cos(mid);
    b->y[k] = b->y[k - 1] + b->step * sin(mid);
  }
  /* Lay the band along the page: its ends on the x axis. */
  const double turn = -atan2(b->y[n - 1], b->x[n - 1]), c = cos(turn), s = sin(turn);
  for (int k = 0; k < n; k++) {
    const double x = b->x[k], y = b->y[k];
    b->x[k] = c * x - s * y, b->y[k] = s * x + c * y, b->theta[k] += turn;
  }
  g_free(tangent);
  g_free(curvature);
}

/* Sample index and fraction of arc length s (clamped). */
static int
locate(const SmpHeadBand *b, double s, double *t)
{
  const double f = CLAMP(s, 0.0, b->length) / b->step;
  const int k = CLAMP((int)floor(f), 0, b->n - 2);
  *t = f - k;
  return k;
}

void
smp_head_band_template(const SmpHeadBand *b, double s, double d, double *x, double *y)
{
  double t;
  const int k = locate(b, s, &t);
  const double theta = b->theta[k] + t * (b->theta[k + 1] - b->theta[k]);
  *x = b->scale * (b->x[k] + t * (b->x[k + 1] - b->x[k])) - d * sin(theta);
  *y = b->scale * (b->y[k] + t * (b->y[k + 1] - b->y[k])) + d * cos(theta);
}

void
smp_head_band_skin(const SmpHeadBand *b, double s, double d, double pos[3])
{
  double t, p[3], dir[3], normal[3];
  const int k = locate(b, s, &t);
  for (int c = 0; c < 3; c++) {
    p[c] = b->pos[k][c] + t * (b->pos[k + 1][c] - b->pos[k][c]);
    dir[c] = b->across[k][c] + t * (b->across[k + 1][c] - b->across[k][c]);
  }
  onto_skin(b->head, p, pos);
  /* A geodesic across the band: straight steps, each put back on the skin and its direction
   * turned into the tangent plane there. */
  double left = fabs(d);
  const double sign = d < 0.0 ? -1.0 : 1.0;
  smp_head_normal(b->head, pos, normal);
  tangential(dir, normal);
  while (left > 1e-9) {
    const double h = MIN(GEODESIC_STEP, left);
    double q[3], next[3], moved[3];
    for (int c = 0; c < 3; c++)
      q[c] = pos[c] + sign * h * dir[c];
    onto_skin(b->head, q, next);
    smp_head_sub3(next, pos, moved);
    left -= sqrt(smp_head_dot3(moved, moved));
    for (int c = 0; c < 3; c++)
      dir[c] = sign * moved[c];
    smp_head_normal(b->head, next, normal);
    tangential(dir, normal);
    memcpy(pos, next, sizeof next);
  }
}

void
smp_head_band_view(const SmpHeadBand *b, double s, double d, double *u, double *v)
{
  double pos[3];
  smp_head_band_skin(b, s, d, pos);
  smp_head_project(b->head, pos, u, v);
}

/* For each of the lines across the band (d from -w to w), the largest difference between the
 * template's and the skin's length from the start, and the mean over the two edges of the
 * difference at the end. */
static double
measure(const SmpHeadBand *b, double *edge_excess)
{
  double worst = 0.0;
  *edge_excess = 0.0;
  for (int j = 0; j < DISTORTION_LINES; j++) {
    const double d = b->half_width * (2.0 * j / (DISTORTION_LINES - 1) - 1.0);
    double on_paper = 0.0, on_skin = 0.0, px = 0.0, py = 0.0, prev[3] = {0.0, 0.0, 0.0};
    for (int k = 0; k < b->n; k++) {
      double x, y, p[3], diff[3];
      smp_head_band_template(b, k * b->step, d, &x, &y);
      smp_head_band_skin(b, k * b->step, d, p);
      if (k > 0) {
        smp_head_sub3(p, prev, diff);
        on_skin += sqrt(smp_head_dot3(diff, diff));
        on_paper += hypot(x - px, y - py);
        worst = MAX(worst, fabs(on_paper - on_skin));
      }
      px = x, py = y;
      memcpy(prev, p, sizeof p);
    }
    if (j == 0 || j == DISTORTION_LINES - 1)
      *edge_excess += 0.5 * (on_paper - on_skin);
  }
  return worst;
}

SmpHeadBand *
smp_head_band_new(const SmpHead *head, const double *u, const double *v, int n, double half_width,
                  GError **error)
{
  if (n < 2 || !(half_width >= 0.0 && half_width <= 50.0)) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "a band needs at least 2 line points and a half width of 0..50 mm (got %d, %g)", n,
                half_width);
    return NULL;
  }
  double(*dense)[3] = NULL;
  const int m = dense_skin_line(head, u, v, n, &dense);
  if (m == 0) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "the band's line leaves the head as the view sees it");
    return NULL;
  }
  SmpHeadBand *b = g_new0(SmpHeadBand, 1);
  b->head = head;
  b->half_width = half_width;
  b->scale = 1.0;
  resample(b, dense, m);
  g_free(dense);
  if (!(b->length >= 1.0)) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "the band's line is %.2f mm long on the skin, less than 1 mm", b->length);
    smp_head_band_free(b);
    return NULL;
  }
  develop(b);
  /* The edges run longer on paper than on the skin by about K w² / 2 per unit length (K the
   * Gaussian curvature); a scale along the band splits that between centre and edges. */
  double edge_excess;
  measure(b, &edge_excess);
  b->scale = 1.0 - 0.5 * edge_excess / b->length;
  return b;
}

void
smp_head_band_free(SmpHeadBand *b)
{
  if (!b)
    return;
  g_free(b->pos);
  g_free(b->across);
  g_free(b->x);
  g_free(b->y);
  g_free(b->theta);
  g_free(b);
}

double
smp_head_band_length(const SmpHeadBand *b)
{
  return b->length;
}

double
smp_head_band_half_width(const SmpHeadBand *b)
{
  return b->half_width;
}

double
smp_head_band_distortion(const SmpHeadBand *b)
{
  double edge_excess;
  return measure(b, &edge_excess);
}
