/* bench-ops: times smp: operations against GEGL built-ins in one process.
 *
 *   bench-ops MODULE_DIR [--rounds N] [--size PIXELS] [--only TEXT]
 *
 * Every op renders the same area (default 4000 x 4000) into an "R'G'B'A u8" buffer without a cache;
 * the ops take turns within each round so that drift in machine load affects all of them alike,
 * and each op's median over the rounds is reported, with its ratio to gegl:checkerboard (a
 * position-dependent render with trivial per-pixel work) and to gegl:cell-noise. The follicle-dot
 * core is also timed alone: FUs generated per second, without drawing. */
#include "smp-dots.h"

#include <gegl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench-stats.h"

#define MAX_PROPS 8

/* A hair-loss stage seen from above, the head filling the area at 500 ppi (203 mm square): the
 * area to treat for the default design. */
#define HAIRLINE_PATTERN(nick)                                                                     \
  {                                                                                                \
    "hairline " nick, "smp:hairline-mask",                                                         \
    {                                                                                              \
      {"ppi", "500"}, {"view", "top"}, {"origin-x", "2000"}, {"origin-y", "1900"},                 \
          {"pattern", nick}, {"area", "treatment"}                                                 \
    }                                                                                              \
  }

typedef struct {
  const char *label;
  const char *op;
  /* Property name / value-string pairs, parsed with the property's type (see set_props). */
  const char *props[MAX_PROPS][2];
  /* The op's own target ratio to gegl:checkerboard, its only one; 0: at most 1.5 and at least 3x
   * faster than gegl:cell-noise. */
  double limit;
  double *times;
} Bench;

/* The benchmarked ops. Sizes for smp ops: 600 ppi, 80 FU/cm². */
static Bench benches[] = {
    {"gegl:color", "gegl:color", {{"value", "#808080"}}},
    {"gegl:checkerboard", "gegl:checkerboard", {{"x", "16"}, {"y", "16"}}},
    {"gegl:cell-noise", "gegl:cell-noise", {{NULL}}},
    {"smp:follicle-dots",
     "smp:follicle-dots",
     {{"ppi", "600"}, {"density", "80"}, {"output-mode", "dots"}}},
    /* The dark-brown hair type's impressions, healed and aged, over Monk 4 skin. */
    {"follicle-dots healed",
     "smp:follicle-dots",
     {{"ppi", "600"}, {"density", "165"}, {"appearance", "healed"}, {"output-mode", "dots"}}},
    {"follicle-dots aged",
     "smp:follicle-dots",
     {{"ppi", "600"},
      {"density", "165"},
      {"appearance", "healed"},
      {"years", "10"},
      {"output-mode", "dots"}}},
    /* Units on the skin of a top view: the head fills the area, vertex in the middle. */
    {"follicle-dots dome",
     "smp:follicle-dots",
     {{"ppi", "600"},
      {"density", "80"},
      {"output-mode", "dots"},
      {"surface", "dome"},
      {"view", "top"},
      {"origin-x", "2000"},
      {"origin-y", "2000"}},
     2.0},
    /* A front-view design across the area: glabella low in the middle, hairline ~1/3 down. */
    {"smp:hairline-mask",
     "smp:hairline-mask",
     {{"ppi", "300"}, {"origin-x", "2000"}, {"origin-y", "2600"}}},
    HAIRLINE_PATTERN("norwood-1"),
    HAIRLINE_PATTERN("norwood-2"),
    HAIRLINE_PATTERN("norwood-3"),
    HAIRLINE_PATTERN("norwood-3v"),
    HAIRLINE_PATTERN("norwood-4"),
    HAIRLINE_PATTERN("norwood-5"),
    HAIRLINE_PATTERN("norwood-6"),
    HAIRLINE_PATTERN("norwood-7"),
    HAIRLINE_PATTERN("norwood-2a"),
    HAIRLINE_PATTERN("norwood-3a"),
    HAIRLINE_PATTERN("norwood-4a"),
    HAIRLINE_PATTERN("norwood-5a"),
    HAIRLINE_PATTERN("ludwig-1"),
    HAIRLINE_PATTERN("ludwig-2"),
    HAIRLINE_PATTERN("ludwig-3"),
    HAIRLINE_PATTERN("olsen"),
    HAIRLINE_PATTERN("sinclair-1"),
    HAIRLINE_PATTERN("sinclair-2"),
    HAIRLINE_PATTERN("sinclair-3"),
    HAIRLINE_PATTERN("sinclair-4"),
    HAIRLINE_PATTERN("sinclair-5"),
    /* The client's hair at a stage, and a profile. */
    {"hairline norwood-5 current",
     "smp:hairline-mask",
     {{"ppi", "500"},
      {"view", "top"},
      {"origin-x", "2000"},
      {"origin-y", "1900"},
      {"pattern", "norwood-5"}}},
    {"hairline side norwood-5",
     "smp:hairline-mask",
     {{"ppi", "500"},
      {"view", "right"},
      {"origin-x", "3900"},
      {"origin-y", "2300"},
      {"pattern", "norwood-5"},
      {"area", "treatment"}}},
};

