/* plug-in-smp-stencil: a printable 1:1 practitioner stencil.
 *
 * A new image at true scale (resolution = design ppi), black on white: the hairline outline and
 * zone edges from smp:hairline-mask, optional dots from smp:follicle-dots, the landmarks, a light
 * mm grid aligned on the glabella and a 50 mm calibration bar with a "print at 100 %" note. It is
 * exported with GIMP's own PDF exporter, whose page size is the image size divided by its
 * resolution, so the page measures the design's real size. Printers and dialogs that "fit to page"
 * break that, hence the bar: the practitioner checks it with a ruler before drawing on the scalp.
 */
#include <math.h>
#include <stdarg.h>

#include <gobject/gvaluecollector.h>
#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-procedures.h"

#define STENCIL_PROC "plug-in-smp-stencil"
#define HAIRLINE_OP "smp:hairline-mask"
#define DOTS_OP "smp:follicle-dots"

#define CALIBRATION_MM 50.0
#define MARGIN_MM 10.0
/* Default glabella position for the front view, above the bottom edge. */
#define GLABELLA_FROM_BOTTOM_MM 30.0
/* A whole stencil lives in memory several times over (layers, flattened copy for the PDF). */
#define MAX_MEGAPIXELS 250.0

#define PAPER_COLOR "#ffffff"
#define INK_COLOR "#000000"
#define GRID_MINOR_COLOR "#dcdcdc"
#define GRID_MAJOR_COLOR "#a8a8a8"

static const gchar *const view_nicks[] = {"front", "top"};
static const gchar *const view_labels[] = {"Front (face photo)", "Top (scalp from above)"};

static const gchar *const shape_nicks[] = {"natural",    "straight", "rounded",
                                           "widow-peak", "m-shape",  "broken"};
static const gchar *const shape_labels[] = {
    "Natural",      "Straight (edge-up)",   "Rounded",
    "Widow's peak", "M-shape (recessions)", "Broken / soft"};

static const gchar *const pattern_nicks[] = {"full",       "norwood-1",  "norwood-2",  "norwood-3",
                                             "norwood-4",  "norwood-5",  "norwood-6",  "norwood-7",
                                             "norwood-3v", "norwood-2a", "norwood-3a", "norwood-4a",
                                             "norwood-5a", "ludwig-1",   "ludwig-2",   "ludwig-3"};
static const gchar *const pattern_labels[] = {
    "Full (no loss)", "Norwood 1", "Norwood 2",        "Norwood 3",  "Norwood 4",  "Norwood 5",
    "Norwood 6",      "Norwood 7", "Norwood 3 vertex", "Norwood 2a", "Norwood 3a", "Norwood 4a",
    "Norwood 5a",     "Ludwig 1",  "Ludwig 2",         "Ludwig 3"};

/* Everything the stencil is built from, in image pixels where it says px. */
typedef struct {
  gdouble width_mm, height_mm, ppi, px_per_mm;
  gint width, height;
  gdouble origin_x, origin_y;
  gchar *view, *shape, *pattern;
  gdouble angle, hairline_height, temple_width, transition, irregularity, asymmetry;
  gint seed;
  gboolean dots;
  GFile *file;
  GimpFont *font;
  GimpLayer *labels; /* the group holding the text layers */
} Stencil;

typedef struct {
  const gchar *label;
  gdouble x, y;
} Landmark;

static GimpChoice *
choice_from(const gchar *const *nicks, const gchar *const *labels, gsize n)
{
  GimpChoice *choice = gimp_choice_new();

  for (gsize i = 0; i < n; i++)
    gimp_choice_add(choice, nicks[i], (gint)i, labels[i], NULL);
  return choice;
}

static gdouble
mm(const Stencil *s, gdouble millimetres)
{
  return millimetres * s->px_per_mm;
}

/* ---- GIMP work: layers, selections, fills, text -------------------------------------------- */

static GimpLayer *
add_layer(GimpImage *image, const gchar *name, GimpLayerMode mode)
{
  GimpLayer *layer = gimp_layer_new(image, name, gimp_image_get_width(image),
                                    gimp_image_get_height(image), GIMP_RGBA_IMAGE, 100.0, mode);

  gimp_image_insert_layer(image, layer, NULL, 0);
  return layer;
}

