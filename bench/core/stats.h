/*
 * stats.h - order statistics for a handful of timings. Medians rather
 * than means, because a shared machine's noise only ever adds time.
 */
#ifndef GB_STATS_H
#define GB_STATS_H

#include <stddef.h>
#include <stdint.h>

/* All of these leave x unchanged; n may be 0 (they return 0 then). */
double stats_median(const double *x, size_t n);
double stats_min(const double *x, size_t n);
double stats_max(const double *x, size_t n);
/* Median absolute deviation from the median (unscaled). */
double stats_mad(const double *x, size_t n);
double stats_mean(const double *x, size_t n);
/* Sample standard deviation (n - 1); 0 when n < 2. */
double stats_stddev(const double *x, size_t n);
/* Coefficient of variation: stddev / mean; 0 when the mean is 0. */
double stats_cv(const double *x, size_t n);
/* How many values are outliers by the modified z-score of Iglewicz and
 * Hoaglin: 0.6745 |x - median| / MAD > 3.5. None when MAD is 0 (most
 * values equal: nothing stands out in a robust sense). */
size_t stats_outliers(const double *x, size_t n);
/* The q-quantile (0..1) of sorted values s, linear interpolation. */
double stats_quantile_sorted(const double *s, size_t n, double q);

/* Sort x ascending, in place (for the quantiles above). */
void stats_sort(double *x, size_t n);

/* A 95% percentile bootstrap interval for median(num) / median(den):
 * `resamples` times, draw each sample with replacement (sizes kept),
 * take the ratio of medians; the interval is its 2.5% and 97.5%
 * quantiles. Seeded, so a report is reproducible. With one value on each
 * side the interval is the point itself. Returns 0, or -EINVAL when a
 * side is empty or a median is not positive. */
struct stats_interval {
	double point, lo, hi;
};
int stats_boot_ratio(const double *num, size_t nn, const double *den,
		     size_t nd, unsigned resamples, uint64_t seed,
		     struct stats_interval *out);
/* The same for median(x) alone (den NULL is not allowed there: this is
 * its own call). */
/* The same for the q-quantile (0..1) of each side: p99 / p99. */
int stats_boot_quantile_ratio(const double *num, size_t nn, const double *den,
			      size_t nd, double q, unsigned resamples,
			      uint64_t seed, struct stats_interval *out);
int stats_boot_median(const double *x, size_t n, unsigned resamples,
		      uint64_t seed, struct stats_interval *out);
/* Paired: num[i] and den[i] were measured together (one round of the
 * interleaved order), so the ratio of pair i, num[i] / den[i], carries
 * what drifted in common away. The point is the median of the n paired
 * ratios, the interval a bootstrap over the pairs of that median. Returns
 * 0, or -EINVAL when n is 0 or a den[i] is not positive. */
int stats_boot_paired(const double *num, const double *den, size_t n,
		      unsigned resamples, uint64_t seed,
		      struct stats_interval *out);

/* The defaults the summary uses: enough resamples for stable 2.5%
 * quantiles, a fixed seed so reruns print the same intervals. */
#define STATS_RESAMPLES 2000u
#define STATS_SEED 0x9e3779b97f4a7c15ull

#endif
