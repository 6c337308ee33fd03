/*
 * gilpool.h - what the two GIL modes share: a thread pool (tpool.c)
 * whose workers run under a simulated GIL (gil.c).
 */
#ifndef GB_GILPOOL_H
#define GB_GILPOOL_H

#include "bench/modes/gil/gil.h"
#include "bench/modes/mode.h"

int gilpool_create(void **pool, const struct job *job, enum gil_kind kind);
int gilpool_run(void *pool, struct task_out *outs);
void gilpool_destroy(void *pool, struct pool_stats *st);

#endif
