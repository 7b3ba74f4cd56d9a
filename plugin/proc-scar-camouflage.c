/* plug-in-smp-scar-camouflage: dots that hide a scar among the dots around it.
 *
 * The selection is the area: the scar with a rim of the scalp around it. The smp:scar-camouflage
 * op reads the image as it shows there (the photo and any dot layers above it), finds the scar,
 * measures the density, size and shade of the dots around it, and draws new dots into the scar
 * and a feather band; here it works on a new layer holding a copy of the visible image, with its
 * output-mode set to the new dots alone.
 */
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-procedures.h"
#include "smp-scar.h"

#define SCAR_PROC "plug-in-smp-scar-camouflage"

/* The visible image over the target area, as a new layer above the anchor. */
static GimpLayer *
visible_layer(const SmpTarget *target, const gchar *name)
{
  GimpLayer *layer = gimp_layer_new_from_visible(target->image, target->image, name);

  smp_plugin_insert_layer(target, layer);
  gimp_layer_set_offsets(layer, 0, 0);
  if (!gimp_drawable_has_alpha(GIMP_DRAWABLE(layer)))
    gimp_layer_add_alpha(layer);
  gimp_layer_resize(layer, target->width, target->height, -target->x, -target->y);
  gimp_layer_set_offsets(layer, target->x, target->y);
  return layer;
}

