/* The hair-loss atlas on head landmarks. Every figure is given for a reference head (155 mm wide,
 * 195 mm from the glabella to the back, the ear-canal line 95.5 mm behind the glabella) and
 * scaled with the head; docs/hair-loss-patterns.md gives each stage's published description and
 * how these areas follow it. */
#include "smp-hairline-atlas.h"

#include <math.h>
#include <string.h>

#define REF_WIDTH 155.0
#define REF_LENGTH 195.0
/* Far enough ahead that an area reaching it covers the whole forehead. */
#define FRONT_END 150.0

/* Front line targets (sv at the frontotemporal angle): Norwood II stops 2 cm or more ahead of the
 * ear-canal line, III goes beyond that point. */
#define NORWOOD_2_ANGLE 24.0
#define NORWOOD_3_ANGLE 10.0

static void
add_area(SmpAtlasStage *st, double su, double ss, double ru, double front, double back,
         double depth, int exponent)
{
  SmpAtlasArea *area = &st->areas[st->n_areas++];
  g_assert(st->n_areas <= SMP_ATLAS_MAX_AREAS);
  area->ru = ru * su;
  area->rv = 0.5 * (front - back) * ss;
  area->cv = 0.5 * (front + back) * ss;
  area->depth = depth;
  area->exponent = exponent;
}

/* Norwood I-III front lines: minimal recession, then triangular recessions at the angles. */
static void
norwood_front(SmpAtlasStage *st, int stage, double ss, double line_mid, double line_angle)
{
  static const double mid[3] = {0.0, 4.0, 8.0};
  st->mid = mid[stage - 1] * ss;
  if (stage == 1)
    st->temple = 4.0;
  else
    st->temple =
        MAX(line_angle - st->mid - (stage == 2 ? NORWOOD_2_ANGLE : NORWOOD_3_ANGLE) * ss, 0.0);
}

/* The regular Norwood stages. From IV on, the frontal bald area covers the front and the top
 * including the midline back to a band of hair that crosses the top from ear to ear; the vertex
 * area lies behind the band; V widens both and thins the narrower band; VI joins them; VII
 * leaves the horseshoe fringe. Each stage's bald area contains the previous one's. */
static void
norwood(SmpAtlasStage *st, int stage, gboolean vertex, double su, double ss, double line_mid,
        double line_angle)
{
  norwood_front(st, MIN(stage, 3), ss, line_mid, line_angle);
  if (vertex) /* III-vertex: the crown, frontal recession as III */
    add_area(st, su, ss, 28.0, -30.0, -80.0, 1.0, 2);
  switch (stage) {
  case 4:
    add_area(st, su, ss, 40.0, FRONT_END, -2.0, 1.0, 4);
    add_area(st, su, ss, 30.0, -30.0, -80.0, 1.0, 2);
    break;
  case 5:
    add_area(st, su, ss, 46.0, FRONT_END, -12.0, 1.0, 4);
    add_area(st, su, ss, 50.0, -6.0, -30.0, 0.45, 4); /* the band, narrower and sparser */
    add_area(st, su, ss, 38.0, -24.0, -84.0, 1.0, 2);
    break;
  case 6:
    add_area(st, su, ss, 52.0, FRONT_END, -86.0, 1.0, 4);
    break;
  case 7:
    add_area(st, su, ss, 60.0, FRONT_END, -88.0, 1.0, 4);
    break;
  default:
    break;
  }
}

/* Type A: the front line recedes as a whole and the loss advances backwards as one area with no
 * separate vertex; the side and back fringe stays. IIa: within 2 cm of the natural line; IIIa:
 * back to the ear-canal (mid-coronal) line; IVa: beyond it; Va: towards the crown, narrower
 * behind than VI. */
static void
norwood_a(SmpAtlasStage *st, int stage, double su, double ss)
{
  static const double half[4] = {0.0, 42.0, 46.0, 50.0}, back[4] = {0.0, 0.0, -30.0, -62.0};
  st->mid = 15.0 * ss;
  st->temple = 6.0;
  if (stage > 2)
    add_area(st, su, ss, half[stage - 2], FRONT_END, back[stage - 2], 1.0, 4);
}

