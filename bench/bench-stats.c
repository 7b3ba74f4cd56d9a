#include "bench-stats.h"

#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int
compare_doubles(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

double
smp_bench_median(const double *values, int n)
{
  double *sorted = g_memdup2(values, sizeof(double) * n);
  qsort(sorted, n, sizeof(double), compare_doubles);
  double m = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  g_free(sorted);
  return m;
}

gboolean
smp_bench_size_option(int argc, char **argv, int *i, int *rounds, int *width, int *height,
                      double *ppi)
{
  const char *option = argv[*i];

  if (*i + 1 >= argc)
    return FALSE;
  if (!strcmp(option, "--rounds"))
    *rounds = atoi(argv[++*i]);
  else if (!strcmp(option, "--width"))
    *width = atoi(argv[++*i]);
  else if (!strcmp(option, "--height"))
    *height = atoi(argv[++*i]);
  else if (!strcmp(option, "--ppi"))
    *ppi = g_ascii_strtod(argv[++*i], NULL);
  else
    return FALSE;
  return TRUE;
}

void
smp_bench_gegl_init(int *argc, char ***argv)
{
  g_setenv("GEGL_USE_OPENCL", "no", FALSE);
  g_object_set(gegl_config(), "application-license", "GPL3", NULL);
  gegl_init(argc, argv);
}

void
smp_bench_start_sized(const char *program, int *argc, char ***argv, int *rounds, int *width,
                      int *height, double *ppi)
{
  for (int i = 1; i < *argc; i++)
    if (!smp_bench_size_option(*argc, *argv, &i, rounds, width, height, ppi))
      goto usage;
  if (*rounds >= 1 && *width >= 1 && *height >= 1 && *ppi > 0.0) {
    smp_bench_gegl_init(argc, argv);
    return;
  }
usage:
  fprintf(stderr, "usage: %s [--rounds N] [--width W] [--height H] [--ppi PPI]\n", program);
  exit(2);
}

int
smp_bench_gegl_threads(void)
{
  int threads;
  g_object_get(gegl_config(), "threads", &threads, NULL);
  return threads;
}

void
smp_bench_print_time(const char *what, double seconds, gsize n_px)
{
  printf("%-28s %8.0f ms  %6.1f Mpx/s\n", what, 1e3 * seconds, n_px / seconds / 1e6);
}

guint8 *
smp_bench_photo_u8(const float *rgba, int width, int height, GeglBuffer **buffer)
{
  const gsize n = (gsize)width * height * 4;
  const GeglRectangle rect = {0, 0, width, height};
  guint8 *pixels = g_new(guint8, n);

  for (gsize i = 0; i < n; i++)
    pixels[i] = (guint8)(CLAMP(rgba[i], 0.0f, 1.0f) * 255.0f + 0.5f);
  *buffer = gegl_buffer_new(&rect, babl_format("R'G'B'A u8"));
  gegl_buffer_set(*buffer, &rect, 0, babl_format("R'G'B'A u8"), pixels, GEGL_AUTO_ROWSTRIDE);
  return pixels;
}

double
smp_bench_render_seconds(GeglBuffer *input, guint8 *dest, const char *operation, ...)
{
  GeglNode *graph = gegl_node_new();
  GeglNode *src =
      gegl_node_new_child(graph, "operation", "gegl:buffer-source", "buffer", input, NULL);
  GeglNode *node = gegl_node_new_child(graph, "operation", operation, NULL);
  const GeglRectangle *roi = gegl_buffer_get_extent(input);
  va_list properties;
  const char *first_property;

  va_start(properties, operation);
  first_property = va_arg(properties, const char *);
  gegl_node_set_valist(node, first_property, properties);
  va_end(properties);
  gegl_node_link(src, node);
  gint64 start = g_get_monotonic_time();
  gegl_node_blit(node, 1.0, roi, babl_format("R'G'B'A u8"), dest, GEGL_AUTO_ROWSTRIDE,
                 GEGL_BLIT_DEFAULT);
  double seconds = (g_get_monotonic_time() - start) / 1e6;
  g_object_unref(graph);
  return seconds;
}

double
smp_bench_blur_seconds(GeglBuffer *input, guint8 *dest)
{
  return smp_bench_render_seconds(input, dest, "gegl:gaussian-blur", "std-dev-x", 10.0, "std-dev-y",
                                  10.0, NULL);
}
