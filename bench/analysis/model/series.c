/*
 * series.c - see model.h: the cells in display order, their series, and
 * the queries every claim, chart and section asks.
 */
#include "bench/analysis/model/internal.h"
#include "bench/analysis/model/modes.h"
#include "bench/core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int wl_rank(const struct model *m, const char *wl)
{
	for (size_t i = 0; i < m->nwl; i++)
		if (m->wls[i] == wl)
			return (int)i;
	return -1;
}

/* -1, 0, 1 for a before, equal, after b; NAN first. */
static int cmp_real(double a, double b)
{
	if (isnan(a) || isnan(b))
		return isnan(a) && isnan(b) ? 0 : isnan(a) ? -1 : 1;
	return (a > b) - (a < b);
}

static int cmp_u64(uint64_t a, uint64_t b)
{
	return (a > b) - (a < b);
}

/* Switch intervals: none first, then the longer ones. */
static int cmp_switch(double a, double b)
{
	if (isnan(a) || isnan(b))
		return cmp_real(a, b);
	return cmp_real(b, a);
}

/* The reused pool before a fresh one per batch. */
static int cmp_pool(const char *a, const char *b)
{
	return (strcmp(a, "fresh") == 0) - (strcmp(b, "fresh") == 0);
}

/* Display order: by workload as first seen, bigger tasks first (the main
 * series before sweeps of tiny ones), fewer tasks, latency; then the
 * modes in the registry's order, a mode's options (longer switch
 * intervals first), the plain cells before the cost variants, workers. */
static const struct model *sort_model;
static int cmp_cells(const void *pa, const void *pb)
{
	const struct cell *a = *(const struct cell *const *)pa;
	const struct cell *b = *(const struct cell *const *)pb;
	const struct bench_row *x = &a->key, *y = &b->key;
	int d;

	if ((d = wl_rank(sort_model, x->workload) -
		 wl_rank(sort_model, y->workload)) ||
	    (d = cmp_u64(y->size, x->size)) ||
	    (d = cmp_u64(x->tasks, y->tasks)) ||
	    (d = cmp_real(x->latency_ms, y->latency_ms)) ||
	    (d = mode_rank(x->mode) - mode_rank(y->mode)) ||
	    (d = strcmp(x->mode, y->mode)) ||
	    (d = cmp_switch(x->switch_ms, y->switch_ms)) ||
	    (d = strcmp(x->gil_policy, y->gil_policy)) ||
	    (d = cmp_u64(x->check_interval, y->check_interval)) ||
	    (d = cmp_u64(x->parent_mem_mib, y->parent_mem_mib)) ||
	    (d = cmp_u64(x->batches, y->batches)) ||
	    (d = cmp_pool(x->pool, y->pool)))
		return d;
	return cmp_u64(x->workers, y->workers);
}

static void series_add(struct series *s, const struct cell *c)
{
	s->cells = gb_xrealloc(s->cells, s->n + 1, sizeof(*s->cells));
	s->cells[s->n++] = c;
	if (!c->n)
		return;
	for (size_t i = 0; i < s->nworkers; i++)
		if (s->workers[i] == c->key.workers)
			return;
	s->workers = gb_xrealloc(s->workers, s->nworkers + 1,
				 sizeof(*s->workers));
	{
		size_t i = s->nworkers++;

		for (; i > 0 && s->workers[i - 1] > c->key.workers; i--)
			s->workers[i] = s->workers[i - 1];
		s->workers[i] = (unsigned)c->key.workers;
	}
}

/* A series' key: the cell's without its LINE columns, and without the
 * task count when the tasks follow the workers. */
static void series_key(const struct cell *c, int follow, struct bench_row *k)
{
	*k = c->key;
	key_blank(k, COLF_LINE);
	if (follow)
		k->tasks = 0;
}

void series_build(struct model *m)
{
	/* A family: the cells that agree on every key column but the LINE
	 * ones and the task count. When in every cell of a family the
	 * tasks are the workers (one task per worker: the convoy, the
	 * concurrency sweep), the family is one series; else each task
	 * count is one. */
	struct bench_row *fam = gb_xcalloc(m->ncells + 1, sizeof(*fam));
	int *follow = gb_xcalloc(m->ncells + 1, sizeof(*follow));
	size_t nfam = 0, *of = gb_xcalloc(m->ncells + 1, sizeof(*of));

	m->order = gb_xrealloc(m->order, m->ncells + 1, sizeof(*m->order));
	for (size_t i = 0; i < m->ncells; i++)
		m->order[i] = &m->cells[i];
	sort_model = m;
	if (m->ncells)
		qsort(m->order, m->ncells, sizeof(*m->order), cmp_cells);
	sort_model = NULL;
	for (size_t i = 0; i < m->ncells; i++) {
		const struct cell *c = m->order[i];
		struct bench_row k;
		size_t f;

		series_key(c, 1, &k);
		for (f = 0; f < nfam && !key_equal(&fam[f], &k, 0); f++)
			;
		if (f == nfam) {
			fam[nfam] = k;
			follow[nfam++] = 1;
		}
		follow[f] &= c->key.tasks == c->key.workers;
		of[i] = f;
	}
	for (size_t i = 0; i < m->ncells; i++) {
		struct cell *c = (struct cell *)m->order[i];
		struct bench_row k;
		struct series *s = NULL;

		series_key(c, follow[of[i]], &k);
		for (size_t j = 0; j < m->nseries && !s; j++)
			if (key_equal(&m->series[j].key, &k, 0))
				s = &m->series[j];
		if (!s) {
			m->series = gb_xrealloc(m->series, m->nseries + 1,
						sizeof(*m->series));
			s = &m->series[m->nseries++];
			memset(s, 0, sizeof(*s));
			s->key = k;
			s->tasks_follow = follow[of[i]];
			s->kind = c->kind;
		}
		series_add(s, c);
	}
	/* The cells point at their series once the array stops moving. */
	for (size_t j = 0; j < m->nseries; j++)
		for (size_t i = 0; i < m->series[j].n; i++)
			((struct cell *)m->series[j].cells[i])->series =
				&m->series[j];
	free(fam);
	free(follow);
	free(of);
}

