"""The store's tables, one text for both databases, its version and the upgrade from version 2.

``documents`` holds each source text once, identified by the SHA-256 of its text; ``doc`` is
its key in this store (the file's stem, made unique when another document already has it).
``records`` holds what the extractor found (never edited: a review does not overwrite it);
``rejects`` the candidates the extractor refused, with reasons. ``reviews`` is the audit
trail (append-only: who, when, before, after, why); ``review_state`` is derived from it: the
latest review of each target and the record it now applies to.
"""
from __future__ import annotations

SCHEMA_VERSION = "3"
MIGRATABLE = {"2"}

RECORD_FIELDS = ["region", "indicator", "kind", "year", "period", "value", "unit",
                 "qualifier", "subject", "quote", "start", "end"]
RECORD_COLUMNS = ["doc", *RECORD_FIELDS, "rule_id", "evidence"]
DOCUMENT_COLUMNS = ["doc", "name", "sha256", "date", "home_region", "origin", "added_at",
                    "text", "title", "issuer", "url", "doc_type", "licence", "format",
                    "date_evidence", "home_evidence", "version"]
REJECT_COLUMNS = ["doc", "rule_id", "quote", "start", "end", "reason", "candidate"]
STATE_COLUMNS = ["target", "doc", "review_id", "action", "rid", "matched", "reviewer",
                 "reviewed_at", *RECORD_FIELDS]

_RECORD_COLS = """
    region TEXT NOT NULL, indicator TEXT NOT NULL, kind TEXT NOT NULL, year SMALLINT NOT NULL,
    period TEXT, value DOUBLE PRECISION NOT NULL, unit TEXT NOT NULL, qualifier TEXT NOT NULL,
    subject TEXT, quote TEXT NOT NULL, "start" INTEGER NOT NULL, "end" INTEGER NOT NULL"""

TABLES = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
CREATE SEQUENCE IF NOT EXISTS record_ids;
CREATE SEQUENCE IF NOT EXISTS review_ids;
CREATE TABLE IF NOT EXISTS documents (
    doc TEXT NOT NULL, name TEXT, sha256 TEXT NOT NULL, date DATE, home_region TEXT,
    origin TEXT, added_at TIMESTAMP NOT NULL, text TEXT NOT NULL, title TEXT, issuer TEXT,
    url TEXT, doc_type TEXT, licence TEXT, format TEXT, date_evidence TEXT,
    home_evidence TEXT, version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS document_versions (
    doc TEXT NOT NULL, version INTEGER NOT NULL, sha256 TEXT NOT NULL, origin TEXT,
    added_at TIMESTAMP, replaced_at TIMESTAMP NOT NULL, n_records INTEGER);
CREATE TABLE IF NOT EXISTS records (
    rid BIGINT NOT NULL DEFAULT nextval('record_ids'), doc TEXT NOT NULL, {_RECORD_COLS},
    rule_id TEXT NOT NULL, evidence TEXT);
CREATE TABLE IF NOT EXISTS rejects (
    doc TEXT NOT NULL, rule_id TEXT, quote TEXT, "start" INTEGER, "end" INTEGER,
    reason TEXT, candidate TEXT);
CREATE TABLE IF NOT EXISTS reviews (
    id BIGINT NOT NULL, target TEXT NOT NULL, doc TEXT NOT NULL, action TEXT NOT NULL,
    reviewer TEXT NOT NULL, reviewed_at TIMESTAMP NOT NULL, reason TEXT, before_json TEXT,
    after_json TEXT);
CREATE TABLE IF NOT EXISTS review_state (
    target TEXT NOT NULL, doc TEXT NOT NULL, review_id BIGINT NOT NULL, action TEXT NOT NULL,
    rid BIGINT, matched TEXT, reviewer TEXT, reviewed_at TIMESTAMP,
    region TEXT, indicator TEXT, kind TEXT, year SMALLINT, period TEXT,
    value DOUBLE PRECISION, unit TEXT, qualifier TEXT, subject TEXT, quote TEXT,
    "start" INTEGER, "end" INTEGER);
"""
# DuckDB: no key constraints on the big tables (its ART indexes slow bulk loads and refuse
# delete-then-reinsert of a key within one transaction); writers are serialized by a file
# lock and keep the invariants. PostgreSQL: the same invariants are also enforced by the
# database, since many processes write through it.
POSTGRES_INDEXES = """
CREATE UNIQUE INDEX IF NOT EXISTS documents_doc ON documents (doc);
CREATE UNIQUE INDEX IF NOT EXISTS documents_sha ON documents (sha256);
CREATE UNIQUE INDEX IF NOT EXISTS records_rid ON records (rid);
CREATE INDEX IF NOT EXISTS records_doc ON records (doc);
CREATE INDEX IF NOT EXISTS records_filter ON records (indicator, region, year);
CREATE INDEX IF NOT EXISTS rejects_doc ON rejects (doc);
CREATE INDEX IF NOT EXISTS reviews_target ON reviews (target, id);
CREATE UNIQUE INDEX IF NOT EXISTS review_state_target ON review_state (target);
"""

def statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def migrate_v2(con) -> None:
    """Upgrade a version-2 store in the open write transaction: documents gain name and
    version columns (a second copy of the same text is dropped: content is identity now),
    records gain ids and an empty evidence."""
    con.execute("ALTER TABLE documents RENAME TO documents_v2")
    con.execute("ALTER TABLE records RENAME TO records_v2")
    for s in statements(TABLES):
        con.execute(s)
    old = ["doc", "date", "home_region", "origin", "sha256", "added_at", "text", "title",
           "issuer", "url", "doc_type", "licence"]
    cols = ", ".join(old)
    con.execute(f"""
        INSERT INTO documents ({cols}, name, version)
        SELECT {cols}, doc, 1 FROM (
            SELECT *, row_number() OVER (PARTITION BY sha256 ORDER BY added_at, doc) AS n
            FROM documents_v2) d WHERE n = 1""")
    rec = ", ".join(f'"{c}"' for c in ["doc", *RECORD_FIELDS, "rule_id"])
    con.execute(f"INSERT INTO records ({rec}) SELECT {rec} FROM records_v2 "
                "WHERE doc IN (SELECT doc FROM documents)")
    con.execute("DROP TABLE records_v2")
    con.execute("DROP TABLE documents_v2")
