"""A sentence that names no region goes on about the region its paragraph's previous
sentence of figures opened with (context/region.py ``paragraph_topic``). The sentences are
written for these tests from the grammar; none is copied from a page.
"""
from __future__ import annotations

import datetime as dt

import pytest

from indicators.extract import extract_text


def _regions(body: str, home: str = "长沙市") -> dict[float, str]:
    """value -> region of every record on a news page whose home is ``home``."""
    text = "经济运行简报\n" + body
    recs = extract_text(text, doc="t", date=dt.date(2025, 3, 1), region=home).records
    return {r.value: r.region for r in recs}


# (page text, home, value of a figure, the region it is about)
CARRIES = [
    # a province named after a year carries to the next sentence
    ("2024年,江西省全体居民人均可支配收入36007元,增长5.0%。按常住地分,城镇居民人均可支配收入"
     "47514元,增长4.3%。", "长沙市", 47514.0, "江西省"),
    ("2024年,江西省全体居民人均可支配收入36007元,增长5.0%。按常住地分,城镇居民人均可支配收入"
     "47514元,增长4.3%。", "长沙市", 4.3, "江西省"),
    # a county opening a clause after a lead-in
    ("从工业看,醴陵市规模工业增加值增长8.1%。社会消费品零售总额达到210亿元。", "株洲市",
     21_000_000_000.0, "醴陵市"),
    # 在 for the place
    ("在湘潭县,地区生产总值完成620亿元。固定资产投资增长6.2%。", "湘潭市", 6.2, "湘潭县"),
    # the full name of a district names the district
    ("株洲市荷塘区地区生产总值285亿元,增长3.7%。第一产业增加值6.3亿元。", "株洲市",
     630_000_000.0, "荷塘区"),
]
ENDS = [
    # a sentence without figures in between
    ("2024年,岳阳县地区生产总值增长5.9%。临湘竹器、平江酱干等特色产业加快发展。"
     "全市规模工业增加值增长7.3%。社会消费品零售总额增长4.4%。", "岳阳市", 4.4, "岳阳市"),
    # a region after the figures of its sentence
    ("规模工业增加值增长9.3%,汨罗成为全省特色县域经济重点县。三产增加值增长13.1%。", "岳阳市",
     13.1, "岳阳市"),
    # a region after a verb, or in a list
    ("推广长沙等地的经验,新设3个试验区。实际使用外资增长6.5%。", "湖南省", 6.5, "湖南省"),
    ("株洲、湘潭两市规模工业增加值增长7.0%。进出口总额增长2.2%。", "湖南省", 2.2, "湖南省"),
    # a company's name
    ("湖南华联科技有限公司投资12亿元建设新厂。项目年产值可达30亿元。", "衡阳市",
     3_000_000_000.0, "衡阳市"),
    # a sentence with a pronoun of its own keeps it
    ("在数字经济新赛道上,长沙增长12.0%。我省数字经济总量达1.5万亿元。", "湖南省",
     1_500_000_000_000.0, "湖南省"),
]


@pytest.mark.parametrize(("body", "home", "value", "region"), CARRIES)
def test_the_topic_carries(body: str, home: str, value: float, region: str) -> None:
    assert _regions(body, home)[value] == region


@pytest.mark.parametrize(("body", "home", "value", "region"), ENDS)
def test_the_topic_does_not_carry(body: str, home: str, value: float, region: str) -> None:
    assert _regions(body, home)[value] == region


# --- a newspaper reporting on a county of its city -----------------------------------------


def test_a_city_newspapers_byline_keeps_the_county_the_page_is_about():
    # the subtitle is too long to be read as a headline: the byline's newspaper decides
    text = ("衡南县:上半年经济运行稳中向好\n\n完成地方一般公共预算收入6.01亿元,同比增长8.85%;"
            "规模工业增加值同比增长9.8%;社会消费品零售总额同比增长9.6%\n\n"
            "衡阳日报讯 (通讯员 李明) 今年来,该县坚持稳中求进。上半年,全县规模工业增加值增长9.8%。")
    recs = extract_text(text, doc="t", date=dt.date(2019, 8, 16)).records
    assert {r.region for r in recs if r.indicator == "industrial_va_growth"} == {"衡南县"}


def test_a_heading_above_a_blank_line_is_no_part_of_the_paragraph_below():
    text = ("县域经济观察\n\n100亿板块:9县,两县形成对照\n\n一季度GDP达100亿级别。"
            "从本季度数据看,9个县GDP过百亿,依次为邵东市(179.1亿)、湘乡市(136.86亿)。")
    recs = extract_text(text, doc="t", date=dt.date(2024, 5, 1), region="湖南省").records
    got = {(r.region, r.period) for r in recs if r.indicator == "gdp"}
    assert got == {("邵东市", "Q1"), ("湘乡市", "Q1")}


def test_a_sites_breadcrumb_is_no_title():
    from indicators.context.region import infer_home
    head = ("加入收藏|会员中心\n\n您当前的位置:首页>统计公报>湖南\n\n"
            "长沙市2022年国民经济和社会发展统计公报\n")
    assert infer_home(head) == "长沙市"
    assert infer_home("您当前的位置:首页>新闻\n\n湖南省经济运行情况\n") == "湖南省"
