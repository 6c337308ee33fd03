/*
 * runner.h - runs the cells of a configuration: every (workload, mode,
 * workers) cell for warmup + repeat repetitions, in a seeded random order,
 * verifying every task, writing a CSV row per timed repetition and
 * printing a table per workload.
 */
#ifndef GB_RUNNER_H
#define GB_RUNNER_H

#include "bench/core/cli.h"

/* Returns the exit status: 0, 1 (some run failed), or 128 + signal. */
int runner_run(const struct config *cfg);

#endif
