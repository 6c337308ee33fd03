/*
 * runner.c - see runner.h. One repetition of a cell is:
 *
 *     rep_begin -> create (start-up) -> run (wall) -> destroy -> verify
 *
 * repeated --batches times on one pool (or a fresh pool per batch), with
 * the usage measured around the whole of it (measure.h), so user/sys time
 * include the workers (threads are in RUSAGE_SELF; worker processes are
 * reaped by destroy, which reports their usage). The result of a timed
 * repetition becomes one CSV row (output/row.c); the cells of a workload
 * end in one terminal table (output/table.c).
 */
#include "bench/core/runner.h"
#include "bench/core/cells.h"
#include "bench/core/cpus.h"
#include "bench/core/limits.h"
#include "bench/core/result.h"
#include "bench/core/stats.h"
#include "bench/core/trace.h"
#include "bench/core/util.h"
#include "bench/output/meta.h"
#include "bench/output/row.h"
#include "bench/output/table.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* The most rounds calib_print summarises (--repeat may be larger). */
#define GB_MAX_CALIB_REPS 1024

struct run {
	const struct config *cfg;
	struct csv_out *csv;
	char run_id[40];
	char host[256];
	long cpus;
	unsigned long done, total;	/* progress */
	int progress;			/* stderr is a terminal */
	unsigned round;			/* timed rounds so far, all workloads */
};

/* --capacity: the calibration kernel's two cells, seq and fork at W =
 * cores, added to every round of a workload's shuffle, so that each
 * round knows the capacity K it ran with (CLAIMS.md, "Capacity"). */
struct calib_cells {
	const struct workload *wl;
	void *state;
	struct wl_params params;
	struct cell cells[2];
	size_t n;			/* 0: no calibration */
};

static void progress(struct run *r, const struct workload *wl,
		     const struct cell *c, unsigned rep, int warm)
{
	if (!r->progress)
		return;
	fprintf(stderr, "\r\033[K[%lu/%lu] %s %s workers=%u tasks=%" PRIu64
		"%s %s %u", r->done + 1, r->total, wl->name, c->mode->name,
		c->workers, c->ntasks, c->fresh ? " fresh" : "",
		warm ? "warmup" : "rep", rep);
	fflush(stderr);
}

/* Check every task of one batch against its known answer. */
static void verify_batch(const struct workload *wl, void *state,
			 const struct task_out *outs, uint64_t ntasks,
			 struct rep_result *t)
{
	for (uint64_t i = 0; i < ntasks; i++) {
		uint64_t want = wl->expect(state, i);

		t->result += outs[i].value;
		t->expected += want;
		t->metric += outs[i].metric;
		t->metric2 += outs[i].metric2;
		t->errors += outs[i].errors;
		if (outs[i].status) {
			t->errors += outs[i].errors ? 0 : 1;
			if (t->ok)
				snprintf(t->err, sizeof(t->err), "%s",
					 outs[i].err);
			t->ok = 0;
		} else if (outs[i].value != want) {
			t->errors++;
			if (t->ok)
				snprintf(t->err, sizeof(t->err), "task %"
					 PRIu64 ": wrong answer %" PRIu64
					 ", expected %" PRIu64, i,
					 outs[i].value, want);
			t->ok = 0;
		}
	}
}

/* The batches of one repetition of cell c, on one pool or on a fresh
 * pool each (c->fresh): start-up adds up the pools' creation, wall the
 * runs. With `traced`, the run is recorded (--trace allows one batch),
 * from when the pool is ready to when its tasks are done. Returns 0 or
 * the -errno of a pool that broke. */
static int run_batches(const struct config *cfg, const struct job *job,
		       const struct cell *c, struct task_out *outs,
		       struct pool_stats *st, struct rep_result *t, int traced)
{
	const struct workload *wl = job->wl;
	void *pool = NULL;
	double t0;
	int rc = 0;

