"""One batch of documents into the store, inside the caller's write transaction.

Each document is placed by identity first (``db`` explains the rules): unchanged, a new
version of a stored document, or a new document under a key no other document has. Then
its rows are written, the figures it adds are tallied (new, repeated, conflicting), and the
reviews of the documents whose records changed are matched again (``review.resolve``).
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import pandas as pd

from indicators.records.model import Record
from indicators.store import schema as sc
from indicators.store.db import KEY, Document, IngestReport, failpoint, touch

_VERSION_COLS = ["doc", "sha256", "url", "title", "origin", "home_region", "version",
                 "added_at"]


def record_rows(records: Sequence[Record], doc: str | None = None) -> pd.DataFrame:
    """Records as a frame in the store's column layout (``doc`` overrides their doc)."""
    rows = [(doc or r.doc, r.region, r.indicator, r.kind, r.year, r.period, r.value, r.unit,
             r.qualifier, r.subject, r.quote, r.start, r.end, r.rule_id, r.evidence)
            for r in records]
    frame = pd.DataFrame(rows, columns=sc.RECORD_COLUMNS)
    return frame.astype({"year": "int16", "value": "float64", "start": "int32",
                         "end": "int32"})


def _is_file_origin(origin: str | None) -> bool:
    return bool(origin) and not origin.startswith(("upload:", "paste")) and "://" not in origin


def _version_of(document: Document, stored: list[dict]) -> dict | None:
    """The stored document this one is a new version of: same source URL, else the same
    catalogue title about the same region, else the same file path."""
    for s in stored:
        if document.url and s["url"] == document.url:
            return s
    for s in stored:
        if (document.title and s["title"] == document.title and
                (not s["home_region"] or not document.home_region
                 or s["home_region"] == document.home_region)):
            return s
    for s in stored:
        if _is_file_origin(document.origin) and s["origin"] == document.origin:
            return s
    return None


def _in(con, col: str) -> str:
    return f"list_contains(?, {col})" if con.dialect == "duckdb" else f"{col} = ANY(?)"


def _candidates(con, documents: list[Document]) -> list[dict]:
    """The stored documents a batch may be, or be a new version of (not the whole table:
    a big store holds hundreds of thousands)."""
    keys = {"sha256": {d.sha256 for d in documents}, "url": {d.url for d in documents},
            "title": {d.title for d in documents},
            "origin": {d.origin for d in documents if _is_file_origin(d.origin)}}
    clauses = [_in(con, col) for col, v in keys.items() if v - {None}]
    params = [sorted(v - {None}) for v in keys.values() if v - {None}]
    rows = con.all(f"SELECT {', '.join(_VERSION_COLS)} FROM documents "
                   f"WHERE {' OR '.join(clauses)} ORDER BY added_at, doc", params)
    return [dict(zip(_VERSION_COLS, row, strict=True)) for row in rows]


def _taken_names(con, names: set[str]) -> set[str]:
    """Keys already used by the names of a batch, and by their numbered variants."""
    taken = {r[0] for r in con.all(f"SELECT doc FROM documents WHERE {_in(con, 'doc')}",
                                   [sorted(names)])}
    for name in taken & names:
        taken |= {r[0] for r in con.all("SELECT doc FROM documents WHERE "
                                        "substr(doc, 1, ?) = ?", [len(name) + 1, name + "（"])}
    return taken


def _free_key(doc: str, taken: set[str]) -> str:
    if doc not in taken:
        return doc
    n = 2
    while f"{doc}（{n}）" in taken:
        n += 1
    return f"{doc}（{n}）"


def write_batch(con, batch, reextract: bool) -> IngestReport:
    report = IngestReport()
    now = dt.datetime.now().replace(microsecond=0)
    stored = _candidates(con, [d for d, _ in batch])
    by_sha = {s["sha256"]: s for s in stored}
    taken = _taken_names(con, {d.doc for d, _ in batch}) | {s["doc"] for s in stored}
    docs, recs, rejects, changed = [], [], [], []
    for document, records in batch:
        sha = document.sha256
        if sha in by_sha:
            key = by_sha[sha]["doc"]
            if not reextract or key in changed:
                report.unchanged.append(key)
                report.same_as[document.doc] = key
                continue
            _drop(con, key)
            con.execute("UPDATE documents SET date = coalesce(?, date), home_region = "
                        "coalesce(?, home_region), date_evidence = ?, home_evidence = ? "
                        "WHERE doc = ?", [document.date, document.home_region,
                                          document.date_evidence, document.home_evidence, key])
            report.unchanged.append(key)
            changed.append(key)
        else:
            prior = _version_of(document, stored)
            if prior is not None and prior["doc"] not in changed:
                key = prior["doc"]
                _retire(con, prior, now)
                report.replaced.append(key)
                version = prior["version"] + 1
            else:
                key = _free_key(document.doc, taken)
                if key != document.doc:
                    report.renamed[document.doc] = key
                report.added.append(key)
                version = 1
            taken.add(key)
            entry = {"doc": key, "sha256": sha, "url": document.url, "title": document.title,
                     "origin": document.origin, "home_region": document.home_region,
                     "version": version, "added_at": now}
            stored.append(entry)
            by_sha[sha] = entry
            changed.append(key)
            docs.append(_document_row(document, key, sha, now, version))
        recs.append(record_rows(records, key))
        rejects += [(key, j.rule_id, j.quote, j.start, j.end, j.reason,
                     json.dumps(j.candidate, ensure_ascii=False, default=str))
                    for j in document.rejects]
    if changed:
        frame = pd.concat(recs, ignore_index=True) if recs else record_rows([])
        before = _point_keys(con, frame)
        con.insert_frame("documents", pd.DataFrame(docs, columns=sc.DOCUMENT_COLUMNS))
        failpoint("ingest:documents")
        con.insert_frame("records", frame)
        failpoint("ingest:records")
        con.insert_frame("rejects", pd.DataFrame(rejects, columns=sc.REJECT_COLUMNS))
        _tally(report, frame, before)
        from indicators.store import review

        report.reviews_kept, report.reviews_lost = review.resolve(con, changed)
        touch(con)
    return report


