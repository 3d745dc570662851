"""Every rule proves itself: each `examples` entry of every rule file must yield its expected
records, and each `counterexamples` entry must not yield the rule's indicators.

Cases come from the rule files themselves (indicators/rules/*.yaml), one test case per
example, with ids such as ``economy.gdp[0]`` so a failure names the rule and the example.
An example or counterexample with an ``xfail`` reason is a phrasing the engine gets wrong
today; it runs as a strict xfail.

The examples must also be worth something as evidence (issue 6, "How it is measured"): every
rule shows at least three phrasings and a counterexample, and fewer than a third of all
examples are copied from the pages the rules are written against. ``python
tests/test_rule_examples.py`` prints the counts per rule and the copies.
"""
from __future__ import annotations

import datetime as dt
import math
import re
from functools import cache
from pathlib import Path

import pytest

from indicators.extract import extract_text
from indicators.rules.loader import CompiledRule, Counterexample, Example, Expected, default_rules
from indicators.text.normalize import normalize

# The date an example is read against when it does not give its own (mid-year, so neither
# the "early in the year looks back" default nor a year boundary is involved).
DEFAULT_DATE = dt.date(2024, 6, 30)
REGION = "湖南省"
OPTIONAL_FIELDS = ("unit", "qualifier", "kind", "period", "region", "year")

ROOT = Path(__file__).resolve().parent.parent
# The pages rules are written against: the development pages and the seeds (the issue's
# "development pages"), the pages collected for issue 6 and the bundled corpus (national work
# reports and Hunan documents), each outside its held-back fifth.
TUNING_FOLDERS = ("tests/pages/dev", "seeds", "tests/pages/extra", "data/corpus/hunan",
                  "data/corpus/national")
# The held-back fifth (tests/gold/HOLDOUT.md): nobody reads these while writing rules, so no
# example may come from them.
HELD_BACK = {
    "tests/pages/dev": "007 013 050 055 018 022 025 046 053 020 026 033",
    "tests/pages/extra": "110 112 124 103 107 116 104 137 139 154 133 140 "
                         "158 161 174 164 178",
    "data/corpus/national": "gwr-1983 gwr-1984 gwr-1988 gwr-1992 gwr-1994 gwr-1997 gwr-1998 "
                            "gwr-2025",
}
MIN_PHRASINGS = 3
NEAR_RUN = 20  # an example sharing this many consecutive characters with a page is a near-copy


def _date(ex: Example) -> dt.date:
    return dt.date.fromisoformat(ex.date) if ex.date else DEFAULT_DATE


def _cases(field: str) -> list:
    """One pytest param per example (or counterexample) of every rule, id rule.id[i].

    An item with an ``xfail`` reason (a phrasing the engine gets wrong today) is a strict
    xfail: the day the engine reads it, the suite fails until the reason is removed.
    """
    cases = []
    for cr in default_rules():
        for i, item in enumerate(getattr(cr.rule, field)):
            marks = [pytest.mark.xfail(strict=True, reason=item.xfail)] if item.xfail else []
            cases.append(pytest.param(cr, item, id=f"{cr.rule.id}[{i}]", marks=marks))
    return cases


def _example_cases() -> list:
    return _cases("examples")


def _counter_cases() -> list:
    return _cases("counterexamples")


def _matches(rec, exp: Expected) -> bool:
    if rec.indicator != exp.indicator:
        return False
    if not math.isclose(rec.value, exp.value, rel_tol=1e-6, abs_tol=1e-9):
        return False
    return all(getattr(exp, f) is None or getattr(rec, f) == getattr(exp, f)
               for f in OPTIONAL_FIELDS)


def _show(rec) -> str:
    return (f"{rec.indicator}={rec.value:g} {rec.unit} {rec.qualifier} {rec.kind} "
            f"{rec.year} period={rec.period} {rec.region} [{rec.rule_id}]")


@pytest.mark.parametrize(("cr", "ex"), _example_cases())
def test_rule_example(cr: CompiledRule, ex: Example) -> None:
    res = extract_text(ex.text, doc="example", date=_date(ex), region=REGION)
    for exp in ex.expect:
        assert any(_matches(r, exp) for r in res.records), (
            f"{cr.file}: {cr.rule.id}: {ex.text!r} should give "
            f"{exp.model_dump(exclude_none=True)}; got "
            f"{[_show(r) for r in res.records]}; rejects {[x.reason for x in res.rejects]}")


def _keys(cr: CompiledRule) -> set[str]:
    """The rule's keys; a split-only rule (第一、二、三产业) stands for the rules it splits into."""
    by_id = {c.rule.id: c for c in default_rules()}
    return cr.rule.keys().union(*(by_id[s].rule.keys() for s in cr.rule.split or []))


@pytest.mark.parametrize(("cr", "ce"), _counter_cases())
def test_rule_counterexample(cr: CompiledRule, ce: Counterexample) -> None:
    res = extract_text(ce.text, doc="example", date=DEFAULT_DATE, region=REGION)
    banned = {ce.indicator} if ce.indicator else _keys(cr)
    assert banned, f"{cr.rule.id} has no keys to check"
    wrong = [_show(r) for r in res.records if r.indicator in banned]
    assert not wrong, f"{cr.file}: {cr.rule.id}: {ce.text!r} must not give {banned}: {wrong}"


def test_every_rule_has_an_example_case() -> None:
    ids = {c.id.rsplit("[", 1)[0] for c in _example_cases()}
    assert ids == {cr.rule.id for cr in default_rules()}


