/* smp-correction: what to correct in a photo of existing SMP (docs/correction.md).
 *
 * Works on plain R'G'B'A u8 pixels at a known scale. The dots are found against the dot-free
 * skin level (a grey-level closing wider than a blown-out dot) and measured in linear light: size
 * (diameter of the area at half their peak darkening), darkness (absorbance of their core,
 * 1 - dot / skin, which no exposure changes) and hue (how much more red than blue they absorb).
 * The skin level itself, against a smooth model of the lighting fitted to the bare skin, shows
 * where the dots merged into a solid shade. Each dot and each region of 5 mm is then judged
 * against the shade, size and density that suit the client's hair (the hair type's presets), and
 * the treated area's lower border (the hairline, the forehead at the bottom of the picture)
 * against a natural, irregular line at a natural height.
 *
 * The results become four pictures: where to remove pigment by laser, which dots to lighten with
 * skin-toned pigment, the dots to add, and a preview of the scalp after the correction. */
#pragma once
#include <glib.h>

G_BEGIN_DECLS

/* What suits the client, from the hair type and skin tone the practitioner chose. */
typedef struct {
  double px_per_mm;
  double absorbance;       /* of a healed dot of the right shade: 1 - dot / skin, luminance */
  double black_absorbance; /* of a healed dot of the same pigment undiluted */
  double blueness;         /* of that dot: (A red - A blue) / A, A per channel as above */
  double dot_mm;           /* the hair type's impression size (fresh), mm */
  double density;          /* the hair type's impressions per cm² */
  double glabella_y;       /* px, the point between the brows (below the picture); NAN = unknown */
  float dot_srgb[3];       /* the right shade as the dots to add show it (healed, sRGB) */
} SmpCorrectionParams;

/* The right shade from the presets: `pigment` and `skin` linear RGB, `water` the dilution with
 * the skin tone's offset. Sets absorbance, black_absorbance, blueness and dot_srgb. */
void smp_correction_params_shade(SmpCorrectionParams *params, const double pigment[3],
                                 const double skin[3], double water);

typedef enum {
  SMP_CORRECTION_DOT_OK,
  SMP_CORRECTION_DOT_BLOWN,  /* spread: more than twice the impression size */
  SMP_CORRECTION_DOT_DARK,   /* far darker than the shade that suits the hair */
  SMP_CORRECTION_DOT_BLUE,   /* in a region whose dots are too blue */
  SMP_CORRECTION_DOT_EXCESS, /* one too many in a region that is too dense */
  SMP_CORRECTION_DOT_LOW,    /* below the lowest natural hairline */
  SMP_CORRECTION_DOT_HELMET, /* inside a solid shade */
} SmpCorrectionDotKind;

typedef struct {
  float x, y;        /* centre (darkening-weighted), px */
  float diameter_mm; /* of its half-darkening area */
  float absorbance;  /* of its core */
  float blueness;
  int area_px;
  SmpCorrectionDotKind kind;
} SmpCorrectionDot;

/* Faults, as bits. */
enum {
  SMP_FAULT_HELMET = 1 << 0,
  SMP_FAULT_BLOWN = 1 << 1,
  SMP_FAULT_DARK = 1 << 2,
  SMP_FAULT_BLUE = 1 << 3,
  SMP_FAULT_DENSE = 1 << 4,
  SMP_FAULT_HAIRLINE_LOW = 1 << 5,
  SMP_FAULT_HAIRLINE_STRAIGHT = 1 << 6,
};

#define SMP_CORRECTION_REGION_MM 5.0

typedef struct {
  int n_dots;
  double treated_cm2, density, dot_mm, absorbance, blueness, helmet_fraction;
  guint faults;
} SmpCorrectionRegion;

typedef struct {
  int width, height;
  double px_per_mm;
  SmpCorrectionParams params;

  SmpCorrectionDot *dots;
  int n_dots;
  guint8 *valid;   /* 1 on the pixels analysed (selected, opaque) */
  guint8 *helmet;  /* 1 where the dots merged into a solid shade */
  guint8 *treated; /* 1 over the treated area (dots at a treatment's density, or a solid shade) */
  float *skin_y;   /* the bare skin's typical luminance (linear) under the lighting model */
  float skin_chroma[3]; /* the bare skin's colour / luminance, linear */

  SmpCorrectionRegion *regions; /* regions_x x regions_y of SMP_CORRECTION_REGION_MM */
  int regions_x, regions_y;

  guint faults;
  int n_blown, n_dark, n_blue, n_excess, n_low, n_helmet_dots;
  double treated_cm2, helmet_cm2, density, dot_mm, absorbance, blueness;
  gboolean hairline_found;
  double hairline_rms_mm;    /* deviation of the hairline from a smooth curve */
  double hairline_height_mm; /* its lowest point above the glabella; NAN when unknown */
  double hairline_y;         /* px, its lowest point */
  double hairline_coef[3];   /* y = c0 + c1 x + c2 x² (px) of its smooth curve */
} SmpCorrection;

/* Analyses `rgba` (width x height, 4 bytes per pixel). `selection` (may be NULL) restricts it to
 * pixels >= 128; pixels with alpha < 128 never count. Returns NULL when the scale is not
 * positive or the plane is empty. */
SmpCorrection *smp_correction_analyse(const guint8 *rgba, const guint8 *selection, int width,
                                      int height, const SmpCorrectionParams *params);
void smp_correction_free(SmpCorrection *correction);

/* The pictures (R'G'B'A u8, width x height; any may be NULL): `laser` red where pigment is to be
 * removed, `lighten` skin-toned over the dots to lighten, `add` the dots to add in the right shade
 * (their number in *n_added), `preview` the photo (`rgba`, as analysed) as it would look after
 * the correction. Pixels outside the analysed ones are transparent (the preview: the photo
 * unchanged). */
void smp_correction_render(const SmpCorrection *correction, const guint8 *rgba, guint8 *laser,
                           guint8 *lighten, guint8 *add, guint8 *preview, int *n_added);

/* A plain-text report: what was found, per fault how much and where, and the corrections. */
char *smp_correction_report(const SmpCorrection *correction, int n_added);

G_END_DECLS
