/* summary_csv.c - summary.csv, one line per cell (model.h). */
#include "bench/analysis/model/model.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"
#include "bench/output/csv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

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

/* The plain ratio of medians over the baseline, unpaired: beside the
 * paired speedup, for whoever wants to see what pairing changed. */
static struct iv ratio_of_medians(const struct cell *c)
{
	const struct cell *b = c->baseline;
	struct stats_interval si;
	struct iv out = iv_none;
	double *x, *y;

	if (!b || b == c)
		return b ? (struct iv){ 1, 1, 1, c->n, 0, NAN } : out;
	x = gb_xmalloc(b->n * sizeof(*x));
	y = gb_xmalloc(c->n * sizeof(*y));
	cell_values(b, FIG_WALL, x);
	cell_values(c, FIG_WALL, y);
	if (!stats_boot_ratio(x, b->n, y, c->n, STATS_RESAMPLES, STATS_SEED,
			      &si))
		out = (struct iv){ si.point, si.lo, si.hi, 0, 0, NAN };
	free(x);
	free(y);
	return out;
}

int model_write_summary(const struct model *m, const char *path)
{
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
	for (size_t i = 0; i < model_ncells(m); i++) {
		const struct cell *c = model_cell_at(m, i);
		struct iv rm = c->n ? ratio_of_medians(c) : iv_none;

		put_text(f, c->key.workload, 1);
		put_text(f, kind_name(c->kind), 0);
		put_text(f, c->key.mode, 0);
		fprintf(f, ",%llu,%llu,%llu",
			(unsigned long long)c->key.workers,
			(unsigned long long)c->key.tasks,
			(unsigned long long)c->key.size);
		put_num(f, c->key.switch_ms);
		put_num(f, c->key.latency_ms);
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
		put_num(f, c->med[FIG_STARTUP]);
		put_num(f, c->speedup_startup.point);
		put_num(f, c->speedup_startup.lo);
		put_num(f, c->speedup_startup.hi);
		put_num(f, c->med[FIG_RSS]);
		put_text(f, c->metric_name, 0);
		put_num(f, c->med[FIG_METRIC]);
		put_num(f, c->med[FIG_GIL]);
		fprintf(f, ",%llu,%s,%llu", (unsigned long long)c->key.batches,
			c->key.pool,
			(unsigned long long)c->key.parent_mem_mib);
		/* How many rounds the speedup paired (blank: unpaired). */
		if (c->speedup.paired)
			fprintf(f, ",%u", c->speedup.n);
		else
			fputs(",", f);
		put_num(f, rm.point);
		put_num(f, rm.lo);
		put_num(f, rm.hi);
		put_num(f, c->load);
		fputc('\n', f);
	}
	return gb_afile_commit(a);
}
