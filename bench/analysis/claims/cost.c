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

/* One sweep's comparison at a task count: the pool (wall + start-up) over
 * seq (wall), paired by round: +1 the pool wins (hi < 1), -1 it loses
 * (lo > 1), 0 undecided. */
static const struct claim_test pool_wins = { 1, NAN, 0, 0, 0 };

struct sweep {
	uint64_t cross;		/* the crossover: from here on the pool wins */
	uint64_t lost_at;	/* the largest count where it lost, 0 none */
	uint64_t top;		/* the largest count compared */
	int first;		/* the outcome at the smallest count */
	/* The undecided count nearest the crossover, if any. */
	uint64_t undecided;
	struct sum_iv undecided_iv;
	const struct sum_cell *undecided_cells[2];
	unsigned reps;		/* the fewest repetitions compared */
	unsigned reps_max;	/* the most */
};

/* The crossover of mode in the primes sweep of one size: walking the task
 * counts up, the first from which the pool wins at every larger count,
 * after a count where it lost. */
static void crossover(const struct claim_ctx *ctx, const char *mode,
		      uint64_t size, struct sweep *w)
{
	const struct summary *s = ctx->s;
	int seen = 0;

	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *q = summary_cell(s, i), *p;
		struct sum_iv iv;
		int v;

		if (!q->n || !summary_plain(q) || strcmp(q->workload, "primes") ||
		    strcmp(q->mode, "seq") || q->size != size)
			continue;
		p = pool_at(ctx, mode, q->tasks, size);
		if (!p)
			continue;
		/* pool (wall + start-up) over seq's wall, per round. */
		{
			const struct sum_term t[] = { { p, SF_TOTAL, 1 },
						      { q, SF_WALL, -1 } };

			if (summary_paired(t, 2, &iv)) {
				struct stats_interval u;

				if (stats_boot_ratio(p->total, p->n, q->wall,
						     q->n, STATS_RESAMPLES,
						     STATS_SEED, &u))
					continue;
				iv = (struct sum_iv){ u.point, u.lo, u.hi,
					p->n < q->n ? p->n : q->n, 0,
					p->load_med };
			}
		}
		v = claim_judge(&iv, &pool_wins);
		if (!w->reps || iv.n < w->reps)
			w->reps = iv.n;
		if (iv.n > w->reps_max)
			w->reps_max = iv.n;
		/* Cells are sorted by task count within a size. */
		w->top = q->tasks;
		if (!seen++)
			w->first = v;
		if (v > 0) {
			if (!w->cross)
				w->cross = q->tasks;
		} else {
			w->cross = 0;	/* not (yet) won for good */
			if (v < 0)
				w->lost_at = q->tasks;
			else {
				w->undecided = q->tasks;
				w->undecided_iv = iv;
				w->undecided_cells[0] = q;
				w->undecided_cells[1] = p;
			}
		}
	}
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
enum verdict eval_c6(const struct claim_ctx *ctx, struct claim_result *r)
{
	static const char *const modes[] = { "threads", "fork", "spawn" };
	const struct summary *s = ctx->s;
	const char *src = startup_source(s);
	uint64_t sizes[16];
	size_t nsizes = swept_sizes(s, sizes, GB_ARRAY_LEN(sizes));
	/* Per pool (fork, spawn): crossed in some sweep, won from the
	 * first count in every sweep, measured at all. */
	int crossed[2] = { 0 }, always[2] = { 1, 1 }, measured[2] = { 0 };
	struct sweep undecided = { 0 };
	const char *undecided_mode = NULL;
	uint64_t undecided_size = 0;
	char plain[256] = "";

