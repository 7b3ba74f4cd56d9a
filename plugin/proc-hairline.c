/* plug-in-smp-hairline: a hairline design or hair-loss pattern layer, optionally filled with dots.
 *
 * The smp:hairline-mask op renders the design (a density mask, or its outline for stencils) on a
 * new layer as an editable effect. With fill-dots, smp:follicle-dots is a second effect on the same
 * layer, reading the mask's alpha as density: the dots thin out through the transition zone, and an
 * edit of the design (its pattern, its height) moves the dots with it, as there is one design.
 * The op's parameters are PDB arguments of the same names; origin-x and origin-y are image
 * coordinates here and are moved into the layer's own when the effect is set.
 */
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-hairline-args.h"
#include "smp-match-args.h"
#include "smp-procedures.h"

#define HAIRLINE_PROC "plug-in-smp-hairline"
#define HAIRLINE_OP "smp:hairline-mask"

/* A layer over the target with the hairline effect; baked when `merge`. The design's origin is
 * given in image pixels and moved into the layer's own; `surface` says whether its distances are
 * the picture's or the skin's. */
static GimpLayer *
hairline_layer(const SmpTarget *target, const SmpHairlineParams *design,
               const SmpSurfaceRequest *surface, const gchar *name, SmpHairlineOutput output,
               gboolean merge, GError **error)
{
  GimpLayer *layer = smp_plugin_add_layer(target, name);
  GimpDrawableFilter *filter =
      smp_plugin_new_filter(GIMP_DRAWABLE(layer), HAIRLINE_OP, "Hairline", error);
  SmpHairlineParams params = *design;
  gint x, y;

  gimp_drawable_get_offsets(GIMP_DRAWABLE(layer), &x, &y);
  params.origin_x -= x;
  params.origin_y -= y;
  params.output = output;
  if (!filter || !smp_hairline_configure_filter(filter, &params, error) ||
      !smp_surface_configure_hairline(surface, filter, error)) {
    if (filter)
      gimp_drawable_filter_delete(filter);
    gimp_image_remove_layer(target->image, layer);
    return NULL;
  }
  smp_plugin_finish_filter(GIMP_DRAWABLE(layer), filter, merge);
  return layer;
}

/* The dots as the layer's next effect, their density the alpha of the design's mask before them:
 * GIMP feeds each effect of a layer the result of the one below. */
static gboolean
add_dots(GimpLayer *layer, const SmpTarget *target, SmpDotsRequest *request, gboolean merge,
         GError **error)
{
  GimpDrawableFilter *filter =
      smp_plugin_new_filter(GIMP_DRAWABLE(layer), "smp:follicle-dots", "Follicle dots", error);

  if (!filter)
    return FALSE;
  request->density_from_input = TRUE;
  smp_surface_place(&request->surface, target);
  smp_dots_request_configure(request, filter);
  smp_plugin_finish_filter(GIMP_DRAWABLE(layer), filter, merge);
  return TRUE;
}

static GimpValueArray *hairline_run(GimpProcedure *procedure, GimpRunMode run_mode,
                                    GimpImage *image, GimpDrawable **drawables,
                                    GimpProcedureConfig *config, gpointer run_data);

/* Thirty arguments in one column are taller than a laptop screen: the hairline design on the
 * left (placement folded away), on the right the optional dots in a frame that its checkbox
 * switches on, and what the layer shows. The surface and the head's height (on the dome) and the
 * seed (the irregularity) shape the design itself, so they sit with the design and the head's
 * size, not among the dots. */
