/*
 * report/lock.c - the lock seen from inside (sections.h): the traced
 * scenes of a run (trace/scenes.h) as the report shows them, their
 * timelines, the latency distributions and the lock policies, each chart
 * with what to look for and tables of their figures. The charts are the
 * run's (summarize wrote them, charts/trace.c); the figures come from
 * the scenes and locktrace.c.
 */
#include "bench/analysis/report/sections.h"
#include "bench/analysis/trace/scenes.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"
#include "bench/output/human.h"

#include <math.h>
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

/* The run's charts of one kind, in order, as figures. */
static size_t figures(struct doc *d, const struct report_in *in,
		      enum chart_id id)
{
	size_t n = 0;

	for (size_t i = 0; i < in->ncharts; i++)
		if (in->charts[i].id == id) {
			report_figure(d, in->dir, &in->charts[i]);
			n++;
		}
	return n;
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
static void latencies(struct doc *d, const struct report_in *in,
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
	figures(d, in, CHART_LATENCY_CDF);
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
static void policies(struct doc *d, const struct report_in *in,
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
	figures(d, in, CHART_POLICIES);
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

/* Real CPython traced with uprobes: why not, or the fidelity rows read
 * from the traces and what tracing cost. Its timelines are drawn among
 * the others, each after its simulated twin. */
static void real_cpython(struct doc *d, const struct report_in *in,
			 const struct scenes *sc)
{
	static const char *const fhead[] = { "real scene", "figure",
		"CPython (traced)", "model", "real / model", "target", "met",
		"what tracing did" };
	static const char *const chead[] = { "scene", "figure", "pairs",
		"untraced", "traced", "traced / untraced", "beyond noise" };
	struct trace_fid fid[32];
	size_t nf = cpython_fidelity(sc, fid, GB_ARRAY_LEN(fid));

	doc_heading(d, 3, "Real CPython's GIL, traced with uprobes");
	if (!sc->real.nscene) {
		doc_para(d, "not measured: %s", sc->real.notrun[0]
			 ? sc->real.notrun : "this run traced no real CPython "
			 "(`make trace-cpython`, or `make bench` as root with "
			 "perf, probes CPython's own take_gil and drop_gil)");
		return;
	}
	doc_para(d, "`make trace-cpython` placed uprobes on a stock "
		 "interpreter's own functions (take_gil and drop_gil of "
		 "CPython 3; the interpreter lock's acquire and release of "
		 "CPython 2.7) and wrote their hits in the same format as "
		 "`--trace`, so each real timeline above is drawn by the same "
		 "code as its simulated twin, over the same window.");
	for (size_t i = 0; i < sc->real.nscene; i++)
		if (!sc->real.scene[i].traced)
			doc_item(d, "`%s` not traced: %s", sc->real.scene[i].name,
				 sc->real.scene[i].reason);
	figures(d, in, CHART_REAL_CDF);
	if (nf) {
		doc_para(d, "Fidelity from the traces: each figure over the "
			 "whole traced repetition of the real scene and of its "
			 "simulated twin, real / model with a 95%% bootstrap "
			 "interval over the gaps or round trips in them; met is "
			 "yes when the interval lies within the target either "
			 "way (the rate rows' targets: 1.3x for the new GIL, "
			 "1.5x for the old).");
		doc_table_begin(d, GB_ARRAY_LEN(fhead), fhead);
		for (size_t i = 0; i < nf; i++) {
			const struct trace_fid *f = &fid[i];
			char c[4][96];
			int gap = strstr(f->figure, "gap") != NULL;
			int rate = strstr(f->figure, "per second") != NULL;

			if (rate) {
				snprintf(c[0], sizeof(c[0]), "%.1f", f->real);
				snprintf(c[1], sizeof(c[1]), "%.1f", f->sim);
			} else if (gap) {
				snprintf(c[0], sizeof(c[0]), "%.2f ms", f->real);
				snprintf(c[1], sizeof(c[1]), "%.2f ms", f->sim);
			} else {
				human_us(c[0], sizeof(c[0]), f->real);
				human_us(c[1], sizeof(c[1]), f->sim);
			}
			if (isnan(f->lo))
				snprintf(c[2], sizeof(c[2]), "%.2f", f->ratio);
			else
				snprintf(c[2], sizeof(c[2]), "%.2f [%.2f, %.2f]",
					 f->ratio, f->lo, f->hi);
			if (isnan(f->target))
				snprintf(c[3], sizeof(c[3]), "none: `%s` is "
					 "another lock", f->sim_mode);
			else
				snprintf(c[3], sizeof(c[3]), "within %.1fx of "
					 "`%s`", f->target, f->sim_mode);
			doc_row(d, f->real_scene, f->figure, c[0], c[1], c[2],
				c[3], f->met, f->cost_note[0] ? f->cost_note
				: "-");
		}
		doc_table_end(d);
	}
	if (!sc->real.ncost)
		return;
	doc_para(d, "What tracing costs: a uprobe is a trap per hit, so each "
		 "scene ran in interleaved untraced and traced pairs; the "
		 "ratio is the median over the pairs. Read each real figure "
		 "above with its row here: where tracing changed what the "
		 "scene shows beyond noise, the traced pace is not the real "
		 "one.");
	doc_table_begin(d, GB_ARRAY_LEN(chead), chead);
	for (size_t i = 0; i < sc->real.ncost; i++) {
		const struct trace_cost *c = &sc->real.cost[i];
		char v[4][96];

		snprintf(v[0], sizeof(v[0]), "%u", c->pairs);
		snprintf(v[1], sizeof(v[1]), "%.4g", c->untraced);
		snprintf(v[2], sizeof(v[2]), "%.4g", c->traced);
		snprintf(v[3], sizeof(v[3]), "%.2f [%.2f, %.2f]", c->ratio,
			 c->lo, c->hi);
		doc_row(d, c->name, c->figure, v[0], v[1], v[2], v[3], c->beyond);
	}
	doc_table_end(d);
}

void report_lock(struct doc *d, const struct report_in *in)
{
	struct scenes *sc = scenes_load(in->dir);

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
	if (sc->ntl)
		doc_heading(d, 3, "Timelines: a row per thread");
	figures(d, in, CHART_TIMELINE);
	latencies(d, in, sc);
	policies(d, in, sc);
	real_cpython(d, in, sc);
	scenes_free(sc);
}
