/* smp-scar-place: which candidate dots of the fill pattern become new dots, and where. See
 * smp-scar.h. */
#include "smp-scar-private.h"

#include "smp-point-grid.h"

#include <math.h>
#include <stdlib.h>

static float
scar_distance_at(const SmpScarAnalysis *a, double x, double y)
{
  int ix = CLAMP((int)floor(x), 0, a->width - 1), iy = CLAMP((int)floor(y), 0, a->height - 1);
  return a->scar_dist[(gsize)iy * a->width + ix];
}

double
smp_scar_feather_weight(const SmpScarAnalysis *a, double x, double y, double band_px)
{
  g_return_val_if_fail(a != NULL, 0.0);
  if (a->scar_pixels == 0 || a->width == 0 || a->height == 0)
    return 0.0;
  double d = scar_distance_at(a, x, y);
  if (d <= 0.0)
    return 1.0;
  if (d >= band_px)
    return 0.0;
  return 0.5 * (1.0 + cos(G_PI * d / band_px));
}

typedef struct {
  double y, x;
  gsize index;
} CandidateKey;

static int
compare_keys(const void *pa, const void *pb)
{
  const CandidateKey *a = pa, *b = pb;
  if (a->y != b->y)
    return a->y < b->y ? -1 : 1;
  if (a->x != b->x)
    return a->x < b->x ? -1 : 1;
  return (a->index > b->index) - (a->index < b->index);
}

/* Adds to (dx, dy) the move that takes (x, y) to `need` from (ox, oy) if it is closer; TRUE if it
 * was. Coincident points part in direction `part` (radians). */
static gboolean
push_away(double x, double y, double ox, double oy, double need, double part, double *dx,
          double *dy)
{
  double dist = hypot(x - ox, y - oy);
  if (dist >= need)
    return FALSE;
  double ux = dist > 1e-6 ? (x - ox) / dist : cos(part);
  double uy = dist > 1e-6 ? (y - oy) / dist : sin(part);
  *dx += (need - dist) * ux;
  *dy += (need - dist) * uy;
  return TRUE;
}

/* Distances between dots, in units of the fill spacing d. */
#define SOFT_IN_SCAR 0.45 /* a new dot in the scar moves this far from existing dots if it can */
#define HARD_IN_SCAR 0.25 /* ... and never comes closer than this (nor do footprints overlap) */
#define GAP 0.7           /* outside the scar, only gaps this far from every dot take a new one */
#define SOFT_APART 0.5    /* new dots from each other, if they can */
#define HARD_APART 0.3
#define MAX_MOVE 0.5
#define PUSH_ROUNDS 8

typedef struct {
  const SmpScarAnalysis *a;
  const SmpPointGrid *old, *placed;
  double d, reach, radius;
  gboolean gap_mode; /* outside the scar: fill gaps only */
} Conflicts;

/* Minimum distances from the dot at (x, y) to an existing dot j and to a new dot. */
static double
need_old(const Conflicts *k, int j, gboolean hard)
{
  double footprints = 0.5 * k->a->dots[j].diameter + 1.0 + k->radius;
  double rule = k->gap_mode ? GAP : hard ? HARD_IN_SCAR : SOFT_IN_SCAR;
  return fmax(rule * k->d, footprints);
}

static double
need_new(const Conflicts *k, gboolean hard)
{
  return fmax((hard ? HARD_APART : SOFT_APART) * k->d, 2.0 * k->radius + 1.0);
}

/* The move that takes (x, y) clear of every conflict (summed pushes); FALSE if there is none. */
static gboolean
conflicts(const Conflicts *k, double x, double y, gboolean hard, double part, double *dx,
          double *dy)
{
  gboolean any = FALSE;
  SmpPointGridIter it;
  *dx = *dy = 0.0;
  smp_point_grid_iter_init(&it, k->old, x, y, k->reach);
  for (int j; (j = smp_point_grid_iter_next(&it)) >= 0;)
    any |= push_away(x, y, k->old->xy[2 * j], k->old->xy[2 * j + 1], need_old(k, j, hard), part, dx,
                     dy);
  smp_point_grid_iter_init(&it, k->placed, x, y, k->reach);
  for (int j; (j = smp_point_grid_iter_next(&it)) >= 0;)
    any |= push_away(x, y, k->placed->xy[2 * j], k->placed->xy[2 * j + 1], need_new(k, hard), part,
                     dx, dy);
  return any;
}

