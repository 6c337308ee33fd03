/*
 * bind.h - the one reader of the suite's CSV files. A schema (schema.h:
 * its columns' names, types, ranges and roles, from one X-macro) is bound
 * to a file's header by name, so older and newer files load; every value
 * of every row is checked against its column and put into a row struct,
 * which a callback takes. A bad value, a missing required column or a cut
 * line is one message, "FILE:LINE: what is wrong".
 */
#ifndef GB_BIND_H
#define GB_BIND_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bench/output/schema.h"

struct csv_schema {
	const char *what;		/* "a CSV written by bin/bench" */
	const struct col_spec *cols;
	size_t ncols;
	size_t row_size;
	/* Per column (may be NULL): the words a COL_WORD column takes,
	 * ended by NULL. */
	const char *const *const *words;
	/* A header that has this column and not the first required one
	 * is the likeliest wrong file, named by wrong_msg. */
	const char *wrong_col, *wrong_msg;
};

/* Handed each row: 0 to go on, or -EINVAL with a message (without the
 * "FILE:LINE: " that the reader puts before it). Text fields point into
 * the reader's storage, valid until the callback returns. */
typedef int (*csv_row_fn)(void *ctx, const void *row, char *err,
			  size_t errlen);

/* The most bytes a file of ours may have: some million rows. */
#define CSV_MAX_BYTES (1ull << 30)

/* Read a whole file (name: what messages call it). 0; -ENOENT etc. when
 * it cannot be opened; -EINVAL with "FILE:LINE: what" in err. */
int csv_load_file(const struct csv_schema *s, const char *path,
		  csv_row_fn fn, void *ctx, char *err, size_t errlen);
int csv_load_stream(const struct csv_schema *s, FILE *fp, const char *name,
		    csv_row_fn fn, void *ctx, char *err, size_t errlen);

#endif
