/*
 * procpool.c - see procpool.h.
 *
 * Invariants: every child is either idle (task < 0) or running exactly one
 * task; the parent only writes to a worker that is idle and reading (so a
 * write blocks at most while that worker drains a large input); every
 * child is reaped with wait4() so no zombie is left and its CPU time is
 * counted.
 */
#include "bench/modes/proc/procpool.h"
#include "bench/modes/proc/forkserver.h"
#include "bench/modes/proc/worker.h"
#include "bench/core/childargv.h"
#include "bench/core/measure.h"
#include "bench/core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* What the parent sends a worker per task: the task number and how many
 * bytes of input follow it on the pipe (0 when the workload has none or
 * the worker reads it from shared memory). */
struct task_msg {
	uint64_t index;
	uint64_t input_len;
};

/* The longest poll() between two looks at gb_stop_signal. */
#define STOP_CHECK_MS 200

struct child {
	pid_t pid;
	int to_fd;		/* parent writes task_msg (+ input) */
	int from_fd;		/* parent reads task_out */
	int sentinel;		/* forkserver: its end is reported here */
	int64_t task;		/* running task, or -1 when idle */
	double started;		/* when the task was sent (monotonic) */
};

struct procpool {
	const struct job *job;
	enum procpool_start how;
	unsigned n;
	struct child *kids;
	struct pollfd *pfd;	/* one per child, for procpool_run */
	char exe[PATH_MAX];	/* spawn: bin/bench, absolute */
	struct forkserver *fs;	/* forkserver: the running server */
	struct pool_stats reaped;	/* usage of children already reaped */
};

extern char **environ;


/* The worker's end of the pipes (worker.h's transport). */
struct pipe_io {
	int in_fd, out_fd;
	void *in;		/* the current task's input */
	size_t in_cap;
};

static int pipe_ready(void *arg)
{
	struct pipe_io *p = arg;
	char ready = 'R';

	return gb_write_all(p->out_fd, &ready, 1);
}

static int pipe_next(void *arg, uint64_t *task, const void **in,
		     size_t *len)
{
	struct pipe_io *p = arg;
	struct task_msg msg;
	long got = gb_read_full(p->in_fd, &msg, sizeof(msg));

	if (got != sizeof(msg))
		return got == 0 ? 0 : -EPIPE;
	if (msg.input_len > p->in_cap) {
		void *bigger = realloc(p->in, msg.input_len);

		if (!bigger)
			return -ENOMEM;
		p->in = bigger;
		p->in_cap = msg.input_len;
	}
	if (msg.input_len &&
	    gb_read_full(p->in_fd, p->in, msg.input_len) != (long)msg.input_len)
		return -EPIPE;
	*task = msg.index;
	*in = msg.input_len ? p->in : NULL;
	*len = msg.input_len;
	return 1;
}

static int pipe_reply(void *arg, const struct task_out *out)
{
	struct pipe_io *p = arg;

	return gb_write_all(p->out_fd, out, sizeof(*out));
}

int procpool_serve_pipes(const struct job *job, int in_fd, int out_fd)
{
	struct pipe_io p = { .in_fd = in_fd, .out_fd = out_fd };
	const struct worker_io io = { &p, pipe_ready, pipe_next, pipe_reply };
	int status = worker_serve(job, &io);

	free(p.in);
	return status;
}

/* Start child k by fork(). In the child, close every other child's pipes
 * so a worker's death is seen as EOF by the parent alone. */
static pid_t fork_child(struct procpool *pp, unsigned k, int down[2],
			int up[2])
{
	pid_t parent = getpid(), pid;

	fflush(NULL);	/* or the child would print our buffers again */
	pid = fork();
	if (pid != 0)
		return pid;
	if (worker_bind_parent(parent))
		_exit(WORKER_EXIT_PARENT);
	for (unsigned j = 0; j < pp->n; j++) {
		if (j == k)
			continue;
		gb_close_fd(&pp->kids[j].to_fd);
		gb_close_fd(&pp->kids[j].from_fd);
	}
	close(down[1]);
	close(up[0]);
	_exit(procpool_serve_pipes(pp->job, down[0], up[1]));
}

/* Start child k as a new bin/bench (Python's "spawn"): it rebuilds the
 * workload from the job's options and runs the same worker loop. Its
 * pipe ends keep their numbers; dup2 onto itself is how posix_spawn
 * clears O_CLOEXEC in the child alone. Returns 0 or -errno. */
