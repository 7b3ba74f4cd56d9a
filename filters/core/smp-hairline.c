/* Hairline masks: design line, transition zone, irregularity, and the client's hair at a
 * hair-loss stage (the atlas, smp-hairline-atlas.c). Figures and their sources:
 * docs/hair-loss-patterns.md (hairline design, head landmarks, stages, crown whorl). */
#include "smp-hairline.h"

#include "smp-hairline-atlas.h"
#include "smp-hairline-profile.h"

#include "smp-random.h"

#include <math.h>
#include <string.h>

#define MM_PER_INCH 25.4
#define DEG (G_PI / 180.0)

/* Sampling step of the line tables (mm): far below a pixel at any practical ppi, and the curves are
 * smooth on this scale, so linear interpolation between samples is exact to a few nanometres. */
#define TABLE_STEP 0.05

/* Share of the head length ahead of the ear-canal line (the glabella), the rest behind it. */
#define GLABELLA_SHARE 0.49
/* Outline of the head seen from above: superellipses, broad at the forehead, rounder behind. */
#define OUTLINE_FRONT_EXPONENT 2.6
#define OUTLINE_BACK_EXPONENT 2.2
/* The highest point of the head, just behind the ear-canal line: the front view sees no further. */
#define VERTEX_SHARE 0.05

/* Forehead profile: how far (mm) the scalp at height z above the glabella lies behind the
 * glabella seen from above, setback(z) = A z + B z². 80 mm up sits ~30 mm back (a forehead
 * inclined ~20° that curves back towards the top). */
#define SETBACK_A 0.25
#define SETBACK_B 0.0015

/* Front view: the temporal hairline runs down from the frontotemporal angle, leaning outwards, to
 * the sideburn, which ends about level with the ear canals below the glabella. */
#define TEMPORAL_SLANT_FRONT (10.0 * DEG)
#define SIDEBURN_HEIGHT (-30.0)
/* Top view: from the frontotemporal angle the temporal fringe runs outwards and slightly forwards
 * (the temporal peak). */
#define TEMPORAL_SLANT_TOP (25.0 * DEG)

/* Irregularity 1: macro undulation of the border (wavelengths ~14 mm and ~5 mm) up to ±4 mm, and
 * micro spots ~2.5 mm across that move the local density contour by up to ±(1.5 mm + a quarter of
 * the transition) ("a few millimetres to a centimetre", §1.8). */
#define MACRO_AMPLITUDE 4.0
#define MACRO_WAVELENGTH 14.0
#define MACRO_DETAIL 5.0
#define MICRO_AMPLITUDE 1.5
#define MICRO_TRANSITION_SHARE 0.25
#define MICRO_SIZE 2.5

/* Widow's peak: SMP_HAIRLINE_PEAK_DEPTH below the line, reaching 40 % of the way to the temples,
 * with a 1.5 mm rounded tip. */
#define PEAK_REACH 0.4
#define PEAK_TIP 1.5

/* Broken line: leading units in rows 3 mm deep starting 1 mm in front of the line, one candidate
 * per 3.5 mm along it, fewer further out; 0.9-1.6 mm across. */
#define ISLAND_OFFSET 1.0
#define ISLAND_ROW 3.0
#define ISLAND_CELL 3.5
#define ISLAND_ROWS 4
#define ISLAND_SOFTNESS 0.4

/* The whorl's mark: a spiral of this radius and number of turns, an arrowhead, a centre dot. */
#define WHORL_RADIUS 7.0
#define WHORL_TURNS 1.75
#define WHORL_ARROW 2.5
#define WHORL_DOT 0.6

/* Noise streams. */
enum {
  STREAM_MACRO = 1,
  STREAM_MACRO_DETAIL,
  STREAM_MICRO,
  STREAM_ISLAND, /* + 8 per row */
};

/* ---- building blocks ------------------------------------------------------------------------ */

