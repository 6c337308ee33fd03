/*
 * mode_fork.c - a pool of forked worker processes, tasks and results over
 * pipes (Python's multiprocessing with the "fork" start method).
 */
#include "mode.h"
#include "procpool.h"

static int fork_create(void **pool, const struct job *job)
{
	return procpool_create((struct procpool **)pool, job, PROCPOOL_FORK);
}

static int fork_run(void *pool, struct task_out *outs)
{
	return procpool_run(pool, outs);
}

static void fork_destroy(void *pool, struct pool_stats *st)
{
	procpool_destroy(pool, st);
}

const struct mode mode_fork = {
	.name = "fork",
	.desc = "a pool of forked worker processes, tasks and results over pipes",
	.flags = MODE_F_PROCESSES,
	.create = fork_create,
	.run = fork_run,
	.destroy = fork_destroy,
};
