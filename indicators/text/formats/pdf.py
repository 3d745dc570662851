"""PDF: the text layer, page by page, read with PDFium (pypdfium2).

PDFium is the PDF engine of Chrome: it reads the CJK fonts and encodings of documents made
with Word, WPS and browsers correctly, is fuzzed continuously, and is 20–30 times faster than
the pure-Python readers on the same pages (README, "Formats"). Pages are joined by a form
feed on a line of its own; page-number lines at a page's top or bottom are dropped so that a
sentence running over a page break stays readable.
"""
from __future__ import annotations

import threading
import unicodedata

import regex

from indicators.text.reading import UnreadableText, check_length

# PDFium must not be entered from two threads at once, and the app serves each session
# from its own thread.
_LOCK = threading.Lock()
MAX_PAGES = 5000  # a provincial yearbook runs to ~800 pages; more is not one document
PAGE_BREAK = "\n\f\n"

# Chinese fonts map some glyphs to both a radical and the character; PDF producers often
# write the radical into the text layer (⻓ for 长). Kangxi radicals fold by NFKC; the
# simplified radicals have no decomposition and are listed here.
_RADICALS = str.maketrans(dict(pair for pair in (
    "⺠民 ⻄西 ⻅见 ⻆角 ⻉贝 ⻋车 ⻓长 ⻔门 ⻘青 ⻚页 ⻛风 ⻜飞 "
    "⻢马 ⻣骨 ⻤鬼 ⻥鱼 ⻦鸟 ⻧卤 ⻨麦 ⻩黄 ⻬齐 ⻮齿 ⻰龙").split()))
_KANGXI = regex.compile(r"[\u2f00-\u2fd5\u2e9f\u2ef3]")
# controls PDFium passes through (soft hyphens as \x02, unmapped glyphs as \ufffe)
_JUNK = regex.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")
_PAGE_NUMBER = regex.compile(r"^\s*(?:[-—–－]\s*\d{1,4}\s*[-—–－]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*"
                             r"共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*$")


def read_pdf(data: bytes, name: str) -> tuple[str, str | None]:
    """The text layer of a PDF and its metadata title; clear refusals for what has none."""
    if b"%%EOF" not in data[-1024:]:
        # Acrobat's own rule: a PDF ends with %%EOF in its last 1024 bytes. PDFium would
        # rebuild a cut file and return the pages it found, silently losing the rest.
        raise UnreadableText(f"{name}: PDF 文件不完整，可能在下载或复制时中断 (truncated PDF: no "
                             "end-of-file marker); 请重新获取文件 (get the file again)")
    import pypdfium2 as pdfium

    with _LOCK:
        try:
            doc = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as e:
            if e.err_code == pdfium.raw.FPDF_ERR_PASSWORD:
                raise UnreadableText(f"{name}: PDF 受密码保护 (password-protected PDF); "
                                     "请去掉密码后再导入 (remove the password first)") from None
            raise UnreadableText(f"{name}: PDF 文件已损坏，无法打开 (corrupt PDF: {e})") from None
        try:
            return _pages_text(doc, name), _title(doc)
        finally:
            doc.close()


def _pages_text(doc, name: str) -> str:
    n = len(doc)
    if n == 0:
        raise UnreadableText(f"{name}: PDF 没有页面 (the PDF has no pages)")
    if n > MAX_PAGES:
        raise UnreadableText(f"{name}: PDF 页数过多，{n:,} 页，上限 {MAX_PAGES:,} 页 (too many "
                             f"pages: {n:,}, the cap is {MAX_PAGES:,}); 请分成几份 (split it)")
    pages, total = [], 0
    for i in range(n):
        page = doc[i]
        try:
            textpage = page.get_textpage()
            raw = textpage.get_text_bounded()
            textpage.close()
        finally:
            page.close()
        pages.append(clean_page(raw, i + 1))
        total += len(pages[-1]) + len(PAGE_BREAK)
        check_length(total, name)  # stop at the cap, not after reading a thousand more pages
    if not any(p.strip() for p in pages):
        raise UnreadableText(_no_text_message(doc, name))
    return PAGE_BREAK.join(pages).strip("\n\f")


def clean_page(raw: str, number: int) -> str:
    """One page's text: lines ending in \\n, no controls, radicals folded, page numbers off.

    >>> clean_page("- 3 -\\r\\n地区生产总值增⻓5.5%\\r\\n第3页 共9页", 3)
    '地区生产总值增长5.5%'
    """
    text = _JUNK.sub("", raw.replace("\r\n", "\n").replace("\r", "\n"))
    text = _KANGXI.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    lines = [ln.rstrip() for ln in text.translate(_RADICALS).split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    for end in (0, -1):  # a page number at the top, then at the bottom
        if lines and _is_page_number(lines[end], number):
            lines.pop(end)
    return "\n".join(lines)


def _is_page_number(line: str, number: int) -> bool:
    m = _PAGE_NUMBER.match(line)
    if not m:
        return False
    bare = line.strip()
    # a lone number is taken for a page number only when it is this page's own: a table
    # cell dropped at a page break would shift every row after it
    return not bare.isdigit() or int(bare) == number


def _no_text_message(doc, name: str) -> str:
    import pypdfium2.raw as pdfium_c

    images = 0
    for i in range(min(len(doc), 20)):
        page = doc[i]
        try:
            images += sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
        finally:
            page.close()
        if images:
            break
    what = "扫描版 PDF，没有文字层" if images else "PDF 中没有可提取的文字"
    why = "scanned PDF without a text layer" if images else "no text layer in the PDF"
    return (f"{name}: {what}，需要先做文字识别 (OCR) 再导入 ({why}: it needs OCR "
            "first)")


def _title(doc) -> str | None:
    """The Title of the document information, without what Office adds to it."""
    try:
        title = doc.get_metadata_value("Title")
    except Exception:  # noqa: BLE001 - a broken info dictionary is no title, not no document
        return None
    title = regex.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", title.strip())
    title = regex.sub(r"\.(?:docx?|wps|pptx?|xlsx?)$", "", title, flags=regex.I).strip()
    return title or None
