/* doc.c - see doc.h. */
#include "bench/analysis/doc.h"
#include "bench/core/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct doc {
	FILE *md, *html;
	int in_list;
	size_t ncols;
};

static const char html_head[] =
"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
"<title>%s</title>\n<style>\n"
"body{font-family:system-ui,sans-serif;max-width:80em;margin:2em auto;"
"padding:0 1em;line-height:1.45;color:#222}\n"
"table{border-collapse:collapse;margin:1em 0;font-size:.92em}\n"
"th,td{border:1px solid #bbb;padding:.25em .5em;vertical-align:top;"
"text-align:left}\n"
"th{background:#eee}\ntr:nth-child(even) td{background:#fafafa}\n"
"code{background:#f3f3f3;padding:0 .2em}\n"
"img{max-width:100%%;height:auto;border:1px solid #ddd}\n"
"</style>\n</head>\n<body>\n";

static void end_list(struct doc *d)
{
	if (!d->in_list)
		return;
	fputs("\n", d->md);
	fputs("</ul>\n", d->html);
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

/* Write text with `code` and **bold** as HTML. */
static void html_inline(FILE *f, const char *s)
{
	int code = 0, bold = 0;

	for (; *s; s++) {
		if (*s == '`') {
			fputs(code ? "</code>" : "<code>", f);
			code = !code;
		} else if (!code && s[0] == '*' && s[1] == '*') {
			fputs(bold ? "</strong>" : "<strong>", f);
			bold = !bold;
			s++;
		} else {
			html_char(f, *s);
		}
	}
	if (code)
		fputs("</code>", f);
	if (bold)
		fputs("</strong>", f);
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

int doc_open(struct doc **out, const char *md_path, const char *html_path,
	     const char *title)
{
	struct doc *d = gb_xcalloc(1, sizeof(*d));
	int rc;

	d->md = fopen(md_path, "w");
	d->html = d->md ? fopen(html_path, "w") : NULL;
	if (!d->md || !d->html) {
		rc = -errno;
		if (d->md)
			fclose(d->md);
		free(d);
		return rc;
	}
	fprintf(d->html, html_head, title);
	*out = d;
	return 0;
}

int doc_close(struct doc *d)
{
	int rc = 0;

	end_list(d);
	fputs("</body>\n</html>\n", d->html);
	if (ferror(d->md) || ferror(d->html))
		rc = -EIO;
	if (fclose(d->md) && !rc)
		rc = -errno;
	if (fclose(d->html) && !rc)
		rc = -errno;
	free(d);
	return rc;
}

/* One block in both formats: MD pre + text + post, HTML <tag>text</tag>. */
static void emit(struct doc *d, const char *md_pre, const char *md_post,
		 const char *tag, const char *text)
{
	fprintf(d->md, "%s%s%s", md_pre, text, md_post);
	fprintf(d->html, "<%s>", tag);
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

void doc_heading(struct doc *d, int level, const char *fmt, ...)
{
	char *s, pre[16], tag[8];

	FORMAT(s, fmt);
	end_list(d);
	snprintf(pre, sizeof(pre), "%.*s ", level, "######");
	snprintf(tag, sizeof(tag), "h%d", level);
	emit(d, pre, "\n\n", tag, s);
	free(s);
}

void doc_para(struct doc *d, const char *fmt, ...)
{
	char *s;

	FORMAT(s, fmt);
	end_list(d);
	emit(d, "", "\n\n", "p", s);
	free(s);
}

void doc_item(struct doc *d, const char *fmt, ...)
{
	char *s;

	FORMAT(s, fmt);
	if (!d->in_list) {
		fputs("<ul>\n", d->html);
		d->in_list = 1;
	}
	emit(d, "- ", "\n", "li", s);
	free(s);
}

void doc_table_begin(struct doc *d, size_t ncols, const char *const *head)
{
	end_list(d);
	d->ncols = ncols;
	fputs("<table>\n<tr>", d->html);
	for (size_t i = 0; i < ncols; i++) {
		fputs("| ", d->md);
		md_cell(d->md, head[i]);
		fputc(' ', d->md);
		fputs("<th>", d->html);
		html_inline(d->html, head[i]);
		fputs("</th>", d->html);
	}
	fputs("|\n", d->md);
	for (size_t i = 0; i < ncols; i++)
		fputs("|---", d->md);
	fputs("|\n", d->md);
	fputs("</tr>\n", d->html);
}

void doc_table_row(struct doc *d, const char *const *cells)
{
	fputs("<tr>", d->html);
	for (size_t i = 0; i < d->ncols; i++) {
		fputs("| ", d->md);
		md_cell(d->md, cells[i] ? cells[i] : "");
		fputc(' ', d->md);
		fputs("<td>", d->html);
		html_inline(d->html, cells[i] ? cells[i] : "");
		fputs("</td>", d->html);
	}
	fputs("|\n", d->md);
	fputs("</tr>\n", d->html);
}

void doc_table_end(struct doc *d)
{
	fputs("\n", d->md);
	fputs("</table>\n", d->html);
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

int doc_image(struct doc *d, const char *alt, const char *png_rel,
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
	fprintf(d->html, "<p><img alt=\"");
	for (const char *p = alt; *p; p++)
		html_char(d->html, *p);
	fprintf(d->html, "\" src=\"data:image/%s;base64,",
		svg ? "svg+xml" : "png");
	base64_file(d->html, svg ? svg_path : png_path);
	fputs("\"></p>\n", d->html);
	return 0;
}
