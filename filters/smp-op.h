/* smp-op: what every smp op shares, whatever it draws. */
#pragma once

#include <gegl.h>
#include <gegl-plugin.h>

G_BEGIN_DECLS

/* The end of an op's finalize: frees the GeglRandom that gegl-op.h allocates for a seed property
 * (`&o->rand`) but whose destroy notify does not free (GEGL 0.4.62: without this every instance of
 * an op with a seed leaks it), then chains up to `parent_class`. */
void smp_op_finalize(GObject *object, GeglRandom **rand, GObjectClass *parent_class);

/* The keys of an op (the end of its class_init): its name, title and description, the GIMP menu
 * item `menu_label` in the smp-studio menu (plugin/smp-procedures.h, SMP_MENU_PATH), the "render"
 * category, position-dependent output (docs/gimp-gegl-notes.md, Menus and op metadata) and the
 * "GPL3+" license. */
void smp_op_set_keys(GeglOperationClass *klass, const gchar *name, const gchar *title,
                     const gchar *menu_label, const gchar *description);

G_END_DECLS
