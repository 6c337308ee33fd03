/*
 * model.h - the typed model of a run, which every claim, chart and
 * section of the report reads: rows -> cells -> series.
 *
 *   row     one line of bench.csv: one repetition (struct bench_row, its
 *           members generated from the schema, bench/output/csv.h)
 *   cell    the rows that agree on every KEY column of the schema
 *           (workload, mode, workers, tasks, size, latency, switch
 *           interval, check interval, lock policy, batches, pool, parent
 *           memory, and whatever column is made a KEY later): its
 *           verified repetitions and their figures
 *   series  the cells that agree on every key column but the LINE ones
 *           (mode, its options, workers): one measurement, drawn as a
 *           chart's lines and tabulated as one table
 *
 * Pairing: the rows of one round of one invocation (run_id and round)
 * ran back to back, so a comparison of two cells takes the ratio within
 * each round they share and the median of those ratios; cells that share
 * fewer than MODEL_MIN_PAIRS rounds are compared as two independent
 * samples, and the interval says so (iv.paired = 0).
 *
 * Failed repetitions are counted per cell and kept out of every figure.
 * Outliers are flagged, never dropped.
 */
#ifndef GB_MODEL_H
#define GB_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bench/analysis/model/row.h"
#include "bench/modes/registry.h"
#include "bench/output/kinds.h"
#include "workloads/about.h"

enum kind {
#define MODEL_KIND(id, name) KIND_##id,
	GB_KINDS(MODEL_KIND)
#undef MODEL_KIND
	KIND__COUNT,
	KIND_ANY = KIND__COUNT	/* in a query: whatever kind */
};
/* "cpu", ...; "?" out of range. */
const char *kind_name(enum kind k);

/* A cell whose coefficient of variation is above this is noisy. */
#define MODEL_NOISY_CV 0.10
/* Other programs busier than this share of the cores, over the
 * repetitions of a comparison, make it a busy one (a twentieth: an idle
 * VM stays at one or two hundredths). */
#define MODEL_BUSY_SHARE 0.05
/* Repetitions shorter than this say nothing of the load by themselves:
 * a clock tick of /proc/stat is 10 ms. */
#define MODEL_LOAD_MIN_SPAN 0.25
/* Fewer shared rounds than this and two cells are compared as
 * independent samples. */
#define MODEL_MIN_PAIRS 3
/* CPython's default switch interval, the one claims are judged at. */
#define MODEL_DEFAULT_SWITCH_MS 5.0

/* An interval with what it rests on. */
struct iv {
	double point, lo, hi;
	unsigned n;		/* repetitions behind it (pairs, if paired) */
	int paired;		/* 1: paired by round; 0: independent samples */
	double load;		/* cores other programs used meanwhile; NAN */
};
extern const struct iv iv_none;

/* Which figure of a repetition a comparison or a chart reads. */
enum fig {
	FIG_WALL,	/* the tasks, start-up excluded, s */
	FIG_TOTAL,	/* wall + start-up, s */
	FIG_CPU,	/* user + sys of the repetition, s */
	FIG_STARTUP,	/* creating the pool, s */
	FIG_RSS,	/* peak resident memory, KiB */
	FIG_RISE,	/* peak above the cell's lowest start, KiB */
	FIG_METRIC,	/* the workload's own figure */
	FIG_METRIC2,
	FIG_GIL,	/* share of thread time spent waiting for the GIL */
	FIG_CS,		/* context switches */
	FIG_MINFLT,	/* minor page faults */
	FIG_SERVER,	/* forkserver: its server's one-time start, s */
	/* The clock time its CPU was counted over (span_s: start-up, the
	 * tasks, reaping the workers, whose CPU wait4() reports whole);
	 * wall + start-up in rows without it, s */
	FIG_CLOCK,
	FIG__COUNT
};

/* One verified repetition. */
struct rep {
	uint64_t round;		/* run and round; 0: pairs with nothing */
	double fig[FIG__COUNT];	/* NAN where the row has no such figure */
	double other, span;	/* other programs' CPU s, clock s; NAN */
};

struct series;

