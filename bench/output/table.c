/* table.c - see table.h. */
#include "bench/output/table.h"
#include "bench/output/human.h"
#include "bench/output/style.h"
#include "bench/core/cli.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"
#include "bench/modes/mode.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Colour on a terminal, or when GB_COLOR=always (scripts/bench.sh, which
 * tees the tables into a file and strips the colours there); never with
 * NO_COLOR set (no-color.org) or GB_COLOR=never. */
static int use_colour(void)
{
	const char *force = getenv("GB_COLOR");

	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		return 0;
	if (force && strcmp(force, "always") == 0)
		return 1;
	if (force && strcmp(force, "never") == 0)
		return 0;
	return isatty(STDOUT_FILENO);
}

/* The options of the families whose modes are in this table, in words:
 * ", switch interval 10 ms". */
static void families_in_force(const struct table_run *t,
			      const struct cell *cells, size_t ncells,
			      char *buf, size_t len)
{
	const struct mode_family *seen[16];
	size_t nseen = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < ncells; i++) {
		const struct mode_family *f = cells[i].mode->family;
		int dup = 0;
		char one[160];

		for (size_t k = 0; k < nseen; k++)
			dup |= seen[k] == f;
		if (!f || dup || !f->describe || nseen == GB_ARRAY_LEN(seen))
			continue;
		seen[nseen++] = f;
		f->describe(cli_mode_opts(t->cfg, f), one, sizeof(one));
		gb_appendf(buf, len, ", ", "%s", one);
	}
}

/* CPU over clock time, the effective parallelism: the median over the
 * repetitions of CPU over the clock time it was counted in (start-up,
 * the tasks, reaping the workers: usage.cpu_clock_s). The start-up is in
 * both: the CPU of worker processes comes from wait4() when they are
 * reaped, start-up and exit included, and cannot be split off (spawn's
 * over the tasks' wall alone read 14.98 on 2 cores); over its own window
 * the figure stays within the usable cores. */
static double cpu_per_clock(const struct cell *c)
{
	double *r = gb_xcalloc(c->nrep ? c->nrep : 1, sizeof(*r)), m;
	unsigned n = 0;

	for (unsigned i = 0; i < c->nrep; i++)
		if (c->clock[i] > 0)
			r[n++] = c->cpu[i] / c->clock[i];
	m = n ? stats_median(r, n) : 0;
	free(r);
	return m;
}

void table_print(const struct table_run *t, const struct cell *cells,
		 size_t ncells)
{
	const struct config *cfg = t->cfg;
	const struct workload *wl = t->wl;
	int sweep = cfg->ntasks > 1, batches = cfg->batches > 1 ||
						cfg->nfresh > 1;
	int colour = use_colour();
	char what[64], opts[320], cores[256];

	if (sweep)
		snprintf(what, sizeof(what), "%zu task counts", cfg->ntasks);
	else
		snprintf(what, sizeof(what), "%" PRIu64 " tasks",
			 cells[0].ntasks);
	families_in_force(t, cells, ncells, opts, sizeof(opts));
	printf("\n%s: %s x size %" PRIu64 ", %u reps (+%u warm-up)",
	       wl->name, what, t->params->size, cfg->repeat, cfg->warmup);
	if (batches)
		printf(" of %u batches", cfg->batches);
	/* "2 cores", or "1 usable core of 2 (affinity)": what W = cores
	 * and the speedups can reach here. */
	cpus_describe(t->cpus, cores, sizeof(cores));
	printf(", %s%s%s, seed %" PRIu64 "\n", cores, opts[0] ? ", " : "",
	       opts, cfg->seed);
	/* Wall times are medians over the repetitions; the range is the
	 * fastest to the slowest one. */
	printf("  %-12s %7s", "mode", "workers");
	if (sweep)
		printf(" %9s", "tasks");
	if (batches)
		printf(" %6s", "pool");
	printf(" %9s  %-20s %8s %8s %9s  %s\n", "median", "fastest to slowest",
	       "speedup", "cpu/wall", "start-up", "check");
	for (size_t i = 0; i < ncells; i++) {
		const struct cell *c = &cells[i];
		const struct cell *base = cells_baseline(cells, ncells, c);
		const struct mode_family *f = c->mode->family;
		double med = stats_median(c->wall, c->nrep);
		double seq = base ? stats_median(base->wall, base->nrep) : 0;
		char speed[HUMAN_LEN] = "-", extra[160] = "", m[HUMAN_LEN];
		char range[2 * HUMAN_LEN], st[HUMAN_LEN], cpw[32], on[48];
		const struct mode_look *look = &c->mode->look;

		if (!c->nrep)
			continue;
		if (seq > 0 && med > 0 && !c->failed)
			human_ratio(speed, sizeof(speed), seq / med);
		if (wl->metric)
			human_metric(extra, sizeof(extra), wl->metric,
				     c->metric_sum / c->nrep);
		/* NAN: the family has no figure for this mode (the proc
		 * family's server start, but in forkserver). */
		if (f && f->figure && !isnan(c->figure_sum)) {
			char fig[96];

			snprintf(fig, sizeof(fig), f->figure_fmt,
				 c->figure_sum / c->nrep);
			gb_appendf(extra, sizeof(extra), ", ", "%s", fig);
		}
		human_range(range, sizeof(range), stats_min(c->wall, c->nrep),
			    stats_max(c->wall, c->nrep));
		human_seconds(st, sizeof(st), stats_median(c->startup,
							   c->nrep));
		snprintf(cpw, sizeof(cpw), "%.2f", cpu_per_clock(c));
		/* The mode's colour and point shape of the charts. */
		if (colour)
			printf("  %s%s %-10s%s", style_ansi(look->color, on,
							    sizeof(on)),
			       look->glyph, c->mode->name, STYLE_ANSI_RESET);
		else
			printf("  %-12s", c->mode->name);
		printf(" %7u", c->workers);
		if (sweep)
			printf(" %9" PRIu64, c->ntasks);
		if (batches)
			printf(" %6s", c->fresh ? "fresh" : "reuse");
		printf(" %9s  %-20s %8s %8s %9s  %s%s%s\n",
		       human_seconds(m, sizeof(m), med), range, speed, cpw, st,
		       c->failed ? "FAILED" : "ok", extra[0] ? "  " : "",
		       extra);
		if (c->failed)
			printf("  %-12s %7s %s\n", "", "", c->first_error);
	}
	fflush(stdout);
}
