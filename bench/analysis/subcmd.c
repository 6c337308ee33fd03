/* subcmd.c - see subcmd.h. */
#include "bench/analysis/subcmd.h"
#include "bench/analysis/charts/chart.h"
#include "bench/analysis/claims/adapt.h"
#include "bench/analysis/claims/claims.h"
#include "bench/analysis/model/model.h"
#include "bench/analysis/report/fidelity.h"
#include "bench/analysis/report/report.h"
#include "bench/analysis/report/runlog.h"
#include "bench/analysis/report/verdicts.h"
#include "bench/analysis/trace/scenes.h"
#include "bench/core/util.h"
#include "bench/output/meta.h"

#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The file a results folder keeps its raw rows in (scripts/bench.sh). */
#define RUN_CSV "bench.csv"

struct run {
	char csv[4096];		/* the raw CSV */
	char meta[4200];	/* its sidecar */
	char dir[4096];		/* where the outputs go */
	char name[256];		/* for the report's title */
	char plots[4200];
	struct model *m;
	struct chart charts[CHARTS_MAX];
	size_t ncharts;
};

/* RUN to paths; a usage error (exit 2) when it is neither. */
static void resolve(const char *cmd, const char *arg, struct run *r)
{
	struct stat sb;
	char tmp[4096];

	if (stat(arg, &sb))
		gb_die(GB_EXIT_USAGE, "%s: '%s' does not exist (give a results "
		       "folder such as results/latest, or a CSV file)", cmd,
		       arg);
	if (S_ISDIR(sb.st_mode)) {
		snprintf(r->dir, sizeof(r->dir), "%s", arg);
		snprintf(r->csv, sizeof(r->csv), "%s/%s", arg, RUN_CSV);
		if (stat(r->csv, &sb))
			gb_die(GB_EXIT_USAGE, "%s: folder '%s' holds no %s (is "
			       "it a results folder of make bench?)", cmd, arg,
			       RUN_CSV);
	} else if (S_ISREG(sb.st_mode)) {
		snprintf(r->csv, sizeof(r->csv), "%s", arg);
		snprintf(tmp, sizeof(tmp), "%s", arg);
		snprintf(r->dir, sizeof(r->dir), "%s", dirname(tmp));
	} else {
		/* /dev/zero, a FIFO: no CSV, and its folder (/dev) is no
		 * place for a summary. */
		gb_die(GB_EXIT_USAGE, "%s: '%s' is not a regular file (give a "
		       "results folder or the CSV file of a run)", cmd, arg);
	}
	/* The folder's own name (results/latest is a link to it). */
	{
		char *real = realpath(r->dir, NULL);

		snprintf(tmp, sizeof(tmp), "%s", real ? real : r->dir);
		free(real);
		snprintf(r->name, sizeof(r->name), "%s", basename(tmp));
	}
	snprintf(r->meta, sizeof(r->meta), "%s.meta", r->csv);
	snprintf(r->plots, sizeof(r->plots), "%s/plots", r->dir);
}

/* The outputs of cmd must not be its input: `bench summarize
 * summary.csv` on a raw CSV of that name used to replace the rows with
 * their summary (and `report REPORT.md` likewise). Same file means same
 * inode, whatever the path (links, ./x, a folder's own bench.csv). */
static void refuse_input_as_output(const char *cmd, const struct run *r,
				   int is_report)
{
	static const char *const outs[] = { "summary.csv", "REPORT.md",
					    "REPORT.html" };
	struct stat in, out;
	char path[4200];

	if (stat(r->csv, &in))
		return;	/* the loader says why */
	for (size_t i = 0; i < (is_report ? 3u : 1u); i++) {
		snprintf(path, sizeof(path), "%s/%s", r->dir, outs[i]);
		if (stat(path, &out) == 0 && out.st_dev == in.st_dev &&
		    out.st_ino == in.st_ino)
			gb_die(GB_EXIT_USAGE, "%s: '%s' is also where %s writes "
			       "%s, which would replace it: rename the CSV "
			       "(bench.csv in a folder of its own) and run "
			       "again", cmd, r->csv, cmd, outs[i]);
	}
}

/* The run's model. 0 or -errno with the message in err. */
static int load(struct run *r, char *err, size_t errlen)
{
	return model_load(&r->m, r->csv, err, errlen);
}

/* Load, write summary.csv and the charts' data. Returns 0 or an exit
 * status. */
