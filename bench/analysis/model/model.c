/*
 * model.c - see model.h: rows into cells, and every figure of a cell.
 * Start at model_add (a row finds its cell by its key) and model_finish
 * (the figures, then the series, then each cell's speedup). series.c
 * groups and queries, compare.c pairs, load.c reads the files.
 */
#include "bench/analysis/model/model.h"
#include "bench/analysis/model/internal.h"
#include "bench/analysis/model/modes.h"
#include "bench/analysis/model/row.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const struct iv iv_none = { NAN, NAN, NAN, 0, 0, NAN };

const char *kind_name(enum kind k)
{
	static const char *const names[] = {
#define KIND_NAME(id, name) name,
		GB_KINDS(KIND_NAME)
#undef KIND_NAME
	};

	return (size_t)k < GB_ARRAY_LEN(names) ? names[k] : "?";
}

enum kind kind_of_name(const char *name)
{
	for (int k = 0; k < KIND__COUNT; k++)
		if (strcmp(kind_name((enum kind)k), name) == 0)
			return (enum kind)k;
	return KIND_ANY;
}

struct model *model_new(void)
{
	struct model *m = gb_xcalloc(1, sizeof(*m));

	m->machine.cores = m->machine.online = 0;
	return m;
}

void model_free(struct model *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->ncells; i++)
		free(m->cells[i].reps);
	for (size_t i = 0; i < m->nseries; i++) {
		free(m->series[i].cells);
		free(m->series[i].workers);
	}
	for (size_t i = 0; i < m->nstrings; i++)
		free(m->strings[i]);
	free(m->strings);
	free(m->about);
	free(m->cells);
	free(m->order);
	free(m->series);
	free(m->slots);
	free(m->wls);
	free(m->runs);
	free(m);
}

const char *model_intern(struct model *m, const char *s)
{
	if (!s)
		s = "";
	for (size_t i = 0; i < m->nstrings; i++)
		if (strcmp(m->strings[i], s) == 0)
			return m->strings[i];
	m->strings = gb_xrealloc(m->strings, m->nstrings + 1,
				 sizeof(*m->strings));
	return m->strings[m->nstrings++] = gb_xstrdup(s);
}

/* ---- keys ---- */

static const void *member(const struct bench_row *r, const struct col_spec *c)
{
	return (const char *)r + c->offset;
}

int key_col_equal(const struct bench_row *a, const struct bench_row *b,
		  const struct col_spec *c)
{
	const void *x = member(a, c), *y = member(b, c);
	double u, v;

	switch (c->type) {
	case COL_TEXT:
	case COL_WORD:
		return strcmp(*(const char *const *)x ? *(const char *const *)x
			      : "", *(const char *const *)y
			      ? *(const char *const *)y : "") == 0;
	case COL_BOOL:
		return *(const int *)x == *(const int *)y;
	case COL_COUNT:
		return *(const uint64_t *)x == *(const uint64_t *)y;
	case COL_REAL:
		u = *(const double *)x;
		v = *(const double *)y;
		return (isnan(u) && isnan(v)) || u == v;
	}
	return 0;
}

/* Whether a and b agree on every key column that `skip` does not
 * name. */
int key_equal(const struct bench_row *a, const struct bench_row *b,
	      unsigned skip)
{
	for (size_t i = 0; i < bench_csv.ncols; i++) {
		const struct col_spec *c = &bench_csv.cols[i];

		if ((c->flags & COLF_KEY) && !(c->flags & skip) &&
		    !key_col_equal(a, b, c))
			return 0;
	}
	return 1;
}

/* FNV-1a over the key columns, so a row finds its cell at once however
 * many cells there are. */
