/* plug-in-smp-stencil: a printable 1:1 practitioner stencil.
 *
 * A new image at true scale (resolution = design ppi), black on white: the hairline outline and
 * zone edges from smp:hairline-mask, optional dots from smp:follicle-dots, the landmarks, a light
 * mm grid through the origin and a 50 mm calibration bar with a "print at 100 %" note. It is
 * exported with GIMP's own PDF exporter, whose page size is the image size divided by its
 * resolution, so the page measures the design's real size. Printers and dialogs that "fit to page"
 * break that, hence the bar: the practitioner checks it with a ruler before drawing on the scalp.
 */
#include <math.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-hairline-args.h"
#include "smp-procedures.h"

#define STENCIL_PROC "plug-in-smp-stencil"
#define HAIRLINE_OP "smp:hairline-mask"
#define DOTS_OP "smp:follicle-dots"

#define CALIBRATION_MM 50.0
#define MARGIN_MM 10.0
/* Automatic placement: the glabella above the bottom edge (front view), the mid-frontal point
 * below the top edge (top view, face at the top). */
#define GLABELLA_FROM_BOTTOM_MM 30.0
#define HAIRLINE_FROM_TOP_MM 25.0
/* A whole stencil lives in memory several times over (layers, flattened copy for the PDF). */
#define MAX_MEGAPIXELS 250.0

#define PAPER_COLOR "#ffffff"
#define INK_COLOR "#000000"
#define GRID_MINOR_COLOR "#dcdcdc"
#define GRID_MAJOR_COLOR "#a8a8a8"

/* Everything the stencil is built from, in image pixels where it says px. */
typedef struct {
  gdouble width_mm, height_mm, ppi, px_per_mm;
  gint width, height;
  gdouble origin_x, origin_y;
  gdouble doubles[SMP_HAIRLINE_N_DOUBLES];
  gchar *choices[SMP_HAIRLINE_N_CHOICES];
  SmpHairlineParams geometry; /* the same design, for the landmarks */
  gint seed;
  gboolean dots;
  GFile *file;
  GimpFont *font;
  GimpLayer *labels;  /* the group holding the text layers */
  GimpLayer *backing; /* paper behind the notes, where the design runs under them */
} Stencil;

typedef struct {
  const gchar *label;
  gdouble x, y;
  gint side; /* the label's side of the mark: -1 left, +1 right, away from the design */
} Landmark;

static gdouble
mm(const Stencil *s, gdouble millimetres)
{
  return millimetres * s->px_per_mm;
}

