/*
 * mode_mpi.h - what the command line needs to know of the `mpi` mode.
 *
 * The mode itself is the table `mode_mpi` in mode_mpi.c: it runs
 * `mpirun bin/bench-mpi ...` (the rank program, bench/mpi_rank.c, built
 * with mpicc when Open MPI is installed) once per repetition.
 */
#ifndef GB_MODE_MPI_H
#define GB_MODE_MPI_H

#include <stddef.h>

/* The rank program, next to the running executable; 0 or -ENAMETOOLONG
 * (or -errno when the executable's path is unknown). */
int mpi_rank_program(char *buf, size_t len);

/* Whether the mode can run here: the rank program is built and mpirun is
 * on the PATH. 0, or -ENOENT with one line in err saying how to fix it. */
int mpi_mode_check(char *err, size_t errlen);

#endif
