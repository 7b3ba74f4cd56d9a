/* The stencil's marking plan and band template pages: GIMP drawing of what the core computes
 * (filters/core/smp-head-plan.h, smp-head-band.h; docs/head-model.md). Practitioners plan on the
 * head itself, marking landmarks with a skin pencil and measuring with a flexible tape; the plan
 * page says where and how far, the band page is a cut-out of the hairline's band at skin scale. */
#include "smp-marking-plan.h"

#include <math.h>
#include <string.h>

#include "smp-hairline-args.h"
#include "smp-head-plan.h"
#include "smp-procedures.h"

/* The plan page: A4 portrait at a resolution for text and lines (it is not to scale). */
#define PLAN_W_MM 210.0
#define PLAN_H_MM 297.0
#define PLAN_PPI 150.0
/* The band page: at least A4 landscape, at a resolution fine enough for 0.1 mm marks. */
#define BAND_MIN_W_MM 297.0
#define BAND_MIN_H_MM 210.0
#define BAND_PPI 300.0
#define BAND_HALF_WIDTH_MM 10.0
#define MARGIN_MM 12.0
#define TICK_STEP_MM 10.0
#define CALIBRATION_MM 50.0
/* The stencil's legend ends this far above the page's bottom: above the glabella the front view
 * puts 30 mm above it, and the calibration bar. */
#define LEGEND_ABOVE_BOTTOM_MM 37.0
/* The diagram: the head from above, this many page mm per head mm, its ear-canal point here. */
#define DIAGRAM_SCALE 0.55
#define DIAGRAM_X_MM 68.0
#define DIAGRAM_Y_MM 105.0

typedef struct {
  GimpImage *image;
  GimpLayer *ink;   /* lines and marks */
  GimpLayer *texts; /* group of the text layers */
  GimpFont *font;
  gdouble px_per_mm;
} Page;

/* ---- drawing ------------------------------------------------------------------------------ */

static Page
page_new(const gchar *name, gdouble width_mm, gdouble height_mm, gdouble ppi, GimpFont *font)
{
  Page p = {.font = font, .px_per_mm = smp_plugin_px_per_mm(ppi)};
  const gint w = (gint)ceil(width_mm * p.px_per_mm), h = (gint)ceil(height_mm * p.px_per_mm);
  GeglColor *white = gegl_color_new("#ffffff");
  GimpLayer *paper;

  p.image = gimp_image_new(w, h, GIMP_RGB);
  gimp_image_undo_disable(p.image);
  gimp_image_set_resolution(p.image, ppi, ppi);
  gimp_image_set_unit(p.image, gimp_unit_mm());
  paper = gimp_layer_new(p.image, name, w, h, GIMP_RGB_IMAGE, 100.0, GIMP_LAYER_MODE_NORMAL);
  gimp_image_insert_layer(p.image, paper, NULL, 0);
  gimp_context_set_foreground(white);
  gimp_drawable_edit_fill(GIMP_DRAWABLE(paper), GIMP_FILL_FOREGROUND);
  g_object_unref(white);
  p.ink = gimp_layer_new(p.image, "Lines and marks", w, h, GIMP_RGBA_IMAGE, 100.0,
                         GIMP_LAYER_MODE_NORMAL);
  gimp_image_insert_layer(p.image, p.ink, NULL, 0);
  p.texts = GIMP_LAYER(gimp_group_layer_new(p.image, "Labels"));
  gimp_image_insert_layer(p.image, p.texts, NULL, 0);
  return p;
}

