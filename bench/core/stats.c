/* stats.c - see stats.h. Small n: copying and sorting is simplest. */
#include "bench/core/stats.h"
#include "bench/core/util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

void stats_sort(double *x, size_t n)
{
	qsort(x, n, sizeof(*x), cmp_double);
}

double stats_median(const double *x, size_t n)
{
	double *s, m;

	if (!n)
		return 0;
	s = gb_xmalloc(n * sizeof(*s));
	memcpy(s, x, n * sizeof(*s));
	qsort(s, n, sizeof(*s), cmp_double);
	m = n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
	free(s);
	return m;
}

double stats_min(const double *x, size_t n)
{
	double m = n ? x[0] : 0;

	for (size_t i = 1; i < n; i++)
		if (x[i] < m)
			m = x[i];
	return m;
}

double stats_max(const double *x, size_t n)
{
	double m = n ? x[0] : 0;

	for (size_t i = 1; i < n; i++)
		if (x[i] > m)
			m = x[i];
	return m;
}

double stats_mad(const double *x, size_t n)
{
	double med = stats_median(x, n), *d, r;

	if (!n)
		return 0;
	d = gb_xmalloc(n * sizeof(*d));
	for (size_t i = 0; i < n; i++)
		d[i] = fabs(x[i] - med);
	r = stats_median(d, n);
	free(d);
	return r;
}

double stats_mean(const double *x, size_t n)
{
	double s = 0;

	for (size_t i = 0; i < n; i++)
		s += x[i];
	return n ? s / (double)n : 0;
}

double stats_stddev(const double *x, size_t n)
{
	double m = stats_mean(x, n), s = 0;

	if (n < 2)
		return 0;
	for (size_t i = 0; i < n; i++)
		s += (x[i] - m) * (x[i] - m);
	return sqrt(s / (double)(n - 1));
}

double stats_cv(const double *x, size_t n)
{
	double m = stats_mean(x, n);

	return m != 0 ? stats_stddev(x, n) / fabs(m) : 0;
}

size_t stats_outliers(const double *x, size_t n)
{
	double med = stats_median(x, n), mad = stats_mad(x, n);
	size_t k = 0;

	if (mad <= 0)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (0.6745 * fabs(x[i] - med) / mad > 3.5)
			k++;
	return k;
}

double stats_quantile_sorted(const double *s, size_t n, double q)
{
	double pos, frac;
	size_t i;

	if (!n)
		return 0;
	pos = q * (double)(n - 1);
	i = (size_t)pos;
	if (i + 1 >= n)
		return s[n - 1];
	frac = pos - (double)i;
	return s[i] + frac * (s[i + 1] - s[i]);
}

/* The q-quantile of n values drawn with replacement from x, using tmp
 * (n); q = 0.5 is the median. */
static double resample_q(const double *x, size_t n, double *tmp, double q,
			 uint64_t *rng)
{
	for (size_t i = 0; i < n; i++)
		tmp[i] = x[gb_rand_next(rng) % n];
	qsort(tmp, n, sizeof(*tmp), cmp_double);
	return stats_quantile_sorted(tmp, n, q);
}

/* The q-quantile of x (a sorted copy). */
static double quantile_of(const double *x, size_t n, double q)
{
	double *t = gb_xmalloc((n ? n : 1) * sizeof(*t)), v;

	memcpy(t, x, n * sizeof(*t));
	qsort(t, n, sizeof(*t), cmp_double);
	v = stats_quantile_sorted(t, n, q);
	free(t);
	return v;
}

/* The shared bootstrap of the q-quantile: den may be NULL (then the
 * quantile of num alone). */
static int bootstrap(const double *num, size_t nn, const double *den,
		     size_t nd, double q, unsigned resamples, uint64_t seed,
		     struct stats_interval *out)
{
	double mn, md;
	double *t1, *t2, *r;
	uint64_t rng = seed;
	size_t k = 0;

	out->point = out->lo = out->hi = 0;
	if (!nn || (den && !nd) || !resamples)
		return -EINVAL;
	mn = quantile_of(num, nn, q);
	md = den ? quantile_of(den, nd, q) : 1;
	if (den && md <= 0)
		return -EINVAL;
	out->point = mn / md;
	t1 = gb_xmalloc(nn * sizeof(*t1));
	t2 = gb_xmalloc((den ? nd : 1) * sizeof(*t2));
	r = gb_xmalloc(resamples * sizeof(*r));
	for (unsigned b = 0; b < resamples; b++) {
		double a = resample_q(num, nn, t1, q, &rng);
		double d = den ? resample_q(den, nd, t2, q, &rng) : 1;

		/* A resample whose quantile is 0 has no ratio; skip it. */
		if (d > 0)
			r[k++] = a / d;
	}
	qsort(r, k, sizeof(*r), cmp_double);
	out->lo = k ? stats_quantile_sorted(r, k, 0.025) : out->point;
	out->hi = k ? stats_quantile_sorted(r, k, 0.975) : out->point;
	free(t1);
	free(t2);
	free(r);
	return 0;
}

int stats_boot_ratio(const double *num, size_t nn, const double *den,
		     size_t nd, unsigned resamples, uint64_t seed,
		     struct stats_interval *out)
{
	if (!den)
		return -EINVAL;
	return bootstrap(num, nn, den, nd, 0.5, resamples, seed, out);
}

int stats_boot_quantile_ratio(const double *num, size_t nn, const double *den,
			      size_t nd, double q, unsigned resamples,
			      uint64_t seed, struct stats_interval *out)
{
	if (!den || !(q >= 0 && q <= 1))
		return -EINVAL;
	return bootstrap(num, nn, den, nd, q, resamples, seed, out);
}

int stats_boot_median(const double *x, size_t n, unsigned resamples,
		      uint64_t seed, struct stats_interval *out)
{
	return bootstrap(x, n, NULL, 0, 0.5, resamples, seed, out);
}

int stats_boot_paired(const double *num, const double *den, size_t n,
		      unsigned resamples, uint64_t seed,
		      struct stats_interval *out)
{
	double *r;
	int rc;

	out->point = out->lo = out->hi = 0;
	if (!n)
		return -EINVAL;
	r = gb_xmalloc(n * sizeof(*r));
	for (size_t i = 0; i < n; i++) {
		if (!(den[i] > 0)) {
			free(r);
			return -EINVAL;
		}
		r[i] = num[i] / den[i];
	}
	rc = bootstrap(r, n, NULL, 0, 0.5, resamples, seed, out);
	free(r);
	return rc;
}
