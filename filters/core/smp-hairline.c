/* Hairline masks: design line, transition zone, irregularity and hair-loss stages. Figures and
 * their sources: shared/reference/smp-domain.md §1.8 (hairline design), §1.9 (Norwood-Hamilton,
 * Ludwig), §1.11 (head measurement) and §2.2 (crown whorl position). */
#include "smp-hairline.h"

#include "smp-random.h"

#include <math.h>
#include <string.h>

#define MM_PER_INCH 25.4
#define DEG (G_PI / 180.0)

/* Sampling step of the line tables (mm): far below a pixel at any practical ppi, and the curves are
 * smooth on this scale, so linear interpolation between samples is exact to a few nanometres. */
#define TABLE_STEP 0.05

/* Reference head (§1.11: width 15-18 cm, length 20-23 cm, glabella-opisthocranion 195 mm): the
 * hair-loss geometry is given for this head and scaled to the requested one. */
#define REF_WIDTH 155.0
#define REF_LENGTH 195.0
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

/* Widow's peak: 10 mm deep, reaching 40 % of the way to the temples, with a 1.5 mm rounded tip. */
#define PEAK_DEPTH 10.0
#define PEAK_REACH 0.4
#define PEAK_TIP 1.5

/* Broken line: leading units in rows 3 mm deep starting 1 mm in front of the line, one candidate
 * per 3.5 mm along it, fewer further out; 0.9-1.6 mm across. */
