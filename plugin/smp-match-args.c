/* Fringe matching and the client's hair from the photo: the arguments match-from and
 * client-hair, shared by the procedures that draw dots. The measures and the shade are the core's
 * (filters/core/smp-analyse.h, smp-match.h); here the photo and the masks are read, and the
 * client's hair becomes effects on the density layer. See docs/fringe-matching.md. */
#include <math.h>
#include <string.h>

#include "smp-analyse.h"
#include "smp-color.h"
#include "smp-light.h"
#include "smp-match-args.h"
#include "smp-match.h"

/* Less bald scalp than this in the area to treat, and the skin to treat is the fringe's own. */
#define MIN_SCALP_MM2 100.0
/* The area to treat reaches under the edge of the client's hair (docs/fringe-matching.md, The
 * client's hair): the analysis's classes reach up to its window radius, 1.75 mm, beyond the hair,
 * and the new dots fade out across the blend zone, BLEND_MM wide, while the fringe thins in over
 * the same zone. The hair's edge moves in by the window radius plus half the blend zone, and
 * softens by a Gaussian whose 10-90 % rise spans the blend zone (2.56 sigma). */
#define ANALYSIS_REACH_MM 1.25
#define BLEND_MM 2.0
#define CLIENT_HAIR_INSET_MM (ANALYSIS_REACH_MM + 0.5 * BLEND_MM)
#define BLEND_SIGMA_MM (BLEND_MM / 2.56)

void
smp_match_add_arguments(GimpProcedure *procedure, gboolean client_hair)
{
  gimp_procedure_add_drawable_argument(
      procedure, "match-from", "_Match fringe",
      "A drawable whose alpha marks a sample of the client's shaved fringe on the photo (the "
      "layer the procedure runs on), e.g. the stubble layer of plug-in-smp-analyse: density, dot "
      "size and shade then continue the fringe instead of following the hair type; none = the "
      "presets",
      TRUE, G_PARAM_READWRITE);
  if (client_hair)
    smp_match_add_client_hair_argument(procedure);
}

void
smp_match_add_client_hair_argument(GimpProcedure *procedure)
{
  gimp_procedure_add_drawable_argument(
      procedure, "client-hair", "_Client's hair",
      "A drawable whose alpha is the client's current hair, e.g. the hair or stubble layer of "
      "plug-in-smp-analyse: the dots go on the design's area minus it, blended into its edge, "
      "instead of on a template stage's area to treat; none = the pattern argument",
      TRUE, G_PARAM_READWRITE);
}

/* The pixels of `drawable` over `rect` (image coordinates) in `format`; outside it, zeros. */
static guint8 *
read_rect_format(GimpDrawable *drawable, const GeglRectangle *rect, const Babl *format, gint bpp)
{
  GeglBuffer *buffer = gimp_drawable_get_buffer(drawable);
  guint8 *pixels = g_new0(guint8, (gsize)rect->width * rect->height * bpp);
  gint ox, oy;

  gimp_drawable_get_offsets(drawable, &ox, &oy);
  gegl_buffer_get(buffer, GEGL_RECTANGLE(rect->x - ox, rect->y - oy, rect->width, rect->height),
                  1.0, format, pixels, GEGL_AUTO_ROWSTRIDE, GEGL_ABYSS_NONE);
  g_object_unref(buffer);
  return pixels;
}

static guint8 *
read_rect(GimpDrawable *drawable, const GeglRectangle *rect, const gchar *format, gint bpp)
{
  return read_rect_format(drawable, rect, babl_format(format), bpp);
}

static void
drawable_rect(GimpDrawable *drawable, GeglRectangle *rect)
{
  gimp_drawable_get_offsets(drawable, &rect->x, &rect->y);
  rect->width = gimp_drawable_get_width(drawable);
  rect->height = gimp_drawable_get_height(drawable);
}

static gboolean
same_image(GimpDrawable *drawable, GimpImage *image, const gchar *argument, GError **error)
{
  if (!drawable || gimp_item_get_image(GIMP_ITEM(drawable)) == image)
    return TRUE;
  g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
              "%s: '%s' belongs to another image; give a layer or channel of this image", argument,
              gimp_item_get_name(GIMP_ITEM(drawable)));
  return FALSE;
}

