/*
 * sweep.h - the concurrency sweep of an I/O workload: a series whose
 * tasks follow its workers (scripts/scale.sh: 16 ... 10,000 at once, one
 * latency), and the per-task figures the charts, the report and C11 read
 * from its cells.
 *
 * Memory is a cell's rise (FIG_RISE: peak resident memory above the
 * lowest resident memory its repetitions started from), which is what the
 * cell's tasks hold beyond bin/bench's own when the cell ran in a process
 * of its own, as scale.sh runs each. CPU time is user + sys of the
 * repetition, the pool's start-up and teardown included.
 */
#ifndef GB_SWEEP_H
#define GB_SWEEP_H

#include <stddef.h>

#include "bench/analysis/model/model.h"

/* Below these a figure is not resolved (the kernel counts a thread's
 * resident pages in batches of up to 64 pages, 256 KiB; getrusage's CPU
 * time of a repetition that hardly ran is a tick or less): a ratio whose
 * denominator is below its floor is computed at the floor and is then a
 * lower bound. */
#define SWEEP_MEM_FLOOR_KB 256.0
#define SWEEP_CPU_FLOOR_S 0.001

/* The fewest tasks at once that count as the sweep's. */
#define SWEEP_MIN_TASKS 16u

/* Whether s is a sweep: an I/O series with tasks = workers, 16 and up. */
int sweep_is(const struct series *s);
/* wl's sweep: the one with the most cells (verified or not; ties: the
 * shorter latency, where a pool's own cost shows). NULL when none. */
const struct series *sweep_find(const struct model *m, const char *wl);
/* wl's sweep where modes a and b both ran the most at once (ties: the
 * shorter latency). NULL when they never both ran. */
const struct series *sweep_find_both(const struct model *m, const char *wl,
				     const char *a, const char *b);
/* The cell of mode at `tasks` at once, or NULL; it may have failed. */
const struct cell *sweep_cell(const struct series *s, const char *mode,
			      unsigned tasks);
/* The distinct task counts of the sweep (failed cells too), ascending;
 * how many (<= max). */
size_t sweep_sizes(const struct series *s, unsigned *out, size_t max);
/* The most at once where both modes have verified cells; 0 if none. */
unsigned sweep_top_both(const struct series *s, const char *a,
			const char *b);

/* Per task, medians: memory rise (KiB), CPU time (s); NAN when absent. */
double sweep_mem_per_task(const struct cell *c);
double sweep_cpu_per_task(const struct cell *c);

/* num over den, unpaired (each cell ran in a bin/bench of its own): peak
 * memory rise, CPU time, each with den at least its floor. 1 when den's
 * median was below it (the ratio is then a lower bound), 0, or -EINVAL
 * when a side has no repetitions or no such figure. */
int sweep_mem_ratio(const struct cell *num, const struct cell *den,
		    struct iv *out);
int sweep_cpu_ratio(const struct cell *num, const struct cell *den,
		    struct iv *out);

/* The fewest at once at which more's memory rise is at least `factor`
 * times less's (by the median ratio); 0 when never. *at gets that ratio
 * (or, when never, the one at the most both ran), *bound whether it is a
 * lower bound. */
unsigned sweep_crossover(const struct series *s, const char *more,
			 const char *less, double factor, double *at,
			 int *bound);

#endif
