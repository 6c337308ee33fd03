/*
 * claims/table.c - the claims of the popular Python articles, one const
 * entry each: what the articles say, what the claim reads, its test and
 * the charts of its evidence (claims.h). The texts live here, in the
 * repository, so the report never depends on files outside it.
 */
#include "bench/analysis/claims/eval.h"

#define KIND(k) (1u << KIND_##k)
#define A(k) (1u << (k))
#define LIST(...) ((const char *const[]){ __VA_ARGS__, NULL })

const struct claim gb_claims[CLAIM__COUNT] = {
	[CLAIM_C1] = { CLAIM_C1, "C1", "CPU-bound threads give no speedup "
	  "under the GIL, often a little slower", A(1) | A(2) | A(3) | A(4),
	  "speedup S of gil over seq at W = cores, every CPU workload, and "
	  "of a free-threaded CPython run with PYTHON_GIL=1; CPython 3's "
	  "beside it",
	  KIND(CPU), NULL, LIST("seq", "gil", "py-seq", "py-threads",
	  "pyftgil-seq", "pyftgil-threads", "pytwin-seq", "pytwin-threads"),
	  { { TEST_BELOW, 1.10, NAN, 0, 0, "S", "the speedup S of gil over "
	      "seq at W = cores, every CPU workload (no speedup)" } },
	  CHART_BIT(SPEEDUP_CPU) | CHART_BIT(WALL_CPU) | CHART_BIT(GIL_WAIT),
	  eval_c1,
	  CLAIM_NO_SPEEDUP },
	[CLAIM_C2] = { CLAIM_C2, "C2", "processes bypass the GIL: on 4 "
	  "cores \"roughly a quarter of the sequential time\"", A(4),
	  "speedup S of fork at W = cores, every CPU workload; the "
	  "capacity K", KIND(CPU) | KIND(CALIB), NULL, LIST("seq", "fork"),
	  { { TEST_ABOVE, 0.8, NAN, 1, 0, "S/K", "the speedup S of fork over "
	      "seq at W = cores over the capacity K the machine delivered "
	      "(paired by round with the calibration), every CPU "
	      "workload" } },
	  CHART_BIT(SPEEDUP_CPU) | CHART_BIT(WALL_CPU), eval_c2,
	  CLAIM_NEEDS_PARALLEL | CLAIM_BY_K },
	[CLAIM_C3] = { CLAIM_C3, "C3", "without a GIL, threads scale like "
	  "processes (PEP 703 remark)", A(4), "a free-threaded CPython's "
	  "threads vs its processes where one ran, else C threads vs fork, "
	  "at W = cores", KIND(CPU) | KIND(CALIB), NULL,
	  LIST("threads", "fork", "pyft-seq", "pyft-threads", "pyft-procs",
	       "pyftgil-seq", "pytwin-seq"),
	  { { TEST_BAND, 0.90, 1.10, 1, 0, "threads/procs", "the paired "
	      "ratio of speedups, threads over processes at W = cores, every "
	      "CPU workload: a free-threaded CPython's where one ran, else C "
	      "threads over fork" } },
	  CHART_BIT(SPEEDUP_CPU) | CHART_BIT(WALL_CPU), eval_c3,
	  CLAIM_NEEDS_PARALLEL | CLAIM_BY_K },
	[CLAIM_C4] = { CLAIM_C4, "C4", "I/O-bound threads take \"roughly the "
	  "time of the slowest request rather than the sum\", even under the "
	  "GIL", A(3) | A(4), "http and sleep under threads and gil with W >= "
	  "tasks", KIND(IO), NULL, LIST("threads", "gil"),
	  { { TEST_BELOW, 1.5, NAN, 1, 0, "wall/latency", "the wall time over "
	      "one latency under threads and gil with W >= tasks, every I/O "
	      "workload" } },
	  CHART_BIT(IO), eval_c4 },
	[CLAIM_C5] = { CLAIM_C5, "C5", "a sequential crawler of 3.8 s became "
	  "0.37 s with threads: about 10x", A(2), "I/O workload, 10+ tasks, "
	  "W >= tasks", KIND(IO), NULL, LIST("seq", "threads"),
	  { { TEST_ABOVE, 8, NAN, 1, 0, "S", "the speedup S of threads over "
	      "seq on an I/O workload, 10+ tasks, W >= tasks" } },
	  CHART_BIT(IO), eval_c5 },
	[CLAIM_C6] = { CLAIM_C6, "C6", "process start-up is expensive (\"tens "
	  "of milliseconds\"); a process pool beats sequential only past a "
	  "crossover, \"about 70 items\"", A(2) | A(4), "start-up per worker "
	  "for threads / fork / forkserver / spawn; smallest task count where "
	  "each process pool with start-up beats seq", 0,
	  LIST("primes", "empty"),
	  LIST("seq", "threads", "fork", "forkserver", "spawn"),
	  { { TEST_WORDS, NAN, NAN, 0, 0, "", "for each process pool (fork, "
	      "forkserver, spawn), in a "
	      "sweep of primes over task counts at W = cores, a count where "
	      "the pool with start-up loses to seq (lo > 1) below counts "
	      "where it wins (hi < 1): a crossover exists / contradicted when "
	      "the pool wins from the smallest count in every sweep" },
	    { TEST_BELOW, 1, NAN, 0, 0, "pool/seq", NULL } },
	  CHART_BIT(STARTUP), eval_c6, CLAIM_NEEDS_PARALLEL },
	[CLAIM_C7] = { CLAIM_C7, "C7", "creating a new pool for every batch "
	  "costs; create once, reuse", A(4), "per-batch time with a fresh "
	  "pool vs a reused pool", 0, LIST("primes"),
	  LIST("threads", "fork", "forkserver", "spawn"),
	  { { TEST_ABOVE, 1, NAN, 0, 1, "fresh/reused", "the time per batch "
	      "(start-up + wall) of a fresh pool per batch over one reused "
	      "pool, same cell, paired, every process pool" } },
	  0, eval_c7 },
	[CLAIM_C8] = { CLAIM_C8, "C8", "arguments and results are copied "
	  "between processes; big data hurts", A(1) | A(4), "time to hand a "
	  "payload of 1 KiB .. 64 MiB to a worker: threads, fork+pipe, "
	  "fork+shared memory", 0, LIST("payload"),
	  LIST("threads", "fork", "fork-shm"),
	  { { TEST_ABOVE, 2, 1, 0, 1, "fork/threads", "the time per task of "
	      "payload at the largest size through a pipe (fork) over "
	      "threads, which share it, paired" },
	    { TEST_ABOVE, 2, 1, 0, 1, "fork/fork-shm", "the same over shared "
	      "memory (fork-shm), paired: it is the copy, not the process" } },
	  CHART_BIT(PAYLOAD), eval_c8 },
	[CLAIM_C9] = { CLAIM_C9, "C9", "counter += 1 is not atomic: 3 threads "
	  "x 100,000 increments end below 300,000 without a lock",
	  A(1) | A(2), "final counter, unsynchronised vs mutex vs atomic",
	  KIND(RACE), NULL, LIST("threads"),
	  { { TEST_WORDS, NAN, NAN, 0, 0, "", "threads: lost updates > 0 in "
	      "some repetition unsynchronised, exactly 0 in every one with a "
	      "mutex and with an atomic (whose final counters are the "
	      "checked answers) / contradicted when a locked counter loses "
	      "one" } },
	  0, eval_c9 },
	[CLAIM_C10] = { CLAIM_C10, "C10", "threads are cheaper to create and "
	  "switch, and use less memory, than processes", A(0), "creation "
	  "cost per worker; peak memory of the pool", 0, LIST("empty"),
	  LIST("threads", "fork", "forkserver", "spawn"),
	  { { TEST_ABOVE, 1, NAN, 0, 1, "pool/threads", "each process pool "
	      "(fork, forkserver, spawn) over threads at the same W (the most "
	      "threads and fork both ran), paired, for the start-up per worker "
	      "and for the peak memory" } },
	  CHART_BIT(STARTUP), eval_c10 },
	[CLAIM_C11] = { CLAIM_C11, "C11", "an event loop (asyncio) has the "
	  "lowest overhead at high concurrency for I/O", A(1) | A(4), "async "
	  "vs threads at 256+ concurrent requests: wall, CPU time, memory",
	  KIND(IO), NULL, LIST("threads", "async"),
	  { { TEST_BELOW, 1.25, NAN, 1, 0, "async/threads", "the wall time of "
	      "async over threads, 256+ at once, at the most at once whose "
	      "CPU fits in one latency (else the top of the sweep)" },
	    { TEST_ABOVE, 2, NAN, 1, 1, "threads/async", "the CPU time and "
	      "the memory of threads over async at the top of the sweep (2x "
	      "from 10,000 at once; below, more than 1x)" } },
	  CHART_BIT(SCALE_MEM) | CHART_BIT(SCALE_CPU) | CHART_BIT(SCALE_WALL),
	  eval_c11 },
	[CLAIM_C12] = { CLAIM_C12, "C12", "asyncio does not help CPU-bound "
	  "work", ARTICLES_ALL, "async on a CPU workload", KIND(CPU), NULL,
	  LIST("seq", "async"),
	  { { TEST_BAND, 0.9, 1.1, 1, 0, "S", "the speedup S of async over seq "
	      "at W = cores, every CPU workload" } },
	  CHART_BIT(SPEEDUP_CPU) | CHART_BIT(WALL_CPU), eval_c12,
	  CLAIM_NO_SPEEDUP },
	[CLAIM_C13] = { CLAIM_C13, "C13", "code that releases the GIL (C "
	  "extensions such as NumPy, hashlib) does run in parallel under "
	  "threads", A(1) | A(4), "a workload whose kernel runs in a native "
	  "section, gil mode", KIND(NATIVE), NULL, LIST("seq", "gil"),
	  { { TEST_ABOVE, 1.10, NAN, 0, 1, "S", "the speedup S of gil over seq "
	      "on a workload whose kernel releases the GIL, W = cores" } },
	  CHART_BIT(SPEEDUP_NATIVE) | CHART_BIT(WALL_NATIVE), eval_c13, CLAIM_NEEDS_PARALLEL },
	[CLAIM_C14] = { CLAIM_C14, "C14", "a mix of CPU-bound and I/O-bound "
	  "threads: the I/O thread suffers (convoy effect)",
	  0, "blocking-call rate beside 0, 1, 2 CPU-bound "
	  "threads in gil, threads, fork", KIND(CONVOY), NULL,
	  LIST("threads", "fork", "gil"),
	  { { TEST_BELOW, 0.2, NAN, 0, 1, "kept", "the I/O thread's round "
	      "trips/s beside 1 CPU thread over alone, under gil (it "
	      "collapses)" },
	    { TEST_ABOVE, 0.5, NAN, 0, 1, "kept", "the same under threads and "
	      "fork (it keeps most of its rate)" } },
	  CHART_BIT(CONVOY), eval_c14, CLAIM_NEEDS_PARALLEL },
	[CLAIM_C15] = { CLAIM_C15, "C15", "more speedup than the machine has "
	  "cores (17 s to 0.5 s, 34x)", A(2), "the core count N, the "
	  "capacity K and the best CPU-bound speedup measured",
	  KIND(CPU) | KIND(CALIB), NULL, NULL,
	  { { TEST_WORDS, NAN, NAN, 0, 0, "", "a speedup of 34x needs 34 "
	      "cores: contradicted on a machine of fewer cores when hi(S) < "
	      "34 for the best CPU-bound speedup S; on one of 34 or more, "
	      "lo(S) >= 0.8 x 34" },
	    { TEST_ABOVE, 0.8 * 34, NAN, 1, 0, "S", NULL } },
	  CHART_BIT(SPEEDUP_CPU) | CHART_BIT(WALL_CPU), eval_c15,
	  CLAIM_BY_K },
	[CLAIM_C16] = { CLAIM_C16, "C16", "processes scale across machines, "
	  "threads cannot", A(0), "mpi against fork at equal workers on one "
	  "machine; mpi over several machines when a hostfile is given",
	  KIND(CPU), NULL, LIST("seq", "fork", "mpi"),
	  { { TEST_WORDS, NAN, NAN, 0, 0, "", "mpi / fork wall at equal W on "
	      "one machine (the overhead); with several hosts, every answer "
	      "verified, mpi's overhead per task over fork, and lo of mpi's "
	      "best speedup above one machine's cores / contradicted when "
	      "hi <= its cores" },
	    { TEST_ABOVE, 0, NAN, 0, 1, "S", NULL } },
	  0, eval_c16 },
};