/* Sets properties given as strings, converting each to the property's type. */
static void
set_props(GeglNode *node, const char *op, const char *const props[][2])
{
  for (int i = 0; i < MAX_PROPS && props[i][0]; i++) {
    GParamSpec *pspec = gegl_operation_find_property(op, props[i][0]);
    if (!pspec) {
      fprintf(stderr, "bench-ops: %s has no property '%s'\n", op, props[i][0]);
      exit(2);
    }
    GValue value = G_VALUE_INIT;
    g_value_init(&value, pspec->value_type);
    if (pspec->value_type == G_TYPE_DOUBLE)
      g_value_set_double(&value, g_ascii_strtod(props[i][1], NULL));
    else if (pspec->value_type == G_TYPE_INT)
      g_value_set_int(&value, atoi(props[i][1]));
    else if (pspec->value_type == GEGL_TYPE_COLOR)
      g_value_take_object(&value, gegl_color_new(props[i][1]));
    else if (G_IS_PARAM_SPEC_ENUM(pspec))
      g_value_set_enum(
          &value,
          g_enum_get_value_by_nick(G_PARAM_SPEC_ENUM(pspec)->enum_class, props[i][1])->value);
    else {
      fprintf(stderr, "bench-ops: unsupported type for %s.%s\n", op, props[i][0]);
      exit(2);
    }
    gegl_node_set_property(node, props[i][0], &value);
    g_value_unset(&value);
  }
}

static double
render_seconds(GeglNode *node, const GeglRectangle *roi, guint8 *dest)
{
  gint64 start = g_get_monotonic_time();
  gegl_node_blit(node, 1.0, roi, babl_format("R'G'B'A u8"), dest, GEGL_AUTO_ROWSTRIDE,
                 GEGL_BLIT_DEFAULT);
  return (g_get_monotonic_time() - start) / 1e6;
}

/* FUs per second of the core's dot generation (placement, hair draw, size and opacity) over a
 * 1 m x 1 m area at 80 FU/cm², 600 ppi. */
static void
bench_core(int rounds)
{
  SmpDotsParams params;
  SmpDotsLayout layout;
  smp_dots_params_init(&params);
  params.ppi = 600.0;
  params.density = 80.0;
  smp_dots_layout_init(&layout, &params, 0, NULL);
  const double side = 1000.0 * layout.px_per_mm;
  GArray *dots = g_array_sized_new(FALSE, FALSE, sizeof(SmpDot), 1 << 20);
  double *times = g_new(double, rounds);
  gsize kept = 0;
  for (int r = 0; r < rounds; r++) {
    g_array_set_size(dots, 0);
    gint64 start = g_get_monotonic_time();
    kept = smp_dots_gather(&layout, 0.0, 0.0, side, side, NULL, NULL, dots);
    times[r] = (g_get_monotonic_time() - start) / 1e6;
  }
  double t = smp_bench_median(times, rounds);
  printf("core dot generation: %zu FU in %.1f ms (median of %d): %.1f M FU/s (target >= 5)\n", kept,
         1e3 * t, rounds, kept / t / 1e6);
  g_free(times);
  g_array_unref(dots);
}

/* The command line; FALSE when it is not understood. */
static gboolean
parse_args(int argc, char **argv, int *rounds, int *size, const char **module_dir,
           const char **only)
{
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--rounds") && i + 1 < argc)
      *rounds = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--size") && i + 1 < argc)
      *size = atoi(argv[++i]);
    else if (!strcmp(argv[i], "--only") && i + 1 < argc)
      *only = argv[++i]; /* the baselines and the smp benches whose label contains TEXT */
    else if (argv[i][0] != '-' && !*module_dir)
      *module_dir = argv[i];
    else
      return FALSE;
  }
  return *module_dir && *rounds >= 1 && *size >= 1;
}

