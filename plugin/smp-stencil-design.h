/* The stencil's design layer, read from its effects (plugin/smp-stencil-design.c). */
#ifndef SMP_STENCIL_DESIGN_H
#define SMP_STENCIL_DESIGN_H

#include <libgimp/gimp.h>

#include "smp-hairline.h"

G_BEGIN_DECLS

/* The drawable's topmost effect running `operation` (owned by libgimp), or NULL. */
GimpDrawableFilter *smp_stencil_find_filter(GimpDrawable *drawable, const gchar *operation);

/* Copies the design layer's smp:hairline-mask design into the design arguments; FALSE with
 * `error` set, naming the layer, when it holds none. */
gboolean smp_stencil_design_to_config(GimpProcedureConfig *config, GimpLayer *design,
                                      GError **error);

/* Whether the layer holds a design: a hairline effect, or the design Hairline Layer made it with
 * (its record, kept when the effect is baked). */
gboolean smp_stencil_has_design(GimpLayer *layer);

/* Refuses client-hair (may be NULL: nothing to check) without a design layer to place it by, from
 * another image than the design layer's, or with a template stage in `params`, naming it. */
gboolean smp_stencil_check_client_hair(GimpDrawable *client_hair, GimpLayer *design,
                                       const SmpHairlineParams *params, GError **error);

/* Takes the client's hair out of `area`, a layer of the stencil whose design is `page` (origin in
 * its pixels, its ppi and angle), its effects baked first: `client_hair` eased on its photo (as
 * Hairline Layer eases it) and carried onto the page so that the design layer's design lies on
 * the page's (docs/fringe-matching.md, The client's hair). FALSE with `error` set on a failure. */
gboolean smp_stencil_subtract_client_hair(GimpDrawable *area, GimpDrawable *client_hair,
                                          GimpLayer *design, const SmpHairlineParams *page,
                                          GError **error);

/* A selected layer of an open image holding a hairline effect (not referenced), or NULL. */
GimpLayer *smp_stencil_default_design(void);

/* "notify::design" handler: the chosen layer's design and dots shown in the arguments. */
void smp_stencil_design_changed(GimpProcedureConfig *config, GParamSpec *pspec, gpointer data);

/* Copies where and how large the dots are (not how they look) from one smp:follicle-dots
 * effect to another. */
void smp_stencil_copy_dot_properties(GimpDrawableFilter *from, GimpDrawableFilter *to);

G_END_DECLS

#endif
