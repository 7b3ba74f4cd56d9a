/* A precomputed toroidal blue-noise point set with a progressive ranking, and queries that place
 * it on the plane (tiled, translated and mirrored by a seed) and visit the points inside a
 * rectangle. Plain C, no state: every query is a pure function of its arguments. */
#pragma once
#include <glib.h>

/* Points in the unit torus; the generator's insertion order is the rank. */
#define SMP_BLUENOISE_COUNT 32768
/* Buckets per side (a power of two) used to sort the points spatially. */
#define SMP_BLUENOISE_BUCKET_BITS 7
#define SMP_BLUENOISE_BUCKETS (1 << SMP_BLUENOISE_BUCKET_BITS)
/* Generator settings: darts thrown per point while the radius shrinks, then relaxation passes
 * that separate pairs closer than this fraction of r_max (Lagae & Dutré's hexagonal spacing). */
#define SMP_BLUENOISE_DARTS_PER_POINT 300.0
#define SMP_BLUENOISE_RELAX_RHO 0.80
#define SMP_BLUENOISE_RELAX_PASSES 10
#define SMP_BLUENOISE_EQUALISE_ROUNDS 8

typedef struct {
  guint16 x, y; /* position in units of 1/65536 of the torus side */
  guint16 rank; /* 0 = first point placed; every prefix of the ranking is well spread */
} SmpBluenoisePoint;

/* Sorted by bucket (row-major); bucket b holds points [start[b], start[b + 1]). */
extern const SmpBluenoisePoint smp_bluenoise_points[SMP_BLUENOISE_COUNT];
extern const guint32 smp_bluenoise_bucket_start[SMP_BLUENOISE_BUCKETS * SMP_BLUENOISE_BUCKETS + 1];

/* How a seed lays the torus on the plane: a translation and one of the 8 symmetries of the square
 * (bit 0 swaps the axes, bit 1 mirrors x, bit 2 mirrors y). */
typedef struct {
  guint32 shift_x, shift_y; /* in units of 2^-32 of the torus side */
  guint symmetry;
} SmpBluenoiseFrame;

void smp_bluenoise_frame_from_seed(SmpBluenoiseFrame *frame, guint32 seed);

/* One placed point. (u, v) is its position in torus-side units on the plane; (tile_x, tile_y) is
 * the copy of the torus it belongs to; `rank` identifies the point within the set. */
typedef struct {
  double u, v;
  gint64 tile_x, tile_y;
  guint32 rank;
} SmpBluenoiseSite;

typedef void (*SmpBluenoiseVisit)(const SmpBluenoiseSite *site, gpointer user_data);

/* Calls `visit` once for every placed point with rank < rank_limit whose position lies in
 * [u0, u1) x [v0, v1). The order of the calls is unspecified. */
void smp_bluenoise_visit(const SmpBluenoiseFrame *frame, double u0, double v0, double u1, double v1,
                         guint32 rank_limit, SmpBluenoiseVisit visit, gpointer user_data);
