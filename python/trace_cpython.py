#!/usr/bin/env python3
"""trace_cpython.py - real CPython's GIL seen from inside: uprobes on a
stock interpreter's own lock functions, recorded with perf, written as the
suite's trace CSV beside the simulated scenes (scripts/trace-cpython.sh,
`make trace-cpython`, the last line of suites/default.suite).

  trace_cpython.py --out RUN/traces [--pairs N] [--cpu-seconds S]
                   [--convoy-seconds S] [--all] [--draw DIR] [--bench BIN]
  trace_cpython.py --show-probes PYTHON  the probes it would place, no root

For each interpreter (python3 on PATH, CPython 2.7 on PATH or in pyenv,
PYTHONS to choose; --all adds every CPython 3.12+ pyenv has), it finds the
library the interpreter really loads (its /proc/self/maps: libpython, or
the executable when linked statically), looks the lock's functions up in
its symbol table and places uprobes on them through tracefs, in a probe
group of its own (gilbench_PID, or GILBENCH_PROBE_GROUP):

  CPython 3.x   take_gil entry and return, drop_gil entry,
                PyEval_SaveThread entry
  CPython 2.7   PyThread_acquire_lock entry (its lock argument and the
                value of the static interpreter_lock) and return (its
                result), PyThread_release_lock entry (the same two
                values), PyEval_SaveThread entry

(perf2trace.py says what each becomes in the trace.) Then each scene
(gilscene.py) runs --pairs times untraced and traced, in a random order
per pair; the first traced run is converted into the scene's trace, and
the figures of all runs give what tracing costs. The probes are removed
when the interpreter is done, and on any failure, Ctrl-C or SIGTERM; only
the probes of our own group are ever touched.

Output, in --out (RUN/traces/):
  NAME.csv              the trace (bench/core/trace.h's columns)
  NAME.rows.csv         the runs' rows in bin/bench's CSV schema: mode
                        cpython-X.Y rep 1 is the run traced in NAME.csv,
                        reps 2.. the other traced runs; mode
                        cpython-X.Y-untraced rep k the untraced run of
                        pair k
  cpython-overhead.csv  per scene and figure, traced against untraced
  cpython-scenes.csv    every scene: traced, or why not
  cpython.notrun        when nothing could be traced: the reason, one line
NAME: cpython-timeline-1-gil (python3, two CPU threads),
cpython-timeline-3-convoy (python3, the convoy), cpython-timeline-2-legacy
(CPython 2.7, two CPU threads); with --all also cpython-2.7-timeline-3-
convoy and cpython-X.Y-timeline-1-gil for each CPython 3.12+ found.

Where it cannot trace (no perf, not root, no uprobes in the kernel, no
symbols, a free-threaded build, a kernel that refuses the probes, a perf
that cannot record) it says why in one line and exits 0. Exit status: 0
done or cannot trace here; 1 a scene failed or computed a wrong answer,
or perf script or the conversion failed; 2 a usage error; 130/143
interrupted. For the tests: GILBENCH_PROBE_GROUP
names the probe group, GILBENCH_TRACEFS the tracefs folder,
GILBENCH_DEBUG_DIR the debug files' folder, GILBENCH_TRACE_ORDER
(traced-first, untraced-first) the order of each pair.
"""
from __future__ import division, print_function

import csv
import io
import json
import math
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
# No compare.pyc or __pycache__ beside the sources.
sys.dont_write_bytecode = True
sys.path.insert(0, HERE)
import compare  # noqa: E402  (find_pythons, median, utc_stamp, ECHO)
import elfsym  # noqa: E402
import perf2trace  # noqa: E402

SCENE_PY = os.path.join(HERE, "gilscene.py")

# (probe event, function, p = entry / r = return, fetch arguments). The
# event names are what perf2trace.py reads. ARG1 is the first integer
# argument's register; IL the interpreter_lock's offset for @+.
#
# PyEval_RestoreThread gets no probe: its first act is to take the lock
# (take_gil; 2.7: acquiring the interpreter lock), so the want that
# follows a thread's PyEval_SaveThread is where its blocking section ends,
# nanoseconds after RestoreThread's entry. Each hit is a trap of several
# microseconds, and this one would fall on the convoy's critical path:
# between an I/O thread's call returning and its bid for the lock, the
# race that decides whether the CPU thread takes the lock first.
PROBES_3 = (
    ("want", "take_gil", "p", ""),
    ("take", "take_gil", "r", ""),
    ("drop", "drop_gil", "p", ""),
    ("save", "PyEval_SaveThread", "p", ""),
)
PROBES_2 = (
    ("acquire", "PyThread_acquire_lock", "p", "lock=ARG1:x64 il=IL:x64"),
    ("acquired", "PyThread_acquire_lock", "r", "ret=$retval:s32"),
    ("release", "PyThread_release_lock", "p", "lock=ARG1:x64 il=IL:x64"),
    ("save", "PyEval_SaveThread", "p", ""),
)
# The register of a function's first integer argument, by ELF machine.
ARG1 = {62: "%di", 183: "%x0"}
MACHINE = {62: "x86_64", 183: "aarch64", 3: "i386", 40: "arm"}

