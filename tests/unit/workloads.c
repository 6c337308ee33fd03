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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(oracle_matches_published_pi),
	};

	return cmocka_run_group_tests_name("workloads", tests, NULL, NULL);
}
