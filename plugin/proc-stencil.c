/* plug-in-smp-stencil: a printable 1:1 practitioner stencil.
 *
 * A new image at true scale (resolution = design ppi), black on white: the hairline outline and
 * zone edges from smp:hairline-mask, optional dots from smp:follicle-dots, the landmarks, a light
 * mm grid through the origin and a 50 mm calibration bar with a "print at 100 %" note. It is
 * exported with GIMP's own PDF exporter, whose page size is the image size divided by its
 * resolution, so the page measures the design's real size. Printers and dialogs that "fit to page"
 * break that, hence the bar: the practitioner checks it with a ruler before drawing on the scalp.
 * Given a design layer (a Hairline Layer, read by plugin/smp-stencil-design.c), the stencil draws
 * that layer's design as its effect holds it now, so an edited design prints as edited.
 */
#include <math.h>

#include <libgimp/gimp.h>
#include <libgimp/gimpui.h>

#include "smp-hairline-args.h"
#include "smp-head.h"
#include "smp-marking-plan.h"
#include "smp-match-args.h"
#include "smp-procedures.h"
#include "smp-stencil-design.h"

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
  SmpHairlineParams design;  /* origin in stencil pixels */
  SmpSurfaceRequest surface; /* the dots' surface, placed like the design */
  gboolean marking_plan;     /* also the marking plan and band template pages */
  gchar *session;            /* the session and shade line of the legend */
  SmpMarkingPages pages;
  gboolean dots;
  GimpDrawableFilter *design_dots; /* the design layer's smp:follicle-dots, if any */
  GimpLayer *design_layer;         /* the design layer, if any */
  GimpDrawable *client_hair;       /* the client's hair on the design layer's photo, if any */
  GimpLayer *area;                 /* with client_hair: the area to treat, hidden */
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
  return s->design.view == SMP_HAIRLINE_VIEW_TOP;
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
render_hairline(const Stencil *s, GimpDrawable *drawable, SmpHairlineOutput output, GError **error)
{
  GimpDrawableFilter *filter = smp_plugin_new_filter(drawable, HAIRLINE_OP, "Hairline", error);
  SmpHairlineParams params = s->design;

  if (!filter)
    return FALSE;
  params.output = output;
  return finish_filter(drawable, filter, smp_hairline_configure_filter(filter, &params, error));
}

/* The design's mask as the drawable's next effect: its alpha is the density map the dots follow,
 * the area to treat, never the client's own hair (with no stage, the whole design). */
static gboolean
append_area(const Stencil *s, GimpDrawable *drawable, GError **error)
{
  GimpDrawableFilter *mask = smp_plugin_new_filter(drawable, HAIRLINE_OP, "Hairline", error);
  SmpHairlineParams params = s->design;

  if (!mask)
    return FALSE;
  params.output = SMP_HAIRLINE_OUTPUT_MASK;
  params.area = s->design.pattern == SMP_HAIRLINE_PATTERN_FULL ? SMP_HAIRLINE_AREA_CURRENT
                                                               : SMP_HAIRLINE_AREA_TREATMENT;
  if (!smp_hairline_configure_filter(mask, &params, error)) {
    gimp_drawable_filter_delete(mask);
    return FALSE;
  }
  gimp_drawable_append_filter(drawable, mask);
  return TRUE;
}

/* With the client's hair from the photo: the area to treat baked into a hidden layer, the design
 * minus the client's hair carried onto the page (docs/fringe-matching.md, The client's hair), so
 * the dots follow it and the designer can show it. */
static gboolean
render_area(Stencil *s, GimpImage *image, GError **error)
{
  s->area =
      add_layer(image, "Area to treat (design minus the client's hair)", GIMP_LAYER_MODE_NORMAL);
  gimp_item_set_visible(GIMP_ITEM(s->area), FALSE);
  return append_area(s, GIMP_DRAWABLE(s->area), error) &&
         smp_stencil_subtract_client_hair(GIMP_DRAWABLE(s->area), s->client_hair, s->design_layer,
                                          &s->design, error);
}

/* Dots in stencil mode over the design's mask, whose alpha is their density: both effects are
 * rendered in one pass when merged, without the mask ever being stored; with the client's hair,
 * over a copy of the baked area to treat. With a design layer, its dots' density, sizes and
 * seed. */
