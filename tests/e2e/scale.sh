# scale.sh - thousands of tasks at once: the bundled server holds
# 2,000 delayed requests together in bounded memory, threads and async
# overlap 2,000 waits, and a cell the machine cannot hold fails alone,
# saying what is short. Timing is asserted only as overlap, with margins
# many times what is needed (2,000 waits of 500 ms take 1,000 s in turn).

# The concurrency of these cases: a tenth of the sweep's 10,000, so that
# each case takes seconds.
N=2000

# kib_field PID FIELD: a kB figure from /proc/PID/status (VmHWM, VmRSS).
kib_field() {
	awk -v f="$2:" '$1 == f { print $2 }' "/proc/$1/status"
}

test_server_holds_2000_delayed_requests_at_once() {
	# A server of our own (lib.sh), so that its memory can be read.
	start_server
	# One event loop in bin/bench, N connections at once, each answered
	# after 1 s: about 1 s when the server overlaps them.
	run "$BENCH" --workload http --url "$URL/delay/1000?bytes=64" \
		--mode async --workers $N --tasks $N --repeat 2 --warmup 0 \
		--csv "$PWD/r.csv"
	expect_status 0
	expect_eq verified "$(csv_col r.csv verified | sort -u)" true
	for w in $(csv_col r.csv wall_s); do
		awk -v w="$w" 'BEGIN { exit !(w >= 1 && w < 30) }' ||
			fail "$N requests of 1 s took $w s (overlapped: about 1 s)"
	done
	# Bounded memory: some 9 KiB per connection; 32 KiB would be
	# libmicrohttpd's default buffers alone. (Sanitizers add their own.)
	local hwm
	hwm=$(kib_field "$SERVER_PID" VmHWM)
	[ -n "${SAN:-}" ] || [ "$hwm" -lt $((N * 32)) ] ||
		fail "the server peaked at $hwm KiB for $N connections"
	kill -TERM "$SERVER_PID"
	wait "$SERVER_PID"
	expect_eq "server exit status" "$?" 0
}

test_threads_and_async_overlap_2000_waits() {
	# 2,000 threads with a connection each hold 6,000 descriptors.
	local hard
	hard=$(ulimit -Hn)
	[ "$hard" = unlimited ] || [ "$hard" -ge $((N * 3 + 200)) ] ||
		[ "$(id -u)" -eq 0 ] ||
		skip "the open files limit ($hard, ulimit -Hn) is below the $((N * 3 + 200)) that $N threads need"
	run "$BENCH" --workload sleep,http --mode threads,async --workers $N \
		--tasks $N --latency-ms 500 --repeat 1 --warmup 0 --csv "$PWD/r.csv"
	expect_status 0
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 4
	expect_eq verified "$(csv_col r.csv verified | sort -u)" true
	for w in $(csv_col r.csv wall_s); do
		awk -v w="$w" 'BEGIN { exit !(w >= 0.5 && w < 30) }' ||
			fail "$N waits of 0.5 s took $w s (overlapped: about 0.5 s)"
	done
	expect_eq workers "$(csv_col r.csv workers | sort -u)" $N
}

test_async_bursts_of_2000_over_repetitions() {
	# 2,000 connections opened at once, closed (reset) and opened again
	# at every repetition, against one server: a burst is never left
	# unread, and the closed connections hold no ports.
	run "$BENCH" --workload http --mode async --workers $N --tasks $N \
		--latency-ms 20 --repeat 4 --warmup 0 --csv "$PWD/r.csv"
	expect_status 0
	expect_eq verified "$(csv_col r.csv verified | sort -u)" true
}

# cell_verified FILE WORKLOAD MODE: the verified column of that cell's
# rows (the columns read come before the quoted error column).
cell_verified() {
	awk -F, -v wl="$2" -v m="$3" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next }
		$h["workload"] == wl && $h["mode"] == m { print $h["verified"] }' "$1"
}

# Run "$@" unable to raise its hard limits: as root without
# CAP_SYS_RESOURCE (which bin/bench would use to raise the limit itself).
without_raise() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --bounding-set=-sys_resource --inh-caps=-sys_resource "$@"
	else
		"$@"
	fi
}

test_a_cell_short_of_open_files_fails_alone() {
	command -v prlimit >/dev/null && command -v setpriv >/dev/null ||
		skip "no prlimit or setpriv (util-linux)"
	# 300 open files: 200 threads with a connection each need about 660
	# (libcurl keeps 3 descriptors per handle); 200 async transfers and
	# 200 sleeping threads fit.
	run without_raise prlimit --nofile=300:300 "$BENCH" --workload http,sleep \
		--mode threads,async --workers 200 --tasks 200 --latency-ms 20 \
		--repeat 1 --warmup 0 --csv "$PWD/r.csv"
	expect_status 1
	expect_err "http threads workers=200 .*threads with 200 workers cannot run here: needs about [0-9]+ open files \(3 per worker\) and the limit is 300"
	expect_eq "http threads" "$(cell_verified r.csv http threads)" false
	expect_eq "http async" "$(cell_verified r.csv http async)" true
	expect_eq "sleep threads" "$(cell_verified r.csv sleep threads)" true
	expect_eq "sleep async" "$(cell_verified r.csv sleep async)" true
}

test_a_cell_short_of_threads_fails_alone() {
	command -v prlimit >/dev/null || skip "no prlimit (util-linux)"
	# ulimit -u counts every thread of the user and root is not held to
	# it, so as root the case runs as nobody.
	local as=() bench=$BENCH
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
		as=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
		chmod 777 .
		# A copy nobody may run: the checkout may be in /root (mode 700).
		cp "$BENCH" bench && chmod 755 bench
		bench=$PWD/bench
	fi
	run "${as[@]}" prlimit --nproc=400:400 "$bench" --workload sleep \
		--mode threads,async --workers 1000 --tasks 1000 --latency-ms 20 \
		--repeat 1 --warmup 0 --csv "$PWD/r.csv"
	expect_status 1
	expect_err "sleep threads workers=1000 .*threads with 1000 workers cannot run here: needs 1000 threads and ulimit -u \(400\) allows [0-9]+ more"
	expect_eq "sleep threads" "$(cell_verified r.csv sleep threads)" false
	expect_eq "sleep async" "$(cell_verified r.csv sleep async)" true
}
