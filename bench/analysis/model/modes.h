/*
 * modes.h - what the analysis knows of the mode of a row, by its name:
 * bin/bench's modes from their registry (bench/modes/registry.h), and
 * the rows of real CPython that python/compare.py writes (py-*, py2-*,
 * pyft-*), which no mode registers, from one table of their own
 * (modes.c): their baseline, their interpreter, their place in the
 * display order.
 */
#ifndef GB_ANALYSIS_MODES_H
#define GB_ANALYSIS_MODES_H

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

#endif
