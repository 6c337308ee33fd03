/* summary_csv.c - summary.csv, one line per cell (summary.h). */
#include "bench/analysis/summary.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <unistd.h>

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
	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

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