static uint64_t key_hash(const struct bench_row *r)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < bench_csv.ncols; i++) {
		const struct col_spec *c = &bench_csv.cols[i];
		const unsigned char *p;
		size_t len;
		double v;

		if (!(c->flags & COLF_KEY))
			continue;
		if (c->type == COL_TEXT || c->type == COL_WORD) {
			p = (const unsigned char *)*(const char *const *)
				member(r, c);
			len = p ? strlen((const char *)p) : 0;
		} else if (c->type == COL_REAL) {
			v = *(const double *)member(r, c);
			if (isnan(v))
				v = NAN;	/* one NAN, one hash */
			if (v == 0)
				v = 0;		/* -0 is 0 */
			p = (const unsigned char *)&v;
			len = sizeof(v);
			for (size_t k = 0; k < len; k++)
				h = (h ^ p[k]) * 0x100000001b3ull;
			continue;
		} else {
			p = (const unsigned char *)member(r, c);
			len = c->type == COL_BOOL ? sizeof(int) : sizeof(uint64_t);
		}
		for (size_t k = 0; k < len; k++)
			h = (h ^ p[k]) * 0x100000001b3ull;
		h = (h ^ 0xff) * 0x100000001b3ull;
	}
	return h;
}

/* The key of a row as the model keeps it: its text interned, the
 * defaults of older files filled in (one batch, a reused pool), every
 * other column blank. */
void key_of(struct model *m, const struct bench_row *r, struct bench_row *k)
{
	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < bench_csv.ncols; i++) {
		const struct col_spec *c = &bench_csv.cols[i];
		void *to = (char *)k + c->offset;
		const void *from = member(r, c);

		if (c->type == COL_REAL)
			*(double *)to = (c->flags & COLF_KEY)
					? *(const double *)from : NAN;
		if (!(c->flags & COLF_KEY))
			continue;
		if (c->type == COL_TEXT || c->type == COL_WORD)
			*(const char **)to = model_intern(
				m, *(const char *const *)from);
		else if (c->type != COL_REAL)
			memcpy(to, from, c->type == COL_BOOL ? sizeof(int)
			       : sizeof(uint64_t));
	}
	if (k->batches < 1)
		k->batches = 1;
	k->pool = model_intern(m, strcmp(k->pool, "fresh") ? "reuse"
			       : "fresh");
}

/* The slot of key in the open-addressing table: its cell's index + 1,
 * or 0 where it would go. */
static size_t *slot_of(const struct model *m, const struct bench_row *key)
{
	size_t mask = m->nslots - 1, i = key_hash(key) & mask;

	for (;; i = (i + 1) & mask) {
		size_t *s = &m->slots[i];

		if (!*s || key_equal(&m->cells[*s - 1].key, key, 0))
			return s;
	}
}

static void rehash(struct model *m)
{
	free(m->slots);
	m->nslots = m->nslots ? 2 * m->nslots : 256;
	m->slots = gb_xcalloc(m->nslots, sizeof(*m->slots));
	for (size_t i = 0; i < m->ncells; i++)
		*slot_of(m, &m->cells[i].key) = i + 1;
}

const struct cell *model_cell(const struct model *m,
			      const struct bench_row *key)
{
	struct bench_row k = *key;
	size_t *s;

	if (!m->nslots)
		return NULL;
	/* The defaults a key read from a row gets. */
	if (k.batches < 1)
		k.batches = 1;
	if (!k.pool || strcmp(k.pool, "fresh"))
		k.pool = "reuse";
	s = slot_of(m, &k);
	return *s ? &m->cells[*s - 1] : NULL;
}

static struct cell *cell_for(struct model *m, const struct bench_row *r)
{
	struct bench_row key;
	size_t *s;
	struct cell *c;

	key_of(m, r, &key);
	if (2 * (m->ncells + 1) > m->nslots)
		rehash(m);
	s = slot_of(m, &key);
	if (*s)
		return &m->cells[*s - 1];
	if (m->ncells == m->cap) {
		m->cap = m->cap ? 2 * m->cap : 64;
		m->cells = gb_xrealloc(m->cells, m->cap, sizeof(*m->cells));
	}
	c = &m->cells[m->ncells];
	memset(c, 0, sizeof(*c));
	c->key = key;
	c->metric_name = c->first_error = model_intern(m, "");
	/* Files older than the kind column say only what the latency
	 * says: an I/O row carries one. */
	c->kind = r->kind && r->kind[0] ? kind_of_name(r->kind)
		  : !isnan(r->latency_ms) ? KIND_IO : KIND_CPU;
	*s = ++m->ncells;
	{
		size_t w;

		for (w = 0; w < m->nwl && strcmp(m->wls[w], key.workload); w++)
			;
		if (w == m->nwl) {
			m->wls = gb_xrealloc(m->wls, m->nwl + 1,
					     sizeof(*m->wls));
			m->wls[m->nwl++] = key.workload;
		}
	}
	return c;
}

