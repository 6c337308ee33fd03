#!/usr/bin/env bash
# bench.sh - what `make bench` runs: the suite into a new results folder,
# results/latest pointed at it, then the adaptive phase (more repetitions
# for the cells of verdicts the suite left inconclusive, within a budget),
# then the summary, the charts and the report (scripts/report.sh), and the
# time each phase took. Progress goes to stderr, the tables of bin/bench
# to stdout (and RUN/tables.txt).
#
#   scripts/bench.sh [--quick] [--suite FILE] [--budget SECONDS]
#                    [--no-browser-check]
#
# --budget (make bench BUDGET=S) bounds the adaptive phase: by default
# 60 s, or less when the suite ran long, so that make bench ends within
# its 3 minutes (30 s are kept for the report); 0 with --quick; 0 turns it
# off. RESULTS_DIR (default results)
# and REPORT_DIR (default report) move the outputs, for the tests.
# --no-browser-check (or GB_BROWSER_CHECK=0) leaves out the report's check
# in Chromium (scripts/report.sh).
#
# The suite is data (suites/*.suite, format in default.suite), expanded by
# `bin/bench plan` into the invocations this build can run: workloads and
# modes it does not have, or cannot run here (mpi without bin/bench-mpi),
# are dropped with a note. A line that exits non-zero does not stop the
# suite: it is recorded in RUN/notrun.csv (command, exit status, its last
# line on stderr), listed under "Did not run" in the report, and named in
# the verdicts it fed; this script then exits 1. The phases' times go to
# RUN/phases.csv.
set -u
# Numbers with a decimal point whatever the user's locale: under de_DE,
# bash's printf, awk and sort -n write and read a decimal comma (mawk
# even reads "2.5" as 2), and bin/bench would be handed "4,9". C.UTF-8
# rather than C: text stays UTF-8 (in C, gnuplot's `set encoding utf8`
# warns "iconv failed to convert degree sign" on every chart); Debian
# and Ubuntu always have it (libc-bin).
export LC_ALL=C.UTF-8
root=$(cd "$(dirname "$0")/.." && pwd)
suite=$root/suites/default.suite
quick=0
budget=
while [ $# -gt 0 ]; do
	case "$1" in
	--quick) suite=$root/suites/quick.suite; quick=1 ;;
	--suite) suite=${2:?--suite needs a file}; shift ;;
	--budget) budget=${2:?--budget needs seconds}; shift ;;
	--no-browser-check) export GB_BROWSER_CHECK=0 ;;
	*) echo "bench.sh: unknown argument '$1' (expected --quick, --suite FILE, --budget SECONDS or --no-browser-check)" >&2; exit 2 ;;
	esac
	shift
