/* Tape lengths along the head surface: plane sections, and the forehead's midline. */
#include "smp-head-private.h"

/* Steps of the arc-length sums along plane sections (Richardson-extrapolated from two step
 * counts: error far below a micrometre on a head). */
#define SECTION_STEPS 2048

/* ---- tapes ---------------------------------------------------------------------------------- */

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
    smp_head_sub3(q, prev, diff);
    length += sqrt(smp_head_dot3(diff, diff));
    memcpy(prev, q, sizeof prev);
  }
  return length;
}

double
smp_head_section_length(const SmpHead *h, const double p0[3], const double p1[3],
                        const double via[3])
{
  double e1[3], w[3], n[3], e2[3], m[3];
  smp_head_sub3(p1, p0, e1);
  if (sqrt(smp_head_dot3(e1, e1)) < 1e-9)
    return 0.0;
  smp_head_normalize3(e1);
  smp_head_sub3(via, p0, w);
  smp_head_cross3(e1, w, n);
  if (sqrt(smp_head_dot3(n, n)) < 1e-12) {
    /* `via` on the chord's line: any plane; take the one holding the vertical, or X. */
    double z[3] = {0.0, 0.0, 1.0};
    if (fabs(e1[2]) > 0.9)
      z[0] = 1.0, z[2] = 0.0;
    smp_head_cross3(e1, z, n);
  }
  smp_head_normalize3(n);
  smp_head_cross3(n, e1, e2);
  if (smp_head_dot3(w, e2) < 0.0)
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

/* The tape across the forehead between (-w/2, v) and (w/2, v) of a front view. */
static double
tape_across(const SmpHead *front, double w, double v)
{
  return smp_head_tape_between(front, -0.5 * w, v, 0.5 * w, v);
}

gboolean
smp_head_design_from_skin(const SmpHeadParams *head, double *height, double *temple,
                          double *recession, GError **error)
{
  SmpHeadParams p = *head;
  p.view = SMP_HEAD_VIEW_FRONT;
  SmpHead *front = g_new(SmpHead, 1);
  gboolean ok = smp_head_init(front, &p, error);
  const double top = ok ? smp_head_forehead_tape(front, front->h) : 0.0;
  if (ok && !(*height >= 0.0 && *height < top)) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "hairline-height: %g mm of tape up the forehead reaches past the top of the head "
                "(%.1f mm of tape)",
                *height, top);
    ok = FALSE;
  } else if (ok && !(*recession >= 0.0 && *height + *recession < top)) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "recession: the frontotemporal angles %g mm of tape above the mid-frontal point "
                "lie past the top of the head (%.1f mm of tape from the glabella)",
                *recession, top);
    ok = FALSE;
  }
  if (ok) {
    const double mid = smp_head_forehead_height(front, *height);
    const double angles = smp_head_forehead_height(front, *height + *recession);
    /* The widest the angles can be at their height: just inside the silhouette. */
    const double widest = 2.0 * front->a * smp_head_section_scale(front, angles) * (1.0 - 1e-9);
    const double most = tape_across(front, widest, angles);
    if (!(*temple > 0.0 && *temple <= most)) {
      g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                  "temple-width: %g mm of tape between the frontotemporal angles does not fit "
                  "across the forehead at their height (at most %.1f mm)",
                  *temple, most);
      ok = FALSE;
    } else {
      /* The tape grows with the picture width: bisection. */
      double lo = 0.0, hi = widest;
      for (int i = 0; i < 40; i++) {
        const double w = 0.5 * (lo + hi);
        if (tape_across(front, w, angles) < *temple)
          lo = w;
        else
          hi = w;
      }
      *height = mid;
      *temple = 0.5 * (lo + hi);
      *recession = angles - mid;
    }
  }
  g_free(front);
  return ok;
}
