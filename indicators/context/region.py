"""Region: the region a document is about, per-article homes on newspaper pages, and the
pronouns (全市, 我省) that stand for a region.

In: normalized text. Out: region names from the gazetteer (indicators.records.regions).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

# regex where it outruns re: patterns that open with a class or a look-behind (measured)
import regex

from indicators.records import regions

_CONGRESS = regex.compile(r"([\u4e00-\u9fff]{2,12}?)第[一二三四五六七八九十]+届人民代表大会")
_NATIONAL = re.compile(r"国务院政府工作报告|全国人民代表大会第|国务院总理|我代表国务院")
_NEWSPAPER = re.compile(r"([\u4e00-\u9fff]{2,4})日报")
# a region name that is part of a medium's name (衡阳日报全媒体记者, 株洲新闻网) or of a
# grouping of regions (大湘西, 长株潭) says nothing of the figure's region
_MEDIUM_AFTER = re.compile(r"日报|晚报|广播|电视|融媒|新闻|网(?![格点])|报社|记者|通讯员")
_GROUPING_BEFORE = re.compile(r"大$")
# 全国专精特新“小巨人”企业, 全省百强县, 全国首批: a level or a title, not where the figure is
_LEVEL_AFTER = re.compile(r"[“\"]?(?:专精特新|小巨人|制造业单项冠军|单项冠军|重点|百强|十强|[0-9]+强|首批|示范|先进|文明)")
# 居全省第一, 排名全国前列: a rank, not where the figure is
_RANK_BEFORE = re.compile(r"(?:居|排名?|位列|位居|列|跻身|进入|高于|低于|快于|慢于|超过|比|较)$")
_COUNTRY_WORDS = re.compile(r"中国(?=GDP|国内生产总值|经济|的?(?:GDP|国内生产总值))")


def mentions(text: str, start: int, end: int) -> list[tuple[int, int, regions.Region]]:
    """Region mentions in text[start:end] (absolute spans) that can be a figure's region:
    not a medium's name, not a grouping; 中国 before GDP or 经济 is 全国.

    >>> [(r.name) for _, _, r in mentions("衡阳日报全媒体记者 大湘西 中国GDP 株洲市", 0, 30)]
    ['全国', '株洲市']
    """
    out = []
    for a, b, reg in regions.find_regions(text[start:end]):
        a, b = a + start, b + start
        if _MEDIUM_AFTER.match(text, b) or _GROUPING_BEFORE.search(text, max(0, a - 1), a):
            continue
        if reg.level in ("country", "province") and (
                _LEVEL_AFTER.match(text, b) or _RANK_BEFORE.search(text, max(0, a - 2), a)):
            continue
        out.append((a, b, reg))
    if text.find("中国", start, end) >= 0:
        for m in _COUNTRY_WORDS.finditer(text, start, end):
            out.append((m.start(), m.start() + 2, regions.get(regions.COUNTRY)))
        out.sort(key=lambda x: x[0])
    return out
# 全省 after 居/在/高于/比 is a comparison (居全省第一, 比全省平均水平), not the subject
PRONOUN = regex.compile(r"(?<![居在于列比较])(全|我|本)(省|市|州|县|区)")
_BYLINE = re.compile(r"^[ \t]*(?:[\u4e00-\u9fff]{2,6}日报|本报)[^\n]{0,30}?(?:记者|讯|电)", re.M)
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
            if home is not None and doc_home is not None and _within(doc_home, home):
                home = doc_home  # 衡阳日报 reporting on 衡南县, the page's own county
        out.append((pos if head_lines else start, home or doc_home))
    return [(a, h) for a, h in out if h]


def _within(name: str, ancestor: str) -> bool:
    """The region ``name`` lies inside ``ancestor`` (衡南县 in 衡阳市 and in 湖南省)."""
    r = regions.get(name)
    return r is not None and r.name != ancestor and ancestor in (r.parent, r.province)


_FILED = re.compile(r"(?:\d{1,2}月\d{1,2}日)?(?:讯|电)")


def _most_specific(s: str) -> str | None:
    """The most specific region a title line names, the first of equals; the place a
    dateline was filed from (长沙讯, 北京电) only when the line names no other.

    >>> _most_specific("本报长沙10月21日讯 岳阳专场发布会"), _most_specific("本报长沙讯 全省经济")
    ('岳阳市', '长沙市')
    """
    best = filed = None
    papers = [(p.start(), p.end()) for p in _NEWSPAPER.finditer(s)]
    for a, b, reg in regions.find_regions(s):
        if reg.level == "country" or any(ps <= a < pe for ps, pe in papers):
            continue
        if _FILED.match(s, b):
            filed = filed or reg
        elif best is None or _RANK.get(reg.level, 0) > _RANK.get(best.level, 0):
            best = reg
    best = best or filed
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
    # a site's breadcrumb (您当前的位置:首页>统计公报>湖南) is no title
    head_lines = [ln for ln in text[:400].splitlines()
                  if ln.strip() and not _BREADCRUMB.search(ln)][:4]
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


_BREADCRUMB = re.compile(r"当前(?:的)?位置|您的位置|首页\s*[>›»]")
_CLAUSE_MARK = re.compile(r"[,，;；:：]")


def figure_region(text: str, s0: int, named_in_sentence: list, pronouns: list[tuple[int, str]],
                  quote_start: int, q_start: int, home: str | None,
                  subject_start: int | None = None,
                  starts: tuple[list[int], list[int]] | None = None,
                  topic: Callable[[], regions.Region | None] | None = None) -> str | None:
    """The region a figure is about, ranked: a region named in the clause that holds the
    figure's subject (长沙市地区生产总值…, 岳阳市实现GDP…); else the nearest region that
    opens a clause before it in the sentence (2024年上半年郴州市进出口总额…;社会消费品零售总额…);
    a pronoun (全市, 我省) in the figure's clause stands for the nearest region of its level
    named before it, or the region its paragraph names; else the article's home. A region
    inside another clause's words (…关于湖南工作的重要讲话…,实现GDP增长5.5%) is not the
    figure's."""
    anchor = min(quote_start, q_start) if subject_start is None else min(subject_start,
                                                                         quote_start, q_start)
    named_starts, pronoun_starts = starts or ([a for a, _, _ in named_in_sentence],
                                              [p for p, _ in pronouns])
    c0 = _clause_start(text, s0, anchor)
    c_fig = _clause_start(text, s0, q_start)
    own = opening = None
    # newest first, within a bounded reach: a page-long sentence stays linear
    k = bisect.bisect_left(named_starts, q_start)
    for a, b, r in reversed(named_in_sentence[max(0, k - _REACH):k]):
        if r.level == "country" and anchor - b > 6:
            continue  # 全国 in a comparison (高于全国) is not the subject
        if own is None and (a >= c0 or a >= c_fig):
            own = (a, r)
            break
        if opening is None and _opens_clause(text, s0, a):
            opening = (a, r)
            break
    named = own or opening
    pron = None
    k = bisect.bisect_left(pronoun_starts, q_start - 1)
    if k and (c0 <= pronouns[k - 1][0] or c_fig <= pronouns[k - 1][0]):
        pron = pronouns[k - 1]
    if pron and (own is None or pron[0] > own[0]):
        level = pron[1]
        j = bisect.bisect_left(named_starts, pron[0])
        bound = next((r for _, _, r in reversed(named_in_sentence[max(0, j - _REACH):j])
                      if r.level in _PRONOUN_LEVELS[level]), None)
        target = bound or _paragraph_region(text, s0, level)
        return _pronoun(level, target, home)
    if named:
        return named[1].name
    # a sentence that names no region at all goes on about its paragraph's topic
    if (named_starts and named_starts[0] < q_start) or (pronoun_starts
                                                         and pronoun_starts[0] < q_start):
        return home
    found = topic() if topic is not None else None
    return found.name if found is not None else home


