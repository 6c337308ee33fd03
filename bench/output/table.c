/* table.c - see table.h. */
#include "bench/output/table.h"
#include "bench/core/stats.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

void table_print(const struct table_run *t, const struct cell *cells,
		 size_t ncells)
{
	const struct config *cfg = t->cfg;
	const struct workload *wl = t->wl;
	int sweep = cfg->ntasks > 1, batches = cfg->batches > 1 ||
						cfg->nfresh > 1;
	char what[64];

	if (sweep)
		snprintf(what, sizeof(what), "%zu task counts", cfg->ntasks);
	else
		snprintf(what, sizeof(what), "%" PRIu64 " tasks",
			 cells[0].ntasks);
	printf("\n%s: %s x size %" PRIu64 ", %u reps (+%u warm-up)",
	       wl->name, what, t->params->size, cfg->repeat, cfg->warmup);
	if (batches)
		printf(" of %u batches", cfg->batches);
	printf(", %ld cpus, seed %" PRIu64 "\n", t->cpus, cfg->seed);
	printf("  %-10s %7s", "mode", "workers");
	if (sweep)
		printf(" %9s", "tasks");
	if (batches)
		printf(" %6s", "pool");
	printf(" %10s %21s %8s %8s %10s  %s\n", "median s", "min-max s",
	       "speedup", "cpu/wall", "startup ms", "check");
	for (size_t i = 0; i < ncells; i++) {
		const struct cell *c = &cells[i];
		const struct cell *base = cells_baseline(cells, ncells, c);
		const struct mode_family *f = c->mode->family;
		double med = stats_median(c->wall, c->nrep);
		double cpu = stats_median(c->cpu, c->nrep);
		double seq = base ? stats_median(base->wall, base->nrep) : 0;
		char speed[16] = "-", extra[96] = "";

		if (!c->nrep)
			continue;
		if (seq > 0 && med > 0 && !c->failed)
			snprintf(speed, sizeof(speed), "%.2fx", seq / med);
		if (wl->metric)
			snprintf(extra, sizeof(extra), "  %s %.4g", wl->metric,
				 c->metric_sum / c->nrep);
		if (f && f->figure) {
			size_t n = strlen(extra);

			snprintf(extra + n, sizeof(extra) - n, "  ");
			n = strlen(extra);
			snprintf(extra + n, sizeof(extra) - n, f->figure_fmt,
				 c->figure_sum / c->nrep);
		}
		printf("  %-10s %7u", c->mode->name, c->workers);
		if (sweep)
			printf(" %9" PRIu64, c->ntasks);
		if (batches)
			printf(" %6s", c->fresh ? "fresh" : "reuse");
		printf(" %10.4f %10.4f-%-10.4f %8s %8.2f %10.3f  %s%s\n", med,
		       stats_min(c->wall, c->nrep), stats_max(c->wall, c->nrep),
		       speed, med > 0 ? cpu / med : 0,
		       1000 * stats_median(c->startup, c->nrep),
		       c->failed ? "FAILED" : "ok", extra);
		if (c->failed)
			printf("  %-10s %7s %s\n", "", "", c->first_error);
	}
	fflush(stdout);
}
