/*
 * empty.c - tasks that do nothing: task i returns i + 1 at once. What a
 * pool costs by itself: run with --tasks 0 its start-up alone (start-up
 * per worker = startup_s / workers), with many tasks what handing one
 * task to a worker and getting its result back costs (the metric,
 * us_per_task = wall time / tasks).
 */
#include "workloads/workload.h"

#include <stdlib.h>

/* The value makes every task's answer different, so a task that was
 * skipped, run twice or answered for another is caught. */
static void empty_task(void *state, void *wstate, uint64_t i,
		       struct task_out *out)
{
	(void)state;
	(void)wstate;
	out->value = i + 1;
}

static uint64_t empty_expect(void *state, uint64_t i)
{
	(void)state;
	return i + 1;
}

const struct workload wl_empty = {
	.name = "empty",
	.kind = WL_COST,
	.desc = "tasks that do nothing: the cost of a pool itself",
	.size_doc = "unused",
	.default_tasks = 10000,
	.default_size = 1,
	.max_size = UINT64_MAX,
	.metric = "us_per_task",
	.flags = WL_F_TIME_PER_TASK,
	.setup = wl_setup_none,
	.run_task = empty_task,
	.expect = empty_expect,
	.unit = "unused",
	.gloss = "Tasks that do nothing: what handing a task to a pool costs, "
		 "and what starting the pool costs.",
};
