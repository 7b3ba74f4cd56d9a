/* Shared between the files of the photo analysis (smp-analyse*.c); not part of its interface. */
#pragma once

#include <stdlib.h>

#include "smp-analyse.h"
#include "smp-stats.h"

G_BEGIN_DECLS

#define CELL_MM 0.5 /* statistics are gathered per cell this wide */

/* A cell's class. */
enum { SMP_CLASS_NONE, SMP_CLASS_SCALP, SMP_CLASS_STUBBLE, SMP_CLASS_HAIR };

#define SMP_HAIR_DARKER 0.7  /* a cell this much darker than the skin around is hair ... */
#define SMP_HAIR_LIGHTER 1.4 /* ... or this much lighter */

/* A local maximum of dark or light detail: a dot. */
typedef struct {
  int x, y;
  gboolean light;
} Peak;

/* Perceptual luma (Rec. 709 weights on R'G'B') of u8 pixels, 0..1. */
static inline float
smp_analyse_luma(const guint8 *p)
{
  return (0.2126f * p[0] + 0.7152f * p[1] + 0.0722f * p[2]) / 255.0f;
}

/* The q-quantile of the n values, which it sorts. */
static inline float
smp_analyse_quantile(float *v, gsize n, double q)
{
  if (n == 0)
    return 0.0f;
  qsort(v, n, sizeof(float), smp_compare_floats);
  return v[(gsize)(q * (n - 1))];
}

/* The mean of the smoothed luma over the (2r+1)² square around each pixel, over every pixel (as
 * the closing and opening are); a new plane. */
float *smp_analyse_box_mean(const float *smooth, int w, int h, int r);

/* The sensor noise and skin texture at each cell (of `cell` px) as a standard deviation of the
 * smoothed luma: each cell's median absolute deviation from its median, which the few pixels of a
 * dot leave alone, pooled as the lower quartile over the cells within r; `fallback` where no
 * cell counts. Noise in sRGB is not uniform in level, nor is skin texture (a sheen with pores on
 * dark skin): docs/photo-analysis.md. */
float *smp_analyse_local_noise(const float *smooth, const guint8 *valid, int w, int h, int cell,
                               int r, float fallback);

/* Measures the fringe on the cells of the `interior` mask (cw x ch cells of `cell` px), from the
 * dots found on tiles or else from the detail's `peaks`: sets an->fringe_*. */
void smp_analyse_measure_fringe(SmpAnalysis *an, const guint8 *rgba, const guint8 *interior, int cw,
                                int ch, int cell, const GArray *peaks);

/* Regions of skin (scalp or stubble) cells of the cw x ch `klass` whose level (the cells' log
 * `level`) is like the hair's beside them and unlike the rest of the skin's: the inside of a mass
 * of hair whose texture is not seen. Sets their cells of `hair` to SMP_CLASS_HAIR. */
void smp_analyse_enclosed_hair(const guint8 *klass, const float *level, int cw, int ch,
                               guint8 *hair);

G_END_DECLS
