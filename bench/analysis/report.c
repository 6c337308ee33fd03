/*
 * report.c - see report.h. The report is the table of sections below
 * (sections[]): each is an id (its anchor), a title (its heading and
 * its line in the contents) and the function that writes it. Adding a
 * section is a function and one entry; the contents follow.
 *
 * The order is the reader's: what happened in plain words, the verdicts,
 * each claim's charts next to its verdict, the words explained, then the
 * details and the machine.
 */
#include "bench/analysis/report.h"
#include "bench/analysis/doc.h"
#include "bench/analysis/fidelity.h"
#include "bench/analysis/glossary.h"
#include "bench/analysis/lockreport.h"
#include "bench/analysis/report_scale.h"
#include "bench/analysis/report_run.h"
#include "bench/output/human.h"
#include "bench/output/meta.h"
#include "bench/output/style.h"
#include "bench/core/util.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

struct section {
	const char *id;
	const char *title;
	void (*write)(struct doc *d, const struct report_in *in);
};

/* ---- helpers ---------------------------------------------------------- */

static int file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && sb.st_size > 0;
}

static void chart_paths(const struct report_in *in, const struct chart *c,
			char *svg, char *png, size_t len)
{
	snprintf(svg, len, "%s/plots/%s.svg", in->dir, c->name);
	snprintf(png, len, "%s/plots/%s.png", in->dir, c->name);
}

/* Whether the chart was drawn (gnuplot may be missing). */
static int chart_drawn(const struct report_in *in, const struct chart *c)
{
	char svg[4200], png[4200];

	chart_paths(in, c, svg, png, sizeof(svg));
	return file_exists(svg) || file_exists(png);
}

/* Whether a drawn chart supports the claim: then its verdict links to
 * the evidence section's box "ev-ID", just above the charts. */
static int claim_has_chart(const struct report_in *in, size_t claim)
{
	for (size_t i = 0; i < in->ncharts; i++)
		if ((gb_claims[claim].charts & 1u << in->charts[i].id) &&
		    chart_drawn(in, &in->charts[i]))
			return 1;
	return 0;
}

/* "001, 002, 004" -> "articles [001](#article-001), ...": every number
 * links to the article's title. */
static void seeds_links(char *buf, size_t len, const char *seeds)
{
	const char *p = seeds;
	char links[320] = "";
	int n = 0;

	for (; *p; p++) {
		if (isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
		    isdigit((unsigned char)p[2]) &&
		    (p == seeds || !isdigit((unsigned char)p[-1]))) {
			gb_appendf(links, sizeof(links), ", ",
				   "[%.3s](#article-%.3s)", p, p);
			n++;
			p += 2;
		}
	}
	if (n)
		snprintf(buf, len, "article%s %s", n > 1 ? "s" : "", links);
	else if (strstr(seeds, "beyond")) {
		snprintf(buf, len, "beyond the [articles](#articles)");
	} else {
		snprintf(buf, len, "all the [articles](#articles)");
	}
}

/* ---- the sections ----------------------------------------------------- */

/* The largest worker count of wl's main series for mode (0: none). */
static const struct sum_cell *most_workers(const struct summary *s,
					   const char *wl, const char *mode)
{
	const struct sum_cell *best = NULL;

	for (unsigned w = 1; w <= 4096; w *= 2) {
		const struct sum_cell *c = summary_at(s, wl, mode, w);

		if (c)
			best = c;
	}
	return best;
}

static const char *first_of_kind(const struct summary *s, enum sum_kind k)
{
	const char *wls[64];
	size_t n = summary_workloads(s, wls, 64);

	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < summary_ncells(s); j++) {
			const struct sum_cell *c = summary_cell(s, j);

			if (strcmp(c->workload, wls[i]) == 0 && c->n &&
			    c->kind == k)
				return wls[i];
		}
	return NULL;
}

/* What a student can repeat: what threads, processes, the GIL and an
 * event loop did here, in four sentences made from this run's numbers. */