/* Ludwig I-III: thinning over the crown and top behind a line 1-3 cm behind the front line,
 * which is kept; I perceptible, II pronounced, III near denudation. */
static void
ludwig(SmpAtlasStage *st, int grade, double su, double ss)
{
  static const double front[3] = {30.0, 20.0, 12.0}, ru[3] = {40.0, 47.0, 54.0},
                      rv[3] = {68.0, 74.0, 80.0}, depth[3] = {0.35, 0.65, 0.92};
  st->thin_front = front[grade - 1] * ss;
  st->areas[0] =
      (SmpAtlasArea){ru[grade - 1] * su, rv[grade - 1] * ss, -5.0 * ss, depth[grade - 1], 2};
  st->n_areas = 1;
}

/* Sinclair 1-5, read on the central part: 1 a normal part, 2 a wider part, 3 a wider part with
 * thinning on either side, 4 diffuse loss over the top, 5 advanced loss; the front line kept. */
static void
sinclair(SmpAtlasStage *st, int grade, double su, double ss)
{
  static const double part[5] = {0.5, 2.0, 4.0, 5.0, 7.0},
                      part_depth[5] = {0.5, 0.8, 0.9, 0.9, 0.95};
  static const double ru[5] = {0, 0, 20.0, 42.0, 52.0}, rv[5] = {0, 0, 55.0, 70.0, 78.0},
                      depth[5] = {0, 0, 0.3, 0.55, 0.8}, front[5] = {0, 0, 8.0, 10.0, 10.0};
  int k = grade - 1;
  st->part_half = part[k] * su;
  st->part_depth = part_depth[k];
  st->part_back = -35.0 * ss;
  if (ru[k] > 0.0) {
    st->thin_front = front[k] * ss;
    st->areas[0] = (SmpAtlasArea){ru[k] * su, rv[k] * ss, 15.0 * ss, depth[k], 2};
    st->n_areas = 1;
  }
}

void
smp_atlas_stage(SmpAtlasStage *st, SmpHairlinePattern pattern, double head_width,
                double head_length, double line_mid, double line_angle)
{
  const double su = head_width / REF_WIDTH, ss = head_length / REF_LENGTH;
  memset(st, 0, sizeof *st);
  st->part_back = G_MAXDOUBLE;
  switch (pattern) {
  case SMP_HAIRLINE_PATTERN_FULL:
    break;
  case SMP_HAIRLINE_PATTERN_NORWOOD_1:
  case SMP_HAIRLINE_PATTERN_NORWOOD_2:
  case SMP_HAIRLINE_PATTERN_NORWOOD_3:
  case SMP_HAIRLINE_PATTERN_NORWOOD_4:
  case SMP_HAIRLINE_PATTERN_NORWOOD_5:
  case SMP_HAIRLINE_PATTERN_NORWOOD_6:
  case SMP_HAIRLINE_PATTERN_NORWOOD_7:
    norwood(st, 1 + pattern - SMP_HAIRLINE_PATTERN_NORWOOD_1, FALSE, su, ss, line_mid, line_angle);
    break;
  case SMP_HAIRLINE_PATTERN_NORWOOD_3V:
    norwood(st, 3, TRUE, su, ss, line_mid, line_angle);
    break;
  case SMP_HAIRLINE_PATTERN_NORWOOD_2A:
  case SMP_HAIRLINE_PATTERN_NORWOOD_3A:
  case SMP_HAIRLINE_PATTERN_NORWOOD_4A:
  case SMP_HAIRLINE_PATTERN_NORWOOD_5A:
    norwood_a(st, 2 + pattern - SMP_HAIRLINE_PATTERN_NORWOOD_2A, su, ss);
    break;
  case SMP_HAIRLINE_PATTERN_LUDWIG_1:
  case SMP_HAIRLINE_PATTERN_LUDWIG_2:
  case SMP_HAIRLINE_PATTERN_LUDWIG_3:
    st->female = TRUE;
    ludwig(st, 1 + pattern - SMP_HAIRLINE_PATTERN_LUDWIG_1, su, ss);
    break;
  case SMP_HAIRLINE_PATTERN_OLSEN:
    /* Frontal accentuation: widest just behind the front line, tapering along the part to a
     * point at the crown, the outline stepped like a fir tree's branches. */
    st->female = TRUE;
    st->tree_half = 30.0 * su;
    st->tree_back = -35.0 * ss;
    st->tree_step = 16.0 * ss;
    st->tree_depth = 0.6;
    st->part_half = 3.0 * su;
    st->part_depth = 0.85;
    st->part_back = -35.0 * ss;
    break;
  default:
    st->female = TRUE;
    sinclair(st, 1 + pattern - SMP_HAIRLINE_PATTERN_SINCLAIR_1, su, ss);
    break;
  }
  /* Per pixel, multiplications rather than divisions. */
  for (int i = 0; i < st->n_areas; i++) {
    st->areas[i].inv_ru = 1.0 / st->areas[i].ru;
    st->areas[i].inv_rv = 1.0 / st->areas[i].rv;
  }
}

