#!/bin/sh
# plots.sh RUN - the plotting stage of make bench: summarize the run (which
# writes the charts' data and variables into RUN/plots/), then draw each
# chart with gnuplot as PNG and SVG. Without gnuplot, says how to get it
# and succeeds: everything else of the pipeline still works.
#
#   scripts/plots.sh [RUN]     RUN: a results folder or a CSV (default
#                              results/latest)
set -u
# Numbers with a decimal point whatever the locale (see scripts/bench.sh).
export LC_ALL=C.UTF-8
root=$(cd "$(dirname "$0")/.." && pwd)
run=${1:-results/latest}
if [ -d "$run" ]; then dir=$run; else dir=$(dirname "$run"); fi

# Charts of an earlier summary of this run may no longer apply.
rm -f "$dir"/plots/*.vars.gp "$dir"/plots/*.dat "$dir"/plots/*.png "$dir"/plots/*.svg
"$root/bin/bench" summarize "$run" || exit $?

if ! command -v gnuplot >/dev/null 2>&1; then
	echo "plots: gnuplot is not installed, so no charts were drawn; install it with scripts/deps.sh plot (Debian: apt-get install gnuplot-nox)" >&2
	exit 0
fi
drawn=0
failed=0
for vars in "$dir"/plots/*.vars.gp; do
	[ -e "$vars" ] || continue
	script=$(sed -n 's/^script = "\(.*\)"$/\1/p' "$vars")
	name=$(basename "$vars" .vars.gp)
	if [ ! -f "$root/plots/$script" ]; then
		echo "plots: $vars names an unknown script '$script'" >&2
		failed=$((failed + 1))
		continue
	fi
	# In the plots folder, so the variables' relative paths hold.
	if err=$(cd "$dir/plots" && gnuplot -e "plotdir='$root/plots'" \
		"$name.vars.gp" "$root/plots/$script" 2>&1) && [ -s "$dir/plots/$name.png" ]; then
		drawn=$((drawn + 1))
		# gnuplot warns on stderr without failing; show it.
		[ -n "$err" ] && echo "$err" | sed "s/^/plots: $name: /" >&2
	else
		echo "plots: gnuplot failed on $name ($script):" >&2
		echo "$err" | sed 's/^/  /' >&2
		failed=$((failed + 1))
	fi
done
echo "plots: $drawn charts drawn in $dir/plots/ (PNG and SVG)"
[ "$failed" -eq 0 ]
