/*
 * trace.c - see trace.h. One buffer per thread, claimed by the thread at
 * its first event of a repetition with one atomic increment; after that a
 * thread touches only its own buffer (each on its own cache lines). The
 * main thread reads the buffers only after the pool has finished the
 * repetition, which the pool's own join (a mutex) orders after every
 * write.
 */
#include "bench/core/trace.h"
#include "bench/core/util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *const gb_trace_names[TR__COUNT] = {
#define GB_TRACE_NAME(id, name) name,
	GB_TRACE_EVENTS(GB_TRACE_NAME)
#undef GB_TRACE_NAME
};

atomic_int gb_trace_on;

/* 16 bytes: the time since the repetition began, the argument (saturated
 * at 32 bits: 4.29 s of waiting), the task (24 bits) and the kind. */
struct tr_event {
	uint64_t t;
	uint32_t arg;
	uint32_t task_ev;
};

#define TASK_NONE 0xffffffu

struct tr_buf {
	struct tr_event *ev;
	uint32_t cap, n;
	uint64_t lost;		/* events after the buffer filled */
	uint64_t full_at;	/* when it filled, ns */
} __attribute__((aligned(64)));

static struct {
	FILE *f;
	char path[4096];
	struct tr_buf **bufs;
	unsigned nbufs, cap_bufs;
	atomic_uint next;	/* the next buffer to claim */
	atomic_uint untraced;	/* threads that found none left */
	atomic_uint gen;	/* repetitions begun */
	uint64_t t0;
	char workload[64], mode[64];
	unsigned workers, rep;
	uint64_t tasks;
	int err;
} tr;

static _Thread_local struct tr_buf *tls_buf;
static _Thread_local unsigned tls_gen;
static _Thread_local uint32_t tls_task = TASK_NONE;

uint64_t gb_trace_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void gb_trace_task(uint64_t task)
{
	tls_task = task < TASK_NONE ? (uint32_t)task : TASK_NONE;
}

void gb_trace_record_at(enum gb_trace_ev ev, uint64_t t_ns, uint64_t arg)
{
	unsigned gen;
	struct tr_buf *b;

	/* Acquire: pairs with trace_rep_begin's release, so the buffers
	 * and the generation are seen as that repetition left them. */
	if (!atomic_load_explicit(&gb_trace_on, memory_order_acquire))
		return;
	gen = atomic_load_explicit(&tr.gen, memory_order_relaxed);
	if (tls_gen != gen) {
		unsigned k = atomic_fetch_add_explicit(&tr.next, 1,
						       memory_order_relaxed);

		tls_gen = gen;
		tls_buf = k < tr.nbufs ? tr.bufs[k] : NULL;
		if (!tls_buf)
			atomic_fetch_add_explicit(&tr.untraced, 1,
						  memory_order_relaxed);
	}
	b = tls_buf;
	if (!b)
		return;
	if (b->n == b->cap) {
		if (!b->lost++)
			b->full_at = t_ns;
		return;
	}
	b->ev[b->n++] = (struct tr_event){
		.t = t_ns > tr.t0 ? t_ns - tr.t0 : 0,
		.arg = arg > UINT32_MAX ? UINT32_MAX : (uint32_t)arg,
		.task_ev = tls_task << 8 | (uint32_t)ev,
	};
}

void gb_trace_record(enum gb_trace_ev ev, uint64_t arg)
{
	gb_trace_record_at(ev, gb_trace_now(), arg);
}

int trace_open(const char *path, char *err, size_t errlen)
{
	tr.f = fopen(path, "w");
	if (!tr.f) {
		int e = errno;

		snprintf(err, errlen, "--trace: cannot open '%s': %s", path,
			 strerror(e));
		return -e;
	}
	snprintf(tr.path, sizeof(tr.path), "%s", path);
	/* Big writes: a repetition can hold millions of rows. */
	setvbuf(tr.f, NULL, _IOFBF, 1 << 20);
	{
		static const char *const cols[] = {
			GB_TRACE_COLUMNS(SCHEMA_NAME)
		};

		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			fprintf(tr.f, "%s%s", i ? "," : "", cols[i]);
		fputc('\n', tr.f);
	}
	return 0;
}

void trace_rep_begin(const char *workload, const char *mode,
		     unsigned workers, uint64_t tasks, unsigned rep,
		     unsigned threads)
{
	uint32_t cap;

	if (!tr.f)
		return;
	if (threads < 1)
		threads = 1;
	cap = TRACE_BUDGET_EVENTS / threads;
	if (cap < TRACE_MIN_EVENTS)
		cap = TRACE_MIN_EVENTS;
	if (threads > tr.cap_bufs) {
		tr.bufs = realloc(tr.bufs, threads * sizeof(*tr.bufs));
		if (!tr.bufs)
			gb_die(GB_EXIT_FAIL, "trace: out of memory");
		memset(tr.bufs + tr.cap_bufs, 0,
		       (threads - tr.cap_bufs) * sizeof(*tr.bufs));
		tr.cap_bufs = threads;
	}
	for (unsigned k = 0; k < threads; k++) {
		struct tr_buf *b = tr.bufs[k];

		if (b && b->cap != cap) {
			free(b->ev);
			free(b);
			b = NULL;
		}
		if (!b) {
			b = aligned_alloc(64, sizeof(*b));
			if (!b)
				gb_die(GB_EXIT_FAIL, "trace: out of memory");
			memset(b, 0, sizeof(*b));
			/* Pages are touched as events arrive: one fault
			 * per 256 events, a fraction of a ns each. */
			b->ev = malloc((size_t)cap * sizeof(*b->ev));
			if (!b->ev)
				gb_die(GB_EXIT_FAIL, "trace: cannot allocate "
				       "%u events", cap);
			b->cap = cap;
			tr.bufs[k] = b;
		}
		b->n = 0;
		b->lost = 0;
		b->full_at = 0;
	}
	tr.nbufs = threads;
	snprintf(tr.workload, sizeof(tr.workload), "%s", workload);
	snprintf(tr.mode, sizeof(tr.mode), "%s", mode);
	tr.workers = workers;
	tr.tasks = tasks;
	tr.rep = rep;
	atomic_store_explicit(&tr.next, 0, memory_order_relaxed);
	atomic_store_explicit(&tr.untraced, 0, memory_order_relaxed);
	atomic_fetch_add_explicit(&tr.gen, 1, memory_order_relaxed);
	tr.t0 = gb_trace_now();
	atomic_store_explicit(&gb_trace_on, 1, memory_order_release);
}

