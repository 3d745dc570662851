"""Plausibility of the bundled store: records drawn at random from what `indicators build`
stores for data/corpus, checked against the development gold (tests/gold/dev.jsonl) wherever
the gold covers them: the same document (matched by its text), the same indicator, an
overlapping quote. Value, region, year, period and kind must agree.

Disagreements the engine still has are listed in KNOWN (strict xfail): the check is never
loosened, and a fixed case fails the xfail so it is removed from the list.
"""
from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import pytest

from indicators.store import db as store
from indicators.store import queries

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = 60
SEED = 7

# (gold doc, quote of the stored record) -> what disagrees, as measured on the current engine.
# 020 and 053 are held-back documents of the development set (tests/gold/HOLDOUT.md): the
# engine was not tuned on them, and these stay listed rather than fixed sentence by sentence.
KNOWN: dict[tuple[str, str], str] = {
    ("020", "3.6%"): "year: stored 2022, gold 2023",
    ("020", "固定資產投資同比下降17.5%"): "year: stored 2024, gold 2023",
    ("053", "社会消费品零售总额年均增长8.4%"):
        "year: stored 2020, gold 2025; period: stored '2016-2020', gold '2021-2025'",
}


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


def covered_sample(path: Path) -> list[tuple[dict, dict]]:
    """(stored record, gold row) pairs for a seeded random sample of the covered records."""
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
    return random.Random(SEED).sample(pairs, min(SAMPLE, len(pairs)))


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


def test_the_sample_is_large_enough(bundled):
    pairs = covered_sample(bundled)
    assert len(pairs) == SAMPLE, f"only {len(pairs)} stored records are covered by the gold"


def _cases():
    """Parametrize lazily: the bundled store is built once, in the module fixture."""
    return [pytest.param(i, id=f"sample{i:02d}") for i in range(SAMPLE)]


@pytest.mark.parametrize("i", _cases())
def test_a_random_stored_record_agrees_with_the_gold(bundled, i, request):
    rec, gold = _sample(bundled)[i]
    problems = disagreement(rec, gold)
    key = (rec["gold_doc"], rec["quote"])
    if key in KNOWN:
        request.applymarker(pytest.mark.xfail(strict=True, reason=KNOWN[key]))
    assert not problems, f"{rec['gold_doc']} {rec['quote']!r}: " + "; ".join(problems)


_CACHE: dict[str, list] = {}


def _sample(path: Path) -> list[tuple[dict, dict]]:
    if str(path) not in _CACHE:
        _CACHE[str(path)] = covered_sample(path)
    return _CACHE[str(path)]
