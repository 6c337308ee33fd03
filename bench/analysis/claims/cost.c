/*
 * claims/cost.c - what a pool costs (README, "The cost of concurrency"):
 * C6 (start-up and the crossover), C7 (a fresh pool per batch), C8 (copying
 * arguments), C10 (threads against processes).
 */
#include "bench/analysis/claims/eval.h"
#include "bench/modes/registry.h"
#include "bench/output/human.h"

#include <math.h>
#include <string.h>

/* Where start-up per worker is read: the do-nothing workload if the run
 * has it, else the first plain CPU workload (start-up does not depend
 * on the task). */
static const char *startup_source(const struct summary *s)
{
	const char *wls[MAX_WL];

	if (pick_has_workload(s, "empty"))
		return "empty";
	return pick_workloads(s, SUM_CPU, wls) ? wls[0] : NULL;
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
enum verdict eval_c6(const struct claim_ctx *ctx,
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
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "primes sweep over task counts with seq and "
			       "fork (the crossover) in this run");
	ADD(figure, "claimed: about 70 items");
	if (crossed)
		return claim_verdict(r, VERDICT_REPRODUCED, "a forked pool loses to "
			       "seq on few tasks and wins past a crossover, "
			       "whose place depends on the work per task "
			       "(figures); start-up %.2f ms per forked "
			       "worker%s", fork_ms, fork_ms < 10 ? " (less "
			       "than the claimed tens of ms: fork copies no "
			       "interpreter)" : "");
	if (!lost_first)
		return claim_verdict(r, VERDICT_NOT_REPRODUCED, "fork wins from the "
			       "smallest task count measured: start-up is "
			       "not what limits it here");
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "fork never beat seq in any "
		       "sweep: dispatching a task to a process costs more "
		       "than computing it in C, so the crossover is beyond "
		       "the sweep");
}

/* C7: a new pool for every batch costs; create once, reuse. */
enum verdict eval_c7(const struct claim_ctx *ctx,
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
		proc = (gb_mode_flags(f->mode) & MODE_F_PROCESSES) != 0;
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
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "--batches runs with --pool reuse,fresh in this "
			       "run");
	if (!nproc)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "process pool among the batch runs");
	if (slower == nproc)
		return claim_verdict(r, VERDICT_REPRODUCED, "a fresh process pool per "
			       "batch is significantly slower: every batch "
			       "pays the start-up again");
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "%d of %d process pools "
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
enum verdict eval_c8(const struct claim_ctx *ctx,
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
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
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
		{
			char sz[HUMAN_LEN], a[HUMAN_LEN], b[HUMAN_LEN];

			ADD(figure, "%s per task: threads %s, fork %s",
			    human_bytes(sz, sizeof(sz), (double)t->size),
			    human_seconds(a, sizeof(a), per_task_s(t)),
			    human_seconds(b, sizeof(b), per_task_s(p)));
			if (m)
				gb_appendf(r->figure, sizeof(r->figure), "",
					   ", fork-shm %s",
					   human_seconds(a, sizeof(a),
							 per_task_s(m)));
		}
	}
	summary_ratio(hi_p, hi_t, 0, &q);
	{
		char sz[HUMAN_LEN];

		ADD(interval, "fork / threads at %s [%.2f, %.2f]",
		    human_bytes(sz, sizeof(sz), (double)hi_t->size), q.lo,
		    q.hi);
	}
	if (pipe_hi > 0)
		ADD(figure, "through the pipe %.2f GB/s",
		    (double)hi_t->size / pipe_hi / 1e9);
	if (!hi_m)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "fork-shm cell at %llu B to compare with",
			       (unsigned long long)hi_t->size);
	shm_hi = per_task_s(hi_m) - per_task_s(hi_t);
	{
		char lo_sz[HUMAN_LEN], hi_sz[HUMAN_LEN], a[HUMAN_LEN];
		char b[HUMAN_LEN], c[HUMAN_LEN];

		human_bytes(lo_sz, sizeof(lo_sz), (double)lo_t->size);
		human_bytes(hi_sz, sizeof(hi_sz), (double)hi_t->size);
		human_seconds(a, sizeof(a), pipe_lo);
		human_seconds(b, sizeof(b), pipe_hi);
		human_seconds(c, sizeof(c), shm_hi);
		if (!(pipe_hi > 10 * (pipe_lo > 0 ? pipe_lo : 0)) ||
		    !(q.lo > 1))
			return claim_verdict(r, VERDICT_NOT_REPRODUCED, "the "
				       "pipe's copy cost does not grow clearly "
				       "with size (%s at %s, %s at %s)", a,
				       lo_sz, b, hi_sz);
		if (shm_hi > pipe_hi / 10)
			return claim_verdict(r, VERDICT_NOT_REPRODUCED, "shared "
				       "memory did not avoid the cost: %s over "
				       "threads at %s, against %s for the pipe",
				       c, hi_sz, b);
		return claim_verdict(r, VERDICT_REPRODUCED, "copying through a "
			       "pipe costs %s per task at %s (%s at %s); "
			       "read in place from shared memory it costs %s",
			       b, hi_sz, a, lo_sz, c);
	}
}

/* C10: threads are cheaper to create and use less memory. */
enum verdict eval_c10(const struct claim_ctx *ctx,
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
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "threads and fork cells at the same W");
	if (stats_boot_ratio(f->startup, f->n, t->startup, t->n,
			     STATS_RESAMPLES, STATS_SEED, &st) ||
	    stats_boot_ratio(f->rss, f->n, t->rss, t->n, STATS_RESAMPLES,
			     STATS_SEED, &mem))
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: "
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
		return claim_verdict(r, VERDICT_REPRODUCED, "threads are cheaper "
			       "on both counts");
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "%s%s%s",
		st.lo > 1 ? "" : "thread start-up is not significantly "
		"cheaper", st.lo > 1 || mem.point > 1 ? "" : "; ",
		mem.point > 1 ? "" : "threads do not use less memory");
}