static gboolean
is_top_view(const Stencil *s)
{
  return g_strcmp0(s->choices[SMP_HAIRLINE_CHOICE_VIEW], "top") == 0;
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
  gimp_image_insert_layer(image, GIMP_LAYER(layer), s->labels, 0);
  ink = gegl_color_new(INK_COLOR);
  gimp_text_layer_set_color(layer, ink);
  g_object_unref(ink);
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

/* Sets an op property by name; a missing property is an error, since names are the API. */
static gboolean
filter_set(GimpDrawableFilter *filter, const gchar *name, const GValue *value, GError **error)
{
  GimpDrawableFilterConfig *config = gimp_drawable_filter_get_config(filter);

  if (!g_object_class_find_property(G_OBJECT_GET_CLASS(config), name)) {
    gchar *op = gimp_drawable_filter_get_operation_name(filter);
    g_set_error(error, SMP_ERROR, SMP_ERROR_NOT_INSTALLED,
                "%s has no property '%s': the installed smp-ops module does not match this "
                "plug-in",
                op, name);
    g_free(op);
    return FALSE;
  }
  g_object_set_property(G_OBJECT(config), name, value);
  return TRUE;
}

static gboolean
filter_set_double(GimpDrawableFilter *filter, const gchar *name, gdouble v, GError **error)
{
  GValue value = G_VALUE_INIT;
  gboolean ok;

  g_value_init(&value, G_TYPE_DOUBLE);
  g_value_set_double(&value, v);
  ok = filter_set(filter, name, &value, error);
  g_value_unset(&value);
  return ok;
}

static gboolean
filter_set_string(GimpDrawableFilter *filter, const gchar *name, const gchar *v, GError **error)
{
  GValue value = G_VALUE_INIT;
  gboolean ok;

  g_value_init(&value, G_TYPE_STRING);
  g_value_set_string(&value, v);
  ok = filter_set(filter, name, &value, error);
  g_value_unset(&value);
  return ok;
}

static gboolean
filter_set_seed(GimpDrawableFilter *filter, gint seed, GError **error)
{
  GValue value = G_VALUE_INIT;
  gboolean ok;

  g_value_init(&value, G_TYPE_INT);
  g_value_set_int(&value, seed);
  ok = filter_set(filter, "seed", &value, error);
  g_value_unset(&value);
  return ok;
}

static gboolean
finish_filter(GimpDrawable *drawable, GimpDrawableFilter *filter, gboolean ok)
{
  /* The stencil is a print: its pixels are baked, so the PDF and the XCF need no smp-ops. */
  if (ok)
    gimp_drawable_merge_filter(drawable, filter);
  else
    gimp_drawable_filter_delete(filter);
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
  ok = filter_set_double(filter, "ppi", s->ppi, error) &&
       filter_set_double(filter, "origin-x", s->origin_x, error) &&
       filter_set_double(filter, "origin-y", s->origin_y, error) &&
       filter_set_seed(filter, s->seed, error) &&
       filter_set_string(filter, "output-mode", output, error);
  for (gint i = 0; ok && i < SMP_HAIRLINE_N_DOUBLES; i++)
    ok = filter_set_double(filter, smp_hairline_doubles[i].name, s->doubles[i], error);
  for (gint i = 0; ok && i < SMP_HAIRLINE_N_CHOICES; i++)
    ok = filter_set_string(filter, smp_hairline_choices[i].name, s->choices[i], error);
  return finish_filter(drawable, filter, ok);
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
  ok = filter_set_double(filter, "ppi", s->ppi, error) && filter_set_seed(filter, s->seed, error) &&
       filter_set_string(filter, "density-source", "input-alpha", error) &&
       filter_set_string(filter, "output-mode", "stencil", error);
  return finish_filter(drawable, filter, ok);
}

/* ---- stencil parts ------------------------------------------------------------------------- */

/* Light 1 mm lines, darker 10 mm lines, both through the origin (the glabella in the front
 * view), so heights and widths are read off the grid from the landmark the design is measured
 * from. */
static void
draw_grid(const Stencil *s, GimpImage *image)
{
  GimpLayer *layer = add_layer(image, "mm grid", GIMP_LAYER_MODE_NORMAL);
  const gint step_mm[2] = {1, 10};
  const gdouble line_mm[2] = {0.1, 0.2};
  const gchar *color[2] = {GRID_MINOR_COLOR, GRID_MAJOR_COLOR};

  for (gint pass = 0; pass < 2; pass++) {
    gdouble line = MAX(1.0, round(mm(s, line_mm[pass])));
    gdouble step = mm(s, step_mm[pass]);
    gint first_x = (gint)ceil(-s->origin_x / step);
    gint last_x = (gint)floor((s->width - s->origin_x) / step);
    gint first_y = (gint)ceil(-s->origin_y / step);
    gint last_y = (gint)floor((s->height - s->origin_y) / step);

    gimp_selection_none(image);
    for (gint i = first_x; i <= last_x; i++)
      select_add(image, round(s->origin_x + i * step - line / 2), 0, line, s->height);
    for (gint j = first_y; j <= last_y; j++)
      select_add(image, 0, round(s->origin_y + j * step - line / 2), s->width, line);
    fill_with(GIMP_DRAWABLE(layer), color[pass]);
  }
  gimp_selection_none(image);
}

/* The design's landmarks in image pixels, where the op's own geometry puts them: the origin (the
 * glabella, or the midpoint between the ear canals in the top view), the mid-frontal point and
 * the two temple points (frontotemporal angles) on the design line. */
static gint
landmarks(const Stencil *s, Landmark *out, GError **error)
{
  SmpHairline *hairline = smp_hairline_new(&s->geometry, error);
  gdouble turn = s->doubles[SMP_HAIRLINE_ARG_ANGLE] * G_PI / 180.0, c = cos(turn), sn = sin(turn);
  gdouble half = s->doubles[SMP_HAIRLINE_ARG_TEMPLE_WIDTH] / 2;
  struct {
    const gchar *label;
    gdouble u, v; /* head mm: u to the image right, v up the head (front) or to the face (top) */
    gint side;
  } marks[] = {
      {is_top_view(s) ? "ear-canal line, midline" : "glabella", 0.0, 0.0, 1},
      {"mid-frontal point", 0.0, 0.0, 1},
      {"temple point", -half, 0.0, -1},
      {"temple point", half, 0.0, 1},
  };
  gint n = G_N_ELEMENTS(marks);

  if (!hairline)
    return 0;
  for (gint i = 1; i < n; i++)
    marks[i].v = smp_hairline_line_at(hairline, marks[i].u);
  smp_hairline_unref(hairline);

  /* Head millimetres to page pixels: the head turned counter-clockwise on screen (y down). */
  for (gint i = 0; i < n; i++) {
    out[i].label = marks[i].label;
    out[i].side = marks[i].side;
    out[i].x = s->origin_x + mm(s, c * marks[i].u - sn * marks[i].v);
    out[i].y = s->origin_y + mm(s, -sn * marks[i].u - c * marks[i].v);
  }
  return n;
}

static gboolean
draw_landmarks(const Stencil *s, GimpImage *image, GError **error)
{
  Landmark marks[4];
  gint n = landmarks(s, marks, error);
  GimpLayer *layer;
  gdouble arm = mm(s, 3.0), line = MAX(1.0, round(mm(s, 0.3)));

  if (n == 0)
    return FALSE;
  layer = add_layer(image, "Landmarks", GIMP_LAYER_MODE_NORMAL);
  gimp_selection_none(image);
  for (gint i = 0; i < n; i++) {
    select_add(image, round(marks[i].x - arm), round(marks[i].y - line / 2), 2 * arm, line);
    select_add(image, round(marks[i].x - line / 2), round(marks[i].y - arm), line, 2 * arm);
  }
  fill_with(GIMP_DRAWABLE(layer), INK_COLOR);
  gimp_selection_none(image);

  for (gint i = 0; i < n; i++) {
    gdouble gap = arm + mm(s, 1.0), y = marks[i].y + mm(s, 1.0);
    GimpTextLayer *text = add_text(s, image, marks[i].label, 2.5, marks[i].x + gap, y);
    if (text && marks[i].side < 0)
      gimp_layer_set_offsets(
          GIMP_LAYER(text),
          (gint)round(marks[i].x - gap - gimp_drawable_get_width(GIMP_DRAWABLE(text))),
          (gint)round(y));
  }
  return TRUE;
}

/* Paper behind a note, a little larger than it, so the design never runs through the text. */
static void
back_with_paper(const Stencil *s, GimpImage *image, gdouble x, gdouble y, gdouble w, gdouble h)
{
  gdouble pad = mm(s, 1.0);

  gimp_selection_none(image);
  select_add(image, round(x - pad), round(y - pad), round(w + 2 * pad), round(h + 2 * pad));
  fill_with(GIMP_DRAWABLE(s->backing), PAPER_COLOR);
  gimp_selection_none(image);
}

static void
back_text_with_paper(const Stencil *s, GimpImage *image, GimpTextLayer *text)
{
  gint x, y;

  if (!text)
    return;
  gimp_drawable_get_offsets(GIMP_DRAWABLE(text), &x, &y);
  back_with_paper(s, image, x, y, gimp_drawable_get_width(GIMP_DRAWABLE(text)),
                  gimp_drawable_get_height(GIMP_DRAWABLE(text)));
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
  back_with_paper(s, image, x0, y0 - thick, length, 2 * thick);
  back_text_with_paper(s, image, note);
}

static void
draw_title(const Stencil *s, GimpImage *image)
{
  gchar *title = g_strdup_printf(
      "smp-studio stencil: %s view, %s, %s; hairline %.0f mm above the glabella, temples %.0f mm "
      "apart; %.0f ppi, seed %d",
      s->choices[SMP_HAIRLINE_CHOICE_VIEW], s->choices[SMP_HAIRLINE_CHOICE_SHAPE],
      s->choices[SMP_HAIRLINE_CHOICE_PATTERN], s->doubles[SMP_HAIRLINE_ARG_HAIRLINE_HEIGHT],
      s->doubles[SMP_HAIRLINE_ARG_TEMPLE_WIDTH], s->ppi, s->seed);

  back_text_with_paper(s, image,
                       add_text(s, image, title, 2.5, mm(s, MARGIN_MM), mm(s, MARGIN_MM / 2)));
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
    g_set_error(error, SMP_ERROR, SMP_ERROR_NOT_INSTALLED,
                "file: GIMP's PDF export (file-pdf-export) is not installed");
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
    g_set_error(error, SMP_ERROR, SMP_ERROR_FAILED,
                "file: exporting the stencil to '%s' failed: %s", name,
                why ? why : "unknown error");
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

  s->backing = add_layer(image, "Paper behind the notes", GIMP_LAYER_MODE_NORMAL);
  s->labels = GIMP_LAYER(gimp_group_layer_new(image, "Labels"));
  gimp_image_insert_layer(image, s->labels, NULL, 0);
  if (!draw_landmarks(s, image, error))
    return FALSE;
  draw_calibration_bar(s, image);
  draw_title(s, image);
  return TRUE;
}

/* ---- the procedure ------------------------------------------------------------------------- */

static void
fill_geometry(Stencil *s)
{
  SmpHairlineParams *p = &s->geometry;

  smp_hairline_params_init(p);
  p->ppi = s->ppi;
  p->view = smp_choice_core_value(&smp_hairline_choices[SMP_HAIRLINE_CHOICE_VIEW],
                                  s->choices[SMP_HAIRLINE_CHOICE_VIEW]);
  p->shape = smp_choice_core_value(&smp_hairline_choices[SMP_HAIRLINE_CHOICE_SHAPE],
                                   s->choices[SMP_HAIRLINE_CHOICE_SHAPE]);
  p->pattern = smp_choice_core_value(&smp_hairline_choices[SMP_HAIRLINE_CHOICE_PATTERN],
                                     s->choices[SMP_HAIRLINE_CHOICE_PATTERN]);
  p->area = smp_choice_core_value(&smp_hairline_choices[SMP_HAIRLINE_CHOICE_AREA],
                                  s->choices[SMP_HAIRLINE_CHOICE_AREA]);
  p->origin_x = s->origin_x;
  p->origin_y = s->origin_y;
  p->angle = s->doubles[SMP_HAIRLINE_ARG_ANGLE];
  p->hairline_height = s->doubles[SMP_HAIRLINE_ARG_HAIRLINE_HEIGHT];
  p->temple_width = s->doubles[SMP_HAIRLINE_ARG_TEMPLE_WIDTH];
  p->recession = s->doubles[SMP_HAIRLINE_ARG_RECESSION];
  p->transition = s->doubles[SMP_HAIRLINE_ARG_TRANSITION];
  p->irregularity = s->doubles[SMP_HAIRLINE_ARG_IRREGULARITY];
  p->asymmetry = s->doubles[SMP_HAIRLINE_ARG_ASYMMETRY];
  p->outline_width = s->doubles[SMP_HAIRLINE_ARG_OUTLINE_WIDTH];
  p->head_width = s->doubles[SMP_HAIRLINE_ARG_HEAD_WIDTH];
  p->head_length = s->doubles[SMP_HAIRLINE_ARG_HEAD_LENGTH];
  p->seed = (guint32)s->seed;
}

/* Negative origins mean "place it for me": centred; the glabella near the bottom edge (front
 * view), or the mid-frontal point near the top edge (top view, face at the top). */
static gboolean
place_origin(Stencil *s, gdouble origin_x, gdouble origin_y, GError **error)
{
  s->origin_x = origin_x >= 0 ? origin_x : s->width / 2.0;
  if (origin_y >= 0) {
    s->origin_y = origin_y;
  } else if (is_top_view(s)) {
    SmpHairline *hairline = smp_hairline_new(&s->geometry, error);
    if (!hairline)
      return FALSE;
    s->origin_y = mm(s, HAIRLINE_FROM_TOP_MM + smp_hairline_line_at(hairline, 0.0));
    smp_hairline_unref(hairline);
  } else {
    s->origin_y = s->height - mm(s, GLABELLA_FROM_BOTTOM_MM);
  }
  s->geometry.origin_x = s->origin_x;
  s->geometry.origin_y = s->origin_y;
  if (s->origin_x > s->width || s->origin_y > s->height) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "origin-x, origin-y: (%.0f, %.0f) px is outside the %d × %d px stencil (%.0f ppi)",
                s->origin_x, s->origin_y, s->width, s->height, s->ppi);
    return FALSE;
  }
  return TRUE;
}

