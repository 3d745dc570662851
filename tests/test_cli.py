"""The command line: ``indicators extract PATH... [--format] [--date] [--region] [-o] [--rejects]``.

Mostly in-process through ``indicators.cli.main``; once through ``python -m indicators``.
Inputs are written to tmp_path: a small bulletin written for these tests, and the real seed
page seeds/004_90b9b8a56207ea22.txt for the encoding check.
"""
from __future__ import annotations

import codecs
import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from indicators import cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "004_90b9b8a56207ea22.txt"

# A bulletin whose region (headline) and date (report year) the extractor infers itself;
# its last figure fails validation (growth beyond ±60) and so is a reject.
BULLETIN = ("株洲市2023年国民经济和社会发展统计公报\n"
            "2023年,全市地区生产总值突破5万亿元,增长4.6%。规模以上工业增加值增长7.2%,"
            "社会消费品零售总额641亿元,比上年增长11.7%。新增规模以上工业企业2013家。"
            "地区生产总值增长99%。\n")
BULLETIN_KEYS = {"gdp", "gdp_growth", "industrial_va_growth", "retail_sales",
                 "retail_sales_growth", "above_scale_industrial_enterprises_new"}
# A news item with a home region (the newspaper) but no year: needs --date.
NEWS = "株洲日报讯 今年全市地区生产总值增长5.5%,规模以上工业增加值增长7.2%。\n"
# Neither region nor year.
BARE = "今年地区生产总值增长5.5%。\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d4944415478da63f8cfc0f01f0005000201a5e1f1e20000000049454e44ae426082")
# the columns CATALOGUE.md documents for a record, plus provenance
DOCUMENTED = ["doc", "region", "indicator", "kind", "year", "period", "value", "unit",
              "qualifier", "subject", "quote", "start", "end"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    rc = cli.main(["extract", *args])
    out, err = capsys.readouterr()
    return rc, out, err


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def error_lines(err: str) -> list[str]:
    return [ln for ln in err.splitlines() if ln.startswith("error:")]


# ------------------------------------------------------------------ formats and options


def test_jsonl_to_stdout(tmp_path, capsys) -> None:
    page = write(tmp_path / "bulletin.txt", BULLETIN)
    rc, out, err = run(capsys, str(page), "-j", "1")
    assert rc == 0
    rows = jsonl(out)
    assert {r["indicator"] for r in rows} == BULLETIN_KEYS
    assert all(r["doc"] == "bulletin" and r["region"] == "株洲市" and r["year"] == 2023
               for r in rows)
    assert all(list(r) == cli.FIELDS for r in rows)
    for r in rows:
        assert BULLETIN[r["start"]:r["end"]] == r["quote"]
    assert "6 records, 1 rejected, 1/1 files read" in err
    assert not error_lines(err)


def test_csv_to_stdout_reads_back(tmp_path, capsys) -> None:
    page = write(tmp_path / "bulletin.txt", BULLETIN)
    rc, out, _ = run(capsys, str(page), "--format", "csv", "-j", "1")
    assert rc == 0
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == cli.FIELDS
    assert set(DOCUMENTED) <= set(reader.fieldnames)
    rows = list(reader)
    assert {r["indicator"] for r in rows} == BULLETIN_KEYS
    gdp = next(r for r in rows if r["indicator"] == "gdp")
    assert float(gdp["value"]) == 5e12 and gdp["qualifier"] == "over" and gdp["unit"] == "yuan"
    assert BULLETIN[int(gdp["start"]):int(gdp["end"])] == gdp["quote"]


def test_csv_and_jsonl_to_files(tmp_path, capsys) -> None:
    page = write(tmp_path / "bulletin.txt", BULLETIN)
    out_csv, out_jsonl = tmp_path / "out.csv", tmp_path / "out.jsonl"
    assert run(capsys, str(page), "--format", "csv", "-o", str(out_csv), "-j", "1")[0] == 0
    rc, out, _ = run(capsys, str(page), "-o", str(out_jsonl), "-j", "1")
    assert rc == 0 and out == "", "with -o nothing goes to stdout"
    # CSV files carry a BOM so spreadsheet programs read the Chinese text right
    assert out_csv.read_bytes().startswith(codecs.BOM_UTF8)
    with out_csv.open(encoding="utf-8-sig", newline="") as f:
        from_csv = list(csv.DictReader(f))
    from_jsonl = jsonl(out_jsonl.read_text("utf-8"))
    assert len(from_csv) == len(from_jsonl) == len(BULLETIN_KEYS)
    for c, j in zip(from_csv, from_jsonl, strict=True):
        assert c["quote"] == j["quote"] and float(c["value"]) == j["value"]


def test_csv_with_no_records_is_a_header(tmp_path, capsys) -> None:
    page = write(tmp_path / "weather.txt", "今天天气很好。\n")
    rc, out, _ = run(capsys, str(page), "--format", "csv", "-j", "1")
    assert rc == 0 and out.splitlines() == [",".join(cli.FIELDS)]


def test_date_option(tmp_path, capsys) -> None:
    page = write(tmp_path / "news.txt", NEWS)
    rc, out, err = run(capsys, str(page), "-j", "1")
    assert rc == 0 and jsonl(out) == [], "no year in the text: nothing without --date"
    assert "0 records, 2 rejected" in err
    rc, out, _ = run(capsys, str(page), "--date", "2025-07-01", "-j", "1")
    rows = jsonl(out)
    assert rc == 0
    assert {(r["indicator"], r["value"]) for r in rows} == {("gdp_growth", 5.5),
                                                            ("industrial_va_growth", 7.2)}
    assert all(r["year"] == 2025 and r["date"] == "2025-07-01" and r["region"] == "株洲市"
               for r in rows)


def test_bad_date_is_a_usage_error(tmp_path, capsys) -> None:
    page = write(tmp_path / "news.txt", NEWS)
    with pytest.raises(SystemExit) as e:
        cli.main(["extract", str(page), "--date", "2025-13-01"])
    assert e.value.code == 2
    assert "not a date (YYYY-MM-DD): '2025-13-01'" in capsys.readouterr().err


def test_region_option(tmp_path, capsys) -> None:
    page = write(tmp_path / "bare.txt", BARE)
    rc, out, _ = run(capsys, str(page), "--date", "2025-07-01", "-j", "1")
    assert jsonl(out) == []
    rc, out, _ = run(capsys, str(page), "--date", "2025-07-01", "--region", "石峰区", "-j", "1")
    assert rc == 0
    assert [(r["indicator"], r["region"], r["year"]) for r in jsonl(out)] == [
        ("gdp_growth", "石峰区", 2025)]


def test_region_option_takes_a_short_name(tmp_path, capsys) -> None:
    page = write(tmp_path / "bare.txt", BARE)
    rc, out, _ = run(capsys, str(page), "--date", "2025-07-01", "--region", "株洲", "-j", "1")
    assert rc == 0 and [r["region"] for r in jsonl(out)] == ["株洲市"]


def test_unknown_region_is_refused(tmp_path, capsys) -> None:
    page = write(tmp_path / "bare.txt", BARE)
    rc, out, err = run(capsys, str(page), "--region", "不存在县")
    assert rc == 2 and out == ""
    assert "未知地区 (unknown region): 不存在县" in err


def test_folder_as_path(tmp_path, capsys) -> None:
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    write(folder / "a.txt", BULLETIN)
    write(folder / "sub" / "b.txt", NEWS)
    write(folder / "notes.csv", BULLETIN)  # not a text page: skipped
    rc, out, err = run(capsys, str(folder), "--date", "2025-07-01", "-j", "1")
    assert rc == 0
    assert {r["doc"] for r in jsonl(out)} == {"a", "b"}
    assert "2/2 files read" in err


def test_worker_processes_give_the_same_records(tmp_path, capsys) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(5):
        write(folder / f"p{i}.txt", BULLETIN if i % 2 else NEWS)
    write(folder / "zz_empty.txt", "")
    one = run(capsys, str(folder), "--date", "2025-07-01", "-j", "1")
    two = run(capsys, str(folder), "--date", "2025-07-01", "-j", "2")
    assert one[0] == two[0] == 1
    assert jsonl(one[1]) == jsonl(two[1]) and len(jsonl(one[1])) > 0
    assert error_lines(one[2]) == error_lines(two[2]) and len(error_lines(two[2])) == 1


def test_empty_folder_is_a_usage_error(tmp_path, capsys) -> None:
    rc, out, err = run(capsys, str(tmp_path))
    assert rc == 2 and "no input files" in err


# ------------------------------------------------------------------ encodings


ENCODINGS = {
    "utf8": lambda s: s.encode("utf-8"),
    "utf8bom": lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    "gb18030": lambda s: s.encode("gb18030"),
    "gbk": lambda s: s.encode("gbk"),
    "utf16bom": lambda s: s.encode("utf-16"),  # BOM + native order
    "utf16bebom": lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
    "utf16le": lambda s: s.encode("utf-16-le"),  # no BOM
    "utf16be": lambda s: s.encode("utf-16-be"),  # no BOM
}


TEXTS = {"bulletin": BULLETIN, "seed004": SEED.read_text("utf-8")}
# (text id, encoding) -> reason, for encodings the reader gets wrong today (none)
KNOWN_ENCODING_FAILURES: dict[tuple[str, str], str] = {}


def _encoding_cases() -> list:
    cases = []
    for tid in TEXTS:
        for name in ENCODINGS:
            reason = KNOWN_ENCODING_FAILURES.get((tid, name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cases.append(pytest.param(tid, name, id=f"{tid}-{name}", marks=marks))
    return cases


@pytest.mark.parametrize(("tid", "encoding"), _encoding_cases())
def test_encodings_give_identical_records(tmp_path, capsys, tid: str, encoding: str) -> None:
    text = TEXTS[tid]
    (tmp_path / "page.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "page.txt").write_bytes(ENCODINGS[encoding](text))
    rc, reference, _ = run(capsys, str(tmp_path / "page.txt"), "-j", "1")
    assert rc == 0 and jsonl(reference), "the page gives records"
    rc, out, err = run(capsys, str(tmp_path / "other" / "page.txt"), "-j", "1")
    assert rc == 0, err
    assert jsonl(out) == jsonl(reference), f"{encoding} differs from UTF-8"


# ------------------------------------------------------------------ bad inputs


def test_bad_inputs_are_named_and_the_rest_is_processed(tmp_path, capsys) -> None:
    good = write(tmp_path / "good.txt", BULLETIN)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = write(tmp_path / "blank.txt", " \n\u3000\n")
    image = tmp_path / "scan.png"
    image.write_bytes(PNG * 4)
    missing = tmp_path / "missing.txt"
    rc, out, err = run(capsys, str(empty), str(image), str(good), str(missing), str(blank),
                       "-j", "1")
    assert rc != 0
    assert {r["indicator"] for r in jsonl(out)} == BULLETIN_KEYS, "the good file still counts"
    errors = error_lines(err)
    assert len(errors) == 4, err
    for path, words in [(empty, "empty"), (image, "not text"), (missing, "无法读取"),
                        (blank, "empty")]:
        line = next((ln for ln in errors if str(path) in ln), None)
        assert line is not None, f"no error line names {path}: {err}"
        assert words in line
    assert "1/5 files read" in err


def test_binary_file_named_txt_in_a_folder(tmp_path, capsys) -> None:
    write(tmp_path / "a.txt", BULLETIN)
    (tmp_path / "b.txt").write_bytes(PNG * 4)
    rc, out, err = run(capsys, str(tmp_path), "-j", "1")
    assert rc == 1
    assert {r["doc"] for r in jsonl(out)} == {"a"}
    [line] = error_lines(err)
    assert str(tmp_path / "b.txt") in line and "binary" in line


def test_unwritable_output_is_a_one_line_error(tmp_path, capsys) -> None:
    page = write(tmp_path / "bulletin.txt", BULLETIN)
    target = tmp_path / "no" / "such" / "out.jsonl"
    rc, _, err = run(capsys, str(page), "-o", str(target), "-j", "1")
    assert rc != 0 and str(target) in err


# ------------------------------------------------------------------ rejects


def test_rejects_file(tmp_path, capsys) -> None:
    page = write(tmp_path / "bulletin.txt", BULLETIN)
    rejects = tmp_path / "rejects.jsonl"
    rc, out, _ = run(capsys, str(page), "--rejects", str(rejects), "-j", "1")
    assert rc == 0
    [row] = jsonl(rejects.read_text("utf-8"))
    assert row["doc"] == "bulletin" and row["rule_id"] == "economy.gdp"
    assert "beyond" in row["reason"] and "99" in row["reason"]
    assert BULLETIN[row["start"]:row["end"]] == row["quote"] == "地区生产总值增长99%"
    assert row["candidate"]["indicator"] == "gdp_growth"


def test_rejects_file_gives_the_reason_for_missing_context(tmp_path, capsys) -> None:
    page = write(tmp_path / "bare.txt", BARE)
    rejects = tmp_path / "rejects.jsonl"
    run(capsys, str(page), "--rejects", str(rejects), "-j", "1")
    [row] = jsonl(rejects.read_text("utf-8"))
    assert "--date" in row["reason"] and "--region" in row["reason"]


# ------------------------------------------------------------------ as a program


def test_python_dash_m(tmp_path) -> None:
    page = write(tmp_path / "bulletin.txt", BULLETIN)
    missing = tmp_path / "missing.txt"
    proc = subprocess.run([sys.executable, "-m", "indicators", "extract", str(page),
                           str(missing), "--format", "jsonl"],
                          capture_output=True, text=True, encoding="utf-8", cwd=ROOT,
                          timeout=120)
    assert proc.returncode == 1
    assert {r["indicator"] for r in jsonl(proc.stdout)} == BULLETIN_KEYS
    [line] = error_lines(proc.stderr)
    assert str(missing) in line
