/*
 * claims.h - the claims of the popular Python articles that the report
 * checks, one const table entry per claim (C1..C16), each with the
 * function that judges it from a finished summary.
 *
 * An evaluator never sees anything but the summary of the run (and the
 * machine facts in the context), so every verdict comes from the numbers
 * of that run. One that lacks its rows says "not measured" and why.
 * Adding the measurement of a claim later means filling in its function;
 * the table, the report and the tests pick it up.
 */
#ifndef GB_CLAIMS_H
#define GB_CLAIMS_H

#include <stddef.h>

#include "bench/analysis/summary.h"

enum verdict { VERDICT_REPRODUCED, VERDICT_NOT_REPRODUCED,
	       VERDICT_NOT_MEASURED };

struct claim_result {
	enum verdict verdict;
	char figure[640];	/* the measured figure(s), "" if none */
	char interval[640];	/* their 95% intervals, "" if none */
	char test[320];		/* the test as applied (with W etc.) */
	char reason[640];	/* why this verdict, with numbers */
};

struct claim_ctx {
	const struct summary *s;
	long cores;		/* of the machine the run was made on */
	int hostfile;		/* some verified mpi run used several hosts */
};

struct claim {
	const char *id;		/* "C1" */
	const char *text;	/* the claim, as the articles put it */
	const char *seeds;	/* which articles make it */
	const char *measure;	/* what is measured */
	/* Fill r (figure, interval, test, reason); return the verdict. */
	enum verdict (*eval)(const struct claim_ctx *ctx,
			     struct claim_result *r);
};

extern const struct claim gb_claims[];
extern const size_t gb_nclaims;

/* "reproduced", "not reproduced", "not measured". */
const char *verdict_name(enum verdict v);

/* Judge one claim. */
void claim_eval(const struct claim *c, const struct claim_ctx *ctx,
		struct claim_result *r);

#endif
