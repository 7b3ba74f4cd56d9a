/* Stateless hashing for per-item random attributes: a value depends only on (seed, index, stream),
 * never on the order in which items are visited, so every tiling and thread count agrees. */
#pragma once
#include <glib.h>

/* The lowbias32 family of 32-bit avalanche mixes: xor-shift, multiply, xor-shift, multiply,
 * xor-shift, where every input bit flips about half the output bits. */
static inline guint32
smp_avalanche32(guint32 x, guint32 m1, guint32 m2, unsigned last_shift)
{
  x ^= x >> 16;
  x *= m1;
  x ^= x >> 15;
  x *= m2;
  x ^= x >> last_shift;
  return x;
}

/* The mix the hashes below use. */
static inline guint32
smp_hash32(guint32 x)
{
  return smp_avalanche32(x, 0x21f0aaadu, 0x735a2d97u, 15);
}

/* The original lowbias32 constants: another mix, which fixes the bytes of the correction's added
 * dots and of the synthetic test photos, so it stays as it is. */
static inline guint32
smp_mix32(guint32 x)
{
  return smp_avalanche32(x, 0x7feb352du, 0x846ca68bu, 16);
}

/* Hash of a seed, an item index and a stream number (one stream per attribute). */
static inline guint32
smp_hash3(guint32 seed, guint32 index, guint32 stream)
{
  return smp_hash32(smp_hash32(smp_hash32(seed ^ 0x9e3779b9u) + index) ^ (stream * 0x85ebca6bu));
}

/* Uniform in [0, 1) with 24 bits of resolution, exact in float and double. */
static inline double
smp_hash_unit(guint32 seed, guint32 index, guint32 stream)
{
  return (smp_hash3(seed, index, stream) >> 8) * (1.0 / 16777216.0);
}

/* Uniform in [-1, 1). */
static inline double
smp_hash_signed(guint32 seed, guint32 index, guint32 stream)
{
  return 2.0 * smp_hash_unit(seed, index, stream) - 1.0;
}

/* A small deterministic generator for sequential use (point-set construction). */
typedef struct {
  guint64 state;
} SmpRng;

void smp_rng_init(SmpRng *rng, guint64 seed);
guint32 smp_rng_next(SmpRng *rng);
/* Uniform in [0, 1) with 53 bits of resolution. */
double smp_rng_unit(SmpRng *rng);
