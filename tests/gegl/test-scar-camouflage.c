/* smp:scar-camouflage on synthetic scalp photos, measured on the rendered pixels. */
#include "scar-photo.h"
#include "smp-test-gegl.h"

#include <math.h>
#include <string.h>

#define FORMAT "R'G'B'A u8"
#define FEATHER_MM 4.0

typedef struct {
  ScarPhoto *photo;
  double ppi;
  guint8 *pixels; /* the photo as R'G'B'A u8 */
  GeglBuffer *buffer;
  GeglNode *graph, *op;
  GeglRectangle rect;
} Scene;

static void
scene_init(Scene *s, const ScarPhotoSpec *spec)
{
  s->photo = scar_photo_build(spec);
  s->ppi = spec->ppi;
  int w = s->photo->width, h = s->photo->height;
  s->rect = (GeglRectangle){0, 0, w, h};
  s->pixels = g_new(guint8, (gsize)w * h * 4);
  for (gsize i = 0; i < (gsize)w * h * 4; i++)
    s->pixels[i] = (guint8)lrintf(CLAMP(s->photo->rgba[i], 0.0f, 1.0f) * 255.0f);
  s->buffer = gegl_buffer_new(&s->rect, babl_format(FORMAT));
  gegl_buffer_set(s->buffer, &s->rect, 0, babl_format(FORMAT), s->pixels, GEGL_AUTO_ROWSTRIDE);
  s->graph = gegl_node_new();
  GeglNode *src =
      gegl_node_new_child(s->graph, "operation", "gegl:buffer-source", "buffer", s->buffer, NULL);
  s->op = gegl_node_new_child(s->graph, "operation", "smp:scar-camouflage", "ppi", spec->ppi,
                              "feather", FEATHER_MM, "seed", 7, NULL);
  gegl_node_link(src, s->op);
}

static void
scene_clear(Scene *s)
{
  g_object_unref(s->graph);
  g_object_unref(s->buffer);
  g_free(s->pixels);
  scar_photo_free(s->photo);
}

static guint8 *
scene_render(Scene *s)
{
  return smp_test_render(s->op, &s->rect, 0, FORMAT);
}

/* Sets an enum property by its nick, as GIMP and presets do. */
static void
set_enum(GeglNode *node, const char *property, const char *nick)
{
  GParamSpec *pspec = gegl_node_find_property(node, property);
  g_assert_nonnull(pspec);
  GEnumClass *klass = g_type_class_ref(pspec->value_type);
  GEnumValue *value = g_enum_get_value_by_nick(klass, nick);
  g_assert_nonnull(value);
  gegl_node_set(node, property, value->value, NULL);
  g_type_class_unref(klass);
}

static ScarPhotoSpec
strip_spec(int width, int height, double density, double strip_mm)
{
  ScarPhotoSpec spec = scar_photo_spec(width, height, SCAR_PHOTO_STRIP, density);
  spec.strip_mm = strip_mm;
  return spec;
}

typedef struct {
  double inside;      /* FU/cm² in the ground-truth scar */
  double surrounding; /* FU/cm² farther than feather + 2 mm from it */
  gsize changed;
  gsize changed_far;         /* pixels changed farther than the feather band from the scar */
  gsize on_top;              /* changed pixels that were already dot in the input */
  double new_area, old_area; /* mean blob areas (px) inside the scar and far from it */
  double new_dark, old_dark; /* median darkest luma of the same blobs */
} Measure;

static int
compare_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static double
median(GArray *values)
{
  if (values->len == 0)
    return 0.0;
  qsort(values->data, values->len, sizeof(double), compare_double);
  return g_array_index(values, double, values->len / 2);
}

static float
luma_of(const float rgb[3])
{
  return 0.2126f * rgb[0] + 0.7152f * rgb[1] + 0.0722f * rgb[2];
}

/* Counts the new dots in the scar and the dots far from it on the rendered photo, and compares
 * the pixels beyond the feather band and under the existing dots with the input. A dot is darker
 * than `depth` of the way from its background (skin, or scar tissue) to the existing dots'
 * pigment. */
