/*
 * report/glossary.c - the words of the report explained once, for a
 * reader who is learning them (sections.h): each mode and workload of
 * the run, in the words of its registry entry (from the run's .meta,
 * model/meta.c), the terms of the tables, the verdicts (verdict_info),
 * and the articles the claims cite by number. Written for a student:
 * one or two sentences each, Python's names beside ours where there is
 * one.
 */
#include "bench/analysis/model/modes.h"
#include "bench/analysis/report/sections.h"
#include "bench/core/util.h"

#include <string.h>

struct gloss {
	const char *term;
	const char *text;	/* plain text with `code` and **bold** */
};

static const struct gloss terms[] = {
	{ "W, workers", "How many threads or processes a pool has. \"W = "
	  "cores\": as many as the machine has cores." },
	{ "task, size", "The work is split into tasks; `size` is the work "
	  "in one task, counted in the workload's unit (above)." },
	{ "wall time", "Time on a clock on the wall, from the first task's "
	  "start to the last one's end; the pool's start-up is not in it." },
	{ "start-up", "Creating a pool until every worker is ready for a "
	  "task." },
	{ "speedup", "How many times faster than seq: seq's median wall time "
	  "over the mode's. 2x is twice as fast; below 1x is slower." },
	{ "efficiency", "Speedup / W: 1 means every worker was fully used." },
	{ "CPU/wall", "CPU time used over wall time: roughly how many cores "
	  "were busy." },
	{ "median, n", "The middle value of the n timed repetitions of a "
	  "cell. Medians, not means: a busy machine only ever adds time." },
	{ "95% interval", "A range that, 95 times in 100, holds the value a "
	  "much longer run would give, estimated by resampling the "
	  "repetitions (a percentile bootstrap). The error bars of every "
	  "chart." },
	{ "MAD", "Median absolute deviation: how far a typical repetition "
	  "lies from the median." },
	{ "CV", "Coefficient of variation: standard deviation over mean. "
	  "Above 10% a cell is marked noisy." },
	{ "outlier", "A repetition far from the others (modified z-score "
	  "above 3.5); flagged, never dropped." },
	{ "switch interval", "How long a thread may keep the GIL while "
	  "another waits for it (CPython: `sys.setswitchinterval()`, 5 ms "
	  "by default)." },
	{ "drop request", "What a thread waiting for the GIL sets after "
	  "one switch interval: the holder must let go at its next "
	  "checkpoint (a forced drop) and wait until another thread has "
	  "it." },
	{ "futile wake-up", "A thread woken to take the lock that finds it "
	  "taken again and sleeps once more: the old GIL's releaser wins "
	  "it straight back." },
	{ "lock policy", "Who gets the GIL next (`--gil-policy`): CPython's "
	  "rule (any thread may grab it), fifo (the longest waiter), "
	  "io-priority (a thread back from I/O first, as the never-merged "
	  "patches of bpo-7946 did)." },
	{ "CDF", "A cumulative distribution: for each time on the x axis, "
	  "the share of the samples that took at most that long." },
	{ "round trip", "Sending one byte to another process and waiting "
	  "for its answer." },
	{ "perfect overlap", "All waits at once: W workers finish T tasks "
	  "of one wait each in ceil(T / W) waits." },
	{ "kept (C14)", "The share of its round trips per second the I/O "
	  "thread keeps beside one CPU thread: the rate beside it over the "
	  "rate alone; 1 is unaffected." },
	{ "units", "ns, us, ms, s: a billionth, a millionth, a thousandth "
	  "of a second, a second. KiB = 1024 bytes, MiB = 1024 KiB." },
};
/* The articles (the project's seeds) the claims cite: "000" .. "004",
 * in the order of struct claim's articles bits. */
static const struct {
	const char *id;
	const char *title;
	const char *source;	/* publisher or course, "" when unnamed */
} articles[] = {
	{ "000", "Understanding Python Threads, Processes, GIL, and the "
	  "multiprocessing & concurrent.futures Modules",
	  "Architecture Digest" },
	{ "001", "Concurrency - Threading and Multiprocessing", "" },
	{ "002", "Python Concurrency Programming: Threads, Processes, GIL, "
	  "and Thread Pools", "TAL Education Technology" },
	{ "003", "Python threading and multiprocessing basics",
	  "Script Valley, Python: Complete Language Course, lesson 6.5" },
	{ "004", "Threading vs Multiprocessing in Python", "" },
};

/* A mode of the run in the glossary: its look and its gloss. */
static void mode_term(struct doc *d, const struct report_in *in,
		      const char *mode)
{
	const struct mode_look *l = model_mode_look(in->m, mode);
	struct doc_swatch sw = { l->color, l->glyph, mode };

	if (!model_has_mode(in->m, mode))
		return;
	doc_term(d, NULL, &sw, mode, "%s Drawn as %s %s.", l->gloss ? l->gloss
		 : "", strchr("aeiou", l->shape[0]) ? "an" : "a", l->shape);
}

void report_glossary(struct doc *d, const struct report_in *in)
{
	const char *wls[64], *modes[64];
	size_t nwl = model_workloads(in->m, wls, GB_ARRAY_LEN(wls));
	size_t nm = gb_mode_names(modes, GB_ARRAY_LEN(modes));

	doc_heading(d, 3, "Modes: how the tasks were run");
	doc_para(d, "Each mode has one colour and one shape in every chart "
		 "and in the terminal's tables.");
	for (size_t i = 0; i < nm; i++)
		mode_term(d, in, modes[i]);
	/* CPython's rows, those this run has (the start-up cells named by
	 * their interpreter's procs). */
	for (size_t i = 0; mode_cpython_rows[i]; i++) {
		const struct query q = { .mode = mode_cpython_rows[i],
					 .kind = KIND_ANY };

		if (model_find(in->m, &q))
			mode_term(d, in, mode_cpython_rows[i]);
	}
	doc_heading(d, 3, "Workloads: what a task does");
	for (size_t i = 0; i < nwl; i++) {
		struct workload_about a;

		if (!model_workload_about(in->m, wls[i], &a) && a.gloss)
			doc_term(d, NULL, NULL, wls[i], "%s Its size: %s.",
				 a.gloss, a.unit);
		else
			doc_term(d, NULL, NULL, wls[i], "(not described "
				 "here: see `bin/bench --list`)");
	}
	doc_heading(d, 3, "Terms");
	for (size_t i = 0; i < GB_ARRAY_LEN(terms); i++)
		doc_term(d, NULL, NULL, terms[i].term, "%s", terms[i].text);
	doc_heading(d, 3, "Verdicts");
	for (int v = 0; v < VERDICT__COUNT; v++)
		doc_term(d, NULL, NULL, verdict_info[v].name, "%s.",
			 verdict_info[v].gloss);
}

void report_articles(struct doc *d, const struct report_in *in)
{
	(void)in;
	doc_para(d, "The claims come from these articles, which teach threads "
		 "and processes in Python; each claim names the ones that "
		 "make it by number.");
	for (size_t i = 0; i < GB_ARRAY_LEN(articles); i++) {
		char id[32];

		snprintf(id, sizeof(id), "article-%s", articles[i].id);
		doc_term(d, id, NULL, articles[i].id, "\u201c%s\u201d%s%s",
			 articles[i].title, articles[i].source[0] ? ", " : "",
			 articles[i].source);
	}
}
