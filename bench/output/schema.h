/*
 * schema.h - the vocabulary of the suite's CSV schemas. Every file the
 * suite writes and reads back (bench.csv, a --trace file, fidelity.csv,
 * notrun.csv, phases.csv) declares its columns once, as an X-macro
 *
 *     X(ID, "name", member, TYPE, lo, hi, FLAGS)
 *
 * from which its writer takes the header and the one reader
 * (bench/analysis/model/bind.h) a row struct, the checks of every value
 * and the binding of the header's columns to the struct's members. A
 * column is added in one place and every stage sees it.
 */
#ifndef GB_SCHEMA_H
#define GB_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

/* What a column holds. A blank optional value reads as "", "", 0, 0 and
 * NAN respectively. */
enum col_type {
	COL_TEXT,	/* any text */
	COL_WORD,	/* one of the words of the schema's list for it */
	COL_BOOL,	/* true or false */
	COL_COUNT,	/* a whole number in [lo, hi]; hi 0: up to 2^64 - 1 */
	COL_REAL,	/* a decimal number in [lo, hi] */
};

/* The C type of each column type in the row structs. */
#define COL_CTYPE_TEXT const char *
#define COL_CTYPE_WORD const char *
#define COL_CTYPE_BOOL int
#define COL_CTYPE_COUNT uint64_t
#define COL_CTYPE_REAL double

#define COLF_REQ	0x01u	/* the header must have it, a row a value */
/* A parameter of the measurement: part of the key of a cell, whose rows
 * are its repetitions (model.h). */
#define COLF_KEY	0x02u
/* A key column that varies within a series: a line of a chart is a mode
 * with its own options, drawn against the worker count. */
#define COLF_LINE	0x04u
/* A mode's own option (the GIL's switch interval): blank for the
 * baseline, which has no such option. Also a COLF_LINE column. */
#define COLF_MODEOPT	0x08u

struct col_spec {
	const char *name;
	enum col_type type;
	double lo, hi;
	unsigned flags;
	size_t offset;		/* of the member in the row struct */
};

/* A member of a row struct, per column. */
#define SCHEMA_MEMBER(id, name, m, type, lo, hi, flags) COL_CTYPE_##type m;
/* The spec of a column in the row struct SCHEMA_ROW names, defined by
 * the file that makes a schema's table:
 *   #define SCHEMA_ROW struct trace_row
 *   static const struct col_spec cols[] = { GB_TRACE_COLUMNS(SCHEMA_SPEC) };
 */
#define SCHEMA_SPEC(id, name, m, type, lo, hi, flags) \
	{ name, COL_##type, lo, hi, flags, offsetof(SCHEMA_ROW, m) },
/* The name alone, for a writer's header. */
#define SCHEMA_NAME(id, name, m, type, lo, hi, flags) name,

#endif
