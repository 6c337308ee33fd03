/* sweep.c - see sweep.h. */
#include "bench/analysis/model/sweep.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int sweep_is(const struct series *s)
{
	if (s->kind != KIND_IO || !s->tasks_follow ||
	    !(s->key.latency_ms > 0) || cell_is_variant(s->cells[0]))
		return 0;
	for (size_t i = 0; i < s->n; i++)
		if (s->cells[i]->key.tasks < SWEEP_MIN_TASKS)
			return 0;
	return 1;
}

const struct series *sweep_find(const struct model *m, const char *wl)
{
	const struct series *best = NULL;

	for (size_t i = 0; i < model_nseries(m); i++) {
		const struct series *s = model_series_at(m, i);

		if (!strcmp(s->key.workload, wl) && sweep_is(s) &&
		    (!best || s->n > best->n ||
		     (s->n == best->n &&
		      s->key.latency_ms < best->key.latency_ms)))
			best = s;
	}
	return best;
}

const struct series *sweep_find_both(const struct model *m, const char *wl,
				     const char *a, const char *b)
{
	const struct series *best = NULL;
	unsigned most = 0;

	for (size_t i = 0; i < model_nseries(m); i++) {
		const struct series *s = model_series_at(m, i);
		unsigned top;

		if (strcmp(s->key.workload, wl) || !sweep_is(s))
			continue;
		top = sweep_top_both(s, a, b);
		if (top && (top > most ||
			    (top == most &&
			     s->key.latency_ms < best->key.latency_ms))) {
			most = top;
			best = s;
		}
	}
	return best;
}

const struct cell *sweep_cell(const struct series *s, const char *mode,
			      unsigned tasks)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (s->cells[i]->key.workers == tasks &&
		    strcmp(s->cells[i]->key.mode, mode) == 0)
			return s->cells[i];
	return NULL;
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return (x > y) - (x < y);
}

size_t sweep_sizes(const struct series *s, unsigned *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		unsigned w = (unsigned)s->cells[i]->key.workers;
		int seen = 0;

		for (size_t k = 0; k < n; k++)
			seen |= out[k] == w;
		if (!seen && n < max)
			out[n++] = w;
	}
	qsort(out, n, sizeof(*out), cmp_unsigned);
	return n;
}

unsigned sweep_top_both(const struct series *s, const char *a,
			const char *b)
{
	unsigned top = 0;

	for (size_t i = 0; i < s->n; i++) {
		const struct cell *c = s->cells[i], *o;

		if (!c->n || strcmp(c->key.mode, a) || c->key.workers <= top)
			continue;
		o = sweep_cell(s, b, (unsigned)c->key.workers);
		if (o && o->n)
			top = (unsigned)c->key.workers;
	}
	return top;
}

double sweep_mem_per_task(const struct cell *c)
{
	return c->n && c->key.tasks ? c->med[FIG_RISE] / (double)c->key.tasks
				    : NAN;
}

double sweep_cpu_per_task(const struct cell *c)
{
	return c->n && c->key.tasks ? c->med[FIG_CPU] / (double)c->key.tasks
				    : NAN;
}

/* The ratio of medians of num's figure over den's, with den's values
 * raised to floor first; 1 when den's median was below the floor. */
static int floored_ratio(const struct cell *num, const struct cell *den,
			 enum fig f, double floor, struct iv *out)
{
	double *x, *y;
	struct stats_interval si;
	int rc, bound;

	*out = iv_none;
	if (!num->n || !den->n || isnan(num->med[f]) || isnan(den->med[f]))
		return -EINVAL;
	x = gb_xcalloc(num->n, sizeof(*x));
	y = gb_xcalloc(den->n, sizeof(*y));
	cell_values(num, f, x);
	cell_values(den, f, y);
	for (unsigned i = 0; i < num->n; i++)
		x[i] = fmax(x[i], floor);
	for (unsigned i = 0; i < den->n; i++)
		y[i] = fmax(y[i], floor);
	bound = den->med[f] < floor;
	rc = stats_boot_ratio(x, num->n, y, den->n, STATS_RESAMPLES,
			      STATS_SEED, &si);
	free(x);
	free(y);
	if (rc)
		return rc;
	*out = (struct iv){ si.point, si.lo, si.hi,
			    num->n < den->n ? num->n : den->n, 0, NAN };
	return bound;
}

int sweep_mem_ratio(const struct cell *num, const struct cell *den,
		    struct iv *out)
{
	return floored_ratio(num, den, FIG_RISE, SWEEP_MEM_FLOOR_KB, out);
}

int sweep_cpu_ratio(const struct cell *num, const struct cell *den,
		    struct iv *out)
{
	return floored_ratio(num, den, FIG_CPU, SWEEP_CPU_FLOOR_S, out);
}

unsigned sweep_crossover(const struct series *s, const char *more,
			 const char *less, double factor, double *at,
			 int *bound)
{
	unsigned sizes[64];
	size_t n = sweep_sizes(s, sizes, GB_ARRAY_LEN(sizes));

	*at = NAN;
	*bound = 0;
	for (size_t i = 0; i < n; i++) {
		const struct cell *m = sweep_cell(s, more, sizes[i]);
		const struct cell *l = sweep_cell(s, less, sizes[i]);
		struct iv q;
		int rc;

		if (!m || !l || !m->n || !l->n)
			continue;
		rc = sweep_mem_ratio(m, l, &q);
		if (rc < 0)
			continue;
		*at = q.point;
		*bound = rc == 1;
		if (q.point >= factor)
			return sizes[i];
	}
	return 0;
}
