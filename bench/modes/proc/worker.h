/*
 * worker.h - the worker side of the process pools: the loop every worker
 * process runs, whether forked, spawned (a new bin/bench) or an mpi
 * worker rank. Only the transport differs (pipes, MPI messages), so the
 * loop takes it as a small table.
 */
#ifndef GB_PROC_WORKER_H
#define GB_PROC_WORKER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "bench/core/job.h"
#include "workloads/workload.h"

struct config;

/* How a worker hears of tasks and answers. */
struct worker_io {
	void *arg;
	/* The worker is ready for its first task. 0 or -errno. */
	int (*ready)(void *arg);
	/* The next task: 1 with *task and its input (*in, *len: NULL and 0
	 * when it has none or the worker reads it in place; valid until the
	 * next call), 0 when there are no more, -errno on a broken channel. */
	int (*next)(void *arg, uint64_t *task, const void **in, size_t *len);
	/* Hand back task's result. 0 or -errno (then the loop ends). */
	int (*reply)(void *arg, const struct task_out *out);
};

/* Exit statuses of a worker process besides 0, for the parent's reports. */
enum {
	WORKER_EXIT_INIT = 3,	/* the workload's worker_init failed */
	WORKER_EXIT_CHANNEL = 4,	/* the channel to the parent broke */
	WORKER_EXIT_PARENT = 5,	/* the parent was already gone */
	WORKER_EXIT_NOMEM = 6,
};

/* Run the worker: worker_init, ready, then every task the channel
 * brings, then worker_fini. Returns the process's exit status. */
int worker_serve(const struct job *job, const struct worker_io *io);

/* In a new worker process: die with `parent` (who started it) and leave
 * Ctrl-C to the parent. -ESRCH if the parent is already gone. */
int worker_bind_parent(pid_t parent);

/* The job of a spawned worker or a forkserver, rebuilt from the command
 * line: the workload's state made by its setup() from the options the
 * parent wrote (childargv.h), with the fault to inject; p holds the
 * parameters. Dies saying `who` failed when setup() fails. */
void worker_rebuild(const struct config *cfg, struct job *job,
		    struct wl_params *p, const char *who);

/* main()'s entry for a spawned worker (--worker-fds): rebuild the
 * workload's state from the command line, then serve over the pipes.
 * Returns its exit status, or -1 when this run is not a spawned worker. */
int worker_spawned_main(const struct config *cfg);

#endif
