/*
 * scenes.c - see scenes.h. Start at scenes_load(): each trace file of
 * the folder is read (locktrace.c), its repetitions become a timeline or
 * feed the latency groups; the captions are written here, with the
 * figures of the very trace they describe.
 */
#include "bench/analysis/trace/scenes.h"
#include "bench/analysis/charts/chart.h"
#include "bench/analysis/charts/trace.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"
#include "bench/output/style.h"

#include "bench/output/human.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A latency in microseconds, in human.c's units ("4.98 ms", "37.0 us"). */
#define human_us(buf, len, us) human_seconds((buf), (len), (us) / 1e6)

/* The lines of the CDF charts, in this order. Each is drawn in its
 * mode's colour (its registry entry); the new GIL's other policies in
 * gil's pink too, dashed or hatched (variant 1, 2), as every chart draws
 * a mode's variants. */
static const struct {
	const char *mode, *policy;
	const char *title;		/* a CDF's line */
	const char *short_title;	/* a bar of the policy chart */
	int variant;
} cdf_lines[] = {
	{ "threads", "", "threads (no GIL)", "no GIL (threads)", 0 },
	{ "gil", "cpython", "gil (CPython's)", "cpython", 0 },
	{ "gil", "io-priority", "gil, io-priority", "io-priority", 1 },
	{ "gil", "fifo", "gil, fifo", "fifo", 2 },
	{ "gil-legacy", "", "gil-legacy", "gil-legacy", 0 },
};

enum scene_kind scene_kind_of(const struct lt_rep *r)
{
	int cpu = strcmp(r->kind, "cpu") == 0 ||
		  (!r->kind[0] && (strcmp(r->workload, "sumsq") == 0 ||
				   strcmp(r->workload, "primes") == 0 ||
				   strcmp(r->workload, "sieve") == 0));

	if (strcmp(r->workload, "convoy") == 0)
		return SK_CONVOY;
	if (strcmp(r->mode, "gil") == 0 && cpu)
		return SK_GIL_CPU;
	if (strcmp(r->mode, "gil-legacy") == 0 && cpu)
		return SK_LEGACY_CPU;
	if (strcmp(r->kind, "native") == 0 ||
	    strcmp(r->workload, "native") == 0)
		return SK_NATIVE;
	return SK_OTHER;
}

void scene_thread_label(const struct lt_rep *r, unsigned k, char *buf,
			size_t len)
{
	int64_t task = k < r->nth ? r->th[k].task : -1;

	if (strcmp(r->workload, "convoy") == 0 && task == 0)
		snprintf(buf, len, "I/O thread");
	else if (strcmp(r->workload, "convoy") == 0 && task > 0)
		snprintf(buf, len, "CPU thread %lld", (long long)task);
	else
		snprintf(buf, len, "thread %u", k + 1);
}

void scene_figures(const struct lt_rep *r, double from_ms, double len_ms,
		   struct scene_figs *f)
{
	size_t cap = 4096, n;
	double *x = gb_xcalloc(cap, sizeof(*x)), span_s;

	memset(f, 0, sizeof(*f));
	lt_window(r, from_ms, len_ms, &f->w);
	f->window_ms = (double)(f->w.t1 - f->w.t0) / 1e6;
	f->switch_ms = r->switch_ms;
	n = lt_handoff_gaps(r, &f->w, x, cap);
	f->handoffs = n;
	f->handoff_med_ms = n ? stats_median(x, n < cap ? n : cap) : NAN;
	f->futile = lt_count(r, LT_FUTILE, &f->w);
	f->futile_all = lt_count(r, LT_FUTILE, NULL);
	f->drop_requests = lt_count(r, LT_DROP_REQUEST, &f->w);
	f->forced = lt_count(r, LT_FORCED_DROP, &f->w);
	f->overlap = lt_overlap(r, &f->w);
	for (unsigned k = 0; k < r->nth && k < 8; k++) {
		f->run_share[k] = lt_share(r, k, LT_RUN, &f->w);
		f->wait_share[k] = lt_share(r, k, LT_WAIT, &f->w);
		f->block_share[k] = lt_share(r, k, LT_BLOCK, &f->w);
		f->full |= r->th[k].full;
	}
	free(x);
	n = lt_round_trips(r, NULL, 0, NULL);
	f->rt_p50_us = f->rt_p90_us = f->rt_p99_us = f->rt_max_us = NAN;
	if (n) {
		x = gb_xcalloc(n, sizeof(*x));
		lt_round_trips(r, x, n, &span_s);
		stats_sort(x, n);
		f->round_trips = n;
		f->rt_rate = span_s > 0 ? (double)n / span_s : NAN;
		f->rt_p50_us = stats_quantile_sorted(x, n, 0.50);
		f->rt_p90_us = stats_quantile_sorted(x, n, 0.90);
		f->rt_p99_us = stats_quantile_sorted(x, n, 0.99);
		f->rt_max_us = x[n - 1];
		f->rt_slow_share = NAN;
		if (!isnan(r->switch_ms)) {
			size_t slow = 0;

			for (size_t i = 0; i < n; i++)
				slow += x[i] > 500 * r->switch_ms;
			f->rt_slow_share = (double)slow / (double)n;
		}
		free(x);
	}
}

