"""AppTest tests of the page (dashboard.py): every view and state (landing trend with the
cities below it, region profile, compare with the province line and ranks, compact targets,
map with its "no data" note, conflicts resolved by rule with the overruled quote, citable
sources, other figures), every filter, the language switch, URL state and hostile URLs, both
downloads (bytes, every indicator, display units, Excel dates, safe cells), the upload path
with an inferred date shown, corrected and re-extracted, and app.py's readiness route. The
store is the gold fixture of conftest.py (gold records at their real quotes); the cases come
from issues 7 and 8."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
import streamlit as st
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

from indicators.dashboard import charts
from indicators.records.catalogue import is_catalogue
from indicators.store import db as store
from indicators.store import queries

APP = str(store.PROJECT_ROOT / "dashboard.py")
VIEWS = ("trend", "profile", "compare", "targets", "map", "table", "other", "sources", "add")


@pytest.fixture
def app_db(dashboard_db, monkeypatch):
    """The shared read-only gold store, as the app's store."""
    monkeypatch.setenv("INDICATORS_DB", str(dashboard_db))
    return dashboard_db


@pytest.fixture
def conflict_db(dashboard_db, tmp_path, monkeypatch):
    """The gold store plus a bulletin that reports 株洲市's 2019 growth as 7.6% where the
    work report (014) said 8%: the bulletin must win, the report's 8% stay visible."""
    from indicators.records.model import Record

    path = tmp_path / "indicators.duckdb"
    shutil.copy(dashboard_db, path)
    text = "株洲市2019年国民经济和社会发展统计公报\n全年全市地区生产总值增长7.6%。"
    quote = "地区生产总值增长7.6%"
    start = text.index(quote)
    rec = Record(doc="zz-bulletin", region="株洲市", indicator="gdp_growth", kind="actual",
                 year=2019, value=7.6, unit="percent", qualifier="exact", quote=quote,
                 start=start, end=start + len(quote), rule_id="test")
    doc = store.Document("zz-bulletin", text, dt.date(2020, 3, 20), "株洲市", "test",
                         title="株洲市2019年国民经济和社会发展统计公报", issuer="株洲市统计局",
                         doc_type="bulletin")
    store.ingest([(doc, [rec])], path)
    monkeypatch.setenv("INDICATORS_DB", str(path))
    return path


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def new_app(**params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    return run(at)


def figure(at: AppTest, i: int = 0) -> dict:
    """The i-th chart's Vega-Lite spec as the browser gets it."""
    charts = at.get("vega_lite_chart")
    assert len(charts) > i, "no chart on the page"
    return json.loads(charts[i].proto.spec)


def has_chart(at: AppTest) -> bool:
    return bool(at.get("vega_lite_chart"))


def chart_rows(at: AppTest, i: int = 0, layer: int = 0) -> pd.DataFrame:
    """The rows one layer of a chart draws: inline, or a named dataset (Streamlit sends
    those apart, as Arrow)."""
    data = figure(at, i)["layer"][layer]["data"]
    if "values" in data:
        return pd.DataFrame(data["values"])
    named = {d.name: d.data.data for d in at.get("vega_lite_chart")[i].proto.datasets}
    return convert_arrow_bytes_to_pandas_df(named[data["name"]])


def values(v) -> list:
    return list(v)


def chart_traces(at: AppTest, i: int = 0) -> list[SimpleNamespace]:
    """A trend chart's series in legend order: name, years, values and line style."""
    spec, rows = figure(at, i), chart_rows(at, i)
    return [SimpleNamespace(name=n, x=list(rows.loc[rows["series"] == n, "x"]),
                            y=list(rows.loc[rows["series"] == n, "y"]),
                            style=rows.loc[rows["series"] == n, "style"].iat[0])
            for n in charts.series_names(spec)]


def y_title(at: AppTest, i: int = 0) -> str:
    return figure(at, i)["layer"][0]["encoding"]["y"]["title"]


def unescaped(markdown: str) -> str:
    """A message as the user reads it: the app escapes Markdown in text it did not write."""
    return re.sub(r"\\(.)", r"\1", markdown)


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success",
                                  "title", "subheader", "text") for e in getattr(at, kind)]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(str(p) for p in parts)


# ---------------------------------------------------------------- views


