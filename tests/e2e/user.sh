# user.sh - a lab machine without root (issue 23): the packages installed
# by an administrator, the user without sudo. Run as root, the cases run
# their commands as nobody (setpriv), a user that exists on every Debian
# and needs none made; run as anyone else, as that user.

# as_user CMD...: CMD as a user without root, with HOME in the scratch
# folder and the rest of the environment (root's PATH included) as it is.
as_user() {
	if [ "$(id -u)" -eq 0 ]; then
		setpriv --reuid="$USER_UID" --regid="$USER_GID" --clear-groups \
			env HOME="$PWD/home" "$@"
	else
		env HOME="$PWD/home" "$@"
	fi
}

# plain_user: set up as_user; ./home and ./u are the user's.
plain_user() {
	mkdir -p home u
	if [ "$(id -u)" -eq 0 ]; then
		command -v setpriv >/dev/null ||
			skip "no setpriv (util-linux) to run as a user without root"
		USER_UID=$(id -u nobody 2>/dev/null) ||
			skip "no user 'nobody' to run as"
		USER_GID=$(id -g nobody)
		# The scratch folder is root's, mode 700.
		chmod 755 .
		chown "$USER_UID:$USER_GID" home u
	fi
	as_user sh -c '[ "$(id -u)" -ne 0 ] && touch u/.w' ||
		fail "cannot run as a user without root in $PWD"
}

# user_copy: what the suite runs (bin/ and the scripts it calls) copied
# into ./u for the user, as a clone of their own would be: the
# repository may sit where the user cannot read (/root).
user_copy() {
	cp -a "$ROOT/bin" "$ROOT/scripts" "$ROOT/plots" "$ROOT/python" "$ROOT/suites" u/
	[ "$(id -u)" -ne 0 ] || chown -R "$USER_UID:$USER_GID" u
}

test_plain_user_runs_the_suite_and_the_report() {
	plain_user
	user_copy
	# Threads, processes (fork and spawn: a new bin/bench), the
	# simulated GIL, the bundled server for http, and compare.py with
	# whatever CPython the user can run.
	cat >u/s.suite <<-'EOF'
	sumsq  seq,threads,fork,spawn,gil  2  4  100000  2+0  1
	http   threads,async               4  8  -       2+0  1  --latency-ms 5
	! 3 python3 python/compare.py --csv "$CSV" --quick --only cpu --pairs 1 --no-sim
	EOF
	run as_user u/scripts/bench.sh --no-browser-check --suite u/s.suite --budget 0
	expect_status 0
	! echo "$ERR" | grep -iE 'permission denied|operation not permitted|traceback' ||
		fail "the run met a permission it lacks (above)"
	local r=u/results/latest
	[ -L $r ] || fail "no results/latest in the user's copy: $ERR"
	expect_eq verified "$(csv_col $r/bench.csv verified | sort -u)" true
	expect_eq modes "$(csv_col $r/bench.csv mode | sort -u | paste -sd' ')" \
		"async fork gil py-procs py-seq py-threads seq spawn threads"
	[ "$(stat -c %u $r/bench.csv)" = "$(as_user id -u)" ] || fail "bench.csv is not the user's"
	for f in REPORT.md REPORT.html summary.csv verdicts.csv; do
		[ -s "$r/$f" ] || fail "no $r/$f"
	done
	[ -s u/report/REPORT.md ] || fail "the report was not copied to the user's report/"
	no_children_left
}

# fake_tools DIR: a PATH of its own, with the few tools scripts/deps.sh
# uses, an apt-get and a sudo (which refuses, as it does for a user not
# allowed to use it) that log each call into DIR/calls, and no gnuplot.
fake_tools() {
	local t
	mkdir -p "$1"
	for t in id tr sort sed cat; do ln -s "$(command -v $t)" "$1/$t"; done
	for t in apt-get sudo; do
		printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\nexit 1\n' "$t" "$PWD/$1" >"$1/$t"
		chmod 755 "$1/$t"
	done
	: >"$1/calls"
	chmod 666 "$1/calls"
}

test_plain_user_missing_package_names_the_apt_command() {
	plain_user
	fake_tools fake
	# gnuplot missing, sudo there but not allowed: one line for the
	# administrator, a failure, and no install tried.
	run as_user env PATH="$PWD/fake" /bin/sh "$ROOT/scripts/deps.sh" plot
	expect_status 1
	expect_eq "stderr lines" "$(echo "$ERR" | wc -l)" 1
	expect_err "^gilbench: missing packages: gnuplot-nox\..*administrator.*apt-get install gnuplot-nox$"
	! grep -E '^apt-get|^sudo .*apt-get' fake/calls || fail "an install was tried (above)"
	# Without sudo at all: the same line.
	rm fake/sudo
	run as_user env PATH="$PWD/fake" /bin/sh "$ROOT/scripts/deps.sh" plot
	expect_status 1
	expect_eq "stderr lines" "$(echo "$ERR" | wc -l)" 1
	expect_err "apt-get install gnuplot-nox$"
	! grep -E '^apt-get' fake/calls || fail "an install was tried (above)"
	# What is there is not asked for.
	mkdir -p fake/have
	printf '#!/bin/sh\n' >fake/have/gnuplot
	chmod 755 fake/have/gnuplot
	run as_user env PATH="$PWD/fake:$PWD/fake/have" /bin/sh "$ROOT/scripts/deps.sh" plot
	expect_status 0
	expect_eq stderr "$ERR" ""
	! grep -E '^apt-get' fake/calls || fail "an install was tried (above)"
}

test_plain_user_compare_python_without_roots_pyenv() {
	command -v python3 >/dev/null || skip "no python3"
	plain_user
	user_copy
	# A pyenv the user cannot enter, first on PATH, as root's
	# (/root/.pyenv, mode 700) is on a lab machine: its shims and its
	# 2.7 must not be taken for the user's.
	mkdir -p locked/shims locked/bin locked/versions/2.7.18/bin
	for t in locked/shims/python3 locked/bin/pyenv locked/versions/2.7.18/bin/python2.7; do
		printf '#!/bin/sh\necho "%s ran" >&2; exit 3\n' "$t" >"$t"
		chmod 755 "$t"
	done
	if [ "$(id -u)" -eq 0 ]; then chmod 700 locked; else chmod 000 locked; fi
	at_exit "chmod 755 '$PWD/locked'"
	run as_user env PATH="$PWD/locked/shims:$PWD/locked/bin:$PATH" PYENV_ROOT="$PWD/locked" \
		python3 u/python/compare.py --csv u/py.csv --quick --only cpu --pairs 1 --no-sim
	expect_status 0
	! echo "$ERR" | grep -iE 'permission denied|traceback|locked/' ||
		fail "compare.py reached into a pyenv it cannot read (above)"
	expect_eq "modes" "$(csv_col u/py.csv mode | sort -u | paste -sd' ')" "py-procs py-seq py-threads"
	# The interpreter it found is one the user can run, and it says which.
	local py
	py=$(csv_col u/fidelity.csv python | sort -u)
	case $py in "$PWD/locked/"*|''|*"
"*) fail "fidelity.csv names '$py'" ;; esac
	as_user "$py" -c pass || fail "the user cannot run $py"
	# The Makefile's rule finds python3 the same way.
	run as_user env PATH="$PWD/locked/shims:$PWD/locked/bin:$PATH" sh -c \
		'command -v python3'
	case $OUT in "$PWD/locked/"*|'') fail "command -v python3 as the user: '$OUT'" ;; esac
}