	for (unsigned b = 0; b < cfg->batches && !rc && !gb_stop_signal; b++) {
		if (wl->rep_begin)
			wl->rep_begin(job->state, c->ntasks);
		if (!pool) {
			t0 = gb_now();
			rc = c->mode->create(&pool, job);
			t->startup_s += gb_now() - t0;
			if (rc) {
				pool = NULL;
				break;
			}
		}
		/* A task a mode skipped must not keep an earlier batch's
		 * answer, which could verify. */
		memset(outs, 0, c->ntasks * sizeof(*outs));
		/* Room for every worker and the calling thread. */
		if (traced)
			trace_rep_begin(wl->name, c->mode->name, c->workers,
					c->ntasks, t->rep, c->workers + 1);
		t0 = gb_now();
		rc = c->mode->run(pool, outs);
		t->wall_s += gb_now() - t0;
		if (traced)
			trace_rep_stop();
		if (!rc)
			verify_batch(wl, job->state, outs, c->ntasks, t);
		if (rc || c->fresh || b + 1 == cfg->batches) {
			c->mode->destroy(pool, st);
			pool = NULL;
		}
	}
	if (pool)	/* interrupted between batches */
		c->mode->destroy(pool, st);
	return rc;
}

/* What the pools of one mode share for a workload (mode.h, share_open):
 * the forkserver's server. */
struct share {
	void *handle;		/* share_open's, or NULL */
	int rc;			/* its failure: the mode's cells fail */
	char err[160];
};

/* The job of mode m at `workers` workers and ntasks tasks. */
static struct job job_for(const struct config *cfg, const struct mode *m,
			  const struct workload *wl, void *state,
			  const struct wl_params *params, unsigned workers,
			  uint64_t ntasks)
{
	const struct mode_family *f = m->family;
	const struct job job = {
		.wl = wl, .state = state, .params = params,
		.ntasks = ntasks, .workers = workers,
		.mode_opts = f ? cli_mode_opts(cfg, f) : NULL,
		.fault_kind = cfg->fault_kind, .fault_task = cfg->fault_task,
		.task_timeout_s = cfg->task_timeout_s,
	};

	return job;
}

/* For each mode of the cells whose pools share something, open it once,
 * before the workload's first repetition: untimed, outside every
 * repetition's usage. Indexed by the mode's place in the registry. */
static struct share *shares_open(const struct config *cfg,
				 const struct workload *wl, void *state,
				 const struct wl_params *p,
				 const struct cell *cells, size_t ncells)
{
	struct share *sh = gb_xcalloc(gb_nmodes, sizeof(*sh));

	for (size_t i = 0; i < ncells && !gb_stop_signal; i++) {
		const struct mode *m = cells[i].mode;
		struct share *s = &sh[gb_mode_rank(m->name)];
		struct job job;

		if (!m->share_open || s->handle || s->rc)
			continue;
		job = job_for(cfg, m, wl, state, p, 0, p->tasks);
		s->rc = m->share_open(&s->handle, &job, s->err,
				      sizeof(s->err));
		if (s->rc) {
			s->handle = NULL;
			if (!s->err[0])
				snprintf(s->err, sizeof(s->err), "%s: %s",
					 m->name, strerror(-s->rc));
		}
	}
	return sh;
}

static void shares_close(struct share *sh)
{
	for (size_t i = 0; i < gb_nmodes; i++)
		if (sh[i].handle)
			gb_modes[i]->share_close(sh[i].handle);
	free(sh);
}

/* Run one repetition of cell c, with what its mode's pools share (NULL:
 * nothing); write its row unless it is a warm-up. Returns 0, or -errno
 * when the CSV could not be written. */
