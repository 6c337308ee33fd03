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
