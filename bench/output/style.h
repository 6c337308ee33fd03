/*
 * style.h - how a mode looks, wherever it is shown: one colour and one
 * point shape per mode, from one table (style.c) in the registry's
 * order. The charts get them through the variables bin/bench writes for
 * gnuplot (NAME.vars.gp), the HTML report through its legends, the
 * terminal table through ANSI colours. A student who learned "pink is
 * gil" reads every chart of every run the same way.
 *
 * Grey is kept for reference lines (ideal, perfect overlap, a claim's
 * bound): no mode is drawn in it.
 */
#ifndef GB_STYLE_H
#define GB_STYLE_H

#include <stddef.h>

struct mode_style {
	const char *mode;	/* as in the CSV's mode column */
	const char *color;	/* "#rrggbb", colour-blind safe */
	int point;		/* gnuplot point type (pngcairo, svg) */
	const char *glyph;	/* the same shape as a UTF-8 character */
	const char *shape;	/* its name in words, "filled circle" */
};

/* The style of mode; a grey cross for a mode the table does not know
 * (style_known() tells them apart). Never NULL. */
const struct mode_style *style_of(const char *mode);
int style_known(const char *mode);
/* The mode's place in the table (the display order); gb_nstyles for a
 * mode it does not know. */
size_t style_rank(const char *mode);

/* Every entry, in order (the registry's modes, then CPython's py-*). */
extern const struct mode_style gb_styles[];
extern const size_t gb_nstyles;

/* The colour of reference lines, which no mode uses. */
#define STYLE_REFERENCE "#666666"

/* A thread's states in a lock timeline (bench/analysis/timeline.c,
 * plots/timeline.gp), and its marks. A timeline shows one mode, so these
 * are Okabe and Ito's colours chosen apart from one another, not from the
 * modes: green runs, vermillion is stuck, sky blue is away with the lock
 * free. */
#define STYLE_STATE_RUN   "#009E73"
#define STYLE_STATE_WAIT  "#D55E00"
#define STYLE_STATE_BLOCK "#56B4E9"
#define STYLE_MARK        "#000000"	/* drop requests, forced drops */
#define STYLE_MARK_FUTILE "#CC79A7"	/* futile wake-ups */

/* ANSI escape that sets the mode's colour on a terminal (24-bit), and
 * the one that resets it; "" for black, which a dark terminal would
 * hide. */
const char *style_ansi(const char *mode, char *buf, size_t len);
#define STYLE_ANSI_RESET "\033[0m"

#endif
