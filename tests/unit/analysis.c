/*
 * tests/unit/analysis.c - cmocka tests of the summary stage and the claims: the
 * statistics against hand-computed cases, the bootstrap interval on
 * synthetic data with a known ratio, and each claim's verdict logic on
 * synthetic summaries for every outcome. No timing is measured here.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/analysis/claims/claims.h"
#include "bench/analysis/claims/eval.h"
#include "bench/core/stats.h"
#include "bench/analysis/model/model.h"
#include "bench/core/util.h"

/* ---- statistics ---- */

static void stats_by_hand(void **st)
{
	const double odd[] = { 3, 1, 2 }, even[] = { 4, 1, 3, 2 };
	const double skew[] = { 1, 2, 3, 4, 100 };
	const double flat[] = { 2, 2, 2, 2 };
	const double spike[] = { 10, 10.1, 9.9, 10.05, 9.95, 30 };
	const double sorted[] = { 0, 10, 20, 30, 40 };

	(void)st;
	assert_true(stats_median(odd, 3) == 2);
	assert_true(stats_median(even, 4) == 2.5);
	/* |x - 3| = 2 1 0 1 97: median 1, whatever the 100. */
	assert_true(stats_mad(skew, 5) == 1);
	assert_true(stats_cv(flat, 4) == 0);
	/* mean 2.5, sample sd sqrt(5/3): cv 0.5164 */
	assert_true(fabs(stats_cv(even, 4) - sqrt(5.0 / 3) / 2.5) < 1e-12);
	assert_int_equal(stats_outliers(spike, 6), 1);
	assert_int_equal(stats_outliers(skew, 5), 1);
	assert_int_equal(stats_outliers(flat, 4), 0);
	assert_int_equal(stats_outliers(odd, 3), 0);
	assert_true(stats_quantile_sorted(sorted, 5, 0) == 0);
	assert_true(stats_quantile_sorted(sorted, 5, 0.5) == 20);
	assert_true(stats_quantile_sorted(sorted, 5, 0.025) == 1);
	assert_true(stats_quantile_sorted(sorted, 5, 1) == 40);
}

/* Uniform in [-1, 1) from the project's generator. */
static double unit_noise(uint64_t *rng)
{
	return (double)(gb_rand_next(rng) >> 11) / (double)(1ull << 52) - 1;
}

static void bootstrap_holds_the_true_ratio(void **st)
{
	double num[25], den[25];
	struct stats_interval a, b, one;
	uint64_t rng = 42;

	(void)st;
	/* Medians 1.0 and 0.5: the true ratio is 2. */
	for (int i = 0; i < 25; i++) {
		num[i] = 1.0 + 0.05 * unit_noise(&rng);
		den[i] = 0.5 + 0.02 * unit_noise(&rng);
	}
	assert_int_equal(stats_boot_ratio(num, 25, den, 25, 2000, 7, &a), 0);
	assert_true(a.lo <= 2 && 2 <= a.hi);
	assert_true(a.lo <= a.point && a.point <= a.hi);
	assert_true(a.hi - a.lo < 0.3);
	/* Seeded: the same interval again. */
	assert_int_equal(stats_boot_ratio(num, 25, den, 25, 2000, 7, &b), 0);
	assert_true(a.lo == b.lo && a.hi == b.hi);
	/* One value a side: the point itself. */
	assert_int_equal(stats_boot_ratio(num, 1, den, 1, 100, 1, &one), 0);
	assert_true(one.lo == one.point && one.hi == one.point);
	assert_int_equal(stats_boot_ratio(num, 0, den, 5, 100, 1, &one),
			 -EINVAL);
	assert_int_equal(stats_boot_median(num, 25, 2000, 3, &one), 0);
	assert_true(one.lo <= 1 && 1 <= one.hi);
}


/* ---- synthetic models ---- */

/* The tests of claims.h's tests, as CLAIMS.md writes them. */
#define ABOVE(b, ri, ci) ((struct claim_test){ TEST_ABOVE, (b), NAN, (ri), \
					       (ci), "S", NULL })
#define BELOW(b, ri, ci) ((struct claim_test){ TEST_BELOW, (b), NAN, (ri), \
					       (ci), "S", NULL })
#define BAND(a, b) ((struct claim_test){ TEST_BAND, (a), (b), 1, 0, "S", NULL })

/* Five repetitions of one cell around `wall`, 1% apart. */
static void addn(struct model *s, struct bench_row r, double wall)
{
	static const double jitter[] = { 1.00, 1.01, 0.99, 1.005, 0.995 };

	for (size_t i = 0; i < GB_ARRAY_LEN(jitter); i++) {
		r.wall_s = wall * jitter[i];
		if (r.metric_name && r.metric_name[0])
			r.metric = r.metric * (i % 2 ? 1.001 : 0.999);
		model_add(s, &r);
	}
}

/* The kind bin/bench writes for each workload (workloads/). */
static const char *kind_of(const char *wl)
{
	static const char *const kinds[][2] = {
		{ "native", "native" }, { "sleep", "io" }, { "http", "io" },
		{ "convoy", "convoy" }, { "empty", "cost" }, { "pingpong", "cost" },
		{ "payload", "cost" }, { "race", "race" }, { "race-mutex", "race" },
		{ "race-atomic", "race" },
	};

	for (size_t i = 0; i < GB_ARRAY_LEN(kinds); i++)
		if (strcmp(kinds[i][0], wl) == 0)
			return kinds[i][1];
	return "cpu";
}

static struct bench_row row(const char *wl, const char *mode, unsigned w,
			  uint64_t tasks)
{
	struct bench_row r = {
		.workload = wl, .mode = mode, .metric_name = "", .error = "",
		.kind = kind_of(wl),
		.workers = w, .tasks = tasks, .size = 1000, .verified = 1,
		.cpus = 2, .startup_s = 0.001, .user_s = 0.1, .sys_s = 0,
		.max_rss_kb = 10000, .metric = NAN, .switch_ms = NAN,
		.latency_ms = NAN, .gil_wait_s = NAN, .metric2 = NAN,
		.start_rss_kb = NAN, .other_cpu_s = NAN, .span_s = NAN,
	};
	return r;
}

/* The cell of a key, the other parameters at their defaults. */
static const struct cell *find(const struct model *m, const char *wl,
			       const char *mode, unsigned w, uint64_t tasks,
			       uint64_t size)
{
	struct bench_row k = row(wl, mode, w, tasks);

	k.size = size;
	return model_cell(m, &k);
}

/* The last result judged: its texts are freed at the next judgement,
 * and reachable until then (LeakSanitizer sees no leak at the end). */
static struct claim_result last;

static const struct claim *claim(const char *id)
{
	for (size_t i = 0; i < CLAIM__COUNT; i++)
		if (strcmp(gb_claims[i].name, id) == 0)
			return &gb_claims[i];
	fail_msg("no claim %s", id);
	return NULL;
}