/* ---- timelines -------------------------------------------------------- */

static void describe(struct timeline_scene *s, const struct lt_rep *r)
{
	/* The I/O thread's row (convoy: task 0), 0 or 1. */
	const int io = lt_thread_of_task(r, 0) == 1;
	const struct scene_figs *f = &s->figs;
	char sw[32] = "", a[32], b[32], c[32], slow[16];
	size_t len = sizeof(s->caption);

	if (!isnan(f->switch_ms))
		snprintf(sw, sizeof(sw), "%g ms", f->switch_ms);
	switch (s->kind) {
	case SK_GIL_CPU:
		snprintf(s->title, sizeof(s->title), "Two CPU-bound threads "
			 "under the GIL (switch interval %s)", sw);
		snprintf(s->caption, len, "Look for: one thread runs (green) "
			 "while the other waits (red), and they swap about "
			 "every %s. The waiter asks (drop request, top mark) "
			 "after one interval; the holder is forced off at its "
			 "next check (bottom mark) and waits until the other "
			 "has the lock. Here the %zu hand-offs came a median "
			 "%.2f ms apart. Both threads want to run all the time, "
			 "and only one can: two threads are no faster than one.",
			 sw, f->handoffs, f->handoff_med_ms);
		break;
	case SK_LEGACY_CPU:
		snprintf(s->title, sizeof(s->title), "The same two threads "
			 "under the old GIL (CPython 2 and 3.1)");
		snprintf(s->caption, len, "Look for: the marks on the waiting "
			 "thread. Every 100 ticks the holder releases the lock "
			 "and takes it straight back; the release wakes the "
			 "other thread, which finds the lock taken again: %llu "
			 "futile wake-ups in this %.0f ms window (%llu in the "
			 "run), and only %zu hand-off%s. Each wake-up costs a "
			 "system call and a context switch for nothing: "
			 "Beazley's \"GIL thrashing\", the reason CPython 3.2 "
			 "replaced this lock.",
			 (unsigned long long)f->futile, f->window_ms,
			 (unsigned long long)f->futile_all, f->handoffs,
			 f->handoffs == 1 ? "" : "s");
		break;
	case SK_CONVOY:
		human_us(a, sizeof(a), f->rt_p50_us);
		human_us(b, sizeof(b), f->rt_p90_us);
		snprintf(c, sizeof(c), "%.0f", f->rt_rate);
		snprintf(slow, sizeof(slow), "%.0f%%", 100 * f->rt_slow_share);
		if (strcmp(s->policy, "io-priority") == 0) {
			snprintf(s->title, sizeof(s->title), "The cure: the "
				 "I/O thread served first (io-priority)");
			snprintf(s->caption, len, "Look for (%.0f ms shown): "
				 "the I/O thread (top) asks for the lock the "
				 "moment its call returns (drop request) and gets "
				 "it within microseconds. The price is on the CPU "
				 "thread's row: it is forced off (black strokes) "
				 "at every round trip and waits (red) to get the "
				 "lock back. Median round trip %s, p90 %s, %s "
				 "round trips/s; the I/O thread waited %.0f%% of "
				 "the window, the CPU thread %.0f%%.",
				 f->window_ms, a, b, c, 100 * f->wait_share[io],
				 100 * f->wait_share[1 - io]);
		} else if (strcmp(s->policy, "fifo") == 0) {
			snprintf(s->title, sizeof(s->title), "Fair is not fast: "
				 "hand-off in arrival order (fifo)");
			snprintf(s->caption, len, "Look for: the I/O thread "
				 "queues behind the CPU thread at every call and "
				 "waits out an interval or two (red) before a drop "
				 "request hands it the lock. Fairness removes the "
				 "lucky races that let CPython's I/O thread keep "
				 "the lock: %s of the round trips waited out an "
				 "interval (median %s, p90 %s), %s round trips/s.",
				 slow, a, b, c);
		} else {
			snprintf(s->title, sizeof(s->title), "The convoy: an "
				 "I/O thread beside one CPU thread (%s)", sw);
			snprintf(s->caption, len, "Look for: the I/O thread "
				 "(top) gives the lock away at every blocking "
				 "call (blue). When the CPU thread gets to run "
				 "first, the I/O thread waits (red) until its "
				 "drop request is granted, a switch interval "
				 "later; when its call returns before the CPU "
				 "thread wakes, it keeps the lock for another "
				 "round trip (the slivers of green). %s of the "
				 "round trips waited out an interval (median %s, "
				 "p90 %s), %s round trips/s; the I/O thread "
				 "waited %.0f%% of the window.", slow, a, b, c,
				 100 * f->wait_share[io]);
		}
		break;
	case SK_NATIVE:
		snprintf(s->title, sizeof(s->title), "Native code under the "
			 "GIL: both threads at once");
		snprintf(s->caption, len, "Look for: both rows blue at the same "
			 "time. Each native call releases the GIL (as hashlib or "
			 "NumPy do), so the threads hold it only for slivers "
			 "between calls: neither waited during %.0f%% of the "
			 "window, and two threads finish in about half the time "
			 "of one.", 100 * f->overlap);
		break;
	default:
		snprintf(s->title, sizeof(s->title), "%s under %s, %u threads",
			 r->workload, r->mode, r->nth);
		snprintf(s->caption, len, "Green: holds the GIL; red: waits "
			 "for it; blue: in a blocking call or native code. "
			 "%zu hand-offs in the window, %llu futile wake-ups.",
			 f->handoffs, (unsigned long long)f->futile);
	}
	if (f->full)
		gb_appendf(s->caption, len, " ", "(A thread's trace buffer "
			   "filled: the trace stops early.)");
}

