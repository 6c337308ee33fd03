/*
 * summary.h - the summary stage: raw CSV rows in, one cell per
 * (workload, mode, workers, tasks, size, switch interval, and for the cost
 * measurements batches, pool policy and parent memory) out, with order
 * statistics, the speedup over the baseline from paired repetitions with
 * a bootstrap interval (and the plain ratio of medians beside it), the
 * background load, and flags for noise and outliers.
 *
 * Pairing: the rows of one round of an invocation's interleaved order
 * (the same run_id and round; rep where a file has no round column) ran
 * back to back, so a comparison of two cells takes the ratio within each
 * round and the median of those ratios: drift of the machine cancels in
 * a pair instead of widening the interval (CLAIMS.md).
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
		SUM_LATENCY, SUM_CALIB, SUM_UNKNOWN };
#define SUM_KIND_NAMES { "cpu", "native", "io", "convoy", "cost", "race", \
			 "latency", "calib" }

/* The kind called name; SUM_UNKNOWN for any other. */
enum sum_kind summary_kind(const char *name);

/* A cell whose coefficient of variation is above this is marked noisy. */
#define SUM_NOISY_CV 0.10

/* Other programs busier than this share of the machine's cores, over
 * the repetitions of a comparison, make it a busy one: the report warns,
 * and names the load as the reason of a verdict it left inconclusive.
 * A twentieth: an idle VM stays at one or two hundredths, and a load
 * that comes and goes (a build beside the run) averages well below what
 * it takes from the repetitions it hits. */
#define SUM_BUSY_SHARE 0.05

/* Fewer pairs than this and a comparison uses two independent samples
 * (its rows were not measured together) instead. */
#define SUM_MIN_PAIRS 3

/* An interval with what it rests on. The first three fields are those
 * of struct stats_interval. */
struct sum_iv {
	double point, lo, hi;
	unsigned n;		/* repetitions behind it (pairs, if paired) */
	int paired;		/* 1: paired by round; 0: independent samples */
	double load;		/* median cores other programs used during
				   those repetitions; NAN when unknown */
};

/* One raw row, parsed. Optional numbers are NAN when blank. */
struct sum_row {
	const char *workload, *mode;
	const char *metric_name;	/* "" when none */
	const char *error;		/* "" when none */
	const char *kind;		/* "" in files older than the column */
	unsigned hosts;			/* mpi: machines; 0 when blank */
	unsigned kernels;		/* mpi: their distinct kernels (hosts
					   made of namespaces share one); 0
					   when blank */
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
	/* Pairing: run_id ("" when none), rep and round (0 when blank). */
	const char *run_id;
	unsigned rep, round;
	/* Background load: other programs' CPU time during the repetition
	 * and the repetition's clock time; NAN when blank. */
	double other_cpu_s, span_s;
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