static void
fill_with(GimpDrawable *drawable, const gchar *color_name)
{
  GeglColor *color = gegl_color_new(color_name);

  gimp_context_set_foreground(color);
  gimp_drawable_edit_fill(drawable, GIMP_FILL_FOREGROUND);
  g_object_unref(color);
}

/* Adds an axis-aligned rectangle to the selection; pixel edges are where GIMP rounds them. */
static void
select_add(GimpImage *image, gdouble x, gdouble y, gdouble w, gdouble h)
{
  gimp_image_select_rectangle(image, GIMP_CHANNEL_OP_ADD, x, y, w, h);
}

static GimpTextLayer *
add_text(const Stencil *s, GimpImage *image, const gchar *text, gdouble size_mm, gdouble x,
         gdouble y)
{
  GimpTextLayer *layer;
  GeglColor *ink;

  if (!s->font)
    return NULL;
  layer = gimp_text_layer_new(image, text, s->font, size_mm, gimp_unit_mm());
  if (!layer)
    return NULL;
  ink = gegl_color_new(INK_COLOR);
  gimp_text_layer_set_color(layer, ink);
  g_object_unref(ink);
  gimp_image_insert_layer(image, GIMP_LAYER(layer), s->labels, 0);
  gimp_layer_set_offsets(GIMP_LAYER(layer), (gint)round(x), (gint)round(y));
  return layer;
}

/* "Sans-serif" is fontconfig's alias for whatever sans font is installed; a root without any
 * font still gets its stencil, only without text. The font belongs to libgimp (not unreffed). */
static GimpFont *
find_font(void)
{
  GimpFont *font = gimp_font_get_by_name("Sans-serif");

  if (!font)
    font = gimp_context_get_font();
  return font;
}

/* ---- the smp ops, through GIMP's filter API ------------------------------------------------- */

/* Sets op properties by name; a missing property is an error, since names are the API. */
static gboolean
filter_set(GimpDrawableFilter *filter, GError **error, const gchar *first, ...)
{
  GimpDrawableFilterConfig *config = gimp_drawable_filter_get_config(filter);
  const gchar *name;
  gboolean ok = TRUE;
  va_list args;

  va_start(args, first);
  for (name = first; name && ok; name = va_arg(args, const gchar *)) {
    GParamSpec *pspec = g_object_class_find_property(G_OBJECT_GET_CLASS(config), name);
    GValue value = G_VALUE_INIT;
    gchar *collect_error = NULL;

    if (!pspec) {
      gchar *op = gimp_drawable_filter_get_operation_name(filter);
      g_set_error(error, GIMP_PLUG_IN_ERROR, 0, "%s has no property '%s': update smp-ops", op,
                  name);
      g_free(op);
      ok = FALSE;
      break;
    }
    G_VALUE_COLLECT_INIT(&value, pspec->value_type, args, 0, &collect_error);
    if (collect_error) {
      g_set_error(error, GIMP_PLUG_IN_ERROR, 0, "%s: %s", name, collect_error);
      g_free(collect_error);
      ok = FALSE;
      break;
    }
    g_object_set_property(G_OBJECT(config), name, &value);
    g_value_unset(&value);
  }
  va_end(args);
  return ok;
}

/* Renders smp:hairline-mask into a layer with the stencil's design parameters. */
static gboolean
render_hairline(const Stencil *s, GimpDrawable *drawable, const gchar *output, GError **error)
{
  GimpDrawableFilter *filter = smp_plugin_new_filter(drawable, HAIRLINE_OP, "Hairline", error);
  gboolean ok;

  if (!filter)
    return FALSE;
  ok = filter_set(filter, error, "ppi", s->ppi, "view", s->view, "origin-x", s->origin_x,
                  "origin-y", s->origin_y, "angle", s->angle, "hairline-height", s->hairline_height,
                  "temple-width", s->temple_width, "shape", s->shape, "pattern", s->pattern,
                  "transition", s->transition, "irregularity", s->irregularity, "asymmetry",
                  s->asymmetry, "seed", (guint)s->seed, "output", output, NULL);
  if (ok)
    gimp_drawable_merge_filter(drawable, filter);
  else
    gimp_drawable_filter_delete(filter);
  return ok;
}