/* NAME.window's ms, or the default. */
static double window_of(const struct scenes *sc, const char *stem)
{
	char path[4500];
	double ms = SCENE_WINDOW_MS;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.window", sc->traces, stem);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%lf", &ms) != 1 || !(ms > 0))
			ms = SCENE_WINDOW_MS;
		fclose(f);
	}
	return ms;
}

static void add_timeline(struct scenes *sc, const char *stem,
			 const struct lt_rep *r)
{
	struct timeline_scene *s;

	sc->tl = gb_xrealloc(sc->tl, sc->ntl + 1, sizeof(*sc->tl));
	s = &sc->tl[sc->ntl++];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", stem);
	snprintf(s->mode, sizeof(s->mode), "%s", r->mode);
	snprintf(s->policy, sizeof(s->policy), "%s", r->policy);
	s->kind = scene_kind_of(r);
	s->window_ms = window_of(sc, stem);
	scene_figures(r, 0, s->window_ms, &s->figs);
	describe(s, r);
}

/* ---- latency groups --------------------------------------------------- */

/* Policy matters only to the new GIL. */
static const char *policy_key(const struct lt_rep *r)
{
	if (strcmp(r->mode, "gil") != 0)
		return "";
	return r->policy[0] ? r->policy : "cpython";
}

