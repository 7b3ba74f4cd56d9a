/* Hairline masks: parameters and the tables for one parameter set (the design line, the front
 * edge of the client's hair at the stage, the profile lines); the evaluation is in
 * smp-hairline-render.c, the stages in smp-hairline-atlas.c. Figures and their sources:
 * docs/hair-loss-patterns.md. */
#include "smp-hairline-private.h"
#include "smp-head.h"

#include <string.h>

/* ---- building blocks ------------------------------------------------------------------------ */

double
smp_hairline_profile(double distance, double width)
{
  if (width <= 0.0)
    return distance > 0.0 ? 1.0 : distance < 0.0 ? 0.0 : 0.5;
  return step_profile(distance, profile_ratio() / width);
}

double
smp_hairline_noise1(guint32 seed, guint32 stream, double t)
{
  return noise1(noise_key(seed, stream), t);
}

double
smp_hairline_noise2(guint32 seed, guint32 stream, double x, double y)
{
  return noise2(noise_key(seed, stream), x, y);
}

static double
setback_inverse(double s)
{
  s = MAX(s, 0.0);
  return (-SETBACK_A + sqrt(SETBACK_A * SETBACK_A + 4.0 * SETBACK_B * s)) / (2.0 * SETBACK_B);
}

/* ---- parameters ----------------------------------------------------------------------------- */

void
smp_hairline_params_init(SmpHairlineParams *p)
{
  g_return_if_fail(p != NULL);
  memset(p, 0, sizeof *p);
  p->ppi = 300.0;
  p->view = SMP_HAIRLINE_VIEW_FRONT;
  p->origin_x = 1000.0;
  p->origin_y = 1500.0;
  p->angle = 0.0;
  p->hairline_height = 80.0;
  p->temple_width = 95.0;
  p->recession = 12.0;
  p->shape = SMP_HAIRLINE_SHAPE_NATURAL;
  p->pattern = SMP_HAIRLINE_PATTERN_FULL;
  p->area = SMP_HAIRLINE_AREA_CURRENT;
  p->transition = 8.0;
  p->irregularity = 0.3;
  p->asymmetry = 0.0;
  p->seed = 0;
  p->output = SMP_HAIRLINE_OUTPUT_MASK;
  p->outline_width = 0.5;
  p->head_width = SMP_HEAD_WIDTH_DEFAULT;
  p->head_length = SMP_HEAD_LENGTH_DEFAULT;
  p->whorl_side = 5.0;
  p->whorl_behind = 62.5;
  p->whorl_clockwise = TRUE;
}

gboolean
smp_hairline_params_equal(const SmpHairlineParams *a, const SmpHairlineParams *b)
{
  g_return_val_if_fail(a != NULL && b != NULL, FALSE);
  return a->ppi == b->ppi && a->view == b->view && a->origin_x == b->origin_x &&
         a->origin_y == b->origin_y && a->angle == b->angle &&
         a->hairline_height == b->hairline_height && a->temple_width == b->temple_width &&
         a->recession == b->recession && a->shape == b->shape && a->pattern == b->pattern &&
         a->area == b->area && a->transition == b->transition &&
         a->irregularity == b->irregularity && a->asymmetry == b->asymmetry && a->seed == b->seed &&
         a->output == b->output && a->outline_width == b->outline_width &&
         a->head_width == b->head_width && a->head_length == b->head_length &&
         a->whorl_side == b->whorl_side && a->whorl_behind == b->whorl_behind &&
         !a->whorl_clockwise == !b->whorl_clockwise;
}

double
smp_hairline_irregularity_reach(const SmpHairlineParams *p)
{
  g_return_val_if_fail(p != NULL, 0.0);
  return p->irregularity *
         (MACRO_AMPLITUDE + MICRO_AMPLITUDE + MICRO_TRANSITION_SHARE * MAX(p->transition, 0.0));
}

/* `value` must lie in [lo, hi] (and be a number). */
static gboolean
check_range(const char *name, double value, double lo, double hi, GError **error)
{
  if (value >= lo && value <= hi)
    return TRUE;
  g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE, "%s is %g, outside %g..%g", name, value, lo,
              hi);
  return FALSE;
}

