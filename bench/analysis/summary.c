/*
 * summary.c - see summary.h: rows into cells, and every figure of a cell.
 * load.c reads the raw CSV into rows; summary_csv.c writes summary.csv.
 */
#include "bench/analysis/summary.h"
#include "bench/core/util.h"
#include "bench/modes/registry.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct summary {
	struct sum_cell *cells;
	size_t ncells, cap;
	size_t nrows, nfailed;
	long cores;
	unsigned max_hosts;
	unsigned max_kernels;
	/* Workload names in order of first appearance (display order). */
	char (*wls)[64];
	size_t nwl;
	/* The run ids seen, so a row's round key is a small number. */
	char (*runs)[64];
	size_t nruns;
	int finished;
};

/* Modes whose rows come from elsewhere: CPython's own, written by
 * python/compare.py with the same schema (py-* a CPython 3 with its GIL,
 * py2-* CPython 2's old GIL, pyft-* a free-threaded CPython). Each is
 * shown after bin/bench's modes and measured against its own baseline. */
static const struct {
	const char *name;
	const char *baseline;
	const char *label;
} foreign_modes[] = {
	{ "py-seq", "py-seq", "CPython 3" },
	{ "py-threads", "py-seq", "CPython 3" },
	{ "py-procs", "py-seq", "CPython 3" },
	{ "py2-seq", "py2-seq", "CPython 2.7" },
	{ "py2-threads", "py2-seq", "CPython 2.7" },
	{ "py2-procs", "py2-seq", "CPython 2.7" },
	{ "pyft-seq", "pyft-seq", "free-threaded CPython" },
	{ "pyft-threads", "pyft-seq", "free-threaded CPython" },
	{ "pyft-procs", "pyft-seq", "free-threaded CPython" },
};

const char *summary_foreign_label(const char *mode)
{
	for (size_t i = 0; i < GB_ARRAY_LEN(foreign_modes); i++)
		if (strcmp(foreign_modes[i].name, mode) == 0)
			return foreign_modes[i].label;
	return NULL;
}

/* Display order: the registry's (modes.c), then the foreign modes, then
 * any other by name. */
static int mode_rank(const char *m)
{
	int r = gb_mode_rank(m);

	if (r >= 0)
		return r;
	for (size_t i = 0; i < GB_ARRAY_LEN(foreign_modes); i++)
		if (strcmp(foreign_modes[i].name, m) == 0)
			return 1000 + (int)i;
	return 2000;
}

const char *summary_baseline_mode(const char *mode)
{
	for (size_t i = 0; i < GB_ARRAY_LEN(foreign_modes); i++)
		if (strcmp(foreign_modes[i].name, mode) == 0)
			return foreign_modes[i].baseline;
	return gb_mode_baseline();
}

enum sum_kind summary_kind(const char *name)
{
	static const char *const names[] = SUM_KIND_NAMES;

	for (size_t i = 0; i < GB_ARRAY_LEN(names); i++)
		if (strcmp(names[i], name) == 0)
			return (enum sum_kind)i;
	return SUM_UNKNOWN;
}

/* NAN-aware equality of the switch interval key. */
static int same_switch(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

struct summary *summary_new(void)
{
	return gb_xcalloc(1, sizeof(struct summary));
}

static void free_cell(struct sum_cell *c)
{
	free(c->wall);
	free(c->total);
	free(c->cpu);
	free(c->startup);
	free(c->rss);
	free(c->rss0);
	free(c->cs);
	free(c->rise);
	free(c->metric);
	free(c->gil);
	free(c->other);
	free(c->span);
	free(c->key);
}

void summary_free(struct summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ncells; i++)
		free_cell(&s->cells[i]);
	free(s->cells);
	free(s->wls);
	free(s->runs);
	free(s);
}

static int wl_rank(const struct summary *s, const char *wl)
{
	for (size_t i = 0; i < s->nwl; i++)
		if (strcmp(s->wls[i], wl) == 0)
			return (int)i;
	return -1;
}

