/*
 * forkserver.c - see forkserver.h. The pool's side first (start, stop,
 * fork and kill requests, reports), then the server's (its loop, a
 * request, reaping), then its entry from main().
 *
 * What goes over the socket, one connection per request as in Python:
 * a struct fs_request, with the descriptors of a fork request in its
 * SCM_RIGHTS message (reduction.sendfds). What comes back is on the
 * worker's status pipe: its pid (int64, as forkserver.write_signed) at
 * once, and a struct fs_report when the server has reaped it.
 */
#include "bench/modes/proc/forkserver.h"
#include "bench/modes/proc/procpool.h"
#include "bench/modes/proc/worker.h"
#include "bench/core/childargv.h"
#include "bench/core/cli.h"
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
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum fs_op { FS_OP_FORK = 1, FS_OP_KILL = 2 };

/* One request. FS_OP_FORK carries three descriptors: the worker's task
 * pipe (read end), its answer pipe (write end) and the status pipe's
 * write end, which the server keeps. */
struct fs_request {
	uint32_t op;
	int64_t pid;		/* FS_OP_KILL: the worker */
};
#define FS_FORK_FDS 3

/* The report of a reaped worker: under PIPE_BUF, so written whole. */
struct fs_report {
	int64_t status;		/* as wait4 gave it */
	struct rusage worker;	/* the worker's (and its reaped children's) */
	struct rusage server;	/* the server's own since its last report */
};

struct forkserver {
	pid_t pid;
	int alive_w;		/* our end of the alive pipe */
	struct sockaddr_un addr;	/* its socket, abstract */
	socklen_t addrlen;
	double start_s;
};

/* ---- the pool's side ---------------------------------------------- */

/* Wait for the server's ready byte; on EOF say how it ended. */
static int await_server(struct forkserver *fs, int ready_r, char *err,
			size_t errlen)
{
	char ready;
	long got = gb_read_full(ready_r, &ready, 1);
	int status = 0;

	if (got == 1)
		return 0;
	if (got < 0) {
		snprintf(err, errlen, "forkserver: waiting for its server: %s",
			 strerror((int)-got));
		return (int)got;
	}
	while (waitpid(fs->pid, &status, 0) < 0 && errno == EINTR)
		;
	fs->pid = -1;
	snprintf(err, errlen, "forkserver: its server ");
	gb_describe_status(status, err + strlen(err), errlen - strlen(err));
	gb_appendf(err, errlen, " ", "before it was ready");
	return -ECHILD;
}

/* posix_spawn the server: its three descriptors (and the URL list as the
 * parent checked it) keep their numbers, dup2 onto itself clearing
 * O_CLOEXEC in the child alone, as spawn_child does for a worker. */
