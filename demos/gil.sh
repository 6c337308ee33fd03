#!/usr/bin/env bash
# demo-gil: CPU-bound threads under a simulated GIL.
. "$(dirname "$0")/lib.sh"

title "demo-gil: CPU-bound threads under the GIL"
require gil primes
args="--repeat 3 --warmup 1"
[ -n "$QUICK" ] && args="--tasks 20 --size 2000 --repeat 1 --warmup 0"
say "The same is_prime() tasks on $CPUS threads, once free (threads) and" \
    "once under a simulated CPython GIL (gil: one thread runs at a time," \
    "handing over every 5 ms), next to seq and $CPUS forked processes," \
    "which each have a lock of their own."
# shellcheck disable=SC2086
bench --workload primes --mode seq,threads,gil,fork --workers "$CPUS" $args

cols mode wall_s | median_by | by_mode seq gil threads fork >"$DEMO_TMP/per"
seq=$(awk -F'\t' '$1 == "seq" { print $2 }' "$DEMO_TMP/per")
wall_chart "$seq" <"$DEMO_TMP/per"
gil=$(awk -F'\t' -v a="$seq" '$1 == "gil" && $2 > 0 { printf "%.2f", a / $2 }' "$DEMO_TMP/per")
lesson "under the GIL, CPU-bound threads take turns (${gil}x here): use" \
	"processes, or code that releases the lock."
