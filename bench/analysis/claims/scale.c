/*
 * claims/scale.c - Beyond the machine: C15 (a speedup above the core
 * count), C16 (processes over several machines).
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <string.h>

/* The speedup the article claims for a CPU-bound job (17 s -> 0.5 s). */
#define CLAIMED_SPEEDUP 34.0

/* C15: a claimed speedup beyond the number of cores. */
enum verdict eval_c15(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct claim_test *t = TEST(ctx, 1);
	const struct query q = { .kind = KIND_CPU,
				 .flags = Q_MEASURED | Q_NO_VARIANTS };
	const struct cell *cells[1024], *best = NULL;
	size_t n = model_select(ctx->m, &q, cells, GB_ARRAY_LEN(cells));
	char iv[96], k[96] = "";

	/* The best by its lower bound among the cells with MODEL_MIN_PAIRS
	 * repetitions or more: the speedup this run is surest of, not a
	 * lucky point of two repetitions. */
	for (size_t i = 0; i < n && i < GB_ARRAY_LEN(cells); i++) {
		const struct cell *c = cells[i];
		int enough = c->speedup.n >= MODEL_MIN_PAIRS;

		if (isnan(c->speedup.lo))
			continue;
		if (!best || enough > (best->speedup.n >= MODEL_MIN_PAIRS) ||
		    (enough == (best->speedup.n >= MODEL_MIN_PAIRS) &&
		     c->speedup.lo > best->speedup.lo))
			best = c;
	}
	if (!best)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "CPU-bound speedup in this run");
	if (!isnan(ctx->k.point))
		snprintf(k, sizeof(k), ", delivering K = %.2f", ctx->k.point);
	SET(figure, "best CPU-bound speedup %.2fx (%s, %s, W=%llu) on N = %ld "
	    "core%s%s; claimed %.0fx", best->speedup.point, best->key.mode,
	    best->key.workload, (unsigned long long)best->key.workers,
	    ctx->cores, GB_PLURAL(ctx->cores), k, CLAIMED_SPEEDUP);
	claim_iv_text(iv, sizeof(iv), &best->speedup, t);
	SET(interval, "best S: %s", iv);
	r->reps = best->speedup.n;
	if (ctx->cores < CLAIMED_SPEEDUP) {
		if (best->speedup.hi < CLAIMED_SPEEDUP)
			return claim_verdict(r, VERDICT_CONTRADICTED, "beyond "
					     "the physical limit: %.0fx is more "
					     "than the %ld core%s of this machine%s "
					     "can give (the best here is %.2fx); "
					     "the article's baseline must have "
					     "differed", CLAIMED_SPEEDUP,
					     ctx->cores, GB_PLURAL(ctx->cores), k,
					     best->speedup.point);
		return claim_verdict(r, VERDICT_INCONCLUSIVE, "the best "
				     "interval %s reaches %.0fx on %ld core%s: "
				     "a measurement to repeat", iv,
				     CLAIMED_SPEEDUP, ctx->cores,
				     GB_PLURAL(ctx->cores));
	}
	switch (claim_judge(&best->speedup, t)) {
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
 * every mpi cell that ran over several hosts and has a fork twin;
 * returns how many, the most hosts in *hosts. */
static size_t over_hosts(const struct claim_ctx *ctx, const char *wl,
			 struct claim_result *r, unsigned *hosts)
{
	const struct query q = { .workload = wl, .kind = KIND_ANY,
				 .mode = "mpi",
				 .flags = Q_MEASURED | Q_NO_VARIANTS };
	const struct cell *cells[256];
	size_t nc = model_select(ctx->m, &q, cells, GB_ARRAY_LEN(cells)), n = 0;

	for (size_t k = 0; k < nc && k < GB_ARRAY_LEN(cells); k++) {
		const struct cell *m = cells[k];
		const struct cell *f = model_twin(ctx->m, m, "fork", 0);
		struct iv w;
		double per;

		if (m->hosts < 2 || !m->key.tasks || !f ||
		    model_compare(m, f, FIG_WALL, &w))
			continue;
		per = 1e6 * (m->median - f->median) / (double)m->key.tasks;
		ADD(figure, "ran over %u hosts: %s W=%llu %+.0f us per task "
		    "over fork (mpi/fork %.2f)", m->hosts, wl,
		    (unsigned long long)m->key.workers, per, w.point);
		ADD(interval, "%s W=%llu over %u hosts [%.2f, %.2f]", wl,
		    (unsigned long long)m->key.workers, m->hosts, w.lo, w.hi);
		if (m->hosts > *hosts)
			*hosts = m->hosts;
		n++;
	}
	return n;
}

/* mpi's best speedup among its cells of wl with more workers than this
 * machine has cores, or best. */
static const struct cell *beyond_cores(const struct claim_ctx *ctx,
				       const char *wl,
				       const struct cell *best)
{
	const struct query q = { .workload = wl, .kind = KIND_ANY,
				 .mode = "mpi", .flags = Q_MEASURED };
	const struct cell *cells[256];
	size_t n = model_select(ctx->m, &q, cells, GB_ARRAY_LEN(cells));

	/* Only more workers than this machine has cores can pass them. */
	for (size_t k = 0; k < n && k < GB_ARRAY_LEN(cells); k++)
		if ((long)cells[k]->key.workers > ctx->cores &&
		    !isnan(cells[k]->speedup.point) &&
		    (!best || cells[k]->speedup.point > best->speedup.point))
			best = cells[k];
	return best;
}

/* C16: processes scale across machines, threads cannot. */
enum verdict eval_c16(const struct claim_ctx *ctx, struct claim_result *r)
{
	struct claim_test beyond = *TEST(ctx, 1);
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->m, KIND_CPU, wls), nm = 0, nh = 0;
	unsigned hosts = 0;
	const struct cell *best = NULL;
	char iv[96];

	beyond.bound = (double)ctx->cores;
	for (size_t i = 0; i < n; i++) {
		const struct cell *m = pick_at_cores(ctx, wls[i], "mpi");
		const struct cell *f = model_twin(ctx->m, m, "fork", 0);
		struct iv w, t;

		best = beyond_cores(ctx, wls[i], best);
		nh += over_hosts(ctx, wls[i], r, &hosts);
		if (!f || m->hosts > 1 || model_compare(m, f, FIG_WALL, &w) ||
		    model_compare(m, f, FIG_TOTAL, &t))
			continue;
		nm++;
		ADD(figure, "%s mpi/fork %.2f, with start-up %.2f (W=%llu, one "
		    "machine)", wls[i], w.point, t.point,
		    (unsigned long long)m->key.workers);
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
		hosts = model_max_hosts(ctx->m);
	/* The claim's speedup needs hosts with cores of their own; the
	 * kernels column says when they were one machine's namespaces.
	 * Then the answers and the overhead are measured, the speedup
	 * cannot be: undecided, and the reason says what would decide it. */
	if (model_max_kernels(ctx->m) == 1)
		return claim_verdict(r, VERDICT_INCONCLUSIVE, "ran over %u "
				     "hosts with every answer verified, at the "
				     "cost per task shown, but they share one "
				     "kernel and so this machine's %ld core%s "
				     "(network namespaces, as make test-hosts "
				     "makes them), which no speedup can pass: "
				     "machines of their own would decide it",
				     hosts, ctx->cores, GB_PLURAL(ctx->cores));
	if (!best)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: "
				     "ran over %u hosts with every answer "
				     "verified, but no mpi cell with more "
				     "workers than this machine's %ld core%s "
				     "has a speedup over seq: add seq to "
				     "--mode and more --workers", hosts,
				     ctx->cores, GB_PLURAL(ctx->cores));
	claim_iv_text(iv, sizeof(iv), &best->speedup, &beyond);
	r->reps = best->speedup.n;
	switch (claim_judge(&best->speedup, &beyond)) {
	case 1:
		return claim_verdict(r, VERDICT_REPRODUCED, "ran over %u hosts "
				     "with every answer verified, and mpi "
				     "reached %s, beyond one machine's %ld "
				     "core%s", hosts, iv, ctx->cores,
				     GB_PLURAL(ctx->cores));
	case -1:
		return claim_verdict(r, VERDICT_CONTRADICTED, "ran over %u "
				     "hosts with every answer verified, but mpi "
				     "reached %s, not beyond one machine's %ld "
				     "core%s", hosts, iv, ctx->cores,
				     GB_PLURAL(ctx->cores));
	default:
		return claim_verdict(r, VERDICT_INCONCLUSIVE, "ran over %u "
				     "hosts; mpi's best speedup %s straddles "
				     "one machine's %ld core%s after %u "
				     "repetitions", hosts, iv, ctx->cores,
				     GB_PLURAL(ctx->cores),
				     best->speedup.n);
	}
}
