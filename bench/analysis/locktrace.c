/*
 * locktrace.c - see locktrace.h. Loading keeps the events of each
 * repetition in time order (the file has them so), then walks each
 * thread's events once to make its spans. Every figure is computed from
 * the spans and events alone.
 */
#include "bench/analysis/locktrace.h"
#include "bench/core/util.h"
#include "bench/output/csv.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const lt_ev_names[LT__NEV] = {
	"want", "take", "drop_request", "drop", "forced_drop", "block_begin",
	"block_end", "futile",
};

static int bad(char *err, size_t errlen, const char *path, long line,
	       const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int bad(char *err, size_t errlen, const char *path, long line,
	       const char *fmt, ...)
{
	int n = snprintf(err, errlen, "%s:%ld: ", path, line);
	va_list ap;

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < errlen)
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static struct lt_rep *find_rep(struct lock_trace *t, const char *wl,
			       const char *mode, unsigned workers,
			       uint64_t tasks, unsigned rep, int add)
{
	struct lt_rep *r;

	/* The file is written a repetition at a time: the last one is
	 * nearly always it. */
	for (size_t i = t->n; i-- > 0;) {
		r = &t->reps[i];
		if (r->workers == workers && r->tasks == tasks &&
		    r->rep == rep && strcmp(r->mode, mode) == 0 &&
		    strcmp(r->workload, wl) == 0)
			return r;
	}
	if (!add)
		return NULL;
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 8;
		t->reps = gb_xrealloc(t->reps, t->cap, sizeof(*t->reps));
	}
	r = &t->reps[t->n++];
	memset(r, 0, sizeof(*r));
	snprintf(r->workload, sizeof(r->workload), "%s", wl);
	snprintf(r->mode, sizeof(r->mode), "%s", mode);
	r->workers = workers;
	r->tasks = tasks;
	r->rep = rep;
	r->switch_ms = r->metric = r->metric2 = NAN;
	return r;
}

static void add_event(struct lt_rep *r, const struct lt_event *e)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 1024;
		r->ev = gb_xrealloc(r->ev, r->cap, sizeof(*r->ev));
	}
	r->ev[r->n++] = *e;
	if (e->thread >= r->nth) {
		r->th = gb_xrealloc(r->th, e->thread + 1u, sizeof(*r->th));
		for (unsigned k = r->nth; k <= e->thread; k++) {
			memset(&r->th[k], 0, sizeof(r->th[k]));
			r->th[k].task = -1;
			r->th[k].first = UINT64_MAX;
		}
		r->nth = e->thread + 1u;
	}
	if (e->ev == LT_TAKE)
		r->has_lock = 1;
}

static void add_span(struct lt_thread *th, uint64_t t0, uint64_t t1,
		     enum lt_state s)
{
	if (t1 <= t0 || s == LT_OFF)
		return;
	if (th->nspans && th->spans[th->nspans - 1].state == s &&
	    th->spans[th->nspans - 1].t1 == t0) {
		th->spans[th->nspans - 1].t1 = t1;
		return;
	}
	if (th->nspans == th->capspans) {
		th->capspans = th->capspans ? 2 * th->capspans : 64;
		th->spans = gb_xrealloc(th->spans, th->capspans,
					sizeof(*th->spans));
	}
	th->spans[th->nspans++] = (struct lt_span){ t0, t1, s };
}

/* One walk per thread: the state each event leaves it in. */
static void make_spans(struct lt_rep *r)
{
	enum lt_state *st = gb_xcalloc(r->nth ? r->nth : 1, sizeof(*st));
	uint64_t *since = gb_xcalloc(r->nth ? r->nth : 1, sizeof(*since));

	for (size_t i = 0; i < r->n; i++) {
		const struct lt_event *e = &r->ev[i];
		struct lt_thread *th = &r->th[e->thread];
		enum lt_state cur = st[e->thread], next = cur;

		if (th->first == UINT64_MAX)
			th->first = e->t;
		th->last = e->t;
		if (th->task < 0 && e->task >= 0)
			th->task = e->task;
		switch (e->ev) {
		case LT_WANT:
			next = LT_WAIT;
			break;
		case LT_TAKE:
			next = LT_RUN;
			break;
		case LT_DROP:
			/* Inside a blocking section the lock goes, the
			 * state stays; else the thread let go of it (it
			 * leaves, or a legacy tick wants it back at once). */
			next = cur == LT_BLOCK ? LT_BLOCK : LT_OFF;
			break;
		case LT_FORCED_DROP:
			next = cur == LT_BLOCK ? LT_BLOCK : LT_WAIT;
			break;
		case LT_BLOCK_BEGIN:
			next = LT_BLOCK;
			break;
		case LT_BLOCK_END:
			/* Under a lock it wants it back at once. */
			next = r->has_lock ? LT_WAIT : LT_RUN;
			break;
		default:	/* marks */
			break;
		}
		if (next != cur) {
			add_span(th, since[e->thread], e->t, cur);
			st[e->thread] = next;
			since[e->thread] = e->t;
		}
	}
	/* A state lasts until the thread's last event. */
	for (unsigned k = 0; k < r->nth; k++)
		add_span(&r->th[k], since[k], r->th[k].last, st[k]);
	free(st);
	free(since);
}

