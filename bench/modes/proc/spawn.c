/*
 * mode_spawn.c - a pool of worker processes each started as a new
 * bin/bench (posix_spawn of /proc/self/exe), Python's "spawn" start
 * method: nothing is inherited, so each worker rebuilds the workload from
 * the command line before it is ready, and task inputs come through its
 * pipe. Start-up is what it costs to start a program, not to copy one.
 */
#include "bench/modes/mode.h"
#include "bench/modes/proc/procpool.h"

static int spawn_create(void **pool, const struct job *job)
{
	return procpool_create((struct procpool **)pool, job, PROCPOOL_SPAWN);
}

const struct mode mode_spawn = {
	.name = "spawn",
	.desc = "a pool of spawned bin/bench processes (Python's \"spawn\"), "
		"tasks and results over pipes",
	.flags = MODE_F_PROCESSES | MODE_F_NO_SHARED,
	.create = spawn_create,
	.run = procpool_mode_run,
	.destroy = procpool_mode_destroy,
};
