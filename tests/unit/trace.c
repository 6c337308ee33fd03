/*
 * tests/unit/trace.c - the trace of the lock: what core/trace.c writes
 * reads back through analysis/locktrace.c, and the figures locktrace.c
 * computes from a trace written by hand (hand-offs, shares, overlap,
 * convoy round trips, a waking thread's waits).
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/analysis/trace/locktrace.h"
#include "bench/core/trace.h"
#include "bench/core/util.h"

static char dir[] = "/tmp/gb-unit-trace.XXXXXX";

static int setup(void **s)
{
	(void)s;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **s)
{
	char cmd[128];

	(void)s;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd);
}

static const char header[] =
	"workload,mode,workers,tasks,rep,t_ns,thread,task,event,arg,note\n";

/* Write a trace file from "t_ns,thread,task,event" lines of one cell. */
static void write_trace(const char *path, const char *wl, const char *mode,
			unsigned workers, const char *const *lines, size_t n)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(header, f);
	for (size_t i = 0; i < n; i++) {
		unsigned long long t;
		unsigned th;
		char task[16], ev[32];
		unsigned long arg = 0;

		task[0] = '\0';
		if (sscanf(lines[i], "%llu,%u,,%31[a-z_],%lu", &t, &th, ev,
			   &arg) < 3) {
			assert_true(sscanf(lines[i], "%llu,%u,%15[0-9],%31[a-z_],"
					   "%lu", &t, &th, task, ev, &arg) >= 4);
		}
		fprintf(f, "%s,%s,%u,%u,1,%llu,%u,%s,%s,%lu,\n", wl, mode,
			workers, workers, t, th, task, ev, arg);
	}
	assert_int_equal(fclose(f), 0);
}

static struct lock_trace *load(const char *path)
{
	struct lock_trace *t;
	char err[512];

	if (lock_trace_load(&t, path, NULL, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		fail();
	}
	return t;
}

#define MS 1000000ull

/* Two CPU threads under the GIL handing off every 5 ms. */
static void handoffs_and_shares(void **s)
{
	char path[256];
	const char *lines[64];
	char buf[64][64];
	size_t n = 0;
	struct lock_trace *t;
	struct lt_window w;
	double gaps[16];
	size_t ng;

	(void)s;
	snprintf(path, sizeof(path), "%s/handoff.csv", dir);
#define L(...) (snprintf(buf[n], sizeof(buf[n]), __VA_ARGS__), \
		lines[n] = buf[n], n++)
	L("0,1,,want");
	L("10,1,,take,10");
	L("100000,2,,want");
	for (unsigned k = 1; k <= 6; k++) {
		unsigned from = k % 2 ? 1 : 2, to = 3 - from;

		L("%llu,%u,,drop_request", k * 5 * MS, to);
		L("%llu,%u,0,forced_drop", k * 5 * MS + 1000, from);
		L("%llu,%u,,take,5000000", k * 5 * MS + 2000, to);
		L("%llu,%u,0,want", k * 5 * MS + 3000, from);
	}
	L("%llu,1,,drop", 31 * MS);
	L("%llu,2,,drop", 32 * MS);
#undef L
	write_trace(path, "sumsq", "gil", 2, lines, n);
	t = load(path);
	assert_int_equal(t->n, 1);
	assert_int_equal(t->reps[0].nth, 2);
	assert_true(t->reps[0].has_lock);
	lt_window(&t->reps[0], 0, 0, &w);
	/* From thread 2's first event to thread 1's last. */
	assert_int_equal(w.t0, 100000);
	assert_int_equal(w.t1, 31 * MS);
	ng = lt_handoff_gaps(&t->reps[0], &w, gaps, 16);
	assert_int_equal(ng, 5);
	for (size_t i = 0; i < ng; i++)
		assert_true(fabs(gaps[i] - 5.0) < 1e-9);
	assert_int_equal(lt_count(&t->reps[0], LT_DROP_REQUEST, NULL), 6);
	assert_int_equal(lt_count(&t->reps[0], LT_FORCED_DROP, &w), 6);
	/* Each runs about half the window and waits the rest. */
	assert_true(fabs(lt_share(&t->reps[0], 0, LT_RUN, &w) - 0.5) < 0.1);
	assert_true(fabs(lt_share(&t->reps[0], 1, LT_WAIT, &w) - 0.5) < 0.1);
	assert_true(lt_overlap(&t->reps[0], &w) < 0.01);
	/* A 10 ms window holds two hand-offs, one gap. */
	lt_window(&t->reps[0], 4, 10, &w);
	assert_int_equal(lt_handoff_gaps(&t->reps[0], &w, gaps, 16), 1);
	lock_trace_free(t);
}

