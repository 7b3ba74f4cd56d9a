/* plug-in-smp-correction: what to correct in a photo of existing SMP.
 *
 * The analysis and the pictures are filters/core/smp-correction*.c; here the photo layer (and the
 * selection) is read, the shade, size and density that suit the client come from the hair type
 * and skin tone presets, and the four pictures become layers above the photo, in one undo step.
 * docs/correction.md describes the faults and their thresholds.
 */
#include <math.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-correction.h"
#include "smp-procedures.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SmpCorrection, smp_correction_free)

#define CORRECTION_PROC "plug-in-smp-correction"

/* Smallest side (two regions of the analysis), the least scale at which a 0.25 mm dot spans 4 px
 * (coarser, the dots' cores blur: docs/correction.md), the largest photo read at once (about 35
 * bytes per pixel while it works), and the least SMP that makes a treatment. */
#define MIN_SIDE_MM (2.0 * SMP_CORRECTION_REGION_MM)
#define MIN_PPI 400.0
#define MAX_MEGAPIXELS 50.0
#define MIN_DOTS 20
#define MIN_HELMET_CM2 0.1

/* The layers, bottom to top. */
enum { LAYER_PREVIEW, LAYER_ADD, LAYER_LIGHTEN, LAYER_LASER, N_LAYERS };
static const gchar *layer_names[N_LAYERS] = {
    "Preview after correction",
    "Dots to add (correction)",
    "Lighten with skin-toned pigment (correction)",
    "Laser removal (correction)",
};

/* What suits the client: the hair type's healed shade on the skin tone, its impression size and
 * density; the glabella in the drawable's pixels. */
static gboolean
correction_params(GimpProcedureConfig *config, GimpDrawable *drawable, gdouble ppi,
                  SmpCorrectionParams *params, GError **error)
{
  const SmpPreset *hair = smp_plugin_config_preset(config, SMP_PRESET_HAIR_TYPE, error);
  const SmpPreset *skin =
      hair ? smp_plugin_config_preset(config, SMP_PRESET_SKIN_TONE, error) : NULL;
  SmpDotsRequest request = {.hair = hair, .skin = skin, .dilution = -1.0};
  const Babl *linear = babl_format("RGB double");
  GeglColor *pigment_color, *skin_color;
  gdouble pigment[3], skin_rgb[3], glabella_y;
  gint ox, oy;

  if (!skin)
    return FALSE;
  pigment_color = smp_plugin_preset_color(hair, "pigment");
  skin_color = smp_plugin_preset_color(skin, "skin");
  gegl_color_get_pixel(pigment_color, linear, pigment);
  gegl_color_get_pixel(skin_color, linear, skin_rgb);
  g_object_unref(pigment_color);
  g_object_unref(skin_color);
  g_object_get(config, "glabella-y", &glabella_y, NULL);
  gimp_drawable_get_offsets(drawable, &ox, &oy);

  params->px_per_mm = smp_plugin_px_per_mm(ppi);
  params->dot_mm = smp_preset_get_double(hair, "dot-size");
  params->density = smp_preset_get_double(hair, "density");
  params->glabella_y = glabella_y < 0.0 ? NAN : glabella_y - oy;
  smp_correction_params_shade(params, pigment, skin_rgb, smp_dots_request_dilution(&request));
  return TRUE;
}

/* Refuses what the analysis cannot judge: grayscale, not one layer, too coarse, too small or too
 * large. */
static gboolean
check_input(GimpImage *image, GimpDrawable **drawables, gdouble ppi, GError **error)
{
  GimpDrawable *drawable = drawables && drawables[0] ? drawables[0] : NULL;
  gint w, h;

  if (gimp_image_get_base_type(image) != GIMP_RGB) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                "image: the correction judges the dots' shade and hue against the skin, and this "
                "image is grayscale; use the colour photo (or Image > Mode > RGB)");
    return FALSE;
  }
  if (!drawable || drawables[1] || !GIMP_IS_LAYER(drawable) || GIMP_IS_GROUP_LAYER(drawable)) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "drawable: select exactly one photo layer (not a group, mask or channel)");
    return FALSE;
  }
  w = gimp_drawable_get_width(drawable);
  h = gimp_drawable_get_height(drawable);
  if (ppi < MIN_PPI) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "ppi: %g ppi is too coarse to measure SMP dots (a 0.25 mm dot spans %.1f px); "
                "use a close-up photo of at least %.0f ppi",
                ppi, 0.25 * smp_plugin_px_per_mm(ppi), MIN_PPI);
    return FALSE;
  }
  return smp_plugin_check_photo_size(w, h, ppi, MIN_SIDE_MM, MAX_MEGAPIXELS, "to judge",
                                     "the treated area", error);
}