static gboolean
render_dots(const Stencil *s, GimpDrawable *drawable, GError **error)
{
  GimpDrawableFilter *filter;
  gboolean ok;

  /* The hairline mask's alpha is the density map the dots follow. */
  if (!render_hairline(s, drawable, "mask", error))
    return FALSE;
  filter = smp_plugin_new_filter(drawable, DOTS_OP, "Dots", error);
  if (!filter)
    return FALSE;
  ok = filter_set(filter, error, "ppi", s->ppi, "seed", (guint)s->seed, "density-source",
                  "input-alpha", "output", "stencil", NULL);
  if (ok)
    gimp_drawable_merge_filter(drawable, filter);
  else
    gimp_drawable_filter_delete(filter);
  return ok;
}

/* ---- stencil parts ------------------------------------------------------------------------- */

/* Light 1 mm lines, darker 10 mm lines, both through the glabella, so heights and widths are
 * read off the grid from the landmark the design is measured from. */
static void
draw_grid(const Stencil *s, GimpImage *image)
{
  GimpLayer *layer = add_layer(image, "mm grid", GIMP_LAYER_MODE_NORMAL);
  const gint step_every[2] = {1, 10};
  const gdouble line_mm[2] = {0.1, 0.2};
  const gchar *color[2] = {GRID_MINOR_COLOR, GRID_MAJOR_COLOR};

  for (gint pass = 0; pass < 2; pass++) {
    gdouble line = MAX(1.0, round(mm(s, line_mm[pass])));
    gdouble step = mm(s, step_every[pass]);
    gint first_x = (gint)ceil(-s->origin_x / step),
         last_x = (gint)floor((s->width - s->origin_x) / step);
    gint first_y = (gint)ceil(-s->origin_y / step),
         last_y = (gint)floor((s->height - s->origin_y) / step);

    gimp_selection_none(image);
    for (gint i = first_x; i <= last_x; i++)
      select_add(image, round(s->origin_x + i * step - line / 2), 0, line, s->height);
    for (gint j = first_y; j <= last_y; j++)
      select_add(image, 0, round(s->origin_y + j * step - line / 2), s->width, line);
    fill_with(GIMP_DRAWABLE(layer), color[pass]);
  }
  gimp_selection_none(image);
}

/* The design's landmarks in image pixels: the glabella (front view) or the point between the ear
 * canals (top view) is the origin, the mid-frontal point sits hairline-height above the glabella
 * and the temple points half the temple width to each side, all turned by the head's angle. */
static gint
landmarks(const Stencil *s, Landmark *out)
{
  /* Counter-clockwise on screen, where y grows downwards. */
  gdouble turn = s->angle * G_PI / 180.0, c = cos(turn), sn = sin(turn);
  /* Offsets in mm from the origin, x to the right and y down the image. */
  struct {
    const gchar *label;
    gdouble dx, dy;
  } front[] = {
      {"glabella", 0.0, 0.0},
      {"mid-frontal point", 0.0, -s->hairline_height},
      {"temple point", -s->temple_width / 2, -s->hairline_height},
      {"temple point", s->temple_width / 2, -s->hairline_height},
  };
  gint n = G_N_ELEMENTS(front);

  for (gint i = 0; i < n; i++) {
    out[i].label = front[i].label;
    out[i].x = s->origin_x + mm(s, c * front[i].dx + sn * front[i].dy);
    out[i].y = s->origin_y + mm(s, -sn * front[i].dx + c * front[i].dy);
  }
  if (g_strcmp0(s->view, "top") == 0)
    out[0].label = "ear-canal line, midline";
  return n;
}

static void
draw_landmarks(const Stencil *s, GimpImage *image)
{
  GimpLayer *layer = add_layer(image, "Landmarks", GIMP_LAYER_MODE_NORMAL);
  Landmark marks[8];
  gint n = landmarks(s, marks);
  gdouble arm = mm(s, 3.0), line = MAX(1.0, round(mm(s, 0.3)));

  gimp_selection_none(image);
  for (gint i = 0; i < n; i++) {
    select_add(image, round(marks[i].x - arm), round(marks[i].y - line / 2), 2 * arm, line);
    select_add(image, round(marks[i].x - line / 2), round(marks[i].y - arm), line, 2 * arm);
  }
  fill_with(GIMP_DRAWABLE(layer), INK_COLOR);
  gimp_selection_none(image);

  for (gint i = 0; i < n; i++)
    add_text(s, image, marks[i].label, 2.5, marks[i].x + arm + mm(s, 1.0), marks[i].y - mm(s, 1.5));
}

