"""How figures are shown: display units (亿元, 万人, %), number formatting, indicator
labels for the picker, and a colour per region.

Values are stored in base units (yuan, persons, tonnes, count, percent points); a chart or
table picks one display scale per series so every number on an axis shares its unit.

>>> s = scale_for("yuan", [3.927e11, 2.1e10]); s.factor, s.label("zh"), s.label("en")
(100000000.0, '亿元', 'CNY 100 m')
>>> format_number(392700000000 / s.factor)
'3,927'
>>> format_value(5.5, "percent", "zh")
'5.5%'
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from indicators.records.catalogue import FAMILIES, INDICATORS, display_name, family_of


@dataclass(frozen=True)
class Scale:
    """A display unit: divide base values by ``factor``; label it ``zh``/``en``."""

    factor: float
    zh: str
    en: str

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


# unit -> scales from largest to smallest; the first whose factor fits the data is used
_SCALES: dict[str, tuple[Scale, ...]] = {
    "yuan": (Scale(1e8, "亿元", "CNY 100 m"), Scale(1e4, "万元", "CNY 10k"),
             Scale(1, "元", "CNY")),
    "usd": (Scale(1e8, "亿美元", "USD 100 m"), Scale(1e4, "万美元", "USD 10k"),
            Scale(1, "美元", "USD")),
    "persons": (Scale(1e4, "万人", "10k persons"), Scale(1, "人", "persons")),
    "tonnes": (Scale(1e4, "万吨", "10k t"), Scale(1, "吨", "t")),
    "vehicles": (Scale(1e4, "万辆", "10k vehicles"), Scale(1, "辆", "vehicles")),
    "mu": (Scale(1e4, "万亩", "10k mu"), Scale(1, "亩", "mu")),
    "percent": (Scale(1, "%", "%"),),
    "points": (Scale(1, "个百分点", "pp"),),
}
_ENTERPRISE_COUNT = Scale(1, "家", "firms")
_COUNT = Scale(1, "个", "count")


def scale_for(unit: str, values: Iterable[float] = (), indicator: str | None = None) -> Scale:
    """The display scale for a series: the largest unit that keeps its biggest value ≥ 1.

    >>> scale_for("persons", [8_500]).zh, scale_for("persons", [85_000]).zh
    ('人', '万人')
    >>> scale_for("count", [12], "high_tech_enterprises").zh
    '家'
    """
    if unit == "count":
        return _ENTERPRISE_COUNT if indicator and family_of(indicator) == "enterprises" \
            else _COUNT
    scales = _SCALES.get(unit)
    if scales is None:
        return Scale(1, unit, unit)
    finite = [abs(v) for v in values if v is not None and math.isfinite(v)]
    top = max(finite, default=0.0)
    for s in scales:
        if top >= s.factor:
            return s
    return scales[-1]


def format_number(x: float | None) -> str:
    """Thousands separators, at most two decimals, no trailing zeros.

    >>> format_number(1234.5), format_number(5.0), format_number(-0.125), format_number(None)
    ('1,234.5', '5', '-0.12', '')
    """
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return ""
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_value(value: float, unit: str, lang: str = "zh",
                 indicator: str | None = None) -> str:
    """One value with its own best unit: ``3,927亿元``, ``5.5%``, ``12家``.

    >>> format_value(392700000000, "yuan", "zh"), format_value(392700000000, "yuan", "en")
    ('3,927亿元', '3,927 CNY 100 m')
    """
    s = scale_for(unit, [value], indicator)
    sep = "" if lang == "zh" or s.en == "%" else " "
    return f"{format_number(value / s.factor)}{sep}{s.label(lang)}"


def region_label(name: str, lang: str) -> str:
    """A region's name in the interface language (English names from region_names).

    >>> region_label("长沙市", "en"), region_label("长沙市", "zh")
    ('Changsha', '长沙市')
    """
    if lang != "en" or not isinstance(name, str):
        return name
    from indicators.dashboard.region_names import english_name

    return english_name(name)


def family_label(family: str, lang: str) -> str:
    zh, en = FAMILIES.get(family, ("其他", "Other"))
    return en if lang == "en" else zh


def indicator_label(key: str, lang: str) -> str:
    """Picker label with both names so either language finds it by typing:
    ``经济总量｜地区生产总值增长 · GDP growth``."""
    other = "zh" if lang == "en" else "en"
    names = f"{display_name(key, lang)} · {display_name(key, other)}"
    return f"{family_label(family_of(key), lang)}｜{names}"


def indicator_order(keys: Iterable[str]) -> list[str]:
    """Keys grouped by family in catalogue order; keys outside the catalogue last, by name.

    >>> indicator_order(["loans", "gdp_growth", "tech_smes", "gdp"])
    ['gdp', 'gdp_growth', 'tech_smes', 'loans']
    """
    families = list(FAMILIES)
    position = {ind.key: i for i, ind in enumerate(INDICATORS)}

    def sort_key(k: str) -> tuple:
        fam = family_of(k)
        return (families.index(fam) if fam in families else len(families),
                position.get(k, len(position)), k)

    return sorted(set(keys), key=sort_key)


def axis_title(key: str, unit: str, values: Iterable[float], lang: str) -> str:
    """``地区生产总值 (亿元)``: the indicator's name with the chart's display unit."""
    return f"{display_name(key, lang)} ({scale_for(unit, values, key).label(lang)})"


# Fourteen colours chosen greedily from plotly's qualitative palettes to maximise the
# smallest CIELAB distance between any two (ΔE ≥ 32) and from the grey/black used for the
# province and the nation; tests/test_views.py checks the distance.
CITY_COLOURS = ("#f58518", "#511cfb", "#ff0092", "#1ca71c", "#3283fe", "#fe00fa", "#862a16",
                "#00a08b", "#bcbd22", "#c075a6", "#f6222e", "#00b5f7", "#990099", "#6c7c32")
PROVINCE_COLOUR = "#4d4d4d"
NATION_COLOUR = "#000000"
_EXTRA = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
          "#17becf", "#7f7f7f", "#bcbd22")


def region_order(names: Iterable[str]) -> list[str]:
    """全国, then provinces, then cities and counties in adcode order; unknown names last.

    >>> region_order(["醴陵市", "长沙市", "湖南省", "株洲市"])
    ['湖南省', '长沙市', '株洲市', '醴陵市']
    """
    from indicators.records import regions as gaz

    levels = {"country": 0, "province": 1, "prefecture": 2, "county": 3}

    def key(name: str) -> tuple:
        reg = gaz.get(name)
        return (levels.get(reg.level, 4), reg.code, name) if reg else (5, "", name)

    return sorted(set(names), key=key)


def region_colours(regions: Iterable[str]) -> dict[str, str]:
    """A fixed colour per Hunan city (the same on every chart and map), grey for a
    province, black for 全国; counties and others share a fallback cycle."""
    from indicators.records import regions as gaz

    cities = [r.name for r in gaz.hunan_prefectures()]
    out: dict[str, str] = {}
    extra = 0
    for name in regions:
        reg = gaz.get(name)
        if name in cities:
            out[name] = CITY_COLOURS[cities.index(name)]
        elif reg is not None and reg.level == "province":
            out[name] = PROVINCE_COLOUR
        elif reg is not None and reg.level == "country":
            out[name] = NATION_COLOUR
        else:
            out[name] = _EXTRA[extra % len(_EXTRA)]
            extra += 1
    return out


def timestamp(iso: str | None) -> str:
    """The store's ``2026-12-01T04:58:04`` as ``2026-12-01 04:58`` for a caption; ``—`` when
    there is none. To the minute: a time with seconds (``04:58:04``) reads to Streamlit's
    Markdown as an emoji code (``:58:``) and makes every page load 0.25 MB of emoji tables.

    >>> timestamp("2026-12-01T04:58:04")
    '2026-12-01 04:58'
    """
    return iso[:16].replace("T", " ") if iso else "—"


_MD_SPECIAL = frozenset("\\`*_{}[]()<>#+-.!|~:$=^\"'&%@;,/?")


def md_escape(text: str) -> str:
    """``text`` for a Streamlit element that renders Markdown (st.error, st.success…), shown as
    written: every ASCII punctuation mark is backslash-escaped (CommonMark), so a file name
    or a store message can never become a link, an image, a colour directive or a formula.

    >>> md_escape("[x](http://e) :red[a] $x$")
    '\\\\[x\\\\]\\\\(http\\\\:\\\\/\\\\/e\\\\) \\\\:red\\\\[a\\\\] \\\\$x\\\\$'
    """
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in str(text))
