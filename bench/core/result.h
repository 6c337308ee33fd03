/*
 * result.h - what one timed repetition of a cell measured, verified: the
 * runner fills it, output/row.c turns it into a CSV row.
 */
#ifndef GB_RESULT_H
#define GB_RESULT_H

#include <stdint.h>

#include "bench/core/measure.h"
#include "bench/modes/mode.h"

struct rep_result {
	const struct workload *wl;
	const struct mode *mode;
	const struct wl_params *params;
	unsigned workers;
	uint64_t ntasks;
	unsigned rep;			/* 1-based */
	unsigned round;			/* 1-based shuffled round of the run:
					   the rows of one round ran back to
					   back, so they pair */
	unsigned batches;
	int fresh;
	uint64_t parent_mem_mib;
	double wall_s, startup_s;
	struct usage usage;
	uint64_t result, expected, errors;
	int has_metric;
	double metric;
	double metric2;			/* when wl->metric2 */
	int ok;
	char err[192];			/* the first error, when !ok */
	uint64_t workers_replaced;
	const void *mode_opts;		/* the family's, for its columns */
	const void *mode_stats;		/* NULL: the family keeps none */
};

#endif
