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

/* C16: processes scale across machines, threads cannot. */
enum verdict eval_c16(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_CPU, wls), nm = 0;
	double best = 0;

	SET(test, "mpi / fork wall at equal W on one machine (overhead); "
	    "with a hostfile, mpi's speedup above one machine's %ld cores",
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
		if (!f || summary_ratio(m, f, 0, &w) ||
		    summary_ratio(m, f, 1, &t))
			continue;
		nm++;
		ADD(figure, "%s mpi/fork %.2f, with start-up %.2f (W=%u)",
		    wls[i], w.point, t.point, m->workers);
		ADD(interval, "%s [%.2f, %.2f], with start-up [%.2f, %.2f]",
		    wls[i], w.lo, w.hi, t.lo, t.hi);
	}
	if (!nm)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no mpi "
			       "and fork cells at the same W (Open MPI not "
			       "installed or the mpi mode not built: make "
			       "bench MPI=1)");
	if (!ctx->hostfile)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: one "
			       "machine, so only mpi's overhead over fork is "
			       "shown; give a hostfile to spread the ranks");
	if (best > ctx->cores)
		return claim_verdict(r, VERDICT_REPRODUCED, "mpi reached %.2fx, "
			       "beyond one machine's %ld cores", best,
			       ctx->cores);
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "mpi reached %.2fx over several "
		"machines, not beyond one machine's %ld cores", best,
		ctx->cores);
}
