/*
 * cli.c - see cli.h. Every value is checked here, with a message that
 * names the option, the bad value and what would be accepted.
 */
#include "bench/core/cli.h"
#include "bench/output/csv.h"
#include "bench/core/fault.h"
#include "bench/modes/mpi/hostfile.h"
#include "bench/modes/mpi/mpi.h"
#include "bench/core/util.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
	OPT_LIST = 256, OPT_HELP, OPT_VERSION, OPT_WARMUP, OPT_SEED,
	OPT_SWITCH, OPT_CHECK, OPT_FAULT, OPT_TIMEOUT, OPT_LATENCY,
	OPT_BYTES, OPT_URL, OPT_URL_FILE, OPT_WORKER_FDS, OPT_NO_CSV,
	OPT_CSV_HEADER, OPT_HOSTFILE, OPT_MPI_RANK, OPT_BATCHES, OPT_POOL,
	OPT_PARENT_MEM, OPT_WORKER_PARENT,
};

static const struct option longopts[] = {
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
	{ "switch-interval", required_argument, NULL, OPT_SWITCH },
	{ "check-interval", required_argument, NULL, OPT_CHECK },
	{ "fault", required_argument, NULL, OPT_FAULT },
	{ "task-timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "latency-ms", required_argument, NULL, OPT_LATENCY },
	{ "bytes", required_argument, NULL, OPT_BYTES },
	{ "url", required_argument, NULL, OPT_URL },
	{ "url-file", required_argument, NULL, OPT_URL_FILE },
	{ "batches", required_argument, NULL, OPT_BATCHES },
	{ "pool", required_argument, NULL, OPT_POOL },
	{ "parent-mem", required_argument, NULL, OPT_PARENT_MEM },
	{ "worker-fds", required_argument, NULL, OPT_WORKER_FDS },
	{ "worker-parent", required_argument, NULL, OPT_WORKER_PARENT },
	{ "hostfile", required_argument, NULL, OPT_HOSTFILE },
	{ "mpi-rank", required_argument, NULL, OPT_MPI_RANK },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "csv-header", no_argument, NULL, OPT_CSV_HEADER },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
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
"  -m, --mode LIST       modes: seq, threads, fork, ... (see --list)\n"
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
"      --switch-interval MS  gil: CPython's switch interval (default 5)\n"
"      --check-interval N    gil-legacy: ticks between releases (default 100)\n"
"      --task-timeout S      process pools: end a task that runs longer\n"
"      --fault KIND:N        make the worker of task N crash, kill, exit or hang\n"
"      --latency-ms MS       I/O workloads: delay per request or sleep (default 50)\n"
"      --bytes N             http: response body size\n"
"      --url URL             http: fetch URL instead of the bundled server\n"
"      --url-file FILE       http: fetch the URLs listed in FILE\n"
"      --hostfile FILE       mpi: spread the ranks over the machines in FILE\n"
"                            (Open MPI's format: 'HOST slots=N' per line)\n"
"      --batches B           run the tasks B times per repetition (default 1)\n"
"      --pool reuse|fresh    one pool for all batches, or a new pool per\n"
"                            batch; both (reuse,fresh) to compare\n"
"      --parent-mem MIB      touch MIB MiB in the parent before any pool\n"
"                            starts (fork copies its page tables)\n"
"\n"
"Exit status: 0 success, 1 a run failed (wrong answer, task error),\n"
"2 a usage error (nothing was run).\n");
}

