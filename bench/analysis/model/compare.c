/*
 * compare.c - see model.h: a figure of one cell over another's, paired
 * by round where they ran together, and what the machine delivered (the
 * capacity K, the background load).
 */
#include "bench/analysis/model/internal.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The repetition of c that ran in round key, or -1. */
static long rep_of(const struct cell *c, uint64_t key)
{
	for (unsigned i = 0; key && i < c->n; i++)
		if (c->reps[i].round == key)
			return (long)i;
	return -1;
}

int model_paired(const struct term *t, size_t nt, struct iv *out)
{
	double *v, other = 0, span = 0;
	size_t n = 0;
	struct stats_interval si;

	*out = iv_none;
	if (!nt || !t[0].c || !t[0].c->n)
		return -ENOENT;
	v = gb_xmalloc(t[0].c->n * sizeof(*v));
	for (unsigned i = 0; i < t[0].c->n; i++) {
		uint64_t key = t[0].c->reps[i].round;
		double prod = 1;
		size_t k;

		if (!key)
			continue;
		for (k = 0; k < nt; k++) {
			long j = t[k].c ? rep_of(t[k].c, key) : -1;
			double x;

			if (j < 0)
				break;
			x = t[k].c->reps[j].fig[t[k].f];
			if (!(x > 0))
				break;
			prod *= t[k].exp < 0 ? 1 / x : x;
		}
		if (k < nt)
			continue;
		v[n++] = prod;
		for (k = 0; k < nt; k++) {
			const struct rep *r = &t[k].c->reps[rep_of(t[k].c, key)];

			if (!isnan(r->span)) {
				other += r->other;
				span += r->span;
			}
		}
	}
	if (n >= MODEL_MIN_PAIRS &&
	    !stats_boot_median(v, n, STATS_RESAMPLES, STATS_SEED, &si))
		*out = (struct iv){ si.point, si.lo, si.hi, (unsigned)n, 1,
				    span > 0 ? other / span : NAN };
	free(v);
	return out->paired ? 0 : -ENOENT;
}

int model_compare(const struct cell *num, const struct cell *den,
		  enum fig f, struct iv *out)
{
	return model_ratio(num, f, den, f, out);
}

int model_ratio(const struct cell *num, enum fig fn, const struct cell *den,
		enum fig fd, struct iv *out)
{
	const struct term t[2] = { { num, fn, 1 }, { den, fd, -1 } };
	struct stats_interval si;
	double *x, *y, ld[2];
	size_t nl = 0;
	int rc;

	*out = iv_none;
	if (!num || !den || !num->n || !den->n)
		return -EINVAL;
	if (model_paired(t, 2, out) == 0)
		return 0;
	/* Not measured together: two independent samples. */
	x = gb_xmalloc(num->n * sizeof(*x));
	y = gb_xmalloc(den->n * sizeof(*y));
	cell_values(num, fn, x);
	cell_values(den, fd, y);
	rc = stats_boot_ratio(x, num->n, y, den->n, STATS_RESAMPLES,
			      STATS_SEED, &si);
	free(x);
	free(y);
	if (rc)
		return -EINVAL;
	if (!isnan(num->load))
		ld[nl++] = num->load;
	if (!isnan(den->load))
		ld[nl++] = den->load;
	*out = (struct iv){ si.point, si.lo, si.hi,
			    num->n < den->n ? num->n : den->n, 0,
			    nl ? stats_max(ld, nl) : NAN };
	return 0;
}

int model_capacity(const struct model *m, struct iv *k,
		   const struct cell **seq, const struct cell **fork)
{
	const struct cell *f = NULL, *q = NULL;

	*k = iv_none;
	/* fork at the most workers, then its seq twin. */
	for (size_t i = 0; i < m->ncells; i++) {
		const struct cell *c = &m->cells[i];

		if (c->kind == KIND_CALIB && c->n && !cell_is_variant(c) &&
		    strcmp(c->key.mode, "fork") == 0 &&
		    (!f || c->key.workers > f->key.workers ||
		     (c->key.workers == f->key.workers && c->n > f->n)))
			f = c;
	}
	if (f) {
		struct bench_row key = f->key;

		key.mode = "seq";
		key.workers = 1;
		q = model_cell(m, &key);
	}
	if (seq)
		*seq = q;
	if (fork)
		*fork = f;
	if (!f || !q || !q->n)
		return -ENOENT;
	return model_compare(q, f, FIG_WALL, k) ? -ENOENT : 0;
}

double model_bg_load(const struct model *m, size_t *busy, size_t *known)
{
	size_t nb = 0, nk = 0;
	double other = 0, span = 0;

	for (size_t i = 0; i < m->ncells; i++) {
		const struct cell *c = &m->cells[i];

		for (unsigned j = 0; j < c->n; j++) {
			const struct rep *r = &c->reps[j];

			if (isnan(r->span))
				continue;
			other += r->other;
			span += r->span;
			if (r->span < MODEL_LOAD_MIN_SPAN)
				continue;
			nk++;
			nb += model_busy(m, r->other / r->span);
		}
	}
	if (busy)
		*busy = nb;
	if (known)
		*known = nk;
	return span > 0 ? other / span : NAN;
}

int model_busy(const struct model *m, double load)
{
	long cores = m->machine.cores > 0 ? m->machine.cores : 1;

	return !isnan(load) && load > MODEL_BUSY_SHARE * (double)cores;
}
