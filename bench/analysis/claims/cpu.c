/*
 * claims/cpu.c - CPU-bound speedups: C1 (no speedup under the GIL), C2
 * (processes scale), C3 (free threads scale like processes), C12 (an
 * event loop does not help CPU-bound work), C13 (code that releases the
 * GIL runs in parallel). Every speedup is paired by round (model.h).
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <string.h>

/* Without a free-threaded CPython, what would give one. */
#define FT_HOW "`make cpython-ft` builds one and its GIL twin, once, in " \
	"some minutes; or PYTHON_FT=PATH names one"
#define FT_NOT_MEASURED "not measured (no free-threaded CPython ran: " \
	FT_HOW ")"

/* C1's real CPython rows: the first is judged, the others shown. */
static const char *const c1_python[] = { "pyftgil-threads", "py-threads",
					 "pytwin-threads" };

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
	unsigned pyftgil = 0;

	for (size_t i = 0; i < n; i++) {
		const struct cell *c = pick_at_cores(ctx, wls[i], "gil");

		if (!c || isnan(c->speedup.point))
			continue;
		claim_add_speedup(r, c);
		claim_cell_item(r, &ty, ctx, c, &c->speedup, TEST(ctx, 0), 0);
		if (c->speedup.hi < 1)
			text_addf(&slower, ", ", "%s", wls[i]);
	}
	/* Real CPython: the free-threaded build with its GIL turned back
	 * on is judged too (its rows pair by round); CPython 3 and the
	 * twin are shown beside. */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < GB_ARRAY_LEN(c1_python); k++) {
			const struct cell *c = pick_at_cores(ctx, wls[i],
							     c1_python[k]);

			if (!c || isnan(c->speedup.point))
				continue;
			ADD(figure, "%s threads on %s %.2fx (W=%llu)",
			    mode_interpreter(c->key.mode), wls[i],
			    c->speedup.point,
			    (unsigned long long)c->key.workers);
			if (k == 0) {
				claim_cell_item(r, &ty, ctx, c, &c->speedup,
						TEST(ctx, 0), 0);
				pyftgil++;
			}
		}
	if (!ty.n)
		return claim_not_measured(r, ctx->m, "gil", "a CPU workload");
	if (!pyftgil)
		ADD(figure, "PYTHON_GIL=1: %s", FT_NOT_MEASURED);
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
		ADD(figure, "K = %.2f of %ld core%s", ctx->k.point, ctx->cores,
		    GB_PLURAL(ctx->cores));
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

/* S(threads) / S(processes) of one interpreter: the processes' wall
 * over the threads', paired by round; 0, or -1 without both. */
static int threads_over_procs(const struct claim_ctx *ctx, const char *wl,
			      const char *threads, const char *procs,
			      const struct cell **th, const struct cell **pr,
			      struct iv *q)
{
	*th = pick_at_cores(ctx, wl, threads);
	*pr = *th ? model_twin(ctx->m, *th, procs, 0) : NULL;
	return *pr && !model_compare(*pr, *th, FIG_WALL, q) ? 0 : -1;
}

/* What the free-threaded build costs on one thread, against the default
 * build of the same version (not against PYTHON_GIL=1, which keeps the
 * free-threaded build's own costs), beside what CPython says of it. */
static void single_thread_cost(const struct claim_ctx *ctx,
			       struct claim_result *r, const char *const *wls,
			       size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const struct cell *tw = pick_at_cores(ctx, wls[i],
						      "pytwin-seq");
		const struct cell *ft = tw ? model_twin(ctx->m, tw, "pyft-seq",
							0) : NULL;
		const struct cell *fg = tw ? model_twin(ctx->m, tw,
							"pyftgil-seq", 0) : NULL;
		struct iv q, g;

		if (!ft || model_compare(ft, tw, FIG_WALL, &q))
			continue;
		text_addf(&r->finding, "; ", "on one thread the free-threaded "
			  "build ran %s %.2fx [%.2f, %.2f] as long as the default "
			  "build of its version (paired, %u rounds)", wls[i],
			  q.point, q.lo, q.hi, q.n);
		if (fg && !model_compare(fg, tw, FIG_WALL, &g))
			text_addf(&r->finding, NULL, ", %.2fx with PYTHON_GIL=1",
				  g.point);
	}
	if (r->finding.len)
		text_addf(&r->finding, NULL, ". CPython's free-threading HOWTO "
			  "(3.13): about 40%% on the pyperformance suite, "
			  "mostly because the specializing adaptive "
			  "interpreter (PEP 659) is off in that build");
	else
		text_setf(&r->finding, "what the free-threaded build costs on "
			  "one thread: %s", FT_NOT_MEASURED);
}

