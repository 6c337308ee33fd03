/*
 * job.h - what the harness hands a mode for one repetition of a cell (the
 * job), and what the mode hands back besides the task results (the pool's
 * statistics). The mode interface itself is bench/modes/mode.h.
 *
 * Both carry a pointer for the mode's family (mode.h, struct
 * mode_family): its parsed options in the job, its own statistics in the
 * pool's. The harness never looks inside either, so a mode option or a
 * mode statistic is added in the mode's own files.
 */
#ifndef GB_JOB_H
#define GB_JOB_H

#include <stdint.h>

struct workload;
struct wl_params;

/* Everything a pool needs to run one repetition. Read-only for modes. */
struct job {
	const struct workload *wl;
	void *state;			/* the workload's setup() state */
	const struct wl_params *params;	/* to re-create it (spawn, mpi) */
	uint64_t ntasks;
	unsigned workers;
	const void *mode_opts;		/* the family's options, or NULL */
	int fault_kind;			/* fault injection (task.h), 0 none */
	uint64_t fault_task;
	double task_timeout_s;		/* --task-timeout: 0 = none */
	void *mode_shared;		/* what mode->share_open made, or
					   NULL (mode.h) */
};

/* What a pool reports besides the task results. Pools add to it (a
 * repetition of --pool fresh destroys one pool per batch). */
struct pool_stats {
	/* Resources of reaped worker processes (measure_add_child). */
	double child_user_s, child_sys_s;
	long child_maxrss_kb;		/* sum of the children's peaks */
	long child_vcs, child_ivcs;
	long child_minflt;		/* minor page faults */
	uint64_t workers_replaced;	/* process pools: after a crash */
	/* Of the children's CPU time above, what a process still alive at
	 * the repetition's end used (the forkserver's server reports its
	 * own): measure_end sees it among the living descendants too, and
	 * must not take it off other_cpu_s twice. */
	double child_alive_cpu_s;
	/* The family's own statistics (mode.h, stats_size bytes, zeroed
	 * per repetition), or NULL when it keeps none. */
	void *mode_stats;
};

#endif