static int ev_of(const char *name)
{
	for (int i = 0; i < LT__NEV; i++)
		if (strcmp(lt_ev_names[i], name) == 0)
			return i;
	return -1;
}

enum { C_WL, C_MODE, C_WORKERS, C_TASKS, C_REP, C_T, C_THREAD, C_TASK,
       C_EVENT, C_ARG, C_NOTE, C__N };
static const char *const trace_cols[C__N] = {
	"workload", "mode", "workers", "tasks", "rep", "t_ns", "thread",
	"task", "event", "arg", "note",
};

static int num(const char *txt, uint64_t max, uint64_t *v)
{
	return gb_parse_u64(txt, 0, max, v);
}

static int load_trace(struct lock_trace *t, FILE *fp, const char *path,
		      char *err, size_t errlen)
{
	struct csv_reader *rd;
	int idx[C__N], n, nhead, rc = 0;
	char **f;
	long line = 1;

	if (csv_reader_open(&rd, fp))
		return -ENOMEM;
	nhead = csv_read(rd, &f, &line);
	if (nhead <= 0) {
		csv_reader_close(rd);
		return bad(err, errlen, path, 1, "no header line (is this a "
			   "trace written by bin/bench --trace?)");
	}
	for (int c = 0; c < C__N; c++) {
		idx[c] = csv_col_index(f, nhead, trace_cols[c]);
		/* Only the note is optional. */
		if (idx[c] < 0 && c != C_NOTE) {
			csv_reader_close(rd);
			return bad(err, errlen, path, 1, "the header lacks "
				   "column '%s' (is this a trace written by "
				   "bin/bench --trace?)", trace_cols[c]);
		}
	}
	while (!rc && (n = csv_read(rd, &f, &line)) != 0) {
		uint64_t workers, tasks, rep, tns, thread, task = 0, arg;
		struct lt_event e;
		struct lt_rep *r;
		int ev;

		if (n != nhead) {
			rc = bad(err, errlen, path, line, "%d fields, the "
				 "header has %d", n, nhead);
			break;
		}
		ev = ev_of(f[idx[C_EVENT]]);
		if (ev < 0) {
			rc = bad(err, errlen, path, line, "unknown event '%s'",
				 f[idx[C_EVENT]]);
			break;
		}
		if (num(f[idx[C_WORKERS]], 1u << 20, &workers) ||
		    num(f[idx[C_TASKS]], UINT64_MAX, &tasks) ||
		    num(f[idx[C_REP]], 1u << 30, &rep) ||
		    num(f[idx[C_T]], UINT64_MAX, &tns) ||
		    num(f[idx[C_THREAD]], 65535, &thread) || thread < 1 ||
		    (f[idx[C_TASK]][0] &&
		     num(f[idx[C_TASK]], INT64_MAX, &task)) ||
		    num(f[idx[C_ARG]], UINT32_MAX, &arg)) {
			rc = bad(err, errlen, path, line, "a number column "
				 "holds something else");
			break;
		}
		r = find_rep(t, f[idx[C_WL]], f[idx[C_MODE]],
			     (unsigned)workers, tasks, (unsigned)rep, 1);
		if (r->n && tns < r->ev[r->n - 1].t) {
			rc = bad(err, errlen, path, line, "t_ns goes back in "
				 "time (%llu after %llu)",
				 (unsigned long long)tns,
				 (unsigned long long)r->ev[r->n - 1].t);
			break;
		}
		e = (struct lt_event){
			.t = tns, .arg = (uint32_t)arg,
			.thread = (uint16_t)(thread - 1), .ev = (uint8_t)ev,
			.task = f[idx[C_TASK]][0] ? (int64_t)task : -1,
		};
		add_event(r, &e);
		if (idx[C_NOTE] >= 0 && f[idx[C_NOTE]][0])
			r->th[e.thread].full = 1;
	}
	if (n < 0 && !rc)
		rc = bad(err, errlen, path, line, "malformed quoting");
	csv_reader_close(rd);
	return rc;
}

/* The rows bin/bench wrote beside the trace: the figures of each
 * repetition. Columns by name, as the summary reads them. */
