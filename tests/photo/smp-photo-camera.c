/* The camera of the synthetic head photos: lens blur, sensor noise and JPEG compression
 * (smp-photo-private.h; docs/test-photos.md). */
#include <math.h>
#include <string.h>

#include "smp-photo-private.h"

void
smp_photo_blur_lens(double *lin, int w, int h)
{
  /* Gaussian of 0.6 px standard deviation, three taps per direction */
  const double side = 0.166, mid = 0.668;
  double *row = g_new(double, 3 * (gsize)MAX(w, h));
  for (int y = 0; y < h; y++) {
    double *p = lin + 3 * (gsize)y * w;
    memcpy(row, p, sizeof(double) * 3 * w);
    for (int x = 0; x < w; x++)
      for (int c = 0; c < 3; c++)
        p[3 * x + c] = mid * row[3 * x + c] +
                       side * (row[3 * MAX(x - 1, 0) + c] + row[3 * MIN(x + 1, w - 1) + c]);
  }
  for (int x = 0; x < w; x++) {
    for (int y = 0; y < h; y++)
      for (int c = 0; c < 3; c++)
        row[3 * y + c] = lin[3 * ((gsize)y * w + x) + c];
    for (int y = 0; y < h; y++)
      for (int c = 0; c < 3; c++)
        lin[3 * ((gsize)y * w + x) + c] =
            mid * row[3 * y + c] +
            side * (row[3 * MAX(y - 1, 0) + c] + row[3 * MIN(y + 1, h - 1) + c]);
  }
  g_free(row);
}

double
smp_photo_gaussian(guint32 seed, int x, int y, int c)
{
  double u1 = MAX(hash_unit(seed, x, y, c, 50), 1e-9), u2 = hash_unit(seed, x, y, c, 51);
  return sqrt(-2.0 * log(u1)) * cos(2.0 * G_PI * u2);
}

/* The IJG base quantisation tables (ITU-T T.81 Annex K) and its quality scaling. */
static const int jpeg_luma_q[64] = {16,  11,  10,  16,  24, 40, 51,  61,  12,  12,  14,  19,  26,
                                    58,  60,  55,  14,  13, 16, 24,  40,  57,  69,  56,  14,  17,
                                    22,  29,  51,  87,  80, 62, 18,  22,  37,  56,  68,  109, 103,
                                    77,  24,  35,  55,  64, 81, 104, 113, 92,  49,  64,  78,  87,
                                    103, 121, 120, 101, 72, 92, 95,  98,  112, 100, 103, 99};
static const int jpeg_chroma_q[64] = {
    17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99,
    99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
    99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

/* 8x8 DCT, quantisation and inverse of one plane (values 0..255), in place. */
static void
jpeg_plane(double *plane, int w, int h, const int *base, int quality)
{
  double scale = quality < 50 ? 5000.0 / quality : 200.0 - 2.0 * quality;
  double q[64], basis[8][8];
  for (int i = 0; i < 64; i++)
    q[i] = CLAMP(floor((base[i] * scale + 50.0) / 100.0), 1.0, 255.0);
  for (int u = 0; u < 8; u++)
    for (int x = 0; x < 8; x++)
      basis[u][x] = (u == 0 ? sqrt(0.125) : 0.5) * cos((2 * x + 1) * u * G_PI / 16.0);
  for (int by = 0; by < h; by += 8)
    for (int bx = 0; bx < w; bx += 8) {
      double block[8][8], tmp[8][8], coef[8][8];
      for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++)
          block[y][x] = plane[(gsize)MIN(by + y, h - 1) * w + MIN(bx + x, w - 1)] - 128.0;
      for (int y = 0; y < 8; y++)
        for (int u = 0; u < 8; u++) {
          double acc = 0.0;
          for (int x = 0; x < 8; x++)
            acc += basis[u][x] * block[y][x];
          tmp[y][u] = acc;
        }
      for (int v = 0; v < 8; v++)
        for (int u = 0; u < 8; u++) {
          double acc = 0.0;
          for (int y = 0; y < 8; y++)
            acc += basis[v][y] * tmp[y][u];
          coef[v][u] = round(acc / q[8 * v + u]) * q[8 * v + u];
        }
      for (int v = 0; v < 8; v++)
        for (int x = 0; x < 8; x++) {
          double acc = 0.0;
          for (int u = 0; u < 8; u++)
            acc += basis[u][x] * coef[v][u];
          tmp[v][x] = acc;
        }
      for (int y = 0; y < 8 && by + y < h; y++)
        for (int x = 0; x < 8 && bx + x < w; x++) {
          double acc = 0.0;
          for (int v = 0; v < 8; v++)
            acc += basis[v][y] * tmp[v][x];
          plane[(gsize)(by + y) * w + bx + x] = acc + 128.0;
        }
    }
}