# --- what the examples are worth as evidence ------------------------------------------------

def _shape(text: str) -> str:
    """An example's phrasing: its normalized text with the numbers masked, so that two
    sentences differing only in their figures count as one phrasing.

    >>> _shape("地区生产总值 1,234.5亿元") == _shape("地区生产总值987亿元")
    True
    """
    return re.sub(r"\d+(?:[.,]\d+)*", "#", normalize(text).text)


def _short_of_evidence(cr: CompiledRule) -> list[str]:
    """What a rule lacks: three phrasings the engine reads, a counterexample it respects."""
    r = cr.rule
    shapes = {_shape(ex.text) for ex in r.examples if not ex.xfail}
    problems = []
    if len(shapes) < MIN_PHRASINGS:
        problems.append(f"{len(shapes)} phrasing(s) read today, {MIN_PHRASINGS} needed")
    if not any(not ce.xfail for ce in r.counterexamples):
        problems.append("no counterexample that holds today")
    return problems


def test_every_rule_shows_three_phrasings_and_a_counterexample() -> None:
    short = {f"{cr.file}: {cr.rule.id}": p for cr in default_rules()
             if (p := _short_of_evidence(cr))}
    assert not short, short


def _held_back(rel: str, path: Path) -> bool:
    return path.stem in HELD_BACK.get(rel, "").split()


@cache
def _pages() -> tuple[dict[str, str], dict[str, str]]:
    """Normalized texts of the pages rules are tuned on, and of the held-back pages."""
    tuning, held = {}, {}
    for rel in TUNING_FOLDERS:
        for path in sorted((ROOT / rel).glob("*.txt")):
            text = normalize(path.read_text(encoding="utf-8")).text
            (held if _held_back(rel, path) else tuning)[f"{rel}/{path.name}"] = text
    return tuning, held


def _examples() -> dict[str, str]:
    """Every example, named 'rule.id[i] text', with its text normalized as pages are."""
    return {f"{cr.rule.id}[{i}] {ex.text}": normalize(ex.text).text
            for cr in default_rules() for i, ex in enumerate(cr.rule.examples)}


def _copies(examples: dict[str, str], pages: dict[str, str]) -> dict[str, tuple[str, str]]:
    """The examples that come from a page: ('copy', page) when the text stands in the page
    as it is, ('near', page) when it shares a run of NEAR_RUN characters with it."""
    found = {}
    windows: dict[str, list[str]] = {}
    for key, text in examples.items():
        page = next((name for name, p in pages.items() if text in p), None)
        if page is not None:
            found[key] = ("copy", page)
            continue
        for i in range(len(text) - NEAR_RUN + 1):
            windows.setdefault(text[i:i + NEAR_RUN], []).append(key)
    for name, page in pages.items():  # one pass over the pages for every example's runs
        for i in range(len(page) - NEAR_RUN + 1):
            for key in windows.get(page[i:i + NEAR_RUN], ()):
                found.setdefault(key, ("near", name))
    return found


def test_the_pages_are_there() -> None:
    tuning, held = _pages()
    assert len(tuning) >= 50, sorted(tuning)
    assert len(held) == sum(len(v.split()) for v in HELD_BACK.values()), sorted(held)
    holdout = (ROOT / "tests/gold/HOLDOUT.md").read_text(encoding="utf-8")
    assert all(n in holdout for v in HELD_BACK.values() for n in v.split())


def test_fewer_than_a_third_of_the_examples_are_copied_from_the_pages() -> None:
    examples = _examples()
    copies = _copies(examples, _pages()[0])
    total = len(examples)
    assert 3 * len(copies) < total, (
        f"{len(copies)} of {total} examples are copies or near-copies of the pages:\n"
        + "\n".join(f"{kind} of {page}: {ex}" for ex, (kind, page) in copies.items()))


def test_no_example_comes_from_a_held_back_page() -> None:
    copies = _copies(_examples(), _pages()[1])
    assert not copies, "\n".join(f"{kind} of {page}: {ex}" for ex, (kind, page) in copies.items())


def test_copy_detection_sees_copies_and_near_copies() -> None:
    pages = {"p": normalize("前言。全年地区生产总值[1]572.6亿元,比上年增长4.4%。其余。").text}
    examples = {name: normalize(text).text for name, text in (
        ("copy", "地区生产总值572.6亿元"),  # the page's footnote call is normalized away
        ("near", "全市地区生产总值572.6亿元,比上年增长4.4%左右"),  # 23 characters shared
        ("own", "地区生产总值1686.3亿元,增长5.9%"))}
    assert _copies(examples, pages) == {"copy": ("copy", "p"), "near": ("near", "p")}


def _report() -> None:
    """Print examples and counterexamples per rule, xfails, and the copies."""
    tuning, held = _pages()
    examples = _examples()
    for cr in default_rules():
        r = cr.rule
        xf = sum(1 for x in (*r.examples, *r.counterexamples) if x.xfail)
        print(f"{r.id:45} examples {len(r.examples):2}  counterexamples "
              f"{len(r.counterexamples):2}  xfail {xf}")
    for label, pages in (("tuning", tuning), ("held-back", held)):
        copies = _copies(examples, pages)
        print(f"{label} pages: {len(copies)} of {len(examples)} examples are copies or "
              "near-copies")
        for ex, (kind, page) in copies.items():
            print(f"  {kind} of {page}: {ex}")


if __name__ == "__main__":
    _report()
