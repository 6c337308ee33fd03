/*
 * fidelity.h - the simulated GILs beside real CPython: the run folder's
 * fidelity.csv (written by python/compare.py, one line per figure: the
 * real and the simulated value with intervals, their ratio or difference,
 * the target and whether it is met) as a section of the report and one
 * line on the terminal (the section is report_fidelity, sections.h).
 */
#ifndef GB_FIDELITY_H
#define GB_FIDELITY_H

#include <stddef.h>

#include "bench/output/schema.h"

/* fidelity.csv's columns (schema.h), as python/compare.py writes them
 * (its FID_COLS, which a test compares with `bin/bench schema
 * fidelity`). A speedup is compared by its difference, a rate by its
 * ratio; met is yes, no or inconclusive. */
#define GB_FIDELITY_COLUMNS(X)                                            \
	X(PYTHON, "python", python, TEXT, 0, 0, COLF_REQ) /* its path */   \
	X(VERSION, "version", version, TEXT, 0, 0, COLF_REQ)              \
	X(GIL, "gil", gil, WORD, 0, 0, COLF_REQ) /* yes, no */             \
	X(SIM_MODE, "sim_mode", sim_mode, TEXT, 0, 0, COLF_REQ)           \
	X(FIGURE, "figure", figure, TEXT, 0, 0, COLF_REQ)                 \
	X(N_REAL, "n_real", n_real, COUNT, 0, 1e9, 0)                     \
	X(REAL, "real", real, REAL, -1e15, 1e15, 0)                       \
	X(REAL_LO, "real_lo", real_lo, REAL, -1e15, 1e15, 0)              \
	X(REAL_HI, "real_hi", real_hi, REAL, -1e15, 1e15, 0)              \
	X(N_SIM, "n_sim", n_sim, COUNT, 0, 1e9, 0)                        \
	X(SIM, "sim", sim, REAL, -1e15, 1e15, 0) /* blank: CPython only */ \
	X(SIM_LO, "sim_lo", sim_lo, REAL, -1e15, 1e15, 0)                 \
	X(SIM_HI, "sim_hi", sim_hi, REAL, -1e15, 1e15, 0)                 \
	X(RATIO, "ratio", ratio, REAL, 0, 1e15, 0)                        \
	X(RATIO_LO, "ratio_lo", ratio_lo, REAL, 0, 1e15, 0)               \
	X(RATIO_HI, "ratio_hi", ratio_hi, REAL, 0, 1e15, 0)               \
	X(DIFF, "diff", diff, REAL, -1e15, 1e15, 0)                       \
	X(DIFF_LO, "diff_lo", diff_lo, REAL, -1e15, 1e15, 0)              \
	X(DIFF_HI, "diff_hi", diff_hi, REAL, -1e15, 1e15, 0)              \
	X(TARGET, "target", target, TEXT, 0, 0, COLF_REQ)                 \
	X(POINT_MET, "point_met", point_met, TEXT, 0, 0, 0)               \
	X(MET, "met", met, TEXT, 0, 0, COLF_REQ)                          \
	X(NOTE, "note", note, TEXT, 0, 0, 0)                              \
	X(SEED, "seed", seed, TEXT, 0, 0, 0)                              \
	X(LOAD_BEFORE, "load_before", load_before, REAL, 0, 1e6, 0)       \
	X(LOAD_AFTER, "load_after", load_after, REAL, 0, 1e6, 0)          \
	/* The prefix of the rows the figure comes from (py, pyft, ...) */ \
	X(ROWS, "rows", rows, TEXT, 0, 0, 0)

struct doc;
/* Its schema, for bind.h. */
extern const struct csv_schema fidelity_csv;

/* One line for the terminal: how many figures met their target, or why
 * none was measured. */
void fidelity_line(const char *dir, char *buf, size_t len);

#endif
