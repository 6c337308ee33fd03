/*
 * style.c - see style.h. The colours are Okabe and Ito's eight, which
 * stay apart for the common kinds of colour blindness, then four of Paul
 * Tol's for the modes beyond them. The shapes' characters are all one
 * terminal column wide (no pentagons: many terminals draw them double),
 * so the terminal table stays aligned. Each of bin/bench's modes also has
 * its own point shape, so two of them never differ by colour alone.
 * Related modes sit near each other: the GIL modes pink and wine, the
 * process pools the warm colours; CPython's own rows greens and browns,
 * away from the simulated GIL's pinks. forkserver's dark red (ColorBrewer's
 * RdBu end) sits between fork's vermillion and the wines in hue and below
 * both in lightness, so it stays apart from every mode's colour under the
 * three common kinds of colour blindness.
 */
#include "bench/output/style.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct mode_style gb_styles[] = {
	/* bench/modes/modes.c, in its order. */
	{ "seq",        "#000000",  5, "\u25a0", "filled square" },
	{ "threads",    "#0072B2",  7, "\u25cf", "filled circle" },
	{ "fork",       "#D55E00",  9, "\u25b2", "filled triangle" },
	{ "forkserver", "#A50026",  1, "+",      "plus" },
	{ "spawn",      "#E69F00", 11, "\u25bc", "filled inverted triangle" },
	{ "fork-shm",   "#009E73",  3, "*",      "asterisk" },
	{ "gil",        "#CC79A7", 13, "\u25c6", "filled diamond" },
	{ "gil-legacy", "#882255",  4, "\u25a1", "open square" },
	{ "async",      "#56B4E9",  6, "\u25cb", "open circle" },
	{ "omp",        "#332288",  8, "\u25b3", "open triangle" },
	{ "mpi",        "#999933", 10, "\u25bd", "open inverted triangle" },
	/* CPython's own rows (python/compare.py): CPython 3, CPython 2.7,
	 * a free-threaded CPython. Each interpreter's seq, threads and
	 * processes share a shape (diamond, plus, cross) and differ by
	 * colour; their charts name the interpreter too. */
	{ "py-seq",       "#117733", 12, "\u25c7", "open diamond" },
	{ "py-threads",   "#44AA99",  1, "+",      "plus" },
	{ "py-procs",     "#88CCEE",  2, "\u00d7", "cross" },
	{ "py2-seq",      "#225522", 12, "\u25c7", "open diamond" },
	{ "py2-threads",  "#997700",  1, "+",      "plus" },
	{ "py2-procs",    "#663333",  2, "\u00d7", "cross" },
	{ "pyft-seq",     "#666633", 12, "\u25c7", "open diamond" },
	{ "pyft-threads", "#225555",  1, "+",      "plus" },
	{ "pyft-procs",   "#222255",  2, "\u00d7", "cross" },
};
const size_t gb_nstyles = sizeof(gb_styles) / sizeof(gb_styles[0]);

static const struct mode_style unknown = {
	"?", "#999999", 0, "\u00b7", "dot",
};

const struct mode_style *style_of(const char *mode)
{
	for (size_t i = 0; i < gb_nstyles; i++)
		if (strcmp(gb_styles[i].mode, mode) == 0)
			return &gb_styles[i];
	return &unknown;
}

size_t style_rank(const char *mode)
{
	for (size_t i = 0; i < gb_nstyles; i++)
		if (strcmp(gb_styles[i].mode, mode) == 0)
			return i;
	return gb_nstyles;
}

int style_known(const char *mode)
{
	return style_of(mode) != &unknown;
}

const char *style_ansi(const char *mode, char *buf, size_t len)
{
	const char *c = style_of(mode)->color;
	unsigned long rgb = strtoul(c + 1, NULL, 16);

	if (!rgb)
		snprintf(buf, len, "%s", "");
	else
		snprintf(buf, len, "\033[38;2;%lu;%lu;%lum", rgb >> 16 & 255,
			 rgb >> 8 & 255, rgb & 255);
	return buf;
}
