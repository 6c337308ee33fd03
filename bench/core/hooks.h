/*
 * hooks.h - what a workload's inner loop sees of the scheduler.
 *
 * gb_checkpoint() is called at each "bytecode boundary" of a workload's
 * inner loop (CPython checks its eval breaker on loop back-edges). Its fast
 * path is one relaxed atomic load of gb_eval_breaker, which only the GIL
 * modes ever set, so in the other modes it costs a load and a predicted
 * branch. Build with -DGB_NO_CHECKPOINT to compile it out and measure
 * that cost.
 *
 * gb_blocking_begin()/gb_blocking_end() bracket a blocking call (a libcurl
 * transfer, nanosleep, a read on a pipe) or a native section (pure C that a
 * C extension would run without the GIL), exactly like
 * Py_BEGIN_ALLOW_THREADS / Py_END_ALLOW_THREADS. Outside the GIL modes the
 * calling thread has no lock attached and they return at once.
 */
#ifndef GB_HOOKS_H
#define GB_HOOKS_H

#include <stdatomic.h>

/* Non-zero while some thread must look at the slow path: a drop request
 * in `gil` mode, always while a `gil-legacy` pool runs (its tick counter
 * lives on the slow path). One per process, like CPython's per-interpreter
 * eval breaker. */
extern atomic_int gb_eval_breaker;

void gb_checkpoint_slow(void);

static inline void gb_checkpoint(void)
{
#ifndef GB_NO_CHECKPOINT
	if (__builtin_expect(atomic_load_explicit(&gb_eval_breaker,
						  memory_order_relaxed), 0))
		gb_checkpoint_slow();
#endif
}

void gb_blocking_begin(void);
void gb_blocking_end(void);

/* A native section is a blocking section as far as the lock goes. */
#define gb_native_begin() gb_blocking_begin()
#define gb_native_end() gb_blocking_end()

/*
 * The scheduler side: a thread attaches the lock it runs under (NULL for
 * none). The GIL modes install these callbacks; see gil.c.
 */
struct gb_lock_ops {
	void (*checkpoint)(void *lock);	/* slow path of gb_checkpoint */
	void (*release)(void *lock);	/* gb_blocking_begin */
	void (*acquire)(void *lock);	/* gb_blocking_end */
};
void gb_hooks_attach(const struct gb_lock_ops *ops, void *lock);
void gb_hooks_detach(void);

#endif
