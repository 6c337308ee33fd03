/*
 * cli.c - see cli.h. Every value is checked here, with a message that
 * names the option, the bad value and what would be accepted.
 */
#include "bench/core/cli.h"
#include "bench/core/task.h"
#include "bench/core/util.h"
#include "bench/output/csv.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum {
	OPT_LIST = 256, OPT_HELP, OPT_VERSION, OPT_WARMUP, OPT_SEED,
	OPT_FAULT, OPT_TIMEOUT, OPT_LATENCY, OPT_BYTES, OPT_URL, OPT_URL_FILE,
	OPT_NO_CSV, OPT_CSV_HEADER, OPT_BATCHES, OPT_POOL, OPT_PARENT_MEM,
	OPT_URL_FD, OPT_TRACE, OPT_CAPACITY,
	/* Option k of family f is OPT_FAMILY + f * FAMILY_OPTS_MAX + k. */
	OPT_FAMILY = 1024,
};
#define FAMILY_OPTS_MAX 32

/* The harness's own options; the mode families' come after (longopts). */
static const struct option core_opts[] = {
	{ "workload", required_argument, NULL, 'w' },
	{ "mode", required_argument, NULL, 'm' },
	{ "workers", required_argument, NULL, 'j' },
	{ "tasks", required_argument, NULL, 't' },
	{ "size", required_argument, NULL, 's' },
	{ "repeat", required_argument, NULL, 'r' },
	{ "warmup", required_argument, NULL, OPT_WARMUP },
	{ "csv", required_argument, NULL, 'o' },
	{ "no-csv", no_argument, NULL, OPT_NO_CSV },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "quiet", no_argument, NULL, 'q' },
	{ "fault", required_argument, NULL, OPT_FAULT },
	{ "task-timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "latency-ms", required_argument, NULL, OPT_LATENCY },
	{ "bytes", required_argument, NULL, OPT_BYTES },
	{ "url", required_argument, NULL, OPT_URL },
	{ "url-file", required_argument, NULL, OPT_URL_FILE },
	/* Internal: the parent's copy of --url-file, for spawned workers. */
	{ "url-fd", required_argument, NULL, OPT_URL_FD },
	{ "batches", required_argument, NULL, OPT_BATCHES },
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "parent-mem", required_argument, NULL, OPT_PARENT_MEM },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "capacity", no_argument, NULL, OPT_CAPACITY },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "csv-header", no_argument, NULL, OPT_CSV_HEADER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
};

