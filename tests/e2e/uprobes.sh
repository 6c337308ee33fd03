# e2e/uprobes.sh - real CPython's GIL traced with uprobes
# (scripts/trace-cpython.sh, python/trace_cpython.py, perf2trace.py,
# gilscene.py). The conversion is checked on `perf script` output recorded
# on a real run (tests/data/cpython/record.sh says how), on any machine;
# each refusal with a stand-in (another user, a PATH without perf, a fake
# tracefs, a stripped libpython, a fake free-threaded build); and, as root
# with perf and uprobes, that a run, a failure, Ctrl-C and SIGTERM leave
# no probe of ours behind. No assertion depends on timing: the waits are
# for conditions (a probe placed, perf started), bounded only against a
# hang.

CPY_DATA="$ROOT/tests/data/cpython"
CONVERT="$ROOT/python/perf2trace.py"
TRACER="$ROOT/python/trace_cpython.py"
TRACE_SH="$ROOT/scripts/trace-cpython.sh"
SAMPLES="py311-sumsq py311-convoy py27-sumsq"

need_python3() {
	command -v python3 >/dev/null 2>&1 || skip "no python3"
}

# convert NAME: the recorded sample NAME into NAME.csv here.
convert() {
	python3 "$CONVERT" --side "$CPY_DATA/$1.side" --perf "$CPY_DATA/$1.perf.txt" --out "$1.csv"
}

# side_value NAME KEY: a value of the sample's side file.
side_value() {
	awk -v k="$2" '$1 == k { print $2; exit }' "$CPY_DATA/$1.side"
}

# worker_hits NAME: the sample's probe lines of its workers from the
# moment their scene began (begin_ns, or a worker's own from_ns).
worker_hits() {
	awk -v side="$CPY_DATA/$1.side" '
		BEGIN { while ((getline l < side) > 0) { split(l, f, " ")
			if (f[1] == "worker") w[f[2]] = 1
			if (f[1] == "begin_ns") begin = f[2]
			if (f[1] == "from_ns") from[f[2]] = f[3] } }
		($1 in w) { split($2, t, /[.:]/); ns = t[1] * 1e9 + t[2]
			if (ns >= (($1 in from) ? from[$1] : begin)) print }' "$CPY_DATA/$1.perf.txt"
}

# states_ok TRACE: per thread, a take follows its own want, and no
# thread ever holds the lock while another holds it.
states_ok() {
	awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		{ th = $c["thread"]; ev = $c["event"] }
		ev == "want" { want[th] = 1 }
		ev == "take" { if (!(th in want)) { print "take without want, line " NR; exit 1 }
			if (holder != "") { print "two holders at line " NR; exit 1 }
			delete want[th]; holder = th }
		ev == "drop" || ev == "forced_drop" { if (holder == th) holder = "" }' "$1"
}

# have_tracer_machine: root, perf, uprobes, and a python3 whose lock
# functions are in its symbol table; else the case skips, saying which.
have_tracer_machine() {
	need_python3
	[ "$(id -u)" -eq 0 ] || skip "not root: the probes need root"
	command -v perf >/dev/null 2>&1 || skip "no perf"
	if [ ! -e /sys/kernel/tracing/uprobe_events ] && [ ! -e /sys/kernel/debug/tracing/uprobe_events ]; then
		# The tracer mounts a missing tracefs itself; the case too, to
		# look into it, and unmounts it after (the machine as found).
		grep -qw tracefs /proc/filesystems || skip "no tracefs in this kernel"
		mount -t tracefs nodev /sys/kernel/tracing || skip "cannot mount tracefs here"
		at_exit "umount /sys/kernel/tracing"
		[ -e /sys/kernel/tracing/uprobe_events ] || skip "no uprobes in this kernel"
	fi
	python3 "$TRACER" --show-probes python3 >/dev/null 2>probes.err \
		|| skip "python3 cannot be traced: $(cat probes.err)"
}

uprobe_events() {
	cat /sys/kernel/tracing/uprobe_events 2>/dev/null || cat /sys/kernel/debug/tracing/uprobe_events
}

