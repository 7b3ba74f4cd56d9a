/* smp:follicle-dots is a pure function of position: identical bytes for any tiling, thread count
 * or single pixel, the same dots at every mipmap level; and over an input it changes only the
 * pixels its dots cover. */
#include "smp-test-gegl.h"

#include <math.h>
#include <string.h>

#define OP "smp:follicle-dots"

/* A graph exercising every path: a density map (a radial gradient) as input, composited over it. */
static GeglNode *
rich_node(GeglNode **graph, const char *output, const char *source)
{
  *graph = gegl_node_new();
  GeglNode *map = gegl_node_new_child(*graph, "operation", "gegl:radial-gradient", "start-x", 200.0,
                                      "start-y", 150.0, "end-x", 500.0, "end-y", 150.0, NULL);
  GeglNode *crop = gegl_node_new_child(*graph, "operation", "gegl:crop", "x", -50.0, "y", -40.0,
                                       "width", 700.0, "height", 500.0, NULL);
  GeglNode *dots = gegl_node_new_child(
      *graph, "operation", "smp:follicle-dots", "ppi", 600.0, "density", 90.0, "seed", 5,
      "density-source", smp_test_nick(OP, "density-source", source), "output-mode",
      smp_test_nick(OP, "output-mode", output), "satellites", 0.7, "anisotropy", 0.6, "whorl-x",
      300.0, "whorl-y", 200.0, "whorl-radius", 8.0, NULL);
  gegl_node_link_many(map, crop, dots, NULL);
  return dots;
}

static void
test_tile_independence(void)
{
  const char *outputs[] = {"dots", "over-input", "stencil"};
  const char *sources[] = {"uniform", "input-luminance", "input-alpha"};
  const char *appearances[] = {"fresh", "healed"};
  GeglRectangle roi = {-37, -21, 600, 420};
  for (guint o = 0; o < G_N_ELEMENTS(outputs); o++)
    for (guint a = 0; a < G_N_ELEMENTS(appearances); a++) {
      GeglNode *graph, *node = rich_node(&graph, outputs[o], sources[(o + a) % 3]);
      gegl_node_set(node, "appearance", smp_test_nick(OP, "appearance", appearances[a]), NULL);
      gsize size = (gsize)roi.width * roi.height * 16;
      guint8 *whole = smp_test_render(node, &roi, 0, "RGBA float");
      guint8 *tiles = smp_test_render_tiled(node, &roi, 0, "RGBA float", 64, 64);
      guint8 *odd = smp_test_render_tiled(node, &roi, 0, "RGBA float", 37, 53);
      gsize differ_tiles = 0, differ_odd = 0;
      for (gsize i = 0; i < size; i += 16) {
        differ_tiles += memcmp(whole + i, tiles + i, 16) != 0;
        differ_odd += memcmp(whole + i, odd + i, 16) != 0;
      }
      g_test_message("%s, %s, density %s: pixels differing from the whole render: %zu in 64 x 64 "
                     "tiles, %zu in 37 x 53 tiles",
                     outputs[o], appearances[a], sources[(o + a) % 3], differ_tiles, differ_odd);
      g_assert_cmpuint(differ_tiles, ==, 0);
      g_assert_cmpuint(differ_odd, ==, 0);
      /* A single pixel equals its pixel in the whole render. */
      GeglRectangle one = {roi.x + 301, roi.y + 177, 1, 1};
      guint8 *pixel = smp_test_render(node, &one, 0, "RGBA float");
      g_assert_true(memcmp(pixel, whole + ((gsize)177 * roi.width + 301) * 16, 16) == 0);
      g_free(pixel);
      g_free(whole);
      g_free(tiles);
      g_free(odd);
      g_object_unref(graph);
    }
}

static void
test_thread_independence(void)
{
  GeglRectangle roi = {0, 0, 1200, 900};
  GeglNode *graph, *node = rich_node(&graph, "over-input", "input-luminance");
  gsize size = (gsize)roi.width * roi.height * 4;
  smp_test_set_threads(1);
  guint8 *one = smp_test_render(node, &roi, 0, "R'G'B'A u8");
  smp_test_set_threads(4);
  guint8 *four = smp_test_render(node, &roi, 0, "R'G'B'A u8");
  smp_test_set_threads(2);
  guint8 *again = smp_test_render(node, &roi, 0, "R'G'B'A u8");
  g_assert_true(memcmp(one, four, size) == 0);
  g_assert_true(memcmp(one, again, size) == 0);
  g_free(one);
  g_free(four);
  g_free(again);
  g_object_unref(graph);
}

