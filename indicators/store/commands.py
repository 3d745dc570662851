"""The store's commands for the CLI: ``indicators build`` and ``indicators ingest``.

cli.py calls ``add_commands(subparsers)``; each subcommand sets ``func`` returning an exit
code: 0 done, 1 nothing could be read or written (message on stderr, store unchanged).
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from indicators.store import db as store


def add_commands(subparsers) -> None:
    """Register ``build`` and ``ingest`` on an argparse subparsers object."""
    b = subparsers.add_parser(
        "build", help="rebuild the store from seeds/ (or the given .txt files)",
        description="Rebuild the embedded store from seeds/ or the given files, atomically: "
                    "the old store stays in place if anything fails.")
    b.add_argument("paths", nargs="*", type=Path, help=".txt files or folders (default: seeds/)")
    b.add_argument("--if-missing", action="store_true",
                   help="do nothing when the store exists and holds records")
    b.add_argument("--date", type=_date, help="publication date for all files (YYYY-MM-DD)")
    b.add_argument("--db", type=Path, help="store file (default: $INDICATORS_DB or "
                                           "data/indicators.duckdb)")
    b.set_defaults(func=run_build)

    i = subparsers.add_parser(
        "ingest", help="add documents to the store",
        description="Extract records from .txt files and add them to the store in one "
                    "transaction; a file that cannot be read stops the whole batch.")
    i.add_argument("paths", nargs="+", type=Path, help=".txt files or folders")
    i.add_argument("--date", type=_date, help="publication date for all files (YYYY-MM-DD)")
    i.add_argument("--db", type=Path, help="store file (default: $INDICATORS_DB or "
                                           "data/indicators.duckdb)")
    i.set_defaults(func=run_ingest)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from e


def _expand(paths: list[Path]) -> list[Path]:
    """Folders become their .txt files (sorted); files are kept as given."""
    out: list[Path] = []
    for p in paths:
        out += sorted(p.glob("*.txt")) if p.is_dir() else [p]
    return out


def run_build(args: argparse.Namespace) -> int:
    from indicators.text.reading import UnreadableText

    path = store.db_path(args.db)
    if args.if_missing and store.count_records(path) > 0:
        print(f"store present: {path} ({store.count_records(path)} records)")
        return 0
    try:
        report = store.build(_expand(args.paths) or None, path, args.date)
    except (UnreadableText, store.StoreError, OSError) as e:
        print(f"build failed, store unchanged: {e}", file=sys.stderr)
        return 1
    print(f"built {path}: {report.summary()}")
    return 0


def run_ingest(args: argparse.Namespace) -> int:
    from indicators.text.reading import UnreadableText

    path = store.db_path(args.db)
    files = _expand(args.paths)
    if not files:
        print("no .txt files to ingest", file=sys.stderr)
        return 1
    try:
        batch = store.read_documents(files, args.date)
        report = store.ingest(batch, path)
    except (UnreadableText, store.StoreError, OSError) as e:
        print(f"ingest failed, store unchanged: {e}", file=sys.stderr)
        return 1
    print(f"{path}: {report.summary()}")
    for key in report.conflicts:
        print("conflict: " + " ".join(str(k) for k in key if k is not None), file=sys.stderr)
    return 0
