/*
 * charts.c - see charts.h. One function per kind of chart; each decides
 * whether the run has data for it, writes NAME.dat (gnuplot data blocks,
 * two blank lines between series) and NAME.vars.gp, and describes it.
 */
#include "bench/analysis/charts.h"
#include "bench/core/util.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define MAX_SERIES 32
#define MAX_WL 64

/* One line of a chart: a mode at one switch interval, in one workload
 * series (tasks and size; any tasks when any_tasks). */
struct series {
	char mode[64];
	double switch_ms;
	char title[96];
	const char *wl;
	uint64_t tasks, size;
};

struct out {
	const char *dir;
	struct chart *charts;
	size_t n, max;
	int err;
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

/* Start a chart: the variables file, with the series titles. Returns
 * the data file, or NULL (o->err set) on failure. */
static FILE *begin_chart(struct out *o, const char *script, const char *name,
			 const char *title, const struct series *ser,
			 size_t nser, long cores, const char *caption_fmt, ...)
	__attribute__((format(printf, 8, 9)));
static FILE *begin_chart(struct out *o, const char *script, const char *name,
			 const char *title, const struct series *ser,
			 size_t nser, long cores, const char *caption_fmt, ...)
{
	struct chart *c;
	va_list ap;
	FILE *v, *d;

	if (o->n >= o->max)
		return NULL;
	v = open_in(o, name, ".vars.gp");
	if (!v)
		return NULL;
	fprintf(v, "# Written by bin/bench summarize: the variables of one "
		"chart.\n# Drawn by scripts/plots.sh: gnuplot %s.vars.gp "
		"plots/%s\n", name, script);
	fputs("script = ", v);
	gp_str(v, script);
	fputs("\ndatafile = ", v);
	gp_str(v, name);
	fputs(" . \".dat\"\nout = ", v);
	gp_str(v, name);
	fputs("\nchart_title = ", v);
	gp_str(v, title);
	fprintf(v, "\ncores = %ld\nnseries = %zu\n", cores > 0 ? cores : 1,
		nser);
	for (size_t i = 0; i < nser; i++) {
		fprintf(v, "title_%zu = ", i + 1);
		gp_str(v, ser[i].title);
		fputc('\n', v);
	}
	if (close_checked(o, v))
		return NULL;
	d = open_in(o, name, ".dat");
	if (!d)
		return NULL;
	c = &o->charts[o->n++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	snprintf(c->script, sizeof(c->script), "%s", script);
	snprintf(c->title, sizeof(c->title), "%s", title);
	va_start(ap, caption_fmt);
	vsnprintf(c->caption, sizeof(c->caption), caption_fmt, ap);
	va_end(ap);
	return d;
}

static void series_title(struct series *s)
{
	if (isnan(s->switch_ms) || s->switch_ms == 5.0)
		snprintf(s->title, sizeof(s->title), "%s", s->mode);
	else
		snprintf(s->title, sizeof(s->title), "%s (%g ms)", s->mode,
			 s->switch_ms);
	if (summary_foreign_label(s->mode))
		gb_appendf(s->title, sizeof(s->title), " ", "(%s)",
			   summary_foreign_label(s->mode));
}

/* The (mode, switch) pairs of wl's cells with (tasks, size), in display
 * order, that accept() takes. */
static size_t collect_series(const struct summary *s, const char *wl,
			     uint64_t tasks, uint64_t size, int any_tasks,
			     int (*accept)(const struct sum_cell *),
			     struct series *out)
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
				((isnan(out[k].switch_ms) &&
				  isnan(c->switch_ms)) ||
				 out[k].switch_ms == c->switch_ms);
		if (seen || n == MAX_SERIES)
			continue;
		snprintf(out[n].mode, sizeof(out[n].mode), "%s", c->mode);
		out[n].switch_ms = c->switch_ms;
		out[n].wl = wl;
		out[n].tasks = tasks;
		out[n].size = size;
		series_title(&out[n]);
		n++;
	}
	return n;
}

