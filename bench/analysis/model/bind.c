/* bind.c - see bind.h. */
#include "bench/analysis/model/bind.h"
#include "bench/core/util.h"
#include "bench/output/csv.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	const struct csv_schema *s;
	const char *name;
	long line;
	int *idx;		/* per schema column: its field, -1 absent */
	char *err;
	size_t errlen;
};

/* "FILE:LINE: message" into the reader's err; returns -EINVAL. */
static int bad(struct reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int bad(struct reader *r, const char *fmt, ...)
{
	int n = snprintf(r->err, r->errlen, "%s:%ld: ", r->name, r->line);
	va_list ap;

	va_start(ap, fmt);
	if (n >= 0 && (size_t)n < r->errlen)
		vsnprintf(r->err + n, r->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* A field's text as a message may show it: escaped, cut. */
static const char *shown(const char *txt, char *buf, size_t len)
{
	gb_escape(buf, len, txt, strlen(txt));
	return buf;
}

static int is_word(const char *const *words, const char *txt)
{
	for (size_t i = 0; words && words[i]; i++)
		if (strcmp(words[i], txt) == 0)
			return 1;
	return 0;
}

/* One value into its member of row. */
static int put(struct reader *r, size_t c, const char *txt, void *row)
{
	const struct col_spec *col = &r->s->cols[c];
	void *at = (char *)row + col->offset;
	const char *const *words = r->s->words ? r->s->words[c] : NULL;
	char buf[128], list[256] = "";
	double v;
	uint64_t u, hi;
	int rc;

	if (!txt[0]) {
		if (col->flags & COLF_REQ)
			return bad(r, "column '%s' is empty", col->name);
		if (col->type == COL_REAL)
			*(double *)at = NAN;
		return 0;
	}
	switch (col->type) {
	case COL_TEXT:
		*(const char **)at = txt;
		return 0;
	case COL_WORD:
		if (!is_word(words, txt)) {
			for (size_t i = 0; words && words[i]; i++)
				gb_appendf(list, sizeof(list), ", ", "%s",
					   words[i]);
			return bad(r, "column '%s': '%s' is not one of %s",
				   col->name, shown(txt, buf, sizeof(buf)),
				   list);
		}
		*(const char **)at = txt;
		return 0;
	case COL_BOOL:
		if (strcmp(txt, "true") && strcmp(txt, "false"))
			return bad(r, "column '%s': '%s' is not true or false",
				   col->name, shown(txt, buf, sizeof(buf)));
		*(int *)at = strcmp(txt, "true") == 0;
		return 0;
	case COL_COUNT:
		hi = col->hi > 0 ? (uint64_t)col->hi : UINT64_MAX;
		rc = gb_parse_u64(txt, (uint64_t)col->lo, hi, &u);
		if (!rc) {
			*(uint64_t *)at = u;
			return 0;
		}
		/* "2.5" and "-1" are numbers, out of a count's range. */
		if (rc == -ERANGE || !gb_parse_double(txt, -1e300, 1e300, &v))
			return bad(r, "column '%s': '%s' is out of range "
				   "(expected a whole number, %.0f to %llu)",
				   col->name, shown(txt, buf, sizeof(buf)),
				   col->lo, (unsigned long long)hi);
		break;
	case COL_REAL:
		rc = gb_parse_double(txt, -1e300, 1e300, &v);
		if (rc && rc != -ERANGE)
			break;
		if (rc || v < col->lo || v > col->hi)
			return bad(r, "column '%s': '%s' is out of range "
				   "(expected %g to %g)", col->name,
				   shown(txt, buf, sizeof(buf)), col->lo,
				   col->hi);
		*(double *)at = v;
		return 0;
	}
	return bad(r, "column '%s': '%s' is not a number", col->name,
		   shown(txt, buf, sizeof(buf)));
}

/* A record the CSV reader refused, as FILE:LINE: what, where. */
static int refused(struct reader *r, struct csv_reader *rd, int n)
{
	long line, col;
	const char *why = csv_reader_error(rd, &line, &col);

	r->line = line;
	if (n == -EFBIG)
		return bad(r, "the file is larger than %u MiB, far more than "
			   "the suite writes (is it the right file?)",
			   (unsigned)(CSV_MAX_BYTES >> 20));
	if (n == -E2BIG)
		return bad(r, "a line longer than %u KiB, which no row of "
			   "ours is (is it the right file?)",
			   CSV_MAX_RECORD >> 10);
	if (n == -ENOMEM || n == -EIO)
		return bad(r, "%s", why);
	return bad(r, "%s (column %ld)", why, col);
}

/* Map the header to the schema's columns. */
static int bind_header(struct reader *r, char **f, int n)
{
	const struct csv_schema *s = r->s;
	size_t missing = s->ncols;

	for (size_t c = 0; c < s->ncols; c++) {
		r->idx[c] = csv_col_index(f, n, s->cols[c].name);
		if (r->idx[c] < 0 && (s->cols[c].flags & COLF_REQ) &&
		    missing == s->ncols)
			missing = c;
	}
	if (missing == s->ncols)
		return 0;
	/* The likeliest wrong file (summary.csv for bench.csv) says so. */
	if (s->wrong_col && csv_col_index(f, n, s->wrong_col) >= 0)
		return bad(r, "%s", s->wrong_msg);
	return bad(r, "the header lacks column '%s' (is this %s?)",
		   s->cols[missing].name, s->what);
}

static int read_rows(struct reader *r, struct csv_reader *rd, csv_row_fn fn,
		     void *ctx)
{
	char **f, msg[1024];
	void *row = gb_xmalloc(r->s->row_size);
	int n, nhead, rc = 0;

	nhead = csv_read(rd, &f, &r->line);
	if (nhead < 0)
		rc = refused(r, rd, nhead);
	else if (nhead == 0) {
		r->line = 1;
		rc = bad(r, "the file is empty, expected the header line of "
			 "%s", r->s->what);
	} else {
		rc = bind_header(r, f, nhead);
	}
	while (!rc && (n = csv_read(rd, &f, &r->line)) != 0) {
		if (n < 0) {
			rc = refused(r, rd, n);
			break;
		}
		if (n != nhead) {
			rc = bad(r, "%d fields, the header has %d (a cut or "
				 "hand-edited line?)", n, nhead);
			break;
		}
		memset(row, 0, r->s->row_size);
		for (size_t c = 0; !rc && c < r->s->ncols; c++)
			rc = put(r, c, r->idx[c] >= 0 ? f[r->idx[c]] : "",
				 row);
		if (!rc && fn(ctx, row, msg, sizeof(msg)))
			rc = bad(r, "%s", msg);
	}
	free(row);
	return rc;
}

int csv_load_stream(const struct csv_schema *s, FILE *fp, const char *name,
		    csv_row_fn fn, void *ctx, char *err, size_t errlen)
{
	struct reader r = { .s = s, .name = name, .err = err,
			    .errlen = errlen };
	struct csv_reader *rd;
	int rc;

	if (csv_reader_open(&rd, fp))
		return -ENOMEM;
	/* Bounded: input without newlines (/dev/zero) must end in an
	 * error, not in all the memory there is. */
	csv_reader_limit(rd, CSV_MAX_RECORD, CSV_MAX_BYTES);
	r.idx = gb_xcalloc(s->ncols, sizeof(*r.idx));
	rc = read_rows(&r, rd, fn, ctx);
	free(r.idx);
	csv_reader_close(rd);
	return rc;
}

int csv_load_file(const struct csv_schema *s, const char *path,
		  csv_row_fn fn, void *ctx, char *err, size_t errlen)
{
	FILE *fp = fopen(path, "r");
	int rc;

	if (!fp) {
		rc = -errno;
		snprintf(err, errlen, "cannot read '%s': %s", path,
			 strerror(-rc));
		return rc;
	}
	rc = csv_load_stream(s, fp, path, fn, ctx, err, errlen);
	fclose(fp);
	return rc;
}
