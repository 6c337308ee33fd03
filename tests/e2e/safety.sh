# e2e_safety.sh - nothing a run wrote is lost or mixed up: concurrent runs
# appending to one CSV and its .meta, a run that fails to write, closed
# standard descriptors, a file whose last line was cut.

# rows_of FILE RUN_ID: how many rows of FILE belong to the run RUN_ID.
rows_of() {
	awk -F, -v id="$2" 'NR > 1 && $1 == id { n++ } END { print n + 0 }' "$1"
}

# whole_rows FILE: every line has as many fields as the header (our rows
# quote only the error column, which these cases leave empty).
whole_rows() {
	awk -F, 'NR == 1 { n = NF } NF != n { bad = NR } END { exit bad > 0 }' "$1" \
		|| fail "$1 has a broken row: $(awk -F, 'NR == 1 { n = NF } NF != n { print NR": "$0; exit }' "$1")"
}

# One run appends 10,000 rows while runs under a 1 KiB file size limit
# keep failing to append to the same file. Each failure used to cut the
# file back to a size it had measured before its write, deleting rows
# the other run had appended meanwhile (5 to 11 of 10,000 here).
test_a_failing_run_never_removes_another_runs_rows() {
	local a n=0
	"$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 --csv r.csv -q \
		|| fail "cannot start the file"
	"$BENCH" --workload sumsq --tasks 1 --size 10 --mode seq,threads --workers 1,2,3,4 \
		--repeat 2000 --warmup 0 --csv r.csv -q --seed 7 2>a.err &
	a=$!
	while kill -0 $a 2>/dev/null || [ $n -lt 20 ]; do
		( ulimit -f 1; "$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 3 \
			--warmup 0 --csv r.csv -q 2>>b.err )
		n=$((n + 1))
	done
	wait $a
	expect_eq "the unlimited run's status" $? 0
	grep -q "cannot write a row to 'r.csv': File too large" b.err \
		|| fail "the limited runs did not fail as expected: $(head -3 b.err)"
	local id
	id=$(awk -F, 'NR > 1 && $22 == 7 { print $1; exit }' r.csv)
	[ -n "$id" ] || fail "no row of the unlimited run"
	expect_eq "rows of the unlimited run ($n limited runs beside it)" "$(rows_of r.csv "$id")" 10000
	whole_rows r.csv
	expect_eq headers "$(grep -c '^run_id,' r.csv)" 1
}

# With stdout or stderr closed, the CSV used to open on descriptor 1 or 2
# and the table or the error messages went into it.
test_closed_stdout_or_stderr_never_lands_in_the_csv() {
	"$BENCH" --workload sumsq --tasks 2 --size 100 --repeat 1 --warmup 0 --csv r.csv >&-
	expect_eq status $? 0
	"$BENCH" --workload sumsq --tasks 2 --size 100 --repeat 1 --warmup 0 --csv r.csv \
		--fault crash:0 2>&- >/dev/null
	expect_eq "status of the failing run" $? 1
	"$BENCH" --workload sumsq --tasks 2 --size 100 --repeat 1 --warmup 0 --csv r.csv \
		<&- >&- 2>&-
	expect_eq "status with all three closed" $? 0
	expect_eq "lines (a header and 3 rows)" "$(wc -l < r.csv)" 4
	whole_rows r.csv
	! grep -qE 'median s|bench:' r.csv || fail "terminal output in the CSV: $(cat r.csv)"
	"$BENCH" summarize r.csv >&- 2>&-
	expect_eq "summarize with stdout closed" $? 0
	! grep -q 'summary:' summary.csv || fail "summarize's message in summary.csv"
}

# A file whose last line has no newline (a writer killed mid-row, a copy
# cut short): the next row used to be glued onto it.
test_a_cut_last_line_is_refused_with_its_number() {
	"$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 2 --warmup 0 --csv r.csv -q \
		|| fail "cannot make the file"
	head -c -40 r.csv > cut.csv
	cp cut.csv before.csv
	run "$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 --csv cut.csv -q
	expect_status 2
	expect_err "CSV file 'cut.csv' ends in a cut line \(line 3 has no newline"
	cmp -s cut.csv before.csv || fail "the file was changed"
	# A header cut short is another header: refused as well.
	head -c 30 r.csv > head.csv
	run "$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 --csv head.csv -q
	expect_status 2
	expect_eq "the cut header is untouched" "$(cat head.csv)" "$(head -c 30 r.csv)"
}

# .meta sections of concurrent runs used to interleave once a section
# outgrew stdio's buffer (a long command line): each section must arrive
# whole, in one locked write.
test_concurrent_runs_keep_meta_sections_whole() {
	local qs i
	# 16 runs with a 60 KB command line each: 10 to 16 sections were
	# mixed up in every try of six before the fix.
	qs=$(printf -- '-q %.0s' $(seq 20000))
	"$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 --csv m.csv -q \
		|| fail "cannot make the file"
	for i in $(seq 16); do
		# shellcheck disable=SC2086
		"$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 \
			--csv m.csv $qs &
	done
	wait
	# Every section: [run_id], the keys in order, the whole command,
	# then the command an argument a line (13 words and 20,000 -q), the
	# look of its mode and workload (5 + 3 keys), a blank line.
	awk -v want="date host cpu_model cpus_online cpus_affinity cpu_quota cpus_usable cpus_usable_why cpus_physical cpu_siblings kernel compiler cflags libcurl git seed command" '
		BEGIN { nk = split(want, keys, " ") }
		function done() { if (k && k != nk) bad = "section " n " has " k " keys"
				  if (n > 1 && args != 20013) bad = "section " n " has " args " argv lines"
				  if (looks != 8) bad = "section " n " has " looks " keys of looks" }
		/^\[/ { if (k) { bad = "section " n " cut before " keys[k + 1] } n++; k = 0; args = 0; looks = 0; next }
		/^(mode|workload)\./ { if (args < 13) bad = "section " n ": a look before the argv"; looks++; next }
		/^$/ { done(); k = 0; next }
		/^argv=/ { if (k != nk) bad = "section " n ": argv before " keys[k + 1]; args++; next }
		{ split($0, kv, "="); if (kv[1] != keys[k + 1]) bad = "section " n ": " kv[1] " where " keys[k + 1] " belongs"
		  if (kv[1] == "command" && n > 1 && gsub(/ -q/, "") != 20000) bad = "section " n ": the command is cut"
		  k++ }
		END { if (bad) { print bad; exit 1 } if (n != 17) { print n " sections, expected 17"; exit 1 } }
	' m.csv.meta || fail "the .meta sections are mixed up"
	expect_eq rows "$(($(wc -l < m.csv) - 1))" 17
}
