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
 * The old design follows CPython 2.7 (Python/ceval.c, the _Py_Ticker
 * block of PyEval_EvalFrameEx(); Python/thread_pthread.h): see the legacy
 * section below.
 *
 * The thread identity CPython keeps in last_holder (the PyThreadState) is
 * the address of a thread-local token here.
 */
#include "bench/modes/gil/gil.h"
#include "bench/core/util.h"

#include <errno.h>
#include <linux/futex.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

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

	/* Statistics, guarded by mutex (new) or by the lock itself
	 * (legacy: only the holder writes them), but for the atomics. */
	double wait_s;
	uint64_t takes, handoffs, drop_requests;
	atomic_uint_fast64_t futile;	/* legacy: counted by waiters */
	atomic_uint_fast64_t forced;	/* counted under switch_mutex */
	atomic_uint_fast64_t violations;
	atomic_int holders;		/* for the never-two-holders check */

	/* legacy: the semaphore (1 = free), and the threads registered as
	 * sleeping on it, as glibc's sem_t keeps them. */
	atomic_uint sem_value;
	atomic_uint sem_waiters;
	/* legacy: CPython's _Py_Ticker, one per interpreter, in checkpoints
	 * left; and how many checkpoints make one check interval of 2.7's
	 * time. Only the holder touches these, so the lock orders them. */
	long ticks;
	double interval_cps;		/* checkpoints per check interval */
	double interval_s;		/* check_interval ticks, in seconds */
	double interval_t0;		/* when this check interval began */
	uint64_t interval_takes;	/* takes then: unchanged = one holder */
	uint64_t intervals;		/* check intervals so far */
};

/* Per-thread state: the identity token. */
static _Thread_local char tls_token;

#define SELF ((uintptr_t)&tls_token)

/* The process-wide eval breaker doubles as the drop request, as in
 * CPython, where gil_drop_request is one of the eval breaker's bits. */
static void set_drop_request(void)
{
	atomic_fetch_or_explicit(&gb_eval_breaker, GB_BREAK_GIL,
				 memory_order_relaxed);
}

/* The breaker's other bit (a stop request) is not ours to clear. */
static void reset_drop_request(void)
{
	atomic_fetch_and_explicit(&gb_eval_breaker, ~GB_BREAK_GIL,
				  memory_order_relaxed);
}

