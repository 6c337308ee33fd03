#!/usr/bin/env bash
# cost.sh - measure what concurrency costs, behind `make cost`: each
# measurement is one bin/bench command (README, "The cost of
# concurrency"), all appending rows to one CSV.
#
#   scripts/cost.sh [--quick] [--csv FILE]     (default results/bench.csv)
#
# COST_BIG=1 adds a parent of 4 GiB to the fork measurement (about 5 GiB
# of memory for a few seconds).
set -eu
# Numbers with a decimal point whatever the locale (see scripts/bench.sh).
export LC_ALL=C.UTF-8
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bin/bench
CSV=$ROOT/results/bench.csv
quick=
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) quick=1 ;;
	--csv) [ $# -ge 2 ] || { echo "cost.sh: --csv needs a FILE" >&2; exit 2; }
		CSV=$2; shift ;;
	*) echo "cost.sh: unknown argument '$1' (expected --quick or --csv FILE)" >&2; exit 2 ;;
	esac
	shift
done
mkdir -p "$(dirname "$CSV")"

if [ -n "$quick" ]; then
	reps=2 workers=1,2,4 mems="64" sweep=1,10,100,1000 sweep_mid=1,10,100
	sweep_big=1,10
	dispatch=5000
	sizes="1024 1048576 16777216"
else
	reps=10 workers=1,2,4,8,16 mems="64 256 1024" dispatch=20000
	sweep=1,2,5,10,20,50,70,100,200,500,1000,2000,5000,10000
	sweep_mid=1,2,5,10,20,50,70,100,200,500,1000,2000
	sweep_big=1,2,3,5,7,10,15,20,30,50,70,100,200
	sizes="1024 4096 16384 65536 262144 1048576 4194304 16777216 67108864"
fi
[ "${COST_BIG:-}" = 1 ] && mems="$mems 4096"
# W = cores: the usable ones, as bin/bench counts them (the affinity
# mask and the CPU quota; nproc sees the mask only).
cpus=$("$BENCH" cpus cpus_usable)

run() {
	echo "== $*" >&2
	"$BENCH" "$@" --csv "$CSV"
}

# Start-up per worker (startup_s / workers) and peak memory of the pool
# (max_rss_kb, parent plus workers), every worker having run tasks.
run --workload empty --mode threads,fork,forkserver,spawn --workers "$workers" \
	--tasks 100 --repeat "$reps"
# fork as the parent's memory grows; forkserver (whose server is a fresh
# program) and spawn beside it do not copy it.
for mib in $mems; do
	run --workload empty --mode fork,forkserver,spawn --workers 4 --tasks 0 \
		--repeat "$reps" --parent-mem "$mib"
done
# Dispatch: us_per_task of empty through each pool, beside its floor in
# the same run: omp for threads, pingpong under seq (a raw 1-byte pipe
# round trip between two processes) for fork.
run --workload empty,pingpong --mode seq,threads,omp,fork --workers 1,"$cpus" \
	--tasks "$dispatch" --repeat "$reps"
# Crossover: small tasks swept over their number, pools with their
# start-up against seq. Size 1 is the articles' item (one number); size 50
# is about one CPython is_prime() call's worth of work in C; size 1000
# (a quarter of a millisecond) is where start-up, not dispatch, decides.
# Each sweep's longest seq stays well under the main primes series of
# make bench, which the report takes as primes' own (the longest seq).
run --workload primes --size 1 --mode seq,fork,forkserver,spawn --workers "$cpus" \
	--tasks "$sweep" --repeat "$reps"
run --workload primes --size 50 --mode seq,fork,forkserver,spawn --workers "$cpus" \
	--tasks "$sweep_mid" --repeat "$reps"
run --workload primes --size 1000 --mode seq,fork,forkserver,spawn --workers "$cpus" \
	--tasks "$sweep_big" --repeat "$reps"
# Pool per batch: 20 batches of 100 small tasks, one pool against a
# fresh pool per batch.
run --workload primes --size 100 --tasks 100 --batches 20 --pool reuse,fresh \
	--mode threads,fork,forkserver,spawn --workers "$cpus" --repeat "$reps"
# Payload copying: time against size, shared, piped and shared-mapped.
for size in $sizes; do
	run --workload payload --mode threads,fork,fork-shm --workers "$cpus" \
		--tasks 8 --size "$size" --repeat "$reps"
done
# Lost updates: 3 threads x 100,000 increments, three ways.
run --workload race,race-mutex,race-atomic --mode threads --workers 3 \
	--size 100000 --repeat "$reps"