/* The fringe in the sample: its analysis (NULL with an error when none is found) and its mean
 * colour over the sample's stubble. */
static SmpAnalysis *
analyse_sample(GimpDrawable *photo, GimpDrawable *sample, gdouble ppi, gdouble mean[3],
               GError **error)
{
  GeglRectangle photo_rect, sample_rect, box;

  drawable_rect(photo, &photo_rect);
  drawable_rect(sample, &sample_rect);
  if (!gegl_rectangle_intersect(&box, &photo_rect, &sample_rect)) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "match-from: the sample '%s' lies outside the photo layer '%s'",
                gimp_item_get_name(GIMP_ITEM(sample)), gimp_item_get_name(GIMP_ITEM(photo)));
    return NULL;
  }
  guint8 *rgba = read_rect(photo, &box, "R'G'B'A u8", 4);
  guint8 *alpha = read_rect(sample, &box, "A u8", 1);
  SmpAnalysis *a = NULL;
  /* the photo's pixels the sample marks: none, and there is nothing to measure */
  if (smp_match_mean_colour(rgba, alpha, NULL, box.width, box.height, mean) == 0)
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                "match-from: the sample '%s' marks no pixel of the photo (its alpha is below 50 %% "
                "everywhere over it)",
                gimp_item_get_name(GIMP_ITEM(sample)));
  else
    a = smp_analyse_fringe_sample(rgba, alpha, box.width, box.height, smp_plugin_px_per_mm(ppi));
  if (a && !a->fringe_found) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                "match-from: no stubble fringe found in the sample '%s' (%.1f cm² marked at %g "
                "ppi); the sample needs at least 8 mm across of shaved, hair-bearing scalp whose "
                "dots the photo shows",
                gimp_item_get_name(GIMP_ITEM(sample)), a->stubble_cm2, ppi);
    g_clear_pointer(&a, smp_analysis_free);
  }
  /* the fringe's mean: the sample's stubble, or all of the sample if none of it is */
  if (a && !smp_match_mean_colour(rgba, alpha, a->stubble, box.width, box.height, mean))
    smp_match_mean_colour(rgba, alpha, NULL, box.width, box.height, mean);
  g_free(rgba);
  g_free(alpha);
  return a;
}

/* The skin the dots will lie on: the bald scalp the analysis finds in the area to treat, else the
 * skin between the fringe's dots (FALSE). */
static gboolean
skin_to_treat(GimpImage *image, GimpDrawable *photo, const SmpTarget *target, gdouble ppi,
              const SmpAnalysis *fringe, gdouble skin[3])
{
  GeglRectangle photo_rect, target_rect = {target->x, target->y, target->width, target->height};
  GeglRectangle box;
  gsize found = 0;

  drawable_rect(photo, &photo_rect);
  if (gegl_rectangle_intersect(&box, &photo_rect, &target_rect)) {
    guint8 *rgba = read_rect(photo, &box, "R'G'B'A u8", 4), *selection = NULL;
    if (target->has_selection)
      selection = read_rect(GIMP_DRAWABLE(gimp_image_get_selection(image)), &box, "Y u8", 1);
    SmpAnalysis *a =
        smp_analyse_photo(rgba, selection, box.width, box.height, smp_plugin_px_per_mm(ppi));
    found = smp_match_mean_colour(rgba, a->scalp, selection, box.width, box.height, skin);
    smp_analysis_free(a);
    g_free(rgba);
    g_free(selection);
  }
  const gdouble px_per_mm = smp_plugin_px_per_mm(ppi);
  if ((gdouble)found >= MIN_SCALP_MM2 * px_per_mm * px_per_mm)
    return TRUE;
  for (gint c = 0; c < 3; c++)
    skin[c] = smp_color_linear_from_srgb(fringe->fringe_skin_srgb[c]);
  return FALSE;
}

/* The light over the sample and the area to treat (docs/fringe-matching.md, Light): the photo
 * over both, its bare scalp as the analysis finds it, the sample's pixels (the fringe whose mean
 * was taken) and the bare scalp the dots go on, to the core's fit. */
