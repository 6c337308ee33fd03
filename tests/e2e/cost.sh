# e2e_cost.sh - the spawn and forkserver modes, the cost measurements (start-up, dispatch,
# crossover, pool per batch, payload copying, memory, lost updates) and
# the classroom demos, each in a tiny configuration. Behaviour only: no
# test asserts a speed, except that copying 64 MiB through a pipe takes
# longer than copying 1 KiB.

# rows_where FILE COL VALUE COL2: the values of COL2 in rows where COL is
# VALUE (plain comma split: only the error column is ever quoted).
rows_where() {
	awk -F, -v c="$2" -v v="$3" -v c2="$4" '
		NR == 1 { for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx[c] == v { print $idx[c2] }' "$1"
}

# all_positive WHAT VALUES...: every value is a number > 0.
all_positive() {
	local what=$1 v
	shift
	[ $# -gt 0 ] || fail "$what: no values"
	for v in "$@"; do
		awk -v x="$v" 'BEGIN { exit !(x + 0 > 0) }' || fail "$what: '$v' is not > 0"
	done
}

median() { sort -g | awk '{ a[NR] = $1 } END { print NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

test_spawn_verifies_every_cpu_workload() {
	run "$BENCH" --workload primes,sieve,sumsq --mode spawn --workers 1,3 \
		--tasks 7 --size 20000 --repeat 1 --warmup 0 --csv r.csv
	expect_status 0
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 6
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	# The articles' range, rebuilt by each spawned worker from its options.
	run "$BENCH" --workload primes --tasks 10 --size 10000 --mode spawn \
		--workers 2 --repeat 1 --warmup 0 --csv a.csv
	expect_eq primes "$(csv_col a.csv result)" 8392
	no_children_left
}

test_forkserver_verifies_every_workload_it_can_run() {
	# Each workload the spawn mode runs, and the same answers: the server
	# rebuilds the workload once, its forked workers inherit it (http's
	# bundled server is the server's, pingpong's echoes the workers').
	run "$BENCH" --workload primes,sieve,sumsq,native,empty,pingpong,payload,sleep,http,calib \
		--mode forkserver --workers 1,3 --tasks 7 --size 20000 --latency-ms 5 \
		--repeat 1 --warmup 0 --csv r.csv
	expect_status 0
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 20
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	run "$BENCH" --workload primes --tasks 10 --size 10000 --mode forkserver \
		--workers 2 --repeat 1 --warmup 0 --csv a.csv
	expect_eq primes "$(csv_col a.csv result)" 8392
	no_children_left
}

test_spawn_workers_get_this_cells_workload() {
	# Several workloads and task counts in one run: each spawned worker
	# (and each workload's forkserver) must rebuild the workload of its
	# own cell, not the parent's list.
	run "$BENCH" --workload sumsq,primes --mode spawn,forkserver,fork --workers 2 \
		--tasks 3,11 --size 5000 --repeat 1 --warmup 0 --csv r.csv
	expect_status 0
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 12
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	expect_eq "task counts" "$(csv_col r.csv tasks | sort -nu | tr '\n' ' ')" "3 11 "
	# One server per workload: its start is the same on each of its rows.
	expect_eq "server starts" "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["mode"] == "forkserver" { print $c["workload"], $c["server_start_s"] }' r.csv |
		sort -u | wc -l)" 2
	no_children_left
}

test_spawn_finds_bench_by_absolute_path() {
	# Started through a symlink found on PATH, from another folder: argv[0]
	# ("gb") names no file there.
	mkdir -p bin elsewhere
	ln -s "$BENCH" bin/gb
	cd elsewhere || fail "cd"
	run env PATH="$PWD/../bin:$PATH" gb --workload primes --mode spawn \
		--workers 2 --tasks 4 --size 1000 --repeat 1 --warmup 0 --no-csv
	expect_status 0
	expect_out " ok"
}

test_spawn_workers_die_with_the_parent() {
	local pid kids k state
	# Task 0 hangs in its worker; the parent waits on it until killed.
	"$BENCH" --workload primes --mode spawn --workers 2 --tasks 4 --size 1000 \
		--fault hang:0 --repeat 1 --warmup 0 --no-csv >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		kids=$(pgrep -P "$pid" | tr '\n' ' ')
		[ "$(echo "$kids" | wc -w)" -ge 2 ] && break
		sleep 0.1
	done
	[ "$(echo "$kids" | wc -w)" -ge 2 ] || fail "no spawned workers seen: '$kids'"
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	sleep 0.5
	for k in $kids; do
		state=$(awk '{ print $3 }' "/proc/$k/stat" 2>/dev/null || true)
		[ -z "$state" ] || [ "$state" = Z ] || fail "worker $k outlived its parent (state $state)"
	done
}

test_spawned_worker_refuses_a_parent_it_does_not_have() {
	# Its parent is this shell, not pid 1: the worker exits at once.
	run "$BENCH" --worker-fds 0,1 --worker-parent 1 --workload empty
	expect_status 5
	run "$BENCH" --worker-fds 0,1 --workload empty
	expect_status 2
	expect_err "needs --worker-parent"
	# So does a forkserver, and one given no socket to listen on.
	run "$BENCH" --forkserver-fds 0,1,2 --worker-parent 1 --workload empty
	expect_status 5
	run "$BENCH" --forkserver-fds 0,1,2 --workload empty
	expect_status 2
	expect_err "needs --worker-parent"
	# (Not the last command, so sh stays its parent rather than exec it.)
	run sh -c '"$1" --forkserver-fds 0,1,2 --worker-parent $$ --workload empty </dev/null; exit $?' sh "$BENCH"
	expect_status 2
	expect_err "0 is not a listening socket"
	run "$BENCH" --forkserver-fds 0,1 --workload empty
	expect_status 2
	expect_err "--forkserver-fds: '0,1' is internal"
}

test_forkserver_and_its_workers_die_with_the_parent() {
	local pid server kids k state
	# Task 0 hangs in its worker, a child of the server, a child of bench.
	"$BENCH" --workload primes --mode forkserver --workers 2 --tasks 4 --size 1000 \
		--fault hang:0 --repeat 1 --warmup 0 --no-csv >/dev/null 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		server=$(pgrep -P "$pid" | head -1)
		[ -n "$server" ] && kids=$(pgrep -P "$server" | tr '\n' ' ')
		[ "$(echo "$kids" | wc -w)" -ge 2 ] && break
		sleep 0.1
	done
	[ "$(echo "$kids" | wc -w)" -ge 2 ] || fail "no forked workers seen: '$kids'"
	kill -9 "$pid"
	wait "$pid" 2>/dev/null
	sleep 0.5
	for k in $server $kids; do
		state=$(awk '{ print $3 }' "/proc/$k/stat" 2>/dev/null || true)
		[ -z "$state" ] || [ "$state" = Z ] || fail "process $k outlived bench (state $state)"
	done
}

test_tasks_sweep_and_single_value() {
	run "$BENCH" --workload primes --mode seq,fork --workers 2 --tasks 1,5,12 \
		--size 100 --repeat 2 --warmup 0 --csv r.csv
	expect_status 0
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 12
	for t in 1 5 12; do
		expect_eq "rows of $t tasks" "$(rows_where r.csv tasks "$t" mode | wc -l)" 4
	done
	expect_out "tasks"
	run "$BENCH" --workload primes --mode seq --tasks 7 --size 100 --repeat 1 \
		--warmup 0 --csv s.csv
	expect_eq tasks "$(csv_col s.csv tasks)" 7
	for bad in "1,,2|empty item" "5,x|--tasks: 'x'" "1,100000001|out of range"; do
		run "$BENCH" --workload primes --tasks "${bad%%|*}"
		expect_status 2
		expect_err "${bad#*|}"
	done
}

test_startup_rows_for_threads_fork_forkserver_spawn() {
	run "$BENCH" --workload empty --mode threads,fork,forkserver,spawn --workers 1,3 \
		--tasks 0 --repeat 2 --warmup 0 --csv r.csv
	expect_status 0
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 16
	# shellcheck disable=SC2046
	all_positive startup_s $(csv_col r.csv startup_s)
	# shellcheck disable=SC2046
	all_positive max_rss_kb $(csv_col r.csv max_rss_kb)
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	# The server's one start is apart, in forkserver rows alone, and in
	# the terminal.
	# shellcheck disable=SC2046
	all_positive server_start_s $(rows_where r.csv mode forkserver server_start_s)
	expect_eq "server_start_s elsewhere" "$(rows_where r.csv mode fork server_start_s |
		sort -u)" ""
	expect_out "forkserver .* its server started once, in [0-9.]+ ms"
	no_children_left
}

test_forkserver_rows_count_the_workers_usage() {
	# The workers are the server's children, not bench's: their CPU time
	# and memory come back in the server's reports. The same work, so
	# about the same CPU time as seq (the margin is for a busy machine);
	# each of 4 workers at least 1 MiB resident.
	run "$BENCH" --workload sumsq --mode seq,forkserver@4 --tasks 8 --size 4000000 \
		--repeat 1 --warmup 0 --csv r.csv
	expect_status 0
	local cpu seq_cpu added
	cpu=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["mode"] == "forkserver" { print $c["user_s"] + $c["sys_s"] }' r.csv)
	seq_cpu=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["mode"] == "seq" { print $c["user_s"] + $c["sys_s"] }' r.csv)
	awk -v f="$cpu" -v s="$seq_cpu" 'BEGIN { exit !(f > 0.5 * s) }' ||
		fail "forkserver CPU time $cpu s, seq $seq_cpu s: the workers' time is missing"
	added=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["mode"] == "forkserver" { print $c["max_rss_kb"] - $c["start_rss_kb"] }' r.csv)
	[ "$added" -ge 4096 ] || fail "forkserver rows add $added kB for 4 workers"
	no_children_left
}

test_parent_mem_is_touched_and_recorded() {
	run "$BENCH" --workload empty --mode fork --workers 2 --tasks 0 \
		--parent-mem 32 --repeat 1 --warmup 0 --csv r.csv
	expect_status 0
	expect_eq parent_mem_mib "$(csv_col r.csv parent_mem_mib)" 32
	# The parent's own peak includes the 32 MiB it touched.
	[ "$(csv_col r.csv max_rss_kb)" -gt 32768 ] || fail "max_rss_kb $(csv_col r.csv max_rss_kb) <= 32 MiB"
	run "$BENCH" --workload empty --mode fork --csv n.csv --repeat 1 --warmup 0
	expect_eq "default parent_mem_mib" "$(csv_col n.csv parent_mem_mib)" 0
	run "$BENCH" --workload empty --parent-mem 999999999
	expect_status 2
	expect_err "--parent-mem: '999999999' is out of range"
}

test_dispatch_rows_beside_their_floors() {
	run "$BENCH" --workload empty,pingpong --mode seq,threads,omp,fork \
		--workers 1,2 --tasks 300 --repeat 2 --warmup 0 --csv r.csv
	expect_status 0
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	expect_eq metric_name "$(csv_col r.csv metric_name | sort -u)" us_per_task
	# shellcheck disable=SC2046
	all_positive us_per_task $(csv_col r.csv metric)
	expect_eq "pingpong seq rows" "$(awk -F, 'NR > 1 && $5 == "pingpong" && $6 == "seq"' r.csv | wc -l)" 2
	no_children_left
}

test_crossover_sweep_rows() {
	run "$BENCH" --workload primes --size 1 --mode seq,fork,forkserver,spawn --workers 2 \
		--tasks 1,10,100 --repeat 2 --warmup 0 --csv r.csv
	expect_status 0
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 24
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	# shellcheck disable=SC2046
	all_positive "fork start-up" $(rows_where r.csv mode fork startup_s)
	# shellcheck disable=SC2046
	all_positive "forkserver start-up" $(rows_where r.csv mode forkserver startup_s)
	# shellcheck disable=SC2046
	all_positive "seq wall" $(rows_where r.csv mode seq wall_s)
}

test_pool_per_batch_reuse_and_fresh() {
	run "$BENCH" --workload primes --tasks 10 --size 10000 --batches 3 \
		--pool reuse,fresh --mode threads,fork,forkserver --workers 2 --repeat 1 \
		--warmup 0 --csv r.csv
	expect_status 0
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 6
	expect_eq batches "$(csv_col r.csv batches | sort -u)" 3
	expect_eq pools "$(csv_col r.csv pool | sort | tr '\n' ' ')" "fresh fresh fresh reuse reuse reuse "
	# Every batch is checked: 3 x the articles' 8,392 primes.
	expect_eq results "$(csv_col r.csv result | sort -u)" 25176
	# shellcheck disable=SC2046
	all_positive startup_s $(csv_col r.csv startup_s)
	for bad in "--batches 0|--batches: '0'" "--pool sometimes|--pool: 'sometimes'"; do
		# shellcheck disable=SC2086
		run "$BENCH" --workload primes ${bad%%|*}
		expect_status 2
		expect_err "${bad#*|}"
	done
	no_children_left
}

test_payload_every_mode_and_pipe_copy_grows() {
	run "$BENCH" --workload payload --mode seq,threads,fork,forkserver,spawn,fork-shm \
		--workers 2 --tasks 3 --size 100003 --repeat 1 --warmup 0 --csv all.csv
	expect_status 0
	[ -z "$(csv_col all.csv verified | grep -v true)" ] || fail "a payload was not received intact"
	for size in 1024 67108864; do
		run "$BENCH" --workload payload --mode fork --workers 1 --tasks 4 \
			--size "$size" --repeat 3 --warmup 0 --csv "p$size.csv"
		expect_status 0
	done
	small=$(csv_col p1024.csv wall_s | median)
	big=$(csv_col p67108864.csv wall_s | median)
	awk -v s="$small" -v b="$big" 'BEGIN { exit !(b > 2 * s) }' ||
		fail "64 MiB through a pipe ($big s) not slower than 1 KiB ($small s)"
	no_children_left
}

test_race_locked_and_atomic_are_exact() {
	run "$BENCH" --workload race,race-mutex,race-atomic --mode threads \
		--workers 3 --repeat 3 --warmup 0 --csv r.csv
	expect_status 0
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	expect_eq "mutex lost" "$(rows_where r.csv workload race-mutex metric | sort -u)" 0
	expect_eq "atomic lost" "$(rows_where r.csv workload race-atomic metric | sort -u)" 0
	# task 0 answers the final counter (300,000), the others 100,000 each
	expect_eq "mutex result" "$(rows_where r.csv workload race-mutex result | sort -u)" 500000
	for lost in $(rows_where r.csv workload race metric); do
		awk -v x="$lost" 'BEGIN { exit !(x >= 0 && x < 300000) }' || fail "race lost $lost"
	done
	# Spawned workers could share no counter: refused before any work.
	run "$BENCH" --workload race --mode threads,spawn --workers 3 --csv s.csv
	expect_status 2
	expect_err "--mode spawn cannot run race: its tasks meet in shared memory"
	[ ! -e s.csv ] || fail "a usage error wrote s.csv"
	for wl in race race-mutex race-atomic convoy ccbench; do
		run "$BENCH" --workload $wl --mode threads,forkserver --workers 3 --csv s.csv
		expect_status 2
		expect_err "--mode forkserver cannot run $wl: its tasks meet in shared memory"
	done
	[ ! -e s.csv ] || fail "a usage error wrote s.csv"
}

# demo NAME: run demos/NAME.sh quickly; it ends with its lesson, or says
# it needs a part this build does not have yet.
demo() {
	run env DEMO_QUICK=1 DEMO_OUT="$PWD/pictures" "$ROOT/demos/$1.sh"
	expect_status 0
	echo "$OUT" | grep -qE "Lesson: |not available in this build yet" ||
		fail "demo-$1 printed no lesson:
$OUT"
}

test_demo_cpu() { demo cpu; expect_out "spawn +█"; }
test_demo_io() { demo io; }
# demo_picture NAME: the demo drew NAME.png (with gnuplot) and said where.
demo_picture() {
	command -v gnuplot >/dev/null || return 0
	expect_out "picture: $PWD/pictures/$1.png"
	[ -s "pictures/$1.png" ] || fail "no pictures/$1.png"
}

test_demo_gil() { demo gil; demo_picture gil-timeline; expect_out "hand-offs every [0-9.]+ ms"; }
test_demo_convoy() { demo convoy; demo_picture convoy-timeline; expect_out "median round trip"; }
test_demo_startup() { demo startup; expect_out "per worker"; no_children_left; }
test_demo_copy() { demo copy; expect_out "1 MiB fork "; }

test_demo_race() {
	demo race
	# The table: run, unsynchronised, mutex, atomic; the last two exact.
	rows=$(echo "$OUT" | awk '$1 ~ /^[0-9]+$/ && NF == 4')
	[ -n "$rows" ] || fail "no table: $OUT"
	expect_eq "mutex and atomic" "$(echo "$rows" | awk '{ print $3, $4 }' | sort -u)" "300000 300000"
}

test_demos_say_when_a_part_is_missing() {
	# A bin/bench without gil, sleep or convoy (this one, or a fake).
	printf '#!/bin/sh\necho "workloads:"; echo "  primes   cpu  x"; echo "modes:"; echo "  seq        x"\n' >fake
	chmod +x fake
	for d in gil io convoy; do
		run env BENCH="$PWD/fake" "$ROOT/demos/$d.sh"
		expect_status 0
		expect_out "not available in this build yet"
	done
}

test_cost_script_quick() {
	run "$ROOT/scripts/cost.sh" --quick --csv r.csv
	expect_status 0
	for wl in empty pingpong primes payload race race-mutex race-atomic; do
		[ "$(rows_where r.csv workload "$wl" rep | wc -l)" -gt 0 ] || fail "no $wl rows"
	done
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	no_children_left
}

test_one_worker_pool_waits_in_read_yet_sees_crash_and_ctrl_c() {
	# With one task outstanding the fork pool waits in read() rather
	# than poll(): a crash must still be seen and replaced...
	run "$BENCH" --workload primes --mode fork,forkserver,spawn --workers 1 --tasks 6 \
		--size 1000 --fault crash:2 --repeat 1 --warmup 0 --csv r.csv
	expect_status 1
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 3
	expect_eq replaced "$(csv_col r.csv workers_replaced | sort -u)" 1
	expect_eq errors "$(csv_col r.csv errors | sort -u)" 1
	# ...and Ctrl-C must still stop a hung one.
	local mode pid
	for mode in fork forkserver; do
		"$BENCH" --workload primes --mode $mode --workers 1 --tasks 6 --size 1000 \
			--fault hang:3 --repeat 1 --warmup 0 --no-csv >/dev/null 2>&1 &
		pid=$!
		sleep 1
		kill -INT "$pid"
		for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -0 "$pid" 2>/dev/null && { kill -9 "$pid"; fail "bench $mode ignored Ctrl-C"; }
		wait "$pid"
		expect_eq "$mode status" $? 130
	done
	no_children_left
}
