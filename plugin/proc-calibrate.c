/* plug-in-smp-calibrate: gives a photo its true scale.
 *
 * A photo carries no real scale, yet every millimetre in smp-studio (dot size, hairline height,
 * density per cm²) is converted with the image resolution. This procedure sets the x and y
 * resolution from a known distance visible in the photo: a ruler, a card, or the interpupillary
 * distance, marked by two points or by a two-point path.
 */
#include <math.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-procedures.h"

#define CALIBRATE_PROC "plug-in-smp-calibrate"

/* Known references, in mm. The adult interpupillary distance is a population mean (about 63 mm),
 * so it calibrates to a few percent at best: a ruler in the photo is always better. */
typedef enum {
  REFERENCE_CUSTOM,
  REFERENCE_RULER_50MM,
  REFERENCE_RULER_100MM,
  REFERENCE_ID_CARD,
  REFERENCE_IPD_ADULT,
} CalibrateReference;

static const gdouble reference_mm[] = {
    [REFERENCE_CUSTOM] = 0.0,   [REFERENCE_RULER_50MM] = 50.0, [REFERENCE_RULER_100MM] = 100.0,
    [REFERENCE_ID_CARD] = 85.6, [REFERENCE_IPD_ADULT] = 63.0,
};

typedef struct {
  gdouble x1, y1, x2, y2;
} Segment;

static gdouble
segment_length(const Segment *s)
{
  return hypot(s->x2 - s->x1, s->y2 - s->y1);
}

/* The end points of a two-point path: its two anchors, whatever the number of strokes. */
static gboolean
path_segment(GimpPath *path, Segment *segment, GError **error)
{
  gsize n_strokes = 0;
  g_autofree gint *strokes = gimp_path_get_strokes(path, &n_strokes);
  gdouble anchors[4];
  gint n_anchors = 0;

  for (gsize s = 0; s < n_strokes; s++) {
    gsize n_values = 0;
    g_autofree gdouble *values = NULL;
    gboolean closed = FALSE;

    gimp_path_stroke_get_points(path, strokes[s], &n_values, &values, &closed);
    /* A Bézier stroke is a list of (control, anchor, control) triplets of x, y pairs. */
    for (gsize v = 2; v + 1 < n_values; v += 6) {
      if (n_anchors < 2) {
        anchors[2 * n_anchors] = values[v];
        anchors[2 * n_anchors + 1] = values[v + 1];
      }
      n_anchors++;
    }
  }

  if (n_anchors != 2) {
    g_autofree gchar *name = gimp_item_get_name(GIMP_ITEM(path));
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "path: '%s' has %d anchor point%s; draw exactly two points, one at each end of "
                "the known distance",
                name, n_anchors, n_anchors == 1 ? "" : "s");
    return FALSE;
  }
  *segment = (Segment){anchors[0], anchors[1], anchors[2], anchors[3]};
  return TRUE;
}

/* In interactive mode a path selected in the Paths dock is the natural input. */
static GimpPath *
selected_two_point_path(GimpImage *image)
{
  g_autofree GimpPath **paths = gimp_image_get_selected_paths(image);
  GimpPath *found = NULL;
  Segment unused;

  if (paths && paths[0] && !paths[1] && path_segment(paths[0], &unused, NULL))
    found = paths[0];
  return found;
}

