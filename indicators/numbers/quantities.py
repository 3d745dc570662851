"""Quantities in Chinese text: "3.46"+"万亿" -> Decimal, 一千二百, units, 多/余/近/左右.

One compiled pattern finds every quantity on a page in a single pass (the anchors);
rules then look only at the text around them.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import cache, lru_cache
from typing import NamedTuple

import regex

from indicators.numbers.units import (
    QUALIFIERS_AFTER,
    QUALIFIERS_BEFORE,
    RATE_UNITS,
    SCALED_ONLY,
    SCALES,
    UNIT_NOT_BEFORE,
    UNITS,
)

__all__ = ["QUALIFIERS_AFTER", "QUALIFIERS_BEFORE", "SCALES", "UNITS", "Quantity",
           "anchor_regex", "find_quantities", "parse_chinese"]

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}

_CN_NUM = "[零〇一二两三四五六七八九十百千万亿]"
_AR_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_UNIT_ALT = "|".join(regex.escape(u) + (f"(?![{UNIT_NOT_BEFORE[u]}])" if u in UNIT_NOT_BEFORE else "")
                     for u in sorted(UNITS, key=len, reverse=True))
_SCALE_ALT = "|".join(sorted(SCALES, key=len, reverse=True))
_PRE_ALT = "|".join(sorted(QUALIFIERS_BEFORE, key=len, reverse=True))
_POST_ALT = "|".join(sorted(QUALIFIERS_AFTER, key=len, reverse=True))

# 负 is a minus sign where a number may stand: after a growth word or a copula (增长负2.1%,
# 增速为负2.1%, 达到负12家), in a list (分别为负1.2%、负0.8%), after punctuation or a
# qualifier. Elsewhere it ends a word (减负2.6万亿元, 税负15%, 担负, 肩负) and is no sign.
_NEG_AFTER = "|".join(sorted({"增长", "增速", "增幅", "涨幅", "增长率", "增", "为", "是", "达",
                              "到", "至", "了", "呈", "在", "完成", "实现", "录得", "分别", "和",
                              "与", "及", "或"}
                             | set(QUALIFIERS_BEFORE), key=len, reverse=True))
# A clause end right after a bare decimal: where a % lost in PDF text leaves the number alone.
_CLAUSE_END = r"[,;:。；，、)）\n]|\Z"
# The growth words after which such a bare decimal is a percentage (比上年增长3.6;).
# 提高/提升 are left out: with a rate they take 个百分点, and the words survive PDF text.
# Checked inside the pattern (a lookbehind), so that bare numbers elsewhere cost nothing.
_LOST_PERCENT = (rf"(?<=(?:增长|增速|增幅|涨幅|上涨|下降)(?:为|是|了)?(?:{_PRE_ALT})?(?:[-−]|负)?"
                 rf"\d+\.\d+)(?={_CLAUSE_END})")

ANCHOR_PATTERN = rf"""
(?P<pre>{_PRE_ALT})?
(?P<neg>负(?<=(?:^|[^\u4e00-\u9fff]|{_NEG_AFTER})负))?
(?:
  (?<![\d.,注])(?:(?<![\d%])(?P<sign>-|−))?(?P<num>{_AR_NUM})
  (?:(?P<pct1>%)?(?P<dash>至|到|—|-|~)(?P<num2>{_AR_NUM})(?![\d.]))?
  (?P<vague>多|余)?
  (?P<scale>{_SCALE_ALT})?
| (?<![第周半初末几上下前后同两整单星每零〇一二三四五六七八九十百千万亿])
  (?P<cn>{_CN_NUM}{{1,10}}(?:点[零〇一二三四五六七八九]{{1,4}})?)
  (?:(?P<cnvague>多|余)?(?P<cnscale>万亿|亿|万))?
)
(?P<vague2>多|余)?
(?:(?P<unit>{_UNIT_ALT})
  |(?<=亿)(?![元美多余人斤吨亩户个件项次头只羽度标]|千瓦|平方米|平米|立方米|公里|公顷|千公顷)
  |(?P<bare>{_LOST_PERCENT}))
