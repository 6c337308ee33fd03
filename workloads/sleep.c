/*
 * sleep.c - the articles' stand-in for I/O: each task sleeps --latency-ms
 * (time.sleep) inside a blocking section, so the GIL modes release the
 * lock while it waits, as CPython does.
 *
 * There is nothing to compute, so what is checked is the sleep itself: a
 * task measures it on CLOCK_MONOTONIC and fails if it was cut short. Its
 * value is the latency in microseconds, the same known constant for every
 * task, and a task that did not sleep in full never reports it.
 *
 * The async mode runs the sleeps as timers on one thread (run_async): every
 * sleep has the same length, so deadlines come due in the order they were
 * set and a FIFO ring of deadlines is already sorted; the loop sleeps until
 * the oldest one, completes every task that is due and starts new ones.
 */
#include "workloads/workload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

/* Sleep in slices of at most this much so that Ctrl-C is seen promptly
 * by every thread, not only the one the signal interrupts. */
#define SLICE_NS 200000000ull

struct sleepwl {
	uint64_t ns;		/* the latency */
	uint64_t limit_ns;	/* --task-timeout when shorter, or 0 */
	double timeout_s;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Block until the monotonic clock reaches due; 0, or -EINTR when a stop
 * signal came first. */
static int sleep_until(uint64_t due)
{
	uint64_t now;
	int rc = 0;

	gb_blocking_begin();
	while ((now = now_ns()) < due) {
		uint64_t t = due - now > SLICE_NS ? now + SLICE_NS : due;
		struct timespec ts = { .tv_sec = (time_t)(t / 1000000000u),
				       .tv_nsec = (long)(t % 1000000000u) };

		if (gb_stop_signal) {
			rc = -EINTR;
			break;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
	}
	gb_blocking_end();
	return rc;
}

static int sleep_setup(const struct wl_params *p, void **state, char *err,
		       size_t errlen)
{
	struct sleepwl *st = calloc(1, sizeof(*st));

	(void)err;
	(void)errlen;
	if (!st)
		return -ENOMEM;
	st->ns = (uint64_t)(p->latency_ms * 1e6 + 0.5);
	/* A task may not outlast --task-timeout in any mode: a sleep longer
	 * than that ends there, and the task fails as timed out. */
	if (p->task_timeout_s > 0 && p->task_timeout_s * 1e9 < (double)st->ns) {
		st->limit_ns = (uint64_t)(p->task_timeout_s * 1e9);
		st->timeout_s = p->task_timeout_s;
	}
	*state = st;
	return 0;
}

static void sleep_teardown(void *state)
{
	free(state);
}

/* How long a task sleeps: the latency, or up to the time limit. */
static uint64_t sleep_ns(const struct sleepwl *st)
{
	return st->limit_ns ? st->limit_ns : st->ns;
}

static void finish(const struct sleepwl *st, uint64_t i, int rc,
		   struct task_out *out)
{
	if (!rc && st->limit_ns)
		rc = -ETIMEDOUT;
	if (rc == -ETIMEDOUT) {
		out->errors = 1;
		wl_fail(out, rc, "task %llu: timed out after %g s "
			"(--task-timeout) of a %g s sleep",
			(unsigned long long)i, st->timeout_s, st->ns / 1e9);
		return;
	}
	if (rc) {
		out->errors = 1;
		wl_fail(out, rc, "task %llu: sleep interrupted",
			(unsigned long long)i);
		return;
	}
	out->value = st->ns / 1000;
}

static void sleep_task(void *state, void *wstate, uint64_t i,
		       struct task_out *out)
{
	const struct sleepwl *st = state;

	(void)wstate;
	finish(st, i, sleep_until(now_ns() + sleep_ns(st)), out);
}

static uint64_t sleep_expect(void *state, uint64_t i)
{
	(void)i;
	return ((const struct sleepwl *)state)->ns / 1000;
}

static int sleep_run_async(void *state, uint64_t n, unsigned inflight,
			   struct task_out *outs)
{
	const struct sleepwl *st = state;
	uint64_t *due = calloc(inflight ? inflight : 1, sizeof(*due));
	uint64_t started = 0, done = 0;	/* tasks [done, started) sleep */

	if (!due)
		return -ENOMEM;
	while (done < n) {
		uint64_t now = now_ns();
		int rc;

		while (started < n && started - done < inflight)
			due[started++ % inflight] = now + sleep_ns(st);
		rc = sleep_until(due[done % inflight]);
		now = now_ns();
		while (done < started && (rc || due[done % inflight] <= now)) {
			finish(st, done, rc, &outs[done]);
			done++;
		}
		if (rc) {
			for (; done < n; done++)
				finish(st, done, rc, &outs[done]);
		}
	}
	free(due);
	return 0;
}

const struct workload wl_sleep = {
	.name = "sleep",
	.kind = WL_IO,
	.desc = "each task sleeps --latency-ms in a blocking section (time.sleep)",
	.size_doc = "unused; see --latency-ms",
	.default_tasks = 64,
	.default_size = 1,
	.max_size = UINT64_MAX,
	.setup = sleep_setup,
	.teardown = sleep_teardown,
	.run_task = sleep_task,
	.expect = sleep_expect,
	.run_async = sleep_run_async,
	.unit = "unused (the delay is the work)",
	.gloss = "Each task waits a set time, like `time.sleep()`. I/O-bound.",
};
