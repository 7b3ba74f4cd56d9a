#include "smp-test-gegl.h"

#include <string.h>

void
smp_test_gegl_init(int *argc, char ***argv)
{
  g_test_init(argc, argv, NULL);
  /* The smp ops are GPL3+ ("license" key): GEGL shows them to GPL3 applications, as GIMP and the
   * gegl tool are. */
  g_object_set(gegl_config(), "application-license", "GPL3", NULL);
  gegl_init(argc, argv);

  const char *module_dir = g_getenv("SMP_MODULE_DIR");
  if (module_dir == NULL)
    g_error("SMP_MODULE_DIR is not set: run the tests through 'meson test'");
  gegl_load_module_directory(module_dir);
  if (!gegl_has_operation("smp:follicle-dots"))
    g_error("smp-ops was not loaded from %s", module_dir);
}

int
smp_test_gegl_exit(int status)
{
  gegl_exit();
  return status;
}

GeglNode *
smp_test_op_new(GeglNode **graph_out, const char *op_name, const char *first_property, ...)
{
  GeglNode *graph = gegl_node_new();
  GeglNode *node = gegl_node_new_child(graph, "operation", op_name, NULL);
  va_list args;
  va_start(args, first_property);
  if (first_property)
    gegl_node_set_valist(node, first_property, args);
  va_end(args);
  *graph_out = graph;
  return node;
}

static void
render_into(GeglNode *node, const GeglRectangle *roi, int level, const Babl *format, guchar *dest,
            int rowstride)
{
  /* Blitting at scale 1/2^level asks the op itself for mipmap `level` only while GEGL's
   * mipmap rendering is on (as in GIMP's zoomed-out views); otherwise GEGL renders level 0 and
   * scales it down, and the op's level handling would go untested. */
  double scale = 1.0 / (double)(1 << level);
  gboolean mipmaps = FALSE;
  g_object_get(gegl_config(), "mipmap-rendering", &mipmaps, NULL);
  g_object_set(gegl_config(), "mipmap-rendering", level > 0, NULL);
  gegl_node_blit(node, scale, roi, format, dest, rowstride, GEGL_BLIT_DEFAULT);
  g_object_set(gegl_config(), "mipmap-rendering", mipmaps, NULL);
}

gpointer
smp_test_render(GeglNode *node, const GeglRectangle *roi, int level, const char *format_name)
{
  const Babl *format = babl_format(format_name);
  int bpp = babl_format_get_bytes_per_pixel(format);
  guchar *pixels = g_malloc0((gsize)roi->width * roi->height * bpp);
  render_into(node, roi, level, format, pixels, roi->width * bpp);
  return pixels;
}

float *
smp_test_render_alpha(GeglNode *node, const GeglRectangle *roi, int level)
{
  float *rgba = smp_test_render(node, roi, level, "RGBA float");
  gsize n = (gsize)roi->width * roi->height;
  float *alpha = g_new(float, n);
  for (gsize i = 0; i < n; i++)
    alpha[i] = rgba[4 * i + 3];
  g_free(rgba);
  return alpha;
}

gpointer
smp_test_render_tiled(GeglNode *node, const GeglRectangle *roi, int level, const char *format_name,
                      int tile_w, int tile_h)
{
  const Babl *format = babl_format(format_name);
  int bpp = babl_format_get_bytes_per_pixel(format);
  int rowstride = roi->width * bpp;
  guchar *pixels = g_malloc0((gsize)rowstride * roi->height);

  for (int ty = 0; ty < roi->height; ty += tile_h)
    for (int tx = 0; tx < roi->width; tx += tile_w) {
      GeglRectangle tile = {roi->x + tx, roi->y + ty, MIN(tile_w, roi->width - tx),
                            MIN(tile_h, roi->height - ty)};
      render_into(node, &tile, level, format, pixels + (gsize)ty * rowstride + (gsize)tx * bpp,
                  rowstride);
    }
  return pixels;
}

void
smp_test_set_threads(int threads)
{
  g_object_set(gegl_config(), "threads", threads, NULL);
}

GeglColor *
smp_test_color(const char *css)
{
  GeglColor *color = gegl_color_new(css);
  g_test_queue_unref(color);
  return color;
}
