/* plug-in-smp-follicles: a layer of follicle dots over the image or the selection.
 *
 * The dots are made by the smp:follicle-dots op, applied to a new layer as a non-destructive
 * filter (or baked with merge). The hair type and skin tone presets give the op's parameters;
 * arguments given explicitly (density, dot-size) take precedence over the hair type.
 */
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-color.h"
#include "smp-dots.h"
#include "smp-match-args.h"
#include "smp-procedures.h"

#define FOLLICLES_PROC "plug-in-smp-follicles"
/* Farthest viewing distance previewed, m: across a room. */
#define MAX_VIEWING_DISTANCE 10.0

void
smp_dots_request_init(SmpDotsRequest *request)
{
  *request = (SmpDotsRequest){
      .coverage = 1.0,
      .appearance = "healed",
      .density_source = "input-alpha",
      .graded_zone = TRUE,
      .dilution = -1.0,
  };
  smp_surface_request_init(&request->surface);
}

gboolean
smp_dots_request_from_config(SmpDotsRequest *request, GimpProcedureConfig *config, GError **error)
{
  gint seed = 0;
  gboolean graded_zone = TRUE;

  smp_dots_request_init(request);
  request->hair = smp_plugin_config_preset(config, SMP_PRESET_HAIR_TYPE, error);
  if (!request->hair)
    return FALSE;
  request->skin = smp_plugin_config_preset(config, SMP_PRESET_SKIN_TONE, error);
  if (!request->skin)
    return FALSE;
  g_object_get(config, "density", &request->density, "dot-size", &request->dot_size, "dilution",
               &request->dilution, "seed", &seed, "appearance", &request->appearance_owned, "years",
               &request->years, "graded-zone", &graded_zone, NULL);
  if (g_object_class_find_property(G_OBJECT_GET_CLASS(config), "coverage"))
    g_object_get(config, "coverage", &request->coverage, NULL);
  request->seed = (guint)seed;
  request->graded_zone = graded_zone;
  request->appearance = request->appearance_owned;
  smp_surface_from_config(&request->surface, config);
  return TRUE;
}

gboolean
smp_dots_request_density_from_config(SmpDotsRequest *request, GimpProcedureConfig *config,
                                     GimpImage *image, GError **error)
{
  g_object_get(config, "density-from", &request->density_from, "density-source",
               &request->density_source_owned, NULL);
  request->density_source = request->density_source_owned;
  if (request->density_from && gimp_item_get_image(GIMP_ITEM(request->density_from)) != image) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "density-from: the density layer must belong to the same image");
    return FALSE;
  }
  return TRUE;
}

void
smp_dots_request_clear(SmpDotsRequest *request)
{
  g_clear_pointer(&request->appearance_owned, g_free);
  g_clear_pointer(&request->density_source_owned, g_free);
  g_clear_object(&request->density_from);
  g_clear_object(&request->client_hair);
}

gdouble
smp_dots_request_density(const SmpDotsRequest *request)
{
  if (request->density > 0.0)
    return request->density;
  return request->matched ? request->match_density
                          : smp_preset_get_double(request->hair, "density");
}

gdouble
smp_dots_request_dot_size(const SmpDotsRequest *request)
{
  if (request->dot_size > 0.0)
    return request->dot_size;
  return request->matched ? request->match_dot_size
                          : smp_preset_get_double(request->hair, "dot-size");
}

gdouble
smp_dots_request_dilution(const SmpDotsRequest *request)
{
  /* a matched shade was solved with the request's dilution as its preference */
  gdouble water = request->matched ? request->match_dilution
                  : request->dilution >= 0.0
                      ? request->dilution
                      : smp_preset_get_double(request->hair, "dilution") +
                            smp_preset_get_double(request->skin, "dilution-offset");
  return CLAMP(water + request->extra_water, 0.0, SMP_DILUTION_MAX);
}

/* The shade a hair type's dots show as deposited on a skin tone, for an op that takes the diluted
 * colour itself: the dilution model is smp:follicle-dots' (core/smp-color.h), in linear light. */