static void
light_ratio(GimpImage *image, GimpDrawable *photo, GimpDrawable *sample, const SmpTarget *target,
            gdouble ppi, SmpLight *light)
{
  GeglRectangle photo_rect, sample_rect, box,
      target_rect = {target->x, target->y, target->width, target->height};
  drawable_rect(photo, &photo_rect);
  drawable_rect(sample, &sample_rect);
  gegl_rectangle_bounding_box(&box, &sample_rect, &target_rect);
  if (!gegl_rectangle_intersect(&box, &box, &photo_rect)) {
    memset(light, 0, sizeof *light);
    light->ratio = 1.0;
    light->why = "the sample and the area to treat lie outside the photo";
    return;
  }
  const gsize n = (gsize)box.width * box.height;
  guint8 *rgba = read_rect(photo, &box, "R'G'B'A u8", 4);
  guint8 *fringe = read_rect(sample, &box, "A u8", 1), *treat = g_new0(guint8, n);
  guint8 *head = g_new(guint8, n);
  guint8 *selection =
      target->has_selection
          ? read_rect(GIMP_DRAWABLE(gimp_image_get_selection(image)), &box, "Y u8", 1)
          : NULL;
  SmpAnalysis *a = smp_analyse_photo(rgba, NULL, box.width, box.height, smp_plugin_px_per_mm(ppi));
  for (gint y = 0; y < box.height; y++)
    for (gint x = 0; x < box.width; x++) {
      gsize i = (gsize)y * box.width + x;
      gboolean inside = box.x + x >= target->x && box.x + x < target->x + target->width &&
                        box.y + y >= target->y && box.y + y < target->y + target->height;
      if (inside && a->scalp[i] >= 128 && (!selection || selection[i] >= 128) && fringe[i] < 128)
        treat[i] = 255;
      head[i] = a->hair[i] + a->stubble[i] + a->scalp[i] >= 128 ? 255 : 0;
    }
  smp_light_ratio(rgba, box.width, box.height, smp_plugin_px_per_mm(ppi), a->scalp, fringe, treat,
                  head, light);
  smp_analysis_free(a);
  g_free(rgba);
  g_free(fringe);
  g_free(treat);
  g_free(head);
  g_free(selection);
}

