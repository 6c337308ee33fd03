/*
 * lockreport.c - see lockreport.h. The numbers come from scenes.c and
 * locktrace.c; this file lays them out, in the report and on a terminal.
 */
#include "bench/analysis/lockreport.h"
#include "bench/analysis/doc.h"
#include "bench/analysis/locktrace.h"
#include "bench/analysis/scenes.h"
#include "bench/analysis/timeline.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"
#include "bench/output/style.h"

#include "bench/output/human.h"

#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A latency in microseconds, in human.c's units ("4.98 ms", "37.0 us"). */
#define human_us(buf, len, us) human_seconds((buf), (len), (us) / 1e6)

static void fmt_num(char *buf, size_t len, const char *fmt, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, fmt, v);
}

static double median_of(const double *x, size_t n)
{
	return n ? stats_median(x, n) : NAN;
}

/* A chart as a figure (its id "chart-STEM"), its caption (a bold title,
 * then what to look for) and its legend in text below it, as the
 * report's other charts; a line naming the data when it was not drawn. */
static void figure(struct doc *d, const char *run_dir, const char *stem,
		   const char *title, const char *caption,
		   const struct doc_swatch *sw, size_t nsw)
{
	char svg[4400], png[4400], rel[300], id[96], alt[400];

	snprintf(svg, sizeof(svg), "%s/plots/%s.svg", run_dir, stem);
	snprintf(png, sizeof(png), "%s/plots/%s.png", run_dir, stem);
	snprintf(rel, sizeof(rel), "plots/%s.png", stem);
	snprintf(id, sizeof(id), "chart-%s", stem);
	snprintf(alt, sizeof(alt), "Chart: %s.", title);
	for (size_t k = 0; k < nsw; k++)
		gb_appendf(alt, sizeof(alt), k ? ", " : " Series: ", "%s",
			   sw[k].label);
	if (doc_figure_begin(d, id, alt, rel, svg, png)) {
		doc_para(d, "(Chart not drawn: gnuplot is not installed; its "
			 "data is `plots/%s.dat`.) %s", stem, caption);
		return;
	}
	doc_para(d, "**%s.** %s", title, caption);
	if (nsw)
		doc_key(d, sw, nsw);
	doc_end(d);
}

/* A timeline's legend: the states, then the marks (timeline.gp's). */
static const struct doc_swatch timeline_key[] = {
	{ STYLE_STATE_RUN, "\u25a0", "holds the GIL" },
	{ STYLE_STATE_WAIT, "\u25a0", "waits for it" },
	{ STYLE_STATE_BLOCK, "\u25a0", "I/O or native (GIL free)" },
	{ STYLE_MARK, "\u25bc", "drop request" },
	{ STYLE_MARK, "|", "forced drop" },
	{ STYLE_MARK_FUTILE, "\u00d7", "futile wake-up" },
};

static void timelines(struct doc *d, const char *run_dir,
		      const struct scenes *sc)
{
	if (sc->ntl)
		doc_heading(d, 3, "Timelines: a row per thread");
	for (size_t i = 0; i < sc->ntl; i++) {
		const struct timeline_scene *s = &sc->tl[i];

		figure(d, run_dir, s->name, s->title, s->caption,
		       timeline_key, GB_ARRAY_LEN(timeline_key));
	}
}

/* The p-quantile of a group's samples (sorted into a copy). */
static double group_q(const struct latency_group *g, double p)
{
	double *x, v;

	if (!g || !g->n)
		return NAN;
	x = gb_xcalloc(g->n, sizeof(*x));
	memcpy(x, g->us, g->n * sizeof(*x));
	stats_sort(x, g->n);
	v = stats_quantile_sorted(x, g->n, p);
	free(x);
	return v;
}

