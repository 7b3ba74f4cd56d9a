#include "smp-dots.h"
#include "smp-bluenoise.h"
#include "smp-color.h"
#include "smp-random.h"

#include <math.h>
#include <string.h>

/* Diameter and darkness of a unit by hair count (1..4 hairs), before normalising the diameters to
 * a mean of 1 over the mix: more hairs read as a larger, denser shadow in a buzz cut. */
static const double hair_size_base[SMP_DOTS_MAX_HAIRS] = {0.80, 0.95, 1.10, 1.22};
static const double hair_opacity_base[SMP_DOTS_MAX_HAIRS] = {0.78, 0.90, 0.97, 1.00};

/* Healed dots (docs/healed-appearance.md): the visible core of a 250 µm impression heals to
 * 100-150 µm, about half the diameter (docs/dots-and-density.md, Needles and impressions); around
 * it the dermal deposit casts a soft shadow that holds the rest of the darkening the eye sees, the
 * deposit's area times the skin's fluence build-up. */
#define HEALED_SIZE 0.55
#define HEALED_OPACITY 0.92
/* Peak of the shadow relative to the core's, and how far it is drawn (in sigmas). */
#define SHADOW_PEAK 0.7
#define SHADOW_EXTENT 2.0
/* Size jitter 1 spreads diameters by +-40 %; opacity jitter 1 lightens dots by up to 50 %. */
#define SIZE_SPREAD 0.4
#define OPACITY_SPREAD 0.5
/* Satellite micro-dots: 0.2-0.4 mm from the unit centre, 35-50 % of its diameter. */
#define SATELLITE_DISTANCE_MIN 0.2
#define SATELLITE_DISTANCE_MAX 0.4
#define SATELLITE_SIZE_MIN 0.35
#define SATELLITE_SIZE_MAX 0.50
#define SATELLITE_OPACITY 0.85
/* Anisotropy 1 gives an aspect ratio of 1.5 (docs/hair-direction.md, What the op does). */
#define ANISOTROPY_ASPECT 0.5
/* The crown spiral turns the radial direction by this angle (a model choice, same section). */
#define WHORL_SPIRAL_DEG 70.0
/* Dots smaller than this radius (pixels) are drawn at it with proportionally lower alpha, so tone
 * survives zoomed-out mipmap levels. */
#define MIN_RADIUS 0.5
/* Crisp dots with a short semi-axis below SMALL_DOT_RADIUS pixels are drawn with 4 x 4 samples
 * per pixel, below twice that with 2 x 2. */
#define SMALL_DOT_RADIUS 2.0f

/* Foreshortening is limited to 1:50, where a dot is a line a pixel wide at any practical size. */
#define FORESHORTENING_MIN 0.02
/* Units of the head's straight sides are told apart from those of its dome by this seed salt. */
#define WALL_SALT 0x5a11u

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

void
smp_dots_params_init(SmpDotsParams *p)
{
  g_return_if_fail(p != NULL);
  *p = (SmpDotsParams){
      .ppi = 300.0,
      .density = 70.0,
      .coverage = 1.0,
      .dot_size = 0.25,
      .size_jitter = 0.3,
      .opacity_jitter = 0.2,
      .hair_mix = {20.0, 45.0, 30.0, 5.0},
      .satellites = 0.0,
      .anisotropy = 0.0,
      .hair_direction = 90.0,
      .whorl_radius = 0.0,
      .whorl_clockwise = TRUE,
      .healed = FALSE,
      .years = 0.0,
      .skin_reflectance = 0.5,
      .seed = 0,
  };
}

static gboolean
in_range(double v, double lo, double hi)
{
  return isfinite(v) && v >= lo && v <= hi;
}

