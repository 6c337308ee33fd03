/*
 * fuzz_summary.c - libFuzzer target for the summary loader
 * (bench/analysis/load.c and summary.c): whatever CSV a user hands to
 * `bench summarize` (a cut run, a hand edit, the wrong file), it loads
 * into cells or gives one FILE:LINE error, never a crash, a leak, a hang
 * or undefined behaviour, and the error is one line of printable text.
 * Cells that load must have the figures the report divides by.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench/analysis/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "r");
	struct summary *s;
	char err[4400] = "";

	if (!f)
		return 0;
	if (summary_load_stream(&s, f, "fuzz.csv", err, sizeof(err)) == 0) {
		for (size_t i = 0; i < summary_ncells(s); i++) {
			const struct sum_cell *c = summary_cell(s, i);

			if (c->n && (isnan(c->median) || c->median < 0))
				abort();	/* verified rows have a time */
		}
		summary_free(s);
	} else {
		for (const char *p = err; *p; p++)
			if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
				abort();	/* raw bytes would reach the terminal */
	}
	fclose(f);
	return 0;
}