static int spawn_server(struct forkserver *fs, const struct job *job,
			int listen_fd, int alive_r, int ready_w)
{
	char exe[PATH_MAX], fds[64], parent[24], url_fd[24];
	const int list_fd = job->params ? job->params->url_fd : -1;
	char *lead[] = { exe, "--forkserver-fds", fds, "--worker-parent",
			 parent, list_fd >= 0 ? "--url-fd" : NULL, url_fd, NULL };
	const int keep[] = { listen_fd, alive_r, ready_w, list_fd };
	posix_spawn_file_actions_t fa;
	char **argv;
	int rc = gb_self_exe(exe, sizeof(exe));

	if (rc)
		return rc;
	snprintf(fds, sizeof(fds), "%d,%d,%d", listen_fd, alive_r, ready_w);
	snprintf(parent, sizeof(parent), "%ld", (long)getpid());
	snprintf(url_fd, sizeof(url_fd), "%d", list_fd);
	argv = child_argv(job, lead, NULL);
	if (!argv)
		return -ENOMEM;
	rc = posix_spawn_file_actions_init(&fa);
	for (size_t i = 0; i < GB_ARRAY_LEN(keep) && !rc; i++)
		if (keep[i] >= 0)
			rc = posix_spawn_file_actions_adddup2(&fa, keep[i],
							      keep[i]);
	if (!rc)
		rc = posix_spawn(&fs->pid, exe, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	free(argv);
	if (rc)
		fs->pid = -1;
	return -rc;
}

/* A listening socket at a free abstract address the kernel picks
 * (autobind: only the family is given), and that address in fs. */
static int listen_abstract(struct forkserver *fs)
{
	const struct sockaddr_un any = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	fs->addrlen = sizeof(fs->addr);
	if (bind(fd, (const struct sockaddr *)&any, sizeof(sa_family_t)) < 0 ||
	    getsockname(fd, (struct sockaddr *)&fs->addr, &fs->addrlen) < 0 ||
	    listen(fd, SOMAXCONN) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

int forkserver_start(struct forkserver **out, const struct job *job,
		     char *err, size_t errlen)
{
	struct forkserver *fs = calloc(1, sizeof(*fs));
	int listen_fd = -1, alive[2] = { -1, -1 }, ready[2] = { -1, -1 };
	double t0 = gb_now();
	int rc = 0;

	if (!fs)
		return -ENOMEM;
	fs->pid = -1;
	fs->alive_w = -1;
	listen_fd = listen_abstract(fs);
	if (listen_fd < 0)
		rc = listen_fd;
	if (!rc && (pipe2(alive, O_CLOEXEC) < 0 || pipe2(ready, O_CLOEXEC) < 0))
		rc = -errno;
	if (!rc)
		rc = spawn_server(fs, job, listen_fd, alive[0], ready[1]);
	if (rc)
		snprintf(err, errlen, "forkserver: cannot start its server: %s",
			 strerror(-rc));
	/* The server has its own copies; we keep the address, the write
	 * end of the alive pipe and, until it is ready, the ready pipe. */
	gb_close_fd(&listen_fd);
	gb_close_fd(&alive[0]);
	gb_close_fd(&ready[1]);
	if (!rc)
		rc = await_server(fs, ready[0], err, errlen);
	gb_close_fd(&ready[0]);
	fs->alive_w = alive[1];
	if (rc) {
		forkserver_stop(fs);
		return rc;
	}
	fs->start_s = gb_now() - t0;
	*out = fs;
	return 0;
}

void forkserver_stop(struct forkserver *fs)
{
	int status = 0;

	gb_close_fd(&fs->alive_w);
	if (fs->pid > 0) {
		while (waitpid(fs->pid, &status, 0) < 0 && errno == EINTR)
			;
		/* It kills and reaps what is left and exits 0: anything else
		 * (a sanitizer's report, a crash) is worth seeing. */
		if (status) {
			char how[96];

			gb_describe_status(status, how, sizeof(how));
			gb_warn("forkserver: its server %s", how);
		}
	}
	free(fs);
}

double forkserver_start_s(const struct forkserver *fs)
{
	return fs->start_s;
}

/* The server no longer answers: if it has ended, say once how, since
 * every pool of the workload fails from here on. */
static void server_gone(struct forkserver *fs)
{
	int status;
	char how[96];

	if (fs->pid <= 0 || waitpid(fs->pid, &status, WNOHANG) != fs->pid)
		return;
	fs->pid = -1;
	gb_describe_status(status, how, sizeof(how));
	gb_warn("forkserver: its server %s; its pools cannot start workers",
		how);
}

/* One request on a new connection (connect_to_new_process). */
static int fs_request(struct forkserver *fs, const struct fs_request *req,
		      const int *fds, size_t nfds)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(FS_FORK_FDS * sizeof(int))];
	} ctl;
	struct iovec iov = { (void *)req, sizeof(*req) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0), rc = 0;
	ssize_t sent = 0;

	if (fd < 0)
		return -errno;
	if (nfds) {
		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.buf;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		ctl.h.cmsg_level = SOL_SOCKET;
		ctl.h.cmsg_type = SCM_RIGHTS;
		ctl.h.cmsg_len = CMSG_LEN(nfds * sizeof(int));
		memcpy(CMSG_DATA(&ctl.h), fds, nfds * sizeof(int));
	}
	while (connect(fd, (const struct sockaddr *)&fs->addr, fs->addrlen) < 0)
		if (errno != EINTR) {
			rc = -errno;
			break;
		}
	while (!rc && (sent = sendmsg(fd, &msg, MSG_NOSIGNAL)) < 0)
		if (errno != EINTR)
			rc = -errno;
	if (!rc && sent != (ssize_t)sizeof(*req))
		rc = -EPIPE;
	close(fd);
	/* The server gone: say so, not "connection refused". */
	return rc == -ECONNREFUSED ? -ECHILD : rc;
}

