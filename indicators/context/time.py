"""Which year and period a figure describes.

In: normalized text, the page's publication date (dates.py) and its type. Out: the page's
default years (``DocTime``: the year an undated result describes, the year an undated target
is for), and the time cues of a sentence or paragraph head (years, relative years, horizons,
periods) that ``document.py`` reads backwards from each figure.

A year is the figure's only where the grammar says so: never a comparison base (比2012年,
与2023年上半年相比, 是2010年的), never the start of a span (2012年以来), never one end of a
range (2016-2020年); a horizon (到2025年) is a target's year.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import NamedTuple

# regex where it outruns re: patterns that open with a class or a look-behind (measured)
import regex

from indicators.context.dates import Dated

# explicit years and relative words; group 1 an explicit year, group 2 a relative word
YEAR_CUE = re.compile(
    r"(?<![\d.])((?:1[89]|2[01]|[3-9]\d)\d{2})\s*年(?!\s*[—\-~至到]\s*\d)(?!以来|相比|前后|的?基础|水平|同期)"
    r"|(今年|本年|当年|去年|上年|上一年|前年|明年|次年|过去一年|过去的一年|去年一年)(?!同期|以来)")
# what before a year makes it something else than the figure's year
_NOT_OWN_YEAR = re.compile(r"(?:比|较|与|同|和|是|为|于|相对|对比|相当于|超过|高于|低于)"
                              r"(?:\s*[“\"]?)$")
# 到2025年 is a horizon; 截至2024年11月底 is "as of", a result
_HORIZON = re.compile(r"(?:(?<![截直增提升降减])到|(?<![截直增提升降减])至)\s*$")
_SPAN_AFTER = re.compile(r"\s*[—\-~至到]\s*(?:19|20)?\d{2}年")
# 与2023年相比; 在上年大幅度增长的基础上 (the base a change is measured from)
_COMPARISON_TAIL = re.compile(r"[^,;。]{0,12}?(?:相比|相较|比较|同期比|的?基础上)")  # used with .match

# periods within a year, in the catalogue's spelling (CATALOGUE.md)
PERIOD_CUE = regex.compile(
    r"(?<![\d.])(\d{1,2})\s*[-—~至到]\s*(\d{1,2})\s*月(?!\d*日)"
    r"|(?:一至|1至)([二三四])季度|前([一二三])季度|([上下])半年|(?:第)?([一二三四五六七八九])季度"
    r"|截[至止](?:\d{4}年)?(\d{1,2})月(?:底|末)|(?<![\d\-—~至到])(\d{1,2})月(?:份|当月|单月)"
    r"|(全年|年度|年末|年底)")


def period_of(m: regex.Match) -> tuple[str | None, bool]:
    """(period, valid) for a period cue; '全年' gives (None, True): a whole year.

    An impossible period (1-13月, 第五季度) gives (None, False): the figure is refused rather
    than read as a whole-year figure.
    >>> [period_of(PERIOD_CUE.search(s)) for s in ("1-11月", "前三季度", "上半年", "四季度",
    ...                                          "1-13月", "第五季度", "10月份", "全年")]
    [('1-11', True), ('1-9', True), ('H1', True), ('Q4', True), (None, False), (None, False), ('10', True), (None, True)]
    """
    g = m.groups()
    if g[0]:
        a, b = int(g[0]), int(g[1])
        if not 1 <= a < b <= 12:
            return None, False
        return f"{a}-{b}", True
    if g[2]:
        return f"1-{3 * ('二三四'.index(g[2]) + 2)}", True
    if g[3]:
        n = "一二三".index(g[3]) + 1
        return ("Q1" if n == 1 else "H1" if n == 2 else "1-9"), True
    if g[4]:
        return ("H1" if g[4] == "上" else "H2"), True
    if g[5]:
        n = "一二三四五六七八九".index(g[5]) + 1
        return (f"Q{n}", True) if n <= 4 else (None, False)
    if g[6]:
        month = int(g[6])
        if not 1 <= month <= 12:
            return None, False
        return (f"1-{month}" if month > 1 else "1"), True
    if g[7]:
        month = int(g[7])
        return (str(month) if 1 <= month <= 12 else None), 1 <= month <= 12
    return None, True


class YearCue(NamedTuple):
    end: int
    year: int | None  # None: an impossible year (3025年) — the figure is refused
    word: str | None  # the relative word (今年, 去年…) when the year came from one
    horizon: bool = False  # 到2025年: a year to reach (a target if it is still to come)
    raw: str = ""


def year_cues(text: str, start: int, end: int, published: dt.date | None) -> list[YearCue]:
    """The years text[start:end] assigns to what follows them, in text order.

    >>> [(c.year, c.horizon) for c in year_cues("比2012年增长,到2025年达到,2023年完成", 0, 30,
    ...                                         dt.date(2024, 2, 1))]
    [(2025, True), (2023, False)]
    >>> [c.year for c in year_cues("去年增长6%,与2023年上半年相比", 0, 20, dt.date(2024, 2, 1))]
    [2023]
    """
    out = []
    if text.find("年", start, end) < 0:
        return out  # every cue has 年 in it (今年, 2023年, 过去一年)
    for m in YEAR_CUE.finditer(text, start, end):
        before = text[max(start, m.start() - 4):m.start()]
        if _NOT_OWN_YEAR.search(before) or _COMPARISON_TAIL.match(text, m.end(), end):
            continue
        if m.group(1):
            y = int(m.group(1))
            ok = 1949 <= y <= 2100
            out.append(YearCue(m.end(), y if ok else None, None,
                               bool(_HORIZON.search(before)), m.group()))
        elif published is not None:
            out.append(YearCue(m.end(), _relative(m.group(2), published.year), m.group(2),
                               raw=m.group()))
    return out


def _relative(word: str, year: int) -> int:
    if word in ("今年", "本年", "当年"):
        return year
    if word in ("明年", "次年"):
        return year + 1
    if word == "前年":
        return year - 2
    return year - 1  # 去年, 上年, 过去一年


@dataclass(frozen=True)
class DocTime:
    """The years a page's undated figures describe, and why."""

    published: Dated | None
    doc_type: str  # report, bulletin, plan, five_year_plan, news
    review_year: int | None  # the year an undated result describes
    plan_year: int | None  # the year an undated target is for
    review_evidence: str | None = None
    plan_evidence: str | None = None