/* Native sections: both threads away from the lock at once. */
static void native_overlap(void **s)
{
	char path[256];
	const char *lines[] = {
		"0,1,0,want", "5,1,0,take", "10,1,0,block_begin",
		"11,1,0,drop", "20,2,1,want", "25,2,1,take",
		"30,2,1,block_begin", "31,2,1,drop",
		"1000000,1,0,block_end", "1000001,1,0,want",
		"1000002,1,0,take", "1000010,1,0,drop",
		"1000020,2,1,block_end", "1000021,2,1,want",
		"1000022,2,1,take", "1000030,2,1,drop",
	};
	struct lock_trace *t;
	struct lt_window w;

	(void)s;
	snprintf(path, sizeof(path), "%s/native.csv", dir);
	write_trace(path, "native", "gil", 2, lines, GB_ARRAY_LEN(lines));
	t = load(path);
	lt_window(&t->reps[0], 0, 0, &w);
	assert_true(lt_overlap(&t->reps[0], &w) > 0.99);
	assert_true(lt_share(&t->reps[0], 0, LT_BLOCK, &w) > 0.99);
	lock_trace_free(t);
}

/* The convoy: a start wait, then write + read per round trip. */
static void convoy_round_trips(void **s)
{
	char path[256];
	const char *lines[64];
	char buf[64][64];
	size_t n = 0, got;
	struct lock_trace *t;
	double lat[8], span;
	uint64_t tt = 0;

	(void)s;
	snprintf(path, sizeof(path), "%s/convoy.csv", dir);
#define L(...) (snprintf(buf[n], sizeof(buf[n]), __VA_ARGS__), \
		lines[n] = buf[n], n++)
	L("0,1,0,want");
	L("1,1,0,take");
	L("2,1,0,block_begin");	/* the wait for the CPU threads */
	L("3,1,0,drop");
	L("100,1,0,block_end");
	L("101,1,0,want");
	L("102,1,0,take");
	tt = 1000;
	for (unsigned k = 0; k < 3; k++) {
		/* write, then read; the read's retake waits k ms */
		L("%llu,1,0,block_begin", (unsigned long long)tt);
		L("%llu,1,0,drop", (unsigned long long)tt + 1);
		L("%llu,1,0,block_end", (unsigned long long)tt + 10);
		L("%llu,1,0,want", (unsigned long long)tt + 11);
		L("%llu,1,0,take", (unsigned long long)tt + 12);
		L("%llu,1,0,block_begin", (unsigned long long)tt + 20);
		L("%llu,1,0,drop", (unsigned long long)tt + 21);
		L("%llu,1,0,block_end", (unsigned long long)tt + 30);
		L("%llu,1,0,want", (unsigned long long)tt + 31);
		L("%llu,1,0,take", (unsigned long long)tt + 32 + k * MS);
		tt += 32 + k * MS + 100;
	}
	L("%llu,1,,drop", (unsigned long long)tt);
#undef L
	write_trace(path, "convoy", "gil", 1, lines, n);
	t = load(path);
	got = lt_round_trips(&t->reps[0], lat, 8, &span);
	assert_int_equal(got, 3);
	for (unsigned k = 0; k < 3; k++)
		assert_true(fabs(lat[k] - (0.032 + k * 1000.0)) < 1e-6);
	assert_true(span > 0);
	/* The waits after each call (the first, the start wait, left out):
	 * 2 ns per write (block_end to take), then k ms per read. */
	got = lt_call_waits(&t->reps[0], lat, 8);
	assert_int_equal(got, 6);
	assert_true(fabs(lat[0] - 0.002) < 1e-9);
	assert_true(fabs(lat[5] - (0.002 + 2000.0)) < 1e-6);
	assert_int_equal(lt_thread_of_task(&t->reps[0], 0), 0);
	lock_trace_free(t);
}

