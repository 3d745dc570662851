"""Reading files and uploads into text, refusing what is not text.

``read_document`` (a path) and ``read_bytes`` (an upload) are the one reading path of the
command line and the app: they return a ``SourceText`` whose ``text`` is what offsets and
quotes refer to, and whose ``sha256`` (of that text) identifies the document.

Plain text is decoded here (UTF-8, UTF-16, GB18030/GBK, Big5); PDF, Word and web pages are
read by the modules of ``indicators.text.formats``. Every refusal is an ``UnreadableText``
whose message names the file, in Chinese and then in English.
"""
from __future__ import annotations

import codecs
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from indicators.extract import MAX_PAGE_CHARS

# Encodings our sources really come in; detection is asked to choose among these first
# because on short Chinese pages an unconstrained detector drifts to Big5 or cp1252.
_PREFERRED = ("utf_8", "gb18030", "utf_16", "big5")

_MB = 1 << 20
# What a file may weigh before it is read. Text: no encoding spends more than 4 bytes on a
# character, so a bigger text file can never be a page under MAX_PAGE_CHARS. Web pages: the
# size trafilatura itself accepts. Word files and PDFs carry pictures and fonts besides text.
MAX_BYTES = {"txt": 4 * MAX_PAGE_CHARS, "html": 20 * _MB, "docx": 50 * _MB, "pdf": 100 * _MB}


class UnreadableText(ValueError):
    """A file or upload that is not readable text; the message names it."""


class FileTooLarge(UnreadableText):
    """A file above its format's size cap, or whose text is above MAX_PAGE_CHARS."""


