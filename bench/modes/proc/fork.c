/*
 * mode_fork.c - a pool of forked worker processes, tasks and results over
 * pipes (Python's multiprocessing with the "fork" start method).
 */
#include "bench/modes/mode.h"
#include "bench/modes/proc/procpool.h"

static int fork_create(void **pool, const struct job *job)
{
	return procpool_create((struct procpool **)pool, job, PROCPOOL_FORK);
}

const struct mode mode_fork = {
	.name = "fork",
	.desc = "a pool of forked worker processes, tasks and results over pipes",
	.flags = MODE_F_PROCESSES,
	.create = fork_create,
	.run = procpool_mode_run,
	.destroy = procpool_mode_destroy,
};
