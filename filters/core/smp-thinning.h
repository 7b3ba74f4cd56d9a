/* smp-thinning: the scalp seen through thinning long hair, and where dots go to hide it.
 *
 * On a photo already analysed (smp-analyse.h), every pixel of the long hair and the bald scalp is
 * told apart as strand or skin: its log luminance against the levels of the hair and of the skin
 * around it (0.5 mm cells, 10 mm reach), after a first split of the whole area by Otsu's
 * threshold. The result is a soft mask of the visible scalp and the fraction of the long hair's
 * area it takes. A density map then puts dots only where a whole dot fits on visible scalp, at a
 * density that follows how much scalp shows within 5 mm: the density illusion of female pattern
 * hair loss treatment. See docs/thinning.md.
 */
#pragma once
#include <glib.h>

#include "smp-analyse.h"
#include "smp-match.h"

G_BEGIN_DECLS

typedef struct {
  int width, height;
  double px_per_mm;
  /* Visible scalp, 0..255 per pixel: between the strands of the long hair and on bald scalp. */
  guint8 *visible;
  /* TRUE when strands and skin were told apart (the hair and the skin differ enough in level);
   * otherwise only the bald scalp is visible and scalp_visible is 0. */
  gboolean found;
  /* the long hair's area with the part and bald scalp among it (analysis masks >= 128, away from
   * the head's outline), cm² of picture */
  double hair_cm2;
  double visible_cm2;   /* visible scalp within it, cm² */
  double scalp_visible; /* visible_cm2 / hair_cm2, 0..1 */
  double level_ratio;   /* luminance of the skin over that of the hair around it (>= 1 dark hair) */
  gboolean light_hair;  /* the hair is lighter than the skin */
  /* Mean linear RGB of the visible scalp and of the long hair where it hides the scalp (when
   * found): the skin the dots go on, and the tone they approach. */
  double skin_rgb[3], hair_rgb[3];
} SmpThinning;

/* Finds the scalp visible through the long hair of `rgba` (the photo `analysis` was made of, same
 * size, R'G'B'A u8). Never returns NULL. */
SmpThinning *smp_thinning_find(const guint8 *rgba, const SmpAnalysis *analysis);
void smp_thinning_free(SmpThinning *thinning);

/* The dots of thinning treatment against a hair type's shaved look: larger impressions (3RL-like,
 * for shading) at up to twice the density, for they stand for the shade the hair casts on the
 * scalp rather than for single shaved hairs, laid in up to SMP_THINNING_MAX_SESSIONS sessions, each
 * placing its impressions anew between and over the healed ones of the sessions before; and a shade
 * matched to the client's own hair but lighter: the healed dot shows her hair's colour at
 * SMP_THINNING_LIGHTER times its luminance (docs/thinning.md). */
#define SMP_THINNING_DOT_FACTOR 1.6
#define SMP_THINNING_DENSITY_FACTOR 2.0
#define SMP_THINNING_MAX_SESSIONS 4
#define SMP_THINNING_LIGHTER 1.5

/* The colour (linear RGB) a healed thinning dot shows: her hair's (SmpThinning's hair_rgb) at
 * SMP_THINNING_LIGHTER times its luminance, and never lighter than the skin in any channel. */
void smp_thinning_dot_colour(const SmpThinning *thinning, double dot[3]);

/* The shade (pigment and dilution, smp-match.h) whose dots of `params` (as the op draws them; the
 * skin's reflectance follows the visible scalp's colour) show smp_thinning_dot_colour on the
 * visible scalp, the dilution nearest `preferred_dilution` for which a pigment exists. Where the
 * healed veil of skin keeps the dots from that colour, the nearest, lighter (`reached` FALSE).
 * FALSE with an SMP_ERROR when the dots lay no ink. */
gboolean smp_thinning_shade(const SmpThinning *thinning, const SmpDotsParams *params,
                            double preferred_dilution, SmpMatchShade *shade, GError **error);

/* A dot's centre keeps this share of its ink's farthest reach (smp_dots_reach) from strands: the
 * faint tail of a healed dot's shadow may touch one, its core does not. */
#define SMP_THINNING_CLEARANCE 0.6

/* Dots keep clear of pixels less visible than this (of 255): the soft edges of strands. */
#define SMP_THINNING_CLEAR 230
/* Full density wherever at least this fraction of a 5 mm window shows scalp. */
#define SMP_THINNING_FULL_VISIBILITY 0.5
/* The window over which visibility is read, mm: what the eye averages at conversation distance. */
#define SMP_THINNING_WINDOW_MM 5.0

/* The density map of dots that hide visible scalp, 0..255 per pixel: 0 where a dot centred there
 * would reach within `reach_mm` of a strand (visible < 128), else the fraction of scalp in the
 * 5 mm window around over SMP_THINNING_FULL_VISIBILITY, at most 1. */
void smp_thinning_density(const guint8 *visible, int width, int height, double px_per_mm,
                          double reach_mm, guint8 *density);

/* The open scalp: where at least this share of the 5 mm window is visible scalp. The sessions aim
 * to bring its mean luminance there to the hair's plus this share of the skin's over the hair's
 * (from all of it, 1, before the dots). */
#define SMP_THINNING_OPEN 0.75
#define SMP_THINNING_TARGET 0.4

/* The number of layered sessions (1..SMP_THINNING_MAX_SESSIONS) that brings the open scalp to
 * SMP_THINNING_TARGET, predicted from the density map `density` (smp_thinning_density), one
 * session's mean alpha at full density `alpha` and the healed dot's colour `dot` (SmpMatchShade's
 * alpha and dot): each session covers alpha times the local density, and the sessions, placed
 * independently, layer. The most when even that falls short. `predicted` (may be NULL) gets the
 * open scalp's predicted cover by the sessions chosen. */
int smp_thinning_sessions(const SmpThinning *thinning, const guint8 *density, double alpha,
                          const double dot[3], double *predicted);

G_END_DECLS
