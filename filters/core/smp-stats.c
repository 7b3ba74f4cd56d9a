/* smp-stats: robust statistics of measured values. See smp-stats.h. */
#include "smp-stats.h"

#include <math.h>
#include <stdlib.h>

SmpHistogram *
smp_histogram_new(void)
{
  return g_new0(SmpHistogram, 1);
}

double
smp_histogram_quantile(const SmpHistogram *hist, double q)
{
  g_return_val_if_fail(hist != NULL, 0.0);
  if (hist->total == 0)
    return 0.0;
  guint64 target = (guint64)(q * (double)(hist->total - 1)), seen = 0;
  for (int b = 0; b < SMP_HISTOGRAM_BINS; b++) {
    seen += hist->bins[b];
    if (seen > target)
      return (double)b / (SMP_HISTOGRAM_BINS - 1);
  }
  return 1.0;
}

void
smp_histogram_median_sigma(const SmpHistogram *hist, double *median, double *sigma)
{
  g_return_if_fail(hist != NULL && median != NULL && sigma != NULL);
  *median = smp_histogram_quantile(hist, 0.5);
  SmpHistogram *dev = smp_histogram_new();
  for (int b = 0; b < SMP_HISTOGRAM_BINS; b++)
    if (hist->bins[b]) {
      int d = (int)fabs((double)b - *median * (SMP_HISTOGRAM_BINS - 1));
      dev->bins[MIN(d, SMP_HISTOGRAM_BINS - 1)] += hist->bins[b];
      dev->total += hist->bins[b];
    }
  *sigma = 1.4826 * smp_histogram_quantile(dev, 0.5);
  g_free(dev);
}

int
smp_compare_floats(const void *a, const void *b)
{
  float x = *(const float *)a, y = *(const float *)b;
  return (x > y) - (x < y);
}

float
smp_median(float *values, gsize n)
{
  if (n == 0)
    return 0.0f;
  g_return_val_if_fail(values != NULL, 0.0f);
  qsort(values, n, sizeof(float), smp_compare_floats);
  return n % 2 ? values[n / 2] : 0.5f * (values[n / 2 - 1] + values[n / 2]);
}

double
smp_relative_spread(float *values, gsize n, double median)
{
  if (n == 0 || !(median > 0.0))
    return 0.0;
  g_return_val_if_fail(values != NULL, 0.0);
  for (gsize i = 0; i < n; i++)
    values[i] = fabsf(values[i] - (float)median);
  return 1.4826 * smp_median(values, n) / median;
}