static int in_series(const struct sum_cell *c, const struct series *s)
{
	return strcmp(c->mode, s->mode) == 0 &&
	       ((isnan(c->switch_ms) && isnan(s->switch_ms)) ||
		c->switch_ms == s->switch_ms);
}

/* One data block per series, two blank lines apart: a line per cell of
 * the series that row() prints (it returns 0 to leave a cell out). */
static void write_blocks(FILE *d, const struct summary *s,
			 const struct series *ser, size_t n,
			 int (*row)(FILE *d, const struct sum_cell *c))
{
	for (size_t k = 0; k < n; k++) {
		fprintf(d, "%s# %s\n", k ? "\n\n" : "", ser[k].title);
		for (size_t i = 0; i < summary_ncells(s); i++) {
			const struct sum_cell *c = summary_cell(s, i);

			if (c->n && strcmp(c->workload, ser[k].wl) == 0 &&
			    summary_plain(c) && c->tasks == ser[k].tasks &&
			    c->size == ser[k].size && in_series(c, &ser[k]))
				row(d, c);
		}
	}
}

static int row_speedup(FILE *d, const struct sum_cell *c)
{
	if (isnan(c->speedup.point))
		return 0;
	return fprintf(d, "%u %.6g %.6g %.6g\n", c->workers, c->speedup.point,
		       c->speedup.lo, c->speedup.hi);
}

static int row_wall(FILE *d, const struct sum_cell *c)
{
	return fprintf(d, "%u %.6g %.6g %.6g\n", c->workers, c->median,
		       c->min, c->max);
}

static int row_gil(FILE *d, const struct sum_cell *c)
{
	if (isnan(c->gil_share))
		return 0;
	return fprintf(d, "%u %.6g\n", c->workers, 100 * c->gil_share);
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
	return !isnan(c->gil_share) &&
	       (isnan(c->switch_ms) || c->switch_ms == 5.0);
}

static int accept_rate(const struct sum_cell *c)
{
	return c->metric_name[0] && !isnan(c->metric_med);
}

/* Speedup against workers for one CPU workload. */
static void chart_speedup(struct out *o, const struct summary *s,
			  const char *wl, uint64_t tasks, uint64_t size)
{
	struct series ser[MAX_SERIES];
	size_t n = collect_series(s, wl, tasks, size, 0, accept_speedup, ser);
	char name[96], title[160];
	long cores = summary_cores(s);
	FILE *d;

	if (!n)
		return;
	snprintf(name, sizeof(name), "speedup-%s", wl);
	snprintf(title, sizeof(title), "%s: speedup over seq against workers "
		 "(%ld cores)", wl, cores);
	d = begin_chart(o, "speedup.gp", name, title, ser, n, cores,
			"Speedup of each mode over seq (ratio of median wall "
			"times) for %s, %llu tasks x size %llu, against the "
			"number of workers. Bars: 95%% bootstrap interval. "
			"Dashed: the ideal, min(workers, cores); dotted: no "
			"speedup (1x); the vertical line marks the %ld cores.",
			wl, (unsigned long long)tasks,
			(unsigned long long)size, cores);
	if (!d)
		return;
	fprintf(d, "# workers speedup lo hi, one block per series\n");
	write_blocks(d, s, ser, n, row_speedup);
	close_checked(o, d);
}