int summary_plain(const struct sum_cell *c)
{
	return c->batches <= 1 && !c->fresh && !c->parent_mem_mib;
}

/* The cost-measurement part of a key (see struct sum_cell). */
struct dims {
	unsigned batches;
	int fresh;
	uint64_t parent_mem_mib;
};

static const struct dims plain_dims = { 1, 0, 0 };

static int same_dims(const struct sum_cell *c, const struct dims *d)
{
	return (c->batches > 1 ? c->batches : 1) ==
	       (d->batches > 1 ? d->batches : 1) &&
	       c->fresh == d->fresh && c->parent_mem_mib == d->parent_mem_mib;
}

/* The cell of a key; latency is part of it only when any_latency is 0
 * (two I/O runs that differ only in --latency-ms are different cells). */
static struct sum_cell *find_key(const struct summary *s, const char *wl,
				 const char *mode, unsigned workers,
				 uint64_t tasks, uint64_t size,
				 double switch_ms, double latency_ms,
				 int any_latency, const struct dims *d)
{
	for (size_t i = 0; i < s->ncells; i++) {
		struct sum_cell *c = &s->cells[i];

		if (c->workers == workers && c->tasks == tasks &&
		    c->size == size && same_switch(c->switch_ms, switch_ms) &&
		    (any_latency || same_switch(c->latency_ms, latency_ms)) &&
		    same_dims(c, d) &&
		    strcmp(c->workload, wl) == 0 && strcmp(c->mode, mode) == 0)
			return c;
	}
	return NULL;
}

const struct sum_cell *summary_find(const struct summary *s, const char *wl,
				    const char *mode, unsigned workers,
				    uint64_t tasks, uint64_t size,
				    double switch_ms)
{
	return find_key(s, wl, mode, workers, tasks, size, switch_ms, NAN, 1,
			&plain_dims);
}

static struct sum_cell *find_or_add(struct summary *s, const struct sum_row *r)
{
	const struct dims d = { r->batches, r->fresh, r->parent_mem_mib };
	struct sum_cell *c = find_key(s, r->workload, r->mode, r->workers,
				      r->tasks, r->size, r->switch_ms,
				      r->latency_ms, 0, &d);

	if (c)
		return c;
	if (s->ncells == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->cells = gb_xrealloc(s->cells, s->cap, sizeof(*s->cells));
	}
	if (wl_rank(s, r->workload) < 0) {
		s->wls = gb_xrealloc(s->wls, s->nwl + 1, sizeof(*s->wls));
		snprintf(s->wls[s->nwl++], sizeof(s->wls[0]), "%s",
			 r->workload);
	}
	c = &s->cells[s->ncells++];
	memset(c, 0, sizeof(*c));
	snprintf(c->workload, sizeof(c->workload), "%s", r->workload);
	snprintf(c->mode, sizeof(c->mode), "%s", r->mode);
	c->workers = r->workers;
	c->tasks = r->tasks;
	c->size = r->size;
	c->switch_ms = r->switch_ms;
	c->latency_ms = r->latency_ms;
	c->batches = r->batches > 1 ? r->batches : 1;
	c->fresh = r->fresh;
	c->parent_mem_mib = r->parent_mem_mib;
	/* The kind is in the row; files older than the kind column say
	 * only what the latency says: an I/O row carries one. */
	c->kind = r->kind && r->kind[0] ? summary_kind(r->kind)
		  : !isnan(r->latency_ms) ? SUM_IO : SUM_CPU;
	return c;
}

static void push(double **arr, unsigned n, double v)
{
	/* Grow by powers of two: n is the count before this value. */
	if ((n & (n - 1)) == 0) {
		*arr = gb_xrealloc(*arr, n ? 2 * n : 1, sizeof(**arr));
	}
	(*arr)[n] = v;
}

static void push_key(uint64_t **arr, unsigned n, uint64_t v)
{
	if ((n & (n - 1)) == 0) {
		*arr = gb_xrealloc(*arr, n ? 2 * n : 1, sizeof(**arr));
	}
	(*arr)[n] = v;
}

