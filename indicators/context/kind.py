"""Kind: target or actual, from the words around a figure and the section that holds it.

In: normalized text. Out: the page's sections (a work report's review describes a past year,
its plan the coming one; inline headings such as 一、2021年工作回顾 count too) and the cue
patterns ``document.py`` reads around each figure:

- a target: 预期目标, 目标是/为, 力争, 争取, 确保, 计划, 预期增长, 要/将 + a verb of doing
  (将新增, 要实现), and every figure of a list that a target sentence introduces (主要预期目标是：
  …；…。此外…) up to the end of its paragraph;
- a result: what a review section says, estimates of a past year (预计完成), and 控制在…以内
  inside a review (it was kept within).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# the stdlib's re where it can read a pattern (half the regex package's cost per call, and
# these run for every figure); regex for variable-width look-behind and reverse search
import regex

_DOING = r"(?:新增|实现|达到|完成|突破|增长|培育|引进|建成|新建|提高|提升|保持|控制|稳定|确保|力争|争取|超过|年均)"
# 目标 announces a target only when it introduces one (目标是…, 目标为, 预期目标); 完成…目标 is a result
TARGET_CUE = regex.compile(
    r"预期目标|主要目标|奋斗目标|目标任务|发展目标"
    r"|(?<!完成|实现|超额完成|达到|超过|全面完成|达成)目标[,，]?(?:是|为|[:：]|定为|要求|瞄准|锁定|增长|达到|突破)"
    r"|(?<!规划|省定|市定|既定|年度|完成|实现)目标(?=\d)|力争|力求|争取|确保|计划(?!单列|生育|外)"
    r"|预期(?=为|是|增长|达到|实现|突破|完成|新增|在|\d)|努力(?=实现|达到|完成|突破|保持)|拟(?=新增|实现|完成|投资)"
    rf"|(?<![已并])将(?={_DOING})|(?<![只需主重])要(?={_DOING})")
# 完成了…确定的目标任务: a target met is a result
_MET = re.compile(r"(?:完成|实现|达到|达成|超额完成|全面完成|圆满完成|超过)了?[^,，;；。]{0,16}$")


def target_positions(text: str, start: int, end: int) -> list[int]:
    """Where text[start:end] announces a target, leaving out targets met (完成了…目标任务).

    >>> target_positions("较好的完成了市人大确定的目标任务:实现地区生产总值1261.6亿元", 0, 40)
    []
    >>> target_positions("今年的预期目标是:地区生产总值增长6%", 0, 20)
    [3]
    >>> target_positions("经济增长速度的宏观调控目标,定为百分之八至九", 0, 22)
    [11]
    """
    out = []
    for m in TARGET_CUE.finditer(text, start, end):
        if not _MET.search(text, max(start, m.start() - 20), m.start()):
            out.append(m.start())
    return out


# a figure restated as a target (…增长7.8%,略低于8%的预定目标; 高于5%左右的预期目标): the value
# after the figure names it, and it is the target of the year the sentence reviews
RESTATED_TARGET = re.compile(r"的?(?:预定|预期|既定|年度|全年|计划|调控)?目标")

# 控制在 sets a ceiling for the coming year, but in a review it says what was achieved
WEAK_TARGET = re.compile(r"控制在|以内")
ESTIMATE = re.compile(r"预计(?!到|将|今年|明年)")
# a sentence that looks back does not take a target from the paragraph it stands in
LOOKS_BACK = re.compile(r"过去|以来|取得|完成了|实现了|达到了|预计|累计|比上年|同比|比去年|较上年"
                           r"|增长了|初步核算|[二两三四五]年(?:来|间)")
# a sentence that introduces a list of targets: its paragraph's later figures are targets
LIST_INTRO = regex.compile(r"(?:预期|主要|发展|奋斗)目标(?:是|为|[:：]|定为|如下|包括)|目标(?:是|为)[:：]"
                           r"|(?:预期|主要)目标[^。\n]{0,20}?[:：]|提出了?[^。\n]{0,20}?目标")

_HEADING = regex.compile(
    r"(?:^|(?<=[。：:!！]))[ \t#]*(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]"
    r"|第[一二三四五六七八九十]+(?:部分|章|篇|节))[ \t]*([^\n。 \t]{2,30})"
    # a short line set off by a box or a bracket (■ 2024年成绩单, 【2025年主要目标】)
    r"|^[ \t]*[■□◆◇▲△【][ \t]*([^\n。%％]{2,30}?)[】]?[ \t]*$", re.M)
_PLAN_SECTION = re.compile(r"工作安排|工作任务|目标任务|总体要求|预期目标|主要目标|主要任务|重点工作"
                              r"|工作建议|发展目标|指导思想|奋斗目标|工作思路|重点任务|工作重点")
_REVIEW_SECTION = re.compile(r"回顾|成就|成绩|总结|过去一年|五年来|发展基础|发展现状|基本情况")
_HEADING_YEAR = re.compile(r"((?:19|20)\d{2})年")


@dataclass(frozen=True)
class Section:
    """A numbered heading and what it says of the text under it."""

    start: int
    kind: str  # 'plan', 'review' or 'other'
    year: int | None  # the year the heading names (一、2021年工作回顾 -> 2021)
    title: str


def section_kind(heading: str) -> str:
    """'plan' or 'review' for a report's numbered heading; mixed headings decide nothing.

    >>> [section_kind(h) for h in ("2021年工作回顾", "2022年工作安排", "综合", "回顾成绩,部署重点工作")]
    ['review', 'plan', 'other', 'other']
    """
    plan, review = _PLAN_SECTION.search(heading), _REVIEW_SECTION.search(heading)
    if plan and not review:
        return "plan"
    if review and not plan:
        return "review"
    return "other"


def find_sections(text: str) -> list[Section]:
    """Numbered headings, at a line start or inline after a sentence (…。一、2021年工作回顾).

    >>> [(s.kind, s.year) for s in find_sections("前言。一、2021年工作回顾 2021年是…\\n二、2022年工作安排")]
    [('review', 2021), ('plan', 2022)]
    """
    out = []
    for m in _HEADING.finditer(text):
        title = m.group(1) or m.group(2)
        kind = section_kind(title)
        y = _HEADING_YEAR.search(title)
        out.append(Section(m.start(), kind, int(y.group(1)) if y else None, title.strip()))
    return out
