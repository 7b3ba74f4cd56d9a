/* Unit tests of the head surface model: views, the equal-area map, areas, tapes and outline
 * fitting, each checked against an independent computation. */
#include "smp-hairline.h"
#include "smp-head.h"

#include <math.h>
#include <string.h>

static SmpHead
head_for(SmpHeadView view)
{
  SmpHeadParams p;
  smp_head_params_init(&p);
  p.view = view;
  SmpHead h;
  GError *error = NULL;
  g_assert_true(smp_head_init(&h, &p, &error));
  g_assert_no_error(error);
  return h;
}

/* The dome, sampled independently of the model's code: the section at height Z_w + H_d sin(phi)
 * is the outline scaled by cos(phi). */
static void
surface_sample(const SmpHead *h, double theta, double phi, double out[3])
{
  SmpHead top = *h;
  top.p.view = SMP_HEAD_VIEW_TOP;
  double u, v;
  smp_head_outline_point(&top, theta, &u, &v);
  out[0] = u * cos(phi), out[1] = v * cos(phi), out[2] = h->z_wide + h->h_dome * sin(phi);
}

/* Length of the outline from angle t0 to t1. */
static double
outline_length(const SmpHead *h, double t0, double t1)
{
  SmpHead top = *h;
  top.p.view = SMP_HEAD_VIEW_TOP;
  double length = 0.0, pu, pv;
  smp_head_outline_point(&top, t0, &pu, &pv);
  for (int i = 1; i <= 20000; i++) {
    double u, v;
    smp_head_outline_point(&top, t0 + (t1 - t0) * i / 20000, &u, &v);
    length += hypot(u - pu, v - pv);
    pu = u, pv = v;
  }
  return length;
}

static double
triangle_area(const double a[3], const double b[3], const double c[3])
{
  double e[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]},
         f[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
  double x = e[1] * f[2] - e[2] * f[1], y = e[2] * f[0] - e[0] * f[2],
         z = e[0] * f[1] - e[1] * f[0];
  return 0.5 * sqrt(x * x + y * y + z * z);
}

/* Skin area of the dome above the widest section, from a fine triangulation. */
static double
triangulated_dome_area(const SmpHead *h)
{
  const int nt = 1200, np = 600;
  double area = 0.0;
  for (int i = 0; i < nt; i++)
    for (int j = 0; j < np; j++) {
      double t0 = 2.0 * G_PI * i / nt, t1 = 2.0 * G_PI * (i + 1) / nt;
      double f0 = 0.5 * G_PI * j / np, f1 = 0.5 * G_PI * (j + 1) / np;
      double a[3], b[3], c[3], d[3];
      surface_sample(h, t0, f0, a);
      surface_sample(h, t1, f0, b);
      surface_sample(h, t1, f1, c);
      surface_sample(h, t0, f1, d);
      area += triangle_area(a, b, c) + triangle_area(a, c, d);
    }
  return area;
}

static void
test_params(void)
{
  SmpHeadParams p;
  SmpHead h;
  GError *error = NULL;
  smp_head_params_init(&p);
  p.height = 30.0;
  g_assert_false(smp_head_init(&h, &p, &error));
  g_assert_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE);
  g_assert_nonnull(strstr(error->message, "head-height"));
  g_clear_error(&error);
  smp_head_params_init(&p);
  p.width = NAN;
  g_assert_false(smp_head_init(&h, &p, &error));
  g_assert_nonnull(strstr(error->message, "head-width"));
  g_clear_error(&error);
  smp_head_params_init(&p);
  p.view = (SmpHeadView)9;
  g_assert_false(smp_head_init(&h, &p, &error));
  g_clear_error(&error);
}

/* Pixel and view positions are inverse; a 300 ppi pixel is 25.4 / 300 mm. */
/* The hairline core and the head model take the same head sizes: both accept the range's ends and
 * both reject just outside them, naming the size. */
