/*
 * claims/judge.c - see eval.h: the one test of an interval against a
 * bound, the numbers printed so that their relation to the bound reads
 * true, and the tally that turns a claim's items into its verdict and its
 * reason.
 */
#include "bench/analysis/claims/eval.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void claim_ctx_init(struct claim_ctx *ctx, const struct summary *s,
		    long cores, int hostfile)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->s = s;
	ctx->cores = cores;
	ctx->hostfile = hostfile;
	summary_capacity(s, &ctx->k, NULL, NULL);
}

int claim_judge(const struct sum_iv *iv, const struct claim_test *t)
{
	double lo = iv->lo, hi = iv->hi, b = t->bound;

	if (isnan(lo) || isnan(hi) || lo > hi)
		return 0;
	if (!isnan(t->bound2)) {
		if (t->bound <= lo && hi <= t->bound2)
			return 1;
		if (hi < t->bound || lo > t->bound2)
			return -1;
		return 0;
	}
	if (t->above) {
		if (t->rep_incl ? lo >= b : lo > b)
			return 1;
		if (t->con_incl ? hi <= b : hi < b)
			return -1;
		return 0;
	}
	if (t->rep_incl ? hi <= b : hi < b)
		return 1;
	if (t->con_incl ? lo >= b : lo > b)
		return -1;
	return 0;
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

void claim_iv_text(char *buf, size_t len, const struct sum_iv *iv,
		   const struct claim_test *t)
{
	char a[48], lo[48], hi[48];

	claim_num(a, sizeof(a), iv->point, t);
	claim_num(lo, sizeof(lo), iv->lo, t);
	claim_num(hi, sizeof(hi), iv->hi, t);
	snprintf(buf, len, "%s [%s, %s]", a, lo, hi);
}

/* "0.8", or "[0.9, 1.1]" for a band. */
static void bound_text(char *buf, size_t len, const struct claim_test *t)
{
	char a[48], b[48];

	claim_num(a, sizeof(a), t->bound, NULL);
	if (isnan(t->bound2)) {
		snprintf(buf, len, "%s", a);
		return;
	}
	claim_num(b, sizeof(b), t->bound2, NULL);
	snprintf(buf, len, "[%s, %s]", a, b);
}

/* The repetitions in all at which an interval as wide as iv's would no
 * longer reach past the bound nearest its point (the half-width shrinks
 * as one over the square root of the count); 0 when no count would (the
 * point is on the bound). */
static unsigned reps_to_decide(const struct sum_iv *iv,
			       const struct claim_test *t)
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

static void add_needs(struct claim_result *r, const struct sum_cell *const *c,
		      size_t n, int capacity)
{
	for (size_t i = 0; i < n; i++) {
		size_t k;

		if (!c[i])
			continue;
		for (k = 0; k < r->nneeds && r->needs[k] != c[i]; k++)
			;
		if (k == r->nneeds && r->nneeds < CLAIM_MAX_NEEDS)
			r->needs[r->nneeds++] = c[i];
	}
	r->needs_capacity |= capacity;
}

int claim_item(struct claim_result *r, struct tally *ty,
	       const struct claim_ctx *ctx, const char *what,
	       const char *label, const struct sum_iv *iv,
	       const struct claim_test *t, const struct sum_cell *const *cells,
	       size_t ncells, int capacity)
{
	char txt[160], bnd[128], remedy[320] = "";
	int v = claim_judge(iv, t), band = !isnan(t->bound2);
	const char *sp = label[0] ? " " : "";
	/* The load of the item's repetitions, or the run's when they were
	 * too short to measure it (the convoy's 100 ms cells). */
	double load = isnan(iv->load) ? summary_bg_load(ctx->s, NULL, NULL)
				      : iv->load;
	/* Noise never contradicts a claim, and neither does load: an
	 * interval wholly on the other side from busy repetitions says the
	 * other programs moved it (a CPU hog beside the convoy leaves the
	 * I/O process less than a core), so it is inconclusive, with the
	 * load as its reason. */
	int busy_con = v < 0 && summary_busy(ctx->s, load);

	claim_iv_text(txt, sizeof(txt), iv, t);
	bound_text(bnd, sizeof(bnd), t);
	ADD(interval, "%s: %s%s%s", what, label, sp, txt);
	ty->n++;
	if (iv->n && (!r->reps || iv->n < r->reps))
		r->reps = iv->n;
	if (iv->n > r->reps_max)
		r->reps_max = iv->n;
	if (v > 0) {
		ty->rep++;
		gb_appendf(ty->rep_names, sizeof(ty->rep_names), ", ", "%s",
			   what);
		return v;
	}
	if (busy_con)
		v = 0;
	if (v < 0) {
		ty->con++;
		gb_appendf(ty->con_text, sizeof(ty->con_text), "; ",
			   "%s: %s%s%s lies wholly %s %s", what, label, sp, txt,
			   band ? "outside" : t->above ? "below" : "above",
			   bnd);
		return v;
	}
	ty->inc++;
	add_needs(r, cells, ncells, capacity);
	if (ty->inc > 1) {
		gb_appendf(ty->inc_more, sizeof(ty->inc_more), ", ", "%s",
			   what);
		return v;
	}
	if (isnan(iv->lo)) {
		snprintf(ty->inc_text, sizeof(ty->inc_text), "%s: the %s has "
			 "no interval (too few verified repetitions)", what,
			 label[0] ? label : "figure");
		return v;
	}
	{
		unsigned need = reps_to_decide(iv, t);
		int busy = summary_busy(ctx->s, load);
		int far = !need || need > 1000;
		/* A median on its bound is news only from enough repetitions:
		 * from a few, the median itself is as uncertain as the
		 * interval is wide, and more can still move it off. */
		int settled = iv->n >= CLAIM_SETTLED_REPS;

		/* On a busy machine the median itself may be off: more
		 * repetitions once the load has gone can still decide. */
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
			snprintf(remedy, sizeof(remedy), "; the machine was "
				 "busy (other programs used %.2f of %ld cores "
				 "in those repetitions): a quieter machine "
				 "would decide it", load, ctx->cores);
		} else if (need && need <= 1000) {
			snprintf(remedy, sizeof(remedy), "; about %u "
				 "repetitions in all, or a quieter machine, "
				 "would decide it", need);
			/* Wide though hardly anything else ran: the host's
			 * own speed varied (another guest on the same
			 * cores, its caches). */
			if (iv->hi > 1.3 * iv->lo && !isnan(iv->load))
				gb_appendf(remedy, sizeof(remedy), "", " (its "
					   "repetitions varied widely while "
					   "other programs used only %.2f "
					   "cores: the host's speed varied)",
					   iv->load);
		} else if (!settled) {
			snprintf(remedy, sizeof(remedy), "; its median sits "
				 "near the bound after only %u repetitions: "
				 "more would place it", iv->n);
		} else {
			snprintf(remedy, sizeof(remedy), "; its median sits "
				 "so near the bound that only many more "
				 "repetitions could decide it");
		}
	}
	snprintf(ty->inc_text, sizeof(ty->inc_text), "%s: %s%s%s %s %s "
		 "after %u %srepetitions%s", what, label, sp, txt,
		 busy_con ? (band ? "lies wholly outside"
			     : t->above ? "lies wholly below"
			     : "lies wholly above")
		 : band ? "reaches outside" : "straddles", bnd, iv->n,
		 iv->paired ? "paired " : "", remedy);
	return v;
}