/* The round a row ran in, as one number: its run (interned) and its
 * round, or its rep in files without the round column (each workload of
 * an invocation then counts its own reps, which still pair within the
 * workload). 0 when the row says neither: it pairs with nothing. */
static uint64_t round_key(struct summary *s, const struct sum_row *r)
{
	size_t i;

	if (!r->run_id || !r->run_id[0] || (!r->round && !r->rep))
		return 0;
	for (i = 0; i < s->nruns; i++)
		if (strcmp(s->runs[i], r->run_id) == 0)
			break;
	if (i == s->nruns) {
		s->runs = gb_xrealloc(s->runs, s->nruns + 1, sizeof(*s->runs));
		snprintf(s->runs[s->nruns++], sizeof(s->runs[0]), "%s",
			 r->run_id);
	}
	return (uint64_t)(i + 1) << 32 |
	       (r->round ? r->round : 0x80000000u | (r->rep & 0x7fffffffu));
}

void summary_add(struct summary *s, const struct sum_row *r)
{
	struct sum_cell *c = find_or_add(s, r);
	double startup = isnan(r->startup_s) ? 0 : r->startup_s;
	double cpu = (isnan(r->user_s) ? 0 : r->user_s) +
		     (isnan(r->sys_s) ? 0 : r->sys_s);

	s->nrows++;
	if (r->cpus > s->cores)
		s->cores = r->cpus;
	if (r->verified && r->hosts > s->max_hosts)
		s->max_hosts = r->hosts;
	if (r->verified && r->hosts > c->hosts)
		c->hosts = r->hosts;
	/* Only rows over several hosts say whether the hosts share a
	 * kernel: one host is one kernel, whatever the machines. */
	if (r->verified && r->hosts > 1 && r->kernels > s->max_kernels)
		s->max_kernels = r->kernels;
	if (r->metric_name && r->metric_name[0])
		snprintf(c->metric_name, sizeof(c->metric_name), "%s",
			 r->metric_name);
	if (!r->verified) {
		c->failed++;
		s->nfailed++;
		if (!c->first_error[0])
			snprintf(c->first_error, sizeof(c->first_error), "%s",
				 r->error && r->error[0] ? r->error
				 : "wrong answer");
		return;
	}
	push(&c->wall, c->n, r->wall_s);
	push(&c->total, c->n, r->wall_s + startup);
	push(&c->cpu, c->n, cpu);
	push(&c->startup, c->n, startup);
	push(&c->rss, c->n, isnan(r->max_rss_kb) ? 0 : r->max_rss_kb);
	push(&c->rss0, c->n, r->start_rss_kb);
	push(&c->cs, c->n, r->vol_cs + r->invol_cs);
	push(&c->rise, c->n, NAN);	/* summary_finish */
	push(&c->metric, c->n, isnan(r->metric) ? 0 : r->metric);
	push(&c->gil, c->n,
	     !isnan(r->gil_wait_s) && r->wall_s > 0 && r->workers
	     ? r->gil_wait_s / (r->wall_s * r->workers) : NAN);
	push(&c->other, c->n, r->span_s > 0 ? r->other_cpu_s : NAN);
	push(&c->span, c->n, r->span_s > 0 && !isnan(r->other_cpu_s)
	     ? r->span_s : NAN);
	push_key(&c->key, c->n, round_key(s, r));
	c->n++;
}

