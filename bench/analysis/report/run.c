/*
 * report/run.c - the report's blocks about the run itself (sections.h):
 * what the machine delivered (the capacity K and the background load),
 * how the verdicts were reached, and the suite lines that did not run.
 */
#include "bench/analysis/report/sections.h"
#include "bench/analysis/report/runlog.h"
#include "bench/core/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Which claims are judged against the capacity K (CLAIM_BY_K), in a
 * sentence: those the machine could not show are named as not measured,
 * not as judged. */
static void k_claims(const struct report_in *in, char *buf, size_t len)
{
	char list[2][64] = { "", "" };	/* judged, not measured */
	const char *judged = list[0], *unmeasured = list[1];

	for (size_t i = 0; i < CLAIM__COUNT; i++)
		if (gb_claims[i].needs & CLAIM_BY_K)
			gb_appendf(list[in->results[i].verdict ==
					VERDICT_NOT_MEASURED], sizeof(list[0]),
				   ", ", "%s", gb_claims[i].name);
	buf[0] = '\0';
	if (judged[0])
		gb_appendf(buf, len, "", "The scaling claims (%s) are judged "
			   "against this K as well as against the core count "
			   "N", judged);
	if (unmeasured[0])
		gb_appendf(buf, len, "; ", "%snot measured here: %s (the "
			   "verdicts say why)", judged[0] ? "" : "The scaling "
			   "claims are ", unmeasured);
	gb_appendf(buf, len, "", ".");
}

/* The verdicts load left inconclusive, by id. */
static size_t busy_verdicts(const struct report_in *in, char *ids,
			    size_t len)
{
	size_t n = 0;

	ids[0] = '\0';
	for (size_t i = 0; i < CLAIM__COUNT; i++) {
		if (in->results[i].verdict != VERDICT_INCONCLUSIVE ||
		    !in->results[i].busy)
			continue;
		gb_appendf(ids, len, ", ", "%s", gb_claims[i].name);
		n++;
	}
	return n;
}

void report_capacity(struct doc *d, const struct report_in *in)
{
	const struct cell *f = NULL;
	struct iv k;
	size_t busy = 0, known = 0, nb;
	double load = model_bg_load(in->m, &busy, &known);
	char ids[128], mc[160], by_k[160];

	machine_describe(model_machine(in->m), mc, sizeof(mc));
	k_claims(in, by_k, sizeof(by_k));
	if (model_capacity(in->m, &k, NULL, &f) == 0)
		doc_para(d, "**Capacity: this machine delivered %.2f of its "
			 "%s** to the run (95%% interval [%.2f, %.2f]): "
			 "the calibration kernel (`calib`, register arithmetic "
			 "only) under fork at W = %u over seq, paired by round "
			 "over %u repetitions. %s", k.point, mc, k.lo, k.hi,
			 (unsigned)f->key.workers, k.n, by_k);
	else
		doc_para(d, "Capacity: not measured (no calibration rows: the "
			 "suite's CPU sweep runs with `--capacity`); the "
			 "scaling claims are judged against the core count N "
			 "alone.");
	if (!known)
		return;
	nb = busy_verdicts(in, ids, sizeof(ids));
	if (model_busy(in->m, load) || busy * 10 >= known) {
		doc_para(d, "**Warning: the machine was busy.** Other programs "
			 "used %.2f of its %ld core%s on average during the "
			 "repetitions, and more than %.0f%% of the cores in %zu "
			 "of the %zu repetitions of %.2f s or more (the "
			 "`other_cpu_s` column: /proc/stat's busy time minus "
			 "the run's own). Paired ratios and K absorb a steady "
			 "load, not a changing one.%s%s%s", load, in->cores,
			 GB_PLURAL(in->cores),
			 100 * MODEL_BUSY_SHARE, busy, known, MODEL_LOAD_MIN_SPAN,
			 nb ? " The load is named as the reason of the "
			 "inconclusive verdicts " : "", ids, nb ? "." : "");
		return;
	}
	doc_para(d, "Background load: other programs used %.2f of the %ld "
		 "core%s on average during the repetitions (%zu of the %zu "
		 "repetitions of %.2f s or more above %.0f%%): a quiet "
		 "machine.", load, in->cores, GB_PLURAL(in->cores), busy,
		 known, MODEL_LOAD_MIN_SPAN,
		 100 * MODEL_BUSY_SHARE);
}

