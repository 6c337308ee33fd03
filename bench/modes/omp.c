/*
 * omp.c - the tasks as an OpenMP `parallel for schedule(dynamic,1)`:
 * libgomp's own team of threads hands out one iteration at a time. Not a
 * Python analogue but a yardstick: the least that dynamic dispatch of
 * tasks to threads can cost, to set beside the `threads` pool (`empty`
 * under both gives us_per_task for each).
 *
 * libgomp keeps its team alive between parallel regions, so start-up
 * here is only the first region's; the workers' worker_init runs in a
 * region of its own in create, indexed by OpenMP thread number.
 */
#include "bench/modes/mode.h"

#include <errno.h>
#include <omp.h>
#include <stdlib.h>

struct omp_pool {
	const struct job *job;
	int nthreads;
	void **wstate;		/* per OpenMP thread number */
	int init_error;
};

static void omp_destroy(void *pool, struct pool_stats *st);

static int omp_create(void **pool, const struct job *job)
{
	struct omp_pool *op = calloc(1, sizeof(*op));

	if (!op)
		return -ENOMEM;
	op->job = job;
	op->nthreads = (int)job->workers;
	op->wstate = calloc(job->workers ? job->workers : 1,
			    sizeof(*op->wstate));
	if (!op->wstate) {
		free(op);
		return -ENOMEM;
	}
	#pragma omp parallel num_threads(op->nthreads)
	{
		int t = omp_get_thread_num(), rc = 0;

		if (job->wl->worker_init)
			rc = job->wl->worker_init(job->state, &op->wstate[t]);
		if (rc) {
			#pragma omp critical
			op->init_error = rc;
		}
	}
	if (op->init_error) {
		int rc = op->init_error;

		omp_destroy(op, NULL);
		return rc;
	}
	*pool = op;
	return 0;
}

static int omp_run(void *pool, struct task_out *outs)
{
	struct omp_pool *op = pool;
	const struct job *job = op->job;
	/* OpenMP wants a signed loop variable of a type it knows. */
	long long n = (long long)job->ntasks;

	#pragma omp parallel for schedule(dynamic, 1) num_threads(op->nthreads)
	for (long long i = 0; i < n; i++)
		gb_task_run(job, op->wstate[omp_get_thread_num()],
			    (uint64_t)i, &outs[i]);
	return 0;
}

static void omp_destroy(void *pool, struct pool_stats *st)
{
	struct omp_pool *op = pool;

	(void)st;
	if (op->job->wl->worker_fini) {
		#pragma omp parallel num_threads(op->nthreads)
		{
			int t = omp_get_thread_num();

			if (op->wstate[t])
				op->job->wl->worker_fini(op->wstate[t]);
		}
	}
	free(op->wstate);
	free(op);
}

const struct mode mode_omp = {
	.name = "omp",
	.desc = "an OpenMP parallel for, schedule(dynamic,1): the floor "
		"of thread dispatch",
	.create = omp_create,
	.run = omp_run,
	.destroy = omp_destroy,
	.needs = gb_mode_needs_threads,
	.look = { "#332288", 8, "\u25b3", "open triangle",
		  "An OpenMP parallel loop: the quickest way C hands tasks to "
		  "threads, the floor of what dispatching a task costs." },
};
