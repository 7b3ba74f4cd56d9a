/* smp:follicle-dots on the skin of a head (the dome surface): units uniform per skin area in top
 * and front views, dots foreshortened, pure in position, none outside the head's outline. */
#include "smp-head.h"
#include "smp-test-gegl.h"

#include <math.h>
#include <string.h>

#define OP "smp:follicle-dots"

/* A top view of a 50th-percentile head (smp-head.h defaults), tilted, at 600 ppi: vertex at
 * (2000, 2400). */
#define DOME_PPI 600.0
#define DOME_ANGLE 12.0

static void
dome_head(SmpHead *head)
{
  SmpHeadParams p;
  smp_head_params_init(&p);
  p.ppi = DOME_PPI;
  p.origin_x = 2000.0, p.origin_y = 2400.0, p.angle = DOME_ANGLE;
  g_assert_true(smp_head_init(head, &p, NULL));
}

static GeglNode *
dome_node(GeglNode **graph, double density, double dot_size, int seed)
{
  GeglNode *node =
      smp_test_op_new(graph, "smp:follicle-dots", "ppi", DOME_PPI, "density", density, "seed", seed,
                      "dot-size", dot_size, "surface", smp_test_nick(OP, "surface", "dome"), "view",
                      smp_test_nick(OP, "view", "top"), "origin-x", 2000.0, "origin-y", 2400.0,
                      "angle", DOME_ANGLE, NULL);
  smp_test_uniform_dots(node);
  return node;
}

/* The view point (mm) along the ray at angle `theta` from the vertex where the slope is `slope`. */
static void
point_at_slope(const SmpHead *head, double theta, double slope, double *u, double *v)
{
  double eu, ev, lo = 0.0, hi = 1.0;
  smp_head_outline_point(head, theta, &eu, &ev);
  for (int i = 0; i < 60; i++) {
    double mid = 0.5 * (lo + hi);
    SmpHeadPoint pt;
    g_assert_true(smp_head_surface_at(head, mid * eu, mid * ev, &pt));
    if (pt.slope < slope)
      lo = mid;
    else
      hi = mid;
  }
  *u = lo * eu, *v = lo * ev;
}

/* A window of 1 cm² of skin: weight 1 over the middle of a 12 x 12 mm square of the tangent plane
 * at its centre, falling to 0 over 2 mm at each side (so it integrates to 10 x 10 mm). */
#define WINDOW_HALF 6.0
#define WINDOW_TAPER 2.0

static double
window_weight(double t)
{
  double edge = WINDOW_HALF - fabs(t);
  if (edge <= 0.0)
    return 0.0;
  return edge >= WINDOW_TAPER ? 1.0 : 0.5 - 0.5 * cos(G_PI * edge / WINDOW_TAPER);
}

typedef struct {
  double centre[3], normal[3], e1[3], e2[3];
} SkinWindow;

static void
skin_window(const SmpHead *head, double u, double v, SkinWindow *w)
{
  SmpHeadPoint pt;
  g_assert_true(smp_head_surface_at(head, u, v, &pt));
  memcpy(w->centre, pt.pos, sizeof w->centre);
  memcpy(w->normal, pt.normal, sizeof w->normal);
  /* e1 horizontal in the tangent plane (z x n), or x at the vertex; e2 = n x e1. */
  const double *n = pt.normal;
  double e1[3] = {-n[1], n[0], 0.0}, len = hypot(e1[0], e1[1]);
  if (len < 1e-9)
    e1[0] = 1.0, e1[1] = 0.0, len = 1.0;
  for (int c = 0; c < 3; c++)
    w->e1[c] = e1[c] / len;
  w->e2[0] = n[1] * w->e1[2] - n[2] * w->e1[1];
  w->e2[1] = n[2] * w->e1[0] - n[0] * w->e1[2];
  w->e2[2] = n[0] * w->e1[1] - n[1] * w->e1[0];
}

