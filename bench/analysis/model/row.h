/*
 * row.h - a row of bench.csv as the one reader (bind.h) gives it: a
 * member per column of the schema (bench/output/csv.h), text pointing
 * into the reader's storage, blank optional numbers NAN or 0.
 */
#ifndef GB_ROW_H
#define GB_ROW_H

#include "bench/analysis/model/bind.h"
#include "bench/output/csv.h"

struct bench_row {
	GB_COLUMNS(SCHEMA_MEMBER)
};

/* bench.csv's schema, for csv_load_file. */
extern const struct csv_schema bench_csv;

#endif
