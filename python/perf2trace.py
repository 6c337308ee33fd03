#!/usr/bin/env python3
"""perf2trace.py - `perf script` output of real CPython's GIL probes into
the suite's trace CSV (bench/core/trace.h), so that `bin/bench trace` and
the report read a real interpreter exactly as they read the simulated
lock.

  perf script -i perf.data --ns -F trace:tid,time,event,trace \\
      --show-lost-events \\
      | python3 perf2trace.py --side SIDE --out TRACE.csv

Input: one line per probe hit, as perf script prints it:

  3240 1121.606669370:  gilbench_77:want: (7f1e2c64f7b0)
  3240 1121.606671002:  gilbench_77:take: (7f1e2c64f7b0 <- 7f1e2c64fd60)
  6128 1008.915677619:  gilbench_77:acquire: (7f91897a5960) lock=0x55ac1826e300 il=0x55ac1826e300

and SIDE, the scene's side file (gilscene.py): which threads are the
workers (their native ids, their tasks), time 0 of the scene, where a
worker's scene begins.

The probes (trace_cpython.py places them; the event names are the
contract between the two) and what each becomes, per worker thread:

  CPython 3.x (Python/ceval_gil.h)
    want      take_gil entry                want; inside a blocking section
                                            first block_end (the section's
                                            PyEval_RestoreThread takes the
                                            lock first thing)
    take      take_gil return               take (arg: ns since its want)
    drop      drop_gil entry                inside a blocking section: drop;
                                            else, when the thread's next
                                            event is a want: forced_drop
                                            (the eval loop's drop on a
                                            request); else drop (the
                                            thread's exit)
    save      PyEval_SaveThread entry       block_begin
    restore   PyEval_RestoreThread entry    block_end (optional: the tracer
                                            places no such probe, its want
                                            is the same moment)
  CPython 2.7 (Python/ceval.c: the interpreter_lock)
    acquire   PyThread_acquire_lock entry,  want, when lock is the GIL
              lock=1st arg, il=interpreter_  (inside a blocking section
              lock's value at that moment   first block_end, as for 3.x)
    acquired  PyThread_acquire_lock return  take, when its acquire was the
              ret=its result                GIL's and ret is 1
    release   PyThread_release_lock entry,  the GIL's: inside a blocking
              lock, il as for acquire       section: drop; else, when the
                                            thread's next GIL event is an
                                            acquire: drop with arg 1 (the
                                            tick's release, as gil-legacy
                                            writes it); else drop
    save, restore                           as for 3.x

2.7's interpreter lock is an ordinary thread lock (PyThread_type_lock):
PyThread_acquire_lock and PyThread_release_lock serve every lock of the
process. Each of their probes also reads the static variable
interpreter_lock (ceval.c) from the process's memory at that moment, so a
call is the GIL's exactly when its lock argument equals that value (and
it is not 0: before the first thread starts there is no GIL).

Only the workers' events are kept (the main thread's start-up, imports
and join, the echo process, are the interpreter's own), from the scene's
begin_ns (before it a worker was starting and waiting at the scene's
gate) or the worker's own later from_ns. Threads are numbered 1, 2, ... in the order of
their tasks; t_ns counts from the side file's begin_ns.
Events perf lost (LOST lines) are named in the note of every thread's last
row and on stderr: the trace has gaps.
"""
from __future__ import division, print_function

import re
import sys

HEADER = "workload,mode,workers,tasks,rep,t_ns,thread,task,event,arg,note"

# tid, time (s.ns), event (group:name), the rest.
LINE = re.compile(r"^\s*(\d+)\s+(\d+)\.(\d{9}):\s+([\w.]+):(\w+):\s*(.*)$")
LOST = re.compile(r"\bLOST\s+(\d+)\s+events?\b")
ARG = re.compile(r"(\w+)=(\S+)")

EVENTS_3 = ("want", "take", "drop", "save", "restore")
EVENTS_2 = ("acquire", "acquired", "release", "save", "restore")