int forkserver_fork(struct forkserver *fs, int task_r, int answer_w,
		    pid_t *pid, int *sentinel)
{
	const struct fs_request req = { .op = FS_OP_FORK };
	int status[2], rc;
	int64_t got = 0;
	long n;

	if (pipe2(status, O_CLOEXEC) < 0)
		return -errno;
	rc = fs_request(fs, &req, (const int[]){ task_r, answer_w, status[1] },
			FS_FORK_FDS);
	close(status[1]);
	/* popen_forkserver: self.pid = read_signed(self.sentinel). A
	 * negative number is the server's failed fork, -errno. */
	if (!rc) {
		n = gb_read_full(status[0], &got, sizeof(got));
		if (n != (long)sizeof(got))
			rc = -ECHILD;
		else if (got <= 0)
			rc = got ? (int)got : -EPROTO;
	}
	if (rc) {
		close(status[0]);
		if (rc == -ECHILD)
			server_gone(fs);
		return rc;
	}
	*pid = (pid_t)got;
	*sentinel = status[0];
	return 0;
}

void forkserver_kill(struct forkserver *fs, pid_t pid)
{
	const struct fs_request req = { .op = FS_OP_KILL, .pid = pid };

	(void)fs_request(fs, &req, NULL, 0);
}

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

int forkserver_reap(int sentinel, struct pool_stats *st)
{
	struct fs_report r;

	if (gb_read_full(sentinel, &r, sizeof(r)) != (long)sizeof(r))
		return FORKSERVER_LOST;
	measure_add_child(st, &r.worker);
	measure_add_child(st, &r.server);
	/* The server is alive at the repetition's end: measure_end sees
	 * its CPU time among the living descendants as well. */
	st->child_alive_cpu_s += tv_s(r.server.ru_utime) +
				 tv_s(r.server.ru_stime);
	return (int)r.status;
}

/* ---- the server's side -------------------------------------------- */

struct fs_kid {
	pid_t pid;
	int status_w;
};

struct fs_server {
	const struct job *job;
	const struct forkserver_fds *fds;
	pid_t parent;
	struct fs_kid *kids;	/* unreaped workers */
	size_t nkids, cap;
	struct rusage last;	/* own usage at the last report */
	sigset_t mask;		/* the signal mask to give a worker */
};

static void on_sigchld(int sig)
{
	(void)sig;	/* it only has to interrupt ppoll */
}

static void tv_sub(struct timeval *a, struct timeval b)
{
	a->tv_sec -= b.tv_sec;
	a->tv_usec -= b.tv_usec;
	if (a->tv_usec < 0) {
		a->tv_usec += 1000000;
		a->tv_sec--;
	}
}

/* The server's own usage since the last report: CPU time and context
 * switches (its peak memory is not a worker's). */
static void own_usage_since(struct fs_server *s, struct rusage *d)
{
	struct rusage now;

	getrusage(RUSAGE_SELF, &now);
	memset(d, 0, sizeof(*d));
	d->ru_utime = now.ru_utime;
	d->ru_stime = now.ru_stime;
	tv_sub(&d->ru_utime, s->last.ru_utime);
	tv_sub(&d->ru_stime, s->last.ru_stime);
	d->ru_nvcsw = now.ru_nvcsw - s->last.ru_nvcsw;
	d->ru_nivcsw = now.ru_nivcsw - s->last.ru_nivcsw;
	s->last = now;
}

