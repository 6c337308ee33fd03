/*
 * charts_scale.c - see charts_scale.h. Each chart is NAME.vars.gp (the
 * variables charts.c writes, plus the axis label and whether a reference
 * line at 1 is drawn, and per mode its colour and point shape from
 * bench/output/style.c, as every chart has) and NAME.dat: one block per
 * mode, "tasks median lo hi" with lo and hi the 95% bootstrap interval of
 * the median, two blank lines between blocks. A figure that is zero
 * (nothing measurable) has no place on a log scale and is left out.
 */
#include "bench/analysis/charts_scale.h"
#include "bench/analysis/model/sweep.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"
#include "bench/output/style.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define MAX_MODES 16
#define MAX_SIZES 64

/* Every chart of the sweep supports C11 and sits under one topic in the
 * report (charts.c's topics are the same kind of string). */
#define CLAIMS_SCALE "C11"
#define TOPIC_SCALE "At high concurrency: threads against an event loop"

/* What one chart shows of a cell: its median and range, per task or per
 * latency. 0 when the cell has no such figure. */
enum figure { FIG_MEM, FIG_CPU_, FIG_WALL_ };

struct writer {
	const char *dir;
	struct chart *out;
	size_t n, max;
	int *err;
};

static int figure_of(const struct cell *c, const struct series *sw,
		     enum figure fig, double *med, double *lo, double *hi)
{
	enum fig f = fig == FIG_MEM ? FIG_RISE : fig == FIG_CPU_ ? FIG_CPU
		     : FIG_WALL;
	double scale = fig == FIG_WALL_ ? 1000 / sw->key.latency_ms
		       : 1.0 / (double)c->key.tasks;
	struct iv iv;

	if (!c->n || isnan(c->med[f]))
		return 0;
	/* CPU time per task in microseconds. */
	if (fig == FIG_CPU_)
		scale *= 1e6;
	iv = cell_median_iv(c, f);
	*med = c->med[f] * scale;
	*lo = isnan(iv.lo) ? *med : iv.lo * scale;
	*hi = isnan(iv.hi) ? *med : iv.hi * scale;
	return *med > 0;
}

/* Write a gnuplot string literal (double quotes, escaped). */
static void gp_str(FILE *f, const char *name, const char *s)
{
	fprintf(f, "%s = \"", name);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputs("\"\n", f);
}

static FILE *open_in(struct writer *w, const char *name, const char *ext)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s", w->dir, name, ext);
	f = fopen(path, "w");
	if (!f && !*w->err)
		*w->err = -errno;
	return f;
}

static int close_checked(struct writer *w, FILE *f)
{
	int bad = ferror(f);

	if (fclose(f) || bad) {
		if (!*w->err)
			*w->err = -EIO;
		return -1;
	}
	return 0;
}

/* One chart of the sweep sw: a block per mode with any figure. */
static void chart(struct writer *w, const struct series *sw,
		  enum figure fig, long cores)
{
	static const char *const stem[] = { "scale-mem", "scale-cpu",
					    "scale-wall" };
	static const char *const ylabel[] = {
		"memory per task (KiB, log scale)",
		"CPU time per task (us, log scale)",
		"wall time / one latency (log scale)",
	};
	const char *modes[MAX_MODES];
	unsigned sizes[MAX_SIZES];
	size_t nmodes = 0, nsizes = sweep_sizes(sw, sizes, MAX_SIZES);
	char name[96];
	struct chart *c;
	FILE *v, *d;

