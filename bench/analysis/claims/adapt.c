/* adapt.c - see adapt.h. */
#include "bench/analysis/claims/adapt.h"
#include "bench/core/cli.h"
#include "bench/output/meta.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One invocation of the next round. */
struct inv {
	char rest[2048];	/* the suite line's other options */
	char workload[64], kind[16];
	uint64_t size;
	char modes[256];	/* comma list, for the plan line */
	/* Each mode with the worker counts its cells need (MODE@W/W). */
	struct { char name[64]; unsigned w[8]; size_t n; } mode[16];
	size_t nmode;
	uint64_t tasks[32];
	size_t ntasks;
	int tasks_are_workers;	/* every cell has tasks == workers */
	int capacity;
	unsigned more;		/* repetitions its claims would want */
	double per_rep_s;	/* what one repetition of its cells takes */
	const struct cell *cells[64];	/* counted in per_rep_s */
	size_t ncells;
	char claims[64];	/* the claims it is for */
	char solo[64];		/* the one mode it may hold, or "" */
};

/* A concurrency sweep's cell (thousands at once: make scale) gets a
 * bin/bench of its own, one mode each: its memory is the rise over the
 * process's start, which the mode before it would have raised (glibc
 * keeps what 4,096 threads freed, and async's rows after them read 90 MB
 * too high). */
#define SOLO_WORKERS 1024u

#define MAX_INV 32

/* The options of run_id's invocation other than those an adaptive one
 * sets itself: its argv from the .meta sidecar (one line per argument),
 * through the command line's own parser (cli_args_without), so a value
 * is never taken for an option. -1 when the sidecar has no argv for it
 * (rows from elsewhere: CPython's). */
static int rest_of(const char *meta, const char *run_id, char *out,
		   size_t len)
{
	static const char *const drop[] = {
		"workload", "mode", "workers", "tasks", "size", "repeat",
		"warmup", "csv", "no-csv", "seed", "quiet", "capacity", NULL,
	};
	char *argv[256], *kept[256], buf[4096];
	size_t n;
	int argc = 0;

	while (argc < (int)GB_ARRAY_LEN(argv) &&
	       !meta_get_in(meta, run_id, "argv", (unsigned)argc, buf,
			    sizeof(buf))) {
		meta_unescape(buf);
		argv[argc++] = gb_xstrdup(buf);
	}
	out[0] = '\0';
	n = argc ? cli_args_without(argc, argv, drop, kept,
				    GB_ARRAY_LEN(kept)) : 0;
	for (size_t i = 1; i < n; i++)
		gb_appendf(out, len, " ", "%s", kept[i]);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return argc ? 0 : -1;
}

static int has_word(const char *list, const char *w)
{
	size_t k = strlen(w);

	if (!k)
		return 0;
	for (const char *p = list; (p = strstr(p, w)); p += k)
		if ((p == list || p[-1] == ',') && (p[k] == ',' || !p[k]))
			return 1;
	return 0;
}