/* A polyline (page mm, x y pairs) stroked in `color`, `width_mm` wide. */
static void
stroke(const Page *p, const gdouble *mm, gint n, gboolean closed, gdouble width_mm,
       const gchar *color)
{
  GimpPath *path = gimp_path_new(p->image, "stroke");
  gdouble *points = g_new(gdouble, 6 * n);
  GeglColor *ink = gegl_color_new(color);

  /* A Bézier stroke of corner points: each anchor is its own two handles. */
  for (gint i = 0; i < n; i++)
    for (gint k = 0; k < 3; k++) {
      points[6 * i + 2 * k] = mm[2 * i] * p->px_per_mm;
      points[6 * i + 2 * k + 1] = mm[2 * i + 1] * p->px_per_mm;
    }
  gimp_image_insert_path(p->image, path, NULL, 0);
  gimp_path_stroke_new_from_points(path, GIMP_PATH_STROKE_TYPE_BEZIER, 6 * n, points, closed);
  gimp_context_set_foreground(ink);
  gimp_context_set_stroke_method(GIMP_STROKE_LINE);
  gimp_context_set_line_width(MAX(1.0, width_mm * p->px_per_mm));
  gimp_context_set_antialias(TRUE);
  gimp_drawable_edit_stroke_item(GIMP_DRAWABLE(p->ink), GIMP_ITEM(path));
  gimp_image_remove_path(p->image, path);
  g_object_unref(ink);
  g_free(points);
}

static void
segment(const Page *p, gdouble x0, gdouble y0, gdouble x1, gdouble y1, gdouble width_mm,
        const gchar *color)
{
  const gdouble mm[4] = {x0, y0, x1, y1};
  stroke(p, mm, 2, FALSE, width_mm, color);
}

static void
cross(const Page *p, gdouble x, gdouble y, gdouble arm_mm)
{
  segment(p, x - arm_mm, y, x + arm_mm, y, 0.3, "#000000");
  segment(p, x, y - arm_mm, x, y + arm_mm, 0.3, "#000000");
}

/* Text at page mm (its top left corner there; `right_align`: its top right corner). */
static GimpTextLayer *
text(const Page *p, const gchar *words, gdouble size_mm, gdouble x, gdouble y, gboolean right_align)
{
  GimpTextLayer *layer;
  GeglColor *ink;

  if (!p->font)
    return NULL;
  layer = gimp_text_layer_new(p->image, words, p->font, size_mm, gimp_unit_mm());
  if (!layer)
    return NULL;
  gimp_image_insert_layer(p->image, GIMP_LAYER(layer), p->texts, 0);
  ink = gegl_color_new("#000000");
  gimp_text_layer_set_color(layer, ink);
  g_object_unref(ink);
  if (right_align)
    x -= gimp_drawable_get_width(GIMP_DRAWABLE(layer)) / p->px_per_mm;
  gimp_layer_set_offsets(GIMP_LAYER(layer), (gint)round(x * p->px_per_mm),
                         (gint)round(y * p->px_per_mm));
  return layer;
}

/* ---- the marking plan page ---------------------------------------------------------------- */

/* Page mm of a head-frame point in the diagram: the head from above, face up. */
static void
diagram_point(const gdouble pos[3], gdouble *x, gdouble *y)
{
  *x = DIAGRAM_X_MM + DIAGRAM_SCALE * pos[0];
  *y = DIAGRAM_Y_MM - DIAGRAM_SCALE * pos[1];
}

/* A line along the band at offset d, as the diagram sees it from above. */
static void
diagram_band_line(const Page *p, const SmpHeadBand *band, gdouble d, gdouble width_mm)
{
  const gdouble length = smp_head_band_length(band);
  const gint n = (gint)ceil(length / 2.0) + 1;
  gdouble *mm = g_new(gdouble, 2 * n);

  for (gint i = 0; i < n; i++) {
    gdouble pos[3];
    smp_head_band_skin(band, length * i / (n - 1), d, pos);
    diagram_point(pos, &mm[2 * i], &mm[2 * i + 1]);
  }
  stroke(p, mm, n, FALSE, width_mm, "#000000");
  g_free(mm);
}

/* The outline from above, the midline, the hairline's band (the design line and the band the
 * template covers) and the border of the area to treat. */