/* Pixels (level 0) that show the window's skin, with a margin. */
static GeglRectangle
window_roi(const SmpHead *head, const SkinWindow *w)
{
  double x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  for (int i = 0; i < 64; i++) {
    double t = 2.0 * G_PI * i / 64, a = WINDOW_HALF * G_SQRT2 * cos(t),
           b = WINDOW_HALF * G_SQRT2 * sin(t);
    a = CLAMP(a, -WINDOW_HALF, WINDOW_HALF), b = CLAMP(b, -WINDOW_HALF, WINDOW_HALF);
    /* The skin point whose tangent-plane position is (a, b): out along the normal from inside. */
    double inside[3], p[3], x, y, u, v;
    for (int c = 0; c < 3; c++)
      inside[c] = w->centre[c] + a * w->e1[c] + b * w->e2[c] - 40.0 * w->normal[c];
    smp_head_surface_along(head, inside, w->normal, p);
    smp_head_project(head, p, &u, &v);
    smp_head_pixel_position(head, u, v, &x, &y);
    x0 = MIN(x0, x), y0 = MIN(y0, y), x1 = MAX(x1, x), y1 = MAX(y1, y);
  }
  const int margin = 12;
  return (GeglRectangle){(int)floor(x0) - margin, (int)floor(y0) - margin,
                         (int)ceil(x1 - x0) + 2 * margin, (int)ceil(y1 - y0) + 2 * margin};
}

/* Units per cm² of skin in the window: each dot found in the picture is taken back to the skin
 * and weighted by the window at its tangent-plane position, times the cosine between its normal
 * and the window's (the tangent-plane area per skin area), so that the weights sum to density x
 * 1 cm² for units uniform on the skin. */
static double
window_density(const SmpHead *head, const SkinWindow *w, GArray *blobs)
{
  double sum = 0.0;
  for (guint i = 0; i < blobs->len; i++) {
    const SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
    double u, v;
    SmpHeadPoint pt;
    smp_head_view_position(head, b->x, b->y, &u, &v);
    if (!smp_head_surface_at(head, u, v, &pt))
      continue;
    double d[3] = {pt.pos[0] - w->centre[0], pt.pos[1] - w->centre[1], pt.pos[2] - w->centre[2]};
    double a = d[0] * w->e1[0] + d[1] * w->e1[1] + d[2] * w->e1[2];
    double c = d[0] * w->e2[0] + d[1] * w->e2[1] + d[2] * w->e2[2];
    double cosine =
        pt.normal[0] * w->normal[0] + pt.normal[1] * w->normal[1] + pt.normal[2] * w->normal[2];
    sum += window_weight(a) * window_weight(c) * cosine;
  }
  return sum;
}

/* Units per cm² of skin of `node` (a dome of `density`) in windows of 1 cm² of skin centred on the
 * rays from the view's origin towards `directions` outline angles (degrees, `step` apart from
 * 10°), where the slope is 0, 10, ..., 70 degrees. Returns the worst relative deviation; *mean
 * receives the mean and *near / *far the picture's dots per cm² at the slope-0 window and over the
 * 70-degree ones. */
