/* bench-correction: times the correction analysis of old SMP (smp-correction) on a large
 * synthetic close-up photo against gegl:gaussian-blur (std-dev 10) on the same image in the same
 * run.
 *
 *   bench-correction [--rounds N] [--width W] [--height H] [--ppi PPI]
 *
 * The photo (default 6000 x 4000 px, 24 megapixels, at 1000 ppi: 152 x 102 mm of treated scalp
 * above a natural hairline, with blown-out and too-dark dots and two solid-shade patches, as
 * tests/photo/smp-photo-faults renders it) is held as R'G'B'A u8, which is what the plug-in reads.
 * The analysis and the four pictures run on that array in one thread; the blur renders it from a
 * GEGL buffer into an R'G'B'A u8 array with GEGL's threads. Rounds alternate so that drift in
 * machine load affects both alike; medians are reported. */
#include "smp-correction.h"
#include "smp-photo-faults.h"
#include "smp-photo.h"

#include <gegl.h>
#include <stdio.h>

#include "bench-stats.h"

int
main(int argc, char **argv)
{
  int rounds = 3, width = 6000, height = 4000;
  double ppi = 1000.0;
  smp_bench_start_sized("bench-correction", &argc, &argv, &rounds, &width, &height, &ppi);

  SmpFaultsSpec spec;
  smp_faults_spec_init(&spec);
  spec.width = width;
  spec.height = height;
  spec.ppi = ppi;
  spec.n_helmets = 2;
  spec.hairline_y_mm = 0.75 * height / ppi * 25.4;
  SmpFaultsPhoto *photo = smp_faults_render(&spec);
  const gsize n_px = (gsize)width * height;
  GeglBuffer *buffer;
  guint8 *pixels = smp_bench_photo_u8(photo->rgba, width, height, &buffer);
  SmpCorrectionParams params;
  smp_faults_correction_params(&spec, photo, &params);
  const int planted = photo->n_dots;
  smp_faults_free(photo);
  guint8 *dest = g_malloc(n_px * 4);
  guint8 *layers[4];
  for (int k = 0; k < 4; k++)
    layers[k] = g_malloc(n_px * 4);

  printf("%d x %d px (%.1f megapixels, %.0f x %.0f mm at %.0f ppi), old SMP with faults, %d "
         "dots; correction in 1 thread, gaussian-blur with GEGL's %d threads; median of %d "
         "alternating rounds\n",
         width, height, n_px / 1e6, width / ppi * 25.4, height / ppi * 25.4, ppi, planted,
         smp_bench_gegl_threads(), rounds);

  double *analyse = g_new(double, rounds), *render = g_new(double, rounds),
         *blur = g_new(double, rounds);
  SmpCorrection *c = NULL;
  int added = 0;
  smp_bench_blur_seconds(buffer, dest); /* warm-up */
  for (int r = 0; r < rounds; r++) {
    smp_correction_free(c);
    gint64 start = g_get_monotonic_time();
    c = smp_correction_analyse(pixels, NULL, width, height, &params);
    gint64 mid = g_get_monotonic_time();
    smp_correction_render(c, pixels, layers[0], layers[1], layers[2], layers[3], &added);
    analyse[r] = (mid - start) / 1e6;
    render[r] = (g_get_monotonic_time() - mid) / 1e6;
    blur[r] = smp_bench_blur_seconds(buffer, dest);
  }
  double ta = smp_bench_median(analyse, rounds), tr = smp_bench_median(render, rounds);
  double tb = smp_bench_median(blur, rounds);
  printf("correction: %d dots, %d blown out, %d too dark, %.1f cm² of solid shade, %d to add\n",
         c->n_dots, c->n_blown, c->n_dark, c->helmet_cm2, added);
  smp_bench_print_time("smp-correction analysis", ta, n_px);
  smp_bench_print_time("smp-correction pictures", tr, n_px);
  smp_bench_print_time("gegl:gaussian-blur (10)", tb, n_px);
  printf("ratio analysis / gaussian-blur: x%.2f\n", ta / tb);
  printf("ratio analysis and pictures / gaussian-blur: x%.2f\n", (ta + tr) / tb);

  smp_correction_free(c);
  g_free(analyse);
  g_free(render);
  g_free(blur);
  for (int k = 0; k < 4; k++)
    g_free(layers[k]);
  g_free(dest);
  g_free(pixels);
  g_object_unref(buffer);
  gegl_exit();
  return 0;
}