static gboolean
validate(const SmpHairlineParams *p, GError **error)
{
  if (!(check_range("ppi", p->ppi, 1.0, 100000.0, error) &&
        check_range("origin-x", p->origin_x, -1e9, 1e9, error) &&
        check_range("origin-y", p->origin_y, -1e9, 1e9, error) &&
        check_range("angle", p->angle, -360.0, 360.0, error) &&
        check_range("hairline-height", p->hairline_height, 40.0, 140.0, error) &&
        check_range("temple-width", p->temple_width, 40.0, 200.0, error) &&
        check_range("recession", p->recession, 0.0, 60.0, error) &&
        check_range("transition", p->transition, 0.0, 30.0, error) &&
        check_range("irregularity", p->irregularity, 0.0, 1.0, error) &&
        check_range("asymmetry", p->asymmetry, -20.0, 20.0, error) &&
        check_range("outline-width", p->outline_width, 0.01, 10.0, error) &&
        check_range("head-width", p->head_width, SMP_HEAD_WIDTH_MIN, SMP_HEAD_WIDTH_MAX, error) &&
        check_range("head-length", p->head_length, SMP_HEAD_LENGTH_MIN, SMP_HEAD_LENGTH_MAX,
                    error) &&
        check_range("whorl-side", p->whorl_side, -40.0, 40.0, error) &&
        check_range("whorl-behind", p->whorl_behind, 0.0, 120.0, error)))
    return FALSE;
  if ((unsigned)p->view > SMP_HAIRLINE_VIEW_RIGHT ||
      (unsigned)p->shape > SMP_HAIRLINE_SHAPE_BROKEN ||
      (unsigned)p->pattern > SMP_HAIRLINE_PATTERN_SINCLAIR_5 ||
      (unsigned)p->area > SMP_HAIRLINE_AREA_TREATMENT ||
      (unsigned)p->output > SMP_HAIRLINE_OUTPUT_OUTLINE) {
    g_set_error_literal(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                        "view, shape, pattern, area or output is not one of its choices");
    return FALSE;
  }
  /* The temples sit on the forehead, well inside the sides of the head. */
  if (p->temple_width > p->head_width - 20.0) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "temple-width (%g mm) must be at least 20 mm less than head-width (%g mm)",
                p->temple_width, p->head_width);
    return FALSE;
  }
  return TRUE;
}

/* ---- the line tables ------------------------------------------------------------------------ */

/* Rise of the line from the mid-frontal point (0) to the frontotemporal angle (1), x = |u| / half
 * temple width. */
static double
shape_rise(SmpHairlineShape shape, double x)
{
  if (x >= 1.0)
    return 1.0;
  double p =
      0.65; /* natural: convex to about mid-pupil, then concave (docs/hair-loss-patterns.md) */
  switch (shape) {
  case SMP_HAIRLINE_SHAPE_STRAIGHT:
    return x <= 0.78 ? 0.0 : (x - 0.78) * (x - 0.78) / (0.22 * 0.22);
  case SMP_HAIRLINE_SHAPE_ROUNDED:
    return x * x;
  case SMP_HAIRLINE_SHAPE_M_SHAPE:
    /* A narrow central lobe, then recessions that reach the angle's height by half way. */
    x = MIN(x / 0.5, 1.0);
    p = 0.3;
    break;
  default:
    break;
  }
  return x < p ? x * x / p : 1.0 - (1.0 - x) * (1.0 - x) / (1.0 - p);
}

/* Front view: a line's height above the glabella at |u| = a on side `sign` (+1 right). */
static double
line_height(const Line *line, double a, double sign, gboolean with_asymmetry)
{
  double x = a / line->half_temple;
  double recession = line->recession;
  if (line->shape == SMP_HAIRLINE_SHAPE_M_SHAPE)
    recession *= SMP_HAIRLINE_M_RECESSION_FACTOR;
  double z = line->height + recession * shape_rise(line->shape, x);
  if (line->shape == SMP_HAIRLINE_SHAPE_WIDOW_PEAK) {
    /* The peak dips below the natural line at the midline only: the rest stays where it is. */
    double rho = sqrt(a * a + PEAK_TIP * PEAK_TIP) - PEAK_TIP;
    double t = MIN(1.0, rho / (PEAK_REACH * line->half_temple));
    z -= SMP_HAIRLINE_PEAK_DEPTH * (1.0 - t) * (1.0 - t);
  }
  if (with_asymmetry)
    z += sign * 0.5 * line->asymmetry * smooth01(MIN(x, 1.0));
  return z;
}

/* Top view position (mm ahead of the ear-canal line) of the scalp seen at height z above the
 * glabella in the front view, |u| = a. */
static double
front_edge(const SmpHairline *h, double a)
{
  double r = MIN(a / h->half_width, 1.0);
  return h->front_v * pow(1.0 - pow(r, OUTLINE_FRONT_EXPONENT), 1.0 / OUTLINE_FRONT_EXPONENT);
}

static double
top_position(const SmpHairline *h, double a, double z)
{
  return front_edge(h, a) - setback(z);
}