static double
measure_windows(const SmpHead *head, GeglNode *node, double density, int directions, double step,
                double *mean, double *near, double *far)
{
  double worst = 0.0, sum = 0.0;
  int windows = 0;
  *near = *far = 0.0;
  for (int slope = 0; slope <= 70; slope += 10)
    for (int dir = 0; dir < (slope ? directions : 1); dir++) {
      double u, v, angle = dir * step + 10.0;
      point_at_slope(head, angle * G_PI / 180.0, slope * G_PI / 180.0, &u, &v);
      SkinWindow w;
      skin_window(head, u, v, &w);
      GeglRectangle roi = window_roi(head, &w);
      GArray *blobs = smp_test_render_blobs(node, &roi, 0);
      double measured = window_density(head, &w, blobs), error = measured / density - 1.0;
      double picture = blobs->len / (roi.width * roi.height * pow(MM_PER_INCH / DOME_PPI, 2) / 100);
      g_test_message("slope %2d°, direction %3.0f°: %.2f units per cm² of skin (%+.2f %%), %u dots "
                     "in %d x %d px",
                     slope, angle, measured, 100.0 * error, blobs->len, roi.width, roi.height);
      worst = MAX(worst, fabs(error));
      sum += error;
      windows++;
      if (slope == 0)
        *near = picture;
      if (slope == 70)
        *far += picture / directions;
      g_array_unref(blobs);
    }
  *mean = sum / windows;
  g_test_message("%d windows: worst %.2f %%, mean %+.2f %%; dots per cm² of picture: %.1f at slope "
                 "0, %.1f at 70° (area factor there %.2f)",
                 windows, 100.0 * worst, 100.0 * *mean, *near, *far,
                 1.0 / cos(70.0 * G_PI / 180.0));
  return worst;
}

/* The claim of the dome surface: in a top view, units per cm² of skin (dots found on the rendered
 * picture, taken back to the skin) within ±3 % of the density in every 1 cm² window, from the
 * vertex out to 70 degrees of slope in eight directions. */
static void
test_dome_density(void)
{
  SmpHead head;
  dome_head(&head);
  GeglNode *graph, *node = dome_node(&graph, 70.0, 0.15, 7);
  double mean, near, far;
  double worst = measure_windows(&head, node, 70.0, 8, 45.0, &mean, &near, &far);
  g_assert_cmpfloat(worst, <=, 0.03);
  /* The picture shows the sloping skin denser. */
  g_assert_cmpfloat(far, >, 2.0 * near);
  g_object_unref(graph);
}

/* A front view shows the same skin coordinates: units per cm² of skin over the forehead and
 * temples, out to 70 degrees of slope. The dome and the straight sides below it carry separate
 * blue-noise sheets that meet 30 mm above the glabella: windows across that seam count a little
 * more unevenly (a few per cent) than windows on either sheet. */
static void
test_dome_front_density(void)
{
  SmpHeadParams p;
  smp_head_params_init(&p);
  p.ppi = DOME_PPI, p.view = SMP_HEAD_VIEW_FRONT;
  p.origin_x = 2000.0, p.origin_y = 2400.0;
  SmpHead head;
  g_assert_true(smp_head_init(&head, &p, NULL));
  GeglNode *graph, *node = dome_node(&graph, 70.0, 0.15, 7);
  gegl_node_set(node, "view", smp_test_nick(OP, "view", "front"), "angle", 0.0, NULL);
  double mean, near, far;
  double worst = measure_windows(&head, node, 70.0, 5, 40.0, &mean, &near, &far);
  g_assert_cmpfloat(worst, <=, 0.05);
  g_assert_cmpfloat(fabs(mean), <=, 0.02);
  g_object_unref(graph);
}

/* Dots are discs on the skin seen foreshortened: on 60 degrees of slope their picture is an
 * ellipse twice as long as it is wide, short along the slope, its area halved. */
