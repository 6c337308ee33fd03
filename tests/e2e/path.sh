# path.sh - a clone in a folder whose name has a space and a non-ASCII
# letter, as a course's would be ("~/My Course/gilbénch"; issue 23): it
# builds there, and the suite, the report and the Makefile's rules that
# take paths work there. One full build: about a minute on 2 idle cores.

test_a_clone_under_a_path_with_a_space_and_an_accent() {
	command -v git >/dev/null && git -C "$ROOT" rev-parse --git-dir >/dev/null 2>&1 ||
		skip "not a git checkout: the copy is made of the files git knows"
	local dir="$PWD/My Course/gilbénch"
	mkdir -p "$dir"
	# The files a clone has (and new ones not yet committed), without
	# build output: a fresh clone's tree.
	(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
		tar --null -T - --ignore-failed-read -cf -) | tar -xf - -C "$dir" ||
		fail "cannot copy the repository into $dir"
	run make -C "$dir" --no-print-directory -j2
	expect_status 0
	[ -x "$dir/bin/bench" ] && [ -x "$dir/bin/latency-server" ] || fail "not built in $dir: $OUT $ERR"

	# The suite there: threads and processes (spawn starts bin/bench by
	# its path), the bundled server found beside bin/bench, the mpi mode
	# where it is built, and compare.py as a suite line.
	cat >"$dir/s.suite" <<-'EOF'
	sumsq   seq,threads,fork,spawn,mpi  2  4  100000  2+0  1
	http    async                       4  8  -       2+0  1  --latency-ms 5
	! 3 python3 python/compare.py --csv "$CSV" --quick --only cpu --pairs 1 --no-sim
	EOF
	command -v python3 >/dev/null || sed -i '/^!/d' "$dir/s.suite"
	run "$dir/scripts/bench.sh" --no-browser-check --suite "$dir/s.suite" --budget 0
	expect_status 0
	local r="$dir/results/latest"
	[ -L "$r" ] || fail "no results/latest in $dir"
	expect_eq verified "$(csv_col "$r/bench.csv" verified | sort -u)" true
	csv_col "$r/bench.csv" mode | grep -qx spawn || fail "no spawn rows"
	[ ! -x "$dir/bin/bench-mpi" ] || csv_col "$r/bench.csv" mode | grep -qx mpi ||
		fail "bin/bench-mpi is built but there are no mpi rows"
	expect_out "report: copied to $dir/report/REPORT.md"
	[ -s "$dir/report/REPORT.md" ] || fail "no report in $dir/report"

	# The rules that take a path: RUN relative (the default) and
	# absolute, with its space; PY_CSV likewise.
	rm "$dir/report/REPORT.md"
	GB_BROWSER_CHECK=0 run make -C "$dir" --no-print-directory report
	expect_status 0
	[ -s "$dir/report/REPORT.md" ] || fail "make report wrote no report: $OUT $ERR"
	run make -C "$dir" --no-print-directory plots RUN="$r"
	expect_status 0
	! command -v gnuplot >/dev/null || expect_out "charts drawn in $r/plots/"
	if command -v python3 >/dev/null; then
		run env PYTHONS=python3 make -C "$dir" --no-print-directory compare-python \
			QUICK=1 PY_CSV="$dir/results/py run/py.csv"
		expect_status 0
		expect_eq "CPython rows" "$(csv_col "$dir/results/py run/py.csv" mode | grep -c '^py-')" \
			"$(csv_col "$dir/results/py run/py.csv" mode | grep -c .)"
	fi
	# A classroom demo, by its own path.
	run make -C "$dir" --no-print-directory demo-cpu DEMO_QUICK=1
	expect_status 0
	no_children_left
}