static enum verdict judge(struct model *s, const char *id,
			  struct claim_result *r)
{
	struct claim_ctx ctx;

	claim_ctx_init(&ctx, s, model_machine(s)->cores, 0);
	claim_result_free(&last);
	claim_eval(claim(id), &ctx, &last);
	*r = last;
	assert_true(text_str(&r->reason)[0] != '\0');
	assert_true(text_str(&r->test)[0] != '\0');
	return r->verdict;
}

/* Finish s, judge claim id into *r; frees s. */
static enum verdict judge_finished(struct model *s, const char *id,
				   struct claim_result *r)
{
	enum verdict v;

	model_finish(s);
	v = judge(s, id, r);
	model_free(s);
	return v;
}

/* Finish s, judge claim id on it: the verdict must be want, and phrase
 * (unless NULL) in its figure, reason or finding. Frees s. */
static void expect_verdict(struct model *s, const char *id,
			   enum verdict want, const char *phrase)
{
	struct claim_result r;

	model_finish(s);
	assert_int_equal(judge(s, id, &r), want);
	if (phrase && !strstr(text_str(&r.figure), phrase) &&
	    !strstr(text_str(&r.reason), phrase) &&
	    !strstr(text_str(&r.finding), phrase))
		fail_msg("%s: '%s' is in none of '%s', '%s', '%s'", id, phrase,
			 text_str(&r.figure), text_str(&r.reason),
			 text_str(&r.finding));
	model_free(s);
}

/* seq at 1.0 s and mode at W = 2 with the given wall time. */
static struct model *cpu_pair(const char *mode, double wall)
{
	struct model *s = model_new();

	addn(s, row("primes", "seq", 1, 32), 1.0);
	addn(s, row("primes", mode, 2, 32), wall);
	model_finish(s);
	return s;
}

static void summary_figures(void **st)
{
	struct model *s = model_new();
	struct bench_row bad = row("primes", "threads", 2, 32);
	const struct cell *c;

	(void)st;
	addn(s, row("primes", "seq", 1, 32), 1.0);
	addn(s, row("primes", "threads", 2, 32), 0.5);
	bad.verified = 0;
	bad.wall_s = 0.001;	/* a failed row must not count */
	bad.error = "task 3: wrong answer";
	model_add(s, &bad);
	model_finish(s);
	assert_int_equal(model_ncells(s), 2);
	assert_int_equal(model_nrows(s), 11);
	assert_int_equal(model_nfailed(s), 1);
	c = find(s, "primes", "threads", 2, 32, 1000);
	assert_non_null(c);
	assert_int_equal(c->n, 5);
	assert_int_equal(c->failed, 1);
	assert_string_equal(c->first_error, "task 3: wrong answer");
	assert_true(c->median == 0.5);
	assert_true(fabs(c->speedup.point - 2) < 1e-9);
	assert_true(c->speedup.lo <= 2 && c->speedup.hi >= 2);
	assert_true(fabs(c->efficiency - 1) < 1e-9);
	assert_false(c->noisy);
	c = find(s, "primes", "seq", 1, 32, 1000);
	assert_true(c->speedup.point == 1 && c->speedup.lo == 1);
	model_free(s);
}

static void c1_each_outcome(void **st)
{
	struct claim_result r;
	struct model *s;

	(void)st;
	s = cpu_pair("gil", 1.02);
	assert_int_equal(judge(s, "C1", &r), VERDICT_REPRODUCED);
	assert_non_null(strstr(text_str(&r.figure), "primes 0.98x"));
	model_free(s);
	s = cpu_pair("gil", 0.5);	/* a GIL that scaled: wrong */
	assert_int_equal(judge(s, "C1", &r), VERDICT_CONTRADICTED);
	model_free(s);
	s = cpu_pair("threads", 0.5);
	assert_int_equal(judge(s, "C1", &r), VERDICT_NOT_MEASURED);
	assert_non_null(strstr(text_str(&r.reason), "gil"));
	model_free(s);
}

static void c2_each_outcome(void **st)
{
	struct claim_result r;
	struct model *s;

	(void)st;
	s = cpu_pair("fork", 0.52);
	assert_int_equal(judge(s, "C2", &r), VERDICT_REPRODUCED);
	model_free(s);
	s = cpu_pair("fork", 0.8);	/* faster, but S/N 0.62 */
	assert_int_equal(judge(s, "C2", &r), VERDICT_CONTRADICTED);
	assert_non_null(strstr(text_str(&r.reason), "S/N"));
	assert_non_null(strstr(text_str(&r.figure), "no calibration"));
	model_free(s);
	s = cpu_pair("gil", 1.0);
	assert_int_equal(judge(s, "C2", &r), VERDICT_NOT_MEASURED);
	model_free(s);
}

static void c4_c5_each_outcome(void **st)
{
	struct claim_result r;
	struct model *s;
	struct bench_row q;

	(void)st;
	for (int slow = 0; slow < 2; slow++) {
		s = model_new();
		q = row("sleep", "seq", 1, 32);
		q.latency_ms = 10;
		addn(s, q, 0.33);
		q = row("sleep", "threads", 64, 32);
		q.latency_ms = 10;
		addn(s, q, slow ? 0.05 : 0.0105);
		model_finish(s);
		assert_int_equal(judge(s, "C4", &r), slow ? VERDICT_CONTRADICTED
				 : VERDICT_REPRODUCED);
		assert_int_equal(judge(s, "C5", &r), slow ? VERDICT_CONTRADICTED
				 : VERDICT_REPRODUCED);
		model_free(s);
	}
	s = cpu_pair("threads", 0.5);
	assert_int_equal(judge(s, "C4", &r), VERDICT_NOT_MEASURED);
	assert_int_equal(judge(s, "C5", &r), VERDICT_NOT_MEASURED);
	model_free(s);
}

/* One http cell of tasks = workers = n at latency lat: wall, CPU (user)
 * and peak memory as given, five repetitions. */
static void http_cell(struct model *s, const char *mode, unsigned n,
		      double lat, double wall, double cpu, double rss_kb)
{
	struct bench_row q = row("http", mode, n, n);

	q.latency_ms = lat;
	q.user_s = cpu;
	q.max_rss_kb = rss_kb;
	q.start_rss_kb = 4000;
	addn(s, q, wall);
}

/* The sweep at 10 ms, where at 4096 async's one thread does 0.33 s of
 * CPU (33 latencies: CPU-bound) and takes top_wall x threads' wall;
 * with io_point, the suite's 256 at 100 ms, where the loop waits. */
static enum verdict c11_run(double top_wall, int io_point,
			    struct claim_result *r)
{
	static const unsigned sizes[] = { 256, 1024, 4096 };
	struct model *s = model_new();