static Measure
measure_at(const Scene *s, const guint8 *out, float depth)
{
  const ScarPhoto *p = s->photo;
  const int w = p->width, h = p->height;
  const double ppm = s->ppi / 25.4, far = (FEATHER_MM + 2.0) * ppm;
  Measure m = {0};
  float *dist = scar_photo_distance(p->scar, w, h, (float)((FEATHER_MM + 3.0) * ppm));
  float *luma_in = scar_photo_luma_u8(s->pixels, w, h), *luma = scar_photo_luma_u8(out, w, h);
  const float ink = luma_of(p->pigment);
  const float on_skin = luma_of(p->skin) + depth * (ink - luma_of(p->skin));

  gsize scar_px = 0, far_px = 0;
  for (gsize i = 0; i < (gsize)w * h; i++) {
    scar_px += p->scar[i];
    far_px += dist[i] > far;
    gboolean changed = memcmp(out + 4 * i, s->pixels + 4 * i, 4) != 0;
    m.changed += changed;
    m.changed_far += changed && dist[i] > FEATHER_MM * ppm;
    m.on_top += changed && luma_in[i] < on_skin;
  }
  /* [0]: the new dots: where the render darkened the photo by more than `depth` of the way from
   * the background to the pigment (the photo has no dots centred in the scar, so these are all
   * the dots there); [1]: far from the scar, the dots darker than that against the skin */
  float *drawn = g_new(float, (gsize)w *h);
  for (gsize i = 0; i < (gsize)w * h; i++) {
    float background = p->scar[i] ? luma_of(p->tissue) : luma_of(p->skin);
    drawn[i] = luma_in[i] - luma[i] > depth * (background - ink) ? luma[i] : 1.0f;
  }
  GArray *blobs[2] = {scar_photo_find_dots(drawn, w, h, 0.999f),
                      scar_photo_find_dots(luma, w, h, on_skin)};
  g_free(drawn);
  GArray *darks[2];
  double area[2] = {0.0, 0.0};
  for (int k = 0; k < 2; k++) {
    darks[k] = g_array_new(FALSE, FALSE, sizeof(double));
    for (guint j = 0; j < blobs[k]->len; j++) {
      const ScarPhotoBlob *b = &g_array_index(blobs[k], ScarPhotoBlob, j);
      gsize i = (gsize)b->y * w + (gsize)b->x;
      if (k == 0 ? !p->scar[i] : dist[i] <= far)
        continue;
      double dark = b->darkest;
      g_array_append_val(darks[k], dark);
      area[k] += b->area;
    }
    area[k] /= MAX(darks[k]->len, 1);
  }
  m.inside = darks[0]->len / (scar_px / (ppm * ppm) / 100.0);
  m.surrounding = darks[1]->len / (far_px / (ppm * ppm) / 100.0);
  m.new_area = area[0];
  m.old_area = area[1];
  m.new_dark = median(darks[0]);
  m.old_dark = median(darks[1]);
  for (int k = 0; k < 2; k++) {
    g_array_free(darks[k], TRUE);
    g_array_free(blobs[k], TRUE);
  }
  g_free(dist);
  g_free(luma);
  g_free(luma_in);
  return m;
}

static Measure
measure(const Scene *s, const guint8 *out)
{
  return measure_at(s, out, 0.5f);
}

typedef struct {
  double density;
  ScarPhotoShape shape;
  double strip_mm;
  gboolean dark_skin;
} Case;

/* The density inside the scar matches the surroundings within 10 %, the new dots have the size
 * and darkness of the existing ones, pixels beyond the feather band are untouched, and no new dot
 * lands on an existing one. */
static void
test_match(gconstpointer data)
{
  const Case *c = data;
  ScarPhotoSpec spec;
  /* A scar holds about (density x area) new dots, give or take the count noise of the pattern; the
   * FUE photo has ~1600 punch scars so that this noise stays near 4 % even at 40 FU/cm². */
  if (c->shape == SCAR_PHOTO_FUE)
    scar_photo_spec_init(&spec, 1417, 1417); /* 120 mm */
  else
    scar_photo_spec_init(&spec, 1181, 472); /* 100 x 40 mm */
  spec.fue_pitch_mm = 2.5;
  spec.density = c->density;
  spec.shape = c->shape;
  spec.strip_mm = c->strip_mm;
  spec.dark_skin = c->dark_skin;
  Scene s;
  scene_init(&s, &spec);
  guint8 *out = scene_render(&s);
  Measure m = measure(&s, out);
  double error = (m.inside - m.surrounding) / m.surrounding;
  g_test_message("%s%s %.0f mm, %.0f FU/cm²: inside %.1f, surrounding %.1f FU/cm² (%+.1f %%); "
                 "dot area %.1f / %.1f px, darkest %.3f / %.3f (new / existing); "
                 "%" G_GSIZE_FORMAT " pixels changed, %" G_GSIZE_FORMAT
                 " beyond the band, %" G_GSIZE_FORMAT " on existing dots",
                 c->dark_skin ? "dark skin, " : "", c->shape == SCAR_PHOTO_FUE ? "FUE" : "strip",
                 c->shape == SCAR_PHOTO_FUE ? spec.fue_mm : c->strip_mm, c->density, m.inside,
                 m.surrounding, 100.0 * error, m.new_area, m.old_area, m.new_dark, m.old_dark,
                 m.changed, m.changed_far, m.on_top);
  g_assert_cmpfloat(fabs(m.surrounding - c->density) / c->density, <, 0.05);
  g_assert_cmpfloat(fabs(error), <, 0.10);
  g_assert_cmpfloat(fabs(m.new_area - m.old_area) / m.old_area, <, 0.25);
  g_assert_cmpfloat(fabs(m.new_dark - m.old_dark), <, 0.08);
  g_assert_cmpuint(m.changed, >, 0);
  g_assert_cmpuint(m.changed_far, ==, 0);
  g_assert_cmpuint(m.on_top, ==, 0);
  g_free(out);
  scene_clear(&s);
}

