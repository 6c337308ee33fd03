/*
 * claims/cpu.c - CPU-bound speedups: C1 (no speedup under the GIL), C2 (processes
 * scale), C3 (free threads scale like processes), C12 (an event loop
 * does not help CPU-bound work), C13 (code that releases the GIL runs
 * in parallel).
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <string.h>

/* C1: CPU-bound threads under the GIL give no speedup. */
enum verdict eval_c1(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL], *fails[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_CPU, wls), nm = 0, nf = 0;

	SET(test, "equivalence: the 95%% interval of gil's speedup over "
	    "seq lies inside [0.85, 1.10], W = %ld, every CPU workload",
	    ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *c = pick_at_cores(ctx, wls[i], "gil");
		const struct sum_cell *py = pick_at_cores(ctx, wls[i], "py-threads");

		if (!c || isnan(c->speedup.point))
			continue;
		nm++;
		claim_add_speedup(r, wls[i], c);
		if (!(c->speedup.lo >= 0.85 && c->speedup.hi <= 1.10))
			fails[nf++] = wls[i];
		if (py && !isnan(py->speedup.point))
			ADD(figure, "CPython py-threads on %s %.2fx", wls[i],
			    py->speedup.point);
	}
	if (!nm)
		return claim_not_measured(r, ctx->s, "gil", "a CPU workload");
	if (!nf)
		return claim_verdict(r, VERDICT_REPRODUCED, "every interval lies "
			       "inside [0.85, 1.10]: no speedup, as claimed");
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "the interval of %s%s%s is not "
		"inside [0.85, 1.10]", fails[0], nf > 1 ? " and " : "",
		nf > 1 ? "others" : "");
}

/* C2: processes bypass the GIL and scale with the cores. */
enum verdict eval_c2(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_CPU, wls), nm = 0;
	char why[320] = "";

	SET(test, "fork's speedup significantly > 1 (interval above 1) and "
	    "efficiency (speedup / W) >= 0.8, W = %ld", ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *c = pick_at_cores(ctx, wls[i], "fork");

		if (!c || isnan(c->speedup.point))
			continue;
		nm++;
		ADD(figure, "%s %.2fx, efficiency %.2f (W=%u)", wls[i],
		    c->speedup.point, c->efficiency, c->workers);
		claim_add_interval(r, wls[i], c);
		if (!(c->speedup.lo > 1))
			gb_appendf(why, sizeof(why), "; ", "%s is not significantly "
			    "faster than seq", wls[i]);
		else if (c->efficiency < 0.8)
			gb_appendf(why, sizeof(why), "; ", "%s's efficiency %.2f < 0.8",
			    wls[i], c->efficiency);
	}
	if (!nm)
		return claim_not_measured(r, ctx->s, "fork", "a CPU workload");
	if (!why[0])
		return claim_verdict(r, VERDICT_REPRODUCED, "every CPU workload "
			       "scales to at least 80%% of the %ld cores",
			       ctx->cores);
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "%s", why);
}

/* C3: without a GIL, threads scale like processes. */
enum verdict eval_c3(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_CPU, wls), nm = 0;
	char why[320] = "";

	int wide = 0;

	SET(test, "speedup of threads / speedup of fork within [0.90, "
	    "1.10], W = %ld", ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *t = pick_at_cores(ctx, wls[i], "threads");
		const struct sum_cell *f = pick_at_cores(ctx, wls[i], "fork");
		struct stats_interval q;

		if (!t || !f || t->workers != f->workers ||
		    summary_ratio(f, t, 0, &q))
			continue;
		nm++;
		ADD(figure, "%s: threads ran %.2fx as fast as fork (W=%u)",
		    wls[i], q.point, t->workers);
		ADD(interval, "%s [%.2fx, %.2fx]", wls[i], q.lo, q.hi);
		wide |= q.lo < 0.9 || q.hi > 1.1;
		if (fabs(q.point - 1) > 0.10)
			gb_appendf(why, sizeof(why), "; ", "%s: threads %s than fork "
			    "by %.0f%%", wls[i], q.point > 1 ? "faster"
			    : "slower", 100 * fabs(q.point - 1));
	}
	if (!nm)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "threads and fork cells at the same W for a "
			       "CPU workload");
	if (!why[0])
		return claim_verdict(r, VERDICT_REPRODUCED, "free threads and "
			       "processes are within 10%% of each other%s",
			       wide ? " (but the intervals are wider than that: "
			       "a noisy run, weak evidence)" : "");
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "%s", why);
}

/* C12: asyncio does not help CPU-bound work. */
enum verdict eval_c12(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_CPU, wls), nm = 0;
	char why[320] = "";

	int wide = 0;

	SET(test, "speedup of async over seq within [0.9, 1.1], W = %ld",
	    ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *c = pick_at_cores(ctx, wls[i], "async");

		if (!c || isnan(c->speedup.point))
			continue;
		nm++;
		claim_add_speedup(r, wls[i], c);
		if (c->speedup.point < 0.9 || c->speedup.point > 1.1)
			gb_appendf(why, sizeof(why), "; ", "%s %.2fx", wls[i],
			    c->speedup.point);
		wide |= c->speedup.lo < 0.9 || c->speedup.hi > 1.1;
	}
	if (!nm)
		return claim_not_measured(r, ctx->s, "async", "a CPU workload");
	if (why[0])
		return claim_verdict(r, VERDICT_NOT_REPRODUCED, "outside [0.9, "
			       "1.1]: %s", why);
	return claim_verdict(r, VERDICT_REPRODUCED, "an event loop runs CPU-bound "
		"tasks one after another: no speedup%s", wide ? " (but the "
		"intervals reach outside [0.9, 1.1]: a noisy run)" : "");
}

/* C13: code that releases the GIL runs in parallel under threads. */
enum verdict eval_c13(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const struct sum_cell *c;

	SET(test, "speedup of gil over seq on the native workload "
	    "significantly > 1, W = %ld", ctx->cores);
	if (!pick_has_workload(ctx->s, "native"))
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "native workload (a GIL-releasing kernel) in "
			       "this run");
	c = pick_at_cores(ctx, "native", "gil");
	if (!c || isnan(c->speedup.point))
		return claim_not_measured(r, ctx->s, "gil", "native");
	SET(figure, "native under gil %.2fx (W=%u)", c->speedup.point,
	    c->workers);
	SET(interval, "[%.2f, %.2f]", c->speedup.lo, c->speedup.hi);
	if (c->speedup.lo > 1)
		return claim_verdict(r, VERDICT_REPRODUCED, "a native section runs "
			       "outside the lock, so threads overlap");
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "the interval reaches down to "
		"%.2f: not significantly faster than seq", c->speedup.lo);
}
