/*
 * report/tables.c - the report's details (sections.h): how the figures
 * are made, the failed runs, every cell of the run as tables (one per
 * series of the model), and the machine.
 */
#include "bench/analysis/report/sections.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"
#include "bench/output/human.h"
#include "bench/output/meta.h"

#include <math.h>
#include <string.h>

void report_method(struct doc *d, const struct report_in *in)
{
	(void)in;
	doc_item(d, "Every task's answer is checked against an independently "
		 "known one; a repetition with a wrong or failed task is "
		 "counted as failed and kept out of every figure.");
	doc_item(d, "Medians, not means: a shared machine's noise only adds "
		 "time. Speedup = the median over the rounds of the paired "
		 "ratio baseline / cell (seq; py-seq for CPython rows), same "
		 "workload, tasks and size: the cells of one round ran back "
		 "to back. Where two cells share fewer than %d rounds, the "
		 "ratio of their medians.", MODEL_MIN_PAIRS);
	doc_item(d, "95%% intervals: percentile bootstrap, %u resamples of "
		 "the rounds (or of each side's repetitions when unpaired), "
		 "fixed seed (reruns print the same intervals); the error "
		 "bars of every chart. With few repetitions they are rough; "
		 "summary.csv has the plain ratio of medians too.",
		 STATS_RESAMPLES);
	doc_item(d, "Noisy: coefficient of variation above %.0f%%. Outlier: "
		 "modified z-score above 3.5 (0.6745 |x - median| / MAD); "
		 "flagged, never dropped.", 100 * MODEL_NOISY_CV);
}

void report_failures(struct doc *d, const struct report_in *in)
{
	const char *head[] = { "workload", "mode", "workers", "tasks",
			       "failed repetitions", "first error" };
	int any = 0;

	for (size_t i = 0; i < model_ncells(in->m); i++) {
		const struct cell *c = model_cell_at(in->m, i);
		char w[24], t[32], f[32];
		const char *cell[6] = { c->key.workload, c->key.mode, w, t, f,
					c->first_error };

		if (!c->failed)
			continue;
		if (!any)
			doc_table_begin(d, GB_ARRAY_LEN(head), head);
		any = 1;
		snprintf(w, sizeof(w), "%llu",
			 (unsigned long long)c->key.workers);
		snprintf(t, sizeof(t), "%llu", (unsigned long long)c->key.tasks);
		snprintf(f, sizeof(f), "%u of %u", c->failed,
			 c->failed + c->n);
		doc_table_row(d, cell);
	}
	if (any)
		doc_table_end(d);
	else
		doc_para(d, "None: every task of every repetition gave its "
			 "known answer.");
}

/* "numbers tested per task" for 1: "number tested per task". */
static const char *singular(char *buf, size_t len, const char *unit,
			    uint64_t count)
{
	size_t w = strcspn(unit, " ");

	if (count != 1 || w < 2 || unit[w - 1] != 's')
		return unit;
	snprintf(buf, len, "%.*s%s", (int)(w - 1), unit, unit + w);
	return buf;
}

/* "primes: 32 tasks x 10,000 numbers tested per task", "payload: 8
 * tasks x 64 MiB", "sleep: 32 tasks of 10 ms". */
static void series_title(struct text *out, const struct model *m,
			 const struct series *s)
{
	const struct bench_row *k = &s->key;
	struct workload_about about;
	int known = !model_workload_about(m, k->workload, &about);
	char n[HUMAN_LEN], u[128];

	if (s->kind == KIND_CONVOY) {
		text_setf(out, "%s: the I/O thread runs %llu ms, alone and "
			  "beside CPU-bound threads (workers = 1 + CPU "
			  "threads)", k->workload, (unsigned long long)k->size);
		return;
	}
	if (s->tasks_follow)
		text_setf(out, "%s: as many tasks as workers", k->workload);
	else
		text_setf(out, "%s: %llu task%s", k->workload,
			  (unsigned long long)k->tasks, k->tasks == 1 ? "" : "s");
	if (!isnan(k->latency_ms))
		text_addf(out, " ", "of %g ms", k->latency_ms);
	else if (strcmp(k->workload, "payload") == 0)
		text_addf(out, " ", "x %s", human_bytes(n, sizeof(n),
							(double)k->size));
	else if (known && strncmp(about.unit, "unused", 6))
		text_addf(out, " ", "x %s %s", human_count(n, sizeof(n),
							   (double)k->size),
			  singular(u, sizeof(u), about.unit, k->size));
	else if (!known)
		text_addf(out, " ", "x size %llu", (unsigned long long)k->size);
	/* The cost measurements' variants: their own tables. */
	if (k->batches > 1)
		text_addf(out, ", ", "%llu batches, %s pool",
			  (unsigned long long)k->batches,
			  strcmp(k->pool, "fresh") ? "one" : "a fresh");
	if (k->parent_mem_mib)
		text_addf(out, ", ", "parent of %llu MiB",
			  (unsigned long long)k->parent_mem_mib);
}

