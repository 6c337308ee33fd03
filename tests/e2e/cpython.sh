# e2e_cpython.sh - a free-threaded CPython and its GIL twin: how
# scripts/cpython-ft.sh finds or builds them (a fake apt-get, a fake
# compiler and a fake CPython source tree: no network, no real build), and
# how python/compare.py measures them (stand-ins that are python3 told to
# report a free-threaded build).

FT_SCRIPT="$ROOT/scripts/cpython-ft.sh"

# The real python3's version (the fake builds' stand-ins run it, and the
# script checks that a build runs as the version its tree names).
py_version() { python3 -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])'; }

# fake_world: in the scratch folder, a host apt folder (host-apt/) with a
# Debian archive among other entries, a cache (cache/), and on PATH
# (fake-bin/) an apt-get that records each call in apt.log (its arguments
# and APT_CONFIG) and whose `source --download-only` drops a fake
# .orig.tar.xz of a CPython tree whose configure records its arguments in
# configure.log and whose `make install` installs a python stand-in; and a
# compiler (fake-bin/cc, CC) whose preprocessor misses the headers named
# in FAKE_CC_MISSING. FAKE_APT_FAIL=update makes `apt-get update` fail.
fake_world() {
	command -v xz >/dev/null || skip "no xz (xz-utils) to make the fake tarball"
	command -v python3 >/dev/null || skip "no python3 for the stand-ins"
	local v mm
	v=$(py_version)
	mm=${v%.*}
	mkdir -p host-apt/sources.list.d cache fake-bin
	cat >host-apt/sources.list.d/debian.sources <<-EOF
	Types: deb
	URIs: http://mirror.example/debian-security
	Suites: bookworm-security
	Components: main
	Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

	Types: deb
	# a comment inside the paragraph
	URIs: http://mirror.example/debian/
	Suites: bookworm bookworm-updates
	Components: main contrib
	Signed-By: /usr/share/keyrings/fake-archive.gpg
	EOF
	echo "deb [arch=amd64 signed-by=/x.gpg] https://packages.example/apt cloud main" \
		>host-apt/sources.list.d/other.list
	# The fake CPython tree.
	mkdir -p "tree/Python-$v"
	cat >"tree/Python-$v/configure" <<-'EOF'
	#!/bin/sh
	# fake configure: records its arguments, writes the Makefile's
	# settings and the python stand-in it "builds"
	echo "$*" >> "$FAKE_LOG/configure.log"
	prefix= t=
	for a in "$@"; do
		case "$a" in
		--prefix=*) prefix=${a#--prefix=} ;;
		--disable-gil) t=t ;;
		esac
	done
	printf 'PREFIX=%s\nT=%s\n' "$prefix" "$t" > config.mk
	if [ -n "$t" ]; then
		printf '#!/bin/sh\nGILBENCH_FAKE_FREE_THREADED=1 exec python3 "$@"\n' > python.in
	else
		printf '#!/bin/sh\nunset GILBENCH_FAKE_FREE_THREADED; exec python3 "$@"\n' > python.in
	fi
	EOF
	{
		echo "include config.mk"
		echo "all:"
		printf '\tcp python.in python && chmod +x python\n'
		echo "install:"
		printf '\tmkdir -p $(PREFIX)/bin && cp python $(PREFIX)/bin/python%s$(T)\n' "$mm"
	} >"tree/Python-$v/Makefile"
	chmod +x "tree/Python-$v/configure"
	tar -cJf "python3.13_$v.orig.tar.xz" -C tree "Python-$v"
	cat >fake-bin/apt-get <<-EOF
	#!/bin/sh
	echo "APT_CONFIG=\${APT_CONFIG:-} \$*" >> "$PWD/apt.log"
	case "\$1" in
	update) [ "\${FAKE_APT_FAIL:-}" = update ] && exit 100; exit 0 ;;
	source) cp "$PWD/python3.13_$v.orig.tar.xz" . ; echo fake > python3.13_$v.dsc ;;
	esac
	exit 0
	EOF
	cat >fake-bin/cc <<-'EOF'
	#!/bin/sh
	# fake compiler: only `cc -E -x c -` of one #include line
	h=$(sed -n 's/^#include <\(.*\)>$/\1/p')
	for m in ${FAKE_CC_MISSING:-}; do [ "$m" = "$h" ] && exit 1; done
	exit 0
	EOF
	chmod +x fake-bin/apt-get fake-bin/cc
	export PATH="$PWD/fake-bin:$PATH" CC="$PWD/fake-bin/cc" \
		XDG_CACHE_HOME="$PWD/cache" GILBENCH_APT_ETC="$PWD/host-apt" \
		FAKE_LOG="$PWD"
	unset PYTHON_FT PYTHON_FT_TWIN PYENV_ROOT
	# No free-threaded CPython of the machine's own may be found first.
	mkdir -p no-pyenv
	printf '#!/bin/sh\nexit 1\n' >fake-bin/pyenv
	chmod +x fake-bin/pyenv
	! command -v python3.13t python3.14t >/dev/null 2>&1 ||
		skip "this machine has a python3.13t/3.14t on PATH, found before any build"
	: >apt.log
	: >configure.log
}

