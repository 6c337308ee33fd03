/* doc.c - see doc.h. The stylesheet is style.css beside it: read it for
 * how the page behaves on a phone, a projector and paper. */
#include "bench/analysis/report/doc.h"
#include "bench/core/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* How deep boxes and folds nest, and the most columns a table has. */
#define DOC_DEPTH 8
#define DOC_COLS 24

struct doc {
	FILE *md, *html;
	struct gb_afile *amd, *ahtml;	/* written aside, renamed at close */
	int in_list;			/* 1: a <ul> is open, 2: a <dl> */
	size_t ncols;
	char *label[DOC_COLS];		/* the open table's column names */
	const char *close[DOC_DEPTH];	/* HTML that ends each open block */
	size_t depth;
};

/* The stylesheet, built in from style.css beside this file (the
 * Makefile makes doc.o depend on it), so the page opens offline. */
__asm__(".section .rodata\n"
	".global gb_report_css\n"
	"gb_report_css:\n"
	".incbin \"bench/analysis/report/style.css\"\n"
	".byte 0\n"
	".previous\n");
extern const char gb_report_css[];

static const char html_head[] =
"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";

/* Printing opens every fold, then closes the ones that were closed. */
static const char html_tail[] =
"<script>\n"
"(function(){var shut=[];\n"
"addEventListener('beforeprint',function(){document.querySelectorAll("
"'details:not([open])').forEach(function(d){shut.push(d);d.open=true;});});\n"
"addEventListener('afterprint',function(){shut.forEach(function(d){"
"d.open=false;});shut=[];});})();\n"
"</script>\n</body>\n</html>\n";

static void end_list(struct doc *d)
{
	if (!d->in_list)
		return;
	fputs("\n", d->md);
	fputs(d->in_list == 2 ? "</dl>\n" : "</ul>\n", d->html);
	d->in_list = 0;
}

/* HTML-escape one character. */
static void html_char(FILE *f, char c)
{
	switch (c) {
	case '&': fputs("&amp;", f); break;
	case '<': fputs("&lt;", f); break;
	case '>': fputs("&gt;", f); break;
	case '"': fputs("&quot;", f); break;
	default: fputc(c, f);
	}
}

static void html_text(FILE *f, const char *s)
{
	for (; s && *s; s++)
		html_char(f, *s);
}

/* At s, a link "[text](#id)": its parts' lengths, or 0 when there is
 * none. Only links into the page (#...) are marks; any other bracket
 * is text (the intervals "[0.85, 1.10]" are). */
static int link_at(const char *s, size_t *text_len, size_t *id_len)
{
	const char *close, *end;

	if (*s != '[')
		return 0;
	close = strchr(s, ']');
	if (!close || close[1] != '(' || close[2] != '#')
		return 0;
	end = strchr(close + 3, ')');
	if (!end || memchr(s + 1, '[', (size_t)(close - s - 1)))
		return 0;
	*text_len = (size_t)(close - s - 1);
	*id_len = (size_t)(end - close - 3);
	return 1;
}

/* Write text with `code`, **bold** and [links](#id) as HTML. */
static void html_inline(FILE *f, const char *s)
{
	int code = 0, bold = 0;
	size_t tl, il;

	for (; *s; s++) {
		if (*s == '`') {
			fputs(code ? "</code>" : "<code>", f);
			code = !code;
		} else if (!code && s[0] == '*' && s[1] == '*') {
			fputs(bold ? "</strong>" : "<strong>", f);
			bold = !bold;
			s++;
		} else if (!code && link_at(s, &tl, &il)) {
			char *text = strndup(s + 1, tl);

			fputs("<a href=\"#", f);
			for (size_t k = 0; k < il; k++)
				html_char(f, s[tl + 4 + k]);
			fputs("\">", f);
			html_inline(f, text);
			fputs("</a>", f);
			free(text);
			s += tl + il + 4;
		} else {
			html_char(f, *s);
		}
	}
	if (code)
		fputs("</code>", f);
	if (bold)
		fputs("</strong>", f);
}

/* Text without its marks, for attributes (a cell's column name). */
static char *plain(const char *s)
{
	char *out = gb_xmalloc(strlen(s) + 1), *o = out;

	for (; *s; s++)
		if (*s != '`' && !(s[0] == '*' && s[1] == '*'))
			*o++ = *s;
		else if (*s == '*')
			s++;
	*o = '\0';
	return out;
}

