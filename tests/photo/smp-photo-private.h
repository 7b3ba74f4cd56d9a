/* What the synthetic photo generators (smp-photo.c, scar-photo.c) share: deterministic hashing,
 * the sRGB transfer curve and the camera's last steps (smp-photo-camera.c). Not installed, not
 * for the tests themselves. */
#pragma once

#include <glib.h>
#include <math.h>

#include "smp-random.h"

/* A 32-bit avalanche mix. The photos' bytes depend on its constants: the reference hashes and
 * the tests' expectations are tied to them (smp-random.h's smp_hash32, used by the ops, is
 * another). */
static inline guint32
mix(guint32 x)
{
  return smp_mix32(x);
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

/* 3-D vectors of the head model. */
typedef struct {
  double x, y, z;
} Vec3;

static inline Vec3
vec3(double x, double y, double z)
{
  return (Vec3){x, y, z};
}

static inline double
dot3(Vec3 a, Vec3 b)
{
  return a.x * b.x + a.y * b.y + a.z * b.z;
}

static inline Vec3
scale3(Vec3 a, double s)
{
  return vec3(a.x * s, a.y * s, a.z * s);
}

static inline Vec3
add3(Vec3 a, Vec3 b)
{
  return vec3(a.x + b.x, a.y + b.y, a.z + b.z);
}

static inline Vec3
norm3(Vec3 a)
{
  double l = sqrt(dot3(a, a));
  return l > 0.0 ? scale3(a, 1.0 / l) : vec3(0.0, 0.0, 1.0);
}

/* Smooth value noise in [-1, 1] over 3-D space (unit lattice). */
static inline double
value_noise(guint32 seed, guint32 stream, double x, double y, double z)
{
  double fx = floor(x), fy = floor(y), fz = floor(z);
  double tx = x - fx, ty = y - fy, tz = z - fz;
  tx = tx * tx * (3.0 - 2.0 * tx);
  ty = ty * ty * (3.0 - 2.0 * ty);
  tz = tz * tz * (3.0 - 2.0 * tz);
  gint32 ix = (gint32)fx, iy = (gint32)fy, iz = (gint32)fz;
  double v[8];
  for (int k = 0; k < 8; k++)
    v[k] = hash_unit(seed, ix + (k & 1), iy + ((k >> 1) & 1), iz + (k >> 2), stream);
  double x00 = v[0] + tx * (v[1] - v[0]), x10 = v[2] + tx * (v[3] - v[2]);
  double x01 = v[4] + tx * (v[5] - v[4]), x11 = v[6] + tx * (v[7] - v[6]);
  double y0 = x00 + ty * (x10 - x00), y1 = x01 + ty * (x11 - x01);
  return 2.0 * (y0 + tz * (y1 - y0)) - 1.0;
}

static inline double
smoothstep(double e0, double e1, double x)
{
  double t = CLAMP((x - e0) / (e1 - e0), 0.0, 1.0);
  return t * t * (3.0 - 2.0 * t);
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
