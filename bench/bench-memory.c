/* bench-memory: peak memory of each op rendering a large region, streamed as GIMP and the gegl
 * tools render: strip by strip into one reused strip buffer, without a cache.
 *
 *   bench-memory MODULE_DIR [--size PIXELS] [--strip ROWS]
 *
 * Each case runs in a child process of its own, so the peak resident size (getrusage's ru_maxrss
 * of that child) is the case's alone; gegl:checkerboard over the same region gives the baseline of
 * GEGL and the strip buffer, and each op is reported against it. The goal for the dots and hairline
 * ops is a peak under 512 MiB at any size: what they hold must not grow with the region. The scar
 * op measures its whole area, so it is run at a size within its analysis limit (and beyond it,
 * where it passes the input through). */
#include "smp-scar.h"

#include <gegl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
  const char *label;
  /* builds the graph rendering a size x size region; returns its output node */
  GeglNode *(*build)(GeglNode *graph, int size);
  int size; /* 0 = the --size argument */
} Case;

static GeglNode *
transparent(GeglNode *graph, int size)
{
  GeglColor *none = gegl_color_new("transparent");
  GeglNode *color = gegl_node_new_child(graph, "operation", "gegl:color", "value", none, NULL);
  GeglNode *crop = gegl_node_new_child(graph, "operation", "gegl:crop", "width", (double)size,
                                       "height", (double)size, NULL);
  g_object_unref(none);
  gegl_node_link(color, crop);
  return crop;
}

static GeglNode *
crop_of(GeglNode *graph, GeglNode *source, int size)
{
  GeglNode *crop = gegl_node_new_child(graph, "operation", "gegl:crop", "width", (double)size,
                                       "height", (double)size, NULL);
  gegl_node_link(source, crop);
  return crop;
}

static GeglNode *
checkerboard(GeglNode *graph, int size)
{
  return crop_of(graph, gegl_node_new_child(graph, "operation", "gegl:checkerboard", NULL), size);
}

/* 110 FU/cm² at 600 ppi: about 13 million dots in 30000 x 30000 px. */
static GeglNode *
follicle_dots(GeglNode *graph, int size)
{
  GeglNode *dots = gegl_node_new_child(graph, "operation", "smp:follicle-dots", "ppi", 600.0,
                                       "density", 110.0, "seed", 7, NULL);
  gegl_node_link(transparent(graph, size), dots);
  return dots;
}

/* A front-view design scaled so that the head spans the region: the design's own extent grows
 * with the region, as a hairline drawn on a huge canvas would. */
static GeglNode *
hairline_mask(GeglNode *graph, int size)
{
  double ppi = size / (200.0 / 25.4);
  return crop_of(graph,
                 gegl_node_new_child(graph, "operation", "smp:hairline-mask", "ppi", ppi,
                                     "origin-x", size / 2.0, "origin-y", size * 0.6, NULL),
                 size);
}

/* The whole area is scar: the analysis runs on all of it. */
static GeglNode *
scar_camouflage(GeglNode *graph, int size)
{
  GeglColor *skin = gegl_color_new("#c8a27c");
  GeglNode *color = gegl_node_new_child(graph, "operation", "gegl:color", "value", skin, NULL);
  GeglNode *scar =
      gegl_node_new_child(graph, "operation", "smp:scar-camouflage", "ppi", 600.0, NULL);
  GParamSpec *detect = gegl_operation_find_property("smp:scar-camouflage", "scar-detect");
  GEnumValue *whole = g_enum_get_value(G_PARAM_SPEC_ENUM(detect)->enum_class, 1);

  g_assert(whole && strstr(whole->value_nick, "whole"));
  gegl_node_set(scar, "scar-detect", whole->value, NULL);
  g_object_unref(skin);
  gegl_node_link(crop_of(graph, color, size), scar);
  return scar;
}

static Case cases[] = {
    {"gegl:checkerboard", checkerboard, 0},
    {"smp:follicle-dots", follicle_dots, 0},
    {"smp:hairline-mask", hairline_mask, 0},
    {"smp:scar-camouflage (4096 px)", scar_camouflage, 4096},
    {"smp:scar-camouflage (beyond limit)", scar_camouflage, 0},
};