/* Markdown table cells: a '|' would end the cell, a newline the row. */
static void md_cell(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '|')
			fputs("\\|", f);
		else if (*s == '\n')
			fputc(' ', f);
		else
			fputc(*s, f);
	}
}

/* An anchor for Markdown renderers that keep inline HTML (GitHub's). */
static void md_anchor(FILE *f, const char *id)
{
	if (id && *id)
		fprintf(f, "<a id=\"%s\"></a>\n", id);
}

/* ` name="value"`, escaped; nothing for a NULL or empty value. */
static void attr(FILE *f, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	fprintf(f, " %s=\"", name);
	html_text(f, value);
	fputc('"', f);
}

/* A swatch of a legend or a term: the shape in its colour, hidden from
 * screen readers (the label says the same). */
static void swatch(FILE *f, const struct doc_swatch *sw)
{
	fputs("<span class=\"sw\"", f);
	fputs(" style=\"color:", f);
	html_text(f, sw->color);
	fputs("\" aria-hidden=\"true\">", f);
	html_text(f, sw->glyph);
	fputs("</span>", f);
}

int doc_open(struct doc **out, const char *md_path, const char *html_path,
	     const char *title)
{
	struct doc *d = gb_xcalloc(1, sizeof(*d));
	int rc;

	/* Beside the old report, renamed over it only once both files are
	 * whole on disk: a full disk or a SIGTERM leaves the old report. */
	rc = gb_afile_open(&d->amd, md_path, &d->md);
	if (!rc)
		rc = gb_afile_open(&d->ahtml, html_path, &d->html);
	if (rc) {
		gb_afile_abort(d->amd);
		free(d);
		return rc;
	}
	fputs(html_head, d->html);
	fputs("<title>", d->html);
	html_text(d->html, title);
	fprintf(d->html, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
		gb_report_css);
	*out = d;
	return 0;
}

int doc_close(struct doc *d)
{
	int rc = 0;

	end_list(d);
	while (d->depth)
		doc_end(d);
	fputs(html_tail, d->html);
	/* Both written in full, or neither replaced. */
	rc = gb_afile_sync(d->amd);
	if (!rc)
		rc = gb_afile_sync(d->ahtml);
	if (!rc)
		rc = gb_afile_commit(d->amd);
	else
		gb_afile_abort(d->amd);
	if (!rc)
		rc = gb_afile_commit(d->ahtml);
	else
		gb_afile_abort(d->ahtml);
	free(d);
	return rc;
}

/* One block in both formats: MD pre + text + post, HTML <tag>text</tag>
 * with an optional id and class. */
static void emit(struct doc *d, const char *md_pre, const char *md_post,
		 const char *tag, const char *id, const char *cls,
		 const char *text)
{
	fprintf(d->md, "%s%s%s", md_pre, text, md_post);
	fprintf(d->html, "<%s", tag);
	attr(d->html, "id", id);
	attr(d->html, "class", cls);
	fputc('>', d->html);
	html_inline(d->html, text);
	fprintf(d->html, "</%s>\n", tag);
}

/* The text of a printf-style call, in a fresh string. */
#define FORMAT(s, fmt)                                                    \
	do {                                                              \
		va_list ap_;                                              \
		va_start(ap_, fmt);                                       \
		if (vasprintf(&(s), fmt, ap_) < 0)                        \
			gb_die(GB_EXIT_FAIL, "out of memory");            \
		va_end(ap_);                                              \
	} while (0)

static void heading(struct doc *d, int level, const char *id, const char *s)
{
	char pre[16], tag[8];

	end_list(d);
	md_anchor(d->md, id);
	snprintf(pre, sizeof(pre), "%.*s ", level, "######");
	snprintf(tag, sizeof(tag), "h%d", level);
	emit(d, pre, "\n\n", tag, id, NULL, s);
}

void doc_heading(struct doc *d, int level, const char *fmt, ...)
{
	char *s;

	FORMAT(s, fmt);
	heading(d, level, NULL, s);
	free(s);
}

void doc_heading_id(struct doc *d, int level, const char *id,
		    const char *fmt, ...)
{
	char *s;

	FORMAT(s, fmt);
	heading(d, level, id, s);
	free(s);
}

void doc_para_class(struct doc *d, const char *cls, const char *fmt, ...)
{
	char *s;

	FORMAT(s, fmt);
	end_list(d);
	emit(d, "", "\n\n", "p", NULL, cls, s);
	free(s);
}

