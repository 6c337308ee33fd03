#!/usr/bin/env bash
# run.sh - the test runner behind `make test`.
#
# Runs the cmocka unit tests (bin/test-*, one per tests/unit/*.c), then
# every end-to-end case:
# each function named test_* in tests/e2e/*.sh, each in its own process
# with a time limit, in a scratch folder. Goes on past a failure; prints
# "N passed, N failed" and exits non-zero if anything failed.
#
#   tests/run.sh [PATTERN]    only the e2e cases whose name contains PATTERN
set -u
# The cases' own awk and sort read numbers in C's format; the locale
# test (tests/e2e/locale.sh) sets the one it tests on the commands it runs.
export LC_ALL=C.UTF-8
cd "$(dirname "$0")/.." || exit 2
ROOT=$PWD
export ROOT
# Under SAN=thread: the races accepted by name, with the reasons, are in
# tests/tsan.supp (the race workload's, on purpose; libgomp's, unseen).
export TSAN_OPTIONS="suppressions='$ROOT/tests/tsan.supp'${TSAN_OPTIONS:+ $TSAN_OPTIONS}"
# Under SAN=address,undefined: the leaks accepted by name, in
# tests/lsan.supp (libp11-kit's locale, kept for the process's life).
export LSAN_OPTIONS="suppressions='$ROOT/tests/lsan.supp'${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
PATTERN=${1:-}
CASE_TIMEOUT=${CASE_TIMEOUT:-240}
passed=0
failed=0
skipped=0
failures=()

# left_in_session SID: the processes still alive in session SID, a case's
# own (setsid made it), after 2 s for those that are exiting: one line
# each, "PID ARGS". A server that a test started with & and did not stop
# outlives its case otherwise (its parent becomes init), and so does
# anything a timed-out case started: timeout signals only the case's
# shell, which setsid moved out of timeout's process group.
left_in_session() {
	local left
	for _ in $(seq 20); do
		left=$(ps -e -o sid=,pid=,stat=,args= | awk -v s="$1" \
			'$1 == s && $3 !~ /^Z/ { $1 = ""; $3 = ""; print }')
		[ -z "$left" ] && return 0
		sleep 0.1
	done
	echo "$left"
}

if [ -z "$PATTERN" ]; then
  for unit in tests/unit/*.c; do
	bin=bin/test-$(basename "$unit" .c)
	echo "== unit tests: $bin (cmocka)"
	out=$(timeout -k 5 "$CASE_TIMEOUT" "$bin" 2>&1)
	status=$?
	echo "$out" | grep -E '^\[ *(PASSED|FAILED|  ERROR) *\]|FAILED' | sed 's/^/   /'
	n_pass=$(echo "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	n_fail=$(echo "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | awk '{s+=$1} END {print s+0}')
	passed=$((passed + n_pass))
	failed=$((failed + n_fail))
	if [ "$status" -ne 0 ] && [ "$n_fail" -eq 0 ]; then
		failed=$((failed + 1))
		failures+=("$bin exited with status $status")
		echo "$out" | tail -20
	fi
	[ "$n_fail" -gt 0 ] && failures+=("$n_fail unit test(s) in $bin") && echo "$out" | grep -B2 -A8 FAILED | head -60
  done
fi

echo "== end-to-end tests"
for file in tests/e2e/*.sh; do
	for name in $(grep -oE '^test_[a-zA-Z0-9_]+' "$file"); do
		case "$name" in *"$PATTERN"*) ;; *) continue ;; esac
		scratch=$(mktemp -d "${TMPDIR:-/tmp}/gilbench-test.XXXXXX")
		start=$(date +%s.%N)
		log="$scratch/log"
		# setsid: the case and everything it starts form one session,
		# whose id (the case's shell) is left in .sid, so that whatever
		# is still running after it can be found and stopped.
		timeout -k 5 "$CASE_TIMEOUT" setsid bash -c \
			'echo $$ > "$2/.sid"; set -u; source tests/lib.sh;
			 source "$1"; cd "$2"; "$3"' \
			_ "$ROOT/$file" "$scratch" "$name" >"$log" 2>&1
		status=$?
		left=$(left_in_session "$(cat "$scratch/.sid" 2>/dev/null || echo none)")
		if [ -n "$left" ]; then
			# shellcheck disable=SC2046
			kill -KILL $(echo "$left" | awk '{ print $1 }') 2>/dev/null
			echo "left running after the case (now killed):" >>"$log"
			echo "$left" >>"$log"
			case $status in 0|77) status=1 ;; esac
		fi
		secs=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f", e - s}')
		if [ "$status" -eq 0 ]; then
			passed=$((passed + 1))
			printf '   ok    %-50s %5ss\n' "$name" "$secs"
		elif [ "$status" -eq 77 ]; then
			# skip (lib.sh): the case cannot run here, and says why.
			skipped=$((skipped + 1))
			printf '   skip  %-50s %s\n' "$name" "$(tail -1 "$log")"
		else
			failed=$((failed + 1))
			failures+=("$name")
			[ "$status" -eq 124 ] && echo "   (timed out after ${CASE_TIMEOUT}s)" >>"$log"
			printf '   FAIL  %-50s %5ss\n' "$name" "$secs"
			sed 's/^/         | /' "$log" | tail -25
		fi
		rm -rf "$scratch"
	done
done

echo
if [ "$failed" -gt 0 ]; then
	echo "failed: ${failures[*]}"
fi
echo "$passed passed, $failed failed"
[ "$skipped" -eq 0 ] || echo "$skipped skipped (see the skip lines above)"
[ "$failed" -eq 0 ]