/* Top view: a line; past the angle, the temporal fringe's front edge. */
static double
top_line(const SmpHairline *h, const Line *line, double a, double sign, gboolean with_asymmetry)
{
  double w = line->half_temple;
  if (a <= w)
    return top_position(h, a, line_height(line, a, sign, with_asymmetry));
  double at_angle = top_position(h, w, line_height(line, w, sign, with_asymmetry));
  return at_angle + (a - w) * tan(TEMPORAL_SLANT_TOP);
}

/* Front view: the temporal line's offset t0 for a line's angle at height `angle_h`. */
static double
temporal_offset(double half_temple, double angle_h)
{
  /* |u| = w + (angle_h - v) tan(slant), distance measured along its normal. */
  return (half_temple + angle_h * tan(TEMPORAL_SLANT_FRONT)) * cos(TEMPORAL_SLANT_FRONT);
}

/* Fills one side's table: heights, normals, arc length and undulation. */
static void
build_side(SmpHairline *h, int side)
{
  const double sign = side == 0 ? 1.0 : -1.0;
  const gboolean top = h->p.view == SMP_HAIRLINE_VIEW_TOP;
  const int n = h->n;
  double *line = g_new(double, n), *receded = g_new(double, n);
  LineSample *t = h->side[side];

  for (int i = 0; i < n; i++) {
    double a = i * TABLE_STEP;
    double recession = smp_atlas_recession(&h->stage, a, h->client.half_temple);
    t[i].natural = top_line(h, &h->client, a, sign, FALSE);
    if (top) {
      line[i] = top_line(h, &h->design, a, sign, TRUE);
      receded[i] = t[i].natural - recession;
    } else {
      line[i] = line_height(&h->design, a, sign, TRUE);
      receded[i] = setback_inverse(setback(line_height(&h->client, a, sign, FALSE)) + recession);
    }
  }

  double s = 0.0;
  for (int i = 0; i < n; i++) {
    int i0 = MAX(i - 1, 0), i1 = MIN(i + 1, n - 1);
    double slope = (line[i1] - line[i0]) / ((i1 - i0) * TABLE_STEP);
    double slope_r = (receded[i1] - receded[i0]) / ((i1 - i0) * TABLE_STEP);
    double norm = 1.0 / sqrt(1.0 + slope * slope), norm_r = 1.0 / sqrt(1.0 + slope_r * slope_r);
    if (i > 0) {
      double dz = line[i] - line[i - 1];
      s += sqrt(TABLE_STEP * TABLE_STEP + dz * dz);
    }
    /* Undulation: a normal offset, continuous across the midline (s is signed). */
    double offset =
        h->macro > 0.0 ? h->macro * macro_noise(h->macro_key, h->detail_key, sign * s) : 0.0;
    double dir = top ? -1.0 : 1.0; /* hair lies above the line (front), behind it (top) */
    t[i].k = dir * norm;
    t[i].g = dir * line[i] * norm + offset;
    t[i].kr = dir * norm_r;
    t[i].gr = dir * receded[i] * norm_r;
    t[i].s = sign * s;
    t[i].edge = front_edge(h, i * TABLE_STEP);
    t[i].h = line[i];
    t[i].hr = receded[i];
    h->norm_min = MIN(h->norm_min, norm);
    h->norm_r_min = MIN(h->norm_r_min, norm_r);
    if (i > 0) {
      h->slope_max = MAX(h->slope_max, fabs(line[i] - line[i - 1]) / TABLE_STEP);
      h->slope_r_max = MAX(h->slope_r_max, fabs(receded[i] - receded[i - 1]) / TABLE_STEP);
      h->slope_n_max = MAX(h->slope_n_max, fabs(t[i].natural - t[i - 1].natural) / TABLE_STEP);
    }
  }

  if (!top) {
    double w = h->half_temple;
    int ia = (int)floor(w / TABLE_STEP);
    h->angle_h[side] = line_height(&h->design, w, sign, TRUE);
    h->angle_s[side] = fabs(t[ia].s);
    h->t0[side] = temporal_offset(w, h->angle_h[side]);
  }
  g_free(line);
  g_free(receded);
}

/* Side views: the design's and the client's lines in profile. The mid-frontal point and the
 * angle sit where the top view puts them, at their height above the glabella; the client's line
 * recedes by the stage's recession there. */
