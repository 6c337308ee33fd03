/*
 * hostfile.h - checks an Open MPI hostfile before any work starts.
 *
 * `--hostfile FILE` is handed to mpirun as it is; this module only makes
 * sure that a missing, unreadable or malformed file is a usage error with
 * a clear message (exit 2) instead of a page of mpirun output in the
 * middle of a run, and tells whether the file names machines other than
 * this one (then a loopback URL cannot reach every rank).
 *
 * The syntax accepted is Open MPI's: one host per line, optionally
 * followed by slots=N and max_slots=N (N > 0); '#' starts a comment;
 * blank lines are ignored; at least one host.
 */
#ifndef GB_HOSTFILE_H
#define GB_HOSTFILE_H

#include <stddef.h>

struct hostfile_info {
	unsigned hosts;		/* host lines */
	unsigned remote;	/* of which name a machine other than this one */
	unsigned long slots;	/* sum of slots= (0 where none is given) */
};

/* 0, or -errno with one line in err naming the file, the line and the
 * bad text. */
int hostfile_check(const char *path, struct hostfile_info *info, char *err,
		   size_t errlen);

/* Whether NAME (a hostfile entry, maybe "user@host") is this machine:
 * localhost, a loopback address, or this machine's host name. */
int hostfile_is_local(const char *name);

#endif
