/*
 * proc/modes.c - the four process-pool modes (procpool.c), which differ
 * only in how a worker starts and gets its task's input:
 *
 *   fork      forked workers (Python's multiprocessing "fork"): tasks and
 *             inputs through pipes
 *   forkserver  workers forked on request by a server that was started
 *             as spawn starts a worker and rebuilt the workload once
 *             (Python's "forkserver", its default on Linux since 3.14;
 *             forkserver.h); tasks and inputs through pipes. The server
 *             runs for every pool of a workload (share_open): start-up
 *             is the time to get the workers from it, and its own start
 *             is the server_start_s column
 *   spawn     each worker a new bin/bench (posix_spawn of /proc/self/exe,
 *             Python's "spawn"): nothing is inherited, so it rebuilds the
 *             workload from the command line before it is ready; start-up
 *             is what it costs to start a program, not to copy one
 *   fork-shm  forked workers that read a task's input where the parent
 *             keeps it, in memory the two share (multiprocessing's
 *             shared_memory rather than pickled arguments); for a workload
 *             without inputs it is the fork pool
 */
#include "bench/modes/proc/procpool.h"
#include "bench/core/util.h"

#include <math.h>
#include <stdio.h>

static int parse_worker_fds(void *opts, const char *val, char *err,
			    size_t errlen)
{
	struct proc_opts *o = opts;

	if (sscanf(val, "%d,%d", &o->worker_in, &o->worker_out) == 2)
		return 0;
	snprintf(err, errlen, "--worker-fds: '%s' is internal: IN,OUT", val);
	return -1;
}

static int parse_worker_parent(void *opts, const char *val, char *err,
			       size_t errlen)
{
	struct proc_opts *o = opts;
	uint64_t pid;

	if (gb_opt_u64("--worker-parent", val, 1, INT32_MAX,
		       "internal: a process id", &pid, err, errlen))
		return -1;
	o->worker_parent = (long)pid;
	return 0;
}

static int parse_forkserver_fds(void *opts, const char *val, char *err,
				size_t errlen)
{
	struct forkserver_fds *f = &((struct proc_opts *)opts)->server;
	char end;

	if (sscanf(val, "%d,%d,%d%c", &f->listen, &f->alive, &f->ready,
		   &end) == 3 && f->listen >= 0 && f->alive >= 0 &&
	    f->ready >= 0)
		return 0;
	snprintf(err, errlen, "--forkserver-fds: '%s' is internal: "
		 "LISTEN,ALIVE,READY", val);
	return -1;
}

/* No help text: internal, not in --help. */
static const struct mode_option proc_options[] = {
	{ "worker-fds", "IN,OUT", NULL, parse_worker_fds },
	{ "worker-parent", "PID", NULL, parse_worker_parent },
	{ "forkserver-fds", "LISTEN,ALIVE,READY", NULL, parse_forkserver_fds },
	{ NULL, NULL, NULL, NULL },
};

static const struct proc_opts proc_defaults = {
	.worker_in = -1, .worker_out = -1,
	.server = { .listen = -1, .alive = -1, .ready = -1 },
};

/* server_start_s: blank but in forkserver rows. */
static void proc_row(const void *opts, const void *stats, struct csv_row *row)
{
	const struct proc_stats *s = stats;

	(void)opts;
	if (s->server_start_s > 0)
		csv_set(row, COL_SERVER_START_S, "%.9f", s->server_start_s);
}

/* The terminal's note beside a forkserver row; NAN (nothing shown) in
 * the other pools. */
static double proc_figure(const void *stats, double wall_s, unsigned workers)
{
	const struct proc_stats *s = stats;

	(void)wall_s;
	(void)workers;
	return s->server_start_s > 0 ? 1e3 * s->server_start_s : NAN;
}

const struct mode_family proc_family = {
	.name = "proc",
	.opts_size = sizeof(struct proc_opts),
	.opts_default = &proc_defaults,
	.options = proc_options,
	.stats_size = sizeof(struct proc_stats),
	.row = proc_row,
	.figure = proc_figure,
	.figure_fmt = "its server started once, in %.1f ms",
};

static int fork_create(void **pool, const struct job *job)
{
	return procpool_create((struct procpool **)pool, job, PROCPOOL_FORK);
}

static int spawn_create(void **pool, const struct job *job)
{
	return procpool_create((struct procpool **)pool, job, PROCPOOL_SPAWN);
}

