"""Text cleanup for OCR and PDF pages, with a map from every cleaned character back to the
original, so each record's quote is a slice of the text the user gave us.

In: raw page text. Out: Normalized (simplified script, half-width ASCII, OCR/PDF spaces and
wrapped lines removed, pinyin glosses, footnote calls and page numbers removed) and its map.
"""
from __future__ import annotations

import bisect
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

import regex

# Full-width ASCII (FF01-FF5E) and the ideographic space map one-to-one to ASCII,
# so this step keeps offsets.
_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_WIDTH.update({0x3000: 0x20, 0xA0: 0x20, 0xFE6A: 0x25, 0x2236: 0x3A, 0x2014: 0x2014})

# Characters that exist only in traditional script and are frequent in economic texts:
# their presence is the cheap test for running the converter over a page. (The standard
# library's re scans a plain character class several times faster than regex does.)
_TRAD_ONLY = re.compile(r"[國產業區長經濟發億萬總額與費務實現達進開設們當時會個來對還這營較統計劃縣稅資]")

_COMMON_WIDE = "，：；（）！？"  # nearly every page has these: str.replace is fastest for them
_OTHER_WIDE = re.compile(r"[\uff01-\uff5e\u3000\u00a0\ufe6a\u2236]")
_WS_CHARS = r"[ \t\r\n\f\v\u3000\u00a0\u2002-\u200b\ufeff]"
_TERMINAL = frozenset("。！？!?；;：:…”\"」』)）|")
_BULLETS = frozenset("#—•·●■◆◇□○") | {chr(c) for c in range(0x2460, 0x2474)}
# a numbered heading ends its line even without punctuation: 二、“十三五”时期发展成就…
_HEADING = regex.compile(r"[ \t]*(?:#+|[一二三四五六七八九十]+[、.]|[(（][一二三四五六七八九十]+[)）]"
                         r"|第[一二三四五六七八九十]+[章节部分篇])")
_HEADING_MAX = 50  # a longer numbered line is body text that begins with its own heading
_BLANK_LINE = re.compile(r"\n[ \t\u3000\r]*\n")  # an empty line, not a page marker's
_SHORT_LINE = 16  # headlines and table cells are short; wrapped body lines are not
# a document's title ends its line too: 邵阳市2020年国民经济和社会发展统计公报
_TITLE_END = regex.compile(r"(?:统计公报|工作报告|规划纲要|规划|的建议|公报)[ \t]*$")

# Marks that PDF, OCR and web text put inside sentences and that are no part of them. Each is
# removed with the whitespace around it (the offset map skips it), only where its shape is
# unmistakable. Every pattern starts with the character it is about (a lookbehind after it
# checks what stands before), so the regex engine skips ahead to candidates: a page pays a few
# fast scans, and nothing more when it holds no marker.
_HAN = r"[\u4e00-\u9fff]"
_TONES = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN = rf"[a-zA-Z{_TONES}ü]+"
_CIRCLED = "\u2460-\u2473\u2776-\u2793"  # ①…⑳, ❶…❿, ➀…➓
_SUPER = "\u00b9\u00b2\u00b3\u2070\u2074-\u2079"  # ¹²³⁰⁴…⁹
MARKERS: dict[str, str] = {
    # a pinyin gloss after a word: 增長(zhǎng)3%, 规模(guī mó)以上. A tone mark is required,
    # so (GDP), (R&D) and (PMI) stay.
    "gloss": rf"\((?<={_HAN}[ \t]*\()[ \t]*(?=[^()\n]*[{_TONES}])"
             rf"{_PINYIN}(?:[ \t'’]+{_PINYIN})*[ \t]*\)",
    # footnote calls: 生产总值[2]572.6亿元, [注1], (注1), 总值注1为…; 注1572.6 stays (which
    # digits are the note's cannot be told; quantities.py reads no number after 注)
    "note": rf"\[注?\d{{1,2}}\]|\(注\d{{1,2}}\)|注(?<=(?:{_HAN}|%)注)\d{{1,2}}(?![\d.])",
    # 总值①572.6亿元, 增长4.4%②; a circled number after punctuation or at a line start is a
    # list bullet and stays
    "circled": rf"注?[{_CIRCLED}](?<=(?:{_HAN}|[\d%])注?[{_CIRCLED}])",
    # superscripts after a word or a percent sign; not after m/km (m², km²) or digits (10⁸)
    "super": rf"[{_SUPER}]{{1,2}}(?<=(?:{_HAN}|[%)\]])[{_SUPER}]{{1,2}})",
    # page numbers: GB/T 9704 puts "— 3 —" under each page of an official document, and
    # PDF text leaves it inside the sentence the page break cut (对经济-2-增长) or on a line
    # of its own; 第3页, 第3页 共12页
    "page": rf"[-—–](?<={_HAN}[-—–])[ ]?\d{{1,3}}[ ]?[-—–](?={_HAN})"
            r"|\n[ \t]*[-—–][ \t]*\d{1,3}[ \t]*[-—–][ \t]*(?=\r?\n|\Z)"
            r"|第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?",
}
_WS = re.compile(_WS_CHARS + "+")
_RARE = re.compile(f"[{_TONES}{_CIRCLED}{_SUPER}]")  # the first three kinds need one of these
_COMMON_MARKS = regex.compile("|".join(MARKERS[k] for k in ("note", "page")))
_ALL_MARKS = regex.compile("|".join(MARKERS.values()))


