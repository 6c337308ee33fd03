/*
 * scenes.h - the traced runs of a results folder (RUN/traces/, written by
 * scripts/trace.sh from the suite's lines) turned into what the report
 * shows of the lock: timelines with captions, convoy latencies as
 * distributions, and the lock policies side by side.
 *
 * A scene is one bin/bench invocation with --trace: RUN/traces/NAME.csv
 * (the trace) and NAME.rows.csv (its rows). The name says its role:
 *
 *   timeline-*   one cell: its first repetition is drawn over a window
 *                (the first SCENE_WINDOW_MS after every thread started,
 *                or the ms in NAME.window, which scripts/trace.sh
 *                --window writes)
 *   latency-*    cells of ccbench: the waits of its latency thread for
 *                the lock, grouped by mode, policy and CPU threads: the
 *                latency distributions
 *   policy-*     cells of convoy: its rates, round trips and the CPU
 *                threads' work, grouped the same way: the policy table
 *   cpython-*    real CPython traced with uprobes (cpython.h): each the
 *                twin of a timeline, drawn after it over its window
 *
 * Everything is computed from the trace and rows alone, by the functions
 * of locktrace.h; `bin/bench trace FILE` prints the same figures.
 */
#ifndef GB_SCENES_H
#define GB_SCENES_H

#include <stddef.h>

#include "bench/analysis/trace/cpython.h"
#include "bench/analysis/trace/locktrace.h"
#include "bench/core/text.h"

/* The window of a timeline, ms. */
#define SCENE_WINDOW_MS 50.0

/* The lines of the CDF charts and the bars of the policy chart, in this
 * order. Each is drawn in its mode's colour (its registry entry); the new
 * GIL's other policies in gil's pink too, dashed or hatched (variant 1,
 * 2), as every chart draws a mode's variants. */
struct scene_line {
	const char *mode, *policy;
	const char *title;		/* a CDF's line */
	const char *short_title;	/* a bar of the policy chart */
	int variant;
};
#define SCENE_LINES_MAX 8
extern const struct scene_line scene_lines[];
extern const size_t scene_nlines;

/* What a trace's repetition shows, from its kind, mode and threads. */
enum scene_kind { SK_GIL_CPU, SK_LEGACY_CPU, SK_CONVOY, SK_NATIVE,
		  SK_OTHER };

/* The figures of one repetition over a window. */
struct scene_figs {
	struct lt_window w;
	double window_ms;
	double switch_ms;		/* NAN when not a gil mode */
	size_t handoffs;		/* gaps between hand-offs in w */
	double handoff_med_ms;		/* their median, NAN if none */
	uint64_t futile, futile_all;	/* in w, in the repetition */
	uint64_t drop_requests, forced;	/* in w */
	double overlap;			/* share of w nobody waited */
	double run_share[8], wait_share[8], block_share[8];
	size_t round_trips;		/* the whole repetition */
	double rt_rate;			/* per second, from the trace */
	double rt_p50_us, rt_p90_us, rt_p99_us, rt_max_us;
	double rt_slow_share;		/* round trips longer than half the
					   switch interval (NAN without one) */
	int full;			/* a buffer filled */
};

/* Compute figs for r over a window of len_ms (<= 0: while every thread
 * was there) starting from_ms after every thread had started. */
void scene_figures(const struct lt_rep *r, double from_ms, double len_ms,
		   struct scene_figs *figs);
enum scene_kind scene_kind_of(const struct lt_rep *r);
/* The row label of thread k: "I/O thread", "CPU thread 2", "thread 1". */
void scene_thread_label(const struct lt_rep *r, unsigned k, char *buf,
			size_t len);

struct timeline_scene {
	char name[128];		/* the chart's file stem */
	/* Real CPython traced with uprobes (cpython.h): its simulated
	 * twin, drawn over the same window, and its version. */
	int real;
	char twin[128], version[32];
	/* Over the whole repetition, for fidelity: the gaps between
	 * hand-offs (ms) and the convoy's round trips (us). */
	double *gaps, *rt;
	size_t ngaps, nrt;
	double span_ms;
	struct text title;
	struct text caption;	/* what to look for, with the figures */
	enum scene_kind kind;
	char mode[64], policy[24];
	double window_ms;	/* asked for */
	struct scene_figs figs;
};

/* One group of repetitions: a workload (ccbench or convoy), a mode, a
 * policy, a count of CPU threads. */
struct latency_group {
	char workload[64], mode[64], policy[24];
	unsigned cpu_threads;
	double switch_ms;
	double *us;			/* ccbench: every wait for the lock
					   after a call; convoy: every round
					   trip; us */
	size_t n, cap;
	double rates[64], works[64];	/* per repetition: the workload's
					   figure (ccbench: median lateness
					   ms, convoy: round trips/s); CPU
					   terms/s (metric2) */
	size_t nrates, nworks;
	size_t reps;
};

struct scenes {
	char traces[4200];	/* the folder read */
	struct timeline_scene *tl;
	size_t ntl;
	struct latency_group *lat;
	size_t nlat;
	char err[512];		/* the first trace that could not be read */
	struct cpython_traces real;	/* real CPython's scenes */
};

/* Read every scene of run_dir/traces/. An absent folder is no error (no
 * scenes). Traces that do not load are skipped, the first one's message
 * kept in err. Never NULL. */
struct scenes *scenes_load(const char *run_dir);
void scenes_free(struct scenes *sc);

/* Write the charts of the scenes into plots_dir: each timeline, the
 * latency CDF per count of CPU threads, the policies; out[] gets them
 * (topic TOPIC_LOCK). Returns how many (<= max), or -errno. */
struct chart;
int scenes_write_charts(const struct scenes *sc, const char *plots_dir,
			struct chart *out, size_t max);

/* `bench trace FILE [--rows FILE] [--from MS] [--window MS] [--timeline
 * DIR [--title TEXT]]`: the figures of one trace; argv[0] is "trace".
 * Returns the exit status (cmd.c). */
int trace_cmd(int argc, char **argv);

/* The workloads of the latency and the policy groups. */
#define SCENE_LATENCY_WL "ccbench"
#define SCENE_POLICY_WL "convoy"

/* The chart stems scenes_write_charts uses for the latency and policy
 * charts. */
#define SCENE_CDF_STEM "latency-cdf-%ucpu"
#define SCENE_POLICY_STEM "gil-policies"

/* A group by its key; NULL when absent. */
const struct latency_group *scenes_group(const struct scenes *sc,
					 const char *workload, const char *mode,
					 const char *policy,
					 unsigned cpu_threads);

#endif
