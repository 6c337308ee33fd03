/*
 * procpool.h - a pool of worker processes fed tasks over pipes: the fork,
 * forkserver, spawn and fork-shm modes (modes.c).
 *
 * Each worker has its own pair of pipes: the parent writes a task number
 * and the length of the task's input, then the input itself (the workload's
 * task_input, copied as multiprocessing pickles a pool.map argument), and
 * the worker answers with a struct task_out (one write of less than
 * PIPE_BUF, so it arrives whole). The parent polls every
 * worker's answer pipe and hands the next task to whichever worker
 * answered: dynamic dispatch, like the thread pool. A worker that dies or
 * overruns --task-timeout is reaped, its task reported failed with the
 * cause, and a new worker takes its place.
 *
 * How a worker process starts is the only difference between the `fork`,
 * `forkserver` and `spawn` modes: fork() inherits the workload's state, a
 * spawned bin/bench rebuilds it from the command line (worker.c), and a
 * forkserver's worker is forked by a server that rebuilt it once
 * (forkserver.h); each then runs the same loop.
 */
#ifndef GB_PROCPOOL_H
#define GB_PROCPOOL_H

#include "bench/modes/mode.h"
#include "bench/modes/proc/forkserver.h"

struct procpool;

/* How workers start and get their inputs: forked, inputs through the
 * pipe; spawned (a new bin/bench), inputs through the pipe; forked, inputs
 * read in place from memory shared with the parent (nothing copied);
 * forked by the forkserver (job->mode_shared), inputs through the
 * pipe. */
enum procpool_start {
	PROCPOOL_FORK, PROCPOOL_SPAWN, PROCPOOL_FORK_SHM, PROCPOOL_FORKSERVER
};

int procpool_create(struct procpool **out, const struct job *job,
		    enum procpool_start how);
int procpool_run(struct procpool *pp, struct task_out *outs);
void procpool_destroy(struct procpool *pp, struct pool_stats *st);

/* The worker's side: serve the job's tasks read from in_fd, answers to
 * out_fd (worker.h). Returns the process exit status. */
int procpool_serve_pipes(const struct job *job, int in_fd, int out_fd);

/* The process pools' family: only the internal options by which a
 * spawned bin/bench learns that it is a worker (worker.c) or a
 * forkserver (forkserver.c). */
struct proc_opts {
	int worker_in, worker_out;	/* --worker-fds IN,OUT; -1 */
	long worker_parent;		/* --worker-parent PID */
	struct forkserver_fds server;	/* --forkserver-fds L,A,R; -1 */
};
/* Its statistics: the forkserver's one-time cost, 0 in the others. */
struct proc_stats {
	double server_start_s;	/* its server's start, spawn to ready */
};
extern const struct mode_family proc_family;

#endif
