/* plug-in-smp-analyse: finds long hair, stubble and bald scalp in a photo of a head and measures
 * the stubble fringe, so that new dots can continue the client's own density, size and shade.
 *
 * The analysis itself is filters/core/smp-analyse.c; here the photo layer (and the selection)
 * is read, and the three soft masks become layers above it, in one undo step.
 */
#include <math.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-analyse.h"
#include "smp-procedures.h"
#include "smp-thinning.h"

#define ANALYSE_PROC "plug-in-smp-analyse"

G_DEFINE_AUTOPTR_CLEANUP_FUNC(SmpAnalysis, smp_analysis_free)

/* Smallest side the analysis can classify (a few of its 3.5 mm windows) and the largest photo
 * it reads at once (about 25 bytes per pixel while it works). */
#define MIN_SIDE_MM 15.0
#define MAX_MEGAPIXELS 50.0
/* Less than this much of a class is "not found". */
#define MIN_FOUND_CM2 1.0

typedef struct {
  const gchar *name;
  const gchar *colour; /* the layer's colour; the mask is its alpha */
} MaskLayer;

static const MaskLayer mask_layers[3] = {
    {"Scalp (bald, analysis)", "#3d7be0"},
    {"Stubble (shaved, analysis)", "#35c25c"},
    {"Hair (long, analysis)", "#e0552b"},
};

static gboolean
analyse_dialog(GimpProcedure *procedure, GimpProcedureConfig *config)
{
  GtkWidget *dialog;
  gboolean run;

  gimp_ui_init(SMP_PLUGIN_BINARY);
  dialog = gimp_procedure_dialog_new(procedure, config, "Analyse Photo");
  gimp_procedure_dialog_fill(GIMP_PROCEDURE_DIALOG(dialog), "ppi", NULL);
  run = gimp_procedure_dialog_run(GIMP_PROCEDURE_DIALOG(dialog));
  gtk_widget_destroy(dialog);
  return run;
}

/* A layer over the drawable whose alpha is the mask, in the mask's colour. */
static GimpLayer *
add_mask_layer(const SmpTarget *target, const MaskLayer *kind, const guint8 *mask)
{
  GeglColor *colour = gegl_color_new(kind->colour);
  guint8 rgb[4];
  const gsize n = (gsize)target->width * target->height;
  g_autofree guint8 *pixels = g_new(guint8, n * 4);

  gegl_color_get_pixel(colour, babl_format("R'G'B'A u8"), rgb);
  g_object_unref(colour);
  for (gsize i = 0; i < n; i++) {
    pixels[4 * i] = rgb[0];
    pixels[4 * i + 1] = rgb[1];
    pixels[4 * i + 2] = rgb[2];
    pixels[4 * i + 3] = mask[i];
  }
  return smp_plugin_add_pixel_layer(target, kind->name, 60.0, pixels);
}

static gchar *
hex_of(const float srgb[3])
{
  return g_strdup_printf("#%02x%02x%02x", (int)lroundf(CLAMP(srgb[0], 0.0f, 1.0f) * 255.0f),
                         (int)lroundf(CLAMP(srgb[1], 0.0f, 1.0f) * 255.0f),
                         (int)lroundf(CLAMP(srgb[2], 0.0f, 1.0f) * 255.0f));
}

static gchar *
analysis_report(const SmpAnalysis *a, gdouble ppi)
{
  GString *report = g_string_new(NULL);
  g_string_append_printf(report,
                         "Analysed %d x %d px at %.0f ppi (%.0f x %.0f mm). Long hair %.1f cm², "
                         "stubble %.1f cm², bald scalp %.1f cm².",
                         a->width, a->height, ppi, a->width / a->px_per_mm,
                         a->height / a->px_per_mm, a->hair_cm2, a->stubble_cm2, a->scalp_cm2);
  if (a->fringe_found) {
    g_autofree gchar *dot = hex_of(a->fringe_srgb), *skin = hex_of(a->fringe_skin_srgb);
    g_string_append_printf(report,
                           "\nStubble fringe: %.1f per cm², dots %.3f mm, %s%s on skin %s "
                           "(%d dots over %.1f cm², %d samples of 8 mm).",
                           a->fringe_density, a->fringe_dot_mm, dot,
                           a->fringe_light_dots ? " (lighter than the skin)" : "", skin,
                           a->fringe_dots, a->fringe_area_cm2, a->fringe_tiles);
  } else {
    g_string_append(report, "\nNo stubble fringe to measure: the fringe needs at least 8 mm of "
                            "shaved, hair-bearing scalp with dots in it; fringe values are 0.");
  }
  return g_string_free(report, FALSE);
}

