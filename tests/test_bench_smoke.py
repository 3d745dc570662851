"""Smoke test for bench/extract_bench.py: it runs end to end on a small corpus and reports
positive figures (no timing thresholds: this machine's speed is not under test)."""
from __future__ import annotations

import importlib.util
import math
import random
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "extract_bench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("extract_bench", BENCH)
    mod = importlib.util.module_from_spec(spec)
    # registered by name so the worker processes of pass (c) can unpickle its functions
    sys.modules["extract_bench"] = mod
    spec.loader.exec_module(mod)
    return mod


bench = _bench()


def test_bench_main_reports_positive_figures(capsys) -> None:
    f = bench.main(["--mb", "0.2", "--jobs", "2"])
    out = capsys.readouterr().out
    assert f["bytes"] >= 200_000 and f["chars"] > 0 and f["documents"] >= 5
    for k in ("numbers", "records", "regex_seconds", "regex_chars_per_s", "extract_seconds",
              "extract_chars_per_s", "slowdown", "tracemalloc_peak_mb", "maxrss_mb",
              "parallel_seconds", "parallel_chars_per_s", "parallel_speedup"):
        assert f[k] > 0 and math.isfinite(f[k]), k
    assert f["jobs"] == 2
    for label in ("(a) regex", "(b) extract", "slowdown", "tracemalloc", "maxrss", "(c) 2 procs"):
        assert label in out


def test_corpus_varies_numbers_but_keeps_dates_and_size() -> None:
    rng = random.Random(7)
    text = "2023年2月8日,地区生产总值4602.7亿元,增长4.6%,2024-01-05发布"
    varied = bench.vary_numbers(text, rng)
    assert varied != text and len(varied) == len(text)
    assert varied.startswith("2023年2月8日,") and varied.endswith("2024-01-05发布")
    corpus = bench.build_corpus(0.1, seed=1)
    assert len(corpus.encode("utf-8")) >= 100_000
    assert corpus == bench.build_corpus(0.1, seed=1), "seeded: the same corpus each run"
    docs = bench.split_documents(corpus, 20_000)
    assert "".join(docs) == corpus.replace("\r\n", "\n") or "".join(docs) == corpus
    assert all(len(d.encode("utf-8")) < 40_000 for d in docs)