/* A solid 50 mm bar with ticks every 10 mm, bottom left, and the printing note beside it. */
static void
draw_calibration_bar(const Stencil *s, GimpImage *image)
{
  GimpLayer *layer = add_layer(image, "Calibration bar 50 mm", GIMP_LAYER_MODE_NORMAL);
  gdouble x0 = round(mm(s, MARGIN_MM));
  gdouble length = round(mm(s, CALIBRATION_MM));
  gdouble thick = round(mm(s, 2.0)), tick = MAX(1.0, round(mm(s, 0.3)));
  gdouble y0 = round(s->height - mm(s, MARGIN_MM) - thick);
  GimpTextLayer *note;

  gimp_selection_none(image);
  select_add(image, x0, y0, length, thick);
  for (gint k = 0; k <= 5; k++) {
    gdouble x = CLAMP(round(x0 + k * length / 5 - tick / 2), x0, x0 + length - tick);
    select_add(image, x, y0 - thick, tick, thick);
  }
  fill_with(GIMP_DRAWABLE(layer), INK_COLOR);
  gimp_selection_none(image);

  note = add_text(s, image,
                  "50 mm. Print at 100 % (actual size, no scaling); check this bar with a ruler.",
                  2.5, x0 + length + mm(s, 4.0), y0 - mm(s, 1.5));
  /* Too wide beside the bar: put it above the ticks instead. */
  if (note && x0 + length + mm(s, 4.0) + gimp_drawable_get_width(GIMP_DRAWABLE(note)) > s->width)
    gimp_layer_set_offsets(
        GIMP_LAYER(note), (gint)x0,
        (gint)(y0 - thick - mm(s, 1.5) - gimp_drawable_get_height(GIMP_DRAWABLE(note))));
}

static void
draw_title(const Stencil *s, GimpImage *image)
{
  gchar *title = g_strdup_printf(
      "smp-studio stencil: %s view, %s, %s; hairline %.0f mm above the glabella, temples %.0f mm "
      "apart; %.0f ppi, seed %d",
      s->view, s->shape, s->pattern, s->hairline_height, s->temple_width, s->ppi, s->seed);

  add_text(s, image, title, 2.5, mm(s, MARGIN_MM), mm(s, MARGIN_MM / 2));
  g_free(title);
}

static gboolean
export_pdf(GimpImage *image, GFile *file, GError **error)
{
  GimpProcedure *export = gimp_pdb_lookup_procedure(gimp_get_pdb(), "file-pdf-export");
  GimpImage *flat;
  GimpValueArray *result;
  GimpPDBStatusType status;

  if (!export) {
    g_set_error(error, GIMP_PLUG_IN_ERROR, 0,
                "file: GIMP's PDF export (file-pdf-export) is "
                "not installed");
    return FALSE;
  }
  /* The PDF exporter ignores layer modes; a flattened copy prints what the canvas shows. */
  flat = gimp_image_duplicate(image);
  gimp_image_flatten(flat);
  result = gimp_procedure_run(export, "run-mode", GIMP_RUN_NONINTERACTIVE, "image", flat, "file",
                              file, NULL);
  status = GIMP_VALUES_GET_ENUM(result, 0);
  if (status != GIMP_PDB_SUCCESS) {
    const gchar *why = gimp_pdb_get_last_error(gimp_get_pdb());
    gchar *name = g_file_get_parse_name(file);
    g_set_error(error, GIMP_PLUG_IN_ERROR, 0, "file: exporting the stencil to '%s' failed: %s",
                name, why ? why : "unknown error");
    g_free(name);
  }
  gimp_value_array_unref(result);
  gimp_image_delete(flat);
  return status == GIMP_PDB_SUCCESS;
}

