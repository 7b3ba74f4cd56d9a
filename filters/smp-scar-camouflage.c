/* smp:scar-camouflage: dots inside a scar at the density, size and shade of the dots around it.
 *
 * The area is the input's extent (in GIMP, the selection). The pure-C core (core/smp-scar.h) finds
 * the scar, measures the existing dots around it and places new dots between them; the follicle-dot
 * engine (core/smp-dots.h) supplies the fill pattern and draws the dots. The analysis needs the
 * whole area, so the op asks for all of its input and caches all of its output. */
#include <glib/gi18n-lib.h>

#include "smp-choices.h"

#ifdef GEGL_PROPERTIES

/* GEGL's chant notation */
/* clang-format off */

enum_start (smp_scar_camouflage_detect)
  SMP_SCAR_CAMOUFLAGE_DETECTS (enum_value)
enum_end (SmpScarCamouflageDetect)

enum_start (smp_scar_camouflage_output)
  SMP_SCAR_CAMOUFLAGE_OUTPUT_MODES (enum_value)
enum_end (SmpScarCamouflageOutput)

property_double (ppi, _("Resolution (ppi)"), 300.0)
  description (_("Pixels per inch of the photo: sets the scale of every size in mm"))
  value_range (1.0, 10000.0)
  ui_range (72.0, 2400.0)
  ui_gamma (2.0)

property_double (density, _("Density (impressions/cm²)"), 0.0)
  description (_("Impressions (dots) per cm² inside the scar; 0 matches the dots around it"))
  value_range (0.0, 200.0)

property_double (density_multiplier, _("Density multiplier"), 1.0)
  description (_("Scales the density inside the scar: scar tissue may take more or fewer dots "
                 "than the scalp around it"))
  value_range (0.25, 2.0)

property_double (dot_size, _("Dot size (mm)"), 0.0)
  description (_("Mean diameter of the new dots; 0 matches the dots around the scar"))
  value_range (0.0, 3.0)
  ui_range (0.0, 0.6)

property_double (feather, _("Feather (mm)"), 4.0)
  description (_("Width of the band outside the scar where new dots thin out into the existing "
                 "pattern (3-5 dot spacings)"))
  value_range (0.0, 50.0)
  ui_range (0.0, 15.0)

property_double (shade_offset, _("Shade offset"), 0.0)
  description (_("Lighter (positive) or darker (negative) than the dots around the scar: 0.2 "
                 "makes the dots 20 % lighter, -0.2 20 % darker"))
  value_range (-1.0, 1.0)

property_enum (scar_detect, _("Scar"), SmpScarCamouflageDetect, smp_scar_camouflage_detect,
               SMP_SCAR_CAMOUFLAGE_DETECT_AUTO)
  description (_("Find the scar as tissue lighter and smoother than the skin around it, or "
                 "treat the whole area as scar"))

property_color (dot_color, _("Dot colour"), "#1e1e1e")
  description (_("Colour of the new dots as they show on the skin (the pigment diluted and "
                 "deposited), used when the photo shows no dots around the scar to match"))
  ui_meta ("role", "color-primary")

property_seed (seed, _("Random seed"), rand)

property_enum (output_mode, _("Output"), SmpScarCamouflageOutput, smp_scar_camouflage_output,
               SMP_SCAR_CAMOUFLAGE_OUTPUT_OVER_INPUT)
  description (_("The photo with the new dots, or only the new dots on transparent (a layer for "
                 "the camouflage session)"))

/* clang-format on */

#else

/* clang-format off */
#define GEGL_OP_FILTER
#define GEGL_OP_NAME smp_scar_camouflage
#define GEGL_OP_C_SOURCE smp-scar-camouflage.c
/* clang-format on */

#include "gegl-op.h"
#include "smp-dot-render.h"
#include "smp-dots.h"
#include "smp-op.h"
#include "smp-scar.h"

#include <math.h>

/* Used when nothing around the scar can be measured and the property asks to match. */
#define FALLBACK_DENSITY 70.0
#define FALLBACK_DOT_SIZE 0.25
/* Rows of the photo read at a time for the analysis. */
#define BAND_ROWS 64
#define MAX_AREA_PIXELS ((double)SMP_SCAR_MAX_AREA_PIXELS)