static void
test_shared_ranges(void)
{
  const struct {
    const char *name;
    double lo, hi;
  } sizes[] = {{"head-width", SMP_HEAD_WIDTH_MIN, SMP_HEAD_WIDTH_MAX},
               {"head-length", SMP_HEAD_LENGTH_MIN, SMP_HEAD_LENGTH_MAX}};
  for (gsize k = 0; k < G_N_ELEMENTS(sizes); k++) {
    const double values[4] = {sizes[k].lo - 0.5, sizes[k].lo, sizes[k].hi, sizes[k].hi + 0.5};
    for (int i = 0; i < 4; i++) {
      SmpHeadParams hp;
      SmpHairlineParams lp;
      smp_head_params_init(&hp);
      smp_hairline_params_init(&lp);
      g_assert_cmpfloat(hp.width, ==, lp.head_width);
      g_assert_cmpfloat(hp.length, ==, lp.head_length);
      if (k == 0)
        hp.width = lp.head_width = values[i];
      else
        hp.length = lp.head_length = values[i];
      SmpHead h;
      GError *head_error = NULL, *line_error = NULL;
      const gboolean head_ok = smp_head_init(&h, &hp, &head_error);
      SmpHairline *line = smp_hairline_new(&lp, &line_error);
      const gboolean in_range = i == 1 || i == 2;
      g_assert_cmpint(head_ok, ==, in_range);
      g_assert_cmpint(line != NULL, ==, in_range);
      if (!in_range) {
        g_assert_nonnull(strstr(head_error->message, sizes[k].name));
        g_assert_nonnull(strstr(line_error->message, sizes[k].name));
      }
      g_clear_error(&head_error);
      g_clear_error(&line_error);
      g_clear_pointer(&line, smp_hairline_unref);
    }
  }
}

static void
test_view_transform(void)
{
  SmpHeadParams p;
  smp_head_params_init(&p);
  p.angle = 23.0;
  SmpHead h;
  g_assert_true(smp_head_init(&h, &p, NULL));
  double u, v, x, y;
  smp_head_view_position(&h, 1234.5, 987.25, &u, &v);
  smp_head_pixel_position(&h, u, v, &x, &y);
  g_assert_cmpfloat_with_epsilon(x, 1234.5, 1e-9);
  g_assert_cmpfloat_with_epsilon(y, 987.25, 1e-9);
  smp_head_view_position(&h, p.origin_x + 300.0, p.origin_y, &u, &v);
  g_assert_cmpfloat_with_epsilon(hypot(u, v), 25.4, 1e-9);
}

/* Every view: the point found lies on the surface, faces the viewer, projects back to where it
 * was asked for; the area factor is 1 / cos of the slope; outside the silhouette there is none. */
