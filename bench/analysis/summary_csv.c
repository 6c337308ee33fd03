/* summary_csv.c - summary.csv, one line per cell (summary.h). */
#include "bench/analysis/summary.h"
#include "bench/core/util.h"
#include "bench/output/csv.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>

static void put_num(FILE *f, double v)
{
	if (isnan(v))
		fputs(",", f);
	else
		fprintf(f, ",%.6g", v);
}

/* A text column, quoted as the raw CSV's are (a workload or metric name
 * with a comma would otherwise shift every column after it). */
static void put_text(FILE *f, const char *v, int first)
{
	if (!first)
		fputc(',', f);
	csv_fput_field(f, v);
}

int summary_write_csv(const struct summary *s, const char *path)
{
	static const char *const kinds[] = SUM_KIND_NAMES;
	struct gb_afile *a;
	FILE *f;
	int rc;

	/* Written aside, fsynced and renamed (util.h), so a reader, a full
	 * disk or a kill never leaves half a file. */
	rc = gb_afile_open(&a, path, &f);
	if (rc)
		return rc;
	fputs("workload,kind,mode,workers,tasks,size,switch_interval_ms,"
	      "latency_ms,n,failed,median_s,min_s,max_s,mad_s,cv,noisy,"
	      "outliers,speedup,speedup_lo,speedup_hi,efficiency,"
	      "cpu_per_wall,startup_s,speedup_startup,speedup_startup_lo,"
	      "speedup_startup_hi,max_rss_kb,metric_name,metric,"
	      "gil_wait_share,batches,pool,parent_mem_mib,pairs,"
	      "speedup_medians,speedup_medians_lo,speedup_medians_hi,"
	      "other_cores\n", f);
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		put_text(f, c->workload, 1);
		put_text(f, c->kind < GB_ARRAY_LEN(kinds) ? kinds[c->kind] : "",
			 0);
		put_text(f, c->mode, 0);
		fprintf(f, ",%u,%llu,%llu", c->workers,
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
		put_text(f, c->metric_name, 0);
		put_num(f, c->metric_med);
		put_num(f, c->gil_share);
		fprintf(f, ",%u,%s,%llu", c->batches, c->fresh ? "fresh" :
			"reuse", (unsigned long long)c->parent_mem_mib);
		/* How many rounds the speedup paired (blank: unpaired). */
		if (c->speedup.paired)
			fprintf(f, ",%u", c->speedup.n);
		else
			fputs(",", f);
		put_num(f, c->speedup_medians.point);
		put_num(f, c->speedup_medians.lo);
		put_num(f, c->speedup_medians.hi);
		put_num(f, c->load_med);
		fputc('\n', f);
	}
	return gb_afile_commit(a);
}
