/* smp-plane: filters on plain float planes and 0/1 masks. See smp-plane.h. */
#include "smp-plane.h"

#include <math.h>
#include <string.h>

float *
smp_plane_new(int width, int height)
{
  return g_new(float, (gsize)width *height);
}

/* [1 2 1]/4 binomial blur in both directions, edges clamped. */
void
smp_plane_blur3(const float *in, float *out, int w, int h)
{
  for (int y = 0; y < h; y++) {
    const float *row = in + (gsize)y * w;
    float *dst = out + (gsize)y * w;
    for (int x = 0; x < w; x++)
      dst[x] = 0.25f * (row[MAX(x - 1, 0)] + 2.0f * row[x] + row[MIN(x + 1, w - 1)]);
  }
  float *prev = g_new(float, w), *cur = g_new(float, w);
  memcpy(prev, out, sizeof(float) * w);
  for (int y = 0; y < h; y++) {
    float *row = out + (gsize)y * w;
    memcpy(cur, row, sizeof(float) * w);
    const float *next = y + 1 < h ? row + w : cur;
    for (int x = 0; x < w; x++)
      row[x] = 0.25f * (prev[x] + 2.0f * cur[x] + next[x]);
    float *t = prev;
    prev = cur;
    cur = t;
  }
  g_free(prev);
  g_free(cur);
}

/* Extremum over the k values line[x .. x + k - 1] for x in [0, w): the line (of w + k - 1 values,
 * destroyed) is reduced in place to extrema of 2, 4, 8... neighbours, and each window is the
 * extremum of two overlapping blocks. Plain comparisons, so that the loops vectorise. */
static void
line_extreme(float *line, int k, int w, gboolean is_max, float *out)
{
  const int len = w + k - 1;
  int p = 1;
  for (; 2 * p <= k; p *= 2) {
    if (is_max)
      for (int i = 0; i + p < len; i++)
        line[i] = line[i + p] > line[i] ? line[i + p] : line[i];
    else
      for (int i = 0; i + p < len; i++)
        line[i] = line[i + p] < line[i] ? line[i + p] : line[i];
  }
  const float *shifted = line + (k - p);
  if (is_max)
    for (int x = 0; x < w; x++)
      out[x] = shifted[x] > line[x] ? shifted[x] : line[x];
  else
    for (int x = 0; x < w; x++)
      out[x] = shifted[x] < line[x] ? shifted[x] : line[x];
}

/* Maximum (or minimum) over [x - r, x + r] of every row, in place. */
void
smp_plane_rows_extreme(float *plane, int w, int h, int r, gboolean is_max)
{
  const int k = 2 * r + 1;
  const float pad = is_max ? -INFINITY : INFINITY;
  float *line = g_new(float, w + 2 * r);
  for (int y = 0; y < h; y++) {
    float *row = plane + (gsize)y * w;
    for (int i = 0; i < r; i++)
      line[i] = line[r + w + i] = pad;
    memcpy(line + r, row, sizeof(float) * w);
    line_extreme(line, k, w, is_max, row);
  }
  g_free(line);
}

/* out = maximum (or minimum) of `in` over [y - r, y + r] of every column, row by row so that the
 * window's rows stay in cache. */
static void
columns_extreme(const float *in, float *out, int w, int h, int r, gboolean is_max)
{
  for (int y = 0; y < h; y++) {
    float *dst = out + (gsize)y * w;
    const int y0 = MAX(y - r, 0), y1 = MIN(y + r, h - 1);
    memcpy(dst, in + (gsize)y0 * w, sizeof(float) * w);
    for (int yy = y0 + 1; yy <= y1; yy++) {
      const float *src = in + (gsize)yy * w;
      if (is_max)
        for (int x = 0; x < w; x++)
          dst[x] = src[x] > dst[x] ? src[x] : dst[x];
      else
        for (int x = 0; x < w; x++)
          dst[x] = src[x] < dst[x] ? src[x] : dst[x];
    }
  }
}

