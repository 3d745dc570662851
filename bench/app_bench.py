"""Dashboard benchmark: a store of 1,000,000 synthetic records, then the app's first render,
a filter change, and peak memory.

    .venv/bin/python bench/app_bench.py [--records 1000000] [--keep PATH] [--no-browser]

Synthetic data lives only here, in a temporary store (never data/indicators.duckdb):
136 Hunan regions (14 cities, 122 counties) x 40 catalogue indicators x 25 years x 2
kinds = 272,000 data points, each reported by 3 or 4 documents (1% of them with one
conflicting value) to reach the record count, plus the documents themselves (one per
region, year and source, its text made of the quotes at their offsets).

Measured two ways, each on a fresh process so nothing is warm:
- server side, with streamlit's AppTest: the first script run (imports, store overview,
  query, figure) and the rerun after choosing one city and its counties;
- in Chromium (when /usr/bin/chromium exists), with bench/browser_timeline.py's functions:
  `streamlit run app.py` once warmed up, navigation to the first chart drawn in 5 fresh
  browser contexts, then five cities chosen one by one until the legend shows each.
  (``browser_timeline.py --db PATH --visits 5 --filter`` over a store kept with ``--keep``
  adds the timeline: where the time goes.)
Peak memory is the high-water mark (VmHWM) of the process running the app.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from indicators.records import regions  # noqa: E402
from indicators.records.catalogue import INDICATORS  # noqa: E402
from indicators.store import db as store  # noqa: E402

YEARS = range(2001, 2026)
_RANGES = {"percent": (0.5, 12.0), "yuan": (1e9, 1e12), "count": (5, 3000),
           "persons": (1e4, 2e6), "tonnes": (1e5, 3e6)}
_SUFFIX = {"percent": "%", "yuan": "亿元", "count": "家", "persons": "万人", "tonnes": "万吨"}
_DIV = {"percent": 1, "yuan": 1e8, "count": 1, "persons": 1e4, "tonnes": 1e4}


def synthetic_frames(n_records: int, seed: int = 7, n_regions: int = 136,
                     n_indicators: int = 40) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(documents, records) frames in the store's column layout."""
    rng = np.random.default_rng(seed)
    names = ([r.name for r in regions.hunan_prefectures()] +
             [r.name for r in regions.hunan_counties()])[:n_regions]
    inds = INDICATORS[:n_indicators]
    idx = pd.MultiIndex.from_product([range(len(names)), range(len(inds)), YEARS,
                                      ("target", "actual")],
                                     names=["r", "i", "year", "kind"]).to_frame(index=False)
    units = np.array([i.unit for i in inds])[idx["i"]]
    lo = np.array([_RANGES[u][0] for u in units])
    hi = np.array([_RANGES[u][1] for u in units])
    idx["value"] = np.round(lo + (hi - lo) * rng.random(len(idx)), 1)
    idx["unit"] = units
    # every point has 3 sources; enough get a 4th to reach n_records
    extra = n_records - 3 * len(idx)
    if not 0 <= extra <= len(idx):
        raise SystemExit(f"--records must be between {3 * len(idx)} and {4 * len(idx)}")
    n_src = np.full(len(idx), 3)
    n_src[rng.choice(len(idx), extra, replace=False)] = 4
    rec = idx.loc[idx.index.repeat(n_src)]
    rec["src"] = rec.groupby(level=0).cumcount()
    rec = rec.reset_index(drop=True)
    conflict = (rec["src"] == 2) & (rng.random(len(rec)) < 0.01)
    rec.loc[conflict, "value"] = np.round(rec.loc[conflict, "value"] * 1.1, 1)
    rec["region"] = np.array(names)[rec["r"]]
    rec["indicator"] = np.array([i.key for i in inds])[rec["i"]]
    zh = np.array([i.zh for i in inds])[rec["i"]]
    shown = rec["value"] / rec["unit"].map(_DIV)
    verb = np.where(rec["kind"] == "target", "预期", "实现")
    rec["quote"] = (pd.Series(zh) + verb + shown.round(2).astype(str)
                    + rec["unit"].map(_SUFFIX)).to_numpy()
    rec["doc"] = ("bench_" + rec["r"].astype(str) + "_" + rec["year"].astype(str) + "_"
                  + rec["src"].astype(str))
    rec = rec.sort_values(["doc", "i", "kind"], kind="stable", ignore_index=True)
    lengths = rec["quote"].str.len() + 1  # quotes joined by "。"
    rec["end"] = lengths.groupby(rec["doc"]).cumsum() - 1
    rec["start"] = rec["end"] - (lengths - 1)
    rec["period"] = None
    rec["subject"] = None
    rec["qualifier"] = "exact"
    rec["rule_id"] = "bench.synthetic"
    texts = rec.groupby("doc", sort=False)["quote"].agg("。".join)
    first = rec.drop_duplicates("doc").set_index("doc")
    dates = pd.to_datetime((first["year"] + 1).astype(str) + "-01-15") + \
        pd.to_timedelta(first["src"] * 20, unit="D")
    docs = pd.DataFrame({"doc": texts.index, "date": dates.reindex(texts.index).dt.date.values,
                         "home_region": first["region"].reindex(texts.index).values,
                         "origin": "bench", "sha256": "synthetic",
                         "added_at": pd.Timestamp.now().floor("s"), "text": texts.values})
    return docs, rec[store.RECORD_COLUMNS]


