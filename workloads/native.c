/*
 * native.c - the sumsq kernel run the way a C extension runs (hashlib on
 * a large buffer, a NumPy ufunc): in chunks, each inside a native section
 * that releases the GIL. Threads speed it up even in the `gil` mode, which
 * is the articles' "C extensions release the GIL" claim.
 */
#include "workloads/workload.h"
#include "workloads/lib/sumsq.h"

#include <stdlib.h>

/* Terms per native call: about a millisecond of work, long beside the
 * cost of dropping and taking the lock, like one hashlib update() of a
 * few MiB. */
#define NATIVE_CHUNK (1u << 20)

static void native_task(void *state, void *wstate, uint64_t i,
			struct task_out *out)
{
	const uint64_t *size = state;
	uint64_t lo = i * *size, hi = lo + *size, acc = 0;

	(void)wstate;
	for (uint64_t a = lo; a < hi; a += NATIVE_CHUNK) {
		uint64_t b = hi - a > NATIVE_CHUNK ? a + NATIVE_CHUNK : hi;

		if (gb_checkpoint())	/* the Python code around the call */
			return;
		gb_native_begin();
		acc += sumsq_loop(a, b, 0);
		gb_native_end();
	}
	out->value = acc;
}

const struct workload wl_native = {
	.name = "native",
	.kind = WL_NATIVE,
	.desc = "the sumsq kernel in native sections that release the GIL "
		"(like hashlib)",
	.size_doc = "terms per task, in native calls of 2^20 terms",
	.default_tasks = 16,
	.default_size = 25000000,
	.max_size = 1ull << 40,
	.setup = sumsq_setup,
	.teardown = free,
	.run_task = native_task,
	.expect = sumsq_expect,
	.unit = "terms per task",
	.gloss = "The sumsq loop inside native calls that release the GIL, as "
		 "NumPy or hashlib do.",
};
