/* hooks.c - see hooks.h. The per-thread lock pointer is thread-local so
 * that the threads of one pool can run under the lock while the main
 * thread, the echo peers and the other modes never touch it. */
#include "bench/core/hooks.h"
#include "bench/core/trace.h"

#include <stddef.h>

atomic_int gb_eval_breaker;

static _Thread_local const struct gb_lock_ops *tls_ops;
static _Thread_local void *tls_lock;

void gb_hooks_attach(const struct gb_lock_ops *ops, void *lock)
{
	tls_ops = ops;
	tls_lock = lock;
}

void gb_hooks_detach(void)
{
	tls_ops = NULL;
	tls_lock = NULL;
}

int gb_checkpoint_slow(void)
{
	/* Stopping comes first: a GIL thread must not wait for the lock
	 * just to learn that the run is over. */
	if (gb_stopping())
		return 1;
	if (tls_ops)
		tls_ops->checkpoint(tls_lock);
	return 0;
}

void gb_request_stop(int sig)
{
	/* Lock-free atomics: safe in a signal handler. */
	atomic_store(&gb_stop_signal, sig);
	atomic_fetch_or(&gb_eval_breaker, GB_BREAK_STOP);
}

/* Traced in every mode, with or without a lock: the blocking calls are
 * half of the convoy's story. */
void gb_blocking_begin(void)
{
	gb_trace(TR_BLOCK_BEGIN, 0);
	if (tls_ops)
		tls_ops->release(tls_lock);
}

void gb_blocking_end(void)
{
	gb_trace(TR_BLOCK_END, 0);
	if (tls_ops)
		tls_ops->acquire(tls_lock);
}