/* What trace.c writes, lock_trace_load reads: events of several threads
 * in time order, a legacy tick as its three rows. */
static void *recorder(void *arg)
{
	(void)arg;
	gb_trace_task(1);
	gb_trace(TR_WANT, 0);
	gb_trace(TR_TAKE, 123);
	gb_trace_record_at(TR_TICK, gb_trace_now(), 0);
	gb_trace(TR_FUTILE, 0);
	return NULL;
}

static void written_then_read(void **s)
{
	char path[256], err[512];
	struct lock_trace *t;
	pthread_t th[3];

	(void)s;
	snprintf(path, sizeof(path), "%s/written.csv", dir);
	assert_int_equal(trace_open(path, err, sizeof(err)), 0);
	trace_rep_begin("sumsq", "gil-legacy", 3, 3, 1, 4);
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&th[i], NULL, recorder, NULL),
				 0);
	for (int i = 0; i < 3; i++)
		pthread_join(th[i], NULL);
	trace_rep_stop();
	/* Stopped: nothing more is recorded. */
	gb_trace(TR_WANT, 0);
	assert_int_equal(trace_rep_write(), 0);
	assert_int_equal(trace_close(), 0);
	assert_int_equal(lock_trace_load(&t, path, NULL, err, sizeof(err)), 0);
	assert_int_equal(t->n, 1);
	assert_string_equal(t->reps[0].mode, "gil-legacy");
	assert_int_equal(t->reps[0].nth, 3);
	/* 3 threads x (want, take, drop, want, take, futile). */
	assert_int_equal(t->reps[0].n, 18);
	assert_int_equal(lt_count(&t->reps[0], LT_DROP, NULL), 3);
	assert_int_equal(lt_count(&t->reps[0], LT_TAKE, NULL), 6);
	for (size_t i = 1; i < t->reps[0].n; i++)
		assert_true(t->reps[0].ev[i].t >= t->reps[0].ev[i - 1].t);
	for (size_t i = 0; i < t->reps[0].n; i++) {
		const struct lt_event *e = &t->reps[0].ev[i];

		assert_int_equal(e->task, 1);
		if (e->ev == LT_DROP)
			assert_int_equal(e->arg, 1);	/* a tick's */
	}
	lock_trace_free(t);
}

static void bad_traces_are_refused(void **s)
{
	char path[256], err[512];
	struct lock_trace *t;
	FILE *f;

	(void)s;
	snprintf(path, sizeof(path), "%s/bad.csv", dir);
	f = fopen(path, "w");
	fputs(header, f);
	fputs("sumsq,gil,2,2,1,100,1,,nosuch,0,\n", f);
	fclose(f);
	assert_int_equal(lock_trace_load(&t, path, NULL, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "bad.csv:2: column 'event': 'nosuch' is "
				"not one of want, take"));
	f = fopen(path, "w");
	fputs(header, f);
	fputs("sumsq,gil,2,2,1,100,1,,want,0,\n", f);
	fputs("sumsq,gil,2,2,1,50,1,,take,0,\n", f);
	fclose(f);
	assert_int_equal(lock_trace_load(&t, path, NULL, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "back in time"));
	f = fopen(path, "w");
	fputs("a,b,c\n1,2,3\n", f);
	fclose(f);
	assert_int_equal(lock_trace_load(&t, path, NULL, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "lacks column"));
	snprintf(path, sizeof(path), "%s/nosuch.csv", dir);
	assert_int_equal(lock_trace_load(&t, path, NULL, err, sizeof(err)),
			 -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(handoffs_and_shares),
		cmocka_unit_test(native_overlap),
		cmocka_unit_test(convoy_round_trips),
		cmocka_unit_test(written_then_read),
		cmocka_unit_test(bad_traces_are_refused),
	};

	return cmocka_run_group_tests_name("trace", tests, setup, teardown);
}
