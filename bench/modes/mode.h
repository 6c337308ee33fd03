/*
 * mode.h - the interface every scheduling mode implements.
 *
 * A mode is a const table (struct mode) listed once in modes.c; each mode
 * is one file (mode_seq.c, mode_threads.c, mode_fork.c, ...). The harness
 * drives one repetition of a cell as:
 *
 *     create(&pool, job)      timed: the start-up column
 *     run(pool, outs)         timed: the wall column; runs every task once
 *     destroy(pool, stats)    untimed; reaps workers, reports their usage
 *
 * The pool handle is opaque (void *): only the mode's own file knows it.
 */
#ifndef GB_MODE_H
#define GB_MODE_H

#include <stdint.h>
#include <sys/types.h>

#include "workloads/workload.h"

/* Everything a pool needs to run one repetition. Read-only for modes. */
struct job {
	const struct workload *wl;
	void *state;			/* the workload's setup() state */
	const struct wl_params *params;	/* to re-create it (spawn, mpi) */
	uint64_t ntasks;
	unsigned workers;
	double switch_interval_s;	/* gil: CPython's sys.setswitchinterval */
	unsigned check_interval;	/* gil-legacy: sys.setcheckinterval */
	int fault_kind;			/* fault injection (see fault.h), 0 none */
	uint64_t fault_task;
	double task_timeout_s;		/* process pools: 0 = none */
	char *const *argv_self;		/* the parent's whole command line */
	const char *hostfile;		/* mpi: --hostfile, or NULL */
};

/* What a pool reports besides the task results. */
struct pool_stats {
	int has_gil;			/* the gil_* fields are meaningful */
	double gil_wait_s;		/* all threads, waiting for the lock */
	uint64_t gil_switches;		/* hand-offs to a different thread */
	uint64_t gil_forced;		/* drops requested by a waiter */
	uint64_t gil_futile;		/* legacy: wake-ups that lost the race */
	uint64_t gil_violations;	/* two holders at once: must be 0 */
	/* Resources of reaped worker processes (process pools only). */
	double child_user_s, child_sys_s;
	long child_maxrss_kb;		/* sum of the children's peaks */
	long child_vcs, child_ivcs;
	uint64_t workers_replaced;	/* process pools: after a crash */
	unsigned hosts;			/* mpi: machines the workers ran on */
};

struct mode {
	const char *name;	/* as given to --mode */
	const char *desc;	/* one line for --list */
	unsigned flags;		/* MODE_F_* below */
	/* Start the workers and return when each is ready to take a task.
	 * 0 or -errno; on failure nothing is left running. */
	int (*create)(void **pool, const struct job *job);
	/* Run tasks [0, job->ntasks) once each; outs[i] gets task i's
	 * result. A task that fails is recorded in outs[i].status and the
	 * others still run. Returns 0, or -errno if the pool itself broke. */
	int (*run)(void *pool, struct task_out *outs);
	/* Stop and reap every worker; add their usage to *st. */
	void (*destroy)(void *pool, struct pool_stats *st);
};

/* The mode uses no worker count: it always records workers = 1. */
#define MODE_F_SINGLE 0x1u
/* The mode runs workers in other processes (CPU time comes from them). */
#define MODE_F_PROCESSES 0x2u
/* The workers share no memory with the parent, not even what existed
 * before they started (spawn): workloads with WL_F_SHARED_MEMORY cannot
 * run in it. */
#define MODE_F_NO_SHARED 0x4u

extern const struct mode *const gb_modes[];
extern const size_t gb_nmodes;
const struct mode *gb_mode_find(const char *name);

/* Run task i of the job in the calling thread: the one place every mode
 * calls the workload's kernel, so the same compiled code runs everywhere.
 * The task's input (workload.h, task_input) is read where it lies. */
void gb_task_run(const struct job *job, void *wstate, uint64_t i,
		 struct task_out *out);
/* The same with the input given: a copy that came through a pipe. */
void gb_task_run_input(const struct job *job, void *wstate, uint64_t i,
		       const void *in, size_t len, struct task_out *out);

#endif
