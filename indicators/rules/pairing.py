"""Pairing numbers with the names that govern them, within one sentence.

The nearest name before a number when only function words stand between; a list of names
with a list of values (分别); a chain of clauses (…亿元，增长9.1%); counts before names
(399家…企业); figures with no catalogue name kept with their subject. The unit and the
words before the number choose the key: level, growth, change in points, new, net new.
"""
from __future__ import annotations

import bisect
import copy
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

# the stdlib's re where it can read a pattern (half the regex package's cost per call, and
# these run for every figure); regex for variable-width look-behind and reverse search
import regex

from indicators.context.kind import RESTATED_TARGET
from indicators.context.region import PRONOUNS
from indicators.numbers.quantities import Quantity, find_quantities
from indicators.records.catalogue import allowed_units, base_key, is_catalogue
from indicators.records.regions import find_regions
from indicators.rules.loader import CompiledRule, default_rules
from indicators.rules.scope import scope_of, scope_words

# What may stand between a name and its number, or between two numbers of one chain.
_FUNCTION = re.compile(r"""(?:
    比上年|比去年|较上年|较去年|比上年同期|同比|环比|同期|比年初|较年初|年初|(?:经|据)?初步核算|按(?:不变|可比|现行)?价格?计算|按现价计算|年均|年平均|平均每年|[两三四五]年平均|平均|分别|其中|全年|全市|全省|全县|全区
  | 增长|增速|增幅|增|上涨|涨幅|提高|提升|回升|下降|减少|降低|回落|下滑|减|负增长|净增|新增|新入统|新认定|新培育
  | 实现|完成|达到|达|为|是|突破|超过|超|高达|首次|已|又|再|累计|共|总量|总数|总额|规模|金额|总计|合计|共计|数量
  | 连续|相继|先后|接连|跨越|跨上|迈上|迈过|站上|登上|(?:屡|再|又|连)?创(?:历史|同期)?新高
  | 预计|初步统计|初步核算|按可比价格计算|按可比价计算|可比价|扣除价格因素|实际|名义|保持|稳定在|控制在|力争|争取|确保
  | (?:宏观调控|预期|主要|奋斗)?目标|预期|计划|定为|拟
  | 左右|约|近|的|了|和|与|及|以及|至|从|由|到|增加|提高到|增长到|增长至|增加到|达到了|在|有|亿元|万元|元|个|家|项
  | [两三四五]年均|\d{4}年(?:底|末|度)?|[一二三四]季度|前三季度|上半年|下半年|1?\d-1?\d月|\d{1,2}月(?:份|当月|单月)?|当月|单月|(?:十[一二三四五])五(?:期间|时期|以来)?
  | 期间|以来|末|年末|年底|当年|当季|本年|今年|去年|上年|明年|十年|五年|四年|三年|两年|较|比|于|由|计
  | \[\d+\]|\(GDP\)|\([^()]{1,12}\)|[\s,、:;()（）“”"'‘’·]
)*""", re.VERBOSE)
_LOOSE_CHARS = 5  # unknown characters tolerated between a name and its first number
_GROWTH_VERB = re.compile(r"(?:增长|增速|增幅|增|上涨|涨幅|提高|提升|回升|下降|减少|降低|回落|下滑|减|负增长)")
# 回落到2.6% / 降至3% is the level reached, not a fall by that much
_DECREASE = re.compile(r"(?:下降|减少|降低|回落|下滑|减|负增长)(?!到|至)[^增到至]*$")
_TIMES_GROWTH = re.compile(r"(?:增长|增加|提高)了?$")
# what joins the items of a list of names, values or regions: 、 , 和 及 与 以及
_SEP = re.compile(r"[、,]?(?:[、,和及与]|以及)")
_NEW = re.compile(r"新增|新认定|新培育|新入统|新入|新晋|新获评|获评|新引进|新上|入选|被认定为|认定为|获批|晋级")
_NET_NEW = re.compile(r"净增|增加(?!到|至)")
# a change in an amount: 增加/减少 1.6万亿元 (but 增加到/增长至 X is the level reached)
_CHANGE = re.compile(r"(?:增加|减少|增长|下降|降低|提高|净增|新增|增产|减产|增收|减收|多|少)了?$")
_TOTAL = re.compile(r"总数|总量|累计|达到?|共有|总计")
# shares, ranks, ratios, contributions and sub-populations (常住人口中男性…) are not the figure
_BLOCK = re.compile(r"占比|比重|占|居(?!民)|位居|排名|第|相当于|是\d{4}年的|的\d|贡献率|拉动|带动|^中"
                    # 比全省高1.2个百分点: a gap to another region, not a figure of its own
                    r"|比(?:全[省国市州]|[\u4e00-\u9fff]{2,5}?[省市县区])(?:平均(?:水平)?)?(?:高|低|快|慢)"
                    # 增速高于城镇居民2.1个百分点: a gap to something named (低于4.5% is a level)
                    r"|(?:高于|低于|快于|慢于)(?![\d百零一二三四五六七八九十])")
_PULL_BEFORE = re.compile(r"(?:拉动|带动)(?:了)?$")
_AVERAGE = re.compile(r"年均|年平均|平均每年|[两三四五]年平均|[两三四五]年均")
_AVERAGE_BEFORE = re.compile(r"(?:年均|年平均|平均每年)$")
# '从不到70万亿元增加到…': the starting value of an unnamed base year is no record
_FROM_BASE = re.compile(r"(?:从|由)$")
_BASE_YEAR = re.compile(r"(?:比|较|与|同)((?:19|20)\d{2})年")
# 比2012年(下同)增长47.7%: the base year stands for the growth rates that follow it too
_BASE_SAME = re.compile(r"(?:比|较)((?:19|20)\d{2})年(?:同期)?[(（]下同[)）]")
_OWN_BASE = re.compile(r"比上年|较上年|比去年|同比|比上年同期|比(?:19|20)\d{2}年")

