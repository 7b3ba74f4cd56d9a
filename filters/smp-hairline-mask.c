/* smp:hairline-mask: a designed hairline and hair-loss stages as a density mask or a stencil
 * outline, in millimetres on the client's head.
 *
 * The geometry lives in the pure-C core (core/smp-hairline.h); this op maps properties to it,
 * keeps its tables for the current parameters, and writes the pixels. */
#include <glib/gi18n-lib.h>

#include "smp-choices.h"
#include "smp-head.h"

#ifdef GEGL_PROPERTIES

/* clang-format off */

enum_start (smp_hairline_mask_view)
  SMP_HAIRLINE_MASK_VIEWS (enum_value)
enum_end (SmpHairlineMaskView)

enum_start (smp_hairline_mask_shape)
  SMP_HAIRLINE_MASK_SHAPES (enum_value)
enum_end (SmpHairlineMaskShape)

enum_start (smp_hairline_mask_pattern)
  SMP_HAIRLINE_MASK_PATTERNS (enum_value)
enum_end (SmpHairlineMaskPattern)

enum_start (smp_hairline_mask_area)
  SMP_HAIRLINE_MASK_AREAS (enum_value)
enum_end (SmpHairlineMaskArea)

enum_start (smp_hairline_mask_output)
  SMP_HAIRLINE_MASK_OUTPUT_MODES (enum_value)
enum_end (SmpHairlineMaskOutput)

enum_start (smp_hairline_mask_surface)
  SMP_HAIRLINE_MASK_SURFACES (enum_value)
enum_end (SmpHairlineMaskSurface)

property_double (ppi, _("Resolution (ppi)"), 300.0)
  description (_("Pixels per inch of the target image: sets the scale of every size in mm"))
  value_range (1.0, 100000.0)
  ui_range (72.0, 2400.0)
  ui_gamma (2.0)

property_enum (view, _("View"), SmpHairlineMaskView, smp_hairline_mask_view,
               SMP_HAIRLINE_MASK_VIEW_FRONT)
  description (_("Front: a face photo, origin at the glabella. Top: the scalp from above, face "
                 "at the top, origin at the midpoint of the line joining the ear canals. Left, "
                 "right: that side in profile (face to the image left, right), origin at the "
                 "glabella"))

property_double (origin_x, _("Origin X"), 1000.0)
  description (_("Glabella (front and side views) or mid ear-canal point (top view), X"))
  ui_range (0.0, 10000.0)
  ui_meta ("unit", "pixel-coordinate")
  ui_meta ("axis", "x")

property_double (origin_y, _("Origin Y"), 1500.0)
  description (_("Glabella (front and side views) or mid ear-canal point (top view), Y"))
  ui_range (0.0, 10000.0)
  ui_meta ("unit", "pixel-coordinate")
  ui_meta ("axis", "y")

property_double (angle, _("Head tilt"), 0.0)
  description (_("Rotation of the head in the image, degrees counter-clockwise"))
  value_range (-180.0, 180.0)
  ui_meta ("unit", "degree")

property_double (hairline_height, _("Hairline height (mm)"), 80.0)
  description (_("Height of the mid-frontal point above the glabella (7 cm aggressive, 8 cm "
                 "common, 10 cm conservative)"))
  value_range (40.0, 140.0)

property_double (temple_width, _("Temple width (mm)"), 95.0)
  description (_("Distance between the two frontotemporal angles, which sit on the vertical "
                 "lines through the outer eye corners"))
  value_range (40.0, 200.0)
  ui_range (60.0, 140.0)

property_double (recession, _("Temple recession (mm)"), 12.0)
  description (_("How far the frontotemporal angles sit above the mid-frontal point: small for "
                 "a juvenile line, ~15 mm for a mature one"))
  value_range (0.0, 60.0)
  ui_range (0.0, 40.0)

property_enum (shape, _("Shape"), SmpHairlineMaskShape, smp_hairline_mask_shape,
               SMP_HAIRLINE_MASK_SHAPE_NATURAL)
  description (_("Outline of the hairline between the temples"))

