/*
 * tests/unit/modes.c - cmocka tests of bench/modes and its proc/ pools:
 * every pool runs every task exactly once for 1 to 64 workers and 0 to
 * 999 tasks, twice on one pool, and leaves nothing running; a dead fork
 * worker is replaced. No timing assertions.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/core/util.h"
#include "bench/modes/mode.h"
#include "bench/modes/proc/procpool.h"
#include "bench/modes/proc/worker.h"

/* A workload that counts how often each task runs, in memory shared with
 * forked workers, so "exactly once" can be checked in every mode. */
#define MAX_TASKS 1000
static _Atomic unsigned *runs;

static void count_task(void *state, void *wstate, uint64_t i,
		       struct task_out *out)
{
	(void)state;
	(void)wstate;
	runs[i]++;
	gb_checkpoint();
	out->value = i * 3 + 1;
}

static uint64_t count_expect(void *state, uint64_t i)
{
	(void)state;
	return i * 3 + 1;
}

static const struct workload wl_count = {
	.name = "count", .kind = WL_CPU, .desc = "test",
	.run_task = count_task, .expect = count_expect,
};

/* The counts live in a memfd, so that spawned workers (this very binary,
 * started again with --worker-fds) can map them too: its descriptor is
 * inherited through exec, and its number is in the environment. */
#define RUNS_FD_ENV "GB_TEST_RUNS_FD"

static int map_runs(int fd)
{
	runs = mmap(NULL, MAX_TASKS * sizeof(*runs), PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);
	return runs == MAP_FAILED ? -1 : 0;
}

static int setup_shared(void **state)
{
	char num[16];
	int fd = memfd_create("gb-test-runs", 0);

	(void)state;
	if (fd < 0 || ftruncate(fd, MAX_TASKS * sizeof(*runs)) < 0)
		return -1;
	snprintf(num, sizeof(num), "%d", fd);
	setenv(RUNS_FD_ENV, num, 1);
	return map_runs(fd);
}

/* This binary as a spawned worker of the count workload: what bin/bench's
 * spawned worker does, minus rebuilding a workload from options. */
static int count_worker(char **argv)
{
	struct job job = { .wl = &wl_count };
	const char *fd = getenv(RUNS_FD_ENV);
	int in, out;
	long parent;

	if (!fd || map_runs(atoi(fd)) ||
	    sscanf(argv[2], "%d,%d", &in, &out) != 2 ||
	    strcmp(argv[3], "--worker-parent") != 0 ||
	    sscanf(argv[4], "%ld", &parent) != 1)
		return 9;
	if (worker_bind_parent((pid_t)parent))
		return WORKER_EXIT_PARENT;
	return procpool_serve_pipes(&job, in, out);
}

/* Threads of ours still alive: pool workers are named "gb-worker"
 * (sanitizers add threads of their own, which are not counted). */
static int count_workers(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d))) {
		char path[300], comm[64] = "";
		FILE *f;

		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(comm, sizeof(comm), f) && strncmp(comm, "gb-worker", 9) == 0)
			n++;
		fclose(f);
	}
	if (d)
		closedir(d);
	return n;
}

/* pthread_join returns when a thread's exit has released its memory,
 * which is before the kernel drops it from /proc/self/task: on a busy
 * machine a joined thread stays listed for a moment. So: still there
 * after a second? */
static int threads_in_process(void)
{
	int n = count_workers();

	for (int tries = 0; n > 0 && tries < 100; tries++) {
		usleep(10000);
		n = count_workers();
	}
	return n;
}

static void check_pool(const char *mode_name)
{
	const struct mode *m = gb_mode_find(mode_name);
	static const unsigned workers[] = { 1, 2, 3, 7, 16, 64 };
	static const uint64_t tasks[] = { 0, 1, 2, 5, 64, 65, 999 };

	assert_non_null(m);
	for (size_t w = 0; w < GB_ARRAY_LEN(workers); w++) {
		for (size_t t = 0; t < GB_ARRAY_LEN(tasks); t++) {
			struct job job = { .wl = &wl_count,
					   .ntasks = tasks[t],
					   .workers = workers[w] };
			struct task_out *outs = calloc(tasks[t] + 1, sizeof(*outs));
			struct pool_stats st = { 0 };
			void *pool;

			memset((void *)runs, 0, MAX_TASKS * sizeof(*runs));
			assert_int_equal(m->create(&pool, &job), 0);
			assert_int_equal(m->run(pool, outs), 0);
			/* A second batch on the same pool runs again. */
			assert_int_equal(m->run(pool, outs), 0);
			m->destroy(pool, &st);
			for (uint64_t i = 0; i < tasks[t]; i++) {
				assert_int_equal(runs[i], 2);
				assert_int_equal(outs[i].status, 0);
				assert_int_equal(outs[i].value, i * 3 + 1);
			}
			/* Nothing left running: no child, no extra thread. */
			assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
			assert_int_equal(errno, ECHILD);
			assert_int_equal(threads_in_process(), 0);
			free(outs);
		}
	}
}

static void pool_seq_runs_each_task_once(void **s) { (void)s; check_pool("seq"); }
static void pool_threads_runs_each_task_once(void **s) { (void)s; check_pool("threads"); }
static void pool_fork_runs_each_task_once(void **s) { (void)s; check_pool("fork"); }
static void pool_spawn_runs_each_task_once(void **s) { (void)s; check_pool("spawn"); }
static void pool_fork_shm_runs_each_task_once(void **s) { (void)s; check_pool("fork-shm"); }
static void pool_omp_runs_each_task_once(void **s) { (void)s; check_pool("omp"); }
static void pool_async_runs_each_task_once(void **s) { (void)s; check_pool("async"); }

static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n;
}

static void pool_fork_replaces_a_dead_worker(void **s)
{
	const struct mode *m = gb_mode_find("fork");
	struct job job = { .wl = &wl_count, .ntasks = 20, .workers = 3,
			   .fault_kind = FAULT_CRASH, .fault_task = 4 };
	struct task_out outs[20];
	struct pool_stats st = { 0 };
	int fds = open_fds();
	void *pool;

	(void)s;
	memset((void *)runs, 0, MAX_TASKS * sizeof(*runs));
	assert_int_equal(m->create(&pool, &job), 0);
	assert_int_equal(m->run(pool, outs), 0);
	m->destroy(pool, &st);
	for (uint64_t i = 0; i < 20; i++) {
		if (i == 4) {
			assert_int_not_equal(outs[i].status, 0);
			assert_non_null(strstr(outs[i].err, "signal 11"));
			continue;
		}
		assert_int_equal(outs[i].status, 0);
		assert_int_equal(runs[i], 1);
	}
	assert_int_equal(st.workers_replaced, 1);
	/* No zombie, no leaked descriptor. */
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(open_fds(), fds);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pool_seq_runs_each_task_once),
		cmocka_unit_test(pool_threads_runs_each_task_once),
		cmocka_unit_test(pool_fork_runs_each_task_once),
		cmocka_unit_test(pool_spawn_runs_each_task_once),
		cmocka_unit_test(pool_fork_shm_runs_each_task_once),
		cmocka_unit_test(pool_omp_runs_each_task_once),
		cmocka_unit_test(pool_async_runs_each_task_once),
		cmocka_unit_test(pool_fork_replaces_a_dead_worker),
	};

	if (argc > 4 && strcmp(argv[1], "--worker-fds") == 0)
		return count_worker(argv);
	return cmocka_run_group_tests_name("modes", tests, setup_shared, NULL);
}
