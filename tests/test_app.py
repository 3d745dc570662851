"""AppTest tests of app.py: every view, every filter, the language switch, URL state,
both downloads (bytes checked), row selection and the upload path."""
from __future__ import annotations

import base64
import io
import shutil

import numpy as np
import openpyxl
import pandas as pd
import plotly.io
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from indicators.store import db as store
from indicators.store import queries

APP = str(store.PROJECT_ROOT / "app.py")
VIEWS = ("trend", "compare", "targets", "map", "table", "sources", "add")


@pytest.fixture
def app_db(dashboard_db, monkeypatch):
    """The shared read-only gold store, as the app's store."""
    monkeypatch.setenv("INDICATORS_DB", str(dashboard_db))
    return dashboard_db


@pytest.fixture
def writable_db(dashboard_db, tmp_path, monkeypatch):
    """A private copy of the gold store for tests that add documents."""
    path = tmp_path / "indicators.duckdb"
    shutil.copy(dashboard_db, path)
    monkeypatch.setenv("INDICATORS_DB", str(path))
    return path


@pytest.fixture
def downloads(monkeypatch):
    """Capture what download buttons would serve: file name -> bytes. The app builds its
    files lazily (a callable), so the callable is run here as a click would."""
    served: dict[str, bytes] = {}
    real = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kw):
        served[file_name] = data_callable()
        return real(self, data_callable, mimetype, coordinates, file_name, **kw)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return served


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return run(at)


def figure(at: AppTest):
    charts = at.get("plotly_chart")
    assert charts, "no chart on the page"
    return plotly.io.from_json(charts[0].proto.spec)


def values(v) -> list:
    """A trace array as a list; plotly encodes numeric arrays as base64 typed arrays."""
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=v["dtype"]).tolist()
    return list(v)


def chart_traces(at: AppTest) -> list:
    return list(figure(at).data)


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success",
                                  "title", "subheader") for e in getattr(at, kind)]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(str(p) for p in parts)


# ---------------------------------------------------------------- views


def test_default_view_is_a_trend_of_the_cities(app_db, dashboard_gold):
    at = new_app()
    assert at.title[0].value == "湖南经济指标"
    names = {tr.name for tr in chart_traces(at)}
    # gold whole-year gdp_growth: 株洲市/永州市 2019, 怀化市 2018, 益阳市 2016, 湖南省 2023
    assert names == {"株洲市", "永州市", "怀化市", "益阳市", "湖南省"}
    n = sum(len(records) for _, records in dashboard_gold)
    assert f"共 {n:,} 条记录，来自 {len(dashboard_gold)} 份文件" in texts(at)


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders(app_db, view):
    at = new_app(view=view)
    assert at.segmented_control(key="view").value == view
    if view in ("trend", "compare", "map", "targets"):
        assert at.get("plotly_chart") or at.info


def test_compare_ranks_regions_for_the_chosen_year(app_db):
    at = new_app(view="compare", ind="gdp_growth")
    at.selectbox(key="year").set_value(2019)
    bars = chart_traces(run(at))[0]
    assert bars.type == "bar" and list(bars.y) == ["株洲市", "永州市"]  # 8.0 before 7.5


def test_targets_view_shows_target_beside_result(app_db):
    at = new_app(view="targets", ind="gdp_growth", county="石峰区")
    table = at.dataframe[0].value
    assert table.iloc[0].tolist()[:2] == ["石峰区", 2026]
    assert "待公布" in table.iloc[0].tolist()  # 2026 target, no result yet


def test_map_colours_cities_offline(app_db):
    at = new_app(view="map", ind="gdp_growth")
    at.selectbox(key="year").set_value(2019)
    fig = figure(run(at))
    assert fig.layout.map.style == "white-bg"
    data = fig.data[1]
    assert data.type == "choroplethmap" and sorted(data.locations) == ["株洲市", "永州市"]


def test_map_shows_counties_when_one_city_is_chosen(app_db):
    at = new_app(view="map", ind="gdp_growth", city="株洲市")
    at.selectbox(key="year").set_value(2022)
    assert "株洲市各区县" in texts(run(at))
    base, data = chart_traces(at)
    assert "醴陵市" in base.locations and len(base.locations) == 9
    assert list(data.locations) == ["醴陵市"]  # a county of 株洲市, though not picked