static void usage(FILE *f, const struct config *cfg)
{
	fprintf(f,
"usage: bench --workload NAME[,NAME...] --mode MODE[,MODE...] --workers N[,N...]\n"
"             [--tasks T[,T...]] [--size S] [--repeat R] [--warmup K]\n"
"             [--csv FILE | --no-csv] [--seed X] [--quiet]\n"
"       bench --list | --help | --version\n"
"       bench summarize RUN     summary.csv and chart data of a run\n"
"       bench report RUN        the same, then REPORT.md and REPORT.html\n"
"                               (RUN: a results folder or a CSV file)\n"
"\n"
"Runs every task of a workload under each mode and worker count, checks\n"
"every answer against an independently known one, and prints a table of\n"
"median wall times and speedups over seq. Rows go to a CSV file.\n"
"\n"
"  -w, --workload LIST   workloads to run (see --list)\n"
"  -m, --mode LIST       modes: seq, threads, fork, ... (see --list); MODE@W/W\n"
"                        runs MODE only at those worker counts\n"
"  -j, --workers LIST    worker counts, e.g. 1,2,4 (seq always uses 1)\n"
"  -t, --tasks LIST      tasks per repetition, e.g. 10 or 1,10,100 to sweep\n"
"                        (default: per workload)\n"
"  -s, --size S          work per task, meaning per workload (see --list)\n"
"  -r, --repeat R        timed repetitions per cell (default 5)\n"
"      --warmup K        discarded repetitions first (default 1)\n"
"  -o, --csv FILE        append rows to FILE (default " GB_DEFAULT_CSV ")\n"
"      --no-csv          write no CSV (the terminal table only)\n"
"      --seed X          seed of the interleaved run order (default: random,\n"
"                        recorded in the CSV)\n"
"  -q, --quiet           no table, no progress\n"
"      --task-timeout S      process pools: end a task that runs longer\n"
"      --fault KIND:N        make the worker of task N crash, kill, exit or hang\n"
"      --latency-ms MS       I/O workloads: delay per request or sleep (default 50)\n"
"      --bytes N             http: response body size\n"
"      --url URL             http: fetch URL instead of the bundled server\n"
"      --url-file FILE       http: fetch the URLs listed in FILE\n"
"      --batches B           run the tasks B times per repetition (default 1)\n"
"      --pool reuse|fresh    one pool for all batches, or a new pool per\n"
"                            batch; both (reuse,fresh) to compare\n"
"      --parent-mem MIB      touch MIB MiB in the parent before any pool\n"
"                            starts (fork copies its page tables)\n"
"      --trace FILE          write every lock event and blocking call of the\n"
"                            timed repetitions to FILE (CSV; thread modes)\n"
"      --capacity            in every repetition also time the calibration\n"
"                            kernel (workload calib) under seq and under fork\n"
"                            at W = cores: the capacity K the machine gave\n");
	/* The mode families' own options, from their tables. */
	for (size_t i = 0; i < cfg->nfamilies; i++) {
		const struct mode_option *o = cfg->families[i]->options;

		for (; o && o->name; o++) {
			const char *h, *nl;
			char left[64];

			if (!o->help)
				continue;	/* internal */
			snprintf(left, sizeof(left), "%s %s", o->name, o->arg);
			/* A help line may hold newlines: each further line
			 * goes under the first. */
			fprintf(f, "      --%-19s ", left);
			for (h = o->help; (nl = strchr(h, '\n')); h = nl + 1)
				fprintf(f, "%.*s\n%28s", (int)(nl - h), h, "");
			fprintf(f, "%s\n", h);
		}
	}
	fprintf(f,
"\n"
"Exit status: 0 success, 1 a run failed (wrong answer, task error),\n"
"2 a usage error (nothing was run).\n");
}

static void list(void)
{
	printf("workloads:\n");
	for (size_t i = 0; i < gb_nworkloads; i++) {
		const struct workload *w = gb_workloads[i];

		printf("  %-11s %-6s  %s\n", w->name, wl_kind_name(w->kind),
		       w->desc);
		printf("  %-11s         --size: %s (default %llu tasks x %llu)\n",
		       "", w->size_doc, (unsigned long long)w->default_tasks,
		       (unsigned long long)w->default_size);
	}
	printf("modes:\n");
	for (size_t i = 0; i < gb_nmodes; i++)
		printf("  %-10s %s\n", gb_modes[i]->name, gb_modes[i]->desc);
}

/* --parent-mem must leave the machine room to run: at most 3/4 of its
 * memory. */
static uint64_t max_parent_mem_mib(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);

	if (pages <= 0 || page <= 0)
		return 1024;
	return (uint64_t)pages / 4 * 3 * (uint64_t)page >> 20;
}

static uint64_t parse_u64_opt(const char *opt, const char *val, uint64_t min,
			      uint64_t max, const char *range)
{
	char err[512];
	uint64_t v = 0;

	if (gb_opt_u64(opt, val, min, max, range, &v, err, sizeof(err)))
		gb_die(GB_EXIT_USAGE, "%s", err);
	return v;
}

static double parse_double_opt(const char *opt, const char *val, double min,
			       double max, const char *range)
{
	char err[512];
	double v = 0;

	if (gb_opt_double(opt, val, min, max, range, &v, err, sizeof(err)))
		gb_die(GB_EXIT_USAGE, "%s", err);
	return v;
}

/* Split a comma list into up to GB_MAX_LIST items. The items point into
 * *copy, which the caller frees. */
