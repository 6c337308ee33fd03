/*
 * charts/trace.h - the charts of a lock trace (trace/locktrace.h), into
 * the same struct chart and through the same writer as every chart
 * (chart.h):
 *
 *   timeline.gp   one row per thread over a window: a bar coloured by
 *                 state (runs with the GIL, waits for it, in a blocking
 *                 call or native code), marks for drop requests, forced
 *                 drops and futile wake-ups; Beazley's pictures of 2010
 *   latcdf.gp     cumulative distributions of latencies, one line per
 *                 series, log time axis
 *   policy.gp     two panels of bars: the I/O thread's round trips per
 *                 second, and the CPU thread's work, per lock policy
 *
 * The caller fills c's name, title and caption; each writer adds the
 * legend (c->key) and writes NAME.dat and NAME.vars.gp into dir.
 */
#ifndef GB_CHARTS_TRACE_H
#define GB_CHARTS_TRACE_H

#include <stddef.h>

#include "bench/analysis/charts/chart.h"
#include "bench/analysis/trace/locktrace.h"

/* Columns of a timeline's data: a state is drawn where it filled most
 * of a column, so the file stays small however many events there were
 * (a gil-legacy thread has a million a second). About a pixel each on a
 * 1280-pixel chart. */
#define TIMELINE_COLUMNS 1100

/* The timeline of r over w; labels[k] names thread k's row. 0, -EINVAL
 * for an empty window, or -errno. */
int chart_timeline(struct chart *c, const char *dir, const struct lt_rep *r,
		   const struct lt_window *w, const char *const *labels);

/* One line of a latency chart. */
struct cdf_series {
	const char *title;
	const char *mode;	/* its look (registry.h) */
	int variant;		/* 0 solid; 1, 2 a mode's other lines, dashed */
	const char *label;	/* in the report's legend */
	const double *us;	/* latencies, microseconds (sorted here) */
	size_t n;
};

/* A CDF chart; mark_ms > 0 draws a reference line there (the switch
 * interval). Values of 0 are drawn at the axis' left end, 0.1 us. */
int chart_cdf(struct chart *c, const char *dir, const char *xlabel,
	      const char *ylabel, const struct cdf_series *ser, size_t nser,
	      double mark_ms, const char *mark_label);

/* One bar group of the policy chart. NAN leaves a bar out. */
struct policy_bar {
	const char *title;	/* "cpython" */
	const char *mode;	/* its look (registry.h) */
	int variant;		/* 0 solid; 1, 2 hatched (common.gp) */
	const char *label;	/* in the report's legend */
	double io_alone, io_beside;	/* round trips per second */
	double cpu_work;	/* the CPU thread's work, millions of terms/s */
};

int chart_policy(struct chart *c, const char *dir,
		 const struct policy_bar *bars, size_t n);

#endif
