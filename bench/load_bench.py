"""Load benchmark: 20 app sessions querying while 2 processes ingest, on each backend.

A synthetic store (bench/app_bench.py's frames: real region and indicator names, 3-4 sources
per figure) is loaded first. Then, for ``--seconds`` or until the writers are done:

- sessions: threads of one process, as Streamlit serves its sessions, each rerunning the
  app's reads (overview, cached per store version as the app does; the records of five
  regions and an indicator; their documents)
  after a pause of ``--think`` seconds on average, and now and then a review (a correction
  of one of the figures it sees);
- writers: 2 processes, each ingesting ``--docs`` new documents one at a time (a one-page
  upload of ``--per-doc`` figures, all-or-nothing per document).

Afterwards every document a writer was told was stored is looked up: a missing one, or
missing records, is *lost*; a document or record stored twice is *duplicated*. Printed per
backend: query p50/p95/max, errors, write times (the time a writer holds the store), lost
and duplicated. Write times include the wait for the store. Goal: 0 errors, 0 lost,
0 duplicated.

    .venv/bin/python bench/load_bench.py                        # DuckDB and PostgreSQL
    .venv/bin/python bench/load_bench.py --backend duckdb --records 1000000
    .venv/bin/python bench/load_bench.py --pg postgresql://…    # an existing server

PostgreSQL: ``--pg``, else $INDICATORS_TEST_PG, else a throwaway cluster started with
/usr/lib/postgresql/15/bin (as tests/store_backends.py does). The store is always a new
temporary file or schema, never data/indicators.duckdb.
"""
from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import queue
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "bench", ROOT / "tests"):
    if str(p) not in sys.path:  # run as a script from anywhere
        sys.path.insert(0, str(p))

from indicators.store import db as store  # noqa: E402
from indicators.store import queries, review  # noqa: E402

SESSIONS = 20
WRITERS = 2


def _scale(n_records: int) -> tuple[int, int]:
    """Regions and indicators for app_bench.synthetic_frames to hold ``n_records``."""
    for regions in (136, 100, 60, 40, 20, 10, 5):
        for indicators in (40, 30, 20, 10, 5):
            points = regions * indicators * 25 * 2
            if 3 * points <= n_records <= 4 * points:
                return regions, indicators
    raise SystemExit(f"--records {n_records}: choose e.g. 100000, 300000 or 1000000")


def load(target, n_records: int) -> dict:
    import app_bench

    regions, indicators = _scale(n_records)
    t0 = time.perf_counter()
    docs, recs = app_bench.synthetic_frames(n_records, n_regions=regions,
                                            n_indicators=indicators)
    store.load_frames(docs, recs, target)
    return {"records": len(recs), "documents": len(docs),
            "load_s": round(time.perf_counter() - t0, 1)}


# ---------------------------------------------------------------- writers (processes)


def writer(target, tag: str, n_docs: int, per_doc: int, out) -> None:
    """Ingest ``n_docs`` documents; report (doc given, key stored, records, seconds)."""
    done, errors = [], []
    try:
        _write_docs(target, tag, n_docs, per_doc, done, errors)
    except BaseException as e:  # noqa: BLE001 - report, never leave the parent waiting
        errors.append(f"writer crashed: {type(e).__name__}: {e}")
    finally:
        out.put({"done": done, "errors": errors})


def _write_docs(target, tag: str, n_docs: int, per_doc: int, done: list, errors: list) -> None:
    from indicators.records.model import Record

    for i in range(n_docs):
        parts, recs, pos = [], [], 0
        for j in range(per_doc):
            quote = f"第{j}项指标增长{(i * per_doc + j) % 97 / 10 + 0.1:.1f}%"
            lead = f"{tag}简报{i}：石峰区2024年"
            parts.append(lead + quote + "。")
            start = pos + len(lead)
            recs.append((quote, start))
            pos += len(parts[-1])
        text = "".join(parts)
        doc = f"load_{tag}_{i}"
        records = [Record(doc=doc, region="石峰区", indicator=f"load_{j}", kind="actual",
                          year=2024, value=float(q[q.index("长") + 1:-1]), unit="percent",
                          quote=q, start=s, end=s + len(q), rule_id="bench.load")
                   for j, (q, s) in enumerate(recs)]
        t0 = time.perf_counter()
        try:
            report = store.ingest([(store.Document(doc, text), records)], target)
            done.append((doc, report.added[0], len(records), time.perf_counter() - t0))
        except Exception as e:  # noqa: BLE001 - a failed write is a finding, not a crash
            errors.append(f"{type(e).__name__}: {e}")


# ---------------------------------------------------------------- sessions (threads)


_OVERVIEW: dict = {}
_OVERVIEW_LOCK = threading.Lock()


def cached_overview(target):
    """The app caches the overview per store version (st.cache_data on the token)."""
    token = store.version(target)
    with _OVERVIEW_LOCK:
        if token not in _OVERVIEW:
            _OVERVIEW.clear()
            _OVERVIEW[token] = queries.overview(target)
        return _OVERVIEW[token]


def session(target, seed: int, stop: threading.Event, times: list, errors: list,
            reviews: list, think: float) -> None:
    rng = random.Random(seed)
    ov = queries.overview(target)
    regions, indicators = list(ov.regions), list(ov.indicators)
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            cached_overview(target)
            f = queries.Filters(regions=tuple(rng.sample(regions, min(5, len(regions)))),
                                indicators=(rng.choice(indicators),))
            frame = queries.query_records(f, target)
            if not frame.empty:
                queries.documents(target, sorted(set(frame["doc"]))[:20])
            times.append(time.perf_counter() - t0)
            if not frame.empty and rng.random() < 0.02:
                row = frame.iloc[rng.randrange(len(frame))]
                review.correct(row["record_key"], {"value": float(row["value"]) + 0.1},
                               f"会话{seed}", "负载测试", target)
                reviews.append(row["record_key"])
        except Exception as e:  # noqa: BLE001
            errors.append(f"{type(e).__name__}: {e}")
        stop.wait(rng.uniform(0, 2 * think))  # a person looking at the chart


