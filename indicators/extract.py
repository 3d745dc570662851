"""From a page of text to validated records.

One pass finds every quantity (numbers.py) and one every indicator name (find_names); in each
sentence that holds a quantity, rules.pairing pairs its names and quantities.
Flattened tables are read by rules.tables. Context (region, year, period, target or actual)
comes from the context package; records.model validates what comes out.
"""
from __future__ import annotations

import bisect
import datetime as dt
import heapq
from dataclasses import dataclass, field
from functools import cache

import regex
from pydantic import ValidationError

from indicators.context.document import DocContext
from indicators.context.region import PRONOUNS, pronoun_region
from indicators.numbers.quantities import find_quantities
from indicators.records.model import Record, Reject
from indicators.rules import tables as flat_tables
from indicators.rules.loader import CompiledRule, default_rules
from indicators.rules.pairing import GENERIC_KEYS, Candidate, Hit, pair_sentence, unit_fits
from indicators.text.normalize import normalize
from indicators.text.sources import Source

_LOCAL_REVENUE = "fiscal.local_revenue"
_SPAN_PERIOD = regex.compile(r"\d{4}-\d{4}")
_NAME_AFTER_COUNT = 40
# What one page may cost: work reports run to 100,000 characters and a yearbook chapter to a
# few million; a page beyond this is refused with a message rather than tying up the machine.
MAX_PAGE_CHARS = 10_000_000


class PageTooLarge(ValueError):
    """A page longer than MAX_PAGE_CHARS; the message says how long and what the cap is."""


@dataclass
class Extraction:
    """What one document gave: records, rejected candidates, and the context used."""

    doc: str
    records: list[Record] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    date: dt.date | None = None
    home_region: str | None = None
    date_evidence: str | None = None  # where the publication date came from
    home_evidence: str | None = None  # where the home region came from


@cache
def _name_patterns() -> tuple[tuple[regex.Pattern, CompiledRule], ...]:
    return tuple((regex.compile(c.pattern), c) for c in default_rules())


def find_names(text: str) -> list[Hit]:
    """Every indicator name in text, as one alternation of all rules in their order would
    find them: leftmost first, the earlier rule where two start together, none overlapping.

    Each rule's pattern searches on its own and the matches are merged: a single pattern
    skips ahead to its literal words, while an alternation of all of them is tried at every
    position (four to five times slower, measured on the dev pages).

    >>> [(h.start, h.end, h.rule.rule.id) for h in find_names("全市地区生产总值增长5%")]
    [(2, 8, 'economy.gdp')]
    >>> [h.rule.rule.id for h in find_names("规模以上工业增加值、工业投资")]
    ['industry.industrial_va', 'industry.industrial_investment']
    """
    patterns = _name_patterns()
    heap = []
    for i, (p, _) in enumerate(patterns):
        m = p.search(text)
        if m is not None:
            heap.append((m.start(), i, m))
    heapq.heapify(heap)
    out: list[Hit] = []
    pos = 0
    while heap:
        start, i, m = heap[0]
        if start >= pos and m.end() > start:  # the leftmost, the earliest rule's at a tie
            out.append(Hit(start, m.end(), patterns[i][1]))
            pos = m.end()
        # this rule's next match (or, where another name took its place, one after it; an
        # empty match, which no name should give, is passed over rather than looped on)
        m = patterns[i][0].search(text, max(pos, start + 1))
        if m is None:
            heapq.heappop(heap)
        else:
            heapq.heapreplace(heap, (m.start(), i, m))
    return out


def window_names(text: str, windows: list[tuple[int, int]]) -> list[list[Hit]]:
    """The names in each window text[a:b] (ascending, apart), as find_names finds them in
    that window alone seeing the character before it, in one pass: the windows are joined,
    each after the character that precedes it on the page. The sentences that hold figures
    are about a third of a page (measured on the benchmark pages): the rest is not searched.

    >>> t = "全市地区生产总值增长5%。工业投资占比高。规模以上工业增加值增长7%"
    >>> [[h.rule.rule.id for h in w] for w in window_names(t, [(0, 13), (21, 36)])]
    [['economy.gdp'], ['industry.industrial_va']]
    """
    pieces, starts = [], []  # where each window's text begins in the joined string
    size = 0
    for a, b in windows:
        if a:
            pieces.append(text[a - 1])
            size += 1
        starts.append(size)
        pieces.append(text[a:b])
        size += b - a
    out: list[list[Hit]] = [[] for _ in windows]
    for h in find_names("".join(pieces)):
        k = bisect.bisect_right(starts, h.start) - 1  # the window it starts in
        if k < 0:
            continue
        shift = windows[k][0] - starts[k]
        if h.end + shift <= windows[k][1]:  # not a name across two windows
            out[k].append(Hit(h.start + shift, h.end + shift, h.rule))
    return out