gboolean
smp_dots_layout_init(SmpDotsLayout *l, const SmpDotsParams *p, int level, GError **error)
{
  g_return_val_if_fail(l != NULL && p != NULL, FALSE);
  const char *bad = NULL;
  if (!in_range(p->ppi, 1e-3, 1e6))
    bad = "ppi must be positive";
  else if (!in_range(p->density, 0.0, 1e6))
    bad = "density must be >= 0 impressions/cm²";
  else if (!in_range(p->coverage, 0.0, 1.0))
    bad = "coverage must be within 0..1";
  else if (!in_range(p->dot_size, 1e-6, 1e3))
    bad = "dot-size must be positive";
  else if (!in_range(p->size_jitter, 0.0, 1.0) || !in_range(p->opacity_jitter, 0.0, 1.0))
    bad = "size-jitter and opacity-jitter must be within 0..1";
  else if (!in_range(p->satellites, 0.0, 1.0) || !in_range(p->anisotropy, 0.0, 1.0))
    bad = "satellites and anisotropy must be within 0..1";
  else if (!isfinite(p->hair_direction) || !isfinite(p->whorl_x) || !isfinite(p->whorl_y) ||
           !in_range(p->whorl_radius, 0.0, 1e6))
    bad = "hair direction and whorl must be finite, whorl-radius >= 0";
  else if (!in_range(p->years, 0.0, SMP_YEARS_MAX))
    bad = "years must be within 0..10 (years since the treatment healed)";
  else if (!in_range(p->skin_reflectance, 0.0, 1.0))
    bad = "skin reflectance must be within 0..1";
  else if (level < 0 || level > 30)
    bad = "mipmap level must be within 0..30";
  double mix_sum = 0.0;
  for (int h = 0; h < SMP_DOTS_MAX_HAIRS && !bad; h++) {
    if (!in_range(p->hair_mix[h], 0.0, 1e6))
      bad = "hair-mix weights must be >= 0";
    mix_sum += p->hair_mix[h];
  }
  if (!bad && !(mix_sum > 0.0))
    bad = "at least one hair-mix weight must be positive";
  if (bad) {
    g_set_error_literal(error, SMP_ERROR, SMP_ERROR_BAD_VALUE, bad);
    return FALSE;
  }

  memset(l, 0, sizeof *l);
  l->params = *p;
  l->level = level;
  l->px_per_mm = p->ppi / 25.4 / (double)(1u << level);
  l->empty = !(p->density > 0.0) || !(p->coverage > 0.0);
  /* Keep rank r iff r + 0.5 < coverage x fraction x COUNT; this bounds r for fraction 1. */
  double limit = ceil(p->coverage * SMP_BLUENOISE_COUNT - 0.5);
  l->rank_limit = (guint32)CLAMP(limit, 0.0, (double)SMP_BLUENOISE_COUNT);
  if (l->rank_limit == 0)
    l->empty = TRUE;
  /* COUNT points per tile^2 at `density` per cm²: tile side in mm. */
  l->tile_px = l->empty ? 1.0 : sqrt(SMP_BLUENOISE_COUNT / p->density) * 10.0 * l->px_per_mm;

  double mean_size = 0.0, acc = 0.0;
  for (int h = 0; h < SMP_DOTS_MAX_HAIRS; h++)
    mean_size += p->hair_mix[h] / mix_sum * hair_size_base[h];
  for (int h = 0; h < SMP_DOTS_MAX_HAIRS; h++) {
    l->hair_size[h] = hair_size_base[h] / mean_size;
    l->hair_opacity[h] = hair_opacity_base[h];
    acc += p->hair_mix[h] / mix_sum;
    l->hair_cumulative[h] = acc;
  }
  l->hair_cumulative[SMP_DOTS_MAX_HAIRS - 1] = 1.0;

  smp_color_ageing(p->years, &l->ageing);
  l->buildup = smp_color_buildup(p->skin_reflectance);

  double theta = p->hair_direction * G_PI / 180.0;
  l->direction_x = cos(theta);
  l->direction_y = -sin(theta); /* image y points down */
  return TRUE;
}

void
smp_dots_layout_set_surface(SmpDotsLayout *l, const SmpHead *head)
{
  l->surface = head;
}

static double
max_hair_size(const SmpDotsLayout *l)
{
  double m = 0.0;
  for (int h = 0; h < SMP_DOTS_MAX_HAIRS; h++)
    if (l->params.hair_mix[h] > 0.0 && l->hair_size[h] > m)
      m = l->hair_size[h];
  return m;
}

/* How far the ink of a dot reaches from its FU centre: mirrors dot_extent() below. */
static double
ink_reach(double offset, double radius, double aspect, double softness)
{
  double edge = softness > 0.0 ? 3.0 * softness + 1.0 : 1.0;
  return offset + MAX(radius, MIN_RADIUS) * sqrt(aspect) + edge;
}

