/*
 * tests/unit/output.c - cmocka tests of bench/output: the CSV writer and
 * reader, the numbers a person reads, the modes' one look.
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
#include <pthread.h>

#include <math.h>

#include "bench/output/csv.h"
#include "bench/output/human.h"
#include "bench/output/style.h"
#include "bench/analysis/model/modes.h"
#include "bench/modes/mode.h"

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

/* Durations, sizes, counts and ratios as a reader wants them: a unit
 * that fits, three significant digits, never "0.0000" or "0.00x". */
static void human_numbers_read_as_words(void **st)
{
	char b[HUMAN_LEN], r[2 * HUMAN_LEN];

	(void)st;
	assert_string_equal(human_seconds(b, sizeof(b), 7.279e-05), "72.8 us");
	assert_string_equal(human_seconds(b, sizeof(b), 0.0001894), "189 us");
	assert_string_equal(human_seconds(b, sizeof(b), 5.6e-8), "56.0 ns");
	assert_string_equal(human_seconds(b, sizeof(b), 0.0747), "74.7 ms");
	assert_string_equal(human_seconds(b, sizeof(b), 2.3141), "2.31 s");
	assert_string_equal(human_seconds(b, sizeof(b), 0.0009997), "1.00 ms");
	assert_string_equal(human_seconds(b, sizeof(b), 0), "0");
	assert_string_equal(human_seconds(b, sizeof(b), NAN), "-");
	assert_string_equal(human_seconds(b, sizeof(b), 1200), "20.0 min");
	assert_string_equal(human_range(r, sizeof(r), 7.279e-05, 0.0001894),
			    "72.8 us to 189 us");
	assert_string_equal(human_bytes(b, sizeof(b), 67108864), "64 MiB");
	assert_string_equal(human_bytes(b, sizeof(b), 1024), "1 KiB");
	assert_string_equal(human_bytes(b, sizeof(b), 1536 * 1024), "1.50 MiB");
	assert_string_equal(human_bytes(b, sizeof(b), 512), "512 B");
	assert_string_equal(human_count(b, sizeof(b), 110400), "110,400");
	assert_string_equal(human_count(b, sizeof(b), 1234567.4), "1,234,567");
	assert_string_equal(human_count(b, sizeof(b), 199.1), "199");
	assert_string_equal(human_count(b, sizeof(b), 0.1313), "0.131");
	assert_string_equal(human_count(b, sizeof(b), 0), "0");
	assert_string_equal(human_ratio(b, sizeof(b), 1.9214), "1.92x");
	assert_string_equal(human_ratio(b, sizeof(b), 15.76), "15.8x");
	assert_string_equal(human_ratio(b, sizeof(b), 0.0131), "0.013x");
	assert_string_equal(human_ratio(b, sizeof(b), 0.95), "0.95x");
	assert_string_equal(human_ratio(b, sizeof(b), 0.9), "0.90x");
	assert_string_equal(human_ratio(b, sizeof(b), 0.00004), "<0.001x");
	assert_string_equal(human_metric(b, sizeof(b), "lost_updates", 110400),
			    "110,400 lost updates");
	assert_string_equal(human_metric(b, sizeof(b), "us_per_task", 0.1313),
			    "131 ns per task");
	assert_string_equal(human_metric(b, sizeof(b), "round_trips_per_s",
					 25876.2), "25,876 round trips/s");
}

/* Every mode has its own look, bin/bench's and CPython's rows alike: no
 * two modes share a colour, no two of bin/bench's modes a point shape;
 * grey is the reference lines' alone, and every look says what it is. */
static void every_mode_has_one_look(void **st)
{
	const struct mode_look *look[64];
	size_t n = 0;

	(void)st;
	for (size_t i = 0; i < gb_nmodes; i++) {
		assert_ptr_equal(gb_mode_look(gb_modes[i]->name),
				 &gb_modes[i]->look);
		look[n++] = &gb_modes[i]->look;
	}
	for (size_t i = 0; mode_cpython_rows[i]; i++)
		look[n++] = mode_look(mode_cpython_rows[i]);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(strlen(look[i]->color), 7);
		assert_int_equal(look[i]->color[0], '#');
		assert_string_not_equal(look[i]->color, STYLE_REFERENCE);
		assert_non_null(look[i]->glyph);
		assert_non_null(look[i]->shape);
		assert_true(look[i]->gloss && strlen(look[i]->gloss) > 10);
		for (size_t k = i + 1; k < n; k++) {
			assert_string_not_equal(look[i]->color,
						look[k]->color);
			if (k < gb_nmodes)
				assert_int_not_equal(look[i]->point,
						     look[k]->point);
		}
	}
	assert_null(gb_mode_look("no-such-mode"));
	assert_non_null(mode_look("no-such-mode")->color);
}