def extract_text(text: str, doc: str, date: dt.date | None = None,
                 region: str | None = None, *, title: str | None = None,
                 source: Source | None = None) -> Extraction:
    """Extract records from one page of raw text (offsets refer to ``text``).

    ``date`` and ``region`` override the publication date and home region that would
    otherwise be inferred from the text. A catalogue row (``source``: title, region,
    publication year, type) is evidence for both, read as a headline would be; ``title``
    alone does the same when there is no catalogue.
    """
    if source is not None:
        title = " ".join(filter(None, (source.title, source.region))) or title
    if len(text) > MAX_PAGE_CHARS:
        raise PageTooLarge(f"{doc}: 页面过长，{len(text):,} 字符，上限 {MAX_PAGE_CHARS:,} "
                           f"(page too long: {len(text):,} characters, the cap is "
                           f"{MAX_PAGE_CHARS:,}); 请分成几份 (split it into parts)")
    norm = normalize(text)
    t = norm.text
    ctx = DocContext.build(t, date, region, title=normalize(title).text if title else None,
                           catalogue_year=source.year if source else None,
                           catalogue_kind=source.kind if source else None)
    out = Extraction(doc=doc, date=ctx.date, home_region=ctx.home,
                     date_evidence=ctx.date_evidence, home_evidence=ctx.home_evidence)
    qs = find_quantities(t, lost_percent=True)
    q_starts = [q.start for q in qs]
    # the sentences that hold figures, and how far into each its names are looked for: a
    # name governs the figures after it, or (a count before a name: 399家…企业) the one just
    # before it, so names further on are left out
    sentences, windows = [], []
    pos = 0
    for s1 in [*ctx.sentence_ends, len(t)]:  # the page's end closes its last sentence
        s0, pos = pos, s1 + 1
        qa, qb = bisect.bisect_left(q_starts, s0), bisect.bisect_left(q_starts, s1)
        sentences.append((s0, s1, qa, qb))
        if qa < qb:
            windows.append((s0, min(s1, qs[qb - 1].end + _NAME_AFTER_COUNT)))
    names = iter(window_names(t, windows))
    cands: list[Candidate] = []
    state: dict = {}  # what a sentence hands to the next one in its paragraph
    for s0, s1, qa, qb in sentences:
        newline = s1 == len(t) or t[s1] == "\n"
        if qa == qb:
            if newline:
                state = {}  # a new paragraph breaks the chain
            elif s1 > s0:  # and so does a sentence without figures, but for its base year
                state = {k: v for k, v in state.items() if k == "base_same"}
            continue  # a sentence without figures gives nothing: most text is skipped
        cands += pair_sentence(t, s0, next(names), qs[qa:qb], state)
        if newline:
            state = {}
    cands += table_candidates(t)
    seen: set[tuple] = set()
    for cand in _page_totals(cands):
        _emit(cand, text, norm, ctx, doc, out, seen)
    out.records = _without_restated_thresholds(out.records)
    return out


def _without_restated_thresholds(records: list[Record]) -> list[Record]:
    """A threshold passed (突破90亿元大关) where the page gives the figure itself (达94.3亿元)
    restates that figure: one record, the exact one (a figure repeated is one record)."""
    passed = [r for r in records if r.qualifier in ("over", "at_least")]
    if not passed:
        return records
    keys = {_figure_key(r) for r in passed}
    exact: dict[tuple, list[float]] = {}
    for r in records:
        if r.qualifier == "exact" and (k := _figure_key(r)) in keys:
            exact.setdefault(k, []).append(r.value)
    if not exact:
        return records
    restated = {id(r) for r in passed
                if any(v >= r.value for v in exact.get(_figure_key(r), ()))}
    return [r for r in records if id(r) not in restated] if restated else records


def _figure_key(r: Record) -> tuple:
    return (r.region, r.indicator, r.subject, r.kind, r.year, r.period, r.unit)


