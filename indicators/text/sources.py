"""Catalogues of sources: the ``SOURCES.tsv`` that often comes with a collection of documents.

One row per file describes it: its title, the region it is about, when it appeared, who issued
it and where it came from. Two spellings of the columns are read: the project's own
(``file title issuer date region url kind licence``, see data/corpus/README.md) and the
development set's (``file title region publication_year kind source``). The extractor reads a
document's title and publication year as evidence; the store keeps the rest for citations.
"""
from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import regex

CATALOGUE_NAME = "SOURCES.tsv"
_ANY_YEAR = regex.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_DATE = regex.compile(r"^\s*((?:19|20)\d{2})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?!\d)")


@dataclass(frozen=True)
class Source:
    """What a catalogue says of one file; every field but ``file`` may be missing."""

    file: str
    title: str | None = None
    issuer: str | None = None
    date: str | None = None  # as written: YYYY-MM-DD, YYYY-MM or YYYY (maybe with a note)
    region: str | None = None
    url: str | None = None
    kind: str | None = None
    licence: str | None = None

    @property
    def published(self) -> dt.date | None:
        """The publication date when the catalogue gives a full one.

        >>> Source("a.txt", date="2023-04-07").published
        datetime.date(2023, 4, 7)
        >>> Source("a.txt", date="2023 (reports 2022)").published is None
        True
        """
        m = _DATE.match(self.date or "")
        if not m or not m.group(3):
            return None
        try:
            return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None

    @property
    def year(self) -> int | None:
        """The publication year, from a full or partial date (``2023 (reports 2022)`` -> 2023),
        or the first year of a hedged one (``unknown (likely 2015, reviewing 2014)`` -> 2015):
        a catalogue's guess is still better evidence than none.

        >>> Source("a.txt", date="unknown (c. 2015-2016)").year, Source("a.txt").year
        (2015, None)
        """
        m = _DATE.match(self.date or "") or _ANY_YEAR.search(self.date or "")
        return int(m.group(1)) if m else None

    def citation(self) -> str:
        """A line an analyst can paste under a table.

        >>> Source("a.txt", "长沙市2022年国民经济和社会发展统计公报", "长沙市统计局",
        ...        "2023-04-07").citation()
        '来源：长沙市统计局《长沙市2022年国民经济和社会发展统计公报》，2023-04-07'
        """
        title = f"《{self.title}》" if self.title else self.file
        tail = f"，{self.date}" if self.date else ""
        return f"来源：{self.issuer or ''}{title}{tail}"


def _cell(row: dict, *names: str) -> str | None:
    for n in names:
        v = (row.get(n) or "").strip()
        if v:
            return v
    return None


@cache  # one read per folder, not one per file
def read_catalogue(folder: Path) -> dict[str, Source]:
    """File name (as in the ``file`` column) -> Source, from ``folder/SOURCES.tsv``.

    A missing or unreadable catalogue is no catalogue: documents are still read, only
    without what it would have said.
    """
    try:
        with open(folder / CATALOGUE_NAME, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t"))
    except (OSError, UnicodeDecodeError, csv.Error):
        return {}
    out = {}
    for row in rows:
        name = _cell(row, "file")
        if name:
            out[name] = Source(
                file=name, title=_cell(row, "title"), issuer=_cell(row, "issuer"),
                date=_cell(row, "date", "publication_year"), region=_cell(row, "region"),
                url=_cell(row, "url", "source"), kind=_cell(row, "kind"),
                licence=_cell(row, "licence", "license"))
    return out


def source_of(path: Path) -> Source | None:
    """The catalogue row of a file: from a SOURCES.tsv beside it, or one folder up (where a
    catalogue names files as ``docs/001.txt`` or just ``001.txt``)."""
    path = Path(path)
    here = read_catalogue(path.parent)
    if path.name in here:
        return here[path.name]
    up = read_catalogue(path.parent.parent)
    return up.get(f"{path.parent.name}/{path.name}") or up.get(path.name)
