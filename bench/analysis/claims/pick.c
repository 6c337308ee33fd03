/*
 * claims/pick.c - see eval.h: finding the cells a test reads, all
 * through the model's queries (model.h). Workloads are chosen by their
 * kind (the CSV's `kind` column), never by name, except where a claim is
 * about one measurement (C6's primes sweep, C8's payload, C9's race
 * workloads).
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <string.h>

void cell_name(char *buf, size_t len, const struct cell *c)
{
	snprintf(buf, len, "%s, %s at W=%llu", c->key.workload, c->key.mode,
		 (unsigned long long)c->key.workers);
}

void claim_add_speedup(struct claim_result *r, const struct cell *c)
{
	text_addf(&r->figure, "; ", "%s %.2fx (W=%llu)", c->key.workload,
		  c->speedup.point, (unsigned long long)c->key.workers);
}

size_t pick_workloads(const struct model *m, enum kind kind,
		      const char **out)
{
	const char *all[MAX_WL];
	size_t n = model_workloads(m, all, MAX_WL), k = 0;

	for (size_t i = 0; i < n; i++) {
		const struct query q = { .workload = all[i], .kind = KIND_ANY };
		const struct cell *c = model_find(m, &q);

		if (c && c->kind == kind)
			out[k++] = all[i];
	}
	return k;
}

const struct cell *pick_at_cores(const struct claim_ctx *ctx,
				 const char *wl, const char *mode)
{
	const struct series *s = model_main_series(ctx->m, wl,
						   mode_baseline(mode));

	return series_cell_upto(s, mode, ctx->cores > 0
				? (unsigned)ctx->cores : 1);
}

const struct cell *pick_best(const struct model *m, const char *wl,
			     const char *mode,
			     double (*score)(const struct cell *))
{
	const struct query q = { .workload = wl, .kind = KIND_ANY,
				 .mode = mode, .flags = Q_MEASURED };
	const struct cell *cells[512], *best = NULL;
	size_t n = model_select(m, &q, cells, GB_ARRAY_LEN(cells));
	double top = -1;

	for (size_t i = 0; i < n && i < GB_ARRAY_LEN(cells); i++) {
		double v = score(cells[i]);

		if (v >= 0 && v > top) {
			top = v;
			best = cells[i];
		}
	}
	return best;
}

const struct cell *pick_workers(const struct model *m, const char *wl,
				const char *mode, unsigned workers)
{
	const struct query q = { .workload = wl, .kind = KIND_ANY,
				 .mode = mode, .workers = workers,
				 .flags = Q_MEASURED };
	const struct query def = { .workload = wl, .kind = KIND_ANY,
				   .mode = mode, .workers = workers,
				   .flags = Q_MEASURED | Q_DEFAULT_OPTS };
	const struct cell *c = model_find(m, &def);

	return c ? c : model_find(m, &q);
}
