/*
 * claims/table.c - the claims of the popular Python articles, one const
 * entry each, with the evaluator that judges it (eval.h). The claims'
 * texts live here, in the repository, so the report never depends on
 * files outside it.
 */
#include "bench/analysis/claims/eval.h"

#include <string.h>

const char *verdict_name(enum verdict v)
{
	switch (v) {
	case VERDICT_REPRODUCED: return "reproduced";
	case VERDICT_CONTRADICTED: return "contradicted";
	case VERDICT_INCONCLUSIVE: return "inconclusive";
	default: return "not measured";
	}
}

const struct claim gb_claims[] = {
	{ "C1", "CPU-bound threads give no speedup under the GIL, often a "
	  "little slower", "001, 002, 003, 004",
	  "speedup S of gil over seq at W = cores, every CPU workload; "
	  "CPython's py-threads beside it",
	  eval_c1, "cpu", NULL, "seq,gil,py-seq,py-threads" },
	{ "C2", "processes bypass the GIL: on 4 cores \"roughly a quarter "
	  "of the sequential time\"", "004",
	  "speedup S of fork at W = cores, every CPU workload; the "
	  "capacity K", eval_c2, "cpu,calib", NULL, "seq,fork" },
	{ "C3", "without a GIL, threads scale like processes (PEP 703 "
	  "remark)", "004", "threads vs fork at W = cores",
	  eval_c3, "cpu,calib", NULL, "threads,fork" },
	{ "C4", "I/O-bound threads take \"roughly the time of the slowest "
	  "request rather than the sum\", even under the GIL", "003, 004",
	  "http and sleep under threads and gil with W >= tasks",
	  eval_c4, "io", NULL, "threads,gil" },
	{ "C5", "a sequential crawler of 3.8 s became 0.37 s with threads: "
	  "about 10x", "002", "I/O workload, 10+ tasks, W >= tasks",
	  eval_c5, "io", NULL, "seq,threads" },
	{ "C6", "process start-up is expensive (\"tens of milliseconds\"); a "
	  "process pool beats sequential only past a crossover, \"about 70 "
	  "items\"", "002, 004", "start-up per worker for threads / fork / "
	  "spawn; smallest task count where fork with start-up beats seq",
	  eval_c6, NULL, "primes,empty", "seq,threads,fork,spawn" },
	{ "C7", "creating a new pool for every batch costs; create once, "
	  "reuse", "004", "per-batch time with a fresh pool vs a reused "
	  "pool", eval_c7, NULL, "primes", "threads,fork,spawn" },
	{ "C8", "arguments and results are copied between processes; big "
	  "data hurts", "001, 004", "time to hand a payload of 1 KiB .. 64 "
	  "MiB to a worker: threads, fork+pipe, fork+shared memory",
	  eval_c8, NULL, "payload", "threads,fork,fork-shm" },
	{ "C9", "counter += 1 is not atomic: 3 threads x 100,000 increments "
	  "end below 300,000 without a lock", "001, 002", "final counter, "
	  "unsynchronised vs mutex vs atomic",
	  eval_c9, "race", NULL, "threads" },
	{ "C10", "threads are cheaper to create and switch, and use less "
	  "memory, than processes", "000", "creation cost per worker; peak "
	  "memory of the pool", eval_c10, NULL, "empty", "threads,fork,spawn" },
	{ "C11", "an event loop (asyncio) has the lowest overhead at high "
	  "concurrency for I/O", "001, 004", "async vs threads at 256+ "
	  "concurrent requests: wall, CPU time, memory",
	  eval_c11, "io", NULL, "threads,async" },
	{ "C12", "asyncio does not help CPU-bound work", "all seeds",
	  "async on a CPU workload", eval_c12, "cpu", NULL, "seq,async" },
	{ "C13", "code that releases the GIL (C extensions such as NumPy, "
	  "hashlib) does run in parallel under threads", "001, 004",
	  "a workload whose kernel runs in a native section, gil mode",
	  eval_c13, "native", NULL, "seq,gil" },
	{ "C14", "a mix of CPU-bound and I/O-bound threads: the I/O thread "
	  "suffers (convoy effect)", "beyond the seeds",
	  "blocking-call rate beside 0, 1, 2 CPU-bound threads in gil, "
	  "threads, fork", eval_c14, "convoy", NULL, "threads,fork,gil" },
	{ "C15", "more speedup than the machine has cores (17 s to 0.5 s, "
	  "34x)", "002", "the core count N, the capacity K and the best "
	  "CPU-bound speedup measured", eval_c15, "cpu,calib", NULL, NULL },
	{ "C16", "processes scale across machines, threads cannot", "000",
	  "mpi against fork at equal workers on one machine; mpi over "
	  "several machines when a hostfile is given",
	  eval_c16, "cpu", NULL, "seq,fork,mpi" },
};
const size_t gb_nclaims = GB_ARRAY_LEN(gb_claims);

void claim_eval(const struct claim *c, const struct claim_ctx *ctx,
		struct claim_result *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = c->eval(ctx, r);
	if (r->reps > r->reps_max)
		r->reps_max = r->reps;
}
