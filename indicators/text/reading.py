"""Reading files and uploads into text, refusing what is not text.

``read_document`` (a path) and ``read_bytes`` (an upload) are the one reading path of the
command line and the app: they return a ``SourceText`` whose ``text`` is what offsets and
quotes refer to, and whose ``sha256`` (of that text) identifies the document.
"""
from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

# Encodings our sources really come in; detection is asked to choose among these first
# because on short Chinese pages an unconstrained detector drifts to Big5 or cp1252.
_PREFERRED = ("utf_8", "gb18030", "utf_16", "big5")


class UnreadableText(ValueError):
    """A file or upload that is not readable text; the message names it."""


@dataclass(frozen=True)
class SourceText:
    """A document's text as read, with what identifies and describes it."""

    name: str  # the file name as given (an upload's name, or a path's name)
    text: str  # the text that quotes and offsets refer to
    format: str  # "txt" (more formats: see SUPPORTED)
    title: str | None = None  # a title the file itself carries (HTML <title>, PDF metadata)

    @property
    def sha256(self) -> str:
        """Content identity: the same text under another name or encoding is one document."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


# file suffix -> format; the suffixes the command line picks up in folders
SUPPORTED = {".txt": "txt", ".text": "txt", ".md": "txt"}


def read_bytes(data: bytes, name: str) -> SourceText:
    """An upload (or a file's bytes) as a SourceText; UnreadableText names it if it cannot be.

    >>> read_bytes("地区生产总值增长6%".encode("gb18030"), "a.txt").text
    '地区生产总值增长6%'
    """
    suffix = Path(name).suffix.lower()
    fmt = SUPPORTED.get(suffix, "txt")
    return SourceText(name=name, text=decode_bytes(data, name), format=fmt)


def read_document(path: str | Path) -> SourceText:
    """A file on disk as a SourceText; UnreadableText names the file if it cannot be read."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise UnreadableText(f"{p}: 无法读取 ({e.strerror or e})") from e
    st = read_bytes(data, str(p))
    return SourceText(name=p.name, text=st.text, format=st.format, title=st.title)


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
            return _checked(data.decode(enc, errors="strict"), name)
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
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


def read_text(path: str | Path) -> str:
    """Read a text file, detecting its encoding; raise UnreadableText with the file named."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as e:
        raise UnreadableText(f"{p}: 无法读取 ({e.strerror or e})") from e
    return decode_bytes(data, str(p))


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
