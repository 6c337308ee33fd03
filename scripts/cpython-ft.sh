#!/usr/bin/env bash
# cpython-ft.sh - a free-threaded CPython and its "GIL twin" (the same
# version built the default way, with its GIL), for python/compare.py;
# behind `make cpython-ft`.
#
#   scripts/cpython-ft.sh           find them, or build them into the cache
#   scripts/cpython-ft.sh --find    find them only: print ft=PATH, twin=PATH
#                                   (blank when there is none), version=
#                                   and from=; exit 1 when there is no
#                                   free-threaded interpreter
#
# Found, in this order: PYTHON_FT=PATH (its twin: PYTHON_FT_TWIN=PATH, or
# the pythonX.Y beside it, in the cache's layout or on PATH); a
# python3.14t or python3.13t on PATH (twin: python3.14 / python3.13 on
# PATH); one of pyenv's free-threaded versions
# (3.13.0t, twin 3.13.0); one built before into the cache,
# ${XDG_CACHE_HOME:-~/.cache}/gilbench/cpython/. A twin counts only when
# it is the same version and has its GIL.
#
# Built: CPython's upstream source is the .orig.tar.xz of Debian's
# python3.13 source package in trixie (CPython 3.13.5), fetched with
# `apt-get source --download-only` under an apt configuration of the
# cache's own (cpython/apt/: its sources list, state, lists and cache
# folders, Dir::Etc moved there), so the host's apt configuration is read
# for nothing but the archive's address and key, and never written. That
# address comes from the host's own sources (sources.list,
# sources.list.d/*.list or *.sources): the first entry of Debian's main
# archive (a URI whose path is /debian) with the main component. The
# upstream tree is then built twice with the machine's own compiler and
# -dev packages (trixie's Build-Depends are not needed): --disable-gil
# into cpython/VERSION-ft/, the default into cpython/VERSION-gil/, logs in
# cpython/logs/. Some minutes on 2 cores each; the time of each build is
# said at the end and kept in its folder (gilbench-build.txt).
#
# Refused in one line, saying what is missing and how to get it: no
# Debian archive in the host's sources, the source not reachable, no
# compiler or make, a needed -dev package that cannot be installed (as
# scripts/deps.sh installs packages: apt-get as root, sudo -n, or the
# command named).
#
# For the tests: GILBENCH_APT_ETC (the host's apt folder, default
# /etc/apt), GILBENCH_CPYTHON_SUITE (trixie), GILBENCH_CPYTHON_PKG
# (python3.13).
set -u
ROOT=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/gilbench/cpython
APT_ETC=${GILBENCH_APT_ETC:-/etc/apt}
SUITE=${GILBENCH_CPYTHON_SUITE:-trixie}
PKG=${GILBENCH_CPYTHON_PKG:-python3.13}

find_only=
case "${1:-}" in
'') ;;
--find) find_only=1 ;;
*) echo "cpython-ft.sh: unknown argument '$1' (expected nothing or --find)" >&2; exit 2 ;;
esac

say() { echo "cpython-ft: $*" >&2; }
refuse() { echo "cpython-ft: $*" >&2; exit 1; }

# probe PY: "VERSION FT" (FT 1 for a free-threaded build, 0 for one with
# its GIL) or nothing when PY does not run. The build's own flag
# (Py_GIL_DISABLED), not sys._is_gil_enabled(), which PYTHON_GIL or an
# extension can turn. GILBENCH_FAKE_FREE_THREADED is the tests' stand-in
# for a free-threaded build (python/compare.py reads it too).
probe() {
	[ -x "$1" ] && [ ! -d "$1" ] || return 0
	"$1" -c 'import os, sys, sysconfig
fake = os.environ.get("GILBENCH_FAKE_FREE_THREADED", "") not in ("", "0")
ft = fake or bool(sysconfig.get_config_var("Py_GIL_DISABLED"))
print("%d.%d.%d %d" % (sys.version_info[:3] + (ft,)))' 2>/dev/null
}