/* Reap every worker that ended and report it on its status pipe (the
 * SIGCHLD branch of forkserver.main). A child that is no worker is a
 * helper the workload's setup started (http's bundled server): its
 * teardown expects it gone or waits for it. */
static void reap(struct fs_server *s)
{
	struct fs_report r;
	int status;
	pid_t pid;

	while ((pid = wait4(-1, &status, WNOHANG, &r.worker)) > 0) {
		for (size_t k = 0; k < s->nkids; k++) {
			if (s->kids[k].pid != pid)
				continue;
			r.status = status;
			own_usage_since(s, &r.server);
			/* The pool may be gone: EPIPE is no matter. */
			(void)gb_write_all(s->kids[k].status_w, &r, sizeof(r));
			close(s->kids[k].status_w);
			s->kids[k] = s->kids[--s->nkids];
			break;
		}
	}
}

/* In the new worker (_serve_one): close what is the server's, give back
 * the signals, die with the server, and run the worker loop. */
static void become_worker(struct fs_server *s, pid_t server, int conn,
			  const int *fds)
{
	close(s->fds->listen);
	close(s->fds->alive);
	close(conn);
	close(fds[2]);
	for (size_t k = 0; k < s->nkids; k++)
		close(s->kids[k].status_w);
	signal(SIGCHLD, SIG_DFL);
	sigprocmask(SIG_SETMASK, &s->mask, NULL);
	if (worker_bind_parent(server))
		_exit(WORKER_EXIT_PARENT);
	_exit(procpool_serve_pipes(s->job, fds[0], fds[1]));
}

/* Fork a worker for a request: its pid, or -errno, on the status pipe. */
static void fork_worker(struct fs_server *s, int conn, const int *fds)
{
	pid_t server = getpid(), pid = -1;
	int64_t said;

	if (s->nkids == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;
		struct fs_kid *k = realloc(s->kids, cap * sizeof(*k));

		if (k) {
			s->kids = k;
			s->cap = cap;
		}
	}
	if (s->nkids == s->cap) {
		errno = ENOMEM;
	} else {
		fflush(NULL);	/* or the child would print our buffers */
		pid = fork();
		if (pid == 0)
			become_worker(s, server, conn, fds);
	}
	said = pid > 0 ? (int64_t)pid : -(int64_t)errno;
	if (gb_write_all(fds[2], &said, sizeof(said)) == 0 && pid > 0) {
		s->kids[s->nkids].pid = pid;
		s->kids[s->nkids++].status_w = fds[2];
	} else {
		/* The pool went away, or no worker: reaped without a
		 * report. */
		close(fds[2]);
	}
	close(fds[0]);
	close(fds[1]);
}

static void kill_worker(struct fs_server *s, pid_t pid)
{
	for (size_t k = 0; k < s->nkids; k++)
		if (s->kids[k].pid == pid)
			kill(pid, SIGKILL);
}

/* Read one request; the descriptors it carried into fds. Returns how
 * many, or -1 for a malformed request (whatever came is closed). */
static int recv_request(int conn, struct fs_request *req, int *fds)
{
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(FS_FORK_FDS * sizeof(int))];
	} ctl;
	struct iovec iov = { req, sizeof(*req) };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1,
			      .msg_control = ctl.buf,
			      .msg_controllen = sizeof(ctl.buf) };
	struct cmsghdr *c;
	ssize_t got;
	int n = 0;

	while ((got = recvmsg(conn, &msg, MSG_CMSG_CLOEXEC)) < 0 &&
	       errno == EINTR)
		;
	for (c = got >= 0 ? CMSG_FIRSTHDR(&msg) : NULL; c;
	     c = CMSG_NXTHDR(&msg, c)) {
		size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);

		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		for (size_t i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof(fd));
			if (n < FS_FORK_FDS)
				fds[n++] = fd;
			else
				close(fd);
		}
	}
	if (got == (ssize_t)sizeof(*req) && !(msg.msg_flags & MSG_CTRUNC))
		return n;
	while (n > 0)
		close(fds[--n]);
	return -1;
}

