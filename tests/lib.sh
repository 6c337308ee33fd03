# lib.sh - assertions for the end-to-end cases (sourced by tests/run.sh).
# Each case runs in a fresh scratch folder as its working directory; $ROOT
# is the repository and $BENCH the binary. A failed assertion prints both
# sides and exits the case.

BENCH="$ROOT/bin/bench"

fail() { echo "FAIL: $*" >&2; exit 1; }

# skip REASON: the case cannot run on this machine (run.sh shows REASON).
skip() { echo "$*"; exit 77; }

# run CMD...: run it, keep stdout in $OUT, stderr in $ERR, status in $STATUS.
run() {
	OUT=$("$@" 2>"$PWD/.stderr")
	STATUS=$?
	ERR=$(cat "$PWD/.stderr")
	return 0
}

expect_status() {
	[ "$STATUS" -eq "$1" ] || fail "expected exit status $1, got $STATUS
stdout: $OUT
stderr: $ERR"
}

# expect_err REGEX: stderr matches (grep -E).
expect_err() {
	echo "$ERR" | grep -qE -- "$1" || fail "stderr does not match /$1/:
$ERR"
}

expect_out() {
	echo "$OUT" | grep -qE -- "$1" || fail "stdout does not match /$1/:
$OUT"
}

# expect_eq WHAT GOT WANT
expect_eq() {
	[ "$2" = "$3" ] || fail "$1: got '$2', expected '$3'"
}

# csv_col FILE NAME: the values of column NAME, one per line (no header).
# Our writer quotes only the error column, so plain splitting is enough
# for the numeric and name columns this is used on.
csv_col() {
	awk -F, -v name="$2" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == name) c = i; next }
		{ print $c }' "$1"
}

# no_children_left: nothing started by this case is still running.
no_children_left() {
	sleep 0.2
	local left
	left=$(pgrep -g "$(ps -o pgid= $$ | tr -d ' ')" | grep -v "^$$\$" | while read -r p; do
		[ -d "/proc/$p" ] && ps -o comm= -p "$p"; done | grep -vE '^(pgrep|ps|grep|bash|sleep|tr|cat)$' || true)
	[ -z "$left" ] || fail "processes left running: $left"
}
