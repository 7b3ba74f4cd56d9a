/* Follicle dots: a render's layout (parameters, derived constants) and what its dots add up to
 * (mean darkness, reach). Placement is in smp-dots-place.c, drawing in smp-dots-draw.c. */
#include "smp-bluenoise.h"
#include "smp-color.h"
#include "smp-dots-private.h"

#include <math.h>
#include <string.h>

/* Diameter and darkness of a unit by hair count (1..4 hairs), before normalising the diameters to
 * a mean of 1 over the mix: more hairs read as a larger, denser shadow in a buzz cut. */
static const double hair_size_base[SMP_DOTS_MAX_HAIRS] = {0.80, 0.95, 1.10, 1.22};
static const double hair_opacity_base[SMP_DOTS_MAX_HAIRS] = {0.78, 0.90, 0.97, 1.00};

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

/* How far the ink of a dot reaches from its FU centre: mirrors dot_extent() in smp-dots-draw.c. */
static double
ink_reach(double offset, double radius, double aspect, double softness)
{
  double edge = softness > 0.0 ? 3.0 * softness + 1.0 : 1.0;
  return offset + MAX(radius, MIN_RADIUS) * sqrt(aspect) + edge;
}

void
smp_dots_healed_impression(const SmpDotsLayout *l, double fresh, double opacity,
                           SmpHealedImpression *h)
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
    SmpHealedImpression h;
    smp_dots_healed_impression(l, diameter, 1.0, &h);
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
