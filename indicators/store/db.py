"""The store: source documents, their records and the reviews of them.

Where: an embedded DuckDB file by default, or a PostgreSQL database when ``INDICATORS_DB``
is a ``postgresql://`` URL (see ``backends``); the tables are in ``schema``.

Identity: a document is its text. Its SHA-256 identifies it, so ingesting the same text
again (under any name) changes nothing and says so, while two different texts that happen
to share a file name (every city has a 政府工作报告.txt) are two documents, the second
stored under a distinct key. A *new version* of a stored document (same source URL, same
catalogue title, or the same file path, with new text) keeps its key, replaces its records
and rejects, and the reviews made of the old version are applied again where they still fit.

A *data point* is not stored but derived: the records that share region, indicator, kind,
year, period, subject, unit and value are one figure with several sources; records that
share all but the value are a *conflict*, and every query reports it.

Every write is one transaction holding the store's write lock: all of it lands or none of
it does, also when the process is killed halfway. Reads are in ``queries``; corrections in
``review``.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import signal
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from indicators.records.model import Record, Reject
from indicators.store import schema as sc
from indicators.store.backends import StoreError, is_url, open_store
from indicators.text.sources import Source

__all__ = ["StoreError", "Document", "IngestReport", "ingest", "build", "ensure_built"]

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DB = PROJECT_ROOT / "data" / "indicators.duckdb"
SEEDS_DIR = PROJECT_ROOT / "seeds"
CORPUS_DIR = PROJECT_ROOT / "data" / "corpus"
SCHEMA_VERSION = sc.SCHEMA_VERSION

# The identity of a figure, minus its value; value added makes it a data point.
KEY = ("region", "indicator", "kind", "year", "period", "subject", "unit")

# What ``load_frames`` callers provide (other columns are filled in).
RECORD_COLUMNS = ["doc", "region", "indicator", "kind", "year", "period", "value", "unit",
                  "qualifier", "subject", "quote", "start", "end", "rule_id"]
DOCUMENT_COLUMNS = ["doc", "date", "home_region", "origin", "sha256", "added_at", "text",
                    "title", "issuer", "url", "doc_type", "licence"]


@dataclass(frozen=True)
class Document:
    """One source text as it enters the store."""

    doc: str  # the file's stem; the store may give a second document of that name another key
    text: str
    date: dt.date | None = None
    home_region: str | None = None
    origin: str | None = None  # a path, or "upload:NAME"/"paste" for pages added in the app
    # what a catalogue of sources (SOURCES.tsv) says of it, for citations
    title: str | None = None
    issuer: str | None = None
    url: str | None = None
    doc_type: str | None = None  # report, bulletin, plan, news (the catalogue's ``kind``)
    licence: str | None = None
    name: str | None = None  # the file name as given (default: ``doc``)
    format: str | None = None  # txt, pdf, docx, html (SourceText.format)
    date_evidence: str | None = None
    home_evidence: str | None = None
    rejects: tuple[Reject, ...] = ()  # candidates the extractor refused in it

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass
class IngestReport:
    """What one batch did to the store. Documents are named by their key in the store."""

    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # new versions of stored documents
    unchanged: list[str] = field(default_factory=list)
    same_as: dict[str, str] = field(default_factory=dict)  # name given -> stored key
    renamed: dict[str, str] = field(default_factory=dict)  # name given -> key (name taken)
    records: int = 0
    new_points: int = 0
    repeated: int = 0  # records that confirm a figure already in the store or batch
    conflicts: list[tuple] = field(default_factory=list)  # keys now holding two values
    reviews_kept: int = 0  # reviews that still apply to replaced or re-extracted documents
    reviews_lost: int = 0  # reviews that no longer find their figure (see review.pending)

    def summary(self) -> str:
        out = (f"{len(self.added)} added, {len(self.replaced)} replaced, "
               f"{len(self.unchanged)} unchanged documents; {self.records} records, "
               f"{self.new_points} new data points, {self.repeated} repeated, "
               f"{len(self.conflicts)} conflicts")
        if self.reviews_kept or self.reviews_lost:
            out += f"; reviews kept {self.reviews_kept}, no longer matching {self.reviews_lost}"
        return out

    def notes(self) -> list[str]:
        """One line per document whose fate is not plain from the counts (zh, en)."""
        out = [f"{given}: 与已收录的 {key} 内容相同，未改变 (same text as stored {key}; unchanged)"
               for given, key in self.same_as.items() if given != key]
        out += [f"{given}: 已有同名的另一文件，收录为 {key} (another document has this name; "
                f"stored as {key})" for given, key in self.renamed.items()]
        return out


def db_path(path: str | os.PathLike | None = None) -> Path | str:
    """The store: ``path``, else $INDICATORS_DB, else data/indicators.duckdb. A file path,
    or a ``postgresql://`` URL kept as a string."""
    target = path if path is not None else os.environ.get("INDICATORS_DB") or DEFAULT_DB
    return str(target) if is_url(str(target)) else Path(target)


