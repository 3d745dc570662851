"""Text cleanup and its offset map: table tests beyond the doctests in normalize.py.

Cases come from the seed and dev pages (OCR/PDF spaces, wrapped lines, a traditional-script
mirror: tests/pages/dev/017.txt) and from the notes (never damage 零部件 / 九嶷山).
"""
from __future__ import annotations

import datetime as dt

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.extract import extract_text
from indicators.text.normalize import _WIDTH, normalize, to_simplified

WRAP_HEAD = "这是一行很长的正文内容被排版换行切断了年均增长"  # longer than a headline


@pytest.mark.parametrize(("raw", "clean"), [
    # full-width digits and punctuation map one to one
    ("１２．５％", "12.5%"),
    ("ＧＤＰ增长５．５％", "GDP增长5.5%"),
    ("增长８％，达到", "增长8%,达到"),
    ("（一）主要指标：", "(一)主要指标:"),
    ("规模以上工业增加值\u3000增长８％", "规模以上工业增加值增长8%"),
    # spaces inside words (OCR, PDF text)
    ("总产 值达748亿元", "总产值达748亿元"),
    ("规 模 工 业 增加 值 增 长 8.2%", "规模工业增加值增长8.2%"),
    ("增长 6.0% 左右", "增长6.0%左右"),
    ("5 %", "5%"),
    ("5.5 亿元", "5.5亿元"),
    ("GDP 增长", "GDP增长"),
    ("增长\t6%", "增长6%"),
    ("a\u00a0b", "a b"),  # a space between ASCII words is kept (R&D expenditure, Made in)
    ("1 2 3", "1 2 3"),
    ("\ufeff地区生产总值", "地区生产总值"),
    ("地区\u200b生产总值", "地区生产总值"),
    # wrapped lines: a number cut by a line break inside a long body line is rejoined
    (WRAP_HEAD + "2\n0.6%,", WRAP_HEAD + "20.6%,"),
    (WRAP_HEAD + "2\r\n0.6%,", WRAP_HEAD + "20.6%,"),
    # ...but breaks after a sentence end, after a short line, or before a bullet stay
    ("短标题\n\n正文。", "短标题\n正文。"),
    ("第一段。\r\n第二段。", "第一段。\n第二段。"),
    (WRAP_HEAD + "。\n下一段", WRAP_HEAD + "。\n下一段"),
    (WRAP_HEAD + "\n●下一条", WRAP_HEAD + "\n●下一条"),
    # traditional to simplified
    ("國內生產總值增長5.2%，經濟總量達到", "国内生产总值增长5.2%,经济总量达到"),
    ("這是一行很長的正文內容被排版換行切斷了年均增長2\n0.6%，",
     "这是一行很长的正文内容被排版换行切断了年均增长20.6%,"),
    # words with numeral characters are never altered (notes: 零部件 -> 0部件, 九嶷山 -> 9嶷山)
    ("零部件产业", "零部件产业"),
    ("九嶷山景区", "九嶷山景区"),
    ("万千百工程", "万千百工程"),
    ("三个高地", "三个高地"),
])
def test_normalize(raw: str, clean: str) -> None:
    n = normalize(raw)
    assert n.text == clean
    assert len(n.index) == len(n.text) + 1 and n.index[-1] == len(raw)


def test_to_simplified_keeps_length() -> None:
    raw = "規模工業增加值增長7.1%,國內生產總值"
    out = to_simplified(raw)
    assert out == "规模工业增加值增长7.1%,国内生产总值" and len(out) == len(raw)


def test_traditional_page_is_converted() -> None:
    raw = "2022年,醴陵市地區生產總值增長5.1%,規模工業增加值增長7.1%。"
    assert normalize(raw).text == "2022年,醴陵市地区生产总值增长5.1%,规模工业增加值增长7.1%。"


# bug found by this file, fixed in 79eb5d0: fewer than 3 traditional-only characters
def test_short_traditional_sentence_is_converted() -> None:
    assert normalize("規模工業增加值增長7.1%").text == "规模工业增加值增长7.1%"


def test_simplified_text_with_shared_characters_is_untouched() -> None:
    # 干/后/发 are characters a t2s converter may rewrite in context; simplified pages keep them
    raw = "干部队伍建设后发展,乾坤"
    assert normalize(raw).text == raw


@pytest.mark.parametrize(("raw", "subject"), [
    ("零部件产业产值达120亿元,增长9%", "零部件产业产值"),
    ("九嶷山景区门票收入达到1.2亿元", "九嶷山景区门票收入"),
])
def test_extraction_keeps_numeral_words(raw: str, subject: str) -> None:
    res = extract_text(raw, doc="t", date=dt.date(2024, 6, 30), region="湖南省")
    assert res.records
    for r in res.records:
        assert raw[r.start:r.end] == r.quote
        assert r.subject == subject


# ------------------------------------------------------------------ markers inside sentences
# Pinyin glosses (primers and annotated web pages: 增長(zhǎng)), footnote calls (bulletins:
# 生产总值[2], dev 023; ①, ¹, 注1 in PDF text), page numbers of official documents (GB/T 9704:
# "— 3 —" under each page) left by PDF text inside the sentence a page break cut, or on a line
# of their own; 第3页 共12页 footers.


