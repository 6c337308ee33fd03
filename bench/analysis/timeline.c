/*
 * timeline.c - see timeline.h. Each writer puts every number the script
 * needs into the data file or the variables file; the scripts only draw.
 * The state and mark colours come from bench/output/style.h.
 */
#include "bench/analysis/timeline.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"
#include "bench/output/style.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const timeline_state_color[LT__NSTATES] = {
	[LT_OFF] = "#ffffff",
	[LT_RUN] = STYLE_STATE_RUN,
	[LT_WAIT] = STYLE_STATE_WAIT,
	[LT_BLOCK] = STYLE_STATE_BLOCK,
};

const char *const timeline_state_title[LT__NSTATES] = {
	[LT_OFF] = "",
	[LT_RUN] = "holds the GIL",
	[LT_WAIT] = "waits for it",
	[LT_BLOCK] = "I/O or native (GIL free)",
};

/* The marks, in the data file's blocks after the three states. */
static const enum lt_ev marks[] = { LT_DROP_REQUEST, LT_FORCED_DROP,
				    LT_FUTILE };
static const char *const mark_title[] = { "drop request", "forced drop",
					  "futile wake-up" };
static const char *const mark_color[] = { STYLE_MARK, STYLE_MARK,
					  STYLE_MARK_FUTILE };

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

static void gp_var(FILE *f, const char *name, const char *val)
{
	fprintf(f, "%s = ", name);
	gp_str(f, val);
	fputc('\n', f);
}

static FILE *open_in(const char *dir, const char *name, const char *ext)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/%s%s", dir, name, ext);
	return fopen(path, "w");
}

static int close_checked(FILE *f)
{
	int bad = ferror(f);

	return fclose(f) || bad ? -EIO : 0;
}

/* The variables every chart of this file starts with. */
static FILE *begin_vars(const char *dir, const char *name,
			const char *script, const char *title)
{
	FILE *v = open_in(dir, name, ".vars.gp");

	if (!v)
		return NULL;
	fprintf(v, "# Written by bin/bench summarize: the variables of one "
		"chart.\n# Drawn by scripts/plots.sh: gnuplot %s.vars.gp "
		"plots/%s\n", name, script);
	gp_var(v, "script", script);
	fprintf(v, "datafile = \"%s.dat\"\n", name);
	gp_var(v, "out", name);
	gp_var(v, "chart_title", title);
	return v;
}

/* One thread's row: the time each state took in each column, then the
 * state that took most, run-length coded into the state's list. */
struct runs {
	double (*x)[2];		/* ms from the window's start */
	unsigned *y;
	size_t n, cap;
};

static void runs_add(struct runs *r, unsigned y, double x0, double x1)
{
	if (r->n && r->y[r->n - 1] == y && r->x[r->n - 1][1] == x0) {
		r->x[r->n - 1][1] = x1;
		return;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->x = gb_xrealloc(r->x, r->cap, sizeof(*r->x));
		r->y = gb_xrealloc(r->y, r->cap, sizeof(*r->y));
	}
	r->x[r->n][0] = x0;
	r->x[r->n][1] = x1;
	r->y[r->n++] = y;
}

static void row_columns(const struct lt_thread *th, const struct lt_window *w,
			unsigned y, struct runs *out)
{
	const double width = (double)(w->t1 - w->t0) / TIMELINE_COLUMNS;
	double (*acc)[LT__NSTATES] = gb_xcalloc(TIMELINE_COLUMNS,
						sizeof(*acc));

	for (size_t i = 0; i < th->nspans; i++) {
		const struct lt_span *sp = &th->spans[i];
		double a, b;
		size_t c0, c1;

		if (sp->t1 <= w->t0 || sp->t0 >= w->t1)
			continue;
		a = (double)((sp->t0 > w->t0 ? sp->t0 : w->t0) - w->t0);
		b = (double)((sp->t1 < w->t1 ? sp->t1 : w->t1) - w->t0);
		c0 = (size_t)(a / width);
		c1 = (size_t)(b / width);
		if (c1 >= TIMELINE_COLUMNS)
			c1 = TIMELINE_COLUMNS - 1;
		for (size_t c = c0; c <= c1 && c < TIMELINE_COLUMNS; c++) {
			double lo = c * width, hi = lo + width;
			double in = (b < hi ? b : hi) - (a > lo ? a : lo);

			if (in > 0)
				acc[c][sp->state] += in;
		}
	}
	for (size_t c = 0; c < TIMELINE_COLUMNS; c++) {
		enum lt_state best = LT_OFF;
		double most = 0;

		for (int s = LT_RUN; s < LT__NSTATES; s++)
			if (acc[c][s] > most) {
				most = acc[c][s];
				best = (enum lt_state)s;
			}
		/* A column mostly empty (before the thread's first event
		 * or after its last) stays empty. */
		if (best == LT_OFF || most < width / 2)
			continue;
		runs_add(&out[best], y, c * width / 1e6, (c + 1) * width / 1e6);
	}
	free(acc);
}