_CLAUSE_MARK = re.compile(r"[,;、]")
_CLAUSE_SPLIT = re.compile(r"[,;]")
_STOP_MARK = re.compile(r"[。;]")
_TOTAL_NEXT = re.compile(r"[、,](?:总数|总量|累计)?达到?\d")
_TWO_HAN = re.compile(r"[\u4e00-\u9fff]{2}")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SUBJECT_HEAD = re.compile(r"^(?:全市|全省|全县|全区|全年|今年|去年|\d{4}年|实现|完成|其中|预计)+")
_SUBJECT_TAIL = re.compile(r"(?:实现|完成|达到|达|突破|超过|为|共|累计|总|金额"
                           # the level reached: 钢产量增加到3178万吨
                           r"|(?:增加|增长|提高|上升|扩大|发展|减少|下降|降低)(?:到|至))+$")
# where a change started: 钢产量由2046万吨…, 外运能力将由1980年的7200万吨…
_FROM_TAIL = re.compile(r"(?:将)?(?:从|由)(?:\d{4}年(?:底|末)?的?)?$")

GENERIC_KEYS = {"yuan": "amount", "usd": "amount", "tonnes": "output", "vehicles": "vehicle_output",
                 "count": "quantity", "persons": "people", "mu": "area", "hectares": "area",
                 "tce": "energy_consumption", "kwh": "electricity_consumption",
                 "head": "livestock_output", "birds": "livestock_output",
                 "teu": "container_throughput", "person_times": "tourist_arrivals",
                 "sqm": "floor_area", "households": "households", "cubic_m": "volume",
                 "units": "units"}
_GENERIC_HINTS = [
    (regex.compile(r"产值"), "output_value"), (regex.compile(r"营收|营业收入|销售收入|技工贸总收入"), "revenue"),
    (regex.compile(r"投资|签约"), "investment"), (regex.compile(r"数字经济"), "digital_economy"),
    (regex.compile(r"增加值"), "value_added"),
]


@dataclass
class Hit:
    start: int
    end: int
    rule: CompiledRule


@dataclass
class Candidate:
    """A paired figure before context resolution."""

    rule_id: str
    indicator: str
    start: int  # quote start in normalized text (the name, or the number for chained figures)
    end: int
    value: Decimal
    unit: str
    qualifier: str
    q: Quantity
    average: bool = False
    subject: str | None = None
    region: str | None = None
    subject_start: int | None = None  # where the name the figure belongs to starts
    base: bool = False  # the value a span started from (从X增加到Y): its base year's
    name: str | None = None  # the words of the name the figure belongs to
    base_year: int | None = None  # 比2019年增长: the year a growth rate is measured against


@lru_cache(maxsize=8192)  # leads repeat (',增长', '比上年增长'): pure, so cached
def _function_only(s: str) -> bool:
    return _FUNCTION.fullmatch(s) is not None


_RANK_CLAUSE = re.compile(
    r"[,;、](?:增速|增幅|总量|规模|增量)?(?:均|都|继续|稳|仍)?(?:居|位居|排名?|位列|列|排在|稳居)"
    r"(?:全[省市国州县区]|[\u4e00-\u9fff]{2,6}?)(?:第[一二三四五六七八九十\d]+(?:位|名)?|首位|前列|前[一二三四五六七八九十\d]+(?:强|名|位)?)"
    r"|[,;](?:增速|增幅)?(?:高于|低于|快于|慢于)(?:全[省市国]|全国|全省)(?:平均水平)?"
    # …51.9亿元,在2005年的基础上翻了一番多,年均增长18.2%: a doubling, said without a figure
    r"|[,;](?:在|比|较)?(?:(?:19|20)\d{2}年|上年|去年)?(?:的基础上)?(?:实现)?翻了?[一两二三]番(?:多|以上)?")


_NOTE = re.compile(r"\([^()\d]{1,12}\)")


@lru_cache(maxsize=8192)
def _continues(s: str) -> bool:
    """The text between two numbers of one chain: '关口,年均增长' continues, '，各项贷款' not.

    The rest of the previous clause (大关, 台阶, 关口) may be anything short; the new
    clause must hold function words only.
    """
    if _function_only(s):
        return True
    # a note in brackets (预计,下同) is no clause of its own, though it may hold a comma
    if "(" in s:
        s = _NOTE.sub("", s)
        if _function_only(s):
            return True
    # a rank or comparison clause between two figures of a chain leaves it whole
    # (…增长18.9%,增速居全省第一,比2019年同期增长15%; …,居全省第二位,年均增长10.9%)
    s = _RANK_CLAUSE.sub("", s)
    if _function_only(s):
        return True
    if len(s) > 24:
        return False  # a chain link is a short clause
    last = _CLAUSE_SPLIT.split(s)[-1]
    if last != s and _without_regions(last) != last and _function_only(_without_regions(last)):
        return True  # '…,增速居全省第一;岳阳市、常德市分别增长': the same name, other regions
    s = _without_regions(s)  # '…增长5.2%,株洲市增长4.8%': the next region, same indicator
    if _function_only(s):
        return True
    m = _CLAUSE_MARK.search(s)
    if m is None or m.start() > 6 or _BLOCK.search(s[:m.start()]):
        return False
    return _function_only(s[m.start():])