static int run_rep(struct run *r, const struct workload *wl, void *state,
		   const struct wl_params *params, struct cell *c,
		   const struct share *sh, unsigned rep, int warm)
{
	const struct config *cfg = r->cfg;
	const struct mode_family *f = c->mode->family;
	struct job job = job_for(cfg, c->mode, wl, state, params, c->workers,
				 c->ntasks);
	struct task_out *outs = gb_xcalloc(c->ntasks, sizeof(*outs));
	struct rep_result t = {
		.wl = wl, .mode = c->mode, .params = params,
		.workers = c->workers, .ntasks = c->ntasks, .rep = rep,
		.batches = cfg->batches, .fresh = c->fresh,
		.parent_mem_mib = cfg->parent_mem_mib, .ok = 1,
		.mode_opts = job.mode_opts, .round = r->round,
	};
	struct pool_stats st = { 0 };
	struct measure m;
	const int traced = !warm && cfg->trace_path;
	char why[128] = "";
	int rc, trc;

	if (f && f->stats_size)
		st.mode_stats = gb_xcalloc(1, f->stats_size);
	/* A cell this machine cannot hold (threads, processes, open files)
	 * fails alone, saying what is short, before it starts anything. */
	rc = limits_check(c->mode, &job, why, sizeof(why));
	if (sh) {
		job.mode_shared = sh->handle;
		if (!rc)
			rc = sh->rc;
	}
	measure_begin(&m);
	if (!rc)
		rc = run_batches(cfg, &job, c, outs, &st, &t, traced);
	measure_end(&m, &st, &t.usage);
	free(outs);
	/* Written after the usage is measured: its CPU time is not the
	 * repetition's. */
	if (traced && (trc = trace_rep_write())) {
		errno = -trc;
		gb_die(GB_EXIT_FAIL, "--trace: cannot write '%s':",
		       cfg->trace_path);
	}
	if (gb_stop_signal) {
		/* Interrupted: this repetition is incomplete, so it gets no
		 * row. The rows already written are whole. */
		free(st.mode_stats);
		return 0;
	}
	if (rc && sh && sh->rc && !why[0]) {
		t.ok = 0;
		snprintf(t.err, sizeof(t.err), "%s", sh->err);
	} else if (rc && why[0]) {
		t.ok = 0;
		snprintf(t.err, sizeof(t.err), "%s with %u workers cannot run "
			 "here: %s", c->mode->name, c->workers, why);
	} else if (rc) {
		t.ok = 0;
		limits_explain(rc, why, sizeof(why));
		snprintf(t.err, sizeof(t.err), "%s pool with %u workers "
			 "failed: %s%s", c->mode->name, c->workers,
			 strerror(-rc), why);
		if (rc == -EMFILE)
			gb_appendf(t.err, sizeof(t.err), " ", "(raise ulimit -n "
				   "or use fewer workers)");
	} else if (f && f->invalid && st.mode_stats &&
		   f->invalid(st.mode_stats, t.err, sizeof(t.err))) {
		t.ok = 0;
	}
	if (wl->flags & WL_F_TIME_PER_TASK)
		t.metric = c->ntasks ? 1e6 * t.wall_s / ((double)c->ntasks *
							cfg->batches) : 0;
	t.has_metric = wl->metric && !((wl->flags & WL_F_TIME_PER_TASK) &&
				       !c->ntasks);
	t.workers_replaced = st.workers_replaced;
	t.mode_stats = st.mode_stats;

	r->done++;
	rc = 0;
	if (!warm) {
		if (!t.ok) {
			c->failed++;
			if (!c->first_error[0])
				snprintf(c->first_error,
					 sizeof(c->first_error), "%s", t.err);
		}
		c->wall[c->nrep] = t.wall_s;
		c->startup[c->nrep] = t.startup_s;
		c->cpu[c->nrep] = t.usage.user_s + t.usage.sys_s;
		c->clock[c->nrep] = t.usage.cpu_clock_s;
		c->nrep++;
		c->metric_sum += t.metric;
		if (f && f->figure && st.mode_stats)
			c->figure_sum += f->figure(st.mode_stats, t.wall_s,
						   c->workers);
		if (r->csv) {
			const struct row_run run = { r->run_id, r->host,
						     r->cpus, cfg->seed };

			rc = row_write(r->csv, &run, &t);
		}
	}
	free(st.mode_stats);
	return rc;
}