static void
draw_diagram_head(const Page *p, const SmpMarkingPlan *plan, const SmpHeadBand *band)
{
  gdouble outline[2 * 181];

  for (gint i = 0; i <= 180; i++) {
    gdouble u, v;
    smp_head_outline_point(&plan->top, 2.0 * G_PI * i / 180, &u, &v);
    outline[2 * i] = DIAGRAM_X_MM + DIAGRAM_SCALE * u;
    outline[2 * i + 1] = DIAGRAM_Y_MM - DIAGRAM_SCALE * v;
  }
  stroke(p, outline, 181, TRUE, 0.4, "#000000");
  segment(p, DIAGRAM_X_MM, DIAGRAM_Y_MM - DIAGRAM_SCALE * plan->top.b_front, DIAGRAM_X_MM,
          DIAGRAM_Y_MM + DIAGRAM_SCALE * plan->top.b_back, 0.15, "#a8a8a8");
  diagram_band_line(p, band, 0.0, 0.5);
  diagram_band_line(p, band, -smp_head_band_half_width(band), 0.15);
  diagram_band_line(p, band, smp_head_band_half_width(band), 0.15);
  if (plan->n_border > 2) {
    gdouble *mm = g_new(gdouble, 2 * plan->n_border);
    for (gint i = 0; i < plan->n_border; i++) {
      mm[2 * i] = DIAGRAM_X_MM + DIAGRAM_SCALE * plan->border_x[i];
      mm[2 * i + 1] = DIAGRAM_Y_MM - DIAGRAM_SCALE * plan->border_y[i];
    }
    stroke(p, mm, plan->n_border, TRUE, 0.3, "#606060");
    g_free(mm);
  }
}

/* Each mark a numbered cross; each tape a thin line between its marks, numbered at its middle. */
static void
draw_diagram_marks(const Page *p, const SmpMarkingPlan *plan)
{
  for (gint i = 0; i < plan->n_tapes; i++) {
    gdouble x0, y0, x1, y1;
    gchar *label = g_strdup_printf("%c", 'A' + i);
    diagram_point(plan->marks[plan->tapes[i].from].pos, &x0, &y0);
    diagram_point(plan->marks[plan->tapes[i].to].pos, &x1, &y1);
    segment(p, x0, y0, x1, y1, 0.2, "#606060");
    text(p, label, 2.2, 0.5 * (x0 + x1) + 0.8, 0.5 * (y0 + y1) - 1.2, FALSE);
    g_free(label);
  }
  for (gint m = 0; m < SMP_PLAN_N_MARKS; m++) {
    gdouble x, y;
    gchar *label;
    if (!plan->marks[m].present)
      continue;
    diagram_point(plan->marks[m].pos, &x, &y);
    cross(p, x, y, 1.5);
    label = g_strdup_printf("%d", m + 1);
    text(p, label, 2.5, x + (plan->marks[m].pos[0] < 0.0 ? -2.0 : 2.0), y + 0.3,
         plan->marks[m].pos[0] < 0.0);
    g_free(label);
  }
}

/* The landmarks (numbered as in the diagram) and the tapes (lettered), in columns. */
static void
draw_tables(const Page *p, const SmpMarkingPlan *plan, gdouble top)
{
  GString *marks = g_string_new("Landmarks (mark with a skin pencil)\n");
  GString *from = g_string_new("Tape (flexible, along the skin)\n");
  GString *tape = g_string_new("tape\n");
  GString *straight = g_string_new("straight\n");

  for (gint m = 0; m < SMP_PLAN_N_MARKS; m++)
    if (plan->marks[m].present)
      g_string_append_printf(marks, "%d  %s\n", m + 1, plan->marks[m].name);
  for (gint i = 0; i < plan->n_tapes; i++) {
    const SmpPlanTape *t = &plan->tapes[i];
    g_string_append_printf(from, "%c  %d → %d, %s\n", 'A' + i, t->from + 1, t->to + 1, t->how);
    g_string_append_printf(tape, "%.0f mm\n", t->tape);
    g_string_append_printf(straight, "%.0f mm\n", t->straight);
  }
  text(p, marks->str, 3.0, 128.0, 40.0, FALSE);
  text(p, from->str, 3.0, MARGIN_MM, top, FALSE);
  text(p, tape->str, 3.0, 160.0, top, TRUE);
  text(p, straight->str, 3.0, PLAN_W_MM - MARGIN_MM, top, TRUE);
  g_string_free(marks, TRUE);
  g_string_free(from, TRUE);
  g_string_free(tape, TRUE);
  g_string_free(straight, TRUE);
}

