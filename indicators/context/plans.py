"""Five-year plans and multi-year spans: “十四五”时期 is 2021-2025, 十三五末 is 2020,
五年来 in a report reviewing 2021 is 2017-2021, 2012年以来 in one reviewing 2021 is 2013-2021.

In: normalized text before a figure, and the year the figure's context reviews.
Out: a span (first year, last year) and the phrase that gave it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# regex where it outruns re: patterns that open with a class or a look-behind (measured)
import regex

from indicators.numbers.quantities import parse_chinese

_CN_SMALL = "[二三四五六七八九十两]"
# 十四五, “十三五”时期, 第十一个五年计划; the plans before the tenth by their digit alone
# (“七五”计划, 八五期间, “十五”时期) only where a plan word follows, since 七五 is also a number
_PLAN = regex.compile(r"(?:第)?(十[一二三四五](?=个?五)|[“\"][六七八九十](?=五[”\"])"
                      r"|(?<![一二三四五六七八九十])[六七八九十](?=五(?:计划|规划|时期|期间)))"
                      r"(?:个)?五(?:年)?(?:规划|计划)?[”\"]?"
                      r"(?P<tail>时期|期间|以来|末|初|开局|收官)?")
_SPAN = regex.compile(
    rf"(?:过去|这|近|最近)({_CN_SMALL}|\d)年|({_CN_SMALL}|(?<![\d.])\d)年(?:来|以来|间|中|平均|均|年均|累计|共|增加|增长)"
    rf"|(?<![\d.])((?:19|20)\d{{2}})年以来"
    rf"|(?<![\d.])((?:19|20)\d{{2}})\s*[-—~至到]\s*((?:19|20)\d{{2}})年"
    # 由2016年2807亿元增加到2021年4402.98亿元, 2020年至2024年: the years after the first
    rf"|(?:由|从|(?<![\d.])(?=(?:19|20)\d{{2}}年\s*(?:至|到)\s*(?:19|20)\d{{2}}年))"
    rf"((?:19|20)\d{{2}})年[^。;；]{{0,24}}?(?:到|至)((?:19|20)\d{{2}})年")
# 从“十三五”末的117亿元增长至2025年的163亿元: from the plan's last year to the year reached
_UNTIL = re.compile(r"[^。;；]{0,24}?(?:到|至)((?:19|20)\d{2})年")
# how far back a span phrase may govern a figure (a plan paragraph, not the whole page)
WINDOW = 600


def plan_first_year(ordinal: str) -> int:
    """First year of the n-th five-year plan, n in Chinese (十四 -> 2021).

    >>> [plan_first_year(n) for n in ("一", "三", "十一", "十四", "十五")]
    [1953, 1966, 2006, 2021, 2026]
    """
    k = int(parse_chinese(ordinal))
    # plans ran 1953-57 and 1958-62, then (after 1963-65) from 1966 on in five-year steps
    return 1953 + 5 * (k - 1) if k < 3 else 1966 + 5 * (k - 3)


@dataclass(frozen=True)
class Span:
    first: int
    last: int
    phrase: str
    point: int | None = None  # a single year the phrase names (十三五末 -> 2020)

    @property
    def label(self) -> str:
        return f"{self.first}-{self.last}"


def plan_mentions(text: str, start: int, end: int) -> list[regex.Match]:
    """Mentions of five-year plans in text[start:end] (十三五, “十四五”时期, 第十一个五年计划)."""
    return list(_PLAN.finditer(text, start, end))


def plan_span(m: regex.Match, review_year: int | None) -> Span:
    """The span a plan mention names; '以来' runs from the plan's start to the review year.

    >>> import regex as r
    >>> plan_span(r.search(_PLAN, "“十三五”时期"), 2021).label
    '2016-2020'
    >>> plan_span(r.search(_PLAN, "十四五以来"), 2023).label
    '2021-2023'
    >>> plan_span(r.search(_PLAN, "十三五末"), 2021).point
    2020
    >>> plan_span(r.search(_PLAN, "“七五”计划"), 1986).label
    '1986-1990'
    >>> plan_span(r.search(_PLAN, "“十五”期间"), 2001).label, plan_span(r.search(_PLAN, "十五五时期"), 2026).label
    ('2001-2005', '2026-2030')

    """
    first = plan_first_year(m.group(1).strip("“\""))
    tail = m.group("tail")
    if tail == "以来" and review_year and first < review_year < first + 4:
        return Span(first, review_year, m.group())
    if tail == "末" or tail == "收官":
        return Span(first, first + 4, m.group(), point=first + 4)
    if tail == "初" or tail == "开局":
        return Span(first, first + 4, m.group(), point=first)
    return Span(first, first + 4, m.group())


def span_phrase(text: str, start: int, end: int, review_year: int | None,
                points: bool = True) -> Span | None:
    """The last span phrase in text[start:end]: 五年来, 近三年, 2012年以来, 2016-2020年,
    由2016年…到2021年, or a plan mention; years relative to ``review_year`` (the year the
    context reviews). ``points=False`` passes over mentions of one year of a plan (十三五末,
    “十四五”开局), which an average rate over years is not about.

    >>> span_phrase("五年来,全市地区生产总值年均增长7.1%", 0, 20, 2021).label
    '2017-2021'
    >>> span_phrase("2012年以来,我省…", 0, 10, 2021).label
    '2013-2021'
    >>> span_phrase("从“十三五”末的117亿元增长至2025年的163亿元,", 0, 26, 2025).label
    '2021-2025'
    >>> span_phrase("2020年至2024年,GDP由3997亿元增加到5127亿元,年均增长5.8%", 0, 40, 2024).label
    '2021-2024'
    >>> span_phrase("五年来,…“十四五”开局良好", 0, 16, 2021, points=False).label
    '2017-2021'
    """
    best: Span | None = None
    best_at = -1
    for m in _SPAN.finditer(text, start, end):
        span = _span_of(m, review_year)
        if m.group(6) and _YEAR_NAMED.search(text, m.end(), end):
            continue  # 从2020年…增加到2024年,2025年预计达到…: the span went on
        if span and m.start() > best_at:
            best, best_at = span, m.start()
    for m in _PLAN.finditer(text, start, end):
        if m.start() <= best_at or text[m.start() - 1:m.start()] in ("比", "较", "于"):
            continue  # 比“十五”时期高3.2个百分点: a comparison, not the span of the figure
        span = plan_span(m, review_year)
        until = _UNTIL.match(text, m.end(), end) if span.point == span.last else None
        if until and int(until.group(1)) > span.last:
            best, best_at = Span(span.last + 1, int(until.group(1)), m.group()), m.start()
        elif points or span.point is None:
            best, best_at = span, m.start()
    return best


SUM_WORD = _SUM_AFTER = re.compile(r"(?:累计|共计|合计|累积|共)")
_YEAR_NAMED = re.compile(r"(?:19|20)\d{2}年")


def cumulative_span(text: str, start: int, end: int, review_year: int | None) -> Span | None:
    """The span a total in text[start:end] sums over: a span phrase with 累计/共计 (五年累计
    完成投资597.7亿元, 近三年共新增…), unless a year named after it dates the figure.

    >>> cumulative_span("五年累计完成全社会固定资产投资597.7亿元", 0, 15, 2015).label
    '2011-2015'
    >>> cumulative_span("五年来,2020年完成投资100亿元", 0, 14, 2020) is None
    True
    """
    found = None
    for m in _SPAN.finditer(text, start, end):
        summed = m.group().endswith(("累计", "共")) or _SUM_AFTER.match(text, m.end(), end)
        if summed and (span := _span_of(m, review_year)) is not None:
            found = (span, m.end())
    if found is None or _YEAR_NAMED.search(text, found[1], end):
        return None
    return found[0]


def _span_of(m: regex.Match, review_year: int | None) -> Span | None:
    if m.group(4):
        a, b = int(m.group(4)), int(m.group(5))
        return Span(a, b, m.group()) if a < b else None
    if m.group(6):
        a, b = int(m.group(6)), int(m.group(7))
        return Span(a + 1, b, m.group()) if a < b else None
    if m.group(3):
        first = int(m.group(3)) + 1
        return Span(first, review_year, m.group()) if review_year and first < review_year \
            else None
    n_text = m.group(1) or m.group(2)
    n = int(n_text) if n_text.isdigit() else int(parse_chinese(n_text))
    if review_year is None or n < 2:
        return None
    return Span(review_year - n + 1, review_year, m.group())
