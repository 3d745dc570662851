"""Pure view functions: regions, series and the conflict rule, figures, the profile, the map,
tables, exports (safe cells, real dates), units, English names, uploads. Cases are small
frames written here; the bad cells come from the defects of issue 8 (formula injection, a
form feed in a quote)."""
from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import math
import re
import subprocess
import sys

import openpyxl
import pandas as pd
import pytest

from indicators.dashboard import (
    charts,
    display,
    exports,
    geo,
    i18n,
    mapview,
    profile,
    ranking,
    region_names,
    resolve,
    tables,
    uploads,
    views,
)
from indicators.records import regions
from indicators.store import db as store


def frame(rows: list[dict]) -> pd.DataFrame:
    """A records frame as queries.query_records returns it, from partial rows."""
    base = dict(region="长沙市", indicator="gdp_growth", kind="actual", year=2024, period=None,
                value=5.0, unit="percent", qualifier="exact", subject=None, doc="d",
                date=dt.date(2025, 1, 1), quote="增长5%", start=0, end=4, rule_id="r",
                n_sources=1, conflict=False)
    return pd.DataFrame([{**base, **r} for r in rows])


# ---------------------------------------------------------------- regions


def test_region_tree_offers_hunan_hierarchy():
    tree = views.region_tree({"株洲市": 3, "全国": 1, "广东省": 2, "黑龙江省": 1})
    # 全国 → 湖南省 → the cities with data first; other provinces never offered
    assert tree.top[:4] == ["全国", "湖南省", "株洲市", "长沙市"] and len(tree.top) == 16
    assert "广东省" not in tree.top and "黑龙江省" not in tree.top
    assert tree.trend_default == ["全国", "湖南省"]
    assert tree.trend_selection([], []) == ("全国", "湖南省")
    assert tree.trend_selection(["长沙市"], []) == ("长沙市", "湖南省")
    assert len(tree.trend_selection([], [], everything=True)) == 16
    assert len(tree.default) == 15 and tree.default[0] == "湖南省"
    assert len(tree.county_options([])) == 122
    assert tree.county_options(["湘潭市"]) == ["雨湖区", "岳塘区", "湘潭县", "湘乡市", "韶山市"]
    assert tree.selection([], []) == tuple(tree.default)
    assert tree.selection(["湘潭市"], ["韶山市", "湘潭市"]) == ("湘潭市", "韶山市")
    assert "全国" not in views.region_tree({}).top
    # a store of city reports only (the 1,000,000-record benchmark) opens on a city's trend
    cities_only = views.region_tree({"株洲市": 3, "醴陵市": 2})
    assert cities_only.trend_default == ["株洲市"]
    assert cities_only.trend_selection(["长沙市"], []) == ("长沙市",)
    assert views.region_tree({}).trend_default == ["湖南省"]


# ---------------------------------------------------------------- series


def test_series_prefers_the_latest_source_and_keeps_the_other_value():
    recs = frame([
        dict(value=5.0, doc="old", date=dt.date(2024, 3, 1), conflict=True),
        dict(value=5.2, doc="new", date=dt.date(2025, 2, 1), conflict=True),
        dict(region="株洲市", value=4.0, n_sources=2), dict(region="株洲市", value=4.0,
                                                           doc="e", n_sources=2),
    ])
    s = views.series(recs).set_index("region")
    assert s.loc["长沙市", "value"] == 5.2 and s.loc["长沙市", "others"] == [5.0]
    assert s.loc["长沙市", "conflict"] and s.loc["株洲市", "n_sources"] == 2
    assert len(s) == 2


