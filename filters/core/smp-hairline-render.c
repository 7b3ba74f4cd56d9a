/* Hairline masks: evaluation of a pixel in every view and output, runs of equal pixels filled at
 * once, and the landmarks a view shows. Figures and their sources: docs/hair-loss-patterns.md. */
#include "smp-hairline-private.h"

/* ---- evaluation ----------------------------------------------------------------------------- */

static void
eval_init(Eval *e, const SmpHairline *h, double pixel_mm)
{
  double support = MAX(h->p.transition, pixel_mm) / profile_ratio();
  e->pixel = pixel_mm;
  e->inv_pixel = 1.0 / pixel_mm;
  e->inv_support = 1.0 / support;
  e->saturated = 0.5 * support + h->micro;
  e->temporal_reach = e->saturated + h->macro;
  e->stroke = 0.5 * h->p.outline_width / pixel_mm;
  e->edge_stroke = MAX(0.5 * e->stroke, 0.5);
  for (int back = 0; back < 2; back++) {
    double rv = back ? -h->back_v : h->front_v;
    double p = back ? OUTLINE_BACK_EXPONENT : OUTLINE_FRONT_EXPONENT;
    e->head_margin[back] = 2.0 * pixel_mm / MIN(h->half_width, rv);
    e->head_inner[back] = pow(MAX(1.0 - e->head_margin[back], 0.0), p);
    e->head_outer[back] = pow(1.0 + e->head_margin[back], p);
  }
}

void
smp_hairline_eval_levels(SmpHairline *h)
{
  for (int level = 0; level < EVAL_LEVELS; level++)
    eval_init(&h->level_eval[level], h, ldexp(1.0, level) * h->inv_ppmm);
}

/* Front view: distance to the temporal hairline (positive lateral of it), cut off below the
 * sideburn; with undulation near the line. */
static inline double
temporal_distance(const SmpHairline *h, const Eval *e, double a, double v, int side)
{
  double d = a * h->tc + v * h->tv - h->t0[side];
  if (h->macro > 0.0 && fabs(d) < e->temporal_reach) {
    double s = h->angle_s[side] + (h->angle_h[side] - v) / h->tc;
    d -= h->macro * macro_noise(h->macro_key, h->detail_key, side == 0 ? s : -s);
  }
  return MIN(d, v - SIDEBURN_HEIGHT);
}

/* Density of the leading unit (broken line) around (s, d), d < 0 in front of the line; also the
 * unit's signed edge distance (mm, positive inside) for the outline. */
static double
island(const SmpHairline *h, const Eval *e, double s, double d, double *edge)
{
  *edge = -G_MAXDOUBLE;
  double depth = -d - ISLAND_OFFSET;
  if (depth <= 0.0 || depth >= ISLAND_ROWS * ISLAND_ROW)
    return 0.0;
  int row = (int)(depth / ISLAND_ROW);
  double cell = floor(s / ISLAND_CELL);
  guint32 i = (guint32)(gint64)cell, stream = STREAM_ISLAND + 8u * (guint32)row;
  guint32 seed = h->p.seed;
  if (smp_hash_unit(seed, i, stream) >= 0.6 - 0.13 * row)
    return 0.0;
  double sc = (cell + 0.3 + 0.4 * smp_hash_unit(seed, i, stream + 1)) * ISLAND_CELL;
  double dc = ISLAND_OFFSET + (row + 0.3 + 0.4 * smp_hash_unit(seed, i, stream + 2)) * ISLAND_ROW;
  double radius = 0.45 + 0.35 * smp_hash_unit(seed, i, stream + 3);
  double peak = (0.95 - 0.1 * row) * (0.7 + 0.3 * smp_hash_unit(seed, i, stream + 4));
  double ds = s - sc, dd = depth - dc;
  *edge = radius - sqrt(ds * ds + dd * dd);
  return peak * step_profile(*edge, 1.0 / MAX(ISLAND_SOFTNESS, e->pixel));
}