	for (size_t i = 0; i < sw->n; i++) {
		const struct cell *cell = sw->cells[i];
		double m, lo, hi;
		int seen = 0;

		if (!figure_of(cell, sw, fig, &m, &lo, &hi))
			continue;
		for (size_t k = 0; k < nmodes; k++)
			seen |= strcmp(modes[k], cell->key.mode) == 0;
		if (!seen && nmodes < MAX_MODES)
			modes[nmodes++] = cell->key.mode;
	}
	if (!nmodes || nsizes < 2 || w->n >= w->max)
		return;
	/* The registry's order, as every chart lists its modes. */
	for (size_t a = 0; a < nmodes; a++)
		for (size_t b = a + 1; b < nmodes; b++)
			if (style_rank(modes[b]) < style_rank(modes[a])) {
				const char *t = modes[a];

				modes[a] = modes[b];
				modes[b] = t;
			}
	snprintf(name, sizeof(name), "%s-%s", stem[fig], sw->key.workload);
	v = open_in(w, name, ".vars.gp");
	if (!v)
		return;
	fprintf(v, "# Written by bin/bench summarize: the variables of one "
		"chart.\n# Drawn by scripts/plots.sh: gnuplot %s.vars.gp "
		"plots/scale.gp\n", name);
	gp_str(v, "script", "scale.gp");
	fprintf(v, "datafile = \"%s.dat\"\n", name);
	gp_str(v, "out", name);
	c = &w->out[w->n];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->script, sizeof(c->script), "scale.gp");
	snprintf(c->claims, sizeof(c->claims), "%s", CLAIMS_SCALE);
	snprintf(c->topic, sizeof(c->topic), "%s", TOPIC_SCALE);
	switch (fig) {
	case FIG_MEM:
		snprintf(c->title, sizeof(c->title), "%s: memory per task "
			 "by tasks at once (%g ms)", sw->key.workload,
			 sw->key.latency_ms);
		snprintf(c->caption, sizeof(c->caption), "Peak resident "
			 "memory above what bin/bench held when the cell "
			 "started (start_rss_kb), over the tasks at once "
			 "(tasks = workers), log-log; bars: 95%% bootstrap "
			 "interval of the median. A thread costs its stack's "
			 "touched pages and its share of malloc's per-thread "
			 "arenas; an event loop's task only its own state. A "
			 "mode missing at a size rose by nothing the kernel's "
			 "resident count showed (a rise of 0 has no place on "
			 "a log scale).");
		break;
	case FIG_CPU_:
		snprintf(c->title, sizeof(c->title), "%s: CPU time per task "
			 "by tasks at once (%g ms)", sw->key.workload,
			 sw->key.latency_ms);
		snprintf(c->caption, sizeof(c->caption), "User + system "
			 "time of a repetition (starting and stopping the "
			 "pool included) over its tasks, log-log; bars: 95%% "
			 "bootstrap interval of the median. Points at zero (a "
			 "repetition too short to be charged a tick) are left "
			 "out.");
		break;
	case FIG_WALL_:
		snprintf(c->title, sizeof(c->title), "%s: wall / one latency "
			 "by tasks at once (%g ms)", sw->key.workload,
			 sw->key.latency_ms);
		snprintf(c->caption, sizeof(c->caption), "Median wall time of "
			 "all the tasks over one task's latency, log-log: 1 "
			 "(the dashed line) is perfect overlap, all of them "
			 "waiting at once; above it, the time to start, "
			 "switch between and finish that many. Bars: 95%% "
			 "bootstrap interval of the median.");
		break;
	}
	{
		char full[256];

		/* The claim in the title too, as charts.c does, so a PNG
		 * looked at alone says what it is evidence for. */
		snprintf(full, sizeof(full), "%s (%s)", c->title, c->claims);
		gp_str(v, "chart_title", full);
	}
	gp_str(v, "claims", c->claims);
	{
		char xlist[512];
		size_t len = 0;

		/* The sizes measured, as the x axis's tics. */
		xlist[0] = 0;
		for (size_t i = 0; i < nsizes && len < sizeof(xlist); i++)
			len += (size_t)snprintf(xlist + len, sizeof(xlist) - len,
						"%s%u", i ? " " : "", sizes[i]);
		gp_str(v, "xlist", xlist);
	}
	gp_str(v, "ref_color", STYLE_REFERENCE);
	gp_str(v, "ylabel", ylabel[fig]);
	fprintf(v, "reference = %d\ncores = %ld\nnseries = %zu\n",
		fig == FIG_WALL_, cores > 0 ? cores : 1, nmodes);
	for (size_t k = 0; k < nmodes; k++) {
		char var[32];

		const struct mode_style *st = style_of(modes[k]);

		/* One look per mode: its colour and shape, never its place
		 * in this chart. */
		snprintf(var, sizeof(var), "title_%zu", k + 1);
		gp_str(v, var, modes[k]);
		snprintf(var, sizeof(var), "mode_%zu", k + 1);
		gp_str(v, var, modes[k]);
		snprintf(var, sizeof(var), "color_%zu", k + 1);
		gp_str(v, var, st->color);
		fprintf(v, "point_%zu = %d\nvariant_%zu = 0\n", k + 1,
			st->point, k + 1);
		if (k < CHART_SERIES_MAX) {
			snprintf(c->key[k].mode, sizeof(c->key[k].mode), "%s",
				 modes[k]);
			snprintf(c->key[k].title, sizeof(c->key[k].title),
				 "%s", modes[k]);
			c->nkey++;
		}
	}
	if (close_checked(w, v))
		return;
	d = open_in(w, name, ".dat");
	if (!d)
		return;
	fprintf(d, "# tasks median lo hi, one block per mode\n");
	for (size_t k = 0; k < nmodes; k++) {
		fprintf(d, "%s# %s\n", k ? "\n\n" : "", modes[k]);
		for (size_t i = 0; i < nsizes; i++) {
			const struct cell *cell = sweep_cell(sw, modes[k],
							     sizes[i]);
			double m, lo, hi;

			if (cell && figure_of(cell, sw, fig, &m, &lo, &hi))
				fprintf(d, "%u %.6g %.6g %.6g\n", sizes[i], m,
					lo > 0 ? lo : m, hi);
		}
	}
	if (close_checked(w, d) == 0)
		w->n++;
}

size_t charts_scale(const struct model *m, const char *dir,
		    struct chart *out, size_t max, int *err)
{
	struct writer w = { dir, out, 0, max, err };
	const char *wls[64];
	size_t nwl = model_workloads(m, wls, GB_ARRAY_LEN(wls));
	long cores = model_machine(m)->cores;

	for (size_t i = 0; i < nwl; i++) {
		const struct series *sw = sweep_find(m, wls[i]);

		if (!sw)
			continue;
		chart(&w, sw, FIG_MEM, cores);
		chart(&w, sw, FIG_CPU_, cores);
		chart(&w, sw, FIG_WALL_, cores);
	}
	return w.n;
}
