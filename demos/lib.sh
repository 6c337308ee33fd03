# lib.sh - what every classroom demo shares (sourced by demos/*.sh).
#
# A demo: title, two or three sentences on what is about to be shown, the
# bin/bench command it runs (live), a table and a bar chart of the rows it
# wrote, and a one-line lesson. DEMO_QUICK=1 makes every run tiny (for the
# tests); BENCH overrides the binary.

set -u
# Numbers with a decimal point whatever the locale (see scripts/bench.sh).
export LC_ALL=C.UTF-8
DEMO_ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=${BENCH:-$DEMO_ROOT/bin/bench}
QUICK=${DEMO_QUICK:-}
# The usable cores, as bin/bench counts them (the affinity mask and the
# CPU quota; nproc sees the mask only).
CPUS=$("$BENCH" cpus cpus_usable 2>/dev/null || nproc 2>/dev/null || echo 2)
# ... in words: "2 cores", "1 usable core of 2 (affinity)".
CORES_SAID=$("$BENCH" cpus 2>/dev/null | sed -n 's/^# //p')
[ -n "$CORES_SAID" ] || CORES_SAID="$CPUS cores"
DEMO_TMP=$(mktemp -d "${TMPDIR:-/tmp}/gilbench-demo.XXXXXX")
trap 'rm -rf "$DEMO_TMP"' EXIT
CSV=$DEMO_TMP/rows.csv

title() {
	local load

	printf '\n== %s ==\n\n' "$*"
	# Others' work shows up in every timing: say so when it is there.
	load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo 0)
	if awk -v l="$load" -v c="$CPUS" 'BEGIN { exit !(l > c) }'; then
		echo "  (This machine is busy: load average $load on $CPUS cores, so the"
		echo "  timings below are noisy.)"
		echo
	fi
}

# say TEXT: a paragraph, wrapped for a projector.
say() {
	printf '%s\n' "$*" | fold -s -w 70 | sed 's/^/  /'
	echo
}

lesson() {
	printf '\n  Lesson: %s\n\n' "$*"
}

# require NAME...: every name is a workload or mode of this bin/bench, or
# the demo says so and ends successfully (it lights up once that part is
# merged).
require() {
	local list missing=""

	list=$("$BENCH" --list) || exit 1
	for name in "$@"; do
		printf '%s\n' "$list" | grep -qE "^  $name " || missing="$missing $name"
	done
	if [ -n "$missing" ]; then
		echo "  This demo needs${missing}: not available in this build yet."
		echo
		exit 0
	fi
}

# bench ARGS...: run bin/bench live into this demo's CSV, showing the
# command; a failed run ends the demo.
bench() {
	echo "  \$ bin/bench $*"
	"$BENCH" "$@" --csv "$CSV" --quiet || {
		echo "  bin/bench failed (status $?)" >&2
		exit 1
	}
	echo
}

# cols NAME...: the named columns of every verified row of the CSV,
# tab-separated. (Only the error column is ever quoted, and failed rows,
# the only ones with an error, are left out, so splitting on commas is
# safe.)
cols() {
	awk -F, -v want="$*" '
		NR == 1 { n = split(want, w, " ")
			  for (i = 1; i <= NF; i++) idx[$i] = i; next }
		$idx["verified"] == "true" {
			line = ""
			for (k = 1; k <= n; k++)
				line = line (k > 1 ? "\t" : "") $(idx[w[k]])
			print line
		}' "$CSV"
}

# median_by: lines "KEY...<TAB>VALUE" in, "KEY...<TAB>MEDIAN" out, one per
# key, in the order keys first appear.
median_by() {
	awk -F'\t' '
		{ key = $1; for (i = 2; i < NF; i++) key = key "\t" $i
		  if (!(key in n)) order[++nk] = key
		  v[key, ++n[key]] = $NF + 0 }
		END {
			for (k = 1; k <= nk; k++) {
				key = order[k]; m = n[key]
				for (i = 1; i <= m; i++) a[i] = v[key, i]
				for (i = 2; i <= m; i++)	# insertion sort
					for (j = i; j > 1 && a[j-1] > a[j]; j--) {
						t = a[j]; a[j] = a[j-1]; a[j-1] = t }
				med = m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
				print key "\t" med
			}
		}'
}

# by_mode MODE...: sort tab-separated lines whose first field is a mode
# into the order given, then by the numeric fields that follow.
by_mode() {
	awk -F'\t' -v order="$*" 'BEGIN { n = split(order, o, " ")
		for (i = 1; i <= n; i++) rank[o[i]] = i }
		{ print (($1 in rank) ? rank[$1] : 99) "\t" $0 }' |
		sort -t'	' -k1,1n -k3,3n -k4,4n -k5,5n | cut -f2-
}