static gboolean
build_stencil(Stencil *s, GimpImage *image, GError **error)
{
  GimpLayer *paper, *outline;

  paper = gimp_layer_new(image, "Paper", s->width, s->height, GIMP_RGB_IMAGE, 100.0,
                         GIMP_LAYER_MODE_NORMAL);
  gimp_image_insert_layer(image, paper, NULL, 0);
  fill_with(GIMP_DRAWABLE(paper), PAPER_COLOR);

  draw_grid(s, image);

  outline = add_layer(image, "Hairline outline", GIMP_LAYER_MODE_NORMAL);
  if (!render_hairline(s, GIMP_DRAWABLE(outline), "outline", error))
    return FALSE;
  /* Whatever colour the op draws the line in, the stencil prints it in ink. */
  gimp_layer_set_lock_alpha(outline, TRUE);
  fill_with(GIMP_DRAWABLE(outline), INK_COLOR);

  if (s->dots) {
    /* Black dots on white: multiplied, the white lets the grid and outline through. */
    GimpLayer *dots = add_layer(image, "Dots", GIMP_LAYER_MODE_MULTIPLY);
    if (!render_dots(s, GIMP_DRAWABLE(dots), error))
      return FALSE;
  }

  s->labels = GIMP_LAYER(gimp_group_layer_new(image, "Labels"));
  gimp_image_insert_layer(image, s->labels, NULL, 0);
  draw_landmarks(s, image);
  draw_calibration_bar(s, image);
  draw_title(s, image);
  return TRUE;
}

/* ---- the procedure ------------------------------------------------------------------------- */

static gboolean
read_config(GimpProcedureConfig *config, Stencil *s, GError **error)
{
  gdouble origin_x, origin_y, megapixels;

  g_object_get(config, "width", &s->width_mm, "height", &s->height_mm, "ppi", &s->ppi, "view",
               &s->view, "origin-x", &origin_x, "origin-y", &origin_y, "angle", &s->angle,
               "hairline-height", &s->hairline_height, "temple-width", &s->temple_width, "shape",
               &s->shape, "pattern", &s->pattern, "transition", &s->transition, "irregularity",
               &s->irregularity, "asymmetry", &s->asymmetry, "seed", &s->seed, "dots", &s->dots,
               "file", &s->file, NULL);

  s->px_per_mm = s->ppi / SMP_MM_PER_INCH;
  s->width = (gint)round(s->width_mm * s->px_per_mm);
  s->height = (gint)round(s->height_mm * s->px_per_mm);
  megapixels = (gdouble)s->width * s->height / 1e6;
  if (megapixels > MAX_MEGAPIXELS) {
    g_set_error(error, GIMP_PLUG_IN_ERROR, 0,
                "ppi: %.0f × %.0f mm at %.0f ppi is %.0f megapixels, more than %.0f; lower the "
                "ppi or the size",
                s->width_mm, s->height_mm, s->ppi, megapixels, MAX_MEGAPIXELS);
    return FALSE;
  }

  /* Negative means "place it for me": centred, glabella near the bottom (front view) or the
   * ear-canal line a little below the middle (top view, face at the top). */
  s->origin_x = origin_x >= 0 ? origin_x : s->width / 2.0;
  if (origin_y >= 0)
    s->origin_y = origin_y;
  else if (g_strcmp0(s->view, "top") == 0)
    s->origin_y = s->height * 0.6;
  else
    s->origin_y = s->height - mm(s, GLABELLA_FROM_BOTTOM_MM);
  if (s->origin_x > s->width || s->origin_y > s->height) {
    g_set_error(error, GIMP_PLUG_IN_ERROR, 0,
                "origin-x, origin-y: (%.0f, %.0f) px is outside the %d × %d px stencil (%.0f ppi)",
                s->origin_x, s->origin_y, s->width, s->height, s->ppi);
    return FALSE;
  }
  return TRUE;
}

static void
stencil_clear(Stencil *s)
{
  g_free(s->view);
  g_free(s->shape);
  g_free(s->pattern);
  g_clear_object(&s->file);
}

