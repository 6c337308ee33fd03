/*
 * claims/judge.c - see eval.h: the one test of an interval against a
 * bound, the numbers printed so that their relation to the bound reads
 * true, the test sentence made from a claim's tests, and the tally that
 * turns a claim's items into its verdict and its reason.
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const struct verdict_info verdict_info[VERDICT__COUNT] = {
	[VERDICT_REPRODUCED] = { "reproduced", "\u2713", "v-reproduced",
		"This run's figures agree with the claim, by the test in its "
		"row" },
	[VERDICT_CONTRADICTED] = { "contradicted", "\u2717",
		"v-contradicted", "The whole interval lies on the other side "
		"of the claim's bound: the claim does not hold here" },
	[VERDICT_INCONCLUSIVE] = { "inconclusive", "?", "v-inconclusive",
		"The interval straddles the bound: this run's noise cannot "
		"decide; the reason says what would" },
	[VERDICT_NOT_MEASURED] = { "not measured", "\u2013",
		"v-not-measured", "The run lacks the measurements, or the "
		"machine cannot show the claim (one usable core, too little "
		"capacity); the reason says which, in numbers" },
};

void claim_ctx_init(struct claim_ctx *ctx, const struct model *m,
		    long cores, int hostfile)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->m = m;
	ctx->cores = cores;
	ctx->hostfile = hostfile;
	model_capacity(m, &ctx->k, NULL, NULL);
}

void claim_result_free(struct claim_result *r)
{
	text_free(&r->figure);
	text_free(&r->interval);
	text_free(&r->test);
	text_free(&r->reason);
	text_free(&r->finding);
}

int claim_judge(const struct iv *iv, const struct claim_test *t)
{
	double lo = iv->lo, hi = iv->hi, b = t->bound;
	/* Where a one-sided test is contradicted (CLAIMS.md's C8: lo > 2
	 * reproduces, hi <= 1 contradicts; between is undecided). */
	double cb = isnan(t->bound2) ? b : t->bound2;

	if (isnan(lo) || isnan(hi) || lo > hi)
		return 0;
	switch (t->side) {
	case TEST_BAND:
		if (t->bound <= lo && hi <= t->bound2)
			return 1;
		return hi < t->bound || lo > t->bound2 ? -1 : 0;
	case TEST_ABOVE:
		if (t->rep_incl ? lo >= b : lo > b)
			return 1;
		return (t->con_incl ? hi <= cb : hi < cb) ? -1 : 0;
	case TEST_BELOW:
		if (t->rep_incl ? hi <= b : hi < b)
			return 1;
		return (t->con_incl ? lo >= cb : lo > cb) ? -1 : 0;
	default:
		return 0;
	}
}

static int sign(double x)
{
	return (x > 0) - (x < 0);
}

void claim_num(char *buf, size_t len, double v, const struct claim_test *t)
{
	const double b[2] = { t ? t->bound : NAN, t ? t->bound2 : NAN };
	int p = 2;

	if (isnan(v)) {
		snprintf(buf, len, "-");
		return;
	}
	/* Two significant digits at least for small values. */
	if (v != 0 && fabs(v) < 0.1)
		p = 1 + (int)ceil(-log10(fabs(v)));
	if (p > 9)
		p = 9;
	for (;; p++) {
		int ok = 1;
		double back;

		snprintf(buf, len, "%.*f", p, v);
		back = strtod(buf, NULL);
		for (int i = 0; i < 2; i++)
			if (!isnan(b[i]) && sign(back - b[i]) != sign(v - b[i]))
				ok = 0;
		if (ok || p >= 9)
			return;
	}
}

void claim_iv_text(char *buf, size_t len, const struct iv *iv,
		   const struct claim_test *t)
{
	char a[48], lo[48], hi[48];

	claim_num(a, sizeof(a), iv->point, t);
	claim_num(lo, sizeof(lo), iv->lo, t);
	claim_num(hi, sizeof(hi), iv->hi, t);
	snprintf(buf, len, "%s [%s, %s]", a, lo, hi);
}

/* "0.8", or "[0.9, 1.1]" for a band; con: where a one-sided test is
 * contradicted. */
static void bound_text(char *buf, size_t len, const struct claim_test *t,
		       int con)
{
	char a[48], b[48];

	claim_num(a, sizeof(a), con && t->side != TEST_BAND &&
		  !isnan(t->bound2) ? t->bound2 : t->bound, NULL);
	if (t->side != TEST_BAND) {
		snprintf(buf, len, "%s", a);
		return;
	}
	claim_num(b, sizeof(b), t->bound2, NULL);
	snprintf(buf, len, "[%s, %s]", a, b);
}

/* One test in words: "lo(S) >= 8 for the speedup S of ... /
 * contradicted when hi(S) < 8", "W = cores" said as the run's count. */