# bars [--groups]: lines "LABEL<TAB>VALUE<TAB>TEXT" in, a bar chart out:
# each bar is VALUE on a scale where the largest is BAR_WIDTH (default 40)
# columns, drawn in Unicode eighth blocks, followed by TEXT. With
# --groups, blocks of lines separated by an empty line are each scaled to
# their own largest value.
bars() {
	awk -F'\t' -v groups="${1:-}" -v width="${BAR_WIDTH:-40}" '
		BEGIN { split("▏ ▎ ▍ ▌ ▋ ▊ ▉", part, " "); g = 1 }
		$0 == "" { if (groups == "--groups" && nl && group[nl] == g) g++
			   next }
		{ nl++; label[nl] = $1; val[nl] = $2 + 0; text[nl] = $3
		  group[nl] = groups == "--groups" ? g : 1
		  if (val[nl] > max[group[nl]]) max[group[nl]] = val[nl]
		  if (length($1) > lw) lw = length($1) }
		END {
			for (i = 1; i <= nl; i++) {
				if (i > 1 && group[i] != group[i - 1]) print ""
				m = max[group[i]]
				cells = m > 0 ? val[i] / m * width * 8 : 0
				full = int(cells / 8); k = int(cells - full * 8)
				s = ""
				for (j = 0; j < full; j++) s = s "█"
				if (k > 0) s = s part[k]
				else if (full == 0 && val[i] > 0) { s = "▏"; k = 1 }
				for (j = full + (k > 0); j < width; j++) s = s " "
				printf "  %-" lw "s %s %s\n", label[i], s, text[i]
			}
		}'
}

# wall_chart SEQ: lines "MODE<TAB>SECONDS" in (a median wall time per
# mode), a table with the speedup over SEQ seconds and a bar chart out.
wall_chart() {
	local seq=$1 m s

	tee "$DEMO_TMP/wall" >/dev/null
	printf '  %-10s %12s %9s\n' "mode" "wall" "speedup"
	while IFS=$'\t' read -r m s; do
		printf '  %-10s %12s %8.2fx\n' "$m" "$(fmt_time "$s")" \
			"$(awk -v a="$seq" -v b="$s" 'BEGIN { print (b > 0 ? a / b : 0) }')"
	done <"$DEMO_TMP/wall"
	echo
	echo "  wall time (shorter is better):"
	while IFS=$'\t' read -r m s; do
		printf '%s\t%s\t%s\n' "$m" "$s" "$(fmt_time "$s")"
	done <"$DEMO_TMP/wall" | bars
}

# speedups WORKLOAD MODES [ARGS...]: run WORKLOAD under MODES (a comma
# list, seq first) on CPUS workers unless ARGS has --workers, then print the wall time table and
# chart; sets SPEEDUP_OF_<mode> (dashes as underscores) for the lesson.
speedups() {
	local wl=$1 modes=$2 m s
	shift 2

	case " $* " in
	*" --workers "*) bench --workload "$wl" --mode "$modes" "$@" ;;
	*) bench --workload "$wl" --mode "$modes" --workers "$CPUS" "$@" ;;
	esac
	# shellcheck disable=SC2086
	cols mode wall_s | median_by | by_mode ${modes//,/ } >"$DEMO_TMP/per"
	s=$(awk -F'\t' '$1 == "seq" { print $2 }' "$DEMO_TMP/per")
	wall_chart "$s" <"$DEMO_TMP/per"
	while IFS=$'\t' read -r m s2; do
		printf -v "SPEEDUP_OF_${m//-/_}" '%s' \
			"$(awk -v a="$s" -v b="$s2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }')"
	done <"$DEMO_TMP/per"
}

# fmt_time SECONDS: in the unit that reads best (s, ms or us).
fmt_time() {
	awk -v s="$1" 'BEGIN {
		if (s >= 1) printf "%.2f s", s
		else if (s >= 0.001) printf "%.2f ms", s * 1000
		else printf "%.1f us", s * 1e6 }'
}

# picture NAME TITLE ARGS...: run bin/bench ARGS live with --trace, draw
# the first repetition's timeline (one row per thread: holds the GIL,
# waits for it, in I/O or native code) as NAME.png and print where it is.
# The trace, its rows and the picture go to DEMO_OUT (default
# results/demos). Sets FIGS to what `bin/bench trace` said of it.
picture() {
	local name=$1 title=$2 out=${DEMO_OUT:-$DEMO_ROOT/results/demos}
	shift 2

	mkdir -p "$out" || exit 1
	rm -f "$out/$name".*
	echo "  \$ bin/bench $* --trace $out/$name.csv"
	"$BENCH" "$@" --csv "$out/$name.rows.csv" --trace "$out/$name.csv" --quiet || {
		echo "  bin/bench failed (status $?)" >&2
		exit 1
	}
	FIGS=$("$BENCH" trace "$out/$name.csv" --timeline "$out" --title "$title") || exit 1
	if ! command -v gnuplot >/dev/null 2>&1; then
		echo "  (No gnuplot, so no picture: its data is $out/$name.dat;"
		echo "  scripts/deps.sh plot installs gnuplot.)"
		return 0
	fi
	(cd "$out" && gnuplot -e "plotdir='$DEMO_ROOT/plots'" "$name.vars.gp" \
		"$DEMO_ROOT/plots/timeline.gp") || { echo "  gnuplot failed" >&2; exit 1; }
	echo
	echo "  picture: $out/$name.png"
}

# fig NAME: a figure of the last picture's trace (bin/bench trace's
# NAME=VALUE), e.g. fig handoff_median_ms.
fig() {
	printf '%s\n' "$FIGS" | sed -n "s/.*[ ]$1=\([^ ]*\).*/\1/p" | head -1
}