struct cell {
	/* Its key: the KEY columns of its rows (text interned in the
	 * model; the other members blank). */
	struct bench_row key;
	enum kind kind;
	const char *metric_name;	/* "" when the workload has none */
	unsigned n;			/* verified repetitions */
	struct rep *reps;
	unsigned failed;		/* repetitions kept out as failed */
	const char *first_error;	/* "" when none failed */
	unsigned hosts;			/* mpi: the most machines a verified
					   repetition ran on */
	/* Wall time of the tasks, s, over the verified repetitions. */
	double median, min, max, mad, cv;
	int noisy;			/* cv > MODEL_NOISY_CV */
	size_t outliers;		/* modified z-score > 3.5 */
	/* Medians; NAN where the figure is absent. */
	double med[FIG__COUNT];
	/* CPU time over the clock it was counted in (FIG_CLOCK: start-up,
	 * the tasks, reaping the workers, whose CPU wait4() reports whole):
	 * the effective parallelism, at most the usable cores. */
	double cpu_per_wall;
	double load;			/* cores other programs used */
	/* Over the baseline twin (the same key with the mode's baseline at
	 * W = 1 and no mode options): paired where they share rounds, else
	 * a ratio of medians (speedup.paired 0). With start-up on both
	 * sides in the second. NAN point when there is no baseline. */
	struct iv speedup, speedup_startup;
	double efficiency;		/* speedup / workers */
	const struct cell *baseline;
	const struct series *series;
};

/* Whether c measures one batch on a reused pool without ballast: not a
 * variant of the cost measurements (--batches, --pool fresh,
 * --parent-mem). */
int cell_is_variant(const struct cell *c);
/* Whether c's mode options are their defaults or absent (the switch
 * interval 5 ms, CPython's lock policy, the check interval 100). */
int cell_default_opts(const struct cell *c);
/* The median, with a 95% bootstrap interval, of figure f. */
struct iv cell_median_iv(const struct cell *c, enum fig f);
/* The values of figure f of c's repetitions, into out (n of them);
 * NANs are kept. */
void cell_values(const struct cell *c, enum fig f, double *out);

struct series {
	/* The key its cells share: the LINE columns blank, tasks 0 when
	 * the tasks follow the workers (one per worker: the convoy, the
	 * concurrency sweep). */
	struct bench_row key;
	int tasks_follow;
	enum kind kind;
	const struct cell **cells;	/* display order */
	size_t n;
	/* Its worker counts, ascending (of cells with repetitions). */
	unsigned *workers;
	size_t nworkers;
};

/* What the run was measured on: the .meta sidecar's facts (core/cpus.h
 * writes them), from the invocation that could use the most cores. A
 * run whose .meta predates them knows only the online count, which is
 * then taken as usable. */
struct machine {
	long cores;		/* usable cores: what "W = cores" means */
	long online;		/* online CPUs */
	long affinity;		/* CPUs in the affinity mask (0: unknown) */
	double quota;		/* the CPU quota, in CPUs (0: none or
				   unknown) */
	const char *why;	/* what cut the usable count: "all",
				   "affinity", "quota"; "" unknown */
	long physical;		/* physical cores under them (0: unknown) */
};
/* "1 usable core of 2 (affinity)", "2 cores", "16 cores (8 physical)",
 * "2 usable cores of 4 (quota 1.5 CPUs)": the machine in words. */
void machine_describe(const struct machine *mc, char *buf, size_t len);

struct model;

/* ---- building ---- */
struct model *model_new(void);
void model_free(struct model *m);
/* Add one row (its text is copied); then model_finish once. */
void model_add(struct model *m, const struct bench_row *r);
void model_finish(struct model *m);

/* Read bench.csv (its .meta beside it, when there is one) into a
 * finished model. 0, or -errno with "FILE:LINE: what is wrong" in err
 * (-EINVAL for malformed content). */
int model_load(struct model **out, const char *csv_path, char *err,
	       size_t errlen);
int model_load_stream(struct model **out, FILE *fp, const char *name,
		      char *err, size_t errlen);
/* Write summary.csv: one line per cell. 0 or -errno. */
int model_write_summary(const struct model *m, const char *path);

/* ---- what it holds ---- */
size_t model_ncells(const struct model *m);
const struct cell *model_cell_at(const struct model *m, size_t i);
size_t model_nseries(const struct model *m);
const struct series *model_series_at(const struct model *m, size_t i);
size_t model_nrows(const struct model *m);
size_t model_nfailed(const struct model *m);
const struct machine *model_machine(const struct model *m);
/* The most machines, and distinct kernels under them, of a verified mpi
 * repetition over several hosts (0 when none says). */