static int drop_requested(void)
{
	return atomic_load_explicit(&gb_eval_breaker, memory_order_relaxed) &
	       GB_BREAK_GIL;
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

/*
 * CPython 2.7's eval loop counts down _Py_Ticker at every opcode that
 * returns to the loop head; at zero it resets it to _Py_CheckInterval
 * (100, sys.setcheckinterval), calls PyThread_release_lock() and at once
 * PyThread_acquire_lock(): no hand-off, no timed wait, no priority.
 * Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS make the same two calls.
 * On Linux the lock is a POSIX semaphore (thread_pthread.h, USE_SEMAPHORES):
 * release is sem_post, acquire is sem_wait. The two functions below are
 * glibc's algorithm (nptl sem_post.c, sem_waitcommon.c), written out so
 * that the futile wake-ups can be counted:
 *
 *   post: add the token; then, if any thread is registered as a waiter,
 *         futex-wake one - a system call on every post while a waiter is
 *         registered, even one that is already awake. The token is free
 *         during that call: the woken thread's chance.
 *   wait: take a token if there is one (no system call); else register
 *         as a waiter and sleep until the value is no longer 0, then try
 *         again. A thread woken to find the token gone sleeps again: a
 *         futile wake-up.
 *
 * The releasing thread's own wait runs nanoseconds after its post, a
 * woken thread needs microseconds to run, so the releaser nearly always
 * wins the lock back; the woken thread's chance is the post's system call.
 */

static long futex(atomic_uint *word, int op, unsigned val)
{
	return syscall(SYS_futex, (void *)word, op, val, NULL, NULL, 0);
}

static void take_legacy(struct gil *g)
{
	unsigned v = atomic_load_explicit(&g->sem_value, memory_order_relaxed);
	double t0, waited = 0;
	int woken = 0, got = 0;

	/* The fast path: a free token, taken without a system call. */
	while (v > 0 && !got)
		got = atomic_compare_exchange_weak_explicit(&g->sem_value, &v,
				v - 1, memory_order_acquire,
				memory_order_relaxed);
	if (!got) {
		t0 = gb_now();
		/* seq_cst, as is post's add: either post sees the waiter and
		 * wakes it, or this thread sees the token (futex wait returns
		 * at once when the value is no longer 0). */
		atomic_fetch_add(&g->sem_waiters, 1);
		for (;;) {
			v = atomic_load(&g->sem_value);
			if (v == 0) {
				if (woken)
					atomic_fetch_add(&g->futile, 1);
				woken = futex(&g->sem_value, FUTEX_WAIT_PRIVATE,
					      0) == 0;
				continue;
			}
			if (atomic_compare_exchange_weak_explicit(&g->sem_value,
					&v, v - 1, memory_order_acquire,
					memory_order_relaxed))
				break;
		}
		atomic_fetch_sub(&g->sem_waiters, 1);
		waited = gb_now() - t0;
	}
	note_holder_in(g);
	note_switch(g);
	g->takes++;
	g->wait_s += waited;
}

static void drop_legacy(struct gil *g)
{
	note_holder_out(g);
	atomic_fetch_add(&g->sem_value, 1);
	if (atomic_load(&g->sem_waiters) > 0)
		futex(&g->sem_value, FUTEX_WAKE_PRIVATE, 1);
}

/*
 * A tick is time, not a checkpoint. 2.7 counts opcodes; the C kernels do
 * a "bytecode's" work far faster than 2.7 does (primes: 3.4 ns per
 * checkpoint, 2.7 some 11 ns per tick), and what a release costs (a
 * wake-up system call while a thread waits, the wake-up of a halted vCPU)
 * does not shrink with them: 100 checkpoints of primes released the lock
 * three times as often as 2.7 does, and gave 2 threads 0.41-0.57x of seq
 * against 2.7's 0.65. So a check interval is check_interval x
 * LEGACY_TICK_S of the holder's time, and the countdown counts as many
 * checkpoints as fit in it, re-estimated from the clock over one interval
 * in LEGACY_SAMPLE_EVERY, when one thread held the lock throughout it (no
 * blocking section, no other holder).
 *
 * LEGACY_TICK_S: CPython 2.7.18 on this project's 2-vCPU VM, the articles'
 * snippets with 2 threads' worth of GIL: range(100_000, 200_000) through
 * is_prime() makes 145,606 lock releases (counted by an LD_PRELOAD
 * counter of sem_post, notes/13-probes/semcount.c) in 0.165-0.183 s, and
 * sum(i * i for i in range(2_000_000)) 79,280 in 0.075-0.098 s: 100 ticks
 * take 0.95-1.25 us, 11 ns a tick (notes/13-measure.md).
 */
#define LEGACY_TICK_S 11e-9
/* One re-estimate moves the checkpoints per interval by at most this
 * factor (and by the square root of the measured one): an interval
 * stretched by a preemption must not swing it. */
#define LEGACY_ADAPT_MAX 4.0
/* Time one check interval in this many: two clock reads per interval
 * would cost more than 2.7's own tick does (its two uncontended semaphore
 * operations, some 2% of an interval). */
#define LEGACY_SAMPLE_EVERY 8

static void legacy_tick(struct gil *g)
{
	if (g->interval_t0 > 0 && g->takes == g->interval_takes) {
		double el = gb_now() - g->interval_t0;
		double f = el > 0 ? g->interval_s / el : LEGACY_ADAPT_MAX;

		if (f > LEGACY_ADAPT_MAX)
			f = LEGACY_ADAPT_MAX;
		if (f < 1 / LEGACY_ADAPT_MAX)
			f = 1 / LEGACY_ADAPT_MAX;
		g->interval_cps *= sqrt(f);
		if (g->interval_cps < 1)
			g->interval_cps = 1;
	}
	g->ticks = (long)(g->interval_cps + 0.5);
	drop_legacy(g);
	/* Other threads may run now. */
	take_legacy(g);
	g->interval_t0 = 0;
	if (++g->intervals % LEGACY_SAMPLE_EVERY == 0) {
		g->interval_t0 = gb_now();
		g->interval_takes = g->takes;
	}
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
	legacy_tick(g);
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
	g->interval_cps = check_interval;
	g->interval_s = check_interval * LEGACY_TICK_S;
	g->interval_takes = UINT64_MAX;	/* the first interval is no sample */
	atomic_store(&g->sem_value, 1);
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
	if (kind == GIL_LEGACY)
		set_drop_request();
	else
		reset_drop_request();
	*out = g;
	return 0;
}

void gil_destroy(struct gil *g)
{
	if (!g)
		return;
	reset_drop_request();
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
	st->futile += atomic_load(&g->futile);
	st->violations += atomic_load(&g->violations);
	pthread_mutex_unlock(&g->mutex);
}