/* Keeps the benches to run at the front of benches (the three baselines always, the others whose
 * label contains only) and returns how many, or -1 when an operation is missing. */
static int
select_benches(const char *only, const char *module_dir)
{
  int n = 0;
  for (int b = 0; b < (int)G_N_ELEMENTS(benches); b++)
    if (b < 3 || !only || strstr(benches[b].label, only))
      benches[n++] = benches[b];
  for (int b = 0; b < n; b++)
    if (!gegl_has_operation(benches[b].op)) {
      fprintf(stderr, "bench-ops: operation %s not found (module dir %s)\n", benches[b].op,
              module_dir);
      return -1;
    }
  return n;
}

/* Times the first n benches over a size x size area, rounds alternating so that drift in machine
 * load affects all alike. */
static void
time_benches(int n, int size, int rounds)
{
  GeglRectangle roi = {0, 0, size, size};
  guint8 *dest = g_malloc((gsize)size * size * 4);
  GeglNode *graph = gegl_node_new();
  GeglNode **nodes = g_new(GeglNode *, n);
  for (int b = 0; b < n; b++) {
    nodes[b] = gegl_node_new_child(graph, "operation", benches[b].op, NULL);
    set_props(nodes[b], benches[b].op, benches[b].props);
    benches[b].times = g_new(double, rounds);
    render_seconds(nodes[b], &roi, dest); /* warm-up: module code, babl fishes, thread pool */
  }
  for (int r = 0; r < rounds; r++)
    for (int b = 0; b < n; b++)
      benches[b].times[r] = render_seconds(nodes[b], &roi, dest);
  g_free(nodes);
  g_object_unref(graph);
  g_free(dest);
}

/* Medians as ratios against the baselines, and whether each smp bench meets its target. */
static void
report_benches(int n, int rounds)
{
  double checker = smp_bench_median(benches[1].times, rounds),
         cells = smp_bench_median(benches[2].times, rounds);
  for (int b = 0; b < n; b++) {
    double t = smp_bench_median(benches[b].times, rounds);
    printf("%-28s %8.1f ms   x%.2f checkerboard   x%.2f cell-noise\n", benches[b].label, 1e3 * t,
           t / checker, t / cells);
  }
  for (int b = 3; b < n; b++) {
    double t = smp_bench_median(benches[b].times, rounds);
    if (benches[b].limit > 0.0) {
      printf("%s: %s (<= %.1fx checkerboard)\n", benches[b].label,
             t <= benches[b].limit * checker ? "meets" : "MISSES", benches[b].limit);
      continue;
    }
    printf("%s: %s (<= 1.5x checkerboard), %.1fx faster than cell-noise %s (>= 3x)\n",
           benches[b].label, t <= 1.5 * checker ? "meets" : "MISSES", cells / t,
           cells / t >= 3.0 ? "meets" : "MISSES");
  }
}

int
main(int argc, char **argv)
{
  int rounds = 5, size = 4000;
  const char *module_dir = NULL, *only = NULL;
  if (!parse_args(argc, argv, &rounds, &size, &module_dir, &only)) {
    fprintf(stderr, "usage: bench-ops MODULE_DIR [--rounds N] [--size PIXELS] [--only TEXT]\n");
    return 2;
  }

  g_setenv("GEGL_USE_OPENCL", "no", FALSE);
  /* The smp ops are GPL3+ ("license" key): GEGL shows them to GPL3 applications, as GIMP is. */
  g_object_set(gegl_config(), "application-license", "GPL3", NULL);
  gegl_init(&argc, &argv);
  gegl_load_module_directory(module_dir);
  int n = select_benches(only, module_dir);
  if (n < 0)
    return 1;

  printf("%d x %d px into R'G'B'A u8, GEGL %d threads, median of %d alternating rounds\n", size,
         size, smp_bench_gegl_threads(), rounds);
  time_benches(n, size, rounds);
  report_benches(n, rounds);
  bench_core(rounds);

  for (int b = 0; b < n; b++)
    g_free(benches[b].times);
  gegl_exit();
  return 0;
}