def test_landing_view_shows_the_province_and_the_cities(app_db, dashboard_gold):
    at = new_app()
    assert at.title[0].value == "湖南经济指标"
    # a readable handful: the province (and 全国 when stored), its Q4 figure its own series
    assert [tr.name for tr in chart_traces(at)] == ["湖南省", "湖南省 Q4"]
    assert figure(at)["title"]["subtitle"][0].startswith("来源：")  # for saved images
    # the latest year with city figures: 株洲市 8.0 and 永州市 7.5 in 2019, ranked, drawn as
    # plain HTML bars (one chart on the landing view)
    assert len(at.get("vega_lite_chart")) == 1
    strip = next(h.proto.body for h in at.get("html") if "排名" in h.proto.body)
    assert "2019年地区生产总值增长实际排名" in strip
    assert strip.index("第1位 株洲市") < strip.index("第2位 永州市") and "<script" not in strip
    n = sum(len(records) for _, records in dashboard_gold)
    assert f"共 {n:,} 条记录，来自 {len(dashboard_gold)} 份文件" in texts(at)


# Streamlit's front end (StreamlitMarkdown) loads remark-emoji and its 0.25 MB of emoji
# tables for any Markdown that matches this (its own test, copied from static/js)
EMOJI_CODE = re.compile(r":(?!material/|streamlit:)[\w+-][\w_+-]*:")


def test_landing_text_needs_no_emoji_tables(app_db):
    """The footer's update time is to the minute (``2026-12-01 04:58``): with seconds it
    held ``:58:``, an emoji code to Streamlit, and every visit fetched the emoji tables."""
    at = new_app()
    footer = next(c.value for c in at.caption if "数据库更新于" in c.value)
    assert re.search(r"数据库更新于 \d{4}-\d\d-\d\d \d\d:\d\d。", footer), footer
    assert not EMOJI_CODE.search(texts(at)), EMOJI_CODE.search(texts(at))


def test_trend_shows_every_city_one_click_away(app_db):
    at = new_app()
    at.toggle(key="all_cities").set_value(True)
    names = {tr.name for tr in chart_traces(run(at))}
    assert {"株洲市", "永州市", "怀化市", "益阳市", "湖南省"} <= names
    assert at.query_params["all"] == "1"


@pytest.mark.parametrize("view", VIEWS)
def test_every_view_renders(app_db, view):
    at = new_app(view=view)
    assert at.segmented_control(key="view").value == view
    if view in ("trend", "compare", "targets"):
        assert has_chart(at) or at.info
    if view == "map":
        assert at.get("vega_lite_chart") or at.info


def test_region_profile_levels_growth_rank_and_gap(app_db):
    at = new_app(view="profile", city="株洲市")
    assert at.subheader[0].value == "株洲市主要指标一览"
    table = at.dataframe[0].value.set_index("指标")
    gdp = table.loc["地区生产总值"]
    # 株洲市 2019: 3000亿元, 8%; 永州市 7.5% the same year, so 1st of the 2 reporting
    assert (gdp["总量"], gdp["增速"], gdp["位次"]) == ("超过3,000亿元", "8%", "1/2")
    at.session_state["profile_sel"] = {"selection": {"rows": [
        list(table.index).index("地区生产总值")], "columns": [], "cells": []}}
    body = texts(run(at))
    assert "<mark>" in body and "总量" in body and "增速" in body


def test_profile_of_a_region_without_core_figures_says_so(app_db):
    at = new_app(view="profile", city="张家界市")
    assert "张家界市没有核心指标数据" in texts(at)


def test_compare_ranks_regions_with_the_province_line(app_db):
    at = new_app(view="compare", ind="gdp_growth")
    at.selectbox(key="year").set_value(2019)
    spec = figure(run(at))
    assert spec["layer"][0]["mark"]["type"] == "bar"
    assert list(chart_rows(at)["label"]) == ["第1位 株洲市", "第2位 永州市"]
    assert dict(at.query_params).get("year") in (None, "2019")
    at = new_app(view="compare", ind="gdp_growth", city="湖南省", county="宜章县", year="2023")
    # 湖南省 4.6% in 2023: drawn as a dashed line, not ranked
    assert list(chart_rows(at)["label"]) == ["第1位 宜章县"]
    line = chart_rows(at, 0, layer=2)
    assert figure(at)["layer"][2]["mark"]["strokeDash"] and line["x"].tolist() == [4.6]
    assert chart_rows(at, 0, layer=3)["text"].tolist() == ["湖南省 4.6"]


