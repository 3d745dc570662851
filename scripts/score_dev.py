#!/usr/bin/env python3
"""Score the engine on the development set, the tuned documents and the held-back fifth apart.

    .venv/bin/python scripts/score_dev.py            # figures per set
    .venv/bin/python scripts/score_dev.py --docs     # and F1 per document (tuned set only)
    .venv/bin/python scripts/score_dev.py --explain  # misses and spurious records (tuned set only)
    .venv/bin/python scripts/score_dev.py --held-back  # also the held-back fifth and all 58

While rules are being written, leave --held-back off: its figures are the check at the end.

The held-back documents are listed in tests/gold/HOLDOUT.md; their misses are never printed.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators.cli import collect_paths, extract_path  # noqa: E402

# the held-back fifth of each set (tests/gold/HOLDOUT.md)
HOLDOUT = {"007", "013", "050", "055", "018", "022", "025", "046", "053", "020", "026", "033",
           "gwr-1983", "gwr-1984", "gwr-1988", "gwr-1992", "gwr-1994", "gwr-1997", "gwr-1998",
           "gwr-2025", "110", "112", "124", "103", "107", "116", "104",
           "137", "139", "154", "133", "140", "158", "161", "174", "164", "178"}
SETS = {
    "dev": (ROOT / "tests" / "pages" / "dev", ROOT / "tests" / "gold" / "dev.jsonl"),
    "national": (ROOT / "data" / "corpus" / "national", ROOT / "tests" / "gold" / "national.jsonl"),
    "extra": (ROOT / "tests" / "pages" / "extra", ROOT / "tests" / "gold" / "extra.jsonl"),
}


def _scorer():
    spec = importlib.util.spec_from_file_location("score", ROOT / "tests" / "gold" / "score.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.score


def _line(name: str, s: dict) -> str:
    c, n, f = s["core"], s["number"], s["fields"]
    return (f"{name:9s} core P={c['precision']:.3f} R={c['recall']:.3f} F1={c['f1']:.3f} "
            f"({c['matched']}/{c['predicted']}/{c['gold']})  number recall={n['recall']:.3f} "
            f"({n['found']}/{n['gold']})  year={f['year']:.3f} period={f['period']:.3f} "
            f"kind={f['kind']:.3f} region={f['region']:.3f}")


def main() -> int:  # noqa: C901 - a script's flat sequence of steps
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", action="store_true")
    ap.add_argument("--explain", action="store_true")
    ap.add_argument("--held-back", action="store_true")
    ap.add_argument("--set", choices=list(SETS), default="dev")
    ap.add_argument("--folder", help="the set's documents (default: its folder in the repo)")
    a = ap.parse_args()
    a.folder = a.folder or str(SETS[a.set][0])
    a.gold = str(SETS[a.set][1])
    score = _scorer()
    CATALOGUE = score.__globals__["CATALOGUE"]
    gold = [json.loads(x) for x in Path(a.gold).read_text("utf-8").splitlines() if x.strip()]
    pred = []
    for p in collect_paths([a.folder]):
        ex = extract_path(p, None)
        if isinstance(ex, str):
            print("error:", ex, file=sys.stderr)
            continue
        pred.extend(r.model_dump(mode="json") for r in ex.records)
    if a.set == "national":
        # annotated for six indicator families only: other catalogue figures are not judged
        judged = {g["indicator"] for g in gold}
        pred = [p for p in pred if p["indicator"] in judged or p["indicator"] not in CATALOGUE]
    docs = {g["doc"] for g in gold} | {p.stem for p in collect_paths([a.folder])}
    sets = {"tuned": docs - HOLDOUT, "held-back": docs & HOLDOUT, "all": docs}
    results = {}
    for name, ds in sets.items():
        results[name] = score([g for g in gold if g["doc"] in ds], pred, ds)
        if name == "tuned" or a.held_back:
            print(_line(name, results[name]))
    if a.docs:
        for d in sorted(sets["tuned"]):
            s = score([g for g in gold if g["doc"] == d], pred, {d})
            print(_line(d, s))
    if a.explain:
        s = results["tuned"]
        def show(r):
            return (f"  {r.get('doc')} | {r.get('region')} | {r.get('indicator')} | "
                    f"{r.get('kind')} | {r.get('year')} | {r.get('period')} | {r.get('value')} "
                    f"| {r.get('quote', '')}")
        for title, key in (("missed core", "_missed"), ("spurious core", "_spurious"),
                           ("numbers not found", "_number_missed")):
            print(title + ":")
            for r in sorted(s[key], key=lambda r: r.get("doc") or ""):
                print(show(r))
    return 0


if __name__ == "__main__":
    sys.exit(main())
