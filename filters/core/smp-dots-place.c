/* Follicle dots: which units a rectangle holds and the dots each one pushes, on the picture plane
 * or on the skin of a head seen in a view. */
#include "smp-bluenoise.h"
#include "smp-dots-private.h"
#include "smp-random.h"

#include <math.h>

/* The crown spiral turns the radial direction by this angle (a model choice,
 * docs/hair-direction.md, What the op does). */
#define WHORL_SPIRAL_DEG 70.0
/* Foreshortening is limited to 1:50, where a dot is a line a pixel wide at any practical size. */
#define FORESHORTENING_MIN 0.02
/* Units of the head's straight sides are told apart from those of its dome by this seed salt. */
#define WALL_SALT 0x5a11u

/* The graded hairline zone (docs/dots-and-density.md, The hairline zone): as the local density
 * fraction f grows, 2-, 3- and 4-hair units fade in one after another, each over ZONE_RAMP of f
 * from ZONE_START + ZONE_STAGGER x (hairs - 2); below that their share goes to single-hair units.
 * Diameters shrink by ZONE_SHRINK x (1 - f)². At f = 1 the layout's own mix and sizes. */
#define ZONE_START 0.25
#define ZONE_STAGGER 0.2
#define ZONE_RAMP 0.35
#define ZONE_SHRINK 0.2

/* Independent hash streams per attribute. */
enum {
  STREAM_HAIRS = 1,
  STREAM_SIZE,
  STREAM_OPACITY,
  STREAM_SATELLITE,
  STREAM_SATELLITE_ANGLE = 16,
  STREAM_SATELLITE_DISTANCE = 20,
  STREAM_SATELLITE_SIZE = 24,
};

/* Long-axis direction and elongation strength (0..1) of the dot at (x, y), render-level pixels. */
static void
hair_axis(const SmpDotsLayout *l, double x, double y, double *ax, double *ay, double *strength)
{
  const SmpDotsParams *p = &l->params;
  *ax = l->direction_x;
  *ay = l->direction_y;
  *strength = 1.0;
  if (!(p->whorl_radius > 0.0))
    return;

  double scale = 1.0 / (double)(1u << l->level);
  double dx = x - p->whorl_x * scale, dy = y - p->whorl_y * scale;
  double dist = sqrt(dx * dx + dy * dy), r = p->whorl_radius * l->px_per_mm;
  if (dist <= 1e-9) {
    *strength = 0.0;
    return;
  }
  /* A spiral about the whorl: the radial direction turned by the spiral angle, screen-clockwise
   * (positive in y-down axes) for a clockwise whorl. */
  double turn = (p->whorl_clockwise ? 1.0 : -1.0) * WHORL_SPIRAL_DEG * G_PI / 180.0;
  double ex = dx / dist, ey = dy / dist;
  double sx = ex * cos(turn) - ey * sin(turn), sy = ex * sin(turn) + ey * cos(turn);
  /* Blend axial directions through their doubled angles; the whorl dominates within its radius. */
  double t = dist / r, w = 1.0 / (1.0 + t * t * t * t);
  double c2 = (1.0 - w) * (l->direction_x * l->direction_x - l->direction_y * l->direction_y) +
              w * (sx * sx - sy * sy);
  double s2 = (1.0 - w) * (2.0 * l->direction_x * l->direction_y) + w * (2.0 * sx * sy);
  double phi = 0.5 * atan2(s2, c2);
  *ax = cos(phi);
  *ay = sin(phi);
  /* Round dots at the whorl centre, where the direction turns fastest. */
  double u = dist / (0.35 * r);
  *strength = (1.0 - w) + w * (1.0 - exp(-u * u));
}

/* How the picture shows the skin at a unit: compressed by `c` along the unit picture direction
 * (gx, gy). */
typedef struct {
  double c, gx, gy;
} Projection;

/* The picture of a skin ellipse: radius (area-equivalent), long axis and aspect on the skin, the
 * skin's long axis given as the picture direction it projects to, compressed by the projection.
 * Returns the picture ellipse in the same terms. */