double
smp_atlas_recession(const SmpAtlasStage *st, double a, double w)
{
  double wedge = a <= w ? 1.0 - (w - a) / (0.75 * w) : 1.0 - (a - w) / (0.6 * w);
  return st->mid + st->temple * MAX(wedge, 0.0);
}

/* An area's norm: 1 on its outline; with exponent 2 or 4 a norm of the scaled coordinates, so it
 * changes by at most |step| / min(ru, rv) over a step. */
static inline double
area_norm(const SmpAtlasArea *area, double u, double sv)
{
  double x = u * area->inv_ru, y = (sv - area->cv) * area->inv_rv, k = x * x + y * y;
  if (area->exponent == 4)
    k = sqrt(k * k - 2.0 * x * x * y * y);
  return sqrt(k);
}

/* Signed distance (mm, positive inside) to an area's outline, along the ray from its centre. */
static inline double
area_distance(const SmpAtlasArea *area, double u, double sv)
{
  double du = u, dv = sv - area->cv;
  double x = du * area->inv_ru, y = dv * area->inv_rv, r = sqrt(du * du + dv * dv);
  double k = x * x + y * y;
  if (area->exponent == 4)
    k = sqrt(k * k - 2.0 * x * x * y * y); /* (x^4 + y^4)^(1/2) */
  k = sqrt(k);
  if (k < 1e-9)
    return MIN(area->ru, area->rv);
  return r / k - r;
}

/* Olsen's tree: inside distance (mm) across its stepped outline. */
static inline double
tree_distance(const SmpAtlasStage *st, double u, double sv, double behind)
{
  double along = behind / st->tree_step;
  /* Each branch starts wide and narrows towards the next one. */
  double branch = 1.0 - 0.35 * (along - floor(along));
  double taper = (sv - st->tree_back) / (sv - st->tree_back + behind);
  double half = st->tree_half * CLAMP(taper, 0.0, 1.0) * branch;
  return MIN(half - fabs(u), MIN(behind - 3.0, sv - st->tree_back));
}

/* The inside distance of area i, restricted to the thinning zone behind the front line where the
 * stage keeps that line. */
static inline double
inside(const SmpAtlasStage *st, int i, double u, double sv, double behind)
{
  double d = area_distance(&st->areas[i], u, sv);
  return st->female ? MIN(d, behind - st->thin_front) : d;
}

static inline double
part_distance(const SmpAtlasStage *st, double u, double sv, double behind)
{
  return MIN(st->part_half - fabs(u), MIN(behind, sv - st->part_back));
}

/* Area i's contribution at a point (0 outside its box, where its outline cannot reach). */
static inline double
area_loss(const SmpAtlasStage *st, int i, double u, double sv, double behind, double inv_support,
          double half)
{
  const SmpAtlasArea *area = &st->areas[i];
  if (fabs(u) >= area->ru + half || fabs(sv - area->cv) >= area->rv + half)
    return 0.0;
  return area->depth * smp_atlas_step(inside(st, i, u, sv, behind), inv_support);
}

