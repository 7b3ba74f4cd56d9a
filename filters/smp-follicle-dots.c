/* smp:follicle-dots: scalp micropigmentation dots, one per impression, in real units
 * (docs/impression-model.md).
 *
 * Placement, per-dot attributes and drawing live in the pure-C core (core/smp-dots.h); this op
 * maps properties to it, reads the density map from the input, and composites. */
#include <glib/gi18n-lib.h>

#include "smp-choices.h"
#include "smp-head.h"

#ifdef GEGL_PROPERTIES

/* clang-format off */

enum_start (smp_dots_density_source)
  SMP_DOTS_DENSITY_SOURCES (enum_value)
enum_end (SmpDotsDensitySource)

enum_start (smp_dots_output)
  SMP_DOTS_OUTPUT_MODES (enum_value)
enum_end (SmpDotsOutput)

enum_start (smp_dots_surface)
  SMP_DOTS_SURFACES (enum_value)
enum_end (SmpDotsSurface)

enum_start (smp_dots_view)
  SMP_DOTS_VIEWS (enum_value)
enum_end (SmpDotsView)

enum_start (smp_dots_appearance)
  SMP_DOTS_APPEARANCES (enum_value)
enum_end (SmpDotsAppearance)

property_double (ppi, _("Resolution (ppi)"), 300.0)
  description (_("Pixels per inch of the target image: sets the scale of every size in mm"))
  value_range (1.0, 10000.0)
  ui_range (72.0, 2400.0)
  ui_gamma (2.0)

property_double (density, _("Density (impressions/cm²)"), 160.0)
  description (_("Impressions per cm² at full coverage, one per hair of the shaved look "
                 "(follicular units per cm² times hairs per unit: 130-190)"))
  value_range (0.0, 400.0)

property_double (coverage, _("Coverage"), 1.0)
  description (_("Fraction of the full-density impressions present; lower coverages are subsets of "
                 "higher ones (sessions: 0.3, 0.7, 1.0)"))
  value_range (0.0, 1.0)

property_double (dot_size, _("Dot size (mm)"), 0.25)
  description (_("Mean diameter of a fresh impression (0.18-0.35 mm in practice)"))
  value_range (0.02, 3.0)
  ui_range (0.1, 0.6)

property_double (size_jitter, _("Size jitter"), 0.3)
  description (_("Random spread of dot diameters (1 = ±40 %)"))
  value_range (0.0, 1.0)

property_double (opacity_jitter, _("Opacity jitter"), 0.2)
  description (_("Random lightening of dots (1 = up to 50 % lighter)"))
  value_range (0.0, 1.0)

property_color (pigment, _("Pigment"), "#1e1e1e")
  description (_("Colour of the undiluted pigment; dilution mixes it towards the skin colour"))
  ui_meta ("role", "color-primary")

property_double (dilution, _("Dilution (parts of water)"), 0.0)
  description (_("Parts of water per part of pigment, 0 = undiluted: more water, a lighter shade "
                 "(about 6 parts read near-black, 20 parts a mid grey over the skin)"))
  value_range (0.0, 40.0)

property_seed (seed, _("Random seed"), rand)

property_enum (density_source, _("Density source"), SmpDotsDensitySource,
               smp_dots_density_source, SMP_DOTS_DENSITY_UNIFORM)
  description (_("Uniform, or scaled at each unit's centre by the input's alpha or luminance "
                 "(a hairline mask or a painted density map)"))

property_boolean (graded_zone, _("Graded hairline zone"), TRUE)
  description (_("Where the density source thins the units, their hair count and size follow "
                 "it: single-hair, smaller and lighter at the front of a hairline, mixed "
                 "clusters behind, full units where the density is full"))

property_enum (output_mode, _("Output"), SmpDotsOutput, smp_dots_output,
               SMP_DOTS_OUTPUT_OVER_INPUT)
  description (_("Dots composited over the input, pigment dots alone on transparent, or a "
                 "printable stencil of solid black dots on white"))