static void sec_takeaway(struct doc *d, const struct report_in *in)
{
	const struct summary *s = in->s;
	const char *cpu = first_of_kind(s, SUM_CPU), *io = first_of_kind(s, SUM_IO);
	unsigned w = in->cores > 0 ? (unsigned)in->cores : 1;
	char a[HUMAN_LEN], b[HUMAN_LEN], c3[HUMAN_LEN], counts[256] = "";
	int said = 0;

	if (cpu) {
		const struct sum_cell *t = summary_at(s, cpu, "threads", w);
		const struct sum_cell *f = summary_at(s, cpu, "fork", w);
		const struct sum_cell *g = summary_at(s, cpu, "gil", w);

		if (t && f && g && !isnan(t->speedup.point) &&
		    !isnan(f->speedup.point) && !isnan(g->speedup.point)) {
			human_ratio(a, sizeof(a), t->speedup.point);
			human_ratio(b, sizeof(b), f->speedup.point);
			human_ratio(c3, sizeof(c3), g->speedup.point);
			doc_para_class(d, "lead", "**Computing.** On %s with %u "
				 "workers, threads without a GIL ran %s as "
				 "fast as one task after another (seq) and "
				 "processes (fork) %s; threads under the "
				 "simulated GIL %s%s", cpu, w, a, b, c3,
				 g->speedup.point < 1.10
				 ? ", because the GIL lets only one thread "
				   "compute at a time."
				 : ", more than a GIL should allow: this run "
				   "was noisy (see [C1](#claim-C1)).");
			said++;
		}
	}
	if (io) {
		const struct sum_cell *sq = summary_at(s, io, "seq", 1);
		const struct sum_cell *t = most_workers(s, io, "threads");
		const struct sum_cell *g = most_workers(s, io, "gil");

		if (sq && t) {
			char gl[160] = "";

			if (g && g->workers == t->workers)
				snprintf(gl, sizeof(gl), "; under the GIL "
					 "%s, because a thread that waits lets "
					 "go of the lock",
					 human_seconds(c3, sizeof(c3),
						       g->median));
			doc_para_class(d, "lead", "**Waiting.** %llu %s tasks "
				 "that each wait %g ms took %s with %u "
				 "threads, against %s one after another%s.",
				 (unsigned long long)t->tasks, io,
				 t->latency_ms,
				 human_seconds(a, sizeof(a), t->median),
				 t->workers,
				 human_seconds(b, sizeof(b), sq->median), gl);
			said++;
		}
	}
	if (io || cpu) {
		const struct sum_cell *ai = io ? most_workers(s, io, "async")
					 : NULL;
		const struct sum_cell *ac = cpu ? summary_at(s, cpu, "async", w)
					 : NULL;

		if (ai && ac && !isnan(ac->speedup.point)) {
			doc_para_class(d, "lead", "**An event loop.** async, "
				 "one thread, overlapped %llu waits in %s, but "
				 "on %s it ran %s as fast as seq: it waits in "
				 "parallel, it does not compute in parallel.",
				 (unsigned long long)ai->tasks,
				 human_seconds(a, sizeof(a), ai->median), cpu,
				 human_ratio(b, sizeof(b), ac->speedup.point));
			said++;
		}
	}
	/* The verdicts, counted. */
	for (int v = 0; v < VERDICT__COUNT; v++) {
		size_t n = 0;

		for (size_t i = 0; i < CLAIM__COUNT; i++)
			n += in->results[i].verdict == (enum verdict)v;
		if (n)
			gb_appendf(counts, sizeof(counts), ", ", "**%zu %s**", n,
				   verdict_info[v].name);
	}
	/* "This machine delivered 1.93 of its 2 cores", and the load. */
	report_run_capacity(d, in);
	doc_para_class(d, "lead", "**The articles.** Of the %d claims checked "
		 "here, %s on this machine (%ld cores); [the verdicts](#"
		 "verdicts) give each figure and its reason.", CLAIM__COUNT,
		 counts, in->cores);
	if (!said)
		doc_para(d, "This run has too few cells for a summary in words: "
			 "`make bench` runs every kind of measurement.");
	{
		size_t noisy = 0, cells = 0;

		for (size_t i = 0; i < summary_ncells(s); i++) {
			cells += summary_cell(s, i)->n > 0;
			noisy += summary_cell(s, i)->noisy;
		}
		doc_para_class(d, "note", "%zu of the %zu cells were noisy (their "
			 "repetitions vary by more than %.0f%%): on a shared "
			 "machine, read the intervals before the verdicts.",
			 noisy, cells, 100 * SUM_NOISY_CV);
	}
}