/* The round a row ran in, as one number: its run (interned) and its
 * round, or its rep in files without the round column (each workload of
 * an invocation then counts its own reps, which still pair within the
 * workload). 0 when the row says neither: it pairs with nothing. */
static uint64_t round_of(struct model *m, const struct bench_row *r)
{
	const char *run = r->run_id ? r->run_id : "";
	size_t i;

	if (!run[0] || (!r->round && !r->rep))
		return 0;
	run = model_intern(m, run);
	for (i = 0; i < m->nruns && m->runs[i] != run; i++)
		;
	if (i == m->nruns) {
		m->runs = gb_xrealloc(m->runs, m->nruns + 1, sizeof(*m->runs));
		m->runs[m->nruns++] = run;
	}
	return (uint64_t)(i + 1) << 32 |
	       (r->round ? r->round : 0x80000000u | (r->rep & 0x7fffffffu));
}

static double or0(double v)
{
	return isnan(v) ? 0 : v;
}

void model_add(struct model *m, const struct bench_row *r)
{
	struct cell *c = cell_for(m, r);
	struct rep *p;
	int gil_came_back;

	m->nrows++;
	if (r->verified && r->hosts > c->hosts)
		c->hosts = (unsigned)r->hosts;
	if (r->verified && r->hosts > m->max_hosts)
		m->max_hosts = (unsigned)r->hosts;
	/* Only rows over several hosts say whether the hosts share a
	 * kernel: one host is one kernel, whatever the machines. */
	if (r->verified && r->hosts > 1 && r->kernels > m->max_kernels)
		m->max_kernels = (unsigned)r->kernels;
	if ((long)r->cpus > m->max_cpus)
		m->max_cpus = (long)r->cpus;
	if (r->metric_name && r->metric_name[0])
		c->metric_name = model_intern(m, r->metric_name);
	/* A free-threaded CPython's row whose GIL was on measured the
	 * wrong interpreter (compare.py refuses such a run; a row that
	 * slipped through is a failed one, not a figure). */
	gil_came_back = r->gil_enabled && strncmp(r->mode, "pyft-", 5) == 0;
	if (!r->verified || gil_came_back) {
		c->failed++;
		m->nfailed++;
		if (!c->first_error[0])
			c->first_error = model_intern(m, gil_came_back
				? "the GIL was on (sys._is_gil_enabled())"
				: r->error && r->error[0] ? r->error
				: "wrong answer");
		return;
	}
	/* Grow by powers of two: n is the count before this one. */
	if ((c->n & (c->n - 1)) == 0)
		c->reps = gb_xrealloc(c->reps, c->n ? 2 * c->n : 1,
				      sizeof(*c->reps));
	p = &c->reps[c->n++];
	p->round = round_of(m, r);
	p->fig[FIG_WALL] = r->wall_s;
	p->fig[FIG_STARTUP] = or0(r->startup_s);
	p->fig[FIG_TOTAL] = r->wall_s + p->fig[FIG_STARTUP];
	p->fig[FIG_CPU] = or0(r->user_s) + or0(r->sys_s);
	p->fig[FIG_RSS] = or0(r->max_rss_kb);
	p->fig[FIG_RISE] = r->start_rss_kb;	/* the rise: model_finish */
	p->fig[FIG_METRIC] = or0(r->metric);
	p->fig[FIG_METRIC2] = r->metric2;
	p->fig[FIG_GIL] = !isnan(r->gil_wait_s) && r->wall_s > 0
			  ? r->gil_wait_s / (r->wall_s * (double)r->workers)
			  : NAN;
	p->fig[FIG_CS] = r->vol_cs + r->invol_cs;
	p->fig[FIG_MINFLT] = r->minflt;
	p->fig[FIG_SERVER] = r->server_start_s > 0 ? r->server_start_s : NAN;
	p->fig[FIG_CLOCK] = r->span_s > 0 ? r->span_s : p->fig[FIG_TOTAL];
	p->other = r->span_s > 0 ? r->other_cpu_s : NAN;
	p->span = r->span_s > 0 && !isnan(r->other_cpu_s) ? r->span_s : NAN;
}