/* Add cell c (needed by claim id) to the invocations. */
static void add_cell(struct inv *inv, size_t *ninv, const struct model *m,
		     const struct cell *c, int capacity, unsigned more,
		     const char *id, const char *meta)
{
	const char *run = model_cell_run(m, c);
	char rest[2048];
	const char *solo;
	struct inv *v = NULL;
	size_t k;

	if (!run || rest_of(meta, run, rest, sizeof(rest)))
		return;		/* rows from elsewhere (CPython's) */
	solo = c->key.workers >= SOLO_WORKERS &&
	       c->key.tasks == c->key.workers ? c->key.mode : "";
	for (k = 0; k < *ninv; k++)
		if (strcmp(inv[k].rest, rest) == 0 &&
		    strcmp(inv[k].workload, c->key.workload) == 0 &&
		    inv[k].size == c->key.size &&
		    strcmp(inv[k].solo, solo) == 0)
			v = &inv[k];
	if (!v) {
		if (*ninv == MAX_INV)
			return;
		v = &inv[(*ninv)++];
		memset(v, 0, sizeof(*v));
		snprintf(v->rest, sizeof(v->rest), "%s", rest);
		snprintf(v->workload, sizeof(v->workload), "%s",
			 c->key.workload);
		snprintf(v->solo, sizeof(v->solo), "%s", solo);
		snprintf(v->kind, sizeof(v->kind), "%s", kind_name(c->kind));
		v->size = c->key.size;
		v->tasks_are_workers = 1;
	}
	if (!has_word(v->modes, c->key.mode))
		gb_appendf(v->modes, sizeof(v->modes), ",", "%s", c->key.mode);
	for (k = 0; k < v->nmode && strcmp(v->mode[k].name, c->key.mode);
	     k++)
		;
	if (k == v->nmode) {
		if (k == GB_ARRAY_LEN(v->mode))
			return;
		snprintf(v->mode[k].name, sizeof(v->mode[k].name), "%s",
			 c->key.mode);
		v->mode[k].n = 0;
		v->nmode++;
	}
	{
		size_t j;

		for (j = 0; j < v->mode[k].n &&
			    v->mode[k].w[j] != c->key.workers; j++)
			;
		if (j == v->mode[k].n && j < GB_ARRAY_LEN(v->mode[k].w))
			v->mode[k].w[v->mode[k].n++] =
				(unsigned)c->key.workers;
	}
	for (k = 0; k < v->ntasks && v->tasks[k] != c->key.tasks; k++)
		;
	if (k == v->ntasks && k < GB_ARRAY_LEN(v->tasks))
		v->tasks[v->ntasks++] = c->key.tasks;
	v->tasks_are_workers &= c->key.tasks == c->key.workers;
	v->capacity |= capacity && c->kind == KIND_CPU;
	if (more > v->more)
		v->more = more;
	for (k = 0; k < v->ncells && v->cells[k] != c; k++)
		;
	if (k == v->ncells && k < GB_ARRAY_LEN(v->cells)) {
		v->cells[v->ncells++] = c;
		/* What a repetition of it costs: its median start-up and
		 * wall (batches are inside both). */
		v->per_rep_s += (isnan(c->median) ? 0 : c->median) +
				(isnan(c->med[FIG_STARTUP]) ? 0
				 : c->med[FIG_STARTUP]);
	}
	if (!has_word(v->claims, id))
		gb_appendf(v->claims, sizeof(v->claims), ",", "%s", id);
}

static void print_inv(FILE *out, const struct inv *v, unsigned reps,
		      double est)
{
	/* Each mode at the worker counts its cells need, no more. */
	fprintf(out, "run\t0\t%.1f\t%s\t%s\t%s\t--workload %s --mode ",
		est, v->workload, v->kind, v->modes, v->workload);
	for (size_t k = 0; k < v->nmode; k++) {
		fprintf(out, "%s%s", k ? "," : "", v->mode[k].name);
		for (size_t j = 0; j < v->mode[k].n; j++)
			fprintf(out, "%c%u", j ? '/' : '@', v->mode[k].w[j]);
	}
	fprintf(out, " --workers 1");
	/* One task per worker (convoy, race): the workload sets it. */
	if (!(v->tasks_are_workers && v->ntasks > 1)) {
		fprintf(out, " --tasks ");
		for (size_t k = 0; k < v->ntasks; k++)
			fprintf(out, "%s%llu", k ? "," : "",
				(unsigned long long)v->tasks[k]);
	}
	/* Size 0 is a row of a workload that has none (sleep, http). */
	if (v->size)
		fprintf(out, " --size %llu", (unsigned long long)v->size);
	fprintf(out, " --repeat %u --warmup 0%s%s%s\n", reps,
		v->capacity ? " --capacity" : "", v->rest[0] ? " " : "",
		v->rest);
}

/* What deciding verdict r would cost: the repetitions it wants beyond
 * what its cells have, times one repetition of them, in seconds. */
static double decide_cost(const struct claim_result *r)
{
	double per = 0;
	unsigned have = 0, want;

	for (size_t j = 0; j < r->nneeds; j++) {
		const struct cell *c = r->needs[j];

		per += (isnan(c->median) ? 0 : c->median) +
		       (isnan(c->med[FIG_STARTUP]) ? 0 : c->med[FIG_STARTUP]);
		if (!have || c->n < have)
			have = c->n;
	}
	want = r->reps_need == CLAIM_HOPELESS ? 1000 : r->reps_need;
	return (want > have ? want - have : ADAPT_REPS) * per;
}

