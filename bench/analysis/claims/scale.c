/*
 * claims/scale.c - Beyond the machine: C15 (a speedup above the core count), C16
 * (processes over several machines).
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <string.h>

/* The speedup the article claims for a CPU-bound job (17 s -> 0.5 s). */
#define CLAIMED_SPEEDUP 34.0

/* C15: a claimed speedup beyond the number of cores. */
enum verdict eval_c15(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct claim_test t = TEST_ABOVE(0.8 * CLAIMED_SPEEDUP, 1, 0);
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_CPU, wls);
	const struct sum_cell *best = NULL;
	char iv[96], k[96] = "";

	SET(test, "a speedup of %.0fx needs %.0f cores: contradicted on this "
	    "machine when %.0f > N = %ld (beyond the physical limit) and "
	    "hi(S) < %.0f for the best CPU-bound speedup S; elsewhere "
	    "lo(S) >= 0.8 x %.0f", CLAIMED_SPEEDUP, CLAIMED_SPEEDUP,
	    CLAIMED_SPEEDUP, ctx->cores, CLAIMED_SPEEDUP, CLAIMED_SPEEDUP);
	for (size_t i = 0; i < summary_ncells(ctx->s); i++) {
		const struct sum_cell *c = summary_cell(ctx->s, i);
		int plain = 0;

		for (size_t j = 0; j < n; j++)
			plain |= strcmp(c->workload, wls[j]) == 0;
		/* The best by its lower bound among the cells with
		 * SUM_MIN_PAIRS repetitions or more: the speedup this run is
		 * surest of, not a lucky point of two repetitions. */
		if (!plain || !summary_plain(c) || isnan(c->speedup.lo))
			continue;
		if (!best ||
		    (c->speedup.n >= SUM_MIN_PAIRS) >
		    (best->speedup.n >= SUM_MIN_PAIRS) ||
		    ((c->speedup.n >= SUM_MIN_PAIRS) ==
		     (best->speedup.n >= SUM_MIN_PAIRS) &&
		     c->speedup.lo > best->speedup.lo))
			best = c;
	}
	if (!best)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "CPU-bound speedup in this run");
	if (!isnan(ctx->k.point))
		snprintf(k, sizeof(k), ", delivering K = %.2f", ctx->k.point);
	SET(figure, "best CPU-bound speedup %.2fx (%s, %s, W=%u) on N = %ld "
	    "cores%s; claimed %.0fx", best->speedup.point, best->mode,
	    best->workload, best->workers, ctx->cores, k, CLAIMED_SPEEDUP);
	claim_iv_text(iv, sizeof(iv), &best->speedup, &t);
	SET(interval, "best S: %s", iv);
	r->reps = best->speedup.n;
	if (ctx->cores < CLAIMED_SPEEDUP) {
		if (best->speedup.hi < CLAIMED_SPEEDUP)
			return claim_verdict(r, VERDICT_CONTRADICTED, "beyond "
					     "the physical limit: %.0fx is more "
					     "than the %ld cores of this machine%s "
					     "can give (the best here is %.2fx); "
					     "the article's baseline must have "
					     "differed", CLAIMED_SPEEDUP,
					     ctx->cores, k, best->speedup.point);
		return claim_verdict(r, VERDICT_INCONCLUSIVE, "the best "
				     "interval %s reaches %.0fx on %ld cores: "
				     "a measurement to repeat", iv,
				     CLAIMED_SPEEDUP, ctx->cores);
	}
	switch (claim_judge(&best->speedup, &t)) {
	case 1:
		return claim_verdict(r, VERDICT_REPRODUCED, "this machine has "
				     "the cores, and lo(S) reached 0.8 x %.0f",
				     CLAIMED_SPEEDUP);
	case -1:
		return claim_verdict(r, VERDICT_CONTRADICTED, "the machine has "
				     "%ld cores%s but the best speedup is %s, "
				     "wholly below 0.8 x %.0f", ctx->cores, k,
				     iv, CLAIMED_SPEEDUP);
	default:
		return claim_verdict(r, VERDICT_INCONCLUSIVE, "the best speedup "
				     "%s straddles 0.8 x %.0f after %u "
				     "repetitions", iv, CLAIMED_SPEEDUP,
				     best->speedup.n);
	}
}

/* "ran over 3 hosts: primes W=4 +160 us per task over fork (1.12x)" for
 * every mpi cell that ran over several hosts and has a fork cell at the
 * same W; returns how many, the most hosts in *hosts. */
static size_t over_hosts(const struct claim_ctx *ctx, const char *wl,
			 struct claim_result *r, unsigned *hosts)
{
	size_t n = 0;