	for (size_t i = 0; i < GB_ARRAY_LEN(sizes); i++) {
		double n = sizes[i];

		http_cell(s, "threads", sizes[i], 10, 0.01 + 100e-6 * n,
			  200e-6 * n, 4000 + 20 * n);
		http_cell(s, "async", sizes[i], 10,
			  (0.01 + 100e-6 * n) * (sizes[i] == 4096 ? top_wall : 1),
			  80e-6 * n, 4000 + 8 * n);
	}
	if (io_point) {
		http_cell(s, "threads", 256, 100, 0.115, 0.05, 22000);
		http_cell(s, "async", 256, 100, 0.117, 0.02, 23000);
	}
	return judge_finished(s, "C11", r);
}

static void c11_judges_the_wall_where_the_loop_waits(void **st)
{
	struct claim_result r;

	(void)st;
	/* At 4096 async is 1.5x slower: CPU-bound, so the wall is judged
	 * at 256 and 100 ms, where it is I/O-bound, and the top's is shown. */
	assert_int_equal(c11_run(1.5, 1, &r), VERDICT_REPRODUCED);
	assert_non_null(strstr(text_str(&r.reason),
			       "its wall judged at 256 at once and 100 ms"));
	assert_non_null(strstr(text_str(&r.figure), "wall 1.50 (CPU-bound"));
	assert_non_null(strstr(text_str(&r.figure), "wall async/threads 1.02 at 256"));
	/* Without an I/O-bound cell the top is all there is: judged there. */
	assert_int_equal(c11_run(1.5, 0, &r), VERDICT_CONTRADICTED);
	assert_non_null(strstr(text_str(&r.figure), "no cell was I/O-bound"));
	assert_int_equal(c11_run(1.1, 0, &r), VERDICT_REPRODUCED);
	assert_non_null(strstr(text_str(&r.reason), "more than 1x"));
	/* At 10,000 at once the test is 2x: 1.5x less CPU contradicts it. */
	{
		struct model *s = model_new();

		http_cell(s, "threads", 10000, 10, 0.5, 1.5, 90000);
		http_cell(s, "async", 10000, 10, 0.5, 1.0, 9000);
		assert_int_equal(judge_finished(s, "C11", &r),
				 VERDICT_CONTRADICTED);
		assert_non_null(strstr(text_str(&r.reason), "http CPU at 10000"));
	}
}

/* primes of size 1 over task counts: fork with start-up wins from 1000. */
static void c6_finds_the_crossover(void **st)
{
	static const uint64_t counts[] = { 1, 10, 100, 1000 };
	struct claim_result r;
	struct model *s = model_new();

	(void)st;
	for (size_t i = 0; i < GB_ARRAY_LEN(counts); i++) {
		struct bench_row q = row("primes", "seq", 1, counts[i]);

		q.size = 1;
		q.startup_s = 0;
		addn(s, q, (double)counts[i] * 5e-6);
		q = row("primes", "fork", 2, counts[i]);
		q.size = 1;
		q.startup_s = 0.002;
		addn(s, q, 0.0002 + (double)counts[i] * 2.5e-6);
	}
	model_finish(s);
	assert_int_equal(judge(s, "C6", &r), VERDICT_REPRODUCED);
	assert_non_null(strstr(text_str(&r.figure), "crossover at 1000 tasks"));
	model_free(s);
	s = cpu_pair("fork", 0.5);
	assert_int_equal(judge(s, "C6", &r), VERDICT_NOT_MEASURED);
	model_free(s);
}

/* A sweep of primes at size over counts: seq takes per_task each, the
 * pool start-up plus per_task / speed each. */
static void sweep(struct model *s, const char *mode, uint64_t size,
		  const uint64_t *counts, size_t n, double per_task,
		  double startup, double speed)
{
	for (size_t i = 0; i < n; i++) {
		struct bench_row q = row("primes", "seq", 1, counts[i]);

		q.size = size;
		q.startup_s = 0;
		addn(s, q, (double)counts[i] * per_task);
		q = row("primes", mode, 2, counts[i]);
		q.size = size;
		q.startup_s = startup;
		addn(s, q, (double)counts[i] * per_task / speed);
	}
}

static void c6_per_size_and_each_outcome(void **st)
{
	static const uint64_t counts[] = { 1, 10, 100, 1000 };
	/* One sweep alone: never a win (the crossover is beyond the sweep:
	 * undecided), or a win from the first count (no start-up to
	 * overcome: contradicted). */
	static const struct {
		uint64_t size;
		double per_task, startup, speed;
		enum verdict v;
		const char *says;
	} alone[] = {
		{ 1, 1e-6, 0.002, 0.1, VERDICT_INCONCLUSIVE, "beyond the" },
		{ 1000, 3e-4, 0, 2, VERDICT_CONTRADICTED, "smallest task count" },
	};
	struct model *s = model_new();

	(void)st;
	/* Size 1: dispatch costs more than the task, the pool never wins;
	 * size 1000: it wins from 100 tasks on. Both are reported. */
	sweep(s, "fork", 1, counts, 4, 1e-6, 0.002, 0.1);
	sweep(s, "fork", 1000, counts, 4, 3e-4, 0.002, 2);
	expect_verdict(s, "C6", VERDICT_REPRODUCED,
		       "size 1: fork never wins for good up to 1000");
	s = model_new();
	sweep(s, "fork", 1000, counts, 4, 3e-4, 0.002, 2);
	expect_verdict(s, "C6", VERDICT_REPRODUCED,
		       "size 1000: fork crossover at 100 tasks");
	for (size_t i = 0; i < GB_ARRAY_LEN(alone); i++) {
		s = model_new();
		sweep(s, "fork", alone[i].size, counts, 4, alone[i].per_task,
		      alone[i].startup, alone[i].speed);
		expect_verdict(s, "C6", alone[i].v, alone[i].says);
	}
}

/* Pool per batch: B batches of a cell, fresh or reused. */
static void batches(struct model *s, const char *mode, int fresh,
		    double startup)
{
	struct bench_row q = row("primes", mode, 2, 100);

	q.batches = 20;
	q.pool = fresh ? "fresh" : "reuse";
	q.startup_s = startup;
	addn(s, q, 0.02);
}

static void c7_each_outcome(void **st)
{
	struct model *s = model_new();

	(void)st;
	batches(s, "fork", 0, 0.001);
	batches(s, "fork", 1, 0.020);
	batches(s, "threads", 0, 0.0001);
	batches(s, "threads", 1, 0.0002);
	expect_verdict(s, "C7", VERDICT_REPRODUCED, "fork W=2");
	s = model_new();
	batches(s, "fork", 0, 0.001);
	batches(s, "fork", 1, 0.001);
	/* The same time fresh and reused: the ratio's interval holds 1. */
	expect_verdict(s, "C7", VERDICT_INCONCLUSIVE, "straddles 1");
	s = model_new();
	batches(s, "fork", 0, 0.010);
	batches(s, "fork", 1, 0.001);
	expect_verdict(s, "C7", VERDICT_CONTRADICTED, "wholly below 1");
	s = model_new();
	addn(s, row("primes", "fork", 2, 32), 0.5);
	expect_verdict(s, "C7", VERDICT_NOT_MEASURED, NULL);
}

