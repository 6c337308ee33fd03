/*
 * report.h - REPORT.md and REPORT.html of one run: the machine, a
 * summary paragraph, the verdict on every claim, the charts and the
 * summary tables. Every number in it is computed from the run's CSV by
 * summary.c and claims.c; this file only lays them out.
 */
#ifndef GB_REPORT_H
#define GB_REPORT_H

#include <stddef.h>

#include "bench/analysis/charts/chart.h"
#include "bench/analysis/claims/claims.h"
#include "bench/analysis/summary.h"

struct runlog;

struct report_in {
	const struct summary *s;
	const struct model *m;		/* the run's typed model */
	const char *run_name;		/* the run folder, for the title */
	const char *csv_path;		/* the raw CSV */
	const char *meta_path;		/* its .meta sidecar (may be absent) */
	const char *dir;		/* where REPORT.* and plots/ live */
	const struct chart *charts;
	size_t ncharts;
	const struct claim_result *results;	/* one per claim */
	long cores;
	const struct runlog *log;	/* make bench's log (runlog.h); NULL */
};

struct doc;
/* One chart as a figure of the report: the image, its title and
 * caption, its legend in text, and the claims it supports. */
void report_figure(struct doc *d, const char *dir, const struct chart *c);

/* Write dir/REPORT.md and dir/REPORT.html. 0 or -errno. */
int report_write(const struct report_in *in);

#endif
