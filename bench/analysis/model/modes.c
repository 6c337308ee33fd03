/* modes.c - see modes.h. */
#include "bench/analysis/model/modes.h"
#include "bench/core/util.h"

#include <string.h>

/* CPython's rows (python/compare.py, the same schema): each interpreter
 * measured against its own seq, shown after bin/bench's modes. Each
 * interpreter's seq, threads and processes share a shape (diamond, plus,
 * cross) and differ by colour, greens and browns away from the
 * simulated GIL's pinks; their charts name the interpreter too. */
static const struct {
	const char *name, *baseline, *interpreter;
	struct mode_look look;
} cpython[] = {
	{ "py-seq", "py-seq", "CPython 3", { "#117733", 12, "\u25c7",
	  "open diamond", "Real CPython 3 (`python/compare.py`): the "
	  "articles' code in a plain loop, the baseline of the py- rows." } },
	{ "py-threads", "py-seq", "CPython 3", { "#44AA99", 1, "+", "plus",
	  "Real CPython 3 threads, under CPython's own GIL." } },
	{ "py-procs", "py-seq", "CPython 3", { "#88CCEE", 2, "\u00d7",
	  "cross", "A real CPython 3 process pool "
	  "(`concurrent.futures.ProcessPoolExecutor`)." } },
	{ "py2-seq", "py2-seq", "CPython 2.7", { "#225522", 12, "\u25c7",
	  "open diamond", "Real CPython 2.7: the same code in a plain loop, "
	  "the baseline of the py2- rows." } },
	{ "py2-threads", "py2-seq", "CPython 2.7", { "#997700", 1, "+",
	  "plus", "Real CPython 2.7 threads, under its old GIL (what "
	  "gil-legacy simulates)." } },
	{ "py2-procs", "py2-seq", "CPython 2.7", { "#663333", 2, "\u00d7",
	  "cross", "A real CPython 2.7 process pool." } },
	{ "pyft-seq", "pyft-seq", "free-threaded CPython", { "#666633", 12,
	  "\u25c7", "open diamond", "A free-threaded CPython (no GIL): the "
	  "same code in a plain loop, the baseline of the pyft- rows." } },
	{ "pyft-threads", "pyft-seq", "free-threaded CPython", { "#225555",
	  1, "+", "plus", "Free-threaded CPython threads: no GIL, like the "
	  "threads mode." } },
	{ "pyft-procs", "pyft-seq", "free-threaded CPython", { "#222255", 2,
	  "\u00d7", "cross", "A free-threaded CPython's process pool." } },
};

const char *const mode_cpython_rows[] = {
	"py-seq", "py-threads", "py-procs", "py2-seq", "py2-threads",
	"py2-procs", "pyft-seq", "pyft-threads", "pyft-procs", NULL,
};

/* A mode neither the registry nor the table knows. */
static const struct mode_look unknown = { "#999999", 0, "\u00b7", "dot",
					  NULL };

static int cpython_row(const char *mode)
{
	for (size_t i = 0; i < GB_ARRAY_LEN(cpython); i++)
		if (strcmp(cpython[i].name, mode) == 0)
			return (int)i;
	return -1;
}

const char *mode_baseline(const char *mode)
{
	int i = cpython_row(mode);

	return i >= 0 ? cpython[i].baseline : gb_mode_baseline();
}

int mode_is_baseline(const char *mode)
{
	return strcmp(mode, mode_baseline(mode)) == 0;
}

const char *mode_interpreter(const char *mode)
{
	int i = cpython_row(mode);

	return i >= 0 ? cpython[i].interpreter : NULL;
}

int mode_rank(const char *mode)
{
	int r = gb_mode_rank(mode);

	if (r >= 0)
		return r;
	r = cpython_row(mode);
	return r >= 0 ? 1000 + r : 2000;
}

const struct mode_look *mode_look(const char *mode)
{
	const struct mode_look *l = gb_mode_look(mode);
	int i = cpython_row(mode);

	if (l)
		return l;
	return i >= 0 ? &cpython[i].look : &unknown;
}
