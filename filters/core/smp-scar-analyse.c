/* smp-scar-analyse: the analysis of the area around a scar: the scar, the existing dots, and the
 * density, size, darkness and colours of the dots around it. See smp-scar.h. */
#include "smp-scar-private.h"

#include "smp-plane.h"
#include "smp-stats.h"

#include <math.h>
#include <string.h>

#define RING_MARGIN_MM 0.3 /* surroundings measured from this far from the scar (a rim a pixel */
                           /* off would bias the count) ... */
#define RING_WIDTH_MM 8.0  /* ... up to this far */

/* Marks the pixels that belong to the photo; returns how many do. */
static gsize
valid_pixels(const float *alpha, gsize n_px, guint8 *valid)
{
  gsize n_valid = 0;
  for (gsize i = 0; i < n_px; i++)
    n_valid += valid[i] = alpha ? alpha[i] >= 0.5f : 1;
  return n_valid;
}

/* Surroundings: the ring outside the scar (whole-area mode: everything), restricted to the part
 * that carries dots, i.e. within a typical neighbour distance `reach` of one, so that bare skin at
 * the edge of the area does not dilute the density. Marks the ring in a->ring_skin and the dots in
 * it in a->dot_in_ring, and measures them. */
static void
measure_ring(SmpScarAnalysis *a, const guint8 *valid, const float *dot_d2, double reach,
             double ring_mm)
{
  const int w = a->width, h = a->height;
  const gsize n_px = (gsize)w * h;
  const double ppm = a->px_per_mm;
  const gboolean whole = a->detect == SMP_SCAR_DETECT_WHOLE_AREA;
  const double ring = ring_mm * ppm, margin = MAX(1.0, RING_MARGIN_MM * ppm);
  gsize ring_px = 0;
  for (gsize i = 0; i < n_px; i++) {
    gboolean in = valid[i] && (whole || (a->scar_dist[i] >= margin && a->scar_dist[i] <= ring)) &&
                  dot_d2[i] <= reach * reach;
    a->ring_skin[i] = in;
    ring_px += in;
  }
  float *diam = g_new(float, MAX(a->n_dots, 1)), *contrast = g_new(float, MAX(a->n_dots, 1));
  for (int k = 0; k < a->n_dots; k++) {
    const SmpFoundDot *d = &a->dots[k];
    gsize i = (gsize)CLAMP((int)d->y, 0, h - 1) * w + CLAMP((int)d->x, 0, w - 1);
    a->dot_in_ring[k] = a->ring_skin[i] != 0;
    if (a->dot_in_ring[k]) {
      diam[a->ring_dots] = d->diameter;
      contrast[a->ring_dots] = d->contrast;
      a->ring_dots++;
    }
  }
  a->ring_area_mm2 = ring_px / (ppm * ppm);
  if (a->ring_dots >= MIN_RING_DOTS) {
    a->dots_found = TRUE;
    a->density = a->ring_dots / (a->ring_area_mm2 / 100.0);
    a->dot_diameter_mm = smp_median(diam, a->ring_dots) / ppm;
    a->dot_contrast = smp_median(contrast, a->ring_dots);
    a->dot_diameter_spread = smp_relative_spread(diam, a->ring_dots, a->dot_diameter_mm * ppm);
    a->dot_contrast_spread = smp_relative_spread(contrast, a->ring_dots, a->dot_contrast);
  }
  g_free(diam);
  g_free(contrast);
}

/* Skin pixels of the ring for the colour measurement: away from every dot. Sets the rows that hold
 * them and the cores of the dots in the ring. */
static void
colour_ring(SmpScarAnalysis *a, const float *dot_d2)
{
  const int w = a->width;
  const gsize n_px = (gsize)w * a->height;
  a->ring_y0 = a->height;
  a->ring_y1 = 0;
  const double clear = MAX(1.5, a->dot_diameter_mm * a->px_per_mm);
  for (gsize i = 0; i < n_px; i++)
    if ((a->ring_skin[i] = a->ring_skin[i] && dot_d2[i] > clear * clear)) {
      a->ring_y0 = MIN(a->ring_y0, (int)(i / w));
      a->ring_y1 = (int)(i / w) + 1;
    }
  for (int k = 0; k < a->n_dots; k++)
    if (a->dot_in_ring[k]) {
      a->ring_y0 = MIN(a->ring_y0, a->dots[k].core_y);
      a->ring_y1 = MAX(a->ring_y1, a->dots[k].core_y + 1);
    }
}

/* Whole-area mode has no skin beside a scar: the level is the median skin of the area. */
static double
median_skin(const float *skin, const guint8 *valid, gsize n_px)
{
  SmpHistogram *hist = smp_histogram_new();
  double median, sigma;
  for (gsize i = 0; i < n_px; i++)
    if (valid[i])
      smp_histogram_add(hist, skin[i]);
  smp_histogram_median_sigma(hist, &median, &sigma);
  g_free(hist);
  return median;
}