class ConvertError(Exception):
    pass


def read_side(path):
    """The side file as a dict; workers as {tid: task}, from as
    {tid: ns}."""
    side = {"workers": {}, "from": {}}
    with open(path) as f:
        for n, line in enumerate(f, 1):
            parts = line.split()
            if not parts:
                continue
            try:
                if parts[0] == "worker":
                    side["workers"][int(parts[1])] = int(parts[2])
                elif parts[0] == "from_ns":
                    side["from"][int(parts[1])] = int(parts[2])
                else:
                    side[parts[0]] = " ".join(parts[1:])
            except (IndexError, ValueError):
                raise ConvertError("%s:%d: malformed line '%s'"
                                   % (path, n, line.strip()))
    for k in ("scene", "mode", "begin_ns"):
        if k not in side:
            raise ConvertError("%s: no '%s' line (is it a gilscene.py side "
                               "file?)" % (path, k))
    if not side["workers"]:
        raise ConvertError("%s: no worker lines" % path)
    side["begin_ns"] = int(side["begin_ns"])
    return side


def parse(lines, workers, from_ns, begin):
    """The workers' probe hits as (t_ns, tid, name, args), in time order,
    and how many events perf lost."""
    hits, lost, seen, early = [], 0, 0, 0
    for line in lines:
        m = LINE.match(line)
        if not m:
            lm = LOST.search(line)
            if lm:
                lost += int(lm.group(1))
            continue
        seen += 1
        tid = int(m.group(1))
        if tid not in workers:
            continue
        t = int(m.group(2)) * 1000000000 + int(m.group(3))
        if t < from_ns.get(tid, begin):
            early += 1
            continue
        args = dict(ARG.findall(m.group(6)))
        hits.append((t, tid, m.group(5), args))
    if not seen:
        raise ConvertError("no probe hits in the perf script output "
                           "(were the probes on the library the "
                           "interpreter loaded?)")
    if early and not hits:
        raise ConvertError("every worker event lies before the scene began: "
                           "the trace's clock and the scene's disagree (was "
                           "perf record run with -k CLOCK_MONOTONIC?)")
    hits.sort(key=lambda h: h[0])  # stable: perf's order within a ns
    return hits, lost


def _num(v):
    return int(v, 16) if v.startswith(("0x", "0X")) else int(v)


def _gil_hits(hits):
    """CPython 2.7: only the interpreter lock's acquire/release, with each
    acquire's return (a thread's acquire calls do not nest)."""
    out, pending = [], {}
    for t, tid, name, args in hits:
        if name in ("acquire", "release"):
            try:
                lock, il = _num(args["lock"]), _num(args["il"])
            except (KeyError, ValueError):
                raise ConvertError("%s hit without lock= and il= values"
                                   % name)
            mine = il != 0 and lock == il
            if name == "acquire":
                pending[tid] = mine
            if mine:
                out.append((t, tid, name, args))
        elif name == "acquired":
            if pending.pop(tid, False) and _num(args.get("ret", "1")) == 1:
                out.append((t, tid, name, args))
        else:
            out.append((t, tid, name, args))
    return out


