#!/usr/bin/env python3
"""compare.py - real CPython beside the simulated GILs, in the same run.

For each interpreter it measures, in one run and interleaved with the
matching bin/bench cells:

  * the articles' CPU snippets (is_prime over range(100_000, 200_000),
    sum(i * i ...)) through concurrent.futures as the articles write it
    (`with ProcessPoolExecutor(max_workers=W) as ex: list(ex.map(f, xs))`,
    ThreadPoolExecutor likewise; CPython 2 has a thread pool of ours and
    multiprocessing.Pool) in rounds of seq, threads and processes in a
    shuffled order: a speedup is the median of the per-round ratios, with
    a bootstrap interval; bin/bench's seq and matching mode beside them
    (gil, gil-legacy for CPython 2, threads for a free-threaded CPython
    with its GIL off; fork too beside a free-threaded build);
  * time.sleep as the I/O stand-in (as before, no pairing);
  * the convoy: one thread doing 1-byte round trips over two pipes with a
    separate Python echo process, beside 0 / 1 / 2 CPU threads, at switch
    intervals 5 ms and 1 ms (3.x) or check interval 100 (2.x), each cell
    --convoy-reps times, beside bin/bench's convoy cells;
  * ProcessPoolExecutor's start-up under each start method (fork,
    forkserver, spawn: the time until W workers have each run a task)
    and 100 empty tasks through it, beside bin/bench's empty cells of the
    modes of the same names (forkserver when this bin/bench has it).

Interpreters: PYTHONS if set (exactly those), else python3 on PATH, a
CPython 2.7 (on PATH or in pyenv) and the free-threaded CPython that
scripts/cpython-ft.sh --find names (PYTHON_FT=PATH, python3.13t on PATH or
in pyenv, or `make cpython-ft`'s build in the cache), with its GIL twin.
A free-threaded build is measured twice, PYTHON_GIL=0 and PYTHON_GIL=1,
beside its twin (the same version built the default way), all three in
the same rounds, so that their rows pair. Row prefixes, one per kind, so
that rows never mix:

  py-*       a CPython 3 with its GIL (python3: 3.11 here)
  py2-*      CPython 2.7
  pyft-*     a free-threaded CPython with PYTHON_GIL=0: no GIL
  pyftgil-*  the same free-threaded CPython with PYTHON_GIL=1
  pytwin-*   the default build of the free-threaded CPython's version

Modes: PREFIX-seq, PREFIX-threads, PREFIX-procs (workloads primes,
sumsq, sleep, convoy), and PREFIX-fork, PREFIX-forkserver, PREFIX-spawn
(workload empty: the start-up cells). Every row says in gil_enabled what
sys._is_gil_enabled() was after its cell; a PYTHON_GIL=0 interpreter
whose GIL is on (an extension module re-enabled it) is refused, with the
reason, and so is a PYTHON_GIL=1 one whose GIL is off. Only the first
interpreter of each kind writes rows (two CPython 3s would mix in one
cell); every one is in fidelity.csv.

Rows go to --csv in bin/bench's schema (header from the file, or from
`bin/bench --csv-header` for a new file; a file of another schema is
refused). Each row has run_id and round (= rep): the cells of one round
ran back to back, the seq, threads and processes of every interpreter of
a free-threaded group among them.

fidelity.csv (--fidelity, default beside --csv) has one line per figure:
the real and the simulated value with intervals, their ratio (and
difference, for speedups) with an interval, the target of issue 13 and
whether it is met: "yes" when the whole interval of the comparison lies
inside the target, "no" when it lies wholly outside, "inconclusive" when
it straddles a bound. Its column `rows` is the prefix of the rows the
figure comes from. Figures without a simulated side (the process
speedups of a CPython with its GIL, the free-threaded build's cost on
one thread against its twin) have met "-".

    python3 python/compare.py --csv FILE [--quick] [--workers N]
                              [--pairs N] [--convoy-reps N] [--no-ft]

--workers defaults to the usable cores, and the rows' cpus column holds
them, as bin/bench's do (`bin/bench cpus cpus_usable`; without bin/bench,
the affinity mask, and a line that says so).

The same file runs on 2.7 and 3.x: the driver starts each interpreter as
`compare.py --serve`, a worker that runs one cell per request (a JSON line
on stdin, the answer a JSON line on stdout).

Cost on 2 vCPUs (default settings, the simulated cells included): about
70 s per interpreter, 2.3 min for CPython 3.11 plus 2.7, some 4 min more
for a free-threaded group; --quick (QUICK=1, make bench's share) about
6 s per interpreter, and the free-threaded group's full-size CPU snippets
in 5 rounds (about 12 s) and its start-up cells (no sleep, no convoy).

GILBENCH_FAKE_FREE_THREADED in a worker's environment is the tests'
stand-in for a free-threaded build: "1" one whose GIL follows PYTHON_GIL
(off unless PYTHON_GIL=1), "reenabled" one whose GIL is on although
PYTHON_GIL=0, "reenabled:N" the same from its Nth cell on.
"""
from __future__ import division, print_function

import csv
import io
import json
import math
import os
import random
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime

