/*
 * charts/charts.c - see chart.h: the charts drawn from the model, as one
 * table (specs[] at the bottom). Each entry says for which workloads it
 * is drawn, which cells it reads (a workload's main series, its sweep,
 * every size of it, the main series of every workload of its kind),
 * what its x and y are, which lines it draws and how its caption reads;
 * one function (draw) turns any entry into its two files.
 *
 *   SHAPE_XY      a block per line, "x y lo hi [paired]"
 *   SHAPE_BARS    a row per line, "label y lo hi" (one cell each)
 *   SHAPE_GROUPS  a row per x, "label y1 lo1 hi1 y2 lo2 hi2 ..."
 */
#include "bench/analysis/charts/charts.h"
#include "bench/analysis/model/modes.h"
#include "bench/analysis/model/sweep.h"
#include "bench/core/util.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One line of a chart: a mode with its options (and a workload, for a
 * chart over several). */
struct line {
	const struct cell *first;	/* its key: mode and options */
	const char *workload;		/* NULL: the chart's one */
	char title[96];		/* in the chart's legend */
	char label[128];	/* in the report's: with the interpreter */
	int variant;
	int paired, unpaired;	/* SHAPE_XY speedups: has such points */
};

static int same_line(const struct cell *c, const struct line *l)
{
	const struct bench_row *a = &c->key, *b = &l->first->key;

	return strcmp(a->mode, b->mode) == 0 &&
	       ((isnan(a->switch_ms) && isnan(b->switch_ms)) ||
		a->switch_ms == b->switch_ms) &&
	       strcmp(a->gil_policy, b->gil_policy) == 0 &&
	       a->check_interval == b->check_interval &&
	       (!l->workload || strcmp(a->workload, l->workload) == 0);
}

static int default_switch(double ms)
{
	return isnan(ms) || ms == MODEL_DEFAULT_SWITCH_MS;
}

/* Titles and variants once a chart's lines are known: a mode drawn at
 * several switch intervals says each (the default one too) and draws
 * the others dashed or hatched; one at a single, non-default interval
 * says it. CPython's rows say so. */
static void name_lines(struct line *ls, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct line *l = &ls[i];
		const char *mode = l->first->key.mode;
		double sw = l->first->key.switch_ms;
		size_t same = 0, before = 0;
		int def_first = 0;

		for (size_t k = 0; k < n; k++) {
			if (strcmp(ls[k].first->key.mode, mode) ||
			    (l->workload && strcmp(ls[k].workload, l->workload)))
				continue;
			same++;
			def_first |= default_switch(ls[k].first->key.switch_ms);
			if (k < i && !default_switch(ls[k].first->key.switch_ms))
				before++;
		}
		if (l->workload)
			snprintf(l->title, sizeof(l->title), "%.40s, %.40s",
				 mode, l->workload);
		else if (same > 1 || !default_switch(sw))
			snprintf(l->title, sizeof(l->title), "%s, %g ms", mode,
				 isnan(sw) ? MODEL_DEFAULT_SWITCH_MS : sw);
		else
			snprintf(l->title, sizeof(l->title), "%s", mode);
		/* The legend in the report says it all; the chart's own
		 * stays short enough for three columns. */
		snprintf(l->label, sizeof(l->label), "%s", l->title);
		if (!l->workload && (same > 1 || !default_switch(sw)))
			gb_appendf(l->label, sizeof(l->label), "", " switch "
				   "interval");
		if (mode_interpreter(mode))
			gb_appendf(l->label, sizeof(l->label), " ", "(%s)",
				   mode_interpreter(mode));
		/* The default interval is the plain look; the others follow
		 * in the order of their intervals. A mode's other workloads
		 * (the GIL chart) likewise. */
		if (l->workload) {
			for (size_t k = 0; k < i; k++)
				l->variant += strcmp(ls[k].first->key.mode,
						     mode) == 0;
		} else {
			l->variant = default_switch(sw) ? 0
				     : (int)before + (def_first ? 1 : 0);
		}
	}
}

