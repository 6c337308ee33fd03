/*
 * report_run.h - the parts of the report about the run itself rather
 * than its figures: the capacity the machine delivered and the load it
 * carried, the suite lines that did not run, and how each verdict was
 * reached (repetitions, the adaptive phase, why one is inconclusive).
 * Each function writes one block through the doc writer, so report.c
 * places them where the page wants them.
 */
#ifndef GB_REPORT_RUN_H
#define GB_REPORT_RUN_H

#include "bench/analysis/doc.h"
#include "bench/analysis/report.h"

/* A paragraph: "this machine delivered 1.93 of its 2 cores", the
 * background load, and a warning when the machine was busy. */
void report_run_capacity(struct doc *d, const struct report_in *in);
/* The body of the section "Did not run" (report.c writes the heading):
 * every suite line that exited non-zero, with
 * its command, exit status, stderr line and the claims it fed. */
void report_run_notrun(struct doc *d, const struct report_in *in);
/* The section "How the verdicts were reached" (its body): per claim the
 * repetitions behind it, whether load was the reason, what would decide
 * an inconclusive one; the phases of make bench and their times. */
void report_run_verdicts(struct doc *d, const struct report_in *in);

#endif