static gchar *
hex_of_linear(const gdouble linear[3])
{
  guint8 rgb[3];
  babl_process(babl_fish(babl_format("RGB double"), babl_format("R'G'B' u8")), linear, rgb, 1);
  return g_strdup_printf("#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

/* Solves the shade for the request's density and size over `skin` (linear), towards `mean`. */
static gboolean
solve(SmpDotsRequest *request, const gdouble skin[3], const gdouble mean[3], SmpMatchShade *shade,
      GError **error)
{
  SmpDotsParams params;
  SmpDotsRequest preferred = *request;
  GError *local = NULL;

  /* the finished treatment, healed: what the client lives with */
  smp_dots_request_params(request, &params);
  params.coverage = 1.0;
  params.healed = TRUE;
  params.years = 0.0;
  preferred.matched = FALSE;
  preferred.extra_water = 0.0;
  if (!smp_match_solve_shade(&params, skin, mean, smp_dots_request_dilution(&preferred), shade,
                             &local)) {
    g_set_error(error, SMP_ERROR, SMP_ERROR_BAD_VALUE, "match-from: %s", local->message);
    g_error_free(local);
    return FALSE;
  }
  return TRUE;
}

/* The report's sentence on the light. */
static gchar *
light_report(const SmpLight *light, const gdouble lit[3])
{
  if (!light->why && light->ratio == 1.0)
    return g_strdup_printf(" Light: even (it changes by under %.0f %% between the sample and the "
                           "area to treat, as the skin's own mottle does): the fringe's colour as "
                           "photographed.",
                           100.0 * expm1(SMP_LIGHT_EVEN));
  if (light->why)
    return g_strdup_printf(" Light: not taken into account (%s): the fringe's colour as "
                           "photographed; mark a sample lit like the area to treat.",
                           light->why);
  gchar *hex = hex_of_linear(lit), *how;
  if (light->head)
    how = g_strdup_printf("a lamp on the head fitted to its silhouette, over %d cells of bare "
                          "scalp",
                          light->skin_cells);
  else
    how = g_strdup_printf("shading fitted over %d cells of bare scalp and %d of the fringe",
                          light->skin_cells, light->fringe_cells);
  gchar *text = g_strdup_printf(" Light: the area to treat gets %.2f times the sample's (%s): "
                                "matched to the fringe as it would look there, %s.",
                                light->ratio, how, hex);
  g_free(how);
  g_free(hex);
  return text;
}

/* The match's report: the fringe as measured, the shade, the light. */
static gchar *
match_report(const SmpAnalysis *fringe, const SmpDotsRequest *request, const gdouble mean[3],
             const SmpMatchShade *shade, const SmpLight *light, const gdouble lit[3])
{
  gchar *fringe_hex = hex_of_linear(mean), *pigment_hex = hex_of_linear(shade->pigment);
  gchar *light_text = light_report(light, lit);
  gchar *report = g_strdup_printf(
      "Matched to the fringe: %.0f impressions/cm², dots of %.3f mm (impressions of %.3f mm "
      "heal to them), mean colour %s; pigment %s with %.1f parts of water, healed mean within "
      "ΔE00 %.1f of the fringe%s.%s",
      fringe->fringe_density, fringe->fringe_dot_mm, request->match_dot_size, fringe_hex,
      pigment_hex, shade->dilution, shade->delta_e,
      shade->reached ? ""
                     : " (the fringe is darker than any pigment makes dots this small and "
                       "sparse: the nearest shade)",
      light_text);
  g_free(fringe_hex);
  g_free(pigment_hex);
  g_free(light_text);
  return report;
}

gboolean
smp_match_request_from_config(SmpDotsRequest *request, GimpProcedureConfig *config,
                              GimpImage *image, GimpDrawable *photo, const SmpTarget *target,
                              gchar **report, GError **error)
{
  GObjectClass *klass = G_OBJECT_GET_CLASS(config);
  GimpDrawable *sample = NULL;
  gdouble mean[3], skin[3], lit[3];
  SmpMatchShade shade;
  SmpLight light = {.ratio = 1.0, .why = "no bare scalp in the area to treat"};

  if (report)
    *report = NULL;
  if (g_object_class_find_property(klass, "client-hair")) {
    g_clear_object(&request->client_hair);
    g_object_get(config, "client-hair", &request->client_hair, NULL);
    if (!same_image(request->client_hair, image, "client-hair", error))
      return FALSE;
  }
  if (g_object_class_find_property(klass, "match-from"))
    g_object_get(config, "match-from", &sample, NULL);
  if (!sample)
    return TRUE;

  gboolean ok = same_image(sample, image, "match-from", error);
  if (ok && (!photo || !GIMP_IS_LAYER(photo) || photo == sample)) {
    g_set_error_literal(error, SMP_ERROR, SMP_ERROR_BAD_VALUE,
                        "match-from: run the procedure on the photo layer the sample marks (the "
                        "photo is the selected layer, and it must not be the sample itself)");
    ok = FALSE;
  }
  if (ok && gimp_image_get_base_type(image) != GIMP_RGB) {
    g_set_error_literal(error, SMP_ERROR, SMP_ERROR_BAD_IMAGE,
                        "match-from: the fringe's shade is measured in colour, and this image is "
                        "grayscale; match on the colour photo (Image > Mode > RGB)");
    ok = FALSE;
  }
  SmpAnalysis *fringe = ok ? analyse_sample(photo, sample, request->ppi, mean, error) : NULL;
  if (!fringe) {
    g_object_unref(sample);
    return FALSE;
  }

  request->matched = TRUE;
  request->match_density = fringe->fringe_density;
  request->match_dot_size = fringe->fringe_dot_mm;
  {
    /* the impression whose healed dot shows the fringe's dot size */
    SmpDotsParams params;
    smp_dots_request_params(request, &params);
    params.healed = TRUE;
    params.years = 0.0;
    gdouble ratio = smp_match_healed_size_ratio(&params);
    if (ratio > 0.0)
      request->match_dot_size = CLAMP(fringe->fringe_dot_mm / ratio, 0.02, 3.0);
  }
  /* the fringe as it would look where the dots go: its colour times the ratio of the light */
  if (skin_to_treat(image, photo, target, request->ppi, fringe, skin))
    light_ratio(image, photo, sample, target, request->ppi, &light);
  g_object_unref(sample);
  for (gint c = 0; c < 3; c++)
    lit[c] = CLAMP(mean[c] * light.ratio, 0.0, 1.0);
  if (!solve(request, skin, lit, &shade, error)) {
    request->matched = FALSE;
    smp_analysis_free(fringe);
    return FALSE;
  }
  request->match_dilution = shade.dilution;
  request->match_reached = shade.reached;
  for (gint c = 0; c < 3; c++) {
    request->match_pigment[c] = shade.pigment[c];
    request->match_skin[c] = skin[c];
  }
  if (report)
    *report = match_report(fringe, request, mean, &shade, &light, lit);
  smp_analysis_free(fringe);
  return TRUE;
}

void
smp_match_note(const SmpDotsRequest *request, GimpLayer *layer, const gchar *report,
               GimpRunMode run_mode)
{
  if (!request->matched || !report)
    return;
  if (layer) {
    GimpParasite *note =
        gimp_parasite_new(SMP_MATCH_PARASITE, GIMP_PARASITE_PERSISTENT, strlen(report) + 1, report);
    gimp_item_attach_parasite(GIMP_ITEM(layer), note);
    gimp_parasite_free(note);
  }
  if ((run_mode == GIMP_RUN_INTERACTIVE || !request->match_reached) && !smp_plugin_previewing())
    gimp_message(report);
}

void
smp_match_request_colors(const SmpDotsRequest *request, GeglColor *pigment, GeglColor *skin)
{
  const Babl *linear = babl_format("RGBA double");
  const gdouble *p = request->match_pigment, *s = request->match_skin;

  gegl_color_set_pixel(pigment, linear, (const gdouble[4]){p[0], p[1], p[2], 1.0});
  gegl_color_set_pixel(skin, linear, (const gdouble[4]){s[0], s[1], s[2], 1.0});
}

/* A hidden layer of `image` over `cut` (the client-hair image's pixels) whose alpha is the
 * client's hair there: a layer's alpha (a group's, of what it shows), a channel's or mask's value
 * (a saved selection of the hair). */
static GimpLayer *
client_hair_layer(GimpDrawable *client_hair, GimpImage *image, const GeglRectangle *cut)
{
  const GimpImageType type =
      gimp_image_get_base_type(image) == GIMP_GRAY ? GIMP_GRAYA_IMAGE : GIMP_RGBA_IMAGE;
  GimpLayer *layer = gimp_layer_new(image, "Client's hair, eased into the fringe", cut->width,
                                    cut->height, type, 100.0, GIMP_LAYER_MODE_NORMAL);
  GeglBuffer *buffer;
  guint8 *hair;

  if (GIMP_IS_CHANNEL(client_hair)) {
    /* the channel's values as stored (a selection from alpha keeps the alpha's values), read
     * as 8 bits in the channel's own tone curve */
    const Babl *own = gimp_drawable_get_format(client_hair);
    g_autofree gchar *name = g_strdup_printf("%s u8", babl_get_name(babl_format_get_model(own)));
    hair = read_rect_format(client_hair, cut, babl_format_with_space(name, own), 1);
  } else {
    hair = read_rect(client_hair, cut, "A u8", 1);
  }

  gimp_image_insert_layer(image, layer, NULL, 0);
  gimp_item_set_visible(GIMP_ITEM(layer), FALSE);
  gimp_layer_set_offsets(layer, cut->x, cut->y);
  buffer = gimp_drawable_get_buffer(GIMP_DRAWABLE(layer));
  gegl_buffer_set(buffer, GEGL_RECTANGLE(0, 0, cut->width, cut->height), 0, babl_format("A u8"),
                  hair, GEGL_AUTO_ROWSTRIDE);
  gegl_buffer_flush(buffer);
  g_object_unref(buffer);
  g_free(hair);
  gimp_drawable_update(GIMP_DRAWABLE(layer), 0, 0, cut->width, cut->height);
  return layer;
}

/* The client's hair eased into the fringe's edge: a hidden copy of the client-hair drawable in
 * `image`, cut to `needed` (the client-hair image's pixels) grown by how far the easing reaches,
 * its alpha eroded and softened at `ppi` (docs/fringe-matching.md, The client's hair). */
GimpLayer *
smp_match_eased_client_hair(GimpDrawable *client_hair, gdouble ppi, GimpImage *image,
                            const GeglRectangle *needed, GError **error)
{
  const gdouble px_per_mm = smp_plugin_px_per_mm(ppi);
  GimpDrawableFilter *filter;
  GimpLayer *eased;
  GeglRectangle cut;

  drawable_rect(client_hair, &cut);
  if (needed) {
    /* the erosion and the blur read this far around each pixel they keep */
    const gint reach = (gint)ceil((CLIENT_HAIR_INSET_MM + 4.0 * BLEND_SIGMA_MM) * px_per_mm) + 2;
    GeglRectangle grown = {needed->x - reach, needed->y - reach, needed->width + 2 * reach,
                           needed->height + 2 * reach};
    if (!gegl_rectangle_intersect(&cut, &cut, &grown))
      return NULL; /* none of the client's hair is needed */
  }
  eased = client_hair_layer(client_hair, image, &cut);
  filter = smp_plugin_new_filter(GIMP_DRAWABLE(eased), "gegl:median-blur", "Erode", error);
  if (!filter) {
    gimp_image_remove_layer(image, eased);
    return NULL;
  }
  /* the alpha's minimum over a disc: the hair's edge moved in */
  g_object_set(gimp_drawable_filter_get_config(filter), "radius",
               (gint)lround(CLIENT_HAIR_INSET_MM * px_per_mm), "alpha-percentile", 0.0,
               "neighborhood", "circle", NULL);
  gimp_drawable_merge_filter(GIMP_DRAWABLE(eased), filter);
  filter = smp_plugin_new_filter(GIMP_DRAWABLE(eased), "gegl:gaussian-blur", "Soften", error);
  if (!filter) {
    gimp_image_remove_layer(image, eased);
    return NULL;
  }
  g_object_set(gimp_drawable_filter_get_config(filter), "std-dev-x", BLEND_SIGMA_MM * px_per_mm,
               "std-dev-y", BLEND_SIGMA_MM * px_per_mm, NULL);
  gimp_drawable_merge_filter(GIMP_DRAWABLE(eased), filter);
  return eased;
}

gboolean
smp_match_take_out_client_hair(GimpDrawable *drawable, GimpLayer *eased, GError **error)
{
  GimpImage *image = gimp_item_get_image(GIMP_ITEM(drawable));
  GimpDrawableFilter *filter;

  /* An effect with an aux input, appended, did not stay in the layer's effects in GIMP 3.0.4
   * (docs/fringe-matching.md), so the area to treat is baked: the design's effects first, then
   * the Porter-Duff "destination out", the density map where the client's hair is not. Effects
   * added later (the dots) stay editable. */
  filter = smp_plugin_new_filter(drawable, "gegl:dst-out", "Minus the client's hair", error);
  if (filter) {
    gimp_drawable_merge_filters(drawable);
    gimp_drawable_filter_set_aux_input(filter, "aux", GIMP_DRAWABLE(eased));
    gimp_drawable_merge_filter(drawable, filter);
  }
  gimp_image_remove_layer(image, eased);
  return filter != NULL;
}

gboolean
smp_match_subtract_client_hair(const SmpDotsRequest *request, GimpDrawable *drawable,
                               GError **error)
{
  GimpLayer *eased;

  if (!request->client_hair)
    return TRUE;
  eased = smp_match_eased_client_hair(request->client_hair, request->ppi,
                                      gimp_item_get_image(GIMP_ITEM(drawable)), NULL, error);
  return eased && smp_match_take_out_client_hair(drawable, eased, error);
}
