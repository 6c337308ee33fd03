/*
 * claims/cost.c - what a pool costs (README, "The cost of concurrency"):
 * C6 (start-up and the crossover), C7 (a fresh pool per batch), C8
 * (copying arguments), C10 (threads against processes).
 */
#include "bench/analysis/claims/eval.h"
#include "bench/modes/registry.h"
#include "bench/output/human.h"

#include <math.h>
#include <string.h>

/* Where start-up per worker is read: the do-nothing workload if the run
 * has it, else the first CPU workload (start-up does not depend on the
 * task). */
static const char *startup_source(const struct model *m)
{
	const struct query q = { .workload = "empty", .kind = KIND_ANY,
				 .flags = Q_MEASURED };
	const char *wls[MAX_WL];

	if (model_find(m, &q))
		return "empty";
	return pick_workloads(m, KIND_CPU, wls) ? wls[0] : NULL;
}

/* The cell of wl and mode with the most workers (any task count: the
 * start-up sweep is not the workload's main series), most repetitions on
 * a tie; with workers == 0, any count, else exactly it. */
static const struct cell *most_workers(const struct model *m,
				       const char *wl, const char *mode,
				       unsigned workers)
{
	const struct query q = { .workload = wl, .kind = KIND_ANY,
				 .mode = mode, .workers = workers,
				 .flags = Q_MEASURED | Q_NO_VARIANTS };
	const struct cell *cells[256], *best = NULL;
	size_t n = model_select(m, &q, cells, GB_ARRAY_LEN(cells));

	for (size_t i = 0; i < n && i < GB_ARRAY_LEN(cells); i++) {
		const struct cell *c = cells[i];

		if (!best || c->key.workers > best->key.workers ||
		    (c->key.workers == best->key.workers && c->n > best->n))
			best = c;
	}
	return best;
}

/* Per worker, in ms: start-up / workers. */
static double per_worker_ms(const struct cell *c)
{
	return 1000 * c->med[FIG_STARTUP] / (double)c->key.workers;
}

/* One sweep of the pool against seq over the task counts of one size. */
struct sweep {
	uint64_t cross;		/* the crossover: from here on the pool wins */
	uint64_t lost_at;	/* the largest count where it lost, 0 none */
	uint64_t top;		/* the largest count compared */
	int first;		/* the outcome at the smallest count */
	/* The undecided count nearest the crossover, if any. */
	uint64_t undecided;
	struct iv undecided_iv;
	const struct cell *undecided_cells[2];
	unsigned reps, reps_max;
};

/* The crossover of mode in the primes sweep of one size: walking the task
 * counts up, the first from which the pool wins at every larger count,
 * after a count where it lost. The pool's cell at each count is at
 * W = cores, or the most workers below. */
static void crossover(const struct claim_ctx *ctx, const char *mode,
		      uint64_t size, struct sweep *w)
{
	const struct query q = { .workload = "primes", .kind = KIND_ANY,
				 .mode = "seq",
				 .flags = Q_MEASURED | Q_NO_VARIANTS };
	const struct cell *seqs[256];
	size_t n = model_select(ctx->m, &q, seqs, GB_ARRAY_LEN(seqs));
	int seen = 0;

	memset(w, 0, sizeof(*w));
	for (size_t i = 0; i < n && i < GB_ARRAY_LEN(seqs); i++) {
		const struct cell *s = seqs[i], *p = NULL;
		struct iv iv;
		int v;

		if (s->key.size != size)
			continue;
		for (long k = ctx->cores > 0 ? ctx->cores : 1; k >= 1 && !p;
		     k--)
			p = model_twin(ctx->m, s, mode, (unsigned)k);
		if (!p)
			continue;
		/* The pool's wall + start-up over seq's wall, paired by
		 * round where they ran together. */
		if (model_ratio(p, FIG_TOTAL, s, FIG_WALL, &iv))
			continue;
		v = claim_judge(&iv, TEST(ctx, 1));
		if (!w->reps || iv.n < w->reps)
			w->reps = iv.n;
		if (iv.n > w->reps_max)
			w->reps_max = iv.n;
		/* Cells are sorted by task count within a size. */
		w->top = s->key.tasks;
		if (!seen++)
			w->first = v;
		if (v > 0) {
			if (!w->cross)
				w->cross = s->key.tasks;
		} else {
			w->cross = 0;	/* not (yet) won for good */
			if (v < 0)
				w->lost_at = s->key.tasks;
			else {
				w->undecided = s->key.tasks;
				w->undecided_iv = iv;
				w->undecided_cells[0] = p;
				w->undecided_cells[1] = s;
			}
		}
	}
}

