/*
 * csv.h - the raw results file: its columns, a whole-row writer, and an
 * RFC 4180 reader (for the summary stage and the tests).
 *
 * The columns are one X-macro so the header, the writer and the readers
 * cannot drift apart. The required ones come first; the rest are extras
 * that other stages use. Blank means "not applicable in this mode".
 * python/compare.py writes CPython's rows in the same schema; gil_enabled
 * is theirs alone (true / false: sys._is_gil_enabled() after the cell,
 * false only on a free-threaded CPython running without its GIL).
 *
 * server_start_s is the forkserver's one-time cost: the seconds from
 * starting its server to the server being ready (the workload rebuilt),
 * once per workload of a run and not in startup_s, which is the time to
 * get the pool's workers from the running server. Every row the server
 * served repeats it.
 */
#ifndef GB_CSV_H
#define GB_CSV_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "bench/output/schema.h"

/*
 * The columns of bench.csv (schema.h: X(ID, "name", member, TYPE, lo,
 * hi, FLAGS)). The ranges are what bin/bench can write, with room to
 * spare: a value outside one is not a measurement (cpus = 1e300 once made
 * the report say "0 cores"). The KEY columns are the parameters of a
 * measurement, so the rows that agree on all of them are the
 * repetitions of one cell; a new parameter is a new KEY column here.
 */
#define GB_COLUMNS(X)                                                     \
	X(RUN_ID, "run_id", run_id, TEXT, 0, 0, 0) /* one id per run */   \
	X(TIMESTAMP, "timestamp", timestamp, TEXT, 0, 0, 0) /* ISO 8601 */ \
	X(HOST, "host", host, TEXT, 0, 0, 0)                              \
	X(CPUS, "cpus", cpus, COUNT, 1, 1 << 20, 0) /* online CPUs */     \
	X(WORKLOAD, "workload", workload, TEXT, 0, 0, COLF_REQ | COLF_KEY) \
	X(MODE, "mode", mode, TEXT, 0, 0, COLF_REQ | COLF_KEY | COLF_LINE) \
	X(WORKERS, "workers", workers, COUNT, 1, 1 << 20,                 \
	  COLF_REQ | COLF_KEY | COLF_LINE)                                \
	X(TASKS, "tasks", tasks, COUNT, 0, 1e9, COLF_REQ | COLF_KEY)      \
	X(SIZE, "size", size, COUNT, 0, 0, COLF_REQ | COLF_KEY)           \
	X(REP, "rep", rep, COUNT, 0, 1e9, 0) /* 1-based timed repetition */ \
	/* The tasks, start-up excluded; seconds (1e7: 115 days). */      \
	X(WALL_S, "wall_s", wall_s, REAL, 0, 1e7, COLF_REQ)               \
	X(STARTUP_S, "startup_s", startup_s, REAL, 0, 1e7, 0) /* the pool */ \
	/* CPU seconds of the whole repetition, every process. */         \
	X(USER_S, "user_s", user_s, REAL, 0, 1e9, 0)                      \
	X(SYS_S, "sys_s", sys_s, REAL, 0, 1e9, 0)                         \
	/* Peak of parent and workers, KiB (1e12: a petabyte). */         \
	X(MAX_RSS_KB, "max_rss_kb", max_rss_kb, REAL, 0, 1e12, 0)         \
	X(VOL_CS, "vol_cs", vol_cs, REAL, 0, 1e15, 0)                     \
	X(INVOL_CS, "invol_cs", invol_cs, REAL, 0, 1e15, 0)               \
	X(RESULT, "result", result, TEXT, 0, 0, 0) /* sum of task values */ \
	X(VERIFIED, "verified", verified, BOOL, 0, 0, COLF_REQ)           \
	X(EXPECTED, "expected", expected, TEXT, 0, 0, 0) /* known answers */ \
	X(ERRORS, "errors", errors, TEXT, 0, 0, 0) /* failed operations */ \
	X(SEED, "seed", seed, TEXT, 0, 0, 0) /* of the interleaved order */ \
	/* A workload's own figure: every one counts or is a rate. */     \
	X(METRIC, "metric", metric, REAL, 0, 1e15, 0)                     \
	X(METRIC_NAME, "metric_name", metric_name, TEXT, 0, 0, 0)         \
	X(SWITCH_INTERVAL_MS, "switch_interval_ms", switch_ms, REAL, 0, 1e6, \
	  COLF_KEY | COLF_LINE | COLF_MODEOPT)                            \
	X(CHECK_INTERVAL, "check_interval", check_interval, COUNT, 0, 1e9, \
	  COLF_KEY | COLF_LINE | COLF_MODEOPT)                            \
	X(GIL_WAIT_S, "gil_wait_s", gil_wait_s, REAL, 0, 1e9, 0)          \
	X(GIL_SWITCHES, "gil_switches", gil_switches, TEXT, 0, 0, 0)      \
	X(GIL_FORCED, "gil_forced", gil_forced, TEXT, 0, 0, 0)            \
	X(GIL_FUTILE, "gil_futile", gil_futile, TEXT, 0, 0, 0)            \
	/* I/O workloads: one request's (or sleep's) latency. */          \
	X(LATENCY_MS, "latency_ms", latency_ms, REAL, 0, 1e6, COLF_KEY)   \
	X(WORKERS_REPLACED, "workers_replaced", workers_replaced, TEXT, 0, 0, 0) \
	X(HOSTS, "hosts", hosts, COUNT, 0, 1e6, 0) /* mpi: machines */    \
	X(ERROR, "error", error, TEXT, 0, 0, 0) /* first error, if any */ \
	/* --batches: runs per repetition; blank in older files: 1. */    \
	X(BATCHES, "batches", batches, COUNT, 1, 1e6, COLF_KEY)           \
	X(POOL, "pool", pool, WORD, 0, 0, COLF_KEY) /* reuse or fresh */  \
	X(PARENT_MEM_MIB, "parent_mem_mib", parent_mem_mib, COUNT, 0, 1e9, \
	  COLF_KEY) /* --parent-mem */                                    \
	X(KIND, "kind", kind, WORD, 0, 0, 0) /* the workload's kind */     \
	X(GIL_POLICY, "gil_policy", gil_policy, TEXT, 0, 0,               \
	  COLF_KEY | COLF_LINE | COLF_MODEOPT) /* --gil-policy */         \
	X(METRIC2, "metric2", metric2, REAL, 0, 1e15, 0) /* a second one */ \
	X(METRIC2_NAME, "metric2_name", metric2_name, TEXT, 0, 0, 0)      \
	/* The parent's resident memory at the repetition's start, KiB. */ \
	X(START_RSS_KB, "start_rss_kb", start_rss_kb, REAL, 0, 1e12, 0)   \
	X(ROUND, "round", round, COUNT, 0, 1e9, 0) /* of the invocation */ \
	/* CPU seconds of other programs during the repetition. */        \
	X(OTHER_CPU_S, "other_cpu_s", other_cpu_s, REAL, 0, 1e9, 0)       \
	X(SPAN_S, "span_s", span_s, REAL, 0, 1e7, 0) /* its clock time */ \
	X(KERNELS, "kernels", kernels, COUNT, 0, 1e6, 0) /* mpi: kernels */ \
	/* Minor page faults of the repetition, the workers' included. */ \
	X(MINFLT, "minflt", minflt, REAL, 0, 1e15, 0)                     \
	/* compare.py: sys._is_gil_enabled() after the cell (CPython's   \
	 * rows alone; false only on a free-threaded CPython without it). */ \
	X(GIL_ENABLED, "gil_enabled", gil_enabled, BOOL, 0, 0, 0)        \
	/* forkserver: its server's one-time start, s (not in startup_s) */ \
	X(SERVER_START_S, "server_start_s", server_start_s, REAL, 0, 1e7, 0)