property_enum (pattern, _("Hair-loss pattern"), SmpHairlineMaskPattern,
               smp_hairline_mask_pattern, SMP_HAIRLINE_MASK_PATTERN_FULL)
  description (_("The client's current hair, on the head's landmarks whatever the design: "
                 "Norwood-Hamilton (men), Ludwig, Olsen or Sinclair (women, frontal line kept); "
                 "full = no stage, the design alone"))

property_enum (area, _("Area"), SmpHairlineMaskArea, smp_hairline_mask_area,
               SMP_HAIRLINE_MASK_AREA_CURRENT)
  description (_("The hair the client has at this stage, or the area to treat: the design's "
                 "hair area minus the client's hair, blended into it"))

property_double (transition, _("Transition (mm)"), 8.0)
  description (_("Width of the soft zone across the line, from 1 % to 99 % density; the design "
                 "line is the 50 % contour. Also softens the edges of hair-loss areas"))
  value_range (0.0, 30.0)

property_double (irregularity, _("Irregularity"), 0.3)
  description (_("Undulation of the border (up to ±4 mm) and alternating sparse and dense spots "
                 "along it"))
  value_range (0.0, 1.0)

property_double (asymmetry, _("Asymmetry (mm)"), 0.0)
  description (_("How much higher the image-right temple sits than the left (about 2 mm reads "
                 "as natural)"))
  value_range (-20.0, 20.0)
  ui_range (-5.0, 5.0)

property_seed (seed, _("Random seed"), rand)

property_enum (output_mode, _("Output"), SmpHairlineMaskOutput, smp_hairline_mask_output,
               SMP_HAIRLINE_MASK_OUTPUT_MASK)
  description (_("White with alpha = density, or black lines along the design line, the edges "
                 "of the transition zone and of the hair-loss areas, for stencils"))

property_double (outline_width, _("Outline width (mm)"), 0.5)
  description (_("Stroke of the design line in the outline; zone edges are drawn half as wide"))
  value_range (0.01, 10.0)
  ui_range (0.1, 2.0)

property_double (head_width, _("Head width (mm)"), SMP_HEAD_WIDTH_DEFAULT)
  description (_("Widest breadth of the head above the ears, 120-190 mm (adults 135-170 mm)"))
  value_range (SMP_HEAD_WIDTH_MIN, SMP_HEAD_WIDTH_MAX)

property_double (head_length, _("Head length (mm)"), SMP_HEAD_LENGTH_DEFAULT)
  description (_("Glabella to the back of the head, 160-230 mm (adults 165-205 mm)"))
  value_range (SMP_HEAD_LENGTH_MIN, SMP_HEAD_LENGTH_MAX)

property_double (whorl_side, _("Whorl offset (mm)"), 5.0)
  description (_("How far right of the midline the crown whorl sits (most sit right of it), "
                 "drawn on the top view's outline"))
  value_range (-40.0, 40.0)

property_double (whorl_behind, _("Whorl distance (mm)"), 62.5)
  description (_("How far behind the line joining the ear canals the crown whorl sits (15-110 "
                 "mm, 62.5 on average)"))
  value_range (0.0, 120.0)

property_boolean (whorl_clockwise, _("Clockwise whorl"), TRUE)
  description (_("The whorl turns clockwise seen from above (most do); its mark on the outline "
                 "winds outwards that way"))

property_enum (surface, _("Surface"), SmpHairlineMaskSurface, smp_hairline_mask_surface,
               SMP_HAIRLINE_MASK_SURFACE_FLAT)
  description (_("Flat: hairline height, temple width and recession as a front photo shows them. "
                 "Dome: as a flexible tape measures them on the head's skin (head sizes and "
                 "head-height; docs/head-model.md)"))

property_double (head_height, _("Head height (mm)"), SMP_HEAD_HEIGHT_DEFAULT)
  description (_("Height of the top of the head above the glabella, 80-140 mm (dome surface)"))
  value_range (SMP_HEAD_HEIGHT_MIN, SMP_HEAD_HEIGHT_MAX)

#else

#define GEGL_OP_POINT_RENDER
#define GEGL_OP_NAME smp_hairline_mask
#define GEGL_OP_C_SOURCE smp-hairline-mask.c
/* clang-format on */

#include "gegl-op.h"
#include "smp-hairline.h"
#include "smp-head.h"
#include "smp-op.h"

