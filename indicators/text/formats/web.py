"""Saved web pages: the article's main text, read with trafilatura.

trafilatura finds the main text of a news page and leaves out scripts, styles, navigation,
sidebars, share buttons and footers; it also reads the page's title and publication date
from its markup. The text returned starts with the headline and, when the page gives one,
a ``发布时间：YYYY-MM-DD`` line, as the page shows them above the article: the extractor
reads both when it decides a figure's region and year. Paragraphs, headings and list items
become lines; table rows become lines of cells each ending in ``|`` (rules/tables.py).
"""
from __future__ import annotations

import codecs

import regex

from indicators.text.reading import UnreadableText, decode_bytes

_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]+)""",
                         flags=regex.I)
# GB2312 and GBK pages are read as GB18030, the superset they are usually written in
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
            "big5": "big5hkscs"}


# trafilatura spends ~0.2 ms per element: a news page has a few thousand, a long bulletin
# with tables some tens of thousands; a page of millions would hold a worker for minutes
MAX_ELEMENTS = 100_000
_OPEN_TAG = regex.compile(rb"<[A-Za-z]")


def read_html(data: bytes, name: str) -> tuple[str, str | None]:
    """The main text of a saved page (headline and date first) and its title."""
    elements = len(_OPEN_TAG.findall(data))
    if elements > MAX_ELEMENTS:
        raise UnreadableText(f"{name}: 网页元素过多，{elements:,} 个，上限 {MAX_ELEMENTS:,} 个 "
                             f"(too many HTML elements: {elements:,}, the cap is "
                             f"{MAX_ELEMENTS:,})")
    html = decode_html(data, name)
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=True, include_images=False,
            include_links=True,  # links tell navigation apart in pages set in tables
            with_metadata=True, deduplicate=False,
            # the date from the page's markup, not guessed from years in its text
            date_extraction_params={"extensive_search": False, "original_date": True})
        body = _body_lines(doc.body) if doc is not None and doc.body is not None else []
        if not body:  # too short for the main-text heuristics: all text, boilerplate removed
            body = [ln.strip() for ln in trafilatura.html2txt(html).splitlines()]
    except Exception as e:  # noqa: BLE001 - a hostile page is a bad file, never a crash
        raise UnreadableText(f"{name}: 网页无法解析 (unreadable HTML: "
                             f"{type(e).__name__})") from None
    title = _one_line(doc.title) if doc is not None and doc.title else None
    text = "\n".join(ln for ln in body if ln).strip()
    if not text:
        raise UnreadableText(f"{name}: 网页中没有正文 (no main text in the page)")
    first, _, rest = text.partition("\n")
    if title and first != title:
        first, rest = title, text
    lines = [first]
    if doc is not None and doc.date and doc.date not in text[:300]:
        lines.append(f"发布时间：{doc.date}")
    return "\n".join(ln for ln in [*lines, rest] if ln), title


def decode_html(data: bytes, name: str) -> str:
    """A page's text in the charset its <meta> declares, else as any text file is decoded.

    >>> decode_html('<meta charset="gb2312"><p>增长5%</p>'.encode("gbk"), "a.html")
    '<meta charset="gb2312"><p>增长5%</p>'
    """
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        m = _CHARSET.search(data[:8192])
        if m:
            declared = m.group(1).decode("ascii").lower()
            try:
                return data.decode(_ALIASES.get(declared, declared))
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong or unknown declaration: detect as for text files
    return decode_bytes(data, name)


_BLOCKS = frozenset({"p", "head", "list", "table", "quote", "code"})


def _body_lines(parent) -> list[str]:
    """trafilatura's XML body as lines: one per paragraph, heading, item or table row."""
    lines = []
    if parent.tag == "cell" and (parent.text or "").strip():
        lines.append(_one_line(parent.text))
    for el in parent:
        if el.tag == "table":
            lines.extend(_table_lines(el))
        elif el.tag == "list":
            lines.extend(_text(item) for item in el.iter("item"))
        else:
            lines.append(_text(el))
    return lines


def _table_lines(table) -> list[str]:
    """A data table's rows as '…|' cells; a layout table (old sites set whole pages in
    tables, so its cells hold paragraphs) as the blocks of its cells, in order."""
    rows = [row.findall("cell") for row in table.findall("row")]
    if any(child.tag in _BLOCKS for cells in rows for cell in cells for child in cell):
        return [ln for cells in rows for cell in cells for ln in _body_lines(cell)]
    lines = []
    for cells in rows:
        texts = [_one_line(" ".join(c.itertext())) for c in cells]
        if len(cells) == 1 and texts[0]:
            if _link_share(cells[0]) <= 0.5:  # a bar of links is navigation, not text
                lines.append(texts[0])
        elif any(texts):
            lines.append(" | ".join(texts) + " |")
    return lines


def _link_share(el) -> float:
    """The share of an element's text that is link text."""
    total = len("".join("".join(el.itertext()).split()))
    links = sum(len("".join("".join(r.itertext()).split())) for r in el.iter("ref"))
    return links / total if total else 0.0


def _text(el) -> str:
    """An element's text with its <lb/> line breaks kept."""
    for lb in el.iter("lb"):
        lb.text = "\n"
    return "\n".join(_one_line(part) for part in "".join(el.itertext()).split("\n"))


def _one_line(s: str) -> str:
    return " ".join(s.split())