def events(hits):
    """Probe hits (time order) into trace events (t, tid, event, arg)."""
    names = set(h[2] for h in hits)
    legacy = bool(names & {"acquire", "acquired", "release"})
    if legacy and names & {"want", "take", "drop"}:
        raise ConvertError("probes of both GILs in one trace")
    if legacy:
        hits = _gil_hits(hits)
    want_ev, take_ev, drop_ev = (("acquire", "acquired", "release") if legacy
                                 else ("want", "take", "drop"))
    # The next lock event of each hit's thread: whether a drop is
    # followed by a want (a forced drop, or 2.7's tick).
    after = [None] * len(hits)
    last = {}
    for i in range(len(hits) - 1, -1, -1):
        t, tid, name, _ = hits[i]
        after[i] = last.get(tid)
        if name in (want_ev, take_ev, drop_ev):
            last[tid] = name
    out, in_block, want_at = [], {}, {}
    for i, (t, tid, name, _) in enumerate(hits):
        if name == "save":
            in_block[tid] = True
            out.append((t, tid, "block_begin", 0))
        elif name == "restore":
            in_block[tid] = False
            out.append((t, tid, "block_end", 0))
        elif name == want_ev:
            if in_block.get(tid):
                in_block[tid] = False
                out.append((t, tid, "block_end", 0))
            want_at[tid] = t
            out.append((t, tid, "want", 0))
        elif name == take_ev:
            w = want_at.pop(tid, None)
            out.append((t, tid, "take", t - w if w is not None else 0))
        elif name == drop_ev:
            if in_block.get(tid):
                out.append((t, tid, "drop", 0))
            elif after[i] == want_ev:
                out.append((t, tid, "drop", 1) if legacy
                           else (t, tid, "forced_drop", 0))
            else:
                out.append((t, tid, "drop", 0))
        else:
            raise ConvertError("unknown probe event '%s' (expected %s)" % (
                name, ", ".join(EVENTS_2 if legacy else EVENTS_3)))
    return out


def convert(lines, side):
    """Trace CSV lines (header first) of the scene's workers."""
    workers, from_ns = side["workers"], side["from"]
    t0 = side["begin_ns"]
    hits, lost = parse(lines, workers, from_ns, t0)
    evs = events(hits)
    missing = sorted(tid for tid in workers
                     if not any(e[1] == tid for e in evs))
    if missing:
        raise ConvertError("worker thread%s %s left no lock events (were "
                           "the probes on the library the interpreter "
                           "loaded?)" % ("s" if len(missing) > 1 else "",
                                         ", ".join(map(str, missing))))
    if evs[-1][0] - t0 > 3600 * 10**9:
        raise ConvertError("the trace's times and the scene's begin_ns "
                           "disagree (%d against %d): was perf record run "
                           "with -k CLOCK_MONOTONIC?" % (evs[-1][0], t0))
    # Rows by task: the convoy's I/O thread (task 0) is thread 1, as in
    # bin/bench's convoy, whichever thread's scene began first.
    number = dict((tid, k + 1) for k, tid in
                  enumerate(sorted(workers, key=workers.get)))
    last_row = {}
    for i, e in enumerate(evs):
        last_row[e[1]] = i
    n = len(workers)
    cell = "%s,%s,%d,%d,1" % (side["scene"], side["mode"], n, n)
    note = ("perf lost %d events: the trace has gaps" % lost) if lost else ""
    rows = [HEADER]
    for i, (t, tid, ev, arg) in enumerate(evs):
        rows.append("%s,%d,%d,%d,%s,%d,%s" % (
            cell, t - t0, number[tid], workers[tid], ev, arg,
            note if last_row[tid] == i else ""))
    return rows, lost


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--side", required=True, help="gilscene.py's side file")
    ap.add_argument("--perf", help="perf script output (default: stdin)")
    ap.add_argument("--out", help="the trace CSV (default: stdout)")
    opt = ap.parse_args(argv)
    try:
        side = read_side(opt.side)
        if opt.perf:
            with open(opt.perf) as f:
                rows, lost = convert(f, side)
        else:
            rows, lost = convert(sys.stdin, side)
    except (IOError, OSError) as e:
        print("perf2trace.py: %s" % e, file=sys.stderr)
        return 2
    except ConvertError as e:
        print("perf2trace.py: %s" % e, file=sys.stderr)
        return 1
    if lost:
        print("perf2trace.py: perf lost %d events: the trace has gaps "
              "(a bigger perf record -m buffer keeps them)" % lost,
              file=sys.stderr)
    text = "\n".join(rows) + "\n"
    if opt.out:
        import os
        tmp = opt.out + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.rename(tmp, opt.out)  # whole or absent
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
