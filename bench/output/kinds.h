/*
 * kinds.h - what a workload measures, the words of the CSV's `kind`
 * column: one list for the workloads' enum (workloads/workload.h), the
 * CSV and the analysis, which knows a row's kind from the data alone.
 */
#ifndef GB_KINDS_H
#define GB_KINDS_H

#define GB_KINDS(X)                                                       \
	X(CPU, "cpu")		/* CPU-bound work: the speedup claims */      \
	X(NATIVE, "native")	/* CPU-bound work in native sections */       \
	X(IO, "io")		/* blocking waits of --latency-ms */          \
	X(CONVOY, "convoy")	/* an I/O thread beside CPU threads */        \
	X(COST, "cost")		/* what a pool itself costs */                \
	X(RACE, "race")		/* a shared counter: lost updates */          \
	X(LATENCY, "latency")	/* a thread's lateness beside CPU threads */  \
	X(CALIB, "calib")	/* the calibration kernel: the capacity K */

#endif
