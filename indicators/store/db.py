"""The embedded store: source documents and their records in one DuckDB file.

Two tables. ``documents`` holds each source text with its publication date, so a record's
quote can always be shown in its passage. ``records`` holds one row per extracted Record:
one mention of a figure, with its provenance (document, quote, offsets, rule id).

A *data point* is not stored but derived: the records that share region, indicator, kind,
year, period, subject, unit and value are one figure with several sources. Records that
share everything but the value are a *conflict*; both values stay in the store and every
query reports the conflict instead of letting one value win.

Writes are all-or-nothing per batch (one transaction), and ``build`` writes a new file
beside the old one and swaps it in, so a failed build leaves the previous store intact.
Reading (filters, overview, the frames behind the views) is in ``indicators.store.queries``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from indicators.records.model import Record
from indicators.text.sources import Source

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = PROJECT_ROOT / "data" / "indicators.duckdb"
SEEDS_DIR = PROJECT_ROOT / "seeds"
CORPUS_DIR = PROJECT_ROOT / "data" / "corpus"
SCHEMA_VERSION = "2"

# The identity of a figure, minus its value; value added makes it a data point.
KEY = ("region", "indicator", "kind", "year", "period", "subject", "unit")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    doc VARCHAR NOT NULL,
    date DATE,
    home_region VARCHAR,
    origin VARCHAR,
    sha256 VARCHAR NOT NULL,
    added_at TIMESTAMP NOT NULL,
    text VARCHAR NOT NULL,
    title VARCHAR,
    issuer VARCHAR,
    url VARCHAR,
    doc_type VARCHAR,
    licence VARCHAR
);
CREATE TABLE IF NOT EXISTS records (
    doc VARCHAR NOT NULL,
    region VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    year SMALLINT NOT NULL,
    period VARCHAR,
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    qualifier VARCHAR NOT NULL,
    subject VARCHAR,
    quote VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    rule_id VARCHAR NOT NULL
);
"""
# No PRIMARY KEY/UNIQUE on the big tables: DuckDB's ART indexes slow bulk loads and
# reject delete-then-reinsert of a key within one transaction; ingest keeps the
# invariants itself (one row per doc, records replaced with their doc).

RECORD_COLUMNS = ["doc", "region", "indicator", "kind", "year", "period", "value", "unit",
                  "qualifier", "subject", "quote", "start", "end", "rule_id"]
DOCUMENT_COLUMNS = ["doc", "date", "home_region", "origin", "sha256", "added_at", "text",
                    "title", "issuer", "url", "doc_type", "licence"]

# One process may hold read-only and read-write connections to the same file only one at
# a time (DuckDB refuses a second configuration), so connections are serialized.
_LOCK = threading.RLock()


class StoreError(RuntimeError):
    """The store cannot do what was asked; the message says why, nothing was changed."""


@dataclass(frozen=True)
class Document:
    """One source text as it enters the store."""

    doc: str
    text: str
    date: dt.date | None = None
    home_region: str | None = None
    origin: str | None = None  # a path, or "upload"/"paste" for pages added in the app
    # what a catalogue of sources (SOURCES.tsv) says of it, for citations
    title: str | None = None
    issuer: str | None = None
    url: str | None = None
    doc_type: str | None = None  # report, bulletin, plan, news (the catalogue's ``kind``)
    licence: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class IngestReport:
    """What one batch did to the store."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    records: int = 0
    new_points: int = 0
    repeated: int = 0  # records that confirm a figure already in the store or batch
    conflicts: list[tuple] = field(default_factory=list)  # keys now holding two values

    def summary(self) -> str:
        return (f"{len(self.added)} added, {len(self.replaced)} replaced, "
                f"{len(self.unchanged)} unchanged documents; {self.records} records, "
                f"{self.new_points} new data points, {self.repeated} repeated, "
                f"{len(self.conflicts)} conflicts")


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The store file: ``path``, else $INDICATORS_DB, else data/indicators.duckdb."""
    if path is not None:
        return Path(path)
    env = os.environ.get("INDICATORS_DB")
    return Path(env) if env else DEFAULT_DB


