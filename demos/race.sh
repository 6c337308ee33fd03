#!/usr/bin/env bash
# demo-race: counter += 1 from three threads, with and without a lock.
. "$(dirname "$0")/lib.sh"

runs=5
[ -n "$QUICK" ] && runs=3
title "demo-race: counter += 1 is not atomic"
say "Three threads each add 1 to a shared counter 100,000 times, as in the" \
    "articles, so the counter should end at 300,000. First with nothing" \
    "protecting it, then under a mutex, then as an atomic add; each" \
    "$runs times, because how many updates get lost changes from run to run."
bench --workload race,race-mutex,race-atomic --mode threads --workers 3 \
	--size 100000 --repeat "$runs" --warmup 0

# final counter = tasks x size - lost updates
cols workload rep tasks size metric |
	awk -F'\t' '{ printf "%s\t%s\t%d\n", $1, $2, $3 * $4 - $5 }' >"$DEMO_TMP/final"
printf '  %-5s %16s %16s %16s\n' "run" "unsynchronised" "mutex" "atomic"
for r in $(seq 1 "$runs"); do
	printf '  %-5s' "$r"
	for wl in race race-mutex race-atomic; do
		awk -F'\t' -v w="$wl" -v r="$r" '$1 == w && $2 == r { printf " %16d", $3 }' "$DEMO_TMP/final"
	done
	echo
done
echo
echo "  final counter (of 300,000):"
awk -F'\t' '{ name = $1 == "race" ? "unsync" : $1 == "race-mutex" ? "mutex" : "atomic"
	      printf "%s #%s\t%d\t%d (lost %d)\n", name, $2, $3, $3, 300000 - $3 }' \
	"$DEMO_TMP/final" | bars
lost=$(awk -F'\t' '$1 == "race" && $3 < 300000 { n++ } END { print n + 0 }' "$DEMO_TMP/final")
lesson "counter += 1 is a read, an add and a write: unsynchronised threads" \
	"lost updates in $lost of $runs runs; a mutex or an atomic add loses none."