# no_probes_of GROUP: neither tracefs nor perf probe -l lists the group.
no_probes_of() {
	if uprobe_events | grep -q ":$1/"; then
		fail "probes of $1 left behind: $(uprobe_events | grep ":$1/")"
	fi
	if perf probe -l 2>/dev/null | grep -q "$1:"; then
		fail "perf probe -l still lists $1"
	fi
}

test_cpython_conversion_matches_the_recorded_samples() {
	need_python3
	for s in $SAMPLES; do
		convert "$s" || fail "$s: perf2trace.py failed"
		cmp -s "$s.csv" "$CPY_DATA/$s.trace.csv" || fail "$s: the trace differs from tests/data/cpython/$s.trace.csv:
$(diff "$s.csv" "$CPY_DATA/$s.trace.csv" | head -20)"
		# bin/bench reads it as it reads its own traces.
		run "$BENCH" trace "$s.csv" --window 0
		expect_status 0
		expect_out "cpython-$(side_value "$s" python | cut -d. -f1-2) workers=2 tasks=2 rep=1"
		states_ok "$s.csv" || fail "$s: the lock's states are inconsistent"
	done
}

test_cpython_only_the_workers_are_the_scene() {
	need_python3
	for s in py311-sumsq py311-convoy; do
		convert "$s" || fail "$s: perf2trace.py failed"
		# The sample has the main thread (and for the convoy the echo
		# process): more threads than the two workers.
		others=$(awk '$1 ~ /^[0-9]+$/ { print $1 }' "$CPY_DATA/$s.perf.txt" | sort -u \
			| grep -vxF "$(awk '$1 == "worker" { print $2 }' "$CPY_DATA/$s.side")" | wc -l)
		[ "$others" -ge 1 ] || fail "$s: the sample holds no thread but the workers"
		expect_eq "$s threads" "$(csv_col "$s.csv" thread | sort -u | tr '\n' ' ')" "1 2 "
		expect_eq "$s tasks" "$(csv_col "$s.csv" task | sort -u | tr '\n' ' ')" "0 1 "
		# CPython 3: one row per probe hit of a worker inside its scene,
		# and a block_end for each of its blocking sections (the want
		# that ends it: PyEval_RestoreThread has no probe of its own).
		expect_eq "$s rows" "$(grep -vc ',block_end,' "$s.csv")" "$(($(worker_hits "$s" | wc -l) + 1))"
		expect_eq "$s sections" "$(grep -c ',block_end,' "$s.csv")" "$(grep -c ',block_begin,' "$s.csv")"
	done
	# The convoy's I/O thread is task 0 and thread 1, its scene begins
	# with its one blocking call before the round trips.
	first=$(awk -F, 'NR > 1 && $7 == 1 { print $8, $9; exit }' py311-convoy.csv)
	expect_eq "the I/O thread's first event" "$first" "0 block_begin"
}

test_cpython_forced_drop_and_blocking_sections_are_told_apart() {
	need_python3
	for s in py311-sumsq py311-convoy; do
		convert "$s" || fail "$s: perf2trace.py failed"
		# Per thread: a drop inside a blocking section is a drop; outside
		# one, a drop followed by the thread's want is forced; the
		# thread's last drop (its exit) is a drop.
		awk -F, -v s="$s" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
			{ th = $c["thread"]; ev = $c["event"] }
			ev == "block_begin" { in_b[th] = 1 } ev == "block_end" { in_b[th] = 0 }
			ev == "forced_drop" && in_b[th] { print s ": a forced drop inside a blocking section, line " NR; bad = 1 }
			pending[th] != "" && (ev == "want" || ev == "take" || ev == "drop" || ev == "forced_drop") {
				if (pending[th] == "forced_drop" && ev != "want") { print s ": a forced drop not followed by a want, line " NR; bad = 1 }
				if (pending[th] == "drop" && ev == "want") { print s ": a drop outside a section followed by a want, line " NR; bad = 1 }
				pending[th] = "" }
			(ev == "drop" || ev == "forced_drop") && !in_b[th] { pending[th] = ev }
			END { exit bad }' "$s.csv" || fail "$s: drops misclassified"
	done
	n=$(grep -c ',forced_drop,' py311-sumsq.csv)
	[ "$n" -ge 2 ] || fail "two CPU threads: $n forced drops in the sample"
	# The convoy: the CPU thread is forced off, the I/O thread drops the
	# lock only in its blocking calls (os.write, os.read).
	expect_eq "I/O thread's forced drops" "$(awk -F, '$7 == 1 && $9 == "forced_drop"' py311-convoy.csv | wc -l)" 0
	[ "$(awk -F, '$7 == 2 && $9 == "forced_drop"' py311-convoy.csv | wc -l)" -ge 1 ] \
		|| fail "the CPU thread was never forced off"
	run "$BENCH" trace py311-convoy.csv --window 0
	expect_status 0
	rt=$(echo "$OUT" | sed -n 's/.*round_trips=\([0-9]*\).*/\1/p')
	[ "${rt:-0}" -ge 1 ] || fail "bin/bench trace found no round trips: $OUT"
	expect_out 'label="I/O thread"'
}

