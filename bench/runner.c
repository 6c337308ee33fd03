/*
 * runner.c - see runner.h. One repetition of a cell is:
 *
 *     rep_begin -> create (start-up) -> run (wall) -> destroy -> verify
 *
 * with getrusage around the whole of it, so user/sys time include the
 * workers (threads are in RUSAGE_SELF; worker processes are reaped by
 * destroy, which reports their usage).
 */
#include "runner.h"
#include "csv.h"
#include "meta.h"
#include "stats.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* One (mode, workers) pair of one workload, and its timed results. */
struct cell {
	const struct mode *mode;
	unsigned workers;
	uint64_t ntasks;
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
	fprintf(stderr, "\r\033[K[%lu/%lu] %s %s workers=%u %s %u", r->done + 1,
		r->total, wl->name, c->mode->name, c->workers,
		warm ? "warmup" : "rep", rep);
	fflush(stderr);
}

/* Run one repetition of cell c; write its row unless it is a warm-up.
 * Returns 0, or -errno when the CSV could not be written. */
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
	struct rusage ru0, ru1;
	uint64_t result = 0, expected = 0, errors = 0;
	double t0, t1, t2, user, sys, metric = 0;
	const char *err = NULL;
	char errbuf[192] = "";
	void *pool = NULL;
	int rc, ok = 1;
	long rss;

	if (wl->rep_begin)
		wl->rep_begin(state, c->ntasks);
	reset_peak_rss();
	getrusage(RUSAGE_SELF, &ru0);
	t0 = gb_now();
	rc = c->mode->create(&pool, &job);
	t1 = gb_now();
	if (!rc) {
		rc = c->mode->run(pool, outs);
		t2 = gb_now();
		c->mode->destroy(pool, &st);
	} else {
		t2 = t1;
	}
	getrusage(RUSAGE_SELF, &ru1);
	rss = peak_rss_kb() + st.child_maxrss_kb;
	if (gb_stop_signal) {
		/* Interrupted: this repetition is incomplete, so it gets no
		 * row. The rows already written are whole. */
		free(outs);
		return 0;
	}

	if (rc) {
		ok = 0;
		snprintf(errbuf, sizeof(errbuf), "%s pool with %u workers "
			 "failed: %s", c->mode->name, c->workers,
			 strerror(-rc));
		err = errbuf;
	}
	for (uint64_t i = 0; i < c->ntasks && !rc; i++) {
		uint64_t want = wl->expect(state, i);

		result += outs[i].value;
		expected += want;
		metric += outs[i].metric;
		errors += outs[i].errors;
		if (outs[i].status) {
			ok = 0;
			errors += outs[i].errors ? 0 : 1;
			if (!err)
				err = outs[i].err;
		} else if (outs[i].value != want) {
			ok = 0;
			errors++;
			if (!err) {
				snprintf(errbuf, sizeof(errbuf),
					 "task %" PRIu64 ": wrong answer %"
					 PRIu64 ", expected %" PRIu64, i,
					 outs[i].value, want);
				err = errbuf;
			}
		}
	}
	user = tv_s(ru1.ru_utime) - tv_s(ru0.ru_utime) + st.child_user_s;
	sys = tv_s(ru1.ru_stime) - tv_s(ru0.ru_stime) + st.child_sys_s;

	r->done++;
	if (warm) {
		free(outs);
		return 0;
	}
	if (!ok) {
		c->failed++;
		if (!c->first_error[0] && err)
			snprintf(c->first_error, sizeof(c->first_error), "%s",
				 err);
	}
	c->wall[c->nrep] = t2 - t1;
	c->startup[c->nrep] = t1 - t0;
	c->cpu[c->nrep] = user + sys;
	c->nrep++;
	c->metric_sum += metric;
	if (st.has_gil) {
		c->has_gil = 1;
		if (t2 > t1)
			c->gil_wait_share_sum += st.gil_wait_s /
				((t2 - t1) * c->workers);
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
		csv_set(&row, COL_WALL_S, "%.9f", t2 - t1);
		csv_set(&row, COL_STARTUP_S, "%.9f", t1 - t0);
		csv_set(&row, COL_USER_S, "%.6f", user);
		csv_set(&row, COL_SYS_S, "%.6f", sys);
		csv_set(&row, COL_MAX_RSS_KB, "%ld", rss);
		csv_set(&row, COL_VOL_CS, "%ld", ru1.ru_nvcsw - ru0.ru_nvcsw +
			st.child_vcs);
		csv_set(&row, COL_INVOL_CS, "%ld", ru1.ru_nivcsw -
			ru0.ru_nivcsw + st.child_ivcs);
		csv_set(&row, COL_RESULT, "%" PRIu64, result);
		csv_set(&row, COL_VERIFIED, "%s", ok ? "true" : "false");
		csv_set(&row, COL_EXPECTED, "%" PRIu64, expected);
		csv_set(&row, COL_ERRORS, "%" PRIu64, errors);
		csv_set(&row, COL_SEED, "%" PRIu64, cfg->seed);
		if (wl->metric) {
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
		if (err) {
			char *p;

			csv_set(&row, COL_ERROR, "%s", err);
			for (p = row.v[COL_ERROR]; *p; p++)
				if (*p == '\n' || *p == '\r')
					*p = ' ';
		}
		rc = csv_write_row(r->csv, &row);
		if (rc) {
			free(outs);
			return rc;
		}
	}
	free(outs);
	return 0;
}