try:
    from datetime import timezone

    def utc_stamp():
        return datetime.now(timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
except ImportError:  # CPython 2
    def utc_stamp():
        return datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"

try:
    import queue
except ImportError:  # CPython 2
    import Queue as queue

try:
    # At the top, as the articles' scripts import them: a forkserver
    # preloads __main__ (this file), so its workers start with the pools'
    # code imported, and spawned workers import it as the articles' would.
    from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
except ImportError:  # CPython 2
    pass

if sys.version_info[0] == 2:
    range = xrange  # noqa: F821 - the articles' range() is lazy (3.x)

clock = getattr(time, "monotonic", time.time)


# --- the articles' snippets -------------------------------------------------

def is_prime(n):
    if n < 2:
        return False
    for i in range(2, int(n**0.5) + 1):
        if n % i == 0:
            return False
    return True


def primes_task(args):
    lo, hi = args
    return sum(1 for n in range(lo, hi) if is_prime(n))


def sumsq_task(args):
    lo, hi = args
    return sum(i * i for i in range(lo, hi))


def sleep_task(args):
    seconds, token = args
    time.sleep(seconds)
    return token


def noop(_):
    return 0


# --- known answers, by other methods ----------------------------------------

def isqrt(n):
    r = int(math.sqrt(n))
    while r * r > n:
        r -= 1
    while (r + 1) * (r + 1) <= n:
        r += 1
    return r


def sieve_count(lo, hi):
    """Primes in [lo, hi) by a plain sieve of Eratosthenes."""
    flags = bytearray([1]) * hi
    flags[0:2] = b"\x00\x00"
    for p in range(2, isqrt(hi - 1) + 1):
        if flags[p]:
            flags[p * p::p] = bytearray(len(range(p * p, hi, p)))
    return sum(flags[lo:hi])


def sumsq_closed(lo, hi):
    def s(n):
        return (n - 1) * n * (2 * n - 1) // 6 if n > 0 else 0
    return (s(hi) - s(lo)) % 2**64


# name: (task fn, tasks, size, args of task i, expected of task i,
#        bin/bench cell: (tasks, size) or None)
# The CSV's kind column for each workload (workloads/*.c's kind).
KIND_OF = {"primes": "cpu", "sumsq": "cpu", "sleep": "io", "convoy": "convoy"}

WORKLOADS = {
    # The articles' pool.map(is_prime, range(100_000, 200_000)).
    "primes": (primes_task, 10, 10000,
               lambda i, size: (100000 + i * size, 100000 + (i + 1) * size),
               lambda a: sieve_count(*a)),
    # 2 million terms: some 0.17 s on CPython 3.11 here, 0.4 s on 2.7.
    "sumsq": (sumsq_task, 8, 250000,
              lambda i, size: (i * size, (i + 1) * size),
              lambda a: sumsq_closed(*a)),
    "sleep": (sleep_task, 8, 50,
              lambda i, size: (size / 1000.0, i + 1),
              lambda a: a[1]),
}
CPU_WORKLOADS = ("primes", "sumsq")

# --- the worker: one cell per request ---------------------------------------

# The tests' stand-in for a free-threaded build (see the top of the file).
FAKE_FT = os.environ.get("GILBENCH_FAKE_FREE_THREADED", "")
# Cells this worker has answered (the stand-in "reenabled:N" counts them).
CELLS_DONE = [0]
# concurrent.futures as the articles use it needs 3.7 (the pools'
# initializer, which hands the start-up barrier to each process).
FUTURES = sys.version_info >= (3, 7)


def usage_now():
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (s.ru_utime + c.ru_utime, s.ru_stime + c.ru_stime,
            s.ru_nvcsw + c.ru_nvcsw, s.ru_nivcsw + c.ru_nivcsw,
            max(s.ru_maxrss, c.ru_maxrss))


class ThreadPool(object):
    """N threads taking task indices from a queue, as ThreadPoolExecutor
    does (which CPython 2 lacks); map() keeps the order."""

    def __init__(self, workers):
        self.q = queue.Queue()
        self.threads = [threading.Thread(target=self._work)
                        for _ in range(workers)]
        for t in self.threads:
            t.daemon = True
            t.start()

    def _work(self):
        while True:
            job = self.q.get()
            if job is None:
                return
            fn, args, out, i, done = job
            out[i] = fn(args[i])
            done.put(i)

    def map(self, fn, args):
        out = [None] * len(args)
        done = queue.Queue()
        for i in range(len(args)):
            self.q.put((fn, args, out, i, done))
        for _ in range(len(args)):
            done.get()
        return out

    def close(self):
        for _ in self.threads:
            self.q.put(None)
        for t in self.threads:
            t.join()


# The start-up barrier of a process pool, handed to each worker process by
# the pool's initializer (a lock cannot travel with a task).
_BARRIER = [None]


def _keep_barrier(barrier):
    _BARRIER[0] = barrier


def _proc_at_barrier(_):
    _BARRIER[0].wait(60)
    return os.getpid()


def _thread_at_barrier(barrier):
    barrier.wait(60)
    return threading.current_thread().ident


def one(_):
    return 1


def start_pool(kind, workers, method=None):
    """A ThreadPoolExecutor or ProcessPoolExecutor (start method `method`,
    None for the interpreter's default, as the articles leave it) whose
    `workers` workers have each run a task: W start-up tasks wait for
    each other at a barrier, so none returns before all W run. Executors
    start their workers as tasks come (spawn and forkserver since 3.9),
    so without it part of the start-up would land in the timed map."""
    if kind == "threads":
        barrier = threading.Barrier(workers)
        pool = ThreadPoolExecutor(max_workers=workers)
        ids = list(pool.map(_thread_at_barrier, [barrier] * workers))
    else:
        import multiprocessing
        ctx = multiprocessing.get_context(method)
        barrier = ctx.Barrier(workers)
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx,
                                   initializer=_keep_barrier,
                                   initargs=(barrier,))
        ids = list(pool.map(_proc_at_barrier, range(workers)))
    if len(set(ids)) != workers:
        pool.shutdown(wait=True)
        raise RuntimeError("the pool ran its start-up tasks on %d workers, "
                           "not %d" % (len(set(ids)), workers))
    return pool


def run_cpu_cell(mode, workers, fn, args):
    """One repetition: (startup_s, wall_s, results, usage delta, rss)."""
    u0 = usage_now()
    t0 = clock()
    if mode == "seq":
        t1 = clock()
        results = [fn(a) for a in args]
        t2 = clock()
    elif FUTURES:
        with start_pool(mode, workers) as pool:
            t1 = clock()
            results = list(pool.map(fn, args))
            t2 = clock()
    elif mode == "threads":
        pool = ThreadPool(workers)
        pool.map(noop, list(range(workers)))  # start-up: every thread ran
        t1 = clock()
        results = pool.map(fn, args)
        t2 = clock()
        pool.close()
    else:
        import multiprocessing
        pool = multiprocessing.Pool(workers)
        pool.map(noop, range(workers), 1)
        t1 = clock()
        results = pool.map(fn, args, 1)
        t2 = clock()
        pool.close()
        pool.join()
    u1 = usage_now()
    return t1 - t0, t2 - t1, results, [b - a for a, b in zip(u0, u1)], u1[4]


# The forkserver's own start, once per worker (seconds), or None before.
FORKSERVER_START = [None]


def run_startup_cell(method, workers, tasks):
    """A ProcessPoolExecutor under start method `method`: (startup_s: until
    its W workers have each run a task, wall_s: `tasks` empty tasks
    through it, their sum, usage delta, rss, the forkserver's own start).
    The forkserver is started once per interpreter, before its first
    pool, as multiprocessing does, and timed apart (until it has forked
    one child: its start, its preload of __main__ and one fork): a pool's
    start-up is the time to get its workers from a running server."""
    server = None
    if method == "forkserver":
        if FORKSERVER_START[0] is None:
            # ensure_running() returns once the server is exec'd, before
            # it has imported its preload (__main__): its first child
            # waits for that, so the start is timed to that child's end.
            import multiprocessing
            from multiprocessing import forkserver
            t = clock()
            forkserver.ensure_running()
            first = multiprocessing.get_context("forkserver").Process(
                target=noop, args=(0,))
            first.start()
            first.join()
            FORKSERVER_START[0] = clock() - t
        server = FORKSERVER_START[0]
    u0 = usage_now()
    t0 = clock()
    with start_pool("procs", workers, method) as pool:
        t1 = clock()
        total = sum(pool.map(one, range(tasks)))
        t2 = clock()
    u1 = usage_now()
    return (t1 - t0, t2 - t1, total, [b - a for a, b in zip(u0, u1)], u1[4],
            server)


# The echo peer of the convoy: a Python loop of os.read and os.write.
ECHO = ("import os\n"
        "while True:\n"
        "    b = os.read(0, 1)\n"
        "    if not b:\n"
        "        break\n"
        "    os.write(1, b)\n")

# Terms of sumsq per chunk of a convoy CPU thread between looks at the
# stop flag (some 0.3 ms on CPython 3.11).
CONVOY_CHUNK = 4096


def convoy_cpu(stop, started, out, slot):
    started.append(1)
    n = acc = 0
    while not stop:
        acc += sumsq_task((n, n + CONVOY_CHUNK))
        n += CONVOY_CHUNK
    out[slot] = (acc - sumsq_closed(0, n)) % 2**64  # 0 when right


