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
#include "bench/core/suite.h"
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


/* ---- suite plans, with a made-up build ---- */

static const char *fake_kind(const char *name, void *ctx)
{
	(void)ctx;
	if (strcmp(name, "primes") == 0 || strcmp(name, "sumsq") == 0)
		return "cpu";
	return strcmp(name, "sleep") == 0 ? "io" : NULL;
}

/* seq, fork, gil are here; mpi is listed but not built. */
static int fake_mode(const char *name, char *why, size_t len, void *ctx)
{
	(void)ctx;
	if (strcmp(name, "mpi") == 0) {
		snprintf(why, len, "mode mpi is not built here");
		return 0;
	}
	return strcmp(name, "seq") == 0 || strcmp(name, "fork") == 0 ||
	       strcmp(name, "gil") == 0 ? 1 : -1;
}

static int fake_command(const char *command, void *ctx)
{
	(void)ctx;
	return strncmp(command, "python3", 7) == 0;
}

static const struct suite_env fake_env = {
	.cores = 2, .workload_kind = fake_kind, .mode_usable = fake_mode,
	.command_usable = fake_command,
};

static void suite_plan_expands_and_drops(void **st)
{
	static const char text[] =
		"# a comment\n"
		"\n"
		"primes seq,fork@2xcores,gil@cores,mpi@cores 1 32 40000 5+1 12 "
		"--capacity  # trailing\n"
		"sleep seq,fork io 8 - 3 4 --latency-ms 10\r\n"
		"nosuch seq 1 - - 1 1\n"
		"sumsq mpi,omp cpu - - 1 1\n"
		"! 10 python3 python/compare.py --csv \"$CSV\" # kept\n"
		"! 1 perl x.pl";	/* no newline at the end */
	struct suite_plan p;
	char err[256];

	(void)st;
	assert_int_equal(suite_plan(text, sizeof(text) - 1, &fake_env, &p, err,
				    sizeof(err)), 0);
	assert_int_equal(p.n, 3);
	assert_int_equal(p.lines[0].lineno, 3);
	assert_string_equal(p.lines[0].modes, "seq,fork,gil");
	assert_string_equal(p.lines[0].args, "--workload primes --mode "
			    "seq,fork@4,gil@2 --workers 1 --repeat 5 --warmup "
			    "1 --tasks 32 --size 40000 --capacity");
	/* 3 of its 4 modes run: 3/4 of its estimate. */
	assert_true(p.lines[0].est_s == 9);
	assert_string_equal(p.lines[1].kinds, "io");
	assert_string_equal(p.lines[1].args, "--workload sleep --mode seq,fork "
			    "--workers 1,2,4,8,16,32,64 --repeat 3 --warmup 1 "
			    "--tasks 8 --latency-ms 10");
	assert_true(p.lines[2].shell);
	assert_string_equal(p.lines[2].args,
			    "python3 python/compare.py --csv \"$CSV\" # kept");
	assert_non_null(strstr(p.notes, "mode mpi is not built here"));
	assert_non_null(strstr(p.notes, "workloads nosuch"));
	assert_non_null(strstr(p.notes, "modes omp"));
	assert_non_null(strstr(p.notes, "skipped: perl x.pl"));
	/* mpi twice, one note. */
	assert_null(strstr(strstr(p.notes, "mpi is not built") + 1,
			   "mpi is not built"));
	assert_true(p.est_s == 9 + 4 + 10);
	suite_plan_free(&p);
}

/* The plan of one suite on 16, 2 and 1 usable cores: `cpu` is 1, 2,
 * cores/2, cores, 2 x cores; a cell an earlier line measures (the same
 * workload, tasks, size and options; --capacity and the repetitions
 * aside) is not measured again, and est_s follows the cells. */