static gboolean
hairline_dialog(GimpProcedure *procedure, GimpProcedureConfig *config, GimpImage *image,
                GimpDrawable **drawables)
{
  GtkWidget *dialog = smp_dialog_new(procedure, config, image, "Hairline");
  GimpProcedureDialog *pd = GIMP_PROCEDURE_DIALOG(dialog);
  GtkWidget *columns;

  smp_dialog_add_preview(dialog, image, drawables, hairline_run);

  gimp_procedure_dialog_fill_box(pd, "placement-box", "origin-x", "origin-y", "angle", "head-width",
                                 "head-length", "head-height", "whorl-side", "whorl-behind",
                                 "whorl-clockwise", NULL);
  gimp_procedure_dialog_get_label(pd, "placement-label", "Placement and head size", FALSE, FALSE);
  gimp_procedure_dialog_fill_expander(pd, "placement", "placement-label", FALSE, "placement-box");
  gimp_procedure_dialog_fill_box(pd, "design-box", "view-choice", "surface-choice",
                                 "hairline-height", "temple-width", "recession", "shape-choice",
                                 "pattern-choice", "client-hair", "area-choice", "transition",
                                 "irregularity", "asymmetry", "seed", "placement", NULL);
  gimp_procedure_dialog_fill_box(pd, "dots-box", "hair-type-choice", "skin-tone-choice", "density",
                                 "dot-size", "dilution", "coverage", "appearance-choice",
                                 "graded-zone", "match-from", NULL);
  gimp_procedure_dialog_fill_frame(pd, "dots-frame", "fill-dots", FALSE, "dots-box");
  /* The dots read the mask's alpha: with them, the output is the mask. */
  gimp_procedure_dialog_set_sensitive(pd, "output-mode-choice", TRUE, G_OBJECT(config), "fill-dots",
                                      TRUE);
  gimp_procedure_dialog_fill_box(pd, "right-box", "dots-frame", "output-mode-choice",
                                 "outline-width", NULL);
  columns = gimp_procedure_dialog_fill_box(pd, "columns", "design-box", "right-box", NULL);
  gtk_orientable_set_orientation(GTK_ORIENTABLE(columns), GTK_ORIENTATION_HORIZONTAL);
  gtk_box_set_spacing(GTK_BOX(columns), 18);
  return smp_dialog_run(dialog, image, "columns", "merge", "ppi", NULL);
}

/* match-from and client-hair. The client's hair from the photo takes the place of a template
 * stage: the design alone, minus that hair, is the area to treat. */
static gboolean
hairline_client_hair(SmpDotsRequest *request, GimpProcedureConfig *config, GimpImage *image,
                     GimpDrawable *drawable, const SmpTarget *target, SmpHairlineParams *design,
                     gchar **report, GError **error)
{
  if (!smp_match_request_from_config(request, config, image, drawable, target, report, error))
    return FALSE;
  if (!request->client_hair)
    return TRUE;
  if (design->pattern != SMP_HAIRLINE_PATTERN_FULL) {
    g_set_error_literal(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                        "client-hair: the client's current hair comes either from the photo "
                        "(client-hair) or from a template stage (pattern), not both; set pattern "
                        "to full");
    return FALSE;
  }
  design->area = SMP_HAIRLINE_AREA_CURRENT; /* with pattern full: the design alone */
  return TRUE;
}

/* The arguments after the dialog, the design's and the dots'. */
typedef struct {
  SmpHairlineParams design;
  SmpHairlineOutput output;
  gchar *output_nick;
  gboolean fill_dots, merge;
} HairlineArgs;

