"""The store's commands for the CLI: ``indicators build``, ``ingest`` and
``export-corrections``.

cli.py calls ``add_commands(subparsers)``; each subcommand sets ``func`` returning an exit
code: 0 done, 1 nothing could be read or written (message on stderr, store unchanged).
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from indicators.store import db as store

_DB_HELP = ("store: a DuckDB file or a postgresql:// URL (default: $INDICATORS_DB or "
            "data/indicators.duckdb)")


def add_commands(subparsers) -> None:
    """Register the store's commands on an argparse subparsers object."""
    b = subparsers.add_parser(
        "build", help="extract seeds/ (or the given files) into the store again",
        description="Extract seeds/ and the bundled corpus (or the given files) into the "
                    "store in one transaction: stored texts get their records re-extracted, "
                    "new ones are added; other documents and all reviews stay.")
    b.add_argument("paths", nargs="*", type=Path, help="files or folders (default: seeds/)")
    b.add_argument("--if-missing", action="store_true",
                   help="do nothing when the store exists and holds documents")
    b.add_argument("--date", type=_date, help="publication date for all files (YYYY-MM-DD)")
    b.add_argument("--db", help=_DB_HELP)
    b.set_defaults(func=run_build)

    i = subparsers.add_parser(
        "ingest", help="add documents to the store",
        description="Extract records from files and add them to the store in one "
                    "transaction; a file that cannot be read stops the whole batch.")
    i.add_argument("paths", nargs="+", type=Path, help="files or folders")
    i.add_argument("--date", type=_date, help="publication date for all files (YYYY-MM-DD)")
    i.add_argument("--db", help=_DB_HELP)
    i.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1,
                   help="extraction processes for many files (default: all cores)")
    i.set_defaults(func=run_ingest)

    e = subparsers.add_parser(
        "export-corrections", help="write the reviews that apply as JSONL records",
        description="Every accepted, rejected, corrected or added figure, as a record "
                    "(CATALOGUE.md fields) with review, reviewer, reviewed_at and reason.")
    e.add_argument("-o", "--output", help="write here instead of stdout")
    e.add_argument("--db", help=_DB_HELP)
    e.set_defaults(func=run_export)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from e


def expand(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """Folders become the readable files under them (sorted); files are kept as given.
    Also the folders that could not be listed, so none is skipped without a word."""
    from indicators.text.reading import SUPPORTED

    out: list[Path] = []
    errors: list[str] = []
    for p in paths:
        if not p.is_dir():
            out.append(p)
            continue
        found = []
        for root, _, names in os.walk(p, onerror=lambda e: errors.append(
                f"{e.filename}: 无法读取文件夹 (cannot list folder: {e.strerror})")):
            found += [Path(root) / n for n in names if Path(n).suffix.lower() in SUPPORTED
                      and not n.startswith(".")]
        out += sorted(found)
    return out, errors


def run_build(args: argparse.Namespace) -> int:
    from indicators.text.reading import UnreadableText

    path = store.db_path(args.db)
    try:
        if args.if_missing and store.count_documents(path) > 0:
            print(f"store present: {_name(path)} ({store.count_records(path)} records)")
            return 0
        files, errors = expand(args.paths)
        if errors:
            raise store.StoreError("; ".join(errors))
        report = store.build(files or None, path, args.date, jobs=os.cpu_count() or 1)
    except (UnreadableText, store.StoreError, OSError, ValueError) as e:
        print(f"build failed, store unchanged: {e}", file=sys.stderr)
        return 1
    print(f"built {_name(path)}: {report.summary()}")
    for line in report.notes():
        print(line)
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    from indicators.text.reading import UnreadableText

    path = store.db_path(args.db)
    files, errors = expand(args.paths)
    if errors:
        for e in errors:
            print(f"error: {e}", file=sys.stderr)
        print("ingest failed, store unchanged", file=sys.stderr)
        return 1
    if not files:
        print("no files to ingest", file=sys.stderr)
        return 1
    try:
        batch = store.read_documents(files, args.date, jobs=max(1, args.jobs))
        report = store.ingest(batch, path, by="cli-ingest")
    except (UnreadableText, store.StoreError, OSError, ValueError) as e:
        print(f"ingest failed, store unchanged: {e}", file=sys.stderr)
        return 1
    print(f"{_name(path)}: {report.summary()}")
    for line in report.notes():
        print(line)
    for key in report.conflicts:
        print("conflict: " + " ".join(str(k) for k in key if k is not None), file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from indicators.store import review

    path = store.db_path(args.db)
    try:
        if args.output:
            with open(args.output, "w", encoding="utf-8") as f:
                n = review.export_corrections(f, path)
        else:
            n = review.export_corrections(sys.stdout, path)
    except (store.StoreError, OSError) as e:
        print(f"export failed: {e}", file=sys.stderr)
        return 1
    print(f"{n} reviewed figures", file=sys.stderr)
    return 0


def _name(path) -> str:
    """A store as messages name it: a file by its name, a server without its password."""
    s = store.store_at(path)
    return str(path) if isinstance(path, Path) else s.label
