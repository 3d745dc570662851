"""Review on both backends: accept, reject, correct, add; the audit trail; corrections that
survive re-extraction and new versions; what waits (pending); export as JSONL.

Cases: seed page 004 (石峰区's 2026 work report, extracted for real) and the scenario of
issue 8 (correct a year, re-extract the document, the correction still stands)."""
from __future__ import annotations

import argparse
import io
import json

import pytest

from indicators.store import db as store
from indicators.store import queries, review
from indicators.store.commands import add_commands
from indicators.store.db import StoreError
from indicators.store.queries import Filters

SEED = "004_90b9b8a56207ea22"
SEED_PATH = store.SEEDS_DIR / f"{SEED}.txt"
SEED_TEXT = SEED_PATH.read_text("utf-8")
GDP_QUOTE = "地区生产总值增长5.5%左右"
TITLE = "石峰区2026年政府工作报告"


def extracted(text: str = SEED_TEXT, doc: str = SEED, title: str = TITLE):
    document, records, _ = store.extract_document(doc, text, origin="upload:x.txt")
    return [(store.Document(**{**document.__dict__, "title": title}), records)]


@pytest.fixture
def db(target):
    store.ingest(extracted(), target)
    return target


def gdp_row(db):
    frame = queries.query_records(Filters(indicators=("gdp_growth",), regions=("石峰区",)), db)
    rows = frame[frame["quote"] == GDP_QUOTE]
    assert len(rows) == 1, frame[["quote", "value", "year"]]
    return rows.iloc[0]


def test_correct_a_year_then_reextract_and_the_correction_stands(db):
    row = gdp_row(db)
    assert not row["reviewed"] and row["year"] == 2026
    review.correct(row["record_key"], {"year": 2025}, "王芳", "报告说的是上年目标", db)
    row = gdp_row(db)
    assert (row["year"], row["reviewed"], row["review"]) == (2025, True, "corrected")
    report = store.build([SEED_PATH], db)  # the same text, extracted again
    assert report.reviews_kept == 1 and report.reviews_lost == 0
    row = gdp_row(db)
    assert (row["year"], row["review"]) == (2025, "corrected")
    hist = review.history(db, doc=SEED)
    assert list(hist["action"]) == ["correct"] and hist.loc[0, "reviewer"] == "王芳"
    assert hist.loc[0, "changes"] == "year: 2026 → 2025" and hist.loc[0, "reason"]


def test_a_correction_follows_its_quote_into_a_new_version(db):
    review.correct(gdp_row(db)["record_key"], {"value": 5.6}, "王芳", "原文核对", db)
    moved = "（修订稿）\n" + SEED_TEXT
    report = store.ingest(extracted(moved, "石峰区报告修订稿"), db)
    assert report.replaced == [SEED] and report.reviews_kept == 1
    row = gdp_row(db)
    assert row["value"] == 5.6 and row["start"] == SEED_TEXT.index(GDP_QUOTE) + 6
    assert moved[row["start"]:row["end"]] == GDP_QUOTE


def test_a_correction_whose_figure_is_gone_waits_and_does_not_apply(db):
    key = gdp_row(db)["record_key"]
    review.correct(key, {"value": 5.6}, "王芳", "原文核对", db)
    gone = SEED_TEXT.replace(GDP_QUOTE, "地区生产总值稳步增长")
    report = store.ingest(extracted(gone), db)
    assert report.reviews_lost == 1
    frame = queries.query_records(Filters(indicators=("gdp_growth",)), db)
    assert 5.6 not in set(frame["value"])
    waiting = review.pending(db)
    lost = waiting[waiting["priority"] == 1]
    assert len(lost) == 1 and lost.iloc[0]["record_key"].startswith(f"rec:{SEED}:")
    assert lost.iloc[0]["value"] == 5.6


def test_reject_removes_the_figure_from_reads_and_counts(db):
    before = queries.overview(db)
    review.reject(gdp_row(db)["record_key"], "李明", "重复计数", db)
    frame = queries.query_records(Filters(indicators=("gdp_growth",)), db)
    assert GDP_QUOTE not in set(frame["quote"])
    assert queries.overview(db).n_records == before.n_records - 1
    assert store.count_records(db) == before.n_records  # the extraction itself is kept


def test_accept_marks_reviewed_without_changing_the_value(db):
    review.accept(gdp_row(db)["record_key"], "李明", path=db)
    row = gdp_row(db)
    assert (row["value"], row["reviewed"], row["review"]) == (5.5, True, "accepted")