static void
foreshorten(const Projection *pr, double *radius, double *ax, double *ay, double *aspect)
{
  const double c = pr->c, gx = pr->gx, gy = pr->gy;
  if (*aspect == 1.0) {
    *radius *= sqrt(c);
    *aspect = 1.0 / c;
    *ax = -gy, *ay = gx;
    return;
  }
  /* Skin direction that projects to (ax, ay): undo the compression along g. */
  double along = *ax * gx + *ay * gy, dx = *ax + (1.0 / c - 1.0) * along * gx,
         dy = *ay + (1.0 / c - 1.0) * along * gy, len = hypot(dx, dy);
  dx /= len, dy /= len;
  const double sa = sqrt(*aspect), alpha = *radius * sa, beta = *radius / sa;
  /* M = P [alpha d, beta d_perp] with P = I - (1 - c) g g^T; the picture ellipse's semi-axes are
   * M's singular values, its long axis the leading eigenvector of M M^T. */
  double m[2][2];
  const double col[2][2] = {{alpha * dx, alpha * dy}, {-beta * dy, beta * dx}};
  for (int j = 0; j < 2; j++) {
    double g_dot = col[j][0] * gx + col[j][1] * gy;
    m[0][j] = col[j][0] - (1.0 - c) * g_dot * gx;
    m[1][j] = col[j][1] - (1.0 - c) * g_dot * gy;
  }
  const double a = m[0][0] * m[0][0] + m[0][1] * m[0][1], b = m[0][0] * m[1][0] + m[0][1] * m[1][1],
               d = m[1][0] * m[1][0] + m[1][1] * m[1][1];
  const double mean = 0.5 * (a + d), diff = sqrt(0.25 * (a - d) * (a - d) + b * b);
  const double l1 = mean + diff, l2 = MAX(mean - diff, 1e-300);
  double ex = b, ey = l1 - a;
  if (hypot(ex, ey) < 1e-12 * l1)
    ex = l1 - d, ey = b;
  if (hypot(ex, ey) < 1e-12 * l1)
    ex = 1.0, ey = 0.0;
  len = hypot(ex, ey);
  *ax = ex / len, *ay = ey / len;
  *radius = sqrt(sqrt(l1 * l2));
  *aspect = sqrt(l1 / l2);
}

typedef struct {
  const SmpDotsLayout *layout;
  double x0, y0, x1, y1;
  SmpDotsDensityFunc density;
  gpointer density_data;
  GArray *dots;
  gsize kept;
  double tile_mm;       /* surface placement: torus side on the skin coordinates' planes */
  guint32 salt;         /* surface placement: which sheet of skin coordinates (0: the dome) */
  SmpHeadSector sector; /* surface placement: where the dome's sites can lie */
} Gather;

static void
push_dot(Gather *g, double x, double y, double diameter_px, double opacity, double ax, double ay,
         double aspect, double softness)
{
  SmpDot d;
  double radius = 0.5 * diameter_px;
  if (radius < MIN_RADIUS) {
    opacity *= (radius / MIN_RADIUS) * (radius / MIN_RADIUS);
    radius = MIN_RADIUS;
  }
  d.x = (float)x;
  d.y = (float)y;
  d.radius = (float)radius;
  d.opacity = (float)CLAMP(opacity, 0.0, 1.0);
  d.axis_x = (float)ax;
  d.axis_y = (float)ay;
  d.aspect = (float)aspect;
  d.softness = (float)softness;
  d.shadow = FALSE;
  g_array_append_val(g->dots, d);
}

/* A dot of skin diameter `diameter` (pixels) at (x, y), seen through the projection if any. */
static void
push_skin_dot(Gather *g, const Projection *pr, double x, double y, double diameter, double opacity,
              double ax, double ay, double aspect, double softness)
{
  if (pr) {
    double radius = 0.5 * diameter;
    foreshorten(pr, &radius, &ax, &ay, &aspect);
    diameter = 2.0 * radius;
    /* The edge blurs in the skin; its picture is about as much narrower as the dot. */
    softness *= sqrt(pr->c);
  }
  push_dot(g, x, y, diameter, opacity, ax, ay, aspect, softness);
}

