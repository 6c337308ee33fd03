#!/usr/bin/env bash
# demo-startup: what starting a worker costs: a thread, fork, forkserver,
# spawn.
. "$(dirname "$0")/lib.sh"

workers=1,4,16 reps=5 mem=1024
[ -n "$QUICK" ] && workers=1,2 reps=1 mem=16
title "demo-startup: what a worker costs to start"
say "A pool must start its workers before any work is done. A thread" \
    "shares everything with its parent; fork() copies the parent's page" \
    "tables; forkserver (Python's default on Linux since 3.14) asks a small" \
    "server, started once, to fork each worker for it; spawn starts a whole" \
    "new program (Python's default on macOS and Windows), which must load" \
    "and set itself up again. Pools of ${workers//,/, } workers that run no" \
    "task, $reps times each; then the processes again after the parent has" \
    "touched $mem MiB."
bench --workload empty --mode threads,fork,forkserver,spawn --workers "$workers" \
	--tasks 0 --repeat "$reps" --warmup 1
bench --workload empty --mode fork,forkserver,spawn --workers 4 --tasks 0 \
	--repeat "$reps" --warmup 1 --parent-mem "$mem"

# start-up per worker = startup_s / workers, median over the repetitions
cols mode parent_mem_mib workers startup_s workers |
	awk -F'\t' '{ printf "%s\t%s\t%s\t%.9f\n", $1, $2, $3, $4 / $5 }' |
	median_by | by_mode threads fork forkserver spawn >"$DEMO_TMP/per"
printf '  %-10s %12s %8s %18s\n' "mode" "parent MiB" "workers" "per worker"
while IFS=$'\t' read -r m mib w s; do
	printf '  %-10s %12s %8s %18s\n' "$m" "$mib" "$w" "$(fmt_time "$s")"
done <"$DEMO_TMP/per"
echo
echo "  start-up per worker:"
awk -F'\t' -v big="${workers##*,}" '
	$2 == 0 && $3 == big { printf "%s x%s\t%s\n", $1, $3, $4 }
	$2 > 0 { printf "%s x%s +%sMiB\t%s\n", $1, $3, $2, $4 }' "$DEMO_TMP/per" |
	while IFS=$'\t' read -r label s; do
		printf '%s\t%s\t%s\n' "$label" "$s" "$(fmt_time "$s")"
	done | bars
ratio=$(awk -F'\t' -v big="${workers##*,}" '$2 == 0 && $3 == big { t[$1] = $4 }
	END { if (t["threads"] > 0) printf "%.0f", t["spawn"] / t["threads"]; else print "?" }' "$DEMO_TMP/per")
lesson "a thread starts in microseconds; a process costs far more (here a" \
	"spawned one ${ratio}x a thread), and fork gets slower as the parent grows;" \
	"forkserver forks from its small server, so it does not."
