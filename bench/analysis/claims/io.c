/*
 * claims/io.c - I/O-bound work: C4 (threads take about one latency), C5 (the
 * crawler), C11 (the event loop at high concurrency), C14 (the convoy).
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <string.h>

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
enum verdict eval_c4(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	static const char *const modes[] = { "threads", "gil" };
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_IO, wls), nm = 0;
	char why[320] = "", missing[64] = "";

	SET(test, "median wall <= 1.5 x one latency, W >= tasks, threads "
	    "and gil");
	for (size_t i = 0; i < n; i++) {
		for (size_t m = 0; m < GB_ARRAY_LEN(modes); m++) {
			const struct sum_cell *c = pick_best(ctx->s, wls[i],
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
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: %s",
			       n ? "no threads or gil cell with W >= tasks "
			       "for an I/O workload"
			       : "no I/O workload (http, sleep) in this run");
	if (why[0])
		return claim_verdict(r, VERDICT_NOT_REPRODUCED, "%s", why);
	return claim_verdict(r, VERDICT_REPRODUCED, "the waits overlap: about one "
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
enum verdict eval_c5(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_IO, wls), nm = 0;
	char why[320] = "";

	SET(test, "speedup of threads over seq >= 8 for an I/O workload, "
	    "10+ tasks, W >= tasks");
	for (size_t i = 0; i < n; i++) {
		const struct sum_cell *c = pick_best(ctx->s, wls[i], "threads",
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
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: %s",
			       n ? "no threads cell with 10+ tasks, W >= "
			       "tasks and a seq baseline"
			       : "no I/O workload (http, sleep) in this run");
	if (why[0])
		return claim_verdict(r, VERDICT_NOT_REPRODUCED, "%s", why);
	return claim_verdict(r, VERDICT_REPRODUCED, "threads overlap the requests: at "
		"least 8x, as the 3.8 s -> 0.37 s crawler");
}

static double score_concurrent(const struct sum_cell *c)
{
	return c->workers >= 256 ? (double)c->workers : -1;
}

/* C11: an event loop has the lowest overhead at high concurrency. */
enum verdict eval_c11(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	const char *wls[MAX_WL];
	size_t n = pick_workloads(ctx->s, SUM_IO, wls);

	SET(test, "async vs threads at 256+ concurrent requests: less CPU "
	    "and memory, wall at most 1.25x");
	/* http first: the claim is about requests. */
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < n; i++) {
			const struct sum_cell *a, *t;
			struct stats_interval wall, cpu, mem;

			if ((k == 0) != (strcmp(wls[i], "http") == 0))
				continue;
			a = pick_best(ctx->s, wls[i], "async",
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
				return claim_verdict(r, VERDICT_REPRODUCED, "async "
					       "needs less CPU and memory for "
					       "the same wall time");
			return claim_verdict(r, VERDICT_NOT_REPRODUCED, "%s",
				       wall.point > 1.25 ? "async is slower"
				       : cpu.point <= 1 ? "async does not use "
				       "less CPU" : "async does not use less "
				       "memory");
		}
	}
	if (!summary_has_mode(ctx->s, "async"))
		return claim_not_measured(r, ctx->s, "async", "I/O");
	return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no async and "
		"threads cells at 256+ workers for an I/O workload");
}

/* The workload that measures an I/O thread beside CPU threads. */
static const char *convoy_workload(const struct summary *s)
{
	const char *wls[MAX_WL];

	return pick_workloads(s, SUM_CONVOY, wls) ? wls[0] : NULL;
}

/* Below this share of its rate alone, an I/O thread has collapsed. */
#define COLLAPSE 0.2

/* C14: the convoy effect. */
enum verdict eval_c14(const struct claim_ctx *ctx,
			     struct claim_result *r)
{
	static const char *const modes[] = { "gil", "threads", "fork" };
	const char *wl = convoy_workload(ctx->s);
	int gil_collapsed = -1, other_collapsed = 0, others = 0;
	char who[96] = "";

	SET(test, "round trips/s beside 1 CPU thread over alone: below %.1f "
	    "(collapse) under gil, not under threads or fork", COLLAPSE);
	if (!wl)
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
			       "convoy workload (round_trips_per_s) in this "
			       "run");
	for (size_t m = 0; m < GB_ARRAY_LEN(modes); m++) {
		const struct sum_cell *c[3];
		struct stats_interval q;

		for (unsigned k = 0; k < 3; k++)
			c[k] = pick_any_tasks(ctx->s, wl, modes[m], k + 1);
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
		return claim_not_measured(r, ctx->s, "gil", wl);
	if (gil_collapsed && !other_collapsed)
		return claim_verdict(r, VERDICT_REPRODUCED, "the rate collapses "
			       "under gil only%s", others ? ""
			       : " (threads and fork not measured)");
	if (!gil_collapsed)
		return claim_verdict(r, VERDICT_NOT_REPRODUCED, "the I/O thread "
			       "keeps more than %.0f%% of its rate under gil",
			       100 * COLLAPSE);
	return claim_verdict(r, VERDICT_NOT_REPRODUCED, "the rate collapses under %s "
		"too", who);
}