static void sec_verdicts(struct doc *d, const struct report_in *in)
{
	const char *head[] = { "claim", "verdict",
			       "measured, with its 95% interval",
			       "test and reason" };

	doc_para(d, "One row per claim, computed by `bin/bench report` from "
		 "this run's CSV with the test in its row. Where a chart shows "
		 "the evidence, the verdict links to it.");
	doc_table_begin_class(d, GB_ARRAY_LEN(head), head, "cards verdicts");
	for (size_t i = 0; i < CLAIM__COUNT; i++) {
		const struct claim_result *r = &in->results[i];
		const char *id = gb_claims[i].name;
		char claim[1024], v[160], meas[1400], why[1300], rid[32];
		char vcls[64], seeds[512];
		const char *cls[4] = { NULL, vcls, NULL, NULL };
		const char *cell[4] = { claim, v, meas, why };

		seeds_links(seeds, sizeof(seeds), gb_claims[i].articles);
		snprintf(claim, sizeof(claim), "**%s** %s (%s)", id,
			 gb_claims[i].text, seeds);
		snprintf(rid, sizeof(rid), "claim-%s", id);
		snprintf(vcls, sizeof(vcls), "%s verdict",
			 verdict_info[r->verdict].css);
		snprintf(v, sizeof(v), "%s **%s**", verdict_info[r->verdict].mark,
			 verdict_info[r->verdict].name);
		if (claim_has_chart(in, i))
			gb_appendf(v, sizeof(v), " ", "[chart](#ev-%s)", id);
		snprintf(meas, sizeof(meas), "%s", r->figure.len
			 ? text_str(&r->figure) : "-");
		if (r->interval.len)
			gb_appendf(meas, sizeof(meas), "; ", "interval %s",
				   text_str(&r->interval));
		snprintf(why, sizeof(why), "**Test:** %s. **Why:** %s",
			 text_str(&r->test), text_str(&r->reason));
		doc_table_row_ex(d, rid, cell, cls);
	}
	doc_table_end(d);
}

/* A verdict in a box beside its charts, linking back to its row. */
static void verdict_box(struct doc *d, const struct report_in *in, size_t i,
			int anchor)
{
	const struct claim_result *r = &in->results[i];
	char id[32], cls[80];

	snprintf(id, sizeof(id), "ev-%s", gb_claims[i].name);
	snprintf(cls, sizeof(cls), "%s box", verdict_info[r->verdict].css);
	doc_begin(d, cls, anchor ? id : NULL);
	doc_para(d, "**%s** %s: **%s %s**. %s [Back to the verdicts]"
		 "(#claim-%s)", gb_claims[i].name, gb_claims[i].text,
		 verdict_info[r->verdict].mark, verdict_info[r->verdict].name,
		 r->figure.len ? text_str(&r->figure) : text_str(&r->reason),
		 gb_claims[i].name);
	doc_end(d);
}

/* One chart: the image, what it shows, its legend in text, and the
 * claims it supports, each a link to its verdict. */
