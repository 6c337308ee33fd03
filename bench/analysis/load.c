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
	IN_BATCHES, IN_POOL, IN_PARENT_MEM, IN_KIND, IN_HOSTS, IN__COUNT
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
	double cpus, batches, parent_mem, hosts;
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
	    (rc = get_num(ld, f, IN_PARENT_MEM, &parent_mem)) ||
	    (rc = get_num(ld, f, IN_HOSTS, &hosts)))
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
	r->kind = ld->idx[IN_KIND] >= 0 ? f[ld->idx[IN_KIND]] : "";
	if (r->kind[0] && summary_kind(r->kind) == SUM_UNKNOWN)
		return bad(ld, "column 'kind': '%s' is not a workload kind",
			   r->kind);
	if (!isnan(hosts) && (hosts < 0 || hosts > 1e6))
		return bad(ld, "column 'hosts': %g is out of range", hosts);
	r->hosts = isnan(hosts) ? 0 : (unsigned)hosts;
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