# tree_sum DIR: one checksum of every file's path and content under DIR.
tree_sum() { (cd "$1" && find . -type f -print0 | sort -z | xargs -0 -r md5sum | md5sum); }

test_cpython_ft_builds_both_with_its_own_apt_then_finds_them() {
	fake_world
	local v host_before etc_before
	v=$(py_version)
	host_before=$(tree_sum host-apt)
	etc_before=$(tree_sum /etc/apt)
	run "$FT_SCRIPT"
	expect_status 0
	# Its own apt configuration, in the cache, for every call.
	expect_eq "apt calls" "$(awk '{ print $2 }' apt.log | tr '\n' ' ')" "update source "
	expect_eq "APT_CONFIG" "$(awk '{ print $1 }' apt.log | sort -u)" \
		"APT_CONFIG=$PWD/cache/gilbench/cpython/apt/etc/apt.conf"
	grep -q "source --download-only python3.13" apt.log || fail "apt-get source: $(cat apt.log)"
	conf=cache/gilbench/cpython/apt/etc/apt.conf
	for k in "Dir::Etc::sourcelist \"$PWD/cache/gilbench/cpython/apt/etc/sources.list\"" \
		"Dir::Etc::parts \"$PWD/cache/gilbench/cpython/apt/etc/apt.conf.d/\"" \
		"Dir::State::status \"$PWD/cache/gilbench/cpython/apt/state/status\"" \
		"Dir::Cache \"$PWD/cache/gilbench/cpython/apt/cache/\"" \
		'Dir::Etc::main "/dev/null"'; do
		grep -qF "$k" "$conf" || fail "$conf lacks $k: $(cat "$conf")"
	done
	# The archive's address and key from the host's sources: the
	# Debian archive, not its security suite nor another vendor's.
	expect_eq "sources.list" "$(cat cache/gilbench/cpython/apt/etc/sources.list)" \
		"deb-src [signed-by=/usr/share/keyrings/fake-archive.gpg] http://mirror.example/debian/ trixie main"
	grep -qE "https?://|mirror.example" "$ROOT/Makefile" "$FT_SCRIPT" &&
		fail "an archive address is written in the project"
	# The host's apt configuration is untouched.
	expect_eq "host apt" "$(tree_sum host-apt)" "$host_before"
	expect_eq "/etc/apt" "$(tree_sum /etc/apt)" "$etc_before"
	# Two builds of the same tree: --disable-gil, then the default.
	expect_eq builds "$(wc -l < configure.log)" 2
	grep -qxF -- "--prefix=$PWD/cache/gilbench/cpython/$v-ft --without-ensurepip --disable-test-modules --disable-gil" configure.log ||
		fail "no free-threaded build: $(cat configure.log)"
	grep -qxF -- "--prefix=$PWD/cache/gilbench/cpython/$v-gil --without-ensurepip --disable-test-modules" configure.log ||
		fail "no default build: $(cat configure.log)"
	expect_err "building ft \(--disable-gil\): unpack, configure, make, install, ok \([0-9]+ s\)"
	expect_err "took: ft build of CPython $v \(--disable-gil\): [0-9]+ s"
	expect_err "took: gil build of CPython $v \(default, with its GIL\): [0-9]+ s"
	[ -s "cache/gilbench/cpython/logs/build-ft.log" ] || fail "no build log kept"
	ls cache/gilbench/cpython/src/python3.13_*.orig.tar.xz >/dev/null || fail "no tarball in the cache"
	# The second call finds them and builds nothing.
	run "$FT_SCRIPT"
	expect_status 0
	expect_err "found: cache"
	expect_eq "apt calls after" "$(wc -l < apt.log)" 2
	expect_eq "builds after" "$(wc -l < configure.log)" 2
	run "$FT_SCRIPT" --find
	expect_status 0
	expect_out "^ft=$PWD/cache/gilbench/cpython/$v-ft/bin/python${v%.*}t\$"
	expect_out "^twin=$PWD/cache/gilbench/cpython/$v-gil/bin/python${v%.*}\$"
	expect_out "^from=cache\$"
	# A build cut short (installed, not yet checked and stamped) is not
	# taken for one.
	rm "cache/gilbench/cpython/$v-ft/gilbench-build.txt"
	run "$FT_SCRIPT" --find
	expect_status 1
}

