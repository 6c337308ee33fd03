/*
 * gil/modes.c - the two GIL modes, `gil` (CPython 3.2+) and `gil-legacy`
 * (up to 3.1): the thread pool (modes/tpool.c) whose workers run under a
 * simulated GIL (gil.c). Each worker takes the lock when it starts a
 * batch and drops it when it runs out of tasks; workloads drop it at
 * their checkpoints when asked and around blocking calls.
 *
 * The family owns the lock's options (--switch-interval, --check-interval)
 * and statistics (time spent waiting, hand-offs, forced drops, futile
 * wake-ups), and the CSV columns made from them.
 */
#include "bench/modes/gil/gil.h"
#include "bench/modes/mode.h"
#include "bench/modes/tpool.h"
#include "bench/core/util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct gil_opts {
	double switch_interval_s;	/* sys.setswitchinterval */
	unsigned check_interval;	/* sys.setcheckinterval */
	enum gil_policy policy;		/* who gets the lock next (gil.h) */
};

static const struct gil_opts gil_defaults = {
	.switch_interval_s = 0.005,	/* CPython's default: 5 ms */
	.check_interval = 100,		/* CPython 2's default: 100 ticks */
	.policy = GIL_POLICY_CPYTHON,	/* the faithful one */
};

static const char *const policy_names[] = GIL_POLICY_NAMES;

static int parse_switch(void *opts, const char *val, char *err,
			size_t errlen)
{
	struct gil_opts *o = opts;
	double ms;

	/* > 0 as CPython requires; 1 ns is the clock's grain. */
	if (gb_opt_double("--switch-interval", val, 1e-6, 60000,
			  "milliseconds > 0, at most 60000", &ms, err, errlen))
		return -1;
	o->switch_interval_s = ms / 1000.0;
	return 0;
}

static int parse_check(void *opts, const char *val, char *err, size_t errlen)
{
	struct gil_opts *o = opts;
	uint64_t n;

	if (gb_opt_u64("--check-interval", val, 1, 1000000000,
		       "1 to 1000000000 ticks", &n, err, errlen))
		return -1;
	o->check_interval = (unsigned)n;
	return 0;
}

static int parse_policy(void *opts, const char *val, char *err,
			size_t errlen)
{
	struct gil_opts *o = opts;

	for (size_t i = 0; i < GB_ARRAY_LEN(policy_names); i++) {
		if (strcmp(val, policy_names[i]) == 0) {
			o->policy = (enum gil_policy)i;
			return 0;
		}
	}
	snprintf(err, errlen, "--gil-policy: '%s' is not cpython, fifo or "
		 "io-priority", val);
	return -1;
}

static const struct mode_option gil_options[] = {
	{ "switch-interval", "MS", "gil: CPython's switch interval (default 5)",
	  parse_switch },
	{ "check-interval", "N", "gil-legacy: ticks between releases "
	  "(default 100)", parse_check },
	{ "gil-policy", "P", "gil: who gets the lock next: cpython (default),\n"
	  "fifo (in arrival order) or io-priority (a thread\nback from a "
	  "blocking call first, bpo-7946)", parse_policy },
	{ NULL, NULL, NULL, NULL },
};

static int gil_invalid(const void *stats, char *err, size_t errlen)
{
	const struct gil_stats *st = stats;

	/* The lock let two threads hold it at once: whatever the answers,
	 * this was not the GIL being measured. */
	if (!st->violations)
		return 0;
	snprintf(err, errlen, "the simulated GIL had two holders at once "
		 "%" PRIu64 " times", st->violations);
	return 1;
}

static void gil_row(const void *opts, const void *stats, struct csv_row *r)
{
	const struct gil_opts *o = opts;
	const struct gil_stats *st = stats;

	csv_set(r, COL_SWITCH_INTERVAL_MS, "%g", o->switch_interval_s * 1000);
	csv_set(r, COL_CHECK_INTERVAL, "%u", o->check_interval);
	csv_set(r, COL_GIL_WAIT_S, "%.6f", st->wait_s);
	csv_set(r, COL_GIL_SWITCHES, "%" PRIu64, st->switches);
	csv_set(r, COL_GIL_FORCED, "%" PRIu64, st->forced);
	csv_set(r, COL_GIL_FUTILE, "%" PRIu64, st->futile);
	csv_set(r, COL_GIL_POLICY, "%s", policy_names[o->policy]);
}

