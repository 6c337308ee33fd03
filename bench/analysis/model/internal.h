/*
 * internal.h - what the files of model/ share and nothing else sees: the
 * model's own struct and its helpers.
 */
#ifndef GB_MODEL_INTERNAL_H
#define GB_MODEL_INTERNAL_H

#include "bench/analysis/model/model.h"

/* What the .meta sidecar says of a mode or a workload (meta.c). */
struct about {
	const char *kind;		/* "mode" or "workload" */
	const char *name;
	struct mode_look look;
	struct workload_about wl;
};

struct model {
	struct cell *cells;		/* in the order rows found them */
	size_t ncells, cap;
	const struct cell **order;	/* display order (series.c) */
	size_t *slots;			/* key hash -> cell index + 1 */
	size_t nslots;
	struct series *series;
	size_t nseries;
	size_t nrows, nfailed;
	long max_cpus;			/* the largest `cpus` of any row */
	unsigned max_hosts, max_kernels;
	struct machine machine;
	const char **wls;		/* workloads, first appearance */
	size_t nwl;
	const char **runs;		/* run ids, interned: a round's key */
	size_t nruns;
	char **strings;			/* every text the model keeps */
	size_t nstrings;
	struct about *about;		/* from the .meta sidecar */
	size_t nabout;
};

/* s kept once; the same pointer for the same text. */
const char *model_intern(struct model *m, const char *s);
/* The kind called name; KIND_ANY for none. */
enum kind kind_of_name(const char *name);
/* The key r's cell has (text interned, defaults filled). */
void key_of(struct model *m, const struct bench_row *r, struct bench_row *k);
/* Whether a and b agree on every key column but those with a flag in
 * skip (COLF_LINE: the same series). */
int key_equal(const struct bench_row *a, const struct bench_row *b,
	      unsigned skip);
/* Blank the key columns that have a flag in flags. */
void key_blank(struct bench_row *k, unsigned flags);
/* Read the sidecar's machine facts and registry entries (meta.c). */
void model_read_meta(struct model *m, const char *meta_path);
/* Sort the cells for display and group them into series (series.c). */
void series_build(struct model *m);

#endif
