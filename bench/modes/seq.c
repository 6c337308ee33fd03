/*
 * seq.c - the baseline: every task one after another in the calling
 * thread. Its "pool" is the workload's per-worker state.
 */
#include "bench/modes/mode.h"

#include <errno.h>
#include <stdlib.h>

struct seq {
	const struct job *job;
	void *wstate;
};

static int seq_create(void **pool, const struct job *job)
{
	struct seq *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return -ENOMEM;
	s->job = job;
	if (job->wl->worker_init) {
		rc = job->wl->worker_init(job->state, &s->wstate);
		if (rc) {
			free(s);
			return rc;
		}
	}
	*pool = s;
	return 0;
}

static int seq_run(void *pool, struct task_out *outs)
{
	struct seq *s = pool;

	for (uint64_t i = 0; i < s->job->ntasks; i++)
		gb_task_run(s->job, s->wstate, i, &outs[i]);
	return 0;
}

static void seq_destroy(void *pool, struct pool_stats *st)
{
	struct seq *s = pool;

	(void)st;
	if (s->job->wl->worker_fini)
		s->job->wl->worker_fini(s->wstate);
	free(s);
}

const struct mode mode_seq = {
	.name = "seq",
	.desc = "the tasks one after another in the calling thread (baseline)",
	.flags = MODE_F_SINGLE | MODE_F_BASELINE,
	.create = seq_create,
	.run = seq_run,
	.destroy = seq_destroy,
	.look = { "#000000", 5, "\u25a0", "filled square",
		  "The tasks one after another in one thread: the baseline "
		  "every speedup is measured against." },
};
