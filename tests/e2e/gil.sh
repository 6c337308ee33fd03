# e2e_gil.sh - the gil and gil-legacy modes end to end.

test_gil_modes_verify_every_cpu_workload() {
	for wl in primes sieve sumsq native; do
		run "$BENCH" --workload $wl --mode gil,gil-legacy --workers 1,2,5 \
			--tasks 6 --size 20000 --repeat 1 --warmup 0 --csv r.csv \
			--switch-interval 0.5
		expect_status 0
	done
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 24
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified rows"
	# GIL columns are filled in these modes.
	[ -z "$(csv_col r.csv gil_switches | grep -vE '^[0-9]+$')" ] || fail "gil_switches"
	[ -z "$(csv_col r.csv switch_interval_ms | grep -v '^0.5$')" ] || fail "interval"
	no_children_left
}

test_gil_columns_blank_in_other_modes() {
	run "$BENCH" --workload sumsq --mode seq,threads,fork --workers 2 --tasks 2 \
		--size 1000 --repeat 1 --warmup 0 --csv r.csv
	expect_status 0
	[ -z "$(csv_col r.csv gil_wait_s | grep -v '^$')" ] || fail "gil_wait_s set outside gil modes"
}

test_gil_table_shows_the_wait_share() {
	run "$BENCH" --workload sumsq --mode gil --workers 2 --tasks 4 \
		--size 2000000 --repeat 1 --warmup 0 --no-csv
	expect_status 0
	expect_out "threads waited [0-9]+% of the run"
}

test_convoy_in_every_thread_and_process_mode() {
	run "$BENCH" --workload convoy --size 100 --mode seq,threads,gil,gil-legacy,fork \
		--workers 1,2,3 --repeat 1 --warmup 0 --csv r.csv
	expect_status 0
	# seq once (1 task), 4 modes x 3 worker counts
	expect_eq rows "$(($(wc -l < r.csv) - 1))" 13
	[ -z "$(csv_col r.csv verified | grep -v true)" ] || fail "unverified"
	[ -z "$(csv_col r.csv metric_name | grep -v round_trips_per_s)" ] || fail "metric name"
	# tasks follow the workers (task 0 I/O, the rest CPU)
	expect_eq tasks "$(awk -F, 'NR > 1 { print ($7 == $8) }' r.csv | sort -u)" 1
	# Every rate is a positive number.
	csv_col r.csv metric | awk '!($1 > 0) { bad = 1 } END { exit bad }' || fail "rates: $(csv_col r.csv metric)"
	no_children_left
}

test_gil_options_reject_bad_values() {
	for v in 0 -1 abc 5ms ""; do
		run "$BENCH" --workload primes --mode gil --switch-interval "$v"
		expect_status 2
		expect_err "switch-interval"
		run "$BENCH" --workload primes --mode gil-legacy --check-interval "$v"
		expect_status 2
		expect_err "check-interval"
	done
	run "$BENCH" --workload primes --mode gil-legacy --check-interval 1.5
	expect_status 2
}

test_compare_python_rows_match_the_schema() {
	command -v python3 >/dev/null || skip "no python3"
	run python3 "$ROOT/python/compare.py" --csv py.csv --workers 2 --quick
	expect_status 0
	expect_eq header "$(head -1 py.csv)" "$("$BENCH" --csv-header)"
	# 3 workloads x 3 modes, one repetition each
	expect_eq rows "$(($(wc -l < py.csv) - 1))" 9
	expect_eq modes "$(csv_col py.csv mode | sort -u | tr '\n' ' ')" "py-procs py-seq py-threads "
	[ -z "$(csv_col py.csv verified | grep -v true)" ] || fail "unverified"
	# bin/bench accepts the file for appending: same header.
	run "$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 --csv py.csv
	expect_status 0
}

test_compare_python_without_python_says_so() {
	# A PATH with every system tool but python3.
	mkdir bin
	for t in /usr/local/bin/* /usr/bin/* /bin/*; do
		case "${t##*/}" in python3*) continue ;; esac
		[ -e "bin/${t##*/}" ] || ln -s "$t" "bin/${t##*/}"
	done
	run env PATH="$PWD/bin" make -C "$ROOT" --no-print-directory compare-python PY_CSV="$PWD/x.csv"
	expect_status 0
	expect_out "no python3"
	[ ! -e x.csv ] || fail "a CSV was written"
}