# The tests' hook: traced-first or untraced-first fixes the order of each
# pair (the tests interrupt a known run); else it is random.
ORDER = os.environ.get("GILBENCH_TRACE_ORDER", "random")

# A perf ring buffer big enough for 2.7's ticks (several hundred thousand
# events a second) without losing any.
PERF_MMAP = "16M"

# The scenes: file name, the simulated twin, the gilscene.py scene, which
# interpreter ("3": python3; "2": CPython 2.7; "extra": 3.12+ with --all),
# whether only --all runs it.
SCENES = (
    ("cpython-timeline-1-gil", "timeline-1-gil", "sumsq", "3", False),
    ("cpython-timeline-3-convoy", "timeline-3-convoy", "convoy", "3", False),
    ("cpython-timeline-2-legacy", "timeline-2-legacy", "sumsq", "2", False),
    ("cpython-2.7-timeline-3-convoy", "timeline-3-convoy", "convoy", "2",
     True),
    ("cpython-VER-timeline-1-gil", "timeline-1-gil", "sumsq", "extra", True),
)

ROWS_MIN_HEADER = ("run_id,timestamp,host,cpus,workload,mode,workers,tasks,"
                   "size,rep,wall_s,result,verified,expected,errors,metric,"
                   "metric_name,switch_interval_ms,check_interval,error,kind,"
                   "metric2,metric2_name").split(",")


class CannotTrace(Exception):
    """This machine or interpreter cannot be traced: the reason."""


class Failed(Exception):
    """A scene, perf or the conversion failed."""


class Interrupted(BaseException):
    def __init__(self, sig):
        BaseException.__init__(self, sig)
        self.sig = sig


def say(msg):
    print("trace-cpython: " + msg, file=sys.stderr)
    sys.stderr.flush()


def probe_lines(lib, major, group):
    """The uprobe_events lines for lib (a CPython of this major version)."""
    probes = PROBES_2 if major == 2 else PROBES_3
    funcs = sorted(set(p[1] for p in probes))
    names = funcs + (["interpreter_lock"] if major == 2 else [])
    try:
        syms, machine = elfsym.symbols(lib, set(names))
    except elfsym.NotElf as e:
        raise CannotTrace("no symbols: %s" % e)
    missing = [n for n in names if n not in syms]
    if missing:
        raise CannotTrace("no symbols: %s has no %s in its symbol table and "
                          "no debug file for its build-id in %s (a "
                          "stripped build keeps only exported names; "
                          "pyenv's builds keep them, Debian has them in "
                          "python3.X-dbg)" % (lib, ", ".join(missing),
                                              elfsym.DEBUG_DIR))
    if " " in lib:
        raise CannotTrace("%s: a path with a blank cannot be probed" % lib)
    lines = []
    for event, func, kind, args in probes:
        vaddr, off = syms[func]
        if "ARG1" in args:
            if machine not in ARG1:
                raise CannotTrace("CPython 2.7's lock argument is not "
                                  "read on %s" % MACHINE.get(
                                      machine, "machine %d" % machine))
            args = args.replace("ARG1", ARG1[machine])
        if "IL" in args:
            # @+X reads the process's memory at X past the place the
            # kernel maps the probed file's offset 0 (uprobetracer.rst).
            il = syms["interpreter_lock"][0] - vaddr + off
            args = args.replace("IL", "@+0x%x" % il)
        lines.append(("%s:%s/%s %s:0x%x %s" % (kind, group, event, lib, off,
                                               args)).rstrip())
    return lines


# --- the machine -------------------------------------------------------------

TRACEFS = "/sys/kernel/tracing"


class NotMounted(CannotTrace):
    pass


# [True] while tracefs is mounted by this run (main's finally unmounts
# it, whatever ends the run); a list, so that it is set in place.
MOUNTED = []