/* Several runs opening one new CSV at the same moment: before the header
 * check held the file's lock, two of them could each find the file empty
 * and write a header, or find half of another's header and refuse it. */
#define OPENERS 4
static pthread_barrier_t open_line;
static const char *open_path;
static int open_rc[OPENERS];

static void *open_at_once(void *arg)
{
	int k = (int)(intptr_t)arg;
	char err[256];
	struct csv_out *o = NULL;

	pthread_barrier_wait(&open_line);
	open_rc[k] = csv_open(&o, open_path, err, sizeof(err));
	csv_close(o);
	return NULL;
}

static void csv_open_by_several_at_once_writes_one_header(void **s)
{
	char path[] = "/tmp/gilbench-hdr-XXXXXX", header[2048], line[2048];
	int fd = mkstemp(path), twice = 0, refused = 0;

	(void)s;
	assert_true(fd >= 0);
	close(fd);
	csv_header(header, sizeof(header));
	open_path = path;
	for (int trial = 0; trial < 300; trial++) {
		pthread_t t[OPENERS];
		FILE *f;
		int headers = 0;

		unlink(path);
		pthread_barrier_init(&open_line, NULL, OPENERS);
		for (int k = 0; k < OPENERS; k++)
			pthread_create(&t[k], NULL, open_at_once,
				       (void *)(intptr_t)k);
		for (int k = 0; k < OPENERS; k++) {
			pthread_join(t[k], NULL);
			refused += open_rc[k] != 0;
		}
		pthread_barrier_destroy(&open_line);
		f = fopen(path, "r");
		assert_non_null(f);
		while (fgets(line, sizeof(line), f))
			headers += strncmp(line, header, strlen(header)) == 0;
		fclose(f);
		twice += headers != 1;
	}
	unlink(path);
	/* Print both counts when it fails. */
	assert_int_equal(twice, 0);
	assert_int_equal(refused, 0);
}

/* The reader's limits and its refusal of NUL bytes, with where. */
static void csv_reader_refuses_nul_and_overlong_records(void **s)
{
	static const char nul[] = "a,b\nc,d\0e,f\n";
	struct csv_reader *rd;
	char **f, *big;
	long line, eline, ecol;
	FILE *fp;

	(void)s;
	fp = fmemopen((void *)nul, sizeof(nul) - 1, "r");
	assert_int_equal(csv_reader_open(&rd, fp), 0);
	assert_int_equal(csv_read(rd, &f, &line), 2);
	assert_int_equal(csv_read(rd, &f, &line), -EINVAL);
	assert_string_equal(csv_reader_error(rd, &eline, &ecol), "a NUL byte");
	assert_int_equal(eline, 2);
	assert_int_equal(ecol, 4);
	csv_reader_close(rd);
	fclose(fp);

	/* 2 MiB without a newline: refused at the 1 MiB limit. */
	big = malloc(2u << 20);
	assert_non_null(big);
	memset(big, 'x', 2u << 20);
	fp = fmemopen(big, 2u << 20, "r");
	assert_int_equal(csv_reader_open(&rd, fp), 0);
	assert_int_equal(csv_read(rd, &f, &line), -E2BIG);
	csv_reader_close(rd);
	fclose(fp);
	/* And a file limit, for input that is all short lines. */
	for (size_t i = 0; i < (2u << 20); i += 4)
		memcpy(big + i, "a,b\n", 4);
	fp = fmemopen(big, 2u << 20, "r");
	assert_int_equal(csv_reader_open(&rd, fp), 0);
	csv_reader_limit(rd, 1024, 1u << 20);
	while ((line = csv_read(rd, &f, &eline)) > 0)
		;
	assert_int_equal(line, -EFBIG);
	assert_true(eline > 200000);
	csv_reader_close(rd);
	fclose(fp);
	free(big);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(csv_round_trip),
		cmocka_unit_test(human_numbers_read_as_words),
		cmocka_unit_test(every_mode_has_one_look),
		cmocka_unit_test(csv_open_by_several_at_once_writes_one_header),
		cmocka_unit_test(csv_reader_refuses_nul_and_overlong_records),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