@lru_cache(maxsize=8192)
def _without_regions(s: str) -> str:

    found = find_regions(s)
    if not found:
        return s
    parts, pos = [], 0
    for a, b, _ in found:
        parts.append(s[pos:a])
        pos = b
    parts.append(s[pos:])
    return "".join(parts)


# what stands before a target restated after a result: …,虽然略低于8%的预定目标
_TO_TARGET = re.compile(r"[,，]\s*(?:虽然|但|均|都|也)?(?:略|明显|大大|远)?"
                           r"(?:高于|低于|超过|超出|好于|快于|完成了?|实现了?|达到了?)$")
_TARGET_VERB = re.compile(r"高于|低于|超过|超出")
# 粮食总产量在上年大幅度增长的基础上,又增产…: an adverbial of the base, between name and figure
_ON_BASE = re.compile(r"在[^,;。]{1,16}?的?基础上[,]?")


@lru_cache(maxsize=8192)
def _near_enough(s: str) -> bool:
    """A name's first number: function words plus a few others (迈上新台阶,总量突破…)."""
    if _function_only(s):
        return True
    if "基础上" in s:
        bare = _ON_BASE.sub("", s)
        if bare != s:
            return _near_enough(bare)
    if len(s) > 16 or _BLOCK.search(s) or _STOP_MARK.search(s):
        return False
    rest = "".join(x for x in _FUNCTION.split(s) if x)
    return len(rest) <= _LOOSE_CHARS


def _name_group(t: str, hits: list[Hit], i: int) -> list[Hit]:
    """The list of names ending with hits[i]: 'A、B和C' -> [A, B, C]."""
    group = [hits[i]]
    j = i
    while j > 0 and _SEP.fullmatch(t, hits[j - 1].end, hits[j].start):
        group.insert(0, hits[j - 1])
        j -= 1
    return group


def _value_list(t: str, qs: list[Quantity], k: int) -> list[Quantity]:
    """Quantities qs[k], qs[k+1]... separated only by 、/和/及."""
    out = [qs[k]]
    while k + 1 < len(qs) and _SEP.fullmatch(t, qs[k].end, qs[k + 1].start):
        out.append(qs[k + 1])
        k += 1
    return out


@cache
def _rules_by_id() -> dict[str, CompiledRule]:
    return {c.rule.id: c for c in default_rules()}


def _expand_split(group: list[Hit], gap: str, n_values: int) -> list[tuple[Hit, CompiledRule]]:
    """城乡居民…分别 names two indicators, and so does 城镇、农村居民…收入 followed by two values;
    otherwise it is one."""
    by_id = _rules_by_id()
    out = []
    for h in group:
        split = h.rule.rule.split
        if split and ("分别" in gap or (len(group) == 1 and n_values == len(split))):
            out.extend((h, by_id[sid]) for sid in h.rule.rule.split)
        else:
            out.append((h, h.rule))
    return out


_COUNT_PREFIX = re.compile(r"(?:家|个)?(?:企业)?(?:获评|入选|被认定为|认定为|成为|获批|荣获|跻身)?为?")


def _prefix_counts(t: str, hits: list[Hit], qs: list[Quantity]
                   ) -> tuple[list[Candidate], list[Hit], list[Quantity]]:
    """'399家国家专精特新“小巨人”企业', '15家企业获评…': the count stands before the name."""
    out, used_h, used_q = [], set(), set()
    starts = [h.start for h in hits]
    for qi, q in enumerate(qs):
        if q.unit != "count":
            continue
        i = bisect.bisect_left(starts, q.end)
        if i == len(hits) or hits[i].start - q.end > 8:
            continue
        h = hits[i]
        if not _COUNT_PREFIX.fullmatch(t[q.end:h.start]) or h.rule.rule.rate:
            continue
        r = h.rule.rule
        head = t[max(0, q.start - 8):q.start]
        key = r.new if r.new and (_NEW.search(head) or _NEW.search(t[q.end:h.start])) else r.level
        if key is None:
            continue
        out.append(Candidate(r.id, key, q.start, h.end, q.value, q.unit, q.qualifier, q,
                             subject_start=h.start, name=t[h.start:h.end]))
        used_h.add(i)
        used_q.add(qi)
    if not out:
        return out, hits, qs
    return (out, [h for i, h in enumerate(hits) if i not in used_h],
            [q for i, q in enumerate(qs) if i not in used_q])