/* Top view: 0..1, how much of a pixel `pixel` mm wide lies inside the head outline. */
static inline double
head_coverage(const SmpHairline *h, const Eval *e, double u, double v)
{
  const int back = v <= 0.0;
  double rv = back ? -h->back_v : h->front_v, ru = h->half_width;
  double x = fabs(u) / ru, y = fabs(v) / rv;
  /* The superellipses contain the ellipse and lie inside the box of the same half axes. */
  double margin = e->head_margin[back];
  if (x * x + y * y < 1.0 - margin)
    return 1.0;
  if (x > 1.0 + margin || y > 1.0 + margin)
    return 0.0;
  double p = back ? OUTLINE_BACK_EXPONENT : OUTLINE_FRONT_EXPONENT;
  double xp = pow(x, p - 1.0), yp = pow(y, p - 1.0), sum = xp * x + yp * y;
  /* Two pixels or more inside or outside (the superellipse's norm changes by at most a step over
   * min(ru, rv)): full or empty. */
  if (sum <= e->head_inner[back])
    return 1.0;
  if (sum >= e->head_outer[back])
    return 0.0;
  double f = 1.0 - sum;
  double gx = p * xp / ru, gy = p * yp / rv, grad = sqrt(gx * gx + gy * gy);
  double inside = grad > 1e-12 ? f / grad : ru;
  return CLAMP(inside / e->pixel + 0.5, 0.0, 1.0);
}

/* Everything at one head point: the design region's signed distance and density, the stage's
 * remaining fraction; assembled per output below. */
typedef struct {
  double line;    /* design line distance without micro spots, both branches */
  double frontal; /* frontal branch distance */
  double bounds;  /* 0..1: inside the head (anti-aliased) */
  double receded; /* front edge of the client's hair (view mm) */
  double temple;  /* 0..1, front view: the client's temporal hair below the angle, kept at every
                     stage as part of the side fringe */
  LineSample at;
} Point;

/* FALSE outside the head; `all` also fetches the receded line, the temple and the arc length
 * (without it they read as no client's hair). */
static inline gboolean
locate(const SmpHairline *h, const Eval *e, double u, double v, Point *pt, gboolean all)
{
  double a = fabs(u);
  int side = u < 0.0;
  const gboolean front = h->p.view == SMP_HAIRLINE_VIEW_FRONT;
  pt->bounds =
      front ? CLAMP((h->half_width - a) * e->inv_pixel + 0.5, 0.0, 1.0) : head_coverage(h, e, u, v);
  if (pt->bounds <= 0.0)
    return FALSE;
  sample(h, a, side, &pt->at, all);
  pt->frontal = v * pt->at.k - pt->at.g;
  pt->receded = -G_MAXDOUBLE;
  pt->temple = 0.0;
  if (front) {
    double temporal = temporal_distance(h, e, a, v, side);
    pt->line = MAX(pt->frontal, temporal);
    /* The client's temporal hair: the natural line's, cut at the same sideburn. */
    if (all) {
      double temporal_client = MIN(a * h->tc + v * h->tv - h->t0_client, v - SIDEBURN_HEIGHT);
      pt->receded = MAX(v * pt->at.kr - pt->at.gr, temporal_client);
      pt->temple = step_profile(temporal_client, e->inv_support) *
                   step_profile(h->client_angle_h - v, e->inv_support);
    }
  } else {
    pt->line = pt->frontal;
    if (all)
      pt->receded = v * pt->at.kr - pt->at.gr;
  }
  return TRUE;
}

/* Top-view position of a head point: the scalp point a front-view pixel shows. */
static inline double
scalp_v(const SmpHairline *h, const Point *pt, double v)
{
  if (h->p.view == SMP_HAIRLINE_VIEW_TOP)
    return v;
  return MAX(pt->at.edge - setback(v), h->vertex_v);
}

