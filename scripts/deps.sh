#!/bin/sh
# deps.sh - install the Debian packages gilbench needs, only if missing.
#
# Usage: scripts/deps.sh [--check] GROUP...   (groups: build test fuzz
#                                   plot mpi browser hosts cpython locale)
#
# --check installs nothing: it prints the missing packages on one line
# (nothing when none is missing) and exits 1 when some are.
#
# Each group is checked by what it provides (a command, a pkg-config
# module), not by package name, so a machine that got the tools some other
# way is left alone. Missing packages are installed with apt-get as root,
# with sudo otherwise (only when sudo needs no password: make must never
# hang on a prompt), or the script stops with one line naming them.
set -u

check_only=
[ "${1:-}" = --check ] && { check_only=1; shift; }
missing=""
need() { missing="$missing $1"; }
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pc() { have_cmd pkg-config && pkg-config --exists "$1" 2>/dev/null; }

for group in "$@"; do
	case "$group" in
	build)
		have_cmd cc || need gcc
		have_cmd cc && [ -f /usr/include/stdio.h ] || need libc6-dev
		have_cmd pkg-config || need pkg-config
		have_pc libcurl || need libcurl4-openssl-dev
		have_pc libmicrohttpd || need libmicrohttpd-dev
		;;
	test)
		have_pc cmocka || need libcmocka-dev
		have_cmd curl || need curl
		have_cmd valgrind || need valgrind
		have_cmd pgrep && have_cmd ps || need procps
		;;
	fuzz)
		have_cmd clang || need clang
		# libFuzzer's runtime: try to link a trivial target.
		if ! { have_cmd clang && echo 'int LLVMFuzzerTestOneInput(const char *d, long n) { return !d + n - n; }' |
			clang -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; }; then
			need libclang-rt-dev
		fi
		;;
	plot)
		have_cmd gnuplot || need gnuplot-nox
		;;
	browser)
		# The report's browser check (scripts/browser-check.py).
		have_cmd chromium || have_cmd chromium-browser || need chromium
		have_cmd python3 || need python3
		# Text in the page and its charts needs a font.
		{ have_cmd fc-list && fc-list | grep -q .; } || need fonts-dejavu-core
		;;
	hosts)
		# make test-hosts: network namespaces joined by a bridge
		# (scripts/hosts.sh); unshare and setpriv are util-linux's.
		have_cmd ip || need iproute2
		have_cmd unshare && have_cmd setpriv || need util-linux
		;;
	cpython)
		# make cpython-ft (scripts/cpython-ft.sh) builds CPython from
		# its source: a compiler, make, xz for the tarball, and the
		# headers of the standard modules a student expects (zlib,
		# ctypes, ssl, bz2, lzma, sqlite3, the prompt's readline).
		# CC is the compiler the build will use.
		if have_cmd "${CC:-cc}"; then
			for hp in zlib.h:zlib1g-dev ffi.h:libffi-dev openssl/ssl.h:libssl-dev \
				bzlib.h:libbz2-dev lzma.h:liblzma-dev sqlite3.h:libsqlite3-dev \
				readline/readline.h:libreadline-dev; do
				printf '#include <%s>\n' "${hp%%:*}" | "${CC:-cc}" -E -x c - >/dev/null 2>&1 ||
					need "${hp#*:}"
			done
		else
			need gcc
		fi
		have_cmd make || need make
		have_cmd xz || need xz-utils
		;;
	locale)
		# The locale test (tests/e2e/locale.sh) makes de_DE.UTF-8 with
		# localedef (libc-bin) from these sources.
		[ -f /usr/share/i18n/locales/de_DE ] && [ -f /usr/share/i18n/charmaps/UTF-8.gz ] || need locales
		;;
	mpi)
		have_cmd mpicc || need libopenmpi-dev
		have_cmd mpirun || need openmpi-bin
		;;
	*)
		echo "deps.sh: unknown group '$group' (known: build test fuzz plot mpi browser hosts cpython)" >&2
		echo "deps.sh: unknown group '$group' (known: build test fuzz plot mpi browser hosts locale)" >&2
		exit 2
		;;
	esac
done

[ -z "$missing" ] && exit 0
missing=$(echo "$missing" | tr ' ' '\n' | sort -u | tr '\n' ' ' | sed 's/^ *//; s/ *$//')
if [ -n "$check_only" ]; then
	echo "$missing"
	exit 1
fi

if ! have_cmd apt-get; then
	echo "gilbench: missing packages: $missing. This is not a Debian/Ubuntu system: install their equivalents with your package manager and retry." >&2
	exit 1
fi

if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif have_cmd sudo && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	# A lab machine: the user cannot install, so the line is for whoever
	# administers it.
	echo "gilbench: missing packages: $missing. Not root and no sudo without a password here: ask an administrator to run: apt-get install $missing" >&2
	exit 1
fi

echo "gilbench: installing missing packages: $missing" >&2
export DEBIAN_FRONTEND=noninteractive
# An install from a stale or empty package list fails on a fresh machine,
# so refresh it first; a failure of update alone is not fatal (offline
# mirrors may still have what is needed).
$SUDO apt-get update -qq >/dev/null 2>&1 || echo "gilbench: apt-get update failed; trying the install anyway" >&2
# shellcheck disable=SC2086
if ! $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null; then
	echo "gilbench: apt-get could not install: $missing. Install them by hand and retry." >&2
	exit 1
fi
exit 0
