"""Context for each figure: which region, which year and period, target or actual.

A document has a home region (the report's or newspaper's), a publication date (given or
inferred from datelines, dated notices, report titles and the years the text mentions),
and sections (a work report's review describes last year, its plan the coming one).
"""
from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

import regex

from indicators.context.kind import _ESTIMATE, _LOOKS_BACK, _SECTION, _TARGET_CUE, _section_kind
from indicators.context.region import _CONGRESS, _PRONOUN, find_articles, infer_home
from indicators.context.time import (
    _PERIOD,
    _PLAN,
    _SPAN,
    _YEAR_CUE,
    _YEAR_CUE_RATIO,
    _period_of,
    infer_date,
    plan_first_year,
)
from indicators.numbers.quantities import parse_chinese
from indicators.records import regions

_SENTENCE_END = regex.compile(r"[。！？!?\n]")

@dataclass(frozen=True)
class Fields:
    region: str | None
    year: int | None
    period: str | None
    kind: str
    evidence: str | None = None  # how the year was decided


@dataclass
class _Cues:
    """Context cues of one sentence, with absolute positions."""

    years: list[tuple[int, str | None, str | None]]  # (end, explicit year, relative word)
    targets: list[int]
    estimates: list[int]
    periods: list[tuple[int, str | None]]
    pronouns: list[tuple[int, str]]
    regions: list[tuple[int, int, regions.Region]]

    def __post_init__(self) -> None:
        # positions for bisect: a figure looks up its cues in O(log n), not O(n)
        self.year_ends = [c[0] for c in self.years]
        self.period_ends = [c[0] for c in self.periods]
        self.pronoun_starts = [c[0] for c in self.pronouns]
        self.region_ends = [c[1] for c in self.regions]


