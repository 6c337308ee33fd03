#!/usr/bin/env bash
# scale.sh - how the cost of waiting grows with concurrency, behind `make
# scale` (and, shortened, a line of make bench's suite): sleep and http
# with tasks = workers = 16 ... 10,000, under threads and async (fork up to
# 1,024, gil up to 4,096), one latency each: wall, CPU time, peak memory,
# context switches and start-up, in bin/bench's CSV.
#
#   scripts/scale.sh [--quick] [--csv FILE] [--latency-ms MS] [--repeat R]
#                    [--sizes LIST]
#
# Without --csv: the rows go to a new folder results/scale-DATE/ and its
# report (scripts/report.sh) is copied to report/scale/ (REPORT_DIR to
# move it). With --csv (what the suite line does) the rows are appended to
# FILE and nothing else is made. --quick is the suite's share of make
# bench's budget (about 12 s on 2 cores): threads and async only, up to
# 4,096, and 10,000 for sleep, 3 repetitions. --sizes 16,256 sweeps only
# those numbers of tasks at once (fork still stops at 1,024, gil at 4,096).
#
# Every cell (workload, mode, workers) runs in a bin/bench of its own, in
# a seeded shuffled order: glibc keeps the memory a pool freed, and a cell
# that ran after 10,000 threads in the same process would start with
# their leftovers resident (measured: an async cell began 110 MiB up, and
# a threads cell reused them and rose by a third less). Alone, a cell's
# first repetition starts from bin/bench's own memory (start_rss_kb), and
# its repetitions add what their own predecessors kept, as a long-running
# program's would. A cell the machine cannot hold (open files, threads)
# fails alone, saying what is short: that is a finding, not an error, so
# it does not fail this script.
set -u
# Numbers with a decimal point whatever the locale (see scripts/bench.sh).
export LC_ALL=C.UTF-8
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bin/bench
csv=
quick=
latency=10
repeat=
sizes="16 64 256 1024 4096 10000"
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1 ;;
	--csv|--latency-ms|--repeat|--sizes)
		[ $# -ge 2 ] || { echo "scale.sh: $1 needs a value" >&2; exit 2; }
		case "$1" in
		--csv) csv=$2 ;;
		--latency-ms) latency=$2 ;;
		--repeat) repeat=$2 ;;
		--sizes) sizes=${2//,/ } ;;
		esac
		shift ;;
	*) echo "scale.sh: unknown argument '$1' (expected --quick, --csv FILE, --latency-ms MS, --repeat R or --sizes LIST)" >&2
	   exit 2 ;;
	esac
	shift
done
[ -x "$BENCH" ] || { echo "scale.sh: no $BENCH (run make first)" >&2; exit 2; }
for w in $sizes; do
	case "$w" in
	''|*[!0-9]*) echo "scale.sh: --sizes: '$w' is not a number of tasks" >&2; exit 2 ;;
	esac
done

# The cells, "workload mode workers", one a line.
cells() {
	local wl m w
	for wl in sleep http; do
		for m in threads async; do
			for w in $sizes; do
				if [ -n "$quick" ]; then
					case "$w" in 64) continue ;; esac
					[ "$w" = 10000 ] && [ "$wl" = http ] && continue
				fi
				echo "$wl $m $w"
			done
		done
		[ -n "$quick" ] && continue
		for w in $sizes; do
			[ "$w" -le 1024 ] && echo "$wl fork $w"
			[ "$w" -le 4096 ] && echo "$wl gil $w"
		done
	done
}

if [ -n "$quick" ]; then
	repeat=${repeat:-3}
else
	repeat=${repeat:-5}
fi
run=
if [ -z "$csv" ]; then
	run=$ROOT/results/scale-$(date +%Y%m%d-%H%M%S)
	mkdir -p "$run" || exit 1
	csv=$run/bench.csv
fi
mkdir -p "$(dirname "$csv")" || exit 1

seed=${SCALE_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
list=$(cells | shuf --random-source=<(yes "$seed"))
n=$(echo "$list" | wc -l)
echo "scale: $n cells at ${latency} ms, $repeat repetitions each, one bin/bench per cell (order seed $seed)" >&2

k=0
failed=0
unfit=0
unfit_list=
start=$(date +%s)
while read -r wl mode w; do
	k=$((k + 1))
	echo "scale: [$k/$n] $wl $mode, $w at once" >&2
	err=$("$BENCH" --workload "$wl" --mode "$mode" --workers "$w" \
		--tasks "$w" --latency-ms "$latency" --repeat "$repeat" \
		--warmup 0 --quiet --csv "$csv" 2>&1 >/dev/null)
	status=$?
	[ -n "$err" ] && echo "$err" | sed 's/^/  /' >&2
	if [ "$status" -ge 128 ]; then
		echo "scale: interrupted; the rows so far are in $csv" >&2
		exit "$status"
	fi
	if [ "$status" -ne 0 ]; then
		if echo "$err" | grep -q "cannot run here"; then
			unfit=$((unfit + 1))
			# What is short, once per cell: "needs about 30069
			# open files (3 per worker) and the limit is 20000".
			why=$(echo "$err" | grep -m1 -o "cannot run here: .*" | sed 's/^cannot run here: //')
			unfit_list="$unfit_list
  $wl under $mode at $w: $why"
		else
			failed=$((failed + 1))
		fi
	fi
done <<<"$list"
echo "scale: $n cells in $(($(date +%s) - start)) s; $unfit could not run on this machine, $failed failed" >&2
[ -n "$unfit_list" ] && echo "scale: not measured here (this machine's limits, not a failure):$unfit_list" >&2

if [ -n "$run" ]; then
	ln -sfn "$(basename "$run")" "$ROOT/results/scale-latest"
	REPORT_DIR=${REPORT_DIR:-$ROOT/report/scale} "$ROOT/scripts/report.sh" "$run" || exit $?
fi
[ "$failed" -eq 0 ]