enum gb_col {
#define GB_COL_ENUM(id, name, m, type, lo, hi, flags) COL_##id,
	GB_COLUMNS(GB_COL_ENUM)
#undef GB_COL_ENUM
	COL__COUNT
};

extern const char *const gb_col_names[COL__COUNT];

/* One row: every value already formatted, "" for blank. */
struct csv_row {
	char v[COL__COUNT][192];
};

void csv_set(struct csv_row *r, enum gb_col c, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

struct csv_out;

/* Open path for appending. Under the file's lock, a new or empty file
 * gets the header; an existing one must start with exactly this header
 * and end in a whole line (a cut last line is refused with its number).
 * 0 or -errno, with a message in err. */
int csv_open(struct csv_out **out, const char *path, char *err,
	     size_t errlen);
/* Append one row with a single write() under the file's lock (util.h,
 * gb_append_locked): concurrent runs never mix or cut each other's rows;
 * on failure our part of the row is cut off again, so no half row is
 * left. 0, -EBADMSG when the file no longer ends in a whole line (nothing
 * written), or -errno. */
int csv_write_row(struct csv_out *o, const struct csv_row *r);
void csv_close(struct csv_out *o);
/* The header line, without the newline. */
void csv_header(char *buf, size_t len);
/* Write v to f as one field, quoted as RFC 4180 wants (the same quoting
 * as the rows): every CSV this program writes goes through here or
 * csv_write_row. */
void csv_fput_field(FILE *f, const char *v);

/* Reader: one record per call, quoted fields and doubled quotes handled.
 * Returns the number of fields (>= 1), 0 at end of file, or an error:
 * -EINVAL for a malformed record (unterminated quote, junk after a
 * closing quote, a NUL byte), -E2BIG for a record longer than the limit,
 * -EFBIG past the file's limit, -EIO, -ENOMEM; csv_reader_error says
 * which, and where. *line is the 1-based line the record starts on. The
 * fields point into storage owned by the reader, valid until the next
 * call. */
struct csv_reader;
int csv_reader_open(struct csv_reader **out, FILE *f);
int csv_read(struct csv_reader *rd, char ***fields, long *line);
void csv_reader_close(struct csv_reader *rd);
/* The longest record a reader takes unless told otherwise: a row of
 * bin/bench is under 4 KiB, so 1 MiB is not a CSV of ours. */
#define CSV_MAX_RECORD (1u << 20)
/* Set the longest record (bytes, quotes and newlines included) and the
 * most bytes in all. */
void csv_reader_limit(struct csv_reader *rd, size_t max_record,
		      uint64_t max_total);
/* Why the last call failed ("a NUL byte"), with the 1-based line and
 * column (byte in that line) where it was found. */
const char *csv_reader_error(const struct csv_reader *rd, long *line,
			     long *col);

/* Index of a column name in a header, or -1. */
int csv_col_index(char **fields, int n, const char *name);

#endif