void report_figure(struct doc *d, const char *dir, const struct chart *c)
{
	char svg[4200], png[4200], rel[256], id[128];
	struct doc_swatch sw[CHART_LINES_MAX];
	char labels[CHART_LINES_MAX][160];
	struct text alt = { 0 }, claims = { 0 };

	snprintf(svg, sizeof(svg), "%s/plots/%s.svg", dir, c->name);
	snprintf(png, sizeof(png), "%s/plots/%s.png", dir, c->name);
	snprintf(rel, sizeof(rel), "plots/%s.png", c->name);
	snprintf(id, sizeof(id), "chart-%s", c->name);
	text_setf(&alt, "Chart: %s.", text_str(&c->title));
	for (size_t k = 0; k < c->nkey; k++)
		text_addf(&alt, k ? ", " : " Series: ", "%s", c->key[k].label);
	if (doc_figure_begin(d, id, text_str(&alt), rel, svg, png)) {
		doc_para(d, "(Chart not drawn: gnuplot is not installed; its "
			 "data is `plots/%s.dat`.) %s", c->name,
			 text_str(&c->caption));
		text_free(&alt);
		return;
	}
	doc_para(d, "**%s.** %s", text_str(&c->title), text_str(&c->caption));
	for (size_t k = 0; k < c->nkey; k++) {
		snprintf(labels[k], sizeof(labels[k]), "%s%s", c->key[k].label,
			 c->key[k].variant ? " (dashed or hatched)" : "");
		sw[k] = (struct doc_swatch){ c->key[k].color, c->key[k].glyph,
					     labels[k] };
	}
	if (c->nkey)
		doc_key(d, sw, c->nkey);
	chart_claims(&claims, c->id, 1);
	if (claims.len)
		doc_para(d, "Supports %s.", text_str(&claims));
	doc_end(d);
	text_free(&alt);
	text_free(&claims);
}

/* The first claim a topic's drawn charts support (CLAIM__COUNT: none). */
static size_t topic_first_claim(const struct report_in *in, enum topic t)
{
	for (size_t i = 0; i < CLAIM__COUNT; i++)
		for (size_t k = 0; k < in->ncharts; k++)
			if (in->charts[k].topic == t &&
			    (gb_claims[i].charts & 1u << in->charts[k].id) &&
			    chart_drawn(in, &in->charts[k]))
				return i;
	return CLAIM__COUNT;
}

/* The charts by topic, each topic after the verdicts of its claims: the
 * topics in the order of their first claim. */
static void sec_evidence(struct doc *d, const struct report_in *in)
{
	size_t order[TOPIC__COUNT], n = 0, drawn = 0;
	int anchored[CLAIM__COUNT] = { 0 };

	for (size_t i = 0; i < in->ncharts; i++)
		drawn += chart_drawn(in, &in->charts[i]);
	if (!in->ncharts) {
		doc_para(d, "This run has no data to chart.");
		return;
	}
	if (!drawn) {
		doc_para(d, "Charts not drawn: gnuplot is not installed. "
			 "Install it with `scripts/deps.sh plot` (Debian: "
			 "`apt-get install gnuplot-nox`), then run `make "
			 "report RUN=%s`. Their data is in `plots/*.dat`.",
			 in->dir);
		return;
	}
	for (size_t t = 0; t < TOPIC__COUNT; t++) {
		size_t first = topic_first_claim(in, (enum topic)t), at;

		if (first == CLAIM__COUNT)
			continue;
		for (at = n++; at > 0 &&
		     topic_first_claim(in, (enum topic)order[at - 1]) > first;
		     at--)
			order[at] = order[at - 1];
		order[at] = t;
	}
	doc_para(d, "Every error bar is a 95%% bootstrap interval. Each "
		 "mode has one colour and one shape in every chart (the "
		 "[glossary](#glossary) shows them); grey lines are "
		 "references, never a mode.");
	for (size_t o = 0; o < n; o++) {
		enum topic t = (enum topic)order[o];

		doc_heading(d, 3, "%s", topic_title[t]);
		/* The verdicts of the topic's claims, in the claims' order. */
		for (size_t i = 0; i < CLAIM__COUNT; i++) {
			int in_topic = 0;

			for (size_t k = 0; k < in->ncharts && !in_topic; k++)
				in_topic = in->charts[k].topic == t &&
					   chart_drawn(in, &in->charts[k]) &&
					   (gb_claims[i].charts &
					    1u << in->charts[k].id);
			if (!in_topic)
				continue;
			verdict_box(d, in, i, !anchored[i]);
			anchored[i] = 1;
		}
		for (size_t k = 0; k < in->ncharts; k++)
			if (in->charts[k].topic == t &&
			    chart_drawn(in, &in->charts[k]))
				report_figure(d, in->dir, &in->charts[k]);
	}
}

