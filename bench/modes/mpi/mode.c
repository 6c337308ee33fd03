/*
 * mode_mpi.c - the tasks on the ranks of an Open MPI job: `mpirun` starts
 * one coordinator rank and N worker ranks of bin/bench-mpi (mpi_rank.c),
 * on this machine or over the machines of --hostfile; the coordinator
 * hands out tasks dynamically and reports every result (mpiwire.h).
 *
 * One repetition is one MPI job:
 *
 *     create   fork+exec mpirun; read until "@gb ready" (every rank has
 *              started, built its workload state and said so): start-up
 *     run      write "go" to mpirun's stdin (forwarded to rank 0); read
 *              "@gb sent" / "@gb out" lines until "@gb done"
 *     destroy  close mpirun's stdin, wait for it to exit (reaping the
 *              ranks), and report its CPU time, which includes theirs
 *
 * A rank that dies ends the whole job (Open MPI aborts it); the tasks
 * still unanswered are reported failed with the rank and the cause, taken
 * from mpirun's own report. mpirun's output on stderr (help texts,
 * warnings) is kept off the terminal and quoted only in such an error.
 */
#include "bench/modes/mpi/hostfile.h"
#include "bench/modes/mpi/mpi.h"
#include "bench/modes/mpi/wire.h"
#include "bench/core/childargv.h"
#include "bench/core/measure.h"
#include "bench/core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Starting the ranks: generous, since over ssh to a lab's machines it can
 * take seconds; a failed start ends mpirun much sooner than this. */
#define STARTUP_TIMEOUT_S 120.0
/* After the tasks, or after a failure: how long mpirun may take to exit
 * before it is sent SIGTERM, then SIGKILL. */
#define EXIT_GRACE_S 10.0
/* mpirun's stderr kept for error messages: the tail, where its verdict on
 * a dead rank is. */
#define ERRLOG_MAX 32768
/* Tasks the coordinator queues on one worker (mpi_rank.c keeps it deeper
 * than 1 so a worker never waits for the coordinator's next poll). */
#define MAX_QUEUE 8

struct rank {
	uint64_t task[MAX_QUEUE];	/* queued tasks, the first one running */
	unsigned n;
	double started;			/* when task[0] began (our clock) */
	char host[64];
};

