/* The hairline core's private parts, shared by its table building (smp-hairline.c) and its
 * evaluation (smp-hairline-render.c): figures, the tables, and the inline building blocks.
 * Figures and their sources: docs/hair-loss-patterns.md. */
#pragma once
#include "smp-hairline.h"

#include "smp-hairline-atlas.h"
#include "smp-hairline-profile.h"
#include "smp-random.h"

#include <math.h>

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
 * the transition): density builds over "a few millimetres to a centimetre"
 * (docs/hair-loss-patterns.md, The designed line). */
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

/* Side views: the head's half width seen from above is tabulated at this many steps over each
 * half of its length, to bound it over runs of pixels without pow(). */
#define OUTLINE_SAMPLES 256

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

/* Render levels whose constants are computed once, with the tables. */
#define EVAL_LEVELS 16

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
  /* The top view's head half width at |sv| = i x front_v / OUTLINE_SAMPLES ahead of the ear-canal
   * line, and at i x -back_v / OUTLINE_SAMPLES behind it. */
  double outline_front[OUTLINE_SAMPLES + 1], outline_back[OUTLINE_SAMPLES + 1];
  Eval level_eval[EVAL_LEVELS]; /* the render constants of levels 0..EVAL_LEVELS - 1 */
};

/* ---- building blocks (inline: used per pixel) ------------------------------------------------ */

/* Ratio of the 1 %..99 % width of smoothstep(3t² - 2t³) to its support. */
static inline double
profile_ratio(void)
{
  /* smoothstep(t) = y has t = 1/2 - sin(asin(1 - 2y) / 3). */
  return 1.0 - 2.0 * (0.5 - sin(asin(1.0 - 2.0 * 0.01) / 3.0));
}

/* Smoothstep across a support of 1 / `inv_support` mm centred on distance 0. */
#define step_profile smp_atlas_step

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

/* floor() for |t| < 2^62, exact, without a library call (the baseline x86-64 has no rounding
 * instruction): noise is evaluated per pixel. */
static inline double
floor_small(double t)
{
  double c = (double)(gint64)t;
  return c > t ? c - 1.0 : c;
}

static inline double
noise1(guint32 key, double t)
{
  double cell = floor_small(t);
  guint32 i = (guint32)(gint64)cell;
  double f = smooth01(t - cell);
  double a = lattice_value(smp_hash32(key + i * 0x8da6b343u));
  double b = lattice_value(smp_hash32(key + (i + 1u) * 0x8da6b343u));
  return a + f * (b - a);
}

static inline double
noise2(guint32 key, double x, double y)
{
  double cx = floor_small(x), cy = floor_small(y);
  guint32 i = (guint32)(gint64)cx, j = (guint32)(gint64)cy;
  double fx = smooth01(x - cx), fy = smooth01(y - cy);
  guint32 row0 = key + j * 0xd8163841u, row1 = row0 + 0xd8163841u;
  guint32 c0 = i * 0x8da6b343u, c1 = c0 + 0x8da6b343u;
  double a = lattice_value(smp_hash32(row0 + c0)), b = lattice_value(smp_hash32(row0 + c1));
  double c = lattice_value(smp_hash32(row1 + c0)), d = lattice_value(smp_hash32(row1 + c1));
  double top = a + fx * (b - a), bottom = c + fx * (d - c);
  return top + fy * (bottom - top);
}

/* Undulation of the border at arc length s (mm), in [-1, 1]. */
static inline double
macro_noise(guint32 key, guint32 detail_key, double s)
{
  return (noise1(key, s / MACRO_WAVELENGTH) + 0.5 * noise1(detail_key, s / MACRO_DETAIL)) / 1.5;
}

static inline double
setback(double z)
{
  z = MAX(z, 0.0);
  return SETBACK_A * z + SETBACK_B * z * z;
}

/* ---- evaluation (smp-hairline-render.c; side views in smp-hairline-side.c) --------------------
 */

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
  /* The receded line always: two products, and the optimiser could not tell that `all` guards
   * both its writing and its reading. */
  out->kr = s0->kr + f * (s1->kr - s0->kr);
  out->gr = s0->gr + f * (s1->gr - s0->gr);
  if (all) {
    out->s = s0->s + f * (s1->s - s0->s);
    out->edge = s0->edge + f * (s1->edge - s0->edge);
    out->h = s0->h + f * (s1->h - s0->h);
    out->natural = s0->natural + f * (s1->natural - s0->natural);
    out->hr = s0->hr + f * (s1->hr - s0->hr);
  }
}

/* Coverage of a stroke of half width `half` (pixels) along the contour distance == 0. */
static inline double
stroke(const Eval *e, double distance, double half)
{
  return CLAMP(half + 0.5 - fabs(distance) * e->inv_pixel, 0.0, 1.0);
}

/* Fills level_eval. */
void smp_hairline_eval_levels(SmpHairline *h);

/* Fills the side views' outline tables. */
void smp_hairline_side_init(SmpHairline *h);

/* A side view's value at view millimetres (u, v). */
double smp_hairline_eval_side(const SmpHairline *h, const Eval *e, double u, double v);

/* What a run of side-view pixels shares, from smp_hairline_side_run. */
typedef struct {
  gboolean known;        /* wholly inside the head by half a pixel or more; the rest is valid */
  gboolean design_full;  /* the design's density is 1 all over the run */
  int client;            /* the client's front edge: -1 varies, 0 no hair, 1 full */
  guint terms;           /* where the client has hair: the stage's loss terms that vary ... */
  double base;           /* ... and the loss of those that do not */
  double noise_z, noise; /* the last height's undulation (NAN: none yet) */
} SmpSideRun;

/* Side views: TRUE, with the value in *value, when every pixel within `slack` mm of (u, v) has
 * that same value (checked with bounds on how each distance can change over the run); else what
 * the run's pixels share, for smp_hairline_side_pixel. */
gboolean smp_hairline_side_run(const SmpHairline *h, const Eval *e, double u, double v,
                               double slack, float *value, SmpSideRun *run);

/* A pixel of a run: the same value as smp_hairline_eval_side. */
double smp_hairline_side_pixel(const SmpHairline *h, const Eval *e, SmpSideRun *run, double u,
                               double v);
