/* bench-scar: times smp:scar-camouflage on a large synthetic scalp photo.
 *
 *   bench-scar MODULE_DIR [--rounds N] [--width W] [--height H] [--ppi PPI] [--fue]
 *
 * The photo (default 4000 x 3000 px at 300 ppi, 60 FU/cm² dots, a 10 mm strip scar across it, or
 * 1 mm FUE scars every 3 mm with --fue) is rendered from an "R'G'B'A u8" buffer into an
 * "R'G'B'A u8" buffer. Each round builds fresh graphs, so nothing is served from a cache, and the
 * ops take turns so that drift in machine load affects all of them alike. Reported: each op's
 * median time, its ratio to gegl:stretch-contrast (which also reads the whole input before
 * writing) and gegl:gaussian-blur, and the single-threaded core analysis alone. */
#include "scar-photo.h"
#include "smp-scar.h"

#include <gegl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "bench-stats.h"

typedef struct {
  const char *label;
  const char *op;
  double *times;
} Bench;

static Bench benches[] = {
    {"gegl:stretch-contrast", "gegl:stretch-contrast"},
    {"gegl:gaussian-blur", "gegl:gaussian-blur"},
    {"smp:scar-camouflage", "smp:scar-camouflage"},
};

/* Renders `op` on the photo in a fresh graph; returns seconds. */
static double
render_seconds(GeglBuffer *photo, const char *op, double ppi, guint8 *dest)
{
  if (!strcmp(op, "smp:scar-camouflage"))
    return smp_bench_render_seconds(photo, dest, op, "ppi", ppi, NULL);
  if (!strcmp(op, "gegl:gaussian-blur"))
    return smp_bench_render_seconds(photo, dest, op, "std-dev-x", 2.0, "std-dev-y", 2.0, NULL);
  return smp_bench_render_seconds(photo, dest, op, NULL);
}

static void
usage(void)
{
  fprintf(
      stderr,
      "usage: bench-scar MODULE_DIR [--rounds N] [--width W] [--height H] [--ppi PPI] [--fue]\n");
  exit(2);
}

/* The core analysis alone, single-threaded, on the photo's luma. */
static void
bench_core(const guint8 *pixels, int width, int height, double ppi, int rounds)
{
  const gsize n_px = (gsize)width * height;
  float *luma = scar_photo_luma_u8(pixels, width, height);
  double *core = g_new(double, rounds);
  SmpScarSettings settings = {ppi / 25.4, SMP_SCAR_DETECT_AUTO, 4.0};
  SmpScarAnalysis *a = NULL;
  for (int r = 0; r < rounds; r++) {
    smp_scar_analysis_free(a);
    gint64 start = g_get_monotonic_time();
    a = smp_scar_analyse(luma, NULL, width, height, &settings);
    core[r] = (g_get_monotonic_time() - start) / 1e6;
  }
  printf("core analysis: %.0f ms (%.1f Mpx/s): scar %.1f cm², %d existing dots, %.1f FU/cm² and "
         "%.3f mm measured around it\n",
         1e3 * smp_bench_median(core, rounds), n_px / smp_bench_median(core, rounds) / 1e6,
         a->scar_pixels / (settings.px_per_mm * settings.px_per_mm) / 100.0, a->n_dots, a->density,
         a->dot_diameter_mm);
  smp_scar_analysis_free(a);
  g_free(core);
  g_free(luma);
}

/* The ops in turns, each round every op once; their medians and ratios. */
static void
bench_ops(GeglBuffer *buffer, const guint8 *pixels, double ppi, int rounds)
{
  const GeglRectangle *extent = gegl_buffer_get_extent(buffer);
  const gsize n_px = (gsize)extent->width * extent->height;
  guint8 *dest = g_malloc(n_px * 4);
  const int n = G_N_ELEMENTS(benches);
  for (int b = 0; b < n; b++) {
    benches[b].times = g_new(double, rounds);
    render_seconds(buffer, benches[b].op, ppi, dest); /* warm-up */
  }
  for (int r = 0; r < rounds; r++)
    for (int b = 0; b < n; b++)
      benches[b].times[r] = render_seconds(buffer, benches[b].op, ppi, dest);
  gsize changed = 0;
  for (gsize i = 0; i < n_px; i++)
    changed += memcmp(dest + 4 * i, pixels + 4 * i, 4) != 0;

  double stretch = smp_bench_median(benches[0].times, rounds),
         blur = smp_bench_median(benches[1].times, rounds);
  for (int b = 0; b < n; b++) {
    double t = smp_bench_median(benches[b].times, rounds);
    printf("%-22s %8.0f ms  %6.1f Mpx/s   x%.2f stretch-contrast   x%.2f gaussian-blur\n",
           benches[b].label, 1e3 * t, n_px / t / 1e6, t / stretch, t / blur);
  }
  printf("smp:scar-camouflage changed %.2f %% of the pixels\n", 100.0 * changed / n_px);
  for (int b = 0; b < n; b++)
    g_free(benches[b].times);
  g_free(dest);
}

int
main(int argc, char **argv)
{
  int rounds = 5, width = 4000, height = 3000;
  double ppi = 300.0;
  gboolean fue = FALSE;
  const char *module_dir = NULL;
  for (int i = 1; i < argc; i++) {
    if (smp_bench_size_option(argc, argv, &i, &rounds, &width, &height, &ppi))
      continue;
    if (!strcmp(argv[i], "--fue"))
      fue = TRUE;
    else if (argv[i][0] != '-' && !module_dir)
      module_dir = argv[i];
    else
      usage();
  }
  if (!module_dir || rounds < 1 || width < 1 || height < 1 || !(ppi > 0.0))
    usage();

  smp_bench_gegl_init(&argc, &argv);
  gegl_load_module_directory(module_dir);
  for (gsize b = 0; b < G_N_ELEMENTS(benches); b++)
    if (!gegl_has_operation(benches[b].op)) {
      fprintf(stderr, "bench-scar: operation %s not found (module dir %s)\n", benches[b].op,
              module_dir);
      return 1;
    }

  ScarPhotoSpec spec =
      scar_photo_spec(width, height, fue ? SCAR_PHOTO_FUE : SCAR_PHOTO_STRIP, 60.0);
  spec.ppi = ppi;
  spec.strip_mm = 10.0;
  ScarPhoto *photo = scar_photo_build(&spec);
  GeglBuffer *buffer;
  guint8 *pixels = smp_bench_photo_u8(photo->rgba, width, height, &buffer);

  printf("%d x %d px (%.0f x %.0f mm at %.0f ppi), %s scar, %.0f FU/cm² around it; "
         "R'G'B'A u8 in and out, GEGL %d threads, median of %d alternating rounds\n",
         width, height, width / ppi * 25.4, height / ppi * 25.4, ppi, fue ? "FUE" : "10 mm strip",
         spec.density, smp_bench_gegl_threads(), rounds);

  bench_core(pixels, width, height, ppi, rounds);
  bench_ops(buffer, pixels, ppi, rounds);
  g_free(pixels);
  g_object_unref(buffer);
  scar_photo_free(photo);
  gegl_exit();
  return 0;
}
