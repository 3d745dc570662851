"""The national gold set stays true to its reports.

Cases: tests/gold/national.jsonl over data/corpus/national/gwr-*.txt (the 42 national
government work reports the app bundles), checked by tests/gold/check_national.py; the
broken records below are the gold's own first line with one field spoiled.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("check_national",
                                               ROOT / "tests" / "gold" / "check_national.py")
check_national = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_national)

TEXTS = {p.stem: p.read_text(encoding="utf-8")
         for p in sorted((ROOT / "data" / "corpus" / "national").glob("gwr-*.txt"))}
RECORDS = [json.loads(x) for x in
           (ROOT / "tests" / "gold" / "national.jsonl").read_text("utf-8").splitlines()
           if x.strip()]


def test_every_national_gold_record_agrees_with_its_report() -> None:
    assert len(TEXTS) == 42 and len(RECORDS) > 300
    problems = {i: e for i, r in enumerate(RECORDS) if (e := check_national.check_record(r, TEXTS))}
    assert problems == {}


@pytest.mark.parametrize("change, says", [
    ({"value": 123456.0}, "not among the quote's numbers"),
    ({"quote": "并不存在的句子"}, "quote not in"),
    ({"region": "湖南省"}, "region is not 全国"),
    ({"kind": "actual", "year": 2030}, "implausible"),
])
def test_a_spoiled_record_is_caught(change: dict, says: str) -> None:
    bad = dict(RECORDS[0], **change)
    assert any(says in e for e in check_national.check_record(bad, TEXTS))
