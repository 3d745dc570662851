"""Context for each figure: which region, which year and period, target or actual.

In: a page's normalized text and what is known of it (a date or region the user gave, a
catalogue's title, publication year and type). Out: per figure, ``Fields`` with the evidence
for its year. A page has a publication date (dates.py), a type, default years (time.py),
sections (kind.py), a home region and articles (region.py); a figure's own sentence speaks
first, then the head of its paragraph, then its section, then the page.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple

from indicators.context import dates, kind, plans, region, time
from indicators.records import regions

_SENTENCE_END = re.compile(r"[。！？!?\n]")
_TARGET_CHAR = re.compile(r"[目力争确计预努拟将要]")  # every target cue holds one of these
_TIME_CHAR = re.compile(r"[年月季半度底末]")  # no time cue without one of these
_NOT_FOUND = object()
_YEAR_DIGITS = re.compile(r"(?:19|20)\d{2}")
# every period cue (time.PERIOD_CUE) holds one of these: most sentences (比上年增长…) hold none
_PERIOD_WORD = re.compile(r"月|季|半年|全年|年度|年末|年底")
_START_YEAR = re.compile(r"(?:从|由)(\d{4})年(?:底|末)?的?$")  # 由1980年的…: where a change started
# a time word heads a clause when only words of time, place or attribution stand before it
# (2023年, 今年, 全市, 在, 据…; not 克服一季度…, 实现二三季度…)
_HEAD_LEAD = re.compile(r"[\s“”——-]*(?:今年|去年|全年|其中|在|据|截至|截止|同时|此外|另外|目前"
                           r"|全[省市县区州]|我[省市县区州]|\d{4}年|[\u4e00-\u9fff]{0,4}指出|[\u4e00-\u9fff]{2,4}[省市县区州])*")
_REPORT_HEAD = re.compile(r"政府工作报告|人民代表大会第[一二三四五六七八九十]+次会议|我代表[^\n。]{1,12}政府|我代表国务院"
                          r"|^\s*各位代表[:：]", re.M)
_BULLETIN_HEAD = re.compile(r"统计公报|社会发展概况|经济运行(?:情况|分析)")
_FIVE_YEAR_HEAD = re.compile(r"第(十[一二三四五]|[一二三四五六七八九])个五年规划|十([一二三四五])五[”\"]?规划"
                                r"|五年规划(?:纲要|的建议)")
_ANNUAL_PLAN_HEAD = re.compile(r"国民经济和社会发展计划")
_CATALOGUE_TYPES = (("work report", "report"), ("政府工作报告", "report"), ("report", "report"),
                    ("bulletin", "bulletin"), ("statistical", "bulletin"), ("公报", "bulletin"),
                    ("five-year plan", "five_year_plan"), ("plan", "plan"), ("news", "news"))


class Fields(NamedTuple):  # a tuple: built for every figure, three times cheaper than a frozen dataclass
    region: str | None
    year: int | None
    period: str | None
    kind: str
    evidence: str | None = None  # how the year was decided
    problem: str | None = None  # why the figure cannot be placed in time (3025年, 1-13月)


def doc_type(text: str, title: str | None, hint: str | None) -> str:
    """report, bulletin, five_year_plan, plan or news, from a catalogue's kind or the head.

    >>> doc_type("——2024年1月24日在湖南省第十四届人民代表大会第二次会议上", None, None)
    'report'
    >>> doc_type("正文", "长沙市2022年国民经济和社会发展统计公报", None)
    'bulletin'
    >>> doc_type("各位代表：\\n我代表国务院，向大会作报告。\\n一、“十一五”规划的回顾", None, None)
    'report'
    >>> doc_type("株洲市国民经济和社会发展第十四个五年规划纲要\\n…", None, None)
    'five_year_plan'
    """
    low = (hint or "").lower()
    for word, kind_ in _CATALOGUE_TYPES:
        if word in low:
            return kind_
    head = f"{title or ''}\n{text[:600]}"
    first = next((ln for ln in head.splitlines() if ln.strip()), "")
    if _FIVE_YEAR_HEAD.search(first):
        return "five_year_plan"
    # 我代表国务院，向大会作政府工作报告 … 一、“十一五”时期的回顾: a report that reviews a plan
    if _REPORT_HEAD.search(head):
        return "report"
    if _FIVE_YEAR_HEAD.search(head):
        return "five_year_plan"
    if _BULLETIN_HEAD.search(head):
        return "bulletin"
    if _ANNUAL_PLAN_HEAD.search(head):
        return "plan"
    if _REPORT_HEAD.search(f"{title or ''}\n{text[:3000]}"):
        return "report"
    return "news"


@dataclass
class _Sentence:
    """Cues of one sentence, absolute positions, found once per sentence."""

    start: int
    end: int
    years: list[time.YearCue]
    periods: list[tuple[int, str | None, bool]]  # (end, period, valid)
    targets: list[int]
    weak_targets: list[int]
    estimates: list[int]
    looks_back: bool
    pronouns: list[tuple[int, str]]
    regions: list[tuple[int, int, regions.Region]]
    year_ends: list[int] = field(default_factory=list)
    period_ends: list[int] = field(default_factory=list)
    starts: tuple[list[int], list[int]] = ([], [])
    plans: list | None = None  # plan mentions around the sentence, when first asked for
    sums: bool = False  # a word of summing (累计, 共计) in the sentence

    def __post_init__(self) -> None:
        # positions for bisect: a figure looks up its cues in O(log n), not O(n)
        self.year_ends = [c.end for c in self.years]
        self.period_ends = [c[0] for c in self.periods]
        self.starts = ([a for a, _, _ in self.regions], [p for p, _ in self.pronouns])


class DocContext:
    """Document-level facts and the per-figure resolution that uses them."""

    def __init__(self, text: str, published: dates.Dated | None, dtime: time.DocTime,
                 home: str | None, articles: list[tuple[int, str]] | None = None,
                 headline_period: str | None = None):
        self.text = text
        self.published = published
        self.date = published.date if published else None
        self.time = dtime
        self.home = home
        self.date_evidence: str | None = published.evidence if published else None
        self.home_evidence: str | None = None
        self.headline_period = headline_period
        # a newspaper page holds several articles, each about its own region
        self._articles = articles or []
        self._article_starts = [a for a, _ in self._articles]
        # where each sentence ends (。！？ or a line break): extract.py walks the page by them
        self.sentence_ends = [m.start() for m in _SENTENCE_END.finditer(text)]
        self._line_starts = list(accumulate((len(line) + 1 for line in text.split("\n")),
                                            initial=0))[:-1]
        self._cache: dict[int, _Sentence] = {}  # filled lazily: most sentences hold no figure
        self._heads: dict[int, tuple] = {}
        self._sentence_heads: dict[int, tuple] = {}
        self._intros: dict[int, bool] = {}
        self._topics: dict[int, object] = {}
        self._sentence_starts: list[int] | None = None
        headings = kind.find_sections(text)
        # a bulletin's headings (一、农业) end what a paragraph head carries, but say nothing
        # of target or result
        self._heading_starts = [s.start for s in headings]
        self._sections = headings if dtime.doc_type != "bulletin" else []
        self._section_starts = [s.start for s in self._sections]

    @classmethod
    def build(cls, text: str, date: dt.date | None = None, home: str | None = None,
              title: str | None = None, catalogue_year: int | None = None,
              catalogue_kind: str | None = None) -> DocContext:
        dtype = doc_type(text, title, catalogue_kind)
        if date:
            published = dates.Dated(date, "用户给定")
        else:
            published = dates.publication_date(text, title, catalogue_year)
        head = f"{title or ''}\n{text[:600]}"
        plan = _FIVE_YEAR_HEAD.search(head)
        first = None
        if plan and (plan.group(1) or plan.group(2)):
            first = plans.plan_first_year(plan.group(1) or "十" + plan.group(2))
        spoken = dates.dominant_year(text) if published and not published.exact else None
        dtime = time.doc_time(published, dtype, head, first, spoken)
        doc_home = home or (region.infer_home(title + "\n" + text) if title
                            else region.infer_home(text))
        report = dtype in ("report", "plan", "five_year_plan")
        articles = None if home or report else region.find_articles(text, doc_home)
        ctx = cls(text, published, dtime, doc_home, articles,
                  _headline_period(head) if dtype == "news" else None)
        ctx.home_evidence = ("用户给定" if home else "标题与正文" if title
                             else "正文" if doc_home else None)
        return ctx

    def home_at(self, pos: int) -> str | None:
        """The home region of the article that holds position pos."""
        i = bisect.bisect_right(self._article_starts, pos) - 1
        return self._articles[i][1] if i >= 0 else self.home

    # ------------------------------------------------------------ per figure

    def resolve(self, quote_start: int, q_start: int, q_end: int, *, average: bool,
                spread: bool = False, base: bool = False,
                subject_start: int | None = None) -> Fields:
        """The context of the figure text[q_start:q_end] whose quote starts at quote_start.

        ``average``: an average rate over years (年均增长); ``spread``: a count of things
        added (新增, 净增), which a span phrase (五年来) spreads over its years; ``base``: the
        value a span started from (从X增加到Y), which belongs to the year before the span.
        """
        s = self._sentence(self._sentence_start(quote_start))
        section = self._section(q_start)
        where = (quote_start, q_start, subject_start)
        if base:
            return self._base_value(s, where)
        year, evidence, horizon, problem = self._year(s, q_start)
        review = self.time.review_year
        restated = kind.RESTATED_TARGET.match(self.text, q_end) is not None
        # 到2025年 is a year to reach: a target while it is to come, a result once past
        target = restated or self._target(s, q_start, q_end, year, section) or (
            horizon and year is not None and (review is None or year > review))
        if year is None and problem is None and restated and review is not None:
            year, evidence = review, self.time.review_evidence  # the reviewed year's target
        if year is None and problem is None:
            plan_end = self._future_plan(s, q_start)
            if plan_end is not None:
                year, evidence, target = plan_end[0], f"规划期末（“{plan_end[1]}”）", True
            elif section and section.year and section.kind != "other":
                year, evidence = section.year, f"章节“{section.title[:16]}”"
            elif self.time.review_year is not None:
                if target:
                    year, evidence = self.time.plan_year, self.time.plan_evidence
                else:
                    year, evidence = self.time.review_year, self.time.review_evidence
        period, p_problem = self._period(s, q_start)
        problem = problem or p_problem
        if not target and self._year_not_over(year, period):
            # a January page cannot report its own year's whole-year result: 今年经济增速保持在
            # 6%以上 there is the year's aim
            target = True
        # a count of things added spreads over a span (五年来净增…) unless its own sentence
        # dates it (2020年新增…)
        spread = spread and not (evidence or "").startswith("句中")
        if year is not None and (average or spread):
            # 年均 itself says a span is meant, so its phrase may stand a paragraph back; a
            # count is spread only by a span phrase in its own or the previous sentence
            reach = plans.WINDOW if average else min(q_start - s.start + 120, plans.WINDOW)
            span = self._carried_span(s, max(0, q_start - reach), q_start,
                                      year if not target else self.time.review_year,
                                      not average)
            if span is not None and span.point is None and (average or span.last == year
                                                            or target):
                period, year = span.label, span.last
                evidence = f"期间“{span.phrase}”"
            elif average:
                period = None
        elif year is not None and period is None and s.sums:
            # 五年累计完成投资597.7亿元: a total over the span its own clause names
            total = plans.cumulative_span(self.text, s.start, q_start,
                                          year if not target else self.time.review_year)
            if total is not None and total.point is None:
                period, year, evidence = total.label, total.last, f"期间“{total.phrase}”"
        return Fields(self._region(s, *where), year, period,
                      "target" if target else "actual", evidence, problem)

    def _year(self, s: _Sentence, q_start: int) -> tuple[int | None, str | None, bool,
                                                          str | None]:
        """(year, evidence, is a horizon, problem) from the sentence or its paragraph."""
        i = bisect.bisect_right(s.year_ends, q_start)
        cue = s.years[i - 1] if i else None
        if cue is None:
            head = self._paragraph_head(s.start)
            if head[0] is not None and head[0].end <= s.start:
                cue = head[0]
                if cue.year is not None:
                    return cue.year, f"段首“{cue.raw}”", cue.horizon, None
        if cue is None:
            return None, None, False, None
        if cue.year is None:
            return None, None, False, f"year: 不可能的年份“{cue.raw}” (impossible year)"
        if cue.word:
            return cue.year, f"“{cue.word}”：{self.date_evidence}", False, None
        return cue.year, f"句中“{cue.raw}”", cue.horizon, None

    def _carried_span(self, s: _Sentence, lo: int, q_start: int, year: int | None,
                      points: bool) -> plans.Span | None:
        """The last span phrase before q_start that reaches the figure: one in its own
        sentence, one that names its years, or one that heads an earlier sentence (五年来,… /
        “十四五”期间,…); a span counted back in the middle of an earlier sentence (…,十年增加近
        70万亿元、年均增长6.2%。) is that clause's."""
        hi = q_start
        for _ in range(4):  # bounded: a few spans back at most
            span = plans.span_phrase(self.text, lo, hi, year, points=points)
            if span is None:
                return None
            at = self.text.rfind(span.phrase, lo, hi)
            if at < 0 or at >= s.start or _YEAR_DIGITS.search(span.phrase):
                return span  # its own sentence's, or years written out (由1997年…到2002年)
            head = self._sentence_start(at)
            if self._head_clauses(head)[0][1] >= at:
                return span  # it heads its sentence
            hi = at
        return None

    def _base_value(self, s: _Sentence, where: tuple) -> Fields:
        q_start = where[1]
        own = _START_YEAR.search(self.text, max(s.start, q_start - 12), q_start)
        if own is not None and 1949 <= int(own.group(1)) <= 2100:
            # 由1980年的7200万吨: the starting value's own year, written just before it
            return Fields(self._region(s, *where), int(own.group(1)), None, "actual",
                          f"起点“{own.group(1)}年”")
        # 近4年 inside another subject's clause (锂电产业近4年招商金额…) spans that clause only:
        # the span that heads an earlier sentence (“十四五”期间,…) is the figure's
        span = self._carried_span(s, max(0, q_start - plans.WINDOW), q_start,
                                  self.time.review_year, True)
        region_ = self._region(s, *where)
        if span is None:
            return Fields(region_, None, None, "actual", None,
                          "year: 起点年份不明 (the year this change started from is not stated)")
        return Fields(region_, span.first - 1, None, "actual", f"期间起点（“{span.phrase}”）")

    def _year_not_over(self, year: int | None, period: str | None) -> bool:
        """A whole-year figure for the year a page appeared in its first two months."""
        p = self.published
        return (year is not None and period is None and p is not None and p.exact
                and year == p.date.year and p.date.month <= 2
                and self.time.doc_type in ("report", "news", "plan"))

    def _future_plan(self, s: _Sentence, q_start: int) -> tuple[int, str] | None:
        """(last year, phrase) of a plan still to come that the paragraph is about
        (“十四五”时期…), unless the sentence looks back (过去, 以来, 取得, 预计)."""
        if s.looks_back or self.date is None:
            return None
        # bounded windows keep a page-long sentence (flattened PDF text) linear; the plan
        # mentions are found once per sentence
        if s.plans is None:
            k = bisect.bisect_right(self._line_starts, s.start) - 1
            s.plans = plans.plan_mentions(self.text, max(self._line_starts[k], s.start - 300),
                                          s.end)
        found = [m for m in s.plans if q_start - 400 <= m.start() and m.end() <= q_start]
        if not found:
            return None
        span = plans.plan_span(found[-1], self.time.review_year)
        end = span.point or span.last
        return (end, span.phrase) if end > self.date.year else None

    def _target(self, s: _Sentence, q_start: int, q_end: int, year: int | None,
                section: kind.Section | None) -> bool:
        if s.estimates and s.estimates[0] < q_start:
            return False  # 预计完成…: an estimate of a year ending, a result
        # the figure's own words count too: 控制在5.5%以内 is a target
        if s.targets and s.targets[0] < q_end:
            return True
        section_kind = section.kind if section else "other"
        past = year is not None and self.time.plan_year is not None \
            and year < self.time.plan_year
        if s.weak_targets and s.weak_targets[0] < q_end + 4 and section_kind != "review" \
                and not s.looks_back and not past:
            return True
        if year is not None and self.date and year > self.date.year:
            return True  # a year still to come
        if s.looks_back or past:
            return False
        if self._list_intro_before(s.start):
            return True
        return section_kind == "plan"

    def _period(self, s: _Sentence, q_start: int) -> tuple[str | None, str | None]:
        i = bisect.bisect_right(s.period_ends, q_start)
        if i:
            _, period, valid = s.periods[i - 1]
            return period, None if valid else "period: 不可能的时期 (impossible period)"
        head = self._paragraph_head(s.start)
        if head[1] is not None and head[1][0] <= s.start:
            return head[1][1], None
        return self.headline_period, None

    def _paragraph_head(self, s0: int) -> tuple:
        """(year cue, (end, period)) carried to the sentence at s0: written in the first
        clauses of an earlier sentence of its paragraph (2023年，全市…。全年…), the latest such
        sentence first. Sentences are looked at within a bounded window (linear on
        page-long paragraphs), each read once."""
        cached = self._heads.get(s0)
        if cached is not None:
            return cached
        k = bisect.bisect_right(self._line_starts, s0) - 1
        p0 = max(self._line_starts[k], s0 - 600)
        h = bisect.bisect_right(self._heading_starts, s0) - 1
        if h >= 0:  # a heading (…。三、工业) ends what a paragraph carried
            p0 = max(p0, self._heading_starts[h])
        i = bisect.bisect_left(self.sentence_ends, p0)
        starts = [p0] + [e + 1 for e in self.sentence_ends[i:bisect.bisect_left(
            self.sentence_ends, s0)]]
        year_cue = period = None
        for a in reversed(starts):
            if a > s0:
                continue
            y, p = self._sentence_head(a)
            year_cue = year_cue or y
            period = period or p
            if year_cue and period:
                break
        head = (year_cue, period)
        self._heads[s0] = head
        return head

    def _sentence_head(self, a: int) -> tuple:
        """The year cue and period written at the head of the sentence starting at a."""
        cached = self._sentence_heads.get(a)
        if cached is not None:
            return cached
        year_cue = period = None
        if not _TIME_CHAR.search(self.text, a, min(len(self.text), a + 90)):
            self._sentence_heads[a] = (None, None)  # most sentences open without a time word
            return None, None
        for c0, c1 in self._head_clauses(a):
            years = time.year_cues(self.text, c0, c1, self.date)
            if years and _HEAD_LEAD.fullmatch(self.text, c0, years[0].end - len(years[0].raw)):
                year_cue = years[-1]
            per = [pm for pm in time.PERIOD_CUE.finditer(self.text, c0, c1)
                   if _HEAD_LEAD.fullmatch(self.text, c0, pm.start())
                   ] if _PERIOD_WORD.search(self.text, c0, c1) else []
            if per and time.period_of(per[-1])[1]:
                period = (per[-1].end(), time.period_of(per[-1])[0])
        self._sentence_heads[a] = (year_cue, period)
        return year_cue, period

    def _head_clauses(self, a: int) -> list[tuple[int, int]]:
        """The first two clauses of the sentence starting at a (龚文密指出,2014年,…)."""
        s1 = self._sentence_end(a)
        marks = region.clause_marks(self.text)
        out, c0 = [], a
        for _ in range(2):
            if c0 >= s1:
                break
            i = bisect.bisect_left(marks, c0)
            c1 = marks[i] if i < len(marks) and marks[i] < s1 else s1
            out.append((c0, min(c1, c0 + 40)))
            c0 = c1 + 1
        return out

    def _list_intro_before(self, s0: int) -> bool:
        """A sentence earlier in the paragraph introduced a list of targets (主要预期目标是:)."""
        cached = self._intros.get(s0)
        if cached is None:
            cached = self._intros[s0] = self._find_list_intro(s0)
        return cached

    def _find_list_intro(self, s0: int) -> bool:
        k = bisect.bisect_right(self._line_starts, s0) - 1
        p0 = self._line_starts[k]
        if p0 >= s0:
            # a list set out one target per line: the intro may end the line before
            if k == 0:
                return False
            prev = self.text[self._line_starts[k - 1]:p0].rstrip()
            return prev.endswith((":", "：")) and kind.LIST_INTRO.search(prev) is not None
        # bounded: a page-long paragraph (flattened PDF) stays linear
        return kind.LIST_INTRO.search(self.text, max(p0, s0 - 400), s0) is not None

    def _sentence_end(self, pos: int) -> int:
        """Where the sentence holding pos ends (its 。 or line break, or the page's end)."""
        i = bisect.bisect_left(self.sentence_ends, pos)
        return self.sentence_ends[i] if i < len(self.sentence_ends) else len(self.text)

    def _sentence_start(self, pos: int) -> int:
        i = bisect.bisect_right(self.sentence_ends, pos) - 1
        return self.sentence_ends[i] + 1 if i >= 0 else 0

    def _sentence(self, s0: int) -> _Sentence:
        """Every context cue of the sentence starting at s0, found once per sentence."""
        cached = self._cache.get(s0)
        if cached is not None:
            return cached
        t = self.text
        s1 = self._sentence_end(s0)
        periods = [(m.end(), *time.period_of(m)) for m in time.PERIOD_CUE.finditer(t, s0, s1)
                   ] if _PERIOD_WORD.search(t, s0, s1) else []
        s = _Sentence(
            start=s0, end=s1,
            years=time.year_cues(t, s0, s1, self.date),
            periods=periods,
            targets=kind.target_positions(t, s0, s1) if _TARGET_CHAR.search(t, s0, s1) else [],
            weak_targets=[m.start() for m in kind.WEAK_TARGET.finditer(t, s0, s1)],
            estimates=[m.start() for m in kind.ESTIMATE.finditer(t, s0, s1)],
            looks_back=kind.LOOKS_BACK.search(t, s0, s1) is not None,
            pronouns=[(m.start(), m.group(2)) for m in region.PRONOUN.finditer(t, s0, s1)],
            regions=region.mentions(t, s0, s1),
            sums=plans.SUM_WORD.search(t, s0, s1) is not None,
        )
        self._cache[s0] = s
        return s

    def _section(self, pos: int) -> kind.Section | None:
        i = bisect.bisect_right(self._section_starts, pos) - 1
        return self._sections[i] if i >= 0 else None

    def _region(self, s: _Sentence, quote_start: int, q_start: int,
                subject_start: int | None) -> str | None:
        return region.figure_region(self.text, s.start, s.regions, s.pronouns, quote_start,
                                    q_start, self.home_at(quote_start), subject_start,
                                    s.starts, lambda: self._topic(s.start))

    def _known_mentions(self, s0: int) -> list | None:
        c = self._cache.get(s0)
        return c.regions if c is not None else None

    def _topic(self, s0: int) -> regions.Region | None:
        """The paragraph's topic for the sentence at s0 (region.paragraph_topic), found once;
        the mentions of sentences already read are not looked for again."""
        cached = self._topics.get(s0, _NOT_FOUND)
        if cached is _NOT_FOUND:
            if self._sentence_starts is None:
                self._sentence_starts = [0] + [e + 1 for e in self.sentence_ends]
            cached = self._topics[s0] = region.paragraph_topic(
                self.text, s0, self._sentence_starts, self._known_mentions)
        return cached


def _headline_period(head: str) -> str | None:
    """A period in a news page's title or first line (长沙县1-7月工业总产值…, 上半年经济运行…)
    is the period of its figures that name none."""
    first = head.strip().split("\n", 1)[0][:60]
    for m in time.PERIOD_CUE.finditer(first):
        period, valid = time.period_of(m)
        if period and valid:
            return period
    return None
