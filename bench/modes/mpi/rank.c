/*
 * mpi_rank.c - bin/bench-mpi, the program every rank of the `mpi` mode
 * runs. Built with mpicc, only when Open MPI is installed; bin/bench itself
 * never links MPI (mode_mpi.c starts this program through mpirun).
 *
 *   rank 0     the coordinator: waits until every worker rank is ready,
 *              hands out task numbers dynamically (each worker keeps
 *              QUEUE_DEPTH queued, so it never waits for the coordinator)
 *              and reports every result on stdout (mpiwire.h)
 *   rank 1..N  workers: build the workload's state from the command line
 *              (like a spawned worker), worker_init, then run the tasks
 *              they are sent with the same gb_task_run() as every mode
 *
 * Started by bin/bench (--mpi-rank NTASKS), the coordinator runs the tasks
 * once for each "go" line on stdin and reports to bin/bench, which
 * verifies; end of file on stdin ends the job. Started by hand,
 *
 *     mpirun -np 3 bin/bench-mpi --workload primes --tasks 10
 *
 * it runs the tasks at once and prints one line: the time, the answer
 * and whether it matched the known one (exit 0, or 1 when it did not).
 */
#include <mpi.h>

#include "bench/core/cli.h"
#include "bench/core/util.h"
#include "bench/modes/mpi/mpi.h"
#include "bench/modes/mpi/wire.h"
#include "bench/modes/proc/worker.h"

#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

enum { TAG_READY = 1, TAG_TASK, TAG_STOP, TAG_RESULT };

/* Tasks queued per worker: with two, the next task is already there when
 * one ends, so the coordinator's polling delay (below) never idles a
 * worker unless a task is shorter than that delay. At most the tail of the
 * run is less balanced, by one task per worker. */
#define QUEUE_DEPTH 2
/* Open MPI waits by spinning on the CPU, which on a machine with more
 * ranks than cores takes time from the workers. We poll with MPI_Test
 * and sleep between polls instead, backing off from 1 us to this cap:
 * at most 5,000 wake-ups a second per idle rank. */
#define POLL_MAX_NS 200000L

/* Open MPI keeps much of what it allocates until exit, by design, in
 * components it has unloaded by then. Under AddressSanitizer (make
 * SAN=address) the leak report would fail every rank, so it is off in
 * this program; the harness's own code is leak-checked in bin/bench and
 * the unit tests. Without the sanitizer this function is never called. */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "detect_leaks=0";
}

/* Wait for req to complete without holding a core. */
static void wait_for(MPI_Request *req, MPI_Status *st)
{
	long ns = 1000;
	int flag = 0;

	for (;;) {
		struct timespec ts = { 0, 0 };

		MPI_Test(req, &flag, st);
		if (flag)
			return;
		ts.tv_nsec = ns;
		nanosleep(&ts, NULL);
		ns = ns * 2 > POLL_MAX_NS ? POLL_MAX_NS : ns * 2;
	}
}

static void fatal(int rank, const char *fmt, const char *what)
{
	fprintf(stderr, "bench-mpi: rank %d: ", rank);
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	MPI_Abort(MPI_COMM_WORLD, 1);
	exit(1);
}

/* This machine's name, without spaces, for the "host" line. */
static void host_name(char *buf, size_t len)
{
	char name[MPI_MAX_PROCESSOR_NAME] = "";
	int n = 0;

	MPI_Get_processor_name(name, &n);
	snprintf(buf, len, "%s", name[0] ? name : "unknown");
	for (char *p = buf; *p; p++)
		if (*p == ' ' || *p == '\t' || *p == '\n')
			*p = '_';
}

/* The running kernel's boot id, "" when unknown: ranks in network
 * namespaces of one machine have names of their own but one kernel, and
 * so one id, which is how C16 tells hosts with cores of their own from
 * hosts that share this machine's. */
static void boot_id(char *buf, size_t len)
{
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");

	buf[0] = '\0';
	if (f) {
		if (!fgets(buf, (int)len, f))
			buf[0] = '\0';
		fclose(f);
	}
	buf[strcspn(buf, " \t\r\n")] = '\0';
}

/* "NAME BOOT" (or "NAME"), as a worker's ready message carries it. */
static void host_line(char *buf, size_t len)
{
	char name[64], boot[40];

	host_name(name, sizeof(name));
	boot_id(boot, sizeof(boot));
	snprintf(buf, len, "%s%s%s", name, boot[0] ? " " : "", boot);
}

/* Split a ready message ("NAME BOOT") into a host line. */
static void split_host(struct mpiwire_msg *m, const char *line)
{
	size_t n = strcspn(line, " ");

	snprintf(m->host, sizeof(m->host), "%.*s", (int)n, line);
	snprintf(m->boot, sizeof(m->boot), "%s", line[n] ? line + n + 1 : "");
}

/* This program's path, for wl_params.self. */
static char self_path[PATH_MAX];

static void build_state(const struct config *cfg, struct job *job,
			struct wl_params *p, int rank)
{
	char err[256] = "";