static int summarize(const char *cmd, struct run *r, int is_report)
{
	char err[4400], path[4200];
	size_t noisy = 0;
	int rc;

	rc = load(r, err, sizeof(err));
	if (rc) {
		gb_warn("%s", err);
		return rc == -EINVAL || rc == -ENOENT ? GB_EXIT_USAGE
		       : GB_EXIT_FAIL;
	}
	/* After the load, whose message is the better one for a file that
	 * is not a raw CSV at all; before anything is written. */
	refuse_input_as_output(cmd, r, is_report);
	snprintf(path, sizeof(path), "%s/summary.csv", r->dir);
	rc = model_write_summary(r->m, path);
	if (rc) {
		gb_warn("%s: cannot write '%s': %s", cmd, path, strerror(-rc));
		return GB_EXIT_FAIL;
	}
	if (mkdir(r->plots, 0755) && errno != EEXIST) {
		gb_warn("%s: cannot create '%s':", cmd, r->plots);
		return GB_EXIT_FAIL;
	}
	rc = charts_write(r->m, r->plots, r->charts, CHARTS_MAX);
	if (rc < 0) {
		gb_warn("%s: cannot write the charts' data in '%s': %s", cmd,
			r->plots, strerror(-rc));
		return GB_EXIT_FAIL;
	}
	r->ncharts = (size_t)rc;
	/* The traced scenes' charts (timelines, latency, policies). */
	{
		struct scenes *sc = scenes_load(r->dir);

		if (sc->err[0])
			gb_warn("%s: a trace was skipped: %s", cmd, sc->err);
		rc = scenes_write_charts(sc, r->plots, r->charts + r->ncharts,
					 CHARTS_MAX - r->ncharts);
		scenes_free(sc);
	}
	if (rc < 0) {
		gb_warn("%s: cannot write the timelines' data in '%s': %s",
			cmd, r->plots, strerror(-rc));
		return GB_EXIT_FAIL;
	}
	r->ncharts += (size_t)rc;
	for (size_t i = 0; i < model_ncells(r->m); i++)
		noisy += model_cell_at(r->m, i)->noisy;
	if (!is_report)
		printf("summary: %s (%zu cells from %zu rows, %zu failed "
		       "rows excluded, %zu noisy cells); chart data for %zu "
		       "charts in %s/\n", path, model_ncells(r->m),
		       model_nrows(r->m), model_nfailed(r->m), noisy,
		       r->ncharts, r->plots);
	return 0;
}

/* Judge every claim on the run's summary, into res (CLAIM__COUNT).
 * Returns the core count they were judged with. */
static long judge_all(const struct run *r, const struct runlog *log,
		      struct claim_result *res)
{
	struct claim_ctx ctx;
	char cpus[32];
	long cores = model_machine(r->m)->cores;

	if (cores <= 0 &&
	    !meta_get(r->meta, "cpus_online", 0, cpus, sizeof(cpus)))
		cores = atol(cpus);
	/* A hostfile alone is not enough: it may name only this machine. */
	claim_ctx_init(&ctx, r->m, cores, model_max_hosts(r->m) > 1);
	for (size_t i = 0; i < CLAIM__COUNT; i++)
		claim_eval(&gb_claims[i], &ctx, &res[i]);
	if (log)
		runlog_attach(log, res);
	return cores;
}

static int report(struct run *r)
{
	struct claim_result *res = gb_xcalloc(CLAIM__COUNT, sizeof(*res));
	struct runlog log;
	struct report_in in = {
		.m = r->m, .run_name = r->name, .csv_path = r->csv,
		.meta_path = r->meta, .dir = r->dir, .charts = r->charts,
		.ncharts = r->ncharts, .results = res, .log = &log,
	};
	char err[4400], path[4200];
	int rc;

	if (runlog_load(&log, r->dir, err, sizeof(err))) {
		gb_warn("report: %s (the log is left out)", err);
		runlog_free(&log);
	}
	in.cores = judge_all(r, &log, res);
	rc = report_write(&in);
	if (rc) {
		gb_warn("report: cannot write %s/REPORT.md or REPORT.html: %s",
			r->dir, strerror(-rc));
		rc = GB_EXIT_FAIL;
		goto out;
	}
	snprintf(path, sizeof(path), "%s/verdicts.csv", r->dir);
	rc = verdicts_write_csv(path, res);
	if (rc) {
		gb_warn("report: cannot write %s: %s", path, strerror(-rc));
		rc = GB_EXIT_FAIL;
		goto out;
	}
	verdicts_print(stdout, res, verdicts_width());
	{
		char line[512];

		fidelity_line(r->dir, line, sizeof(line));
		printf("%s\n", line);
	}
	printf("report: %s/REPORT.md and %s/REPORT.html, verdicts in %s\n",
	       r->dir, r->dir, path);
out:
	runlog_free(&log);
	for (size_t i = 0; i < CLAIM__COUNT; i++)
		claim_result_free(&res[i]);
	free(res);
	return rc;
}

