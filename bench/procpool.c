/*
 * procpool.c - see procpool.h.
 *
 * Invariants: every child is either idle (task < 0) or running exactly one
 * task; the parent never blocks on a write (a task index is 8 bytes into an
 * empty pipe); every child is reaped with wait4() so no zombie is left and
 * its CPU time is counted.
 */
#include "procpool.h"
#include "fault.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

struct child {
	pid_t pid;
	int to_fd;		/* parent writes task indexes */
	int from_fd;		/* parent reads task_out */
	int64_t task;		/* running task, or -1 when idle */
	double started;		/* when the task was sent (monotonic) */
};

struct procpool {
	const struct job *job;
	enum procpool_start how;
	unsigned n;
	struct child *kids;
	struct pool_stats reaped;	/* usage of children already reaped */
};

extern char **environ;

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

int procpool_worker_loop(const struct job *job, int in_fd, int out_fd)
{
	void *wstate = NULL;
	uint64_t i;
	long got;
	char ready = 'R';

	gb_fault_in_process = 1;
	if (job->wl->worker_init && job->wl->worker_init(job->state, &wstate))
		return 3;
	if (gb_write_all(out_fd, &ready, 1))
		return 4;
	while ((got = gb_read_full(in_fd, &i, sizeof(i))) == sizeof(i)) {
		struct task_out out;

		gb_task_run(job, wstate, i, &out);
		if (gb_write_all(out_fd, &out, sizeof(out)))
			break;
	}
	if (job->wl->worker_fini)
		job->wl->worker_fini(wstate);
	return 0;
}

/* Start child k. In a forked child, close every other child's pipes so a
 * worker's death is seen as EOF by the parent alone. */
static int start_child(struct procpool *pp, unsigned k)
{
	struct child *c = &pp->kids[k];
	int down[2], up[2];
	char ready;
	long got;

	if (pipe2(down, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(up, O_CLOEXEC) < 0) {
		int e = -errno;
		close(down[0]);
		close(down[1]);
		return e;
	}
	fflush(NULL);	/* or the child would print our buffers again */
	if (pp->how == PROCPOOL_FORK) {
		c->pid = fork();
		if (c->pid == 0) {
			/* Die with the parent: no orphaned workers. */
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() == 1)
				_exit(5);
			for (unsigned j = 0; j < pp->n; j++) {
				if (j == k)
					continue;
				close_fd(&pp->kids[j].to_fd);
				close_fd(&pp->kids[j].from_fd);
			}
			close(down[1]);
			close(up[0]);
			signal(SIGINT, SIG_IGN);  /* the parent stops us */
			signal(SIGTERM, SIG_DFL);
			_exit(procpool_worker_loop(pp->job, down[0], up[1]));
		}
		if (c->pid < 0) {
			int e = -errno;
			close(down[0]);
			close(down[1]);
			close(up[0]);
			close(up[1]);
			return e;
		}
	} else {
		/* spawn: bin/bench --worker-fds IN,OUT with the run's options.
		 * The child's ends must survive exec, so dup them to fds
		 * without O_CLOEXEC through the file actions. */
		posix_spawn_file_actions_t fa;
		char fdarg[32];
		char **argv;
		size_t argc = 0;
		int rc;

		while (pp->job->argv_self && pp->job->argv_self[argc])
			argc++;
		argv = calloc(argc + 3, sizeof(*argv));
		if (!argv)
			return -ENOMEM;
		argv[0] = pp->job->argv_self[0];
		argv[1] = "--worker-fds";
		snprintf(fdarg, sizeof(fdarg), "%d,%d", 3, 4);
		argv[2] = fdarg;
		for (size_t j = 1; j < argc; j++)
			argv[j + 2] = pp->job->argv_self[j];
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_adddup2(&fa, down[0], 3);
		posix_spawn_file_actions_adddup2(&fa, up[1], 4);
		rc = posix_spawn(&c->pid, argv[0], &fa, NULL, argv, environ);
		posix_spawn_file_actions_destroy(&fa);
		free(argv);
		if (rc) {
			close(down[0]);
			close(down[1]);
			close(up[0]);
			close(up[1]);
			return -rc;
		}
	}
	close(down[0]);
	close(up[1]);
	c->to_fd = down[1];
	c->from_fd = up[0];
	c->task = -1;
	/* Start-up handshake: the worker is ready for a task. */
	got = gb_read_full(c->from_fd, &ready, 1);
	if (got != 1)
		return got < 0 ? (int)got : -ECHILD;
	return 0;
}

/* Reap child k (already told to stop, or dead) and add its usage. Returns
 * its wait status. */