/* payload at size: threads t s, fork p s, fork-shm m s per task (8). */
static void payload(struct model *s, uint64_t size, double t, double p,
		    double m)
{
	const char *modes[] = { "threads", "fork", "fork-shm" };
	const double per[] = { t, p, m };

	for (size_t i = 0; i < 3; i++) {
		struct bench_row q = row("payload", modes[i], 2, 8);

		q.size = size;
		q.metric_name = "us_per_task";
		q.metric = per[i] * 1e6;
		addn(s, q, 8 * per[i]);
	}
}

static void c8_each_outcome(void **st)
{
	struct model *s = model_new();

	(void)st;
	payload(s, 1024, 3e-6, 13e-6, 10e-6);
	payload(s, 64u << 20, 7e-3, 69e-3, 7.5e-3);
	expect_verdict(s, "C8", VERDICT_REPRODUCED, "copying through a pipe");
	/* Shared memory at 8x threads (another machine's 64 MiB): the copy
	 * still hurts, and what shared memory costs is a finding, not the
	 * reason. */
	s = model_new();
	payload(s, 1024, 3e-6, 13e-6, 13e-6);
	payload(s, 64u << 20, 7e-3, 690e-3, 56e-3);
	expect_verdict(s, "C8", VERDICT_REPRODUCED, "shared memory is not "
		       "free for a process");
	/* The pipe no slower than threads: nothing is copied that hurts. */
	s = model_new();
	payload(s, 1024, 3e-6, 3e-6, 3e-6);
	payload(s, 64u << 20, 7e-3, 6e-3, 6e-3);
	expect_verdict(s, "C8", VERDICT_CONTRADICTED, "64 MiB through the "
		       "pipe: fork/threads 0.86");
	/* One size only. */
	s = model_new();
	payload(s, 1024, 3e-6, 13e-6, 10e-6);
	expect_verdict(s, "C8", VERDICT_NOT_MEASURED, NULL);
}

/* The three race workloads under threads; lost[] per repetition of the
 * unsynchronised one. */
static void races(struct model *s, const double *lost, size_t n,
		  double mutex_lost)
{
	const char *wls[] = { "race", "race-mutex", "race-atomic" };

	for (size_t w = 0; w < 3; w++) {
		for (size_t i = 0; i < n; i++) {
			struct bench_row q = row(wls[w], "threads", 3, 3);

			q.size = 100000;
			q.metric_name = "lost_updates";
			q.metric = w == 0 ? lost[i] : w == 1 ? mutex_lost : 0;
			q.wall_s = 0.005;
			model_add(s, &q);
		}
	}
}

static void c9_each_outcome(void **st)
{
	static const double some[] = { 0, 120000, 99000 }, none[] = { 0, 0, 0 };
	struct model *s = model_new();

	(void)st;
	races(s, some, 3, 0);
	expect_verdict(s, "C9", VERDICT_REPRODUCED, "2 of 3 runs lost updates");
	s = model_new();
	races(s, none, 3, 0);
	/* No loss seen is not a contradiction: the threads may not have
	 * overlapped. */
	expect_verdict(s, "C9", VERDICT_INCONCLUSIVE, "no update was lost");
	s = model_new();
	races(s, some, 3, 5);
	expect_verdict(s, "C9", VERDICT_CONTRADICTED, "locked or atomic");
	s = model_new();
	addn(s, row("primes", "threads", 2, 32), 0.5);
	expect_verdict(s, "C9", VERDICT_NOT_MEASURED, NULL);
}

static void start(struct model *s, const char *mode, unsigned w,
		  uint64_t tasks, double per_worker, double rss_kb)
{
	struct bench_row q = row("empty", mode, w, tasks);

	q.size = 1;
	q.startup_s = per_worker * w;
	q.max_rss_kb = rss_kb;
	q.metric_name = "us_per_task";
	q.metric = 1;
	addn(s, q, 0.0001);
}

static void c10_each_outcome(void **st)
{
	struct model *s = model_new();

	(void)st;
	/* The dispatch run (20000 tasks, with seq) is empty's main series;
	 * start-up is read from the sweep at the most workers both ran. */
	start(s, "seq", 1, 20000, 0, 9000);
	start(s, "threads", 2, 20000, 30e-6, 12000);
	start(s, "fork", 2, 20000, 6e-4, 16000);
	start(s, "threads", 16, 100, 30e-6, 12000);
	start(s, "fork", 16, 100, 6e-4, 54000);
	start(s, "threads", 32, 100, 30e-6, 12000);	/* no fork twin */
	expect_verdict(s, "C10", VERDICT_REPRODUCED, "at W=16 (empty), threads");
	s = model_new();
	start(s, "threads", 16, 100, 30e-6, 12000);
	start(s, "fork", 16, 100, 6e-4, 54000);
	expect_verdict(s, "C6", VERDICT_NOT_MEASURED,
		       "start-up fork 0.600 ms per worker (W=16)");
	s = model_new();
	start(s, "threads", 4, 100, 6e-4, 12000);
	start(s, "fork", 4, 100, 6e-4, 11000);
	expect_verdict(s, "C10", VERDICT_CONTRADICTED, "fork peak memory: "
		       "fork/threads 0.92");
}

static void convoy(struct model *s, const char *mode, double r0,
		   double r1, double r2)
{
	const double rates[] = { r0, r1, r2 };

	for (unsigned k = 0; k < 3; k++) {
		struct bench_row q = row("convoy", mode, k + 1, k + 1);

		q.metric_name = "round_trips_per_s";
		q.metric = rates[k];
		if (strcmp(mode, "gil") == 0)
			q.switch_ms = 5;
		addn(s, q, 0.2);
	}
}

static void c14_each_outcome(void **st)
{
	struct claim_result r;
	struct model *s;

	(void)st;
	s = model_new();
	convoy(s, "gil", 20000, 1200, 90);
	convoy(s, "threads", 21000, 20500, 15000);
	convoy(s, "fork", 20000, 19800, 19000);
	model_finish(s);
	assert_int_equal(judge(s, "C14", &r), VERDICT_REPRODUCED);
	model_free(s);
	s = model_new();
	convoy(s, "gil", 20000, 1200, 90);
	convoy(s, "threads", 21000, 900, 50);	/* collapses too */
	model_finish(s);
	assert_int_equal(judge(s, "C14", &r), VERDICT_CONTRADICTED);
	assert_non_null(strstr(text_str(&r.reason), "threads"));
	model_free(s);
	s = model_new();
	convoy(s, "gil", 20000, 15000, 9000);	/* no convoy */
	model_finish(s);
	assert_int_equal(judge(s, "C14", &r), VERDICT_CONTRADICTED);
	model_free(s);
	s = cpu_pair("gil", 1.0);
	assert_int_equal(judge(s, "C14", &r), VERDICT_NOT_MEASURED);
	model_free(s);
}

