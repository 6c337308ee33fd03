#!/bin/sh
# trace-cpython.sh RUN/bench.csv|FOLDER [OPTIONS] - real CPython's GIL
# traced with uprobes (python/trace_cpython.py), into the run folder's
# traces/ beside the simulated scenes: the last line of
# suites/default.suite (given "$CSV") and `make trace-cpython` (given a
# folder). OPTIONS go to trace_cpython.py (--pairs N, --all, --draw DIR,
# --cpu-seconds S, --convoy-seconds S).
#
# Where it cannot trace (no python3, not root, no perf, no uprobes, no
# symbols, a free-threaded build) it says why in one line, writes that
# line into traces/cpython.notrun and exits 0, so make bench goes on.
set -u
usage="usage: trace-cpython.sh RUN/bench.csv|FOLDER [--pairs N] [--all] [--draw DIR]"
dest=${1:?$usage}
shift
root=$(cd "$(dirname "$0")/.." && pwd)
case "$dest" in
*.csv) out=$(dirname "$dest")/traces ;;
*) out=$dest/traces ;;
esac
if ! command -v python3 >/dev/null 2>&1; then
	reason="no python3 on this machine: no CPython to trace"
	echo "trace-cpython: not traced: $reason" >&2
	mkdir -p "$out" && echo "$reason" >"$out/cpython.notrun"
	exit 0
fi
exec python3 "$root/python/trace_cpython.py" --out "$out" --bench "$root/bin/bench" "$@"
