"""AppTest tests of review in the app (issue 8, "Review"): the reviewer's name typed once per
session (and asked for when missing), accept / reject / correct from the Table view with a
reason, a StoreError shown as written, a figure added with its quote checked against the
text, the Review view (rejects and inferred years first, each actionable), the audit trail per
figure and for the whole store, charts and downloads on reviewed values, the upload preview
from ``store.plan`` with the ingest's notes, and the issue's end-to-end path: correct a year,
re-extract the document (rebuild, then a new version), the correction stands and the trail
lists it. Stores: the gold fixture of conftest.py, and seeds/004 (石峰区, 2026 targets)
extracted by the engine for the end-to-end path."""
from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from test_app import chart_traces, new_app, run, texts, unescaped, values

from indicators.records.model import Record, Reject
from indicators.store import db as store
from indicators.store import queries
from indicators.store import review as store_review

SEED = store.PROJECT_ROOT / "seeds" / "004_90b9b8a56207ea22.txt"


@pytest.fixture
def db(writable_db):
    return writable_db


def zhuzhou(path):
    """株洲市's GDP growth rows as the Table view lists them (014: 2019, 8%)."""
    return queries.query_records(queries.Filters(regions=("株洲市",),
                                                 indicators=("gdp_growth",)), path)


def choose(at, key: str, path, rows=None, sel: str = "table_sel"):
    """Select the row of ``key`` in the Table view, as a click would."""
    rows = zhuzhou(path) if rows is None else rows
    index = int(rows.index[rows["record_key"] == key][0])
    at.session_state[sel] = {"selection": {"rows": [index], "columns": [], "cells": []}}
    return run(at)


def named(at, name: str = "王芳"):
    at.text_input(key="reviewer").set_value(name)
    return at


def submit(at, key: str, action: str, reason: str = "", **fields):
    p = f"rv_{key}"
    at.segmented_control(key=f"{p}_act").set_value(action)
    run(at)
    for field, value in fields.items():
        widget = (at.number_input(key=f"{p}_{field}") if field == "year" else
                  at.selectbox(key=f"{p}_{field}") if field in ("unit", "region", "kind",
                                                                 "indicator", "qualifier")
                  else at.text_input(key=f"{p}_{field}"))
        widget.set_value(value)
    at.text_input(key=f"{p}_reason").set_value(reason)
    at.button(key=f"{p}_go").click()
    return run(at)


def table_app(path, **params):
    at = new_app(view="table", city="株洲市", ind="gdp_growth", **params)
    return at


# ---------------------------------------------------------------- actions in the Table view


def test_a_missing_reviewer_name_is_asked_for_and_nothing_changes(db):
    key = zhuzhou(db)["record_key"].iat[0]
    token = store.version(db)
    at = choose(table_app(db), key, db)
    at = submit(at, key, "accept")
    assert "请先在侧栏“审核人”处填写您的姓名" in at.warning[0].value
    assert store.version(db) == token and store_review.history(db).empty


def test_accept_marks_the_figure_reviewed_with_its_trail(db):
    key = zhuzhou(db)["record_key"].iat[0]
    at = named(choose(table_app(db), key, db))
    at = submit(at, key, "accept")
    assert "已确认该数值" in texts(at)
    row = zhuzhou(db).iloc[0]
    assert row["reviewed"] and row["review"] == "accepted"
    table = at.dataframe[0].value
    assert table.iloc[0]["审核"] == "已确认" and "年份依据" in table.columns
    at = choose(at, row["record_key"], db)
    trail = at.dataframe[1].value  # this figure's audit trail
    assert list(trail["审核人"]) == ["王芳"] and list(trail["操作"]) == ["确认"]


def test_reject_drops_the_figure_from_charts_and_downloads(db, downloads):
    key = zhuzhou(db)["record_key"].iat[0]
    at = named(choose(table_app(db), key, db))
    at = submit(at, key, "reject", "重复计数")
    assert "已删除该数值" in texts(at)
    assert zhuzhou(db).empty
    downloads.clear()
    at = new_app(city="株洲市", ind="gdp_growth")
    assert "株洲市" not in {tr.name for tr in chart_traces(at)}
    csv = next(v for n, v in downloads.items() if n.endswith(".csv"))
    frame = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    assert frame[(frame["地区"] == "株洲市") & (frame["指标"] == "地区生产总值增长")].empty


