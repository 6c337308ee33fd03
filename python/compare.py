#!/usr/bin/env python3
"""compare.py - real CPython beside the simulated GILs, in the same run.

For each interpreter in PYTHONS (default: python3 on PATH, plus a CPython
2.7 where one is found) it measures, in one run and interleaved with the
matching bin/bench cells:

  * the articles' CPU snippets (is_prime over range(100_000, 200_000),
    sum(i * i ...)) in alternating seq / threads pairs plus processes:
    the 2-thread ratio is the median of the per-pair ratios seq/threads,
    with a bootstrap interval; bin/bench's seq / gil pairs beside them
    (gil-legacy for CPython 2, threads for a free-threaded CPython);
  * time.sleep as the I/O stand-in (as before, no pairing);
  * the convoy: one thread doing 1-byte round trips over two pipes with a
    separate Python echo process, beside 0 / 1 / 2 CPU threads, at switch
    intervals 5 ms and 1 ms (3.x) or check interval 100 (2.x), each cell
    --convoy-reps times, beside bin/bench's convoy cells.

Rows go to --csv in bin/bench's schema (header from the file, or from
`bin/bench --csv-header` for a new file). Modes: py-seq, py-threads,
py-procs for a CPython 3 with its GIL; py2-* for CPython 2; pyft-* for a
free-threaded CPython (sys._is_gil_enabled() false), set beside the
`threads` mode. Only the first interpreter of each kind writes rows (two
CPython 3s would mix in one cell); every one is in fidelity.csv.

fidelity.csv (--fidelity, default beside --csv) has one line per figure:
the real and the simulated value with intervals, their ratio (and
difference, for speedups) with an interval, the target of issue 13 and
whether it is met: "yes" when the whole interval of the comparison lies
inside the target, "no" when it lies wholly outside, "inconclusive" when
it straddles a bound.

    python3 python/compare.py --csv FILE [--quick] [--workers N]
                              [--pairs N] [--convoy-reps N]

--workers defaults to the usable cores, and the rows' cpus column holds
them, as bin/bench's do (`bin/bench cpus cpus_usable`; without bin/bench,
the affinity mask, and a line that says so).

The same file runs on 2.7 and 3.x: the driver starts each interpreter as
`compare.py --serve`, a worker that runs one cell per request (a JSON line
on stdin, the answer a JSON line on stdout).

Cost on 2 vCPUs (default settings, the simulated cells included): about
70 s per interpreter, 2.3 min for CPython 3.11 plus 2.7; --quick (QUICK=1)
about 6 s per interpreter.
GILBENCH_FAKE_FREE_THREADED=1 in a worker's environment makes it report
its GIL as off: the stand-in the tests use for a free-threaded build.
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


def run_cpu_cell(kind, mode, workers, fn, args):
    """One repetition: (startup_s, wall_s, results, usage delta, rss)."""
    import multiprocessing
    u0 = usage_now()
    t0 = clock()
    if mode == "seq":
        t1 = clock()
        results = [fn(a) for a in args]
        t2 = clock()
    elif mode == "threads":
        pool = ThreadPool(workers)
        pool.map(noop, list(range(workers)))  # start-up: every thread ran
        t1 = clock()
        results = pool.map(fn, args)
        t2 = clock()
        pool.close()
    else:
        pool = multiprocessing.Pool(workers)
        pool.map(noop, range(workers), 1)
        t1 = clock()
        results = pool.map(fn, args, 1)
        t2 = clock()
        pool.close()
        pool.join()
    u1 = usage_now()
    return t1 - t0, t2 - t1, results, [b - a for a, b in zip(u0, u1)], u1[4]


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


def gil_enabled():
    if os.environ.get("GILBENCH_FAKE_FREE_THREADED") == "1":
        return False
    f = getattr(sys, "_is_gil_enabled", None)
    return True if f is None else bool(f())


def serve():
    """Worker mode: a hello line, then one answer per request line."""
    out = sys.stdout
    out.write(json.dumps({
        "version": sys.version.split()[0],
        "major": sys.version_info[0],
        "implementation": getattr(getattr(sys, "implementation", None),
                                  "name", "cpython"),
        "executable": sys.executable,
        "gil": gil_enabled(),
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
                    None, req["mode"], req["workers"], fn, args)
                results = [v % 2**64 for v in results]
                ans = {"startup": startup, "wall": wall, "usage": du,
                       "rss": rss, "result": sum(results) % 2**64}
            else:
                rate, wall, ok, du, rss = run_convoy_cell(
                    req["k"], req["seconds"], req["interval"])
                ans = {"rate": rate, "wall": wall, "ok": ok, "usage": du,
                       "rss": rss}
        except Exception as e:  # reported, never a hang
            ans = {"error": "%s: %s" % (type(e).__name__, e)}
        out.write(json.dumps(ans) + "\n")
        out.flush()
    return 0


class Worker(object):
    """One interpreter running `compare.py --serve`."""

    def __init__(self, python):
        self.python = python
        self.p = subprocess.Popen(
            [python, os.path.abspath(__file__), "--serve"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            universal_newlines=True, close_fds=True)
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


def kind_of(info):
    """Row prefix and the simulated mode that models this interpreter."""
    if info["major"] == 2:
        return "py2", "gil-legacy"
    if not info["gil"]:
        return "pyft", "threads"
    return "py", "gil"


def header_of(csv_path, bench):
    if os.path.exists(csv_path) and os.path.getsize(csv_path) > 0:
        with open(csv_path) as f:
            return next(csv.reader(f)), False
    out = subprocess.check_output([bench, "--csv-header"])
    return next(csv.reader(io.StringIO(out.decode()))), True


class Sim(object):
    """bin/bench cells, run one invocation at a time, rows into a scratch
    CSV (kept with --sim-csv), values parsed back."""

    def __init__(self, bench, keep):
        self.bench = bench
        self.keep = keep
        self.ok = os.access(bench, os.X_OK)

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
            if os.path.exists(path):
                os.unlink(path)

    def pairs(self, wl, mode, workers, reps, extra):
        """reps seq/mode pairs in bin/bench's seeded order: the ratios."""
        rows = self.run(["--workload", wl, "--mode", "seq," + mode,
                         "--workers", str(workers), "--repeat", str(reps)]
                        + extra)
        walls = {}
        for row in rows:
            if row["verified"] != "true":
                raise RuntimeError("bin/bench %s %s: unverified row" % (wl, row["mode"]))
            walls[(row["mode"], row["rep"])] = float(row["wall_s"])
        return [walls[("seq", r)] / walls[(mode, r)]
                for (m, r) in sorted(walls) if m == mode]

    def convoy(self, mode, k, size_ms, extra):
        rows = self.run(["--workload", "convoy", "--mode", mode, "--workers",
                         str(k + 1), "--size", str(size_ms), "--repeat", "1"]
                        + extra)
        if rows[0]["verified"] != "true":
            raise RuntimeError("bin/bench convoy: unverified row")
        return float(rows[0]["metric"])


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
                    help="seq/threads pairs per CPU snippet (default 20)")
    ap.add_argument("--convoy-reps", type=int, default=5,
                    help="repetitions of each convoy cell (default 5)")
    ap.add_argument("--convoy-ms", type=int, default=500,
                    help="how long each convoy cell runs (default 500)")
    ap.add_argument("--only", choices=["cpu", "convoy"],
                    help="measure only the CPU snippets or the convoy")
    ap.add_argument("--no-sim", action="store_true",
                    help="no simulated cells (CPython rows only)")
    ap.add_argument("--quick", action="store_true",
                    help="small tasks, 5 pairs, 3 short convoy repetitions")
    ap.add_argument("--seed", type=int)
    ap.add_argument("--bench", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "bin", "bench"))
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
            opt.convoy_ms < 1:
        print("compare.py: --workers, --pairs, --convoy-reps and "
              "--convoy-ms must be >= 1", file=sys.stderr)
        return 2
    if opt.quick:
        opt.pairs = min(opt.pairs, 5)
        opt.convoy_reps = min(opt.convoy_reps, 3)
        opt.convoy_ms = min(opt.convoy_ms, 100)
    fidelity = opt.fidelity or os.path.join(
        os.path.dirname(os.path.abspath(opt.csv)), "fidelity.csv")

    pythons = find_pythons()
    if not pythons:
        print("compare.py: no CPython found (PYTHONS is empty and there is "
              "no python3 on PATH): nothing measured", file=sys.stderr)
        return 0
    header, new = header_of(opt.csv, opt.bench)
    seed = opt.seed if opt.seed is not None else random.randrange(2**32)
    rng = random.Random(seed)
    sim = Sim(opt.bench, opt.sim_csv)
    if opt.no_sim:
        sim.ok = False
    run_id = "py-%08x-%05d" % (int(time.time()), os.getpid())
    host = socket.gethostname()
    out = open(opt.csv, "a")
    if new:
        out.write(",".join(header) + "\n")
    failed = 0
    fid_rows = []
    kinds_done = set()
    load0 = os.getloadavg()

    def emit(row):
        full = dict.fromkeys(header, "")
        full.update(row)
        # The workload's kind, as bin/bench writes it: without it the
        # summary takes the convoy's CPython rows for a CPU workload.
        if not full.get("kind"):
            full["kind"] = KIND_OF.get(row.get("workload"), "")
        full.update(run_id=run_id, host=host, cpus=cpus, seed=seed,
                    timestamp=utc_stamp())
        buf = io.StringIO() if sys.version_info[0] > 2 else io.BytesIO()
        csv.writer(buf, lineterminator="\n").writerow(
            [full.get(h, "") for h in header])
        out.write(buf.getvalue())  # one whole row per write
        out.flush()

    def usage_cols(u, rss):
        return dict(user_s="%.6f" % u[0], sys_s="%.6f" % u[1],
                    vol_cs=u[2], invol_cs=u[3], max_rss_kb=rss)

    for python in pythons:
        try:
            w = Worker(python)
        except (OSError, RuntimeError) as e:
            print("compare.py: skipped %s: %s" % (python, e), file=sys.stderr)
            continue
        info = w.info
        prefix, sim_mode = kind_of(info)
        label = "CPython %s%s" % (info["version"], "" if info["gil"]
                                  else " (free-threaded: GIL off)")
        write_rows = prefix not in kinds_done
        kinds_done.add(prefix)
        print("%s (%s): rows %s-*, beside bin/bench's %s%s" % (
            label, python, prefix, sim_mode,
            "" if write_rows else "; fidelity.csv only (an interpreter of "
            "this kind already wrote rows)"), file=sys.stderr)
        interp = dict(python=python, version=info["version"],
                      gil="yes" if info["gil"] else "no", sim_mode=sim_mode)

        def fid(figure, real, sim_v, how, band, target, cell_note="",
                sim_expected=True):
            r = interval(real, rng)
            s = interval(sim_v, rng) if sim_v else (float("nan"),) * 3
            row = dict(interp, figure=figure, n_real=len(real),
                       n_sim=len(sim_v), real=r[0], real_lo=r[1],
                       real_hi=r[2], sim=s[0], sim_lo=s[1], sim_hi=s[2],
                       target=target, note=cell_note)
            if sim_v:
                ratio = compare_two(sim_v, real, rng, "ratio")
                row.update(ratio=ratio[0], ratio_lo=ratio[1],
                           ratio_hi=ratio[2])
                if how == "diff":
                    cmpv = compare_two(sim_v, real, rng, "diff")
                    row.update(diff=cmpv[0], diff_lo=cmpv[1],
                               diff_hi=cmpv[2])
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
                    "no simulated cell (bin/bench missing or --no-sim)"
            fid_rows.append(row)
            print("  %-34s real %9.4g [%.4g, %.4g]  sim %9.4g  %s%s" % (
                figure, r[0], r[1], r[2], s[0],
                ("ratio %.3f [%.3f, %.3f]" % (row["ratio"], row["ratio_lo"],
                                             row["ratio_hi"])
                 if "ratio" in row else ""),
                ("  target %s: %s" % (target, row["met"]) if band else "")),
                file=sys.stderr)

        try:
            if opt.only != "convoy":
                run_cpu(opt, w, prefix, sim_mode, sim, rng, emit, usage_cols,
                        write_rows, fid)
            if opt.only != "cpu":
                run_convoy(opt, w, info, prefix, sim_mode, sim, rng, emit,
                           usage_cols, write_rows, fid)
        except RuntimeError as e:
            print("compare.py: %s: %s" % (python, e), file=sys.stderr)
            failed += 1
        w.close()
    out.close()
    load1 = os.getloadavg()
    write_fidelity(fidelity, fid_rows, seed, load0, load1)
    print("compare.py: fidelity table in %s (load %.2f -> %.2f)" % (
        fidelity, load0[0], load1[0]), file=sys.stderr)
    if failed:
        print("compare.py: %d interpreters had failed cells" % failed,
              file=sys.stderr)
        return 1
    return 0