@pytest.mark.parametrize(("raw", "clean"), [
    ("增長(zhǎng)3%", "增长3%"),  # issue 6
    ("规模(guī mó)以上工业增加值", "规模以上工业增加值"),  # issue 6
    ("规模 (guīmó) 以上", "规模以上"),  # joined syllables, spaces around
    ("经济(jīng jì)增长（zēng zhǎng）5%", "经济增长5%"),  # full-width parentheses
    ("全年地区生产总值[2]572.6亿元", "全年地区生产总值572.6亿元"),  # dev 023
    ("地区生产总值①572.6亿元,增长4.4%②。", "地区生产总值572.6亿元,增长4.4%。"),
    ("地区生产总值¹572.6亿元,增长4.4%²。", "地区生产总值572.6亿元,增长4.4%。"),
    ("地区生产总值(注1)572.6亿元", "地区生产总值572.6亿元"),
    ("地区生产总值[注2]572.6亿元", "地区生产总值572.6亿元"),
    ("地区生产总值注1为572.6亿元", "地区生产总值为572.6亿元"),
    ("对经济-2-增长的贡献", "对经济增长的贡献"),  # issue 6
    ("对经济- 3 -增长的贡献", "对经济增长的贡献"),  # issue 6
    ("对经济— 14 —增长的贡献", "对经济增长的贡献"),  # GB/T 9704 em dashes
    ("规模工业增加值第3页增长7.2%", "规模工业增加值增长7.2%"),
    ("第 3 页 共 12 页\n正文。", "\n正文。"),
    (WRAP_HEAD + "\n- 3 -\n增长的贡献", WRAP_HEAD + "增长的贡献"),  # a page line in a wrap
    (WRAP_HEAD + "。\n— 4 —\n二、发展", WRAP_HEAD + "。\n二、发展"),  # ...or between paragraphs
])
def test_markers_are_removed(raw: str, clean: str) -> None:
    n = normalize(raw)
    assert n.text == clean
    assert len(n.index) == len(n.text) + 1 and n.index[-1] == len(raw)


@pytest.mark.parametrize("raw", [
    "地区生产总值(GDP)增长5%",  # Latin letters without tone marks: an abbreviation
    "研发经费(R&D)投入强度",
    "面积1200m²",  # a unit's superscript
    "1.2×10⁸元",  # an exponent
    "2023-2-15",  # a date, not a page number
    "增长-2-3%",  # digits around: not a page marker
    "(一)①加快产业升级;②推进",  # list bullets after punctuation stay
    "上一段。\n①加快产业升级",
    "注1:本公报数据为初步统计数",  # the footnote itself
    "生产总值注1572.6亿元",  # glued to digits: which are the note's cannot be told
    "第3季度",
])
def test_text_that_looks_like_a_marker_stays(raw: str) -> None:
    assert normalize(raw).text == to_simplified(raw.translate(_WIDTH))


def test_marker_next_to_digits_leaves_a_space() -> None:
    # removing the note would join two numbers into one: a space keeps them apart
    assert normalize("572.6[2]13.5").text == "572.6 13.5"


@pytest.mark.parametrize(("raw", "quote"), [
    ("全年地区生产总值[2]572.6亿元,比上年增长4.4%。", "地区生产总值[2]572.6亿元"),
    ("规模工业增加值增長(zhǎng)7.2%。", "规模工业增加值增長(zhǎng)7.2%"),
    ("全市地区生产总值¹突破5万亿元。", "地区生产总值¹突破5万亿元"),
    ("规模工业增加值-3-增长7.2%。", "规模工业增加值-3-增长7.2%"),
])
def test_quotes_keep_the_markers_of_the_original(raw: str, quote: str) -> None:
    res = extract_text(raw, doc="t", date=dt.date(2024, 6, 30), region="湖南省")
    quotes = [r.quote for r in res.records]
    assert quote in quotes, quotes
    for r in res.records:
        assert raw[r.start:r.end] == r.quote


# ------------------------------------------------------------------ offset map


def test_span_maps_back_over_removed_spaces() -> None:
    raw = "总产 值达748亿元"
    n = normalize(raw)
    i = n.text.index("748亿元")
    a, b = n.span(i, i + 6)
    assert raw[a:b] == "748亿元"
    a, b = n.span(0, 3)
    assert raw[a:b] == "总产 值"


def test_span_of_empty_range() -> None:
    n = normalize("增长 6%")
    assert n.span(2, 2) == (3, 3)
    assert n.span(len(n.text), len(n.text)) == (len("增长 6%"),) * 2


def test_span_of_wrapped_number_covers_the_break() -> None:
    raw = WRAP_HEAD + "2\n0.6%,"
    n = normalize(raw)
    i = n.text.index("20.6%")
    a, b = n.span(i, i + 5)
    assert raw[a:b] == "2\n0.6%"


