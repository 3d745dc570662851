"""Property tests: extraction never raises on any text, every record is a slice of its
text, and records survive a JSON round trip (the CLI's and the store's way out).

Generated text mixes the words the rules look for (names, units, qualifiers, region and
period words, traditional and full-width forms) with digits and arbitrary Unicode, so the
engine's pairing paths are actually reached and not only the no-match path.
"""
from __future__ import annotations

import datetime as dt
import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indicators.extract import extract_text
from indicators.records.model import Record

WORDS = [
    "地区生产总值", "GDP", "(GDP)", "经济总量", "人均GDP", "增长", "下降", "提高", "年均增长",
    "规模以上工业增加值", "规模工业", "规上工业企业", "固定资产投资", "社会消费品零售总额",
    "居民人均可支配收入", "城乡居民人均可支配收入", "城镇调查失业率", "常住人口", "城镇化率",
    "粮食总产量", "实际使用外资", "地方一般公共预算收入", "财政总收入", "产值", "营收",
    "百亿企业", "高新技术企业", "专精特新", "“小巨人”企业", "国省专精特新企业", "新增", "净增",
    "亿元", "万元", "万亿元", "元", "万吨", "亿斤", "万人", "家", "个", "%", "个百分点", "倍",
    "美元", "左右", "以上", "以内", "突破", "超过", "近", "多", "余", "约", "分别", "达到",
    "、", "和", "，", "。", "；", ",", ":", "\n", "\r\n", " ", "\u3000", "\ufeff", "-", "—",
    "比上年", "同比", "全市", "我市", "全省", "湖南省", "长沙市", "株洲市", "石峰区", "全国",
    "2024年", "2015年", "今年", "去年", "明年", "1-11月", "上半年", "一季度", "十四五", "十三五",
    "目标", "力争", "预计", "控制在", "第", "位", "占比", "比重", "是2010年的", "[2]",
    "國內生產總值", "增長", "億元", "規模工業", "１２．５％", "０", "５", "一千二百", "两万",
    "三万五千", "十", "百", "千", "万", "亿", "零部件", "九嶷山", "政府工作报告", "株洲日报",
    "——2020年1月5日在永州市第五届人民代表大会第五次会议上", "一、", "回顾", "工作安排",
]
_piece = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(list("0123456789.")),
    st.integers(0, 10**12).map(str),
    st.decimals(0, 100_000, places=2, allow_nan=False, allow_infinity=False).map(str),
    # arbitrary Unicode (anything a UTF-8 file can hold; lone surrogates: see below)
    st.text(alphabet=st.characters(codec="utf-8"), max_size=4),
)
page = st.lists(_piece, max_size=60).map("".join)
dates = st.one_of(st.none(), st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
regions = st.sampled_from([None, "湖南省", "长沙市", "石峰区"])

PROPS = settings(max_examples=200, deadline=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@PROPS
@given(page, dates, regions)
def test_extract_never_raises_and_quotes_are_slices(text: str, date, region) -> None:
    res = extract_text(text, doc="prop", date=date, region=region)
    for r in res.records:
        assert text[r.start:r.end] == r.quote
        assert math.isfinite(r.value)
    for x in res.rejects:
        assert text[x.start:x.end] == x.quote
        assert x.reason


@PROPS
@given(st.text(max_size=200), regions)
def test_extract_never_raises_on_arbitrary_unicode(text: str, region) -> None:
    res = extract_text(text, doc="prop", region=region)
    assert all(text[r.start:r.end] == r.quote for r in res.records)


@PROPS
@given(page, dates)
def test_records_survive_a_json_round_trip(text: str, date) -> None:
    for r in extract_text(text, doc="prop", date=date, region="湖南省").records:
        back = Record.model_validate_json(r.model_dump_json())
        assert back == r and back.value == r.value
        # the CLI writes model_dump(mode="json") through json.dumps
        row = json.loads(json.dumps(r.model_dump(mode="json"), ensure_ascii=False))
        assert row["value"] == r.value and Record.model_validate(row) == r


def test_the_generator_reaches_the_pairing_paths() -> None:
    """Guard for the strategies above: a plain sentence built from WORDS gives records."""
    res = extract_text("全市地区生产总值突破5万亿元,增长4.6%", doc="prop",
                       date=dt.date(2024, 6, 30), region="湖南省")
    assert {r.indicator for r in res.records} == {"gdp", "gdp_growth"}


# ------------------------------------------------------------------ found while writing these


def test_lone_surrogate_does_not_crash_traditional_conversion() -> None:
    res = extract_text("國產業\ud800 规模工业增加值增长7%", doc="prop",
                       date=dt.date(2024, 6, 30), region="湖南省")
    assert [r.indicator for r in res.records] == ["industrial_va_growth"]


def test_huge_numbers_do_not_make_infinite_records() -> None:
    text = "地区生产总值" + "9" * 400 + "亿元"
    res = extract_text(text, doc="prop", date=dt.date(2024, 6, 30), region="湖南省")
    for r in res.records:
        assert math.isfinite(r.value), r
        Record.model_validate_json(r.model_dump_json())
