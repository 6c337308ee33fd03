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
	/* Workload names in order of first appearance (display order). */
	char (*wls)[64];
	size_t nwl;
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
}

void summary_free(struct summary *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->ncells; i++)
		free_cell(&s->cells[i]);
	free(s->cells);
	free(s->wls);
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
		s->cells = realloc(s->cells, s->cap * sizeof(*s->cells));
		if (!s->cells)
			gb_die(GB_EXIT_FAIL, "out of memory");
	}
	if (wl_rank(s, r->workload) < 0) {
		s->wls = realloc(s->wls, (s->nwl + 1) * sizeof(*s->wls));
		if (!s->wls)
			gb_die(GB_EXIT_FAIL, "out of memory");
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
		*arr = realloc(*arr, (n ? 2 * n : 1) * sizeof(**arr));
		if (!*arr)
			gb_die(GB_EXIT_FAIL, "out of memory");
	}
	(*arr)[n] = v;
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

int summary_ratio(const struct sum_cell *num, const struct sum_cell *den,
		  int with_startup, struct stats_interval *out)
{
	if (!num || !den || !num->n || !den->n) {
		out->point = out->lo = out->hi = NAN;
		return -EINVAL;
	}
	return stats_boot_ratio(with_startup ? num->total : num->wall, num->n,
				with_startup ? den->total : den->wall, den->n,
				STATS_RESAMPLES, STATS_SEED, out);
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

		c->speedup = c->speedup_startup =
			(struct stats_interval){ NAN, NAN, NAN };
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
			c->speedup = c->speedup_startup =
				(struct stats_interval){ 1, 1, 1 };
		} else {
			summary_ratio(b, c, 0, &c->speedup);
			summary_ratio(b, c, 1, &c->speedup_startup);
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

const struct sum_cell *summary_cell(const struct summary *s, size_t i)
{
	return i < s->ncells ? &s->cells[i] : NULL;
}



/* The main series of wl as measured against the baseline mode base. */
static int primary_of(const struct summary *s, const char *wl,
		      const char *base, uint64_t *tasks, uint64_t *size)
{
	double best = -1;
	size_t most = 0;
	int found = 0;

	/* The longest baseline first. */
	for (size_t i = 0; i < s->ncells; i++) {
		const struct sum_cell *c = &s->cells[i];

		if (strcmp(c->workload, wl) || !c->n || !summary_plain(c) ||
		    strcmp(c->mode, base) || c->median <= best)
			continue;
		best = c->median;
		*tasks = c->tasks;
		*size = c->size;
		found = 1;
	}
	if (found)
		return 0;
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
		}
	}
	return most ? 0 : -ENOENT;
}

int summary_primary(const struct summary *s, const char *wl,
		    uint64_t *tasks, uint64_t *size)
{
	return primary_of(s, wl, "seq", tasks, size);
}

/* CPython's default switch interval, the one claims are judged at. */
#define DEFAULT_SWITCH_MS 5.0

const struct sum_cell *summary_at(const struct summary *s, const char *wl,
				  const char *mode, unsigned workers)
{
	const struct sum_cell *best = NULL;
	uint64_t tasks, size;
	unsigned best_n = 0;

	/* CPython's rows have their own series, measured against py-seq. */
	if (primary_of(s, wl, summary_baseline_mode(mode), &tasks, &size))
		return NULL;
	for (size_t i = 0; i < s->ncells; i++) {
		const struct sum_cell *c = &s->cells[i];

		if (!c->n || c->workers != workers || c->tasks != tasks ||
		    c->size != size || !summary_plain(c) ||
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
