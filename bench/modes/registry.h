/*
 * registry.h - what the rest of the program may know of a mode by its
 * name alone: its flags and its place in the one ordered list of modes
 * (modes.c), which is also the order every table and chart shows them in.
 * The analysis uses this and nothing else of bench/modes/.
 */
#ifndef GB_MODES_REGISTRY_H
#define GB_MODES_REGISTRY_H

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

/* The flags of the mode called name, or 0 when there is none. */
unsigned gb_mode_flags(const char *name);
/* Its place in the registry (0 first), or -1 when there is none. */
int gb_mode_rank(const char *name);
/* The name of the baseline mode (MODE_F_BASELINE). */
const char *gb_mode_baseline(void);

#endif
