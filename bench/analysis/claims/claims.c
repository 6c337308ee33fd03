/*
 * claims.c - see claims.h. The claims' texts live here, in the
 * repository, so the report never depends on files outside it.
 *
 * Read the table at the bottom first; each eval_* function above it
 * applies the "fair test" of its claim to the summary and explains its
 * verdict with the numbers it used.
 */
#include "bench/analysis/claims/claims.h"
#include "bench/core/util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_WL 64

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_REPRODUCED: return "reproduced";
	case VERDICT_NOT_REPRODUCED: return "not reproduced";
	default: return "not measured";
	}
}

/* Append to a field of the result, "; " between items. */
#define ADD(field, ...) gb_appendf(r->field, sizeof(r->field), "; ", __VA_ARGS__)
#define SET(field, ...) snprintf(r->field, sizeof(r->field), __VA_ARGS__)

/* A workload's speedup interval, and its speedup as the figure: the
 * common line of the per-workload claims. */
static void add_interval(struct claim_result *r, const char *wl,
			 const struct sum_cell *c)
{
	ADD(interval, "%s [%.2f, %.2f]", wl, c->speedup.lo, c->speedup.hi);
}

static void add_speedup(struct claim_result *r, const char *wl,
			const struct sum_cell *c)
{
	ADD(figure, "%s %.2fx (W=%u)", wl, c->speedup.point, c->workers);
	add_interval(r, wl, c);
}

/* Set the verdict and its reason; returns the verdict. */
static enum verdict verdict(struct claim_result *r, enum verdict v,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static enum verdict verdict(struct claim_result *r, enum verdict v,
			    const char *fmt, ...)
{
	va_list ap;

	r->verdict = v;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	return v;
}

/* ---- choosing cells ---- */

/* Workloads that are CPU-bound but stand for something else: the GIL-
 * releasing kernel (C13) and the do-nothing task (start-up, C6). */
static const char *const special_cpu[] = { "native", "empty" };

/* A plain CPU-bound workload: what C1, C2, C3, C12, C15 and C16 are
 * about. Rate workloads (convoy) and the special ones are not. */
static int plain_cpu(const struct summary *s, const char *wl)
{
	int any = 0;

	for (size_t i = 0; i < GB_ARRAY_LEN(special_cpu); i++)
		if (strcmp(wl, special_cpu[i]) == 0)
			return 0;
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (strcmp(c->workload, wl))
			continue;
		if (c->kind != SUM_CPU || c->metric_name[0])
			return 0;
		any = 1;
	}
	return any;
}

static int is_io(const struct summary *s, const char *wl)
{
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (strcmp(c->workload, wl) == 0)
			return c->kind == SUM_IO && !c->metric_name[0];
	}
	return 0;
}

/* The workload names of one class. */
static size_t workloads_where(const struct summary *s,
			      int (*pred)(const struct summary *, const char *),
			      const char **out)
{
	const char *all[MAX_WL];
	size_t n = summary_workloads(s, all, MAX_WL), k = 0;

	for (size_t i = 0; i < n; i++)
		if (pred(s, all[i]))
			out[k++] = all[i];
	return k;
}

/* mode's cell of wl's main series at W = cores, or at the largest
 * worker count below it that was measured. */
static const struct sum_cell *at_cores(const struct claim_ctx *ctx,
				       const char *wl, const char *mode)
{
	for (long w = ctx->cores > 0 ? ctx->cores : 1; w >= 1; w--) {
		const struct sum_cell *c = summary_at(ctx->s, wl, mode,
						      (unsigned)w);
		if (c)
			return c;
	}
	return NULL;
}

/* A cell of wl and mode in any series, with verified repetitions, that
 * accept() likes best (higher score wins; score < 0 rejects). */
static const struct sum_cell *
best_cell(const struct summary *s, const char *wl, const char *mode,
	  double (*score)(const struct sum_cell *))
{
	const struct sum_cell *best = NULL;
	double top = -1;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		double v;

		if (!c->n || strcmp(c->workload, wl) || strcmp(c->mode, mode))
			continue;
		v = score(c);
		if (v >= 0 && v > top) {
			top = v;
			best = c;
		}
	}
	return best;
}

/* A cell at the default switch interval (or none), whatever its task
 * count: the convoy workload has one task per worker. */
static const struct sum_cell *any_tasks(const struct summary *s,
					const char *wl, const char *mode,
					unsigned workers)
{
	const struct sum_cell *other = NULL;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (!c->n || c->workers != workers || strcmp(c->workload, wl) ||
		    strcmp(c->mode, mode))
			continue;
		if (isnan(c->switch_ms) || c->switch_ms == 5.0)
			return c;
		other = c;
	}
	return other;
}

static enum verdict not_measured_mode(struct claim_result *r,
				     const struct summary *s,
				     const char *mode, const char *what)
{
	if (!summary_has_mode(s, mode))
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no verified "
			"%s rows in this run (the mode is not in this binary, "
			"or every repetition failed)", mode);
	return verdict(r, VERDICT_NOT_MEASURED, "not measured: no %s "
			"cell for %s in this run", mode, what);
}

/* ---- the claims ---- */

/* C1: CPU-bound threads under the GIL give no speedup. */
static enum verdict eval_c1(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL], *fails[MAX_WL];
	size_t n = workloads_where(ctx->s, plain_cpu, wls), nm = 0, nf = 0;

	SET(test, "equivalence: the 95%% interval of gil's speedup over "
	    "seq lies inside [0.85, 1.10], W = %ld, every CPU workload",
	    ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *c = at_cores(ctx, wls[i], "gil");
		const struct sum_cell *py = at_cores(ctx, wls[i], "py-threads");

		if (!c || isnan(c->speedup.point))
			continue;
		nm++;
		add_speedup(r, wls[i], c);
		if (!(c->speedup.lo >= 0.85 && c->speedup.hi <= 1.10))
			fails[nf++] = wls[i];
		if (py && !isnan(py->speedup.point))
			ADD(figure, "CPython py-threads on %s %.2fx", wls[i],
			    py->speedup.point);
	}
	if (!nm)
		return not_measured_mode(r, ctx->s, "gil", "a CPU workload");
	if (!nf)
		return verdict(r, VERDICT_REPRODUCED, "every interval lies "
			       "inside [0.85, 1.10]: no speedup, as claimed");
	return verdict(r, VERDICT_NOT_REPRODUCED, "the interval of %s%s%s is not "
		"inside [0.85, 1.10]", fails[0], nf > 1 ? " and " : "",
		nf > 1 ? "others" : "");
}