def tracefs():
    """The folder of uprobe_events, or CannotTrace (NotMounted when the
    kernel has tracefs but it is not mounted)."""
    env = os.environ.get("GILBENCH_TRACEFS")
    dirs = [env] if env else [TRACEFS, "/sys/kernel/debug/tracing"]
    for d in dirs:
        if os.path.exists(os.path.join(d, "uprobe_events")):
            return d
    for d in dirs:
        if os.path.exists(os.path.join(d, "kprobe_events")) or \
                os.path.exists(os.path.join(d, "available_events")):
            raise CannotTrace("no uprobes in the kernel: %s has no "
                              "uprobe_events (a kernel built without "
                              "CONFIG_UPROBE_EVENTS)" % d)
    raise NotMounted("no uprobes: tracefs is not mounted (mount -t "
                     "tracefs nodev %s) or the kernel has no tracing"
                     % TRACEFS)


def kernel_has_tracefs():
    try:
        with open("/proc/filesystems") as f:
            return any(line.split()[-1:] == ["tracefs"] for line in f)
    except (IOError, OSError):
        return False


def mount_tracefs():
    """tracefs mounted on TRACEFS for this run, as perf itself does when
    it finds it missing (a container or a minimal VM mounts none), or
    NotMounted saying why not. Returns the folder; main unmounts it."""
    if os.environ.get("GILBENCH_TRACEFS") or not kernel_has_tracefs() or \
            not os.path.isdir(TRACEFS):
        return tracefs()
    # Marked before: a signal as mount returns still unmounts it.
    MOUNTED.append(True)
    err = run_quietly(["mount", "-t", "tracefs", "nodev", TRACEFS])
    if err is not None:
        del MOUNTED[:]
        raise NotMounted("no uprobes: tracefs is not mounted and mounting "
                         "it on %s failed (%s): a container may forbid it"
                         % (TRACEFS, err))
    try:
        d = tracefs()
    except CannotTrace:
        unmount_tracefs()
        raise
    say("tracefs was not mounted: mounted on %s for this run, as perf "
        "would; unmounted at the end" % TRACEFS)
    return d


def unmount_tracefs():
    del MOUNTED[:]
    if not os.path.ismount(TRACEFS):
        return
    err = run_quietly(["umount", TRACEFS])
    if err is not None:
        say("tracefs left mounted on %s: umount failed (%s)" % (TRACEFS, err))


