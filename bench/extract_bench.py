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
"""
from __future__ import annotations

import argparse
import os
import random
import re
import resource
import sys
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
        "gazetteer_seconds": t_gaz,
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
    ])


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=10.0, help="corpus size in MB of UTF-8 text")
    ap.add_argument("--quick", action="store_true", help="1 MB, for a smoke run")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                    help="worker processes for (c) (default: all cores)")
    ap.add_argument("--seed", type=int, default=20240630, help="seed for the varied numbers")
    a = ap.parse_args(argv)
    figures = run(1.0 if a.quick else a.mb, max(1, a.jobs), a.seed)
    print(report(figures))
    return figures


if __name__ == "__main__":
    main()
