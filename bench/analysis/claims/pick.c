/*
 * claims/pick.c - see eval.h: filling a claim's result, and finding the
 * cells its test reads. Workloads are chosen by their kind (the CSV's
 * `kind` column), never by name, except where a claim is about one
 * measurement (C6's primes sweep, C8's payload, C9's race workloads).
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

void claim_add_speedup(struct claim_result *r, const char *wl,
		       const struct sum_cell *c)
{
	ADD(figure, "%s %.2fx (W=%u)", wl, c->speedup.point, c->workers);
}

struct sum_iv pick_median_iv(const struct sum_cell *c, const double *x)
{
	struct stats_interval iv;
	struct sum_iv out = { NAN, NAN, NAN, 0, 0, NAN };

	if (c && c->n && !stats_boot_median(x, c->n, STATS_RESAMPLES,
					    STATS_SEED, &iv))
		out = (struct sum_iv){ iv.point, iv.lo, iv.hi, c->n, 0,
				       c->load_med };
	return out;
}

size_t pick_workloads(const struct summary *s, enum sum_kind kind,
		      const char **out)
{
	const char *all[MAX_WL];
	size_t n = summary_workloads(s, all, MAX_WL), k = 0;

	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < summary_ncells(s); j++) {
			const struct sum_cell *c = summary_cell(s, j);

			if (strcmp(c->workload, all[i]) == 0) {
				if (c->kind == kind)
					out[k++] = all[i];
				break;
			}
		}
	}
	return k;
}

int pick_has_workload(const struct summary *s, const char *wl)
{
	uint64_t t, z;

	return summary_primary(s, wl, &t, &z, NULL) == 0;
}

const struct sum_cell *pick_at_cores(const struct claim_ctx *ctx,
				     const char *wl, const char *mode)
{
	for (long w = ctx->cores > 0 ? ctx->cores : 1; w >= 1; w--) {
		const struct sum_cell *c = summary_at(ctx->s, wl, mode,
						      (unsigned)w);
		if (c)
			return c;
	}
	return NULL;
}

const struct sum_cell *pick_best(const struct summary *s, const char *wl,
				 const char *mode,
				 double (*score)(const struct sum_cell *))
{
	const struct sum_cell *best = NULL;
	double top = -1;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		double v;

		if (!c->n || strcmp(c->workload, wl) || strcmp(c->mode, mode))
			continue;
		v = score(c);
		if (v >= 0 && v > top) {
			top = v;
			best = c;
		}
	}
	return best;
}

const struct sum_cell *pick_any_tasks(const struct summary *s,
				      const char *wl, const char *mode,
				      unsigned workers)
{
	const struct sum_cell *other = NULL;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (!c->n || c->workers != workers || strcmp(c->workload, wl) ||
		    strcmp(c->mode, mode))
			continue;
		if (isnan(c->switch_ms) || c->switch_ms == 5.0)
			return c;
		other = c;
	}
	return other;
}
