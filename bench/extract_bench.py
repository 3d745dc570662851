"""Extraction benchmark: how much slower than a bare regex pass is the whole pipeline?

Builds a corpus from the real pages (seeds/*.txt and tests/pages/dev/*.txt) repeated until it
holds at least ``--mb`` megabytes of UTF-8 text, each copy with its digit runs replaced by
random ones of the same length (seeded; dates are kept), so repeated pages are not
repeated figures. The corpus is cut at paragraph breaks into ~20 KB documents, then timed:

  (a) one number-finding regex over every document (``re.finditer(r"\\d+(?:\\.\\d+)?")``)
  (b) ``extract_text`` on every document, in this process
  (c) ``extract_text`` on every document across all cores (ProcessPoolExecutor)

and the peak memory of (b) is measured in a separate pass (tracemalloc slows Python down,
so it is not on while timing), together with the process's resource.getrusage maxrss.

    .venv/bin/python bench/extract_bench.py            # 10 MB
    .venv/bin/python bench/extract_bench.py --quick    # 1 MB smoke run
    .venv/bin/python bench/extract_bench.py --against 7a00779   # and (b) at that revision

With ``--against REV`` the same documents are also extracted by the engine as it was at git
revision REV (checked out in a temporary worktree, run in a subprocess with this venv), and
both (b) figures are printed with their ratio: before and after in one run, on one machine.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(ROOT))

from indicators.extract import extract_text  # noqa: E402

SOURCES = (ROOT / "seeds", ROOT / "tests" / "pages" / "dev")
DOC_BYTES = 20_000
NUMBER = re.compile(r"\d+(?:\.\d+)?")
# dates stay as they are (2023年, 2月8日): pages without a year give rejects, not records
_DIGITS = re.compile(r"(?P<keep>\d{4}-\d{1,2}-\d{1,2}|\d+(?=[年月日号]))|\d+")


def source_pages() -> list[str]:
    pages = [p.read_text("utf-8") for folder in SOURCES for p in sorted(folder.glob("*.txt"))]
    if not pages:
        raise SystemExit(f"no pages under {', '.join(map(str, SOURCES))}")
    return pages


def vary_numbers(text: str, rng: random.Random) -> str:
    """Each digit run (dates aside) replaced by a random one of the same length.

    >>> vary_numbers("2023年增长4.6%,达到641亿元", random.Random(1))
    '2023年增长2.9%,达到241亿元'
    """
    def sub(m: re.Match) -> str:
        if m.group("keep"):
            return m.group()
        n = len(m.group())
        first = str(rng.randint(1, 9)) if n > 1 else str(rng.randint(0, 9))
        return first + "".join(str(rng.randint(0, 9)) for _ in range(n - 1))
    return _DIGITS.sub(sub, text)


def build_corpus(mb: float, seed: int = 20240630) -> str:
    """At least ``mb`` megabytes (10^6 bytes) of UTF-8 text made of varied real pages."""
    rng = random.Random(seed)
    pages = source_pages()
    target = int(mb * 1_000_000)
    parts, size, i = [], 0, 0
    while size < target:
        page = vary_numbers(pages[i % len(pages)], rng)
        parts.append(page)
        size += len(page.encode("utf-8")) + 1
        i += 1
    return "\n".join(parts)


def split_documents(corpus: str, doc_bytes: int = DOC_BYTES) -> list[str]:
    """Cut at line breaks into documents of about ``doc_bytes`` UTF-8 bytes."""
    docs, cur, size = [], [], 0
    for line in corpus.splitlines(keepends=True):
        cur.append(line)
        size += len(line.encode("utf-8"))
        if size >= doc_bytes:
            docs.append("".join(cur))
            cur, size = [], 0
    if cur:
        docs.append("".join(cur))
    return docs


def regex_pass(docs: list[str]) -> int:
    n = 0
    for d in docs:
        for _ in NUMBER.finditer(d):
            n += 1
    return n


def paragraph_pass(paragraphs: list[str]) -> int:
    """The notes' baseline: one regex call per paragraph (how extractors are usually fed)."""
    n = 0
    for p in paragraphs:
        n += len(NUMBER.findall(p))
    return n


def _extract_one(args: tuple[int, str]) -> tuple[int, int]:
    i, text = args
    ex = extract_text(text, doc=f"bench{i:05d}")
    return len(ex.records), len(ex.rejects)


def extract_pass(docs: list[str]) -> tuple[int, int]:
    recs = rej = 0
    for i, d in enumerate(docs):
        a, b = _extract_one((i, d))
        recs += a
        rej += b
    return recs, rej