/* Ratio of the 1 %..99 % width of smoothstep(3t² - 2t³) to its support. */
static double
profile_ratio(void)
{
  /* smoothstep(t) = y has t = 1/2 - sin(asin(1 - 2y) / 3). */
  return 1.0 - 2.0 * (0.5 - sin(asin(1.0 - 2.0 * 0.01) / 3.0));
}

/* Smoothstep across a support of 1 / `inv_support` mm centred on distance 0. */
#define step_profile smp_atlas_step

double
smp_hairline_profile(double distance, double width)
{
  if (width <= 0.0)
    return distance > 0.0 ? 1.0 : distance < 0.0 ? 0.0 : 0.5;
  return step_profile(distance, profile_ratio() / width);
}

static inline double
smooth01(double t)
{
  return t * t * (3.0 - 2.0 * t);
}

/* Lattice values in [-1, 1) of a noise whose seed and stream are mixed into `key`: one hash per
 * lattice point keeps the per-pixel noise cheap. */
static inline guint32
noise_key(guint32 seed, guint32 stream)
{
  return smp_hash3(seed, stream, 0x6a09e667u);
}

static inline double
lattice_value(guint32 hash)
{
  return (hash >> 8) * (2.0 / 16777216.0) - 1.0;
}

static inline double
noise1(guint32 key, double t)
{
  double cell = floor(t);
  guint32 i = (guint32)(gint64)cell;
  double f = smooth01(t - cell);
  double a = lattice_value(smp_hash32(key + i * 0x8da6b343u));
  double b = lattice_value(smp_hash32(key + (i + 1u) * 0x8da6b343u));
  return a + f * (b - a);
}

static inline double
noise2(guint32 key, double x, double y)
{
  double cx = floor(x), cy = floor(y);
  guint32 i = (guint32)(gint64)cx, j = (guint32)(gint64)cy;
  double fx = smooth01(x - cx), fy = smooth01(y - cy);
  guint32 row0 = key + j * 0xd8163841u, row1 = row0 + 0xd8163841u;
  guint32 c0 = i * 0x8da6b343u, c1 = c0 + 0x8da6b343u;
  double a = lattice_value(smp_hash32(row0 + c0)), b = lattice_value(smp_hash32(row0 + c1));
  double c = lattice_value(smp_hash32(row1 + c0)), d = lattice_value(smp_hash32(row1 + c1));
  double top = a + fx * (b - a), bottom = c + fx * (d - c);
  return top + fy * (bottom - top);
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

/* Undulation of the border at arc length s (mm), in [-1, 1]. */
static double
macro_noise(guint32 key, guint32 detail_key, double s)
{
  return (noise1(key, s / MACRO_WAVELENGTH) + 0.5 * noise1(detail_key, s / MACRO_DETAIL)) / 1.5;
}

static double
setback(double z)
{
  z = MAX(z, 0.0);
  return SETBACK_A * z + SETBACK_B * z * z;
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
  p->head_width = 155.0;
  p->head_length = 195.0;
  p->whorl_side = 5.0;
  p->whorl_behind = 62.5;
  p->whorl_clockwise = TRUE;
}

gboolean
smp_hairline_params_equal(const SmpHairlineParams *a, const SmpHairlineParams *b)
{
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
  return p->irregularity *
         (MACRO_AMPLITUDE + MICRO_AMPLITUDE + MICRO_TRANSITION_SHARE * MAX(p->transition, 0.0));
}

/* `value` must lie in [lo, hi] (and be a number). */
static gboolean
check_range(const char *name, double value, double lo, double hi, GError **error)
{
  if (value >= lo && value <= hi)
    return TRUE;
  g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "%s is %g, outside %g..%g", name,
              value, lo, hi);
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
        check_range("head-width", p->head_width, 100.0, 220.0, error) &&
        check_range("head-length", p->head_length, 140.0, 260.0, error) &&
        check_range("whorl-side", p->whorl_side, -40.0, 40.0, error) &&
        check_range("whorl-behind", p->whorl_behind, 0.0, 120.0, error)))
    return FALSE;
  if ((unsigned)p->view > SMP_HAIRLINE_VIEW_RIGHT ||
      (unsigned)p->shape > SMP_HAIRLINE_SHAPE_BROKEN ||
      (unsigned)p->pattern > SMP_HAIRLINE_PATTERN_SINCLAIR_5 ||
      (unsigned)p->area > SMP_HAIRLINE_AREA_TREATMENT ||
      (unsigned)p->output > SMP_HAIRLINE_OUTPUT_OUTLINE) {
    g_set_error_literal(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                        "view, shape, pattern, area or output is not one of its choices");
    return FALSE;
  }
  /* The temples sit on the forehead, well inside the sides of the head. */
  if (p->temple_width > p->head_width - 20.0) {
    g_set_error(error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                "temple-width (%g mm) must be at least 20 mm less than head-width (%g mm)",
                p->temple_width, p->head_width);
    return FALSE;
  }
  return TRUE;
}