static gboolean
stencil_dialog(GimpProcedure *procedure, GimpProcedureConfig *config)
{
  GtkWidget *dialog;
  gboolean run;

  gimp_ui_init(SMP_PLUGIN_BINARY);
  dialog = gimp_procedure_dialog_new(procedure, config, "Practitioner Stencil (1:1 PDF)");
  gimp_procedure_dialog_get_label(
      GIMP_PROCEDURE_DIALOG(dialog), "print-note",
      "Print the PDF at 100 % (actual size, no scaling) and check the 50 mm bar with a ruler.",
      FALSE, FALSE);
  gimp_procedure_dialog_fill_box(GIMP_PROCEDURE_DIALOG(dialog), "design-box", "view", "shape",
                                 "pattern", "hairline-height", "temple-width", "transition",
                                 "irregularity", "asymmetry", "angle", "seed", NULL);
  gimp_procedure_dialog_fill_box(GIMP_PROCEDURE_DIALOG(dialog), "placement-box", "origin-x",
                                 "origin-y", NULL);
  gimp_procedure_dialog_get_label(GIMP_PROCEDURE_DIALOG(dialog), "placement-label",
                                  "Placement on the page", FALSE, FALSE);
  gimp_procedure_dialog_fill_expander(GIMP_PROCEDURE_DIALOG(dialog), "placement", "placement-label",
                                      FALSE, "placement-box");
  gimp_procedure_dialog_fill(GIMP_PROCEDURE_DIALOG(dialog), "design-box", "width", "height", "ppi",
                             "dots", "file", "print-note", "placement", NULL);
  run = gimp_procedure_dialog_run(GIMP_PROCEDURE_DIALOG(dialog));
  gtk_widget_destroy(dialog);
  return run;
}

static GimpValueArray *
stencil_run(GimpProcedure *procedure, GimpProcedureConfig *config, gpointer run_data)
{
  GimpRunMode run_mode;
  Stencil s = {0};
  GimpImage *image;
  GError *error = NULL;
  GimpValueArray *values;
  gboolean ok;

  gegl_init(NULL, NULL);
  g_object_get(config, "run-mode", &run_mode, NULL);
  if (run_mode == GIMP_RUN_INTERACTIVE && !stencil_dialog(procedure, config))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, NULL);

  if (!read_config(config, &s, &error)) {
    stencil_clear(&s);
    return smp_plugin_error(procedure, run_mode, GIMP_PDB_CALLING_ERROR, error);
  }

  s.font = find_font();
  if (!s.font)
    g_message("No font is installed: the stencil is made without its text (title, landmark "
              "names and the print-at-100 %% note).");

  image = gimp_image_new(s.width, s.height, GIMP_RGB);
  gimp_image_set_resolution(image, s.ppi, s.ppi);
  gimp_image_set_unit(image, gimp_unit_mm());
  /* A new image: its history starts with the finished stencil. */
  gimp_image_undo_disable(image);
  gimp_context_push();
  ok = build_stencil(&s, image, &error);
  gimp_context_pop();
  gimp_image_undo_enable(image);

  if (ok && s.file)
    ok = export_pdf(image, s.file, &error);
  if (!ok) {
    gimp_image_delete(image);
    stencil_clear(&s);
    return smp_plugin_error(procedure, run_mode, GIMP_PDB_EXECUTION_ERROR, error);
  }

  if (run_mode == GIMP_RUN_INTERACTIVE)
    gimp_display_new(image);
  stencil_clear(&s);
  values = gimp_procedure_new_return_values(procedure, GIMP_PDB_SUCCESS, NULL);
  GIMP_VALUES_SET_IMAGE(values, 1, image);
  return values;
}

