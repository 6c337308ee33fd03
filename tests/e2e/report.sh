# e2e_report.sh - the pipeline after the runs: bin/bench summarize and
# report, the gnuplot scripts, and scripts/bench.sh (make bench) on a tiny
# suite. Most cases use a synthetic fixture run, so every claim and every
# chart has data whichever modes this binary has.

# fixture_csv FILE: a run with rows for every mode and workload the claims
# look at, 5 repetitions per cell, 1% apart; the header comes from the
# binary, so the fixture follows the CSV's columns.
fixture_csv() {
	"$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 \
		--csv header.csv --quiet || fail "cannot make a header"
	head -1 header.csv >"$1"
	cat >"$1.meta" <<-EOF
	[fixture-1]
	date=2024-01-01T00:00:00Z
	host=fixture
	cpu_model=Fixture CPU @ 2.0GHz
	cpus_online=2
	kernel=Linux 6.1.0 x86_64
	compiler=12.2.0
	command=bin/bench --workload primes
	argv=bin/bench
	argv=--workload
	argv=primes

	EOF
	# workload mode workers tasks size wall [column=value | share=GIL wait share]
	awk -v header="$(head -1 "$1")" '
	BEGIN { nc = split(header, cols, ","); split("1.00 1.01 0.99 1.005 0.995", jit, " ")
		# the kind bin/bench writes for each workload
		split("native=native sleep=io http=io convoy=convoy empty=cost pingpong=cost payload=cost race=race race-mutex=race race-atomic=race", kl, " ")
		for (i in kl) { split(kl[i], kv, "="); kinds[kv[1]] = kv[2] } }
	NF >= 6 && $1 !~ /^#/ {
		for (r = 1; r <= 5; r++) {
			delete v
			v["run_id"] = "fixture-1"; v["timestamp"] = "2024-01-01T00:00:00.000Z"
			v["host"] = "fixture"; v["cpus"] = 2; v["workload"] = $1; v["mode"] = $2
			v["workers"] = $3; v["tasks"] = $4; v["size"] = $5; v["rep"] = r
			v["wall_s"] = $6 * jit[r]; v["startup_s"] = 0.001; v["user_s"] = $6 * $3
			v["sys_s"] = 0; v["max_rss_kb"] = 10000; v["vol_cs"] = 0; v["invol_cs"] = 0
			v["result"] = 1; v["verified"] = "true"; v["expected"] = 1; v["errors"] = 0
			v["seed"] = 1; v["kind"] = ($1 in kinds) ? kinds[$1] : "cpu"
			for (i = 7; i <= NF; i++) {
				split($i, kv, "=")
				if (kv[1] == "share") v["gil_wait_s"] = v["wall_s"] * $3 * kv[2]
				else v[kv[1]] = kv[2]
			}
			if (v["metric"] != "") v["metric"] = v["metric"] * (r % 2 ? 1.001 : 0.999)
			line = ""
			for (c = 1; c <= nc; c++) line = line (c > 1 ? "," : "") v[cols[c]]
			print line
		}
	}' >>"$1" <<-'EOF'
	primes seq 1 32 10000 0.100
	primes threads 1 32 10000 0.100
	primes threads 2 32 10000 0.051
	primes threads 4 32 10000 0.052
	primes fork 1 32 10000 0.101 startup_s=0.002 max_rss_kb=14000
	primes fork 2 32 10000 0.052 startup_s=0.003 max_rss_kb=18000
	primes fork 4 32 10000 0.053 startup_s=0.005 max_rss_kb=26000
	primes gil 1 32 10000 0.100 switch_interval_ms=5 share=0
	primes gil 2 32 10000 0.101 switch_interval_ms=5 share=0.49
	primes gil 4 32 10000 0.102 switch_interval_ms=5 share=0.74
	primes gil-legacy 2 32 10000 0.200 switch_interval_ms=5 share=0.6
	primes async 2 32 10000 0.100
	primes mpi 2 32 10000 0.060 startup_s=0.3
	primes py-seq 1 32 10000 5.0
	primes py-threads 2 32 10000 5.2
	native seq 1 8 1000 0.100
	native gil 2 8 1000 0.052 switch_interval_ms=5 share=0.02
	sleep seq 1 32 0 0.330 latency_ms=10
	sleep threads 4 32 0 0.083 latency_ms=10
	sleep threads 64 32 0 0.0104 latency_ms=10
	sleep gil 64 32 0 0.0106 latency_ms=10 switch_interval_ms=5 share=0.01
	sleep async 64 32 0 0.0102 latency_ms=10
	http threads 256 256 0 0.025 latency_ms=20 user_s=0.05 max_rss_kb=30000 start_rss_kb=8000
	http async 256 256 0 0.022 latency_ms=20 user_s=0.01 max_rss_kb=12000 start_rss_kb=8000
	http threads 1024 1024 0 0.060 latency_ms=20 user_s=0.2 max_rss_kb=60000 start_rss_kb=8000
	http async 1024 1024 0 0.070 latency_ms=20 user_s=0.04 max_rss_kb=20000 start_rss_kb=8000
	convoy gil 1 1 0 0.2 metric_name=round_trips_per_s metric=20000 switch_interval_ms=5
	convoy gil 2 2 0 0.2 metric_name=round_trips_per_s metric=1200 switch_interval_ms=5
	convoy gil 3 3 0 0.2 metric_name=round_trips_per_s metric=90 switch_interval_ms=5
	convoy gil 2 2 0 0.2 metric_name=round_trips_per_s metric=6000 switch_interval_ms=1
	convoy threads 1 1 0 0.2 metric_name=round_trips_per_s metric=21000
	convoy threads 2 2 0 0.2 metric_name=round_trips_per_s metric=20500
	convoy threads 3 3 0 0.2 metric_name=round_trips_per_s metric=15000
	convoy fork 1 1 0 0.2 metric_name=round_trips_per_s metric=20000
	convoy fork 2 2 0 0.2 metric_name=round_trips_per_s metric=19800
	empty threads 4 1000 1 0.002 startup_s=0.0004 max_rss_kb=10000
	empty fork 4 1000 1 0.004 startup_s=0.004 max_rss_kb=40000
	empty spawn 4 1000 1 0.004 startup_s=0.02 max_rss_kb=60000
	empty threads 16 1000 1 0.002 startup_s=0.0016 max_rss_kb=12000
	empty fork 16 1000 1 0.004 startup_s=0.016 max_rss_kb=90000
	payload threads 2 8 1024 0.0001
	payload fork 2 8 1024 0.0002
	payload fork-shm 2 8 1024 0.0001
	payload threads 2 8 67108864 0.002
	payload fork 2 8 67108864 0.5
	payload fork-shm 2 8 67108864 0.004
	primes seq 1 1 1 0.000005 startup_s=0
	primes seq 1 10 1 0.00005 startup_s=0
	primes seq 1 100 1 0.0005 startup_s=0
	primes seq 1 1000 1 0.005 startup_s=0
	primes fork 2 1 1 0.0002 startup_s=0.002
	primes fork 2 10 1 0.000225 startup_s=0.002
	primes fork 2 100 1 0.00045 startup_s=0.002
	primes fork 2 1000 1 0.0027 startup_s=0.002
	EOF
	# One failed repetition: kept out of the figures, listed as failed.
	tail -1 "$1" | awk -F, -v OFS=, -v header="$(head -1 "$1")" '
		BEGIN { nc = split(header, cols, ",") }
		{ for (c = 1; c <= nc; c++) {
			if (cols[c] == "verified") $c = "false"
			if (cols[c] == "error") $c = "task 3: wrong answer"
			if (cols[c] == "wall_s") $c = "0.0000001" }
		  print }' >>"$1"
}