/* The four layers, in one undo step. Returns the number of dots to add. */
static gint
add_layers(GimpImage *image, GimpDrawable *drawable, const SmpCorrection *c, const guint8 *rgba)
{
  const gsize n = (gsize)c->width * c->height * 4;
  guint8 *pixels[N_LAYERS];
  SmpTarget target;
  gint added = 0;

  for (gint k = 0; k < N_LAYERS; k++)
    pixels[k] = g_new(guint8, n);
  smp_correction_render(c, rgba, pixels[LAYER_LASER], pixels[LAYER_LIGHTEN], pixels[LAYER_ADD],
                        pixels[LAYER_PREVIEW], &added);
  smp_plugin_target_area(image, drawable, &target);
  gimp_drawable_get_offsets(drawable, &target.x, &target.y);
  target.width = c->width;
  target.height = c->height;
  gimp_image_undo_group_start(image);
  for (gint k = N_LAYERS - 1; k >= 0; k--) { /* each goes right above the photo: top first */
    smp_plugin_add_pixel_layer(&target, layer_names[k], 100.0, pixels[k]);
    g_free(pixels[k]);
  }
  gimp_image_undo_group_end(image);
  return added;
}

static GimpValueArray *
correction_run(GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
               GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data)
{
  GimpDrawable *drawable = drawables && drawables[0] ? drawables[0] : NULL;
  GError *error = NULL;
  gdouble ppi_argument, ppi;
  SmpCorrectionParams params = {0};
  g_autoptr(SmpCorrection) c = NULL;
  g_autofree guint8 *rgba = NULL, *selection = NULL;
  GimpValueArray *values;
  gchar *report;
  gint added;
  gboolean had_selection;

  if (!smp_plugin_check_image(image, &error) ||
      !smp_plugin_check_arguments(image, drawables, config, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  if (run_mode == GIMP_RUN_INTERACTIVE) {
    GtkWidget *dialog = smp_dialog_new(procedure, config, image, "Correct Old SMP");
    if (!smp_dialog_run(dialog, image, "hair-type", "skin-tone", "glabella-y", "ppi", NULL))
      return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, NULL);
  }
  smp_plugin_report_preset_problems();
  /* the presets first: a wrong name is named whatever else is wrong */
  if (!smp_plugin_config_preset(config, SMP_PRESET_HAIR_TYPE, &error) ||
      !smp_plugin_config_preset(config, SMP_PRESET_SKIN_TONE, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  g_object_get(config, "ppi", &ppi_argument, NULL);
  if (!smp_plugin_image_ppi(image, ppi_argument, run_mode, &ppi, &error) ||
      !check_input(image, drawables, ppi, &error) ||
      !correction_params(config, drawable, ppi, &params, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);

  gimp_progress_init("Looking for faults in the SMP");
  rgba = smp_plugin_read_pixels(image, drawable, &selection);
  c = smp_correction_analyse(rgba, selection, gimp_drawable_get_width(drawable),
                             gimp_drawable_get_height(drawable), &params);
  had_selection = selection != NULL;
  g_clear_pointer(&selection, g_free);
  gimp_progress_update(0.7);
  if (c->n_dots - c->n_helmet_dots < MIN_DOTS && c->helmet_cm2 < MIN_HELMET_CM2) {
    g_set_error(&error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                "drawable: no SMP found in the %s (%d dots, %.2f cm² of solid shade at %g ppi); "
                "use a close-up photo of the treated scalp at its true scale",
                had_selection ? "selection" : "photo", c->n_dots - c->n_helmet_dots, c->helmet_cm2,
                ppi);
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_EXECUTION_ERROR, error);
  }
  added = add_layers(image, drawable, c, rgba);
  g_clear_pointer(&rgba, g_free);
  gimp_progress_update(1.0);

  report = smp_correction_report(c, added);
  if (run_mode == GIMP_RUN_INTERACTIVE)
    gimp_message(report);
  values = smp_plugin_success(procedure, run_mode);
  GIMP_VALUES_TAKE_STRING(values, 1, report);
  GIMP_VALUES_SET_INT(values, 2, c->n_dots);
  GIMP_VALUES_SET_INT(values, 3, c->n_blown);
  GIMP_VALUES_SET_INT(values, 4, c->n_dark);
  GIMP_VALUES_SET_DOUBLE(values, 5, c->helmet_cm2);
  GIMP_VALUES_SET_INT(values, 6, c->n_blown + c->n_blue + c->n_low);
  GIMP_VALUES_SET_INT(values, 7, c->n_dark + c->n_excess);
  GIMP_VALUES_SET_INT(values, 8, added);
  return values;
}

static void
add_count_return(GimpProcedure *procedure, const gchar *name, const gchar *nick, const gchar *blurb)
{
  gimp_procedure_add_int_return_value(procedure, name, nick, blurb, 0, G_MAXINT, 0,
                                      G_PARAM_READWRITE);
}

GimpProcedure *
smp_correction_create(GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_image_procedure_new(
      plug_in, CORRECTION_PROC, GIMP_PDB_PROC_TYPE_PLUGIN, correction_run, NULL, NULL);

  gimp_procedure_set_image_types(procedure, "RGB*");
  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
  gimp_procedure_set_menu_label(procedure, "_Correct Old SMP...");
  gimp_procedure_add_menu_path(procedure, SMP_MENU_PATH);
  gimp_procedure_set_documentation(
      procedure, "Find the faults of existing SMP in a photo and plan their correction",
      "Reads a close-up photo of treated scalp (only the selected part when there is a "
      "selection) at a known scale, finds the dots and measures their density, size and shade "
      "per region of 5 mm, and flags what practitioners correct: dots merged into a solid "
      "shade (helmet look), blown-out dots, dots too dark or too blue for the client's hair "
      "type, regions too dense, and a hairline too low above the glabella or too straight (the "
      "forehead at the bottom of the photo). Adds four layers above the photo: a laser-removal "
      "map, a map of the dots to lighten with skin-toned pigment, the dots to add, and a "
      "preview after the correction; returns a report and counts. Existing pixels are never "
      "changed; one undo step removes the layers. A photo without SMP, grayscale, coarser "
      "than 400 ppi, too small or too large is refused with a message and nothing is added.",
      CORRECTION_PROC);
  gimp_procedure_set_attribution(procedure, "smp-studio", "smp-studio", "2026");

  smp_plugin_add_preset_argument(procedure, SMP_PRESET_HAIR_TYPE, "_Hair type",
                                 "The client's hair type: the shade, impression size and "
                                 "density the treatment should have",
                                 "dark-brown");
  smp_plugin_add_preset_argument(procedure, SMP_PRESET_SKIN_TONE, "S_kin tone",
                                 "The client's skin tone (Monk 1-10 or fitzpatrick-1..6): the "
                                 "healed shade of the hair type on it",
                                 "monk-4");
  gimp_procedure_add_double_argument(procedure, "glabella-y", "_Glabella row (px)",
                                     "Image row of the glabella (the point between the brows, "
                                     "below the hairline, may lie below the photo) to judge the "
                                     "hairline's height; -1 = not known (height not judged)",
                                     -1.0, 1e6, -1.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "ppi", "Resolution (_ppi)",
                                     "Pixels per inch of the photo, 400 to 9600; 0 = the image "
                                     "resolution (which must then be calibrated, not GIMP's "
                                     "default 72 ppi)",
                                     0.0, GIMP_MAX_RESOLUTION, 0.0, G_PARAM_READWRITE);

  gimp_procedure_add_string_return_value(procedure, "report", "Report",
                                         "The faults found, where, and the correction", "",
                                         G_PARAM_READWRITE);
  add_count_return(procedure, "dots", "Dots", "Dots found");
  add_count_return(procedure, "blown-dots", "Blown-out dots",
                   "Dots spread wider than twice "
                   "the hair type's impression");
  add_count_return(procedure, "dark-dots", "Too-dark dots", "Dots too dark for the hair type");
  gimp_procedure_add_double_return_value(procedure, "helmet-area", "Helmet area",
                                         "cm² where the dots merged into a solid shade", 0.0, 1e6,
                                         0.0, G_PARAM_READWRITE);
  add_count_return(procedure, "laser-dots", "Dots to remove",
                   "Dots marked for laser removal (blown out, too blue, below the hairline)");
  add_count_return(procedure, "lighten-dots", "Dots to lighten",
                   "Dots to lighten with skin-toned pigment (too dark, too dense)");
  add_count_return(procedure, "added-dots", "Dots to add", "New dots in the dots-to-add layer");
  return procedure;
}