/* The client's hair at the stage (0..1), whatever the design. */
static double
client_hair(const SmpHairline *h, const Eval *e, const Point *pt, double u, double v)
{
  double front = step_profile(pt->receded, e->inv_support);
  if (front <= 0.0)
    return 0.0;
  double sv = scalp_v(h, pt, v);
  double loss = smp_atlas_loss(&h->stage, u, sv, pt->at.natural - sv, e->inv_support);
  return front * pt->bounds * (1.0 - loss * (1.0 - pt->temple));
}

/* Whether a broken line's leading units may sit at a located point: in front of the frontal
 * branch, between the temples. */
static inline gboolean
in_leading_band(const SmpHairline *h, const Point *pt, double u)
{
  return h->p.shape == SMP_HAIRLINE_SHAPE_BROKEN && pt->frontal < 0.0 && pt->line == pt->frontal &&
         fabs(u) < h->half_temple;
}

/* The design's density at a located point (bounds included). */
static inline double
design_density(const SmpHairline *h, const Eval *e, const Point *pt, double u, double v)
{
  const gboolean broken = h->p.shape == SMP_HAIRLINE_SHAPE_BROKEN;
  double line = pt->line, density;
  if (line >= e->saturated)
    density = 1.0;
  else if (line <= -e->saturated && !broken)
    density = 0.0;
  else {
    double spot = 0.0;
    if (h->micro > 0.0 && fabs(line) < e->saturated)
      spot = h->micro * noise2(h->micro_key, u * (1.0 / MICRO_SIZE), v * (1.0 / MICRO_SIZE));
    density = step_profile(line + spot, e->inv_support);
    if (in_leading_band(h, pt, u)) {
      double edge;
      density = MAX(density, island(h, e, pt->at.s, pt->frontal, &edge));
    }
  }
  return density * pt->bounds;
}

/* locate() for a mask or outline pixel: the receded line and the arc length are needed where the
 * client's hair or a broken line's leading units are drawn. */
static inline gboolean
locate_pixel(const SmpHairline *h, const Eval *e, double u, double v, Point *pt)
{
  return locate(h, e, u, v, pt, h->pattern_on || h->p.shape == SMP_HAIRLINE_SHAPE_BROKEN);
}

static double
eval_mask(const SmpHairline *h, const Eval *e, double u, double v)
{
  Point pt;
  if (!locate_pixel(h, e, u, v, &pt))
    return 0.0;
  const gboolean current = h->p.area == SMP_HAIRLINE_AREA_CURRENT;
  if (h->pattern_on && current)
    return client_hair(h, e, &pt, u, v);
  double density = design_density(h, e, &pt, u, v);
  if (!h->pattern_on)
    return current ? density : 0.0;
  /* The area to treat: the design minus the client's hair, blended into it. */
  if (density <= 0.0)
    return 0.0;
  return density * (1.0 - client_hair(h, e, &pt, u, v));
}

static double
eval_outline(const SmpHairline *h, const Eval *e, double u, double v)
{
  Point pt;
  if (!locate_pixel(h, e, u, v, &pt))
    return 0.0;

  double reach = 0.5 * h->p.transition + h->p.outline_width + e->pixel;
  double cover = 0.0;
  if (fabs(pt.line) < reach) {
    cover = stroke(e, pt.line, e->stroke);
    if (h->p.transition > 0.0) {
      cover = MAX(cover, stroke(e, pt.line - 0.5 * h->p.transition, e->edge_stroke));
      cover = MAX(cover, stroke(e, pt.line + 0.5 * h->p.transition, e->edge_stroke));
    }
  }
  if (in_leading_band(h, &pt, u)) {
    double edge;
    if (island(h, e, pt.at.s, pt.frontal, &edge) > 0.0)
      cover = MAX(cover, CLAMP(edge * e->inv_pixel + 0.5, 0.0, 1.0));
  }

  if (h->pattern_on) {
    /* The client's hair: the front edge and the edges of the stage's areas. */
    double sv = scalp_v(h, &pt, v), bald, partial;
    smp_atlas_edges(&h->stage, u, sv, pt.at.natural - sv, &bald, &partial);
    bald = MAX(bald, -pt.receded);
    cover = MAX(cover, stroke(e, bald, e->stroke));
    cover = MAX(cover, stroke(e, partial, e->edge_stroke));
  }
  return cover * pt.bounds;
}

