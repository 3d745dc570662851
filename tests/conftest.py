"""Shared fixtures. Dashboard fixtures build small stores from real pages and the gold
records about them (real quotes at their real offsets), so app tests never depend on
made-up figures nor on the extractor's current recall."""
from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path

import pytest

# the store fixtures (a DuckDB file and a PostgreSQL schema for each store test)
pytest_plugins = ["store_backends"]

ROOT = Path(__file__).resolve().parent.parent
# The dev pages behind the dashboard fixtures: a fixed set, so that the app tests' expectations
# do not move when the development set grows.
DASHBOARD_DEV_PAGES = ("006", "008", "011", "014", "017", "021", "023", "029", "035", "040",
                       "044", "047", "052", "056", "058")
_DATE = re.compile(r"(20\d\d)年(\d{1,2})月(\d{1,2})日|发布时间[:：]\s*(20\d\d)-(\d\d)-(\d\d)")


def _page_date(text: str) -> dt.date | None:
    """The first full date printed on the page (a dateline or a meeting date)."""
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(x) for x in (m.groups()[:3] if m.group(1) else m.groups()[3:]))
    return dt.date(y, mo, d)


def dashboard_batch():
    """(Document, [Record]) pairs from tests/gold (seeds and dev pages): each gold record
    that validates, placed at the first occurrence of its quote in the page text."""
    from pydantic import ValidationError

    from indicators.records.model import Record
    from indicators.store.db import Document

    pages = {p.stem: p for p in (ROOT / "seeds").glob("*.txt")}
    pages |= {d: ROOT / "tests" / "pages" / "dev" / f"{d}.txt" for d in DASHBOARD_DEV_PAGES}
    by_doc: dict[str, list] = {}
    for gold in ("seeds.jsonl", "dev.jsonl"):
        for line in (ROOT / "tests" / "gold" / gold).read_text("utf-8").splitlines():
            row = json.loads(line)
            if row["doc"] in pages:
                by_doc.setdefault(row["doc"], []).append(row)
    batch = []
    for doc, rows in sorted(by_doc.items()):
        text = pages[doc].read_text("utf-8")
        date = _page_date(text)
        records = []
        for row in rows:
            start = text.find(row["quote"])
            if start < 0:
                continue
            fields = {k: row[k] for k in ("region", "indicator", "kind", "year", "period",
                                           "value", "unit", "qualifier", "subject", "quote")}
            try:
                records.append(Record(doc=doc, start=start, end=start + len(row["quote"]),
                                      rule_id=f"gold.{gold_tier(row)}", date=date, **fields))
            except ValidationError:
                continue  # regions outside the gazetteer (渑池县) and the like
        batch.append((Document(doc, text, date, None, f"tests/gold:{doc}"), records))
    return batch


def gold_tier(row: dict) -> str:
    return row.get("tier") or "core"


@pytest.fixture(scope="session")
def dashboard_gold():
    """The gold batch behind dashboard_db (how many records validate depends on the
    gazetteer, so tests count them instead of hard-coding a number)."""
    return dashboard_batch()


@pytest.fixture(scope="session")
def dashboard_db(tmp_path_factory, dashboard_gold) -> Path:
    """A store built once per session from the gold batch; treat it as read-only."""
    from indicators.store.db import ingest

    path = tmp_path_factory.mktemp("dashboard") / "indicators.duckdb"
    ingest(dashboard_gold, path)
    return path


@pytest.fixture
def writable_db(dashboard_db, tmp_path, monkeypatch):
    """A private copy of the gold store, for tests that add documents or reviews; the app
    reads it through INDICATORS_DB."""
    path = tmp_path / "indicators.duckdb"
    shutil.copy(dashboard_db, path)
    monkeypatch.setenv("INDICATORS_DB", str(path))
    return path


@pytest.fixture
def downloads(monkeypatch):
    """Capture what download buttons would serve: file name -> bytes. The app builds its
    files lazily (a callable), so the callable is run here as a click would."""
    served: dict[str, bytes] = {}
    from streamlit.runtime.media_file_manager import MediaFileManager

    real = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        served[file_name] = data_callable()
        return real(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return served
