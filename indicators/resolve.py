"""Context for each figure: which region, which year and period, target or actual.

A document has a home region (the report's or newspaper's), a publication date (given or
inferred from datelines, dated notices, report titles and the years the text mentions),
and sections (a work report's review describes last year, its plan the coming one).
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections import Counter
from dataclasses import dataclass

import regex

from indicators import regions
from indicators.numbers import parse_chinese

_FULL_DATE = regex.compile(r"((?:19|20)\d{2})\s*(?:年|-|/|\.)\s*(1[0-2]|0?[1-9])\s*(?:月|-|/|\.)"
                           r"\s*(3[01]|[12]\d|0?[1-9])(?:日|号)?(?!\d)")
_YEAR_MONTH = regex.compile(r"((?:19|20)\d{2})年(1[0-2]|[1-9])月")
_DATELINE = regex.compile(r"(?<![年\d])(1[0-2]|[1-9])月(3[01]|[12]\d|[1-9])日(?:讯|电|,|，|\s)")
# PDF text loses characters: "——2020 1 7 日在株洲市第十五届…" is still a report date
_REPORT_DATE = regex.compile(r"((?:19|20)\d{2})\s*年?\s*(1[0-2]|[1-9])\s*月?\s*(3[01]|[12]\d|[1-9])\s*日\s*在")
_PLAN_TITLE = regex.compile(r"第(十[一二三四五]|[一二三四五六七八九])个五年(?:规划|计划)|[“\"]?十([一二三四五])五[”\"]?(?:规划|计划)")
_PUBLISHED = regex.compile(r"发布(?:时间|日期)[:：]?\s*((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
# a year counts towards the publication year unless it is a horizon (到2027年, 至2030年)
_YEAR = regex.compile(r"(?<![\d.到至])((?:19|20)\d{2})年")
_CONGRESS = regex.compile(r"([\u4e00-\u9fff]{2,12}?)第[一二三四五六七八九十]+届人民代表大会")
_NATIONAL = regex.compile(r"国务院政府工作报告|全国人民代表大会第|国务院总理|我代表国务院")
_REPORT_TITLE = regex.compile(r"((?:19|20)\d{2})年[^\n。]{0,20}?政府工作报告")
_BULLETIN_TITLE = regex.compile(r"((?:19|20)\d{2})年(?:国民经济和社会发展)?统计公报")
_REVIEW_TITLE = regex.compile(r"((?:19|20)\d{2})年(?:工作|经济社会发展)?回顾")
_NEWSPAPER = regex.compile(r"([\u4e00-\u9fff]{2,4})日报")

# cues searched backwards from a figure, within its sentence
# a year is the figure's unless it is a base of comparison (比2012年, 在2005年的基础上)
_YEAR_CUE = regex.compile(r"(?<![比较于同是])(?:((?:19|20)\d{2})年(?!的?基础|以来|相比|水平)"
                          r"|(今年|本年|当年|去年|上年|上一年|明年))")
_YEAR_CUE_RATIO = regex.compile(r"[比较](?:\d{4}年|上年|去年)")
# 目标 announces a target only when it introduces one (目标是…, 目标为, 预期目标); 完成…目标 is a result
_TARGET_CUE = regex.compile(r"预期目标|(?<!完成|实现|超额完成|达到|超过|全面完成)(?:目标(?:是|为|[:：]|定为|要求|瞄准|锁定)"
                            r"|(?<!规划|省定|市定|既定|年度)目标(?=\d)|力争|力求|争取|确保|计划(?!单列)|控制在|奋斗目标"
                            r"|将(?=新增|实现|达到|完成|突破|增长|培育|引进|建成|新建|提高))")
_ESTIMATE = regex.compile(r"预计")
_LOOKS_BACK = regex.compile(r"过去|以来|取得|完成了|实现了|预计|累计|比[^,]{0,6}(?:增加|提高|增长)")
_PERIOD = regex.compile(r"(1[0-2]|[1-9])\s*[-—至到~]\s*(1[0-2]|[1-9])月|前三季度|上半年|下半年|(?:第)?([一二三四])季度"
                        r"|截至(?:\d{4}年)?(1[01]|[1-9])月(?:底|末)|(?<![\d-])(1[0-2]|[1-9])月份")
_PLAN = regex.compile(r"十([一二三四五])五")
_SPAN = regex.compile(r"(?:过去|这|近)([二三四五六七八九十两])年|([二三四五六七八九十两])年(?:来|平均)"
                      r"|((?:19|20)\d{2})年以来")


def plan_first_year(ordinal: str) -> int:
    """First year of the n-th five-year plan, n in Chinese (十四 -> 2021).

    >>> [plan_first_year(n) for n in ("一", "三", "十一", "十四", "十五")]
    [1953, 1966, 2006, 2021, 2026]
    """
    k = int(parse_chinese(ordinal))
    # plans ran 1953-57 and 1958-62, then (after 1963-65) from 1966 on in five-year steps
    return 1953 + 5 * (k - 1) if k < 3 else 1966 + 5 * (k - 3)
# 全省 after 居/在/高于 is a comparison (居全省第一), not the subject
_SENTENCE_END = regex.compile(r"[。！？!?\n]")
_PRONOUN = regex.compile(r"(?<![居在于列])(全|我|本)(省|市|州|县|区)")
_SECTION = regex.compile(r"^(?:#+\s*)?[一二三四五六七八九十]+[、.]\s*(.{0,40})", regex.M)
_PLAN_SECTION = regex.compile(r"工作安排|工作任务|目标任务|总体要求|预期目标|主要任务|重点工作|工作建议")
_REVIEW_SECTION = regex.compile(r"回顾|成就|成绩|总结")


def _section_kind(heading: str) -> str:
    """'plan' or 'review' for a report's numbered heading; mixed headings decide nothing."""
    plan, review = _PLAN_SECTION.search(heading), _REVIEW_SECTION.search(heading)
    if plan and not review:
        return "plan"
    if review and not plan:
        return "review"
    return "other"


