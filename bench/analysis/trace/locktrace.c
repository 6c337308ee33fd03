/*
 * locktrace.c - see locktrace.h. Loading keeps the events of each
 * repetition in time order (the file has them so), then walks each
 * thread's events once to make its spans. Every figure is computed from
 * the spans and events alone.
 */
#include "bench/analysis/trace/locktrace.h"
#include "bench/core/util.h"
#include "bench/analysis/model/row.h"
#include "bench/output/csv.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* A row of a trace (core/trace.h's columns). */
struct trace_row {
	GB_TRACE_COLUMNS(SCHEMA_MEMBER)
};

static const struct col_spec trace_cols[] = {
#define SCHEMA_ROW struct trace_row
	GB_TRACE_COLUMNS(SCHEMA_SPEC)
#undef SCHEMA_ROW
};
enum {
#define TRACE_ENUM(id, name, m, type, lo, hi, flags) TRACE_COL_##id,
	GB_TRACE_COLUMNS(TRACE_ENUM)
#undef TRACE_ENUM
};
static const char *const event_words[] = {
#define TRACE_EV_NAME(id, name) name,
	GB_TRACE_EVENTS(TRACE_EV_NAME)
#undef TRACE_EV_NAME
	NULL
};
static const char *const *const trace_words[GB_ARRAY_LEN(trace_cols)] = {
	[TRACE_COL_EVENT] = event_words,
};
const struct csv_schema trace_csv = {
	.what = "a trace written by bin/bench --trace",
	.cols = trace_cols,
	.ncols = GB_ARRAY_LEN(trace_cols),
	.row_size = sizeof(struct trace_row),
	.words = trace_words,
};

static int ev_of(const char *name)
{
	for (int i = 0; i < LT__NEV; i++)
		if (strcmp(gb_trace_names[i], name) == 0)
			return i;
	return -1;
}

static int trace_row(void *ctx, const void *row, char *err, size_t errlen)
{
	const struct trace_row *f = row;
	struct lock_trace *t = ctx;
	struct lt_rep *r = find_rep(t, f->workload, f->mode,
				    (unsigned)f->workers, f->tasks,
				    (unsigned)f->rep, 1);
	struct lt_event e = {
		.t = f->t_ns, .arg = (uint32_t)f->arg,
		.thread = (uint16_t)(f->thread - 1),
		.ev = (uint8_t)ev_of(f->event),
		.task = isnan(f->task) ? -1 : (int64_t)f->task,
	};

	if (r->n && f->t_ns < r->ev[r->n - 1].t) {
		snprintf(err, errlen, "t_ns goes back in time (%llu after "
			 "%llu)", (unsigned long long)f->t_ns,
			 (unsigned long long)r->ev[r->n - 1].t);
		return -EINVAL;
	}
	add_event(r, &e);
	if (f->note && f->note[0])
		r->th[e.thread].full = 1;
	return 0;
}

/* The rows bin/bench wrote beside the trace (bench.csv's schema): the
 * figures of each repetition. */
static int rows_row(void *ctx, const void *row, char *err, size_t errlen)
{
	const struct bench_row *b = row;
	struct lt_rep *r = find_rep(ctx, b->workload, b->mode,
				    (unsigned)b->workers, b->tasks,
				    (unsigned)b->rep, 0);

	(void)err;
	(void)errlen;
	if (!r)
		return 0;
	r->have_row = 1;
	r->verified = b->verified;
	snprintf(r->kind, sizeof(r->kind), "%s", b->kind ? b->kind : "");
	snprintf(r->policy, sizeof(r->policy), "%s",
		 b->gil_policy ? b->gil_policy : "");
	r->switch_ms = b->switch_ms;
	r->metric = b->metric;
	r->metric2 = b->metric2;
	return 0;
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
	rc = csv_load_stream(&trace_csv, fp, trace_path, trace_row, t, err,
			     errlen);
	fclose(fp);
	if (rc) {
		lock_trace_free(t);
		return rc;
	}
	for (size_t i = 0; i < t->n; i++)
		make_spans(&t->reps[i]);
	/* The rows are read as strictly as any bench.csv: a bad one is an
	 * error, named, not a figure silently left out. */
	if (rows_path && access(rows_path, F_OK) == 0) {
		rc = csv_load_file(&bench_csv, rows_path, rows_row, t, err,
				   errlen);
		if (rc) {
			lock_trace_free(t);
			return rc;
		}
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
