/*
 * summary.h - the summary stage: raw CSV rows in, one cell per
 * (workload, mode, workers, tasks, size, switch interval, and for the cost
 * measurements batches, pool policy and parent memory) out, with order
 * statistics, the speedup over the baseline as a ratio of medians with a
 * bootstrap interval, and flags for noise and outliers.
 *
 * Rows that failed verification are counted per cell and kept out of
 * every figure. Outliers are flagged, never dropped. The same code serves
 * `bench summarize`, `bench report` and the claims (claims.h), so every
 * number of the report comes from here.
 */
#ifndef GB_SUMMARY_H
#define GB_SUMMARY_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "bench/core/stats.h"

/* The workload's kind, as the CSV's `kind` column names it (the same
 * list as workloads/workload.h's enum wl_kind). */
enum sum_kind { SUM_CPU, SUM_NATIVE, SUM_IO, SUM_CONVOY, SUM_COST, SUM_RACE,
		SUM_LATENCY, SUM_UNKNOWN };
#define SUM_KIND_NAMES { "cpu", "native", "io", "convoy", "cost", "race", \
			 "latency" }

/* The kind called name; SUM_UNKNOWN for any other. */
enum sum_kind summary_kind(const char *name);

/* A cell whose coefficient of variation is above this is marked noisy. */
#define SUM_NOISY_CV 0.10

/* One raw row, parsed. Optional numbers are NAN when blank. */
struct sum_row {
	const char *workload, *mode;
	const char *metric_name;	/* "" when none */
	const char *error;		/* "" when none */
	const char *kind;		/* "" in files older than the column */
	unsigned hosts;			/* mpi: machines; 0 when blank */
	unsigned workers;
	uint64_t tasks, size;
	int verified;
	long cpus;			/* 0 when blank */
	double wall_s, startup_s, user_s, sys_s, max_rss_kb;
	double start_rss_kb;		/* NAN in files older than it */
	double vol_cs, invol_cs;
	double metric, switch_ms, latency_ms, gil_wait_s;
	/* --batches, --pool fresh, --parent-mem; 1, 0, 0 when blank. */
	unsigned batches;
	int fresh;
	uint64_t parent_mem_mib;
};

struct sum_cell {
	/* The key. switch_ms is NAN outside the GIL modes. A cell with
	 * batches > 1, a fresh pool per batch or a big parent is not
	 * "plain": it belongs to a cost measurement, never to a main
	 * series (summary_primary, summary_at, summary_find). */
	char workload[64], mode[64];
	unsigned workers;
	uint64_t tasks, size;
	double switch_ms;
	unsigned batches;
	int fresh;
	uint64_t parent_mem_mib;

	enum sum_kind kind;
	double latency_ms;		/* NAN unless an I/O workload */
	char metric_name[64];		/* "" when the workload has none */
	unsigned n;			/* verified repetitions: the figures */
	unsigned hosts;			/* mpi: the most machines a verified
					   repetition ran on; 0 when blank */
	unsigned failed;		/* repetitions excluded as failed */
	char first_error[192];

	/* Per verified repetition (n values each); NAN-free. */
	double *wall, *total, *cpu, *startup, *rss, *metric, *gil;
	/* Per verified repetition, NAN where the file has no such column:
	 * resident memory at its start, and context switches (voluntary
	 * plus involuntary). */
	double *rss0, *cs;
	/* Per verified repetition: its peak memory above the cell's lowest
	 * start (rss - min rss0, KiB, at least 0): what the cell's work
	 * holds beyond bin/bench's own memory when the cell ran in a
	 * process of its own (scripts/scale.sh); NAN without start_rss_kb. */
	double *rise;

	/* Wall time of the tasks, seconds. */
	double median, min, max, mad, cv;
	int noisy;			/* cv > SUM_NOISY_CV */
	size_t outliers;		/* modified z-score > 3.5 */
	/* Over the baseline (seq, or py-seq for py-* modes) of the same
	 * workload, tasks and size; point NAN when there is none. The
	 * second includes start-up (wall + startup on both sides). */
	struct stats_interval speedup, speedup_startup;
	double efficiency;		/* speedup / workers */
	double cpu_per_wall;		/* median CPU time / median wall */
	double startup_s;		/* median start-up */
	double rss_kb;			/* median peak memory */
	double rise_kb;			/* median of rise; NAN without it */
	double cs_med;			/* median context switches, or NAN */
	double metric_med;		/* median of the workload's figure */
	double gil_share;		/* median gil_wait / (wall x workers) */
	const struct sum_cell *baseline;
};

