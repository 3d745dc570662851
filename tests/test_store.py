"""The store on both backends (DuckDB and PostgreSQL): ingest, identity by content,
versions, de-duplication, conflicts, atomic batches and builds, queries, and the
`build`/`ingest` commands. Cases: the seed pages and the gold records of the dev pages;
the identity cases are the defects listed in issue 8."""
from __future__ import annotations

import argparse
import datetime as dt

import pytest

from indicators.records.model import Record
from indicators.store import db as store
from indicators.store import queries
from indicators.store.commands import add_commands
from indicators.store.db import Document, StoreError
from indicators.store.queries import Filters

SEED = "004_90b9b8a56207ea22"
SEED_TEXT = (store.SEEDS_DIR / f"{SEED}.txt").read_text("utf-8")
GDP_QUOTE = "地区生产总值增长5.5%左右"  # 石峰区's 2026 target, at [73, 87) of the seed


def rec(doc: str, text: str, quote: str, value: float = 5.5, **kw) -> Record:
    """A record for ``quote`` at its first occurrence in ``text``."""
    start = text.index(quote)
    fields = dict(region="石峰区", indicator="gdp_growth", kind="target", year=2026,
                  value=value, unit="percent", qualifier="approx", rule_id="test.gdp")
    fields.update(kw)
    return Record(doc=doc, quote=quote, start=start, end=start + len(quote), **fields)


def seed_batch(doc: str = SEED, text: str = SEED_TEXT):
    return [(Document(doc, text, dt.date(2026, 2, 8), "石峰区"), [rec(doc, text, GDP_QUOTE)])]


@pytest.fixture
def db(target):
    """An empty store, once on DuckDB and once on PostgreSQL."""
    return target


@pytest.fixture
def dfile(tmp_path):
    """A DuckDB file (for what only a file can show: its bytes, its folder)."""
    return tmp_path / "s.duckdb"


def test_ingest_and_query(db):
    report = store.ingest(seed_batch(), db)
    assert (report.added, report.records, report.new_points) == ([SEED], 1, 1)
    frame = queries.query_records(Filters(regions=("石峰区",)), db)
    row = frame.iloc[0]
    assert (row["quote"], row["start"], row["end"]) == (GDP_QUOTE, 73, 87)
    assert row["date"] == dt.date(2026, 2, 8) and row["n_sources"] == 1 and not row["conflict"]
    assert SEED_TEXT[row["start"]:row["end"]] == row["quote"]


def test_same_text_twice_is_unchanged(db):
    store.ingest(seed_batch(), db)
    token = store.version(db)
    report = store.ingest(seed_batch(), db)
    assert report.unchanged == [SEED] and report.records == 0
    assert store.count_records(db) == 1 and store.version(db) == token


def test_same_figure_from_two_documents_is_one_point_with_two_sources(db):
    excerpt = SEED_TEXT[:400]  # the same report, as another site carried it
    store.ingest(seed_batch(), db)
    report = store.ingest(seed_batch("copy", excerpt), db)
    assert (report.new_points, report.repeated, report.conflicts) == (0, 1, [])
    frame = queries.query_records(Filters(indicators=("gdp_growth",)), db)
    assert len(frame) == 2 and set(frame["n_sources"]) == {2} and not frame["conflict"].any()


def test_same_key_with_another_value_is_a_conflict_not_an_overwrite(db):
    other = "石峰区2026年预期目标：地区生产总值增长6%左右。"
    store.ingest(seed_batch(), db)
    batch = [(Document("other", other), [rec("other", other, "地区生产总值增长6%左右", 6.0)])]
    report = store.ingest(batch, db)
    assert report.conflicts == [("石峰区", "gdp_growth", "target", 2026, None, None, "percent")]
    frame = queries.query_records(Filters(), db)
    assert sorted(frame["value"]) == [5.5, 6.0] and frame["conflict"].all()


def test_subject_separates_figures(db):
    text = "新材料产业集群产值120亿元，装备制造产业集群产值80亿元。"
    records = [rec("c", text, q, v, indicator="output_value", unit="yuan", kind="actual",
                   year=2024, qualifier="exact", subject=s)
               for q, v, s in (("产值120亿元", 1.2e10, "新材料产业集群"),
                               ("产值80亿元", 8e9, "装备制造产业集群"))]
    report = store.ingest([(Document("c", text), records)], db)
    assert report.conflicts == []


def test_same_name_different_text_is_a_second_document(db):
    """Issue 8: another city's 政府工作报告 used to delete the first one (exit 0)."""
    a = "长沙市政府工作报告。" + SEED_TEXT[:300]
    b = "株洲市政府工作报告。" + SEED_TEXT[:300]
    store.ingest([(Document("政府工作报告", a), [])], db)
    report = store.ingest([(Document("政府工作报告", b), [])], db)
    assert report.added == ["政府工作报告（2）"] and report.renamed
    assert queries.document_text("政府工作报告", db) == a
    assert queries.document_text("政府工作报告（2）", db) == b


