/*
 * charts.h - what the files of charts/ share: a chart drawn from the
 * model is an entry of the table (struct chart_spec, table.c) that
 * charts.c turns into its files; adding one is an entry there and a
 * script in plots/.
 */
#ifndef GB_CHARTS_H
#define GB_CHARTS_H

#include "bench/analysis/charts/chart.h"

/* The cells a chart reads. */
enum chart_from {
	FROM_MAIN,	/* the workload's main series */
	FROM_SWEEP,	/* its concurrency sweep (model/sweep.h) */
	FROM_WORKLOAD,	/* every series of it (payload: each size) */
	FROM_KIND,	/* the main series of every workload of the kind,
			   a line per workload and mode */
};
enum chart_shape {
	SHAPE_XY,	/* a block per line, "x y lo hi [paired]" */
	SHAPE_BARS,	/* a row per line, "label y lo hi": its cell at
			   the most workers up to the cores */
	SHAPE_GROUPS,	/* a row per x, "label y1 lo1 hi1 y2 ..." */
};
enum chart_x { X_WORKERS, X_SIZE, X_CPU_THREADS };
enum chart_y {
	Y_SPEEDUP,		/* over the baseline, paired or not */
	Y_WALL,			/* median wall time */
	Y_OVER_IDEAL,		/* wall / (ceil(tasks / W) x latency) */
	Y_GIL_PERCENT,		/* % of thread time waiting for the GIL */
	Y_RATE,			/* the workload's own figure */
	Y_STARTUP_PER_WORKER,	/* start-up / W */
	Y_PER_TASK,		/* wall / tasks */
	Y_MEM_PER_TASK,		/* memory rise / tasks, KiB */
	Y_CPU_PER_TASK,		/* CPU time / tasks, us */
	Y_OVER_LATENCY,		/* wall / one latency */
};
enum chart_unit { UNIT_NONE, UNIT_TIME };	/* UNIT_TIME: s, ms or us */

/* Which cells make points. */
#define L_POOLS		0x1u	/* not the baseline (nothing to start) */
#define L_DEFAULT_OPTS	0x2u	/* the mode's options at their defaults */
#define L_POSITIVE	0x4u	/* above 0 only (a log axis) */

struct ctx;

struct chart_spec {
	enum chart_id id;
	const char *stem;	/* the file's name; %s the workload */
	const char *script;	/* in plots/ */
	enum topic topic;
	/* Drawn for each workload of these kinds (1 << enum kind), or for
	 * the one named. */
	unsigned kinds;
	const char *workload;
	enum chart_from from;
	enum chart_shape shape;
	enum chart_x x;
	enum chart_y y;
	enum chart_unit unit;
	const char *yunit;	/* when not a time: "%", "round trips/s" */
	unsigned lines;		/* L_* */
	size_t min_lines, min_x;	/* fewer and it is not drawn */
	/* SHAPE_GROUPS: the rows, by x. */
	unsigned groups;
	const char *group_label[4];
	/* The data file's first line; %s the unit. */
	const char *data_head;
	/* Its title and caption, with the figures of ctx. */
	void (*describe)(const struct ctx *x, struct text *title,
			 struct text *caption);
	/* Optional: more variables for the script. */
	void (*vars)(const struct ctx *x, struct chart_out *o);
};

/* The chart being made. */
struct ctx {
	const struct chart_spec *sp;
	const struct model *m;
	const char *wl;
	const struct cell *cells[512];
	size_t n;
	long cores;
	double scale;		/* of a time axis: 1, 1e3 or 1e6 */
	const char *unit;	/* "s", "ms", "us" */
	unsigned max_x;		/* the largest x drawn */
	size_t nx;		/* how many x values */
	size_t unpaired;	/* speedup points that are not paired */
};

extern const struct chart_spec chart_specs[];
extern const size_t chart_nspecs;

#endif
