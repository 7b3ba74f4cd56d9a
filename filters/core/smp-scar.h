/* smp-scar: scar-camouflage analysis on plain float planes.
 *
 * The files: smp-scar-analyse.c (the analysis and the measurement around the scar),
 * smp-scar-find.c (where the scar is), smp-scar-place.c (where new dots go); the dots in the photo
 * are found by smp-dot-detect.c.
 *
 * Given the luminance of a scalp photo (the area the camouflage is applied to), finds the scar
 * tissue (hypopigmented scars are lighter and smoother than the skin around them), finds the
 * existing dots (SMP impressions or stubble: small dark blobs), measures their density, size and
 * darkness in a ring around the scar, and decides which candidate follicular units of a fill
 * pattern become new dots: kept at the density fraction of the feather band, moved into the gaps
 * between existing dots, never drawn on top of one.
 *
 * Coordinates are pixels of the analysed plane; pixel (x, y) covers [x, x+1) x [y, y+1).
 */
#pragma once

#include "smp-dot-detect.h"
#include "smp-dots.h"

#include <glib.h>

G_BEGIN_DECLS

/* The largest area in pixels the analysis takes (it holds about 45 bytes a pixel: about 3 GB at
 * the limit). smp:scar-camouflage leaves larger areas unchanged; plug-in-smp-scar-camouflage
 * refuses them. */
#define SMP_SCAR_MAX_AREA_PIXELS (64 * 1024 * 1024)

typedef enum {
  SMP_SCAR_DETECT_AUTO,      /* scar = lighter, smoother tissue found inside the area */
  SMP_SCAR_DETECT_WHOLE_AREA /* the whole area is scar */
} SmpScarDetect;

typedef struct {
  double px_per_mm;     /* resolution of the analysed plane */
  SmpScarDetect detect; /* how the scar is found */
  double feather_mm;    /* width of the blending band outside the scar */
} SmpScarSettings;

typedef struct {
  int width, height;
  double px_per_mm;
  SmpScarDetect detect;

  /* Scar tissue: 1 inside. scar_dist is the distance (px) from each pixel's centre to the nearest
   * scar pixel centre, 0 inside the scar. */
  guint8 *scar;
  float *scar_dist;
  gsize scar_pixels;

  /* Every existing dot found in the area (smp-dot-detect.h); dot_in_ring[k] is 1 for the dots
   * counted in the surroundings measurement. */
  SmpFoundDot *dots;
  int n_dots;
  guint8 *dot_in_ring;

  /* Measurement of the surroundings: the ring from 0.3 mm to 8 mm (or the feather, if wider)
   * outside the scar (whole-area mode: the whole area), restricted to the part that carries dots
   * (within a typical neighbour distance of one). dots_found is FALSE when fewer than 8 dots were
   * found there; the measured values are then 0. */
  double ring_area_mm2;
  int ring_dots;
  gboolean dots_found;
  double density;             /* FU/cm² */
  double dot_diameter_mm;     /* median equivalent diameter */
  double dot_contrast;        /* median peak darkening, luma */
  double dot_diameter_spread; /* relative robust standard deviations of the two */
  double dot_contrast_spread;
  double skin_luma; /* skin level around the scar */

  /* Colours of the surroundings, valid after smp_scar_sample_colours () with colours_found. */
  gboolean colours_found;
  float skin_rgb[3]; /* mean colour of dot-free skin in the ring */
  float dot_rgb[3];  /* median colour of the dots' darkest pixels */

  /* Rows [ring_y0, ring_y1) hold every pixel smp_scar_sample_colours () reads: the others need
   * not be fed to it. */
  int ring_y0, ring_y1;

  /* internal: per-pixel ring skin mask and colour accumulators */
  guint8 *ring_skin;
  double skin_sum[3];
  gsize skin_count;
  float *dot_core_rgb;
} SmpScarAnalysis;

/* Analyses a luminance plane (perceptual luma, 0..1, row-major, width x height). `alpha` (may be
 * NULL) marks pixels that belong to the photo (>= 0.5); transparent pixels are neither scar nor
 * skin. Never returns NULL; a 0-sized plane gives an analysis without scar and dots. */
SmpScarAnalysis *smp_scar_analyse(const float *luma, const float *alpha, int width, int height,
                                  const SmpScarSettings *settings);

