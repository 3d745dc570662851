"""Each supported format read into text, and the same figures out of it as from the .txt.

Documents are written by tests/documents.py at test time from the development page
tests/pages/dev/009.txt (长沙市2022年国民经济和社会发展统计公报, a real bulletin) and from the
seed page seeds/004 (株洲日报 on 石峰区's 2026 targets); the table rows are the flattened
table of tests/test_flat_tables.py's bulletin.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest
from documents import (
    DECOYS,
    DEV,
    NAV,
    ROOT,
    SIDEBAR,
    docx_bytes,
    layout_table_page,
    news_page,
    pdf_bytes,
)

from indicators import cli
from indicators.extract import extract_text
from indicators.text.reading import SUPPORTED, read_bytes, read_document

PAGE_009 = (DEV / "009.txt").read_text("utf-8")
SEED_004 = (ROOT / "seeds" / "004_90b9b8a56207ea22.txt").read_text("utf-8")
TITLE_009 = "长沙市2022年国民经济和社会发展统计公报"
TABLE = [["指标名称", "计量单位", "绝对值", "比上年增长(%)"],
         ["第一产业增加值", "亿元", "188.99", "3.8"],
         ["规模以上工业增加值", "亿元", "377.19", "7.6"]]


def figures(text: str, title: str | None = None, date: dt.date | None = None) -> list[tuple]:
    """What the extractor finds, without where: comparable across formats."""
    ex = extract_text(text, "d", date, title=title)
    for r in ex.records:
        assert text[r.start:r.end] == r.quote, "every quote is a slice of the extracted text"
    return sorted((r.indicator, r.region, r.year, r.period, r.kind, r.value, r.unit,
                   r.qualifier) for r in ex.records)


def same_words(a: str, b: str) -> bool:
    """Equal up to line wrapping and page breaks."""
    return "".join(a.split()) == "".join(b.split())


# ------------------------------------------------------------------ PDF


def test_pdf_text_layer_in_chinese(tmp_path) -> None:
    path = tmp_path / "公报.pdf"
    path.write_bytes(pdf_bytes(PAGE_009, title=TITLE_009))
    st = read_document(path)
    assert (st.name, st.format, st.title) == ("公报.pdf", "pdf", TITLE_009)
    assert same_words(st.text, PAGE_009)
    assert "\r" not in st.text and "\x00" not in st.text


def test_pdf_pages_are_separated_and_numbers_dropped(tmp_path) -> None:
    st = read_bytes(pdf_bytes(PAGE_009, page="A5", page_numbers=True), "a5.pdf")
    pages = st.text.split("\n\f\n")
    assert len(pages) >= 3, "A5 pages: the bulletin runs over several"
    assert "- 2 -" not in st.text and "- 3 -" not in st.text
    assert same_words("".join(pages), PAGE_009)


@pytest.mark.parametrize("page", ["A4", "A5"])
def test_pdf_gives_the_records_of_the_txt(page: str) -> None:
    st = read_bytes(pdf_bytes(PAGE_009, page=page, page_numbers=True), "009.pdf")
    assert figures(st.text) == figures(PAGE_009) and figures(PAGE_009)


def test_pdf_with_an_owner_password_only_is_read(tmp_path) -> None:
    """Government PDFs often forbid editing with an owner password; anyone may open them."""
    st = read_bytes(pdf_bytes(SEED_004, owner_password="bureau"), "restricted.pdf")
    assert same_words(st.text, SEED_004)


def test_pdf_title_without_office_prefix() -> None:
    st = read_bytes(pdf_bytes("增长5%", title="Microsoft Word - 2024年政府工作报告.docx"), "r.pdf")
    assert st.title == "2024年政府工作报告"


# ------------------------------------------------------------------ DOCX


def test_docx_paragraphs_tables_and_title(tmp_path) -> None:
    path = tmp_path / "公报.docx"
    path.write_bytes(docx_bytes(PAGE_009, title=TITLE_009, table=TABLE))
    st = read_document(path)
    assert (st.format, st.title) == ("docx", TITLE_009)
    lines = st.text.splitlines()
    para = next(ln for ln in PAGE_009.splitlines() if ln.startswith("初步核算"))
    assert para in lines, "a paragraph is one line"
    assert lines[-3:] == ["指标名称 | 计量单位 | 绝对值 | 比上年增长(%) |",
                          "第一产业增加值 | 亿元 | 188.99 | 3.8 |",
                          "规模以上工业增加值 | 亿元 | 377.19 | 7.6 |"]
    assert "\n\n\n" not in st.text, "runs of empty paragraphs collapse"


def test_docx_gives_the_records_of_the_txt() -> None:
    st = read_bytes(docx_bytes(PAGE_009), "009.docx")
    assert figures(st.text) == figures(PAGE_009) and figures(PAGE_009)


def test_docx_table_rows_are_read_as_a_table() -> None:
    # a caption line before the table, as bulletins have (a long line without punctuation
    # right before a table is joined to its header by the normalizer)
    text = "株洲市2023年国民经济和社会发展统计公报\n表1 2023年主要经济指标"
    st = read_bytes(docx_bytes(text, table=TABLE), "t.docx")
    found = {(f[0], f[5]) for f in figures(st.text)}
    assert {("primary_industry_va", 18_899_000_000.0),
            ("industrial_va_growth", 7.6)} <= found, found


def test_docx_merged_cells_once() -> None:
    import io

    import docx

    document = docx.Document()
    t = document.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "2023年主要指标"
    for c, v in enumerate(["地区生产总值", "亿元", "5000"]):
        t.cell(1, c).text = v
    buf = io.BytesIO()
    document.save(buf)
    st = read_bytes(buf.getvalue(), "merged.docx")
    assert st.text.splitlines() == ["2023年主要指标 |", "地区生产总值 | 亿元 | 5000 |"]


# ------------------------------------------------------------------ HTML


ARTICLE = [p.strip() for p in SEED_004.split("\n") if p.strip()][:4]
HEADLINE = "石峰区2026年经济社会发展主要预期目标发布"


def test_news_page_main_text_only(tmp_path) -> None:
    path = tmp_path / "news.html"
    path.write_text(news_page(HEADLINE, ARTICLE), "utf-8")
    st = read_document(path)
    assert (st.format, st.title) == ("html", HEADLINE)
    lines = st.text.splitlines()
    assert lines[:2] == [HEADLINE, "发布时间：2026-02-09"]
    assert lines[2:] == ARTICLE
    for junk in (*DECOYS, *SIDEBAR, "您当前的位置", "分享到", "Copyright", "_hmt", "font:",
                 "株洲新闻 |", "热点新闻"):
        assert junk not in st.text, junk
    assert all(n not in lines for n in NAV)


def test_news_page_figures_are_the_articles() -> None:
    st = read_bytes(news_page(HEADLINE, ARTICLE).encode(), "news.htm")
    found = figures(st.text, st.title)
    # the page's date (from its markup) dates the article's 今年 and targets
    assert found == figures("\n".join(ARTICLE), date=dt.date(2026, 2, 9)) and found
    assert {f[1] for f in found} == {"石峰区"} and {f[2] for f in found} == {2026}
    assert not {99.0, 77.0} & {f[5] for f in found}, "no figure from scripts, styles or sidebar"


def test_gb2312_page_reads_as_the_utf8_one() -> None:
    # pages that declare gb2312 hold GBK and GB18030 characters too (the footer's ©)
    page = news_page(HEADLINE, ARTICLE, charset="gb2312")
    assert read_bytes(page.encode("gb18030"), "gbk.html").text == \
        read_bytes(news_page(HEADLINE, ARTICLE).encode(), "utf8.html").text


def test_page_without_a_date_has_no_date_line() -> None:
    page = news_page(HEADLINE, ARTICLE, date="")
    assert "发布时间" not in read_bytes(page.encode(), "n.html").text


def test_html_of_the_bulletin_gives_the_records_of_the_txt() -> None:
    paragraphs = "".join(f"<p>{p}</p>\n" for p in PAGE_009.split("\n") if p.strip())
    page = f"<html><head><title>{TITLE_009}</title></head><body>{paragraphs}</body></html>"
    st = read_bytes(page.encode(), "009.html")
    assert figures(st.text) == figures(PAGE_009)


def test_page_set_in_layout_tables() -> None:
    """Older sites put the whole page in tables: paragraphs stay lines, the data table stays
    a table, the bar of links goes."""
    paragraphs = [" ".join(p.split()) for p in PAGE_009.splitlines()[16:40] if p.strip()]
    st = read_bytes(layout_table_page(TITLE_009, paragraphs, TABLE).encode(), "gov.html")
    lines = st.text.splitlines()
    assert lines[0] == TITLE_009 and "发布时间" not in st.text, "the page's own date line stays"
    assert all(p in lines for p in paragraphs)
    assert "第一产业增加值 | 亿元 | 188.99 | 3.8 |" in lines
    assert not any(n in lines or f"{n} |" in st.text for n in NAV[1:])
    assert figures(st.text) >= figures("\n".join(paragraphs))


# ------------------------------------------------------------------ the bytes decide


def test_content_overrules_a_wrong_suffix(tmp_path) -> None:
    (tmp_path / "report.txt").write_bytes(pdf_bytes(SEED_004))
    assert read_document(tmp_path / "report.txt").format == "pdf"
    assert read_bytes(docx_bytes(SEED_004), "上传文件").format == "docx"
    assert read_bytes(news_page(HEADLINE, ARTICLE).encode(), "saved_page").format == "html"


def test_upload_and_file_read_the_same(tmp_path) -> None:
    data = docx_bytes(PAGE_009, title=TITLE_009)
    (tmp_path / "a.docx").write_bytes(data)
    from_file, from_upload = read_document(tmp_path / "a.docx"), read_bytes(data, "a.docx")
    assert from_file == from_upload and from_file.sha256 == from_upload.sha256


def test_supported_suffixes() -> None:
    assert {".txt", ".pdf", ".docx", ".html", ".htm"} <= set(SUPPORTED)
    assert set(SUPPORTED.values()) == {"txt", "pdf", "docx", "html"}


# ------------------------------------------------------------------ end to end


def test_extract_a_folder_of_every_format(tmp_path, capsys) -> None:
    """One bulletin as .txt, .pdf, .docx and .html: the same records from each, with quotes
    that are slices of the text each file reads to (the text the store keeps)."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "t.txt").write_text(PAGE_009, "utf-8")
    (folder / "p.pdf").write_bytes(pdf_bytes(PAGE_009, title=TITLE_009, page="A5"))
    (folder / "d.docx").write_bytes(docx_bytes(PAGE_009, title=TITLE_009))
    body = "".join(f"<p>{p}</p>" for p in PAGE_009.split("\n") if p.strip())
    (folder / "h.html").write_text(f"<html><body>{body}</body></html>", "utf-8")
    rc = cli.main(["extract", str(folder), "-j", "1"])
    out, err = capsys.readouterr()
    assert rc == 0, err
    assert "4/4 files read" in err
    rows = [json.loads(x) for x in out.splitlines()]
    by_doc: dict[str, list] = {}
    for r in rows:
        by_doc.setdefault(r["doc"], []).append(r)
    assert set(by_doc) == {"t", "p", "d", "h"}
    texts = {p.stem: read_document(p).text for p in folder.iterdir()}
    for doc, recs in by_doc.items():
        for r in recs:
            assert texts[doc][r["start"]:r["end"]] == r["quote"]
    key = [(r["indicator"], r["year"], r["value"], r["unit"], r["kind"]) for r in by_doc["t"]]
    for doc in "pdh":
        assert sorted(key) == sorted((r["indicator"], r["year"], r["value"], r["unit"],
                                      r["kind"]) for r in by_doc[doc]), doc


# ------------------------------------------------------------------ benchmark smoke run


def test_formats_bench_runs(capsys) -> None:
    """bench/formats_bench.py end to end on three pages: positive figures, no thresholds."""
    import importlib.util
    import math

    spec = importlib.util.spec_from_file_location("formats_bench",
                                                  ROOT / "bench" / "formats_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    f = bench.main(["--pages", "3", "--repeat", "1"])
    out = capsys.readouterr().out
    assert f["pages"] >= 2 and f["records"] > 0
    for k in ("pdf_seconds", "docx_seconds", "html_seconds", "pdf_pages_per_s"):
        assert f[k] > 0 and math.isfinite(f[k]), k
    for fmt in ("pdf", "docx", "html"):
        assert f[f"{fmt}_chars"] > 2000, fmt
    assert "(a) read PDF" in out and "(b) extract" in out
