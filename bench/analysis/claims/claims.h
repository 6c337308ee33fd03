/*
 * claims.h - the claims of the popular Python articles that the report
 * checks, as typed data: one const entry per claim (table.c) with the
 * articles that make it, the kinds, workloads and modes it reads, the
 * test it applies (struct claim_test: a bound, a side, what is tested),
 * from which its test sentence is made, the charts that show its
 * evidence, and the evaluator that judges it from the run's model.
 *
 * An evaluator sees nothing but the model of the run and the machine
 * facts of the context, so every verdict comes from the numbers of that
 * run. One that lacks its cells says "not measured" and why.
 */
#ifndef GB_CLAIMS_H
#define GB_CLAIMS_H

#include <stddef.h>

#include "bench/analysis/charts/ids.h"
#include "bench/analysis/model/model.h"
#include "bench/core/text.h"

#define GB_CLAIM_IDS(X) X(C1) X(C2) X(C3) X(C4) X(C5) X(C6) X(C7) X(C8) \
	X(C9) X(C10) X(C11) X(C12) X(C13) X(C14) X(C15) X(C16)

enum claim_id {
#define CLAIM_ENUM(id) CLAIM_##id,
	GB_CLAIM_IDS(CLAIM_ENUM)
#undef CLAIM_ENUM
	CLAIM__COUNT
};

/* Three verdicts and "not measured" (CLAIMS.md): reproduced when the
 * whole 95% interval lies on the claim's side of the bound, contradicted
 * when it lies wholly on the other side, inconclusive when it straddles
 * the bound (this run's noise cannot decide). Noise alone never makes a
 * verdict "contradicted". */
enum verdict { VERDICT_REPRODUCED, VERDICT_CONTRADICTED,
	       VERDICT_INCONCLUSIVE, VERDICT_NOT_MEASURED, VERDICT__COUNT };

/* Everything said of a verdict, in one place. */
struct verdict_info {
	const char *name;	/* "reproduced" */
	const char *mark;	/* beside it, so it does not rest on colour */
	const char *css;	/* its class in the page */
	const char *gloss;	/* what it means, for the glossary */
};
extern const struct verdict_info verdict_info[VERDICT__COUNT];

/* How an interval is judged: against one bound (the claim's side above
 * or below it), or a band [bound, bound2] it must lie inside; TEST_WORDS
 * for a test that is not one interval (a count, a crossover), said in
 * `of`. Whether touching the bound counts is the claim's, as CLAIMS.md
 * writes it ("lo(S) >= 0.8 K" touches; "hi(S) < 1.10" does not). */
enum test_side { TEST_ABOVE, TEST_BELOW, TEST_BAND, TEST_WORDS };
struct claim_test {
	enum test_side side;
	double bound, bound2;
	int rep_incl;		/* touching from the claim's side reproduces */
	int con_incl;		/* touching from the other side contradicts */
	const char *label;	/* the figure, as intervals name it: "S" */
	/* What is tested, "the speedup S of gil over seq at W = cores,
	 * every CPU workload" ("W = cores" is said with the run's core
	 * count); the whole test for TEST_WORDS. */
	const char *of;
};
#define CLAIM_TESTS_MAX 3

/* reps_need of a verdict whose median sits on its bound. */
#define CLAIM_HOPELESS 0xffffffffu
/* From this many repetitions a median on its bound is taken as where
 * the value is (CLAIM_HOPELESS); from fewer, more are asked for. */
#define CLAIM_SETTLED_REPS 15u
/* The most cells an inconclusive verdict names as what would decide it. */
#define CLAIM_MAX_NEEDS 24

