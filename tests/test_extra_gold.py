"""The independent gold set stays true to its pages.

Cases: tests/gold/extra.jsonl over tests/pages/extra/*.txt (80 real pages annotated without
looking at the engine, see tests/pages/extra/README.md), checked by tests/gold/check_extra.py; the
broken records below are that gold's own first lines with one field spoiled.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

GOLD_DIR = Path(__file__).resolve().parent / "gold"
_spec = importlib.util.spec_from_file_location("check_extra", GOLD_DIR / "check_extra.py")
check_extra = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_extra)

RECORDS = [json.loads(x) for x in (GOLD_DIR / "extra.jsonl").read_text("utf-8").splitlines()
           if x.strip()]


def test_extra_gold_agrees_with_its_pages() -> None:
    assert check_extra.check(check_extra.DEFAULT_GOLD, check_extra.DEFAULT_PAGES) == []


def _spoiled(tmp_path: Path, **change) -> list[str]:
    bad = dict(RECORDS[0], **change)  # 101: 湘潭县 gdp 595亿元
    gold = tmp_path / "extra.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for r in [bad, *RECORDS[1:]]]
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return check_extra.check(gold, check_extra.DEFAULT_PAGES)


@pytest.mark.parametrize(("change", "message"), [
    ({"value": 5950000000}, "not read from quote"),          # 亿 read as 千万
    ({"value": -59500000000}, "not read from quote"),        # a rise recorded as a fall
    ({"quote": "全年完成地区生产总值596亿元"}, "quote not on the page"),
    ({"tier": "secondary"}, "tier"),
    ({"year": 2031}, "implausible"),
    ({"period": "1-13"}, "period"),
    ({"region": "湘潭"}, "official full name"),
])
def test_checker_rejects_a_spoiled_record(tmp_path: Path, change: dict, message: str) -> None:
    errors = _spoiled(tmp_path, **change)
    assert any(message in e for e in errors), errors


def test_checker_reads_units_and_words() -> None:
    assert check_extra.value_agrees(27850000, "粮食总产达到557亿斤")         # 亿斤 -> tonnes
    assert check_extra.value_agrees(1e11, "特色轻工产业成为全市首个产值过千亿元")
    assert check_extra.value_agrees(5.4, "同比增長(zhǎng)5.4%")             # pinyin gloss
    assert check_extra.value_agrees(-5.5, "下降22.5%和5.5%")                # sign from the chain
    assert not check_extra.value_agrees(5.5, "下降5.5%")
