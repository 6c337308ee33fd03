/*
 * mpi/launch.c - see launch.h: mpirun as a child process, its output read
 * as the coordinator's lines (wire.h), its stderr kept for the verdict on
 * a dead rank, and its end, by grace or by signal.
 */
#include "bench/modes/mpi/launch.h"
#include "bench/core/childargv.h"
#include "bench/core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int mpi_rank_program(char *buf, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash;

	if (n < 0)
		return -errno;
	self[n] = '\0';
	slash = strrchr(self, '/');
	if (slash)
		*slash = '\0';
	if ((size_t)snprintf(buf, len, "%s/bench-mpi", self) >= len)
		return -ENAMETOOLONG;
	return 0;
}

/* Whether prog is an executable file in one of PATH's folders. */
static int on_path(const char *prog)
{
	const char *path = getenv("PATH");
	char *copy, *save = NULL, *dir;
	int found = 0;

	if (!path)
		return 0;
	copy = gb_xstrdup(path);
	for (dir = strtok_r(copy, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char full[PATH_MAX];
		struct stat st;

		snprintf(full, sizeof(full), "%s/%s", *dir ? dir : ".", prog);
		found = stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
			access(full, X_OK) == 0;
	}
	free(copy);
	return found;
}

int mpi_mode_check(char *err, size_t errlen)
{
	char prog[PATH_MAX];

	if (mpi_rank_program(prog, sizeof(prog)) || access(prog, X_OK) != 0) {
		snprintf(err, errlen, "mode mpi is not built here (no %s): "
			 "'make MPI=1' installs Open MPI (openmpi-bin, "
			 "libopenmpi-dev) and builds it", prog);
		return -ENOENT;
	}
	if (!on_path("mpirun")) {
		snprintf(err, errlen, "mode mpi needs mpirun on the PATH: "
			 "install openmpi-bin ('make MPI=1' does)");
		return -ENOENT;
	}
	return 0;
}

/* The command: mpirun and its options, the rank program, the options
 * that rebuild the job's workload in every rank (childargv.h), and the
 * cell's task count. */
char **mpirun_argv(const struct job *job, const char *prog,
			 const char *np, const char *ntasks)
{
	const struct mpi_opts *o = job->mode_opts;
	char *lead[24], *tail[] = { "--mpi-rank", (char *)ntasks, NULL };
	size_t n = 0;

	lead[n++] = "mpirun";
	/* Open MPI refuses root unless told; containers and CI run as
	 * root, and this is no decision a user should have to make. */
	if (geteuid() == 0)
		lead[n++] = "--allow-run-as-root";
	/* More ranks than cores (3 workers + coordinator on 2 cores) is
	 * what a course on a laptop does; and no pinning, so that the ranks
	 * are scheduled like the fork pool's workers. */
	lead[n++] = "--oversubscribe";
	lead[n++] = "--bind-to";
	lead[n++] = "none";
	/* Containers often forbid the cross-memory attach (ptrace) that
	 * shared-memory transfers try first; messages here are small. */
	lead[n++] = "--mca";
	lead[n++] = "btl_vader_single_copy_mechanism";
	lead[n++] = "none";
	if (o && o->hostfile) {
		lead[n++] = "--hostfile";
		lead[n++] = (char *)o->hostfile;
		/* Never wait at a password prompt: fail instead. */
		lead[n++] = "--mca";
		lead[n++] = "plm_rsh_args";
		lead[n++] = "-o BatchMode=yes -o ConnectTimeout=20";
	}
	lead[n++] = "-np";
	lead[n++] = (char *)np;
	lead[n++] = (char *)prog;
	lead[n] = NULL;
	return child_argv(job, lead, tail);
}

/* Keep the tail of mpirun's stderr. */
static void errlog_add(struct mpirun *mr, const char *buf, size_t n)
{
	if (n >= sizeof(mr->errlog) - 1) {
		buf += n - (sizeof(mr->errlog) - 1);
		n = sizeof(mr->errlog) - 1;
	}
	if (mr->errlen + n >= sizeof(mr->errlog)) {
		size_t drop = mr->errlen + n - (sizeof(mr->errlog) - 1);

		memmove(mr->errlog, mr->errlog + drop, mr->errlen - drop);
		mr->errlen -= drop;
	}
	memcpy(mr->errlog + mr->errlen, buf, n);
	mr->errlen += n;
	mr->errlog[mr->errlen] = '\0';
}

/*
 * The next of our lines from mpirun's stdout, into *m. Reads stderr too
 * (mpirun must never block on a full pipe). Returns 1 with a message, 0
 * when stdout ended, -ETIMEDOUT at the deadline (0 = none), -EINTR when
 * a stop signal came, -EPROTO for a malformed line of ours.
 */
int mpirun_next(struct mpirun *mr, struct mpiwire_msg *m, double deadline)
{
	for (;;) {
		char *nl = memchr(mr->line, '\n', mr->linelen);
		struct pollfd pfd[2];
		int wait_ms = -1, nfd = 0;

		if (nl) {
			size_t len = (size_t)(nl - mr->line) + 1;
			enum mpiwire_kind k;

			*nl = '\0';
			k = mpiwire_parse(mr->line, m);
			memmove(mr->line, mr->line + len, mr->linelen - len);
			mr->linelen -= len;
			if (k == MPIWIRE_BAD)
				return -EPROTO;
			if (k != MPIWIRE_NONE)
				return 1;
			continue;
		}
		if (mr->linelen == sizeof(mr->line)) {
			/* A line longer than any of ours: not ours, drop it. */
			mr->linelen = 0;
		}
		if (mr->out_fd < 0)
			return 0;
		if (gb_stop_signal && !mr->stopping)
			return -EINTR;
		if (deadline > 0) {
			double left = deadline - gb_now();

			if (left <= 0)
				return -ETIMEDOUT;
			wait_ms = (int)(left * 1000) + 1;
		}
		pfd[nfd].fd = mr->out_fd;
		pfd[nfd++].events = POLLIN;
		if (mr->err_fd >= 0) {
			pfd[nfd].fd = mr->err_fd;
			pfd[nfd++].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)nfd, wait_ms) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (nfd > 1 && pfd[1].revents) {
			char buf[4096];
			ssize_t got = read(mr->err_fd, buf, sizeof(buf));

			if (got > 0)
				errlog_add(mr, buf, (size_t)got);
			else if (got == 0 || errno != EINTR)
				gb_close_fd(&mr->err_fd);
		}
		if (pfd[0].revents) {
			ssize_t got = read(mr->out_fd, mr->line + mr->linelen,
					   sizeof(mr->line) - mr->linelen);

			if (got > 0)
				mr->linelen += (size_t)got;
			else if (got == 0 || errno != EINTR)
				gb_close_fd(&mr->out_fd);
		}
	}
}