static size_t split(const char *opt, const char *val, char **items,
		    char **copy_out)
{
	char *copy = gb_xstrdup(val), *save = NULL, *tok;
	size_t n = 0;

	*copy_out = copy;
	if (!*val || val[strlen(val) - 1] == ',' || val[0] == ',' ||
	    strstr(val, ",,"))
		gb_die(GB_EXIT_USAGE, "%s: '%s' has an empty item", opt, val);
	for (tok = strtok_r(copy, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (n == GB_MAX_LIST)
			gb_die(GB_EXIT_USAGE, "%s: more than %d items", opt,
			       GB_MAX_LIST);
		items[n++] = tok;
	}
	return n;
}

static void known_names(char *buf, size_t len, int modes)
{
	size_t used = 0, n = modes ? gb_nmodes : gb_nworkloads;

	buf[0] = '\0';
	for (size_t i = 0; i < n && used < len; i++)
		used += (size_t)snprintf(buf + used, len - used, "%s%s",
					 i ? ", " : "",
					 modes ? gb_modes[i]->name
					       : gb_workloads[i]->name);
}

/* Every family's options start as its defaults. */
static void families_init(struct config *cfg)
{
	cfg->nfamilies = gb_mode_families(cfg->families, GB_MAX_FAMILIES);
	for (size_t i = 0; i < cfg->nfamilies; i++) {
		const struct mode_family *f = cfg->families[i];

		if (f->opts_size > sizeof(cfg->family_opts[i]))
			gb_die(GB_EXIT_FAIL, "mode family %s: options of %zu "
			       "bytes (raise GB_FAMILY_OPTS_MAX)", f->name,
			       f->opts_size);
		if (f->opts_default)
			memcpy(cfg->family_opts[i].bytes, f->opts_default,
			       f->opts_size);
	}
}

/* getopt's table: the harness's options, then every family's. Static,
 * not allocated: --help and --list exit from inside the parse. */
static const struct option *build_longopts(const struct config *cfg)
{
	static struct option all[GB_ARRAY_LEN(core_opts) +
				 GB_MAX_FAMILIES * FAMILY_OPTS_MAX + 1];
	size_t k = GB_ARRAY_LEN(core_opts);

	memcpy(all, core_opts, sizeof(core_opts));
	for (size_t i = 0; i < cfg->nfamilies; i++) {
		const struct mode_option *o = cfg->families[i]->options;

		for (int j = 0; o && o[j].name; j++) {
			if (j == FAMILY_OPTS_MAX)
				gb_die(GB_EXIT_FAIL, "mode family %s has more "
				       "than %d options",
				       cfg->families[i]->name, FAMILY_OPTS_MAX);
			all[k++] = (struct option){
				o[j].name, required_argument, NULL,
				OPT_FAMILY + (int)i * FAMILY_OPTS_MAX + j };
		}
	}
	all[k] = (struct option){ NULL, 0, NULL, 0 };
	return all;
}

/* Each family's checks, with whether one of its modes was chosen. */
static void check_families(const struct config *cfg,
			   unsigned given[][FAMILY_OPTS_MAX])
{
	for (size_t i = 0; i < cfg->nfamilies; i++) {
		const struct mode_family *f = cfg->families[i];
		struct mode_check mc = {
			.given = given[i], .wls = cfg->wls, .nwl = cfg->nwl,
			.params = &cfg->params,
		};
		char err[512] = "";

		for (size_t m = 0; m < cfg->nmodes; m++)
			mc.selected |= cfg->modes[m]->family == f;
		if (f->check && f->check(cfg->family_opts[i].bytes, &mc, err,
					 sizeof(err)))
			gb_die(GB_EXIT_USAGE, "%s", err);
	}
}

const void *cli_mode_opts(const struct config *cfg,
			  const struct mode_family *f)
{
	for (size_t i = 0; i < cfg->nfamilies; i++)
		if (cfg->families[i] == f)
			return cfg->family_opts[i].bytes;
	return NULL;
}

void cli_params_for(const struct config *cfg, const struct workload *wl,
		    struct wl_params *p)
{
	*p = cfg->params;
	p->tasks = cfg->tasks_set ? cfg->tasks : wl->default_tasks;
	p->size = cfg->size_set ? cfg->size : wl->default_size;
	if (wl->flags & WL_F_TASKS_ARE_WORKERS) {
		/* One task per worker: the oracle must cover the most. */
		for (size_t i = 0; i < cfg->nworkers; i++)
			if (cfg->workers[i] > p->tasks)
				p->tasks = cfg->workers[i];
		for (size_t m = 0; m < cfg->nmodes; m++)
			for (size_t i = 0; i < cfg->nmode_workers[m]; i++)
				if (cfg->mode_workers[m][i] > p->tasks)
					p->tasks = cfg->mode_workers[m][i];
	}
}

/* --fault KIND:N names a task: one past every cell's task count would
 * never fire, and the run would pass as if nothing had been injected. */
static void check_fault(const struct config *cfg)
{
	uint64_t most = 0;

	if (cfg->fault_kind == FAULT_NONE)
		return;
	for (size_t i = 0; i < cfg->nwl; i++) {
		struct wl_params p;

		cli_params_for(cfg, cfg->wls[i], &p);
		if (p.tasks > most)
			most = p.tasks;
	}
	if (cfg->fault_task >= most && most)
		gb_die(GB_EXIT_USAGE, "--fault: task %" PRIu64 " does not exist "
		       "(the run's tasks are 0 to %" PRIu64 "), so nothing would "
		       "be injected", cfg->fault_task, most - 1);
	if (cfg->fault_task >= most)
		gb_die(GB_EXIT_USAGE, "--fault: task %" PRIu64 " does not exist "
		       "(the run has no task), so nothing would be injected",
		       cfg->fault_task);
}

size_t cli_args_without(int argc, char **argv, const char *const *drop,
			char **out, size_t max)
{
	static struct config cfg;	/* its families: the table's tail */
	const struct option *longopts;
	char **copy = gb_xcalloc((size_t)argc + 1, sizeof(*copy));
	size_t n = 0;
	int ch, at = 1, idx;

	memset(&cfg, 0, sizeof(cfg));
	families_init(&cfg);
	longopts = build_longopts(&cfg);
	memcpy(copy, argv, (size_t)argc * sizeof(*copy));
	if (argc && max)
		out[n++] = argv[0];
	/* '+': stop at the first word that is not an option, never permute:
	 * each option's words are argv[at .. optind). */
	opterr = 0;
	optind = 0;
	while ((ch = getopt_long(argc, copy, "+:w:m:j:t:s:r:o:q", longopts,
				 &idx)) != -1) {
		const char *name = NULL;
		int keep = 1;

		if (ch < 256 && ch != '?' && ch != ':')
			for (size_t i = 0; longopts[i].name && !name; i++)
				if (longopts[i].val == ch)
					name = longopts[i].name;
		if (ch >= 256)
			name = longopts[idx].name;
		for (size_t i = 0; name && drop[i]; i++)
			keep &= strcmp(drop[i], name) != 0;
		for (; at < optind; at++)
			if (keep && n < max)
				out[n++] = argv[at];
	}
	for (; at < argc; at++)
		if (n < max)
			out[n++] = argv[at];
	optind = 0;
	free(copy);
	return n;
}

void cli_parse(struct config *cfg, int argc, char **argv)
{
	const char *workloads = NULL, *modes = NULL, *workers = NULL;
	const char *tasks = NULL, *pools = NULL;
	char *items[GB_MAX_LIST], known[512], *copy;
	unsigned given[GB_MAX_FAMILIES][FAMILY_OPTS_MAX] = { { 0 } };
	const struct option *longopts;
	int ch;

	memset(cfg, 0, sizeof(*cfg));
	families_init(cfg);
	longopts = build_longopts(cfg);
	cfg->repeat = 5;
	cfg->warmup = 1;
	cfg->csv_path = GB_DEFAULT_CSV;
	cfg->seed = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid();
	cfg->params.latency_ms = 50;
	cfg->params.bytes = 64;
	cfg->params.timeout_s = 30;
	cfg->params.url_fd = -1;
	cfg->batches = 1;
	cfg->argc = argc;
	cfg->argv = argv;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":w:m:j:t:s:r:o:q", longopts,
				 NULL)) != -1) {
		switch (ch) {
		case 'w': workloads = optarg; break;
		case 'm': modes = optarg; break;
		case 'j': workers = optarg; break;
		case 't': tasks = optarg; break;
		case 's':
			cfg->size = parse_u64_opt("--size", optarg, 1,
						  UINT64_MAX, "a positive integer");
			cfg->size_set = 1;
			break;
		case 'r':
			cfg->repeat = (unsigned)parse_u64_opt("--repeat", optarg,
						1, 100000, "1 to 100000");
			break;
		case OPT_WARMUP:
			cfg->warmup = (unsigned)parse_u64_opt("--warmup", optarg,
						0, 100000, "0 to 100000");
			break;
		case 'o': cfg->csv_path = optarg; break;
		case OPT_NO_CSV: cfg->csv_path = NULL; break;
		case OPT_SEED:
			cfg->seed = parse_u64_opt("--seed", optarg, 0,
						  UINT64_MAX, "an unsigned integer");
			break;
		case 'q': cfg->quiet = 1; break;
		case OPT_FAULT:
			if (gb_fault_parse(optarg, &cfg->fault_kind,
					   &cfg->fault_task))
				gb_die(GB_EXIT_USAGE, "--fault: '%s' is not "
				       "KIND:N (KIND crash, kill, exit or hang; "
				       "N a task number)", optarg);
			break;
		case OPT_TIMEOUT:
			cfg->task_timeout_s = parse_double_opt("--task-timeout",
				optarg, 0.001, 86400, "seconds, 0.001 to 86400");
			break;
		case OPT_LATENCY:
			cfg->params.latency_ms = parse_double_opt("--latency-ms",
				optarg, 0, 60000, "0 to 60000 ms");
			break;
		case OPT_BYTES:
			cfg->params.bytes = parse_u64_opt("--bytes", optarg, 0,
				64u << 20, "0 to 67108864");
			break;
		case OPT_URL: cfg->params.url = optarg; break;
		case OPT_URL_FILE: cfg->params.url_file = optarg; break;
		case OPT_URL_FD: {
			struct stat sb;

			cfg->params.url_fd = (int)parse_u64_opt("--url-fd",
				optarg, 3, INT32_MAX, "internal: a descriptor");
			if (fstat(cfg->params.url_fd, &sb) < 0)
				gb_die(GB_EXIT_USAGE, "--url-fd: %d is not open "
				       "(it is internal to spawned workers)",
				       cfg->params.url_fd);
			break;
		}
		case OPT_BATCHES:
			cfg->batches = (unsigned)parse_u64_opt("--batches", optarg,
						1, 100000, "1 to 100000");
			break;
		case OPT_POOL: pools = optarg; break;
		case OPT_TRACE:
			if (!*optarg)
				gb_die(GB_EXIT_USAGE, "--trace needs a file name");
			cfg->trace_path = optarg;
			break;
		case OPT_PARENT_MEM:
			cfg->parent_mem_mib = parse_u64_opt("--parent-mem",
				optarg, 0, max_parent_mem_mib(), "0 to 3/4 of "
				"this machine's memory, in MiB");
			break;
		case OPT_CAPACITY: cfg->capacity = 1; break;
		case OPT_LIST: list(); exit(0);
		case OPT_CSV_HEADER: {
			/* For tools that append rows (python/compare.py). */
			char h[2048];

			csv_header(h, sizeof(h));
			printf("%s\n", h);
			exit(0);
		}
		case OPT_HELP: usage(stdout, cfg); exit(0);
		case OPT_VERSION:
			printf("bench (gilbench) %s\n", GB_VERSION);
			exit(0);
		case ':':
			gb_die(GB_EXIT_USAGE, "%s needs a value (see --help)",
			       argv[optind - 1]);
		default: {
			int f = (ch - OPT_FAMILY) / FAMILY_OPTS_MAX;
			int k = (ch - OPT_FAMILY) % FAMILY_OPTS_MAX;
			char err[512] = "";

			if (ch < OPT_FAMILY || (size_t)f >= cfg->nfamilies)
				gb_die(GB_EXIT_USAGE, "unknown option '%s' (see "
				       "--help)", argv[optind - 1]);
			if (cfg->families[f]->options[k].parse(
				    cfg->family_opts[f].bytes, optarg, err,
				    sizeof(err)))
				gb_die(GB_EXIT_USAGE, "%s", err);
			given[f][k]++;
		}
		}
	}
	if (optind < argc)
		gb_die(GB_EXIT_USAGE, "unexpected argument '%s' (see --help)",
		       argv[optind]);
	if (!workloads)
		gb_die(GB_EXIT_USAGE, "--workload is required (see --list)");
	if (!modes)
		modes = "seq";
	if (!workers)
		workers = "1";

	cfg->nwl = split("--workload", workloads, items, &copy);
	for (size_t i = 0; i < cfg->nwl; i++) {
		cfg->wls[i] = gb_workload_find(items[i]);
		if (!cfg->wls[i]) {
			known_names(known, sizeof(known), 0);
			gb_die(GB_EXIT_USAGE, "unknown workload '%s' (known: %s)",
			       items[i], known);
		}
		if (cfg->size_set && cfg->size > cfg->wls[i]->max_size)
			gb_die(GB_EXIT_USAGE, "--size: '%llu' is too large for "
			       "%s (at most %llu)",
			       (unsigned long long)cfg->size, cfg->wls[i]->name,
			       (unsigned long long)cfg->wls[i]->max_size);
	}
	free(copy);
	cfg->nmodes = split("--mode", modes, items, &copy);
	for (size_t i = 0; i < cfg->nmodes; i++) {
		char *at = strchr(items[i], '@');

		/* NAME@W/W: this mode at its own worker counts. */
		if (at) {
			char *save = NULL, *w;

			*at = '\0';
			for (w = strtok_r(at + 1, "/", &save); w;
			     w = strtok_r(NULL, "/", &save)) {
				if (cfg->nmode_workers[i] == GB_MAX_MODE_WORKERS)
					gb_die(GB_EXIT_USAGE, "--mode %s@: more "
					       "than %d worker counts", items[i],
					       GB_MAX_MODE_WORKERS);
				cfg->mode_workers[i][cfg->nmode_workers[i]++] =
					(unsigned)parse_u64_opt("--mode NAME@W",
						w, 1, GB_MAX_WORKERS,
						"1 to 4096");
			}
			if (!cfg->nmode_workers[i])
				gb_die(GB_EXIT_USAGE, "--mode %s@: expected "
				       "worker counts after the @ (%s@2/4)",
				       items[i], items[i]);
		}
		cfg->modes[i] = gb_mode_find(items[i]);
		if (!cfg->modes[i]) {
			known_names(known, sizeof(known), 1);
			gb_die(GB_EXIT_USAGE, "unknown mode '%s' (known: %s)",
			       items[i], known);
		}
	}
	free(copy);
	for (size_t i = 0; i < cfg->nmodes; i++)
		for (size_t w = 0; w < cfg->nwl; w++)
			if ((cfg->modes[i]->flags & MODE_F_NO_SHARED) &&
			    (cfg->wls[w]->flags & WL_F_SHARED_MEMORY))
				gb_die(GB_EXIT_USAGE, "--mode %s cannot run %s: its "
				       "tasks meet in shared memory, which %s "
				       "workers do not have (use threads or fork)",
				       cfg->modes[i]->name, cfg->wls[w]->name,
				       cfg->modes[i]->name);
	for (size_t i = 0; i < cfg->nmodes; i++)
		for (size_t w = 0; w < cfg->nwl; w++)
			if ((cfg->modes[i]->flags & MODE_F_ONE_THREAD) &&
			    (cfg->wls[w]->flags & WL_F_TOGETHER) &&
			    !cfg->wls[w]->run_async)
				gb_die(GB_EXIT_USAGE, "--mode %s cannot run %s: its "
				       "tasks must run at the same time (they "
				       "meet at a start line), and %s runs them "
				       "one after another on one thread (use "
				       "threads or fork)", cfg->modes[i]->name,
				       cfg->wls[w]->name, cfg->modes[i]->name);
	/* The trace records the threads of this process, and one pool's
	 * batch per repetition. */
	for (size_t i = 0; cfg->trace_path && i < cfg->nmodes; i++)
		if (cfg->modes[i]->flags & MODE_F_PROCESSES)
			gb_die(GB_EXIT_USAGE, "--trace records the threads of "
			       "this process, and mode %s runs its tasks in "
			       "other processes (trace a mode whose tasks "
			       "run in threads)", cfg->modes[i]->name);
	cfg->nworkers = split("--workers", workers, items, &copy);
	for (size_t i = 0; i < cfg->nworkers; i++)
		cfg->workers[i] = (unsigned)parse_u64_opt("--workers", items[i],
					1, GB_MAX_WORKERS, "1 to 16384");
	free(copy);
	if (tasks) {
		cfg->ntasks = split("--tasks", tasks, items, &copy);
		for (size_t i = 0; i < cfg->ntasks; i++) {
			cfg->tasks_list[i] = parse_u64_opt("--tasks", items[i],
						0, 100000000, "0 to 100000000");
			if (cfg->tasks_list[i] > cfg->tasks)
				cfg->tasks = cfg->tasks_list[i];
		}
		cfg->tasks_set = 1;
		free(copy);
	}
	cfg->nfresh = 1;
	if (pools) {
		cfg->nfresh = split("--pool", pools, items, &copy);
		if (cfg->nfresh > 2)
			gb_die(GB_EXIT_USAGE, "--pool: '%s' has more than two "
			       "items (expected reuse, fresh or reuse,fresh)",
			       pools);
		for (size_t i = 0; i < cfg->nfresh; i++) {
			if (strcmp(items[i], "reuse") == 0)
				cfg->fresh[i] = 0;
			else if (strcmp(items[i], "fresh") == 0)
				cfg->fresh[i] = 1;
			else
				gb_die(GB_EXIT_USAGE, "--pool: '%s' is not "
				       "reuse or fresh", items[i]);
		}
		free(copy);
	}
	if (cfg->trace_path && cfg->batches > 1)
		gb_die(GB_EXIT_USAGE, "--trace records one batch per "
		       "repetition: drop --batches");
	/* The calibration cells run one plain batch, in a parent of its
	 * own size: they must be comparable from one run to the next. */
	if (cfg->capacity && (cfg->batches > 1 || cfg->nfresh > 1 ||
			      cfg->fresh[0] || cfg->parent_mem_mib))
		gb_die(GB_EXIT_USAGE, "--capacity cannot be combined with "
		       "--batches, --pool or --parent-mem (the calibration "
		       "cells are plain ones)");
	/* The seed of the run order also seeds workloads that make their
	 * input, so a spawned worker given --seed makes the same. */
	cfg->params.seed = cfg->seed;
	cfg->params.task_timeout_s = cfg->task_timeout_s;
	if (cfg->params.url && cfg->params.url_file)
		gb_die(GB_EXIT_USAGE, "--url and --url-file conflict: give one");
	if (cfg->params.url_fd >= 0 && !cfg->params.url_file)
		gb_die(GB_EXIT_USAGE, "--url-fd is internal: it needs --url-file");
	/* The URL file is read once, here: every later reader (the checks,
	 * setup, spawned workers) reads this copy, so a file edited or
	 * removed mid-run changes nothing. */
	if (cfg->params.url_file && cfg->params.url_fd < 0) {
		char err[512];

		if (gb_snapshot_file(cfg->params.url_file, GB_URL_FILE_MAX,
				     &cfg->params.url_fd, err, sizeof(err)))
			gb_die(GB_EXIT_USAGE, "--url-file: %s", err);
	}
	for (size_t i = 0; i < cfg->nwl; i++) {
		char err[512] = "";

		if (cfg->wls[i]->check &&
		    cfg->wls[i]->check(&cfg->params, err, sizeof(err)))
			gb_die(GB_EXIT_USAGE, "%s", err);
	}
	check_fault(cfg);
	check_families(cfg, given);
}