	/* Per verified repetition (n values each); NAN-free except gil,
	 * other and span. key[i] says which round repetition i ran in (0:
	 * none, it pairs with nothing); other[i] is the CPU time other
	 * programs used during it, span[i] its clock time. */
	double *wall, *total, *cpu, *startup, *rss, *metric, *gil;
	double *other, *span;
	uint64_t *key;
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
	 * workload, tasks and size; point NAN when there is none. Paired
	 * when the two were measured together (the median of the paired
	 * ratios), else a ratio of medians. The second includes start-up
	 * (wall + startup on both sides). speedup_medians is always the
	 * plain ratio of the two medians, with its unpaired interval. */
	struct sum_iv speedup, speedup_startup, speedup_medians;
	/* The cores other programs used meanwhile: their CPU time over
	 * the clock time, summed over the repetitions (one repetition's
	 * figure is only as good as the 10 ms clock ticks it counts). */
	double load_med;
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
/* The most distinct kernels under the hosts of a verified mpi repetition
 * over several hosts (the `kernels` column): 1 means they were network
 * namespaces of one machine, sharing its cores; 0 when none says. */
unsigned summary_max_kernels(const struct summary *s);

/* One batch, a reused pool, no --parent-mem: what every main series
 * is made of. */
int summary_plain(const struct sum_cell *c);

/* Exact lookup among plain cells; switch_ms NAN matches a blank. NULL
 * when absent. */
const struct sum_cell *summary_find(const struct summary *s, const char *wl,
				    const char *mode, unsigned workers,
				    uint64_t tasks, uint64_t size,
				    double switch_ms);
/* The main series of a workload: the (tasks, size, latency) whose
 * baseline took longest (least dominated by overheads), or the one with
 * the most cells when no baseline ran. latency may be NULL. 0, or
 * -ENOENT when the workload has no cell. */
int summary_primary(const struct summary *s, const char *wl,
		    uint64_t *tasks, uint64_t *size, double *latency);
/* In the primary series of wl (for py-* modes, the one with the longest
 * py-seq): the cell of mode at `workers`, at the
 * default switch interval (5 ms) when there is one, else at the most
 * common; with n > 0. NULL when absent. */
const struct sum_cell *summary_at(const struct summary *s, const char *wl,
				  const char *mode, unsigned workers);
/* The workload names in display order; returns how many (at most max). */
size_t summary_workloads(const struct summary *s, const char **names,
			 size_t max);
/* The run_id of the first verified repetition of c, or NULL. */
const char *summary_cell_run(const struct summary *s,
			     const struct sum_cell *c);

/* Whether any verified cell of this mode exists. */
int summary_has_mode(const struct summary *s, const char *mode);

/* Which figure of a cell a comparison reads. */
enum sum_field { SF_WALL, SF_TOTAL, SF_CPU, SF_STARTUP, SF_RSS, SF_METRIC };

/* num / den of one figure: paired by round when the two cells have
 * SUM_MIN_PAIRS rounds in common (the median of the paired ratios), else
 * the ratio of their medians with an unpaired bootstrap interval.
 * -EINVAL (out NAN) if either is empty or a value is not positive. */
int summary_compare(const struct sum_cell *num, const struct sum_cell *den,
		    enum sum_field f, struct sum_iv *out);
/* The wall time (or wall + start-up when with_startup) of num over
 * den's: summary_compare of SF_WALL or SF_TOTAL. */
int summary_ratio(const struct sum_cell *num, const struct sum_cell *den,
		  int with_startup, struct sum_iv *out);

/* A product of figures of several cells, taken within each round they
 * share: sum over terms of exp x log(figure). For a speedup over the
 * capacity, seq / fork / (calib seq / calib fork). */
struct sum_term {
	const struct sum_cell *c;
	enum sum_field f;
	int exp;		/* +1 or -1 */
};
/* The median over the shared rounds of the product, with a bootstrap
 * interval over the rounds; -ENOENT (out NAN) when fewer than
 * SUM_MIN_PAIRS rounds have every term. */
int summary_paired(const struct sum_term *t, size_t nt, struct sum_iv *out);

/* The capacity K: the calibration workload (kind calib) under seq over
 * under fork at the most workers measured, paired by round. *fork_cell
 * and *seq_cell (may be NULL) get the cells. -ENOENT when the run has no
 * calibration. */
int summary_capacity(const struct summary *s, struct sum_iv *k,
		     const struct sum_cell **seq_cell,
		     const struct sum_cell **fork_cell);

/* Repetitions shorter than this say nothing of the load by themselves:
 * a clock tick of /proc/stat is 10 ms. */
#define SUM_LOAD_MIN_SPAN 0.25

/* The background load of the whole run: the cores other programs used,
 * their CPU time over the clock time of every verified repetition; and
 * how many of the repetitions long enough to tell (SUM_LOAD_MIN_SPAN)
 * were busy (above SUM_BUSY_SHARE of the cores). NAN / 0 when the CSV
 * has no load column. */
double summary_bg_load(const struct summary *s, size_t *busy, size_t *known);
/* Whether load (cores) is busy on this run's machine. */
int summary_busy(const struct summary *s, double load);

/* Which interpreter wrote a foreign mode's rows (python/compare.py):
 * "CPython 3" for py-*, "CPython 2.7" for py2-*, "free-threaded CPython"
 * for pyft-*; NULL for bin/bench's own modes. */
const char *summary_foreign_label(const char *mode);

/* The baseline mode of a mode: py-seq for CPython's rows (py-*; py2-seq,
 * pyft-seq likewise), else the registry's baseline (seq). */
const char *summary_baseline_mode(const char *mode);

#endif