def pair_sentence(t: str, s0: int, hits: list[Hit], qs: list[Quantity],
                  state: dict | None = None) -> list[Candidate]:
    """Pair the quantities of one sentence with the names that govern them.

    ``state`` carries the name of the previous sentence's last figure: a sentence that opens
    with a bare rate (…增长18.9%。两年均增长7.2%) goes on with it. It is updated on return.
    """
    state = {} if state is None else state
    out, hits, qs = _prefix_counts(t, hits, qs)
    owners: list[tuple[Hit, CompiledRule]] = []
    carried = state.get("owner")
    if carried and qs and not (hits and hits[0].start < qs[0].start):
        opening = t[s0:qs[0].start]
        if _function_only(opening) and (_GROWTH_VERB.search(opening) or _AVERAGE.search(opening)):
            owners = [carried]
    paired: list[tuple[Hit, CompiledRule]] = []  # names paired with one figure, in order
    generic: Candidate | None = None  # a figure without a catalogue name, for its growth
    chain_end = s0
    k = 0
    hi = 0
    while k < len(qs):
        q = qs[k]
        last = None  # the last name between the previous figure and this one
        restated = absorbed = None  # a chain's target restated after its result
        while hi < len(hits) and hits[hi].end <= q.start:
            if hits[hi].start >= chain_end:
                last = hi
            hi += 1
        values = _value_list(t, qs, k)
        if last is not None:
            group = _name_group(t, hits, last)
            lead = t[group[-1].end:q.start]
            if _near_enough(lead):
                owners = _expand_split(group, lead, len(values))
            elif len(group) == len(values) > 1 and "分别" in _CLAUSE_SPLIT.split(lead)[-1] \
                    and not _BLOCK.search(lead):
                # 'A、B表现抢眼,一季度分别增长x、y': the listed names, one clause back
                owners = _expand_split(group, "分别", len(values))
            else:
                owners = []
            generic = None
        else:
            lead = t[chain_end:q.start]
            # '超过13000亿斤的年度目标': the verb may have been read as the number's qualifier
            absorbed = _TARGET_VERB.match(t, q.start)
            restated = owners and RESTATED_TARGET.match(t, q.end) and (
                _TO_TARGET.search(lead) or absorbed and _TO_TARGET.search(lead + absorbed.group()))
            if restated:
                # '增长7.8%,略低于8%的预定目标': the same name's target, restated
                lead = "增长" if q.unit == "percent" else ""
            elif owners and (cmp := _compared_level(t, q, lead, out)) is not None:
                # '…36007元,比全国平均水平(41314元)低5307元,增长5.0%': the level compared
                # with is that region's figure of the chain's name; the difference is none
                out.append(cmp)
                k = _skip_difference(t, qs, k + 1)
                chain_end = qs[k - 1].end
                continue
            elif not _continues(lead):
                owners, generic = [], None
            # the words that qualify this figure are in its own clause: '…,增速居全省第一;
            # 岳阳市、常德市分别增长' is read from 岳阳市 on ('、稳居全国前十强、增长' from 增长)
            own = _CLAUSE_SPLIT.split(lead)[-1]
            if _BLOCK.search(own):
                after_rank = _CLAUSE_SPLIT.split(_RANK_CLAUSE.sub(",", lead))[-1]
                if _HAN.search(after_rank):  # a word of its own after the rank (增长), not “
                    own = after_rank
            lead = own
        if last is None and len(values) > 1 and "分别" in lead and len(owners) != len(values):
            # 'A值x,B值y,分别增长p、q': the names already paired with levels, in order
            recent = _recent_owners(paired, len(values))
            if recent:
                owners = recent
        regions = None
        if len(owners) == 1 and len(values) > 1 and "分别" in lead:
            name_start = owners[0][0].start
            # listed before the name (宁波、青岛、无锡GDP增速分别为…) or, with the name left
            # out, in the clause itself (…增长8.1%;岳阳市、常德市分别增长7.5%、7.2%)
            regions = (_region_list(t, max(s0, name_start - 60), name_start, len(values))
                       or (last is None and _region_list(t, chain_end, q.start, len(values)))
                       or None)
        if owners and len(values) > 1 and (len(owners) == len(values) or regions):
            for i, v in enumerate(values):
                h, rule = owners[i] if len(owners) == len(values) else owners[0]
                c = _classify(t, h, rule, v, lead, chained=last is None)
                if c is not None:
                    c.region = regions[i] if regions else None
                    out.append(c)
            k += len(values)
            chain_end = values[-1].end
            continue
        if len(values) > 1 and "分别" in lead and (owners or last is None or not paired):
            # 'A、B增加值分别增长8.9%、7.7%' with only A known, or none: pair known names by
            # list position, and keep the others with their listed subject
            known = _pair_by_position(t, s0, owners, values, lead) if owners else []
            done = {id(v) for _, _, v in known}
            listed = _listed_figures(t, s0, q.start, [v for v in values if id(v) not in done],
                                     values, lead)
            if not known and not listed and last is None:
                # '存款余额110.6亿元,贷款余额58.6亿元,分别增长14.7%、16.2%': the growth of
                # each figure outside the catalogue just given, in order
                listed = _growth_of_recent(t, out, values, lead)
            if known or listed:
                for h, rule, v in known:
                    c = _classify(t, h, rule, v, lead, chained=last is None)
                    if c is not None:
                        out.append(c)
                out += listed
                k += len(values)
                chain_end = values[-1].end
                continue
        if owners:
            h, rule = owners[-1]
            c = _classify(t, h, rule, q, lead, chained=last is None)
            if c is not None and last is None and restated and absorbed:
                # the target's own value: read again without the verb (6%左右 stays approx)
                own = find_quantities(t, absorbed.end(), q.end)
                c.start, c.qualifier = absorbed.end(), own[0].qualifier if own else "exact"
            if c is not None:
                out.append(c)
                if last is not None:
                    paired.append((h, rule))
        elif (c := _region_in_brackets(t, q, paired[-1] if paired else (
                (hits[hi - 1], hits[hi - 1].rule) if hi else None))) is not None:
            # '反超了资兴市(192.89亿元),甩开了永兴县(191.39亿元)': the region's own figure of
            # the indicator the sentence is about
            out.append(c)
        else:
            c = _elided(t, q, out, chain_end) or _generic(t, s0, q, generic, chain_end)
            if c is not None:
                out.append(c)
                if not c.indicator.endswith("_growth"):
                    generic = c
        chain_end = q.end
        k += 1
    state["owner"] = owners[-1] if owners and len(owners) == 1 else None
    _same_base(t, s0, qs[-1].end if qs else s0, out, state)
    scoped = [c for c in out if c.subject_start is not None and is_catalogue(c.indicator)]
    if scoped:  # the sentence's scope words, found once for all its figures
        words = scope_words(t, s0, max(c.subject_start for c in scoped))
        for c in scoped:
            _scope(t, s0, c, words)
    return out


