/*
 * adapt.h - the adaptive phase of make bench (`bench adapt RUN`): after
 * the suite, the cells that feed an inconclusive verdict get more
 * interleaved repetitions, round after round, until the verdict resolves
 * or the budget is spent (scripts/bench.sh runs the rounds). Each call
 * judges the claims on the run so far and prints the bin/bench
 * invocations of the next round, in the plan format of core/suite.h:
 *
 *   run<TAB>0<TAB>EST_S<TAB>WORKLOADS<TAB>KINDS<TAB>MODES<TAB>ARGS...
 *
 * The cells of one comparison go into one invocation, so they run back
 * to back in every round and pair; each invocation keeps the options of
 * the suite line that made its cells (from the CSV's .meta sidecar).
 */
#ifndef GB_ADAPT_H
#define GB_ADAPT_H

#include <stdio.h>

#include "bench/analysis/claims/claims.h"

/* Repetitions per invocation in one round at least (up to twice as many
 * when the spread of the claims' intervals says so), unless the
 * budget says fewer. */
#define ADAPT_REPS 4

/* Print the next round's invocations to out (nothing when no verdict is
 * inconclusive, or when no invocation fits in budget_s seconds) and one
 * line on err saying which claims they are for. Returns how many. */
int adapt_plan(FILE *out, FILE *err, const struct model *m,
	       const struct claim_result *res, const char *meta_path,
	       double budget_s, unsigned reps);

#endif
