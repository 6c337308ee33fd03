/*
 * registry.h - what the rest of the program may know of a mode by its
 * name alone: its flags and its place in the one ordered list of modes
 * (modes.c), which is also the order every table and chart shows them in.
 * The analysis uses this and nothing else of bench/modes/.
 */
#ifndef GB_MODES_REGISTRY_H
#define GB_MODES_REGISTRY_H

#include <stddef.h>

/* The mode uses no worker count: it always records workers = 1. */
#define MODE_F_SINGLE 0x1u
/* The mode runs workers in other processes (CPU time comes from them). */
#define MODE_F_PROCESSES 0x2u
/* The workers share no memory with the parent, not even what existed
 * before they started (spawn): workloads with WL_F_SHARED_MEMORY cannot
 * run in it. */
#define MODE_F_NO_SHARED 0x4u
/* The baseline every speedup is measured against (seq). */
#define MODE_F_BASELINE 0x8u
/* One thread runs every task (async, but for workloads with an event
 * loop of their own): workloads with WL_F_TOGETHER cannot run in it,
 * whatever --workers says. */
#define MODE_F_ONE_THREAD 0x10u

/* How a mode looks and what it is, wherever it is shown: one colour and
 * one point shape per mode in every chart, legend and terminal table (a
 * student who learned "pink is gil" reads every chart of every run the
 * same way), and a sentence for the report's glossary. The colours are
 * Okabe and Ito's eight, which stay apart for the common kinds of colour
 * blindness, then Paul Tol's; grey is kept for reference lines. */
struct mode_look {
	const char *color;	/* "#rrggbb" */
	int point;		/* gnuplot point type (pngcairo, svg) */
	const char *glyph;	/* the same shape as one character, one
				   terminal column wide */
	const char *shape;	/* its name in words, "filled circle" */
	const char *gloss;	/* what the mode is, for a student */
};

/* The names of the modes in their order; how many (<= max). */
size_t gb_mode_names(const char **out, size_t max);
/* The look of the mode called name, or NULL when there is none. */
const struct mode_look *gb_mode_look(const char *name);

/* The flags of the mode called name, or 0 when there is none. */
unsigned gb_mode_flags(const char *name);
/* Its place in the registry (0 first), or -1 when there is none. */
int gb_mode_rank(const char *name);
/* The name of the baseline mode (MODE_F_BASELINE). */
const char *gb_mode_baseline(void);

#endif