static int spawn_child(struct procpool *pp, struct child *c, int down[2],
		       int up[2])
{
	char fds[48], parent[24], url_fd[24];
	const int list_fd = pp->job->params ? pp->job->params->url_fd : -1;
	char *lead[] = { pp->exe, "--worker-fds", fds, "--worker-parent",
			 parent, list_fd >= 0 ? "--url-fd" : NULL, url_fd, NULL };
	posix_spawn_file_actions_t fa;
	char **argv;
	int rc;

	snprintf(fds, sizeof(fds), "%d,%d", down[0], up[1]);
	snprintf(parent, sizeof(parent), "%ld", (long)getpid());
	/* The URL list as the parent checked it, not the file's path: the
	 * file may have changed since (--url-fd, cli.c). */
	snprintf(url_fd, sizeof(url_fd), "%d", list_fd);
	argv = child_argv(pp->job, lead, NULL);
	if (!argv)
		return -ENOMEM;
	rc = posix_spawn_file_actions_init(&fa);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, down[0], down[0]);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(&fa, up[1], up[1]);
	if (!rc && list_fd >= 0)
		rc = posix_spawn_file_actions_adddup2(&fa, list_fd, list_fd);
	if (!rc)
		rc = posix_spawn(&c->pid, pp->exe, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	if (rc)
		c->pid = -1;
	return -rc;
}