_REACH = 12  # region mentions looked at before a figure


def _opens_clause(text: str, s0: int, a: int) -> bool:
    """The region at a opens its clause, after at most a few words of time or place
    (2023年, 上半年, 据, 在, 其中)."""
    c = _clause_start(text, s0, a)
    lead = _TIME_LEAD.sub("", text[c:a])
    return len(lead) <= 2


_TIME_LEAD = re.compile(r"(?:\d{4}年|今年|去年|上半年|下半年|前三季度|全年|[1-9]\d?-\d{1,2}月|[一二三四]季度"
                           r"|其中|截至|截止|目前|同期|当年|全年|\d{1,2}月(?:底|末)?|以来)")


def _clause_start(text: str, s0: int, pos: int) -> int:
    """Start of the clause holding pos (bounded: a page-long sentence stays linear)."""
    lo = max(s0, pos - 200)
    marks = clause_marks(text)
    i = bisect.bisect_left(marks, pos) - 1
    return marks[i] + 1 if i >= 0 and marks[i] >= lo else lo


@lru_cache(maxsize=2)
def clause_marks(text: str) -> list[int]:
    """Where the page's clause marks stand: found once, looked up for every figure."""
    return [m.start() for m in _CLAUSE_MARK.finditer(text)]


def paragraph_topic(text: str, s0: int, sentence_starts: list[int],
                    known: Callable[[int], list | None] | None = None
                    ) -> regions.Region | None:
    """The region that opens the sentence of figures just before, in the same paragraph: a
    sentence that names no region goes on about that topic (2024年,江西省全体居民…36007元。
    按常住地分,城镇、农村居民…). A sentence without figures in between (安化黑茶、桃江笋竹…加快
    发展。) ends the chain, and so does one whose region comes after its figures.

    ``sentence_starts``: where the page's sentences start, in order; ``known``: the region
    mentions already found for the sentence starting at a position, or None."""
    p0 = max(text.rfind("\n", max(0, s0 - 400), s0) + 1, s0 - 400, 0)
    i = bisect.bisect_left(sentence_starts, s0)
    end = s0
    while end > p0 and i > 0:
        i -= 1
        head = max(sentence_starts[i], p0)
        if _DIGIT.search(text, head, end):
            # the topic stands before the sentence's first figure (a year may precede it)
            first = _FIRST_FIGURE.search(text, head, end)
            stop = first.start() if first else end
            found = known(head) if known is not None else None
            found = [x for x in found if x[0] < stop] if found is not None else \
                mentions(text, head, stop)
            return _topic_of(text, head, found)
        end = head
    return None


