/*
 * fuzz_csv.c - libFuzzer target for the RFC 4180 reader (bench/csv.c),
 * the code that reads raw CSV files given to the summary stage. Any input
 * must give records or -EINVAL, never a crash, a leak or a hang.
 */
#include <stdint.h>
#include <stdio.h>

#include "bench/output/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FILE *f = fmemopen((void *)data, size, "r");
	struct csv_reader *rd;
	char **fields;
	long line;
	int n;

	if (!f)
		return 0;
	if (csv_reader_open(&rd, f) == 0) {
		while ((n = csv_read(rd, &fields, &line)) > 0) {
			for (int i = 0; i < n; i++)
				(void)fields[i][0];
			(void)csv_col_index(fields, n, "wall_s");
		}
		csv_reader_close(rd);
	}
	fclose(f);
	return 0;
}
