/* row.c - see row.h. */
#include "bench/output/row.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static void iso_time(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

int row_write(struct csv_out *o, const struct row_run *run,
	      const struct rep_result *r)
{
	const struct mode_family *f = r->mode->family;
	struct csv_row row;
	char ts[96];

	memset(&row, 0, sizeof(row));
	iso_time(ts, sizeof(ts));
	csv_set(&row, COL_RUN_ID, "%s", run->run_id);
	csv_set(&row, COL_TIMESTAMP, "%s", ts);
	csv_set(&row, COL_HOST, "%s", run->host);
	csv_set(&row, COL_CPUS, "%ld", run->cpus);
	csv_set(&row, COL_WORKLOAD, "%s", r->wl->name);
	csv_set(&row, COL_KIND, "%s", wl_kind_name(r->wl->kind));
	csv_set(&row, COL_MODE, "%s", r->mode->name);
	csv_set(&row, COL_WORKERS, "%u", r->workers);
	csv_set(&row, COL_TASKS, "%" PRIu64, r->ntasks);
	csv_set(&row, COL_SIZE, "%" PRIu64, r->params->size);
	csv_set(&row, COL_REP, "%u", r->rep);
	csv_set(&row, COL_WALL_S, "%.9f", r->wall_s);
	csv_set(&row, COL_STARTUP_S, "%.9f", r->startup_s);
	csv_set(&row, COL_USER_S, "%.6f", r->usage.user_s);
	csv_set(&row, COL_SYS_S, "%.6f", r->usage.sys_s);
	csv_set(&row, COL_MAX_RSS_KB, "%ld", r->usage.max_rss_kb);
	csv_set(&row, COL_START_RSS_KB, "%ld", r->usage.start_rss_kb);
	csv_set(&row, COL_VOL_CS, "%ld", r->usage.vol_cs);
	csv_set(&row, COL_INVOL_CS, "%ld", r->usage.invol_cs);
	csv_set(&row, COL_MINFLT, "%ld", r->usage.minflt);
	csv_set(&row, COL_RESULT, "%" PRIu64, r->result);
	csv_set(&row, COL_VERIFIED, "%s", r->ok ? "true" : "false");
	csv_set(&row, COL_EXPECTED, "%" PRIu64, r->expected);
	csv_set(&row, COL_ERRORS, "%" PRIu64, r->errors);
	csv_set(&row, COL_SEED, "%" PRIu64, run->seed);
	if (r->has_metric) {
		csv_set(&row, COL_METRIC, "%.6g", r->metric);
		csv_set(&row, COL_METRIC_NAME, "%s", r->wl->metric);
	}
	if (r->wl->metric2) {
		csv_set(&row, COL_METRIC2, "%.6g", r->metric2);
		csv_set(&row, COL_METRIC2_NAME, "%s", r->wl->metric2);
	}
	if (f && f->row && r->mode_stats)
		f->row(r->mode_opts, r->mode_stats, &row);
	if (r->wl->kind == WL_IO)
		csv_set(&row, COL_LATENCY_MS, "%g", r->params->latency_ms);
	if (r->mode->flags & MODE_F_PROCESSES)
		csv_set(&row, COL_WORKERS_REPLACED, "%" PRIu64,
			r->workers_replaced);
	if (!r->ok) {
		csv_set(&row, COL_ERROR, "%s", r->err);
		for (char *p = row.v[COL_ERROR]; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
	}
	csv_set(&row, COL_BATCHES, "%u", r->batches);
	csv_set(&row, COL_POOL, "%s", r->fresh ? "fresh" : "reuse");
	csv_set(&row, COL_PARENT_MEM_MIB, "%" PRIu64, r->parent_mem_mib);
	csv_set(&row, COL_ROUND, "%u", r->round);
	if (r->usage.other_cpu_s == r->usage.other_cpu_s)	/* not NAN */
		csv_set(&row, COL_OTHER_CPU_S, "%.2f", r->usage.other_cpu_s);
	csv_set(&row, COL_SPAN_S, "%.6f", r->usage.span_s);
	return csv_write_row(o, &row);
}