/* The sizes of primes swept over two or more task counts with seq, in
 * increasing order; returns how many (at most max). */
static size_t swept_sizes(const struct model *m, uint64_t *sizes,
			  size_t max)
{
	const struct query q = { .workload = "primes", .kind = KIND_ANY,
				 .mode = "seq",
				 .flags = Q_MEASURED | Q_NO_VARIANTS };
	const struct cell *seqs[256];
	size_t nc = model_select(m, &q, seqs, GB_ARRAY_LEN(seqs)), n = 0;

	for (size_t i = 0; i < nc && i < GB_ARRAY_LEN(seqs); i++) {
		size_t counts = 0, k;

		for (k = 0; k < n && sizes[k] != seqs[i]->key.size; k++)
			;
		if (k < n)
			continue;
		for (size_t j = 0; j < nc && j < GB_ARRAY_LEN(seqs); j++)
			counts += seqs[j]->key.size == seqs[i]->key.size;
		if (counts < 2 || n == max)
			continue;
		for (k = n++; k > 0 && sizes[k - 1] > seqs[i]->key.size; k--)
			sizes[k] = sizes[k - 1];
		sizes[k] = seqs[i]->key.size;
	}
	return n;
}

/* C6's pools: every process pool, after threads (start-up only). */
static const char *const c6_modes[] = { "threads", "fork", "forkserver",
					"spawn" };
#define C6_POOLS (GB_ARRAY_LEN(c6_modes) - 1)

/* Start-up per worker of each pool, and whether it is "tens of ms". */
static void startup_figures(const struct model *m, struct claim_result *r,
			    struct text *plain)
{
	const char *src = startup_source(m);

	for (size_t k = 0; src && k < GB_ARRAY_LEN(c6_modes); k++) {
		const struct cell *c = most_workers(m, src, c6_modes[k], 0);
		double ms;

		if (!c)
			continue;
		ms = per_worker_ms(c);
		ADD(figure, "start-up %s %.3f ms per worker (W=%llu)",
		    c6_modes[k], ms, (unsigned long long)c->key.workers);
		if (!isnan(c->med[FIG_SERVER]))
			text_addf(&r->figure, NULL, ", its server started once "
				  "in %.1f ms (apart)",
				  1000 * c->med[FIG_SERVER]);
		if (k > 0)
			text_addf(plain, "; ", "%s %s", c6_modes[k], ms >= 10
				  ? "costs tens of ms per worker, as claimed"
				  : ms >= 1 ? "costs a few ms per worker, not "
				  "tens" : "costs less than a millisecond per "
				  "worker, not tens of ms");
	}
}