#include <string.h>

/* The op's enums list their values in the core's order. */
G_STATIC_ASSERT((int)SMP_HAIRLINE_MASK_VIEW_RIGHT == (int)SMP_HAIRLINE_VIEW_RIGHT);
G_STATIC_ASSERT((int)SMP_HAIRLINE_MASK_SHAPE_BROKEN == (int)SMP_HAIRLINE_SHAPE_BROKEN);
G_STATIC_ASSERT((int)SMP_HAIRLINE_MASK_PATTERN_NORWOOD_3V == (int)SMP_HAIRLINE_PATTERN_NORWOOD_3V);
G_STATIC_ASSERT((int)SMP_HAIRLINE_MASK_PATTERN_LUDWIG_3 == (int)SMP_HAIRLINE_PATTERN_LUDWIG_3);
G_STATIC_ASSERT((int)SMP_HAIRLINE_MASK_PATTERN_SINCLAIR_5 == (int)SMP_HAIRLINE_PATTERN_SINCLAIR_5);
G_STATIC_ASSERT((int)SMP_HAIRLINE_MASK_AREA_TREATMENT == (int)SMP_HAIRLINE_AREA_TREATMENT);
G_STATIC_ASSERT((int)SMP_HAIRLINE_MASK_OUTPUT_OUTLINE == (int)SMP_HAIRLINE_OUTPUT_OUTLINE);

/* Kept in each op's user_data: the tables for the last parameters, and the last parameters that
 * were rejected (reported once, not on every render). Guarded by tables_mutex, since process()
 * runs on several threads. */
/* What the properties give before the dome turns skin distances into the picture's: the tables'
 * and the rejected parameters are known by it. */
typedef struct {
  SmpHairlineParams params;
  gboolean dome;
  double head_height;
} Given;

typedef struct {
  SmpHairline *tables;
  Given tables_given, rejected;
  gboolean has_rejected;
} Cache;

static gboolean
given_equal(const Given *a, const Given *b)
{
  return a->dome == b->dome && a->head_height == b->head_height &&
         smp_hairline_params_equal(&a->params, &b->params);
}

static GMutex tables_mutex;

static void
cache_free(Cache *cache)
{
  if (cache->tables)
    smp_hairline_unref(cache->tables);
  g_free(cache);
}

static void
params_from_properties(GeglProperties *o, SmpHairlineParams *p)
{
  smp_hairline_params_init(p);
  p->ppi = o->ppi;
  p->view = (SmpHairlineView)o->view;
  p->origin_x = o->origin_x;
  p->origin_y = o->origin_y;
  p->angle = o->angle;
  p->hairline_height = o->hairline_height;
  p->temple_width = o->temple_width;
  p->recession = o->recession;
  p->shape = (SmpHairlineShape)o->shape;
  p->pattern = (SmpHairlinePattern)o->pattern;
  p->area = (SmpHairlineArea)o->area;
  p->transition = o->transition;
  p->irregularity = o->irregularity;
  p->asymmetry = o->asymmetry;
  p->seed = (guint32)o->seed;
  p->output = (SmpHairlineOutput)o->output_mode;
  p->outline_width = o->outline_width;
  p->head_width = o->head_width;
  p->head_length = o->head_length;
  p->whorl_side = o->whorl_side;
  p->whorl_behind = o->whorl_behind;
  p->whorl_clockwise = o->whorl_clockwise;
}

/* On the dome the design's distances are skin distances: the picture measures the core draws
 * are the ones whose tapes on the head model are those (docs/head-model.md). */
static gboolean
params_on_surface(GeglProperties *o, SmpHairlineParams *p, GError **error)
{
  SmpHeadParams head;
  if (o->surface != SMP_HAIRLINE_MASK_SURFACE_DOME)
    return TRUE;
  smp_head_params_init(&head);
  head.width = o->head_width;
  head.length = o->head_length;
  head.height = o->head_height;
  return smp_head_design_from_skin(&head, &p->hairline_height, &p->temple_width, &p->recession,
                                   error);
}

/* The tables for the current properties (a new reference), built once per parameter set; NULL
 * if the parameters are inconsistent, with a warning naming the problem the first time. */