void doc_item(struct doc *d, const char *fmt, ...)
{
	char *s;

	FORMAT(s, fmt);
	if (d->in_list != 1) {
		end_list(d);
		fputs("<ul>\n", d->html);
		d->in_list = 1;
	}
	emit(d, "- ", "\n", "li", NULL, NULL, s);
	free(s);
}

void doc_table_begin_class(struct doc *d, size_t ncols,
			   const char *const *head, const char *cls)
{
	end_list(d);
	d->ncols = ncols < DOC_COLS ? ncols : DOC_COLS;
	fputs("<div class=\"scroll\"><table", d->html);
	attr(d->html, "class", cls);
	fputs(">\n<thead><tr>", d->html);
	for (size_t i = 0; i < d->ncols; i++) {
		d->label[i] = plain(head[i]);
		fputs("| ", d->md);
		md_cell(d->md, head[i]);
		fputc(' ', d->md);
		fputs("<th>", d->html);
		html_inline(d->html, head[i]);
		fputs("</th>", d->html);
	}
	fputs("|\n", d->md);
	for (size_t i = 0; i < d->ncols; i++)
		fputs("|---", d->md);
	fputs("|\n", d->md);
	fputs("</tr></thead>\n<tbody>\n", d->html);
}

void doc_table_begin(struct doc *d, size_t ncols, const char *const *head)
{
	doc_table_begin_class(d, ncols, head, NULL);
}

void doc_table_row_ex(struct doc *d, const char *id,
		      const char *const *cells, const char *const *cls)
{
	fputs("<tr", d->html);
	attr(d->html, "id", id);
	fputc('>', d->html);
	for (size_t i = 0; i < d->ncols; i++) {
		const char *c = cells[i] ? cells[i] : "";

		fputs("| ", d->md);
		/* The row's anchor rides in its first cell. */
		if (i == 0 && id && *id)
			fprintf(d->md, "<a id=\"%s\"></a>", id);
		md_cell(d->md, c);
		fputc(' ', d->md);
		fputs("<td", d->html);
		attr(d->html, "class", cls ? cls[i] : NULL);
		attr(d->html, "data-label", d->label[i]);
		fputc('>', d->html);
		html_inline(d->html, c);
		fputs("</td>", d->html);
	}
	fputs("|\n", d->md);
	fputs("</tr>\n", d->html);
}

void doc_table_row(struct doc *d, const char *const *cells)
{
	doc_table_row_ex(d, NULL, cells, NULL);
}

void doc_row(struct doc *d, ...)
{
	const char *cells[DOC_COLS];
	va_list ap;

	va_start(ap, d);
	for (size_t i = 0; i < d->ncols; i++)
		cells[i] = va_arg(ap, const char *);
	va_end(ap);
	doc_table_row(d, cells);
}

void doc_table_end(struct doc *d)
{
	for (size_t i = 0; i < d->ncols; i++) {
		free(d->label[i]);
		d->label[i] = NULL;
	}
	fputs("\n", d->md);
	fputs("</tbody></table></div>\n", d->html);
}

static void push(struct doc *d, const char *close)
{
	if (d->depth == DOC_DEPTH)
		gb_die(GB_EXIT_FAIL, "doc: blocks nested deeper than %d",
		       DOC_DEPTH);
	d->close[d->depth++] = close;
}

void doc_begin(struct doc *d, const char *cls, const char *id)
{
	end_list(d);
	md_anchor(d->md, id);
	fputs("<div", d->html);
	attr(d->html, "id", id);
	attr(d->html, "class", cls);
	fputs(">\n", d->html);
	push(d, "</div>\n");
}

void doc_fold_begin(struct doc *d, const char *fmt, ...)
{
	char *s;

	FORMAT(s, fmt);
	end_list(d);
	fprintf(d->md, "**%s**\n\n", s);
	fputs("<details><summary>", d->html);
	html_inline(d->html, s);
	fputs("</summary>\n", d->html);
	push(d, "</details>\n");
	free(s);
}

void doc_end(struct doc *d)
{
	end_list(d);
	if (d->depth)
		fputs(d->close[--d->depth], d->html);
}

