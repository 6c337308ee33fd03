/*
 * runner.c - see runner.h. One repetition of a cell is:
 *
 *     rep_begin -> create (start-up) -> run (wall) -> destroy -> verify
 *
 * with getrusage around the whole of it, so user/sys time include the
 * workers (threads are in RUSAGE_SELF; worker processes are reaped by
 * destroy, which reports their usage).
 */
#include "bench/core/runner.h"
#include "bench/output/csv.h"
#include "bench/output/meta.h"
#include "bench/analysis/stats.h"
#include "bench/core/util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* One (mode, workers, tasks, pool policy) cell of one workload, and its
 * timed results. */
struct cell {
	const struct mode *mode;
	unsigned workers;
	uint64_t ntasks;
	int fresh;			/* a new pool for every batch */
	double *wall, *startup, *cpu;	/* per timed rep */
	unsigned nrep;			/* timed reps done */
	unsigned failed;		/* reps with a wrong or failed task */
	double metric_sum;
	double gil_wait_share_sum;
	int has_gil;
	char first_error[192];
};

struct run {
	const struct config *cfg;
	struct csv_out *csv;
	char run_id[40];
	char host[256];
	long cpus;
	unsigned long done, total;	/* progress */
	int progress;			/* stderr is a terminal */
};

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

/* Reset the kernel's peak-RSS mark (VmHWM), so each repetition's peak is
 * its own. Not fatal where it is unsupported. */
static void reset_peak_rss(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, "5", 1) < 0) { /* unsupported: keep the old mark */ }
		close(fd);
	}
}

static long peak_rss_kb(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kb = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void iso_time(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ",
		 tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		 tm.tm_min, tm.tm_sec, ts.tv_nsec / 1000000);
}

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

/* What the batches of one repetition add up to. */
struct tally {
	uint64_t result, expected, errors;
	double metric;
	int ok;
	char err[192];		/* the first error */
};

