/* smp-correction's parts shared between its files. */
#pragma once
#include "smp-correction.h"

G_BEGIN_DECLS

/* The planes of one analysis. */
typedef struct {
  guint8 *valid;   /* selected and opaque */
  float *luma;     /* linear luminance */
  float *smooth;   /* luma, lightly blurred */
  float *skin;     /* the dot-free skin level: closing of smooth */
  float *contrast; /* 1 - smooth / skin: the absorbance of what lies on the skin */
  float dot_t;     /* contrast of dot pixels */
} Work;

/* Linear value of an 8-bit sRGB value. */
float smp_correction_linear(guint8 v);
/* (A red - A blue) / A luminance of per-channel absorbances. */
double smp_correction_blueness(const double absorbance[3]);

/* smp-correction-dots.c */
void smp_correction_find_dots(SmpCorrection *c, const Work *wk, const guint8 *rgba, double peak_mm);
/* Per region of SMP_CORRECTION_REGION_MM: its pixels of solid shade and of treated area. */
void smp_correction_judge_regions(SmpCorrection *c, const gsize *helmet_px,
                                  const gsize *treated_px);
/* The hairline from its lowest dots (xs, edge: px) in n strips. */
void smp_correction_hairline_fit(SmpCorrection *c, const float *edge, const float *xs, int n);
void smp_correction_totals(SmpCorrection *c);

/* Thresholds (docs/correction.md). */
#define SMP_CORRECTION_BLOWN_FACTOR 2.0 /* blown out: wider than twice the impression size */
#define SMP_CORRECTION_DARK_SHARE 0.35  /* too dark: past a third of the way to undiluted */
#define SMP_CORRECTION_BLUE_EXCESS 0.3  /* too blue: bluer than the right shade by this much */
#define SMP_CORRECTION_DENSE_FACTOR 1.3 /* too dense: above the hair type's density by this */
#define SMP_CORRECTION_STRAIGHT_MM 0.4  /* too straight: closer than this to a smooth curve */
#define SMP_CORRECTION_LOW_MM 70.0      /* too low: nearer the glabella than this */

/* smp-correction.c */
double smp_correction_dark_threshold(const SmpCorrectionParams *p);
void smp_correction_judge(SmpCorrection *c);

G_END_DECLS
