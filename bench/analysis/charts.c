/*
 * charts.c - see charts.h. One function per kind of chart; each decides
 * whether the run has data for it, writes NAME.dat (gnuplot data blocks,
 * two blank lines between series) and NAME.vars.gp, and describes it.
 *
 * Start at charts_write() at the bottom: which chart each kind of
 * workload gets. The numbers are written in the unit the chart shows
 * (ms where the values are milliseconds), so the scripts only draw.
 */
#include "bench/analysis/charts.h"
#include "bench/analysis/charts_scale.h"
#include "bench/output/style.h"
#include "bench/core/util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SERIES CHART_SERIES_MAX
#define MAX_WL 64

/* CPython's default switch interval: the one a GIL series is drawn at
 * when the run has several. */
#define DEFAULT_SWITCH_MS 5.0

/* The claims each kind of chart supports (claims/table.c), and the topic
 * the report shows it under. */
#define CLAIMS_CPU "C1 C2 C3 C12 C15"
#define TOPIC_CPU "CPU-bound work: threads, processes, the GIL"
#define CLAIMS_NATIVE "C13"
#define TOPIC_NATIVE "Code that releases the GIL"
#define CLAIMS_IO "C4 C5"
#define TOPIC_IO "I/O-bound work: waiting overlaps"
#define CLAIMS_GIL "C1"
#define TOPIC_GIL "Why the GIL gives no speedup: threads wait for it"
#define CLAIMS_CONVOY "C14"
#define TOPIC_CONVOY "The convoy: an I/O thread beside CPU-bound threads"
#define CLAIMS_STARTUP "C6 C10"
#define CLAIMS_PAYLOAD "C8"
#define TOPIC_COST "What a pool costs: starting it, copying to it"

/* One line (or bar) of a chart: a mode at one switch interval, in one
 * workload series (tasks and size; any tasks when any_tasks). */
struct line {
	char mode[64];
	double switch_ms;
	char title[96];		/* in the chart's legend */
	char label[128];	/* in the report's: with the interpreter */
	const char *wl;
	uint64_t tasks, size;
	int variant;
};

struct out {
	const char *dir;
	struct chart *charts;
	size_t n, max;
	int err;
};

/* What a chart's variables file says beyond its series. */
struct plan {
	const char *script, *name, *title, *claims, *topic;
	const struct line *ser;
	size_t nser;
	long cores;
	const char *xlist;	/* the worker counts measured, "1 2 4" */
	const char *yunit;	/* "ms", "s", "%"; NULL when none */
	const char *extra;	/* more variables, gnuplot lines; or NULL */
};

/* Write a gnuplot string literal (double quotes, escaped). */
static void gp_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

static FILE *open_in(struct out *o, const char *name, const char *ext)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s", o->dir, name, ext);
	f = fopen(path, "w");
	if (!f && !o->err)
		o->err = -errno;
	return f;
}

static int close_checked(struct out *o, FILE *f)
{
	int bad = ferror(f);

	if (fclose(f) || bad) {
		if (!o->err)
			o->err = -EIO;
		return -1;
	}
	return 0;
}

/* "primes: speedup over seq (C1 C2)": the claims in the title too, so a
 * PNG looked at alone says what it is evidence for. */
static void titled(char *buf, size_t len, const char *title,
		   const char *claims)
{
	snprintf(buf, len, "%s (%s)", title, claims);
}

/* Start a chart: the variables file, with every series' title and look.
 * Returns the data file, or NULL (o->err set) on failure. */
static FILE *begin_chart(struct out *o, const struct plan *p,
			 const char *caption_fmt, ...)
	__attribute__((format(printf, 3, 4)));
