"""Pages added in the app: extract, show what was inferred, let the user correct it.

An upload is extracted once on its own; the preview shows the publication date and home
region the engine inferred and where from (``Extraction.date_evidence`` /
``home_evidence``). When the user corrects either, the page is extracted again with the
corrected values given to the extractor, so years (今年, 去年) and regions (我市) are read
from them. A page whose date could be inferred from nothing needs one before it is added.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from indicators.records.model import Record
from indicators.store.db import Document

_UNSAFE_NAME = re.compile(r"[\\/:*?\"<>|\s\x00-\x1f\x7f]+")


def doc_name(file_name: str, fallback: str = "paste") -> str:
    """A store name from an uploaded file's name: its stem, without path parts or characters
    that mean something to a file system or a shell.

    >>> doc_name("../../etc/长沙 公报.txt"), doc_name("[x](http://e)"), doc_name("  ")
    ('长沙_公报', 'e)', 'paste')
    """
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", file_name.replace("\\", "/").split("/")[-1])
    return _UNSAFE_NAME.sub("_", stem).strip("_.") or fallback


@dataclass
class Pending:
    """One page waiting for confirmation: its text, what the engine inferred, what the user
    set, and the records of the latest extraction."""

    name: str  # the file name as uploaded (shown as text, never as Markdown)
    doc: str
    text: str
    origin: str
    date: dt.date | None = None  # the date used (inferred or given)
    date_evidence: str | None = None
    region: str | None = None
    region_evidence: str | None = None
    given_date: dt.date | None = None  # what the user set; None = inferred
    given_region: str | None = None
    records: list[Record] = field(default_factory=list)
    rejects: tuple = ()  # candidates the extractor refused (stored for the Review view)
    format: str | None = None  # txt, pdf, docx, html (as read)
    title: str | None = None  # a title the file carries (HTML <title>, PDF metadata)

    @property
    def needs_date(self) -> bool:
        """True when no publication date is known: 今年 and 去年 cannot be read."""
        return self.date is None

    def document(self) -> Document:
        return Document(self.doc, self.text, self.date, self.region, self.origin,
                        title=self.title, name=self.name, format=self.format,
                        date_evidence=self.date_evidence, home_evidence=self.region_evidence,
                        rejects=tuple(self.rejects))

    @property
    def n_rejects(self) -> int:
        return len(self.rejects)


def extract_upload(name: str, text: str, origin: str, date: dt.date | None = None,
                   region: str | None = None, doc: str | None = None,
                   fmt: str | None = None, title: str | None = None) -> Pending:
    """Extract one page; ``date`` and ``region`` (set by the user) override inference."""
    from indicators.extract import extract_text

    doc = doc or doc_name(name)
    ex = extract_text(text, doc, date, region, title=title)
    return Pending(name=name, doc=doc, text=text, origin=origin,
                   date=ex.date or date, date_evidence=None if date else ex.date_evidence,
                   region=ex.home_region or region,
                   region_evidence=None if region else ex.home_evidence,
                   given_date=date, given_region=region, records=list(ex.records),
                   rejects=tuple(ex.rejects), format=fmt, title=title)


def reextract(p: Pending, date: dt.date | None, region: str | None) -> Pending:
    """The same page extracted again with the user's date and region."""
    return extract_upload(p.name, p.text, p.origin, date, region, doc=p.doc, fmt=p.format,
                          title=p.title)


def preview_records(p: Pending) -> pd.DataFrame:
    """The records of a pending page shaped like ``queries.query_records`` output, with
    how each year was decided (``evidence``)."""
    from indicators.store.db import preview_frame

    frame = preview_frame(p.document(), p.records)
    frame["evidence"] = [r.evidence for r in p.records]
    frame["doc_type"] = None
    return frame