	SET(test, "for fork and for spawn, in a sweep of primes over task "
	    "counts (W = %ld), a count where the pool with start-up loses to "
	    "seq (lo > 1) below counts where it wins (hi < 1): a crossover "
	    "exists / contradicted when the pool wins from the smallest "
	    "count in every sweep", ctx->cores);
	for (size_t m = 0; src && m < GB_ARRAY_LEN(modes); m++) {
		const struct sum_cell *c = most_workers(s, src, modes[m], 0);
		double ms;

		if (!c)
			continue;
		ms = per_worker_ms(c);
		ADD(figure, "start-up %s %.3f ms per worker (W=%u)", modes[m],
		    ms, c->workers);
		if (m > 0)
			gb_appendf(plain, sizeof(plain), "; ", "%s %s", modes[m],
				   ms >= 10 ? "costs tens of ms per worker, "
				   "as claimed" : ms >= 1 ? "costs a few ms "
				   "per worker, not tens" : "costs less than a "
				   "millisecond per worker, not tens of ms");
	}
	for (size_t i = 0; i < nsizes; i++) {
		for (size_t m = 1; m < GB_ARRAY_LEN(modes); m++) {
			struct sweep w;

			crossover(ctx, modes[m], sizes[i], &w);
			if (!w.top)
				continue;
			measured[m - 1] = 1;
			if (!r->reps || w.reps < r->reps)
				r->reps = w.reps;
			if (w.reps_max > r->reps_max)
				r->reps_max = w.reps_max;
			if (w.cross && w.lost_at) {
				ADD(figure, "size %llu: %s crossover at %llu "
				    "tasks", (unsigned long long)sizes[i],
				    modes[m], (unsigned long long)w.cross);
				ADD(interval, "size %llu %s: loses at %llu, "
				    "wins from %llu tasks",
				    (unsigned long long)sizes[i], modes[m],
				    (unsigned long long)w.lost_at,
				    (unsigned long long)w.cross);
				crossed[m - 1] = 1;
			} else if (w.cross) {
				ADD(figure, "size %llu: %s wins from %llu "
				    "tasks", (unsigned long long)sizes[i],
				    modes[m], (unsigned long long)w.cross);
			} else {
				ADD(figure, "size %llu: %s never wins for good "
				    "up to %llu tasks",
				    (unsigned long long)sizes[i], modes[m],
				    (unsigned long long)w.top);
			}
			if (w.first <= 0)
				always[m - 1] = 0;
			if (w.undecided && !crossed[m - 1] && !undecided_mode) {
				undecided = w;
				undecided_mode = modes[m];
				undecided_size = sizes[i];
			}
		}
	}
	if (!measured[0])
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "primes sweep over task counts with seq "
				     "and fork (the crossover) in this run");
	ADD(figure, "claimed: about 70 items");
	if (plain[0])
		ADD(figure, "%s", plain);
	if ((always[0] && measured[0]) || (always[1] && measured[1]))
		return claim_verdict(r, VERDICT_CONTRADICTED, "%s wins over seq "
				     "from the smallest task count in every "
				     "sweep: start-up is not what limits it "
				     "here", always[0] ? "fork" : "spawn");
	if (crossed[0] && (crossed[1] || !measured[1]))
		return claim_verdict(r, VERDICT_REPRODUCED, "a process pool "
				     "loses to seq on few tasks and wins past "
				     "a crossover, whose place depends on the "
				     "work per task (figures)%s",
				     measured[1] ? "" : "; spawn not measured");
	if (undecided_mode) {
		char iv[96];

		claim_iv_text(iv, sizeof(iv), &undecided.undecided_iv,
			      &pool_wins);
		for (size_t k = 0; k < 2; k++)
			if (r->nneeds < CLAIM_MAX_NEEDS &&
			    undecided.undecided_cells[k])
				r->needs[r->nneeds++] =
					undecided.undecided_cells[k];
		r->busy = summary_busy(s, undecided.undecided_iv.load);
		return claim_verdict(r, VERDICT_INCONCLUSIVE, "no crossover "
				     "decided yet for %s: at size %llu and %llu "
				     "tasks, pool/seq %s straddles 1 after %u "
				     "repetitions; more repetitions%s would "
				     "decide it", undecided_mode,
				     (unsigned long long)undecided_size,
				     (unsigned long long)undecided.undecided,
				     iv, undecided.undecided_iv.n,
				     r->busy ? " on a quieter machine (this "
				     "one was busy)" : ", or a quieter machine,");
	}
	return claim_verdict(r, VERDICT_INCONCLUSIVE, "%s never won for good "
			     "in any sweep: the crossover lies beyond the "
			     "largest task count measured (a longer sweep "
			     "would decide it)", crossed[0] ? "spawn" : "fork");
}