/* Feeds rows [y0, y0 + n_rows) of the photo as RGBA float (4 floats per pixel, width per row)
 * to collect the colours of the skin and of the dots in the ring; call once for every row in
 * [ring_y0, ring_y1) (other rows are ignored), in any order, then smp_scar_finish_colours (). */
void smp_scar_sample_colours(SmpScarAnalysis *analysis, const float *rgba, int y0, int n_rows);
void smp_scar_finish_colours(SmpScarAnalysis *analysis);

void smp_scar_analysis_free(SmpScarAnalysis *analysis);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(SmpScarAnalysis, smp_scar_analysis_free)

/* Density fraction of new dots at a point (px): 1 inside the scar, falling smoothly to 0 at
 * `band_px` outside it (0 everywhere when the analysis has no scar). The fill pattern keeps or
 * drops each follicular unit by this fraction at its centre. */
double smp_scar_feather_weight(const SmpScarAnalysis *analysis, double x, double y, double band_px);

/* A follicular unit the fill pattern kept. */
typedef struct {
  double x, y;   /* centre, px; moved in place when it has to go into a gap */
  double radius; /* radius of the dot's drawn footprint, px (soft edge included) */
} SmpScarCandidate;

typedef struct {
  double spacing_px; /* FU spacing of the fill density, d = 10.7 / sqrt(N) mm */
  double band_px;    /* feather band width outside the scar; no footprint reaches beyond it */
} SmpScarPlacement;

/* Decides which candidates become new dots, in a deterministic order (by position, whatever the
 * order of the array). Distances are in fill spacings d. Inside the scar a new dot moves to 0.45 d
 * from existing dots where it can and is dropped if closer than 0.25 d; outside the scar (and in
 * whole-area mode everywhere) it is kept only in a gap of the existing pattern, 0.7 d from every
 * dot. New dots keep 0.5 d from each other where they can, never less than 0.3 d; footprints
 * never overlap. A dot moves at most 0.5 d and never across the scar's edge (its density was
 * decided on its side); its footprint stays inside the area and the feather band. keep[i]
 * receives the decision; returns the number kept. */
gsize smp_scar_place(const SmpScarAnalysis *analysis, const SmpScarPlacement *placement,
                     SmpScarCandidate *candidates, gsize n_candidates, gboolean *keep);

/* ---------------------------------------------------------------------------------------------
 * The new dots: the follicle-dot engine (smp-dots.h) matched to the dots around the scar
 * (smp-scar-fill.c)
 */

/* Robust statistics of the engine's dots for some parameters, measured on a sample of its own
 * pattern, so that matching needs no knowledge of its hair mix or jitter model. */
typedef struct {
  double size_factor; /* median diameter / dot-size */
  double opacity;     /* median peak alpha */
  double size_spread; /* relative robust standard deviations */
  double opacity_spread;
} SmpDotsStats;

void smp_dots_measure(const SmpDotsParams *params, SmpDotsStats *stats);

/* Makes the engine's dots vary like the existing ones: one hair class, with the size and darkness
 * jitter that reproduce the measured spreads. Needs a->dots_found. */
void smp_scar_match_spread(const SmpScarAnalysis *analysis, SmpDotsParams *params);

/* Converts n RGB pixels (3 floats each, linear, in the photo's colour space) to perceptual luma. */
typedef void (*SmpLumaFunc)(gpointer user_data, const float *rgb, float *luma, gsize n);

/* The dot size at which the engine's dots, drawn at `opacity` in the measured colours over the
 * measured skin, measure like the existing ones. Needs a->colours_found. */
double smp_scar_calibrate_dot_size(const SmpScarAnalysis *analysis, const SmpDotsParams *params,
                                   int level, double opacity, SmpLumaFunc luma, gpointer luma_data);

/* Appends to `dots` (SmpDot, pixels of the layout's level) the new dots of the fill pattern over
 * the analysed area, whose pixel (0, 0) is (x0, y0) at that level: each follicular unit kept at
 * the feather weight of its centre (band `band_px`), then moved between the existing dots or
 * dropped (smp_scar_place ()). Returns the number of new dots. */
gsize smp_scar_fill(const SmpScarAnalysis *analysis, const SmpDotsLayout *layout, int x0, int y0,
                    double band_px, GArray *dots);

G_END_DECLS
