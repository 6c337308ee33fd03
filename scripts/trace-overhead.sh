#!/usr/bin/env bash
# trace-overhead.sh [PAIRS] [CONFIG-PATTERN] - what --trace costs. Each
# configuration below runs untraced and traced back to back, in a random
# order per pair, PAIRS times (default 15); each run is one warm-up and
# one timed repetition. It prints, per configuration, the median over the
# pairs of traced / untraced wall time (and of the figure, for convoy),
# so both sides of every ratio come from the same minute of the same
# machine. Run it under gb-quiet on a shared machine; it writes nothing
# into the tree.
#
#   scripts/trace-overhead.sh 20 'gil'
set -u
# Numbers with a decimal point whatever the locale (see scripts/bench.sh).
export LC_ALL=C.UTF-8
root=$(cd "$(dirname "$0")/.." && pwd)
bench=${BENCH:-$root/bin/bench}
pairs=${1:-15}
pat=${2:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The CPU workloads under both GILs (the hot path is the checkpoint and
# the hand-off), and the convoy, whose figure a slow trace point would
# lower, alone and beside one CPU thread.
configs=(
	"primes-gil|--workload primes --mode gil --workers 2 --tasks 32 --size 10000"
	"sumsq-gil|--workload sumsq --mode gil --workers 2 --tasks 16 --size 5000000"
	"sieve-gil|--workload sieve --mode gil --workers 2 --tasks 16 --size 4000000"
	"primes-legacy|--workload primes --mode gil-legacy --workers 2 --tasks 32 --size 10000"
	"sumsq-legacy|--workload sumsq --mode gil-legacy --workers 2 --tasks 16 --size 5000000"
	"convoy-gil-1|--workload convoy --mode gil --workers 1 --size 100"
	"convoy-gil-2|--workload convoy --mode gil --workers 2 --size 100"
	"convoy-threads-2|--workload convoy --mode threads --workers 2 --size 100"
)
for ((p = 1; p <= pairs; p++)); do
	for c in "${configs[@]}"; do
		name=${c%%|*}
		args=${c#*|}
		[[ $name =~ $pat ]] || continue
		order="0 1"
		[ $((RANDOM % 2)) -eq 1 ] && order="1 0"
		for traced in $order; do
			rm -f "$tmp/r.csv" "$tmp/r.csv.meta" "$tmp/t.csv"
			extra=""
			[ "$traced" = 1 ] && extra="--trace $tmp/t.csv"
			# shellcheck disable=SC2086
			"$bench" $args --repeat 1 --warmup 1 --csv "$tmp/r.csv" -q $extra || exit 1
			awk -F, -v n="$name" -v t="$traced" -v p="$p" '
				NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
				{ print n, p, t, $c["wall_s"], $c["metric"] }' "$tmp/r.csv" >>"$tmp/runs"
		done
	done
done
# Per configuration: the median over pairs of traced / untraced.
awk '
	{ k = $1; v[k, $2, $3] = $4; m[k, $2, $3] = $5; if ($2 > np[k]) np[k] = $2
	  if (!(k in seen)) { seen[k] = 1; order[++no] = k } }
	function median(a, n,   i, j, t) {
		for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j-1] > a[j]; j--) { t = a[j]; a[j] = a[j-1]; a[j-1] = t }
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
	END {
		printf "%-18s %5s %10s %12s %10s %12s\n", "config", "pairs", "wall t/u", "wall untr.", "figure t/u", "figure untr."
		for (o = 1; o <= no; o++) {
			k = order[o]; n = np[k]; delete rw; delete rm; delete w0; delete m0; nm = 0
			for (i = 1; i <= n; i++) {
				rw[i] = v[k, i, 1] / v[k, i, 0]; w0[i] = v[k, i, 0]
				if (m[k, i, 0] != "" && m[k, i, 0] > 0) { rm[++nm] = m[k, i, 1] / m[k, i, 0]; m0[nm] = m[k, i, 0] }
			}
			printf "%-18s %5d %10.3f %10.4f s", k, n, median(rw, n), median(w0, n)
			if (nm) printf " %10.3f %12.5g", median(rm, nm), median(m0, nm)
			printf "\n"
		}
	}' "$tmp/runs"