/* ---- the whorl on the outline ---------------------------------------------------------------- */

/* Distance (mm) from (x, y) to the segment a-b. */
static double
segment_distance(double x, double y, double ax, double ay, double bx, double by)
{
  double dx = bx - ax, dy = by - ay, length2 = dx * dx + dy * dy;
  double t = length2 > 0.0 ? CLAMP(((x - ax) * dx + (y - ay) * dy) / length2, 0.0, 1.0) : 0.0;
  return hypot(x - ax - t * dx, y - ay - t * dy);
}

/* Top view: a spiral around the whorl that winds outwards the way the hair turns (clockwise or
 * counter-clockwise seen from above), with an arrowhead at its outer end and a dot at its centre.
 * Coverage 0..1. */
static double
whorl_cover(const SmpHairline *h, const Eval *e, double u, double v)
{
  const double cu = h->p.whorl_side, cv = -h->p.whorl_behind;
  const double du = u - cu, dv = v - cv, r = hypot(du, dv);
  if (r > WHORL_RADIUS + WHORL_ARROW + 1.0)
    return 0.0;
  /* Angles from the face's direction (v), growing clockwise for a clockwise whorl: mirroring the
   * head mirrors the mark and swaps the turn. */
  const double sense = h->p.whorl_clockwise ? 1.0 : -1.0;
  const double pitch = WHORL_RADIUS / (2.0 * G_PI * WHORL_TURNS);
  double phase = fmod(sense * atan2(du, dv) + 2.0 * G_PI, 2.0 * G_PI);
  double d = MAX(r - WHORL_DOT, 0.0); /* the centre dot */
  for (double phi = phase; phi <= 2.0 * G_PI * WHORL_TURNS + 1e-9; phi += 2.0 * G_PI)
    d = MIN(d, fabs(r - pitch * phi));
  /* The arrowhead at the outer end, pointing the way the turn goes. */
  const double end = sense * 2.0 * G_PI * WHORL_TURNS;
  const double eu = WHORL_RADIUS * sin(end), ev = WHORL_RADIUS * cos(end);
  const double tu = sense * cos(end), tv = -sense * sin(end);
  for (int k = -1; k <= 1; k += 2) {
    double c = cos(0.5), s = k * sin(0.5);
    double bu = -(c * tu - s * tv), bv = -(s * tu + c * tv);
    d = MIN(d, segment_distance(du, dv, eu, ev, eu + WHORL_ARROW * bu, ev + WHORL_ARROW * bv));
  }
  return stroke(e, d, e->edge_stroke);
}

/* One pixel's value in any view and output. */
static inline double
evaluate(const SmpHairline *h, const Eval *e, double u, double v)
{
  if (h->p.view >= SMP_HAIRLINE_VIEW_LEFT)
    return smp_hairline_eval_side(h, e, u, v);
  if (h->p.output == SMP_HAIRLINE_OUTPUT_MASK)
    return eval_mask(h, e, u, v);
  double cover = eval_outline(h, e, u, v);
  if (h->p.view == SMP_HAIRLINE_VIEW_TOP)
    cover = MAX(cover, whorl_cover(h, e, u, v));
  return cover;
}

/* ---- public evaluation ---------------------------------------------------------------------- */

