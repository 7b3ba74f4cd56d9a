/* The head-surface arguments of the procedures that draw follicle dots: they pass
 * smp:follicle-dots' surface properties through under the op's names and ranges, and measure the
 * skin a plan treats with the core's head model (filters/core/smp-head.h, docs/head-model.md). */
#include "smp-choices.h"
#include "smp-hairline-args.h"
#include "smp-head.h"
#include "smp-procedures.h"

#define DOTS_OP "smp:follicle-dots"
/* Rows of a mask read at a time for the skin area. */
#define STRIP_ROWS 64

/* The op's view words in SmpHeadView order, from the table its enum is made of. */
#define VIEW_NICK(value, nick, label) nick,
static const gchar *const view_nicks[] = {SMP_DOTS_VIEWS(VIEW_NICK)};
#undef VIEW_NICK
G_STATIC_ASSERT(G_N_ELEMENTS(view_nicks) == SMP_HEAD_VIEW_LEFT + 1);

void
smp_surface_add_arguments(GimpProcedure *procedure, gboolean with_placement)
{
  smp_plugin_add_op_choice_argument(
      procedure, "surface", "S_urface",
      "flat: density and dot sizes on the picture plane (a flat patch); dome: on the skin of the "
      "head placed by view, origin and head sizes, so sloping skin shows denser, foreshortened "
      "dots and the plan counts skin area",
      DOTS_OP, "flat", NULL);
  if (with_placement) {
    smp_plugin_add_op_choice_argument(procedure, "view", "_View",
                                      "How the photo sees the head (dome surface): top, front, "
                                      "right or left side",
                                      DOTS_OP, "top", NULL);
    gimp_procedure_add_double_argument(
        procedure, "origin-x", "Origin _X",
        "Image x of the glabella (front and side views) or of the midline point between the ear "
        "canals (top view); -1 = the middle of the area",
        -1.0, GIMP_MAX_IMAGE_SIZE, -1.0, G_PARAM_READWRITE);
    gimp_procedure_add_double_argument(
        procedure, "origin-y", "Origin _Y",
        "Image y of the glabella (front and side views) or of the midline point between the ear "
        "canals (top view); -1 = the middle of the area",
        -1.0, GIMP_MAX_IMAGE_SIZE, -1.0, G_PARAM_READWRITE);
    gimp_procedure_add_double_argument(
        procedure, "angle", "_Angle (°)",
        "Rotation of the head in the image, degrees counter-clockwise, -180 to 180", -180.0, 180.0,
        0.0, G_PARAM_READWRITE);
    gimp_procedure_add_double_argument(
        procedure, "head-width", "Head _width (mm)",
        "Widest breadth of the head above the ears, 120 to 190 mm (adults 135-170)",
        SMP_HEAD_WIDTH_MIN, SMP_HEAD_WIDTH_MAX, SMP_HEAD_WIDTH_DEFAULT, G_PARAM_READWRITE);
    gimp_procedure_add_double_argument(
        procedure, "head-length", "Head _length (mm)",
        "Glabella to the back of the head, 160 to 230 mm (adults 165-205)", SMP_HEAD_LENGTH_MIN,
        SMP_HEAD_LENGTH_MAX, SMP_HEAD_LENGTH_DEFAULT, G_PARAM_READWRITE);
  }
  gimp_procedure_add_double_argument(procedure, "head-height", "Head hei_ght (mm)",
                                     "Height of the top of the head above the glabella, 80 to "
                                     "140 mm",
                                     SMP_HEAD_HEIGHT_MIN, SMP_HEAD_HEIGHT_MAX,
                                     SMP_HEAD_HEIGHT_DEFAULT, G_PARAM_READWRITE);
}

void
smp_surface_request_init(SmpSurfaceRequest *surface)
{
  *surface = (SmpSurfaceRequest){
      .dome = FALSE,
      .view = SMP_HEAD_VIEW_TOP,
      .origin_x = -1.0,
      .origin_y = -1.0,
      .head_width = SMP_HEAD_WIDTH_DEFAULT,
      .head_length = SMP_HEAD_LENGTH_DEFAULT,
      .head_height = SMP_HEAD_HEIGHT_DEFAULT,
  };
}

static gboolean
has_argument(GimpProcedureConfig *config, const gchar *name)
{
  return g_object_class_find_property(G_OBJECT_GET_CLASS(config), name) != NULL;
}

void
smp_surface_from_config(SmpSurfaceRequest *surface, GimpProcedureConfig *config)
{
  const struct {
    const gchar *name;
    gdouble *field;
  } doubles[] = {{"origin-x", &surface->origin_x},
                 {"origin-y", &surface->origin_y},
                 {"angle", &surface->angle},
                 {"head-width", &surface->head_width},
                 {"head-length", &surface->head_length},
                 {"head-height", &surface->head_height}};

  smp_surface_request_init(surface);
  if (has_argument(config, "surface")) {
    g_autofree gchar *nick = NULL;
    g_object_get(config, "surface", &nick, NULL);
    surface->dome = g_strcmp0(nick, "dome") == 0;
  }
  if (has_argument(config, "view")) {
    g_autofree gchar *nick = NULL;
    g_object_get(config, "view", &nick, NULL);
    for (gint v = 0; v < (gint)G_N_ELEMENTS(view_nicks); v++)
      if (g_strcmp0(nick, view_nicks[v]) == 0)
        surface->view = v;
  }
  for (gsize i = 0; i < G_N_ELEMENTS(doubles); i++)
    if (has_argument(config, doubles[i].name))
      g_object_get(config, doubles[i].name, doubles[i].field, NULL);
}

