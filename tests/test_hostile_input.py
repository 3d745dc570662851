"""Bad and hostile input on the reading side and the command line (issue 8, "Bad input,
hostile input, load"): one case per kind of input, each asserting a clear message that names
the file and that nothing else is lost (the good files beside it still give their records).

Files are made here (tests/documents.py); the good page beside each bad one is the bulletin of
tests/test_cli.py. The store's side of the same inputs is tested with the store.
"""
from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from documents import docx_bomb_bytes, docx_bytes, pdf_bytes, scanned_pdf_bytes

from indicators import cli
from indicators.text import reading
from indicators.text.reading import UnreadableText, read_bytes, read_document

ROOT = Path(__file__).resolve().parent.parent
GOOD = ("株洲市2023年国民经济和社会发展统计公报\n"
        "2023年,全市地区生产总值突破5万亿元,增长4.6%。规模以上工业增加值增长7.2%。\n")
GOOD_KEYS = {"gdp", "gdp_growth", "industrial_va_growth"}
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8cfc0f01f0005000201a5e1f1e20000000049454e44ae426082")
MB = 1 << 20


def refused(data: bytes, name: str) -> str:
    """The message a refused upload gets; it must name the upload."""
    with pytest.raises(UnreadableText) as e:
        read_bytes(data, name)
    msg = str(e.value)
    assert msg.startswith(f"{name}: ") and "\n" not in msg, msg
    return msg


def extract_beside_good(tmp_path: Path, capsys, bad: Path, *, named: bool = False
                        ) -> tuple[int, list[str], str]:
    """Run ``indicators extract`` on the bad file and a good page: the folder holding both,
    or (``named``) the bad file by name and the good page's folder."""
    good = tmp_path / "good" if named else bad.parent
    good.mkdir(exist_ok=True)
    (good / "good.txt").write_text(GOOD, "utf-8")
    args = [str(bad), str(good)] if named else [str(bad.parent)]
    rc = cli.main(["extract", *args, "-j", "1"])
    out, err = capsys.readouterr()
    rows = [json.loads(x) for x in out.splitlines()]
    assert {r["indicator"] for r in rows} == GOOD_KEYS, "the good page still gives its records"
    assert all(r["doc"] == "good" for r in rows)
    errors = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert len(errors) == 1 and str(bad) in errors[0], err
    assert "Traceback" not in err and "1/2 files read" in err
    return rc, errors, err


# ------------------------------------------------------------------ one case per input

CASES = {
    # name: (file name, bytes maker, words the message must hold)
    "empty": ("empty.txt", lambda: b"", "empty file"),
    "blank": ("blank.txt", lambda: " \n\u3000\r\n".encode(), "empty file"),
    "binary": ("random.txt", lambda: bytes(range(256)) * 64, "binary"),
    "image_named_pdf": ("scan.pdf", lambda: PNG * 4, "needs OCR"),
    "invalid_utf8": ("cut.txt", lambda: GOOD.encode()[:40] + b"\xff\xfe" + GOOD.encode()[40:],
                     "invalid UTF-8 at byte 40"),
    "utf8_cut_mid_character": ("tail.txt", lambda: GOOD.encode()[:-2], "invalid UTF-8"),
    "truncated_pdf": ("cut.pdf", lambda: pdf_bytes(GOOD)[:3000], "truncated PDF"),
    "corrupt_pdf": ("bad.pdf", lambda: b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n",
                    "corrupt PDF"),
    "empty_pdf": ("empty.pdf", lambda: b"", "empty file"),
    "text_named_pdf": ("notes.pdf", lambda: GOOD.encode(), "not a PDF"),
    "password_pdf": ("secret.pdf", lambda: pdf_bytes(GOOD, user_password="s3cret"),
                     "password-protected PDF"),
    "scanned_pdf": ("scanned.pdf", lambda: scanned_pdf_bytes(GOOD), "needs OCR"),
    "docx_zip_bomb": ("bomb.docx", lambda: docx_bomb_bytes(300), "ZIP bomb"),
    "docx_ratio_bomb": ("dense.docx", lambda: docx_bomb_bytes(40), "ZIP bomb"),
    "truncated_docx": ("cut.docx", lambda: docx_bytes(GOOD)[:2000], "corrupt or truncated DOCX"),
    "zip_not_docx": ("archive.docx", lambda: _zip({"a.txt": GOOD}), "not a DOCX"),
    "xlsx_named_docx": ("sheet.docx", lambda: _zip({"[Content_Types].xml": "<Types/>",
                                                    "xl/workbook.xml": "<workbook/>"}),
                        "not a DOCX"),
    "legacy_doc": ("old.doc", lambda: _ole(b"WordDocument"), "legacy Office"),
    "password_docx": ("locked.docx", lambda: _ole("EncryptedPackage".encode("utf-16-le")),
                      "password-protected document"),
    "docx_without_text": ("blank.docx", lambda: docx_bytes("\n\n"), "no text"),
    "html_only_scripts": ("scripts.html",
                          lambda: b"<html><head><script>var x='\xe5\xa2\x9e\xe9\x95\xbf5%';"
                                  b"</script><style>p{}</style></head><body></body></html>",
                          "no main text"),
    "rtf": ("report.rtf", lambda: b"{\\rtf1\\ansi \\f0 GDP}", "RTF"),
}


