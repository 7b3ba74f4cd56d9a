/* smp-analyse-noise: what a dot of the photo analysis is judged against: the mean of the smoothed
 * luma around it and the noise and skin texture where it is (docs/photo-analysis.md,
 * Classification). */
#include "smp-analyse-private.h"

#include <math.h>

#include "smp-plane.h"

float *
smp_analyse_box_mean(const float *smooth, int w, int h, int r)
{
  float *sum = smp_plane_new(w, h), *tmp = smp_plane_new(w, h);
  smp_plane_box_sum(smooth, sum, tmp, w, h, r);
  for (int y = 0; y < h; y++) {
    /* the box sum counts nothing beyond the picture's edges */
    const float ny = (float)(MIN(y + r, h - 1) - MAX(y - r, 0) + 1);
    for (int x = 0; x < w; x++)
      sum[(gsize)y * w + x] /= ny * (float)(MIN(x + r, w - 1) - MAX(x - r, 0) + 1);
  }
  g_free(tmp);
  return sum;
}

/* The k-th smallest of the n values (Wirth's selection, linear on average), which it reorders:
 * it runs per cell, where sorting would take longer than the rest of the analysis. */
static float
select_kth(float *v, gsize n, gsize k)
{
  gssize lo = 0, hi = (gssize)n - 1;
  const gssize kk = (gssize)k;
  while (lo < hi) {
    const float pivot = v[kk];
    gssize i = lo, j = hi;
    do {
      while (v[i] < pivot)
        i++;
      while (pivot < v[j])
        j--;
      if (i <= j) {
        float t = v[i];
        v[i++] = v[j];
        v[j--] = t;
      }
    } while (i <= j);
    if (j < kk)
      lo = i;
    if (kk < i)
      hi = j;
  }
  return v[kk];
}

/* Each cell's median absolute deviation of the smoothed luma from its median, as a standard
 * deviation (a Gaussian's is 0.674 of it); -1 where less than half the cell counts. */
static float *
cell_deviations(const float *smooth, const guint8 *valid, int w, int h, int cell, int cw, int ch)
{
  /* a cell of 6-11 px is read whole; larger ones (finer photos) every other pixel or so */
  const int step = MAX(1, cell / 6), samples = (cell + step - 1) / step;
  float *dev = g_new(float, (gsize)cw *ch), *values = g_new(float, (gsize)samples *samples);
  for (int cy = 0; cy < ch; cy++)
    for (int cx = 0; cx < cw; cx++) {
      gsize nv = 0;
      for (int y = cy * cell; y < MIN(h, (cy + 1) * cell); y += step)
        for (int x = cx * cell; x < MIN(w, (cx + 1) * cell); x += step)
          if (valid[(gsize)y * w + x])
            values[nv++] = smooth[(gsize)y * w + x];
      float *d = &dev[(gsize)cy * cw + cx];
      *d = -1.0f;
      if (nv < 0.5f * samples * samples)
        continue;
      const float median = select_kth(values, nv, (nv - 1) / 2);
      for (gsize j = 0; j < nv; j++)
        values[j] = fabsf(values[j] - median);
      *d = select_kth(values, nv, (nv - 1) / 2) / 0.674f;
    }
  g_free(values);
  return dev;
}

float *
smp_analyse_local_noise(const float *smooth, const guint8 *valid, int w, int h, int cell, int r,
                        float fallback)
{
  const int cw = (w + cell - 1) / cell, ch = (h + cell - 1) / cell;
  float *dev = cell_deviations(smooth, valid, w, h, cell, cw, ch);
  float *noise = g_new(float, (gsize)cw *ch);
  float *values = g_new(float, (gsize)(2 * r + 1) * (2 * r + 1));
  for (int y = 0; y < ch; y++)
    for (int x = 0; x < cw; x++) {
      gsize nv = 0;
      for (int yy = MAX(0, y - r); yy <= MIN(ch - 1, y + r); yy++)
        for (int xx = MAX(0, x - r); xx <= MIN(cw - 1, x + r); xx++)
          if (dev[(gsize)yy * cw + xx] >= 0.0f)
            values[nv++] = dev[(gsize)yy * cw + xx];
      /* the lower quartile: the cells that dots or a strand raise are left out */
      noise[(gsize)y * cw + x] = nv > 0 ? select_kth(values, nv, (nv - 1) / 4) : fallback;
    }
  g_free(values);
  g_free(dev);
  return noise;
}