/* Whether a line sorts before another: the display order of the modes,
 * a mode's switch intervals from the shortest up. */
static int line_before(const struct line *a, const struct line *b)
{
	int d = mode_rank(a->first->key.mode) - mode_rank(b->first->key.mode);
	double x = a->first->key.switch_ms, y = b->first->key.switch_ms;

	if (d)
		return d < 0;
	return !isnan(x) && (isnan(y) || x < y);
}

/* ---- the cells a chart reads ---- */

static void take_series(struct ctx *x, const struct series *s)
{
	for (size_t i = 0; s && i < s->n && x->n < GB_ARRAY_LEN(x->cells);
	     i++)
		if (s->cells[i]->n && !cell_is_variant(s->cells[i]))
			x->cells[x->n++] = s->cells[i];
}

static void select_cells(struct ctx *x)
{
	const struct chart_spec *sp = x->sp;

	x->n = 0;
	if (sp->from == FROM_MAIN) {
		take_series(x, model_main_series(x->m, x->wl, "seq"));
	} else if (sp->from == FROM_SWEEP) {
		const struct series *s = sweep_find(x->m, x->wl);

		for (size_t i = 0; s && i < s->n; i++)
			if (s->cells[i]->n && x->n < GB_ARRAY_LEN(x->cells))
				x->cells[x->n++] = s->cells[i];
	} else if (sp->from == FROM_WORKLOAD) {
		const struct query q = { .workload = x->wl, .kind = KIND_ANY,
					 .flags = Q_MEASURED | Q_NO_VARIANTS };

		x->n = model_select(x->m, &q, x->cells,
				    GB_ARRAY_LEN(x->cells));
	} else {	/* FROM_KIND: every workload of the kind, each's main */
		const char *wls[64];
		size_t nw = model_workloads(x->m, wls, GB_ARRAY_LEN(wls));

		for (size_t w = 0; w < nw; w++) {
			const struct series *s = model_main_series(x->m, wls[w],
								   "seq");

			if (s && (sp->kinds & 1u << s->kind))
				take_series(x, s);
		}
	}
	if (x->n > GB_ARRAY_LEN(x->cells))
		x->n = GB_ARRAY_LEN(x->cells);
}

/* ---- figures ---- */

static double xval(const struct ctx *x, const struct cell *c)
{
	switch (x->sp->x) {
	case X_SIZE: return (double)c->key.size;
	case X_CPU_THREADS: return (double)c->key.workers - 1;
	default: return (double)c->key.workers;
	}
}

/* The median with its interval of figure f, times k. */
static struct iv scaled(const struct cell *c, enum fig f, double k)
{
	struct iv v = cell_median_iv(c, f);

	v.point *= k;
	v.lo *= k;
	v.hi *= k;
	return v;
}

static struct iv yval(const struct ctx *x, const struct cell *c)
{
	const struct bench_row *k = &c->key;
	double ideal;

	switch (x->sp->y) {
	case Y_SPEEDUP:
		return c->speedup;
	case Y_WALL:
		return scaled(c, FIG_WALL, x->scale);
	case Y_OVER_IDEAL:
		ideal = ceil((double)k->tasks / (double)k->workers) *
			k->latency_ms / 1000;
		return scaled(c, FIG_WALL, 1 / ideal);
	case Y_GIL_PERCENT:
		return scaled(c, FIG_GIL, 100);
	case Y_RATE:
		return scaled(c, FIG_METRIC, 1);
	case Y_STARTUP_PER_WORKER:
		return scaled(c, FIG_STARTUP, x->scale / (double)k->workers);
	case Y_PER_TASK:
		return scaled(c, FIG_WALL, x->scale / (double)k->tasks);
	case Y_MEM_PER_TASK:
		return scaled(c, FIG_RISE, 1 / (double)k->tasks);
	case Y_CPU_PER_TASK:
		return scaled(c, FIG_CPU, 1e6 / (double)k->tasks);
	case Y_OVER_LATENCY:
		return scaled(c, FIG_WALL, 1000 / k->latency_ms);
	}
	return iv_none;
}

