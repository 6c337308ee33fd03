# lib.sh - assertions for the end-to-end cases (sourced by tests/run.sh).
# Each case runs in a fresh scratch folder as its working directory; $ROOT
# is the repository and $BENCH the binary. A failed assertion prints both
# sides and exits the case.

BENCH="$ROOT/bin/bench"

fail() { echo "FAIL: $*" >&2; exit 1; }

# at_exit CMD: run the command line CMD when the case ends, however it
# ends (a failed assertion exits at once): what a case starts in the
# background, it stops. run.sh fails a case that leaves anything running.
AT_EXIT=()
at_exit() { AT_EXIT+=("$1"); }
run_at_exit() {
	local cmd
	for cmd in "${AT_EXIT[@]}"; do
		eval "$cmd"
	done
}
trap run_at_exit EXIT

# start_server [ARGS...]: run bin/latency-server in the background, killed
# when the case ends if it has not been stopped; sets SERVER_PID and URL
# (waits for the line it prints once it is ready).
SERVER="$ROOT/bin/latency-server"
start_server() {
	"$SERVER" "$@" > url.txt 2> server.err &
	SERVER_PID=$!
	at_exit "kill -KILL $SERVER_PID 2>/dev/null"
	for _ in $(seq 200); do
		[ -s url.txt ] && break
		sleep 0.05
	done
	URL=$(head -1 url.txt)
	echo "$URL" | grep -qE '^http://127\.0\.0\.1:[0-9]+$' \
		|| fail "server printed no URL: '$URL' $(cat server.err)"
}

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
	# A zombie has exited (its reaper, init for an orphan, has not yet
	# waited for it): only processes still running count, as in run.sh.
	left=$(pgrep -g "$(ps -o pgid= $$ | tr -d ' ')" | grep -v "^$$\$" | while read -r p; do
		ps -o stat=,comm= -p "$p" | awk '$1 !~ /^Z/ { print $2 }'; done |
		grep -vE '^(pgrep|ps|grep|bash|sleep|tr|cat|awk)$' || true)
	[ -z "$left" ] || fail "processes left running: $left"
}
