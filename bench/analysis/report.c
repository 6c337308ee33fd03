/* report.c - see report.h. */
#include "bench/analysis/report.h"
#include "bench/analysis/doc.h"
#include "bench/output/meta.h"
#include "bench/core/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static void fmt_num(char *buf, size_t len, const char *fmt, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, fmt, v);
}

static void machine(struct doc *d, const struct report_in *in)
{
	static const struct { const char *key, *label; } rows[] = {
		{ "cpu_model", "CPU" }, { "kernel", "kernel" },
		{ "compiler", "compiler" }, { "cflags", "compiler flags" },
		{ "libcurl", "libcurl" }, { "git", "git revision" },
		{ "date", "date (UTC, first invocation)" }, { "host", "host" },
	};
	const char *head[] = { "what", "value" }, *cell[2];
	char val[1024], cores[32], runs[64], rows_txt[96];
	unsigned ncmd = 0;

	doc_heading(d, 2, "The machine");
	if (meta_get(in->meta_path, "date", 0, val, sizeof(val)))
		doc_para(d, "No metadata sidecar (`%s`) was found: only the "
			 "CSV's own columns are known.", in->meta_path);
	doc_table_begin(d, 2, head);
	snprintf(cores, sizeof(cores), "%ld", in->cores);
	cell[0] = "cores (online CPUs)";
	cell[1] = cores;
	doc_table_row(d, cell);
	for (size_t i = 0; i < GB_ARRAY_LEN(rows); i++) {
		if (meta_get(in->meta_path, rows[i].key, 0, val, sizeof(val)))
			continue;
		cell[0] = rows[i].label;
		cell[1] = val;
		doc_table_row(d, cell);
	}
	while (!meta_get(in->meta_path, "command", ncmd, val, sizeof(val)))
		ncmd++;
	snprintf(runs, sizeof(runs), "%u", ncmd);
	cell[0] = "bin/bench invocations";
	cell[1] = runs;
	doc_table_row(d, cell);
	snprintf(rows_txt, sizeof(rows_txt), "%zu (%zu failed, excluded "
		 "from every figure)", summary_nrows(in->s),
		 summary_nfailed(in->s));
	cell[0] = "timed repetitions (CSV rows)";
	cell[1] = rows_txt;
	doc_table_row(d, cell);
	cell[0] = "raw data";
	cell[1] = in->csv_path;
	doc_table_row(d, cell);
	doc_table_end(d);
}

static size_t count_verdicts(const struct report_in *in, enum verdict v)
{
	size_t n = 0;

	for (size_t i = 0; i < gb_nclaims; i++)
		n += in->results[i].verdict == v;
	return n;
}

static const struct claim_result *result_of(const struct report_in *in,
					    const char *id)
{
	for (size_t i = 0; i < gb_nclaims; i++)
		if (strcmp(gb_claims[i].id, id) == 0)
			return &in->results[i];
	return NULL;
}