def build_store(path: Path, n_records: int) -> dict:
    t0 = time.perf_counter()
    docs, recs = synthetic_frames(n_records)
    t1 = time.perf_counter()
    store.load_frames(docs, recs, path)
    t2 = time.perf_counter()
    return {"records": len(recs), "documents": len(docs), "generate_s": round(t1 - t0, 2),
            "load_s": round(t2 - t1, 2), "store_mb": round(path.stat().st_size / 2**20, 1)}


_APPTEST = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=120)
at.run()
t1 = time.perf_counter()
assert not at.exception, [e.value for e in at.exception]
assert at.get("vega_lite_chart"), "no chart on first render"
at.multiselect(key="city").set_value(["岳阳市"])
t2 = time.perf_counter()
at.run()
t3 = time.perf_counter()
assert not at.exception
at.multiselect(key="county").set_value(["平江县", "汨罗市"])
t4 = time.perf_counter()
at.run()
t5 = time.perf_counter()
again = AppTest.from_file(sys.argv[1], default_timeout=120)
again.run()
t6 = time.perf_counter()
assert again.get("vega_lite_chart")
peak = int(open("/proc/self/status").read().split("VmHWM:")[1].split()[0]) / 1024
print(json.dumps({"first_run_s": round(t1 - t0, 3), "next_session_s": round(t6 - t5, 3),
                  "filter_city_s": round(t3 - t2, 3),
                  "filter_counties_s": round(t5 - t4, 3), "peak_rss_mb": round(peak)}))
"""


def server_side(path: Path) -> dict:
    env = {**os.environ, "INDICATORS_DB": str(path)}
    out = subprocess.run([sys.executable, "-c", _APPTEST, str(ROOT / "dashboard.py")], env=env,
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def browser(path: Path, visits: int = 5) -> dict:
    """In Chromium, measured as bench/browser_timeline.py does (its functions): a fresh
    ``streamlit run app.py`` once ``/api/ready`` answers, ``visits`` visits each in a new
    browser context, then five cities picked one by one; the server's peak memory."""
    import statistics

    import browser_timeline as bt
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, bt.serve(path, Path(tmp) / "log") as (url, proc):
        with sync_playwright() as pw:
            b = bt.launch(pw)
            charts = [bt.visit(b, url)["chart_ms"] / 1000 for _ in range(visits)]
            ctx = b.new_context(viewport={"width": 1366, "height": 900})
            page = ctx.new_page()
            page.goto(url)
            page.wait_for_function(bt.IDLE, timeout=120_000)
            changes = bt.pick_cities(page, ["岳阳市", "常德市", "衡阳市", "郴州市", "永州市"],
                                     bt.LEGEND_HAS)
            b.close()
        status = Path(f"/proc/{proc.pid}/status").read_text()
        peak = int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) / 1024
    return {"first_chart_s": [round(c, 3) for c in charts],
            "first_chart_median_s": round(statistics.median(charts), 3),
            "filter_change_s": [round(c, 3) for c in changes],
            "filter_change_median_s": round(statistics.median(changes), 3),
            "server_peak_rss_mb": round(peak)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--records", type=int, default=1_000_000)
    ap.add_argument("--keep", type=Path, help="write the synthetic store here and keep it")
    ap.add_argument("--no-browser", action="store_true", help="server-side timings only")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "bench.duckdb"
        if path.exists():
            path.unlink()
        result = {"cpus": os.cpu_count(), "store": build_store(path, args.records)}
        print(json.dumps(result["store"]), flush=True)
        result["apptest"] = server_side(path)
        print(json.dumps(result["apptest"]), flush=True)
        if not args.no_browser and Path("/usr/bin/chromium").exists():
            result["browser"] = browser(path)
            print(json.dumps(result["browser"]), flush=True)
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "app_bench.json").write_text(json.dumps(result, indent=2))
    a, b = result["apptest"], result.get("browser", {})
    print(f"\nrecords {result['store']['records']:,}  documents {result['store']['documents']:,}"
          f"  store {result['store']['store_mb']} MB  on {result['cpus']} CPUs")
    print(f"first render   : {a['first_run_s']:.2f} s script (cold process), "
          f"{a['next_session_s']:.2f} s (next session)")
    if b:
        c, f = b["first_chart_s"], b["filter_change_s"]
        print(f"  in Chromium  : first chart median {b['first_chart_median_s']:.2f} s, max "
              f"{max(c):.2f} s (first visitor {c[0]:.2f} s; {len(c)} fresh contexts)")
    print(f"filter change  : {a['filter_city_s']:.2f} s script (one city)"
          + (f", {b['filter_change_median_s']:.2f} s until the chart shows it (median of "
             f"{len(f)}, max {max(f):.2f} s)" if b else ""))
    print(f"peak memory    : {a['peak_rss_mb']} MB (AppTest process)"
          + (f", {b['server_peak_rss_mb']} MB (streamlit server)" if b else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