/* Whether cell c makes a point: a number, and above 0 on a log axis. */
static int drawn(const struct ctx *x, const struct cell *c)
{
	struct iv v;

	if ((x->sp->lines & L_POOLS) && mode_is_baseline(c->key.mode))
		return 0;
	if ((x->sp->lines & L_DEFAULT_OPTS) && !cell_default_opts(c))
		return 0;
	if (x->sp->y == Y_RATE && !c->metric_name[0])
		return 0;
	v = yval(x, c);
	return !isnan(v.point) && (!(x->sp->lines & L_POSITIVE) ||
				   v.point > 0);
}

/* The unit of a time axis from the largest value, and its factor. */
static void time_unit(struct ctx *x)
{
	double max = 0;

	x->scale = 1;
	for (size_t i = 0; i < x->n; i++) {
		const struct cell *c = x->cells[i];
		double v = x->sp->y == Y_STARTUP_PER_WORKER
			   ? c->med[FIG_STARTUP] / (double)c->key.workers
			   : x->sp->y == Y_PER_TASK
			   ? c->median / (double)c->key.tasks : c->max;

		if (drawn(x, c) && v > max)
			max = v;
	}
	x->scale = max < 1e-3 ? 1e6 : max < 1 ? 1e3 : 1;
	x->unit = max < 1e-3 ? "us" : max < 1 ? "ms" : "s";
}

/* ---- drawing one chart ---- */

/* The lines of x's cells, in display order, named. */
static size_t lines_of(struct ctx *x, struct line *ls)
{
	size_t n = 0;

	for (size_t i = 0; i < x->n; i++) {
		const struct cell *c = x->cells[i];
		const char *wl = x->sp->from == FROM_KIND ? c->key.workload
				 : NULL;
		size_t k;

		if (!drawn(x, c))
			continue;
		for (k = 0; k < n && !same_line(c, &ls[k]); k++)
			;
		if (k == n && n < CHART_LINES_MAX)
			ls[n++] = (struct line){ c, wl, "", "", 0, 0, 0 };
		if (k < n && x->sp->y == Y_SPEEDUP) {
			ls[k].paired |= c->speedup.paired;
			ls[k].unpaired |= !c->speedup.paired;
			x->unpaired += !c->speedup.paired;
		}
	}
	/* Sorted: the lines of CPU workloads keep their workloads' order. */
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++)
			if (!ls[a].workload && line_before(&ls[b], &ls[a])) {
				struct line t = ls[a];

				ls[a] = ls[b];
				ls[b] = t;
			}
	name_lines(ls, n);
	return n;
}

/* The x values of the points, ascending, as the script's tics. */
static void xlist(struct ctx *x, const struct line *ls, size_t n,
		  struct text *out)
{
	double xs[512];
	size_t nx = 0;

	for (size_t i = 0; i < x->n; i++) {
		const struct cell *c = x->cells[i];
		double v = xval(x, c);
		size_t k, j;

		for (j = 0; j < n && !same_line(c, &ls[j]); j++)
			;
		if (j == n || !drawn(x, c))
			continue;
		for (k = 0; k < nx && xs[k] != v; k++)
			;
		if (k < nx || nx == GB_ARRAY_LEN(xs))
			continue;
		for (k = nx++; k > 0 && xs[k - 1] > v; k--)
			xs[k] = xs[k - 1];
		xs[k] = v;
	}
	for (size_t k = 0; k < nx; k++)
		text_addf(out, " ", "%.0f", xs[k]);
	x->nx = nx;
	x->max_x = nx ? (unsigned)xs[nx - 1] : 0;
}

static void write_xy(struct ctx *x, struct chart_out *o, const struct line *ls,
		     size_t n)
{
	for (size_t k = 0; k < n; k++) {
		chart_block(o, k, ls[k].title);
		for (size_t i = 0; i < x->n; i++) {
			const struct cell *c = x->cells[i];
			struct iv v;

			if (!same_line(c, &ls[k]) || !drawn(x, c))
				continue;
			v = yval(x, c);
			fprintf(o->data, "%.0f %.6g %.6g %.6g", xval(x, c),
				v.point, x->sp->lines & L_POSITIVE &&
				!(v.lo > 0) ? v.point : v.lo, v.hi);
			if (x->sp->y == Y_SPEEDUP)
				fprintf(o->data, " %d", v.paired);
			fputc('\n', o->data);
		}
	}
}

