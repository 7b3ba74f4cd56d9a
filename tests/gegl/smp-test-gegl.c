#include "smp-test-gegl.h"

#include <math.h>
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

int
smp_test_nick(const char *op, const char *property, const char *value_nick)
{
  GParamSpec *pspec = gegl_operation_find_property(op, property);
  if (!pspec || !G_IS_PARAM_SPEC_ENUM(pspec))
    g_error("%s has no enum property '%s'", op, property);
  GEnumValue *value = g_enum_get_value_by_nick(G_PARAM_SPEC_ENUM(pspec)->enum_class, value_nick);
  if (!value)
    g_error("%s: %s has no choice '%s'", op, property, value_nick);
  return value->value;
}

GeglRectangle
smp_test_mm_rect(double ppi, double x_mm, double y_mm, double w_mm, double h_mm)
{
  double s = ppi / MM_PER_INCH;
  return (GeglRectangle){(int)floor(x_mm * s), (int)floor(y_mm * s), (int)ceil(w_mm * s),
                         (int)ceil(h_mm * s)};
}

GArray *
smp_test_find_blobs(const float *alpha, int w, int h, int x0, int y0, float threshold)
{
  GArray *blobs = g_array_new(FALSE, FALSE, sizeof(SmpTestBlob));
  guint8 *seen = g_new0(guint8, (gsize)w * h);
  int *stack = g_new(int, (gsize)w *h);
  for (int start = 0; start < w * h; start++) {
    if (seen[start] || alpha[start] <= threshold)
      continue;
    SmpTestBlob b = {0};
    double sx = 0, sy = 0;
    int top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top) {
      int i = stack[--top], px = i % w, py = i / w;
      double a = alpha[i];
      b.mass += a;
      sx += a * (px + 0.5);
      sy += a * (py + 0.5);
      b.peak = MAX(b.peak, a);
      b.pixels++;
      if (px == 0 || py == 0 || px == w - 1 || py == h - 1)
        b.touches_edge = TRUE;
      for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
          int nx = px + dx, ny = py + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h)
            continue;
          int j = ny * w + nx;
          if (!seen[j] && alpha[j] > threshold) {
            seen[j] = 1;
            stack[top++] = j;
          }
        }
    }
    b.x = x0 + sx / b.mass;
    b.y = y0 + sy / b.mass;
    g_array_append_val(blobs, b);
  }
  g_free(seen);
  g_free(stack);
  return blobs;
}

double
smp_test_blob_diameter(const SmpTestBlob *b)
{
  return 2.0 * sqrt(b->mass / (b->peak * G_PI));
}

GArray *
smp_test_render_blobs(GeglNode *node, const GeglRectangle *roi, int level)
{
  float *alpha = smp_test_render_alpha(node, roi, level);
  GArray *blobs = smp_test_find_blobs(alpha, roi->width, roi->height, roi->x, roi->y, 0.01f);
  g_free(alpha);
  return blobs;
}

GeglNode *
smp_test_dots_node(GeglNode **graph, double ppi, double density)
{
  return smp_test_op_new(graph, "smp:follicle-dots", "ppi", ppi, "density", density, "seed", 42,
                         "output-mode", smp_test_nick("smp:follicle-dots", "output-mode", "dots"),
                         NULL);
}

void
smp_test_uniform_dots(GeglNode *node)
{
  gegl_node_set(node, "size-jitter", 0.0, "opacity-jitter", 0.0, "hair-mix-1", 0.0, "hair-mix-2",
                100.0, "hair-mix-3", 0.0, "hair-mix-4", 0.0, NULL);
}

const float *
smp_test_most_opaque(const float *rgba, gsize n)
{
  gsize best = 0;
  for (gsize i = 0; i < n; i++)
    if (rgba[4 * i + 3] > rgba[4 * best + 3])
      best = i;
  return rgba + 4 * best;
}

GeglNode *
smp_test_hairline_node(GeglNode **graph, double ppi, double origin_x, double origin_y)
{
  return smp_test_op_new(graph, "smp:hairline-mask", "ppi", ppi, "origin-x", origin_x, "origin-y",
                         origin_y, "irregularity", 0.0, "asymmetry", 0.0, "seed", 3, NULL);
}

double
smp_test_first_fall(const float *column, int n, int stride, double level)
{
  for (int i = 0; i + 1 < n; i++) {
    double a = column[(gsize)i * stride], b = column[(gsize)(i + 1) * stride];
    if (a >= level && b < level)
      return i + 0.5 + (a - level) / (a - b);
  }
  return NAN;
}

double
smp_test_last_fall(const float *column, int n, int stride, double level)
{
  for (int i = n - 2; i >= 0; i--) {
    double a = column[(gsize)i * stride], b = column[(gsize)(i + 1) * stride];
    if (a >= level && b < level)
      return i + 0.5 + (a - level) / (a - b);
  }
  return NAN;
}
