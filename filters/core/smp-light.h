/* smp-light: how much more light the area to treat gets than the fringe sample, from the photo
 * itself (docs/fringe-matching.md, Light).
 *
 * A lamp shades a domed head smoothly; the skin and the fringe each have their own colour. Over
 * 2 mm cells of bare scalp and of the sample's fringe (each kept off the other's edge), the log of
 * the mean luminance is fitted as a class constant (skin, fringe) plus one shading field shared by
 * both: a u + b v + d (u² + v²) in picture position, Lambert's cosine on a sphere to second order
 * (n·l of a sphere seen from above is linear in position plus a term in the squared distance from
 * its top). Its ratio, treated skin over sample, turns the fringe's colour as photographed into the
 * fringe's colour where the dots go. The field is fitted on both sides of the gap it bridges; the
 * fit is refused when bare skin lies too far from the sample, the cells are too few or scattered,
 * or the field fitted over the bare scalp alone disagrees with it; when either shows the light
 * changing by under 6 % towards the sample (the skin's mottle), and the two lie no further apart
 * than the mottle moves them, the light is taken for even (ratio 1). Where the photo shows the
 * whole head, the head model's light (smp-light-head.c) is used instead when the field agrees with
 * it on the light's direction. Plain C on plain arrays.
 */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  gboolean ok;           /* FALSE: no model of the light (ratio 1); `why` says why */
  const char *why;       /* static text, NULL when ok */
  double ratio;          /* the shading over the treated skin / over the sample's fringe: the
                            fitted ratio, or 1 when the light is even or the fit refused */
  double fitted;         /* the fitted ratio (0 when there was no fit) */
  double ratio_se;       /* standard error of ln(fitted) from the fit's residuals */
  double skin_log_ratio; /* ln of the ratio the bare scalp's field alone gives */
  int skin_cells;        /* cells of bare scalp fitted */
  int fringe_cells;      /* cells of the sample's fringe fitted */
  double rms;            /* residual of ln(luminance) over the cells */
  double gap_mm;         /* from the sample's fringe cells to the nearest bare skin cell */
  gboolean head;         /* the light of the head model (a whole silhouette), not the field */
} SmpLight;

/* The light is taken for even when the fit (the field's over the bare scalp alone, carried to the
 * sample, or over both; the head model's) changes the shading by less than this in its log:
 * under an even light the skin's mottle alone moves the field's fits by up to 0.06 (docs/
 * fringe-matching.md, Light). */
#define SMP_LIGHT_EVEN 0.06

/* The shading ratio for `rgba` (R'G'B'A u8, width x height, rows of 4 * width bytes) at
 * `px_per_mm`. One byte per pixel, >= 128 = inside: `skin` the bare scalp (the analysis's),
 * `fringe` the sample's fringe whose colour is matched, `treat` the bare scalp the dots go on (a
 * subset of `skin`'s pixels counts), `head` (may be NULL) the head, the analysis's classes
 * together: where it shows the whole silhouette, the head model's light is used instead of the
 * field (Lambert's cosine and an ambient term on its normals, fitted over the bare scalp). Returns
 * light->ok. */
gboolean smp_light_ratio(const guint8 *rgba, int width, int height, double px_per_mm,
                         const guint8 *skin, const guint8 *fringe, const guint8 *treat,
                         const guint8 *head, SmpLight *light);

G_END_DECLS