static int forkserver_create(void **pool, const struct job *job)
{
	return procpool_create((struct procpool **)pool, job,
			       PROCPOOL_FORKSERVER);
}

/* One server for every pool of a workload: started before its first
 * repetition, outside every timed interval (forkserver.h). */
static int forkserver_share_open(void **shared, const struct job *job,
				 char *err, size_t errlen)
{
	return forkserver_start((struct forkserver **)shared, job, err,
				errlen);
}

static void forkserver_share_close(void *shared)
{
	forkserver_stop(shared);
}

static int fork_shm_create(void **pool, const struct job *job)
{
	return procpool_create((struct procpool **)pool, job,
			       PROCPOOL_FORK_SHM);
}

static int proc_run(void *pool, struct task_out *outs)
{
	return procpool_run(pool, outs);
}

static void proc_destroy(void *pool, struct pool_stats *st)
{
	procpool_destroy(pool, st);
}

/* A process per worker, and the parent keeps two pipe ends to each; a
 * worker's own descriptors count against its own limit. */
static void proc_needs(const struct job *job, struct mode_needs *n)
{
	n->procs = job->workers;
	n->fds_per = 2;
	n->fds = 2ul * job->workers;
}

const struct mode mode_fork = {
	.name = "fork",
	.desc = "a pool of forked worker processes, tasks and results over pipes",
	.flags = MODE_F_PROCESSES,
	.family = &proc_family,
	.create = fork_create,
	.run = proc_run,
	.destroy = proc_destroy,
	.needs = proc_needs,
	.look = { "#D55E00", 9, "\u25b2", "filled triangle",
		  "A pool of worker processes made with `fork()`, as "
		  "Python's `multiprocessing` does on Linux; tasks and results "
		  "are copied through pipes." },
};

/* The same in bin/bench, plus the sentinel a worker's end comes back on.
 * The workers are the server's processes; the server itself is already
 * running. */
static void forkserver_needs(const struct job *job, struct mode_needs *n)
{
	n->procs = job->workers;
	n->fds_per = 3;
	n->fds = 3ul * job->workers;
}

const struct mode mode_forkserver = {
	.name = "forkserver",
	.desc = "workers forked on request by a server started once (Python's "
		"\"forkserver\"), tasks and results over pipes",
	.flags = MODE_F_PROCESSES | MODE_F_NO_SHARED,
	.family = &proc_family,
	.create = forkserver_create,
	.run = proc_run,
	.destroy = proc_destroy,
	.needs = forkserver_needs,
	.share_open = forkserver_share_open,
	.share_close = forkserver_share_close,
	/* Dark red: apart from every other mode's colour under the common
	 * kinds of colour blindness; the plus is the last point shape free
	 * of pentagons, which many terminals draw double-width. */
	.look = { "#A50026", 1, "+", "plus",
		  "Worker processes forked on request by a small server "
		  "process started once, which has already loaded the program "
		  "(Python's \"forkserver\", the default on Linux since 3.14): "
		  "a worker starts almost as fast as with fork, but it is a "
		  "copy of the small server, not of your big program." },
};

const struct mode mode_spawn = {
	.name = "spawn",
	.desc = "a pool of spawned bin/bench processes (Python's \"spawn\"), "
		"tasks and results over pipes",
	.flags = MODE_F_PROCESSES | MODE_F_NO_SHARED,
	.family = &proc_family,
	.create = spawn_create,
	.run = proc_run,
	.destroy = proc_destroy,
	.needs = proc_needs,
	.look = { "#E69F00", 11, "\u25bc", "filled inverted triangle",
		  "Worker processes that each start the program afresh, as "
		  "Python's \"spawn\" start method does (the default on macOS "
		  "and Windows): slower to start, nothing inherited." },
};

const struct mode mode_fork_shm = {
	.name = "fork-shm",
	.desc = "forked workers that read task inputs from shared memory, "
		"not through pipes",
	.flags = MODE_F_PROCESSES,
	.family = &proc_family,
	.create = fork_shm_create,
	.run = proc_run,
	.destroy = proc_destroy,
	.needs = proc_needs,
	.look = { "#009E73", 3, "*", "asterisk",
		  "Forked workers that read their input from shared memory "
		  "instead of having it copied through a pipe." },
};