/* Check every task of one batch against its known answer. */
static void verify_batch(const struct workload *wl, void *state,
			 const struct task_out *outs, uint64_t ntasks,
			 struct tally *t)
{
	for (uint64_t i = 0; i < ntasks; i++) {
		uint64_t want = wl->expect(state, i);

		t->result += outs[i].value;
		t->expected += want;
		t->metric += outs[i].metric;
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

/* Run one repetition of cell c; write its row unless it is a warm-up.
 * A repetition is --batches runs of the tasks, on one pool or on a fresh
 * pool each (c->fresh); start-up adds up the pools' creation, wall the
 * runs. Returns 0, or -errno when the CSV could not be written. */
static int run_rep(struct run *r, const struct workload *wl, void *state,
		   const struct wl_params *params, struct cell *c,
		   unsigned rep, int warm)
{
	const struct config *cfg = r->cfg;
	struct job job = {
		.wl = wl, .state = state, .params = params,
		.ntasks = c->ntasks, .workers = c->workers,
		.switch_interval_s = cfg->switch_interval_s,
		.check_interval = cfg->check_interval,
		.fault_kind = cfg->fault_kind, .fault_task = cfg->fault_task,
		.task_timeout_s = cfg->task_timeout_s,
		.argv_self = cfg->argv,
		.hostfile = cfg->hostfile,
	};
	struct task_out *outs = gb_xcalloc(c->ntasks, sizeof(*outs));
	struct pool_stats st = { 0 };
	struct tally t = { .ok = 1 };
	struct rusage ru0, ru1;
	double t0, wall = 0, startup = 0, user, sys, metric;
	void *pool = NULL;
	int rc = 0, ok;
	long rss;

	reset_peak_rss();
	getrusage(RUSAGE_SELF, &ru0);
	for (unsigned b = 0; b < cfg->batches && !rc && !gb_stop_signal; b++) {
		if (wl->rep_begin)
			wl->rep_begin(state, c->ntasks);
		if (!pool) {
			t0 = gb_now();
			rc = c->mode->create(&pool, &job);
			startup += gb_now() - t0;
			if (rc) {
				pool = NULL;
				break;
			}
		}
		/* A task a mode skipped must not keep an earlier batch's
		 * answer, which could verify. */
		memset(outs, 0, c->ntasks * sizeof(*outs));
		t0 = gb_now();
		rc = c->mode->run(pool, outs);
		wall += gb_now() - t0;
		if (!rc)
			verify_batch(wl, state, outs, c->ntasks, &t);
		if (rc || c->fresh || b + 1 == cfg->batches) {
			c->mode->destroy(pool, &st);
			pool = NULL;
		}
	}
	if (pool)	/* interrupted between batches */
		c->mode->destroy(pool, &st);
	getrusage(RUSAGE_SELF, &ru1);
	rss = peak_rss_kb() + st.child_maxrss_kb;
	if (gb_stop_signal) {
		/* Interrupted: this repetition is incomplete, so it gets no
		 * row. The rows already written are whole. */
		free(outs);
		return 0;
	}

	if (rc) {
		t.ok = 0;
		snprintf(t.err, sizeof(t.err), "%s pool with %u workers "
			 "failed: %s", c->mode->name, c->workers,
			 strerror(-rc));
	} else if (st.gil_violations) {
		/* The lock let two threads hold it at once: whatever the
		 * answers, this was not the GIL being measured. */
		t.ok = 0;
		snprintf(t.err, sizeof(t.err), "the simulated GIL had two "
			 "holders at once %llu times",
			 (unsigned long long)st.gil_violations);
	}
	ok = t.ok;
	metric = t.metric;
	if (wl->flags & WL_F_TIME_PER_TASK)
		metric = c->ntasks ? 1e6 * wall / ((double)c->ntasks *
						   cfg->batches) : 0;
	user = tv_s(ru1.ru_utime) - tv_s(ru0.ru_utime) + st.child_user_s;
	sys = tv_s(ru1.ru_stime) - tv_s(ru0.ru_stime) + st.child_sys_s;

	r->done++;
	if (warm) {
		free(outs);
		return 0;
	}
	if (!ok) {
		c->failed++;
		if (!c->first_error[0])
			snprintf(c->first_error, sizeof(c->first_error), "%s",
				 t.err);
	}
	c->wall[c->nrep] = wall;
	c->startup[c->nrep] = startup;
	c->cpu[c->nrep] = user + sys;
	c->nrep++;
	c->metric_sum += metric;
	if (st.has_gil) {
		c->has_gil = 1;
		if (wall > 0)
			c->gil_wait_share_sum += st.gil_wait_s /
				(wall * c->workers);
	}

	if (r->csv) {
		struct csv_row row;
		char ts[96];

		memset(&row, 0, sizeof(row));
		iso_time(ts, sizeof(ts));
		csv_set(&row, COL_RUN_ID, "%s", r->run_id);
		csv_set(&row, COL_TIMESTAMP, "%s", ts);
		csv_set(&row, COL_HOST, "%s", r->host);
		csv_set(&row, COL_CPUS, "%ld", r->cpus);
		csv_set(&row, COL_WORKLOAD, "%s", wl->name);
		csv_set(&row, COL_MODE, "%s", c->mode->name);
		csv_set(&row, COL_WORKERS, "%u", c->workers);
		csv_set(&row, COL_TASKS, "%" PRIu64, c->ntasks);
		csv_set(&row, COL_SIZE, "%" PRIu64, params->size);
		csv_set(&row, COL_REP, "%u", rep);
		csv_set(&row, COL_WALL_S, "%.9f", wall);
		csv_set(&row, COL_STARTUP_S, "%.9f", startup);
		csv_set(&row, COL_USER_S, "%.6f", user);
		csv_set(&row, COL_SYS_S, "%.6f", sys);
		csv_set(&row, COL_MAX_RSS_KB, "%ld", rss);
		csv_set(&row, COL_VOL_CS, "%ld", ru1.ru_nvcsw - ru0.ru_nvcsw +
			st.child_vcs);
		csv_set(&row, COL_INVOL_CS, "%ld", ru1.ru_nivcsw -
			ru0.ru_nivcsw + st.child_ivcs);
		csv_set(&row, COL_RESULT, "%" PRIu64, t.result);
		csv_set(&row, COL_VERIFIED, "%s", ok ? "true" : "false");
		csv_set(&row, COL_EXPECTED, "%" PRIu64, t.expected);
		csv_set(&row, COL_ERRORS, "%" PRIu64, t.errors);
		csv_set(&row, COL_SEED, "%" PRIu64, cfg->seed);
		if (wl->metric && !((wl->flags & WL_F_TIME_PER_TASK) &&
				    !c->ntasks)) {
			csv_set(&row, COL_METRIC, "%.6g", metric);
			csv_set(&row, COL_METRIC_NAME, "%s", wl->metric);
		}
		if (st.has_gil) {
			csv_set(&row, COL_SWITCH_INTERVAL_MS, "%g",
				cfg->switch_interval_s * 1000);
			csv_set(&row, COL_CHECK_INTERVAL, "%u",
				cfg->check_interval);
			csv_set(&row, COL_GIL_WAIT_S, "%.6f", st.gil_wait_s);
			csv_set(&row, COL_GIL_SWITCHES, "%" PRIu64,
				st.gil_switches);
			csv_set(&row, COL_GIL_FORCED, "%" PRIu64,
				st.gil_forced);
			csv_set(&row, COL_GIL_FUTILE, "%" PRIu64,
				st.gil_futile);
		}
		if (wl->kind == WL_IO)
			csv_set(&row, COL_LATENCY_MS, "%g", params->latency_ms);
		if (c->mode->flags & MODE_F_PROCESSES)
			csv_set(&row, COL_WORKERS_REPLACED, "%" PRIu64,
				st.workers_replaced);
		if (st.hosts)
			csv_set(&row, COL_HOSTS, "%u", st.hosts);
		if (!ok) {
			char *p;

			csv_set(&row, COL_ERROR, "%s", t.err);
			for (p = row.v[COL_ERROR]; *p; p++)
				if (*p == '\n' || *p == '\r')
					*p = ' ';
		}
		csv_set(&row, COL_BATCHES, "%u", cfg->batches);
		csv_set(&row, COL_POOL, "%s", c->fresh ? "fresh" : "reuse");
		csv_set(&row, COL_PARENT_MEM_MIB, "%" PRIu64,
			cfg->parent_mem_mib);
		rc = csv_write_row(r->csv, &row);
		if (rc) {
			free(outs);
			return rc;
		}
	}
	free(outs);
	return 0;
}

/* The seq cell to compare c with: same task count and pool policy. */
static double seq_median(const struct cell *cells, size_t ncells,
			 const struct cell *c)
{
	for (size_t i = 0; i < ncells; i++)
		if (strcmp(cells[i].mode->name, "seq") == 0 &&
		    cells[i].ntasks == c->ntasks &&
		    cells[i].fresh == c->fresh && !cells[i].failed &&
		    cells[i].nrep)
			return stats_median(cells[i].wall, cells[i].nrep);
	return 0;
}

static void print_table(const struct run *r, const struct workload *wl,
			const struct wl_params *p, struct cell *cells,
			size_t ncells)
{
	const struct config *cfg = r->cfg;
	int sweep = cfg->ntasks > 1, batches = cfg->batches > 1 ||
						cfg->nfresh > 1;
	char what[64];

	if (sweep)
		snprintf(what, sizeof(what), "%zu task counts", cfg->ntasks);
	else
		snprintf(what, sizeof(what), "%" PRIu64 " tasks",
			 cells[0].ntasks);
	printf("\n%s: %s x size %" PRIu64 ", %u reps (+%u warm-up)",
	       wl->name, what, p->size, cfg->repeat, cfg->warmup);
	if (batches)
		printf(" of %u batches", cfg->batches);
	printf(", %ld cpus, seed %" PRIu64 "\n", r->cpus, cfg->seed);
	printf("  %-10s %7s", "mode", "workers");
	if (sweep)
		printf(" %9s", "tasks");
	if (batches)
		printf(" %6s", "pool");
	printf(" %10s %21s %8s %8s %10s  %s\n", "median s", "min-max s",
	       "speedup", "cpu/wall", "startup ms", "check");
	for (size_t i = 0; i < ncells; i++) {
		struct cell *c = &cells[i];
		double med = stats_median(c->wall, c->nrep);
		double cpu = stats_median(c->cpu, c->nrep);
		double seq = seq_median(cells, ncells, c);
		char speed[16] = "-", extra[96] = "";

		if (!c->nrep)
			continue;
		if (seq > 0 && med > 0 && !c->failed)
			snprintf(speed, sizeof(speed), "%.2fx", seq / med);
		if (wl->metric && c->nrep)
			snprintf(extra, sizeof(extra), "  %s %.4g", wl->metric,
				 c->metric_sum / c->nrep);
		if (c->has_gil) {
			size_t n = strlen(extra);
			snprintf(extra + n, sizeof(extra) - n,
				 "  threads waited %.0f%% of the run",
				 100 * c->gil_wait_share_sum / c->nrep);
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

/* The cells of one workload: every mode x worker count x task count x
 * pool policy, seq once with 1 worker, duplicates dropped. With cells
 * NULL, only counts them. tasks is the count without --tasks. */
static size_t make_cells(const struct config *cfg, const struct workload *wl,
			 uint64_t tasks, struct cell *cells)
{
	size_t ntl = cfg->ntasks ? cfg->ntasks : 1, n = 0;
	struct cell key;

	for (size_t m = 0; m < cfg->nmodes; m++)
	for (size_t w = 0; w < cfg->nworkers; w++)
	for (size_t t = 0; t < ntl; t++)
	for (size_t f = 0; f < cfg->nfresh; f++) {
		int single = cfg->modes[m]->flags & MODE_F_SINGLE, dup = 0;

		memset(&key, 0, sizeof(key));
		key.mode = cfg->modes[m];
		key.workers = single ? 1 : cfg->workers[w];
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
			cells[n] = key;
		}
		n++;
	}
	return n;
}

static void free_cells(struct cell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(cells[i].wall);
		free(cells[i].startup);
		free(cells[i].cpu);
	}
	free(cells);
}

/* Run one workload; returns 0, 1 (a run failed), or -errno (CSV). */
static int run_workload(struct run *r, const struct workload *wl)
{
	const struct config *cfg = r->cfg;
	struct wl_params p = cfg->params;
	struct cell *cells;
	size_t ncells, *order;
	uint64_t rng = cfg->seed;
	void *state = NULL;
	char err[256] = "";
	int rc, failed = 0;

	p.tasks = cfg->tasks_set ? cfg->tasks : wl->default_tasks;
	p.size = cfg->size_set ? cfg->size : wl->default_size;
	if (wl->flags & WL_F_TASKS_ARE_WORKERS) {
		/* One task per worker: the oracle must cover the most. */
		for (size_t i = 0; i < cfg->nworkers; i++)
			if (cfg->workers[i] > p.tasks)
				p.tasks = cfg->workers[i];
	}
	cells = gb_xcalloc(make_cells(cfg, wl, p.tasks, NULL), sizeof(*cells));
	ncells = make_cells(cfg, wl, p.tasks, cells);
	rc = wl->setup(&p, &state, err, sizeof(err));
	if (rc) {
		gb_warn("%s: %s", wl->name, err[0] ? err : strerror(-rc));
		free_cells(cells, ncells);
		return 1;
	}
	order = gb_xcalloc(ncells, sizeof(*order));
	for (unsigned rep = 0; rep < cfg->warmup + cfg->repeat && !rc; rep++) {
		int warm = rep < cfg->warmup;

		/* A fresh seeded shuffle per repetition (Fisher-Yates), so
		 * slow drift of the machine does not favour one cell. */
		for (size_t i = 0; i < ncells; i++)
			order[i] = i;
		for (size_t i = ncells; i > 1; i--) {
			size_t j = gb_rand_next(&rng) % i, t = order[i - 1];
			order[i - 1] = order[j];
			order[j] = t;
		}
		for (size_t k = 0; k < ncells && !rc; k++) {
			struct cell *c = &cells[order[k]];
			unsigned shown = warm ? rep + 1 : rep - cfg->warmup + 1;

			if (gb_stop_signal)
				break;
			progress(r, wl, c, shown, warm);
			rc = run_rep(r, wl, state, &p, c, shown, warm);
		}
		if (gb_stop_signal)
			break;
	}
	if (r->progress)
		fprintf(stderr, "\r\033[K");
	if (!cfg->quiet && !gb_stop_signal)
		print_table(r, wl, &p, cells, ncells);
	for (size_t i = 0; i < ncells; i++) {
		if (cells[i].failed) {
			failed = 1;
			gb_warn("%s %s workers=%u tasks=%" PRIu64 ": %u of %u "
				"repetitions failed: %s", wl->name,
				cells[i].mode->name, cells[i].workers,
				cells[i].ntasks, cells[i].failed,
				cells[i].nrep, cells[i].first_error);
		}
	}
	if (wl->teardown)
		wl->teardown(state);
	free(order);
	free_cells(cells, ncells);
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
	for (size_t off = 0; off < len; off += (size_t)page)
		p[off] = (char)(off >> 12 | 1);
	return p;
}

int runner_run(const struct config *cfg)
{
	struct run r = { .cfg = cfg };
	char err[512];
	int status = 0;
	void *ballast = NULL;
	size_t ballast_len = 0;

	r.cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (gethostname(r.host, sizeof(r.host)) < 0)
		snprintf(r.host, sizeof(r.host), "unknown");
	snprintf(r.run_id, sizeof(r.run_id), "%08lx-%05d",
		 (unsigned long)time(NULL), (int)getpid());
	r.progress = !cfg->quiet && isatty(STDERR_FILENO);
	/* Counted before dropping duplicates: an upper bound is enough for
	 * a progress line. */
	for (size_t w = 0; w < cfg->nwl; w++)
		r.total += make_cells(cfg, cfg->wls[w], 0, NULL) *
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
				cfg->argv);
		if (rc)
			gb_warn("cannot write %s.meta: %s", cfg->csv_path,
				strerror(-rc));
	}
	if (cfg->parent_mem_mib) {
		ballast_len = (size_t)cfg->parent_mem_mib << 20;
		ballast = touch_ballast(ballast_len);
		if (!ballast)
			gb_die(GB_EXIT_FAIL, "--parent-mem %" PRIu64 ": cannot "
			       "map that much memory:", cfg->parent_mem_mib);
	}
	for (size_t w = 0; w < cfg->nwl && !gb_stop_signal; w++) {
		int rc = run_workload(&r, cfg->wls[w]);

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
	if (ballast)
		munmap(ballast, ballast_len);
	if (gb_stop_signal)
		return 128 + gb_stop_signal;
	return status;
}
