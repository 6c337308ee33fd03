/*
 * procpool.h - a pool of worker processes fed tasks over pipes.
 *
 * Each worker has its own pair of pipes: the parent writes a task index
 * (8 bytes) and the worker answers with a struct task_out (one write of
 * less than PIPE_BUF, so it arrives whole). The parent polls every
 * worker's answer pipe and hands the next task to whichever worker
 * answered: dynamic dispatch, like the thread pool. A worker that dies or
 * overruns --task-timeout is reaped, its task reported failed with the
 * cause, and a new worker takes its place.
 *
 * How a worker process starts is the only difference between the `fork`
 * and `spawn` modes: fork() inherits the workload's state, while a spawned
 * bin/bench rebuilds it from the command line and then runs the same loop.
 */
#ifndef GB_PROCPOOL_H
#define GB_PROCPOOL_H

#include "mode.h"

struct procpool;

enum procpool_start { PROCPOOL_FORK, PROCPOOL_SPAWN };

int procpool_create(struct procpool **out, const struct job *job,
		    enum procpool_start how);
int procpool_run(struct procpool *pp, struct task_out *outs);
void procpool_destroy(struct procpool *pp, struct pool_stats *st);

/* The worker side: announce readiness on out_fd, then run tasks read from
 * in_fd until EOF. Returns the process exit status. */
int procpool_worker_loop(const struct job *job, int in_fd, int out_fd);

#endif
