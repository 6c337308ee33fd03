/*
 * glossary.c - see glossary.h. Written for a student: one or two
 * sentences each, Python's names beside ours where there is one.
 */
#include "bench/analysis/glossary.h"

#include <string.h>

const struct gloss gb_gloss_modes[] = {
	{ "seq", "The tasks one after another in one thread: the baseline "
	  "every speedup is measured against.", NULL },
	{ "threads", "A pool of threads with no lock between them, like a "
	  "Python without a GIL (the free-threaded build of PEP 703): every "
	  "core can run at once.", NULL },
	{ "fork", "A pool of worker processes made with `fork()`, as "
	  "Python's `multiprocessing` does on Linux; tasks and results are "
	  "copied through pipes.", NULL },
	{ "spawn", "Worker processes that each start the program afresh, as "
	  "Python's \"spawn\" start method does (the default on macOS and "
	  "Windows): slower to start, nothing inherited.", NULL },
	{ "fork-shm", "Forked workers that read their input from shared "
	  "memory instead of having it copied through a pipe.", NULL },
	{ "gil", "Threads under a simulated GIL that works like CPython 3.2 "
	  "and later: one thread runs at a time; a waiting thread asks for "
	  "the lock once the switch interval (5 ms) has passed and is "
	  "handed it.", NULL },
	{ "gil-legacy", "Threads under CPython's old GIL (3.1 and before): "
	  "the holder lets go every 100 \"ticks\" (the check interval) but "
	  "often takes it straight back.", NULL },
	{ "async", "One thread with an event loop, like `asyncio`: many I/O "
	  "waits in flight at once, but CPU work runs one task at a time.",
	  NULL },
	{ "omp", "An OpenMP parallel loop: the quickest way C hands tasks to "
	  "threads, the floor of what dispatching a task costs.", NULL },
	{ "mpi", "Open MPI processes (ranks), which can run on several "
	  "machines.", NULL },
	{ "py-seq", "Real CPython 3 (`python/compare.py`): the articles' "
	  "code in a plain loop, the baseline of the py- rows.", NULL },
	{ "py-threads", "Real CPython 3 threads, under CPython's own GIL.",
	  NULL },
	{ "py-procs", "A real CPython 3 process pool "
	  "(`concurrent.futures.ProcessPoolExecutor`).", NULL },
	{ "py2-seq", "Real CPython 2.7: the same code in a plain loop, the "
	  "baseline of the py2- rows.", NULL },
	{ "py2-threads", "Real CPython 2.7 threads, under its old GIL (what "
	  "gil-legacy simulates).", NULL },
	{ "py2-procs", "A real CPython 2.7 process pool.", NULL },
	{ "pyft-seq", "A free-threaded CPython (no GIL): the same code in a "
	  "plain loop, the baseline of the pyft- rows.", NULL },
	{ "pyft-threads", "Free-threaded CPython threads: no GIL, like the "
	  "threads mode.", NULL },
	{ "pyft-procs", "A free-threaded CPython's process pool.", NULL },
};
const size_t gb_ngloss_modes = sizeof(gb_gloss_modes) /
			       sizeof(gb_gloss_modes[0]);

const struct gloss gb_gloss_workloads[] = {
	{ "primes", "Counts primes by trial division, exactly as the "
	  "articles' `is_prime()` does. CPU-bound.",
	  "numbers tested per task" },
	{ "sieve", "Counts primes with a sieve of Eratosthenes, one segment "
	  "per task. CPU-bound.", "numbers per segment" },
	{ "sumsq", "Sums i * i over a range, like `sum(i * i for i in "
	  "range(n))`. CPU-bound.", "terms summed per task" },
	{ "native", "The sumsq loop inside native calls that release the "
	  "GIL, as NumPy or hashlib do.", "terms per task" },
	{ "convoy", "One I/O thread making tiny blocking round trips to "
	  "another process, alone or beside 1 or 2 CPU-bound threads: "
	  "workers = 1 + the CPU threads.",
	  "milliseconds the I/O thread runs" },
	{ "ccbench", "One thread that sleeps 1 ms again and again and must "
	  "take the GIL back after each, beside CPU-bound threads, as "
	  "CPython's Tools/ccbench measured \"latency\"; its figure is how "
	  "late it runs.", "milliseconds the sleeping thread runs" },
	{ "http", "One HTTP request per task to a local server that answers "
	  "after a set delay (`--latency-ms`). I/O-bound.",
	  "unused (the delay is the work)" },
	{ "sleep", "Each task waits a set time, like `time.sleep()`. "
	  "I/O-bound.", "unused (the delay is the work)" },
	{ "empty", "Tasks that do nothing: what handing a task to a pool "
	  "costs, and what starting the pool costs.", "unused" },
	{ "pingpong", "One 1-byte round trip through a pipe to another "
	  "process per task: the floor of what a process pool's dispatch "
	  "can cost.", "unused" },
	{ "payload", "Each task is handed a block of data and returns its "
	  "checksum: what copying arguments to a worker costs.",
	  "bytes handed to each task" },
	{ "race", "`counter += 1` from 3 threads at once, with no lock.",
	  "increments per thread" },
	{ "race-mutex", "The same under a mutex (Python's "
	  "`threading.Lock`).", "increments per thread" },
	{ "race-atomic", "The same as one atomic add per increment.",
	  "increments per thread" },
};
const size_t gb_ngloss_workloads = sizeof(gb_gloss_workloads) /
				   sizeof(gb_gloss_workloads[0]);

