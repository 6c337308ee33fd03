/*
 * async.c - one thread, one event loop, up to --workers operations
 * in flight (Python's asyncio).
 *
 * The loop is the workload's own run_async: libcurl's multi interface for
 * http, a timer queue for sleep. A workload without one (every CPU
 * workload) runs exactly as in `seq`, its tasks one after another on the
 * loop thread, because that is what an event loop does to computation:
 * nothing in parallel.
 *
 * The workers column records the in-flight limit. Fault injection
 * (--fault) reaches only the tasks run as in seq.
 */
#include "bench/modes/mode.h"

#include <errno.h>
#include <stdlib.h>

extern const struct mode mode_seq;

struct async {
	const struct job *job;
	void *seq;		/* no run_async: a seq pool does the work */
};

static int async_create(void **pool, const struct job *job)
{
	struct async *a = calloc(1, sizeof(*a));
	int rc;

	if (!a)
		return -ENOMEM;
	a->job = job;
	if (!job->wl->run_async) {
		rc = mode_seq.create(&a->seq, job);
		if (rc) {
			free(a);
			return rc;
		}
	}
	*pool = a;
	return 0;
}

static int async_run(void *pool, struct task_out *outs)
{
	struct async *a = pool;
	const struct job *job = a->job;

	if (a->seq)
		return mode_seq.run(a->seq, outs);
	return job->wl->run_async(job->state, job->ntasks, job->workers, outs);
}

static void async_destroy(void *pool, struct pool_stats *st)
{
	struct async *a = pool;

	if (a->seq)
		mode_seq.destroy(a->seq, st);
	free(a);
}

/* One thread, and the descriptors of every operation in flight; without
 * run_async the tasks run one after another. */
static void async_needs(const struct job *job, struct mode_needs *n)
{
	const struct workload *wl = job->wl;

	n->fds_per = wl->run_async ? wl->fds_per_async : wl->fds_per_worker;
	n->fds = wl->run_async ? (unsigned long)job->workers * n->fds_per :
				 n->fds_per;
}

const struct mode mode_async = {
	.name = "async",
	.desc = "one thread, one event loop, up to --workers operations in flight",
	.flags = MODE_F_ONE_THREAD,
	.create = async_create,
	.run = async_run,
	.destroy = async_destroy,
	.needs = async_needs,
	.look = { "#56B4E9", 6, "\u25cb", "open circle",
		  "One thread with an event loop, like `asyncio`: many I/O "
		  "waits in flight at once, but CPU work runs one task at a "
		  "time." },
};