def test_conflicts_resolved_by_rule_final_and_bulletin_win():
    """最终核实 over 初步核算 whatever the dates; a bulletin over news; the loser is kept."""
    recs = frame([
        dict(value=4.5, doc="prelim", quote="初步核算，增长4.5%", conflict=True,
             date=dt.date(2025, 3, 1), doc_type="bulletin"),
        dict(value=4.7, doc="final", quote="最终核实，增长4.7%", conflict=True,
             date=dt.date(2024, 12, 1), doc_type="bulletin"),
        dict(region="株洲市", value=6.0, doc="news", conflict=True, date=dt.date(2025, 5, 1),
             doc_type="news"),
        dict(region="株洲市", value=5.8, doc="bul", conflict=True, date=dt.date(2025, 4, 1),
             doc_type="bulletin"),
    ])
    s = views.series(recs).set_index("region")
    assert s.loc["长沙市", "value"] == 4.7 and s.loc["长沙市", "others"] == [4.5]
    assert s.loc["株洲市", "value"] == 5.8 and s.loc["株洲市", "others"] == [6.0]
    marked = resolve.mark_chosen(recs)
    assert marked["chosen"].tolist() == [False, True, False, True]
    lost = resolve.overruled(recs, recs.iloc[1])
    assert lost["doc"].tolist() == ["prelim"] and "初步核算" in lost["quote"].iat[0]
    table = tables.table_frame(recs, "zh")
    assert table["采用"].tolist() == ["被覆盖", "采用", "被覆盖", "采用"]


def test_series_of_nothing_is_empty():
    assert views.series(frame([]).iloc[0:0]).empty


# ---------------------------------------------------------------- figures


def series_rows(spec: dict) -> dict[str, list[dict]]:
    """A trend spec's points by series, in legend order."""
    rows = spec["datasets"]["points"]
    assert all(layer["data"] == {"name": "points"} for layer in spec["layer"])  # sent once
    return {n: [r for r in rows if r["series"] == n] for n in charts.series_names(spec)}


def colour_of(spec: dict, name: str) -> str:
    scale = spec["layer"][0]["encoding"]["color"]["scale"]
    return scale["range"][scale["domain"].index(name)]


def test_trend_lines_per_region_targets_dashed_units_in_axis():
    recs = frame([dict(year=2023), dict(year=2024, value=5.5),
                  dict(kind="target", year=2025, value=6.0, qualifier="approx"),
                  dict(region="湖南省", year=2024, value=4.8),
                  dict(period="1-11", value=3.0)])
    recs = pd.concat([recs, frame([dict(period="2021-2025", kind="target", value=6.5)])])
    s = views.series(recs)
    spec = charts.trend_spec(s, "gdp_growth", "zh")
    lines = series_rows(spec)
    # the cumulative 1–11月 figure is its own dotted series; the plan span is not plotted
    assert list(lines) == ["湖南省", "长沙市", "长沙市（目标）", "长沙市 1–11月"]
    styles = {n: {r["style"] for r in rows} for n, rows in lines.items()}
    assert styles["长沙市（目标）"] == {"target"} and styles["长沙市"] == {"actual"}
    assert styles["长沙市 1–11月"] == {"part"} and [r["y"] for r in lines["长沙市 1–11月"]] == [3.0]
    dash = spec["layer"][0]["encoding"]["strokeDash"]["scale"]
    assert dict(zip(dash["domain"], dash["range"], strict=True)) == charts.DASHES
    assert colour_of(spec, "长沙市") == colour_of(spec, "长沙市（目标）") == display.CITY_COLOURS[0]
    assert colour_of(spec, "湖南省") == display.PROVINCE_COLOUR
    assert spec["layer"][0]["encoding"]["y"]["title"] == "地区生产总值增长 (%)"
    assert lines["长沙市（目标）"][0]["value_text"] == "6%左右"
    assert views.partial_count(s, "gdp_growth") == 1
    en = charts.trend_spec(s, "gdp_growth", "en")
    assert charts.series_names(en)[-1] == "Changsha Jan–Nov"


def test_trend_marks_conflicts():
    recs = frame([dict(value=5.0, conflict=True, doc="a"),
                  dict(value=5.2, conflict=True, doc="b", date=dt.date(2025, 6, 1))])
    spec = charts.trend_spec(views.series(recs), "gdp_growth", "en")
    point = spec["datasets"]["points"][0]
    assert point["shape"] == charts.CROSS and point["size"] > 50
    assert point["conflict_text"] == "Conflicting values: also 5%"
    assert {"field": "conflict_text", "type": "nominal", "title": "Conflict"} in \
        spec["layer"][1]["encoding"]["tooltip"]