# claim_row ID: the verdict table's row of claim ID in run/REPORT.md.
claim_row() {
	grep -E "^\| (<a id=\"claim-$1\"></a>)?\*\*$1\*\* " run/REPORT.md
}

# expect_verdict ID VERDICT [TEXT]: the row says **VERDICT** (and TEXT).
expect_verdict() {
	local row
	row=$(claim_row "$1")
	echo "$row" | grep -q -- "\*\*$2\*\*" || fail "$1 is not $2: $row"
	[ -z "${3:-}" ] || echo "$row" | grep -q -- "$3" || fail "$1 lacks '$3': $row"
}

test_summarize_writes_one_line_per_cell() {
	mkdir run
	run "$BENCH" --workload sumsq --tasks 4 --size 100000 --mode seq,threads,fork \
		--workers 1,2 --repeat 3 --warmup 0 --csv run/bench.csv --quiet
	expect_status 0
	run "$BENCH" summarize run
	expect_status 0
	expect_out "summary: run/summary.csv \(5 cells from 15 rows, 0 failed"
	head -1 run/summary.csv | grep -q '^workload,kind,mode,workers,tasks,size,.*,n,failed,median_s,min_s,max_s,mad_s,cv,noisy,outliers,speedup,speedup_lo,speedup_hi,efficiency,cpu_per_wall,startup_s,speedup_startup' \
		|| fail "summary header: $(head -1 run/summary.csv)"
	expect_eq cells "$(($(wc -l <run/summary.csv) - 1))" 5
	expect_eq "seq speedup" "$(awk -F, '$3 == "seq" { print $18 }' run/summary.csv)" 1
	expect_eq "n of every cell" "$(csv_col run/summary.csv n | sort -u)" 3
	# A CSV path works too, and writes next to it.
	cp run/bench.csv other.csv
	run "$BENCH" summarize other.csv
	expect_status 0
	[ -s summary.csv ] || fail "no summary.csv next to other.csv"
}

test_malformed_csv_names_file_and_line() {
	fixture_csv good.csv
	# line 3: a time that is not a number
	awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "wall_s") w = i }
		NR == 3 { $w = "fast" } { print }' good.csv >bad.csv
	run "$BENCH" summarize bad.csv
	expect_status 2
	expect_err "^bench: bad.csv:3: column 'wall_s': 'fast' is not a number"
	expect_eq lines "$(echo "$ERR" | wc -l)" 1
	[ ! -e summary.csv ] || fail "a summary was written from a bad CSV"
	# line 4: cut short
	{ head -3 good.csv; sed -n 4p good.csv | cut -d, -f1-5; } >cut.csv
	run "$BENCH" summarize cut.csv
	expect_status 2
	expect_err "^bench: cut.csv:4: 5 fields, the header has"
	# an unterminated quote on line 2
	{ head -1 good.csv; printf '"primes,seq\n'; } >quote.csv
	run "$BENCH" report quote.csv
	expect_status 2
	expect_err "quote.csv:2: malformed quoting"
	# not a bench CSV at all
	printf 'a,b\n1,2\n' >other.csv
	run "$BENCH" summarize other.csv
	expect_status 2
	expect_err "other.csv:1: the header lacks column 'workload'"
	# no such run
	run "$BENCH" summarize nowhere
	expect_status 2
	expect_err "summarize: 'nowhere' does not exist"
	mkdir empty
	run "$BENCH" report empty
	expect_status 2
	expect_err "folder 'empty' holds no bench.csv"
	run "$BENCH" report
	expect_status 2
	expect_err "usage: bench report RUN"
}

test_report_has_every_claim_and_a_verdict() {
	mkdir run
	fixture_csv run/bench.csv
	run "$BENCH" report run
	expect_status 0
	for f in REPORT.md REPORT.html summary.csv; do
		[ -s "run/$f" ] || fail "no run/$f"
	done
	for i in $(seq 1 16); do
		[ -n "$(claim_row C$i)" ] || fail "REPORT.md has no row for C$i"
		grep -q "<tr id=\"claim-C$i\">" run/REPORT.html || fail "REPORT.html has no row for C$i"
	done
	# The fixture is built so these verdicts follow from its numbers.
	expect_verdict C1 reproduced
	expect_verdict C2 reproduced
	expect_verdict C6 reproduced "crossover at 1000 tasks"
	expect_verdict C7 "not measured"
	expect_verdict C14 reproduced
	expect_verdict C15 contradicted "physical limit"
	expect_verdict C16 "not measured" "one machine"
	# The machine comes from the sidecar; the failed row is listed.
	grep -q "Fixture CPU @ 2.0GHz" run/REPORT.md || fail "no CPU model"
	grep -q "task 3: wrong answer" run/REPORT.md || fail "the failed row is not listed"
	grep -q "(1 failed" run/REPORT.md || fail "the failed count is missing"
	# The same verdicts on stdout.
	expect_out "^  C15  contradicted"
	# The verdicts as data: one line per claim, RFC 4180.
	[ -s run/verdicts.csv ] || fail "no run/verdicts.csv"
	expect_eq "verdicts.csv header" "$(head -1 run/verdicts.csv)" \
		"id,verdict,figure,interval,reason,repetitions,busy,finding"
	expect_eq "verdicts.csv lines" "$(grep -c '^C[0-9]' run/verdicts.csv)" 16
	grep -q '^C15,contradicted,' run/verdicts.csv || fail "C15 in verdicts.csv: $(grep ^C15 run/verdicts.csv)"
	# A run made by hand has no suite log.
	grep -q "No suite log in this folder" run/REPORT.md || fail "no word on the missing suite log"
}

