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
	run env PYTHONS=python3 python3 "$ROOT/python/compare.py" --csv py.csv \
		--workers 2 --quick --seed 1
	expect_status 0
	expect_eq header "$(head -1 py.csv)" "$("$BENCH" --csv-header)"
	# 5 pairs x 3 modes x 2 CPU snippets, 1 x 3 for sleep, and the convoy:
	# (K = 0, 1, 2 at 5 ms, K = 1, 2 at 1 ms) x 3 repetitions.
	expect_eq rows "$(($(wc -l < py.csv) - 1))" $((30 + 3 + 15))
	expect_eq modes "$(csv_col py.csv mode | sort -u | tr '\n' ' ')" "py-procs py-seq py-threads "
	[ -z "$(csv_col py.csv verified | grep -v true)" ] || fail "unverified"
	expect_eq convoy "$(awk -F, '$5 == "convoy" { print $6, $7, $25 }' py.csv | sort -u | tr '\n' ' ')" \
		"py-threads 1 5 py-threads 2 1 py-threads 2 5 py-threads 3 1 py-threads 3 5 "
	csv_col py.csv metric | awk 'NF && !($1 > 0) { bad = 1 } END { exit bad }' || fail "rates"
	# Every row has its workload's kind, as bin/bench writes it (the
	# summary would take the convoy for a CPU workload without it).
	expect_eq kinds "$(awk -F, -v h="$(head -1 py.csv)" 'BEGIN { n = split(h, c, ","); for (i = 1; i <= n; i++) k[c[i]] = i }
		NR > 1 { print $k["workload"] "=" $k["kind"] }' py.csv | sort -u | tr '\n' ' ')" \
		"convoy=convoy primes=cpu sleep=io sumsq=cpu "
	# bin/bench accepts the file for appending: same header.
	run "$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 --csv py.csv
	expect_status 0
	# The fidelity table: every figure beside its simulated cell.
	[ -s fidelity.csv ] || fail "no fidelity.csv"
	expect_eq fidelity-rows "$(($(wc -l < fidelity.csv) - 1))" 9
	expect_eq fidelity-sim "$(awk -F, 'NR > 1 { print $3, $4 }' fidelity.csv | sort -u)" "yes gil"
	awk -F, 'NR > 1 && $5 ~ /thread speedup|K=[12]/ && !($11 > 0) { bad = 1 } END { exit bad }' fidelity.csv ||
		fail "a simulated figure is missing: $(cat fidelity.csv)"
	awk -F, 'NR > 1 && $5 ~ /thread speedup|K=[12]/ && $22 !~ /^(yes|no|inconclusive)$/ { bad = 1 } END { exit bad }' fidelity.csv ||
		fail "a target without a verdict: $(cat fidelity.csv)"
	no_children_left
}

test_compare_python_labels_a_free_threaded_interpreter() {
	command -v python3 >/dev/null || skip "no python3"
	# A stand-in for a free-threaded CPython: python3 told to report its
	# GIL as off.
	mkdir bin
	printf '#!/bin/sh\nGILBENCH_FAKE_FREE_THREADED=1 exec python3 "$@"\n' > bin/python3t
	chmod +x bin/python3t
	run env PYTHONS="$PWD/bin/python3t" python3 "$ROOT/python/compare.py" \
		--csv py.csv --workers 2 --quick --only cpu
	expect_status 0
	expect_err "free-threaded, PYTHON_GIL=0 \(no GIL\)"
	# Measured twice: PYTHON_GIL=0 (pyft) and PYTHON_GIL=1 (pyftgil).
	expect_eq modes "$(csv_col py.csv mode | sort -u | tr '\n' ' ')" \
		"pyft-procs pyft-seq pyft-threads pyftgil-procs pyftgil-seq pyftgil-threads "
	# Its threads set beside the threads mode with its own target, its
	# processes beside fork (no target); with PYTHON_GIL=1 beside gil.
	expect_eq fidelity "$(awk -F, 'NR > 1 && $5 ~ /speedup/ { print $27, $3, $4, $20 }' fidelity.csv | sort -u | tr '\n' ';')" \
		"pyft no fork -;pyft no threads |sim - real| <= 0.1;pyftgil yes fork -;pyftgil yes gil |sim - real| <= 0.05;"
	# C3 is judged on the free-threaded CPython where it ran: its threads
	# over its processes (the stand-in has a GIL, so whatever the verdict,
	# it is the stand-in's items that decide it).
	# (with two usable cores: on one, nothing runs in parallel to judge)
	[ "$("$BENCH" cpus cpus_usable)" -ge 2 ] || return 0
	mkdir run
	cp py.csv run/bench.csv
	run "$BENCH" report run
	expect_status 0
	c3=$(grep -E '^\| (<a id="claim-C3"></a>)?\*\*C3\*\* ' run/REPORT.md)
	echo "$c3" | grep -q "primes: free-threaded CPython's threads ran [0-9.]*x as fast as its processes (W=2)" ||
		fail "C3 does not show the free-threaded CPython: $c3"
	echo "$c3" | grep -q "interval primes, free-threaded CPython at W=2: threads/procs" ||
		fail "C3 is not judged on the free-threaded CPython: $c3"
}

test_compare_python_runs_on_python2() {
	py2=$(command -v python2.7 2>/dev/null)
	[ -n "$py2" ] && "$py2" -c pass 2>/dev/null || py2=$(ls -d "$(pyenv root 2>/dev/null)"/versions/2.7*/bin/python2.7 2>/dev/null | tail -1)
	[ -n "$py2" ] && "$py2" -c pass 2>/dev/null || skip "no CPython 2.7"
	# The driver itself under 2.7 too: one script for both.
	run env PYTHONS="$py2" "$py2" "$ROOT/python/compare.py" --csv py.csv \
		--workers 2 --quick --seed 1
	expect_status 0
	expect_eq modes "$(csv_col py.csv mode | sort -u | tr '\n' ' ')" "py2-procs py2-seq py2-threads "
	[ -z "$(csv_col py.csv verified | grep -v true)" ] || fail "unverified"
	expect_eq check "$(awk -F, '$5 == "convoy" { print $26 }' py.csv | sort -u)" 100
	expect_eq fidelity "$(awk -F, 'NR > 1 { print $3, $4 }' fidelity.csv | sort -u)" "yes gil-legacy"
	no_children_left
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