/* Renders the case in strips; returns the share of pixels with any alpha (to show work was done).
 */
static double
render(const Case *c, int size, int strip_rows, double *seconds)
{
  GeglNode *graph = gegl_node_new();
  GeglNode *node = c->build(graph, size);
  guint8 *strip = g_malloc((gsize)size * strip_rows * 4);
  guint64 inked = 0;
  gint64 start = g_get_monotonic_time();

  for (int y = 0; y < size; y += strip_rows) {
    GeglRectangle roi = {0, y, size, MIN(strip_rows, size - y)};
    gegl_node_blit(node, 1.0, &roi, babl_format("R'G'B'A u8"), strip, GEGL_AUTO_ROWSTRIDE,
                   GEGL_BLIT_DEFAULT);
    for (gsize i = 0; i < (gsize)roi.width * roi.height; i++)
      inked += strip[4 * i + 3] != 0;
  }
  *seconds = (g_get_monotonic_time() - start) / 1e6;
  g_free(strip);
  g_object_unref(graph);
  return (double)inked / ((double)size * size);
}

int
main(int argc, char **argv)
{
  int size = 30000, strip_rows = 256;
  const char *module_dir = NULL;
  double baseline_mib = 0.0;

  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--size") && i + 1 < argc)
      size = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--strip") && i + 1 < argc)
      strip_rows = atoi(argv[++i]);
    else if (argv[i][0] != '-' && !module_dir)
      module_dir = argv[i];
    else
      module_dir = NULL, i = argc;
  }
  if (!module_dir || size < 1 || strip_rows < 1) {
    fprintf(stderr, "usage: bench-memory MODULE_DIR [--size PIXELS] [--strip ROWS]\n");
    return 2;
  }
  g_setenv("GEGL_USE_OPENCL", "no", FALSE);
  cases[G_N_ELEMENTS(cases) - 1].size = MAX(size, 8193);
  printf("peak resident memory, %d-row strips into R'G'B'A u8, one process per case\n", strip_rows);

  for (gsize k = 0; k < G_N_ELEMENTS(cases); k++) {
    const Case *c = &cases[k];
    int side = c->size ? c->size : size;
    int pipe_fds[2];
    pid_t child;
    int status;
    struct rusage usage;
    double result[2] = {0.0, 0.0}, mib;

    fflush(stdout); /* or the child's exit prints the parent's buffer again */
    if (pipe(pipe_fds) != 0 || (child = fork()) < 0) {
      perror("bench-memory");
      return 1;
    }
    if (child == 0) {
      close(pipe_fds[0]);
      /* The smp ops are GPL3+: GEGL shows them to GPL3 applications only. */
      g_object_set(gegl_config(), "application-license", "GPL3", NULL);
      gegl_init(NULL, NULL);
      gegl_load_module_directory(module_dir);
      if (!gegl_has_operation("smp:follicle-dots")) {
        fprintf(stderr, "bench-memory: smp ops not found in %s\n", module_dir);
        _exit(1);
      }
      result[0] = render(c, side, strip_rows, &result[1]);
      if (write(pipe_fds[1], result, sizeof result) != sizeof result)
        _exit(1);
      _exit(0);
    }
    close(pipe_fds[1]);
    if (read(pipe_fds[0], result, sizeof result) != sizeof result)
      result[1] = -1.0;
    close(pipe_fds[0]);
    if (wait4(child, &status, 0, &usage) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "bench-memory: %s failed\n", c->label);
      return 1;
    }
    mib = usage.ru_maxrss / 1024.0;
    if (k == 0)
      baseline_mib = mib;
    printf("%-36s %6d x %-6d %8.1f MiB  x%.2f checkerboard  %7.1f s  inked %.1f %%%s\n", c->label,
           side, side, mib, mib / baseline_mib, result[1], 100.0 * result[0],
           (k == 1 || k == 2) ? (mib < 512.0 ? "  meets (< 512 MiB)" : "  MISSES (< 512 MiB)")
                              : "");
  }
  return 0;
}
