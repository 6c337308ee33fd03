/*
 * locktrace.h - a trace of the lock (bin/bench --trace, core/trace.h)
 * read back, and the figures the timelines, the tests and the report
 * take from it.
 *
 * A trace holds one or more repetitions of one or more cells. For each
 * repetition every thread's events become spans of three states:
 *
 *   run    holds the GIL (in a mode without a lock: not in a blocking
 *          section)
 *   wait   wants the GIL and does not have it, or has just been forced
 *          off it and waits for the hand-off
 *   block  in a blocking section or native code: the GIL is free for
 *          others
 *
 * and the marks drop_request, forced_drop and futile are kept as events.
 *
 * A trace may come with the rows its run wrote (bin/bench --csv beside
 * --trace; scripts/trace.sh writes NAME.csv and NAME.rows.csv): each
 * repetition then also knows its kind, switch interval, policy and the
 * workload's figures.
 */
#ifndef GB_LOCKTRACE_H
#define GB_LOCKTRACE_H

#include <stddef.h>
#include <stdint.h>

#include "bench/core/trace.h"

enum lt_state { LT_OFF, LT_RUN, LT_WAIT, LT_BLOCK, LT__NSTATES };

/* The trace's events, as core/trace.h writes them (its one list). */
enum lt_ev {
#define LT_EV_ENUM(id, name) LT_##id,
	GB_TRACE_EVENTS(LT_EV_ENUM)
#undef LT_EV_ENUM
	LT__NEV
};

struct lt_event {
	uint64_t t;		/* ns since the repetition began */
	uint32_t arg;
	uint16_t thread;	/* 0-based here (the CSV's minus one) */
	uint8_t ev;		/* enum lt_ev */
	int64_t task;		/* -1: between tasks */
};

struct lt_span {
	uint64_t t0, t1;
	enum lt_state state;
};

struct lt_thread {
	struct lt_span *spans;	/* in time order, never overlapping */
	size_t nspans, capspans;
	int64_t task;		/* the first task it ran, -1 none */
	uint64_t first, last;	/* its first and last event */
	int full;		/* its buffer filled: the trace stops early */
};

struct lt_rep {
	char workload[64], mode[64];
	unsigned workers, rep;
	uint64_t tasks;
	struct lt_event *ev;	/* every thread's, in time order */
	size_t n, cap;
	struct lt_thread *th;
	unsigned nth;
	int has_lock;		/* some thread took a lock */
	/* From the rows file; have_row 0 when there was none to match. */
	int have_row, verified;
	char kind[16], policy[24];
	double switch_ms;	/* NAN when blank */
	double metric, metric2;	/* NAN when blank */
};

struct lock_trace {
	struct lt_rep *reps;
	size_t n, cap;
};

/* Read trace_path, and rows_path when not NULL (a missing rows file is
 * no error). 0, or -errno with "FILE:LINE: what" in err. */
int lock_trace_load(struct lock_trace **out, const char *trace_path,
		    const char *rows_path, char *err, size_t errlen);
void lock_trace_free(struct lock_trace *t);

/* A trace's schema (core/trace.h's columns), for bind.h. */
extern const struct csv_schema trace_csv;

/* A part of a repetition, ns. */
struct lt_window {
	uint64_t t0, t1;
};

/* From `from_ms` after the moment every thread had started (its first
 * event), for len_ms, but not past the first thread's last event: while
 * all of them were there. len_ms <= 0: as long as that lasts. */
void lt_window(const struct lt_rep *r, double from_ms, double len_ms,
	       struct lt_window *w);

/* The gaps, ms, between successive hand-offs (a take by another thread
 * than the one that took last) inside w; up to max of them in gaps.
 * Returns how many there were. */
size_t lt_handoff_gaps(const struct lt_rep *r, const struct lt_window *w,
		       double *gaps, size_t max);
/* Events of kind ev inside w (NULL: the whole repetition). */
uint64_t lt_count(const struct lt_rep *r, enum lt_ev ev,
		  const struct lt_window *w);
/* The share of w that thread k spent in state s. */
double lt_share(const struct lt_rep *r, unsigned k, enum lt_state s,
		const struct lt_window *w);
/* The share of w in which no thread waited: every one ran or was in
 * native code or a blocking call. */
double lt_overlap(const struct lt_rep *r, const struct lt_window *w);

/* The convoy's round trips (workload convoy): the I/O thread (task 0)
 * makes a blocking call to wait for the CPU threads, then per round trip
 * a write and a read, each in its own blocking section. A round trip's
 * latency runs from the write's block_begin to the moment the thread runs
 * again after the read (it took the lock back; without a lock, the
 * read's block_end), in us. Up to max in lat; returns how many; *span_s
 * (if not NULL) gets the time they took, first begin to last end. */
size_t lt_round_trips(const struct lt_rep *r, double *lat, size_t max,
		      double *span_s);

/* The waits of the thread of task 0 for the lock after each of its
 * blocking calls returned (block_end to take, us; 0 without a lock), but
 * for its first call (ccbench's and convoy's wait for the CPU threads).
 * Up to max in out; returns how many. */
size_t lt_call_waits(const struct lt_rep *r, double *out, size_t max);

/* The thread that ran task 0, or -1. */
int lt_thread_of_task(const struct lt_rep *r, int64_t task);

#endif