@dataclass(frozen=True)
class Fields:
    region: str | None
    year: int | None
    period: str | None
    kind: str


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
        inferred = date or infer_date(text) or (infer_date(title) if title else None)
        doc_home = home or (infer_home(title + "\n" + text) if title else infer_home(text))
        articles = None if home or report else find_articles(text, doc_home)
        return cls(text, inferred, doc_home, articles)

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
        if year is None and pub_year is not None:
            plan_end = self._future_plan(s0, q_start, pub_year)
            if plan_end is not None:
                year, target = plan_end, True
            elif target or (self._section(q_start) == "plan" and not estimate):
                year, target = pub_year, True
            else:
                year = self._actual_default(pub_year)
        elif year is not None and pub_year is not None and year > pub_year and not relative:
            target = True  # a year still to come: a target (到2025年…)
        period = None
        if average and year is not None:
            period, year = self._span(q_start, year)
        elif not average:
            i = bisect.bisect_right(cues.period_ends, q_start)
            period = cues.periods[i - 1][1] if i else None
        return Fields(self._region(cues, s0, quote_start, q_start), year, period,
                      "target" if target else "actual")

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


def _period_of(m: regex.Match) -> str | None:
    """'1-11', 'Q1', 'H1' for a period cue."""
    g = m.group()
    if m.group(1):
        a, b = int(m.group(1)), int(m.group(2))
        return f"{a}-{b}" if a < b else None
    if m.group(4):
        return f"1-{m.group(4)}"
    if m.group(5):
        return m.group(5)  # a single month (10月份)
    if g == "前三季度":
        return "1-9"
    if g == "上半年":
        return "H1"
    if g == "下半年":
        return "H2"
    return "Q" + str("一二三四".index(m.group(3)) + 1)


def infer_date(text: str) -> dt.date | None:
    """Publication date from the text: report date, dateline, dated notice, latest years.

    >>> infer_date("——2020年1月5日在永州市第五届人民代表大会第五次会议上")
    datetime.date(2020, 1, 5)
    >>> infer_date("株洲日报 2月8日,石峰区会议开幕。2025年6月以来…2026年目标")
    datetime.date(2026, 2, 8)
    >>> infer_date("2024年常德市政府工作报告\\n2024年要…2024年…2024年…")
    datetime.date(2024, 2, 1)
    >>> infer_date("本报3月5日讯 到2027年,到2027年,到2027年,今年2024年的任务")
    datetime.date(2024, 3, 5)
    """
    m = _REPORT_DATE.search(text)
    if m:
        return _date(*m.groups())
    m = _PUBLISHED.search(text[:2000])
    if m:
        return _date(*m.groups())
    m = _REPORT_TITLE.search(text[:300])
    if m:
        # "2024年政府工作报告" is delivered at the congress early in that year
        return dt.date(int(m.group(1)), 2, 1)
    full = [d for d in (_date(*x.groups()) for x in _FULL_DATE.finditer(text)) if d]
    line = _DATELINE.search(text[:600])
    if line:
        month, day = int(line.group(1)), int(line.group(2))
        same = [d for d in full if (d.month, d.day) == (month, day)]
        if same:
            return max(same)
        months = [(int(a), int(b)) for a, b in _YEAR_MONTH.findall(text)]
        if months:
            y, mo = max(months)
            return _date(y + (mo > month), month, day)
        years = _years(text)
        if years:
            return _date(years, month, day)
    if full:
        return max(full)
    bulletin = _BULLETIN_TITLE.search(text[:600])
    if bulletin:
        # a statistical bulletin for year Y comes out in the spring of Y+1
        return dt.date(int(bulletin.group(1)) + 1, 3, 1)
    review = _REVIEW_TITLE.search(text[:3000])
    if review:
        # "一、2024年工作回顾": a work report given early the next year
        return dt.date(int(review.group(1)) + 1, 3, 1)
    plan = _PLAN_TITLE.search(text[:600])
    if plan:
        # a five-year plan is published in its first year and looks back on the one before
        return dt.date(plan_first_year(plan.group(1) or "十" + plan.group(2)), 3, 1)
    months = [(int(a), int(b)) for a, b in _YEAR_MONTH.findall(text)]
    if months:
        y, mo = max(months)
        return _date(y, mo, 28)
    years = _years(text)
    return _date(years, 12, 31) if years else None