test_cpython_27_keeps_only_the_interpreter_lock() {
	need_python3
	convert py27-sumsq || fail "perf2trace.py failed"
	# The sample holds other locks' acquires and releases, the workers'
	# own among them (threading's start-up).
	others=$(worker_hits py27-sumsq | awk '/:(acquire|release):/ { split($5, a, "="); split($6, b, "=")
		if (a[2] != b[2]) n++ } END { print n + 0 }')
	[ "$others" -ge 1 ] || fail "the sample has no other lock's events"
	gil_acq=$(worker_hits py27-sumsq | awk '/:acquire:/ { split($5, a, "="); split($6, b, "=")
		if (a[2] == b[2] && b[2] != "0x0") n++ } END { print n + 0 }')
	gil_rel=$(worker_hits py27-sumsq | awk '/:release:/ { split($5, a, "="); split($6, b, "=")
		if (a[2] == b[2] && b[2] != "0x0") n++ } END { print n + 0 }')
	expect_eq "wants (the GIL's acquires)" "$(grep -c ',want,' py27-sumsq.csv)" "$gil_acq"
	expect_eq "drops (the GIL's releases)" "$(grep -c ',drop,' py27-sumsq.csv)" "$gil_rel"
	ticks=$(awk -F, '$9 == "drop" && $10 == 1' py27-sumsq.csv | wc -l)
	[ "$ticks" -ge 10 ] || fail "only $ticks tick releases (drop with arg 1)"
	expect_eq "forced drops (2.7 has none)" "$(grep -c ',forced_drop,' py27-sumsq.csv)" 0
	states_ok py27-sumsq.csv || fail "the lock's states are inconsistent"
}

test_cpython_conversion_edge_cases() {
	need_python3
	cat >side <<-'EOF'
	scene sumsq
	python 2.7.18
	mode cpython-2.7
	begin_ns 1000000000
	worker 11 0
	worker 12 1
	EOF
	# Before the first thread 2.7 has no GIL (interpreter_lock is 0): an
	# acquire then is no want. perf's LOST line is named in the note.
	cat >perf.txt <<-'EOF'
	   11     1.000000100:  g:acquire: (7f0) lock=0x0 il=0x0
	   11     1.000000200: g:acquired: (7f0 <- 7f1) ret=1
	   11     1.000000300:  g:acquire: (7f0) lock=0x55 il=0x55
	   11     1.000000400: g:acquired: (7f0 <- 7f1) ret=1
	   12     1.000000500:  g:acquire: (7f0) lock=0x77 il=0x55
	   12     1.000000600: g:acquired: (7f0 <- 7f1) ret=1
	   11     1.000000700:  g:release: (7f2) lock=0x55 il=0x55
	   12     1.000000800:  g:acquire: (7f0) lock=0x55 il=0x55
	LOST 3 events!
	   12     1.000000900: g:acquired: (7f0 <- 7f1) ret=1
	   99     1.000001000:  g:release: (7f2) lock=0x55 il=0x55
	EOF
	run python3 "$CONVERT" --side side --perf perf.txt --out t.csv
	expect_status 0
	expect_err "perf lost 3 events"
	expect_eq events "$(csv_col t.csv event | tr '\n' ' ')" "want take drop want take "
	expect_eq "take's wait" "$(awk -F, 'NR == 3 { print $10 }' t.csv)" 100
	expect_eq notes "$(awk -F, 'NR > 1 && $11 != ""' t.csv | wc -l)" 2
	# Bad input: one line, exit 1 (or 2 for an unreadable file), no file.
	printf 'scene sumsq\nmode m\nbegin_ns 1\n' >noworkers
	run python3 "$CONVERT" --side noworkers --perf perf.txt --out u.csv
	expect_status 1
	expect_err "no worker lines"
	: >empty.txt
	run python3 "$CONVERT" --side side --perf empty.txt --out u.csv
	expect_status 1
	expect_err "no probe hits"
	sed 's/^begin_ns .*/begin_ns 9000000000/' side >late
	run python3 "$CONVERT" --side late --perf perf.txt --out u.csv
	expect_status 1
	expect_err "clock"
	run python3 "$CONVERT" --side side --perf missing.txt --out u.csv
	expect_status 2
	[ ! -e u.csv ] || fail "a failed conversion wrote u.csv"
	printf '   11     1.000000300:  g:want: (7f0)\n' >>perf.txt
	run python3 "$CONVERT" --side side --perf perf.txt --out u.csv
	expect_status 1
	expect_err "both GILs"
}