static void
test_dome_foreshortening(void)
{
  const double ppi = 2400.0, dot = 0.3, px = ppi / MM_PER_INCH;
  SmpHeadParams p;
  smp_head_params_init(&p);
  p.ppi = ppi, p.origin_x = 0.0, p.origin_y = 0.0;
  SmpHead head;
  g_assert_true(smp_head_init(&head, &p, NULL));
  double u, v;
  point_at_slope(&head, 0.0, 60.0 * G_PI / 180.0, &u, &v);
  double cx, cy;
  smp_head_pixel_position(&head, u, v, &cx, &cy);
  GeglNode *graph,
      *node = smp_test_op_new(&graph, "smp:follicle-dots", "ppi", ppi, "density", 70.0, "seed", 3,
                              "dot-size", dot, "surface", smp_test_nick(OP, "surface", "dome"),
                              "view", smp_test_nick(OP, "view", "top"), "origin-x", 0.0, "origin-y",
                              0.0, "output-mode", smp_test_nick(OP, "output-mode", "dots"), NULL);
  smp_test_uniform_dots(node);
  GeglRectangle roi = {(int)cx - 300, (int)cy - 300, 600, 600};
  float *alpha = smp_test_render_alpha(node, &roi, 0);
  GArray *blobs = smp_test_find_blobs(alpha, roi.width, roi.height, roi.x, roi.y, 0.01f);
  int n = 0;
  double aspect_ratio = 0.0, area_ratio = 0.0, worst_angle = 0.0;
  for (guint i = 0; i < blobs->len; i++) {
    const SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
    if (b->touches_edge)
      continue;
    /* Second moments of the blob's alpha about its centroid. */
    double sxx = 0, syy = 0, sxy = 0, mass = 0;
    int x0 = (int)b->x - 40, y0 = (int)b->y - 40;
    for (int y = MAX(y0, roi.y); y < MIN(y0 + 80, roi.y + roi.height); y++)
      for (int x = MAX(x0, roi.x); x < MIN(x0 + 80, roi.x + roi.width); x++) {
        double a = alpha[(gsize)(y - roi.y) * roi.width + (x - roi.x)];
        double dx = x + 0.5 - b->x, dy = y + 0.5 - b->y;
        if (a <= 0.01 || hypot(dx, dy) > 30.0)
          continue;
        sxx += a * dx * dx, syy += a * dy * dy, sxy += a * dx * dy, mass += a;
      }
    sxx /= mass, syy /= mass, sxy /= mass;
    double mean = 0.5 * (sxx + syy), diff = sqrt(0.25 * (sxx - syy) * (sxx - syy) + sxy * sxy);
    double major = mean + diff, minor = mean - diff;
    double axis = 0.5 * atan2(2.0 * sxy, sxx - syy); /* long axis, picture axes */
    double bu, bv;
    SmpHeadPoint pt;
    smp_head_view_position(&head, b->x, b->y, &bu, &bv);
    g_assert_true(smp_head_surface_at(&head, bu, bv, &pt));
    /* The slope's direction in picture axes (y down); the long axis runs across it. */
    double gx = pt.compress_u, gy = -pt.compress_v;
    double across = fabs(cos(axis) * gx + sin(axis) * gy);
    worst_angle = MAX(worst_angle, asin(MIN(across, 1.0)) * 180.0 / G_PI);
    aspect_ratio += sqrt(major / minor) * pt.foreshortening;
    area_ratio += smp_test_blob_diameter(b) * smp_test_blob_diameter(b) / (dot * px * dot * px) /
                  pt.foreshortening;
    n++;
  }
  aspect_ratio /= n, area_ratio /= n;
  g_test_message("%d dots at ~60°: aspect x cos(slope) %.3f, picture area / (skin area x "
                 "cos(slope)) %.3f, long axis off the contour by at most %.2f°",
                 n, aspect_ratio, area_ratio, worst_angle);
  g_assert_cmpint(n, >, 10);
  g_assert_cmpfloat(fabs(aspect_ratio - 1.0), <, 0.05);
  g_assert_cmpfloat(fabs(area_ratio - 1.0), <, 0.05);
  g_assert_cmpfloat(worst_angle, <, 3.0);
  g_array_unref(blobs);
  g_free(alpha);
  g_object_unref(graph);
}

/* Sloping skin of a top view, from 55 degrees of slope out past the outline: identical bytes for
 * any tiling, thread count or single pixel. Returns the region it rendered. */