test_cpython_ft_refuses_without_source_access() {
	fake_world
	FAKE_APT_FAIL=update run "$FT_SCRIPT"
	expect_status 1
	expect_eq "stderr lines" "$(echo "$ERR" | grep -c '^cpython-ft: cannot')" 1
	expect_err "cannot read trixie's source index from http://mirror.example/debian/.*check the network, or set PYTHON_FT=PATH"
	[ ! -s configure.log ] || fail "a build started"
	# Without a Debian archive in the host's sources at all.
	rm host-apt/sources.list.d/debian.sources
	: >apt.log
	run "$FT_SCRIPT"
	expect_status 1
	expect_err "no Debian archive .* in the host's apt sources .*set PYTHON_FT=PATH"
	[ ! -s apt.log ] || fail "apt-get ran: $(cat apt.log)"
	# Without apt-get at all (not Debian): a PATH of every tool but it.
	mkdir nopath
	for t in /usr/local/bin/* /usr/bin/* /bin/*; do
		case "${t##*/}" in apt-get) continue ;; esac
		[ -e "nopath/${t##*/}" ] || ln -s "$t" "nopath/${t##*/}"
	done
	PATH="$PWD/nopath" run "$FT_SCRIPT"
	expect_status 1
	expect_err "no apt-get: .*set PYTHON_FT=PATH"
}

test_cpython_ft_refuses_without_compiler_or_dev_package() {
	fake_world
	# A -dev package missing: named (installed when it can be; here the
	# fake install leaves it missing).
	FAKE_CC_MISSING="lzma.h ffi.h" run "$FT_SCRIPT"
	expect_status 1
	expect_err "libffi-dev liblzma-dev"
	[ ! -s configure.log ] || fail "a build started"
	grep -q "source" apt.log && fail "the source was fetched before the packages"
	if [ "$(id -u)" = 0 ]; then
		# The install went through the host's apt, not ours.
		grep -q "^APT_CONFIG= install .*libffi-dev liblzma-dev" apt.log ||
			fail "no install of the missing packages: $(cat apt.log)"
	fi
	# No compiler: named.
	: >apt.log
	CC=/nonexistent/cc run "$FT_SCRIPT"
	expect_status 1
	expect_err "gcc"
	[ ! -s configure.log ] || fail "a build started"
}