/* JFIF YCbCr, chroma averaged over 2x2 pixels, 8x8 DCT quantisation at the IJG quality, chroma
 * interpolated back. */
void
smp_photo_jpeg_roundtrip(guint8 *rgb, int w, int h, int quality)
{
  const int cw = (w + 1) / 2, ch = (h + 1) / 2;
  double *Y = g_new(double, (gsize)w *h), *Cb = g_new0(double, (gsize)cw *ch),
         *Cr = g_new0(double, (gsize)cw *ch);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      const guint8 *p = rgb + 3 * ((gsize)y * w + x);
      double r = p[0], g = p[1], b = p[2];
      Y[(gsize)y * w + x] = 0.299 * r + 0.587 * g + 0.114 * b;
      gsize ci = (gsize)(y / 2) * cw + x / 2;
      Cb[ci] += 0.25 * (128.0 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      Cr[ci] += 0.25 * (128.0 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  if (w % 2 || h % 2) /* edge cells averaged fewer pixels */
    for (int cy = 0; cy < ch; cy++)
      for (int cx = 0; cx < cw; cx++) {
        int n = (MIN(2 * cx + 2, w) - 2 * cx) * (MIN(2 * cy + 2, h) - 2 * cy);
        Cb[(gsize)cy * cw + cx] *= 4.0 / n;
        Cr[(gsize)cy * cw + cx] *= 4.0 / n;
      }
  jpeg_plane(Y, w, h, jpeg_luma_q, quality);
  jpeg_plane(Cb, cw, ch, jpeg_chroma_q, quality);
  jpeg_plane(Cr, cw, ch, jpeg_chroma_q, quality);
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) {
      /* bilinear chroma between the 2x2 cell centres */
      double fx = CLAMP((x + 0.5) / 2.0 - 0.5, 0.0, cw - 1.0),
             fy = CLAMP((y + 0.5) / 2.0 - 0.5, 0.0, ch - 1.0);
      int x0 = (int)fx, y0 = (int)fy, x1 = MIN(x0 + 1, cw - 1), y1 = MIN(y0 + 1, ch - 1);
      double tx = fx - x0, ty = fy - y0, c[2];
      double *planes[2] = {Cb, Cr};
      for (int k = 0; k < 2; k++) {
        double *P = planes[k];
        c[k] = (1 - ty) * ((1 - tx) * P[(gsize)y0 * cw + x0] + tx * P[(gsize)y0 * cw + x1]) +
               ty * ((1 - tx) * P[(gsize)y1 * cw + x0] + tx * P[(gsize)y1 * cw + x1]) - 128.0;
      }
      double yy = Y[(gsize)y * w + x];
      guint8 *p = rgb + 3 * ((gsize)y * w + x);
      p[0] = (guint8)CLAMP(lround(yy + 1.402 * c[1]), 0, 255);
      p[1] = (guint8)CLAMP(lround(yy - 0.344136 * c[0] - 0.714136 * c[1]), 0, 255);
      p[2] = (guint8)CLAMP(lround(yy + 1.772 * c[0]), 0, 255);
    }
  g_free(Y);
  g_free(Cb);
  g_free(Cr);
}