/* C6: process start-up is expensive; a pool wins only past ~70 items. */
enum verdict eval_c6(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct model *m = ctx->m;
	uint64_t sizes[16];
	size_t nsizes = swept_sizes(m, sizes, GB_ARRAY_LEN(sizes));
	/* Per pool: crossed in some sweep, won from the first count in
	 * every sweep, measured at all. */
	int crossed[C6_POOLS] = { 0 }, always[C6_POOLS], measured[C6_POOLS];
	struct sweep undecided = { 0 };
	const char *undecided_mode = NULL, *lost = NULL, *open = NULL;
	uint64_t undecided_size = 0;
	struct text plain = { 0 };
	size_t p;

	for (p = 0; p < C6_POOLS; p++)
		always[p] = 1, measured[p] = 0;
	startup_figures(m, r, &plain);
	for (size_t i = 0; i < nsizes; i++) {
		for (p = 0; p < C6_POOLS; p++) {
			const char *mode = c6_modes[p + 1];
			unsigned long long sz = sizes[i];
			struct sweep w;

			crossover(ctx, mode, sizes[i], &w);
			if (!w.top)
				continue;
			measured[p] = 1;
			if (!r->reps || w.reps < r->reps)
				r->reps = w.reps;
			if (w.reps_max > r->reps_max)
				r->reps_max = w.reps_max;
			if (w.cross && w.lost_at) {
				ADD(figure, "size %llu: %s crossover at %llu "
				    "tasks", sz, mode,
				    (unsigned long long)w.cross);
				ADD(interval, "size %llu %s: loses at %llu, "
				    "wins from %llu tasks", sz, mode,
				    (unsigned long long)w.lost_at,
				    (unsigned long long)w.cross);
				crossed[p] = 1;
			} else if (w.cross) {
				ADD(figure, "size %llu: %s wins from %llu "
				    "tasks", sz, mode,
				    (unsigned long long)w.cross);
			} else {
				ADD(figure, "size %llu: %s never wins for good "
				    "up to %llu tasks", sz, mode,
				    (unsigned long long)w.top);
			}
			if (w.first <= 0)
				always[p] = 0;
			if (w.undecided && !crossed[p] && !undecided_mode) {
				undecided = w;
				undecided_mode = mode;
				undecided_size = sizes[i];
			}
		}
	}
	if (!measured[0]) {
		text_free(&plain);
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "primes sweep over task counts with seq "
				     "and fork (the crossover) in this run");
	}
	ADD(figure, "claimed: about 70 items");
	if (plain.len)
		ADD(figure, "%s", text_str(&plain));
	text_free(&plain);
	for (p = 0; p < C6_POOLS; p++) {
		if (measured[p] && always[p] && !lost)
			lost = c6_modes[p + 1];
		if (measured[p] && !crossed[p] && !open)
			open = c6_modes[p + 1];
	}
	if (lost)
		return claim_verdict(r, VERDICT_CONTRADICTED, "%s wins over seq "
				     "from the smallest task count in every "
				     "sweep: start-up is not what limits it "
				     "here", lost);
	if (!open)
		return claim_verdict(r, VERDICT_REPRODUCED, "every process "
				     "pool measured loses to seq on few tasks "
				     "and wins past a crossover, whose place "
				     "depends on the work per task (figures)");
	if (undecided_mode) {
		char iv[96];

		claim_iv_text(iv, sizeof(iv), &undecided.undecided_iv,
			      TEST(ctx, 1));
		claim_needs(r, undecided.undecided_cells[0]);
		claim_needs(r, undecided.undecided_cells[1]);
		r->busy = model_busy(m, undecided.undecided_iv.load);
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
			     "would decide it)", open);
}

