/* Hairline masks: a designed frontal hairline and hair-loss stages as a density field over the
 * image, in millimetres. Plain C; positions are pixels at a mipmap level, geometry millimetres.
 *
 * Head coordinates (mm): u to the image right of the head's midline, v towards the top of the
 * head in the front view (0 at the glabella) or towards the face in the top view (0 on the line
 * joining the ear canals), rotated by the head tilt. In the side views the origin is the ear
 * canal, u runs to the image right (towards the face in the right view, away from it in the left
 * one) and v up. The design line is a function of |u| on each
 * side, tabulated once per parameter set, so a pixel costs a table lookup and a few
 * multiplications; the signed distance to the line is the vertical offset times the line's normal
 * factor. Irregularity is hash-based value noise along the line's arc length (macro) and over the
 * plane (micro): every value is a pure function of the parameters and the pixel position. */
#pragma once
#include <glib.h>

#include "smp-error.h"

G_BEGIN_DECLS

typedef enum {
  SMP_HAIRLINE_VIEW_FRONT, /* a face photo: the hairline above the glabella */
  SMP_HAIRLINE_VIEW_TOP,   /* the scalp from above, face at the top */
  SMP_HAIRLINE_VIEW_LEFT,  /* the left side in profile, face to the image left */
  SMP_HAIRLINE_VIEW_RIGHT, /* the right side in profile, face to the image right */
} SmpHairlineView;

/* A widow's peak dips this far (mm) below the line at the midline, leaving the rest of the line
 * where it is; the M-shape's recessions run this many times deeper than `recession`. */
#define SMP_HAIRLINE_PEAK_DEPTH 8.0
#define SMP_HAIRLINE_M_RECESSION_FACTOR 1.6

typedef enum {
  SMP_HAIRLINE_SHAPE_NATURAL,    /* softly convex middle, concave towards the temples */
  SMP_HAIRLINE_SHAPE_STRAIGHT,   /* straight "edge-up" with squared temple corners */
  SMP_HAIRLINE_SHAPE_ROUNDED,    /* one continuous arc */
  SMP_HAIRLINE_SHAPE_WIDOW_PEAK, /* natural line with a V-shaped peak at the midline */
  SMP_HAIRLINE_SHAPE_M_SHAPE,    /* rounded central lobe, wide temporal recessions */
  SMP_HAIRLINE_SHAPE_BROKEN,     /* natural line with scattered leading units in front of it */
} SmpHairlineShape;

typedef enum {
  SMP_HAIRLINE_PATTERN_FULL,
  SMP_HAIRLINE_PATTERN_NORWOOD_1,
  SMP_HAIRLINE_PATTERN_NORWOOD_2,
  SMP_HAIRLINE_PATTERN_NORWOOD_3,
  SMP_HAIRLINE_PATTERN_NORWOOD_4,
  SMP_HAIRLINE_PATTERN_NORWOOD_5,
  SMP_HAIRLINE_PATTERN_NORWOOD_6,
  SMP_HAIRLINE_PATTERN_NORWOOD_7,
  SMP_HAIRLINE_PATTERN_NORWOOD_3V,
  SMP_HAIRLINE_PATTERN_NORWOOD_2A,
  SMP_HAIRLINE_PATTERN_NORWOOD_3A,
  SMP_HAIRLINE_PATTERN_NORWOOD_4A,
  SMP_HAIRLINE_PATTERN_NORWOOD_5A,
  SMP_HAIRLINE_PATTERN_LUDWIG_1,
  SMP_HAIRLINE_PATTERN_LUDWIG_2,
  SMP_HAIRLINE_PATTERN_LUDWIG_3,
  SMP_HAIRLINE_PATTERN_OLSEN, /* frontal accentuation ("Christmas tree") */
  SMP_HAIRLINE_PATTERN_SINCLAIR_1,
  SMP_HAIRLINE_PATTERN_SINCLAIR_2,
  SMP_HAIRLINE_PATTERN_SINCLAIR_3,
  SMP_HAIRLINE_PATTERN_SINCLAIR_4,
  SMP_HAIRLINE_PATTERN_SINCLAIR_5,
} SmpHairlinePattern;

/* The design and the client's current hair are separate inputs: the design is the new line and
 * its shape, the client's hair is the stage on the head's landmarks (docs/hair-loss-patterns.md),
 * whatever the design. Without a stage (pattern full) the mask is the design itself. */
typedef enum {
  SMP_HAIRLINE_AREA_CURRENT,   /* the hair the client has at this stage */
  SMP_HAIRLINE_AREA_TREATMENT, /* the design's hair area minus the client's hair, blended */
} SmpHairlineArea;

typedef enum {
  SMP_HAIRLINE_OUTPUT_MASK,    /* density 0..1 */
  SMP_HAIRLINE_OUTPUT_OUTLINE, /* line coverage 0..1 along the design line and zone edges */
} SmpHairlineOutput;

