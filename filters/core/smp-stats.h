/* smp-stats: robust statistics of measured values: medians, spreads, and quantiles of values in
 * [0, 1] through a histogram when there are too many to sort. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SMP_HISTOGRAM_BINS 4096

/* Counts of values in [0, 1] (clamped) in SMP_HISTOGRAM_BINS equal bins. Free with g_free. */
typedef struct {
  guint64 bins[SMP_HISTOGRAM_BINS];
  guint64 total;
} SmpHistogram;

SmpHistogram *smp_histogram_new(void);

/* Inline: it runs once per pixel of a photo. */
static inline void
smp_histogram_add(SmpHistogram *hist, float value)
{
  int b = (int)(CLAMP(value, 0.0f, 1.0f) * (SMP_HISTOGRAM_BINS - 1) + 0.5f);
  hist->bins[b]++;
  hist->total++;
}

/* The value below which a fraction q of the counted values lies (0 when empty). */
double smp_histogram_quantile(const SmpHistogram *hist, double q);
/* Median and the normal-consistent median absolute deviation (1.4826 MAD). */
void smp_histogram_median_sigma(const SmpHistogram *hist, double *median, double *sigma);

/* Median of n values (the mean of the middle two for even n; 0 for none). Reorders `values`. */
float smp_median(float *values, gsize n);

/* Normal-consistent median absolute deviation relative to `median`: a robust relative standard
 * deviation (0 when there are no values or the median is not positive). Overwrites `values`. */
double smp_relative_spread(float *values, gsize n, double median);

/* qsort () comparison of floats, ascending. */
int smp_compare_floats(const void *a, const void *b);

G_END_DECLS