done
[ -r "$suite" ] || { echo "bench.sh: cannot read suite '$suite'" >&2; exit 2; }
case "$suite" in /*) ;; *) suite=$PWD/$suite ;; esac
case "${RESULTS_DIR:-}" in /*|'') ;; *) RESULTS_DIR=$PWD/$RESULTS_DIR ;; esac
budget_given=1
if [ -z "$budget" ]; then
	budget_given=0
	budget=60
	[ "$quick" -eq 1 ] && budget=0
fi
case "$budget" in
''|*[!0-9.]*|*.*.*) echo "bench.sh: --budget '$budget' is not a number of seconds (BUDGET=60, 0 for none)" >&2; exit 2 ;;
esac
cd "$root" || exit 2
bench=bin/bench

now() { date +%s.%N; }
# elapsed START: whole seconds since START.
elapsed() { awk -v s="$1" -v n="$(now)" 'BEGIN { printf "%.0f", n - s }'; }
# csvq TEXT: one RFC 4180 field.
csvq() { local v=${1//\"/\"\"}; printf '"%s"' "$v"; }

# plan_suite: the invocations of the suite this build can run, into the
# array plan (one tab-separated line each, core/suite.h); the notes of
# what was dropped go to stderr.
plan_suite() {
	local out err
	err=$(mktemp)
	out=$("$bench" plan "$suite" 2>"$err")
	local status=$?
	sed 's/^/bench: /' "$err" >&2
	rm -f "$err"
	[ "$status" -eq 0 ] || exit 2
	mapfile -t plan <<<"$out"
	[ -n "${plan[0]:-}" ] || { echo "bench.sh: nothing in $suite runs with this binary" >&2; exit 2; }
	est_total=$(printf '%s\n' "${plan[@]}" | awk -F'\t' '{ t += $3 } END { print t + 0 }')
}

# make_run_folder: the run folder, one per make bench, named by the local
# date and time, under RESULTS_DIR (default results/; the tests use a
# scratch folder).
make_run_folder() {
	local base n=1
	results=${RESULTS_DIR:-results}
	mkdir -p "$results" || exit 1
	# results/latest must be ours to replace: a real folder there would
	# get a link made inside it (and the run would say nothing).
	if [ -e "$results/latest" ] && [ ! -L "$results/latest" ]; then
		echo "bench.sh: $results/latest is a real folder or file, not the link to the newest run; move it away (mv $results/latest $results/kept) and run again" >&2
		exit 2
	fi
	# mkdir without -p fails when the folder exists: of two make bench
	# started in the same second, one gets the name and the other tries
	# the next suffix, so they never share a folder.
	base=$results/$(date +%Y%m%d-%H%M%S)
	run=$base
	until mkdir "$run" 2>/dev/null; do
		if [ ! -e "$run" ] || [ "$n" -ge 100 ]; then
			echo "bench.sh: cannot create a run folder $run" >&2
			exit 1
		fi
		n=$((n + 1))
		run=$base-$n
	done
}

# run_entry LINE: run one plan line (run or sh); a non-zero exit is
# recorded in RUN/notrun.csv. Sets status; an interrupt ends the script.
run_entry() {
	local kind lineno est wls kinds modes args errf last
	IFS=$'\t' read -r kind lineno est wls kinds modes args <<<"$1"
	errf=$(mktemp)
	if [ "$kind" = sh ]; then
		CSV=$run/bench.csv sh -c "$args" 2>"$errf" | tee -a "$run/tables.txt"
		status=${PIPESTATUS[0]}
		wls= kinds= modes=
	else
		# shellcheck disable=SC2086
		"$bench" $args --csv "$run/bench.csv" 2>"$errf" | tee -a "$run/tables.txt"
		status=${PIPESTATUS[0]}
		args="bin/bench $args"
	fi
	cat "$errf" >&2
	last=$(tr '\r' '\n' <"$errf" | sed '/^[[:space:]]*$/d' | tail -1)
	rm -f "$errf"
	if [ "$status" -ge 128 ]; then
		echo "bench: interrupted; the rows so far are in $run/bench.csv" >&2
		exit "$status"
	fi
	[ "$status" -eq 0 ] && return
	failed=1
	[ -e "$run/notrun.csv" ] || echo "line,status,workloads,kinds,modes,command,stderr" >"$run/notrun.csv"
	printf '%s,%s,%s,%s,%s,%s,%s\n' "$lineno" "$status" "$(csvq "${wls#-}")" \
		"$(csvq "${kinds#-}")" "$(csvq "${modes#-}")" "$(csvq "$args")" \
		"$(csvq "$last")" >>"$run/notrun.csv"
	if [ "$lineno" -gt 0 ]; then
		echo "bench: ${suite#"$root"/}:$lineno exited with status $status; going on" >&2
	else
		echo "bench: an adaptive run exited with status $status; going on" >&2
	fi
}

# "48 s", "3 min 05 s": the progress line's durations.
duration() {
	awk -v t="$1" 'BEGIN { t = t < 0 ? 0 : t + 0.5; if (t < 60) printf "%d s", t;
		else printf "%d min %02d s", t / 60, t % 60 }'
}

# phase NAME SECONDS DETAIL: one line of RUN/phases.csv.
phase() {
	[ -e "$run/phases.csv" ] || echo "phase,seconds,detail" >"$run/phases.csv"
	printf '%s,%s,%s\n' "$1" "$2" "$(csvq "$3")" >>"$run/phases.csv"
	phases="${phases:+$phases, }$1 ${2}s${3:+ ($3)}"
}

# line_label ARGS: "sumsq (seq,fork@2), workers 1, --seed 7": a plan
# line's workload, its modes with their own worker counts (MODE@W), its
# workers and the options that set it apart from another line of the
# same workload.
line_label() {
	local wl="" m="" w="" opts=""
	# shellcheck disable=SC2086
	set -- $1
	while [ $# -gt 0 ]; do
		case "$1" in
		--workload) wl=${2:-}; shift ;;
		--mode) m=${2:-}; shift ;;
		--workers) w=${2:-}; shift ;;
		--repeat|--warmup|--tasks|--size) shift ;;
		--capacity) ;;
		*) opts="${opts:+$opts }$1" ;;
		esac
		shift
	done
	printf '%s (%s), workers %s%s' "$wl" "$m" "$w" "${opts:+, $opts}"
}

# run_suite: every plan line, with the time left. The time left is the
# estimate of the lines still to run, scaled by how this machine compares
# with the estimates on the lines that ran to the end: a line that fails
# at once says nothing about the machine's speed, and counting its
# estimate as done would drop the time left to zero.
run_suite() {
	local start k=0 done_est=0 ok_est=0 ok_secs=0 entry est when wls
	local line_start secs left
	start=$(now)
	for entry in "${plan[@]}"; do
		k=$((k + 1))
		IFS=$'\t' read -r _ _ est wls _ _ _ <<<"$entry"
		line_start=$(now)
		read -r secs left < <(awk -v s="$start" -v n="$line_start" -v d="$done_est" \
			-v t="$est_total" -v oe="$ok_est" -v os="$ok_secs" 'BEGIN {
			r = oe > 0 ? os / oe : 1; printf "%.1f %.1f\n", n - s, (t - d) * r }')
		when="$(duration "$secs") elapsed, about $(duration "$left") left"
		if [ "$wls" = - ]; then
			echo "bench: [$k/${#plan[@]}] $(cut -f7 <<<"$entry"): $when" >&2
		else
			echo "bench: [$k/${#plan[@]}] $(line_label "$(cut -f7 <<<"$entry")"): $when" >&2
		fi
		run_entry "$entry"
		done_est=$(awk -v d="$done_est" -v e="$est" 'BEGIN { print d + e }')
		if [ "$status" -eq 0 ]; then
			read -r ok_est ok_secs < <(awk -v oe="$ok_est" -v os="$ok_secs" -v e="$est" \
				-v s="$line_start" -v n="$(now)" 'BEGIN { print oe + e, os + n - s }')
		fi
	done
	secs=$(elapsed "$start")
	echo "bench: the suite took $(duration "$secs")" >&2
	phase suite "$secs" "${#plan[@]} invocations"
}

# adaptive_phase: round after round, more repetitions for the cells of
# the verdicts still inconclusive (bin/bench adapt says which), until
# none is or the budget is spent.
adaptive_phase() {
	local start rounds=0 runs=0 left round entry
	start=$(now)
	if awk -v b="$budget" 'BEGIN { exit !(b <= 0) }'; then
		phase adaptive 0 "off (BUDGET=0)"
		return
	fi
	while :; do
		left=$(awk -v s="$start" -v n="$(now)" -v b="$budget" 'BEGIN { printf "%.1f", b - (n - s) }')
		awk -v l="$left" 'BEGIN { exit !(l < 1) }' && break
		# Its messages prefixed through a pipeline, which the shell waits
		# for: a >(sed) process substitution is not waited for, and its
		# sed outlived the script (an orphan of init; CI caught one).
		round=$({ "$bench" adapt "$run" "$left" 2>&1 >&3 3>&- |
			sed 's/^/bench: /' >&2; } 3>&1)
		[ -n "$round" ] || break
		rounds=$((rounds + 1))
		local ok=0
		while IFS= read -r entry; do
			[ -n "$entry" ] || continue
			runs=$((runs + 1))
			run_entry "$entry"
			[ "$status" -eq 0 ] && ok=1
		done <<<"$round"
		# A round whose every run failed would fail again.
		[ "$ok" -eq 1 ] || break
	done
	phase adaptive "$(elapsed "$start")" "$rounds rounds, $runs invocations, budget ${budget}s"
}

plan_suite
make_run_folder
echo "bench: suite ${suite#"$root"/} into $run/ (${#plan[@]} invocations, about $(printf '%.0f' "$est_total") s on 2 cores, then up to ${budget} s of adaptive repetitions)" >&2
# What W = cores means here (bin/bench plans by the usable cores).
echo "bench: this machine: $("$bench" cpus | sed -n 's/^# //p')" >&2
[ "$quick" -eq 1 ] && echo "bench: QUICK=1: short cells and few repetitions, so some verdicts may stay inconclusive; the full suite (make bench) decides them" >&2
# The tables in colour on a terminal (each mode in its charts' colour);
# tables.txt gets them without the escapes at the end.
[ -t 1 ] && [ -z "${NO_COLOR:-}" ] && export GB_COLOR=${GB_COLOR:-always}
failed=0
phases=
# The 3 minutes count from when make bench began (GB_BENCH_START), the
# build and any package installs included: a fresh clone's 15 s build
# took one run to 186 s.
bench_start=${GB_BENCH_START:-$(now)}
run_suite
# The default budget is what is left of 3 minutes after the suite and
# before the report, at most 60 s: a slow machine gets fewer adaptive
# rounds rather than a make bench past its promise. The report took
# 16-19 s here on a quiet machine and 26 s on a noisy one (the browser
# check most of it), so 30 s are kept for it.
if [ "$budget_given" -eq 0 ] && [ "$quick" -eq 0 ]; then
	budget=$(awk -v s="$bench_start" -v n="$(now)" -v b="$budget" \
		'BEGIN { l = 180 - 30 - (n - s); if (l > b) l = b; if (l < 0) l = 0; printf "%.0f", l }')
	echo "bench: adaptive phase: up to ${budget} s (what is left of 3 minutes)" >&2
fi
adaptive_phase
# The tables without the terminal's colours.
sed -i 's/\x1b\[[0-9;]*m//g' "$run/tables.txt" 2>/dev/null
# A new link renamed over the old one: never a moment without one, and
# two runs ending together leave one of them, not a link inside a link.
ln -s "$(basename "$run")" "$run.latest" && mv -Tf "$run.latest" "$results/latest"
report_start=$(now)
scripts/report.sh "$run"
status=$?
echo "bench: phases: $phases, report $(elapsed "$report_start")s" >&2
[ "$quick" -eq 1 ] && echo "bench: QUICK=1: inconclusive verdicts are expected from cells this short; make bench decides them" >&2
if [ "$failed" -ne 0 ]; then
	echo "bench: some suite lines failed or did not run: listed under 'Did not run' (and their failed rows under 'Failed runs') in the report" >&2
	exit 1
fi
exit "$status"