/* C2: processes bypass the GIL and scale with the cores. */
static enum verdict eval_c2(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = workloads_where(ctx->s, plain_cpu, wls), nm = 0;
	char why[320] = "";

	SET(test, "fork's speedup significantly > 1 (interval above 1) and "
	    "efficiency (speedup / W) >= 0.8, W = %ld", ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *c = at_cores(ctx, wls[i], "fork");

		if (!c || isnan(c->speedup.point))
			continue;
		nm++;
		ADD(figure, "%s %.2fx, efficiency %.2f (W=%u)", wls[i],
		    c->speedup.point, c->efficiency, c->workers);
		add_interval(r, wls[i], c);
		if (!(c->speedup.lo > 1))
			gb_appendf(why, sizeof(why), "; ", "%s is not significantly "
			    "faster than seq", wls[i]);
		else if (c->efficiency < 0.8)
			gb_appendf(why, sizeof(why), "; ", "%s's efficiency %.2f < 0.8",
			    wls[i], c->efficiency);
	}
	if (!nm)
		return not_measured_mode(r, ctx->s, "fork", "a CPU workload");
	if (!why[0])
		return verdict(r, VERDICT_REPRODUCED, "every CPU workload "
			       "scales to at least 80%% of the %ld cores",
			       ctx->cores);
	return verdict(r, VERDICT_NOT_REPRODUCED, "%s", why);
}

/* C3: without a GIL, threads scale like processes. */
static enum verdict eval_c3(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = workloads_where(ctx->s, plain_cpu, wls), nm = 0;
	char why[320] = "";

	int wide = 0;

	SET(test, "speedup of threads / speedup of fork within [0.90, "
	    "1.10], W = %ld", ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *t = at_cores(ctx, wls[i], "threads");
		const struct sum_cell *f = at_cores(ctx, wls[i], "fork");
		struct stats_interval q;

		if (!t || !f || t->workers != f->workers ||
		    summary_ratio(f, t, 0, &q))
			continue;
		nm++;
		ADD(figure, "%s %.2f (W=%u)", wls[i], q.point, t->workers);
		ADD(interval, "%s [%.2f, %.2f]", wls[i], q.lo, q.hi);
		wide |= q.lo < 0.9 || q.hi > 1.1;
		if (fabs(q.point - 1) > 0.10)
			gb_appendf(why, sizeof(why), "; ", "%s: threads %s than fork "
			    "by %.0f%%", wls[i], q.point > 1 ? "faster"
			    : "slower", 100 * fabs(q.point - 1));
	}
	if (!nm)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "threads and fork cells at the same W for a "
			       "CPU workload");
	if (!why[0])
		return verdict(r, VERDICT_REPRODUCED, "free threads and "
			       "processes are within 10%% of each other%s",
			       wide ? " (but the intervals are wider than that: "
			       "a noisy run, weak evidence)" : "");
	return verdict(r, VERDICT_NOT_REPRODUCED, "%s", why);
}

/* An I/O cell with at least as many workers as tasks: one of a series
 * with a seq baseline (the sweep, not a high-concurrency extra) first,
 * then the more tasks, then the more workers. */
static double score_overlap(const struct sum_cell *c)
{
	if (c->workers < c->tasks || !(c->latency_ms > 0) || !c->tasks)
		return -1;
	return (c->baseline ? 1e15 : 0) + (double)c->tasks * 1e6 + c->workers;
}

/* C4: I/O-bound threads take about one latency, even under the GIL. */
static enum verdict eval_c4(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	static const char *const modes[] = { "threads", "gil" };
	const char *wls[MAX_WL];
	size_t n = workloads_where(ctx->s, is_io, wls), nm = 0;
	char why[320] = "", missing[64] = "";

	SET(test, "median wall <= 1.5 x one latency, W >= tasks, threads "
	    "and gil");
	for (size_t i = 0; i < n; i++) {
		for (size_t m = 0; m < GB_ARRAY_LEN(modes); m++) {
			const struct sum_cell *c = best_cell(ctx->s, wls[i],
						modes[m], score_overlap);
			struct stats_interval q;
			double lat;

			if (!c) {
				if (!strstr(missing, modes[m]))
					gb_appendf(missing, sizeof(missing), "; ", "%s",
					    modes[m]);
				continue;
			}
			lat = c->latency_ms / 1000;
			stats_boot_median(c->wall, c->n, STATS_RESAMPLES,
					  STATS_SEED, &q);
			nm++;
			ADD(figure, "%s %s: %.1f ms = %.2f x %.0f ms "
			    "(%llu tasks, W=%u)", wls[i], modes[m],
			    1000 * c->median, c->median / lat, c->latency_ms,
			    (unsigned long long)c->tasks, c->workers);
			ADD(interval, "%s %s [%.2f, %.2f] x latency", wls[i],
			    modes[m], q.lo / lat, q.hi / lat);
			if (c->median > 1.5 * lat)
				gb_appendf(why, sizeof(why), "; ", "%s %s took %.2f "
				    "latencies", wls[i], modes[m],
				    c->median / lat);
		}
	}
	if (!nm)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: %s",
			       n ? "no threads or gil cell with W >= tasks "
			       "for an I/O workload"
			       : "no I/O workload (http, sleep) in this run");
	if (why[0])
		return verdict(r, VERDICT_NOT_REPRODUCED, "%s", why);
	return verdict(r, VERDICT_REPRODUCED, "the waits overlap: about one "
		"latency for all the tasks%s%s%s", missing[0] ? " (not "
		"measured: " : "", missing, missing[0] ? ")" : "");
}

