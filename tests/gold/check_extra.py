#!/usr/bin/env python3
"""Check the independent gold set tests/gold/extra.jsonl against its pages.

Usage: python tests/gold/check_extra.py [--gold PATH] [--pages DIR]

Standalone (standard library only). Checks that:
  * every record has the fields of the development gold, with allowed kinds,
    qualifiers, units and period forms, and a tier that matches the catalogue;
  * every quote is an exact substring of its page;
  * every value agrees with a number written in its quote (units converted:
    万/亿/千/百 multipliers, 亿斤 -> tonnes, 千公顷 -> hectares, 倍 -> percent,
    千亿/百亿/翻倍 written in words), negative exactly when the quote says it
    fell (下降, 减少, a minus sign); a figure damaged on the page itself is
    accepted only when it is listed in DAMAGED with the reason;
  * years are plausible for the page's publication year, and a quote that
    names exactly one year names the record's year (or a year of its span);
  * no figure is recorded twice, and every page has at least one record.
Exit status 1 and one line per problem when anything fails.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_GOLD = HERE / "extra.jsonl"
DEFAULT_PAGES = HERE.parent / "pages" / "extra"

# the catalogue's core keys, as the team's scorer beside this file holds them
sys.path.insert(0, str(HERE))
from score import CATALOGUE  # noqa: E402

FIELDS = ["doc", "tier", "region", "indicator", "kind", "year", "period", "value",
          "unit", "qualifier", "subject", "quote"]
KINDS = {"target", "actual"}
QUALIFIERS = {"exact", "approx", "at_least", "over", "nearly", "at_most"}
UNITS = {"percent", "yuan", "usd", "count", "persons", "person_times", "tonnes", "head", "birds",
         "mu", "hectares", "sqm", "vehicles", "trains", "kwh", "teu"}
PERIOD = re.compile(r"^(H1|H2|Q[1-4]|1-(?:[2-9]|1[0-2])|[1-9]|1[0-2]|(\d{4})-(\d{4}))$")
REGION_END = ("省", "市", "县", "区", "州", "全国")

# Figures damaged on the page itself; the record keeps the true figure.
DAMAGED = {
    ("116", "地区生产总值253231.0 亿元"):
        "footnote marker 2 glued to 53231.0 (the bulletin's note on GDP)",
    ("116", "长株潭地区3生产总值 221\n3、28.3 亿元"):
        "footnote marker 3 after the name; 22128.3 split by the page marker '3、'",
    ("166", "地区生产总值为5万3230.99亿元"):
        "万亿 written once before the 亿 amount (5万3230.99亿元 = 53230.99亿元)",
}

PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
TRAD = str.maketrans({"億": "亿", "萬": "万", "噸": "吨", "畝": "亩", "頃": "顷", "兩": "两"})
NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万亿|亿|万|千|百)?\s*(斤|倍)?")
WORD_NUMBER = re.compile(r"(千|百)(亿|万)")
WORDS = {"翻倍": 100.0, "翻番": 100.0}
MULT = {None: 1.0, "万亿": 1e12, "亿": 1e8, "万": 1e4, "千": 1e3, "百": 1e2}
FALL = re.compile(r"下降|减少|減少|下滑|回落|-")
YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)年")


def candidates(quote: str) -> list[tuple[float, bool]]:
    """Every value the quote can be read as, in base units, and whether it reads as a fall."""
    text = PINYIN.sub("", quote).translate(TRAD)
    out = []
    for m in NUMBER.finditer(text):
        falls = bool(FALL.search(text[max(0, m.start() - 4):m.start()]))
        base = float(m.group(1)) * MULT[m.group(2)]
        out.append((base, falls))
        if m.group(3) == "斤":
            out.append((base * 0.0005, falls))          # 斤 -> tonnes
        if m.group(3) == "倍":
            out.append((float(m.group(1)) * 100, falls))  # 增长2倍 -> 200 percent
    for m in WORD_NUMBER.finditer(text):
        out.append((MULT[m.group(1)] * MULT[m.group(2)], False))
    out += [(v, False) for w, v in WORDS.items() if w in text]
    return out


def value_agrees(value: float, quote: str) -> bool:
    """The value is written in the quote, with its sign: a fall is negative, a rise is not.

    A negative value continuing a chain (下降22.5%和5.5%) may take its sign from the chain."""
    found = [falls for c, falls in candidates(quote)
             if math.isclose(abs(value), abs(c), rel_tol=1e-9, abs_tol=1e-9)]
    if not found:
        return False
    if value < 0:
        return any(found) or bool(FALL.search(PINYIN.sub("", quote)))
    return value == 0 or not all(found)


def publication_year(cell: str) -> int | None:
    m = re.search(r"(19|20)\d\d", cell)
    return int(m.group(0)) if m else None


def check_record(n: int, r: dict, pages: dict[str, str], pub: dict[str, int]) -> list[str]:
    where = f"line {n}"
    if list(r) != FIELDS:
        return [f"{where}: fields {list(r)} differ from {FIELDS}"]
    errs = []
    doc = r["doc"]
    where = f"line {n} (doc {doc}, {r['indicator']} {r['value']})"
    if doc not in pages:
        return [f"{where}: no page {doc}.txt"]
    want_tier = "core" if r["indicator"] in CATALOGUE else "secondary"
    if r["tier"] != want_tier:
        errs.append(f"{where}: tier {r['tier']} but indicator says {want_tier}")
    if (r["tier"] == "core") != (r["subject"] is None):
        errs.append(f"{where}: core records have no subject, secondary ones have one")
    if not re.fullmatch(r"[a-z][a-z0-9_]*", r["indicator"]):
        errs.append(f"{where}: indicator is not snake_case")
    if r["kind"] not in KINDS:
        errs.append(f"{where}: kind {r['kind']!r}")
    if r["qualifier"] not in QUALIFIERS:
        errs.append(f"{where}: qualifier {r['qualifier']!r}")
    if r["unit"] not in UNITS:
        errs.append(f"{where}: unit {r['unit']!r}")
    if r["unit"] == "percent" and not (-100 <= r["value"] <= 10000):
        errs.append(f"{where}: percent out of range")
    if r["unit"] != "percent" and r["value"] <= 0:
        errs.append(f"{where}: level must be positive")
    if not r["region"].endswith(REGION_END):
        errs.append(f"{where}: region {r['region']!r} is not an official full name")
    if not isinstance(r["year"], int):
        errs.append(f"{where}: year must be an int")
        return errs
    period = r["period"]
    span = None
    if period is not None:
        m = PERIOD.match(str(period))
        if not m:
            errs.append(f"{where}: period {period!r}")
        elif m.group(2):
            span = (int(m.group(2)), int(m.group(3)))
            if span[1] != r["year"] or span[0] >= span[1]:
                errs.append(f"{where}: span {period} must end in the record's year")
    p = pub.get(doc)
    if p is not None:
        if r["kind"] == "actual" and not (p - 15 <= r["year"] <= p):
            errs.append(f"{where}: actual year {r['year']} implausible for a {p} page")
        if r["kind"] == "target" and not (p - 1 <= r["year"] <= p + 15):
            errs.append(f"{where}: target year {r['year']} implausible for a {p} page")
    quote = r["quote"]
    if not quote or quote not in pages[doc]:
        errs.append(f"{where}: quote not on the page: {quote!r}")
    elif (doc, quote) not in DAMAGED and not value_agrees(r["value"], quote):
        errs.append(f"{where}: value {r['value']} not read from quote {quote!r}")
    years = set(int(y) for y in YEAR.findall(quote))
    allowed = {r["year"]} | (set(range(span[0], span[1] + 1)) if span else set())
    if len(years) == 1 and not years & allowed:
        errs.append(f"{where}: quote names {years.pop()} but year is {r['year']}")
    return errs


def check(gold_path: Path, pages_dir: Path) -> list[str]:
    pages = {p.stem: p.read_text(encoding="utf-8") for p in sorted(pages_dir.glob("*.txt"))}
    with open(pages_dir / "SOURCES.tsv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    errs = []
    listed = {row["file"][:-4] for row in rows}
    if listed != set(pages):
        errs.append(f"SOURCES.tsv lists {sorted(listed ^ set(pages))} differently from the pages")
    pub = {row["file"][:-4]: publication_year(row["publication_year"]) for row in rows}
    seen, per_doc = set(), {d: 0 for d in pages}
    with open(gold_path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError as e:
                errs.append(f"line {n}: not JSON: {e}")
                continue
            errs += check_record(n, r, pages, pub)
            key = tuple(r.get(k) for k in ("doc", "region", "indicator", "kind", "year",
                                           "period", "value", "subject"))
            if key in seen:
                errs.append(f"line {n}: the same figure is recorded twice: {key}")
            seen.add(key)
            if r.get("doc") in per_doc:
                per_doc[r["doc"]] += 1
    errs += [f"page {d}.txt has no record" for d, k in per_doc.items() if k == 0]
    return errs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gold", type=Path, default=DEFAULT_GOLD)
    ap.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    args = ap.parse_args()
    errs = check(args.gold, args.pages)
    for e in errs:
        print(e)
    if errs:
        print(f"{len(errs)} problem(s)", file=sys.stderr)
        return 1
    n = sum(1 for line in open(args.gold, encoding="utf-8") if line.strip())
    print(f"ok: {n} records, {len(list(args.pages.glob('*.txt')))} pages, "
          f"{len(DAMAGED)} damaged figure(s) accepted by name")
    return 0


if __name__ == "__main__":
    sys.exit(main())
