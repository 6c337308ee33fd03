/*
 * report.c - see report.h. The report is the table of sections below
 * (sections[]): each is an id (its anchor), a title (its heading and its
 * line in the contents) and the function that writes it (sections.h).
 * Adding a section is a function and one entry; the contents follow.
 *
 * The order is the reader's: what happened in plain words, the verdicts,
 * each claim's charts next to its verdict, the words explained, then the
 * details and the machine.
 */
#include "bench/analysis/report/report.h"
#include "bench/analysis/report/sections.h"
#include "bench/core/util.h"
#include "bench/output/human.h"

#include <math.h>
#include <stdio.h>

struct section {
	const char *id;
	const char *title;
	void (*write)(struct doc *d, const struct report_in *in);
};

/* The Computing sentence: threads, fork and the GIL at W = cores, all
 * from the CPU workload's main series. */
static int computing(struct doc *d, const struct report_in *in,
		     const char *cpu, unsigned w)
{
	const struct series *s = model_main_series(in->m, cpu, "seq");
	const struct cell *t = series_cell(s, "threads", w);
	const struct cell *f = series_cell(s, "fork", w);
	const struct cell *g = series_cell(s, "gil", w);
	char a[HUMAN_LEN], b[HUMAN_LEN], c[HUMAN_LEN], mc[160];
	struct iv k = iv_none;

	if (!t || !f || !g || isnan(t->speedup.point) ||
	    isnan(f->speedup.point) || isnan(g->speedup.point))
		return 0;
	/* Where nothing can run at once, the GIL is not what stops it (K
	 * is named only where there were cores to deliver it). */
	if (w >= 2 && model_capacity(in->m, &k, NULL, NULL))
		k = iv_none;
	if (claim_parallel(w, k.point) != PARALLEL_YES) {
		machine_describe(model_machine(in->m), mc, sizeof(mc));
		if (!isnan(k.point))
			gb_appendf(mc, sizeof(mc), ", ", "K = %.2f", k.point);
		doc_para_class(d, "lead", "**Computing.** This machine (%s) "
			       "could run about one task at a time, "
			       "so on %s threads without a GIL ran %s as fast "
			       "as one task after another (seq), processes "
			       "(fork) %s and threads under the simulated GIL "
			       "%s: what a GIL takes away cannot be seen here. "
			       "Run it where 2 or more cores are usable.", mc,
			       cpu,
			       human_ratio(a, sizeof(a), t->speedup.point),
			       human_ratio(b, sizeof(b), f->speedup.point),
			       human_ratio(c, sizeof(c), g->speedup.point));
		return 1;
	}
	doc_para_class(d, "lead", "**Computing.** On %s with %u worker%s, "
		       "threads without a GIL ran %s as fast as one task after "
		       "another (seq) and processes (fork) %s; threads under "
		       "the simulated GIL %s%s", cpu, w, w == 1 ? "" : "s",
		       human_ratio(a, sizeof(a), t->speedup.point),
		       human_ratio(b, sizeof(b), f->speedup.point),
		       human_ratio(c, sizeof(c), g->speedup.point),
		       g->speedup.point < 1.10 ? ", because the GIL lets only "
		       "one thread compute at a time." : ", more than a GIL "
		       "should allow: this run was noisy (see "
		       "[C1](#claim-C1)).");
	return 1;
}

/* The Waiting sentence: seq, threads and the GIL of one series of the
 * I/O workload, so one task count and one latency. */
static int waiting(struct doc *d, const struct report_in *in, const char *io)
{
	const struct series *s = model_main_series(in->m, io, "seq");
	const struct cell *sq = series_cell(s, "seq", 1);
	const struct cell *t = series_cell_upto(s, "threads", 0);
	const struct cell *g = series_cell_upto(s, "gil", 0);
	char a[HUMAN_LEN], b[HUMAN_LEN], c[HUMAN_LEN], gl[160] = "";

	if (!sq || !t)
		return 0;
	if (g && g->key.workers == t->key.workers)
		snprintf(gl, sizeof(gl), "; under the GIL %s, because a thread "
			 "that waits lets go of the lock",
			 human_seconds(c, sizeof(c), g->median));
	doc_para_class(d, "lead", "**Waiting.** %llu %s tasks that each wait "
		       "%g ms took %s with %llu threads, against %s one after "
		       "another%s.", (unsigned long long)t->key.tasks, io,
		       t->key.latency_ms, human_seconds(a, sizeof(a), t->median),
		       (unsigned long long)t->key.workers,
		       human_seconds(b, sizeof(b), sq->median), gl);
	return 1;
}

/* The event loop: it overlapped the I/O series' waits, but ran the CPU
 * workload no faster than seq. */