static void test_sentence(struct text *out, const struct claim_test *t,
			  long cores)
{
	const char *w = strstr(t->of, "W = cores");
	char b[96], cb[96], of[600];

	if (w)
		snprintf(of, sizeof(of), "%.*sW = %ld%s", (int)(w - t->of),
			 t->of, cores, w + strlen("W = cores"));
	else
		snprintf(of, sizeof(of), "%s", t->of);
	bound_text(b, sizeof(b), t, 0);
	bound_text(cb, sizeof(cb), t, 1);
	switch (t->side) {
	case TEST_ABOVE:
		text_addf(out, "; ", "lo(%s) %s %s for %s / contradicted when "
			  "hi(%s) %s %s", t->label, t->rep_incl ? ">=" : ">",
			  b, of, t->label, t->con_incl ? "<=" : "<", cb);
		break;
	case TEST_BELOW:
		text_addf(out, "; ", "hi(%s) %s %s for %s / contradicted when "
			  "lo(%s) %s %s", t->label, t->rep_incl ? "<=" : "<",
			  b, of, t->label, t->con_incl ? ">=" : ">", cb);
		break;
	case TEST_BAND:
		text_addf(out, "; ", "the interval of %s inside %s for %s / "
			  "contradicted when wholly outside", t->label, b,
			  of);
		break;
	case TEST_WORDS:
		text_addf(out, "; ", "%s", of);
		break;
	}
}

enum parallel claim_parallel(long cores, double k)
{
	if (cores < 2)
		return PARALLEL_ONE_CORE;
	if (k < CLAIM_MIN_K)
		return PARALLEL_LOW_K;
	return PARALLEL_YES;
}

/* Whether the machine can show parallelism, decided once for every
 * claim that depends on it; mc gets the machine in words for the reason.
 * A claim about running at once judged where nothing can run at once
 * would be reproduced or contradicted by the machine, not by the
 * articles. */
static enum parallel parallel_here(const struct claim_ctx *ctx, char *mc,
				   size_t len)
{
	machine_describe(model_machine(ctx->m), mc, len);
	return claim_parallel(ctx->cores, ctx->k.point);
}

/* A claim about parallelism on such a machine: not measured, in numbers. */
static void not_measured_here(const struct claim_ctx *ctx, enum parallel p,
			      const char *mc, struct claim_result *r)
{
	r->verdict = VERDICT_NOT_MEASURED;
	r->nneeds = 0;
	r->reps_need = 0;
	r->needs_capacity = 0;
	r->busy = 0;
	if (p == PARALLEL_ONE_CORE) {
		text_setf(&r->reason, "not measured here: %s, so nothing can "
			  "run in parallel on this machine", mc);
		if (!isnan(ctx->k.point))
			text_addf(&r->reason, NULL, " (K = %.2f)",
				  ctx->k.point);
		text_addf(&r->reason, NULL, "; run it where 2 or more cores "
			  "are usable");
	} else {
		text_setf(&r->reason, "not measured here: %s, but the run got "
			  "K = %.2f [%.2f, %.2f] of them (below %.1f): too "
			  "little capacity to show parallelism; run it again "
			  "when the machine is quieter", mc, ctx->k.point,
			  ctx->k.lo, ctx->k.hi, CLAIM_MIN_K);
	}
}

void claim_eval(const struct claim *c, const struct claim_ctx *ctx,
		struct claim_result *r)
{
	struct claim_ctx own = *ctx;
	char mc[160];
	enum parallel p = parallel_here(ctx, mc, sizeof(mc));

	memset(r, 0, sizeof(*r));
	own.claim = c;
	for (size_t k = 0; k < CLAIM_TESTS_MAX && c->tests[k].of; k++)
		test_sentence(&r->test, &c->tests[k], ctx->cores);
	r->verdict = c->eval(&own, r);
	if (r->reps > r->reps_max)
		r->reps_max = r->reps;
	if (p == PARALLEL_YES)
		return;
	/* The figures stay, as what was measured; the verdict is not the
	 * run's to give, and no repetition would change that (nor would
	 * the cells it lacks: the machine is the first reason). */
	if (c->needs & CLAIM_NEEDS_PARALLEL)
		not_measured_here(ctx, p, mc, r);
	else if ((c->needs & CLAIM_NO_SPEEDUP) &&
		 r->verdict == VERDICT_REPRODUCED && p == PARALLEL_ONE_CORE)
		text_addf(&r->reason, "; ", "but on this machine (%s) nothing "
			  "runs in parallel, so no mode could have been "
			  "faster: the machine alone would give the same", mc);
	else if ((c->needs & CLAIM_NO_SPEEDUP) &&
		 r->verdict == VERDICT_REPRODUCED)
		text_addf(&r->reason, "; ", "but the run got K = %.2f of %s, "
			  "too little to run in parallel, so no mode could "
			  "have been much faster: the machine alone would give "
			  "the same", ctx->k.point, mc);
}

