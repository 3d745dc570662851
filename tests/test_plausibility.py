"""Plausibility of the bundled store: every record `indicators build` stores for data/corpus
that the development gold (tests/gold/dev.jsonl) covers — the same document (matched by its
text), the same indicator, an overlapping quote — is checked against it: value, region,
year, period and kind must agree.

The engine is not perfect on the documents held back from tuning (tests/gold/HOLDOUT.md), so
the test sets floors rather than a list of known cases (a list keyed to a random sample
changed with every improvement of the engine): the share of covered records that agree in
every field, in a seeded random sample and over all of them, and separately in value. A
failure prints every disagreement.
"""
from __future__ import annotations

import hashlib
import json
import random
from functools import cache
from pathlib import Path

import pytest

from indicators.store import db as store
from indicators.store import queries

ROOT = Path(__file__).resolve().parent.parent
# measured 2026-12-01: 0.958 of the 408 covered records agree in every field, 0.995 in value
AGREE_FLOOR = 0.94
VALUE_FLOOR = 0.98
MIN_COVERED = 300
# issue 7's form of the check: a seeded random sample; a sample of 60 at the rate above has
# about 2.5 disagreements, so at most 6 are allowed (a floor, not a list of known cases)
SAMPLE, SEED, SAMPLE_FLOOR = 60, 7, 0.90


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bundled") / "indicators.duckdb"
    store.build(path=path)
    return path


def _gold_by_doc() -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for line in (ROOT / "tests" / "gold" / "dev.jsonl").read_text("utf-8").splitlines():
        row = json.loads(line)
        out.setdefault(row["doc"], []).append(row)
    return out


@cache  # the store is built once per module; its pairs are read once
def covered(path: Path) -> list[tuple[dict, dict]]:
    """(stored record, gold row) pairs for every stored record the gold covers."""
    pages = {_sha(p.read_text("utf-8")): p.stem
             for p in (ROOT / "tests" / "pages" / "dev").glob("*.txt")}
    gold = _gold_by_doc()
    docs = queries.documents(path)
    texts = {d: queries.document_text(d, path) for d in docs["doc"]}
    gold_doc = {d: pages.get(_sha(t)) for d, t in texts.items()}
    recs = queries.query_records(queries.Filters(), path)
    pairs = []
    for rec in recs.to_dict("records"):
        gid = gold_doc.get(rec["doc"])
        if not gid:
            continue
        text = texts[rec["doc"]]
        best = None
        for g in gold.get(gid, []):
            start = text.find(g["quote"])
            if g["indicator"] != rec["indicator"] or start < 0:
                continue
            end = start + len(g["quote"])
            if start < rec["end"] and rec["start"] < end:
                best = g if best is None or abs(start - rec["start"]) < abs(
                    text.find(best["quote"]) - rec["start"]) else best
        if best is not None:
            pairs.append((rec | {"gold_doc": gid}, best))
    pairs.sort(key=lambda p: (p[0]["gold_doc"], p[0]["start"], p[0]["indicator"]))
    return pairs


def disagreement(rec: dict, gold: dict) -> list[str]:
    out = []
    def norm(v):
        return None if v is None or v != v or v == "" else v  # NaN, None, "" are all missing

    for field in ("region", "kind", "year", "period"):
        if norm(rec[field]) != norm(gold[field]):
            out.append(f"{field}: stored {rec[field]!r}, gold {gold[field]!r}")
    if abs(rec["value"] - gold["value"]) > 1e-6 * max(1.0, abs(gold["value"])):
        out.append(f"value: stored {rec['value']!r}, gold {gold['value']!r}")
    return out


def _report(bad: list[tuple[dict, list[str]]]) -> str:
    return "\n".join(f"{r['gold_doc']} {r['quote']!r}: " + "; ".join(p) for r, p in bad)


def test_the_gold_covers_enough_stored_records(bundled):
    assert len(covered(bundled)) >= MIN_COVERED


def test_stored_records_agree_with_the_gold(bundled):
    pairs = covered(bundled)
    bad = [(rec, problems) for rec, gold in pairs if (problems := disagreement(rec, gold))]
    share = 1 - len(bad) / len(pairs)
    print(f"{len(pairs)} covered, {share:.3f} agree in every field")
    assert share >= AGREE_FLOOR, f"{share:.3f} agree:\n" + _report(bad)


def test_a_random_sample_of_stored_records_agrees_with_the_gold(bundled):
    sample = random.Random(SEED).sample(covered(bundled), SAMPLE)
    bad = [(rec, problems) for rec, gold in sample if (problems := disagreement(rec, gold))]
    assert 1 - len(bad) / SAMPLE >= SAMPLE_FLOOR, _report(bad)


def test_stored_values_agree_with_the_gold(bundled):
    pairs = covered(bundled)
    bad = [(rec, problems) for rec, gold in pairs
           if (problems := [p for p in disagreement(rec, gold) if p.startswith("value")])]
    share = 1 - len(bad) / len(pairs)
    assert share >= VALUE_FLOOR, f"{share:.3f} agree in value:\n" + _report(bad)


def test_a_disagreement_is_reported():
    """The check can fail: a record off in year and value from its gold row."""
    gold = {"region": "株洲市", "kind": "actual", "year": 2023, "period": None, "value": 7.2}
    rec = gold | {"year": 2022, "value": 7.3}
    assert disagreement(rec, gold) == ["year: stored 2022, gold 2023",
                                       "value: stored 7.3, gold 7.2"]