/* Wall time per mode at W = cores (seq at 1), min-max bars. */
static void chart_wall(struct out *o, const struct summary *s,
		       const char *wl, uint64_t tasks, uint64_t size)
{
	struct series ser[MAX_SERIES];
	size_t n = collect_series(s, wl, tasks, size, 0, accept_any, ser);
	long cores = summary_cores(s);
	char name[96], title[160];
	size_t rows = 0;
	FILE *d;

	if (n < 2)
		return;
	snprintf(name, sizeof(name), "wall-%s", wl);
	snprintf(title, sizeof(title), "%s: wall time per mode at %ld "
		 "workers", wl, cores);
	d = begin_chart(o, "wall.gp", name, title, NULL, 0, cores,
			"Median wall time of %s (%llu tasks x size %llu) in "
			"each mode with as many workers as cores (%ld; seq "
			"uses one). Bars: fastest to slowest repetition.",
			wl, (unsigned long long)tasks,
			(unsigned long long)size, cores);
	if (!d)
		return;
	fprintf(d, "# mode median_s min_s max_s\n");
	for (size_t k = 0; k < n; k++) {
		const struct sum_cell *c = NULL;

		for (long w = cores > 0 ? cores : 1; w >= 1 && !c; w--)
			c = summary_find(s, wl, ser[k].mode,
					 is_baseline(ser[k].mode) ? 1
					 : (unsigned)w, tasks, size,
					 ser[k].switch_ms);
		if (!c || !c->n)
			continue;
		gp_str(d, ser[k].title);
		fprintf(d, " %.6g %.6g %.6g\n", c->median, c->min, c->max);
		rows++;
	}
	close_checked(o, d);
	if (!rows)
		o->n--;
}

/* I/O wall time against workers, with the perfect-overlap line. */
static void chart_io(struct out *o, const struct summary *s, const char *wl,
		     uint64_t tasks, uint64_t size)
{
	struct series ser[MAX_SERIES + 1];
	size_t n = collect_series(s, wl, tasks, size, 0, accept_any, ser);
	double latency = NAN;
	unsigned ws[256];
	size_t nw = 0;
	char name[96], title[160];
	FILE *d;

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);
		int seen = 0;

		if (strcmp(c->workload, wl) || c->tasks != tasks ||
		    c->size != size || !c->n)
			continue;
		if (!isnan(c->latency_ms))
			latency = c->latency_ms;
		for (size_t k = 0; k < nw; k++)
			seen |= ws[k] == c->workers;
		if (!seen && nw < GB_ARRAY_LEN(ws))
			ws[nw++] = c->workers;
	}
	if (!n || isnan(latency))
		return;
	/* The reference line is the last series. */
	snprintf(ser[n].title, sizeof(ser[n].title), "perfect overlap");
	snprintf(name, sizeof(name), "io-%s", wl);
	snprintf(title, sizeof(title), "%s: wall time against workers, %llu "
		 "tasks of %g ms", wl, (unsigned long long)tasks, latency);
	d = begin_chart(o, "io.gp", name, title, ser, n + 1,
			summary_cores(s),
			"Median wall time of %llu %s tasks of %g ms each "
			"against the number of workers (log scales), per mode; "
			"bars: fastest to slowest repetition. The black line "
			"is what perfect overlap would give: ceil(tasks / "
			"workers) x latency.", (unsigned long long)tasks, wl,
			latency);
	if (!d)
		return;
	fprintf(d, "# workers median_s min_s max_s, one block per series\n");
	write_blocks(d, s, ser, n, row_wall);
	fprintf(d, "\n\n# %s\n", ser[n].title);
	/* Sorted worker counts, so the line runs left to right. */
	for (size_t a = 0; a < nw; a++)
		for (size_t b = a + 1; b < nw; b++)
			if (ws[b] < ws[a]) {
				unsigned t = ws[a];
				ws[a] = ws[b];
				ws[b] = t;
			}
	for (size_t k = 0; k < nw; k++) {
		double ideal = ceil((double)tasks / ws[k]) * latency / 1000;

		fprintf(d, "%u %.6g %.6g %.6g\n", ws[k], ideal, ideal, ideal);
	}
	close_checked(o, d);
}

