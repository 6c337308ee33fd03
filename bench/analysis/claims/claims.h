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

/* Three verdicts and "not measured" (CLAIMS.md): reproduced when the
 * whole 95% interval lies on the claim's side of the bound, contradicted
 * when it lies wholly on the other side, inconclusive when it straddles
 * the bound (this run's noise cannot decide). Noise alone never makes a
 * verdict "contradicted". */
enum verdict { VERDICT_REPRODUCED, VERDICT_CONTRADICTED,
	       VERDICT_INCONCLUSIVE, VERDICT_NOT_MEASURED, VERDICT__COUNT };

/* reps_need of a verdict whose median sits on its bound. */
#define CLAIM_HOPELESS 0xffffffffu
/* From this many repetitions a median on its bound is taken as where
 * the value is (CLAIM_HOPELESS); from fewer, more repetitions are asked
 * for: five noisy ones place a median no better than their interval. */
#define CLAIM_SETTLED_REPS 15u

/* The most cells an inconclusive verdict names as what would decide it. */
#define CLAIM_MAX_NEEDS 24

struct claim_result {
	enum verdict verdict;
	char figure[640];	/* the measured figure(s), "" if none */
	char interval[640];	/* their 95% intervals, "" if none */
	char test[320];		/* the test as applied (with W etc.) */
	char reason[900];	/* why this verdict, with numbers */
	unsigned reps;		/* the fewest repetitions behind an interval
				   the test read (0: none) */
	unsigned reps_max;	/* the most (more where the adaptive phase
				   added some) */
	unsigned reps_need;	/* inconclusive: about how many repetitions
				   in all would decide it at this spread (0:
				   unknown; CLAIM_HOPELESS: its median sits
				   on the bound, so more repetitions of the
				   same would hardly do) */
	int busy;		/* an undecided interval came from busy
				   repetitions: load is (part of) the reason */
	/* Inconclusive: the cells more repetitions of which would decide
	 * it (pointers into the summary), and whether they need the
	 * calibration beside them (--capacity). */
	const struct sum_cell *needs[CLAIM_MAX_NEEDS];
	size_t nneeds;
	int needs_capacity;
};

struct claim_ctx {
	const struct summary *s;
	long cores;		/* of the machine the run was made on */
	int hostfile;		/* some verified mpi run used several hosts */
	/* The capacity K (summary_capacity): point NAN without a
	 * calibration in the run. */
	struct sum_iv k;
};

/* Fill in what the evaluators take from the summary besides it: the
 * capacity. cores and hostfile are the caller's. */
void claim_ctx_init(struct claim_ctx *ctx, const struct summary *s,
		    long cores, int hostfile);

struct claim {
	const char *id;		/* "C1" */
	const char *text;	/* the claim, as the articles put it */
	const char *seeds;	/* which articles make it */
	const char *measure;	/* what is measured */
	/* Fill r (figure, interval, test, reason); return the verdict. */
	enum verdict (*eval)(const struct claim_ctx *ctx,
			     struct claim_result *r);
	/* What the claim reads, to know which suite lines fed it: the
	 * workloads' kinds (comma list) or the workloads by name (a claim
	 * about one measurement), and the modes; NULL is any. */
	const char *kinds, *workloads, *modes;
};

extern const struct claim gb_claims[];
extern const size_t gb_nclaims;

/* "reproduced", "contradicted", "inconclusive", "not measured". */
const char *verdict_name(enum verdict v);

/* Judge one claim. */
void claim_eval(const struct claim *c, const struct claim_ctx *ctx,
		struct claim_result *r);

#endif
