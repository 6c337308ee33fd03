/*
 * tpool.c - see tpool.h. One mutex and two condition variables: `go`
 * wakes workers for a new batch (a generation counter tells a real batch
 * from a spurious wake-up), `done` wakes the caller when the last worker
 * has finished. Task indexes come from an atomic counter on its own cache
 * line, so workers never touch the mutex between tasks.
 */
#include "bench/modes/tpool.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* The stack of a pool thread. A task needs little (the deepest is a
 * libcurl transfer, some tens of KiB); glibc's default is the stack
 * ulimit, 8 MiB, which at 10,000 threads reserves 80 GiB of address space
 * (only the touched pages are resident either way). Sanitizers need
 * several times more per frame. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define THREAD_STACK (2u << 20)
#else
#define THREAD_STACK (256u << 10)
#endif

struct tpool {
	/* Written by every worker for every task: keep it alone on its
	 * cache line so it does not bounce the fields below. */
	_Alignas(64) atomic_uint_fast64_t next;
	_Alignas(64) pthread_mutex_t mu;
	pthread_cond_t go, done;
	const struct job *job;
	struct tpool_hooks hooks;
	struct task_out *outs;	/* the current batch's results */
	uint64_t generation;	/* bumped per batch; guarded by mu */
	unsigned started;	/* workers past worker_init; guarded by mu */
	unsigned finished;	/* workers done with this batch; by mu */
	int init_error;		/* first worker_init failure; by mu */
	int shutdown;		/* guarded by mu */
	unsigned nthreads;	/* threads actually created */
	pthread_t *threads;
};

static void run_batch(struct tpool *tp, void *wstate)
{
	const uint64_t n = tp->job->ntasks;
	uint64_t i;

	if (tp->hooks.enter)
		tp->hooks.enter(tp->hooks.arg);
	while ((i = atomic_fetch_add_explicit(&tp->next, 1,
					      memory_order_relaxed)) < n)
		gb_task_run(tp->job, wstate, i, &tp->outs[i]);
	if (tp->hooks.leave)
		tp->hooks.leave(tp->hooks.arg);
}

static void *worker(void *arg)
{
	struct tpool *tp = arg;
	void *wstate = NULL;
	uint64_t seen = 0;
	int rc = 0;

	pthread_setname_np(pthread_self(), "gb-worker");
	if (tp->job->wl->worker_init)
		rc = tp->job->wl->worker_init(tp->job->state, &wstate);
	pthread_mutex_lock(&tp->mu);
	if (rc && !tp->init_error)
		tp->init_error = rc;
	tp->started++;
	pthread_cond_broadcast(&tp->done);
	for (;;) {
		while (!tp->shutdown && tp->generation == seen)
			pthread_cond_wait(&tp->go, &tp->mu);
		if (tp->shutdown)
			break;
		seen = tp->generation;
		pthread_mutex_unlock(&tp->mu);
		run_batch(tp, wstate);
		pthread_mutex_lock(&tp->mu);
		if (++tp->finished == tp->nthreads)
			pthread_cond_signal(&tp->done);
	}
	pthread_mutex_unlock(&tp->mu);
	if (tp->job->wl->worker_fini && !rc)
		tp->job->wl->worker_fini(wstate);
	return NULL;
}

int tpool_create(struct tpool **out, const struct job *job,
		 const struct tpool_hooks *hooks)
{
	struct tpool *tp;
	pthread_attr_t attr;
	int rc = 0;

	tp = aligned_alloc(64, (sizeof(*tp) + 63) / 64 * 64);
	if (!tp)
		return -ENOMEM;
	memset(tp, 0, sizeof(*tp));
	tp->threads = calloc(job->workers ? job->workers : 1,
			     sizeof(*tp->threads));
	if (!tp->threads) {
		free(tp);
		return -ENOMEM;
	}
	tp->job = job;
	if (hooks)
		tp->hooks = *hooks;
	pthread_mutex_init(&tp->mu, NULL);
	pthread_cond_init(&tp->go, NULL);
	pthread_cond_init(&tp->done, NULL);

	/* Small stacks; EINVAL (below PTHREAD_STACK_MIN, or off the page
	 * size) leaves the default. */
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, THREAD_STACK);
	for (unsigned i = 0; i < job->workers; i++) {
		rc = pthread_create(&tp->threads[i], &attr, worker, tp);
		if (rc) {
			rc = -rc;
			break;
		}
		tp->nthreads++;
	}
	pthread_attr_destroy(&attr);
	/* Start-up handshake: every thread has run worker_init. */
	pthread_mutex_lock(&tp->mu);
	while (tp->started < tp->nthreads)
		pthread_cond_wait(&tp->done, &tp->mu);
	if (!rc)
		rc = tp->init_error;
	pthread_mutex_unlock(&tp->mu);
	if (rc) {
		tpool_destroy(tp);
		return rc;
	}
	*out = tp;
	return 0;
}

int tpool_run(struct tpool *tp, struct task_out *outs)
{
	pthread_mutex_lock(&tp->mu);
	tp->outs = outs;
	tp->finished = 0;
	atomic_store_explicit(&tp->next, 0, memory_order_relaxed);
	tp->generation++;
	pthread_cond_broadcast(&tp->go);
	while (tp->finished < tp->nthreads)
		pthread_cond_wait(&tp->done, &tp->mu);
	pthread_mutex_unlock(&tp->mu);
	return 0;
}

void tpool_destroy(struct tpool *tp)
{
	pthread_mutex_lock(&tp->mu);
	tp->shutdown = 1;
	pthread_cond_broadcast(&tp->go);
	pthread_mutex_unlock(&tp->mu);
	for (unsigned i = 0; i < tp->nthreads; i++)
		pthread_join(tp->threads[i], NULL);
	pthread_cond_destroy(&tp->go);
	pthread_cond_destroy(&tp->done);
	pthread_mutex_destroy(&tp->mu);
	free(tp->threads);
	free(tp);
}
