/*
 * calib.c - the calibration kernel behind the capacity K (CLAIMS.md,
 * "Capacity"): pure register arithmetic, no memory traffic, no lock. Run
 * under seq and under fork at W = cores in the same repetition, the
 * ratio of the two times is how many cores the machine delivered to the
 * run at that moment (K <= cores): vCPUs that are hyperthreads of one
 * core, or other programs on the machine, show up as K below the count.
 *
 * Task i steps four independent 64-bit linear congruential generators
 * `size` times each, from seeds made of i and --seed, and answers the
 * xor of the four states. Four chains rather than one keep the core's
 * multipliers busy the way real CPU-bound code does (one chain would wait
 * on the multiply's latency and hide a shared core). The known answer
 * jumps each generator ahead by `size` steps at once: the affine map
 * x -> a x + c composed with itself by binary powering (O(log size)), a
 * different method from the loop.
 */
#include "workloads/workload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Steps between checkpoints: the only memory access of the loop is the
 * checkpoint's relaxed load of one hot cache line, once per 4096 steps of
 * four chains. */
#define CALIB_CHECK_EVERY 4096u

/* Multipliers of maximal period modulo 2^64 (a = 1 mod 4) from
 * L'Ecuyer's table of LCGs with good lattice structure, and odd
 * increments. */
static const uint64_t calib_a[4] = {
	6364136223846793005ull, 3935559000370003845ull,
	2862933555777941757ull, 3202034522624059733ull,
};
static const uint64_t calib_c[4] = {
	1442695040888963407ull, 1ull, 3037000493ull, 7046029254386353131ull,
};

struct calib {
	uint64_t size, seed;
};

/* Task i's starting state of chain k: distinct per task, chain and seed
 * (splitmix64's finaliser of the three mixed together). */
static uint64_t calib_start(const struct calib *st, uint64_t i, unsigned k)
{
	uint64_t z = st->seed ^ (i * 0x9e3779b97f4a7c15ull) ^
		     ((uint64_t)(k + 1) << 56);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void calib_task(void *state, void *wstate, uint64_t i,
		       struct task_out *out)
{
	const struct calib *st = state;
	uint64_t x0 = calib_start(st, i, 0), x1 = calib_start(st, i, 1);
	uint64_t x2 = calib_start(st, i, 2), x3 = calib_start(st, i, 3);
	uint64_t left = st->size;

	(void)wstate;
	while (left) {
		uint64_t n = left < CALIB_CHECK_EVERY ? left : CALIB_CHECK_EVERY;

		left -= n;
		for (; n; n--) {
			x0 = calib_a[0] * x0 + calib_c[0];
			x1 = calib_a[1] * x1 + calib_c[1];
			x2 = calib_a[2] * x2 + calib_c[2];
			x3 = calib_a[3] * x3 + calib_c[3];
		}
		gb_checkpoint();
	}
	out->value = x0 ^ x1 ^ x2 ^ x3;
}

/* x after n steps of x -> a x + c: the map (A, C) = (a, c) raised to the
 * n-th power by squaring, (A1, C1) after (A2, C2) = (A1 A2, A1 C2 + C1). */
static uint64_t lcg_jump(uint64_t x, uint64_t a, uint64_t c, uint64_t n)
{
	uint64_t ra = 1, rc = 0;	/* the identity map */

	while (n) {
		if (n & 1) {
			ra = a * ra;
			rc = a * rc + c;
		}
		c = a * c + c;
		a = a * a;
		n >>= 1;
	}
	return ra * x + rc;
}

static uint64_t calib_expect(void *state, uint64_t i)
{
	const struct calib *st = state;
	uint64_t v = 0;

	for (unsigned k = 0; k < 4; k++)
		v ^= lcg_jump(calib_start(st, i, k), calib_a[k], calib_c[k],
			      st->size);
	return v;
}

static int calib_setup(const struct wl_params *p, void **state, char *err,
		       size_t errlen)
{
	struct calib *st = malloc(sizeof(*st));

	(void)err;
	(void)errlen;
	if (!st)
		return -ENOMEM;
	st->size = p->size;
	st->seed = p->seed;
	*state = st;
	return 0;
}

const struct workload wl_calib = {
	.name = "calib",
	.kind = WL_CALIB,
	.desc = "calibration: four LCG chains in registers, for the capacity K",
	.size_doc = "steps of each of the four chains per task",
	/* 32 tasks of about 6 ms here: enough of them that the last one
	 * leaves a W = 2 pool unbalanced by a few percent at most. */
	.default_tasks = 32,
	.default_size = 4000000,
	.max_size = 1ull << 40,
	.setup = calib_setup,
	.teardown = free,
	.run_task = calib_task,
	.expect = calib_expect,
	.unit = "steps of each generator per task",
	.gloss = "Four generators stepped in registers, no memory traffic and "
		 "no lock: the yardstick of the capacity K, what the machine "
		 "delivered to the run.",
};
