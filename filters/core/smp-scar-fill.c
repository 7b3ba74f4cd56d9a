/* smp-scar-fill: the new dots inside and around a scar, from the follicle-dot engine matched to
 * the dots measured around it. See smp-scar.h. */
#include "smp-scar-private.h"

#include "smp-stats.h"

#include <math.h>
#include <string.h>

/* FU spacing on a near-hexagonal lattice: d = 10.7 / sqrt(N) mm for N FU/cm² (Cole's constant,
 * docs/dots-and-density.md). */
#define SPACING_MM_SQRT_FU 10.7
/* Side of the patch of dots drawn to calibrate the dot size. */
#define CALIBRATION_PATCH_MM 15.0

void
smp_dots_measure(const SmpDotsParams *params, SmpDotsStats *stats)
{
  g_return_if_fail(params != NULL && stats != NULL);
  SmpDotsParams p = *params;
  SmpDotsLayout layout;
  p.ppi = 254.0; /* 10 px per mm */
  p.density = 100.0;
  *stats = (SmpDotsStats){1.0, 1.0, 0.0, 0.0};
  if (!smp_dots_layout_init(&layout, &p, 0, NULL))
    return;
  GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpDot));
  smp_dots_gather(&layout, 0, 0, 300, 300, NULL, NULL, dots); /* 9 cm²: ~900 dots */
  if (dots->len > 0) {
    float *r = g_new(float, dots->len), *a = g_new(float, dots->len);
    for (guint i = 0; i < dots->len; i++) {
      r[i] = g_array_index(dots, SmpDot, i).radius;
      a[i] = g_array_index(dots, SmpDot, i).opacity;
    }
    const double radius = smp_median(r, dots->len);
    stats->size_factor = 2.0 * radius / (p.dot_size * 10.0);
    stats->size_spread = smp_relative_spread(r, dots->len, radius);
    stats->opacity = smp_median(a, dots->len);
    stats->opacity_spread = smp_relative_spread(a, dots->len, stats->opacity);
    g_free(r);
    g_free(a);
  }
  g_array_unref(dots);
}

/* Both spreads grow in proportion to the engine's jitter. */
void
smp_scar_match_spread(const SmpScarAnalysis *a, SmpDotsParams *params)
{
  g_return_if_fail(a != NULL && params != NULL);
  SmpDotsStats unit;
  for (int h = 0; h < SMP_DOTS_MAX_HAIRS; h++)
    params->hair_mix[h] = h == 1 ? 1.0 : 0.0;
  params->size_jitter = params->opacity_jitter = 1.0;
  smp_dots_measure(params, &unit);
  params->size_jitter =
      unit.size_spread > 0.0 ? CLAMP(a->dot_diameter_spread / unit.size_spread, 0.0, 1.0) : 0.0;
  params->opacity_jitter = unit.opacity_spread > 0.0
                               ? CLAMP(a->dot_contrast_spread / unit.opacity_spread, 0.0, 1.0)
                               : 0.0;
}

/* The luminance of a side x side patch of the engine's dots drawn over the measured skin in linear
 * light, as a camera sees pigment. */
static void
draw_patch(const SmpScarAnalysis *a, const SmpDotsLayout *layout, int side, double opacity,
           SmpLumaFunc luma_func, gpointer luma_data, float *luma)
{
  const gsize n = (gsize)side * side;
  float *alpha = g_new0(float, n), *rgb = g_new(float, 3 * n);
  GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpDot));
  smp_dots_gather(layout, 0, 0, side, side, NULL, NULL, dots);
  for (guint i = 0; i < dots->len; i++)
    smp_dot_splat(&g_array_index(dots, SmpDot, i), alpha, side, 0, 0, side, side);
  for (gsize i = 0; i < n; i++) {
    float t = fminf(alpha[i] * (float)opacity, 1.0f);
    for (int c = 0; c < 3; c++)
      rgb[3 * i + c] = a->skin_rgb[c] + t * (a->dot_rgb[c] - a->skin_rgb[c]);
  }
  luma_func(luma_data, rgb, luma, n);
  g_array_unref(dots);
  g_free(alpha);
  g_free(rgb);
}