/* A healed impression of fresh skin diameter `fresh_px` (pixels): its shadow, then its core.
 * Through a projection the core is foreshortened like any dot, and the shadow stays round with the
 * area it has in the picture (sigma x sqrt(c)). */
static void
push_healed(Gather *g, const Projection *pr, double x, double y, double fresh_px, double opacity,
            double ax, double ay, double aspect)
{
  SmpHealedImpression h;
  smp_dots_healed_impression(g->layout, fresh_px, opacity, &h);
  double shrink = pr ? sqrt(pr->c) : 1.0;
  if (h.shadow_sigma > 0.0) {
    SmpDot d = {.x = (float)x,
                .y = (float)y,
                .opacity = (float)CLAMP(h.shadow_peak, 0.0, 1.0),
                .axis_x = 1.0f,
                .aspect = 1.0f,
                .softness = (float)(h.shadow_sigma * shrink),
                .shadow = TRUE};
    g_array_append_val(g->dots, d);
  }
  if (aspect == 1.0 && !pr) {
    SmpDot d = {.x = (float)x,
                .y = (float)y,
                .opacity = (float)CLAMP(h.core_peak, 0.0, 1.0),
                .axis_x = 1.0f,
                .aspect = 1.0f,
                .softness = (float)h.core_sigma,
                .shadow = TRUE};
    g_array_append_val(g->dots, d);
  } else {
    /* Elongated or foreshortened: a soft-edged ellipse keeps its direction. */
    push_skin_dot(g, pr, x, y, h.core_diameter, h.core_opacity, ax, ay, aspect, h.core_softness);
  }
}

/* The hair count (0-based) a unit's hash value `pick` in 0..1 draws from the mix; `zone` < 1 is
 * the local density fraction of a graded hairline zone, 1 the layout's own mix. */
static int
unit_hairs(const SmpDotsLayout *l, double pick, double zone)
{
  int hairs = 0;
  if (zone >= 1.0) {
    while (hairs < SMP_DOTS_MAX_HAIRS - 1 && pick >= l->hair_cumulative[hairs])
      hairs++;
    return hairs;
  }
  const double *mix = l->params.hair_mix;
  double weight[SMP_DOTS_MAX_HAIRS], total = mix[0];
  weight[0] = mix[0];
  for (int h = 1; h < SMP_DOTS_MAX_HAIRS; h++) {
    double t = CLAMP((zone - ZONE_START - ZONE_STAGGER * (h - 1)) / ZONE_RAMP, 0.0, 1.0);
    double ramp = t * t * (3.0 - 2.0 * t);
    weight[h] = mix[h] * ramp;
    weight[0] += mix[h] * (1.0 - ramp);
    total += mix[h];
  }
  double acc = weight[0] / total;
  while (hairs < SMP_DOTS_MAX_HAIRS - 1 && pick >= acc)
    acc += weight[++hairs] / total;
  return hairs;
}

