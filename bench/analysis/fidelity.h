/*
 * fidelity.h - the simulated GILs beside real CPython: the run folder's
 * fidelity.csv (written by python/compare.py, one line per figure: the
 * real and the simulated value with intervals, their ratio or difference,
 * the target and whether it is met) as a section of the report and one
 * line on the terminal.
 */
#ifndef GB_FIDELITY_H
#define GB_FIDELITY_H

#include <stddef.h>

struct doc;

/* The section: a table of every figure, or "not measured" and why. */
void fidelity_section(struct doc *d, const char *dir);

/* One line for the terminal: how many figures met their target, or why
 * none was measured. */
void fidelity_line(const char *dir, char *buf, size_t len);

#endif