/* The repetitions in all at which an interval as wide as iv's would no
 * longer reach past the bound nearest its point (the half-width shrinks
 * as one over the square root of the count); 0 when no count would (the
 * point is on the bound). */
static unsigned reps_to_decide(const struct iv *iv, const struct claim_test *t)
{
	double p = iv->point, d = INFINITY, h, need;
	const double b[2] = { t->bound, t->bound2 };

	for (int i = 0; i < 2; i++)
		if (!isnan(b[i]) && fabs(p - b[i]) < d)
			d = fabs(p - b[i]);
	if (!(d > 0) || isinf(d) || !iv->n)
		return 0;
	/* The half-width on the side of that bound. */
	h = 0;
	for (int i = 0; i < 2; i++)
		if (!isnan(b[i]) && fabs(p - b[i]) == d)
			h = b[i] < p ? p - iv->lo : iv->hi - p;
	if (!(h > d))
		return iv->n + 1;
	need = ceil((double)iv->n * (h / d) * (h / d));
	return need > 1e6 ? 1000000u : (unsigned)need;
}

void claim_needs(struct claim_result *r, const struct cell *c)
{
	size_t k;

	if (!c)
		return;
	for (k = 0; k < r->nneeds && r->needs[k] != c; k++)
		;
	if (k == r->nneeds && r->nneeds < CLAIM_MAX_NEEDS)
		r->needs[r->nneeds++] = c;
}

/* What would decide an undecided item: into remedy, and r's reps_need
 * and busy. */
static void remedy_of(struct claim_result *r, const struct claim_ctx *ctx,
		      const struct iv *iv, const struct claim_test *t,
		      double load, struct text *remedy)
{
	unsigned need = reps_to_decide(iv, t);
	int busy = model_busy(ctx->m, load);
	int far = !need || need > 1000;
	/* A median on its bound is news only from enough repetitions: from
	 * a few, the median itself is as uncertain as the interval is
	 * wide, and more can still move it off. */
	int settled = iv->n >= CLAIM_SETTLED_REPS;

	/* On a busy machine the median itself may be off: more repetitions
	 * once the load has gone can still decide. */
	if (r->reps_need == CLAIM_HOPELESS)
		;	/* another item already cannot move */
	else if (far && !busy && settled)
		r->reps_need = CLAIM_HOPELESS;
	else if (far) {
		if (iv->n + 8 > r->reps_need)
			r->reps_need = iv->n + 8;
	} else if (need > r->reps_need)
		r->reps_need = need;
	if (busy) {
		r->busy = 1;
		text_addf(remedy, NULL, "; the machine was busy (other programs "
			  "used %.2f of %ld core%s in those repetitions): a "
			  "quieter machine would decide it", load, ctx->cores,
			  GB_PLURAL(ctx->cores));
	} else if (need && need <= 1000) {
		text_addf(remedy, NULL, "; about %u repetitions in all, or a "
			  "quieter machine, would decide it", need);
		/* Wide though hardly anything else ran: the host's own speed
		 * varied (another guest on the same cores, its caches). */
		if (iv->hi > 1.3 * iv->lo && !isnan(iv->load))
			text_addf(remedy, NULL, " (its repetitions varied widely "
				  "while other programs used only %.2f cores: "
				  "the host's speed varied)", iv->load);
	} else if (!settled) {
		text_addf(remedy, NULL, "; its median sits near the bound after "
			  "only %u repetitions: more would place it", iv->n);
	} else {
		text_addf(remedy, NULL, "; its median sits so near the bound "
			  "that only many more repetitions could decide it");
	}
}