/* Keeps or drops the unit `site` found at picture position (x, y) and pushes its dots. */
static void
place_unit(Gather *g, const SmpBluenoiseSite *site, double x, double y, const Projection *pr)
{
  const SmpDotsLayout *l = g->layout;
  const SmpDotsParams *p = &l->params;
  double zone = 1.0;
  if (g->density) {
    double f = CLAMP(g->density(g->density_data, x, y), 0.0, 1.0);
    if (!(site->rank + 0.5 < p->coverage * f * SMP_BLUENOISE_COUNT))
      return;
    if (p->graded)
      zone = f;
  }
  g->kept++;

  /* The identity of this FU: its rank in the set and the torus copy it sits in (and, on the
   * head, the sheet of skin coordinates). */
  guint32 copy = smp_hash32((guint32)site->tile_x * 0x9e3779b1u ^
                            smp_hash32((guint32)site->tile_y + 0x632be5abu));
  guint32 key = smp_hash3(p->seed ^ g->salt, site->rank, copy);

  int hairs = unit_hairs(l, smp_hash_unit(key, 0, STREAM_HAIRS), zone);
  gboolean healed = p->healed;
  double diameter = p->dot_size * l->hair_size[hairs] *
                    (1.0 + SIZE_SPREAD * p->size_jitter * smp_hash_signed(key, 0, STREAM_SIZE)) *
                    l->px_per_mm;
  if (zone < 1.0)
    diameter *= 1.0 - ZONE_SHRINK * (1.0 - zone) * (1.0 - zone);
  double opacity = l->hair_opacity[hairs] * (1.0 - OPACITY_SPREAD * p->opacity_jitter *
                                                       smp_hash_unit(key, 0, STREAM_OPACITY));
  if (p->opaque)
    opacity = 1.0;

  double ax = 1.0, ay = 0.0, aspect = 1.0;
  if (p->anisotropy > 0.0) {
    double strength;
    hair_axis(l, x, y, &ax, &ay, &strength);
    aspect = 1.0 + ANISOTROPY_ASPECT * p->anisotropy * strength;
  }
  if (healed)
    push_healed(g, pr, x, y, diameter, opacity, ax, ay, aspect);
  else
    push_skin_dot(g, pr, x, y, diameter, opacity, ax, ay, aspect, 0.0);

  if (hairs >= 2 && p->satellites > 0.0 &&
      smp_hash_unit(key, 0, STREAM_SATELLITE) < p->satellites) {
    for (int s = 0; s < hairs - 1; s++) {
      double angle = 2.0 * G_PI * smp_hash_unit(key, s, STREAM_SATELLITE_ANGLE);
      double dist =
          (SATELLITE_DISTANCE_MIN + (SATELLITE_DISTANCE_MAX - SATELLITE_DISTANCE_MIN) *
                                        smp_hash_unit(key, s, STREAM_SATELLITE_DISTANCE)) *
          l->px_per_mm;
      double size = SATELLITE_SIZE_MIN + (SATELLITE_SIZE_MAX - SATELLITE_SIZE_MIN) *
                                             smp_hash_unit(key, s, STREAM_SATELLITE_SIZE);
      double ox = dist * cos(angle), oy = dist * sin(angle);
      if (pr) {
        /* The offset lies on the skin: the picture shortens it along the slope. */
        double along = (1.0 - pr->c) * (ox * pr->gx + oy * pr->gy);
        ox -= along * pr->gx, oy -= along * pr->gy;
      }
      if (healed)
        push_healed(g, pr, x + ox, y + oy, diameter * size, opacity * SATELLITE_OPACITY, 1.0, 0.0,
                    1.0);
      else
        push_skin_dot(g, pr, x + ox, y + oy, diameter * size, opacity * SATELLITE_OPACITY, 1.0, 0.0,
                      1.0, 0.0);
    }
  }
}

static void
gather_site(const SmpBluenoiseSite *site, gpointer user_data)
{
  Gather *g = user_data;
  const SmpDotsLayout *l = g->layout;
  double x = site->u * l->tile_px, y = site->v * l->tile_px;
  if (x < g->x0 || x >= g->x1 || y < g->y0 || y >= g->y1)
    return;
  place_unit(g, site, x, y, NULL);
}

/* The projection at a surface point as the view sees it. */
static void
projection_from(const SmpHead *head, const SmpHeadPoint *pt, Projection *pr)
{
  pr->c = MAX(pt->foreshortening, FORESHORTENING_MIN);
  /* View mm (v up) to picture axes (y down), as smp_head_pixel_position turns them. */
  pr->gx = head->cos_a * pt->compress_u - head->sin_a * pt->compress_v;
  pr->gy = -head->sin_a * pt->compress_u - head->cos_a * pt->compress_v;
}