/* ccbench's groups: the CDF charts, then the table. */
static void latencies(struct doc *d, const char *run_dir,
		      const struct scenes *sc)
{
	const char *head[] = { "mode", "policy", "CPU threads", "wake-ups",
			       "lateness (median of reps)", "GIL wait p50",
			       "p90", "p99", "max",
			       "CPU threads' work, M terms/s" };
	unsigned most = 0;
	size_t groups = 0;

	for (size_t i = 0; i < sc->nlat; i++) {
		if (strcmp(sc->lat[i].workload, SCENE_LATENCY_WL))
			continue;
		groups++;
		if (sc->lat[i].cpu_threads > most)
			most = sc->lat[i].cpu_threads;
	}
	if (!groups)
		return;
	doc_heading(d, 3, "Latency: how long a waking thread waits for the GIL");
	doc_para(d, "CPython's Tools/ccbench (2010) measured the \"latency\" "
		 "of a thread that answers pings while others compute. Here "
		 "(`ccbench`) a thread sleeps 1 ms in a blocking call, then "
		 "must take the GIL back before it can act; beside CPU threads "
		 "it always finds one holding it. Each line: the share of "
		 "wake-ups that waited at most so long, from the trace (the "
		 "call's end to the take). Look for the step at the switch "
		 "interval under CPython's rule, and how io-priority removes "
		 "it. Without a GIL (threads) nothing is waited for: that line "
		 "stands at the left edge.");
	for (unsigned cpu = 1; cpu <= most; cpu++) {
		struct doc_swatch sw[8];
		size_t nsw = scenes_key(sc, SCENE_LATENCY_WL, cpu, 0, sw,
					GB_ARRAY_LEN(sw));
		char stem[64], title[96];

		snprintf(stem, sizeof(stem), SCENE_CDF_STEM, cpu);
		snprintf(title, sizeof(title), "A waking thread's wait for the "
			 "GIL beside %u CPU thread%s", cpu, cpu > 1 ? "s" : "");
		figure(d, run_dir, stem, title, "The higher a line at a given "
		       "wait, the more wake-ups were served within it; the "
		       "dotted grey line is the switch interval.", sw, nsw);
	}
	doc_para(d, "Lateness is the workload's own figure (the time from "
		 "its deadline to running again, timer included); the waits "
		 "are the trace's.");
	doc_table_begin(d, GB_ARRAY_LEN(head), head);
	for (size_t i = 0; i < sc->nlat; i++) {
		const struct latency_group *g = &sc->lat[i];
		char c[8][48];
		const char *cell[GB_ARRAY_LEN(head)];

		if (strcmp(g->workload, SCENE_LATENCY_WL))
			continue;
		snprintf(c[0], sizeof(c[0]), "%u", g->cpu_threads);
		snprintf(c[1], sizeof(c[1]), "%zu in %zu reps", g->n, g->reps);
		human_us(c[2], sizeof(c[2]), 1e3 * median_of(g->rates, g->nrates));
		human_us(c[3], sizeof(c[3]), group_q(g, 0.5));
		human_us(c[4], sizeof(c[4]), group_q(g, 0.9));
		human_us(c[5], sizeof(c[5]), group_q(g, 0.99));
		human_us(c[6], sizeof(c[6]), group_q(g, 1));
		fmt_num(c[7], sizeof(c[7]), "%.0f",
			median_of(g->works, g->nworks) / 1e6);
		cell[0] = g->mode;
		cell[1] = g->policy[0] ? g->policy : "-";
		for (int k = 0; k < 8; k++)
			cell[k + 2] = c[k];
		doc_table_row(d, cell);
	}
	doc_table_end(d);
}

/* The policies beside one CPU thread, from convoy (rates, round trips,
 * the CPU thread's work) and ccbench (a waking thread's wait): what the
 * cure gives the I/O thread and what it costs the CPU thread. */