int timeline_write(const struct lt_rep *r, const struct lt_window *w,
		   const char *dir, const char *name, const char *title,
		   const char *const *labels)
{
	struct runs st[LT__NSTATES] = { { 0 } };
	const double width = (double)(w->t1 - w->t0) / TIMELINE_COLUMNS;
	size_t nmarks[GB_ARRAY_LEN(marks)] = { 0 }, nstate[LT__NSTATES] = { 0 };
	FILE *v, *d;
	int rc;

	if (w->t1 <= w->t0)
		return -EINVAL;
	for (unsigned k = 0; k < r->nth; k++)
		row_columns(&r->th[k], w, k + 1, st);
	d = open_in(dir, name, ".dat");
	if (!d)
		return -errno;
	fprintf(d, "# %s: thread row, from ms, to ms; blocks: %s, %s, %s; "
		"then marks (ms, row): %s, %s, %s\n", title,
		timeline_state_title[LT_RUN], timeline_state_title[LT_WAIT],
		timeline_state_title[LT_BLOCK], mark_title[0], mark_title[1],
		mark_title[2]);
	for (int s = LT_RUN; s < LT__NSTATES; s++) {
		nstate[s] = st[s].n;
		fprintf(d, "%s# %s\n", s > LT_RUN ? "\n\n" : "",
			timeline_state_title[s]);
		for (size_t i = 0; i < st[s].n; i++)
			fprintf(d, "%u %.6f %.6f\n", st[s].y[i], st[s].x[i][0],
				st[s].x[i][1]);
		/* An empty block: one point far outside the axes, so gnuplot
		 * has something to skip. */
		if (!st[s].n)
			fprintf(d, "1 -1e9 -1e9\n");
		free(st[s].x);
		free(st[s].y);
	}
	for (size_t m = 0; m < GB_ARRAY_LEN(marks); m++) {
		long last_col = -1;
		unsigned last_y = 0;

		fprintf(d, "\n\n# %s\n", mark_title[m]);
		/* One mark per column and row: more would be one blot. */
		for (size_t i = 0; i < r->n; i++) {
			const struct lt_event *e = &r->ev[i];
			long col;

			if (e->ev != marks[m] || e->t < w->t0 || e->t > w->t1)
				continue;
			col = (long)((double)(e->t - w->t0) / width);
			if (col == last_col && e->thread + 1u == last_y)
				continue;
			last_col = col;
			last_y = e->thread + 1u;
			fprintf(d, "%.6f %u\n", (double)(e->t - w->t0) / 1e6,
				e->thread + 1u);
			nmarks[m]++;
		}
		if (!nmarks[m])
			fprintf(d, "-1e9 1\n");
	}
	rc = close_checked(d);
	if (rc)
		return rc;

	v = begin_vars(dir, name, "timeline.gp", title);
	if (!v)
		return -errno;
	fprintf(v, "nthreads = %u\nwindow_ms = %.6f\n", r->nth,
		(double)(w->t1 - w->t0) / 1e6);
	for (unsigned k = 0; k < r->nth; k++) {
		char var[32];

		snprintf(var, sizeof(var), "label_%u", k + 1);
		gp_var(v, var, labels && labels[k] ? labels[k] : "");
	}
	for (int s = LT_RUN; s < LT__NSTATES; s++) {
		char var[32];

		snprintf(var, sizeof(var), "state_color_%d", s);
		gp_var(v, var, timeline_state_color[s]);
		/* No key entry for a state that never shows here. */
		snprintf(var, sizeof(var), "state_title_%d", s);
		gp_var(v, var, nstate[s] ? timeline_state_title[s] : "");
	}
	for (size_t m = 0; m < GB_ARRAY_LEN(marks); m++) {
		char var[32];

		/* No key entry for a mark that never happens here. */
		snprintf(var, sizeof(var), "mark_title_%zu", m + 1);
		gp_var(v, var, nmarks[m] ? mark_title[m] : "");
		snprintf(var, sizeof(var), "mark_color_%zu", m + 1);
		gp_var(v, var, mark_color[m]);
	}
	return close_checked(v);
}

