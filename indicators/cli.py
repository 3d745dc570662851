"""Command line: ``indicators extract PATH... [--format jsonl|csv] [--date] [-o FILE]``.

PATH is a .txt, .pdf, .docx or .html file, or a folder of them (see text/reading.py)."""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from indicators.extract import Extraction, PageTooLarge, extract_text
from indicators.safety import safe_cell
from indicators.text.reading import SUPPORTED, UnreadableText, read_document
from indicators.text.sources import CATALOGUE_NAME, source_of

FIELDS = ["doc", "region", "indicator", "kind", "year", "period", "value", "unit", "qualifier",
          "subject", "quote", "start", "end", "rule_id", "date", "evidence"]


def _date(s: str) -> dt.date:
    try:
        return dt.date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {s!r}") from None


def cores() -> int:
    """The cores this process may run on (fewer than the machine's under a CPU limit)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _jobs(s: str) -> int:
    """-j N: at least 1, at most the number of cores (more only adds processes)."""
    try:
        n = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {s!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {n}")
    return min(n, cores())


@dataclass
class Scan:
    """What the paths named hold: the files to read, folders that could not be read, and
    how many files of each other type were passed over."""

    files: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)


_COLLECTION_NOTES = frozenset({"README", "LICENSE", "LICENCE", "NOTICE", "CHANGELOG"})


def scan(paths: list[str]) -> Scan:
    """Files named (whatever their type), and the supported files inside folders named.

    Hidden files and Office's ``~$`` owner files are not documents and are passed over in
    silence; so are the catalogues of sources (SOURCES.tsv) and a collection's own notes
    (README, LICENSE), which describe the documents rather than being one.
    """
    out = Scan()
    for p in map(Path, paths):
        try:
            is_dir = p.is_dir()
        except OSError:  # inside a folder we may not enter: reading it names the problem
            is_dir = False
        if not is_dir:
            out.files.append(p)
            continue
        found = []

        def unreadable(e: OSError) -> None:
            out.errors.append(f"{e.filename}: 无法读取文件夹，其中的文件未处理 (cannot read "
                              f"folder, its files were not processed: {e.strerror or e})")

        for folder, dirs, names in os.walk(p, onerror=unreadable):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in names:
                if name.startswith((".", "~$")) or name == CATALOGUE_NAME \
                        or Path(name).stem.upper() in _COLLECTION_NOTES:
                    continue
                suffix = Path(name).suffix.lower()
                if suffix in SUPPORTED:
                    found.append(Path(folder, name))
                else:
                    out.skipped[suffix or "(无后缀)"] += 1
        out.files.extend(sorted(found))
    return out


def collect_paths(paths: list[str], errors: list[str] | None = None) -> list[Path]:
    """Files named, and the supported files inside folders named, in a stable order.

    Folders that cannot be read are added to ``errors`` (one line each) when it is given.
    """
    found = scan(paths)
    if errors is not None:
        errors.extend(found.errors)
    return found.files


def extract_path(path: Path, date: dt.date | None, region: str | None = None
                 ) -> Extraction | str:
    """One file's extraction, or a one-line error naming it."""
    try:
        st = read_document(path)
    except UnreadableText as e:
        return str(e)
    src = source_of(path)
    try:
        # a catalogue row names the document; without one, the file's own title does
        return extract_text(st.text, path.stem, date, region, source=src,
                            title=None if src else st.title)
    except PageTooLarge as e:
        return f"{path}: {str(e).removeprefix(f'{path.stem}: ')}"
    except Exception as e:  # noqa: BLE001 - one bad page must not stop a batch
        return f"{path}: 提取失败 (extraction failed: {type(e).__name__}: {e})"


def _run_all(paths: list[Path], date: dt.date | None, region: str | None,
             jobs: int) -> list[Extraction | str]:
    jobs = min(jobs, cores(), len(paths))
    if jobs <= 1 or len(paths) < 4:
        return [extract_path(p, date, region) for p in paths]
    n = len(paths)
    chunk = max(1, min(64, n // (jobs * 8)))  # few round trips for thousands of small files
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(extract_path, paths, [date] * n, [region] * n, chunksize=chunk))


def _row(rec) -> dict:
    d = rec.model_dump(mode="json")
    return {k: d.get(k) for k in FIELDS}


def write_records(rows: list[dict], fmt: str, out) -> None:
    """Rows as JSONL, or as CSV whose text cells cannot start a formula (safety.safe_cell)."""
    if fmt == "jsonl":
        for r in rows:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        w = csv.DictWriter(out, fieldnames=FIELDS)
        w.writeheader()  # even with no rows: an empty table is still a table
        w.writerows({k: safe_cell(v) for k, v in r.items()} for r in rows)


def _notes(found: Scan) -> None:
    for line in found.errors:
        print(f"error: {line}", file=sys.stderr)
    if found.skipped:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(found.skipped.items()))
        print(f"note: 跳过 {sum(found.skipped.values())} 个不支持的文件 (skipped files of "
              f"unsupported types: {kinds}); 支持 (supported): {' '.join(SUPPORTED)}",
              file=sys.stderr)


def cmd_extract(a: argparse.Namespace) -> int:
    found = scan(a.paths)
    _notes(found)
    paths = found.files
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
    try:
        results = _run_all(paths, a.date, a.region, a.jobs)
    except BrokenProcessPool:
        print("error: 工作进程意外退出，可能是某个文件使读取库崩溃 (a worker process died, "
              "perhaps on a file that crashes a reader); 请用 -j 1 找出该文件 (run with -j 1 "
              "to find it)", file=sys.stderr)
        return 1
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
    return 1 if failed or found.errors else 0


def build_parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="indicators", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="extract indicator records from documents",
                        description="Extract indicator records from .txt, .pdf, .docx and "
                                    ".html files, or folders of them.")
    ex.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    ex.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    ex.add_argument("--date", type=_date, default=None,
                    help="publication date YYYY-MM-DD (default: inferred from each text)")
    ex.add_argument("--region", default=None,
                    help="home region of the documents (default: inferred from each text)")
    ex.add_argument("-o", "--output", help="write records here instead of stdout")
    ex.add_argument("--rejects", help="write rejected candidates (with reasons) as JSONL here")
    ex.add_argument("-j", "--jobs", type=_jobs, default=cores(),
                    help="worker processes for many files (default and most: the cores)")
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
