# e2e_faults.sh - worker crashes, hangs, signals and write errors.

# fault_run MODE FAULT [extra options]: 8 tasks on 2 workers.
fault_run() {
	local mode=$1 fault=$2
	shift 2
	run "$BENCH" --workload primes --tasks 8 --size 200 --mode "$mode" --workers 2 \
		--repeat 1 --warmup 0 --csv r.csv --fault "$fault" "$@"
}

# A forkserver's workers are the server's children: it reaps them and
# reports how each ended, so the pool names the cause as fork's does.
test_fork_worker_crash_is_reported_and_replaced() {
	local mode
	for mode in fork forkserver; do
		for f in "crash:3|killed by signal 11" "kill:0|killed by signal 9" \
			 "exit:7|exited with status 7"; do
			rm -f r.csv
			fault_run $mode "${f%%|*}"
			expect_status 1
			expect_err "${f#*|}"
			expect_eq verified "$(csv_col r.csv verified)" false
			expect_eq replaced "$(csv_col r.csv workers_replaced)" 1
			# Only the faulty task failed: the 7 others were verified.
			expect_eq errors "$(csv_col r.csv errors)" 1
			grep -q "${f#*|}" r.csv || fail "the row's error lacks the cause"
		done
	done
	no_children_left
}

# forkserver: the server kills its hung worker when the pool asks.
test_fork_hung_task_ends_at_the_timeout() {
	local t0 mode
	for mode in fork forkserver; do
		t0=$SECONDS
		rm -f r.csv
		fault_run $mode hang:2 --task-timeout 1
		expect_status 1
		expect_err "timed out after 1 s"
		expect_eq errors "$(csv_col r.csv errors)" 1
		[ $((SECONDS - t0)) -lt 60 ] || fail "$mode took $((SECONDS - t0)) s"
	done
	no_children_left
}

test_thread_modes_record_a_fault_as_a_task_error() {
	for mode in seq threads gil gil-legacy; do
		rm -f r.csv
		fault_run $mode crash:5
		expect_status 1
		expect_err "task 5: injected fault crash"
		expect_eq verified "$(csv_col r.csv verified)" false
		expect_eq errors "$(csv_col r.csv errors)" 1
	done
}

# A forkserver's server killed under a run: its workers die with it, the
# pool breaks, every later pool fails, bench says once that the server is
# gone, and nothing is left running or hanging.
test_a_killed_forkserver_is_named_and_nothing_hangs() {
	local pid server kids k state
	"$BENCH" --workload primes --tasks 8 --size 200 --mode forkserver --workers 2 \
		--repeat 3 --warmup 0 --csv r.csv --fault hang:0 >out 2>err &
	pid=$!
	for _ in $(seq 50); do
		server=$(pgrep -P "$pid" | head -1)
		[ -n "$server" ] && kids=$(pgrep -P "$server" | tr '\n' ' ')
		[ "$(echo "$kids" | wc -w)" -ge 2 ] && break
		sleep 0.1
	done
	[ "$(echo "$kids" | wc -w)" -ge 2 ] || fail "no forked workers seen: '$kids'"
	kill -9 "$server"
	for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	kill -0 "$pid" 2>/dev/null && { kill -9 "$pid"; fail "bench hung after its server died"; }
	wait "$pid"
	expect_eq status $? 1
	grep -q "forkserver: its server killed by signal 9 (Killed); its pools cannot start workers" err ||
		fail "the server's death is not said: $(cat err)"
	# Each repetition has its row, failed (the pool broke, or could not
	# start).
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 3
	expect_eq verified "$(csv_col r.csv verified | sort -u)" false
	[ "$(grep -c "forkserver pool with 2 workers failed" r.csv)" -eq 3 ] ||
		fail "rows without the pool's failure: $(cat r.csv)"
	# Its workers died with it (init reaps them: a zombie is gone).
	for k in $kids; do
		state=$(awk '{ print $3 }' "/proc/$k/stat" 2>/dev/null || true)
		[ -z "$state" ] || [ "$state" = Z ] || fail "worker $k outlived its server (state $state)"
	done
}

# interrupt SIGNAL STATUS [MODES]: a run with a hung worker, stopped by
# SIGNAL.
interrupt() {
	"$BENCH" --workload primes --tasks 50 --size 200 --mode "${3:-seq,fork}" --workers 2 \
		--repeat 3 --warmup 0 --csv r.csv --fault hang:40 --seed 1 >out 2>err &
	local pid=$! status
	sleep 1.5
	kill -"$1" $pid
	wait $pid
	status=$?
	expect_eq status $status "$2"
	# Whole rows only: each line has as many fields as the header.
	awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad }' r.csv \
		|| fail "a broken row: $(cat r.csv)"
	no_children_left
}

