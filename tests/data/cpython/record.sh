#!/usr/bin/env bash
# record.sh - how the samples here were recorded (as root, with perf):
# one short scene per interpreter under the tracer's own probes, its
# `perf script` output and gilscene.py's side file, the perf.data thrown
# away. tests/e2e/cpython.sh converts them and checks the traces.
#
#   tests/data/cpython/record.sh       # rewrites the samples here
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
tmp=$(mktemp -d)
group=gbrecord_$$
trap 'python3 -c "import sys; sys.path.insert(0, \"$root/python\"); import trace_cpython as t; p = t.Probes(t.tracefs()); p.placed = [\"$group/\" + e for e in (\"want\",\"take\",\"drop\",\"save\",\"restore\",\"acquire\",\"acquired\",\"release\")]; p.remove()" 2>/dev/null; rm -rf "$tmp"' EXIT
# trim SIDE: every line of the workers, and of the other threads and
# processes (the main thread's imports and join, the echo process) only
# the 30 lines before the workers' first and the first and last 40 while
# the workers run: enough to show they are left out, small enough to
# check in.
trim() {
	python3 -c '
import sys
workers = set(l.split()[1] for l in open(sys.argv[1]) if l.startswith("worker "))
lines = sys.stdin.readlines()
tid = lambda l: l.split()[0] if l.split() else ""
t = lambda l: float(l.split()[1].rstrip(":"))
w = [l for l in lines if tid(l) in workers]
lo, hi = t(w[0]), t(w[-1])
keep = set()
for other in set(map(tid, lines)) - workers:
    mine = [i for i, l in enumerate(lines) if tid(l) == other]
    before = [i for i in mine if t(lines[i]) < lo][-30:]
    during = [i for i in mine if lo <= t(lines[i]) <= hi]
    keep.update(before + during[:40] + during[-40:])
sys.stdout.writelines(l for i, l in enumerate(lines)
                      if tid(l) in workers or i in keep or not tid(l).isdigit())
' "$1"
}
# record NAME PYTHON MAJOR SCENE SECONDS [gilscene options]
record() {
	local name=$1 py=$2 major=$3 scene=$4 secs=$5 lib
	shift 5
	lib=$("$py" -c 'import os
for l in open("/proc/self/maps"):
    p = l.split()
    if len(p) >= 6 and os.path.basename(p[5]).startswith("libpython"):
        print(p[5]); break')
	python3 - "$root" "$lib" "$major" "$group" <<'PY'
import sys
sys.path.insert(0, sys.argv[1] + "/python")
import trace_cpython as t
p = t.Probes(t.tracefs())
p.place(t.probe_lines(sys.argv[2], int(sys.argv[3]), sys.argv[4]))
PY
	perf record -q -k CLOCK_MONOTONIC -m 16M -B -N --no-bpf-event -e "$group:*" \
		-o "$tmp/perf.data" -- "$py" "$root/python/gilscene.py" "$scene" \
		--seconds "$secs" --side "$here/$name.side" "$@"
	perf script -i "$tmp/perf.data" --ns -F trace:tid,time,event,trace \
		--show-lost-events >"$tmp/full.txt"
	trim "$here/$name.side" <"$tmp/full.txt" >"$here/$name.perf.txt"
	for e in want take drop save restore acquire acquired release; do
		echo "-:$group/$e" >>/sys/kernel/tracing/uprobe_events 2>/dev/null || true
	done
}
record py311-sumsq "$(pyenv prefix 3.11.7)/bin/python3.11" 3 sumsq 0.1
record py311-convoy "$(pyenv prefix 3.11.7)/bin/python3.11" 3 convoy 0.02
record py27-sumsq "$(pyenv prefix 2.7.18)/bin/python2.7" 2 sumsq 0.005 --interval 1000
wc -l "$here"/*.perf.txt
