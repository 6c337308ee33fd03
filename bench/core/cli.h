/*
 * cli.h - the command line of bin/bench, parsed and checked in full before
 * any work starts (a usage error exits 2 and runs nothing).
 */
#ifndef GB_CLI_H
#define GB_CLI_H

#include "bench/modes/mode.h"

#define GB_VERSION "0.1.0"
#define GB_MAX_LIST 64		/* entries in a comma list */
#define GB_MAX_WORKERS 4096u

struct config {
	const struct workload *wls[GB_MAX_LIST];
	size_t nwl;
	const struct mode *modes[GB_MAX_LIST];
	size_t nmodes;
	unsigned workers[GB_MAX_LIST];
	size_t nworkers;
	uint64_t tasks, size;	/* 0 = the workload's default; tasks is the
				   largest of tasks_list */
	int tasks_set, size_set;
	uint64_t tasks_list[GB_MAX_LIST];	/* --tasks: a sweep */
	size_t ntasks;
	unsigned batches;	/* --batches: batches per repetition */
	int fresh[2];		/* --pool: 0 reuse one pool, 1 a fresh one
				   per batch */
	size_t nfresh;
	uint64_t parent_mem_mib;	/* --parent-mem: touched before pools */
	unsigned repeat, warmup;
	const char *csv_path;	/* NULL = no CSV */
	uint64_t seed;
	int quiet;
	double switch_interval_s;
	unsigned check_interval;
	int fault_kind;
	uint64_t fault_task;
	double task_timeout_s;
	struct wl_params params;	/* tasks/size filled per workload */
	int worker_in, worker_out;	/* --worker-fds: run as a worker */
	const char *hostfile;		/* mpi: --hostfile, handed to mpirun */
	int mpi_rank;			/* --mpi-rank: a rank started by the
					 * mpi mode (checks done by bin/bench) */
	uint64_t mpi_ntasks;		/* its task count for the cell */
	long worker_parent;		/* --worker-parent: who spawned us */
	int argc;
	char **argv;
};

/* Parse argv into cfg; prints help/list/version and exits 0 for those,
 * prints one line and exits 2 for a usage error. */
void cli_parse(struct config *cfg, int argc, char **argv);

/* The options that make a spawned bin/bench rebuild exactly this job's
 * workload state: the workload, the task count its setup() saw, size,
 * seed, I/O parameters and fault. A NULL-terminated array in one malloc'ed
 * block (free() it), or NULL when out of memory. */
char **cli_job_argv(const struct job *job);

/* The default results file when --csv is not given. */
#define GB_DEFAULT_CSV "results/bench.csv"

#endif
