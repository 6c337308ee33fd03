/* oracle.c - see oracle.h. */
#include "workloads/lib/oracle.h"
#include "bench/core/hooks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

const uint64_t oracle_pi_pow10[11] = {
	0, 4, 25, 168, 1229, 9592, 78498, 664579, 5761455, 50847534,
	455052511,
};

uint64_t *oracle_prime_counts(uint64_t lo, uint64_t size, uint64_t n)
{
	uint64_t hi = lo + size * n;	/* exclusive */
	uint64_t nodd = hi / 2 + 1;	/* bit k stands for 2k+1 */
	uint8_t *composite;
	uint64_t *counts;

	counts = calloc(n ? n : 1, sizeof(*counts));
	composite = calloc(nodd / 8 + 1, 1);
	if (!counts || !composite) {
		free(counts);
		free(composite);
		errno = ENOMEM;
		return NULL;
	}
	composite[0] |= 1;	/* 1 is not prime */
	for (uint64_t p = 3; p * p < hi; p += 2) {
		if (composite[p / 2 / 8] & (1u << (p / 2 % 8)))
			continue;
		for (uint64_t m = p * p, k = 0; m < hi; m += 2 * p) {
			composite[m / 2 / 8] |= (uint8_t)(1u << (m / 2 % 8));
			/* A look at Ctrl-C every 2^22 multiples (a few ms). */
			if (!(++k & 0x3fffff) && gb_stopping()) {
				free(counts);
				free(composite);
				errno = EINTR;
				return NULL;
			}
		}
	}
	for (uint64_t i = 0; i < n && size; i++) {
		uint64_t a = lo + i * size, b = a + size, c = 0;

		if (a <= 2 && 2 < b)
			c++;
		for (uint64_t v = a | 1; v < b; v += 2)
			if (!(composite[v / 2 / 8] & (1u << (v / 2 % 8))))
				c++;
		counts[i] = c;
	}
	free(composite);
	return counts;
}
