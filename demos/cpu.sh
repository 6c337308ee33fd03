#!/usr/bin/env bash
# demo-cpu: CPU-bound work with threads and processes, no GIL.
. "$(dirname "$0")/lib.sh"

args="--repeat 3 --warmup 1"
[ -n "$QUICK" ] && args="--tasks 20 --size 2000 --repeat 1 --warmup 0"
title "demo-cpu: CPU-bound work on $CPUS cores"
say "The articles' is_prime() over a range of numbers, cut into tasks:" \
    "first one after another (seq), then on $CPUS threads, $CPUS forked" \
    "processes and $CPUS spawned processes. These are C threads with no" \
    "GIL (what a free-threaded Python gets); demo-gil adds the lock."
# shellcheck disable=SC2086
bench --workload primes --mode seq,threads,fork,spawn --workers "$CPUS" $args

cols mode wall_s | median_by | by_mode seq threads fork spawn >"$DEMO_TMP/per"
seq=$(awk -F'\t' '$1 == "seq" { print $2 }' "$DEMO_TMP/per")
wall_chart "$seq" <"$DEMO_TMP/per"
best=$(awk -F'\t' -v a="$seq" '$1 != "seq" && $2 > 0 && a / $2 > b { b = a / $2 }
	END { printf "%.1f", b }' "$DEMO_TMP/per")
lesson "without a GIL, threads and processes both put every core to work:" \
	"${best}x at best here, on $CPUS cores."