def _same_base(t: str, s0: int, s1: int, out: list[Candidate], state: dict) -> None:
    """Give the growth rates after a 比2012年(下同) its base year, up to the paragraph's end
    (``state`` carries it from sentence to sentence), unless a rate names its own base."""
    marks = [(m.start(), int(m.group(1))) for m in _BASE_SAME.finditer(t, s0, s1)
             ] if t.find("下同", s0, s1) >= 0 else []
    carried = state.get("base_same")
    if not marks and carried is None:
        return  # most sentences: no base year said once for all
    for c in out:
        if c.base_year is not None or c.average or c.unit != "percent" \
                or not c.indicator.endswith("_growth"):
            continue
        base = next((y for at, y in reversed(marks) if at < c.start), carried)
        if base and not _OWN_BASE.search(t, max(s0, c.q.start - 12), c.q.start):
            c.base_year = base
    if marks:
        state["base_same"] = marks[-1][1]


def _scope(t: str, s0: int, c: Candidate, words: list[tuple[int, int]]) -> None:
    """A catalogue figure about part of the region (a park, 县域, 市本级) gets a key of its
    own with the part as its subject: it is never the region's figure."""
    found = scope_of(t, s0, c.subject_start, words)
    if found is not None:
        c.indicator = f"{found.prefix}_{c.indicator}"
        c.subject = found.phrase


_OPEN = frozenset("(（")
_CLOSE = frozenset(")）")


def _region_in_brackets(t: str, q: Quantity, owner: tuple[Hit, CompiledRule] | None
                        ) -> Candidate | None:
    """A bracketed figure right after a region name: the figure, for that region, of the
    name last paired (or named) in the sentence (…GDP达标,依次为邵东市(179.1亿)、…)."""
    if owner is None or q.start < 1 or t[q.start - 1] not in _OPEN or t[q.end:q.end + 1] not in \
            _CLOSE:
        return None

    window = t[max(0, q.start - 13):q.start - 1]
    found = find_regions(window)
    if not found or found[-1][1] != len(window):
        return None
    h, rule = owner
    c = _classify(t, h, rule, q, "", chained=True)
    if c is None:
        return None
    c.region = found[-1][2].name
    c.subject_start = None  # the region is named: no scope of the name's clause applies
    return c


# 比全国平均水平(41314元), 高于全省(5.2%): a region's level, compared with, in brackets
_COMPARED = regex.compile(r"[,，]?(?:比|较|高于|低于|快于|慢于|超过|略高于|略低于)"
                          r"(?P<r>[\u4e00-\u9fff]{2,9}?)(?:的)?(?:平均|中等)?(?:水平|水准)?[(（]$")
# what follows the bracket: the difference (低5307元, 高出0.6个百分点), no figure of its own
_DIFFERENCE = re.compile(r"[)）]\s*(?:(?:高|低|多|少|快|慢)出?了?)?")


def _compared_level(t: str, q: Quantity, lead: str, out: list[Candidate]
                    ) -> Candidate | None:
    """The bracketed level of the region a chain's figure is compared with, as that region's
    figure of the chain's indicator (…36007元,比全国平均水平(41314元)低5307元)."""
    if not out or t[q.end:q.end + 1] not in _CLOSE:
        return None
    m = _COMPARED.search(lead)
    if m is None or out[-1].unit != q.unit:
        return None
    words = m.group("r")
    if words in PRONOUNS:
        region = words  # resolved against the figure's own region (extract._emit)
    else:
        found = find_regions(words)
        if not found or found[-1][1] != len(words):
            return None
        region = found[-1][2].name
    c = copy.copy(out[-1])
    c.start, c.end, c.value, c.qualifier, c.q = q.start, q.end, q.value, q.qualifier, q
    c.region = region
    return c


def _skip_difference(t: str, qs: list[Quantity], k: int) -> int:
    """Past the difference that follows a compared level (低5307元), if there is one."""
    if k < len(qs) and _DIFFERENCE.fullmatch(t, qs[k - 1].end, qs[k].start):
        return k + 1
    return k


# how far back a subject or a listed clause is looked for: a subject is a short phrase, and
# a bounded look keeps quotes (and time) linear on a page-long sentence
_SUBJECT_REACH = 40
_LIST_REACH = 160


def _clause_back(t: str, s0: int, pos: int, marks: str, reach: int) -> int:
    """Start of the clause that ends at pos: after the last mark, at most ``reach`` back."""
    lo = max(s0, pos - reach)
    m = _marks_back(marks).search(t, lo, pos)
    return m.end() if m else lo


@cache
def _marks_back(marks: str) -> regex.Pattern:
    # one search from the end instead of a scan per mark
    return regex.compile(f"[{regex.escape(marks)}]", regex.REVERSE)


def _recent_owners(paired: list[tuple[Hit, CompiledRule]], n: int
                   ) -> list[tuple[Hit, CompiledRule]] | None:
    """The last n names paired with a figure, when they are n different rules."""
    if len(paired) < n:
        return None
    tail = paired[-n:]
    return tail if len({rule.rule.id for _, rule in tail}) == n else None


def _pair_by_position(t: str, s0: int, owners: list[tuple[Hit, CompiledRule]],
                      values: list[Quantity], lead: str) -> list[tuple]:
    """Pair known names with values by their place in the listed items; drop the rest."""
    first = owners[0][0].start
    clause_start = _clause_back(t, s0, first, ",;:", _LIST_REACH)
    listed = t[clause_start:t.rfind("分别", clause_start, values[0].start)]
    bounds = [clause_start] + [clause_start + m.end() for m in _ITEM_SEP.finditer(listed)]
    if len(bounds) != len(values):
        return []
    out = []
    for h, rule in owners:
        idx = bisect.bisect_right(bounds, h.start) - 1
        out.append((h, rule, values[idx]))
    return out


