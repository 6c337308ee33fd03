# e2e_core.sh - bin/bench end to end: answers, CSV, usage errors.

test_every_mode_verifies_every_cpu_workload() {
	for wl in primes sieve sumsq; do
		run "$BENCH" --workload $wl --mode seq,threads,fork --workers 1,2,3 \
			--tasks 7 --size 20000 --repeat 1 --warmup 0 --csv r.csv
		expect_status 0
	done
	# header + 3 workloads x (seq + 3 threads + 3 fork) rows
	expect_eq rows "$(wc -l < r.csv)" 22
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	no_children_left
}

test_known_answers_of_the_articles() {
	# The articles' range(100_000, 200_000) holds 8,392 primes.
	run "$BENCH" --workload primes --tasks 10 --size 10000 --mode fork \
		--workers 2 --repeat 1 --warmup 0 --csv r.csv
	expect_status 0
	expect_eq primes "$(csv_col r.csv result)" 8392
	# pi(10^7) = 664,579
	run "$BENCH" --workload sieve --tasks 10 --size 1000000 --mode threads \
		--workers 2 --repeat 1 --warmup 0 --csv s.csv
	expect_status 0
	expect_eq sieve "$(csv_col s.csv result)" 664579
	# sum(i*i for i in range(1000)) = 332,833,500
	run "$BENCH" --workload sumsq --tasks 4 --size 250 --repeat 1 --warmup 0 \
		--csv q.csv
	expect_eq sumsq "$(csv_col q.csv result)" 332833500
}

test_csv_has_header_and_one_row_per_rep() {
	run "$BENCH" --workload sumsq --tasks 3 --size 1000 --mode seq,threads \
		--workers 2 --repeat 4 --warmup 2 --csv r.csv --quiet
	expect_status 0
	head -1 r.csv | grep -q '^run_id,timestamp,host,cpus,workload,mode,workers,tasks,size,rep,wall_s,startup_s,user_s,sys_s,max_rss_kb,vol_cs,invol_cs,result,verified' \
		|| fail "header: $(head -1 r.csv)"
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 8
	expect_eq reps "$(csv_col r.csv rep | sort | uniq -c | awk '{print $1}' | sort -u)" 2
	[ -f r.csv.meta ] || fail "no metadata sidecar"
	grep -q '^cpu_model=' r.csv.meta || fail "sidecar lacks cpu_model"
	# Appending keeps one header.
	run "$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 --csv r.csv -q
	expect_eq headers "$(grep -c '^run_id' r.csv)" 1
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 9
}

test_csv_with_other_header_is_refused() {
	echo "a,b,c" > other.csv
	run "$BENCH" --workload sumsq --tasks 1 --size 10 --csv other.csv
	expect_status 2
	expect_err "other.csv.*different header"
	expect_eq untouched "$(cat other.csv)" "a,b,c"
}

test_usage_errors_exit_2_and_name_the_value() {
	local cases=(
		"--workload nosuch|unknown workload 'nosuch'"
		"--workload primes --mode warp|unknown mode 'warp'"
		"--workload primes --workers 0|--workers: '0' is out of range"
		"--workload primes --workers -1|--workers: '-1' is not a valid number"
		"--workload primes --workers 2x|--workers: '2x'"
		"--workload primes --workers 1,,2|empty item"
		"--workload primes --tasks 99999999999999999999999|--tasks: '99999999999999999999999' is out of range"
		"--workload primes --size 0|--size: '0' is out of range"
		"--workload primes --repeat abc|--repeat: 'abc' is not a valid number"
		"--workload primes --switch-interval 0|--switch-interval: '0' is out of range"
		"--workload primes --switch-interval -5|--switch-interval: '-5'"
		"--workload primes --check-interval 0|--check-interval: '0' is out of range"
		"--workload primes --fault boom:1|--fault: 'boom:1'"
		"--workload primes --bogus|unknown option '--bogus'"
		"--workload primes --csv /nonexistent/dir/r.csv|cannot open CSV file '/nonexistent/dir/r.csv'"
		"--mode seq|--workload is required"
		"--workload http --url http://127.0.0.1:1/ --url-file u.txt|--url and --url-file conflict"
		"--workload primes --tasks 1e9|--tasks: '1e9' is not a valid number"
		"--workload primes --workers 99999999999999999999|--workers: '99999999999999999999' is out of range"
		"--workload primes stray|unexpected argument 'stray'"
	)
	for c in "${cases[@]}"; do
		# shellcheck disable=SC2086
		run "$BENCH" ${c%%|*}
		[ "$STATUS" -eq 2 ] || fail "'${c%%|*}': exit $STATUS, expected 2 ($ERR)"
		echo "$ERR" | grep -qF -- "${c#*|}" || fail "'${c%%|*}': stderr lacks '${c#*|}': $ERR"
		[ "$(echo "$ERR" | wc -l)" -eq 1 ] || fail "'${c%%|*}': more than one line: $ERR"
	done
	[ ! -e results ] || fail "a usage error created results/"
}