def parallel_pass(docs: list[str], jobs: int) -> tuple[int, int]:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        got = list(pool.map(_extract_one, enumerate(docs), chunksize=8))
    return sum(a for a, _ in got), sum(b for _, b in got)


def _timed(fn, *args):
    t0 = time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - t0


def _maxrss_mb(who: int) -> float:
    # Linux reports kilobytes, macOS bytes
    rss = resource.getrusage(who).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def run(mb: float, jobs: int, seed: int = 20240630) -> dict:
    """Build the corpus, run the three passes, return the figures."""
    corpus = build_corpus(mb, seed)
    docs = split_documents(corpus)
    chars = sum(map(len, docs))
    nbytes = sum(len(d.encode("utf-8")) for d in docs)
    extract_text("地区生产总值增长5%", doc="warm-up")  # compile rules and load the gazetteer

    numbers, t_regex = _timed(regex_pass, docs)
    paragraphs = [p for d in docs for p in d.split("\n") if p.strip()]
    _, t_para = _timed(paragraph_pass, paragraphs)
    (records, rejects), t_extract = _timed(extract_pass, docs)

    tracemalloc.start()
    tracemalloc.reset_peak()
    extract_pass(docs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss = _maxrss_mb(resource.RUSAGE_SELF)

    # worst case for context lookups: one page-long sentence (flattened PDF text, no 。)
    long_line = "长沙市地区生产总值增长5%,株洲市增长4%,湘潭市规模工业增加值增长6.5%|" * 4000
    _, t_long = _timed(extract_text, long_line, "bench-long")

    # the hostile page: one name, then 'x1亿元' over 5 MB of one line
    dense = "株洲市地区生产总值" + "x1亿元" * 625_000
    dense_ex, t_dense = _timed(extract_text, dense, "bench-dense", __import__("datetime").date(
        2025, 3, 1))
    dense_quotes = sum(len(r.quote) for r in dense_ex.records) + sum(
        len(r.quote) for r in dense_ex.rejects)

    # the gazetteer's matcher over 1 MB holding every region name of the country
    from indicators.records import regions as gaz

    names = [r.name for r in gaz.all_regions()] + [a for r in gaz.all_regions() for a in r.aliases]
    filler = "全年地区生产总值增长百分之五点一，规模以上工业增加值增长。"
    gaz_text = "".join(names[i % len(names)] + filler for i in range(40_000))[:1_000_000]
    _, t_gaz = _timed(gaz.find_regions, gaz_text)

    (p_records, _), t_parallel = _timed(parallel_pass, docs, jobs)
    if p_records != records:
        raise RuntimeError(f"parallel run gave {p_records} records, single {records}")
    return {
        "mb": mb, "chars": chars, "bytes": nbytes, "documents": len(docs),
        "numbers": numbers, "records": records, "rejects": rejects,
        "regex_seconds": t_regex, "regex_chars_per_s": chars / t_regex,
        "extract_seconds": t_extract, "extract_chars_per_s": chars / t_extract,
        "slowdown": t_extract / t_regex,
        "paragraphs": len(paragraphs), "paragraph_seconds": t_para,
        "paragraph_chars_per_s": chars / t_para, "paragraph_slowdown": t_extract / t_para,
        "tracemalloc_peak_mb": peak / 1e6, "maxrss_mb": maxrss,
        "workers_maxrss_mb": _maxrss_mb(resource.RUSAGE_CHILDREN),
        "long_chars": len(long_line), "long_seconds": t_long,
        "gazetteer_seconds": t_gaz, "dense_chars": len(dense), "dense_seconds": t_dense,
        "dense_quote_chars": dense_quotes, "dense_bytes": len(dense.encode("utf-8")),
        "jobs": jobs, "parallel_seconds": t_parallel,
        "parallel_chars_per_s": chars / t_parallel, "parallel_speedup": t_extract / t_parallel,
    }


def report(f: dict) -> str:
    m = 1e6
    return "\n".join([
        f"corpus      {f['chars']:,} characters, {f['bytes'] / m:.1f} MB UTF-8, "
        f"{f['documents']} documents of ~{DOC_BYTES // 1000} KB",
        f"(a) regex   {f['regex_seconds']:8.3f} s  {f['regex_chars_per_s'] / m:7.2f} M chars/s"
        f"  ({f['numbers']:,} numbers)",
        f"(b) extract {f['extract_seconds']:8.3f} s  {f['extract_chars_per_s'] / m:7.2f} M chars/s"
        f"  ({f['records']:,} records, {f['rejects']:,} rejects)",
        f"(a') regex  {f['paragraph_seconds']:8.3f} s  "
        f"{f['paragraph_chars_per_s'] / m:7.2f} M chars/s  (one call per paragraph, "
        f"{f['paragraphs']:,} paragraphs, as in the notes' 8 M chars/s baseline)",
        f"    slowdown (b)/(a): {f['slowdown']:.1f}x; (b)/(a'): {f['paragraph_slowdown']:.1f}x",
        f"    memory: tracemalloc peak {f['tracemalloc_peak_mb']:.1f} MB during (b); "
        f"maxrss {f['maxrss_mb']:.0f} MB (this process), "
        f"{f['workers_maxrss_mb']:.0f} MB (largest worker)",
        f"(c) {f['jobs']} procs {f['parallel_seconds']:8.3f} s  "
        f"{f['parallel_chars_per_s'] / m:7.2f} M chars/s  (speed-up {f['parallel_speedup']:.2f}x "
        f"over (b), pool start-up included)",
        f"(d) one unpunctuated {f['long_chars']:,}-character line: {f['long_seconds']:.2f} s "
        f"({f['long_chars'] / f['long_seconds'] / m:.2f} M chars/s; stays linear)",
        f"(e) gazetteer: 1 MB holding every region name in {f['gazetteer_seconds']:.2f} s",
        f"(f) hostile one-line page of {f['dense_bytes'] / m:.1f} MB (a name, then 'x1亿元' "
        f"repeated): {f['dense_seconds']:.2f} s, quotes {f['dense_quote_chars']:,} characters",
    ])


_AT_REV = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from indicators.extract import extract_text
docs = json.load(open(sys.argv[2], encoding="utf-8"))
extract_text("地区生产总值增长5%", doc="warm-up")
best = None
for _ in range(int(sys.argv[3])):
    t0 = time.perf_counter()
    n = sum(len(extract_text(d, doc=f"bench{i}").records) for i, d in enumerate(docs))
    dt = time.perf_counter() - t0
    best = dt if best is None else min(best, dt)
print(json.dumps({"seconds": best, "records": n}))
"""


def at_revision(rev: str, docs: list[str], repeats: int) -> dict:
    """(b) for the engine at git revision ``rev``, on the same documents, best of ``repeats``."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(tree),
                        rev], check=True)
        try:
            corpus = Path(tmp) / "docs.json"
            corpus.write_text(json.dumps(docs, ensure_ascii=False), "utf-8")
            out = subprocess.run([sys.executable, "-c", _AT_REV, str(tree), str(corpus),
                                  str(repeats)], capture_output=True, text=True, check=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(tree)], check=False)
    return json.loads(out.stdout.strip().splitlines()[-1])