def _zip(parts: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for k, v in parts.items():
            z.writestr(k, v)
    return buf.getvalue()


def _ole(marker: bytes) -> bytes:
    """The first sector of an OLE2 compound file (legacy .doc, encrypted .docx) and a name."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + marker + bytes(512)


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_gets_a_clear_message(case: str) -> None:
    name, make, words = CASES[case]
    msg = refused(make(), name)
    assert words in msg, msg
    assert any("\u4e00" <= c <= "\u9fff" for c in msg.split(" (")[0]), "Chinese first"


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_named_loses_nothing_else(tmp_path, capsys, case: str) -> None:
    name, make, words = CASES[case]
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_bytes(make())
    rc, [line], _ = extract_beside_good(tmp_path, capsys, tmp_path / "in" / name, named=True)
    assert rc == 1 and words in line


@pytest.mark.parametrize("case", ["binary", "truncated_pdf", "password_pdf", "scanned_pdf",
                                  "docx_zip_bomb", "html_only_scripts", "invalid_utf8"])
def test_bad_file_in_a_folder_loses_nothing_else(tmp_path, capsys, case: str) -> None:
    name, make, words = CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(make())
    rc, [line], _ = extract_beside_good(tmp_path, capsys, folder / name)
    assert rc == 1 and words in line


# ------------------------------------------------------------------ sizes


def test_zip_bomb_is_refused_before_inflating() -> None:
    data = docx_bomb_bytes(300)
    assert len(data) < 2 * MB, "300 MB of text packs into a small file"
    tracemalloc.start()
    t0 = time.perf_counter()
    with pytest.raises(UnreadableText, match="ZIP bomb"):
        read_bytes(data, "bomb.docx")
    took = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 10 * MB and took < 5, (peak, took)


def test_docx_entity_expansion_is_not_expanded() -> None:
    """A 'billion laughs' document part: python-docx's parser resolves no entities."""
    good = docx_bytes("增长5%")
    laughs = ('<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈哈哈">'
              + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'
                        for i in range(9))
              + ']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
              '2006/main"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>')
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, laughs if info.filename == "word/document.xml"
                         else src.read(info))
    t0 = time.perf_counter()
    try:
        text = read_bytes(buf.getvalue(), "laughs.docx").text
    except UnreadableText as e:
        text = str(e)
    assert time.perf_counter() - t0 < 5 and len(text) < 10_000


