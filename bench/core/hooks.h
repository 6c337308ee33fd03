/*
 * hooks.h - what a workload sees of the harness: the scheduler's hooks,
 * its task's input, the stop signal, the clock, and the few process
 * helpers a workload that starts a peer needs. Workloads include this
 * header (through workloads/workload.h) and nothing else of bench/.
 *
 * gb_checkpoint() is called at each "bytecode boundary" of a workload's
 * inner loop (CPython checks its eval breaker on loop back-edges). Its fast
 * path is one relaxed atomic load of gb_eval_breaker, which only the GIL
 * modes and a stop request (Ctrl-C, SIGTERM) ever set, so otherwise it
 * costs a load and a predicted branch. It returns non-zero when the run
 * is stopping: the task must then return at once (`if (gb_checkpoint())
 * return;`), so that Ctrl-C stops a long CPU task in every mode within a
 * checkpoint, as the eval breaker delivers KeyboardInterrupt in CPython.
 * Build with -DGB_NO_CHECKPOINT to compile it out and measure that cost
 * (tasks then run to their end after Ctrl-C).
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
#include <stddef.h>
#include <sys/types.h>

/* Non-zero while some thread must look at the slow path: a drop request
 * in `gil` mode, always while a `gil-legacy` pool runs (its tick counter
 * lives on the slow path), and once the run is stopping. One per process,
 * like CPython's per-interpreter eval breaker, whose bits these are. */
extern atomic_int gb_eval_breaker;
#define GB_BREAK_GIL 0x1	/* the GIL modes' (gil.c); set and cleared
				   with atomic or/and, never stored whole */
#define GB_BREAK_STOP 0x2	/* gb_request_stop: never cleared */

int gb_checkpoint_slow(void);

static inline int gb_checkpoint(void)
{
#ifndef GB_NO_CHECKPOINT
	if (__builtin_expect(atomic_load_explicit(&gb_eval_breaker,
						  memory_order_relaxed), 0))
		return gb_checkpoint_slow();
#endif
	return 0;
}

/* Non-zero once the run is stopping: for loops that have no checkpoint
 * of their own (waiting for peers, the harness's own long loops). */
static inline int gb_stopping(void)
{
	return atomic_load_explicit(&gb_eval_breaker, memory_order_relaxed) &
	       GB_BREAK_STOP;
}

/* Ask the run to stop because of signal sig: sets gb_stop_signal and the
 * breaker's stop bit, which every checkpoint then sees. Async-signal-safe
 * (main's handler calls it). */
void gb_request_stop(int sig);

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

/*
 * The rest of what a workload may use (defined in core/task.c and
 * core/util.c).
 */

/* The input of the task running on this thread (workload.h, task_input):
 * where it is in seq and threads, a copy in a pipe-fed worker process.
 * NULL and *len = 0 when the workload has none. */
const void *wl_input(size_t *len);

/* The signal (SIGINT, SIGTERM) that asked the run to stop, or 0. Set by
 * main's handler; the runner and the pools check it where they wait, and
 * I/O workloads in their worker threads (to abort a transfer or a sleep),
 * so it is atomic: a lock-free atomic is safe both in a signal handler and
 * across threads, where a volatile sig_atomic_t is a data race. */
extern atomic_int gb_stop_signal;

/* Seconds on CLOCK_MONOTONIC. */
double gb_now(void);

/* Print "bench: MSG" on stderr. */
void gb_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Write all of buf to fd, retrying short writes and EINTR. 0 or -errno. */
int gb_write_all(int fd, const void *buf, size_t len);
/* Copy len bytes of in into out (size outlen) as printable text: bytes
 * outside printable ASCII and the backslash as \xNN (\\), so that a binary
 * file named in an error message cannot drive the terminal. Cut with
 * "..." when out is too small. */
void gb_escape(char *out, size_t outlen, const void *in, size_t inlen);

/* Read exactly len bytes. Returns len, 0 at EOF before any byte, or -errno
 * (-EPIPE for EOF in the middle). */
long gb_read_full(int fd, void *buf, size_t len);

/* In a child process: die by `sig` when the parent dies (prctl
 * PR_SET_PDEATHSIG, which fork and exec do not carry over), and -ESRCH if
 * the parent `parent` is already gone. Async-signal-safe. */
int gb_bind_to_parent(pid_t parent, int sig);

/* A wait() status in words: "killed by signal 11 (Segmentation fault)",
 * "exited with status 3". One wording for every pool and server. */
void gb_describe_status(int status, char *buf, size_t len);

#endif