def _listed_figures(t: str, s0: int, q_start: int, rest: list[Quantity],
                    values: list[Quantity], lead: str) -> list[Candidate]:
    """Figures of a 分别 list whose items no rule names ('装备制造业、高技术制造业增加值分别
    增长25.6%、18%' gives 装备制造业 its own): each item is the subject of its value, the
    measure word the list ends with (增加值, 产值…) names the key."""
    if not rest:
        return []
    cut = t.rfind("分别", s0, q_start)
    clause_start = _clause_back(t, s0, cut, ",;:", _LIST_REACH)
    listed = t[clause_start:cut]
    bounds = [0] + [m.end() for m in _ITEM_SEP.finditer(listed)] + [len(listed) + 1]
    if len(bounds) - 1 != len(values) or _BLOCK.search(listed):
        return []
    items = [listed[a:b - 1 if i < len(bounds) - 2 else b].strip("、和及与 ")
             for i, (a, b) in enumerate(zip(bounds, bounds[1:], strict=False))]
    measure = _MEASURE.search(items[-1])
    base = _hinted("amount", "yuan", measure.group()) if measure else "other"
    out = []
    for v in rest:
        item = _SUBJECT_HEAD.sub("", items[values.index(v)])
        subject = _MEASURE.sub("", item).strip() or item
        if not _TWO_HAN.search(subject):
            continue
        if v.unit == "percent" and _GROWTH_VERB.search(lead):
            value = -v.value if _DECREASE.search(lead) else v.value
            out.append(Candidate("generic.list", f"{base}_growth", v.start, v.end, value,
                                 "percent", v.qualifier, v, _AVERAGE.search(lead) is not None,
                                 subject))
        elif v.unit not in ("percent", "points", "times"):
            key = _hinted(GENERIC_KEYS.get(v.unit, "other"), v.unit, items[-1])
            out.append(Candidate("generic.list", key, v.start, v.end, v.value, v.unit,
                                 v.qualifier, v, subject=subject))
    return out


def _growth_of_recent(t: str, out: list[Candidate], values: list[Quantity], lead: str
                      ) -> list[Candidate]:
    """Growth rates listed with 分别 after as many figures, one each, with nothing but function
    words (,同比分别增长) between the last figure and the rates: each figure's growth."""
    n = len(values)
    recent = out[-n:]
    if len(recent) < n or not _GROWTH_VERB.search(lead) \
            or not _function_only(t[recent[-1].end:values[0].start]) or any(
            c.unit in ("percent", "points") or c.indicator.endswith("_growth") or c.base
            for c in recent):
        return []
    sign = -1 if _DECREASE.search(lead) else 1
    average = _AVERAGE.search(lead) is not None
    by_id = _rules_by_id()
    out_ = []
    for c, v in zip(recent, values, strict=True):
        rule = by_id.get(c.rule_id)
        key = rule.rule.growth if rule is not None and rule.rule.growth else \
            f"{c.indicator}_growth"
        if v.unit == "percent":
            out_.append(Candidate(c.rule_id, key, v.start, v.end, sign * v.value, "percent",
                                  v.qualifier, v, average, c.subject, subject_start=c.subject_start))
    return out_


# the measure a list of subjects shares (…产业产值, …业增加值)
_MEASURE = re.compile(r"(?:增加值|总产值|产值|营业收入|营收|投资|产量|收入)$")


# 和/及/与 join list items after a noun ending (…增加值和…, …面积和总产), not inside names
_ITEM_SEP = re.compile(r"[、]|(?<=[业额值入资积量率])(?:和|及|与)")


def _classify(t: str, h: Hit, cr: CompiledRule, q: Quantity, lead: str,
              chained: bool) -> Candidate | None:
    """Turn a (name, quantity) pair into a candidate with its indicator, or None."""
    r = cr.rule
    start = q.start if chained else h.start
    value, unit = q.value, q.unit
    if r.counts_as and unit == "count":
        unit = r.counts_as  # 城镇新增就业岗位6007个: jobs are counted in persons
    # 年均增长7%, or 年均 before the name (年均经济增长速度预期目标为7%)
    average = _AVERAGE.search(lead) is not None or _AVERAGE_BEFORE.search(
        t, max(0, h.start - 5), h.start) is not None
    if _BLOCK.search(lead):
        return None
    if unit == "points" and _PULL_BEFORE.search(t, max(0, h.start - 3), h.start):
        # 拉动GDP增长0.4个百分点 is a contribution to the name (带动投资增长5.1% is its figure)
        return None
    # '从26.6万亿元增加到51.9万亿元': the value a span started from (its base year's)
    base = _FROM_BASE.search(lead) is not None
    # 比2019年同期增长15%: growth over a base year, kept only if that year is the one before
    base_year = _BASE_YEAR.search(lead)
    if unit == "points":
        # 增速提高1.2个百分点 changes the growth rate, 城镇化率提高1.2个百分点 the level
        if r.growth and regex.search(r"增速|增幅|涨幅", lead):
            key = f"{r.growth}_change"
        else:
            key = r.change or (f"{r.level}_change" if r.level else None)
        if key is None:
            return None
        if _DECREASE.search(lead):
            value = -value  # 比上年末下降0.3个百分点
    elif unit == "percent":
        if _GROWTH_VERB.search(lead) and r.growth:
            key = r.growth
            if r.real_growth and "名义" in lead:
                key = f"{r.level or base_key(r.growth)}_nominal_growth"
            if _DECREASE.search(lead) and not r.decrease_positive:
                value = -value
        elif q.unit_implied:
            return None  # a '%' lost in PDF text is read only after a growth word
        elif r.rate and r.level:
            key = r.level
        elif average and r.growth:
            key = r.growth
        else:
            return None
    elif unit == "times":
        if not (_TIMES_GROWTH.search(lead) and r.growth):
            return None
        key, value, unit = r.growth, value * 100, "percent"
    else:
        if r.rate:
            return None
        if _CHANGE.search(lead) and not (r.net_new or r.new):
            return None  # '常住人口…比上年末减少2.1万人' is a change, not the level
        net_before = _new_before(t, h, _NET_BEFORE)
        net = _NET_NEW.search(lead) or net_before
        if r.net_new and net:
            key = r.net_new
        elif net and r.new and ("净增" in lead or net_before):
            key = r.new  # 净增 where the catalogue counts only additions: the addition
        elif r.new and (_NEW.search(lead) or _new_before(t, h, _NEW) or net_before
                        or _total_follows(t, q)) and not _TOTAL.search(lead):
            key = r.new
        else:
            key = r.level
        if key is None or not unit_fits(r.units, key, unit):
            return None
    subject = _subject(t, h) if r.subject else None
    c = Candidate(r.id, key, start, q.end, value, unit, q.qualifier, q, average, subject,
                  subject_start=h.start, base=base, name=t[h.start:h.end])
    if base_year and not average and (unit == "percent" or key.endswith(("_new", "_net_new"))):
        c.base_year = int(base_year.group(1))
    return c


