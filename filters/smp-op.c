/* smp-op: what every smp op shares (smp-op.h). */
#include "smp-op.h"

void
smp_op_finalize(GObject *object, GeglRandom **rand, GObjectClass *parent_class)
{
  g_clear_pointer(rand, gegl_random_free);
  parent_class->finalize(object);
}

void
smp_op_set_keys(GeglOperationClass *klass, const gchar *name, const gchar *title,
                const gchar *menu_label, const gchar *description)
{
  gegl_operation_class_set_keys(klass, "name", name, "title", title, "categories", "render",
                                "position-dependent", "true", "license", "GPL3+", "gimp:menu-path",
                                "<Image>/Filters/Render/Scalp Micropigmentation", "gimp:menu-label",
                                menu_label, "description", description, NULL);
}
