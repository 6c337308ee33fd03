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
 *
 * The other policies of gil.h (fifo, io-priority) are their own take and
 * drop functions beside CPython's, sharing its switch interval, drop
 * request and bookkeeping. Trace points (core/trace.h) are one call each,
 * a predicted branch when tracing is off; a drop is stamped before the
 * lock is released and a take after it is taken, so a trace never shows
 * two holders at once.
 */
#include "bench/modes/gil/gil.h"
#include "bench/core/trace.h"
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

/* A thread queued for the lock (fifo): it sleeps on its own condition
 * variable until the dropping thread hands the lock to it. */
struct waiter {
	pthread_cond_t cv;
	struct waiter *next;
	int granted;
};

struct gil {
	enum gil_kind kind;
	enum gil_policy policy;
	long interval_ns;
	unsigned check_interval;

	pthread_mutex_t mutex;		/* guards locked's changes, stats */
	pthread_cond_t cond;		/* locked changed */
	pthread_condattr_t cattr;	/* CLOCK_MONOTONIC, for timed waits */
	/* io-priority: threads back from a blocking section waiting for
	 * the lock, and where they sleep; guarded by mutex. */
	unsigned prio_waiters;
	pthread_cond_t prio_cond;
	/* fifo: the queue, oldest first; guarded by mutex. */
	struct waiter *head, *tail;
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

/* The deadline of a timed wait: one switch interval from now. */
static struct timespec interval_deadline(const struct gil *g)
{
	struct timespec dl;