def test_subjects_from_documents_are_text_never_markup():
    recs = frame([dict(subject="<img src=x onerror=alert(1)>园区")])
    spec = charts.trend_spec(views.series(recs), "gdp_growth", "zh")
    assert charts.series_names(spec) == ["长沙市·<img src=x onerror=alert(1)>园区"]
    assert "html" not in json.dumps(spec["layer"][1]["encoding"]["tooltip"])


def test_money_in_yi_yuan():
    recs = frame([dict(indicator="gdp", unit="yuan", value=3.9271e11)])
    spec = charts.trend_spec(views.series(recs), "gdp", "zh")
    assert spec["layer"][0]["encoding"]["y"]["title"] == "地区生产总值 (亿元)"
    assert math.isclose(spec["datasets"]["points"][0]["y"], 3927.1)


def test_compare_ranks_best_first_and_ceilings_lowest_first():
    recs = frame([dict(region=r, value=v) for r, v in (("长沙市", 5.0), ("株洲市", 6.1),
                                                       ("湘潭市", 4.2))])
    ranked = views.compare_frame(views.series(recs), "gdp_growth", 2024)
    assert list(ranked["region"]) == ["株洲市", "长沙市", "湘潭市"]
    cpi = views.series(recs.assign(indicator="cpi_growth"))
    assert list(views.compare_frame(cpi, "cpi_growth", 2024)["region"])[0] == "湘潭市"
    spec = charts.compare_spec(ranked, "gdp_growth", 2024, "en")
    assert spec["title"]["text"] == "GDP growth, 2024 Actual: ranking"
    assert [r["label"] for r in spec["layer"][0]["data"]["values"]] == ["#1 Zhuzhou",
                                                                        "#2 Changsha",
                                                            "#3 Xiangtan"]
    assert spec["layer"][0]["encoding"]["y"]["sort"] is None  # ranked order, not alphabetical


def test_compare_draws_the_province_line_and_does_not_rank_it():
    recs = frame([dict(region=r, value=v) for r, v in (("长沙市", 5.0), ("株洲市", 6.1),
                                                       ("湖南省", 5.3))])
    s = views.series(recs)
    ranked = views.compare_frame(s, "gdp_growth", 2024)
    assert list(ranked["region"]) == ["株洲市", "长沙市"] and list(ranked["rank"]) == [1, 2]
    province = views.reference_value(s, "gdp_growth", 2024, "actual", "percent")
    spec = charts.compare_spec(ranked, "gdp_growth", 2024, "zh", province)
    rule, label = spec["layer"][2], spec["layer"][3]
    assert province == 5.3 and rule["mark"]["type"] == "rule"
    assert rule["data"]["values"][0]["x"] == 5.3 and rule["mark"]["strokeDash"] == [6, 4]
    assert label["data"]["values"][0]["text"] == "湖南省 5.3"
    assert [r["label"] for r in spec["layer"][0]["data"]["values"]] == ["第1位 株洲市",
                                                                        "第2位 长沙市"]


def test_compare_uses_targets_when_no_result_yet():
    recs = frame([dict(kind="target", year=2026, value=6.0)])
    s = views.series(recs)
    assert views.pick_kind(s, "gdp_growth", 2026) == "target"
    assert views.compare_frame(s, "gdp_growth", 2026)["kind"].tolist() == ["target"]