#define ISLAND_OFFSET 1.0
#define ISLAND_ROW 3.0
#define ISLAND_CELL 3.5
#define ISLAND_ROWS 4
#define ISLAND_SOFTNESS 0.4

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
static inline double
step_profile(double distance, double inv_support)
{
  double t = distance * inv_support + 0.5;
  if (t <= 0.0)
    return 0.0;
  if (t >= 1.0)
    return 1.0;
  return t * t * (3.0 - 2.0 * t);
}

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
  p->head_width = 155.0;
  p->head_length = 195.0;
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
         a->head_width == b->head_width && a->head_length == b->head_length;
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
        check_range("head-width", p->head_width, 100.0, 220.0, error) &&
        check_range("head-length", p->head_length, 140.0, 260.0, error)))
    return FALSE;
  if ((unsigned)p->view > SMP_HAIRLINE_VIEW_TOP || (unsigned)p->shape > SMP_HAIRLINE_SHAPE_BROKEN ||
      (unsigned)p->pattern > SMP_HAIRLINE_PATTERN_LUDWIG_3 ||
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

/* ---- hair-loss stages ----------------------------------------------------------------------- */

/* One stage as geometry in head millimetres (top view: u lateral, v ahead of the ear-canal line).
 * Hair is lost in front of the receded line (the design line moved back by `mid` + `temple` x a
 * triangular wedge peaking at the frontotemporal angles), inside the crown ellipse, and partly
 * (by `depth`) inside the top ellipse; Ludwig thinning is inside its ellipse and behind the design
 * line moved back by `thin_front`. */
typedef struct {
  gboolean front_loss;
  double mid, temple;
  double crown_ru, crown_rv, crown_cv; /* crown_ru 0: no crown loss */
  double top_ru, top_rv, top_cv, top_depth;
  gboolean thinning;
  double thin_front, thin_ru, thin_rv, thin_cv, thin_depth;
} Stage;

/* The crown area, centred 50-60 mm behind the ear-canal line where the whorl sits (§2.2: mean
 * 62.5 mm), grows forwards from the occiput: its half width and its front and back edges (mm
 * ahead of the ear-canal line; the back of the reference head is at -99.5). */
typedef struct {
  double mid, temple, crown_ru, crown_front, crown_back, top_ru, top_rv, top_cv, top_depth;
} NorwoodStep;

/* Norwood I..VII on the reference head (§1.9): I minimal recession; II triangular recessions that
 * stop 2 cm or more in front of the ear-canal line; III deep recessions beyond that point; IV adds
 * a crown area separated by a band of hair; V larger areas, the band narrower and sparser; VI the
 * band gone; VII only a horseshoe fringe. The top ellipse of VII is fitted to the head below.
 * Every area contains the previous stage's, so the bald area grows from stage to stage. */
static const NorwoodStep norwood_steps[7] = {
    {0.0, 4.0, 0, 0, 0, 0, 0, 0, 0},
    {3.0, 15.0, 0, 0, 0, 0, 0, 0, 0},
    {6.0, 28.0, 0, 0, 0, 0, 0, 0, 0},
    {15.0, 38.0, 30.0, -26.0, -82.0, 0, 0, 0, 0},
    {25.0, 48.0, 38.0, -16.0, -84.0, 40.0, 45.0, -10.0, 0.5},
    {40.0, 58.0, 46.0, -6.0, -85.0, 50.0, 62.0, -8.0, 1.0},
    {60.0, 70.0, 50.0, -4.0, -86.0, 0, 0, 0, 1.0},
};
/* III-vertex: the crown alone, frontal recession as III. */
static const NorwoodStep norwood_3v_crown = {0, 0, 26.0, -32.0, -80.0, 0, 0, 0, 0};

/* `mid_line` and `angle_line`: the regular design line's top-view position (mm ahead of the
 * ear-canal line) at the midline and at the frontotemporal angle. */
static void
stage_for(Stage *st, SmpHairlinePattern pattern, double width, double length, double mid_line,
          double angle_line)
{
  const double su = width / REF_WIDTH, sv = length / REF_LENGTH;
  memset(st, 0, sizeof *st);
  if (pattern == SMP_HAIRLINE_PATTERN_FULL)
    return;

  if (pattern >= SMP_HAIRLINE_PATTERN_LUDWIG_1) {
    /* Ludwig I-III (§1.9): thinning behind a line 1-3 cm behind the frontal hairline, the line
     * itself and the sides kept; I perceptible, II pronounced, III near denudation. */
    static const double front[3] = {30.0, 20.0, 12.0}, ru[3] = {40.0, 47.0, 54.0},
                        rv[3] = {68.0, 74.0, 80.0}, depth[3] = {0.35, 0.65, 0.92};
    int k = pattern - SMP_HAIRLINE_PATTERN_LUDWIG_1;
    st->thinning = TRUE;
    st->thin_front = front[k];
    st->thin_ru = ru[k] * su;
    st->thin_rv = rv[k] * sv;
    st->thin_cv = -5.0 * sv;
    st->thin_depth = depth[k];
    return;
  }

  st->front_loss = TRUE;
  if (pattern >= SMP_HAIRLINE_PATTERN_NORWOOD_2A) {
    /* Type A (§1.9): the whole border recedes front to back, no mid-frontal island; IIIa reaches
     * the ear-canal (mid-coronal) line, IVa passes it. */
    static const double target[4] = {G_MAXDOUBLE, 0.0, -20.0, -45.0}, temple[4] = {6, 8, 10, 12};
    int k = pattern - SMP_HAIRLINE_PATTERN_NORWOOD_2A;
    double mid = 15.0;
    for (int i = 1; i <= k; i++)
      mid = MAX(mid, mid_line - target[i] * sv);
    st->mid = mid;
    st->temple = temple[k];
    return;
  }

  int last =
      pattern == SMP_HAIRLINE_PATTERN_NORWOOD_3V ? 2 : pattern - SMP_HAIRLINE_PATTERN_NORWOOD_1;
  double mid = 0.0, temple = 0.0;
  for (int i = 0; i <= last; i++) {
    const NorwoodStep *n = &norwood_steps[i];
    mid = MAX(mid, n->mid);
    double t = MAX(temple, n->temple);
    /* II keeps its recessions 2 cm or more ahead of the ear-canal line; III goes beyond. */
    if (i == 1)
      t = MAX(temple, MIN(t, angle_line - mid - 22.0 * sv));
    if (i == 2)
      t = MAX(t, angle_line - mid - 12.0 * sv);
    temple = t;
  }
  st->mid = mid;
  st->temple = temple;

  const NorwoodStep *n =
      pattern == SMP_HAIRLINE_PATTERN_NORWOOD_3V ? &norwood_3v_crown : &norwood_steps[last];
  st->crown_ru = n->crown_ru * su;
  st->crown_rv = 0.5 * (n->crown_front - n->crown_back) * sv;
  st->crown_cv = 0.5 * (n->crown_front + n->crown_back) * sv;
  st->top_ru = n->top_ru * su;
  st->top_rv = n->top_rv * sv;
  st->top_cv = n->top_cv * sv;
  st->top_depth = n->top_depth;
  if (pattern == SMP_HAIRLINE_PATTERN_NORWOOD_7) {
    /* The horseshoe: a fringe under 20 mm wide seen from above along the sides and the low
     * occiput. */
    double front = mid_line + 10.0, back = -(1.0 - GLABELLA_SHARE) * length + 12.0 * sv;
    st->top_ru = 0.5 * width - 18.0 * su;
    st->top_rv = 0.5 * (front - back);
    st->top_cv = 0.5 * (front + back);
  }
}

/* ---- the line tables ------------------------------------------------------------------------ */

/* One sample of a side's line at |u| = i x TABLE_STEP: the signed distance (mm, positive on the
 * hair side) of head point (u, v) is v x k - g, for the design line and the receded line of the
 * stage; s is the arc length from the midline (negative on the left). */
typedef struct {
  double k, g;
  double kr, gr;
  double s;
  double edge; /* front of the head outline seen from above at this |u| */
  double h;    /* the line's height (front) or position (top) without undulation */
} LineSample;

struct _SmpHairline {
  SmpHairlineParams p;
  gint ref_count;
  double inv_ppmm, cos_a, sin_a;
  double half_temple, half_width, front_v, back_v, vertex_v;
  double macro, micro; /* amplitudes, mm */
  guint32 macro_key, detail_key, micro_key;
  Stage stage;
  gboolean pattern_on;
  int n;
  LineSample *side[2]; /* [0]: u >= 0 (image right), [1]: u < 0 */
  /* Over both tables: the steepest slope of h between samples and the smallest normal factor,
   * which bound how fast the distance can change across a run of pixels. */
  double slope_max, norm_min;
  /* Front view: temporal line distance = |u| tc + v tv - t0[side]; arc length at the angle and
   * height of the angle per side. */
  double tc, tv, t0[2], angle_s[2], angle_h[2];
};

/* Rise of the line from the mid-frontal point (0) to the frontotemporal angle (1), x = |u| / half
 * temple width. */
static double
shape_rise(SmpHairlineShape shape, double x)
{
  if (x >= 1.0)
    return 1.0;
  double p = 0.65; /* natural: convex to about mid-pupil, then concave (Lam, §1.8) */
  switch (shape) {
  case SMP_HAIRLINE_SHAPE_STRAIGHT:
    return x <= 0.78 ? 0.0 : (x - 0.78) * (x - 0.78) / (0.22 * 0.22);
  case SMP_HAIRLINE_SHAPE_ROUNDED:
    return x * x;
  case SMP_HAIRLINE_SHAPE_M_SHAPE:
    /* The full rise is reached at 3/4 of the way: a narrower central lobe and wide recessions. */
    x = MIN(x / 0.75, 1.0);
    p = 0.45;
    break;
  default:
    break;
  }
  return x < p ? x * x / p : 1.0 - (1.0 - x) * (1.0 - x) / (1.0 - p);
}

/* Front view: the design line's height above the glabella at |u| = a on side `sign` (+1 right). */
static double
front_height(const SmpHairline *h, double a, double sign, gboolean with_asymmetry)
{
  const SmpHairlineParams *p = &h->p;
  double x = a / h->half_temple;
  double z = p->hairline_height + p->recession * shape_rise(p->shape, x);
  if (p->shape == SMP_HAIRLINE_SHAPE_WIDOW_PEAK) {
    double rho = sqrt(a * a + PEAK_TIP * PEAK_TIP) - PEAK_TIP;
    double t = MIN(1.0, rho / (PEAK_REACH * h->half_temple));
    z += PEAK_DEPTH * (1.0 - (1.0 - t) * (1.0 - t));
  }
  if (with_asymmetry)
    z += sign * 0.5 * p->asymmetry * smooth01(MIN(x, 1.0));
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

/* Top view: the design line; past the angle, the temporal fringe's front edge. */
static double
top_line(const SmpHairline *h, double a, double sign, gboolean with_asymmetry)
{
  if (a <= h->half_temple)
    return top_position(h, a, front_height(h, a, sign, with_asymmetry));
  double at_angle =
      top_position(h, h->half_temple, front_height(h, h->half_temple, sign, with_asymmetry));
  return at_angle + (a - h->half_temple) * tan(TEMPORAL_SLANT_TOP);
}

/* Stage recession (top-view mm behind the design line) at |u| = a: triangular wedges peaking at
 * the frontotemporal angles. */
static double
recession_at(const SmpHairline *h, double a)
{
  const Stage *st = &h->stage;
  if (st->thinning)
    return st->thin_front;
  double w = h->half_temple;
  double wedge = a <= w ? 1.0 - (w - a) / (0.75 * w) : 1.0 - (a - w) / (0.6 * w);
  return st->mid + st->temple * MAX(wedge, 0.0);
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
    if (top) {
      line[i] = top_line(h, a, sign, TRUE);
      receded[i] = line[i] - recession_at(h, a);
    } else {
      line[i] = front_height(h, a, sign, TRUE);
      receded[i] = setback_inverse(setback(line[i]) + recession_at(h, a));
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
    t[i].gr = dir * receded[i] * norm_r + offset;
    t[i].s = sign * s;
    t[i].edge = front_edge(h, i * TABLE_STEP);
    t[i].h = line[i];
    h->norm_min = MIN(h->norm_min, norm);
    if (i > 0)
      h->slope_max = MAX(h->slope_max, fabs(line[i] - line[i - 1]) / TABLE_STEP);
  }

  if (!top) {
    double w = h->half_temple;
    int ia = (int)floor(w / TABLE_STEP);
    h->angle_h[side] = front_height(h, w, sign, TRUE);
    h->angle_s[side] = fabs(t[ia].s);
    /* |u| = w + (angle_h - v) tan(slant), distance measured along its normal. */
    h->t0[side] = (w + h->angle_h[side] * tan(TEMPORAL_SLANT_FRONT)) * cos(TEMPORAL_SLANT_FRONT);
  }
  g_free(line);
  g_free(receded);
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

  double mid_line = top_position(h, 0.0, p->hairline_height);
  double angle_line = top_line(h, h->half_temple, 1.0, FALSE);
  stage_for(&h->stage, p->pattern, p->head_width, p->head_length, mid_line, angle_line);
  h->pattern_on = p->pattern != SMP_HAIRLINE_PATTERN_FULL;

  /* Past the head's side nothing changes (front view: the line is flat beyond the angle; top
   * view: outside the head). */
  h->n = (int)ceil((h->half_width + 10.0) / TABLE_STEP) + 2;
  h->slope_max = 0.0;
  h->norm_min = 1.0;
  h->tc = cos(TEMPORAL_SLANT_FRONT);
  h->tv = sin(TEMPORAL_SLANT_FRONT);
  for (int side = 0; side < 2; side++) {
    h->side[side] = g_new(LineSample, h->n);
    build_side(h, side);
  }
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

/* ---- evaluation ----------------------------------------------------------------------------- */

/* Per-render constants. */
typedef struct {
  double pixel;       /* mm per pixel */
  double inv_pixel;   /* pixels per mm */
  double inv_support; /* 1 / smoothstep support of the transition (and of stage edges) */
  double saturated; /* |distance| beyond which the transition is 0 or 1 whatever the micro spots */
  double temporal_reach;
  double stroke, edge_stroke; /* outline half widths, pixels */
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
head_coverage(const SmpHairline *h, double u, double v, double pixel)
{
  double rv = v > 0.0 ? h->front_v : -h->back_v, ru = h->half_width;
  double x = fabs(u) / ru, y = fabs(v) / rv;
  /* The superellipses contain the ellipse and lie inside the box of the same half axes. */
  double margin = 2.0 * pixel / MIN(ru, rv);
  if (x * x + y * y < 1.0 - margin)
    return 1.0;
  if (x > 1.0 + margin || y > 1.0 + margin)
    return 0.0;
  double p = v > 0.0 ? OUTLINE_FRONT_EXPONENT : OUTLINE_BACK_EXPONENT;
  double xp = pow(x, p - 1.0), yp = pow(y, p - 1.0);
  double f = 1.0 - xp * x - yp * y;
  double gx = p * xp / ru, gy = p * yp / rv, grad = sqrt(gx * gx + gy * gy);
  double inside = grad > 1e-12 ? f / grad : ru;
  return CLAMP(inside / pixel + 0.5, 0.0, 1.0);
}

/* Everything at one head point: the design region's signed distance and density, the stage's
 * remaining fraction; assembled per output below. */
typedef struct {
  double line;    /* design line distance without micro spots, both branches */
  double frontal; /* frontal branch distance */
  double bounds;  /* 0..1: inside the head (anti-aliased) */
  double receded; /* stage's receded line distance (view mm) */
  LineSample at;
} Point;

/* FALSE outside the head; `all` also fetches the receded line and the arc length. */
static inline gboolean
locate(const SmpHairline *h, const Eval *e, double u, double v, Point *pt, gboolean all)
{
  double a = fabs(u);
  int side = u < 0.0;
  const gboolean front = h->p.view == SMP_HAIRLINE_VIEW_FRONT;
  pt->bounds = front ? CLAMP((h->half_width - a) * e->inv_pixel + 0.5, 0.0, 1.0)
                     : head_coverage(h, u, v, e->pixel);
  if (pt->bounds <= 0.0)
    return FALSE;
  sample(h, a, side, &pt->at, all);
  pt->frontal = v * pt->at.k - pt->at.g;
  if (front) {
    double temporal = temporal_distance(h, e, a, v, side);
    pt->line = MAX(pt->frontal, temporal);
    if (all)
      pt->receded = MAX(v * pt->at.kr - pt->at.gr, temporal);
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

static double
eval_mask(const SmpHairline *h, const Eval *e, double u, double v)
{
  Point pt;
  gboolean broken = h->p.shape == SMP_HAIRLINE_SHAPE_BROKEN;
  if (!locate(h, e, u, v, &pt, h->pattern_on || broken))
    return 0.0;

  double line = pt.line, density, spot = 0.0;
  if (line >= e->saturated)
    density = 1.0;
  else if (line <= -e->saturated && !broken)
    density = 0.0;
  else {
    if (h->micro > 0.0 && fabs(line) < e->saturated)
      spot = h->micro * noise2(h->micro_key, u * (1.0 / MICRO_SIZE), v * (1.0 / MICRO_SIZE));
    density = step_profile(line + spot, e->inv_support);
    if (broken && pt.frontal < 0.0 && pt.line == pt.frontal && fabs(u) < h->half_temple) {
      double edge;
      density = MAX(density, island(h, e, pt.at.s, pt.frontal, &edge));
    }
  }
  density *= pt.bounds;
  if (!h->pattern_on || density <= 0.0)
    return h->p.area == SMP_HAIRLINE_AREA_CURRENT ? density : 0.0;

  const Stage *st = &h->stage;
  double current = density;
  if (st->front_loss) {
    /* The receded line shares the design line's spots where the two meet. */
    if (h->micro > 0.0 && spot == 0.0 && fabs(pt.receded) < e->saturated)
      spot = h->micro * noise2(h->micro_key, u * (1.0 / MICRO_SIZE), v * (1.0 / MICRO_SIZE));
    current = MIN(current, step_profile(pt.receded + spot, e->inv_support));
  }
  double sv = scalp_v(h, &pt, v), loss = 0.0;
  if (st->crown_ru > 0.0)
    loss = step_profile(ellipse_distance(u, sv - st->crown_cv, st->crown_ru, st->crown_rv),
                        e->inv_support);
  if (st->top_ru > 0.0)
    loss = MAX(loss, st->top_depth *
                         step_profile(ellipse_distance(u, sv - st->top_cv, st->top_ru, st->top_rv),
                                      e->inv_support));
  if (st->thinning) {
    double inside =
        MIN(pt.receded, ellipse_distance(u, sv - st->thin_cv, st->thin_ru, st->thin_rv));
    loss = MAX(loss, st->thin_depth * step_profile(inside, e->inv_support));
  }
  current *= 1.0 - loss;
  return h->p.area == SMP_HAIRLINE_AREA_CURRENT ? current : density - current;
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

  if (h->pattern_on && pt.line > 0.0) {
    /* Stage edges inside the design: the union of the bald areas, then partial areas. */
    const Stage *st = &h->stage;
    double sv = scalp_v(h, &pt, v), bald = -G_MAXDOUBLE, partial = -G_MAXDOUBLE;
    if (st->front_loss)
      bald = -pt.receded;
    if (st->crown_ru > 0.0)
      bald = MAX(bald, ellipse_distance(u, sv - st->crown_cv, st->crown_ru, st->crown_rv));
    if (st->top_ru > 0.0) {
      double top = ellipse_distance(u, sv - st->top_cv, st->top_ru, st->top_rv);
      if (st->top_depth >= 1.0)
        bald = MAX(bald, top);
      else
        partial = top;
    }
    if (st->thinning)
      partial = MIN(pt.receded, ellipse_distance(u, sv - st->thin_cv, st->thin_ru, st->thin_rv));
    double inside = CLAMP(pt.line * e->inv_pixel + 0.5, 0.0, 1.0);
    cover = MAX(cover, inside * stroke(e, bald, e->stroke));
    cover = MAX(cover, inside * stroke(e, partial, e->edge_stroke));
  }
  return cover * pt.bounds;
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

/* Runs of pixels far from every edge all get exactly 0 or 1; such a run is found from its centre
 * and bounds on how fast each distance can change over `radius` mm, so skipping it changes no
 * value. Returns TRUE with the run's value in *value. */
static gboolean
uniform_run(const SmpHairline *h, const Eval *e, double u, double v, double radius, float *value)
{
  const SmpHairlineParams *p = &h->p;
  const double slack = radius + 1e-6;
  const double a = fabs(u);
  if (p->output != SMP_HAIRLINE_OUTPUT_MASK)
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
    double ru = h->half_width, front = h->front_v, back = -h->back_v;
    double margin = 2.0 * e->pixel / MIN(ru, MIN(front, back));
    if (a - slack > ru * (1.0 + margin) || v - slack > front * (1.0 + margin) ||
        -v - slack > back * (1.0 + margin)) {
      *value = 0.0f;
      return TRUE;
    }
    double x = a / ru, y = v / (v > 0.0 ? front : back);
    double rho = sqrt(x * x + y * y) + slack / MIN(ru, MIN(front, back));
    if (rho * rho >= 1.0 - margin)
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

  if (lo >= e->saturated && !h->pattern_on) {
    *value = p->area == SMP_HAIRLINE_AREA_CURRENT ? 1.0f : 0.0f;
    return TRUE;
  }
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
  g_return_if_fail(h != NULL && (values != NULL || n <= 0));
  const double scale = ldexp(1.0, level);
  Eval e;
  eval_init(&e, h, scale * h->inv_ppmm);
  /* Every pixel's position is computed from its own coordinates, never accumulated, so any
   * split of the row gives the same values. */
  const double my = ((y + 0.5) * scale - h->p.origin_y) * h->inv_ppmm;
  const double u_row = -h->sin_a * my, v_row = -h->cos_a * my;
  const gboolean outline = h->p.output == SMP_HAIRLINE_OUTPUT_OUTLINE;
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
      values[(gsize)i * stride] =
          (float)(outline ? eval_outline(h, &e, u, v) : eval_mask(h, &e, u, v));
    }
  }
}

double
smp_hairline_value_at(const SmpHairline *h, double u, double v, double pixel_mm)
{
  g_return_val_if_fail(h != NULL, 0.0);
  Eval e;
  eval_init(&e, h, pixel_mm);
  return h->p.output == SMP_HAIRLINE_OUTPUT_OUTLINE ? eval_outline(h, &e, u, v)
                                                    : eval_mask(h, &e, u, v);
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