property_enum (appearance, _("Appearance"), SmpDotsAppearance, smp_dots_appearance,
               SMP_DOTS_APPEARANCE_FRESH)
  description (_("As deposited, or the healed look as the eye sees it: a smaller, softer core "
                 "with a bluish tint and the soft shadow the dermal pigment casts around it"))

property_double (years, _("Years after treatment"), 0.0)
  description (_("Healed appearance this many years after the treatment (0-10): dots fade, "
                 "widen, soften and turn bluer until a touch-up"))
  value_range (0.0, 10.0)

property_color (skin, _("Skin"), "#eadaba")
  description (_("Skin colour under the dots: diluted pigment shows it through, and lighter skin "
                 "shows a stronger blue tint on healed dots"))
  ui_meta ("role", "color-secondary")

property_double (hair_mix_1, _("1-hair units (%)"), 20.0)
  description (_("Share of single-hair units: the smallest, lightest dots"))
  value_range (0.0, 100.0)

property_double (hair_mix_2, _("2-hair units (%)"), 45.0)
  description (_("Share of 2-hair units"))
  value_range (0.0, 100.0)

property_double (hair_mix_3, _("3-hair units (%)"), 30.0)
  description (_("Share of 3-hair units"))
  value_range (0.0, 100.0)

property_double (hair_mix_4, _("4-hair units (%)"), 5.0)
  description (_("Share of 4-hair units: the largest, darkest dots"))
  value_range (0.0, 100.0)

property_double (satellites, _("Satellites"), 0.0)
  description (_("Chance that a 3- or 4-hair unit shows 1-2 tiny satellite dots 0.2-0.4 mm away"))
  value_range (0.0, 1.0)

property_double (anisotropy, _("Anisotropy"), 0.0)
  description (_("Elongation of dots along the hair direction (1 = aspect ratio 1.5)"))
  value_range (0.0, 1.0)

property_double (hair_direction, _("Hair direction"), 90.0)
  description (_("Direction hair grows towards, degrees counter-clockwise from the right "
                 "(90 = towards the top of the image)"))
  value_range (-180.0, 180.0)
  ui_meta ("unit", "degree")

property_double (whorl_x, _("Whorl X"), 0.0)
  description (_("Crown whorl centre, X"))
  ui_range (0.0, 10000.0)
  ui_meta ("unit", "pixel-coordinate")
  ui_meta ("axis", "x")

property_double (whorl_y, _("Whorl Y"), 0.0)
  description (_("Crown whorl centre, Y"))
  ui_range (0.0, 10000.0)
  ui_meta ("unit", "pixel-coordinate")
  ui_meta ("axis", "y")

property_double (whorl_radius, _("Whorl radius (mm)"), 0.0)
  description (_("Radius of the crown spiral (a crown is 100-130 mm across); 0 = no whorl"))
  value_range (0.0, 500.0)
  ui_range (0.0, 150.0)

property_boolean (whorl_clockwise, _("Clockwise whorl"), TRUE)
  description (_("Direction of the crown spiral as seen from above"))

property_enum (surface, _("Surface"), SmpDotsSurface, smp_dots_surface, SMP_DOTS_SURFACE_FLAT)
  description (_("Flat: density and dot sizes on the picture plane (a flat patch). Dome: on the "
                 "skin of the head placed by the view, origin and head sizes; sloping skin shows "
                 "denser, foreshortened dots"))

property_enum (view, _("View"), SmpDotsView, smp_dots_view, SMP_DOTS_VIEW_TOP)
  description (_("How the picture sees the head (dome surface)"))

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

property_double (head_width, _("Head width (mm)"), SMP_HEAD_WIDTH_DEFAULT)
  description (_("Widest breadth of the head above the ears, 120-190 mm (adults 135-170 mm)"))
  value_range (SMP_HEAD_WIDTH_MIN, SMP_HEAD_WIDTH_MAX)