/* The paragraph: what ran, the verdict counts, the headline figures. */
static void overview(struct doc *d, const struct report_in *in)
{
	const struct summary *s = in->s;
	const char *wls[64];
	size_t nwl = summary_workloads(s, wls, 64), noisy = 0, cells = 0;
	const struct claim_result *c15 = result_of(in, "C15");
	const struct claim_result *c1 = result_of(in, "C1");
	const struct claim_result *c5 = result_of(in, "C5");
	char modes[512] = "";

	for (size_t i = 0; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (!c->n)
			continue;
		cells++;
		noisy += c->noisy;
		if (!strstr(modes, c->mode)) {
			size_t u = strlen(modes);
			snprintf(modes + u, sizeof(modes) - u, "%s%s",
				 u ? ", " : "", c->mode);
		}
	}
	doc_heading(d, 2, "Summary");
	doc_para(d, "This run timed %zu repetitions (%zu failed and "
		 "excluded) of %zu workloads in the modes %s, on a machine "
		 "with %ld cores. Of the %zu claims, **%zu reproduced**, "
		 "**%zu not reproduced** and **%zu not measured** here. "
		 "Timings on a shared machine are noisy: %zu of the %zu "
		 "cells have a coefficient of variation above %.0f%% and are "
		 "marked noisy below; speedups are ratios of medians with "
		 "95%% bootstrap intervals.",
		 summary_nrows(s), summary_nfailed(s), nwl,
		 modes[0] ? modes : "(none)", in->cores, gb_nclaims,
		 count_verdicts(in, VERDICT_REPRODUCED),
		 count_verdicts(in, VERDICT_NOT_REPRODUCED),
		 count_verdicts(in, VERDICT_NOT_MEASURED), noisy, cells,
		 100 * SUM_NOISY_CV);
	if (c15->figure[0])
		doc_item(d, "CPU-bound (C15): %s.", c15->figure);
	if (c1->figure[0])
		doc_item(d, "Under the simulated GIL (C1): %s.", c1->figure);
	if (c5->figure[0])
		doc_item(d, "I/O-bound with threads (C5): %s.", c5->figure);
}

static void verdicts(struct doc *d, const struct report_in *in)
{
	const char *head[] = { "id", "claim (articles)", "measured",
			       "95% interval", "test applied", "verdict",
			       "reason" };
	char claim[512], v[64];

	doc_heading(d, 2, "Verdicts: the articles' claims on this machine");
	doc_para(d, "One row per claim. Each verdict is computed by "
		 "`bin/bench report` from this run's CSV with the test in "
		 "its row; \"not measured\" says what the run lacked.");
	doc_table_begin(d, GB_ARRAY_LEN(head), head);
	for (size_t i = 0; i < gb_nclaims; i++) {
		const struct claim_result *r = &in->results[i];
		const char *cell[GB_ARRAY_LEN(head)];

		snprintf(claim, sizeof(claim), "%s (%s)", gb_claims[i].text,
			 gb_claims[i].seeds);
		snprintf(v, sizeof(v), "**%s**", verdict_name(r->verdict));
		cell[0] = gb_claims[i].id;
		cell[1] = claim;
		cell[2] = r->figure[0] ? r->figure : "-";
		cell[3] = r->interval[0] ? r->interval : "-";
		cell[4] = r->test;
		cell[5] = v;
		cell[6] = r->reason;
		doc_table_row(d, cell);
	}
	doc_table_end(d);
}

static int file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0;
}

static void charts(struct doc *d, const struct report_in *in)
{
	char svg[4096], png[4096], rel[256];
	size_t shown = 0;

	doc_heading(d, 2, "Charts");
	for (size_t i = 0; i < in->ncharts; i++) {
		const struct chart *c = &in->charts[i];

		snprintf(svg, sizeof(svg), "%s/plots/%s.svg", in->dir, c->name);
		snprintf(png, sizeof(png), "%s/plots/%s.png", in->dir, c->name);
		snprintf(rel, sizeof(rel), "plots/%s.png", c->name);
		if (!file_exists(svg) && !file_exists(png))
			continue;
		doc_heading(d, 3, "%s", c->title);
		doc_image(d, c->title, rel, svg, png);
		doc_para(d, "%s", c->caption);
		shown++;
	}
	if (!in->ncharts)
		doc_para(d, "This run has no data to chart.");
	else if (!shown)
		doc_para(d, "Charts not drawn: gnuplot is not installed. "
			 "Install it with `scripts/deps.sh plot` (Debian: "
			 "`apt-get install gnuplot-nox`), then run `make "
			 "report RUN=%s`. Their data is in `plots/*.dat`.",
			 in->dir);
}

/* A group of the summary tables: one workload series. */
static int same_group(const struct sum_cell *a, const struct sum_cell *b)
{
	return strcmp(a->workload, b->workload) == 0 && a->tasks == b->tasks &&
	       a->size == b->size &&
	       ((isnan(a->latency_ms) && isnan(b->latency_ms)) ||
		a->latency_ms == b->latency_ms);
}

