#!/usr/bin/env bash
# demo-convoy: an I/O thread beside CPU-bound threads, under the GIL.
. "$(dirname "$0")/lib.sh"

title "demo-convoy: the GIL starves an I/O thread beside CPU work"
require convoy gil
args="--repeat 3 --warmup 1"
[ -n "$QUICK" ] && args="--size 100 --repeat 1 --warmup 0"
say "One thread makes blocking calls as fast as it can; beside it run 0," \
    "1 or 2 CPU-bound threads. Under the GIL every blocking call gives" \
    "the lock away, and getting it back means waiting for a CPU thread" \
    "to be forced off: about one switch interval per call. Without a" \
    "GIL (threads) or in separate processes (fork), nothing of the sort."
# shellcheck disable=SC2086
bench --workload convoy --mode gil,threads,fork --workers 1,2,3 $args

name=$(cols metric_name | head -1)
cols mode workers metric | median_by | by_mode gil threads fork >"$DEMO_TMP/per"
printf '  %-8s %14s %20s\n' "mode" "CPU threads" "${name:-metric}"
while IFS=$'\t' read -r m w v; do
	printf '  %-8s %14s %20.6g\n' "$m" "$((w - 1))" "$v"
done <"$DEMO_TMP/per"
echo
echo "  ${name:-metric} of the I/O thread (longer is better):"
while IFS=$'\t' read -r m w v; do
	printf '%s +%s cpu\t%s\t%.6g\n' "$m" "$((w - 1))" "$v" "$v"
done <"$DEMO_TMP/per" | bars

say "The same I/O thread beside one CPU thread under the GIL, traced: the" \
    "top row is the I/O thread, blue while its call is out, red while it" \
    "waits to get the lock back."
size=100
[ -n "$QUICK" ] && size=30
picture convoy-timeline "The convoy: an I/O thread beside one CPU thread" \
	--workload convoy --mode gil --workers 2 --size "$size" --repeat 1 --warmup 0
p50=$(fig p50_us)
echo "  median round trip: $(fmt_time "$(awk -v u="${p50:-0}" 'BEGIN { print u / 1e6 }')")" \
	"(switch interval 5 ms; $(fig rate_per_s) round trips/s)"
lesson "under a GIL, one CPU-bound thread is enough to make an I/O thread" \
	"wait a switch interval per call; processes do not share the lock."