/* The healed look of an impression of fresh diameter `fresh` (pixels) and peak alpha `opacity`:
 * a soft core, and the shadow the dermal deposit casts around it. */
typedef struct {
  double core_diameter, core_opacity, core_softness;
  double core_sigma, core_peak;     /* the core as a round Gaussian of the same ink */
  double shadow_sigma, shadow_peak; /* sigma 0: no shadow */
} HealedImpression;

static void
healed_impression(const SmpDotsLayout *l, double fresh, double opacity, HealedImpression *h)
{
  const SmpAgeing *a = &l->ageing;
  double deposit = fresh * a->spread;
  h->core_diameter = HEALED_SIZE * deposit;
  h->core_opacity = opacity * HEALED_OPACITY * a->ink;
  h->core_softness = a->softness * h->core_diameter;
  /* A Gaussian holds the ink of a disc of diameter d at the same peak with sigma^2 = d^2 / 8; the
   * ageing softness widens it at constant ink. */
  double disc = h->core_diameter * h->core_diameter / 8.0;
  h->core_sigma = sqrt(disc + h->core_softness * h->core_softness);
  double kept = erf(SHADOW_EXTENT / G_SQRT2) * erf(SHADOW_EXTENT / G_SQRT2); /* of the square */
  h->core_peak = h->core_opacity * disc / (h->core_sigma * h->core_sigma * kept);
  h->shadow_peak = SHADOW_PEAK * h->core_opacity;
  h->shadow_sigma = 0.0;
  /* The darkening the eye sees is the deposit's area times the build-up, at the core's darkness;
   * what the core does not hold goes into the shadow, whose part under the core the core hides. */
  double core_area = 0.25 * G_PI * h->core_diameter * h->core_diameter;
  double total = 0.25 * G_PI * deposit * deposit * l->buildup;
  double shadow = total - core_area + SHADOW_PEAK * core_area; /* in units of core opacity */
  if (!(shadow > 0.0) || !(h->shadow_peak > 0.0) || l->params.opaque)
    return;
  h->shadow_sigma = sqrt(shadow / (2.0 * G_PI * SHADOW_PEAK * kept));
}

double
smp_dots_mean_alpha(const SmpDotsLayout *l)
{
  const SmpDotsParams *p = &l->params;
  if (l->empty)
    return 0.0;
  /* E[(1 + s u)^2] for u uniform in -1..1, and E[1 - o u] for u uniform in 0..1. */
  double size2 = 1.0 + SIZE_SPREAD * SIZE_SPREAD * p->size_jitter * p->size_jitter / 3.0;
  double darkness = p->opaque ? 1.0 : 1.0 - 0.5 * OPACITY_SPREAD * p->opacity_jitter;
  double mix_sum = 0.0, ink = 0.0; /* mm² at full strength per impression */
  for (int h = 0; h < SMP_DOTS_MAX_HAIRS; h++) {
    double d = p->dot_size * l->hair_size[h];
    double area = 0.25 * G_PI * d * d * size2 * (p->opaque ? 1.0 : l->hair_opacity[h]);
    if (p->healed)
      area *= HEALED_OPACITY * l->ageing.ink * l->ageing.spread * l->ageing.spread * l->buildup;
    ink += p->hair_mix[h] * area;
    mix_sum += p->hair_mix[h];
  }
  double per_mm2 = p->density * p->coverage / 100.0 * darkness * ink / mix_sum;
  /* Dots combine with max(): a plane of blobs of peak P, holding m of alpha per unit area, averages
   * about P (1 - exp(-m / P)); healed blobs mostly show their shadow's peak. */
  double opacity = 0.0;
  for (int h = 0; h < SMP_DOTS_MAX_HAIRS; h++)
    opacity += p->hair_mix[h] / mix_sum * (p->opaque ? 1.0 : l->hair_opacity[h]);
  double peak = darkness * opacity;
  if (p->healed)
    peak *= SHADOW_PEAK * HEALED_OPACITY * l->ageing.ink;
  return peak > 0.0 ? peak * (1.0 - exp(-per_mm2 / peak)) : 0.0;
}