def run_convoy_cell(k, seconds, interval):
    """The I/O loop (this thread) beside k CPU threads for `seconds`.
    interval: switch interval in ms (3.x) or check interval (2.x).
    Returns (rate, wall, ok, usage delta, rss)."""
    if hasattr(sys, "setswitchinterval"):
        saved = sys.getswitchinterval()
        sys.setswitchinterval(interval / 1000.0)
    else:
        saved = sys.getcheckinterval()
        sys.setcheckinterval(int(interval))
    echo = subprocess.Popen([sys.executable, "-c", ECHO],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            bufsize=0, close_fds=True)
    w, r = echo.stdin.fileno(), echo.stdout.fileno()
    os.write(w, b"x")
    up = os.read(r, 1) == b"x"  # the echo process is running
    stop, started, cpu_out = [], [], [None] * k
    threads = [threading.Thread(target=convoy_cpu,
                                args=(stop, started, cpu_out, i))
               for i in range(k)]
    for t in threads:
        t.start()
    while len(started) < k:
        time.sleep(0.0001)
    u0 = usage_now()
    trips = bad = 0
    b = b"x"
    t0 = clock()
    t = t0
    while t - t0 < seconds:  # the loop bench's convoy I/O task models
        os.write(w, b)
        if os.read(r, 1) != b:
            bad += 1
        trips += 1
        t = clock()
    stop.append(1)
    for th in threads:
        th.join()
    u1 = usage_now()
    echo.stdin.close()
    echo.stdout.close()
    echo.wait()
    if hasattr(sys, "setswitchinterval"):
        sys.setswitchinterval(saved)
    else:
        sys.setcheckinterval(saved)
    ok = up and bad == 0 and all(v == 0 for v in cpu_out)
    return (trips / (t - t0), t - t0, ok, [y - x for x, y in zip(u0, u1)],
            u1[4])



def free_threaded_build():
    """Whether this CPython was built with --disable-gil (Py_GIL_DISABLED),
    whatever PYTHON_GIL says."""
    if FAKE_FT not in ("", "0"):
        return True
    try:
        import sysconfig
    except ImportError:  # CPython 2.6
        return False
    return bool(sysconfig.get_config_var("Py_GIL_DISABLED"))


def gil_enabled():
    """sys._is_gil_enabled(): False only where a free-threaded build runs
    without its GIL (3.13+); True on every other CPython."""
    if FAKE_FT == "1":
        return os.environ.get("PYTHON_GIL") == "1"
    if FAKE_FT.startswith("reenabled"):
        after = int(FAKE_FT.split(":")[1]) if ":" in FAKE_FT else 0
        return CELLS_DONE[0] >= after or os.environ.get("PYTHON_GIL") == "1"
    f = getattr(sys, "_is_gil_enabled", None)
    return True if f is None else bool(f())


def serve():
    """Worker mode: a hello line, then one answer per request line; each
    answer says whether the GIL was on after the cell."""
    out = sys.stdout
    out.write(json.dumps({
        "version": sys.version.split()[0],
        "major": sys.version_info[0],
        "implementation": getattr(getattr(sys, "implementation", None),
                                  "name", "cpython"),
        "executable": sys.executable,
        "gil": gil_enabled(),
        "ft_build": free_threaded_build(),
        "start_method": start_method(),
        "futures": FUTURES,
    }) + "\n")
    out.flush()
    for line in iter(sys.stdin.readline, ""):
        req = json.loads(line)
        try:
            if req["cell"] == "cpu":
                fn, tasks, size, args_of, expect_of = WORKLOADS[req["workload"]]
                size = req["size"]
                args = [args_of(i, size) for i in range(req["tasks"])]
                startup, wall, results, du, rss = run_cpu_cell(
                    req["mode"], req["workers"], fn, args)
                results = [v % 2**64 for v in results]
                ans = {"startup": startup, "wall": wall, "usage": du,
                       "rss": rss, "result": sum(results) % 2**64}
            elif req["cell"] == "startup":
                startup, wall, total, du, rss, server = run_startup_cell(
                    req["method"], req["workers"], req["tasks"])
                ans = {"startup": startup, "wall": wall, "usage": du,
                       "rss": rss, "result": total, "server": server}
            else:
                rate, wall, ok, du, rss = run_convoy_cell(
                    req["k"], req["seconds"], req["interval"])
                ans = {"rate": rate, "wall": wall, "ok": ok, "usage": du,
                       "rss": rss}
        except Exception as e:  # reported, never a hang
            ans = {"error": "%s: %s" % (type(e).__name__, e)}
        CELLS_DONE[0] += 1
        ans["gil"] = gil_enabled()
        out.write(json.dumps(ans) + "\n")
        out.flush()
    stop_helpers()
    return 0


def stop_helpers():
    """Stop and wait for the helper processes multiprocessing started for
    this worker, the forkserver, then the resource tracker (which the
    forkserver holds open): they would otherwise outlive the run for a
    while, ending only when they notice that we are gone."""
    for name, attr in (("multiprocessing.forkserver", "_forkserver"),
                       ("multiprocessing.resource_tracker",
                        "_resource_tracker")):
        stop = getattr(getattr(sys.modules.get(name), attr, None), "_stop",
                       None)
        if stop is not None:
            try:
                stop()
            except Exception:  # a helper already gone: nothing to stop
                pass


def start_method():
    """multiprocessing's default start method here (fork up to 3.13 on
    Linux, forkserver from 3.14): the one the articles' code gets."""
    try:
        import multiprocessing
        return multiprocessing.get_start_method()
    except (ImportError, AttributeError):  # CPython 2: always fork
        return "fork"