/* C7: a new pool for every batch costs; create once, reuse. */
enum verdict eval_c7(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct query q = { .kind = KIND_ANY, .flags = Q_MEASURED };
	const struct cell *cells[1024];
	size_t n = model_select(ctx->m, &q, cells, GB_ARRAY_LEN(cells));
	struct tally ty = { 0 };
	int any = 0;

	for (size_t i = 0; i < n && i < GB_ARRAY_LEN(cells); i++) {
		const struct cell *f = cells[i], *u;
		struct bench_row k = f->key;
		struct iv v;
		char what[96];

		if (strcmp(f->key.pool, "fresh") || f->key.batches < 2)
			continue;
		k.pool = "reuse";
		u = model_cell(ctx->m, &k);
		if (!u || !u->n || model_compare(f, u, FIG_TOTAL, &v))
			continue;
		any = 1;
		ADD(figure, "%s W=%llu: %.3f ms per batch fresh, %.3f reused "
		    "(%.2fx)", f->key.mode, (unsigned long long)f->key.workers,
		    1000 * f->med[FIG_TOTAL] / (double)f->key.batches,
		    1000 * u->med[FIG_TOTAL] / (double)u->key.batches, v.point);
		if (!(gb_mode_flags(f->key.mode) & MODE_F_PROCESSES))
			continue;
		snprintf(what, sizeof(what), "%s at W=%llu", f->key.mode,
			 (unsigned long long)f->key.workers);
		{
			const struct cell *need[] = { f, u };

			claim_item(r, &ty, ctx, what, &v, TEST(ctx, 0), need,
				   2, 0);
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

static double per_task_s(const struct cell *c)
{
	return c->key.tasks ? c->median / (double)c->key.tasks : NAN;
}

/* What shared memory costs a worker process at the largest size, and
 * why: a forked worker inherits a MAP_SHARED mapping without its page
 * tables, so it faults in every page the first time it reads it; with
 * more tasks per worker that is paid less often per task. */
static void shared_memory_finding(const struct claim_ctx *ctx,
				  struct claim_result *r,
				  const struct cell *thr,
				  const struct cell *shm)
{
	struct iv q;
	char sz[HUMAN_LEN], a[HUMAN_LEN], b[HUMAN_LEN];
	double per_worker = (double)shm->key.tasks / (double)shm->key.workers;

	(void)ctx;
	if (model_compare(shm, thr, FIG_WALL, &q))
		return;
	human_bytes(sz, sizeof(sz), (double)shm->key.size);
	text_setf(&r->finding, "%s: at %s, fork-shm took %s per task against "
		  "threads' %s (fork-shm / threads %.2f [%.2f, %.2f], paired)",
		  q.lo > 1.1 ? "shared memory is not free for a process"
		  : "shared memory cost a process about what it costs a "
		  "thread", sz,
		  human_seconds(a, sizeof(a), per_task_s(shm)),
		  human_seconds(b, sizeof(b), per_task_s(thr)), q.point, q.lo,
		  q.hi);
	if (!isnan(shm->med[FIG_MINFLT]) && !isnan(thr->med[FIG_MINFLT]))
		text_addf(&r->finding, NULL, ". A forked worker inherits the "
			  "shared mapping without its page tables, so it "
			  "faults in each of its %.0f pages of 4 KiB the first "
			  "time it reads them: %.0f minor page faults per "
			  "task under fork-shm against %.0f under threads. "
			  "Each of the %llu worker%s reads the payload for "
			  "%.1f tasks here, and pays the faults once: the "
			  "more tasks per worker, the less per task",
			  (double)shm->key.size / 4096,
			  shm->med[FIG_MINFLT] / (double)shm->key.tasks,
			  thr->med[FIG_MINFLT] / (double)thr->key.tasks,
			  (unsigned long long)shm->key.workers,
			  GB_PLURAL(shm->key.workers), per_worker);
	else
		text_addf(&r->finding, NULL, " (this run's CSV has no "
			  "page-fault counts, the minflt column, to say why)");
}

/* C8: arguments are copied between processes; big data hurts. */
enum verdict eval_c8(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct query q = { .workload = "payload", .kind = KIND_ANY,
				 .mode = "threads",
				 .flags = Q_MEASURED | Q_NO_VARIANTS };
	const struct cell *th[64], *lo_t = NULL, *hi_t = NULL;
	const struct cell *hi_p, *hi_m;
	size_t n = model_select(ctx->m, &q, th, GB_ARRAY_LEN(th));
	struct iv pipe_thr, pipe_shm;
	struct tally ty = { 0 };
	char what[96], hi_sz[HUMAN_LEN];
	char a[HUMAN_LEN], b[HUMAN_LEN], sz[HUMAN_LEN];

	/* The smallest and largest sizes threads and fork both measured. */
	for (size_t i = 0; i < n && i < GB_ARRAY_LEN(th); i++) {
		if (!model_twin(ctx->m, th[i], "fork", 0))
			continue;
		if (!lo_t || th[i]->key.size < lo_t->key.size)
			lo_t = th[i];
		if (!hi_t || th[i]->key.size > hi_t->key.size)
			hi_t = th[i];
	}
	if (!lo_t || lo_t == hi_t)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "payload runs of two sizes or more under "
				     "threads and fork");
	for (size_t i = 0; i < n && i < GB_ARRAY_LEN(th); i++) {
		const struct cell *t = th[i];
		const struct cell *p = model_twin(ctx->m, t, "fork", 0);
		const struct cell *m = model_twin(ctx->m, t, "fork-shm", 0);

		/* The ends and 1 MiB: the figure has room for no more. */
		if (t->key.workers != hi_t->key.workers || !p ||
		    (t != lo_t && t != hi_t && t->key.size != 1u << 20))
			continue;
		ADD(figure, "%s per task: threads %s, fork %s",
		    human_bytes(sz, sizeof(sz), (double)t->key.size),
		    human_seconds(a, sizeof(a), per_task_s(t)),
		    human_seconds(b, sizeof(b), per_task_s(p)));
		if (m)
			text_addf(&r->figure, NULL, ", fork-shm %s",
				  human_seconds(a, sizeof(a), per_task_s(m)));
	}
	hi_p = model_twin(ctx->m, hi_t, "fork", 0);
	hi_m = model_twin(ctx->m, hi_t, "fork-shm", 0);
	human_bytes(hi_sz, sizeof(hi_sz), (double)hi_t->key.size);
	model_compare(hi_p, hi_t, FIG_WALL, &pipe_thr);
	ADD(figure, "fork / threads %.2f at %s", pipe_thr.point, hi_sz);
	if (hi_m) {
		model_compare(hi_p, hi_m, FIG_WALL, &pipe_shm);
		ADD(figure, "fork / fork-shm %.2f", pipe_shm.point);
	}
	{
		const struct cell *need[] = { hi_p, hi_t, hi_m };

		snprintf(what, sizeof(what), "%s through the pipe", hi_sz);
		claim_item(r, &ty, ctx, what, &pipe_thr, TEST(ctx, 0), need,
			   2, 0);
		if (hi_m) {
			snprintf(what, sizeof(what), "%s, pipe against shared "
				 "memory", hi_sz);
			need[1] = hi_m;
			claim_item(r, &ty, ctx, what, &pipe_shm, TEST(ctx, 1),
				   need, 2, 0);
		}
	}
	if (hi_m)
		shared_memory_finding(ctx, r, hi_t, hi_m);
	return claim_conclude(r, &ty, "copying through a pipe costs %s per "
			      "task at %s, against %s for threads, which "
			      "share it: the copy grows with the size",
			      human_seconds(a, sizeof(a), per_task_s(hi_p)),
			      hi_sz, human_seconds(b, sizeof(b),
						   per_task_s(hi_t)));
}

/* C10: threads are cheaper to create and use less memory. */
enum verdict eval_c10(const struct claim_ctx *ctx, struct claim_result *r)
{
	const struct model *m = ctx->m;
	const char *src = startup_source(m);
	const struct cell *th = NULL, *f = NULL;
	struct iv st, mem;
	struct tally ty = { 0 };

	/* The most workers both modes ran with. */
	if (src) {
		const struct query q = { .workload = src, .kind = KIND_ANY,
					 .mode = "threads",
					 .flags = Q_MEASURED | Q_NO_VARIANTS };
		const struct cell *cells[256];
		size_t n = model_select(m, &q, cells, GB_ARRAY_LEN(cells));

		for (size_t i = 0; i < n && i < GB_ARRAY_LEN(cells); i++) {
			const struct cell *c = cells[i], *g;
			unsigned w = (unsigned)c->key.workers;

			if (th && w <= th->key.workers)
				continue;
			g = most_workers(m, src, "fork", w);
			if (g) {
				th = most_workers(m, src, "threads", w);
				f = g;
			}
		}
	}
	if (!th || !f)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "threads and fork cells at the same W");
	if (model_compare(f, th, FIG_STARTUP, &st) ||
	    model_compare(f, th, FIG_RSS, &mem))
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: "
				     "start-up or memory was not recorded");
	ADD(figure, "at W=%llu (%s), threads: %.3f ms per worker, %.1f MiB",
	    (unsigned long long)th->key.workers, src, per_worker_ms(th),
	    th->med[FIG_RSS] / 1024);
	/* Every process pool against threads at that W, paired. */
	for (size_t k = 1; k < GB_ARRAY_LEN(c6_modes); k++) {
		const struct cell *p = k == 1 ? f : most_workers(m, src,
			c6_modes[k], (unsigned)th->key.workers);
		const struct cell *need[] = { p, th };
		struct claim_test t = *TEST(ctx, 0);
		char label[32], what[64];

		if (!p || model_compare(p, th, FIG_STARTUP, &st) ||
		    model_compare(p, th, FIG_RSS, &mem))
			continue;
		ADD(figure, "%s: %.3f ms per worker (%.1fx), %.1f MiB (%.1fx)%s",
		    c6_modes[k], per_worker_ms(p), st.point,
		    p->med[FIG_RSS] / 1024, mem.point,
		    isnan(p->med[FIG_SERVER]) ? "" : " (its server's own "
		    "memory not counted)");
		snprintf(label, sizeof(label), "%s/threads", c6_modes[k]);
		t.label = label;
		snprintf(what, sizeof(what), "%s start-up", c6_modes[k]);
		claim_item(r, &ty, ctx, what, &st, &t, need, 2, 0);
		snprintf(what, sizeof(what), "%s peak memory", c6_modes[k]);
		claim_item(r, &ty, ctx, what, &mem, &t, need, 2, 0);
	}
	return claim_conclude(r, &ty, "threads are cheaper than every "
			      "process pool on both counts");
}
