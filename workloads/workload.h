/*
 * workload.h - the interface every workload implements.
 *
 * A workload is a const table of functions (struct workload) listed in
 * workloads/registry.c. The same compiled task function runs in every
 * mode, so modes differ only in how tasks are scheduled. Start reading at
 * primes.c: it is the smallest complete example.
 *
 * Life cycle, as the harness drives it:
 *   setup(params)            once per run, in the main process, untimed
 *   rep_begin(state, ntasks) before each repetition, untimed (optional)
 *   worker_init(state)       once per worker, in the worker (after fork)
 *   run_task(state, w, i)    once per task, timed
 *   worker_fini(w)           once per worker
 *   teardown(state)          once per run
 * Every task's value is checked against expect(state, i), an answer
 * computed by an independent method (a closed form, a known table, a
 * different algorithm) so a wrong kernel cannot verify itself.
 */
#ifndef GB_WORKLOAD_H
#define GB_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#include "bench/core/hooks.h"
#include "bench/output/kinds.h"

/* What a workload measures (bench/output/kinds.h); written to every CSV
 * row (the `kind` column), so the analysis knows it without this
 * binary's registry. */
enum wl_kind {
#define WL_KIND_ENUM(id, name) WL_##id,
	GB_KINDS(WL_KIND_ENUM)
#undef WL_KIND_ENUM
};

/* "cpu", "io", ... as in the CSV and --list. */
const char *wl_kind_name(enum wl_kind k);

/* Run-time parameters, from the command line. Workloads read what they
 * need and ignore the rest. */
struct wl_params {
	uint64_t tasks;		/* number of tasks per repetition */
	uint64_t size;		/* work per task, meaning per workload */
	uint64_t seed;		/* for workloads that make their input */
	double latency_ms;	/* I/O workloads: delay per request or sleep */
	uint64_t bytes;		/* I/O workloads: body size */
	const char *url;	/* http: fixed URL, or NULL for the bundled server */
	const char *url_file;	/* http: file of URLs, or NULL */
	int url_fd;		/* the file's bytes as the parent read them
				   once (a sealed memfd), or -1: read this,
				   never url_file again */
	const char *self;	/* path of bin/bench, to find bin/latency-server */
	double timeout_s;	/* I/O workloads: per-operation timeout */
	double task_timeout_s;	/* --task-timeout: a task's whole time, or
				   0; I/O workloads cut their transfers and
				   sleeps at it, in every mode */
};

/* What a task hands back. Fixed size and plain data, because process
 * pools send it through a pipe in one write (< PIPE_BUF, so atomic). */
struct task_out {
	uint64_t value;		/* the answer, checked against expect() */
	double metric;		/* optional figure (e.g. round trips per s) */
	double metric2;		/* optional second figure, summed the same */
	int32_t status;		/* 0 ok; else an error, described in err */
	uint32_t errors;	/* failed operations inside the task */
	char err[176];		/* one line, set when status != 0 */
};

struct workload {
	const char *name;	/* as given to --workload */
	enum wl_kind kind;	/* what it measures: the report groups by it */
	const char *desc;	/* one line for --list */
	const char *size_doc;	/* what --size means, for --list and --help */
	uint64_t default_tasks;
	uint64_t default_size;
	uint64_t max_size;	/* larger --size is a usage error */
	/* What --size counts and what the workload is, in a student's
	 * words: the report's glossary and the headings of its tables
	 * (written to the run's .meta, so the report reads them there). */
	const char *unit;
	const char *gloss;
	const char *metric;	/* name of task_out.metric, or NULL */
	/* Name of task_out.metric2, or NULL: a second figure of the same
	 * tasks (convoy: the CPU threads' work beside the I/O thread's
	 * round trips). Not carried by the mpi mode's wire, which runs no
	 * workload that has one. */
	const char *metric2;
	unsigned flags;		/* WL_F_* below */
	/* File descriptors one worker keeps open (its sockets, pipes), and
	 * one operation in flight under run_async: the harness checks that
	 * a cell of 10,000 workers fits in the open files limit before it
	 * starts one (bench/core/limits.c). 0 for none. */
	unsigned fds_per_worker, fds_per_async;

