#!/usr/bin/env bash
# demo-io: I/O-bound tasks: waiting overlaps.
. "$(dirname "$0")/lib.sh"

title "demo-io: I/O-bound tasks overlap their waiting"
require sleep async
n=10 ms=100 args="--repeat 3 --warmup 1"
[ -n "$QUICK" ] && n=4 ms=20 args="--repeat 1 --warmup 0"
modes=seq,threads,async
"$BENCH" --list | grep -qE '^  gil ' && modes=seq,threads,gil,async
say "$n tasks that each wait $ms ms, like a request to a slow server. One" \
    "after another they take the sum of the waits. On $n threads (under" \
    "the GIL too, which a thread drops while it waits) or in one event" \
    "loop (asyncio), the waits overlap."
# shellcheck disable=SC2086
speedups sleep "$modes" --workers "$n" --tasks "$n" --latency-ms "$ms" $args
lesson "for waiting, threads help even under a GIL, and so does one event" \
	"loop: the time of the slowest wait, not the sum."
