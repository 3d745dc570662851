"""Quantities in Chinese text: "3.46"+"万亿" -> Decimal, 一千二百, units, 多/余/近/左右.

One compiled pattern finds every quantity on a page in a single pass (the anchors);
rules then look only at the text around them.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache

import regex

_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}

SCALES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10,
    "十亿": Decimal(10) ** 9, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6, "十万": Decimal(10) ** 5, "万": Decimal(10) ** 4,
    "千": Decimal(1000), "百": Decimal(100),
}

# surface unit -> (base unit, factor to the base unit)
UNITS: dict[str, tuple[str, Decimal]] = {
    "%": ("percent", Decimal(1)),
    "个百分点": ("points", Decimal(1)),
    "百分点": ("points", Decimal(1)),
    "倍": ("times", Decimal(1)),
    "元": ("yuan", Decimal(1)),
    "美元": ("usd", Decimal(1)),
    "家": ("count", Decimal(1)),
    "个": ("count", Decimal(1)),
    "项": ("count", Decimal(1)),
    "户": ("households", Decimal(1)),
    "所": ("count", Decimal(1)),
    "座": ("count", Decimal(1)),
    "件": ("count", Decimal(1)),
    "台": ("units", Decimal(1)),
    "辆": ("vehicles", Decimal(1)),
    "人次": ("person_times", Decimal(1)),
    "人": ("persons", Decimal(1)),
    "名": ("persons", Decimal(1)),
    "吨": ("tonnes", Decimal(1)),
    "公斤": ("tonnes", Decimal("0.001")),
    "斤": ("tonnes", Decimal("0.0005")),
    "亩": ("mu", Decimal(1)),
    "平方米": ("sqm", Decimal(1)),
    "公里": ("km", Decimal(1)),
    "千瓦": ("kw", Decimal(1)),
}

QUALIFIERS_BEFORE = {
    "约": "approx", "大约": "approx", "近": "nearly", "接近": "nearly", "将近": "nearly",
    "超过": "over", "超": "over", "突破": "over", "逾": "over", "过": "over", "高于": "over",
    "不低于": "at_least", "不少于": "at_least", "至少": "at_least",
    "不超过": "at_most", "不高于": "at_most", "低于": "at_most", "控制在": "at_most",
    "不到": "at_most", "不足": "at_most",
}
QUALIFIERS_AFTER = {
    "以上": "at_least", "及以上": "at_least", "左右": "approx", "上下": "approx",
    "以内": "at_most", "之内": "at_most", "以下": "at_most", "多": "over", "余": "over",
}

_CN_NUM = "[零〇一二两三四五六七八九十百千万亿]"
_RATE_UNITS = {"%", "个百分点", "百分点", "倍"}
_AR_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_UNIT_ALT = "|".join(sorted(map(regex.escape, UNITS), key=len, reverse=True))
_SCALE_ALT = "|".join(sorted(SCALES, key=len, reverse=True))
_PRE_ALT = "|".join(sorted(QUALIFIERS_BEFORE, key=len, reverse=True))
_POST_ALT = "|".join(sorted(QUALIFIERS_AFTER, key=len, reverse=True))

ANCHOR_PATTERN = rf"""
(?P<pre>{_PRE_ALT})?
(?:
  (?<![\d.,])(?:(?<![\d%])(?P<sign>-|−))?(?P<num>{_AR_NUM})
  (?:(?P<pct1>%)?(?P<dash>至|到|—|-|~)(?P<num2>{_AR_NUM})(?![\d.]))?
  (?P<vague>多|余)?
  (?P<scale>{_SCALE_ALT})?
| (?<![第周半初末几上下前后同两整单星每零〇一二三四五六七八九十百千万亿])
  (?P<cn>{_CN_NUM}{{1,10}}(?:点[零〇一二三四五六七八九]{{1,4}})?)
  (?:(?P<cnvague>多|余)?(?P<cnscale>万亿|亿|万))?
)
(?P<vague2>多|余)?
(?:(?P<unit>{_UNIT_ALT})|(?<=亿)(?![元美多余人斤吨亩户个件项次]|千瓦|平方米|立方米|公里))
(?P<post>{_POST_ALT})?
"""


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number with its unit as found in (normalized) text."""

    start: int
    end: int
    value: Decimal
    unit: str  # base unit: percent, points, times, yuan, count, persons, tonnes...
    qualifier: str
    upper: Decimal | None = None  # for ranges such as 5%-6%