test_cpython_probes_are_found_by_symbol() {
	need_python3
	run python3 "$TRACER" --show-probes python3
	[ "$STATUS" -eq 0 ] || skip "python3 cannot be traced here: $ERR"
	lib=$(echo "$OUT" | awk '{ print $2 }' | head -1 | sed 's/:0x.*//')
	expect_eq "probes" "$(echo "$OUT" | awk '{ print $1 }' | sed 's/:.*\//:/' | tr '\n' ' ')" \
		"p:want r:take p:drop p:save "
	command -v nm >/dev/null 2>&1 || skip "no nm to check the offsets against"
	# A shared library is mapped from offset 0 at address 0: the probe's
	# offset is the symbol's address.
	for pair in want:take_gil drop:drop_gil save:PyEval_SaveThread; do
		addr=$(nm "$lib" | awk -v f="${pair#*:}" '$3 == f { print $1 }')
		off=$(echo "$OUT" | awk -v e="/${pair%%:*}" 'index($1, e) { sub(/.*:0x/, "", $2); print $2 }')
		expect_eq "${pair#*:}" "$((16#$off))" "$((16#$addr))"
	done
	# CPython 2.7: the lock probes read interpreter_lock at its address.
	py27=$(python3 -c 'import sys; sys.path.insert(0, "'"$ROOT"'/python"); import compare
print(" ".join(p for p in compare.find_pythons() if p.endswith("python2.7")))')
	[ -n "$py27" ] || return 0
	run python3 "$TRACER" --show-probes "$py27"
	[ "$STATUS" -eq 0 ] || return 0
	lib27=$(echo "$OUT" | awk '{ print $2 }' | head -1 | sed 's/:0x.*//')
	il=$(nm "$lib27" | awk '$3 == "interpreter_lock" { print $1 }')
	echo "$OUT" | grep -q "^p:gilbench/acquire .* lock=%di:x64 il=@+0x$(printf %x "$((16#$il))"):x64\$" \
		|| fail "no acquire probe reading interpreter_lock (0x$il): $OUT"
}

test_cpython_no_symbols_and_the_debug_file() {
	need_python3
	run python3 "$TRACER" --show-probes python3
	[ "$STATUS" -eq 0 ] || skip "python3 cannot be traced here: $ERR"
	want=$OUT
	lib=$(echo "$OUT" | awk '{ print $2 }' | head -1 | sed 's/:0x.*//')
	case "$lib" in */libpython*) ;; *) skip "python3 is linked statically" ;; esac
	command -v strip >/dev/null 2>&1 && command -v objcopy >/dev/null 2>&1 || skip "no strip/objcopy"
	exe=$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')
	mkdir lib
	strip --strip-all -o "lib/$(basename "$lib")" "$lib" || fail "strip failed"
	# The interpreter, made to load the stripped copy.
	printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$PWD/lib" "$exe" >stripped-python
	chmod +x stripped-python
	run python3 "$TRACER" --show-probes ./stripped-python
	expect_status 1
	expect_err "no symbols: $PWD/lib/libpython.* has no drop_gil, take_gil in its symbol table"
	# With its debug file where a distribution puts it (by build-id), the
	# same probes as on the original.
	bid=$(readelf -n "$lib" | awk '/Build ID/ { print $3 }')
	[ -n "$bid" ] || skip "libpython has no build-id"
	mkdir -p "debug/.build-id/${bid:0:2}"
	objcopy --only-keep-debug "$lib" "debug/.build-id/${bid:0:2}/${bid:2}.debug"
	run env GILBENCH_DEBUG_DIR="$PWD/debug" python3 "$TRACER" --show-probes ./stripped-python
	expect_status 0
	expect_eq "probes from the debug file" "$(echo "$OUT" | sed 's| /[^:]*:| LIB:|')" \
		"$(echo "$want" | sed 's| /[^:]*:| LIB:|')"
}

test_cpython_scene_writes_its_side_file() {
	need_python3
	for py in python3 $(python3 -c 'import sys; sys.path.insert(0, "'"$ROOT"'/python"); import compare
print(" ".join(p for p in compare.find_pythons() if p.endswith("python2.7")))'); do
		for scene in sumsq convoy; do
			"$py" "$ROOT/python/gilscene.py" "$scene" --seconds 0.02 --side side \
				|| fail "$py $scene failed"
			expect_eq "$py $scene verified" "$(awk '$1 == "verified" { print $2 }' side)" true
			expect_eq "$py $scene workers" "$(awk '$1 == "worker" { print $3 }' side | tr '\n' ' ')" "0 1 "
			tids=$(awk '$1 == "worker" { print $2 }' side | sort -u | wc -l)
			expect_eq "$py $scene distinct thread ids" "$tids" 2
			if [ "$scene" = convoy ]; then
				from=$(awk '$1 == "from_ns" { print $2 }' side)
				expect_eq "$py convoy: from_ns is the I/O thread's" "$from" \
					"$(awk '$1 == "worker" && $3 == 0 { print $2 }' side)"
			fi
			rm -f side
		done
	done
	run env GILBENCH_SCENE_FAIL=1 python3 "$ROOT/python/gilscene.py" sumsq --seconds 0.01 --side side
	expect_status 1
	[ ! -e side ] || fail "a failed scene wrote its side file"
}

# refused OUT REGEX: the tracer said why in one line, exited 0 and left the
# reason in OUT/traces/cpython.notrun.
refused() {
	expect_status 0
	expect_err "not traced: .*$2"
	[ "$(echo "$ERR" | grep -c 'not traced')" -eq 1 ] || fail "more than one line of reasons: $ERR"
	grep -qE -- "$2" "$1/traces/cpython.notrun" || fail "cpython.notrun: $(cat "$1/traces/cpython.notrun" 2>&1)"
}

test_cpython_refuses_without_python3_or_perf() {
	need_python3
	mkdir bin
	for t in sh dirname mkdir; do ln -s "$(command -v $t)" bin/$t; done
	run env PATH="$PWD/bin" "$TRACE_SH" out1
	refused out1 "no python3"
	# The interpreter itself: pyenv's shim would need bash and pyenv.
	ln -s "$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')" bin/python3
	run env PATH="$PWD/bin" "$TRACE_SH" out2
	refused out2 "no perf"
}

test_cpython_refuses_when_not_root() {
	need_python3
	command -v perf >/dev/null 2>&1 || skip "no perf: that reason comes first"
	mkdir out
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null 2>&1 || skip "no setpriv to drop root"
		chmod 777 out
		chmod go+rx "$PWD"
		# The system's python3: nobody cannot enter root's home.
		run setpriv --reuid=nobody --regid=nogroup --clear-groups \
			env PATH=/usr/bin:/bin "$TRACE_SH" out
	else
		run "$TRACE_SH" out
	fi
	refused out "not root"
}

test_cpython_refuses_without_uprobes_symbols_or_a_gil() {
	have_tracer_machine
	mkdir fake
	run env GILBENCH_TRACEFS="$PWD/fake" "$TRACE_SH" out1
	refused out1 "no uprobes: tracefs is not mounted"
	: >fake/available_events
	run env GILBENCH_TRACEFS="$PWD/fake" "$TRACE_SH" out2
	refused out2 "no uprobes in the kernel"
	run env PYTHONS=python3 GILBENCH_FAKE_FREE_THREADED=1 "$TRACE_SH" out3
	refused out3 "free-threaded build"
	grep -q 'cpython-timeline-1-gil,.*not traced,.*free-threaded' out3/traces/cpython-scenes.csv \
		|| fail "cpython-scenes.csv: $(cat out3/traces/cpython-scenes.csv)"
	command -v strip >/dev/null 2>&1 || skip "no strip"
	lib=$(python3 "$TRACER" --show-probes python3 | awk '{ print $2 }' | head -1 | sed 's/:0x.*//')
	case "$lib" in */libpython*) ;; *) skip "python3 is linked statically" ;; esac
	mkdir lib
	strip --strip-all -o "lib/$(basename "$lib")" "$lib"
	printf '#!/bin/sh\nLD_LIBRARY_PATH=%s exec %s "$@"\n' "$PWD/lib" \
		"$(python3 -c 'import os, sys; print(os.path.realpath(sys.executable))')" >stripped-python
	chmod +x stripped-python
	run env PYTHONS="$PWD/stripped-python" "$TRACE_SH" out4
	refused out4 "no symbols"
	# A perf that runs but cannot record: the scene alone works, so it
	# is perf's doing, a refusal; the probes placed for it are removed.
	mkdir fakeperf
	printf '#!/bin/sh\ncase "$1" in --version) echo perf version 0 ;;\n*) echo "perf: cannot open the events" >&2; exit 1 ;; esac\n' >fakeperf/perf
	chmod +x fakeperf/perf
	run env PATH="$PWD/fakeperf:$PATH" GILBENCH_PROBE_GROUP=gbtest_$$ PYTHONS=python3 "$TRACE_SH" out5 --pairs 1 --cpu-seconds 0.02
	refused out5 "perf record fails here .*cannot open the events"
	no_probes_of gbtest_$$
}