static void
hairline_args_clear(HairlineArgs *args)
{
  g_clear_pointer(&args->output_nick, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(HairlineArgs, hairline_args_clear)

/* Reads the design, its output and the dots at the image's scale; FALSE with `error` set when an
 * argument is wrong or they do not fit together. */
static gboolean
hairline_read_arguments(GimpProcedureConfig *config, GimpImage *image, GimpRunMode run_mode,
                        HairlineArgs *args, SmpDotsRequest *request, GError **error)
{
  gdouble ppi, ppi_argument;

  if (!smp_dots_request_from_config(request, config, error))
    return FALSE;
  smp_hairline_params_from_config(config, &args->design);
  g_object_get(config, "origin-x", &args->design.origin_x, "origin-y", &args->design.origin_y,
               "output-mode", &args->output_nick, "fill-dots", &args->fill_dots, "merge",
               &args->merge, "ppi", &ppi_argument, NULL);
  args->output = g_strcmp0(args->output_nick, "outline") == 0 ? SMP_HAIRLINE_OUTPUT_OUTLINE
                                                              : SMP_HAIRLINE_OUTPUT_MASK;
  if (args->fill_dots && args->output == SMP_HAIRLINE_OUTPUT_OUTLINE) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "output-mode: the dots of fill-dots follow the density mask; choose the output "
                "'mask' with fill-dots (plug-in-smp-stencil draws the outline with its dots)");
    return FALSE;
  }
  if (!smp_plugin_image_ppi(image, ppi_argument, run_mode, &ppi, error))
    return FALSE;
  request->ppi = ppi;
  args->design.ppi = ppi;
  return TRUE;
}

/* The design's layer, with fill-dots its dots on it, in one undo step. NULL with `error` set and
 * no layer left behind when a step fails. */
static GimpLayer *
hairline_add_layers(GimpImage *image, const SmpTarget *target, const HairlineArgs *args,
                    SmpDotsRequest *request, const gchar *match_report, GimpRunMode run_mode,
                    GError **error)
{
  g_autofree gchar *name = NULL;
  GimpLayer *layer;

  gimp_image_undo_group_start(image);
  name = args->fill_dots
             ? smp_dots_request_layer_name(request, request->matched
                                                        ? "SMP hairline dots matched to the fringe"
                                                        : "SMP hairline dots")
             : g_strdup_printf("SMP hairline (%s)", args->output_nick);
  /* With merge, the mask is baked first and the dots read it from the pixels. */
  layer = hairline_layer(target, &args->design, &request->surface, name, args->output, args->merge,
                         error);
  /* the design kept with the layer, for the stencil when its effect is baked */
  if (layer)
    smp_hairline_record_attach(layer, &args->design);
  /* the area to treat: the design minus the client's hair (a mask; an outline stays whole) */
  if (layer && args->output == SMP_HAIRLINE_OUTPUT_MASK)
    smp_match_subtract_client_hair(request, GIMP_DRAWABLE(layer), error);
  if (layer && args->fill_dots && !*error)
    add_dots(layer, target, request, args->merge, error);
  if (*error && layer) {
    gimp_image_remove_layer(image, layer);
    layer = NULL;
  }
  if (layer)
    smp_plugin_mask_to_selection(target, layer, args->merge);
  if (layer && args->fill_dots)
    smp_match_note(request, layer, match_report, run_mode);
  gimp_image_undo_group_end(image);
  return layer;
}

