/* worker.c - see worker.h. */
#include "bench/modes/proc/worker.h"
#include "bench/modes/proc/procpool.h"
#include "bench/core/cli.h"
#include "bench/core/task.h"
#include "bench/core/util.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

int worker_serve(const struct job *job, const struct worker_io *io)
{
	void *wstate = NULL;
	const void *in;
	uint64_t task;
	size_t len;
	int rc, status = 0;

	gb_fault_in_process = 1;
	if (job->wl->worker_init && job->wl->worker_init(job->state, &wstate))
		return WORKER_EXIT_INIT;
	if (io->ready(io->arg))
		status = WORKER_EXIT_CHANNEL;
	while (!status && (rc = io->next(io->arg, &task, &in, &len)) == 1) {
		struct task_out out;

		if (in)
			gb_task_run_input(job, wstate, task, in, len, &out);
		else
			gb_task_run(job, wstate, task, &out);
		if (io->reply(io->arg, &out))
			break;
	}
	if (!status && rc < 0)
		status = rc == -ENOMEM ? WORKER_EXIT_NOMEM : WORKER_EXIT_CHANNEL;
	if (job->wl->worker_fini)
		job->wl->worker_fini(wstate);
	return status;
}

int worker_bind_parent(pid_t parent)
{
	/* PR_SET_PDEATHSIG is cleared in the child of every fork (and
	 * posix_spawn forks), so each worker sets it itself. If the parent
	 * died before that, we were already re-parented: check. */
	int rc = gb_bind_to_parent(parent, SIGKILL);

	if (rc)
		return rc;
	signal(SIGINT, SIG_IGN);	/* the parent stops us, by EOF */
	signal(SIGTERM, SIG_DFL);
	return 0;
}

void worker_rebuild(const struct config *cfg, struct job *job,
		    struct wl_params *p, const char *who)
{
	const struct workload *wl = cfg->wls[0];
	char err[256] = "";

	memset(job, 0, sizeof(*job));
	job->wl = wl;
	job->params = p;
	job->fault_kind = cfg->fault_kind;
	job->fault_task = cfg->fault_task;
	cli_params_for(cfg, wl, p);
	if (wl->setup(p, &job->state, err, sizeof(err)))
		gb_die(GB_EXIT_FAIL, "%s: %s", who, err);
	job->ntasks = p->tasks;
}

int worker_spawned_main(const struct config *cfg)
{
	const struct proc_opts *o = cli_mode_opts(cfg, &proc_family);
	struct wl_params p;
	struct job job;
	int rc;

	if (!o || o->worker_in < 0)
		return -1;
	if (!o->worker_parent)
		gb_die(GB_EXIT_USAGE, "--worker-fds is internal: it needs "
		       "--worker-parent");
	if (worker_bind_parent((pid_t)o->worker_parent))
		return WORKER_EXIT_PARENT;
	worker_rebuild(cfg, &job, &p, "worker");
	rc = procpool_serve_pipes(&job, o->worker_in, o->worker_out);
	if (job.wl->teardown)
		job.wl->teardown(job.state);
	return rc;
}
