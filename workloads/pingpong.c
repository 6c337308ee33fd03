/*
 * pingpong.c - the floor under a process pool's dispatch: each task is one
 * 1-byte round trip through a pair of pipes to an echo process, the least
 * any pool that hands work to another process must pay per task. Run it
 * under `seq`: us_per_task is then the raw round trip, to set beside
 * `empty` under `fork` (a whole task message and its result).
 *
 * Each worker (seq's one, or each thread's or process's) gets its own echo
 * process in worker_init. The echo process keeps no other descriptor open,
 * so it cannot hide a dead worker's pipe from the pool.
 */
#include "workloads/workload.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>


struct echo {
	pid_t pid;
	int to, from;
};

/* The echo process: answer every byte with byte + 1, until EOF. Only
 * async-signal-safe calls: it may be forked from a threaded process. */
static void __attribute__((noreturn)) echo_main(pid_t parent, int in, int out)
{
	unsigned char b;

	if (gb_bind_to_parent(parent, SIGKILL))
		_exit(5);
	while (read(in, &b, 1) == 1) {
		b++;
		if (write(out, &b, 1) != 1)
			break;
	}
	_exit(0);
}

/* Close every descriptor but a and b (a < b). */
static void close_others(int a, int b)
{
	if (a > 0)
		close_range(0, (unsigned)a - 1, 0);
	if (b > a + 1)
		close_range((unsigned)a + 1, (unsigned)b - 1, 0);
	close_range((unsigned)b + 1, ~0u, 0);
}

static int pingpong_init(void *state, void **wstate)
{
	struct echo *e = calloc(1, sizeof(*e));
	int down[2], up[2];
	pid_t parent = getpid();

	(void)state;
	if (!e)
		return -ENOMEM;
	if (pipe2(down, O_CLOEXEC) < 0) {
		free(e);
		return -errno;
	}
	if (pipe2(up, O_CLOEXEC) < 0) {
		int rc = -errno;

		close(down[0]);
		close(down[1]);
		free(e);
		return rc;
	}
	e->pid = fork();
	if (e->pid == 0) {
		int in = down[0], out = up[1];

		close_others(in < out ? in : out, in < out ? out : in);
		echo_main(parent, in, out);
	}
	close(down[0]);
	close(up[1]);
	if (e->pid < 0) {
		int rc = -errno;

		close(down[1]);
		close(up[0]);
		free(e);
		return rc;
	}
	e->to = down[1];
	e->from = up[0];
	*wstate = e;
	return 0;
}

static void pingpong_fini(void *wstate)
{
	struct echo *e = wstate;

	if (!e)
		return;
	close(e->to);	/* EOF: the echo process exits */
	close(e->from);
	while (waitpid(e->pid, NULL, 0) < 0 && errno == EINTR)
		;
	free(e);
}

static void pingpong_task(void *state, void *wstate, uint64_t i,
			  struct task_out *out)
{
	struct echo *e = wstate;
	unsigned char b = (unsigned char)i;
	long got;
	int rc;

	(void)state;
	gb_blocking_begin();
	rc = gb_write_all(e->to, &b, 1);
	got = rc ? rc : gb_read_full(e->from, &b, 1);
	gb_blocking_end();
	if (got != 1) {
		wl_fail(out, got < 0 ? (int)got : -EPIPE,
			"pingpong: task %llu: the echo process is gone",
			(unsigned long long)i);
		return;
	}
	out->value = b;
}

static uint64_t pingpong_expect(void *state, uint64_t i)
{
	(void)state;
	return (unsigned char)(i + 1);
}

const struct workload wl_pingpong = {
	.name = "pingpong",
	.fds_per_worker = 2,	/* its pipes to the echo process */
	.kind = WL_COST,
	.desc = "one 1-byte pipe round trip to an echo process per task "
		"(the floor of process dispatch)",
	.size_doc = "unused",
	.default_tasks = 10000,
	.default_size = 1,
	.max_size = UINT64_MAX,
	.metric = "us_per_task",
	.flags = WL_F_TIME_PER_TASK,
	.setup = wl_setup_none,
	.worker_init = pingpong_init,
	.worker_fini = pingpong_fini,
	.run_task = pingpong_task,
	.expect = pingpong_expect,
	.unit = "unused",
	.gloss = "One 1-byte round trip through a pipe to another process per "
		 "task: the floor of what a process pool's dispatch can cost.",
};
