/*
 * eval.h - what the claims' evaluators share (the files of claims/): the
 * one test of an interval against a bound and the tally that turns the
 * items of a claim into its verdict and reason (judge.c), the pickers
 * that find the cells a test reads (pick.c), and the evaluators, one file
 * per family of claims:
 *
 *   cpu.c    C1 C2 C3 C12 C13   CPU-bound speedups
 *   io.c     C4 C5 C11 C14      I/O-bound work, the event loop, the convoy
 *   cost.c   C6 C7 C8 C10       what a pool costs
 *   race.c   C9                 lost updates
 *   scale.c  C15 C16            beyond the machine's cores
 *
 * The table that binds them is table.c.
 *
 * Every test reads an interval, never a point: a claim is a list of items
 * (a workload, a mode), each an interval judged against one of the
 * claim's tests (claim_item); the claim is reproduced when every item
 * is, contradicted when one is (the reason says which, and which were
 * reproduced), and inconclusive otherwise, with the undecided item's
 * cell, interval and what would decide it (claim_conclude).
 */
#ifndef GB_CLAIMS_EVAL_H
#define GB_CLAIMS_EVAL_H

#include <math.h>
#include <stdio.h>

#include "bench/analysis/claims/claims.h"
#include "bench/analysis/model/modes.h"
#include "bench/core/util.h"

#define MAX_WL 64

/* Append to a text of the result, "; " between items; or set it. */
#define ADD(field, ...) text_addf(&r->field, "; ", __VA_ARGS__)
#define SET(field, ...) text_setf(&r->field, __VA_ARGS__)

/* The claim's k-th test (table.c). */
#define TEST(ctx, k) (&(ctx)->claim->tests[k])

/* +1: the interval is on the claim's side (reproduced); -1: wholly on
 * the other (contradicted); 0: it straddles (or is not a number). */
int claim_judge(const struct iv *iv, const struct claim_test *t);

/* v with the fewest decimals (2 to 9) that keep its relation (<, =, >)
 * to each bound of t as it is unrounded: never "0.80 < 0.8". */
void claim_num(char *buf, size_t len, double v, const struct claim_test *t);
/* "point [lo, hi]" the same way. */
void claim_iv_text(char *buf, size_t len, const struct iv *iv,
		   const struct claim_test *t);

/* The items of one claim so far. */
struct tally {
	unsigned n, rep, con, inc;
	struct text rep_names;	/* the items reproduced, by name */
	struct text con_text;	/* the contradicting items, with intervals */
	struct text inc_text;	/* the first undecided item and its remedy */
	struct text inc_more;	/* the others undecided, by name */
};

/* Judge one item of claim r: `what` names its cell ("sieve, fork at
 * W=2"); iv is judged by t (its label names the figure) and written to
 * the interval field; an undecided one records cells[0..ncells) (and the
 * calibration when capacity) as what would decide it. Returns
 * claim_judge's answer. */
int claim_item(struct claim_result *r, struct tally *ty,
	       const struct claim_ctx *ctx, const char *what,
	       const struct iv *iv, const struct claim_test *t,
	       const struct cell *const *cells, size_t ncells, int capacity);
/* The same for one cell's figure iv (its speedup, or a figure of it),
 * named by cell_name(), decided by more of it and its baseline. */
int claim_cell_item(struct claim_result *r, struct tally *ty,
		    const struct claim_ctx *ctx, const struct cell *c,
		    const struct iv *iv, const struct claim_test *t,
		    int capacity);
void tally_free(struct tally *ty);
/* The verdict from the tally (freed): contradicted if an item is,
 * inconclusive if one is undecided, else reproduced with the reason fmt
 * (the others compose theirs from the items). */
enum verdict claim_conclude(struct claim_result *r, struct tally *ty,
			    const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Set the verdict and its reason; returns the verdict. */
enum verdict claim_verdict(struct claim_result *r, enum verdict v,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "not measured": no verified rows of mode, or none for `what`. */
enum verdict claim_not_measured(struct claim_result *r,
				const struct model *m, const char *mode,
				const char *what);
/* Name cell c as one whose repetitions would decide r. */
void claim_needs(struct claim_result *r, const struct cell *c);

/* A cell's speedup figure: "sieve 1.97x (W=2)" into the figure field. */
void claim_add_speedup(struct claim_result *r, const struct cell *c);
/* "sieve, gil at W=2" */
void cell_name(char *buf, size_t len, const struct cell *c);

/* The workloads of one kind, in display order; returns how many. */
size_t pick_workloads(const struct model *m, enum kind kind,
		      const char **out);
/* mode's cell of wl's main series at W = cores, or at the most workers
 * below it that was measured. */
const struct cell *pick_at_cores(const struct claim_ctx *ctx,
				 const char *wl, const char *mode);
/* A measured cell of wl and mode in any series that score() likes best
 * (higher wins; a score < 0 rejects). */
const struct cell *pick_best(const struct model *m, const char *wl,
			     const char *mode,
			     double (*score)(const struct cell *));
/* The measured cell of wl, mode and workers, at the default mode
 * options if there is one, whatever its task count and series. */
const struct cell *pick_workers(const struct model *m, const char *wl,
				const char *mode, unsigned workers);

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
