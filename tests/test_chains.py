"""A chain of figures about one name (rules/pairing.py): clauses that carry no figure of
their own — an increment, a doubling — leave the chain whole; a clause with another subject
ends it. The sentences are written for these tests from the grammar; none is copied.
"""
from __future__ import annotations

import datetime as dt

from indicators.extract import extract_text


def _records(sentence: str, date: str = "2025-02-10") -> list:
    text = "攸县人民政府工作报告\n" + sentence
    return extract_text(text, doc="t", date=dt.date.fromisoformat(date), region="攸县").records


def _by_value(recs: list) -> dict[float, str]:
    return {r.value: r.indicator for r in recs}


def test_an_increment_with_le_keeps_the_chain_and_is_no_fragment_record():
    recs = _records("2024年全县地区生产总值为520亿元,比上年增加了26亿元,增速为5.1%。")
    assert _by_value(recs)[5.1] == "gdp_growth"
    assert not any(r.subject and r.subject.startswith("比上年") for r in recs)


def test_a_doubling_clause_keeps_the_chain():
    recs = _records("2024年全县财政总收入达20.6亿元,比2019年翻了一番多,年均增长15.2%。")
    assert _by_value(recs)[15.2] == "fiscal_revenue_total_growth"


def test_a_clause_with_another_subject_ends_the_chain():
    recs = _records("2024年全县财政总收入达20.6亿元,园区标准厂房面积翻了一番,年均增长15.2%。")
    assert _by_value(recs).get(15.2) != "fiscal_revenue_total_growth"


def test_an_adverbial_of_the_base_stands_between_a_name_and_its_figure():
    recs = _records("二〇〇九年，全县粮食总产量在上年增产的基础上，又增产1.2万吨，达到36.5万吨。",
                    "2010-02-01")
    grain = [r for r in recs if r.indicator == "grain_output"]
    # the increment (增产1.2万吨) is no level; the level is 2009's, not 上年's
    assert [(r.value, r.year) for r in grain] == [(365_000.0, 2009)]


def test_a_lead_naming_jichushang_without_a_base_phrase_is_read_as_before():
    # 基础上 with nothing between 在 and it: the adverbial is not stripped (an earlier
    # version recursed on it without end)
    recs = _records("全县粮食总产量稳定在基础上高位,达到36.5万吨。", "2010-02-01")
    assert [(r.indicator, r.value) for r in recs] == [("grain_output", 365_000.0)]


def test_a_figure_outside_the_catalogue_keeps_a_subject_that_starts_with_ju():
    # 居 is a rank word (居全省第二), 居民 is not
    recs = _records("全县居民生活用电量3.6亿千瓦时,增长5.5%;工业用电量8.2亿千瓦时。")
    subjects = {r.value: r.subject for r in recs if r.unit == "kwh"}
    assert subjects == {360_000_000.0: "居民生活用电量", 820_000_000.0: "工业用电量"}


def _report(body: str, date: str) -> dict:
    text = "攸县人民政府工作报告\n一、2024年工作回顾\n" + body
    recs = extract_text(text, doc="t", date=dt.date.fromisoformat(date), region="攸县").records
    return {(r.indicator, r.kind): r for r in recs}


def test_a_target_restated_after_its_result_is_the_reviewed_year_s_target():
    recs = _report("全县地区生产总值增长6.1%,高于6%左右的预期目标。", "2025-01-15")
    assert recs[("gdp_growth", "actual")].value == 6.1
    target = recs[("gdp_growth", "target")]
    assert (target.value, target.year, target.qualifier) == (6.0, 2024, "approx")


def test_a_restated_target_after_a_comparison_verb_keeps_its_own_value():
    recs = _report("全县粮食总产量36.2万吨,超过35万吨的年度目标。", "2025-01-15")
    target = recs[("grain_output", "target")]
    assert (target.value, target.qualifier, target.quote) == (350_000.0, "exact", "35万吨")


def test_a_comparison_without_a_target_word_is_no_target():
    recs = _report("全县地区生产总值增长6.1%,高于全省0.3个百分点。", "2025-01-15")
    assert ("gdp_growth", "target") not in recs


