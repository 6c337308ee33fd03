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
#include "bench/output/human.h"
#include "bench/output/style.h"
#include "workloads/about.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A latency in microseconds, in human.c's units ("4.98 ms", "37.0 us"). */
#define human_us(buf, len, us) human_seconds((buf), (len), (us) / 1e6)

const struct scene_line scene_lines[] = {
	{ "threads", "", "threads (no GIL)", "no GIL (threads)", 0 },
	{ "gil", "cpython", "gil (CPython's)", "cpython", 0 },
	{ "gil", "io-priority", "gil, io-priority", "io-priority", 1 },
	{ "gil", "fifo", "gil, fifo", "fifo", 2 },
	{ "gil-legacy", "", "gil-legacy", "gil-legacy", 0 },
};
const size_t scene_nlines = GB_ARRAY_LEN(scene_lines);
_Static_assert(GB_ARRAY_LEN(scene_lines) <= SCENE_LINES_MAX,
	       "scene_charts.c keeps SCENE_LINES_MAX lines");

enum scene_kind scene_kind_of(const struct lt_rep *r)
{
	/* A trace read without its rows knows the kind from the registry. */
	struct workload_about a = { .kind = "" };
	const char *kind = r->kind[0] || gb_workload_about(r->workload, &a) ?
			   r->kind : a.kind;
	int cpu = strcmp(kind, "cpu") == 0;