static void list(void)
{
	printf("workloads:\n");
	for (size_t i = 0; i < gb_nworkloads; i++) {
		const struct workload *w = gb_workloads[i];

		printf("  %-8s %-3s  %s\n", w->name,
		       w->kind == WL_CPU ? "cpu" : "io", w->desc);
		printf("  %-8s      --size: %s (default %llu tasks x %llu)\n",
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

static void bad_value(const char *opt, const char *val, int rc,
		      const char *range)
{
	gb_die(GB_EXIT_USAGE, "%s: '%s' is %s (expected %s)", opt, val,
	       rc == -ERANGE ? "out of range" : "not a valid number", range);
}

static uint64_t parse_u64_opt(const char *opt, const char *val, uint64_t min,
			      uint64_t max, const char *range)
{
	uint64_t v = 0;
	int rc = gb_parse_u64(val, min, max, &v);

	if (rc)
		bad_value(opt, val, rc, range);
	return v;
}

static double parse_double_opt(const char *opt, const char *val, double min,
			       double max, const char *range)
{
	double v = 0;
	int rc = gb_parse_double(val, min, max, &v);

	if (rc)
		bad_value(opt, val, rc, range);
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

/* The mpi mode's own checks: the hostfile, loopback URLs on other
 * machines, and whether the mode is built here. A rank started by the mode
 * skips them: bin/bench made them, and the hostfile need not exist on the
 * rank's machine. */
static void check_mpi(const struct config *cfg)
{
	struct hostfile_info hi;
	char err[512];
	int mpi = 0;

	if (cfg->mpi_rank)
		return;
	for (size_t i = 0; i < cfg->nmodes; i++)
		if (strcmp(cfg->modes[i]->name, "mpi") == 0)
			mpi = 1;
	if (cfg->hostfile && !mpi)
		gb_die(GB_EXIT_USAGE, "--hostfile is for --mode mpi (it spreads "
		       "the MPI ranks over machines)");
	if (!mpi)
		return;
	if (cfg->hostfile) {
		if (hostfile_check(cfg->hostfile, &hi, err, sizeof(err)))
			gb_die(GB_EXIT_USAGE, "%s", err);
		for (size_t i = 0; i < cfg->nwl && hi.remote; i++)
			if ((cfg->wls[i]->flags & WL_F_LOOPBACK) &&
			    !cfg->params.url && !cfg->params.url_file)
				gb_die(GB_EXIT_USAGE, "--hostfile: '%s' names "
				       "other machines, but %s fetches from the "
				       "bundled server on a loopback URL, which "
				       "only works when all ranks are on one "
				       "machine: give --url or --url-file with "
				       "an address every machine can reach",
				       cfg->hostfile, cfg->wls[i]->name);
	}
	if (mpi_mode_check(err, sizeof(err)))
		gb_die(GB_EXIT_USAGE, "%s", err);
}

void cli_parse(struct config *cfg, int argc, char **argv)
{
	const char *workloads = NULL, *modes = NULL, *workers = NULL;
	const char *tasks = NULL, *pools = NULL;
	char *items[GB_MAX_LIST], known[512], *copy;
	int ch;

	memset(cfg, 0, sizeof(*cfg));
	cfg->repeat = 5;
	cfg->warmup = 1;
	cfg->csv_path = GB_DEFAULT_CSV;
	cfg->seed = ((uint64_t)time(NULL) << 20) ^ (uint64_t)getpid();
	cfg->switch_interval_s = 0.005;	/* CPython's default: 5 ms */
	cfg->check_interval = 100;	/* CPython 2's default: 100 ticks */
	cfg->params.latency_ms = 50;
	cfg->params.bytes = 64;
	cfg->params.timeout_s = 30;
	cfg->worker_in = cfg->worker_out = -1;
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
		case OPT_SWITCH:
			/* > 0 as CPython requires; 1 ns is the clock's grain. */
			cfg->switch_interval_s = parse_double_opt(
				"--switch-interval", optarg, 1e-6, 60000,
				"milliseconds > 0, at most 60000") / 1000.0;
			if (cfg->switch_interval_s <= 0)
				bad_value("--switch-interval", optarg, -ERANGE,
					  "milliseconds > 0");
			break;
		case OPT_CHECK:
			cfg->check_interval = (unsigned)parse_u64_opt(
				"--check-interval", optarg, 1, 1000000000,
				"1 to 1000000000 ticks");
			break;
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
		case OPT_BATCHES:
			cfg->batches = (unsigned)parse_u64_opt("--batches", optarg,
						1, 100000, "1 to 100000");
			break;
		case OPT_POOL: pools = optarg; break;
		case OPT_PARENT_MEM:
			cfg->parent_mem_mib = parse_u64_opt("--parent-mem",
				optarg, 0, max_parent_mem_mib(), "0 to 3/4 of "
				"this machine's memory, in MiB");
			break;
		case OPT_WORKER_PARENT:
			cfg->worker_parent = (long)parse_u64_opt(
				"--worker-parent", optarg, 1, INT32_MAX,
				"internal: a process id");
			break;
		case OPT_WORKER_FDS:
			if (sscanf(optarg, "%d,%d", &cfg->worker_in,
				   &cfg->worker_out) != 2)
				gb_die(GB_EXIT_USAGE, "--worker-fds: '%s' is "
				       "internal: IN,OUT", optarg);
			break;
		case OPT_HOSTFILE: cfg->hostfile = optarg; break;
		case OPT_MPI_RANK:
			cfg->mpi_ntasks = parse_u64_opt("--mpi-rank", optarg, 0,
				100000000, "internal: the cell's task count");
			cfg->mpi_rank = 1;
			break;
		case OPT_LIST: list(); exit(0);
		case OPT_CSV_HEADER: {
			/* For tools that append rows (python/compare.py). */
			char h[2048];

			csv_header(h, sizeof(h));
			printf("%s\n", h);
			exit(0);
		}
		case OPT_HELP: usage(stdout); exit(0);
		case OPT_VERSION:
			printf("bench (gilbench) %s\n", GB_VERSION);
			exit(0);
		case ':':
			gb_die(GB_EXIT_USAGE, "%s needs a value (see --help)",
			       argv[optind - 1]);
		default:
			gb_die(GB_EXIT_USAGE, "unknown option '%s' (see --help)",
			       argv[optind - 1]);
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
	cfg->nworkers = split("--workers", workers, items, &copy);
	for (size_t i = 0; i < cfg->nworkers; i++)
		cfg->workers[i] = (unsigned)parse_u64_opt("--workers", items[i],
					1, GB_MAX_WORKERS, "1 to 4096");
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
	/* The seed of the run order also seeds workloads that make their
	 * input, so a spawned worker given --seed makes the same. */
	cfg->params.seed = cfg->seed;
	if (cfg->params.url && cfg->params.url_file)
		gb_die(GB_EXIT_USAGE, "--url and --url-file conflict: give one");
	for (size_t i = 0; i < cfg->nwl; i++) {
		char err[512] = "";

		if (cfg->wls[i]->check &&
		    cfg->wls[i]->check(&cfg->params, err, sizeof(err)))
			gb_die(GB_EXIT_USAGE, "%s", err);
	}
	check_mpi(cfg);
}

/* A growing list of "--option value" strings for cli_job_argv. */
struct argv_list {
	char *item[24];
	size_t n;
	int failed;
};

static void add_arg(struct argv_list *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_arg(struct argv_list *l, const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (l->n == GB_ARRAY_LEN(l->item) || vasprintf(&s, fmt, ap) < 0)
		l->failed = 1;
	else
		l->item[l->n++] = s;
	va_end(ap);
}

char **cli_job_argv(const struct job *job)
{
	const struct wl_params *p = job->params;
	struct argv_list l = { .n = 0 };
	size_t bytes = 0;
	char **argv = NULL, *at;

	add_arg(&l, "--workload");
	add_arg(&l, "%s", job->wl->name);
	if (p) {
		/* setup() saw p->tasks (the sweep's largest), not this
		 * cell's count: the worker's state must be the parent's. */
		add_arg(&l, "--tasks");
		add_arg(&l, "%" PRIu64, p->tasks);
		add_arg(&l, "--size");
		add_arg(&l, "%" PRIu64, p->size);
		add_arg(&l, "--seed");
		add_arg(&l, "%" PRIu64, p->seed);
		/* %.17g: the double comes back bit for bit. */
		add_arg(&l, "--latency-ms");
		add_arg(&l, "%.17g", p->latency_ms);
		add_arg(&l, "--bytes");
		add_arg(&l, "%" PRIu64, p->bytes);
		if (p->url) {
			add_arg(&l, "--url");
			add_arg(&l, "%s", p->url);
		}
		if (p->url_file) {
			add_arg(&l, "--url-file");
			add_arg(&l, "%s", p->url_file);
		}
	}
	if (job->fault_kind) {
		add_arg(&l, "--fault");
		add_arg(&l, "%s:%" PRIu64, gb_fault_name(job->fault_kind),
			job->fault_task);
	}
	/* One block: the pointers, then the strings. */
	for (size_t i = 0; i < l.n; i++)
		bytes += strlen(l.item[i]) + 1;
	if (!l.failed)
		argv = malloc((l.n + 1) * sizeof(*argv) + bytes);
	if (argv) {
		at = (char *)(argv + l.n + 1);
		for (size_t i = 0; i < l.n; i++) {
			argv[i] = strcpy(at, l.item[i]);
			at += strlen(at) + 1;
		}
		argv[l.n] = NULL;
	}
	for (size_t i = 0; i < l.n; i++)
		free(l.item[i]);
	return argv;
}