_WS = regex.compile(r"[ \t\r\n\f\v\u3000\u00a0\u2002-\u200b\ufeff]")
# What normalize() may remove besides whitespace, written out here on its own terms (without
# the context normalize.py also demands), so the property below checks it independently.
_DROPPABLE = regex.compile(r"""(?:[ \t\r\n\f\v\u3000\u00a0\u2002-\u200b\ufeff]
    | \([a-zA-Züāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ \t'’]+\)           # a pinyin gloss
    | \[注?\d{1,2}\] | \(注\d{1,2}\) | 注\d{1,2}                # footnote calls
    | 注?[\u2460-\u2473\u2776-\u2793] | [¹²³⁰⁴-⁹]{1,2}        # circled, superscript
    | [-—–][ \t]*\d{1,3}[ \t]*[-—–]                            # page numbers
    | 第[ \t]*\d{1,4}[ \t]*页(?:[ \t]*[,/]?[ \t]*共[ \t]*\d{1,4}[ \t]*页)?
    )+""", regex.VERBOSE)
_MARKS = ["(zhǎng)", "(guī mó)", " (jīng jì) ", "(GDP)", "[2]", "[注1]", "(注3)", "注1", "①",
          "⑫", "²", "¹²", "m²", "-2-", "- 3 -", "— 4 —", "\n- 5 -\n", "第3页", "第 2 頁 共 9 頁"]
_ALPHABET = list("地区生产总值增长规模以上工业增加值億萬國產業區長經濟發總額達進亿元万%．％，。；、"
                 "０１２３４５６７８９0123456789.-—左右约近多余ＧＤＰGDP零部件九嶷山●#")
_ALPHABET += ["\n", "\r\n", " ", "\t", "\u3000", "\u00a0", "\ufeff", "\u200b"] + _MARKS
raw_text = st.lists(st.one_of(st.sampled_from(_ALPHABET), st.characters(codec="utf-8")),
                    max_size=120).map("".join)


def _same_char(raw_ch: str, simp_ch: str, out: str) -> bool:
    return out in (raw_ch, simp_ch)


def _removed_runs(raw: str, n) -> list[str]:
    """Maximal runs of the original that are not in the cleaned text (or stand behind one
    space or line break that replaced them), as simplified text."""
    simp = to_simplified(raw.translate(_WIDTH))
    idx = n.index[:-1]
    gone = set(range(len(raw))) - set(idx)
    gone |= {k for k, out in zip(idx, n.text, strict=True) if out != simp[k] and out != raw[k]}
    runs: list[str] = []
    for k in sorted(gone):
        if runs and k - 1 in gone:
            runs[-1] += simp[k]
        else:
            runs.append(simp[k])
    return runs


@settings(max_examples=300, deadline=None)
@given(raw_text, st.data())
def test_offset_map_covers_what_normalized_to_each_slice(raw: str, data) -> None:
    n = normalize(raw)
    idx = list(n.index)
    assert len(idx) == len(n.text) + 1 and idx[-1] == len(raw)
    assert all(a < b for a, b in zip(idx[:-2], idx[1:-1], strict=True)), "offsets increase"
    i = data.draw(st.integers(0, len(n.text)), label="i")
    j = data.draw(st.integers(i, len(n.text)), label="j")
    a, b = n.span(i, j)
    assert 0 <= a <= b <= len(raw)
    assert all(a <= idx[k] < b for k in range(i, j)), "every source character is covered"
    # What the raw slice holds, minus what was dropped, is what normalized to text[i:j].
    wide = raw.translate(_WIDTH)
    simp = to_simplified(wide)
    sources = set(idx[i:j])
    kept = [k for k in range(a, b) if k in sources]
    assert len(kept) == j - i
    for k, out in zip(kept, n.text[i:j], strict=True):
        # or one space or line break standing for a removed run (checked whole below)
        assert _same_char(wide[k], simp[k], out) or out in " \n", (raw, k, out)
    # Everything dropped or replaced is whitespace or a marker (gloss, note, page number).
    for run in _removed_runs(raw, n):
        assert _DROPPABLE.fullmatch(run), f"only whitespace and markers are dropped: {run!r}"


_PHRASES = ["地区生产总值", "规模以上工业增加值", "增长", "比上年增长", "增速为", "负", "达到",
            "亿元", "万元", "%", "家", "个百分点", ",", "。", ";", "全市", "高新技术企业", "新增"]
page_with_marks = st.lists(
    st.one_of(st.sampled_from(_PHRASES + _MARKS), st.sampled_from(list("0123456789.")),
              st.decimals(0, 10_000, places=1, allow_nan=False, allow_infinity=False).map(str)),
    max_size=50).map("".join)


@settings(max_examples=200, deadline=None)
@given(page_with_marks)
def test_extraction_quotes_are_slices_with_markers(raw: str) -> None:
    """Markers removed in the cleaned text are still inside the quotes of the original."""
    res = extract_text(raw, doc="t", date=dt.date(2024, 6, 30), region="湖南省")
    for r in res.records:
        assert raw[r.start:r.end] == r.quote
    for x in res.rejects:
        assert raw[x.start:x.end] == x.quote