void
smp_hairline_head_position(const SmpHairline *h, double x, double y, double *u, double *v)
{
  g_return_if_fail(h != NULL && u != NULL && v != NULL);
  double mx = (x - h->p.origin_x) * h->inv_ppmm, my = (y - h->p.origin_y) * h->inv_ppmm;
  *u = h->cos_a * mx - h->sin_a * my;
  *v = -h->sin_a * mx - h->cos_a * my;
}

void
smp_hairline_image_position(const SmpHairline *h, double u, double v, double *x, double *y)
{
  g_return_if_fail(h != NULL && x != NULL && y != NULL);
  /* The head-position rotation (with its mirrored v axis) is its own inverse. */
  double mx = h->cos_a * u - h->sin_a * v, my = -h->sin_a * u - h->cos_a * v;
  *x = h->p.origin_x + mx / h->inv_ppmm;
  *y = h->p.origin_y + my / h->inv_ppmm;
}

/* What a run of pixels (top view, with a stage, wholly inside the head) has in common: whether
 * the design is full all over it, whether the client's front edge is (-1: it varies), and the
 * stage's loss terms that vary, those that do not in `base`. */
typedef struct {
  gboolean known;
  gboolean design_full;
  int front;
  double base;
  guint terms;
} RunInfo;

static void
classify_client(const SmpHairline *h, const Eval *e, double u, double v, const LineSample *at,
                double slack, RunInfo *run)
{
  const double half = 0.5 / e->inv_support * (1.0 + 1e-9) + 1e-9;
  /* The front edge: d = o N with o = hr(|u|) - v, N in [norm_r_min, 1]. */
  const double o = at->hr - v, o_slack = slack + h->slope_r_max * (slack + 2.0 * TABLE_STEP);
  const double o_lo = o - o_slack, o_hi = o + o_slack;
  run->front = o_hi <= 0.0 && o_hi * h->norm_r_min <= -half  ? 0
               : o_lo >= 0.0 && o_lo * h->norm_r_min >= half ? 1
                                                             : -1;
  const double behind_slack = slack + h->slope_n_max * (slack + 2.0 * TABLE_STEP);
  run->terms = smp_atlas_classify(&h->stage, u, v, at->natural - v, slack, behind_slack,
                                  e->inv_support, &run->base);
  run->known = TRUE;
}

/* A pixel of a classified run: the same value as eval_mask, computing only what varies. */
static double
eval_run_pixel(const SmpHairline *h, const Eval *e, const RunInfo *run, double u, double v)
{
  Point pt;
  sample(h, fabs(u), u < 0.0, &pt.at, TRUE);
  double front =
      run->front >= 0 ? run->front : step_profile(v * pt.at.kr - pt.at.gr, e->inv_support);
  double client = 0.0;
  if (front > 0.0) {
    double loss = smp_atlas_loss_partial(&h->stage, u, v, pt.at.natural - v, e->inv_support,
                                         run->base, run->terms);
    client = front * 1.0 * (1.0 - loss * (1.0 - 0.0));
  }
  if (h->p.area == SMP_HAIRLINE_AREA_CURRENT)
    return client;
  double density = 1.0 * 1.0;
  if (!run->design_full) {
    pt.frontal = v * pt.at.k - pt.at.g;
    pt.line = pt.frontal;
    pt.bounds = 1.0;
    density = design_density(h, e, &pt, u, v);
  }
  if (density <= 0.0)
    return 0.0;
  return density * (1.0 - client);
}

/* Where a run lies against the head's outline. */
typedef enum { RUN_OUTSIDE, RUN_INSIDE, RUN_ACROSS } RunPlace;

/* Whether a run of pixels within `slack` mm of (u, v) lies wholly outside the head, wholly
 * inside it, or may cross its outline. */
