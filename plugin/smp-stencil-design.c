/* The stencil's design layer (plugin/proc-stencil.c): a layer Hairline Layer made before, read
 * from its effects. Its smp:hairline-mask effect gives the design arguments, as the layer holds
 * them now, and its smp:follicle-dots effect the dots' density, sizes and seed.
 */
#include <libgimp/gimp.h>

#include "smp-hairline-args.h"
#include "smp-procedures.h"
#include "smp-stencil-design.h"

#define HAIRLINE_OP "smp:hairline-mask"
#define DOTS_OP "smp:follicle-dots"

/* The drawable's topmost effect running `operation` (owned by libgimp), or NULL. */
GimpDrawableFilter *
smp_stencil_find_filter(GimpDrawable *drawable, const gchar *operation)
{
  GimpDrawableFilter **filters = gimp_drawable_get_filters(drawable);
  GimpDrawableFilter *found = NULL;

  for (gint i = 0; filters && filters[i] && !found; i++) {
    g_autofree gchar *name = gimp_drawable_filter_get_operation_name(filters[i]);
    if (g_strcmp0(name, operation) == 0)
      found = filters[i];
  }
  g_free(filters);
  return found;
}

/* The design arguments take the values of the design layer's smp:hairline-mask effect, so that
 * the stencil shows the design as it is now, edits included. Its scale and place are the
 * design's photo's: the stencil keeps its own ppi and places the design on the page. */
gboolean
smp_stencil_design_to_config(GimpProcedureConfig *config, GimpLayer *design, GError **error)
{
  GimpDrawableFilter *hairline = smp_stencil_find_filter(GIMP_DRAWABLE(design), HAIRLINE_OP);

  if (!hairline) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "design: the layer '%s' holds no %s effect; give a layer that Hairline Layer made "
                "without merging, or none",
                gimp_item_get_name(GIMP_ITEM(design)), HAIRLINE_OP);
    return FALSE;
  }
  smp_hairline_copy_design(G_OBJECT(gimp_drawable_filter_get_config(hairline)), G_OBJECT(config));
  return TRUE;
}

/* The dialog's first design: a selected layer of an open image that holds a hairline effect. */
GimpLayer *
smp_stencil_default_design(void)
{
  GList *images = gimp_list_images();
  GimpLayer *found = NULL;

  for (GList *i = images; i && !found; i = i->next) {
    GList *layers = gimp_image_list_selected_layers(i->data);
    for (GList *l = layers; l && !found; l = l->next)
      if (smp_stencil_find_filter(GIMP_DRAWABLE(l->data), HAIRLINE_OP))
        found = l->data;
    g_list_free(layers);
  }
  g_list_free(images);
  return found;
}

/* In the dialog, choosing a design layer shows its design (and its dots) in the arguments, which
 * stay editable. */
void
smp_stencil_design_changed(GimpProcedureConfig *config, GParamSpec *pspec, gpointer data)
{
  g_autoptr(GimpLayer) design = NULL;

  g_object_get(config, "design", &design, NULL);
  if (design && smp_stencil_design_to_config(config, design, NULL))
    g_object_set(config, "dots", smp_stencil_find_filter(GIMP_DRAWABLE(design), DOTS_OP) != NULL,
                 NULL);
}

/* What a stencil takes from a design's dots: where and how large they are, not how they look
 * (the stencil prints them solid black) nor where they sit in the design's own image. */
static const gchar *const stencil_dot_properties[] = {
    "density",    "coverage",   "dot-size",   "size-jitter", "hair-mix-1",  "hair-mix-2",
    "hair-mix-3", "hair-mix-4", "satellites", "seed",        "graded-zone",
};

void
smp_stencil_copy_dot_properties(GimpDrawableFilter *from, GimpDrawableFilter *to)
{
  GObject *source = G_OBJECT(gimp_drawable_filter_get_config(from));
  GObject *target = G_OBJECT(gimp_drawable_filter_get_config(to));

  for (gsize i = 0; i < G_N_ELEMENTS(stencil_dot_properties); i++) {
    GParamSpec *spec =
        g_object_class_find_property(G_OBJECT_GET_CLASS(source), stencil_dot_properties[i]);
    g_auto(GValue) value = G_VALUE_INIT;
    if (!spec || !g_object_class_find_property(G_OBJECT_GET_CLASS(target), spec->name))
      continue;
    g_value_init(&value, spec->value_type);
    g_object_get_property(source, spec->name, &value);
    g_object_set_property(target, spec->name, &value);
  }
}