@dataclass(frozen=True)
class SourceText:
    """A document's text as read, with what identifies and describes it."""

    name: str  # the file name as given (an upload's name, or a path's name)
    text: str  # the text that quotes and offsets refer to
    format: str  # "txt", "pdf", "docx" or "html" (the values of SUPPORTED)
    title: str | None = None  # a title the file itself carries (HTML <title>, PDF metadata)

    @property
    def sha256(self) -> str:
        """Content identity: the same text under another name or encoding is one document."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


# file suffix -> format; the suffixes the command line picks up in folders
SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "txt", ".pdf": "pdf", ".docx": "docx",
             ".html": "html", ".htm": "html", ".shtml": "html", ".xhtml": "html"}

# Files people will try that we do not read, told apart by their first bytes.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc/.xls/.ppt, and password-protected .docx
_IMAGES = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_HTML_START = (b"<!doctype html", b"<html", b"<?xml")


def read_bytes(data: bytes, name: str) -> SourceText:
    """An upload (or a file's bytes) as a SourceText; UnreadableText names it if it cannot be.

    >>> read_bytes("地区生产总值增长6%".encode("gb18030"), "a.txt").text
    '地区生产总值增长6%'
    >>> try:  # the bytes decide what a file is, not its name
    ...     read_bytes(b"%PDF-1.7 and then nothing", "report.txt")
    ... except UnreadableText as e:
    ...     print(str(e).split(" (")[0])
    report.txt: PDF 文件不完整，可能在下载或复制时中断
    """
    fmt = sniff_format(data, name)
    check_size(len(data), fmt, name)
    if fmt == "pdf":
        from indicators.text.formats.pdf import read_pdf as reader
    elif fmt == "docx":
        from indicators.text.formats.word import read_docx as reader
    elif fmt == "html":
        from indicators.text.formats.web import read_html as reader
    else:
        def reader(data: bytes, name: str) -> tuple[str, str | None]:
            return decode_bytes(data, name), None
    text, title = reader(data, name)
    check_length(len(text), name)
    return SourceText(name=name, text=text, format=fmt, title=title or None)


def read_document(path: str | os.PathLike) -> SourceText:
    """A file on disk as a SourceText; UnreadableText names the file if it cannot be read.

    The file's size is checked before anything is read, so a huge file costs nothing.
    """
    p = Path(path)
    data = _read_capped(p, format_of(p.name))
    st = read_bytes(data, str(p))
    return SourceText(name=p.name, text=st.text, format=st.format, title=st.title)


def read_text(path: str | os.PathLike) -> str:
    """The text of a file of any supported format (see read_document)."""
    return read_document(path).text


def format_of(name: str) -> str:
    """The format a file name promises ("txt" for names without a known suffix).

    >>> format_of("报告.PDF"), format_of("page.htm"), format_of("notes")
    ('pdf', 'html', 'txt')
    """
    return SUPPORTED.get(Path(name).suffix.lower(), "txt")


def sniff_format(data: bytes, name: str) -> str:
    """The format of the bytes, which may overrule the name; refuses what no reader reads."""
    suffix = Path(name).suffix.lower()
    fmt = format_of(name)
    head = data[:1024]
    if not data.strip():
        raise UnreadableText(f"{name}: 文件为空 (empty file)")
    if head.lstrip().startswith(b"%PDF-") or (fmt == "pdf" and b"%PDF-" in head):
        return "pdf"  # readers tolerate junk before the header; so do we, when named .pdf
    if head.startswith(b"PK\x03\x04"):
        return "docx"  # the Word reader says so if the archive is no Word document
    if head.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise UnreadableText(f"{name}: Word 文档受密码保护 (password-protected document); "
                                 "请去掉密码后再导入 (remove the password first)")
        raise UnreadableText(f"{name}: 旧版 Office 文件 (.doc/.xls/.ppt)，请另存为 .docx 或 PDF "
                             "(legacy Office file: save it as .docx or PDF first)")
    if head.startswith(b"{\\rtf"):
        raise UnreadableText(f"{name}: RTF 文件，请另存为 .docx 或 PDF "
                             "(RTF file: save it as .docx or PDF first)")
    if head.startswith(_IMAGES):
        raise UnreadableText(f"{name}: 是图片，不是文本，需要先做文字识别 (OCR) "
                             "(an image, not text: it needs OCR first)")
    if fmt == "pdf":
        raise UnreadableText(f"{name}: 不是 PDF 文件 (not a PDF file: no PDF header)")
    if fmt == "docx":
        raise UnreadableText(f"{name}: 不是 Word 文档 (.docx) (not a DOCX file: not a ZIP "
                             "archive)")
    if suffix not in SUPPORTED and head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(
            _HTML_START):
        return "html"  # a saved page without its suffix
    return fmt


def check_size(size: int, fmt: str, name: str) -> None:
    """Refuse a file above its format's cap, saying how large it is and what the cap is."""
    cap = MAX_BYTES[fmt]
    if size > cap:
        raise FileTooLarge(f"{name}: 文件过大，{size / _MB:,.1f} MB，{fmt.upper()} 文件上限 "
                           f"{cap / _MB:,.0f} MB (file too large: {size / _MB:,.1f} MB, the cap "
                           f"for {fmt.upper()} files is {cap / _MB:,.0f} MB); "
                           "请分成几份 (split it into parts)")


def check_length(chars: int, name: str) -> None:
    """Refuse a text the extractor would refuse (MAX_PAGE_CHARS), before anyone keeps it."""
    if chars > MAX_PAGE_CHARS:
        raise FileTooLarge(f"{name}: 文字过长，超过 {MAX_PAGE_CHARS:,} 字符 (text too long: more "
                           f"than {MAX_PAGE_CHARS:,} characters); 请分成几份 (split it into parts)")


def _read_capped(p: Path, fmt: str) -> bytes:
    """A regular file's bytes, refused by its size before reading (and if it grows while read)."""
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):
            kind = ("文件夹 (a folder)" if stat.S_ISDIR(st.st_mode)
                    else "特殊文件 (a device or pipe)")
            raise UnreadableText(f"{p}: 不是普通文件，是{kind} (not a regular file)")
        check_size(st.st_size, fmt, str(p))
        with open(p, "rb") as f:
            data = f.read(MAX_BYTES[fmt] + 1)
    except OSError as e:
        raise UnreadableText(f"{p}: 无法读取 ({e.strerror or e})") from e
    check_size(len(data), fmt, str(p))
    return data