enum verdict claim_conclude(struct claim_result *r, const struct tally *ty,
			    const char *fmt, ...)
{
	va_list ap;

	if (ty->con) {
		r->verdict = VERDICT_CONTRADICTED;
		snprintf(r->reason, sizeof(r->reason), "%s", ty->con_text);
		if (ty->rep)
			gb_appendf(r->reason, sizeof(r->reason), "; ",
				   "reproduced for %s", ty->rep_names);
		if (ty->inc)
			gb_appendf(r->reason, sizeof(r->reason), "; ",
				   "undecided for %s%s%s", ty->inc_text,
				   ty->inc_more[0] ? "; also " : "",
				   ty->inc_more);
		return r->verdict;
	}
	if (ty->inc) {
		r->verdict = VERDICT_INCONCLUSIVE;
		snprintf(r->reason, sizeof(r->reason), "%s", ty->inc_text);
		if (ty->inc_more[0])
			gb_appendf(r->reason, sizeof(r->reason), "; ",
				   "undecided too: %s", ty->inc_more);
		if (ty->rep)
			gb_appendf(r->reason, sizeof(r->reason), "; ",
				   "reproduced for %s", ty->rep_names);
		return r->verdict;
	}
	r->verdict = VERDICT_REPRODUCED;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	return r->verdict;
}

enum verdict claim_verdict(struct claim_result *r, enum verdict v,
			   const char *fmt, ...)
{
	va_list ap;

	r->verdict = v;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	return v;
}

enum verdict claim_not_measured(struct claim_result *r,
				const struct summary *s, const char *mode,
				const char *what)
{
	if (!summary_has_mode(s, mode))
		return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no "
				     "verified %s rows in this run (the mode is "
				     "not in this binary, or every repetition "
				     "failed)", mode);
	return claim_verdict(r, VERDICT_NOT_MEASURED, "not measured: no %s "
			     "cell for %s in this run", mode, what);
}