static void c15_physical_limit(void **st)
{
	struct claim_result r;
	struct model *s = cpu_pair("fork", 0.5);

	(void)st;
	assert_int_equal(judge(s, "C15", &r), VERDICT_CONTRADICTED);
	assert_non_null(strstr(text_str(&r.reason), "physical limit"));
	assert_non_null(strstr(text_str(&r.figure), "2.00x"));
	model_free(s);
	/* A 64-core machine that reaches 40x does reproduce it. */
	s = model_new();
	{
		struct bench_row q = row("primes", "seq", 1, 640);

		q.cpus = 64;
		addn(s, q, 4.0);
		q = row("primes", "fork", 64, 640);
		q.cpus = 64;
		addn(s, q, 0.1);
	}
	model_finish(s);
	assert_int_equal(judge(s, "C15", &r), VERDICT_REPRODUCED);
	model_free(s);
}

/* Finish s and judge claim id into *r as bench report does, with the
 * hosts counted from the rows; frees s. */
static enum verdict judge_as_report(struct model *s, const char *id,
				    struct claim_result *r)
{
	struct claim_ctx ctx;

	model_finish(s);
	claim_ctx_init(&ctx, s, model_machine(s)->cores, model_max_hosts(s) > 1);
	claim_result_free(&last);
	claim_eval(claim(id), &ctx, &last);
	*r = last;
	model_free(s);
	return r->verdict;
}

/* seq, fork at W = w and mpi at W = w over 3 hosts with the given
 * kernels (0: the column blank) and wall time, judged by C16. */
static enum verdict c16_w(int with_seq, unsigned kernels, double mpi_wall,
			  unsigned w, struct claim_result *r)
{
	struct model *s = model_new();
	struct bench_row q = row("primes", "mpi", w, 32);

	if (with_seq)
		addn(s, row("primes", "seq", 1, 32), 1.0);
	addn(s, row("primes", "fork", w, 32), 0.55);
	q.hosts = 3;
	q.kernels = kernels;
	addn(s, q, mpi_wall);
	return judge_as_report(s, "C16", r);
}

static enum verdict c16_run(int with_seq, unsigned kernels, double mpi_wall,
			    struct claim_result *r)
{
	return c16_w(with_seq, kernels, mpi_wall, 4, r);
}

static void c16_needs_hosts_with_cores_of_their_own(void **st)
{
	struct claim_result r;

	(void)st;
	/* Namespaces of one machine: one kernel, whatever the speedup:
	 * measured, but only machines of their own can decide it. */
	assert_int_equal(c16_run(1, 1, 0.3, &r), VERDICT_INCONCLUSIVE);
	assert_non_null(strstr(text_str(&r.reason), "machines of their own"));
	assert_int_equal(c16_run(0, 1, 0.3, &r), VERDICT_INCONCLUSIVE);
	assert_non_null(strstr(text_str(&r.reason), "share one kernel"));
	assert_non_null(strstr(text_str(&r.figure), "ran over 3 hosts"));
	/* Three machines of their own, past this one's 2 cores. */
	assert_int_equal(c16_run(1, 3, 0.3, &r), VERDICT_REPRODUCED);
	assert_non_null(strstr(text_str(&r.reason), "ran over 3 hosts"));
	/* ... and not past them. */
	assert_int_equal(c16_run(1, 3, 0.6, &r), VERDICT_CONTRADICTED);
	/* An older file (no kernels column) is judged on the speedup. */
	assert_int_equal(c16_run(1, 0, 0.3, &r), VERDICT_REPRODUCED);
	/* No seq: the hosts and the overhead, but no speedup to judge. */
	assert_int_equal(c16_run(0, 3, 0.3, &r), VERDICT_NOT_MEASURED);
	assert_non_null(strstr(text_str(&r.reason), "add seq"));
	/* A one-host cell says one kernel of course; it does not make the
	 * hosts of another cell (blank: some rank could not say) one. */
	{
		struct model *s = model_new();
		struct bench_row q = row("primes", "mpi", 2, 32);

		addn(s, row("primes", "seq", 1, 32), 1.0);
		addn(s, row("primes", "fork", 4, 32), 0.55);
		q.hosts = 1;
		q.kernels = 1;
		addn(s, q, 0.6);
		q = row("primes", "mpi", 4, 32);
		q.hosts = 3;
		addn(s, q, 0.3);
		assert_int_equal(judge_as_report(s, "C16", &r),
				 VERDICT_REPRODUCED);
	}
	/* Two workers on 2 cores cannot pass them, whatever the hosts. */
	assert_int_equal(c16_w(1, 3, 0.3, 2, &r), VERDICT_NOT_MEASURED);
	assert_non_null(strstr(text_str(&r.reason), "more --workers"));
}

static void every_claim_answers_an_empty_run(void **st)
{
	struct model *s = model_new();
	struct claim_result r;
	char id[24];

	(void)st;
	model_finish(s);
	assert_int_equal(CLAIM__COUNT, 16);
	for (size_t i = 0; i < CLAIM__COUNT; i++) {
		snprintf(id, sizeof(id), "C%zu", i + 1);
		assert_string_equal(gb_claims[i].name, id);
		assert_non_null(gb_claims[i].text);
		assert_int_equal(judge(s, id, &r), VERDICT_NOT_MEASURED);
		assert_non_null(strstr(text_str(&r.reason), "not measured"));
	}
	model_free(s);
}

/* Batch, fresh-pool and big-parent cells are cells of their own, and
 * never a workload's main series, however long their seq. */
static void cost_cells_stay_out_of_main_series(void **st)
{
	struct model *s = model_new();
	struct bench_row q;
	const struct cell *c;
	size_t fresh = 0;

	(void)st;
	addn(s, row("primes", "seq", 1, 32), 1.0);
	addn(s, row("primes", "fork", 2, 32), 0.5);
	q = row("primes", "seq", 1, 32);
	q.batches = 20;
	addn(s, q, 20.0);
	q.pool = "fresh";
	addn(s, q, 20.0);
	q = row("primes", "fork", 2, 32);
	q.parent_mem_mib = 1024;
	addn(s, q, 9.0);
	model_finish(s);
	assert_int_equal(model_ncells(s), 5);
	c = series_cell(model_main_series(s, "primes", "seq"), "fork", 2);
	assert_non_null(c);
	assert_true(!cell_is_variant(c));
	assert_true(c->median > 0.49 && c->median < 0.51);
	assert_true(fabs(c->speedup.point - 2) < 0.05);
	for (size_t i = 0; i < model_ncells(s); i++)
		fresh += !strcmp(model_cell_at(s, i)->key.pool, "fresh");
	assert_int_equal(fresh, 1);
	model_free(s);
}

