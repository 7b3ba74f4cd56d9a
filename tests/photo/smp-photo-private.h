/* What the synthetic photo generators (smp-photo.c, scar-photo.c) share: deterministic hashing,
 * the sRGB transfer curve and the camera's last steps (smp-photo-camera.c). Not installed, not
 * for the tests themselves. */
#pragma once

#include <glib.h>
#include <math.h>

/* A 32-bit avalanche mix. The photos' bytes depend on these constants: the reference hashes and
 * the tests' expectations are tied to them (smp-random.h's mix, used by the ops, is another). */
static inline guint32
mix(guint32 x)
{
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

/* Uniform in [0, 1) from (seed, three integer coordinates, stream): values depend only on these,
 * never on the order in which pixels or lattice points are visited. */
static inline double
hash_unit(guint32 seed, gint32 a, gint32 b, gint32 c, guint32 stream)
{
  guint32 h = mix(seed ^ (stream * 0x9e3779b9u));
  h = mix(h + (guint32)a);
  h = mix(h + (guint32)b * 0x85ebca6bu);
  h = mix(h + (guint32)c * 0xc2b2ae35u);
  return (h >> 8) * (1.0 / 16777216.0);
}

/* The sRGB transfer curve (IEC 61966-2-1): encoded 0..1 to linear light and back; to_srgb clamps
 * to 0..1 first. */
static inline double
from_srgb(double v)
{
  return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static inline double
to_srgb(double v)
{
  v = CLAMP(v, 0.0, 1.0);
  return v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1.0 / 2.4) - 0.055;
}

/* Camera (smp-photo-camera.c). The lens: a Gaussian of 0.6 px standard deviation over linear RGB
 * (3 doubles a pixel), in place. */
void smp_photo_blur_lens(double *lin, int w, int h);
/* Sensor noise: a standard normal value per pixel and channel. */
double smp_photo_gaussian(guint32 seed, int x, int y, int c);
/* JPEG's lossy steps on 8-bit R'G'B' (3 bytes a pixel) at an IJG quality of 1..100, in place. */
void smp_photo_jpeg_roundtrip(guint8 *rgb, int w, int h, int quality);