def marker_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the markers normalize() removes, in order.

    >>> t = "生产总值[2]572.6亿元,增長(zhǎng)4.4%"
    >>> [t[a:b] for a, b in marker_spans(t)]
    ['[2]', '(zhǎng)']
    """
    rx = _ALL_MARKS if _RARE.search(text) else _COMMON_MARKS
    return [m.span() for m in rx.finditer(text)]


def _runs(text: str) -> Iterator[tuple[int, int]]:
    """Maximal runs of whitespace and markers, as (start, end) in text."""
    marks = marker_spans(text)
    if not marks:
        yield from (m.span() for m in _WS.finditer(text))
        return
    a = b = -1
    for s, e in heapq.merge((m.span() for m in _WS.finditer(text)), marks):
        if s > b:  # a gap: the run so far is complete
            if b > a:
                yield a, b
            a = s
        b = max(b, e)
    if b > a:
        yield a, b


@dataclass(frozen=True)
class Normalized:
    """Cleaned text plus a map from each of its characters to an offset in the original.

    The map is stored as segments (cleaned start, original start) within which positions
    move together: one entry per removed or replaced run (whitespace, a gloss, a footnote call,
    a page number), not per character.
    """

    text: str
    seg_starts: list[int]  # cleaned offsets where a segment begins (ascending, first 0)
    seg_origs: list[int]  # the original offset of each segment's first character
    raw_len: int

    def to_original(self, i: int) -> int:
        """Original offset of cleaned character i (len(text) maps to len(original))."""
        if i >= len(self.text):
            return self.raw_len
        k = bisect.bisect_right(self.seg_starts, i) - 1
        return self.seg_origs[k] + (i - self.seg_starts[k])

    @property
    def index(self) -> list[int]:
        """The full per-character map, len(text) + 1 entries (for tests and debugging)."""
        return [self.to_original(i) for i in range(len(self.text) + 1)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Half-open span in the original covering cleaned text[start:end].

        >>> n = normalize("总产 值达748亿元")
        >>> n.text
        '总产值达748亿元'
        >>> n.span(0, 3)
        (0, 4)
        """
        if end <= start:
            o = self.to_original(start)
            return o, o
        return self.to_original(start), self.to_original(end - 1) + 1


