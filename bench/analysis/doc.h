/*
 * doc.h - one writer, two documents: every call writes the same content
 * as Markdown and as a self-contained HTML page (charts embedded as data
 * URIs, so the page opens offline). The report uses nothing else, so the
 * two versions cannot drift apart.
 *
 * Text arguments are plain text with two inline marks, as in Markdown:
 * `code` and **bold**. Everything else is escaped for each format.
 */
#ifndef GB_DOC_H
#define GB_DOC_H

#include <stddef.h>

struct doc;

/* Create both files (truncating). 0 or -errno. */
int doc_open(struct doc **out, const char *md_path, const char *html_path,
	     const char *title);
/* Finish both files; 0 or -errno if anything failed to write. */
int doc_close(struct doc *d);

void doc_heading(struct doc *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void doc_para(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A bullet item; consecutive items form one list. */
void doc_item(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void doc_table_begin(struct doc *d, size_t ncols, const char *const *head);
/* ncols cells; NULL is an empty cell. */
void doc_table_row(struct doc *d, const char *const *cells);
void doc_table_end(struct doc *d);

/* A chart: Markdown links png_rel (relative to the document); HTML
 * embeds svg_path (else png_path) as a data URI. Paths that do not exist
 * are skipped; returns 0 if something was shown, -ENOENT if not. */
int doc_image(struct doc *d, const char *alt, const char *png_rel,
	      const char *svg_path, const char *png_path);

#endif
