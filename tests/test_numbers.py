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


# ------------------------------------------------------------------ signs in words
# 负 before a number is the minus sign of written Chinese (现代汉语词典: 负, 小于零的). Growth
# phrases put it after a verb or copula; bulletins print a hyphen or U+2212 where PDF text keeps
# the sign; 减负, 税负 are words that end in 负. Issue 6 lists 增速为负2.1%, 增长负2.1%,
# 达到负12家.


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("增速为负2.1%", D("-2.1"), "percent"),  # issue 6: stored as +2.1 before
    ("增长负2.1%", D("-2.1"), "percent"),  # issue 6
    ("比上年增长-2.3%", D("-2.3"), "percent"),  # hyphen-minus in PDF text
    ("同比增长−0.8%", D("-0.8"), "percent"),  # U+2212 MINUS SIGN
    ("增幅是负0.6%", D("-0.6"), "percent"),  # another copula
    ("拉动经济增长负0.3个百分点", D("-0.3"), "points"),  # a negative contribution
    ("增速回落至负5%左右", D("-5"), "percent"),  # 至 + sign, with a qualifier after
    ("增长负二点一个百分点", D("-2.1"), "points"),  # Chinese numerals take the sign too
])
def test_negative_numbers_in_words(text: str, value, unit: str) -> None:
    q = find_quantities(text)[-1]
    assert (q.value, q.unit) == (value, unit)
    assert text[q.start:q.end].startswith(("负", "-", "−")), "the sign belongs to the span"


def test_negative_values_in_a_list() -> None:
    qs = find_quantities("两项指标分别为负1.2%、负0.8%")
    assert [q.value for q in qs] == [D("-1.2"), D("-0.8")]


@pytest.mark.parametrize(("text", "value"), [
    ("负增长2.1%", D("2.1")),  # 负增长 is a decrease word: the pairing turns it negative
    ("为企业减负2.6亿元", D(260_000_000)),  # 减负: burden reduction, an amount
    ("宏观税负15.2%", D("15.2")),  # 税负: tax burden, a level
    ("误差正负0.5%", D("0.5")),  # ±: not a reading of a negative value
])
def test_fu_that_is_not_a_sign(text: str, value) -> None:
    assert one(text).value == value


# A negative count or amount is never a figure: it stays negative here, and record validation
# rejects it (tests/test_bounds.py), rather than becoming 12 家.
@pytest.mark.parametrize(("text", "value", "unit"), [
    ("达到负12家", D(-12), "count"),  # issue 6: stored as 12 before
    ("新增负3000人", D(-3000), "persons"),
    ("完成负5亿元", D(-500_000_000), "yuan"),
])
def test_negative_amounts_stay_negative(text: str, value, unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit) == (value, unit)


# ------------------------------------------------------------------ % lost in PDF text
# A bulletin's PDF or web copy may drop the % sign (a symbol in another font): dev page 009
# (长沙市2022年统计公报) has '第一产业增加值451.30亿元,比上年增长3.6;第二产业…增长6.2;'.
# Growth rates in bulletins carry one decimal (国家统计局 publishes rates to 0.1), so a bare
# decimal after a growth word at a clause end is read as a percentage, and marked as implied.


@pytest.mark.parametrize(("text", "value"), [
    ("451.30亿元,比上年增长3.6;第二产业", D("3.6")),  # dev 009
    ("第二产业增加值5589.58亿元,增长6.2,第三产业", D("6.2")),  # dev 009
    ("工业投资增速为4.1。", D("4.1")),  # 增速为
    ("社会消费品零售总额同比下降1.5,", D("1.5")),  # 下降: the pairing makes it negative
    ("居民消费价格比上年上涨1.7)", D("1.7")),
    ("全年地区生产总值增长4.5", D("4.5")),  # the end of the text ends the clause
    ("进出口总额增长约12.5、", D("12.5")),  # a qualifier between the verb and the number
    ("增长了0.8。", D("0.8")),
])
def test_lost_percent_after_growth_words(text: str, value) -> None:
    q = find_quantities(text, lost_percent=True)[-1]
    assert (q.value, q.unit, q.unit_implied) == (value, "percent", True)
    assert text[q.start:q.end].endswith(str(value))


@pytest.mark.parametrize("text", [
    "比上年增长2023,",  # an integer: a year or a count, never read as a rate
    "增长12,",  # integers are left alone (the brief: a bare decimal)
    "城镇化率提高0.5,",  # 提高/提升 take 个百分点 with rates: not guessed
    "占比3.6,",  # no growth word
    "增长3.5-4.2,",  # a bare range
    "指数为102.3,",  # a copula without a growth word
    "增长3.6左右的水平",  # followed by words, not a clause end
])
def test_bare_numbers_that_stay_bare(text: str) -> None:
    assert find_quantities(text, lost_percent=True) == []