typedef struct {
  double ppi;                /* pixels per inch at level 0 */
  SmpHairlineView view;      /* */
  double origin_x, origin_y; /* level-0 pixels: glabella (front), mid ear-canal line (top) or
                                ear canal (side) */
  double angle;              /* degrees, head tilt, counter-clockwise on screen */
  double hairline_height;    /* mm above the glabella at the midline (front view) */
  double temple_width;       /* mm between the two frontotemporal angles */
  double recession;          /* mm the frontotemporal angles sit above the mid-frontal point */
  SmpHairlineShape shape;
  SmpHairlinePattern pattern;
  SmpHairlineArea area;
  double transition;   /* mm along the normal from 1 % to 99 % density */
  double irregularity; /* 0..1: macro undulation and micro spots */
  double asymmetry;    /* mm the image-right side sits higher than the left at the temples */
  guint32 seed;
  SmpHairlineOutput output;
  double outline_width; /* mm, the design line's stroke in the outline output */
  double head_width;    /* mm, biparietal width */
  double head_length;   /* mm, glabella to the back of the head */
  /* The crown whorl, drawn on the outline: mm right of the midline, mm behind the ear-canal
   * line, and its turn seen from above. */
  double whorl_side, whorl_behind;
  gboolean whorl_clockwise;
} SmpHairlineParams;

/* Plausibility rules of a design for a client (docs/hair-loss-patterns.md, "Guardrails"): a
 * juvenile, low or straight line with an advanced stage, a widow's peak deeper than the
 * transition. Each broken rule adds one message naming it and the parameters involved; the
 * design stays valid (these are warnings, not errors). Returns a new array of strings. */
GPtrArray *smp_hairline_guardrails(const SmpHairlineParams *params);

/* The design's lowest point above the glabella: the mid-frontal point, or a widow's peak's tip. */
double smp_hairline_lowest_height(const SmpHairlineParams *params);

/* Fills in the defaults of the op's properties. */
void smp_hairline_params_init(SmpHairlineParams *params);

/* Immutable, reference-counted tables for one parameter set; safe to share between threads. */
typedef struct _SmpHairline SmpHairline;

/* NULL with `error` set (naming the parameter) when a parameter is out of range. */
SmpHairline *smp_hairline_new(const SmpHairlineParams *params, GError **error);
SmpHairline *smp_hairline_ref(SmpHairline *hairline);
void smp_hairline_unref(SmpHairline *hairline);
const SmpHairlineParams *smp_hairline_get_params(const SmpHairline *hairline);
gboolean smp_hairline_params_equal(const SmpHairlineParams *a, const SmpHairlineParams *b);

/* Writes the output value (density for the mask, coverage for the outline) of `n` pixels of row
 * `y` from column `x` at mipmap `level` (pixel centres at (x + 0.5) * 2^level level-0 pixels) to
 * values[0], values[stride], ... */
void smp_hairline_render_row(const SmpHairline *hairline, int level, int x, int y, int n,
                             float *values, int stride);

/* The same value at a point given in head millimetres, for a pixel `pixel_mm` wide. */
double smp_hairline_value_at(const SmpHairline *hairline, double u, double v, double pixel_mm);

/* Landmarks a view shows, in its head millimetres (u, v). */
typedef enum {
  SMP_HAIRLINE_LANDMARK_ORIGIN,      /* glabella, mid ear-canal line or ear canal */
  SMP_HAIRLINE_LANDMARK_MID_FRONTAL, /* the design's mid-frontal point */
  SMP_HAIRLINE_LANDMARK_ANGLE_RIGHT, /* the design's frontotemporal angles */
  SMP_HAIRLINE_LANDMARK_ANGLE_LEFT,
  SMP_HAIRLINE_LANDMARK_TEMPLE_POINT, /* side view: the temporal hair's forward peak */
  SMP_HAIRLINE_LANDMARK_SIDEBURN,     /* side view: the sideburn's lower front corner */
  SMP_HAIRLINE_LANDMARK_WHORL,        /* top view: the crown whorl */
} SmpHairlineLandmark;

/* FALSE when the view does not show the landmark. */
gboolean smp_hairline_landmark(const SmpHairline *hairline, SmpHairlineLandmark landmark, double *u,
                               double *v);

/* Head millimetres of a level-0 pixel position, and its inverse: the level-0 pixel position of a
 * point in head millimetres. */
void smp_hairline_head_position(const SmpHairline *hairline, double x, double y, double *u,
                                double *v);
void smp_hairline_image_position(const SmpHairline *hairline, double u, double v, double *x,
                                 double *y);

/* The design line's frontal branch with its undulation but without micro spots: its height above
 * the glabella (front view) or its position ahead of the ear-canal line (top view) at lateral
 * position u (mm). */
double smp_hairline_line_at(const SmpHairline *hairline, double u);

/* How far (mm, along the normal) irregularity can move the 50 % contour from the regular line. */
double smp_hairline_irregularity_reach(const SmpHairlineParams *params);

/* Density across the transition: 0.01 at -width/2, 0.5 at 0, 0.99 at +width/2 along the normal,
 * exactly 0 / 1 a little beyond (compact support). */
double smp_hairline_profile(double distance, double width);

/* Value noise in [-1, 1] with smooth interpolation: a pure function of (seed, stream, position). */
double smp_hairline_noise1(guint32 seed, guint32 stream, double t);
double smp_hairline_noise2(guint32 seed, guint32 stream, double x, double y);

G_END_DECLS
