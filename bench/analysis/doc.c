/* doc.c - see doc.h. The stylesheet is html_head below: read it for how
 * the page behaves on a phone, a projector and paper. */
#include "bench/analysis/doc.h"
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

/*
 * The page: one column of at most 74em, every table either wrapping or
 * scrolling inside its own box (.scroll) so the page itself is never
 * wider than the screen; charts at the column's full width. Below 760
 * px a table of class "cards" (the verdicts) becomes one card per row,
 * each cell under its column's name, so the verdict stays on screen.
 * The print stylesheet drops the navigation, keeps figures and rows
 * whole, prints the verdict colours, and (with the script at the end)
 * opens the folded details.
 */
static const char html_head[] =
"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
"<title>%s</title>\n<style>\n"
"*{box-sizing:border-box}\n"
"html{-webkit-text-size-adjust:100%%;text-size-adjust:100%%}\n"
"body{font-family:system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
"font-size:17px;line-height:1.5;color:#1d1d1f;max-width:74em;"
"margin:0 auto;padding:0 1.25em 3em}\n"
"h1{font-size:1.9em;line-height:1.2;margin:.8em 0 .3em}\n"
"h2{font-size:1.45em;line-height:1.25;margin:1.8em 0 .5em;"
"padding-top:.5em;border-top:2px solid #e2e2e6}\n"
"h3{font-size:1.15em;margin:1.4em 0 .4em}\n"
"a{color:#0b57a3}\n"
"p,li,td,th,dd,figcaption{overflow-wrap:break-word}\n"
"code{background:#f1f1f4;padding:0 .25em;border-radius:3px;"
"font-size:.92em;overflow-wrap:anywhere}\n"
"nav.toc{background:#f4f4f7;border-radius:6px;padding:.5em 1em;"
"margin:1em 0}\n"
"nav.toc ol{margin:.2em 0 0;padding:0;list-style:none;display:flex;"
"flex-wrap:wrap;gap:.1em 1.4em}\n"
".lead{font-size:1.12em;border-left:5px solid #0072B2;padding:.3em 1em;"
"background:#f0f6fb;margin:1em 0}\n"
".note{color:#444;font-size:.95em}\n"
".scroll{overflow-x:auto;max-width:100%%;margin:1em 0}\n"
"table{border-collapse:collapse;font-size:.93em;width:100%%}\n"
"th,td{border:1px solid #c8c8cc;padding:.35em .55em;vertical-align:top;"
"text-align:left}\n"
"th{background:#ececf0}\n"
"tbody tr:nth-child(even) td{background:#fafafa}\n"
"td.num,td.name{white-space:nowrap}\n"
"table.cells td:last-child{min-width:20em}\n"
"td.verdict{font-weight:600;min-width:8.5em}\n"
"table.verdicts th:nth-child(1){width:26%%}\n"
"table.verdicts th:nth-child(3){width:32%%}\n"
"td.v-reproduced{background:#e2f3e6!important;color:#0d4d1f}\n"
"td.v-not-reproduced,td.v-contradicted{background:#fbe4e6!important;"
"color:#7d1320}\n"
"td.v-inconclusive{background:#fff3d1!important;color:#5e4400}\n"
"td.v-not-measured{background:#ececec!important;color:#3c3c3c}\n"
".box.v-reproduced{border-left:7px solid #2a8a45}\n"
".box.v-not-reproduced,.box.v-contradicted{border-left:7px solid #b3263a}\n"
".box.v-inconclusive{border-left:7px solid #c99700}\n"
".box.v-not-measured{border-left:7px solid #8a8a8a}\n"
"figure{margin:1.2em 0 2em;padding:0}\n"
"figure img{display:block;width:100%%;height:auto;border:1px solid #ddd;"
"background:#fff}\n"
"figcaption{font-size:.95em;color:#333;margin-top:.4em}\n"
"figcaption p{margin:.35em 0}\n"
"ul.key{list-style:none;padding:0;margin:.4em 0;display:flex;"
"flex-wrap:wrap;gap:.15em 1.2em}\n"
"ul.key .sw{font-size:1.3em;line-height:1;margin-right:.25em}\n"
".box{border:1px solid #c8c8cc;border-radius:6px;padding:.4em .9em;"
"margin:.8em 0}\n"
".box p{margin:.35em 0}\n"
"details{margin:.5em 0}\n"
"summary{cursor:pointer;font-weight:600;padding:.2em 0}\n"
"dl.gloss{display:grid;grid-template-columns:minmax(7em,max-content) 1fr;"
"gap:.35em 1.2em;margin:.6em 0}\n"
"dl.gloss dt{font-weight:600}\n"
"dl.gloss dd{margin:0}\n"
"dl.gloss .sw{font-size:1.25em;line-height:1}\n"
"@media (max-width:760px){\n"
"body{font-size:16px;padding:0 .75em 2em}\n"
"h1{font-size:1.55em}\n"