double
smp_atlas_loss_partial(const SmpAtlasStage *st, double u, double sv, double behind,
                       double inv_support, double base, guint terms)
{
  const double half = 0.5 / inv_support;
  double loss = base;
  for (int i = 0; i < st->n_areas; i++)
    if ((terms & (1u << i)) && st->areas[i].depth > loss)
      loss = MAX(loss, area_loss(st, i, u, sv, behind, inv_support, half));
  if ((terms & SMP_ATLAS_TREE) && st->tree_depth > loss && fabs(u) < st->tree_half + half)
    loss =
        MAX(loss, st->tree_depth * smp_atlas_step(tree_distance(st, u, sv, behind), inv_support));
  if ((terms & SMP_ATLAS_PART) && st->part_depth > loss && fabs(u) < st->part_half + 0.5)
    loss = MAX(loss, st->part_depth *
                         smp_atlas_step(part_distance(st, u, sv, behind), MAX(inv_support, 1.0)));
  return loss;
}

double
smp_atlas_loss(const SmpAtlasStage *st, double u, double sv, double behind, double inv_support)
{
  return smp_atlas_loss_partial(st, u, sv, behind, inv_support, 0.0, SMP_ATLAS_ALL);
}

void
smp_atlas_edges(const SmpAtlasStage *st, double u, double sv, double behind, double *bald,
                double *partial)
{
  *bald = *partial = -G_MAXDOUBLE;
  for (int i = 0; i < st->n_areas; i++) {
    double d = inside(st, i, u, sv, behind);
    if (st->areas[i].depth >= 1.0)
      *bald = MAX(*bald, d);
    else
      *partial = MAX(*partial, d);
  }
  if (st->tree_depth > 0.0)
    *partial = MAX(*partial, tree_distance(st, u, sv, behind));
  if (st->part_depth > 0.0)
    *partial = MAX(*partial, part_distance(st, u, sv, behind));
}

guint
smp_atlas_classify(const SmpAtlasStage *st, double u, double sv, double behind, double slack,
                   double behind_slack, double inv_support, double *base)
{
  /* A step is exactly 0 or 1 beyond half its support; a hair's breadth more for rounding. */
  const double half = 0.5 / inv_support * (1.0 + 1e-9) + 1e-9;
  const double behind_lo = behind - behind_slack, behind_hi = behind + behind_slack;
  guint terms = 0;
  *base = 0.0;
  for (int i = 0; i < st->n_areas; i++) {
    const SmpAtlasArea *area = &st->areas[i];
    /* Along each ray the outline lies at least min(ru, rv) from the centre, so the distance
     * is at least min(ru, rv) (1 - k) inside and at most that outside. */
    const double radius = MIN(area->ru, area->rv), k = area_norm(area, u, sv);
    const double spread = slack / radius, margin = half / radius;
    gboolean inside = k + spread <= 1.0 - margin, outside = k - spread >= 1.0 + margin;
    if (st->female) {
      inside = inside && behind_lo - st->thin_front >= half;
      outside = outside || behind_hi - st->thin_front <= -half;
    }
    if (inside)
      *base = MAX(*base, area->depth);
    else if (!outside)
      terms |= 1u << i;
  }
  const double au = fabs(u);
  if (st->tree_depth > 0.0 && !(au - slack >= st->tree_half + half ||
                                sv + slack - st->tree_back <= -half || behind_hi - 3.0 <= -half))
    terms |= SMP_ATLAS_TREE;
  if (st->part_depth > 0.0) {
    const double part_half = 0.5 / MAX(inv_support, 1.0) * (1.0 + 1e-9) + 1e-9;
    if (!(au - slack >= st->part_half + part_half || behind_hi <= -part_half ||
          sv + slack - st->part_back <= -part_half))
      terms |= SMP_ATLAS_PART;
  }
  return terms;
}