	if (strcmp(r->workload, "convoy") == 0)
		return SK_CONVOY;
	/* Real CPython (cpython-3.11, cpython-2.7): the new GIL or the old. */
	if ((strcmp(r->mode, "gil") == 0 ||
	     strncmp(r->mode, "cpython-3", 9) == 0) && cpu)
		return SK_GIL_CPU;
	if ((strcmp(r->mode, "gil-legacy") == 0 ||
	     strncmp(r->mode, "cpython-2", 9) == 0) && cpu)
		return SK_LEGACY_CPU;
	return strcmp(kind, "native") == 0 ? SK_NATIVE : SK_OTHER;
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

/* A real CPython's scene: what the trace can show (no drop requests,
 * no futile wake-ups: those happen inside take_gil, which is inlined),
 * and that a trap per event slows what it shows. */
static void describe_real(struct timeline_scene *s, const struct lt_rep *r)
{
	const struct scene_figs *f = &s->figs;
	char a[32], b[32];

	switch (s->kind) {
	case SK_GIL_CPU:
		text_setf(&s->title, "Real CPython %s: the same two threads, "
			  "traced with uprobes", s->version);
		text_setf(&s->caption, "The real lock of the scene above, "
			  "seen through probes on take_gil and drop_gil of "
			  "CPython's own library: want at take_gil's entry, "
			  "take at its return, drop at drop_gil. Look for the "
			  "same hand-over about every switch interval: %zu "
			  "hand-offs a median %.2f ms apart in this %.0f ms "
			  "window. CPython sets its drop requests inside "
			  "take_gil, which the probes cannot see, so this "
			  "timeline has no request marks; a forced drop is the "
			  "holder's drop_gil while another thread waited.",
			  f->handoffs, f->handoff_med_ms, f->window_ms);
		break;
	case SK_LEGACY_CPU:
		text_setf(&s->title, "Real CPython %s: the old GIL, traced "
			  "with uprobes", s->version);
		text_setf(&s->caption, "The real lock of the scene above, "
			  "through probes on CPython 2's lock acquire and "
			  "release of its interpreter lock. Every 100 ticks the "
			  "holder releases the lock and takes it straight back. "
			  "Each probe is a trap of some microseconds, and 2.7 "
			  "releases and retakes its lock thousands of times a "
			  "second, so the traced run is many times slower than "
			  "the untraced one (the overhead table below): it "
			  "shows the order of 2.7's events, not their pace. "
			  "%zu hand-offs in this %.0f ms window.", f->handoffs,
			  f->window_ms);
		break;
	case SK_CONVOY:
		human_us(a, sizeof(a), f->rt_p50_us);
		human_us(b, sizeof(b), f->rt_p90_us);
		text_setf(&s->title, "Real CPython %s: the convoy, traced with "
			  "uprobes", s->version);
		text_setf(&s->caption, "The real convoy of the scene above: "
			  "the I/O thread (top) gives the lock away at every "
			  "call (PyEval_SaveThread) and wants it back when the "
			  "call returns; the CPU thread holds it in between. "
			  "Median round trip %s, p90 %s, %.0f round trips/s "
			  "traced (the probes slow the I/O thread's bid for the "
			  "lock: the untraced rate is in the overhead table).",
			  a, b, f->rt_rate);
		break;
	default:
		text_setf(&s->title, "Real CPython %s: %s, %u threads",
			  s->version, r->workload, r->nth);
		text_setf(&s->caption, "Traced with uprobes: %zu hand-offs in "
			  "the window.", f->handoffs);
	}
}

static void describe(struct timeline_scene *s, const struct lt_rep *r)
{
	if (s->real) {
		describe_real(s, r);
		return;
	}
	{
	/* The I/O thread's row (convoy: task 0), 0 or 1. */
	const int io = lt_thread_of_task(r, 0) == 1;
	const struct scene_figs *f = &s->figs;
	char sw[32] = "", a[32], b[32], c[32], slow[16];

	if (!isnan(f->switch_ms))
		snprintf(sw, sizeof(sw), "%g ms", f->switch_ms);
	switch (s->kind) {
	case SK_GIL_CPU:
		text_setf(&s->title, "Two CPU-bound threads "
			 "under the GIL (switch interval %s)", sw);
		text_setf(&s->caption, "Look for: one thread runs (green) "
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
		text_setf(&s->title, "The same two threads "
			 "under the old GIL (CPython 2 and 3.1)");
		text_setf(&s->caption, "Look for: the marks on the waiting "
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
			text_setf(&s->title, "The cure: the "
				 "I/O thread served first (io-priority)");
			text_setf(&s->caption, "Look for (%.0f ms shown): "
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
			text_setf(&s->title, "Fair is not fast: "
				 "hand-off in arrival order (fifo)");
			text_setf(&s->caption, "Look for: the I/O thread "
				 "queues behind the CPU thread at every call and "
				 "waits out an interval or two (red) before a drop "
				 "request hands it the lock. Fairness removes the "
				 "lucky races that let CPython's I/O thread keep "
				 "the lock: %s of the round trips waited out an "
				 "interval (median %s, p90 %s), %s round trips/s.",
				 slow, a, b, c);
		} else {
			text_setf(&s->title, "The convoy: an "
				 "I/O thread beside one CPU thread (%s)", sw);
			text_setf(&s->caption, "Look for: the I/O thread "
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
		text_setf(&s->title, "Native code under the "
			 "GIL: both threads at once");
		text_setf(&s->caption, "Look for: both rows blue at the same "
			 "time. Each native call releases the GIL (as hashlib or "
			 "NumPy do), so the threads hold it only for slivers "
			 "between calls: neither waited during %.0f%% of the "
			 "window, and two threads finish in about half the time "
			 "of one.", 100 * f->overlap);
		break;
	default:
		text_setf(&s->title, "%s under %s, %u threads",
			 r->workload, r->mode, r->nth);
		text_setf(&s->caption, "Green: holds the GIL; red: waits "
			 "for it; blue: in a blocking call or native code. "
			 "%zu hand-offs in the window, %llu futile wake-ups.",
			 f->handoffs, (unsigned long long)f->futile);
	}
	if (f->full)
		text_addf(&s->caption, " ", "(A thread's trace buffer "
			   "filled: the trace stops early.)");
	}
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

/* The gaps between hand-offs and the round trips of the whole
 * repetition, for the fidelity rows. */
static void whole_samples(struct timeline_scene *s, const struct lt_rep *r)
{
	struct lt_window w;
	size_t n;

	lt_window(r, 0, 0, &w);
	s->span_ms = (double)(w.t1 - w.t0) / 1e6;
	n = lt_handoff_gaps(r, &w, NULL, 0);
	s->gaps = gb_xcalloc(n ? n : 1, sizeof(*s->gaps));
	s->ngaps = lt_handoff_gaps(r, &w, s->gaps, n);
	n = lt_round_trips(r, NULL, 0, NULL);
	s->rt = gb_xcalloc(n ? n : 1, sizeof(*s->rt));
	s->nrt = lt_round_trips(r, s->rt, n, NULL);
}

/* A timeline; real, with its twin and version, for real CPython's. */
static void add_timeline(struct scenes *sc, const char *stem,
			 const struct lt_rep *r, const struct real_scene *real)
{
	struct timeline_scene *s;

	sc->tl = gb_xrealloc(sc->tl, sc->ntl + 1, sizeof(*sc->tl));
	s = &sc->tl[sc->ntl++];
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", stem);
	snprintf(s->mode, sizeof(s->mode), "%s", r->mode);
	snprintf(s->policy, sizeof(s->policy), "%s", r->policy);
	if (real) {
		s->real = 1;
		snprintf(s->twin, sizeof(s->twin), "%s", real->twin);
		snprintf(s->version, sizeof(s->version), "%s", real->version);
	}
	s->kind = scene_kind_of(r);
	/* A real scene over its twin's window, so the two compare. */
	s->window_ms = window_of(sc, real ? real->twin : stem);
	scene_figures(r, 0, s->window_ms, &s->figs);
	whole_samples(s, r);
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

/* Latency groups in the order of scene_lines, then by CPU threads. */
static size_t line_rank(const struct latency_group *g)
{
	for (size_t k = 0; k < scene_nlines; k++)
		if (strcmp(scene_lines[k].mode, g->mode) == 0 &&
		    strcmp(scene_lines[k].policy, g->policy) == 0)
			return k;
	return scene_nlines;
}

static int cmp_group(const void *a, const void *b)
{
	const struct latency_group *x = a, *y = b;
	size_t rx = line_rank(x), ry = line_rank(y);

	if (strcmp(x->workload, y->workload))
		return strcmp(x->workload, y->workload);
	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (rx == scene_nlines && strcmp(x->mode, y->mode))
		return strcmp(x->mode, y->mode);
	return (x->cpu_threads > y->cpu_threads) -
	       (x->cpu_threads < y->cpu_threads);
}

/* By name, a real scene right after its twin. */
static int cmp_scene(const void *a, const void *b)
{
	const struct timeline_scene *x = a, *y = b;
	int c = strcmp(x->real ? x->twin : x->name, y->real ? y->twin
		       : y->name);

	return c ? c : x->real - y->real;
}

static int has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);

	return n >= m && strcmp(s + n - m, suf) == 0;
}

/* Real CPython's scenes (cpython.h): each traced one a timeline. */
static void add_real(struct scenes *sc)
{
	char path[4500], rows[4500], err[512];

	cpython_traces_load(&sc->real, sc->traces);
	for (size_t i = 0; i < sc->real.nscene; i++) {
		const struct real_scene *rs = &sc->real.scene[i];
		struct lock_trace *t;

		if (!rs->traced)
			continue;
		snprintf(path, sizeof(path), "%s/%s.csv", sc->traces, rs->name);
		snprintf(rows, sizeof(rows), "%s/%s.rows.csv", sc->traces,
			 rs->name);
		if (lock_trace_load(&t, path, rows, err, sizeof(err))) {
			if (!sc->err[0])
				snprintf(sc->err, sizeof(sc->err), "%s", err);
			continue;
		}
		if (t->n)
			add_timeline(sc, rs->name, &t->reps[0], rs);
		lock_trace_free(t);
	}
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
				add_timeline(sc, stem, &t->reps[0], NULL);
			if (grouped)
				add_latencies(sc, &t->reps[i]);
		}
		lock_trace_free(t);
	}
	closedir(dp);
	add_real(sc);
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
	for (size_t i = 0; i < sc->ntl; i++) {
		text_free(&sc->tl[i].title);
		text_free(&sc->tl[i].caption);
		free(sc->tl[i].gaps);
		free(sc->tl[i].rt);
	}
	cpython_traces_free(&sc->real);
	free(sc->lat);
	free(sc->tl);
	free(sc);
}
