/* The stencil's design layer (plugin/proc-stencil.c): a layer Hairline Layer made before, read
 * from its effects. Its smp:hairline-mask effect gives the design arguments, as the layer holds
 * them now (or, once baked, the design it was made with, which the layer keeps), and its
 * smp:follicle-dots effect the dots' density, sizes and seed. The design also places the photo
 * it was drawn on, so the client's hair on that photo is taken onto the stencil.
 */
#include <math.h>

#include <libgimp/gimp.h>

#include "smp-hairline-args.h"
#include "smp-match-args.h"
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
  SmpHairlineParams made;

  if (hairline) {
    smp_hairline_copy_design(G_OBJECT(gimp_drawable_filter_get_config(hairline)), G_OBJECT(config));
  } else if (smp_hairline_record_read(design, &made)) {
    smp_hairline_params_to_object(&made, G_OBJECT(config));
  } else {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "design: the layer '%s' holds no %s effect nor the design Hairline Layer made it "
                "with; give a layer that Hairline Layer made, or none",
                gimp_item_get_name(GIMP_ITEM(design)), HAIRLINE_OP);
    return FALSE;
  }
  return TRUE;
}

gboolean
smp_stencil_has_design(GimpLayer *layer)
{
  SmpHairlineParams made;

  return smp_stencil_find_filter(GIMP_DRAWABLE(layer), HAIRLINE_OP) ||
         smp_hairline_record_read(layer, &made);
}

/* Where the design sits on its photo: the origin in image pixels, the scale and the turn, from
 * the effect (as it is now) or the record. FALSE when the layer holds neither. */
static gboolean
design_place(GimpLayer *design, SmpHairlineParams *place)
{
  GimpDrawableFilter *hairline = smp_stencil_find_filter(GIMP_DRAWABLE(design), HAIRLINE_OP);
  gint x, y;

  smp_hairline_params_init(place);
  if (hairline)
    g_object_get(gimp_drawable_filter_get_config(hairline), "origin-x", &place->origin_x,
                 "origin-y", &place->origin_y, "ppi", &place->ppi, "angle", &place->angle, NULL);
  else if (!smp_hairline_record_read(design, place))
    return FALSE;
  gimp_drawable_get_offsets(GIMP_DRAWABLE(design), &x, &y);
  place->origin_x += x;
  place->origin_y += y;
  return place->ppi > 0.0;
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
      if (smp_stencil_has_design(l->data))
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

gboolean
smp_stencil_check_client_hair(GimpDrawable *client_hair, GimpLayer *design,
                              const SmpHairlineParams *params, GError **error)
{
  if (!client_hair)
    return TRUE;
  if (!design) {
    g_set_error_literal(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                        "client-hair: the stencil places the client's hair by the design drawn on "
                        "the same photo; give 'design', the layer Hairline Layer made on that "
                        "photo");
    return FALSE;
  }
  if (gimp_item_get_image(GIMP_ITEM(client_hair)) != gimp_item_get_image(GIMP_ITEM(design))) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "client-hair: '%s' does not belong to the photo the design layer '%s' was drawn "
                "on; give the client's hair from that image",
                gimp_item_get_name(GIMP_ITEM(client_hair)), gimp_item_get_name(GIMP_ITEM(design)));
    return FALSE;
  }
  if (params->pattern != SMP_HAIRLINE_PATTERN_FULL) {
    g_set_error_literal(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                        "client-hair: the client's current hair comes either from the photo "
                        "(client-hair) or from a template stage (pattern), not both; set pattern "
                        "to full");
    return FALSE;
  }
  return TRUE;
}

/* A point of the stencil (x, y) back on the photo: the design's origin on each, the turn between
 * them (radians, counter-clockwise) and the scale (stencil pixels per photo pixel). */
static void
page_to_photo(const SmpHairlineParams *page, const SmpHairlineParams *photo, gdouble turn,
              gdouble scale, gdouble x, gdouble y, gdouble *px, gdouble *py)
{
  const gdouble dx = (x - page->origin_x) / scale, dy = (y - page->origin_y) / scale;

  /* counter-clockwise on screen by -turn, with y down */
  *px = photo->origin_x + dx * cos(turn) - dy * sin(turn);
  *py = photo->origin_y + dx * sin(turn) + dy * cos(turn);
}

gboolean
smp_stencil_subtract_client_hair(GimpDrawable *area, GimpDrawable *client_hair, GimpLayer *design,
                                 const SmpHairlineParams *page, GError **error)
{
  GimpImage *stencil = gimp_item_get_image(GIMP_ITEM(area));
  SmpHairlineParams photo;
  gdouble scale, turn, x0 = G_MAXDOUBLE, y0 = G_MAXDOUBLE, x1 = -G_MAXDOUBLE, y1 = -G_MAXDOUBLE;
  const gint width = gimp_image_get_width(stencil), height = gimp_image_get_height(stencil);
  GeglRectangle needed;
  GimpLayer *eased;

  if (!design_place(design, &photo)) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "client-hair: the design layer '%s' does not say where its design sits on the "
                "photo",
                gimp_item_get_name(GIMP_ITEM(design)));
    return FALSE;
  }
  scale = page->ppi / photo.ppi;
  turn = (page->angle - photo.angle) * G_PI / 180.0;
  /* the part of the photo the page shows */
  for (gint corner = 0; corner < 4; corner++) {
    gdouble px, py;
    page_to_photo(page, &photo, turn, scale, corner & 1 ? width : 0, corner & 2 ? height : 0, &px,
                  &py);
    x0 = MIN(x0, px), y0 = MIN(y0, py), x1 = MAX(x1, px), y1 = MAX(y1, py);
  }
  needed = (GeglRectangle){(gint)floor(x0), (gint)floor(y0), (gint)ceil(x1 - floor(x0)) + 1,
                           (gint)ceil(y1 - floor(y0)) + 1};
  /* eased on the photo at its scale, as Hairline Layer eases it, then carried onto the page */
  eased = smp_match_eased_client_hair(client_hair, photo.ppi, stencil, &needed, error);
  if (!eased) {
    gimp_drawable_merge_filters(area); /* the page shows none of the photo */
    return error == NULL || *error == NULL;
  }
  gimp_context_set_interpolation(GIMP_INTERPOLATION_LINEAR);
  gimp_context_set_transform_direction(GIMP_TRANSFORM_FORWARD);
  gimp_context_set_transform_resize(GIMP_TRANSFORM_RESIZE_ADJUST);
  /* GIMP turns clockwise on screen for a positive angle; the design's angle turns the other way */
  gimp_item_transform_2d(GIMP_ITEM(eased), photo.origin_x, photo.origin_y, scale, scale, -turn,
                         page->origin_x, page->origin_y);
  /* the page's size and place, so its pixels are the page's wherever an effect reads them */
  gimp_layer_resize_to_image_size(eased);
  return smp_match_take_out_client_hair(area, eased, error);
}
