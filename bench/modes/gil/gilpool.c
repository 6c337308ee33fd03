/* gilpool.c - see gilpool.h. */
#include "bench/modes/gil/gilpool.h"
#include "bench/modes/tpool.h"

#include <errno.h>
#include <stdlib.h>

struct gilpool {
	struct gil *gil;
	struct tpool *tp;
};

int gilpool_create(void **pool, const struct job *job, enum gil_kind kind)
{
	struct gilpool *gp = calloc(1, sizeof(*gp));
	struct tpool_hooks hooks = {
		.enter = gil_thread_enter,
		.leave = gil_thread_leave,
	};
	int rc;

	if (!gp)
		return -ENOMEM;
	rc = gil_create(&gp->gil, kind, job->switch_interval_s,
			job->check_interval);
	if (rc) {
		free(gp);
		return rc;
	}
	hooks.arg = gp->gil;
	rc = tpool_create(&gp->tp, job, &hooks);
	if (rc) {
		gil_destroy(gp->gil);
		free(gp);
		return rc;
	}
	*pool = gp;
	return 0;
}

int gilpool_run(void *pool, struct task_out *outs)
{
	return tpool_run(((struct gilpool *)pool)->tp, outs);
}

void gilpool_destroy(void *pool, struct pool_stats *st)
{
	struct gilpool *gp = pool;
	struct gil_stats gs;

	tpool_destroy(gp->tp);
	gil_get_stats(gp->gil, &gs);
	if (st) {
		/* Added, not set: --pool fresh destroys a pool per batch. */
		st->has_gil = 1;
		st->gil_wait_s += gs.wait_s;
		st->gil_switches += gs.switches;
		st->gil_forced += gs.forced;
		st->gil_futile += gs.futile;
		st->gil_violations += gs.violations;
	}
	gil_destroy(gp->gil);
	free(gp);
}