static double score_crawler(const struct sum_cell *c)
{
	if (c->tasks < 10 || isnan(c->speedup.point))
		return -1;
	return score_overlap(c);
}

/* C5: a sequential crawler became about 10x faster with threads. */
static enum verdict eval_c5(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = workloads_where(ctx->s, is_io, wls), nm = 0;
	char why[320] = "";

	SET(test, "speedup of threads over seq >= 8 for an I/O workload, "
	    "10+ tasks, W >= tasks");
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *c = best_cell(ctx->s, wls[i], "threads",
						     score_crawler);
		if (!c)
			continue;
		nm++;
		ADD(figure, "%s %.1fx (%llu tasks, W=%u)", wls[i],
		    c->speedup.point, (unsigned long long)c->tasks,
		    c->workers);
		ADD(interval, "%s [%.1f, %.1f]", wls[i], c->speedup.lo,
		    c->speedup.hi);
		if (c->speedup.point < 8)
			gb_appendf(why, sizeof(why), "; ", "%s only %.1fx", wls[i],
			    c->speedup.point);
	}
	if (!nm)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: %s",
			       n ? "no threads cell with 10+ tasks, W >= "
			       "tasks and a seq baseline"
			       : "no I/O workload (http, sleep) in this run");
	if (why[0])
		return verdict(r, VERDICT_NOT_REPRODUCED, "%s", why);
	return verdict(r, VERDICT_REPRODUCED, "threads overlap the requests: at "
		"least 8x, as the 3.8 s -> 0.37 s crawler");
}

static int has_workload(const struct summary *s, const char *wl)
{
	uint64_t t, z;

	return summary_primary(s, wl, &t, &z) == 0;
}

/* ---- the cost measurements (C6-C10; README, "The cost of
 * concurrency") ---- */

/* Where start-up per worker is read: the do-nothing workload if the run
 * has it, else the first plain CPU workload (start-up does not depend
 * on the task). */
static const char *startup_source(const struct summary *s)
{
	const char *wls[MAX_WL];

	if (has_workload(s, "empty"))
		return "empty";
	return workloads_where(s, plain_cpu, wls) ? wls[0] : NULL;
}

/* The plain cell of wl and mode with the most workers (any task count:
 * the start-up sweep is not the workload's main series), most
 * repetitions on a tie; with workers == 0, any count, else exactly it. */
static const struct sum_cell *most_workers(const struct summary *s,
					   const char *wl, const char *mode,
					   unsigned workers)
{
	const struct sum_cell *best = NULL;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (!c->n || !summary_plain(c) || strcmp(c->workload, wl) ||
		    strcmp(c->mode, mode) || (workers && c->workers != workers))
			continue;
		if (!best || c->workers > best->workers ||
		    (c->workers == best->workers && c->n > best->n))
			best = c;
	}
	return best;
}

/* Per worker, in ms: start-up / workers. */
static double per_worker_ms(const struct sum_cell *c)
{
	return 1000 * c->startup_s / c->workers;
}

/* The median of a cell's wall + start-up (seconds). */
static double total_med(const struct sum_cell *c)
{
	return stats_median(c->total, c->n);
}

/* One primes sweep: the pool's cell at (tasks, size), at W = cores or the
 * most workers below. */
static const struct sum_cell *pool_at(const struct claim_ctx *ctx,
				      const char *mode, uint64_t tasks,
				      uint64_t size)
{
	for (long w = ctx->cores > 0 ? ctx->cores : 1; w >= 1; w--) {
		const struct sum_cell *c = summary_find(ctx->s, "primes", mode,
							(unsigned)w, tasks,
							size, NAN);
		if (c && c->n)
			return c;
	}
	return NULL;
}

/* The crossover of mode in the primes sweep of one size: walking the task
 * counts up, the first from which the pool (wall + start-up) stays below
 * seq (wall). 0 when it never does; *lost_at is the largest count where it
 * lost (0 if none), *top the largest count compared. */
static uint64_t crossover(const struct claim_ctx *ctx, const char *mode,
			  uint64_t size, uint64_t *lost_at, uint64_t *top)
{
	const struct summary *s = ctx->s;
	uint64_t cross = 0;

	*lost_at = *top = 0;
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *q = summary_cell(s, i), *p;

		if (!q->n || !summary_plain(q) || strcmp(q->workload, "primes") ||
		    strcmp(q->mode, "seq") || q->size != size)
			continue;
		p = pool_at(ctx, mode, q->tasks, size);
		if (!p)
			continue;
		/* Cells are sorted by task count within a size. */
		*top = q->tasks;
		if (total_med(p) < q->median) {
			if (!cross)
				cross = q->tasks;
		} else {
			*lost_at = q->tasks;
			cross = 0;	/* lost again: not crossed yet */
		}
	}
	return cross;
}

/* The sizes of primes swept over two or more task counts with seq, in
 * increasing order; returns how many (at most max). */
static size_t swept_sizes(const struct summary *s, uint64_t *sizes,
			  size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		size_t counts = 0, k;

		if (!c->n || !summary_plain(c) || strcmp(c->workload, "primes") ||
		    strcmp(c->mode, "seq"))
			continue;
		for (k = 0; k < n && sizes[k] != c->size; k++)
			;
		if (k < n)
			continue;
		for (size_t j = 0; j < summary_ncells(s); j++) {
			const struct sum_cell *d = summary_cell(s, j);

			counts += d->n && summary_plain(d) &&
				  strcmp(d->workload, "primes") == 0 &&
				  strcmp(d->mode, "seq") == 0 &&
				  d->size == c->size;
		}
		if (counts < 2 || n == max)
			continue;
		for (k = n++; k > 0 && sizes[k - 1] > c->size; k--)
			sizes[k] = sizes[k - 1];
		sizes[k] = c->size;
	}
	return n;
}