static void malformed_csv_names_file_and_line(void **st)
{
	static const char *const bodies[] = {
		"workload,mode,workers,tasks,size,wall_s,verified\n"
		"primes,seq,1,10,10,0.5,true\nprimes,seq,1,10,10,abc,true\n",
		"workload,mode,workers,tasks,size,wall_s,verified\n"
		"primes,seq,1,10,10,0.5,true\nprimes,seq,1,10\n",
		"workload,mode,workers,tasks,size,wall_s,verified\n"
		"primes,seq,1,10,10,0.5,true\n\"primes,seq,1,10,10,0.5,true\n",
		"workload,mode,workers,tasks,size,wall_s,verified,pool\n"
		"primes,seq,1,10,10,0.5,true,fresh\n"
		"primes,seq,1,10,10,0.5,true,sometimes\n",
	};
	char path[] = "/tmp/gilbench-sum-XXXXXX", err[512], want[64];
	struct model *s;

	(void)st;
	for (size_t i = 0; i < GB_ARRAY_LEN(bodies); i++) {
		int fd = mkstemp(path);
		FILE *f = fdopen(fd, "w");

		fputs(bodies[i], f);
		fclose(f);
		assert_int_equal(model_load(&s, path, err, sizeof(err)),
				 -EINVAL);
		assert_null(s);
		snprintf(want, sizeof(want), "%s:3: ", path);
		assert_non_null(strstr(err, want));
		unlink(path);
		memcpy(path + strlen(path) - 6, "XXXXXX", 6);
	}
}

/* ---- the three verdicts: intervals against bounds ---- */

static struct iv iv3(double lo, double point, double hi)
{
	return (struct iv){ point, lo, hi, 5, 1, NAN };
}

/* A median on its bound: more repetitions are asked for while they are
 * few, none once there are CLAIM_SETTLED_REPS (adapt's budget goes to the
 * verdicts more can decide). */
static void a_median_on_its_bound_asks_more_while_few(void **st)
{
	const struct claim_test above = ABOVE(0.9, 1, 0);
	struct model *s = model_new();
	struct claim_ctx ctx;
	struct claim_result r;
	struct tally ty;
	struct iv v = iv3(0.66, 0.9001, 1.1);

	(void)st;
	model_finish(s);
	claim_ctx_init(&ctx, s, 2, 0);
	for (unsigned n = 5; n <= 20; n += 15) {
		memset(&r, 0, sizeof(r));
		memset(&ty, 0, sizeof(ty));
		v.n = n;
		v.load = 0;
		assert_int_equal(claim_item(&r, &ty, &ctx, "sumsq", &v,
					    &above, NULL, 0, 0), 0);
		if (n < CLAIM_SETTLED_REPS) {
			assert_int_equal(r.reps_need, n + 8);
			assert_non_null(strstr(text_str(&ty.inc_text),
					       "more would place it"));
		} else {
			assert_int_equal(r.reps_need, CLAIM_HOPELESS);
			assert_non_null(strstr(text_str(&ty.inc_text),
					       "only many more"));
		}
		claim_result_free(&r);
		tally_free(&ty);
	}
	model_free(s);
}

static void verdicts_read_intervals_not_points(void **st)
{
	/* C2's: reproduced when lo >= 0.8, contradicted when hi < 0.8. */
	const struct claim_test above = ABOVE(0.8, 1, 0);
	/* C1's: reproduced when hi < 1.1, contradicted when lo > 1.1. */
	const struct claim_test below = BELOW(1.1, 0, 0);
	/* C7's: reproduced when lo > 1, contradicted when hi <= 1. */
	const struct claim_test strict = ABOVE(1, 0, 1);
	const struct claim_test band = BAND(0.9, 1.1);
	struct iv v;

	(void)st;
	/* Each side of the bound, straddling it, touching it. */
	v = iv3(0.85, 0.9, 0.95);
	assert_int_equal(claim_judge(&v, &above), 1);
	v = iv3(0.6, 0.7, 0.79);
	assert_int_equal(claim_judge(&v, &above), -1);
	v = iv3(0.75, 0.85, 0.95);	/* point above, interval across */
	assert_int_equal(claim_judge(&v, &above), 0);
	v = iv3(0.8, 0.85, 0.9);	/* lo touches: lo >= 0.8 holds */
	assert_int_equal(claim_judge(&v, &above), 1);
	v = iv3(0.7, 0.75, 0.8);	/* hi touches: hi < 0.8 fails */
	assert_int_equal(claim_judge(&v, &above), 0);
	v = iv3(0.9, 1.0, 1.09);
	assert_int_equal(claim_judge(&v, &below), 1);
	v = iv3(0.9, 1.0, 1.1);		/* touches: hi < 1.1 fails */
	assert_int_equal(claim_judge(&v, &below), 0);
	v = iv3(1.1, 1.2, 1.3);		/* touches: lo > 1.1 fails */
	assert_int_equal(claim_judge(&v, &below), 0);
	v = iv3(1.11, 1.2, 1.3);
	assert_int_equal(claim_judge(&v, &below), -1);
	v = iv3(0.9, 0.95, 1.0);	/* hi <= 1 contradicts */
	assert_int_equal(claim_judge(&v, &strict), -1);
	v = iv3(1.0, 1.05, 1.1);	/* lo > 1 fails: undecided */
	assert_int_equal(claim_judge(&v, &strict), 0);
	/* A band: inside, across an edge, wholly outside, touching. */
	v = iv3(0.95, 1.0, 1.05);
	assert_int_equal(claim_judge(&v, &band), 1);
	v = iv3(0.9, 1.0, 1.1);
	assert_int_equal(claim_judge(&v, &band), 1);
	v = iv3(0.85, 0.95, 1.05);
	assert_int_equal(claim_judge(&v, &band), 0);
	v = iv3(0.7, 0.8, 0.89);
	assert_int_equal(claim_judge(&v, &band), -1);
	v = iv3(1.11, 1.2, 1.3);
	assert_int_equal(claim_judge(&v, &band), -1);
	/* No interval decides nothing. */
	v = iv3(NAN, NAN, NAN);
	assert_int_equal(claim_judge(&v, &above), 0);
}

static void numbers_print_their_relation_to_the_bound(void **st)
{
	const struct claim_test t = ABOVE(0.8, 1, 0);
	char buf[64];

	(void)st;
	claim_num(buf, sizeof(buf), 0.7996, &t);	/* not "0.80" */
	assert_string_equal(buf, "0.7996");
	claim_num(buf, sizeof(buf), 0.8004, &t);
	assert_string_equal(buf, "0.8004");
	claim_num(buf, sizeof(buf), 0.8, &t);
	assert_string_equal(buf, "0.80");
	claim_num(buf, sizeof(buf), 0.8512, &t);
	assert_string_equal(buf, "0.85");
	claim_num(buf, sizeof(buf), 1.0999999, NULL);
	assert_string_equal(buf, "1.10");
}

