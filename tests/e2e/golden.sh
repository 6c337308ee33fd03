# golden.sh - what a person reads, against checked-in expected files: from
# a fixture run (tests/fixtures/NAME: a real make bench's CSV, its .meta,
# fidelity.csv and phases.csv, with the host renamed), the report's "In
# short", its verdict table, one evidence section and two charts' data are
# compared line by line with tests/golden/NAME/, as curl's tests/data and
# hyperfine's markdown tests check their output. Every number there is
# computed from the fixture (the bootstrap is seeded), so any change in
# what the report says shows up as a diff.
#
# GOLDEN_UPDATE=1 tests/run.sh golden rewrites the expected files from the
# current code: review `git diff tests/golden` before committing them.

# golden_run FIXTURE: the fixture copied to ./run, summarized and reported.
# Charts are "drawn" as placeholder images, so the report has its figures
# whether or not gnuplot is installed.
golden_run() {
	cp -r "$ROOT/tests/fixtures/$1" run || fail "no fixture $1"
	"$BENCH" summarize run >/dev/null 2>summarize.err \
		|| fail "summarize failed: $(cat summarize.err)"
	for dat in run/plots/*.dat; do
		printf 'placeholder' >"${dat%.dat}.png"
	done
	COLUMNS=80 "$BENCH" report run >report.out 2>report.err \
		|| fail "report failed: $(cat report.err)"
}

# section FILE START END: the lines from the first matching START (a
# regex) up to, not including, the next matching END; a trailing anchor
# line (<a id=...>) belongs to what follows and is left out.
section() {
	awk -v s="$2" -v e="$3" '
		!on && $0 ~ s { on = 1; print; next }
		on && $0 ~ e { exit }
		on { buf[n++] = $0 }
		END { while (n > 0 && (buf[n - 1] ~ /^<a id=/ || buf[n - 1] == "")) n--
		      for (i = 0; i < n; i++) print buf[i] }' "$1"
}

# mask: what differs from one machine or day to another and is not
# computed from the fixture.
mask() {
	sed -E -e 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/DATE/g' \
		-e 's/fixture-host/HOST/g'
}

# golden_check NAME GOT: compare GOT with tests/golden/FIXTURE/NAME.
golden_check() {
	local want="$ROOT/tests/golden/$FIXTURE/$1"
	mask <"$2" >"$2.masked"
	if [ "${GOLDEN_UPDATE:-}" = 1 ]; then
		mkdir -p "$(dirname "$want")"
		cp "$2.masked" "$want"
		return 0
	fi
	[ -f "$want" ] || fail "no expected file $want (GOLDEN_UPDATE=1 makes it)"
	diff -u "$want" "$2.masked" >diff.txt \
		|| fail "$1 differs from tests/golden/$FIXTURE/$1:
$(head -80 diff.txt)"
}

test_golden_report_2cores_in_short() {
	FIXTURE=run-2cores
	golden_run "$FIXTURE"
	section run/REPORT.md '^## In short' '^## ' >got
	golden_check in-short.md got
}

test_golden_report_2cores_verdict_table() {
	FIXTURE=run-2cores
	golden_run "$FIXTURE"
	section run/REPORT.md '^## The verdicts' '^## ' >got
	golden_check verdicts.md got
	# The terminal's verdict lines are the same verdicts.
	sed -n '/^verdicts/,/^  [0-9]* reproduced/p' report.out >got.txt
	golden_check verdicts.txt got.txt
}

test_golden_report_2cores_cpu_evidence() {
	FIXTURE=run-2cores
	golden_run "$FIXTURE"
	section run/REPORT.md '^### CPU-bound work' '^##' >got
	golden_check evidence-cpu.md got
}

test_golden_report_2cores_chart_data() {
	FIXTURE=run-2cores
	golden_run "$FIXTURE"
	golden_check speedup-primes.dat run/plots/speedup-primes.dat
	golden_check io-sleep.dat run/plots/io-sleep.dat
}

# seconds TEXT: a time as the report prints it ("20.3 ms", "1.02 s").
seconds() {
	echo "$1" | awk '{ u = $2; v = $1
		f = u == "s" ? 1 : u == "ms" ? 1e-3 : u == "us" ? 1e-6 : u == "ns" ? 1e-9 : -1
		print v * f }'
}

# median_of WL MODE WORKERS TASKS LATENCY: the median_s of that cell in
# run/summary.csv, or nothing when there is no such cell.
median_of() {
	awk -F, -v wl="$1" -v m="$2" -v w="$3" -v t="$4" -v l="$5" '
		NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["workload"] == wl && $c["mode"] == m && $c["workers"] == w &&
		$c["tasks"] == t && $c["latency_ms"] + 0 == l + 0 &&
		$c["batches"] == 1 { print $c["median_s"]; exit }' run/summary.csv
}

# near WHAT SHOWN MEDIAN: the time the report shows is the cell's median
# to the three digits it prints.
near() {
	[ -n "$3" ] || fail "$1: the report quotes $2, but the run has no such cell"
	awk -v a="$(seconds "$2")" -v b="$3" 'BEGIN { exit !(a > 0 && b > 0 && a / b < 1.006 && b / a < 1.006) }' \
		|| fail "$1: the report says $2, the cell's median is $3 s"
}

# "In short" compares cells of one measurement: the sleep sentence once
# quoted threads from the 10 ms sweep against seq and the GIL at 20 ms.
test_in_short_quotes_cells_of_one_key() {
	golden_run run-2cores
	local line re n wl lat t w s g
	line=$(grep '^\*\*Waiting\.\*\*' run/REPORT.md)
	re='\*\* ([0-9]+) ([a-z]+) tasks that each wait ([0-9.]+) ms took ([0-9.]+ [a-z]+) with ([0-9]+) threads, against ([0-9.]+ [a-z]+) one after another; under the GIL ([0-9.]+ [a-z]+),'
	[[ $line =~ $re ]] || fail "no Waiting sentence of the expected form in In short: '$line'"
	n=${BASH_REMATCH[1]} wl=${BASH_REMATCH[2]} lat=${BASH_REMATCH[3]}
	t=${BASH_REMATCH[4]} w=${BASH_REMATCH[5]} s=${BASH_REMATCH[6]}
	g=${BASH_REMATCH[7]}
	# Each of the three times is the median of the cell of that very
	# workload, task count and latency.
	near "threads at W=$w" "$t" "$(median_of "$wl" threads "$w" "$n" "$lat")"
	near "seq" "$s" "$(median_of "$wl" seq 1 "$n" "$lat")"
	near "gil at W=$w" "$g" "$(median_of "$wl" gil "$w" "$n" "$lat")"
}

# A line of a chart is one measurement: one point per x. The I/O chart
# once drew threads twice at 16 workers, the 10 ms sweep's cell among
# the 20 ms ones, divided by the 20 ms ideal.
test_chart_lines_have_one_point_per_x() {
	golden_run run-2cores
	local dat bad
	for dat in run/plots/*.dat; do
		head -1 "$dat" | grep -qE '^# (workers|bytes|tasks) ' || continue
		bad=$(awk '/^$/ { next } /^#/ { split("", seen); next }
			($1 in seen) { print FILENAME ": x = " $1 " twice"; exit }
			{ seen[$1] = 1 }' "$dat")
		[ -z "$bad" ] || fail "$bad"
	done
}

# A speedup chart divides by seq: a point is a ratio paired by round
# (its cells ran in the same rounds as seq) or says it is not. Points
# from another invocation were once drawn, divided by a seq they never
# ran beside, with an interval and no word of it.
test_speedup_points_are_paired_or_say_so() {
	golden_run run-2cores
	local dat wl unpaired=0 rows
	for dat in run/plots/speedup-*.dat; do
		wl=$(basename "$dat" .dat)
		wl=${wl#speedup-}
		# workers, speedup, paired for every point, checked against
		# summary.csv's pairs column (blank: not paired).
		rows=$(awk -v wl="$wl" -F, '
			FNR == NR { if (FNR == 1) { for (i = 1; i <= NF; i++) c[$i] = i; next }
				if ($c["workload"] == wl && $c["batches"] == 1 && $c["speedup"] != "")
					p[$c["mode"] " " $c["workers"] " " $c["speedup"]] = ($c["pairs"] != "")
				next }
			/^# / && NF == 2 { mode = $2; next }
			/^#/ || NF == 0 { next }
			{ split($0, f, " ")
			  if (!(5 in f)) { print "no paired column: " $0; next }
			  key = mode " " f[1] " " f[2]
			  if (!(key in p)) print "no cell for " key
			  else if (p[key] != f[5]) print key ": paired " f[5] " in the chart, " p[key] " in summary.csv"
			  if (f[5] == 0) print "UNPAIRED" }' run/summary.csv FS=' ' "$dat")
		echo "$rows" | grep -v '^UNPAIRED$' | grep -q . && fail "$dat: $(echo "$rows" | grep -v UNPAIRED | head -3)"
		echo "$rows" | grep -q UNPAIRED && unpaired=$((unpaired + 1)) &&
			{ sed -n "/^<a id=\"chart-speedup-$wl\"/,/^Supports/p" run/REPORT.md |
				grep -q "not measured in the same rounds as seq" ||
				fail "speedup-$wl has unpaired points and its caption does not say so"; }
	done
	# The fixture's second lines ran without seq: some points are.
	[ "$unpaired" -gt 0 ] || fail "no chart had an unpaired point: the fixture no longer tests it"
}