const struct latency_group *scenes_group(const struct scenes *sc,
					 const char *workload, const char *mode,
					 const char *policy,
					 unsigned cpu_threads)
{
	for (size_t i = 0; i < sc->nlat; i++) {
		const struct latency_group *g = &sc->lat[i];

		if (g->cpu_threads == cpu_threads &&
		    strcmp(g->workload, workload) == 0 &&
		    strcmp(g->mode, mode) == 0 && strcmp(g->policy, policy) == 0)
			return g;
	}
	return NULL;
}

/* A repetition's samples: ccbench's waits for the lock, convoy's round
 * trips. */
static size_t samples(const struct lt_rep *r, double *out, size_t max,
		      double *span_s)
{
	*span_s = 0;
	if (strcmp(r->workload, "convoy") == 0)
		return lt_round_trips(r, out, max, span_s);
	return lt_call_waits(r, out, max);
}

static void add_latencies(struct scenes *sc, const struct lt_rep *r)
{
	const char *pol = policy_key(r);
	unsigned cpu = r->workers ? r->workers - 1 : 0;
	struct latency_group *g = (struct latency_group *)scenes_group(
		sc, r->workload, r->mode, pol, cpu);
	double span_s;
	size_t n = samples(r, NULL, 0, &span_s);

	if (r->have_row && !r->verified)
		return;		/* a failed repetition measures nothing */
	if (!g) {
		sc->lat = gb_xrealloc(sc->lat, sc->nlat + 1, sizeof(*sc->lat));
		g = &sc->lat[sc->nlat++];
		memset(g, 0, sizeof(*g));
		snprintf(g->workload, sizeof(g->workload), "%s", r->workload);
		snprintf(g->mode, sizeof(g->mode), "%s", r->mode);
		snprintf(g->policy, sizeof(g->policy), "%s", pol);
		g->cpu_threads = cpu;
		g->switch_ms = r->switch_ms;
	}
	if (g->n + n > g->cap) {
		g->cap = (g->n + n) * 2;
		g->us = gb_xrealloc(g->us, g->cap, sizeof(*g->us));
	}
	samples(r, g->us + g->n, n, &span_s);
	g->n += n;
	g->reps++;
	/* The row's figure when there is one (the workload's own), else
	 * the trace's round trips per second. */
	if (g->nrates < GB_ARRAY_LEN(g->rates)) {
		double rate = r->have_row && !isnan(r->metric) ? r->metric
			      : span_s > 0 ? (double)n / span_s : NAN;

		if (!isnan(rate))
			g->rates[g->nrates++] = rate;
	}
	if (cpu && r->have_row && !isnan(r->metric2) &&
	    g->nworks < GB_ARRAY_LEN(g->works))
		g->works[g->nworks++] = r->metric2;
}

/* ---- the folder ------------------------------------------------------- */

/* Latency groups in the order of cdf_lines, then by CPU threads. */
static size_t line_rank(const struct latency_group *g)
{
	for (size_t k = 0; k < GB_ARRAY_LEN(cdf_lines); k++)
		if (strcmp(cdf_lines[k].mode, g->mode) == 0 &&
		    strcmp(cdf_lines[k].policy, g->policy) == 0)
			return k;
	return GB_ARRAY_LEN(cdf_lines);
}

static int cmp_group(const void *a, const void *b)
{
	const struct latency_group *x = a, *y = b;
	size_t rx = line_rank(x), ry = line_rank(y);

	if (strcmp(x->workload, y->workload))
		return strcmp(x->workload, y->workload);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (rx == GB_ARRAY_LEN(cdf_lines) && strcmp(x->mode, y->mode))
		return strcmp(x->mode, y->mode);
	return (x->cpu_threads > y->cpu_threads) -
	       (x->cpu_threads < y->cpu_threads);
}

