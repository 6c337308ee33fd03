#!/usr/bin/env python3
"""browser-check.py RUN [WIDTH...] - open RUN/REPORT.html in headless
Chromium at the widths a class sees it, check the layout, and leave
screenshots in RUN/screenshots/ so the report can be looked at without a
browser.

The widths (default 390 1024 1400): a student's phone (390 x 844, as a
phone: the page's viewport tag applies), a projector (1024 x 768), a
laptop (1400 x 900). At each, the check fails when

  - the page is wider than the screen (it would scroll sideways), with
    every folded table opened,
  - a chart is missing or blank (not loaded, or no coloured pixel: no
    series was drawn),
  - a verdict cell is not inside the first screen width.

Screenshots: REPORT-W.png (the first screen) and REPORT-W-full.png (the
whole page, up to 16,000 px) for each width W.

Chromium is driven through the DevTools protocol over a pipe
(--remote-debugging-pipe: JSON messages ended by a NUL byte, commands on
fd 3, answers on fd 4), with nothing but the standard library. Its
--window-size cannot go below 500 px, so the width is set by device
emulation, as the browser's own device toolbar does.

Exit status: 0 every check passed, 1 a check failed, 2 a usage error,
3 no Chromium here (the tests skip then).
"""

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile

SCREENS = {390: 844, 1024: 768, 1400: 900}
FULL_MAX = 40000
# A4 at 96 px per inch.
A4_W, A4_H = 794, 1123
TIMEOUT_S = 60

# Run in the page once it has loaded; returns what the checks need.
MEASURE = r"""
(async function () {
  function inBox(e) {
    for (var p = e.parentElement; p; p = p.parentElement) {
      var o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') return true;
    }
    return false;
  }
  // Measure with every fold open (the summary tables), then close them
  // again for the screenshots: an opened table must not widen the page.
  var shut = Array.from(document.querySelectorAll('details:not([open])'));
  shut.forEach(function (d) { d.open = true; });
  var imgs = Array.from(document.querySelectorAll('figure img'));
  await Promise.all(imgs.map(function (i) {
    return i.decode ? i.decode().catch(function () {}) : null;
  }));
  var W = window.innerWidth, de = document.documentElement;
  var res = { viewport: W, page: Math.max(de.scrollWidth, document.body.scrollWidth),
              height: Math.max(de.scrollHeight, document.body.scrollHeight),
              widest: '', charts: [], verdicts: [] };
  var wr = 0;
  document.querySelectorAll('body *').forEach(function (e) {
    var r = e.getBoundingClientRect();
    if (r.right > W + 1 && r.right > wr && !inBox(e)) {
      wr = r.right;
      res.widest = e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
        ' reaches ' + Math.round(r.right) + ' px';
    }
  });
  imgs.forEach(function (img) {
    var f = img.closest('figure'), c = { id: f ? f.id : '?' };
    res.charts.push(c);
    if (!img.complete || !img.naturalWidth) { c.missing = true; return; }
    var cv = document.createElement('canvas'), w = 320, h = 225;
    cv.width = w; cv.height = h;
    var g = cv.getContext('2d');
    g.fillStyle = '#fff'; g.fillRect(0, 0, w, h);
    g.drawImage(img, 0, 0, w, h);
    var px;
    try { px = g.getImageData(0, 0, w, h).data; }
    catch (err) { c.unreadable = String(err); return; }
    var ink = 0, colour = 0;
    for (var i = 0; i < px.length; i += 4) {
      var r = px[i], gr = px[i + 1], b = px[i + 2];
      if (r < 230 || gr < 230 || b < 230) ink++;
      if (Math.max(r, gr, b) - Math.min(r, gr, b) > 60) colour++;
    }
    var box = img.getBoundingClientRect();
    c.ink = ink; c.colour = colour;
    c.shown = Math.round(box.width); c.right = Math.round(box.right);
  });
  document.querySelectorAll('td.verdict').forEach(function (td) {
    var r = td.getBoundingClientRect();
    res.verdicts.push({ row: td.parentElement.id || '?', left: Math.round(r.left),
                        right: Math.round(r.right), width: Math.round(r.width) });
  });
  res.folds = shut.length;
  shut.forEach(function (d) { d.open = false; });
  return res;
})()
"""