def test_same_text_under_another_name_is_the_same_document(db):
    store.ingest(seed_batch(), db)
    report = store.ingest(seed_batch("石峰区报告"), db)
    assert report.unchanged == [SEED] and report.same_as == {"石峰区报告": SEED}
    assert "石峰区报告" in report.notes()[0] and store.count_documents(db) == 1


def test_new_version_by_title_replaces_its_records(db):
    """Adapted: a changed text used to replace the document of the same *name*; now the
    same catalogue title (or URL, or file path) marks a new version."""
    title = "石峰区2026年政府工作报告"
    store.ingest([(Document(SEED, SEED_TEXT, title=title), [rec(SEED, SEED_TEXT, GDP_QUOTE)])],
                 db)
    shorter = SEED_TEXT[:200]
    report = store.ingest([(Document("石峰区报告v2", shorter, title=title), [])], db)
    assert report.replaced == [SEED] and store.count_records(db) == 0
    assert queries.document_text(SEED, db) == shorter
    docs = queries.documents(db)
    assert docs.loc[0, "version"] == 2 and docs.loc[0, "name"] == "石峰区报告v2"


def test_new_version_by_url(db):
    url = "https://example.gov.cn/a.html"
    store.ingest([(Document("a", SEED_TEXT, url=url), [])], db)
    report = store.ingest([(Document("b", SEED_TEXT[:500], url=url), [])], db)
    assert report.replaced == ["a"] and store.count_documents(db) == 1


def test_same_title_about_another_region_is_another_document(db):
    store.ingest([(Document("a", SEED_TEXT, home_region="长沙市", title="政府工作报告"), [])], db)
    report = store.ingest([(Document("a", SEED_TEXT[:500], home_region="株洲市",
                                     title="政府工作报告"), [])], db)
    assert report.added == ["a（2）"] and store.count_documents(db) == 2


def test_a_bad_record_stops_the_whole_batch(db):
    store.ingest(seed_batch(), db)
    token = store.version(db)
    good = (Document("good", SEED_TEXT[:400]), [rec("good", SEED_TEXT[:400], GDP_QUOTE)])
    moved = rec(SEED, SEED_TEXT, GDP_QUOTE).model_copy(update={"doc": "bad"})
    bad = (Document("bad", "另一篇文字" * 10), [moved])
    with pytest.raises(StoreError, match="is not at"):
        store.ingest([good, bad], db)
    assert store.version(db) == token and store.count_records(db) == 1


def test_a_failure_inside_the_transaction_rolls_back(db, monkeypatch):
    store.ingest(seed_batch(), db)

    def boom(*a, **k):
        raise RuntimeError("disk full")

    from indicators.store import ingesting

    monkeypatch.setattr(ingesting, "_tally", boom)
    with pytest.raises(RuntimeError):
        store.ingest(seed_batch("copy", SEED_TEXT[:400]), db)
    assert store.count_records(db) == 1
    assert "copy" not in queries.stored_hashes(db)


def test_a_batch_may_hold_two_documents_of_one_name(db):
    """Adapted: a batch naming a document twice used to be refused; two folders each with a
    政府工作报告.txt are two documents (and the same text twice is one)."""
    other = "另一篇文字，" + SEED_TEXT[:300]
    report = store.ingest(seed_batch() + seed_batch() + [(Document(SEED, other), [])], db)
    assert report.added == [SEED, f"{SEED}（2）"] and report.unchanged == [SEED]
    assert store.count_records(db) == 1


def test_filters(dashboard_db):
    f = Filters(regions=("株洲市", "永州市"), indicators=("gdp_growth",), years=(2019, 2019),
                kinds=("actual",))
    frame = queries.query_records(f, dashboard_db)
    assert sorted(frame["region"]) == ["株洲市", "永州市"]
    assert queries.query_records(Filters(kinds=("target",), regions=("株洲市",)),
                               dashboard_db).empty


def test_year_span_is_the_span_of_the_records_a_filter_returns(dashboard_db):
    """queries.year_span names the downloads (their file name spans the data): the same
    first and last year as the records query_records returns for each filter, None for
    none (the gold store's filters, as the app's downloads ask them)."""
    from indicators.dashboard.exports import data_span

    filters = [Filters(), Filters(regions=("株洲市", "醴陵市")),
               Filters(regions=("湖南省",), years=(2019, 2022)),
               Filters(regions=("株洲市",), kinds=("target",)),
               Filters(indicators=("gdp_growth",), years=(2030, 2035))]
    spans = [queries.year_span(f, dashboard_db) for f in filters]
    assert spans == [data_span(queries.query_records(f, dashboard_db)["year"])
                     for f in filters]
    assert spans[0][0] < spans[0][1] and spans[-1] is None


