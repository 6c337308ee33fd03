/*
 * mode_gil.c - the thread pool under a simulated CPython 3.2+ GIL
 * (gil.c): each worker takes the lock when it starts a batch and drops it
 * when it runs out of tasks; workloads drop it at their checkpoints when
 * asked and around blocking calls.
 */
#include "bench/modes/gil/gilpool.h"

static int gil_mode_create(void **pool, const struct job *job)
{
	return gilpool_create(pool, job, GIL_NEW);
}

const struct mode mode_gil = {
	.name = "gil",
	.desc = "threads under a simulated CPython 3.2+ GIL (switch interval, "
		"forced hand-off)",
	.create = gil_mode_create,
	.run = gilpool_run,
	.destroy = gilpool_destroy,
};