def test_targets_gap_and_status():
    recs = frame([
        dict(kind="target", year=2024, value=6.0), dict(year=2024, value=5.5),
        dict(region="株洲市", kind="target", year=2024, value=5.0),
        dict(region="株洲市", year=2024, value=5.4),
        dict(region="湘潭市", kind="target", year=2026, value=5.5),
    ])
    s = views.series(recs)
    assert views.target_years(s, "gdp_growth") == [2026, 2024]
    assert views.targets_frame(s, "gdp_growth", 2026)["region"].tolist() == ["湘潭市"]
    tf = views.targets_frame(s, "gdp_growth").set_index("region")
    assert tf.loc["长沙市", "status"] == "missed" and tf.loc["长沙市", "gap"] == -0.5
    assert tf.loc["株洲市", "status"] == "met"
    assert tf.loc["湘潭市", "status"] == "pending"
    spec = charts.targets_spec(tf.reset_index(), "gdp_growth", "zh")
    points = spec["layer"][1]["data"]["values"]
    assert [p["which"] for p in points[:2]] == ["目标", "实际"]
    assert {p["status"] for p in points} == {"目标", "达成", "未达成"}  # 湘潭市: no result yet
    assert len(spec["layer"][0]["data"]["values"]) == 2  # target–result spans
    shown = tables.targets_table(tf.reset_index(), "gdp_growth", "zh").set_index("地区")
    assert shown.loc["长沙市", ["目标", "实际", "差距 (%)", "是否达成"]].tolist() == [
        "6%", "5.5%", "-0.5", "未达成"]
    assert shown.loc["湘潭市", "是否达成"] == "待公布"


def test_ceiling_targets_are_met_from_below():
    recs = frame([dict(indicator="cpi_growth", kind="target", value=3.0, qualifier="approx"),
                  dict(indicator="cpi_growth", value=0.3),
                  dict(region="株洲市", indicator="unemployment_rate", kind="target", value=5.5,
                       qualifier="at_most"),
                  dict(region="株洲市", indicator="unemployment_rate", value=5.8)])
    s = views.series(recs)
    assert views.targets_frame(s, "cpi_growth")["status"].tolist() == ["met"]
    assert views.targets_frame(s, "unemployment_rate")["status"].tolist() == ["missed"]


def test_map_fits_labels_and_greys_missing_cities():
    recs = frame([dict(region="长沙市", value=5.0), dict(region="株洲市", value=4.0),
                  dict(region="石峰区", value=3.0)])
    collection, city = mapview.map_scope(["长沙市", "株洲市"])
    assert city is None and len(collection["features"]) == 14
    names = geo.names(collection)
    rows = mapview.map_rows(views.series(recs), "gdp_growth", 2024, names, "actual")
    assert sorted(rows["region"]) == ["株洲市", "长沙市"]
    spec = mapview.map_chart(rows, "gdp_growth", 2024, "actual", collection, "en").to_dict()
    # width follows the container and the projection is fitted to the features (no scale
    # or centre set), so the province fits any width; no URL data, so nothing is fetched
    assert spec["width"] == "container" and spec["projection"] == {"type": "mercator"}
    areas, labels = spec["layer"][0], spec["layer"][1]
    assert "url" not in areas["data"] and len(areas["data"]["values"]) == 14
    assert sorted(v["name"] for v in labels["data"]["values"])[:2] == ["Changde", "Changsha"]
    greys = [f for f in areas["data"]["values"] if f["properties"]["value"] is None]
    assert len(greys) == 12 and greys[0]["properties"]["text"] == "no data"
    assert len(mapview.missing(rows, names)) == 12
    counties, city = mapview.map_scope(["株洲市"])
    assert city == "株洲市" and "石峰区" in geo.names(counties)
    none = mapview.map_rows(views.series(recs), "gdp", 2024, names, "actual")
    assert none.empty  # the app says "no data for this filter" instead of a grey map


def test_figures_survive_empty_input():
    empty = views.series(frame([]).iloc[0:0])
    assert charts.trend_spec(empty, "gdp", "zh")["layer"][0]["data"]["values"] == [
        {"text": "无数据"}]
    assert not views.compare_frame(empty, "gdp", 2024).shape[0]
    assert views.targets_frame(empty, "gdp").empty


# ---------------------------------------------------------------- geography, colours, units


def test_boundaries_match_the_gazetteer():
    assert sorted(geo.names(geo.cities())) == sorted(r.name for r in regions.hunan_prefectures())
    assert sorted(geo.names(geo.counties())) == sorted(r.name for r in regions.hunan_counties())
    for city in regions.hunan_prefectures():
        assert sorted(geo.names(geo.counties(city.name))) == sorted(
            r.name for r in regions.hunan_counties(city.name)), city.name