static void table_row(struct doc *d, const struct sum_cell *c)
{
	char w[16], n[16], med[32], range[64], mad[32], cv[32], sp[96];
	char eff[32], cpw[32], st[32], spst[96], notes[256] = "", mode[96];

	snprintf(mode, sizeof(mode), "%s", c->mode);
	if (!isnan(c->switch_ms))
		snprintf(mode, sizeof(mode), "%s (%g ms)", c->mode,
			 c->switch_ms);
	/* The cost measurements' variants of a cell. */
	if (c->batches > 1)
		gb_appendf(mode, sizeof(mode), " ", "(%u batches, %s pool)",
			   c->batches, c->fresh ? "fresh" : "one");
	if (c->parent_mem_mib)
		gb_appendf(mode, sizeof(mode), " ", "(parent %llu MiB)",
			   (unsigned long long)c->parent_mem_mib);
	snprintf(w, sizeof(w), "%u", c->workers);
	snprintf(n, sizeof(n), "%u", c->n);
	fmt_num(med, sizeof(med), "%.4g", c->median);
	if (c->n)
		snprintf(range, sizeof(range), "%.4g-%.4g", c->min, c->max);
	else
		snprintf(range, sizeof(range), "-");
	fmt_num(mad, sizeof(mad), "%.2g", c->mad);
	fmt_num(cv, sizeof(cv), "%.1f%%", 100 * c->cv);
	if (isnan(c->speedup.point))
		snprintf(sp, sizeof(sp), "-");
	else
		snprintf(sp, sizeof(sp), "%.2fx [%.2f, %.2f]",
			 c->speedup.point, c->speedup.lo, c->speedup.hi);
	if (isnan(c->speedup_startup.point))
		snprintf(spst, sizeof(spst), "-");
	else
		snprintf(spst, sizeof(spst), "%.2fx [%.2f, %.2f]",
			 c->speedup_startup.point, c->speedup_startup.lo,
			 c->speedup_startup.hi);
	fmt_num(eff, sizeof(eff), "%.2f", c->efficiency);
	fmt_num(cpw, sizeof(cpw), "%.2f", c->cpu_per_wall);
	fmt_num(st, sizeof(st), "%.3g", 1000 * c->startup_s);
	if (c->noisy)
		gb_appendf(notes, sizeof(notes), ", ", "noisy");
	if (c->outliers)
		gb_appendf(notes, sizeof(notes), ", ", "%zu outlier%s", c->outliers,
		     c->outliers > 1 ? "s" : "");
	if (c->failed)
		gb_appendf(notes, sizeof(notes), ", ", "**%u failed**", c->failed);
	if (c->metric_name[0] && !isnan(c->metric_med))
		gb_appendf(notes, sizeof(notes), ", ", "%s %.4g", c->metric_name,
		     c->metric_med);
	if (!isnan(c->gil_share))
		gb_appendf(notes, sizeof(notes), ", ", "GIL wait %.0f%%",
		     100 * c->gil_share);
	{
		const char *cell[] = { mode, w, n, med, range, mad, cv, sp,
				       eff, cpw, st, spst, notes };

		doc_table_row(d, cell);
	}
}