struct claim_result {
	enum verdict verdict;
	struct text figure;	/* the measured figure(s) */
	struct text interval;	/* their 95% intervals */
	struct text test;	/* the test as applied (with W etc.) */
	struct text reason;	/* why this verdict, with numbers */
	/* What we add beside the verdict, measured and explained: a
	 * condition of ours the articles did not state, never the reason
	 * of the verdict (CLAIMS.md). */
	struct text finding;
	unsigned reps;		/* the fewest repetitions behind an interval
				   the test read (0: none) */
	unsigned reps_max;	/* the most */
	unsigned reps_need;	/* inconclusive: about how many repetitions
				   in all would decide it (0: unknown;
				   CLAIM_HOPELESS: its median sits on the
				   bound) */
	int busy;		/* load is (part of) the reason */
	/* Inconclusive: the cells more repetitions of which would decide
	 * it, and whether they need the calibration beside them. */
	const struct cell *needs[CLAIM_MAX_NEEDS];
	size_t nneeds;
	int needs_capacity;
};
void claim_result_free(struct claim_result *r);

/* Every article makes it. */
#define ARTICLES_ALL 0x1fu

struct claim;

struct claim_ctx {
	const struct model *m;
	const struct claim *claim;	/* the one being judged */
	long cores;		/* of the machine the run was made on */
	int hostfile;		/* some verified mpi run used several hosts */
	struct iv k;		/* the capacity K; point NAN without one */
};
void claim_ctx_init(struct claim_ctx *ctx, const struct model *m,
		    long cores, int hostfile);

struct claim {
	enum claim_id id;
	const char *name;	/* "C1" */
	const char *text;	/* the claim, as the articles put it */
	/* Which articles make it: bit k is article 00k (report/glossary.c);
	 * 0 for a claim beyond them. */
	unsigned articles;
	const char *measure;	/* what is measured */
	/* What it reads, to know which suite lines fed it: the kinds
	 * (a mask of 1 << enum kind; 0 none), or workloads by name (a
	 * claim about one measurement), and the modes; NULL is any. */
	unsigned kinds;
	const char *const *workloads, *const *modes;
	struct claim_test tests[CLAIM_TESTS_MAX];
	unsigned charts;	/* CHART_BIT()s of its evidence */
	/* Fill r's figure, interval and reason; return the verdict. */
	enum verdict (*eval)(const struct claim_ctx *ctx,
			     struct claim_result *r);
	unsigned needs;		/* CLAIM_NEEDS_PARALLEL, CLAIM_NO_SPEEDUP,
				   CLAIM_BY_K: what the claim asks of the
				   machine */
};

/* A claim about running at once: "not measured here" on fewer than 2
 * usable cores, or where the run got a capacity K below CLAIM_MIN_K
 * (CLAIMS.md, "What a machine can show"): C2, C3, C13, C14, and C6,
 * whose crossover is where a pool starts to win by running at once (on
 * one core it never does, and no longer sweep would change that). */
#define CLAIM_NEEDS_PARALLEL 0x1u
/* A claim of no speedup (C1, C12): where nothing can run at once it is
 * still the articles' statement, true there, and judged; its reason
 * then says that no mode could have been faster on that machine, so a
 * student does not read the machine's limit as the GIL's or the loop's
 * doing. */
#define CLAIM_NO_SPEEDUP 0x2u
/* A scaling claim judged against the capacity K the machine delivered
 * as well as its core count (C2, C3, C15): the report names them beside
 * K. */
#define CLAIM_BY_K 0x4u
#define CLAIM_MIN_K 1.5

/* What keeps a machine from running anything at once, if anything: fewer
 * than 2 usable cores, or a capacity K below CLAIM_MIN_K (NAN: not
 * measured, which keeps nothing). The one rule for the verdicts and for
 * the report's sentences about them. */
enum parallel { PARALLEL_YES, PARALLEL_ONE_CORE, PARALLEL_LOW_K };
enum parallel claim_parallel(long cores, double k);

extern const struct claim gb_claims[CLAIM__COUNT];

/* Judge one claim: its test sentence, then its evaluator. */
void claim_eval(const struct claim *c, const struct claim_ctx *ctx,
		struct claim_result *r);

#endif
