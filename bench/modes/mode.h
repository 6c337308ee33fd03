/*
 * mode.h - the interface every scheduling mode implements.
 *
 * A mode is a const table (struct mode) listed once in modes.c, whose
 * order is also the order modes are shown in. The harness drives one
 * repetition of a cell as:
 *
 *     create(&pool, job)      timed: the start-up column
 *     run(pool, outs)         timed: the wall column; runs every task once
 *     destroy(pool, stats)    untimed; reaps workers, reports their usage
 *
 * The pool handle is opaque (void *): only the mode's own file knows it.
 * A mode whose pools share something that outlives each of them (the
 * forkserver's server) opens it once per workload of the run, before
 * the workload's first repetition, and closes it after its last
 * (share_open, share_close): untimed, and outside every repetition's
 * usage.
 *
 * Modes that share options and statistics form a family (struct
 * mode_family): gil and gil-legacy, the process pools, mpi. A family owns
 * its options (parsed by the command line from the family's table into
 * the family's own struct, handed to the pool as job->mode_opts), its
 * statistics (pool_stats.mode_stats) and the CSV columns and table notes
 * made from them. Adding a mode option is one entry in its family's
 * option table plus the code that uses it.
 */
#ifndef GB_MODE_H
#define GB_MODE_H

#include <stddef.h>
#include <stdint.h>

#include "bench/core/job.h"
/* The flags and the look, also what the analysis knows of a mode. */
#include "bench/modes/registry.h"
#include "bench/core/task.h"
#include "bench/output/csv.h"
#include "workloads/workload.h"

/* One option of a family, --NAME VALUE. */
struct mode_option {
	const char *name;	/* without the dashes */
	const char *arg;	/* the value's name in --help, "MS" */
	const char *help;	/* one line for --help */
	/* Parse val into the family's options; 0, or non-zero with one line
	 * in err naming the option, the value and what is accepted. */
	int (*parse)(void *opts, const char *val, char *err, size_t errlen);
};

/* What the command line tells a family's check(). */
struct mode_check {
	int selected;		/* a mode of the family is in --mode */
	const unsigned *given;	/* given[k]: option k of the table was set */
	const struct workload *const *wls;	/* --workload */
	size_t nwl;
	const struct wl_params *params;
	int internal;		/* an mpi rank or a spawned worker: the
				   parent made the checks */
};

struct mode_family {
	const char *name;
	/* Options: a struct of opts_size bytes, starting as a copy of
	 * opts_default, filled from the table (ended by a NULL name). */
	size_t opts_size;
	const void *opts_default;
	const struct mode_option *options;
	/* Optional: checks across options, workloads and modes before any
	 * work (a usage error: 0 or non-zero with err set). */
	int (*check)(const void *opts, const struct mode_check *mc, char *err,
		     size_t errlen);
	/* Statistics: stats_size bytes, zeroed per repetition; pools add
	 * to them. 0 = none. */
	size_t stats_size;
	/* Optional: non-zero when the statistics show that the repetition
	 * did not measure what it claims (err says why): it fails. */
	int (*invalid)(const void *stats, char *err, size_t errlen);
	/* Optional: the family's columns of a CSV row. */
	void (*row)(const void *opts, const void *stats, struct csv_row *row);
	/* Optional: a figure of one repetition for the terminal table,
	 * averaged over the repetitions and printed with figure_fmt. */
	double (*figure)(const void *stats, double wall_s, unsigned workers);
	const char *figure_fmt;
	/* Optional: the options in force, in words, for the terminal
	 * table's header ("switch interval 5 ms"), so two runs of one
	 * workload with other options are told apart. */
	void (*describe)(const void *opts, char *buf, size_t len);
};

/* What a pool asks of the operating system. core/limits.c checks it
 * against the kernel's limits before each repetition, so a cell the
 * machine cannot hold (10,000 threads, 30,000 descriptors) fails alone,
 * saying what is short, instead of half-starting. */
struct mode_needs {
	unsigned long threads;	/* threads it starts in this process */
	unsigned long procs;	/* processes it starts */
	unsigned long fds;	/* descriptors this process holds for it */
	unsigned fds_per;	/* of which per worker, for the message */
};

struct mode {
	const char *name;	/* as given to --mode */
	const char *desc;	/* one line for --list */
	unsigned flags;		/* MODE_F_* below */
	const struct mode_family *family;	/* NULL: no options, no stats */
	/* Start the workers and return when each is ready to take a task.
	 * 0 or -errno; on failure nothing is left running. */
	int (*create)(void **pool, const struct job *job);
	/* Run tasks [0, job->ntasks) once each; outs[i] gets task i's
	 * result. A task that fails is recorded in outs[i].status and the
	 * others still run. Returns 0, or -errno if the pool itself broke. */
	int (*run)(void *pool, struct task_out *outs);
	/* Stop and reap every worker; add their usage to *st. */
	void (*destroy)(void *pool, struct pool_stats *st);
	/* Optional: what create(job) will ask of the system. NULL: nothing
	 * beyond the calling thread (seq). */
	void (*needs)(const struct job *job, struct mode_needs *n);
	/* Its colour, shape and gloss (registry.h): the one source of
	 * what every chart, table and the report say of it. */
	struct mode_look look;
	/* Optional: start what every pool of this mode shares for one
	 * workload (its state is job->state), before its first repetition;
	 * each later job gets *shared as job->mode_shared. 0, or -errno
	 * with one line in err: every repetition of the mode's cells then
	 * fails with it. */
	int (*share_open)(void **shared, const struct job *job, char *err,
			  size_t errlen);
	/* Stop it, after the workload's last repetition (Ctrl-C too). */
	void (*share_close)(void *shared);
};


extern const struct mode *const gb_modes[];
extern const size_t gb_nmodes;
const struct mode *gb_mode_find(const char *name);

/* needs() of the pools that start one thread per worker (threads, the
 * GIL modes, omp): each thread keeps the workload's descriptors. */
void gb_mode_needs_threads(const struct job *job, struct mode_needs *n);

/* The families of the registered modes, each once, in registry order. */
size_t gb_mode_families(const struct mode_family **out, size_t max);

#endif
