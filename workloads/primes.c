/*
 * primes.c - count primes by trial division, exactly as the articles write
 * is_prime():
 *
 *     def is_prime(n):
 *         if n < 2: return False
 *         for i in range(2, int(n**0.5) + 1):
 *             if n % i == 0: return False
 *         return True
 *
 * starting at the articles' 100,000. Task i covers [100000 + i*size,
 * 100000 + (i+1)*size). With --tasks 10 (and the default size) that is
 * exactly the articles' range(100_000, 200_000): 8,392 primes. C runs it
 * about 50 times faster than CPython, in some 20 ms, too short to time well
 * or to show a 5 ms switch interval, so the default is 100 tasks, the range
 * 100,000 to 1,100,000 (76,122 primes, some 0.35 s on one core).
 */
#include "workloads/workload.h"
#include "workloads/lib/oracle.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* The articles' pool.map(is_prime, range(100_000, 200_000)). */
#define PRIMES_START 100000u
/* Keep the oracle's sieve (hi/16 bytes) and a run's length sane. */
#define PRIMES_MAX_END 4000000000ull

struct primes {
	uint64_t size;
	uint64_t *expect;
};

/* The square root as int(n**0.5): the floor, corrected for the rounding
 * of the double so that no divisor is missed or added. */
static uint64_t isqrt(uint64_t n)
{
	uint64_t r = (uint64_t)sqrt((double)n);

	while (r * r > n)
		r--;
	while ((r + 1) * (r + 1) <= n)
		r++;
	return r;
}

/* 1 prime, 0 not, -1 when the run is stopping. */
static int is_prime(uint64_t n)
{
	if (n < 2)
		return 0;
	uint64_t limit = isqrt(n);
	for (uint64_t i = 2; i <= limit; i++) {
		if (gb_checkpoint())	/* the back-edge of the for loop */
			return -1;	/* stopping */
		if (n % i == 0)
			return 0;
	}
	return 1;
}

static int primes_setup(const struct wl_params *p, void **state, char *err,
			size_t errlen)
{
	struct primes *st;

	if (p->size && p->tasks > (PRIMES_MAX_END - PRIMES_START) / p->size) {
		snprintf(err, errlen, "primes: tasks x size reaches past %llu; "
			 "use fewer or smaller tasks",
			 (unsigned long long)PRIMES_MAX_END);
		return -ERANGE;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		return -ENOMEM;
	st->size = p->size;
	st->expect = oracle_prime_counts(PRIMES_START, p->size, p->tasks);
	if (!st->expect) {
		int e = errno == EINTR ? -EINTR : -ENOMEM;

		free(st);
		return e;
	}
	*state = st;
	return 0;
}

static void primes_teardown(void *state)
{
	struct primes *st = state;

	free(st->expect);
	free(st);
}

static void primes_task(void *state, void *wstate, uint64_t i,
			struct task_out *out)
{
	const struct primes *st = state;
	uint64_t lo = PRIMES_START + i * st->size, count = 0;

	(void)wstate;
	for (uint64_t n = lo; n < lo + st->size; n++) {
		int r = is_prime(n);

		if (r < 0)
			return;	/* stopping: gb_task_run marks the task */
		count += (uint64_t)r;
	}
	out->value = count;
}

static uint64_t primes_expect(void *state, uint64_t i)
{
	return ((const struct primes *)state)->expect[i];
}

const struct workload wl_primes = {
	.name = "primes",
	.kind = WL_CPU,
	.desc = "count primes by trial division, the articles' is_prime()",
	.size_doc = "numbers tested per task; task i starts at 100000 + i*size",
	.default_tasks = 100,
	.default_size = 10000,
	.max_size = PRIMES_MAX_END - PRIMES_START,
	.setup = primes_setup,
	.teardown = primes_teardown,
	.run_task = primes_task,
	.expect = primes_expect,
	.unit = "numbers tested per task",
	.gloss = "Counts primes by trial division, exactly as the articles' "
		 "`is_prime()` does. CPU-bound.",
};
