/*
 * charts.h - what to chart from a summary, and the data for it.
 *
 * For each chart this writes two files into a folder (RUN/plots/):
 * NAME.dat, the numbers, and NAME.vars.gp, gnuplot variables (title,
 * series names, core count, which script draws it). scripts/plots.sh
 * then runs `gnuplot NAME.vars.gp plots/SCRIPT` in that folder, giving
 * NAME.png and NAME.svg. The scripts in plots/ hold only the drawing; all
 * numbers come from here.
 */
#ifndef GB_CHARTS_H
#define GB_CHARTS_H

#include <stddef.h>

#include "bench/analysis/summary.h"

struct chart {
	char name[96];		/* file stem, e.g. speedup-primes */
	char script[32];	/* drawing script in plots/, e.g. speedup.gp */
	char title[160];
	char caption[400];	/* how to read it, for the report */
};

/* The most charts one run can give. */
#define CHARTS_MAX 64

/* Plan every chart the summary has data for and write their files into
 * dir (which must exist). Returns how many (<= max) with out[] filled,
 * or -errno. */
int charts_write(const struct summary *s, const char *dir,
		 struct chart *out, size_t max);

#endif