static void load_rows(struct lock_trace *t, FILE *fp)
{
	static const char *const want[] = {
		"workload", "mode", "workers", "tasks", "rep", "verified",
		"kind", "gil_policy", "switch_interval_ms", "metric", "metric2",
	};
	int idx[GB_ARRAY_LEN(want)], n, nhead;
	struct csv_reader *rd;
	char **f;
	long line;

	if (csv_reader_open(&rd, fp))
		return;
	nhead = csv_read(rd, &f, &line);
	for (size_t c = 0; nhead > 0 && c < GB_ARRAY_LEN(want); c++)
		idx[c] = csv_col_index(f, nhead, want[c]);
	while (nhead > 0 && (n = csv_read(rd, &f, &line)) > 0) {
		uint64_t w, tasks, rep;
		struct lt_rep *r;
		double v;

		if (n != nhead || idx[0] < 0 || idx[1] < 0 || idx[2] < 0 ||
		    idx[3] < 0 || idx[4] < 0 ||
		    num(f[idx[2]], 1u << 20, &w) ||
		    num(f[idx[3]], UINT64_MAX, &tasks) ||
		    num(f[idx[4]], 1u << 30, &rep))
			continue;
		r = find_rep(t, f[idx[0]], f[idx[1]], (unsigned)w, tasks,
			     (unsigned)rep, 0);
		if (!r)
			continue;
		r->have_row = 1;
		r->verified = idx[5] >= 0 && strcmp(f[idx[5]], "true") == 0;
		if (idx[6] >= 0)
			snprintf(r->kind, sizeof(r->kind), "%s", f[idx[6]]);
		if (idx[7] >= 0)
			snprintf(r->policy, sizeof(r->policy), "%s", f[idx[7]]);
		if (idx[8] >= 0 && !gb_parse_double(f[idx[8]], 0, 1e9, &v))
			r->switch_ms = v;
		if (idx[9] >= 0 && !gb_parse_double(f[idx[9]], -1e300, 1e300,
						    &v))
			r->metric = v;
		if (idx[10] >= 0 && !gb_parse_double(f[idx[10]], -1e300,
						     1e300, &v))
			r->metric2 = v;
	}
	csv_reader_close(rd);
}

int lock_trace_load(struct lock_trace **out, const char *trace_path,
		    const char *rows_path, char *err, size_t errlen)
{
	struct lock_trace *t = gb_xcalloc(1, sizeof(*t));
	FILE *fp = fopen(trace_path, "r");
	int rc;

	*out = NULL;
	if (!fp) {
		rc = -errno;
		snprintf(err, errlen, "cannot read '%s': %s", trace_path,
			 strerror(-rc));
		free(t);
		return rc;
	}
	rc = load_trace(t, fp, trace_path, err, errlen);
	fclose(fp);
	if (rc) {
		lock_trace_free(t);
		return rc;
	}
	for (size_t i = 0; i < t->n; i++)
		make_spans(&t->reps[i]);
	if (rows_path && (fp = fopen(rows_path, "r"))) {
		load_rows(t, fp);
		fclose(fp);
	}
	*out = t;
	return 0;
}

void lock_trace_free(struct lock_trace *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		struct lt_rep *r = &t->reps[i];

		for (unsigned k = 0; k < r->nth; k++)
			free(r->th[k].spans);
		free(r->th);
		free(r->ev);
	}
	free(t->reps);
	free(t);
}

void lt_window(const struct lt_rep *r, double from_ms, double len_ms,
	       struct lt_window *w)
{
	uint64_t start = 0, end = UINT64_MAX;

	for (unsigned k = 0; k < r->nth; k++) {
		if (r->th[k].first == UINT64_MAX)
			continue;
		if (r->th[k].first > start)
			start = r->th[k].first;
		if (r->th[k].last < end)
			end = r->th[k].last;
	}
	if (end == UINT64_MAX)
		end = start;
	w->t0 = start + (uint64_t)(from_ms > 0 ? from_ms * 1e6 : 0);
	w->t1 = len_ms > 0 ? w->t0 + (uint64_t)(len_ms * 1e6) : end;
	if (w->t1 > end)
		w->t1 = end;
	if (w->t1 < w->t0)
		w->t1 = w->t0;
}

static int inside(const struct lt_window *w, uint64_t t)
{
	return !w || (t >= w->t0 && t <= w->t1);
}

size_t lt_handoff_gaps(const struct lt_rep *r, const struct lt_window *w,
		       double *gaps, size_t max)
{
	int last_taker = -1;
	uint64_t last_switch = 0;
	int have_switch = 0;
	size_t n = 0;

	for (size_t i = 0; i < r->n; i++) {
		const struct lt_event *e = &r->ev[i];

		if (e->ev != LT_TAKE)
			continue;
		if (last_taker >= 0 && e->thread != last_taker &&
		    inside(w, e->t)) {
			if (have_switch) {
				if (n < max)
					gaps[n] = (double)(e->t - last_switch)
						  / 1e6;
				n++;
			}
			have_switch = 1;
			last_switch = e->t;
		}
		last_taker = e->thread;
	}
	return n;
}