/* "1.97x [1.90, 2.01]", or "-". */
static void ratio_iv(char *buf, size_t len, const struct iv *v)
{
	char a[HUMAN_LEN], b[HUMAN_LEN], x[HUMAN_LEN];

	if (isnan(v->point))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%s [%s, %s]",
			 human_ratio(x, sizeof(x), v->point),
			 human_ratio(a, sizeof(a), v->lo),
			 human_ratio(b, sizeof(b), v->hi));
}

/* "%.2f" of v, or "-". */
static void num(char *buf, size_t len, const char *fmt, double v)
{
	if (isnan(v))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, fmt, v);
}

static void table_row(struct doc *d, const struct cell *c)
{
	char w[48], n[16], med[HUMAN_LEN], range[2 * HUMAN_LEN];
	char mad[HUMAN_LEN], cv[32], sp[3 * HUMAN_LEN], eff[32], cpw[32];
	char st[HUMAN_LEN], spst[3 * HUMAN_LEN], x[HUMAN_LEN];
	struct text mode = { 0 }, notes = { 0 };
	const struct bench_row *k = &c->key;

	text_setf(&mode, "%s", k->mode);
	if (!isnan(k->switch_ms))
		text_addf(&mode, " ", "(%g ms switch)", k->switch_ms);
	if (k->gil_policy[0] && strcmp(k->gil_policy, "cpython"))
		text_addf(&mode, " ", "(%s)", k->gil_policy);
	/* The convoy's workers are the I/O thread and the CPU threads. */
	if (c->kind == KIND_CONVOY)
		snprintf(w, sizeof(w), "%llu (I/O + %llu CPU)",
			 (unsigned long long)k->workers,
			 (unsigned long long)(k->workers ? k->workers - 1 : 0));
	else
		snprintf(w, sizeof(w), "%llu", (unsigned long long)k->workers);
	snprintf(n, sizeof(n), "%u", c->n);
	human_seconds(med, sizeof(med), c->median);
	if (c->n)
		human_range(range, sizeof(range), c->min, c->max);
	else
		snprintf(range, sizeof(range), "-");
	human_seconds(mad, sizeof(mad), c->mad);
	num(cv, sizeof(cv), "%.1f%%", 100 * c->cv);
	ratio_iv(sp, sizeof(sp), &c->speedup);
	ratio_iv(spst, sizeof(spst), &c->speedup_startup);
	num(eff, sizeof(eff), "%.2f", c->efficiency);
	num(cpw, sizeof(cpw), "%.2f", c->cpu_per_wall);
	human_seconds(st, sizeof(st), c->med[FIG_STARTUP]);
	if (c->noisy)
		text_addf(&notes, ", ", "noisy");
	if (c->outliers)
		text_addf(&notes, ", ", "%zu outlier%s", c->outliers,
			  c->outliers > 1 ? "s" : "");
	if (c->failed)
		text_addf(&notes, ", ", "**%u failed**", c->failed);
	if (c->metric_name[0] && !isnan(c->med[FIG_METRIC]))
		text_addf(&notes, ", ", "%s", human_metric(x, sizeof(x),
			  c->metric_name, c->med[FIG_METRIC]));
	if (!isnan(c->med[FIG_GIL]))
		text_addf(&notes, ", ", "GIL wait %.0f%%",
			  100 * c->med[FIG_GIL]);
	if (c->med[FIG_RSS] > 0)
		text_addf(&notes, ", ", "peak memory %s", human_bytes(x,
			  sizeof(x), 1024 * c->med[FIG_RSS]));
	{
		const char *cell[] = { text_str(&mode), w, n, med, range, mad,
				       cv, sp, eff, cpw, st, spst,
				       text_str(&notes) };
		const char *cls[] = { "name", "num", "num", "num", "num", "num",
				      "num", "num", "num", "num", "num", "num",
				      NULL };

		doc_table_row_ex(d, NULL, cell, cls);
	}
	text_free(&mode);
	text_free(&notes);
}