static gboolean
calibrate_dialog(GimpProcedure *procedure, GimpProcedureConfig *config, GimpImage *image)
{
  GimpPath *path = NULL;
  GtkWidget *dialog;
  GimpValueArray *custom;
  GValue value = G_VALUE_INIT;
  gboolean run;

  gimp_ui_init(SMP_PLUGIN_BINARY);
  g_object_get(config, "path", &path, NULL); /* a reference of ours */
  if (!path) {
    path = selected_two_point_path(image);
    if (path) {
      g_object_ref(path); /* ours too, like the one g_object_get gives */
      g_object_set(config, "path", path, NULL);
    }
  }

  dialog = gimp_procedure_dialog_new(procedure, config, "Calibrate Scale");
  custom = gimp_value_array_new(1);
  g_value_init(&value, G_TYPE_STRING);
  g_value_set_static_string(&value, "custom");
  gimp_value_array_append(custom, &value);
  g_value_unset(&value);
  if (path) {
    g_autofree gchar *name = gimp_item_get_name(GIMP_ITEM(path));
    g_autofree gchar *text =
        g_strdup_printf("Measuring between the two points of the path '%s'.", name);
    gimp_procedure_dialog_get_label(GIMP_PROCEDURE_DIALOG(dialog), "path-label", text, FALSE,
                                    FALSE);
    gimp_procedure_dialog_fill(GIMP_PROCEDURE_DIALOG(dialog), "reference", "distance", "path-label",
                               NULL);
  } else {
    GtkWidget *label = gimp_procedure_dialog_get_label(
        GIMP_PROCEDURE_DIALOG(dialog), "points-label",
        "Give two points (image pixels) at the ends of the known distance, or select a path with "
        "two points before opening this dialog.",
        FALSE, FALSE);
    gtk_label_set_line_wrap(GTK_LABEL(label), TRUE);
    gtk_label_set_max_width_chars(GTK_LABEL(label), 60);
    gtk_label_set_xalign(GTK_LABEL(label), 0.0);
    gimp_procedure_dialog_fill(GIMP_PROCEDURE_DIALOG(dialog), "reference", "distance",
                               "points-label", "x1", "y1", "x2", "y2", NULL);
  }
  /* The distance only matters for a custom reference; the widget exists once filled in. */
  gimp_procedure_dialog_set_sensitive_if_in(GIMP_PROCEDURE_DIALOG(dialog), "distance", NULL,
                                            "reference", custom, TRUE);
  run = gimp_procedure_dialog_run(GIMP_PROCEDURE_DIALOG(dialog));
  gtk_widget_destroy(dialog);
  g_clear_object(&path);
  return run;
}