	clock_gettime(CLOCK_MONOTONIC, &dl);
	dl.tv_nsec += g->interval_ns;
	dl.tv_sec += dl.tv_nsec / 1000000000L;
	dl.tv_nsec %= 1000000000L;
	return dl;
}

/* The trace's "want": its time, or 0 when tracing is off. Stamped under
 * the mutex, so the wants of a trace are in the order the lock saw them
 * (fifo's queue order). */
static uint64_t trace_want(void)
{
	uint64_t t;

	if (!gb_tracing())
		return 0;
	t = gb_trace_now();
	gb_trace_record_at(TR_WANT, t, 0);
	return t;
}

/* The trace's "take", with how long since "want". */
static void trace_take(uint64_t t_want)
{
	uint64_t t;

	if (!gb_tracing())
		return;
	t = gb_trace_now();
	gb_trace_record_at(TR_TAKE, t, t_want && t > t_want ? t - t_want : 0);
}

/* A waiter whose timed wait ran out with no switch meanwhile asks the
 * holder to drop the lock. Caller holds mutex. */
static void request_drop(struct gil *g)
{
	set_drop_request();
	g->drop_requests++;
	gb_trace(TR_DROP_REQUEST, 0);
}

/* Step 3 and 4 of take: the lock is ours. Caller holds mutex; t0 is when
 * a contended take began (0: it was not). */
static void take_locked(struct gil *g, double t0, uint64_t t_want)
{
	pthread_mutex_lock(&g->switch_mutex);
	atomic_store_explicit(&g->locked, 1, memory_order_relaxed);
	note_holder_in(g);
	note_switch(g);
	pthread_cond_signal(&g->switch_cond);
	pthread_mutex_unlock(&g->switch_mutex);
	/* io-priority: another thread back from I/O still waits, so the
	 * request stands for it. */
	if (drop_requested() && !g->prio_waiters)
		reset_drop_request();
	g->takes++;
	if (t0 > 0)
		g->wait_s += gb_now() - t0;
	trace_take(t_want);
}

/* CPython's wait: for the lock to be free (and, under io-priority, for
 * no thread back from I/O to be waiting), one interval at a time, asking
 * for a drop when an interval passed with no switch. Caller holds mutex. */
static void wait_cpython(struct gil *g)
{
	while (atomic_load_explicit(&g->locked, memory_order_relaxed) ||
	       g->prio_waiters) {
		unsigned long saved = g->switch_number;
		struct timespec dl = interval_deadline(g);
		int rc = pthread_cond_timedwait(&g->cond, &g->mutex, &dl);
		int locked = atomic_load_explicit(&g->locked,
						  memory_order_relaxed);

		if (rc == ETIMEDOUT && locked && g->switch_number == saved)
			request_drop(g);
		else if (rc == 0 && locked)
			/* Signalled by a drop, but someone barged in. */
			gb_trace(TR_FUTILE, 0);
	}
}

static void take_cpython(struct gil *g)
{
	uint64_t t_want;
	double t0 = 0;

	pthread_mutex_lock(&g->mutex);
	t_want = trace_want();
	/* Only a contended take is timed: the clock is not free, and an
	 * uncontended take waits for nothing. */
	if (atomic_load_explicit(&g->locked, memory_order_relaxed))
		t0 = gb_now();
	wait_cpython(g);
	take_locked(g, t0, t_want);
	pthread_mutex_unlock(&g->mutex);
}

/* io-priority: back from a blocking section (from_io), ask at once and
 * sleep where only a drop's hand-off wakes; otherwise wait as CPython
 * does, behind every thread back from I/O. */
static void take_io_priority(struct gil *g, int from_io)
{
	uint64_t t_want;
	double t0 = 0;

	pthread_mutex_lock(&g->mutex);
	t_want = trace_want();
	if (atomic_load_explicit(&g->locked, memory_order_relaxed) ||
	    g->prio_waiters)
		t0 = gb_now();
	if (from_io && atomic_load_explicit(&g->locked,
					    memory_order_relaxed)) {
		g->prio_waiters++;
		request_drop(g);
		while (atomic_load_explicit(&g->locked, memory_order_relaxed)) {
			pthread_cond_wait(&g->prio_cond, &g->mutex);
			if (atomic_load_explicit(&g->locked,
						 memory_order_relaxed))
				gb_trace(TR_FUTILE, 0);
		}
		g->prio_waiters--;
	} else {
		wait_cpython(g);
	}
	take_locked(g, t0, t_want);
	pthread_mutex_unlock(&g->mutex);
}

/* fifo: a free lock with nobody queued is taken at once (a queue implies
 * a holder: a drop hands the lock straight on). Otherwise queue, and ask
 * for a drop after an interval with no switch, as CPython does. */
static void take_fifo(struct gil *g)
{
	uint64_t t_want;
	double t0 = 0;

	pthread_mutex_lock(&g->mutex);
	t_want = trace_want();
	if (atomic_load_explicit(&g->locked, memory_order_relaxed)) {
		struct waiter w = { .granted = 0 };

		t0 = gb_now();
		pthread_cond_init(&w.cv, &g->cattr);
		if (g->tail)
			g->tail->next = &w;
		else
			g->head = &w;
		g->tail = &w;
		while (!w.granted) {
			unsigned long saved = g->switch_number;
			struct timespec dl = interval_deadline(g);
			int rc = pthread_cond_timedwait(&w.cv, &g->mutex, &dl);

			if (rc == ETIMEDOUT && !w.granted &&
			    g->switch_number == saved)
				request_drop(g);
		}
		pthread_cond_destroy(&w.cv);
		/* Handed over: `locked` never went to 0. */
	}
	take_locked(g, t0, t_want);
	pthread_mutex_unlock(&g->mutex);
}

/* fifo's drop: to the oldest waiter, or free when nobody waits. No
 * forced switching: the lock already went to someone else, and a thread
 * that wants it back queues behind them. */
static void drop_fifo(struct gil *g, int on_request)
{
	uint64_t t = 0;

	atomic_store_explicit(&g->last_holder, SELF, memory_order_relaxed);
	note_holder_out(g);
	pthread_mutex_lock(&g->mutex);
	if (gb_tracing())
		t = gb_trace_now();
	if (g->head) {
		struct waiter *w = g->head;

		g->head = w->next;
		if (!g->head)
			g->tail = NULL;
		w->granted = 1;
		pthread_cond_signal(&w->cv);
		if (on_request)
			atomic_fetch_add(&g->forced, 1);
	} else {
		atomic_store_explicit(&g->locked, 0, memory_order_relaxed);
	}
	pthread_mutex_unlock(&g->mutex);
	if (t)
		gb_trace_record_at(on_request ? TR_FORCED_DROP : TR_DROP, t, 0);
}

/* CPython's drop (io-priority's too: a drop wakes a thread back from I/O
 * first). on_request: at a checkpoint that saw the drop request. */
static void drop_cpython(struct gil *g, int on_request)
{
	uint64_t t = 0;
	int waited = 0;

	atomic_store_explicit(&g->last_holder, SELF, memory_order_relaxed);
	note_holder_out(g);
	pthread_mutex_lock(&g->mutex);
	if (gb_tracing())
		t = gb_trace_now();
	atomic_store_explicit(&g->locked, 0, memory_order_relaxed);
	pthread_cond_signal(g->prio_waiters ? &g->prio_cond : &g->cond);
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
			/* Not under mutex: take_cpython() nests
			 * switch_mutex inside mutex, so the reverse would
			 * deadlock. */
			atomic_fetch_add(&g->forced, 1);
			waited = 1;
		}
		pthread_mutex_unlock(&g->switch_mutex);
	}
	/* Stamped at the release; named once we know whether it waited. */
	if (t)
		gb_trace_record_at(on_request || waited ? TR_FORCED_DROP
							 : TR_DROP, t, 0);
}

static void take_new(struct gil *g, int from_io)
{
	switch (g->policy) {
	case GIL_POLICY_FIFO:
		take_fifo(g);
		break;
	case GIL_POLICY_IO_PRIORITY:
		take_io_priority(g, from_io);
		break;
	default:
		take_cpython(g);
	}
}