static void
draw_plan_page(const Page *p, const SmpHairlineParams *design, gdouble head_height,
               const SmpMarkingPlan *plan, const SmpHeadBand *band)
{
  gchar *title = g_strdup_printf(
      "Marking plan: %s, %s hairline %.0f mm above the glabella; head %.0f × %.0f × %.0f mm",
      smp_choice_nick(&smp_hairline_choices[SMP_HAIRLINE_CHOICE_PATTERN], design->pattern),
      smp_choice_nick(&smp_hairline_choices[SMP_HAIRLINE_CHOICE_SHAPE], design->shape),
      design->hairline_height, design->head_width, design->head_length, head_height);

  text(p, title, 3.5, MARGIN_MM, MARGIN_MM, FALSE);
  g_free(title);
  text(p,
       "The head from above, face at the top: the client's right on the page's right. Thick: the\n"
       "design line, between thin lines 10 mm either side (the band template); grey: the border\n"
       "of the area to treat. Numbers: landmarks; letters: tapes (table below).",
       2.5, MARGIN_MM, 22.0, FALSE);
  draw_diagram_head(p, plan, band);
  draw_diagram_marks(p, plan);
  text(p, "client's left", 2.5, MARGIN_MM, DIAGRAM_Y_MM, FALSE);
  text(p, "client's right", 2.5, DIAGRAM_X_MM + DIAGRAM_SCALE * plan->top.a + 4.0, DIAGRAM_Y_MM,
       FALSE);
  draw_tables(p, plan, 180.0);
  text(p,
       "Lay the tape on the skin the way the table says (the midline, over the top, along the\n"
       "hairline); 'straight' is the same distance in a straight line, as callipers give it.\n"
       "Lengths from the head model (docs/head-model.md) with the head sizes above.",
       2.5, MARGIN_MM, PLAN_H_MM - MARGIN_MM - 14.0, FALSE);
}

/* ---- the band template page ---------------------------------------------------------------- */

/* The band's arc length where its centre line crosses the midline (the mid-frontal point). */
static gdouble
band_midline(const SmpHeadBand *band)
{
  const gdouble length = smp_head_band_length(band);
  gdouble lo = 0.0, hi = length, u0, v;

  smp_head_band_view(band, lo, 0.0, &u0, &v);
  for (gint i = 0; i < 50; i++) {
    gdouble mid = 0.5 * (lo + hi), u;
    smp_head_band_view(band, mid, 0.0, &u, &v);
    if ((u < 0.0) == (u0 < 0.0))
      lo = mid;
    else
      hi = mid;
  }
  return 0.5 * (lo + hi);
}

/* A line along the band at offset d, on the page. */
static void
band_line(const Page *p, const SmpHeadBand *band, gdouble d, gdouble ox, gdouble oy,
          gdouble width_mm)
{
  const gdouble length = smp_head_band_length(band);
  const gint n = (gint)ceil(length) + 1;
  gdouble *mm = g_new(gdouble, 2 * n);

  for (gint i = 0; i < n; i++) {
    gdouble x, y;
    smp_head_band_template(band, length * i / (n - 1), d, &x, &y);
    mm[2 * i] = ox + x, mm[2 * i + 1] = oy - y;
  }
  stroke(p, mm, n, FALSE, width_mm, "#000000");
  g_free(mm);
}