FID_COLS = ["python", "version", "gil", "sim_mode", "figure", "n_real",
            "real", "real_lo", "real_hi", "n_sim", "sim", "sim_lo", "sim_hi",
            "ratio", "ratio_lo", "ratio_hi", "diff", "diff_lo", "diff_hi",
            "target", "point_met", "met", "note", "seed", "load_before",
            "load_after"]


def write_fidelity(path, rows, seed, load0, load1):
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


def run_cpu(opt, w, prefix, sim_mode, sim, rng, emit, usage_cols, write_rows,
            fid):
    for name in CPU_WORKLOADS + ("sleep",):
        fn, tasks, size, args_of, expect_of = WORKLOADS[name]
        if opt.quick:
            size = max(1, size // 10)
        args = [args_of(i, size) for i in range(tasks)]
        expected = sum(expect_of(a) for a in args) % 2**64
        pool = max(opt.workers, tasks) if name == "sleep" else opt.workers
        modes = ["seq", "threads", "procs"]
        rounds = opt.pairs if name != "sleep" else (1 if opt.quick else 3)
        walls = dict((m, []) for m in modes)
        ratios, ratios_procs, sim_ratios = [], [], []
        # Blocks of a few rounds: the CPython rounds and one bin/bench
        # invocation of as many seq/mode pairs, in random order, so that
        # drift of the machine lands on both sides.
        block = 4
        done = 0
        while done < rounds:
            n = min(block, rounds - done)
            steps = ["py"] * n + (["sim"] if sim.ok and name != "sleep" else [])
            rng.shuffle(steps)
            for step in steps:
                if step == "sim":
                    extra = ["--check-interval", "100"] \
                        if sim_mode == "gil-legacy" else []
                    if opt.quick:
                        extra += ["--size", str(
                            {"primes": 2000, "sumsq": 2000000}[name])]
                    sim_ratios += sim.pairs(name, sim_mode, opt.workers, n,
                                            extra)
                    continue
                done += 1
                order = modes[:]
                rng.shuffle(order)
                got = {}
                for mode in order:
                    workers = 1 if mode == "seq" else pool
                    ans = w.ask(cell="cpu", workload=name, mode=mode,
                                workers=workers, tasks=tasks, size=size)
                    if "error" in ans:
                        raise RuntimeError("%s %s: %s" % (name, mode,
                                                          ans["error"]))
                    ok = ans["result"] == expected
                    got[mode] = ans["wall"]
                    walls[mode].append(ans["wall"])
                    if write_rows:
                        row = dict(workload=name, mode=prefix + "-" + mode,
                                   workers=workers, tasks=tasks, size=size,
                                   rep=done, wall_s="%.9f" % ans["wall"],
                                   startup_s="%.9f" % ans["startup"],
                                   result=ans["result"],
                                   verified=str(ok).lower(),
                                   expected=expected, errors=0 if ok else 1,
                                   error="" if ok else "wrong answer")
                        row.update(usage_cols(ans["usage"], ans["rss"]))
                        if name == "sleep":
                            row["latency_ms"] = size
                        emit(row)
                    if not ok:
                        raise RuntimeError("%s %s: wrong answer" % (name, mode))
                ratios.append(got["seq"] / got["threads"])
                ratios_procs.append(got["seq"] / got["procs"])
        if name == "sleep":
            continue
        if sim_mode == "gil":
            band, target = (-0.05, 0.05), "|sim - real| <= 0.05"
        elif sim_mode == "gil-legacy":
            band, target = (-0.15, 0.15), "|sim - real| <= 0.15"
        else:
            band, target = None, "-"
        fid("%s %d-thread speedup" % (name, opt.workers), ratios, sim_ratios,
            "diff", band, target, "median of seq/threads pair ratios")
        fid("%s %d-process speedup" % (name, opt.workers), ratios_procs, [],
            "ratio", None, "-", "CPython only", sim_expected=False)


def run_convoy(opt, w, info, prefix, sim_mode, sim, rng, emit, usage_cols,
               write_rows, fid):
    if info["major"] == 2:
        intervals = [100]
    else:
        intervals = [5, 1]
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
            ans = w.ask(cell="convoy", k=k, seconds=seconds, interval=iv)
            if "error" in ans:
                raise RuntimeError("convoy K=%d: %s" % (k, ans["error"]))
            real[(k, iv)].append(ans["rate"])
            if write_rows:
                row = dict(workload="convoy", mode=prefix + "-threads",
                           workers=k + 1, tasks=k + 1, size=opt.convoy_ms,
                           rep=rep, wall_s="%.9f" % ans["wall"],
                           startup_s="0", result=0,
                           verified=str(ans["ok"]).lower(), expected=0,
                           errors=0 if ans["ok"] else 1,
                           metric="%.6g" % ans["rate"],
                           metric_name="round_trips_per_s",
                           error="" if ans["ok"] else "bad echo or CPU sum")
                if info["major"] == 2:
                    row["check_interval"] = iv
                else:
                    row["switch_interval_ms"] = iv
                row.update(usage_cols(ans["usage"], ans["rss"]))
                emit(row)
            if not ans["ok"]:
                raise RuntimeError("convoy K=%d: bad echo or CPU sum" % k)
    for (k, iv) in cells:
        unit = "check interval %d" % iv if info["major"] == 2 \
            else "%g ms" % iv
        if k == 0 or sim_mode == "threads":
            band, target = None, "-"
        elif sim_mode == "gil":
            band, target = (1 / 1.3, 1.3), "ratio within 1.3x"
        else:
            band, target = (1 / 1.5, 1.5), "ratio within 1.5x"
        fid("convoy %s K=%d round trips/s" % (unit, k), real[(k, iv)],
            simv[(k, iv)], "ratio", band, target,
            "median of %d runs of %d ms" % (opt.convoy_reps, opt.convoy_ms))


if __name__ == "__main__":
    sys.exit(main())