static GimpValueArray *
scar_run(GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image, GimpDrawable **drawables,
         GimpProcedureConfig *config, gpointer run_data)
{
  GimpDrawable *drawable = drawables && drawables[0] ? drawables[0] : NULL;
  const SmpPreset *hair, *skin;
  GimpDrawableFilter *filter;
  GimpDrawableFilterConfig *filter_config;
  GError *error = NULL;
  SmpTarget target;
  GimpLayer *layer;
  gdouble ppi, ppi_argument, density, density_multiplier, dot_size, feather, shade_offset;
  gint seed;
  gboolean merge;
  g_autofree gchar *scar_detect = NULL, *name = NULL;
  GeglColor *dot_color;

  if (!smp_plugin_check_image(image, &error) ||
      !smp_plugin_check_arguments(image, drawables, config, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  smp_plugin_target_area(image, drawable, &target);
  if (!target.has_selection) {
    g_set_error(&error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                "selection: select the scar with a rim of the dotted scalp around it (the "
                "area the camouflage measures and fills); the image has no selection");
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  }
  if ((gdouble)target.width * target.height > SMP_SCAR_MAX_AREA_PIXELS) {
    g_set_error(&error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                "selection: %d x %d pixels is more than the %d megapixels (%d pixels) the scar "
                "analysis can measure; select the scar with a narrower rim of skin",
                target.width, target.height, SMP_SCAR_MAX_AREA_PIXELS / (1024 * 1024),
                SMP_SCAR_MAX_AREA_PIXELS);
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  }
  if (run_mode == GIMP_RUN_INTERACTIVE) {
    GtkWidget *dialog = smp_dialog_new(procedure, config, image, "Scar Camouflage");
    smp_dialog_add_preview(dialog, image, drawables, scar_run);
    if (!smp_dialog_run(dialog, image, "scar-detect", "density", "density-multiplier", "dot-size",
                        "feather", "shade-offset", "hair-type", "skin-tone", "seed", "merge", "ppi",
                        NULL))
      return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, NULL);
  }
  smp_plugin_report_preset_problems();

  hair = smp_plugin_config_preset(config, SMP_PRESET_HAIR_TYPE, &error);
  skin = hair ? smp_plugin_config_preset(config, SMP_PRESET_SKIN_TONE, &error) : NULL;
  if (!skin)
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  g_object_get(config, "density", &density, "density-multiplier", &density_multiplier, "dot-size",
               &dot_size, "feather", &feather, "shade-offset", &shade_offset, "scar-detect",
               &scar_detect, "seed", &seed, "merge", &merge, "ppi", &ppi_argument, NULL);
  if (!smp_plugin_image_ppi(image, ppi_argument, run_mode, &ppi, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);

  name = g_strdup_printf("SMP scar camouflage (%s, %s)", smp_preset_get_label(hair),
                         smp_preset_get_label(skin));
  gimp_image_undo_group_start(image);
  layer = visible_layer(&target, name);
  filter =
      smp_plugin_new_filter(GIMP_DRAWABLE(layer), "smp:scar-camouflage", "Scar camouflage", &error);
  if (filter) {
    /* The dot colour only counts where no dots around the scar can be measured. */
    dot_color = smp_dots_dot_color(hair, skin, 0.0);
    filter_config = gimp_drawable_filter_get_config(filter);
    g_object_set(filter_config, "ppi", ppi, "density", density, "density-multiplier",
                 density_multiplier, "dot-size", dot_size, "feather", feather, "shade-offset",
                 shade_offset, "scar-detect", scar_detect, "dot-color", dot_color, "seed",
                 (guint)seed, "output-mode", "dots", NULL);
    g_object_unref(dot_color);
    smp_plugin_finish_filter(GIMP_DRAWABLE(layer), filter, merge);
    smp_plugin_mask_to_selection(&target, layer, merge);
  } else {
    gimp_image_remove_layer(image, layer);
    layer = NULL;
  }
  gimp_image_undo_group_end(image);
  return smp_plugin_layer_result(procedure, run_mode, layer, error);
}

GimpProcedure *
smp_scar_camouflage_create(GimpPlugIn *plug_in)
{
  GimpProcedure *procedure =
      smp_plugin_layer_procedure_new(plug_in, SCAR_PROC, scar_run, "Sc_ar Camouflage Layer...");

  gimp_procedure_set_documentation(
      procedure, "Add a layer of dots that hide a scar among the dots around it",
      "Select the scar with a rim of the dotted scalp around it. The smp:scar-camouflage GEGL "
      "operation reads the image as it shows in the selection, finds the scar (lighter, smoother "
      "tissue, or the whole selection with scar-detect 'whole-area'), measures the density, size "
      "and shade of the dots around it, and draws new dots into the scar and a feather band, "
      "placed in the gaps between existing dots. The dots go on a new layer above the active "
      "layer, as an editable effect (or baked with 'merge'). 'density' and 'dot-size' at 0 match "
      "the surroundings; the hair type and skin tone give the shade used when no dots can be "
      "measured. Existing pixels are never changed; one undo step removes everything. Returns the "
      "new layer.",
      SCAR_PROC);

  smp_plugin_add_op_choice_argument(
      procedure, "scar-detect", "Sc_ar",
      "How the scar is found in the selection: lighter, smoother tissue (auto), or the whole "
      "selection (whole-area)",
      "smp:scar-camouflage", "auto", NULL);
  gimp_procedure_add_double_argument(procedure, "density", "_Density (impressions/cm²)",
                                     "Dots per cm² in the scar, 0 to 200; 0 = as measured around "
                                     "it",
                                     0.0, 200.0, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "density-multiplier", "Density m_ultiplier",
                                     "Scales the density in the scar, 0.25 to 2: scar tissue may "
                                     "take more or fewer dots than the scalp around it",
                                     0.25, 2.0, 1.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "dot-size", "Dot si_ze (mm)",
                                     "Mean diameter of the new dots in mm, 0 to 3; 0 = as "
                                     "measured around the scar",
                                     0.0, 3.0, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "feather", "_Feather (mm)",
                                     "Width of the band outside the scar where the new dots "
                                     "thin out, 0 to 50 mm (3-5 dot spacings)",
                                     0.0, 50.0, 4.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "shade-offset", "Shade offse_t",
                                     "Lighter (positive) or darker (negative) than the dots "
                                     "around the scar, -1 to 1: 0.2 = 20 % lighter",
                                     -1.0, 1.0, 0.0, G_PARAM_READWRITE);
  smp_plugin_add_preset_argument(procedure, SMP_PRESET_HAIR_TYPE, "_Hair type",
                                 "Hair type whose shade is used when no dots can be measured "
                                 "around the scar",
                                 "dark-brown");
  smp_plugin_add_preset_argument(procedure, SMP_PRESET_SKIN_TONE, "S_kin tone",
                                 "Skin tone for that shade (Monk 1-10 or fitzpatrick-1..6)",
                                 "monk-4");
  gimp_procedure_add_int_argument(procedure, "seed", "S_eed",
                                  "Random seed of the dot pattern: same seed, same dots", 0,
                                  G_MAXINT, 0, G_PARAM_READWRITE);
  smp_add_common_arguments(procedure);
  smp_add_preview_argument(procedure);

  gimp_procedure_add_layer_return_value(procedure, "layer", "Layer", "The new dot layer", FALSE,
                                        G_PARAM_READWRITE);
  return procedure;
}