def _document_row(d: Document, key: str, sha: str, now: dt.datetime, version: int) -> tuple:
    date = d.date
    return (key, d.name or d.doc, sha, date, d.home_region, d.origin, now, d.text, d.title,
            d.issuer, d.url, d.doc_type, d.licence, d.format, d.date_evidence,
            d.home_evidence, version)


def _drop(con, key: str) -> None:
    con.execute("DELETE FROM records WHERE doc = ?", [key])
    con.execute("DELETE FROM rejects WHERE doc = ?", [key])


def _retire(con, prior: dict, now: dt.datetime) -> None:
    """Keep a line of the replaced version (hash, origin, dates) and remove its rows."""
    n = con.one("SELECT count(*) FROM records WHERE doc = ?", [prior["doc"]])[0]
    con.execute("INSERT INTO document_versions VALUES (?, ?, ?, ?, ?, ?, ?)",
                [prior["doc"], prior["version"], prior["sha256"], prior["origin"],
                 prior["added_at"], now, n])
    _drop(con, prior["doc"])
    con.execute("DELETE FROM documents WHERE doc = ?", [prior["doc"]])


def _point_keys(con, frame: pd.DataFrame) -> set[tuple]:
    """The data points already stored for the indicators and regions the batch touches."""
    if frame.empty:
        return set()
    rows = con.all(f"SELECT DISTINCT {', '.join(KEY)}, value FROM records "
                   f"WHERE {_in(con, 'indicator')} AND {_in(con, 'region')}",
                   [sorted(set(frame["indicator"])), sorted(set(frame["region"]))])
    return {_norm_key(r) for r in rows}


def _norm_key(row) -> tuple:
    region, indicator, kind, year, period, subject, unit, value = row
    return (region, indicator, kind, int(year), period or None, subject or None, unit,
            float(value))


def _tally(report: IngestReport, frame: pd.DataFrame, before: set[tuple]) -> None:
    seen = set(before)
    keys = set()
    cols = [*KEY, "value"]
    for row in frame[cols].itertuples(index=False, name=None):
        pk = _norm_key(tuple(None if isinstance(v, float) and v != v else v for v in row))
        keys.add(pk[:-1])
        if pk in seen:
            report.repeated += 1
        else:
            seen.add(pk)
            report.new_points += 1
    report.records = len(frame)
    values: dict[tuple, set[float]] = {}
    for pk in seen:
        if pk[:-1] in keys:
            values.setdefault(pk[:-1], set()).add(pk[-1])
    report.conflicts = sorted((k for k, v in values.items() if len(v) > 1), key=str)


def plan_batch(con, documents: list[Document]) -> list[dict]:
    """What ``write_batch`` would do with each document, without writing: ``state`` is
    new, same (its text is stored as ``key``), version (a new version of ``key``) or
    renamed (a new document stored as ``key`` because its name is taken)."""
    if con.empty:
        stored, taken = [], set()
    else:
        stored = _candidates(con, documents)
        taken = _taken_names(con, {d.doc for d in documents}) | {s["doc"] for s in stored}
    by_sha = {s["sha256"]: s for s in stored}
    out = []
    for d in documents:
        if d.sha256 in by_sha:
            out.append({"doc": d.doc, "state": "same", "key": by_sha[d.sha256]["doc"]})
            continue
        prior = _version_of(d, stored)
        if prior is not None:
            key, state = prior["doc"], "version"
        else:
            key = _free_key(d.doc, taken)
            state = "new" if key == d.doc else "renamed"
        taken.add(key)
        entry = {"doc": key, "sha256": d.sha256, "url": d.url, "title": d.title,
                 "origin": d.origin, "home_region": d.home_region, "version": 1,
                 "added_at": None}
        stored.append(entry)
        by_sha[d.sha256] = entry
        out.append({"doc": d.doc, "state": state, "key": key})
    return out