/* The patch is measured by the same analysis as the photo; the size is corrected by the ratio,
 * twice, the measurement being nearly proportional to it. This absorbs whatever the measurement
 * does at soft, small edges. */
double
smp_scar_calibrate_dot_size(const SmpScarAnalysis *a, const SmpDotsParams *params, int level,
                            double opacity, SmpLumaFunc luma_func, gpointer luma_data)
{
  g_return_val_if_fail(a != NULL && params != NULL && luma_func != NULL, 0.0);
  const double ppm = a->px_per_mm;
  const int side = CLAMP((int)ceil(CALIBRATION_PATCH_MM * ppm), 32, 1024);
  float *luma = g_new(float, (gsize)side *side);
  SmpDotsParams p = *params;
  for (int round = 0; round < 2; round++) {
    SmpDotsLayout layout;
    if (!smp_dots_layout_init(&layout, &p, level, NULL))
      break;
    draw_patch(a, &layout, side, opacity, luma_func, luma_data, luma);
    SmpScarSettings settings = {ppm, SMP_SCAR_DETECT_WHOLE_AREA, 0.0};
    SmpScarAnalysis *patch = smp_scar_analyse(luma, NULL, side, side, &settings);
    gboolean ok = patch->dots_found && patch->dot_diameter_mm > 0.0;
    if (ok)
      p.dot_size = CLAMP(p.dot_size * a->dot_diameter_mm / patch->dot_diameter_mm, 0.02, 3.0);
    smp_scar_analysis_free(patch);
    if (!ok)
      break;
  }
  g_free(luma);
  return p.dot_size;
}

typedef struct {
  const SmpScarAnalysis *analysis;
  int x0, y0;
  double band_px;
} Weight;

static double
feather_at(gpointer user_data, double x, double y)
{
  const Weight *w = user_data;
  return smp_scar_feather_weight(w->analysis, x - w->x0, y - w->y0, w->band_px);
}

/* Moves the gathered dots [first, dots->len) between the existing dots and drops the rest. */
static gsize
place_gathered(const SmpScarAnalysis *a, double spacing_px, double band_px, int x0, int y0,
               GArray *dots, guint first)
{
  const guint n = dots->len - first;
  SmpDot *gathered = &g_array_index(dots, SmpDot, first);
  SmpScarCandidate *cand = g_new(SmpScarCandidate, MAX(n, 1));
  gboolean *keep = g_new(gboolean, MAX(n, 1));
  for (guint i = 0; i < n; i++) {
    const SmpDot *d = &gathered[i];
    double reach = d->radius * sqrt(d->aspect) + (d->softness > 0.0f ? 3.0 * d->softness : 0.0);
    cand[i] = (SmpScarCandidate){d->x - x0, d->y - y0, reach + 1.0};
  }
  SmpScarPlacement placement = {spacing_px, band_px};
  smp_scar_place(a, &placement, cand, n, keep);
  guint kept = 0;
  for (guint i = 0; i < n; i++)
    if (keep[i]) {
      SmpDot d = gathered[i];
      d.x = (float)(cand[i].x + x0);
      d.y = (float)(cand[i].y + y0);
      gathered[kept++] = d;
    }
  g_array_set_size(dots, first + kept);
  g_free(cand);
  g_free(keep);
  return kept;
}

gsize
smp_scar_fill(const SmpScarAnalysis *a, const SmpDotsLayout *layout, int x0, int y0, double band_px,
              GArray *dots)
{
  g_return_val_if_fail(a != NULL && layout != NULL && dots != NULL, 0);
  const guint first = dots->len;
  Weight weight = {a, x0, y0, band_px};
  smp_dots_gather(layout, x0, y0, x0 + a->width, y0 + a->height, feather_at, &weight, dots);
  const double spacing = SPACING_MM_SQRT_FU / sqrt(layout->params.density) * a->px_per_mm;
  return place_gathered(a, spacing, band_px, x0, y0, dots, first);
}