"table.cards,table.cards tbody,table.cards tr,table.cards td{display:block;"
"width:100%%}\n"
"table.cards thead{display:none}\n"
"table.cards tr{border:1px solid #c8c8cc;border-radius:6px;"
"margin:0 0 .8em;padding:.3em .6em}\n"
"table.cards td{border:0;padding:.15em 0;background:none}\n"
"table.cards td.verdict{padding:.2em .5em;border-radius:4px}\n"
"table.cards td::before{content:attr(data-label);display:block;"
"font-size:.78em;font-weight:400;color:#555;letter-spacing:.03em;"
"text-transform:uppercase}\n"
"table.cards td:first-child::before{display:none}\n"
"dl.gloss{display:block}\n"
"dl.gloss dt{margin-top:.5em}\n"
"dl.gloss dd{margin:0 0 0 1.2em}\n"
"}\n"
"@media print{\n"
"@page{margin:14mm}\n"
"body{max-width:none;font-size:10.5pt;padding:0;color:#000}\n"
"nav.toc{display:none}\n"
"a{color:inherit;text-decoration:none}\n"
"h2{border:0;margin-top:1.2em}\n"
"h2,h3{break-after:avoid}\n"
"figure,tr,.box,ul.key{break-inside:avoid}\n"
"figure img{width:auto;max-width:100%%;max-height:125mm;margin:0 auto;"
"border:0}\n"
".scroll{overflow:visible}\n"
"table{font-size:8.5pt}\n"
"thead{display:table-header-group}\n"
"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n"
"}\n"
"</style>\n</head>\n<body>\n";

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
	fprintf(d->html, html_head, title);
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
	if (id && *id) {
		fputs(" id=\"", d->html);
		html_text(d->html, id);
		fputc('"', d->html);
	}
	if (cls && *cls) {
		fputs(" class=\"", d->html);
		html_text(d->html, cls);
		fputc('"', d->html);
	}
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

void doc_para(struct doc *d, const char *fmt, ...)
{
	char *s;

	FORMAT(s, fmt);
	end_list(d);
	emit(d, "", "\n\n", "p", NULL, NULL, s);
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
	if (cls && *cls) {
		fputs(" class=\"", d->html);
		html_text(d->html, cls);
		fputc('"', d->html);
	}
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
	if (id && *id) {
		fputs(" id=\"", d->html);
		html_text(d->html, id);
		fputc('"', d->html);
	}
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
		if (cls && cls[i] && *cls[i]) {
			fputs(" class=\"", d->html);
			html_text(d->html, cls[i]);
			fputc('"', d->html);
		}
		fputs(" data-label=\"", d->html);
		html_text(d->html, d->label[i]);
		fputs("\">", d->html);
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
	if (id && *id) {
		fputs(" id=\"", d->html);
		html_text(d->html, id);
		fputc('"', d->html);
	}
	if (cls && *cls) {
		fputs(" class=\"", d->html);
		html_text(d->html, cls);
		fputc('"', d->html);
	}
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

int doc_image(struct doc *d, const char *alt, const char *png_rel,
	      const char *svg_path, const char *png_path)
{
	int rc;

	end_list(d);
	if (!exists(svg_path) && !exists(png_path))
		return -ENOENT;
	fputs("<p>", d->html);
	rc = image(d, alt, png_rel, svg_path, png_path);
	fputs("</p>\n", d->html);
	return rc;
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
	if (id && *id) {
		fputs(" id=\"", d->html);
		html_text(d->html, id);
		fputc('"', d->html);
	}
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
		fputs("<li><span class=\"sw\" style=\"color:", d->html);
		html_text(d->html, sw[i].color);
		fputs("\" aria-hidden=\"true\">", d->html);
		html_text(d->html, sw[i].glyph);
		fputs("</span>", d->html);
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
	if (id && *id) {
		fputs(" id=\"", d->html);
		html_text(d->html, id);
		fputc('"', d->html);
	}
	fputc('>', d->html);
	if (sw) {
		fputs("<span class=\"sw\" style=\"color:", d->html);
		html_text(d->html, sw->color);
		fputs("\" aria-hidden=\"true\">", d->html);
		html_text(d->html, sw->glyph);
		fputs("</span> ", d->html);
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