static GimpValueArray *
calibrate_run(GimpProcedure *procedure, GimpRunMode run_mode, GimpImage *image,
              GimpDrawable **drawables, GimpProcedureConfig *config, gpointer run_data)
{
  GError *error = NULL;
  g_autoptr(GimpPath) path = NULL;
  Segment segment;
  gdouble distance, pixels, ppi;
  gint reference;
  gboolean from_path;
  GimpValueArray *values;

  if (run_mode == GIMP_RUN_INTERACTIVE && !calibrate_dialog(procedure, config, image))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, NULL);
  if (!smp_plugin_check_arguments(image, drawables, config, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);

  g_object_get(config, "distance", &distance, "x1", &segment.x1, "y1", &segment.y1, "x2",
               &segment.x2, "y2", &segment.y2, "path", &path, NULL);
  reference = gimp_procedure_config_get_choice_id(config, "reference");
  if (reference != REFERENCE_CUSTOM)
    distance = reference_mm[reference];

  from_path = path != NULL;
  if (from_path && !path_segment(path, &segment, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);

  /* Below a pixel the marked length is noise, not a measurement. */
  pixels = segment_length(&segment);
  if (pixels < 1.0) {
    g_set_error(&error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                from_path ? "path: its two points are %.2f px apart; they must mark the two ends "
                            "of the known distance"
                          : "x1, y1, x2, y2: the two points are %.2f px apart; give two distinct "
                            "points at the ends of the known distance (or a two-point path)",
                pixels);
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  }

  ppi = pixels / (distance / gimp_unit_get_factor(gimp_unit_mm()));
  if (ppi < GIMP_MIN_RESOLUTION || ppi > GIMP_MAX_RESOLUTION) {
    g_set_error(&error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "distance: %.2f px for %g mm gives %g ppi, outside GIMP's range %g to %g ppi",
                pixels, distance, ppi, GIMP_MIN_RESOLUTION, GIMP_MAX_RESOLUTION);
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  }

  gimp_image_undo_group_start(image);
  gimp_image_set_resolution(image, ppi, ppi);
  gimp_image_undo_group_end(image);

  if (run_mode == GIMP_RUN_INTERACTIVE) {
    g_autofree gchar *message =
        g_strdup_printf("Scale set to %.2f ppi (%.3f px per mm).", ppi, smp_plugin_px_per_mm(ppi));
    gimp_message(message);
  }

  values = smp_plugin_success(procedure, run_mode);
  GIMP_VALUES_SET_DOUBLE(values, 1, ppi);
  return values;
}

GimpProcedure *
smp_calibrate_create(GimpPlugIn *plug_in)
{
  GimpProcedure *procedure;
  GimpChoice *references;

  procedure = gimp_image_procedure_new(plug_in, CALIBRATE_PROC, GIMP_PDB_PROC_TYPE_PLUGIN,
                                       calibrate_run, NULL, NULL);
  gimp_procedure_set_image_types(procedure, "*");
  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_DRAWABLE |
                                                     GIMP_PROCEDURE_SENSITIVE_DRAWABLES |
                                                     GIMP_PROCEDURE_SENSITIVE_NO_DRAWABLES);
  gimp_procedure_set_menu_label(procedure, "_Calibrate Scale...");
  gimp_procedure_add_menu_path(procedure, SMP_MENU_PATH);
  gimp_procedure_set_documentation(
      procedure, "Set the image resolution from a known distance in the photo",
      "Photos carry no true scale, and every millimetre in smp-studio is converted with the image "
      "resolution. Mark a known distance (a ruler, an ID card, or the pupils) with a path of two "
      "points or with the points x1, y1 and x2, y2 in image pixels, and give its real length: "
      "'distance' in mm for the custom reference, or a known reference. The x and y resolution "
      "are set to the computed ppi in one undo step, and the ppi is returned. A path, when given, "
      "is used instead of the points.",
      CALIBRATE_PROC);
  gimp_procedure_set_attribution(procedure, "smp-studio", "smp-studio", "2025");

  references = gimp_choice_new_with_values(
      "custom", REFERENCE_CUSTOM, "Custom distance", "The length given in 'distance'", "ruler-50mm",
      REFERENCE_RULER_50MM, "Ruler, 50 mm", "50 mm marked on a ruler", "ruler-100mm",
      REFERENCE_RULER_100MM, "Ruler, 100 mm", "100 mm marked on a ruler", "id-card",
      REFERENCE_ID_CARD, "ID card width (85.6 mm)",
      "The long edge of a bank or ID card (ISO/IEC 7810 ID-1)", "ipd-adult", REFERENCE_IPD_ADULT,
      "Pupils, adult average (63 mm)",
      "Centre to centre of the pupils, looking straight ahead; an average, so a few percent "
      "uncertain",
      NULL);
  gimp_procedure_add_choice_argument(procedure, "reference", "Re_ference",
                                     "What the marked distance is", references, "custom",
                                     G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "distance", "_Distance (mm)",
                                     "Real length of the marked distance in mm (reference "
                                     "'custom')",
                                     0.1, 10000.0, 50.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "x1", "X_1", "First point, x (image pixels)",
                                     -GIMP_MAX_IMAGE_SIZE, GIMP_MAX_IMAGE_SIZE, 0.0,
                                     G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "y1", "Y1", "First point, y (image pixels)",
                                     -GIMP_MAX_IMAGE_SIZE, GIMP_MAX_IMAGE_SIZE, 0.0,
                                     G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "x2", "X_2", "Second point, x (image pixels)",
                                     -GIMP_MAX_IMAGE_SIZE, GIMP_MAX_IMAGE_SIZE, 0.0,
                                     G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "y2", "Y2", "Second point, y (image pixels)",
                                     -GIMP_MAX_IMAGE_SIZE, GIMP_MAX_IMAGE_SIZE, 0.0,
                                     G_PARAM_READWRITE);
  gimp_procedure_add_path_argument(procedure, "path", "_Path",
                                   "A path with exactly two points at the ends of the known "
                                   "distance; used instead of x1, y1, x2, y2",
                                   TRUE, G_PARAM_READWRITE);
  gimp_procedure_add_double_return_value(
      procedure, "ppi", "Resolution", "The resolution set, in pixels per inch", GIMP_MIN_RESOLUTION,
      GIMP_MAX_RESOLUTION, 72.0, G_PARAM_READWRITE);
  return procedure;
}