static gboolean
render_dots(const Stencil *s, GimpDrawable *drawable, GError **error)
{
  GimpDrawableFilter *dots;

  if (!s->area && !append_area(s, drawable, error))
    return FALSE;
  dots = smp_plugin_new_filter(drawable, DOTS_OP, "Dots", error);
  if (!dots)
    return FALSE;
  if (s->design_dots)
    smp_stencil_copy_dot_properties(s->design_dots, dots);
  else if (!smp_filter_set_int(dots, "seed", (gint)s->design.seed, error)) {
    gimp_drawable_filter_delete(dots);
    return FALSE;
  }
  if (!(smp_filter_set_double(dots, "ppi", s->ppi, error) &&
        smp_filter_set_nick(dots, "density-source", "input-alpha", error) &&
        smp_filter_set_nick(dots, "output-mode", "stencil", error) &&
        smp_surface_configure(&s->surface, dots, error))) {
    gimp_drawable_filter_delete(dots);
    return FALSE;
  }
  gimp_drawable_append_filter(drawable, dots);
  gimp_drawable_merge_filters(drawable);
  return TRUE;
}

/* ---- stencil parts ------------------------------------------------------------------------- */

/* Light 1 mm lines, darker 10 mm lines, both through the origin (the glabella in the front
 * view), so heights and widths are read off the grid from the landmark the design is measured
 * from. Each line is a rectangle of whole pixels (where GIMP would round a selected one) set in
 * the layer's buffer: no selection is built and nothing composited, which on a 28-megapixel page
 * takes a fraction of the time of selection fills (docs/gimp-gegl-notes.md, Filters). */
static void
draw_grid(const Stencil *s, GimpImage *image)
{
  GimpLayer *layer = add_layer(image, "mm grid", GIMP_LAYER_MODE_NORMAL);
  GeglBuffer *buffer = gimp_drawable_get_buffer(GIMP_DRAWABLE(layer));
  const GeglRectangle page = {0, 0, s->width, s->height};
  const gint step_mm[2] = {1, 10};
  const gdouble line_mm[2] = {0.1, 0.2};
  const gchar *color[2] = {GRID_MINOR_COLOR, GRID_MAJOR_COLOR};

  for (gint pass = 0; pass < 2; pass++) {
    GeglColor *ink = gegl_color_new(color[pass]);
    gdouble line = MAX(1.0, round(mm(s, line_mm[pass])));
    gdouble step = mm(s, step_mm[pass]);
    gint first_x = (gint)ceil(-s->design.origin_x / step);
    gint last_x = (gint)floor((s->width - s->design.origin_x) / step);
    gint first_y = (gint)ceil(-s->design.origin_y / step);
    gint last_y = (gint)floor((s->height - s->design.origin_y) / step);

    for (gint i = first_x; i <= last_x; i++) {
      GeglRectangle rect = {(gint)round(s->design.origin_x + i * step - line / 2), 0, (gint)line,
                            s->height};
      /* GIMP's tiles end with the layer: a line at the edge is cut there. */
      if (gegl_rectangle_intersect(&rect, &rect, &page))
        gegl_buffer_set_color(buffer, &rect, ink);
    }
    for (gint j = first_y; j <= last_y; j++) {
      GeglRectangle rect = {0, (gint)round(s->design.origin_y + j * step - line / 2), s->width,
                            (gint)line};
      if (gegl_rectangle_intersect(&rect, &rect, &page))
        gegl_buffer_set_color(buffer, &rect, ink);
    }
    g_object_unref(ink);
  }
  gegl_buffer_flush(buffer);
  g_object_unref(buffer);
  gimp_drawable_update(GIMP_DRAWABLE(layer), 0, 0, s->width, s->height);
}

/* The design's landmarks in image pixels, where the op's own geometry puts them: the origin (the
 * glabella, the midpoint between the ear canals in the top view, the ear canal in profile), the
 * mid-frontal point, the frontotemporal angles, and the temple point and sideburn in profile or
 * the crown whorl from above. */