static gboolean
read_config(GimpProcedureConfig *config, Stencil *s, GError **error)
{
  gdouble origin_x, origin_y, megapixels;

  g_object_get(config, "width", &s->width_mm, "height", &s->height_mm, "ppi", &s->ppi, "origin-x",
               &origin_x, "origin-y", &origin_y, "seed", &s->seed, "dots", &s->dots, "file",
               &s->file, NULL);
  for (gint i = 0; i < SMP_HAIRLINE_N_DOUBLES; i++)
    g_object_get(config, smp_hairline_doubles[i].name, &s->doubles[i], NULL);
  for (gint i = 0; i < SMP_HAIRLINE_N_CHOICES; i++)
    g_object_get(config, smp_hairline_choices[i].name, &s->choices[i], NULL);

  s->px_per_mm = s->ppi / SMP_MM_PER_INCH;
  s->width = (gint)round(s->width_mm * s->px_per_mm);
  s->height = (gint)round(s->height_mm * s->px_per_mm);
  megapixels = (gdouble)s->width * s->height / 1e6;
  if (megapixels > MAX_MEGAPIXELS) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "ppi: %.0f × %.0f mm at %.0f ppi is %.0f megapixels, more than %.0f; lower the "
                "ppi or the size",
                s->width_mm, s->height_mm, s->ppi, megapixels, MAX_MEGAPIXELS);
    return FALSE;
  }
  fill_geometry(s);
  return place_origin(s, origin_x, origin_y, error);
}

