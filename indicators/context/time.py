"""Time: the publication date of a page, periods within a year, plan spans.

In: normalized text. Out: a date (from report date lines, datelines, dated notices, titles
and the years a text mentions), period labels ('1-11', 'Q1', 'H1') and five-year-plan years.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter

import regex

from indicators.numbers.quantities import parse_chinese

_FULL_DATE = regex.compile(r"((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(1[0-2]|0?[1-9])\s*(?:月|-|/|\.)"
                           r"\s*(3[01]|[12]\d|0?[1-9])(?:日|号)?(?!\d)")
_YEAR_MONTH = regex.compile(r"((?:19|20)\d{2})年(1[0-2]|[1-9])月")
_DATELINE = regex.compile(r"(?<![年\d])(1[0-2]|[1-9])月(3[01]|[12]\d|[1-9])日(?:讯|电|,|，|\s)")
# PDF text loses characters: "——2020 1 7 日在株洲市第十五届…" is still a report date
_REPORT_DATE = regex.compile(r"((?:19|20)\d{2})\s*年?\s*(1[0-2]|[1-9])\s*月?\s*(3[01]|[12]\d|[1-9])\s*日\s*在")
_PLAN_TITLE = regex.compile(r"第(十[一二三四五]|[一二三四五六七八九])个五年(?:规划|计划)|[“\"]?十([一二三四五])五[”\"]?(?:规划|计划)")
_PUBLISHED = regex.compile(r"发布(?:时间|日期)[:：]?\s*((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
# a year counts towards the publication year unless it is a horizon (到2027年, 至2030年)
_YEAR = regex.compile(r"(?<![\d.到至])((?:19|20)\d{2})年")
_REPORT_TITLE = regex.compile(r"((?:19|20)\d{2})年[^\n。]{0,20}?政府工作报告")
_BULLETIN_TITLE = regex.compile(r"((?:19|20)\d{2})年(?:国民经济和社会发展)?统计公报")
_REVIEW_TITLE = regex.compile(r"((?:19|20)\d{2})年(?:工作|经济社会发展)?回顾")

# cues searched backwards from a figure, within its sentence
# a year is the figure's unless it is a base of comparison (比2012年, 在2005年的基础上)
_YEAR_CUE = regex.compile(r"(?<![比较于同是])(?:((?:19|20)\d{2})年(?!的?基础|以来|相比|水平)"
                          r"|(今年|本年|当年|去年|上年|上一年|明年))")
_YEAR_CUE_RATIO = regex.compile(r"[比较](?:\d{4}年|上年|去年)")
_PERIOD = regex.compile(r"(1[0-2]|[1-9])\s*[-—至到~]\s*(1[0-2]|[1-9])月|前三季度|上半年|下半年|(?:第)?([一二三四])季度"
                        r"|截至(?:\d{4}年)?(1[01]|[1-9])月(?:底|末)|(?<![\d-])(1[0-2]|[1-9])月份")
_PLAN = regex.compile(r"十([一二三四五])五")
_SPAN = regex.compile(r"(?:过去|这|近)([二三四五六七八九十两])年|([二三四五六七八九十两])年(?:来|平均)"
                      r"|((?:19|20)\d{2})年以来")


def plan_first_year(ordinal: str) -> int:
    """First year of the n-th five-year plan, n in Chinese (十四 -> 2021).

    >>> [plan_first_year(n) for n in ("一", "三", "十一", "十四", "十五")]
    [1953, 1966, 2006, 2021, 2026]
    """
    k = int(parse_chinese(ordinal))
    # plans ran 1953-57 and 1958-62, then (after 1963-65) from 1966 on in five-year steps
    return 1953 + 5 * (k - 1) if k < 3 else 1966 + 5 * (k - 3)


def _period_of(m: regex.Match) -> str | None:
    """'1-11', 'Q1', 'H1' for a period cue."""
    g = m.group()
    if m.group(1):
        a, b = int(m.group(1)), int(m.group(2))
        return f"{a}-{b}" if a < b else None
    if m.group(4):
        return f"1-{m.group(4)}"
    if m.group(5):
        return m.group(5)  # a single month (10月份)
    if g == "前三季度":
        return "1-9"
    if g == "上半年":
        return "H1"
    if g == "下半年":
        return "H2"
    return "Q" + str("一二三四".index(m.group(3)) + 1)


def infer_date(text: str) -> dt.date | None:
    """Publication date from the text: report date, dateline, dated notice, latest years.

    >>> infer_date("——2020年1月5日在永州市第五届人民代表大会第五次会议上")
    datetime.date(2020, 1, 5)
    >>> infer_date("株洲日报 2月8日,石峰区会议开幕。2025年6月以来…2026年目标")
    datetime.date(2026, 2, 8)
    >>> infer_date("2024年常德市政府工作报告\\n2024年要…2024年…2024年…")
    datetime.date(2024, 2, 1)
    >>> infer_date("本报3月5日讯 到2027年,到2027年,到2027年,今年2024年的任务")
    datetime.date(2024, 3, 5)
    """
    m = _REPORT_DATE.search(text)
    if m:
        return _date(*m.groups())
    m = _PUBLISHED.search(text[:2000])
    if m:
        return _date(*m.groups())
    m = _REPORT_TITLE.search(text[:300])
    if m:
        # "2024年政府工作报告" is delivered at the congress early in that year
        return dt.date(int(m.group(1)), 2, 1)
    full = [d for d in (_date(*x.groups()) for x in _FULL_DATE.finditer(text)) if d]
    line = _DATELINE.search(text[:600])
    if line:
        month, day = int(line.group(1)), int(line.group(2))
        same = [d for d in full if (d.month, d.day) == (month, day)]
        if same:
            return max(same)
        months = [(int(a), int(b)) for a, b in _YEAR_MONTH.findall(text)]
        if months:
            y, mo = max(months)
            return _date(y + (mo > month), month, day)
        years = _years(text)
        if years:
            return _date(years, month, day)
    if full:
        return max(full)
    bulletin = _BULLETIN_TITLE.search(text[:600])
    if bulletin:
        # a statistical bulletin for year Y comes out in the spring of Y+1
        return dt.date(int(bulletin.group(1)) + 1, 3, 1)
    review = _REVIEW_TITLE.search(text[:3000])
    if review:
        # "一、2024年工作回顾": a work report given early the next year
        return dt.date(int(review.group(1)) + 1, 3, 1)
    plan = _PLAN_TITLE.search(text[:600])
    if plan:
        # a five-year plan is published in its first year and looks back on the one before
        return dt.date(plan_first_year(plan.group(1) or "十" + plan.group(2)), 3, 1)
    months = [(int(a), int(b)) for a, b in _YEAR_MONTH.findall(text)]
    if months:
        y, mo = max(months)
        return _date(y, mo, 28)
    years = _years(text)
    return _date(years, 12, 31) if years else None


def _years(text: str) -> int | None:
    counts = Counter(int(y) for y in _YEAR.findall(text) if 1949 <= int(y) <= 2100)
    if not counts:
        return None
    top = max(counts.values())
    return max(y for y, c in counts.items() if c == top)


def _date(y, m, d) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None