/* Grey-level closing with a (2r+1)² square: removes dark features narrower than the square and
 * keeps light ones and step edges where they are. `tmp` holds one plane. */
void
smp_plane_closing(float *plane, float *tmp, int w, int h, int r)
{
  smp_plane_rows_extreme(plane, w, h, r, TRUE);
  columns_extreme(plane, tmp, w, h, r, TRUE);
  columns_extreme(tmp, plane, w, h, r, FALSE);
  smp_plane_rows_extreme(plane, w, h, r, FALSE);
}

/* Grows a 0/1 mask by one pixel in all 8 directions; `tmp` holds a float plane. */
void
smp_mask_dilate3(guint8 *mask, float *tmp, int w, int h)
{
  for (gsize i = 0; i < (gsize)w * h; i++)
    tmp[i] = mask[i];
  smp_plane_rows_extreme(tmp, w, h, 1, TRUE);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      mask[i] = tmp[i] > 0.0f || (y > 0 && tmp[i - w] > 0.0f) || (y + 1 < h && tmp[i + w] > 0.0f);
    }
}

/* out = sum of `in` over the (2r+1)² window clamped to the plane; `in` may be `out`. `tmp` holds
 * one plane. Small windows add their values directly (vectorised); large ones keep running sums
 * in double, so that their cost does not depend on r. */
#define DIRECT_SUM_RADIUS 8

void
smp_plane_box_sum(const float *in, float *out, float *tmp, int w, int h, int r)
{
  if (r <= DIRECT_SUM_RADIUS) {
    float *line = g_new0(float, w + 2 * r);
    for (int y = 0; y < h; y++) {
      float *dst = tmp + (gsize)y * w;
      memcpy(line + r, in + (gsize)y * w, sizeof(float) * w);
      memcpy(dst, line, sizeof(float) * w);
      for (int o = 1; o <= 2 * r; o++)
        for (int x = 0; x < w; x++)
          dst[x] += line[x + o];
    }
    g_free(line);
    for (int y = 0; y < h; y++) {
      float *dst = out + (gsize)y * w;
      const int y0 = MAX(y - r, 0), y1 = MIN(y + r, h - 1);
      memcpy(dst, tmp + (gsize)y0 * w, sizeof(float) * w);
      for (int yy = y0 + 1; yy <= y1; yy++) {
        const float *src = tmp + (gsize)yy * w;
        for (int x = 0; x < w; x++)
          dst[x] += src[x];
      }
    }
    return;
  }

  for (int y = 0; y < h; y++) {
    const float *row = in + (gsize)y * w;
    float *dst = tmp + (gsize)y * w;
    double acc = 0.0;
    for (int x = 0; x <= MIN(r, w - 1); x++)
      acc += row[x];
    for (int x = 0; x < w; x++) {
      dst[x] = (float)acc;
      if (x + r + 1 < w)
        acc += row[x + r + 1];
      if (x - r >= 0)
        acc -= row[x - r];
    }
  }
  double *acc = g_new0(double, w);
  for (int y = 0; y <= MIN(r, h - 1); y++)
    for (int x = 0; x < w; x++)
      acc[x] += tmp[(gsize)y * w + x];
  for (int y = 0; y < h; y++) {
    float *dst = out + (gsize)y * w;
    for (int x = 0; x < w; x++)
      dst[x] = (float)acc[x];
    if (y + r + 1 < h) {
      const float *add = tmp + (gsize)(y + r + 1) * w;
      for (int x = 0; x < w; x++)
        acc[x] += add[x];
    }
    if (y - r >= 0) {
      const float *sub = tmp + (gsize)(y - r) * w;
      for (int x = 0; x < w; x++)
        acc[x] -= sub[x];
    }
  }
  g_free(acc);
}