static FILE *begin_chart(struct out *o, const struct plan *p,
			 const char *caption_fmt, ...)
{
	char full[256];
	struct chart *c;
	va_list ap;
	FILE *v, *d;

	if (o->n >= o->max)
		return NULL;
	v = open_in(o, p->name, ".vars.gp");
	if (!v)
		return NULL;
	titled(full, sizeof(full), p->title, p->claims);
	fprintf(v, "# Written by bin/bench summarize: the variables of one "
		"chart.\n# Drawn by scripts/plots.sh: gnuplot %s.vars.gp "
		"plots/%s\n", p->name, p->script);
	fputs("script = ", v);
	gp_str(v, p->script);
	fputs("\ndatafile = ", v);
	gp_str(v, p->name);
	fputs(" . \".dat\"\nout = ", v);
	gp_str(v, p->name);
	fputs("\nchart_title = ", v);
	gp_str(v, full);
	fputs("\nclaims = ", v);
	gp_str(v, p->claims);
	fputs("\nxlist = ", v);
	gp_str(v, p->xlist ? p->xlist : "");
	fputs("\nyunit = ", v);
	gp_str(v, p->yunit ? p->yunit : "");
	fputs("\nref_color = ", v);
	gp_str(v, STYLE_REFERENCE);
	fprintf(v, "\ncores = %ld\nnseries = %zu\n",
		p->cores > 0 ? p->cores : 1, p->nser);
	if (p->extra)
		fputs(p->extra, v);
	/* One look per mode (bench/output/style.c): the colour and point
	 * shape follow the mode, never the series' place in this chart. */
	for (size_t i = 0; i < p->nser; i++) {
		const struct mode_style *st = style_of(p->ser[i].mode);

		fprintf(v, "title_%zu = ", i + 1);
		gp_str(v, p->ser[i].title);
		fprintf(v, "\nmode_%zu = ", i + 1);
		gp_str(v, p->ser[i].mode);
		fprintf(v, "\ncolor_%zu = ", i + 1);
		gp_str(v, st->color);
		fprintf(v, "\npoint_%zu = %d\nvariant_%zu = %d\n", i + 1,
			st->point, i + 1, p->ser[i].variant);
	}
	if (close_checked(o, v))
		return NULL;
	d = open_in(o, p->name, ".dat");
	if (!d)
		return NULL;
	c = &o->charts[o->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", p->name);
	snprintf(c->script, sizeof(c->script), "%s", p->script);
	snprintf(c->title, sizeof(c->title), "%s", p->title);
	snprintf(c->claims, sizeof(c->claims), "%s", p->claims);
	snprintf(c->topic, sizeof(c->topic), "%s", p->topic ? p->topic : "");
	for (size_t i = 0; i < p->nser && i < CHART_SERIES_MAX; i++) {
		snprintf(c->key[i].mode, sizeof(c->key[i].mode), "%s",
			 p->ser[i].mode);
		snprintf(c->key[i].title, sizeof(c->key[i].title), "%s",
			 p->ser[i].label[0] ? p->ser[i].label
			 : p->ser[i].title);
		c->key[i].variant = p->ser[i].variant;
		c->nkey++;
	}
	va_start(ap, caption_fmt);
	vsnprintf(c->caption, sizeof(c->caption), caption_fmt, ap);
	va_end(ap);
	return d;
}

static int same_switch(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static int is_default_switch(double ms)
{
	return isnan(ms) || ms == DEFAULT_SWITCH_MS;
}

/* Titles and variants once a chart's series are known: a mode drawn at
 * several switch intervals says each (the default one too) and draws
 * the others dashed or hatched; one at a single, non-default interval
 * says it. CPython's rows say so. */
static void name_series(struct line *ser, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct line *s = &ser[i];
		size_t same = 0, before = 0;
		int def_first = 0;

		for (size_t k = 0; k < n; k++) {
			if (strcmp(ser[k].mode, s->mode))
				continue;
			same++;
			def_first |= is_default_switch(ser[k].switch_ms);
			if (k < i && !is_default_switch(ser[k].switch_ms))
				before++;
		}
		if (same > 1 || !is_default_switch(s->switch_ms))
			snprintf(s->title, sizeof(s->title), "%s, %g ms",
				 s->mode, isnan(s->switch_ms)
				 ? DEFAULT_SWITCH_MS : s->switch_ms);
		else
			snprintf(s->title, sizeof(s->title), "%s", s->mode);
		/* The legend in the report says it all; the chart's own
		 * stays short enough for three columns. */
		snprintf(s->label, sizeof(s->label), "%s%s", s->mode,
			 s->title + strlen(s->mode));
		if (same > 1 || !is_default_switch(s->switch_ms))
			gb_appendf(s->label, sizeof(s->label), "", " switch "
				   "interval");
		/* The interpreter of CPython's rows (python/compare.py). */
		if (summary_foreign_label(s->mode))
			gb_appendf(s->label, sizeof(s->label), " ", "(%s)",
				   summary_foreign_label(s->mode));
		/* The default interval is the plain look; the others follow
		 * in the order of their intervals. */
		s->variant = is_default_switch(s->switch_ms) ? 0
			     : (int)before + (def_first ? 1 : 0);
	}
}

/* The (mode, switch) pairs of wl's cells with (tasks, size), in display
 * order, that accept() takes. */
static size_t collect_series(const struct summary *s, const char *wl,
			     uint64_t tasks, uint64_t size, int any_tasks,
			     int (*accept)(const struct sum_cell *),
			     struct line *out)
{
	size_t n = 0;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		int seen = 0;

		if (strcmp(c->workload, wl) || !c->n || !accept(c) ||
		    !summary_plain(c) ||
		    (!any_tasks && (c->tasks != tasks || c->size != size)))
			continue;
		for (size_t k = 0; k < n; k++)
			seen |= strcmp(out[k].mode, c->mode) == 0 &&
				same_switch(out[k].switch_ms, c->switch_ms);
		if (seen || n == MAX_SERIES)
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		snprintf(out[n].mode, sizeof(out[n].mode), "%s", c->mode);
		out[n].switch_ms = c->switch_ms;
		out[n].wl = wl;
		out[n].tasks = tasks;
		out[n].size = size;
		n++;
	}
	/* The display order (bin/bench's modes, then CPython's), a mode's
	 * switch intervals from the shortest up. */
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++)
			if (style_rank(out[b].mode) < style_rank(out[a].mode) ||
			    (strcmp(out[a].mode, out[b].mode) == 0 &&
			     !isnan(out[b].switch_ms) &&
			     (isnan(out[a].switch_ms) ||
			      out[b].switch_ms < out[a].switch_ms))) {
				struct line t = out[a];

				out[a] = out[b];
				out[b] = t;
			}
	name_series(out, n);
	return n;
}

