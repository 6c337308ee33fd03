/*
 * modes.h - what the analysis knows of the mode of a row, by its name:
 * bin/bench's modes from their registry (bench/modes/registry.h: flags,
 * order, look, gloss), and the rows of real CPython that
 * python/compare.py writes (PREFIX-seq, -threads, -procs, and the start-up
 * cells PREFIX-fork, -forkserver, -spawn; the prefixes py, py2, pyft,
 * pyftgil and pytwin), which no mode registers, from one table of their
 * own (modes.c): their baseline, their interpreter, their look and
 * gloss, their place in the order.
 */
#ifndef GB_ANALYSIS_MODES_H
#define GB_ANALYSIS_MODES_H

#include "bench/modes/registry.h"

/* The baseline a mode's speedup is over: py-seq for CPython 3's rows
 * (py2-seq, pyft-seq likewise), else the registry's (seq). */
const char *mode_baseline(const char *mode);
/* Whether mode is its own baseline. */
int mode_is_baseline(const char *mode);
/* The interpreter of a CPython row ("CPython 3", "CPython 2.7",
 * "free-threaded CPython"); NULL for bin/bench's own modes. */
const char *mode_interpreter(const char *mode);
/* The display order: the registry's, then CPython's rows, then any
 * other (by name, after them). */
int mode_rank(const char *mode);
/* The look and gloss of a mode: the registry's, or the CPython rows';
 * a grey dot with no gloss for any other. Never NULL. (A run's own
 * .meta says it first: model_mode_look.) */
const struct mode_look *mode_look(const char *mode);
/* The seq, threads and procs rows of every interpreter, in order. */
extern const char *const mode_cpython_rows[];

#endif
