/* Follicle dots: which follicular units (FU) exist where, what each one looks like, and how its
 * dot is drawn. Plain C on plain arrays; positions are pixels at a mipmap level, sizes millimetres.
 *
 * Placement: the blue-noise table (smp-bluenoise.h) tiled over the plane with a tile side of
 * sqrt(SMP_BLUENOISE_COUNT / density), so that the full set has the requested density. An FU is
 * kept when its progressive rank is below coverage x local density fraction, which makes lower
 * coverages nested subsets of higher ones and lets a density map thin the pattern smoothly; the
 * fraction is read at the FU centre, so a dot is either drawn whole or not at all. Every per-FU
 * attribute is a hash of (seed, FU identity) and, in a graded hairline zone, of that fraction,
 * independent of the query that found it.
 *
 * On the skin (a layout given a head surface): units are uniform per skin area and each dot is a
 * disc on the skin seen foreshortened. The blue noise tiles the head's skin coordinates, which do
 * not depend on the view (smp-head.h: the dome's equal-area map and the straight sides' arc length
 * and height), so it is uniform on the skin itself, and every view shows the same units. */
#pragma once
#include "smp-head.h"

#include <glib.h>

#include "smp-color.h"
#include "smp-error.h"

G_BEGIN_DECLS

#define SMP_DOTS_MAX_HAIRS 4

typedef struct {
  double ppi;                          /* pixels per inch at level 0 */
  double density;                      /* impressions per cm² at full coverage */
  double coverage;                     /* 0..1: the fraction of the full-density FUs present */
  double dot_size;                     /* mm, mean fresh dot diameter over the hair mix */
  double size_jitter;                  /* 0..1: relative spread of dot diameters */
  double opacity_jitter;               /* 0..1: relative spread of dot darkness */
  double hair_mix[SMP_DOTS_MAX_HAIRS]; /* relative weights of 1..4-hair units */
  double satellites;     /* 0..1: chance that a 3- or 4-hair unit shows 1-2 satellite micro-dots */
  double anisotropy;     /* 0..1: elongation along the hair direction (aspect 1 + 0.5 x this) */
  double hair_direction; /* degrees, counter-clockwise from +x with y pointing up on screen */
  double whorl_x, whorl_y; /* crown whorl centre, level-0 pixels */
  double whorl_radius;     /* mm; 0 = no whorl */
  gboolean whorl_clockwise;
  gboolean healed;         /* healed appearance instead of fresh pigment */
  double years;            /* healed appearance this many years after treatment, 0..SMP_YEARS_MAX */
  double skin_reflectance; /* 0..1, luminance of the skin: sets how far healed dots darken it */
  gboolean opaque;         /* every dot at full opacity, e.g. for a printed stencil */
  gboolean graded; /* hairline zone: where a density map thins the units, their hair count and
                      size follow its local fraction (single-hair and smaller at the front) */
  guint32 seed;
} SmpDotsParams;

/* Fills in the defaults of the op's properties, but `graded` off: the op turns it on by default,
 * other users of the core (scar camouflage's feathered fill) opt in. */
void smp_dots_params_init(SmpDotsParams *params);

/* One drawable dot, in pixels at the render level. */
typedef struct {
  float x, y;           /* centre */
  float radius;         /* area-equivalent radius */
  float opacity;        /* peak alpha, 0..1 */
  float axis_x, axis_y; /* unit vector of the long axis */
  float aspect;         /* long / short axis, >= 1 */
  float softness;       /* Gaussian edge sigma; 0 = crisp, anti-aliased over one pixel */
  gboolean shadow;      /* a round Gaussian of sigma `softness` and peak `opacity`, no disc: the
                           shadow a healed dermal deposit casts around itself */
} SmpDot;

/* Local density fraction (0..1) at a pixel position of the render level. */
typedef double (*SmpDotsDensityFunc)(gpointer user_data, double x, double y);

/* Derived per-render constants. */
typedef struct {
  SmpDotsParams params;
  int level;
  double px_per_mm;                        /* at the render level */
  double tile_px;                          /* torus side in pixels at the render level */
  double hair_size[SMP_DOTS_MAX_HAIRS];    /* diameter factor per hair count, mean 1 over the mix */
  double hair_opacity[SMP_DOTS_MAX_HAIRS]; /* peak alpha per hair count */
  double hair_cumulative[SMP_DOTS_MAX_HAIRS]; /* cumulative normalised mix */
  double direction_x, direction_y;            /* hair direction, image axes (y down) */
  guint32 rank_limit;
  gboolean empty;
  SmpAgeing ageing;       /* healed dots: their ageing after params.years */
  double buildup;         /* healed dots: smp_color_buildup(params.skin_reflectance) */
  const SmpHead *surface; /* NULL: units uniform on the picture plane */
} SmpDotsLayout;

/* Returns FALSE and sets `error` when a parameter is out of range (the op's property ranges keep
 * them in range; this guards direct users of the core). */
gboolean smp_dots_layout_init(SmpDotsLayout *layout, const SmpDotsParams *params, int level,
                              GError **error);

/* The expected fraction of the plane a layout's dots darken at full strength (their alpha summed
 * over the plane per unit area, overlaps counted once on average): what the eye averages from a
 * distance. Uniform density, no density map. */
double smp_dots_mean_alpha(const SmpDotsLayout *layout);
/* Places units uniformly on the skin of `head` (which must outlive the layout's use; its ppi is the
 * layout's) instead of on the picture plane; NULL for the plane. */
void smp_dots_layout_set_surface(SmpDotsLayout *layout, const SmpHead *head);

/* How far (in pixels at the render level) a dot's ink can reach from its FU centre. */
double smp_dots_reach(const SmpDotsLayout *layout);

/* Appends to `dots` (an array of SmpDot) every dot whose FU centre lies in [x0, x1) x [y0, y1)
 * (pixels at the render level), including satellites. `density` may be NULL for uniform density.
 * Returns the number of FUs kept. */
gsize smp_dots_gather(const SmpDotsLayout *layout, double x0, double y0, double x1, double y1,
                      SmpDotsDensityFunc density, gpointer density_data, GArray *dots);

/* Draws `dot` into an alpha plane covering pixels [x0, x0 + width) x [y0, y0 + height) at the
 * render level (row stride in floats), combining with max(): the result does not depend on the
 * order in which overlapping dots are drawn. */
void smp_dot_splat(const SmpDot *dot, float *alpha, int stride, int x0, int y0, int width,
                   int height);

/* Bins dots by the cells of a grid over a region so that a sub-rectangle can find the dots that
 * touch it quickly. Cells are `cell` pixels square, origin at (x0, y0). */
typedef struct {
  int x0, y0, cell, cols, rows;
  guint32 *start; /* cols*rows + 1 offsets into index */
  guint32 *index; /* dot indices */
} SmpDotBins;

void smp_dot_bins_build(SmpDotBins *bins, const SmpDot *dots, gsize n_dots, int x0, int y0,
                        int width, int height, int cell);
void smp_dot_bins_clear(SmpDotBins *bins);

/* Draws every binned dot touching [x, x + width) x [y, y + height) into `alpha` (which covers
 * exactly that rectangle, row stride `stride`). Each dot is drawn once even if it spans cells. */
void smp_dot_bins_splat(const SmpDotBins *bins, const SmpDot *dots, float *alpha, int stride, int x,
                        int y, int width, int height);

G_END_DECLS
