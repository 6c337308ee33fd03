/*
 * report/scale.c - the concurrency sweep's table (sections.h): per task,
 * what each mode's cells cost at each number of tasks at once, from the
 * sweep's cells (model/sweep.h).
 */
#include "bench/analysis/report/sections.h"
#include "bench/analysis/model/sweep.h"
#include "bench/core/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* "12.3", or "-" for a figure the cell does not have. */
static void num(char *buf, size_t len, const char *fmt, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, fmt, v);
}

/* One row of the table: the cell of mode at `tasks` at once. */
static void row(struct doc *d, const struct series *sw,
		const struct cell *c)
{
	char t[16], wall[24], cpu[24], mem[24], peak[24], cs[24], up[24];
	const char *cells[] = { t, c->key.mode, wall, cpu, mem, peak, cs, up };

	snprintf(t, sizeof(t), "%llu", (unsigned long long)c->key.tasks);
	if (!c->n) {
		const char *failed[] = { t, c->key.mode, c->first_error, NULL,
					 NULL, NULL, NULL, NULL };

		doc_table_row(d, failed);
		return;
	}
	num(wall, sizeof(wall), "%.2f", c->median * 1000 / sw->key.latency_ms);
	num(cpu, sizeof(cpu), "%.1f", 1e6 * sweep_cpu_per_task(c));
	num(mem, sizeof(mem), "%.2f", sweep_mem_per_task(c));
	num(peak, sizeof(peak), "%.1f", c->med[FIG_RSS] / 1024);
	num(cs, sizeof(cs), "%.2f", c->med[FIG_CS] / (double)c->key.tasks);
	num(up, sizeof(up), "%.1f", 1000 * c->med[FIG_STARTUP]);
	doc_table_row(d, cells);
}

void report_scale(struct doc *d, const struct report_in *in)
{
	static const char *const head[] = {
		"at once", "mode", "wall / latency", "CPU us / task",
		"memory KiB / task", "peak MiB", "switches / task",
		"start-up ms" };
	const char *wls[64];
	size_t nwl = model_workloads(in->m, wls, GB_ARRAY_LEN(wls));
	int any = 0;

	for (size_t w = 0; w < nwl; w++) {
		const struct series *sw = sweep_find(in->m, wls[w]);
		unsigned sizes[64], at;
		size_t ns;
		double ratio;
		int bound;

		if (!sw)
			continue;
		ns = sweep_sizes(sw, sizes, GB_ARRAY_LEN(sizes));
		if (ns < 2)
			continue;
		if (!any)
			doc_para(d, "The concurrency sweep (`make scale`, "
				 "`scripts/scale.sh`): tasks = workers, each "
				 "cell in a bin/bench of its own. Memory per "
				 "task is the peak resident memory above what "
				 "bin/bench held when the cell began "
				 "(`start_rss_kb`), over the tasks; CPU time "
				 "includes starting and stopping the pool; "
				 "switches are voluntary plus involuntary "
				 "context switches. Medians of the "
				 "repetitions.");
		any = 1;
		doc_heading(d, 3, "%s, %g ms per task", sw->key.workload,
			    sw->key.latency_ms);
		at = sweep_crossover(sw, "threads", "async", 10, &ratio,
				     &bound);
		if (at)
			doc_para(d, "Threads' memory passes ten times async's "
				 "at **%u** tasks at once (%s%.1fx there).", at,
				 bound ? "at least " : "", ratio);
		else if (!isnan(ratio))
			doc_para(d, "Threads' memory stays below ten times "
				 "async's over the sweep: %s%.1fx at the most "
				 "both ran.", bound ? "at least " : "", ratio);
		doc_table_begin(d, GB_ARRAY_LEN(head), head);
		for (size_t i = 0; i < ns; i++)
			for (size_t k = 0; k < sw->n; k++)
				if (sw->cells[k]->key.workers == sizes[i])
					row(d, sw, sw->cells[k]);
		doc_table_end(d);
	}
	if (!any)
		doc_para(d, "not measured: this run has no concurrency sweep "
			 "(an I/O workload with tasks = workers at two sizes "
			 "or more); `make scale` runs one from 16 to 10,000 "
			 "at once.");
}
