#!/usr/bin/env python3
"""gilscene.py - one scene of real CPython's GIL, the twin of a simulated
timeline (scripts/trace-cpython.sh runs it under perf's uprobes).

  python gilscene.py sumsq  --seconds S --side FILE [--interval MS]
  python gilscene.py convoy --seconds S --side FILE [--interval MS]

sumsq: two threads sum squares (compare.py's sumsq_task, in chunks) until
S seconds have passed: bin/bench's sumsq under gil (CPython 3) or
gil-legacy (CPython 2), as in the report's timeline-1-gil and
timeline-2-legacy. Each thread's sum is checked against the closed form of
the terms it did.

convoy: an I/O thread (task 0) does 1-byte round trips over two pipes with
an echo process (compare.py's ECHO) for S seconds beside one CPU thread
(task 1), as bin/bench's convoy (timeline-3-convoy); --echo-fds hands it
an echo process started outside the traced processes. Task 0 first waits
in one blocking call (a read) for the CPU thread to start: bin/bench's
convoy does the same, and the trace reader takes that first blocking
section for it. Every echoed byte is checked, and the CPU thread's sum.

The side file says what the trace converter (perf2trace.py) needs and the
scene's own figures, one "key value" line each:

  scene sumsq|convoy      python 3.11.7          mode cpython-3.11
  begin_ns T              CLOCK_MONOTONIC ns when the main thread opened
                          the gate that the started workers wait at: the
                          trace's time 0 (a worker's start-up is before)
  worker TID TASK         each worker's native thread id and its task
  from_ns TID T           that thread's scene begins later, at T (the
                          convoy's I/O thread: its one blocking call
                          before the round trips begins after T)
  seconds S               how long the measured part ran
  metric X, metric_name N the figure (convoy: round trips/s; sumsq: terms
                          summed per second, both threads)
  metric2 X, metric2_name N   convoy: the CPU thread's terms per second
  switch_interval_ms X | check_interval N
  verified true|false     every answer checked

Only the workers are the scene: the main thread (start-up, imports, the
join) and the echo process are the interpreter's own and are left out.
The file runs on CPython 2.7 and 3.x alike. GILBENCH_SCENE_FAIL=1 makes
it fail after its threads ran (the tracer's tests).
"""
from __future__ import division, print_function

import os
import subprocess
import sys
import threading
import time

# No compare.pyc or __pycache__ beside the sources.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from compare import ECHO, sumsq_closed, sumsq_task  # noqa: E402

# Terms per chunk between looks at the clock: some 0.3 ms on CPython 3.11
# (compare.py's CONVOY_CHUNK), far below a 5 ms switch interval.
CHUNK = 4096


def _pydll():
    """libc through ctypes.PyDLL: a call that keeps the GIL. A CDLL call
    releases it, which would put a blocking section of its own into the
    trace."""
    import ctypes
    return ctypes, ctypes.PyDLL(None)


def _mono_ns():
    f = getattr(time, "monotonic_ns", None)
    if f is not None:
        return f
    if hasattr(time, "clock_gettime") and hasattr(time, "CLOCK_MONOTONIC"):
        def now():
            return int(time.clock_gettime(time.CLOCK_MONOTONIC) * 1e9)
        return now
    ctypes, libc = _pydll()  # CPython 2: no monotonic clock of its own

    class Timespec(ctypes.Structure):
        _fields_ = [("s", ctypes.c_long), ("ns", ctypes.c_long)]
    gettime = libc.clock_gettime
    gettime.argtypes = [ctypes.c_int, ctypes.POINTER(Timespec)]
    ts = Timespec()
    ref = ctypes.byref(ts)

    def now():
        gettime(1, ref)  # 1: CLOCK_MONOTONIC, what perf record -k uses
        return ts.s * 1000000000 + ts.ns
    return now


def _native_id():
    f = getattr(threading, "get_native_id", None)
    if f is not None:
        return f
    import platform
    nr = {"x86_64": 186, "aarch64": 178, "i686": 224, "i386": 224}.get(
        platform.machine())
    if nr is None:
        raise RuntimeError("no thread id on %s before Python 3.8"
                           % platform.machine())
    _, libc = _pydll()
    return lambda: libc.syscall(nr)


now_ns = _mono_ns()
native_id = _native_id()


def cpu_loop(until, stop):
    """Sum squares in chunks until the clock passes until (or stop is set);
    returns (terms, 0 when the sum was right)."""
    n = acc = 0
    while not stop and now_ns() < until:
        acc += sumsq_task((n, n + CHUNK))
        n += CHUNK
    return n, (acc - sumsq_closed(0, n)) % 2**64


class Gate(object):
    """The scene's start: each worker, once started, blocks in a read of
    this pipe until the main thread has started them all and opens it, so
    that the workers begin together and the main thread (starting the
    next thread) is not a third contender for the lock in the scene."""

    def __init__(self, n):
        self.n = n
        self.r, self.w = os.pipe()
        self.t0 = None

    def wait(self):
        os.read(self.r, 1)

    def open(self):
        self.t0 = now_ns()
        os.write(self.w, b"g" * self.n)
        return self.t0

    def close(self):
        os.close(self.r)
        os.close(self.w)


def run_threads(targets, gate, side):
    threads = [threading.Thread(target=f) for f in targets]
    for t in threads:
        t.start()
    side["begin_ns"] = gate.open()
    for t in threads:
        t.join()
    gate.close()