static GeglRectangle
dome_top_independence(const SmpHead *head)
{
  double u, v, x, y;
  point_at_slope(head, 0.3, 55.0 * G_PI / 180.0, &u, &v);
  smp_head_pixel_position(head, u, v, &x, &y);
  GeglRectangle roi = {(int)x - 100, (int)y - 260, 700, 520};
  GeglNode *graph, *node = dome_node(&graph, 90.0, 0.25, 11);
  gegl_node_set(node, "anisotropy", 0.6, "satellites", 0.8, "size-jitter", 0.3, "hair-mix-3", 40.0,
                "appearance", smp_test_nick(OP, "appearance", "healed"), NULL);
  gsize size = (gsize)roi.width * roi.height * 16;
  guint8 *whole = smp_test_render(node, &roi, 0, "RGBA float");
  guint8 *tiles = smp_test_render_tiled(node, &roi, 0, "RGBA float", 64, 64);
  guint8 *odd = smp_test_render_tiled(node, &roi, 0, "RGBA float", 37, 53);
  g_assert_true(memcmp(whole, tiles, size) == 0);
  g_assert_true(memcmp(whole, odd, size) == 0);
  GeglRectangle one = {roi.x + 411, roi.y + 97, 1, 1};
  guint8 *pixel = smp_test_render(node, &one, 0, "RGBA float");
  g_assert_true(memcmp(pixel, whole + ((gsize)97 * roi.width + 411) * 16, 16) == 0);
  smp_test_set_threads(1);
  guint8 *single = smp_test_render(node, &roi, 0, "RGBA float");
  smp_test_set_threads(4);
  guint8 *four = smp_test_render(node, &roi, 0, "RGBA float");
  smp_test_set_threads(2);
  g_assert_true(memcmp(whole, single, size) == 0);
  g_assert_true(memcmp(whole, four, size) == 0);
  float *alpha = (float *)whole;
  gsize inked = 0;
  for (gsize i = 0; i < size / 16; i++)
    inked += alpha[4 * i + 3] > 0.0f;
  g_test_message("%zu of %d pixels inked; tiles, threads and a single pixel agree", inked,
                 roi.width * roi.height);
  g_assert_cmpuint(inked, >, 1000);
  g_free(whole), g_free(tiles), g_free(odd), g_free(pixel), g_free(single), g_free(four);
  g_object_unref(graph);
  return roi;
}

/* A front view across the seam of the dome and the straight sides, and a side view: tiles agree. */
static void
dome_views_independence(void)
{
  const char *views[] = {"front", "right"};
  for (guint i = 0; i < G_N_ELEMENTS(views); i++) {
    GeglNode *graph2, *side = dome_node(&graph2, 90.0, 0.25, 13);
    gegl_node_set(side, "view", smp_test_nick(OP, "view", views[i]), "anisotropy", 0.4,
                  "satellites", 0.5, NULL);
    GeglRectangle band = {i ? 600 : 2200, 1500, 600, 500};
    gsize bytes = (gsize)band.width * band.height * 16;
    guint8 *all = smp_test_render(side, &band, 0, "RGBA float");
    guint8 *cut = smp_test_render_tiled(side, &band, 0, "RGBA float", 37, 53);
    g_assert_true(memcmp(all, cut, bytes) == 0);
    gsize ink = 0;
    for (gsize k = 0; k < bytes / 16; k++)
      ink += ((float *)all)[4 * k + 3] > 0.0f;
    g_test_message("%s view: %zu pixels inked, 37 x 53 tiles agree", views[i], ink);
    g_assert_cmpuint(ink, >, 1000);
    g_free(all), g_free(cut);
    g_object_unref(graph2);
  }
}

/* Level 1: the same units at half the scale. The head is moved so that the sloping skin of roi
 * lies at the image origin, where the test's level renders ask the op for exactly the region
 * (away from it GEGL's requests at level 1 cover another region, for the flat mode as well). */
