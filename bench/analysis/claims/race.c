/*
 * claims/race.c - C9: counter += 1 is not atomic.
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <string.h>

/* The plain cell of a race workload under mode with the most
 * repetitions. */
static const struct sum_cell *race_cell(const struct summary *s,
					const char *wl, const char *mode)
{
	const struct sum_cell *best = NULL;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (summary_plain(c) && strcmp(c->workload, wl) == 0 &&
		    strcmp(c->mode, mode) == 0 && (!best || c->n > best->n))
			best = c;
	}
	return best;
}

/* C9: counter += 1 is not atomic. */
enum verdict eval_c9(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct summary *s = ctx->s;
	const struct sum_cell *u = race_cell(s, "race", "threads");
	const struct sum_cell *m = race_cell(s, "race-mutex", "threads");
	const struct sum_cell *a = race_cell(s, "race-atomic", "threads");
	unsigned lossy = 0;
	double most = 0;

	SET(test, "threads: lost updates > 0 in some repetition "
	    "unsynchronised, exactly 0 in every one with a mutex and with an "
	    "atomic (whose final counters are the checked answers) / "
	    "contradicted when a locked counter loses one");
	if (!u || !u->n || !m || !a)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "race, race-mutex and race-atomic runs "
				     "under threads");
	for (unsigned i = 0; i < u->n; i++) {
		lossy += u->metric[i] > 0;
		if (u->metric[i] > most)
			most = u->metric[i];
	}
	r->reps = u->n;
	ADD(figure, "unsynchronised: %u of %u runs lost updates (median "
	    "%.0f, most %.0f, of %llu x %llu increments)", lossy, u->n,
	    u->metric_med, most, (unsigned long long)u->tasks,
	    (unsigned long long)u->size);
	ADD(figure, "mutex: %u runs, %u failed; atomic: %u runs, %u failed",
	    m->n, m->failed, a->n, a->failed);
	/* A lost update under a lock is a wrong answer: a failed row. */
	if (m->failed || a->failed || (m->n && stats_max(m->metric, m->n) > 0) ||
	    (a->n && stats_max(a->metric, a->n) > 0))
		return claim_verdict(r, VERDICT_CONTRADICTED, "a locked or "
				     "atomic counter lost updates or missed its "
				     "exact answer");
	if (!m->n || !a->n)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "verified mutex or atomic repetition");
	if (!lossy) {
		if (r->nneeds < CLAIM_MAX_NEEDS)
			r->needs[r->nneeds++] = u;
		r->busy = summary_busy(s, u->load_med);
		return claim_verdict(r, VERDICT_INCONCLUSIVE, "race, threads at "
				     "W=%u: no update was lost in %u "
				     "repetitions, which a lock-free counter "
				     "allows when the threads happen not to "
				     "overlap; more repetitions%s would decide "
				     "it", u->workers, u->n, r->busy ? " on a "
				     "quieter machine (this one was busy)" : "");
	}
	return claim_verdict(r, VERDICT_REPRODUCED, "without a lock updates "
			     "were lost in %u of %u runs; the mutex and the "
			     "atomic add lost none", lossy, u->n);
}
