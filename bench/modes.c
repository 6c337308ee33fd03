/*
 * modes.c - the one list of modes, and the task runner they share. Adding
 * a mode is one file defining `const struct mode mode_NAME` and one line
 * here.
 */
#include "mode.h"
#include "fault.h"

#include <string.h>

extern const struct mode mode_seq, mode_threads, mode_fork, mode_gil,
	mode_gil_legacy, mode_async, mode_mpi;

const struct mode *const gb_modes[] = {
	&mode_seq,
	&mode_threads,
	&mode_fork,
	&mode_gil,
	&mode_gil_legacy,
	&mode_async,
	&mode_mpi,
};
const size_t gb_nmodes = sizeof(gb_modes) / sizeof(gb_modes[0]);

const struct mode *gb_mode_find(const char *name)
{
	for (size_t i = 0; i < gb_nmodes; i++)
		if (strcmp(gb_modes[i]->name, name) == 0)
			return gb_modes[i];
	return NULL;
}

void gb_task_run(const struct job *job, void *wstate, uint64_t i,
		 struct task_out *out)
{
	memset(out, 0, sizeof(*out));
	if (gb_fault_maybe(job, i, out))
		return;
	job->wl->run_task(job->state, wstate, i, out);
}
