#!/usr/bin/env bash
# demo-gil: CPU-bound threads under a simulated GIL.
. "$(dirname "$0")/lib.sh"

title "demo-gil: CPU-bound threads under the GIL"
require gil primes
args=(--repeat 3 --warmup 1)
[ -n "$QUICK" ] && args=(--tasks 20 --size 2000 --repeat 1 --warmup 0)
say "The same is_prime() tasks on $CPUS threads, once free (threads) and" \
    "once under a simulated CPython GIL (gil: one thread runs at a time," \
    "handing over every 5 ms), next to seq and $CPUS forked processes," \
    "which each have a lock of their own."
speedups primes seq,gil,threads,fork "${args[@]}"
lesson "under the GIL, CPU-bound threads take turns (${SPEEDUP_OF_gil}x here):" \
	"use processes (${SPEEDUP_OF_fork}x), or code that releases the lock."