const struct gloss gb_gloss_terms[] = {
	{ "W, workers", "How many threads or processes a pool has. \"W = "
	  "cores\": as many as the machine has cores.", NULL },
	{ "task, size", "The work is split into tasks; `size` is the work "
	  "in one task, counted in the workload's unit (above).", NULL },
	{ "wall time", "Time on a clock on the wall, from the first task's "
	  "start to the last one's end; the pool's start-up is not in it.",
	  NULL },
	{ "start-up", "Creating a pool until every worker is ready for a "
	  "task.", NULL },
	{ "speedup", "How many times faster than seq: seq's median wall time "
	  "over the mode's. 2x is twice as fast; below 1x is slower.", NULL },
	{ "efficiency", "Speedup / W: 1 means every worker was fully used.",
	  NULL },
	{ "CPU/wall", "CPU time used over wall time: roughly how many cores "
	  "were busy.", NULL },
	{ "median, n", "The middle value of the n timed repetitions of a "
	  "cell. Medians, not means: a busy machine only ever adds time.",
	  NULL },
	{ "95% interval", "A range that, 95 times in 100, holds the value a "
	  "much longer run would give, estimated by resampling the "
	  "repetitions (a percentile bootstrap). The error bars of every "
	  "chart.", NULL },
	{ "MAD", "Median absolute deviation: how far a typical repetition "
	  "lies from the median.", NULL },
	{ "CV", "Coefficient of variation: standard deviation over mean. "
	  "Above 10% a cell is marked noisy.", NULL },
	{ "outlier", "A repetition far from the others (modified z-score "
	  "above 3.5); flagged, never dropped.", NULL },
	{ "switch interval", "How long a thread may keep the GIL while "
	  "another waits for it (CPython: `sys.setswitchinterval()`, 5 ms "
	  "by default).", NULL },
	{ "drop request", "What a thread waiting for the GIL sets after "
	  "one switch interval: the holder must let go at its next "
	  "checkpoint (a forced drop) and wait until another thread has "
	  "it.", NULL },
	{ "futile wake-up", "A thread woken to take the lock that finds it "
	  "taken again and sleeps once more: the old GIL's releaser wins "
	  "it straight back.", NULL },
	{ "lock policy", "Who gets the GIL next (`--gil-policy`): CPython's "
	  "rule (any thread may grab it), fifo (the longest waiter), "
	  "io-priority (a thread back from I/O first, as the never-merged "
	  "patches of bpo-7946 did).", NULL },
	{ "CDF", "A cumulative distribution: for each time on the x axis, "
	  "the share of the samples that took at most that long.", NULL },
	{ "round trip", "Sending one byte to another process and waiting "
	  "for its answer.", NULL },
	{ "perfect overlap", "All waits at once: W workers finish T tasks "
	  "of one wait each in ceil(T / W) waits.", NULL },
	{ "kept (C14)", "The share of its round trips per second the I/O "
	  "thread keeps beside one CPU thread: the rate beside it over the "
	  "rate alone; 1 is unaffected.", NULL },
	{ "units", "ns, us, ms, s: a billionth, a millionth, a thousandth "
	  "of a second, a second. KiB = 1024 bytes, MiB = 1024 KiB.", NULL },
};
const size_t gb_ngloss_terms = sizeof(gb_gloss_terms) /
			       sizeof(gb_gloss_terms[0]);

const struct gloss *gloss_find(const struct gloss *list, size_t n,
			       const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i].term, name) == 0)
			return &list[i];
	return NULL;
}


const struct article gb_articles[] = {
	{ "000", "Understanding Python Threads, Processes, GIL, and the "
	  "multiprocessing & concurrent.futures Modules",
	  "Architecture Digest" },
	{ "001", "Concurrency - Threading and Multiprocessing", "" },
	{ "002", "Python Concurrency Programming: Threads, Processes, GIL, "
	  "and Thread Pools", "TAL Education Technology" },
	{ "003", "Python threading and multiprocessing basics",
	  "Script Valley, Python: Complete Language Course, lesson 6.5" },
	{ "004", "Threading vs Multiprocessing in Python", "" },
};
const size_t gb_narticles = sizeof(gb_articles) / sizeof(gb_articles[0]);