/* C6: process start-up is expensive; a pool wins only past ~70 items. */
static enum verdict eval_c6(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	static const char *const modes[] = { "threads", "fork", "spawn" };
	const struct summary *s = ctx->s;
	const char *src = startup_source(s);
	uint64_t sizes[16];
	size_t nsizes = swept_sizes(s, sizes, GB_ARRAY_LEN(sizes));
	double fork_ms = NAN;
	int crossed = 0, lost_first = 0, measured = 0;

	SET(test, "start-up per worker of threads / fork / spawn; for each "
	    "size of primes swept over task counts, the smallest count from "
	    "which fork's (and spawn's) wall + start-up stays below seq's "
	    "wall (W = %ld), next to the claimed 70", ctx->cores);
	for (size_t m = 0; src && m < GB_ARRAY_LEN(modes); m++) {
		const struct sum_cell *c = most_workers(s, src, modes[m], 0);
		struct stats_interval q;

		if (!c)
			continue;
		stats_boot_median(c->startup, c->n, STATS_RESAMPLES,
				  STATS_SEED, &q);
		ADD(figure, "start-up %s %.3f ms per worker (W=%u)", modes[m],
		    per_worker_ms(c), c->workers);
		ADD(interval, "%s [%.3f, %.3f] ms", modes[m],
		    1000 * q.lo / c->workers, 1000 * q.hi / c->workers);
		if (strcmp(modes[m], "fork") == 0)
			fork_ms = per_worker_ms(c);
	}
	for (size_t i = 0; i < nsizes; i++) {
		for (size_t m = 1; m < GB_ARRAY_LEN(modes); m++) {
			uint64_t lost, top, cross;

			cross = crossover(ctx, modes[m], sizes[i], &lost, &top);
			if (!top)
				continue;
			measured = 1;
			if (cross)
				ADD(figure, "size %llu: %s crossover at %llu "
				    "tasks", (unsigned long long)sizes[i],
				    modes[m], (unsigned long long)cross);
			else
				ADD(figure, "size %llu: %s never wins up to "
				    "%llu tasks", (unsigned long long)sizes[i],
				    modes[m], (unsigned long long)top);
			if (cross && lost)
				ADD(interval, "size %llu %s: between %llu and "
				    "%llu tasks", (unsigned long long)sizes[i],
				    modes[m], (unsigned long long)lost,
				    (unsigned long long)cross);
			if (strcmp(modes[m], "fork") == 0) {
				crossed |= cross && lost;
				lost_first |= lost > 0;
			}
		}
	}
	if (!measured)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "primes sweep over task counts with seq and "
			       "fork (the crossover) in this run");
	ADD(figure, "claimed: about 70 items");
	if (crossed)
		return verdict(r, VERDICT_REPRODUCED, "a forked pool loses to "
			       "seq on few tasks and wins past a crossover, "
			       "whose place depends on the work per task "
			       "(figures); start-up %.2f ms per forked "
			       "worker%s", fork_ms, fork_ms < 10 ? " (less "
			       "than the claimed tens of ms: fork copies no "
			       "interpreter)" : "");
	if (!lost_first)
		return verdict(r, VERDICT_NOT_REPRODUCED, "fork wins from the "
			       "smallest task count measured: start-up is "
			       "not what limits it here");
	return verdict(r, VERDICT_NOT_REPRODUCED, "fork never beat seq in any "
		       "sweep: dispatching a task to a process costs more "
		       "than computing it in C, so the crossover is beyond "
		       "the sweep");
}

/* C7: a new pool for every batch costs; create once, reuse. */
static enum verdict eval_c7(const struct claim_ctx *ctx,
			    struct claim_result *r)
{
	const struct summary *s = ctx->s;
	int nproc = 0, slower = 0;

	SET(test, "per-batch time (start-up + wall) / batches, a fresh pool "
	    "per batch against one reused pool, same cell: fresh "
	    "significantly slower (95%% interval of the ratio above 1) for "
	    "every process pool");
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *f = summary_cell(s, i), *u = NULL;
		struct stats_interval q;
		int proc;

		if (!f->n || !f->fresh || f->batches < 2)
			continue;
		for (size_t j = 0; j < summary_ncells(s) && !u; j++) {
			const struct sum_cell *c = summary_cell(s, j);

			if (c->n && !c->fresh && c->batches == f->batches &&
			    c->workers == f->workers && c->tasks == f->tasks &&
			    c->size == f->size && !c->parent_mem_mib &&
			    strcmp(c->workload, f->workload) == 0 &&
			    strcmp(c->mode, f->mode) == 0)
				u = c;
		}
		if (!u || summary_ratio(f, u, 1, &q))
			continue;
		proc = strcmp(f->mode, "seq") && strcmp(f->mode, "threads") &&
		       strncmp(f->mode, "gil", 3) && strcmp(f->mode, "omp") &&
		       strcmp(f->mode, "async");
		ADD(figure, "%s W=%u: %.3f ms per batch fresh, %.3f reused "
		    "(%.2fx)", f->mode, f->workers,
		    1000 * total_med(f) / f->batches,
		    1000 * total_med(u) / u->batches, q.point);
		ADD(interval, "%s [%.2f, %.2f]", f->mode, q.lo, q.hi);
		if (proc) {
			nproc++;
			slower += q.lo > 1;
		}
	}
	if (!r->figure[0])
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "--batches runs with --pool reuse,fresh in this "
			       "run");
	if (!nproc)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "process pool among the batch runs");
	if (slower == nproc)
		return verdict(r, VERDICT_REPRODUCED, "a fresh process pool per "
			       "batch is significantly slower: every batch "
			       "pays the start-up again");
	return verdict(r, VERDICT_NOT_REPRODUCED, "%d of %d process pools "
		       "were not significantly slower when fresh",
		       nproc - slower, nproc);
}