/* One connection: only from the process that started us. */
static void serve_request(struct fs_server *s)
{
	int conn = accept4(s->fds->listen, NULL, NULL, SOCK_CLOEXEC);
	struct ucred who;
	socklen_t len = sizeof(who);
	struct fs_request req;
	int fds[FS_FORK_FDS], n;

	if (conn < 0)
		return;		/* the client went away first */
	if (getsockopt(conn, SOL_SOCKET, SO_PEERCRED, &who, &len) < 0 ||
	    who.pid != s->parent) {
		close(conn);
		return;
	}
	n = recv_request(conn, &req, fds);
	if (n == FS_FORK_FDS && req.op == FS_OP_FORK) {
		fork_worker(s, conn, fds);
	} else {
		if (n == 0 && req.op == FS_OP_KILL)
			kill_worker(s, (pid_t)req.pid);
		while (n > 0)
			close(fds[--n]);
	}
	close(conn);
}

int forkserver_serve(const struct job *job, const struct forkserver_fds *fds,
		     pid_t parent)
{
	struct fs_server s = { .job = job, .fds = fds, .parent = parent };
	struct sigaction sa = { .sa_handler = on_sigchld,
				.sa_flags = SA_NOCLDSTOP };
	sigset_t chld, waiting;
	const char ready = 'R';

	/* SIGCHLD stays blocked but in ppoll, so a worker's end wakes the
	 * loop (Python: a wakeup fd) and cannot be lost in between. */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &s.mask);
	waiting = s.mask;
	sigdelset(&waiting, SIGCHLD);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* A client that connects and leaves at once must not block us in
	 * accept(). */
	fcntl(fds->listen, F_SETFL, fcntl(fds->listen, F_GETFL) | O_NONBLOCK);
	getrusage(RUSAGE_SELF, &s.last);
	(void)gb_write_all(fds->ready, &ready, 1);
	close(fds->ready);
	for (;;) {
		struct pollfd p[2] = { { fds->listen, POLLIN, 0 },
				       { fds->alive, POLLIN, 0 } };

		reap(&s);
		if (ppoll(p, 2, NULL, &waiting) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		/* EOF: the pool closed its end, or died. */
		if (p[1].revents)
			break;
		if (p[0].revents & POLLIN)
			serve_request(&s);
	}
	for (size_t k = 0; k < s.nkids; k++) {
		kill(s.kids[k].pid, SIGKILL);
		while (waitpid(s.kids[k].pid, NULL, 0) < 0 && errno == EINTR)
			;
		close(s.kids[k].status_w);
	}
	free(s.kids);
	close(fds->listen);
	close(fds->alive);
	return 0;
}

/* ---- the server's entry from main() ---------------------------------- */

int forkserver_main(const struct config *cfg)
{
	const struct proc_opts *o = cli_mode_opts(cfg, &proc_family);
	struct wl_params p;
	struct job job;
	int acc = 0, status;
	socklen_t len = sizeof(acc);

	if (!o || o->server.listen < 0)
		return -1;
	if (!o->worker_parent)
		gb_die(GB_EXIT_USAGE, "--forkserver-fds is internal: it needs "
		       "--worker-parent");
	/* Die with bin/bench and leave Ctrl-C to it, as Python's server
	 * ignores SIGINT. */
	if (worker_bind_parent((pid_t)o->worker_parent))
		return WORKER_EXIT_PARENT;
	if (getsockopt(o->server.listen, SOL_SOCKET, SO_ACCEPTCONN, &acc,
		       &len) < 0 || !acc)
		gb_die(GB_EXIT_USAGE, "--forkserver-fds: %d is not a listening "
		       "socket (the option is internal to the forkserver mode)",
		       o->server.listen);
	/* The preload: the workload's state, built once for every worker. */
	worker_rebuild(cfg, &job, &p, "forkserver");
	status = forkserver_serve(&job, &o->server, (pid_t)o->worker_parent);
	if (job.wl->teardown)
		job.wl->teardown(job.state);
	return status;
}