static inline RunPlace
head_run(const SmpHairline *h, const Eval *e, double u, double v, double slack)
{
  const double a = fabs(u);
  if (h->p.view == SMP_HAIRLINE_VIEW_FRONT) {
    if (h->half_width - a + slack <= -0.5 * e->pixel)
      return RUN_OUTSIDE;
    return h->half_width - a - slack < 0.5 * e->pixel ? RUN_ACROSS : RUN_INSIDE;
  }
  /* One half of the outline over the whole run: its norm changes by at most slack / min(ru, rv)
   * across it (see head_coverage). */
  if (fabs(v) <= slack)
    return RUN_ACROSS;
  const int back = v <= 0.0;
  const double ru = h->half_width, rv = back ? -h->back_v : h->front_v;
  const double p = back ? OUTLINE_BACK_EXPONENT : OUTLINE_FRONT_EXPONENT;
  const double spread = slack / MIN(ru, rv), margin = e->head_margin[back];
  const double x = a / ru, y = fabs(v) / rv;
  /* Cheap tests first: the superellipse contains the ellipse and lies inside the box. */
  if (x - spread > 1.0 + margin || y - spread > 1.0 + margin)
    return RUN_OUTSIDE;
  const double rho = sqrt(x * x + y * y) + spread;
  if (rho * rho >= 1.0 - margin) {
    const double norm = pow(pow(x, p) + pow(y, p), 1.0 / p);
    if (norm - spread >= 1.0 + margin)
      return RUN_OUTSIDE;
    if (norm + spread > 1.0 - margin)
      return RUN_ACROSS;
  }
  return RUN_INSIDE;
}

/* Bounds [*lo, *hi] on the signed distance to the line over a run within `slack` mm of (u, v),
 * and *frontal_hi, the frontal branch's alone; `at` receives the line's sample at |u|. */
static inline void
line_bounds(const SmpHairline *h, double u, double v, double slack, LineSample *at, double *lo,
            double *hi, double *frontal_hi)
{
  const double a = fabs(u);
  /* The frontal branch: d = o N - E with o = ±(v - h(|u|)), N in [norm_min, 1], |E| <= macro. */
  sample(h, a, u < 0.0, at, TRUE);
  const double dir = h->p.view == SMP_HAIRLINE_VIEW_FRONT ? 1.0 : -1.0;
  const double o = dir * (v - at->h), o_slack = slack + h->slope_max * (slack + 2.0 * TABLE_STEP);
  const double o_lo = o - o_slack, o_hi = o + o_slack;
  *lo = o_lo >= 0.0 ? o_lo * h->norm_min - h->macro : o_lo - h->macro;
  *hi = o_hi <= 0.0 ? o_hi * h->norm_min + h->macro : o_hi + h->macro;
  *frontal_hi = *hi;
  if (h->p.view == SMP_HAIRLINE_VIEW_FRONT) {
    /* The temporal branch moves by at most the run's radius, plus its undulation. */
    int side = u < 0.0;
    double raw = a * h->tc + v * h->tv - h->t0[side], cut = v - SIDEBURN_HEIGHT;
    double t_lo = MIN(raw - slack - h->macro, cut - slack);
    double t_hi = MIN(raw + slack + h->macro, cut + slack);
    *lo = MAX(*lo, t_lo);
    *hi = MAX(*hi, t_hi);
  }
}

/* Runs of pixels far from every edge all get exactly 0 or 1; such a run is found from its centre
 * and bounds on how fast each distance can change over `radius` mm, so skipping it changes no
 * value. Returns TRUE with the run's value in *value. */