/* ---- the line tables ------------------------------------------------------------------------ */

/* One sample of a side's line at |u| = i x TABLE_STEP: the signed distance (mm, positive on the
 * hair side) of head point (u, v) is v x k - g for the design line, v x kr - gr for the front edge
 * of the client's hair at the stage; s is the arc length from the midline (negative on the left).
 */
typedef struct {
  double k, g;
  double kr, gr;
  double s;
  double edge;    /* front of the head outline seen from above at this |u| */
  double h;       /* the line's height (front) or position (top) without undulation */
  double natural; /* the client's natural line, top-view mm ahead of the ear-canal line */
  double hr;      /* the front edge of the client's hair (view mm) */
} LineSample;

/* A front line: the designed one, or the client's natural line the stages start from. */
typedef struct {
  double height, recession, half_temple, asymmetry;
  SmpHairlineShape shape;
} Line;

struct _SmpHairline {
  SmpHairlineParams p;
  gint ref_count;
  double inv_ppmm, cos_a, sin_a;
  double half_temple, half_width, front_v, back_v, vertex_v;
  double macro, micro; /* amplitudes, mm */
  guint32 macro_key, detail_key, micro_key;
  Line design, client;
  SmpAtlasStage stage;
  gboolean pattern_on;
  int n;
  LineSample *side[2]; /* [0]: u >= 0 (image right), [1]: u < 0 */
  /* Over both tables: the steepest slope of h between samples and the smallest normal factor,
   * which bound how fast the distance can change across a run of pixels. */
  double slope_max, norm_min;
  /* The same for the front edge of the client's hair, and the natural line's steepest slope. */
  double slope_r_max, norm_r_min, slope_n_max;
  /* Front view: temporal line distance = |u| tc + v tv - t0[side] (design) or - t0_client; arc
   * length at the angle and height of the angle per side. */
  double tc, tv, t0[2], t0_client, client_angle_h, angle_s[2], angle_h[2];
  /* Side views: the head and both lines in profile. */
  SmpProfileHead profile;
  SmpProfileLine profile_design, profile_client;
};

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
}

SmpHairline *
smp_hairline_new(const SmpHairlineParams *params, GError **error)
{
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
  return h;
}

SmpHairline *
smp_hairline_ref(SmpHairline *h)
{
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
  return &h->p;
}

/* ---- evaluation ----------------------------------------------------------------------------- */

/* Per-render constants. */
typedef struct {
  double pixel;       /* mm per pixel */
  double inv_pixel;   /* pixels per mm */
  double inv_support; /* 1 / smoothstep support of the transition (and of stage edges) */
  double saturated; /* |distance| beyond which the transition is 0 or 1 whatever the micro spots */
  double temporal_reach;
  double stroke, edge_stroke; /* outline half widths, pixels */
  /* Top view, front [0] and back [1] halves of the head outline: the margin of two pixels in
   * its norm, and the powers of the norm beyond which a pixel is fully in or out. */
  double head_margin[2], head_inner[2], head_outer[2];
} Eval;

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