property_double (head_length, _("Head length (mm)"), SMP_HEAD_LENGTH_DEFAULT)
  description (_("Glabella to the back of the head, 160-230 mm (adults 165-205 mm)"))
  value_range (SMP_HEAD_LENGTH_MIN, SMP_HEAD_LENGTH_MAX)

property_double (head_height, _("Head height (mm)"), SMP_HEAD_HEIGHT_DEFAULT)
  description (_("Height of the top of the head above the glabella, 80-140 mm"))
  value_range (SMP_HEAD_HEIGHT_MIN, SMP_HEAD_HEIGHT_MAX)

#else

#define GEGL_OP_AREA_FILTER
#define GEGL_OP_NAME smp_follicle_dots
#define GEGL_OP_C_SOURCE smp-follicle-dots.c
/* clang-format on */

#include "gegl-op.h"
#include "smp-color.h"
#include "smp-dot-render.h"
#include "smp-op.h"
#include "smp-dots.h"

#include <math.h>

static void
params_from_properties(GeglProperties *o, SmpDotsParams *p)
{
  smp_dots_params_init(p);
  p->ppi = o->ppi;
  p->density = o->density;
  p->coverage = o->coverage;
  p->dot_size = o->dot_size;
  p->size_jitter = o->size_jitter;
  p->opacity_jitter = o->opacity_jitter;
  p->hair_mix[0] = o->hair_mix_1;
  p->hair_mix[1] = o->hair_mix_2;
  p->hair_mix[2] = o->hair_mix_3;
  p->hair_mix[3] = o->hair_mix_4;
  p->satellites = o->satellites;
  p->anisotropy = o->anisotropy;
  p->hair_direction = o->hair_direction;
  p->whorl_x = o->whorl_x;
  p->whorl_y = o->whorl_y;
  p->whorl_radius = o->whorl_radius;
  p->whorl_clockwise = o->whorl_clockwise;
  p->healed = o->appearance == SMP_DOTS_APPEARANCE_HEALED;
  p->years = o->years;
  /* The skin's luminance stands for its diffuse reflectance (docs/healed-appearance.md). */
  gegl_color_get_pixel(o->skin, babl_format("Y double"), &p->skin_reflectance);
  p->skin_reflectance = CLAMP(p->skin_reflectance, 0.0, 1.0);
  /* A stencil marks where and how large dots go: solid black, whatever their shade. */
  p->opaque = o->output_mode == SMP_DOTS_OUTPUT_STENCIL;
  p->graded = o->graded_zone;
  p->seed = (guint32)o->seed;
  /* All weights zero: treat as 2-hair units only rather than refusing to render. */
  if (!(p->hair_mix[0] + p->hair_mix[1] + p->hair_mix[2] + p->hair_mix[3] > 0.0))
    p->hair_mix[1] = 1.0;
}

/* The head of the dome surface; FALSE (with a warning naming the problem) if it cannot be built. */
static gboolean
head_for(GeglOperation *operation, SmpHead *head)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  SmpHeadParams params = {.ppi = o->ppi,
                          .view = (SmpHeadView)o->view,
                          .origin_x = o->origin_x,
                          .origin_y = o->origin_y,
                          .angle = o->angle,
                          .width = o->head_width,
                          .length = o->head_length,
                          .height = o->head_height};
  GError *error = NULL;
  if (!smp_head_init(head, &params, &error)) {
    g_warning("smp:follicle-dots: %s", error->message);
    g_error_free(error);
    return FALSE;
  }
  return TRUE;
}

/* Builds the layout for `level`; FALSE (with a warning naming the problem) if it cannot. */
static gboolean
layout_for(GeglOperation *operation, int level, SmpDotsLayout *layout)
{
  SmpDotsParams params;
  GError *error = NULL;
  params_from_properties(GEGL_PROPERTIES(operation), &params);
  if (!smp_dots_layout_init(layout, &params, level, &error)) {
    g_warning("smp:follicle-dots: %s", error->message);
    g_error_free(error);
    return FALSE;
  }
  return TRUE;
}

