/*
 * claims/race.c - C9: counter += 1 is not atomic.
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <string.h>

/* The cell of a race workload under mode with the most repetitions
 * (failed ones too: a lost update under a lock is a wrong answer). */
static const struct cell *race_cell(const struct model *m, const char *wl,
				    const char *mode)
{
	const struct query q = { .workload = wl, .kind = KIND_ANY,
				 .mode = mode, .flags = Q_NO_VARIANTS };
	const struct cell *cells[64], *best = NULL;
	size_t n = model_select(m, &q, cells, GB_ARRAY_LEN(cells));

	for (size_t i = 0; i < n && i < GB_ARRAY_LEN(cells); i++)
		if (!best || cells[i]->n > best->n)
			best = cells[i];
	return best;
}

/* The most of figure f over c's repetitions, and how many were > 0. */
static double most_of(const struct cell *c, enum fig f, unsigned *positive)
{
	double most = 0;

	*positive = 0;
	for (unsigned i = 0; i < c->n; i++) {
		*positive += c->reps[i].fig[f] > 0;
		if (c->reps[i].fig[f] > most)
			most = c->reps[i].fig[f];
	}
	return most;
}

/* C9: counter += 1 is not atomic. */
enum verdict eval_c9(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct model *m = ctx->m;
	const struct cell *u = race_cell(m, "race", "threads");
	const struct cell *mu = race_cell(m, "race-mutex", "threads");
	const struct cell *a = race_cell(m, "race-atomic", "threads");
	unsigned lossy, lost_mu = 0, lost_a = 0;
	double most;

	if (!u || !u->n || !mu || !a)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "race, race-mutex and race-atomic runs "
				     "under threads");
	most = most_of(u, FIG_METRIC, &lossy);
	most_of(mu, FIG_METRIC, &lost_mu);
	most_of(a, FIG_METRIC, &lost_a);
	r->reps = u->n;
	ADD(figure, "unsynchronised: %u of %u runs lost updates (median "
	    "%.0f, most %.0f, of %llu x %llu increments)", lossy, u->n,
	    u->med[FIG_METRIC], most, (unsigned long long)u->key.tasks,
	    (unsigned long long)u->key.size);
	ADD(figure, "mutex: %u runs, %u failed; atomic: %u runs, %u failed",
	    mu->n, mu->failed, a->n, a->failed);
	/* A lost update under a lock is a wrong answer: a failed row. */
	if (mu->failed || a->failed || lost_mu || lost_a)
		return claim_verdict(r, VERDICT_CONTRADICTED, "a locked or "
				     "atomic counter lost updates or missed its "
				     "exact answer");
	if (!mu->n || !a->n)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "verified mutex or atomic repetition");
	if (!lossy) {
		claim_needs(r, u);
		r->busy = model_busy(m, u->load);
		return claim_verdict(r, VERDICT_INCONCLUSIVE, "race, threads at "
				     "W=%llu: no update was lost in %u "
				     "repetitions, which a lock-free counter "
				     "allows when the threads happen not to "
				     "overlap; more repetitions%s would decide "
				     "it", (unsigned long long)u->key.workers,
				     u->n, r->busy ? " on a quieter machine "
				     "(this one was busy)" : "");
	}
	return claim_verdict(r, VERDICT_REPRODUCED, "without a lock updates "
			     "were lost in %u of %u runs; the mutex and the "
			     "atomic add lost none", lossy, u->n);
}