@contextmanager
def connect(path: str | os.PathLike | None = None, *, read_only: bool = True,
            retries: int = 20) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short-lived connection. Another process writing holds a file lock; wait for it
    briefly rather than fail, since writes here take well under a second."""
    p = db_path(path)
    if read_only and not p.exists():
        raise StoreError(f"store not found: {p} (run `indicators build`)")
    p.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        for attempt in range(retries):
            try:
                con = duckdb.connect(str(p), read_only=read_only)
                break
            except duckdb.IOException as e:
                if "lock" not in str(e).lower() or attempt == retries - 1:
                    raise StoreError(f"store is busy or unreadable: {p}: {e}") from e
                time.sleep(0.1)
        try:
            if not read_only:
                con.execute(_SCHEMA)
            yield con
        finally:
            con.close()


def version(path: str | os.PathLike | None = None) -> tuple:
    """A cheap token that changes whenever the store file does (for caches)."""
    p = db_path(path)
    out: list = []
    for f in (p, p.with_name(p.name + ".wal")):
        try:
            st = f.stat()
            out += [st.st_mtime_ns, st.st_size]
        except FileNotFoundError:
            out += [0, 0]
    return tuple(out)


def count_records(path: str | os.PathLike | None = None) -> int:
    """Number of records; 0 when the store is missing or empty."""
    p = db_path(path)
    if not p.exists():
        return 0
    with connect(p) as con:
        if not has_tables(con):
            return 0
        return con.execute("SELECT count(*) FROM records").fetchone()[0]


def has_tables(con: duckdb.DuckDBPyConnection) -> bool:
    """True once the schema exists (a fresh file read-only has none)."""
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables")
             .fetchall()}
    return {"documents", "records", "meta"} <= names


# ---------------------------------------------------------------- writing


def ingest(batch: Sequence[tuple[Document, Sequence[Record]]],
           path: str | os.PathLike | None = None) -> IngestReport:
    """Add documents and their records in one transaction.

    A document already stored with the same text is left as it is; one with the same name
    but different text is replaced with its records. Any error rolls the whole batch back.
    """
    _check_batch(batch)
    with connect(path, read_only=False) as con:
        return _ingest(con, batch)


def _check_batch(batch: Sequence[tuple[Document, Sequence[Record]]]) -> None:
    """Refuse a batch that would store provenance that does not point at its text."""
    names = [d.doc for d, _ in batch]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise StoreError(f"the batch names a document twice: {', '.join(dupes)}")
    for document, records in batch:
        if not document.text.strip():
            raise StoreError(f"{document.doc}: empty document")
        for r in records:
            if r.doc != document.doc:
                raise StoreError(f"record of {r.doc!r} filed under document {document.doc!r}")
            if document.text[r.start:r.end] != r.quote:
                raise StoreError(f"{r.doc}: quote {r.quote!r} is not at [{r.start}, {r.end})")


def _ingest(con: duckdb.DuckDBPyConnection, batch) -> IngestReport:
    report = IngestReport()
    now = dt.datetime.now().replace(microsecond=0)
    con.execute("BEGIN TRANSACTION")
    try:
        stored = dict(con.execute("SELECT doc, sha256 FROM documents").fetchall())
        docs, recs = [], []
        for document, records in batch:
            sha = document.sha256
            if stored.get(document.doc) == sha:
                report.unchanged.append(document.doc)
                continue
            if document.doc in stored:
                con.execute("DELETE FROM records WHERE doc = ?", [document.doc])
                con.execute("DELETE FROM documents WHERE doc = ?", [document.doc])
                report.replaced.append(document.doc)
            else:
                report.added.append(document.doc)
            date = document.date or next((r.date for r in records if r.date), None)
            docs.append((document.doc, date, document.home_region, document.origin, sha, now,
                         document.text, document.title, document.issuer, document.url,
                         document.doc_type, document.licence))
            recs += [_record_row(r) for r in records]
        if docs:
            before = _point_keys(con)
            _insert(con, pd.DataFrame(docs, columns=DOCUMENT_COLUMNS),
                    _records_frame(recs))
            _tally(con, report, recs, before)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('updated_at', ?)", [now.isoformat()])
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return report


def _record_row(r: Record) -> tuple:
    return (r.doc, r.region, r.indicator, r.kind, r.year, r.period, r.value, r.unit,
            r.qualifier, r.subject, r.quote, r.start, r.end, r.rule_id)


def _records_frame(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=RECORD_COLUMNS)
    return frame.astype({"year": "int16", "value": "float64", "start": "int32", "end": "int32"})


def _insert(con: duckdb.DuckDBPyConnection, docs: pd.DataFrame, recs: pd.DataFrame) -> None:
    con.register("_docs_in", docs)
    con.register("_recs_in", recs)
    try:
        con.execute(f"INSERT INTO documents SELECT {', '.join(DOCUMENT_COLUMNS)} FROM _docs_in")
        cols = ", ".join(f'"{c}"' for c in RECORD_COLUMNS)
        con.execute(f"INSERT INTO records ({cols}) SELECT {cols} FROM _recs_in")
    finally:
        con.unregister("_docs_in")
        con.unregister("_recs_in")


def _point_keys(con: duckdb.DuckDBPyConnection) -> set[tuple]:
    rows = con.execute(f"SELECT DISTINCT {', '.join(KEY)}, value FROM records").fetchall()
    return {_norm_key(r) for r in rows}


def _norm_key(row) -> tuple:
    region, indicator, kind, year, period, subject, unit, value = row
    return (region, indicator, kind, int(year), period or None, subject or None, unit,
            float(value))


def _tally(con, report: IngestReport, recs: list[tuple], before: set[tuple]) -> None:
    seen = set(before)
    keys = set()
    for row in recs:
        (_, region, indicator, kind, year, period, value, unit, _, subject, *_rest) = row
        pk = _norm_key((region, indicator, kind, year, period, subject, unit, value))
        keys.add(pk[:-1])
        if pk in seen:
            report.repeated += 1
        else:
            seen.add(pk)
            report.new_points += 1
    report.records = len(recs)
    values: dict[tuple, set[float]] = {}
    for pk in seen:
        if pk[:-1] in keys:
            values.setdefault(pk[:-1], set()).add(pk[-1])
    report.conflicts = sorted((k for k, v in values.items() if len(v) > 1), key=str)


def load_frames(docs: pd.DataFrame, records: pd.DataFrame,
                path: str | os.PathLike | None = None) -> None:
    """Write trusted frames (columns as DOCUMENT_COLUMNS / RECORD_COLUMNS) into a new or
    empty store in one transaction. For the benchmark and migrations: no validation."""
    with connect(path, read_only=False) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            # metadata columns a caller leaves out are stored as NULL
            _insert(con, docs.reindex(columns=DOCUMENT_COLUMNS), records[RECORD_COLUMNS])
            now = dt.datetime.now().replace(microsecond=0).isoformat()
            con.execute("INSERT OR REPLACE INTO meta VALUES ('updated_at', ?)", [now])
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema', ?)", [SCHEMA_VERSION])
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def read_documents(paths: Sequence[str | os.PathLike], date: dt.date | None = None,
                   origin: str | None = None) -> list[tuple[Document, list[Record]]]:
    """Read and extract each file (named by its stem), ready for ``ingest``.

    Raises UnreadableText naming the first file that is not readable text, before any
    extraction, so a bad file in a batch stops the whole batch.
    """
    from indicators.text.reading import read_text
    from indicators.text.sources import source_of

    texts = [(Path(p), read_text(p)) for p in paths]
    return [extract_document(p.stem, text, date, origin or str(p), source_of(p))[:2]
            for p, text in texts]


def extract_document(doc: str, text: str, date: dt.date | None = None,
                     origin: str | None = None, source: Source | None = None
                     ) -> tuple[Document, list[Record], int]:
    """Run the extractor on one text: the store Document, its records, and how many
    candidates the extractor rejected (shown in the upload preview).

    A catalogue row (``source``) gives the publication date and home region when it has
    them, and the document's title, issuer, URL and licence for citations.
    """
    from indicators.extract import extract_text
    from indicators.records.regions import resolve

    src = source or Source(file=doc)
    region = resolve(src.region) if src.region else None
    ex = extract_text(text, doc, date or src.published, region.name if region else None,
                      source=src)
    document = Document(doc, text, ex.date or date, ex.home_region, origin, src.title,
                        src.issuer, src.url, src.kind, src.licence)
    return document, list(ex.records), len(ex.rejects)


def preview_frame(document: Document, records: Sequence[Record]) -> pd.DataFrame:
    """Records not yet stored, shaped like ``query_records`` output (for previews)."""
    frame = _records_frame([_record_row(r) for r in records])
    frame["date"] = [r.date or document.date for r in records]
    frame["n_sources"] = 1
    frame["conflict"] = False
    return frame


def seed_paths(seeds: str | os.PathLike = SEEDS_DIR,
               corpus: str | os.PathLike = CORPUS_DIR) -> list[Path]:
    """What a fresh store is built from: every .txt file under ``seeds`` and every file
    the bundled corpus's catalogue lists (data/corpus/SOURCES.tsv), in name order."""
    from indicators.text.sources import read_catalogue

    listed = [Path(corpus) / name for name in read_catalogue(Path(corpus))]
    return sorted(Path(seeds).glob("*.txt")) + sorted(p for p in listed if p.is_file())


def build(paths: Sequence[str | os.PathLike] | None = None,
          path: str | os.PathLike | None = None,
          date: dt.date | None = None) -> IngestReport:
    """Rebuild the store from ``paths`` (default: the seeds) into a fresh file, then swap
    it in; on any error the previous store is untouched."""
    files = [Path(p) for p in paths] if paths else seed_paths()
    if not files:
        raise StoreError(f"no .txt files to build from (looked in {SEEDS_DIR})")
    batch = read_documents(files, date)
    target = db_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.building")
    _remove(tmp)
    try:
        report = ingest(batch, tmp)
        with _LOCK:
            _remove(target.with_name(target.name + ".wal"))
            os.replace(tmp, target)
    finally:
        _remove(tmp)
    return report


def ensure_built(path: str | os.PathLike | None = None) -> IngestReport | None:
    """Build from the seeds when the store is missing or empty; None when it was there."""
    if count_records(path) > 0:
        return None
    return build(path=path)


def _remove(p: Path) -> None:
    for f in (p, p.with_name(p.name + ".wal")):
        f.unlink(missing_ok=True)
