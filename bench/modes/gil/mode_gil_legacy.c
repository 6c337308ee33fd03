/*
 * mode_gil_legacy.c - the thread pool under CPython's old GIL (up to
 * 3.1): release and re-acquire every --check-interval checkpoints, no
 * hand-off.
 */
#include "bench/modes/gil/gilpool.h"

static int gil_legacy_create(void **pool, const struct job *job)
{
	return gilpool_create(pool, job, GIL_LEGACY);
}

const struct mode mode_gil_legacy = {
	.name = "gil-legacy",
	.desc = "threads under CPython's old GIL (<= 3.1): a release every "
		"100 ticks, no hand-off",
	.create = gil_legacy_create,
	.run = gilpool_run,
	.destroy = gilpool_destroy,
};
