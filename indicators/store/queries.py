"""Reading the store: what it holds, and the frames behind each dashboard view.

Every function opens a short-lived read-only connection (see ``store.connect``), so the
CLI can write between two reads; results are plain pandas frames.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from indicators.store.db import KEY, connect, db_path, has_tables


@dataclass(frozen=True)
class Filters:
    """A selection of records; an empty tuple means no restriction on that field."""

    regions: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    kinds: tuple[str, ...] = ()


@dataclass(frozen=True)
class Overview:
    """What the store holds, for building the filter choices."""

    regions: dict[str, int]  # region -> records
    indicators: dict[str, int]  # indicator -> records
    years: tuple[int, int] | None
    n_records: int
    n_documents: int
    updated_at: str | None
    pairs: dict[tuple[str, str], int] = field(default_factory=dict)  # (region, indicator)


def overview(path: str | os.PathLike | None = None) -> Overview:
    """Counts per region and indicator, the year span, and when the store last changed."""
    with connect(path) as con:
        if not has_tables(con):
            return Overview({}, {}, None, 0, 0, None)
        regions = dict(con.execute(
            "SELECT region, count(*) FROM records GROUP BY 1 ORDER BY 2 DESC").fetchall())
        indicators = dict(con.execute(
            "SELECT indicator, count(*) FROM records GROUP BY 1 ORDER BY 2 DESC").fetchall())
        lo, hi, n = con.execute("SELECT min(year), max(year), count(*) FROM records").fetchone()
        n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        row = con.execute("SELECT value FROM meta WHERE key = 'updated_at'").fetchone()
        pairs = {(r, i): c for r, i, c in con.execute(
            "SELECT region, indicator, count(*) FROM records GROUP BY 1, 2").fetchall()}
    years = (int(lo), int(hi)) if lo is not None else None
    return Overview(regions, indicators, years, n, n_docs, row[0] if row else None, pairs)


def _where(f: Filters) -> tuple[str, list]:
    clauses, params = [], []
    for col, values in (("region", f.regions), ("indicator", f.indicators), ("kind", f.kinds)):
        if values:
            clauses.append(f"r.{col} IN (SELECT unnest(?))")
            params.append(list(values))
    if f.years:
        clauses.append("r.year BETWEEN ? AND ?")
        params += [int(f.years[0]), int(f.years[1])]
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def query_records(f: Filters, path: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per record matching ``f``, with its document's date and two derived
    columns: ``n_sources`` (records reporting the same figure) and ``conflict`` (the same
    key holds another value). Filters act on key columns only, so every record of a key
    is in or out together and both columns are exact."""
    where, params = _where(f)
    part_key = ", ".join(KEY)
    sql = f"""
        SELECT r.region, r.indicator, r.kind, CAST(r.year AS INTEGER) AS year, r.period,
               r.value, r.unit, r.qualifier, r.subject, r.doc, d.date, r.quote,
               r."start", r."end", r.rule_id,
               CAST(count(*) OVER (PARTITION BY {part_key}, r.value) AS INTEGER) AS n_sources,
               min(r.value) OVER k <> max(r.value) OVER k AS conflict
        FROM records r JOIN documents d ON d.doc = r.doc
        {where}
        WINDOW k AS (PARTITION BY {part_key})
        ORDER BY r.indicator, r.region, r.year, r.kind, r.period NULLS FIRST, r.subject
                 NULLS FIRST, d.date DESC NULLS LAST, r.doc, r."start"
    """
    with connect(path) as con:
        frame = con.execute(sql, params).df()
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return frame


def documents(path: str | os.PathLike | None = None,
              docs: Sequence[str] | None = None) -> pd.DataFrame:
    """Every document (or those named) with its date, home region, origin, when it was
    added, how many records came from it and which regions they are about."""
    where, params = "", []
    if docs is not None:
        where, params = "WHERE d.doc IN (SELECT unnest(?))", [list(docs)]
    sql = f"""
        SELECT d.doc, d.date, d.home_region, d.origin, d.added_at,
               CAST(count(r.doc) AS INTEGER) AS n_records,
               string_agg(DISTINCT r.region, '、' ORDER BY r.region) AS regions
        FROM documents d LEFT JOIN records r ON r.doc = d.doc
        {where}
        GROUP BY ALL ORDER BY d.date DESC NULLS LAST, d.doc
    """
    with connect(path) as con:
        frame = con.execute(sql, params).df()
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return frame


def freshness(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """For each region: the latest publication date among its records' documents, that
    document, and how many documents speak of the region."""
    sql = """
        SELECT r.region, max(d.date) AS latest, arg_max(d.doc, d.date) AS doc,
               CAST(count(DISTINCT d.doc) AS INTEGER) AS n_documents
        FROM records r JOIN documents d ON d.doc = r.doc
        GROUP BY r.region ORDER BY latest DESC NULLS LAST, r.region
    """
    with connect(path) as con:
        frame = con.execute(sql).df()
    frame["latest"] = pd.to_datetime(frame["latest"]).dt.date
    return frame


def document_text(doc: str, path: str | os.PathLike | None = None) -> str | None:
    """The stored text of one document, or None when it is not in the store."""
    with connect(path) as con:
        row = con.execute("SELECT text FROM documents WHERE doc = ?", [doc]).fetchone()
    return row[0] if row else None


def stored_hashes(path: str | os.PathLike | None = None) -> dict[str, str]:
    """doc -> sha256 of its stored text, to tell new, identical and replaced documents."""
    if not db_path(path).exists():
        return {}
    with connect(path) as con:
        if not has_tables(con):
            return {}
        return dict(con.execute("SELECT doc, sha256 FROM documents").fetchall())


def document_catalogue(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every document's citation fields (title, issuer, URL, kind, licence) with its date,
    home region and origin: no text, no aggregation, so it is cheap on any store.
    Portable SQL (no DuckDB-only functions), for the PostgreSQL backend too."""
    sql = """
        SELECT doc, date, home_region, origin, title, issuer, url, doc_type, licence
        FROM documents ORDER BY doc
    """
    with connect(path) as con:
        frame = con.execute(sql).df()
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return frame