def run(target, args) -> dict:
    base = load(target, args.records)
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    stop = threading.Event()
    times: list[float] = []
    errors: list[str] = []
    reviews: list[str] = []
    # daemon threads: a run that fails still lets the process exit
    threads = [threading.Thread(target=session, args=(target, i, stop, times, errors,
                                                      reviews, args.think), daemon=True)
               for i in range(args.sessions)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    procs = [ctx.Process(target=writer, args=(target, f"w{k}", args.docs, args.per_doc, out))
             for k in range(WRITERS)]
    try:
        for p in procs:
            p.start()
        # writers start by importing the engine (spawn): on a busy machine that alone takes
        # tens of seconds, so the wait is generous and independent of the run's length
        wait = max(300.0, args.seconds * 20)
        try:
            results = [out.get(timeout=wait) for _ in procs]
        except queue.Empty:
            raise RuntimeError(f"writers did not finish within {wait:.0f} s") from None
        for p in procs:
            p.join()
        while time.perf_counter() - t0 < args.seconds:
            time.sleep(0.2)
    finally:
        stop.set()
        for p in procs:
            if p.is_alive():
                p.terminate()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    return {**base, "sessions": len(threads),
            **_tally(target, results, times, errors, reviews, wall)}


def _tally(target, results, times, errors, reviews, wall) -> dict:
    done = [d for r in results for d in r["done"]]
    write_errors = [e for r in results for e in r["errors"]]
    docs = queries.documents(target, [key for _, key, _, _ in done])
    found = dict(zip(docs["doc"], docs["n_records"], strict=True))
    lost = sum(n - min(n, found.get(key, 0)) for _, key, n, _ in done)
    with store.store_at(target).read() as con:
        dup_docs = con.one("SELECT count(*) - count(DISTINCT sha256) FROM documents")[0]
        dup_recs = con.one("SELECT count(*) - count(DISTINCT rid) FROM records")[0]
    hold = sorted(s for *_, s in done)
    q = sorted(times)
    pct = lambda xs, p: round(xs[min(len(xs) - 1, int(p * len(xs)))] * 1000, 1) if xs else None  # noqa: E731
    return {"writers": WRITERS, "wall_s": round(wall, 1),
            "queries": len(q), "query_p50_ms": pct(q, 0.5), "query_p95_ms": pct(q, 0.95),
            "query_max_ms": pct(q, 1.0), "read_errors": len(errors),
            "reviews": len(reviews), "writes_ok": len(done), "write_errors": len(write_errors),
            "write_p50_ms": pct(hold, 0.5), "write_p95_ms": pct(hold, 0.95),
            "write_max_ms": pct(hold, 1.0), "lost_records": int(lost),
            "duplicated": int(dup_docs + dup_recs),
            "first_errors": (errors + write_errors)[:3]}


def _pg_url(args):
    """(store URL, cleanup) on a new schema of the given or a throwaway server."""
    import store_backends

    server, folder = args.pg or os.environ.get("INDICATORS_TEST_PG"), None
    if not server:
        folder = Path(tempfile.mkdtemp(prefix="indicators-bench-pg-"))
        os.chmod(folder, 0o755)
        server = store_backends.start_cluster(folder / "pg", port=54400 + os.getpid() % 400)
    url, schema = store_backends.pg_store(server)

    def cleanup():
        store_backends.drop_pg_store(server, url, schema)
        if folder is not None:
            store_backends.stop_cluster(folder / "pg")
    return url, cleanup


def main(argv=None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--backend", choices=["duckdb", "postgres", "both"], default="both")
    ap.add_argument("--records", type=int, default=100_000, help="synthetic store size")
    ap.add_argument("--sessions", type=int, default=SESSIONS, help="simulated app sessions")
    ap.add_argument("--seconds", type=float, default=30, help="minimum run time")
    ap.add_argument("--docs", type=int, default=40, help="documents each writer ingests")
    ap.add_argument("--per-doc", type=int, default=25, help="figures per document")
    ap.add_argument("--think", type=float, default=0.5,
                    help="mean pause between a session's reruns, seconds (0: back to back)")
    ap.add_argument("--pg", help="a PostgreSQL server URL (a new schema is used)")
    args = ap.parse_args(argv)
    out = {}
    for backend in (["duckdb", "postgres"] if args.backend == "both" else [args.backend]):
        with tempfile.TemporaryDirectory() as tmp:
            if backend == "duckdb":
                target, cleanup = Path(tmp) / "load.duckdb", lambda: None
            else:
                target, cleanup = _pg_url(args)
            try:
                out[backend] = run(target, args)
            finally:
                cleanup()
        print(f"{backend}: " + json.dumps(out[backend], ensure_ascii=False), flush=True)
    for backend, r in out.items():
        print(f"\n{backend:8}  {r['records']:,} records  {r['queries']} queries by "
              f"{r['sessions']} sessions in {r['wall_s']} s: p50 {r['query_p50_ms']} ms, "
              f"p95 {r['query_p95_ms']} ms, max {r['query_max_ms']} ms; "
              f"{r['writes_ok']} ingests by {r['writers']} processes (wait + write p50 "
              f"{r['write_p50_ms']} ms, p95 {r['write_p95_ms']} ms), {r['reviews']} reviews; "
              f"errors {r['read_errors'] + r['write_errors']}, lost {r['lost_records']}, "
              f"duplicated {r['duplicated']}")
    return out


if __name__ == "__main__":
    main()