test_cpython_traces_and_leaves_no_probe() {
	have_tracer_machine
	group=gbtest_$$
	pythons=$(python3 -c 'import sys; sys.path.insert(0, "'"$ROOT"'/python"); import compare
print(" ".join(compare.find_pythons()))')
	run env GILBENCH_PROBE_GROUP=$group PYTHONS="$pythons" "$TRACE_SH" run --pairs 1 \
		--cpu-seconds 0.05 --convoy-seconds 0.05
	expect_status 0
	no_probes_of $group
	for n in cpython-timeline-1-gil cpython-timeline-3-convoy; do
		[ -s "run/traces/$n.csv" ] || fail "no $n.csv: $ERR"
		states_ok "run/traces/$n.csv" || fail "$n: inconsistent states"
		expect_eq "$n threads" "$(csv_col "run/traces/$n.csv" thread | sort -u | tr '\n' ' ')" "1 2 "
		expect_eq "$n modes" "$(csv_col "run/traces/$n.rows.csv" mode | sort -u | tr '\n' ' ')" \
			"cpython-3.$(python3 -c 'import sys; print(sys.version_info[1])') cpython-3.$(python3 -c 'import sys; print(sys.version_info[1])')-untraced "
		expect_eq "$n verified" "$(csv_col "run/traces/$n.rows.csv" verified | sort -u)" true
		run "$BENCH" trace "run/traces/$n.csv"
		expect_status 0
	done
	grep -q '^cpython-timeline-3-convoy,.*,round_trips_per_s,1,' run/traces/cpython-overhead.csv \
		|| fail "cpython-overhead.csv: $(cat run/traces/cpython-overhead.csv)"
	if echo "$pythons" | grep -q python2.7; then
		[ -s run/traces/cpython-timeline-2-legacy.csv ] || fail "no 2.7 trace: $ERR"
		states_ok run/traces/cpython-timeline-2-legacy.csv || fail "2.7: inconsistent states"
	fi
	[ ! -e run/traces/cpython.notrun ] || fail "cpython.notrun after a run that traced"
}

# A machine whose tracefs is not mounted (a container, a minimal VM, this
# one at boot): the tracer mounts it for the run, as perf would, and
# unmounts it after. Run in a mount namespace of its own, where tracefs
# is unmounted first: the machine's own mounts are left as they are.
test_cpython_mounts_a_missing_tracefs_and_unmounts_it() {
	have_tracer_machine
	unshare -m true 2>/dev/null || skip "cannot make a mount namespace (unshare -m)"
	group=gbtest_$$
	run unshare -m sh -c '
		for d in /sys/kernel/debug/tracing /sys/kernel/tracing /sys/kernel/debug; do
			umount "$d" 2>/dev/null
		done
		# A namespace where tracefs cannot be unmounted or mounted (a
		# container) cannot show it: 77, a skip.
		mountpoint -q /sys/kernel/tracing && exit 77
		{ mount -t tracefs nodev /sys/kernel/tracing && umount /sys/kernel/tracing; } || exit 77
		GILBENCH_PROBE_GROUP=$1 PYTHONS=python3 "$2" run --pairs 1 \
			--cpu-seconds 0.02 --convoy-seconds 0.02 || exit
		if mountpoint -q /sys/kernel/tracing; then echo "tracefs left mounted" >&2; exit 98; fi' \
		_ "$group" "$TRACE_SH"
	[ "$STATUS" -ne 77 ] || skip "this mount namespace cannot unmount and mount tracefs"
	expect_status 0
	expect_err "tracefs was not mounted: mounted on /sys/kernel/tracing for this run, as perf would; unmounted at the end"
	[ -s run/traces/cpython-timeline-1-gil.csv ] || fail "no trace: $ERR"
	states_ok run/traces/cpython-timeline-1-gil.csv || fail "inconsistent states"
	[ ! -e run/traces/cpython.notrun ] || fail "cpython.notrun: $(cat run/traces/cpython.notrun)"
	no_probes_of "$group"
}

test_cpython_a_failure_leaves_no_probe() {
	have_tracer_machine
	group=gbtest_$$
	run env GILBENCH_PROBE_GROUP=$group GILBENCH_SCENE_FAIL=1 PYTHONS=python3 "$TRACE_SH" run \
		--pairs 1 --cpu-seconds 0.02
	expect_status 1
	expect_err "failed: .*sumsq"
	no_probes_of $group
	no_children_left
}

# interrupted SIGNAL STATUS ORDER: the tracer stopped by SIGNAL during the
# first run of a pair (ORDER: traced-first, while perf records a scene;
# untraced-first, while the scene runs alone with the probes placed)
# leaves no probe and no process, and exits STATUS.
interrupted() {
	have_tracer_machine
	group=gbtest_$$
	GILBENCH_TRACE_ORDER=$3 GILBENCH_PROBE_GROUP=$group PYTHONS=python3 "$TRACE_SH" run \
		--pairs 1 --cpu-seconds 60 --convoy-seconds 60 >out.txt 2>err.txt &
	pid=$!
	at_exit "kill -KILL $pid 2>/dev/null"
	what="gilscene.py sumsq"
	[ "$3" = traced-first ] && what="perf record .*$group:"
	# Wait until that runs (a condition, not a time).
	for _ in $(seq 600); do
		pgrep -f "$what" >/dev/null && break
		kill -0 $pid 2>/dev/null || fail "the tracer ended early: $(cat err.txt)"
		sleep 0.1
	done
	pgrep -f "$what" >/dev/null || fail "'$what' never ran: $(cat err.txt)"
	uprobe_events | grep -q ":$group/" || fail "no probes placed"
	kill -"$1" $pid
	wait $pid
	STATUS=$?
	expect_eq "exit status" "$STATUS" "$2"
	grep -q "interrupted; the probes are removed" err.txt || fail "stderr: $(cat err.txt)"
	no_probes_of $group
	no_children_left
}

test_cpython_ctrl_c_leaves_no_probe() {
	interrupted INT 130 traced-first
}

test_cpython_sigterm_leaves_no_probe() {
	interrupted TERM 143 untraced-first
}