class DocContext:
    """Document-level facts and the per-figure resolution that uses them."""

    def __init__(self, text: str, date: dt.date | None, home: str | None,
                 articles: list[tuple[int, str]] | None = None):
        self.text = text
        self.date = date
        self.home = home
        self.date_evidence: str | None = None  # where the date came from, for the user
        self.home_evidence: str | None = None
        # a newspaper page holds several articles, each about its own region
        self._articles = articles or []
        self._article_starts = [a for a, _ in self._articles]
        self._sentence_ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        self._cue_cache: dict[int, _Cues] = {}  # filled lazily: most sentences hold no figure
        self._sections = [(m.start(), _section_kind(m.group(1)))
                          for m in _SECTION.finditer(text)]
        self._section_starts = [a for a, _ in self._sections]

    @classmethod
    def build(cls, text: str, date: dt.date | None = None, home: str | None = None,
              title: str | None = None) -> DocContext:
        report = bool(_CONGRESS.search(text[:3000]) or "政府工作报告" in text[:400])
        from_text = None if date else infer_date(text)
        inferred = date or from_text or (infer_date(title) if title else None)
        doc_home = home or (infer_home(title + "\n" + text) if title else infer_home(text))
        articles = None if home or report else find_articles(text, doc_home)
        ctx = cls(text, inferred, doc_home, articles)
        ctx.date_evidence = ("用户给定" if date else "正文" if from_text
                             else "目录标题" if inferred else None)
        ctx.home_evidence = ("用户给定" if home else "标题与正文" if title
                             else "正文" if doc_home else None)
        return ctx

    def home_at(self, pos: int) -> str | None:
        """The home region of the article that holds position pos."""
        i = bisect.bisect_right(self._article_starts, pos) - 1
        return self._articles[i][1] if i >= 0 else self.home

    # ------------------------------------------------------------ per figure

    def resolve(self, quote_start: int, q_start: int, q_end: int, *, average: bool) -> Fields:
        # a semicolon separates clauses, not contexts: "1-11月，…增长9.4%；工业投资增长10.4%"
        s0 = self._sentence_start(quote_start)
        cues = self._cues(s0)
        pub_year = self.date.year if self.date else None
        # cue lists are in text order, so the first one decides "any before the figure"
        estimate = bool(cues.estimates) and cues.estimates[0] < q_start
        # the figure's own words count too: 控制在5.5%以内 is a target
        target = bool(cues.targets) and cues.targets[0] < q_end and not estimate
        year, relative = self._year(cues, q_start, pub_year)
        if year is not None:
            evidence = (f"相对发布日期 {self.date}" if relative else f"句中“{year}年”")
        else:
            evidence = None
        if year is None and pub_year is not None:
            plan_end = self._future_plan(s0, q_start, pub_year)
            if plan_end is not None:
                year, target = plan_end, True
                evidence = f"规划期末 {plan_end}年"
            elif target or (self._section(q_start) == "plan" and not estimate):
                year, target = pub_year, True
                evidence = f"目标：发布年份 {pub_year}"
            else:
                year = self._actual_default(pub_year)
                evidence = (f"回顾上年：发布日期 {self.date}" if year < pub_year
                            else f"发布年份 {pub_year}")
        elif year is not None and pub_year is not None and year > pub_year and not relative:
            target = True  # a year still to come: a target (到2025年…)
        period = None
        if average and year is not None:
            period, year = self._span(q_start, year)
        elif not average:
            i = bisect.bisect_right(cues.period_ends, q_start)
            period = cues.periods[i - 1][1] if i else None
        return Fields(self._region(cues, s0, quote_start, q_start), year, period,
                      "target" if target else "actual", evidence)

    def _future_plan(self, s0: int, q_start: int, pub_year: int) -> int | None:
        """Last year of a plan still to come that the paragraph is about (“十四五”时期…), if the
        sentence does not look back (过去, 以来, 取得, 预计)."""
        # bounded windows keep a page-long sentence (flattened PDF text) linear
        p0 = max(self.text.rfind("\n", 0, s0) + 1, s0 - 300, q_start - 400)
        if _LOOKS_BACK.search(self.text, p0, q_start):
            return None
        plans = list(_PLAN.finditer(self.text, p0, q_start))
        if not plans:
            return None
        end = plan_first_year("十" + plans[-1].group(1)) + 4
        return end if end > pub_year else None

    def _sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self._sentence_ends, pos) - 1
        return self._sentence_ends[i] + 1 if i >= 0 else 0

    def _cues(self, s0: int) -> _Cues:
        """Every context cue of the sentence starting at s0, found once per sentence."""
        cached = self._cue_cache.get(s0)
        if cached is not None:
            return cached
        t = self.text
        m_end = _SENTENCE_END.search(t, s0)
        s1 = m_end.start() if m_end else len(t)
        ratio = [m.span() for m in _YEAR_CUE_RATIO.finditer(t, s0, s1)]
        years = []
        for m in _YEAR_CUE.finditer(t, s0, s1):
            if not any(a <= m.start() < b for a, b in ratio):
                years.append((m.end(), m.group(1), m.group(2)))
        periods = [(m.end(), _period_of(m)) for m in _PERIOD.finditer(t, s0, s1)]
        cues = _Cues(
            years=years,
            targets=[m.start() for m in _TARGET_CUE.finditer(t, s0, s1)],
            estimates=[m.start() for m in _ESTIMATE.finditer(t, s0, s1)],
            periods=periods,
            pronouns=[(m.start(), m.group(2)) for m in _PRONOUN.finditer(t, s0, s1)],
            regions=[(s0 + a, s0 + b, r) for a, b, r in regions.find_regions(t[s0:s1])],
        )
        self._cue_cache[s0] = cues
        return cues

    def _actual_default(self, pub_year: int) -> int:
        # Reports and news early in the year look back on the year just ended.
        if self.date and self.date.month <= 3:
            return pub_year - 1
        return pub_year

    @staticmethod
    def _year(cues: _Cues, q_start: int, pub_year: int | None) -> tuple[int | None, bool]:
        i = bisect.bisect_right(cues.year_ends, q_start)
        if i == 0:
            return None, False
        _, explicit, word = cues.years[i - 1]
        if explicit:
            y = int(explicit)
            return (y if 1949 <= y <= 2100 else None), False
        if pub_year is None:
            return None, True
        if word in ("今年", "本年", "当年"):
            return pub_year, True
        if word == "明年":
            return pub_year + 1, True
        return pub_year - 1, True

    def _section(self, pos: int) -> str:
        i = bisect.bisect_right(self._section_starts, pos) - 1
        return self._sections[i][1] if i >= 0 else "other"

    def _span(self, q_start: int, year: int) -> tuple[str | None, int]:
        """Plan period of an average growth rate (年均增长): '2016-2020' and its last year."""
        back = self.text[max(0, q_start - 600):q_start]
        plans = list(_PLAN.finditer(back))
        spans = list(_SPAN.finditer(back))
        best_plan = plans[-1] if plans else None
        best_span = spans[-1] if spans else None
        if best_plan and (not best_span or best_plan.start() > best_span.start()):
            first = plan_first_year("十" + best_plan.group(1))
            if back[best_plan.end():best_plan.end() + 6].lstrip("”\"").startswith(("以来", "期间以来")):
                # '“十四五”以来' in a 2024 report: from the plan's first year to the review year
                return (f"{first}-{year}", year) if first < year < first + 4 else (None, year)
            return f"{first}-{first + 4}", first + 4
        if best_span:
            if best_span.group(3):
                first = int(best_span.group(3)) + 1
                return (f"{first}-{year}", year) if first < year else (None, year)
            n = int(parse_chinese(best_span.group(1) or best_span.group(2)))
            if n >= 2:
                return f"{year - n + 1}-{year}", year
        return None, year

    def _region(self, cues: _Cues, s0: int, quote_start: int, q_start: int) -> str | None:
        """The region named closest before the figure in its sentence, else the home."""
        named = None
        for k in range(bisect.bisect_right(cues.region_ends, quote_start + 1) - 1, -1, -1):
            s, e, reg = cues.regions[k]
            if reg.level == "country" and quote_start - e > 6:
                continue  # 全国 in a comparison (高于全国) is not the subject
            named = (s, reg)
            break
        k = bisect.bisect_right(cues.pronoun_starts, q_start - 2)
        pron = cues.pronouns[k - 1] if k else None
        home = self.home_at(quote_start)
        if pron and (named is None or pron[0] > named[0]):
            if named is None:
                # '岳阳市…新增…。全市高新技术产业…': 全市 is the city the paragraph is about
                named = (0, self._paragraph_region(s0, pron[1]))
            return self._pronoun(pron[1], named[1], home)
        if named:
            return named[1].name
        return home

    def _paragraph_region(self, s0: int, level: str) -> regions.Region | None:
        """The last region of the pronoun's level named earlier in the same paragraph."""
        p0 = self.text.rfind("\n", 0, s0) + 1
        if p0 >= s0:
            return None
        want = {"省": ("province",), "市": ("prefecture", "county"), "州": ("prefecture",),
                "县": ("county",), "区": ("county",)}[level]
        found = [r for _, _, r in regions.find_regions(self.text[p0:s0]) if r.level in want
                 and (level != "市" or r.name.endswith("市"))]
        return found[-1] if found else None

    @staticmethod
    def _pronoun(level: str, named: regions.Region | None, home: str | None) -> str | None:
        base = named or (regions.get(home) if home else None)
        if base is None:
            return home
        if level == "省":
            return base.province or base.name
        if level in ("市", "州"):
            if base.level == "county" and not base.name.endswith("市"):
                return base.parent
            return base.name if base.level != "province" else home
        return base.name
