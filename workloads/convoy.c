/*
 * convoy.c - the convoy effect (bpo-7946): one thread doing short blocking
 * round trips beside workers-1 CPU-bound threads.
 *
 * Task 0 is the I/O thread: for --size milliseconds it writes one byte to
 * an echo process over one pipe and reads it back over another, each call
 * in a blocking section, as python/compare.py's Python loop does with
 * os.write and os.read. After each call it spends what CPython spends
 * there under the lock (the interpreter's own work between two calls), and
 * a checkpoint stands for the loop's back-edge. Tasks 1.. are CPU threads:
 * they run the sumsq kernel with checkpoints until task 0 is done. The
 * figure is round trips per second; the second figure the CPU threads'
 * terms per second, summed.
 *
 * Under the new GIL every blocking call gives the lock away, and a CPU
 * thread woken by that release takes it if it gets to run before the I/O
 * thread's next call returns; taking it back then costs up to a switch
 * interval. On this project's VMs a woken thread needs 4-15 us to run, a
 * Python echo answers in a few, so the I/O thread often wins the race and
 * does a few round trips per tenure: the rate collapses, but less than one
 * interval per round trip. Free threads and processes leave it alone. The
 * costs below decide who wins that race, so they are measured, not
 * guessed; notes/13-measure.md has the figures.
 *
 * Known answers: every echoed byte must match (task 0's value is the count
 * of mismatches, 0), and each CPU task's loop sum must equal the closed
 * form for the terms it did (its value is the difference, 0).
 */
#include "workloads/workload.h"
#include "workloads/lib/sumsq.h"

#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Terms of sumsq per chunk between looks at the stop flag (a few us). */
#define CONVOY_CHUNK 4096u
/* How long the I/O thread waits for the CPU threads to start; in modes
 * that run tasks one after another they never do, and it goes alone. */
#define CONVOY_START_WAIT_S 0.2
/* A CPU thread never spins longer than this, whatever happens to task 0. */
#define CONVOY_CPU_LIMIT_S 120.0

/* Shared with forked workers (MAP_SHARED), so fork mode works too. */
struct convoy_shared {
	atomic_int stop;
	atomic_int cpu_started;
	atomic_uint_fast64_t ntasks;
};

struct convoy {
	struct convoy_shared *sh;
	int to_echo, from_echo;	/* our ends of the two pipes */
	pid_t echo;
	double run_s;		/* how long task 0 runs */
};

/*
 * What the Python code costs between two system calls, spent here as a
 * spin: the echo's (python/compare.py's echo process, a loop of os.read
 * and os.write) and the I/O loop's own (its bytecode, the calls of os.read
 * and os.write, the clock) under the lock after each blocking call. They
 * decide who wins the race for the lock during a read, so they are
 * measured as the convoy runs, not in a hot loop: an LD_PRELOAD shim
 * (notes/13-probes/gapcount.c) timed the user-space gap between each
 * thread's read(2) returning and its write(2) starting, and the reverse,
 * in compare.py's own convoy cell alone (K = 0, CPython 3.11, median of
 * 6 interleaved runs' medians) and in this file's loop with every spin at
 * 0; the constant is the difference (notes/13-measure.md):
 *
 *   gap               CPython 3.11   here, no spin   constant   (2.7)
 *   echo read>write       1.29 us        0.15 us      1.14 us   (1.64)
 *   echo write>read       0.99 us        0.07 us      0.92 us   (1.10)
 *   I/O  read>write       2.17 us        0.52 us      1.65 us   (2.05)
 *   I/O  write>read       1.19 us        0.43 us      0.76 us   (1.02)
 *
 * In a hot loop on a ready pipe the same Python costs 0.26-0.29 us per
 * call more than C: after a blocking call the thread runs on a vCPU that
 * was idle or ran someone else, and the interpreter's larger footprint
 * pays for it. The figures hold where the round trip crosses vCPUs, as
 * CPython's nearly always does here (when both ends share one vCPU they
 * fall to 0.4-0.6 us). Pipes, not a socketpair: a socketpair write + read
 * costs twice a pipe's (0.86 against 0.42 us).
 */
#define CONVOY_ECHO_READ_WORK_S 1.14e-6
#define CONVOY_ECHO_WRITE_WORK_S 0.92e-6
#define CONVOY_READ_WORK_S 1.65e-6
#define CONVOY_WRITE_WORK_S 0.76e-6

/* Spin for s seconds: work that holds whatever the caller holds. */
static void spin(double s)
{
	double until = gb_now() + s;

	while (gb_now() < until)
		;
}

static void echo_loop(int in, int out)
{
	unsigned char b;
	ssize_t n;

	while ((n = read(in, &b, 1)) == 1 || (n < 0 && errno == EINTR)) {
		if (n != 1)
			continue;
		spin(CONVOY_ECHO_READ_WORK_S);
		if (write(out, &b, 1) != 1)
			break;
		spin(CONVOY_ECHO_WRITE_WORK_S);
	}
	_exit(0);
}

