/* Shared between the files of the scar analysis (smp-scar-*.c); not part of its interface. */
#pragma once

#include "smp-dot-detect.h"
#include "smp-scar.h"

G_BEGIN_DECLS

/* Scales of the analysis, in millimetres of skin, and counts. */
#define NEAR_DOT_MM 1.0 /* skin "near dots" is certainly skin, not scar */
#define MIN_RING_DOTS 8 /* fewer dots than this measure nothing */

/* Finds the scar tissue in the valid pixels of the analysed area: sets a->scar and
 * a->skin_luma. `dot_d2` holds the squared distance to the nearest dot, exact up to NEAR_DOT_MM. */
void smp_scar_find(SmpScarAnalysis *a, const SmpDotDetection *dots, const guint8 *valid,
                   const float *dot_d2);

G_END_DECLS