def test_targets_view_is_one_year_at_a_time(app_db):
    at = new_app(view="targets", ind="gdp_growth", county="石峰区")
    assert at.selectbox(key="tyear").value == 2026
    table = at.dataframe[0].value
    assert table.iloc[0].tolist()[:2] == ["石峰区", 2026]
    assert "待公布" in table.iloc[0].tolist()  # 2026 target, no result yet


def vega(at: AppTest) -> dict:
    charts = at.get("vega_lite_chart")
    assert charts, "no map on the page"
    return json.loads(charts[0].proto.spec)


def test_map_fits_labels_cities_and_names_the_missing(app_db):
    at = new_app(view="map", ind="gdp_growth")
    at.selectbox(key="year").set_value(2019)
    spec = vega(run(at))
    assert spec["width"] == "container" and spec["projection"] == {"type": "mercator"}
    areas, labels = spec["layer"][0], spec["layer"][1]
    coloured = sorted(f["properties"]["name"] for f in areas["data"]["values"]
                      if f["properties"]["value"] is not None)
    assert coloured == ["株洲市", "永州市"] and len(labels["data"]["values"]) == 14
    assert "14个地区中有12个没有数据" in texts(at)


def test_map_shows_counties_when_one_city_is_chosen(app_db):
    at = new_app(view="map", ind="gdp_growth", city="株洲市")
    at.selectbox(key="year").set_value(2022)
    assert "株洲市各区县" in texts(run(at))
    areas = vega(at)["layer"][0]["data"]["values"]
    assert len(areas) == 9
    assert [f["properties"]["name"] for f in areas if f["properties"]["value"] is not None] \
        == ["醴陵市"]  # a county of 株洲市, though not picked


def test_map_says_no_data_for_this_filter(app_db):
    at = new_app(view="map", ind="gdp_growth", kind="target")
    assert not at.get("vega_lite_chart")
    assert "当前筛选下没有数据" in texts(at)


def test_table_row_selection_shows_the_source_passage(app_db):
    at = new_app(view="table", ind="gdp_growth", city="株洲市")
    table = at.dataframe[0].value
    assert list(table.columns[:6]) == ["地区", "指标", "年份", "时期", "类型", "数值"]
    assert "年份依据" in table.columns and "采用" in table.columns
    assert table.iloc[0]["数值"] == "8%" and table.iloc[0]["指标"] == "地区生产总值增长"
    at.session_state["table_sel"] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    body = texts(run(at))
    assert "<mark>地区生产总值增长 <b>8%</b></mark>" in body
    assert "原文出处" in body and "来源：" in body


def test_conflict_is_resolved_by_rule_and_shows_the_overruled_quote(conflict_db):
    at = new_app(view="table", ind="gdp_growth", city="株洲市")
    table = at.dataframe[0].value
    assert sorted(table["采用"]) == ["被覆盖", "采用"]
    chosen = table.index[table["采用"] == "采用"][0]
    assert table.loc[chosen, "数值"] == "7.6%"  # the bulletin over the work report
    at.session_state["table_sel"] = {"selection": {"rows": [int(chosen)], "columns": [],
                                                   "cells": []}}
    run(at)
    assert "按规则采用" in at.warning[0].value
    body = texts(at)
    assert "被覆盖：8%" in body and "<mark>地区生产总值增长 <b>8%</b></mark>" in body


def test_sources_are_citable(app_db, dashboard_gold):
    at = new_app(view="sources")
    docs = at.dataframe[0].value
    assert len(docs) == len(dashboard_gold)
    assert docs["记录数"].sum() == sum(len(records) for _, records in dashboard_gold)
    for col in ("文件", "发布机关", "发布日期", "所属地区", "网址", "引用"):
        assert col in docs.columns
    assert docs["引用"].str.startswith("来源：").all()


def test_other_figures_live_in_their_own_view(app_db):
    at = new_app(view="other")
    table = at.dataframe[0].value
    assert len(table) and "地区生产总值增长" not in set(table["指标"])
    assert "目录外" in texts(at)
    options = new_app().selectbox(key="ind").options
    assert options and not any(o.startswith("其他") for o in options)  # core first
    assert is_catalogue("gdp_growth") and not is_catalogue("amount")


# ---------------------------------------------------------------- filters


def test_city_filter(app_db):
    at = new_app()
    at.multiselect(key="city").set_value(["株洲市"])
    assert {tr.name for tr in chart_traces(run(at))} == {"株洲市", "湖南省", "湖南省 Q4"}


