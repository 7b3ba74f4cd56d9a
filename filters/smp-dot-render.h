/* smp-dot-render: the one drawing and compositing path of the dot ops (smp:follicle-dots,
 * smp:scar-camouflage).
 *
 * The dots' coverage is splatted into an alpha plane per chunk, in parallel over the region.
 * Over the input, the ops composite in premultiplied linear float ("RaGaBaA float" in the input's
 * colour space, as GEGL's vignette.c does), where "over" is one multiply-add per channel; a chunk
 * that no dot touches is the input unchanged, copied without arithmetic. A layer of dots alone
 * composites nothing: it is written as colour and coverage ("RGBA float"), which keeps the colour
 * in its transparent pixels and converts to 8-bit without a division. */
#pragma once

#include <gegl.h>
#include <gegl-plugin.h>

#include "smp-dots.h"

G_BEGIN_DECLS

typedef enum {
  SMP_DOT_RENDER_LAYER,   /* the dots on transparent */
  SMP_DOT_RENDER_OVER,    /* the dots over the input */
  SMP_DOT_RENDER_STENCIL, /* the dots' coverage in black on opaque white */
} SmpDotRenderMode;

/* What to draw: the dots, and their colour as linear RGB in the input's space, with a factor on
 * every dot's alpha (the result is clamped to 1). */
typedef struct {
  const SmpDot *dots;
  gsize n_dots;
  float colour[3];
  float opacity;
  SmpDotRenderMode mode;
} SmpDotRender;

/* Sets the pads' format for `mode`, in the input's colour space: premultiplied over an input
 * that is connected, colour and coverage otherwise. */
void smp_dot_render_prepare(GeglOperation *operation, SmpDotRenderMode mode);

/* Draws `roi` of `output` at mipmap `level`; `input` is read only in SMP_DOT_RENDER_OVER mode
 * (without it, the dots are drawn on transparent). */
void smp_dot_render(GeglOperation *operation, const SmpDotRender *render, GeglBuffer *input,
                    GeglBuffer *output, const GeglRectangle *roi, int level);

G_END_DECLS
