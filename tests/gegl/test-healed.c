/* The healed appearance of smp:follicle-dots measured as the eye sees it from a distance: the mean
 * colour of 5 mm windows of the treated scalp, with the built-in hair types and skin tones read
 * from the presets files, and its ageing over the years (docs/healed-appearance.md). */
#include "smp-color.h"
#include "smp-test-gegl.h"

#include <math.h>

#define PPI 600.0
#define MM_PER_INCH 25.4
#define WINDOW_MM 5.0
#define WINDOWS 5 /* per side */

static GKeyFile *hair_types, *skin_tones;

static GKeyFile *
load_presets(const char *name)
{
  const char *root = g_getenv("SMP_SOURCE_ROOT");
  g_assert_nonnull(root);
  char *path = g_build_filename(root, "presets", name, NULL);
  GKeyFile *file = g_key_file_new();
  GError *error = NULL;
  g_key_file_load_from_file(file, path, G_KEY_FILE_NONE, &error);
  g_assert_no_error(error);
  g_free(path);
  return file;
}

static double
preset_double(GKeyFile *file, const char *group, const char *key)
{
  GError *error = NULL;
  double v = g_key_file_get_double(file, group, key, &error);
  g_assert_no_error(error);
  return v;
}

static GeglColor *
preset_color(GKeyFile *file, const char *group, const char *key)
{
  char *text = g_key_file_get_string(file, group, key, NULL);
  g_assert_nonnull(text);
  GeglColor *color = gegl_color_new(text);
  g_free(text);
  return color;
}

static int
enum_value(const char *property, const char *value_nick)
{
  GParamSpec *pspec = gegl_operation_find_property("smp:follicle-dots", property);
  g_assert_nonnull(pspec);
  return g_enum_get_value_by_nick(G_PARAM_SPEC_ENUM(pspec)->enum_class, value_nick)->value;
}

typedef struct {
  double min_delta, mean_delta; /* L* darkening over the windows: smallest and mean */
} Darkening;

/* Renders a hair type over a skin tone, as the plug-in configures it, and measures the darkening of
 * the mean colour of each 5 mm window against the bare skin. */
static Darkening
measure(const char *hair, const char *tone, const char *appearance, double years)
{
  char *hair_group = g_strconcat("hair-type:", hair, NULL);
  char *tone_group = g_strconcat("skin-tone:", tone, NULL);
  double water = preset_double(hair_types, hair_group, "dilution") +
                 preset_double(skin_tones, tone_group, "dilution-offset");
  GeglColor *skin = preset_color(skin_tones, tone_group, "skin");
  GeglColor *pigment = preset_color(hair_types, hair_group, "pigment");
  const double side_px = WINDOWS * WINDOW_MM * PPI / MM_PER_INCH;
  const int side = (int)ceil(side_px);

  GeglNode *graph = gegl_node_new();
  GeglNode *backdrop = gegl_node_new_child(graph, "operation", "gegl:color", "value", skin, NULL);
  GeglNode *crop = gegl_node_new_child(graph, "operation", "gegl:crop", "width", (double)side,
                                       "height", (double)side, NULL);
  GeglNode *dots =
      gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", PPI, "density",
                          preset_double(hair_types, hair_group, "density"), "dot-size",
                          preset_double(hair_types, hair_group, "dot-size"), "size-jitter",
                          preset_double(hair_types, hair_group, "size-jitter"), "opacity-jitter",
                          preset_double(hair_types, hair_group, "opacity-jitter"), "hair-mix-1",
                          preset_double(hair_types, hair_group, "hair-mix-1"), "hair-mix-2",
                          preset_double(hair_types, hair_group, "hair-mix-2"), "hair-mix-3",
                          preset_double(hair_types, hair_group, "hair-mix-3"), "hair-mix-4",
                          preset_double(hair_types, hair_group, "hair-mix-4"), "pigment", pigment,
                          "skin", skin, "dilution", CLAMP(water, 0.0, 40.0), "seed", 7,
                          "appearance", enum_value("appearance", appearance), "years", years,
                          "output-mode", enum_value("output-mode", "over-input"), NULL);
  gegl_node_link_many(backdrop, crop, dots, NULL);
  GeglRectangle roi = {0, 0, side, side};
  float *rgba = smp_test_render(dots, &roi, 0, "RGBA float");

  double skin_rgb[3];
  gegl_color_get_pixel(skin, babl_format("RGB double"), skin_rgb);
  double skin_lightness = smp_color_lightness(skin_rgb);
  Darkening d = {G_MAXDOUBLE, 0.0};
  for (int wy = 0; wy < WINDOWS; wy++)
    for (int wx = 0; wx < WINDOWS; wx++) {
      int x0 = (int)(wx * side_px / WINDOWS), x1 = (int)((wx + 1) * side_px / WINDOWS);
      int y0 = (int)(wy * side_px / WINDOWS), y1 = (int)((wy + 1) * side_px / WINDOWS);
      double sum[3] = {0.0, 0.0, 0.0};
      for (int y = y0; y < y1; y++)
        for (int x = x0; x < x1; x++)
          for (int c = 0; c < 3; c++)
            sum[c] += rgba[4 * ((gsize)y * side + x) + c];
      double n = (double)(x1 - x0) * (y1 - y0);
      for (int c = 0; c < 3; c++)
        sum[c] /= n;
      double delta = skin_lightness - smp_color_lightness(sum);
      d.min_delta = MIN(d.min_delta, delta);
      d.mean_delta += delta / (WINDOWS * WINDOWS);
    }
  g_free(rgba);
  g_object_unref(graph);
  g_object_unref(skin);
  g_object_unref(pigment);
  g_free(hair_group);
  g_free(tone_group);
  return d;
}