# A growth rate outside the catalogue named by a rate noun (增幅, 涨幅, 增长速度…) and the level
# the rate stands at: the noun's subject is the figure's subject.
def _rates(sentence: str) -> list[tuple]:
    return [(r.value, r.kind, r.qualifier, r.subject) for r in _records(sentence)
            if r.indicator == "other_growth"]


def test_a_rate_noun_then_the_level_it_stands_at():
    assert _rates("2024年全县旅游总收入增幅仍然高达23.5%。") == [
        (23.5, "actual", "exact", "旅游总收入")]
    assert _rates("2024年全县外贸出口增长速度保持在10%左右。") == [
        (10.0, "actual", "approx", "外贸出口")]


def test_a_rate_noun_with_a_ceiling_is_a_target():
    assert _rates("2025年全县商品零售价格上涨幅度控制在3%以内。") == [
        (3.0, "target", "at_most", "商品零售价格")]


def test_a_rate_noun_and_a_change_of_the_rate_is_no_level():
    assert _rates("2024年全县旅游总收入增幅收窄2.1%。") == []


# A clause with no subject of its own, only words of comparison or change, goes on with the
# chain's subject; it never becomes a subject itself (比上年增加, 增加到).
def _generic(sentence: str) -> list[tuple]:
    return [(r.indicator, r.value, r.subject) for r in _records(sentence)
            if r.rule_id.startswith("generic")]


def test_the_level_reached_keeps_its_subject_without_the_verb():
    assert _generic("2024年全县茶叶产量增加到1.2万吨。") == [("output", 12000.0, "茶叶产量")]
    assert ("output", 12000.0, "茶叶产量") in _generic("2024年全县茶叶产量0.9万吨,增加到1.2万吨。")


def test_a_change_of_an_amount_is_no_level_and_no_subject():
    recs = _generic("2024年全县茶叶产量1.2万吨,比上年增加0.1万吨。")
    assert recs == [("output", 12000.0, "茶叶产量")]


def test_a_change_of_a_count_is_the_chains_net_new():
    assert _generic("2024年全县家庭农场达到320家,比2020年增加了62家。") == [
        ("quantity", 320.0, "家庭农场"), ("quantity_net_new", 62.0, "家庭农场")]


def test_the_value_a_change_started_from_is_its_start_years():
    recs = [(r.value, r.year, r.subject) for r in _records(
        "全县茶叶产量由2020年的0.8万吨增加到2024年的1.2万吨。") if r.rule_id.startswith("generic")]
    assert recs == [(8000.0, 2020, "茶叶产量"), (12000.0, 2024, "茶叶产量")]


def test_a_start_value_with_no_year_is_a_reject_not_a_record_of_the_years_figure():
    text = "攸县人民政府工作报告\n2024年全县茶叶产量由0.8万吨增加到1.2万吨。"
    ex = extract_text(text, doc="t", date=dt.date(2025, 2, 10), region="攸县")
    assert [(r.value, r.subject) for r in ex.records if r.rule_id.startswith("generic")] == [
        (12000.0, "茶叶产量")]
    assert any("起点年份不明" in r.reason for r in ex.rejects)


# --- a level compared with another region's, in brackets ----------------------------------


def _compared(sentence: str) -> set[tuple]:
    recs = _records(sentence)
    return {(r.region, r.indicator, r.value) for r in recs}


def test_a_bracketed_level_compared_with_is_that_regions_and_the_chain_goes_on():
    got = _compared("2024年全县居民人均可支配收入30216元,比全国平均水平(41314元)低11098元,"
                    "比上年增长6.1%。")
    assert got == {("全国", "disposable_income", 41314.0), ("攸县", "disposable_income", 30216.0),
                   ("攸县", "disposable_income_growth", 6.1)}


def test_a_bracketed_rate_of_the_province_with_its_difference_in_points():
    got = _compared("2024年全县地区生产总值增长6.3%,高于全省(4.8%)1.5个百分点。")
    assert got == {("攸县", "gdp_growth", 6.3), ("湖南省", "gdp_growth", 4.8)}