GeglColor *
smp_dots_dot_color(const SmpPreset *hair, const SmpPreset *skin, gdouble extra_water)
{
  const Babl *linear = babl_format("RGBA double");
  SmpDotsRequest request = {
      .hair = hair, .skin = skin, .dilution = -1.0, .extra_water = extra_water};
  GeglColor *pigment = smp_plugin_preset_color(hair, "pigment");
  GeglColor *skin_color = smp_plugin_preset_color(skin, "skin");
  gdouble p[4], s[4], diluted[3];

  gegl_color_get_pixel(pigment, linear, p);
  gegl_color_get_pixel(skin_color, linear, s);
  smp_color_diluted(p, s, smp_dots_request_dilution(&request), diluted);
  gegl_color_set_pixel(pigment, linear,
                       (const gdouble[4]){diluted[0], diluted[1], diluted[2], 1.0});
  g_object_unref(skin_color);
  return pigment;
}

static const gchar *const hair_type_op_keys[] = {
    "size-jitter", "opacity-jitter", "hair-mix-1", "hair-mix-2", "hair-mix-3", "hair-mix-4",
};

void
smp_dots_request_configure(const SmpDotsRequest *request, GimpDrawableFilter *filter)
{
  GimpDrawableFilterConfig *config = gimp_drawable_filter_get_config(filter);
  GeglColor *pigment = smp_plugin_preset_color(request->hair, "pigment");
  GeglColor *skin = smp_plugin_preset_color(request->skin, "skin");

  if (request->matched)
    smp_match_request_colors(request, pigment, skin);

  g_object_set(config, "ppi", request->ppi, "density", smp_dots_request_density(request),
               "dot-size", smp_dots_request_dot_size(request), "coverage", request->coverage,
               "seed", request->seed, "pigment", pigment, "dilution",
               smp_dots_request_dilution(request), "skin", skin, "appearance", request->appearance,
               "years", request->years, "output-mode", "dots", "density-source",
               request->density_from || request->density_from_input ? request->density_source
                                                                    : "uniform",
               NULL);
  g_object_set(config, "graded-zone", request->graded_zone, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS(hair_type_op_keys); i++)
    g_object_set(config, hair_type_op_keys[i],
                 smp_preset_get_double(request->hair, hair_type_op_keys[i]), NULL);
  smp_surface_configure(&request->surface, filter, NULL);
  g_object_unref(pigment);
  g_object_unref(skin);
}

/* CIE L* of a colour given as linear RGB of `space`, by babl: L* is absolute, whatever the space.
 */
static gdouble
lightness_in(const Babl *space, const gdouble rgb[3])
{
  gdouble lab[3];

  babl_process(
      babl_fish(babl_format_with_space("RGB double", space), babl_format("CIE Lab double")), rgb,
      lab, 1);
  return lab[0];
}

void
smp_dots_request_params(const SmpDotsRequest *request, SmpDotsParams *params)
{
  smp_dots_params_init(params);
  params->ppi = request->ppi > 0.0 ? request->ppi : params->ppi;
  params->density = smp_dots_request_density(request);
  params->coverage = request->coverage;
  params->dot_size = smp_dots_request_dot_size(request);
  params->size_jitter = smp_preset_get_double(request->hair, "size-jitter");
  params->opacity_jitter = smp_preset_get_double(request->hair, "opacity-jitter");
  for (gint h = 0; h < SMP_DOTS_MAX_HAIRS; h++) {
    g_autofree gchar *key = g_strdup_printf("hair-mix-%d", h + 1);
    params->hair_mix[h] = smp_preset_get_double(request->hair, key);
  }
  if (!(params->hair_mix[0] + params->hair_mix[1] + params->hair_mix[2] + params->hair_mix[3] >
        0.0))
    params->hair_mix[1] = 1.0; /* as the op does */
  params->graded = request->graded_zone;
  params->healed = g_strcmp0(request->appearance, "healed") == 0;
  params->years = CLAMP(request->years, 0.0, SMP_YEARS_MAX);
  params->seed = request->seed;
}

/* The op's colours and model (smp:follicle-dots, prepare and process): the presets' pigment and
 * skin as linear RGB of the image's space, where the op dilutes, heals and mixes them, and the
 * skin's reflectance as babl's luminance of the skin colour. */
