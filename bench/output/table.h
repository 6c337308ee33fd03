/*
 * table.h - the terminal table bin/bench prints per workload: median wall
 * time, spread, speedup over the baseline, CPU per wall, start-up, check,
 * and the workload's and the mode family's figures.
 */
#ifndef GB_TABLE_H
#define GB_TABLE_H

#include <stddef.h>

#include "bench/core/cells.h"
#include "bench/core/cpus.h"

struct table_run {
	const struct config *cfg;
	const struct workload *wl;
	const struct wl_params *params;
	const struct cpus *cpus;	/* the header's "2 cores" */
};

void table_print(const struct table_run *t, const struct cell *cells,
		 size_t ncells);

#endif