static int cmp_scene(const void *a, const void *b)
{
	return strcmp(((const struct timeline_scene *)a)->name,
		      ((const struct timeline_scene *)b)->name);
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

struct scenes *scenes_load(const char *run_dir)
{
	struct scenes *sc = gb_xcalloc(1, sizeof(*sc));
	char *dir = sc->traces, path[4500], rows[4500], stem[128], err[512];
	struct dirent *de;
	DIR *dp;

	snprintf(sc->traces, sizeof(sc->traces), "%s/traces", run_dir);
	dp = opendir(dir);
	if (!dp)
		return sc;
	while ((de = readdir(dp))) {
		struct lock_trace *t;
		int timeline = strncmp(de->d_name, "timeline-", 9) == 0;
		int grouped = strncmp(de->d_name, "latency-", 8) == 0 ||
			      strncmp(de->d_name, "policy-", 7) == 0;

		if (!has_suffix(de->d_name, ".csv") ||
		    has_suffix(de->d_name, ".rows.csv") || !(timeline || grouped))
			continue;
		snprintf(stem, sizeof(stem), "%.*s",
			 (int)(strlen(de->d_name) - 4), de->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		snprintf(rows, sizeof(rows), "%s/%s.rows.csv", dir, stem);
		if (lock_trace_load(&t, path, rows, err, sizeof(err))) {
			if (!sc->err[0])
				snprintf(sc->err, sizeof(sc->err), "%s", err);
			continue;
		}
		for (size_t i = 0; i < t->n; i++) {
			if (timeline && i == 0)
				add_timeline(sc, stem, &t->reps[0]);
			if (grouped)
				add_latencies(sc, &t->reps[i]);
		}
		lock_trace_free(t);
	}
	closedir(dp);
	qsort(sc->tl, sc->ntl, sizeof(*sc->tl), cmp_scene);
	qsort(sc->lat, sc->nlat, sizeof(*sc->lat), cmp_group);
	return sc;
}

void scenes_free(struct scenes *sc)
{
	if (!sc)
		return;
	for (size_t i = 0; i < sc->nlat; i++)
		free(sc->lat[i].us);
	free(sc->lat);
	free(sc->tl);
	free(sc);
}

/* ---- charts ---- */

/* The next chart of out, cleared, with its name, title and caption. */
static struct chart *next_chart(struct chart *out, size_t *n, size_t max,
				enum chart_id id, const char *name,
				const char *title, const char *caption)
{
	struct chart *c;

	if (*n == max)
		return NULL;
	c = &out[(*n)++];
	memset(c, 0, sizeof(*c));
	c->id = id;
	c->topic = TOPIC_LOCK;
	snprintf(c->name, sizeof(c->name), "%s", name);
	text_setf(&c->title, "%s", title);
	text_setf(&c->caption, "%s", caption);
	return c;
}

/* Each timeline: the trace read again, as the scene keeps only its
 * figures. */
static int write_timelines(const struct scenes *sc, const char *dir,
			   struct chart *out, size_t *n, size_t max)
{
	for (size_t i = 0; i < sc->ntl; i++) {
		const struct timeline_scene *s = &sc->tl[i];
		char path[4500], rows[4500], err[512], *labels[8] = { 0 };
		char lab[8][48];
		struct lock_trace *t;
		struct chart *c;
		int rc;

		snprintf(path, sizeof(path), "%s/%s.csv", sc->traces, s->name);
		snprintf(rows, sizeof(rows), "%s/%s.rows.csv", sc->traces,
			 s->name);
		if (lock_trace_load(&t, path, rows, err, sizeof(err)))
			continue;
		for (unsigned k = 0; k < t->reps[0].nth && k < 8; k++) {
			scene_thread_label(&t->reps[0], k, lab[k],
					   sizeof(lab[k]));
			labels[k] = lab[k];
		}
		c = next_chart(out, n, max, CHART_TIMELINE, s->name, s->title,
			       s->caption);
		rc = !c ? 0 : t->n ? chart_timeline(c, dir, &t->reps[0],
				     &s->figs.w, (const char *const *)labels)
			  : -EINVAL;
		lock_trace_free(t);
		if (rc == -EINVAL) {
			charts_free(c, 1);
			(*n)--;		/* nothing to draw */
		} else if (rc) {
			return rc;
		}
	}
	return 0;
}

static int write_cdfs(const struct scenes *sc, const char *dir,
		      struct chart *out, size_t *n, size_t max)
{
	unsigned most = 0;

	for (size_t i = 0; i < sc->nlat; i++)
		if (strcmp(sc->lat[i].workload, SCENE_LATENCY_WL) == 0 &&
		    sc->lat[i].cpu_threads > most)
			most = sc->lat[i].cpu_threads;
	for (unsigned cpu = 1; cpu <= most; cpu++) {
		struct cdf_series ser[GB_ARRAY_LEN(cdf_lines)];
		char name[64], title[160];
		double mark = NAN;
		size_t k = 0;
		struct chart *c;
		int rc;

		for (size_t l = 0; l < GB_ARRAY_LEN(cdf_lines); l++) {
			const struct latency_group *g = scenes_group(
				sc, SCENE_LATENCY_WL, cdf_lines[l].mode,
				cdf_lines[l].policy, cpu);

			if (!g || !g->n)
				continue;
			ser[k++] = (struct cdf_series){ cdf_lines[l].title,
				cdf_lines[l].mode, cdf_lines[l].variant, NULL,
				g->us, g->n };
			if (strcmp(g->mode, "gil") == 0)
				mark = g->switch_ms;
		}
		if (!k)
			continue;
		snprintf(name, sizeof(name), SCENE_CDF_STEM, cpu);
		snprintf(title, sizeof(title), "A waking thread's wait for the "
			 "GIL beside %u CPU thread%s", cpu, cpu > 1 ? "s" : "");
		c = next_chart(out, n, max, CHART_LATENCY_CDF, name, title,
			       "The higher a line at a given wait, the more "
			       "wake-ups were served within it; the dotted grey "
			       "line is the switch interval.");
		rc = c ? chart_cdf(c, dir, "wait for the GIL after waking",
				   "wake-ups that waited at most this long",
				   ser, k, isnan(mark) ? 0 : mark,
				   "switch interval") : 0;
		if (rc)
			return rc;
	}
	return 0;
}

static double median_of(const double *x, size_t n)
{
	return n ? stats_median(x, n) : NAN;
}

static int write_policies(const struct scenes *sc, const char *dir,
			  struct chart *out, size_t *n, size_t max)
{
	struct policy_bar bars[GB_ARRAY_LEN(cdf_lines)];
	size_t k = 0, gil = 0;
	struct chart *c;

	/* The lines of the CDF charts that are policies of the new GIL, and
	 * threads as the yardstick, in their colours. */
	for (size_t l = 0; l < GB_ARRAY_LEN(cdf_lines); l++) {
		const struct latency_group *g0, *g1;

		if (strcmp(cdf_lines[l].mode, "gil") &&
		    strcmp(cdf_lines[l].mode, "threads"))
			continue;
		g0 = scenes_group(sc, SCENE_POLICY_WL, cdf_lines[l].mode,
				  cdf_lines[l].policy, 0);
		g1 = scenes_group(sc, SCENE_POLICY_WL, cdf_lines[l].mode,
				  cdf_lines[l].policy, 1);
		if (!g1)
			continue;
		gil += strcmp(cdf_lines[l].mode, "gil") == 0;
		bars[k++] = (struct policy_bar){ cdf_lines[l].short_title,
			cdf_lines[l].mode, cdf_lines[l].variant, NULL,
			g0 ? median_of(g0->rates, g0->nrates) : NAN,
			median_of(g1->rates, g1->nrates),
			median_of(g1->works, g1->nworks) / 1e6 };
	}
	if (gil < 2)
		return 0;
	c = next_chart(out, n, max, CHART_POLICIES, SCENE_POLICY_STEM,
		       "Who gets the lock next: the I/O thread's rate and the "
		       "CPU thread's work", "Left, the I/O thread's round trips "
		       "per second alone and beside one CPU thread (log scale); "
		       "right, the work that CPU thread got done meanwhile. A "
		       "policy that lifts the left bar lowers the right one.");
	return c ? chart_policy(c, dir, bars, k) : 0;
}

int scenes_write_charts(const struct scenes *sc, const char *plots_dir,
			struct chart *out, size_t max)
{
	size_t n = 0;
	int rc = write_timelines(sc, plots_dir, out, &n, max);

	if (!rc)
		rc = write_cdfs(sc, plots_dir, out, &n, max);
	if (!rc)
		rc = write_policies(sc, plots_dir, out, &n, max);
	if (rc)
		charts_free(out, n);
	return rc ? rc : (int)n;
}