	for (size_t k = 0; k < summary_ncells(ctx->s); k++) {
		const struct sum_cell *m = summary_cell(ctx->s, k), *f;
		struct sum_iv w;
		double per;

		if (strcmp(m->mode, "mpi") || strcmp(m->workload, wl) ||
		    m->hosts < 2 || !m->n || !m->tasks)
			continue;
		f = summary_find(ctx->s, wl, "fork", m->workers, m->tasks,
				 m->size, NAN);
		if (!f || !f->n || summary_ratio(m, f, 0, &w))
			continue;
		per = 1e6 * (m->median - f->median) / (double)m->tasks;
		ADD(figure, "ran over %u hosts: %s W=%u %+.0f us per task over "
		    "fork (mpi/fork %.2f)", m->hosts, wl, m->workers, per,
		    w.point);
		ADD(interval, "%s W=%u over %u hosts [%.2f, %.2f]", wl,
		    m->workers, m->hosts, w.lo, w.hi);
		if (m->hosts > *hosts)
			*hosts = m->hosts;
		n++;
	}
	return n;
}

/* C16: processes scale across machines, threads cannot. */
enum verdict eval_c16(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct claim_test beyond = TEST_ABOVE((double)ctx->cores, 0, 1);
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_CPU, wls), nm = 0, nh = 0;
	unsigned hosts = 0;
	const struct sum_cell *best = NULL;

	SET(test, "mpi / fork wall at equal W on one machine (overhead); "
	    "with several hosts, every answer verified, mpi's overhead per "
	    "task over fork, and lo of mpi's best speedup > one machine's "
	    "%ld cores / contradicted when hi <= %ld", ctx->cores,
	    ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *m = pick_at_cores(ctx, wls[i], "mpi");
		const struct sum_cell *f = m ? summary_at(ctx->s, wls[i],
						  "fork", m->workers) : NULL;
		struct sum_iv w, t;

		for (size_t k = 0; k < summary_ncells(ctx->s); k++) {
			const struct sum_cell *c = summary_cell(ctx->s, k);

			/* Only more workers than this machine has cores
			 * can pass them. */
			if (strcmp(c->mode, "mpi") == 0 &&
			    strcmp(c->workload, wls[i]) == 0 &&
			    c->workers > ctx->cores &&
			    !isnan(c->speedup.point) &&
			    (!best || c->speedup.point > best->speedup.point))
				best = c;
		}
		nh += over_hosts(ctx, wls[i], r, &hosts);
		if (!f || f->workers != m->workers || m->hosts > 1 ||
		    summary_ratio(m, f, 0, &w) || summary_ratio(m, f, 1, &t))
			continue;
		nm++;
		ADD(figure, "%s mpi/fork %.2f, with start-up %.2f (W=%u, one "
		    "machine)", wls[i], w.point, t.point, m->workers);
		ADD(interval, "%s [%.2f, %.2f], with start-up [%.2f, %.2f]",
		    wls[i], w.lo, w.hi, t.lo, t.hi);
	}
	if (!nm && !nh && !ctx->hostfile)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "mpi and fork cells at the same W (Open MPI "
				     "not installed or the mpi mode not built: "
				     "make bench MPI=1)");
	if (!ctx->hostfile)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: one "
				     "machine, so only mpi's overhead over fork "
				     "is shown; give a hostfile to spread the "
				     "ranks (make test-hosts, README: several "
				     "machines)");
	if (!hosts)
		hosts = summary_max_hosts(ctx->s);
	/* The claim's speedup needs hosts with cores of their own; the
	 * kernels column says when they were one machine's namespaces.
	 * Then the answers and the overhead are measured, the speedup
	 * cannot be: undecided, and the reason says what would decide it. */
	if (summary_max_kernels(ctx->s) == 1)
		return claim_verdict(r, VERDICT_INCONCLUSIVE, "ran over %u "
				     "hosts with every answer verified, at the "
				     "cost per task shown, but they share one "
				     "kernel and so this machine's %ld cores "
				     "(network namespaces, as make test-hosts "
				     "makes them), which no speedup can pass: "
				     "machines of their own would decide it",
				     hosts, ctx->cores);
	if (!best)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: "
				     "ran over %u hosts with every answer "
				     "verified, but no mpi cell with more "
				     "workers than this machine's %ld cores "
				     "has a speedup over seq: add seq to "
				     "--mode and more --workers", hosts,
				     ctx->cores);
	{
		char iv[96];

		claim_iv_text(iv, sizeof(iv), &best->speedup, &beyond);
		r->reps = best->speedup.n;
		switch (claim_judge(&best->speedup, &beyond)) {
		case 1:
			return claim_verdict(r, VERDICT_REPRODUCED, "ran over "
					     "%u hosts with every answer "
					     "verified, and mpi reached %s, "
					     "beyond one machine's %ld cores",
					     hosts, iv, ctx->cores);
		case -1:
			return claim_verdict(r, VERDICT_CONTRADICTED, "ran over "
					     "%u hosts with every answer "
					     "verified, but mpi reached %s, not "
					     "beyond one machine's %ld cores",
					     hosts, iv, ctx->cores);
		default:
			return claim_verdict(r, VERDICT_INCONCLUSIVE, "ran over "
					     "%u hosts; mpi's best speedup %s "
					     "straddles one machine's %ld cores "
					     "after %u repetitions", hosts, iv,
					     ctx->cores, best->speedup.n);
		}
	}
}
