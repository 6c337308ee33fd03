/*
 * row.h - one verified repetition (core/result.h) as one CSV row: the
 * harness's columns here, the mode family's own through its row() hook.
 */
#ifndef GB_ROW_H
#define GB_ROW_H

#include <stdint.h>

#include "bench/core/result.h"
#include "bench/output/csv.h"

/* What is the same for every row of one bin/bench run. */
struct row_run {
	const char *run_id;
	const char *host;
	long cpus;
	uint64_t seed;
};

/* Append r's row to o. 0 or -errno. */
int row_write(struct csv_out *o, const struct row_run *run,
	      const struct rep_result *r);

#endif