static void
band_tick(const Page *p, const SmpHeadBand *band, gdouble s, gdouble reach, gdouble ox, gdouble oy,
          gdouble width_mm)
{
  gdouble x0, y0, x1, y1;
  smp_head_band_template(band, s, -reach, &x0, &y0);
  smp_head_band_template(band, s, reach, &x1, &y1);
  segment(p, ox + x0, oy - y0, ox + x1, oy - y1, width_mm, "#000000");
}

static void
draw_band_page(const Page *p, const SmpHeadBand *band, gdouble ox, gdouble oy, gdouble page_h,
               gdouble distortion)
{
  const gdouble length = smp_head_band_length(band), w = smp_head_band_half_width(band);
  const gdouble mid = band_midline(band);
  gdouble x, y;
  gchar *note;

  band_line(p, band, -w, ox, oy, 0.3);
  band_line(p, band, w, ox, oy, 0.3);
  band_line(p, band, 0.0, ox, oy, 0.5);
  band_tick(p, band, 0.0, w, ox, oy, 0.3);
  band_tick(p, band, length, w, ox, oy, 0.3);
  /* Ticks every 10 mm of skin from the mid-frontal point, longer at the mid-frontal point. */
  for (gint k = -(gint)floor(mid / TICK_STEP_MM); mid + k * TICK_STEP_MM <= length; k++)
    band_tick(p, band, mid + k * TICK_STEP_MM, k == 0 ? w : 0.3 * w, ox, oy, 0.2);
  smp_head_band_template(band, mid, w, &x, &y);
  text(p, "mid-frontal point", 2.5, ox + x + 1.0, oy - y - 5.0, FALSE);
  smp_head_band_template(band, 0.0, w, &x, &y);
  text(p, "client's right:\nfrontotemporal angle", 2.5, ox + x, oy - y - 10.0, FALSE);
  smp_head_band_template(band, length, w, &x, &y);
  text(p, "client's left:\nfrontotemporal angle", 2.5, ox + x, oy - y - 10.0, TRUE);
  note = g_strdup_printf(
      "Hairline band template, true skin scale: the design line (thick) and %.0f mm of skin either "
      "side, towards the crown above it.\nTicks every %.0f mm of skin from the mid-frontal point; "
      "the band is %.0f mm long on the skin. Lengths along it are within %.1f mm of the skin's\n"
      "(head model). Print at 100 %% (check the 50 mm bar), cut along the outer lines, lay it on "
      "the forehead with the long tick on the mid-frontal point.",
      w, TICK_STEP_MM, length, distortion);
  text(p, note, 2.5, MARGIN_MM, MARGIN_MM, FALSE);
  g_free(note);
  /* The calibration bar, bottom left. */
  for (gint k = 0; k <= 5; k++)
    segment(p, MARGIN_MM + k * 10.0, page_h - MARGIN_MM - 4.0, MARGIN_MM + k * 10.0,
            page_h - MARGIN_MM, 0.3, "#000000");
  segment(p, MARGIN_MM, page_h - MARGIN_MM, MARGIN_MM + CALIBRATION_MM, page_h - MARGIN_MM, 1.0,
          "#000000");
  text(p, "50 mm", 2.5, MARGIN_MM + CALIBRATION_MM + 3.0, page_h - MARGIN_MM - 3.5, FALSE);
}

/* ---- the pages ------------------------------------------------------------------------------ */

/* The band page: wide enough for the band, centred across it, its top 40 mm below the page's. */
static GimpImage *
band_page_new(const SmpHeadBand *band, GimpFont *font, gdouble distortion)
{
  const gdouble length = smp_head_band_length(band), half = smp_head_band_half_width(band);
  gdouble x0, y0, x1, y1, top = -G_MAXDOUBLE, bottom = G_MAXDOUBLE;
  Page page;

  smp_head_band_template(band, 0.0, 0.0, &x0, &y0);
  smp_head_band_template(band, length, 0.0, &x1, &y1);
  for (gdouble s = 0.0; s <= length; s += 1.0)
    for (gint side = -1; side <= 1; side += 2) {
      gdouble x, y;
      smp_head_band_template(band, s, side * half, &x, &y);
      top = MAX(top, y), bottom = MIN(bottom, y);
    }
  const gdouble w = MAX(BAND_MIN_W_MM, x1 - x0 + 2 * MARGIN_MM);
  const gdouble h = MAX(BAND_MIN_H_MM, top - bottom + 80.0);
  page = page_new("Band template", w, h, BAND_PPI, font);
  draw_band_page(&page, band, 0.5 * w - 0.5 * (x0 + x1), 40.0 + top, h, distortion);
  return page.image;
}

