/*
 * claims/cpu.c - CPU-bound speedups: C1 (no speedup under the GIL), C2
 * (processes scale), C3 (free threads scale like processes), C12 (an
 * event loop does not help CPU-bound work), C13 (code that releases the
 * GIL runs in parallel). Every speedup is paired by round (model.h).
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <string.h>

/* One item per workload of kind: mode's cell at W = cores, its speedup
 * judged by the claim's first test. Returns how many were judged. */
static unsigned speedup_items(const struct claim_ctx *ctx,
			      struct claim_result *r, struct tally *ty,
			      enum kind kind, const char *mode, int figure)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->m, kind, wls);

	for (size_t i = 0; i < n; i++) {
		const struct cell *c = pick_at_cores(ctx, wls[i], mode);

		if (!c || isnan(c->speedup.point))
			continue;
		if (figure)
			claim_add_speedup(r, c);
		claim_cell_item(r, ty, ctx, c, &c->speedup, TEST(ctx, 0), 0);
	}
	return ty->n;
}

/* C1: CPU-bound threads under the GIL give no speedup. */
enum verdict eval_c1(const struct claim_ctx *ctx, struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->m, KIND_CPU, wls);
	struct tally ty = { 0 };
	struct text slower = { 0 };
	enum verdict v;

	for (size_t i = 0; i < n; i++) {
		const struct cell *c = pick_at_cores(ctx, wls[i], "gil");
		const struct cell *py = pick_at_cores(ctx, wls[i],
						      "py-threads");

		if (!c || isnan(c->speedup.point))
			continue;
		claim_add_speedup(r, c);
		if (py && !isnan(py->speedup.point))
			ADD(figure, "CPython py-threads on %s %.2fx (W=%llu)",
			    wls[i], py->speedup.point,
			    (unsigned long long)py->key.workers);
		claim_cell_item(r, &ty, ctx, c, &c->speedup, TEST(ctx, 0), 0);
		if (c->speedup.hi < 1)
			text_addf(&slower, ", ", "%s", wls[i]);
	}
	if (!ty.n)
		return claim_not_measured(r, ctx->m, "gil", "a CPU workload");
	v = claim_conclude(r, &ty, "no speedup: every interval lies below "
			   "1.10%s%s", slower.len ? "; slower than seq "
			   "(hi(S) < 1) on " : "", text_str(&slower));
	text_free(&slower);
	return v;
}

/* The speedup of c over seq relative to the capacity K, paired within the
 * rounds where both and the calibration ran; else interval arithmetic
 * on the two intervals (the widest quotient), which is honest but wide;
 * else S / N when the run has no calibration. *over says which. */
static struct iv over_capacity(const struct claim_ctx *ctx,
			       const struct cell *c, const char **over)
{
	const struct cell *cs = NULL, *cf = NULL;
	struct iv k, out = c->speedup;

	*over = "S/N";
	if (model_capacity(ctx->m, &k, &cs, &cf) == 0) {
		const struct term t[] = {
			{ c->baseline, FIG_WALL, 1 }, { c, FIG_WALL, -1 },
			{ cs, FIG_WALL, -1 }, { cf, FIG_WALL, 1 },
		};

		*over = "S/K";
		if (model_paired(t, 4, &out) == 0)
			return out;
		out = c->speedup;
		out.point /= k.point;
		out.lo /= k.hi;
		out.hi /= k.lo;
		out.paired = 0;
		if (k.n < out.n)
			out.n = k.n;
		return out;
	}
	out.point /= (double)ctx->cores;
	out.lo /= (double)ctx->cores;
	out.hi /= (double)ctx->cores;
	return out;
}

/* C2: processes bypass the GIL and scale with the cores the machine
 * delivers. */
enum verdict eval_c2(const struct claim_ctx *ctx, struct claim_result *r)
{
	struct claim_test t = *TEST(ctx, 0);
	const char *wls[MAX_WL], *over = "S/K";
	size_t n = pick_workloads(ctx->m, KIND_CPU, wls);
	struct tally ty = { 0 };
	int have_k = !isnan(ctx->k.point);