static void print_table(const struct run *r, const struct workload *wl,
			const struct wl_params *p, struct cell *cells,
			size_t ncells)
{
	double seq = 0;

	for (size_t i = 0; i < ncells; i++)
		if (strcmp(cells[i].mode->name, "seq") == 0 &&
		    !cells[i].failed && cells[i].nrep)
			seq = stats_median(cells[i].wall, cells[i].nrep);
	printf("\n%s: %" PRIu64 " tasks x size %" PRIu64 ", %u reps "
	       "(+%u warm-up), %ld cpus, seed %" PRIu64 "\n",
	       wl->name, cells[0].ntasks, p->size, r->cfg->repeat,
	       r->cfg->warmup, r->cpus, r->cfg->seed);
	printf("  %-10s %7s %10s %21s %8s %8s %10s  %s\n", "mode", "workers",
	       "median s", "min-max s", "speedup", "cpu/wall", "startup ms",
	       "check");
	for (size_t i = 0; i < ncells; i++) {
		struct cell *c = &cells[i];
		double med = stats_median(c->wall, c->nrep);
		double cpu = stats_median(c->cpu, c->nrep);
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
		printf("  %-10s %7u %10.4f %10.4f-%-10.4f %8s %8.2f %10.3f  %s%s\n",
		       c->mode->name, c->workers, med,
		       stats_min(c->wall, c->nrep), stats_max(c->wall, c->nrep),
		       speed, med > 0 ? cpu / med : 0,
		       1000 * stats_median(c->startup, c->nrep),
		       c->failed ? "FAILED" : "ok", extra);
		if (c->failed)
			printf("  %-10s %7s %s\n", "", "", c->first_error);
	}
	fflush(stdout);
}

/* Build the cells of one workload: every mode x every worker count, seq
 * once with 1 worker. */
static size_t make_cells(const struct config *cfg, const struct workload *wl,
			 uint64_t tasks, struct cell *cells)
{
	size_t n = 0;

	for (size_t m = 0; m < cfg->nmodes; m++) {
		for (size_t w = 0; w < cfg->nworkers; w++) {
			int single = cfg->modes[m]->flags & MODE_F_SINGLE;
			unsigned workers = single ? 1 : cfg->workers[w];
			int dup = 0;

			for (size_t k = 0; k < n; k++)
				if (cells[k].mode == cfg->modes[m] &&
				    cells[k].workers == workers)
					dup = 1;
			if (dup)
				continue;
			memset(&cells[n], 0, sizeof(cells[n]));
			cells[n].mode = cfg->modes[m];
			cells[n].workers = workers;
			cells[n].ntasks = wl->flags & WL_F_TASKS_ARE_WORKERS
					  ? workers : tasks;
			cells[n].wall = gb_xcalloc(cfg->repeat, sizeof(double));
			cells[n].startup = gb_xcalloc(cfg->repeat, sizeof(double));
			cells[n].cpu = gb_xcalloc(cfg->repeat, sizeof(double));
			n++;
		}
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
}

/* Run one workload; returns 0, 1 (a run failed), or -errno (CSV). */
static int run_workload(struct run *r, const struct workload *wl)
{
	const struct config *cfg = r->cfg;
	struct wl_params p = cfg->params;
	struct cell cells[GB_MAX_LIST * GB_MAX_LIST];
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
			gb_warn("%s %s workers=%u: %u of %u repetitions failed: %s",
				wl->name, cells[i].mode->name, cells[i].workers,
				cells[i].failed, cells[i].nrep,
				cells[i].first_error);
		}
	}
	if (wl->teardown)
		wl->teardown(state);
	free(order);
	free_cells(cells, ncells);
	return rc ? rc : failed;
}

int runner_run(const struct config *cfg)
{
	struct run r = { .cfg = cfg };
	char err[512];
	int status = 0;

	r.cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (gethostname(r.host, sizeof(r.host)) < 0)
		snprintf(r.host, sizeof(r.host), "unknown");
	snprintf(r.run_id, sizeof(r.run_id), "%08lx-%05d",
		 (unsigned long)time(NULL), (int)getpid());
	r.progress = !cfg->quiet && isatty(STDERR_FILENO);
	for (size_t w = 0; w < cfg->nwl; w++) {
		unsigned long cells = 0;

		for (size_t m = 0; m < cfg->nmodes; m++)
			cells += cfg->modes[m]->flags & MODE_F_SINGLE
				 ? 1 : cfg->nworkers;
		r.total += cells * (cfg->warmup + cfg->repeat);
	}

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
	if (gb_stop_signal)
		return 128 + gb_stop_signal;
	return status;
}
