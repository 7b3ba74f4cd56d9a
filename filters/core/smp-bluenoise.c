#include "smp-bluenoise.h"
#include "smp-random.h"

#include <math.h>

#define TORUS_UNITS 4294967296.0 /* 2^32: fixed-point units per torus side */
#define BUCKET_SHIFT (16 - SMP_BLUENOISE_BUCKET_BITS)

void
smp_bluenoise_frame_from_seed(SmpBluenoiseFrame *frame, guint32 seed)
{
  g_return_if_fail(frame != NULL);
  frame->shift_x = smp_hash3(seed, 0, 0x7a11u);
  frame->shift_y = smp_hash3(seed, 1, 0x7a11u);
  frame->symmetry = smp_hash3(seed, 2, 0x7a11u) & 7u;
}

/* A closed range [lo, hi] of 16-bit coordinates after the symmetry has been applied. */
typedef struct {
  guint lo, hi;
} Range16;

/* Marks the buckets holding table coordinates c with m(c) in `range`, where m mirrors c (c -> -c
 * mod 2^16) when `mirror` is set. */
static void
mark_buckets(gboolean *flags, Range16 range, gboolean mirror)
{
  guint lo = range.lo, hi = range.hi;
  if (mirror) {
    if (lo == 0) {
      flags[0] = TRUE;
      if (hi == 0)
        return;
      lo = 1;
    }
    guint mlo = 65536 - hi, mhi = 65536 - lo;
    lo = mlo;
    hi = mhi;
  }
  for (guint b = lo >> BUCKET_SHIFT; b <= (hi >> BUCKET_SHIFT); b++)
    flags[b] = TRUE;
}

/* Splits the fixed-point interval [w0, w1) of one torus copy, taken back through the shift, into
 * at most two ranges of 16-bit coordinates; returns how many. */
static int
unshift(gint64 w0, gint64 w1, guint32 shift, Range16 out[2])
{
  const gint64 full = (gint64)1 << 32;
  gint64 a = w0 - shift, b = w1 - shift;
  gint64 pieces[2][2];
  int n = 0;
  if (b <= 0) {
    pieces[n][0] = a + full, pieces[n][1] = b + full, n++;
  } else if (a < 0) {
    pieces[n][0] = a + full, pieces[n][1] = full, n++;
    pieces[n][0] = 0, pieces[n][1] = b, n++;
  } else {
    pieces[n][0] = a, pieces[n][1] = b, n++;
  }
  int kept = 0;
  for (int i = 0; i < n; i++) {
    /* Coordinates d with d * 2^16 in [p0, p1). */
    gint64 lo = (pieces[i][0] + 65535) >> 16, hi = ((pieces[i][1] + 65535) >> 16) - 1;
    if (lo <= hi)
      out[kept].lo = (guint)lo, out[kept].hi = (guint)hi, kept++;
  }
  return kept;
}

/* The fixed-point interval of torus copy k covered by [t0, t1), clamped to one copy. */
static void
copy_interval(double t0, double t1, gint64 k, gint64 *w0, gint64 *w1)
{
  const gint64 full = (gint64)1 << 32;
  double a = ceil((t0 - (double)k) * TORUS_UNITS), b = ceil((t1 - (double)k) * TORUS_UNITS);
  *w0 = a<0 ? 0 : a>(double) full ? full : (gint64)a;
  *w1 = b<0 ? 0 : b>(double) full ? full : (gint64)b;
}

/* The ranges of table coordinates, along one axis, that copy k of the torus shows within
 * [t0, t1) (0 when the interval misses that copy). */
static int
ranges_in_copy(double t0, double t1, gint64 k, guint32 shift, Range16 out[2])
{
  gint64 w0, w1;
  copy_interval(t0, t1, k, &w0, &w1);
  return w0 < w1 ? unshift(w0, w1, shift, out) : 0;
}

static void
visit_piece(const SmpBluenoiseFrame *frame, gint64 tile_x, gint64 tile_y, Range16 rx, Range16 ry,
            guint32 rank_limit, SmpBluenoiseVisit visit, gpointer user_data)
{
  const gboolean swap = frame->symmetry & 1, mirror_x = frame->symmetry & 2,
                 mirror_y = frame->symmetry & 4;
  gboolean cols[SMP_BLUENOISE_BUCKETS] = {0}, rows[SMP_BLUENOISE_BUCKETS] = {0};

  /* Placed x comes from table x (or y when swapped); mark the table buckets that can reach it. */
  mark_buckets(swap ? rows : cols, rx, mirror_x);
  mark_buckets(swap ? cols : rows, ry, mirror_y);

  SmpBluenoiseSite site = {.tile_x = tile_x, .tile_y = tile_y};
  for (int r = 0; r < SMP_BLUENOISE_BUCKETS; r++) {
    if (!rows[r])
      continue;
    for (int c = 0; c < SMP_BLUENOISE_BUCKETS; c++) {
      if (!cols[c])
        continue;
      int b = r * SMP_BLUENOISE_BUCKETS + c;
      for (guint32 i = smp_bluenoise_bucket_start[b]; i < smp_bluenoise_bucket_start[b + 1]; i++) {
        const SmpBluenoisePoint *p = &smp_bluenoise_points[i];
        if (p->rank >= rank_limit)
          continue;
        guint a = swap ? p->y : p->x, e = swap ? p->x : p->y;
        guint dx = mirror_x ? (65536u - a) & 0xffffu : a;
        guint dy = mirror_y ? (65536u - e) & 0xffffu : e;
        if (dx < rx.lo || dx > rx.hi || dy < ry.lo || dy > ry.hi)
          continue;
        guint32 wx = ((guint32)dx << 16) + frame->shift_x;
        guint32 wy = ((guint32)dy << 16) + frame->shift_y;
        site.u = (double)tile_x + wx / TORUS_UNITS;
        site.v = (double)tile_y + wy / TORUS_UNITS;
        site.rank = p->rank;
        visit(&site, user_data);
      }
    }
  }
}

void
smp_bluenoise_visit(const SmpBluenoiseFrame *frame, double u0, double v0, double u1, double v1,
                    guint32 rank_limit, SmpBluenoiseVisit visit, gpointer user_data)
{
  g_return_if_fail(frame != NULL && visit != NULL);
  if (!(u0 < u1) || !(v0 < v1) || rank_limit == 0)
    return;
  gint64 kx0 = (gint64)floor(u0), kx1 = (gint64)floor(u1);
  gint64 ky0 = (gint64)floor(v0), ky1 = (gint64)floor(v1);
  for (gint64 ky = ky0; ky <= ky1; ky++) {
    Range16 ys[2];
    int ny = ranges_in_copy(v0, v1, ky, frame->shift_y, ys);
    for (gint64 kx = kx0; kx <= kx1 && ny > 0; kx++) {
      Range16 xs[2];
      int nx = ranges_in_copy(u0, u1, kx, frame->shift_x, xs);
      for (int j = 0; j < ny; j++)
        for (int i = 0; i < nx; i++)
          visit_piece(frame, kx, ky, xs[i], ys[j], rank_limit, visit, user_data);
    }
  }
}