int claim_item(struct claim_result *r, struct tally *ty,
	       const struct claim_ctx *ctx, const char *what,
	       const struct iv *iv, const struct claim_test *t,
	       const struct cell *const *cells, size_t ncells, int capacity)
{
	char txt[160], bnd[128], cbnd[128], where[320];
	struct text remedy = { 0 };
	int v = claim_judge(iv, t), band = t->side == TEST_BAND;
	const char *label = t->label ? t->label : "";
	const char *sp = label[0] ? " " : "";
	/* The load of the item's repetitions, or the run's when they were
	 * too short to measure it (the convoy's 100 ms cells). */
	double load = isnan(iv->load) ? model_bg_load(ctx->m, NULL, NULL)
				      : iv->load;
	/* Noise never contradicts a claim, and neither does load: an
	 * interval wholly on the other side from busy repetitions says the
	 * other programs moved it, so it is inconclusive, with the load as
	 * its reason. */
	int busy_con = v < 0 && model_busy(ctx->m, load);
	const char *other_side = band ? "lies wholly outside"
				 : t->side == TEST_ABOVE ? "lies wholly below"
				 : "lies wholly above";

	claim_iv_text(txt, sizeof(txt), iv, t);
	bound_text(bnd, sizeof(bnd), t, 0);
	bound_text(cbnd, sizeof(cbnd), t, 1);
	text_addf(&r->interval, "; ", "%s: %s%s%s", what, label, sp, txt);
	ty->n++;
	if (iv->n && (!r->reps || iv->n < r->reps))
		r->reps = iv->n;
	if (iv->n > r->reps_max)
		r->reps_max = iv->n;
	if (v > 0) {
		ty->rep++;
		text_addf(&ty->rep_names, ", ", "%s", what);
		return v;
	}
	if (busy_con)
		v = 0;
	if (v < 0) {
		ty->con++;
		text_addf(&ty->con_text, "; ", "%s: %s%s%s %s %s", what, label,
			  sp, txt, other_side, cbnd);
		return v;
	}
	ty->inc++;
	for (size_t i = 0; i < ncells; i++)
		claim_needs(r, cells[i]);
	r->needs_capacity |= capacity;
	if (ty->inc > 1) {
		text_addf(&ty->inc_more, ", ", "%s", what);
		return v;
	}
	if (isnan(iv->lo)) {
		text_setf(&ty->inc_text, "%s: the %s has no interval (too few "
			  "verified repetitions)", what, label[0] ? label
			  : "figure");
		return v;
	}
	remedy_of(r, ctx, iv, t, load, &remedy);
	if (busy_con)
		snprintf(where, sizeof(where), "%s %s", other_side, cbnd);
	else if (band)
		snprintf(where, sizeof(where), "reaches outside %s", bnd);
	else if (strcmp(bnd, cbnd))
		/* Two bounds: between them neither side is decided. */
		snprintf(where, sizeof(where), "does not clear %s without "
			 "reaching %s", bnd, cbnd);
	else
		snprintf(where, sizeof(where), "straddles %s", bnd);
	text_setf(&ty->inc_text, "%s: %s%s%s %s after %u %srepetitions%s",
		  what, label, sp, txt, where, iv->n,
		  iv->paired ? "paired " : "", text_str(&remedy));
	text_free(&remedy);
	return v;
}

int claim_cell_item(struct claim_result *r, struct tally *ty,
		    const struct claim_ctx *ctx, const struct cell *c,
		    const struct iv *iv, const struct claim_test *t,
		    int capacity)
{
	const struct cell *need[] = { c->baseline, c };
	char what[128];

	cell_name(what, sizeof(what), c);
	return claim_item(r, ty, ctx, what, iv, t, need, 2, capacity);
}

void tally_free(struct tally *ty)
{
	text_free(&ty->rep_names);
	text_free(&ty->con_text);
	text_free(&ty->inc_text);
	text_free(&ty->inc_more);
}

enum verdict claim_conclude(struct claim_result *r, struct tally *ty,
			    const char *fmt, ...)
{
	va_list ap;

	if (ty->con) {
		r->verdict = VERDICT_CONTRADICTED;
		text_setf(&r->reason, "%s", text_str(&ty->con_text));
		if (ty->rep)
			text_addf(&r->reason, "; ", "reproduced for %s",
				  text_str(&ty->rep_names));
		if (ty->inc)
			text_addf(&r->reason, "; ", "undecided for %s%s%s",
				  text_str(&ty->inc_text),
				  ty->inc_more.len ? "; also " : "",
				  text_str(&ty->inc_more));
	} else if (ty->inc) {
		r->verdict = VERDICT_INCONCLUSIVE;
		text_setf(&r->reason, "%s", text_str(&ty->inc_text));
		if (ty->inc_more.len)
			text_addf(&r->reason, "; ", "undecided too: %s",
				  text_str(&ty->inc_more));
		if (ty->rep)
			text_addf(&r->reason, "; ", "reproduced for %s",
				  text_str(&ty->rep_names));
	} else {
		r->verdict = VERDICT_REPRODUCED;
		va_start(ap, fmt);
		text_vsetf(&r->reason, fmt, ap);
		va_end(ap);
	}
	tally_free(ty);
	return r->verdict;
}

enum verdict claim_verdict(struct claim_result *r, enum verdict v,
			   const char *fmt, ...)
{
	va_list ap;

	r->verdict = v;
	va_start(ap, fmt);
	text_vsetf(&r->reason, fmt, ap);
	va_end(ap);
	return v;
}

enum verdict claim_not_measured(struct claim_result *r,
				const struct model *m, const char *mode,
				const char *what)
{
	if (!model_has_mode(m, mode))
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "verified %s rows in this run (the mode is "
				     "not in this binary, or every repetition "
				     "failed)", mode);
	return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no %s "
			     "cell for %s in this run", mode, what);
}