def compare(rev: str, mb: float, seed: int, repeats: int) -> str:
    """(b) now and at ``rev``, alternating runs so a busy machine hits both alike."""
    docs = split_documents(build_corpus(mb, seed))
    chars = sum(map(len, docs))
    extract_text("地区生产总值增长5%", doc="warm-up")
    now, then = [], []
    for _ in range(repeats):
        now.append(_timed(extract_pass, docs)[1])
        then.append(at_revision(rev, docs, 1)["seconds"])
    m = 1e6
    # a busy machine slows runs unevenly: each pair ran back to back, so its ratio is fairer
    paired = statistics.median(b / a for a, b in zip(now, then, strict=True))
    return (f"(b) this tree  {min(now):8.3f} s  {chars / min(now) / m:6.2f} M chars/s "
            f"(runs {', '.join(f'{x:.2f}' for x in now)})\n"
            f"(b) at {rev:<8} {min(then):8.3f} s  {chars / min(then) / m:6.2f} M chars/s "
            f"(runs {', '.join(f'{x:.2f}' for x in then)})\n"
            f"    this tree / {rev}: {min(then) / min(now):.2f}x the speed (best of {repeats}); "
            f"median of the {repeats} paired runs {paired:.2f}x")


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB of UTF-8 text")
    ap.add_argument("--quick", action="store_true", help="1 MB, for a smoke run")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes for (c) (default: all cores)")
    ap.add_argument("--seed", type=int, default=20240630, help="seed for the varied numbers")
    ap.add_argument("--against", metavar="REV",
                    help="also time (b) with the engine at this git revision, same documents")
    ap.add_argument("--repeats", type=int, default=3, help="runs of each side for --against")
    a = ap.parse_args(argv)
    mb = 1.0 if a.quick else a.mb
    if a.against:
        print(compare(a.against, mb, a.seed, max(1, a.repeats)))
        return {}
    figures = run(mb, max(1, a.jobs), a.seed)
    print(report(figures))
    return figures


if __name__ == "__main__":
    main()
