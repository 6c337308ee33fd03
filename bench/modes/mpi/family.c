/*
 * mpi/family.c - the mpi mode's options (--hostfile, and the internal
 * --mpi-rank of its ranks), the checks made before any work, and its
 * column (hosts).
 */
#include "bench/modes/mpi/hostfile.h"
#include "bench/modes/mpi/mpi.h"
#include "bench/core/util.h"

#include <stdio.h>

static int parse_hostfile(void *opts, const char *val, char *err,
			  size_t errlen)
{
	(void)err;
	(void)errlen;
	((struct mpi_opts *)opts)->hostfile = val;
	return 0;
}

static int parse_rank(void *opts, const char *val, char *err, size_t errlen)
{
	struct mpi_opts *o = opts;

	if (gb_opt_u64("--mpi-rank", val, 0, 100000000, "internal: the "
		       "cell's task count", &o->ntasks, err, errlen))
		return -1;
	o->rank = 1;
	return 0;
}

enum { OPT_HOSTFILE, OPT_RANK };

static const struct mode_option mpi_options[] = {
	[OPT_HOSTFILE] = { "hostfile", "FILE", "mpi: spread the ranks over "
			   "the machines in FILE\n(Open MPI's format: 'HOST "
			   "slots=N' per line)", parse_hostfile },
	[OPT_RANK] = { "mpi-rank", "N", NULL, parse_rank },
	{ NULL, NULL, NULL, NULL },
};

/* The hostfile, loopback URLs on other machines, and whether the mode is
 * built here. A rank started by the mode skips them: bin/bench made them,
 * and the hostfile need not exist on the rank's machine. */
static int mpi_check(const void *opts, const struct mode_check *mc,
		     char *err, size_t errlen)
{
	const struct mpi_opts *o = opts;
	struct hostfile_info hi;

	if (o->rank)
		return 0;
	if (mc->given[OPT_HOSTFILE] && !mc->selected) {
		snprintf(err, errlen, "--hostfile is for --mode mpi (it spreads "
			 "the MPI ranks over machines)");
		return -1;
	}
	if (!mc->selected)
		return 0;
	if (o->hostfile) {
		if (hostfile_check(o->hostfile, &hi, err, errlen))
			return -1;
		for (size_t i = 0; i < mc->nwl && hi.remote; i++) {
			if ((mc->wls[i]->flags & WL_F_LOOPBACK) &&
			    !mc->params->url && !mc->params->url_file) {
				snprintf(err, errlen, "--hostfile: '%s' names "
					 "other machines, but %s fetches from "
					 "the bundled server on a loopback URL, "
					 "which only works when all ranks are on "
					 "one machine: give --url or --url-file "
					 "with an address every machine can "
					 "reach", o->hostfile, mc->wls[i]->name);
				return -1;
			}
		}
	}
	return mpi_mode_check(err, errlen);
}

static void mpi_row(const void *opts, const void *stats, struct csv_row *r)
{
	const struct mpi_stats *st = stats;

	(void)opts;
	if (st->hosts)
		csv_set(r, COL_HOSTS, "%u", st->hosts);
	if (st->kernels)
		csv_set(r, COL_KERNELS, "%u", st->kernels);
}

const struct mode_family mpi_family = {
	.name = "mpi",
	.opts_size = sizeof(struct mpi_opts),
	.options = mpi_options,
	.check = mpi_check,
	.stats_size = sizeof(struct mpi_stats),
	.row = mpi_row,
};
