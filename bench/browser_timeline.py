"""Where the dashboard's time goes in Chromium: one visit measured from navigation to the
first chart drawn, with the browser's own timeline.

    .venv/bin/python bench/browser_timeline.py [--db PATH] [--visits 3] [--json out.json]

Without ``--db`` the store of real documents is built first (seeds/ and data/corpus, as
``indicators build`` does) in a temporary folder. A fresh ``streamlit run app.py`` serves it;
each visit is a new browser context (empty cache), the first one as soon as the server is
ready (``/api/ready``: its warm-up done). For each visit it prints:

- ``title`` / ``chart``: when the page title and the first chart (plotly's legend or a
  Vega-Lite canvas) appeared, in ms after navigation start (the page's own clock);
- ``js``: the scripts fetched (count, MB) and the largest ones with when their fetch
  started and ended;
- ``long tasks``: main-thread tasks over 50 ms (script parse/compile/run, layout), total;
- ``ws``: the script runs the page asked for (BackMsg rerun_script) and the server's
  answers: time from request to the chart element and to ``script_finished``, deltas and
  bytes received;
- CDP ``Performance.getMetrics``: ScriptDuration, LayoutDuration, TaskDuration at the chart.

At the end: the first chart's median and range over the visits (and the first visitor's
alone), and with ``--filter`` the filter changes' median and range.

The same functions are used by bench/app_bench.py (1,000,000 synthetic records) and
tests/test_browser.py (the real documents), so the figures are measured the same way.
"""
from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]
# the first chart drawn: plotly's legend, or a Vega-Lite chart's canvas or SVG marks
CHART = ("[data-testid='stPlotlyChart'] .legend, [data-testid='stVegaLiteChart'] canvas, "
         "[data-testid='stVegaLiteChart'] svg.marks, [data-testid='stArrowVegaLiteChart'] canvas")
# the chart elements of Streamlit's protocol (Element oneof names)
CHART_ELEMENTS = ("vega_lite_chart", "plotly_chart", "arrow_vega_lite_chart")
IDLE = "!document.querySelector('[data-testid=\"stStatusWidget\"]')"

# Marks when the title and the first chart appear, on the page's clock (performance.now()),
# and collects long tasks; installed before any page script runs.
_MARKS = """
(() => {
  window.__marks = {}; window.__long = [];
  const sel = {title: 'h1', chart: __CHART__};
  const look = () => { for (const k in sel) if (!__marks[k] && document.querySelector(sel[k]))
                         __marks[k] = performance.now(); };
  new MutationObserver(look).observe(document, {subtree: true, childList: true});
  try { new PerformanceObserver(l => l.getEntries().forEach(e =>
          __long.push([e.startTime, e.duration]))).observe({type: 'longtask', buffered: true});
  } catch (e) {}
})();
""".replace("__CHART__", json.dumps(CHART))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serve(db: Path, log: Path | None = None, root: Path = ROOT):
    """``streamlit run app.py`` of the checkout at ``root`` over ``db`` on a free port;
    yields (url, process)."""
    port = free_port()
    out = log.open("w") if log else subprocess.DEVNULL
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none"],
        cwd=root, env={**os.environ, "INDICATORS_DB": str(db)}, stdout=out,
        stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start") from None
                time.sleep(0.2)
        wait_ready(url, deadline + 60)
        yield url, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        if log:
            out.close()


def wait_ready(url: str, deadline: float) -> None:
    """Wait for the app's warm-up (``/api/ready`` 200); a server without that route (an
    older checkout, ``streamlit run dashboard.py``) answers 404 and is taken as it is."""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "api/ready", timeout=2):
                return
        except urllib.error.HTTPError as e:
            if e.code != 503:
                return
        except OSError:
            pass
        time.sleep(0.2)


def launch(pw):
    return pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


