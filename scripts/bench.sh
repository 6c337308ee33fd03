#!/usr/bin/env bash
# bench.sh - what `make bench` runs: the suite into a new results folder,
# results/latest pointed at it, then the summary, the charts and the
# report (scripts/report.sh). Progress and the time left go to stderr, the
# tables of bin/bench to stdout (and RUN/tables.txt).
#
#   scripts/bench.sh [--quick] [--suite FILE]
#
# RESULTS_DIR (default results) and REPORT_DIR (default report) move the
# outputs, for the tests.
#
# The suite is data (suites/*.suite, format in default.suite). Workloads
# and modes this binary does not list are skipped, so merging a branch
# that adds one just adds coverage. A failed run does not stop the suite:
# its rows are kept out of the figures and shown as failed in the report,
# and this script exits 1 at the end.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
suite=$root/suites/default.suite
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) suite=$root/suites/quick.suite ;;
	--suite) suite=${2:?--suite needs a file}; shift ;;
	*) echo "bench.sh: unknown argument '$1' (expected --quick or --suite FILE)" >&2; exit 2 ;;
	esac
	shift
done
[ -r "$suite" ] || { echo "bench.sh: cannot read suite '$suite'" >&2; exit 2; }
case "$suite" in /*) ;; *) suite=$PWD/$suite ;; esac
case "${RESULTS_DIR:-}" in /*|'') ;; *) RESULTS_DIR=$PWD/$RESULTS_DIR ;; esac
cd "$root" || exit 2

bench=bin/bench
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)
listing=$("$bench" --list) || { echo "bench.sh: $bench --list failed" >&2; exit 1; }
have_wl=$(echo "$listing" | awk '/^workloads:/ { s = 1; next } /^modes:/ { s = 0 }
	s && NF && $1 != "--size:" { print $1 }')
have_mode=$(echo "$listing" | awk '/^modes:/ { s = 1; next } s && NF { print $1 }')

# expand_workers SPEC: 1,2,4-style list from `cpu`, `io`, `cores` and numbers.
expand_workers() {
	local item w out=""
	IFS=, read -ra items <<<"$1"
	for item in "${items[@]}"; do
		case "$item" in
		cpu) for ((w = 1; w <= 2 * cores; w *= 2)); do out="$out $w"; done
		     out="$out $cores" ;;
		io) for ((w = 1; w <= 64; w *= 2)); do out="$out $w"; done ;;
		cores) out="$out $cores" ;;
		*) out="$out $item" ;;
		esac
	done
	echo $out | tr ' ' '\n' | sort -nu | paste -sd, -
}

# First pass: the lines this binary can run, their modes, their estimate.
lines=()
missing_wl=""
missing_mode=""
est_total=0
lineno=0
while IFS= read -r raw || [ -n "$raw" ]; do
	lineno=$((lineno + 1))
	line=${raw%%#*}
	[ -z "${line//[[:space:]]/}" ] && continue
	# "! est_s command": a command that appends rows to $CSV itself.
	if [[ $line =~ ^[[:space:]]*!  ]]; then
		read -r _ est cmd <<<"$line"
		first=${cmd%% *}
		runnable=1
		command -v "$first" >/dev/null 2>&1 || runnable=0
		for word in $cmd; do
			case "$word" in *.py|*.sh) [ -f "$word" ] || runnable=0 ;; esac
		done
		if [ "$runnable" -eq 0 ]; then
			echo "bench: skipped (not available here): $cmd" >&2
			continue
		fi
		est_total=$(awk -v t="$est_total" -v e="$est" 'BEGIN { print t + e }')
		lines+=("$lineno|!|$cmd|||||$est|")
		continue
	fi
	read -r wl modes workers tasks size reps est opts <<<"$line"
	if [ -z "${est:-}" ]; then
		echo "bench.sh: $suite:$lineno: expected 'workload modes workers tasks size reps est_s [options]'" >&2
		exit 2
	fi
	if ! grep -qx -- "$wl" <<<"$have_wl"; then
		case " $missing_wl " in *" $wl "*) ;; *) missing_wl="$missing_wl $wl" ;; esac
		continue
	fi
	kept="" n_all=0 n_kept=0
	for m in ${modes//,/ }; do
		n_all=$((n_all + 1))
		if grep -qx -- "$m" <<<"$have_mode"; then
			kept="$kept${kept:+,}$m"
			n_kept=$((n_kept + 1))
		else
			case " $missing_mode " in *" $m "*) ;; *) missing_mode="$missing_mode $m" ;; esac
		fi
	done
	[ -z "$kept" ] && continue
	est=$(awk -v e="$est" -v k="$n_kept" -v a="$n_all" 'BEGIN { printf "%.2f", e * k / a }')
	est_total=$(awk -v t="$est_total" -v e="$est" 'BEGIN { print t + e }')
	lines+=("$lineno|$wl|$kept|$(expand_workers "$workers")|$tasks|$size|$reps|$est|${opts:-}")
done <"$suite"
[ -n "$missing_wl" ] && echo "bench: not in this binary, skipped: workloads${missing_wl}" >&2
[ -n "$missing_mode" ] && echo "bench: not in this binary, skipped: modes${missing_mode}" >&2
[ "${#lines[@]}" -gt 0 ] || { echo "bench.sh: nothing in $suite runs with this binary" >&2; exit 2; }

# The run folder: one per make bench, named by the local date and time,
# under RESULTS_DIR (default results/; the tests use a scratch folder).
results=${RESULTS_DIR:-results}
mkdir -p "$results" || exit 1
# results/latest must be ours to replace: a real folder there would get
# a link made inside it (and the run would say nothing).
if [ -e "$results/latest" ] && [ ! -L "$results/latest" ]; then
	echo "bench.sh: $results/latest is a real folder or file, not the link to the newest run; move it away (mv $results/latest $results/kept) and run again" >&2
	exit 2
fi
# mkdir without -p fails when the folder exists: of two make bench
# started in the same second, one gets the name and the other tries the
# next suffix, so they never share a folder.
base=$results/$(date +%Y%m%d-%H%M%S)
run=$base
n=1
until mkdir "$run" 2>/dev/null; do
	if [ ! -e "$run" ] || [ "$n" -ge 100 ]; then
		echo "bench.sh: cannot create a run folder $run" >&2
		exit 1
	fi
	n=$((n + 1))
	run=$base-$n
done
echo "bench: suite ${suite#"$root"/} into $run/ (${#lines[@]} lines, about $(printf '%.0f' "$est_total") s on 2 cores)" >&2

# The tables in colour on a terminal (each mode in its charts' colour);
# tables.txt gets them without the escapes at the end.
[ -t 1 ] && [ -z "${NO_COLOR:-}" ] && export GB_COLOR=${GB_COLOR:-always}

# "48 s", "3 min 05 s": the progress line's durations.
duration() {
	awk -v t="$1" 'BEGIN { t = t < 0 ? 0 : t + 0.5; if (t < 60) printf "%d s", t;
		else printf "%d min %02d s", t / 60, t % 60 }'
}

# The time left is the estimate of the lines still to run, scaled by how
# this machine compares with the estimates on the lines that ran to the
# end: a line that fails at once says nothing about the machine's speed,
# and counting its estimate as done would drop the time left to zero.
start=$(date +%s.%N)
done_est=0
ok_est=0
ok_secs=0
failed=0
k=0
for entry in "${lines[@]}"; do
	k=$((k + 1))
	IFS='|' read -r lineno wl modes workers tasks size reps est opts <<<"$entry"
	line_start=$(date +%s.%N)
	read -r elapsed left < <(awk -v s="$start" -v n="$line_start" -v d="$done_est" \
		-v t="$est_total" -v oe="$ok_est" -v os="$ok_secs" 'BEGIN {
		r = oe > 0 ? os / oe : 1; printf "%.1f %.1f\n", n - s, (t - d) * r }')
	when="$(duration "$elapsed") elapsed, about $(duration "$left") left"
	line_failed=0
	if [ "$wl" = "!" ]; then
		echo "bench: [$k/${#lines[@]}] $modes: $when" >&2
		CSV=$run/bench.csv sh -c "$modes" | tee -a "$run/tables.txt"
		status=${PIPESTATUS[0]}
		[ "$status" -ge 128 ] && { echo "bench: interrupted" >&2; exit "$status"; }
		if [ "$status" -ne 0 ]; then
			failed=1
			line_failed=1
			echo "bench: ${suite#"$root"/}:$lineno exited with status $status; going on" >&2
		fi
	else
		# The line's own options say what sets it apart from another
		# line of the same workload (--switch-interval 10).
		echo "bench: [$k/${#lines[@]}] $wl ($modes), workers $workers${opts:+, $opts}: $when" >&2
		repeat=${reps%%+*}
		warmup=1
		[ "$reps" != "$repeat" ] && warmup=${reps#*+}
		for t in ${tasks//,/ }; do
			args=(--workload "$wl" --mode "$modes" --workers "$workers"
			      --repeat "$repeat" --warmup "$warmup" --csv "$run/bench.csv")
			[ "$t" != - ] && args+=(--tasks "$t")
			[ "$size" != - ] && args+=(--size "$size")
			# shellcheck disable=SC2086
			"$bench" "${args[@]}" $opts | tee -a "$run/tables.txt"
			status=${PIPESTATUS[0]}
			if [ "$status" -ge 128 ]; then
				echo "bench: interrupted; the rows so far are in $run/bench.csv" >&2
				exit "$status"
			fi
			if [ "$status" -ne 0 ]; then
				failed=1
				line_failed=1
				echo "bench: ${suite#"$root"/}:$lineno ($wl) exited with status $status; going on" >&2
			fi
		done
	fi
	done_est=$(awk -v d="$done_est" -v e="$est" 'BEGIN { print d + e }')
	if [ "$line_failed" -eq 0 ]; then
		read -r ok_est ok_secs < <(awk -v oe="$ok_est" -v os="$ok_secs" -v e="$est" \
			-v s="$line_start" -v n="$(date +%s.%N)" 'BEGIN { print oe + e, os + n - s }')
	fi
done
secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { print e - s }')
echo "bench: the suite took $(duration "$secs")" >&2
# The tables without the terminal's colours.
sed -i 's/\x1b\[[0-9;]*m//g' "$run/tables.txt" 2>/dev/null

# A new link renamed over the old one: never a moment without one, and
# two runs ending together leave one of them, not a link inside a link.
ln -s "$(basename "$run")" "$run.latest" && mv -Tf "$run.latest" "$results/latest"
scripts/report.sh "$run"
status=$?
if [ "$failed" -ne 0 ]; then
	echo "bench: some runs failed: their rows are excluded and listed under 'Failed runs' in the report" >&2
	exit 1
fi
exit "$status"