def _years(text: str) -> int | None:
    counts = Counter(int(y) for y in _YEAR.findall(text) if 1949 <= int(y) <= 2100)
    if not counts:
        return None
    top = max(counts.values())
    return max(y for y, c in counts.items() if c == top)


def _date(y, m, d) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d))
    except (TypeError, ValueError):
        return None


_BYLINE = regex.compile(r"^[ \t]*(?:[\u4e00-\u9fff]{2,6}日报|本报)[^\n]{0,30}?(?:记者|讯|电)", regex.M)
_RANK = {"county": 3, "prefecture": 2, "province": 1}


def find_articles(text: str, doc_home: str | None) -> list[tuple[int, str]]:
    """(start, home) of each article on a newspaper page, from its headline or lead.

    An article starts at the short headline lines above its byline (湖南日报…记者, 本报讯);
    its home is the most specific region in that headline, else the region of a congress
    in its lead, else the page's home.
    """
    out: list[tuple[int, str]] = []
    for m in _BYLINE.finditer(text):
        start = m.start()
        head_lines: list[str] = []
        pos = start
        while pos > 0 and len(head_lines) < 3:  # headline lines above the byline
            prev_end = text.rfind("\n", 0, pos - 1)
            line = text[prev_end + 1:pos].strip()
            if line:
                if len(line) > 40 or line[-1] in "。!?！？)）":
                    break
                head_lines.insert(0, line)
            pos = prev_end + 1
        home = _most_specific(" ".join(head_lines))
        if home is None:
            lead = text[m.end():m.end() + 200]
            c = _CONGRESS.search(lead)
            found = regions.find_regions(c.group(1)) if c else []
            home = found[-1][2].name if found else None
        if home is None:
            paper = _NEWSPAPER.match(m.group().strip())
            found = regions.find_regions(paper.group(1)) if paper else []
            home = found[0][2].name if found else None
        out.append((pos if head_lines else start, home or doc_home))
    return [(a, h) for a, h in out if h]


def _most_specific(s: str) -> str | None:
    best = None
    papers = [(p.start(), p.end()) for p in _NEWSPAPER.finditer(s)]
    for a, _, reg in regions.find_regions(s):
        if reg.level == "country" or any(ps <= a < pe for ps, pe in papers):
            continue
        if best is None or _RANK.get(reg.level, 0) > _RANK.get(best.level, 0):
            best = reg
    return best.name if best else None


def infer_home(text: str) -> str | None:
    """The region a document is about: its congress, its title, its newspaper."""
    if _NATIONAL.search(text[:3000]):
        return "全国"
    m = _CONGRESS.search(text[:3000])
    if m:
        found = regions.find_regions(m.group(1))
        if found:
            return found[-1][2].name
    head_lines = [ln for ln in text[:400].splitlines() if ln.strip()][:4]
    for ln in head_lines:
        best = _most_specific(ln)
        if best is not None:
            return best
    for ln in head_lines:  # no region in the title lines but the newspaper's own
        paper = _NEWSPAPER.search(ln)
        found = regions.find_regions(paper.group(1)) if paper else []
        if found:
            return found[0][2].name
    hits = [r.name for _, _, r in regions.find_regions(text[:5000]) if r.level != "country"]
    return Counter(hits).most_common(1)[0][0] if hits else None