def _topic_of(text: str, head: int, found: list) -> regions.Region | None:
    if not found:
        return None
    a, b, r = found[0]
    for a2, b2, r2 in found[1:]:
        if a2 != b:
            break
        b, r = b2, r2  # 株洲市荷塘区: the full name ends with the region meant
    # the topic is the subject of a clause before the sentence's figures: only time words
    # stand before it (2024年,江西省…), no verb (推广上海等…, 支持北京建设…), and it is not one of
    # a list (长沙、株洲…)
    c = _clause_start(text, head, a)
    lead = _TIME_LEAD.sub("", text[c:a]).strip(" \t")
    if lead in ("", "在", "据", "从", "全年") and not _LISTED.match(text, b) \
            and not _ORGANIZATION.match(text, b):
        return r
    return None


_DIGIT = re.compile(r"\d")
_FIRST_FIGURE = re.compile(r"\d(?!\d{0,3}年)")  # a digit that is not part of a year
_LISTED = re.compile(r"\s*(?:[、和与及等]|以及)")
# 湖南华炜科技有限公司总经理…: the name of a company or body, not a topic
_ORGANIZATION = re.compile(r"[\u4e00-\u9fff（）()]{0,14}?(?:公司|集团|银行|大学|学院|医院|协会|商会|研究院)")


_PRONOUN_LEVELS = {"省": ("province",), "市": ("prefecture", "county"), "州": ("prefecture",),
                   "县": ("county",), "区": ("county",)}


@lru_cache(maxsize=1024)
def _paragraph_region(text: str, s0: int, level: str) -> regions.Region | None:
    """The last region of the pronoun's level named earlier in the same paragraph."""
    # bounded: a page-long paragraph (flattened PDF text) stays linear
    p0 = max(text.rfind("\n", max(0, s0 - 400), s0) + 1, s0 - 400, 0)
    if p0 >= s0:
        return None
    want = _PRONOUN_LEVELS[level]
    found = [r for _, _, r in mentions(text, p0, s0) if r.level in want
             and (level != "市" or r.name.endswith("市"))]
    return found[-1] if found else None


PRONOUNS = ("全省", "全市", "全州")


def pronoun_region(word: str, of: str) -> str | None:
    """The region 全省 / 全市 stands for, seen from the region ``of`` (长沙县: 湖南省, 长沙市)."""
    return _pronoun(word[1], None, of)


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