def store_at(path: str | os.PathLike | None = None):
    """The backend object for ``path`` (see ``db_path``)."""
    return open_store(db_path(path))


def version(path: str | os.PathLike | None = None) -> tuple:
    """A cheap token that changes whenever the store does (for caches); its first item is
    falsy when there is no store yet."""
    return store_at(path).version()


def count_records(path: str | os.PathLike | None = None) -> int:
    """Number of extracted records; 0 when the store is missing or empty."""
    s = store_at(path)
    if not s.exists():
        return 0
    with s.read() as con:
        return 0 if con.empty else con.one("SELECT count(*) FROM records")[0]


def count_documents(path: str | os.PathLike | None = None) -> int:
    """Number of documents; 0 when the store is missing or empty."""
    s = store_at(path)
    if not s.exists():
        return 0
    with s.read() as con:
        return 0 if con.empty else con.one("SELECT count(*) FROM documents")[0]


def failpoint(name: str) -> None:
    """Die here, as a power cut would, when $INDICATORS_FAILPOINT names this point: the
    crash-safety tests kill writers at each point and check the store is as before."""
    if os.environ.get("INDICATORS_FAILPOINT") == name:
        os.kill(os.getpid(), signal.SIGKILL)


# ---------------------------------------------------------------- writing


def ingest(batch: Sequence[tuple[Document, Sequence[Record]]],
           path: str | os.PathLike | None = None, *, by: str = "ingest",
           reextract: bool = False) -> IngestReport:
    """Add documents and their records in one transaction.

    A document whose text is already stored (under any name) is left as it is, unless
    ``reextract`` (``build``) asks to replace its records with these. Any error rolls the
    whole batch back.
    """
    _check_batch(batch)
    from indicators.store import ingesting

    with store_at(path).write(by) as con:
        failpoint("ingest:locked")
        report = ingesting.write_batch(con, batch, reextract)
        failpoint("ingest:before-commit")
    failpoint("ingest:after-commit")
    return report


def plan(documents: Sequence[Document], path: str | os.PathLike | None = None) -> list[dict]:
    """What ``ingest`` would do with each document, for an upload preview: a dict per
    document with ``doc`` (the name given), ``state`` (new, same, version, renamed) and
    ``key`` (the document it is, replaces, or will be stored as)."""
    from indicators.store import ingesting

    s = store_at(path)
    if not s.exists():
        return [{"doc": d.doc, "state": "new", "key": d.doc} for d in documents]
    with s.read() as con:
        return ingesting.plan_batch(con, list(documents))


def _check_batch(batch: Sequence[tuple[Document, Sequence[Record]]]) -> None:
    """Refuse a batch that would store provenance that does not point at its text."""
    for document, records in batch:
        if not document.text.strip():
            raise StoreError(f"{document.doc}: 文件为空 (empty document)")
        for r in records:
            if r.doc != document.doc:
                raise StoreError(f"record of {r.doc!r} filed under document {document.doc!r}")
            if document.text[r.start:r.end] != r.quote:
                raise StoreError(f"{r.doc}: quote {r.quote!r} is not at [{r.start}, {r.end})")


def touch(con) -> None:
    """Mark a change: caches keyed on ``version`` read again."""
    now = dt.datetime.now().replace(microsecond=0).isoformat()
    row = con.one("SELECT value FROM meta WHERE key = 'change'")
    for key, value in (("updated_at", now), ("change", str(int(row[0] if row else 0) + 1))):
        con.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE "
                    "SET value = excluded.value", [key, value])


def load_frames(docs: pd.DataFrame, records: pd.DataFrame,
                path: str | os.PathLike | None = None) -> None:
    """Write trusted frames (columns as DOCUMENT_COLUMNS / RECORD_COLUMNS) into a new or
    empty store in one transaction. For benchmarks: no validation, but identities are
    real (each document's sha256 is computed from its text; a text repeated in the frames,
    as synthetic ones do, is told apart by its name)."""
    docs = docs.reindex(columns=DOCUMENT_COLUMNS).copy()
    docs["sha256"] = [hashlib.sha256(t.encode("utf-8")).hexdigest() for t in docs["text"]]
    again = docs["sha256"].duplicated()
    docs.loc[again, "sha256"] = [hashlib.sha256(f"{d}\0{t}".encode()).hexdigest()
                                 for d, t in zip(docs.loc[again, "doc"],
                                                 docs.loc[again, "text"], strict=True)]
    docs["name"] = docs["doc"]
    docs["version"] = 1
    recs = records.reindex(columns=[c for c in sc.RECORD_COLUMNS if c != "evidence"])
    with store_at(path).write("load") as con:
        con.insert_frame("documents", docs)
        con.insert_frame("records", recs)
        touch(con)