def test_city_picker_is_the_hierarchy_with_data_first(app_db):
    options = new_app().multiselect(key="city").options
    assert options[0] == "湖南省" and len(options) == 15
    with_data = set(queries.overview(app_db).regions)
    flags = [o in with_data for o in options[1:]]
    assert any(flags) and flags == sorted(flags, reverse=True)  # cities with data first
    assert "渑池县" not in options  # a Henan county in the gold store is never offered


def test_county_filter_lists_only_the_chosen_citys_counties(app_db):
    at = new_app(city="株洲市")
    options = at.multiselect(key="county").options
    assert "醴陵市" in options and "雨湖区" not in options and len(options) == 9
    at.multiselect(key="county").set_value(["醴陵市"])
    names = {tr.name for tr in chart_traces(run(at))}
    assert {"株洲市", "醴陵市"} <= names


def test_indicator_filter_and_units_in_axis(app_db):
    at = new_app(county=["湘潭县", "宜章县"], city="湖南省")
    at.selectbox(key="ind").set_value("gdp")
    run(at)
    assert y_title(at) == "地区生产总值 (亿元)"


def test_indicator_picker_is_grouped_and_bilingual(app_db):
    at = new_app()
    box = at.selectbox(key="ind")
    assert "经济总量｜地区生产总值增长 · GDP growth" in box.options
    assert box.options.index("经济总量｜地区生产总值 · GDP") < box.options.index(
        "经济总量｜地区生产总值增长 · GDP growth")


def test_year_range_filter(app_db):
    at = new_app(city="株洲市")
    at.slider(key="years").set_value((2019, 2020))
    years = {x for tr in chart_traces(run(at)) for x in values(tr.x)}
    assert years == {2019}


def test_kind_filter_and_empty_state(app_db):
    at = new_app()
    at.segmented_control(key="kind").set_value("target")
    run(at)
    assert not has_chart(at)
    assert "当前筛选下没有记录" in texts(at)
    assert "有“地区生产总值增长”记录的地区：" in texts(at)  # where to widen the filter
    at.multiselect(key="county").set_value(["石峰区"])
    traces = chart_traces(run(at))
    assert [tr.name for tr in traces] == ["石峰区（目标）"]
    assert traces[0].style == "target"  # drawn dashed
    assert figure(at)["layer"][0]["encoding"]["strokeDash"]["scale"]["range"][1] == [6, 4]


def test_language_switch_changes_labels_units_and_region_names(app_db):
    at = new_app(city="株洲市")
    at.segmented_control(key="lang").set_value("en")
    run(at)
    assert at.title[0].value == "Hunan economic indicators"
    assert at.multiselect(key="city").label == "City, province or nation"
    assert at.segmented_control(key="view").options[0] == "Trend"
    assert figure(at)["title"]["text"].startswith("GDP growth")
    assert {tr.name for tr in chart_traces(at)} == {"Zhuzhou", "Hunan", "Hunan Q4"}
    at.segmented_control(key="view").set_value("table")
    at.selectbox(key="ind").set_value("gdp")
    run(at)
    table = at.dataframe[0].value
    assert table.columns[0] == "Region" and table.iloc[0]["Region"] == "Zhuzhou"
    assert table.iloc[0]["Value"] == "3,000 CNY 100 m"
    at.segmented_control(key="view").set_value("add")
    run(at)
    assert at.button(key="preview").label == "Extract and preview"


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
    assert set(at.dataframe[0].value["Region"]) <= {"Xiangtan", "Zhuzhou", "Liling City"}


def test_url_follows_the_hand_mirrored_widgets(app_db):
    at = new_app()
    at.segmented_control(key="view").set_value("compare")
    at.selectbox(key="ind").set_value("gdp")
    at.segmented_control(key="kind").set_value("actual")
    params = dict(run(at).query_params)
    assert params["view"] == "compare" and params["ind"] == "gdp"
    assert params["kind"] == "actual"
    at.segmented_control(key="view").set_value("trend")
    assert "view" not in dict(run(at).query_params)  # defaults drop out of the link


def test_bad_url_values_fall_back_to_defaults(app_db):
    at = new_app(view="nope", ind="not_an_indicator", kind="maybe", city="火星市",
                 lang="<script>", year="x'; DROP TABLE records;--")
    assert at.segmented_control(key="view").value == "trend"
    assert at.selectbox(key="ind").value == "gdp_growth"
    assert at.multiselect(key="city").value == []
    assert at.segmented_control(key="lang").value == "zh"
    assert has_chart(at)


