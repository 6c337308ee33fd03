/*
 * main.c - bin/bench: one of four things, chosen from the command line:
 *
 *   run        the cells of a workload under each mode (core/runner.c)
 *   worker     a spawned worker of the spawn mode (modes/proc/worker.c)
 *   summarize  summary.csv and chart data of a run (analysis/subcmd.c)
 *   report     the same, then the report
 *
 * Start reading here, then docs/ARCHITECTURE.md: core/cli.c (the
 * options), core/runner.c (one repetition of a cell), modes/mode.h (the
 * mode interface) and workloads/workload.h.
 */
#include "bench/analysis/subcmd.h"
#include "bench/core/cli.h"
#include "bench/core/runner.h"
#include "bench/core/util.h"
#include "bench/modes/proc/worker.h"

#include <curl/curl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The path of this program, so workloads find the tools installed next
 * to it (bin/latency-server); argv[0] when /proc is not there. */
static const char *self_path(const char *argv0)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n <= 0)
		return argv0;
	path[n] = '\0';
	return path;
}

/* The first SIGINT/SIGTERM asks for a clean stop: the repetition in hand
 * is abandoned, workers and servers are stopped, the CSV keeps its whole
 * rows. A second one exits at once (workers die with us: they are set to
 * get SIGKILL when their parent dies). */
static void on_signal(int sig)
{
	if (gb_stop_signal)
		_exit(128 + sig);
	gb_request_stop(sig);
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct sigaction sa;
	int status;

	/* The later stages of make bench: summarize, report. */
	if (argc > 1 && (status = subcmd_run(argc - 1, argv + 1)) >= 0)
		return status;
	cli_parse(&cfg, argc, argv);
	cfg.params.self = self_path(argv[0]);

	/* A dead worker's pipe must give EPIPE, not kill the harness. */
	signal(SIGPIPE, SIG_IGN);
	/* A file size limit must give EFBIG from write(), checked and
	 * reported like a full disk, not kill the run. */
	signal(SIGXFSZ, SIG_IGN);
	if ((status = worker_spawned_main(&cfg)) >= 0)
		return status;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* libcurl's global state must exist before any thread or fork. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		gb_die(GB_EXIT_FAIL, "curl_global_init failed");
	status = runner_run(&cfg);
	curl_global_cleanup();
	return status;
}