# twin_of VERSION CANDIDATE...: the first candidate that is VERSION with
# its GIL.
twin_of() {
	local v=$1 c
	shift
	for c in "$@"; do
		[ "$(probe "$c")" = "$v 0" ] && { echo "$c"; return 0; }
	done
	return 1
}

found() { # FROM FT TWIN VERSION
	echo "ft=$2"
	echo "twin=$3"
	echo "version=$4"
	echo "from=$1"
}

# find_ft: print the found pair (found's lines) or return 1.
find_ft() {
	local p v twin mm d
	if [ -n "${PYTHON_FT:-}" ]; then
		p=$(probe "$PYTHON_FT")
		case "$p" in
		*" 1") ;;
		"") refuse "PYTHON_FT=$PYTHON_FT does not run: set it to a free-threaded CPython (python3.13t), or unset it" ;;
		*) refuse "PYTHON_FT=$PYTHON_FT is a CPython with its GIL (built without --disable-gil): set it to a free-threaded one (python3.13t), or unset it" ;;
		esac
		v=${p% *}
		mm=${v%.*}
		if [ -n "${PYTHON_FT_TWIN:-}" ]; then
			twin=$(twin_of "$v" "$PYTHON_FT_TWIN") ||
				refuse "PYTHON_FT_TWIN=$PYTHON_FT_TWIN is not CPython $v with its GIL: set it to the default build of the same version, or unset it"
		else
			# Beside it, as make cpython-ft lays them out (X-ft/bin
			# beside X-gil/bin), or on PATH.
			d=$(dirname "$PYTHON_FT")
			twin=$(twin_of "$v" "$d/python$mm" "${d%-ft/bin}-gil/bin/python$mm" \
				"$(command -v "python$mm" 2>/dev/null)") || twin=
		fi
		found PYTHON_FT "$PYTHON_FT" "$twin" "$v"
		return 0
	fi
	for mm in 3.14 3.13; do
		p=$(command -v "python${mm}t" 2>/dev/null) || continue
		v=$(probe "$p")
		[ "${v#* }" = 1 ] || continue
		v=${v% *}
		twin=$(twin_of "$v" "$(command -v "python$mm" 2>/dev/null)" \
			"$(dirname "$p")/python$mm") || twin=
		found PATH "$p" "$twin" "$v"
		return 0
	done
	local root
	if root=$(pyenv root 2>/dev/null) && [ -d "$root/versions" ]; then
		for d in $(ls -d "$root"/versions/3.*t 2>/dev/null | sort -rV); do
			for p in "$d"/bin/python3.*t; do
				v=$(probe "$p")
				[ "${v#* }" = 1 ] || continue
				v=${v% *}
				twin=$(twin_of "$v" "${d%t}/bin/python${v%.*}") || twin=
				found pyenv "$p" "$twin" "$v"
				return 0
			done
		done
	fi
	for d in $(ls -d "$CACHE"/*-ft 2>/dev/null | sort -rV); do
		[ -f "$d/gilbench-build.txt" ] || continue
		for p in "$d"/bin/python3.*t; do
			v=$(probe "$p")
			[ "${v#* }" = 1 ] || continue
			v=${v% *}
			twin=$(twin_of "$v" "${d%-ft}-gil/bin/python${v%.*}") || twin=
			[ -f "${d%-ft}-gil/gilbench-build.txt" ] || twin=
			found cache "$p" "$twin" "$v"
			return 0
		done
	done
	return 1
}

if [ -n "$find_only" ]; then
	find_ft
	exit $?
fi

if out=$(find_ft); then
	ft=$(echo "$out" | sed -n 's/^ft=//p')
	twin=$(echo "$out" | sed -n 's/^twin=//p')
	from=$(echo "$out" | sed -n 's/^from=//p')
	v=$(echo "$out" | sed -n 's/^version=//p')
	if [ "$from" != cache ] || [ -n "$twin" ]; then
		say "free-threaded CPython $v: $ft (found: $from)"
		say "its GIL twin: ${twin:-none found (set PYTHON_FT_TWIN=PATH to the default build of $v; without it the single-thread cost is not measured)}"
		for f in "$(dirname "$ft")/../gilbench-build.txt" "$(dirname "$twin")/../gilbench-build.txt"; do
			[ -f "$f" ] && say "  $(sed -n 's/^summary=//p' "$f")"
		done
		exit 0
	fi
	# A cached free-threaded build without its twin: build the twin.
fi

# ---- building ---------------------------------------------------------------

# The machine's own tools and headers (scripts/deps.sh group cpython):
# installed when they can be, else named.
missing=$("$ROOT/scripts/deps.sh" --check cpython)
if [ -n "$missing" ]; then
	"$ROOT/scripts/deps.sh" cpython || exit 1
	missing=$("$ROOT/scripts/deps.sh" --check cpython)
	[ -z "$missing" ] || refuse "still missing after the install: $missing (install them with: apt-get install $missing)"
fi

# host_archive: "URI<TAB>KEY" of the first entry of Debian's main archive
# in the host's sources (KEY: its signed-by, a file or an inline key, or
# blank). One-line entries: deb [options] URI SUITE COMPONENT...
host_archive() {
	{
		for f in "$APT_ETC/sources.list" "$APT_ETC"/sources.list.d/*.list; do
			[ -f "$f" ] || continue
			sed 's/#.*//' "$f" | awk '
				$1 != "deb" && $1 != "deb-src" { next }
				{ key = ""; i = 2 }
				$2 ~ /^\[/ { # the options, up to the closing bracket
					for (; i <= NF; i++) {
						o = $i; gsub(/[][]/, "", o)
						if (o ~ /^signed-by=/) key = substr(o, 11)
						if ($i ~ /\]$/) { i++; break }
					}
				}
				{ uri = $i; main = 0
				  for (j = i + 2; j <= NF; j++) if ($j == "main") main = 1
				  if (main) print uri "\t" key }'
		done
		# deb822: paragraphs of Field: value, continuation lines
		# indented (an inline Signed-By key is kept, its lines joined
		# by \n).
		for f in "$APT_ETC"/sources.list.d/*.sources; do
			[ -f "$f" ] || continue
			awk '
				function flush() {
					if (types ~ /(^|[ \t])deb(-src)?([ \t]|$)/ && comps ~ /(^|[ \t])main([ \t]|$)/ && enabled != "no") {
						n = split(uris, u, /[ \t]+/)
						for (k = 1; k <= n; k++) if (u[k] != "") print u[k] "\t" key
					}
					types = uris = comps = key = field = ""; enabled = ""
				}
				/^[ \t]*#/ { next }
				/^[ \t]*$/ { flush(); next }
				/^[ \t]/ { if (field == "signed-by") { l = $0; sub(/^[ \t]+/, "", l); key = key "\\n" l }; next }
				{ field = tolower(substr($0, 1, index($0, ":") - 1)); val = substr($0, index($0, ":") + 1)
				  sub(/^[ \t]+/, "", val); sub(/[ \t]+$/, "", val)
				  if (field == "types") types = val
				  else if (field == "uris") uris = val
				  else if (field == "components") comps = val
				  else if (field == "signed-by") key = val
				  else if (field == "enabled") enabled = tolower(val) }
				END { flush() }' "$f"
		done
	} | awk -F'\t' '{ u = $1; sub(/\/+$/, "", u) } u ~ /^[a-z+]+:\/\/[^\/]+(\/.*)?\/debian$/ { print; exit }'
}

command -v apt-get >/dev/null 2>&1 ||
	refuse "no apt-get: the source comes from a Debian archive; on another system set PYTHON_FT=PATH to a free-threaded CPython (python3.13t: pyenv install 3.13t, or your distribution's)"
entry=$(host_archive)
[ -n "$entry" ] || refuse "no Debian archive (a URI ending in /debian, component main) in the host's apt sources ($APT_ETC/sources.list, sources.list.d/*.list, *.sources): add one, or set PYTHON_FT=PATH to a free-threaded CPython (python3.13t)"
uri=${entry%%	*}
key=${entry#*	}

A=$CACHE/apt
mkdir -p "$A/etc/apt.conf.d" "$A/etc/sources.list.d" "$A/etc/preferences.d" \
	"$A/etc/trusted.gpg.d" "$A/state/lists/partial" "$A/cache/archives/partial" \
	"$A/log" "$CACHE/src" "$CACHE/logs" || refuse "cannot write the cache $CACHE"
: > "$A/state/status"
# The archive's key as the host has it: a keyring file by name, or an
# inline key (deb822) written beside our list.
case "$key" in
'') opt= ;;
*'\n'*|-----BEGIN*) printf '%b\n' "$key" > "$A/etc/archive-key.asc"; opt="[signed-by=$A/etc/archive-key.asc] " ;;
*) opt="[signed-by=$key] " ;;
esac
echo "deb-src ${opt}$uri $SUITE main" > "$A/etc/sources.list"
# The download runs as root's own user when we are root: apt's _apt user
# cannot enter a home folder such as /root.
sandbox=$(id -un)
cat > "$A/etc/apt.conf" <<EOF
// gilbench's own apt configuration (scripts/cpython-ft.sh): every
// folder apt reads or writes is in here, so the host's is never touched.
Dir::Etc "$A/etc/";
Dir::Etc::main "/dev/null";
Dir::Etc::parts "$A/etc/apt.conf.d/";
Dir::Etc::sourcelist "$A/etc/sources.list";
Dir::Etc::sourceparts "$A/etc/sources.list.d/";
Dir::Etc::preferences "$A/etc/preferences";
Dir::Etc::preferencesparts "$A/etc/preferences.d/";
Dir::Etc::trusted "$A/etc/trusted.gpg";
Dir::Etc::trustedparts "$A/etc/trusted.gpg.d/";
Dir::State "$A/state/";
Dir::State::lists "$A/state/lists/";
Dir::State::status "$A/state/status";
Dir::Cache "$A/cache/";
Dir::Cache::archives "$A/cache/archives/";
Dir::Log "$A/log/";
APT::Sandbox::User "$sandbox";
Acquire::Languages "none";
EOF
apt_own() { APT_CONFIG="$A/etc/apt.conf" apt-get "$@"; }

# One build at a time per cache (flock is util-linux's; without it, none).
if command -v flock >/dev/null 2>&1; then
	exec 9> "$CACHE/lock" && flock -n 9 ||
		refuse "another make cpython-ft is building in $CACHE: wait for it"
fi

log=$CACHE/logs/source.log
tarball=$(ls "$CACHE"/src/"${PKG}"_*.orig.tar.xz 2>/dev/null | sort -V | tail -1)
if [ -z "$tarball" ]; then
	printf 'cpython-ft: fetching %s source from %s (%s) ... ' "$PKG" "$uri" "$SUITE" >&2
	if ! apt_own update > "$log" 2>&1; then
		echo "failed" >&2
		refuse "cannot read $SUITE's source index from $uri (log: $log): check the network, or set PYTHON_FT=PATH to a free-threaded CPython"
	fi
	if ! (cd "$CACHE/src" && apt_own source --download-only "$PKG") >> "$log" 2>&1; then
		echo "failed" >&2
		refuse "$uri has no source package $PKG in $SUITE (log: $log): set PYTHON_FT=PATH to a free-threaded CPython"
	fi
	tarball=$(ls "$CACHE"/src/"${PKG}"_*.orig.tar.xz 2>/dev/null | sort -V | tail -1)
	[ -n "$tarball" ] || { echo "failed" >&2; refuse "apt-get source gave no ${PKG}_*.orig.tar.xz (log: $log)"; }
	echo "ok ($(basename "$tarball"))" >&2
	# The source index (some 60 MB) served this one download: the
	# tarball stays in src/ for a rebuild.
	rm -rf "$A/state/lists" "$A/cache"
fi

CC=${CC:-cc}
jobs=$(nproc 2>/dev/null || echo 2)
# Both builds alike but for --disable-gil: no pip (nothing here installs
# packages) and no test suite (half the install, and its byte-compiling),
# neither of which changes the interpreter.
common="--without-ensurepip --disable-test-modules"
summaries=

# build FLAVOUR CONFIGURE-FLAGS...: unpack, configure, make, install into
# $CACHE/VERSION-FLAVOUR; one progress line; the log in $CACHE/logs/.
build() {
	local flavour=$1 tree src prefix blog t0 t1 step py want got load0
	shift
	tree=$CACHE/build-$flavour
	blog=$CACHE/logs/build-$flavour.log
	rm -rf "$tree" && mkdir -p "$tree" || refuse "cannot write $tree"
	t0=$(date +%s)
	load0=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')
	printf 'cpython-ft: building %s (%s): unpack' "$flavour" "${*:-default}" >&2
	{ echo "# $(date -u +%FT%TZ) $(basename "$tarball") ./configure $*"; } > "$blog"
	tar -xJf "$tarball" -C "$tree" >> "$blog" 2>&1 || { echo " failed" >&2; refuse "cannot unpack $tarball (log: $blog)"; }
	src=$(ls -d "$tree"/*/ 2>/dev/null | head -1)
	[ -n "$src" ] && [ -x "$src/configure" ] || { echo " failed" >&2; refuse "$tarball holds no CPython source tree (no configure)"; }
	# The full version from the tree's name (Python-3.13.5), else the
	# tarball's (python3.13_3.13.5.orig.tar.xz).
	version=$(basename "$src" | sed -n 's/^Python-\([0-9][0-9.]*[0-9]\).*/\1/p')
	[ -n "$version" ] || version=$(basename "$tarball" | sed 's/^[^_]*_//; s/[^0-9.].*//; s/\.$//')
	prefix=$CACHE/$version-$flavour
	rm -rf "$prefix"
	for step in configure make install; do
		printf ', %s' "$step" >&2
		case $step in
		configure) (cd "$src" && CC=$CC ./configure --prefix="$prefix" $common "$@") ;;
		make) make -C "$src" -j"$jobs" ;;
		install) make -C "$src" install ;;
		esac >> "$blog" 2>&1 || { echo " failed" >&2; refuse "the $flavour build failed at $step (log: $blog, last lines: $(tail -3 "$blog" | tr '\n' ' '))"; }
	done
	t1=$(date +%s)
	py=$(ls "$prefix"/bin/python3.*[0-9t] 2>/dev/null | grep -v -- '-config$' | head -1)
	want=$([ "$flavour" = ft ] && echo 1 || echo 0)
	got=$(probe "$py")
	[ "$got" = "$version $want" ] || { echo " failed" >&2; refuse "the $flavour build of $version does not run as one (got '${got:-nothing}' from ${py:-no interpreter}; log: $blog)"; }
	echo ", ok ($((t1 - t0)) s)" >&2
	rm -rf "$tree"
	{
		echo "version=$version"
		echo "flavour=$flavour"
		echo "configure=$common $*"
		echo "load=$load0 -> $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')"
		echo "seconds=$((t1 - t0))"
		echo "jobs=$jobs"
		echo "log=$blog"
		echo "built=$(date -u +%FT%TZ)"
		echo "summary=$flavour build of CPython $version ($([ $want = 1 ] && echo --disable-gil || echo default, with its GIL)): $((t1 - t0)) s with make -j$jobs on $(nproc 2>/dev/null || echo '?') CPUs (load average $load0 -> $(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo '?')), log $blog"
	} > "$prefix/gilbench-build.txt"
	summaries="$summaries$(sed -n 's/^summary=//p' "$prefix/gilbench-build.txt")
"
}

have_ft=
if out=$(find_ft) && [ "$(echo "$out" | sed -n 's/^from=//p')" = cache ]; then
	have_ft=1 # only the twin is missing
fi
[ -n "$have_ft" ] || build ft --disable-gil
build gil

out=$(find_ft) || refuse "built, but the interpreters are not found in $CACHE (a bug)"
say "free-threaded CPython: $(echo "$out" | sed -n 's/^ft=//p')"
say "its GIL twin:          $(echo "$out" | sed -n 's/^twin=//p')"
printf '%s' "$summaries" | sed 's/^/cpython-ft: took: /' >&2
