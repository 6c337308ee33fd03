/* modes.c - see modes.h. */
#include "bench/analysis/model/modes.h"
#include "bench/core/util.h"

#include <stdio.h>
#include <string.h>

/* CPython's rows (python/compare.py, the same schema): PREFIX-SUFFIX,
 * one prefix per interpreter, each measured against its own PREFIX-seq
 * and shown after bin/bench's modes. seq, threads and processes share a
 * shape across interpreters (diamond, plus, cross) and differ by colour:
 * greens and browns for the interpreters with their GIL, away from the
 * simulated GIL's pinks, teal and blue for the free-threaded build, and
 * plum for it with its GIL turned back on. */
static const struct {
	const char *prefix, *interpreter;
	const char *gil;	/* what its threads run under */
	const char *color[3];	/* seq, threads, procs */
	const char *pools;	/* its thread and process pools; NULL:
				   concurrent.futures' */
} interp[] = {
	{ "py", "CPython 3", "under CPython's own GIL",
	  { "#117733", "#44AA99", "#88CCEE" }, NULL },
	{ "py2", "CPython 2.7", "under its old GIL (what gil-legacy "
	  "simulates)", { "#225522", "#997700", "#663333" },
	  "a thread pool of compare.py's own\0`multiprocessing.Pool`" },
	{ "pyft", "free-threaded CPython", "with no GIL (PYTHON_GIL=0), "
	  "like the threads mode", { "#666633", "#225555", "#222255" }, NULL },
	{ "pyftgil", "free-threaded CPython, PYTHON_GIL=1", "under the GIL "
	  "the free-threaded build turns back on with PYTHON_GIL=1",
	  { "#882E72", "#AE76A3", "#D1BBD7" }, NULL },
	{ "pytwin", "CPython (the free-threaded build's GIL twin)",
	  "under the GIL of the same version built the default way",
	  { "#55331F", "#B17F4A", "#E8C89E" }, NULL },
};

/* What a row of each suffix is. The start-up cells (workload empty) are
 * ProcessPoolExecutor under each start method; they draw like
 * bin/bench's mode of the same name, in the interpreter's process colour. */
enum { SUF_SEQ, SUF_THREADS, SUF_PROCS, SUF_FORK, SUF_FORKSERVER,
       SUF_SPAWN, SUF__COUNT };
static const struct {
	const char *name;
	int point;
	const char *glyph, *shape;
} suffix[SUF__COUNT] = {
	{ "seq", 12, "\u25c7", "open diamond" },
	{ "threads", 1, "+", "plus" },
	{ "procs", 2, "\u00d7", "cross" },
	{ "fork", 2, "\u00d7", "cross" },
	{ "forkserver", 2, "\u00d7", "cross" },
	{ "spawn", 2, "\u00d7", "cross" },
};

#define NINTERP GB_ARRAY_LEN(interp)

/* Each row's look and gloss, made once (the glosses name the
 * interpreter). */
static struct mode_look looks[NINTERP][SUF__COUNT];
static char names[NINTERP][SUF__COUNT][32];
static char glosses[NINTERP][SUF__COUNT][256];

const char *const mode_cpython_rows[] = {
	"py-seq", "py-threads", "py-procs", "py2-seq", "py2-threads",
	"py2-procs", "pyft-seq", "pyft-threads", "pyft-procs",
	"pyftgil-seq", "pyftgil-threads", "pyftgil-procs", "pytwin-seq",
	"pytwin-threads", "pytwin-procs", NULL,
};

static void make_looks(void)
{
	static int made;

	if (made)
		return;
	made = 1;
	for (size_t i = 0; i < NINTERP; i++)
		for (size_t s = 0; s < SUF__COUNT; s++) {
			/* Two strings in one: threads' pool, NUL, processes'. */
			const char *tpool = interp[i].pools ? interp[i].pools
					    : "`ThreadPoolExecutor`";
			const char *ppool = interp[i].pools ? interp[i].pools +
					    strlen(interp[i].pools) + 1
					    : "`ProcessPoolExecutor`";
			char *g = glosses[i][s];
			size_t len = sizeof(glosses[i][s]);

			snprintf(names[i][s], sizeof(names[i][s]), "%s-%s",
				 interp[i].prefix, suffix[s].name);
			if (s == SUF_SEQ)
				snprintf(g, len, "Real %s (`python/compare.py`): "
					 "the articles' code in a plain loop, the "
					 "baseline of the %s- rows.",
					 interp[i].interpreter, interp[i].prefix);
			else if (s == SUF_THREADS)
				snprintf(g, len, "Real %s threads (%s), %s.",
					 interp[i].interpreter, tpool, interp[i].gil);
			else if (s == SUF_PROCS)
				snprintf(g, len, "A real %s process pool (%s).",
					 interp[i].interpreter, ppool);
			else
				snprintf(g, len, "%s's `ProcessPoolExecutor` "
					 "with the %s start method: its start-up "
					 "beside bin/bench's %s.",
					 interp[i].interpreter, suffix[s].name,
					 suffix[s].name);
			looks[i][s] = (struct mode_look){
				interp[i].color[s < SUF_PROCS ? s : SUF_PROCS],
				suffix[s].point, suffix[s].glyph,
				suffix[s].shape, g };
		}
}

/* The CPython row called mode: its interpreter and suffix; 0, or -1. */
static int cpython_row(const char *mode, size_t *i, size_t *s)
{
	make_looks();
	for (*i = 0; *i < NINTERP; (*i)++)
		for (*s = 0; *s < SUF__COUNT; (*s)++)
			if (strcmp(names[*i][*s], mode) == 0)
				return 0;
	return -1;
}

const char *mode_baseline(const char *mode)
{
	size_t i, s;

	return cpython_row(mode, &i, &s) ? gb_mode_baseline()
					  : names[i][SUF_SEQ];
}

int mode_is_baseline(const char *mode)
{
	return strcmp(mode, mode_baseline(mode)) == 0;
}

const char *mode_interpreter(const char *mode)
{
	size_t i, s;

	return cpython_row(mode, &i, &s) ? NULL : interp[i].interpreter;
}

int mode_rank(const char *mode)
{
	int r = gb_mode_rank(mode);
	size_t i, s;

	if (r >= 0)
		return r;
	if (!cpython_row(mode, &i, &s))
		return 1000 + (int)(i * SUF__COUNT + s);
	return 2000;
}

const struct mode_look *mode_look(const char *mode)
{
	/* A mode neither the registry nor the table knows. */
	static const struct mode_look unknown = { "#999999", 0, "\u00b7",
						  "dot", NULL };
	const struct mode_look *l = gb_mode_look(mode);
	size_t i, s;

	if (l)
		return l;
	return cpython_row(mode, &i, &s) ? &unknown : &looks[i][s];
}