def test_a_bracketed_level_of_the_prefecture_after_shao():
    got = _compared("2024年城镇居民人均可支配收入45210元,较全市平均水准(47325元)少2115元,"
                    "增长4.8%。")
    assert got == {("株洲市", "urban_disposable_income", 47325.0),
                   ("攸县", "urban_disposable_income", 45210.0),
                   ("攸县", "urban_disposable_income_growth", 4.8)}


def test_a_comparison_without_a_bracketed_level_gives_no_figure_of_the_other_region():
    got = _compared("2024年全县地区生产总值增长6.3%,比全省平均水平高1.5个百分点。")
    assert {x[0] for x in got} == {"攸县"}


# --- clauses a chain passes over --------------------------------------------------------


def test_a_rank_clause_set_off_by_dun_commas_keeps_the_chain():
    for sentence in ("2024年全县地区生产总值达到520亿元、稳居全市前三强、增长5.6%。",
                     "2024年全县地区生产总值520亿元、位居全市第二位、比上年增长5.6%。",
                     "2024年全县地区生产总值突破500亿元、排名全市第2、增长5.6%。"):
        assert _by_value(_records(sentence)).get(5.6) == "gdp_growth", sentence


def test_a_rank_followed_by_a_label_is_no_figure_of_the_chain():
    recs = _records("2024年全县地区生产总值520.3亿元,居全市第6、“500亿梯队”之首。")
    assert {r.value for r in recs if r.indicator == "gdp"} == {52_030_000_000.0}


def test_a_note_in_brackets_with_a_comma_keeps_the_chain():
    for sentence in ("2024年全县地区生产总值跨越200亿元大关(预计,下同),增长4.3%。",
                     "2024年全县地区生产总值210亿元(初步核算,下同),增长4.3%。",
                     "2024年全县地区生产总值210亿元(快报数,下同),同比增长4.3%。"):
        assert _by_value(_records(sentence)).get(4.3) == "gdp_growth", sentence


# --- 分别 after figures outside the catalogue ---------------------------------------------


def _growths(sentence: str) -> dict[float, str | None]:
    return {r.value: r.subject for r in _records(sentence) if r.indicator.endswith("_growth")}


def test_rates_listed_with_fenbie_go_to_the_figures_outside_the_catalogue_in_order():
    assert _growths("2024年全县存款余额210.5亿元,贷款余额98.3亿元,分别增长8.2%、11.6%。") == {
        8.2: "存款余额", 11.6: "贷款余额"}
    assert _growths("2024年全县接待游客1250万人次、旅游总收入136亿元,同比分别增长12.5%和"
                    "15.1%。") == {12.5: "接待游客", 15.1: "旅游总收入"}
    assert _growths("2024年全县货物运输量2100万吨、旅客运输量800万人次,分别下降3.1%、5.2%。"
                    ) == {-3.1: "货物运输量", -5.2: "旅客运输量"}


def test_rates_of_a_list_with_subjects_of_its_own_are_not_given_to_earlier_figures():
    recs = _records("2024年人均公共文化设施面积5.95平方米,新建学校29所,企业养老保险、城乡居保"
                    "人均待遇水平较2021年分别增长15.47%、52.97%。")
    assert not [r for r in recs if r.value in (15.47, 52.97) and r.subject in (
        "人均公共文化设施面积", "新建学校")]


# --- a list that writes its unit once ---------------------------------------------------


def test_a_list_of_contributions_in_points_is_no_growth_rate():
    for sentence in ("2024年三次产业分别拉动GDP增长0.4、2.2和2.1个百分点。",
                     "2024年第一、二、三产业分别拉动经济增长0.5、1.9、2.6个百分点。",
                     "2024年工业投资拉动全部投资增长3.2个百分点。"):
        recs = _records(sentence)
        assert not [r for r in recs if r.unit == "percent"], sentence
        assert not [r for r in recs if r.indicator.startswith("gdp")], sentence