uint64_t lt_count(const struct lt_rep *r, enum lt_ev ev,
		  const struct lt_window *w)
{
	uint64_t n = 0;

	for (size_t i = 0; i < r->n; i++)
		n += r->ev[i].ev == ev && inside(w, r->ev[i].t);
	return n;
}

static uint64_t clip(uint64_t t0, uint64_t t1, const struct lt_window *w)
{
	uint64_t a = t0 > w->t0 ? t0 : w->t0, b = t1 < w->t1 ? t1 : w->t1;

	return b > a ? b - a : 0;
}

double lt_share(const struct lt_rep *r, unsigned k, enum lt_state s,
		const struct lt_window *w)
{
	uint64_t in = 0;

	if (k >= r->nth || w->t1 <= w->t0)
		return NAN;
	for (size_t i = 0; i < r->th[k].nspans; i++) {
		const struct lt_span *sp = &r->th[k].spans[i];

		if (sp->state == s)
			in += clip(sp->t0, sp->t1, w);
	}
	return (double)in / (double)(w->t1 - w->t0);
}

double lt_overlap(const struct lt_rep *r, const struct lt_window *w)
{
	uint64_t t = w->t0, good = 0;
	size_t *pos = gb_xcalloc(r->nth ? r->nth : 1, sizeof(*pos));

	if (w->t1 <= w->t0 || !r->nth) {
		free(pos);
		return NAN;
	}
	/* Sweep the window from one span edge to the next. */
	while (t < w->t1) {
		uint64_t next = w->t1;
		int all = 1;

		for (unsigned k = 0; k < r->nth; k++) {
			const struct lt_thread *th = &r->th[k];
			enum lt_state s = LT_OFF;

			while (pos[k] < th->nspans && th->spans[pos[k]].t1 <= t)
				pos[k]++;
			if (pos[k] < th->nspans) {
				const struct lt_span *sp = &th->spans[pos[k]];

				if (sp->t0 <= t) {
					s = sp->state;
					if (sp->t1 < next)
						next = sp->t1;
				} else if (sp->t0 < next) {
					next = sp->t0;
				}
			}
			all &= s == LT_RUN || s == LT_BLOCK;
		}
		if (all)
			good += next - t;
		t = next;
	}
	free(pos);
	return (double)good / (double)(w->t1 - w->t0);
}

int lt_thread_of_task(const struct lt_rep *r, int64_t task)
{
	for (unsigned k = 0; k < r->nth; k++)
		if (r->th[k].task == task)
			return (int)k;
	return -1;
}

size_t lt_round_trips(const struct lt_rep *r, double *lat, size_t max,
		      double *span_s)
{
	int io = lt_thread_of_task(r, 0);
	uint64_t begin = 0, first = 0, last = 0;
	size_t sections = 0, n = 0;
	int back = 0;		/* the read returned; waiting to run */

	if (span_s)
		*span_s = 0;
	if (strcmp(r->workload, "convoy") || io < 0)
		return 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct lt_event *e = &r->ev[i];
		uint64_t end;

		if (e->thread != io)
			continue;
		if (e->ev == LT_BLOCK_BEGIN) {
			/* Section 0 waits for the CPU threads; then odd
			 * ones are writes, even ones reads. */
			if (sections % 2 == 1)
				begin = e->t;
			sections++;
			continue;
		}
		/* The read's end: three sections or more began, an odd
		 * number (the write's end comes after an even one). */
		if (e->ev == LT_BLOCK_END && sections >= 3 &&
		    sections % 2 == 1)
			back = 1;
		if (!back)
			continue;
		if (r->has_lock ? e->ev != LT_TAKE : e->ev != LT_BLOCK_END)
			continue;
		back = 0;
		end = e->t;
		if (n < max)
			lat[n] = (double)(end - begin) / 1e3;
		if (!n)
			first = begin;
		last = end;
		n++;
	}
	if (span_s && n)
		*span_s = (double)(last - first) / 1e9;
	return n;
}

size_t lt_call_waits(const struct lt_rep *r, double *out, size_t max)
{
	int th = lt_thread_of_task(r, 0), back = 0;
	uint64_t since = 0;
	size_t calls = 0, n = 0;

	if (th < 0)
		return 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct lt_event *e = &r->ev[i];

		if (e->thread != th)
			continue;
		if (e->ev == LT_BLOCK_END && calls++ > 0) {
			since = e->t;
			back = 1;
			if (r->has_lock)
				continue;
		}
		if (!back || (r->has_lock && e->ev != LT_TAKE))
			continue;
		back = 0;
		if (n < max)
			out[n] = (double)(e->t - since) / 1e3;
		n++;
	}
	return n;
}