int adapt_plan(FILE *out, FILE *err, const struct model *m,
	       const struct claim_result *res, const char *meta_path,
	       double budget_s, unsigned reps)
{
	struct inv *inv = gb_xcalloc(MAX_INV, sizeof(*inv));
	const struct cell *cs = NULL, *cf = NULL;
	struct iv k;
	size_t ninv = 0, take = 0;
	double calib_s = 0, per_rep = 0;
	/* Starting bin/bench and setting up a workload, per invocation. */
	const double overhead_s = 0.5;
	char ids[128] = "", hopeless[128] = "";
	size_t order[64], norder = 0;
	unsigned r;

	if (model_capacity(m, &k, &cs, &cf) == 0)
		calib_s = cs->median + cf->median + cf->med[FIG_STARTUP];

	/* The cheapest to decide first: the repetitions a verdict still
	 * wants times what one repetition of its cells costs. */
	for (size_t i = 0; i < CLAIM__COUNT && norder < GB_ARRAY_LEN(order); i++) {
		size_t at;

		if (res[i].verdict != VERDICT_INCONCLUSIVE || !res[i].nneeds)
			continue;
		for (at = norder++; at > 0 &&
		     decide_cost(&res[order[at - 1]]) > decide_cost(&res[i]); at--)
			order[at] = order[at - 1];
		order[at] = i;
	}
	for (size_t o = 0; o < norder; o++) {
		size_t i = order[o];

		/* A median on its bound: the budget goes to the verdicts
		 * that more repetitions can decide. */
		if (res[i].reps_need == CLAIM_HOPELESS) {
			gb_appendf(hopeless, sizeof(hopeless), ", ", "%s",
				   gb_claims[i].name);
			continue;
		}
		gb_appendf(ids, sizeof(ids), ", ", "%s", gb_claims[i].name);
		for (size_t j = 0; j < res[i].nneeds; j++) {
			const struct cell *c = res[i].needs[j];
			/* What the claim's spread asks for beyond what the
			 * cell has, within [reps, 2 reps]: a round stays
			 * short, so the next one can stop when it resolves. */
			unsigned more = res[i].reps_need > c->n
					? res[i].reps_need - c->n : 0;

			if (more < reps)
				more = reps;
			if (more > 2 * reps)
				more = 2 * reps;
			add_cell(inv, &ninv, m, c, res[i].needs_capacity, more,
				 gb_claims[i].name, meta_path);
		}
	}
	for (size_t i = 0; i < ninv; i++)
		if (inv[i].capacity)
			inv[i].per_rep_s += calib_s;
	/* The invocations that fit with one repetition each, cheapest
	 * verdict first; then the repetitions each wants, scaled down
	 * together to what the budget allows. */
	for (take = 0; take < ninv; take++) {
		double next = per_rep + inv[take].per_rep_s;

		if (overhead_s * (double)(take + 1) + next > budget_s)
			break;
		per_rep = next;
	}
	r = 0;
	if (take) {
		double want = 0, scale;

		for (size_t i = 0; i < take; i++)
			want += inv[i].per_rep_s * inv[i].more;
		scale = (budget_s - overhead_s * (double)take) / want;
		for (size_t i = 0; i < take; i++) {
			unsigned k = inv[i].more;

			if (scale < 1)
				k = (unsigned)((double)k * scale);
			inv[i].more = k ? k : 1;
			if (inv[i].more > r)
				r = inv[i].more;
		}
	}
	if (hopeless[0])
		fprintf(err, "adapt: %s left inconclusive: a median on its bound, "
			"which more repetitions of the same would hardly move\n",
			hopeless);
	if (!take || !r) {
		if (ids[0])
			fprintf(err, "adapt: %s still inconclusive; %s\n", ids,
				ninv ? "the budget left does not cover another "
				"round" : "no cell of theirs can be run again");
		free(inv);
		return 0;
	}
	{
		double est = 0;

		for (size_t i = 0; i < take; i++)
			est += overhead_s + inv[i].per_rep_s * inv[i].more;
		fprintf(err, "adapt: %s inconclusive: %zu invocation%s, up to "
			"%u more repetition%s, about %.0f s\n", ids, take,
			take > 1 ? "s" : "", r, r > 1 ? "s" : "", est);
	}
	for (size_t i = 0; i < take; i++)
		print_inv(out, &inv[i], inv[i].more,
			  overhead_s + inv[i].per_rep_s * inv[i].more);
	free(inv);
	return (int)take;
}
