/*
 * timeline.h - chart data from a lock trace (locktrace.h), in the form
 * every chart of the suite takes (charts.h): NAME.dat, the numbers, and
 * NAME.vars.gp, the variables of the gnuplot script in plots/ that draws
 * it (scripts/plots.sh runs it).
 *
 *   timeline.gp   one row per thread over a window: a bar coloured by
 *                 state (runs with the GIL, waits for it, in a blocking
 *                 call or native code), marks for drop requests, forced
 *                 drops and futile wake-ups; Beazley's pictures of 2010
 *   latcdf.gp     cumulative distributions of round-trip latencies, one
 *                 line per series, log time axis
 *   policy.gp     two panels of bars: the I/O thread's round trips per
 *                 second, and the CPU thread's work, per lock policy
 */
#ifndef GB_TIMELINE_H
#define GB_TIMELINE_H

#include <stddef.h>

#include "bench/analysis/locktrace.h"

/* Columns of a timeline's data: a state is drawn where it filled most
 * of a column, so the file stays small however many events there were
 * (a gil-legacy thread has a million a second). About a pixel each on a
 * 1280-pixel chart. */
#define TIMELINE_COLUMNS 1100

/* Write dir/NAME.dat and dir/NAME.vars.gp for the timeline of r over w;
 * labels[k] names thread k's row. 0 or -errno. */
int timeline_write(const struct lt_rep *r, const struct lt_window *w,
		   const char *dir, const char *name, const char *title,
		   const char *const *labels);

/* One line of a latency chart. */
struct cdf_series {
	const char *title;
	const char *color;	/* "#rrggbb", the mode's (style.h) */
	int variant;		/* 0 solid; 1, 2 a mode's other lines, dashed */
	const double *us;	/* latencies, microseconds (sorted here) */
	size_t n;
};

/* Write a CDF chart; mark_ms > 0 draws a reference line there (the
 * switch interval). Values of 0 are drawn at the axis' left end, 0.1 us.
 * 0 or -errno. */
int cdf_write(const char *dir, const char *name, const char *title,
	      const char *xlabel, const char *ylabel,
	      struct cdf_series *ser, size_t nser, double mark_ms,
	      const char *mark_label);

/* One bar group of the policy chart. NAN leaves a bar out. */
struct policy_bar {
	const char *label;	/* "cpython" */
	const char *color;	/* "#rrggbb", the mode's (style.h) */
	int variant;		/* 0 solid; 1, 2 hatched (common.gp) */
	double io_alone, io_beside;	/* round trips per second */
	double cpu_work;	/* the CPU thread's work, millions of terms/s */
};

int policy_write(const char *dir, const char *name, const char *title,
		 const struct policy_bar *bars, size_t n);

/* The colour and the legend's words of each state (LT_OFF is not
 * drawn). */
extern const char *const timeline_state_color[LT__NSTATES];
extern const char *const timeline_state_title[LT__NSTATES];

#endif
