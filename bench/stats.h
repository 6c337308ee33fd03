/*
 * stats.h - order statistics for a handful of timings. Medians rather
 * than means, because a shared machine's noise only ever adds time.
 */
#ifndef GB_STATS_H
#define GB_STATS_H

#include <stddef.h>

/* All of these leave x unchanged; n may be 0 (they return 0 then). */
double stats_median(const double *x, size_t n);
double stats_min(const double *x, size_t n);
double stats_max(const double *x, size_t n);
/* Median absolute deviation from the median (unscaled). */
double stats_mad(const double *x, size_t n);
double stats_mean(const double *x, size_t n);
/* Sample standard deviation (n - 1); 0 when n < 2. */
double stats_stddev(const double *x, size_t n);

#endif
