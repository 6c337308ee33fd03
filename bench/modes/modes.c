/*
 * modes.c - the one list of modes, and the task runner they share. Adding
 * a mode is one file defining `const struct mode mode_NAME` and one line
 * here.
 */
#include "bench/modes/mode.h"
#include "bench/core/fault.h"

#include <string.h>

extern const struct mode mode_seq, mode_threads, mode_fork, mode_gil,
	mode_gil_legacy, mode_async, mode_mpi;
extern const struct mode mode_spawn, mode_fork_shm, mode_omp;

const struct mode *const gb_modes[] = {
	&mode_seq,
	&mode_threads,
	&mode_fork,
	&mode_gil,
	&mode_gil_legacy,
	&mode_async,
	&mode_mpi,
	&mode_spawn,
	&mode_fork_shm,
	&mode_omp,
};
const size_t gb_nmodes = sizeof(gb_modes) / sizeof(gb_modes[0]);

const struct mode *gb_mode_find(const char *name)
{
	for (size_t i = 0; i < gb_nmodes; i++)
		if (strcmp(gb_modes[i]->name, name) == 0)
			return gb_modes[i];
	return NULL;
}

/* The running task's input, per thread: a pool may run several tasks at
 * once, each with its own. */
static _Thread_local const void *tls_input;
static _Thread_local size_t tls_input_len;

const void *wl_input(size_t *len)
{
	*len = tls_input_len;
	return tls_input;
}

void gb_task_run_input(const struct job *job, void *wstate, uint64_t i,
		       const void *in, size_t len, struct task_out *out)
{
	memset(out, 0, sizeof(*out));
	if (gb_fault_maybe(job, i, out))
		return;
	tls_input = in;
	tls_input_len = len;
	job->wl->run_task(job->state, wstate, i, out);
	tls_input = NULL;
	tls_input_len = 0;
}

void gb_task_run(const struct job *job, void *wstate, uint64_t i,
		 struct task_out *out)
{
	const void *in = NULL;
	size_t len = 0;

	if (job->wl->task_input)
		in = job->wl->task_input(job->state, i, &len);
	gb_task_run_input(job, wstate, i, in, len, out);
}