def scene_sumsq(seconds, side, echo_fds):
    tids, out = [None, None], [None, None]
    gate = Gate(2)

    def worker(slot):
        tids[slot] = native_id()
        gate.wait()
        out[slot] = cpu_loop(gate.t0 + int(seconds * 1e9), ())
    run_threads([lambda: worker(0), lambda: worker(1)], gate, side)
    wall = (now_ns() - gate.t0) / 1e9
    side["workers"] = [(tids[k], k) for k in (0, 1)]
    side["seconds"] = wall
    side["metric"] = sum(o[0] for o in out) / wall
    side["metric_name"] = "sumsq_terms_per_s"
    return all(o[1] == 0 for o in out)


def scene_convoy(seconds, side, echo_fds):
    echo = None
    if echo_fds:
        w, r = echo_fds
    else:
        echo = subprocess.Popen([sys.executable, "-c", ECHO],
                                stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, bufsize=0,
                                close_fds=True)
        w, r = echo.stdin.fileno(), echo.stdout.fileno()
    os.write(w, b"x")
    up = os.read(r, 1) == b"x"  # the echo process is running
    go_r, go_w = os.pipe()
    tids, marks, res, stop = [None, None], {}, {}, []
    gate = Gate(2)
    # One byte per round trip, varied, so a lost or doubled echo shows.
    # Made before the loop: building them there would be work of its own.
    trip_bytes = [bytes(bytearray([k])) for k in range(256)]

    def io_worker():
        tids[0] = native_id()
        gate.wait()
        marks["from"] = now_ns()
        os.read(go_r, 1)  # the one blocking call before the round trips
        trips = bad = 0
        t0 = t = now_ns()
        until = t0 + int(seconds * 1e9)
        while t < until:  # compare.py's convoy loop
            b = trip_bytes[trips & 255]
            os.write(w, b)
            if os.read(r, 1) != b:
                bad += 1
            trips += 1
            t = now_ns()
        stop.append(1)
        res["io"] = (trips, (t - t0) / 1e9, bad)

    def cpu_worker():
        tids[1] = native_id()
        gate.wait()
        t0 = now_ns()
        os.write(go_w, b"g")  # running: the I/O thread may begin
        n, diff = cpu_loop(t0 + int(600e9), stop)
        res["cpu"] = (n, (now_ns() - t0) / 1e9, diff)

    run_threads([io_worker, cpu_worker], gate, side)
    if echo:
        echo.stdin.close()
        echo.stdout.close()
        echo.wait()
    os.close(go_r)
    os.close(go_w)
    trips, io_s, bad = res["io"]
    n, cpu_s, diff = res["cpu"]
    side["workers"] = [(tids[0], 0), (tids[1], 1)]
    side["from"] = [(tids[0], marks["from"])]
    side["seconds"] = io_s
    side["metric"] = trips / io_s
    side["metric_name"] = "round_trips_per_s"
    side["metric2"] = n / cpu_s
    side["metric2_name"] = "cpu_terms_per_s"
    return up and bad == 0 and diff == 0 and trips > 0


SCENES = {"sumsq": scene_sumsq, "convoy": scene_convoy}


def write_side(path, side):
    lines = []
    for k in ("scene", "python", "mode", "begin_ns"):
        lines.append("%s %s" % (k, side[k]))
    for tid, task in side["workers"]:
        lines.append("worker %d %d" % (tid, task))
    for tid, t in side.get("from", []):
        lines.append("from_ns %d %d" % (tid, t))
    for k in ("seconds", "metric", "metric_name", "metric2", "metric2_name",
              "switch_interval_ms", "check_interval", "verified"):
        if k in side:
            v = side[k]
            lines.append("%s %s" % (k, ("%.9g" % v) if isinstance(v, float)
                                    else v))
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.rename(tmp, path)  # whole or absent


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("scene", choices=sorted(SCENES))
    ap.add_argument("--seconds", type=float, required=True)
    ap.add_argument("--side", required=True)
    ap.add_argument("--echo-fds", metavar="W,R",
                    help="convoy: the pipes to an echo process already "
                    "running (the tracer's, so that its probes do not "
                    "fire in the echo); default: start one")
    ap.add_argument("--interval", type=float,
                    help="switch interval ms (3.x, default 5) or check "
                    "interval (2.x, default 100)")
    opt = ap.parse_args(argv)
    if not 0 < opt.seconds <= 600:
        ap.error("--seconds must be above 0 and at most 600")
    v = sys.version_info
    side = {"scene": opt.scene, "python": "%d.%d.%d" % v[:3],
            "mode": "cpython-%d.%d" % v[:2]}
    if hasattr(sys, "setswitchinterval"):
        ms = opt.interval if opt.interval else 5.0
        sys.setswitchinterval(ms / 1000.0)
        side["switch_interval_ms"] = ms
    else:
        n = int(opt.interval) if opt.interval else 100
        sys.setcheckinterval(n)
        side["check_interval"] = n
    echo_fds = None
    if opt.echo_fds:
        try:
            echo_fds = tuple(int(x) for x in opt.echo_fds.split(","))
            if len(echo_fds) != 2:
                raise ValueError
        except ValueError:
            ap.error("--echo-fds wants two descriptors: W,R")
    ok = SCENES[opt.scene](opt.seconds, side, echo_fds)
    if os.environ.get("GILBENCH_SCENE_FAIL") == "1":
        print("gilscene.py: failing on purpose (GILBENCH_SCENE_FAIL=1)",
              file=sys.stderr)
        return 1
    side["verified"] = "true" if ok else "false"
    write_side(opt.side, side)
    if not ok:
        print("gilscene.py: %s: a wrong answer (echo or sum)" % opt.scene,
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
