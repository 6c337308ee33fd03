/*
 * tpool.h - a pthread pool that runs one batch of tasks at a time.
 *
 * Workers take task indexes from a shared atomic counter (dynamic dispatch
 * at the cost of one fetch-and-add per task), so the pool needs its mutex
 * only to start a batch and to notice its end. The `threads` and the GIL
 * modes are this pool; the GIL modes pass hooks that take the simulated
 * lock when a worker starts a batch and drop it when it runs out of tasks.
 */
#ifndef GB_TPOOL_H
#define GB_TPOOL_H

#include "bench/modes/mode.h"

struct tpool;

struct tpool_hooks {
	void (*enter)(void *arg);	/* in the worker, before its first task */
	void (*leave)(void *arg);	/* in the worker, after its last task */
	void *arg;
};

/* Start job->workers threads; returns once each has run the workload's
 * worker_init. hooks may be NULL. 0 or -errno. */
int tpool_create(struct tpool **out, const struct job *job,
		 const struct tpool_hooks *hooks);
/* Run every task of the job once. Not thread-safe: one caller. */
int tpool_run(struct tpool *tp, struct task_out *outs);
/* Tell the workers to stop, and join them. */
void tpool_destroy(struct tpool *tp);

#endif
