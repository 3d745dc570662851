"""Scope: a figure about part of a region is never the region's own figure.

A county-level total (全省98个县域地区生产总值), an industrial park (县工业集中区完成规模工业增加
值11亿元), the city's own budget level (其中市本级完成一般公共预算收入53.6亿元), an industry
chain (链上企业…其中高新技术企业126家) or a planning area: the scope word stands in the
subject of the figure's clause, or heads its sentence as the topic the later clauses keep
until one of them names a region of its own (全县, 全市, 株洲市…).

In: normalized text, the sentence start and where the figure's subject starts. Out: the
scope (a key prefix such as ``park``, and the phrase that scoped it) or None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# regex where it outruns re: patterns that open with a class or a look-behind (measured)
import regex

from indicators.records import regions

# one class of scope per key prefix; the patterns are the words that name such a part
_SCOPES = (
    ("county_total", r"县域|(?:全省|全市)?[\d一二三四五六七八九十百]+个县(?:市区|\(市、区\)|市)?"),
    ("park", r"园区|开发区|经开区|高新区|工业园|产业园|工业集中区|集中区|示范区|(?<!湘江)新区|自贸(?:试验)?区"
             r"|综保区|综合保税区|产业基地|基地|片区"),
    ("subregion", r"(?:市|县|区|省)本级|本级|中心城区|主城区|城区|城市区"
                  r"|(?:脱贫|贫困|民族)(?:地区|县)"),
    ("chain", r"(?:产业)?链上(?=企业|规上|规模)|产业链(?=企业|规上|规模)|集群(?=企业|内)"),
)
_SCOPE_RX = regex.compile("|".join(f"(?P<{k}>{p})" for k, p in _SCOPES))
# a clause that starts with a verb of doing is not about the place it names (推动园区…)
_VERB_FIRST = re.compile(r"推动|推进|加快|建设|打造|支持|依托|围绕|入驻|引进|促进|抓好|做强|培育|实施|突出|坚持")
# a clause that names a whole region of its own ends the topic (全县…, 株洲市…)
_PRONOUN_FIRST = re.compile(r"(?:其中|另外|此外|同时|全年)?(?:全|我|本)(?:省|市|州|县|区)(?![本级域])")
_LEAD_WORDS = re.compile(r"^(?:其中|另外|此外|同时|全年)+")
_CLAUSE = re.compile(r"[,;:，；：]")
_TOPIC_REACH = 12  # a topic's scope word stands near the start of its clause
_TOPIC_WINDOW = 160  # how far back a sentence's topic is looked for


@dataclass(frozen=True)
class Scope:
    prefix: str  # county_total, park, subregion, chain
    phrase: str  # the words that name the part, kept as the figure's subject


def _in_clause(text: str, c0: int, end: int) -> Scope | None:
    """A scope word in text[c0:end] (a clause, up to a name or figure), not after a verb."""
    for m in _SCOPE_RX.finditer(text, c0, end):
        before = text[c0:m.start()]
        if _VERB_FIRST.search(before):
            continue
        lead = _LEAD_WORDS.match(before)
        start = c0 + (lead.end() if lead else 0)
        return Scope(m.lastgroup, text[start:m.end()].strip() or m.group())
    return None


def _names_region(text: str, a: int, b: int) -> bool:
    """The clause text[a:b] opens with a whole region: 全县…, 我市…, 株洲市…"""
    if _PRONOUN_FIRST.match(text, a, b):
        return True
    lead = _LEAD_WORDS.match(text, a, b)
    a = lead.end() if lead else a
    found = regions.find_regions(text[a:min(b, a + 12)])
    if not found or found[0][0] > 1:
        return False
    s, e, _ = found[0]
    return not _SCOPE_RX.match(text, a + e)  # 株洲高新区 is a park, not 株洲市


def scope_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the scope words in text[start:end]: found once for a sentence, they tell
    ``scope_of`` where none can be (a word it would find overlaps one of these)."""
    return [m.span() for m in _SCOPE_RX.finditer(text, start, end)]


def scope_of(text: str, s0: int, subject_start: int,
             words: list[tuple[int, int]] | None = None) -> Scope | None:
    """The scope of a figure whose subject starts at ``subject_start`` in the sentence that
    starts at ``s0``: its own clause first, then the sentence's topic.

    >>> t = "县工业集中区新增规上企业2家,完成规模工业增加值11亿元,占全县的比重达70%"
    >>> scope_of(t, 0, t.index("规模工业增加值"))
    Scope(prefix='park', phrase='县工业集中区')
    >>> t = "推动园区提质升级,规模工业增加值增长8%"
    >>> scope_of(t, 0, t.index("规模工业增加值")) is None
    True
    >>> t = "其中市本级完成一般公共预算收入53.6亿元"
    >>> scope_of(t, 0, t.index("一般公共预算收入"))
    Scope(prefix='subregion', phrase='市本级')
    """
    # a topic is set within a few clauses: a bounded look keeps page-long sentences linear
    c0 = max(s0, subject_start - _TOPIC_WINDOW)
    if words is None:  # else ``scope_words`` of the sentence from s0 to at least subject_start
        words = scope_words(text, c0, subject_start)
    if not any(b > c0 and a < subject_start for a, b in words):
        return None  # most figures: no scope word anywhere near
    clauses = []
    for m in _CLAUSE.finditer(text, c0, subject_start):
        clauses.append((c0, m.start()))
        c0 = m.end()
    own = _in_clause(text, c0, subject_start)
    if own is not None:
        return own
    topic = None
    for a, b in clauses + [(c0, subject_start)]:
        head = text[a:min(b, a + _TOPIC_REACH)]
        if _names_region(text, a, b):
            topic = None
        else:
            topic = _in_clause(text, a, a + len(head)) or topic
    return topic