def test_fifty_megabyte_page_is_refused_unread(tmp_path, capsys) -> None:
    big = tmp_path / "in" / "huge.txt"
    big.parent.mkdir()
    line = "全市地区生产总值增长4.6%，规模以上工业增加值增长7.2%。\n".encode()
    with open(big, "wb") as f:
        for _ in range(50 * MB // len(line) + 1):
            f.write(line)
    assert big.stat().st_size > 50 * MB
    tracemalloc.start()
    with pytest.raises(UnreadableText) as e:
        read_document(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 5 * MB, f"the file was read ({peak:,} bytes)"
    assert str(big) in str(e.value) and "file too large: 50.0 MB" in str(e.value)
    rc, [line_], _ = extract_beside_good(tmp_path, capsys, big)
    assert rc == 1 and "file too large" in line_


def test_fifty_megabyte_upload_is_refused() -> None:
    msg = refused(b"<p>" * (17 * MB), "page.html")
    assert "file too large: 51.0 MB" in msg and "20 MB" in msg


def test_page_of_too_many_elements_is_refused_quickly() -> None:
    page = b"<html><body>" + "<p>地区生产总值增长5%。</p>".encode() * 150_000 + b"</body></html>"
    t0 = time.perf_counter()
    msg = refused(page, "dense.html")
    assert "too many HTML elements: 150,002" in msg and time.perf_counter() - t0 < 5


def test_text_over_the_page_cap_is_refused() -> None:
    """Under the byte cap, over MAX_PAGE_CHARS: refused before anyone keeps the text."""
    msg = refused(b"GDP 5%\n" * (reading.MAX_PAGE_CHARS // 7 + 1), "long.txt")
    assert "text too long" in msg


def test_not_a_regular_file(tmp_path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableText, match="not a regular file"):
        read_document(fifo)  # would block forever if opened
    with pytest.raises(UnreadableText, match="not a regular file"):
        read_document(Path("/dev/zero"))


# ------------------------------------------------------------------ folders and processes


def test_thousands_of_files(tmp_path, capsys) -> None:
    folder = tmp_path / "many"
    for i in range(3000):
        sub = folder / f"d{i // 500}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"p{i:04d}.txt").write_text(GOOD, "utf-8")
    (folder / "d0" / "zz_empty.txt").write_bytes(b"")
    rc = cli.main(["extract", str(folder), "-j", "2"])
    out, err = capsys.readouterr()
    docs = {json.loads(x)["doc"] for x in out.splitlines()}
    assert len(docs) == 3000 and len(out.splitlines()) == 3000 * len(GOOD_KEYS)
    assert "3000/3001 files read" in err and rc == 1
    assert [ln for ln in err.splitlines() if ln.startswith("error:")] == [
        f"error: {folder / 'd0' / 'zz_empty.txt'}: 文件为空 (empty file)"]


def test_jobs_are_capped_at_the_cores(tmp_path, capsys, monkeypatch) -> None:
    assert cli.build_parser().parse_args(["extract", "x", "-j", "100000"]).jobs == cli.cores()
    made = []

    class Pool(cli.ProcessPoolExecutor):
        def __init__(self, max_workers=None, **kw) -> None:
            made.append(max_workers)
            super().__init__(max_workers=max_workers, **kw)

    monkeypatch.setattr(cli, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(cli, "cores", lambda: 2)
    for i in range(6):
        (tmp_path / f"p{i}.txt").write_text(GOOD, "utf-8")
    assert cli.main(["extract", str(tmp_path), "-j", "100000"]) == 0
    capsys.readouterr()
    assert made == [2]
    with pytest.raises(SystemExit):
        cli.build_parser().parse_args(["extract", "x", "-j", "0"])


def test_page_too_large_is_one_line(tmp_path, capsys, monkeypatch) -> None:
    import indicators.extract

    monkeypatch.setattr(indicators.extract, "MAX_PAGE_CHARS", 60)  # the reader's cap stays
    (tmp_path / "in").mkdir()
    page = tmp_path / "in" / "long.txt"
    page.write_text(GOOD * 3, "utf-8")
    (tmp_path / "in" / "good.txt").write_text(GOOD[:60], "utf-8")
    rc = cli.main(["extract", str(tmp_path / "in"), "-j", "1"])
    err = capsys.readouterr().err
    [line] = [ln for ln in err.splitlines() if ln.startswith("error:")]
    assert rc == 1 and line.startswith(f"error: {page}: 页面过长") and "page too long" in line
    assert "1/2 files read" in err


def _no_read_permission(cmd: list[str]) -> list[str] | None:
    """The command run where folder permissions hold: as is for a normal user; for root
    (who reads through any chmod) under setpriv without the two capabilities that let it."""
    if os.geteuid() != 0:
        return cmd
    if shutil.which("setpriv"):
        return ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--", *cmd]
    return None


def _locked_folder(tmp_path: Path) -> tuple[Path, Path]:
    top = tmp_path / "pages"
    (top / "open").mkdir(parents=True)
    (top / "open" / "a.txt").write_text(GOOD, "utf-8")
    locked = top / "locked"
    locked.mkdir()
    (locked / "b.txt").write_text(GOOD, "utf-8")
    locked.chmod(0)
    probe = _no_read_permission([sys.executable, "-c", f"import os; os.listdir({str(locked)!r})"])
    if probe is None or subprocess.run(probe, capture_output=True).returncode == 0:
        locked.chmod(0o755)
        pytest.skip("running as root without setpriv: chmod does not stop reading here")
    return top, locked


def _extract(*args: str) -> subprocess.CompletedProcess:
    cmd = _no_read_permission([sys.executable, "-m", "indicators", "extract", *args, "-j", "1"])
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          timeout=120)


def test_unreadable_subfolder_is_reported(tmp_path) -> None:
    top, locked = _locked_folder(tmp_path)
    try:
        proc = _extract(str(top))
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert {json.loads(x)["doc"] for x in proc.stdout.splitlines()} == {"a"}
    [line] = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert str(locked) in line and "cannot read folder" in line


def test_file_inside_an_unreadable_folder(tmp_path) -> None:
    top, locked = _locked_folder(tmp_path)
    try:
        proc = _extract(str(locked / "b.txt"), str(top / "open" / "a.txt"))
    finally:
        locked.chmod(0o755)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert {json.loads(x)["doc"] for x in proc.stdout.splitlines()} == {"a"}
    [line] = [ln for ln in proc.stderr.splitlines() if ln.startswith("error:")]
    assert str(locked / "b.txt") in line and "Permission denied" in line
    assert "1/2 files read" in proc.stderr


def test_file_inside_an_unreadable_folder_in_process(tmp_path, capsys, monkeypatch) -> None:
    """The same as seen by the code, as any user: stat() itself is refused."""
    target = tmp_path / "locked" / "b.txt"
    real_stat = Path.stat

    def stat(self, **kw):
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, **kw)

    monkeypatch.setattr(Path, "stat", stat)
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    rc = cli.main(["extract", str(target), str(tmp_path / "a.txt"), "-j", "1"])
    _, err = capsys.readouterr()
    assert rc == 1
    assert f"error: {target}: 无法读取 (Permission denied)" in err.splitlines()


def test_skipped_types_are_noted(tmp_path, capsys) -> None:
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "old.doc").write_bytes(_ole(b"WordDocument"))
    (tmp_path / "~$a.docx").write_bytes(b"owner")
    (tmp_path / ".hidden.pdf").write_bytes(b"x")
    assert cli.main(["extract", str(tmp_path), "-j", "1"]) == 0
    err = capsys.readouterr().err
    notes = [ln for ln in err.splitlines() if ln.startswith("note:")]
    assert len(notes) == 1 and ".doc 1" in notes[0] and "1/1 files read" in err


# ------------------------------------------------------------------ spreadsheet cells


@pytest.mark.parametrize("lead", ["=", "+", "-", "@"])
def test_csv_cells_never_start_a_formula(tmp_path, capsys, lead: str) -> None:
    page = tmp_path / f"{lead}HYPERLINK(1).txt"
    page.write_text("株洲市2023年统计公报\n2023年,全市地区生产总值下降2.1%,\f规模以上工业增加值"
                    "增长7.2%。\n", "utf-8")
    rc = cli.main(["extract", str(page), "--format", "csv", "-j", "1"])
    out = capsys.readouterr().out
    assert rc == 0
    import csv

    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(r["doc"] == f"'{lead}HYPERLINK(1)" for r in rows)
    for r in rows:
        for k, v in r.items():
            assert not v.startswith(("=", "+", "@")), (k, v)
            assert "\f" not in v
            if k != "value":
                assert not v.startswith("-"), (k, v)
    assert {float(r["value"]) for r in rows} == {-2.1, 7.2}, "numbers stay numbers"