static int launch_child(struct procpool *pp, unsigned k)
{
	struct child *c = &pp->kids[k];
	int down[2], up[2], rc = 0;

	if (pipe2(down, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(up, O_CLOEXEC) < 0) {
		int e = -errno;
		close(down[0]);
		close(down[1]);
		return e;
	}
	if (pp->how == PROCPOOL_SPAWN) {
		rc = spawn_child(pp, c, down, up);
	} else if (pp->how == PROCPOOL_FORKSERVER) {
		rc = forkserver_fork(pp->fs, down[0], up[1], &c->pid,
				     &c->sentinel);
		if (rc)
			c->pid = -1;
	} else {
		c->pid = fork_child(pp, k, down, up);
		if (c->pid < 0)
			rc = -errno;
	}
	close(down[0]);
	close(up[1]);
	if (rc) {
		close(down[1]);
		close(up[0]);
		return rc;
	}
	c->to_fd = down[1];
	c->from_fd = up[0];
	c->task = -1;
	return 0;
}

/* Start-up handshake: wait until child k is ready for a task. */
static int await_ready(struct procpool *pp, unsigned k)
{
	char ready;
	long got = gb_read_full(pp->kids[k].from_fd, &ready, 1);

	if (got != 1)
		return got < 0 ? (int)got : -ECHILD;
	return 0;
}

static int start_child(struct procpool *pp, unsigned k)
{
	int rc = launch_child(pp, k);

	return rc ? rc : await_ready(pp, k);
}

/* Reap child k (already told to stop, or dead) and add its usage. Returns
 * its wait status (FORKSERVER_LOST: the server died before it). A
 * forkserver's worker is the server's child: the server reaps it and
 * reports on its sentinel. */
static int reap_child(struct procpool *pp, unsigned k)
{
	struct child *c = &pp->kids[k];
	struct rusage ru;
	int status = 0;

	gb_close_fd(&c->to_fd);
	gb_close_fd(&c->from_fd);
	if (c->sentinel >= 0) {
		status = forkserver_reap(c->sentinel, &pp->reaped);
		gb_close_fd(&c->sentinel);
		c->pid = -1;
		return status;
	}
	if (c->pid <= 0)
		return 0;
	while (wait4(c->pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			memset(&ru, 0, sizeof(ru));
			break;
		}
	}
	c->pid = -1;
	measure_add_child(&pp->reaped, &ru);
	return status;
}

/* SIGKILL child k: a forkserver's worker through the server, which
 * alone knows whether that pid is still its unreaped child. */
static void kill_child(struct procpool *pp, unsigned k)
{
	if (pp->kids[k].pid <= 0)
		return;
	if (pp->fs)
		forkserver_kill(pp->fs, pp->kids[k].pid);
	else
		kill(pp->kids[k].pid, SIGKILL);
}

int procpool_create(struct procpool **out, const struct job *job,
		    enum procpool_start how)
{
	struct procpool *pp = calloc(1, sizeof(*pp));
	int rc = 0;

	if (!pp)
		return -ENOMEM;
	pp->job = job;
	pp->how = how;
	pp->n = job->workers;
	pp->kids = calloc(pp->n ? pp->n : 1, sizeof(*pp->kids));
	pp->pfd = calloc(pp->n ? pp->n : 1, sizeof(*pp->pfd));
	if (!pp->kids || !pp->pfd) {
		free(pp->kids);
		free(pp->pfd);
		free(pp);
		return -ENOMEM;
	}
	for (unsigned k = 0; k < pp->n; k++) {
		pp->kids[k].pid = -1;
		pp->kids[k].to_fd = pp->kids[k].from_fd = -1;
		pp->kids[k].sentinel = -1;
	}
	if (how == PROCPOOL_SPAWN)
		rc = gb_self_exe(pp->exe, sizeof(pp->exe));
	/* The server runs already (the mode's share_open): a pool is the
	 * time to get its workers from it. */
	if (how == PROCPOOL_FORKSERVER && !(pp->fs = job->mode_shared))
		rc = -EINVAL;
	/* Start every worker, then wait for each: a spawned worker spends
	 * milliseconds rebuilding its state, and they should do it side by
	 * side, as Python's pool does, not one after another. */
	for (unsigned k = 0; k < pp->n && !rc; k++)
		rc = launch_child(pp, k);
	for (unsigned k = 0; k < pp->n && !rc; k++)
		rc = await_ready(pp, k);
	if (rc) {
		procpool_destroy(pp, NULL);
		return rc;
	}
	*out = pp;
	return 0;
}

/* Hand task i to idle child k: its number, then its input unless the
 * worker reads that from shared memory (fork-shm). A failed write means
 * the worker is dead: the caller's poll then sees its pipe close and the
 * task is reported failed with the cause. */
static void send_task(struct procpool *pp, unsigned k, uint64_t i)
{
	struct child *c = &pp->kids[k];
	const struct workload *wl = pp->job->wl;
	struct task_msg msg = { .index = i };
	const void *in = NULL;

	if (wl->task_input && pp->how != PROCPOOL_FORK_SHM) {
		size_t len = 0;

		in = wl->task_input(pp->job->state, i, &len);
		msg.input_len = in ? len : 0;
	}
	c->task = (int64_t)i;
	c->started = gb_now();
	if (gb_write_all(c->to_fd, &msg, sizeof(msg)) == 0 && msg.input_len)
		(void)gb_write_all(c->to_fd, in, msg.input_len);
}

/* Child k died or hung while running its task: record the cause on the
 * task and start a replacement. */
static int replace_child(struct procpool *pp, unsigned k,
			 struct task_out *outs, const char *why)
{
	struct child *c = &pp->kids[k];
	char cause[96];
	int status;

	if (why)
		kill_child(pp, k);
	status = reap_child(pp, k);
	if (status == FORKSERVER_LOST)
		snprintf(cause, sizeof(cause), "lost: the forkserver died");
	else
		gb_describe_status(status, cause, sizeof(cause));
	if (c->task >= 0) {
		struct task_out *o = &outs[c->task];

		gb_task_blame(o, (uint64_t)c->task, "worker process",
			      why ? why : cause);
	}
	c->task = -1;
	pp->reaped.workers_replaced++;
	return start_child(pp, k);
}

/* The one busy child, when no other is busy and tasks have no time
 * limit; else -1. */
static int lone_busy(const struct procpool *pp, double timeout)
{
	int lone = -1;

	if (timeout > 0)
		return -1;
	for (unsigned k = 0; k < pp->n; k++) {
		if (pp->kids[k].task < 0)
			continue;
		if (lone >= 0)
			return -1;
		lone = (int)k;
	}
	return lone;
}

/* Wait for a child's answer in read() itself. sizeof(*o), 0 at EOF (it
 * died), -EINTR when a signal came first (the caller looks at
 * gb_stop_signal), or another -errno. */
static long read_answer(int fd, struct task_out *o)
{
	ssize_t got = read(fd, o, sizeof(*o));
	long more;

	if (got < 0)
		return -errno;
	if (got == 0 || (size_t)got == sizeof(*o))
		return got;
	/* Less than PIPE_BUF is written whole, but be safe. */
	more = gb_read_full(fd, (char *)o + got, sizeof(*o) - (size_t)got);
	return more == (long)(sizeof(*o) - (size_t)got) ? (long)sizeof(*o)
							 : -EPIPE;
}

int procpool_run(struct procpool *pp, struct task_out *outs)
{
	const uint64_t n = pp->job->ntasks;
	const double timeout = pp->job->task_timeout_s;
	struct pollfd *pfd = pp->pfd;
	uint64_t next = 0, done = 0;
	int rc = 0;

	for (unsigned k = 0; k < pp->n && next < n; k++)
		send_task(pp, k, next++);
	while (done < n && !rc) {
		int wait_ms = -1, lone;
		double now = gb_now();
		struct task_out early;
		long early_got = 0;

		if (gb_stop_signal) {
			rc = -EINTR;	/* destroy() stops the busy workers */
			break;
		}
		/* One answer awaited (always so with one worker): wait for it
		 * in read(), as a bare pipe round trip does, not in poll()
		 * and then read(). A system call less per task. */
		lone = lone_busy(pp, timeout);
		if (lone >= 0) {
			early_got = read_answer(pp->kids[lone].from_fd, &early);
			if (early_got == -EINTR)
				continue;
			for (unsigned k = 0; k < pp->n; k++)
				pfd[k].revents = (int)k == lone ? POLLIN : 0;
			goto answered;
		}
		for (unsigned k = 0; k < pp->n; k++) {
			pfd[k].fd = pp->kids[k].from_fd;
			pfd[k].events = POLLIN;
			if (timeout > 0 && pp->kids[k].task >= 0) {
				double left = pp->kids[k].started + timeout - now;
				int ms = left <= 0 ? 0 : (int)(left * 1000) + 1;

				if (wait_ms < 0 || ms < wait_ms)
					wait_ms = ms;
			}
		}
		/* Wake at least every STOP_CHECK_MS: a SIGINT that lands
		 * between the check of gb_stop_signal above and poll() would
		 * otherwise wait for an answer that a hung worker never
		 * sends. */
		if (wait_ms < 0 || wait_ms > STOP_CHECK_MS)
			wait_ms = STOP_CHECK_MS;
		if (poll(pfd, pp->n, wait_ms) < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
answered:
		now = gb_now();
		for (unsigned k = 0; k < pp->n && !rc; k++) {
			struct child *c = &pp->kids[k];
			int died = 0;

			if (pfd[k].revents & (POLLIN | POLLHUP | POLLERR)) {
				struct task_out o;
				long got;

				if ((int)k == lone) {
					o = early;
					got = early_got;
				} else {
					got = gb_read_full(c->from_fd, &o, sizeof(o));
				}
				if (got == sizeof(o) && c->task >= 0) {
					outs[c->task] = o;
					c->task = -1;
					done++;
				} else {
					died = 1;
				}
			} else if (timeout > 0 && c->task >= 0 &&
				   now - c->started >= timeout) {
				char why[64];

				snprintf(why, sizeof(why),
					 "timed out after %g s (--task-timeout)",
					 timeout);
				rc = replace_child(pp, k, outs, why);
				done++;
			}
			if (died) {
				if (c->task >= 0)
					done++;
				rc = replace_child(pp, k, outs, NULL);
			}
			if (!rc && c->task < 0 && next < n && c->pid > 0)
				send_task(pp, k, next++);
		}
	}
	return rc;
}

void procpool_destroy(struct procpool *pp, struct pool_stats *st)
{
	/* Closing a worker's task pipe is its signal to stop. A worker still
	 * busy (the run was interrupted, or it hangs) would not see it, so it
	 * is killed. */
	for (unsigned k = 0; k < pp->n; k++) {
		gb_close_fd(&pp->kids[k].to_fd);
		if (pp->kids[k].task >= 0)
			kill_child(pp, k);
	}
	for (unsigned k = 0; k < pp->n; k++)
		reap_child(pp, k);
	if (st)
		measure_add_pool(st, &pp->reaped);
	/* The server's one start, for the row's server_start_s. */
	if (st && st->mode_stats && pp->fs)
		((struct proc_stats *)st->mode_stats)->server_start_s =
			forkserver_start_s(pp->fs);
	free(pp->kids);
	free(pp->pfd);
	free(pp);
}