test_cpython_ft_takes_python_ft_and_refuses_a_gil_build() {
	command -v python3 >/dev/null || skip "no python3"
	mkdir bin
	printf '#!/bin/sh\nGILBENCH_FAKE_FREE_THREADED=1 exec python3 "$@"\n' > bin/python3t
	printf '#!/bin/sh\nunset GILBENCH_FAKE_FREE_THREADED; exec python3 "$@"\n' > "bin/python$(py_version | cut -d. -f1,2)"
	chmod +x bin/*
	PYTHON_FT="$PWD/bin/python3t" XDG_CACHE_HOME="$PWD/cache" run "$FT_SCRIPT" --find
	expect_status 0
	expect_out "^ft=$PWD/bin/python3t\$"
	expect_out "^twin=$PWD/bin/python$(py_version | cut -d. -f1,2)\$"
	expect_out "^from=PYTHON_FT\$"
	# A CPython with its GIL named as the free-threaded one: refused.
	PYTHON_FT="$(command -v python3)" XDG_CACHE_HOME="$PWD/cache" run "$FT_SCRIPT" --find
	expect_status 1
	expect_err "PYTHON_FT=.* is a CPython with its GIL"
	[ ! -e cache/gilbench ] || fail "--find wrote to the cache"
}

# ft_stand_ins: bin/python3.Xt (python3 reporting a free-threaded build,
# GILBENCH_FAKE_FREE_THREADED=$1, default 1) and its twin bin/python3.X.
ft_stand_ins() {
	local mm
	mm=$(py_version | cut -d. -f1,2)
	mkdir -p bin
	printf '#!/bin/sh\nGILBENCH_FAKE_FREE_THREADED=%s exec python3 "$@"\n' "${1:-1}" > "bin/python${mm}t"
	printf '#!/bin/sh\nunset GILBENCH_FAKE_FREE_THREADED; exec python3 "$@"\n' > "bin/python$mm"
	chmod +x bin/*
	FT="$PWD/bin/python${mm}t"
}

test_compare_measures_the_free_threaded_build_twice_beside_its_twin() {
	command -v python3 >/dev/null || skip "no python3"
	ft_stand_ins
	mkdir tmp
	run env PYTHONS= PYTHON_FT="$FT" TMPDIR="$PWD/tmp" python3 "$ROOT/python/compare.py" \
		--csv py.csv --workers 2 --quick --seed 3
	expect_status 0
	# Its bin/bench runs write into temporary files: none is left.
	[ -z "$(ls -A tmp)" ] || fail "left in TMPDIR: $(ls -A tmp | head -3)"
	expect_err "free-threaded, PYTHON_GIL=0 \(no GIL\) .*rows pyft-\*, beside bin/bench's threads"
	expect_err "free-threaded, PYTHON_GIL=1 .*rows pyftgil-\*, beside bin/bench's gil"
	expect_err "default build \(the GIL twin\) .*rows pytwin-\*, beside bin/bench's gil"
	expect_eq modes "$(csv_col py.csv mode | sort -u | tr '\n' ' ')" \
		"pyft-fork pyft-forkserver pyft-procs pyft-seq pyft-spawn pyft-threads pyftgil-procs pyftgil-seq pyftgil-threads pytwin-procs pytwin-seq pytwin-threads "
	[ -z "$(csv_col py.csv verified | grep -v true)" ] || fail "unverified"
	# Every row says its GIL: off only with PYTHON_GIL=0.
	expect_eq gil "$(awk -F, -v h="$(head -1 py.csv)" 'BEGIN { n = split(h, c, ","); for (i = 1; i <= n; i++) k[c[i]] = i }
		NR > 1 { split($k["mode"], m, "-"); print m[1] "=" $k["gil_enabled"] }' py.csv | sort -u | tr '\n' ' ')" \
		"pyft=false pyftgil=true pytwin=true "
	# The three ran in the same rounds: each round of a CPU snippet has
	# every interpreter's seq, threads and processes (5 rounds, --quick).
	expect_eq rounds "$(awk -F, -v h="$(head -1 py.csv)" 'BEGIN { n = split(h, c, ","); for (i = 1; i <= n; i++) k[c[i]] = i }
		NR > 1 && $k["kind"] == "cpu" { if ($k["round"] != $k["rep"]) bad = 1; cells[$k["workload"] " " $k["round"]]++ }
		END { for (r in cells) print r "=" cells[r] (bad ? " round!=rep" : "") }' py.csv | sort | tr '\n' ' ')" \
		"primes 1=9 primes 2=9 primes 3=9 primes 4=9 primes 5=9 sumsq 1=9 sumsq 2=9 sumsq 3=9 sumsq 4=9 sumsq 5=9 "
	# Start-up rows: the empty workload, W workers, the server's own
	# start apart on the forkserver's.
	expect_eq startup "$(awk -F, '$5 == "empty" { print $6, $7, $38 }' py.csv | sort -u | tr '\n' ' ')" \
		"pyft-fork 2 cost pyft-forkserver 2 cost pyft-spawn 2 cost "
	expect_eq server "$(awk -F, '$6 == "pyft-forkserver" { print $24 }' py.csv | sort -u)" server_start_s
	# fidelity.csv: bin/bench's threads against the free-threaded
	# threads, by difference, with a target; the single-thread cost
	# against the twin, for PYTHON_GIL=0 and 1; C3's ratio.
	f=fidelity.csv
	expect_eq "threads row" "$(awk -F, '$27 == "pyft" && $5 ~ /thread speedup/ { print $4, $20, ($17 != ""), $22 ~ /^(yes|no|inconclusive)$/ }' $f | sort -u)" \
		"threads |sim - real| <= 0.1 1 1"
	expect_eq "cost rows" "$(awk -F, '$5 ~ /1-thread cost over the default build/ { print $27, $5, ($7 > 0) }' $f | sort | tr '\n' ' ')" \
		"pyft primes 1-thread cost over the default build 1 pyft sumsq 1-thread cost over the default build 1 pyftgil primes 1-thread cost over the default build 1 pyftgil sumsq 1-thread cost over the default build 1 "
	expect_eq "C3 rows" "$(awk -F, '$5 ~ /threads over/ { print $27, $5, $4, ($11 > 0) }' $f | sort | tr '\n' ' ')" \
		"pyft primes 2 threads over 2 processes threads+fork 1 pyft sumsq 2 threads over 2 processes threads+fork 1 "
	expect_eq "start-up rows" "$(awk -F, '$5 ~ /pool start-up/ { print $5 }' $f | sort | tr '\n' ' ')" \
		"pool start-up of 2 workers: fork pool start-up of 2 workers: forkserver pool start-up of 2 workers: spawn "
	# At one worker the figures' names say "1 worker", not "1 workers".
	run env PYTHONS= PYTHON_FT="$FT" python3 "$ROOT/python/compare.py" \
		--csv py1.csv --fidelity fid1.csv --workers 1 --quick --only startup --seed 3
	expect_status 0
	expect_eq "start-up rows at 1" "$(awk -F, 'NR > 1 { sub(/: .*/, "", $5); print $5 }' fid1.csv | sort -u | tr '\n' '|')" \
		"100 empty tasks on 1 worker|pool start-up of 1 worker|"
	# The analysis reads the file back: same header as bin/bench.
	expect_eq header "$(head -1 py.csv)" "$("$BENCH" --csv-header)"
	mkdir run
	cp py.csv run/bench.csv
	run "$BENCH" summarize run
	expect_status 0
	no_children_left
}