def unit_fits(declared: list[str] | None, key: str, unit: str) -> bool:
    """A level takes only its own units: 市场主体 counts, not 减负2.6万亿元."""
    if declared:
        return unit in declared
    allowed = allowed_units(key)
    return allowed is None or unit in allowed


def _total_follows(t: str, q: Quantity) -> bool:
    """'单项冠军15家、达36家': a bare count followed by a total (达…) is the increment."""
    return _TOTAL_NEXT.match(t, q.end, q.end + 8) is not None


_NET_BEFORE = re.compile(r"净增")


def _new_before(t: str, h: Hit, rx: regex.Pattern) -> bool:
    """新增 (or 净增) in front of the name, or in front of the list the name belongs to
    (净增规模工业企业391家、高新技术企业214家)."""
    head = t[max(0, h.start - 40):h.start]
    cut = max(head.rfind(","), head.rfind(":"), head.rfind("。"))
    clause = head[cut + 1:]
    return rx.search(clause) is not None or (cut >= 0 and rx.search(head[:cut]) is not None
                                             and "、" in t[max(0, h.start - 3):h.start])


def _subject(t: str, h: Hit) -> str | None:
    head = t[max(0, h.start - 24):h.end]
    cut = max(head.rfind(c) for c in ",、:;“”\"。\n")  # a subject never crosses a line
    subj = head[cut + 1:].strip()
    subj = _SUBJECT_HEAD.sub("", subj)
    return subj or None




def _region_list(t: str, start: int, end: int, n: int) -> list[str] | None:
    """'宁波、青岛、无锡全年GDP增速分别为…' -> the last n regions listed in t[start:end]."""

    head = t[start:end]
    found = find_regions(head)
    if len(found) < n:
        return None
    tail = found[-n:]
    for (_, e1, _), (s2, _, _) in zip(tail, tail[1:], strict=False):
        if not _SEP.fullmatch(head, e1, s2):
            return None
    return [r.name for _, _, r in tail]


_GROWTH_TAIL = re.compile(
    r"(?:同比|比上年|比去年|较上年|年均)?(?:增长|增速为?|增幅为?|下降|减少|上涨)(?:了)?$"
    # a rate noun, then the level the rate stands at: 上涨幅度控制在3%以内 (控制在 goes with the
    # number), 涨幅仍高达21.7%, 增长速度保持在6%左右, 增长率回落到4%
    r"|(?:增速|增幅|涨幅|上涨幅度|增长幅度|增长速度|增长率)(?:仍然|仍|继续|预计|力争|要|将|可以|可)?"
    r"(?:为|是|达到|达|高达|仅为|保持在|控制在|稳定在|回落到|回落至|提高到|在)?$")


def _generic_growth(t: str, s0: int, q: Quantity, chain_end: int) -> Candidate | None:
    """'实际到位内资同比增长15%': a growth rate whose subject is outside the catalogue."""
    clause_start = max(chain_end, _clause_back(t, s0, q.start, ",、:;", _SUBJECT_REACH))
    clause = t[clause_start:q.start]
    m = _GROWTH_TAIL.search(clause)
    if m is None or q.unit == "times" and not _TIMES_GROWTH.search(clause):
        return None
    subject = _SUBJECT_HEAD.sub("", clause[:m.start()]).strip("“”\" ")
    if not (2 <= len(subject) <= 16) or not _TWO_HAN.search(subject) or _BLOCK.search(subject):
        return None
    value = q.value * 100 if q.unit == "times" else q.value
    if _DECREASE.search(clause):
        value = -value
    return Candidate("generic.growth", "other_growth", clause_start, q.end, value, "percent",
                     q.qualifier, q, _AVERAGE.search(clause) is not None, subject)