/* The claims a not-run line fed, by id. */
static void fed(const struct runlog_notrun *n, char *buf, size_t len)
{
	buf[0] = '\0';
	for (size_t i = 0; i < CLAIM__COUNT; i++)
		if (runlog_fed(n, &gb_claims[i]))
			gb_appendf(buf, len, ", ", "%s", gb_claims[i].name);
	if (!buf[0])
		snprintf(buf, len, "-");
}

void report_notrun(struct doc *d, const struct report_in *in)
{
	const char *head[] = { "suite line", "exit status", "command",
			       "its last line on stderr", "claims it fed" };
	const struct runlog *log = in->log;

	if (!log || (!log->nnotrun && !log->nphases)) {
		doc_para(d, "No suite log in this folder (a run made by hand, "
			 "not by `make bench`): what did not run is not "
			 "known.");
		return;
	}
	if (!log->nnotrun) {
		doc_para(d, "Every line of the suite ran to the end.");
		return;
	}
	doc_para(d, "These suite lines exited with a non-zero status. Exit 1 "
		 "means some repetition failed (its rows are kept out of "
		 "every figure, see Failed runs); 2, a usage error: the line "
		 "ran nothing. The verdicts they fed say so in their reason.");
	doc_table_begin(d, GB_ARRAY_LEN(head), head);
	for (size_t i = 0; i < log->nnotrun; i++) {
		const struct runlog_notrun *n = &log->notrun[i];
		char line[32], st[64], claims[128], cmd[1100];

		if (n->line)
			snprintf(line, sizeof(line), "%u", n->line);
		else
			snprintf(line, sizeof(line), "adaptive phase");
		snprintf(st, sizeof(st), "%d%s", n->status, n->status == 1
			 ? " (a run failed)" : n->status == 2 ? " (usage error)"
			 : n->status >= 128 ? " (killed by a signal)" : "");
		snprintf(cmd, sizeof(cmd), "`%s`", n->command);
		fed(n, claims, sizeof(claims));
		doc_row(d, line, st, cmd, n->err[0] ? n->err : "-", claims);
	}
	doc_table_end(d);
}

void report_reached(struct doc *d, const struct report_in *in)
{
	const char *head[] = { "id", "verdict", "repetitions", "load",
			       "what would decide it" };
	const struct runlog *log = in->log;

	doc_para(d, "Every test compares a 95%% interval with the claim's "
		 "bound: reproduced when the whole interval lies on the "
		 "claim's side, contradicted when it lies wholly on the "
		 "other, inconclusive when it straddles the bound (this "
		 "run's noise cannot decide; noise alone never contradicts a "
		 "claim). Speedups are paired: in each round of the "
		 "interleaved order the ratio seq / mode, and the interval "
		 "is a bootstrap over the rounds of the median of those "
		 "ratios. Repetitions: the fewest and the most behind the "
		 "intervals the test read (the adaptive phase adds them where "
		 "a verdict was undecided).");
	doc_table_begin(d, GB_ARRAY_LEN(head), head);
	for (size_t i = 0; i < CLAIM__COUNT; i++) {
		const struct claim_result *r = &in->results[i];
		char reps[32], v[64];

		snprintf(v, sizeof(v), "**%s**", verdict_info[r->verdict].name);
		if (!r->reps)
			snprintf(reps, sizeof(reps), "-");
		else if (r->reps_max > r->reps)
			snprintf(reps, sizeof(reps), "%u-%u", r->reps,
				 r->reps_max);
		else
			snprintf(reps, sizeof(reps), "%u", r->reps);
		doc_row(d, gb_claims[i].name, v, reps, r->busy ? "busy" : "-",
			r->verdict == VERDICT_INCONCLUSIVE ? text_str(&r->reason)
			: "-");
	}
	doc_table_end(d);
	if (!log || !log->nphases)
		return;
	for (size_t i = 0; i < log->nphases; i++) {
		const struct runlog_phase *p = &log->phases[i];

		doc_item(d, "%s: %.0f s%s%s", p->name, p->seconds,
			 p->detail[0] ? ", " : "", p->detail);
	}
}