static SmpDotRenderMode
render_mode(GeglProperties *o)
{
  switch (o->output_mode) {
  case SMP_DOTS_OUTPUT_OVER_INPUT:
    return SMP_DOT_RENDER_OVER;
  case SMP_DOTS_OUTPUT_STENCIL:
    return SMP_DOT_RENDER_STENCIL;
  default:
    return SMP_DOT_RENDER_LAYER;
  }
}

static void
prepare(GeglOperation *operation)
{
  GeglOperationAreaFilter *area = GEGL_OPERATION_AREA_FILTER(operation);
  SmpDotsLayout layout;

  smp_dot_render_prepare(operation, render_mode(GEGL_PROPERTIES(operation)));

  /* A dot drawn at a pixel may belong to an FU up to `reach` away, whose density is read there. */
  int margin = layout_for(operation, 0, &layout) ? (int)ceil(smp_dots_reach(&layout)) : 0;
  area->left = area->right = area->top = area->bottom = margin;
}

/* The input's extent when connected (a layer); without an input the dots cover the plane. */
static GeglRectangle
get_bounding_box(GeglOperation *operation)
{
  const GeglRectangle *in_rect = gegl_operation_source_get_bounding_box(operation, "input");
  if (in_rect)
    return *in_rect;
  return gegl_rectangle_infinite_plane();
}

/* The input is read only as a density map (around the ROI, where the FUs drawn into it sit) or as
 * the image to draw over (the ROI); uniform dots on their own need none of it. */
static GeglRectangle
get_required_for_output(GeglOperation *operation, const gchar *input_pad, const GeglRectangle *roi)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  GeglOperationAreaFilter *area = GEGL_OPERATION_AREA_FILTER(operation);
  if (o->density_source != SMP_DOTS_DENSITY_UNIFORM)
    return (GeglRectangle){roi->x - area->left, roi->y - area->top,
                           roi->width + area->left + area->right,
                           roi->height + area->top + area->bottom};
  if (o->output_mode == SMP_DOTS_OUTPUT_OVER_INPUT)
    return *roi;
  return (GeglRectangle){0, 0, 0, 0};
}

typedef struct {
  float *values; /* fraction per pixel of `rect` */
  GeglRectangle rect;
} DensityMap;

static double
density_at(gpointer user_data, double x, double y)
{
  const DensityMap *map = user_data;
  int px = (int)floor(x) - map->rect.x, py = (int)floor(y) - map->rect.y;
  px = CLAMP(px, 0, map->rect.width - 1);
  py = CLAMP(py, 0, map->rect.height - 1);
  return map->values[(gsize)py * map->rect.width + px];
}