/* Points of a CDF line: more would add nothing a reader can see. */
#define CDF_POINTS 400

int cdf_write(const char *dir, const char *name, const char *title,
	      const char *xlabel, const char *ylabel,
	      struct cdf_series *ser, size_t nser, double mark_ms,
	      const char *mark_label)
{
	FILE *v, *d = open_in(dir, name, ".dat");
	double lo = INFINITY, hi = 0;
	int rc;

	if (!d)
		return -errno;
	fprintf(d, "# %s: latency us, share of samples at most that long; "
		"a block per series\n", title);
	for (size_t k = 0; k < nser; k++) {
		struct cdf_series *s = &ser[k];
		double *x = gb_xcalloc(s->n ? s->n : 1, sizeof(*x));

		memcpy(x, s->us, s->n * sizeof(*x));
		stats_sort(x, s->n);
		fprintf(d, "%s# %s (%zu round trips)\n", k ? "\n\n" : "",
			s->title, s->n);
		if (!s->n)
			fprintf(d, "-1 -1\n");
		/* Evenly spaced in rank, plus the last (the maximum). */
		for (size_t p = 0; s->n && p <= CDF_POINTS; p++) {
			size_t i = (size_t)((double)p / CDF_POINTS *
					    (double)(s->n - 1));

			fprintf(d, "%.6g %.6f\n", x[i], (i + 1.0) / s->n);
		}
		if (s->n) {
			/* The axis starts at the fastest positive sample; a
			 * 0 (no wait at all) is drawn at its left end. */
			for (size_t i = 0; i < s->n; i++)
				if (x[i] > 0) {
					if (x[i] < lo)
						lo = x[i];
					break;
				}
			if (x[0] <= 0)
				lo = 0.1;
			if (x[s->n - 1] > hi)
				hi = x[s->n - 1];
		}
		free(x);
	}
	rc = close_checked(d);
	if (rc)
		return rc;
	v = begin_vars(dir, name, "latcdf.gp", title);
	if (!v)
		return -errno;
	/* The axis from a power of ten below the fastest to one above the
	 * slowest (and the mark). */
	if (mark_ms > 0 && mark_ms * 1e3 > hi)
		hi = mark_ms * 1e3;
	if (!(lo < INFINITY) || lo <= 0)
		lo = 1;
	if (lo < 0.1)
		lo = 0.1;
	fprintf(v, "nseries = %zu\nxmin = %g\nxmax = %g\nmark_us = %g\n",
		nser, pow(10, floor(log10(lo))), pow(10, ceil(log10(hi > lo ?
		hi : lo * 10))), mark_ms > 0 ? mark_ms * 1e3 : -1.0);
	gp_var(v, "mark_label", mark_label ? mark_label : "");
	gp_var(v, "xlabel_text", xlabel);
	gp_var(v, "ylabel_text", ylabel);
	for (size_t k = 0; k < nser; k++) {
		char var[32];

		snprintf(var, sizeof(var), "title_%zu", k + 1);
		gp_var(v, var, ser[k].title);
		snprintf(var, sizeof(var), "color_%zu", k + 1);
		gp_var(v, var, ser[k].color);
		fprintf(v, "variant_%zu = %d\n", k + 1, ser[k].variant);
	}
	return close_checked(v);
}

int policy_write(const char *dir, const char *name, const char *title,
		 const struct policy_bar *bars, size_t n)
{
	FILE *v, *d = open_in(dir, name, ".dat");
	int rc;

	if (!d)
		return -errno;
	fprintf(d, "# %s\n# label, I/O round trips/s alone, beside one CPU "
		"thread, the CPU thread's work (million terms/s)\n", title);
	for (size_t i = 0; i < n; i++)
		fprintf(d, "\"%s\" %.6g %.6g %.6g\n", bars[i].label,
			bars[i].io_alone, bars[i].io_beside, bars[i].cpu_work);
	rc = close_checked(d);
	if (rc)
		return rc;
	v = begin_vars(dir, name, "policy.gp", title);
	if (!v)
		return -errno;
	fprintf(v, "nbars = %zu\n", n);
	for (size_t i = 0; i < n; i++) {
		char var[32];

		snprintf(var, sizeof(var), "label_%zu", i + 1);
		gp_var(v, var, bars[i].label);
		snprintf(var, sizeof(var), "color_%zu", i + 1);
		gp_var(v, var, bars[i].color);
		fprintf(v, "variant_%zu = %d\n", i + 1, bars[i].variant);
	}
	return close_checked(v);
}
