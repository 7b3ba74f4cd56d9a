/* The dots of women's thinning treatment: on a photo of long thinning hair, dots only on the scalp
 * that shows between the strands, at a density following how much of it shows, in a lighter
 * shade, layered over a few sessions (docs/thinning.md). The photo's analysis, the density map, the
 * shade and the number of sessions are the core's (filters/core/smp-analyse.h, smp-thinning.h);
 * here the photo is read and the map becomes the alpha of each session's layer, which the follicle
 * dots draw on.
 */
#include <math.h>

#include "smp-analyse.h"
#include "smp-dots.h"
#include "smp-match-args.h"
#include "smp-procedures.h"
#include "smp-thinning.h"

guint8 *
smp_plugin_read_photo(GimpImage *image, GimpDrawable *drawable, guint8 **selection)
{
  const gint w = gimp_drawable_get_width(drawable), h = gimp_drawable_get_height(drawable);
  GeglBuffer *buffer = gimp_drawable_get_buffer(drawable);
  guint8 *rgba = g_new(guint8, (gsize)w * h * 4);
  gint ox, oy;
  gboolean selected = FALSE;
  gint x1, y1, x2, y2;

  gegl_buffer_get(buffer, GEGL_RECTANGLE(0, 0, w, h), 1.0, babl_format("R'G'B'A u8"), rgba,
                  GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  *selection = NULL;
  gimp_selection_bounds(image, &selected, &x1, &y1, &x2, &y2);
  if (selected) {
    GeglBuffer *mask = gimp_drawable_get_buffer(GIMP_DRAWABLE(gimp_image_get_selection(image)));
    gimp_drawable_get_offsets(drawable, &ox, &oy);
    *selection = g_new(guint8, (gsize)w * h);
    gegl_buffer_get(mask, GEGL_RECTANGLE(ox, oy, w, h), 1.0, babl_format("Y u8"), *selection,
                    GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
    g_object_unref(mask);
  }
  return rgba;
}

/* The dots core's parameters of the thinning dots on the skin `skin` (linear RGB), as the op
 * draws them. */
static void
thinning_params(const SmpDotsRequest *request, const gdouble skin[3], SmpDotsParams *params)
{
  smp_dots_request_params(request, params);
  params->density = MAX(params->density, 1.0);
  params->skin_reflectance =
      CLAMP(0.2126 * skin[0] + 0.7152 * skin[1] + 0.0722 * skin[2], 0.0, 1.0);
}

/* How far from a strand a dot's centre stays, mm (SMP_THINNING_CLEARANCE). */
static gdouble
clearance_mm(const SmpDotsRequest *request, const gdouble skin[3])
{
  SmpDotsParams params;
  SmpDotsLayout layout;

  thinning_params(request, skin, &params);
  if (!smp_dots_layout_init(&layout, &params, 0, NULL))
    return 0.5 * params.dot_size;
  return SMP_THINNING_CLEARANCE * smp_dots_reach(&layout) / smp_plugin_px_per_mm(request->ppi);
}

/* The density map as the R'G'B'A u8 pixels of a layer: transparent black, the map its alpha. */
static guint8 *
map_pixels(const guint8 *map, gsize n)
{
  guint8 *pixels = g_new0(guint8, MAX(n, 1) * 4);

  for (gsize i = 0; i < n; i++)
    pixels[4 * i + 3] = map[i];
  return pixels;
}

/* A new layer in `target` holding `pixels` (map_pixels'). */
static GimpLayer *
map_layer(const SmpTarget *target, const gchar *name, const guint8 *pixels)
{
  GimpLayer *layer = smp_plugin_add_layer(target, name);
  GeglBuffer *buffer = gimp_drawable_get_buffer(GIMP_DRAWABLE(layer));

  gegl_buffer_set(buffer, GEGL_RECTANGLE(0, 0, target->width, target->height), 0,
                  babl_format("R'G'B'A u8"), pixels, GEGL_AUTO_ROWSTRIDE);
  g_object_unref(buffer);
  return layer;
}

/* Session `k`'s dots in `target`: a layer of the density map's `pixels`, the follicle dots of
 * `dots` its effect with a seed of the session's own, so that each session places its impressions
 * anew (baked when `merge`). */
static gboolean
session_layer(const SmpTarget *target, const SmpDotsRequest *dots, const guint8 *pixels, gint k,
              gboolean merge, GError **error)
{
  g_autofree gchar *name = g_strdup_printf("Session %d", k + 1);
  GimpLayer *layer = map_layer(target, name, pixels);
  GimpDrawableFilter *filter;
  SmpDotsRequest session = *dots;

  filter = smp_plugin_new_filter(GIMP_DRAWABLE(layer), "smp:follicle-dots", "Follicle dots", error);
  if (!filter)
    return FALSE;
  session.seed = (guint)((dots->seed + 7919u * (guint)k) % ((guint)G_MAXINT + 1u));
  smp_dots_request_configure(&session, filter);
  smp_plugin_finish_filter(GIMP_DRAWABLE(layer), filter, merge);
  return TRUE;
}

/* The density map of the scalp that shows between the strands in the photo (or its selection),
 * or NULL with an error; sets `lighter`'s shade (skin, pigment, dilution) to her hair's made
 * lighter, on her skin as the photo shows it, and `sessions` to the number of layered sessions. */
static guint8 *
visible_scalp_map(GimpImage *image, GimpDrawable *photo, SmpDotsRequest *lighter,
                  gdouble *scalp_visible, gint *sessions, GError **error)
{
  const gint w = gimp_drawable_get_width(photo), h = gimp_drawable_get_height(photo);
  const gdouble ppm = smp_plugin_px_per_mm(lighter->ppi);
  const gsize n = (gsize)w * h;
  guint8 *selection, *rgba, *map;
  SmpAnalysis *analysis;
  SmpThinning *thinning;
  gboolean any = FALSE, selected;

  rgba = smp_plugin_read_photo(image, photo, &selection);
  analysis = smp_analyse_photo(rgba, selection, w, h, ppm);
  thinning = smp_thinning_find(rgba, analysis);
  selected = selection != NULL;
  g_free(rgba);
  g_free(selection);
  map = g_new(guint8, MAX(n, 1));
  smp_thinning_density(thinning->visible, w, h, ppm, clearance_mm(lighter, thinning->skin_rgb),
                       map);
  for (gsize i = 0; i < n && !any && thinning->found; i++)
    any = map[i] > 0;
  if (scalp_visible)
    *scalp_visible = thinning->scalp_visible;
  if (!any) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                "thinning: no scalp found showing between strands of long hair in the %s "
                "(%.1f cm² of long hair at %g ppi%s); run it on a photo of thinning long hair, "
                "at its true scale",
                selected ? "selected part of the photo" : "photo", analysis->hair_cm2, lighter->ppi,
                thinning->hair_cm2 > 0.0 && !thinning->found
                    ? ", whose strands and skin are too close in colour to tell apart"
                    : "");
    smp_analysis_free(analysis);
    smp_thinning_free(thinning);
    g_free(map);
    return NULL;
  }
  /* the dots go on her skin as the photo shows it, in her hair's shade made lighter: the pigment
   * and dilution solved for it as for a fringe's (smp-match.h), the dilution given as the
   * preferred one */
  SmpDotsParams params;
  SmpMatchShade shade;
  thinning_params(lighter, thinning->skin_rgb, &params);
  if (!smp_thinning_shade(thinning, &params, smp_dots_request_dilution(lighter), &shade, error)) {
    g_prefix_error(error, "thinning: ");
    smp_analysis_free(analysis);
    smp_thinning_free(thinning);
    g_free(map);
    return NULL;
  }
  /* as many sessions, layered, as bring the open scalp to the target tone */
  *sessions = smp_thinning_sessions(thinning, map, shade.alpha, shade.dot, NULL);
  lighter->matched = TRUE;
  lighter->match_dilution = shade.dilution;
  for (gint c = 0; c < 3; c++) {
    lighter->match_pigment[c] = shade.pigment[c];
    lighter->match_skin[c] = thinning->skin_rgb[c];
  }
  smp_analysis_free(analysis);
  smp_thinning_free(thinning);
  return map;
}

