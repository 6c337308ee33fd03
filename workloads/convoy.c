/*
 * convoy.c - the convoy effect (bpo-7946): one thread doing short blocking
 * round trips beside workers-1 CPU-bound threads.
 *
 * Task 0 is the I/O thread: for --size milliseconds it sends one byte over
 * a socketpair to an echo process and reads it back, each call in a
 * blocking section, with a checkpoint between round trips (the Python code
 * of the loop). Tasks 1.. are CPU threads: they run the sumsq kernel with
 * checkpoints until task 0 is done. The figure is round trips per second.
 * Under the GIL every blocking call gives the lock away, and taking it back
 * from a CPU-bound thread costs up to a switch interval, so the rate
 * collapses; free threads and processes leave it alone.
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
#include <sys/socket.h>
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
	int fd;			/* our end of the socketpair */
	pid_t echo;
	double run_s;		/* how long task 0 runs */
};

/* The echo peer stands for a server written in Python: it spends
 * ECHO_WORK_S on each message before answering, about what CPython's
 * socket calls and loop cost. A bare C echo answers in a few microseconds,
 * faster than a woken thread gets a core, and would hide the convoy. */
#ifndef ECHO_WORK_S
#define ECHO_WORK_S 20e-6
#endif

static void echo_loop(int fd)
{
	unsigned char b;
	ssize_t n;

	while ((n = read(fd, &b, 1)) == 1 || (n < 0 && errno == EINTR)) {
		double until = gb_now() + ECHO_WORK_S;

		if (n != 1)
			continue;
		while (gb_now() < until)
			;
		if (write(fd, &b, 1) != 1)
			break;
	}
	_exit(0);
}

static int convoy_setup(const struct wl_params *p, void **state, char *err,
			size_t errlen)
{
	struct convoy *c = calloc(1, sizeof(*c));
	int sv[2];
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
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		int e = errno;
		snprintf(err, errlen, "convoy: socketpair: %s", strerror(e));
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
		close(sv[0]);
		echo_loop(sv[1]);
	}
	close(sv[1]);
	if (c->echo < 0) {
		int e = errno;
		snprintf(err, errlen, "convoy: fork of the echo process: %s",
			 strerror(e));
		close(sv[0]);
		munmap(c->sh, sizeof(*c->sh));
		free(c);
		return -e;
	}
	c->fd = sv[0];
	*state = c;
	return 0;
}

static void convoy_teardown(void *state)
{
	struct convoy *c = state;

	close(c->fd);	/* EOF ends the echo process */
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

	t0 = gb_now();
	do {
		unsigned char b = (unsigned char)trips, r = (unsigned char)~b;
		ssize_t w, n;

		gb_checkpoint();	/* the loop's own bytecode */
		gb_blocking_begin();
		do
			w = write(c->fd, &b, 1);
		while (w < 0 && errno == EINTR);
		gb_blocking_end();
		gb_blocking_begin();
		do
			n = read(c->fd, &r, 1);
		while (n < 0 && errno == EINTR);
		gb_blocking_end();
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
	while (!atomic_load_explicit(&c->sh->stop, memory_order_relaxed)) {
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
	.flags = WL_F_TASKS_ARE_WORKERS | WL_F_SHARED_MEMORY,
	.setup = convoy_setup,
	.teardown = convoy_teardown,
	.rep_begin = convoy_rep_begin,
	.run_task = convoy_task,
	.expect = convoy_expect,
};