static void
dome_level1(const SmpHead *head, GeglRectangle roi)
{
  GeglNode *graph1, *plain = dome_node(&graph1, 70.0, 0.2, 5);
  gegl_node_set(plain, "origin-x", 2000.0 - roi.x, "origin-y", 2400.0 - roi.y, NULL);
  GeglRectangle roi0 = {0, 0, 600, 500}, roi1 = {0, 0, 300, 250};
  GArray *b0 = smp_test_render_blobs(plain, &roi0, 0), *b1 = smp_test_render_blobs(plain, &roi1, 1);
  SmpHead moved = *head;
  moved.p.origin_x = 2000.0 - roi.x, moved.p.origin_y = 2400.0 - roi.y;
  guint interior = 0, matched = 0;
  for (guint i = 0; i < b1->len; i++) {
    const SmpTestBlob *s = &g_array_index(b1, SmpTestBlob, i);
    /* Up to 70 degrees of slope: beyond, dots crowd towards the outline and merge at level 1. */
    double su, sv;
    SmpHeadPoint pt;
    smp_head_view_position(&moved, 2.0 * s->x, 2.0 * s->y, &su, &sv);
    if (s->touches_edge || !smp_head_surface_at(&moved, su, sv, &pt) ||
        pt.slope > 70.0 * G_PI / 180.0)
      continue;
    interior++;
    double best = G_MAXDOUBLE;
    for (guint j = 0; j < b0->len; j++) {
      const SmpTestBlob *f = &g_array_index(b0, SmpTestBlob, j);
      best = MIN(best, hypot(f->x - 2.0 * s->x, f->y - 2.0 * s->y));
    }
    matched += best < 1.0;
  }
  g_test_message("level 1: %u interior dots (of %u; %u at level 0), %u at twice-scaled level-0 "
                 "positions",
                 interior, b1->len, b0->len, matched);
  g_assert_cmpuint(interior, >, 50);
  g_assert_cmpuint(matched, ==, interior);
  g_array_unref(b0);
  g_array_unref(b1);
  g_object_unref(graph1);
}

/* The dome is a pure function of position: identical bytes for any tiling, thread count or single
 * pixel, and mipmap level 1 shows the same dots at half the scale. */
static void
test_dome_independence(void)
{
  SmpHead head;
  dome_head(&head);
  GeglRectangle roi = dome_top_independence(&head);
  dome_views_independence();
  dome_level1(&head, roi);
}

/* Flat stays the default; outside the head's outline the dome has no skin and no dots. */
static void
test_dome_outline(void)
{
  GeglNode *graph, *node = smp_test_dots_node(&graph, 300.0, 70.0);
  GParamSpec *pspec = gegl_operation_find_property("smp:follicle-dots", "surface");
  g_assert_cmpint(G_PARAM_SPEC_ENUM(pspec)->default_value, ==,
                  smp_test_nick(OP, "surface", "flat"));
  g_object_unref(graph);

  SmpHead head;
  dome_head(&head);
  node = dome_node(&graph, 70.0, 0.25, 1);
  /* A band across the side of the head, from inside the outline to well outside it. */
  double x, y, eu, ev;
  smp_head_outline_point(&head, 0.0, &eu, &ev);
  smp_head_pixel_position(&head, eu, ev, &x, &y);
  GeglRectangle roi = {(int)x - 150, (int)y - 100, 400, 200};
  GArray *blobs = smp_test_render_blobs(node, &roi, 0);
  guint inside = 0;
  for (guint i = 0; i < blobs->len; i++) {
    const SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
    double u, v;
    smp_head_view_position(&head, b->x, b->y, &u, &v);
    SmpHeadPoint pt;
    /* Centroids within a dot's reach of the outline at most. */
    g_assert_true(smp_head_surface_at(&head, u * 0.995, v * 0.995, &pt));
    inside++;
  }
  g_assert_cmpuint(inside, >, 20);
  g_array_unref(blobs);
  g_object_unref(graph);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  g_test_add_func("/follicle-dots/dome-density", test_dome_density);
  g_test_add_func("/follicle-dots/dome-front-density", test_dome_front_density);
  g_test_add_func("/follicle-dots/dome-foreshortening", test_dome_foreshortening);
  g_test_add_func("/follicle-dots/dome-independence", test_dome_independence);
  g_test_add_func("/follicle-dots/dome-outline", test_dome_outline);
  return smp_test_gegl_exit(g_test_run());
}
