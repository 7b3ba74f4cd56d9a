/* bench-analyse: times the photo analysis (smp-analyse) on a large synthetic head photo against
 * gegl:gaussian-blur (std-dev 10) on the same image in the same run.
 *
 *   bench-analyse [--rounds N] [--width W] [--height H] [--ppi PPI]
 *
 * The photo (default 4000 x 6000 px, 24 megapixels, at 600 ppi: a top view of a whole head with
 * a bald cap, stubble and long hair, lit from one side, as tests/photo renders it) is held as
 * R'G'B'A u8, which is what the plug-in reads. The analysis runs on that array in one thread;
 * the blur renders it from a GEGL buffer into an R'G'B'A u8 array with GEGL's threads. Rounds
 * alternate so that drift in machine load affects both alike; medians are reported. */
#include "smp-analyse.h"
#include "smp-photo.h"

#include <gegl.h>
#include <stdio.h>

#include "bench-stats.h"

int
main(int argc, char **argv)
{
  int rounds = 3, width = 4000, height = 6000;
  double ppi = 600.0;
  smp_bench_start_sized("bench-analyse", &argc, &argv, &rounds, &width, &height, &ppi);

  SmpPhotoSpec spec;
  smp_photo_spec_init(&spec, width, height);
  spec.ppi = ppi;
  spec.bald_deg = 35.0;
  spec.jpeg_quality = 92;
  SmpPhoto *photo = smp_photo_render(&spec);
  const gsize n_px = (gsize)width * height;
  GeglBuffer *buffer;
  guint8 *pixels = smp_bench_photo_u8(photo->rgba, width, height, &buffer);
  smp_photo_free(photo);
  guint8 *dest = g_malloc(n_px * 4);

  printf("%d x %d px (%.1f megapixels, %.0f x %.0f mm at %.0f ppi), top view of a head, JPEG "
         "quality %d; analysis in 1 thread, gaussian-blur with GEGL's %d threads; median of %d "
         "alternating rounds\n",
         width, height, n_px / 1e6, width / ppi * 25.4, height / ppi * 25.4, ppi, spec.jpeg_quality,
         smp_bench_gegl_threads(), rounds);

  double *analyse = g_new(double, rounds), *blur = g_new(double, rounds);
  SmpAnalysis *a = NULL;
  smp_bench_blur_seconds(buffer, dest); /* warm-up */
  for (int r = 0; r < rounds; r++) {
    smp_analysis_free(a);
    gint64 start = g_get_monotonic_time();
    a = smp_analyse_photo(pixels, NULL, width, height, ppi / 25.4);
    analyse[r] = (g_get_monotonic_time() - start) / 1e6;
    blur[r] = smp_bench_blur_seconds(buffer, dest);
  }
  double ta = smp_bench_median(analyse, rounds), tb = smp_bench_median(blur, rounds);
  printf("analysis: hair %.1f cm², stubble %.1f cm², scalp %.1f cm²; fringe %.1f per cm², "
         "%.3f mm, %d dots in %d samples\n",
         a->hair_cm2, a->stubble_cm2, a->scalp_cm2, a->fringe_density, a->fringe_dot_mm,
         a->fringe_dots, a->fringe_tiles);
  smp_bench_print_time("smp-analyse", ta, n_px);
  smp_bench_print_time("gegl:gaussian-blur (10)", tb, n_px);
  printf("ratio analysis / gaussian-blur: x%.2f\n", ta / tb);

  smp_analysis_free(a);
  g_free(analyse);
  g_free(blur);
  g_free(dest);
  g_free(pixels);
  g_object_unref(buffer);
  gegl_exit();
  return 0;
}