static void sec_glossary(struct doc *d, const struct report_in *in)
{
	const char *wls[64];
	size_t nwl = summary_workloads(in->s, wls, 64);

	doc_heading(d, 3, "Modes: how the tasks were run");
	doc_para(d, "Each mode has one colour and one shape in every chart "
		 "and in the terminal's tables.");
	for (size_t i = 0; i < gb_nstyles; i++) {
		const struct mode_style *st = &gb_styles[i];
		const struct gloss *g = gloss_find(gb_gloss_modes,
						   gb_ngloss_modes, st->mode);
		struct doc_swatch sw = { st->color, st->glyph, st->mode };

		if (!summary_has_mode(in->s, st->mode))
			continue;
		doc_term(d, NULL, &sw, st->mode, "%s Drawn as %s %s.",
			 g ? g->text : "", strchr("aeiou", st->shape[0])
			 ? "an" : "a", st->shape);
	}
	doc_heading(d, 3, "Workloads: what a task does");
	for (size_t i = 0; i < nwl; i++) {
		const struct gloss *g = gloss_find(gb_gloss_workloads,
						   gb_ngloss_workloads, wls[i]);

		if (g)
			doc_term(d, NULL, NULL, wls[i], "%s Its size: %s.",
				 g->text, g->unit);
		else
			doc_term(d, NULL, NULL, wls[i], "(not described "
				 "here: see `bin/bench --list`)");
	}
	doc_heading(d, 3, "Terms");
	for (size_t i = 0; i < gb_ngloss_terms; i++)
		doc_term(d, NULL, NULL, gb_gloss_terms[i].term, "%s",
			 gb_gloss_terms[i].text);
	doc_heading(d, 3, "Verdicts");
	for (int v = 0; v < VERDICT__COUNT; v++)
		doc_term(d, NULL, NULL, verdict_info[v].name, "%s.",
			 verdict_info[v].gloss);
}

static void sec_articles(struct doc *d, const struct report_in *in)
{
	(void)in;
	doc_para(d, "The claims come from these articles, which teach threads "
		 "and processes in Python; each claim names the ones that "
		 "make it by number.");
	for (size_t i = 0; i < gb_narticles; i++) {
		char id[32];

		snprintf(id, sizeof(id), "article-%s", gb_articles[i].id);
		doc_term(d, id, NULL, gb_articles[i].id, "\u201c%s\u201d%s%s",
			 gb_articles[i].title,
			 gb_articles[i].source[0] ? ", " : "",
			 gb_articles[i].source);
	}
}

static void sec_method(struct doc *d, const struct report_in *in)
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
		 "ratio of their medians.", SUM_MIN_PAIRS);
	doc_item(d, "95%% intervals: percentile bootstrap, %u resamples of "
		 "the rounds (or of each side's repetitions when unpaired), "
		 "fixed seed (reruns print the same intervals); the error "
		 "bars of every chart. With few repetitions they are rough; "
		 "summary.csv has the plain ratio of medians too.",
		 STATS_RESAMPLES);
	doc_item(d, "Noisy: coefficient of variation above %.0f%%. Outlier: "
		 "modified z-score above 3.5 (0.6745 |x - median| / MAD); "
		 "flagged, never dropped.", 100 * SUM_NOISY_CV);
}