static void policies(struct doc *d, const char *run_dir,
		     const struct scenes *sc)
{
	static const char *const pols[] = { "cpython", "fifo", "io-priority" };
	const char *head[] = { "policy", "round trips/s alone",
			       "beside one CPU thread", "alone / beside",
			       "round trip p50 / p90 beside",
			       "waking thread's wait p50",
			       "CPU thread's work, M terms/s",
			       "work against cpython" };
	const struct latency_group *base = scenes_group(sc, SCENE_POLICY_WL,
							"gil", "cpython", 1);
	double base_work = base ? median_of(base->works, base->nworks) : NAN;
	size_t shown = 0;

	for (size_t i = 0; i < GB_ARRAY_LEN(pols); i++)
		shown += scenes_group(sc, SCENE_POLICY_WL, "gil", pols[i], 1)
			 != NULL;
	if (shown < 2)
		return;
	doc_heading(d, 3, "Other lock policies: the cure and its cost");
	doc_para(d, "The convoy (bpo-7946, 2010) was never fixed in CPython. "
		 "`--gil-policy` swaps the rule that picks the next holder: "
		 "`cpython` (barging, a waiter asks after an interval), `fifo` "
		 "(the longest waiter next, no barging) and `io-priority` (a "
		 "thread back from a blocking call asks at once and is served "
		 "first, as the bpo-7946 patches did). The rates are the convoy "
		 "workload's, the wait ccbench's. Look for the trade-off: what "
		 "the I/O thread gains, the CPU thread pays in work.");
	{
		struct doc_swatch sw[8];
		size_t nsw = scenes_key(sc, SCENE_POLICY_WL, 1, 1, sw,
					GB_ARRAY_LEN(sw));

		figure(d, run_dir, SCENE_POLICY_STEM, "Who gets the lock "
		       "next: the I/O thread's rate and the CPU thread's work",
		       "Left, the I/O thread's round trips per second alone "
		       "and beside one CPU thread (log scale); right, the work "
		       "that CPU thread got done meanwhile. A policy that "
		       "lifts the left bar lowers the right one.", sw, nsw);
	}
	doc_table_begin(d, GB_ARRAY_LEN(head), head);
	for (size_t i = 0; i < GB_ARRAY_LEN(pols); i++) {
		const struct latency_group *g0 = scenes_group(sc,
			SCENE_POLICY_WL, "gil", pols[i], 0);
		const struct latency_group *g1 = scenes_group(sc,
			SCENE_POLICY_WL, "gil", pols[i], 1);
		const struct latency_group *w1 = scenes_group(sc,
			SCENE_LATENCY_WL, "gil", pols[i], 1);
		double alone, beside, work;
		char c[7][80], p50[32], p90[32];
		const char *cell[8];

		if (!g1)
			continue;
		alone = g0 ? median_of(g0->rates, g0->nrates) : NAN;
		beside = median_of(g1->rates, g1->nrates);
		work = median_of(g1->works, g1->nworks);
		fmt_num(c[0], sizeof(c[0]), "%.0f", alone);
		fmt_num(c[1], sizeof(c[1]), "%.0f", beside);
		fmt_num(c[2], sizeof(c[2]), "%.1fx", alone / beside);
		human_us(p50, sizeof(p50), group_q(g1, 0.5));
		human_us(p90, sizeof(p90), group_q(g1, 0.9));
		snprintf(c[3], sizeof(c[3]), "%s / %s", p50, p90);
		human_us(c[4], sizeof(c[4]), group_q(w1, 0.5));
		fmt_num(c[5], sizeof(c[5]), "%.0f", work / 1e6);
		fmt_num(c[6], sizeof(c[6]), "%.2fx", work / base_work);
		cell[0] = pols[i];
		for (int k = 0; k < 7; k++)
			cell[k + 1] = c[k];
		doc_table_row(d, cell);
	}
	doc_table_end(d);
	{
		const struct latency_group *p0 = scenes_group(sc,
			SCENE_POLICY_WL, "gil", "io-priority", 0);
		const struct latency_group *p1 = scenes_group(sc,
			SCENE_POLICY_WL, "gil", "io-priority", 1);
		double alone, beside, work;

		if (!p0 || !p1)
			return;
		alone = median_of(p0->rates, p0->nrates);
		beside = median_of(p1->rates, p1->nrates);
		work = median_of(p1->works, p1->nworks);
		doc_para(d, "Here io-priority kept the I/O thread at %.0f round "
			 "trips/s beside a CPU thread, %.1fx below its rate "
			 "alone (%s 2x), and left the CPU thread %.0f%% of the "
			 "work it does under CPython's rule. Each figure is the "
			 "median of %zu short repetitions on a shared machine: "
			 "read the ratios, not the digits.", beside,
			 alone / beside, alone / beside <= 2 ? "within"
			 : "not within", 100 * work / base_work, p1->nrates);
	}
}

