/* row.c - see row.h: bench.csv's schema, made from its X-macro. */
#include "bench/analysis/model/row.h"
#include "bench/output/kinds.h"

static const struct col_spec cols[] = {
#define SCHEMA_ROW struct bench_row
	GB_COLUMNS(SCHEMA_SPEC)
#undef SCHEMA_ROW
};

static const char *const pool_words[] = { "reuse", "fresh", NULL };
static const char *const kind_words[] = {
#define KIND_WORD(id, name) name,
	GB_KINDS(KIND_WORD)
#undef KIND_WORD
	NULL
};
static const char *const *const words[COL__COUNT] = {
	[COL_POOL] = pool_words,
	[COL_KIND] = kind_words,
};

const struct csv_schema bench_csv = {
	.what = "a CSV written by bin/bench",
	.cols = cols,
	.ncols = COL__COUNT,
	.row_size = sizeof(struct bench_row),
	.words = words,
	/* The summary stage's own output is the likeliest wrong file. */
	.wrong_col = "median_s",
	.wrong_msg = "this is a summary.csv (one line per cell), not the raw "
		     "CSV of a run: give bench.csv or its folder",
};