def test_driving_a_named_figure_in_percent_is_that_figure():
    recs = _records("2024年基础设施投资增长9.4%,带动固定资产投资增长5.1%。")
    assert _by_value(recs)[5.1] == "fixed_asset_investment_growth"


# --- the year a change started from -----------------------------------------------------


def _start_years(text: str, date: str, indicator: str) -> dict[float, int | None]:
    recs = extract_text(text, doc="t", date=dt.date.fromisoformat(date), region="攸县").records
    return {r.value: r.year for r in recs if r.indicator == indicator}


def test_a_starting_value_takes_the_span_its_paragraph_opens_with_not_another_clauses():
    text = ("攸县人民政府工作报告\n一、过去五年工作回顾\n“十四五”期间,全县新打造了2个百亿产业,"
            "其中电子产业近3年招商金额突破300亿元。研发经费投入强度由1.3%提高到2.4%。")
    assert _start_years(text, "2026-02-10", "rd_intensity")[1.3] == 2020


def test_a_starting_value_after_a_span_that_opens_its_clause_takes_that_span():
    text = ("攸县人民政府工作报告\n五年来,人民生活明显改善。城镇居民人均可支配收入,由2017年的"
            "31600元增加到2022年的43700元。农村居民人均可支配收入由15200元增加到21900元。")
    assert _start_years(text, "2023-02-10", "rural_disposable_income")[15200.0] == 2017


# --- a measure whose modifier is left out -----------------------------------------------


def test_a_measure_after_a_figure_shares_its_modifier():
    for sentence, key in (("2024年全县规模工业总产值129.8亿元、增加值41.9亿元。", "industrial_va"),
                          ("2024年全县规模以上工业实现总产值523亿元,增加值138亿元。",
                           "industrial_va"),
                          ("2024年全县高新技术产业实现营业收入320亿元、增加值98亿元。",
                           "high_tech_industry_va")):
        recs = _records(sentence)
        assert key in {r.indicator for r in recs if r.quote.startswith("增加值")}, sentence


def test_the_shared_modifier_gives_the_rates_listed_after_both():
    recs = _records("2024年全县规模工业总产值129.8亿元、增加值41.9亿元,分别增长19.6%、12.7%。")
    assert _by_value(recs)[12.7] == "industrial_va_growth"
    assert _by_value(recs)[19.6] != "industrial_va_growth"


def test_a_measure_with_a_subject_of_its_own_is_not_elided():
    for sentence in ("2024年全县规模工业总产值129.8亿元,农业增加值41.9亿元。",
                     "2024年全县规模工业总产值129.8亿元、建筑业增加值41.9亿元。"):
        assert _by_value(_records(sentence)).get(4_190_000_000.0) != "industrial_va", sentence


def test_a_subject_never_reaches_across_a_line():
    recs = extract_text("经济运行简报\n完成规模工业总产值129.8亿元。", doc="t",
                        date=dt.date(2025, 2, 10), region="攸县").records
    assert all("\n" not in (r.subject or "") for r in recs)
    assert [r.subject for r in recs if r.value == 12_980_000_000.0] == ["规模工业总产值"]


# --- a threshold passed that restates the figure itself -----------------------------------


def test_a_threshold_passed_beside_the_figure_itself_is_one_record():
    for sentence, value in (("2024年全县社会消费品零售总额突破90亿元大关,达94.3亿元。",
                             9_430_000_000.0),
                            ("2024年全县地区生产总值首次迈上500亿元台阶,达到512.6亿元。",
                             51_260_000_000.0),
                            ("2024年全县地区生产总值512.6亿元,总量突破500亿元。",
                             51_260_000_000.0)):
        recs = [r for r in _records(sentence) if r.indicator in ("retail_sales", "gdp")]
        assert [(r.value, r.qualifier) for r in recs] == [(value, "exact")], sentence


def test_a_threshold_above_the_figure_or_of_another_year_stays():
    recs = _records("2024年全县地区生产总值498亿元,力争2025年突破500亿元。")
    assert {(r.year, r.value) for r in recs if r.indicator == "gdp"} == {
        (2024, 49_800_000_000.0), (2025, 50_000_000_000.0)}