GimpLayer *
smp_thinning_add_layer(const SmpDotsRequest *request, GimpDrawable *photo, const gchar *name,
                       gboolean merge, gdouble *scalp_visible, GError **error)
{
  GimpImage *image = gimp_item_get_image(GIMP_ITEM(photo));
  guint8 *map, *pixels;
  SmpDotsRequest lighter = *request;
  GimpGroupLayer *group;
  GimpLayer *layer;
  SmpTarget target, inner;
  gboolean ok = TRUE;
  gint sessions = 0;

  if (!GIMP_IS_LAYER(photo) || GIMP_IS_GROUP_LAYER(photo) ||
      gimp_image_get_base_type(image) != GIMP_RGB) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "thinning: run it on the colour photo layer of the client's head (the scalp is "
                "told from the strands by its colour)");
    return NULL;
  }
  /* larger impressions at up to twice the density, unless given */
  if (!(request->density > 0.0))
    lighter.density = MIN(SMP_THINNING_DENSITY_FACTOR * smp_dots_request_density(request), 400.0);
  if (!(request->dot_size > 0.0))
    lighter.dot_size = SMP_THINNING_DOT_FACTOR * smp_dots_request_dot_size(request);
  map = visible_scalp_map(image, photo, &lighter, scalp_visible, &sessions, error);
  if (!map)
    return NULL;
  lighter.density_from = NULL;
  lighter.density_from_input = TRUE;
  lighter.density_source = "input-alpha";

  /* the whole photo (a selection masks the dots once made); inside the group, each session on
   * top of the ones before */
  smp_plugin_target_area(image, photo, &target);
  gimp_drawable_get_offsets(photo, &target.x, &target.y);
  target.width = gimp_drawable_get_width(photo);
  target.height = gimp_drawable_get_height(photo);
  group = gimp_group_layer_new(image, name);
  smp_plugin_insert_layer(&target, GIMP_LAYER(group));
  inner = target;
  inner.anchor = NULL;
  inner.parent = group;
  inner.has_selection = FALSE;
  /* every session draws on the same map, converted to pixels once */
  pixels = map_pixels(map, (gsize)target.width * target.height);
  g_free(map);
  for (gint k = 0; k < sessions && ok; k++)
    ok = session_layer(&inner, &lighter, pixels, k, merge, error);
  g_free(pixels);
  if (!ok) {
    gimp_image_remove_layer(image, GIMP_LAYER(group));
    return NULL;
  }
  layer = merge ? gimp_group_layer_merge(group) : GIMP_LAYER(group);
  smp_plugin_mask_to_selection(&target, layer, merge);
  return layer;
}