/* Time per task of payload's plain cell of mode at size, same W as ref
 * (or any W when ref is NULL). */
static const struct sum_cell *payload_cell(const struct summary *s,
					   const char *mode, uint64_t size,
					   const struct sum_cell *ref)
{
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (c->n && summary_plain(c) && c->size == size &&
		    strcmp(c->workload, "payload") == 0 &&
		    strcmp(c->mode, mode) == 0 &&
		    (!ref || (c->workers == ref->workers &&
			      c->tasks == ref->tasks)))
			return c;
	}
	return NULL;
}

static double per_task_s(const struct sum_cell *c)
{
	return c->tasks ? c->median / (double)c->tasks : NAN;
}

/* C8: arguments are copied between processes; big data hurts. */
static enum verdict eval_c8(const struct claim_ctx *ctx,
			    struct claim_result *r)
{
	const struct summary *s = ctx->s;
	const struct sum_cell *lo_t = NULL, *hi_t = NULL;
	const struct sum_cell *lo_p, *hi_p, *hi_m;
	struct stats_interval q;
	double pipe_lo, pipe_hi, shm_hi;

	SET(test, "time per task of payload against size: the copy cost "
	    "(fork minus threads) grows at least 10x from the smallest to the "
	    "largest size, significantly above threads there, while "
	    "fork-shm's stays under a tenth of it");
	/* The smallest and largest sizes threads measured. */
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (!c->n || !summary_plain(c) || strcmp(c->workload, "payload") ||
		    strcmp(c->mode, "threads") ||
		    !payload_cell(s, "fork", c->size, c))
			continue;
		if (!lo_t || c->size < lo_t->size)
			lo_t = c;
		if (!hi_t || c->size > hi_t->size)
			hi_t = c;
	}
	if (!lo_t || lo_t == hi_t)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "payload runs of two sizes or more under threads "
			       "and fork");
	lo_p = payload_cell(s, "fork", lo_t->size, lo_t);
	hi_p = payload_cell(s, "fork", hi_t->size, hi_t);
	hi_m = payload_cell(s, "fork-shm", hi_t->size, hi_t);
	pipe_lo = per_task_s(lo_p) - per_task_s(lo_t);
	pipe_hi = per_task_s(hi_p) - per_task_s(hi_t);
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *t = summary_cell(s, i), *p, *m;

		if (!t->n || !summary_plain(t) || strcmp(t->workload, "payload") ||
		    strcmp(t->mode, "threads") || t->workers != hi_t->workers)
			continue;
		p = payload_cell(s, "fork", t->size, t);
		m = payload_cell(s, "fork-shm", t->size, t);
		/* The ends and 1 MiB: the figure has room for no more. */
		if (!p || (t != lo_t && t != hi_t && t->size != 1u << 20))
			continue;
		ADD(figure, "%llu B per task: threads %.4g ms, fork %.4g ms",
		    (unsigned long long)t->size, 1000 * per_task_s(t),
		    1000 * per_task_s(p));
		if (m)
			gb_appendf(r->figure, sizeof(r->figure), "", ", "
				   "fork-shm %.4g ms", 1000 * per_task_s(m));
	}
	summary_ratio(hi_p, hi_t, 0, &q);
	ADD(interval, "fork / threads at %llu B [%.2f, %.2f]",
	    (unsigned long long)hi_t->size, q.lo, q.hi);
	if (pipe_hi > 0)
		ADD(figure, "through the pipe %.2f GB/s",
		    (double)hi_t->size / pipe_hi / 1e9);
	if (!hi_m)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "fork-shm cell at %llu B to compare with",
			       (unsigned long long)hi_t->size);
	shm_hi = per_task_s(hi_m) - per_task_s(hi_t);
	if (!(pipe_hi > 10 * (pipe_lo > 0 ? pipe_lo : 0)) || !(q.lo > 1))
		return verdict(r, VERDICT_NOT_REPRODUCED, "the pipe's copy cost "
			       "does not grow clearly with size (%.3g ms at "
			       "%llu B, %.3g ms at %llu B)", 1000 * pipe_lo,
			       (unsigned long long)lo_t->size, 1000 * pipe_hi,
			       (unsigned long long)hi_t->size);
	if (shm_hi > pipe_hi / 10)
		return verdict(r, VERDICT_NOT_REPRODUCED, "shared memory did not "
			       "avoid the cost: %.3g ms over threads at %llu B, "
			       "against %.3g ms for the pipe", 1000 * shm_hi,
			       (unsigned long long)hi_t->size, 1000 * pipe_hi);
	return verdict(r, VERDICT_REPRODUCED, "copying through a pipe costs "
		       "%.3g ms per task at %llu B (%.3g ms at %llu B); read "
		       "in place from shared memory it costs %.3g ms",
		       1000 * pipe_hi, (unsigned long long)hi_t->size,
		       1000 * pipe_lo, (unsigned long long)lo_t->size,
		       1000 * shm_hi);
}

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
static enum verdict eval_c9(const struct claim_ctx *ctx,
			    struct claim_result *r)
{
	const struct summary *s = ctx->s;
	const struct sum_cell *u = race_cell(s, "race", "threads");
	const struct sum_cell *m = race_cell(s, "race-mutex", "threads");
	const struct sum_cell *a = race_cell(s, "race-atomic", "threads");
	unsigned lossy = 0;
	double most = 0;

