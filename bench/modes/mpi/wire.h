/*
 * mpiwire.h - the lines the MPI coordinator rank writes to bin/bench.
 *
 * The `mpi` mode starts `mpirun bin/bench-mpi ...`; rank 0 (the
 * coordinator) reports on its standard output, which mpirun forwards to
 * bin/bench from whichever machine rank 0 runs on. Every line of ours
 * starts with "@gb " so that anything else Open MPI or a workload prints
 * there is ignored. bin/bench answers on mpirun's standard input (which
 * mpirun forwards to rank 0): "go" starts the tasks, end of file stops.
 *
 *   @gb host R NAME [BOOT]   rank R is ready on machine NAME, whose kernel
 *                            has boot id BOOT (hosts made of network
 *                            namespaces share one kernel, so one id)
 *   @gb ready W              all W worker ranks are ready
 *   @gb sent I R             task I was queued to worker rank R
 *   @gb out I R V S E M HEX  task I's result from rank R: value, status,
 *                            errors, metric (%a, exact), err in hex or "-"
 *   @gb done SECONDS         every task answered, by the coordinator's clock
 *
 * Plain text rather than raw structs: mpirun's forwarding is a byte
 * stream shared with Open MPI's own messages, and a line is easy to read
 * when debugging a cluster by hand.
 */
#ifndef GB_MPIWIRE_H
#define GB_MPIWIRE_H

#include <stddef.h>
#include <stdint.h>

#include "workloads/workload.h"

enum mpiwire_kind {
	MPIWIRE_NONE,	/* not one of our lines: ignore it */
	MPIWIRE_BAD,	/* starts with "@gb " but is malformed */
	MPIWIRE_HOST,
	MPIWIRE_READY,
	MPIWIRE_SENT,
	MPIWIRE_OUT,
	MPIWIRE_DONE,
};

struct mpiwire_msg {
	enum mpiwire_kind kind;
	uint64_t task;		/* sent, out */
	unsigned rank;		/* host, sent, out */
	unsigned workers;	/* ready */
	double seconds;		/* done */
	char host[64];		/* host */
	char boot[40];		/* host: the kernel's boot id, or "" */
	struct task_out out;	/* out */
};

/* The longest line: an err of 175 bytes in hex plus the numbers. */
#define MPIWIRE_LINE_MAX 512

/* Format m as one line, newline included, into buf (MPIWIRE_LINE_MAX).
 * Returns its length. */
size_t mpiwire_format(char *buf, size_t len, const struct mpiwire_msg *m);

/* Parse one line (with or without its newline) into *m; returns m->kind. */
enum mpiwire_kind mpiwire_parse(const char *line, struct mpiwire_msg *m);

#endif