_BULLETIN_YEAR = re.compile(r"((?:19|20)\d{2})年[^\n。]{0,24}?(?:统计公报|社会发展概况|经济运行)")
_PLAN_YEAR = re.compile(r"((?:19|20)\d{2})年[^\n。]{0,24}?(?:国民经济和社会发展计划)")


def doc_time(published: Dated | None, doc_type: str, head: str,
             plan_first: int | None = None, spoken_of: int | None = None) -> DocTime:
    """Default years by the kind of page: a work report given in January reviews the year
    before and sets targets for its own; one given in December reviews its own year; a
    bulletin describes the year in its title; a plan looks back on the year before its first.

    >>> doc_time(Dated(dt.date(2021, 12, 30), ""), "report", "").review_year
    2021
    >>> doc_time(Dated(dt.date(2024, 1, 24), ""), "report", "").plan_year
    2024
    >>> doc_time(Dated(dt.date(2023, 4, 7), ""), "bulletin", "长沙市2022年国民经济和社会发展统计公报").review_year
    2022
    >>> doc_time(Dated(dt.date(2026, 7, 1), "", exact=False), "news", "", spoken_of=2025).review_year
    2025
    """
    if published is None:
        return DocTime(None, doc_type, None, None)
    d = published.date
    if doc_type == "news" and not published.exact and spoken_of in (d.year - 1, d.year):
        # only the year of publication is known: the year the page speaks of most decides
        # whether it looks back on the year before
        return DocTime(published, doc_type, spoken_of, spoken_of + 1,
                       f"文中最常见年份 {spoken_of}（发布于{d.year}）", f"次年 {spoken_of + 1}")
    when = f"发布于{d.isoformat() if published.exact else d.year}"
    if doc_type == "five_year_plan" and plan_first:
        return DocTime(published, doc_type, plan_first - 1, plan_first + 4,
                       f"规划前一年（{when}）", f"规划期末 {plan_first + 4}")
    if doc_type == "bulletin":
        m = _BULLETIN_YEAR.search(head)
        if m:
            y = int(m.group(1))
            return DocTime(published, doc_type, y, y + 1, f"公报年度 {y}", f"公报次年 {y + 1}")
    if doc_type == "plan":
        m = _PLAN_YEAR.search(head)
        if m:
            y = int(m.group(1))
            return DocTime(published, doc_type, y - 1, y, f"计划前一年 {y - 1}", f"计划年度 {y}")
    late = d.month >= 10  # inexact dates are set in a typical month, December for late ones
    if doc_type in ("report", "plan"):
        review = d.year if late else d.year - 1
        return DocTime(published, doc_type, review, review + 1,
                       f"报告回顾 {review}（{when}）", f"报告目标年 {review + 1}（{when}）")
    if doc_type == "bulletin":
        review = d.year if late else d.year - 1
        return DocTime(published, doc_type, review, review + 1, f"公报回顾 {review}（{when}）",
                       f"次年 {review + 1}")
    # news: annual results come out in the first quarter; later in the year a page speaks of
    # its own year
    early = published.exact and d.month <= 3
    review = d.year - 1 if early else d.year
    plan = d.year + 1 if late else d.year
    return DocTime(published, doc_type, review, plan,
                   f"{'上年' if early else '当年'}（{when}）", f"目标年 {plan}（{when}）")
