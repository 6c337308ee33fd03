/* modes.c - see modes.h. */
#include "bench/analysis/model/modes.h"
#include "bench/core/util.h"
#include "bench/modes/registry.h"

#include <string.h>

/* CPython's rows (python/compare.py, the same schema): each interpreter
 * measured against its own seq, shown after bin/bench's modes. */
static const struct {
	const char *name, *baseline, *interpreter;
} cpython_rows[] = {
	{ "py-seq", "py-seq", "CPython 3" },
	{ "py-threads", "py-seq", "CPython 3" },
	{ "py-procs", "py-seq", "CPython 3" },
	{ "py2-seq", "py2-seq", "CPython 2.7" },
	{ "py2-threads", "py2-seq", "CPython 2.7" },
	{ "py2-procs", "py2-seq", "CPython 2.7" },
	{ "pyft-seq", "pyft-seq", "free-threaded CPython" },
	{ "pyft-threads", "pyft-seq", "free-threaded CPython" },
	{ "pyft-procs", "pyft-seq", "free-threaded CPython" },
};

static int cpython_row(const char *mode)
{
	for (size_t i = 0; i < GB_ARRAY_LEN(cpython_rows); i++)
		if (strcmp(cpython_rows[i].name, mode) == 0)
			return (int)i;
	return -1;
}

const char *mode_baseline(const char *mode)
{
	int i = cpython_row(mode);

	return i >= 0 ? cpython_rows[i].baseline : gb_mode_baseline();
}

int mode_is_baseline(const char *mode)
{
	return strcmp(mode, mode_baseline(mode)) == 0;
}

const char *mode_interpreter(const char *mode)
{
	int i = cpython_row(mode);

	return i >= 0 ? cpython_rows[i].interpreter : NULL;
}

int mode_rank(const char *mode)
{
	int r = gb_mode_rank(mode);

	if (r >= 0)
		return r;
	r = cpython_row(mode);
	return r >= 0 ? 1000 + r : 2000;
}
