/* smp:follicle-dots measured on rendered pixels, what each dot looks like: its diameter, the
 * healed appearance, dilution, and the outputs (dots, over the input, stencil). */
#include "smp-test-gegl.h"

#include <math.h>
#include <string.h>

#define OP "smp:follicle-dots"

static void
test_dot_diameter(void)
{
  const double ppis[] = {300.0, 600.0, 1200.0}, sizes[] = {0.18, 0.25, 0.35};
  for (guint p = 0; p < G_N_ELEMENTS(ppis); p++)
    for (guint s = 0; s < G_N_ELEMENTS(sizes); s++) {
      GeglNode *graph, *node = smp_test_dots_node(&graph, ppis[p], 60.0);
      gegl_node_set(node, "dot-size", sizes[s], NULL);
      smp_test_uniform_dots(node);
      GeglRectangle roi = smp_test_mm_rect(ppis[p], 0.0, 0.0, 15.0, 15.0);
      GArray *blobs = smp_test_render_blobs(node, &roi, 0);
      double sum = 0.0, worst = 0.0;
      int n = 0;
      for (guint i = 0; i < blobs->len; i++) {
        const SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
        if (b->touches_edge)
          continue;
        double d_mm = smp_test_blob_diameter(b) / (ppis[p] / MM_PER_INCH);
        sum += d_mm;
        worst = MAX(worst, fabs(d_mm - sizes[s]) / sizes[s]);
        n++;
      }
      g_test_message("%.0f ppi, dot-size %.2f mm: %d dots, mean %.4f mm, worst error %.1f %%",
                     ppis[p], sizes[s], n, sum / n, 100.0 * worst);
      g_assert_cmpint(n, >, 50);
      g_assert_cmpfloat(worst, <=, 0.10);
      g_array_unref(blobs);
      g_object_unref(graph);
    }

  /* With the default hair mix and jitter, dot-size is the mean diameter. */
  GeglNode *graph, *node = smp_test_dots_node(&graph, 600.0, 70.0);
  GeglRectangle roi = smp_test_mm_rect(600.0, 0.0, 0.0, 20.0, 20.0);
  GArray *blobs = smp_test_render_blobs(node, &roi, 0);
  double sum = 0.0, lo = G_MAXDOUBLE, hi = 0.0;
  int n = 0;
  for (guint i = 0; i < blobs->len; i++) {
    const SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
    if (b->touches_edge)
      continue;
    double d = smp_test_blob_diameter(b) / (600.0 / MM_PER_INCH);
    sum += d, lo = MIN(lo, d), hi = MAX(hi, d);
    n++;
  }
  g_test_message("default mix: mean diameter %.4f mm (%.3f-%.3f) over %d dots", sum / n, lo, hi, n);
  g_assert_cmpfloat(fabs(sum / n - 0.25) / 0.25, <=, 0.05);
  g_assert_cmpfloat(hi / lo, >, 1.4); /* hair counts and jitter vary the sizes */
  g_array_unref(blobs);
  g_object_unref(graph);
}

/* Healed dots: a Gaussian core with the ink of a disc 0.55 of the fresh diameter (sigma 0.384 of
 * that diameter with the healed softness), over a softer shadow peaking at 0.75 of it. The core's
 * pixels above 0.85 of its peak form a disc of radius 0.57 sigma: 0.24 of the fresh diameter.
 * And bluish, more so on light skin. */
