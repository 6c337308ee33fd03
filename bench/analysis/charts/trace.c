/*
 * charts/trace.c - see trace.h. Each writer puts every number the script
 * needs into the data file or the variables file (writer.c, as every
 * chart); the scripts only draw. The state and mark colours come from
 * bench/output/style.h.
 */
#include "bench/analysis/charts/trace.h"
#include "bench/analysis/model/modes.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"
#include "bench/output/style.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The states as a timeline draws them (LT_OFF is not drawn), then the
 * marks, in the data file's blocks after the three states. */
static const struct {
	const char *color, *glyph, *title;
} states[LT__NSTATES] = {
	[LT_RUN] = { STYLE_STATE_RUN, "\u25a0", "holds the GIL" },
	[LT_WAIT] = { STYLE_STATE_WAIT, "\u25a0", "waits for it" },
	[LT_BLOCK] = { STYLE_STATE_BLOCK, "\u25a0",
		       "I/O or native (GIL free)" },
};
static const struct {
	enum lt_ev ev;
	const char *color, *glyph, *title;
} marks[] = {
	{ LT_DROP_REQUEST, STYLE_MARK, "\u25bc", "drop request" },
	{ LT_FORCED_DROP, STYLE_MARK, "|", "forced drop" },
	{ LT_FUTILE, STYLE_MARK_FUTILE, "\u00d7", "futile wake-up" },
};

