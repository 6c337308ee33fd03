/* report_scale.c - see report_scale.h. */
#include "bench/analysis/report_scale.h"
#include "bench/analysis/sweep.h"
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
static void row(struct doc *d, const struct sweep *sw,
		const struct sum_cell *c)
{
	char t[16], wall[24], cpu[24], mem[24], peak[24], cs[24], up[24];
	const char *cells[] = { t, c->mode, wall, cpu, mem, peak, cs, up };

	snprintf(t, sizeof(t), "%llu", (unsigned long long)c->tasks);
	if (!c->n) {
		const char *failed[] = { t, c->mode, c->first_error, NULL,
					 NULL, NULL, NULL, NULL };

		doc_table_row(d, failed);
		return;
	}
	num(wall, sizeof(wall), "%.2f", c->median * 1000 / sw->latency_ms);
	num(cpu, sizeof(cpu), "%.1f", 1e6 * sweep_cpu_per_task(c));
	num(mem, sizeof(mem), "%.2f", sweep_mem_per_task(c));
	num(peak, sizeof(peak), "%.1f", c->rss_kb / 1024);
	num(cs, sizeof(cs), "%.2f", c->cs_med / (double)c->tasks);
	num(up, sizeof(up), "%.1f", 1000 * c->startup_s);
	doc_table_row(d, cells);
}

void report_scale(struct doc *d, const struct report_in *in)
{
	static const char *const head[] = {
		"at once", "mode", "wall / latency", "CPU us / task",
		"memory KiB / task", "peak MiB", "switches / task",
		"start-up ms" };
	const char *wls[64];
	size_t nwl = summary_workloads(in->s, wls, GB_ARRAY_LEN(wls));
	int any = 0;

	for (size_t w = 0; w < nwl; w++) {
		struct sweep sw;
		unsigned sizes[64], at;
		size_t ns;
		double ratio;
		int bound;

		if (sweep_find(in->s, wls[w], &sw))
			continue;
		ns = sweep_sizes(in->s, &sw, sizes, GB_ARRAY_LEN(sizes));
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
		doc_heading(d, 3, "%s, %g ms per task", sw.wl, sw.latency_ms);
		at = sweep_crossover(in->s, &sw, "threads", "async", 10,
				     &ratio, &bound);
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
			for (size_t k = 0; k < summary_ncells(in->s); k++) {
				const struct sum_cell *c =
					summary_cell(in->s, k);

				if (sweep_member(&sw, c) &&
				    c->workers == sizes[i])
					row(d, &sw, c);
			}
		doc_table_end(d);
	}
	if (!any)
		doc_para(d, "not measured: this run has no concurrency sweep "
			 "(an I/O workload with tasks = workers at two sizes "
			 "or more); `make scale` runs one from 16 to 10,000 "
			 "at once.");
}