static int cmp_cells(const void *pa, const void *pb, void *ctx)
{
	const struct sum_cell *a = pa, *b = pb;
	const struct summary *s = ctx;
	int d;

	if ((d = wl_rank(s, a->workload) - wl_rank(s, b->workload)))
		return d;
	/* Bigger tasks first: the main series before sweeps of tiny ones. */
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	if (a->tasks != b->tasks)
		return a->tasks < b->tasks ? -1 : 1;
	if (!same_switch(a->latency_ms, b->latency_ms)) {
		if (isnan(a->latency_ms) || isnan(b->latency_ms))
			return isnan(a->latency_ms) ? -1 : 1;
		return a->latency_ms < b->latency_ms ? -1 : 1;
	}
	if ((d = mode_rank(a->mode) - mode_rank(b->mode)))
		return d;
	if ((d = strcmp(a->mode, b->mode)))
		return d;
	if (!same_switch(a->switch_ms, b->switch_ms)) {
		if (isnan(a->switch_ms) || isnan(b->switch_ms))
			return isnan(a->switch_ms) ? -1 : 1;
		return a->switch_ms > b->switch_ms ? -1 : 1;
	}
	/* Plain cells first, then the cost measurements' variants. */
	if (a->parent_mem_mib != b->parent_mem_mib)
		return a->parent_mem_mib < b->parent_mem_mib ? -1 : 1;
	if (a->batches != b->batches)
		return a->batches < b->batches ? -1 : 1;
	if (a->fresh != b->fresh)
		return a->fresh - b->fresh;
	return (a->workers > b->workers) - (a->workers < b->workers);
}

/* qsort_r with a context is GNU; a file-scope pointer keeps it C11. */
static const struct summary *sort_ctx;
static int cmp_cells_c11(const void *a, const void *b)
{
	return cmp_cells(a, b, (void *)sort_ctx);
}

/* The median of the non-NAN values of x. */
static double median_present(const double *x, size_t n)
{
	double *t = gb_xmalloc((n ? n : 1) * sizeof(*t)), m;
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			t[k++] = x[i];
	m = k ? stats_median(t, k) : NAN;
	free(t);
	return m;
}

static const double *field(const struct sum_cell *c, enum sum_field f)
{
	switch (f) {
	case SF_TOTAL: return c->total;
	case SF_CPU: return c->cpu;
	case SF_STARTUP: return c->startup;
	case SF_RSS: return c->rss;
	case SF_METRIC: return c->metric;
	default: return c->wall;
	}
}

static const struct sum_iv no_iv = { NAN, NAN, NAN, 0, 0, NAN };

/* The repetition of c that ran in round key, or -1. */
static long rep_of(const struct sum_cell *c, uint64_t key)
{
	for (unsigned i = 0; key && i < c->n; i++)
		if (c->key[i] == key)
			return (long)i;
	return -1;
}

int summary_paired(const struct sum_term *t, size_t nt, struct sum_iv *out)
{
	double *v, other = 0, span = 0;
	size_t n = 0;
	struct stats_interval iv;

	*out = no_iv;
	if (!nt || !t[0].c || !t[0].c->n)
		return -ENOENT;
	v = gb_xmalloc(t[0].c->n * sizeof(*v));
	for (unsigned i = 0; i < t[0].c->n; i++) {
		uint64_t key = t[0].c->key[i];
		double prod = 1;
		size_t k;

		if (!key)
			continue;
		for (k = 0; k < nt; k++) {
			long j = t[k].c ? rep_of(t[k].c, key) : -1;
			double x;

			if (j < 0)
				break;
			x = field(t[k].c, t[k].f)[j];
			if (!(x > 0))
				break;
			prod *= t[k].exp < 0 ? 1 / x : x;
		}
		if (k < nt)
			continue;
		v[n++] = prod;
		for (k = 0; k < nt; k++) {
			long j = rep_of(t[k].c, key);

			if (!isnan(t[k].c->span[j])) {
				other += t[k].c->other[j];
				span += t[k].c->span[j];
			}
		}
	}
	if (n >= SUM_MIN_PAIRS &&
	    !stats_boot_median(v, n, STATS_RESAMPLES, STATS_SEED, &iv)) {
		*out = (struct sum_iv){ iv.point, iv.lo, iv.hi, (unsigned)n, 1,
					span > 0 ? other / span : NAN };
	}
	free(v);
	return out->paired ? 0 : -ENOENT;
}

int summary_compare(const struct sum_cell *num, const struct sum_cell *den,
		    enum sum_field f, struct sum_iv *out)
{
	const struct sum_term t[2] = { { num, f, 1 }, { den, f, -1 } };
	struct stats_interval iv;
	double ld[2];
	size_t nl = 0;