static int in_series(const struct sum_cell *c, const struct line *s)
{
	return strcmp(c->mode, s->mode) == 0 &&
	       same_switch(c->switch_ms, s->switch_ms);
}

/* The worker counts of wl's cells in (tasks, size), ascending, as
 * "1 2 4" for the scripts' tics; returns how many. */
static size_t worker_list(const struct summary *s, const char *wl,
			  uint64_t tasks, uint64_t size, unsigned *ws,
			  size_t max, char *text, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		int seen = 0;

		if (strcmp(c->workload, wl) || c->tasks != tasks ||
		    c->size != size || !c->n || !summary_plain(c))
			continue;
		for (size_t k = 0; k < n; k++)
			seen |= ws[k] == c->workers;
		if (!seen && n < max)
			ws[n++] = c->workers;
	}
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++)
			if (ws[b] < ws[a]) {
				unsigned t = ws[a];

				ws[a] = ws[b];
				ws[b] = t;
			}
	text[0] = '\0';
	for (size_t k = 0; k < n; k++)
		gb_appendf(text, len, " ", "%u", ws[k]);
	return n;
}

/* One data block per series, two blank lines apart: a line per cell of
 * the series that row() prints (it returns 0 to leave a cell out). */
static void write_blocks(FILE *d, const struct summary *s,
			 const struct line *ser, size_t n, double scale,
			 int (*row)(FILE *d, const struct sum_cell *c,
				    double scale))
{
	for (size_t k = 0; k < n; k++) {
		fprintf(d, "%s# %s\n", k ? "\n\n" : "", ser[k].title);
		for (size_t i = 0; i < summary_ncells(s); i++) {
			const struct sum_cell *c = summary_cell(s, i);

			if (c->n && strcmp(c->workload, ser[k].wl) == 0 &&
			    summary_plain(c) && c->tasks == ser[k].tasks &&
			    c->size == ser[k].size && in_series(c, &ser[k]))
				row(d, c, scale);
		}
	}
}

/* The 95% bootstrap interval of the median of the values of x that are
 * not NaN (as the summary computes every interval). */
static struct stats_interval median_interval(const double *x, size_t n)
{
	struct stats_interval iv = { NAN, NAN, NAN };
	double *t = gb_xmalloc((n ? n : 1) * sizeof(*t));
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			t[k++] = x[i];
	if (k && stats_boot_median(t, k, STATS_RESAMPLES, STATS_SEED, &iv))
		iv.point = iv.lo = iv.hi = NAN;
	free(t);
	return iv;
}

/* The unit a chart of times up to max_s shows, and its factor. */
static const char *time_unit(double max_s, double *scale)
{
	if (max_s < 1e-3) {
		*scale = 1e6;
		return "us";
	}
	if (max_s < 1) {
		*scale = 1e3;
		return "ms";
	}
	*scale = 1;
	return "s";
}

static int row_speedup(FILE *d, const struct sum_cell *c, double scale)
{
	(void)scale;
	if (isnan(c->speedup.point))
		return 0;
	return fprintf(d, "%u %.6g %.6g %.6g %d\n", c->workers,
		       c->speedup.point, c->speedup.lo, c->speedup.hi,
		       c->speedup.paired);
}

static int row_gil(FILE *d, const struct sum_cell *c, double scale)
{
	struct stats_interval iv = median_interval(c->gil, c->n);

	(void)scale;
	if (isnan(iv.point))
		return 0;
	return fprintf(d, "%u %.6g %.6g %.6g\n", c->workers, 100 * iv.point,
		       100 * iv.lo, 100 * iv.hi);
}

static int is_baseline(const char *mode)
{
	return strcmp(mode, summary_baseline_mode(mode)) == 0;
}

static int accept_speedup(const struct sum_cell *c)
{
	return !is_baseline(c->mode) && !isnan(c->speedup.point);
}

static int accept_any(const struct sum_cell *c)
{
	(void)c;
	return 1;
}

static int accept_gil(const struct sum_cell *c)
{
	return !isnan(c->gil_share) && is_default_switch(c->switch_ms);
}

static int accept_rate(const struct sum_cell *c)
{
	return c->metric_name[0] && !isnan(c->metric_med);
}