	SET(test, "threads: updates lost > 0 in some repetition "
	    "unsynchronised; exactly 0 in every one with a mutex and with an "
	    "atomic (whose final counters are the checked answers)");
	if (!u || !u->n || !m || !a)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no race, "
			       "race-mutex and race-atomic runs under threads");
	for (unsigned i = 0; i < u->n; i++) {
		lossy += u->metric[i] > 0;
		if (u->metric[i] > most)
			most = u->metric[i];
	}
	ADD(figure, "unsynchronised: %u of %u runs lost updates (median "
	    "%.0f, most %.0f, of %llu x %llu increments)", lossy, u->n,
	    u->metric_med, most, (unsigned long long)u->tasks,
	    (unsigned long long)u->size);
	ADD(figure, "mutex: %u runs, %u failed; atomic: %u runs, %u failed",
	    m->n, m->failed, a->n, a->failed);
	if (m->failed || a->failed || !m->n || !a->n ||
	    stats_max(m->metric, m->n) > 0 || stats_max(a->metric, a->n) > 0)
		return verdict(r, VERDICT_NOT_REPRODUCED, "a locked or atomic "
			       "counter lost updates or missed its exact "
			       "answer");
	if (!lossy)
		return verdict(r, VERDICT_NOT_REPRODUCED, "no unsynchronised run "
			       "lost an update here (the threads did not "
			       "overlap, or the machine has one core)");
	return verdict(r, VERDICT_REPRODUCED, "without a lock updates were "
		       "lost in %u of %u runs; the mutex and the atomic add "
		       "lost none", lossy, u->n);
}

/* C10: threads are cheaper to create and use less memory. */
static enum verdict eval_c10(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const struct summary *s = ctx->s;
	const char *src = startup_source(s);
	const struct sum_cell *t = NULL, *f = NULL, *sp;
	struct stats_interval st, mem;

	SET(test, "fork / threads: start-up per worker significantly > 1 "
	    "and peak memory > 1, same W (the most both ran)");
	/* The most workers both modes ran with. */
	for (size_t i = 0; src && i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i), *g;

		if (!c->n || !summary_plain(c) || strcmp(c->workload, src) ||
		    strcmp(c->mode, "threads") || (t && c->workers <= t->workers))
			continue;
		g = most_workers(s, src, "fork", c->workers);
		if (g) {
			t = most_workers(s, src, "threads", c->workers);
			f = g;
		}
	}
	if (!t || !f)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "threads and fork cells at the same W");
	if (stats_boot_ratio(f->startup, f->n, t->startup, t->n,
			     STATS_RESAMPLES, STATS_SEED, &st) ||
	    stats_boot_ratio(f->rss, f->n, t->rss, t->n, STATS_RESAMPLES,
			     STATS_SEED, &mem))
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: "
			       "start-up or memory was not recorded");
	ADD(figure, "start-up per worker: threads %.3f ms, fork %.3f ms "
	    "(%.1fx)", per_worker_ms(t), per_worker_ms(f), st.point);
	ADD(figure, "peak memory at W=%u (%s): threads %.1f MiB, fork %.1f "
	    "MiB (%.1fx)", t->workers, src, t->rss_kb / 1024,
	    f->rss_kb / 1024, mem.point);
	sp = most_workers(s, src, "spawn", t->workers);
	if (sp)
		ADD(figure, "spawn: %.3f ms per worker, %.1f MiB", per_worker_ms(sp),
		    sp->rss_kb / 1024);
	ADD(interval, "start-up ratio [%.1f, %.1f]", st.lo, st.hi);
	ADD(interval, "memory ratio [%.2f, %.2f]", mem.lo, mem.hi);
	if (st.lo > 1 && mem.point > 1)
		return verdict(r, VERDICT_REPRODUCED, "threads are cheaper "
			       "on both counts");
	return verdict(r, VERDICT_NOT_REPRODUCED, "%s%s%s",
		st.lo > 1 ? "" : "thread start-up is not significantly "
		"cheaper", st.lo > 1 || mem.point > 1 ? "" : "; ",
		mem.point > 1 ? "" : "threads do not use less memory");
}

static double score_concurrent(const struct sum_cell *c)
{
	return c->workers >= 256 ? (double)c->workers : -1;
}

/* C11: an event loop has the lowest overhead at high concurrency. */
static enum verdict eval_c11(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = workloads_where(ctx->s, is_io, wls);

	SET(test, "async vs threads at 256+ concurrent requests: less CPU "
	    "and memory, wall at most 1.25x");
	/* http first: the claim is about requests. */
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < n; i++) {
			const struct sum_cell *a, *t;
			struct stats_interval wall, cpu, mem;

			if ((k == 0) != (strcmp(wls[i], "http") == 0))
				continue;
			a = best_cell(ctx->s, wls[i], "async",
				      score_concurrent);
			t = a ? summary_find(ctx->s, wls[i], "threads",
					     a->workers, a->tasks, a->size,
					     NAN) : NULL;
			if (!t || !t->n)
				continue;
			summary_ratio(a, t, 0, &wall);
			stats_boot_ratio(t->cpu, t->n, a->cpu, a->n,
					 STATS_RESAMPLES, STATS_SEED, &cpu);
			stats_boot_ratio(t->rss, t->n, a->rss, a->n,
					 STATS_RESAMPLES, STATS_SEED, &mem);
			ADD(figure, "%s at %u concurrent: wall async/threads "
			    "%.2f, CPU threads/async %.2f, memory "
			    "threads/async %.2f", wls[i], a->workers,
			    wall.point, cpu.point, mem.point);
			ADD(interval, "wall [%.2f, %.2f], CPU [%.2f, %.2f], "
			    "memory [%.2f, %.2f]", wall.lo, wall.hi, cpu.lo,
			    cpu.hi, mem.lo, mem.hi);
			if (wall.point <= 1.25 && cpu.point > 1 &&
			    mem.point > 1)
				return verdict(r, VERDICT_REPRODUCED, "async "
					       "needs less CPU and memory for "
					       "the same wall time");
			return verdict(r, VERDICT_NOT_REPRODUCED, "%s",
				       wall.point > 1.25 ? "async is slower"
				       : cpu.point <= 1 ? "async does not use "
				       "less CPU" : "async does not use less "
				       "memory");
		}
	}
	if (!summary_has_mode(ctx->s, "async"))
		return not_measured_mode(r, ctx->s, "async", "I/O");
	return verdict(r, VERDICT_NOT_MEASURED, "not measured: no async and "
		"threads cells at 256+ workers for an I/O workload");
}

