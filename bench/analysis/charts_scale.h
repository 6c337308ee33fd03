/*
 * charts_scale.h - the charts of the concurrency sweep (sweep.h), for each
 * I/O workload that has one, against the number of tasks at once, a line
 * per mode: memory per task and CPU time per task (log-log), and wall
 * time over one latency. Drawn by plots/scale.gp; the files are those of
 * charts.h.
 */
#ifndef GB_CHARTS_SCALE_H
#define GB_CHARTS_SCALE_H

#include <stddef.h>

#include "bench/analysis/charts.h"
#include "bench/analysis/model/model.h"

/* Write the sweep's charts into dir, describing them in out[0..max).
 * Returns how many; on a write error sets *err (when it is 0) to -errno. */
size_t charts_scale(const struct model *m, const char *dir,
		    struct chart *out, size_t max, int *err);

#endif
