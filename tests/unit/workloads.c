/*
 * tests/unit/workloads.c - cmocka tests of workloads/: the independent
 * answers the kernels are checked against.
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

#include "workloads/lib/oracle.h"
#include "workloads/workload.h"

static void oracle_matches_published_pi(void **s)
{
	uint64_t *c;

	(void)s;
	for (int k = 1; k <= 7; k++) {
		uint64_t n = 1;

		for (int j = 0; j < k; j++)
			n *= 10;
		c = oracle_prime_counts(0, n, 1);
		assert_non_null(c);
		assert_int_equal(c[0], oracle_pi_pow10[k]);
		free(c);
	}
	/* The articles' range: 8,392 primes in [100000, 200000). */
	c = oracle_prime_counts(100000, 10000, 10);
	uint64_t sum = 0;
	for (int i = 0; i < 10; i++)
		sum += c[i];
	assert_int_equal(sum, 8392);
	free(c);
}


/* The calibration kernel (the loop) against its known answer (the
 * generators jumped ahead), at sizes around the checkpoint stride. */
static void calib_answers_by_jumping_ahead(void **s)
{
	static const uint64_t sizes[] = { 0, 1, 2, 4095, 4096, 4097, 100000 };
	const struct workload *w = gb_workload_find("calib");
	struct wl_params p = { .tasks = 8, .seed = 12345 };

	(void)s;
	assert_non_null(w);
	assert_string_equal(wl_kind_name(w->kind), "calib");
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		void *state = NULL;
		char err[128];

		p.size = sizes[k];
		assert_int_equal(w->setup(&p, &state, err, sizeof(err)), 0);
		for (uint64_t i = 0; i < p.tasks; i++) {
			struct task_out out = { 0 };

			w->run_task(state, NULL, i, &out);
			assert_int_equal(out.status, 0);
			assert_true(out.value == w->expect(state, i));
		}
		w->teardown(state);
	}
	/* Two seeds, two answers: the input comes from the run. */
	{
		void *a, *b;
		char err[128];

		p.size = 1000;
		w->setup(&p, &a, err, sizeof(err));
		p.seed = 54321;
		w->setup(&p, &b, err, sizeof(err));
		assert_true(w->expect(a, 0) != w->expect(b, 0));
		w->teardown(a);
		w->teardown(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(oracle_matches_published_pi),
		cmocka_unit_test(calib_answers_by_jumping_ahead),
	};

	return cmocka_run_group_tests_name("workloads", tests, NULL, NULL);
}