/* ---- a cell's figures ---- */

void cell_values(const struct cell *c, enum fig f, double *out)
{
	for (unsigned i = 0; i < c->n; i++)
		out[i] = c->reps[i].fig[f];
}

/* The non-NAN values of figure f, into a new array; *n how many. */
static double *present(const struct cell *c, enum fig f, size_t *n)
{
	double *x = gb_xmalloc((c->n ? c->n : 1) * sizeof(*x));

	*n = 0;
	for (unsigned i = 0; i < c->n; i++)
		if (!isnan(c->reps[i].fig[f]))
			x[(*n)++] = c->reps[i].fig[f];
	return x;
}

struct iv cell_median_iv(const struct cell *c, enum fig f)
{
	struct stats_interval si;
	struct iv out = iv_none;
	size_t n;
	double *x = present(c, f, &n);

	if (n && !stats_boot_median(x, n, STATS_RESAMPLES, STATS_SEED, &si))
		out = (struct iv){ si.point, si.lo, si.hi, (unsigned)n, 0,
				   c->load };
	free(x);
	return out;
}

int cell_is_variant(const struct cell *c)
{
	return c->key.batches > 1 || strcmp(c->key.pool, "fresh") == 0 ||
	       c->key.parent_mem_mib;
}

int cell_default_opts(const struct cell *c)
{
	const char *pol = c->key.gil_policy;

	return (isnan(c->key.switch_ms) ||
		c->key.switch_ms == MODEL_DEFAULT_SWITCH_MS) &&
	       (!pol[0] || strcmp(pol, "cpython") == 0) &&
	       (!c->key.check_interval || c->key.check_interval == 100);
}

static void cell_figures(struct cell *c)
{
	double *x, base = INFINITY, other = 0, span = 0;
	size_t n;

	c->median = c->min = c->max = c->mad = c->cv = NAN;
	c->cpu_per_wall = c->load = c->efficiency = NAN;
	c->speedup = c->speedup_startup = iv_none;
	for (int f = 0; f < FIG__COUNT; f++)
		c->med[f] = NAN;
	if (!c->n)
		return;
	/* The rise: peak memory above the cell's lowest start, what its
	 * work held beyond bin/bench's own when it ran in a process of its
	 * own (scripts/scale.sh). */
	for (unsigned k = 0; k < c->n; k++)
		if (!isnan(c->reps[k].fig[FIG_RISE]) &&
		    c->reps[k].fig[FIG_RISE] < base)
			base = c->reps[k].fig[FIG_RISE];
	for (unsigned k = 0; k < c->n; k++)
		c->reps[k].fig[FIG_RISE] = isinf(base) ? NAN
			: fmax(c->reps[k].fig[FIG_RSS] - base, 0);
	for (int f = 0; f < FIG__COUNT; f++) {
		x = present(c, f, &n);
		c->med[f] = n ? stats_median(x, n) : NAN;
		free(x);
	}
	if (!c->metric_name[0])
		c->med[FIG_METRIC] = NAN;
	x = present(c, FIG_WALL, &n);
	c->median = stats_median(x, n);
	c->min = stats_min(x, n);
	c->max = stats_max(x, n);
	c->mad = stats_mad(x, n);
	c->cv = stats_cv(x, n);
	c->noisy = c->cv > MODEL_NOISY_CV;
	c->outliers = stats_outliers(x, n);
	free(x);
	/* Over the clock its CPU was counted in: the workers' start-up CPU
	 * over the tasks' wall alone read 195 on 2 cores (spawn). */
	c->cpu_per_wall = c->med[FIG_CLOCK] > 0
			  ? c->med[FIG_CPU] / c->med[FIG_CLOCK] : NAN;
	for (unsigned j = 0; j < c->n; j++)
		if (!isnan(c->reps[j].span)) {
			other += c->reps[j].other;
			span += c->reps[j].span;
		}
	c->load = span > 0 ? other / span : NAN;
}