@cache
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to simplified, keeping length so offsets survive.

    >>> to_simplified("規模工業增加值增長7.1%")
    '规模工业增加值增长7.1%'
    """
    try:
        conv = _converter().convert(text)
    except UnicodeEncodeError:  # a lone surrogate: convert what can be encoded
        conv = ""
    if len(conv) == len(text):
        return conv
    # Phrase conversions that change length are rare; fall back to one character at a time.
    out = []
    for ch in text:
        try:
            c = _converter().convert(ch)
        except UnicodeEncodeError:
            c = ch
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


def to_half_width(text: str) -> str:
    """Full-width ASCII and ideographic spaces to ASCII, one character for one.

    >>> to_half_width("增长１２．５％，（预计）")
    '增长12.5%,(预计)'
    """
    for c in _COMMON_WIDE:
        text = text.replace(c, chr(_WIDTH[ord(c)]))
    return _OTHER_WIDE.sub(lambda m: chr(_WIDTH[ord(m.group())]), text)


_CN_DIGIT = "〇○零一二三四五六七八九"
_CN_YEAR = regex.compile(rf"(?<![{_CN_DIGIT}十百千万亿点])(?:一九|二[〇○零])[{_CN_DIGIT}]{{2}}(?=年)")
_CN_YEAR_LEADS = ("一九", "二〇", "二○", "二零")  # every such year starts with one of these
_DIGIT_OF = {c: str(max(0, i - 2)) for i, c in enumerate(_CN_DIGIT)}


def arabic_years(text: str) -> str:
    """Years in Chinese digits (一九八二年, 二〇〇五年, as older reports write them) in Arabic
    digits, four characters for four, so offsets survive.

    >>> arabic_years("一九八二年预计达到三亿三千五百多万吨,二〇〇五年,十九年")
    '1982年预计达到三亿三千五百多万吨,2005年,十九年'
    """
    if "年" not in text or not any(lead in text for lead in _CN_YEAR_LEADS):
        return text  # most pages: no year written in Chinese digits
    return _CN_YEAR.sub(lambda m: "".join(_DIGIT_OF[c] for c in m.group()), text)


def normalize(raw: str) -> Normalized:
    """Clean a page: simplified script, half-width digits, OCR/PDF spaces and wraps removed.

    >>> normalize("增长 6.0% 左右").text
    '增长6.0%左右'
    >>> normalize("１２．５％").text
    '12.5%'
    >>> normalize("这是一行很长的正文内容被排版换行切断了年均增长2\\n0.6%，").text
    '这是一行很长的正文内容被排版换行切断了年均增长20.6%,'
    >>> normalize("短标题\\n\\n正文。").text
    '短标题\\n正文。'
    >>> normalize("邵阳市2020年国民经济和社会发展统计公报\\n全社会用电量103.1亿千瓦时").text
    '邵阳市2020年国民经济和社会发展统计公报\\n全社会用电量103.1亿千瓦时'
    >>> normalize("200亿板块:4县,醴陵千亿县再成悬念\\n\\n一季度GDP达200亿级别。").text
    '200亿板块:4县,醴陵千亿县再成悬念\\n一季度GDP达200亿级别。'
    """
    text = arabic_years(to_half_width(raw))
    # One traditional-only character is enough: t2s leaves simplified text as it is.
    if _TRAD_ONLY.search(text):
        text = to_simplified(text)
    pieces: list[str] = []
    seg_starts: list[int] = [0]
    seg_origs: list[int] = [0]
    out_len = 0  # length of the cleaned text so far
    pos = 0
    line_start = 0  # start (in original) of the current line, to measure its length
    for a, b in _runs(text):
        prev = text[a - 1] if a else "\n"  # runs are maximal: text[a - 1] was kept
        nxt = text[b] if b < len(text) else "\n"
        ws = text[a:b]
        keep = None
        if "\n" in ws or "\r" in ws:
            # a blank line ends a paragraph (a heading above one: 200亿板块:4县,…), unless a
            # number runs on across it (a page break: 地区生产总值2\n\n53231亿元)
            blank = _BLANK_LINE.search(ws) is not None and not (prev.isdigit() or nxt.isdigit())
            if (blank or prev in _TERMINAL or a - line_start < _SHORT_LINE or nxt in _BULLETS
                    or a - line_start <= _HEADING_MAX and (
                        _HEADING.match(text, line_start, a) or _TITLE_END.search(text, line_start, a))
                    and "。" not in text[line_start:a]):
                keep = "\n"
            line_start = b
        elif prev.isascii() and prev.isalnum() and nxt.isascii() and nxt.isalnum():
            keep = " "
        if keep == ws:
            continue  # a line break or space kept as it is: text and offsets go on unchanged
        pieces.append(text[pos:a])
        out_len += a - pos
        if keep is not None:  # the run becomes one character standing for its start
            pieces.append(keep)
            seg_starts.append(out_len)
            seg_origs.append(a)
            out_len += 1
        seg_starts.append(out_len)  # what follows the run starts a new segment
        seg_origs.append(b)
        pos = b
    pieces.append(text[pos:])
    return Normalized("".join(pieces), seg_starts, seg_origs, len(raw))
