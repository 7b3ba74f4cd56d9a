#include "smp-random.h"

void
smp_rng_init(SmpRng *rng, guint64 seed)
{
  g_return_if_fail(rng != NULL);
  rng->state = seed ^ 0x853c49e6748fea9bull;
}

/* splitmix64: full period over 2^64 states, good equidistribution, one multiply chain per call. */
static guint64
next64(SmpRng *rng)
{
  guint64 z = (rng->state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

guint32
smp_rng_next(SmpRng *rng)
{
  return (guint32)(next64(rng) >> 32);
}

double
smp_rng_unit(SmpRng *rng)
{
  return (next64(rng) >> 11) * (1.0 / 9007199254740992.0);
}
