/*
 * mode_fork_shm.c - the fork pool, but task inputs are not copied: a
 * worker reads its task's input where the parent keeps it, in memory the
 * two share (multiprocessing.shared_memory rather than pickled
 * arguments). Only task numbers and results go through the pipes. For a
 * workload without inputs it is the fork pool.
 */
#include "bench/modes/mode.h"
#include "bench/modes/proc/procpool.h"

static int fork_shm_create(void **pool, const struct job *job)
{
	return procpool_create((struct procpool **)pool, job,
			       PROCPOOL_FORK_SHM);
}

const struct mode mode_fork_shm = {
	.name = "fork-shm",
	.desc = "forked workers that read task inputs from shared memory, "
		"not through pipes",
	.flags = MODE_F_PROCESSES,
	.create = fork_shm_create,
	.run = procpool_mode_run,
	.destroy = procpool_mode_destroy,
};