static SmpDotRenderMode
render_mode(GeglProperties *o)
{
  return o->output_mode == SMP_SCAR_CAMOUFLAGE_OUTPUT_OVER_INPUT ? SMP_DOT_RENDER_OVER
                                                                 : SMP_DOT_RENDER_LAYER;
}

static void
prepare(GeglOperation *operation)
{
  smp_dot_render_prepare(operation, render_mode(GEGL_PROPERTIES(operation)));
}

static GeglRectangle
input_extent(GeglOperation *operation)
{
  const GeglRectangle *in_rect = gegl_operation_source_get_bounding_box(operation, "input");
  GeglRectangle none = {0, 0, 0, 0};
  return in_rect ? *in_rect : none;
}

static GeglRectangle
get_bounding_box(GeglOperation *operation)
{
  return input_extent(operation);
}

/* The area at mipmap `level`: every pixel that a level-0 pixel of it falls into. */
static GeglRectangle
area_at_level(const GeglRectangle *area, int level)
{
  const int s = 1 << level;
  int x0 = (int)floor((double)area->x / s), y0 = (int)floor((double)area->y / s);
  int x1 = (int)ceil((double)(area->x + area->width) / s);
  int y1 = (int)ceil((double)(area->y + area->height) / s);
  GeglRectangle r = {x0, y0, x1 - x0, y1 - y0};
  return r;
}

static gboolean
too_large(const GeglRectangle *area)
{
  return (double)area->width * area->height > MAX_AREA_PIXELS;
}

/* Every tile asks again: said once per process. */
static void
warn_too_large(const GeglRectangle *area)
{
  static gsize warned = 0;
  if (g_once_init_enter(&warned)) {
    g_warning("smp:scar-camouflage: the area is %d x %d pixels, more than the %.0f megapixels "
              "(%d pixels) it can analyse, so nothing changes; select the scar with some skin "
              "around it",
              area->width, area->height, MAX_AREA_PIXELS / (1024 * 1024), SMP_SCAR_MAX_AREA_PIXELS);
    g_once_init_leave(&warned, 1);
  }
}

/* Every output pixel depends on the whole area: the scar and its surroundings are measured once.
 * (An area too large to analyse passes through pixel by pixel.) */
static GeglRectangle
whole_input(GeglOperation *operation, const GeglRectangle *roi)
{
  GeglRectangle area = input_extent(operation);
  if (gegl_rectangle_is_infinite_plane(&area) || too_large(&area))
    return *roi;
  return area;
}

static GeglRectangle
get_required_for_output(GeglOperation *operation, const gchar *input_pad, const GeglRectangle *roi)
{
  return whole_input(operation, roi);
}

static GeglRectangle
get_cached_region(GeglOperation *operation, const GeglRectangle *roi)
{
  return whole_input(operation, roi);
}

static GeglRectangle
get_invalidated_by_change(GeglOperation *operation, const gchar *input_pad,
                          const GeglRectangle *input_region)
{
  return whole_input(operation, input_region);
}

/* What the new dots are: layout of the fill pattern, colour, and where they go. */
typedef struct {
  SmpScarAnalysis *analysis;
  GeglRectangle area; /* at the render level */
  SmpDotsLayout layout;
  double band_px;
  float colour[3]; /* linear RGB */
  float opacity;   /* scales every dot's alpha (clamped to 1) */
  GArray *dots;    /* SmpDot, render-level pixels */
} Plan;

