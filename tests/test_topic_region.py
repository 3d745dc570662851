"""A sentence that names no region goes on about the region its paragraph's previous
sentence of figures opened with (context/region.py ``paragraph_topic``). The sentences are
written for these tests from the grammar; none is copied from a page.
"""
from __future__ import annotations

import datetime as dt

from indicators.extract import extract_text


def _regions(body: str, home: str = "长沙市") -> dict[float, str]:
    """value -> region of every record on a news page whose home is ``home``."""
    text = "经济运行简报\n" + body
    recs = extract_text(text, doc="t", date=dt.date(2025, 3, 1), region=home).records
    return {r.value: r.region for r in recs}


# --- the topic carries -------------------------------------------------------------------


def test_a_province_named_after_a_year_carries_to_the_next_sentence():
    got = _regions("2024年,江西省全体居民人均可支配收入36007元,增长5.0%。"
                   "按常住地分,城镇居民人均可支配收入47514元,增长4.3%。")
    assert got[47514.0] == "江西省" and got[4.3] == "江西省"


def test_a_county_opening_a_clause_after_a_lead_in_carries():
    got = _regions("从工业看,醴陵市规模工业增加值增长8.1%。"
                   "社会消费品零售总额达到210亿元。", home="株洲市")
    assert got[21_000_000_000.0] == "醴陵市"


def test_a_topic_carries_over_a_sentence_with_in_for_place():
    got = _regions("在湘潭县,地区生产总值完成620亿元。固定资产投资增长6.2%。",
                   home="湘潭市")
    assert got[6.2] == "湘潭县"


def test_the_full_name_of_a_district_names_the_district():
    got = _regions("株洲市荷塘区地区生产总值285亿元,增长3.7%。第一产业增加值6.3亿元。",
                   home="株洲市")
    assert got[630_000_000.0] == "荷塘区"


# --- the topic does not carry ------------------------------------------------------------


def test_a_sentence_without_figures_in_between_ends_the_topic():
    got = _regions("2024年,岳阳县地区生产总值增长5.9%。临湘竹器、平江酱干等特色产业加快发展。"
                   "全市规模工业增加值增长7.3%。社会消费品零售总额增长4.4%。", home="岳阳市")
    assert got[4.4] == "岳阳市"


def test_a_region_after_the_figures_of_its_sentence_is_no_topic():
    got = _regions("规模工业增加值增长9.3%,汨罗成为全省特色县域经济重点县。"
                   "三产增加值增长13.1%。", home="岳阳市")
    assert got[13.1] == "岳阳市"


def test_a_region_after_a_verb_or_in_a_list_is_no_topic():
    got = _regions("推广长沙等地的经验,新设3个试验区。实际使用外资增长6.5%。"
                   "株洲、湘潭两市规模工业增加值增长7.0%。进出口总额增长2.2%。", home="湖南省")
    assert got[6.5] == "湖南省" and got[2.2] == "湖南省"


def test_a_company_name_is_no_topic():
    got = _regions("湖南华联科技有限公司投资12亿元建设新厂。项目年产值可达30亿元。",
                   home="衡阳市")
    assert got[3_000_000_000.0] == "衡阳市"


def test_a_sentence_with_a_pronoun_of_its_own_keeps_it():
    got = _regions("在数字经济新赛道上,长沙增长12.0%。我省数字经济总量达1.5万亿元。",
                   home="湖南省")
    assert got[1_500_000_000_000.0] == "湖南省"


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
