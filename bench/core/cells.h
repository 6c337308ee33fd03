/*
 * cells.h - the cells of one workload: every mode x worker count x task
 * count x pool policy the command line asks for (seq once, with one
 * worker), and the seeded order they run in within a repetition.
 */
#ifndef GB_CELLS_H
#define GB_CELLS_H

#include <stddef.h>
#include <stdint.h>

#include "bench/core/cli.h"

/* One cell and its timed results so far. */
struct cell {
	const struct mode *mode;
	unsigned workers;
	uint64_t ntasks;
	int fresh;			/* a new pool for every batch */
	double *wall, *startup, *cpu;	/* per timed rep */
	/* The clock time the CPU was counted over, per timed rep: start-up,
	 * the tasks and reaping the workers (usage.cpu_clock_s). */
	double *clock;
	unsigned nrep;			/* timed reps done */
	unsigned failed;		/* reps with a wrong or failed task */
	double metric_sum;		/* the workload's figure, summed */
	double figure_sum;		/* the mode family's figure, summed */
	char first_error[192];
};

/* The cells of wl, duplicates dropped, into a new array (cells_free);
 * tasks is the count without --tasks. Returns how many. */
size_t cells_make(const struct config *cfg, const struct workload *wl,
		  uint64_t tasks, struct cell **out);
void cells_free(struct cell *cells, size_t n);
/* An upper bound on the cells of wl, for a progress line. */
size_t cells_count(const struct config *cfg, const struct workload *wl);

/* A fresh seeded shuffle of 0..n-1 (Fisher-Yates), one per repetition, so
 * slow drift of the machine does not favour one cell. */
void cells_order(size_t *order, size_t n, uint64_t *rng);

/* The baseline cell (MODE_F_BASELINE) to compare c with: the same task
 * count and pool policy, with verified repetitions. NULL when none. */
const struct cell *cells_baseline(const struct cell *cells, size_t n,
				  const struct cell *c);

#endif
