/*
 * charts.h - what to chart from a summary, and the data for it.
 *
 * For each chart this writes two files into a folder (RUN/plots/):
 * NAME.dat, the numbers, and NAME.vars.gp, gnuplot variables: the title,
 * which script draws it, the core count, and per series its title, mode,
 * colour, point shape and variant (from bench/output/style.h, so a mode
 * looks the same in every chart). scripts/plots.sh then runs `gnuplot
 * NAME.vars.gp plots/SCRIPT` in that folder, giving NAME.png and
 * NAME.svg. The scripts in plots/ hold only the drawing; all numbers
 * come from here.
 *
 * Every chart names the claims it supports (their ids, as in
 * claims/table.c), so the report can put it next to their verdicts and
 * link both ways. Error bars are 95% bootstrap intervals on every chart.
 */
#ifndef GB_CHARTS_H
#define GB_CHARTS_H

#include <stddef.h>

#include "bench/analysis/summary.h"

/* The most series one chart draws. */
#define CHART_SERIES_MAX 32

/* One series as a legend shows it. */
struct chart_key {
	char mode[64];		/* its mode: the colour and shape */
	char title[128];	/* as the report's legend writes it */
	int variant;		/* 0, or which other switch interval (or
				   workload) of the same mode: dashes or
				   hatching, never another colour */
};

struct chart {
	char name[96];		/* file stem, e.g. speedup-primes */
	char script[32];	/* drawing script in plots/, e.g. speedup.gp */
	char title[160];
	char caption[640];	/* how to read it, for the report */
	char claims[64];	/* the claims it supports: "C1 C2 C3" */
	char topic[96];		/* what its group of charts is about; the
				   report shows charts of one topic together */
	struct chart_key key[CHART_SERIES_MAX];
	size_t nkey;
};

/* The most charts one run can give. */
#define CHARTS_MAX 64

/* Plan every chart the summary has data for and write their files into
 * dir (which must exist). Returns how many (<= max) with out[] filled,
 * or -errno. */
struct model;
int charts_write(const struct summary *s, const struct model *m,
		 const char *dir, struct chart *out, size_t max);

#endif
