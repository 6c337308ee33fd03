/*
 * tests/unit/output.c - cmocka tests of bench/output: the CSV writer and
 * reader.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bench/output/csv.h"

static void csv_round_trip(void **s)
{
	char path[] = "/tmp/gilbench-csv-XXXXXX", err[256], **f;
	struct csv_out *o;
	struct csv_reader *rd;
	struct csv_row row;
	long line;
	FILE *fp;
	int fd = mkstemp(path), n;

	(void)s;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(csv_open(&o, path, err, sizeof(err)), 0);
	memset(&row, 0, sizeof(row));
	csv_set(&row, COL_MODE, "threads");
	csv_set(&row, COL_ERROR, "a \"quoted\", comma\nand newline");
	assert_int_equal(csv_write_row(o, &row), 0);
	csv_close(o);

	fp = fopen(path, "r");
	assert_int_equal(csv_reader_open(&rd, fp), 0);
	n = csv_read(rd, &f, &line);
	assert_int_equal(n, COL__COUNT);
	assert_string_equal(f[0], "run_id");
	n = csv_read(rd, &f, &line);
	assert_int_equal(n, COL__COUNT);
	assert_int_equal(line, 2);
	assert_string_equal(f[COL_MODE], "threads");
	assert_string_equal(f[COL_ERROR], "a \"quoted\", comma\nand newline");
	assert_int_equal(csv_read(rd, &f, &line), 0);
	csv_reader_close(rd);
	fclose(fp);

	/* Malformed records are reported, not guessed at. */
	fp = fmemopen("a,\"b\"x,c\n", 9, "r");
	csv_reader_open(&rd, fp);
	assert_int_equal(csv_read(rd, &f, &line), -EINVAL);
	csv_reader_close(rd);
	fclose(fp);
	fp = fmemopen("a,\"unterminated\n", 16, "r");
	csv_reader_open(&rd, fp);
	assert_int_equal(csv_read(rd, &f, &line), -EINVAL);
	csv_reader_close(rd);
	fclose(fp);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_round_trip),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
