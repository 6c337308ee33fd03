/* sweep.c - see sweep.h. */
#include "bench/analysis/sweep.h"
#include "bench/core/util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* An I/O cell of the kind a sweep is made of, whatever its latency. */
static int sweep_shaped(const struct sum_cell *c, const char *wl)
{
	return c->kind == SUM_IO && summary_plain(c) &&
	       c->tasks == c->workers && c->tasks >= SWEEP_MIN_TASKS &&
	       c->latency_ms > 0 && strcmp(c->workload, wl) == 0;
}

int sweep_find(const struct summary *s, const char *wl, struct sweep *out)
{
	size_t best = 0;

	out->wl = wl;
	out->latency_ms = NAN;
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		size_t n = 0;

		if (!sweep_shaped(c, wl))
			continue;
		for (size_t k = 0; k < summary_ncells(s); k++) {
			const struct sum_cell *o = summary_cell(s, k);

			n += sweep_shaped(o, wl) &&
			     o->latency_ms == c->latency_ms;
		}
		/* Ties: the shorter latency, where a pool's own cost shows. */
		if (n > best || (n == best && c->latency_ms < out->latency_ms)) {
			best = n;
			out->latency_ms = c->latency_ms;
		}
	}
	return best ? 0 : -ENOENT;
}

int sweep_find_both(const struct summary *s, const char *wl, const char *a,
		    const char *b, struct sweep *out)
{
	unsigned best = 0;

	out->wl = wl;
	out->latency_ms = NAN;
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		struct sweep sw = { wl, c->latency_ms };
		unsigned top;

		if (!sweep_shaped(c, wl))
			continue;
		top = sweep_top_both(s, &sw, a, b);
		if (top > best || (top == best && top &&
				   c->latency_ms < out->latency_ms)) {
			best = top;
			out->latency_ms = c->latency_ms;
		}
	}
	return best ? 0 : -ENOENT;
}

int sweep_member(const struct sweep *sw, const struct sum_cell *c)
{
	return sweep_shaped(c, sw->wl) && c->latency_ms == sw->latency_ms;
}

const struct sum_cell *sweep_cell(const struct summary *s,
				  const struct sweep *sw, const char *mode,
				  unsigned tasks)
{
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (sweep_member(sw, c) && c->workers == tasks &&
		    strcmp(c->mode, mode) == 0)
			return c;
	}
	return NULL;
}

static int cmp_unsigned(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;

	return (x > y) - (x < y);
}

size_t sweep_sizes(const struct summary *s, const struct sweep *sw,
		   unsigned *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		int seen = 0;

		if (!sweep_member(sw, c))
			continue;
		for (size_t k = 0; k < n; k++)
			seen |= out[k] == c->workers;
		if (!seen && n < max)
			out[n++] = c->workers;
	}
	qsort(out, n, sizeof(*out), cmp_unsigned);
	return n;
}

unsigned sweep_top_both(const struct summary *s, const struct sweep *sw,
			const char *a, const char *b)
{
	unsigned top = 0;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i), *o;

		if (!sweep_member(sw, c) || !c->n || strcmp(c->mode, a) ||
		    c->workers <= top)
			continue;
		o = sweep_cell(s, sw, b, c->workers);
		if (o && o->n)
			top = c->workers;
	}
	return top;
}

double sweep_mem_per_task(const struct sum_cell *c)
{
	return c->n && c->tasks ? c->rise_kb / (double)c->tasks : NAN;
}

double sweep_cpu_per_task(const struct sum_cell *c)
{
	return c->n && c->tasks ? stats_median(c->cpu, c->n) / (double)c->tasks
				: NAN;
}

/* The ratio of medians of x (num) over y (den) with y's values raised to
 * floor first; 1 when den's median was below the floor. */
static int floored_ratio(const double *x, unsigned nx, const double *y,
			 unsigned ny, double floor, struct stats_interval *out)
{
	double *num, *den;
	int rc, bound;

	out->point = out->lo = out->hi = NAN;
	if (!nx || !ny)
		return -EINVAL;
	num = gb_xcalloc(nx, sizeof(*num));
	den = gb_xcalloc(ny, sizeof(*den));
	for (unsigned i = 0; i < nx; i++)
		num[i] = fmax(x[i], floor);
	for (unsigned i = 0; i < ny; i++) {
		if (isnan(y[i])) {
			free(num);
			free(den);
			return -EINVAL;
		}
		den[i] = fmax(y[i], floor);
	}
	bound = stats_median(y, ny) < floor;
	rc = stats_boot_ratio(num, nx, den, ny, STATS_RESAMPLES, STATS_SEED,
			      out);
	free(num);
	free(den);
	return rc ? rc : bound;
}

int sweep_mem_ratio(const struct sum_cell *num, const struct sum_cell *den,
		    struct stats_interval *out)
{
	if (!num->n || !den->n || isnan(num->rise_kb) || isnan(den->rise_kb)) {
		out->point = out->lo = out->hi = NAN;
		return -EINVAL;
	}
	return floored_ratio(num->rise, num->n, den->rise, den->n,
			     SWEEP_MEM_FLOOR_KB, out);
}

int sweep_cpu_ratio(const struct sum_cell *num, const struct sum_cell *den,
		    struct stats_interval *out)
{
	return floored_ratio(num->cpu, num->n, den->cpu, den->n,
			     SWEEP_CPU_FLOOR_S, out);
}

unsigned sweep_crossover(const struct summary *s, const struct sweep *sw,
			 const char *more, const char *less, double factor,
			 double *at, int *bound)
{
	unsigned sizes[64];
	size_t n = sweep_sizes(s, sw, sizes, GB_ARRAY_LEN(sizes));

	*at = NAN;
	*bound = 0;
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *m = sweep_cell(s, sw, more, sizes[i]);
		const struct sum_cell *l = sweep_cell(s, sw, less, sizes[i]);
		struct stats_interval q;
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