/* Speedup against workers for one CPU workload. */
static void chart_speedup(struct out *o, const struct summary *s,
			  const char *wl, uint64_t tasks, uint64_t size,
			  const char *claims, const char *topic)
{
	struct line ser[MAX_SERIES];
	size_t n = collect_series(s, wl, tasks, size, 0, accept_speedup, ser);
	char name[96], title[160], xlist[256];
	unsigned ws[64];
	long cores = summary_cores(s);
	struct plan p = { .script = "speedup.gp", .name = name,
			  .title = title, .claims = claims, .topic = topic,
			  .ser = ser, .nser = n, .cores = cores, .xlist = xlist };
	FILE *d;
	size_t unpaired = 0;
	char lists[2][128] = { "", "" }, extra[300];

	if (!n)
		return;
	worker_list(s, wl, tasks, size, ws, GB_ARRAY_LEN(ws), xlist,
		    sizeof(xlist));
	/* The series with paired points, and those with unpaired ones,
	 * for the script's two layers (a layer with no point would be a
	 * warning). */
	for (size_t k = 0; k < n; k++) {
		int has[2] = { 0, 0 };

		for (size_t i = 0; i < summary_ncells(s); i++) {
			const struct sum_cell *c = summary_cell(s, i);

			if (c->n && strcmp(c->workload, wl) == 0 &&
			    summary_plain(c) && c->tasks == tasks &&
			    c->size == size && in_series(c, &ser[k]) &&
			    !isnan(c->speedup.point))
				has[c->speedup.paired ? 0 : 1] = 1;
		}
		for (int j = 0; j < 2; j++)
			if (has[j])
				gb_appendf(lists[j], sizeof(lists[j]), " ",
					   "%zu", k + 1);
		unpaired += has[1];
	}
	snprintf(extra, sizeof(extra), "paired_series = \"%s\"\n"
		 "unpaired_series = \"%s\"\n", lists[0], lists[1]);
	p.extra = extra;
	snprintf(name, sizeof(name), "speedup-%s", wl);
	snprintf(title, sizeof(title), "%s: speedup over seq by workers", wl);
	d = begin_chart(o, &p, "How many times faster than seq each mode "
			"ran %s (%llu tasks x size %llu), by the number of "
			"workers (threads or processes). Error bars: 95%% "
			"bootstrap interval of the speedup, paired: seq and "
			"the mode ran in the same rounds. Grey dashed: the "
			"ideal, min(workers, cores); grey dotted: 1x, no "
			"speedup; the vertical line marks the %ld cores.%s",
			wl, (unsigned long long)tasks,
			(unsigned long long)size, cores, unpaired ?
			" Ringed points without a bar were not measured in "
			"the same rounds as seq (another invocation ran "
			"them): the ratio of the two medians, unpaired, with "
			"no interval; read them as rough." : "");
	if (!d)
		return;
	fprintf(d, "# workers speedup lo hi paired, one block per series "
		"(paired 0: the ratio of medians of cells that never ran in "
		"the same round)\n");
	write_blocks(d, s, ser, n, 1, row_speedup);
	close_checked(o, d);
}

/* Wall time per mode at W = cores (seq at 1): one bar per mode in its
 * colour. */
static void chart_wall(struct out *o, const struct summary *s,
		       const char *wl, uint64_t tasks, uint64_t size,
		       const char *claims, const char *topic)
{
	struct line ser[MAX_SERIES];
	const struct sum_cell *cell[MAX_SERIES];
	size_t n = collect_series(s, wl, tasks, size, 0, accept_any, ser);
	long cores = summary_cores(s);
	char name[96], title[160];
	size_t rows = 0;
	double max = 0, scale;
	const char *unit;
	struct plan p = { .script = "wall.gp", .name = name, .title = title,
			  .claims = claims, .topic = topic, .ser = ser,
			  .cores = cores };
	FILE *d;

	if (n < 2)
		return;
	/* The cell of each series at the most workers up to the cores;
	 * series without one are dropped. */
	for (size_t k = 0; k < n; k++) {
		const struct sum_cell *c = NULL;

		for (long w = cores > 0 ? cores : 1; w >= 1 && !c; w--)
			c = summary_find(s, wl, ser[k].mode,
					 is_baseline(ser[k].mode) ? 1
					 : (unsigned)w, tasks, size,
					 ser[k].switch_ms);
		if (!c || !c->n)
			continue;
		ser[rows] = ser[k];
		cell[rows++] = c;
		if (c->max > max)
			max = c->max;
	}
	if (rows < 2)
		return;
	p.nser = rows;
	unit = time_unit(max, &scale);
	p.yunit = unit;
	snprintf(name, sizeof(name), "wall-%s", wl);
	snprintf(title, sizeof(title), "%s: wall time per mode at %ld "
		 "workers", wl, cores);
	d = begin_chart(o, &p, "How long %s (%llu tasks x size %llu) took in "
			"each mode with as many workers as cores (%ld; seq "
			"uses one), in %s: median of the repetitions. Error "
			"bars: 95%% bootstrap interval of the median.", wl,
			(unsigned long long)tasks, (unsigned long long)size,
			cores, unit);
	if (!d)
		return;
	fprintf(d, "# label median lo hi (%s), one line per series\n", unit);
	for (size_t k = 0; k < rows; k++) {
		struct stats_interval iv = median_interval(cell[k]->wall,
							   cell[k]->n);

		gp_str(d, ser[k].title);
		fprintf(d, " %.6g %.6g %.6g\n", scale * iv.point,
			scale * iv.lo, scale * iv.hi);
	}
	close_checked(o, d);
}