/* One calibration cell: mode at `workers`, with room for every timed
 * repetition. */
static void calib_cell(const struct config *cfg, struct cell *c,
		       const char *mode, unsigned workers, uint64_t ntasks)
{
	memset(c, 0, sizeof(*c));
	c->mode = gb_mode_find(mode);
	c->workers = workers;
	c->ntasks = ntasks;
	c->wall = gb_xcalloc(cfg->repeat, sizeof(double));
	c->startup = gb_xcalloc(cfg->repeat, sizeof(double));
	c->cpu = gb_xcalloc(cfg->repeat, sizeof(double));
	c->clock = gb_xcalloc(cfg->repeat, sizeof(double));
}

/* Set up the calibration beside workload wl (none when --capacity is not
 * given, or wl is the calibration itself). 0, or 1 when its setup
 * failed. */
static int calib_begin(struct run *r, const struct workload *wl,
		       struct calib_cells *cc)
{
	const struct config *cfg = r->cfg;
	char err[256] = "";
	unsigned cores = r->cpus > 0 ? (unsigned)r->cpus : 1;
	int rc;

	memset(cc, 0, sizeof(*cc));
	cc->wl = gb_workload_find("calib");
	if (!cfg->capacity || !cc->wl || wl == cc->wl)
		return 0;
	cc->params = cfg->params;
	/* Its own size, whatever --tasks and --size say of the workload:
	 * at least four tasks per core keep a pool of `cores` balanced. */
	cc->params.tasks = cc->wl->default_tasks > 4 * (uint64_t)cores
			   ? cc->wl->default_tasks : 4 * (uint64_t)cores;
	cc->params.size = cc->wl->default_size;
	rc = cc->wl->setup(&cc->params, &cc->state, err, sizeof(err));
	if (rc) {
		gb_warn("calib: %s", err[0] ? err : strerror(-rc));
		return 1;
	}
	calib_cell(cfg, &cc->cells[0], "seq", 1, cc->params.tasks);
	calib_cell(cfg, &cc->cells[1], "fork", cores, cc->params.tasks);
	cc->n = 2;
	return 0;
}

/* The capacity of each round (seq over fork), printed after the
 * workload's table. */
static void calib_print(const struct calib_cells *cc)
{
	const struct cell *s = &cc->cells[0], *f = &cc->cells[1];
	double k[GB_MAX_CALIB_REPS];
	unsigned n = 0;

	for (unsigned i = 0; i < s->nrep && i < f->nrep && n < GB_ARRAY_LEN(k);
	     i++)
		if (f->wall[i] > 0)
			k[n++] = s->wall[i] / f->wall[i];
	if (!n)
		return;
	printf("  capacity: calib under fork at W=%u delivered %.2f of %u "
	       "core%s (median of %u rounds, %.2f-%.2f)\n", f->workers,
	       stats_median(k, n), f->workers, f->workers == 1 ? "" : "s", n,
	       stats_min(k, n), stats_max(k, n));
	fflush(stdout);
}

static void calib_end(struct calib_cells *cc)
{
	for (size_t i = 0; i < cc->n; i++) {
		free(cc->cells[i].wall);
		free(cc->cells[i].startup);
		free(cc->cells[i].cpu);
		free(cc->cells[i].clock);
	}
	if (cc->n && cc->wl->teardown)
		cc->wl->teardown(cc->state);
}

/* Warn about the failed repetitions of n cells of wl; 1 if any. */
static int report_failed(const struct workload *wl, const struct cell *cells,
			 size_t n)
{
	int failed = 0;

	for (size_t i = 0; i < n; i++) {
		if (cells[i].failed) {
			failed = 1;
			gb_warn("%s %s workers=%u tasks=%" PRIu64 ": %u of %u "
				"repetitions failed: %s", wl->name,
				cells[i].mode->name, cells[i].workers,
				cells[i].ntasks, cells[i].failed,
				cells[i].nrep, cells[i].first_error);
		}
	}
	return failed;
}