/* "threads waited 49% of the run": wait / (wall x workers). */
static double gil_wait_percent(const void *stats, double wall_s,
			       unsigned workers)
{
	const struct gil_stats *st = stats;

	return wall_s > 0 ? 100 * st->wait_s / (wall_s * workers) : 0;
}

/* "switch interval 5 ms (CPython's default)", and the check interval
 * of gil-legacy when it is not its default. */
static void gil_describe(const void *opts, char *buf, size_t len)
{
	const struct gil_opts *o = opts;
	double ms = o->switch_interval_s * 1000;

	snprintf(buf, len, "switch interval %g ms%s", ms,
		 ms == 5 ? " (CPython's default)" : "");
	if (o->check_interval != gil_defaults.check_interval)
		gb_appendf(buf, len, ", ", "check interval %u",
			   o->check_interval);
}

static const struct mode_family gil_family = {
	.name = "gil",
	.opts_size = sizeof(struct gil_opts),
	.opts_default = &gil_defaults,
	.options = gil_options,
	.stats_size = sizeof(struct gil_stats),
	.invalid = gil_invalid,
	.row = gil_row,
	.figure = gil_wait_percent,
	.figure_fmt = "threads waited %.0f%% of the run",
	.describe = gil_describe,
};

struct gilpool {
	struct gil *gil;
	struct tpool *tp;
};

static int gilpool_create(void **pool, const struct job *job,
			  enum gil_kind kind)
{
	const struct gil_opts *o = job->mode_opts ? job->mode_opts
						  : &gil_defaults;
	struct gilpool *gp = calloc(1, sizeof(*gp));
	struct tpool_hooks hooks = {
		.enter = gil_thread_enter,
		.leave = gil_thread_leave,
	};
	int rc;

	if (!gp)
		return -ENOMEM;
	rc = gil_create(&gp->gil, kind, o->switch_interval_s,
			o->check_interval);
	if (rc) {
		free(gp);
		return rc;
	}
	gil_set_policy(gp->gil, o->policy);
	hooks.arg = gp->gil;
	rc = tpool_create(&gp->tp, job, &hooks);
	if (rc) {
		gil_destroy(gp->gil);
		free(gp);
		return rc;
	}
	*pool = gp;
	return 0;
}

static int gil_new_create(void **pool, const struct job *job)
{
	return gilpool_create(pool, job, GIL_NEW);
}

static int gil_legacy_create(void **pool, const struct job *job)
{
	return gilpool_create(pool, job, GIL_LEGACY);
}

static int gilpool_run(void *pool, struct task_out *outs)
{
	return tpool_run(((struct gilpool *)pool)->tp, outs);
}

static void gilpool_destroy(void *pool, struct pool_stats *st)
{
	struct gilpool *gp = pool;

	tpool_destroy(gp->tp);
	/* Added, not set: --pool fresh destroys a pool per batch. */
	if (st && st->mode_stats)
		gil_add_stats(gp->gil, st->mode_stats);
	gil_destroy(gp->gil);
	free(gp);
}

const struct mode mode_gil = {
	.name = "gil",
	.desc = "threads under a simulated CPython 3.2+ GIL (switch interval, "
		"forced hand-off)",
	.family = &gil_family,
	.create = gil_new_create,
	.run = gilpool_run,
	.destroy = gilpool_destroy,
	.needs = gb_mode_needs_threads,
	.look = { "#CC79A7", 13, "\u25c6", "filled diamond",
		  "Threads under a simulated GIL that works like CPython 3.2 "
		  "and later: one thread runs at a time; a waiting thread asks "
		  "for the lock once the switch interval (5 ms) has passed and "
		  "is handed it." },
};

const struct mode mode_gil_legacy = {
	.name = "gil-legacy",
	.desc = "threads under CPython's old GIL (<= 3.1): a release every "
		"100 ticks, no hand-off",
	.family = &gil_family,
	.create = gil_legacy_create,
	.run = gilpool_run,
	.destroy = gilpool_destroy,
	.needs = gb_mode_needs_threads,
	.look = { "#882255", 4, "\u25a1", "open square",
		  "Threads under CPython's old GIL (3.1 and before): the "
		  "holder lets go every 100 \"ticks\" (the check interval) but "
		  "often takes it straight back." },
};