/* The image and drawables the analysis can read: one colour photo layer. */
static gboolean
check_photo(GimpImage *image, GimpDrawable **drawables, GimpProcedureConfig *config, GError **error)
{
  GimpDrawable *drawable = drawables && drawables[0] ? drawables[0] : NULL;

  if (!smp_plugin_check_image(image, error) ||
      !smp_plugin_check_arguments(image, drawables, config, error))
    return FALSE;
  if (gimp_image_get_base_type(image) != GIMP_RGB) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                "image: the analysis tells skin from hair by colour, and this image is "
                "grayscale; analyse the colour photo (or convert it with Image > Mode > RGB)");
    return FALSE;
  }
  if (!drawable || drawables[1] || !GIMP_IS_LAYER(drawable) || GIMP_IS_GROUP_LAYER(drawable)) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "drawable: select exactly one photo layer (not a group, mask or channel)");
    return FALSE;
  }
  return TRUE;
}

/* Nothing is added unless the photo shows both sides of the line between hair and scalp. */
static gboolean
check_found(const SmpAnalysis *a, const SmpThinning *thinning, gboolean selected, gdouble ppi,
            GError **error)
{
  gboolean no_hair = a->hair_cm2 + a->stubble_cm2 < MIN_FOUND_CM2;

  /* the scalp seen between thinning strands counts as scalp */
  if (!no_hair && a->scalp_cm2 + thinning->visible_cm2 >= MIN_FOUND_CM2)
    return TRUE;
  g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
              "drawable: no %s found in the %s (%.1f cm² of long hair, %.1f cm² of stubble, "
              "%.1f cm² of bald scalp at %g ppi); analyse a photo of a head that shows "
              "both, with the head filling much of the picture",
              no_hair ? "hair (long hair or stubble)" : "bald scalp",
              selected ? "selected part of the photo" : "photo", a->hair_cm2, a->stubble_cm2,
              a->scalp_cm2, ppi);
  return FALSE;
}

/* The three mask layers over the photo layer, in one undo step. */
static void
add_mask_layers(GimpImage *image, GimpDrawable *drawable, const SmpAnalysis *a)
{
  SmpTarget target;

  smp_plugin_target_area(image, drawable, &target);
  gimp_drawable_get_offsets(drawable, &target.x, &target.y);
  target.width = gimp_drawable_get_width(drawable);
  target.height = gimp_drawable_get_height(drawable);
  gimp_image_undo_group_start(image);
  add_mask_layer(&target, &mask_layers[0], a->scalp);
  add_mask_layer(&target, &mask_layers[1], a->stubble);
  add_mask_layer(&target, &mask_layers[2], a->hair);
  gimp_image_undo_group_end(image);
}