/* Run one workload; returns 0, 1 (a run failed), or -errno (CSV). */
static int run_workload(struct run *r, const struct workload *wl)
{
	const struct config *cfg = r->cfg;
	struct wl_params p;
	struct cell *cells;
	struct calib_cells cc;
	struct share *sh;
	size_t ncells, *order;
	uint64_t rng = cfg->seed;
	void *state = NULL;
	char err[256] = "";
	int rc, failed = 0;

	cli_params_for(cfg, wl, &p);
	ncells = cells_make(cfg, wl, p.tasks, &cells);
	rc = wl->setup(&p, &state, err, sizeof(err));
	if (rc) {
		if (!gb_stop_signal)	/* Ctrl-C during setup says nothing */
			gb_warn("%s: %s", wl->name, err[0] ? err : strerror(-rc));
		cells_free(cells, ncells);
		return 1;
	}
	if (calib_begin(r, wl, &cc)) {
		if (wl->teardown)
			wl->teardown(state);
		cells_free(cells, ncells);
		return 1;
	}
	sh = shares_open(cfg, wl, state, &p, cells, ncells);
	/* The calibration cells are shuffled in with the workload's: order
	 * k >= ncells names calibration cell k - ncells. */
	order = gb_xcalloc(ncells + cc.n, sizeof(*order));
	for (unsigned rep = 0; rep < cfg->warmup + cfg->repeat && !rc; rep++) {
		int warm = rep < cfg->warmup;
		unsigned shown = warm ? rep + 1 : rep - cfg->warmup + 1;

		if (!warm)
			r->round++;
		cells_order(order, ncells + cc.n, &rng);
		for (size_t k = 0; k < ncells + cc.n && !rc; k++) {
			int calib = order[k] >= ncells;
			struct cell *c = calib ? &cc.cells[order[k] - ncells]
					       : &cells[order[k]];

			if (gb_stop_signal)
				break;
			progress(r, calib ? cc.wl : wl, c, shown, warm);
			rc = calib ? run_rep(r, cc.wl, cc.state, &cc.params, c,
					     NULL, shown, warm)
				   : run_rep(r, wl, state, &p, c,
					     &sh[gb_mode_rank(c->mode->name)],
					     shown, warm);
		}
		if (gb_stop_signal)
			break;
	}
	if (r->progress)
		fprintf(stderr, "\r\033[K");
	if (!cfg->quiet && !gb_stop_signal) {
		const struct table_run t = { cfg, wl, &p, cpus_here() };

		table_print(&t, cells, ncells);
		if (cc.n)
			calib_print(&cc);
	}
	/* Before teardown: a server built from the workload's state. */
	shares_close(sh);
	failed = report_failed(wl, cells, ncells);
	if (cc.n)
		failed |= report_failed(cc.wl, cc.cells, cc.n);
	if (wl->teardown)
		wl->teardown(state);
	calib_end(&cc);
	free(order);
	cells_free(cells, ncells);
	return rc ? rc : failed;
}

/* --parent-mem: a parent with a big heap, as a Python process that has
 * loaded its data before it starts a pool. Every page is written so it is
 * resident, in 4 KiB pages as a heap of many objects would be (huge pages
 * would hide the cost of copying page tables that fork pays). */
static void *touch_ballast(size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	madvise(p, len, MADV_NOHUGEPAGE);
	for (size_t off = 0; off < len; off += (size_t)page) {
		/* A GiB takes seconds to touch: look at Ctrl-C every 16 MiB
		 * (a few milliseconds). */
		if ((off & ((16u << 20) - 1)) == 0 && gb_stopping())
			break;
		p[off] = (char)(off >> 12 | 1);
	}
	return p;
}

/* --task-timeout ends a task in every mode when the task waits (a
 * transfer, a sleep); a CPU task only a process pool can stop, by killing
 * its worker. Say so rather than let the option seem to do nothing. */
