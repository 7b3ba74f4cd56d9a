/* bench-presets: preset loading time against the number of groups in a file, to show it grows
 * linearly (each group a new hair type with one key, the largest file within the size limit).
 *
 *   bench-presets [--rounds N]
 *
 * Prints the median time per file and per group; per-group times that stay flat as the file grows
 * mean linear loading (a quadratic loader's double with every doubling). */
#include "smp-presets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-stats.h"

static GString *
make_file(guint groups)
{
  GString *text = g_string_new(NULL);
  for (guint g = 0; g < groups; g++)
    g_string_append_printf(text, "[hair-type:h%u]\ndensity=%u\n", g, 1 + g % 199);
  return text;
}

int
main(int argc, char **argv)
{
  const guint sizes[] = {4000, 8000, 16000, 32000};
  int rounds = 5;
  double first = 0.0;

  if (argc == 3 && !strcmp(argv[1], "--rounds"))
    rounds = atoi(argv[2]);
  if (rounds < 1 || (argc != 1 && argc != 3)) {
    fprintf(stderr, "usage: bench-presets [--rounds N]\n");
    return 2;
  }
  for (gsize s = 0; s < G_N_ELEMENTS(sizes); s++) {
    GString *text = make_file(sizes[s]);
    double *times = g_new(double, rounds), t, per_group;

    g_assert_cmpuint(text->len, <=, SMP_PRESETS_MAX_FILE_SIZE);
    for (int r = 0; r < rounds; r++) {
      SmpPresets *presets = smp_presets_new();
      GError *error = NULL;
      gint64 start = g_get_monotonic_time();
      if (!smp_presets_load_data(presets, text->str, text->len, "bench.ini", &error))
        g_error("%s", error->message);
      times[r] = (g_get_monotonic_time() - start) / 1e6;
      g_assert_cmpuint(smp_presets_count(presets, SMP_PRESET_HAIR_TYPE), ==, sizes[s]);
      smp_presets_free(presets);
    }
    t = smp_bench_median(times, rounds);
    per_group = t / sizes[s] * 1e6;
    if (s == 0)
      first = per_group;
    printf("%6u groups (%7zu bytes): %8.1f ms, %.2f us per group (x%.2f the smallest file's)\n",
           sizes[s], text->len, 1e3 * t, per_group, per_group / first);
    g_free(times);
    g_string_free(text, TRUE);
  }
  return 0;
}