	if (have_k)
		ADD(figure, "K = %.2f of %ld cores", ctx->k.point, ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct cell *c = pick_at_cores(ctx, wls[i], "fork");
		struct iv q;

		if (!c || isnan(c->speedup.point) || !c->baseline)
			continue;
		q = over_capacity(ctx, c, &over);
		ADD(figure, "%s %.2fx (W=%llu): S/N %.2f%s", wls[i],
		    c->speedup.point, (unsigned long long)c->key.workers,
		    c->speedup.point / (double)ctx->cores,
		    have_k ? "" : " (no calibration: judged against N)");
		if (have_k)
			text_addf(&r->figure, NULL, ", S/K %.2f", q.point);
		t.label = over;
		claim_cell_item(r, &ty, ctx, c, &q, &t, 1);
	}
	if (!ty.n)
		return claim_not_measured(r, ctx->m, "fork", "a CPU workload");
	return claim_conclude(r, &ty, "every CPU workload scales to at least "
			      "80%% of the %s the machine delivered",
			      have_k ? "capacity K" : "cores");
}

/* C3: without a GIL, threads scale like processes. */
enum verdict eval_c3(const struct claim_ctx *ctx, struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->m, KIND_CPU, wls);
	struct tally ty = { 0 };
	int have_k = !isnan(ctx->k.point);
	char what[128];

	for (size_t i = 0; i < n; i++) {
		const struct cell *th = pick_at_cores(ctx, wls[i], "threads");
		const struct cell *f = model_twin(ctx->m, th, "fork", 0);
		struct iv q;

		/* S(threads) / S(fork) = fork's wall / threads' wall. */
		if (!th || !f || model_compare(f, th, FIG_WALL, &q))
			continue;
		ADD(figure, "%s: threads ran %.2fx as fast as fork (W=%llu)",
		    wls[i], q.point, (unsigned long long)th->key.workers);
		if (have_k)
			text_addf(&r->figure, NULL, ": S/K threads %.2f, fork "
				  "%.2f", th->speedup.point / ctx->k.point,
				  f->speedup.point / ctx->k.point);
		snprintf(what, sizeof(what), "%s at W=%llu", wls[i],
			 (unsigned long long)th->key.workers);
		{
			const struct cell *need[] = { th, f };

			claim_item(r, &ty, ctx, what, &q, TEST(ctx, 0), need,
				   2, 0);
		}
	}
	/* A free-threaded CPython (compare.py's pyft- rows), where one ran:
	 * the claim on a real interpreter, shown beside the verdict. */
	for (size_t i = 0; i < n; i++) {
		const struct cell *ft = pick_at_cores(ctx, wls[i],
						      "pyft-threads");
		const struct cell *fp = pick_at_cores(ctx, wls[i],
						      "pyft-procs");

		if (!ft || isnan(ft->speedup.point))
			continue;
		ADD(figure, "free-threaded CPython on %s: threads %.2fx",
		    wls[i], ft->speedup.point);
		if (fp && !isnan(fp->speedup.point))
			text_addf(&r->figure, NULL, ", processes %.2fx",
				  fp->speedup.point);
		text_addf(&r->figure, NULL, " (W=%llu)",
			  (unsigned long long)ft->key.workers);
	}
	if (!ty.n)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "threads and fork cells at the same W for "
				     "a CPU workload");
	return claim_conclude(r, &ty, "free threads and processes scale "
			      "within 10%% of each other on every CPU "
			      "workload");
}

/* C12: asyncio does not help CPU-bound work. */
enum verdict eval_c12(const struct claim_ctx *ctx, struct claim_result *r)
{
	struct tally ty = { 0 };

	if (!speedup_items(ctx, r, &ty, KIND_CPU, "async", 1))
		return claim_not_measured(r, ctx->m, "async", "a CPU workload");
	return claim_conclude(r, &ty, "an event loop runs CPU-bound tasks one "
			      "after another: no speedup and no loss");
}

/* C13: code that releases the GIL runs in parallel under threads. */
enum verdict eval_c13(const struct claim_ctx *ctx, struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->m, KIND_NATIVE, wls);
	struct tally ty = { 0 };

	if (!n)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "native workload (a GIL-releasing kernel) "
				     "in this run");
	for (size_t i = 0; i < n; i++) {
		const struct cell *c = pick_at_cores(ctx, wls[i], "gil");

		if (c && !isnan(c->speedup.point))
			ADD(figure, "%s under gil %.2fx (W=%llu)", wls[i],
			    c->speedup.point,
			    (unsigned long long)c->key.workers);
	}
	if (!speedup_items(ctx, r, &ty, KIND_NATIVE, "gil", 0))
		return claim_not_measured(r, ctx->m, "gil", wls[0]);
	return claim_conclude(r, &ty, "a native section runs outside the "
			      "lock, so the threads overlap");
}
