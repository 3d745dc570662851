"""Region: the region a document is about, per-article homes on newspaper pages, and the
pronouns (全市, 我省) that stand for a region.

In: normalized text. Out: region names from the gazetteer (indicators.records.regions).
"""
from __future__ import annotations

from collections import Counter

import regex

from indicators.records import regions

_CONGRESS = regex.compile(r"([\u4e00-\u9fff]{2,12}?)第[一二三四五六七八九十]+届人民代表大会")
_NATIONAL = regex.compile(r"国务院政府工作报告|全国人民代表大会第|国务院总理|我代表国务院")
_NEWSPAPER = regex.compile(r"([\u4e00-\u9fff]{2,4})日报")
# 全省 after 居/在/高于 is a comparison (居全省第一), not the subject
_PRONOUN = regex.compile(r"(?<![居在于列])(全|我|本)(省|市|州|县|区)")
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