static SmpHairline *
tables_for(GeglOperation *operation)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  SmpHairlineParams params;
  SmpHairline *tables = NULL;
  GError *error = NULL;
  params_from_properties(o, &params);
  const Given given = {params, o->surface == SMP_HAIRLINE_MASK_SURFACE_DOME, o->head_height};

  g_mutex_lock(&tables_mutex);
  if (!o->user_data)
    o->user_data = g_new0(Cache, 1);
  Cache *cache = o->user_data;
  if (cache->tables && given_equal(&cache->tables_given, &given))
    tables = smp_hairline_ref(cache->tables);
  gboolean known_bad = cache->has_rejected && given_equal(&cache->rejected, &given);
  g_mutex_unlock(&tables_mutex);
  if (tables || known_bad)
    return tables;

  if (params_on_surface(o, &params, &error))
    tables = smp_hairline_new(&params, &error);
  g_mutex_lock(&tables_mutex);
  if (tables) {
    if (cache->tables)
      smp_hairline_unref(cache->tables);
    cache->tables = smp_hairline_ref(tables);
    cache->tables_given = given;
  } else if (!(cache->has_rejected && given_equal(&cache->rejected, &given))) {
    g_warning("smp:hairline-mask: %s", error->message);
    cache->rejected = given;
    cache->has_rejected = TRUE;
  }
  g_mutex_unlock(&tables_mutex);
  g_clear_error(&error);
  return tables;
}

static void
prepare(GeglOperation *operation)
{
  /* White or black ink with the density in alpha: the same colour in perceptual and linear
   * terms, and perceptual float converts to 8-bit perceptual images (GIMP's default) without
   * a transfer curve. */
  gegl_operation_set_format(operation, "output", babl_format("R'G'B'A float"));
  SmpHairline *tables = tables_for(operation);
  if (tables)
    smp_hairline_unref(tables);
}

/* A render: the mask covers the plane (GIMP fills the layer). */
static GeglRectangle
get_bounding_box(GeglOperation *operation)
{
  return gegl_rectangle_infinite_plane();
}

static gboolean
process(GeglOperation *operation, void *out_buf, glong n_pixels, const GeglRectangle *roi,
        gint level)
{
  float *out = out_buf;
  SmpHairline *tables = tables_for(operation);
  if (!tables) {
    memset(out, 0, sizeof(float) * 4 * n_pixels);
    return TRUE;
  }
  /* Mask: white; outline: black ink. */
  const float ink =
      smp_hairline_get_params(tables)->output == SMP_HAIRLINE_OUTPUT_MASK ? 1.0f : 0.0f;
  for (int row = 0; row < roi->height; row++) {
    float *line = out + (gsize)row * roi->width * 4;
    for (int i = 0; i < roi->width; i++)
      line[4 * i] = line[4 * i + 1] = line[4 * i + 2] = ink;
    smp_hairline_render_row(tables, level, roi->x, roi->y + row, roi->width, line + 3, 4);
  }
  smp_hairline_unref(tables);
  return TRUE;
}

static void
finalize(GObject *object)
{
  GeglProperties *o = GEGL_PROPERTIES(object);
  g_clear_pointer((Cache **)&o->user_data, cache_free);
  smp_op_finalize(object, &o->rand, G_OBJECT_CLASS(gegl_op_parent_class));
}

static void
gegl_op_class_init(GeglOpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GeglOperationClass *operation_class = GEGL_OPERATION_CLASS(klass);
  GeglOperationPointRenderClass *point_render_class = GEGL_OPERATION_POINT_RENDER_CLASS(klass);

  object_class->finalize = finalize;
  operation_class->prepare = prepare;
  operation_class->get_bounding_box = get_bounding_box;
  point_render_class->process = process;

  smp_op_set_keys(
      operation_class, "smp:hairline-mask", _("SMP Hairline Mask"), _("Hairline Mask Filter..."),
      _("Hairline designs (natural, straight, rounded, widow's peak, M-shape, broken) with a soft "
        "irregular transition zone, and Norwood/Ludwig hair-loss stages, in millimetres on a "
        "front or top view of the head: a density mask for follicle dots or a stencil outline"));
}

#endif