# expect_usage_error "ARGS" MESSAGE: bin/bench ARGS exits 2 with one line
# holding MESSAGE, and writes nothing.
expect_usage_error() {
	# shellcheck disable=SC2086
	run "$BENCH" $1 --csv u.csv
	[ "$STATUS" -eq 2 ] || fail "'$1': exit $STATUS, expected 2 ($ERR)"
	echo "$ERR" | grep -qF -- "$2" || fail "'$1': stderr lacks '$2': $ERR"
	[ "$(echo "$ERR" | wc -l)" -eq 1 ] || fail "'$1': more than one line: $ERR"
	[ ! -e u.csv ] || fail "'$1': a usage error wrote u.csv"
}

# Decimal only, everywhere: strtod's hex floats ("0x10" was 16 ms) are
# refused, and "-0" is zero, recorded as 0 (it was recorded as "-0").
test_decimal_only_no_hex_floats_and_minus_zero_is_zero() {
	expect_usage_error "--workload primes --mode gil --switch-interval 0x10" \
		"--switch-interval: '0x10' is not a valid number"
	expect_usage_error "--workload sleep --latency-ms 0x1p3" \
		"--latency-ms: '0x1p3' is not a valid number"
	expect_usage_error "--workload primes --task-timeout 0X2" \
		"--task-timeout: '0X2' is not a valid number"
	run "$BENCH" --workload sleep --latency-ms -0 --tasks 1 --repeat 1 --warmup 0 \
		--csv r.csv -q
	expect_status 0
	expect_eq latency_ms "$(csv_col r.csv latency_ms)" 0
}

# Options that used to do nothing, silently: a fault in a task the run
# does not have, and the mpi ranks' internal --mpi-rank given to bin/bench
# (where it skipped the mpi mode's checks).
test_options_that_would_do_nothing_are_refused() {
	expect_usage_error "--workload sumsq --tasks 2 --fault crash:5" \
		"--fault: task 5 does not exist (the run's tasks are 0 to 1)"
	expect_usage_error "--workload sumsq --tasks 0 --fault kill:0" \
		"--fault: task 0 does not exist (the run has no task)"
	expect_usage_error "--workload sumsq --mpi-rank 1" \
		"--mpi-rank is internal to bin/bench-mpi"
	# The largest task count of a sweep is what counts.
	run "$BENCH" --workload sumsq --tasks 1,4 --size 10 --fault crash:3 --repeat 1 \
		--warmup 0 --no-csv -q
	expect_status 1
	expect_err "task 3: injected fault crash"
}

# race* under async used to wait 10 s at the start line for tasks that one
# thread runs one after another, then fail: it is refused up front, like
# spawn.
test_race_under_async_is_refused_up_front() {
	local wl
	for wl in race race-mutex race-atomic; do
		expect_usage_error "--workload $wl --mode threads,async --workers 2" \
			"--mode async cannot run $wl: its tasks must run at the same time"
	done
	# An event loop runs what waits: convoy and the I/O workloads stay.
	run "$BENCH" --workload convoy --mode async --workers 2 --size 50 --repeat 1 \
		--warmup 0 --no-csv -q
	expect_status 0
}

test_list_help_version() {
	run "$BENCH" --list
	expect_status 0
	for name in primes sieve sumsq seq threads fork forkserver spawn; do
		expect_out "^  $name "
	done
	run "$BENCH" --help
	expect_status 0
	expect_out "usage: bench"
	run "$BENCH" --version
	expect_out "gilbench"
}

test_zero_tasks_and_one_task() {
	run "$BENCH" --workload primes --tasks 0 --mode seq,threads,fork --workers 1,4 \
		--repeat 1 --warmup 0 --csv r.csv
	expect_status 0
	expect_eq results "$(csv_col r.csv result | sort -u)" 0
	run "$BENCH" --workload primes --tasks 1 --mode threads,fork --workers 8 \
		--repeat 1 --warmup 0 --csv s.csv
	expect_status 0
	[ -z "$(csv_col s.csv verified | grep -v true)" ] || fail "unverified"
}

test_tasks_times_size_past_the_range_is_refused() {
	run "$BENCH" --workload primes --tasks 1000000 --size 10000000 --csv r.csv
	expect_status 1
	expect_err "primes: tasks x size reaches past"
	[ "$(wc -l < r.csv)" -eq 1 ] || fail "rows were written"
}

# The terminal table compares every row with the baseline of the same run:
# seq's own speedup is 1.00x and every other verified row has one.
test_table_shows_speedups_over_the_baseline() {
	run "$BENCH" --workload sumsq --mode seq,threads,fork --workers 2 \
		--tasks 4 --size 20000 --repeat 2 --warmup 0 --no-csv
	expect_status 0
	expect_out "^  seq +1 .* 1\.00x "
	# human_ratio's digits follow the value (1.23x, 0.022x, 12.3x), and a
	# tiny cell on a loaded machine can make fork 50 times slower: accept
	# any of its forms, but a number there must be.
	expect_out "^  threads +2 .* ([0-9]+\.[0-9]+|<0\.001)x "
	expect_out "^  fork +2 .* ([0-9]+\.[0-9]+|<0\.001)x "
}
