/*
 * gil.c - see gil.h. The new design follows CPython's take_gil() and
 * drop_gil() (Python/ceval_gil.c, 3.2 to 3.12) step by step, with
 * FORCE_SWITCHING on, as described in shared GIL.md:
 *
 *   take:  lock mutex; while locked: remember switch_number, timed wait
 *          on cond for one interval; if it timed out, the lock is still
 *          held and switch_number has not moved, set the drop request.
 *          Then under switch_mutex: locked = 1, count a switch if we are
 *          not last_holder, signal switch_cond. Clear the drop request.
 *   drop:  last_holder = self; under mutex locked = 0, signal cond (one
 *          waiter). If a drop request is pending: under switch_mutex, if
 *          last_holder is still self, clear it and wait on switch_cond
 *          until another thread has taken the lock.
 *
 * The thread identity CPython keeps in last_holder (the PyThreadState) is
 * the address of a thread-local token here.
 */
#include "bench/modes/gil/gil.h"
#include "bench/core/util.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct gil {
	enum gil_kind kind;
	long interval_ns;
	unsigned check_interval;

	pthread_mutex_t mutex;		/* guards locked's changes, stats */
	pthread_cond_t cond;		/* locked changed */
	pthread_mutex_t switch_mutex;	/* new: forced switching */
	pthread_cond_t switch_cond;	/* new: someone took the lock */
	atomic_int locked;		/* read without the mutex, as CPython */
	_Atomic(uintptr_t) last_holder;
	unsigned long switch_number;	/* guarded by mutex */

	/* Statistics, guarded by mutex, but for the atomics. */
	double wait_s;
	uint64_t takes, handoffs, drop_requests, futile;
	atomic_uint_fast64_t forced;	/* counted under switch_mutex */
	atomic_uint_fast64_t violations;
	atomic_int holders;		/* for the never-two-holders check */
	/* legacy: CPython's _Py_Ticker, one per interpreter; only the
	 * holder touches it, so the lock itself orders the accesses. */
	long ticks;
};

/* Per-thread state: the identity token. */
static _Thread_local char tls_token;

#define SELF ((uintptr_t)&tls_token)

/* The process-wide eval breaker doubles as the drop request, as in
 * CPython, where gil_drop_request is one of the eval breaker's bits. */
static void set_drop_request(void)
{
	atomic_store_explicit(&gb_eval_breaker, 1, memory_order_relaxed);
}

static void reset_drop_request(void)
{
	atomic_store_explicit(&gb_eval_breaker, 0, memory_order_relaxed);
}

static int drop_requested(void)
{
	return atomic_load_explicit(&gb_eval_breaker, memory_order_relaxed);
}

static void note_holder_in(struct gil *g)
{
	if (atomic_fetch_add(&g->holders, 1) != 0)
		atomic_fetch_add(&g->violations, 1);
}

static void note_holder_out(struct gil *g)
{
	atomic_fetch_sub(&g->holders, 1);
}

/* Called with the lock just taken. CPython's switch_number counts the
 * very first take too; the hand-off statistic does not. */
static void note_switch(struct gil *g)
{
	uintptr_t last = atomic_load_explicit(&g->last_holder,
					      memory_order_relaxed);

	if (last != SELF) {
		atomic_store_explicit(&g->last_holder, SELF,
				      memory_order_relaxed);
		g->switch_number++;
		if (last)
			g->handoffs++;
	}
}

/* ---- CPython 3.2+ ---------------------------------------------------- */

static void take_new(struct gil *g)
{
	double t0 = 0;

	pthread_mutex_lock(&g->mutex);
	/* Only a contended take is timed: the clock is not free, and an
	 * uncontended take waits for nothing. */
	if (atomic_load_explicit(&g->locked, memory_order_relaxed))
		t0 = gb_now();
	while (atomic_load_explicit(&g->locked, memory_order_relaxed)) {
		unsigned long saved = g->switch_number;
		struct timespec dl;
		int rc;

		clock_gettime(CLOCK_MONOTONIC, &dl);
		dl.tv_nsec += g->interval_ns;
		dl.tv_sec += dl.tv_nsec / 1000000000L;
		dl.tv_nsec %= 1000000000L;
		rc = pthread_cond_timedwait(&g->cond, &g->mutex, &dl);
		/* Timed out with no switch in the meantime: ask the holder
		 * to drop the lock. */
		if (rc == ETIMEDOUT &&
		    atomic_load_explicit(&g->locked, memory_order_relaxed) &&
		    g->switch_number == saved) {
			set_drop_request();
			g->drop_requests++;
		}
	}
	pthread_mutex_lock(&g->switch_mutex);
	atomic_store_explicit(&g->locked, 1, memory_order_relaxed);
	note_holder_in(g);
	note_switch(g);
	pthread_cond_signal(&g->switch_cond);
	pthread_mutex_unlock(&g->switch_mutex);
	if (drop_requested())
		reset_drop_request();
	g->takes++;
	if (t0 > 0)
		g->wait_s += gb_now() - t0;
	pthread_mutex_unlock(&g->mutex);
}

