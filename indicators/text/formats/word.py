"""Word .docx: paragraphs and tables in document order, read with python-docx.

A .docx is a ZIP archive, and python-docx inflates every part of it into memory; so the
archive's own account of itself (how many parts, how large unpacked, how strongly packed) is
checked first, and a ZIP bomb is refused before anything is inflated. The declared sizes can
be trusted: Python's zipfile never inflates a part beyond the size it declares.

Each paragraph becomes a line; each table row becomes a line of cells each ending in ``|``,
the flattened-table form the extractor reads (indicators/rules/tables.py).
"""
from __future__ import annotations

import io
import zipfile

from indicators.text.reading import UnreadableText

_MB = 1 << 20
MAX_PARTS = 10_000  # a long report with pictures has a few hundred
MAX_UNPACKED = 256 * _MB  # all parts together, pictures included
# Apache POI's rule for Office files: a part over 1 MB that inflates more than 100 times is a
# bomb (text XML packs 5-20 times, a table of repeated cells perhaps 50).
MAX_RATIO = 100
_RATIO_FROM = _MB


def read_docx(data: bytes, name: str) -> tuple[str, str | None]:
    """The text of a Word document and its core-properties title."""
    check_archive(data, name)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_lines(document))
        title = (document.core_properties.title or "").strip()
    except Exception as e:  # noqa: BLE001 - any failure inside a hostile file is a bad file
        raise UnreadableText(f"{name}: Word 文档已损坏，无法读取 (corrupt DOCX: "
                             f"{type(e).__name__}: {_short(e)})") from None
    text = "\n".join(lines).strip("\n")
    if not text.strip():
        raise UnreadableText(f"{name}: Word 文档中没有文字 (no text in the document)")
    return text, title or None


def check_archive(data: bytes, name: str) -> None:
    """Refuse what is not a Word archive, or would inflate beyond reason, before reading it."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as e:
        raise UnreadableText(f"{name}: Word 文档已损坏或不完整 (corrupt or truncated DOCX: "
                             f"{_short(e)})") from None
    if len(infos) > MAX_PARTS:
        raise UnreadableText(f"{name}: 压缩包内文件过多，{len(infos):,} 个，疑为恶意文件 "
                             f"(too many parts in the archive: {len(infos):,}, the cap is "
                             f"{MAX_PARTS:,})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED:
        raise UnreadableText(f"{name}: 解压后过大，{total / _MB:,.0f} MB，上限 "
                             f"{MAX_UNPACKED / _MB:,.0f} MB，疑为压缩炸弹 (ZIP bomb: "
                             f"{total / _MB:,.0f} MB unpacked, the cap is "
                             f"{MAX_UNPACKED / _MB:,.0f} MB)")
    for i in infos:
        if i.file_size > _RATIO_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise UnreadableText(f"{name}: {i.filename} 压缩比异常 "
                                 f"({i.file_size // max(i.compress_size, 1):,} 倍)，疑为压缩炸弹 "
                                 f"(ZIP bomb: {i.filename} inflates "
                                 f"{i.file_size // max(i.compress_size, 1):,} times)")
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or not any(n.startswith("word/") for n in names):
        raise UnreadableText(f"{name}: 不是 Word 文档 (.docx)，只是一个 ZIP 压缩包 "
                             "(not a DOCX file: a ZIP archive without a Word document)")


def _lines(document):
    """Lines of the body in order: paragraphs, then table rows as '…|' cells; blank runs
    of paragraphs collapse to one blank line."""
    from docx.table import Table

    blank = False
    for block in document.iter_inner_content():
        rows = _table_rows(block) if isinstance(block, Table) else [block.text]
        for line in rows:
            if line.strip():
                blank = False
                yield line
            elif not blank:
                blank = True
                yield ""


def _table_rows(table) -> list[str]:
    out = []
    for row in table.rows:
        cells, seen = [], []
        for cell in row.cells:
            if any(cell._tc is tc for tc in seen):  # a merged cell comes once per grid column
                continue
            seen.append(cell._tc)
            cells.append(" ".join(cell.text.split()))
        out.append(" | ".join(cells) + " |")
    return out


def _short(e: Exception) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:120]