class Socket:
    """The app's WebSocket traffic from Chromium's own network events (CDP), decoded with
    Streamlit's protobuf messages and timed on the browser's clock: Playwright's websocket
    events reach Python late when the machine is busy, so their arrival time is not used."""

    def __init__(self, cdp):
        self.events: list[tuple[float, str, int]] = []  # (CDP monotonic s, kind, bytes)
        self.nav: float | None = None  # when the document was requested, same clock
        cdp.on("Network.requestWillBeSent", self._request)
        cdp.on("Network.webSocketFrameSent", lambda e: self._frame(e, sent=True))
        cdp.on("Network.webSocketFrameReceived", lambda e: self._frame(e, sent=False))
        cdp.send("Network.enable")

    def _request(self, e: dict) -> None:
        if e.get("type") == "Document" and self.nav is None:
            self.nav = e["timestamp"]

    def _frame(self, e: dict, sent: bool) -> None:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        frame = e["response"]
        data = frame["payloadData"]
        payload = base64.b64decode(data) if frame.get("opcode") == 2 else data.encode()
        msg = BackMsg() if sent else ForwardMsg()
        with contextlib.suppress(Exception):
            msg.ParseFromString(payload)
        kind = msg.WhichOneof("type") or "?"
        if kind == "delta" and msg.delta.WhichOneof("type") == "new_element" and \
                msg.delta.new_element.WhichOneof("type") in CHART_ELEMENTS:
            kind = "delta:chart"
        self.events.append((e["timestamp"], "sent:" + kind if sent else kind, len(payload)))

    def runs(self) -> list[dict]:
        """Each script run: when asked (ms after the document was requested), how long until
        the chart element and until script_finished, how many deltas and bytes came back."""
        out: list[dict] = []
        current = None
        nav = self.nav if self.nav is not None else min((e[0] for e in self.events), default=0)
        for ts, kind, size in self.events:
            at = round((ts - nav) * 1000)
            if kind in ("sent:rerun_script", "new_session") and (
                    current is None or current.get("done") is not None):
                current = {"asked": at, "deltas": 0, "bytes": 0, "chart": None, "done": None,
                           "by": kind}
                out.append(current)
            if current is None:
                continue
            if kind.startswith("delta"):
                current["deltas"] += 1
                current["bytes"] += size
                if kind == "delta:chart" and current["chart"] is None:
                    current["chart"] = at
            elif kind == "script_finished" and current["done"] is None:
                current["done"] = at
        for r in out:
            r["ms"] = None if r["done"] is None else r["done"] - r["asked"]
            r["chart_ms"] = None if r["chart"] is None else r["chart"] - r["asked"]
        return out


def visit(browser, url: str, viewport=(1366, 900), settle: bool = True) -> dict:
    """One visit in a new context (empty cache): the timeline up to the first chart."""
    ctx = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]},
                              locale="zh-CN")
    ctx.add_init_script(_MARKS)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Performance.enable")
    sock = Socket(cdp)
    t0 = time.monotonic()
    page.goto(url)
    page.wait_for_selector(CHART, state="attached", timeout=120_000)
    wall = time.monotonic() - t0
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    if settle:
        page.wait_for_function(IDLE, timeout=120_000)
        time.sleep(0.5)
    data = page.evaluate("""() => ({
        origin: performance.timeOrigin, marks: window.__marks, long: window.__long,
        nav: performance.getEntriesByType('navigation').map(e => e.responseEnd)[0],
        res: performance.getEntriesByType('resource').map(e => ({
            name: e.name.split('/').pop().split('?')[0], type: e.initiatorType,
            start: e.startTime, end: e.responseEnd, size: e.decodedBodySize}))})""")
    ctx.close()
    marks = data["marks"] or {}
    chart = marks.get("chart")
    js = [r for r in data["res"] if r["name"].endswith(".js")]
    before = [lt for lt in data["long"] if chart is None or lt[0] < chart]
    return {
        "wall_s": round(wall, 3),
        "title_ms": round(marks.get("title", 0)), "chart_ms": round(chart or 0),
        "js_files": len(js), "js_mb": round(sum(r["size"] for r in js) / 2**20, 2),
        "largest_js": [(r["name"], round(r["size"] / 2**20, 2), round(r["start"]),
                        round(r["end"]))
                       for r in sorted(js, key=lambda r: -r["size"])[:4]],
        "long_tasks_ms": round(sum(d for _, d in before)),
        "longest_tasks": [(round(s), round(d)) for s, d in
                          sorted(before, key=lambda x: -x[1])[:5]],
        "runs": sock.runs(),
        "script_s": round(metrics.get("ScriptDuration", 0), 3),
        "layout_s": round(metrics.get("LayoutDuration", 0), 3),
        "task_s": round(metrics.get("TaskDuration", 0), 3),
    }