def _lab(hex_colour: str) -> tuple[float, float, float]:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = (((c + 0.055) / 1.055) ** 2.4 if c > 0.04045 else c / 12.92 for c in (r, g, b))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    f = [c ** (1 / 3) if c > 0.008856 else 7.787 * c + 16 / 116 for c in (x, y, z)]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def test_fourteen_distinguishable_city_colours():
    colours = [*display.CITY_COLOURS, display.PROVINCE_COLOUR, display.NATION_COLOUR]
    assert len(set(display.CITY_COLOURS)) == 14
    closest = min(math.dist(_lab(a), _lab(b)) for a, b in itertools.combinations(colours, 2))
    assert closest > 30
    mapping = display.region_colours([r.name for r in regions.hunan_prefectures()])
    assert len(set(mapping.values())) == 14


@pytest.mark.parametrize("value, unit, indicator, zh, en", [
    (392700000000, "yuan", "gdp", "3,927亿元", "3,927 CNY 100 m"),
    (5.5, "percent", "gdp_growth", "5.5%", "5.5%"),
    (25, "count", "high_tech_enterprises_new", "25家", "25 firms"),
    (62000, "persons", "new_urban_jobs", "6.2万人", "6.2 10k persons"),
    (3050000, "tonnes", "grain_output", "305万吨", "305 10k t"),
    (3800, "yuan", "gdp_per_capita", "3,800元", "3,800 CNY"),
])
def test_value_formats(value, unit, indicator, zh, en):
    assert display.format_value(value, unit, "zh", indicator) == zh
    assert display.format_value(value, unit, "en", indicator) == en


# ---------------------------------------------------------------- tables and passages


def test_table_has_localized_headers_in_both_languages():
    recs = frame([dict(qualifier="approx", kind="target", value=5.5, quote="增长5.5%左右")])
    zh, en = tables.table_frame(recs, "zh"), tables.table_frame(recs, "en")
    assert list(zh.columns[:6]) == ["地区", "指标", "年份", "时期", "类型", "数值"]
    assert list(en.columns[:6]) == ["Region", "Indicator", "Year", "Period", "Kind", "Value"]
    assert zh.iloc[0][["指标", "类型", "数值", "限定"]].tolist() == ["地区生产总值增长", "目标",
                                                                   "5.5%", "左右"]
    assert en.iloc[0]["Qualifier"] == "approx."


def test_passage_highlights_the_number_and_escapes_html():
    text = "前文<script>x</script>，全市规模以上工业增加值增长9.5%左右，后文"
    start = text.index("规模")
    quote = "规模以上工业增加值增长9.5%左右"
    out = tables.passage_html(text, start, start + len(quote), context=40)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "<mark>规模以上工业增加值增长<b>9.5%</b>左右</mark>" in out


# ---------------------------------------------------------------- exports


def test_csv_round_trip_with_bom():
    table = tables.table_frame(frame([dict(region="湘西土家族苗族自治州")]), "zh")
    data = exports.csv_bytes(table)
    assert data[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert back.loc[0, "地区"] == "湘西土家族苗族自治州" and back.loc[0, "数值"] == "5%"


def test_xlsx_has_data_sources_and_notes():
    table = tables.table_frame(frame([{}]), "zh")
    sources = pd.DataFrame({"文件": ["d"], "发布日期": [dt.date(2025, 1, 1)]})
    notes = exports.notes_rows([("地区", "长沙市")], "2026-01-01T00:00:00", "2026-01-02 08:00",
                               1, "引用行", "zh")
    wb = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(table, sources, notes, "zh")))
    assert wb.sheetnames == ["数据", "来源", "说明"]
    assert next(wb["数据"].values)[0] == "地区" and wb["数据"].freeze_panes == "A2"
    assert ("引用", "引用行") in list(wb["说明"].values)
    # dates are Excel dates, not text
    assert wb["来源"]["B2"].value == dt.datetime(2025, 1, 1)
    assert wb["来源"]["B2"].number_format == "yyyy-mm-dd"
    header = next(wb["数据"].values)
    cell = wb["数据"].cell(row=2, column=header.index("发布日期") + 1)
    assert cell.value == dt.datetime(2025, 1, 1) and cell.is_date