size_t model_nseries(const struct model *m) { return m->nseries; }

const struct series *model_series_at(const struct model *m, size_t i)
{
	return i < m->nseries ? &m->series[i] : NULL;
}

/* ---- queries ---- */

static int matches(const struct cell *c, const struct query *q)
{
	return (!q->workload || strcmp(c->key.workload, q->workload) == 0) &&
	       (q->kind == KIND_ANY || c->kind == q->kind) &&
	       (!q->mode || strcmp(c->key.mode, q->mode) == 0) &&
	       (!q->workers || c->key.workers == q->workers) &&
	       (!q->series || c->series == q->series) &&
	       (!(q->flags & Q_MEASURED) || c->n) &&
	       (!(q->flags & Q_NO_VARIANTS) || !cell_is_variant(c)) &&
	       (!(q->flags & Q_DEFAULT_OPTS) || cell_default_opts(c));
}

size_t model_select(const struct model *m, const struct query *q,
		    const struct cell **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < m->ncells; i++)
		if (matches(m->order[i], q)) {
			if (out && n < max)
				out[n] = m->order[i];
			n++;
		}
	return n;
}

const struct cell *model_find(const struct model *m, const struct query *q)
{
	const struct cell *c = NULL;

	model_select(m, q, &c, 1);
	return c;
}

const char *model_first_of_kind(const struct model *m, enum kind k)
{
	const struct query q = { .kind = k, .flags = Q_MEASURED };
	const struct cell *c = model_find(m, &q);

	return c ? c->key.workload : NULL;
}

int model_has_mode(const struct model *m, const char *mode)
{
	const struct query q = { .kind = KIND_ANY, .mode = mode,
				 .flags = Q_MEASURED };

	return model_find(m, &q) != NULL;
}

/* The measured cells of s that are not cost variants. */
static size_t series_size(const struct series *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++)
		n += s->cells[i]->n && !cell_is_variant(s->cells[i]);
	return n;
}

const struct series *model_main_series(const struct model *m,
				       const char *wl, const char *base)
{
	const struct series *best = NULL;
	size_t most = 0;
	double longest = -1;

	/* Among the series with a baseline, the one with the most cells
	 * (the sweep over modes and workers, not a sweep of task counts
	 * with three modes), then the longest baseline. */
	for (size_t i = 0; i < m->nseries; i++) {
		const struct series *s = &m->series[i];
		const struct cell *b = series_cell(s, base, 1);
		size_t k = series_size(s);

		if (strcmp(s->key.workload, wl) || !b || cell_is_variant(b) ||
		    k < most || (k == most && b->median <= longest))
			continue;
		best = s;
		most = k;
		longest = b->median;
	}
	if (best)
		return best;
	/* No baseline: the series with the most cells. */
	for (size_t i = 0; i < m->nseries; i++) {
		const struct series *s = &m->series[i];
		size_t k = 0;

		if (strcmp(s->key.workload, wl))
			continue;
		for (size_t j = 0; j < s->n; j++)
			k += !cell_is_variant(s->cells[j]);
		if (k > most) {
			most = k;
			best = s;
		}
	}
	return best;
}

const struct cell *series_cell(const struct series *s, const char *mode,
			       unsigned workers)
{
	const struct cell *best = NULL;

	for (size_t i = 0; s && i < s->n; i++) {
		const struct cell *c = s->cells[i];

		if (!c->n || c->key.workers != workers ||
		    strcmp(c->key.mode, mode))
			continue;
		if (cell_default_opts(c))
			return c;
		if (!best || c->n > best->n)
			best = c;
	}
	return best;
}

const struct cell *series_cell_upto(const struct series *s,
				    const char *mode, unsigned max)
{
	for (size_t i = s ? s->nworkers : 0; i-- > 0;) {
		const struct cell *c;

		if (max && s->workers[i] > max)
			continue;
		if ((c = series_cell(s, mode, s->workers[i])))
			return c;
	}
	return NULL;
}
