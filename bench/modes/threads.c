/*
 * threads.c - free threads: the tasks on a pthread pool with no lock
 * around them, what C (or a free-threaded Python) gets.
 */
#include "bench/modes/mode.h"
#include "bench/modes/tpool.h"

static int threads_create(void **pool, const struct job *job)
{
	return tpool_create((struct tpool **)pool, job, NULL);
}

static int threads_run(void *pool, struct task_out *outs)
{
	return tpool_run(pool, outs);
}

static void threads_destroy(void *pool, struct pool_stats *st)
{
	(void)st;
	tpool_destroy(pool);
}

const struct mode mode_threads = {
	.name = "threads",
	.desc = "a pthread pool, tasks from a shared atomic counter, no lock",
	.create = threads_create,
	.run = threads_run,
	.destroy = threads_destroy,
	.needs = gb_mode_needs_threads,
	.look = { "#0072B2", 7, "\u25cf", "filled circle",
		  "A pool of threads with no lock between them, like a "
		  "Python without a GIL (the free-threaded build of PEP 703): "
		  "every core can run at once." },
};
