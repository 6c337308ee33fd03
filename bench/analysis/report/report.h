/*
 * report.h - REPORT.md and REPORT.html of one run: what happened in
 * plain words, the verdict on every claim, each claim's charts, the
 * words explained, the details and the machine. Every number in it comes
 * from the run's model (model/) through the claims (claims/) and the
 * charts (charts/); this folder only lays them out, one section per
 * function, in the table of report.c.
 */
#ifndef GB_REPORT_H
#define GB_REPORT_H

#include <stddef.h>

#include "bench/analysis/charts/chart.h"
#include "bench/analysis/claims/claims.h"
#include "bench/analysis/model/model.h"

struct runlog;
struct doc;

struct report_in {
	const struct model *m;
	const char *run_name;		/* the run folder, for the title */
	const char *csv_path;		/* the raw CSV */
	const char *meta_path;		/* its .meta sidecar (may be absent) */
	const char *dir;		/* where REPORT.* and plots/ live */
	const struct chart *charts;	/* the model's and the traces' */
	size_t ncharts;
	const struct claim_result *results;	/* one per claim */
	long cores;
	const struct runlog *log;	/* make bench's log (runlog.h); NULL */
};

/* Write dir/REPORT.md and dir/REPORT.html, both or neither. 0 or
 * -errno. */
int report_write(const struct report_in *in);

/* One chart as a figure: the image, its title and caption, its legend
 * in text and the claims it supports; its caption and where its data is
 * when it was not drawn (gnuplot missing). */
void report_figure(struct doc *d, const char *dir, const struct chart *c);
/* Whether the chart was drawn (gnuplot may be missing). */
int report_chart_drawn(const char *dir, const struct chart *c);

#endif