def _page_totals(cands: list[Candidate]) -> list[Candidate]:
    """一般公共预算收入 is the local figure only when no separate 地方 figure stands beside
    it (CATALOGUE.md): on a page that gives 地方…收入 too, the bare name is the total."""
    local = [c for c in cands if c.rule_id == _LOCAL_REVENUE and c.name and "地方" in c.name]
    if not local:
        return cands
    for c in cands:
        if c.rule_id == _LOCAL_REVENUE and c.name and "地方" not in c.name:
            c.indicator = c.indicator.replace("fiscal_revenue", "fiscal_revenue_total", 1)
    return cands


def table_candidates(t: str) -> list[Candidate]:
    """Figures in flattened tables: a row's name cell read with the same rules as prose."""
    out = []
    for row in flat_tables.rows(t):
        name = row.name.text
        hits = find_names(name)
        cr = hits[0].rule if hits and hits[0].start == 0 and hits[0].end == len(name) else None
        for q, growth in ((row.level, False), (row.growth, True)):
            if q is None:
                continue
            if cr is not None:
                r = cr.rule
                key = r.growth if growth else r.level
                if key and (growth or unit_fits(r.units, key, q.unit)):
                    out.append(Candidate(r.id, key, row.name.start, q.end, q.value, q.unit,
                                         q.qualifier, q))
                continue
            base = GENERIC_KEYS.get(row.level.unit if row.level else "", "amount")
            key = f"{base}_growth" if growth else GENERIC_KEYS.get(q.unit)
            if key:
                out.append(Candidate("table.generic", key, row.name.start, q.end, q.value, q.unit,
                                     q.qualifier, q, subject=name))
    return out


def _emit(c: Candidate, raw: str, norm, ctx: DocContext, doc: str, out: Extraction,
          seen: set[tuple]) -> None:
    a, b = norm.span(c.start, c.end)
    fields = ctx.resolve(c.start, c.q.start, c.q.end, average=c.average,
                         spread=c.indicator.endswith(("_new", "_net_new")), base=c.base,
                         subject_start=c.subject_start)
    region = c.region or fields.region
    if c.region in PRONOUNS and fields.region:
        region = pronoun_region(c.region, fields.region)  # 高于全省(5.2%): the province
    if c.base_year and fields.year and fields.year - c.base_year > 1 \
            and not _SPAN_PERIOD.fullmatch(fields.period or ""):
        if fields.period:  # 一季度…比2019年同期增长15%: no period names that
            fields = fields._replace(problem=f"growth: 对比{c.base_year}年同期 "
                                         f"(measured against {c.base_year}, not a year before)")
        else:  # 比2012年增长47.7% in 2016: growth over the years since the base
            fields = fields._replace(period=f"{c.base_year + 1}-{fields.year}",
                                         evidence=f"{fields.evidence}；对比{c.base_year}年")
    data = {
        "doc": doc, "region": region, "indicator": c.indicator, "kind": fields.kind,
        "year": fields.year, "period": fields.period, "value": float(c.value), "unit": c.unit,
        "qualifier": c.qualifier, "subject": c.subject, "quote": raw[a:b], "start": a,
        "end": b, "rule_id": c.rule_id, "date": ctx.date, "evidence": fields.evidence,
    }
    key = (region, c.indicator, c.subject, fields.kind, fields.year, fields.period,
           round(float(c.value), 6))
    if key in seen:
        return  # a figure repeated on the same page is one record
    try:
        if fields.problem:
            raise ValueError(fields.problem)
        rec = Record.model_validate(data)
    except (ValidationError, ValueError) as e:
        reason = ("; ".join(f"{'.'.join(map(str, x['loc'])) or 'record'}: {x['msg']}"
                            for x in e.errors()) if isinstance(e, ValidationError) else str(e))
        if fields.year is None:
            reason = "year: 文中没有年份，请给出发布日期 (no year in the text; give --date); " + reason
        if region is None:
            reason = "region: 无法确定地区 (no region found; give --region); " + reason
        out.rejects.append(Reject(doc=doc, rule_id=c.rule_id, quote=raw[a:b], start=a, end=b,
                                  reason=reason, candidate={k: str(v) for k, v in data.items()}))
        return
    seen.add(key)
    out.records.append(rec)