static void drop_new(struct gil *g)
{
	atomic_store_explicit(&g->last_holder, SELF, memory_order_relaxed);
	note_holder_out(g);
	pthread_mutex_lock(&g->mutex);
	atomic_store_explicit(&g->locked, 0, memory_order_relaxed);
	pthread_cond_signal(&g->cond);
	pthread_mutex_unlock(&g->mutex);
	/* Forced switching: a waiter asked for the lock, so do not race it
	 * for the lock we just dropped; wait until it has it. */
	if (drop_requested()) {
		pthread_mutex_lock(&g->switch_mutex);
		if (atomic_load_explicit(&g->last_holder,
					 memory_order_relaxed) == SELF) {
			reset_drop_request();
			/* CPython waits once, without a loop: a spurious
			 * wake-up just ends the wait early. */
			pthread_cond_wait(&g->switch_cond, &g->switch_mutex);
			/* Not under mutex: take_new() nests switch_mutex
			 * inside mutex, so the reverse would deadlock. */
			atomic_fetch_add(&g->forced, 1);
		}
		pthread_mutex_unlock(&g->switch_mutex);
	}
}

/* ---- CPython up to 3.1 ----------------------------------------------- */

static void take_legacy(struct gil *g)
{
	double t0 = 0;

	pthread_mutex_lock(&g->mutex);
	if (atomic_load_explicit(&g->locked, memory_order_relaxed))
		t0 = gb_now();
	while (atomic_load_explicit(&g->locked, memory_order_relaxed)) {
		pthread_cond_wait(&g->cond, &g->mutex);
		/* Woken, but someone (usually the releaser) took it first. */
		if (atomic_load_explicit(&g->locked, memory_order_relaxed))
			g->futile++;
	}
	atomic_store_explicit(&g->locked, 1, memory_order_relaxed);
	note_holder_in(g);
	note_switch(g);
	g->takes++;
	if (t0 > 0)
		g->wait_s += gb_now() - t0;
	pthread_mutex_unlock(&g->mutex);
}

static void drop_legacy(struct gil *g)
{
	note_holder_out(g);
	pthread_mutex_lock(&g->mutex);
	atomic_store_explicit(&g->locked, 0, memory_order_relaxed);
	pthread_cond_signal(&g->cond);
	pthread_mutex_unlock(&g->mutex);
}

/* ---- the hooks -------------------------------------------------------- */

static void take(struct gil *g)
{
	if (g->kind == GIL_NEW)
		take_new(g);
	else
		take_legacy(g);
}

static void drop(struct gil *g)
{
	if (g->kind == GIL_NEW)
		drop_new(g);
	else
		drop_legacy(g);
}

/* The slow path of gb_checkpoint(): the eval loop's "give another thread
 * a chance". */
static void on_checkpoint(void *lock)
{
	struct gil *g = lock;

	if (g->kind == GIL_NEW) {
		if (drop_requested()) {
			drop_new(g);
			take_new(g);
		}
		return;
	}
	if (--g->ticks > 0)
		return;
	g->ticks = g->check_interval;
	drop_legacy(g);
	take_legacy(g);
}

static void on_release(void *lock)
{
	drop(lock);
}

static void on_acquire(void *lock)
{
	take(lock);
}

static const struct gb_lock_ops gil_ops = {
	.checkpoint = on_checkpoint,
	.release = on_release,
	.acquire = on_acquire,
};

void gil_thread_enter(void *lock)
{
	struct gil *g = lock;

	gb_hooks_attach(&gil_ops, g);
	take(g);
}

void gil_thread_leave(void *lock)
{
	drop(lock);
	gb_hooks_detach();
}

int gil_create(struct gil **out, enum gil_kind kind, double interval_s,
	       unsigned check_interval)
{
	pthread_condattr_t ca;
	struct gil *g;

	if (!(interval_s > 0) || check_interval < 1)
		return -EINVAL;
	g = calloc(1, sizeof(*g));
	if (!g)
		return -ENOMEM;
	g->kind = kind;
	g->interval_ns = (long)(interval_s * 1e9);
	if (g->interval_ns < 1)
		g->interval_ns = 1;
	g->check_interval = check_interval;
	g->ticks = check_interval;
	pthread_mutex_init(&g->mutex, NULL);
	pthread_mutex_init(&g->switch_mutex, NULL);
	/* Timed waits against CLOCK_MONOTONIC: a clock change must not
	 * stretch or cut a switch interval. */
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&g->cond, &ca);
	pthread_condattr_destroy(&ca);
	pthread_cond_init(&g->switch_cond, NULL);
	/* The legacy design checks its tick counter at every checkpoint:
	 * keep the breaker set so every checkpoint takes the slow path. */
	atomic_store(&gb_eval_breaker, kind == GIL_LEGACY);
	*out = g;
	return 0;
}

void gil_destroy(struct gil *g)
{
	if (!g)
		return;
	atomic_store(&gb_eval_breaker, 0);
	pthread_cond_destroy(&g->cond);
	pthread_cond_destroy(&g->switch_cond);
	pthread_mutex_destroy(&g->mutex);
	pthread_mutex_destroy(&g->switch_mutex);
	free(g);
}

void gil_add_stats(struct gil *g, struct gil_stats *st)
{
	pthread_mutex_lock(&g->mutex);
	st->wait_s += g->wait_s;
	st->takes += g->takes;
	st->switches += g->handoffs;
	st->drop_requests += g->drop_requests;
	st->forced += atomic_load(&g->forced);
	st->futile += g->futile;
	st->violations += atomic_load(&g->violations);
	pthread_mutex_unlock(&g->mutex);
}