static gboolean
uniform_run(const SmpHairline *h, const Eval *e, double u, double v, double radius, float *value,
            RunInfo *run, SmpSideRun *side)
{
  const SmpHairlineParams *p = &h->p;
  const double slack = radius + 1e-6;
  if (p->view >= SMP_HAIRLINE_VIEW_LEFT)
    return smp_hairline_side_run(h, e, u, v, slack, value, side);
  if (p->output != SMP_HAIRLINE_OUTPUT_MASK)
    return FALSE;
  const RunPlace place = head_run(h, e, u, v, slack);
  if (place == RUN_OUTSIDE) {
    *value = 0.0f;
    return TRUE;
  }
  if (place == RUN_ACROSS)
    return FALSE;

  LineSample at;
  double lo, hi, frontal_hi;
  line_bounds(h, u, v, slack, &at, &lo, &hi, &frontal_hi);
  const gboolean current = p->area == SMP_HAIRLINE_AREA_CURRENT;
  if (lo >= e->saturated && !h->pattern_on) {
    *value = current ? 1.0f : 0.0f;
    return TRUE;
  }
  /* With a stage (top view): what the run's pixels share; all of it where they are equal. */
  if (h->pattern_on && p->view == SMP_HAIRLINE_VIEW_TOP) {
    classify_client(h, e, u, v, &at, slack, run);
    run->design_full = lo >= e->saturated;
    const gboolean client_equal = run->front == 0 || (run->front == 1 && run->terms == 0);
    if (client_equal && (current || run->design_full)) {
      double client = run->front == 0 ? 0.0 : 1.0 * 1.0 * (1.0 - run->base * (1.0 - 0.0));
      *value = (float)(current ? client : 1.0 * 1.0 * (1.0 - client));
      return TRUE;
    }
  }
  if (h->pattern_on && current)
    return FALSE;
  /* Leading units of a broken line lie within a band in front of the frontal branch. */
  if (hi <= -e->saturated && (p->shape != SMP_HAIRLINE_SHAPE_BROKEN ||
                              frontal_hi <= -(ISLAND_OFFSET + ISLAND_ROWS * ISLAND_ROW + 1.0))) {
    *value = 0.0f;
    return TRUE;
  }
  return FALSE;
}

#define RUN 16
/* Blocks of this many runs are tried whole first: far from every edge one test covers them. */
#define BLOCK_RUNS 4

/* Pixels [start, end) of a row: one value if uniform_run finds it, else each pixel. */
static gboolean
render_run(const SmpHairline *h, const Eval *e, double scale, int x, double u_row, double v_row,
           int start, int end, float *values, int stride, gboolean whole)
{
  double mx = ((x + 0.5 * (start + end)) * scale - h->p.origin_x) * h->inv_ppmm;
  double radius = 0.5 * (end - start - 1) * e->pixel;
  float value;
  RunInfo run = {FALSE};
  SmpSideRun side = {FALSE};
  if (uniform_run(h, e, h->cos_a * mx + u_row, -h->sin_a * mx + v_row, radius, &value, &run,
                  &side)) {
    for (int i = start; i < end; i++)
      values[(gsize)i * stride] = value;
    return TRUE;
  }
  if (whole)
    return FALSE;
  for (int i = start; i < end; i++) {
    mx = ((x + i + 0.5) * scale - h->p.origin_x) * h->inv_ppmm;
    double u = h->cos_a * mx + u_row, v = -h->sin_a * mx + v_row;
    values[(gsize)i * stride] = (float)(run.known    ? eval_run_pixel(h, e, &run, u, v)
                                        : side.known ? smp_hairline_side_pixel(h, e, &side, u, v)
                                                     : evaluate(h, e, u, v));
  }
  return TRUE;
}

void
smp_hairline_render_row(const SmpHairline *h, int level, int x, int y, int n, float *values,
                        int stride)
{
  g_return_if_fail(h != NULL && (values != NULL || n <= 0));
  const double scale = ldexp(1.0, level);
  Eval e;
  if (level >= 0 && level < EVAL_LEVELS)
    e = h->level_eval[level];
  else
    eval_init(&e, h, scale * h->inv_ppmm);
  /* Every pixel's position is computed from its own coordinates, never accumulated, so any
   * split of the row gives the same values. */
  const double my = ((y + 0.5) * scale - h->p.origin_y) * h->inv_ppmm;
  const double u_row = -h->sin_a * my, v_row = -h->cos_a * my;
  for (int block = 0; block < n; block += BLOCK_RUNS * RUN) {
    int block_end = MIN(block + BLOCK_RUNS * RUN, n);
    if (block_end - block > RUN &&
        render_run(h, &e, scale, x, u_row, v_row, block, block_end, values, stride, TRUE))
      continue;
    for (int start = block; start < block_end; start += RUN)
      render_run(h, &e, scale, x, u_row, v_row, start, MIN(start + RUN, block_end), values, stride,
                 FALSE);
  }
}

