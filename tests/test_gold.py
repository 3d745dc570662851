"""The project's own copy of the gold expectations, scored with its copy of the scorer.

- seeds: tests/gold/seeds.jsonl over seeds/*.txt (the pages of the issue; its bar:
  core F1 >= 0.95 and number recall >= 0.95)
- dev:   tests/gold/dev.jsonl over tests/pages/dev/*.txt, all 58 documents of issue 6 (regression
  floors, raised as the engine improves; the folder's SOURCES.tsv gives each document's title)

Pages are read and extracted in process exactly as ``indicators extract PATH`` does (no
--date, no --region: both are inferred from each page and its catalogue title).
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from indicators.cli import extract_path
from indicators.text.reading import read_text

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "gold"
# Floors on all 58 development documents (the held-back fifth included; see HOLDOUT.md), as
# issue 6 sets them: measured 2026-12-01 core F1 0.957, number recall 0.968.
DEV_FLOOR_F1 = 0.95
DEV_FLOOR_NUMBERS = 0.95
SETS = {"seeds": ROOT / "seeds", "dev": ROOT / "tests" / "pages" / "dev"}


def _scorer():
    spec = importlib.util.spec_from_file_location("gold_score", GOLD / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.score


score = _scorer()


def _gold(name: str) -> list[dict]:
    return [json.loads(x) for x in (GOLD / f"{name}.jsonl").read_text("utf-8").splitlines()
            if x.strip()]


@pytest.fixture(scope="module")
def extracted() -> dict[str, list[tuple[str, str, object]]]:
    """name -> [(doc, page text, Extraction)], computed once for the module."""
    out = {}
    for name, folder in SETS.items():
        pages = sorted(folder.glob("*.txt"))
        out[name] = [(p.stem, read_text(p), extract_path(p, None)) for p in pages]
    return out


def _scored(extracted, name: str) -> dict:
    pred = [r.model_dump(mode="json") for _, _, ex in extracted[name] for r in ex.records]
    return score(_gold(name), pred)


def _explain(s: dict) -> str:
    def show(r: dict) -> str:
        return (f"{r.get('doc')} {r.get('region')} {r.get('indicator')} {r.get('kind')} "
                f"{r.get('year')} {r.get('value')} {r.get('quote', '')!r}")

    return ("\nmissed:\n  " + "\n  ".join(map(show, s["_missed"]))
            + "\nspurious:\n  " + "\n  ".join(map(show, s["_spurious"]))
            + "\nnumbers not found:\n  " + "\n  ".join(map(show, s["_number_missed"])))


def test_every_gold_doc_has_its_page(extracted) -> None:
    for name in SETS:
        docs = {doc for doc, _, _ in extracted[name]}
        missing = {g["doc"] for g in _gold(name)} - docs
        assert not missing, f"{name}: gold docs without a page: {missing}"


def test_seeds_meet_the_issue_bar(extracted) -> None:
    s = _scored(extracted, "seeds")
    assert s["core"]["f1"] >= 0.95, f"core {s['core']}" + _explain(s)
    assert s["number"]["recall"] >= 0.95, f"number {s['number']}" + _explain(s)


def test_dev_regression_floor(extracted) -> None:
    s = _scored(extracted, "dev")
    assert s["core"]["f1"] >= DEV_FLOOR_F1, f"core {s['core']}" + _explain(s)
    assert s["number"]["recall"] >= DEV_FLOOR_NUMBERS, f"number {s['number']}" + _explain(s)


@pytest.mark.parametrize("name", list(SETS))
def test_quotes_are_slices_of_their_page(extracted, name: str) -> None:
    n = 0
    for doc, text, ex in extracted[name]:
        for r in ex.records:
            assert r.doc == doc
            assert text[r.start:r.end] == r.quote, (doc, r.start, r.end, r.quote)
            n += 1
        for x in ex.rejects:
            assert text[x.start:x.end] == x.quote, (doc, x.start, x.end, x.quote)
    assert n > 0


def test_the_scorer_copy_scores_gold_against_itself() -> None:
    """Sanity for the imported scorer: gold predicted as gold is perfect."""
    gold = _gold("dev")
    s = score(gold, gold)
    assert s["core"]["f1"] == 1.0 and s["number"]["recall"] == 1.0
