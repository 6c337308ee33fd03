/*
 * load.c - the raw CSV into a summary (summary.h, summary_load). Columns
 * are found by name, so older and newer files load; every value is
 * checked, and a bad one is reported as FILE:LINE.
 */
#include "bench/analysis/summary.h"
#include "bench/core/util.h"
#include "bench/output/csv.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The columns the summary reads; the first ones are required. */
enum in_col {
	IN_WORKLOAD, IN_MODE, IN_WORKERS, IN_TASKS, IN_SIZE, IN_WALL,
	IN_VERIFIED, IN__REQUIRED,
	IN_STARTUP = IN__REQUIRED, IN_USER, IN_SYS, IN_RSS, IN_METRIC,
	IN_METRIC_NAME, IN_SWITCH, IN_LATENCY, IN_GIL_WAIT, IN_CPUS, IN_ERROR,
	IN_BATCHES, IN_POOL, IN_PARENT_MEM, IN_KIND, IN_HOSTS, IN_START_RSS,
	IN_VOL_CS, IN_INVOL_CS, IN_RUN_ID, IN_REP, IN_ROUND, IN_OTHER_CPU,
	IN_SPAN, IN_KERNELS, IN__COUNT
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
	[IN_KIND] = COL_KIND, [IN_HOSTS] = COL_HOSTS,
	[IN_START_RSS] = COL_START_RSS_KB, [IN_VOL_CS] = COL_VOL_CS,
	[IN_INVOL_CS] = COL_INVOL_CS,
	[IN_RUN_ID] = COL_RUN_ID, [IN_REP] = COL_REP, [IN_ROUND] = COL_ROUND,
	[IN_OTHER_CPU] = COL_OTHER_CPU_S, [IN_SPAN] = COL_SPAN_S,
	[IN_KERNELS] = COL_KERNELS,
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

/* What a value may be, per column: what bin/bench can write, with room
 * to spare. A value outside it is not a measurement (cpus = 1e300 made the
 * report say "0 cores"). */
struct range {
	double min, max;
	int whole;		/* an integer count */
};

static const struct range in_ranges[IN__COUNT] = {
	[IN_WALL] = { 0, 1e7, 0 },		/* seconds: 115 days */
	[IN_STARTUP] = { 0, 1e7, 0 },
	[IN_USER] = { 0, 1e9, 0 },		/* CPU seconds, all workers */
	[IN_SYS] = { 0, 1e9, 0 },
	[IN_RSS] = { 0, 1e12, 0 },		/* KiB: a petabyte */
	[IN_METRIC] = { 0, 1e15, 0 },		/* every metric counts or rates */
	[IN_SWITCH] = { 0, 1e6, 0 },		/* ms */
	[IN_LATENCY] = { 0, 1e6, 0 },		/* ms */
	[IN_GIL_WAIT] = { 0, 1e9, 0 },
	[IN_CPUS] = { 1, 1 << 20, 1 },
	[IN_BATCHES] = { 1, 1e6, 1 },
	[IN_PARENT_MEM] = { 0, 1e9, 1 },	/* MiB */
	[IN_HOSTS] = { 0, 1e6, 1 },
	[IN_KERNELS] = { 0, 1e6, 1 },
	[IN_START_RSS] = { 0, 1e12, 0 },	/* KiB, as max_rss_kb */
	[IN_VOL_CS] = { 0, 1e15, 0 },		/* context switches */
	[IN_INVOL_CS] = { 0, 1e15, 0 },
	[IN_REP] = { 0, 1e9, 1 },
	[IN_ROUND] = { 0, 1e9, 1 },
	[IN_OTHER_CPU] = { 0, 1e9, 0 },		/* CPU seconds, others */
	[IN_SPAN] = { 0, 1e7, 0 },		/* seconds */
};

/* A field's text as it may be shown in a message: escaped, cut. */
static const char *shown(const char *txt, char *buf, size_t len)
{
	gb_escape(buf, len, txt, strlen(txt));
	return buf;
}

/* A number column, checked against its range: blank gives NAN for
 * optional ones. */
static int get_num(struct loader *ld, char **f, enum in_col c, double *v)
{
	const char *name = gb_col_names[in_cols[c]], *txt;
	const struct range *r = &in_ranges[c];
	char buf[128];
	int rc;

	*v = NAN;
	if (ld->idx[c] < 0)
		return 0;
	txt = f[ld->idx[c]];
	if (!txt[0]) {
		if (c < IN__REQUIRED)
			return bad(ld, "column '%s' is empty", name);
		return 0;
	}
	rc = gb_parse_double(txt, -1e300, 1e300, v);
	if (rc && rc != -ERANGE)
		return bad(ld, "column '%s': '%s' is not a number", name,
			   shown(txt, buf, sizeof(buf)));
	if (rc || *v < r->min || *v > r->max ||
	    (r->whole && *v != floor(*v)))
		return bad(ld, r->whole ? "column '%s': '%s' is out of range "
			   "(expected a whole number, %.0f to %.0f)" : "column "
			   "'%s': '%s' is out of range (expected %g to %g)", name,
			   shown(txt, buf, sizeof(buf)), r->min, r->max);
	return 0;
}

static int get_count(struct loader *ld, char **f, enum in_col c,
		     uint64_t max, uint64_t *v)
{
	const char *txt = f[ld->idx[c]];
	char buf[128];
	int rc = gb_parse_u64(txt, 0, max, v);

	if (rc == -ERANGE)
		return bad(ld, "column '%s': '%s' is out of range (expected 0 "
			   "to %llu)", gb_col_names[in_cols[c]],
			   shown(txt, buf, sizeof(buf)),
			   (unsigned long long)max);
	if (rc)
		return bad(ld, "column '%s': '%s' is not a whole number",
			   gb_col_names[in_cols[c]], shown(txt, buf, sizeof(buf)));
	return 0;
}

/* The most tasks a row may have: ten times what the command line takes. */
#define MAX_TASKS 1000000000ull

static int parse_row(struct loader *ld, char **f, struct sum_row *r)
{
	uint64_t workers;
	double cpus, batches, parent_mem, hosts, kernels, rep, round;
	char buf[128];
	int rc;
	const char *ver;

	memset(r, 0, sizeof(*r));
	r->workload = f[ld->idx[IN_WORKLOAD]];
	r->mode = f[ld->idx[IN_MODE]];
	if (!r->workload[0] || !r->mode[0])
		return bad(ld, "the workload or mode is empty");
	if ((rc = get_count(ld, f, IN_WORKERS, 1u << 20, &workers)) ||
	    (rc = get_count(ld, f, IN_TASKS, MAX_TASKS, &r->tasks)) ||
	    (rc = get_count(ld, f, IN_SIZE, UINT64_MAX, &r->size)))
		return rc;
	if (workers < 1)
		return bad(ld, "column 'workers': '%s' is out of range "
			   "(expected 1 to %u)", f[ld->idx[IN_WORKERS]], 1u << 20);
	r->workers = (unsigned)workers;
	ver = f[ld->idx[IN_VERIFIED]];
	if (strcmp(ver, "true") && strcmp(ver, "false"))
		return bad(ld, "column 'verified': '%s' is not true or false",
			   shown(ver, buf, sizeof(buf)));
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
	    (rc = get_num(ld, f, IN_PARENT_MEM, &parent_mem)) ||
	    (rc = get_num(ld, f, IN_HOSTS, &hosts)) ||
	    (rc = get_num(ld, f, IN_KERNELS, &kernels)) ||
	    (rc = get_num(ld, f, IN_START_RSS, &r->start_rss_kb)) ||
	    (rc = get_num(ld, f, IN_VOL_CS, &r->vol_cs)) ||
	    (rc = get_num(ld, f, IN_INVOL_CS, &r->invol_cs)) ||
	    (rc = get_num(ld, f, IN_REP, &rep)) ||
	    (rc = get_num(ld, f, IN_ROUND, &round)) ||
	    (rc = get_num(ld, f, IN_OTHER_CPU, &r->other_cpu_s)) ||
	    (rc = get_num(ld, f, IN_SPAN, &r->span_s)))
		return rc;
	r->rep = isnan(rep) ? 0 : (unsigned)rep;
	r->round = isnan(round) ? 0 : (unsigned)round;
	r->run_id = ld->idx[IN_RUN_ID] >= 0 ? f[ld->idx[IN_RUN_ID]] : "";
	/* Older files have none of these: one batch, reused, no ballast. */
	r->batches = isnan(batches) ? 1 : (unsigned)batches;
	r->parent_mem_mib = isnan(parent_mem) ? 0 : (uint64_t)parent_mem;
	if (ld->idx[IN_POOL] >= 0) {
		const char *pool = f[ld->idx[IN_POOL]];

		if (pool[0] && strcmp(pool, "reuse") && strcmp(pool, "fresh"))
			return bad(ld, "column 'pool': '%s' is not reuse or "
				   "fresh", shown(pool, buf, sizeof(buf)));
		r->fresh = strcmp(pool, "fresh") == 0;
	}
	r->cpus = isnan(cpus) ? 0 : (long)cpus;
	r->metric_name = ld->idx[IN_METRIC_NAME] >= 0
			 ? f[ld->idx[IN_METRIC_NAME]] : "";
	r->error = ld->idx[IN_ERROR] >= 0 ? f[ld->idx[IN_ERROR]] : "";
	r->kind = ld->idx[IN_KIND] >= 0 ? f[ld->idx[IN_KIND]] : "";
	if (r->kind[0] && summary_kind(r->kind) == SUM_UNKNOWN)
		return bad(ld, "column 'kind': '%s' is not a workload kind",
			   shown(r->kind, buf, sizeof(buf)));
	r->hosts = isnan(hosts) ? 0 : (unsigned)hosts;
	r->kernels = isnan(kernels) ? 0 : (unsigned)kernels;
	return 0;
}

