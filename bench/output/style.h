/*
 * style.h - the colours that are no mode's: reference lines and a lock
 * timeline's states. A mode's own colour and point shape are in its
 * registry entry (struct mode_look, bench/modes/registry.h; CPython's
 * rows in bench/analysis/model/modes.c); the charts get them through
 * the .meta file, the terminal table through style_ansi().
 *
 * Grey is kept for reference lines (ideal, perfect overlap, a claim's
 * bound): no mode is drawn in it.
 */
#ifndef GB_STYLE_H
#define GB_STYLE_H

#include <stddef.h>

/* The colour of reference lines, which no mode uses. */
#define STYLE_REFERENCE "#666666"

/* A thread's states in a lock timeline (bench/analysis/charts/trace.c,
 * plots/timeline.gp), and its marks. A timeline shows one mode, so these
 * are Okabe and Ito's colours chosen apart from one another, not from the
 * modes: green runs, vermillion is stuck, sky blue is away with the lock
 * free. */
#define STYLE_STATE_RUN   "#009E73"
#define STYLE_STATE_WAIT  "#D55E00"
#define STYLE_STATE_BLOCK "#56B4E9"
#define STYLE_MARK        "#000000"	/* drop requests, forced drops */
#define STYLE_MARK_FUTILE "#CC79A7"	/* futile wake-ups */

/* ANSI escape that sets a "#rrggbb" colour on a terminal (24-bit), and
 * the one that resets it; "" for black, which a dark terminal would
 * hide. */
const char *style_ansi(const char *color, char *buf, size_t len);
#define STYLE_ANSI_RESET "\033[0m"

#endif