/* Pushes the dot at (*x, *y) towards the soft distances; it stays on its side of the scar's edge
 * (its density was decided there) and within reach of where the pattern put it. */
static void
settle(const Conflicts *k, const SmpScarCandidate *c, gboolean in_scar, double part, double *x,
       double *y)
{
  double dx, dy;
  for (int round = 0; round < PUSH_ROUNDS && conflicts(k, *x, *y, FALSE, part, &dx, &dy); round++) {
    /* a shorter step where the full one would cross the edge: small scars stay reachable */
    double step = 1.0;
    while (step > 0.1 &&
           ((scar_distance_at(k->a, *x + step * dx, *y + step * dy) <= 0.0f) != in_scar ||
            hypot(*x + step * dx - c->x, *y + step * dy - c->y) > MAX_MOVE * k->d))
      step *= 0.5;
    if (step <= 0.1)
      break;
    *x += step * dx;
    *y += step * dy;
  }
}

/* The dot at (x, y) keeps the hard distances, and its footprint stays inside the area and inside
 * the feather band. */
static gboolean
fits(const Conflicts *k, const SmpScarPlacement *p, const SmpScarCandidate *c, gboolean in_scar,
     double part, double x, double y)
{
  const SmpScarAnalysis *a = k->a;
  double dx, dy;
  if (conflicts(k, x, y, TRUE, part, &dx, &dy))
    return FALSE;
  if (x - c->radius < 0.0 || y - c->radius < 0.0 || x + c->radius > a->width ||
      y + c->radius > a->height)
    return FALSE;
  return in_scar || scar_distance_at(a, x, y) + c->radius + 1.0 <= p->band_px;
}

/* How far a new dot looks for conflicts: the gap rule or the footprints, whichever is wider. */
static double
conflict_reach(const SmpScarAnalysis *a, const SmpScarCandidate *cand, gsize n, double d)
{
  double max_dot_r = 0.0, max_new_r = 0.0;
  for (int k = 0; k < a->n_dots; k++)
    max_dot_r = fmax(max_dot_r, 0.5 * a->dots[k].diameter + 1.0);
  for (gsize i = 0; i < n; i++)
    max_new_r = fmax(max_new_r, cand[i].radius);
  return fmax(GAP * d, max_dot_r + 2.0 * max_new_r + 2.0) + 1.0;
}

gsize
smp_scar_place(const SmpScarAnalysis *a, const SmpScarPlacement *p, SmpScarCandidate *cand, gsize n,
               gboolean *keep)
{
  g_return_val_if_fail(a != NULL && p != NULL, 0);
  g_return_val_if_fail(n == 0 || (cand != NULL && keep != NULL), 0);
  for (gsize i = 0; i < n; i++)
    keep[i] = FALSE;
  if (n == 0 || a->scar_pixels == 0 || !(p->spacing_px > 0.0))
    return 0;

  const double d = p->spacing_px, reach = conflict_reach(a, cand, n, d);
  const gboolean whole = a->detect == SMP_SCAR_DETECT_WHOLE_AREA;
  SmpPointGrid old, placed;
  smp_point_grid_init(&old, a->width, a->height, fmax(reach, 4.0));
  smp_point_grid_init(&placed, a->width, a->height, fmax(reach, 4.0));
  for (int k = 0; k < a->n_dots; k++)
    smp_point_grid_add(&old, a->dots[k].x, a->dots[k].y);

  CandidateKey *order = g_new(CandidateKey, n);
  for (gsize i = 0; i < n; i++)
    order[i] = (CandidateKey){cand[i].y, cand[i].x, i};
  qsort(order, n, sizeof(CandidateKey), compare_keys);

  gsize kept = 0;
  for (gsize o = 0; o < n; o++) {
    SmpScarCandidate *c = &cand[order[o].index];
    const gboolean in_scar = scar_distance_at(a, c->x, c->y) <= 0.0f;
    Conflicts k = {a, &old, &placed, d, reach, c->radius, whole || !in_scar};
    /* direction in which to part from a point at the very same place */
    const double part = 2.0 * G_PI * ((double)o + 0.5) / (double)n;
    double x = c->x, y = c->y;
    settle(&k, c, in_scar, part, &x, &y);
    if (!fits(&k, p, c, in_scar, part, x, y))
      continue;
    c->x = x;
    c->y = y;
    keep[order[o].index] = TRUE;
    smp_point_grid_add(&placed, x, y);
    kept++;
  }
  g_free(order);
  smp_point_grid_clear(&old);
  smp_point_grid_clear(&placed);
  return kept;
}
