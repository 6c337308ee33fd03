/*
 * tests/unit/core.c - cmocka tests of bench/core: strict number parsing,
 * statistics, the seeded order of cells, the child command line. No
 * timing assertions.
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

#include "bench/core/cells.h"
#include "bench/core/childargv.h"
#include "bench/core/stats.h"
#include "bench/core/util.h"

static void parse_u64_is_strict(void **s)
{
	uint64_t v;

	(void)s;
	assert_int_equal(gb_parse_u64("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(gb_parse_u64("100_000", 0, UINT64_MAX, &v), 0);
	assert_int_equal(v, 100000);
	assert_int_equal(gb_parse_u64("18446744073709551615", 0, UINT64_MAX, &v), 0);
	assert_int_equal(gb_parse_u64("18446744073709551616", 0, UINT64_MAX, &v), -ERANGE);
	assert_int_equal(gb_parse_u64("101", 0, 100, &v), -ERANGE);
	assert_int_equal(gb_parse_u64("0", 1, 100, &v), -ERANGE);
	assert_int_equal(gb_parse_u64("-1", 0, 100, &v), -EINVAL);
	assert_int_equal(gb_parse_u64("+1", 0, 100, &v), -EINVAL);
	assert_int_equal(gb_parse_u64(" 1", 0, 100, &v), -EINVAL);
	assert_int_equal(gb_parse_u64("1 ", 0, 100, &v), -EINVAL);
	assert_int_equal(gb_parse_u64("12k", 0, 100, &v), -EINVAL);
	assert_int_equal(gb_parse_u64("", 0, 100, &v), -EINVAL);
	assert_int_equal(gb_parse_u64("1__0", 0, 100, &v), -EINVAL);
	assert_int_equal(gb_parse_u64("_1", 0, 100, &v), -EINVAL);
}

static void parse_double_is_strict(void **s)
{
	double v;

	(void)s;
	assert_int_equal(gb_parse_double("0.5", 0.001, 10, &v), 0);
	assert_true(v == 0.5);
	assert_int_equal(gb_parse_double("0", 0.001, 10, &v), -ERANGE);
	assert_int_equal(gb_parse_double("-1", 0.001, 10, &v), -ERANGE);
	assert_int_equal(gb_parse_double("nan", 0, 10, &v), -EINVAL);
	assert_int_equal(gb_parse_double("1e999", 0, 1e300, &v), -ERANGE);
	assert_int_equal(gb_parse_double("5ms", 0, 10, &v), -EINVAL);
	assert_int_equal(gb_parse_double("", 0, 10, &v), -EINVAL);
}

static void option_errors_name_the_option(void **s)
{
	char err[256];
	double d;
	uint64_t v;

	(void)s;
	assert_int_not_equal(gb_opt_u64("--workers", "0", 1, 4096, "1 to 4096",
					&v, err, sizeof(err)), 0);
	assert_string_equal(err, "--workers: '0' is out of range (expected 1 "
			    "to 4096)");
	assert_int_not_equal(gb_opt_double("--latency-ms", "x", 0, 10, "0 to 10",
					   &d, err, sizeof(err)), 0);
	assert_string_equal(err, "--latency-ms: 'x' is not a valid number "
			    "(expected 0 to 10)");
	assert_int_equal(gb_opt_u64("--workers", "7", 1, 4096, "1 to 4096",
				    &v, err, sizeof(err)), 0);
	assert_int_equal(v, 7);
}

static void stats_basics(void **s)
{
	const double x[] = { 5, 1, 3, 2, 4 }, y[] = { 4, 1, 3, 2 };

	(void)s;
	assert_true(stats_median(x, 5) == 3);
	assert_true(stats_median(y, 4) == 2.5);
	assert_true(stats_min(x, 5) == 1);
	assert_true(stats_max(x, 5) == 5);
	assert_true(stats_mad(x, 5) == 1);
	assert_true(stats_median(x, 0) == 0);
	assert_true(x[0] == 5);	/* unchanged */
}

/* Every repetition's order is a permutation, and the seed decides it. */
static void cells_order_is_a_seeded_permutation(void **s)
{
	size_t a[50], b[50];
	uint64_t r1 = 42, r2 = 42, r3 = 43;
	int differs = 0;

	(void)s;
	cells_order(a, 50, &r1);
	cells_order(b, 50, &r2);
	assert_memory_equal(a, b, sizeof(a));
	for (size_t i = 0; i < 50; i++) {
		int seen = 0;

		for (size_t j = 0; j < 50; j++)
			seen += a[j] == i;
		assert_int_equal(seen, 1);
	}
	cells_order(b, 50, &r3);
	for (size_t i = 0; i < 50; i++)
		differs |= a[i] != b[i];
	assert_true(differs);
}

/* A child's command line: lead, the job's options, tail, in one block. */
static void child_argv_carries_the_job(void **s)
{
	static const struct workload wl = { .name = "primes" };
	struct wl_params p = { .tasks = 32, .size = 10000, .seed = 7,
			       .latency_ms = 2.5, .bytes = 64 };
	struct job job = { .wl = &wl, .params = &p, .fault_kind = FAULT_HANG,
			   .fault_task = 3 };
	char *lead[] = { "prog", "--a", NULL }, *tail[] = { "--z", NULL };
	char **argv = child_argv(&job, lead, tail);
	const char *want[] = { "prog", "--a", "--workload", "primes",
			       "--tasks", "32", "--size", "10000", "--seed",
			       "7", "--latency-ms", "2.5", "--bytes", "64",
			       "--fault", "hang:3", "--z", NULL };
	size_t i;

	(void)s;
	assert_non_null(argv);
	for (i = 0; want[i]; i++)
		assert_string_equal(argv[i], want[i]);
	assert_null(argv[i]);
	free(argv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_u64_is_strict),
		cmocka_unit_test(parse_double_is_strict),
		cmocka_unit_test(option_errors_name_the_option),
		cmocka_unit_test(stats_basics),
		cmocka_unit_test(cells_order_is_a_seeded_permutation),
		cmocka_unit_test(child_argv_carries_the_job),
	};

	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