/* C12: asyncio does not help CPU-bound work. */
static enum verdict eval_c12(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = workloads_where(ctx->s, plain_cpu, wls), nm = 0;
	char why[320] = "";

	int wide = 0;

	SET(test, "speedup of async over seq within [0.9, 1.1], W = %ld",
	    ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *c = at_cores(ctx, wls[i], "async");

		if (!c || isnan(c->speedup.point))
			continue;
		nm++;
		add_speedup(r, wls[i], c);
		if (c->speedup.point < 0.9 || c->speedup.point > 1.1)
			gb_appendf(why, sizeof(why), "; ", "%s %.2fx", wls[i],
			    c->speedup.point);
		wide |= c->speedup.lo < 0.9 || c->speedup.hi > 1.1;
	}
	if (!nm)
		return not_measured_mode(r, ctx->s, "async", "a CPU workload");
	if (why[0])
		return verdict(r, VERDICT_NOT_REPRODUCED, "outside [0.9, "
			       "1.1]: %s", why);
	return verdict(r, VERDICT_REPRODUCED, "an event loop runs CPU-bound "
		"tasks one after another: no speedup%s", wide ? " (but the "
		"intervals reach outside [0.9, 1.1]: a noisy run)" : "");
}

/* C13: code that releases the GIL runs in parallel under threads. */
static enum verdict eval_c13(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const struct sum_cell *c;

	SET(test, "speedup of gil over seq on the native workload "
	    "significantly > 1, W = %ld", ctx->cores);
	if (!has_workload(ctx->s, "native"))
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "native workload (a GIL-releasing kernel) in "
			       "this run");
	c = at_cores(ctx, "native", "gil");
	if (!c || isnan(c->speedup.point))
		return not_measured_mode(r, ctx->s, "gil", "native");
	SET(figure, "native under gil %.2fx (W=%u)", c->speedup.point,
	    c->workers);
	SET(interval, "[%.2f, %.2f]", c->speedup.lo, c->speedup.hi);
	if (c->speedup.lo > 1)
		return verdict(r, VERDICT_REPRODUCED, "a native section runs "
			       "outside the lock, so threads overlap");
	return verdict(r, VERDICT_NOT_REPRODUCED, "the interval reaches down to "
		"%.2f: not significantly faster than seq", c->speedup.lo);
}

/* The workload that measures an I/O thread beside CPU threads. */
static const char *convoy_workload(const struct summary *s)
{
	for (size_t i = 0; i < summary_ncells(s); i++)
		if (strcmp(summary_cell(s, i)->metric_name,
			   "round_trips_per_s") == 0)
			return summary_cell(s, i)->workload;
	return NULL;
}

/* Below this share of its rate alone, an I/O thread has collapsed. */
#define COLLAPSE 0.2

/* C14: the convoy effect. */
static enum verdict eval_c14(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	static const char *const modes[] = { "gil", "threads", "fork" };
	const char *wl = convoy_workload(ctx->s);
	int gil_collapsed = -1, other_collapsed = 0, others = 0;
	char who[96] = "";

	SET(test, "round trips/s beside 1 CPU thread over alone: below %.1f "
	    "(collapse) under gil, not under threads or fork", COLLAPSE);
	if (!wl)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "convoy workload (round_trips_per_s) in this "
			       "run");
	for (size_t m = 0; m < GB_ARRAY_LEN(modes); m++) {
		const struct sum_cell *c[3];
		struct stats_interval q;

		for (unsigned k = 0; k < 3; k++)
			c[k] = any_tasks(ctx->s, wl, modes[m], k + 1);
		if (!c[0] || !c[1] || !(c[0]->metric_med > 0))
			continue;
		stats_boot_ratio(c[1]->metric, c[1]->n, c[0]->metric,
				 c[0]->n, STATS_RESAMPLES, STATS_SEED, &q);
		if (c[2])
			ADD(figure, "%s %.0f / %.0f / %.0f", modes[m],
			    c[0]->metric_med, c[1]->metric_med,
			    c[2]->metric_med);
		else
			ADD(figure, "%s %.0f / %.0f", modes[m],
			    c[0]->metric_med, c[1]->metric_med);
		ADD(interval, "%s kept %.3f [%.3f, %.3f]", modes[m], q.point,
		    q.lo, q.hi);
		if (m == 0) {
			gil_collapsed = q.point < COLLAPSE;
		} else {
			others++;
			if (q.point < COLLAPSE) {
				other_collapsed = 1;
				gb_appendf(who, sizeof(who), "; ", "%s", modes[m]);
			}
		}
	}
	if (r->figure[0]) {
		char rates[sizeof(r->figure)];

		snprintf(rates, sizeof(rates), "%s", r->figure);
		SET(figure, "round trips/s beside 0 / 1 / 2 CPU threads: %.580s",
		    rates);
	}
	if (gil_collapsed < 0)
		return not_measured_mode(r, ctx->s, "gil", wl);
	if (gil_collapsed && !other_collapsed)
		return verdict(r, VERDICT_REPRODUCED, "the rate collapses "
			       "under gil only%s", others ? ""
			       : " (threads and fork not measured)");
	if (!gil_collapsed)
		return verdict(r, VERDICT_NOT_REPRODUCED, "the I/O thread "
			       "keeps more than %.0f%% of its rate under gil",
			       100 * COLLAPSE);
	return verdict(r, VERDICT_NOT_REPRODUCED, "the rate collapses under %s "
		"too", who);
}

/* The speedup the article claims for a CPU-bound job (17 s -> 0.5 s). */
#define CLAIMED_SPEEDUP 34.0