struct summary;

struct summary *summary_new(void);
void summary_free(struct summary *s);
/* Add one row (strings are copied). Then summary_finish() once. */
void summary_add(struct summary *s, const struct sum_row *r);
/* Compute every derived figure and sort the cells for display. */
void summary_finish(struct summary *s);

/* Read a raw CSV (columns found by name, so older and newer files load)
 * into a finished summary. 0, or -errno with "FILE:LINE: what is wrong"
 * in err (-EINVAL for malformed content, -ENOENT etc. for I/O). */
/* The largest raw CSV summary_load reads: some million rows. */
#define SUM_MAX_BYTES (1ull << 30)

int summary_load(struct summary **out, const char *csv_path, char *err,
		 size_t errlen);
/* The same from an open stream; name is what the messages call it (the
 * fuzz target feeds it memory). */
int summary_load_stream(struct summary **out, FILE *fp, const char *name,
			char *err, size_t errlen);
/* Write summary.csv: one line per cell, blank where not applicable.
 * 0 or -errno. */
int summary_write_csv(const struct summary *s, const char *path);

size_t summary_ncells(const struct summary *s);
const struct sum_cell *summary_cell(const struct summary *s, size_t i);
/* Rows read, and rows excluded as failed. */
size_t summary_nrows(const struct summary *s);
size_t summary_nfailed(const struct summary *s);
/* The machine's core count: the largest `cpus` of any row (0 if none). */
long summary_cores(const struct summary *s);
/* The most machines the workers of a verified repetition ran on (the
 * `hosts` column of mpi rows; 0 when none says). */
unsigned summary_max_hosts(const struct summary *s);

/* One batch, a reused pool, no --parent-mem: what every main series
 * is made of. */
int summary_plain(const struct sum_cell *c);

/* Exact lookup among plain cells; switch_ms NAN matches a blank. NULL
 * when absent. */
const struct sum_cell *summary_find(const struct summary *s, const char *wl,
				    const char *mode, unsigned workers,
				    uint64_t tasks, uint64_t size,
				    double switch_ms);
/* The main series of a workload: the (tasks, size) whose baseline took
 * longest (least dominated by overheads), or the one with the most cells
 * when no baseline ran. 0, or -ENOENT when the workload has no cell. */
int summary_primary(const struct summary *s, const char *wl,
		    uint64_t *tasks, uint64_t *size);
/* In the primary series of wl (for py-* modes, the one with the longest
 * py-seq): the cell of mode at `workers`, at the
 * default switch interval (5 ms) when there is one, else at the most
 * common; with n > 0. NULL when absent. */
const struct sum_cell *summary_at(const struct summary *s, const char *wl,
				  const char *mode, unsigned workers);
/* The workload names in display order; returns how many (at most max). */
size_t summary_workloads(const struct summary *s, const char **names,
			 size_t max);
/* Whether any verified cell of this mode exists. */
int summary_has_mode(const struct summary *s, const char *mode);

/* median(num's values) / median(den's values), with its interval: wall
 * times, or wall + start-up when with_startup. -EINVAL if either is
 * empty. */
int summary_ratio(const struct sum_cell *num, const struct sum_cell *den,
		  int with_startup, struct stats_interval *out);

/* Which interpreter wrote a foreign mode's rows (python/compare.py):
 * "CPython 3" for py-*, "CPython 2.7" for py2-*, "free-threaded CPython"
 * for pyft-*; NULL for bin/bench's own modes. */
const char *summary_foreign_label(const char *mode);

/* The baseline mode of a mode: py-seq for CPython's rows (py-*; py2-seq,
 * pyft-seq likewise), else the registry's baseline (seq). */
const char *summary_baseline_mode(const char *mode);

#endif