class Browser:
    """One headless Chromium, spoken to over --remote-debugging-pipe."""

    def __init__(self, exe, profile):
        cmd_r, self._cmd_w = os.pipe()
        self._ans_r, ans_w = os.pipe()
        args = [exe, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-pipe",
                "about:blank"]

        def fds():
            # The protocol's two fds: commands in on 3, answers out on 4.
            os.dup2(cmd_r, 3)
            os.dup2(ans_w, 4)

        self._log = open(os.path.join(profile, "..", "chrome.log"), "ab")
        self.proc = subprocess.Popen(args, preexec_fn=fds, pass_fds=(3, 4),
                                     stdin=subprocess.DEVNULL,
                                     stdout=self._log, stderr=self._log,
                                     start_new_session=True)
        os.close(cmd_r)
        os.close(ans_w)
        self._buf = b""
        self._next = 0
        self._events = []

    def _read(self):
        while b"\0" not in self._buf:
            import select
            ready, _, _ = select.select([self._ans_r], [], [], TIMEOUT_S)
            if not ready:
                raise RuntimeError("chromium did not answer in %d s" % TIMEOUT_S)
            chunk = os.read(self._ans_r, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium exited")
            self._buf += chunk
        msg, self._buf = self._buf.split(b"\0", 1)
        return json.loads(msg)

    def call(self, method, session=None, **params):
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._cmd_w, json.dumps(msg).encode() + b"\0")
        while True:
            m = self._read()
            if m.get("id") == self._next:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self._events.append(m)

    def wait_event(self, method, session):
        for i, m in enumerate(self._events):
            if m.get("method") == method and m.get("sessionId") == session:
                del self._events[i]
                return m
        while True:
            m = self._read()
            if m.get("method") == method and m.get("sessionId") == session:
                return m
            self._events.append(m)

    def close(self):
        try:
            self.call("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, 9)
            self.proc.wait()
        os.close(self._cmd_w)
        os.close(self._ans_r)
        self._log.close()


def shot(b, session, path, width, height, beyond):
    r = b.call("Page.captureScreenshot", session, format="png",
               captureBeyondViewport=beyond,
               clip={"x": 0, "y": 0, "width": width, "height": height,
                     "scale": 1})
    with open(path, "wb") as f:
        f.write(base64.b64decode(r["data"]))


def check_width(b, url, width, shots):
    height = SCREENS.get(width, 900)
    target = b.call("Target.createTarget", url="about:blank")["targetId"]
    session = b.call("Target.attachToTarget", targetId=target,
                     flatten=True)["sessionId"]
    b.call("Page.enable", session)
    # A phone is emulated as one: its viewport tag and touch apply.
    b.call("Emulation.setDeviceMetricsOverride", session, width=width,
           height=height, deviceScaleFactor=1, mobile=width < 600)
    b.call("Page.navigate", session, url=url)
    b.wait_event("Page.loadEventFired", session)
    r = b.call("Runtime.evaluate", session, expression=MEASURE,
               awaitPromise=True, returnByValue=True)
    if "exceptionDetails" in r:
        raise RuntimeError("measuring failed: %s" % r["exceptionDetails"])
    m = r["result"]["value"]
    problems = []
    if m["page"] > width:
        problems.append("the page is %d px wide (%s)" % (m["page"], m["widest"]))
    bad = [c["id"] + (" missing" if c.get("missing") else
                      " unreadable" if c.get("unreadable") else " blank")
           for c in m["charts"]
           if c.get("missing") or c.get("unreadable") or
           c.get("colour", 0) == 0 or c.get("ink", 0) < 200]
    if bad:
        problems.append("charts " + ", ".join(bad))
    out = [v["row"] for v in m["verdicts"]
           if v["left"] < 0 or v["right"] > width + 1 or v["width"] < 20]
    if out:
        problems.append("verdicts outside the first screen width: " +
                        ", ".join(out))
    if not m["verdicts"]:
        problems.append("no verdict cells")
    shot(b, session, os.path.join(shots, "REPORT-%d.png" % width), width,
         height, False)
    full = min(m["height"], FULL_MAX)
    shot(b, session, os.path.join(shots, "REPORT-%d-full.png" % width),
         width, full, True)
    b.call("Target.closeTarget", targetId=target)
    return m, problems


def print_view(b, url, shots):
    """The page as printed: the print stylesheet at A4's width, as a
    picture of its top and as a PDF."""
    target = b.call("Target.createTarget", url="about:blank")["targetId"]
    session = b.call("Target.attachToTarget", targetId=target,
                     flatten=True)["sessionId"]
    b.call("Page.enable", session)
    b.call("Emulation.setDeviceMetricsOverride", session, width=A4_W,
           height=A4_H, deviceScaleFactor=1, mobile=False)
    b.call("Emulation.setEmulatedMedia", session, media="print")
    b.call("Page.navigate", session, url=url)
    b.wait_event("Page.loadEventFired", session)
    shot(b, session, os.path.join(shots, "REPORT-print.png"), A4_W,
         3 * A4_H, True)
    r = b.call("Page.printToPDF", session, printBackground=True,
               preferCSSPageSize=True)
    with open(os.path.join(shots, "REPORT.pdf"), "wb") as f:
        f.write(base64.b64decode(r["data"]))
    b.call("Target.closeTarget", targetId=target)


def main(argv):
    if len(argv) < 2:
        print("usage: browser-check.py RUN [WIDTH...]", file=sys.stderr)
        return 2
    run = argv[1]
    widths = [int(w) for w in argv[2:]] or [390, 1024, 1400]
    html = os.path.abspath(os.path.join(run, "REPORT.html"))
    if not os.path.isfile(html) or not os.path.getsize(html):
        print("browser-check: no %s (run make report RUN=%s)" % (html, run),
              file=sys.stderr)
        return 2
    exe = next((shutil.which(n) for n in
                ("chromium", "chromium-browser", "google-chrome")
                if shutil.which(n)), None)
    if not exe:
        print("browser-check: chromium is not installed, so the report "
              "was not checked in a browser (Debian: apt-get install "
              "chromium)", file=sys.stderr)
        return 3
    shots = os.path.join(run, "screenshots")
    os.makedirs(shots, exist_ok=True)
    for f in os.listdir(shots):
        if f.startswith("REPORT") and f.endswith((".png", ".pdf")):
            os.remove(os.path.join(shots, f))
    failed = 0
    with tempfile.TemporaryDirectory(prefix="gilbench-browser.") as tmp:
        profile = os.path.join(tmp, "profile")
        os.mkdir(profile)
        b = Browser(exe, profile)
        try:
            seen = []
            for w in widths:
                m, problems = check_width(b, "file://" + html, w, shots)
                if problems:
                    failed = 1
                    print("browser-check: %d px: FAIL: %s" %
                          (w, "; ".join(problems)), file=sys.stderr)
                seen.append(m)
            print_view(b, "file://" + html, shots)
        except RuntimeError as e:
            failed = 1
            print("browser-check: %s" % e, file=sys.stderr)
            with open(os.path.join(tmp, "chrome.log"), "rb") as log:
                tail = log.read().decode(errors="replace").splitlines()[-5:]
            for line in tail:
                print("  " + line, file=sys.stderr)
        finally:
            b.close()
    if not failed:
        print("browser-check: REPORT.html at %s px: never wider than the "
              "screen, %d charts drawn, %d verdicts on the first screen "
              "width; screenshots in %s/" %
              (", ".join(str(w) for w in widths), len(seen[0]["charts"]),
               len(seen[0]["verdicts"]), shots))
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
