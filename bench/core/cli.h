/*
 * cli.h - the command line of bin/bench, parsed and checked in full before
 * any work starts (a usage error exits 2 and runs nothing).
 */
#ifndef GB_CLI_H
#define GB_CLI_H

#include <stddef.h>

#include "bench/modes/mode.h"

/* The most mode families (mode.h) the command line keeps options for. */
#define GB_MAX_FAMILIES 8
/* The largest options struct of a family. */
#define GB_FAMILY_OPTS_MAX 256

#define GB_VERSION "0.1.0"
#define GB_MAX_LIST 64		/* entries in a comma list */
#define GB_MAX_WORKERS 16384u	/* past the 10,000 of the concurrency sweep */
#define GB_MAX_MODE_WORKERS 8	/* worker counts after a mode's @ */

struct config {
	const struct workload *wls[GB_MAX_LIST];
	size_t nwl;
	const struct mode *modes[GB_MAX_LIST];
	size_t nmodes;
	/* --mode NAME@W/W: that mode only at these worker counts (0 of
	 * them: the --workers list). */
	unsigned mode_workers[GB_MAX_LIST][GB_MAX_MODE_WORKERS];
	size_t nmode_workers[GB_MAX_LIST];
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
	int capacity;		/* --capacity: the calibration cells in every
				   round (runner.c) */
	unsigned repeat, warmup;
	const char *csv_path;	/* NULL = no CSV */
	const char *trace_path;	/* --trace: NULL = no trace (trace.h) */
	uint64_t seed;
	int quiet;
	int fault_kind;
	uint64_t fault_task;
	double task_timeout_s;
	struct wl_params params;	/* tasks/size filled per workload */
	/* Every mode family's options (mode.h), defaults unless given. */
	const struct mode_family *families[GB_MAX_FAMILIES];
	union {
		max_align_t align;
		unsigned char bytes[GB_FAMILY_OPTS_MAX];
	} family_opts[GB_MAX_FAMILIES];
	size_t nfamilies;
	int argc;
	char **argv;
};

/* Parse argv into cfg; prints help/list/version and exits 0 for those,
 * prints one line and exits 2 for a usage error. */
void cli_parse(struct config *cfg, int argc, char **argv);

/* The words of a bin/bench command line (argv[0] first) but the options
 * named in drop (long names, NULL-terminated) and their values, into out
 * (pointers into argv, at most max); returns how many. It walks argv with
 * the parser's own table, so a value is never taken for an option nor an
 * option for a value (the adaptive rounds rebuild a suite line's
 * invocation from it, analysis/adapt.c). */
size_t cli_args_without(int argc, char **argv, const char *const *drop,
			char **out, size_t max);

/* The parsed options of family f (a struct of f->opts_size bytes), or
 * NULL when no registered mode has that family. */
const void *cli_mode_opts(const struct config *cfg,
			  const struct mode_family *f);

/* The parameters workload wl runs with: the command line's, with the
 * workload's default task count and size where none was given. The one
 * place the defaults are applied (the runner, a spawned worker, an mpi
 * rank). */
void cli_params_for(const struct config *cfg, const struct workload *wl,
		    struct wl_params *p);

/* The most bytes of a --url-file (workloads/lib/urllist.h has the same
 * limit, for files it reads itself). */
#define GB_URL_FILE_MAX (16u << 20)

/* The default results file when --csv is not given. */
#define GB_DEFAULT_CSV "results/bench.csv"

#endif