/* Interpolated table sample at |u| = a. */
static inline void
sample(const SmpHairline *h, double a, int side, LineSample *out, gboolean all)
{
  double x = a * (1.0 / TABLE_STEP);
  int i = (int)x;
  double f;
  if (i >= h->n - 1) {
    i = h->n - 2;
    f = 1.0;
  } else {
    f = x - i;
  }
  const LineSample *s0 = &h->side[side][i], *s1 = s0 + 1;
  out->k = s0->k + f * (s1->k - s0->k);
  out->g = s0->g + f * (s1->g - s0->g);
  if (all) {
    out->kr = s0->kr + f * (s1->kr - s0->kr);
    out->gr = s0->gr + f * (s1->gr - s0->gr);
    out->s = s0->s + f * (s1->s - s0->s);
    out->edge = s0->edge + f * (s1->edge - s0->edge);
    out->h = s0->h + f * (s1->h - s0->h);
    out->natural = s0->natural + f * (s1->natural - s0->natural);
    out->hr = s0->hr + f * (s1->hr - s0->hr);
  }
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

/* Signed distance (mm, positive inside) to an ellipse, measured along the ray from its centre. */
static inline double
ellipse_distance(double du, double dv, double ru, double rv)
{
  double x = du / ru, y = dv / rv, k = sqrt(x * x + y * y), r = sqrt(du * du + dv * dv);
  if (k < 1e-9)
    return MIN(ru, rv);
  return r / k - r;
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

/* FALSE outside the head; `all` also fetches the receded line and the arc length. */
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
    pt->temple = 0.0;
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

static double
eval_mask(const SmpHairline *h, const Eval *e, double u, double v)
{
  Point pt;
  gboolean broken = h->p.shape == SMP_HAIRLINE_SHAPE_BROKEN;
  if (!locate(h, e, u, v, &pt, h->pattern_on || broken))
    return 0.0;
  const gboolean current = h->p.area == SMP_HAIRLINE_AREA_CURRENT;
  if (h->pattern_on && current)
    return client_hair(h, e, &pt, u, v);

  double line = pt.line, density;
  if (line >= e->saturated)
    density = 1.0;
  else if (line <= -e->saturated && !broken)
    density = 0.0;
  else {
    double spot = 0.0;
    if (h->micro > 0.0 && fabs(line) < e->saturated)
      spot = h->micro * noise2(h->micro_key, u * (1.0 / MICRO_SIZE), v * (1.0 / MICRO_SIZE));
    density = step_profile(line + spot, e->inv_support);
    if (broken && pt.frontal < 0.0 && pt.line == pt.frontal && fabs(u) < h->half_temple) {
      double edge;
      density = MAX(density, island(h, e, pt.at.s, pt.frontal, &edge));
    }
  }
  density *= pt.bounds;
  if (!h->pattern_on)
    return current ? density : 0.0;
  /* The area to treat: the design minus the client's hair, blended into it. */
  if (density <= 0.0)
    return 0.0;
  return density * (1.0 - client_hair(h, e, &pt, u, v));
}

/* Coverage of a stroke of half width `half` (pixels) along the contour distance == 0. */
static inline double
stroke(const Eval *e, double distance, double half)
{
  return CLAMP(half + 0.5 - fabs(distance) * e->inv_pixel, 0.0, 1.0);
}

static double
eval_outline(const SmpHairline *h, const Eval *e, double u, double v)
{
  Point pt;
  gboolean broken = h->p.shape == SMP_HAIRLINE_SHAPE_BROKEN;
  if (!locate(h, e, u, v, &pt, h->pattern_on || broken))
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
  if (broken && pt.frontal < 0.0 && pt.line == pt.frontal && fabs(u) < h->half_temple) {
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

/* ---- side views ------------------------------------------------------------------------------ */

/* The top view's head half width at sv (mm ahead of the ear-canal line). */
static double
outline_half_width(const SmpHairline *h, double sv)
{
  double r = sv > 0.0 ? h->front_v : -h->back_v,
         e = sv > 0.0 ? OUTLINE_FRONT_EXPONENT : OUTLINE_BACK_EXPONENT;
  double t = MIN(fabs(sv) / r, 1.0);
  return h->half_width * pow(1.0 - pow(t, e), 1.0 / e);
}

/* The client's hair in profile at (sv, z): the front edge of the stage's line, the lower edge,
 * and the stage's areas at the scalp point the side shows. */
static double
side_client(const SmpHairline *h, const Eval *e, double sv, double z, double lower, double *front,
            double *bald, double *partial)
{
  *front = MIN(smp_profile_front_distance(&h->profile_client, sv, z), lower);
  double u = smp_profile_lateral(&h->profile, outline_half_width(h, sv), z);
  LineSample at;
  sample(h, u, 0, &at, TRUE);
  if (bald)
    smp_atlas_edges(&h->stage, u, sv, at.natural - sv, bald, partial);
  return step_profile(*front, e->inv_support) *
         (1.0 - smp_atlas_loss(&h->stage, u, sv, at.natural - sv, e->inv_support));
}

static double
eval_side(const SmpHairline *h, const Eval *e, double u, double v)
{
  const SmpProfileHead *head = &h->profile;
  const double sv = h->p.view == SMP_HAIRLINE_VIEW_RIGHT ? u : -u, z = v;
  const double forehead = h->front_v - setback(z - head->glabella_z);
  double bounds =
      CLAMP(smp_profile_outline_distance(head, sv, z, forehead) * e->inv_pixel + 0.5, 0.0, 1.0);
  if (bounds <= 0.0)
    return 0.0;
  const double lower = smp_profile_lower_distance(head, sv, z);
  double line = smp_profile_front_distance(&h->profile_design, sv, z);
  if (h->macro > 0.0 && line < 100.0)
    line -= h->macro * macro_noise(h->macro_key, h->detail_key, z);
  line = MIN(line, lower);
  double front, bald = -G_MAXDOUBLE, partial = -G_MAXDOUBLE;

  if (h->p.output == SMP_HAIRLINE_OUTPUT_OUTLINE) {
    double cover = stroke(e, line, e->stroke);
    if (h->p.transition > 0.0) {
      cover = MAX(cover, stroke(e, line - 0.5 * h->p.transition, e->edge_stroke));
      cover = MAX(cover, stroke(e, line + 0.5 * h->p.transition, e->edge_stroke));
    }
    if (h->pattern_on) {
      side_client(h, e, sv, z, lower, &front, &bald, &partial);
      cover = MAX(cover, stroke(e, MAX(bald, -front), e->stroke));
      cover = MAX(cover, stroke(e, partial, e->edge_stroke));
    }
    return cover * bounds;
  }

  const gboolean current = h->p.area == SMP_HAIRLINE_AREA_CURRENT;
  if (h->pattern_on && current)
    return side_client(h, e, sv, z, lower, &front, NULL, NULL) * bounds;
  double spot = 0.0;
  if (h->micro > 0.0 && fabs(line) < e->saturated)
    spot = h->micro * noise2(h->micro_key, sv * (1.0 / MICRO_SIZE), z * (1.0 / MICRO_SIZE));
  double density = step_profile(line + spot, e->inv_support) * bounds;
  if (!h->pattern_on)
    return current ? density : 0.0;
  if (density <= 0.0)
    return 0.0;
  return density * (1.0 - side_client(h, e, sv, z, lower, &front, NULL, NULL));
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
    return eval_side(h, e, u, v);
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
  double mx = (x - h->p.origin_x) * h->inv_ppmm, my = (y - h->p.origin_y) * h->inv_ppmm;
  *u = h->cos_a * mx - h->sin_a * my;
  *v = -h->sin_a * mx - h->cos_a * my;
}

void
smp_hairline_image_position(const SmpHairline *h, double u, double v, double *x, double *y)
{
  /* The head-position rotation (with its mirrored v axis) is its own inverse. */
  double mx = h->cos_a * u - h->sin_a * v, my = -h->sin_a * u - h->cos_a * v;
  *x = h->p.origin_x + mx / h->inv_ppmm;
  *y = h->p.origin_y + my / h->inv_ppmm;
}

/* Top view: TRUE when the client's hair is the same over the disk of radius `slack` (mm) around
 * (u, v), with that value (as client_hair computes it) in *client. */
static gboolean
client_uniform(const SmpHairline *h, const Eval *e, double u, double v, const LineSample *at,
               double slack, double *client)
{
  const double half = 0.5 / e->inv_support * (1.0 + 1e-9) + 1e-9;
  /* The front edge: d = o N with o = hr(|u|) - v, N in [norm_r_min, 1]. */
  const double o = at->hr - v, o_slack = slack + h->slope_r_max * (slack + 2.0 * TABLE_STEP);
  const double o_lo = o - o_slack, o_hi = o + o_slack;
  if (o_hi <= 0.0 && o_hi * h->norm_r_min <= -half) {
    *client = 0.0;
    return TRUE;
  }
  if (!(o_lo >= 0.0 && o_lo * h->norm_r_min >= half))
    return FALSE;
  const double behind_slack = slack + h->slope_n_max * (slack + 2.0 * TABLE_STEP);
  double loss;
  if (!smp_atlas_uniform(&h->stage, u, v, at->natural - v, slack, behind_slack, e->inv_support,
                         &loss))
    return FALSE;
  *client = 1.0 * 1.0 * (1.0 - loss * (1.0 - 0.0));
  return TRUE;
}

/* Runs of pixels far from every edge all get exactly 0 or 1; such a run is found from its centre
 * and bounds on how fast each distance can change over `radius` mm, so skipping it changes no
 * value. Returns TRUE with the run's value in *value. */
static gboolean
uniform_run(const SmpHairline *h, const Eval *e, double u, double v, double radius, float *value)
{
  const SmpHairlineParams *p = &h->p;
  const double slack = radius + 1e-6;
  const double a = fabs(u);
  if (p->output != SMP_HAIRLINE_OUTPUT_MASK || p->view >= SMP_HAIRLINE_VIEW_LEFT)
    return FALSE;

  /* Outside the head: 0; wholly inside: go on. */
  if (p->view == SMP_HAIRLINE_VIEW_FRONT) {
    if (h->half_width - a + slack <= -0.5 * e->pixel) {
      *value = 0.0f;
      return TRUE;
    }
    if (h->half_width - a - slack < 0.5 * e->pixel)
      return FALSE;
  } else {
    /* One half of the outline over the whole run: its norm changes by at most slack / min(ru,
     * rv) across it (see head_coverage). */
    if (fabs(v) <= slack)
      return FALSE;
    const int back = v <= 0.0;
    const double ru = h->half_width, rv = back ? -h->back_v : h->front_v;
    const double p = back ? OUTLINE_BACK_EXPONENT : OUTLINE_FRONT_EXPONENT;
    const double spread = slack / MIN(ru, rv), margin = e->head_margin[back];
    const double norm = pow(pow(a / ru, p) + pow(fabs(v) / rv, p), 1.0 / p);
    if (norm - spread >= 1.0 + margin) {
      *value = 0.0f;
      return TRUE;
    }
    if (norm + spread > 1.0 - margin)
      return FALSE;
  }

  /* The frontal branch: d = o N - E with o = ±(v - h(|u|)), N in [norm_min, 1], |E| <= macro. */
  LineSample at;
  sample(h, a, u < 0.0, &at, TRUE);
  const double dir = p->view == SMP_HAIRLINE_VIEW_FRONT ? 1.0 : -1.0;
  const double o = dir * (v - at.h), o_slack = slack + h->slope_max * (slack + 2.0 * TABLE_STEP);
  const double o_lo = o - o_slack, o_hi = o + o_slack;
  double lo = o_lo >= 0.0 ? o_lo * h->norm_min - h->macro : o_lo - h->macro;
  double hi = o_hi <= 0.0 ? o_hi * h->norm_min + h->macro : o_hi + h->macro;
  const double frontal_hi = hi;
  if (p->view == SMP_HAIRLINE_VIEW_FRONT) {
    /* The temporal branch moves by at most the run's radius, plus its undulation. */
    int side = u < 0.0;
    double raw = a * h->tc + v * h->tv - h->t0[side], cut = v - SIDEBURN_HEIGHT;
    double t_lo = MIN(raw - slack - h->macro, cut - slack);
    double t_hi = MIN(raw + slack + h->macro, cut + slack);
    lo = MAX(lo, t_lo);
    hi = MAX(hi, t_hi);
  }

  const gboolean current = p->area == SMP_HAIRLINE_AREA_CURRENT;
  if (lo >= e->saturated && !h->pattern_on) {
    *value = current ? 1.0f : 0.0f;
    return TRUE;
  }
  /* With a stage: the client's hair where it is the same over the run (top view). */
  if (h->pattern_on && p->view == SMP_HAIRLINE_VIEW_TOP && (current || lo >= e->saturated)) {
    double client;
    if (!client_uniform(h, e, u, v, &at, slack, &client))
      return FALSE;
    *value = (float)(current ? client : 1.0 * (1.0 - client));
    return TRUE;
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

void
smp_hairline_render_row(const SmpHairline *h, int level, int x, int y, int n, float *values,
                        int stride)
{
  const double scale = ldexp(1.0, level);
  Eval e;
  eval_init(&e, h, scale * h->inv_ppmm);
  /* Every pixel's position is computed from its own coordinates, never accumulated, so any
   * split of the row gives the same values. */
  const double my = ((y + 0.5) * scale - h->p.origin_y) * h->inv_ppmm;
  const double u_row = -h->sin_a * my, v_row = -h->cos_a * my;
  for (int start = 0; start < n; start += RUN) {
    int end = MIN(start + RUN, n);
    double mx = ((x + 0.5 * (start + end)) * scale - h->p.origin_x) * h->inv_ppmm;
    double radius = 0.5 * (end - start - 1) * e.pixel;
    float value;
    if (uniform_run(h, &e, h->cos_a * mx + u_row, -h->sin_a * mx + v_row, radius, &value)) {
      for (int i = start; i < end; i++)
        values[(gsize)i * stride] = value;
      continue;
    }
    for (int i = start; i < end; i++) {
      mx = ((x + i + 0.5) * scale - h->p.origin_x) * h->inv_ppmm;
      double u = h->cos_a * mx + u_row, v = -h->sin_a * mx + v_row;
      values[(gsize)i * stride] = (float)evaluate(h, &e, u, v);
    }
  }
}

double
smp_hairline_value_at(const SmpHairline *h, double u, double v, double pixel_mm)
{
  Eval e;
  eval_init(&e, h, pixel_mm);
  return evaluate(h, &e, u, v);
}

double
smp_hairline_line_at(const SmpHairline *h, double u)
{
  LineSample s;
  sample(h, fabs(u), u < 0.0, &s, FALSE);
  /* v k - g = 0 */
  return s.g / s.k;
}

gboolean
smp_hairline_landmark(const SmpHairline *h, SmpHairlineLandmark landmark, double *u, double *v)
{
  const SmpHairlineView view = h->p.view;
  const gboolean side = view >= SMP_HAIRLINE_VIEW_LEFT;
  const double mirror = view == SMP_HAIRLINE_VIEW_LEFT ? -1.0 : 1.0;
  const SmpProfileLine *line = &h->profile_design;
  SmpProfilePoint at;
  *u = *v = 0.0;
  switch (landmark) {
  case SMP_HAIRLINE_LANDMARK_ORIGIN:
    return TRUE;
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
  *u = mirror * at.sv;
  *v = at.z;
  return TRUE;
}