/* Mipmap level 1 shows the same dots at half the scale. */
static void
test_level_independence(void)
{
  const double ppi = 1200.0;
  GeglNode *graph, *node = smp_test_dots_node(&graph, ppi, 70.0);
  smp_test_uniform_dots(node);
  GeglRectangle roi0 = {0, 0, 800, 800}, roi1 = {0, 0, 400, 400};
  GArray *b0 = smp_test_render_blobs(node, &roi0, 0), *b1 = smp_test_render_blobs(node, &roi1, 1);
  guint matched = 0, interior = 0;
  double worst = 0.0, d0 = 0.0, d1 = 0.0;
  for (guint i = 0; i < b1->len; i++) {
    const SmpTestBlob *s = &g_array_index(b1, SmpTestBlob, i);
    if (s->touches_edge)
      continue;
    interior++;
    d1 += smp_test_blob_diameter(s);
    double best = G_MAXDOUBLE;
    const SmpTestBlob *twin = NULL;
    for (guint j = 0; j < b0->len; j++) {
      const SmpTestBlob *f = &g_array_index(b0, SmpTestBlob, j);
      double e = hypot(f->x - 2.0 * s->x, f->y - 2.0 * s->y);
      if (e < best)
        best = e, twin = f;
    }
    if (best < 1.0) {
      matched++;
      d0 += smp_test_blob_diameter(twin);
    }
    worst = MAX(worst, best);
  }
  g_test_message("level 1: %u interior dots, %u at twice-scaled level-0 positions (worst %.2f px),"
                 " diameter ratio %.3f",
                 interior, matched, worst, (d1 / interior) / (d0 / matched));
  g_assert_cmpuint(interior, >, 50);
  g_assert_cmpuint(matched, ==, interior);
  g_assert_cmpfloat(fabs((d1 / interior) / (d0 / matched) - 0.5), <, 0.05);
  g_array_unref(b0);
  g_array_unref(b1);
  g_object_unref(graph);
}

/* Over the input, pixels without dots are the input's own bytes: all of them when there are no
 * dots (the input passes through), and those away from every dot otherwise. */
static void
test_over_input_untouched(void)
{
  const int w = 160, h = 120;
  GeglRectangle rect = {0, 0, w, h};
  guint8 *photo = g_new(guint8, (gsize)w * h * 4);
  for (gsize i = 0; i < (gsize)w * h * 4; i++)
    photo[i] = (guint8)(i * 2654435761u >> 24); /* every value, alpha included */
  GeglBuffer *buffer = gegl_buffer_new(&rect, babl_format("R'G'B'A u8"));
  gegl_buffer_set(buffer, &rect, 0, babl_format("R'G'B'A u8"), photo, GEGL_AUTO_ROWSTRIDE);
  for (int none = 0; none < 2; none++) {
    GeglNode *graph = gegl_node_new();
    GeglNode *source =
        gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", buffer, NULL);
    GeglNode *node = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0,
                                         "density", none ? 0.0 : 20.0, "seed", 4, "output-mode",
                                         smp_test_nick(OP, "output-mode", "over-input"), NULL);
    gegl_node_link(source, node);
    guint8 *out = smp_test_render(node, &rect, 0, "R'G'B'A u8");
    GeglNode *layer = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0,
                                          "density", none ? 0.0 : 20.0, "seed", 4, "output-mode",
                                          smp_test_nick(OP, "output-mode", "dots"), NULL);
    float *alpha = smp_test_render_alpha(layer, &rect, 0);
    gsize same = 0, bare = 0;
    for (gsize i = 0; i < (gsize)w * h; i++)
      if (alpha[i] == 0.0f && photo[4 * i + 3] > 0) {
        bare++;
        same += memcmp(out + 4 * i, photo + 4 * i, 4) == 0;
      }
    if (none)
      g_assert_true(memcmp(out, photo, (gsize)w * h * 4) == 0);
    g_test_message("%s: %zu of %zu visible pixels without dots unchanged",
                   none ? "no dots" : "dots", same, bare);
    g_assert_cmpuint(bare, >, (gsize)w * h / 2);
    g_assert_cmpuint(same, ==, bare);
    g_free(out);
    g_free(alpha);
    g_object_unref(graph);
  }
  g_object_unref(buffer);
  g_free(photo);
}

/* Over no input at all, the dots are the layer of dots alone. */
static void
test_over_nothing(void)
{
  GeglRectangle roi = {-10, -10, 240, 180};
  GeglNode *graph,
      *over = smp_test_op_new(&graph, "smp:follicle-dots", "ppi", 600.0, "seed", 9, "output-mode",
                              smp_test_nick(OP, "output-mode", "over-input"), NULL);
  g_autofree float *a = smp_test_render(over, &roi, 0, "RGBA float");
  gegl_node_set(over, "output-mode", smp_test_nick(OP, "output-mode", "dots"), NULL);
  g_autofree float *b = smp_test_render(over, &roi, 0, "RGBA float");
  gsize inked = 0;
  for (gsize i = 0; i < (gsize)roi.width * roi.height; i++)
    inked += b[4 * i + 3] > 0.5f;
  g_assert_cmpuint(inked, >, 100);
  for (gsize i = 0; i < (gsize)roi.width * roi.height; i++)
    if (memcmp(a + 4 * i, b + 4 * i, 16)) {
      g_test_message("%zu: %g %g %g %g vs %g %g %g %g", i, a[4 * i], a[4 * i + 1], a[4 * i + 2],
                     a[4 * i + 3], b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]);
      break;
    }
  g_assert_true(memcmp(a, b, (gsize)roi.width * roi.height * 4 * sizeof(float)) == 0);
  g_object_unref(graph);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  g_test_add_func("/follicle-dots/tile-independence", test_tile_independence);
  g_test_add_func("/follicle-dots/thread-independence", test_thread_independence);
  g_test_add_func("/follicle-dots/level-independence", test_level_independence);
  g_test_add_func("/follicle-dots/over-input-untouched", test_over_input_untouched);
  g_test_add_func("/follicle-dots/over-nothing", test_over_nothing);
  return smp_test_gegl_exit(g_test_run());
}