def test_correct_value_is_what_charts_and_downloads_show(db, downloads):
    key = zhuzhou(db)["record_key"].iat[0]
    at = named(choose(table_app(db), key, db))
    at = submit(at, key, "correct", "公报核实数为8.5%", value="8.5")
    assert "已更正" in texts(at)
    row = zhuzhou(db).iloc[0]
    assert (row["value"], row["review"]) == (8.5, "corrected")
    downloads.clear()
    at = new_app(city="株洲市", ind="gdp_growth")
    line = next(tr for tr in chart_traces(at) if tr.name == "株洲市")
    assert values(line.y) == [8.5]
    csv = next(v for n, v in downloads.items() if n.endswith(".csv"))
    frame = pd.read_csv(io.BytesIO(csv), encoding="utf-8-sig")
    mine = frame[(frame["地区"] == "株洲市") & (frame["指标"] == "地区生产总值增长")]
    assert list(mine["数值"]) == ["8.5%"] and list(mine["审核"]) == ["已更正"]


def test_correct_any_field_region_kind_and_indicator(db):
    key = zhuzhou(db)["record_key"].iat[0]
    at = named(choose(table_app(db), key, db))
    submit(at, key, "correct", "是醴陵市的目标", region="醴陵市", kind="target",
           qualifier="approx")
    rows = queries.query_records(queries.Filters(regions=("醴陵市",),
                                                 indicators=("gdp_growth",)), db)
    fixed = rows[rows["review"] == "corrected"].iloc[0]
    assert (fixed["kind"], fixed["qualifier"], fixed["year"]) == ("target", "approx", 2019)


def test_store_errors_are_shown_as_written_and_change_nothing(db):
    key = zhuzhou(db)["record_key"].iat[0]
    at = named(choose(table_app(db), key, db))
    at = submit(at, key, "reject", "")  # a reason is required
    assert not at.exception
    assert "请说明理由 (a reason is required)" in unescaped(at.error[0].value)
    at = submit(at, key, "correct", "单位", unit="yuan")  # growth is never in yuan
    message = unescaped(at.error[0].value)
    assert message.startswith("未能保存：无效的修改 (invalid figure)") and "percent" in message
    at = submit(at, key, "correct", "数值", value="八")
    assert "数值无效：八" in unescaped(at.error[0].value)


def test_a_stale_key_says_reload(db, dashboard_gold, monkeypatch):
    """Another process re-extracts the document between the page's render and the click:
    the store refuses the stale key, the app says to reload."""
    key = zhuzhou(db)["record_key"].iat[0]
    at = named(choose(table_app(db), key, db))
    real = store_review.accept

    def meanwhile(k, reviewer, reason="", path=None):
        batch = [(d, r) for d, r in dashboard_gold if d.doc == "014"]
        store.ingest(batch, path, reextract=True)  # new records, new keys
        return real(k, reviewer, reason, path=path)

    monkeypatch.setattr(store_review, "accept", meanwhile)
    at = submit(at, key, "accept")
    assert not at.exception
    assert "请刷新后再试" in unescaped(at.error[0].value)


# ---------------------------------------------------------------- adding a figure


def test_add_a_missed_figure_with_its_quote_checked(db):
    text = queries.document_text("014", db)
    quote = text[text.index("地区生产总值"):][:14]
    at = named(table_app(db))
    at.toggle(key="add_open").set_value(True)
    run(at)
    at.selectbox(key="add_doc").set_value("014")
    at.text_area(key="add_quote").set_value("并不在文中的一句话")
    run(at)
    assert "引文不在该文件的文字中" in texts(at)
    at.text_area(key="add_quote").set_value(quote)
    at.selectbox(key="add_region").set_value("株洲市")
    at.selectbox(key="add_indicator").set_value("gdp_growth")
    at.number_input(key="add_year").set_value(2018)
    at.text_input(key="add_value").set_value("8.4")
    run(at)
    assert f"引文见于文件第 {text.index(quote)} 个字符处" in texts(at)
    at.text_input(key="add_reason").set_value("表格里的上年数")
    at.button(key="add_go").click()
    run(at)
    assert "已添加该数值" in texts(at)
    added = zhuzhou(db)
    added = added[added["review"] == "added"].iloc[0]
    assert (added["year"], added["value"], added["quote"]) == (2018, 8.4, quote)