def test_lost_percent_is_read_only_when_asked() -> None:
    # the pipeline turns it on with its time model (see the report for issue 6): by default
    # a bare decimal stays bare, as it always did
    text = "451.30亿元,比上年增长3.6;"
    assert [q.unit for q in find_quantities(text)] == ["yuan"]
    assert [q.unit for q in find_quantities(text, lost_percent=True)] == ["yuan", "percent"]


@pytest.mark.parametrize(("text", "unit"), [
    ("增长3.6个百分点,", "points"), ("增长3.6万人,", "persons"), ("增长3.6倍;", "times"),
    ("增长6.2%,", "percent"),
])
def test_written_units_are_not_implied(text: str, unit: str) -> None:
    [q] = find_quantities(text, lost_percent=True)
    assert (q.unit, q.unit_implied) == (unit, False)


# ------------------------------------------------------------------ units of the bulletins
# Phrasings of 统计公报 (livestock, energy, ports, land, housing, trade) in the base units the
# development gold uses; 个 stays a count (a rule may read 就业岗位…个 as persons).


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("生猪出栏356.2万头", 3_562_000, "head"),
    ("牛存栏12头", 12, "head"),
    ("羊出栏2.05万只", 20_500, "head"),
    ("家禽出笼2987万羽", 29_870_000, "birds"),
    ("脱贫3.2万户", 32_000, "households"),
    ("接待游客1.2亿人次", 120_000_000, "person_times"),
    ("旅客发送量850万人次", 8_500_000, "person_times"),
    ("全社会用电量103.1亿千瓦时", 10_310_000_000, "kwh"),
    ("居民生活用电8500万千瓦时", 85_000_000, "kwh"),
    ("发电量12亿度", 1_200_000_000, "kwh"),
    ("集装箱吞吐量30万标箱", 300_000, "teu"),
    ("集装箱吞吐量30万标准箱", 300_000, "teu"),
    ("完成120万TEU", 1_200_000, "teu"),
    ("粮食播种面积478.6千公顷", 478_600, "hectares"),
    ("新增造林面积3200公顷", 3200, "hectares"),
    ("商品房销售面积146.8万平方米", 1_468_000, "sqm"),
    ("建成厂房12万平米", 120_000, "sqm"),
    ("进出口总额11.3亿美元", 1_130_000_000, "usd"),
    ("实际使用外资3500万美元", 35_000_000, "usd"),
    ("能源消费总量540.8万吨标准煤", 5_408_000, "tce"),
    ("节能2.1万吨标煤", 21_000, "tce"),
    ("天然气产量12亿立方米", 1_200_000_000, "cubic_m"),
    ("新增就业岗位6007个", 6007, "count"),
])
def test_bulletin_units(text: str, value, unit: str) -> None:
    q = one(text)
    assert (q.value, q.unit) == (D(value), unit)


def test_coal_equivalent_is_not_tonnes() -> None:
    units = [q.unit for q in find_quantities("原煤产量540.8万吨,能源消费总量540.8万吨标准煤")]
    assert units == ["tonnes", "tce"]


@pytest.mark.parametrize("text", ["最高气温25度", "坡度15度", "2023年度"])
def test_degrees_without_a_scale_are_not_kwh(text: str) -> None:
    assert find_quantities(text) == []


# 头部企业 (leading firms) is a common word of current economic prose; its 头 is no unit
@pytest.mark.parametrize(("text", "expected"), [
    ("培育百亿头部企业", []),
    ("引进50亿头部企业", []),
    ("引进12家头部企业", [(D(12), "count")]),
])
def test_unit_characters_that_begin_words(text: str, expected) -> None:
    assert [(q.value, q.unit) for q in find_quantities(text)] == expected


# ------------------------------------------------------------------ markers in cleaned text
# Footnote calls and page numbers that PDF text glues to figures: after normalization they are
# gone, and what is left reads as the figure (or as nothing), never as another number.


@pytest.mark.parametrize(("raw", "expected"), [
    ("全年地区生产总值[2]572.6亿元", [(D(57_260_000_000), "yuan")]),  # dev 023
    ("地区生产总值①572.6亿元,增长4.4%②", [(D(57_260_000_000), "yuan"), (D("4.4"), "percent")]),
    ("地区生产总值¹572.6亿元", [(D(57_260_000_000), "yuan")]),
    ("地区生产总值(注1)572.6亿元", [(D(57_260_000_000), "yuan")]),
    ("第二产业对经济-2-增长的贡献率为52.1%", [(D("52.1"), "percent")]),  # page 2 inside
    ("第二产业对经济— 12 —增长的贡献率为52.1%", [(D("52.1"), "percent")]),  # GB/T 9704
    ("规模工业增加值第3页增长7.2%", [(D("7.2"), "percent")]),
    ("增長(zhǎng)3%", [(D(3), "percent")]),
    ("生产总值注1572.6亿元", []),  # which digits are the note's cannot be told: no figure
])
def test_markers_do_not_become_numbers(raw: str, expected) -> None:
    from indicators.text.normalize import normalize

    qs = find_quantities(normalize(raw).text)
    assert [(q.value, q.unit) for q in qs] == expected
