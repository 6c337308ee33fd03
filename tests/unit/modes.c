/*
 * tests/unit/modes.c - cmocka tests of bench/modes and its proc/ pools:
 * every pool runs every task exactly once for 1 to 64 workers and 0 to
 * 999 tasks, twice on one pool, and leaves nothing running; a dead fork
 * or forkserver worker is replaced and named; the forkserver reports its
 * workers' usage and serves no process but the one that started it. No
 * timing assertions.
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
#include "bench/modes/proc/forkserver.h"
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

/* This binary as the forkserver of the count workload: what bin/bench's
 * server does, minus rebuilding a workload from options (but the fault
 * its workers inherit). */
static int count_server(int argc, char **argv)
{
	struct job job = { .wl = &wl_count };
	struct forkserver_fds fds;
	const char *fd = getenv(RUNS_FD_ENV);
	long parent;

	for (int i = 5; i + 1 < argc; i++)
		if (strcmp(argv[i], "--fault") == 0 &&
		    gb_fault_parse(argv[i + 1], &job.fault_kind,
				   &job.fault_task))
			return 9;
	if (!fd || map_runs(atoi(fd)) ||
	    sscanf(argv[2], "%d,%d,%d", &fds.listen, &fds.alive,
		   &fds.ready) != 3 ||
	    strcmp(argv[3], "--worker-parent") != 0 ||
	    sscanf(argv[4], "%ld", &parent) != 1)
		return 9;
	if (worker_bind_parent((pid_t)parent))
		return WORKER_EXIT_PARENT;
	return forkserver_serve(&job, &fds, (pid_t)parent);
}

/* The children of process pid (its main thread's: a forkserver forks
 * from its only thread), from /proc. */
static int children_of(pid_t pid)
{
	char path[64], buf[4096];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)pid,
		 (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%4095s", buf) == 1)
		n++;
	fclose(f);
	return n;
}

/* The pid of our one child (a forkserver), from /proc. */
static pid_t only_child(void)
{
	char path[64];
	long pid = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children",
		 (int)getpid(), (int)getpid());
	f = fopen(path, "r");
	if (f && fscanf(f, "%ld", &pid) != 1)
		pid = -1;
	if (f)
		fclose(f);
	return (pid_t)pid;
}

/* Open what the mode's pools share (the forkserver's server) for job, as
 * the runner does before a workload's first repetition; NULL when
 * nothing. */
