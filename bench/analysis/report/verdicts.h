/*
 * verdicts.h - the verdicts as data and on the terminal (verdicts.c):
 * RUN/verdicts.csv (one line per claim, so a course can collect many
 * machines' verdicts with a script) and the lines `make bench` ends
 * with.
 */
#ifndef GB_VERDICTS_H
#define GB_VERDICTS_H

#include <stdio.h>

#include "bench/analysis/claims/claims.h"

/* path: id,verdict,figure,interval,reason,repetitions,busy (RFC 4180),
 * written aside and renamed. 0 or -errno. */
int verdicts_write_csv(const char *path, const struct claim_result *res);

/* One entry per claim (res has CLAIM__COUNT): "C2   inconclusive   REASON", the reason wrapped
 * to width columns under itself. */
void verdicts_print(FILE *f, const struct claim_result *res,
		    unsigned width);

/* The terminal's width: $COLUMNS, else the window of stdout or stderr,
 * else 80. */
unsigned verdicts_width(void);

#endif