gdouble
smp_dots_request_darkening(const SmpDotsRequest *request, gdouble years)
{
  const Babl *linear = babl_format_with_space("RGB double", request->space);
  GeglColor *pigment_color = smp_plugin_preset_color(request->hair, "pigment");
  GeglColor *skin_color = smp_plugin_preset_color(request->skin, "skin");
  gdouble pigment[3], skin[3], diluted[3], dot[3], seen[3];
  SmpDotsParams params;
  SmpDotsLayout layout;
  gdouble darkening = 0.0;

  if (request->matched)
    smp_match_request_colors(request, pigment_color, skin_color);
  gegl_color_get_pixel(pigment_color, linear, pigment);
  gegl_color_get_pixel(skin_color, linear, skin);
  smp_dots_request_params(request, &params);
  gegl_color_get_pixel(skin_color, babl_format("Y double"), &params.skin_reflectance);
  params.skin_reflectance = CLAMP(params.skin_reflectance, 0.0, 1.0);
  params.healed = TRUE;
  params.years = CLAMP(years, 0.0, SMP_YEARS_MAX);
  smp_color_diluted(pigment, skin, smp_dots_request_dilution(request), diluted);
  smp_color_healed(diluted, skin, params.years, dot);
  if (smp_dots_layout_init(&layout, &params, 0, NULL)) {
    /* From a distance the eye averages the dots and the skin between them in linear light. */
    gdouble alpha = CLAMP(smp_dots_mean_alpha(&layout), 0.0, 1.0);
    for (gint c = 0; c < 3; c++)
      seen[c] = skin[c] + (dot[c] - skin[c]) * alpha;
    darkening = lightness_in(request->space, skin) - lightness_in(request->space, seen);
  }
  g_object_unref(pigment_color);
  g_object_unref(skin_color);
  return darkening;
}

/* The density map as pixels of a new layer over the target: a copy of the density layer with its
 * own effects baked (a hairline layer is often an effect on a transparent layer), cut to the
 * target so that its alpha lines up with the dots. */
static GimpLayer *
density_layer(const SmpTarget *target, GimpDrawable *density_from, const gchar *name)
{
  GimpLayer *layer = gimp_layer_new_from_drawable(density_from, target->image);
  gint x, y;

  smp_plugin_insert_layer(target, layer);
  /* A group gives its composite, a layer its pixels with effects and mask applied. */
  if (gimp_item_is_group(GIMP_ITEM(layer))) {
    GimpGroupLayer *group = gimp_group_layer_get_by_id(gimp_item_get_id(GIMP_ITEM(layer)));
    if (group)
      layer = gimp_group_layer_merge(group);
  }
  gimp_item_set_name(GIMP_ITEM(layer), name);
  gimp_item_set_visible(GIMP_ITEM(layer), TRUE);
  gimp_layer_set_opacity(layer, 100.0);
  gimp_layer_set_mode(layer, GIMP_LAYER_MODE_NORMAL);
  gimp_drawable_get_offsets(density_from, &x, &y);
  gimp_layer_set_offsets(layer, x, y);
  if (!gimp_drawable_has_alpha(GIMP_DRAWABLE(layer)))
    gimp_layer_add_alpha(layer);
  gimp_drawable_merge_filters(GIMP_DRAWABLE(layer));
  if (gimp_layer_get_mask(layer))
    gimp_layer_remove_mask(layer, GIMP_MASK_APPLY);
  gimp_layer_resize(layer, target->width, target->height, x - target->x, y - target->y);
  return layer;
}

GimpLayer *
smp_dots_request_add_layer(const SmpDotsRequest *request, const SmpTarget *target,
                           const gchar *name, gboolean merge, gdouble *area_px, GError **error)
{
  GimpDrawableFilter *filter = NULL;
  GimpLayer *layer;
  SmpDotsRequest with_client = *request;

  smp_surface_place(&with_client.surface, target);
  if (request->density_from)
    layer = density_layer(target, request->density_from, name);
  else
    layer = smp_plugin_add_layer(target, name);
  /* The client's hair comes out of the density map, the whole area's without one. */
  if (request->client_hair && !request->density_from) {
    gimp_drawable_fill(GIMP_DRAWABLE(layer), GIMP_FILL_WHITE);
    with_client.density_from_input = TRUE;
  }
  if (smp_match_subtract_client_hair(request, GIMP_DRAWABLE(layer), error))
    filter =
        smp_plugin_new_filter(GIMP_DRAWABLE(layer), "smp:follicle-dots", "Follicle dots", error);
  if (area_px)
    *area_px = smp_plugin_weighted_area(GIMP_DRAWABLE(layer),
                                        request->density_from || request->client_hair);
  if (!filter) {
    gimp_image_remove_layer(target->image, layer);
    return NULL;
  }
  smp_dots_request_configure(&with_client, filter);
  smp_plugin_finish_filter(GIMP_DRAWABLE(layer), filter, merge);
  smp_plugin_mask_to_selection(target, layer, merge);
  return layer;
}