/* A bar per line: its cell at the most workers up to the cores. */
static const struct cell *bar_cell(const struct ctx *x, const struct line *l)
{
	const struct cell *best = NULL;

	for (size_t i = 0; i < x->n; i++) {
		const struct cell *c = x->cells[i];

		if (same_line(c, l) && drawn(x, c) &&
		    (long)c->key.workers <= (x->cores > 0 ? x->cores : 1) &&
		    (!best || c->key.workers > best->key.workers))
			best = c;
	}
	return best;
}

/* Keep the lines that have a bar, and as cells only their bars (the
 * unit of the axis is theirs). Returns how many lines. */
static size_t bars_only(struct ctx *x, struct line *ls, size_t n)
{
	const struct cell *bars[CHART_LINES_MAX];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		const struct cell *c = bar_cell(x, &ls[i]);

		if (!c)
			continue;
		ls[k] = ls[i];
		bars[k++] = c;
	}
	memcpy(x->cells, bars, k * sizeof(*bars));
	x->n = k;
	return k;
}

static void write_bars(struct ctx *x, struct chart_out *o,
		       const struct line *ls, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		struct iv v = yval(x, x->cells[k]);

		fputc('"', o->data);
		for (const char *p = ls[k].title; *p; p++)
			fprintf(o->data, *p == '"' || *p == '\\' ? "\\%c"
				: "%c", *p);
		fprintf(o->data, "\" %.6g %.6g %.6g\n", v.point, v.lo, v.hi);
	}
}

static void write_groups(struct ctx *x, struct chart_out *o,
			 const struct line *ls, size_t n)
{
	for (unsigned g = 0; g < x->sp->groups; g++) {
		struct text row = { 0 };
		int any = 0;

		text_addf(&row, NULL, "\"%s\"", x->sp->group_label[g]);
		for (size_t k = 0; k < n; k++) {
			const struct cell *c = NULL;
			struct iv v = iv_none;

			for (size_t i = 0; i < x->n && !c; i++)
				if (same_line(x->cells[i], &ls[k]) &&
				    xval(x, x->cells[i]) == g &&
				    drawn(x, x->cells[i]))
					c = x->cells[i];
			if (c)
				v = yval(x, c);
			if (!isnan(v.point) && v.point > 0) {
				text_addf(&row, " ", "%.6g %.6g %.6g", v.point,
					  v.lo > 0 ? v.lo : v.point, v.hi);
				any = 1;
			} else {
				text_addf(&row, " ", "NaN NaN NaN");
			}
		}
		if (any)
			fprintf(o->data, "%s\n", text_str(&row));
		text_free(&row);
	}
}

/* Draw chart x->sp for workload x->wl into c: 1 when drawn, 0 when the
 * run has no data for it, or -errno. */