/* Read what is left on mpirun's stderr (its verdict on a dead rank comes
 * last), for at most `secs`: an ssh it started may still hold the pipe. */
static void drain_err(struct mpirun *mr, double secs)
{
	double deadline = gb_now() + secs;
	char buf[4096];

	while (mr->err_fd >= 0 && gb_now() < deadline) {
		struct pollfd pfd = { .fd = mr->err_fd, .events = POLLIN };
		ssize_t got;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		got = read(mr->err_fd, buf, sizeof(buf));
		if (got > 0)
			errlog_add(mr, buf, (size_t)got);
		else if (got == 0 || errno != EINTR)
			gb_close_fd(&mr->err_fd);
	}
}

/* Wait up to grace seconds for mpirun to exit, reading its output; then
 * SIGTERM (it stops the ranks and cleans up), then SIGKILL (the ranks die
 * with it: they ask for SIGKILL when their parent goes). Reaps it. */
void mpirun_reap(struct mpirun *mr, double grace)
{
	const int sigs[] = { 0, SIGTERM, SIGKILL };
	const double wait_s[] = { grace, 5, 3600 };
	struct mpiwire_msg m;
	int rc;

	mr->stopping = 1;
	gb_close_fd(&mr->to_fd);
	for (size_t s = 0; s < GB_ARRAY_LEN(sigs) && mr->pid > 0; s++) {
		double deadline = gb_now() + wait_s[s];

		if (sigs[s])
			kill(mr->pid, sigs[s]);
		/* Drain its output until it closes it, then wait for exit. */
		do
			rc = mpirun_next(mr, &m, deadline);
		while (rc == 1 || rc == -EPROTO);
		while (mr->pid > 0) {
			pid_t got = wait4(mr->pid, &mr->status, WNOHANG, &mr->ru);

			if (got == mr->pid || (got < 0 && errno != EINTR)) {
				mr->pid = -1;
				break;
			}
			if (gb_now() >= deadline)
				break;
			usleep(10000);
		}
	}
	drain_err(mr, 2.0);
	gb_close_fd(&mr->out_fd);
	gb_close_fd(&mr->err_fd);
}