def test_table_row_selection_shows_the_source_passage(app_db):
    at = new_app(view="table", ind="gdp_growth", city="株洲市")
    table = at.dataframe[0].value
    assert list(table.columns[:6]) == ["地区", "指标", "年份", "时期", "类型", "数值"]
    assert table.iloc[0]["数值"] == "8%" and table.iloc[0]["指标"] == "地区生产总值增长"
    at.session_state["table_sel"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    body = texts(run(at))
    assert "<mark>地区生产总值增长 <b>8%</b></mark>" in body
    assert "原文出处" in body


def test_sources_lists_every_document_and_freshest_date(app_db, dashboard_gold):
    at = new_app(view="sources")
    docs, fresh = at.dataframe[0].value, at.dataframe[1].value
    assert len(docs) == len(dashboard_gold)
    assert docs["记录数"].sum() == sum(len(records) for _, records in dashboard_gold)
    assert fresh.set_index("地区").loc["吉首市", "最新发布日期"] == "2025-12-17"


# ---------------------------------------------------------------- filters


def test_city_filter(app_db):
    at = new_app()
    at.multiselect(key="city").set_value(["株洲市"])
    assert {tr.name for tr in chart_traces(run(at))} == {"株洲市"}


def test_county_filter_lists_only_the_chosen_citys_counties(app_db):
    at = new_app(city="株洲市")
    options = at.multiselect(key="county").options
    assert "醴陵市" in options and "雨湖区" not in options and len(options) == 9
    at.multiselect(key="county").set_value(["醴陵市"])
    names = {tr.name for tr in chart_traces(run(at))}
    assert names == {"株洲市", "醴陵市"}


def test_indicator_filter_and_units_in_axis(app_db):
    at = new_app(county=["湘潭县", "宜章县"], city="湖南省")
    at.selectbox(key="ind").set_value("gdp")
    assert figure(run(at)).layout.yaxis.title.text == "地区生产总值 (亿元)"


def test_indicator_picker_is_grouped_and_bilingual(app_db):
    at = new_app()
    box = at.selectbox(key="ind")
    assert "经济总量｜地区生产总值增长 · GDP growth" in box.options
    assert box.options.index("经济总量｜地区生产总值 · GDP") < box.options.index(
        "投资｜固定资产投资增长 · Fixed-asset investment growth")


def test_year_range_filter(app_db):
    at = new_app()
    at.slider(key="years").set_value((2019, 2020))
    years = {x for tr in chart_traces(run(at)) for x in values(tr.x)}
    assert years == {2019}


def test_kind_filter_and_empty_state(app_db):
    at = new_app()
    at.segmented_control(key="kind").set_value("target")
    run(at)
    assert not at.get("plotly_chart")
    assert "当前筛选下没有记录" in texts(at)
    assert "有“地区生产总值增长”记录的地区：" in texts(at)  # where to widen the filter
    at.multiselect(key="county").set_value(["石峰区"])
    traces = chart_traces(run(at))
    assert [tr.name for tr in traces] == ["石峰区（目标）"]
    assert traces[0].line.dash == "dash"


def test_language_switch_changes_labels(app_db):
    at = new_app()
    at.segmented_control(key="lang").set_value("en")
    run(at)
    assert at.title[0].value == "Hunan economic indicators"
    assert at.multiselect(key="city").label == "City, province or nation"
    assert at.segmented_control(key="view").options[0] == "Trend"
    assert figure(at).layout.title.text.startswith("GDP growth")
    at.segmented_control(key="view").set_value("table")
    run(at)
    assert at.dataframe[0].value.columns[0] == "Region"


# ---------------------------------------------------------------- URL state


def test_url_state_is_restored(app_db):
    # a bound widget's URL value is its label: the language picker's is "English"
    at = new_app(lang="English", view="table", ind="gdp", city=["湘潭市", "株洲市"],
                 county="醴陵市", years=["2019", "2024"], kind="actual")
    assert at.segmented_control(key="lang").value == "en"
    assert at.segmented_control(key="view").value == "table"
    assert at.selectbox(key="ind").value == "gdp"
    assert at.multiselect(key="city").value == ["湘潭市", "株洲市"]
    assert at.multiselect(key="county").value == ["醴陵市"]
    assert at.slider(key="years").value == (2019, 2024)
    assert at.segmented_control(key="kind").value == "actual"
    assert set(at.dataframe[0].value["Region"]) <= {"湘潭市", "株洲市", "醴陵市"}


def test_url_follows_the_hand_mirrored_widgets(app_db):
    at = new_app()
    at.segmented_control(key="view").set_value("compare")
    at.selectbox(key="ind").set_value("gdp")
    at.segmented_control(key="kind").set_value("actual")
    params = dict(run(at).query_params)
    assert params["view"] == "compare" and params["ind"] == "gdp" and params["kind"] == "actual"
    at.segmented_control(key="view").set_value("trend")
    assert "view" not in dict(run(at).query_params)  # defaults drop out of the link


def test_bad_url_values_fall_back_to_defaults(app_db):
    at = new_app(view="nope", ind="not_an_indicator", kind="maybe", city="火星市")
    assert at.segmented_control(key="view").value == "trend"
    assert at.selectbox(key="ind").value == "gdp_growth"
    assert at.multiselect(key="city").value == []


# ---------------------------------------------------------------- downloads


def test_csv_download_bytes(app_db, downloads):
    at = new_app(view="table", city="株洲市", county="醴陵市")
    name = "株洲市等2地_地区生产总值增长_2010-2026.csv"
    assert at.download_button(key="dl_csv").proto.deferred_file_id
    data = downloads[name]
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(frame.columns[:3]) == ["地区", "指标", "年份"]
    assert sorted(frame["地区"]) == ["株洲市", "醴陵市"]
    assert set(frame["数值"]) == {"8%", "5.5%"}


def test_xlsx_download_bytes(app_db, downloads):
    new_app(lang="English", ind="gdp", county="湘潭县", years=["2020", "2024"])
    data = downloads["湘潭县_GDP_2020-2024.xlsx"]
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Data", "Sources", "Notes"]
    rows = list(wb["Data"].values)
    assert rows[0][:6] == ("Region", "Indicator", "Year", "Period", "Kind", "Value")
    assert rows[1][:6] == ("湘潭县", "GDP", 2022, None, "Actual", "572.6 100M yuan")
    assert [r[0] for r in list(wb["Sources"].values)[1:]] == ["023"]
    notes = {r[0]: r[1] for r in wb["Notes"].values}
    assert notes["Citation"].startswith("Hunan economic indicators")
    assert notes["  Years"] == "2020–2024" and notes["Rows"] == "1"


# ---------------------------------------------------------------- adding pages


def _upload(at: AppTest, files: list[tuple[str, bytes]]) -> AppTest:
    at.file_uploader(key="upload").set_value([(n, b, "text/plain") for n, b in files])
    at.button(key="preview").click()
    return run(at)


def test_upload_previews_then_adds_on_confirmation(writable_db):
    # a text the store does not hold yet (the seed itself is in it: same text, same document)
    seed = store.PROJECT_ROOT / "seeds" / "004_90b9b8a56207ea22.txt"
    page = "转载：".encode() + seed.read_bytes()
    before = store.count_records(writable_db)
    at = _upload(new_app(view="add"), [("石峰区报告.txt", page)])
    assert "石峰区报告：" in texts(at) and store.count_records(writable_db) == before
    at.button(key="confirm").click()
    run(at)
    assert "已写入数据库" in texts(at)
    assert store.count_records(writable_db) > before
    assert "石峰区报告" in queries.stored_hashes(writable_db)


def test_unreadable_upload_changes_nothing(writable_db):
    token = store.version(writable_db)
    good = (store.PROJECT_ROOT / "seeds" / "004_90b9b8a56207ea22.txt").read_bytes()
    bad = b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)) * 4
    at = _upload(new_app(view="add"), [("good.txt", good), ("report.txt", bad)])
    assert at.error and "report.txt" in at.error[0].value
    assert "没有写入数据库" in at.error[0].value
    assert not _has_key(at, "confirm")
    assert store.version(writable_db) == token


def _has_key(at: AppTest, key: str) -> bool:
    return any(b.key == key for b in at.button)


def test_pasted_text_is_added(writable_db):
    at = new_app(view="add")
    at.text_area(key="paste_text").set_value(
        "转载：" + (store.PROJECT_ROOT / "seeds" / "004_90b9b8a56207ea22.txt").read_text("utf-8"))
    at.text_input(key="paste_name").set_value("石峰 两会")
    at.button(key="preview").click()
    run(at)
    at.button(key="confirm").click()
    run(at)
    assert "石峰_两会" in queries.stored_hashes(writable_db)


def test_first_run_builds_the_store_from_seeds(tmp_path, monkeypatch):
    path = tmp_path / "fresh" / "indicators.duckdb"
    monkeypatch.setenv("INDICATORS_DB", str(path))
    at = new_app()
    assert store.count_records(path) > 0
    assert at.title and not at.error
