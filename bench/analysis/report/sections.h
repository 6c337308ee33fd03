/*
 * sections.h - the sections of the report (report.c's table), each
 * written by one function of this folder. A section writes its body;
 * report.c writes its heading and its line in the contents.
 */
#ifndef GB_REPORT_SECTIONS_H
#define GB_REPORT_SECTIONS_H

#include "bench/analysis/report/doc.h"
#include "bench/analysis/report/report.h"

/* verdicts.c: the verdict table, and a verdict in a box beside its
 * charts (anchor: the first box of the claim, which links point to). */
void report_verdicts(struct doc *d, const struct report_in *in);
void report_verdict_box(struct doc *d, const struct report_in *in,
			size_t claim, int anchor);
/* run.c: how the verdicts were reached, what the machine delivered (the
 * capacity and the load, a paragraph of In short), what did not run. */
void report_reached(struct doc *d, const struct report_in *in);
void report_capacity(struct doc *d, const struct report_in *in);
void report_notrun(struct doc *d, const struct report_in *in);
/* evidence.c: each claim's charts, by topic. */
void report_evidence(struct doc *d, const struct report_in *in);
/* scale.c: the concurrency sweep's table. */
void report_scale(struct doc *d, const struct report_in *in);
/* fidelity.c: the simulated GILs beside real CPython. */
void report_fidelity(struct doc *d, const struct report_in *in);
/* lock.c: the lock seen from inside (the traced scenes). */
void report_lock(struct doc *d, const struct report_in *in);
/* glossary.c: the words, the articles. */
void report_glossary(struct doc *d, const struct report_in *in);
void report_articles(struct doc *d, const struct report_in *in);
/* tables.c: how the figures are made, failed runs, every cell, the
 * machine. */
void report_method(struct doc *d, const struct report_in *in);
void report_failures(struct doc *d, const struct report_in *in);
void report_tables(struct doc *d, const struct report_in *in);
void report_machine(struct doc *d, const struct report_in *in);

#endif
