/*
 * csv.h - the raw results file: its columns, a whole-row writer, and an
 * RFC 4180 reader (for the summary stage and the tests).
 *
 * The columns are one X-macro so the header, the writer and the readers
 * cannot drift apart. The required ones come first; the rest are extras
 * that other stages use. Blank means "not applicable in this mode".
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

#define GB_COLUMNS(X)                                                     \
	X(RUN_ID, "run_id")		/* one id per bin/bench run */        \
	X(TIMESTAMP, "timestamp")	/* ISO 8601 UTC, end of the rep */    \
	X(HOST, "host")                                                   \
	X(CPUS, "cpus")			/* online CPUs */                     \
	X(WORKLOAD, "workload")                                           \
	X(MODE, "mode")                                                   \
	X(WORKERS, "workers")                                             \
	X(TASKS, "tasks")                                                 \
	X(SIZE, "size")                                                   \
	X(REP, "rep")			/* 1-based timed repetition */        \
	X(WALL_S, "wall_s")		/* the tasks, start-up excluded */    \
	X(STARTUP_S, "startup_s")	/* creating the pool */               \
	X(USER_S, "user_s")		/* whole rep, all processes */        \
	X(SYS_S, "sys_s")                                                 \
	X(MAX_RSS_KB, "max_rss_kb")	/* peak of parent + workers */        \
	X(VOL_CS, "vol_cs")                                               \
	X(INVOL_CS, "invol_cs")                                           \
	X(RESULT, "result")		/* sum of the task values */          \
	X(VERIFIED, "verified")		/* true / false */                    \
	X(EXPECTED, "expected")		/* sum of the known answers */        \
	X(ERRORS, "errors")		/* failed tasks and operations */     \
	X(SEED, "seed")			/* of the interleaved order */        \
	X(METRIC, "metric")		/* a workload's own figure */         \
	X(METRIC_NAME, "metric_name")                                     \
	X(SWITCH_INTERVAL_MS, "switch_interval_ms")                       \
	X(CHECK_INTERVAL, "check_interval")                               \
	X(GIL_WAIT_S, "gil_wait_s")                                       \
	X(GIL_SWITCHES, "gil_switches")                                   \
	X(GIL_FORCED, "gil_forced")                                       \
	X(GIL_FUTILE, "gil_futile")                                       \
	X(LATENCY_MS, "latency_ms")	/* I/O workloads */                   \
	X(WORKERS_REPLACED, "workers_replaced")                           \
	X(HOSTS, "hosts")		/* mpi: machines the workers ran on */ \
	X(ERROR, "error")		/* first error message, if any */     \
	X(BATCHES, "batches")		/* --batches: runs per repetition */  \
	X(POOL, "pool")			/* reuse, or fresh per batch */       \
	X(PARENT_MEM_MIB, "parent_mem_mib") /* --parent-mem */            \
	X(KIND, "kind")			/* the workload's kind (workload.h) */ \
	X(GIL_POLICY, "gil_policy")	/* gil modes: --gil-policy */         \
	X(METRIC2, "metric2")		/* a workload's second figure */      \
	X(METRIC2_NAME, "metric2_name") /* its name */                   \
	X(START_RSS_KB, "start_rss_kb")	/* parent's resident at rep start */ \
	X(ROUND, "round")		/* shuffled round of the invocation */ \
	X(OTHER_CPU_S, "other_cpu_s")	/* CPU time of other programs */      \
	X(SPAN_S, "span_s")		/* the whole rep, clock time */        \
	X(KERNELS, "kernels")		/* mpi: distinct kernels of the hosts */ \
	X(SERVER_START_S, "server_start_s") /* forkserver: its server's start */

enum gb_col {
#define GB_COL_ENUM(id, name) COL_##id,
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