# ---------------------------------------------------------------- reading files


def read_documents(paths: Sequence[str | os.PathLike], date: dt.date | None = None,
                   origin: str | None = None, jobs: int = 1
                   ) -> list[tuple[Document, list[Record]]]:
    """Read and extract each file (named by its stem), ready for ``ingest``.

    Raises UnreadableText naming the first file that is not readable, before any
    extraction, so a bad file in a batch stops the whole batch. ``jobs`` > 1 extracts in
    that many processes (thousands of files).
    """
    from indicators.text.reading import read_document
    from indicators.text.sources import source_of

    texts = [(Path(p), read_document(p)) for p in paths]
    args = [(p.stem, st.text, date, origin or str(p), source_of(p), st.name, st.format,
             st.title) for p, st in texts]
    if jobs > 1 and len(args) >= 8:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            out = list(pool.map(_extract_args, args, chunksize=8))
    else:
        out = [_extract_args(a) for a in args]
    return [(d, r) for d, r, _ in out]


def _extract_args(a: tuple) -> tuple[Document, list[Record], int]:
    doc, text, date, origin, source, name, fmt, title = a
    return extract_document(doc, text, date, origin, source, name=name, fmt=fmt,
                            title=title)


def extract_document(doc: str, text: str, date: dt.date | None = None,
                     origin: str | None = None, source: Source | None = None, *,
                     name: str | None = None, fmt: str | None = None,
                     title: str | None = None) -> tuple[Document, list[Record], int]:
    """Run the extractor on one text: the store Document (with its rejects), its records,
    and how many candidates the extractor rejected (shown in the upload preview).

    A catalogue row (``source``) gives the publication date and home region when it has
    them, and the document's title, issuer, URL and licence for citations; ``title`` is one
    the file carries itself (HTML <title>), used when the catalogue has none.
    """
    from indicators.extract import extract_text
    from indicators.records.regions import resolve

    src = source or Source(file=doc)
    region = resolve(src.region) if src.region else None
    title = src.title or title
    ex = extract_text(text, doc, date or src.published, region.name if region else None,
                      source=src, title=title)
    document = Document(doc, text, ex.date or date, ex.home_region, origin, title,
                        src.issuer, src.url, src.kind, src.licence, name=name or doc,
                        format=fmt, date_evidence=ex.date_evidence,
                        home_evidence=ex.home_evidence, rejects=tuple(ex.rejects))
    return document, list(ex.records), len(ex.rejects)


def preview_frame(document: Document, records: Sequence[Record]) -> pd.DataFrame:
    """Records not yet stored, shaped like ``query_records`` output (for previews)."""
    from indicators.store.ingesting import record_rows

    frame = record_rows(records)
    frame["date"] = [r.date or document.date for r in records]
    frame["n_sources"] = 1
    frame["conflict"] = False
    frame["reviewed"] = False
    frame["review"] = None
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
          date: dt.date | None = None, jobs: int = 1) -> IngestReport:
    """Extract ``paths`` (default: the seeds and the bundled corpus) again into the store.

    One transaction: documents whose text is stored get their records re-extracted (the
    rules may have changed), the others are added or replace their earlier versions. Other
    documents and every review stay; on any error nothing changes.
    """
    files = [Path(p) for p in paths] if paths else seed_paths()
    if not files:
        raise StoreError(f"no files to build from (looked in {SEEDS_DIR.name}/)")
    batch = read_documents(files, date, jobs=jobs)
    target = db_path(path)
    if isinstance(target, Path):
        _remove_leftovers(target)
    return ingest(batch, target, by="build", reextract=True)


def ensure_built(path: str | os.PathLike | None = None) -> IngestReport | None:
    """Build from the seeds only when there is no store or it holds no document; None
    when it was there. A store with documents (even without records) is never replaced,
    and an unreadable one raises StoreError instead of being overwritten."""
    if count_documents(path) > 0:
        return None
    return build(path=path)


def _remove_leftovers(target: Path) -> None:
    """Temporary files an earlier version's killed ``build`` left beside the store."""
    for f in target.parent.glob(f".{target.name}.*.building*"):
        f.unlink(missing_ok=True)


def json_dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
