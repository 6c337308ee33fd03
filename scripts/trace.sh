#!/bin/sh
# trace.sh CSV NAME ARGS... - one traced scene of make bench (a "!" line
# of suites/default.suite): bin/bench ARGS with --trace into the run
# folder's traces/NAME.csv, and the rows it writes into
# traces/NAME.rows.csv. A scene's rows stay out of the run's own CSV: its
# cells are short, traced, and sometimes under another lock policy, so
# they must not join the summary's cells. bin/bench summarize finds the
# scenes there (bench/analysis/scenes.h says what the names mean) and
# writes their charts; the report shows them.
#
#   scripts/trace.sh results/RUN/bench.csv timeline-1-gil --workload ...
set -u
csv=${1:?usage: trace.sh CSV NAME BENCH-ARGS...}
name=${2:?usage: trace.sh CSV NAME BENCH-ARGS...}
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(dirname "$csv")/traces
mkdir -p "$dir" || exit 1
rm -f "$dir/$name.csv" "$dir/$name.rows.csv" "$dir/$name.rows.csv.meta"
exec "$root/bin/bench" "$@" --csv "$dir/$name.rows.csv" --trace "$dir/$name.csv"