/* Reads the area's luminance and alpha and analyses it. */
static SmpScarAnalysis *
analyse(GeglOperation *operation, GeglBuffer *input, const GeglRectangle *area, int level,
        const Babl *space)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  const gsize n = (gsize)area->width * area->height;
  const double scale = 1.0 / (double)(1 << level);
  const Babl *ya_format = babl_format_with_space("Y'A float", space);
  float *luma = g_new(float, n), *alpha = g_new(float, n);
  float *ya = g_new(float, (gsize)BAND_ROWS * area->width * 2);
  for (int y = 0; y < area->height; y += BAND_ROWS) {
    GeglRectangle rows = {area->x, area->y + y, area->width, MIN(BAND_ROWS, area->height - y)};
    gegl_buffer_get(input, &rows, scale, ya_format, ya, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    const gsize offset = (gsize)y * area->width, count = (gsize)rows.height * area->width;
    for (gsize i = 0; i < count; i++) {
      luma[offset + i] = ya[2 * i];
      alpha[offset + i] = ya[2 * i + 1];
    }
  }
  g_free(ya);

  SmpScarSettings settings = {
      .px_per_mm = o->ppi / 25.4 * scale,
      .detect = o->scar_detect == SMP_SCAR_CAMOUFLAGE_DETECT_WHOLE_AREA ? SMP_SCAR_DETECT_WHOLE_AREA
                                                                        : SMP_SCAR_DETECT_AUTO,
      .feather_mm = o->feather,
  };
  SmpScarAnalysis *a = smp_scar_analyse(luma, alpha, area->width, area->height, &settings);
  g_free(luma);
  g_free(alpha);

  /* colours of the skin and dots around the scar, in the output's linear RGB */
  const Babl *rgba = babl_format_with_space("RGBA float", space);
  float *band = g_new(float, (gsize)BAND_ROWS * area->width * 4);
  for (int y = a->ring_y0; y < a->ring_y1 && a->dots_found; y += BAND_ROWS) {
    GeglRectangle rows = {area->x, area->y + y, area->width, MIN(BAND_ROWS, a->ring_y1 - y)};
    gegl_buffer_get(input, &rows, scale, rgba, band, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    smp_scar_sample_colours(a, band, y, rows.height);
  }
  smp_scar_finish_colours(a);
  g_free(band);
  return a;
}

/* The photo's perceptual luma, through babl in its colour space. */
static void
luma_in_space(gpointer user_data, const float *rgb, float *luma, gsize n)
{
  const Babl *space = user_data;
  const Babl *fish = babl_fish(babl_format_with_space("RGB float", space),
                               babl_format_with_space("Y' float", space));
  babl_process(fish, rgb, luma, (long)n);
}

/* The engine's parameters: the measured density and size (or the properties', or defaults),
 * with the measured spreads. */
static void
dots_params(GeglProperties *o, const SmpScarAnalysis *a, SmpDotsParams *params, SmpDotsStats *stats)
{
  smp_dots_params_init(params);
  params->ppi = o->ppi;
  params->seed = (guint32)o->seed;
  params->satellites = 0.0; /* each FU is one dot, so a moved FU moves whole */
  if (a->dots_found)
    smp_scar_match_spread(a, params);
  smp_dots_measure(params, stats);

  if (!a->dots_found)
    g_warning("smp:scar-camouflage: no existing dots detected around the scar (%d dot-like spots "
              "in %.0f mm² of surrounding skin), so there is nothing to match; using %s density "
              "%.0f impressions/cm², dot size %.2f mm and dot-color",
              a->ring_dots, a->ring_area_mm2, o->density > 0.0 ? "the given" : "the default",
              o->density > 0.0 ? o->density : FALLBACK_DENSITY,
              o->dot_size > 0.0 ? o->dot_size : FALLBACK_DOT_SIZE);
  double density = o->density > 0.0 ? o->density : a->dots_found ? a->density : FALLBACK_DENSITY;
  params->density = CLAMP(density * o->density_multiplier, 1.0, 400.0);
  params->dot_size = o->dot_size > 0.0 ? o->dot_size
                     : a->dots_found   ? a->dot_diameter_mm / stats->size_factor
                                       : FALLBACK_DOT_SIZE;
  params->dot_size = CLAMP(params->dot_size, 0.02, 3.0);
}

/* The colour and opacity of the new dots. */
static void
dots_colour(GeglProperties *o, const SmpScarAnalysis *a, const SmpDotsStats *stats,
            const Babl *space, Plan *plan)
{
  /* Colour: the existing dots' cores show `dot_rgb`; the engine's median dot reaches it at full
   * alpha (lighter and darker dots around it keep the measured spread). */
  double pigment[4];
  gegl_color_get_pixel(o->dot_color, babl_format_with_space("RGBA double", space), pigment);
  for (int c = 0; c < 3; c++) {
    double v = a->colours_found ? a->dot_rgb[c] : pigment[c];
    if (o->shade_offset < 0.0)
      v *= 1.0 + o->shade_offset;
    plan->colour[c] = (float)CLAMP(v, 0.0, 1.0);
  }
  /* Lighter = more dilute: less pigment over the same skin. */
  plan->opacity = (float)((a->colours_found ? 1.0 / stats->opacity : pigment[3]) *
                          (o->shade_offset > 0.0 ? 1.0 - o->shade_offset : 1.0));
}

/* Decides the new dots; FALSE when there are none to draw. */
static gboolean
plan_dots(GeglOperation *operation, GeglBuffer *input, int level, Plan *plan)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  const Babl *space = babl_format_get_space(gegl_operation_get_format(operation, "output"));
  GeglRectangle extent = input_extent(operation);

  memset(plan, 0, sizeof *plan);
  if (gegl_rectangle_is_empty(&extent) || gegl_rectangle_is_infinite_plane(&extent) || !input)
    return FALSE;
  if (too_large(&extent)) {
    warn_too_large(&extent);
    return FALSE;
  }
  plan->area = area_at_level(&extent, level);
  SmpScarAnalysis *a = plan->analysis = analyse(operation, input, &plan->area, level, space);
  if (a->scar_pixels == 0) {
    if (o->scar_detect == SMP_SCAR_CAMOUFLAGE_DETECT_AUTO)
      g_message("smp:scar-camouflage: no scar tissue found in the area (nothing lighter and "
                "smoother than the skin around it), so nothing changes; set scar-detect to "
                "\"whole-area\" to treat the whole area as scar");
    return FALSE;
  }

  SmpDotsParams params;
  SmpDotsStats stats;
  dots_params(o, a, &params, &stats);
  dots_colour(o, a, &stats, space, plan);
  if (o->dot_size == 0.0 && a->colours_found)
    params.dot_size = smp_scar_calibrate_dot_size(a, &params, level, 1.0 / stats.opacity,
                                                  luma_in_space, (gpointer)space);

  GError *error = NULL;
  if (!smp_dots_layout_init(&plan->layout, &params, level, &error)) {
    g_warning("smp:scar-camouflage: %s", error->message);
    g_error_free(error);
    return FALSE;
  }

  plan->band_px = o->feather * a->px_per_mm;
  plan->dots = g_array_new(FALSE, FALSE, sizeof(SmpDot));
  return smp_scar_fill(a, &plan->layout, plan->area.x, plan->area.y, plan->band_px, plan->dots) > 0;
}