	/* Optional: check the parameters before any work starts (a URL
	 * file, say). Non-zero is a usage error (exit 2) with *err set to
	 * one line naming the bad value. */
	int (*check)(const struct wl_params *p, char *err, size_t errlen);
	/* Build the shared, read-only state (tables, expected answers,
	 * servers). Runs before any worker exists, so forked workers
	 * inherit it. Returns 0 or -errno with *err set to a message. */
	int (*setup)(const struct wl_params *p, void **state, char *err,
		     size_t errlen);
	void (*teardown)(void *state);
	/* Optional: reset per-repetition state (untimed). */
	void (*rep_begin)(void *state, uint64_t ntasks);
	/* Optional: per-worker state (a curl handle). 0 or -errno. */
	int (*worker_init)(void *state, void **wstate);
	void (*worker_fini)(void *wstate);
	/* Run task number i (0-based). Fill out->value; on failure set
	 * out->status and out->err. Must call gb_checkpoint() in its inner
	 * loop, and return when it answers non-zero (the run is stopping;
	 * the harness marks the task), and bracket blocking calls with
	 * gb_blocking_begin/end. */
	void (*run_task)(void *state, void *wstate, uint64_t i,
			 struct task_out *out);
	/* The independently known answer for task i. */
	uint64_t (*expect)(void *state, uint64_t i);
	/* Optional, for the async mode: run tasks [0, n) on the calling
	 * thread with up to `inflight` in progress at once. NULL means the
	 * tasks run one after another (an event loop does not parallelise
	 * computation). Returns 0, or -errno if the loop itself failed. */
	int (*run_async)(void *state, uint64_t n, unsigned inflight,
			 struct task_out *outs);
	/* Optional: task i's input as bytes, the argument pool.map would
	 * pickle. Threads and seq hand the task this very pointer; the
	 * `fork` and `spawn` pools copy the bytes through the worker's pipe
	 * (as multiprocessing does); `fork-shm` sends nothing and the worker
	 * reads them where they are (memory shared with the parent). The
	 * task reads its input with wl_input(), never through this hook.
	 * Called after rep_begin, in the parent or in a forked worker
	 * (fork-shm); never in a spawned one, which has no such state. */
	const void *(*task_input)(void *state, uint64_t i, size_t *len);
};

/* The task count must equal the worker count (one task per worker, as
 * convoy needs); the harness sets it per cell. */
#define WL_F_TASKS_ARE_WORKERS 0x1u
/* The metric is the harness's own figure, wall time per task in
 * microseconds ("us_per_task"), not a sum of what the tasks report: for
 * workloads whose tasks do (next to) nothing, so that the time is the
 * scheduling itself. */
#define WL_F_TIME_PER_TASK 0x2u
/* The tasks meet in memory that setup() maps shared (a counter, a stop
 * flag), which forked workers inherit but spawned ones cannot have: the
 * combination with a MODE_F_NO_SHARED mode is a usage error. */
#define WL_F_SHARED_MEMORY 0x4u
/* The tasks must run at the same time (they meet at a start line), which
 * a mode that runs them one after another on one thread (async,
 * MODE_F_ONE_THREAD) never does: the combination is a usage error. */
#define WL_F_TOGETHER 0x8u
/* Without --url or --url-file the workload fetches from the bundled
 * server on a loopback address, which a worker on another machine cannot
 * reach (the mpi mode refuses a hostfile naming other machines). A high
 * bit, clear of the flags other workloads add. */
#define WL_F_LOOPBACK 0x100u

/* Registry (registry.c). */
extern const struct workload *const gb_workloads[];
extern const size_t gb_nworkloads;
const struct workload *gb_workload_find(const char *name);

/* The input of the task running on this thread (see task_input): where it
 * is in seq and threads, a copy in a pipe-fed worker process. NULL and
 * *len = 0 when the workload has none. */
const void *wl_input(size_t *len);

/* A setup() for workloads that keep no state: *state = NULL. */
int wl_setup_none(const struct wl_params *p, void **state, char *err,
		  size_t errlen);

/* Fill *out with status and a formatted message. */
void wl_fail(struct task_out *out, int status, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
