"""The name finder against the definition it implements.

``find_names`` merges one search per rule; ``window_names`` searches only the sentences that
hold figures, joined into one string. Both must find what a single alternation of all rules
(in rule order) finds: leftmost first, the earlier rule at a tie, no overlaps. That
alternation is built here, as the engine built it before, and compared on real pages and on
generated text.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.extract import find_names, window_names
from indicators.rules.loader import default_rules
from indicators.text.normalize import normalize

PAGES = sorted((Path(__file__).parent / "pages").glob("*/*.txt"))
_SENTENCE_END = regex.compile(r"[。！？!?\n]")


@cache
def _alternation() -> regex.Pattern:
    return regex.compile("|".join(f"(?P<r{i}>{c.pattern})" for i, c in enumerate(default_rules())))


def _by_alternation(text: str, pos: int = 0, endpos: int | None = None) -> list[tuple]:
    rules = default_rules()
    end = len(text) if endpos is None else endpos
    return [(m.start(), m.end(), rules[int(m.lastgroup[1:])].rule.id)
            for m in _alternation().finditer(text, pos, end)]


def _hits(hits) -> list[tuple]:
    return [(h.start, h.end, h.rule.rule.id) for h in hits]


@pytest.fixture(scope="module")
def pages() -> list[str]:
    assert len(PAGES) >= 50, "the dev and extra pages are missing"
    return [normalize(p.read_text("utf-8")).text for p in PAGES]


def test_find_names_is_the_alternation_on_every_page(pages):
    found = 0
    for text in pages:
        expected = _by_alternation(text)
        assert _hits(find_names(text)) == expected
        found += len(expected)
    assert found > 500  # the pages do hold names (736): the comparison is not vacuous


def test_window_names_is_the_alternation_per_sentence(pages):
    compared = 0
    for text in pages:
        ends = [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]
        windows, pos = [], 0
        for e in ends:
            if e > pos:
                windows.append((pos, e))
            pos = e + 1
        got = window_names(text, windows)
        assert len(got) == len(windows)
        for (a, b), hits in zip(windows, got, strict=True):
            assert _hits(hits) == _by_alternation(text, a, b), text[a:b]
            compared += len(hits)
    assert compared > 500


_WORDS = [c.rule.examples[0].text[:12] for c in default_rules()] + [
    "其中", "全年", "消费", "投资", "进出口", "增长", "下降", "同比", "粮食", "总产量", "产量",
    "人均", "万元", "单位", "地方", "服务业", "一产", "二产", "三产", "第", "，", "。", "、", "\n",
    "2023年", "5.5%", "12亿元",
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_find_names_is_the_alternation_on_generated_text(parts):
    text = "".join(parts)
    assert _hits(find_names(text)) == _by_alternation(text)