gboolean
smp_marking_pages_new(const SmpHairlineParams *design, gdouble head_height, GimpFont *font,
                      SmpMarkingPages *pages, GError **error)
{
  SmpMarkingPlan *plan = g_new(SmpMarkingPlan, 1);
  SmpHeadBand *band = NULL;
  Page plan_page;

  *pages = (SmpMarkingPages){0};
  if (!smp_marking_plan(design, head_height, plan, error) ||
      !(band = smp_marking_plan_band(plan, BAND_HALF_WIDTH_MM, error))) {
    g_free(plan);
    return FALSE;
  }
  pages->band_length_mm = smp_head_band_length(band);
  pages->band_distortion_mm = smp_head_band_distortion(band);
  gimp_context_push();
  plan_page = page_new("Marking plan", PLAN_W_MM, PLAN_H_MM, PLAN_PPI, font);
  draw_plan_page(&plan_page, design, head_height, plan, band);
  pages->plan = plan_page.image;
  pages->band = band_page_new(band, font, pages->band_distortion_mm);
  gimp_context_pop();
  gimp_image_undo_enable(pages->plan);
  gimp_image_undo_enable(pages->band);
  smp_head_band_free(band);
  g_free(plan);
  return TRUE;
}

/* "<stencil name without .pdf><suffix>" next to the stencil. */
static GFile *
sibling(GFile *stencil_file, const gchar *suffix)
{
  g_autofree gchar *path = g_file_get_path(stencil_file);
  g_autofree gchar *stem = NULL;

  if (!path)
    path = g_file_get_uri(stencil_file);
  stem = g_str_has_suffix(path, ".pdf") ? g_strndup(path, strlen(path) - 4) : g_strdup(path);
  g_autofree gchar *name = g_strconcat(stem, suffix, NULL);
  return g_file_has_uri_scheme(stencil_file, "file") || g_path_is_absolute(name)
             ? g_file_new_for_path(name)
             : g_file_new_for_uri(name);
}

gboolean
smp_marking_pages_export(const SmpMarkingPages *pages, GFile *stencil_file, GError **error)
{
  g_autoptr(GFile) plan_file = sibling(stencil_file, "-marking-plan.pdf");
  g_autoptr(GFile) band_file = sibling(stencil_file, "-band.pdf");

  return smp_plugin_export_pdf(pages->plan, plan_file, error) &&
         smp_plugin_export_pdf(pages->band, band_file, error);
}

/* ---- the stencil's legend ------------------------------------------------------------------ */

/* Where the client's sides are on the page, as the view shows the head. */
static const gchar *
sides_text(SmpHairlineView view)
{
  switch (view) {
  case SMP_HAIRLINE_VIEW_TOP:
    return "From above, face at the top: client's LEFT on the page's left, RIGHT on its right.";
  case SMP_HAIRLINE_VIEW_RIGHT:
    return "The client's RIGHT side in profile, face to the page's right.";
  case SMP_HAIRLINE_VIEW_LEFT:
    return "The client's LEFT side in profile, face to the page's left.";
  default:
    return "Facing the client: client's RIGHT on the page's left, LEFT on its right.";
  }
}