/* A record the reader refused, as FILE:LINE: what, where. */
static int bad_record(struct loader *ld, struct csv_reader *rd, int n)
{
	long line, col;
	const char *why = csv_reader_error(rd, &line, &col);

	ld->line = line;
	if (n == -EFBIG)
		return bad(ld, "the file is larger than %u MiB, far more than "
			   "a run writes (is it the right file?)",
			   (unsigned)(SUM_MAX_BYTES >> 20));
	if (n == -E2BIG)
		return bad(ld, "a line longer than %u KiB, which no row of "
			   "bin/bench is (is it the right file?)",
			   CSV_MAX_RECORD >> 10);
	if (n == -ENOMEM || n == -EIO)
		return bad(ld, "%s", why);
	return bad(ld, "%s (column %ld)", why, col);
}

static int load_stream(struct summary *s, FILE *fp, struct loader *ld)
{
	struct csv_reader *rd;
	char **f;
	int n, nhead, rc = 0;

	if (csv_reader_open(&rd, fp))
		return -ENOMEM;
	/* Bounded: input without newlines (/dev/zero) must end in an
	 * error, not in all the memory there is. */
	csv_reader_limit(rd, CSV_MAX_RECORD, SUM_MAX_BYTES);
	nhead = csv_read(rd, &f, &ld->line);
	if (nhead < 0) {
		rc = bad_record(ld, rd, nhead);
		csv_reader_close(rd);
		return rc;
	}
	if (nhead == 0) {
		csv_reader_close(rd);
		ld->line = 1;
		return bad(ld, "the file is empty, expected the header line of "
			   "bin/bench");
	}
	/* The summary stage's own output is the likeliest wrong file. */
	if (csv_col_index(f, nhead, "median_s") >= 0 &&
	    csv_col_index(f, nhead, "wall_s") < 0) {
		csv_reader_close(rd);
		return bad(ld, "this is a summary.csv (one line per cell), not "
			   "the raw CSV of a run: give bench.csv or its folder");
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
			rc = bad_record(ld, rd, n);
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

int summary_load_stream(struct summary **out, FILE *fp, const char *name,
			char *err, size_t errlen)
{
	struct loader ld = { .path = name, .err = err, .errlen = errlen };
	struct summary *s = summary_new();
	int rc = load_stream(s, fp, &ld);

	*out = NULL;
	if (rc) {
		summary_free(s);
		return rc;
	}
	summary_finish(s);
	*out = s;
	return 0;
}

int summary_load(struct summary **out, const char *csv_path, char *err,
		 size_t errlen)
{
	FILE *fp = fopen(csv_path, "r");
	int rc;

	*out = NULL;
	if (!fp) {
		rc = -errno;
		snprintf(err, errlen, "cannot read '%s': %s", csv_path,
			 strerror(-rc));
		return rc;
	}
	rc = summary_load_stream(out, fp, csv_path, err, errlen);
	fclose(fp);
	return rc;
}
