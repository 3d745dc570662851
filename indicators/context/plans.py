"""Five-year plans and multi-year spans: “十四五”时期 is 2021-2025, 十三五末 is 2020,
五年来 in a report reviewing 2021 is 2017-2021, 2012年以来 in one reviewing 2021 is 2013-2021.

In: normalized text before a figure, and the year the figure's context reviews.
Out: a span (first year, last year) and the phrase that gave it.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from indicators.numbers.quantities import parse_chinese

_CN_SMALL = "[二三四五六七八九十两]"
# 十四五, “十三五”时期, 第十一个五年计划; the plans before the tenth by their digit alone
# (“七五”计划, 八五期间) only where a plan word follows, since 七五 is also a number
_PLAN = regex.compile(r"(?:第)?(十[一二三四五]|[“\"][六七八九](?=五[”\"])|[六七八九](?=五(?:计划|规划|时期|期间)))"
                      r"(?:个)?五(?:年)?(?:规划|计划)?[”\"]?"
                      r"(?P<tail>时期|期间|以来|末|初|开局|收官)?")
_SPAN = regex.compile(
    rf"(?:过去|这|近|最近)({_CN_SMALL}|\d)年|({_CN_SMALL}|\d)年(?:来|以来|间|中|平均|均|累计|共)"
    rf"|(?<![\d.])((?:19|20)\d{{2}})年以来"
    rf"|(?<![\d.])((?:19|20)\d{{2}})\s*[-—~至到]\s*((?:19|20)\d{{2}})年")
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


def span_phrase(text: str, start: int, end: int, review_year: int | None) -> Span | None:
    """The last span phrase in text[start:end]: 五年来, 近三年, 2012年以来, 2016-2020年,
    or a plan mention; years relative to ``review_year`` (the year the context reviews).

    >>> span_phrase("五年来,全市地区生产总值年均增长7.1%", 0, 20, 2021).label
    '2017-2021'
    >>> span_phrase("2012年以来,我省…", 0, 10, 2021).label
    '2013-2021'
    """
    best: Span | None = None
    best_at = -1
    for m in _SPAN.finditer(text, start, end):
        span = _span_of(m, review_year)
        if span and m.start() > best_at:
            best, best_at = span, m.start()
    for m in _PLAN.finditer(text, start, end):
        if m.start() > best_at:
            best, best_at = plan_span(m, review_year), m.start()
    return best


def _span_of(m: regex.Match, review_year: int | None) -> Span | None:
    if m.group(4):
        a, b = int(m.group(4)), int(m.group(5))
        return Span(a, b, m.group()) if a < b else None
    if m.group(3):
        first = int(m.group(3)) + 1
        return Span(first, review_year, m.group()) if review_year and first < review_year \
            else None
    n_text = m.group(1) or m.group(2)
    n = int(n_text) if n_text.isdigit() else int(parse_chinese(n_text))
    if review_year is None or n < 2:
        return None
    return Span(review_year - n + 1, review_year, m.group())