/* No dots around the scar: a warning that names the problem, and the explicit density. */
static void
test_no_dots(void)
{
  ScarPhotoSpec spec = strip_spec(1181, 472, 0.0, 10.0);
  Scene s;
  scene_init(&s, &spec);
  gegl_node_set(s.op, "density", 50.0, NULL);
  g_test_expect_message(
      NULL, G_LOG_LEVEL_WARNING,
      "*no existing dots detected around the scar*the given density 50 impressions/cm²*");
  guint8 *out = scene_render(&s);
  g_test_assert_expected_messages();
  /* the engine's default hair mix includes faint single-hair dots: count them too */
  Measure m = measure_at(&s, out, 0.15f);
  g_test_message("no dots around: inside %.1f FU/cm² for 50 requested", m.inside);
  g_assert_cmpfloat(fabs(m.inside - 50.0) / 50.0, <, 0.10);
  g_assert_cmpuint(m.changed_far, ==, 0);
  g_free(out);

  /* matching with nothing to match falls back to the default density, again with the warning */
  gegl_node_set(s.op, "density", 0.0, "seed", 8, NULL);
  g_test_expect_message(NULL, G_LOG_LEVEL_WARNING, "*no existing dots detected*the default*");
  out = scene_render(&s);
  g_test_assert_expected_messages();
  g_assert_cmpuint(measure(&s, out).changed, >, 0);
  g_free(out);
  scene_clear(&s);
}

/* An empty area changes nothing; neither does an area without a scar. */
static void
test_nothing_to_do(void)
{
  GeglRectangle empty = {0, 0, 0, 0};
  GeglBuffer *buffer = gegl_buffer_new(&empty, babl_format(FORMAT));
  GeglNode *graph = gegl_node_new();
  GeglNode *src =
      gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
  GeglNode *op = gegl_node_new_child(graph, "operation", "smp:scar-camouflage", NULL);
  gegl_node_link(src, op);
  GeglRectangle box = gegl_node_get_bounding_box(op);
  g_assert_true(gegl_rectangle_is_empty(&box));
  g_object_unref(graph);
  g_object_unref(buffer);

  ScarPhotoSpec spec = scar_photo_spec(472, 354, SCAR_PHOTO_NONE, 60.0);
  Scene s;
  scene_init(&s, &spec);
  guint8 *out = scene_render(&s);
  g_assert_cmpmem(out, (gsize)s.rect.width * s.rect.height * 4, s.pixels,
                  (gsize)s.rect.width * s.rect.height * 4);
  g_free(out);
  scene_clear(&s);
}

/* An area too large to analyse: a warning that says so, and the input unchanged. */
static void
test_too_large(void)
{
  GeglNode *graph = gegl_node_new();
  GeglColor *grey = gegl_color_new("#c0a080");
  GeglNode *fill = gegl_node_new_child(graph, "operation", "gegl:color", "value", grey, NULL);
  GeglNode *crop = gegl_node_new_child(graph, "operation", "gegl:crop", "width", 10000.0, "height",
                                       8000.0, NULL);
  GeglNode *op = gegl_node_new_child(graph, "operation", "smp:scar-camouflage", NULL);
  gegl_node_link_many(fill, crop, op, NULL);
  GeglRectangle roi = {5000, 4000, 64, 64};
  g_test_expect_message(NULL, G_LOG_LEVEL_WARNING, "*10000 x 8000 pixels*select the scar*");
  guint8 *out = smp_test_render(op, &roi, 0, FORMAT);
  g_test_assert_expected_messages();
  guint8 *in = smp_test_render(crop, &roi, 0, FORMAT);
  g_assert_cmpmem(out, 64 * 64 * 4, in, 64 * 64 * 4);
  g_free(in);
  g_free(out);
  g_object_unref(grey);
  g_object_unref(graph);
}

