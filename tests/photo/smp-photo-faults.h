/* smp-photo-faults: close-up photos of old SMP with planted faults and their ground truth,
 * deterministic by seed (docs/test-photos.md, "Old SMP with faults"; the faults:
 * docs/correction.md).
 *
 * A patch of scalp seen from the front and a little above, the forehead at the bottom: skin of a
 * Monk tone with mottling and pores under a soft light, healed SMP dots on a jittered hexagonal
 * lattice above a hairline (natural, or straight and hard), and the faults a correction deals
 * with: blown-out dots (spread, soft, larger and lighter at the core), dots far too dark for the
 * shade, solid-shade patches where the dots merged ("helmet look"), a patch of dots far too
 * dense, a blue cast over the whole treatment and a hairline placed too low above the glabella.
 * The camera blurs by 0.6 px, adds sensor noise and rounds to 8 bits. Each dot is listed with its
 * kind; the patches come as masks. */
#pragma once
#include <glib.h>

#include "smp-correction.h"

G_BEGIN_DECLS

typedef enum {
  SMP_FAULTS_HAIRLINE_NONE,     /* the treatment fills the picture */
  SMP_FAULTS_HAIRLINE_NATURAL,  /* irregular, with a soft zone of thinning dots */
  SMP_FAULTS_HAIRLINE_STRAIGHT, /* a ruler-straight, hard edge */
} SmpFaultsHairline;

typedef struct {
  int width, height;
  double ppi;
  int monk;              /* skin tone, Monk 1..10 */
  float pigment_srgb[3]; /* the treatment's pigment, undiluted */
  double water;          /* parts of water per part of pigment of the right shade */
  double density;        /* dots per cm² */
  double dot_mm;         /* mean healed dot diameter */
  double blown_fraction; /* share of the dots outside the patches planted blown out */
  double dark_fraction;  /* share planted undiluted (far too dark) */
  int n_helmets;         /* solid-shade patches, 0..3 */
  gboolean dense_patch;  /* one patch at 2.5 x the density */
  gboolean too_blue;     /* the whole treatment has a blue cast */
  SmpFaultsHairline hairline;
  double hairline_y_mm;      /* the hairline's mean height from the picture's top */
  double hairline_height_mm; /* ... and its lowest point's height above the glabella */
  double noise;              /* sensor noise, sRGB sigma */
  guint32 seed;
} SmpFaultsSpec;

/* 50 x 40 mm at 600 ppi, Monk 4, pigment #14110f at 11 parts of water (dark-brown hair on
 * Monk 4 as the presets shade it), 120 dots per cm² of 0.25 mm, 6 % blown out, 6 % too dark, one
 * helmet patch, a natural hairline 30 mm from the top and 80 mm above the glabella, noise 0.01,
 * seed 1. */
void smp_faults_spec_init(SmpFaultsSpec *spec);

typedef enum {
  SMP_FAULTS_DOT_NORMAL,
  SMP_FAULTS_DOT_BLOWN, /* spread: a soft dot 0.6-1.0 mm across */
  SMP_FAULTS_DOT_DARK,  /* undiluted pigment */
} SmpFaultsDotKind;

typedef struct {
  float x, y;        /* centre, px */
  float diameter_mm; /* of its core (blown-out dots: of the spread ink) */
  SmpFaultsDotKind kind;
  gboolean in_helmet; /* drawn inside a solid-shade patch */
} SmpFaultsDot;

typedef struct {
  int width, height;
  float *rgba;    /* R'G'B'A float (sRGB), alpha 1 */
  guint8 *helmet; /* 1 inside the solid-shade patches */
  guint8 *dense;  /* 1 inside the dense patch */
  SmpFaultsDot *dots;
  int n_dots;
  double glabella_y;      /* px (below the picture) */
  double hairline_rms_mm; /* the hairline's deviation from its mean line (0 without one) */
} SmpFaultsPhoto;

SmpFaultsPhoto *smp_faults_render(const SmpFaultsSpec *spec);
void smp_faults_free(SmpFaultsPhoto *photo);

/* The correction parameters the plug-in would pass for this photo: the shade of its own pigment
 * and water on its skin tone, dark-brown's impressions (0.25 mm, 165 per cm²), its glabella. */
void smp_faults_correction_params(const SmpFaultsSpec *spec, const SmpFaultsPhoto *photo,
                                  SmpCorrectionParams *p);

G_END_DECLS
