/*
 * sweep.h - the concurrency sweep of an I/O workload in a summary: its
 * cells with tasks = workers (scripts/scale.sh: 16 ... 10,000 at once),
 * all at one latency, and the per-task figures the charts, the report
 * and C11 read from them.
 *
 * Memory is a cell's rise (sum_cell.rise: peak resident memory above the
 * lowest resident memory its repetitions started from), which is what
 * the cell's tasks hold beyond bin/bench's own when the cell ran in a
 * process of its own, as scale.sh runs each. CPU time is user + sys of
 * the repetition, the pool's start-up and teardown included.
 */
#ifndef GB_SWEEP_H
#define GB_SWEEP_H

#include <stddef.h>

#include "bench/analysis/summary.h"

/* Below these a figure is not resolved (the kernel counts a thread's
 * resident pages in batches of up to 64 pages, 256 KiB; getrusage's CPU
 * time of a repetition that hardly ran is a tick or less): a ratio whose
 * denominator is below its floor is computed at the floor and is then a
 * lower bound. */
#define SWEEP_MEM_FLOOR_KB 256.0
#define SWEEP_CPU_FLOOR_S 0.001

/* The fewest tasks at once that count as the sweep's. */
#define SWEEP_MIN_TASKS 16u

struct sweep {
	const char *wl;
	double latency_ms;
};

/* wl's sweep: the latency with the most cells of tasks = workers >=
 * SWEEP_MIN_TASKS (verified or not). 0, or -ENOENT when it has none. */
int sweep_find(const struct summary *s, const char *wl, struct sweep *out);
/* wl's sweep at the latency where modes a and b both ran the most tasks
 * at once (sweep_top_both), the shorter latency on a tie. 0, or -ENOENT
 * when they never both ran. */
int sweep_find_both(const struct summary *s, const char *wl, const char *a,
		    const char *b, struct sweep *out);
/* Whether c is one of the sweep's cells (failed ones included). */
int sweep_member(const struct sweep *sw, const struct sum_cell *c);
/* The cell of mode at `tasks` at once, or NULL; it may have failed (n 0). */
const struct sum_cell *sweep_cell(const struct summary *s,
				  const struct sweep *sw, const char *mode,
				  unsigned tasks);
/* The distinct task counts of the sweep, ascending; how many (<= max). */
size_t sweep_sizes(const struct summary *s, const struct sweep *sw,
		   unsigned *out, size_t max);
/* The largest task count at which both modes have verified cells; 0 if
 * none. */
unsigned sweep_top_both(const struct summary *s, const struct sweep *sw,
			const char *a, const char *b);

/* Per task, medians: memory rise (KiB), CPU time (s); NAN when absent. */
double sweep_mem_per_task(const struct sum_cell *c);
double sweep_cpu_per_task(const struct sum_cell *c);

/* Ratios of num over den with their 95% bootstrap intervals: peak
 * memory rise, CPU time (each with den at least its floor; returns 1 when
 * den's median was below it, so the ratio is a lower bound), wall time
 * (returns 0). -EINVAL when a side has no repetitions or no such figure. */
int sweep_mem_ratio(const struct sum_cell *num, const struct sum_cell *den,
		    struct stats_interval *out);
int sweep_cpu_ratio(const struct sum_cell *num, const struct sum_cell *den,
		    struct stats_interval *out);

/* The smallest task count at which more's memory rise is at least
 * `factor` times less's (by the median ratio); 0 when it never is. *at
 * gets that ratio (or, when never, the ratio at the largest both ran),
 * and *bound whether it is a lower bound. */
unsigned sweep_crossover(const struct summary *s, const struct sweep *sw,
			 const char *more, const char *less, double factor,
			 double *at, int *bound);

#endif