GimpProcedure *
smp_stencil_create(GimpPlugIn *plug_in)
{
  GimpProcedure *procedure =
      gimp_procedure_new(plug_in, STENCIL_PROC, GIMP_PDB_PROC_TYPE_PLUGIN, stencil_run, NULL, NULL);

  gimp_procedure_set_sensitivity_mask(procedure, GIMP_PROCEDURE_SENSITIVE_ALWAYS);
  gimp_procedure_set_menu_label(procedure, "Practitioner _Stencil (1:1 PDF)...");
  gimp_procedure_add_menu_path(procedure, SMP_MENU_PATH);
  gimp_procedure_set_documentation(
      procedure, "Make a printable 1:1 hairline stencil and export it to PDF",
      "Creates a new image at true scale (resolution = ppi), black on white: the hairline outline "
      "and zone edges (smp:hairline-mask), optional dots (smp:follicle-dots), the landmarks "
      "(glabella, mid-frontal point, temple points), a light mm grid through the glabella and a "
      "50 mm calibration bar with a print-at-100 % note. With 'file' set it is exported with "
      "GIMP's PDF export, whose page measures width × height mm. origin-x/origin-y are stencil "
      "pixels; negative values place the design automatically. Returns the stencil image.",
      STENCIL_PROC);
  gimp_procedure_set_attribution(procedure, "smp-studio", "smp-studio", "2025");

  gimp_procedure_add_enum_argument(procedure, "run-mode", "Run mode", "The run mode",
                                   GIMP_TYPE_RUN_MODE, GIMP_RUN_INTERACTIVE, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "ppi", "_Resolution (ppi)",
                                     "Pixels per inch of the stencil; 600 keeps dot sizes "
                                     "visible",
                                     72.0, 1200.0, 600.0, G_PARAM_READWRITE);
  gimp_procedure_add_choice_argument(procedure, "view", "_View", "Front (face) or top (scalp)",
                                     choice_from(view_nicks, view_labels, G_N_ELEMENTS(view_nicks)),
                                     "front", G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "origin-x", "Origin _X",
                                     "Glabella (front) or ear-canal midpoint (top), stencil "
                                     "pixels; negative: centred",
                                     -1.0, GIMP_MAX_IMAGE_SIZE, -1.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "origin-y", "Origin _Y",
                                     "Glabella (front) or ear-canal midpoint (top), stencil "
                                     "pixels; negative: automatic",
                                     -1.0, GIMP_MAX_IMAGE_SIZE, -1.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "angle", "_Angle (°)",
                                     "Head tilt in degrees, counter-clockwise, -180 to 180", -180.0,
                                     180.0, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "hairline-height", "_Hairline height (mm)",
                                     "Mid-frontal point above the glabella, mm", 40.0, 140.0, 80.0,
                                     G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "temple-width", "_Temple width (mm)",
                                     "Distance between the two temple points, 40 to 200 mm", 40.0,
                                     200.0, 110.0, G_PARAM_READWRITE);
  gimp_procedure_add_choice_argument(
      procedure, "shape", "_Shape", "Hairline shape",
      choice_from(shape_nicks, shape_labels, G_N_ELEMENTS(shape_nicks)), "natural",
      G_PARAM_READWRITE);
  gimp_procedure_add_choice_argument(
      procedure, "pattern", "_Pattern", "Hair-loss pattern (Norwood, Ludwig) or full",
      choice_from(pattern_nicks, pattern_labels, G_N_ELEMENTS(pattern_nicks)), "full",
      G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "transition", "T_ransition (mm)",
                                     "Width of the soft zone where density rises from 1 % to 99 %, "
                                     "0 to 30 mm",
                                     0.0, 30.0, 8.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "irregularity", "_Irregularity",
                                     "Macro and micro irregularity of the line, 0 to 1", 0.0, 1.0,
                                     0.5, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "asymmetry", "As_ymmetry (mm)",
                                     "Mild difference between the left and right sides, -20 to 20 "
                                     "mm",
                                     -20.0, 20.0, 0.0, G_PARAM_READWRITE);
  gimp_procedure_add_int_argument(procedure, "seed", "S_eed",
                                  "Random seed of the irregularity "
                                  "and the dots",
                                  0, G_MAXINT, 0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "width", "_Width (mm)",
                                     "Page width: the design's real width, mm", 70.0, 1000.0, 200.0,
                                     G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "height", "H_eight (mm)",
                                     "Page height: the design's real height, mm", 50.0, 1000.0,
                                     140.0, G_PARAM_READWRITE);
  gimp_procedure_add_boolean_argument(procedure, "dots", "_Dots",
                                      "Also print the follicle dots inside the hairline", FALSE,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_file_argument(procedure, "file", "PDF _file",
                                   "Where to export the PDF; none: only create the image",
                                   GIMP_FILE_CHOOSER_ACTION_SAVE, TRUE, NULL, G_PARAM_READWRITE);
  gimp_procedure_add_image_return_value(procedure, "image", "Stencil", "The stencil image", FALSE,
                                        G_PARAM_READWRITE);
  return procedure;
}
