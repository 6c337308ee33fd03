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

struct runlog_notrun {
	unsigned line;		/* in the suite file; 0 for the adaptive phase */
	int status;		/* the exit status */
	char workloads[256];	/* comma lists; "" for a shell command */
	char kinds[128];
	char modes[256];
	char command[1024];
	char err[512];		/* the last line it wrote on stderr */
};

struct runlog_phase {
	char name[32];
	double seconds;
	char detail[160];
};

#define RUNLOG_MAX_PHASES 8

struct runlog {
	struct runlog_notrun *notrun;
	size_t nnotrun;
	struct runlog_phase phases[RUNLOG_MAX_PHASES];
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
void runlog_attach(const struct runlog *log, const struct claim *claims,
		   size_t nclaims, struct claim_result *res);

#endif