/* C15: a claimed speedup beyond the number of cores. */
static enum verdict eval_c15(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = workloads_where(ctx->s, plain_cpu, wls);
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
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "CPU-bound speedup in this run");
	SET(figure, "best CPU-bound speedup %.2fx (%s, %s, W=%u) on %ld "
	    "cores; claimed %.0fx", best->speedup.point, best->mode,
	    best->workload, best->workers, ctx->cores, CLAIMED_SPEEDUP);
	SET(interval, "[%.2f, %.2f]", best->speedup.lo, best->speedup.hi);
	if (ctx->cores < CLAIMED_SPEEDUP)
		return verdict(r, VERDICT_NOT_REPRODUCED, "beyond the "
			       "physical limit: %.0fx is more than the %ld "
			       "cores of this machine can give (the best "
			       "here is %.2fx); the article's baseline must "
			       "have differed", CLAIMED_SPEEDUP, ctx->cores,
			       best->speedup.point);
	if (best->speedup.point >= 0.9 * CLAIMED_SPEEDUP)
		return verdict(r, VERDICT_REPRODUCED, "this machine has the "
			       "cores, and the speedup was reached");
	return verdict(r, VERDICT_NOT_REPRODUCED, "the machine has %ld cores but "
		"the best speedup is %.2fx", ctx->cores, best->speedup.point);
}

/* C16: processes scale across machines, threads cannot. */
static enum verdict eval_c16(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = workloads_where(ctx->s, plain_cpu, wls), nm = 0;
	double best = 0;

	SET(test, "mpi / fork wall at equal W on one machine (overhead); "
	    "with a hostfile, mpi's speedup above one machine's %ld cores",
	    ctx->cores);
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *m = at_cores(ctx, wls[i], "mpi");
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
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: no mpi "
			       "and fork cells at the same W (Open MPI not "
			       "installed or the mpi mode not built: make "
			       "bench MPI=1)");
	if (!ctx->hostfile)
		return verdict(r, VERDICT_NOT_MEASURED, "not measured: one "
			       "machine, so only mpi's overhead over fork is "
			       "shown; give a hostfile to spread the ranks");
	if (best > ctx->cores)
		return verdict(r, VERDICT_REPRODUCED, "mpi reached %.2fx, "
			       "beyond one machine's %ld cores", best,
			       ctx->cores);
	return verdict(r, VERDICT_NOT_REPRODUCED, "mpi reached %.2fx over several "
		"machines, not beyond one machine's %ld cores", best,
		ctx->cores);
}

const struct claim gb_claims[] = {
	{ "C1", "CPU-bound threads give no speedup under the GIL, often a "
	  "little slower", "001, 002, 003, 004",
	  "speedup of gil over seq at W = cores, CPU workloads", eval_c1 },
	{ "C2", "processes bypass the GIL: on 4 cores \"roughly a quarter "
	  "of the sequential time\"", "004",
	  "speedup of fork at W = cores", eval_c2 },
	{ "C3", "without a GIL, threads scale like processes (PEP 703 "
	  "remark)", "004", "threads vs fork at W = cores", eval_c3 },
	{ "C4", "I/O-bound threads take \"roughly the time of the slowest "
	  "request rather than the sum\", even under the GIL", "003, 004",
	  "http and sleep under threads and gil with W >= tasks", eval_c4 },
	{ "C5", "a sequential crawler of 3.8 s became 0.37 s with threads: "
	  "about 10x", "002", "I/O workload, 10+ tasks, W >= tasks",
	  eval_c5 },
	{ "C6", "process start-up is expensive (\"tens of milliseconds\"); a "
	  "process pool beats sequential only past a crossover, \"about 70 "
	  "items\"", "002, 004", "start-up per worker for threads / fork / "
	  "spawn; smallest task count where fork with start-up beats seq",
	  eval_c6 },
	{ "C7", "creating a new pool for every batch costs; create once, "
	  "reuse", "004", "per-batch time with a fresh pool vs a reused "
	  "pool", eval_c7 },
	{ "C8", "arguments and results are copied between processes; big "
	  "data hurts", "001, 004", "time to hand a payload of 1 KiB .. 64 "
	  "MiB to a worker: threads, fork+pipe, fork+shared memory",
	  eval_c8 },
	{ "C9", "counter += 1 is not atomic: 3 threads x 100,000 increments "
	  "end below 300,000 without a lock", "001, 002", "final counter, "
	  "unsynchronised vs mutex vs atomic", eval_c9 },
	{ "C10", "threads are cheaper to create and switch, and use less "
	  "memory, than processes", "000", "creation cost per worker; peak "
	  "memory of the pool", eval_c10 },
	{ "C11", "an event loop (asyncio) has the lowest overhead at high "
	  "concurrency for I/O", "001, 004", "async vs threads at 256+ "
	  "concurrent requests: wall, CPU time, memory", eval_c11 },
	{ "C12", "asyncio does not help CPU-bound work", "all seeds",
	  "async on a CPU workload", eval_c12 },
	{ "C13", "code that releases the GIL (C extensions such as NumPy, "
	  "hashlib) does run in parallel under threads", "001, 004",
	  "a workload whose kernel runs in a native section, gil mode",
	  eval_c13 },
	{ "C14", "a mix of CPU-bound and I/O-bound threads: the I/O thread "
	  "suffers (convoy effect)", "beyond the seeds",
	  "blocking-call rate beside 0, 1, 2 CPU-bound threads in gil, "
	  "threads, fork", eval_c14 },
	{ "C15", "more speedup than the machine has cores (17 s to 0.5 s, "
	  "34x)", "002", "the core count and the best CPU-bound speedup "
	  "measured", eval_c15 },
	{ "C16", "processes scale across machines, threads cannot", "000",
	  "mpi against fork at equal workers on one machine; mpi over "
	  "several machines when a hostfile is given", eval_c16 },
};
const size_t gb_nclaims = GB_ARRAY_LEN(gb_claims);

void claim_eval(const struct claim *c, const struct claim_ctx *ctx,
		struct claim_result *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = c->eval(ctx, r);
}