void lockreport_section(struct doc *d, const char *run_dir)
{
	struct scenes *sc = scenes_load(run_dir);

	if (!sc->ntl && !sc->nlat) {
		doc_para(d, "not measured: this run traced no scene (the "
			 "default suite's last lines run them through "
			 "`scripts/trace.sh` into `traces/`).");
		if (sc->err[0])
			doc_para(d, "A trace could not be read: %s.", sc->err);
		scenes_free(sc);
		return;
	}
	doc_para(d, "Each timeline is one traced repetition (`bin/bench "
		 "--trace`, files in `traces/`): a row per thread, green while "
		 "it holds the GIL, red while it waits for it, blue while it "
		 "is in a blocking call or native code (the GIL free for "
		 "others); the marks are drop requests, forced drops and "
		 "futile wake-ups. The window is the first %.0f ms after every "
		 "thread had started. What tracing costs: the README's "
		 "\"Seeing the lock\".", SCENE_WINDOW_MS);
	if (sc->err[0])
		doc_para(d, "A trace could not be read and is left out: %s.",
			 sc->err);
	timelines(d, run_dir, sc);
	latencies(d, run_dir, sc);
	policies(d, run_dir, sc);
	scenes_free(sc);
}

int lockreport_charts(const char *run_dir, const char *plots_dir)
{
	struct scenes *sc = scenes_load(run_dir);
	int rc = scenes_write_charts(sc, plots_dir);

	if (sc->err[0])
		gb_warn("summarize: a trace was skipped: %s", sc->err);
	scenes_free(sc);
	return rc;
}

/* ---- bench trace ------------------------------------------------------ */

static void print_rep(const struct lt_rep *r, double from_ms, double len_ms)
{
	struct scene_figs f;
	char lab[48];

	scene_figures(r, from_ms, len_ms, &f);
	printf("%s %s workers=%u tasks=%llu rep=%u", r->workload, r->mode,
	       r->workers, (unsigned long long)r->tasks, r->rep);
	if (r->policy[0])
		printf(" policy=%s", r->policy);
	if (!isnan(r->switch_ms))
		printf(" switch_ms=%g", r->switch_ms);
	printf("\n  window_ms=%.3f from_ms=%.3f threads=%u%s\n", f.window_ms,
	       (double)f.w.t0 / 1e6, r->nth,
	       f.full ? " (a buffer filled: the trace stops early)" : "");
	printf("  handoffs=%zu handoff_median_ms=%.4f\n", f.handoffs,
	       f.handoff_med_ms);
	printf("  drop_requests=%llu forced_drops=%llu futile=%llu "
	       "futile_run=%llu\n", (unsigned long long)f.drop_requests,
	       (unsigned long long)f.forced, (unsigned long long)f.futile,
	       (unsigned long long)f.futile_all);
	printf("  overlap=%.4f\n", f.overlap);
	for (unsigned k = 0; k < r->nth && k < 8; k++) {
		scene_thread_label(r, k, lab, sizeof(lab));
		printf("  thread=%u label=\"%s\" run=%.4f wait=%.4f "
		       "block=%.4f\n", k + 1, lab, f.run_share[k],
		       f.wait_share[k], f.block_share[k]);
	}
	if (f.round_trips)
		printf("  round_trips=%zu rate_per_s=%.1f p50_us=%.2f "
		       "p90_us=%.2f p99_us=%.2f max_us=%.2f\n", f.round_trips,
		       f.rt_rate, f.rt_p50_us, f.rt_p90_us, f.rt_p99_us,
		       f.rt_max_us);
	if (r->have_row && !isnan(r->metric))
		printf("  row: metric=%.6g metric2=%.6g verified=%s\n",
		       r->metric, r->metric2, r->verified ? "true" : "false");
}

