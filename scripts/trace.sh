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
#   scripts/trace.sh results/RUN/bench.csv timeline-1-gil [--window MS] --workload ...
#
# --window MS: a timeline's window, when the default (the first 50 ms after
# every thread started) would blur it (traces/NAME.window).
set -u
# Numbers with a decimal point whatever the locale (see scripts/bench.sh).
export LC_ALL=C.UTF-8
usage="usage: trace.sh CSV NAME [--window MS] BENCH-ARGS..."
csv=${1:?$usage}
name=${2:?$usage}
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$(dirname "$csv")/traces
mkdir -p "$dir" || exit 1
rm -f "$dir/$name.csv" "$dir/$name.rows.csv" "$dir/$name.rows.csv.meta" "$dir/$name.window"
if [ "${1:-}" = --window ]; then
	echo "${2:?$usage}" > "$dir/$name.window" || exit 1
	shift 2
fi
exec "$root/bin/bench" "$@" --csv "$dir/$name.rows.csv" --trace "$dir/$name.csv"