/* A binary heap of buffer numbers, by the time of each one's next event:
 * the repetition's events come out in time order however many threads
 * there are. */
struct merge {
	unsigned *heap, n;
	uint32_t *pos;		/* next event of each buffer */
};

static uint64_t head_t(const struct merge *m, unsigned k)
{
	return tr.bufs[k]->ev[m->pos[k]].t;
}

static void sift_down(struct merge *m, unsigned i)
{
	for (;;) {
		unsigned l = 2 * i + 1, r = l + 1, s = i, tmp;

		if (l < m->n && head_t(m, m->heap[l]) < head_t(m, m->heap[s]))
			s = l;
		if (r < m->n && head_t(m, m->heap[r]) < head_t(m, m->heap[s]))
			s = r;
		if (s == i)
			return;
		tmp = m->heap[i];
		m->heap[i] = m->heap[s];
		m->heap[s] = tmp;
		i = s;
	}
}

static void write_row(unsigned k, const struct tr_event *e, unsigned ev,
		      uint32_t arg, int last)
{
	const struct tr_buf *b = tr.bufs[k];
	uint32_t task = e->task_ev >> 8;
	char taskbuf[16] = "";

	if (task != TASK_NONE)
		snprintf(taskbuf, sizeof(taskbuf), "%" PRIu32, task);
	fprintf(tr.f, "%s,%s,%u,%" PRIu64 ",%u,%" PRIu64 ",%u,%s,%s,%" PRIu32,
		tr.workload, tr.mode, tr.workers, tr.tasks, tr.rep, e->t, k + 1,
		taskbuf, gb_trace_names[ev], arg);
	if (last && b->lost)
		fprintf(tr.f, ",buffer full: %" PRIu64 " later events of this "
			"thread not recorded", b->lost);
	else
		fputc(',', tr.f);
	fputc('\n', tr.f);
}

static void write_event(unsigned k, const struct tr_event *e, int last)
{
	unsigned ev = e->task_ev & 0xff;

	if (ev == TR_TICK) {
		write_row(k, e, TR_DROP, 1, 0);
		write_row(k, e, TR_WANT, 0, 0);
		write_row(k, e, TR_TAKE, 0, last);
		return;
	}
	write_row(k, e, ev, e->arg, last);
}

void trace_rep_stop(void)
{
	atomic_store_explicit(&gb_trace_on, 0, memory_order_release);
}

int trace_rep_write(void)
{
	struct merge m;
	unsigned used, untraced;

	if (!tr.f)
		return 0;
	trace_rep_stop();
	used = atomic_load(&tr.next);
	if (used > tr.nbufs)
		used = tr.nbufs;
	untraced = atomic_load(&tr.untraced);
	m.heap = gb_xcalloc(used ? used : 1, sizeof(*m.heap));
	m.pos = gb_xcalloc(used ? used : 1, sizeof(*m.pos));
	m.n = 0;
	for (unsigned k = 0; k < used; k++) {
		if (tr.bufs[k]->n)
			m.heap[m.n++] = k;
		if (tr.bufs[k]->lost)
			gb_warn("trace: thread %u of %s workers=%u rep %u filled "
				"its buffer (%" PRIu32 " events) at %.1f ms; "
				"its %" PRIu64 " later events are not in %s",
				k + 1, tr.mode, tr.workers, tr.rep,
				tr.bufs[k]->cap,
				(double)(tr.bufs[k]->full_at - tr.t0) / 1e6,
				tr.bufs[k]->lost, tr.path);
	}
	if (untraced)
		gb_warn("trace: %u threads of %s workers=%u rep %u beyond the "
			"%u expected were not traced", untraced, tr.mode,
			tr.workers, tr.rep, tr.nbufs);
	for (unsigned i = m.n; i-- > 0;)
		sift_down(&m, i);
	while (m.n) {
		unsigned k = m.heap[0];
		const struct tr_buf *b = tr.bufs[k];
		uint32_t p = m.pos[k]++;

		write_event(k, &b->ev[p], p + 1 == b->n);
		if (m.pos[k] == b->n)
			m.heap[0] = m.heap[--m.n];
		sift_down(&m, 0);
	}
	free(m.heap);
	free(m.pos);
	if (ferror(tr.f) && !tr.err)
		tr.err = -EIO;
	return tr.err;
}

int trace_close(void)
{
	int rc;

	if (!tr.f)
		return 0;
	rc = fclose(tr.f) || tr.err ? (tr.err ? tr.err : -EIO) : 0;
	tr.f = NULL;
	for (unsigned k = 0; k < tr.cap_bufs; k++) {
		if (tr.bufs[k])
			free(tr.bufs[k]->ev);
		free(tr.bufs[k]);
	}
	free(tr.bufs);
	tr.bufs = NULL;
	tr.nbufs = tr.cap_bufs = 0;
	return rc;
}