static void
init_profile(SmpHairline *h)
{
  SmpProfileHead *head = &h->profile;
  smp_profile_head_init(head, h->p.head_length, h->front_v, h->back_v);
  const double w = h->half_temple, wc = h->client.half_temple, z0 = head->glabella_z;
  SmpProfilePoint mid = {top_line(h, &h->design, 0.0, 1.0, FALSE),
                         z0 + line_height(&h->design, 0.0, 1.0, FALSE)};
  SmpProfilePoint angle = {top_line(h, &h->design, w, 1.0, FALSE),
                           z0 + line_height(&h->design, w, 1.0, FALSE)};
  smp_profile_line_init(&h->profile_design, head, mid, angle);
  mid = (SmpProfilePoint){top_line(h, &h->client, 0.0, 1.0, FALSE) -
                              smp_atlas_recession(&h->stage, 0.0, wc),
                          z0 + h->client.height};
  angle = (SmpProfilePoint){top_line(h, &h->client, wc, 1.0, FALSE) -
                                smp_atlas_recession(&h->stage, wc, wc),
                            z0 + h->client_angle_h};
  smp_profile_line_init(&h->profile_client, head, mid, angle);
  smp_hairline_side_init(h);
}

SmpHairline *
smp_hairline_new(const SmpHairlineParams *params, GError **error)
{
  g_return_val_if_fail(params != NULL, NULL);
  if (!validate(params, error))
    return NULL;
  SmpHairline *h = g_new0(SmpHairline, 1);
  const SmpHairlineParams *p = &h->p;
  h->p = *params;
  h->ref_count = 1;
  h->inv_ppmm = MM_PER_INCH / p->ppi;
  h->cos_a = cos(p->angle * DEG);
  h->sin_a = sin(p->angle * DEG);
  h->half_temple = 0.5 * p->temple_width;
  h->half_width = 0.5 * p->head_width;
  h->front_v = GLABELLA_SHARE * p->head_length;
  h->back_v = -(1.0 - GLABELLA_SHARE) * p->head_length;
  h->vertex_v = -VERTEX_SHARE * p->head_length;
  h->macro = p->irregularity * MACRO_AMPLITUDE;
  h->macro_key = noise_key(p->seed, STREAM_MACRO);
  h->detail_key = noise_key(p->seed, STREAM_MACRO_DETAIL);
  h->micro_key = noise_key(p->seed, STREAM_MICRO);
  h->micro = p->irregularity * (MICRO_AMPLITUDE + MICRO_TRANSITION_SHARE * p->transition);

  h->design = (Line){p->hairline_height, p->recession, h->half_temple, p->asymmetry, p->shape};
  /* The client's natural line comes from the head, not from the design. */
  smp_atlas_stage(&h->stage, p->pattern, p->head_width, p->head_length, 0.0, 0.0);
  h->client = (Line){SMP_ATLAS_LINE_HEIGHT,
                     h->stage.female ? SMP_ATLAS_FEMALE_RECESSION : SMP_ATLAS_LINE_RECESSION,
                     SMP_ATLAS_HALF_TEMPLE_SHARE * p->head_width, 0.0, SMP_HAIRLINE_SHAPE_NATURAL};
  double line_mid = top_line(h, &h->client, 0.0, 1.0, FALSE);
  double line_angle = top_line(h, &h->client, h->client.half_temple, 1.0, FALSE);
  smp_atlas_stage(&h->stage, p->pattern, p->head_width, p->head_length, line_mid, line_angle);
  h->pattern_on = p->pattern != SMP_HAIRLINE_PATTERN_FULL;

  /* Past the head's side nothing changes (front view: the line is flat beyond the angle; top
   * view: outside the head). */
  h->n = (int)ceil((h->half_width + 10.0) / TABLE_STEP) + 2;
  h->slope_max = h->slope_r_max = h->slope_n_max = 0.0;
  h->norm_min = h->norm_r_min = 1.0;
  h->tc = cos(TEMPORAL_SLANT_FRONT);
  h->tv = sin(TEMPORAL_SLANT_FRONT);
  h->client_angle_h = line_height(&h->client, h->client.half_temple, 1.0, FALSE);
  h->t0_client = temporal_offset(h->client.half_temple, h->client_angle_h);
  for (int side = 0; side < 2; side++) {
    h->side[side] = g_new(LineSample, h->n);
    build_side(h, side);
  }
  init_profile(h);
  smp_hairline_eval_levels(h);
  return h;
}

SmpHairline *
smp_hairline_ref(SmpHairline *h)
{
  g_return_val_if_fail(h != NULL, NULL);
  g_atomic_int_inc(&h->ref_count);
  return h;
}

void
smp_hairline_unref(SmpHairline *h)
{
  if (!h || !g_atomic_int_dec_and_test(&h->ref_count))
    return;
  g_free(h->side[0]);
  g_free(h->side[1]);
  g_free(h);
}

const SmpHairlineParams *
smp_hairline_get_params(const SmpHairline *h)
{
  g_return_val_if_fail(h != NULL, NULL);
  return &h->p;
}
