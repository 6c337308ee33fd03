#!/usr/bin/env bash
# demo-cpu: CPU-bound work with threads and processes, no GIL.
. "$(dirname "$0")/lib.sh"

args=(--repeat 3 --warmup 1)
[ -n "$QUICK" ] && args=(--tasks 20 --size 2000 --repeat 1 --warmup 0)
title "demo-cpu: CPU-bound work on $CORES_SAID"
say "The articles' is_prime() over a range of numbers, cut into tasks:" \
    "first one after another (seq), then on $CPUS threads, $CPUS forked" \
    "processes and $CPUS spawned processes. These are C threads with no" \
    "GIL (what a free-threaded Python gets); demo-gil adds the lock."
speedups primes seq,threads,fork,spawn "${args[@]}"
say "Real Python can do this too: a free-threaded CPython is CPython" \
    "built without its GIL (configure --disable-gil; it is called" \
    "python3.13t), so its threads run Python code on every core at once." \
    "\`make cpython-ft\` finds or builds one, and \`make compare\` runs the" \
    "articles' code on it beside these C threads."
lesson "without a GIL, threads and processes both put every core to work:" \
	"threads ${SPEEDUP_OF_threads}x, fork ${SPEEDUP_OF_fork}x here, on $CORES_SAID."