static gint
landmarks(const Stencil *s, Landmark *out, gint size, GError **error)
{
  SmpHairline *hairline = smp_hairline_new(&s->design, error);
  const gboolean left_view = s->design.view == SMP_HAIRLINE_VIEW_LEFT;
  const gchar *origin =
      s->design.view == SMP_HAIRLINE_VIEW_TOP ? "ear-canal line, midline" : "glabella";
  struct {
    SmpHairlineLandmark landmark;
    const gchar *label;
    gint side; /* the label's side of the mark: away from the design */
  } marks[] = {
      {SMP_HAIRLINE_LANDMARK_ORIGIN, origin, 1},
      {SMP_HAIRLINE_LANDMARK_EAR_CANAL, "ear canal", left_view ? -1 : 1},
      {SMP_HAIRLINE_LANDMARK_MID_FRONTAL, "mid-frontal point", left_view ? -1 : 1},
      {SMP_HAIRLINE_LANDMARK_ANGLE_LEFT, "frontotemporal angle", -1},
      {SMP_HAIRLINE_LANDMARK_ANGLE_RIGHT, "frontotemporal angle", 1},
      {SMP_HAIRLINE_LANDMARK_TEMPLE_POINT, "temple point", left_view ? -1 : 1},
      {SMP_HAIRLINE_LANDMARK_SIDEBURN, "sideburn", left_view ? -1 : 1},
      {SMP_HAIRLINE_LANDMARK_WHORL,
       s->design.whorl_clockwise ? "whorl (clockwise)" : "whorl (counter-clockwise)", 1},
  };
  gint n = 0;

  if (!hairline)
    return -1;
  for (gsize i = 0; i < G_N_ELEMENTS(marks) && n < size; i++) {
    gdouble u, v;
    if (!smp_hairline_landmark(hairline, marks[i].landmark, &u, &v))
      continue;
    out[n].label = marks[i].label;
    out[n].side = marks[i].side;
    smp_hairline_image_position(hairline, u, v, &out[n].x, &out[n].y);
    n++;
  }
  smp_hairline_unref(hairline);
  return n;
}

static gboolean
draw_landmarks(const Stencil *s, GimpImage *image, GError **error)
{
  Landmark marks[8];
  gint n = landmarks(s, marks, G_N_ELEMENTS(marks), error);
  GimpLayer *layer;
  gdouble arm = mm(s, 3.0), line = MAX(1.0, round(mm(s, 0.3)));

  if (n < 0)
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
  g_autofree gchar *title = g_strdup_printf(
      "smp-studio stencil: %s view, %s, %s; hairline %.0f mm above the glabella, temples %.0f mm "
      "apart; %.0f ppi, seed %d",
      smp_choice_nick(&smp_hairline_choices[SMP_HAIRLINE_CHOICE_VIEW], s->design.view),
      smp_choice_nick(&smp_hairline_choices[SMP_HAIRLINE_CHOICE_SHAPE], s->design.shape),
      smp_choice_nick(&smp_hairline_choices[SMP_HAIRLINE_CHOICE_PATTERN], s->design.pattern),
      s->design.hairline_height, s->design.temple_width, s->ppi, (gint)s->design.seed);

  back_text_with_paper(s, image,
                       add_text(s, image, title, 2.5, mm(s, MARGIN_MM), mm(s, MARGIN_MM / 2)));
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
  /* The op draws the outline in black ink (filters/smp-hairline-mask.c). */
  if (!render_hairline(s, GIMP_DRAWABLE(outline), SMP_HAIRLINE_OUTPUT_OUTLINE, error))
    return FALSE;

  if (s->client_hair && !render_area(s, image, error))
    return FALSE;
  if (s->dots) {
    /* Black dots on white: multiplied, the white lets the grid and outline through. */
    GimpLayer *dots =
        s->area ? gimp_layer_copy(s->area) : add_layer(image, "Dots", GIMP_LAYER_MODE_MULTIPLY);
    if (s->area) {
      gimp_image_insert_layer(image, dots, NULL, 0);
      gimp_item_set_name(GIMP_ITEM(dots), "Dots");
      gimp_item_set_visible(GIMP_ITEM(dots), TRUE);
      gimp_layer_set_mode(dots, GIMP_LAYER_MODE_MULTIPLY);
    }
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
  smp_stencil_legend(image, s->labels, s->font, s->px_per_mm, &s->design, s->dots, s->session);
  return TRUE;
}

/* ---- the procedure ------------------------------------------------------------------------- */

/* Negative origins mean "place it for me": centred; the glabella near the bottom edge (front
 * view), the mid-frontal point near the top edge (top view, face at the top), or in profile the
 * mid-frontal point near the top edge and the temple in the middle. */
static gboolean
place_origin(Stencil *s, gdouble origin_x, gdouble origin_y, GError **error)
{
  s->design.origin_x = origin_x >= 0 ? origin_x : s->width / 2.0;
  if (s->design.view >= SMP_HAIRLINE_VIEW_LEFT && (origin_x < 0 || origin_y < 0)) {
    SmpHairline *hairline = smp_hairline_new(&s->design, error);
    gdouble u, v;
    if (!hairline)
      return FALSE;
    /* The page's middle halfway between the ear canal and the glabella; the top of the head
     * near the top edge. */
    smp_hairline_landmark(hairline, SMP_HAIRLINE_LANDMARK_EAR_CANAL, &u, &v);
    if (origin_x < 0)
      s->design.origin_x = s->width / 2.0 - mm(s, 0.5 * u);
    smp_hairline_landmark(hairline, SMP_HAIRLINE_LANDMARK_VERTEX, &u, &v);
    smp_hairline_unref(hairline);
    s->design.origin_y = origin_y >= 0 ? origin_y : mm(s, 0.5 * HAIRLINE_FROM_TOP_MM + v);
  } else if (origin_y >= 0) {
    s->design.origin_y = origin_y;
  } else if (is_top_view(s)) {
    SmpHairline *hairline = smp_hairline_new(&s->design, error);
    if (!hairline)
      return FALSE;
    s->design.origin_y = mm(s, HAIRLINE_FROM_TOP_MM + smp_hairline_line_at(hairline, 0.0));
    smp_hairline_unref(hairline);
  } else {
    s->design.origin_y = s->height - mm(s, GLABELLA_FROM_BOTTOM_MM);
  }
  if (s->design.origin_x > s->width || s->design.origin_y > s->height) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "origin-x, origin-y: (%.0f, %.0f) px is outside the %d × %d px stencil (%.0f ppi)",
                s->design.origin_x, s->design.origin_y, s->width, s->height, s->ppi);
    return FALSE;
  }
  return TRUE;
}

