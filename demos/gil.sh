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

say "Now the lock from inside: two threads under the GIL, traced. Each" \
    "row of the picture is a thread: green while it holds the lock, red" \
    "while it waits for it."
# Long enough (about 0.1 s) that the second thread is waiting for the
# lock before the first is done, even when a loaded machine starts it late.
size=100000000
[ -n "$QUICK" ] && size=60000000
picture gil-timeline "Two CPU-bound threads under the GIL" --workload sumsq \
	--mode gil --workers 2 --tasks 2 --size "$size" --repeat 1 --warmup 0
echo "  hand-offs every $(awk -v x="$(fig handoff_median_ms)" 'BEGIN { printf "%.1f", x }') ms (median of $(fig handoffs));" \
	"each thread waited $(awk -v w="$(fig wait)" 'BEGIN { printf "%.0f", 100 * w }')% of the window"
say "A free-threaded CPython (python3.13t) has no GIL, unless it is" \
    "started with PYTHON_GIL=1, which turns the lock back on in the same" \
    "program. Its GIL twin is the same CPython version built the usual" \
    "way, with its GIL: \`make compare\` runs all three side by side, so" \
    "the GIL's cost and the cost of doing without it are measured apart" \
    "(\`make cpython-ft\` gets them)."
lesson "under the GIL, CPU-bound threads take turns (${SPEEDUP_OF_gil}x here):" \
	"use processes (${SPEEDUP_OF_fork}x), or code that releases the lock."
