"""Reading benchmark: how fast are PDFs, Word files and web pages read into text?

Builds one long text from the real pages (seeds/*.txt and tests/pages/dev/*.txt, repeated),
writes it as a PDF of ``--pages`` A4 pages (fpdf2 with Noto Sans CJK, as tests/documents.py
does), as a Word file and as a saved web page holding the same text, then times

  (a) ``read_document`` on each (PDFium, python-docx, trafilatura), best of ``--repeat``
  (b) reading plus ``extract_text`` of the PDF (what ``indicators extract`` does per file)
  (c) for comparison, the pure-Python PDF readers when installed (pypdf, pdfminer.six);
      neither is a dependency of the project, so each is skipped when absent

With ``--chromium`` the PDF is printed by headless Chromium instead (a PDF as browsers and
office programs write them: subset TrueType/CFF fonts, Identity-H encodings).

    .venv/bin/python bench/formats_bench.py              # 100 pages
    .venv/bin/python bench/formats_bench.py --pages 10   # smoke run
"""
from __future__ import annotations

import argparse
import html
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tests"):  # run as a script from anywhere; tests/documents.py
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from documents import docx_bytes, pdf_bytes  # noqa: E402

from indicators.extract import extract_text  # noqa: E402
from indicators.text.reading import read_document  # noqa: E402

SOURCES = (ROOT / "seeds", ROOT / "tests" / "pages" / "dev")
CHARS_PER_PAGE = 1200  # what one A4 page of 10.5 pt Chinese text holds (fpdf2)


def corpus(chars: int) -> str:
    pages = [p.read_text("utf-8") for folder in SOURCES for p in sorted(folder.glob("*.txt"))]
    text = "\n".join(pages)
    while len(text) < chars:
        text += "\n" + text
    return text[:chars].rsplit("\n", 1)[0]


def best(fn, repeat: int) -> tuple[float, object]:
    out, times = None, []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def chromium_pdf(text: str, folder: Path) -> bytes | None:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if not exe:
        return None
    body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n") if line.strip())
    page = folder / "page.html"
    page.write_text("<html><head><meta charset=utf-8><style>body{font-family:'Noto Sans CJK SC';"
                    f"font-size:10.5pt}}</style></head><body>{body}</body></html>", "utf-8")
    out = folder / "chromium.pdf"
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={out}", page.as_uri()], capture_output=True, timeout=120,
                   check=False)
    return out.read_bytes() if out.is_file() else None


def pdf_page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def others(path: Path, repeat: int) -> dict[str, tuple[float, int] | None]:
    """(seconds, characters read) for the pure-Python readers, None when not installed."""
    out: dict[str, tuple[float, int] | None] = {}
    try:
        from pypdf import PdfReader
    except ImportError:
        out["pypdf"] = None
    else:
        secs, text = best(lambda: "\f".join(p.extract_text() for p in
                                             PdfReader(str(path)).pages), repeat)
        out["pypdf"] = secs, len(text)
    try:
        import logging

        from pdfminer.high_level import extract_text as pdfminer_text
        logging.getLogger("pdfminer").setLevel(logging.ERROR)
    except ImportError:
        out["pdfminer.six"] = None
    else:
        secs, text = best(lambda: pdfminer_text(str(path)), repeat)
        out["pdfminer.six"] = secs, len(text)
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=100)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--chromium", action="store_true", help="print the PDF with Chromium")
    ap.add_argument("--compare", action="store_true", help="time pypdf and pdfminer too")
    a = ap.parse_args(argv)
    text = corpus(a.pages * CHARS_PER_PAGE)
    f: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        data = chromium_pdf(text, folder) if a.chromium else None
        if a.chromium and data is None:
            print("chromium not found: writing the PDF with fpdf2")
        f["made_by"] = "Chromium" if data else "fpdf2"
        data = data or pdf_bytes(text, title="基准测试")
        f["make_seconds"] = time.perf_counter() - t0
        (folder / "bench.pdf").write_bytes(data)
        (folder / "bench.docx").write_bytes(docx_bytes(text))
        paras = "".join(f"<p>{html.escape(x)}</p>\n" for x in text.split("\n") if x.strip())
        (folder / "bench.html").write_text(f"<html><head><title>基准</title></head><body>"
                                           f"<article>{paras}</article></body></html>", "utf-8")
        f["pages"] = pdf_page_count(folder / "bench.pdf")
        f["pdf_mb"] = len(data) / 1e6
        rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for fmt in ("pdf", "docx", "html"):
            secs, st = best(lambda fmt=fmt: read_document(folder / f"bench.{fmt}"), a.repeat)
            f[f"{fmt}_seconds"], f[f"{fmt}_chars"] = secs, len(st.text)
        f["maxrss_growth_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024
        f["pdf_pages_per_s"] = f["pages"] / f["pdf_seconds"]
        f["pdf_chars_per_s"] = f["pdf_chars"] / f["pdf_seconds"]
        st = read_document(folder / "bench.pdf")
        t0 = time.perf_counter()
        ex = extract_text(st.text, "bench")
        f["extract_seconds"] = time.perf_counter() - t0
        f["records"] = len(ex.records)
        f["others"] = others(folder / "bench.pdf", a.repeat) if a.compare else {}
    print(f"PDF: {f['pages']} pages, {f['pdf_mb']:.2f} MB, {f['pdf_chars']:,} chars of text "
          f"(written by {f['made_by']} in {f['make_seconds']:.1f} s)")
    print(f"(a) read PDF   (PDFium)       {f['pdf_seconds']:7.3f} s  {f['pdf_pages_per_s']:8.0f} "
          f"pages/s  {f['pdf_chars_per_s'] / 1e6:6.2f} M chars/s")
    print(f"(a) read DOCX  (python-docx)  {f['docx_seconds']:7.3f} s  "
          f"{f['docx_chars'] / f['docx_seconds'] / 1e6:6.2f} M chars/s")
    print(f"(a) read HTML  (trafilatura)  {f['html_seconds']:7.3f} s  "
          f"{f['html_chars'] / f['html_seconds'] / 1e6:6.2f} M chars/s")
    print(f"    maxrss growth while reading: {f['maxrss_growth_mb']:.0f} MB")
    print(f"(b) extract the PDF's text    {f['extract_seconds']:7.3f} s  {f['records']} records;"
          f" reading is {f['pdf_seconds'] / (f['pdf_seconds'] + f['extract_seconds']):.0%} of "
          "the total")
    for name, got in f["others"].items():
        if got is None:
            print(f"(c) {name:<26} not installed")
            continue
        secs, chars = got
        print(f"(c) {name:<26} {secs:7.3f} s  {f['pages'] / secs:8.0f} pages/s  "
              f"({secs / f['pdf_seconds']:.1f}x PDFium's time; {chars:,} chars read)")
    return f


if __name__ == "__main__":
    main()