	cli_params_for(cfg, job->wl, p);
	/* bin/bench-mpi sits next to bin/bench and the tools workloads
	 * start from there (the http workload's bundled server). */
	if (!p->self)
		p->self = self_path;
	job->params = p;
	if (job->wl->setup(p, &job->state, err, sizeof(err)))
		fatal(rank, "%s", err[0] ? err : "workload setup failed");
}

/* A worker rank's channel to the coordinator (proc/worker.h). */
static int rank_ready(void *arg)
{
	char host[128];

	(void)arg;
	host_line(host, sizeof(host));
	MPI_Send(host, (int)strlen(host) + 1, MPI_CHAR, 0, TAG_READY,
		 MPI_COMM_WORLD);
	return 0;
}

static int rank_next(void *arg, uint64_t *task, const void **in, size_t *len)
{
	MPI_Request req;
	MPI_Status st;

	(void)arg;
	MPI_Irecv(task, 1, MPI_UINT64_T, 0, MPI_ANY_TAG, MPI_COMM_WORLD, &req);
	wait_for(&req, &st);
	/* Ranks rebuild the state, inputs included: none is sent. */
	*in = NULL;
	*len = 0;
	return st.MPI_TAG == TAG_TASK;
}

static int rank_reply(void *arg, const struct task_out *out)
{
	(void)arg;
	MPI_Send(out, (int)sizeof(*out), MPI_BYTE, 0, TAG_RESULT,
		 MPI_COMM_WORLD);
	return 0;
}

static int worker(const struct job *job, int rank)
{
	static const struct worker_io io = { NULL, rank_ready, rank_next,
					     rank_reply };
	int status = worker_serve(job, &io);

	if (status == WORKER_EXIT_INIT)
		fatal(rank, "%s: worker_init failed", job->wl->name);
	return status;
}

/* The coordinator's side of one run. */
struct coord {
	int fd;			/* where our lines go (the original stdout) */
	int quiet;		/* started by hand: only the verdict */
	int nworkers;
	uint64_t ntasks, next, done;
	uint64_t (*queue)[QUEUE_DEPTH];	/* per rank, in the order sent */
	unsigned *queued;
	struct task_out *outs;		/* standalone: to verify */
};

static void say(struct coord *c, const struct mpiwire_msg *m)
{
	char line[MPIWIRE_LINE_MAX];
	size_t n;

	if (c->quiet)
		return;
	n = mpiwire_format(line, sizeof(line), m);
	/* bin/bench gone: nobody is left to tell, stop the job. */
	if (gb_write_all(c->fd, line, n))
		MPI_Abort(MPI_COMM_WORLD, 1);
}

static void send_next(struct coord *c, int r)
{
	struct mpiwire_msg m = { .kind = MPIWIRE_SENT, .rank = (unsigned)r };
	uint64_t i = c->next++;

	c->queue[r][c->queued[r]++] = i;
	MPI_Send(&i, 1, MPI_UINT64_T, r, TAG_TASK, MPI_COMM_WORLD);
	m.task = i;
	say(c, &m);
}

static void send_stop(int r)
{
	uint64_t none = 0;

	MPI_Send(&none, 1, MPI_UINT64_T, r, TAG_STOP, MPI_COMM_WORLD);
}

/* Every worker's "ready", then ours: start-up is over. */
static void gather_ready(struct coord *c)
{
	struct mpiwire_msg m = { .kind = MPIWIRE_HOST };

	host_name(m.host, sizeof(m.host));
	boot_id(m.boot, sizeof(m.boot));
	say(c, &m);
	for (int k = 0; k < c->nworkers; k++) {
		MPI_Request req;
		MPI_Status st;
		char host[129] = "";

		MPI_Irecv(host, (int)sizeof(host) - 1, MPI_CHAR, MPI_ANY_SOURCE,
			  TAG_READY, MPI_COMM_WORLD, &req);
		wait_for(&req, &st);
		m.rank = (unsigned)st.MPI_SOURCE;
		split_host(&m, host);
		say(c, &m);
	}
	m.kind = MPIWIRE_READY;
	m.workers = (unsigned)c->nworkers;
	say(c, &m);
}

