/*
 * eval.h - what the claims' evaluators share (the files of claims/): the helpers
 * that fill a result, the pickers that find the cells a test reads, and
 * the evaluators themselves, one file per family of claims:
 *
 *   cpu.c    C1 C2 C3 C12 C13   CPU-bound speedups
 *   io.c     C4 C5 C11 C14      I/O-bound work, the event loop, the convoy
 *   cost.c   C6 C7 C8 C10       what a pool costs
 *   race.c   C9                 lost updates
 *   scale.c  C15 C16            beyond the machine's cores
 *
 * The table of claims that binds them is table.c.
 */
#ifndef GB_CLAIMS_EVAL_H
#define GB_CLAIMS_EVAL_H

#include <stdio.h>

#include "bench/analysis/claims/claims.h"
#include "bench/core/util.h"

#define MAX_WL 64

/* Append to a field of the result, "; " between items; or set it. */
#define ADD(field, ...) gb_appendf(r->field, sizeof(r->field), "; ", __VA_ARGS__)
#define SET(field, ...) snprintf(r->field, sizeof(r->field), __VA_ARGS__)

/* A workload's speedup interval; its speedup as the figure too: the
 * common line of the per-workload claims. */
void claim_add_interval(struct claim_result *r, const char *wl,
			const struct sum_cell *c);
void claim_add_speedup(struct claim_result *r, const char *wl,
		       const struct sum_cell *c);
/* Set the verdict and its reason; returns the verdict. */
enum verdict claim_verdict(struct claim_result *r, enum verdict v,
			   const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* "not measured": no verified rows of mode, or none for `what`. */
enum verdict claim_not_measured(struct claim_result *r,
				const struct summary *s, const char *mode,
				const char *what);

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