/* "dots": only the new dots, on transparent, inside the band; the same dots as "over-input". */
static void
test_dots_output(void)
{
  ScarPhotoSpec spec = strip_spec(708, 472, 60.0, 8.0);
  Scene s;
  scene_init(&s, &spec);
  guint8 *over = scene_render(&s);
  set_enum(s.op, "output-mode", "dots");
  guint8 *dots = scene_render(&s);
  const int w = s.rect.width, h = s.rect.height;
  const double ppm = spec.ppi / 25.4;
  float *dist = scar_photo_distance(s.photo->scar, w, h, (float)(FEATHER_MM * ppm + 2.0));
  gsize inked = 0;
  for (gsize i = 0; i < (gsize)w * h; i++) {
    gboolean changed = memcmp(over + 4 * i, s.pixels + 4 * i, 4) != 0;
    if (dots[4 * i + 3] > 0) {
      inked++;
      g_assert_cmpfloat(dist[i], <=, FEATHER_MM * ppm);
    }
    /* every visible change of the photo comes from a drawn dot */
    if (changed)
      g_assert_cmpuint(dots[4 * i + 3], >, 0);
  }
  g_assert_cmpuint(inked, >, 100);
  g_free(dist);
  g_free(over);
  g_free(dots);
  scene_clear(&s);
}

/* The same bytes whatever the tiling and the thread count; another seed moves the dots. */
static void
test_tiles_threads_seed(void)
{
  ScarPhotoSpec spec = strip_spec(354, 236, 60.0, 8.0);
  Scene s;
  scene_init(&s, &spec);
  const gsize size = (gsize)s.rect.width * s.rect.height * 4;
  smp_test_set_threads(1);
  guint8 *whole = scene_render(&s);
  smp_test_set_threads(4);
  guint8 *threaded = scene_render(&s);
  guint8 *tiled = smp_test_render_tiled(s.op, &s.rect, 0, FORMAT, 128, 100);
  g_assert_cmpmem(whole, size, threaded, size);
  g_assert_cmpmem(whole, size, tiled, size);
  gegl_node_set(s.op, "seed", 8, NULL);
  guint8 *other = scene_render(&s);
  g_assert_true(memcmp(whole, other, size) != 0);
  smp_test_set_threads(1);
  g_free(whole);
  g_free(threaded);
  g_free(tiled);
  g_free(other);
  scene_clear(&s);
}

/* A positive shade offset lightens the new dots, a negative one darkens them. */
static void
test_shade_offset(void)
{
  ScarPhotoSpec spec = strip_spec(708, 472, 60.0, 10.0);
  Scene s;
  scene_init(&s, &spec);
  double mean[3];
  const double offsets[3] = {-0.4, 0.0, 0.4};
  for (int k = 0; k < 3; k++) {
    gegl_node_set(s.op, "shade-offset", offsets[k], NULL);
    guint8 *out = scene_render(&s);
    float *luma = scar_photo_luma_u8(out, s.rect.width, s.rect.height);
    float *luma_in = scar_photo_luma_u8(s.pixels, s.rect.width, s.rect.height);
    double sum = 0.0;
    gsize n = 0;
    for (gsize i = 0; i < (gsize)s.rect.width * s.rect.height; i++)
      if (s.photo->scar[i] && luma_in[i] - luma[i] > 0.2f) {
        sum += luma[i];
        n++;
      }
    mean[k] = sum / MAX(n, 1);
    g_free(luma);
    g_free(luma_in);
    g_free(out);
  }
  g_test_message("mean luma of new dot pixels: %.3f (-0.4), %.3f (0), %.3f (+0.4)", mean[0],
                 mean[1], mean[2]);
  g_assert_cmpfloat(mean[0], <, mean[1] - 0.01);
  g_assert_cmpfloat(mean[2], >, mean[1] + 0.01);
  scene_clear(&s);
}

/* Whole area as scar: new dots go only into the gaps of the existing pattern, so the bare strip
 * fills up to the density around it and the dotted skin stays near its own density. */
