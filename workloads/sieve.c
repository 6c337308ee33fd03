/*
 * sieve.c - count primes below tasks*size with a segmented sieve of
 * Eratosthenes; task i sieves the segment [i*size, (i+1)*size).
 *
 * Each task finds its own base primes up to the square root of its segment's
 * end with a small sieve (cheap beside the segment, and it keeps tasks
 * independent so any mode can run any task anywhere). The segment is
 * sieved over odd numbers in blocks of 32 KiB, a typical L1 data cache, which
 * is what makes a segmented sieve fast. Known answers: the defaults (10 tasks
 * of 10^7) count pi(10^8) = 5,761,455; 10 tasks of 10^6 count pi(10^7) =
 * 664,579.
 */
#include "workloads/workload.h"
#include "workloads/lib/oracle.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SIEVE_BLOCK 32768u		/* bytes of the odd-number block */
#define SIEVE_MAX_END 4000000000ull	/* bounded by the oracle's memory */

struct sieve {
	uint64_t size;
	uint64_t *expect;
};

/* Base primes < limit, by a plain sieve; returns how many, or -1. */
static long base_primes(uint32_t limit, uint32_t **out)
{
	uint8_t *comp = calloc(limit + 1, 1);
	uint32_t *pr;
	long n = 0;

	if (!comp)
		return -1;
	for (uint32_t p = 3; (uint64_t)p * p <= limit; p += 2)
		if (!comp[p])
			for (uint32_t m = p * p; m <= limit; m += 2 * p)
				comp[m] = 1;
	pr = malloc(sizeof(*pr) * (limit / 2 + 2));
	if (!pr) {
		free(comp);
		return -1;
	}
	for (uint32_t p = 3; p < limit; p += 2)
		if (!comp[p])
			pr[n++] = p;
	free(comp);
	*out = pr;
	return n;
}

static int sieve_setup(const struct wl_params *p, void **state, char *err,
		       size_t errlen)
{
	struct sieve *st;

	if (p->size && p->tasks > SIEVE_MAX_END / p->size) {
		snprintf(err, errlen, "sieve: tasks x size reaches past %llu; "
			 "use fewer or smaller tasks",
			 (unsigned long long)SIEVE_MAX_END);
		return -ERANGE;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->size = p->size;
	st->expect = oracle_prime_counts(0, p->size, p->tasks);
	if (!st->expect) {
		int e = errno == EINTR ? -EINTR : -ENOMEM;

		free(st);
		return e;
	}
	*state = st;
	return 0;
}

static void sieve_teardown(void *state)
{
	struct sieve *st = state;

	free(st->expect);
	free(st);
}

static void sieve_task(void *state, void *wstate, uint64_t t,
		       struct task_out *out)
{
	const struct sieve *st = state;
	uint64_t lo = t * st->size, hi = lo + st->size, count = 0;
	uint32_t *pr = NULL, root;
	uint8_t *block;
	long np;

	(void)wstate;
	root = (uint32_t)sqrt((double)hi) + 2;
	np = base_primes(root, &pr);
	block = malloc(SIEVE_BLOCK);
	if (np < 0 || !block) {
		free(pr);
		free(block);
		wl_fail(out, -ENOMEM, "sieve: out of memory");
		return;
	}
	if (lo <= 2 && 2 < hi)
		count++;	/* the only even prime */
	/* Block b holds the odd numbers v = base + 2k, k < SIEVE_BLOCK. */
	for (uint64_t base = lo | 1; base < hi; base += 2 * SIEVE_BLOCK) {
		uint64_t end = base + 2 * SIEVE_BLOCK;
		uint32_t len;

		if (end > hi)
			end = hi;
		len = (uint32_t)((end - base + 1) / 2);
		memset(block, 0, len);
		for (long j = 0; j < np; j++) {
			uint64_t p = pr[j], m;

			/* once per base prime per block */
			if (gb_checkpoint())
				goto out;	/* stopping */
			if (p * p >= end)
				break;
			m = (base + p - 1) / p * p;	/* first multiple >= base */
			if (m < p * p)
				m = p * p;
			if (!(m & 1))
				m += p;			/* odd multiples only */
			for (; m < end; m += 2 * p)
				block[(m - base) / 2] = 1;
		}
		for (uint32_t k = 0; k < len; k++)
			count += !block[k];
		if (base == 1)
			count--;	/* 1 is not prime */
	}
	out->value = count;
out:
	free(block);
	free(pr);
}

static uint64_t sieve_expect(void *state, uint64_t i)
{
	return ((const struct sieve *)state)->expect[i];
}

const struct workload wl_sieve = {
	.name = "sieve",
	.kind = WL_CPU,
	.desc = "count primes below tasks*size with a segmented sieve",
	.size_doc = "numbers per segment; task i sieves [i*size, (i+1)*size)",
	.default_tasks = 10,
	.default_size = 10000000,
	.max_size = SIEVE_MAX_END,
	.setup = sieve_setup,
	.teardown = sieve_teardown,
	.run_task = sieve_task,
	.expect = sieve_expect,
	.unit = "numbers per segment",
	.gloss = "Counts primes with a sieve of Eratosthenes, one segment per "
		 "task. CPU-bound.",
};