class Worker(object):
    """One interpreter running `compare.py --serve`, under `env` (added
    to this environment; a value None removes the variable)."""

    def __init__(self, python, env=None):
        self.python = python
        full = dict(os.environ)
        for k, v in (env or {}).items():
            if v is None:
                full.pop(k, None)
            else:
                full[k] = v
        self.p = subprocess.Popen(
            [python, os.path.abspath(__file__), "--serve"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            universal_newlines=True, close_fds=True, env=full)
        line = self.p.stdout.readline()
        if not line:
            self.p.wait()
            raise RuntimeError("%s did not start the worker (status %s)"
                               % (python, self.p.returncode))
        self.info = json.loads(line)

    def ask(self, **req):
        self.p.stdin.write(json.dumps(req) + "\n")
        self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line:
            raise RuntimeError("%s: the worker died" % self.python)
        return json.loads(line)

    def close(self):
        self.p.stdin.close()
        self.p.wait()



# --- statistics --------------------------------------------------------------

def median(v):
    v = sorted(v)
    n = len(v)
    if not n:
        return float("nan")
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def boot_medians(v, rng, n=2000):
    return [median([rng.choice(v) for _ in v]) for _ in range(n)]


def pct(v, q):
    v = sorted(v)
    return v[min(len(v) - 1, max(0, int(round(q * (len(v) - 1)))))]


def interval(v, rng):
    """(median, lo, hi): 95% percentile bootstrap of the median."""
    if not v:
        nan = float("nan")
        return nan, nan, nan
    b = boot_medians(v, rng)
    return median(v), pct(b, 0.025), pct(b, 0.975)


def compare_two(sim, real, rng, how):
    """Interval of sim/real (how="ratio") or sim-real ("diff") of the
    medians, resampling the two sides independently."""
    bs, br = boot_medians(sim, rng), boot_medians(real, rng)
    if how == "ratio":
        pts = [s / r for s, r in zip(bs, br) if r > 0]
        point = median(sim) / median(real) if median(real) > 0 else float("nan")
    else:
        pts = [s - r for s, r in zip(bs, br)]
        point = median(sim) - median(real)
    return point, pct(pts, 0.025), pct(pts, 0.975)


def judge(lo, hi, band_lo, band_hi):
    if lo >= band_lo and hi <= band_hi:
        return "yes"
    if hi < band_lo or lo > band_hi:
        return "no"
    return "inconclusive"



# --- the driver --------------------------------------------------------------

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# Row prefix: (what the interpreter is, the simulated mode set beside it,
# the GIL its every answer must show (True on, False off), PYTHON_GIL in
# its environment (None: removed, so a user's setting cannot leak in)).
KINDS = {
    "py": ("CPython %s", "gil", True, None),
    "py2": ("CPython %s", "gil-legacy", True, None),
    "pyft": ("CPython %s free-threaded, PYTHON_GIL=0 (no GIL)", "threads",
             False, "0"),
    "pyftgil": ("CPython %s free-threaded, PYTHON_GIL=1", "gil", True, "1"),
    "pytwin": ("CPython %s default build (the GIL twin)", "gil", True, None),
}

# The targets of the speedup figures (issue 13): |sim - real| of the
# speedups at most this. bin/bench's threads beside a free-threaded
# CPython's: 0.10, between the GIL's 0.05 (a model of the same lock) and
# the old GIL's 0.15 (CPython 2's checks, modelled coarsely): no lock on
# either side, but CPython's threads share its allocator and reference
# counts, which C threads do not.
SPEEDUP_BANDS = {"gil": 0.05, "gil-legacy": 0.15, "threads": 0.10}

NO_FT_LINE = ("compare.py: no free-threaded CPython here, so no pyft-* rows: "
              "`make cpython-ft` builds one (some minutes, once), or "
              "PYTHON_FT=PATH names one")


class Refused(RuntimeError):
    """An interpreter whose GIL is not what its rows claim."""


class Interp(object):
    """One interpreter as measured: its worker, its row prefix (KINDS), and
    whether it writes rows (only the first of each prefix does)."""

    def __init__(self, python, prefix, worker=None):
        self.python = python
        self.prefix = prefix
        what, self.sim_mode, self.want_gil, gil_env = KINDS[prefix]
        self.env = {"PYTHON_GIL": gil_env}
        self.w = worker
        self.info = worker.info if worker else None
        self.write_rows = False

    def start(self):
        if self.w is None:
            self.w = Worker(self.python, self.env)
            self.info = self.w.info
        self.check_gil(self.info["gil"], "at start")

    @property
    def label(self):
        return KINDS[self.prefix][0] % self.info["version"]

    @property
    def major(self):
        return self.info["major"]

    def check_gil(self, gil, when):
        """Refuse rows whose GIL is not the one their prefix says: a
        PYTHON_GIL=0 run whose GIL came back on (an extension module that
        does not declare itself free-threading safe re-enables it) would
        pass for a run without a GIL."""
        if gil == self.want_gil:
            return
        if self.want_gil:
            raise Refused("%s (%s) ran with its GIL off %s although its rows "
                          "are %s-* (%s): refused" % (
                              self.label, self.python, when, self.prefix,
                              "PYTHON_GIL=1 was ignored"
                              if self.env["PYTHON_GIL"] else
                              "not the build it was taken for"))
        raise Refused("%s (%s): sys._is_gil_enabled() is True %s although "
                      "PYTHON_GIL=0: the GIL came back on (an extension "
                      "module not marked free-threading safe re-enables it, "
                      "with a RuntimeWarning on stderr), so these would be "
                      "GIL rows under a no-GIL name: refused, its rows stop "
                      "here" % (self.label, self.python, when))

    def ask(self, what, **req):
        ans = self.w.ask(**req)
        if "error" in ans:
            raise RuntimeError("%s: %s" % (what, ans["error"]))
        self.check_gil(ans["gil"], "after its %s cell" % what)
        return ans

    def close(self):
        if self.w is not None:
            self.w.close()
            self.w = None


def runs(python):
    """Whether `python` starts (a pyenv shim of a version that is not
    selected exits 127)."""
    try:
        with open(os.devnull, "w") as null:
            return subprocess.call([python, "-c", "pass"], stdout=null,
                                   stderr=null) == 0
    except OSError:
        return False


def find_pythons():
    """PYTHONS if set; else python3 on PATH plus a CPython 2.7 (on PATH, or
    the newest 2.7 that pyenv has)."""
    env = os.environ.get("PYTHONS")
    if env is not None:
        return env.split()
    found = []
    for name in ("python3", "python2.7"):
        for d in os.environ.get("PATH", "").split(os.pathsep):
            p = os.path.join(d, name)
            if os.access(p, os.X_OK) and not os.path.isdir(p) and runs(p):
                found.append(p)
                break
    if not any(os.path.basename(p) == "python2.7" for p in found):
        try:
            with open(os.devnull, "w") as null:
                root = subprocess.check_output(["pyenv", "root"],
                                               stderr=null)
            root = root.decode().strip()
            vers = sorted((v for v in os.listdir(os.path.join(root, "versions"))
                           if v.startswith("2.7")),
                          key=lambda v: [int(x) for x in v.split(".")
                                         if x.isdigit()])
            if vers:
                p = os.path.join(root, "versions", vers[-1], "bin",
                                 "python2.7")
                if os.access(p, os.X_OK) and runs(p):
                    found.append(p)
        except (OSError, subprocess.CalledProcessError):
            pass
    return found


def find_free_threaded():
    """scripts/cpython-ft.sh --find: {"ft", "twin", "version", "from"},
    or None when there is no free-threaded CPython (the script says why
    on stderr when PYTHON_FT names a wrong one)."""
    script = os.path.join(ROOT, "scripts", "cpython-ft.sh")
    try:
        out = subprocess.check_output(["bash", script, "--find"])
    except (OSError, subprocess.CalledProcessError):
        return None
    found = dict(line.split("=", 1) for line in out.decode().splitlines()
                 if "=" in line)
    return found if found.get("ft") else None


def ft_group(ft, twin):
    """A free-threaded CPython measured twice, PYTHON_GIL=0 and 1, and its
    twin: one group, measured in the same rounds."""
    group = [Interp(ft, "pyft"), Interp(ft, "pyftgil")]
    if twin:
        group.append(Interp(twin, "pytwin"))
    return group


def build_groups(opt, pythons):
    """The interpreters, in groups measured together: each of PYTHONS alone
    (a free-threaded one among them as a group without twin), then the
    free-threaded group that scripts/cpython-ft.sh finds."""
    groups, ft_paths = [], set()
    for python in pythons:
        try:
            w = Worker(python, {"PYTHON_GIL": None})
        except (OSError, RuntimeError) as e:
            print("compare.py: skipped %s: %s" % (python, e), file=sys.stderr)
            continue
        if w.info.get("ft_build"):
            w.close()
            groups.append(ft_group(python, None))
            ft_paths.add(os.path.realpath(python))
        else:
            groups.append([Interp(python, "py2" if w.info["major"] == 2
                                  else "py", w)])
    if opt.no_ft or (os.environ.get("PYTHONS") is not None and
                     not os.environ.get("PYTHON_FT")):
        return groups, True
    found = find_free_threaded()
    if found is None:
        if os.environ.get("PYTHON_FT"):
            return groups, False  # the script said what is wrong
        print(NO_FT_LINE, file=sys.stderr)
        return groups, True
    if os.path.realpath(found["ft"]) not in ft_paths:
        if not found.get("twin"):
            print("compare.py: %s has no GIL twin (CPython %s built the "
                  "default way; PYTHON_FT_TWIN=PATH names one): its cost on "
                  "one thread is not measured" % (found["ft"],
                                                  found["version"]),
                  file=sys.stderr)
        groups.append(ft_group(found["ft"], found.get("twin")))
    return groups, True


def header_of(csv_path, bench):
    """The CSV's header: the file's own, or bin/bench's for a new file. A
    file of another schema than this bin/bench's is refused (None), as
    bin/bench refuses it: the rows would miss columns, gil_enabled among
    them."""
    want = None
    if os.access(bench, os.X_OK):
        out = subprocess.check_output([bench, "--csv-header"])
        want = next(csv.reader(io.StringIO(out.decode())))
    if os.path.exists(csv_path) and os.path.getsize(csv_path) > 0:
        with open(csv_path) as f:
            have = next(csv.reader(f))
        if want is not None and have != want:
            return None, False
        return have, False
    if want is None:
        raise OSError("no %s for the CSV's header (run make first)" % bench)
    return want, True


class Sim(object):
    """bin/bench cells, run one invocation at a time, rows into a scratch
    CSV (kept with --sim-csv), values parsed back."""

    def __init__(self, bench, keep):
        self.bench = bench
        self.keep = keep
        self.ok = os.access(bench, os.X_OK)
        self.modes = set()
        if self.ok:
            # The modes this binary has (forkserver is newer than some).
            out = subprocess.check_output([bench, "--list"]).decode()
            section = None
            for line in out.splitlines():
                if line and not line.startswith(" "):
                    section = line.rstrip(":")
                elif section == "modes" and line.strip():
                    self.modes.add(line.split()[0])

    def run(self, args):
        fd, path = tempfile.mkstemp(prefix="compare-sim-", suffix=".csv")
        os.close(fd)
        os.unlink(path)
        try:
            try:
                subprocess.check_call([self.bench] + args + [
                    "--warmup", "0", "--csv", path, "--quiet"])
            except (OSError, subprocess.CalledProcessError) as e:
                raise RuntimeError("bin/bench %s: %s" % (" ".join(args), e))
            with open(path) as f:
                rows = list(csv.DictReader(f))
            if self.keep:
                with open(path) as f, open(self.keep, "a") as k:
                    lines = f.readlines()
                    if os.path.getsize(self.keep) > 0:
                        lines = lines[1:]
                    k.writelines(lines)
            return rows
        finally:
            # bin/bench writes the run's facts beside its CSV: both go.
            for f in (path, path + ".meta"):
                if os.path.exists(f):
                    os.unlink(f)

    def rounds(self, args, modes, reps):
        """reps rounds of `modes` in bin/bench's seeded order: per round,
        {mode: row}."""
        rows = self.run(args + ["--mode", ",".join(modes), "--repeat",
                                str(reps)])
        by = {}
        for row in rows:
            if row["verified"] != "true":
                raise RuntimeError("bin/bench %s %s: unverified row" % (
                    " ".join(args), row["mode"]))
            by.setdefault(int(row["rep"]), {})[row["mode"]] = row
        return [by[r] for r in sorted(by)]

    def convoy(self, mode, k, size_ms, extra):
        rows = self.run(["--workload", "convoy", "--mode", mode, "--workers",
                         str(k + 1), "--size", str(size_ms), "--repeat", "1"]
                        + extra)
        if rows[0]["verified"] != "true":
            raise RuntimeError("bin/bench convoy: unverified row")
        return float(rows[0]["metric"])


class Recorder(object):
    """Where rows and figures go: the CSV (whole rows, one write each) and
    the fidelity lines (printed as they come)."""

    def __init__(self, out, header, rng, run_id, seed, cpus):
        self.out, self.header, self.rng = out, header, rng
        self.run_id, self.seed = run_id, seed
        self.host = socket.gethostname()
        # The usable cores, as bin/bench's rows say them.
        self.cpus = cpus
        self.fid_rows = []

    def emit(self, ip, ans, row):
        """One row of interpreter ip from its answer ans (usage, the GIL
        after the cell); nothing when ip writes no rows."""
        if not ip.write_rows:
            return
        full = dict.fromkeys(self.header, "")
        full.update(row)
        # The workload's kind, as bin/bench writes it: without it the
        # summary takes the convoy's CPython rows for a CPU workload.
        if not full.get("kind"):
            full["kind"] = KIND_OF.get(row.get("workload"), "")
        u = ans["usage"]
        full.update(user_s="%.6f" % u[0], sys_s="%.6f" % u[1],
                    vol_cs=u[2], invol_cs=u[3], max_rss_kb=ans["rss"],
                    gil_enabled=str(bool(ans["gil"])).lower(),
                    round=row.get("rep", ""))
        full.update(run_id=self.run_id, host=self.host, cpus=self.cpus,
                    seed=self.seed, timestamp=utc_stamp())
        buf = io.StringIO() if sys.version_info[0] > 2 else io.BytesIO()
        csv.writer(buf, lineterminator="\n").writerow(
            [full.get(h, "") for h in self.header])
        self.out.write(buf.getvalue())  # one whole row per write
        self.out.flush()

    def fid(self, ip, figure, real, sim_v, how, band, target, cell_note="",
            sim_expected=True, sim_mode=None):
        rng = self.rng
        r = interval(real, rng)
        s = interval(sim_v, rng) if sim_v else (float("nan"),) * 3
        row = dict(python=ip.python, version=ip.info["version"],
                   gil="yes" if ip.want_gil else "no",
                   sim_mode=sim_mode or ip.sim_mode, rows=ip.prefix,
                   figure=figure, n_real=len(real), n_sim=len(sim_v),
                   real=r[0], real_lo=r[1], real_hi=r[2], sim=s[0],
                   sim_lo=s[1], sim_hi=s[2], target=target, note=cell_note)
        if sim_v and real:
            ratio = compare_two(sim_v, real, rng, "ratio")
            row.update(ratio=ratio[0], ratio_lo=ratio[1], ratio_hi=ratio[2])
            if how == "diff":
                cmpv = compare_two(sim_v, real, rng, "diff")
                row.update(diff=cmpv[0], diff_lo=cmpv[1], diff_hi=cmpv[2])
            else:
                cmpv = ratio
            if band:
                row["point_met"] = "yes" if band[0] <= cmpv[0] <= band[1] \
                    else "no"
                row["met"] = judge(cmpv[1], cmpv[2], band[0], band[1])
            else:
                row["met"] = row["point_met"] = "-"
        elif not sim_expected:
            row["met"] = row["point_met"] = "-"
        else:
            row["met"] = row["point_met"] = "not measured"
            row["note"] = (cell_note + "; " if cell_note else "") + \
                ("no simulated cell (bin/bench missing or --no-sim)"
                 if not sim_v else "no CPython cell")
        self.fid_rows.append(row)
        print("  %-8s %-38s real %9.4g [%.4g, %.4g]  sim %9.4g  %s%s" % (
            ip.prefix, figure, r[0], r[1], r[2], s[0],
            ("ratio %.3f [%.3f, %.3f]" % (row["ratio"], row["ratio_lo"],
                                         row["ratio_hi"])
             if "ratio" in row else ""),
            ("  target %s: %s" % (target, row["met"]) if band else "")),
            file=sys.stderr)


def usable_cores(bench):
    """The usable cores, as bin/bench counts them (`bin/bench cpus`: the
    affinity mask cut by the CPU quota), and a note when that could not be
    asked: then the affinity mask alone, which does not see a quota."""
    try:
        with open(os.devnull, "w") as null:
            out = subprocess.check_output([bench, "cpus", "cpus_usable"],
                                          stderr=null)
        n = int(out.decode("ascii").strip())
        if n >= 1:
            return n, None
    except (OSError, ValueError, subprocess.CalledProcessError):
        pass
    if hasattr(os, "sched_getaffinity"):
        n, how = len(os.sched_getaffinity(0)), "the affinity mask"
    else:
        import multiprocessing
        n, how = multiprocessing.cpu_count(), "the online count"
    return n, ("compare.py: could not run '%s cpus', so the cores are %d "
               "from %s alone (a CPU quota is not seen)" % (bench, n, how))


def main():
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--csv")
    ap.add_argument("--fidelity", help="default: fidelity.csv beside --csv")
    ap.add_argument("--sim-csv", help="keep bin/bench's rows of the "
                    "simulated cells in this file")
    ap.add_argument("--workers", type=int,
                    help="default: the usable cores (bin/bench cpus)")
    ap.add_argument("--pairs", type=int, default=20,
                    help="rounds of seq, threads and processes per CPU "
                    "snippet (default 20)")
    ap.add_argument("--convoy-reps", type=int, default=5,
                    help="repetitions of each convoy cell (default 5)")
    ap.add_argument("--convoy-ms", type=int, default=500,
                    help="how long each convoy cell runs (default 500)")
    ap.add_argument("--startup-reps", type=int, default=10,
                    help="repetitions of each start-up cell (default 10)")
    ap.add_argument("--only", choices=["cpu", "convoy", "startup"],
                    help="measure only the CPU snippets, the convoy or the "
                    "process pools' start-up")
    ap.add_argument("--no-sim", action="store_true",
                    help="no simulated cells (CPython rows only)")
    ap.add_argument("--no-ft", action="store_true",
                    help="do not look for a free-threaded CPython")
    ap.add_argument("--quick", action="store_true",
                    help="small tasks, 5 pairs, 3 short convoy repetitions; "
                    "a free-threaded group: its full-size CPU snippets in 5 "
                    "rounds "
                    "and its start-up cells")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--bench", default=os.path.join(ROOT, "bin", "bench"))
    opt = ap.parse_args()
    if opt.serve:
        return serve()
    if not opt.csv:
        ap.error("--csv FILE is required")
    cpus, cpus_note = usable_cores(opt.bench)
    if cpus_note:
        print(cpus_note, file=sys.stderr)
    if opt.workers is None:
        opt.workers = cpus
    if opt.workers < 1 or opt.pairs < 1 or opt.convoy_reps < 1 or \
            opt.convoy_ms < 1 or opt.startup_reps < 1:
        print("compare.py: --workers, --pairs, --convoy-reps, --convoy-ms "
              "and --startup-reps must be >= 1", file=sys.stderr)
        return 2
    opt.ft_pairs = opt.pairs
    if opt.quick:
        opt.pairs = min(opt.pairs, 5)
        # The free-threaded group is judged (C1, C3), never adapted
        # after: 5 rounds of the full-size snippets (some 12 s here).
        opt.ft_pairs = min(opt.pairs, 5)
        opt.convoy_reps = min(opt.convoy_reps, 3)
        opt.convoy_ms = min(opt.convoy_ms, 100)
        opt.startup_reps = min(opt.startup_reps, 3)
    fidelity = opt.fidelity or os.path.join(
        os.path.dirname(os.path.abspath(opt.csv)), "fidelity.csv")

    pythons = find_pythons()
    groups, ft_ok = build_groups(opt, pythons)
    if not ft_ok:
        print("compare.py: PYTHON_FT=%s is refused (above): nothing measured"
              % os.environ.get("PYTHON_FT"), file=sys.stderr)
        return 2
    if not groups:
        print("compare.py: no CPython found (PYTHONS is empty and there is "
              "no python3 on PATH): nothing measured", file=sys.stderr)
        return 0
    try:
        header, new = header_of(opt.csv, opt.bench)
    except (OSError, subprocess.CalledProcessError) as e:
        print("compare.py: %s" % e, file=sys.stderr)
        return 2
    if header is None:
        print("compare.py: %s has another header than %s --csv-header (a "
              "file of an older schema?): give a new file" % (
                  opt.csv, opt.bench), file=sys.stderr)
        return 2
    seed = opt.seed if opt.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    sim = Sim(opt.bench, opt.sim_csv)
    if opt.no_sim:
        sim.ok = False
    run_id = "py-%08x-%05d" % (int(time.time()), os.getpid())
    out = open(opt.csv, "a")
    if new:
        out.write(",".join(header) + "\n")
    rec = Recorder(out, header, rng, run_id, seed, cpus)
    failed = 0
    kinds_done = set()
    load0 = os.getloadavg()

    for group in groups:
        try:
            for ip in list(group):
                try:
                    ip.start()
                except (OSError, RuntimeError) as e:
                    if ip.prefix != "pytwin":
                        raise
                    # Without its twin the group still measures C3 and
                    # C1; only the single-thread cost is lost.
                    print("compare.py: the GIL twin %s is left out: %s" % (
                        ip.python, e), file=sys.stderr)
                    ip.close()
                    group.remove(ip)
        except (OSError, RuntimeError) as e:
            print("compare.py: %s" % e, file=sys.stderr)
            failed += isinstance(e, Refused)
            for ip in group:
                ip.close()
            continue
        twin = [ip for ip in group if ip.prefix == "pytwin"]
        if twin and twin[0].info["version"] != group[0].info["version"]:
            print("compare.py: %s is CPython %s, not %s: not the GIL twin, "
                  "left out" % (twin[0].python, twin[0].info["version"],
                                group[0].info["version"]), file=sys.stderr)
            twin[0].close()
            group.remove(twin[0])
        for ip in group:
            ip.write_rows = ip.prefix not in kinds_done
            kinds_done.add(ip.prefix)
            print("%s (%s): rows %s-*, beside bin/bench's %s%s" % (
                ip.label, ip.python, ip.prefix, ip.sim_mode,
                "" if ip.write_rows else "; fidelity.csv only (an "
                "interpreter of this kind already wrote rows)"),
                file=sys.stderr)
        ft = group[0].prefix == "pyft"
        try:
            if opt.only in (None, "cpu"):
                run_cpu(opt, group, sim, rng, rec)
            if opt.only in (None, "startup"):
                run_startup(opt, group, sim, rng, rec)
            if opt.only in (None, "convoy") and not (ft and opt.quick):
                for ip in group:
                    run_convoy(opt, ip, sim, rng, rec)
        except RuntimeError as e:
            print("compare.py: %s" % e, file=sys.stderr)
            failed += 1
        for ip in group:
            ip.close()
    out.close()
    load1 = os.getloadavg()
    write_fidelity(fidelity, rec.fid_rows, seed, load0, load1)
    print("compare.py: fidelity table in %s (load %.2f -> %.2f)" % (
        fidelity, load0[0], load1[0]), file=sys.stderr)
    if failed:
        print("compare.py: %d groups of interpreters had failed or refused "
              "cells" % failed, file=sys.stderr)
        return 1
    return 0


FID_COLS = ["python", "version", "gil", "sim_mode", "figure", "n_real",
            "real", "real_lo", "real_hi", "n_sim", "sim", "sim_lo", "sim_hi",
            "ratio", "ratio_lo", "ratio_hi", "diff", "diff_lo", "diff_hi",
            "target", "point_met", "met", "note", "seed", "load_before",
            "load_after", "rows"]


def write_fidelity(path, rows, seed, load0, load1):
    """Append to path; a file of older columns is moved aside first."""
    if os.path.exists(path) and os.path.getsize(path) > 0:
        with open(path) as f:
            if next(csv.reader(f), None) != FID_COLS:
                os.rename(path, path + ".old")
                print("compare.py: %s had other columns: moved to %s.old" % (
                    path, path), file=sys.stderr)
    new = not os.path.exists(path) or os.path.getsize(path) == 0
    with open(path, "a") as f:
        wr = csv.writer(f, lineterminator="\n")
        if new:
            wr.writerow(FID_COLS)
        for row in rows:
            row = dict(row, seed=seed, load_before="%.2f" % load0[0],
                       load_after="%.2f" % load1[0])
            wr.writerow([fmt(row.get(c, "")) for c in FID_COLS])


def fmt(v):
    if isinstance(v, float):
        return "" if v != v else "%.6g" % v
    return v


def speedup_band(sim_mode):
    b = SPEEDUP_BANDS.get(sim_mode)
    if b is None:
        return None, "-"
    return (-b, b), "|sim - real| <= %g" % b


def count(n, noun, plural=None):
    """N and its noun, as a figure's name reads: "1 worker", "2 workers"."""
    return "%d %s" % (n, noun if n == 1 else plural or noun + "s")


def run_cpu(opt, group, sim, rng, rec):
    """The CPU snippets (and sleep): rounds in which every interpreter of
    the group runs seq, threads and processes, in a shuffled order, and
    blocks of bin/bench's seq and matching modes between them."""
    ft = group[0].prefix == "pyft"
    twin = [ip for ip in group if ip.prefix == "pytwin"]
    pairs = opt.ft_pairs if ft else opt.pairs
    # The free-threaded group, quick: the CPU snippets only, at their
    # full size (a quarter, 30-40 ms a cell, left C1 and C3 to a VM's
    # millisecond jitter: pyftgil's threads read 1.30x over seq once).
    names = CPU_WORKLOADS if ft and opt.quick else CPU_WORKLOADS + ("sleep",)
    # bin/bench's modes beside them: each interpreter's, and fork beside
    # a free-threaded build's processes (C3: its threads over them).
    sim_modes = []
    for ip in group:
        if ip.sim_mode not in sim_modes:
            sim_modes.append(ip.sim_mode)
    if ft:
        sim_modes.append("fork")
    for name in names:
        fn, tasks, size, args_of, expect_of = WORKLOADS[name]
        if opt.quick:
            size = max(1, size // (1 if ft else 10))
        args = [args_of(i, size) for i in range(tasks)]
        expected = sum(expect_of(a) for a in args) % 2**64
        pool = max(opt.workers, tasks) if name == "sleep" else opt.workers
        modes = ["seq", "threads", "procs"]
        rounds = pairs if name != "sleep" else (1 if opt.quick else 3)
        real, simr = [], []  # per round: {(prefix, mode): wall}, {mode: row}
        # Blocks of a few rounds: the CPython rounds and one bin/bench
        # invocation of as many rounds, in random order, so that drift of
        # the machine lands on both sides.
        block = 4
        done = 0
        while done < rounds:
            n = min(block, rounds - done)
            steps = ["py"] * n + (["sim"] if sim.ok and name != "sleep" else [])
            rng.shuffle(steps)
            for step in steps:
                if step == "sim":
                    extra = ["--check-interval", "100"] \
                        if "gil-legacy" in sim_modes else []
                    if opt.quick:
                        extra += ["--size", str(
                            {"primes": 2000, "sumsq": 2000000}[name])]
                    simr += sim.rounds(["--workload", name, "--workers",
                                        str(opt.workers)] + extra,
                                       ["seq"] + sim_modes, n)
                    continue
                done += 1
                cells = [(ip, m) for ip in group for m in modes]
                rng.shuffle(cells)
                got = {}
                for ip, mode in cells:
                    workers = 1 if mode == "seq" else pool
                    ans = ip.ask("%s %s" % (name, mode), cell="cpu",
                                 workload=name, mode=mode, workers=workers,
                                 tasks=tasks, size=size)
                    ok = ans["result"] == expected
                    got[(ip.prefix, mode)] = ans["wall"]
                    row = dict(workload=name, mode=ip.prefix + "-" + mode,
                               workers=workers, tasks=tasks, size=size,
                               rep=done, wall_s="%.9f" % ans["wall"],
                               startup_s="%.9f" % ans["startup"],
                               result=ans["result"],
                               verified=str(ok).lower(),
                               expected=expected, errors=0 if ok else 1,
                               error="" if ok else "wrong answer")
                    if name == "sleep":
                        row["latency_ms"] = size
                    rec.emit(ip, ans, row)
                    if not ok:
                        raise RuntimeError("%s %s %s: wrong answer" % (
                            ip.prefix, name, mode))
                real.append(got)
        if name == "sleep":
            continue

        def speedups(p, mode):
            return [r[(p, "seq")] / r[(p, mode)] for r in real]

        def sim_speedups(num, den):
            return [float(s[num]["wall_s"]) / float(s[den]["wall_s"])
                    for s in simr]

        w = opt.workers
        for ip in group:
            band, target = speedup_band(ip.sim_mode)
            rec.fid(ip, "%s %d-thread speedup" % (name, w),
                    speedups(ip.prefix, "threads"),
                    sim_speedups("seq", ip.sim_mode), "diff", band, target,
                    "median of seq/threads ratios of the same rounds")
            if ft:
                rec.fid(ip, "%s %d-process speedup" % (name, w),
                        speedups(ip.prefix, "procs"),
                        sim_speedups("seq", "fork"), "diff", None, "-",
                        "median of seq/procs ratios of the same rounds; "
                        "bin/bench's fork beside", sim_mode="fork")
            else:
                rec.fid(ip, "%s %d-process speedup" % (name, w),
                        speedups(ip.prefix, "procs"), [], "ratio", None,
                        "-", "CPython only", sim_expected=False)
        if not ft:
            continue
        # C3: threads over processes, each round's own (procs wall over
        # threads wall), the free-threaded CPython's beside C threads over
        # fork (bin/bench, its rounds).
        ip = group[0]
        rec.fid(ip, "%s %s over %s" % (name, count(w, "thread"),
                                       count(w, "process", "processes")),
                [r[(ip.prefix, "procs")] / r[(ip.prefix, "threads")]
                 for r in real], sim_speedups("fork", "threads"), "diff",
                None, "-", "median of procs/threads wall ratios of the same "
                "rounds (C3); bin/bench's fork/threads beside",
                sim_mode="threads+fork")
        # What the free-threaded build costs on one thread: its seq over
        # the default build's seq (the twin) in the same round; with
        # PYTHON_GIL=1 too, which keeps the free-threaded build's own
        # costs (atomic reference counts, per-object locks) without
        # running in parallel.
        if twin:
            for ip in group:
                if ip.prefix == "pytwin":
                    continue
                rec.fid(ip, "%s 1-thread cost over the default build" % name,
                        [r[(ip.prefix, "seq")] / r[("pytwin", "seq")]
                         for r in real], [], "ratio", None, "-",
                        "median of %s-seq/pytwin-seq wall ratios of the same "
                        "rounds (> 1: slower than the default build of %s)"
                        % (ip.prefix, ip.info["version"]),
                        sim_expected=False, sim_mode="-")


# The start methods of multiprocessing, as bin/bench names its modes.
START_METHODS = ("fork", "forkserver", "spawn")
# Empty tasks through each pool after its start-up (bin/bench's empty
# cells beside with as many).
STARTUP_TASKS = 100


def run_startup(opt, group, sim, rng, rec):
    """ProcessPoolExecutor's start-up under each start method, in rounds
    of every (interpreter, method) in a shuffled order, with blocks of
    bin/bench's empty cells of the same modes. Every CPython 3 but the
    PYTHON_GIL=1 twin of a free-threaded one (the same binary) and those
    before 3.7 (no pool initializer to hand the barrier over); with
    --quick only a free-threaded one (make bench's budget)."""
    ips = [ip for ip in group if ip.info.get("futures") and ip.write_rows
           and ip.prefix != "pyftgil" and (not opt.quick or
                                           ip.prefix == "pyft")]
    if not ips:
        return
    w = opt.workers
    sim_modes = [m for m in START_METHODS if m in sim.modes]
    real = dict(((ip.prefix, m), ([], [])) for ip in ips
                for m in START_METHODS)
    simr = []
    block = 4
    done = 0
    while done < opt.startup_reps:
        n = min(block, opt.startup_reps - done)
        steps = ["py"] * n + (["sim"] if sim.ok and sim_modes else [])
        rng.shuffle(steps)
        for step in steps:
            if step == "sim":
                simr += sim.rounds(["--workload", "empty", "--workers",
                                    str(w), "--tasks", str(STARTUP_TASKS)],
                                   sim_modes, n)
                continue
            done += 1
            cells = [(ip, m) for ip in ips for m in START_METHODS]
            rng.shuffle(cells)
            for ip, method in cells:
                ans = ip.ask("start-up %s" % method, cell="startup",
                             method=method, workers=w, tasks=STARTUP_TASKS)
                ok = ans["result"] == STARTUP_TASKS
                row = dict(workload="empty", kind="cost",
                           mode="%s-%s" % (ip.prefix, method), workers=w,
                           tasks=STARTUP_TASKS, size=1, rep=done,
                           wall_s="%.9f" % ans["wall"],
                           startup_s="%.9f" % ans["startup"],
                           result=ans["result"], expected=STARTUP_TASKS,
                           verified=str(ok).lower(), errors=0 if ok else 1,
                           error="" if ok else "wrong answer")
                if ans.get("server") is not None:
                    row.update(metric="%.9f" % ans["server"],
                               metric_name="server_start_s")
                rec.emit(ip, ans, row)
                if not ok:
                    raise RuntimeError("%s start-up %s: wrong answer" % (
                        ip.prefix, method))
                real[(ip.prefix, method)][0].append(ans["startup"])
                real[(ip.prefix, method)][1].append(ans["wall"])
    for ip in ips:
        for method in START_METHODS:
            startup, wall = real[(ip.prefix, method)]
            have = method in sim_modes
            note = "ProcessPoolExecutor under get_context(%r)" % method
            if not have and sim.ok:
                note += "; this bin/bench has no %s mode (bin/bench --list)" \
                    % method
            for figure, vals, col in (
                    ("pool start-up of %s" % count(w, "worker"), startup,
                     "startup_s"),
                    ("%d empty tasks on %s" % (STARTUP_TASKS,
                                               count(w, "worker")), wall,
                     "wall_s")):
                rec.fid(ip, "%s: %s" % (figure, method), vals,
                        [float(s[method][col]) for s in simr] if have else [],
                        "ratio", None, "-", note, sim_expected=sim.ok,
                        sim_mode=method)


def run_convoy(opt, ip, sim, rng, rec):
    if ip.major == 2:
        intervals = [100]
    else:
        intervals = [5, 1]
    sim_mode = ip.sim_mode
    cells = [(k, iv) for iv in intervals for k in (0, 1, 2)
             if not (k == 0 and iv != intervals[0])]
    real = dict((c, []) for c in cells)
    simv = dict((c, []) for c in cells)
    seconds = opt.convoy_ms / 1000.0
    for rep in range(1, opt.convoy_reps + 1):
        steps = [(c, "py") for c in cells]
        if sim.ok:
            steps += [(c, "sim") for c in cells]
        rng.shuffle(steps)
        for (k, iv), side in steps:
            if side == "sim":
                if sim_mode == "gil":
                    extra = ["--switch-interval", str(iv)]
                elif sim_mode == "gil-legacy":
                    extra = ["--check-interval", str(iv)]
                else:
                    extra = []
                simv[(k, iv)].append(sim.convoy(sim_mode, k, opt.convoy_ms,
                                                extra))
                continue
            ans = ip.ask("convoy K=%d" % k, cell="convoy", k=k,
                         seconds=seconds, interval=iv)
            real[(k, iv)].append(ans["rate"])
            row = dict(workload="convoy", mode=ip.prefix + "-threads",
                       workers=k + 1, tasks=k + 1, size=opt.convoy_ms,
                       rep=rep, wall_s="%.9f" % ans["wall"],
                       startup_s="0", result=0,
                       verified=str(ans["ok"]).lower(), expected=0,
                       errors=0 if ans["ok"] else 1,
                       metric="%.6g" % ans["rate"],
                       metric_name="round_trips_per_s",
                       error="" if ans["ok"] else "bad echo or CPU sum")
            if ip.major == 2:
                row["check_interval"] = iv
            else:
                row["switch_interval_ms"] = iv
            rec.emit(ip, ans, row)
            if not ans["ok"]:
                raise RuntimeError("convoy K=%d: bad echo or CPU sum" % k)
    for (k, iv) in cells:
        unit = "check interval %d" % iv if ip.major == 2 \
            else "%g ms" % iv
        if k == 0 or sim_mode == "threads":
            band, target = None, "-"
        elif sim_mode == "gil":
            band, target = (1 / 1.3, 1.3), "ratio within 1.3x"
        else:
            band, target = (1 / 1.5, 1.5), "ratio within 1.5x"
        rec.fid(ip, "convoy %s K=%d round trips/s" % (unit, k), real[(k, iv)],
                simv[(k, iv)], "ratio", band, target,
                "median of %d runs of %d ms" % (opt.convoy_reps,
                                                opt.convoy_ms))


if __name__ == "__main__":
    sys.exit(main())
