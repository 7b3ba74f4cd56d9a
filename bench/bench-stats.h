/* Statistics shared by the benchmark programs. */
#pragma once

/* The median of n timings (n >= 1); values is left as it is. */
double smp_bench_median(const double *values, int n);
