/*
 * cpython.h - real CPython's GIL, traced with uprobes (make trace-cpython,
 * python/trace_cpython.py) into the suite's trace format: the list of its
 * scenes (traces/cpython-scenes.csv, each the real twin of a simulated
 * timeline), what tracing cost each (cpython-overhead.csv: interleaved
 * untraced and traced pairs), and why nothing was traced
 * (cpython.notrun). The traces themselves are read as any other
 * (locktrace.h); scenes.c draws them beside their twins.
 */
#ifndef GB_TRACE_CPYTHON_H
#define GB_TRACE_CPYTHON_H

#include <stddef.h>

/* A line of cpython-scenes.csv. */
struct real_scene {
	char name[128];		/* traces/NAME.csv */
	char twin[128];		/* the simulated scene beside it */
	char workload[32], mode[32];	/* "sumsq", "cpython-3.11" */
	char version[32];	/* "3.11.7" */
	int traced;		/* 0: not traced, reason says why */
	char reason[256];
};

/* A line of cpython-overhead.csv: one figure of one scene, untraced
 * against traced. */
struct trace_cost {
	char name[128], figure[48];
	unsigned pairs;
	double untraced, traced;	/* medians */
	double ratio, lo, hi;		/* traced / untraced, per pair */
	char beyond[16];		/* yes, no, undecided */
	char note[256];
};

struct cpython_traces {
	struct real_scene *scene;
	size_t nscene;
	struct trace_cost *cost;
	size_t ncost;
	char notrun[512];	/* cpython.notrun's line, "" when absent */
	char err[512];		/* a file that could not be read */
};

struct csv_schema;
struct scenes;

/* Read them from a traces folder; absent files are no error. */
void cpython_traces_load(struct cpython_traces *t, const char *dir);
void cpython_traces_free(struct cpython_traces *t);

/* The schemas, for bind.h and `bench schema`. */
extern const struct csv_schema cpython_scenes_csv, cpython_cost_csv;

/* The fidelity targets of the rate rows: a real figure within this
 * factor of the simulated one, either way (docs/GIL.md). */
#define TRACE_TARGET_GIL 1.3
#define TRACE_TARGET_LEGACY 1.5

/* A figure read from a real trace and from its simulated twin's, over
 * each whole repetition: real / simulated with a 95% bootstrap interval
 * over the gaps or round trips within them (one traced repetition a
 * side), judged against the target either way. */
struct trace_fid {
	const char *real_scene, *twin;	/* the timelines' names */
	const char *version, *sim_mode;	/* "3.11.7", "gil" */
	char figure[64];		/* "median hand-off gap, ms" */
	double real, sim;
	double ratio, lo, hi;		/* NAN lo/hi: a point alone */
	double target;
	const char *met;		/* yes, no, inconclusive; "(point)"
					   when there is no interval */
	char cost_note[256];		/* what tracing did to it, or "" */
};
/* The rows of every real scene with its twin; how many (<= max). */
size_t cpython_fidelity(const struct scenes *sc, struct trace_fid *out,
			size_t max);

#endif