	*out = no_iv;
	if (!num || !den || !num->n || !den->n)
		return -EINVAL;
	if (summary_paired(t, 2, out) == 0)
		return 0;
	/* Not measured together: two independent samples. */
	if (stats_boot_ratio(field(num, f), num->n, field(den, f), den->n,
			     STATS_RESAMPLES, STATS_SEED, &iv))
		return -EINVAL;
	if (!isnan(num->load_med))
		ld[nl++] = num->load_med;
	if (!isnan(den->load_med))
		ld[nl++] = den->load_med;
	*out = (struct sum_iv){ iv.point, iv.lo, iv.hi,
				num->n < den->n ? num->n : den->n, 0,
				nl ? stats_max(ld, nl) : NAN };
	return 0;
}

int summary_ratio(const struct sum_cell *num, const struct sum_cell *den,
		  int with_startup, struct sum_iv *out)
{
	return summary_compare(num, den, with_startup ? SF_TOTAL : SF_WALL,
			       out);
}

void summary_finish(struct summary *s)
{
	/* qsort(NULL, 0, ...) is undefined (a header-only CSV has no
	 * cells, and no array yet). */
	if (s->ncells) {
		sort_ctx = s;
		qsort(s->cells, s->ncells, sizeof(*s->cells), cmp_cells_c11);
		sort_ctx = NULL;
	}
	for (size_t i = 0; i < s->ncells; i++) {
		struct sum_cell *c = &s->cells[i];
		double cpu;

		c->speedup = c->speedup_startup = c->speedup_medians = no_iv;
		c->load_med = NAN;
		c->efficiency = c->cpu_per_wall = c->metric_med = NAN;
		c->gil_share = c->startup_s = c->rss_kb = NAN;
		c->rise_kb = c->cs_med = NAN;
		c->median = c->min = c->max = c->mad = c->cv = NAN;
		if (!c->n)
			continue;
		c->median = stats_median(c->wall, c->n);
		c->min = stats_min(c->wall, c->n);
		c->max = stats_max(c->wall, c->n);
		c->mad = stats_mad(c->wall, c->n);
		c->cv = stats_cv(c->wall, c->n);
		c->noisy = c->cv > SUM_NOISY_CV;
		c->outliers = stats_outliers(c->wall, c->n);
		cpu = stats_median(c->cpu, c->n);
		c->cpu_per_wall = c->median > 0 ? cpu / c->median : NAN;
		c->startup_s = stats_median(c->startup, c->n);
		c->rss_kb = stats_median(c->rss, c->n);
		c->cs_med = median_present(c->cs, c->n);
		{
			double base = INFINITY;

			for (unsigned k = 0; k < c->n; k++)
				if (!isnan(c->rss0[k]) && c->rss0[k] < base)
					base = c->rss0[k];
			for (unsigned k = 0; k < c->n; k++)
				c->rise[k] = isinf(base) ? NAN :
					fmax(c->rss[k] - base, 0);
			c->rise_kb = median_present(c->rise, c->n);
		}
		if (c->metric_name[0])
			c->metric_med = stats_median(c->metric, c->n);
		c->gil_share = median_present(c->gil, c->n);
		{
			double other = 0, span = 0;

			for (unsigned j = 0; j < c->n; j++)
				if (!isnan(c->span[j])) {
					other += c->other[j];
					span += c->span[j];
				}
			c->load_med = span > 0 ? other / span : NAN;
		}
	}
	/* Speedups once every cell has its figures. */
	for (size_t i = 0; i < s->ncells; i++) {
		struct sum_cell *c = &s->cells[i];
		const struct sum_cell *b;

		if (!c->n)
			continue;
		{
			const struct dims d = { c->batches, c->fresh,
						c->parent_mem_mib };

			b = find_key(s, c->workload,
				     summary_baseline_mode(c->mode), 1,
				     c->tasks, c->size, NAN, c->latency_ms, 0,
				     &d);
		}
		if (!b || !b->n || !(c->median > 0))
			continue;
		c->baseline = b;
		if (b == c) {
			/* Against itself the ratio is 1 in every resample. */
			c->speedup = c->speedup_startup = c->speedup_medians =
				(struct sum_iv){ 1, 1, 1, c->n, 1, c->load_med };
		} else {
			struct stats_interval iv;

			summary_ratio(b, c, 0, &c->speedup);
			summary_ratio(b, c, 1, &c->speedup_startup);
			if (!stats_boot_ratio(b->wall, b->n, c->wall, c->n,
					      STATS_RESAMPLES, STATS_SEED, &iv))
				c->speedup_medians = (struct sum_iv){
					iv.point, iv.lo, iv.hi,
					b->n < c->n ? b->n : c->n, 0,
					c->load_med };
		}
		c->efficiency = c->speedup.point / c->workers;
	}
	s->finished = 1;
}

