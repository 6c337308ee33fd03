/*
 * report_scale.h - the report's section on the concurrency sweep
 * (sweep.h): per I/O workload that has one, a table of what each mode
 * costs per task from 16 to 10,000 at once, where threads' memory passes
 * ten times async's, and which cells this machine could not hold.
 */
#ifndef GB_REPORT_SCALE_H
#define GB_REPORT_SCALE_H

#include "bench/analysis/doc.h"
#include "bench/analysis/report.h"

/*
 * Write the section's body into d (report.c writes its heading); a
 * "not measured" line when the run has no sweep.
 */
void report_scale(struct doc *d, const struct report_in *in);

#endif