static int draw(struct ctx *x, const char *dir, struct chart *c)
{
	const struct chart_spec *sp = x->sp;
	struct line ls[CHART_LINES_MAX];
	struct text xs = { 0 }, pl[2] = { { 0 } };
	struct chart_out o;
	size_t n;
	int rc;

	select_cells(x);
	x->scale = 1;
	n = lines_of(x, ls);
	if (sp->shape == SHAPE_BARS)
		n = bars_only(x, ls, n);
	if (n < sp->min_lines)
		return 0;
	if (sp->unit == UNIT_TIME)
		time_unit(x);
	xlist(x, ls, n, &xs);
	if (x->nx < sp->min_x) {
		text_free(&xs);
		return 0;
	}
	memset(c, 0, sizeof(*c));
	c->id = sp->id;
	c->topic = sp->topic;
	snprintf(c->name, sizeof(c->name), sp->stem, x->wl);
	sp->describe(x, &c->title, &c->caption);
	rc = chart_begin(&o, dir, c, sp->script);
	if (!rc) {
		chart_var_str(&o, "xlist", sp->shape == SHAPE_XY
			      ? text_str(&xs) : "");
		chart_var_str(&o, "yunit", sp->unit == UNIT_TIME ? x->unit
			      : sp->yunit ? sp->yunit : "");
		chart_var(&o, "cores", "%ld", x->cores > 0 ? x->cores : 1);
		chart_var(&o, "nseries", "%zu", n);
		for (size_t k = 0; k < n; k++) {
			chart_line(&o, k, model_mode_look(x->m,
				   ls[k].first->key.mode), ls[k].first->key.mode,
				   ls[k].title, ls[k].label, ls[k].variant);
			if (ls[k].paired)
				text_addf(&pl[0], " ", "%zu", k + 1);
			if (ls[k].unpaired)
				text_addf(&pl[1], " ", "%zu", k + 1);
		}
		if (sp->y == Y_SPEEDUP) {
			chart_var_str(&o, "paired_series", text_str(&pl[0]));
			chart_var_str(&o, "unpaired_series", text_str(&pl[1]));
		}
		if (sp->vars)
			sp->vars(x, &o);
		if (chart_data(&o, sp->data_head, x->unit ? x->unit : "")) {
			if (sp->shape == SHAPE_XY)
				write_xy(x, &o, ls, n);
			else if (sp->shape == SHAPE_BARS)
				write_bars(x, &o, ls, n);
			else
				write_groups(x, &o, ls, n);
		}
		rc = chart_end(&o);
	}
	text_free(&xs);
	text_free(&pl[0]);
	text_free(&pl[1]);
	if (rc)
		charts_free(c, 1);
	return rc ? rc : 1;
}

/* Whether spec sp is drawn for workload wl. */
static int for_workload(const struct model *m, const struct chart_spec *sp,
			const char *wl);
/* Whether a workload before wls[w] had sp: a chart over a kind is drawn
 * once, for the first. */
static int for_workload_before(const struct model *m,
			       const struct chart_spec *sp, const char **wls,
			       size_t w)
{
	while (w-- > 0)
		if (for_workload(m, sp, wls[w]))
			return 1;
	return 0;
}

/* Whether spec sp is drawn for workload wl. */
static int for_workload(const struct model *m, const struct chart_spec *sp,
			const char *wl)
{
	const struct series *s = model_main_series(m, wl, "seq");

	if (sp->workload)
		return strcmp(sp->workload, wl) == 0;
	return s && (sp->kinds & 1u << s->kind);
}

int charts_write(const struct model *m, const char *dir, struct chart *out,
		 size_t max)
{
	const char *wls[64];
	size_t nwl = model_workloads(m, wls, GB_ARRAY_LEN(wls)), n = 0;
	struct ctx *x = gb_xcalloc(1, sizeof(*x));
	int rc = 0;

	/* In the report's order: each workload's charts, then those over a
	 * kind (one chart, however many workloads), then the sweeps'. */
	for (int pass = 0; pass < 3; pass++)
		for (size_t w = 0; w < nwl; w++)
			for (size_t k = 0; k < chart_nspecs; k++) {
				const struct chart_spec *sp = &chart_specs[k];
				int p = sp->from == FROM_KIND ? 1
					: sp->from == FROM_SWEEP ? 2 : 0;

				if (p != pass || rc || n == max ||
				    !for_workload(m, sp, wls[w]) ||
				    (p == 1 && w != 0 &&
				     for_workload_before(m, sp, wls, w)))
					continue;
				memset(x, 0, sizeof(*x));
				x->sp = sp;
				x->m = m;
				x->wl = wls[w];
				x->cores = model_machine(m)->cores;
				rc = draw(x, dir, &out[n]);
				n += rc > 0;
				rc = rc < 0 ? rc : 0;
			}
	free(x);
	if (rc)
		charts_free(out, n);
	return rc ? rc : (int)n;
}