double
smp_dots_reach(const SmpDotsLayout *l)
{
  g_return_val_if_fail(l != NULL, 0.0);
  const SmpDotsParams *p = &l->params;
  double diameter =
      p->dot_size * max_hair_size(l) * (1.0 + SIZE_SPREAD * p->size_jitter) * l->px_per_mm;
  double softness = 0.0, shadow = 0.0;
  if (p->healed) {
    HealedImpression h;
    healed_impression(l, diameter, 1.0, &h);
    diameter = h.core_diameter;
    softness = h.core_softness;
    shadow = SHADOW_EXTENT * h.shadow_sigma + 1.0;
  }
  double aspect = 1.0 + ANISOTROPY_ASPECT * p->anisotropy;
  double reach = MAX(ink_reach(0.0, 0.5 * diameter, aspect, softness), shadow);
  if (p->satellites > 0.0)
    reach = MAX(reach,
                ink_reach(SATELLITE_DISTANCE_MAX * l->px_per_mm,
                          0.5 * diameter * SATELLITE_SIZE_MAX, 1.0, softness * SATELLITE_SIZE_MAX));
  /* One more pixel for rounding of positions and of the pixel ranges drawn. */
  return reach + 1.0;
}

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
  HealedImpression h;
  healed_impression(g->layout, fresh_px, opacity, &h);
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