def test_add_a_missed_figure_and_correct_it(db):
    quote = "地区生产总值增长5.5%左右"
    key_id = review.add(SEED, {"region": "石峰区", "indicator": "gdp", "kind": "target",
                               "year": 2026, "value": 1e11, "unit": "yuan",
                               "qualifier": "approx", "quote": quote},
                        "王芳", "表格中的总量", db)
    frame = queries.query_records(Filters(indicators=("gdp",)), db)
    added = frame[frame["review"] == "added"]
    assert len(added) == 1 and added.iloc[0]["start"] == SEED_TEXT.index(quote)
    review.correct(added.iloc[0]["record_key"], {"value": 1.2e11}, "王芳", "更正", db)
    frame = queries.query_records(Filters(indicators=("gdp",)), db)
    assert list(frame[frame["review"] == "added"]["value"]) == [1.2e11]
    assert review.history(db, key=f"add:{key_id}")["action"].tolist() == ["correct", "add"]


@pytest.mark.parametrize("changes, message", [
    ({"region": "火星市"}, "region"), ({"year": 3000}, "year"),
    ({"unit": "tonnes"}, "unit"), ({"quote": "不在文中的话"}, "quote"),
    ({"rid": 1}, "cannot be corrected"),
])
def test_an_invalid_correction_changes_nothing(db, changes, message):
    token = store.version(db)
    with pytest.raises(StoreError, match=message):
        review.correct(gdp_row(db)["record_key"], changes, "王芳", "试试", db)
    assert store.version(db) == token and review.history(db).empty


def test_a_review_needs_a_name_and_a_reason(db):
    key = gdp_row(db)["record_key"]
    with pytest.raises(StoreError, match="name"):
        review.reject(key, " ", "理由", db)
    with pytest.raises(StoreError, match="reason"):
        review.reject(key, "王芳", "", db)


def test_a_stale_key_is_refused_after_reextraction(db):
    key = gdp_row(db)["record_key"]
    store.build([SEED_PATH], db)
    with pytest.raises(StoreError, match="no longer in the store"):
        review.reject(key, "王芳", "重复", db)


def test_pending_lists_rejects_then_inferred_years_and_dismissing_a_reject(db):
    typo = "石峰区2025年地区生产总值增长500%。"  # an OCR slip for 5.00%: refused, with a reason
    document, records, n = store.extract_document("ocr", typo)
    assert n == 1
    store.ingest([(document, records)], db)
    waiting = review.pending(db)
    assert not waiting.empty and list(waiting["priority"]) == sorted(waiting["priority"])
    rejects = waiting[waiting["priority"] == 0]
    assert list(rejects["quote"]) == ["地区生产总值增长500%"]
    assert "beyond" in rejects.iloc[0]["detail"] and rejects.iloc[0]["value"] == 500.0
    assert (waiting[waiting["priority"] == 2]["evidence"].fillna("")
            .map(lambda e: not e.startswith("句中"))).all()
    key = rejects.iloc[0]["record_key"]
    review.reject(key, "李明", "确实不是指标", db)
    assert key not in set(review.pending(db)["record_key"])


def test_export_corrections_writes_records_with_the_reviewers_fields(db, capsys):
    review.correct(gdp_row(db)["record_key"], {"year": 2025}, "王芳", "上年", db)
    out = io.StringIO()
    assert review.export_corrections(out, db) == 1
    line = json.loads(out.getvalue())
    assert (line["doc"], line["year"], line["quote"], line["reviewer"], line["review"]) == \
        (SEED, 2025, GDP_QUOTE, "王芳", "correct")
    assert line["original"]["year"] == 2026 and SEED_TEXT[line["start"]:line["end"]] == \
        GDP_QUOTE
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["export-corrections", "--db", str(db)])
    assert args.func(args) == 0
    assert json.loads(capsys.readouterr().out.splitlines()[0])["year"] == 2025


def test_correcting_a_source_resolves_its_conflict(db):
    other = "石峰区2026年预期目标：地区生产总值增长6%左右。"
    document, records, _ = store.extract_document("other", other)
    store.ingest([(document, records)], db)
    frame = queries.query_records(Filters(indicators=("gdp_growth",), regions=("石峰区",),
                                          kinds=("target",)), db)
    assert frame["conflict"].all() and len(frame) == 2
    six = frame[frame["value"] == 6.0].iloc[0]
    review.correct(six["record_key"], {"value": 5.5}, "王芳", "以正式报告为准", db)
    frame = queries.query_records(Filters(indicators=("gdp_growth",), regions=("石峰区",),
                                          kinds=("target",)), db)
    assert not frame["conflict"].any() and set(frame["n_sources"]) == {2}