/* C7: a new pool for every batch costs; create once, reuse. */
enum verdict eval_c7(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct claim_test t = TEST_ABOVE(1, 0, 1);
	const struct summary *s = ctx->s;
	struct tally ty = { 0 };
	int any = 0;

	SET(test, "per-batch time (start-up + wall) / batches, a fresh pool "
	    "per batch over one reused pool, same cell, paired: lo > 1 for "
	    "every process pool / contradicted when hi <= 1");
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *f = summary_cell(s, i), *u = NULL;
		struct sum_iv q;
		char what[96];

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
		any = 1;
		ADD(figure, "%s W=%u: %.3f ms per batch fresh, %.3f reused "
		    "(%.2fx)", f->mode, f->workers,
		    1000 * total_med(f) / f->batches,
		    1000 * total_med(u) / u->batches, q.point);
		if (!(gb_mode_flags(f->mode) & MODE_F_PROCESSES))
			continue;
		snprintf(what, sizeof(what), "%s at W=%u", f->mode, f->workers);
		{
			const struct sum_cell *need[] = { f, u };

			claim_item(r, &ty, ctx, what, "fresh/reused", &q, &t,
				   need, 2, 0);
		}
	}
	if (!any)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "--batches runs with --pool reuse,fresh in "
				     "this run");
	if (!ty.n)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "process pool among the batch runs");
	return claim_conclude(r, &ty, "a fresh process pool per batch is "
			      "slower: every batch pays the start-up again");
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
enum verdict eval_c8(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct claim_test dearer = TEST_ABOVE(2, 0, 1);
	const struct claim_test flat = TEST_BELOW(2, 1, 0);
	const struct summary *s = ctx->s;
	const struct sum_cell *lo_t = NULL, *hi_t = NULL;
	const struct sum_cell *lo_p, *lo_m, *hi_p, *hi_m;
	struct sum_iv pipe_small, pipe_big, shm_big;
	struct tally ty = { 0 };
	char what[96], lo_sz[HUMAN_LEN], hi_sz[HUMAN_LEN];

	SET(test, "time per task of payload at the largest size: the pipe "
	    "(fork) over shared memory (fork-shm) lo > 2, and fork-shm over "
	    "threads hi <= 2, paired / contradicted when one lies wholly on "
	    "the other side");
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
				     "payload runs of two sizes or more under "
				     "threads and fork");
	lo_p = payload_cell(s, "fork", lo_t->size, lo_t);
	lo_m = payload_cell(s, "fork-shm", lo_t->size, lo_t);
	hi_p = payload_cell(s, "fork", hi_t->size, hi_t);
	hi_m = payload_cell(s, "fork-shm", hi_t->size, hi_t);
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
	if (!hi_m)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "fork-shm cell at %llu B to compare with",
				     (unsigned long long)hi_t->size);
	human_bytes(lo_sz, sizeof(lo_sz), (double)lo_t->size);
	human_bytes(hi_sz, sizeof(hi_sz), (double)hi_t->size);
	if (lo_m && !summary_ratio(lo_p, lo_m, 0, &pipe_small))
		ADD(figure, "fork / fork-shm %.2f at %s", pipe_small.point,
		    lo_sz);
	summary_ratio(hi_p, hi_m, 0, &pipe_big);
	summary_ratio(hi_m, hi_t, 0, &shm_big);
	ADD(figure, "fork / fork-shm %.2f at %s", pipe_big.point, hi_sz);
	{
		const struct sum_cell *need[] = { hi_p, hi_m, hi_t };

		snprintf(what, sizeof(what), "%s through the pipe", hi_sz);
		claim_item(r, &ty, ctx, what, "fork/fork-shm", &pipe_big,
			   &dearer, need, 2, 0);
		snprintf(what, sizeof(what), "%s in shared memory", hi_sz);
		claim_item(r, &ty, ctx, what, "fork-shm/threads", &shm_big,
			   &flat, need + 1, 2, 0);
	}
	{
		char a[HUMAN_LEN], b[HUMAN_LEN];

		return claim_conclude(r, &ty, "copying through a pipe costs "
				      "%s per task at %s, against %s read in "
				      "place from shared memory: the copy "
				      "grows with the size, shared memory "
				      "stays as cheap as threads",
				      human_seconds(a, sizeof(a),
						    per_task_s(hi_p)), hi_sz,
				      human_seconds(b, sizeof(b),
						    per_task_s(hi_m)));
	}
}

/* C10: threads are cheaper to create and use less memory. */
enum verdict eval_c10(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct claim_test t = TEST_ABOVE(1, 0, 1);
	const struct summary *s = ctx->s;
	const char *src = startup_source(s);
	const struct sum_cell *th = NULL, *f = NULL, *sp;
	struct sum_iv st, mem;
	struct tally ty = { 0 };

	SET(test, "fork / threads at the same W (the most both ran), "
	    "paired: lo > 1 for the start-up per worker and for the peak "
	    "memory / contradicted when hi <= 1 for either");
	/* The most workers both modes ran with. */
	for (size_t i = 0; src && i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i), *g;

		if (!c->n || !summary_plain(c) || strcmp(c->workload, src) ||
		    strcmp(c->mode, "threads") ||
		    (th && c->workers <= th->workers))
			continue;
		g = most_workers(s, src, "fork", c->workers);
		if (g) {
			th = most_workers(s, src, "threads", c->workers);
			f = g;
		}
	}
	if (!th || !f)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "threads and fork cells at the same W");
	if (summary_compare(f, th, SF_STARTUP, &st) ||
	    summary_compare(f, th, SF_RSS, &mem))
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: "
				     "start-up or memory was not recorded");
	ADD(figure, "start-up per worker: threads %.3f ms, fork %.3f ms "
	    "(%.1fx)", per_worker_ms(th), per_worker_ms(f), st.point);
	ADD(figure, "peak memory at W=%u (%s): threads %.1f MiB, fork %.1f "
	    "MiB (%.1fx)", th->workers, src, th->rss_kb / 1024,
	    f->rss_kb / 1024, mem.point);
	sp = most_workers(s, src, "spawn", th->workers);
	if (sp)
		ADD(figure, "spawn: %.3f ms per worker, %.1f MiB",
		    per_worker_ms(sp), sp->rss_kb / 1024);
	{
		const struct sum_cell *need[] = { f, th };

		claim_item(r, &ty, ctx, "start-up", "fork/threads", &st, &t,
			   need, 2, 0);
		claim_item(r, &ty, ctx, "peak memory", "fork/threads", &mem,
			   &t, need, 2, 0);
	}
	return claim_conclude(r, &ty, "threads are cheaper on both counts");
}