static void sec_failures(struct doc *d, const struct report_in *in)
{
	const char *head[] = { "workload", "mode", "workers", "tasks",
			       "failed repetitions", "first error" };
	int any = 0;

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

/* A group of the summary tables: one workload series. */
static int same_group(const struct sum_cell *a, const struct sum_cell *b)
{
	/* The convoy's task count is its worker count: one series. */
	int convoy = a->kind == SUM_CONVOY && b->kind == SUM_CONVOY;

	return strcmp(a->workload, b->workload) == 0 &&
	       (convoy || a->tasks == b->tasks) &&
	       a->size == b->size &&
	       ((isnan(a->latency_ms) && isnan(b->latency_ms)) ||
		a->latency_ms == b->latency_ms);
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
static void group_title(char *buf, size_t len, const struct sum_cell *c)
{
	const struct gloss *g = gloss_find(gb_gloss_workloads,
					   gb_ngloss_workloads, c->workload);
	char n[HUMAN_LEN], u[128];

	if (c->kind == SUM_CONVOY) {
		snprintf(buf, len, "%s: the I/O thread runs %llu ms, alone and "
			 "beside CPU-bound threads (workers = 1 + CPU threads)",
			 c->workload, (unsigned long long)c->size);
		return;
	}
	snprintf(buf, len, "%s: %llu task%s", c->workload,
		 (unsigned long long)c->tasks, c->tasks == 1 ? "" : "s");
	if (!isnan(c->latency_ms))
		gb_appendf(buf, len, " ", "of %g ms", c->latency_ms);
	else if (strcmp(c->workload, "payload") == 0)
		gb_appendf(buf, len, " ", "x %s", human_bytes(n, sizeof(n),
							     (double)c->size));
	else if (g && strncmp(g->unit, "unused", 6))
		gb_appendf(buf, len, " ", "x %s %s",
			   human_count(n, sizeof(n), (double)c->size),
			   singular(u, sizeof(u), g->unit, c->size));
	else if (!g)
		gb_appendf(buf, len, " ", "x size %llu",
			   (unsigned long long)c->size);
}

static void table_row(struct doc *d, const struct sum_cell *c)
{
	char w[48], n[16], med[HUMAN_LEN], range[2 * HUMAN_LEN], mad[HUMAN_LEN];
	char cv[32], sp[3 * HUMAN_LEN], eff[32], cpw[32], st[HUMAN_LEN];
	char spst[3 * HUMAN_LEN], notes[256] = "", mode[128];
	char a[HUMAN_LEN], b[HUMAN_LEN], x[HUMAN_LEN];

	snprintf(mode, sizeof(mode), "%s", c->mode);
	if (!isnan(c->switch_ms))
		snprintf(mode, sizeof(mode), "%s (%g ms switch)", c->mode,
			 c->switch_ms);
	/* The cost measurements' variants of a cell. */
	if (c->batches > 1)
		gb_appendf(mode, sizeof(mode), " ", "(%u batches, %s pool)",
			   c->batches, c->fresh ? "fresh" : "one");
	if (c->parent_mem_mib)
		gb_appendf(mode, sizeof(mode), " ", "(parent %llu MiB)",
			   (unsigned long long)c->parent_mem_mib);
	/* The convoy's workers are the I/O thread and the CPU threads. */
	if (c->kind == SUM_CONVOY)
		snprintf(w, sizeof(w), "%u (I/O + %u CPU)", c->workers,
			 c->workers ? c->workers - 1 : 0);
	else
		snprintf(w, sizeof(w), "%u", c->workers);
	snprintf(n, sizeof(n), "%u", c->n);
	human_seconds(med, sizeof(med), c->median);
	if (c->n)
		human_range(range, sizeof(range), c->min, c->max);
	else
		snprintf(range, sizeof(range), "-");
	human_seconds(mad, sizeof(mad), c->mad);
	if (isnan(c->cv))
		snprintf(cv, sizeof(cv), "-");
	else
		snprintf(cv, sizeof(cv), "%.1f%%", 100 * c->cv);
	if (isnan(c->speedup.point))
		snprintf(sp, sizeof(sp), "-");
	else
		snprintf(sp, sizeof(sp), "%s [%s, %s]",
			 human_ratio(x, sizeof(x), c->speedup.point),
			 human_ratio(a, sizeof(a), c->speedup.lo),
			 human_ratio(b, sizeof(b), c->speedup.hi));
	if (isnan(c->speedup_startup.point))
		snprintf(spst, sizeof(spst), "-");
	else
		snprintf(spst, sizeof(spst), "%s [%s, %s]",
			 human_ratio(x, sizeof(x), c->speedup_startup.point),
			 human_ratio(a, sizeof(a), c->speedup_startup.lo),
			 human_ratio(b, sizeof(b), c->speedup_startup.hi));
	if (isnan(c->efficiency))
		snprintf(eff, sizeof(eff), "-");
	else
		snprintf(eff, sizeof(eff), "%.2f", c->efficiency);
	if (isnan(c->cpu_per_wall))
		snprintf(cpw, sizeof(cpw), "-");
	else
		snprintf(cpw, sizeof(cpw), "%.2f", c->cpu_per_wall);
	human_seconds(st, sizeof(st), c->startup_s);
	if (c->noisy)
		gb_appendf(notes, sizeof(notes), ", ", "noisy");
	if (c->outliers)
		gb_appendf(notes, sizeof(notes), ", ", "%zu outlier%s",
			   c->outliers, c->outliers > 1 ? "s" : "");
	if (c->failed)
		gb_appendf(notes, sizeof(notes), ", ", "**%u failed**",
			   c->failed);
	if (c->metric_name[0] && !isnan(c->metric_med))
		gb_appendf(notes, sizeof(notes), ", ", "%s",
			   human_metric(x, sizeof(x), c->metric_name,
					c->metric_med));
	if (!isnan(c->gil_share))
		gb_appendf(notes, sizeof(notes), ", ", "GIL wait %.0f%%",
			   100 * c->gil_share);
	if (!isnan(c->rss_kb) && c->rss_kb > 0)
		gb_appendf(notes, sizeof(notes), ", ", "peak memory %s",
			   human_bytes(x, sizeof(x), 1024 * c->rss_kb));
	{
		const char *cell[] = { mode, w, n, med, range, mad, cv, sp,
				       eff, cpw, st, spst, notes };
		const char *cls[] = { "name", "num", "num", "num", "num", "num",
				      "num", "num", "num", "num", "num", "num",
				      NULL };

		doc_table_row_ex(d, NULL, cell, cls);
	}
}

/* How many series (tables) workload wl's cells make, from cell i on. */
static size_t series_from(const struct summary *s, size_t i)
{
	const struct sum_cell *first = summary_cell(s, i), *prev = NULL;
	size_t n = 0;

	for (; i < summary_ncells(s); i++) {
		const struct sum_cell *c = summary_cell(s, i);

		if (strcmp(c->workload, first->workload))
			break;
		n += !prev || !same_group(prev, c);
		prev = c;
	}
	return n;
}

static void sec_tables(struct doc *d, const struct report_in *in)
{
	const char *head[] = { "mode", "workers", "n", "median",
			       "fastest to slowest", "MAD", "CV",
			       "speedup [95%]", "efficiency", "CPU/wall",
			       "start-up", "speedup with start-up", "notes" };
	const struct sum_cell *prev = NULL;
	char title[256];

	doc_para(d, "One fold per workload (click to open), a table per "
		 "series: the median wall time of the tasks (start-up "
		 "excluded) over the verified repetitions (n), the fastest and "
		 "slowest of them, the median absolute deviation and the "
		 "coefficient of variation; the speedup over seq; efficiency = "
		 "speedup / workers; CPU time over wall time; the pool's "
		 "start-up; the speedup counting start-up on both sides. The "
		 "same figures, unrounded, are in `summary.csv`.");
	for (size_t i = 0; i < summary_ncells(in->s); i++) {
		const struct sum_cell *c = summary_cell(in->s, i);
		int new_wl = !prev || strcmp(prev->workload, c->workload);

		if (!prev || !same_group(prev, c)) {
			if (prev)
				doc_table_end(d);
			if (prev && new_wl)
				doc_end(d);
			if (new_wl) {
				size_t n = series_from(in->s, i);

				doc_fold_begin(d, "%s (%zu series)", c->workload,
					       n);
			}
			group_title(title, sizeof(title), c);
			doc_para(d, "**%s**", title);
			doc_table_begin_class(d, GB_ARRAY_LEN(head), head,
					      "cells");
		}
		table_row(d, c);
		prev = c;
	}
	if (prev) {
		doc_table_end(d);
		doc_end(d);
	}
}

static void sec_machine(struct doc *d, const struct report_in *in)
{
	static const struct { const char *key, *label; } rows[] = {
		{ "cpu_model", "CPU" }, { "kernel", "kernel" },
		{ "compiler", "compiler" }, { "cflags", "compiler flags" },
		{ "libcurl", "libcurl" }, { "git", "git revision" },
		{ "date", "date (UTC, first invocation)" }, { "host", "host" },
	};
	const char *head[] = { "what", "value" }, *cell[2];
	char val[1024], cores[32], runs[64], rows_txt[96], raw[4200];
	unsigned ncmd = 0;

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
	snprintf(raw, sizeof(raw), "`%s`", in->csv_path);
	cell[0] = "raw data";
	cell[1] = raw;
	doc_table_row(d, cell);
	doc_table_end(d);
}

/* The report, in the reader's order. */
static void sec_fidelity(struct doc *d, const struct report_in *in)
{
	fidelity_section(d, in->dir);
}

static void sec_lock(struct doc *d, const struct report_in *in)
{
	lockreport_section(d, in->dir);
}

static const struct section sections[] = {
	{ "takeaway", "In short", sec_takeaway },
	{ "verdicts", "The verdicts: the articles' claims on this machine",
	  sec_verdicts },
	{ "reached", "How the verdicts were reached", report_run_verdicts },
	{ "evidence", "The evidence: each claim's charts", sec_evidence },
	{ "scale", "How the cost grows with concurrency", report_scale },
	{ "fidelity", "The simulated GILs beside real CPython", sec_fidelity },
	{ "lock", "The lock, seen from inside", sec_lock },
	{ "glossary", "Words used here", sec_glossary },
	{ "articles", "The articles", sec_articles },
	{ "method", "How the figures are made", sec_method },
	{ "failed", "Failed runs", sec_failures },
	{ "notrun", "Did not run", report_run_notrun },
	{ "tables", "Every cell: the summary tables", sec_tables },
	{ "machine", "The machine", sec_machine },
};

int report_write(const struct report_in *in)
{
	struct doc_link toc[GB_ARRAY_LEN(sections)];
	char md[4096], html[4096], title[320];
	struct doc *d;
	int rc;

	snprintf(md, sizeof(md), "%s/REPORT.md", in->dir);
	snprintf(html, sizeof(html), "%s/REPORT.html", in->dir);
	snprintf(title, sizeof(title), "gilbench report: %s", in->run_name);
	rc = doc_open(&d, md, html, title);
	if (rc)
		return rc;
	doc_heading(d, 1, "gilbench report: %s", in->run_name);
	doc_para(d, "What threads, processes, a simulated GIL and an event "
		 "loop did to CPU-bound and I/O-bound work on this machine "
		 "(%ld cores), and whether the popular Python articles' claims "
		 "hold here. Every number below comes from this run's "
		 "measurements.", in->cores);
	for (size_t i = 0; i < GB_ARRAY_LEN(sections); i++)
		toc[i] = (struct doc_link){ sections[i].id, sections[i].title };
	doc_toc(d, "Contents", toc, GB_ARRAY_LEN(sections));
	for (size_t i = 0; i < GB_ARRAY_LEN(sections); i++) {
		doc_heading_id(d, 2, sections[i].id, "%s", sections[i].title);
		sections[i].write(d, in);
	}
	return doc_close(d);
}