const struct cell *model_twin(const struct model *m, const struct cell *c,
			      const char *mode, unsigned workers)
{
	struct bench_row k;
	const struct cell *t;

	if (!c)
		return NULL;
	k = c->key;
	k.mode = mode;
	if (workers)
		k.workers = workers;
	key_blank(&k, COLF_MODEOPT);
	t = model_cell(m, &k);
	return t && t->n ? t : NULL;
}

void key_blank(struct bench_row *k, unsigned flags)
{
	for (size_t i = 0; i < bench_csv.ncols; i++) {
		const struct col_spec *c = &bench_csv.cols[i];
		void *at = (char *)k + c->offset;

		if (!(c->flags & COLF_KEY) || !(c->flags & flags))
			continue;
		if (c->type == COL_REAL)
			*(double *)at = NAN;
		else if (c->type == COL_TEXT || c->type == COL_WORD)
			*(const char **)at = "";
		else
			memset(at, 0, c->type == COL_BOOL ? sizeof(int)
			       : sizeof(uint64_t));
	}
}

void model_finish(struct model *m)
{
	for (size_t i = 0; i < m->ncells; i++)
		cell_figures(&m->cells[i]);
	series_build(m);
	/* Speedups once every cell has its figures. */
	for (size_t i = 0; i < m->ncells; i++) {
		struct cell *c = &m->cells[i];
		/* The baseline twin: the same key at W = 1 in the mode's
		 * baseline, none of the mode's own options. */
		const struct cell *b = c->n ? model_twin(m, c,
				mode_baseline(c->key.mode), 1) : NULL;

		if (!b || !b->n || !(c->median > 0))
			continue;
		c->baseline = b;
		if (b == c) {
			/* Against itself the ratio is 1 in every resample. */
			c->speedup = c->speedup_startup =
				(struct iv){ 1, 1, 1, c->n, 1, c->load };
		} else {
			model_compare(b, c, FIG_WALL, &c->speedup);
			model_compare(b, c, FIG_TOTAL, &c->speedup_startup);
		}
		c->efficiency = c->speedup.point / (double)c->key.workers;
	}
	if (m->machine.cores <= 0)
		m->machine.cores = m->max_cpus;
	if (m->machine.online < m->machine.cores)
		m->machine.online = m->machine.cores;
	if (!m->machine.why)
		m->machine.why = "";
}

/* ---- what it holds ---- */

size_t model_ncells(const struct model *m) { return m->ncells; }
size_t model_nrows(const struct model *m) { return m->nrows; }
size_t model_nfailed(const struct model *m) { return m->nfailed; }
unsigned model_max_hosts(const struct model *m) { return m->max_hosts; }
unsigned model_max_kernels(const struct model *m) { return m->max_kernels; }
const struct machine *model_machine(const struct model *m)
{
	return &m->machine;
}

const struct cell *model_cell_at(const struct model *m, size_t i)
{
	return i < m->ncells ? m->order[i] : NULL;
}

size_t model_workloads(const struct model *m, const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < m->nwl && n < max; i++)
		out[n++] = m->wls[i];
	return n;
}

const char *model_cell_run(const struct model *m, const struct cell *c)
{
	for (unsigned i = 0; i < c->n; i++) {
		uint64_t run = c->reps[i].round >> 32;

		if (run && run <= m->nruns)
			return m->runs[run - 1];
	}
	return NULL;
}