# ---------------------------------------------------------------- the Review view


@pytest.fixture
def with_reject(db):
    """The gold store plus a page whose 125.1% growth the extractor refused."""
    text = "桂阳县2016年政府工作报告\n固定资产投资增长125.1%。地区生产总值增长8.5%。"
    quote, good = "固定资产投资增长125.1%", "地区生产总值增长8.5%"
    j = Reject(doc="guiyang", rule_id="investment.fixed_assets", quote=quote,
               start=text.index(quote), end=text.index(quote) + len(quote),
               reason="beyond its bound [-60, 60] percent",
               candidate={"region": "桂阳县", "indicator": "fixed_asset_investment_growth",
                          "kind": "actual", "year": "2016", "value": "125.1",
                          "unit": "percent", "qualifier": "exact"})
    s = text.index(good)
    rec = Record(doc="guiyang", region="桂阳县", indicator="gdp_growth", kind="actual",
                 year=2016, value=8.5, unit="percent", quote=good, start=s,
                 end=s + len(good), rule_id="t", evidence="句中“2016年”")
    store.ingest([(store.Document("guiyang", text, dt.date(2017, 1, 5), "桂阳县", "test",
                                  rejects=(j,)), [rec])], db)
    return db


def test_review_view_lists_rejects_and_inferred_years_first(with_reject):
    at = new_app(view="review")
    waiting = at.dataframe[0].value
    assert waiting["原因"].iat[0] == "提取时被拒"
    assert set(waiting["原因"].iloc[1:]) == {"年份为推断"}  # gold records carry no evidence
    assert "提取时被拒 1 条" in texts(at)
    at = named(at)
    at.session_state["review_sel"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    run(at)
    assert "<mark>固定资产投资增长<b>125.1%</b></mark>" in texts(at)
    key = store_review.pending(with_reject)["record_key"].iat[0]
    assert key.startswith("rej:guiyang:")
    at.text_input(key=f"pd_{key}_reason").set_value("同比口径不同，确实不是增速")
    at.button(key=f"pd_{key}_go").click()
    run(at)
    assert "已确认该候选不是数值" in texts(at)
    assert at.dataframe[0].value["原因"].iat[0] == "年份为推断"  # dismissed: no longer waits
    trail = at.dataframe[1].value
    assert list(trail["操作"]) == ["删除"] and list(trail["审核人"]) == ["王芳"]


def test_a_waiting_inferred_year_is_accepted_from_the_review_view(with_reject):
    pending = store_review.pending(with_reject)
    i = int(pending.index[pending["priority"] == 2][0])
    key = pending["record_key"].iat[i]
    at = named(new_app(view="review"))
    at.session_state["review_sel"] = {"selection": {"rows": [i], "columns": [], "cells": []}}
    run(at)
    at = submit(at, key, "accept")
    assert "已确认该数值" in texts(at)
    assert key not in set(store_review.pending(with_reject)["record_key"])


def test_a_refused_candidate_can_be_added_as_a_figure(with_reject):
    key = store_review.pending(with_reject)["record_key"].iat[0]
    at = named(new_app(view="review"))
    at.session_state["review_sel"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    run(at)
    at.segmented_control(key=f"pd_{key}_act").set_value("add")
    run(at)
    p = f"pd_{key}"
    assert at.text_area(key=f"{p}_quote").value == "固定资产投资增长125.1%"
    at.text_input(key=f"{p}_value").set_value("25.1")  # the page's typo, checked by hand
    at.text_input(key=f"{p}_reason").set_value("原文笔误，核对为25.1%")
    at.button(key=f"{p}_go").click()
    run(at)
    assert "已添加该数值" in texts(at)
    rows = queries.query_records(queries.Filters(regions=("桂阳县",)), with_reject)
    assert rows[rows["review"] == "added"]["value"].tolist() == [25.1]


def test_the_whole_trail_says_who_when_before_after_and_why(db):
    key = zhuzhou(db)["record_key"].iat[0]
    store_review.correct(key, {"value": 8.1}, "王芳", "公报核实", path=db)
    at = new_app(view="review")
    trail = at.dataframe[-1].value
    row = trail.iloc[0]
    assert (row["审核人"], row["操作"], row["理由"]) == ("王芳", "更正", "公报核实")
    assert row["修改（原值 → 新值）"] == "value: 8.0 → 8.1"
    assert isinstance(row["时间"], (dt.datetime, pd.Timestamp))


# ---------------------------------------------------------------- uploads and the store's plan


def _upload(at, files):
    at.file_uploader(key="upload").set_value([(n, b, "text/plain") for n, b in files])
    at.button(key="preview").click()
    return run(at)


def test_upload_preview_says_what_the_store_will_do(db, tmp_path):
    assert "same" == store.plan([store.Document("x", SEED.read_text("utf-8"))], db)[0]["state"]
    page = "转载：".encode() + SEED.read_bytes()  # the seed itself is in the gold store
    at = _upload(new_app(view="add"), [("石峰区.txt", page), ("014.txt", "另一份文件。2024年1月5日 "
                                                                      "全市地区生产总值增长5%。"
                                                                      .encode())])
    body = texts(at)
    assert "石峰区.txt：" in body and "，新文件" in body
    assert "014.txt：" in body and "已有同名的另一文件，将收录为“014（2）”" in body
    at.button(key="confirm").click()
    run(at)
    assert "014: 已有同名的另一文件，收录为 014（2）" in texts(at)  # report.notes()
    at = _upload(at, [("石峰区副本.txt", page)])
    assert "与已收录的“石峰区”内容相同，不会改变数据库" in texts(at)
    at.button(key="confirm").click()
    run(at)
    assert "石峰区副本: 与已收录的 石峰区 内容相同，未改变" in texts(at)


# ---------------------------------------------------------------- the end-to-end path


def test_a_corrected_year_survives_re_extraction_and_new_versions(tmp_path, monkeypatch):
    """Issue 8: correct a year, re-extract the document, the correction still stands, and
    the audit trail lists it."""
    path = tmp_path / "indicators.duckdb"
    page = tmp_path / "石峰区两会.txt"
    page.write_bytes(SEED.read_bytes())
    store.build([page], path=path)
    monkeypatch.setenv("INDICATORS_DB", str(path))

    def target(p):
        rows = queries.query_records(queries.Filters(regions=("石峰区",),
                                                     indicators=("gdp_growth",)), p)
        return rows[rows["kind"] == "target"]

    rows = target(path)
    key = rows["record_key"].iat[0]
    assert rows["year"].iat[0] == 2026
    at = named(new_app(view="table", county="石峰区", ind="gdp_growth"))
    at = choose(at, key, path, rows=queries.query_records(queries.Filters(
        regions=("石峰区",), indicators=("gdp_growth",)), path))
    at = submit(at, key, "correct", "会议在2025年召开（测试）", year=2025)
    assert "已更正" in texts(at)
    assert target(path)["year"].tolist() == [2025]

    report = store.build([page], path=path)  # the rules changed: extract it again
    assert report.reviews_kept == 1 and report.reviews_lost == 0
    assert target(path)["year"].tolist() == [2025]
    page.write_text("（更新稿）\n" + SEED.read_text("utf-8"), encoding="utf-8")
    report = store.build([page], path=path)  # a new version of the same file
    assert report.replaced == ["石峰区两会"] and report.reviews_kept == 1
    fixed = target(path)
    assert fixed["year"].tolist() == [2025] and fixed["review"].tolist() == ["corrected"]

    at = new_app(view="table", county="石峰区", ind="gdp_growth")
    table = at.dataframe[0].value
    assert table[table["审核"] == "已更正"]["年份"].tolist() == [2025]
    at = new_app(view="review")
    trail = at.dataframe[-1].value
    assert trail["修改（原值 → 新值）"].tolist() == ["year: 2026 → 2025"]
    assert trail["理由"].tolist() == ["会议在2025年召开（测试）"]
