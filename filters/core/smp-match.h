/* smp-match: new dots that continue the client's own shaved fringe (docs/fringe-matching.md).
 *
 * The fringe's density and dot size come from the photo analysis (smp-analyse.h); this part
 * measures the mean colours a match needs from a photo and solves for the shade: the pigment and
 * dilution whose dots, drawn by the follicle-dots model (smp-dots.h, smp-color.h) at that density
 * and size, bring the skin to be treated to the fringe's mean colour as the eye averages it. Plain
 * C on plain arrays; colours are linear RGB (sRGB primaries), 0..1.
 */
#pragma once
#include <glib.h>

#include "smp-dots.h"

G_BEGIN_DECLS

/* The mean linear colour of the R'G'B'A u8 pixels (rows of 4 * width bytes) where every mask
 * given (`mask_a`, `mask_b`: one byte per pixel, may be NULL) is >= 128 and alpha >= 128. Returns
 * the number of pixels averaged; 0 leaves `linear` at 0. */
gsize smp_match_mean_colour(const guint8 *rgba, const guint8 *mask_a, const guint8 *mask_b,
                            int width, int height, double linear[3]);

/* The mean alpha the dots of `params` lay over the skin, as the op draws them: their alpha plane
 * rendered over a patch of at least 400 impressions (with the op's max() combination of
 * overlapping dots) and averaged. Deterministic for the same parameters. */
double smp_match_dots_alpha(const SmpDotsParams *params);

/* The healed visible dot's diameter per fresh impression diameter in the dots model (the core a
 * healed impression keeps, without the shadow around it; years after treatment widen it): the
 * factor from the fringe's dot size, which healed dots should show, to the impression size. */
double smp_match_healed_size_ratio(const SmpDotsParams *params);

typedef struct {
  double pigment[3]; /* linear RGB of the undiluted pigment, 0..1 */
  double dilution;   /* parts of water per part of pigment, 0..SMP_MATCH_DILUTION_MAX */
  double alpha;      /* the dots' mean alpha (smp_match_dots_alpha) */
  double dot[3];     /* the colour each dot shows (diluted, healed if params->healed) */
  double mean[3];    /* the treated skin's mean colour the shade gives */
  double delta_e;    /* CIEDE2000 between `mean` and the target */
  gboolean reached; /* `mean` within SMP_MATCH_REACHED_DELTA_E of the target; FALSE: the target lies
                       beyond what any pigment gives at this density and size, and `mean` is the
                       nearest the dots get (each channel as near as the pigment's range lets) */
} SmpMatchShade;

#define SMP_MATCH_DILUTION_MAX 40.0
/* A shade is taken for reached when its mean is within this CIEDE2000 of the target. */
#define SMP_MATCH_REACHED_DELTA_E 1.0

/* Solves for the shade: dots of `params` (density, size, jitters, hair mix, appearance, years,
 * as the op would set them; the skin reflectance follows `skin`, as in the op) over skin of colour
 * `skin` should average to `target`. The dilution kept is the one nearest `preferred_dilution` (the
 * presets') for which a pigment exists; the pigment follows. FALSE with an SMP_ERROR naming the
 * problem when an input is out of range or the dots lay no alpha. */
gboolean smp_match_solve_shade(const SmpDotsParams *params, const double skin[3],
                               const double target[3], double preferred_dilution,
                               SmpMatchShade *shade, GError **error);

G_END_DECLS