static void *share_open(const struct mode *m, const struct job *job)
{
	char err[256] = "";
	void *shared = NULL;

	if (!m->share_open)
		return NULL;
	assert_int_equal(m->share_open(&shared, job, err, sizeof(err)), 0);
	assert_non_null(shared);
	return shared;
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
	void *shared;
	pid_t server = -1;

	assert_non_null(m);
	/* One server for every pool, as in a run. */
	shared = share_open(m, &(struct job){ .wl = &wl_count });
	if (shared)
		server = only_child();
	for (size_t w = 0; w < GB_ARRAY_LEN(workers); w++) {
		for (size_t t = 0; t < GB_ARRAY_LEN(tasks); t++) {
			struct job job = { .wl = &wl_count,
					   .ntasks = tasks[t],
					   .workers = workers[w],
					   .mode_shared = shared };
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
			/* Nothing left running: no child, no extra thread;
			 * the server, reaped at the end, has no worker. */
			if (shared) {
				assert_int_equal(children_of(server), 0);
			} else {
				assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
				assert_int_equal(errno, ECHILD);
			}
			assert_int_equal(threads_in_process(), 0);
			free(outs);
		}
	}
	if (shared)
		m->share_close(shared);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void pool_seq_runs_each_task_once(void **s) { (void)s; check_pool("seq"); }
static void pool_threads_runs_each_task_once(void **s) { (void)s; check_pool("threads"); }
static void pool_fork_runs_each_task_once(void **s) { (void)s; check_pool("fork"); }
static void pool_spawn_runs_each_task_once(void **s) { (void)s; check_pool("spawn"); }
static void pool_forkserver_runs_each_task_once(void **s) { (void)s; check_pool("forkserver"); }
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

static void check_replaces_a_dead_worker(const char *mode_name)
{
	const struct mode *m = gb_mode_find(mode_name);
	struct job job = { .wl = &wl_count, .ntasks = 20, .workers = 3,
			   .fault_kind = FAULT_CRASH, .fault_task = 4 };
	struct task_out outs[20];
	struct pool_stats st = { 0 };
	int fds = open_fds();
	void *pool;

	/* The server's workers inherit the fault from it. */
	memset((void *)runs, 0, MAX_TASKS * sizeof(*runs));
	job.mode_shared = share_open(m, &job);
	assert_int_equal(m->create(&pool, &job), 0);
	assert_int_equal(m->run(pool, outs), 0);
	m->destroy(pool, &st);
	if (job.mode_shared)
		m->share_close(job.mode_shared);
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
	/* Each of the four workers' peak memory came back (the forkserver's
	 * reports, wait4 for fork). */
	assert_true(st.child_maxrss_kb >= 4 * 100);
	/* No zombie, no leaked descriptor. */
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(open_fds(), fds);
}

static void pool_fork_replaces_a_dead_worker(void **s)
{
	(void)s;
	check_replaces_a_dead_worker("fork");
}

static void pool_forkserver_replaces_a_dead_worker(void **s)
{
	(void)s;
	check_replaces_a_dead_worker("forkserver");
}

/* The server forks for the process that started it alone: a request
 * from any other (here a child of ours, with the same user) is dropped
 * unread, and the requester gets no worker. */
static void forkserver_serves_only_its_parent(void **s)
{
	const struct mode *m = gb_mode_find("forkserver");
	void *shared = share_open(m, &(struct job){ .wl = &wl_count });
	int down[2], up[2], status;
	pid_t stranger, pid;

	(void)s;
	assert_int_equal(pipe(down), 0);
	assert_int_equal(pipe(up), 0);
	stranger = fork();
	if (stranger == 0) {
		int sentinel, rc = forkserver_fork(shared, down[0], up[1],
						   &pid, &sentinel);

		/* Dropped: its status pipe ends unwritten (-ECHILD), or
		 * the connection is closed before the request is sent. */
		_exit(rc < 0 ? 0 : 1);
	}
	assert_true(stranger > 0);
	assert_int_equal(waitpid(stranger, &status, 0), stranger);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_int_equal(children_of(only_child()), 0);
	/* ... while its parent still gets a worker. */
	{
		int sentinel;
		struct pool_stats st = { 0 };

		assert_int_equal(forkserver_fork(shared, down[0], up[1], &pid,
						 &sentinel), 0);
		close(down[0]);
		close(up[1]);
		close(down[1]);	/* EOF: the worker ends... */
		status = forkserver_reap(sentinel, &st);
		assert_true(WIFEXITED(status));	/* ...and is reported */
		close(sentinel);
		close(up[0]);
	}
	m->share_close(shared);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pool_seq_runs_each_task_once),
		cmocka_unit_test(pool_threads_runs_each_task_once),
		cmocka_unit_test(pool_fork_runs_each_task_once),
		cmocka_unit_test(pool_spawn_runs_each_task_once),
		cmocka_unit_test(pool_forkserver_runs_each_task_once),
		cmocka_unit_test(pool_fork_shm_runs_each_task_once),
		cmocka_unit_test(pool_omp_runs_each_task_once),
		cmocka_unit_test(pool_async_runs_each_task_once),
		cmocka_unit_test(pool_fork_replaces_a_dead_worker),
		cmocka_unit_test(pool_forkserver_replaces_a_dead_worker),
		cmocka_unit_test(forkserver_serves_only_its_parent),
	};

	if (argc > 4 && strcmp(argv[1], "--worker-fds") == 0)
		return count_worker(argv);
	if (argc > 4 && strcmp(argv[1], "--forkserver-fds") == 0)
		return count_server(argc, argv);
	return cmocka_run_group_tests_name("modes", tests, setup_shared, NULL);
}