double
smp_hairline_value_at(const SmpHairline *h, double u, double v, double pixel_mm)
{
  g_return_val_if_fail(h != NULL, 0.0);
  Eval e;
  eval_init(&e, h, pixel_mm);
  return evaluate(h, &e, u, v);
}

double
smp_hairline_line_at(const SmpHairline *h, double u)
{
  g_return_val_if_fail(h != NULL, 0.0);
  LineSample s;
  sample(h, fabs(u), u < 0.0, &s, FALSE);
  /* v k - g = 0 */
  return s.g / s.k;
}

gboolean
smp_hairline_landmark(const SmpHairline *h, SmpHairlineLandmark landmark, double *u, double *v)
{
  g_return_val_if_fail(h != NULL && u != NULL && v != NULL, FALSE);
  const SmpHairlineView view = h->p.view;
  const gboolean side = view >= SMP_HAIRLINE_VIEW_LEFT;
  const double mirror = view == SMP_HAIRLINE_VIEW_LEFT ? -1.0 : 1.0;
  const SmpProfileLine *line = &h->profile_design;
  SmpProfilePoint at;
  *u = *v = 0.0;
  switch (landmark) {
  case SMP_HAIRLINE_LANDMARK_ORIGIN:
    return TRUE;
  case SMP_HAIRLINE_LANDMARK_EAR_CANAL:
    if (!side)
      return FALSE;
    at = (SmpProfilePoint){0.0, 0.0};
    break;
  case SMP_HAIRLINE_LANDMARK_VERTEX:
    if (view == SMP_HAIRLINE_VIEW_TOP) {
      *v = h->vertex_v;
      return TRUE;
    }
    if (!side)
      return FALSE;
    at = (SmpProfilePoint){h->vertex_v, h->profile.centre_z + h->profile.radius_z};
    break;
  case SMP_HAIRLINE_LANDMARK_MID_FRONTAL:
    if (side) {
      at = line->mid;
      break;
    }
    *v = smp_hairline_line_at(h, 0.0);
    return TRUE;
  case SMP_HAIRLINE_LANDMARK_ANGLE_RIGHT:
  case SMP_HAIRLINE_LANDMARK_ANGLE_LEFT: {
    const gboolean right = landmark == SMP_HAIRLINE_LANDMARK_ANGLE_RIGHT;
    if (side) {
      /* A profile shows the angle on its own side only. */
      if (right != (view == SMP_HAIRLINE_VIEW_RIGHT))
        return FALSE;
      at = line->angle;
      break;
    }
    *u = right ? h->half_temple : -h->half_temple;
    *v = smp_hairline_line_at(h, *u);
    return TRUE;
  }
  case SMP_HAIRLINE_LANDMARK_TEMPLE_POINT:
  case SMP_HAIRLINE_LANDMARK_SIDEBURN:
    if (!side)
      return FALSE;
    at = landmark == SMP_HAIRLINE_LANDMARK_TEMPLE_POINT ? line->temple : line->sideburn_bottom;
    break;
  case SMP_HAIRLINE_LANDMARK_WHORL:
    if (view != SMP_HAIRLINE_VIEW_TOP)
      return FALSE;
    *u = h->p.whorl_side;
    *v = -h->p.whorl_behind;
    return TRUE;
  default:
    return FALSE;
  }
  *u = mirror * (at.sv - h->front_v);
  *v = at.z - h->profile.glabella_z;
  return TRUE;
}
