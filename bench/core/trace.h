/*
 * trace.h - a trace of the lock: what each thread did, when (--trace).
 *
 * The simulated GILs (modes/gil/gil.c) and the blocking-section hooks
 * (hooks.c) call gb_trace() at each point of interest: a thread wants the
 * lock, takes it, asks the holder to drop it, drops it, begins or ends a
 * blocking call. With tracing off, gb_trace() is one relaxed load and a
 * branch predicted not taken. With it on, an event is a clock read and a
 * 16-byte store into the calling thread's own buffer: no lock, no shared
 * cache line. The buffers are written out after the repetition, outside
 * the timed region, as CSV (trace_write_header has the columns).
 *
 * The buffers are bounded (TRACE_BUDGET_EVENTS over all threads of a
 * repetition). A thread whose buffer fills records no more events for the
 * rest of the repetition; its last row says so in the `note` column, and
 * bin/bench warns on stderr.
 *
 * Only threads of this process are traced: modes that run tasks in worker
 * processes cannot be traced (a usage error, cli.c).
 */
#ifndef GB_TRACE_H
#define GB_TRACE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "bench/output/schema.h"

/* The events, in the order of the CSV's names. */
#define GB_TRACE_EVENTS(X)                                                \
	X(WANT, "want")			/* take() entered */                  \
	X(TAKE, "take")			/* took it; arg: ns waited */         \
	X(DROP_REQUEST, "drop_request")	/* a waiter asked the holder */       \
	X(DROP, "drop")			/* released: arg 0 voluntary (a       \
					   blocking section, leaving), 1 the  \
					   legacy tick */                     \
	X(FORCED_DROP, "forced_drop")	/* released on request, and waited   \
					   for the hand-off */                \
	X(BLOCK_BEGIN, "block_begin")	/* gb_blocking_begin (or native) */   \
	X(BLOCK_END, "block_end")	/* gb_blocking_end */                 \
	X(FUTILE, "futile")		/* woken, found the lock taken */

/* The trace's columns (bench/output/schema.h); one row per event. */
#define GB_TRACE_COLUMNS(X)                                               \
	X(WORKLOAD, "workload", workload, TEXT, 0, 0, COLF_REQ)           \
	X(MODE, "mode", mode, TEXT, 0, 0, COLF_REQ)                       \
	X(WORKERS, "workers", workers, COUNT, 1, 1 << 20, COLF_REQ)       \
	X(TASKS, "tasks", tasks, COUNT, 0, 0, COLF_REQ)                   \
	X(REP, "rep", rep, COUNT, 0, 1 << 30, COLF_REQ)                   \
	X(T_NS, "t_ns", t_ns, COUNT, 0, 0, COLF_REQ) /* since rep began */ \
	X(THREAD, "thread", thread, COUNT, 1, 65535, COLF_REQ) /* 1-based */ \
	/* The task the thread ran, blank between tasks (NAN). */         \
	X(TASK, "task", task, REAL, 0, 9e15, 0)                           \
	X(EVENT, "event", event, WORD, 0, 0, COLF_REQ) /* the events' names */ \
	X(ARG, "arg", arg, COUNT, 0, 4294967295.0, COLF_REQ)              \
	X(NOTE, "note", note, TEXT, 0, 0, 0) /* a buffer that filled */

enum gb_trace_ev {
#define GB_TRACE_ENUM(id, name) TR_##id,
	GB_TRACE_EVENTS(GB_TRACE_ENUM)
#undef GB_TRACE_ENUM
	TR__COUNT
};

extern const char *const gb_trace_names[TR__COUNT];

/* Not a name of the CSV: a legacy tick's release and its uncontended
 * retake in one record, written out as its three rows (drop with arg 1,
 * want, take) at one time. A tick is 1.1 us; three records per tick cost
 * a CPU workload several percent. */
#define TR_TICK TR__COUNT

/* Non-zero while a traced repetition runs. */
extern atomic_int gb_trace_on;

void gb_trace_record(enum gb_trace_ev ev, uint64_t arg);
/* The same with a time already read (gb_trace_now()), for an event whose
 * kind is only known after the moment it describes. */
void gb_trace_record_at(enum gb_trace_ev ev, uint64_t t_ns, uint64_t arg);
/* CLOCK_MONOTONIC in nanoseconds. */
uint64_t gb_trace_now(void);

static inline int gb_tracing(void)
{
	return __builtin_expect(atomic_load_explicit(&gb_trace_on,
						     memory_order_relaxed), 0);
}

static inline void gb_trace(enum gb_trace_ev ev, uint64_t arg)
{
	if (gb_tracing())
		gb_trace_record(ev, arg);
}

/* The task this thread runs (the CSV's `task` column); gb_task_run sets
 * it while tracing. */
void gb_trace_task(uint64_t task);

/*
 * The harness side (runner.c), on the main thread.
 */

/* Open path for writing (truncating) and write the header:
 *
 *   workload,mode,workers,tasks,rep   the cell and timed repetition
 *   t_ns      CLOCK_MONOTONIC nanoseconds since the repetition's tasks
 *             began (the start of the timed run)
 *   thread    1, 2, ... in the order threads first recorded an event
 *   task      the task the thread was running, blank between tasks
 *   event     one of GB_TRACE_EVENTS' names
 *   arg       take: ns since its want; drop: 1 for a legacy tick; else 0
 *   note      blank, or on a thread's last row that its buffer filled
 *
 * 0 or -errno, with a message in err. */
int trace_open(const char *path, char *err, size_t errlen);
/* Make room for `threads` threads and start recording: t_ns counts from
 * here. The cell goes into every row. */
void trace_rep_begin(const char *workload, const char *mode,
		     unsigned workers, uint64_t tasks, unsigned rep,
		     unsigned threads);
/* Stop recording (right after the run, so nothing later is counted). */
void trace_rep_stop(void);
/* Write the repetition's events, merged in time order. 0 or -errno. */
int trace_rep_write(void);
/* Flush and close; 0 or -errno. */
int trace_close(void);

/* The most events all threads of one repetition keep: 4 Mi events of 16
 * bytes, 64 MiB. A gil-legacy thread at its fastest makes some 3 million
 * a second, so this holds a second of two such threads. */
#define TRACE_BUDGET_EVENTS (4u << 20)
/* No thread gets fewer than this, however many there are. */
#define TRACE_MIN_EVENTS (64u << 10)

#endif