static void
test_healed(void)
{
  const double ppi = 1200.0;
  GeglRectangle roi = smp_test_mm_rect(ppi, 0.0, 0.0, 10.0, 10.0);
  double diameter[2];
  for (int healed = 0; healed < 2; healed++) {
    GeglNode *graph, *node = smp_test_dots_node(&graph, ppi, 30.0);
    smp_test_uniform_dots(node);
    gegl_node_set(node, "appearance", smp_test_nick(OP, "appearance", healed ? "healed" : "fresh"),
                  NULL);
    float *alpha = smp_test_render_alpha(node, &roi, 0);
    GArray *blobs = smp_test_find_blobs(alpha, roi.width, roi.height, roi.x, roi.y, 0.01f);
    double sum = 0.0;
    int n = 0;
    for (guint i = 0; i < blobs->len; i++) {
      const SmpTestBlob *b = &g_array_index(blobs, SmpTestBlob, i);
      if (b->touches_edge)
        continue;
      /* Pixels of this blob above 0.85 of its peak: the core, not the shadow. */
      int cx = (int)b->x - roi.x, cy = (int)b->y - roi.y, core = 0, r = 40;
      for (int y = MAX(0, cy - r); y < MIN(roi.height, cy + r); y++)
        for (int x = MAX(0, cx - r); x < MIN(roi.width, cx + r); x++)
          core += alpha[y * roi.width + x] > 0.85f * b->peak;
      sum += 2.0 * sqrt(core / G_PI);
      n++;
    }
    diameter[healed] = sum / n;
    g_array_unref(blobs);
    g_free(alpha);
    g_object_unref(graph);
  }
  double ratio = diameter[1] / diameter[0];
  g_test_message("healed core / fresh diameter %.3f", ratio);
  g_assert_cmpfloat(ratio, >=, 0.20);
  g_assert_cmpfloat(ratio, <=, 0.28);

  /* Colour of the healed dots (output "dots", linear light) for each skin: (blue - red). */
  const char *skins[] = {"#f6ede4", "#604134"}; /* Monk Skin Tone 1 and 8 */
  double tint[2];
  for (int s = 0; s < 2; s++) {
    GeglNode *graph, *node = smp_test_dots_node(&graph, ppi, 60.0);
    GeglColor *skin = gegl_color_new(skins[s]), *black = gegl_color_new("#000000");
    gegl_node_set(node, "appearance", smp_test_nick(OP, "appearance", "healed"), "skin", skin,
                  "pigment", black, NULL);
    GeglRectangle r = {0, 0, 300, 300};
    g_autofree float *rgba = smp_test_render(node, &r, 0, "RGBA float");
    const float *dot = smp_test_most_opaque(rgba, 300 * 300);
    g_assert_cmpfloat(dot[3], >, 0.5);
    tint[s] = dot[2] - dot[0];
    g_test_message("skin %s: healed dot colour %.4f %.4f %.4f (blue - red %.4f)", skins[s], dot[0],
                   dot[1], dot[2], tint[s]);
    g_object_unref(skin);
    g_object_unref(black);
    g_object_unref(graph);
  }
  g_assert_cmpfloat(tint[0], >, 0.01);
  g_assert_cmpfloat(tint[0], >, tint[1] + 0.01);
}

/* CIE L* of a linear-RGB (sRGB primaries) pixel. */
static double
pixel_lightness(const float *rgb)
{
  double y = 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2];
  double f = y > 216.0 / 24389.0 ? cbrt(y) : (24389.0 / 27.0 * y + 16.0) / 116.0;
  return 116.0 * f - 16.0;
}

/* More water, lighter dots: drawn over skin, the dot cores' lightness grows with dilution, and at
 * 20 parts the dot colour lies half-way between pigment and skin in linear light. */
static void
test_dilution(void)
{
  const double waters[] = {0.0, 6.0, 20.0, 40.0};
  const int n_waters = G_N_ELEMENTS(waters);
  const GeglRectangle roi = {0, 0, 300, 300};
  const gsize n = (gsize)roi.width * roi.height;
  GeglColor *skin_color = gegl_color_new("#c8a27c"), *pigment_color = gegl_color_new("#141414");
  float skin[4], pigment[4];
  gegl_color_get_pixel(skin_color, babl_format("RGBA float"), skin);
  gegl_color_get_pixel(pigment_color, babl_format("RGBA float"), pigment);
  double core[G_N_ELEMENTS(waters)];

  for (int w = 0; w < n_waters; w++) {
    GeglNode *graph = gegl_node_new();
    GeglNode *input =
        gegl_node_new_child(graph, "operation", "gegl:color", "value", skin_color, NULL);
    GeglNode *crop =
        gegl_node_new_child(graph, "operation", "gegl:crop", "width", 300.0, "height", 300.0, NULL);
    GeglNode *over = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0,
                                         "density", 80.0, "seed", 42, "pigment", pigment_color,
                                         "skin", skin_color, "dilution", waters[w], "output-mode",
                                         smp_test_nick(OP, "output-mode", "over-input"), NULL);
    GeglNode *dots = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0,
                                         "density", 80.0, "seed", 42, "pigment", pigment_color,
                                         "skin", skin_color, "dilution", waters[w], "output-mode",
                                         smp_test_nick(OP, "output-mode", "dots"), NULL);
    smp_test_uniform_dots(over);
    smp_test_uniform_dots(dots);
    gegl_node_link_many(input, crop, over, NULL);
    float *composite = smp_test_render(over, &roi, 0, "RGBA float");
    float *layer = smp_test_render(dots, &roi, 0, "RGBA float");

    /* Mean lightness over the dot cores (the layer's alpha above 0.9 of its peak). */
    gsize peak = 0;
    for (gsize i = 0; i < n; i++)
      if (layer[4 * i + 3] > layer[4 * peak + 3])
        peak = i;
    double sum = 0.0;
    int cores = 0;
    for (gsize i = 0; i < n; i++)
      if (layer[4 * i + 3] > 0.9f * layer[4 * peak + 3])
        sum += pixel_lightness(composite + 4 * i), cores++;
    g_assert_cmpint(cores, >, 50);
    core[w] = sum / cores;
    g_test_message("dilution %2.0f: dot cores L* %.1f (skin L* %.1f)", waters[w], core[w],
                   pixel_lightness(skin));
    if (waters[w] == 20.0)
      for (int c = 0; c < 3; c++)
        g_assert_cmpfloat(fabs(layer[4 * peak + c] - 0.5 * (pigment[c] + skin[c])), <, 1e-4);
    g_free(composite);
    g_free(layer);
    g_object_unref(graph);
  }
  for (int w = 1; w < n_waters; w++)
    g_assert_cmpfloat(core[w], >, core[w - 1] + 2.0);
  g_assert_cmpfloat(core[n_waters - 1], <, pixel_lightness(skin));
  g_object_unref(skin_color);
  g_object_unref(pigment_color);
}