def test_downloads_never_start_a_formula_nor_carry_control_characters():
    """Issue 8: =HYPERLINK from subjects, quotes and names; a form feed in one quote broke
    the whole Excel download."""
    recs = frame([dict(subject='=HYPERLINK("http://x"&A2,"点此")', quote="增长\f5%\v\a",
                       doc="@doc", value=-2.1, title="+标题")])
    table = tables.table_frame(recs, "zh")
    data = exports.csv_bytes(table).decode("utf-8-sig")
    assert "\f" not in data and "\v" not in data and "\a" not in data
    back = pd.read_csv(io.StringIO(data))
    assert back.loc[0, "对象"].startswith("\'=HYPERLINK")
    assert back.loc[0, "文件"] == "\'+标题" and back.loc[0, "库内名称"] == "\'@doc"
    assert back.loc[0, "数值（基本单位）"] == -2.1  # numbers stay numbers
    wb = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(
        table, pd.DataFrame({"t": ["-x"]}), [("a", "=1+1")], "zh")))
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                assert not (isinstance(v, str) and v[:1] in "=+-@"), v


def test_table_has_display_and_base_units_dates_and_citations():
    recs = frame([dict(indicator="gdp", unit="yuan", value=3.9271e11, title="长沙市2022年国民经济"
                       "和社会发展统计公报", issuer="长沙市统计局", date=dt.date(2023, 4, 7),
                       url="http://x", evidence="句中“2022年”"),
                  dict(indicator="gdp", unit="yuan", value=1.2e9, region="株洲市")])
    t = tables.table_frame(recs, "zh").iloc[0]
    assert t["数值（显示单位）"] == 3927.1 and t["显示单位"] == "亿元"
    assert t["数值（基本单位）"] == 3.9271e11 and t["单位"] == "yuan"
    assert t["发布日期"] == dt.date(2023, 4, 7) and t["年份依据"] == "句中“2022年”"
    assert t["引用"] == "来源：长沙市统计局《长沙市2022年国民经济和社会发展统计公报》，2023-04-07"
    # one scale per indicator across rows, so a column of numbers shares one unit
    assert tables.table_frame(recs, "en")["Display unit"].tolist() == ["CNY 100 m"] * 2


def test_file_names_say_what_is_inside():
    default = views.region_tree({}).default
    label = exports.selection_label(default, default, "zh")
    assert exports.export_name(label, "地区生产总值增长", (2022, 2026), "csv") == \
        "湖南_地区生产总值增长_2022-2026.csv"
    assert exports.selection_label(["长沙市"], default, "zh") == "长沙市"
    two = exports.selection_label(["长沙市", "株洲市"], default, "en")
    assert two == "Changsha and others (2 regions)"
    assert exports.export_name("a/b", "x: y", None, "xlsx") == "a-b_x-y.xlsx"
    assert exports.data_span([2019, 1979, 2026]) == (1979, 2026)


# ---------------------------------------------------------------- wording and purity


def test_english_region_names_cover_hunan():
    """From the gazetteer's names, one for each of the 14 cities and 122 counties."""
    for r in [*regions.hunan_prefectures(), *regions.hunan_counties()]:
        en = region_names.english_name(r.name)
        assert en != r.name and re.fullmatch(r"[A-Z][a-z]+( [A-Za-z]+)*", en), (r.name, en)
    names = [region_names.english_name(r.name) for r in regions.hunan_counties()]
    assert len(set(names)) == 122
    assert display.region_label("全国", "en") == "China"


