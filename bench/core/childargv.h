/*
 * childargv.h - the one builder of a child's command line: a bin/bench
 * worker started by the spawn mode, or the mpi mode's `mpirun ...
 * bin/bench-mpi` with its ranks. The child rebuilds exactly the parent's
 * workload state from these options, so they are the ones its setup()
 * saw: the workload, the task count of the sweep, size, seed, the I/O
 * parameters and the fault.
 */
#ifndef GB_CHILDARGV_H
#define GB_CHILDARGV_H

#include "bench/core/job.h"

/* lead, then the job's options, then tail (both NULL-terminated, either
 * may be NULL), as a NULL-terminated array in one malloc'ed block (free()
 * it). NULL when out of memory. */
char **child_argv(const struct job *job, char *const *lead, char *const *tail);

#endif
