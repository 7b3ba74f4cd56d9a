/* The stencil's design layer, read from its effects (plugin/smp-stencil-design.c). */
#ifndef SMP_STENCIL_DESIGN_H
#define SMP_STENCIL_DESIGN_H

#include <libgimp/gimp.h>

G_BEGIN_DECLS

/* The drawable's topmost effect running `operation` (owned by libgimp), or NULL. */
GimpDrawableFilter *smp_stencil_find_filter(GimpDrawable *drawable, const gchar *operation);

/* Copies the design layer's smp:hairline-mask design into the design arguments; FALSE with
 * `error` set, naming the layer, when it holds none. */
gboolean smp_stencil_design_to_config(GimpProcedureConfig *config, GimpLayer *design,
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
