# locale.sh - the suite under a locale whose decimal point is a comma
# (issue 23): with LC_ALL=de_DE.UTF-8 the CSV, the summary, the charts,
# compare.py and the report keep '.' and read their own files back. The
# locale is made for the test with localedef, so the machine need not
# have it.

# de_locale: make de_DE.UTF-8 in ./locale and export LOCPATH to it, then
# check that it is in force (bash's printf writes 1,0 under it), or the
# case would prove nothing.
de_locale() {
	command -v localedef >/dev/null ||
		skip "no localedef (Debian: libc-bin) to make de_DE.UTF-8 with"
	[ -f /usr/share/i18n/locales/de_DE ] ||
		skip "no locale sources to make de_DE.UTF-8 from (apt-get install locales, or scripts/deps.sh locale as root)"
	mkdir -p locale
	# localedef may exit 1 on warnings and still write the locale.
	localedef -i de_DE -f UTF-8 "$PWD/locale/de_DE.UTF-8" >localedef.log 2>&1
	[ -s locale/de_DE.UTF-8/LC_NUMERIC ] ||
		fail "localedef made no de_DE.UTF-8: $(cat localedef.log)"
	export LOCPATH=$PWD/locale
	expect_eq "printf %.1f 1 under de_DE.UTF-8" \
		"$(LC_ALL=de_DE.UTF-8 bash -c 'printf %.1f 1')" "1,0"
}

# csv_shape FILE: the number of fields of each line, once each, quoted
# fields taken as one: a number written with a decimal comma adds a field
# to its row.
csv_shape() {
	sed 's/"[^"]*"/""/g' "$1" | awk -F, '{ print NF }' | sort -u
}

# no_decimal_comma FILE COLUMN...: every value of these columns is a
# plain number with '.' (or empty).
no_decimal_comma() {
	local f=$1 col bad
	shift
	for col in "$@"; do
		bad=$(csv_col "$f" "$col" | grep -vE '^(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?|nan|inf)?$' | head -3)
		[ -z "$bad" ] || fail "$f: $col has values that are not numbers with '.': $bad"
	done
}

test_locale_with_a_decimal_comma_keeps_decimal_points() {
	de_locale
	# Every kind of row the pipeline reads: CPU, sleep with a fractional
	# latency (the http workload's server takes whole milliseconds), so
	# that the CSV holds non-integers the scripts pass around. A budget of 2 s runs the adaptive phase,
	# whose time left bench.sh computes and hands to bin/bench adapt.
	cat >s.suite <<-'EOF'
	sumsq  seq,threads,fork   1,2  4  100000  2+0  1
	sleep  seq,threads,async  4    8  -       2+0  1  --latency-ms 2.5
	http   threads,async      4    8  -       2+0  1  --latency-ms 3
	EOF
	LC_ALL=de_DE.UTF-8 RESULTS_DIR=$PWD/results REPORT_DIR=$PWD/report \
		run "$ROOT/scripts/bench.sh" --no-browser-check --suite s.suite --budget 2
	expect_status 0
	# Under de_DE bash's printf refuses "12.5" (in German or English),
	# and awk's "2,0" made bin/bench adapt refuse its budget.
	local bad='invalid number|ungültige zahl|is not a number'
	! echo "$ERR" | grep -qiE "$bad" ||
		fail "a number crossed the user's locale: $(echo "$ERR" | grep -iE "$bad")"
	expect_err "bench: \[1/[0-9]+\] sumsq .*about [0-9]+ s left"
	expect_err "bench: phases: suite [0-9]+s .*adaptive [0-9]+s .*budget 2s"
	# Each round bin/bench adapt asked for (its message prefixed on
	# bench.sh's stderr) ran, and no round ran unasked: its output was
	# captured. (On two cores C2 and C3 ask at these two repetitions; on
	# one, where they are not measured, nothing may ask.)
	local asked ran
	asked=$(echo "$ERR" | grep -cE "^bench: adapt: C[0-9]+.* inconclusive: ")
	ran=$(echo "$ERR" | sed -n 's/.*adaptive [0-9]*s (\([0-9]*\) rounds.*/\1/p')
	expect_eq "adaptive rounds asked for and run" "$asked" "$ran"
	! echo "$ERR" | grep -q "^adapt:" || fail "an adapt message without its prefix: $ERR"
	local run=results/latest
	expect_eq "bench.csv shape" "$(csv_shape $run/bench.csv | wc -l)" 1
	no_decimal_comma $run/bench.csv wall_s startup_s user_s sys_s latency_ms
	expect_eq "latency_ms" "$(csv_col $run/bench.csv latency_ms | grep . | sort -u | paste -sd' ')" "2.5 3"
	expect_eq verified "$(csv_col $run/bench.csv verified | sort -u)" true
	for f in summary.csv phases.csv; do
		[ -s "$run/$f" ] || fail "no $run/$f"
		expect_eq "$f shape" "$(csv_shape "$run/$f" | wc -l)" 1
	done
	no_decimal_comma $run/phases.csv seconds
	# Charts: gnuplot drew them, with '.' in the tick labels.
	if command -v gnuplot >/dev/null; then
		expect_out "plots: [1-9][0-9]* charts drawn"
		! grep -hoE '>[0-9]+,[0-9]+<' $run/plots/*.svg | head -3 | grep . ||
			fail "a chart has a tick label with a decimal comma"
	fi
	# The report: numbers such as 0.52 or 1.9x, never 0,52 (a comma
	# between digits there is a list, "1,2" workers, or a thousands
	# separator, "1,024": three digits and no more).
	[ -s report/REPORT.md ] || fail "no report"
	! grep -noE '[0-9],[0-9]{1,2}([^0-9]|$)|[0-9],[0-9]{4,}' report/REPORT.md | head -3 | grep . ||
		fail "REPORT.md has decimal commas (above)"
	grep -q '[0-9]\.[0-9]' report/REPORT.md || fail "REPORT.md has no decimal number at all"

	# compare.py under de_DE appends CPython rows to the run's CSV (its
	# header read back) and writes fidelity.csv beside it; the report
	# made again reads all of it back.
	command -v python3 >/dev/null || skip "no python3 for compare.py (the rest passed)"
	LC_ALL=de_DE.UTF-8 PYTHONS=python3 run python3 "$ROOT/python/compare.py" \
		--csv $run/bench.csv --quick --only cpu --pairs 1 --no-sim
	expect_status 0
	expect_eq "bench.csv shape with CPython rows" "$(csv_shape $run/bench.csv | wc -l)" 1
	csv_col $run/bench.csv mode | grep -qx py-threads || fail "compare.py wrote no py-threads row"
	no_decimal_comma $run/bench.csv wall_s startup_s user_s sys_s
	expect_eq "fidelity.csv shape" "$(csv_shape $run/fidelity.csv | wc -l)" 1
	no_decimal_comma $run/fidelity.csv real real_lo real_hi load_before load_after
	LC_ALL=de_DE.UTF-8 REPORT_DIR=$PWD/report run "$ROOT/scripts/report.sh" --no-browser-check "$run"
	expect_status 0
	grep -q "py-threads\|CPython" report/REPORT.md || fail "the report made again shows no CPython rows"
	! grep -noE '[0-9],[0-9]{1,2}([^0-9]|$)|[0-9],[0-9]{4,}' report/REPORT.md | head -3 | grep . ||
		fail "REPORT.md made again has decimal commas (above)"
	no_children_left
}