/* Euclidean distance (px) from every pixel centre to the nearest pixel with feature[i] != 0
 * (Felzenszwalb & Huttenlocher's lower envelope of parabolas along rows, after exact vertical
 * distances by two scans). Without any feature, every distance is INFINITY. */
void
smp_distance_transform(const guint8 *feature, float *dist, int w, int h)
{
  const float far = (float)(w + h) * 4.0f;
  for (int x = 0; x < w; x++)
    dist[x] = feature[x] ? 0.0f : far;
  for (int y = 1; y < h; y++)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      dist[i] = feature[i] ? 0.0f : dist[i - w] + 1.0f;
    }
  for (int y = h - 2; y >= 0; y--)
    for (int x = 0; x < w; x++) {
      gsize i = (gsize)y * w + x;
      dist[i] = fminf(dist[i], dist[i + w] + 1.0f);
    }

  int *v = g_new(int, w);
  float *z = g_new(float, w + 1), *f = g_new(float, w);
  for (int y = 0; y < h; y++) {
    float *row = dist + (gsize)y * w;
    for (int x = 0; x < w; x++)
      f[x] = row[x] >= far ? INFINITY : row[x] * row[x];
    int k = -1;
    for (int q = 0; q < w; q++) {
      if (isinf(f[q]))
        continue;
      float s = 0.0f;
      while (k >= 0) {
        s = ((f[q] + (float)q * q) - (f[v[k]] + (float)v[k] * v[k])) / (2.0f * (q - v[k]));
        if (s > z[k])
          break;
        k--;
      }
      k++;
      v[k] = q;
      z[k] = k == 0 ? -INFINITY : s;
      z[k + 1] = INFINITY;
    }
    if (k < 0) {
      for (int x = 0; x < w; x++)
        row[x] = INFINITY;
      continue;
    }
    int j = 0;
    for (int q = 0; q < w; q++) {
      while (z[j + 1] < q)
        j++;
      float dx = (float)(q - v[j]);
      row[q] = sqrtf(dx * dx + f[v[j]]);
    }
  }
  g_free(v);
  g_free(z);
  g_free(f);
}

/* smp_distance_transform () where it is below `cap` (px), INFINITY farther: computed only over the
 * features' bounding box grown by the cap, which for a scar is usually a small part of a photo. */
void
smp_distance_transform_capped(const guint8 *feature, float *dist, int w, int h, float cap)
{
  int x0 = w, y0 = h, x1 = -1, y1 = -1;
  for (int y = 0; y < h; y++) {
    const guint8 *row = feature + (gsize)y * w;
    const guint8 *first = memchr(row, 1, w);
    if (!first)
      continue;
    int last = w - 1;
    while (!row[last])
      last--;
    x0 = MIN(x0, (int)(first - row));
    x1 = MAX(x1, last);
    y0 = MIN(y0, y);
    y1 = y;
  }
  for (gsize i = 0; i < (gsize)w * h; i++)
    dist[i] = INFINITY;
  if (x1 < 0)
    return;
  const int c = (int)ceilf(cap);
  x0 = MAX(0, x0 - c), y0 = MAX(0, y0 - c), x1 = MIN(w - 1, x1 + c), y1 = MIN(h - 1, y1 + c);
  const int sw = x1 - x0 + 1, sh = y1 - y0 + 1;
  guint8 *sub = g_new(guint8, (gsize)sw * sh);
  float *sub_dist = g_new(float, (gsize)sw *sh);
  for (int y = 0; y < sh; y++)
    memcpy(sub + (gsize)y * sw, feature + (gsize)(y0 + y) * w + x0, sw);
  smp_distance_transform(sub, sub_dist, sw, sh);
  for (int y = 0; y < sh; y++)
    memcpy(dist + (gsize)(y0 + y) * w + x0, sub_dist + (gsize)y * sw, sizeof(float) * sw);
  g_free(sub);
  g_free(sub_dist);
}
