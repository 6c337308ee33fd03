/*
 * ccbench.c - the latency of a background thread beside CPU-bound
 * threads, as CPython's Tools/ccbench measured it in 2010 (its "latency"
 * section: a thread answering timestamped pings while others compute).
 *
 * Task 0 is the latency thread: for --size milliseconds it sleeps
 * CCBENCH_PERIOD_S in a blocking section (the lock is free meanwhile, so
 * a CPU thread takes it), wakes, and must get the lock back before it can
 * act: how late it runs after its deadline is one latency sample. Tasks
 * 1.. are CPU threads running the sumsq kernel with checkpoints until
 * task 0 is done. The figure is the median lateness in milliseconds; the
 * second figure the CPU threads' terms per second.
 *
 * Unlike convoy's back-to-back round trips, whose next call often returns
 * before a woken CPU thread runs (so the I/O thread keeps the lock by
 * luck), every wake-up here finds a CPU thread holding the lock: under
 * CPython's GIL it waits out a switch interval each time. A trace
 * (--trace) shows each wait as the time from block_end to take.
 *
 * Known answers: task 0's value is the number of samples that ran before
 * their deadline (clock_nanosleep never returns early: 0), and each CPU
 * task's loop sum must equal the closed form (its value is the
 * difference, 0).
 */
#include "workloads/workload.h"
#include "workloads/lib/sumsq.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

/* ccbench pinged every 100 ms; 1 ms here, so that a run of a tenth of a
 * second holds some tens of samples. Still long enough for a CPU thread
 * to have taken the lock whenever the thread wakes. */
#define CCBENCH_PERIOD_S 1e-3
/* Terms of sumsq per chunk between looks at the stop flag (a few us). */
#define CCBENCH_CHUNK 4096u
/* How long the latency thread waits for the CPU threads to start; in
 * modes that run tasks one after another they never do. */
#define CCBENCH_START_WAIT_S 0.2
/* A CPU thread never spins longer than this, whatever happens to task 0. */
#define CCBENCH_CPU_LIMIT_S 120.0
/* The most samples a task keeps for its median. */
#define CCBENCH_MAX_SAMPLES 65536

/* Shared with forked workers (MAP_SHARED), so fork mode works too. */
struct ccbench {
	atomic_int stop;
	atomic_int cpu_started;
	atomic_uint_fast64_t ntasks;
	double run_s;
};

static int ccbench_setup(const struct wl_params *p, void **state, char *err,
			 size_t errlen)
{
	struct ccbench *c = mmap(NULL, sizeof(*c), PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	(void)err;
	(void)errlen;
	if (c == MAP_FAILED)
		return -errno;
	c->run_s = (double)p->size / 1000.0;
	*state = c;
	return 0;
}

static void ccbench_teardown(void *state)
{
	munmap(state, sizeof(struct ccbench));
}

static void ccbench_rep_begin(void *state, uint64_t ntasks)
{
	struct ccbench *c = state;

	atomic_store(&c->stop, 0);
	atomic_store(&c->cpu_started, 0);
	atomic_store(&c->ntasks, ntasks);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static struct timespec ts_of(double s)
{
	struct timespec ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
	return ts;
}

static void latency_task(struct ccbench *c, struct task_out *out)
{
	const int want = (int)atomic_load(&c->ntasks) - 1;
	double *late = malloc(CCBENCH_MAX_SAMPLES * sizeof(*late));
	double t0 = gb_now();
	uint64_t early = 0;
	size_t n = 0;

	if (!late) {
		atomic_store(&c->stop, 1);
		wl_fail(out, -ENOMEM, "ccbench: out of memory");
		return;
	}
	gb_blocking_begin();
	while (atomic_load(&c->cpu_started) < want &&
	       gb_now() - t0 < CCBENCH_START_WAIT_S) {
		struct timespec nap = { 0, 100000 };	/* 0.1 ms */

		nanosleep(&nap, NULL);
	}
	gb_blocking_end();
	t0 = gb_now();
	do {
		double deadline = gb_now() + CCBENCH_PERIOD_S, lag;
		struct timespec dl = ts_of(deadline);

		gb_checkpoint();	/* the loop's back-edge */
		gb_blocking_begin();
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &dl,
				       NULL) == EINTR)
			;
		gb_blocking_end();
		/* Back under the lock: how late is this thread? */
		lag = gb_now() - deadline;
		early += lag < 0;
		if (n < CCBENCH_MAX_SAMPLES)
			late[n++] = lag;
	} while (gb_now() - t0 < c->run_s);
	atomic_store(&c->stop, 1);
	qsort(late, n, sizeof(*late), cmp_double);
	out->value = early;
	out->metric = n ? 1e3 * late[n / 2] : 0;
	free(late);
}

static void cpu_task(struct ccbench *c, struct task_out *out)
{
	uint64_t n = 0, acc = 0;
	double t0 = gb_now();

	atomic_fetch_add(&c->cpu_started, 1);
	while (!atomic_load_explicit(&c->stop, memory_order_relaxed)) {
		acc += sumsq_loop(n, n + CCBENCH_CHUNK, 1);
		n += CCBENCH_CHUNK;
		if ((n & 0xffffff) == 0 && gb_now() - t0 > CCBENCH_CPU_LIMIT_S) {
			wl_fail(out, -ETIMEDOUT, "ccbench: the latency task "
				"never finished (this mode cannot share its "
				"stop flag)");
			return;
		}
	}
	out->value = acc - sumsq_below(n);
	out->metric2 = (double)n / (gb_now() - t0);
}

static void ccbench_task(void *state, void *wstate, uint64_t i,
			 struct task_out *out)
{
	(void)wstate;
	if (i == 0)
		latency_task(state, out);
	else
		cpu_task(state, out);
}

static uint64_t ccbench_expect(void *state, uint64_t i)
{
	(void)state;
	(void)i;
	return 0;	/* no early wake-up; loop sum minus closed form */
}

const struct workload wl_ccbench = {
	.name = "ccbench",
	.kind = WL_LATENCY,
	.desc = "a thread waking every 1 ms beside workers-1 CPU threads: how "
		"late it runs (CPython's Tools/ccbench latency)",
	.size_doc = "milliseconds the latency thread runs; tasks = workers "
		    "(task 0 latency, the rest CPU)",
	.default_tasks = 1,
	.default_size = 500,
	.max_size = 600000,
	.metric = "median_latency_ms",
	.metric2 = "cpu_terms_per_s",
	.flags = WL_F_TASKS_ARE_WORKERS | WL_F_SHARED_MEMORY,
	.setup = ccbench_setup,
	.teardown = ccbench_teardown,
	.rep_begin = ccbench_rep_begin,
	.run_task = ccbench_task,
	.expect = ccbench_expect,
	.unit = "milliseconds the sleeping thread runs",
	.gloss = "One thread that sleeps 1 ms again and again and must take "
		 "the GIL back after each, beside CPU-bound threads, as "
		 "CPython's Tools/ccbench measured \"latency\"; its figure is "
		 "how late it runs.",
};