def pick_cities(page, cities, legend_of) -> list[float]:
    """Add each city in the sidebar picker; seconds from Enter until ``legend_of(chosen)``
    (a JS predicate over the legend texts) holds."""
    picker = page.locator("[data-testid='stMultiSelect']").filter(has_text="市州 / 省 / 全国")
    out, chosen = [], []
    for city in cities:
        picker.locator("input").click()
        page.keyboard.type(city)
        chosen.append(city)
        t0 = time.perf_counter()
        page.keyboard.press("Enter")
        page.wait_for_function(legend_of, arg=chosen, timeout=60_000)
        out.append(time.perf_counter() - t0)
        page.keyboard.press("Escape")
        page.wait_for_function(IDLE, timeout=60_000)
        time.sleep(0.3)
    return out


# the chosen cities are all in the first chart's legend (plotly or Vega-Lite)
LEGEND_HAS = """chosen => {
  const t = [...document.querySelectorAll(
      '[data-testid=stPlotlyChart] .legendtext, [data-testid=stVegaLiteChart] svg text')]
      .map(e => e.textContent);
  return chosen.every(c => t.some(x => x === c || x.includes(c)));
}"""


def report(name: str, v: dict) -> str:
    runs = "; ".join(f"{r['by'].replace('sent:', '')}@{r['asked']}→{r['ms']} ms "
                     f"(chart element after {r['chart_ms']} ms; {r['deltas']} deltas, "
                     f"{r['bytes'] / 1024:.0f} KB)" for r in v["runs"])
    big = ", ".join(f"{n} {mb} MB @{start}–{end} ms" for n, mb, start, end in v["largest_js"])
    return (f"{name}: title {v['title_ms']} ms, chart {v['chart_ms']} ms "
            f"(wall {v['wall_s']:.2f} s)\n  js {v['js_files']} files {v['js_mb']} MB: {big}\n"
            f"  long tasks before chart {v['long_tasks_ms']} ms, longest "
            f"{v['longest_tasks']}\n  script {v['script_s']} s, layout {v['layout_s']} s, "
            f"task {v['task_s']} s\n  runs: {runs}")


def spread(xs: list[float]) -> str:
    """Median and range: ``median 1.23 s (1.01–1.50, n=5)``."""
    return (f"median {statistics.median(xs):.2f} s ({min(xs):.2f}–{max(xs):.2f}, "
            f"n={len(xs)})")


def summary(name: str, visits: list[dict], filters: list[float]) -> str:
    charts = [v["chart_ms"] / 1000 for v in visits]
    line = (f"{name}: first chart {spread(charts)}; first visitor {charts[0]:.2f} s")
    if len(charts) > 1:
        line += f", next visitors {spread(charts[1:])}"
    if filters:
        line += f"; filter change {spread(filters)}"
    return line


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="a store (default: build the real documents)")
    ap.add_argument("--visits", type=int, default=3)
    ap.add_argument("--filter", action="store_true", help="also time five city picks")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--query", default="", help="a view to open, e.g. '?city=株洲市'")
    ap.add_argument("--compare", type=Path, metavar="CHECKOUT",
                    help="another checkout (e.g. the commit before a change) served beside "
                         "this one; visits alternate between the two")
    ap.add_argument("--cities", default="株洲市,益阳市,邵阳市,永州市,怀化市",
                    help="the cities picked one by one for --filter")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    roots = {"this": ROOT, **({"compare": args.compare} if args.compare else {})}
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        db = args.db
        if db is None:
            sys.path.insert(0, str(ROOT))
            from indicators.store import db as store

            db = Path(tmp) / "bundled.duckdb"
            store.build(path=db)
        urls = {k: stack.enter_context(serve(db, Path(tmp) / f"{k}.log", r))[0]
                for k, r in roots.items()}
        b = launch(stack.enter_context(sync_playwright()))
        result = {k: {"visits": [], "filter_s": []} for k in roots}
        for i in range(args.visits):
            for k in (list(roots) if i % 2 == 0 else list(roots)[::-1]):
                v = visit(b, urls[k] + args.query)
                result[k]["visits"].append(v)
                print(report(f"{k}: " + ("first visitor" if i == 0 else f"visitor {i + 1}"),
                             v), flush=True)
        for k in roots if args.filter else ():
            ctx = b.new_context(viewport={"width": 1366, "height": 900})
            page = ctx.new_page()
            page.goto(urls[k])
            page.wait_for_function(IDLE, timeout=120_000)
            page.wait_for_selector("[data-testid='stMultiSelect']", timeout=120_000)
            times = pick_cities(page, args.cities.split(","), LEGEND_HAS)
            result[k]["filter_s"] = [round(x, 3) for x in times]
            ctx.close()
        b.close()
    for k in roots:
        print(summary(f"{k} ({roots[k]})", result[k]["visits"], result[k]["filter_s"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