# 百分之五, 百分之三点五, 百分之12: percentages written out (rarer, so a pass of their own)
_PER_CENT = regex.compile(rf"(?P<pre>{_PRE_ALT})?百分之(?:(?P<num>{_AR_NUM})|"
                          r"(?P<cn>[零〇一二两三四五六七八九十百]{1,4}(?:点[零〇一二三四五六七八九]{1,4})?))"
                          rf"(?P<post>{_POST_ALT})?")


@cache
def anchor_regex() -> regex.Pattern:
    return regex.compile(ANCHOR_PATTERN, regex.VERBOSE)


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


def _arabic(s: str) -> Decimal:
    return Decimal(s.replace(",", ""))


def find_quantities(text: str, pos: int = 0, endpos: int | None = None) -> list[Quantity]:
    """Every quantity in text[pos:endpos].

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
    >>> [(str(q.value), q.unit) for q in find_quantities("突破251亿关口，亿元以上项目81个")]
    [('25100000000', 'yuan'), ('81', 'count')]
    >>> [str(q.value) for q in find_quantities("百亿企业达到50家，一辆整车，三个高地，两万人")]
    ['50', '20000']
    """
    out = []
    rx = anchor_regex()
    end = len(text) if endpos is None else endpos
    for m in rx.finditer(text, pos, end):
        q = _to_quantity(m)
        if q is not None:
            out.append(q)
    if "百分之" in text[pos:end]:
        for m in _PER_CENT.finditer(text, pos, end):
            value = _arabic(m.group("num")) if m.group("num") else parse_chinese(m.group("cn"))
            qual = QUALIFIERS_AFTER[m.group("post")] if m.group("post") else (
                QUALIFIERS_BEFORE[m.group("pre")] if m.group("pre") else "exact")
            out.append(Quantity(m.start(), m.end(), value, "percent", qual))
        out.sort(key=lambda q: q.start)
    return out


def _to_quantity(m: regex.Match) -> Quantity | None:
    unit_s = m.group("unit")
    cn = m.group("cn")
    pre = m.group("pre")
    if cn is not None:
        # A bare 万/千/百 is a number only with a qualifier in front (近万人, 超千家);
        # otherwise it is a word (千家万户, 百亿企业).
        if cn in ("百", "千", "万", "亿") and not pre:
            return None
        if unit_s is None:
            return None  # 百亿企业, 千亿级: a name, not an amount
        base = parse_chinese(cn)
        scale = SCALES[m.group("cnscale")] if m.group("cnscale") else Decimal(1)
        if base * scale < 10 and unit_s not in _RATE_UNITS:
            return None  # 一辆, 三个高地: a determiner, not a figure (两个百分点 is one)
    else:
        base = _arabic(m.group("num"))
        scale = SCALES[m.group("scale")] if m.group("scale") else Decimal(1)
    if unit_s is None:
        # "251亿" with no unit: money by convention of these texts
        unit, factor = "yuan", Decimal(1)
    else:
        unit, factor = UNITS[unit_s]
    value = base * scale * factor
    if cn is None and m.group("sign"):
        value = -value  # 比上年增长-2.3%
    upper = None
    if m.group("num2"):
        upper = _arabic(m.group("num2")) * scale * factor
        if upper <= base:
            return None  # 1-11 (a period) or a date, not a range
    qualifier = "exact"
    if pre:
        qualifier = QUALIFIERS_BEFORE[pre]
    if m.group("vague") or m.group("vague2") or m.group("cnvague"):
        qualifier = "over"
    post = m.group("post")
    if post:
        qualifier = QUALIFIERS_AFTER[post]
    if upper is not None and qualifier == "exact":
        qualifier = "at_least"  # a record holds one value: 5%-6% is reported as "at least 5%"
    return Quantity(m.start(), m.end(), value, unit, qualifier, upper)
