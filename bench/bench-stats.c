#include "bench-stats.h"

#include <glib.h>
#include <stdlib.h>

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