/* C3: without a GIL, threads scale like processes. Judged on a
 * free-threaded CPython where one ran (the claim is about Python), on C
 * threads over fork otherwise; the other shown beside. */
enum verdict eval_c3(const struct claim_ctx *ctx, struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->m, KIND_CPU, wls);
	struct tally ty = { 0 };
	int have_k = !isnan(ctx->k.point), real = 0;
	char what[128];
	struct text disagree = { 0 };

	for (size_t i = 0; i < n; i++) {
		const struct cell *th, *pr;
		struct iv q;

		if (threads_over_procs(ctx, wls[i], "pyft-threads",
				       "pyft-procs", &th, &pr, &q))
			continue;
		real++;
		ADD(figure, "%s: free-threaded CPython's threads ran %.2fx as "
		    "fast as its processes (W=%llu)", wls[i], q.point,
		    (unsigned long long)th->key.workers);
		snprintf(what, sizeof(what), "%s, free-threaded CPython at "
			 "W=%llu", wls[i], (unsigned long long)th->key.workers);
		{
			const struct cell *need[] = { th, pr };

			claim_item(r, &ty, ctx, what, &q, TEST(ctx, 0), need,
				   2, 0);
		}
	}
	for (size_t i = 0; i < n; i++) {
		const struct cell *th, *f, *ft, *fp;
		struct iv q, qf;

		/* S(threads) / S(fork) = fork's wall / threads' wall. */
		if (threads_over_procs(ctx, wls[i], "threads", "fork", &th, &f,
				       &q))
			continue;
		ADD(figure, "%s: C threads ran %.2fx as fast as fork (W=%llu)",
		    wls[i], q.point, (unsigned long long)th->key.workers);
		if (have_k)
			text_addf(&r->figure, NULL, ": S/K threads %.2f, fork "
				  "%.2f", th->speedup.point / ctx->k.point,
				  f->speedup.point / ctx->k.point);
		if (real) {
			/* Beside the real one: where they disagree, say so. */
			if (!threads_over_procs(ctx, wls[i], "pyft-threads",
						"pyft-procs", &ft, &fp, &qf) &&
			    claim_judge(&q, TEST(ctx, 0)) *
			    claim_judge(&qf, TEST(ctx, 0)) < 0)
				text_addf(&disagree, "; ", "on %s C threads "
					  "over fork %.2f [%.2f, %.2f] and the "
					  "free-threaded CPython's %.2f [%.2f, "
					  "%.2f] lie on opposite sides of the "
					  "band", wls[i], q.point, q.lo, q.hi,
					  qf.point, qf.lo, qf.hi);
			continue;
		}
		snprintf(what, sizeof(what), "%s at W=%llu", wls[i],
			 (unsigned long long)th->key.workers);
		{
			const struct cell *need[] = { th, f };

			claim_item(r, &ty, ctx, what, &q, TEST(ctx, 0), need,
				   2, 0);
		}
	}
	single_thread_cost(ctx, r, wls, n);
	if (disagree.len)
		text_addf(&r->finding, "; ", "fidelity: the simulation and the "
			  "real interpreter disagree: %s", text_str(&disagree));
	text_free(&disagree);
	if (!ty.n)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "threads and processes at the same W for "
				     "a CPU workload");
	if (!real)
		return claim_conclude(r, &ty, "C threads and fork scale within "
				      "10%% of each other on every CPU "
				      "workload (judged on C threads: no "
				      "free-threaded CPython ran; %s)", FT_HOW);
	return claim_conclude(r, &ty, "a free-threaded CPython's threads and "
			      "its processes scale within 10%% of each other "
			      "on every CPU workload");
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
