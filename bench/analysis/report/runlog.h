/*
 * runlog.h - what scripts/bench.sh records in a run folder beside the CSV:
 * the suite lines that did not run or did not finish (notrun.csv) and
 * the time each phase took (phases.csv). Both are optional: a run made
 * by hand has neither, and then nothing is missing.
 *
 *   notrun.csv  line,status,workloads,kinds,modes,command,stderr
 *   phases.csv  phase,seconds,detail
 */
#ifndef GB_RUNLOG_H
#define GB_RUNLOG_H

#include <stddef.h>

#include "bench/analysis/claims/claims.h"
#include "bench/output/schema.h"

/* Their columns (schema.h), as scripts/bench.sh writes them. */
#define GB_NOTRUN_COLUMNS(X)                                              \
	/* The line of the suite file; 0 for the adaptive phase. */       \
	X(LINE, "line", line, COUNT, 0, 1e9, COLF_REQ)                    \
	X(STATUS, "status", status, COUNT, 0, 1e9, COLF_REQ) /* exit */   \
	/* Comma lists; blank for a shell command. */                     \
	X(WORKLOADS, "workloads", workloads, TEXT, 0, 0, 0)               \
	X(KINDS, "kinds", kinds, TEXT, 0, 0, 0)                           \
	X(MODES, "modes", modes, TEXT, 0, 0, 0)                           \
	X(COMMAND, "command", command, TEXT, 0, 0, COLF_REQ)              \
	X(STDERR, "stderr", stderr_line, TEXT, 0, 0, 0) /* its last line */
#define GB_PHASES_COLUMNS(X)                                              \
	X(PHASE, "phase", phase, TEXT, 0, 0, COLF_REQ)                    \
	X(SECONDS, "seconds", seconds, REAL, 0, 1e7, COLF_REQ)            \
	X(DETAIL, "detail", detail, TEXT, 0, 0, 0)

/* Their schemas, for bind.h. */
extern const struct csv_schema notrun_csv, phases_csv;

struct runlog_notrun {
	unsigned line;		/* in the suite file; 0 for the adaptive phase */
	int status;		/* the exit status */
	char *workloads;	/* comma lists; "" for a shell command */
	char *kinds;
	char *modes;
	char *command;
	char *err;		/* the last line it wrote on stderr */
};

struct runlog_phase {
	char *name;
	double seconds;
	char *detail;
};

struct runlog {
	struct runlog_notrun *notrun;
	size_t nnotrun;
	struct runlog_phase *phases;
	size_t nphases;
};

/* Read dir/notrun.csv and dir/phases.csv into *log (absent files are
 * empty). 0, or -EINVAL with "FILE:LINE: what" in err. */
int runlog_load(struct runlog *log, const char *dir, char *err,
		size_t errlen);
void runlog_free(struct runlog *log);

/* Whether the line could have fed claim c: it ran one of the workloads
 * or kinds the claim reads, in one of its modes. */
int runlog_fed(const struct runlog_notrun *n, const struct claim *c);
/* Say in each verdict which lines that fed it did not run. */
void runlog_attach(const struct runlog *log, struct claim_result *res);

#endif
