/*
 * main.c - bin/bench: one of these, chosen from the command line:
 *
 *   run        the cells of a workload under each mode (core/runner.c)
 *   worker     a spawned worker of the spawn mode (modes/proc/worker.c)
 *   forkserver the server of the forkserver mode, which forks its
 *              workers (modes/proc/forkserver.c)
 *   plan       a suite file as the invocations this build can run
 *              (core/suite.c)
 *   cpus       the cores this run can use, key=value (core/cpus.c)
 *   summarize  summary.csv and chart data of a run (analysis/subcmd.c)
 *   report     the same, then the report and verdicts.csv
 *   trace      the figures of a --trace file (analysis/lockreport.c)
 *   adapt      the next adaptive round of make bench (analysis/adapt.c)
 *
 * Start reading here, then docs/ARCHITECTURE.md: core/cli.c (the
 * options), core/runner.c (one repetition of a cell), modes/mode.h (the
 * mode interface) and workloads/workload.h.
 */
#include "bench/analysis/subcmd.h"
#include "bench/core/cli.h"
#include "bench/core/cpus.h"
#include "bench/core/limits.h"
#include "bench/core/runner.h"
#include "bench/core/suite.h"
#include "bench/core/util.h"
#include "bench/modes/mpi/mpi.h"
#include "bench/modes/proc/forkserver.h"
#include "bench/modes/proc/worker.h"

#include <curl/curl.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
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

/* Started with stdin, stdout or stderr closed (`bench ... >&-`), the
 * first file we open would get that number, and the table or the error
 * messages would be written into the CSV. As daemons do, fill any of the
 * three that is closed with /dev/null. Without /dev/null nothing can be
 * reported: exit. */
static void open_std_fds(void)
{
	for (int fd = 0; fd <= 2; fd++) {
		int got;

		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		got = open("/dev/null", O_RDWR);
		if (got != fd) {
			/* open() takes the lowest free number, so this is
			 * an error, not another descriptor. */
			_exit(GB_EXIT_FAIL);
		}
	}
}

/* Every worker of a pool holds descriptors in the parent: two pipes a
 * process, a socket a transfer (http), pipes to an echo peer. The usual
 * soft limit of 1,024 is far below what --workers 4096 needs, so raise
 * it to the hard limit when the run's largest worker count may need more
 * (and say it, through the errors, when even that is not enough). Only
 * then: a raised limit is inherited by every program we start. */
static void raise_fd_limit(const struct config *cfg)
{
	struct rlimit rl;
	unsigned most = 1;
	rlim_t need;

	for (size_t i = 0; i < cfg->nworkers; i++)
		if (cfg->workers[i] > most)
			most = cfg->workers[i];
	/* 64 for the harness itself; 4 a worker covers each mode. */
	need = 64 + 4 * (rlim_t)most;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < need &&
	    rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int main(int argc, char **argv)
{
	struct config cfg;
	struct sigaction sa;
	int status;

	open_std_fds();
	/* A dead worker's pipe must give EPIPE, not kill the harness. */
	signal(SIGPIPE, SIG_IGN);
	/* A file size limit must give EFBIG from write(), checked and
	 * reported like a full disk, not kill the run (or the report). */
	signal(SIGXFSZ, SIG_IGN);
	/* The stages of make bench around the runs: the plan of a suite,
	 * then summarize, report and the adaptive rounds. */
	if (argc > 1 && strcmp(argv[1], "plan") == 0)
		return suite_main(argc - 1, argv + 1);
	if (argc > 1 && strcmp(argv[1], "cpus") == 0)
		return cpus_main(argc - 1, argv + 1);
	if (argc > 1 && (status = subcmd_run(argc - 1, argv + 1)) >= 0)
		return status;
	cli_parse(&cfg, argc, argv);
	cfg.params.self = self_path(argv[0]);
	/* --mpi-rank is bin/bench-mpi's; here it would skip the mpi mode's
	 * checks (is it built?) and then do nothing at all. */
	{
		const struct mpi_opts *mo = cli_mode_opts(&cfg, &mpi_family);

		if (mo && mo->rank)
			gb_die(GB_EXIT_USAGE, "--mpi-rank is internal to "
			       "bin/bench-mpi, the mpi mode's rank program; "
			       "bin/bench does not take it (use --mode mpi)");
	}
	raise_fd_limit(&cfg);

	if ((status = worker_spawned_main(&cfg)) >= 0)
		return status;
	if ((status = forkserver_main(&cfg)) >= 0)
		return status;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	/* 10,000 connections or pipes need more than the usual soft limit of
	 * 1,024 open files; workers and servers inherit the raised one. */
	limits_raise_nofile();
	/* libcurl's global state must exist before any thread or fork. */
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		gb_die(GB_EXIT_FAIL, "curl_global_init failed");
	status = runner_run(&cfg);
	curl_global_cleanup();
	return status;
}