static int event_loop(struct doc *d, const struct report_in *in,
		      const char *cpu, const char *io, unsigned w)
{
	const struct cell *ai = series_cell_upto(model_main_series(in->m, io,
						 "seq"), "async", 0);
	const struct cell *ac = series_cell(model_main_series(in->m, cpu,
					    "seq"), "async", w);
	char a[HUMAN_LEN], b[HUMAN_LEN];

	if (!ai || !ac || isnan(ac->speedup.point))
		return 0;
	doc_para_class(d, "lead", "**An event loop.** async, one thread, "
		       "overlapped %llu waits in %s, but on %s it ran %s as fast "
		       "as seq: it waits in parallel, it does not compute in "
		       "parallel.", (unsigned long long)ai->key.tasks,
		       human_seconds(a, sizeof(a), ai->median), cpu,
		       human_ratio(b, sizeof(b), ac->speedup.point));
	return 1;
}

/* What a student can repeat: what threads, processes, the GIL and an
 * event loop did here, in sentences made from this run's numbers, each
 * quoting cells of one measurement. */
static void sec_takeaway(struct doc *d, const struct report_in *in)
{
	const struct model *m = in->m;
	const char *cpu = model_first_of_kind(m, KIND_CPU);
	const char *io = model_first_of_kind(m, KIND_IO);
	unsigned w = in->cores > 0 ? (unsigned)in->cores : 1;
	struct text counts = { 0 };
	size_t noisy = 0, cells = 0;
	int said = 0;
	char mc[160];

	if (cpu)
		said += computing(d, in, cpu, w);
	if (io)
		said += waiting(d, in, io);
	if (io && cpu)
		said += event_loop(d, in, cpu, io, w);
	for (int v = 0; v < VERDICT__COUNT; v++) {
		size_t n = 0;

		for (size_t i = 0; i < CLAIM__COUNT; i++)
			n += in->results[i].verdict == (enum verdict)v;
		if (n)
			text_addf(&counts, ", ", "**%zu %s**", n,
				  verdict_info[v].name);
	}
	/* "This machine delivered 1.93 of its 2 cores", and the load. */
	report_capacity(d, in);
	machine_describe(model_machine(in->m), mc, sizeof(mc));
	doc_para_class(d, "lead", "**The articles.** Of the %d claims checked "
		       "here, %s on this machine (%s); [the verdicts](#"
		       "verdicts) give each figure and its reason.",
		       CLAIM__COUNT, text_str(&counts), mc);
	text_free(&counts);
	if (!said)
		doc_para(d, "This run has too few cells for a summary in words: "
			 "`make bench` runs every kind of measurement.");
	for (size_t i = 0; i < model_ncells(m); i++) {
		cells += model_cell_at(m, i)->n > 0;
		noisy += model_cell_at(m, i)->noisy;
	}
	doc_para_class(d, "note", "%zu of the %zu cells were noisy (their "
		       "repetitions vary by more than %.0f%%): on a shared "
		       "machine, read the intervals before the verdicts.",
		       noisy, cells, 100 * MODEL_NOISY_CV);
}

static const struct section sections[] = {
	{ "takeaway", "In short", sec_takeaway },
	{ "verdicts", "The verdicts: the articles' claims on this machine",
	  report_verdicts },
	{ "reached", "How the verdicts were reached", report_reached },
	{ "evidence", "The evidence: each claim's charts", report_evidence },
	{ "scale", "How the cost grows with concurrency", report_scale },
	{ "fidelity", "The simulated GILs beside real CPython",
	  report_fidelity },
	{ "lock", "The lock, seen from inside", report_lock },
	{ "glossary", "Words used here", report_glossary },
	{ "articles", "The articles", report_articles },
	{ "method", "How the figures are made", report_method },
	{ "failed", "Failed runs", report_failures },
	{ "notrun", "Did not run", report_notrun },
	{ "tables", "Every cell: the summary tables", report_tables },
	{ "machine", "The machine", report_machine },
};

int report_write(const struct report_in *in)
{
	struct doc_link toc[GB_ARRAY_LEN(sections)];
	char md[4096], html[4096], title[320], mc[160];
	struct doc *d;
	int rc;

	machine_describe(model_machine(in->m), mc, sizeof(mc));
	snprintf(md, sizeof(md), "%s/REPORT.md", in->dir);
	snprintf(html, sizeof(html), "%s/REPORT.html", in->dir);
	snprintf(title, sizeof(title), "gilbench report: %s", in->run_name);
	rc = doc_open(&d, md, html, title);
	if (rc)
		return rc;
	doc_heading(d, 1, "gilbench report: %s", in->run_name);
	doc_para(d, "What threads, processes, a simulated GIL and an event "
		 "loop did to CPU-bound and I/O-bound work on this machine "
		 "(%s), and whether the popular Python articles' claims "
		 "hold here. Every number below comes from this run's "
		 "measurements.", mc);
	for (size_t i = 0; i < GB_ARRAY_LEN(sections); i++)
		toc[i] = (struct doc_link){ sections[i].id, sections[i].title };
	doc_toc(d, "Contents", toc, GB_ARRAY_LEN(sections));
	for (size_t i = 0; i < GB_ARRAY_LEN(sections); i++) {
		doc_heading_id(d, 2, sections[i].id, "%s", sections[i].title);
		sections[i].write(d, in);
	}
	return doc_close(d);
}
