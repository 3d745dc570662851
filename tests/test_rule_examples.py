"""Every rule proves itself: each `examples` entry of every rule file must yield its expected
records, and each `counterexamples` entry must not yield the rule's indicators.

Cases come from the rule files themselves (indicators/rules/*.yaml), one test case per
example, with ids such as ``economy.gdp[0]`` so a failure names the rule and the example.
"""
from __future__ import annotations

import datetime as dt
import math

import pytest

from indicators.extract import extract_text
from indicators.rules.loader import CompiledRule, Counterexample, Example, Expected, default_rules

# The date an example is read against when it does not give its own (mid-year, so neither
# the "early in the year looks back" default nor a year boundary is involved).
DEFAULT_DATE = dt.date(2024, 6, 30)
REGION = "湖南省"
OPTIONAL_FIELDS = ("unit", "qualifier", "kind", "period", "region", "year")

# Examples the extractor gets wrong today: strict xfails, so fixing one turns the suite red
# until its entry here is removed. Keyed by the example's test id.
KNOWN_FAILURES: dict[str, str] = {
    # fixed in 79eb5d0: consumption.cpi[1] (控制在 swallowed by the anchor -> kind actual),
    # industry.industrial_va[2] (short traditional sentence not converted)
}
KNOWN_COUNTER_FAILURES: dict[str, str] = {}


def _date(ex: Example) -> dt.date:
    return dt.date.fromisoformat(ex.date) if ex.date else DEFAULT_DATE


def _cases(field: str, known: dict[str, str]) -> list:
    """One pytest param per example (or counterexample) of every rule, id rule.id[i]."""
    cases = []
    for cr in default_rules():
        for i, item in enumerate(getattr(cr.rule, field)):
            cid = f"{cr.rule.id}[{i}]"
            marks = [pytest.mark.xfail(strict=True, reason=known[cid])] if cid in known else []
            cases.append(pytest.param(cr, item, id=cid, marks=marks))
    return cases


def _example_cases() -> list:
    return _cases("examples", KNOWN_FAILURES)


def _counter_cases() -> list:
    return _cases("counterexamples", KNOWN_COUNTER_FAILURES)


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
    assert set(KNOWN_FAILURES) <= {c.id for c in _example_cases()}, "stale KNOWN_FAILURES key"
    assert set(KNOWN_COUNTER_FAILURES) <= {c.id for c in _counter_cases()}