void
smp_stencil_legend(GimpImage *image, GimpLayer *labels, GimpFont *font, gdouble px_per_mm,
                   const SmpHairlineParams *design, gboolean dots, const gchar *session)
{
  GString *words = g_string_new(NULL);
  Page p = {.image = image, .texts = labels, .font = font, .px_per_mm = px_per_mm};
  GimpTextLayer *legend;
  GimpLayer *paper;
  gint x, y, w, h;
  const gdouble pad = px_per_mm;
  GeglColor *white;

  g_string_append_printf(words, "%s\n", sides_text(design->view));
  if (session && *session)
    g_string_append_printf(words, "%s\n", session);
  g_string_append(words, "Thick line: the design line (hairline). Thin lines: the edges of its "
                         "soft zone.\n");
  if (dots)
    g_string_append(words, "Dots: one per impression, in the area to treat only.\n");
  g_string_append(words, "Crosses: landmarks. Grid: 1 mm and 10 mm lines through the origin.");
  legend = text(&p, words->str, 2.2, 0.0, 0.0, FALSE);
  g_string_free(words, TRUE);
  if (!legend)
    return;
  gimp_item_set_name(GIMP_ITEM(legend), "Legend");
  /* Centred above the calibration bar (in a front view the face below the hairline is empty
   * there), on paper just below the labels, so no line runs through the words. */
  w = gimp_drawable_get_width(GIMP_DRAWABLE(legend));
  h = gimp_drawable_get_height(GIMP_DRAWABLE(legend));
  x = (gimp_image_get_width(image) - w) / 2;
  y = (gint)(gimp_image_get_height(image) - LEGEND_ABOVE_BOTTOM_MM * px_per_mm) - h;
  gimp_layer_set_offsets(GIMP_LAYER(legend), x, y);
  paper = gimp_layer_new(image, "Paper behind the legend", (gint)(w + 2 * pad), (gint)(h + 2 * pad),
                         GIMP_RGBA_IMAGE, 100.0, GIMP_LAYER_MODE_NORMAL);
  gimp_image_insert_layer(image, paper, NULL,
                          gimp_image_get_item_position(image, GIMP_ITEM(labels)) + 1);
  gimp_layer_set_offsets(paper, (gint)(x - pad), (gint)(y - pad));
  white = gegl_color_new("#ffffff");
  gimp_context_push();
  gimp_context_set_foreground(white);
  gimp_drawable_edit_fill(GIMP_DRAWABLE(paper), GIMP_FILL_FOREGROUND);
  gimp_context_pop();
  g_object_unref(white);
}

void
smp_stencil_add_session_arguments(GimpProcedure *procedure)
{
  gimp_procedure_add_int_argument(procedure, "session", "Sessi_on",
                                  "The session the stencil is for, printed on it with its shade, "
                                  "1 to 6; 0 = none",
                                  0, 6, 0, G_PARAM_READWRITE);
  smp_plugin_add_preset_argument(procedure, SMP_PRESET_HAIR_TYPE, "_Hair type",
                                 "The shade printed on the stencil: the hair type's pigment",
                                 "dark-brown");
  smp_plugin_add_preset_argument(procedure, SMP_PRESET_SKIN_TONE, "S_kin tone",
                                 "The skin tone the shade is diluted for (its dilution-offset)",
                                 "monk-4");
}

gchar *
smp_stencil_session_text(GimpProcedureConfig *config, GError **error)
{
  SmpDotsRequest shade;
  gint session = 0;

  smp_dots_request_init(&shade);
  shade.hair = smp_plugin_config_preset(config, SMP_PRESET_HAIR_TYPE, error);
  shade.skin = shade.hair ? smp_plugin_config_preset(config, SMP_PRESET_SKIN_TONE, error) : NULL;
  if (!shade.skin)
    return NULL;
  g_object_get(config, "session", &session, NULL);
  g_autofree gchar *which =
      session > 0 ? g_strdup_printf("Session %d", session) : g_strdup("Session: not given");
  return g_strdup_printf("%s; shade: %s on %s, %.1f parts of water", which,
                         smp_preset_get_label(shade.hair), smp_preset_get_label(shade.skin),
                         smp_dots_request_dilution(&shade));
}