test_sigint_stops_everything_and_exits_130() {
	interrupt INT 130
	# The forkserver's server too: it ignores Ctrl-C and stops when bench
	# closes its alive pipe.
	interrupt INT 130 seq,forkserver
}

test_sigterm_stops_everything_and_exits_143() {
	interrupt TERM 143
	interrupt TERM 143 seq,forkserver
}

test_write_error_leaves_only_whole_rows() {
	# A file size limit makes write() fail with EFBIG, as a full disk
	# would with ENOSPC: the error is reported and no half row is left.
	( ulimit -f 4; "$BENCH" --workload sumsq --tasks 1 --size 10 --mode seq,threads \
		--workers 1,2,3,4 --repeat 20 --warmup 0 --csv r.csv >out 2>err; echo $? >status )
	expect_eq status "$(cat status)" 1
	grep -q "cannot write a row to 'r.csv'" err || fail "no message: $(cat err)"
	awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad }' r.csv \
		|| fail "a broken row"
	[ "$(wc -l < r.csv)" -gt 1 ] || fail "no row fitted at all"
	[ "$(tail -c 1 r.csv | od -An -c | tr -d ' ')" = '\n' ] || fail "file does not end a row"
}

test_unwritable_csv_path_is_a_usage_error() {
	touch afile
	run "$BENCH" --workload sumsq --tasks 1 --size 10 --csv afile/r.csv
	expect_status 2
	expect_err "cannot open CSV file 'afile/r.csv': Not a directory"
	run "$BENCH" --workload sumsq --tasks 1 --size 10 --csv .
	expect_status 2
	expect_err "cannot open CSV file '.': Is a directory"
}

test_every_mode_is_clean_under_valgrind() {
	command -v valgrind >/dev/null || skip "no valgrind"
	# valgrind cannot run a sanitizer build; the sanitizers cover it.
	[ -z "${SAN:-}" ] || skip "a SAN build: valgrind cannot run it"
	local modes
	modes=$("$BENCH" --list | awk '/^modes:/ { m = 1; next } m && $1 != "mpi" { printf "%s%s", s, $1; s = "," }')
	run valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
		--child-silent-after-fork=yes "$BENCH" --workload sumsq --tasks 4 --size 2000 \
		--mode "$modes" --workers 2 --repeat 1 --warmup 0 --csv r.csv
	expect_status 0
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified"
}

# stops_within SECS SIGNAL CMD...: start CMD, send SIGNAL after a second,
# and require it to exit 130 (SIGINT) within SECS; sets WAITED.
stops_within() {
	local limit=$1 sig=$2 pid t0 status
	shift 2
	"$@" >out 2>err &
	pid=$!
	sleep 1
	kill -0 $pid 2>/dev/null || fail "'$*' ended before the signal: $(cat err)"
	t0=$(date +%s.%N)
	kill -"$sig" $pid
	for _ in $(seq $((limit * 20))); do
		kill -0 $pid 2>/dev/null || break
		sleep 0.05
	done
	WAITED=$(awk -v s="$t0" -v e="$(date +%s.%N)" 'BEGIN { printf "%.2f", e - s }')
	if kill -0 $pid 2>/dev/null; then
		kill -KILL $pid
		wait $pid
		fail "'$*' still running ${WAITED} s after SIG$sig"
	fi
	wait $pid
	status=$?
	expect_eq "status of '$*'" $status 130
}

# The first Ctrl-C used to wait for the running CPU tasks in the modes
# whose workers are threads (more than 10 s here); now every checkpoint
# sees the stop. Each task below takes 20 s or more; the limit is 3 s
# (the checkpoint itself answers within milliseconds).
test_ctrl_c_stops_a_long_cpu_task_in_every_thread_mode() {
	local mode
	for mode in seq threads gil gil-legacy omp async; do
		"$BENCH" --list | grep -q "^  $mode " || continue
		stops_within 3 INT "$BENCH" --workload primes --mode $mode --workers 2 \
			--tasks 2 --size 20000000 --repeat 1 --warmup 0 --csv r.csv
		[ "$(wc -l < r.csv)" -eq 1 ] || fail "$mode: an interrupted repetition got a row"
	done
	for wl in sieve sumsq native; do
		stops_within 3 INT "$BENCH" --workload $wl --mode threads,gil --workers 2 \
			--tasks 2 --size 2000000000 --repeat 1 --warmup 0 --no-csv
	done
	no_children_left
}

# --parent-mem 4096 takes seconds to touch (5 s here before the fix,
# which looks at the stop every 16 MiB).
test_ctrl_c_stops_parent_memory_being_touched() {
	stops_within 2 INT "$BENCH" --workload empty --tasks 0 --parent-mem 4096 \
		--repeat 1 --warmup 0 --no-csv
}
