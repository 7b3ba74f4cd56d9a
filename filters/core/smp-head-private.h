/* The head model's private parts, shared by its files: the surface and views (smp-head.c), the
 * equal-area map and skin coordinates (smp-head-map.c), tapes (smp-head-tape.c), areas
 * (smp-head-area.c) and outline fitting (smp-head-fit.c). The model: docs/head-model.md. */
#pragma once
#include "smp-head.h"

#include <math.h>
#include <string.h>

#define MM_PER_INCH 25.4
#define DEG (G_PI / 180.0)

/* rho(X, Y): the superellipse norm whose unit curve is the top-view outline; `grad` (optional)
 * receives its gradient, which depends only on the direction of (X, Y). */
double smp_head_outline_norm(const SmpHead *h, double x, double y, double grad[2]);

/* The horizontal section at height z is the outline scaled by this; -1 above or below the head. */
double smp_head_section_scale(const SmpHead *h, double z);

/* The equal-area map along a ray (smp-head-map.c): G(t, k) and F(t0, k) = 2 (G(1) - G(t0)), and
 * the outline radius and k in the direction of the unit vector (cx, cy). */
double smp_head_primitive(double t, double k);
double smp_head_area_integral(double t0, double k);
void smp_head_ray_constants(const SmpHead *h, double cx, double cy, double *r_edge, double *k);

/* The outline point (X, Y) at angle phi about the vertex from the front of the midline, towards
 * the person's right, and the outward unit normal there (may be NULL). */
void smp_head_wall_outline(const SmpHead *h, double phi, double *x, double *y, double normal[2]);

/* The silhouette as a convex function of view position, 1 on it; `grad` (optional) receives its
 * gradient. */
double smp_head_silhouette_gauge(const SmpHead *h, double u, double v, double grad[2]);

/* Angle phi of wall table entry i (-pi at the back, through the left side, 0 in front, the right
 * side, pi). */
static inline double
smp_head_wall_phi(int i)
{
  return -G_PI + 2.0 * G_PI * i / SMP_HEAD_WALL_SAMPLES;
}

static inline void
smp_head_normalize3(double v[3])
{
  const double len = sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  if (len > 0.0)
    v[0] /= len, v[1] /= len, v[2] /= len;
}

static inline void
smp_head_sub3(const double a[3], const double b[3], double out[3])
{
  out[0] = a[0] - b[0], out[1] = a[1] - b[1], out[2] = a[2] - b[2];
}

static inline void
smp_head_cross3(const double a[3], const double b[3], double out[3])
{
  out[0] = a[1] * b[2] - a[2] * b[1];
  out[1] = a[2] * b[0] - a[0] * b[2];
  out[2] = a[0] * b[1] - a[1] * b[0];
}

static inline double
smp_head_dot3(const double a[3], const double b[3])
{
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