/* I/O: each mode's wall time over perfect overlap (ceil(tasks / W) x
 * latency) against workers. On a plain wall-time axis every mode lies
 * on one line; the ratio shows how far each is from perfect. */
static void chart_io(struct out *o, const struct summary *s, const char *wl,
		     uint64_t tasks, uint64_t size, double latency,
		     const char *claims)
{
	struct line all[MAX_SERIES], ser[MAX_SERIES];
	size_t nall = collect_series(s, wl, tasks, size, 0, accept_any, all);
	size_t n = 0, nws = 0;
	unsigned ws[256];
	char name[96], title[160], xlist[512] = "";
	struct plan p = { .script = "io.gp", .name = name, .title = title,
			  .claims = claims, .topic = TOPIC_IO, .ser = ser,
			  .cores = summary_cores(s), .xlist = xlist };
	FILE *d;

	if (isnan(latency) || !(latency > 0))
		return;
	/* The cells of the main series alone: a sweep of the same task
	 * count at another latency is another measurement, and its
	 * ideal is another line. */
	for (size_t k = 0; k < nall; k++) {
		int has = 0;

		for (size_t i = 0; i < summary_ncells(s); i++) {
			const struct sum_cell *c = summary_cell(s, i);
			int seen = 0;

			if (!c->n || strcmp(c->workload, wl) ||
			    !summary_plain(c) || c->tasks != tasks ||
			    c->size != size || c->latency_ms != latency ||
			    !in_series(c, &all[k]))
				continue;
			has = 1;
			for (size_t j = 0; j < nws; j++)
				seen |= ws[j] == c->workers;
			if (!seen && nws < GB_ARRAY_LEN(ws))
				ws[nws++] = c->workers;
		}
		if (has)
			ser[n++] = all[k];
	}
	if (!n)
		return;
	p.nser = n;
	for (size_t a = 0; a < nws; a++)
		for (size_t b = a + 1; b < nws; b++)
			if (ws[b] < ws[a]) {
				unsigned t = ws[a];

				ws[a] = ws[b];
				ws[b] = t;
			}
	for (size_t k = 0; k < nws; k++)
		gb_appendf(xlist, sizeof(xlist), " ", "%u", ws[k]);
	snprintf(name, sizeof(name), "io-%s", wl);
	snprintf(title, sizeof(title), "%s: wall time over perfect overlap, "
		 "%llu tasks of %g ms", wl, (unsigned long long)tasks,
		 latency);
	d = begin_chart(o, &p, "%llu %s tasks that each wait %g ms, run by "
			"up to %u workers: each mode's median wall time "
			"divided by what perfect overlap would give, "
			"ceil(tasks / workers) x %g ms. 1 (grey dashed) is "
			"perfect: the waits overlap completely; C4's bound is "
			"1.5 (grey dotted). Error bars: 95%% bootstrap "
			"interval of the median. Workers on a log scale.",
			(unsigned long long)tasks, wl, latency,
			nws ? ws[nws - 1] : 1, latency);
	if (!d)
		return;
	fprintf(d, "# workers wall/ideal lo hi, one block per series\n");
	for (size_t k = 0; k < n; k++) {
		fprintf(d, "%s# %s\n", k ? "\n\n" : "", ser[k].title);
		for (size_t i = 0; i < summary_ncells(s); i++) {
			const struct sum_cell *c = summary_cell(s, i);
			struct stats_interval iv;
			double ideal;

			if (!c->n || strcmp(c->workload, wl) ||
			    !summary_plain(c) || c->tasks != tasks ||
			    c->size != size || c->latency_ms != latency ||
			    !in_series(c, &ser[k]))
				continue;
			ideal = ceil((double)tasks / c->workers) * latency /
				1000;
			iv = median_interval(c->wall, c->n);
			fprintf(d, "%u %.6g %.6g %.6g\n", c->workers,
				iv.point / ideal, iv.lo / ideal,
				iv.hi / ideal);
		}
	}
	close_checked(o, d);
}

/* The share of thread time spent waiting for the GIL, per workers: one
 * line per GIL mode and CPU workload; a mode's workloads differ by
 * dashes. */
