/*
 * measure.h - what a repetition costs besides its wall time: CPU time
 * (user + sys, the harness's threads and every reaped worker process),
 * context switches and peak memory, from getrusage and /proc; and the
 * background load, the CPU time the rest of the machine used meanwhile
 * (/proc/stat's totals minus this repetition's own).
 */
#ifndef GB_MEASURE_H
#define GB_MEASURE_H

#include <sys/resource.h>

#include "bench/core/job.h"

struct usage {
	double user_s, sys_s;
	long max_rss_kb;	/* peak of the parent plus the workers */
	/* The parent's resident memory when the repetition began: what
	 * earlier cells left resident (glibc keeps freed memory), so that
	 * max_rss_kb - start_rss_kb is what this repetition added. */
	long start_rss_kb;
	long vol_cs, invol_cs;
	/* Minor page faults: a page mapped on first touch (a shared
	 * mapping a forked worker inherits has no page-table entries yet,
	 * so it faults in every page it reads, once). */
	long minflt;
	/* CPU time of everything else on the machine during the
	 * repetition: other processes, the kernel's own work, and time the
	 * hypervisor gave to other guests (steal); not this process, its
	 * reaped workers, nor the helpers it keeps alive (the latency
	 * server, an echo process). NAN where /proc/stat is not readable.
	 * Clock ticks (10 ms) make it exact to a few ticks. */
	double other_cpu_s;
	double span_s;		/* clock time from begin to end */
	/* Clock time between the two getrusage() calls, the window user_s
	 * and sys_s were counted in: start-up, the tasks, the checks and
	 * reaping the workers (whose CPU, start-up and exit included,
	 * wait4() reports whole). CPU over it is at most the usable cores;
	 * span_s also holds this module's own /proc reads. */
	double cpu_clock_s;
};

struct measure {
	struct rusage ru0;
	long rss0_kb;
	double busy0;		/* /proc/stat's busy time, s; NAN if none */
	double tree0;		/* CPU time of the living descendants, s */
	double t0;
	double t_ru0;		/* when ru0 was taken */
};

/* Before a repetition: reset the peak-RSS mark, take the start usage. */
void measure_begin(struct measure *m);
/* After it (every pool destroyed, so st has the reaped children): the
 * repetition's usage. */
void measure_end(const struct measure *m, const struct pool_stats *st,
		 struct usage *out);

/* Add a reaped child's usage (wait4's rusage) to st: the one place the
 * children's resources are summed, for every pool that has children. */
void measure_add_child(struct pool_stats *st, const struct rusage *ru);
/* Add what one pool_stats counted to another (not mode_stats). */
void measure_add_pool(struct pool_stats *to, const struct pool_stats *from);

#endif