static void
test_whole_area(void)
{
  ScarPhotoSpec spec = strip_spec(1181, 472, 60.0, 10.0);
  Scene s;
  scene_init(&s, &spec);
  set_enum(s.op, "scar-detect", "whole-area");
  guint8 *out = scene_render(&s);
  Measure m = measure(&s, out);
  g_test_message("whole area: strip %.1f, dotted skin %.1f FU/cm² (was %.0f)", m.inside,
                 m.surrounding, spec.density);
  g_assert_cmpfloat(fabs(m.inside - spec.density) / spec.density, <, 0.10);
  g_assert_cmpfloat(m.surrounding / spec.density, <, 1.10);
  g_assert_cmpuint(m.on_top, ==, 0);
  g_free(out);
  scene_clear(&s);
}

/* Largest channel difference of two R'G'B'A u8 pixels. */
static int
pixel_difference(const guint8 *a, const guint8 *b)
{
  int d = 0;
  for (int c = 0; c < 4; c++)
    d = MAX(d, abs(a[c] - b[c]));
  return d;
}

/* A zoomed-out mipmap level still finds the scar and fills it, and only near it. The reference is
 * the source rendered at the same level, which GEGL may round differently by one level: a change
 * counts when it exceeds that. */
static void
test_level(void)
{
  ScarPhotoSpec spec = strip_spec(708, 472, 60.0, 10.0);
  Scene s;
  scene_init(&s, &spec);
  GeglRectangle half = {0, 0, s.rect.width / 2, s.rect.height / 2};
  guint8 *out = smp_test_render(s.op, &half, 1, FORMAT);
  guint8 *in = smp_test_render(gegl_node_get_producer(s.op, "input", NULL), &half, 1, FORMAT);
  const double ppm = spec.ppi / 25.4;
  float *dist = scar_photo_distance(s.photo->scar, s.rect.width, s.rect.height,
                                    (float)((FEATHER_MM + 1.0) * ppm));
  gsize changed = 0, changed_far = 0;
  for (int y = 0; y < half.height; y++)
    for (int x = 0; x < half.width; x++) {
      gsize i = (gsize)y * half.width + x;
      if (pixel_difference(out + 4 * i, in + 4 * i) <= 2)
        continue;
      changed++;
      changed_far += dist[(gsize)(2 * y) * s.rect.width + 2 * x] > (FEATHER_MM + 1.0) * ppm - 1.0;
    }
  g_test_message("level 1: %" G_GSIZE_FORMAT " pixels changed, %" G_GSIZE_FORMAT " far", changed,
                 changed_far);
  g_assert_cmpuint(changed, >, 100);
  g_assert_cmpuint(changed_far, ==, 0);
  g_free(dist);
  g_free(in);
  g_free(out);
  scene_clear(&s);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  static const Case cases[] = {
      {40, SCAR_PHOTO_STRIP, 6},       {40, SCAR_PHOTO_STRIP, 12},    {60, SCAR_PHOTO_STRIP, 6},
      {60, SCAR_PHOTO_STRIP, 12},      {90, SCAR_PHOTO_STRIP, 6},     {90, SCAR_PHOTO_STRIP, 12},
      {40, SCAR_PHOTO_FUE, 0},         {60, SCAR_PHOTO_FUE, 0},       {90, SCAR_PHOTO_FUE, 0},
      {60, SCAR_PHOTO_STRIP, 9, TRUE}, {60, SCAR_PHOTO_FUE, 0, TRUE},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    const char *skin = cases[i].dark_skin ? "dark-skin/" : "";
    char *path =
        cases[i].shape == SCAR_PHOTO_FUE
            ? g_strdup_printf("/scar-camouflage/match/%sfue/%.0f-fu", skin, cases[i].density)
            : g_strdup_printf("/scar-camouflage/match/%sstrip-%.0f-mm/%.0f-fu", skin,
                              cases[i].strip_mm, cases[i].density);
    g_test_add_data_func(path, &cases[i], test_match);
    g_free(path);
  }
  g_test_add_func("/scar-camouflage/no-dots-warns", test_no_dots);
  g_test_add_func("/scar-camouflage/nothing-to-do", test_nothing_to_do);
  g_test_add_func("/scar-camouflage/too-large", test_too_large);
  g_test_add_func("/scar-camouflage/dots-output", test_dots_output);
  g_test_add_func("/scar-camouflage/tiles-threads-seed", test_tiles_threads_seed);
  g_test_add_func("/scar-camouflage/shade-offset", test_shade_offset);
  g_test_add_func("/scar-camouflage/whole-area", test_whole_area);
  g_test_add_func("/scar-camouflage/level", test_level);
  return smp_test_gegl_exit(g_test_run());
}