static void
stencil_clear(Stencil *s)
{
  for (gint i = 0; i < SMP_HAIRLINE_N_CHOICES; i++)
    g_free(s->choices[i]);
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
                                 "pattern", "hairline-height", "temple-width", "recession",
                                 "transition", "irregularity", "asymmetry", "seed", NULL);
  gimp_procedure_dialog_fill_box(GIMP_PROCEDURE_DIALOG(dialog), "more-box", "origin-x", "origin-y",
                                 "angle", "area", "outline-width", "head-width", "head-length",
                                 NULL);
  gimp_procedure_dialog_get_label(GIMP_PROCEDURE_DIALOG(dialog), "more-label",
                                  "Placement and head size", FALSE, FALSE);
  gimp_procedure_dialog_fill_expander(GIMP_PROCEDURE_DIALOG(dialog), "more", "more-label", FALSE,
                                      "more-box");
  gimp_procedure_dialog_fill(GIMP_PROCEDURE_DIALOG(dialog), "design-box", "width", "height", "ppi",
                             "dots", "file", "print-note", "more", NULL);
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

  if (!smp_plugin_check_arguments(NULL, NULL, config, &error) || !read_config(config, &s, &error)) {
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
      "(glabella, mid-frontal point, temple points), a light mm grid through the origin and a "
      "50 mm calibration bar with a print-at-100 % note. With 'file' set it is exported with "
      "GIMP's PDF export, whose page measures width × height mm. The hairline arguments are the "
      "op's properties; origin-x/origin-y are stencil pixels, negative values place the design "
      "automatically. Returns the stencil image.",
      STENCIL_PROC);
  gimp_procedure_set_attribution(procedure, "smp-studio", "smp-studio", "2025");

  gimp_procedure_add_enum_argument(procedure, "run-mode", "Run mode", "The run mode",
                                   GIMP_TYPE_RUN_MODE, GIMP_RUN_INTERACTIVE, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "ppi", "_Resolution (ppi)",
                                     "Pixels per inch of the stencil, 72 to 1200; 600 keeps dot "
                                     "sizes visible",
                                     72.0, 1200.0, 600.0, G_PARAM_READWRITE);
  for (gint i = 0; i < SMP_HAIRLINE_N_CHOICES; i++) {
    const SmpChoiceArgument *c = &smp_hairline_choices[i];
    gimp_procedure_add_choice_argument(procedure, c->name, c->label, c->blurb, smp_choice_new(c),
                                       c->value, G_PARAM_READWRITE);
  }
  gimp_procedure_add_double_argument(procedure, "origin-x", "Origin _X",
                                     "Glabella (front) or ear-canal midpoint (top), stencil "
                                     "pixels; -1: centred",
                                     -1.0, GIMP_MAX_IMAGE_SIZE, -1.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "origin-y", "Origin _Y",
                                     "Glabella (front) or ear-canal midpoint (top), stencil "
                                     "pixels; -1: automatic",
                                     -1.0, GIMP_MAX_IMAGE_SIZE, -1.0, G_PARAM_READWRITE);
  for (gint i = 0; i < SMP_HAIRLINE_N_DOUBLES; i++) {
    const SmpDoubleArgument *d = &smp_hairline_doubles[i];
    gimp_procedure_add_double_argument(procedure, d->name, d->label, d->blurb, d->min, d->max,
                                       d->value, G_PARAM_READWRITE);
  }
  gimp_procedure_add_int_argument(procedure, "seed", "S_eed",
                                  "Random seed of the irregularity and the dots", 0, G_MAXINT, 0,
                                  G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "width", "_Width (mm)",
                                     "Page width: the design's real width, 70 to 1000 mm", 70.0,
                                     1000.0, 200.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "height", "H_eight (mm)",
                                     "Page height: the design's real height, 50 to 1000 mm", 50.0,
                                     1000.0, 140.0, G_PARAM_READWRITE);
  gimp_procedure_add_boolean_argument(procedure, "dots", "_Dots",
                                      "Also print the follicle dots over the design's area", FALSE,
                                      G_PARAM_READWRITE);
  gimp_procedure_add_file_argument(procedure, "file", "PDF _file",
                                   "Where to export the PDF; none: only create the image",
                                   GIMP_FILE_CHOOSER_ACTION_SAVE, TRUE, NULL, G_PARAM_READWRITE);
  gimp_procedure_add_image_return_value(procedure, "image", "Stencil", "The stencil image", FALSE,
                                        G_PARAM_READWRITE);
  return procedure;
}
