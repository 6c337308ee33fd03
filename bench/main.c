/*
 * main.c - bin/bench: parse the command line, then either run the suite
 * (runner.c), run as a spawned worker (procpool.c), or run a subcommand.
 *
 * Start reading here, then cli.c (the options), runner.c (one repetition
 * of a cell), mode.h (the mode interface) and workloads/workload.h.
 */
#include "bench/core/cli.h"
#include "bench/modes/proc/procpool.h"
#include "bench/core/runner.h"
#include "bench/analysis/subcmd.h"
#include "bench/core/util.h"

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
	gb_stop_signal = sig;
}

/* Run as a worker process started by the spawn mode: die with the
 * parent, rebuild the workload's state from the same options (the parent
 * passes those of this job alone, cli_job_argv), then serve tasks. */
static int worker_main(const struct config *cfg)
{
	const struct workload *wl = cfg->wls[0];
	struct wl_params p = cfg->params;
	struct job job = { .wl = wl, .params = &p,
			   .fault_kind = cfg->fault_kind,
			   .fault_task = cfg->fault_task };
	char err[256] = "";
	int rc;

	if (!cfg->worker_parent)
		gb_die(GB_EXIT_USAGE, "--worker-fds is internal: it needs "
		       "--worker-parent");
	if (procpool_worker_bind_parent((pid_t)cfg->worker_parent))
		return 5;
	p.tasks = cfg->tasks_set ? cfg->tasks : wl->default_tasks;
	p.size = cfg->size_set ? cfg->size : wl->default_size;
	rc = wl->setup(&p, &job.state, err, sizeof(err));
	if (rc)
		gb_die(GB_EXIT_FAIL, "worker: %s", err);
	job.ntasks = p.tasks;
	rc = procpool_worker_loop(&job, cfg->worker_in, cfg->worker_out);
	if (wl->teardown)
		wl->teardown(job.state);
	return rc;
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
	if (cfg.worker_in >= 0)
		return worker_main(&cfg);

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