static gboolean
process(GeglOperation *operation, GeglBuffer *input, GeglBuffer *output, const GeglRectangle *roi,
        gint level)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  const gboolean over = o->output_mode == SMP_SCAR_CAMOUFLAGE_OUTPUT_OVER_INPUT;
  Plan plan;

  if (!plan_dots(operation, input, level, &plan)) {
    /* nothing to draw: the photo unchanged, or no dots */
    if (over && input)
      gegl_buffer_copy(input, roi, GEGL_ABYSS_NONE, output, roi);
    else
      gegl_buffer_clear(output, roi);
  } else {
    SmpDotRender render = {(const SmpDot *)plan.dots->data,
                           plan.dots->len,
                           {plan.colour[0], plan.colour[1], plan.colour[2]},
                           plan.opacity,
                           render_mode(o)};
    smp_dot_render(operation, &render, input, output, roi, level);
  }
  if (plan.dots)
    g_array_unref(plan.dots);
  smp_scar_analysis_free(plan.analysis);
  return TRUE;
}

/* Over an input that cannot be analysed (unbounded, or too large), the input is the output,
 * untouched. */
static gboolean
operation_process(GeglOperation *operation, GeglOperationContext *context, const gchar *output_prop,
                  const GeglRectangle *result, gint level)
{
  GeglProperties *o = GEGL_PROPERTIES(operation);
  GeglRectangle area = input_extent(operation);
  const gboolean untouched = o->output_mode == SMP_SCAR_CAMOUFLAGE_OUTPUT_OVER_INPUT &&
                             (gegl_rectangle_is_infinite_plane(&area) || too_large(&area));
  if (untouched && too_large(&area))
    warn_too_large(&area);
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
  operation_class->get_cached_region = get_cached_region;
  operation_class->get_invalidated_by_change = get_invalidated_by_change;
  operation_class->process = operation_process;
  filter_class->process = process;
  smp_dot_render_class_init(operation_class);

  smp_op_set_keys(
      operation_class, "smp:scar-camouflage", _("SMP Scar Camouflage"),
      _("Scar Camouflage Filter..."),
      _("Fills a scar with scalp micropigmentation dots at the density, dot size and shade "
        "measured "
        "on the dots around it, feathered into the existing pattern and placed between existing "
        "dots"));
}

#endif
