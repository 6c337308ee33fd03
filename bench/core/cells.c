/* cells.c - see cells.h. */
#include "bench/core/cells.h"
#include "bench/core/util.h"

#include <stdlib.h>
#include <string.h>

/* With cells NULL, only counts (duplicates included). */
static size_t product(const struct config *cfg, const struct workload *wl,
		      uint64_t tasks, struct cell *cells)
{
	size_t ntl = cfg->ntasks ? cfg->ntasks : 1, n = 0;
	struct cell key;

	for (size_t m = 0; m < cfg->nmodes; m++) {
	/* A mode given as NAME@W/W has worker counts of its own. */
	const unsigned *wl_of = cfg->nmode_workers[m] ? cfg->mode_workers[m]
						      : cfg->workers;
	size_t nw = cfg->nmode_workers[m] ? cfg->nmode_workers[m]
					  : cfg->nworkers;

	for (size_t w = 0; w < nw; w++)
	for (size_t t = 0; t < ntl; t++)
	for (size_t f = 0; f < cfg->nfresh; f++) {
		int single = cfg->modes[m]->flags & MODE_F_SINGLE, dup = 0;

		memset(&key, 0, sizeof(key));
		key.mode = cfg->modes[m];
		key.workers = single ? 1 : wl_of[w];
		key.ntasks = cfg->ntasks ? cfg->tasks_list[t] : tasks;
		if (wl->flags & WL_F_TASKS_ARE_WORKERS)
			key.ntasks = key.workers;
		key.fresh = cfg->fresh[f];
		for (size_t k = 0; k < n && cells; k++)
			if (cells[k].mode == key.mode &&
			    cells[k].workers == key.workers &&
			    cells[k].ntasks == key.ntasks &&
			    cells[k].fresh == key.fresh)
				dup = 1;
		if (dup)
			continue;
		if (cells) {
			key.wall = gb_xcalloc(cfg->repeat, sizeof(double));
			key.startup = gb_xcalloc(cfg->repeat, sizeof(double));
			key.cpu = gb_xcalloc(cfg->repeat, sizeof(double));
			key.clock = gb_xcalloc(cfg->repeat, sizeof(double));
			cells[n] = key;
		}
		n++;
	}
	}
	return n;
}

size_t cells_count(const struct config *cfg, const struct workload *wl)
{
	return product(cfg, wl, 0, NULL);
}

size_t cells_make(const struct config *cfg, const struct workload *wl,
		  uint64_t tasks, struct cell **out)
{
	*out = gb_xcalloc(product(cfg, wl, tasks, NULL), sizeof(**out));
	return product(cfg, wl, tasks, *out);
}

void cells_free(struct cell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(cells[i].wall);
		free(cells[i].startup);
		free(cells[i].cpu);
		free(cells[i].clock);
	}
	free(cells);
}

void cells_order(size_t *order, size_t n, uint64_t *rng)
{
	for (size_t i = 0; i < n; i++)
		order[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = gb_rand_next(rng) % i, t = order[i - 1];

		order[i - 1] = order[j];
		order[j] = t;
	}
}

const struct cell *cells_baseline(const struct cell *cells, size_t n,
				  const struct cell *c)
{
	for (size_t i = 0; i < n; i++)
		if ((cells[i].mode->flags & MODE_F_BASELINE) &&
		    cells[i].ntasks == c->ntasks &&
		    cells[i].fresh == c->fresh && !cells[i].failed &&
		    cells[i].nrep)
			return &cells[i];
	return NULL;
}
