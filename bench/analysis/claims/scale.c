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
enum verdict eval_c15(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_CPU, wls);
	const struct sum_cell *best = NULL;

	SET(test, "a speedup of %.0fx needs at least %.0f cores; compare "
	    "with the core count (%ld) and the best CPU-bound speedup "
	    "measured", CLAIMED_SPEEDUP, CLAIMED_SPEEDUP, ctx->cores);
	for (size_t i = 0; i < summary_ncells(ctx->s); i++) {
		const struct sum_cell *c = summary_cell(ctx->s, i);
		int plain = 0;

		for (size_t k = 0; k < n; k++)
			plain |= strcmp(c->workload, wls[k]) == 0;
		if (plain && !isnan(c->speedup.point) &&
		    (!best || c->speedup.point > best->speedup.point))
			best = c;
	}
	if (!best)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "CPU-bound speedup in this run");
	SET(figure, "best CPU-bound speedup %.2fx (%s, %s, W=%u) on %ld "
	    "cores; claimed %.0fx", best->speedup.point, best->mode,
	    best->workload, best->workers, ctx->cores, CLAIMED_SPEEDUP);
	SET(interval, "[%.2f, %.2f]", best->speedup.lo, best->speedup.hi);
	if (ctx->cores < CLAIMED_SPEEDUP)
		return claim_verdict(r, VERDICT_NOT_REPRODUCED, "beyond the "
			       "physical limit: %.0fx is more than the %ld "
			       "cores of this machine can give (the best "
			       "here is %.2fx); the article's baseline must "
			       "have differed", CLAIMED_SPEEDUP, ctx->cores,
			       best->speedup.point);
	if (best->speedup.point >= 0.9 * CLAIMED_SPEEDUP)
		return claim_verdict(r, VERDICT_REPRODUCED, "this machine has the "
			       "cores, and the speedup was reached");
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "the machine has %ld cores but "
		"the best speedup is %.2fx", ctx->cores, best->speedup.point);
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
		struct stats_interval w;
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
enum verdict eval_c16(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_CPU, wls), nm = 0, nh = 0;
	unsigned hosts = 0;
	double best = 0;

	SET(test, "mpi / fork wall at equal W on one machine (overhead); "
	    "with several hosts, every answer verified, mpi's overhead per "
	    "task over fork, and its speedup above one machine's %ld cores",
	    ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *m = pick_at_cores(ctx, wls[i], "mpi");
		const struct sum_cell *f = m ? summary_at(ctx->s, wls[i],
						  "fork", m->workers) : NULL;
		struct stats_interval w, t;

		for (size_t k = 0; k < summary_ncells(ctx->s); k++) {
			const struct sum_cell *c = summary_cell(ctx->s, k);

			if (strcmp(c->mode, "mpi") == 0 &&
			    strcmp(c->workload, wls[i]) == 0 &&
			    c->speedup.point > best)
				best = c->speedup.point;
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
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no mpi "
			       "and fork cells at the same W (Open MPI not "
			       "installed or the mpi mode not built: make "
			       "bench MPI=1)");
	if (!ctx->hostfile)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: one "
			       "machine, so only mpi's overhead over fork is "
			       "shown; give a hostfile to spread the ranks "
			       "(make test-hosts, README: several machines)");
	if (best > ctx->cores)
		return claim_verdict(r, VERDICT_REPRODUCED, "ran over %u hosts "
			       "with every answer verified, and mpi reached "
			       "%.2fx, beyond one machine's %ld cores", hosts,
			       best, ctx->cores);
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "ran over %u hosts with "
		"every answer verified, at the overhead shown, but mpi reached "
		"%.2fx, not beyond one machine's %ld cores: hosts that share "
		"this machine's cores (network namespaces, as make test-hosts "
		"makes them) cannot show more; over machines of their own "
		"this would contradict the claim", hosts, best, ctx->cores);
}