/* bench adapt RUN [BUDGET_S [REPS]]: the next adaptive round. */
static int adapt(struct run *r, int argc, char **argv)
{
	struct claim_result *res = gb_xcalloc(CLAIM__COUNT, sizeof(*res));
	double budget = 60;
	uint64_t reps = ADAPT_REPS;

	if (argc > 2 && gb_parse_double(argv[2], 0, 1e6, &budget))
		gb_die(GB_EXIT_USAGE, "adapt: budget '%s' is not a number of "
		       "seconds", argv[2]);
	if (argc > 3 && gb_parse_u64(argv[3], 1, 1000, &reps))
		gb_die(GB_EXIT_USAGE, "adapt: repetitions '%s' is not 1 to "
		       "1000", argv[3]);
	judge_all(r, NULL, res);
	adapt_plan(stdout, stderr, r->m, res, r->meta, budget,
		   (unsigned)reps);
	for (size_t i = 0; i < CLAIM__COUNT; i++)
		claim_result_free(&res[i]);
	free(res);
	return 0;
}

/* bench schema NAME: the header of one of the suite's files, as the
 * reader expects it, for the writers that are not C (python/compare.py's
 * fidelity.csv, scripts/bench.sh's logs) and their tests. */
static int schema(int argc, char **argv)
{
	static const struct {
		const char *name;
		const struct csv_schema *s;
	} files[] = {
		{ "bench", &bench_csv }, { "trace", &trace_csv },
		{ "fidelity", &fidelity_csv }, { "notrun", &notrun_csv },
		{ "phases", &phases_csv },
		{ "cpython-scenes", &cpython_scenes_csv },
		{ "cpython-overhead", &cpython_cost_csv },
	};

	for (size_t i = 0; argc == 2 && i < GB_ARRAY_LEN(files); i++) {
		if (strcmp(argv[1], files[i].name))
			continue;
		for (size_t c = 0; c < files[i].s->ncols; c++)
			printf("%s%s", c ? "," : "", files[i].s->cols[c].name);
		printf("\n");
		return 0;
	}
	gb_die(GB_EXIT_USAGE, "usage: bench schema bench|trace|fidelity|"
	       "notrun|phases|cpython-scenes|cpython-overhead (the columns of "
	       "one of the suite's files)");
	return GB_EXIT_USAGE;
}

int subcmd_run(int argc, char **argv)
{
	static const char *const names[] = { "summarize", "report", "adapt" };
	struct run *r;
	int rc;
	size_t k;

	if (strcmp(argv[0], "trace") == 0)
		return trace_cmd(argc, argv);
	if (strcmp(argv[0], "schema") == 0)
		return schema(argc, argv);
	for (k = 0; k < GB_ARRAY_LEN(names); k++)
		if (strcmp(argv[0], names[k]) == 0)
			break;
	if (k == GB_ARRAY_LEN(names))
		return -1;
	if (k == 2 ? argc < 2 || argc > 4 : argc != 2)
		gb_die(GB_EXIT_USAGE, "usage: bench %s RUN%s (a results folder "
		       "such as results/latest, or a CSV file)", argv[0],
		       k == 2 ? " [BUDGET_S [REPS]]" : "");
	r = gb_xcalloc(1, sizeof(*r));
	resolve(argv[0], argv[1], r);
	if (k == 2) {
		char err[4400];

		rc = load(r, err, sizeof(err));
		if (rc) {
			gb_warn("%s", err);
			rc = GB_EXIT_USAGE;
		} else {
			rc = adapt(r, argc, argv);
		}
	} else {
		rc = summarize(argv[0], r, k == 1);
		if (!rc && k == 1)
			rc = report(r);
	}
	model_free(r->m);
	charts_free(r->charts, r->ncharts);
	free(r);
	return rc;
}