static void chart_gil(struct out *o, const struct summary *s,
		      const char **wls, size_t nwl)
{
	struct line ser[MAX_SERIES];
	size_t n = 0;
	char xlist[256] = "";
	unsigned all[64];
	size_t nall = 0;
	struct plan p = { .script = "gilwait.gp", .name = "gil-wait",
			  .title = "time threads waited for the GIL, by "
				   "workers",
			  .claims = CLAIMS_GIL, .topic = TOPIC_GIL,
			  .ser = ser,
			  .cores = summary_cores(s), .xlist = xlist,
			  .yunit = "%" };
	FILE *d;

	for (size_t w = 0; w < nwl && n < MAX_SERIES; w++) {
		struct line one[MAX_SERIES];
		uint64_t tasks, size;
		unsigned ws[64];
		char text[256];
		size_t k, nws;

		if (summary_primary(s, wls[w], &tasks, &size, NULL))
			continue;
		k = collect_series(s, wls[w], tasks, size, 0, accept_gil, one);
		nws = worker_list(s, wls[w], tasks, size, ws,
				  GB_ARRAY_LEN(ws), text, sizeof(text));
		for (size_t i = 0; i < nws; i++) {
			int seen = 0;

			for (size_t j = 0; j < nall; j++)
				seen |= all[j] == ws[i];
			if (!seen && k && nall < GB_ARRAY_LEN(all))
				all[nall++] = ws[i];
		}
		for (size_t i = 0; i < k && n < MAX_SERIES; i++) {
			size_t before = 0;

			for (size_t j = 0; j < n; j++)
				before += strcmp(ser[j].mode, one[i].mode) == 0;
			ser[n] = one[i];
			snprintf(ser[n].title, sizeof(ser[n].title),
				 "%.40s, %.40s", one[i].mode, wls[w]);
			snprintf(ser[n].label, sizeof(ser[n].label), "%s",
				 ser[n].title);
			ser[n].variant = (int)before;
			n++;
		}
	}
	if (!n)
		return;
	for (size_t a = 0; a < nall; a++)
		for (size_t b = a + 1; b < nall; b++)
			if (all[b] < all[a]) {
				unsigned t = all[a];

				all[a] = all[b];
				all[b] = t;
			}
	for (size_t k = 0; k < nall; k++)
		gb_appendf(xlist, sizeof(xlist), " ", "%u", all[k]);
	p.nser = n;
	d = begin_chart(o, &p, "The share of the threads' time spent "
			"waiting for the simulated GIL (gil_wait_s / (wall x "
			"workers), median of the repetitions), per GIL mode "
			"and CPU workload, at CPython's default 5 ms switch "
			"interval. Grey dashed: (W-1)/W, what it is when only "
			"one of W threads runs at a time. Error bars: 95%% "
			"bootstrap interval of the median.");
	if (!d)
		return;
	fprintf(d, "# workers wait_percent lo hi, one block per series\n");
	for (size_t k = 0; k < n; k++) {
		fprintf(d, "%s# %s\n", k ? "\n\n" : "", ser[k].title);
		for (size_t i = 0; i < summary_ncells(s); i++) {
			const struct sum_cell *c = summary_cell(s, i);

			if (c->n && strcmp(c->workload, ser[k].wl) == 0 &&
			    summary_plain(c) && c->tasks == ser[k].tasks &&
			    c->size == ser[k].size && in_series(c, &ser[k]))
				row_gil(d, c, 1);
		}
	}
	close_checked(o, d);
}

/* Round trips per second of the I/O thread alone and beside 1, 2 CPU
 * threads: the convoy workload's workers are the I/O thread plus the
 * CPU ones, so workers 1, 2, 3 are 0, 1, 2 CPU threads. */
static void chart_convoy(struct out *o, const struct summary *s,
			 const char *wl)
{
	struct line ser[MAX_SERIES];
	size_t n = collect_series(s, wl, 0, 0, 1, accept_rate, ser);
	char name[96], title[160];
	struct plan p = { .script = "convoy.gp", .name = name,
			  .title = title, .claims = CLAIMS_CONVOY,
			  .topic = TOPIC_CONVOY, .ser = ser,
			  .nser = n, .cores = summary_cores(s),
			  .yunit = "round trips/s" };
	FILE *d;

	if (!n)
		return;
	snprintf(name, sizeof(name), "convoy-%s", wl);
	snprintf(title, sizeof(title), "%s: I/O round trips per second "
		 "beside CPU threads", wl);
	d = begin_chart(o, &p, "Blocking round trips per second made by one "
			"I/O thread alone (workers 1), beside 1 CPU-bound "
			"thread (+1, workers 2) and beside 2 (+2, workers 3), "
			"per mode "
			"(in fork the CPU work runs in processes): median of "
			"the repetitions, on a log scale. Under a GIL the I/O "
			"thread waits up to one switch interval for the lock "
			"after every blocking call; hatched bars are the "
			"other switch intervals. Error bars: 95%% bootstrap "
			"interval of the median.");
	if (!d)
		return;
	fprintf(d, "# label, then per series: round trips per second, lo, "
		"hi (NaN: not measured)\n");
	for (unsigned k = 0; k < 3; k++) {
		static const char *const label[] = {
			"alone", "+1 CPU thread", "+2 CPU threads",
		};
		char line[2048];
		int any = 0;

		/* A group only where some mode was measured. */
		snprintf(line, sizeof(line), "\"%s\"", label[k]);
		for (size_t j = 0; j < n; j++) {
			const struct sum_cell *c = NULL;
			struct stats_interval iv = { NAN, NAN, NAN };

			for (size_t i = 0; i < summary_ncells(s) && !c; i++) {
				const struct sum_cell *x = summary_cell(s, i);

				if (strcmp(x->workload, wl) == 0 &&
				    x->workers == k + 1 && x->n &&
				    in_series(x, &ser[j]))
					c = x;
			}
			if (c && c->metric_med > 0)
				iv = median_interval(c->metric, c->n);
			if (!isnan(iv.point) && iv.point > 0) {
				gb_appendf(line, sizeof(line), " ",
					   "%.6g %.6g %.6g", iv.point,
					   iv.lo > 0 ? iv.lo : iv.point, iv.hi);
				any = 1;
			} else {
				gb_appendf(line, sizeof(line), " ",
					   "NaN NaN NaN");
			}
		}
		if (any)
			fprintf(d, "%s\n", line);
	}
	close_checked(o, d);
}