/* bin/bench's "go" line; 0, or -1 when it closed our stdin instead. */
static int wait_go(void)
{
	char ch;
	ssize_t n;

	while ((n = read(0, &ch, 1)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (ch == '\n')
			return 0;
	}
	return -1;
}

static void run_tasks(struct coord *c)
{
	struct mpiwire_msg m = { .kind = MPIWIRE_OUT };
	double t0 = gb_now();

	c->next = c->done = 0;
	for (int d = 0; d < QUEUE_DEPTH; d++)
		for (int r = 1; r <= c->nworkers && c->next < c->ntasks; r++)
			send_next(c, r);
	while (c->done < c->ntasks) {
		MPI_Request req;
		MPI_Status st;
		int r;

		MPI_Irecv(&m.out, (int)sizeof(m.out), MPI_BYTE, MPI_ANY_SOURCE,
			  TAG_RESULT, MPI_COMM_WORLD, &req);
		wait_for(&req, &st);
		r = st.MPI_SOURCE;
		/* A worker answers in the order its tasks were sent. */
		m.rank = (unsigned)r;
		m.task = c->queue[r][0];
		memmove(c->queue[r], c->queue[r] + 1,
			(QUEUE_DEPTH - 1) * sizeof(c->queue[r][0]));
		c->queued[r]--;
		if (c->outs)
			c->outs[m.task] = m.out;
		say(c, &m);
		c->done++;
		if (c->next < c->ntasks)
			send_next(c, r);
	}
	m.kind = MPIWIRE_DONE;
	m.seconds = gb_now() - t0;
	say(c, &m);
}

/* Started by hand: one line of verdict. 0 verified, 1 not. */
static int report(const struct coord *c, const struct job *job,
		  double seconds)
{
	uint64_t result = 0, expected = 0;
	const char *err = NULL;

	for (uint64_t i = 0; i < c->ntasks; i++) {
		result += c->outs[i].value;
		expected += job->wl->expect(job->state, i);
		if (!err && c->outs[i].status)
			err = c->outs[i].err;
	}
	dprintf(c->fd, "%s: %" PRIu64 " tasks on %d worker ranks: %.4f s, "
		"result %" PRIu64 ", expected %" PRIu64 ": %s%s\n",
		job->wl->name, c->ntasks, c->nworkers, seconds, result,
		expected, err ? "FAILED: " : result == expected ? "verified" :
		"FAILED: wrong answer", err ? err : "");
	return err || result != expected;
}

static int coordinator(const struct config *cfg, struct job *job,
		       struct wl_params *p, int nranks)
{
	const struct mpi_opts *o = cli_mode_opts(cfg, &mpi_family);
	struct coord c = { .nworkers = nranks - 1 };
	double t0;
	int status = 0;

	/* Our stdout carries the report; anything else printed goes to
	 * stderr, so it cannot break a line of it. */
	c.fd = dup(1);
	if (c.fd < 0 || dup2(2, 1) < 0)
		fatal(0, "%s", "cannot set up stdout");
	c.queue = gb_xcalloc((size_t)nranks, sizeof(*c.queue));
	c.queued = gb_xcalloc((size_t)nranks, sizeof(*c.queued));
	if (!o->rank) {
		/* Only a run by hand verifies here, so only it needs the
		 * workload's state (its known answers). */
		build_state(cfg, job, p, 0);
		c.quiet = 1;
		c.ntasks = p->tasks;
		c.outs = gb_xcalloc(c.ntasks, sizeof(*c.outs));
	} else {
		c.ntasks = o->ntasks;
	}
	gather_ready(&c);
	if (!o->rank) {
		t0 = gb_now();
		run_tasks(&c);
		status = report(&c, job, gb_now() - t0);
	} else {
		/* One batch per "go" (a pool can be reused), until bin/bench
		 * closes our stdin. */
		while (wait_go() == 0)
			run_tasks(&c);
	}
	for (int r = 1; r < nranks; r++)
		send_stop(r);
	free(c.outs);
	free(c.queue);
	free(c.queued);
	close(c.fd);
	return status;
}

int main(int argc, char **argv)
{
	struct config cfg;
	const struct mpi_opts *o;
	struct wl_params p;
	struct job job = { 0 };
	int rank = 0, nranks = 0, status = 0;

	/* Die with our parent (mpirun, or Open MPI's daemon on another
	 * machine): a rank must never outlive its job. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (readlink("/proc/self/exe", self_path, sizeof(self_path) - 1) <= 0)
		snprintf(self_path, sizeof(self_path), "%s", argv[0]);
	cli_parse(&cfg, argc, argv);
	o = cli_mode_opts(&cfg, &mpi_family);
	signal(SIGPIPE, SIG_IGN);
	/* As in bin/bench: before any thread (MPI starts some). */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		gb_die(GB_EXIT_FAIL, "curl_global_init failed");
	MPI_Init(&argc, &argv);
	MPI_Comm_rank(MPI_COMM_WORLD, &rank);
	MPI_Comm_size(MPI_COMM_WORLD, &nranks);
	if (nranks < 2)
		fatal(rank, "%s", "needs a coordinator and at least one worker: "
		      "run it as mpirun -np N+1 bin/bench-mpi ..., or through "
		      "bin/bench --mode mpi");
	job.wl = cfg.wls[0];
	job.workers = (unsigned)nranks - 1;
	job.fault_kind = cfg.fault_kind;
	job.fault_task = cfg.fault_task;
	job.task_timeout_s = cfg.task_timeout_s;
	if (rank == 0) {
		status = coordinator(&cfg, &job, &p, nranks);
	} else {
		/* Stray output of a worker must not reach the coordinator's
		 * report: stdout goes to stderr. */
		dup2(2, 1);
		build_state(&cfg, &job, &p, rank);
		job.ntasks = o->rank ? o->ntasks : p.tasks;
		status = worker(&job, rank);
	}
	if (job.state && job.wl->teardown)
		job.wl->teardown(job.state);
	MPI_Finalize();
	curl_global_cleanup();
	return status;
}
