"""When a page appeared: its publication date, decided from ranked evidence.

In: normalized text, and what a catalogue of sources says (title, publication year).
Out: a ``Dated`` (the date, whether it is exact, and the evidence in a few words a user can
check), or None when nothing in the page dates it.

Evidence, best first:
1. the report's own date line (——2024年1月24日在…人民代表大会…);
2. a date stamp near the head or at the foot of the page, in any common form (发布时间：,
   来源：…日报 2023-02-17, 2016/7/26, 26.07.2016, Fri, 11 Feb 2022, 2016年7月26日 10:30);
3. a dateline with month and day only (本报讯 2月17日, 株洲11月30日电), the year from a full
   date with the same day, else from the title or the catalogue, else from the text;
4. a title: a bulletin for 2022 appears in 2023, a 2024 work report or plan early in 2024,
   "一、2023年工作回顾" heads a report given early in 2024;
5. the catalogue's publication year;
6. the year the page speaks of most, never counting horizons (到2027年), comparisons
   (与2023年上半年相比), spans (2016-2020年) or plan names (“十四五”规划收官之年).
A stamp or dateline whose year disagrees with the catalogue is a repost: the catalogue wins.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

import regex

from indicators.context.plans import plan_first_year

_Y = r"((?:19|20)\d{2})"
_M = r"(1[0-2]|0?[1-9])"
_D = r"(3[01]|[12]\d|0?[1-9])"
_MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}

# PDF text loses characters: "——2020 1 7 日在株洲市第十五届…" is still a report date
_REPORT_DATE = regex.compile(
    rf"{_Y}\s*年?\s*{_M}\s*月?\s*{_D}\s*日\s*(?:在|[,，]\s*(?:在\s*)?)?[^。\n]{{0,40}}?"
    r"(?:人民代表大会|人大|两会)[^。\n]{0,20}?(?:会议|开幕|举行|召开)")
_STAMP_FORMS = [
    regex.compile(rf"(?<![\d.]){_Y}\s*[-/.年]\s*{_M}\s*[-/.月]\s*{_D}(?:日|号)?(?![\d.])"),
    regex.compile(rf"(?<![\d.]){_D}\.{_M}\.{_Y}(?![\d.])"),  # 26.07.2016 (day first)
    # 20221223 in a title or file name: a date only inside brackets or at a line's end
    regex.compile(r"(?<=[(（\[【_\s-]|^)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])"
                  r"(?=[)）\]】_\s.]|$)", regex.M),
    regex.compile(r"(?i)\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+(\d{1,2})\s+"
                  r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+((?:19|20)\d{2})"),
]
# a label that says the date is the page's own (not a date the text talks about)
_STAMP_LABEL = regex.compile(r"(?:发布|发表|更新|出版|刊发|来源|稿源|时间|日期|date|published|"
                             r"日报|晚报|报道|网|讯|编辑|作者|记者|责任编辑|浏览)\S{0,24}?$",
                             regex.I)
_DATELINE = regex.compile(rf"(?<![年\d]){_M}月{_D}日(?:讯|电|消息|[,，\s])")
_REPORT_TITLE = regex.compile(rf"{_Y}年[^\n。]{{0,24}}?政府工作报告")
_BULLETIN_TITLE = regex.compile(rf"{_Y}年[^\n。]{{0,24}}?统计公报|{_Y}年[^\n。]{{0,12}}?社会发展概况")
_PLAN_YEAR_TITLE = regex.compile(rf"{_Y}年[^\n。]{{0,24}}?(?:国民经济和社会发展计划|计划执行情况)")
_REVIEW_HEAD = regex.compile(rf"{_Y}年(?:工作|经济社会发展|政府工作)?回顾")
_FIVE_YEAR_TITLE = regex.compile(r"第(十[一二三四五]|[一二三四五六七八九])个五年(?:规划|计划)"
                                 r"|[“\"]?十([一二三四五])五[”\"]?(?:规划|计划)(?:纲要|的建议)")
# a year counts towards "the year the page speaks of" unless it is a horizon, a comparison
# base, one end of a span, or part of a date range
_YEAR = regex.compile(r"(?<![\d.到至比较与同自从—\-~])((?:19|20)\d{2})年(?![—\-~至到]\d|以来|相比|的?基础)")


_YEAR_MONTH = regex.compile(r"((?:19|20)\d{2})年(1[0-2]|[1-9])月(?!\d)")
_HORIZON_BEFORE = regex.compile(r"(?:(?<![截直])到|(?<![截直])至|力争|计划|预计)$")


@dataclass(frozen=True)
class Dated:
    """A publication date with the evidence for it."""

    date: dt.date
    evidence: str
    exact: bool = True  # False when only the year (and a typical month) is known


def _mk(y, m, d) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


def report_date(text: str) -> Dated | None:
    """The date line of a work report.

    >>> report_date("——2020年1月5日在永州市第五届人民代表大会第五次会议上").date
    datetime.date(2020, 1, 5)
    """
    m = _REPORT_DATE.search(text[:4000])
    if not m:
        return None
    d = _mk(*m.groups()[:3])
    return Dated(d, f"报告日期“{m.group().strip()[:24]}”") if d else None


def _stamp_dates(text: str, start: int, end: int) -> list[tuple[int, dt.date, str]]:
    out = []
    for k, rx in enumerate(_STAMP_FORMS):
        for m in rx.finditer(text, start, end):
            if k in (0, 2):
                y, mo, d = m.group(1), m.group(2), m.group(3)
            elif k == 1:
                d, mo, y = m.group(1), m.group(2), m.group(3)
            else:
                d, mo, y = m.group(1), _MONTHS[m.group(2).lower()[:3]], m.group(3)
            date = _mk(y, mo, d)
            if date:
                out.append((m.start(), date, m.group()))
    return sorted(out)


def stamp(text: str) -> Dated | None:
    """A date the page gives itself: labelled (发布时间：…), or standing alone on the first
    lines, or signing off the last lines (长沙市统计局 2023年4月7日).

    >>> stamp("新闻资讯2024-01-24 14:26:44橙橘网\\n正文").date
    datetime.date(2024, 1, 24)
    >>> stamp("date: Fri, 11 Feb 2022 08:09:07 GMT\\n冬奥").date
    datetime.date(2022, 2, 11)
    >>> stamp("湘潭县2023年政府工作报告(20221223)\\n各位代表").date
    datetime.date(2022, 12, 23)
    >>> stamp("正文提到2021年3月5日的会议。") is None
    True
    """
    head_end = min(len(text), 800)
    for pos, date, raw in _stamp_dates(text, 0, head_end):
        line_start = text.rfind("\n", 0, pos) + 1
        before = text[line_start:pos]
        line_end = text.find("\n", pos)
        after = text[pos + len(raw):line_end if line_end >= 0 else len(text)]
        # a stamp is labelled, or has its line nearly to itself (no sentence around it)
        if _STAMP_LABEL.search(before) or (len(before) + len(after) < 40
                                           and "。" not in before + after):
            return Dated(date, f"页面日期“{raw.strip()}”")
    tail_start = max(0, len(text) - 300)
    for pos, date, raw in reversed(_stamp_dates(text, tail_start, len(text))):
        line_start = text.rfind("\n", 0, pos) + 1
        line_end = text.find("\n", pos)
        line = text[line_start:line_end if line_end >= 0 else len(text)]
        if len(line.strip()) <= 30 and "。" not in line:  # a signature line, not a sentence
            return Dated(date, f"落款日期“{raw.strip()}”")
    return None


def _dateline(text: str, catalogue_year: int | None, title_year: int | None) -> Dated | None:
    """A dateline with month and day only; the year from a full date with the same day,
    else the catalogue, else the latest month the page reports on (a page of 2月8日 that
    reports on 2025年6月 appeared in 2026), else the title or the years the page speaks of."""
    m = _DATELINE.search(text[:600])
    if not m:
        return None
    month, day = int(m.group(1)), int(m.group(2))
    # the page's full dates, looked for only when there is a dateline to give a year
    years_by_day = {(d.month, d.day): d.year for _, d, _ in _stamp_dates(text, 0, len(text))}
    y = years_by_day.get((month, day)) or catalogue_year
    if y is None:
        latest = latest_month(text)
        if latest:
            y = latest.date.year + (latest.date.month > month)
        else:
            y = title_year or dominant_year(text)
    d = _mk(y, month, day) if y else None
    return Dated(d, f"电头“{m.group().strip()}”，年份{y}") if d else None


def title_date(text: str) -> Dated | None:
    """What a title implies: a bulletin or review of year Y appears early in Y+1; a work
    report or annual plan of year Y early in Y; a five-year plan in its first year.

    >>> title_date("长沙市2022年国民经济和社会发展统计公报").date
    datetime.date(2023, 3, 31)
    >>> title_date("2024年常德市政府工作报告").date
    datetime.date(2024, 2, 1)
    """
    head = text[:600]
    m = _BULLETIN_TITLE.search(head)
    if m:
        y = int(m.group(1) or m.group(2))
        return Dated(dt.date(y + 1, 3, 31), f"公报标题“{m.group()[:24]}”", exact=False)
    m = _REPORT_TITLE.search(head) or _PLAN_YEAR_TITLE.search(head)
    if m:
        return Dated(dt.date(int(m.group(1)), 2, 1), f"标题“{m.group()[:24]}”", exact=False)
    m = _REVIEW_HEAD.search(text[:4000])
    if m:
        return Dated(dt.date(int(m.group(1)) + 1, 2, 1), f"章节“{m.group()}”", exact=False)
    m = _FIVE_YEAR_TITLE.search(head)
    if m:
        first = plan_first_year(m.group(1) or "十" + m.group(2))
        return Dated(dt.date(first, 3, 1), f"规划标题“{m.group()}”", exact=False)
    return None


def dominant_year(text: str) -> int | None:
    """The year a page speaks of most (the latest among equals).

    >>> dominant_year("到2027年,与2023年上半年相比,2024年增长,2024年完成")
    2024
    """
    counts = Counter(int(y) for y in _YEAR.findall(text) if 1949 <= int(y) <= 2100)
    if not counts:
        return None
    top = max(counts.values())
    return max(y for y, c in counts.items() if c == top)


def publication_date(text: str, title: str | None = None,
                     catalogue_year: int | None = None) -> Dated | None:
    """The page's publication date from the best evidence (see the module docstring).

    >>> publication_date("株洲日报 2月8日,石峰区会议开幕。2025年6月以来…2026年目标").date
    datetime.date(2026, 2, 8)
    >>> publication_date("本报3月5日讯 到2027年,到2027年,今年2024年的任务").date
    datetime.date(2024, 3, 5)
    >>> publication_date("发布时间：2022-05-01\\n…", catalogue_year=2019).date
    datetime.date(2019, 7, 1)
    """
    found = report_date(text)
    if found:
        return found
    head = f"{title}\n{text}" if title else text
    found = stamp(text)
    if found and catalogue_year and found.date.year != catalogue_year:
        found = None  # the date a mirror reposted the page, not when it appeared
    if found:
        return found
    titled = title_date(title or "") or title_date(text)
    found = _dateline(text, catalogue_year, titled.date.year if titled else None)
    if found and (not catalogue_year or found.date.year == catalogue_year):
        return found
    if titled and (not catalogue_year or titled.date.year == catalogue_year):
        return titled
    if titled and catalogue_year and titled.date.year == catalogue_year + 1 \
            and "标题" in titled.evidence and not _BULLETIN_TITLE.search(titled.evidence):
        # 湘潭县2023年政府工作报告 listed under 2022: the congress met late in 2022
        return Dated(dt.date(catalogue_year, 12, 15),
                     f"{titled.evidence}，目录年份 {catalogue_year}", exact=False)
    if catalogue_year:
        return Dated(dt.date(catalogue_year, 7, 1), f"目录年份 {catalogue_year}", exact=False)
    latest = latest_month(text)
    if latest:
        return latest
    year = dominant_year(head)
    if year:
        return Dated(dt.date(year, 7, 1), f"文中最常见年份 {year}", exact=False)
    return None


def latest_month(text: str) -> Dated | None:
    """A page that reports figures 截至2024年11月底 appeared after that month: the latest
    month a page reports on (never a horizon 到2025年6月) dates it at the month's end.

    >>> latest_month("截至2024年11月底,全市…;2024年6月以来").date
    datetime.date(2024, 11, 28)
    """
    best = None
    for m in _YEAR_MONTH.finditer(text):
        if _HORIZON_BEFORE.search(text, max(0, m.start() - 3), m.start()):
            continue
        key = (int(m.group(1)), int(m.group(2)))
        if best is None or key > best[0]:
            best = (key, m.group())
    if best is None:
        return None
    (y, mo), raw = best
    d = _mk(y, mo, 28)
    return Dated(d, f"文中最近月份“{raw}”", exact=False) if d else None