/* Keeps or drops the unit `site` found at picture position (x, y) and pushes its dots. */
static void
place_unit(Gather *g, const SmpBluenoiseSite *site, double x, double y, const Projection *pr)
{
  const SmpDotsLayout *l = g->layout;
  const SmpDotsParams *p = &l->params;
  if (g->density) {
    double f = g->density(g->density_data, x, y);
    if (!(site->rank + 0.5 < p->coverage * CLAMP(f, 0.0, 1.0) * SMP_BLUENOISE_COUNT))
      return;
  }
  g->kept++;

  /* The identity of this FU: its rank in the set and the torus copy it sits in (and, on the
   * head, the sheet of skin coordinates). */
  guint32 copy = smp_hash32((guint32)site->tile_x * 0x9e3779b1u ^
                            smp_hash32((guint32)site->tile_y + 0x632be5abu));
  guint32 key = smp_hash3(p->seed ^ g->salt, site->rank, copy);

  double pick = smp_hash_unit(key, 0, STREAM_HAIRS);
  int hairs = 0;
  while (hairs < SMP_DOTS_MAX_HAIRS - 1 && pick >= l->hair_cumulative[hairs])
    hairs++;

  gboolean healed = p->healed;
  double diameter = p->dot_size * l->hair_size[hairs] *
                    (1.0 + SIZE_SPREAD * p->size_jitter * smp_hash_signed(key, 0, STREAM_SIZE)) *
                    l->px_per_mm;
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

/* Half extents of the dot's ink, including its edge. */
static void
dot_extent(const SmpDot *d, double *ex, double *ey)
{
  if (d->shadow) {
    *ex = *ey = SHADOW_EXTENT * d->softness + 1.0;
    return;
  }
  double sa = sqrt(d->aspect), a = d->radius * sa, b = d->radius / sa;
  double edge = d->softness > 0.0f ? 3.0 * d->softness + 1.0 : 1.0;
  *ex = sqrt(a * a * d->axis_x * d->axis_x + b * b * d->axis_y * d->axis_y) + edge;
  *ey = sqrt(a * a * d->axis_y * d->axis_y + b * b * d->axis_x * d->axis_x) + edge;
}

/* The pixels a dot may draw: [x0, x1) x [y0, y1). Drawing and binning both use these bounds, so
 * a pixel gets the same dots whichever cell or tile it falls in. */
static void
dot_pixels(const SmpDot *d, int *x0, int *y0, int *x1, int *y1)
{
  double ex, ey;
  dot_extent(d, &ex, &ey);
  *x0 = (int)floor(d->x - ex);
  *x1 = (int)ceil(d->x + ex) + 1;
  *y0 = (int)floor(d->y - ey);
  *y1 = (int)ceil(d->y + ey) + 1;
}

/* 0.5 erfc(u), from erf(u) ~ tanh(2/sqrt(pi) u + 0.1009 u^3) (error < 4e-4): a third of the cost
 * of erfcf, which the soft edges of healed dots spend most of their time in. */
static inline float
soft_edge(float u)
{
  u = CLAMP(u, -4.0f, 4.0f);
  return 1.0f / (1.0f + expf(2.0f * u * (1.1283792f + 0.1009f * u * u)));
}

/* A shadow: a Gaussian whose ink (2 pi sigma^2 peak) survives the pixel box, drawn over the square
 * of SHADOW_EXTENT sigmas around its centre. Separable: one product per pixel. */
static void
splat_shadow(const SmpDot *d, float *alpha, int stride, int x0, int y0, int px0, int py0, int px1,
             int py1)
{
  const float s2 = d->softness * d->softness, e2 = s2 + 1.0f / 12.0f;
  const float peak = d->opacity * s2 / e2, k = -0.5f / e2;
  float across[px1 - px0];
  for (int px = px0; px < px1; px++) {
    float dx = (float)px + 0.5f - d->x;
    across[px - px0] = expf(k * dx * dx);
  }
  for (int py = py0; py < py1; py++) {
    float *row = alpha + (gsize)(py - y0) * stride - x0 + px0;
    float dy = (float)py + 0.5f - d->y, down = peak * expf(k * dy * dy);
    for (int i = 0; i < px1 - px0; i++) {
      float a = down * across[i];
      row[i] = a > row[i] ? a : row[i];
    }
  }
}

void
smp_dot_splat(const SmpDot *d, float *alpha, int stride, int x0, int y0, int width, int height)
{
  g_return_if_fail(d != NULL && alpha != NULL);
  int px0, py0, px1, py1;
  dot_pixels(d, &px0, &py0, &px1, &py1);
  px0 = MAX(x0, px0), px1 = MIN(x0 + width, px1);
  py0 = MAX(y0, py0), py1 = MIN(y0 + height, py1);
  if (px0 >= px1 || py0 >= py1)
    return;
  if (d->shadow) {
    splat_shadow(d, alpha, stride, x0, y0, px0, py0, px1, py1);
    return;
  }

  const float cx = d->x, cy = d->y, r = d->radius, peak = d->opacity;
  const gboolean round = d->aspect == 1.0f;
  const float sa = sqrtf(d->aspect), ia2 = 1.0f / (r * sa * r * sa),
              ib2 = 1.0f / ((r / sa) * (r / sa));
  /* Pixel integration adds a 1/sqrt(12) px box-filter sigma to the Gaussian edge. */
  const float sigma = d->softness > 0.0f ? sqrtf(d->softness * d->softness + 1.0f / 12.0f) : 0.0f;
  const float inv_sigma_sqrt2 = sigma > 0.0f ? 1.0f / (sigma * (float)G_SQRT2) : 0.0f;
  /* An erfc profile across the edge of a disc of radius R holds pi (R^2 + sigma^2) of ink; moving
   * the edge in to sqrt(R^2 - sigma^2) keeps the ink (and the apparent size) of the disc. */
  const float inset = sigma > 0.0f ? r - sqrtf(MAX(r * r - sigma * sigma, 0.25f * r * r)) : 0.0f;
  /* A one-pixel ramp misjudges the area of crisp dots only a few pixels across: sample those on
   * a finer grid, each sample with a ramp one subpixel wide. */
  const float short_axis = r / sa;
  const int sub = sigma > 0.0f                           ? 1
                  : short_axis < SMALL_DOT_RADIUS        ? 4
                  : short_axis < 2.0f * SMALL_DOT_RADIUS ? 2
                                                         : 1;
  const float step = 1.0f / sub, ramp = (float)sub, weight = 1.0f / (sub * sub);

  for (int py = py0; py < py1; py++) {
    float *row = alpha + (gsize)(py - y0) * stride - x0;
    for (int px = px0; px < px1; px++) {
      float a = 0.0f;
      for (int sy = 0; sy < sub; sy++)
        for (int sx = 0; sx < sub; sx++) {
          float dx = (float)px + (sx + 0.5f) * step - cx, dy = (float)py + (sy + 0.5f) * step - cy;
          float sd; /* signed distance to the edge, negative inside */
          if (round) {
            sd = sqrtf(dx * dx + dy * dy) - r;
          } else {
            float p = dx * d->axis_x + dy * d->axis_y, q = dy * d->axis_x - dx * d->axis_y;
            float rho2 = p * p * ia2 + q * q * ib2;
            float grad = sqrtf(p * p * ia2 * ia2 + q * q * ib2 * ib2);
            /* First-order distance to the ellipse from its implicit function rho^2 - 1. */
            sd = grad > 1e-12f ? 0.5f * (rho2 - 1.0f) / grad : -r;
          }
          if (sigma > 0.0f)
            a += soft_edge((sd + inset) * inv_sigma_sqrt2);
          else
            a += CLAMP(0.5f - sd * ramp, 0.0f, 1.0f);
        }
      a *= peak * weight;
      if (a > row[px])
        row[px] = a;
    }
  }
}

void
smp_dot_bins_build(SmpDotBins *bins, const SmpDot *dots, gsize n_dots, int x0, int y0, int width,
                   int height, int cell)
{
  g_return_if_fail(bins != NULL && (dots != NULL || n_dots == 0));
  bins->x0 = x0;
  bins->y0 = y0;
  bins->cell = cell;
  bins->cols = MAX(1, (width + cell - 1) / cell);
  bins->rows = MAX(1, (height + cell - 1) / cell);
  gsize n_cells = (gsize)bins->cols * bins->rows;
  bins->start = g_new0(guint32, n_cells + 1);

  /* Two passes over the dots: count per cell, then fill. */
  for (int pass = 0; pass < 2; pass++) {
    guint32 *fill = pass ? g_memdup2(bins->start, sizeof(guint32) * n_cells) : NULL;
    for (gsize i = 0; i < n_dots; i++) {
      int px0, py0, px1, py1;
      dot_pixels(&dots[i], &px0, &py0, &px1, &py1);
      int c0 = (int)floor((double)(px0 - x0) / cell),
          c1 = (int)floor((double)(px1 - 1 - x0) / cell);
      int r0 = (int)floor((double)(py0 - y0) / cell),
          r1 = (int)floor((double)(py1 - 1 - y0) / cell);
      c0 = MAX(c0, 0), r0 = MAX(r0, 0);
      c1 = MIN(c1, bins->cols - 1), r1 = MIN(r1, bins->rows - 1);
      for (int r = r0; r <= r1; r++)
        for (int c = c0; c <= c1; c++) {
          gsize k = (gsize)r * bins->cols + c;
          if (pass == 0)
            bins->start[k + 1]++;
          else
            bins->index[fill[k]++] = (guint32)i;
        }
    }
    if (pass == 0) {
      for (gsize k = 0; k < n_cells; k++)
        bins->start[k + 1] += bins->start[k];
      bins->index = g_new(guint32, MAX(bins->start[n_cells], 1));
    }
    g_free(fill);
  }
}

void
smp_dot_bins_clear(SmpDotBins *bins)
{
  g_return_if_fail(bins != NULL);
  g_clear_pointer(&bins->start, g_free);
  g_clear_pointer(&bins->index, g_free);
}

void
smp_dot_bins_splat(const SmpDotBins *bins, const SmpDot *dots, float *alpha, int stride, int x,
                   int y, int width, int height)
{
  g_return_if_fail(bins != NULL && alpha != NULL);
  int c0 = MAX(0, (x - bins->x0) / bins->cell);
  int c1 = MIN(bins->cols - 1, (x + width - 1 - bins->x0) / bins->cell);
  int r0 = MAX(0, (y - bins->y0) / bins->cell);
  int r1 = MIN(bins->rows - 1, (y + height - 1 - bins->y0) / bins->cell);
  for (int r = r0; r <= r1; r++)
    for (int c = c0; c <= c1; c++) {
      /* Clip each dot to this cell: a dot spanning several cells draws each pixel once. */
      int cx0 = MAX(x, bins->x0 + c * bins->cell), cy0 = MAX(y, bins->y0 + r * bins->cell);
      int cx1 = MIN(x + width, bins->x0 + (c + 1) * bins->cell);
      int cy1 = MIN(y + height, bins->y0 + (r + 1) * bins->cell);
      if (cx0 >= cx1 || cy0 >= cy1)
        continue;
      gsize k = (gsize)r * bins->cols + c;
      float *sub = alpha + (gsize)(cy0 - y) * stride + (cx0 - x);
      for (guint32 i = bins->start[k]; i < bins->start[k + 1]; i++)
        smp_dot_splat(&dots[bins->index[i]], sub, stride, cx0, cy0, cx1 - cx0, cy1 - cy0);
    }
}