def run_quietly(argv):
    """None if ARGV ran and exited 0, else its error in a few words."""
    try:
        p = subprocess.Popen(argv, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        out = p.communicate()[0].decode("utf-8", "replace").strip()
    except OSError as e:
        return "%s: %s" % (argv[0], e.strerror)
    if p.returncode == 0:
        return None
    return out.splitlines()[-1] if out else "exit %d" % p.returncode


def check_machine():
    """The perf command and the tracefs folder (mounted for this run if
    it was not: MOUNTED), or CannotTrace: perf first (it is missing for
    root too), then root, then the kernel (only root can see tracefs)."""
    if not sys.platform.startswith("linux"):
        raise CannotTrace("uprobes are Linux's; this is %s" % sys.platform)
    perf = shutil.which("perf")
    if not perf:
        raise CannotTrace("no perf: install it (Debian: apt-get install "
                          "linux-perf; Ubuntu: linux-tools-common "
                          "linux-tools-$(uname -r))")
    try:
        with open(os.devnull, "w") as null:
            subprocess.check_call([perf, "--version"], stdout=null,
                                  stderr=null)
    except (OSError, subprocess.CalledProcessError):
        raise CannotTrace("no perf: '%s --version' fails (a perf for "
                          "another kernel?)" % perf)
    if os.geteuid() != 0:
        raise CannotTrace("not root: uprobes are placed through tracefs, "
                          "which only root may write (sudo make "
                          "trace-cpython)")
    try:
        return perf, tracefs()
    except NotMounted:
        return perf, mount_tracefs()


# The interpreter's own account of itself: the library it really loaded
# (/proc/self/maps), whether its GIL is on. Runs on 2.7 and 3.x.
QUERY = r"""
import json, os, platform, sys
lib = ""
for line in open("/proc/self/maps"):
    p = line.split()
    if len(p) >= 6 and os.path.basename(p[5]).startswith("libpython"):
        lib = p[5]
        break
f = getattr(sys, "_is_gil_enabled", None)
gil = True if f is None else bool(f())
if os.environ.get("GILBENCH_FAKE_FREE_THREADED") == "1":
    gil = False
print(json.dumps({"version": "%d.%d.%d" % sys.version_info[:3],
                  "major": sys.version_info[0], "minor": sys.version_info[1],
                  "impl": platform.python_implementation(),
                  "executable": os.path.realpath(sys.executable),
                  "lib": lib, "gil": gil}))
"""


def query(python):
    try:
        out = subprocess.check_output([python, "-c", QUERY])
        info = json.loads(out.decode())
    except (OSError, subprocess.CalledProcessError, ValueError) as e:
        raise CannotTrace("%s does not run: %s" % (python, e))
    info["python"] = python
    info["xy"] = "%d.%d" % (info["major"], info["minor"])
    info["target"] = info["lib"] or info["executable"]
    if info["impl"] != "CPython":
        raise CannotTrace("%s is %s, not CPython: no take_gil to probe"
                          % (python, info["impl"]))
    if not info["gil"]:
        raise CannotTrace("%s (CPython %s) is a free-threaded build with "
                          "its GIL off: no GIL to trace"
                          % (python, info["version"]))
    if info["major"] == 3 and (info["minor"] < 2):
        raise CannotTrace("CPython %s has neither GIL this traces"
                          % info["version"])
    return info


def extra_pythons():
    """Every CPython 3.12+ that pyenv has (--all)."""
    try:
        with open(os.devnull, "w") as null:
            root = subprocess.check_output(["pyenv", "root"], stderr=null)
        vdir = os.path.join(root.decode().strip(), "versions")
        vers = os.listdir(vdir)
    except (OSError, subprocess.CalledProcessError):
        return []
    out = []
    for v in sorted(vers):
        parts = v.split(".")
        if len(parts) == 3 and parts[0] == "3" and parts[1].isdigit() and \
                int(parts[1]) >= 12 and parts[2].isdigit():
            p = os.path.join(vdir, v, "bin", "python3")
            if os.access(p, os.X_OK):
                out.append(p)
    return out


# --- probes and processes ------------------------------------------------------

class Probes(object):
    """The probes of our group: placed one line at a time, removed in
    reverse; never anyone else's."""

    def __init__(self, tdir):
        self.events_file = os.path.join(tdir, "uprobe_events")
        self.placed = []

    def _write(self, line):
        # Append, one command per write: opening without O_APPEND would
        # clear every probe of the machine.
        fd = os.open(self.events_file, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, (line + "\n").encode())
        finally:
            os.close(fd)

    def place(self, lines):
        for line in lines:
            name = line.split()[0][2:]  # GROUP/EVENT
            try:
                self._write(line)
            except OSError as e:
                self.placed.append(name)  # in case it is there after all
                raise CannotTrace("the kernel refused the uprobe '%s': %s "
                                  "(a locked-down kernel?)"
                                  % (line, e.strerror))
            self.placed.append(name)

    def remove(self):
        left = []
        for name in reversed(self.placed):
            for attempt in range(50):
                try:
                    self._write("-:" + name)
                    break
                except OSError as e:
                    if e.errno == 2:  # ENOENT: gone already
                        break
                    if attempt == 49:
                        left.append("%s (%s)" % (name, e.strerror))
                    time.sleep(0.1)  # EBUSY: perf is closing
        self.placed = []
        if left:
            say("could not remove the probes %s: perf probe -d '%s' "
                "removes them" % (", ".join(left), left[0].split("/")[0]
                                  + ":*"))


class Children(object):
    """The processes we start, each in a process group of its own (in our
    session), so that a stop takes perf, the scene and its echo process
    together."""

    def __init__(self):
        self.groups = set()

    def start(self, argv, **kw):
        p = subprocess.Popen(argv, preexec_fn=os.setpgrp, **kw)
        self.groups.add(p.pid)
        return p

    def finish(self, p):
        """Wait for p, then kill what is left of its group."""
        try:
            return p.wait()
        finally:
            # What outlived its leader, or all of it when we were
            # interrupted: nothing of ours runs on.
            self.kill_group(p.pid)
            p.wait()
            self.groups.discard(p.pid)

    def run(self, argv, **kw):
        return self.finish(self.start(argv, **kw))

    @staticmethod
    def kill_group(pgid):
        try:
            os.killpg(pgid, signal.SIGKILL)
        except OSError:
            pass

    def stop_all(self):
        """Kill every group still running (finish() does it as it goes;
        this is for what an exception left between start and finish)."""
        for g in list(self.groups):
            self.kill_group(g)
            try:
                os.waitpid(g, 0)
            except OSError:
                pass
        self.groups.clear()


# --- one scene ----------------------------------------------------------------

def read_figures(side_path):
    side = perf2trace.read_side(side_path)
    if side.get("verified") != "true":
        raise Failed("%s: the scene's answers were wrong" % side["scene"])
    return side


class Tracer(object):
    def __init__(self, opt, perf, tdir):
        self.opt = opt
        self.perf = perf
        self.probes = Probes(tdir)
        self.kids = Children()
        self.group = os.environ.get("GILBENCH_PROBE_GROUP",
                                    "gilbench_%d" % os.getpid())
        self.tmp = tempfile.mkdtemp(prefix="trace-cpython.")
        self.rng = random.Random(opt.seed)
        self.overhead = []

    def close(self):
        self.kids.stop_all()
        self.probes.remove()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def scene_argv(self, info, scene, seconds, side):
        return [info["executable"], SCENE_PY, scene, "--seconds",
                "%g" % seconds, "--side", side]

    def one_run(self, info, scene, seconds, traced, keep):
        side = os.path.join(self.tmp, "side")
        data = os.path.join(self.tmp, "perf.data")
        for p in (side, data):
            if os.path.exists(p):
                os.unlink(p)
        argv = self.scene_argv(info, scene, seconds, side)
        echo, fds = None, ()
        if scene == "convoy":
            # The echo process is ours, not the scene's: outside perf's
            # processes the probes do not fire in it (each hit is a trap).
            echo = self.kids.start([info["executable"], "-c", compare.ECHO],
                                   stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, bufsize=0)
            fds = (echo.stdin.fileno(), echo.stdout.fileno())
            argv += ["--echo-fds", "%d,%d" % fds]
        if traced:
            argv = [self.perf, "record", "-q", "-k", "CLOCK_MONOTONIC",
                    "-m", PERF_MMAP, "-B", "-N", "--no-bpf-event",
                    "-e", self.group + ":*",
                    "-o", data, "--"] + argv
        err = os.path.join(self.tmp, "stderr")
        try:
            with open(err, "w") as errf:
                rc = self.kids.run(argv, pass_fds=fds, stderr=errf)
        finally:
            if echo:
                echo.stdin.close()
                echo.stdout.close()
                self.kids.finish(echo)
        with open(err) as errf:
            msg = errf.read()
        sys.stderr.write(msg)
        if rc != 0 or not os.path.exists(side):
            last = ([l for l in msg.splitlines() if l.strip()] or ["-"])[-1]
            if traced:
                # perf's fault or the scene's? The scene alone tells.
                self.one_run(info, scene, seconds, False, False)
                raise CannotTrace("perf record fails here (status %d: %s)"
                                  % (rc, last.strip()))
            raise Failed("%s on CPython %s exited with status %d: %s" % (
                scene, info["version"], rc, last.strip()))
        figs = read_figures(side)
        if keep:
            txt = os.path.join(self.tmp, "perf.txt")
            with open(txt, "w") as out:
                rc = self.kids.run([self.perf, "script", "-i", data, "--ns",
                                    "-F", "trace:tid,time,event,trace",
                                    "--show-lost-events"], stdout=out)
            if rc != 0:
                raise Failed("perf script failed with status %d" % rc)
            figs["_perf_txt"] = txt
            figs["_side"] = side + ".kept"
            shutil.copy(side, figs["_side"])
        return figs

    def run_scene(self, name, twin, scene, info, rows_header):
        opt = self.opt
        seconds = opt.convoy_seconds if scene == "convoy" else \
            opt.cpu_seconds
        runs = {True: [], False: []}
        kept = None
        load0 = os.getloadavg()[0]
        for pair in range(opt.pairs):
            order = [False, True]
            self.rng.shuffle(order)
            if ORDER in ("traced-first", "untraced-first"):
                order = [ORDER == "traced-first", ORDER != "traced-first"]
            for traced in order:
                keep = traced and kept is None
                figs = self.one_run(info, scene, seconds, traced, keep)
                if keep:
                    kept = figs
                runs[traced].append(figs)
        side = perf2trace.read_side(kept["_side"])
        with open(kept["_perf_txt"]) as f:
            try:
                rows, lost = perf2trace.convert(f, side)
            except perf2trace.ConvertError as e:
                raise Failed("%s: %s" % (name, e))
        if lost:
            say("%s: perf lost %d events: the trace has gaps" % (name, lost))
        write_whole(os.path.join(opt.out, name + ".csv"),
                    "\n".join(rows) + "\n")
        write_rows(os.path.join(opt.out, name + ".rows.csv"), rows_header,
                   scene, runs, seconds)
        self.overhead.extend(overhead_rows(name, scene, info, runs,
                                           (load0, os.getloadavg()[0])))
        return lost


def write_whole(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.rename(tmp, path)


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow([r.get(h, "") for h in header])
    return buf.getvalue()


def write_rows(path, header, scene, runs, seconds):
    """Every run of the pairs as a row in bin/bench's schema; size is the
    milliseconds the scene was asked to run, wall_s what it ran."""
    rows = []
    host = socket.gethostname()
    run_id = "cpython-%08x-%05d" % (int(time.time()), os.getpid())
    for traced in (True, False):
        for rep, s in enumerate(runs[traced], 1):
            r = dict(run_id=run_id, timestamp=compare.utc_stamp(), host=host,
                     cpus=os.cpu_count(), workload=scene,
                     mode=s["mode"] + ("" if traced else "-untraced"),
                     workers=2, tasks=2, size="%.0f" % (1000 * seconds),
                     rep=rep, wall_s=s["seconds"], result=0,
                     verified=s["verified"], expected=0, errors=0,
                     metric=s["metric"], metric_name=s["metric_name"],
                     kind="convoy" if scene == "convoy" else "cpu",
                     metric2=s.get("metric2", ""),
                     metric2_name=s.get("metric2_name", ""))
            for k in ("switch_interval_ms", "check_interval"):
                if k in s:
                    r[k] = s[k]
            rows.append(r)
    write_whole(path, csv_text(header, rows))


# The columns bin/bench's report reads (`bin/bench schema
# cpython-scenes`, `bin/bench schema cpython-overhead`).
SCENES_HEADER = ["name", "twin", "workload", "mode", "python", "version",
                 "library", "status", "reason"]
OVERHEAD_HEADER = ("name,mode,python,workload,figure,pairs,untraced,traced,"
                   "ratio,ratio_lo,ratio_hi,coverage,beyond_noise,note,"
                   "load_before,load_after").split(",")


def median_interval(v):
    """(median, lo, hi, coverage): a distribution-free interval for the
    median of v, its order statistics k and n+1-k with k the largest that
    still covers the median with probability 95% (binomial); below 6
    values none does, and it is the range, with the coverage it has."""
    v = sorted(v)
    n = len(v)

    def comb(n, i):  # math.comb is 3.8's
        return math.factorial(n) // (math.factorial(i) * math.factorial(n - i))

    def cover(k):
        return 1 - 2 * sum(comb(n, i) for i in range(k)) / 2 ** n
    k = 1
    while k + 1 <= n // 2 and cover(k + 1) >= 0.95:
        k += 1
    return compare.median(v), v[k - 1], v[n - k], cover(k)


def overhead_rows(name, scene, info, runs, loads):
    """Traced against untraced, per figure: the median over the pairs of
    each pair's ratio, with its interval; beyond noise when a 95% interval
    leaves out 1."""
    out = []
    for key, nkey in (("metric", "metric_name"), ("metric2", "metric2_name")):
        if key not in runs[True][0]:
            continue
        tr = [float(s[key]) for s in runs[True]]
        un = [float(s[key]) for s in runs[False]]
        ratios = [t / u for t, u in zip(tr, un) if u > 0]
        med, lo, hi, cov = median_interval(ratios)
        change = "lowers" if med < 1 else "raises"
        by = abs(med - 1) * 100
        if cov < 0.95:
            beyond = "undecided"
            note = ("%d pairs give no 95%% interval (6 or more do); the "
                    "range %.2f to %.2f covers the median with %.0f%%"
                    % (len(ratios), lo, hi, 100 * cov))
        elif hi < 1 or lo > 1:
            beyond = "yes"
            note = ("tracing %s this figure by %.0f%%: the traced scene is "
                    "not the untraced one" % (change, by))
        else:
            beyond = "no"
            note = ""
        out.append(dict(name=name, mode=runs[True][0]["mode"],
                        python=info["version"], workload=scene,
                        figure=runs[True][0][nkey], pairs=len(ratios),
                        untraced="%.6g" % compare.median(un),
                        traced="%.6g" % compare.median(tr),
                        ratio="%.4f" % med, ratio_lo="%.4f" % lo,
                        ratio_hi="%.4f" % hi, coverage="%.3f" % cov,
                        beyond_noise=beyond, note=note,
                        load_before="%.2f" % loads[0],
                        load_after="%.2f" % loads[1]))
    return out


# --- the run ------------------------------------------------------------------

def rows_header(bench):
    if bench and os.access(bench, os.X_OK):
        try:
            out = subprocess.check_output([bench, "--csv-header"])
            return next(csv.reader(io.StringIO(out.decode())))
        except (OSError, subprocess.CalledProcessError, StopIteration):
            pass
    return list(ROWS_MIN_HEADER)


def plan(opt):
    """[(name, twin, scene, python)] and the scenes left out, with why."""
    pythons = compare.find_pythons()
    p3 = [p for p in pythons if os.path.basename(p) != "python2.7"]
    p2 = [p for p in pythons if os.path.basename(p) == "python2.7"]
    by = {"3": p3[:1], "2": p2[:1],
          "extra": extra_pythons() if opt.all else []}
    todo, skipped = [], []
    for name, twin, scene, which, only_all in SCENES:
        if only_all and not opt.all:
            continue
        if not by[which]:
            skipped.append((name, twin, scene, "", {
                "3": "no python3 on PATH",
                "2": "no CPython 2.7 (on PATH or in pyenv: pyenv install "
                     "2.7.18)",
                "extra": "no CPython 3.12+ in pyenv"}[which]))
            continue
        for py in by[which]:
            todo.append((name, twin, scene, py, which))
    return todo, skipped


TITLES = {"sumsq": "Real CPython %s: two CPU-bound threads",
          "convoy": "Real CPython %s: an I/O thread beside a CPU thread"}


def show(opt, manifest):
    """bin/bench trace's figures of each traced scene on stdout; with
    --draw, its timeline drawn there too (gnuplot, plots/timeline.gp)."""
    if not os.access(opt.bench, os.X_OK):
        return
    plots = os.path.join(os.path.dirname(HERE), "plots")
    gnuplot = shutil.which("gnuplot")
    for m in manifest:
        if m["status"] != "traced":
            continue
        trace = os.path.join(opt.out, m["name"] + ".csv")
        argv = [opt.bench, "trace", trace]
        if opt.draw:
            argv += ["--timeline", opt.draw, "--title",
                     TITLES[m["workload"]] % m["version"]]
        sys.stdout.flush()
        if subprocess.call(argv) != 0:
            raise Failed("bin/bench trace %s failed" % trace)
        if not opt.draw:
            continue
        if not gnuplot:
            say("no gnuplot, so no picture: the data is %s/%s.dat"
                % (opt.draw, m["name"]))
            continue
        if subprocess.call([gnuplot, "-e", "plotdir='%s'" % plots,
                            m["name"] + ".vars.gp",
                            os.path.join(plots, "timeline.gp")],
                           cwd=opt.draw) != 0:
            raise Failed("gnuplot failed on %s" % m["name"])
        print("  picture: %s" % os.path.join(opt.draw, m["name"] + ".png"))


def on_signal(sig, frame):
    raise Interrupted(sig)


def handle_signals(handler):
    """Ctrl-C, SIGTERM and SIGHUP: an Interrupted (on_signal) while the
    run can be stopped, ignored (SIG_IGN) while it cleans up."""
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, handler)


def trace_all(opt, tracer, todo, manifest):
    """Each interpreter's probes placed, its scenes run, its probes
    removed. Returns how many scenes were traced."""
    header = rows_header(opt.bench)
    traced = 0
    pythons = []
    for entry in todo:
        if entry[3] not in pythons:
            pythons.append(entry[3])
    for py in pythons:
        scenes = [e for e in todo if e[3] == py]
        try:
            info = query(py)
            lines = probe_lines(info["target"], info["major"], tracer.group)
        except CannotTrace as e:
            say("skipped %s: %s" % (py, e))
            for name, twin, scene, _, _ in scenes:
                manifest.append(dict(name=name.replace("VER", "X.Y"),
                                     twin=twin, workload=scene,
                                     python=py, status="not traced",
                                     reason=str(e)))
            continue
        done = []
        try:
            tracer.probes.place(lines)
            for name, twin, scene, _, which in scenes:
                if which == "extra":
                    name = name.replace("VER", info["xy"])
                say("%s: CPython %s, %s, %d pairs" % (
                    name, info["version"], scene, opt.pairs))
                lost = tracer.run_scene(name, twin, scene, info, header)
                traced += 1
                done.append(name)
                manifest.append(dict(
                    name=name, twin=twin, workload=scene, python=py,
                    version=info["version"], mode="cpython-" + info["xy"],
                    library=info["target"], status="traced",
                    reason=("perf lost %d events" % lost) if lost else ""))
        except CannotTrace as e:
            say("skipped %s: %s" % (py, e))
            for name, twin, scene, _, which in scenes:
                if which == "extra":
                    name = name.replace("VER", info["xy"])
                if name not in done:
                    manifest.append(dict(name=name, twin=twin,
                                         workload=scene, python=py,
                                         status="not traced",
                                         reason=str(e)))
        finally:
            tracer.probes.remove()
    return traced


def main(argv):
    import argparse
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", help="the folder of the traces (RUN/traces)")
    ap.add_argument("--pairs", type=int, default=3,
                    help="untraced/traced pairs per scene (default 3)")
    ap.add_argument("--cpu-seconds", type=float, default=0.3,
                    help="how long the CPU threads run (default 0.3)")
    ap.add_argument("--convoy-seconds", type=float, default=0.5,
                    help="how long the convoy runs (default 0.5)")
    ap.add_argument("--all", action="store_true",
                    help="also 2.7's convoy and every CPython 3.12+")
    ap.add_argument("--bench", default=os.path.join(os.path.dirname(HERE),
                                                    "bin", "bench"),
                    help="bin/bench, for its CSV header")
    ap.add_argument("--seed", type=int, help="of the pairs' order")
    ap.add_argument("--draw", metavar="DIR",
                    help="draw each timeline there (gnuplot)")
    ap.add_argument("--show-probes", metavar="PYTHON",
                    help="print the probes PYTHON would get, or why it "
                    "cannot be traced (exit 1), and exit; no root needed")
    opt = ap.parse_args(argv)
    if opt.show_probes:
        try:
            info = query(opt.show_probes)
            for line in probe_lines(info["target"], info["major"],
                                    "gilbench"):
                print(line)
        except (CannotTrace, IOError, OSError) as e:
            say("cannot trace: %s" % e)
            return 1
        return 0
    if not opt.out:
        ap.error("--out FOLDER is required")
    if opt.pairs < 1 or not 0 < opt.cpu_seconds <= 60 or \
            not 0 < opt.convoy_seconds <= 60:
        ap.error("--pairs must be 1 or more and the seconds above 0 and at "
                 "most 60")
    if not os.path.isdir(opt.out):
        try:
            os.makedirs(opt.out)
        except OSError as e:
            say("cannot create the folder '%s': %s" % (opt.out, e.strerror))
            return 2
    for f in ("cpython.notrun", "cpython-scenes.csv", "cpython-overhead.csv"):
        if os.path.exists(os.path.join(opt.out, f)):
            os.unlink(os.path.join(opt.out, f))

    def notrun(reason):
        say("not traced: " + reason)
        write_whole(os.path.join(opt.out, "cpython.notrun"), reason + "\n")
        return 0

    # The handlers from here on: a SIGTERM once tracefs is mounted must
    # still reach the finally that unmounts it.
    handle_signals(on_signal)
    try:
        try:
            perf, tdir = check_machine()
        except CannotTrace as e:
            return notrun(str(e))
        return trace_and_show(opt, perf, tdir, notrun)
    except Interrupted as e:
        say("interrupted; the probes are removed")
        return 128 + e.sig
    finally:
        handle_signals(signal.SIG_IGN)
        if MOUNTED:
            unmount_tracefs()


def trace_and_show(opt, perf, tdir, notrun):
    """Main's work once the machine can trace: the exit status."""
    todo, skipped = plan(opt)
    manifest = [dict(name=n, twin=t, workload=s, status="not traced",
                     reason=r) for n, t, s, _, r in skipped]
    tracer = Tracer(opt, perf, tdir)
    status = 0
    try:
        traced = trace_all(opt, tracer, todo, manifest)
    except Interrupted as e:
        status = 128 + e.sig
    except (Failed, CannotTrace, OSError) as e:
        say("failed: %s" % e)
        status = 1
    finally:
        # Nothing may stop the clean-up: a second Ctrl-C would leave
        # probes behind.
        handle_signals(signal.SIG_IGN)
        tracer.close()
    if status > 128:
        say("interrupted; the probes are removed")
        return status
    write_whole(os.path.join(opt.out, "cpython-scenes.csv"), csv_text(
        SCENES_HEADER, manifest))
    if tracer.overhead:
        write_whole(os.path.join(opt.out, "cpython-overhead.csv"),
                    csv_text(OVERHEAD_HEADER, tracer.overhead))
    if status == 0 and not traced:
        reasons = sorted(set(m["reason"] for m in manifest))
        return notrun("; ".join(reasons) or "no interpreter to trace")
    if status == 0:
        if opt.draw and not os.path.isdir(opt.draw):
            os.makedirs(opt.draw)
        # The CSVs are whole and the probes gone: drawing may be stopped
        # (ignored signals would pass on to gnuplot, and a hung one could
        # not be).
        handle_signals(on_signal)
        try:
            show(opt, manifest)
        except Failed as e:
            say(str(e))
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
