"""Quantities in Chinese text: table tests beyond the doctests in indicators/numbers/quantities.py.

Cases marked "notes" come from /work/shared/notes/extraction.md (failure modes of existing
converters on the seed pages); the others are the conventions of CATALOGUE.md.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from indicators.extract import extract_text
from indicators.numbers.quantities import find_quantities, parse_chinese

D = Decimal


def one(text: str):
    qs = find_quantities(text)
    assert len(qs) == 1, f"{text!r}: expected one quantity, got {qs}"
    return qs[0]


# ------------------------------------------------------------------ Chinese numerals


@pytest.mark.parametrize(("cn", "value"), [
    ("一千二百", 1200), ("两万", 20_000), ("百亿", 10_000_000_000), ("三万五千", 35_000),
    ("十", 10), ("十五", 15), ("二十", 20), ("一百零五", 105), ("两千", 2000),
    ("四千五百万", 45_000_000), ("一万亿", 10**12), ("三亿五千万", 350_000_000),
    ("二〇二四", 2024), ("零", 0), ("九", 9),
])
def test_parse_chinese(cn: str, value: int) -> None:
    assert parse_chinese(cn) == D(value)


def test_parse_chinese_decimal_point() -> None:
    assert parse_chinese("三点五") == D("3.5")
    assert parse_chinese("十二点零五") == D("12.05")


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("一千二百元", 1200, "yuan"), ("两万人", 20_000, "persons"), ("百亿元", 10**10, "yuan"),
    ("三万五千吨", 35_000, "tonnes"), ("二十万元", 200_000, "yuan"), ("十五家", 15, "count"),
    ("一百零五个", 105, "count"), ("一万亿元", 10**12, "yuan"),
])
def test_chinese_numeral_quantities(text: str, value: int, unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit, q.qualifier) == (D(value), unit, "exact")
    assert (q.start, q.end) == (0, len(text))


@pytest.mark.parametrize("text", ["一辆整车", "三个高地", "百亿企业", "千亿级产业", "千家万户",
                                  "十三五", "第三", "三季度", "二〇二四年", "两个"])
def test_chinese_words_that_are_not_amounts(text: str) -> None:
    assert find_quantities(text) == []


# bug found by this file, fixed in 79eb5d0: 三点五亿元 was read as 五亿元
def test_chinese_decimal_with_scale() -> None:
    q = one("三点五亿元")
    assert q.value == D(350_000_000)


# bug found by this file, fixed in 79eb5d0: 两千多万元 gave nothing
def test_chinese_vague_amount_with_scale() -> None:
    q = one("两千多万元")
    assert (q.value, q.qualifier) == (D(20_000_000), "over")


# bug found by this file, fixed in 79eb5d0: 两个百分点 was dropped as a determiner
def test_small_chinese_numeral_points() -> None:
    q = one("提高两个百分点")
    assert (q.value, q.unit) == (D(2), "points")


# ------------------------------------------------------------------ multipliers


@pytest.mark.parametrize(("text", "value"), [
    ("2万亿元", 2 * 10**12), ("3.46万亿元", D("3.46") * 10**12), ("1.2千亿元", 120_000_000_000),
    ("5百亿元", 50_000_000_000), ("3十亿元", 3_000_000_000), ("4.1亿元", 410_000_000),
    ("5千万元", 50_000_000), ("2百万元", 2_000_000), ("3十万元", 300_000),
    ("117375万元", 1_173_750_000), ("5千元", 5000), ("3百元", 300),
    ("1,234万元", 12_340_000), ("12,345.6万元", 123_456_000), ("1,000,000元", 1_000_000),
    ("251亿", 25_100_000_000),  # 亿 without a unit: money by convention
])
def test_multipliers(text: str, value) -> None:
    q = one(text)
    assert q.value == D(value) and q.unit == "yuan"


# ------------------------------------------------------------------ vague amounts, thresholds


@pytest.mark.parametrize(("text", "value", "unit", "qualifier"), [
    ("3000多万元", 30_000_000, "yuan", "over"),  # notes: not 3000, 多 not dropped
    ("80余家", 80, "count", "over"),
    ("近万人", 10_000, "persons", "nearly"),
    ("突破4500亿元", 450_000_000_000, "yuan", "over"),  # notes: not exact
    ("超过1000家", 1000, "count", "over"),
    ("超千家", 1000, "count", "over"),
    ("逾百亿元", 10**10, "yuan", "over"),
    ("100多家", 100, "count", "over"),
    ("10余万人", 100_000, "persons", "over"),
    ("20多亿元", 2_000_000_000, "yuan", "over"),
    ("2万多人", 20_000, "persons", "over"),
    ("二十多家", 20, "count", "over"),
    ("三千余家", 3000, "count", "over"),
    ("10家以上", 10, "count", "at_least"),
    ("10%以上", 10, "percent", "at_least"),
    ("不低于8%", 8, "percent", "at_least"),
    ("3%以内", 3, "percent", "at_most"),
    ("不超过3%", 3, "percent", "at_most"),
    ("6%左右", 6, "percent", "approx"),
    ("约5%", 5, "percent", "approx"),
    ("约3000万元", 30_000_000, "yuan", "approx"),
    ("接近2万人", 20_000, "persons", "nearly"),
    ("近千家", 1000, "count", "nearly"),
    ("2000元", 2000, "yuan", "exact"),
])
def test_qualified_amounts(text: str, value, unit: str, qualifier: str) -> None:
    q = one(text)
    assert (q.value, q.unit, q.qualifier) == (D(value), unit, qualifier)
    assert text[q.start:q.end] == text, "the qualifier belongs to the quantity's span"


# ------------------------------------------------------------------ ranges


@pytest.mark.parametrize(("text", "low", "high"), [
    ("5%-6%", 5, 6), ("5%至6%", 5, 6), ("5-6%", 5, 6), ("8%—9%", 8, 9), ("3%~5%", 3, 5),
    ("7-8家", 7, 8),
])
def test_ranges(text: str, low: int, high: int) -> None:
    q = one(text)
    assert (q.value, q.upper) == (D(low), D(high))


def test_range_in_a_sentence() -> None:
    q = one("地区生产总值增长5%-6%")
    assert (q.value, q.upper, q.unit) == (D(5), D(6), "percent")
    assert q.qualifier == "at_least"  # the record keeps the lower bound, and says so


def test_single_value_has_no_upper() -> None:
    assert one("增长6%").upper is None


# ------------------------------------------------------------------ units


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("增长2.5倍", D("2.5"), "times"),
    ("0.5倍", D("0.5"), "times"),
    ("提高3.6个百分点", D("3.6"), "points"),
    ("下降0.3百分点", D("0.3"), "points"),
    ("20.2万吨", 202_000, "tonnes"),
    ("2.5万吨", 25_000, "tonnes"),
    ("613.6亿斤", 30_680_000, "tonnes"),  # 1斤 = 0.5 kg
    ("300公斤", D("0.3"), "tonnes"),
    ("6780人", 6780, "persons"),
    ("12万人", 120_000, "persons"),
    ("1200万人次", 12_000_000, "person_times"),
    ("3.2亿美元", 320_000_000, "usd"),
    ("4.1万家", 41_000, "count"),
    ("81个", 81, "count"),
    ("5万户", 50_000, "households"),
    ("10亩", 10, "mu"),
    ("80万辆", 800_000, "vehicles"),
    ("3.5万平方米", 35_000, "sqm"),
    ("12.5%", D("12.5"), "percent"),
])
def test_units(text: str, value, unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit) == (D(value), unit)


def test_points_are_not_percent() -> None:
    units = [q.unit for q in find_quantities("增长3.6%，提高3.6个百分点")]
    assert units == ["percent", "points"]


# ------------------------------------------------------------------ notes' failure modes


@pytest.mark.parametrize("text", ["1-11月", "1-8月", "1—11月份", "2023-2024年", "第15位",
                                  "居全省第3", "2024年", "3月", "近5年", "零部件", "九嶷山",
                                  "万千百工程", "亿元以上"])
def test_not_quantities(text: str) -> None:
    assert find_quantities(text) == []


def test_period_then_growth_gives_only_the_growth() -> None:
    qs = find_quantities("1-11月份增长5%")
    assert [(q.value, q.unit) for q in qs] == [(D(5), "percent")]


def test_decimal_billions_are_exact() -> None:
    assert one("4602.7亿元").value == D(460_270_000_000)
    assert one("264.29亿元").value == D(26_429_000_000)
    assert float(one("264.29亿元").value) == 26_429_000_000.0
    assert one("264.29亿元").start == 0, "not split into 29亿元"


def test_decimal_billions_are_exact_in_records() -> None:
    res = extract_text("全省完成第一产业增加值4602.7亿元,地方一般公共预算收入264.29亿元",
                       doc="t", date=dt.date(2024, 6, 30), region="湖南省")
    values = {r.indicator: r.value for r in res.records}
    assert values["primary_industry_va"] == 460_270_000_000.0
    assert values["fiscal_revenue"] == 26_429_000_000.0


def test_threshold_project_count_is_the_count_only() -> None:
    qs = find_quantities("招引亿元以上项目81个")
    assert [(q.value, q.unit, q.qualifier) for q in qs] == [(D(81), "count", "exact")]


def test_quantity_spans_are_slices_of_the_text() -> None:
    text = "实现地区生产总值330.2亿元,年均增长9.1%,新增企业80余家,近万人就业"
    quotes = [text[q.start:q.end] for q in find_quantities(text)]
    assert quotes == ["330.2亿元", "9.1%", "80余家", "近万人"]


def test_pos_and_endpos_limit_the_search() -> None:
    text = "增长5%,增长6%,增长7%"
    assert [q.value for q in find_quantities(text, 5, 10)] == [D(6)]