test_compare_refuses_a_gil_that_came_back_on() {
	command -v python3 >/dev/null || skip "no python3"
	# On from the start although PYTHON_GIL=0: nothing of the group.
	ft_stand_ins reenabled
	run env PYTHONS= PYTHON_FT="$FT" python3 "$ROOT/python/compare.py" \
		--csv py.csv --workers 2 --quick --only cpu --no-sim
	expect_status 1
	expect_err "sys._is_gil_enabled\(\) is True at start although PYTHON_GIL=0: the GIL came back on .*refused"
	[ -z "$(grep -E ',pyft(gil)?-|,pytwin-' py.csv)" ] || fail "rows of a refused group: $(cat py.csv)"
	# On from the 5th cell: the rows before say false, then the refusal.
	rm -f py.csv fidelity.csv
	ft_stand_ins reenabled:4
	run env PYTHONS= PYTHON_FT="$FT" python3 "$ROOT/python/compare.py" \
		--csv py.csv --workers 2 --quick --only cpu --no-sim
	expect_status 1
	expect_err "sys._is_gil_enabled\(\) is True after its .* cell although PYTHON_GIL=0.*its rows stop here"
	n=$(grep -c ',pyft-' py.csv)
	[ "$n" -ge 1 ] && [ "$n" -le 4 ] || fail "$n pyft rows before the refusal"
	expect_eq gil "$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
		$c["mode"] ~ /^pyft-/ { print $c["gil_enabled"] }' py.csv | sort -u)" false
}