def test_profile_levels_growth_targets_ranks_and_gap():
    cities = [r.name for r in regions.hunan_prefectures()]
    recs = frame([
        dict(region="株洲市", indicator="gdp", unit="yuan", value=3.6e11),
        dict(region="株洲市", value=5.5), dict(region="株洲市", kind="target", value=6.0),
        dict(region="长沙市", value=4.8), dict(region="湘潭市", value=6.0),
        dict(region="湖南省", value=5.3),
        dict(region="株洲市", indicator="cpi_growth", value=0.4),
        dict(region="长沙市", indicator="cpi_growth", value=0.1),
    ])
    rows = profile.profile_rows(views.series(recs), "株洲市", 2024, cities)
    gdp = next(r for r in rows if r["key"] == "gdp")
    assert gdp["level"]["value"] == 3.6e11 and gdp["growth"]["value"] == 5.5
    assert gdp["rank"] == (2, 3) and gdp["province"]["value"] == 5.3
    cpi = next(r for r in rows if r["key"] == "cpi_growth")
    assert cpi["rank"] == (2, 2)  # a ceiling: lower is better
    shown = profile.profile_frame(rows, "zh").set_index("指标")
    assert shown.loc["地区生产总值"].tolist() == ["3,600亿元", "5.5%", "6%", "未达成", "2/3",
                                                 "5.3%", "+0.2个百分点"]
    assert [label for label, _ in profile.cells_of(gdp)] == ["col.level", "col.growth",
                                                             "col.target", "col.province"]
    assert profile.profile_frame(rows, "en").columns[0] == "Indicator"


def test_upload_preview_shows_inferred_date_and_lets_the_user_correct_it():
    text = "政府工作报告\n——2024年1月24日在湖南省第十四届人民代表大会第二次会议上\n" \
           "今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右。"
    p = uploads.extract_upload("湖南 报告.txt", text, "upload")
    assert p.date == dt.date(2024, 1, 24) and p.date_evidence and p.given_date is None
    assert p.doc == "湖南_报告" and not p.needs_date
    assert [(r.year, r.kind) for r in p.records] == [(2024, "target")]
    fixed = uploads.reextract(p, dt.date(2025, 1, 20), "湖南省")
    assert fixed.given_date == dt.date(2025, 1, 20) and fixed.date_evidence is None
    assert [(r.year, r.kind) for r in fixed.records] == [(2025, "target")]
    undated = uploads.extract_upload("x.txt", "今年主要预期目标：地区生产总值增长6%左右。",
                                     "paste")
    assert undated.needs_date
    assert uploads.doc_name("![a](http://e/x.png).txt") == "x.png)"


def test_every_message_exists_in_both_languages_with_the_same_fields():
    for key in i18n.keys():
        zh, en = i18n.t(key, "zh"), i18n.t(key, "en")
        if key != "q.exact":
            assert zh and en, key
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key


def test_library_never_imports_streamlit():
    code = ("import sys, indicators.dashboard.views, indicators.dashboard.tables, "
            "indicators.dashboard.exports, indicators.store.db, indicators.store.queries, "
            "indicators.dashboard.geo, indicators.dashboard.display, indicators.store.commands, "
            "indicators.dashboard.mapview, indicators.dashboard.profile, "
            "indicators.dashboard.charts, indicators.dashboard.reviewing, "
            "indicators.dashboard.uploads, indicators.dashboard.resolve; "
            "assert 'streamlit' not in sys.modules, 'streamlit imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=store.PROJECT_ROOT)


def test_landing_ranking_is_escaped_html_bars_with_the_province_mark():
    recs = frame([dict(region="长沙市", value=5.0),
                  dict(region="株洲市", value=6.1, subject="<script>alert(1)</script>"),
                  dict(region="湖南省", value=5.3)])
    s = views.series(recs)
    ranked = views.compare_frame(s, "gdp_growth", 2024)
    out = ranking.ranking_html(ranked, "gdp_growth", 2024, "zh",
                               views.reference_value(s, "gdp_growth", 2024, "actual", "percent"))
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert out.index("第1位 株洲市") < out.index("第2位 长沙市")
    assert "湖南省 5.3" in out and out.count("dashed") == 2  # the province on every bar
