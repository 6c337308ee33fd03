/*
 * forkserver.h - Python's "forkserver" start method (the default on Linux
 * since 3.14), after Lib/multiprocessing/forkserver.py and
 * popen_forkserver.py, for the forkserver mode of the process pool.
 *
 * Who starts whom:
 *
 *   bin/bench (the pool) --posix_spawn--> the server (a new bin/bench)
 *   the server           --fork---------> each worker
 *
 * The server is started once per workload of a run (ensure_running): it
 * is exec'd as Python starts it, gets a listening Unix socket and the
 * read end of an "alive" pipe, rebuilds the workload's state from its
 * command line once (Python's preload of __main__) and says it is ready.
 * For each worker the pool connects to the socket and sends, with
 * SCM_RIGHTS, the worker's two pipe ends (tasks in, answers out) and the
 * write end of a status pipe (connect_to_new_process); the server forks,
 * the child closes what is the server's and runs the worker loop over the
 * pipes, and the server writes the child's pid on the status pipe. The
 * pool keeps the read end: the worker's sentinel.
 *
 * The workers are the server's children, so the server reaps them
 * (wait4) and writes on the sentinel, where Python writes the exit code,
 * the wait status and the worker's usage (CPU time, peak memory), with the
 * server's own CPU time since its last report (the forks are its work):
 * the pool adds them to the repetition's as it does for its own children.
 * Only the server signals a worker (a kill request over the socket), as
 * it alone knows whether that pid is still its unreaped child.
 *
 * The server dies with bin/bench: it stops at EOF on the alive pipe (the
 * pool closed it, or died), and PR_SET_PDEATHSIG kills it if bin/bench is
 * killed; each worker dies with the server the same way. It ignores
 * Ctrl-C, which is the pool's to handle. It accepts connections from the
 * process that started it alone (SO_PEERCRED), where Python 3.14 checks
 * an HMAC: its socket is in the abstract namespace, with no file to
 * leave behind and no permission bits to guard it.
 */
#ifndef GB_PROC_FORKSERVER_H
#define GB_PROC_FORKSERVER_H

#include <sys/types.h>

#include "bench/core/job.h"

struct config;
struct forkserver;

/* Start the server for job's workload and wait until it is ready.
 * 0, or -errno with one line in err. */
int forkserver_start(struct forkserver **out, const struct job *job,
		     char *err, size_t errlen);
/* Close its alive pipe, which stops it (Python's _stop), and reap it. */
void forkserver_stop(struct forkserver *fs);
/* Seconds from posix_spawn until it was ready: the one-time cost. */
double forkserver_start_s(const struct forkserver *fs);

/* A new worker whose pipe ends are task_r and answer_w (the caller still
 * closes its own copies): *pid, and *sentinel, the pipe on which its end
 * will be reported (forkserver_reap). 0 or -errno: -ECHILD when the
 * server is gone. */
int forkserver_fork(struct forkserver *fs, int task_r, int answer_w,
		    pid_t *pid, int *sentinel);
/* Have the server SIGKILL worker pid, unless it has already ended. */
void forkserver_kill(struct forkserver *fs, pid_t pid);

/* The wait status of a worker whose report never came: the server died
 * first (its workers die with it). */
#define FORKSERVER_LOST (-1)
/* Wait for the report on a worker's sentinel and add its usage, and the
 * server's since its last report, to st. Returns the worker's wait
 * status, or FORKSERVER_LOST. */
int forkserver_reap(int sentinel, struct pool_stats *st);

/* The server's side: its descriptors, from --forkserver-fds. */
struct forkserver_fds {
	int listen;	/* the listening socket */
	int alive;	/* read end of the alive pipe: EOF = stop */
	int ready;	/* write end of the ready pipe: one byte, closed */
};

/* The server's loop, once the job's state is built: fork a worker per
 * request until the alive pipe ends, then kill and reap what is left.
 * Returns its exit status. */
int forkserver_serve(const struct job *job, const struct forkserver_fds *fds,
		     pid_t parent);

/* main()'s entry for the server (--forkserver-fds): rebuild the workload
 * from the command line, then serve. Returns its exit status, or -1 when
 * this run is not a server. */
int forkserver_main(const struct config *cfg);

#endif