static void usage_trace(void)
{
	gb_die(GB_EXIT_USAGE, "usage: bench trace FILE [--rows CSV] [--from "
	       "MS] [--window MS] [--timeline DIR [--title TEXT]]  (FILE: "
	       "written by --trace; the window defaults to %.0f ms, 0 for "
	       "as long as every thread was there; --timeline writes the "
	       "first repetition's chart data, NAME.dat and NAME.vars.gp, "
	       "into DIR)", SCENE_WINDOW_MS);
}

int lockreport_cmd(int argc, char **argv)
{
	const char *file = NULL, *rows = NULL, *tl_dir = NULL, *title = NULL;
	double from_ms = 0, len_ms = SCENE_WINDOW_MS;
	char err[4400], rows_guess[4200], stem[256], *tmp;
	struct lock_trace *t;
	int rc;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (strcmp(a, "--rows") == 0 && v)
			rows = argv[++i];
		else if (strcmp(a, "--timeline") == 0 && v)
			tl_dir = argv[++i];
		else if (strcmp(a, "--title") == 0 && v)
			title = argv[++i];
		else if (strcmp(a, "--from") == 0 && v) {
			if (gb_parse_double(argv[++i], 0, 1e9, &from_ms))
				usage_trace();
		} else if (strcmp(a, "--window") == 0 && v) {
			if (gb_parse_double(argv[++i], 0, 1e9, &len_ms))
				usage_trace();
		} else if (a[0] != '-' && !file)
			file = a;
		else
			usage_trace();
	}
	if (!file)
		usage_trace();
	/* NAME.csv's rows are NAME.rows.csv, as scripts/trace.sh names
	 * them. */
	snprintf(stem, sizeof(stem), "%s", file);
	if (strlen(stem) > 4 && strcmp(stem + strlen(stem) - 4, ".csv") == 0)
		stem[strlen(stem) - 4] = '\0';
	snprintf(rows_guess, sizeof(rows_guess), "%s.rows.csv", stem);
	rc = lock_trace_load(&t, file, rows ? rows : rows_guess, err,
			     sizeof(err));
	if (rc) {
		gb_warn("trace: %s", err);
		return GB_EXIT_USAGE;
	}
	for (size_t i = 0; i < t->n; i++)
		print_rep(&t->reps[i], from_ms, len_ms);
	if (tl_dir && t->n) {
		const struct lt_rep *r = &t->reps[0];
		struct scene_figs f;
		char lab[8][48], *labels[8] = { 0 }, def[200];

		scene_figures(r, from_ms, len_ms, &f);
		for (unsigned k = 0; k < r->nth && k < 8; k++) {
			scene_thread_label(r, k, lab[k], sizeof(lab[k]));
			labels[k] = lab[k];
		}
		snprintf(def, sizeof(def), "%s under %s%s%s, %u threads",
			 r->workload, r->mode, r->policy[0] &&
			 strcmp(r->mode, "gil") == 0 ? " " : "",
			 r->policy[0] && strcmp(r->mode, "gil") == 0
			 ? r->policy : "", r->nth);
		tmp = gb_xstrdup(stem);
		rc = timeline_write(r, &f.w, tl_dir, basename(tmp),
				    title ? title : def,
				    (const char *const *)labels);
		free(tmp);
		if (rc) {
			gb_warn("trace: cannot write the timeline into '%s': "
				"%s", tl_dir, strerror(-rc));
			lock_trace_free(t);
			return GB_EXIT_FAIL;
		}
	}
	lock_trace_free(t);
	return 0;
}
