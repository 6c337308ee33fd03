/*
 * gil.h - a simulated CPython global interpreter lock.
 *
 * Two designs, selected at creation:
 *
 * GIL_NEW (CPython 3.2+, Python/ceval_gil.c): a `locked` flag under a
 * mutex; a thread that finds it taken waits on a condition variable for
 * one switch interval, and if the wait timed out with no switch in the
 * meantime it sets the drop request (the eval breaker). The holder sees
 * the request at its next checkpoint, drops the lock, and with forced
 * switching waits until another thread has taken it. Blocking sections
 * drop and retake it voluntarily. Taking is barging: no queue.
 *
 * GIL_LEGACY (CPython up to 3.1; 2.7's Python/ceval.c): every checkpoint
 * counts down a tick counter; at zero the holder releases the lock and
 * takes it again at once. The lock is a semaphore, as 2.7's is on Linux
 * (glibc's algorithm: a post wakes one registered waiter, a wait takes a
 * free token without a system call), and a tick is an amount of time, 2.7's
 * on this project's machine, not a checkpoint. No hand-off, so on several
 * cores the releaser usually wins it back and the woken thread finds it
 * taken again (a futile wake-up).
 *
 * A thread uses the lock through the hooks of hooks.h once it has called
 * gil_thread_enter() (which takes it); gil_thread_leave() drops it.
 *
 * With --trace on (core/trace.h) the lock records each want, take,
 * drop request, drop and futile wake-up of every thread.
 */
#ifndef GB_GIL_H
#define GB_GIL_H

#include <stdint.h>

enum gil_kind { GIL_NEW, GIL_LEGACY };

/*
 * Who gets the new GIL next (GIL_NEW only; --gil-policy):
 *
 * GIL_POLICY_CPYTHON: CPython's own, above: barging, and a waiter asks
 * for the lock only after a switch interval.
 * GIL_POLICY_FIFO: hand-off in arrival order, no barging. A waiter still
 * asks only after an interval, but a drop hands the lock to the longest
 * waiter directly; a thread that wants it back queues behind.
 * GIL_POLICY_IO_PRIORITY: bpo-7946's cure (A. Pitrou's "priority
 * requests" patch, 2010): a thread coming back from a blocking section
 * that finds the lock taken asks for it at once, without waiting out an
 * interval, and is served before every other waiter.
 */
enum gil_policy { GIL_POLICY_CPYTHON, GIL_POLICY_FIFO,
		  GIL_POLICY_IO_PRIORITY };
#define GIL_POLICY_NAMES { "cpython", "fifo", "io-priority" }

struct gil;

struct gil_stats {
	double wait_s;		/* all threads, time spent in take */
	uint64_t takes;		/* acquisitions */
	uint64_t switches;	/* acquisitions by a different thread */
	uint64_t drop_requests;	/* new: waiters that timed out and asked */
	uint64_t forced;	/* new: drops that waited for a hand-off */
	uint64_t futile;	/* legacy: wake-ups that found it taken */
	uint64_t violations;	/* two holders at once: must stay 0 */
};

/* interval_s: the switch interval (> 0); check_interval: ticks between
 * legacy releases (>= 1), a tick being 2.7's time per tick (gil.c). 0 or -errno. Only one GIL may be in use at a
 * time per process: it drives the process-wide eval breaker. */
int gil_create(struct gil **out, enum gil_kind kind, double interval_s,
	       unsigned check_interval);
void gil_destroy(struct gil *g);
/* Before any thread enters. Ignored by GIL_LEGACY. */
void gil_set_policy(struct gil *g, enum gil_policy policy);

/* In a thread that will run under the lock: attach it and take it. */
void gil_thread_enter(void *g);
/* Drop it and detach. */
void gil_thread_leave(void *g);

/* Add the lock's statistics to *st. */
void gil_add_stats(struct gil *g, struct gil_stats *st);

#endif
