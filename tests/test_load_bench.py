"""Smoke test for bench/load_bench.py on both backends, on a small store for a few seconds:
it runs end to end, reports positive figures, and nothing is lost or duplicated (no timing
thresholds: this machine's speed is not under test)."""
from __future__ import annotations

import importlib.util
import sys

from indicators.store import db as store

BENCH = store.PROJECT_ROOT / "bench" / "load_bench.py"


def _bench():
    spec = importlib.util.spec_from_file_location("load_bench", BENCH)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["load_bench"] = mod  # the writer processes unpickle its functions by name
    spec.loader.exec_module(mod)
    return mod


def test_load_bench_on_both_backends(pg_server, capsys):
    out = _bench().main(["--records", "4000", "--seconds", "3", "--docs", "3",
                         "--per-doc", "5", "--think", "0.2", "--sessions", "6",
                         "--pg", pg_server])
    assert set(out) == {"duckdb", "postgres"}
    for backend, r in out.items():
        assert r["records"] == 4000 and r["queries"] > 0 and r["query_p95_ms"] > 0, backend
        assert r["writes_ok"] == 2 * 3 and r["write_errors"] == 0 and r["read_errors"] == 0
        assert r["lost_records"] == 0 and r["duplicated"] == 0, r
    assert "lost 0, duplicated 0" in capsys.readouterr().out
