/*
 * doc.h - one writer, two documents: every call writes the same content
 * as Markdown and as a self-contained HTML page (charts embedded as data
 * URIs, so the page opens offline; a responsive and a print stylesheet
 * inside). The report uses nothing else, so the two versions cannot
 * drift apart.
 *
 * Text arguments are plain text with three inline marks, as in Markdown:
 * `code`, **bold** and links to a place in the page, [text](#id).
 * Everything else is escaped for each format.
 *
 * Ids (of headings, rows, boxes, figures) are the anchors links point
 * to; they should be made of letters, digits and '-'.
 */
#ifndef GB_DOC_H
#define GB_DOC_H

#include <stddef.h>

struct doc;

/* Start both files, as temporaries beside them (util.h, gb_afile): the
 * old ones stay until doc_close. 0 or -errno. */
int doc_open(struct doc **out, const char *md_path, const char *html_path,
	     const char *title);
/* Finish both files and rename them over the old ones, both or neither;
 * 0 or the -errno of the first failed write (-ENOSPC, -EFBIG), and then
 * the old files are as they were. */
int doc_close(struct doc *d);

void doc_heading(struct doc *d, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A heading that links can point to (#id). */
void doc_heading_id(struct doc *d, int level, const char *id,
		    const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A paragraph, with a look of its own in HTML when cls is not NULL (a
 * class of the stylesheet: "lead", "note"). */
#define doc_para(d, ...) doc_para_class(d, NULL, __VA_ARGS__)
void doc_para_class(struct doc *d, const char *cls, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A bullet item; consecutive items form one list. */
void doc_item(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A table; on a narrow screen it scrolls inside its own box, never the
 * page. ncols cells per row; NULL is an empty cell. */
void doc_table_begin(struct doc *d, size_t ncols, const char *const *head);
void doc_table_row(struct doc *d, const char *const *cells);
/* The same with the row's cells as arguments, exactly ncols of them. */
void doc_row(struct doc *d, ...);
void doc_table_end(struct doc *d);
/* The same with a class for the table ("cards": one card per row on a
 * phone, each cell under its column's name), and per row an id and a
 * class per cell (NULL for none). */
void doc_table_begin_class(struct doc *d, size_t ncols,
			   const char *const *head, const char *cls);
void doc_table_row_ex(struct doc *d, const char *id,
		      const char *const *cells, const char *const *cls);

/* Blocks that hold others, closed by doc_end() in reverse order: a box
 * (HTML <div class id>; nothing in Markdown), and a fold (HTML <details>,
 * closed until clicked and open when printed; a bold line in Markdown). */
void doc_begin(struct doc *d, const char *cls, const char *id);
void doc_fold_begin(struct doc *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void doc_end(struct doc *d);

/* A chart as a figure with an id: Markdown links png_rel (relative to
 * the document); HTML embeds svg_path (else png_path) as a data URI.
 * What follows until doc_end() is its caption. Paths that do not exist
 * are skipped: returns -ENOENT (and opens nothing) when neither does. */
int doc_figure_begin(struct doc *d, const char *id, const char *alt,
		     const char *png_rel, const char *svg_path,
		     const char *png_path);

/* A legend in text: a coloured shape and a label per entry, readable at
 * any width (the chart's own legend shrinks with it on a phone). */
struct doc_swatch {
	const char *color;	/* "#rrggbb" */
	const char *glyph;	/* a UTF-8 shape, "●" */
	const char *label;	/* plain text with the inline marks */
};
void doc_key(struct doc *d, const struct doc_swatch *sw, size_t n);

/* A term and its explanation; consecutive terms form one list. sw (may
 * be NULL) puts the term's colour and shape before it; id (may be NULL)
 * is an anchor for links to the term. */
void doc_term(struct doc *d, const char *id, const struct doc_swatch *sw,
	      const char *term, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* A table of contents: links to ids, in order. */
struct doc_link {
	const char *id;
	const char *text;
};
void doc_toc(struct doc *d, const char *title, const struct doc_link *links,
	     size_t n);

#endif
