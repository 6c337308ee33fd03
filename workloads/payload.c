/*
 * payload.c - tasks with a big argument: each task is handed a payload of
 * --size bytes and answers with its checksum, what pool.map(f, arrays)
 * does with a list of large arrays. The kernel is the same in every mode;
 * what differs is how the payload reaches it:
 *
 *   seq, threads   the task reads the parent's buffer (shared memory)
 *   fork, spawn    the pool copies it through the worker's pipe
 *   fork-shm       the worker reads it in place: the buffer is a MAP_SHARED
 *                  mapping the parent made before the pool started
 *
 * so wall time against size shows what copying arguments costs. The
 * checksum is the sum of the payload's little-endian 64-bit words mod
 * 2^64; the known answer is computed from the formula that generates the
 * bytes, one byte at a time, never from the buffer.
 */
#include "workloads/workload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/* Checkpoint every 64 KiB, a few microseconds of summing. */
#define PAYLOAD_CHECK_EVERY (64u << 10)

struct payload {
	size_t len;
	unsigned char *buf;	/* MAP_SHARED, made at the first rep_begin */
	uint64_t expect;
	uint64_t seed;
};

/* Byte j of the payload: 251 is prime, so the pattern does not line up
 * with 8-byte words or pages, and the seed shifts it. */
static unsigned char payload_byte(uint64_t seed, size_t j)
{
	return (unsigned char)((j + seed) % 251u);
}

static int payload_setup(const struct wl_params *p, void **state, char *err,
			 size_t errlen)
{
	struct payload *st = calloc(1, sizeof(*st));

	(void)err;
	(void)errlen;
	if (!st)
		return -ENOMEM;
	st->len = (size_t)p->size;
	st->seed = p->seed % 251u;
	*state = st;
	return 0;
}

/* The buffer and its answer are made here, in the parent, before the
 * first pool: a spawned worker (which runs setup but never rep_begin)
 * does not pay for 64 MiB it would never read. */
static void payload_rep_begin(void *state, uint64_t ntasks)
{
	struct payload *st = state;
	void *m;

	(void)ntasks;
	if (st->buf)
		return;
	m = mmap(NULL, st->len, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		return;		/* every task then fails with a message */
	st->buf = m;
	for (size_t j = 0; j < st->len; j++)
		st->buf[j] = payload_byte(st->seed, j);
	/* The answer from the formula, byte by byte, not from the buffer. */
	for (size_t j = 0; j < st->len; j++)
		st->expect += (uint64_t)payload_byte(st->seed, j) << (8 * (j % 8));
}

static void payload_teardown(void *state)
{
	struct payload *st = state;

	if (st->buf)
		munmap(st->buf, st->len);
	free(st);
}

static const void *payload_input(void *state, uint64_t i, size_t *len)
{
	struct payload *st = state;

	(void)i;
	*len = st->buf ? st->len : 0;
	return st->buf;
}

static void payload_task(void *state, void *wstate, uint64_t i,
			 struct task_out *out)
{
	size_t len, j = 0;
	const unsigned char *p = wl_input(&len);
	uint64_t sum = 0, w = 0;

	(void)state;
	(void)wstate;
	if (!p) {
		wl_fail(out, -ENOMEM, "payload: task %llu got no input "
			"(could not map %zu bytes)", (unsigned long long)i,
			((struct payload *)state)->len);
		return;
	}
	while (j + 8 <= len) {
		size_t stop = j + PAYLOAD_CHECK_EVERY < len - 7 ?
			      j + PAYLOAD_CHECK_EVERY : len - 7;

		for (; j < stop; j += 8) {
			memcpy(&w, p + j, 8);
			sum += w;
		}
		if (gb_checkpoint())
			return;
	}
	for (; j < len; j++)
		sum += (uint64_t)p[j] << (8 * (j % 8));
	out->value = sum;
}

static uint64_t payload_expect(void *state, uint64_t i)
{
	(void)i;
	return ((struct payload *)state)->expect;
}

const struct workload wl_payload = {
	.name = "payload",
	.kind = WL_COST,
	.desc = "each task is handed --size bytes and answers their checksum "
		"(the cost of copying arguments)",
	.size_doc = "bytes handed to each task, 1 KiB to 64 MiB in the charts",
	.default_tasks = 16,
	.default_size = 1u << 20,
	.max_size = 1u << 30,
	.metric = "us_per_task",
	.flags = WL_F_TIME_PER_TASK,
	.setup = payload_setup,
	.teardown = payload_teardown,
	.rep_begin = payload_rep_begin,
	.run_task = payload_task,
	.expect = payload_expect,
	.task_input = payload_input,
	.unit = "bytes handed to each task",
	.gloss = "Each task is handed a block of data and returns its "
		 "checksum: what copying arguments to a worker costs.",
};
