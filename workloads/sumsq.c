/*
 * sumsq.c - the articles' sum(i * i for i in range(n)), one slice per task:
 * task i sums j*j for j in [i*size, (i+1)*size), modulo 2^64.
 *
 * The known answer is the closed form n(n-1)(2n-1)/6, computed exactly.
 * Compilers know that closed form too and would replace the loop by it, so
 * the accumulator goes through an empty asm statement each iteration: the
 * compiler must assume it changed, and the loop stays a loop.
 */
#include "workloads/workload.h"
#include "workloads/lib/sumsq.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

/* Checkpoint every 64 iterations: one iteration is a multiply and an add,
 * far less than a Python bytecode, and a check per iteration would be a
 * large part of the loop itself. */
#define SUMSQ_CHECK_EVERY 64u

/* sum_{j < n} j^2 mod 2^64, exactly: divide the factors n, n-1, 2n-1 by 2
 * and 3 before multiplying, so nothing is lost to the modulus. */
uint64_t sumsq_below(uint64_t n)
{
	if (n < 2)
		return 0;
	/* 2n-1 may not fit in 64 bits; divided by 3 it is taken mod 2^64. */
	unsigned __int128 c = (unsigned __int128)2 * n - 1;
	uint64_t a = n, b = n - 1;

	if (a % 2 == 0)
		a /= 2;
	else
		b /= 2;
	if (a % 3 == 0)
		a /= 3;
	else if (b % 3 == 0)
		b /= 3;
	else
		c /= 3;
	return a * b * (uint64_t)c;
}

/* Checkpoints every SUMSQ_CHECK_EVERY terms when `check` is set: an inner
 * loop of plain terms, and the checkpoint on the outer loop's back-edge,
 * so the check costs one load per 64 terms and no test per term. */
uint64_t sumsq_loop(uint64_t lo, uint64_t hi, int check)
{
	uint64_t acc = 0, j = lo;

	while (j < hi) {
		uint64_t end = hi - j > SUMSQ_CHECK_EVERY ? j + SUMSQ_CHECK_EVERY
							  : hi;

		for (; j < end; j++) {
			acc += j * j;
			__asm__ volatile("" : "+r"(acc));	/* keep the loop */
		}
		if (check && gb_checkpoint())
			break;	/* stopping: the caller's task is marked */
	}
	return acc;
}

static void sumsq_task(void *state, void *wstate, uint64_t i,
		       struct task_out *out)
{
	const uint64_t *size = state;

	(void)wstate;
	out->value = sumsq_loop(i * *size, (i + 1) * *size, 1);
}

uint64_t sumsq_expect(void *state, uint64_t i)
{
	const uint64_t *size = state;

	return sumsq_below((i + 1) * *size) - sumsq_below(i * *size);
}

int sumsq_setup(const struct wl_params *p, void **state, char *err,
		       size_t errlen)
{
	uint64_t *size;

	if (p->size && p->tasks > (UINT64_MAX / 4) / p->size) {
		snprintf(err, errlen, "sumsq: tasks x size is too large");
		return -ERANGE;
	}
	size = malloc(sizeof(*size));
	if (!size)
		return -ENOMEM;
	*size = p->size;
	*state = size;
	return 0;
}

const struct workload wl_sumsq = {
	.name = "sumsq",
	.kind = WL_CPU,
	.desc = "sum(i * i for i in range(n)), checked against n(n-1)(2n-1)/6",
	.size_doc = "terms per task; task i sums j*j for j in [i*size, (i+1)*size)",
	.default_tasks = 16,
	.default_size = 25000000,
	.max_size = 1ull << 40,
	.setup = sumsq_setup,
	.teardown = free,
	.run_task = sumsq_task,
	.expect = sumsq_expect,
	.unit = "terms summed per task",
	.gloss = "Sums i * i over a range, like `sum(i * i for i in "
		 "range(n))`. CPU-bound.",
};