static GimpValueArray *
hairline_run(GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
             GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data)
{
  GimpDrawable *drawable = drawables && drawables[0] ? drawables[0] : NULL;
  GimpLayer *layer;
  g_auto(SmpDotsRequest) request = {0};
  g_auto(HairlineArgs) args = {0};
  GError *error = NULL;
  SmpTarget target;
  g_autofree gchar *warnings = NULL, *match_report = NULL;
  GimpValueArray *values;

  if (!smp_plugin_check_image(image, &error) ||
      !smp_plugin_check_arguments(image, drawables, config, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  if (run_mode == GIMP_RUN_INTERACTIVE) {
    if (!hairline_dialog(procedure, config, image, drawables))
      return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, NULL);
  }
  smp_plugin_report_preset_problems();

  if (!hairline_read_arguments(config, image, run_mode, &args, &request, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  warnings = smp_hairline_warn(&args.design);

  smp_plugin_target_area(image, drawable, &target);
  /* Without a given origin, the design sits in the middle of the area. */
  if (args.design.origin_x < 0.0)
    args.design.origin_x = target.x + target.width / 2.0;
  if (args.design.origin_y < 0.0)
    args.design.origin_y = target.y + target.height / 2.0;
  if (!hairline_client_hair(&request, config, image, drawable, &target, &args.design, &match_report,
                            &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);

  layer = hairline_add_layers(image, &target, &args, &request, match_report, run_mode, &error);
  if (error)
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_EXECUTION_ERROR, error);

  values = smp_plugin_success(procedure, run_mode);
  GIMP_VALUES_SET_LAYER(values, 1, layer);
  GIMP_VALUES_SET_LAYER(values, 2, args.fill_dots ? layer : NULL);
  GIMP_VALUES_SET_STRING(values, 3, warnings);
  return values;
}

GimpProcedure *
smp_hairline_create(GimpPlugIn *plug_in)
{
  GimpProcedure *procedure =
      smp_plugin_layer_procedure_new(plug_in, HAIRLINE_PROC, hairline_run, "_Hairline Layer...");

  gimp_procedure_set_documentation(
      procedure, "Add a hairline design or hair-loss pattern layer, optionally filled with dots",
      "Adds a new layer above the active layer, covering it or the selection, with a hairline "
      "design or hair-loss pattern drawn by the smp:hairline-mask GEGL operation: a density mask "
      "(white, alpha = density) or its outline for stencils. origin-x, origin-y are image "
      "coordinates of the glabella (front view) or of the midline point between the ear canals "
      "(top view); -1 puts them in the middle of the area. With fill-dots, smp:follicle-dots is a "
      "second effect on the same layer drawing dots whose density follows the mask (output-mode "
      "mask), with the hair type and skin tone presets: editing the design moves its dots. "
      "Sizes are in mm, converted with the image resolution or 'ppi'. The results are editable "
      "effects unless 'merge' bakes them. Existing pixels are never changed; one undo step removes "
      "everything. Returns the hairline layer and the layer holding the dots (the same layer with "
      "fill-dots, none without).",
      HAIRLINE_PROC);

  smp_hairline_add_choice_arguments(procedure);
  /* The one hairline property the stencil does not share (it always draws the outline). */
  smp_plugin_add_op_choice_argument(
      procedure, "output-mode", "_Output",
      "mask: white with alpha = density; outline: a thin line along the design line and the zone "
      "edges, for stencils",
      HAIRLINE_OP, "mask", NULL);
  gimp_procedure_add_double_argument(
      procedure, "origin-x", "Origin _X",
      "Image x of the glabella (front) or of the point between the ears (top); -1 = the middle",
      -1.0, GIMP_MAX_IMAGE_SIZE, -1.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(
      procedure, "origin-y", "Origin _Y",
      "Image y of the glabella (front) or of the point between the ears (top); -1 = the middle",
      -1.0, GIMP_MAX_IMAGE_SIZE, -1.0, G_PARAM_READWRITE);
  smp_hairline_add_double_arguments(procedure);
  gimp_procedure_add_boolean_argument(procedure, "fill-dots", "_Fill with dots",
                                      "Fill the design with follicle dots whose density follows "
                                      "its mask: a second effect on the hairline layer",
                                      FALSE, G_PARAM_READWRITE);
  smp_add_dots_arguments(procedure, TRUE);
  smp_add_common_arguments(procedure);
  smp_surface_add_arguments(procedure, FALSE);
  smp_add_preview_argument(procedure);
  smp_match_add_arguments(procedure, TRUE);

  gimp_procedure_add_layer_return_value(procedure, "layer", "Layer", "The new hairline layer",
                                        FALSE, G_PARAM_READWRITE);
  gimp_procedure_add_layer_return_value(procedure, "dots-layer", "Dots layer",
                                        "The layer holding the dots: the hairline layer with "
                                        "fill-dots, none without",
                                        TRUE, G_PARAM_READWRITE);
  gimp_procedure_add_string_return_value(
      procedure, "warnings", "Warnings",
      "The guardrails the design breaks, one a line, each naming its rule (empty when none); the "
      "design is made all the same",
      "", G_PARAM_READWRITE);
  return procedure;
}