def test_overview_documents_freshness(dashboard_db, dashboard_gold):
    n = sum(len(records) for _, records in dashboard_gold)
    ov = queries.overview(dashboard_db)
    assert (ov.n_records, ov.n_documents) == (n, len(dashboard_gold))
    assert ov.years == (min(r.year for _, rs in dashboard_gold for r in rs),
                        max(r.year for _, rs in dashboard_gold for r in rs))
    assert sum(ov.regions.values()) == n
    docs = queries.documents(dashboard_db)
    assert docs["n_records"].sum() == n
    fresh = queries.freshness(dashboard_db).set_index("region")
    assert fresh.loc["吉首市", "latest"] == dt.date(2025, 12, 17)


def test_reading_a_missing_store_says_how_to_build_it(tmp_path):
    with pytest.raises(StoreError, match="indicators build"):
        queries.overview(tmp_path / "none.duckdb")


def test_build_from_seeds_keeps_provenance(db):
    report = store.build(path=db)
    assert report.added and report.records == store.count_records(db) > 0
    frame = queries.query_records(Filters(), db)
    for doc, g in frame.groupby("doc"):
        text = queries.document_text(doc, db)
        assert all(text[s:e] == q for s, e, q in zip(g["start"], g["end"], g["quote"],
                                                      strict=True))


def test_failed_build_leaves_the_old_store(dfile, tmp_path):
    db = dfile
    store.ingest(seed_batch(), db)
    token = store.version(db)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    from indicators.text.reading import UnreadableText

    with pytest.raises(UnreadableText, match="bad.txt"):
        store.build([store.SEEDS_DIR / f"{SEED}.txt", bad], db)
    assert store.version(db) == token and store.count_records(db) == 1
    assert not list(db.parent.glob(".*building*"))


def test_ensure_built(db):
    assert store.ensure_built(db) is not None
    assert store.ensure_built(db) is None


def test_db_path_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("INDICATORS_DB", str(tmp_path / "x.duckdb"))
    assert store.db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("INDICATORS_DB")
    assert store.db_path() == store.PROJECT_ROOT / "data" / "indicators.duckdb"


# ---------------------------------------------------------------- commands


def cli(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_cli_build_if_missing_and_ingest(db, tmp_path, capsys):
    db = str(db)
    assert cli("build", "--db", str(db)) == 0
    n = store.count_records(db)
    assert cli("build", "--if-missing", "--db", str(db)) == 0
    assert "store present" in capsys.readouterr().out
    page = tmp_path / "石峰.txt"
    page.write_text(SEED_TEXT[:300], "utf-8")
    assert cli("ingest", str(page), "--date", "2026-02-08", "--db", str(db)) == 0
    assert store.count_records(db) >= n and "石峰" in queries.stored_hashes(db)


def test_cli_ingest_refuses_a_batch_with_an_unreadable_file(db, tmp_path, capsys):
    db = str(db)
    assert cli("build", "--db", str(db)) == 0
    token = store.version(db)
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(SEED_TEXT, "utf-8")
    bad.write_bytes(b"")
    assert cli("ingest", str(good), str(bad), "--db", str(db)) == 1
    assert "bad.txt" in capsys.readouterr().err
    assert store.version(db) == token


def test_benchmark_store_is_consistent(db):
    """bench/app_bench.py's synthetic store keeps the store's invariants (quotes at their
    offsets, 3-4 sources per figure, a few conflicts), on a small slice."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "app_bench", store.PROJECT_ROOT / "bench" / "app_bench.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    points = 3 * 2 * 25 * 2
    docs, recs = bench.synthetic_frames(3 * points + 40, n_regions=3, n_indicators=2)
    store.load_frames(docs, recs, db)
    frame = queries.query_records(Filters(), db)
    assert len(frame) == 3 * points + 40 and set(frame["n_sources"]) <= {1, 2, 3, 4}
    text = dict(zip(docs["doc"], docs["text"], strict=True))
    assert all(text[d][s:e] == q for d, s, e, q in
               zip(frame["doc"], frame["start"], frame["end"], frame["quote"], strict=True))


def test_plan_tells_a_preview_what_ingest_will_do(db):
    title = "石峰区2026年政府工作报告"
    store.ingest([(Document(SEED, SEED_TEXT, title=title), [])], db)
    docs = [Document("copy", SEED_TEXT), Document("v2", SEED_TEXT[:300], title=title),
            Document(SEED, "另一篇" + SEED_TEXT[:300]), Document("新", "新的一篇文字")]
    plan = store.plan(docs, db)
    assert [(p["state"], p["key"]) for p in plan] == [
        ("same", SEED), ("version", SEED), ("renamed", f"{SEED}（2）"), ("new", "新")]
    report = store.ingest([(d, []) for d in docs], db)
    assert report.replaced == [SEED] and report.added == [f"{SEED}（2）", "新"]
