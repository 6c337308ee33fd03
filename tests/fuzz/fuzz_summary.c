/*
 * fuzz_summary.c - libFuzzer target for the model's loader
 * (bench/analysis/model/: bind.c, load.c, model.c, series.c): whatever
 * CSV a user hands to `bench summarize` (a cut run, a hand edit, the
 * wrong file), it loads into cells and series or gives one FILE:LINE
 * error, never a crash, a leak, a hang or undefined behaviour, and the
 * error is one line of printable text. Cells that load must have the
 * figures the report divides by, and belong to a series.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench/analysis/model/model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "r");
	struct model *m;
	char err[4400] = "";

	if (!f)
		return 0;
	if (model_load_stream(&m, f, "fuzz.csv", err, sizeof(err)) == 0) {
		for (size_t i = 0; i < model_ncells(m); i++) {
			const struct cell *c = model_cell_at(m, i);

			if (c->n && (isnan(c->median) || c->median < 0))
				abort();	/* verified rows have a time */
			if (!c->series)
				abort();	/* every cell is in a series */
		}
		model_free(m);
	} else {
		for (const char *p = err; *p; p++)
			if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
				abort();	/* raw bytes would reach the terminal */
	}
	fclose(f);
	return 0;
}