static gboolean
stencil_design_on_skin(Stencil *s, GError **error)
{
  SmpHeadParams head;

  smp_head_params_init(&head);
  head.width = s->design.head_width;
  head.length = s->design.head_length;
  head.height = s->surface.head_height;
  return smp_head_design_from_skin(&head, &s->design.hairline_height, &s->design.temple_width,
                                   &s->design.recession, error);
}

static gboolean
read_config(GimpProcedureConfig *config, Stencil *s, GError **error)
{
  gdouble origin_x, origin_y, megapixels;

  g_autoptr(GimpLayer) design = NULL;

  g_object_get(config, "width", &s->width_mm, "height", &s->height_mm, "ppi", &s->ppi, "origin-x",
               &origin_x, "origin-y", &origin_y, "dots", &s->dots, "file", &s->file, "design",
               &design, NULL);
  if (design)
    s->design_dots = smp_stencil_find_filter(GIMP_DRAWABLE(design), DOTS_OP);
  s->design_layer = g_steal_pointer(&design);
  g_object_get(config, "client-hair", &s->client_hair, NULL);
  smp_hairline_params_from_config(config, &s->design);
  s->design.ppi = s->ppi;
  if (!smp_stencil_check_client_hair(s->client_hair, s->design_layer, &s->design, error))
    return FALSE;

  s->px_per_mm = smp_plugin_px_per_mm(s->ppi);
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
  if (!place_origin(s, origin_x, origin_y, error))
    return FALSE;
  smp_surface_from_config(&s->surface, config);
  /* On the dome the design's distances are skin distances: the stencil, a front photo's scale,
   * draws their pictures (the hairline op and the landmarks alike). */
  if (s->surface.dome && !stencil_design_on_skin(s, error))
    return FALSE;
  g_object_get(config, "marking-plan", &s->marking_plan, NULL);
  s->session = smp_stencil_session_text(config, error);
  if (!s->session)
    return FALSE;
  s->surface.origin_x = s->design.origin_x;
  s->surface.origin_y = s->design.origin_y;
  return TRUE;
}