void report_tables(struct doc *d, const struct report_in *in)
{
	const char *head[] = { "mode", "workers", "n", "median",
			       "fastest to slowest", "MAD", "CV",
			       "speedup [95%]", "efficiency", "CPU/wall",
			       "start-up", "speedup with start-up", "notes" };
	const char *wls[64];
	size_t nwl = model_workloads(in->m, wls, GB_ARRAY_LEN(wls));

	doc_para(d, "One fold per workload (click to open), a table per "
		 "series: the median wall time of the tasks (start-up "
		 "excluded) over the verified repetitions (n), the fastest and "
		 "slowest of them, the median absolute deviation and the "
		 "coefficient of variation; the speedup over seq; efficiency = "
		 "speedup / workers; CPU time over wall time; the pool's "
		 "start-up; the speedup counting start-up on both sides. The "
		 "same figures, unrounded, are in `summary.csv`.");
	for (size_t w = 0; w < nwl; w++) {
		size_t n = 0;

		for (size_t i = 0; i < model_nseries(in->m); i++)
			n += strcmp(model_series_at(in->m, i)->key.workload,
				    wls[w]) == 0;
		doc_fold_begin(d, "%s (%zu series)", wls[w], n);
		for (size_t i = 0; i < model_nseries(in->m); i++) {
			const struct series *s = model_series_at(in->m, i);
			struct text title = { 0 };

			if (strcmp(s->key.workload, wls[w]))
				continue;
			series_title(&title, in->m, s);
			doc_para(d, "**%s**", text_str(&title));
			text_free(&title);
			doc_table_begin_class(d, GB_ARRAY_LEN(head), head,
					      "cells");
			for (size_t k = 0; k < s->n; k++)
				table_row(d, s->cells[k]);
			doc_table_end(d);
		}
		doc_end(d);
	}
}

/* The cores: online, usable and what cut them, physical, and what the
 * run measured they delivered (K). */
static void machine_rows(struct doc *d, const struct report_in *in)
{
	const struct machine *mc = model_machine(in->m);
	char v[4][160];
	const char *why = !*mc->why ? "" : strcmp(mc->why, "affinity") == 0
			  ? " (the affinity mask: taskset or a cpuset)"
			  : strcmp(mc->why, "quota") == 0
			  ? " (the cgroup's CPU quota)" : " (every online CPU)";
	const struct cell *f;
	struct iv k;

	snprintf(v[0], sizeof(v[0]), "%ld", mc->online);
	snprintf(v[1], sizeof(v[1]), "%ld%s", in->cores, why);
	if (mc->quota > 0)
		gb_appendf(v[1], sizeof(v[1]), "; ", "quota %.4g CPUs",
			   mc->quota);
	if (mc->physical > 0)
		snprintf(v[2], sizeof(v[2]), "%ld%s", mc->physical,
			 mc->physical < in->cores ? " (SMT: two usable CPUs "
			 "share a core)" : "");
	else
		snprintf(v[2], sizeof(v[2]), "not known");
	if (model_capacity(in->m, &k, NULL, &f) == 0)
		snprintf(v[3], sizeof(v[3]), "%.2f [%.2f, %.2f] (calib under "
			 "fork at W = %u over seq)", k.point, k.lo, k.hi,
			 (unsigned)f->key.workers);
	else
		snprintf(v[3], sizeof(v[3]), "not measured (no calibration "
			 "rows)");
	for (int i = 0; i < 4; i++) {
		static const char *const label[] = {
			"online CPUs", "usable cores (W = cores)",
			"physical cores under them",
			"capacity K (cores the run got)" };

		doc_row(d, label[i], v[i]);
	}
}

void report_machine(struct doc *d, const struct report_in *in)
{
	static const struct { const char *key, *label; } rows[] = {
		{ "cpu_model", "CPU" }, { "kernel", "kernel" },
		{ "compiler", "compiler" }, { "cflags", "compiler flags" },
		{ "libcurl", "libcurl" }, { "git", "git revision" },
		{ "date", "date (UTC, first invocation)" }, { "host", "host" },
	};
	const char *head[] = { "what", "value" };
	char val[1024], runs[64], rows_txt[96], raw[4200];
	unsigned ncmd = 0;

	if (meta_get(in->meta_path, "date", 0, val, sizeof(val)))
		doc_para(d, "No metadata sidecar (`%s`) was found: only the "
			 "CSV's own columns are known.", in->meta_path);
	doc_table_begin(d, 2, head);
	machine_rows(d, in);
	for (size_t i = 0; i < GB_ARRAY_LEN(rows); i++) {
		if (meta_get(in->meta_path, rows[i].key, 0, val, sizeof(val)))
			continue;
		doc_row(d, rows[i].label, val);
	}
	while (!meta_get(in->meta_path, "command", ncmd, val, sizeof(val)))
		ncmd++;
	snprintf(runs, sizeof(runs), "%u", ncmd);
	doc_row(d, "bin/bench invocations", runs);
	snprintf(rows_txt, sizeof(rows_txt), "%zu (%zu failed, excluded "
		 "from every figure)", model_nrows(in->m),
		 model_nfailed(in->m));
	doc_row(d, "timed repetitions (CSV rows)", rows_txt);
	snprintf(raw, sizeof(raw), "`%s`", in->csv_path);
	doc_row(d, "raw data", raw);
	doc_table_end(d);
}
