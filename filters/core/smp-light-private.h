/* smp-light's parts shared between its files: the cells of a photo and the head model's light. */
#pragma once
#include "smp-light.h"

G_BEGIN_DECLS

/* The least-squares systems' largest size: two class constants and three terms of the field. */
#define MAX_TERMS 5
/* The head model's light is refused when the bare scalp's cells scatter around it by more than
 * this share of their mean luminance. */
#define HEAD_RMS_MAX 0.12

/* The picture in square cells of `side` pixels: per cell, the pixels of bare skin and of the
 * sample's fringe, the sums of their linear luminance, and the skin cells the fit uses. */
typedef struct {
  int gw, gh, side;
  int *n_skin, *n_fringe;
  double *y_skin, *y_fringe;
  guint8 *skin_used;
} Cells;

/* Solves the k x k system m z = b (Gaussian elimination, partial pivoting); FALSE if singular. */
gboolean smp_light_solve(double m[MAX_TERMS][MAX_TERMS], const double *b, int k, double *z);

/* ambient + max(l·n, 0) for coef = (ambient, l) and unit normal n. */
double smp_light_lambert(const double coef[4], const double n[3]);

/* The light from the head model (smp-light-head.c): when `head` (the head's mask, one byte per
 * pixel) shows a whole silhouette the model follows, Lambert's cosine and an ambient term, with
 * the darkening towards the silhouette, fitted over the bare skin cells the field uses
 * (g->skin_used) on the model's normals; sets light->head, ->rms and ->fitted (mean over `treat` /
 * over `fringe`) and returns TRUE. FALSE: no head model. */
gboolean smp_light_head(const Cells *g, const guint8 *head, int width, int height, double px_per_mm,
                        const guint8 *treat, const guint8 *fringe, SmpLight *light);

G_END_DECLS
