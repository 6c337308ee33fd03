/* summary.c - see summary.h. */
#include "bench/analysis/summary.h"
#include "bench/output/csv.h"
#include "bench/core/util.h"
#include "workloads/workload.h"

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
	/* Workload names in order of first appearance (display order). */
	char (*wls)[64];
	size_t nwl;
	int finished;
};

/* Display order of the modes this project defines; others come after,
 * by name. */
static const char *const mode_order[] = {
	"seq", "threads", "fork", "spawn", "gil", "gil-legacy", "async",
	"mpi", "py-seq", "py-threads", "py-procs",
};

static int mode_rank(const char *m)
{
	for (size_t i = 0; i < GB_ARRAY_LEN(mode_order); i++)
		if (strcmp(mode_order[i], m) == 0)
			return (int)i;
	return (int)GB_ARRAY_LEN(mode_order);
}

const char *summary_baseline_mode(const char *mode)
{
	return strncmp(mode, "py-", 3) == 0 ? "py-seq" : "seq";
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
	/* The kind: an I/O row carries its latency; else ask the registry;
	 * a workload this binary does not know (rows from elsewhere) is
	 * taken as CPU-bound. */
	if (!isnan(r->latency_ms)) {
		c->kind = SUM_IO;
	} else {
		const struct workload *w = gb_workload_find(r->workload);

		c->kind = w && w->kind == WL_IO ? SUM_IO : SUM_CPU;
	}
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
	sort_ctx = s;
	qsort(s->cells, s->ncells, sizeof(*s->cells), cmp_cells_c11);
	sort_ctx = NULL;
	for (size_t i = 0; i < s->ncells; i++) {
		struct sum_cell *c = &s->cells[i];
		double cpu;

		c->speedup = c->speedup_startup =
			(struct stats_interval){ NAN, NAN, NAN };
		c->efficiency = c->cpu_per_wall = c->metric_med = NAN;
		c->gil_share = c->startup_s = c->rss_kb = NAN;
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

/* ---- reading the raw CSV ---- */

/* The columns the summary reads; the first ones are required. */
enum in_col {
	IN_WORKLOAD, IN_MODE, IN_WORKERS, IN_TASKS, IN_SIZE, IN_WALL,
	IN_VERIFIED, IN__REQUIRED,
	IN_STARTUP = IN__REQUIRED, IN_USER, IN_SYS, IN_RSS, IN_METRIC,
	IN_METRIC_NAME, IN_SWITCH, IN_LATENCY, IN_GIL_WAIT, IN_CPUS, IN_ERROR,
	IN_BATCHES, IN_POOL, IN_PARENT_MEM, IN__COUNT
};

static const enum gb_col in_cols[IN__COUNT] = {
	[IN_WORKLOAD] = COL_WORKLOAD, [IN_MODE] = COL_MODE,
	[IN_WORKERS] = COL_WORKERS, [IN_TASKS] = COL_TASKS,
	[IN_SIZE] = COL_SIZE, [IN_WALL] = COL_WALL_S,
	[IN_VERIFIED] = COL_VERIFIED, [IN_STARTUP] = COL_STARTUP_S,
	[IN_USER] = COL_USER_S, [IN_SYS] = COL_SYS_S,
	[IN_RSS] = COL_MAX_RSS_KB, [IN_METRIC] = COL_METRIC,
	[IN_METRIC_NAME] = COL_METRIC_NAME,
	[IN_SWITCH] = COL_SWITCH_INTERVAL_MS, [IN_LATENCY] = COL_LATENCY_MS,
	[IN_GIL_WAIT] = COL_GIL_WAIT_S, [IN_CPUS] = COL_CPUS,
	[IN_ERROR] = COL_ERROR, [IN_BATCHES] = COL_BATCHES,
	[IN_POOL] = COL_POOL, [IN_PARENT_MEM] = COL_PARENT_MEM_MIB,
};

struct loader {
	const char *path;
	long line;
	int idx[IN__COUNT];	/* field index of each column, -1 absent */
	char *err;
	size_t errlen;
};

/* Put "FILE:LINE: message" in the loader's err; returns -EINVAL. */
static int bad(struct loader *ld, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int bad(struct loader *ld, const char *fmt, ...)
{
	int n = snprintf(ld->err, ld->errlen, "%s:%ld: ", ld->path, ld->line);
	va_list ap;

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < ld->errlen)
		vsnprintf(ld->err + n, ld->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A number column: blank gives NAN for optional ones. */
static int get_num(struct loader *ld, char **f, enum in_col c, double *v)
{
	const char *name = gb_col_names[in_cols[c]], *txt;

	*v = NAN;
	if (ld->idx[c] < 0)
		return 0;
	txt = f[ld->idx[c]];
	if (!txt[0]) {
		if (c < IN__REQUIRED)
			return bad(ld, "column '%s' is empty", name);
		return 0;
	}
	if (gb_parse_double(txt, -1e300, 1e300, v))
		return bad(ld, "column '%s': '%s' is not a number", name, txt);
	return 0;
}

static int get_count(struct loader *ld, char **f, enum in_col c,
		     uint64_t *v)
{
	const char *txt = f[ld->idx[c]];

	if (gb_parse_u64(txt, 0, UINT64_MAX, v))
		return bad(ld, "column '%s': '%s' is not a whole number",
			   gb_col_names[in_cols[c]], txt);
	return 0;
}

static int parse_row(struct loader *ld, char **f, struct sum_row *r)
{
	uint64_t workers;
	double cpus, batches, parent_mem;
	int rc;
	const char *ver;

	memset(r, 0, sizeof(*r));
	r->workload = f[ld->idx[IN_WORKLOAD]];
	r->mode = f[ld->idx[IN_MODE]];
	if (!r->workload[0] || !r->mode[0])
		return bad(ld, "the workload or mode is empty");
	if ((rc = get_count(ld, f, IN_WORKERS, &workers)) ||
	    (rc = get_count(ld, f, IN_TASKS, &r->tasks)) ||
	    (rc = get_count(ld, f, IN_SIZE, &r->size)))
		return rc;
	if (workers < 1 || workers > 1u << 20)
		return bad(ld, "column 'workers': '%s' is out of range",
			   f[ld->idx[IN_WORKERS]]);
	r->workers = (unsigned)workers;
	ver = f[ld->idx[IN_VERIFIED]];
	if (strcmp(ver, "true") && strcmp(ver, "false"))
		return bad(ld, "column 'verified': '%s' is not true or false",
			   ver);
	r->verified = strcmp(ver, "true") == 0;
	if ((rc = get_num(ld, f, IN_WALL, &r->wall_s)) ||
	    (rc = get_num(ld, f, IN_STARTUP, &r->startup_s)) ||
	    (rc = get_num(ld, f, IN_USER, &r->user_s)) ||
	    (rc = get_num(ld, f, IN_SYS, &r->sys_s)) ||
	    (rc = get_num(ld, f, IN_RSS, &r->max_rss_kb)) ||
	    (rc = get_num(ld, f, IN_METRIC, &r->metric)) ||
	    (rc = get_num(ld, f, IN_SWITCH, &r->switch_ms)) ||
	    (rc = get_num(ld, f, IN_LATENCY, &r->latency_ms)) ||
	    (rc = get_num(ld, f, IN_GIL_WAIT, &r->gil_wait_s)) ||
	    (rc = get_num(ld, f, IN_CPUS, &cpus)) ||
	    (rc = get_num(ld, f, IN_BATCHES, &batches)) ||
	    (rc = get_num(ld, f, IN_PARENT_MEM, &parent_mem)))
		return rc;
	/* Older files have none of these: one batch, reused, no ballast. */
	if (!isnan(batches) && (batches < 1 || batches > 1e6))
		return bad(ld, "column 'batches': %g is out of range", batches);
	if (!isnan(parent_mem) && (parent_mem < 0 || parent_mem > 1e9))
		return bad(ld, "column 'parent_mem_mib': %g is out of range",
			   parent_mem);
	r->batches = isnan(batches) ? 1 : (unsigned)batches;
	r->parent_mem_mib = isnan(parent_mem) ? 0 : (uint64_t)parent_mem;
	if (ld->idx[IN_POOL] >= 0) {
		const char *pool = f[ld->idx[IN_POOL]];

		if (pool[0] && strcmp(pool, "reuse") && strcmp(pool, "fresh"))
			return bad(ld, "column 'pool': '%s' is not reuse or "
				   "fresh", pool);
		r->fresh = strcmp(pool, "fresh") == 0;
	}
	if (r->wall_s < 0)
		return bad(ld, "column 'wall_s': '%s' is negative",
			   f[ld->idx[IN_WALL]]);
	r->cpus = isnan(cpus) ? 0 : (long)cpus;
	r->metric_name = ld->idx[IN_METRIC_NAME] >= 0
			 ? f[ld->idx[IN_METRIC_NAME]] : "";
	r->error = ld->idx[IN_ERROR] >= 0 ? f[ld->idx[IN_ERROR]] : "";
	return 0;
}

static int load_stream(struct summary *s, FILE *fp, struct loader *ld)
{
	struct csv_reader *rd;
	char **f;
	int n, nhead, rc = 0;

	if (csv_reader_open(&rd, fp))
		return -ENOMEM;
	nhead = csv_read(rd, &f, &ld->line);
	if (nhead <= 0) {
		csv_reader_close(rd);
		ld->line = 1;
		return bad(ld, "%s", nhead == 0 ? "the file is empty, "
			   "expected the header line of bin/bench"
			   : "malformed header line");
	}
	for (int c = 0; c < IN__COUNT; c++) {
		ld->idx[c] = csv_col_index(f, nhead, gb_col_names[in_cols[c]]);
		if (ld->idx[c] < 0 && c < IN__REQUIRED) {
			rc = bad(ld, "the header lacks column '%s' (is this a "
				 "CSV written by bin/bench?)",
				 gb_col_names[in_cols[c]]);
			break;
		}
	}
	while (!rc && (n = csv_read(rd, &f, &ld->line)) != 0) {
		struct sum_row r;

		if (n < 0) {
			rc = bad(ld, "malformed quoting (an unterminated "
				 "quote, or text after a closing quote)");
			break;
		}
		if (n != nhead) {
			rc = bad(ld, "%d fields, the header has %d (a cut or "
				 "hand-edited line?)", n, nhead);
			break;
		}
		rc = parse_row(ld, f, &r);
		if (!rc)
			summary_add(s, &r);
	}
	csv_reader_close(rd);
	return rc;
}

int summary_load(struct summary **out, const char *csv_path, char *err,
		 size_t errlen)
{
	struct loader ld = { .path = csv_path, .err = err, .errlen = errlen };
	struct summary *s;
	FILE *fp = fopen(csv_path, "r");
	int rc;

	*out = NULL;
	if (!fp) {
		rc = -errno;
		snprintf(err, errlen, "cannot read '%s': %s", csv_path,
			 strerror(-rc));
		return rc;
	}
	s = summary_new();
	rc = load_stream(s, fp, &ld);
	fclose(fp);
	if (rc) {
		summary_free(s);
		return rc;
	}
	summary_finish(s);
	*out = s;
	return 0;
}

/* ---- writing summary.csv ---- */

static void put_num(FILE *f, double v)
{
	if (isnan(v))
		fputs(",", f);
	else
		fprintf(f, ",%.6g", v);
}

int summary_write_csv(const struct summary *s, const char *path)
{
	char tmp[4096];
	FILE *f;
	int rc = 0;

	/* Written aside and renamed, so a reader never sees half a file. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return -errno;
	fputs("workload,kind,mode,workers,tasks,size,switch_interval_ms,"
	      "latency_ms,n,failed,median_s,min_s,max_s,mad_s,cv,noisy,"
	      "outliers,speedup,speedup_lo,speedup_hi,efficiency,"
	      "cpu_per_wall,startup_s,speedup_startup,speedup_startup_lo,"
	      "speedup_startup_hi,max_rss_kb,metric_name,metric,"
	      "gil_wait_share,batches,pool,parent_mem_mib\n", f);
	for (size_t i = 0; i < s->ncells; i++) {
		const struct sum_cell *c = &s->cells[i];

		fprintf(f, "%s,%s,%s,%u,%llu,%llu", c->workload,
			c->kind == SUM_IO ? "io" : "cpu", c->mode, c->workers,
			(unsigned long long)c->tasks,
			(unsigned long long)c->size);
		put_num(f, c->switch_ms);
		put_num(f, c->latency_ms);
		fprintf(f, ",%u,%u", c->n, c->failed);
		put_num(f, c->median);
		put_num(f, c->min);
		put_num(f, c->max);
		put_num(f, c->mad);
		put_num(f, c->cv);
		fprintf(f, ",%s,%zu", c->n ? (c->noisy ? "yes" : "no") : "",
			c->outliers);
		put_num(f, c->speedup.point);
		put_num(f, c->speedup.lo);
		put_num(f, c->speedup.hi);
		put_num(f, c->efficiency);
		put_num(f, c->cpu_per_wall);
		put_num(f, c->startup_s);
		put_num(f, c->speedup_startup.point);
		put_num(f, c->speedup_startup.lo);
		put_num(f, c->speedup_startup.hi);
		put_num(f, c->rss_kb);
		fprintf(f, ",%s", c->metric_name);
		put_num(f, c->metric_med);
		put_num(f, c->gil_share);
		fprintf(f, ",%u,%s,%llu", c->batches, c->fresh ? "fresh" :
			"reuse", (unsigned long long)c->parent_mem_mib);
		fputc('\n', f);
	}
	if (ferror(f))
		rc = -EIO;
	if (fclose(f) && !rc)
		rc = -errno;
	if (!rc && rename(tmp, path))
		rc = -errno;
	if (rc)
		unlink(tmp);
	return rc;
}