struct mpipool {
	const struct job *job;
	pid_t pid;		/* mpirun, -1 once reaped */
	int to_fd;		/* mpirun's stdin */
	int out_fd, err_fd;	/* its stdout (our lines), its stderr */
	char line[MPIWIRE_LINE_MAX * 2];
	size_t linelen;
	char errlog[ERRLOG_MAX];
	size_t errlen;
	struct rank *ranks;	/* [workers + 1], indexed by MPI rank */
	unsigned nranks;
	int status;		/* mpirun's wait status once reaped */
	int stopping;		/* reaping: ignore stop signals */
	int failed;		/* a batch failed: mpirun's status is known bad */
	struct rusage ru;	/* of mpirun and the ranks it reaped */
};


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
static char **build_argv(const struct job *job, const char *prog,
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
static void errlog_add(struct mpipool *pp, const char *buf, size_t n)
{
	if (n >= sizeof(pp->errlog) - 1) {
		buf += n - (sizeof(pp->errlog) - 1);
		n = sizeof(pp->errlog) - 1;
	}
	if (pp->errlen + n >= sizeof(pp->errlog)) {
		size_t drop = pp->errlen + n - (sizeof(pp->errlog) - 1);

		memmove(pp->errlog, pp->errlog + drop, pp->errlen - drop);
		pp->errlen -= drop;
	}
	memcpy(pp->errlog + pp->errlen, buf, n);
	pp->errlen += n;
	pp->errlog[pp->errlen] = '\0';
}

/*
 * The next of our lines from mpirun's stdout, into *m. Reads stderr too
 * (mpirun must never block on a full pipe). Returns 1 with a message, 0
 * when stdout ended, -ETIMEDOUT at the deadline (0 = none), -EINTR when
 * a stop signal came, -EPROTO for a malformed line of ours.
 */
static int next_msg(struct mpipool *pp, struct mpiwire_msg *m, double deadline)
{
	for (;;) {
		char *nl = memchr(pp->line, '\n', pp->linelen);
		struct pollfd pfd[2];
		int wait_ms = -1, nfd = 0;

		if (nl) {
			size_t len = (size_t)(nl - pp->line) + 1;
			enum mpiwire_kind k;

			*nl = '\0';
			k = mpiwire_parse(pp->line, m);
			memmove(pp->line, pp->line + len, pp->linelen - len);
			pp->linelen -= len;
			if (k == MPIWIRE_BAD)
				return -EPROTO;
			if (k != MPIWIRE_NONE)
				return 1;
			continue;
		}
		if (pp->linelen == sizeof(pp->line)) {
			/* A line longer than any of ours: not ours, drop it. */
			pp->linelen = 0;
		}
		if (pp->out_fd < 0)
			return 0;
		if (gb_stop_signal && !pp->stopping)
			return -EINTR;
		if (deadline > 0) {
			double left = deadline - gb_now();

			if (left <= 0)
				return -ETIMEDOUT;
			wait_ms = (int)(left * 1000) + 1;
		}
		pfd[nfd].fd = pp->out_fd;
		pfd[nfd++].events = POLLIN;
		if (pp->err_fd >= 0) {
			pfd[nfd].fd = pp->err_fd;
			pfd[nfd++].events = POLLIN;
		}
		if (poll(pfd, (nfds_t)nfd, wait_ms) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (nfd > 1 && pfd[1].revents) {
			char buf[4096];
			ssize_t got = read(pp->err_fd, buf, sizeof(buf));

			if (got > 0)
				errlog_add(pp, buf, (size_t)got);
			else if (got == 0 || errno != EINTR)
				gb_close_fd(&pp->err_fd);
		}
		if (pfd[0].revents) {
			ssize_t got = read(pp->out_fd, pp->line + pp->linelen,
					   sizeof(pp->line) - pp->linelen);

			if (got > 0)
				pp->linelen += (size_t)got;
			else if (got == 0 || errno != EINTR)
				gb_close_fd(&pp->out_fd);
		}
	}
}

/* Read what is left on mpirun's stderr (its verdict on a dead rank comes
 * last), for at most `secs`: an ssh it started may still hold the pipe. */
static void drain_err(struct mpipool *pp, double secs)
{
	double deadline = gb_now() + secs;
	char buf[4096];

	while (pp->err_fd >= 0 && gb_now() < deadline) {
		struct pollfd pfd = { .fd = pp->err_fd, .events = POLLIN };
		ssize_t got;

		if (poll(&pfd, 1, 100) <= 0)
			continue;
		got = read(pp->err_fd, buf, sizeof(buf));
		if (got > 0)
			errlog_add(pp, buf, (size_t)got);
		else if (got == 0 || errno != EINTR)
			gb_close_fd(&pp->err_fd);
	}
}

/* Wait up to grace seconds for mpirun to exit, reading its output; then
 * SIGTERM (it stops the ranks and cleans up), then SIGKILL (the ranks die
 * with it: they ask for SIGKILL when their parent goes). Reaps it. */
static void reap_mpirun(struct mpipool *pp, double grace)
{
	const int sigs[] = { 0, SIGTERM, SIGKILL };
	const double wait_s[] = { grace, 5, 3600 };
	struct mpiwire_msg m;
	int rc;

	pp->stopping = 1;
	gb_close_fd(&pp->to_fd);
	for (size_t s = 0; s < GB_ARRAY_LEN(sigs) && pp->pid > 0; s++) {
		double deadline = gb_now() + wait_s[s];

		if (sigs[s])
			kill(pp->pid, sigs[s]);
		/* Drain its output until it closes it, then wait for exit. */
		do
			rc = next_msg(pp, &m, deadline);
		while (rc == 1 || rc == -EPROTO);
		while (pp->pid > 0) {
			pid_t got = wait4(pp->pid, &pp->status, WNOHANG, &pp->ru);

			if (got == pp->pid || (got < 0 && errno != EINTR)) {
				pp->pid = -1;
				break;
			}
			if (gb_now() >= deadline)
				break;
			usleep(10000);
		}
	}
	drain_err(pp, 2.0);
	gb_close_fd(&pp->out_fd);
	gb_close_fd(&pp->err_fd);
}

static void free_pool(struct mpipool *pp)
{
	free(pp->ranks);
	free(pp);
}

/* The first line of mpirun's stderr that says something (not a rule of
 * dashes, not blank), for a start-up failure. */
static void first_words(const struct mpipool *pp, char *buf, size_t len)
{
	const char *p = pp->errlog;

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

static int start_mpirun(struct mpipool *pp, char **argv)
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
	pp->pid = fork();
	if (pp->pid < 0) {
		rc = -errno;
		goto out;
	}
	if (pp->pid == 0) {
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
	pp->to_fd = in[1];
	pp->out_fd = out[0];
	pp->err_fd = err[0];
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

static int mpi_create(void **pool, const struct job *job)
{
	struct mpipool *pp = gb_xcalloc(1, sizeof(*pp));
	char prog[PATH_MAX], why[256], np[32], ntasks[32];
	double deadline = gb_now() + STARTUP_TIMEOUT_S;
	struct mpiwire_msg m;
	char **argv;
	int rc;

	pp->job = job;
	pp->pid = -1;
	pp->to_fd = pp->out_fd = pp->err_fd = -1;
	pp->nranks = job->workers + 1;
	pp->ranks = gb_xcalloc(pp->nranks, sizeof(*pp->ranks));
	rc = mpi_rank_program(prog, sizeof(prog));
	if (rc) {
		free_pool(pp);
		return rc;
	}
	snprintf(np, sizeof(np), "%u", pp->nranks);
	snprintf(ntasks, sizeof(ntasks), "%" PRIu64, job->ntasks);
	argv = build_argv(job, prog, np, ntasks);
	rc = argv ? start_mpirun(pp, argv) : -ENOMEM;
	free(argv);
	if (rc) {
		free_pool(pp);
		return rc;
	}
	/* Start-up ends when the coordinator has heard from every rank. */
	while ((rc = next_msg(pp, &m, deadline)) == 1) {
		if (m.kind == MPIWIRE_HOST && m.rank < pp->nranks)
			snprintf(pp->ranks[m.rank].host,
				 sizeof(pp->ranks[m.rank].host), "%s", m.host);
		if (m.kind == MPIWIRE_READY)
			break;
	}
	if (rc == 1 && m.workers == job->workers) {
		*pool = pp;
		return 0;
	}
	if (rc == 1 || rc == -EPROTO) {
		snprintf(why, sizeof(why), "the coordinator rank said something "
			 "unexpected (is bin/bench-mpi from the same build?)");
		rc = -EPROTO;
	} else if (rc == -ETIMEDOUT) {
		snprintf(why, sizeof(why), "the ranks were not ready after %g s",
			 STARTUP_TIMEOUT_S);
	} else if (rc == -EINTR) {
		why[0] = '\0';
	} else {
		char first[200];

		reap_mpirun(pp, EXIT_GRACE_S);
		first_words(pp, first, sizeof(first));
		snprintf(why, sizeof(why), "mpirun ended before the ranks were "
			 "ready: %s", first);
		rc = -ECHILD;
	}
	reap_mpirun(pp, EXIT_GRACE_S);
	if (why[0])
		gb_warn("mpi: %s", why);
	free_pool(pp);
	return rc;
}

/* "worker rank 2 on node1" or "coordinator rank 0". */
static void rank_name(const struct mpipool *pp, unsigned r, char *buf,
		      size_t len)
{
	const char *host = r < pp->nranks ? pp->ranks[r].host : "";

	snprintf(buf, len, "%s rank %u%s%s", r ? "worker" : "coordinator", r,
		 *host ? " on " : "", host);
}

/* From mpirun's report, which rank died and how. Returns the rank, or -1
 * (then why holds mpirun's first words, or its exit status). */
static long dead_rank(struct mpipool *pp, char *why, size_t len)
{
	const char *p;
	unsigned rank;
	int sig, code;

	/* "mpirun noticed that process rank 1 with PID 0 on node vm exited
	 * on signal 11 (Segmentation fault)." */
	p = strstr(pp->errlog, "process rank ");
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
	p = strstr(pp->errlog, "Process name: [[");
	if (p && sscanf(p, "Process name: [[%*u,%*u],%u]", &rank) == 1) {
		const char *c = strstr(p, "Exit code:");

		if (c && sscanf(c, "Exit code: %d", &code) == 1)
			snprintf(why, len, "exited with status %d", code);
		else
			snprintf(why, len, "exited");
		return rank;
	}
	if (pp->errlen) {
		char first[200];

		first_words(pp, first, sizeof(first));
		snprintf(why, len, "mpirun: %.160s", first);
	} else if (pp->pid < 0) {
		char st[64];

		gb_describe_status(pp->status, st, sizeof(st));
		snprintf(why, len, "mpirun %s", st);
	} else {
		snprintf(why, len, "mpirun closed its output");
	}
	return -1;
}

/* The job ended early: report every unanswered task, naming the rank that
 * took the job down. timed_out is the rank whose task overran, or -1. */
static void fail_unanswered(struct mpipool *pp, struct task_out *outs,
			    const unsigned char *answered, long timed_out)
{
	const struct job *job = pp->job;
	char why[200], who[120], cause[340];
	long dead;

	if (timed_out >= 0) {
		dead = timed_out;
		snprintf(why, sizeof(why), "timed out after %g s "
			 "(--task-timeout); the MPI job was stopped",
			 job->task_timeout_s);
	} else {
		reap_mpirun(pp, EXIT_GRACE_S);
		dead = dead_rank(pp, why, sizeof(why));
	}
	if (dead >= 0) {
		rank_name(pp, (unsigned)dead, who, sizeof(who));
		snprintf(cause, sizeof(cause), "%s %s", who, why);
	} else {
		snprintf(cause, sizeof(cause), "%s", why);
	}
	for (uint64_t i = 0; i < job->ntasks; i++) {
		if (answered[i])
			continue;
		if (dead >= 0 && (unsigned)dead < pp->nranks &&
		    pp->ranks[dead].n && pp->ranks[dead].task[0] == i)
			gb_task_blame(&outs[i], i, "mpi", cause);
		else
			gb_task_blame(&outs[i], i, "not finished: the MPI job "
				      "ended when", cause);
	}
}

/* Record a message about the queues; returns -EPROTO when it does not
 * fit what was sent. */
static int track(struct mpipool *pp, const struct mpiwire_msg *m,
		 struct task_out *outs, unsigned char *answered)
{
	struct rank *r;

	if (m->rank == 0 || m->rank >= pp->nranks ||
	    m->task >= pp->job->ntasks)
		return -EPROTO;
	r = &pp->ranks[m->rank];
	if (m->kind == MPIWIRE_SENT) {
		if (r->n == MAX_QUEUE)
			return -EPROTO;
		if (r->n == 0)
			r->started = gb_now();
		r->task[r->n++] = m->task;
		return 0;
	}
	/* A worker answers its tasks in the order it got them. */
	if (r->n == 0 || r->task[0] != m->task || answered[m->task])
		return -EPROTO;
	memmove(r->task, r->task + 1, (r->n - 1) * sizeof(r->task[0]));
	r->n--;
	r->started = gb_now();
	outs[m->task] = m->out;
	answered[m->task] = 1;
	return 0;
}

static int mpi_run(void *pool, struct task_out *outs)
{
	struct mpipool *pp = pool;
	const struct job *job = pp->job;
	unsigned char *answered = gb_xcalloc(job->ntasks, 1);
	uint64_t done = 0;
	long timed_out = -1;
	struct mpiwire_msg m;
	int rc;

	/* A job that already ended (a failed batch before) fails at once. */
	rc = pp->to_fd < 0 ? -EPIPE : gb_write_all(pp->to_fd, "go\n", 3);
	while (!rc) {
		double deadline = 0;

		if (job->task_timeout_s > 0) {
			for (unsigned r = 1; r < pp->nranks; r++) {
				double t = pp->ranks[r].started +
					   job->task_timeout_s;

				if (pp->ranks[r].n && (!deadline || t < deadline))
					deadline = t;
			}
		}
		rc = next_msg(pp, &m, deadline);
		if (rc == 1 && m.kind == MPIWIRE_DONE) {
			rc = 0;
			break;
		}
		if (rc == 1 && (m.kind == MPIWIRE_SENT ||
				m.kind == MPIWIRE_OUT)) {
			rc = track(pp, &m, outs, answered);
			if (!rc && m.kind == MPIWIRE_OUT)
				done++;
			continue;
		}
		if (rc == 1) {
			rc = 0;
			continue;
		}
		if (rc == -ETIMEDOUT) {
			double now = gb_now();

			for (unsigned r = 1; r < pp->nranks; r++)
				if (pp->ranks[r].n && now - pp->ranks[r].started >=
				    job->task_timeout_s)
					timed_out = r;
			if (timed_out < 0) {
				rc = 0;	/* woke a hair early */
				continue;
			}
			reap_mpirun(pp, 0);
		}
		break;
	}
	if (rc != -EINTR && rc != -EPROTO && done < job->ntasks) {
		/* The job ended, or was ended, before every answer came. */
		fail_unanswered(pp, outs, answered, timed_out);
		pp->failed = 1;
	}
	free(answered);
	if (rc == -EINTR || rc == -EPROTO) {
		if (rc == -EPROTO)
			gb_warn("mpi: the coordinator rank's report does not "
				"match the tasks sent (is bin/bench-mpi from the "
				"same build?)");
		pp->failed = 1;
		reap_mpirun(pp, 0);
		return rc;
	}
	return 0;
}

/* Machines the worker ranks ran on (names as Open MPI gives them). */
static unsigned count_hosts(const struct mpipool *pp)
{
	unsigned n = 0;

	for (unsigned r = 1; r < pp->nranks; r++) {
		unsigned seen = 0;

		for (unsigned q = 1; q < r && !seen; q++)
			seen = strcmp(pp->ranks[q].host, pp->ranks[r].host) == 0;
		n += !seen && pp->ranks[r].host[0];
	}
	return n;
}

static void mpi_destroy(void *pool, struct pool_stats *st)
{
	struct mpipool *pp = pool;

	reap_mpirun(pp, EXIT_GRACE_S);
	if (!pp->failed && pp->status) {
		char how[64], first[200];

		/* The answers are in and checked; still, say so. */
		gb_describe_status(pp->status, how, sizeof(how));
		first_words(pp, first, sizeof(first));
		gb_warn("mpi: mpirun %s after the tasks: %s", how, first);
	}
	if (st) {
		struct mpi_stats *ms = st->mode_stats;

		/* Its peak is the largest of mpirun and the local ranks: the
		 * kernel keeps a maximum for a process's descendants, not a
		 * sum. */
		measure_add_child(st, &pp->ru);
		if (ms && count_hosts(pp) > ms->hosts)
			ms->hosts = count_hosts(pp);
	}
	free_pool(pp);
}

static int parse_hostfile(void *opts, const char *val, char *err,
			  size_t errlen)
{
	(void)err;
	(void)errlen;
	((struct mpi_opts *)opts)->hostfile = val;
	return 0;
}

static int parse_rank(void *opts, const char *val, char *err, size_t errlen)
{
	struct mpi_opts *o = opts;

	if (gb_opt_u64("--mpi-rank", val, 0, 100000000, "internal: the "
		       "cell's task count", &o->ntasks, err, errlen))
		return -1;
	o->rank = 1;
	return 0;
}

enum { OPT_HOSTFILE, OPT_RANK };

static const struct mode_option mpi_options[] = {
	[OPT_HOSTFILE] = { "hostfile", "FILE", "mpi: spread the ranks over "
			   "the machines in FILE (Open MPI's format: 'HOST "
			   "slots=N' per line)", parse_hostfile },
	[OPT_RANK] = { "mpi-rank", "N", NULL, parse_rank },
	{ NULL, NULL, NULL, NULL },
};

/* The hostfile, loopback URLs on other machines, and whether the mode is
 * built here. A rank started by the mode skips them: bin/bench made them,
 * and the hostfile need not exist on the rank's machine. */
static int mpi_check(const void *opts, const struct mode_check *mc,
		     char *err, size_t errlen)
{
	const struct mpi_opts *o = opts;
	struct hostfile_info hi;

	if (o->rank)
		return 0;
	if (mc->given[OPT_HOSTFILE] && !mc->selected) {
		snprintf(err, errlen, "--hostfile is for --mode mpi (it spreads "
			 "the MPI ranks over machines)");
		return -1;
	}
	if (!mc->selected)
		return 0;
	if (o->hostfile) {
		if (hostfile_check(o->hostfile, &hi, err, errlen))
			return -1;
		for (size_t i = 0; i < mc->nwl && hi.remote; i++) {
			if ((mc->wls[i]->flags & WL_F_LOOPBACK) &&
			    !mc->params->url && !mc->params->url_file) {
				snprintf(err, errlen, "--hostfile: '%s' names "
					 "other machines, but %s fetches from "
					 "the bundled server on a loopback URL, "
					 "which only works when all ranks are on "
					 "one machine: give --url or --url-file "
					 "with an address every machine can "
					 "reach", o->hostfile, mc->wls[i]->name);
				return -1;
			}
		}
	}
	return mpi_mode_check(err, errlen);
}

static void mpi_row(const void *opts, const void *stats, struct csv_row *r)
{
	const struct mpi_stats *st = stats;

	(void)opts;
	if (st->hosts)
		csv_set(r, COL_HOSTS, "%u", st->hosts);
}

const struct mode_family mpi_family = {
	.name = "mpi",
	.opts_size = sizeof(struct mpi_opts),
	.options = mpi_options,
	.check = mpi_check,
	.stats_size = sizeof(struct mpi_stats),
	.row = mpi_row,
};

const struct mode mode_mpi = {
	.name = "mpi",
	.desc = "Open MPI ranks (mpirun, --hostfile for several machines), "
		"a coordinator rank hands out tasks",
	.flags = MODE_F_PROCESSES | MODE_F_NO_SHARED,
	.family = &mpi_family,
	.create = mpi_create,
	.run = mpi_run,
	.destroy = mpi_destroy,
};
