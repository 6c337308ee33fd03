/*
 * mpi.h - the `mpi` mode's family: its options and statistics, and what
 * the rank program (rank.c, bin/bench-mpi) shares with the mode (mode.c).
 *
 * The mode runs `mpirun bin/bench-mpi ...` once per repetition; the rank
 * program is built with mpicc only when Open MPI is installed.
 */
#ifndef GB_MODE_MPI_H
#define GB_MODE_MPI_H

#include <stddef.h>
#include <stdint.h>

#include "bench/modes/mode.h"

struct mpi_opts {
	const char *hostfile;	/* --hostfile, handed to mpirun */
	int rank;		/* --mpi-rank given: a rank started by the
				   mode (bin/bench made the checks) */
	uint64_t ntasks;	/* --mpi-rank N: the cell's task count */
};

struct mpi_stats {
	unsigned hosts;		/* machines the worker ranks ran on */
	unsigned kernels;	/* of them, distinct kernels (boot ids): hosts
				   made of one machine's namespaces share one;
				   0 when unknown */
};

extern const struct mode_family mpi_family;

/* The rank program, next to the running executable; 0 or -ENAMETOOLONG
 * (or -errno when the executable's path is unknown). */
int mpi_rank_program(char *buf, size_t len);

/* Whether the mode can run here: the rank program is built and mpirun is
 * on the PATH. 0, or -ENOENT with one line in err saying how to fix it. */
int mpi_mode_check(char *err, size_t errlen);

#endif