static void suite_plan_follows_the_cores(void **st)
{
	static const char text[] =
		"primes seq,fork@cores 1 32 40000 5+1 10 --capacity\n"
		"primes fork@cpu,gil@cpu 1 32 40000 2+0 8\n"
		"primes fork@cpu 1 32 40000 2+0 2 --seed 3\n"
		"primes fork@cores 1 32 40000 2+0 1\n"
		"sleep seq cpu - - 1 1\n";
	struct suite_env env = fake_env;
	struct suite_plan p;
	char err[256];

	(void)st;
	env.cores = 16;
	assert_int_equal(suite_plan(text, sizeof(text) - 1, &env, &p, err,
				    sizeof(err)), 0);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.lines[0].args, "--workload primes --mode "
			    "seq,fork@16 --workers 1 --repeat 5 --warmup 1 "
			    "--tasks 32 --size 40000 --capacity");
	/* fork@16 is line 1's. */
	assert_string_equal(p.lines[1].args, "--workload primes --mode "
			    "fork@1/2/8/32,gil@1/2/8/16/32 --workers 1 --repeat "
			    "2 --warmup 0 --tasks 32 --size 40000");
	/* Other options, other cells. */
	assert_string_equal(p.lines[2].args, "--workload primes --mode "
			    "fork@1/2/8/16/32 --workers 1 --repeat 2 --warmup 0 "
			    "--tasks 32 --size 40000 --seed 3");
	/* The fourth line measures nothing new: dropped. */
	assert_int_equal(p.lines[3].lineno, 5);
	assert_string_equal(p.lines[3].args, "--workload sleep --mode seq "
			    "--workers 1,2,8,16,32 --repeat 1 --warmup 1");
	suite_plan_free(&p);

	/* Two cores: as the suite always ran. */
	env.cores = 2;
	assert_int_equal(suite_plan(text, sizeof(text) - 1, &env, &p, err,
				    sizeof(err)), 0);
	assert_string_equal(p.lines[1].args, "--workload primes --mode "
			    "fork@1/4,gil@1/2/4 --workers 1 --repeat 2 --warmup "
			    "0 --tasks 32 --size 40000");
	assert_string_equal(p.lines[3].args, "--workload sleep --mode seq "
			    "--workers 1,2,4 --repeat 1 --warmup 1");
	assert_true(p.lines[1].est_s == 8);
	suite_plan_free(&p);

	/* One core: W = 1 is line 1's, so fork runs at 2 alone; 3 cells
	 * of the 5 the line has on 2 cores: 3/5 of its 8 s. */
	env.cores = 1;
	assert_int_equal(suite_plan(text, sizeof(text) - 1, &env, &p, err,
				    sizeof(err)), 0);
	assert_int_equal(p.n, 4);
	assert_string_equal(p.lines[1].args, "--workload primes --mode "
			    "fork@2,gil@1/2 --workers 1 --repeat 2 --warmup 0 "
			    "--tasks 32 --size 40000");
	assert_true(p.lines[1].est_s > 4.79 && p.lines[1].est_s < 4.81);
	assert_string_equal(p.lines[3].args, "--workload sleep --mode seq "
			    "--workers 1,2 --repeat 1 --warmup 1");
	suite_plan_free(&p);
}

static void suite_plan_rejects_bad_lines(void **st)
{
	static const char *const bad[] = {
		"primes seq 1 4\n",
		"primes seq 1,x 4 - 1 1\n",
		"primes seq 1 4x - 1 1\n",
		"primes seq 1 4 big 1 1\n",
		"primes seq 1 4 - 0 1\n",
		"primes seq 1 4 - 1+x 1\n",
		"primes seq 1 4 - 1 soon\n",
		"primes seq@ 1 4 - 1 1\n",
		"primes seq 0 4 - 1 1\n",
		"primes @2,seq 1 4 - 1 1\n",
		"!\n",
		"! 5\n",
		"! x cmd\n",
	};
	char line2[64], err[256];
	struct suite_plan p;

	(void)st;
	for (size_t i = 0; i < GB_ARRAY_LEN(bad); i++) {
		/* On the second line, so the error names it. */
		snprintf(line2, sizeof(line2), "sumsq seq 1 - - 1 1\n%s",
			 bad[i]);
		assert_int_equal(suite_plan(line2, strlen(line2), &fake_env, &p,
					    err, sizeof(err)), -EINVAL);
		if (strncmp(err, "2: ", 3))
			fail_msg("'%s': %s", bad[i], err);
		assert_int_equal(p.n, 0);
		suite_plan_free(&p);
	}
	/* A NUL byte is refused, not read past. */
	assert_int_equal(suite_plan("sumsq seq\0 1 - - 1 1\n", 21, &fake_env,
				    &p, err, sizeof(err)), -EINVAL);
	suite_plan_free(&p);
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
		cmocka_unit_test(suite_plan_expands_and_drops),
		cmocka_unit_test(suite_plan_follows_the_cores),
		cmocka_unit_test(suite_plan_rejects_bad_lines),
	};

	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