void
smp_surface_place(SmpSurfaceRequest *surface, const SmpTarget *target)
{
  if (surface->origin_x < 0.0)
    surface->origin_x = target->x + target->width / 2.0;
  if (surface->origin_y < 0.0)
    surface->origin_y = target->y + target->height / 2.0;
  surface->layer_x = target->x;
  surface->layer_y = target->y;
}

gboolean
smp_surface_configure(const SmpSurfaceRequest *surface, GimpDrawableFilter *filter, GError **error)
{
  return smp_filter_set_nick(filter, "surface", surface->dome ? "dome" : "flat", error) &&
         smp_filter_set_nick(filter, "view", view_nicks[surface->view], error) &&
         smp_filter_set_double(filter, "origin-x", surface->origin_x - surface->layer_x, error) &&
         smp_filter_set_double(filter, "origin-y", surface->origin_y - surface->layer_y, error) &&
         smp_filter_set_double(filter, "angle", surface->angle, error) &&
         smp_filter_set_double(filter, "head-width", surface->head_width, error) &&
         smp_filter_set_double(filter, "head-length", surface->head_length, error) &&
         smp_filter_set_double(filter, "head-height", surface->head_height, error);
}

gboolean
smp_surface_configure_hairline(const SmpSurfaceRequest *surface, GimpDrawableFilter *filter,
                               GError **error)
{
  return smp_filter_set_nick(filter, "surface", surface->dome ? "dome" : "flat", error) &&
         smp_filter_set_double(filter, "head-height", surface->head_height, error);
}

/* The weights of a strip of the target: the selection's value times the layer's alpha. */
static void
read_weights(const SmpTarget *target, GeglBuffer *selection, GeglBuffer *weights, gint row,
             gint rows, gfloat *mask, gfloat *scratch)
{
  const gint n = target->width * rows;

  if (selection)
    gegl_buffer_get(selection, GEGL_RECTANGLE(target->x, target->y + row, target->width, rows), 1.0,
                    babl_format("Y float"), mask, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  else
    for (gint i = 0; i < n; i++)
      mask[i] = 1.0f;
  if (weights) {
    gegl_buffer_get(weights, GEGL_RECTANGLE(0, row, target->width, rows), 1.0,
                    babl_format("A float"), scratch, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    for (gint i = 0; i < n; i++)
      mask[i] *= scratch[i];
  }
}

gdouble
smp_surface_skin_area(const SmpSurfaceRequest *surface, gdouble ppi, const SmpTarget *target,
                      GimpDrawable *weights, GError **error)
{
  SmpHeadParams params = {.ppi = ppi,
                          .view = (SmpHeadView)surface->view,
                          .origin_x = surface->origin_x,
                          .origin_y = surface->origin_y,
                          .angle = surface->angle,
                          .width = surface->head_width,
                          .length = surface->head_length,
                          .height = surface->head_height};
  SmpHead *head = g_new(SmpHead, 1);
  GeglBuffer *selection = NULL, *weight_buffer = NULL;
  gfloat *mask, *scratch;
  const gdouble cm_per_px = 0.1 / smp_plugin_px_per_mm(ppi);
  gdouble area = 0.0;

  if (surface->dome && !smp_head_init(head, &params, error)) {
    g_free(head);
    return -1.0;
  }
  if (target->has_selection)
    selection = gimp_drawable_get_buffer(GIMP_DRAWABLE(gimp_image_get_selection(target->image)));
  if (weights && gimp_drawable_has_alpha(weights))
    weight_buffer = gimp_drawable_get_buffer(weights);
  mask = g_new(gfloat, (gsize)target->width * STRIP_ROWS);
  scratch = g_new(gfloat, (gsize)target->width * STRIP_ROWS);
  for (gint row = 0; row < target->height; row += STRIP_ROWS) {
    gint rows = MIN(STRIP_ROWS, target->height - row);
    read_weights(target, selection, weight_buffer, row, rows, mask, scratch);
    if (surface->dome) {
      area += smp_head_skin_area(head, 0, target->x, target->y + row, target->width, rows, mask,
                                 target->width) /
              100.0;
    } else {
      gdouble sum = 0.0;
      for (gint i = 0; i < target->width * rows; i++)
        sum += mask[i];
      area += sum * cm_per_px * cm_per_px;
    }
  }
  g_free(mask);
  g_free(scratch);
  g_free(head);
  g_clear_object(&selection);
  g_clear_object(&weight_buffer);
  return area;
}