static void note_timeout(const struct config *cfg)
{
	char modes[256] = "";

	if (!(cfg->task_timeout_s > 0) || cfg->quiet)
		return;
	for (size_t i = 0; i < cfg->nmodes; i++)
		if (!(cfg->modes[i]->flags & MODE_F_PROCESSES))
			gb_appendf(modes, sizeof(modes), ", ", "%s",
				   cfg->modes[i]->name);
	for (size_t w = 0; w < cfg->nwl && modes[0]; w++) {
		if (cfg->wls[w]->kind == WL_IO)
			continue;
		gb_warn("note: --task-timeout cannot stop a %s task in %s (a "
			"thread cannot be killed): there it runs to its end; "
			"process pools (fork, spawn, fork-shm, mpi) kill a worker "
			"at the limit", cfg->wls[w]->name, modes);
		break;
	}
}

int runner_run(const struct config *cfg)
{
	struct run r = { .cfg = cfg };
	char err[512];
	int status = 0;
	void *ballast = NULL;
	size_t ballast_len = 0;

	/* The usable cores (cpus.h): W = cores, the CSV's cpus column. */
	r.cpus = cpus_here()->usable;
	if (gethostname(r.host, sizeof(r.host)) < 0)
		snprintf(r.host, sizeof(r.host), "unknown");
	snprintf(r.run_id, sizeof(r.run_id), "%08lx-%05d",
		 (unsigned long)time(NULL), (int)getpid());
	r.progress = !cfg->quiet && isatty(STDERR_FILENO);
	note_timeout(cfg);
	for (size_t w = 0; w < cfg->nwl; w++)
		r.total += (cells_count(cfg, cfg->wls[w]) +
			    (cfg->capacity ? 2 : 0)) *
			   (cfg->warmup + cfg->repeat);

	if (cfg->csv_path) {
		int rc;

		/* The default folder is ours to create; a given one is not. */
		if (strcmp(cfg->csv_path, GB_DEFAULT_CSV) == 0)
			mkdir("results", 0755);
		rc = csv_open(&r.csv, cfg->csv_path, err, sizeof(err));
		if (rc)
			gb_die(GB_EXIT_USAGE, "%s", err);
		rc = meta_write(cfg->csv_path, r.run_id, cfg->seed, cfg->argc,
				cfg->argv, cfg->modes, cfg->nmodes, cfg->wls,
				cfg->nwl);
		if (rc)
			gb_warn("cannot write %s.meta: %s", cfg->csv_path,
				rc == -EBADMSG ? "it ends in a cut line, so "
				"nothing was appended" : strerror(-rc));
	}
	if (cfg->trace_path && trace_open(cfg->trace_path, err, sizeof(err)))
		gb_die(GB_EXIT_USAGE, "%s", err);
	if (cfg->parent_mem_mib) {
		ballast_len = (size_t)cfg->parent_mem_mib << 20;
		ballast = touch_ballast(ballast_len);
		if (!ballast)
			gb_die(GB_EXIT_FAIL, "--parent-mem %" PRIu64 ": cannot "
			       "map that much memory:", cfg->parent_mem_mib);
	}
	for (size_t w = 0; w < cfg->nwl && !gb_stop_signal; w++) {
		int rc = run_workload(&r, cfg->wls[w]);

		if (rc == -EBADMSG) {
			gb_warn("cannot write a row to '%s': it no longer ends "
				"in a whole line (another program wrote part of "
				"one?); nothing was appended", cfg->csv_path);
			status = 1;
			break;
		}
		if (rc < 0) {
			gb_warn("cannot write a row to '%s': %s; the file keeps "
				"only complete rows", cfg->csv_path,
				strerror(-rc));
			status = 1;
			break;
		}
		if (rc)
			status = 1;
	}
	csv_close(r.csv);
	if (trace_close()) {
		gb_warn("--trace: cannot write '%s'", cfg->trace_path);
		status = 1;
	}
	if (ballast)
		munmap(ballast, ballast_len);
	if (gb_stop_signal)
		return 128 + gb_stop_signal;
	return status;
}
