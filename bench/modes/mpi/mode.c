/*
 * mpi/mode.c - the tasks on the ranks of an Open MPI job: `mpirun` starts
 * one coordinator rank and N worker ranks of bin/bench-mpi (rank.c),
 * on this machine or over the machines of --hostfile; the coordinator
 * hands out tasks dynamically and reports every result (wire.h).
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
 * from mpirun's own report (launch.c). mpirun's output on stderr (help texts,
 * warnings) is kept off the terminal and quoted only in such an error.
 */
#include "bench/modes/mpi/launch.h"
#include "bench/core/measure.h"
#include "bench/core/util.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Starting the ranks: generous, since over ssh to a lab's machines it can
 * take seconds; a failed start ends mpirun much sooner than this. */
#define STARTUP_TIMEOUT_S 120.0
/* After the tasks, or after a failure: how long mpirun may take to exit
 * before it is sent SIGTERM, then SIGKILL. */
#define EXIT_GRACE_S 10.0
/* Tasks the coordinator queues on one worker (rank.c keeps it deeper
 * than 1 so a worker never waits for the coordinator's next poll). */
#define MAX_QUEUE 8

struct rank {
	uint64_t task[MAX_QUEUE];	/* queued tasks, the first one running */
	unsigned n;
	double started;			/* when task[0] began (our clock) */
	char host[64];
	char boot[40];			/* its kernel's boot id, or "" */
};

struct mpipool {
	const struct job *job;
	struct mpirun run;	/* the job's mpirun (launch.h) */
	struct rank *ranks;	/* [workers + 1], indexed by MPI rank */
	unsigned nranks;
	int failed;		/* a batch failed: mpirun's status is known bad */
};

static void free_pool(struct mpipool *pp)
{
	free(pp->ranks);
	free(pp);
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
	pp->run.pid = -1;
	pp->run.to_fd = pp->run.out_fd = pp->run.err_fd = -1;
	pp->nranks = job->workers + 1;
	pp->ranks = gb_xcalloc(pp->nranks, sizeof(*pp->ranks));
	rc = mpi_rank_program(prog, sizeof(prog));
	if (rc) {
		free_pool(pp);
		return rc;
	}
	snprintf(np, sizeof(np), "%u", pp->nranks);
	snprintf(ntasks, sizeof(ntasks), "%" PRIu64, job->ntasks);
	argv = mpirun_argv(job, prog, np, ntasks);
	rc = argv ? mpirun_start(&pp->run, argv) : -ENOMEM;
	free(argv);
	if (rc) {
		free_pool(pp);
		return rc;
	}
	/* Start-up ends when the coordinator has heard from every rank. */
	while ((rc = mpirun_next(&pp->run, &m, deadline)) == 1) {
		if (m.kind == MPIWIRE_HOST && m.rank < pp->nranks) {
			struct rank *k = &pp->ranks[m.rank];

			snprintf(k->host, sizeof(k->host), "%s", m.host);
			snprintf(k->boot, sizeof(k->boot), "%s", m.boot);
		}
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

		mpirun_reap(&pp->run, EXIT_GRACE_S);
		mpirun_first_words(&pp->run, first, sizeof(first));
		snprintf(why, sizeof(why), "mpirun ended before the ranks were "
			 "ready: %s", first);
		rc = -ECHILD;
	}
	mpirun_reap(&pp->run, EXIT_GRACE_S);
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
		mpirun_reap(&pp->run, EXIT_GRACE_S);
		dead = mpirun_dead_rank(&pp->run, why, sizeof(why));
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
	rc = pp->run.to_fd < 0 ? -EPIPE : gb_write_all(pp->run.to_fd, "go\n", 3);
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
		rc = mpirun_next(&pp->run, &m, deadline);
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
			mpirun_reap(&pp->run, 0);
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
		mpirun_reap(&pp->run, 0);
		return rc;
	}
	return 0;
}

static const char *rank_host(const struct rank *k) { return k->host; }
static const char *rank_boot(const struct rank *k) { return k->boot; }

/* Distinct values of one field among the worker ranks: the hosts (names
 * as Open MPI gives them) or the kernels (boot ids). 0 when a rank did
 * not say, so that "unknown" never passes for "one machine". */
static unsigned count_distinct(const struct mpipool *pp,
			       const char *(*field)(const struct rank *))
{
	unsigned n = 0;

	for (unsigned r = 1; r < pp->nranks; r++) {
		unsigned seen = 0;

		if (!field(&pp->ranks[r])[0])
			return 0;
		for (unsigned q = 1; q < r && !seen; q++)
			seen = !strcmp(field(&pp->ranks[q]),
				       field(&pp->ranks[r]));
		n += !seen;
	}
	return n;
}

static void mpi_destroy(void *pool, struct pool_stats *st)
{
	struct mpipool *pp = pool;

	mpirun_reap(&pp->run, EXIT_GRACE_S);
	if (!pp->failed && pp->run.status) {
		char how[64], first[200];

		/* The answers are in and checked; still, say so. */
		gb_describe_status(pp->run.status, how, sizeof(how));
		mpirun_first_words(&pp->run, first, sizeof(first));
		gb_warn("mpi: mpirun %s after the tasks: %s", how, first);
	}
	if (st) {
		struct mpi_stats *ms = st->mode_stats;
		unsigned hosts = count_distinct(pp, rank_host);
		unsigned kernels = count_distinct(pp, rank_boot);

		/* Its peak is the largest of mpirun and the local ranks: the
		 * kernel keeps a maximum for a process's descendants, not a
		 * sum. */
		measure_add_child(st, &pp->run.ru);
		if (ms && hosts > ms->hosts)
			ms->hosts = hosts;
		if (ms && kernels > ms->kernels)
			ms->kernels = kernels;
	}
	free_pool(pp);
}

/* A rank per worker, the coordinator rank and mpirun, all counted here
 * even when a hostfile starts them elsewhere (a bound, not a census);
 * bin/bench keeps only mpirun's three pipes. */
static void mpi_needs(const struct job *job, struct mode_needs *n)
{
	n->procs = job->workers + 2ul;
	n->fds = 3;
}

const struct mode mode_mpi = {
	.name = "mpi",
	.desc = "Open MPI ranks (mpirun, --hostfile for several machines), "
		"a coordinator rank hands out tasks",
	.flags = MODE_F_PROCESSES | MODE_F_NO_SHARED,
	.family = &mpi_family,
	.create = mpi_create,
	.run = mpi_run,
	.destroy = mpi_destroy,
	.needs = mpi_needs,
	.look = { "#999933", 10, "\u25bd", "open inverted triangle",
		  "Open MPI processes (ranks), which can run on several "
		  "machines." },
};