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

/* For an op's GeglOperationClass process(): where it draws nothing over its input, makes the
 * input the output, untouched (as GEGL's cubism.c does). Returns FALSE, doing nothing, when no
 * input is connected; the op then chains up. */
gboolean smp_dot_render_pass_through(GeglOperation *operation, GeglOperationContext *context);

/* The end of a dot op's GeglOperation process(): the input itself as the output where
 * `untouched` (the op draws nothing over it) and an input is connected, otherwise the filter's
 * process() through the op's parent class. */
gboolean smp_dot_render_operation_process(GeglOperation *operation, GeglOperationContext *context,
                                          const gchar *output_pad, const GeglRectangle *result,
                                          gboolean untouched);

/* What the class of every dot op sets beside its own vfuncs: GEGL's thread split is off, since a
 * dot op's process() spreads the drawing over threads itself after planning the dots once per
 * request (and the filter base class must not split a request whose input is not connected). */
void smp_dot_render_class_init(GeglOperationClass *operation_class);

/* Draws `roi` of `output` at mipmap `level`; `input` is read only in SMP_DOT_RENDER_OVER mode
 * (without it, the dots are drawn on transparent). */
void smp_dot_render(GeglOperation *operation, const SmpDotRender *render, GeglBuffer *input,
                    GeglBuffer *output, const GeglRectangle *roi, int level);

G_END_DECLS