/* Rows of one cell, one per round r of run "drift-1", wall[r]. */
static void rounds(struct model *s, struct bench_row r, const double *wall,
		   size_t n, const double *load)
{
	r.run_id = "drift-1";
	for (size_t i = 0; i < n; i++) {
		r.round = (unsigned)i + 1;
		r.rep = (unsigned)i + 1;
		r.wall_s = wall[i];
		r.span_s = wall[i];
		r.other_cpu_s = load ? load[i] * wall[i] : NAN;
		model_add(s, &r);
	}
}

/* A machine that slows down from round to round by up to 60% while the
 * mode stays twice as fast as seq within each round. */
static void drift(double *seq, double *mode, size_t n, double ratio)
{
	uint64_t rng = 11;

	for (size_t i = 0; i < n; i++) {
		double d = 1 + 0.6 * (double)i / (double)(n - 1);

		seq[i] = d * (1 + 0.01 * unit_noise(&rng));
		mode[i] = d / ratio * (1 + 0.01 * unit_noise(&rng));
	}
}

static void paired_bootstrap_is_narrower_under_drift(void **st)
{
	double seq[12], mode[12];
	struct stats_interval p, u;
	struct model *s = model_new();
	const struct cell *c;

	(void)st;
	drift(seq, mode, 12, 2);
	assert_int_equal(stats_boot_paired(seq, mode, 12, 2000, 5, &p), 0);
	assert_int_equal(stats_boot_ratio(seq, 12, mode, 12, 2000, 5, &u), 0);
	assert_true(p.lo <= 2 && 2 <= p.hi);
	assert_true(p.hi - p.lo < 0.1);
	assert_true(u.hi - u.lo > 3 * (p.hi - p.lo));
	/* The summary pairs rows by round and keeps the plain ratio of
	 * medians beside it. */
	rounds(s, row("sumsq", "seq", 1, 16), seq, 12, NULL);
	rounds(s, row("sumsq", "fork", 2, 16), mode, 12, NULL);
	model_finish(s);
	c = find(s, "sumsq", "fork", 2, 16, 1000);
	assert_non_null(c);
	assert_true(c->speedup.paired);
	assert_int_equal(c->speedup.n, 12);
	assert_true(c->speedup.hi - c->speedup.lo < (u.hi - u.lo) / 3);
	model_free(s);
}

/* The calibration and fork on a busy machine: K = k per round, with the
 * same drift; sumsq's fork scales to frac of K. */
static struct model *with_capacity(double k, double frac, double load)
{
	double seq[8], mode[8], cseq[8], cfork[8], ld[8];
	struct model *s = model_new();
	struct bench_row q;

	drift(seq, mode, 8, k * frac);
	drift(cseq, cfork, 8, k);
	for (size_t i = 0; i < 8; i++)
		ld[i] = load;
	rounds(s, row("sumsq", "seq", 1, 16), seq, 8, ld);
	rounds(s, row("sumsq", "fork", 2, 16), mode, 8, ld);
	q = row("calib", "seq", 1, 32);
	q.kind = "calib";
	rounds(s, q, cseq, 8, ld);
	q = row("calib", "fork", 2, 32);
	q.kind = "calib";
	rounds(s, q, cfork, 8, ld);
	return s;
}

static void capacity_from_calibration_rows(void **st)
{
	struct model *s = with_capacity(1.3, 0.97, 0.9);
	struct claim_result r;
	struct iv k;

	(void)st;
	model_finish(s);
	assert_int_equal(model_capacity(s, &k, NULL, NULL), 0);
	assert_true(k.paired && k.n == 8);
	assert_true(k.lo <= 1.3 && 1.3 <= k.hi && k.hi - k.lo < 0.05);
	/* The calibration is not a CPU workload of the claims. */
	/* K = 1.3 < 1.5: too little capacity to show parallelism. */
	assert_int_equal(judge(s, "C2", &r), VERDICT_NOT_MEASURED);
	assert_non_null(strstr(text_str(&r.figure), "K = 1.30 of 2 cores"));
	assert_non_null(strstr(text_str(&r.reason), "K = 1.30 ["));
	model_free(s);
	/* S = 1.63 is 0.82 of N = 2, but 0.97 of what the machine gave. */
	s = with_capacity(1.68, 0.97, 0.9);
	model_finish(s);
	assert_int_equal(judge(s, "C2", &r), VERDICT_REPRODUCED);
	assert_non_null(strstr(text_str(&r.figure), "K = 1.68 of 2 cores"));
	assert_non_null(strstr(text_str(&r.interval), "S/K 0.97"));
	model_free(s);
	/* Well below K: contradicted, with the workload named. */
	s = with_capacity(1.9, 0.6, 0);
	expect_verdict(s, "C2", VERDICT_CONTRADICTED, "sumsq, fork at W=2: "
		       "S/K 0.60");
	/* No calibration: judged against N, and it says so. */
	s = model_new();
	addn(s, row("sumsq", "seq", 1, 16), 1.0);
	addn(s, row("sumsq", "fork", 2, 16), 0.52);
	expect_verdict(s, "C2", VERDICT_REPRODUCED, "judged against N");
	/* No rows at all. */
	s = model_new();
	model_finish(s);
	assert_int_equal(model_capacity(s, &k, NULL, NULL), -ENOENT);
	assert_true(isnan(k.point));
	model_free(s);
}

/* seq and mode over n rounds with ratio[r] per round (seq 1 s). */
static struct model *paired(const char *mode, const double *ratio,
			      size_t n, double load)
{
	double seq[16], m[16], ld[16];
	struct model *s = model_new();

	for (size_t i = 0; i < n; i++) {
		seq[i] = 1;
		m[i] = 1 / ratio[i];
		ld[i] = load;
	}
	rounds(s, row("primes", "seq", 1, 32), seq, n, ld);
	rounds(s, row("primes", mode, 2, 32), m, n, ld);
	return s;
}