size_t summary_ncells(const struct summary *s) { return s->ncells; }
size_t summary_nrows(const struct summary *s) { return s->nrows; }
size_t summary_nfailed(const struct summary *s) { return s->nfailed; }
long summary_cores(const struct summary *s) { return s->cores; }
unsigned summary_max_hosts(const struct summary *s) { return s->max_hosts; }
unsigned summary_max_kernels(const struct summary *s)
{
	return s->max_kernels;
}

const struct sum_cell *summary_cell(const struct summary *s, size_t i)
{
	return i < s->ncells ? &s->cells[i] : NULL;
}



/* The plain cells with verified repetitions in the series (wl, tasks,
 * size). */
static size_t series_cells(const struct summary *s, const char *wl,
			   uint64_t tasks, uint64_t size)
{
	size_t k = 0;

	for (size_t j = 0; j < s->ncells; j++)
		k += s->cells[j].n && summary_plain(&s->cells[j]) &&
		     s->cells[j].tasks == tasks && s->cells[j].size == size &&
		     strcmp(s->cells[j].workload, wl) == 0;
	return k;
}

/* The main series of wl as measured against the baseline mode base:
 * its tasks, size and latency (an I/O workload swept at another latency
 * with the same task count is another measurement). */
static int primary_of(const struct summary *s, const char *wl,
		      const char *base, uint64_t *tasks, uint64_t *size,
		      double *latency)
{
	double best = -1;
	size_t most = 0;
	int found = 0;

	/* Among the series with a baseline, the one with the most cells
	 * (the sweep over modes and workers, not a sweep of task counts
	 * with three modes), then the longest baseline. */
	for (size_t i = 0; i < s->ncells; i++) {
		const struct sum_cell *c = &s->cells[i];
		size_t k;

		if (strcmp(c->workload, wl) || !c->n || !summary_plain(c) ||
		    strcmp(c->mode, base))
			continue;
		k = series_cells(s, wl, c->tasks, c->size);
		if (k < most || (k == most && c->median <= best))
			continue;
		most = k;
		best = c->median;
		*tasks = c->tasks;
		*size = c->size;
		*latency = c->latency_ms;
		found = 1;
	}
	if (found)
		return 0;
	most = 0;
	/* No baseline: the series with the most cells. */
	for (size_t i = 0; i < s->ncells; i++) {
		const struct sum_cell *c = &s->cells[i];
		size_t k = 0;

		if (strcmp(c->workload, wl) || !summary_plain(c))
			continue;
		for (size_t j = 0; j < s->ncells; j++)
			k += strcmp(s->cells[j].workload, wl) == 0 &&
			     summary_plain(&s->cells[j]) &&
			     s->cells[j].tasks == c->tasks &&
			     s->cells[j].size == c->size;
		if (k > most) {
			most = k;
			*tasks = c->tasks;
			*size = c->size;
			*latency = c->latency_ms;
		}
	}
	return most ? 0 : -ENOENT;
}

