/*
 * report/evidence.c - the charts in the report: one figure() for every
 * chart (the model's and the traced scenes'), and the evidence section,
 * each claim's charts by topic after its verdict.
 */
#include "bench/analysis/report/sections.h"
#include "bench/core/util.h"

#include <sys/stat.h>

static int file_exists(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 && sb.st_size > 0;
}

int report_chart_drawn(const char *dir, const struct chart *c)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/plots/%s.svg", dir, c->name);
	if (file_exists(path))
		return 1;
	snprintf(path, sizeof(path), "%s/plots/%s.png", dir, c->name);
	return file_exists(path);
}

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

/* Whether chart c was drawn and is evidence for claim i. */
static int supports(const struct report_in *in, const struct chart *c,
		    size_t i)
{
	return (gb_claims[i].charts & 1u << c->id) &&
	       report_chart_drawn(in->dir, c);
}

/* The first claim a topic's drawn charts support (CLAIM__COUNT: none). */
static size_t first_claim(const struct report_in *in, enum topic t)
{
	for (size_t i = 0; i < CLAIM__COUNT; i++)
		for (size_t k = 0; k < in->ncharts; k++)
			if (in->charts[k].topic == t &&
			    supports(in, &in->charts[k], i))
				return i;
	return CLAIM__COUNT;
}

/* The charts by topic, each topic after the verdicts of its claims: the
 * topics in the order of their first claim. */
void report_evidence(struct doc *d, const struct report_in *in)
{
	size_t order[TOPIC__COUNT], n = 0, drawn = 0;
	int anchored[CLAIM__COUNT] = { 0 };

	for (size_t i = 0; i < in->ncharts; i++)
		drawn += in->charts[i].topic != TOPIC_LOCK &&
			 report_chart_drawn(in->dir, &in->charts[i]);
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
		size_t first = first_claim(in, (enum topic)t), at;

		if (first == CLAIM__COUNT)
			continue;
		for (at = n++; at > 0 &&
		     first_claim(in, (enum topic)order[at - 1]) > first; at--)
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
					   supports(in, &in->charts[k], i);
			if (!in_topic)
				continue;
			report_verdict_box(d, in, i, !anchored[i]);
			anchored[i] = 1;
		}
		for (size_t k = 0; k < in->ncharts; k++)
			if (in->charts[k].topic == t &&
			    report_chart_drawn(in->dir, &in->charts[k]))
				report_figure(d, in->dir, &in->charts[k]);
	}
}
