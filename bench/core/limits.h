/*
 * limits.h - whether this machine can hold what a cell's pool asks for
 * (threads, processes, file descriptors: the mode's needs(), see
 * modes/mode.h), so that a cell of 10,000 workers that cannot run here
 * fails alone, saying what is short, instead of half-starting and
 * failing task by task.
 */
#ifndef GB_LIMITS_H
#define GB_LIMITS_H

#include <stddef.h>

#include "bench/modes/mode.h"

/* Raise the soft limit on open files to the hard limit: once, at start,
 * before any worker or server inherits it. */
void limits_raise_nofile(void);

/* Whether a pool of mode m for job can start here: 0, or -EMFILE (file
 * descriptors) or -EAGAIN (threads or processes) with *why saying what
 * the cell needs and what the limit is. Raises the open-files limit (the
 * hard one too, when allowed) if that is enough. */
int limits_check(const struct mode *m, const struct job *job, char *why,
		 size_t len);

/* After a pool failed with rc (-EAGAIN, -ENOMEM, -EMFILE, ...): the
 * limits that may be why, in words, into buf (empty for other errors). */
void limits_explain(int rc, char *buf, size_t len);

#endif