static void drop_new(struct gil *g, int on_request)
{
	if (g->policy == GIL_POLICY_FIFO)
		drop_fifo(g, on_request);
	else
		drop_cpython(g, on_request);
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

/* t_drop: when tracing, the stamp of this thread's own release just
 * before (a legacy tick, which drop_legacy leaves to this function to
 * record), with g->takes as it was then; 0 otherwise. A retake that got
 * the token at once, with no other take between (takes unchanged, which
 * only holders write), is one TR_TICK record at the release's time: a
 * tick is 1.1 us, and a clock read and three records per tick cost a CPU
 * workload 6-8%. Otherwise the tick's drop and want are recorded at that
 * time, and the take when it happens. */
static void take_legacy_after(struct gil *g, uint64_t t_drop,
			      uint64_t takes_at_drop)
{
	uint64_t t_want = t_drop ? t_drop : trace_want();
	unsigned v = atomic_load_explicit(&g->sem_value, memory_order_relaxed);
	double t0, waited = 0;
	int woken = 0, got = 0, tick;

	/* The fast path: a free token, taken without a system call. */
	while (v > 0 && !got)
		got = atomic_compare_exchange_weak_explicit(&g->sem_value, &v,
				v - 1, memory_order_acquire,
				memory_order_relaxed);
	tick = t_drop && got && g->takes == takes_at_drop;
	if (t_drop && !tick) {
		gb_trace_record_at(TR_DROP, t_drop, 1);
		gb_trace_record_at(TR_WANT, t_drop, 0);
	}
	if (!got) {
		t0 = gb_now();
		/* seq_cst, as is post's add: either post sees the waiter and
		 * wakes it, or this thread sees the token (futex wait returns
		 * at once when the value is no longer 0). */
		atomic_fetch_add(&g->sem_waiters, 1);
		for (;;) {
			v = atomic_load(&g->sem_value);
			if (v == 0) {
				if (woken) {
					atomic_fetch_add(&g->futile, 1);
					gb_trace(TR_FUTILE, 0);
				}
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
	if (tick)
		gb_trace_record_at(TR_TICK, t_drop, 0);
	else
		/* Stamped once the token is ours: after its release's. */
		trace_take(t_want);
	note_holder_in(g);
	note_switch(g);
	g->takes++;
	g->wait_s += waited;
}

static void take_legacy(struct gil *g)
{
	take_legacy_after(g, 0, 0);
}

/* tick: the countdown's release, not a blocking section's; its retake
 * (take_legacy_after) records it. Returns the drop's stamp when tracing,
 * else 0. */
static uint64_t drop_legacy(struct gil *g, int tick)
{
	uint64_t t = 0;

	note_holder_out(g);
	/* Stamped before the token is back, so no take of it comes first. */
	if (gb_tracing()) {
		t = gb_trace_now();
		if (!tick)
			gb_trace_record_at(TR_DROP, t, 0);
	}
	atomic_fetch_add(&g->sem_value, 1);
	if (atomic_load(&g->sem_waiters) > 0)
		futex(&g->sem_value, FUTEX_WAKE_PRIVATE, 1);
	return t;
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
	uint64_t takes, t;

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
	takes = g->takes;
	t = drop_legacy(g, 1);
	/* Other threads may run now. */
	take_legacy_after(g, t, takes);
	g->interval_t0 = 0;
	if (++g->intervals % LEGACY_SAMPLE_EVERY == 0) {
		g->interval_t0 = gb_now();
		g->interval_takes = g->takes;
	}
}

/* ---- the hooks -------------------------------------------------------- */

/* from_io: back from a blocking section (io-priority serves it first). */
static void take(struct gil *g, int from_io)
{
	if (g->kind == GIL_NEW)
		take_new(g, from_io);
	else
		take_legacy(g);
}

static void drop(struct gil *g)
{
	if (g->kind == GIL_NEW)
		drop_new(g, 0);
	else
		drop_legacy(g, 0);
}

/* The slow path of gb_checkpoint(): the eval loop's "give another thread
 * a chance". */
static void on_checkpoint(void *lock)
{
	struct gil *g = lock;

	if (g->kind == GIL_NEW) {
		if (drop_requested()) {
			drop_new(g, 1);
			take_new(g, 0);
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
	take(lock, 1);
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
	take(g, 0);
}

void gil_thread_leave(void *lock)
{
	drop(lock);
	gb_hooks_detach();
}

int gil_create(struct gil **out, enum gil_kind kind, double interval_s,
	       unsigned check_interval)
{
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
	pthread_condattr_init(&g->cattr);
	pthread_condattr_setclock(&g->cattr, CLOCK_MONOTONIC);
	pthread_cond_init(&g->cond, &g->cattr);
	pthread_cond_init(&g->prio_cond, NULL);
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
	pthread_cond_destroy(&g->prio_cond);
	pthread_condattr_destroy(&g->cattr);
	pthread_cond_destroy(&g->switch_cond);
	pthread_mutex_destroy(&g->mutex);
	pthread_mutex_destroy(&g->switch_mutex);
	free(g);
}

void gil_set_policy(struct gil *g, enum gil_policy policy)
{
	g->policy = policy;
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