# The fidelity section reads compare.py's fidelity.csv when the run has
# one, and says "not measured" (and why) when it has none.
test_report_fidelity_table_or_not_measured() {
	mkdir run
	fixture_csv run/bench.csv
	run "$BENCH" report run
	expect_status 0
	expect_out "^fidelity: not measured: no fidelity.csv"
	grep -q "^not measured: this run has no fidelity.csv" run/REPORT.md ||
		fail "no 'not measured' in the fidelity section"
	h=python,version,gil,sim_mode,figure,real,real_lo,real_hi,sim,sim_lo
	h=$h,sim_hi,ratio,ratio_lo,ratio_hi,diff,diff_lo,diff_hi,target,met,note
	{
		echo "$h"
		echo "python3,3.11.7,yes,gil,primes 2-thread speedup,1.02,0.93,1.15,0.98,0.97,0.99,,,,-0.04,-0.01,-0.03,|sim - real| <= 0.05,yes,"
		echo "python3,3.11.7,yes,gil,convoy 5 ms K=1 round trips/s,383,370,432,18540,18000,19000,48.4,40,50,,,,ratio within 1.3x,no,"
		echo "python3,3.11.7,yes,gil,primes 2-process speedup,1.87,1.58,2.11,,,,,,,,,,-,-,CPython only"
	} >run/fidelity.csv
	run "$BENCH" report run
	expect_status 0
	expect_out "^fidelity .*: 1 figures met their target, 1 did not, 0 inconclusive"
	grep -q '^| python3 3.11.7 (GIL) vs `gil` | primes 2-thread speedup | 1.02 \[0.93, 1.15\] | 0.98 \[0.97, 0.99\] | difference -0.04 .* | yes |$' run/REPORT.md ||
		fail "no speedup row in the fidelity table"
	grep -q "| 18540 \[18000, 19000\] | ratio 48.4 \[40, 50\] | ratio within 1.3x | no |" run/REPORT.md ||
		fail "no rate row (whole numbers) in the fidelity table"
	grep -q "primes 2-process speedup" run/REPORT.md &&
		fail "a CPython-only figure has no model to compare: not in the table"
	grep -q 'id="fidelity"' run/REPORT.html || fail "no fidelity section in REPORT.html"
	# A file that is not compare.py's is named as such, not read.
	echo "a,b" >run/fidelity.csv
	run "$BENCH" report run
	expect_status 0
	grep -q "fidelity.csv could not be read: .*fidelity.csv:1: the header lacks column 'python'" run/REPORT.md ||
		fail "a foreign fidelity.csv was not named"
}

# fixture_traces RUN: short traced scenes (scripts/trace.sh, as the
# default suite runs them) for the timeline, latency and policy charts.
# The two threads' timeline is taken again (three times at most) while it
# shows fewer than 2 hand-offs: on a loaded machine (CI's, beside its own
# 4,096-thread cells) one thread may get no CPU until the other is done,
# and a timeline of one thread has no gap to compare.
fixture_traces() {
	local try
	for try in 1 2 3; do
		"$ROOT/scripts/trace.sh" "$1/bench.csv" timeline-1-gil --workload sumsq --mode gil \
			--workers 2 --tasks 2 --size 40000000 --switch-interval 1 --repeat 1 \
			--warmup 0 -q || fail "the traced scenes failed"
		"$BENCH" trace "$1/traces/timeline-1-gil.csv" |
			grep -qE 'handoffs=([2-9]|[1-9][0-9]+) ' && break
	done
	"$ROOT/scripts/trace.sh" "$1/bench.csv" latency-a --workload ccbench --mode gil,threads \
		--workers 1,2 --size 20 --repeat 1 --warmup 0 -q &&
	"$ROOT/scripts/trace.sh" "$1/bench.csv" policy-a --workload convoy --mode gil,threads \
		--workers 1,2 --size 20 --repeat 1 --warmup 0 -q &&
	"$ROOT/scripts/trace.sh" "$1/bench.csv" policy-b --workload convoy --mode gil \
		--gil-policy io-priority --workers 1,2 --size 20 --repeat 1 --warmup 0 -q ||
		fail "the traced scenes failed"
}

# The lock's section is one entry of the report's contents: "not
# measured" (and how to get it) without traced scenes; with them, each
# chart a figure with its caption and its legend in text, the latency
# table and the policies' table, the charts as large as the others.
test_report_lock_section_from_traces_or_not_measured() {
	mkdir run
	fixture_csv run/bench.csv
	run "$BENCH" report run
	expect_status 0
	grep -q '^[0-9]*\. \[The lock, seen from inside\](#lock)$' run/REPORT.md ||
		fail "the lock's section is not in the contents"
	grep -q "^not measured: this run traced no scene" run/REPORT.md ||
		fail "no 'not measured' in the lock's section"
	fixture_traces run
	"$ROOT/scripts/plots.sh" run >/dev/null 2>&1
	run "$BENCH" report run
	expect_status 0
	grep -q "traced no scene" run/REPORT.md && fail "'not measured' beside the traced scenes"
	grep -q "^### Latency: how long a waking thread waits for the GIL$" run/REPORT.md ||
		fail "no latency part"
	grep -q "^| gil | cpython | 1 | " run/REPORT.md || fail "no latency row for gil beside one CPU thread"
	grep -q "^| io-priority | " run/REPORT.md || fail "no io-priority row in the policies' table"
	command -v gnuplot >/dev/null || return 0
	for name in timeline-1-gil latency-cdf-1cpu gil-policies; do
		grep -q "<figure id=\"chart-$name\">" run/REPORT.html || fail "no figure for $name"
		svg=run/plots/$name.svg
		small=$(grep -o 'font-size="[0-9.]*"' "$svg" | tr -dc '0-9.\n' | awk '$1 < 20' | head -1)
		[ -z "$small" ] || fail "$svg has text of $small px"
	done
	# Each figure's legend in text: the timeline's states, the CDF's modes.
	grep -q "■ holds the GIL, ■ waits for it" run/REPORT.md || fail "no timeline legend"
	grep -q "● threads (no GIL), ◆ gil (CPython's)" run/REPORT.md ||
		fail "no CDF legend in gil's look: $(grep -n 'gil (CPython' run/REPORT.md)"
	# The policies in gil's colour, the others hatched.
	grep -q '^color_2 = "#CC79A7"' run/plots/gil-policies.vars.gp || fail "cpython's bar is not gil's pink"
	grep -q '^variant_3 = 1' run/plots/gil-policies.vars.gp || fail "io-priority's bar is not a variant"
}