/* A legend entry of a chart without modes. */
static void key_add(struct chart *c, const char *color, const char *glyph,
		    const char *label)
{
	struct chart_key *k;

	if (c->nkey == CHART_LINES_MAX)
		return;
	k = &c->key[c->nkey++];
	memset(k, 0, sizeof(*k));
	k->color = color;
	k->glyph = glyph;
	snprintf(k->label, sizeof(k->label), "%s", label);
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

int chart_timeline(struct chart *c, const char *dir, const struct lt_rep *r,
		   const struct lt_window *w, const char *const *labels)
{
	struct runs st[LT__NSTATES] = { { 0 } };
	const double width = (double)(w->t1 - w->t0) / TIMELINE_COLUMNS;
	size_t nmarks[GB_ARRAY_LEN(marks)] = { 0 };
	struct chart_out o;
	char var[32];
	int rc;

	if (w->t1 <= w->t0)
		return -EINVAL;
	for (unsigned k = 0; k < r->nth; k++)
		row_columns(&r->th[k], w, k + 1, st);
	/* The marks first counted: no legend entry for one that never
	 * happens here. */
	for (size_t m = 0; m < GB_ARRAY_LEN(marks); m++)
		nmarks[m] = lt_count(r, marks[m].ev, w);
	rc = chart_begin(&o, dir, c, "timeline.gp");
	if (rc)
		return rc;
	chart_var(&o, "nthreads", "%u", r->nth);
	chart_var(&o, "window_ms", "%.6f", (double)(w->t1 - w->t0) / 1e6);
	for (unsigned k = 0; k < r->nth; k++) {
		snprintf(var, sizeof(var), "label_%u", k + 1);
		chart_var_str(&o, var, labels && labels[k] ? labels[k] : "");
	}
	for (int s = LT_RUN; s < LT__NSTATES; s++) {
		snprintf(var, sizeof(var), "state_color_%d", s);
		chart_var_str(&o, var, states[s].color);
		snprintf(var, sizeof(var), "state_title_%d", s);
		chart_var_str(&o, var, st[s].n ? states[s].title : "");
		key_add(c, states[s].color, states[s].glyph, states[s].title);
	}
	for (size_t m = 0; m < GB_ARRAY_LEN(marks); m++) {
		snprintf(var, sizeof(var), "mark_title_%zu", m + 1);
		chart_var_str(&o, var, nmarks[m] ? marks[m].title : "");
		snprintf(var, sizeof(var), "mark_color_%zu", m + 1);
		chart_var_str(&o, var, marks[m].color);
		key_add(c, marks[m].color, marks[m].glyph, marks[m].title);
	}
	if (chart_data(&o, "%s: thread row, from ms, to ms; blocks: %s, %s, "
		       "%s; then marks (ms, row): %s, %s, %s",
		       text_str(&c->title), states[LT_RUN].title,
		       states[LT_WAIT].title, states[LT_BLOCK].title,
		       marks[0].title, marks[1].title, marks[2].title)) {
		for (int s = LT_RUN; s < LT__NSTATES; s++) {
			chart_block(&o, (size_t)(s - LT_RUN), states[s].title);
			for (size_t i = 0; i < st[s].n; i++)
				fprintf(o.data, "%u %.6f %.6f\n", st[s].y[i],
					st[s].x[i][0], st[s].x[i][1]);
			/* An empty block: one point far outside the axes,
			 * so gnuplot has something to skip. */
			if (!st[s].n)
				fprintf(o.data, "1 -1e9 -1e9\n");
		}
		for (size_t m = 0; m < GB_ARRAY_LEN(marks); m++) {
			long last_col = -1;
			unsigned last_y = 0;
			size_t n = 0;

			chart_block(&o, 3 + m, marks[m].title);
			/* One mark per column and row: more would be one
			 * blot. */
			for (size_t i = 0; i < r->n; i++) {
				const struct lt_event *e = &r->ev[i];
				long col;

				if (e->ev != marks[m].ev || e->t < w->t0 ||
				    e->t > w->t1)
					continue;
				col = (long)((double)(e->t - w->t0) / width);
				if (col == last_col && e->thread + 1u == last_y)
					continue;
				last_col = col;
				last_y = e->thread + 1u;
				fprintf(o.data, "%.6f %u\n",
					(double)(e->t - w->t0) / 1e6,
					e->thread + 1u);
				n++;
			}
			if (!n)
				fprintf(o.data, "-1e9 1\n");
		}
	}
	for (int s = 0; s < LT__NSTATES; s++) {
		free(st[s].x);
		free(st[s].y);
	}
	return chart_end(&o);
}

/* Points of a CDF line: more would add nothing a reader can see. */
#define CDF_POINTS 400

int chart_cdf(struct chart *c, const char *dir, const char *xlabel,
	      const char *ylabel, const struct cdf_series *ser, size_t nser,
	      double mark_ms, const char *mark_label)
{
	double lo = INFINITY, hi = 0, **x = gb_xcalloc(nser + 1, sizeof(*x));
	struct chart_out o;
	int rc;

	for (size_t k = 0; k < nser; k++) {
		const struct cdf_series *s = &ser[k];

		x[k] = gb_xcalloc(s->n ? s->n : 1, sizeof(**x));
		memcpy(x[k], s->us, s->n * sizeof(**x));
		stats_sort(x[k], s->n);
		if (!s->n)
			continue;
		/* The axis starts at the fastest positive sample; a 0 (no
		 * wait at all) is drawn at its left end. */
		for (size_t i = 0; i < s->n; i++)
			if (x[k][i] > 0) {
				lo = fmin(lo, x[k][i]);
				break;
			}
		if (x[k][0] <= 0)
			lo = 0.1;
		hi = fmax(hi, x[k][s->n - 1]);
	}
	/* The axis from a power of ten below the fastest to one above the
	 * slowest (and the mark). */
	if (mark_ms > 0 && mark_ms * 1e3 > hi)
		hi = mark_ms * 1e3;
	if (!(lo < INFINITY) || lo <= 0)
		lo = 1;
	if (lo < 0.1)
		lo = 0.1;
	rc = chart_begin(&o, dir, c, "latcdf.gp");
	if (!rc) {
		chart_var(&o, "nseries", "%zu", nser);
		chart_var(&o, "xmin", "%g", pow(10, floor(log10(lo))));
		chart_var(&o, "xmax", "%g", pow(10, ceil(log10(hi > lo ? hi
							    : lo * 10))));
		chart_var(&o, "mark_us", "%g", mark_ms > 0 ? mark_ms * 1e3
			  : -1.0);
		chart_var_str(&o, "mark_label", mark_label ? mark_label : "");
		chart_var_str(&o, "xlabel_text", xlabel);
		chart_var_str(&o, "ylabel_text", ylabel);
		for (size_t k = 0; k < nser; k++)
			chart_line(&o, k, mode_look(ser[k].mode), ser[k].mode,
				   ser[k].title, ser[k].label, ser[k].variant);
	}
	if (!rc && chart_data(&o, "%s: latency us, share of samples at most "
			      "that long; a block per series",
			      text_str(&c->title))) {
		for (size_t k = 0; k < nser; k++) {
			size_t n = ser[k].n;
			char head[160];

			snprintf(head, sizeof(head), "%s (%zu round trips)",
				 ser[k].title, n);
			chart_block(&o, k, head);
			if (!n)
				fprintf(o.data, "-1 -1\n");
			/* Evenly spaced in rank, plus the last (the
			 * maximum). */
			for (size_t p = 0; n && p <= CDF_POINTS; p++) {
				size_t i = (size_t)((double)p / CDF_POINTS *
						    (double)(n - 1));

				fprintf(o.data, "%.6g %.6f\n", x[k][i],
					(i + 1.0) / (double)n);
			}
		}
	}
	for (size_t k = 0; k < nser; k++)
		free(x[k]);
	free(x);
	return rc ? rc : chart_end(&o);
}

int chart_policy(struct chart *c, const char *dir,
		 const struct policy_bar *bars, size_t n)
{
	struct chart_out o;
	int rc = chart_begin(&o, dir, c, "policy.gp");

	if (rc)
		return rc;
	chart_var(&o, "nbars", "%zu", n);
	for (size_t i = 0; i < n; i++)
		chart_line(&o, i, mode_look(bars[i].mode), bars[i].mode,
			   bars[i].title, bars[i].label, bars[i].variant);
	if (chart_data(&o, "%s\n# label, I/O round trips/s alone, beside one "
		       "CPU thread, the CPU thread's work (million terms/s)",
		       text_str(&c->title)))
		for (size_t i = 0; i < n; i++)
			fprintf(o.data, "\"%s\" %.6g %.6g %.6g\n",
				bars[i].title, bars[i].io_alone,
				bars[i].io_beside, bars[i].cpu_work);
	return chart_end(&o);
}