static void
test_views(void)
{
  for (int view = SMP_HEAD_VIEW_FRONT; view <= SMP_HEAD_VIEW_LEFT; view++) {
    SmpHead h = head_for((SmpHeadView)view);
    int found = 0;
    for (double u = -120.0; u <= 120.0; u += 7.0)
      for (double v = -130.0; v <= 130.0; v += 7.0) {
        SmpHeadPoint pt;
        if (!smp_head_surface_at(&h, u, v, &pt))
          continue;
        found++;
        double pu, pv;
        smp_head_project(&h, pt.pos, &pu, &pv);
        g_assert_cmpfloat_with_epsilon(pu, u, 1e-9);
        g_assert_cmpfloat_with_epsilon(pv, v, 1e-9);
        /* On the surface: the outline at every height up to the widest section, above it scaled
         * by cos(phi) at height Z_w + H_d sin(phi). */
        double zh = MAX(fabs(pt.pos[2]) - h.z_wide, 0.0) / h.h_dome, scale = sqrt(1.0 - zh * zh);
        SmpHead top = h;
        top.p.view = SMP_HEAD_VIEW_TOP;
        double theta = atan2(pt.pos[1], pt.pos[0]), ou, ov;
        smp_head_outline_point(&top, theta, &ou, &ov);
        if (scale > 1e-3)
          g_assert_cmpfloat_with_epsilon(hypot(pt.pos[0], pt.pos[1]), scale * hypot(ou, ov), 1e-6);
        g_assert_cmpfloat(pt.foreshortening, >=, 0.0);
        if (pt.foreshortening > 1e-6)
          g_assert_cmpfloat_with_epsilon(pt.area_factor * pt.foreshortening, 1.0, 1e-9);
        g_assert_cmpfloat_with_epsilon(hypot(pt.compress_u, pt.compress_v), 1.0, 1e-9);
      }
    g_assert_cmpint(found, >, 200);
  }
  SmpHead top = head_for(SMP_HEAD_VIEW_TOP);
  SmpHeadPoint pt;
  g_assert_false(smp_head_surface_at(&top, 80.0, 0.0, &pt));
  g_assert_true(smp_head_surface_at(&top, 0.0, 0.0, &pt));
  g_assert_cmpfloat_with_epsilon(pt.area_factor, 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon(pt.pos[2], 110.0, 1e-12);
  /* Straight sides from the glabella plane to the widest section. */
  SmpHead front = head_for(SMP_HEAD_VIEW_FRONT);
  g_assert_true(smp_head_surface_at(&front, 77.0, 0.0, &pt));
  g_assert_true(smp_head_surface_at(&front, 77.0, 29.0, &pt));
  g_assert_cmpfloat(fabs(pt.normal[2]), <, 1e-9);
  g_assert_false(smp_head_surface_at(&front, 78.0, 20.0, &pt));
  /* Beside the vertex the slope faces sideways: the picture compresses along u. */
  g_assert_true(smp_head_surface_at(&top, 60.0, 0.0, &pt));
  g_assert_cmpfloat_with_epsilon(fabs(pt.compress_u), 1.0, 1e-9);
  g_assert_cmpfloat(pt.area_factor, >, 1.5);
}

/* The map's Jacobian (finite differences) equals the area factor out to 80 degrees of slope, and
 * the inverse undoes it. */
static void
test_equal_area_map(void)
{
  SmpHead h = head_for(SMP_HEAD_VIEW_TOP);
  int checked = 0;
  for (double th = 0.05; th < 2.0 * G_PI; th += 0.3)
    for (double frac = 0.02; frac < 0.995; frac += 0.07) {
      double eu, ev;
      smp_head_outline_point(&h, th, &eu, &ev);
      double u = frac * eu, v = frac * ev;
      SmpHeadPoint pt;
      g_assert_true(smp_head_surface_at(&h, u, v, &pt));
      if (pt.slope > 80.0 * G_PI / 180.0)
        continue;
      const double d = 1e-4;
      double s0, t0, s1, t1, s2, t2, s3, t3;
      smp_head_equal_area_forward(&h, u + d, v, &s0, &t0);
      smp_head_equal_area_forward(&h, u - d, v, &s1, &t1);
      smp_head_equal_area_forward(&h, u, v + d, &s2, &t2);
      smp_head_equal_area_forward(&h, u, v - d, &s3, &t3);
      double det = ((s0 - s1) * (t2 - t3) - (t0 - t1) * (s2 - s3)) / (4.0 * d * d);
      g_assert_cmpfloat(fabs(det / pt.area_factor - 1.0), <, 1e-5);
      double s, t, bu, bv;
      smp_head_equal_area_forward(&h, u, v, &s, &t);
      SmpHeadPoint back;
      g_assert_true(smp_head_equal_area_inverse(&h, s, t, &bu, &bv, &back));
      g_assert_cmpfloat_with_epsilon(bu, u, 1e-9);
      g_assert_cmpfloat_with_epsilon(bv, v, 1e-9);
      /* The same surface point as the view's. */
      for (int c = 0; c < 3; c++) {
        g_assert_cmpfloat_with_epsilon(back.pos[c], pt.pos[c], 1e-8);
        g_assert_cmpfloat_with_epsilon(back.normal[c], pt.normal[c], 1e-8);
      }
      g_assert_cmpfloat_with_epsilon(back.foreshortening, pt.foreshortening, 1e-9);
      g_assert_cmpfloat_with_epsilon(back.compress_u, pt.compress_u, 1e-9);
      g_assert_cmpfloat_with_epsilon(back.compress_v, pt.compress_v, 1e-9);
      checked++;
    }
  g_assert_cmpint(checked, >, 200);
  double bu, bv;
  g_assert_false(smp_head_equal_area_inverse(&h, 400.0, 0.0, &bu, &bv, NULL));
}

/* Corners, in order, of a square with centre (cu, cv), half diagonal `size`, turned by `angle`. */
static void
square_corners(double cu, double cv, double size, double angle, double u[4], double v[4])
{
  for (int i = 0; i < 4; i++) {
    double a = angle + i * 0.5 * G_PI;
    u[i] = cu + size * cos(a), v[i] = cv + size * sin(a);
  }
}

/* A random point of a quadrilateral: bilinear in its corners. */
static void
quad_point(GRand *rand, const double u[4], const double v[4], double *pu, double *pv)
{
  double a = g_rand_double(rand), b = g_rand_double(rand);
  *pu = (1 - b) * ((1 - a) * u[0] + a * u[1]) + b * ((1 - a) * u[3] + a * u[2]);
  *pv = (1 - b) * ((1 - a) * v[0] + a * v[1]) + b * ((1 - a) * v[3] + a * v[2]);
}

/* Every point of a quadrilateral inside the outline maps into the rectangle its bounds give. */
static void
test_equal_area_bounds(void)
{
  SmpHead h = head_for(SMP_HEAD_VIEW_TOP);
  GRand *rand = g_rand_new_with_seed(11);
  for (int q = 0; q < 400; q++) {
    double cu = g_rand_double_range(rand, -100, 100), cv = g_rand_double_range(rand, -110, 110);
    double size = g_rand_double_range(rand, 0.5, 40), ang = g_rand_double_range(rand, 0, G_PI);
    double u[4], v[4];
    square_corners(cu, cv, size, ang, u, v);
    double s0, t0, s1, t1;
    SmpHeadSector sector;
    gboolean any = smp_head_equal_area_bounds(&h, u, v, &s0, &t0, &s1, &t1, &sector);
    for (int k = 0; k < 200; k++) {
      double pu, pv;
      quad_point(rand, u, v, &pu, &pv);
      SmpHeadPoint pt;
      if (!smp_head_surface_at(&h, pu, pv, &pt))
        continue;
      g_assert_true(any);
      double s, t;
      smp_head_equal_area_forward(&h, pu, pv, &s, &t);
      g_assert_cmpfloat(s, >=, s0);
      g_assert_cmpfloat(s, <=, s1);
      g_assert_cmpfloat(t, >=, t0);
      g_assert_cmpfloat(t, <=, t1);
      g_assert_true(smp_head_sector_holds(&sector, s, t));
    }
  }
  g_rand_free(rand);
}

/* Arc length along the outline from the front of the midline (positive towards the person's
 * right, X > 0) by fine chords, tabulated over the angle phi from the front (ARC_STEPS + 1 values
 * from -pi to pi). */
#define ARC_STEPS 40000

static double *
outline_arcs(const SmpHead *h)
{
  SmpHead top = *h;
  top.p.view = SMP_HEAD_VIEW_TOP;
  double *arcs = g_new(double, ARC_STEPS + 1), pu = 0.0, pv = 0.0;
  for (int i = 0; i <= ARC_STEPS; i++) {
    double phi = -G_PI + 2.0 * G_PI * i / ARC_STEPS, u, v;
    smp_head_outline_point(&top, 0.5 * G_PI - phi, &u, &v);
    arcs[i] = i ? arcs[i - 1] + hypot(u - pu, v - pv) : 0.0;
    pu = u, pv = v;
  }
  const double front = arcs[ARC_STEPS / 2];
  for (int i = 0; i <= ARC_STEPS; i++)
    arcs[i] -= front;
  return arcs;
}

static double
arc_from_front(const double *arcs, double theta)
{
  double phi = remainder(0.5 * G_PI - theta, 2.0 * G_PI);
  double f = (phi + G_PI) / (2.0 * G_PI) * ARC_STEPS;
  int i = CLAMP((int)floor(f), 0, ARC_STEPS - 1);
  return arcs[i] + (f - i) * (arcs[i + 1] - arcs[i]);
}

/* Front and side views: every skin point a view sees under a quadrilateral has its skin
 * coordinates (the dome's map, or the straight sides' arc length and height) inside the bounds
 * given for that quadrilateral; the straight sides' arc length runs along the outline. */
static void
test_view_bounds(void)
{
  GRand *rand = g_rand_new_with_seed(23);
  for (int view = SMP_HEAD_VIEW_FRONT; view <= SMP_HEAD_VIEW_LEFT; view++) {
    if (view == SMP_HEAD_VIEW_TOP)
      continue;
    SmpHead h = head_for((SmpHeadView)view);
    double *arcs = outline_arcs(&h);
    int wall_points = 0, dome_points = 0;
    for (int q = 0; q < 300; q++) {
      double cu = g_rand_double_range(rand, -200, 200), cv = g_rand_double_range(rand, -40, 120);
      double size = g_rand_double_range(rand, 0.5, 25), ang = g_rand_double_range(rand, 0, G_PI);
      double u[4], v[4];
      square_corners(cu, cv, size, ang, u, v);
      double ds0, dt0, ds1, dt1, ws0, wz0, ws1, wz1;
      SmpHeadSector sector;
      gboolean dome = smp_head_dome_bounds(&h, u, v, &ds0, &dt0, &ds1, &dt1, &sector);
      gboolean wall = smp_head_wall_bounds(&h, u, v, &ws0, &wz0, &ws1, &wz1);
      for (int k = 0; k < 100; k++) {
        double pu, pv;
        quad_point(rand, u, v, &pu, &pv);
        SmpHeadPoint pt;
        if (!smp_head_surface_at(&h, pu, pv, &pt))
          continue;
        if (fabs(pt.pos[2]) <= h.z_wide) {
          /* The straight sides: arc length from the front of the midline. */
          double arc = arc_from_front(arcs, atan2(pt.pos[1], pt.pos[0]));
          g_assert_true(wall);
          g_assert_cmpfloat(arc, >=, ws0 - 1e-2);
          g_assert_cmpfloat(arc, <=, ws1 + 1e-2);
          g_assert_cmpfloat(pt.pos[2], >=, wz0);
          g_assert_cmpfloat(pt.pos[2], <=, wz1);
          SmpHeadPoint back;
          g_assert_true(smp_head_wall_point(&h, arc, pt.pos[2], &back));
          for (int c = 0; c < 3; c++)
            g_assert_cmpfloat_with_epsilon(back.pos[c], pt.pos[c], 1e-2);
          wall_points++;
        } else if (pt.pos[2] > h.z_wide) {
          double s, t;
          smp_head_equal_area_forward(&h, pt.pos[0], pt.pos[1], &s, &t);
          g_assert_true(dome);
          g_assert_cmpfloat(s, >=, ds0);
          g_assert_cmpfloat(s, <=, ds1);
          g_assert_cmpfloat(t, >=, dt0);
          g_assert_cmpfloat(t, <=, dt1);
          g_assert_true(smp_head_sector_holds(&sector, s, t));
          dome_points++;
        }
      }
    }
    g_test_message("view %d: %d points on the straight sides, %d on the dome, all within bounds",
                   view, wall_points, dome_points);
    g_assert_cmpint(wall_points, >, 100);
    g_assert_cmpint(dome_points, >, 100);
    g_free(arcs);
  }
  g_rand_free(rand);
}

/* Dome area: the map's closed form against a triangulated surface; the skin area of a mask of the
 * whole top view against the dome; the picture against the outline's area. */
static void
test_areas(void)
{
  SmpHeadParams p;
  smp_head_params_init(&p);
  p.ppi = 25.4; /* 1 mm pixels */
  p.origin_x = 120.0, p.origin_y = 130.0;
  SmpHead h;
  g_assert_true(smp_head_init(&h, &p, NULL));
  double dome = smp_head_dome_area(&h), mesh = triangulated_dome_area(&h);
  g_test_message("dome %.1f mm², triangulated %.1f mm², outline %.1f mm², ratio %.3f", dome, mesh,
                 smp_head_outline_area(&h), dome / smp_head_outline_area(&h));
  g_assert_cmpfloat(fabs(dome / mesh - 1.0), <, 1e-3);

  const int w = 240, ht = 260;
  float *mask = g_new(float, w *ht);
  int inside = 0;
  for (int j = 0; j < ht; j++)
    for (int i = 0; i < w; i++) {
      double u, v;
      smp_head_view_position(&h, i + 0.5, j + 0.5, &u, &v);
      mask[j * w + i] = 1.0f;
      SmpHeadPoint pt;
      inside += smp_head_surface_at(&h, u, v, &pt);
    }
  double skin = smp_head_skin_area(&h, 0, 0, 0, w, ht, mask, w);
  g_test_message("skin area of the whole view %.1f mm² (%d pixels inside)", skin, inside);
  g_assert_cmpfloat(fabs(skin / dome - 1.0), <, 5e-3);
  g_assert_cmpfloat(fabs(inside / smp_head_outline_area(&h) - 1.0), <, 1e-2);
  /* Level 1 of the same mask sees the same skin. */
  double skin1 = smp_head_skin_area(&h, 1, 0, 0, w / 2, ht / 2, mask, w);
  g_assert_cmpfloat(fabs(skin1 / dome - 1.0), <, 1e-2);

  /* Front view: the skin above the glabella plane it sees is the front half of the dome and of the
   * straight sides below it. */
  SmpHeadParams f = p;
  f.view = SMP_HEAD_VIEW_FRONT;
  f.origin_x = 120.0, f.origin_y = 130.0;
  SmpHead front;
  g_assert_true(smp_head_init(&front, &f, NULL));
  for (int j = 0; j < ht; j++)
    for (int i = 0; i < w; i++)
      mask[j * w + i] = j < 130 ? 1.0f : 0.0f;
  double visible = smp_head_skin_area(&front, 0, 0, 0, w, ht, mask, w);
  g_test_message("front view: skin above the glabella plane %.1f mm²", visible);
  /* The front half (Y > 0) of the dome, triangulated. */
  double half = 0.0;
  const int nt = 600, np = 300;
  for (int i = 0; i < nt; i++)
    for (int j = 0; j < np; j++) {
      double t0 = G_PI * i / nt, t1 = G_PI * (i + 1) / nt;
      double f0 = 0.5 * G_PI * j / np, f1 = 0.5 * G_PI * (j + 1) / np;
      double a[3], b[3], c[3], d[3];
      surface_sample(&h, t0, f0, a);
      surface_sample(&h, t1, f0, b);
      surface_sample(&h, t1, f1, c);
      surface_sample(&h, t0, f1, d);
      half += triangle_area(a, b, c) + triangle_area(a, c, d);
    }
  half += outline_length(&h, 0.0, G_PI) * h.z_wide;
  g_test_message("front half of the dome and of the sides below it %.1f mm²", half);
  g_assert_cmpfloat(fabs(visible / half - 1.0), <, 0.01);
  g_free(mask);
}

/* Tapes: the midline closed form against a plane section; a tape between close points against
 * their chord; half the outline against the equator's section; the forehead's inverse. */
static void
test_tapes(void)
{
  SmpHead h = head_for(SMP_HEAD_VIEW_FRONT);
  /* The forehead arc lies on the side of a point in front of the face. */
  double glabella[3] = {0.0, h.y_glabella, 0.0}, ahead[3] = {0.0, 300.0, 40.0};
  SmpHeadPoint pt;
  g_assert_true(smp_head_surface_at(&h, 0.0, 80.0, &pt));
  double section = smp_head_section_length(&h, glabella, pt.pos, ahead);
  double forehead = smp_head_forehead_tape(&h, 80.0);
  g_test_message("80 mm above the glabella on a front photo = %.2f mm of tape", forehead);
  g_assert_cmpfloat_with_epsilon(section, forehead, 1e-3);
  g_assert_cmpfloat(forehead, >, 80.0);
  g_assert_cmpfloat_with_epsilon(smp_head_forehead_height(&h, forehead), 80.0, 1e-6);
  g_assert_cmpfloat_with_epsilon(smp_head_tape(&h, glabella, pt.pos), forehead, 1e-3);
  g_assert_cmpfloat_with_epsilon(smp_head_tape_between(&h, 0.0, 0.0, 0.0, 80.0), forehead, 1e-3);

  /* Short tapes are chords. */
  SmpHeadPoint a, b;
  g_assert_true(smp_head_surface_at(&h, 30.0, 60.0, &a));
  g_assert_true(smp_head_surface_at(&h, 30.3, 60.2, &b));
  double chord =
      sqrt(pow(a.pos[0] - b.pos[0], 2) + pow(a.pos[1] - b.pos[1], 2) + pow(a.pos[2] - b.pos[2], 2));
  g_assert_cmpfloat(fabs(smp_head_tape(&h, a.pos, b.pos) / chord - 1.0), <, 1e-4);

  /* Ear to ear round the front along the glabella plane: half the outline's perimeter. */
  SmpHead top = head_for(SMP_HEAD_VIEW_TOP);
  double perimeter = outline_length(&top, 0.0, G_PI);
  g_test_message("circumference at the glabella plane %.1f mm", 2.0 * perimeter);
  double right[3] = {top.a, 0.0, 0.0}, left[3] = {-top.a, 0.0, 0.0};
  double front[3] = {0.0, 200.0, 0.0};
  g_assert_cmpfloat_with_epsilon(smp_head_section_length(&top, right, left, front), perimeter,
                                 1e-2);
  /* Outside the silhouette there is no tape. */
  g_assert_cmpfloat(smp_head_tape_between(&h, 0.0, 0.0, 200.0, 0.0), <, 0.0);
}

/* Outline fits recover a known head from its outline, with a little noise. */
static void
fit_view(SmpHeadView view)
{
  SmpHeadParams truth;
  smp_head_params_init(&truth);
  truth.view = view;
  truth.origin_x = 1234.0, truth.origin_y = 1456.0, truth.angle = 7.0;
  truth.width = 162.0;
  if (view == SMP_HEAD_VIEW_TOP)
    truth.length = 203.0;
  else
    truth.height = 118.0;
  SmpHead h;
  g_assert_true(smp_head_init(&h, &truth, NULL));
  const int n = 90;
  double x[90], y[90];
  GRand *rand = g_rand_new_with_seed(5);
  for (int i = 0; i < n; i++) {
    /* Top: all round; front: the part above the glabella plane. */
    double t = view == SMP_HEAD_VIEW_TOP ? 2.0 * G_PI * i / n : G_PI * (i + 0.5) / n, u, v;
    smp_head_outline_point(&h, t, &u, &v);
    smp_head_pixel_position(&h, u, v, &x[i], &y[i]);
    x[i] += g_rand_double_range(rand, -0.5, 0.5);
    y[i] += g_rand_double_range(rand, -0.5, 0.5);
  }
  g_rand_free(rand);
  SmpHeadParams fit;
  smp_head_params_init(&fit);
  fit.view = view;
  fit.origin_x = 1180.0, fit.origin_y = 1500.0;
  GError *error = NULL;
  double rms = smp_head_fit_outline(&fit, x, y, n, &error);
  g_assert_no_error(error);
  g_test_message("view %d: rms %.3f mm, width %.2f length %.2f height %.2f angle %.2f", view, rms,
                 fit.width, fit.length, fit.height, fit.angle);
  g_assert_cmpfloat(rms, <, 0.1);
  g_assert_cmpfloat(fabs(fit.width - truth.width), <, 0.5);
  g_assert_cmpfloat(fabs(fit.length - truth.length), <, 0.5);
  g_assert_cmpfloat(fabs(fit.height - truth.height), <, 0.5);
  g_assert_cmpfloat(fabs(fit.angle - truth.angle), <, 0.5);
  g_assert_cmpfloat(fabs(fit.origin_x - truth.origin_x), <, 3.0);
  g_assert_cmpfloat(fabs(fit.origin_y - truth.origin_y), <, 3.0);
  g_assert_cmpfloat(smp_head_fit_outline(&fit, x, y, 3, &error), <, 0.0);
  g_assert_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE);
  g_clear_error(&error);
}