static void tables(struct doc *d, const struct report_in *in)
{
	const char *head[] = { "mode", "workers", "n", "median s",
			       "min-max s", "MAD s", "CV", "speedup [95%]",
			       "efficiency", "CPU/wall", "start-up ms",
			       "speedup with start-up", "notes" };
	const struct sum_cell *prev = NULL;

	doc_heading(d, 2, "Summary tables");
	doc_para(d, "Per workload series: the median wall time of the tasks "
		 "(start-up excluded) over the verified repetitions (n), "
		 "their range, median absolute deviation and coefficient of "
		 "variation; the speedup over seq; efficiency = speedup / "
		 "workers; CPU time over wall time; the pool's start-up; the "
		 "speedup counting start-up on both sides. The same figures "
		 "are in `summary.csv`.");
	for (size_t i = 0; i < summary_ncells(in->s); i++) {
		const struct sum_cell *c = summary_cell(in->s, i);

		if (!prev || !same_group(prev, c)) {
			if (prev)
				doc_table_end(d);
			if (isnan(c->latency_ms))
				doc_heading(d, 3, "%s: %llu tasks x size %llu",
					    c->workload,
					    (unsigned long long)c->tasks,
					    (unsigned long long)c->size);
			else
				doc_heading(d, 3, "%s: %llu tasks x size %llu, "
					    "latency %g ms", c->workload,
					    (unsigned long long)c->tasks,
					    (unsigned long long)c->size,
					    c->latency_ms);
			doc_table_begin(d, GB_ARRAY_LEN(head), head);
		}
		table_row(d, c);
		prev = c;
	}
	if (prev)
		doc_table_end(d);
}

static void failures(struct doc *d, const struct report_in *in)
{
	const char *head[] = { "workload", "mode", "workers", "tasks",
			       "failed repetitions", "first error" };
	int any = 0;

	doc_heading(d, 2, "Failed runs");
	for (size_t i = 0; i < summary_ncells(in->s); i++) {
		const struct sum_cell *c = summary_cell(in->s, i);
		char w[16], t[32], f[32];
		const char *cell[6];

		if (!c->failed)
			continue;
		if (!any)
			doc_table_begin(d, GB_ARRAY_LEN(head), head);
		any = 1;
		snprintf(w, sizeof(w), "%u", c->workers);
		snprintf(t, sizeof(t), "%llu", (unsigned long long)c->tasks);
		snprintf(f, sizeof(f), "%u of %u", c->failed,
			 c->failed + c->n);
		cell[0] = c->workload;
		cell[1] = c->mode;
		cell[2] = w;
		cell[3] = t;
		cell[4] = f;
		cell[5] = c->first_error;
		doc_table_row(d, cell);
	}
	if (any)
		doc_table_end(d);
	else
		doc_para(d, "None: every task of every repetition gave its "
			 "known answer.");
}

static void method(struct doc *d)
{
	doc_heading(d, 2, "How the figures are made");
	doc_item(d, "Every task's answer is checked against an independently "
		 "known one; a repetition with a wrong or failed task is "
		 "counted as failed and kept out of every figure.");
	doc_item(d, "Medians, not means: a shared machine's noise only adds "
		 "time. Speedup = median of the baseline (seq; py-seq for "
		 "CPython rows) over the median of the cell, same workload, "
		 "tasks and size.");
	doc_item(d, "95%% intervals: percentile bootstrap, %u resamples of "
		 "each side's repetitions, fixed seed (reruns print the same "
		 "intervals). With few repetitions they are rough.",
		 STATS_RESAMPLES);
	doc_item(d, "Noisy: coefficient of variation above %.0f%%. Outlier: "
		 "modified z-score above 3.5 (0.6745 |x - median| / MAD); "
		 "flagged, never dropped.", 100 * SUM_NOISY_CV);
}

int report_write(const struct report_in *in)
{
	char md[4096], html[4096];
	struct doc *d;
	int rc;

	snprintf(md, sizeof(md), "%s/REPORT.md", in->dir);
	snprintf(html, sizeof(html), "%s/REPORT.html", in->dir);
	rc = doc_open(&d, md, html, "gilbench report");
	if (rc)
		return rc;
	doc_heading(d, 1, "gilbench report: %s", in->run_name);
	doc_para(d, "Generated by `bin/bench report` from `%s`: what "
		 "threads, processes, a simulated GIL and an event loop do "
		 "to CPU-bound and I/O-bound work on this machine, and "
		 "whether the popular articles' claims hold here.",
		 in->csv_path);
	overview(d, in);
	machine(d, in);
	verdicts(d, in);
	charts(d, in);
	tables(d, in);
	failures(d, in);
	method(d);
	return doc_close(d);
}