/* ---- outputs ------------------------------------------------------------------------------ */

static void
test_outputs(void)
{
  GeglRectangle roi = {0, 0, 300, 300};
  GeglNode *graph, *node = smp_test_dots_node(&graph, 600.0, 80.0);
  float *dots = smp_test_render(node, &roi, 0, "RGBA float");
  gegl_node_set(node, "output-mode", smp_test_nick(OP, "output-mode", "stencil"), NULL);
  float *stencil = smp_test_render(node, &roi, 0, "RGBA float");
  float pigment[4];
  gegl_color_get_pixel(smp_test_color("#1e1e1e"), babl_format("RGBA float"), pigment);
  gsize n = (gsize)roi.width * roi.height, inked = 0, black = 0;
  for (gsize i = 0; i < n; i++) {
    float a = dots[4 * i + 3];
    inked += a > 0.5f;
    /* Stencil: solid black dots on opaque white, at the same places and sizes. */
    g_assert_cmpfloat(stencil[4 * i + 3], ==, 1.0f);
    g_assert_cmpfloat(stencil[4 * i], ==, stencil[4 * i + 2]);
    g_assert_true((a > 0.0f) == (stencil[4 * i] < 1.0f));
    g_assert_cmpfloat(stencil[4 * i], <=, 1.0f - a + 1e-6f);
    black += stencil[4 * i] == 0.0f;
    /* Dots: the pigment colour everywhere, alpha the coverage. */
    g_assert_cmpfloat(fabs(dots[4 * i] - pigment[0]), <, 1e-6);
  }
  g_assert_cmpuint(inked, >, 100);
  g_assert_cmpuint(black, >, inked / 2);
  g_free(dots);
  g_free(stencil);
  g_object_unref(graph);

  /* Over-input equals the dots layer composited over the input with gegl:over. */
  graph = gegl_node_new();
  GeglNode *skin = gegl_node_new_child(graph, "operation", "gegl:color", "value",
                                       smp_test_color("#c8a27c"), NULL);
  GeglNode *crop =
      gegl_node_new_child(graph, "operation", "gegl:crop", "width", 300.0, "height", 300.0, NULL);
  GeglNode *over_input = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0,
                                             "density", 80.0, "seed", 42, "output-mode",
                                             smp_test_nick(OP, "output-mode", "over-input"), NULL);
  GeglNode *layer = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0,
                                        "density", 80.0, "seed", 42, "output-mode",
                                        smp_test_nick(OP, "output-mode", "dots"), NULL);
  GeglNode *over = gegl_node_new_child(graph, "operation", "gegl:over", NULL);
  gegl_node_link_many(skin, crop, over_input, NULL);
  gegl_node_link(crop, over);
  gegl_node_connect(layer, "output", over, "aux");
  g_autofree float *a = smp_test_render(over_input, &roi, 0, "RGBA float");
  g_autofree float *b = smp_test_render(over, &roi, 0, "RGBA float");
  double worst = 0.0;
  for (gsize i = 0; i < 4 * n; i++)
    worst = MAX(worst, fabs(a[i] - b[i]));
  g_test_message("over-input vs gegl:over: largest difference %.2g", worst);
  g_assert_cmpfloat(worst, <, 1e-5);
  g_object_unref(graph);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  g_test_add_func("/follicle-dots/dot-diameter", test_dot_diameter);
  g_test_add_func("/follicle-dots/healed", test_healed);
  g_test_add_func("/follicle-dots/dilution", test_dilution);
  g_test_add_func("/follicle-dots/outputs", test_outputs);
  return smp_test_gegl_exit(g_test_run());
}
