#!/bin/sh
# report.sh RUN - the last stages of make bench, also `make report`: the
# summary and charts (scripts/plots.sh), then RUN/REPORT.md and
# RUN/REPORT.html (bin/bench report), copied with the PNGs to report/
# (REPORT_DIR to copy elsewhere); then the browser check
# (scripts/browser-check.py), whose screenshots go to RUN/screenshots/.
#
#   scripts/report.sh [--no-browser-check] [RUN]
#                              RUN: a results folder or a CSV (default
#                              results/latest)
#
# --no-browser-check, or GB_BROWSER_CHECK=0 in the environment (which
# reaches it through make bench and scripts/bench.sh too), leaves the
# browser check out: the tests that run the suite end to end use it, as
# Chromium takes seconds per page and four at once took minutes.
set -u
# Numbers with a decimal point whatever the locale (see scripts/bench.sh).
export LC_ALL=C.UTF-8
root=$(cd "$(dirname "$0")/.." && pwd)
browser_check=${GB_BROWSER_CHECK:-1}
case "${1:-}" in
--no-browser-check) browser_check=0; shift ;;
esac
run=${1:-results/latest}
out=${REPORT_DIR:-$root/report}
if [ -d "$run" ]; then dir=$run; else dir=$(dirname "$run"); fi

"$root/scripts/plots.sh" "$run"
plots=$?
# A malformed CSV or a bad RUN is not worth a report.
[ "$plots" -eq 2 ] && exit 2
"$root/bin/bench" report "$run" || exit $?
mkdir -p "$out/plots"
rm -f "$out"/plots/*.png
# Copied aside and renamed, so two make bench ending together leave one
# whole report, not a mix of both.
for f in REPORT.md REPORT.html; do
	cp "$dir/$f" "$out/.$f.$$" && mv -f "$out/.$f.$$" "$out/$f" || exit 1
done
for png in "$dir"/plots/*.png; do
	[ -e "$png" ] && cp "$png" "$out/plots/"
done
echo "report: copied to $out/REPORT.md and $out/REPORT.html"
# The report at a phone's, a projector's and a laptop's width, with
# screenshots into the run folder; a layout fault is said, not fatal.
if [ "$browser_check" = 0 ]; then
	echo "report: browser check skipped (--no-browser-check or GB_BROWSER_CHECK=0)" >&2
elif command -v python3 >/dev/null 2>&1; then
	python3 "$root/scripts/browser-check.py" "$dir"
	case $? in
	0|3) ;;
	*) echo "report: the browser check found a layout fault (above); the report was written anyway" >&2 ;;
	esac
else
	echo "report: no python3, so the report was not checked in a browser (scripts/deps.sh browser)" >&2
fi
exit "$plots"
