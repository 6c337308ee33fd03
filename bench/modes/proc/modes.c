/*
 * proc/modes.c - the three process-pool modes (procpool.c), which differ
 * only in how a worker starts and gets its task's input:
 *
 *   fork      forked workers (Python's multiprocessing "fork"): tasks and
 *             inputs through pipes
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

/* No help text: internal, not in --help. */
static const struct mode_option proc_options[] = {
	{ "worker-fds", "IN,OUT", NULL, parse_worker_fds },
	{ "worker-parent", "PID", NULL, parse_worker_parent },
	{ NULL, NULL, NULL, NULL },
};

static const struct proc_opts proc_defaults = {
	.worker_in = -1, .worker_out = -1,
};

const struct mode_family proc_family = {
	.name = "proc",
	.opts_size = sizeof(struct proc_opts),
	.opts_default = &proc_defaults,
	.options = proc_options,
};

static int fork_create(void **pool, const struct job *job)
{
	return procpool_create((struct procpool **)pool, job, PROCPOOL_FORK);
}

static int spawn_create(void **pool, const struct job *job)
{
	return procpool_create((struct procpool **)pool, job, PROCPOOL_SPAWN);
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