unsigned model_max_hosts(const struct model *m);
unsigned model_max_kernels(const struct model *m);
/* The workload names in display order (first appearance). */
size_t model_workloads(const struct model *m, const char **out, size_t max);
/* What the run's data say of a mode, its look and gloss (the .meta
 * sidecar's, else this binary's registry's or the CPython rows' table;
 * never NULL), and of a workload, its kind, unit and gloss (0, or -1
 * when nothing says). */
const struct mode_look *model_mode_look(const struct model *m,
					const char *mode);
int model_workload_about(const struct model *m, const char *wl,
			 struct workload_about *out);
/* The first workload of kind k, or NULL. */
const char *model_first_of_kind(const struct model *m, enum kind k);
int model_has_mode(const struct model *m, const char *mode);
/* The run_id of c's first verified repetition, or NULL. */
const char *model_cell_run(const struct model *m, const struct cell *c);

/* ---- queries ---- */
/* The cell with exactly this key (only its KEY columns are read), or
 * NULL. Built from another cell's key, it finds a twin: the same
 * measurement with one parameter changed. */
const struct cell *model_cell(const struct model *m,
			      const struct bench_row *key);

/* c's twin in another mode without options of its own (seq, threads,
 * fork, ...) at `workers` (0: c's): the same measurement run another
 * way. NULL when it was not measured (no verified repetition). */
const struct cell *model_twin(const struct model *m, const struct cell *c,
			      const char *mode, unsigned workers);

#define Q_MEASURED	0x1u	/* verified repetitions only */
#define Q_NO_VARIANTS	0x2u	/* no cost-measurement variants */
#define Q_DEFAULT_OPTS	0x4u	/* mode options at their defaults */
struct query {
	const char *workload;		/* NULL: any */
	enum kind kind;			/* KIND_ANY: any (0 is cpu: set it) */
	const char *mode;		/* NULL: any */
	unsigned workers;		/* 0: any */
	const struct series *series;	/* NULL: any */
	unsigned flags;			/* Q_* */
};
/* The matching cells in display order, up to max into out (may be
 * NULL); returns how many match. */
size_t model_select(const struct model *m, const struct query *q,
		    const struct cell **out, size_t max);
/* The first match, or NULL. */
const struct cell *model_find(const struct model *m, const struct query *q);

/* The main series of workload wl for baseline mode base (seq, or py-seq
 * for CPython 3's rows): among its series with a verified baseline cell
 * and no variants, the one with the most cells (the sweep over modes and
 * workers), then the longest baseline; without a baseline, the series
 * with the most cells. NULL when wl has none. */
const struct series *model_main_series(const struct model *m,
				       const char *wl, const char *base);
/* In series s: the measured cell of mode at `workers` at the default
 * mode options (else the one with the most repetitions). */
const struct cell *series_cell(const struct series *s, const char *mode,
			       unsigned workers);
/* The series' cell of mode at the most workers up to max (0: any). */
const struct cell *series_cell_upto(const struct series *s,
				    const char *mode, unsigned max);

/* ---- comparisons (compare.c) ---- */
/* num / den of a figure: paired when the two cells share
 * MODEL_MIN_PAIRS rounds, else the ratio of medians with an unpaired
 * bootstrap interval. -EINVAL (out iv_none) when either is empty. */
int model_compare(const struct cell *num, const struct cell *den,
		  enum fig f, struct iv *out);
/* The same for figure fn of num over figure fd of den (a pool's wall
 * and start-up over seq's wall). */
int model_ratio(const struct cell *num, enum fig fn, const struct cell *den,
		enum fig fd, struct iv *out);
/* A product of figures of several cells within each round they share
 * (the speedup over the capacity: seq / fork / (calib seq / calib
 * fork)): the median over the shared rounds, bootstrap interval; -ENOENT
 * (out iv_none) when fewer than MODEL_MIN_PAIRS rounds have every term. */
struct term {
	const struct cell *c;
	enum fig f;
	int exp;		/* +1 or -1 */
};
int model_paired(const struct term *t, size_t nt, struct iv *out);
/* The capacity K: calib under seq over under fork at the most workers,
 * paired by round; *seq and *fork (may be NULL) get the cells. -ENOENT
 * without a calibration. */
int model_capacity(const struct model *m, struct iv *k,
		   const struct cell **seq, const struct cell **fork);
/* The cores other programs used over every verified repetition; how
 * many of those long enough to tell were busy. NAN / 0 without the
 * load columns. */
double model_bg_load(const struct model *m, size_t *busy, size_t *known);
/* Whether `load` cores is busy on this run's machine. */
int model_busy(const struct model *m, double load);

#endif