/* The analysis of the valid pixels: dots, scar, distances and the measurement around it. */
static void
analyse_valid(SmpScarAnalysis *a, const float *luma, const guint8 *valid, double feather_mm)
{
  const int w = a->width, h = a->height;
  const gsize n_px = (gsize)w * h;
  const double ppm = a->px_per_mm;
  const gboolean whole = a->detect == SMP_SCAR_DETECT_WHOLE_AREA;
  SmpDotDetection *dots = smp_dot_detect(luma, valid, w, h, ppm);
  a->n_dots = dots->n_dots;
  a->dots = dots->dots; /* taken over when the detection is freed */
  a->dot_in_ring = g_new0(guint8, MAX(a->n_dots, 1));

  /* Distance to the nearest existing dot, as far as anything reads it: up to a typical neighbour
   * distance (the reach of the measured region) or the "near dots" distance. */
  const double reach = smp_found_dots_neighbour_distance(a->dots, a->n_dots, w, h, ppm);
  float *dot_d2 = smp_plane_new(w, h);
  smp_found_dots_distance2(
      a->dots, a->n_dots, w, h,
      (float)(MAX(MAX(NEAR_DOT_MM, SMP_DOT_MAX_DIAMETER_MM) * ppm, reach) + 2.0), dot_d2);
  if (whole)
    memcpy(a->scar, valid, n_px);
  else
    smp_scar_find(a, dots, valid, dot_d2);
  for (gsize i = 0; i < n_px; i++)
    a->scar_pixels += a->scar[i];
  const double ring_mm = MAX(RING_WIDTH_MM, feather_mm);
  smp_distance_transform_capped(a->scar, a->scar_dist, w, h, (float)(ring_mm * ppm + 2.0));

  measure_ring(a, valid, dot_d2, reach, ring_mm);
  if (whole)
    a->skin_luma = median_skin(dots->skin, valid, n_px);
  colour_ring(a, dot_d2);
  g_free(dot_d2);
  dots->dots = NULL;
  smp_dot_detection_free(dots);
}

SmpScarAnalysis *
smp_scar_analyse(const float *luma, const float *alpha, int width, int height,
                 const SmpScarSettings *settings)
{
  g_return_val_if_fail(settings != NULL, NULL);
  g_return_val_if_fail(luma != NULL || (gsize)MAX(width, 0) * MAX(height, 0) == 0, NULL);
  SmpScarAnalysis *a = g_new0(SmpScarAnalysis, 1);
  a->width = MAX(width, 0);
  a->height = MAX(height, 0);
  a->px_per_mm = settings->px_per_mm;
  a->detect = settings->detect;
  const gsize n_px = (gsize)a->width * a->height;
  if (n_px == 0 || !(settings->px_per_mm > 0.0))
    return a;

  guint8 *valid = g_new(guint8, n_px);
  const gsize n_valid = valid_pixels(alpha, n_px, valid);
  a->scar = g_new0(guint8, n_px);
  a->scar_dist = smp_plane_new(a->width, a->height);
  a->ring_skin = g_new0(guint8, n_px);
  if (n_valid == 0) {
    for (gsize i = 0; i < n_px; i++)
      a->scar_dist[i] = INFINITY;
  } else {
    analyse_valid(a, luma, valid, settings->feather_mm);
  }
  g_free(valid);
  return a;
}

void
smp_scar_sample_colours(SmpScarAnalysis *a, const float *rgba, int y0, int n_rows)
{
  g_return_if_fail(a != NULL);
  g_return_if_fail(rgba != NULL || n_rows <= 0);
  if (!a->ring_skin || a->width == 0)
    return;
  if (!a->dot_core_rgb)
    a->dot_core_rgb = g_new0(float, 3 * (gsize)MAX(a->n_dots, 1));
  for (int r = 0; r < n_rows; r++) {
    int y = y0 + r;
    if (y < 0 || y >= a->height)
      continue;
    const float *row = rgba + (gsize)r * a->width * 4;
    const guint8 *mask = a->ring_skin + (gsize)y * a->width;
    for (int x = 0; x < a->width; x++)
      if (mask[x]) {
        for (int c = 0; c < 3; c++)
          a->skin_sum[c] += row[4 * x + c];
        a->skin_count++;
      }
  }
  for (int k = 0; k < a->n_dots; k++) {
    const SmpFoundDot *d = &a->dots[k];
    if (a->dot_in_ring[k] && d->core_y >= y0 && d->core_y < y0 + n_rows)
      memcpy(a->dot_core_rgb + 3 * k, rgba + ((gsize)(d->core_y - y0) * a->width + d->core_x) * 4,
             3 * sizeof(float));
  }
}

void
smp_scar_finish_colours(SmpScarAnalysis *a)
{
  g_return_if_fail(a != NULL);
  a->colours_found = FALSE;
  if (!a->dots_found || a->skin_count == 0 || !a->dot_core_rgb)
    return;
  float *channel = g_new(float, a->ring_dots);
  for (int c = 0; c < 3; c++) {
    int n = 0;
    for (int k = 0; k < a->n_dots; k++)
      if (a->dot_in_ring[k])
        channel[n++] = a->dot_core_rgb[3 * k + c];
    a->dot_rgb[c] = smp_median(channel, n);
    a->skin_rgb[c] = (float)(a->skin_sum[c] / a->skin_count);
  }
  g_free(channel);
  a->colours_found = TRUE;
}

void
smp_scar_analysis_free(SmpScarAnalysis *a)
{
  if (!a)
    return;
  g_free(a->scar);
  g_free(a->scar_dist);
  g_free(a->dots);
  g_free(a->dot_in_ring);
  g_free(a->ring_skin);
  g_free(a->dot_core_rgb);
  g_free(a);
}
