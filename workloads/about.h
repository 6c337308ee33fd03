/*
 * about.h - what the rest of the program may know of a workload by its
 * name alone (the analysis reads it from a run's .meta, and from here
 * for runs whose .meta predates it): its kind, what its --size counts
 * and what it is, in a student's words.
 */
#ifndef GB_WORKLOAD_ABOUT_H
#define GB_WORKLOAD_ABOUT_H

struct workload_about {
	const char *kind;	/* "cpu", ... (bench/output/kinds.h) */
	const char *unit;	/* what --size counts */
	const char *gloss;
};

/* The registry's entry for the workload called name; 0, or -1 when there
 * is none (out untouched). */
int gb_workload_about(const char *name, struct workload_about *out);

#endif
