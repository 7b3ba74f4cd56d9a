/* smp-analyse: finds long hair, stubble (shaved hair-bearing scalp) and bald scalp in a photo of a
 * head, and measures the stubble fringe: its density, dot size and colour.
 *
 * Works on plain R'G'B'A u8 pixels at a known scale. The photo is read at two scales: pixels (the
 * dark and light details narrower than 0.7 mm: stubble dots, strands) and cells of 0.5 mm whose
 * statistics over a 3.5 mm window classify the head: long hair is covered with detail, textured
 * along one direction, or far darker or lighter than the skin around it; stubble carries isolated
 * dots at a follicle density; bald scalp carries neither. The fringe's density is its dots over
 * its area; its dots' size and colour come from the dots the scar analysis's finder (smp-scar.h)
 * picks on tiles spread over it, measured by their footprint in linear light. See
 * docs/photo-analysis.md.
 */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int width, height;
  double px_per_mm;

  /* Soft masks, 0..255 per pixel: long hair, stubble and bald scalp (their sum is the head's
   * coverage; the backdrop and unselected pixels are in none). */
  guint8 *hair, *stubble, *scalp;
  double hair_cm2, stubble_cm2, scalp_cm2; /* areas (mask >= 128), cm² of picture */

  /* The stubble fringe, valid when fringe_found: dots per cm² of picture over its interior (as
   * the ops count them at the same ppi; fringe_dots over fringe_area_cm2), median dot diameter
   * (mm), the dots' own colour and the skin's between them (sRGB 0..1), from the dots found on
   * fringe_tiles tiles; fringe_light_dots when the dots are lighter than the skin (white hair on
   * dark skin). */
  gboolean fringe_found;
  int fringe_dots, fringe_tiles;
  double fringe_area_cm2;
  double fringe_density;
  double fringe_dot_mm;
  float fringe_srgb[3];
  float fringe_skin_srgb[3];
  gboolean fringe_light_dots;
} SmpAnalysis;

/* Analyses `rgba` (width x height, 4 bytes per pixel, rows of 4 * width bytes). `selection` (may
 * be NULL) restricts the analysis to pixels >= 128 in it; pixels with alpha < 128 never count.
 * Never returns NULL; a photo too small for a 3.5 mm window gives empty masks. */
SmpAnalysis *smp_analyse_photo(const guint8 *rgba, const guint8 *selection, int width, int height,
                               double px_per_mm);
/* The same measures of a fringe the user marked: every pixel >= 128 in `sample` is taken for
 * stubble, whatever the classification would make of it (a fringe whose shaved shadow is deep
 * reads as long hair to the classes), and the fringe's density, dot size and colours are measured
 * over the sample's interior. The masks say stubble over the sample. */
SmpAnalysis *smp_analyse_fringe_sample(const guint8 *rgba, const guint8 *sample, int width,
                                       int height, double px_per_mm);
void smp_analysis_free(SmpAnalysis *analysis);

G_END_DECLS
