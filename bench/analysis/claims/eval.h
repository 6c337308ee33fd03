/*
 * eval.h - what the claims' evaluators share (the files of claims/): the
 * one test of an interval against a bound (judge.c), the tally that turns
 * the items of a claim into its verdict and reason, the pickers that find
 * the cells a test reads (pick.c), and the evaluators themselves, one file
 * per family of claims:
 *
 *   cpu.c    C1 C2 C3 C12 C13   CPU-bound speedups
 *   io.c     C4 C5 C11 C14      I/O-bound work, the event loop, the convoy
 *   cost.c   C6 C7 C8 C10       what a pool costs
 *   race.c   C9                 lost updates
 *   scale.c  C15 C16            beyond the machine's cores
 *
 * The table of claims that binds them is table.c.
 *
 * Every test reads an interval, never a point: a claim is a list of items
 * (a workload, a mode), each an interval judged against a bound or a band
 * (claim_item); the claim is reproduced when every item is, contradicted
 * when one is (the reason says which, and which were reproduced), and
 * inconclusive otherwise, with the undecided item's cell, interval and
 * what would decide it (claim_conclude).
 */
#ifndef GB_CLAIMS_EVAL_H
#define GB_CLAIMS_EVAL_H

#include <math.h>
#include <stdio.h>

#include "bench/analysis/claims/claims.h"
#include "bench/core/util.h"

#define MAX_WL 64

/* Append to a field of the result, "; " between items; or set it. */
#define ADD(field, ...) gb_appendf(r->field, sizeof(r->field), "; ", __VA_ARGS__)
#define SET(field, ...) snprintf(r->field, sizeof(r->field), __VA_ARGS__)

/* How an interval is judged: against one bound (the claim's side above
 * or below it), or a band [bound, bound2] the interval must lie inside.
 * Whether touching the bound counts is the claim's, as CLAIMS.md writes
 * it ("lo(S) >= 0.8 K" touches; "hi(S) < 1.10" does not). */
struct claim_test {
	double bound, bound2;	/* bound2: NAN for a one-sided test */
	int above;		/* one-sided: the claim's side is above */
	int rep_incl;		/* touching from the claim's side reproduces */
	int con_incl;		/* touching from the other side contradicts */
};
/* reproduced when lo >= b (ri) or lo > b; contradicted when hi <= b (ci)
 * or hi < b. */
#define TEST_ABOVE(b, ri, ci) ((struct claim_test){ (b), NAN, 1, (ri), (ci) })
/* reproduced when hi <= b (ri) or hi < b; contradicted when lo >= b (ci)
 * or lo > b. */
#define TEST_BELOW(b, ri, ci) ((struct claim_test){ (b), NAN, 0, (ri), (ci) })
/* reproduced when a <= lo and hi <= b; contradicted when hi < a or
 * lo > b. */
#define TEST_BAND(a, b) ((struct claim_test){ (a), (b), 0, 1, 0 })

/* +1: the interval is on the claim's side (reproduced); -1: wholly on
 * the other (contradicted); 0: it straddles (or is not a number). */
int claim_judge(const struct sum_iv *iv, const struct claim_test *t);

/* v with the fewest decimals (2 to 6) that keep its relation (<, =, >)
 * to each bound of t as it is unrounded: never "0.80 < 0.8". */
void claim_num(char *buf, size_t len, double v, const struct claim_test *t);
/* "point [lo, hi]" the same way. */
void claim_iv_text(char *buf, size_t len, const struct sum_iv *iv,
		   const struct claim_test *t);

/* The items of one claim so far. */
struct tally {
	unsigned n, rep, con, inc;
	char rep_names[240];	/* the items reproduced, by name */
	char con_text[480];	/* the contradicting items, with intervals */
	char inc_text[560];	/* the first undecided item and its remedy */
	char inc_more[160];	/* the others undecided, by name */
};

/* Judge one item of claim r: `what` names its cell ("sieve, fork at
 * W=2"), `label` the figure ("S/K"); iv is judged by t and written to the
 * interval field; an undecided one records cells[0..ncells) (and the
 * calibration when capacity) as what would decide it. Returns
 * claim_judge's answer. */
int claim_item(struct claim_result *r, struct tally *ty,
	       const struct claim_ctx *ctx, const char *what,
	       const char *label, const struct sum_iv *iv,
	       const struct claim_test *t, const struct sum_cell *const *cells,
	       size_t ncells, int capacity);
/* The verdict from the tally: contradicted if an item is, inconclusive
 * if one is undecided, else reproduced with the reason fmt (the others
 * compose theirs from the items). */
enum verdict claim_conclude(struct claim_result *r, const struct tally *ty,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Set the verdict and its reason; returns the verdict. */
enum verdict claim_verdict(struct claim_result *r, enum verdict v,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "not measured": no verified rows of mode, or none for `what`. */
enum verdict claim_not_measured(struct claim_result *r,
				const struct summary *s, const char *mode,
				const char *what);

/* A cell's speedup figure: "sieve 1.97x (W=2)" into the figure field. */
void claim_add_speedup(struct claim_result *r, const char *wl,
		       const struct sum_cell *c);

/* The workloads of one kind, in display order; returns how many. */
size_t pick_workloads(const struct summary *s, enum sum_kind kind,
		      const char **out);
int pick_has_workload(const struct summary *s, const char *wl);
/* mode's cell of wl's main series at W = cores, or at the largest
 * worker count below it that was measured. */
const struct sum_cell *pick_at_cores(const struct claim_ctx *ctx,
				     const char *wl, const char *mode);
/* A cell of wl and mode in any series, with verified repetitions, that
 * score() likes best (higher wins; a score < 0 rejects). */
const struct sum_cell *pick_best(const struct summary *s, const char *wl,
				 const char *mode,
				 double (*score)(const struct sum_cell *));
/* A cell at the default switch interval (or none), whatever its task
 * count: the convoy workload has one task per worker. */
const struct sum_cell *pick_any_tasks(const struct summary *s,
				      const char *wl, const char *mode,
				      unsigned workers);
/* The median of a cell's values with its interval, as a sum_iv. */
struct sum_iv pick_median_iv(const struct sum_cell *c, const double *x);

enum verdict eval_c1(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c2(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c3(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c4(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c5(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c6(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c7(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c8(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c9(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c10(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c11(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c12(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c13(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c14(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c15(const struct claim_ctx *ctx, struct claim_result *r);
enum verdict eval_c16(const struct claim_ctx *ctx, struct claim_result *r);

#endif