/* Dark hair types darken Monk 3-5 scalps by at least 5 L* in every 5 mm window once healed; the
 * light types (blond, grey, white) by visibly less. Every built-in type is measured and listed. */
static void
test_darkening(void)
{
  const char *dark[] = {"dark-brown", "dark-brown-coarse", "black-coarse", "black-afro",
                        "black-fine"};
  const char *light[] = {"blond", "blond-fine", "grey", "white"};
  const char *tones[] = {"monk-3", "monk-4", "monk-5"};
  gsize n_hair;
  char **groups = g_key_file_get_groups(hair_types, &n_hair);
  for (gsize h = 0; h < n_hair; h++) {
    const char *hair = groups[h] + strlen("hair-type:");
    GString *line = g_string_new(NULL);
    g_string_append_printf(line, "%-18s", hair);
    for (gsize t = 0; t < G_N_ELEMENTS(tones); t++) {
      Darkening fresh = measure(hair, tones[t], "fresh", 0.0);
      Darkening healed = measure(hair, tones[t], "healed", 0.0);
      g_string_append_printf(line, "  %s: healed %.1f (min %.1f), fresh %.1f", tones[t] + 5,
                             healed.mean_delta, healed.min_delta, fresh.mean_delta);
    }
    g_test_message("dL* %s", line->str);
    g_string_free(line, TRUE);
  }
  g_strfreev(groups);

  for (gsize t = 0; t < G_N_ELEMENTS(tones); t++) {
    double weakest_dark = G_MAXDOUBLE;
    for (gsize h = 0; h < G_N_ELEMENTS(dark); h++) {
      Darkening d = measure(dark[h], tones[t], "healed", 0.0);
      g_assert_cmpfloat(d.min_delta, >=, 5.0);
      weakest_dark = MIN(weakest_dark, d.mean_delta);
    }
    for (gsize h = 0; h < G_N_ELEMENTS(light); h++) {
      Darkening d = measure(light[h], tones[t], "healed", 0.0);
      g_assert_cmpfloat(d.mean_delta, >, 0.5);
      g_assert_cmpfloat(d.mean_delta, <=, 0.6 * weakest_dark);
    }
  }
}

/* (blue - red) of the dots' own colour (output "dots"), healed after `years`, on Monk 4. */
static double
dot_blueness(double years)
{
  GeglColor *skin = gegl_color_new("#eadaba"), *pigment = gegl_color_new("#14110f");
  GeglNode *graph;
  GeglNode *node = smp_test_op_new(&graph, "smp:follicle-dots", "ppi", PPI, "seed", 7, "skin", skin,
                                   "pigment", pigment, "dilution", 11.0, "appearance",
                                   enum_value("appearance", "healed"), "years", years, NULL);
  GeglRectangle roi = {0, 0, 200, 200};
  g_autofree float *rgba = smp_test_render(node, &roi, 0, "RGBA float");
  const float *dot = smp_test_most_opaque(rgba, 200 * 200);
  g_assert_cmpfloat(dot[3], >, 0.2);
  double blueness = dot[2] - dot[0];
  g_object_unref(graph);
  g_object_unref(skin);
  g_object_unref(pigment);
  return blueness;
}