/* A unit at skin point `pt`: drawn where the view shows it, if it does. */
static void
place_skin_unit(Gather *g, const SmpBluenoiseSite *site, const SmpHeadPoint *pt)
{
  const SmpDotsLayout *l = g->layout;
  const SmpHead *head = l->surface;
  if (!(pt->foreshortening > 0.0))
    return;
  double u, v, x, y;
  smp_head_project(head, pt->pos, &u, &v);
  smp_head_pixel_position(head, u, v, &x, &y);
  const double scale = 1.0 / (double)(1u << l->level);
  x *= scale, y *= scale;
  if (x < g->x0 || x >= g->x1 || y < g->y0 || y >= g->y1)
    return;
  Projection pr;
  projection_from(head, pt, &pr);
  place_unit(g, site, x, y, &pr);
}

/* A site on the plane of the dome's equal-area map. */
static void
gather_dome_site(const SmpBluenoiseSite *site, gpointer user_data)
{
  Gather *g = user_data;
  const double s = site->u * g->tile_mm, t = site->v * g->tile_mm;
  double u, v;
  SmpHeadPoint pt;
  /* Most sites of the rectangle outside the sector are dropped before the costlier inverse. */
  if (smp_head_sector_holds(&g->sector, s, t) &&
      smp_head_equal_area_inverse(g->layout->surface, s, t, &u, &v, &pt))
    place_skin_unit(g, site, &pt);
}

/* A site on the plane of the straight sides (arc length, height). */
static void
gather_wall_site(const SmpBluenoiseSite *site, gpointer user_data)
{
  Gather *g = user_data;
  SmpHeadPoint pt;
  if (smp_head_wall_point(g->layout->surface, site->u * g->tile_mm, site->v * g->tile_mm, &pt))
    place_skin_unit(g, site, &pt);
}

/* Surface placement: the blue noise tiles each sheet of skin coordinates (areas there are skin
 * areas) and every site whose unit the view can show in the gather's rectangle is visited. */
static void
gather_surface(Gather *g, guint32 seed)
{
  const SmpDotsLayout *l = g->layout;
  const SmpHead *head = l->surface;
  const double level_scale = (double)(1u << l->level);
  const double px[4] = {g->x0, g->x1, g->x1, g->x0}, py[4] = {g->y0, g->y0, g->y1, g->y1};
  double cu[4], cv[4], s0, t0, s1, t1;
  for (int i = 0; i < 4; i++)
    smp_head_view_position(head, px[i] * level_scale, py[i] * level_scale, &cu[i], &cv[i]);
  g->tile_mm = l->tile_px / l->px_per_mm;
  SmpBluenoiseFrame frame;
  if (smp_head_dome_bounds(head, cu, cv, &s0, &t0, &s1, &t1, &g->sector)) {
    g->salt = 0;
    smp_bluenoise_frame_from_seed(&frame, seed);
    smp_bluenoise_visit(&frame, s0 / g->tile_mm, t0 / g->tile_mm, s1 / g->tile_mm, t1 / g->tile_mm,
                        l->rank_limit, gather_dome_site, g);
  }
  if (smp_head_wall_bounds(head, cu, cv, &s0, &t0, &s1, &t1)) {
    g->salt = WALL_SALT;
    smp_bluenoise_frame_from_seed(&frame, seed ^ WALL_SALT);
    smp_bluenoise_visit(&frame, s0 / g->tile_mm, t0 / g->tile_mm, s1 / g->tile_mm, t1 / g->tile_mm,
                        l->rank_limit, gather_wall_site, g);
  }
}

gsize
smp_dots_gather(const SmpDotsLayout *l, double x0, double y0, double x1, double y1,
                SmpDotsDensityFunc density, gpointer density_data, GArray *dots)
{
  g_return_val_if_fail(l != NULL && dots != NULL, 0);
  if (l->empty || !(x0 < x1) || !(y0 < y1))
    return 0;
  Gather g = {l, x0, y0, x1, y1, density, density_data, dots, 0, 0.0, 0, {0}};
  if (l->surface) {
    gather_surface(&g, l->params.seed);
    return g.kept;
  }
  SmpBluenoiseFrame frame;
  smp_bluenoise_frame_from_seed(&frame, l->params.seed);
  smp_bluenoise_visit(&frame, x0 / l->tile_px, y0 / l->tile_px, x1 / l->tile_px, y1 / l->tile_px,
                      l->rank_limit, gather_site, &g);
  return g.kept;
}