/* Write the file at path as base64 (RFC 4648). 0 or -errno. */
static int base64_file(FILE *out, const char *path)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		"0123456789+/";
	unsigned char in[3];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return -errno;
	while ((n = fread(in, 1, 3, f)) > 0) {
		unsigned v = (unsigned)in[0] << 16 |
			     (n > 1 ? (unsigned)in[1] << 8 : 0) |
			     (n > 2 ? in[2] : 0);

		fputc(tab[v >> 18 & 63], out);
		fputc(tab[v >> 12 & 63], out);
		fputc(n > 1 ? tab[v >> 6 & 63] : '=', out);
		fputc(n > 2 ? tab[v & 63] : '=', out);
	}
	fclose(f);
	return 0;
}

static int exists(const char *path)
{
	struct stat sb;

	return path && stat(path, &sb) == 0 && sb.st_size > 0;
}

/* The image itself: Markdown's link, HTML's embedded <img>. */
static int image(struct doc *d, const char *alt, const char *png_rel,
		 const char *svg_path, const char *png_path)
{
	int svg = exists(svg_path), png = exists(png_path);

	end_list(d);
	if (!svg && !png)
		return -ENOENT;
	if (png) {
		fputs("![", d->md);
		md_cell(d->md, alt);
		fprintf(d->md, "](%s)\n\n", png_rel);
	}
	fputs("<img alt=\"", d->html);
	html_text(d->html, alt);
	fprintf(d->html, "\" src=\"data:image/%s;base64,",
		svg ? "svg+xml" : "png");
	base64_file(d->html, svg ? svg_path : png_path);
	fputs("\">\n", d->html);
	return 0;
}

int doc_figure_begin(struct doc *d, const char *id, const char *alt,
		     const char *png_rel, const char *svg_path,
		     const char *png_path)
{
	end_list(d);
	if (!exists(svg_path) && !exists(png_path))
		return -ENOENT;
	md_anchor(d->md, id);
	fputs("<figure", d->html);
	attr(d->html, "id", id);
	fputs(">\n", d->html);
	image(d, alt, png_rel, svg_path, png_path);
	fputs("<figcaption>\n", d->html);
	push(d, "</figcaption></figure>\n");
	return 0;
}

void doc_key(struct doc *d, const struct doc_swatch *sw, size_t n)
{
	end_list(d);
	if (!n)
		return;
	fputs("<ul class=\"key\">\n", d->html);
	for (size_t i = 0; i < n; i++) {
		fputs(i ? ", " : "", d->md);
		fprintf(d->md, "%s %s", sw[i].glyph, sw[i].label);
		fputs("<li>", d->html);
		swatch(d->html, &sw[i]);
		html_inline(d->html, sw[i].label);
		fputs("</li>\n", d->html);
	}
	fputs("\n\n", d->md);
	fputs("</ul>\n", d->html);
}

void doc_term(struct doc *d, const char *id, const struct doc_swatch *sw,
	      const char *term, const char *fmt, ...)
{
	char *s;

	FORMAT(s, fmt);
	if (d->in_list != 2) {
		end_list(d);
		fputs("<dl class=\"gloss\">\n", d->html);
		d->in_list = 2;
	}
	fputs("- ", d->md);
	if (id && *id)
		fprintf(d->md, "<a id=\"%s\"></a>", id);
	fprintf(d->md, "%s%s**%s**: %s\n", sw ? sw->glyph : "", sw ? " " : "",
		term, s);
	fputs("<dt", d->html);
	attr(d->html, "id", id);
	fputc('>', d->html);
	if (sw) {
		swatch(d->html, sw);
		fputc(' ', d->html);
	}
	html_inline(d->html, term);
	fputs("</dt><dd>", d->html);
	html_inline(d->html, s);
	fputs("</dd>\n", d->html);
	free(s);
}

void doc_toc(struct doc *d, const char *title, const struct doc_link *links,
	     size_t n)
{
	end_list(d);
	fprintf(d->md, "**%s**\n\n", title);
	fputs("<nav class=\"toc\" aria-label=\"", d->html);
	html_text(d->html, title);
	fputs("\"><strong>", d->html);
	html_text(d->html, title);
	fputs("</strong>\n<ol>\n", d->html);
	for (size_t i = 0; i < n; i++) {
		fprintf(d->md, "%zu. [%s](#%s)\n", i + 1, links[i].text,
			links[i].id);
		fputs("<li><a href=\"#", d->html);
		html_text(d->html, links[i].id);
		fputs("\">", d->html);
		html_inline(d->html, links[i].text);
		fputs("</a></li>\n", d->html);
	}
	fputs("\n", d->md);
	fputs("</ol></nav>\n", d->html);
}