/* Reads the density fraction (alpha, or perceptual luminance times alpha) over `rect`. */
static float *
read_density(GeglBuffer *input, const GeglRectangle *rect, int level, const Babl *space,
             gboolean luminance)
{
  gsize n = (gsize)rect->width * rect->height;
  double scale = 1.0 / (double)(1 << level);
  if (!luminance) {
    float *values = g_new(float, n);
    gegl_buffer_get(input, rect, scale, babl_format_with_space("A float", space), values,
                    GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    return values;
  }
  float *ya = g_new(float, 2 * n);
  gegl_buffer_get(input, rect, scale, babl_format_with_space("Y'A float", space), ya,
                  GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  for (gsize i = 0; i < n; i++)
    ya[i] = ya[2 * i] * ya[2 * i + 1];
  return g_renew(float, ya, n);
}

static gboolean
process(GeglOperation *operation, GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
        gint level)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  const Babl *format = gegl_operation_get_format(operation, "output");
  const Babl *space = babl_format_get_space(format);
  SmpDotsLayout layout;
  SmpHead head;
  if (!layout_for(operation, level, &layout))
    return FALSE;
  if (o->surface == SMP_DOTS_SURFACE_DOME) {
    if (!head_for(operation, &head))
      return FALSE;
    smp_dots_layout_set_surface(&layout, &head);
  }

  SmpDotRender render = {.mode = render_mode(o)};

  /* Dot colour in the output's linear space: the pigment diluted over the skin, then healed. */
  double pigment[4], skin[3], diluted[3], healed[3];
  gegl_color_get_pixel(o->pigment, babl_format_with_space("RGBA double", space), pigment);
  gegl_color_get_pixel(o->skin, babl_format_with_space("RGB double", space), skin);
  smp_color_diluted(pigment, skin, o->dilution, diluted);
  const double *shade = diluted;
  if (o->appearance == SMP_DOTS_APPEARANCE_HEALED) {
    smp_color_healed(diluted, skin, o->years, healed);
    shade = healed;
  }
  for (int c = 0; c < 3; c++)
    render.colour[c] = (float)shade[c];
  render.opacity = (float)pigment[3];

  /* Every FU whose dot can reach the ROI. */
  int reach = (int)ceil(smp_dots_reach(&layout));
  GeglRectangle grown = {roi->x - reach, roi->y - reach, roi->width + 2 * reach,
                         roi->height + 2 * reach};
  GArray *dots = g_array_new(FALSE, FALSE, sizeof(SmpDot));
  if (!layout.empty) {
    if (o->density_source != SMP_DOTS_DENSITY_UNIFORM && input) {
      DensityMap map = {read_density(input, &grown, level, space,
                                     o->density_source == SMP_DOTS_DENSITY_INPUT_LUMINANCE),
                        grown};
      smp_dots_gather(&layout, grown.x, grown.y, grown.x + grown.width, grown.y + grown.height,
                      density_at, &map, dots);
      g_free(map.values);
    } else if (o->density_source == SMP_DOTS_DENSITY_UNIFORM) {
      smp_dots_gather(&layout, grown.x, grown.y, grown.x + grown.width, grown.y + grown.height,
                      NULL, NULL, dots);
    }
    /* A density map without an input is empty: no dots. */
  }

  render.dots = (const SmpDot *)dots->data;
  render.n_dots = dots->len;
  smp_dot_render(operation, &render, input, output, roi, level);
  g_array_unref(dots);
  return TRUE;
}

/* Over the input with no dot to draw (no density or no coverage), the input is the output,
 * untouched. */
static gboolean
operation_process(GeglOperation *operation, GeglOperationContext *context, const gchar *output_prop,
                  const GeglRectangle *result, gint level)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  SmpDotsParams params;
  SmpDotsLayout layout;
  params_from_properties(o, &params);
  const gboolean untouched =
      o->output_mode == SMP_DOTS_OUTPUT_OVER_INPUT &&
      smp_dots_layout_init(&layout, &params, gegl_operation_context_get_level(context), NULL) &&
      layout.empty;
  return smp_dot_render_operation_process(operation, context, output_prop, result, untouched);
}

static void
finalize(GObject *object)
{
  smp_op_finalize(object, &GEGL_PROPERTIES(object)->rand, G_OBJECT_CLASS(gegl_op_parent_class));
}

static void
gegl_op_class_init(GeglOpClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS(klass);
  GeglOperationClass *operation_class = GEGL_OPERATION_CLASS(klass);
  GeglOperationFilterClass *filter_class = GEGL_OPERATION_FILTER_CLASS(klass);

  object_class->finalize = finalize;
  operation_class->prepare = prepare;
  operation_class->get_bounding_box = get_bounding_box;
  operation_class->get_required_for_output = get_required_for_output;
  operation_class->process = operation_process;
  filter_class->process = process;
  smp_dot_render_class_init(operation_class);

  smp_op_set_keys(
      operation_class, "smp:follicle-dots", _("SMP Follicle Dots"), _("Follicle Dots Filter..."),
      _("Scalp micropigmentation dots, one per impression: blue-noise placement at a density in "
        "impressions/cm², dot sizes in mm, nested session coverage, density maps from the input, "
        "and a healed preview that ages over the years"));
}

#endif
