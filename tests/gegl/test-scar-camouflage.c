/* smp:scar-camouflage on synthetic scalp photos, measured on the rendered pixels. */
#include "../unit/scar-photo.h"
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

typedef struct {
  double inside;      /* FU/cm² in the ground-truth scar */
  double surrounding; /* FU/cm² farther than feather + 2 mm from it */
  gsize changed_far;  /* pixels changed farther than the feather band from the scar */
  gsize on_top;       /* changed pixels that were already dot in the input */
  gsize changed;
} Measure;

/* Counts dark blobs in the rendered photo inside the scar and far from it, and compares the pixels
 * beyond the feather band and under the existing dots with the input. */
static Measure
measure(const Scene *s, const guint8 *out)
{
  const ScarPhoto *p = s->photo;
  const int w = p->width, h = p->height;
  const double ppm = s->ppi / 25.4;
  Measure m = {0};
  float *dist = scar_photo_distance(p->scar, w, h, (float)((FEATHER_MM + 3.0) * ppm));
  float *luma_in = scar_photo_luma_u8(s->pixels, w, h), *luma = scar_photo_luma_u8(out, w, h);
  const float skin = 0.2126f * p->skin[0] + 0.7152f * p->skin[1] + 0.0722f * p->skin[2];
  const float ink = 0.2126f * p->pigment[0] + 0.7152f * p->pigment[1] + 0.0722f * p->pigment[2];
  const float threshold = 0.5f * (skin + ink);

  gsize scar_px = 0, far_px = 0;
  for (gsize i = 0; i < (gsize)w * h; i++) {
    scar_px += p->scar[i];
    far_px += dist[i] > (FEATHER_MM + 2.0) * ppm;
    gboolean changed = memcmp(out + 4 * i, s->pixels + 4 * i, 4) != 0;
    m.changed += changed;
    m.changed_far += changed && dist[i] > FEATHER_MM * ppm;
    m.on_top += changed && luma_in[i] < threshold;
  }
  GArray *dots = scar_photo_find_dots(luma, w, h, threshold);
  gsize n_in = 0, n_far = 0;
  for (guint k = 0; k < dots->len / 2; k++) {
    int x = (int)g_array_index(dots, double, 2 * k),
        y = (int)g_array_index(dots, double, 2 * k + 1);
    n_in += p->scar[(gsize)y * w + x];
    n_far += dist[(gsize)y * w + x] > (FEATHER_MM + 2.0) * ppm;
  }
  m.inside = n_in / (scar_px / (ppm * ppm) / 100.0);
  m.surrounding = n_far / (far_px / (ppm * ppm) / 100.0);
  g_array_free(dots, TRUE);
  g_free(dist);
  g_free(luma);
  g_free(luma_in);
  return m;
}

typedef struct {
  double density;
  ScarPhotoShape shape;
  double strip_mm;
} Case;

/* The density inside the scar matches the surroundings within 10 %, pixels beyond the feather
 * band are untouched, and no new dot lands on an existing one. */
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
  Scene s;
  scene_init(&s, &spec);
  guint8 *out = scene_render(&s);
  Measure m = measure(&s, out);
  double error = (m.inside - m.surrounding) / m.surrounding;
  g_test_message("%s %.0f mm, %.0f FU/cm²: inside %.1f, surrounding %.1f FU/cm² (%+.1f %%); "
                 "%" G_GSIZE_FORMAT " pixels changed, %" G_GSIZE_FORMAT
                 " beyond the band, %" G_GSIZE_FORMAT " on existing dots",
                 c->shape == SCAR_PHOTO_FUE ? "FUE" : "strip",
                 c->shape == SCAR_PHOTO_FUE ? spec.fue_mm : c->strip_mm, c->density, m.inside,
                 m.surrounding, 100.0 * error, m.changed, m.changed_far, m.on_top);
  g_assert_cmpfloat(fabs(m.surrounding - c->density) / c->density, <, 0.05);
  g_assert_cmpfloat(fabs(error), <, 0.10);
  g_assert_cmpuint(m.changed, >, 0);
  g_assert_cmpuint(m.changed_far, ==, 0);
  g_assert_cmpuint(m.on_top, ==, 0);
  g_free(out);
  scene_clear(&s);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  static const Case cases[] = {
      {40, SCAR_PHOTO_STRIP, 6},  {40, SCAR_PHOTO_STRIP, 12}, {60, SCAR_PHOTO_STRIP, 6},
      {60, SCAR_PHOTO_STRIP, 12}, {90, SCAR_PHOTO_STRIP, 6},  {90, SCAR_PHOTO_STRIP, 12},
      {40, SCAR_PHOTO_FUE, 0},    {60, SCAR_PHOTO_FUE, 0},    {90, SCAR_PHOTO_FUE, 0},
  };
  for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
    char *path = cases[i].shape == SCAR_PHOTO_FUE
                     ? g_strdup_printf("/scar-camouflage/match/fue/%.0f-fu", cases[i].density)
                     : g_strdup_printf("/scar-camouflage/match/strip-%.0f-mm/%.0f-fu",
                                       cases[i].strip_mm, cases[i].density);
    g_test_add_data_func(path, &cases[i], test_match);
    g_free(path);
  }
  return smp_test_gegl_exit(g_test_run());
}
