/*
 * charts/writer.c - see chart.h: the one writer of a chart's two files,
 * NAME.vars.gp and NAME.dat, for every chart of the run.
 */
#include "bench/analysis/charts/chart.h"
#include "bench/analysis/claims/claims.h"
#include "bench/core/util.h"
#include "bench/output/style.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *const topic_title[TOPIC__COUNT] = {
#define TOPIC_TITLE(id, title) title,
	GB_TOPICS(TOPIC_TITLE)
#undef TOPIC_TITLE
};

void charts_free(struct chart *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		text_free(&c[i].title);
		text_free(&c[i].caption);
	}
}

void chart_claims(struct text *out, enum chart_id id, int links)
{
	for (size_t i = 0; i < CLAIM__COUNT; i++) {
		const char *n = gb_claims[i].name;

		if (!(gb_claims[i].charts & 1u << id))
			continue;
		if (links)
			text_addf(out, ", ", "[%s](#claim-%s)", n, n);
		else
			text_addf(out, " ", "%s", n);
	}
}

static FILE *open_in(struct chart_out *o, const char *ext)
{
	char path[4200];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s%s", o->dir, o->c->name, ext);
	f = fopen(path, "w");
	if (!f && !o->err)
		o->err = -errno;
	return f;
}

static void close_checked(struct chart_out *o, FILE **f)
{
	int bad;

	if (!*f)
		return;
	bad = ferror(*f);
	if ((fclose(*f) || bad) && !o->err)
		o->err = -EIO;
	*f = NULL;
}

void chart_var_str(struct chart_out *o, const char *name, const char *val)
{
	if (!o->vars)
		return;
	fprintf(o->vars, "%s = \"", name);
	for (; *val; val++) {
		if (*val == '"' || *val == '\\')
			fputc('\\', o->vars);
		fputc(*val, o->vars);
	}
	fputs("\"\n", o->vars);
}

void chart_var(struct chart_out *o, const char *name, const char *fmt, ...)
{
	va_list ap;

	if (!o->vars)
		return;
	fprintf(o->vars, "%s = ", name);
	va_start(ap, fmt);
	vfprintf(o->vars, fmt, ap);
	va_end(ap);
	fputc('\n', o->vars);
}

int chart_begin(struct chart_out *o, const char *dir, struct chart *c,
		const char *script)
{
	struct text full = { 0 }, claims = { 0 };

	memset(o, 0, sizeof(*o));
	o->dir = dir;
	o->c = c;
	o->vars = open_in(o, ".vars.gp");
	if (!o->vars)
		return o->err;
	/* The claims in the title too, so a PNG looked at alone says what
	 * it is evidence for. */
	chart_claims(&claims, c->id, 0);
	if (claims.len)
		text_setf(&full, "%s (%s)", text_str(&c->title),
			  text_str(&claims));
	else
		text_setf(&full, "%s", text_str(&c->title));
	fprintf(o->vars, "# Written by bin/bench summarize: the variables of "
		"one chart.\n# Drawn by scripts/plots.sh: gnuplot %s.vars.gp "
		"plots/%s\n", c->name, script);
	chart_var_str(o, "script", script);
	chart_var(o, "datafile", "\"%s.dat\"", c->name);
	chart_var_str(o, "out", c->name);
	chart_var_str(o, "chart_title", text_str(&full));
	chart_var_str(o, "claims", text_str(&claims));
	chart_var_str(o, "ref_color", STYLE_REFERENCE);
	text_free(&full);
	text_free(&claims);
	return 0;
}

void chart_line(struct chart_out *o, size_t k, const struct mode_look *look,
		const char *mode, const char *title, const char *label,
		int variant)
{
	struct chart_key *key;
	char var[32];

	snprintf(var, sizeof(var), "title_%zu", k + 1);
	chart_var_str(o, var, title);
	snprintf(var, sizeof(var), "mode_%zu", k + 1);
	chart_var_str(o, var, mode);
	snprintf(var, sizeof(var), "point_%zu", k + 1);
	chart_var(o, var, "%d", look->point);
	snprintf(var, sizeof(var), "color_%zu", k + 1);
	chart_var_str(o, var, look->color);
	snprintf(var, sizeof(var), "variant_%zu", k + 1);
	chart_var(o, var, "%d", variant);
	if (k >= CHART_LINES_MAX || o->c->nkey != k)
		return;
	key = &o->c->key[o->c->nkey++];
	key->color = look->color;
	key->glyph = look->glyph;
	snprintf(key->label, sizeof(key->label), "%s", label ? label : title);
	key->variant = variant;
}

FILE *chart_data(struct chart_out *o, const char *fmt, ...)
{
	va_list ap;

	close_checked(o, &o->vars);
	if (o->err)
		return NULL;
	o->data = open_in(o, ".dat");
	if (!o->data)
		return NULL;
	fputs("# ", o->data);
	va_start(ap, fmt);
	vfprintf(o->data, fmt, ap);
	va_end(ap);
	fputc('\n', o->data);
	return o->data;
}

void chart_block(struct chart_out *o, size_t k, const char *title)
{
	if (o->data)
		fprintf(o->data, "%s# %s\n", k ? "\n\n" : "", title);
}

int chart_end(struct chart_out *o)
{
	close_checked(o, &o->vars);
	close_checked(o, &o->data);
	return o->err;
}
