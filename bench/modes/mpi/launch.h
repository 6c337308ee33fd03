/*
 * launch.h - mpirun as a child of bin/bench: the command line, the
 * process, the coordinator's lines on its stdout (wire.h), its stderr
 * (kept, and read only to name a dead rank), and its end.
 */
#ifndef GB_MPI_LAUNCH_H
#define GB_MPI_LAUNCH_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

#include "bench/modes/mpi/mpi.h"
#include "bench/modes/mpi/wire.h"

/* mpirun's stderr kept for error messages: the tail, where its verdict on
 * a dead rank is. */
#define MPIRUN_ERRLOG_MAX 32768

struct mpirun {
	pid_t pid;		/* -1 once reaped */
	int to_fd;		/* its stdin */
	int out_fd, err_fd;	/* its stdout (our lines), its stderr */
	char line[MPIWIRE_LINE_MAX * 2];
	size_t linelen;
	char errlog[MPIRUN_ERRLOG_MAX];
	size_t errlen;
	int status;		/* its wait status once reaped */
	int stopping;		/* reaping: ignore stop signals */
	struct rusage ru;	/* of mpirun and the ranks it reaped */
};

/* The command: mpirun and its options, the rank program prog with np
 * ranks, the options that rebuild the job's workload in every rank
 * (childargv.h), and the cell's task count. NULL when out of memory. */
char **mpirun_argv(const struct job *job, const char *prog, const char *np,
		   const char *ntasks);

/* Start it (its own process group; SIGTERM to it if bin/bench dies).
 * 0 or -errno. */
int mpirun_start(struct mpirun *mr, char **argv);

/* The next of our lines from its stdout into *m, reading stderr too.
 * 1 with a message, 0 when stdout ended, -ETIMEDOUT at the deadline
 * (0 = none), -EINTR when a stop signal came, -EPROTO for a malformed
 * line of ours. */
int mpirun_next(struct mpirun *mr, struct mpiwire_msg *m, double deadline);

/* Close its stdin and wait up to grace seconds for it to exit; then
 * SIGTERM, then SIGKILL. Reaps it. */
void mpirun_reap(struct mpirun *mr, double grace);

/* The first line of its stderr that says something, for a failure. */
void mpirun_first_words(const struct mpirun *mr, char *buf, size_t len);

/* From its report, which rank died and how. Returns the rank, or -1 (then
 * why holds its first words, or its exit status). */
long mpirun_dead_rank(struct mpirun *mr, char *why, size_t len);

#endif