/* The modes of wl's plain cells, in display order. */
static size_t modes_of(const struct summary *s, const char *wl,
		       struct line *out)
{
	size_t n = 0;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		int seen = 0;

		if (strcmp(c->workload, wl) || !c->n || !summary_plain(c))
			continue;
		for (size_t k = 0; k < n; k++)
			seen |= strcmp(out[k].mode, c->mode) == 0;
		if (seen || n == MAX_SERIES)
			continue;
		memset(&out[n], 0, sizeof(out[n]));
		snprintf(out[n].mode, sizeof(out[n].mode), "%s", c->mode);
		snprintf(out[n].title, sizeof(out[n].title), "%s", c->mode);
		out[n].switch_ms = NAN;
		out[n].wl = wl;
		n++;
	}
	return n;
}

/* Whether mode has a plain verified cell of wl with (tasks, size). */
static int has_cell(const struct summary *s, const char *wl,
		    const char *mode, uint64_t tasks, uint64_t size)
{
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (c->n && summary_plain(c) && c->tasks == tasks &&
		    c->size == size && strcmp(c->workload, wl) == 0 &&
		    strcmp(c->mode, mode) == 0)
			return 1;
	}
	return 0;
}

/* C6, C10: what starting a pool costs per worker, against workers, from
 * the empty workload (a do-nothing task: the pool is all there is). */
static void chart_startup(struct out *o, const struct summary *s,
			  const char *wl)
{
	struct line all[MAX_SERIES], ser[MAX_SERIES];
	size_t nall = modes_of(s, wl, all), n = 0;
	char xlist[256] = "";
	unsigned ws[64];
	size_t nws = 0;
	double max = 0, scale;
	struct plan p = { .script = "startup.gp", .name = "startup-per-worker",
			  .title = "starting a pool: time per worker",
			  .claims = CLAIMS_STARTUP, .topic = TOPIC_COST,
			  .ser = ser, .cores = summary_cores(s),
			  .xlist = xlist };
	uint64_t tasks, size;
	FILE *d;

	/* One series of cells: the start-up line's task count (the main
	 * series), not the dispatch line's. */
	if (summary_primary(s, wl, &tasks, &size, NULL))
		return;
	/* The pools only: seq starts nothing. */
	for (size_t k = 0; k < nall; k++)
		if (!is_baseline(all[k].mode) &&
		    has_cell(s, wl, all[k].mode, tasks, size))
			ser[n++] = all[k];
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		int seen = 0;

		if (strcmp(c->workload, wl) || !c->n || !summary_plain(c) ||
		    is_baseline(c->mode) || !c->workers ||
		    c->tasks != tasks || c->size != size)
			continue;
		if (c->startup_s / c->workers > max)
			max = c->startup_s / c->workers;
		for (size_t k = 0; k < nws; k++)
			seen |= ws[k] == c->workers;
		if (!seen && nws < GB_ARRAY_LEN(ws))
			ws[nws++] = c->workers;
	}
	if (!n || !(max > 0))
		return;
	for (size_t a = 0; a < nws; a++)
		for (size_t b = a + 1; b < nws; b++)
			if (ws[b] < ws[a]) {
				unsigned t = ws[a];

				ws[a] = ws[b];
				ws[b] = t;
			}
	for (size_t k = 0; k < nws; k++)
		gb_appendf(xlist, sizeof(xlist), " ", "%u", ws[k]);
	p.nser = n;
	p.yunit = time_unit(max, &scale);
	d = begin_chart(o, &p, "How long creating a pool took per worker "
			"(start-up until every worker is ready, over the "
			"number of workers), in %s on a log scale: threads "
			"share the parent's memory, fork copies its page "
			"tables, spawn starts the program afresh. From the "
			"empty workload, whose tasks do nothing. Error bars: "
			"95%% bootstrap interval of the median. Workers on a "
			"log scale.", p.yunit);
	if (!d)
		return;
	fprintf(d, "# workers startup_per_worker lo hi (%s), one block per "
		"series\n", p.yunit);
	for (size_t k = 0; k < n; k++) {
		fprintf(d, "%s# %s\n", k ? "\n\n" : "", ser[k].title);
		for (size_t i = 0; i < summary_ncells(s); i++) {
			const struct sum_cell *c = summary_cell(s, i);
			struct stats_interval iv;
			double f;

			if (strcmp(c->workload, wl) || !c->n ||
			    !summary_plain(c) || !c->workers ||
			    c->tasks != tasks || c->size != size ||
			    strcmp(c->mode, ser[k].mode))
				continue;
			iv = median_interval(c->startup, c->n);
			f = scale / c->workers;
			if (iv.point > 0)
				fprintf(d, "%u %.6g %.6g %.6g\n", c->workers,
					f * iv.point, f * (iv.lo > 0 ? iv.lo
							   : iv.point),
					f * iv.hi);
		}
	}
	close_checked(o, d);
}