def _generic(t: str, s0: int, q: Quantity, prev: Candidate | None, chain_end: int
             ) -> Candidate | None:
    """A figure with no catalogue name: kept with its subject, scored on the number."""
    lead = t[max(s0, chain_end):q.start]
    if q.unit in ("percent", "times") and prev is None:
        return _generic_growth(t, s0, q, chain_end)
    if q.unit in ("percent", "times"):
        if not _function_only(lead) or not _GROWTH_VERB.search(lead):
            return None
        value = q.value * 100 if q.unit == "times" else q.value
        if q.unit == "times" and not _TIMES_GROWTH.search(lead):
            return None
        if _DECREASE.search(lead):
            value = -value
        return Candidate("generic.growth", f"{prev.indicator}_growth", q.start, q.end, value,
                         "percent", q.qualifier, q, _AVERAGE.search(lead) is not None,
                         prev.subject)
    key = GENERIC_KEYS.get(q.unit)
    if key is None:
        return None
    clause_start = max(chain_end, _clause_back(t, s0, q.start, ",、:;", _SUBJECT_REACH))
    clause = t[clause_start:q.start]
    if prev is None and not _HAN.search(clause) and not _HAN.match(t, q.end):
        return None  # no words on either side: a bare number (dense lists, tables)
    if _BLOCK.search(clause):
        return None
    if not _TWO_HAN.search(_SUBJECT_HEAD.sub("", _SUBJECT_TAIL.sub("", clause).strip())):
        # '1.01万户新增市场主体', '183个重点项目完成投资…': the subject follows its count
        after = _AFTER_SUBJECT.match(t, q.end, min(len(t), q.end + 20))
        if after is None or q.unit in ("percent", "points", "times"):
            if prev is not None and prev.unit == q.unit:
                # '又增产291亿斤,达到9680亿斤': the chain's subject goes on
                return Candidate(prev.rule_id, prev.indicator, q.start, q.end, q.value, q.unit,
                                 q.qualifier, q, subject=prev.subject)
            return Candidate(f"generic.{key}", key, q.start, q.end, q.value, q.unit,
                             q.qualifier, q) if _TWO_HAN.search(clause) else None
        subject = after.group(1)
        key = _hinted(GENERIC_KEYS.get(q.unit), q.unit, subject)
        return Candidate(f"generic.{key}", key, q.start, after.end(1), q.value, q.unit,
                         q.qualifier, q, subject=subject)
    key = _hinted(key, q.unit, clause)
    subject = _SUBJECT_HEAD.sub("", _SUBJECT_TAIL.sub("", clause).strip())
    # 钢产量由2046万吨增加到…, 外运能力将由1980年的7200万吨…: the value a change started from
    start = _FROM_TAIL.search(subject)
    if start is not None:
        subject = subject[:start.start()]
    if _function_only(subject):
        # no subject, only words of comparison, change or time: the figure is the chain's
        if _CHANGE.search(subject):
            if prev is not None and prev.unit == q.unit == "count":  # 比2015年增加62家
                return Candidate(prev.rule_id, f"{prev.indicator}_net_new", q.start, q.end,
                                 q.value, q.unit, q.qualifier, q, subject=prev.subject)
            return None  # 比上年增加122万吨: a change, not a level (as for catalogue names)
        if prev is not None and prev.unit == q.unit:  # 增加到3178万吨: the level it reached
            return Candidate(prev.rule_id, prev.indicator, q.start, q.end, q.value, q.unit,
                             q.qualifier, q, subject=prev.subject)
        subject = ""  # kept for its number, with no fragment for a subject
    return Candidate(f"generic.{key}", key, clause_start, q.end, q.value, q.unit, q.qualifier, q,
                     subject=subject or None, base=start is not None)


# measures that may stand without their modifier after another of the same subject
_ELIDED_MEASURES = "增加值|总产值|产值|营业收入|营收|利润总额|利润|税收"
_BARE_MEASURE = re.compile(rf"[,、]?(?:实现|完成)?({_ELIDED_MEASURES})(?:实现|完成|达到?|为)?$")
_ENDS_WITH_MEASURE = re.compile(rf"(?:{_ELIDED_MEASURES})$")


def _elided(t: str, q: Quantity, out: list[Candidate], chain_end: int) -> Candidate | None:
    """A measure whose modifier is left out after the previous figure's (规模工业总产值129.8亿元、
    增加值41.9亿元: 规模工业增加值), read under the name the two make together."""
    if not out or q.unit in ("percent", "points", "times"):
        return None
    m = _BARE_MEASURE.fullmatch(t, chain_end, q.start)
    prev = out[-1]
    # the whole subject (规模工业总产值), where the rule matched only its end (工业总产值)
    name = prev.subject if prev.subject and prev.subject.endswith(prev.name or "") \
        else prev.name or prev.subject
    if m is None or not name or prev.end != chain_end:
        return None
    head = _ENDS_WITH_MEASURE.search(name)
    if head is None or head.start() == 0:
        return None
    composite = name[:head.start()] + m.group(1)
    for cr in default_rules():
        if _full_name(cr.pattern).fullmatch(composite):
            h = Hit(m.start(1), m.end(1), cr)
            c = _classify(t, h, cr, q, t[m.end(1):q.start], chained=False)
            if c is not None:
                c.subject_start = prev.subject_start
            return c
    return None


@cache
def _full_name(pattern: str) -> regex.Pattern:
    return regex.compile(pattern)


# the noun phrase after a count or amount, up to the verb or mark that ends it
_AFTER_SUBJECT = re.compile(r"((?:[\u4e00-\u9fff“”]){2,12}?)(?=完成|实现|达到|落地|开工|投产|签约"
                               r"|精准|护航|助力|用于|覆盖|[,，。;；、:：)）]|$)")


def _hinted(key: str, unit: str, words: str) -> str:
    """A money figure's key from the words that name it (产值, 营收, 投资, 增加值…)."""
    for rx, hint in _GENERIC_HINTS:
        if unit in ("yuan", "usd") and rx.search(words):
            return hint
    return key