static int reap_child(struct procpool *pp, unsigned k)
{
	struct child *c = &pp->kids[k];
	struct rusage ru;
	int status = 0;

	close_fd(&c->to_fd);
	close_fd(&c->from_fd);
	if (c->pid <= 0)
		return 0;
	while (wait4(c->pid, &status, 0, &ru) < 0) {
		if (errno != EINTR) {
			memset(&ru, 0, sizeof(ru));
			break;
		}
	}
	c->pid = -1;
	pp->reaped.child_user_s += (double)ru.ru_utime.tv_sec +
				   (double)ru.ru_utime.tv_usec * 1e-6;
	pp->reaped.child_sys_s += (double)ru.ru_stime.tv_sec +
				  (double)ru.ru_stime.tv_usec * 1e-6;
	pp->reaped.child_maxrss_kb += ru.ru_maxrss;
	pp->reaped.child_vcs += ru.ru_nvcsw;
	pp->reaped.child_ivcs += ru.ru_nivcsw;
	return status;
}

static void describe_status(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else if (WIFEXITED(status))
		snprintf(buf, len, "exited with status %d",
			 WEXITSTATUS(status));
	else
		snprintf(buf, len, "stopped (status 0x%x)", status);
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
	if (!pp->kids) {
		free(pp);
		return -ENOMEM;
	}
	for (unsigned k = 0; k < pp->n; k++) {
		pp->kids[k].pid = -1;
		pp->kids[k].to_fd = pp->kids[k].from_fd = -1;
	}
	for (unsigned k = 0; k < pp->n && !rc; k++)
		rc = start_child(pp, k);
	if (rc) {
		procpool_destroy(pp, NULL);
		return rc;
	}
	*out = pp;
	return 0;
}

static int send_task(struct procpool *pp, unsigned k, uint64_t i)
{
	struct child *c = &pp->kids[k];

	c->task = (int64_t)i;
	c->started = gb_now();
	return gb_write_all(c->to_fd, &i, sizeof(i));
}

/* Child k died or hung while running its task: record the cause on the
 * task and start a replacement. */
static int replace_child(struct procpool *pp, unsigned k,
			 struct task_out *outs, const char *why)
{
	struct child *c = &pp->kids[k];
	char cause[96];
	int status;

	if (c->pid > 0 && why)
		kill(c->pid, SIGKILL);
	status = reap_child(pp, k);
	describe_status(status, cause, sizeof(cause));
	if (c->task >= 0) {
		struct task_out *o = &outs[c->task];

		memset(o, 0, sizeof(*o));
		wl_fail(o, -ECHILD, "task %lld: worker process %s",
			(long long)c->task, why ? why : cause);
	}
	c->task = -1;
	pp->reaped.workers_replaced++;
	return start_child(pp, k);
}

int procpool_run(struct procpool *pp, struct task_out *outs)
{
	const uint64_t n = pp->job->ntasks;
	const double timeout = pp->job->task_timeout_s;
	struct pollfd *pfd;
	uint64_t next = 0, done = 0;
	int rc = 0;

	pfd = calloc(pp->n ? pp->n : 1, sizeof(*pfd));
	if (!pfd)
		return -ENOMEM;
	/* A failed send means the worker is dead: poll sees its pipe
	 * close, and the task is reported failed with the cause. */
	for (unsigned k = 0; k < pp->n && next < n; k++)
		(void)send_task(pp, k, next++);
	while (done < n && !rc) {
		int wait_ms = -1;
		double now = gb_now();

		if (gb_stop_signal) {
			rc = -EINTR;	/* destroy() stops the busy workers */
			break;
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
		if (poll(pfd, pp->n, wait_ms) < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			break;
		}
		now = gb_now();
		for (unsigned k = 0; k < pp->n && !rc; k++) {
			struct child *c = &pp->kids[k];
			int died = 0;

			if (pfd[k].revents & (POLLIN | POLLHUP | POLLERR)) {
				struct task_out o;
				long got = gb_read_full(c->from_fd, &o, sizeof(o));

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
				(void)send_task(pp, k, next++);
		}
	}
	free(pfd);
	return rc;
}

void procpool_destroy(struct procpool *pp, struct pool_stats *st)
{
	/* Closing a worker's task pipe is its signal to stop. A worker still
	 * busy (the run was interrupted, or it hangs) would not see it, so it
	 * is killed. */
	for (unsigned k = 0; k < pp->n; k++) {
		close_fd(&pp->kids[k].to_fd);
		if (pp->kids[k].task >= 0 && pp->kids[k].pid > 0)
			kill(pp->kids[k].pid, SIGKILL);
	}
	for (unsigned k = 0; k < pp->n; k++)
		reap_child(pp, k);
	if (st) {
		st->child_user_s += pp->reaped.child_user_s;
		st->child_sys_s += pp->reaped.child_sys_s;
		st->child_maxrss_kb += pp->reaped.child_maxrss_kb;
		st->child_vcs += pp->reaped.child_vcs;
		st->child_ivcs += pp->reaped.child_ivcs;
		st->workers_replaced += pp->reaped.workers_replaced;
	}
	free(pp->kids);
	free(pp);
}