def decode_bytes(data: bytes, name: str) -> str:
    """Decode bytes as text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK, Big5.

    >>> decode_bytes("增长5.5%".encode("gbk"), "a.txt")
    '增长5.5%'
    >>> decode_bytes(codecs.BOM_UTF8 + "总产值".encode(), "b.txt")
    '总产值'
    >>> decode_bytes(b"", "c.txt")
    Traceback (most recent call last):
    ...
    indicators.text.reading.UnreadableText: c.txt: 文件为空 (empty file)
    """
    if not data.strip():
        raise UnreadableText(f"{name}: 文件为空 (empty file)")
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc, errors="strict"), name)
            except UnicodeDecodeError as e:
                raise _damaged(name, enc, e.start) from None
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError as e:
        if _mostly_utf8(data):
            raise _damaged(name, "UTF-8", e.start) from None
    utf16 = _utf16_order(data)
    if utf16:
        try:
            return _checked(data.decode(utf16), name)
        except UnicodeDecodeError:
            pass
    if len(data) % 2 == 0:
        # BOM-less UTF-16 of a mostly Chinese page has no NUL bytes to give it away
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _mostly_cjk_or_ascii(text, 0.9):
                return _checked(text, name)
    if _looks_binary(data):
        raise UnreadableText(f"{name}: 不是文本文件 (binary content, not text)")
    for enc in ("gb18030",):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _mostly_cjk_or_ascii(text):
            return _checked(text, name)
    best = from_bytes(data, cp_isolation=list(_PREFERRED)).best() or from_bytes(data).best()
    if best is None:
        raise UnreadableText(f"{name}: 无法识别文本编码 (unknown text encoding)")
    return _checked(str(best), name)


def _damaged(name: str, encoding: str, offset: int) -> UnreadableText:
    enc = encoding.upper().replace("_", "-").removesuffix("-SIG")
    return UnreadableText(f"{name}: 第 {offset:,} 字节处不是有效的 {enc} 编码，文件可能已损坏或"
                          f"混用了编码 (invalid {enc} at byte {offset:,}: the file is damaged or "
                          "mixes encodings)")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few broken bytes (a cut or a stray byte), not another encoding.

    Text in GBK or Big5 read as UTF-8 breaks at nearly every Chinese character; damaged
    UTF-8 decodes cleanly almost everywhere.
    """
    text = data[:1 << 20].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(not c.isascii() for c in text) - bad
    return good >= 8 and bad * 20 <= good


def _checked(text: str, name: str) -> str:
    if not text.strip("\ufeff \t\r\n\u3000"):
        raise UnreadableText(f"{name}: 文件为空 (empty file)")
    if "\x00" in text or sum(c < " " and c not in "\t\r\n\f" for c in text[:4096]) > 8:
        raise UnreadableText(f"{name}: 不是文本文件 (binary content, not text)")
    return text


def _utf16_order(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs fall on one byte parity, as in BOM-less UTF-16."""
    head = data[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > len(head) // 8 and even <= odd // 10:
        return "utf-16-le"
    if even > len(head) // 8 and odd <= even // 10:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    return b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20


def _mostly_cjk_or_ascii(text: str, share: float = 0.95) -> bool:
    sample = text[:4096]
    good = sum(c.isascii() and (c.isprintable() or c in "\r\n\t")
               or "\u4e00" <= c <= "\u9fff" or "\u3000" <= c <= "\u303f"
               or "\uff00" <= c <= "\uffef" or c in "“”‘’—…·" for c in sample)
    return good >= share * len(sample)
