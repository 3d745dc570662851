"""Command line: ``indicators extract PATH... [--format jsonl|csv] [--date] [-o FILE]``."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from indicators.extract import Extraction, extract_text
from indicators.text.reading import UnreadableText, read_text
from indicators.text.sources import source_of

FIELDS = ["doc", "region", "indicator", "kind", "year", "period", "value", "unit", "qualifier",
          "subject", "quote", "start", "end", "rule_id", "date", "evidence"]


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from None


def collect_paths(paths: list[str]) -> list[Path]:
    """Files named, and the .txt files inside folders named, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*") if x.is_file() and x.suffix.lower()
                              in (".txt", ".text", ".md")))
        else:
            out.append(p)
    return out


def extract_path(path: Path, date: dt.date | None, region: str | None = None
                 ) -> Extraction | str:
    """One file's extraction, or a one-line error naming it."""
    try:
        text = read_text(path)
    except UnreadableText as e:
        return str(e)
    src = source_of(path)
    try:
        return extract_text(text, path.stem, date, region, source=src)
    except Exception as e:  # noqa: BLE001 - one bad page must not stop a batch
        return f"{path}: 提取失败 (extraction failed: {type(e).__name__}: {e})"


def _run_all(paths: list[Path], date: dt.date | None, region: str | None,
             jobs: int) -> list[Extraction | str]:
    if jobs <= 1 or len(paths) < 4:
        return [extract_path(p, date, region) for p in paths]
    n = len(paths)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(extract_path, paths, [date] * n, [region] * n, chunksize=4))


def _row(rec) -> dict:
    d = rec.model_dump(mode="json")
    return {k: d.get(k) for k in FIELDS}


def write_records(rows: list[dict], fmt: str, out) -> None:
    if fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        w = csv.DictWriter(out, fieldnames=FIELDS)
        w.writeheader()  # even with no rows: an empty table is still a table
        w.writerows(rows)


def cmd_extract(a: argparse.Namespace) -> int:
    paths = collect_paths(a.paths)
    if not paths:
        print("indicators: 没有可处理的文件 (no input files)", file=sys.stderr)
        return 2
    if a.region is not None:
        from indicators.records.regions import resolve

        reg = resolve(a.region)
        if reg is None:
            print(f"indicators: 未知地区 (unknown region): {a.region}", file=sys.stderr)
            return 2
        a.region = reg.name
    results = _run_all(paths, a.date, a.region, a.jobs)
    rows, rejects, failed = [], [], 0
    for res in results:
        if isinstance(res, str):
            print(f"error: {res}", file=sys.stderr)
            failed += 1
            continue
        rows.extend(_row(r) for r in res.records)
        rejects.extend(r.model_dump(mode="json") for r in res.rejects)
    buf = io.StringIO()
    write_records(rows, a.format, buf)
    try:
        if a.output:
            with open(a.output, "w", encoding="utf-8-sig" if a.format == "csv" else "utf-8",
                      newline="") as f:
                f.write(buf.getvalue())
        else:
            sys.stdout.write(buf.getvalue())
        if a.rejects:
            with open(a.rejects, "w", encoding="utf-8") as f:
                for r in rejects:
                    f.write(json.dumps(r, ensure_ascii=False) + "\n")
    except OSError as e:
        print(f"error: {e.filename or a.output}: 无法写入 ({e.strerror or e})", file=sys.stderr)
        return 2
    print(f"{len(rows)} records, {len(rejects)} rejected, {len(paths) - failed}/{len(paths)} "
          "files read", file=sys.stderr)
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="indicators", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract indicator records from text files")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    ex.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    ex.add_argument("--date", type=_date, default=None,
                    help="publication date YYYY-MM-DD (default: inferred from each text)")
    ex.add_argument("--region", default=None,
                    help="home region of the documents (default: inferred from each text)")
    ex.add_argument("-o", "--output", help="write records here instead of stdout")
    ex.add_argument("--rejects", help="write rejected candidates (with reasons) as JSONL here")
    ex.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes for many files (default: all cores)")
    ex.set_defaults(func=cmd_extract)
    try:
        from indicators.store.commands import add_commands
    except ImportError:  # the store commands need the dashboard's dependencies
        pass
    else:
        add_commands(sub)
    return ap


def main(argv: list[str] | None = None) -> int:
    a = build_parser().parse_args(argv)
    return a.func(a)