gchar *
smp_dots_request_layer_name(const SmpDotsRequest *request, const gchar *what)
{
  return g_strdup_printf("%s (%s, %s)", what, smp_preset_get_label(request->hair),
                         smp_preset_get_label(request->skin));
}

/* Arguments ---------------------------------------------------------------------------------- */

void
smp_add_dots_arguments(GimpProcedure *procedure, gboolean with_coverage)
{
  smp_plugin_add_preset_argument(
      procedure, SMP_PRESET_HAIR_TYPE, "_Hair type",
      "Hair colour and texture preset: shade, dot size, density and hairs per unit", "dark-brown");
  smp_plugin_add_preset_argument(
      procedure, SMP_PRESET_SKIN_TONE, "S_kin tone",
      "Skin tone preset (Monk 1-10, or Fitzpatrick I-VI as fitzpatrick-1..6): preview skin, "
      "the healed tint that follows from it and its dilution-offset (parts of water)",
      "monk-4");
  gimp_procedure_add_double_argument(procedure, "density", "_Density (impressions/cm²)",
                                     "Impressions (dots, one per hair of the shaved look) per cm² "
                                     "at full coverage, 1 to 400; 0 = the hair type's density",
                                     0.0, 400.0, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "dot-size", "Dot si_ze (mm)",
                                     "Mean diameter of a fresh impression in mm, 0.02 to 3; 0 = "
                                     "the hair type's dot size",
                                     0.0, 3.0, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(
      procedure, "dilution", "D_ilution (parts of water)",
      "Parts of water per part of pigment, 0 (undiluted) to 40: more water, a lighter shade; "
      "-1 = the hair type's dilution plus the skin tone's dilution-offset",
      -1.0, SMP_DILUTION_MAX, -1.0, G_PARAM_READWRITE);
  if (with_coverage)
    gimp_procedure_add_double_argument(procedure, "coverage", "Co_verage",
                                       "Fraction of the full-density dots present, 0 to 1 (lower "
                                       "coverages are subsets of higher ones)",
                                       0.0, 1.0, 1.0, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument(procedure, "seed", "S_eed",
                                  "Random seed of the dot pattern: same seed, same dots", 0,
                                  G_MAXINT, 0, G_PARAM_READWRITE);
  smp_plugin_add_op_choice_argument(
      procedure, "appearance", "_Appearance",
      "How the dots look: fresh (as deposited), or healed (smaller, softer, bluish tint)",
      "smp:follicle-dots", "healed", NULL);
  gimp_procedure_add_double_argument(procedure, "years", "_Years after treatment",
                                     "The healed look this many years after the treatment, 0 to "
                                     "10: the dots fade, widen, soften and turn bluer",
                                     0.0, SMP_YEARS_MAX, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_boolean_argument(
      procedure, "graded-zone", "_Graded hairline zone",
      "Where the density map thins the units (a hairline's transition), their hair count and size "
      "follow it: single-hair, smaller and lighter at the front, mixed clusters behind; off, every "
      "unit keeps the hair type's mix",
      TRUE, G_PARAM_READWRITE);
}

void
smp_add_density_from_arguments(GimpProcedure *procedure)
{
  gimp_procedure_add_layer_argument(
      procedure, "density-from", "Density _from",
      "A layer whose alpha (or luminance, see density-source) scales the density, e.g. a hairline "
      "layer; none = uniform density",
      TRUE, G_PARAM_READWRITE);
  smp_plugin_add_op_choice_argument(
      procedure, "density-source", "Density so_urce",
      "What of the density-from layer scales the density: its alpha or its luminance",
      "smp:follicle-dots", "input-alpha", "uniform");
}

void
smp_add_common_arguments(GimpProcedure *procedure)
{
  gimp_procedure_add_boolean_argument(
      procedure, "merge", "_Merge filter",
      "Bake the result into the new layer's pixels instead of keeping an editable effect (an XCF "
      "opened where the smp-ops module is not installed loses non-destructive effects)",
      FALSE, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "ppi", "Resolution (_ppi)",
                                     "Pixels per inch of the photo, 1 to 9600; 0 = the image "
                                     "resolution (which must then be calibrated: 72 ppi, what "
                                     "cameras record when they do not know it, is refused)",
                                     0.0, GIMP_MAX_RESOLUTION, 0.0, G_PARAM_READWRITE);
}

/* The procedure ------------------------------------------------------------------------------ */

/* What the eye sees from `distance` metres: a copy of the visible image (the photo with the new
 * dots) blurred to normal visual acuity, above the dot layer. */
static GimpLayer *
viewing_preview(const SmpTarget *target, GimpLayer *dots, gdouble distance, gdouble ppi,
                gboolean merge, GError **error)
{
  g_autofree gchar *name = g_strdup_printf("Seen from %.2g m", distance);
  GimpLayer *seen = gimp_layer_new_from_visible(target->image, target->image, name);
  SmpTarget above = *target;
  GimpDrawableFilter *filter;
  gdouble sigma_px =
      gimp_units_to_pixels(smp_color_viewing_sigma_mm(distance), gimp_unit_mm(), ppi);

  above.anchor = dots;
  above.parent = NULL;
  above.has_selection = FALSE;
  above.x = above.y = 0; /* the visible image's layer covers the image */
  smp_plugin_insert_layer(&above, seen);
  filter = smp_plugin_new_filter(GIMP_DRAWABLE(seen), "gegl:gaussian-blur", "Visual acuity", error);
  if (!filter) {
    gimp_image_remove_layer(target->image, seen);
    return NULL;
  }
  g_object_set(gimp_drawable_filter_get_config(filter), "std-dev-x", sigma_px, "std-dev-y",
               sigma_px, NULL);
  smp_plugin_finish_filter(GIMP_DRAWABLE(seen), filter, merge);
  return seen;
}

static GimpValueArray *
follicles_run(GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
              GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data)
{
  GimpDrawable *drawable = drawables && drawables[0] ? drawables[0] : NULL;
  g_auto(SmpDotsRequest) request = {0};
  GError *error = NULL;
  SmpTarget target;
  GimpLayer *layer, *seen = NULL;
  gdouble ppi_argument, viewing_distance;
  gboolean merge, thinning;
  g_autofree gchar *name = NULL;
  g_autofree gchar *report = NULL;

  if (!smp_plugin_check_image(image, &error) ||
      !smp_plugin_check_arguments(image, drawables, config, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  if (run_mode == GIMP_RUN_INTERACTIVE) {
    GtkWidget *dialog = smp_dialog_new(procedure, config, image, "Follicle Dots");
    smp_dialog_add_preview(dialog, image, drawables, follicles_run);
    if (!smp_dialog_run(dialog, image, "hair-type", "skin-tone", "density", "dot-size", "dilution",
                        "coverage", "appearance", "years", "viewing-distance", "density-from",
                        "density-source", "graded-zone", "match-from", "thinning", "seed",
                        "surface", "view", "origin-x", "origin-y", "angle", "head-width",
                        "head-length", "head-height", "merge", "ppi", NULL))
      return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, NULL);
  }
  smp_plugin_report_preset_problems();

  if (!smp_dots_request_from_config(&request, config, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  g_object_get(config, "merge", &merge, "ppi", &ppi_argument, "viewing-distance", &viewing_distance,
               "thinning", &thinning, NULL);
  if (!smp_dots_request_density_from_config(&request, config, image, &error) ||
      !smp_plugin_image_ppi(image, ppi_argument, run_mode, &request.ppi, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);

  smp_plugin_target_area(image, drawable, &target);
  if (!smp_match_request_from_config(&request, config, image, drawable, &target, &report, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  if (thinning && (request.density_from || request.matched || !drawable)) {
    g_set_error(&error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                !drawable ? "thinning: select the photo layer of the client's head"
                          : "%s: with thinning the photo itself sets where the dots go and their "
                            "shade; leave %s empty (a selection limits the area)",
                request.density_from ? "density-from" : "match-from",
                request.density_from ? "density-from" : "match-from");
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  }
  name = thinning          ? smp_dots_request_layer_name(&request, "SMP thinning dots")
         : request.matched ? smp_dots_request_layer_name(&request, "SMP dots matched to the fringe")
                           : smp_dots_request_layer_name(&request, "SMP dots");
  gimp_image_undo_group_start(image);
  if (thinning)
    layer = smp_thinning_add_layer(&request, drawable, name, merge, NULL, &error);
  else
    layer = smp_dots_request_add_layer(&request, &target, name, merge, NULL, &error);
  if (layer && viewing_distance > 0.0) {
    seen = viewing_preview(&target, layer, viewing_distance, request.ppi, merge, &error);
    if (!seen) {
      gimp_image_remove_layer(image, layer);
      layer = NULL;
    }
  }
  if (layer)
    smp_match_note(&request, layer, report, run_mode);
  gimp_image_undo_group_end(image);
  return smp_plugin_layer_result(procedure, run_mode, layer, error);
}

GimpProcedure *
smp_follicles_create(GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = smp_plugin_layer_procedure_new(plug_in, FOLLICLES_PROC, follicles_run,
                                                            "_Follicle Dots Layer...");

  gimp_procedure_set_documentation(
      procedure, "Add a layer of scalp micropigmentation dots",
      "Adds a new layer above the active layer, covering it or the selection, with follicle dots "
      "drawn by the smp:follicle-dots GEGL operation as an editable effect (or baked with "
      "'merge'). "
      "The hair type and skin tone presets set the shade, dot size, density and hairs per unit; "
      "'density' and 'dot-size' override the hair type when not 0, 'dilution' (parts of water per "
      "part of pigment) the hair type's and skin tone's dilution when not -1. 'density-from' thins "
      "the dots "
      "by another layer's alpha or luminance, e.g. a hairline layer. Sizes are in mm, converted "
      "with the image resolution or 'ppi'. 'viewing-distance' (m, not 0) adds a layer above "
      "the dots showing the image as an eye of normal acuity sees it from that distance (a "
      "mirror at 0.5 m: 1 m; across a room: 2 m or more). 'match-from' (a sample of the client's "
      "shaved fringe on this photo, e.g. the stubble layer of plug-in-smp-analyse) takes the "
      "density, dot size and shade from the fringe: healed, the dots bring the skin to the "
      "fringe's mean colour. 'thinning' (women's thinning, the density illusion): on a photo of "
      "long thinning hair the dots go only on the scalp that shows between the strands, more "
      "where more of it shows, in a shade a little lighter than the hair as the photo shows it, "
      "with larger impressions at twice the hair type's density (unless 'dilution', 'dot-size' "
      "and 'density' are given). Existing pixels are never changed; one "
      "undo step removes everything. Returns the new dot layer (the viewing layer sits right above "
      "it).",
      FOLLICLES_PROC);

  smp_add_dots_arguments(procedure, TRUE);
  smp_add_density_from_arguments(procedure);
  gimp_procedure_add_double_argument(
      procedure, "viewing-distance", "Viewing dis_tance (m)",
      "Also add a layer of the image as seen from this far, 0 to 10 m (eye to scalp; in a mirror "
      "twice the distance to the mirror); 0 = none",
      0.0, MAX_VIEWING_DISTANCE, 0.0, G_PARAM_READWRITE);
  smp_add_common_arguments(procedure);
  smp_match_add_arguments(procedure, FALSE);
  smp_surface_add_arguments(procedure, TRUE);
  smp_add_preview_argument(procedure);
  gimp_procedure_add_boolean_argument(
      procedure, "thinning", "Women's _thinning",
      "Dots only on the scalp showing between the long strands of the photo (the drawable), "
      "denser where more of it shows, in a lighter shade: the density illusion for thinning hair",
      FALSE, G_PARAM_READWRITE);

  gimp_procedure_add_layer_return_value(procedure, "layer", "Layer", "The new dot layer", FALSE,
                                        G_PARAM_READWRITE);
  return procedure;
}