(?P<post>{_POST_ALT})?
"""


class Quantity(NamedTuple):
    """A number with its unit as found in (normalized) text."""

    start: int
    end: int
    value: Decimal
    unit: str  # base unit: percent, points, times, yuan, count, persons, tonnes...
    qualifier: str
    upper: Decimal | None = None  # for ranges such as 5%-6%
    # the unit was read from the words around the number, not written: a % lost in PDF text
    # (比上年增长3.6;). A rule may accept such a figure only as a growth rate.
    unit_implied: bool = False


# 百分之五, 百分之三点五, 百分之12: percentages written out (rarer, so a pass of their own)
_CN_PCT = r"[零〇一二两三四五六七八九十百]{1,4}(?:点[零〇一二三四五六七八九]{1,4})?"
# 百分之八至九, 百分之七到八: a range, as 增长5%-6% is
_PER_CENT = regex.compile(rf"(?P<pre>{_PRE_ALT})?百分之(?:(?P<num>{_AR_NUM})|(?P<cn>{_CN_PCT}))"
                          rf"(?:[至到—-](?:百分之)?(?P<cn2>{_CN_PCT}))?"
                          rf"(?P<post>{_POST_ALT})?")


# The pattern's groups in order: one m.groups() call is many times cheaper than a lookup by
# name per group, and this runs for every number on every page.
_GROUPS = ("pre", "neg", "sign", "num", "pct1", "dash", "num2", "vague", "scale", "cn",
           "cnvague", "cnscale", "vague2", "unit", "bare", "post")


@cache
def anchor_regex() -> regex.Pattern:
    rx = regex.compile(ANCHOR_PATTERN, regex.VERBOSE)
    if tuple(sorted(rx.groupindex, key=rx.groupindex.get)) != _GROUPS:
        raise AssertionError(f"ANCHOR_PATTERN groups changed: {list(rx.groupindex)}")
    return rx


def parse_chinese(s: str) -> Decimal:
    """Value of a Chinese numeral.

    >>> [int(parse_chinese(x)) for x in ["一千二百", "两万", "百亿", "十五", "三万五千", "二〇二"]]
    [1200, 20000, 10000000000, 15, 35000, 202]
    >>> int(parse_chinese("一万亿"))
    1000000000000
    >>> parse_chinese("三点五")
    Decimal('3.5')
    """
    if "点" in s:
        whole, frac = s.split("点", 1)
        return parse_chinese(whole or "零") + Decimal("0." + "".join(str(_DIGIT[c]) for c in frac))
    if all(c in _DIGIT for c in s) and len(s) > 1:  # 二〇二: digit by digit
        return Decimal("".join(str(_DIGIT[c]) for c in s))
    total, section, digit = Decimal(0), Decimal(0), None
    for c in s:
        if c in _DIGIT:
            digit = _DIGIT[c]
        elif c in _SMALL:
            section += (1 if digit is None else digit) * _SMALL[c]
            digit = None
        elif c in _BIG:
            section += digit or 0
            if c == "亿":  # 亿 multiplies everything before it (一万亿 = 10^12)
                total = ((total + section) or 1) * _BIG[c]
            else:
                total += (section or 1) * _BIG[c]
            section, digit = Decimal(0), None
    return total + section + (digit or 0)


_ONE = Decimal(1)


def _arabic(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


_BARE_SCALES = frozenset({"十", "百", "千", "万", "亿", "十亿", "百亿", "千亿", "万亿"})
_CLASS_AFTER = re.compile(r"[”\"]?(?:级别|梯队|板块|方阵|阵营|俱乐部)")
_NAMED_BY_SCALE = regex.compile(r"级?(?:企业|产业|项目|集群|园区|工程|县|市|强|规模)")


def find_quantities(text: str, pos: int = 0, endpos: int | None = None, *,
                    lost_percent: bool = False) -> list[Quantity]:
    """Every quantity in text[pos:endpos].

    With ``lost_percent``, a bare decimal after a growth word at a clause end (比上年增长3.6;)
    is also returned, as a percentage with ``unit_implied`` set.

    >>> [(str(q.value), q.unit, q.qualifier) for q in find_quantities("营收3000多万元，企业80余家")]
    [('30000000', 'yuan', 'over'), ('80', 'count', 'over')]
    >>> [(str(q.value), q.unit, q.qualifier) for q in find_quantities("突破4500亿元，增长2.5倍")]
    [('450000000000', 'yuan', 'over'), ('2.5', 'times', 'exact')]
    >>> [(float(q.value), q.unit) for q in find_quantities("总产达613.6亿斤，提高3.6个百分点")]
    [(30680000.0, 'tonnes'), (3.6, 'points')]
    >>> [str(q.value) for q in find_quantities("1-11月，增长6%左右，第15位，近万人")]
    ['6', '10000']
    >>> [(str(q.value), str(q.upper)) for q in find_quantities("增长5%-6%")]
    [('5', '6')]
    >>> [str(q.value) for q in find_quantities("比上年增长-2.3%,1-11月")]
    ['-2.3']
    >>> [(str(q.value), q.unit, q.qualifier) for q in find_quantities("增长百分之三点五左右")]
    [('3.5', 'percent', 'approx')]
    >>> [(str(q.value), str(q.upper)) for q in find_quantities("定为百分之八至九")]
    [('8', '9')]
    >>> [(str(q.value), q.qualifier) for q in find_quantities("产量达到四亿零七百多万吨")]
    [('407000000', 'over')]
    >>> [(str(q.value), q.unit) for q in find_quantities("突破251亿关口，亿元以上项目81个")]
    [('25100000000', 'yuan'), ('81', 'count')]
    >>> [str(q.value) for q in find_quantities("百亿企业达到50家，一辆整车，三个高地，两万人")]
    ['50', '20000']
    >>> [str(q.value) for q in find_quantities("GDP达200亿级别,迈入“2千亿梯队”,100亿板块:13个")]
    ['13']
    >>> [str(q.value) for q in find_quantities("地区生产总值为5万3230.99亿元")]
    ['5323099000000.00']
    >>> [q.qualifier for q in find_quantities("跨越4000亿元和5000亿元,投资100亿元以上和200亿元")]
    ['over', 'over', 'at_least', 'exact']
    """
    out = []
    rx = anchor_regex()
    end = len(text) if endpos is None else endpos
    for m in rx.finditer(text, pos, end):
        g = m.groups()
        if g[9] in _BARE_SCALES and _NAMED_BY_SCALE.match(text, m.end()):
            continue  # 百亿元企业, 千亿元产业: a class of things named by a size, not an amount
        if _CLASS_AFTER.match(text, m.end()):
            continue  # 达200亿级别, “2千亿梯队”, 100亿板块: a class of sizes, not an amount
        q = _to_quantity(g, m.start(), m.end())
        if q is not None and (lost_percent or not q.unit_implied):
            out.append(q)
    if lost_percent:
        out = _shared_units(text, out)
    out = _thresholds(text, out, pos, end)
    if _WAN_YI.search(text, pos, end):  # rare: most pages skip the pass
        out = _wan_yi(text, out)
    if text.find("百分之", pos, end) >= 0:
        for m in _PER_CENT.finditer(text, pos, end):
            value = _arabic(m.group("num")) if m.group("num") else parse_chinese(m.group("cn"))
            upper = parse_chinese(m.group("cn2")) if m.group("cn2") else None
            qual = QUALIFIERS_AFTER[m.group("post")] if m.group("post") else (
                QUALIFIERS_BEFORE[m.group("pre")] if m.group("pre") else "exact")
            out.append(Quantity(m.start(), m.end(), value, "percent", qual,
                                upper if upper is not None and upper > value else None))
        out.sort(key=lambda q: q.start)
    return out


# what joins the items of a list of numbers
_LIST_SEP = r"\s*(?:[、和及与]|以及)\s*"
# the numbers of a list before its last, which alone writes the unit (0.4、2.2和2.1个百分点)
_LIST_REST = re.compile(rf"(?:{_LIST_SEP}[-\d.]+)*{_LIST_SEP}")


def _shared_units(text: str, qs: list[Quantity]) -> list[Quantity]:
    """A bare number read as a lost % takes the unit its list ends with when that unit is
    written (分别拉动GDP增长0.4、2.2和2.1个百分点: points, not 0.4%)."""
    out = list(qs)
    for i, q in enumerate(out[:-1]):
        nxt = out[i + 1]
        if q.unit_implied and not nxt.unit_implied and nxt.unit in ("points", "percent") \
                and _LIST_REST.fullmatch(text, q.end, nxt.start):
            out[i] = q._replace(unit=nxt.unit, unit_implied=False)
    return out


# 5万3230.99亿元: 万亿 written once, the rest in 亿 (53230.99亿元)
_WAN_YI = re.compile(r"\d万\d{4}")
_WAN_BEFORE = re.compile(r"(?<![\d.])(\d{1,3})万$")
_FOUR_DIGITS_YI = re.compile(r"\d{4}(?:\.\d+)?亿")


def _wan_yi(text: str, qs: list[Quantity]) -> list[Quantity]:
    """An amount in 亿 of four digits after a bare count of 万 is one amount (5万3230.99亿元)."""
    out = []
    for q in qs:
        if q.unit in ("yuan", "usd") and _FOUR_DIGITS_YI.match(text, q.start):
            m = _WAN_BEFORE.search(text, max(0, q.start - 5), q.start)
            if m is not None:
                q = q._replace(start=m.start(), value=q.value + int(m.group(1)) * 10**12)
        out.append(q)
    return out


_THRESHOLD_AFTER = re.compile(r"(?:大关|台阶|关口)")
_LIST_JOIN = re.compile(_LIST_SEP)
_PRE_WORD = re.compile(f"(?:{_PRE_ALT})")


def _thresholds(text: str, qs: list[Quantity], pos: int, end: int) -> list[Quantity]:
    """A size named as a threshold (5000亿元台阶, 千亿大关) is passed: ``over``; and the word
    before a list qualifies each of its items (跨越4000亿元和5000亿元台阶)."""
    out = list(qs)
    named = _THRESHOLD_AFTER.search(text, pos, end) is not None
    for i, q in enumerate(out):
        if named and q.qualifier == "exact" and _THRESHOLD_AFTER.match(text, q.end):
            out[i] = q = q._replace(qualifier="over")
        prev = out[i - 1] if i else None
        if prev is not None and q.qualifier == "exact" and prev.qualifier != "exact" \
                and prev.unit == q.unit and _PRE_WORD.match(text, prev.start) \
                and _LIST_JOIN.fullmatch(text, prev.end, q.start):
            out[i] = q._replace(qualifier=prev.qualifier)  # 跨越…和…: not 100亿元以上和…
    return out


_LARGER = {"万": "亿", "亿": "", "万亿": ""}


def _chinese_amount(cn: str, cnscale: str | None) -> tuple[Decimal, Decimal]:
    """(base, scale) of a Chinese amount: 三亿三千五百多万 is 3亿 and 3,500万, not
    (3亿3500)万: a scale after 多 applies to what follows the last larger unit only.

    >>> [str(a * b) for a, b in (_chinese_amount("四亿零七百", "万"), _chinese_amount("三千", "万"))]
    ['407000000', '30000000']
    """
    if not cnscale:
        return parse_chinese(cn), _ONE
    scale = SCALES[cnscale]
    larger = _LARGER.get(cnscale)
    i = cn.rfind(larger) if larger else -1
    if i < 0:
        return parse_chinese(cn), scale
    head, tail = parse_chinese(cn[:i + 1]), cn[i + 1:].lstrip("零〇")
    return head + (parse_chinese(tail) * scale if tail else 0), _ONE


def _to_quantity(g: tuple, start: int, end: int) -> Quantity | None:
    """The quantity of one match of ANCHOR_PATTERN, given its groups (see _GROUPS)."""
    read = _read(g)
    return None if read is None else Quantity(start, end, *read)


@lru_cache(maxsize=4096)  # the same figure recurs (tables, lists): read it once
def _read(g: tuple) -> tuple | None:
    """(value, unit, qualifier, upper, unit_implied) of a match's groups, or None."""
    (pre, neg, sign, num, _, _, num2, vague, scale_s, cn, cnvague, cnscale, vague2, unit_s,
     bare, post) = g
    if cn is not None:
        # A bare 万/千/百 is a number only with a qualifier in front (近万人, 超千家);
        # otherwise it is a word (千家万户, 百亿企业).
        if cn in ("百", "千", "万", "亿") and not pre:
            return None
        if unit_s is None:
            return None  # 百亿企业, 千亿级: a name, not an amount
        base, scale = _chinese_amount(cn, cnscale)
        if base * scale < 10 and unit_s not in RATE_UNITS:
            return None  # 一辆, 三个高地: a determiner, not a figure (两个百分点 is one)
    else:
        base = _arabic(num)
        scale = SCALES[scale_s] if scale_s else _ONE
    if unit_s in SCALED_ONLY and scale == 1:
        return None  # 25度 is a temperature; 12亿度 is electricity
    if bare is not None:
        unit, factor = "percent", _ONE  # 增长3.6; where PDF text lost the %
    elif unit_s is None:
        unit, factor = "yuan", _ONE  # "251亿" with no unit: money by convention of these texts
    else:
        unit, factor = UNITS[unit_s]
    value = base * scale * factor
    if sign or neg:
        value = -value  # 比上年增长-2.3%, 增速为负2.1%; 达到负12家 stays negative for validation
    upper = None
    if num2:
        high = _arabic(num2)
        if high <= base:
            return None  # 1-11 (a period) or a date, not a range
        upper = high * scale * factor
    qualifier = "exact"
    if pre:
        qualifier = QUALIFIERS_BEFORE[pre]
    if vague or vague2 or cnvague:
        qualifier = "over"
    if post:
        qualifier = QUALIFIERS_AFTER[post]
    if upper is not None and qualifier == "exact":
        qualifier = "at_least"  # a record holds one value: 5%-6% is reported as "at least 5%"
    return value, unit, qualifier, upper, bare is not None
