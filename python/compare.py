#!/usr/bin/env python3
"""compare.py - the real CPython GIL beside the simulated one.

Runs the articles' own snippets (is_prime over a range, sum(i*i ...),
time.sleep as the I/O stand-in) under CPython's sequential loop,
ThreadPoolExecutor and ProcessPoolExecutor, checks every answer against a
known one, and appends rows in bin/bench's CSV schema with modes py-seq,
py-threads and py-procs, so the report can put CPython's speedups next to
the `gil` mode's from the same machine.

    python3 python/compare.py --csv FILE [--workers N] [--repeat R] [--quick]

The header must match bin/bench's (read from the file, or from
`bin/bench --csv-header` for a new file); each row is written whole.
"""
import argparse
import concurrent.futures as cf
import csv
import io
import math
import os
import random
import resource
import socket
import subprocess
import sys
import time
from datetime import datetime, timezone


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

def sieve_count(lo, hi):
    """Primes in [lo, hi) by a plain sieve of Eratosthenes."""
    flags = bytearray([1]) * hi
    flags[0:2] = b"\x00\x00"
    for p in range(2, math.isqrt(hi - 1) + 1):
        if flags[p]:
            flags[p * p::p] = bytearray(len(range(p * p, hi, p)))
    return sum(flags[lo:hi])


def sumsq_closed(lo, hi):
    s = lambda n: (n - 1) * n * (2 * n - 1) // 6 if n > 0 else 0
    return (s(hi) - s(lo)) % 2**64


WORKLOADS = {
    # name: (task fn, tasks, size, args of task i, expected of task i, kind)
    "primes": (primes_task, 10, 10000,
               lambda i, size: (100000 + i * size, 100000 + (i + 1) * size),
               lambda a: sieve_count(*a)),
    "sumsq": (sumsq_task, 8, 1000000,
              lambda i, size: (i * size, (i + 1) * size),
              lambda a: sumsq_closed(*a)),
    "sleep": (sleep_task, 8, 50,
              lambda i, size: (size / 1000.0, i + 1),
              lambda a: a[1]),
}


def usage_now():
    s = resource.getrusage(resource.RUSAGE_SELF)
    c = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (s.ru_utime + c.ru_utime, s.ru_stime + c.ru_stime,
            s.ru_nvcsw + c.ru_nvcsw, s.ru_nivcsw + c.ru_nivcsw,
            s.ru_maxrss + c.ru_maxrss)


def run_cell(mode, workers, fn, args):
    """One repetition: (startup_s, wall_s, results, usage delta)."""
    u0 = usage_now()
    t0 = time.monotonic()
    if mode == "py-seq":
        t1 = time.monotonic()
        results = [fn(a) for a in args]
        t2 = time.monotonic()
    else:
        pool_cls = cf.ThreadPoolExecutor if mode == "py-threads" \
            else cf.ProcessPoolExecutor
        with pool_cls(max_workers=workers) as pool:
            # Start-up: until every worker has run one no-op.
            list(pool.map(noop, range(workers)))
            t1 = time.monotonic()
            results = list(pool.map(fn, args))
            t2 = time.monotonic()
    u1 = usage_now()
    return t1 - t0, t2 - t1, results, [b - a for a, b in zip(u0, u1)], u1[4]


def header_of(csv_path, bench):
    if os.path.exists(csv_path) and os.path.getsize(csv_path) > 0:
        with open(csv_path, newline="") as f:
            return next(csv.reader(f)), False
    out = subprocess.run([bench, "--csv-header"], check=True,
                         capture_output=True, text=True).stdout
    return next(csv.reader(io.StringIO(out))), True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", required=True)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--quick", action="store_true",
                    help="smaller tasks and one repetition (tests)")
    ap.add_argument("--bench", default=os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "bin", "bench"))
    opt = ap.parse_args()
    if opt.workers < 1 or opt.repeat < 1:
        print("compare.py: --workers and --repeat must be >= 1",
              file=sys.stderr)
        return 2

    header, new = header_of(opt.csv, opt.bench)
    seed = random.randrange(2**32)
    rng = random.Random(seed)
    run_id = "py-%08x-%05d" % (int(time.time()), os.getpid())
    host = socket.gethostname()
    cpus = os.cpu_count()
    modes = ["py-seq", "py-threads", "py-procs"]
    failed = 0
    out = open(opt.csv, "a", newline="")
    if new:
        out.write(",".join(header) + "\n")
    for name, (fn, tasks, size, args_of, expect_of) in WORKLOADS.items():
        if opt.quick:
            size = max(1, size // 20)
        args = [args_of(i, size) for i in range(tasks)]
        expected = [expect_of(a) for a in args]
        # The articles run their sleeping tasks one thread each (8 on 8).
        pool = max(opt.workers, tasks) if name == "sleep" else opt.workers
        cells = [(m, 1 if m == "py-seq" else pool) for m in modes]
        print(f"{name}: {tasks} tasks x size {size}, CPython "
              f"{sys.version.split()[0]}, {pool} workers")
        walls = {}
        reps = 1 if opt.quick else opt.repeat
        for rep in range(1, reps + 1):
            rng.shuffle(cells)  # interleaved, seeded, as bin/bench does
            for mode, workers in cells:
                startup, wall, results, du, rss = run_cell(
                    mode, workers, fn, args)
                if name == "sumsq":
                    results = [r % 2**64 for r in results]
                ok = results == expected
                failed += not ok
                walls.setdefault(mode, []).append(wall)
                row = dict.fromkeys(header, "")
                row.update(
                    run_id=run_id,
                    timestamp=datetime.now(timezone.utc).strftime(
                        "%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
                    host=host, cpus=cpus, workload=name, mode=mode,
                    workers=workers, tasks=tasks, size=size, rep=rep,
                    wall_s="%.9f" % wall, startup_s="%.9f" % startup,
                    user_s="%.6f" % du[0], sys_s="%.6f" % du[1],
                    max_rss_kb=rss, vol_cs=du[2], invol_cs=du[3],
                    result=sum(results) % 2**64, verified=str(ok).lower(),
                    expected=sum(expected) % 2**64,
                    errors=0 if ok else 1, seed=seed,
                    error="" if ok else "wrong answer")
                if name == "sleep":
                    row["latency_ms"] = size
                buf = io.StringIO()
                csv.writer(buf, lineterminator="\n").writerow(
                    [row.get(h, "") for h in header])
                out.write(buf.getvalue())  # one whole row per write
                out.flush()
        base = sorted(walls["py-seq"])[len(walls["py-seq"]) // 2]
        for mode in modes:
            med = sorted(walls[mode])[len(walls[mode]) // 2]
            print(f"  {mode:<11} median {med:8.4f} s  speedup "
                  f"{base / med:5.2f}x")
    out.close()
    if failed:
        print(f"compare.py: {failed} repetitions gave a wrong answer",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