/* Over the years the treated area gets lighter, its dots bluer and their ink wider: measured on
 * the rendered scalp, the dots' colour and one isolated dot. */
static void
test_ageing(void)
{
  const double years[] = {0.0, 2.0, 5.0, 10.0};
  double last_delta = G_MAXDOUBLE, last_blue = -G_MAXDOUBLE;
  for (gsize i = 0; i < G_N_ELEMENTS(years); i++) {
    Darkening d = measure("dark-brown", "monk-4", "healed", years[i]);
    double blue = dot_blueness(years[i]);
    g_test_message("dark-brown on monk-4 after %.0f years: dL* %.2f, dot blue - red %.4f", years[i],
                   d.mean_delta, blue);
    g_assert_cmpfloat(d.mean_delta, <, last_delta);
    g_assert_cmpfloat(blue, >, last_blue);
    last_delta = d.mean_delta;
    last_blue = blue;
  }
  g_assert_cmpfloat(last_delta, >, 1.0); /* faded, not gone, after 10 years */

  /* One isolated dot, years 0 and 10: its ink spreads wider (second moment of its alpha). */
  double spread[2];
  for (int k = 0; k < 2; k++) {
    GeglNode *graph;
    GeglNode *node =
        smp_test_op_new(&graph, "smp:follicle-dots", "ppi", 2400.0, "density", 2.0, "seed", 3,
                        "size-jitter", 0.0, "opacity-jitter", 0.0, "appearance",
                        enum_value("appearance", "healed"), "years", k ? 10.0 : 0.0, NULL);
    GeglRectangle roi = {0, 0, 2000, 2000};
    float *alpha = smp_test_render_alpha(node, &roi, 0);
    /* Moments of the ink within 150 px of the darkest pixel: one dot (others sit ~600 px away). */
    gsize best = 0;
    for (gsize i = 0; i < (gsize)roi.width * roi.height; i++)
      if (alpha[i] > alpha[best])
        best = i;
    int bx = (int)(best % roi.width), by = (int)(best / roi.width);
    double m = 0, mx = 0, my = 0, m2 = 0;
    for (int y = MAX(0, by - 150); y < MIN(roi.height, by + 150); y++)
      for (int x = MAX(0, bx - 150); x < MIN(roi.width, bx + 150); x++) {
        double a = alpha[y * roi.width + x], dx = x - bx, dy = y - by;
        m += a, mx += a * dx, my += a * dy, m2 += a * (dx * dx + dy * dy);
      }
    g_assert_cmpfloat(m, >, 0.0);
    mx /= m, my /= m;
    spread[k] = sqrt(m2 / m - mx * mx - my * my);
    g_free(alpha);
    g_object_unref(graph);
  }
  g_test_message("healed ink radius of gyration: %.2f px at year 0, %.2f px at year 10", spread[0],
                 spread[1]);
  g_assert_cmpfloat(spread[1], >, 1.1 * spread[0]);
}

/* Years outside 0..10 are refused by the property: the op keeps its value. */
static void
test_years_range(void)
{
  GeglNode *graph;
  GeglNode *node = smp_test_op_new(&graph, "smp:follicle-dots", "years", 4.0, NULL);
  GParamSpec *pspec = gegl_operation_find_property("smp:follicle-dots", "years");
  g_assert_nonnull(pspec);
  g_assert_cmpfloat(G_PARAM_SPEC_DOUBLE(pspec)->minimum, ==, 0.0);
  g_assert_cmpfloat(G_PARAM_SPEC_DOUBLE(pspec)->maximum, ==, 10.0);
  GValue value = G_VALUE_INIT;
  g_value_init(&value, G_TYPE_DOUBLE);
  g_value_set_double(&value, 11.0);
  g_assert_true(g_param_value_validate(pspec, &value)); /* out of range: clamped */
  double years = -1.0;
  gegl_node_get(node, "years", &years, NULL);
  g_assert_cmpfloat(years, ==, 4.0);
  g_value_unset(&value);
  g_object_unref(graph);
}

int
main(int argc, char **argv)
{
  smp_test_gegl_init(&argc, &argv);
  hair_types = load_presets("hair-types.ini");
  skin_tones = load_presets("skin-tones.ini");
  g_test_add_func("/healed/darkening", test_darkening);
  g_test_add_func("/healed/ageing", test_ageing);
  g_test_add_func("/healed/years-range", test_years_range);
  int status = g_test_run();
  g_key_file_free(hair_types);
  g_key_file_free(skin_tones);
  return smp_test_gegl_exit(status);
}
