"""Reading the store: what it holds, and the frames behind each dashboard view.

Every read shows *reviewed* figures: a record an analyst rejected is gone, a corrected one
shows its corrected fields, an added one is there, and the columns ``reviewed`` / ``review``
(accepted, corrected, added) say which. ``record_key`` names a figure for ``review``.
Each function opens a short read (see ``backends``), so other processes can write between
two reads; results are plain pandas frames; the same SQL runs on DuckDB and PostgreSQL.
"""
from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from indicators.store.db import KEY, store_at
from indicators.store.schema import RECORD_FIELDS


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


def _fields(pick) -> str:
    return ", ".join(f'{pick(c)} AS "{c}"' for c in RECORD_FIELDS)


def _corrected(c: str) -> str:
    return f"CASE WHEN s.action = 'correct' THEN s.\"{c}\" ELSE r.\"{c}\" END"


# The reviewed records: unreviewed ones as extracted, accepted and corrected ones joined to
# their review, added ones from the review alone. Filters on the result are pushed into each
# branch by both databases, so the big first branch is still filtered on its own columns.
REVIEWED = f"""
    SELECT r.doc, {_fields(lambda c: f'r."{c}"')}, r.rule_id, r.evidence,
           'r' || CAST(r.rid AS VARCHAR) AS record_key, FALSE AS reviewed,
           CAST(NULL AS VARCHAR) AS review
    FROM records r
    WHERE r.rid NOT IN (SELECT rid FROM review_state WHERE rid IS NOT NULL)
    UNION ALL
    SELECT r.doc,
           {_fields(_corrected)},
           r.rule_id, r.evidence, s.target, TRUE,
           CASE WHEN s.action = 'correct' THEN 'corrected' ELSE 'accepted' END
    FROM review_state s JOIN records r ON r.rid = s.rid
    WHERE s.action IN ('accept', 'correct')
    UNION ALL
    SELECT s.doc, {_fields(lambda c: f's."{c}"')}, 'review', CAST(NULL AS VARCHAR), s.target,
           TRUE, 'added'
    FROM review_state s WHERE s.action = 'add' AND s.matched IS NOT NULL
"""


def overview(path: str | os.PathLike | None = None) -> Overview:
    """Counts per region and indicator, the year span, and when the store last changed."""
    with store_at(path).read() as con:
        if con.empty:
            return Overview({}, {}, None, 0, 0, None)
        pairs = {(r, i): int(c) for r, i, c in con.all(
            f"SELECT region, indicator, count(*) FROM ({REVIEWED}) e GROUP BY 1, 2")}
        years = con.one(f"SELECT min(year), max(year) FROM ({REVIEWED}) e")
        n_docs = con.one("SELECT count(*) FROM documents")[0]
        row = con.one("SELECT value FROM meta WHERE key = 'updated_at'")
    regions: dict[str, int] = {}
    indicators: dict[str, int] = {}
    for (r, i), c in pairs.items():
        regions[r] = regions.get(r, 0) + c
        indicators[i] = indicators.get(i, 0) + c
    by_count = lambda d: dict(sorted(d.items(), key=lambda kv: (-kv[1], kv[0])))  # noqa: E731
    span = (int(years[0]), int(years[1])) if years and years[0] is not None else None
    return Overview(by_count(regions), by_count(indicators), span, sum(pairs.values()),
                    int(n_docs), row[0] if row else None, pairs)


def in_list(dialect: str, col: str) -> str:
    """``col`` is one of a list parameter (DuckDB plans ``= ANY(?)`` as a slow scan)."""
    return f"list_contains(?, {col})" if dialect == "duckdb" else f"{col} = ANY(?)"


def _where(f: Filters, dialect: str) -> tuple[str, list]:
    clauses, params = [], []
    for col, values in (("region", f.regions), ("indicator", f.indicators), ("kind", f.kinds)):
        if values:
            clauses.append(in_list(dialect, f"r.{col}"))
            params.append([str(v) for v in values])
    if f.years:
        clauses.append("r.year BETWEEN ? AND ?")
        params += [int(f.years[0]), int(f.years[1])]
    return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def query_records(f: Filters, path: str | os.PathLike | None = None) -> pd.DataFrame:
    """One row per reviewed record matching ``f``, with its document's date and two derived
    columns: ``n_sources`` (records reporting the same figure) and ``conflict`` (the same
    key holds another value). Filters act on key columns only, so every record of a key
    is in or out together and both columns are exact. Also ``evidence`` (how the year was
    decided), ``record_key``, ``reviewed`` and ``review``."""
    s = store_at(path)
    where, params = _where(f, s.dialect)
    part_key = ", ".join(f"r.{k}" for k in KEY)
    sql = f"""
        SELECT r.region, r.indicator, r.kind, CAST(r.year AS INTEGER) AS year, r.period,
               r.value, r.unit, r.qualifier, r.subject, r.doc, d.date, r.quote,
               r."start", r."end", r.rule_id,
               CAST(count(*) OVER (PARTITION BY {part_key}, r.value) AS INTEGER) AS n_sources,
               min(r.value) OVER k <> max(r.value) OVER k AS conflict,
               r.evidence, r.record_key, r.reviewed, r.review
        FROM ({REVIEWED}) r JOIN documents d ON d.doc = r.doc
        {where}
        WINDOW k AS (PARTITION BY {part_key})
        ORDER BY r.indicator, r.region, r.year, r.kind, r.period NULLS FIRST, r.subject
                 NULLS FIRST, d.date DESC NULLS LAST, r.doc, r."start", r.record_key
    """
    with s.read() as con:
        if con.empty:
            return _empty_records()
        frame = con.frame(sql, params)
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    for col in ("reviewed", "conflict"):
        if frame[col].dtype != bool:  # PostgreSQL's come as objects
            frame[col] = frame[col].astype(bool)
    return frame