def test_reversed_years_give_an_ordered_slider_and_data(app_db):
    """Issue 8: ?years=2026&years=2018 gave a reversed slider and an empty view."""
    at = new_app(years=["2026", "2018"])
    assert at.slider(key="years").value == (2018, 2026)
    assert has_chart(at) and "当前筛选下没有记录" not in texts(at)
    at = new_app(years=["1900", "banana"])
    lo, hi = at.slider(key="years").value
    assert lo < hi and has_chart(at)


def test_busy_store_says_so_in_the_ui_language_without_paths(app_db, monkeypatch):
    def busy(*a, **k):
        raise store.StoreError(f"store is busy or unreadable: {app_db}: lock held by PID 4242")

    monkeypatch.setattr(queries, "overview", busy)
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "English"
    at.run()
    message = at.error[0].value
    assert "busy" in message and str(app_db) not in message and "4242" not in message
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert "数据库正忙" in at.error[0].value
    st.cache_data.clear()


# ---------------------------------------------------------------- downloads


def test_csv_download_has_every_indicator_in_display_units(app_db, downloads):
    at = new_app(view="table", city="株洲市", county="醴陵市")
    assert at.download_button(key="dl_csv").proto.deferred_file_id
    name = next(n for n in downloads if n.endswith(".csv"))
    assert name.startswith("株洲市等2地_全部指标_") and name.endswith(".csv")
    data = downloads[name]
    assert data.startswith(b"\xef\xbb\xbf")
    frame = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(frame.columns[:3]) == ["地区", "指标", "年份"]
    assert set(frame["地区"]) == {"株洲市", "醴陵市"}
    assert frame["指标"].nunique() > 1  # everything the filter selects, not one indicator
    span = f"{frame['年份'].min()}-{frame['年份'].max()}"
    assert name == f"株洲市等2地_全部指标_{span}.csv"  # the file name spans the data's years
    gdp = frame[(frame["指标"] == "地区生产总值") & (frame["地区"] == "株洲市")].iloc[0]
    assert gdp["数值（显示单位）"] == 3000 and gdp["显示单位"] == "亿元"
    assert gdp["数值（基本单位）"] == 3e11 and gdp["引用"].startswith("来源：")


def test_xlsx_download_dates_are_dates(app_db, downloads):
    new_app(lang="English", ind="gdp", county="湘潭县", years=["2020", "2024"])
    name = next(n for n in downloads if n.endswith(".xlsx"))
    assert name == "Xiangtan-County_all-indicators_2022.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(downloads[name]))
    assert wb.sheetnames == ["Data", "Sources", "Notes"]
    rows = list(wb["Data"].values)
    assert rows[0][:6] == ("Region", "Indicator", "Year", "Period", "Kind", "Value")
    gdp = next(r for r in rows[1:] if r[1] == "GDP")
    assert gdp[:6] == ("Xiangtan County", "GDP", 2022, None, "Actual", "572.6 CNY 100 m")
    header = rows[0]
    assert "Published" in header
    notes = {r[0]: r[1] for r in wb["Notes"].values}
    assert notes["Citation"].startswith("Hunan economic indicators")
    assert notes["  Years"] == "2022–2022"
    sources = list(wb["Sources"].values)
    assert sources[1][-1] == "023"


def test_xlsx_download_survives_a_form_feed_and_a_formula(writable_db, downloads):
    """Issue 8: one quote with a form feed broke the Excel download of every view."""
    text = "=HYPERLINK(\"http://x\")\f全市地区生产总值增长7.7%。\v"
    from indicators.records.model import Record
    from indicators.store.db import Document, ingest

    quote = "地区生产总值增长7.7%"
    start = text.index(quote)
    rec = Record(doc="=evil", region="娄底市", indicator="gdp_growth", kind="actual",
                 year=2022, value=7.7, unit="percent", qualifier="exact",
                 subject="@SUM(A1)", quote=text[start - 3:start + len(quote)],
                 start=start - 3, end=start + len(quote), rule_id="t")
    ingest([(Document("=evil", text, dt.date(2023, 3, 1), "娄底市", "test"), [rec])],
           writable_db)
    new_app(city="娄底市")
    name = next(n for n in downloads if n.endswith(".xlsx"))
    wb = openpyxl.load_workbook(io.BytesIO(downloads[name]))
    cells = [v for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row
             if isinstance(v, str)]
    assert any("7.7" in c for c in cells)
    assert not any(c[:1] in "=+@" or "\f" in c or "\v" in c for c in cells)
    csv = next(n for n in downloads if n.endswith(".csv"))
    assert b"\n=" not in downloads[csv] and b",=" not in downloads[csv]


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
    body = texts(at)
    assert "石峰区报告.txt：" in body and store.count_records(writable_db) == before
    assert "发布日期：2026-02-08（推断自：电头“2月8日,”" in body
    assert "所属地区：石峰区（推断自：正文）" in body
    at.button(key="confirm").click()
    run(at)
    assert "已写入数据库" in texts(at)
    assert store.count_records(writable_db) > before
    assert "石峰区报告" in queries.stored_hashes(writable_db)