test_gnuplot_runs_on_every_script() {
	command -v gnuplot >/dev/null || skip "gnuplot is not installed (scripts/deps.sh plot)"
	mkdir run
	fixture_csv run/bench.csv
	fixture_traces run
	run "$ROOT/scripts/plots.sh" run
	expect_status 0
	expect_out "charts drawn in run/plots/"
	[ -z "$(echo "$ERR" | grep -iv '^$')" ] || fail "gnuplot complained: $ERR"
	for gp in "$ROOT"/plots/*.gp; do
		script=$(basename "$gp")
		case "$script" in common.gp|svg.gp) continue ;; esac
		used=$(grep -l "^script = \"$script\"" run/plots/*.vars.gp | head -1)
		[ -n "$used" ] || fail "no chart of the fixture uses $script"
		name=$(basename "$used" .vars.gp)
		[ -s "run/plots/$name.png" ] || fail "$script drew no run/plots/$name.png"
		grep -q "<svg" "run/plots/$name.svg" || fail "$script drew no SVG"
	done
	# The report embeds them, so the HTML opens offline.
	run "$BENCH" report run
	expect_status 0
	grep -q 'src="data:image/svg+xml;base64,' run/REPORT.html || fail "no embedded chart"
	grep -q '](plots/speedup-primes.png)' run/REPORT.md || fail "no chart in REPORT.md"
}

test_without_gnuplot_the_report_says_how_to_get_it() {
	mkdir run bin
	fixture_csv run/bench.csv
	# A PATH with the tools the scripts need but no gnuplot.
	for t in sh bash sed rm mkdir cp dirname basename cat; do
		ln -s "$(command -v $t)" "bin/$t"
	done
	PATH=$PWD/bin run "$ROOT/scripts/plots.sh" run
	expect_status 0
	expect_err "gnuplot is not installed.*scripts/deps.sh plot"
	run "$BENCH" report run
	expect_status 0
	grep -q "Charts not drawn: gnuplot is not installed" run/REPORT.md || fail "no hint in the report"
	[ -s run/plots/speedup-primes.dat ] || fail "the charts' data was not written"
}

test_bench_script_runs_a_suite_end_to_end() {
	cat >tiny.suite <<-'EOF'
	# a suite line per case: runs, skipped workload, skipped mode, a failure
	sumsq   seq,threads,fork,nosuchmode  1,cores  4  100000  2+0  1
	nosuch  seq                          1        4  -       2+0  1
	primes  seq,threads                  2        4,8  1000  2+0  1
	sumsq   threads                      2        4  100000  1+0  1  --fault crash:1
	EOF
	RESULTS_DIR=$PWD/results REPORT_DIR=$PWD/report run "$ROOT/scripts/bench.sh" --no-browser-check --suite tiny.suite --budget 0
	# The injected fault fails one run: the report is made, the status is 1.
	expect_status 1
	expect_err "skipped: workloads nosuch"
	expect_err "skipped: modes nosuchmode"
	expect_err "\[1/3\] sumsq .*about [0-9]+ s left"
	expect_err "some suite lines failed or did not run"
	expect_err "the suite took [0-9]+ s"
	expect_err "bench: phases: suite [0-9]+s \(3 invocations\), adaptive 0s \(off \(BUDGET=0\)\), report [0-9]+s"
	# The tests that run the suite leave Chromium out, and it says so.
	expect_err "report: browser check skipped \(--no-browser-check or GB_BROWSER_CHECK=0\)"
	# The line that failed is listed with its status and stderr line.
	[ -s results/latest/notrun.csv ] || fail "no notrun.csv"
	grep -q '^5,1,"sumsq","cpu","threads","bin/bench --workload sumsq' results/latest/notrun.csv \
		|| fail "notrun.csv: $(cat results/latest/notrun.csv)"
	grep -q "^## .*Did not run" report/REPORT.md || fail "no Did not run section"
	grep -E '^\| 5 \| 1 \(a run failed\) \|.*injected fault' report/REPORT.md >/dev/null \
		|| fail "the failed line is not listed: $(grep -A6 '^## .*Did not run' report/REPORT.md)"
	[ -s results/latest/verdicts.csv ] || fail "no verdicts.csv"
	[ -s results/latest/phases.csv ] || fail "no phases.csv"
	[ -L results/latest ] || fail "results/latest is not a link"
	for f in bench.csv bench.csv.meta summary.csv REPORT.md REPORT.html tables.txt; do
		[ -s "results/latest/$f" ] || fail "no results/latest/$f"
	done
	[ -s report/REPORT.md ] && [ -s report/REPORT.html ] || fail "report/ not written"
	# Two task counts of the primes line: two invocations.
	expect_eq "primes task counts" "$(awk -F, '$5 == "primes" { print $8 }' results/latest/bench.csv | sort -u | paste -sd, -)" "4,8"
	grep -q "injected fault" report/REPORT.md || fail "the failed run is not in the report"
	no_children_left
}

test_bench_time_left_survives_a_failed_line() {
	# The first line fails at once (a usage error) though estimated at
	# 50 s: the time left must still count the 10 s of the other lines,
	# not drop to zero; and each line says its options.
	cat >fail-first.suite <<-'EOF'
	sumsq   seq  1  4  100000  1+0  50  --no-such-option
	sumsq   seq  1  4  100000  1+0  5   --seed 7
	sumsq   seq  1  4  100000  1+0  5
	EOF
	RESULTS_DIR=$PWD/results REPORT_DIR=$PWD/report run "$ROOT/scripts/bench.sh" --no-browser-check --suite fail-first.suite
	expect_status 1
	expect_err "\[2/3\] sumsq \(seq\), workers 1, --seed 7: .* about 10 s left"
}

test_c16_counts_machines_from_the_hosts_column() {
	mkdir run
	fixture_csv run/bench.csv
	run "$BENCH" report run
	expect_status 0
	expect_out "C16 +not measured +not measured: one machine"
	# The same mpi rows, now on 2 machines with 8 worker ranks and a
	# speedup (5x) beyond this machine's 2 cores.
	awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
		{ print } $c["mode"] == "mpi" { $c["hosts"] = 2; $c["workers"] = 8; $c["wall_s"] = 0.02; print }' \
		run/bench.csv > run/b2.csv && mv run/b2.csv run/bench.csv
	run "$BENCH" report run
	expect_status 0
	expect_out "C16 +reproduced"
}

# The charts a classroom reads: every mode one colour and one point shape
# across all charts of a run (from the variables bin/bench writes for
# gnuplot), two modes never the same colour, text of at least 20 px on
# the 1280 px images, and every chart naming the claims it supports.
test_charts_give_each_mode_one_look_and_large_text() {
	command -v gnuplot >/dev/null || skip "gnuplot is not installed (scripts/deps.sh plot)"
	mkdir run
	fixture_csv run/bench.csv
	run "$ROOT/scripts/plots.sh" run
	expect_status 0
	# mode colour point, one line per series of every chart.
	awk -F' = ' '/^mode_[0-9]+ = / { split($1, k, "_"); m[FILENAME, k[2]] = $2 }
		/^color_[0-9]+ = / { split($1, k, "_"); c[FILENAME, k[2]] = $2 }
		/^point_[0-9]+ = / { split($1, k, "_"); p[FILENAME, k[2]] = $2 }
		END { for (i in m) print m[i], c[i], p[i] }' run/plots/*.vars.gp | tr -d '"' | sort -u >looks.txt
	[ -s looks.txt ] || fail "no series in run/plots/*.vars.gp"
	expect_eq "modes with more than one look" \
		"$(awk '{ print $1 }' looks.txt | uniq -d | paste -sd, -)" ""
	expect_eq "colours shared by two modes" \
		"$(awk '{ print $2 }' looks.txt | sort | uniq -d | paste -sd, -)" ""
	grep -q '^gil #CC79A7 13$' looks.txt || fail "gil is not a pink diamond: $(grep '^gil ' looks.txt)"
	# Charts with several modes in them, so the test means something.
	[ "$(wc -l <looks.txt)" -ge 6 ] || fail "only $(wc -l <looks.txt) modes charted"
	for svg in run/plots/*.svg; do
		small=$(grep -o 'font-size="[0-9.]*"' "$svg" | tr -dc '0-9.\n' |
			awk '$1 < 20' | head -1)
		[ -z "$small" ] || fail "$svg has text of $small px"
	done
	for png in run/plots/*.png; do
		# The PNG's width, bytes 17-20 of its IHDR chunk.
		w=$(od -An -tu1 -j16 -N4 "$png" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
		expect_eq "width of $png" "$w" 1280
	done
	run "$BENCH" report run
	expect_status 0
	for vars in run/plots/*.vars.gp; do
		name=$(basename "$vars" .vars.gp)
		grep -q "<figure id=\"chart-$name\">" run/REPORT.html || fail "no figure for $name"
		claims=$(sed -n 's/^claims = "\(.*\)"$/\1/p' "$vars")
		[ -n "$claims" ] || fail "$name names no claim"
		for c in $claims; do
			grep -q "<tr id=\"claim-$c\">" run/REPORT.html || fail "$name supports unknown claim $c"
		done
	done
	# The verdicts link to their charts, the charts back to the verdicts.
	grep -q 'href="#ev-C1"' run/REPORT.html || fail "C1's verdict does not link to its chart"
	grep -q 'Supports <a href="#claim-C1">C1</a>' run/REPORT.html || fail "no chart links back to C1"
}

# The report in a real browser, as a class opens it: a phone (390 px), a
# projector (1024 px), a laptop (1400 px). The check must pass on the
# report and fail on a page made too wide, a blank chart and a verdict
# pushed off the screen.
test_report_in_a_browser_at_phone_projector_and_laptop_widths() {
	command -v python3 >/dev/null || skip "python3 is not installed (scripts/deps.sh browser)"
	command -v chromium >/dev/null || command -v chromium-browser >/dev/null ||
		skip "chromium is not installed (scripts/deps.sh browser)"
	command -v gnuplot >/dev/null || skip "gnuplot is not installed (scripts/deps.sh plot)"
	mkdir run
	fixture_csv run/bench.csv
	# The lock's section too: its timelines, CDFs and policy chart.
	fixture_traces run
	# Through scripts/report.sh (make report, make bench), which runs the
	# check unless told not to.
	REPORT_DIR=$PWD/rep run "$ROOT/scripts/report.sh" run
	expect_status 0
	grep -q '<figure id="chart-timeline-1-gil">' run/REPORT.html || fail "no timeline in the page"
	expect_out "at 390, 1024, 1400 px: never wider than the screen, [0-9]+ charts drawn, 16 verdicts"
	for w in 390 1024 1400; do
		for f in "run/screenshots/REPORT-$w.png" "run/screenshots/REPORT-$w-full.png"; do
			[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '211PNG' ] || fail "no screenshot $f"
			width=$(od -An -tu1 -j16 -N4 "$f" | awk '{ print $1 * 16777216 + $2 * 65536 + $3 * 256 + $4 }')
			expect_eq "width of $f" "$width" "$w"
		done
	done
	# Break the page three ways; each must be caught.
	cp -r run wide
	sed -i 's#<h1>#<div style="width:1600px">wide</div><h1>#' wide/REPORT.html
	run python3 "$ROOT/scripts/browser-check.py" wide 1024
	expect_status 1
	expect_err "1024 px: FAIL: the page is 16[0-9][0-9] px wide"
	cp -r run blank
	# A white picture in place of the first chart.
	white=$(printf '<svg xmlns="http://www.w3.org/2000/svg" width="1280" height="900"><rect width="1280" height="900" fill="white"/></svg>' | base64 -w0)
	awk -v w="$white" '!done && /<img alt="Chart/ { sub(/base64,[^"]*"/, "base64," w "\""); done = 1 } { print }' \
		run/REPORT.html >blank/REPORT.html
	run python3 "$ROOT/scripts/browser-check.py" blank 1400
	expect_status 1
	expect_err "1400 px: FAIL: charts chart-[a-z0-9-]+ blank"
	cp -r run off
	sed -i 's#</style>#td.verdict{position:relative;left:2000px}</style>#' off/REPORT.html
	run python3 "$ROOT/scripts/browser-check.py" off 390
	expect_status 1
	expect_err "390 px: FAIL: .*verdicts outside the first screen width: claim-C1"
	no_children_left
}

# summarize and report write summary.csv and REPORT.* next to their input:
# a raw CSV of one of those names used to be replaced by its own summary.
test_summarize_and_report_refuse_to_overwrite_their_input() {
	"$BENCH" --workload sumsq --tasks 2 --size 100 --repeat 3 --warmup 0 -q \
		--csv summary.csv || fail "cannot make the CSV"
	cp summary.csv raw.copy
	run "$BENCH" summarize summary.csv
	expect_status 2
	expect_err "summarize: 'summary.csv' is also where summarize writes summary.csv"
	cmp -s summary.csv raw.copy || fail "the input was changed"
	for name in REPORT.md REPORT.html; do
		cp raw.copy "$name"
		run "$BENCH" report "$name"
		expect_status 2
		expect_err "report: '$name' is also where report writes $name"
		cmp -s "$name" raw.copy || fail "$name was changed"
		rm -f "$name"
	done
	# The same file by another name (a hard link) is the same file.
	mkdir d
	cp raw.copy d/bench.csv
	ln d/bench.csv d/summary.csv
	run "$BENCH" summarize d
	expect_status 2
	cmp -s d/bench.csv raw.copy || fail "the linked input was changed"
	# A summary given as the input is not a raw CSV, and says so.
	mkdir e
	cp raw.copy e/bench.csv
	run "$BENCH" summarize e
	expect_status 0
	run "$BENCH" summarize e/summary.csv
	expect_status 2
	expect_err "e/summary.csv:1: this is a summary.csv \(one line per cell\), not the raw CSV"
	# Nor is a device: /dev/zero would have made /dev/summary.csv.
	run "$BENCH" summarize /dev/zero
	expect_status 2
	expect_err "summarize: '/dev/zero' is not a regular file"
}

# REPORT.md and REPORT.html used to be rewritten in place: a file size
# limit (or a full disk, or a SIGTERM) left a few KiB and no old report.
# They are written beside, fsynced and renamed, both or neither.
test_report_past_a_file_size_limit_keeps_the_old_one() {
	mkdir run
	fixture_csv run/bench.csv
	run "$BENCH" report run
	expect_status 0
	cp run/REPORT.md old.md
	cp run/REPORT.html old.html
	# 12 KiB: summary.csv and the charts' data fit, the report does not.
	( ulimit -f 12; "$BENCH" report run >out 2>err; echo $? >status )
	expect_eq status "$(cat status)" 1
	grep -q "cannot write run/REPORT.md or REPORT.html: File too large" err \
		|| fail "no clear message: $(cat err)"
	cmp -s run/REPORT.md old.md || fail "REPORT.md was damaged ($(wc -c < run/REPORT.md) bytes)"
	cmp -s run/REPORT.html old.html || fail "REPORT.html was damaged"
	[ -z "$(ls run | grep -v -xE 'bench.csv|bench.csv.meta|summary.csv|REPORT.md|REPORT.html|verdicts.csv|plots')" ] \
		|| fail "left behind: $(ls run)"
}

# On a full disk the old report stays too, and the error is "No space left
# on device", not "Input/output error". A tiny tmpfs in a mount namespace
# of its own plays the full disk.
test_report_on_a_full_disk_keeps_the_old_one() {
	local ns
	if [ "$(id -u)" -eq 0 ] && unshare -m true 2>/dev/null; then ns="unshare -m"
	elif unshare -Urm true 2>/dev/null; then ns="unshare -Urm"
	else skip "cannot make a mount namespace for a small tmpfs"; fi
	mkdir run disk
	fixture_csv run/bench.csv
	# shellcheck disable=SC2086
	$ns bash -c '
		mount -t tmpfs -o size=1m tmpfs disk || exit 99
		cp -r run disk/ && "$1" summarize disk/run >/dev/null || exit 98
		echo "the old report" >disk/run/REPORT.md
		echo "the old report" >disk/run/REPORT.html
		dd if=/dev/zero of=disk/fill bs=4k 2>/dev/null
		truncate -s -32K disk/fill
		"$1" report disk/run >out 2>err
		echo $? >status
		cp disk/run/REPORT.md disk/run/REPORT.html .
		ls disk/run >left
		umount disk' _ "$BENCH"
	[ -f status ] || skip "mounting a tmpfs failed here"
	expect_eq status "$(cat status)" 1
	grep -q "No space left on device" err || fail "no clear message: $(cat err)"
	expect_eq "REPORT.md" "$(cat REPORT.md)" "the old report"
	expect_eq "REPORT.html" "$(cat REPORT.html)" "the old report"
	! grep -q part left || fail "a temporary file was left: $(cat left)"
}

# A header-only CSV has no cells: summary_finish called qsort(NULL, 0, ...),
# which UBSan reports (make test SAN=address,undefined).
test_summarize_a_header_only_csv() {
	"$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 --csv r.csv -q
	mkdir run
	head -1 r.csv > run/bench.csv
	run "$BENCH" report run
	expect_status 0
	! echo "$ERR" | grep -q "runtime error" || fail "UBSan: $ERR"
	run "$BENCH" summarize run
	expect_out "0 cells from 0 rows"
	expect_eq "summary lines" "$(wc -l < run/summary.csv)" 1
}

# summary.csv wrote workload, mode and metric names unquoted, and the
# loader took impossible values (cpus = 1e300 made the report say "0
# cores"). Names are quoted as in the raw CSV; values are range-checked,
# with FILE:LINE.
test_summary_quotes_names_and_the_loader_checks_ranges() {
	fixture_csv good.csv
	mkdir run
	awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
		NR <= 6 { $c["workload"] = "\"pri,mes\""; $c["metric_name"] = "\"a \"\"b\"\", c\""; print }' \
		good.csv > run/bench.csv
	run "$BENCH" summarize run
	expect_status 0
	grep -q '^"pri,mes",cpu,seq,1,' run/summary.csv || fail "the name is not quoted: $(sed -n 2p run/summary.csv)"
	grep -q ',"a ""b"", c",' run/summary.csv || fail "the metric name is not quoted: $(sed -n 2p run/summary.csv)"
	local c
	for c in "cpus=1e300|column 'cpus': '1e300' is out of range" \
		 "tasks=18446744073709551615|column 'tasks': '18446744073709551615' is out of range" \
		 "startup_s=-0.5|column 'startup_s': '-0.5' is out of range" \
		 "user_s=1e308|column 'user_s': '1e308' is out of range" \
		 "cpus=2.5|column 'cpus': '2.5' is out of range \\(expected a whole number, 1 to 1048576\\)" \
		 "wall_s=0x1p-3|column 'wall_s': '0x1p-3' is not a number"; do
		awk -F, -v OFS=, -v col="${c%%=*}" -v val="$(echo "${c%%|*}" | cut -d= -f2)" '
			NR == 1 { for (i = 1; i <= NF; i++) if ($i == col) k = i; print; next }
			NR == 4 { $k = val } { print }' good.csv > bad.csv
		run "$BENCH" summarize bad.csv
		expect_status 2
		expect_err "^bench: bad.csv:4: ${c#*|}"
	done
}

# The raw CSV is bounded like the URL file: a line without end used to
# grow memory by 170 MB/s; a NUL byte silently cut a field.
test_raw_csv_is_bounded_and_a_nul_byte_is_refused() {
	fixture_csv good.csv
	{ head -3 good.csv; head -c 2000000 /dev/zero | tr '\0' 1; } > long.csv
	run "$BENCH" summarize long.csv
	expect_status 2
	expect_err "^bench: long.csv:4: a line longer than 1024 KiB"
	{ head -2 good.csv; sed -n 3p good.csv | sed 's/,seq,/,s\x00q,/'; } > nul.csv
	run "$BENCH" summarize nul.csv
	expect_status 2
	expect_err "^bench: nul.csv:3: a NUL byte \(column [0-9]+\)"
	[ ! -e summary.csv ] || fail "a summary was written"
}

# Two make bench started at once used to share one results folder (6 of
# 12 tries) and sometimes wrote two header lines into its CSV, after
# which both failed. Every run gets a folder of its own, made atomically.
test_make_bench_twice_at_once_gets_two_folders() {
	echo 'sumsq seq 1 2 1000 1+0 1' > t.suite
	local round i d
	for round in 1 2 3 4 5; do
		rm -rf res
		for i in 1 2 3 4; do
			RESULTS_DIR=$PWD/res REPORT_DIR=$PWD/rep "$ROOT/scripts/bench.sh" \
				--no-browser-check --suite t.suite >out.$i 2>err.$i &
		done
		wait
		for i in 1 2 3 4; do
			grep -q "into $PWD/res/" err.$i || fail "round $round: run $i: $(cat err.$i)"
		done
		expect_eq "round $round: run folders" "$(ls res | grep -vx latest | wc -l)" 4
		expect_eq "round $round: distinct folders" \
			"$(grep -ho "into $PWD/res/[^ ]*" err.* | sort -u | wc -l)" 4
		for d in res/2*; do
			expect_eq "$d: headers" "$(grep -c '^run_id,' "$d/bench.csv")" 1
			expect_eq "$d: rows" "$(($(wc -l < "$d/bench.csv") - 1))" 1
			[ -s "$d/REPORT.md" ] || fail "$d: no report"
		done
		[ -L res/latest ] && [ -d res/latest ] || fail "round $round: res/latest is not a link to a run"
	done
	[ -s rep/REPORT.md ] || fail "no copied report"
}

# results/latest as a real folder: bench.sh used to make a link inside it
# pointing at itself and exit 0. It is refused before any work.
test_results_latest_as_a_real_folder_is_refused() {
	echo 'sumsq seq 1 2 1000 1+0 1' > t.suite
	mkdir -p res/latest
	echo keep > res/latest/mine.txt
	RESULTS_DIR=$PWD/res REPORT_DIR=$PWD/rep run "$ROOT/scripts/bench.sh" --no-browser-check --suite t.suite
	expect_status 2
	expect_err "res/latest is a real folder or file, not the link to the newest run"
	expect_eq "res/latest" "$(ls res/latest)" mine.txt
	expect_eq "run folders" "$(ls res | grep -vx latest | wc -l)" 0
}

test_plan_drops_a_mode_that_is_not_built() {
	# A copy of bin/bench with no bin/bench-mpi beside it: mpi is listed
	# but not built, and the suite line runs without it.
	mkdir bin
	cp "$BENCH" bin/bench
	cat >s.suite <<-'EOF'
	# comment
	primes  seq,fork@2xcores,mpi  1,cores  4  1000  2+0  3   # a trailing comment
	sleep   seq,threads   io       8  -     1    1   --latency-ms 1
	! 1 sh -c "echo '#not a comment'"
	! 1 no-such-program-here --x
	EOF
	run bin/bench plan --cores 3 s.suite
	expect_status 0
	expect_err "dropped from the suite: mode mpi is not built here"
	expect_err "not available here, skipped: no-such-program-here"
	expect_eq "plan lines" "$(echo "$OUT" | wc -l)" 3
	expect_eq "the primes line" "$(echo "$OUT" | sed -n 1p)" \
		"$(printf 'run\t2\t1.80\tprimes\tcpu\tseq,fork\t--workload primes --mode seq,fork@6 --workers 1,3 --repeat 2 --warmup 0 --tasks 4 --size 1000')"
	echo "$OUT" | sed -n 2p | grep -q -- '--workers 1,2,4,8,16,32,64 --repeat 1 --warmup 1 --tasks 8 --latency-ms 1$' \
		|| fail "the sleep line: $(echo "$OUT" | sed -n 2p)"
	echo "$OUT" | sed -n 3p | grep -q "echo '#not a comment'" || fail "the ! line: $(echo "$OUT" | sed -n 3p)"
	# A malformed line names the file and the line.
	printf 'primes seq 1 4\n' >bad.suite
	run bin/bench plan bad.suite
	expect_status 2
	expect_err "^bench: bad.suite:1: expected 'workload modes workers"
	printf 'primes seq 1,x 4 - 1 1\n' >bad.suite
	run bin/bench plan bad.suite
	expect_status 2
	expect_err "bad.suite:1: workers '1,x'"
}

test_a_line_that_cannot_run_is_listed_with_the_verdicts_it_fed() {
	cat >s.suite <<-'EOF'
	sumsq  seq,gil  2  4  100000  2+0  1
	sumsq  seq,gil  2  4  100000  2+0  1  --switch-interval -3
	EOF
	RESULTS_DIR=$PWD/results REPORT_DIR=$PWD/report run "$ROOT/scripts/bench.sh" --no-browser-check --suite s.suite --budget 0
	expect_status 1
	grep -q "^2,2,\"sumsq\",\"cpu\",\"seq,gil\"," results/latest/notrun.csv \
		|| fail "notrun.csv: $(cat results/latest/notrun.csv)"
	grep -E '^\| 2 \| 2 \(usage error\) \|.*switch-interval.*\| C1, C2, C12, C15, C16 \|' report/REPORT.md >/dev/null \
		|| fail "Did not run: $(grep -A5 '^## .*Did not run' report/REPORT.md)"
	grep -E '^\| (<a id="claim-C1"></a>)?\*\*C1\*\* .*suite line 2 \(exit 2\), which feeds this claim' report/REPORT.md >/dev/null \
		|| fail "C1 does not say so: $(grep '\*\*C1\*\* ' report/REPORT.md)"
	grep -q '^C1,.*suite line 2 (exit 2)' results/latest/verdicts.csv || fail "verdicts.csv: $(grep ^C1 results/latest/verdicts.csv)"
}

test_adapt_asks_for_the_cells_of_an_inconclusive_verdict() {
	mkdir run
	fixture_csv run/bench.csv
	# gil's paired speedup over seq on primes, 1.02 to 1.18 around 1.10:
	# C1 cannot tell. The run's command line keeps its other options.
	awk -F, -v OFS=, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; print; next }
		$c["mode"] == "gil" && $c["workers"] == 2 && $c["workload"] == "primes" {
			split("0.980 0.943 0.909 0.877 0.847", w, " ")
			$c["wall_s"] = 0.1 * w[$c["rep"]] / (($c["rep"] == 2) ? 1.01 : ($c["rep"] == 3) ? 0.99 : ($c["rep"] == 4) ? 1.005 : ($c["rep"] == 5) ? 0.995 : 1) }
		{ print }' run/bench.csv >run/b2.csv && mv run/b2.csv run/bench.csv
	# The invocation as the sidecar keeps it, an argument a line: a
	# value that looks like an option (the CSV's name) is still a value.
	{
		grep -v '^argv=' run/bench.csv.meta | sed '/^$/d'
		printf 'argv=%s\n' bin/bench --workload primes --mode seq,gil \
			--workers 1,2 --switch-interval 5 --csv --repeat --repeat 5
		echo
	} >m && mv m run/bench.csv.meta
	run "$BENCH" report run
	expect_status 0
	expect_out "^  C1   inconclusive +primes, gil at W=2"
	run "$BENCH" adapt run 60
	expect_status 0
	expect_err "adapt: C1.* inconclusive: 1 invocation"
	line=$(echo "$OUT" | grep -P '^run\t0\t[0-9.]+\tprimes\tcpu\t' | head -1)
	[ -n "$line" ] || fail "no invocation for primes: $OUT"
	echo "$line" | grep -qE -- '--workload primes --mode (seq@1,gil@2|gil@2,seq@1) --workers 1 --tasks 32 --size 10000 --repeat [48] --warmup 0 --switch-interval 5$' \
		|| fail "the invocation: $line"
	# No budget, no round.
	run "$BENCH" adapt run 0.1
	expect_status 0
	expect_eq "with no budget" "$OUT" ""
	expect_err "still inconclusive; the budget left does not cover another round"
}

# Every file the suite writes and reads back has its columns in one
# schema (bin/bench schema NAME prints them); the writers that are not
# C write exactly those columns.
test_writers_write_the_schemas_columns() {
	run "$BENCH" schema fidelity
	expect_status 0
	expect_eq "compare.py's fidelity.csv" \
		"$(cd "$ROOT/python" && python3 -c 'import compare; print(",".join(compare.FID_COLS))')" \
		"$OUT"
	expect_eq "bench.sh's notrun.csv" \
		"$(grep -o '"line,status[a-z,]*"' "$ROOT/scripts/bench.sh" | tr -d '"')" \
		"$("$BENCH" schema notrun)"
	expect_eq "bench.sh's phases.csv" \
		"$(grep -o '"phase,seconds[a-z,]*"' "$ROOT/scripts/bench.sh" | tr -d '"')" \
		"$("$BENCH" schema phases)"
	"$BENCH" --workload sumsq --mode gil --workers 2 --tasks 2 --size 1000 \
		--repeat 1 --warmup 0 --no-csv --quiet --trace t.csv || fail "no trace"
	expect_eq "--trace's header" "$(head -1 t.csv)" "$("$BENCH" schema trace)"
	"$BENCH" --workload sumsq --tasks 1 --size 10 --repeat 1 --warmup 0 \
		--csv b.csv --quiet || fail "no CSV"
	expect_eq "bench.csv's header" "$(head -1 b.csv)" "$("$BENCH" schema bench)"
	expect_eq "trace_cpython.py's cpython-scenes.csv" \
		"$(cd "$ROOT/python" && python3 -c 'import trace_cpython as t; print(",".join(t.SCENES_HEADER))')" \
		"$("$BENCH" schema cpython-scenes)"
	expect_eq "trace_cpython.py's cpython-overhead.csv" \
		"$(cd "$ROOT/python" && python3 -c 'import trace_cpython as t; print(",".join(t.OVERHEAD_HEADER))')" \
		"$("$BENCH" schema cpython-overhead)"
	run "$BENCH" schema nosuch
	expect_status 2
	expect_err "usage: bench schema"
}

# real_scenes RUN: real CPython's traces (tests/data/cpython: recorded on
# a real run) put in RUN/traces/ as make trace-cpython would, beside a
# simulated convoy timeline as their twin; one scene not traced.
real_scenes() {
	local d="$1/traces" data="$ROOT/tests/data/cpython"
	"$ROOT/scripts/trace.sh" "$1/bench.csv" timeline-3-convoy --workload convoy --mode gil \
		--workers 2 --size 20 --repeat 1 --warmup 0 -q || fail "the convoy scene failed"
	cp "$data/py311-sumsq.trace.csv" "$d/cpython-timeline-1-gil.csv"
	cp "$data/py311-convoy.trace.csv" "$d/cpython-timeline-3-convoy.csv"
	cat >"$d/cpython-scenes.csv" <<-EOF2
	name,twin,workload,mode,python,version,library,status,reason
	cpython-timeline-1-gil,timeline-1-gil,sumsq,cpython-3.11,/x/python3,3.11.7,/x/libpython3.11.so,traced,
	cpython-timeline-3-convoy,timeline-3-convoy,convoy,cpython-3.11,/x/python3,3.11.7,/x/libpython3.11.so,traced,
	cpython-timeline-2-legacy,timeline-2-legacy,sumsq,cpython-2.7,/x/python2.7,2.7.18,,not traced,no symbols in /x/libpython2.7.so (install its -dbg package)
	EOF2
	cat >"$d/cpython-overhead.csv" <<-EOF2
	name,mode,python,workload,figure,pairs,untraced,traced,ratio,ratio_lo,ratio_hi,coverage,beyond_noise,note,load_before,load_after
	cpython-timeline-3-convoy,cpython-3.11,3.11.7,convoy,round_trips_per_s,10,8000,2300,0.29,0.09,0.45,0.98,yes,,0.5,0.6
	cpython-timeline-1-gil,cpython-3.11,3.11.7,sumsq,sumsq_terms_per_s,3,9e6,3.6e6,0.40,0.38,0.43,0.75,undecided,,0.5,0.6
	EOF2
}

# Real CPython's GIL traced with uprobes: each real timeline right after
# its simulated twin, over its window; the fidelity rows read from both
# traces; what tracing cost, said where it changed the scene; a scene not
# traced says why. Without any, "not measured" with the tracer's reason.
test_report_draws_real_cpython_beside_its_twin() {
	mkdir run
	fixture_csv run/bench.csv
	fixture_traces run
	real_scenes run
	run "$BENCH" summarize run
	expect_status 0
	# Placeholder images: the figures are in the report with or without
	# gnuplot.
	for dat in run/plots/*.dat; do printf 'png' >"${dat%.dat}.png"; done
	run "$BENCH" report run
	expect_status 0
	local twin real dat
	twin=$(grep -n '^<a id="chart-timeline-1-gil"></a>' run/REPORT.md | cut -d: -f1)
	real=$(grep -n '^<a id="chart-cpython-timeline-1-gil"></a>' run/REPORT.md | cut -d: -f1)
	[ -n "$twin" ] && [ -n "$real" ] || fail "the real timeline or its twin is missing"
	[ "$real" -gt "$twin" ] || fail "the real timeline comes before its twin"
	grep -q "Real CPython 3.11.7: the same two threads, traced with uprobes" run/REPORT.md ||
		fail "no real timeline's title"
	grep -q "^| cpython-timeline-1-gil | median hand-off gap | " run/REPORT.md ||
		fail "no fidelity row for the hand-off gap"
	grep -q "^| cpython-timeline-3-convoy | round trip p99 | .*tracing changed it beyond noise" run/REPORT.md ||
		fail "the convoy's fidelity rows do not say what tracing did"
	# Three pairs give no 95% interval, yet all three moved far: the
	# row says how far apart they all were, not only "undecided".
	grep -q "^| cpython-timeline-1-gil | median hand-off gap | .*tracing moved sumsq_terms_per_s to 0.40 of its untraced value (3 pairs, from 0.38 to 0.43: too few for a 95% interval)" run/REPORT.md ||
		fail "the sumsq rows do not say how far tracing moved every pair: $(grep '^| cpython-timeline-1-gil' run/REPORT.md)"
	grep -q "cpython-timeline-2-legacy\` not traced: no symbols in /x/libpython2.7.so" run/REPORT.md ||
		fail "the scene not traced does not say why"
	[ -s run/plots/cpython-timeline-3-convoy-cdf.dat ] || fail "no CDF of the real convoy beside the model's"
	# A run where nothing could be traced.
	rm run/traces/cpython-*
	echo "not root: uprobes need root (sudo make trace-cpython)" >run/traces/cpython.notrun
	run "$BENCH" report run
	expect_status 0
	grep -q "^not measured: not root: uprobes need root" run/REPORT.md ||
		fail "no 'not measured' with the tracer's reason"
}