static GimpValueArray *
analyse_run(GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
            GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data)
{
  GError *error = NULL;
  gdouble ppi_argument, ppi;
  gint w, h;
  g_autofree guint8 *rgba = NULL, *selection = NULL;
  g_autoptr(SmpAnalysis) a = NULL;
  SmpThinning *thinning;
  GimpValueArray *values;
  GeglColor *colour;
  gchar *report;

  if (!check_photo(image, drawables, config, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  if (run_mode == GIMP_RUN_INTERACTIVE && !analyse_dialog(procedure, config))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, NULL);
  g_object_get(config, "ppi", &ppi_argument, NULL);
  w = gimp_drawable_get_width(drawables[0]);
  h = gimp_drawable_get_height(drawables[0]);
  if (!smp_plugin_image_ppi(image, ppi_argument, run_mode, &ppi, &error) ||
      !smp_plugin_check_photo_size(w, h, ppi, MIN_SIDE_MM, MAX_MEGAPIXELS, "to analyse", "the head",
                                   &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);

  gimp_progress_init("Analysing the photo");
  rgba = smp_plugin_read_pixels(image, drawables[0], &selection);
  a = smp_analyse_photo(rgba, selection, w, h, smp_plugin_px_per_mm(ppi));
  thinning = smp_thinning_find(rgba, a);
  g_clear_pointer(&rgba, g_free);
  gimp_progress_update(1.0);
  if (!check_found(a, thinning, selection != NULL, ppi, &error)) {
    smp_thinning_free(thinning);
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_EXECUTION_ERROR, error);
  }
  add_mask_layers(image, drawables[0], a);

  report = analysis_report(a, ppi);
  if (thinning->found) {
    gchar *more = g_strdup_printf("%s\nThinning: the scalp shows through %.0f %% of the long hair "
                                  "(%.1f cm² of %.1f cm²); Follicle Dots with 'thinning' hides it.",
                                  report, 100.0 * thinning->scalp_visible, thinning->visible_cm2,
                                  thinning->hair_cm2);
    g_free(report);
    report = more;
  }
  colour = gegl_color_new(NULL);
  gegl_color_set_pixel(
      colour, babl_format("R'G'B'A float"),
      (const gfloat[4]){a->fringe_srgb[0], a->fringe_srgb[1], a->fringe_srgb[2], 1.0f});
  if (run_mode == GIMP_RUN_INTERACTIVE)
    gimp_message(report);
  values = smp_plugin_success(procedure, run_mode);
  GIMP_VALUES_SET_DOUBLE(values, 1, a->fringe_found ? a->fringe_density : 0.0);
  GIMP_VALUES_SET_DOUBLE(values, 2, a->fringe_found ? a->fringe_dot_mm : 0.0);
  GIMP_VALUES_SET_COLOR(values, 3, colour);
  GIMP_VALUES_TAKE_STRING(values, 4, report);
  GIMP_VALUES_SET_DOUBLE(values, 5, thinning->scalp_visible);
  g_object_unref(colour);
  smp_thinning_free(thinning);
  return values;
}

GimpProcedure *
smp_analyse_create(GimpPlugIn *plug_in)
{
  GimpProcedure *procedure = gimp_image_procedure_new(
      plug_in, ANALYSE_PROC, GIMP_PDB_PROC_TYPE_PLUGIN, analyse_run, NULL, NULL);
  GeglColor *black;

  babl_init(); /* GIMP queries procedures before it initialises GEGL; a colour needs babl */
  black = gegl_color_new("black");

  gimp_procedure_set_image_types(procedure, "RGB*");
  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE);
  gimp_procedure_set_menu_label(procedure, "_Analyse Photo...");
  gimp_procedure_add_menu_path(procedure, SMP_MENU_PATH);
  gimp_procedure_set_documentation(
      procedure,
      "Find long hair, stubble and bald scalp in a photo of a head, and measure the "
      "stubble fringe",
      "Reads the photo layer (only the selected part when there is a selection) at a known "
      "scale and adds three layers above it whose alpha is a soft mask: long hair, stubble "
      "(shaved, hair-bearing scalp) and bald scalp. The stubble fringe is measured on samples "
      "spread over it: its density (dots per cm², the unit of the follicle dots), its dot size "
      "(mm) and the colour of its dots. Works on every skin tone and hair colour the dots stand "
      "out from, in top, front and side views, under light from one side, on JPEG photos. "
      "Existing pixels are never changed; one undo step removes the layers. A photo without "
      "hair or without bald scalp, grayscale, too small or too large is refused with a message "
      "and nothing is added.",
      ANALYSE_PROC);
  gimp_procedure_set_attribution(procedure, "smp-studio", "smp-studio", "2025");

  gimp_procedure_add_double_argument(procedure, "ppi", "Resolution (_ppi)",
                                     "Pixels per inch of the photo, 1 to 9600; 0 = the image "
                                     "resolution (which must then be calibrated: 72 ppi, what "
                                     "cameras record when they do not know it, is refused)",
                                     0.0, GIMP_MAX_RESOLUTION, 0.0, G_PARAM_READWRITE);

  gimp_procedure_add_double_return_value(procedure, "fringe-density", "Fringe density",
                                         "Stubble dots per cm² in the fringe (0 when no fringe "
                                         "was measured)",
                                         0.0, 10000.0, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_return_value(procedure, "fringe-dot-size", "Fringe dot size",
                                         "Median diameter of the fringe's dots in mm (0 when no "
                                         "fringe was measured)",
                                         0.0, 100.0, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_color_return_value(procedure, "fringe-color", "Fringe color",
                                        "Colour of the fringe's dots (black when no fringe was "
                                        "measured)",
                                        FALSE, black, G_PARAM_READWRITE);
  gimp_procedure_add_string_return_value(procedure, "report", "Report",
                                         "What was found, with areas and the fringe's measures", "",
                                         G_PARAM_READWRITE);
  gimp_procedure_add_double_return_value(procedure, "scalp-visible", "Scalp visible",
                                         "Share of the long hair's area where the scalp shows "
                                         "between the strands, 0 to 1 (thinning; 0 when none "
                                         "shows or strands and skin are too close in colour)",
                                         0.0, 1.0, 0.0, G_PARAM_READWRITE);
  g_object_unref(black);
  return procedure;
}
