#!/usr/bin/env python3
"""Check the national gold set (tests/gold/national.jsonl) against the report texts.

Usage:
    python check_national.py CORPUS_DIR [--gold GOLD.jsonl] [--quiet]

CORPUS_DIR holds the government work reports as gwr-YYYY.txt. Standard library only.

Every record is checked for:
  - shape: the fields of the record format, region 全国, tier from the catalogue,
    unit from the indicator, a known qualifier, a period that is null, a month range
    ("1-9") or a span of years ("2016-2020") ending in `year`;
  - quote: an exact substring of its report;
  - value: equal to a number written in the quote once converted to base units
    (percent points; yuan from 亿元/万亿元; persons from 万人; tonnes from 万吨/亿吨,
    亿公斤, 亿斤/万亿斤 at 1斤 = 0.5 kg), reading Arabic digits (half or full width,
    spaced as in the 1998 report, with ，thousands separators) and Chinese numerals
    (三亿零四百七十五万, 百分之十一点八);
  - year: 1949-2026; an actual is no later than the report year; a target is for the
    report year, the year after (reports delivered in the autumn), the year before
    (a past target recalled in a review), the fourth year after (a government's term),
    or the end year of a five-year plan (1985, 1990, ... 2025);
  - no two records share (doc, indicator, kind, year, period, value); docs are sorted.
Qualifier cue words that disagree with the record's qualifier are listed as notes, not
errors (a quote may hold cues that belong to another number).

Prints counts per indicator and kind, per report, and the reports without a figure for
each core indicator. Exits 1 if any error was found.
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

CORE = ("gdp", "gdp_growth", "cpi_growth", "new_urban_jobs", "unemployment_rate", "grain_output")
FIELDS = ("doc", "tier", "region", "indicator", "kind", "year", "period", "value", "unit",
          "qualifier", "subject", "quote")
QUALIFIERS = {"exact", "approx", "at_least", "over", "nearly", "at_most"}
PLAN_ENDS = set(range(1955, 2031, 5))

# --- numbers -------------------------------------------------------------------------

CN_DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
            "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
CN_SMALL = {"十": 10, "百": 100, "千": 1000}
CN_CHARS = "".join(CN_DIGIT) + "".join(CN_SMALL) + "万亿点"
WIDE = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")


def cn_integer(s: str) -> int:
    """三亿零四百七十五万 -> 304750000; 一九八二 -> 1982 (digit string, no units)."""
    if not any(c in s for c in "十百千万亿"):
        return int("".join(str(CN_DIGIT[c]) for c in s))
    total = section = num = 0
    for c in s:
        if c in CN_DIGIT:
            num = CN_DIGIT[c]
        elif c in CN_SMALL:
            section += (num or 1) * CN_SMALL[c]
            num = 0
        elif c == "万":
            total += (section + num) * 10_000
            section = num = 0
        elif c == "亿":
            total = (total + section + num) * 100_000_000
            section = num = 0
    return total + section + num


def cn_number(s: str) -> str:
    if "点" in s:
        whole, frac = s.split("点", 1)
        return f"{cn_integer(whole) if whole else 0}." + "".join(str(CN_DIGIT[c]) for c in frac)
    return str(cn_integer(s))


def normalise(quote: str) -> str:
    """Arabic digits only, ASCII . and %, no spaces, no 多 inside a number."""
    s = quote.translate(WIDE).replace("·", ".").replace("\u200b", "")
    s = re.sub(r"\s+", "", s)
    s = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", s)          # 33，212万吨
    s = re.sub(rf"(?<=[\d{CN_CHARS}])[多余](?=[万亿])", "", s)  # 七百多万, 67700多亿
    s = re.sub(rf"百分之([{CN_CHARS}]+)", lambda m: cn_number(m.group(1)) + "%", s)
    s = re.sub(rf"(?<=%)至([{CN_CHARS}]+)", lambda m: "至" + cn_number(m.group(1)) + "%", s)
    return re.sub(rf"(?<![\d.])[{CN_CHARS}]+", lambda m: cn_number(m.group(0))
                  if re.search("[零〇○一二两三四五六七八九十百千]", m.group(0)) else m.group(0), s)


NUMBER = re.compile(r"(\d+(?:\.\d+)?)(万亿|亿|万)?(%|元|人|吨|公斤|斤)?")
MULT = {None: 1, "万": 10_000, "亿": 100_000_000, "万亿": 1_000_000_000_000}
TO_BASE = {"percent": {"%": 1}, "yuan": {"元": 1}, "persons": {"人": 1},
           "tonnes": {"吨": 1, "公斤": 0.001, "斤": 0.0005}}


def quote_values(quote: str, unit: str) -> list[float]:
    """Every number of the quote expressed in `unit`."""
    out = []
    for m in NUMBER.finditer(normalise(quote)):
        factor = TO_BASE.get(unit, {}).get(m.group(3))
        if factor is not None:
            out.append(float(m.group(1)) * MULT[m.group(2)] * factor)
    return out


# --- checks --------------------------------------------------------------------------

def unit_of(indicator: str) -> str:
    if indicator.endswith("_growth") or indicator.endswith("_rate"):
        return "percent"
    if indicator in ("new_urban_jobs", "urban_job_placements"):
        return "persons"
    if indicator == "grain_output":
        return "tonnes"
    return "yuan"


CUES = [("approx", "左右|约"), ("at_least", "以上|不低于|[%％一二三四五六七八九十]至|[%％]－"),
        ("at_most", "以内|不超过|低于|不到|不足"), ("over", "超过|突破|多|跃上"),
        ("nearly", "接近|近")]


def qualifier_cues(quote: str) -> set[str]:
    return {q for q, pattern in CUES if re.search(pattern, quote)}


def check_record(r: dict, texts: dict[str, str]) -> list[str]:
    errs = []
    missing = [f for f in FIELDS if f not in r]
    if missing:
        return [f"missing fields {missing}"]
    doc, ind, year = r["doc"], r["indicator"], r["year"]
    if doc not in texts:
        return [f"no text file {doc}.txt"]
    report_year = int(doc.split("-")[1])
    if r["region"] != "全国":
        errs.append("region is not 全国")
    if r["tier"] != ("core" if ind in CORE else "secondary"):
        errs.append(f"tier {r['tier']} for {ind}")
    if (r["subject"] is None) != (ind in CORE):
        errs.append("subject must be null for core keys and set for secondary ones")
    if r["unit"] != unit_of(ind):
        errs.append(f"unit {r['unit']} for {ind}")
    if r["kind"] not in ("target", "actual"):
        errs.append(f"kind {r['kind']}")
    if r["qualifier"] not in QUALIFIERS:
        errs.append(f"qualifier {r['qualifier']}")
    if not isinstance(year, int) or not 1949 <= year <= 2026:
        errs.append(f"year {year} implausible")
        return errs
    period = r["period"]
    if period is not None:
        span = re.fullmatch(r"(\d{4})-(\d{4})", period)
        if span:
            if int(span.group(2)) != year or not 1949 <= int(span.group(1)) < year:
                errs.append(f"period {period} does not end in {year}")
        elif not re.fullmatch(r"1-(?:[2-9]|1[01])|Q[1-4]|H1", period):
            errs.append(f"period {period!r} not understood")
    if r["kind"] == "actual" and year > report_year:
        errs.append(f"actual for {year} in a {report_year} report")
    if r["kind"] == "target":
        allowed = {report_year - 1, report_year, report_year + 1, report_year + 4} | PLAN_ENDS
        if year not in allowed or year < report_year - 1:
            errs.append(f"target year {year} not plausible for a {report_year} report")
    if r["quote"] not in texts[doc]:
        errs.append(f"quote not in {doc}.txt: {r['quote']!r}")
    values = quote_values(r["quote"], r["unit"])
    if not any(math.isclose(v, float(r["value"]), rel_tol=1e-9) for v in values):
        errs.append(f"value {r['value']} {r['unit']} not among the quote's numbers {values}")
    return errs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus", type=Path, help="folder with gwr-YYYY.txt")
    ap.add_argument("--gold", type=Path, default=Path(__file__).with_name("national.jsonl"))
    ap.add_argument("--quiet", action="store_true", help="errors and totals only")
    args = ap.parse_args()

    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(args.corpus.glob("gwr-*.txt"))}
    if not texts:
        print(f"no gwr-*.txt in {args.corpus}", file=sys.stderr)
        return 1
    records, errors, notes = [], [], []
    for n, line in enumerate(args.gold.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"line {n}: not JSON: {e}")
            continue
        records.append(r)
        errors += [f"line {n} ({r.get('doc')} {r.get('indicator')} {r.get('year')}): {e}"
                   for e in check_record(r, texts)]
        cues = qualifier_cues(r.get("quote", ""))
        q = r.get("qualifier")
        if (cues and q not in cues) or (not cues and q != "exact"):
            notes.append(f"line {n} ({r.get('doc')}): qualifier {q}, cues {sorted(cues)} "
                         f"in {r.get('quote')!r}")
    docs = [r.get("doc") for r in records]
    if docs != sorted(docs):
        errors.append("records are not sorted by doc")
    keys = Counter((r.get("doc"), r.get("indicator"), r.get("kind"), r.get("year"),
                    r.get("period"), r.get("value")) for r in records)
    errors += [f"duplicate record {k}" for k, c in keys.items() if c > 1]

    by_ind = Counter((r["indicator"], r["kind"]) for r in records)
    print(f"{len(records)} records in {len(set(docs))} of {len(texts)} reports "
          f"({sum(r['tier'] == 'core' for r in records)} core, "
          f"{sum(r['tier'] == 'secondary' for r in records)} secondary)")
    print(f"\n{'indicator':40} actual target  total")
    for ind in sorted({i for i, _ in by_ind}, key=lambda i: (i not in CORE, i)):
        a, t = by_ind[(ind, "actual")], by_ind[(ind, "target")]
        print(f"{ind:40} {a:6} {t:6} {a + t:6}")
    if not args.quiet:
        per_doc = defaultdict(Counter)
        for r in records:
            per_doc[r["doc"]][r["kind"]] += 1
        print("\nper report (actual/target):")
        print("  " + "  ".join(f"{d[4:]}:{per_doc[d]['actual']}/{per_doc[d]['target']}"
                               for d in texts))
        print("\nreports without a figure (actual or target) for a core indicator:")
        for ind in CORE:
            have = {r["doc"] for r in records if r["indicator"] == ind}
            print(f"  {ind:18} " + " ".join(d[4:] for d in texts if d not in have))
        if notes:
            print(f"\n{len(notes)} qualifier notes (cue words not matching; check by eye):")
            print("\n".join("  " + n for n in notes))
    if errors:
        print(f"\n{len(errors)} ERRORS:")
        print("\n".join("  " + e for e in errors))
        return 1
    print("\nall checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