def test_upload_with_a_corrected_date_lands_under_the_right_year(writable_db):
    page = "今年全市经济社会发展的主要预期目标是：地区生产总值增长6.5%左右。".encode()
    at = _upload(new_app(view="add"), [("娄底快讯.txt", page)])
    assert "找不到发布日期" in at.warning[0].value
    assert at.button(key="confirm").disabled  # a page without a date asks for one
    at.date_input(key="date_0").set_value(dt.date(2025, 1, 10))
    at.selectbox(key="region_0").set_value("娄底市")
    at.button(key="reextract_0").click()
    run(at)
    assert "发布日期：2025-01-10（由您指定）" in texts(at)
    assert not at.button(key="confirm").disabled
    at.button(key="confirm").click()
    run(at)
    recs = queries.query_records(queries.Filters(regions=("娄底市",)), writable_db)
    row = recs[recs["doc"] == "娄底快讯"].iloc[0]
    assert (row["year"], row["kind"], row["value"]) == (2025, "target", 6.5)


def test_file_names_are_text_never_markdown(writable_db):
    page = "2024年1月5日 全市地区生产总值增长5%。".encode()
    at = _upload(new_app(view="add"), [("[click](http://evil.example)![x](http://e/x.png).txt",
                                        page)])
    assert not any("evil.example" in m.value for m in at.markdown)
    assert any("evil.example" in t.value for t in at.text)


def test_unreadable_upload_changes_nothing(writable_db):
    token = store.version(writable_db)
    good = (store.PROJECT_ROOT / "seeds" / "004_90b9b8a56207ea22.txt").read_bytes()
    bad = b"PK\x03\x04\x00\x00\x08\x00" + bytes(range(256)) * 4
    at = _upload(new_app(view="add"), [("good.txt", good), ("report.txt", bad)])
    assert at.error and "report.txt" in unescaped(at.error[0].value)
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


def test_first_run_builds_the_store_from_the_bundled_corpus(tmp_path, monkeypatch):
    path = tmp_path / "fresh" / "indicators.duckdb"
    monkeypatch.setenv("INDICATORS_DB", str(path))
    at = new_app()
    assert store.count_records(path) > 0
    assert at.title and not at.error
    assert "全国" in at.multiselect(key="city").options
    assert [tr.name for tr in chart_traces(at)][:2] == ["全国", "全国（目标）"]


def test_ready_route_answers_503_while_the_server_warms_and_200_after(app_db, tmp_path,
                                                                      monkeypatch):
    """app.py's ``GET /api/ready`` (indicators.app.warmup.ready), what a proxy, the browser
    tests and bench/browser_timeline.py wait for; a warm-up that fails (an unreadable
    store) still ends it, and the first visitor gets the usual message."""
    import asyncio
    import threading

    from indicators.app import warmup

    monkeypatch.setattr(warmup, "READY", threading.Event())
    waiting = asyncio.run(warmup.ready(None))
    assert (waiting.status_code, waiting.body) == (503, b"warming")
    warmup.warm_in_background(str(app_db)).join(timeout=120)
    answer = asyncio.run(warmup.ready(None))
    assert (answer.status_code, answer.body) == (200, b"ok")

    monkeypatch.setattr(warmup, "READY", threading.Event())
    broken = tmp_path / "indicators.duckdb"
    broken.write_bytes(b"not a database" * 100)
    warmup.warm_in_background(str(broken)).join(timeout=60)
    assert asyncio.run(warmup.ready(None)).status_code == 200