def year_span(f: Filters, path: str | os.PathLike | None = None) -> tuple[int, int] | None:
    """The first and last year of the records ``query_records(f)`` returns, without reading
    them (a download's file name spans its data); None when there are none."""
    s = store_at(path)
    where, params = _where(f, s.dialect)
    sql = f"""SELECT CAST(min(r.year) AS INTEGER), CAST(max(r.year) AS INTEGER)
              FROM ({REVIEWED}) r JOIN documents d ON d.doc = r.doc {where}"""
    with s.read() as con:
        if con.empty:
            return None
        row = con.one(sql, params)
    return None if row is None or row[0] is None else (int(row[0]), int(row[1]))


def _empty_records() -> pd.DataFrame:
    return pd.DataFrame(columns=["region", "indicator", "kind", "year", "period", "value",
                                 "unit", "qualifier", "subject", "doc", "date", "quote",
                                 "start", "end", "rule_id", "n_sources", "conflict",
                                 "evidence", "record_key", "reviewed", "review"])


def documents(path: str | os.PathLike | None = None,
              docs: Sequence[str] | None = None) -> pd.DataFrame:
    """Every document (or those named) with its date, home region, origin, when it was
    added, how many (reviewed) records came from it and which regions they are about,
    and its citation fields, file name, content hash, version and how many reviews."""
    s = store_at(path)
    where, inner, params = "", "", []
    if docs is not None:
        names = [str(d) for d in docs]
        where = "WHERE " + in_list(s.dialect, "d.doc")
        inner = "WHERE " + in_list(s.dialect, "e.doc")
        params = [names, names]
    sql = f"""
        SELECT d.doc, d.date, d.home_region, d.origin, d.added_at,
               CAST(count(r.doc) AS INTEGER) AS n_records,
               string_agg(DISTINCT r.region, '、' ORDER BY r.region) AS regions,
               d.name, d.title, d.issuer, d.url, d.doc_type, d.licence, d.sha256, d.version,
               d.format, d.date_evidence, d.home_evidence,
               CAST((SELECT count(*) FROM reviews v WHERE v.doc = d.doc) AS INTEGER)
                   AS n_reviews
        FROM documents d
        LEFT JOIN (SELECT e.doc, e.region FROM ({REVIEWED}) e {inner}) r ON r.doc = d.doc
        {where}
        GROUP BY d.doc, d.date, d.home_region, d.origin, d.added_at, d.name, d.title,
                 d.issuer, d.url, d.doc_type, d.licence, d.sha256, d.version, d.format,
                 d.date_evidence, d.home_evidence
        ORDER BY d.date DESC NULLS LAST, d.doc
    """
    with s.read() as con:
        if con.empty:
            return pd.DataFrame(columns=["doc", "date", "home_region", "origin", "added_at",
                                         "n_records", "regions"])
        frame = con.frame(sql, params)
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return frame


def freshness(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """For each region: the latest publication date among its records' documents, that
    document, and how many documents speak of the region."""
    sql = f"""
        SELECT r.region, max(d.date) AS latest,
               (array_agg(d.doc ORDER BY d.date DESC NULLS LAST, d.doc))[1] AS doc,
               CAST(count(DISTINCT d.doc) AS INTEGER) AS n_documents
        FROM ({REVIEWED}) r JOIN documents d ON d.doc = r.doc
        GROUP BY r.region ORDER BY latest DESC NULLS LAST, r.region
    """
    with store_at(path).read() as con:
        if con.empty:
            return pd.DataFrame(columns=["region", "latest", "doc", "n_documents"])
        frame = con.frame(sql)
    frame["latest"] = pd.to_datetime(frame["latest"]).dt.date
    return frame


def document_text(doc: str, path: str | os.PathLike | None = None) -> str | None:
    """The stored text of one document, or None when it is not in the store."""
    with store_at(path).read() as con:
        row = None if con.empty else con.one("SELECT text FROM documents WHERE doc = ?",
                                             [str(doc)])
    return row[0] if row else None


def stored_hashes(path: str | os.PathLike | None = None) -> dict[str, str]:
    """doc -> sha256 of its stored text, to tell new, identical and replaced documents."""
    s = store_at(path)
    if not s.exists():
        return {}
    with s.read() as con:
        return {} if con.empty else dict(con.all("SELECT doc, sha256 FROM documents"))


def document_catalogue(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every document's citation fields (title, issuer, URL, kind, licence) with its date,
    home region and origin: no text, no aggregation, so it is cheap on any store."""
    sql = """
        SELECT doc, date, home_region, origin, title, issuer, url, doc_type, licence, name
        FROM documents ORDER BY doc
    """
    cols = ["doc", "date", "home_region", "origin", "title", "issuer", "url", "doc_type",
            "licence", "name"]
    s = store_at(path)
    if not s.exists():
        return pd.DataFrame(columns=cols)
    with s.read() as con:
        if con.empty:
            return pd.DataFrame(columns=cols)
        frame = con.frame(sql, [])
    frame["date"] = pd.to_datetime(frame["date"]).dt.date
    return frame
