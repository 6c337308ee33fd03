/*
 * chart.h - the charts of a run, as the report knows them, and the one
 * writer of their files.
 *
 * For each chart two files go into RUN/plots/: NAME.dat, the numbers
 * (gnuplot data blocks, two blank lines between them), and NAME.vars.gp,
 * the variables of the script in plots/ that draws it (its title with
 * the claims it is evidence for, and per line its title, mode, colour,
 * point shape and variant, from the mode's one look). scripts/plots.sh
 * runs `gnuplot NAME.vars.gp plots/SCRIPT`, giving NAME.png and .svg.
 * The scripts only draw: every number comes from here.
 *
 * Which charts a run gets is the table of chart_spec (table.c): adding
 * a chart is one entry there and one script in plots/. The traced
 * scenes' charts (trace.c: timelines, latency distributions, policies)
 * are written by the same writer into the same struct.
 */
#ifndef GB_CHART_H
#define GB_CHART_H

#include <stddef.h>
#include <stdio.h>

#include "bench/analysis/charts/ids.h"
#include "bench/analysis/model/model.h"
#include "bench/core/text.h"

/* What a group of charts is about: the report shows them together,
 * after the verdicts of their claims. */
#define GB_TOPICS(X)                                                      \
	X(CPU, "CPU-bound work: threads, processes, the GIL")             \
	X(GIL, "Why the GIL gives no speedup: threads wait for it")       \
	X(IO, "I/O-bound work: waiting overlaps")                         \
	X(COST, "What a pool costs: starting it, copying to it")          \
	X(SCALE, "At high concurrency: threads against an event loop")    \
	X(NATIVE, "Code that releases the GIL")                           \
	X(CONVOY, "The convoy: an I/O thread beside CPU-bound threads")   \
	X(LOCK, "The lock, seen from inside")

enum topic {
#define TOPIC_ENUM(id, title) TOPIC_##id,
	GB_TOPICS(TOPIC_ENUM)
#undef TOPIC_ENUM
	TOPIC__COUNT
};
extern const char *const topic_title[TOPIC__COUNT];

/* The most lines one chart draws. */
#define CHART_LINES_MAX 32

/* One line (or bar, or row of a timeline) as a legend shows it. */
struct chart_key {
	const char *color;	/* "#rrggbb": the mode's, or a state's */
	const char *glyph;	/* its shape as a character */
	char label[128];	/* as the report's legend writes it */
	int variant;		/* 0, or which other option of the same mode
				   (dashes, hatching: never another colour) */
};

struct chart {
	enum chart_id id;
	char name[96];		/* file stem: speedup-primes */
	struct text title;
	struct text caption;	/* how to read it, with its figures */
	enum topic topic;
	struct chart_key key[CHART_LINES_MAX];
	size_t nkey;
};

/* The most charts one run can give. */
#define CHARTS_MAX 96

/* Plan every chart of the table the model has data for, and write their
 * files into dir (which must exist). Returns how many (<= max, out[]
 * filled), or -errno. */
int charts_write(const struct model *m, const char *dir, struct chart *out,
		 size_t max);
void charts_free(struct chart *c, size_t n);

/* The claims a chart is evidence for, in the claims' order, as "C1 C2"
 * (sep " ") or as links "[C1](#claim-C1), ..." (links 1). */
void chart_claims(struct text *out, enum chart_id id, int links);

/* ---- the one writer (writer.c) ---- */

/* A chart being written: its variables file is open until chart_data,
 * then its data file until chart_end. */
struct chart_out {
	const char *dir;
	struct chart *c;
	FILE *vars, *data;
	int err;		/* the first error, -errno */
};

/* Start c (its name, title and script set) in dir: the variables every
 * chart has, its title followed by the claims it supports. 0 or -errno. */
int chart_begin(struct chart_out *o, const char *dir, struct chart *c,
		const char *script);
/* A string or number variable of the script. */
void chart_var(struct chart_out *o, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void chart_var_str(struct chart_out *o, const char *name, const char *val);
/* Line k (0-based) of the legend: the look of its mode (its colour and
 * point shape) and the title the chart itself shows. Also adds it to
 * c->key with label (the report's; NULL: title). */
void chart_line(struct chart_out *o, size_t k, const struct mode_look *look,
		const char *mode, const char *title, const char *label,
		int variant);
/* Close the variables, open the data; fmt is its first comment line. */
FILE *chart_data(struct chart_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Block k's header: two blank lines before all but the first. */
void chart_block(struct chart_out *o, size_t k, const char *title);
/* Close the data; 0 or the first error. */
int chart_end(struct chart_out *o);

#endif