static int convoy_setup(const struct wl_params *p, void **state, char *err,
			size_t errlen)
{
	struct convoy *c = calloc(1, sizeof(*c));
	int down[2], up[2];	/* to the echo, from the echo */
	pid_t parent;

	if (!c)
		return -ENOMEM;
	c->run_s = (double)p->size / 1000.0;
	c->sh = mmap(NULL, sizeof(*c->sh), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (c->sh == MAP_FAILED) {
		free(c);
		return -errno;
	}
	if (pipe2(down, O_CLOEXEC) < 0) {
		int e = errno;
		snprintf(err, errlen, "convoy: pipe: %s", strerror(e));
		munmap(c->sh, sizeof(*c->sh));
		free(c);
		return -e;
	}
	if (pipe2(up, O_CLOEXEC) < 0) {
		int e = errno;
		snprintf(err, errlen, "convoy: pipe: %s", strerror(e));
		close(down[0]);
		close(down[1]);
		munmap(c->sh, sizeof(*c->sh));
		free(c);
		return -e;
	}
	parent = getpid();
	fflush(NULL);
	c->echo = fork();
	if (c->echo == 0) {
		if (gb_bind_to_parent(parent, SIGKILL))
			_exit(5);
		close(down[1]);
		close(up[0]);
		echo_loop(down[0], up[1]);
	}
	close(down[0]);
	close(up[1]);
	if (c->echo < 0) {
		int e = errno;
		snprintf(err, errlen, "convoy: fork of the echo process: %s",
			 strerror(e));
		close(down[1]);
		close(up[0]);
		munmap(c->sh, sizeof(*c->sh));
		free(c);
		return -e;
	}
	c->to_echo = down[1];
	c->from_echo = up[0];
	*state = c;
	return 0;
}

static void convoy_teardown(void *state)
{
	struct convoy *c = state;

	close(c->to_echo);	/* EOF ends the echo process */
	close(c->from_echo);
	while (waitpid(c->echo, NULL, 0) < 0 && errno == EINTR)
		;
	munmap(c->sh, sizeof(*c->sh));
	free(c);
}

static void convoy_rep_begin(void *state, uint64_t ntasks)
{
	struct convoy *c = state;

	atomic_store(&c->sh->stop, 0);
	atomic_store(&c->sh->cpu_started, 0);
	atomic_store(&c->sh->ntasks, ntasks);
}

static void io_task(struct convoy *c, struct task_out *out)
{
	const int want = (int)atomic_load(&c->sh->ntasks) - 1;
	uint64_t trips = 0, bad = 0;
	double t0 = gb_now(), t;
	struct timespec nap = { 0, 100000 };	/* 0.1 ms */

	gb_blocking_begin();
	while (atomic_load(&c->sh->cpu_started) < want &&
	       gb_now() - t0 < CONVOY_START_WAIT_S)
		nanosleep(&nap, NULL);
	gb_blocking_end();

	t = t0 = gb_now();
	do {
		unsigned char b = (unsigned char)trips, r = (unsigned char)~b;
		ssize_t w, n;

		if (gb_checkpoint())	/* the loop's back-edge */
			break;
		gb_blocking_begin();
		do
			w = write(c->to_echo, &b, 1);
		while (w < 0 && errno == EINTR);
		gb_blocking_end();
		spin(CONVOY_WRITE_WORK_S);
		gb_blocking_begin();
		do
			n = read(c->from_echo, &r, 1);
		while (n < 0 && errno == EINTR);
		gb_blocking_end();
		spin(CONVOY_READ_WORK_S);
		if (w != 1 || n != 1) {
			atomic_store(&c->sh->stop, 1);
			wl_fail(out, -EIO, "convoy: round trip %llu with the "
				"echo process failed: %s",
				(unsigned long long)trips,
				n == 0 ? "echo process gone" : strerror(errno));
			return;
		}
		bad += r != b;
		trips++;
		t = gb_now();
	} while (t - t0 < c->run_s);
	atomic_store(&c->sh->stop, 1);
	out->value = bad;
	out->metric = (double)trips / (t - t0);
}

static void cpu_task(struct convoy *c, struct task_out *out)
{
	uint64_t n = 0, acc = 0;
	double t0 = gb_now();

	atomic_fetch_add(&c->sh->cpu_started, 1);
	while (!atomic_load_explicit(&c->sh->stop, memory_order_relaxed) &&
	       !gb_stopping()) {
		acc += sumsq_loop(n, n + CONVOY_CHUNK, 1);
		n += CONVOY_CHUNK;
		if ((n & 0xffffff) == 0 && gb_now() - t0 > CONVOY_CPU_LIMIT_S) {
			wl_fail(out, -ETIMEDOUT, "convoy: the I/O task never "
				"finished (this mode cannot share its stop "
				"flag)");
			return;
		}
	}
	out->value = acc - sumsq_below(n);
	/* What the lock let this thread do: the cost of a policy that
	 * serves the I/O thread first. */
	out->metric2 = (double)n / (gb_now() - t0);
}

static void convoy_task(void *state, void *wstate, uint64_t i,
			struct task_out *out)
{
	(void)wstate;
	if (i == 0)
		io_task(state, out);
	else
		cpu_task(state, out);
}

static uint64_t convoy_expect(void *state, uint64_t i)
{
	(void)state;
	(void)i;
	return 0;	/* no mismatched echo; loop sum minus closed form */
}

const struct workload wl_convoy = {
	.name = "convoy",
	.kind = WL_CONVOY,
	.desc = "one thread doing 1-byte round trips with an echo process "
		"beside workers-1 CPU threads",
	.size_doc = "milliseconds the I/O thread runs; tasks = workers "
		    "(task 0 I/O, the rest CPU)",
	.default_tasks = 1,
	.default_size = 500,
	.max_size = 600000,
	.metric = "round_trips_per_s",
	.metric2 = "cpu_terms_per_s",
	.flags = WL_F_TASKS_ARE_WORKERS | WL_F_SHARED_MEMORY,
	.setup = convoy_setup,
	.teardown = convoy_teardown,
	.rep_begin = convoy_rep_begin,
	.run_task = convoy_task,
	.expect = convoy_expect,
	.unit = "milliseconds the I/O thread runs",
	.gloss = "One I/O thread making tiny blocking round trips to another "
		 "process, alone or beside 1 or 2 CPU-bound threads: workers "
		 "= 1 + the CPU threads.",
};