static void inconclusive_names_cell_interval_and_remedy(void **st)
{
	/* Around 1.1: the interval straddles C1's bound. */
	static const double across[] = { 1.02, 1.06, 1.1, 1.14, 1.18 };
	static const double near[] = { 1.0, 1.03, 1.05, 1.08, 1.12 };
	static const double inside[] = { 0.98, 0.99, 1.0, 1.01, 1.02 };
	/* C12 reads the interval: a point at 1.0 with a wide spread is
	 * not reproduced. */
	static const double wide[] = { 0.8, 0.95, 1.0, 1.05, 1.2 };
	static const double below[] = { 0.7, 0.72, 0.74, 0.76, 0.78 };
	struct claim_result r;
	struct model *s;

	(void)st;
	s = paired("gil", across, 5, 0);
	model_finish(s);
	assert_int_equal(judge(s, "C1", &r), VERDICT_INCONCLUSIVE);
	assert_non_null(strstr(text_str(&r.reason), "primes, gil at W=2: S 1.10 [1.02, "
			       "1.18] straddles 1.10 after 5 paired"));
	/* Its median is on the bound, but from 5 repetitions only: more
	 * would place it (from CLAIM_SETTLED_REPS, only many more would). */
	assert_non_null(strstr(text_str(&r.reason), "after only 5 repetitions: more "
			       "would place it"));
	assert_int_equal(r.reps_need, 13);
	assert_int_equal(r.reps, 5);
	assert_false(r.busy);
	/* What would decide it: the cells to run again. */
	assert_int_equal(r.nneeds, 2);
	model_free(s);
	/* Off the bound: how many repetitions would do. */
	s = paired("gil", near, 5, 0);
	expect_verdict(s, "C1", VERDICT_INCONCLUSIVE, "repetitions in all, or "
		       "a quieter machine, would decide it");
	/* The same on a busy machine names the load. */
	s = paired("gil", across, 5, 1.2);
	model_finish(s);
	assert_int_equal(judge(s, "C1", &r), VERDICT_INCONCLUSIVE);
	assert_true(r.busy);
	assert_non_null(strstr(text_str(&r.reason), "the machine was busy (other programs "
			       "used 1.20 of 2 cores"));
	model_free(s);
	s = paired("async", inside, 5, 0);
	expect_verdict(s, "C12", VERDICT_REPRODUCED, "no speedup");
	s = paired("async", wide, 5, 0);
	expect_verdict(s, "C12", VERDICT_INCONCLUSIVE, "reaches outside "
		       "[0.90, 1.10]");
	s = paired("async", below, 5, 0);
	expect_verdict(s, "C12", VERDICT_CONTRADICTED, "wholly outside");
}

/* The claims about running at once on one usable core: not the run's to
 * judge, whatever its figures; the others are judged as ever. */
static void parallel_claims_need_two_usable_cores(void **st)
{
	struct model *s = model_new();
	struct claim_ctx ctx;
	struct claim_result r;

	(void)st;
	addn(s, row("primes", "seq", 1, 32), 1.0);
	addn(s, row("primes", "fork", 1, 32), 1.0);
	addn(s, row("primes", "threads", 1, 32), 1.0);
	addn(s, row("primes", "async", 1, 32), 1.0);
	model_finish(s);
	claim_ctx_init(&ctx, s, 1, 0);
	claim_eval(claim("C2"), &ctx, &r);
	assert_int_equal(r.verdict, VERDICT_NOT_MEASURED);
	if (!strstr(text_str(&r.reason), "not measured here: ") ||
	    !strstr(text_str(&r.reason), "nothing can run in parallel"))
		fail_msg("C2's reason: %s", text_str(&r.reason));
	assert_int_equal(r.nneeds, 0);
	claim_result_free(&r);
	claim_eval(claim("C3"), &ctx, &r);
	assert_int_equal(r.verdict, VERDICT_NOT_MEASURED);
	claim_result_free(&r);
	/* "No speedup" is still judged, true here; its reason says that
	 * the machine alone would give the same. */
	claim_eval(claim("C12"), &ctx, &r);
	assert_int_equal(r.verdict, VERDICT_REPRODUCED);
	if (!strstr(text_str(&r.reason), "nothing runs in parallel, so no "
		    "mode could have been faster"))
		fail_msg("C12's reason: %s", text_str(&r.reason));
	claim_result_free(&r);
	model_free(s);
}

static void c3_band_each_outcome(void **st)
{
	static const double fork_r[] = { 1.9, 1.92, 1.95, 1.97, 2.0 };
	static const double same[] = { 1.9, 1.93, 1.95, 1.96, 2.0 };
	static const double slow[] = { 1.2, 1.22, 1.25, 1.27, 1.3 };
	static const double across[] = { 1.6, 1.7, 1.85, 1.95, 2.0 };
	const double *th[] = { same, slow, across };
	const enum verdict want[] = { VERDICT_REPRODUCED, VERDICT_CONTRADICTED,
				      VERDICT_INCONCLUSIVE };
	const char *says[] = { "within 10%", "sumsq at W=2: threads/procs 0.64",
			       "sumsq at W=2: threads/procs 0.95" };
	double seq[5] = { 1, 1, 1, 1, 1 }, f[5], t[5];

	(void)st;
	for (size_t k = 0; k < 3; k++) {
		struct model *s = model_new();

		for (size_t i = 0; i < 5; i++) {
			f[i] = 1 / fork_r[i];
			t[i] = 1 / th[k][i];
		}
		rounds(s, row("sumsq", "seq", 1, 16), seq, 5, NULL);
		rounds(s, row("sumsq", "fork", 2, 16), f, 5, NULL);
		rounds(s, row("sumsq", "threads", 2, 16), t, 5, NULL);
		expect_verdict(s, "C3", want[k], says[k]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stats_by_hand),
		cmocka_unit_test(bootstrap_holds_the_true_ratio),
		cmocka_unit_test(verdicts_read_intervals_not_points),
		cmocka_unit_test(a_median_on_its_bound_asks_more_while_few),
		cmocka_unit_test(numbers_print_their_relation_to_the_bound),
		cmocka_unit_test(paired_bootstrap_is_narrower_under_drift),
		cmocka_unit_test(capacity_from_calibration_rows),
		cmocka_unit_test(inconclusive_names_cell_interval_and_remedy),
		cmocka_unit_test(c3_band_each_outcome),
		cmocka_unit_test(parallel_claims_need_two_usable_cores),
		cmocka_unit_test(summary_figures),
		cmocka_unit_test(c1_each_outcome),
		cmocka_unit_test(c2_each_outcome),
		cmocka_unit_test(c4_c5_each_outcome),
		cmocka_unit_test(c11_judges_the_wall_where_the_loop_waits),
		cmocka_unit_test(c6_finds_the_crossover),
		cmocka_unit_test(c6_per_size_and_each_outcome),
		cmocka_unit_test(c7_each_outcome),
		cmocka_unit_test(c8_each_outcome),
		cmocka_unit_test(c9_each_outcome),
		cmocka_unit_test(c10_each_outcome),
		cmocka_unit_test(cost_cells_stay_out_of_main_series),
		cmocka_unit_test(c14_each_outcome),
		cmocka_unit_test(c15_physical_limit),
		cmocka_unit_test(c16_needs_hosts_with_cores_of_their_own),
		cmocka_unit_test(every_claim_answers_an_empty_run),
		cmocka_unit_test(malformed_csv_names_file_and_line),
	};

	return cmocka_run_group_tests_name("analysis", tests, NULL, NULL);
}