int summary_primary(const struct summary *s, const char *wl,
		    uint64_t *tasks, uint64_t *size, double *latency)
{
	double lat;

	return primary_of(s, wl, "seq", tasks, size, latency ? latency : &lat);
}

/* CPython's default switch interval, the one claims are judged at. */
#define DEFAULT_SWITCH_MS 5.0

const struct sum_cell *summary_at(const struct summary *s, const char *wl,
				  const char *mode, unsigned workers)
{
	const struct sum_cell *best = NULL;
	uint64_t tasks, size;
	double latency;
	unsigned best_n = 0;

	/* CPython's rows have their own series, measured against py-seq. */
	if (primary_of(s, wl, summary_baseline_mode(mode), &tasks, &size,
		       &latency))
		return NULL;
	for (size_t i = 0; i < s->ncells; i++) {
		const struct sum_cell *c = &s->cells[i];

		if (!c->n || c->workers != workers || c->tasks != tasks ||
		    c->size != size || !same_switch(c->latency_ms, latency) ||
		    !summary_plain(c) ||
		    strcmp(c->workload, wl) || strcmp(c->mode, mode))
			continue;
		if (isnan(c->switch_ms) || c->switch_ms == DEFAULT_SWITCH_MS)
			return c;
		if (c->n > best_n) {
			best = c;
			best_n = c->n;
		}
	}
	return best;
}

size_t summary_workloads(const struct summary *s, const char **names,
			 size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < s->nwl && n < max; i++)
		names[n++] = s->wls[i];
	return n;
}

int summary_has_mode(const struct summary *s, const char *mode)
{
	for (size_t i = 0; i < s->ncells; i++)
		if (s->cells[i].n && strcmp(s->cells[i].mode, mode) == 0)
			return 1;
	return 0;
}

int summary_capacity(const struct summary *s, struct sum_iv *k,
		     const struct sum_cell **seq_cell,
		     const struct sum_cell **fork_cell)
{
	const struct sum_cell *f = NULL, *q = NULL;

	*k = no_iv;
	/* fork at the most workers, then its seq twin. */
	for (size_t i = 0; i < s->ncells; i++) {
		const struct sum_cell *c = &s->cells[i];

		if (c->kind == SUM_CALIB && c->n && summary_plain(c) &&
		    strcmp(c->mode, "fork") == 0 &&
		    (!f || c->workers > f->workers ||
		     (c->workers == f->workers && c->n > f->n)))
			f = c;
	}
	if (f)
		q = find_key(s, f->workload, "seq", 1, f->tasks, f->size, NAN,
			     NAN, 1, &plain_dims);
	if (seq_cell)
		*seq_cell = q;
	if (fork_cell)
		*fork_cell = f;
	if (!f || !q || !q->n)
		return -ENOENT;
	return summary_ratio(q, f, 0, k) ? -ENOENT : 0;
}

double summary_bg_load(const struct summary *s, size_t *busy, size_t *known)
{
	size_t nb = 0, nk = 0;
	double other = 0, span = 0;

	for (size_t i = 0; i < s->ncells; i++) {
		const struct sum_cell *c = &s->cells[i];

		for (unsigned j = 0; j < c->n; j++) {
			if (isnan(c->span[j]))
				continue;
			other += c->other[j];
			span += c->span[j];
			if (c->span[j] < SUM_LOAD_MIN_SPAN)
				continue;
			nk++;
			nb += summary_busy(s, c->other[j] / c->span[j]);
		}
	}
	if (busy)
		*busy = nb;
	if (known)
		*known = nk;
	return span > 0 ? other / span : NAN;
}

int summary_busy(const struct summary *s, double load)
{
	return !isnan(load) &&
	       load > SUM_BUSY_SHARE * (double)(s->cores > 0 ? s->cores : 1);
}

const char *summary_cell_run(const struct summary *s,
			     const struct sum_cell *c)
{
	for (unsigned i = 0; i < c->n; i++) {
		uint64_t run = c->key[i] >> 32;

		if (run && run <= s->nruns)
			return s->runs[run - 1];
	}
	return NULL;
}