static void
stencil_clear(Stencil *s)
{
  g_clear_object(&s->file);
  g_clear_object(&s->design_layer);
  g_clear_object(&s->client_hair);
  g_clear_pointer(&s->session, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Stencil, stencil_clear)

static gboolean
stencil_dialog(GimpProcedure *procedure, GimpProcedureConfig *config)
{
  GtkWidget *dialog;
  gboolean run;

  gimp_ui_init(SMP_PLUGIN_BINARY);
  dialog = gimp_procedure_dialog_new(procedure, config, "Practitioner Stencil (1:1 PDF)");
  smp_plugin_sync_choices(config, TRUE);
  gimp_procedure_dialog_get_label(
      GIMP_PROCEDURE_DIALOG(dialog), "print-note",
      "Print the PDF at 100 % (actual size, no scaling) and check the 50 mm bar with a ruler.",
      FALSE, FALSE);
  gimp_procedure_dialog_fill_box(GIMP_PROCEDURE_DIALOG(dialog), "design-box", "view-choice",
                                 "shape-choice", "pattern-choice", "hairline-height",
                                 "temple-width", "recession", "transition", "irregularity",
                                 "asymmetry", "seed", NULL);
  gimp_procedure_dialog_fill_box(GIMP_PROCEDURE_DIALOG(dialog), "more-box", "origin-x", "origin-y",
                                 "angle", "area-choice", "outline-width", "head-width",
                                 "head-length", "whorl-side", "whorl-behind", "whorl-clockwise",
                                 "surface-choice", "head-height", NULL);
  gimp_procedure_dialog_get_label(GIMP_PROCEDURE_DIALOG(dialog), "more-label",
                                  "Placement and head size", FALSE, FALSE);
  gimp_procedure_dialog_fill_expander(GIMP_PROCEDURE_DIALOG(dialog), "more", "more-label", FALSE,
                                      "more-box");
  gimp_procedure_dialog_fill(GIMP_PROCEDURE_DIALOG(dialog), "design", "client-hair", "design-box",
                             "width", "height", "ppi", "dots", "session", "hair-type-choice",
                             "skin-tone-choice", "marking-plan", "file", "print-note", "more",
                             NULL);
  g_signal_connect(config, "notify::design", G_CALLBACK(smp_stencil_design_changed), NULL);
  run = gimp_procedure_dialog_run(GIMP_PROCEDURE_DIALOG(dialog));
  g_signal_handlers_disconnect_by_func(config, smp_stencil_design_changed, NULL);
  if (run)
    smp_plugin_sync_choices(config, FALSE);
  gtk_widget_destroy(dialog);
  return run;
}

/* The marking plan and band template pages (plugin/smp-marking-plan.c): exported beside the
 * stencil's PDF, and shown when interactive; kept only to be shown, none left behind on a
 * failure. */
static gboolean
stencil_pages(Stencil *s, GimpRunMode run_mode, GError **error)
{
  const gboolean show = run_mode == GIMP_RUN_INTERACTIVE;
  gboolean ok;

  if (!s->marking_plan || (!s->file && !show))
    return TRUE;
  if (!smp_marking_pages_new(&s->design, s->surface.head_height, s->font, &s->pages, error))
    return FALSE;
  ok = !s->file || smp_marking_pages_export(&s->pages, s->file, error);
  if (!ok || !show) {
    gimp_image_delete(s->pages.plan);
    gimp_image_delete(s->pages.band);
    s->pages = (SmpMarkingPages){0};
  }
  return ok;
}

static GimpValueArray *
stencil_run(GimpProcedure *procedure, GimpProcedureConfig *config, gpointer run_data)
{
  g_autoptr(GimpLayer) design = NULL;
  GimpRunMode run_mode;
  g_auto(Stencil) s = {0};
  GimpImage *image;
  GError *error = NULL;
  GimpValueArray *values;
  gboolean ok;

  gegl_init(NULL, NULL);
  g_object_get(config, "run-mode", &run_mode, "design", &design, NULL);
  if (run_mode == GIMP_RUN_INTERACTIVE) {
    /* The dialog starts from the design just made, and its arguments stay editable. */
    if (!design && smp_stencil_default_design()) {
      design = g_object_ref(smp_stencil_default_design());
      g_object_set(config, "design", design, NULL);
    }
    if (design)
      smp_stencil_design_changed(config, NULL, NULL);
    if (!stencil_dialog(procedure, config))
      return gimp_procedure_new_return_values(procedure, GIMP_PDB_CANCEL, NULL);
    g_clear_object(&design);
    g_object_get(config, "design", &design, NULL);
    if (design && !smp_stencil_has_design(design)) {
      smp_stencil_design_to_config(config, design, &error); /* only names the problem */
      return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
    }
  } else if (design && !smp_stencil_design_to_config(config, design, &error)) {
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  }

  if (!smp_plugin_check_arguments(NULL, NULL, config, &error) || !read_config(config, &s, &error))
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_CALLING_ERROR, error);
  /* Guardrails: shown as warnings; the stencil is made all the same. */
  g_free(smp_hairline_warn(&s.design));

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
    ok = smp_plugin_export_pdf(image, s.file, &error);
  ok = ok && stencil_pages(&s, run_mode, &error);
  if (!ok) {
    gimp_image_delete(image);
    return gimp_procedure_new_return_values(procedure, GIMP_PDB_EXECUTION_ERROR, error);
  }

  if (run_mode == GIMP_RUN_INTERACTIVE) {
    gimp_display_new(image);
    if (s.pages.plan) {
      gimp_display_new(s.pages.plan);
      gimp_display_new(s.pages.band);
    }
  }
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
      "(glabella, mid-frontal point, frontotemporal angles), a light mm grid through the origin "
      "and a "
      "50 mm calibration bar with a print-at-100 % note. With 'file' set it is exported with "
      "GIMP's PDF export, whose page measures width × height mm. The hairline arguments are the "
      "op's properties; origin-x/origin-y are stencil pixels, negative values place the design "
      "automatically. With 'design', a layer Hairline Layer made, the design is that layer's "
      "(its smp:hairline-mask effect as it is now, or once baked the design it was made with) and "
      "the dots its dots' density and sizes. With 'client-hair' (a drawable of the design layer's "
      "photo whose alpha is the client's current hair, as for Hairline Layer) the area to treat, "
      "the design minus that hair eased into its edge, is carried onto the page at the stencil's "
      "scale: the dots stay off the client's hair, and a hidden layer holds the area. "
      "Returns the stencil image.",
      STENCIL_PROC);
  gimp_procedure_set_attribution(procedure, "smp-studio", "smp-studio", "2025");

  gimp_procedure_add_enum_argument(procedure, "run-mode", "Run mode", "The run mode",
                                   GIMP_TYPE_RUN_MODE, GIMP_RUN_INTERACTIVE, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "ppi", "_Resolution (ppi)",
                                     "Pixels per inch of the stencil, 72 to 1200; 600 keeps dot "
                                     "sizes visible",
                                     72.0, 1200.0, 600.0, G_PARAM_READWRITE);
  smp_hairline_add_choice_arguments(procedure);
  gimp_procedure_add_double_argument(procedure, "origin-x", "Origin _X",
                                     "Glabella (front) or ear-canal midpoint (top), stencil "
                                     "pixels; -1: centred",
                                     -1.0, GIMP_MAX_IMAGE_SIZE, -1.0, G_PARAM_READWRITE);
  gimp_procedure_add_double_argument(procedure, "origin-y", "Origin _Y",
                                     "Glabella (front) or ear-canal midpoint (top), stencil "
                                     "pixels; -1: automatic",
                                     -1.0, GIMP_MAX_IMAGE_SIZE, -1.0, G_PARAM_READWRITE);
  smp_hairline_add_double_arguments(procedure);
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
                                      "Also print the impressions over the area 'area' selects "
                                      "(with a stage: the client's hair or the area to treat): "
                                      "one dot per planned impression (one per hair)",
                                      FALSE, G_PARAM_READWRITE);
  gimp_procedure_add_file_argument(procedure, "file", "PDF _file",
                                   "Where to export the PDF; none: only create the image",
                                   GIMP_FILE_CHOOSER_ACTION_SAVE, TRUE, NULL, G_PARAM_READWRITE);
  smp_surface_add_arguments(procedure, FALSE);
  smp_stencil_add_session_arguments(procedure);
  gimp_procedure_add_boolean_argument(
      procedure, "marking-plan", "_Marking plan",
      "Also make the marking plan page (the landmarks to mark and the tape lengths between them "
      "along the skin, a diagram and a table) and the hairline band template (the band flattened "
      "from the head at true skin scale), exported beside 'file' as <name>-marking-plan.pdf and "
      "<name>-band.pdf and shown in interactive mode",
      FALSE, G_PARAM_READWRITE);
  gimp_procedure_add_layer_argument(
      procedure, "design", "Desi_gn layer",
      "A layer that Hairline Layer made: the stencil draws its design as its smp:hairline-mask "
      "effect holds it now, edits included (once baked, as it was made), in place of the design "
      "arguments, "
      "and with 'dots' the density, sizes and seed of its dots; none: the design arguments",
      TRUE, G_PARAM_READWRITE);
  smp_match_add_client_hair_argument(procedure);
  gimp_procedure_add_image_return_value(procedure, "image", "Stencil", "The stencil image", FALSE,
                                        G_PARAM_READWRITE);

  return procedure;
}
