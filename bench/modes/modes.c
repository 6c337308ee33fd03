/*
 * modes.c - the one ordered list of modes. Adding a mode is one file
 * defining `const struct mode mode_NAME` and one line here; its place in
 * the list is where tables and charts show it.
 */
#include "bench/modes/mode.h"

#include <string.h>

extern const struct mode mode_seq, mode_threads, mode_fork,
	mode_forkserver, mode_spawn, mode_fork_shm, mode_gil, mode_gil_legacy,
	mode_async, mode_omp, mode_mpi;

const struct mode *const gb_modes[] = {
	&mode_seq,
	&mode_threads,
	&mode_fork,
	&mode_forkserver,
	&mode_spawn,
	&mode_fork_shm,
	&mode_gil,
	&mode_gil_legacy,
	&mode_async,
	&mode_omp,
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

size_t gb_mode_names(const char **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < gb_nmodes && n < max; i++)
		out[n++] = gb_modes[i]->name;
	return n;
}

const struct mode_look *gb_mode_look(const char *name)
{
	const struct mode *m = gb_mode_find(name);

	return m ? &m->look : NULL;
}

unsigned gb_mode_flags(const char *name)
{
	const struct mode *m = gb_mode_find(name);

	return m ? m->flags : 0;
}

int gb_mode_rank(const char *name)
{
	for (size_t i = 0; i < gb_nmodes; i++)
		if (strcmp(gb_modes[i]->name, name) == 0)
			return (int)i;
	return -1;
}

const char *gb_mode_baseline(void)
{
	for (size_t i = 0; i < gb_nmodes; i++)
		if (gb_modes[i]->flags & MODE_F_BASELINE)
			return gb_modes[i]->name;
	return "seq";
}

size_t gb_mode_families(const struct mode_family **out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < gb_nmodes; i++) {
		const struct mode_family *f = gb_modes[i]->family;
		int seen = 0;

		for (size_t k = 0; k < n && !seen; k++)
			seen = out[k] == f;
		if (f && !seen && n < max)
			out[n++] = f;
	}
	return n;
}

void gb_mode_needs_threads(const struct job *job, struct mode_needs *n)
{
	n->threads = job->workers;
	n->fds_per = job->wl->fds_per_worker;
	n->fds = (unsigned long)job->workers * n->fds_per;
}
