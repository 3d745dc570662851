"""Figures over several years, from the grammar of the span phrases (context/plans.py,
context/document.py, rules/pairing.py): a total with 累计/共计 after a span phrase, growth
over a base year that (下同) carries, an average rate from 十三五末 or from a stated year up
to a later year, and a heading that ends what a paragraph's head year carries.

The sentences are written for these tests from the catalogue's rules (CATALOGUE.md: 年均增长
over a plan period names the span, `year` its last year); none is copied from a page.
"""
from __future__ import annotations

import datetime as dt

import pytest

from indicators.extract import extract_text

REPORT = "攸县人民政府工作报告\n一、过去五年工作回顾\n"


def _records(body: str, date: str, head: str = REPORT) -> dict[tuple[str, float], object]:
    out = extract_text(head + body, doc="t", date=dt.date.fromisoformat(date), region="攸县")
    return {(r.indicator, r.value): r for r in out.records}


@pytest.mark.parametrize("body, date, key, span", [
    ("2020年全县生产总值210亿元。五年累计完成固定资产投资812.5亿元,年均增长9.2%。",
     "2021-01-18", ("fixed_asset_investment", 81_250_000_000), "2016-2020"),
    ("近三年共完成固定资产投资1500亿元。", "2024-01-10",
     ("fixed_asset_investment", 150_000_000_000), "2021-2023"),
    ("三年来,全区累计完成社会消费品零售总额420亿元。", "2023-02-01",
     ("retail_sales", 42_000_000_000), None),  # 累计 after the comma: 三年来 alone is no sum
])
def test_a_total_after_a_span_phrase_with_a_sum_word_covers_the_span(body, date, key, span):
    rec = _records(body, date)[key]
    assert rec.period == span
    if span:
        assert rec.year == int(span[-4:]) and "期间" in rec.evidence


def test_a_year_named_after_the_span_phrase_dates_the_total():
    rec = _records("五年累计,2020年完成固定资产投资300亿元。", "2021-01-18")[
        ("fixed_asset_investment", 30_000_000_000)]
    assert (rec.year, rec.period) == (2020, None)


def test_a_base_year_with_xiatong_carries_to_the_following_rates():
    recs = _records("2018年,全县生产总值260亿元,比2015年(下同)增长31.2%;财政总收入18亿元,"
                    "增长40.5%;社会消费品零售总额95亿元,比上年增长10.1%。", "2018-12-20")
    assert recs[("gdp_growth", 31.2)].period == "2016-2018"
    assert recs[("fiscal_revenue_total_growth", 40.5)].period == "2016-2018"
    # a rate that names its own base keeps it
    assert recs[("retail_sales_growth", 10.1)].period is None


def test_without_xiatong_a_base_year_stays_with_its_own_rate():
    recs = _records("2018年,全县生产总值260亿元,比2015年增长31.2%;财政总收入18亿元,"
                    "增长12.5%。", "2018-12-20")
    assert recs[("gdp_growth", 31.2)].period == "2016-2018"
    assert recs[("fiscal_revenue_total_growth", 12.5)].period is None


@pytest.mark.parametrize("body, date, key, span", [
    ("全市地区生产总值从“十三五”末的1800亿元增长到2025年的2400亿元,年均增长5.9%。",
     "2026-01-20", ("gdp_growth", 5.9), "2021-2025"),
    ("全市地区生产总值由2015年的900亿元增加到2020年的1300亿元,年均增长7.6%。",
     "2021-01-20", ("gdp_growth", 7.6), "2016-2020"),
    # a point of a plan is no span: the span phrase before it decides
    ("五年来,“十四五”开局良好。全县一般公共预算收入年均增长6.3%。", "2022-01-15",
     ("fiscal_revenue_growth", 6.3), "2017-2021"),
])
def test_an_average_rate_covers_the_span_its_sentence_names(body, date, key, span):
    rec = _records(body, date)[key]
    assert (rec.period, rec.year) == (span, int(span[-4:]))


def test_a_span_that_goes_on_past_its_end_year_is_not_the_rate_s():
    rec = _records("“十四五”期间,一般公共预算收入从2020年的10亿元增加到2024年的13亿元,"
                   "2025年预计达到14亿元,预计年均增长7%。", "2025-12-20")[
        ("fiscal_revenue_growth", 7.0)]
    assert rec.period == "2021-2025"


def test_a_heading_ends_what_a_paragraph_head_year_carries():
    bulletin = "2023年攸县国民经济和社会发展统计公报\n"
    body = ("一、农业 2022年,全区粮食播种面积3.1万亩。全年农林牧渔业总产值8.1亿元,增长3.0%。"
            " 二、工业 全年规模以上工业增加值61.2亿元,同比增长4.6%。")
    recs = _records(body, "2024-03-20", head=bulletin)
    assert recs[("industrial_va", 6_120_000_000)].year == 2023


def test_an_average_before_its_name_in_a_plan_target_covers_the_plan():
    recs = _records("“十五”期间年均经济增长速度预期目标为7%左右。", "2001-03-05",
                    head="二〇〇一年国务院政府工作报告\n")
    rec = recs[("gdp_growth", 7.0)]
    assert (rec.kind, rec.period, rec.year) == ("target", "2001-2005", 2005)


def test_a_plan_named_in_a_comparison_is_not_the_span():
    recs = _records("“十一五”时期,全县生产总值年均增长12.2%,比“十五”时期高3.2个百分点;"
                    "财政总收入年均增长18.2%。", "2011-01-10")
    assert recs[("fiscal_revenue_total_growth", 18.2)].period == "2006-2010"


# --- which span phrase reaches a figure ---------------------------------------------------


@pytest.mark.parametrize("body, date, key, span", [
    # a year-to-year range written with 年 on both ends spans the years after the first
    ("2019年至2024年,全县地区生产总值由150亿元增加到210亿元,年均增长7.0%。", "2025-02-01",
     ("gdp_growth", 7.0), "2020-2024"),
    # a chain passes over the thresholds it crossed on the way
    ("2020年至2024年,全县地区生产总值由180亿元增加到251亿元,连续跨越200亿元和250亿元台阶,"
     "年均增长8.7%。", "2025-02-01", ("gdp_growth", 8.7), "2021-2024"),
    # 十年 heads its own clause: the rate in that clause spans ten years
    ("五年来,全县地区生产总值增加到251亿元,五年年均增长6.1%,十年增加近130亿元、年均增长7.2%。",
     "2025-02-01", ("gdp_growth", 7.2), "2015-2024"),
])
def test_the_span_a_rate_is_read_over(body, date, key, span):
    assert _records(body, date)[key].period == span


def test_a_span_counted_back_inside_an_earlier_sentence_is_that_clauses_own():
    recs = _records("五年来,全县地区生产总值增加到251亿元,十年增加近130亿元、年均增长7.2%。"
                    "城镇新增就业年均1.2万人。", "2025-02-01")
    assert recs[("new_urban_jobs", 12000.0)].period == "2020-2024"


def test_a_threshold_crossed_is_no_figure_beside_the_level_reached():
    recs = _records("2020年至2024年,全县地区生产总值由180亿元增加到251亿元,连续跨越200亿元和250亿元"
                    "台阶。", "2025-02-01")
    assert {v for k, v in recs if k == "gdp"} == {18_000_000_000.0, 25_100_000_000.0}