/* C8: time per task against the size of each task's argument, from the
 * payload workload: copied through a pipe (fork) or not (threads,
 * fork-shm). One series per mode, the sizes on the x axis. */
static void chart_payload(struct out *o, const struct summary *s,
			  const char *wl)
{
	struct line ser[MAX_SERIES];
	size_t n = modes_of(s, wl, ser), sizes = 0;
	uint64_t seen_size[64];
	double max = 0, scale;
	struct plan p = { .script = "payload.gp", .name = "payload",
			  .title = "handing data to a worker: time per task "
				   "by size",
			  .claims = CLAIMS_PAYLOAD, .topic = TOPIC_COST,
			  .ser = ser, .nser = n, .cores = summary_cores(s) };
	FILE *d;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		int seen = 0;

		if (strcmp(c->workload, wl) || !c->n || !summary_plain(c) ||
		    !c->tasks)
			continue;
		if (c->median / c->tasks > max)
			max = c->median / c->tasks;
		for (size_t k = 0; k < sizes; k++)
			seen |= seen_size[k] == c->size;
		if (!seen && sizes < GB_ARRAY_LEN(seen_size))
			seen_size[sizes++] = c->size;
	}
	if (!n || sizes < 2 || !(max > 0))
		return;
	p.yunit = time_unit(max, &scale);
	d = begin_chart(o, &p, "How long one task took, in %s, against the "
			"size of the data handed to it (log scales): threads "
			"read it where it is, fork copies it through a pipe "
			"to the worker process, fork-shm lets the worker read "
			"it from shared memory. Median wall time over the "
			"tasks; error bars: 95%% bootstrap interval of the "
			"median.", p.yunit);
	if (!d)
		return;
	fprintf(d, "# bytes per_task lo hi (%s), one block per series\n",
		p.yunit);
	for (size_t k = 0; k < n; k++) {
		fprintf(d, "%s# %s\n", k ? "\n\n" : "", ser[k].title);
		for (size_t i = 0; i < summary_ncells(s); i++) {
			const struct sum_cell *c = summary_cell(s, i);
			struct stats_interval iv;
			double f;

			if (strcmp(c->workload, wl) || !c->n ||
			    !summary_plain(c) || !c->tasks ||
			    strcmp(c->mode, ser[k].mode))
				continue;
			iv = median_interval(c->wall, c->n);
			f = scale / (double)c->tasks;
			fprintf(d, "%llu %.6g %.6g %.6g\n",
				(unsigned long long)c->size, f * iv.point,
				f * iv.lo, f * iv.hi);
		}
	}
	close_checked(o, d);
}

int charts_write(const struct summary *s, const struct model *m,
		 const char *dir, struct chart *out, size_t max)
{
	struct out o = { .dir = dir, .charts = out, .max = max };
	const char *wls[MAX_WL], *cpu[MAX_WL];
	size_t nwl = summary_workloads(s, wls, MAX_WL), ncpu = 0;

	for (size_t w = 0; w < nwl; w++) {
		const struct sum_cell *c = NULL;
		uint64_t tasks, size;
		double latency;

		for (size_t i = 0; i < summary_ncells(s) && !c; i++)
			if (strcmp(summary_cell(s, i)->workload, wls[w]) == 0)
				c = summary_cell(s, i);
		if (!c || summary_primary(s, wls[w], &tasks, &size, &latency))
			continue;
		switch (c->kind) {
		case SUM_CONVOY:
			chart_convoy(&o, s, wls[w]);
			break;
		case SUM_IO:
			chart_io(&o, s, wls[w], tasks, size, latency,
				 CLAIMS_IO);
			break;
		case SUM_CPU:
		case SUM_NATIVE: {
			int nat = c->kind == SUM_NATIVE;

			cpu[ncpu++] = wls[w];
			chart_speedup(&o, s, wls[w], tasks, size,
				      nat ? CLAIMS_NATIVE : CLAIMS_CPU,
				      nat ? TOPIC_NATIVE : TOPIC_CPU);
			chart_wall(&o, s, wls[w], tasks, size,
				   nat ? CLAIMS_NATIVE : CLAIMS_CPU,
				   nat ? TOPIC_NATIVE : TOPIC_CPU);
			break;
		}
		case SUM_COST:
			/* Two of the cost measurements have a picture; the
			 * others (dispatch per task, a pool per batch) are
			 * judged by their claims' figures. */
			if (strcmp(wls[w], "empty") == 0)
				chart_startup(&o, s, wls[w]);
			else if (strcmp(wls[w], "payload") == 0)
				chart_payload(&o, s, wls[w]);
			break;
		default:
			break;
		}
	}
	chart_gil(&o, s, cpu, ncpu);
	o.n += charts_scale(m, dir, out + o.n, o.max - o.n, &o.err);
	return o.err ? o.err : (int)o.n;
}
