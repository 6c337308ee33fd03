/*
 * load.c - the raw CSV into a summary (summary.h, summary_load), through
 * the one reader of the suite's files (model/bind.h) and bench.csv's
 * schema (model/row.h): every value is checked there, a bad one reported
 * as FILE:LINE.
 */
#include "bench/analysis/summary.h"
#include "bench/analysis/model/row.h"
#include "bench/core/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int add_row(void *ctx, const void *row, char *err, size_t errlen)
{
	const struct bench_row *b = row;
	struct sum_row r = {
		.workload = b->workload, .mode = b->mode,
		.metric_name = b->metric_name ? b->metric_name : "",
		.error = b->error ? b->error : "",
		.kind = b->kind ? b->kind : "",
		.hosts = (unsigned)b->hosts, .kernels = (unsigned)b->kernels,
		.workers = (unsigned)b->workers, .tasks = b->tasks,
		.size = b->size, .verified = b->verified, .cpus = (long)b->cpus,
		.wall_s = b->wall_s, .startup_s = b->startup_s,
		.user_s = b->user_s, .sys_s = b->sys_s,
		.max_rss_kb = b->max_rss_kb, .start_rss_kb = b->start_rss_kb,
		.vol_cs = b->vol_cs, .invol_cs = b->invol_cs,
		.metric = b->metric, .switch_ms = b->switch_ms,
		.latency_ms = b->latency_ms, .gil_wait_s = b->gil_wait_s,
		/* Older files have none of these: one batch, reused. */
		.batches = b->batches ? (unsigned)b->batches : 1,
		.fresh = b->pool && strcmp(b->pool, "fresh") == 0,
		.parent_mem_mib = b->parent_mem_mib,
		.run_id = b->run_id ? b->run_id : "",
		.rep = (unsigned)b->rep, .round = (unsigned)b->round,
		.other_cpu_s = b->other_cpu_s, .span_s = b->span_s,
	};

	(void)err;
	(void)errlen;
	summary_add(ctx, &r);
	return 0;
}

int summary_load_stream(struct summary **out, FILE *fp, const char *name,
			char *err, size_t errlen)
{
	struct summary *s = summary_new();
	int rc = csv_load_stream(&bench_csv, fp, name, add_row, s, err,
				 errlen);

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
