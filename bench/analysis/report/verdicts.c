/*
 * report/verdicts.c - the verdicts wherever they are shown: the report's
 * table and the boxes beside their charts (sections.h), RUN/verdicts.csv
 * (one line per claim, so a course can collect many machines' verdicts
 * with a script) and the lines `make bench` ends with (verdicts.h).
 */
#include "bench/analysis/report/sections.h"
#include "bench/analysis/report/verdicts.h"
#include "bench/core/util.h"
#include "bench/output/csv.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* The articles that make a claim, each a link to its title. */
static void article_links(struct text *out, unsigned articles)
{
	struct text links = { 0 };
	int n = 0;

	if (articles == ARTICLES_ALL) {
		text_addf(out, NULL, "all the [articles](#articles)");
		return;
	}
	if (!articles) {
		text_addf(out, NULL, "beyond the [articles](#articles)");
		return;
	}
	for (int k = 0; k < 5; k++)
		if (articles & 1u << k) {
			text_addf(&links, ", ", "[%03d](#article-%03d)", k, k);
			n++;
		}
	text_addf(out, NULL, "article%s %s", n > 1 ? "s" : "",
		  text_str(&links));
	text_free(&links);
}

/* Whether a drawn chart supports the claim: then its verdict links to
 * the evidence section's box "ev-ID", just above the charts. */
static int has_chart(const struct report_in *in, size_t claim)
{
	for (size_t i = 0; i < in->ncharts; i++)
		if ((gb_claims[claim].charts & 1u << in->charts[i].id) &&
		    report_chart_drawn(in->dir, &in->charts[i]))
			return 1;
	return 0;
}

void report_verdicts(struct doc *d, const struct report_in *in)
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
		const struct verdict_info *vi = &verdict_info[r->verdict];
		const char *id = gb_claims[i].name;
		struct text t[4] = { { 0 } };
		char rid[32], vcls[64];
		const char *cls[4] = { NULL, vcls, NULL, NULL }, *cell[4];

		text_setf(&t[0], "**%s** %s (", id, gb_claims[i].text);
		article_links(&t[0], gb_claims[i].articles);
		text_addf(&t[0], NULL, ")");
		text_setf(&t[1], "%s **%s**", vi->mark, vi->name);
		if (has_chart(in, i))
			text_addf(&t[1], " ", "[chart](#ev-%s)", id);
		text_setf(&t[2], "%s", r->figure.len ? text_str(&r->figure)
			  : "-");
		if (r->interval.len)
			text_addf(&t[2], "; ", "interval %s",
				  text_str(&r->interval));
		text_setf(&t[3], "**Test:** %s. **Why:** %s",
			  text_str(&r->test), text_str(&r->reason));
		if (r->finding.len)
			text_addf(&t[3], NULL, ". **Finding** (ours, not the "
				  "articles'): %s", text_str(&r->finding));
		snprintf(rid, sizeof(rid), "claim-%s", id);
		snprintf(vcls, sizeof(vcls), "%s verdict", vi->css);
		for (int k = 0; k < 4; k++)
			cell[k] = text_str(&t[k]);
		doc_table_row_ex(d, rid, cell, cls);
		for (int k = 0; k < 4; k++)
			text_free(&t[k]);
	}
	doc_table_end(d);
}

void report_verdict_box(struct doc *d, const struct report_in *in,
			size_t i, int anchor)
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
	if (r->finding.len)
		doc_para(d, "**Finding** (ours, beside the verdict, not its "
			 "reason): %s.", text_str(&r->finding));
	doc_end(d);
}

/* ---- verdicts.csv and the terminal ---- */

/* One field and what follows it, quoted as RFC 4180 wants (csv.h). */
static void put(FILE *f, const char *v, int last)
{
	csv_fput_field(f, v);
	fputc(last ? '\n' : ',', f);
}

int verdicts_write_csv(const char *path, const struct claim_result *res)
{
	struct gb_afile *a;
	char reps[32];
	FILE *f;
	int rc;

	/* Written aside and renamed, as every file of a report (util.h). */
	rc = gb_afile_open(&a, path, &f);
	if (rc)
		return rc;
	fputs("id,verdict,figure,interval,reason,repetitions,busy,finding\n",
	      f);
	for (size_t i = 0; i < CLAIM__COUNT; i++) {
		snprintf(reps, sizeof(reps), res[i].reps_max > res[i].reps
			 ? "%u-%u" : "%u", res[i].reps, res[i].reps_max);
		put(f, gb_claims[i].name, 0);
		put(f, verdict_info[res[i].verdict].name, 0);
		put(f, text_str(&res[i].figure), 0);
		put(f, text_str(&res[i].interval), 0);
		put(f, text_str(&res[i].reason), 0);
		put(f, res[i].reps ? reps : "", 0);
		put(f, res[i].busy ? "yes" : "no", 0);
		put(f, text_str(&res[i].finding), 1);
	}
	return gb_afile_commit(a);
}

unsigned verdicts_width(void)
{
	const char *c = getenv("COLUMNS");
	struct winsize ws;

	if (c && atoi(c) >= 40)
		return (unsigned)atoi(c);
	if ((ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40) ||
	    (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40))
		return ws.ws_col;
	return 80;
}

/* text from column `indent` on, broken at blanks so that no line passes
 * width (a word longer than the room goes on a line of its own). */
static void wrap(FILE *f, const char *text, unsigned indent, unsigned width)
{
	unsigned room = width > indent + 20 ? width - indent : 20, col = 0;
	const char *p = text;

	while (*p) {
		size_t w = strcspn(p, " ");

		if (col && col + 1 + w > room) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = 0;
		}
		if (col) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, w, f);
		col += (unsigned)w;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', f);
}

void verdicts_print(FILE *f, const struct claim_result *res, unsigned width)
{
	/* "C12  inconclusive  ": the reason starts at column 19. */
	const unsigned indent = 2 + 4 + 1 + 13 + 1;
	unsigned count[VERDICT__COUNT] = { 0 };

	fprintf(f, "\nverdicts (details in the report):\n");
	for (size_t i = 0; i < CLAIM__COUNT; i++) {
		const struct claim_result *r = &res[i];
		struct text line = { 0 };

		count[r->verdict]++;
		text_setf(&line, "%s", text_str(&r->reason));
		if (r->reps && r->verdict != VERDICT_NOT_MEASURED)
			text_addf(&line, NULL, r->reps_max > r->reps
				  ? " [%u-%u reps]" : " [%u reps]", r->reps,
				  r->reps_max);
		fprintf(f, "  %-4s %-13s ", gb_claims[i].name,
			verdict_info[r->verdict].name);
		wrap(f, text_str(&line), indent, width);
		text_free(&line);
	}
	fprintf(f, "  %u reproduced, %u contradicted, %u inconclusive, %u not "
		"measured\n", count[VERDICT_REPRODUCED],
		count[VERDICT_CONTRADICTED], count[VERDICT_INCONCLUSIVE],
		count[VERDICT_NOT_MEASURED]);
}