/* The share of thread time spent waiting for the GIL, per workers. */
static void chart_gil(struct out *o, const struct summary *s,
		      const char **wls, size_t nwl)
{
	struct series ser[MAX_SERIES];
	size_t n = 0;
	FILE *d;

	for (size_t w = 0; w < nwl && n < MAX_SERIES; w++) {
		struct series one[MAX_SERIES];
		uint64_t tasks, size;
		size_t k;

		if (summary_primary(s, wls[w], &tasks, &size))
			continue;
		k = collect_series(s, wls[w], tasks, size, 0, accept_gil, one);
		for (size_t i = 0; i < k && n < MAX_SERIES; i++) {
			ser[n] = one[i];
			snprintf(ser[n].title, sizeof(ser[n].title), "%.40s, %.40s",
				 wls[w], one[i].mode);
			n++;
		}
	}
	if (!n)
		return;
	d = begin_chart(o, "gilwait.gp", "gil-wait", "Time threads spent "
			"waiting for the GIL, against workers", ser, n,
			summary_cores(s),
			"Share of the threads' time spent waiting for the "
			"simulated GIL (gil_wait_s / (wall x workers), median "
			"of the repetitions), per CPU workload and GIL mode, "
			"at the default 5 ms switch interval.");
	if (!d)
		return;
	fprintf(d, "# workers wait_share_percent, one block per series\n");
	write_blocks(d, s, ser, n, row_gil);
	close_checked(o, d);
}

/* Round trips per second of the I/O thread beside 0, 1, 2 CPU threads. */
static void chart_convoy(struct out *o, const struct summary *s,
			 const char *wl)
{
	struct series ser[MAX_SERIES];
	size_t n = collect_series(s, wl, 0, 0, 1, accept_rate, ser);
	char name[96], title[160];
	FILE *d;

	if (!n)
		return;
	snprintf(name, sizeof(name), "convoy-%s", wl);
	snprintf(title, sizeof(title), "%s: I/O round trips per second beside "
		 "CPU-bound threads", wl);
	d = begin_chart(o, "convoy.gp", name, title, ser, n,
			summary_cores(s),
			"Blocking round trips per second made by one I/O "
			"thread while 0, 1 or 2 CPU-bound threads (or "
			"processes, in fork) run beside it, per mode (median "
			"of the repetitions; log scale). Under a GIL the I/O "
			"thread waits about one switch interval per blocking "
			"call.");
	if (!d)
		return;
	fprintf(d, "# cpu_threads, then one column per series "
		"(round trips per second; NaN: not measured)\n");
	for (unsigned k = 0; k < 3; k++) {
		fprintf(d, "%u", k);
		for (size_t j = 0; j < n; j++) {
			const struct sum_cell *c = NULL;

			for (size_t i = 0; i < summary_ncells(s) && !c; i++) {
				const struct sum_cell *x = summary_cell(s, i);

				if (strcmp(x->workload, wl) == 0 &&
				    x->workers == k + 1 && x->n &&
				    in_series(x, &ser[j]))
					c = x;
			}
			if (c && c->metric_med > 0)
				fprintf(d, " %.6g", c->metric_med);
			else
				fputs(" NaN", d);
		}
		fputc('\n', d);
	}
	close_checked(o, d);
}

int charts_write(const struct summary *s, const char *dir,
		 struct chart *out, size_t max)
{
	struct out o = { .dir = dir, .charts = out, .max = max };
	const char *wls[MAX_WL], *cpu[MAX_WL];
	size_t nwl = summary_workloads(s, wls, MAX_WL), ncpu = 0;

	for (size_t w = 0; w < nwl; w++) {
		const struct sum_cell *c = NULL;
		uint64_t tasks, size;

		for (size_t i = 0; i < summary_ncells(s) && !c; i++)
			if (strcmp(summary_cell(s, i)->workload, wls[w]) == 0)
				c = summary_cell(s, i);
		if (!c || summary_primary(s, wls[w], &tasks, &size))
			continue;
		switch (c->kind) {
		case SUM_CONVOY:
			chart_convoy(&o, s, wls[w]);
			break;
		case SUM_IO:
			chart_io(&o, s, wls[w], tasks, size);
			break;
		case SUM_CPU:
		case SUM_NATIVE:
			cpu[ncpu++] = wls[w];
			chart_speedup(&o, s, wls[w], tasks, size);
			chart_wall(&o, s, wls[w], tasks, size);
			break;
		default:
			/* The cost measurements (us_per_task, lost_updates)
			 * are judged by the claims, not charted by series. */
			break;
		}
	}
	chart_gil(&o, s, cpu, ncpu);
	return o.err ? o.err : (int)o.n;
}