static void
test_fit_top(void)
{
  fit_view(SMP_HEAD_VIEW_TOP);
}

static void
test_fit_front(void)
{
  fit_view(SMP_HEAD_VIEW_FRONT);
}

/* A design in skin distances becomes front-view picture measures whose tapes on the head are
 * those distances; one the head cannot hold is refused, naming the measure. */
static void
test_design_from_skin(void)
{
  SmpHeadParams p;
  smp_head_params_init(&p);
  double height = 80.0, temple = 100.0, recession = 12.0;
  GError *error = NULL;
  g_assert_true(smp_head_design_from_skin(&p, &height, &temple, &recession, &error));
  g_assert_no_error(error);
  g_test_message("80 / 100 / 12 mm of tape: height %.2f, temple width %.2f, recession %.2f mm on a "
                 "front photo",
                 height, temple, recession);
  SmpHead front = head_for(SMP_HEAD_VIEW_FRONT);
  g_assert_cmpfloat_with_epsilon(smp_head_forehead_tape(&front, height), 80.0, 1e-6);
  g_assert_cmpfloat_with_epsilon(smp_head_forehead_tape(&front, height + recession) -
                                     smp_head_forehead_tape(&front, height),
                                 12.0, 1e-6);
  g_assert_cmpfloat_with_epsilon(smp_head_tape_between(&front, -0.5 * temple, height + recession,
                                                       0.5 * temple, height + recession),
                                 100.0, 1e-6);
  /* Skin distances exceed their pictures on a dome. */
  g_assert_cmpfloat(height, <, 80.0);
  g_assert_cmpfloat(temple, <, 100.0);

  const struct {
    double height, temple, recession;
    const char *name;
  } bad[] = {{400.0, 100.0, 12.0, "hairline-height"},
             {80.0, 100.0, 300.0, "recession"},
             {80.0, 400.0, 12.0, "temple-width"}};
  for (gsize i = 0; i < G_N_ELEMENTS(bad); i++) {
    double h = bad[i].height, t = bad[i].temple, r = bad[i].recession;
    g_assert_false(smp_head_design_from_skin(&p, &h, &t, &r, &error));
    g_assert_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE);
    g_assert_nonnull(strstr(error->message, bad[i].name));
    g_assert_cmpfloat(h, ==, bad[i].height);
    g_clear_error(&error);
  }
}

int
main(int argc, char **argv)
{
  g_test_init(&argc, &argv, NULL);
  g_test_add_func("/head/params", test_params);
  g_test_add_func("/head/shared-ranges", test_shared_ranges);
  g_test_add_func("/head/design-from-skin", test_design_from_skin);
  g_test_add_func("/head/view-transform", test_view_transform);
  g_test_add_func("/head/views", test_views);
  g_test_add_func("/head/equal-area-map", test_equal_area_map);
  g_test_add_func("/head/equal-area-bounds", test_equal_area_bounds);
  g_test_add_func("/head/view-bounds", test_view_bounds);
  g_test_add_func("/head/areas", test_areas);
  g_test_add_func("/head/tapes", test_tapes);
  g_test_add_func("/head/fit-top", test_fit_top);
  g_test_add_func("/head/fit-front", test_fit_front);
  return g_test_run();
}