# numbers_out: the lines with every number as N and runs of blanks as one
# (two runs differ in their figures, not in what they say).
numbers_out() { sed 's/-\?[0-9][0-9.e+-]*/N/g; s/  */ /g'; }

test_compare_without_free_threaded_cpython_says_one_line() {
	command -v python3 >/dev/null || skip "no python3"
	# A machine without one: a PATH with python3 and the system's tools,
	# no pyenv, an empty cache; an apt-get that records any call.
	mkdir bin
	ln -s "$(python3 -c 'import sys; print(sys.executable)')" bin/python3
	printf '#!/bin/sh\nexit 1\n' > bin/pyenv
	printf '#!/bin/sh\necho "$*" >> %s/apt.log\n' "$PWD" > bin/apt-get
	chmod +x bin/pyenv bin/apt-get
	for p in /usr/bin /bin /usr/local/bin; do
		ls "$p"/python3.1[0-9]t "$p"/python3.1[0-9]t 2>/dev/null | grep -q . &&
			skip "this machine has a free-threaded CPython in $p"
	done
	for ft in "" --no-ft; do
		run env -u PYTHONS -u PYTHON_FT PATH="$PWD/bin:/usr/bin:/bin" \
			XDG_CACHE_HOME="$PWD/cache" python3 "$ROOT/python/compare.py" \
			--csv "py$ft.csv" --workers 2 --quick --only cpu --no-sim --seed 5 $ft
		expect_status 0
		echo "$ERR" | numbers_out > "err$ft.txt"
		csv_col "py$ft.csv" mode | sort | uniq -c > "modes$ft.txt"
	done
	expect_eq "the one line" "$(diff err.txt err--no-ft.txt | grep '^[<>]')" \
		"< $(echo "compare.py: no free-threaded CPython here, so no pyft-* rows: \`make cpython-ft\` builds one (some minutes, once), or PYTHON_FT=PATH names one" | numbers_out)"
	expect_eq "rows" "$(cat modes.txt)" "$(cat modes--no-ft.txt)"
	expect_eq "modes" "$(awk '{ print $2 }' modes.txt | tr '\n' ' ')" "py-procs py-seq py-threads "
	# Nothing was fetched or built.
	[ ! -e apt.log ] || fail "apt-get ran: $(cat apt.log)"
	[ ! -e cache/gilbench ] || fail "the cache was written: $(ls -R cache)"
	# The suite runs compare.py as it did, and make bench never builds.
	grep -qx '! 12 python3 python/compare.py --csv "$CSV" --quick' "$ROOT/suites/default.suite" ||
		fail "the suite's compare.py line changed"
	grep -q 'cpython-ft' "$ROOT/scripts/bench.sh" && fail "bench.sh runs the build"
	true
}