/* The first line of mpirun's stderr that says something (not a rule of
 * dashes, not blank), for a start-up failure. */
void mpirun_first_words(const struct mpirun *mr, char *buf, size_t len)
{
	const char *p = mr->errlog;

	snprintf(buf, len, "no message");
	while (*p) {
		size_t n = strcspn(p, "\n");
		size_t skip = strspn(p, " \t-");

		if (skip < n) {
			snprintf(buf, len, "%.*s", (int)(n - skip), p + skip);
			return;
		}
		p += n + (p[n] ? 1 : 0);
	}
}

int mpirun_start(struct mpirun *mr, char **argv)
{
	int in[2] = { -1, -1 }, out[2] = { -1, -1 }, err[2] = { -1, -1 };
	pid_t parent = getpid();
	int rc = 0;

	if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) ||
	    pipe2(err, O_CLOEXEC)) {
		rc = -errno;
		goto out;
	}
	fflush(NULL);
	mr->pid = fork();
	if (mr->pid < 0) {
		rc = -errno;
		goto out;
	}
	if (mr->pid == 0) {
		/* Its own process group: a Ctrl-C reaches bin/bench alone,
		 * which stops the job cleanly. If bin/bench dies, SIGTERM
		 * makes mpirun stop the ranks. */
		setpgid(0, 0);
		if (gb_bind_to_parent(parent, SIGTERM))
			_exit(127);
		signal(SIGPIPE, SIG_DFL);
		if (dup2(in[0], 0) < 0 || dup2(out[1], 1) < 0 ||
		    dup2(err[1], 2) < 0)
			_exit(127);
		execvp(argv[0], argv);
		dprintf(2, "cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	mr->to_fd = in[1];
	mr->out_fd = out[0];
	mr->err_fd = err[0];
	in[1] = out[0] = err[0] = -1;
out:
	gb_close_fd(&in[0]);
	gb_close_fd(&in[1]);
	gb_close_fd(&out[0]);
	gb_close_fd(&out[1]);
	gb_close_fd(&err[0]);
	gb_close_fd(&err[1]);
	return rc;
}

/* From mpirun's report, which rank died and how. Returns the rank, or -1
 * (then why holds mpirun's first words, or its exit status). */
long mpirun_dead_rank(struct mpirun *mr, char *why, size_t len)
{
	const char *p;
	unsigned rank;
	int sig, code;

	/* "mpirun noticed that process rank 1 with PID 0 on node vm exited
	 * on signal 11 (Segmentation fault)." */
	p = strstr(mr->errlog, "process rank ");
	if (p && sscanf(p, "process rank %u", &rank) == 1) {
		const char *s = strstr(p, "exited on signal ");

		if (s && sscanf(s, "exited on signal %d", &sig) == 1)
			snprintf(why, len, "was killed by signal %d (%s)", sig,
				 strsignal(sig));
		else
			snprintf(why, len, "ended (mpirun: %.120s)", p);
		why[strcspn(why, "\n")] = '\0';
		return rank;
	}
	/* "Process name: [[13743,1],1]\n  Exit code:    7" */
	p = strstr(mr->errlog, "Process name: [[");
	if (p && sscanf(p, "Process name: [[%*u,%*u],%u]", &rank) == 1) {
		const char *c = strstr(p, "Exit code:");

		if (c && sscanf(c, "Exit code: %d", &code) == 1)
			snprintf(why, len, "exited with status %d", code);
		else
			snprintf(why, len, "exited");
		return rank;
	}
	if (mr->errlen) {
		char first[200];

		mpirun_first_words(mr, first, sizeof(first));
		snprintf(why, len, "mpirun: %.160s", first);
	} else if (mr->pid < 0) {
		char st[64];

		gb_describe_status(mr->status, st, sizeof(st));
		snprintf(why, len, "mpirun %s", st);
	} else {
		snprintf(why, len, "mpirun closed its output");
	}
	return -1;
}
