"""Plausibility bounds (records/catalogue.py) and their enforcement by record validation.

Cases come from issue 6 (GDP 0 and 99999999999亿元 accepted, 达到负12家 stored as 12), from
misreadings a PDF or OCR page invites (万 read as 亿, a lost decimal point, a dropped sign),
and from the range of real values: national totals of the 国家统计局 2024 bulletin, small
counties, and every figure of the development gold (tests/gold).
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from indicators.extract import extract_text
from indicators.numbers.units import UNITS
from indicators.records.catalogue import INDICATORS, LEVEL_BOUNDS, UNIT_BOUNDS, bound
from indicators.records.model import Record

GOLD = Path(__file__).resolve().parent / "gold"


def record(indicator: str, value: float, unit: str, **extra) -> Record:
    quote = extra.pop("quote", "地区生产总值")
    fields = {"doc": "t", "region": "湖南省", "indicator": indicator, "kind": "actual",
              "year": 2024, "value": value, "unit": unit, "quote": quote, "start": 0,
              "end": len(quote), "rule_id": "test"} | extra
    return Record.model_validate(fields)


# ------------------------------------------------------------------ refused, with the bound


@pytest.mark.parametrize(("indicator", "value", "unit", "shown"), [
    ("gdp", 0, "yuan", "[1e+07, 2e+14]"),  # issue 6: GDP 0 accepted
    ("gdp", 99999999999e8, "yuan", "[1e+07, 2e+14]"),  # issue 6: 99999999999亿元
    ("gdp", 5726, "yuan", "[1e+07, 2e+14]"),  # 572.6亿元 with 亿元 lost in OCR
    ("gdp", 3.5e14, "yuan", "[1e+07, 2e+14]"),  # 35万亿 read as 350万亿 (a lost decimal point)
    ("gdp_per_capita", 7.3e8, "yuan", "[100, 2e+06]"),  # 7.3万元 read as 7.3亿元
    ("primary_industry_va", 0, "yuan", "[100000, 2e+14]"),
    ("fiscal_revenue", 1.2e14, "yuan", "[1e+06, 5e+13]"),
    ("fdi", 3e13, "usd", "[1000, 2e+12]"),
    ("rural_disposable_income", 1.8e9, "yuan", "[50, 500000]"),  # 1.8万 read as 1.8亿
    ("rural_disposable_income", 0, "yuan", "[50, 500000]"),
    ("new_urban_jobs", 5e8, "persons", "[1, 3e+07]"),  # 5万人 read as 5亿人
    ("permanent_population", 2e9, "persons", "[1000, 1.5e+09]"),
    ("grain_output", 2e9, "tonnes", "[1, 1e+09]"),
    ("urbanization_rate", 120, "percent", "(0, 100]"),
    ("urbanization_rate", 0, "percent", "(0, 100]"),
    ("unemployment_rate", 55, "percent", "(0, 30]"),  # 5.5 with its point lost
    ("rd_intensity", 24.3, "percent", "(0, 20]"),
    ("gdp_growth", 99, "percent", "[-60, 60]"),  # tests/test_cli.py's bulletin
    ("gdp_growth", -75, "percent", "[-60, 60]"),
    ("retail_sales_growth", -120, "percent", "[-60, 60]"),
    ("cpi_growth", 35, "percent", "[-30, 30]"),
    ("fdi_growth", 2500, "percent", "[-100, 1000]"),
    ("high_tech_enterprises", -12, "count", "[0, 1e+06]"),  # issue 6: 达到负12家
    ("above_scale_industrial_enterprises_new", 2e6, "count", "[0, 1e+06]"),
    ("output_value", -5e8, "yuan", "[0, 1e+15]"),  # outside the catalogue: by unit
    ("energy_consumption", -5.4e6, "tce", "[0, 1e+11]"),
    ("livestock_output", -100, "head", "[0, 1e+10]"),
])
def test_out_of_bounds_is_refused_with_the_bound(indicator: str, value: float, unit: str,
                                                  shown: str) -> None:
    with pytest.raises(ValidationError) as e:
        record(indicator, value, unit)
    msg = str(e.value)
    assert f"{indicator} of {value:.12g} {unit} is beyond its bound {shown} {unit}" in msg, msg


def test_the_message_says_why() -> None:
    with pytest.raises(ValidationError, match="China's was 134.9万亿元 in 2024"):
        record("gdp", 0, "yuan")
    with pytest.raises(ValidationError, match="never negative"):
        record("high_tech_enterprises", -12, "count")


# ------------------------------------------------------------------ admitted


@pytest.mark.parametrize(("indicator", "value", "unit", "extra"), [
    ("gdp", 1.349e14, "yuan", {"region": "全国"}),  # China 2024: 134.9万亿元
    ("gdp", 4.06e11, "yuan", {"region": "全国", "year": 1979}),  # China 1979: 4062.6亿元
    ("gdp", 1.2e8, "yuan", {}),  # a county in the 1980s: 1.2亿元
    ("gdp_per_capita", 385, "yuan", {"region": "全国", "year": 1978}),
    ("primary_industry_va", 2e6, "yuan", {}),  # a city district with little farming
    ("rural_disposable_income", 133.6, "yuan", {"region": "全国", "year": 1978}),
    ("urbanization_rate", 100, "percent", {}),
    ("gdp_growth", -39.2, "percent", {"period": "Q1", "year": 2020}),  # Hubei, 2020 Q1
    ("gdp_growth", 47.7, "percent", {"period": "2013-2016", "year": 2016}),  # dev 043
    ("fixed_asset_investment_growth", 125.1, "percent",
     {"period": "2013-2016", "year": 2016}),  # dev 043: cumulative over four years
    ("fdi", 3.5e7, "usd", {}),
    ("foreign_trade", 1.13e9, "usd", {}),  # trade in 美元 (customs, older bulletins)
    ("high_tech_enterprises_new", 0, "count", {}),
    ("gdp_growth", -2.1, "percent", {}),  # issue 6: 增速为负2.1%
])
def test_real_values_are_admitted(indicator: str, value: float, unit: str, extra: dict) -> None:
    assert record(indicator, value, unit, **extra).value == value


def test_cumulative_growth_is_refused_for_one_year() -> None:
    with pytest.raises(ValidationError, match=r"\[-60, 60\]"):
        record("fixed_asset_investment_growth", 125.1, "percent")


# ------------------------------------------------------------------ every gold value


def _gold_rows() -> list[dict]:
    return [json.loads(line) for name in ("dev.jsonl", "seeds.jsonl")
            for line in (GOLD / name).read_text("utf-8").splitlines() if line.strip()]


def test_every_gold_value_is_within_its_bound() -> None:
    rows = _gold_rows()
    assert len(rows) > 800
    outside = []
    for row in rows:
        b = bound(row["indicator"], row["unit"], row["period"])
        if b is not None and not b.admits(row["value"]):
            outside.append((row["doc"], row["indicator"], row["value"], str(b)))
    assert outside == []


def test_every_gold_row_passes_record_validation_bounds() -> None:
    """Built as a record (where its region is known), no gold figure fails on its value."""
    refused = []
    for row in _gold_rows():
        fields = {k: row[k] for k in ("region", "indicator", "kind", "year", "period", "value",
                                       "unit", "qualifier", "subject", "quote")}
        try:
            Record(doc=row["doc"], start=0, end=len(row["quote"]), rule_id="gold", **fields)
        except ValidationError as e:
            if "beyond its bound" in str(e) or "does not fit" in str(e):
                refused.append((row["doc"], row["indicator"], row["value"], row["unit"]))
    assert refused == []


# ------------------------------------------------------------------ the table itself


def test_every_catalogue_key_has_a_bound() -> None:
    for ind in INDICATORS:
        b = bound(ind.key, ind.unit)
        assert b is not None, ind.key
        assert b.low < b.high, ind.key
        assert b.why, ind.key


def test_every_unit_the_number_finder_gives_has_a_bound() -> None:
    base_units = {u for u, _ in UNITS.values()}
    assert base_units - set(UNIT_BOUNDS) == set()


def test_amounts_are_never_negative() -> None:
    for unit, b in UNIT_BOUNDS.items():
        if unit not in ("percent", "points"):
            assert b.low >= 0, unit
    for key, by_unit in LEVEL_BOUNDS.items():
        for unit, b in by_unit.items():
            if unit != "percent":
                assert b.low >= 0, key


# ------------------------------------------------------------------ through extraction


def _extract(text: str):
    return extract_text(text, doc="t", date=dt.date(2024, 6, 30), region="湖南省")


@pytest.mark.parametrize(("text", "indicator"), [
    ("全市地区生产总值99999999999亿元。", "gdp"),  # issue 6
    ("全市地区生产总值0亿元。", "gdp"),  # issue 6
    ("全市高新技术企业达到负12家。", "high_tech_enterprises"),  # issue 6
])
def test_implausible_figures_become_rejects(text: str, indicator: str) -> None:
    res = _extract(text)
    assert [r for r in res.records if r.indicator == indicator] == []
    [reject] = [x for x in res.rejects if indicator in x.reason]
    assert "beyond its bound" in reject.reason
    assert text[reject.start:reject.end] == reject.quote


@pytest.mark.parametrize(("text", "value"), [
    ("全市地区生产总值增速为负2.1%。", -2.1),  # issue 6
    ("全市地区生产总值增长负2.1%。", -2.1),  # issue 6
    ("全市地区生产总值比上年增长-2.3%。", -2.3),
    ("全市地区生产总值负增长2.1%。", -2.1),  # 负增长 is a decrease word of the pairing
])
def test_negative_growth_reaches_the_record(text: str, value: float) -> None:
    [r] = [r for r in _extract(text).records if r.indicator == "gdp_growth"]
    assert r.value == value


def test_an_average_rate_over_a_span_keeps_the_annual_cap() -> None:
    # 年均增长 over 十三五 is a rate per year: 75% a year is a misreading even over a span
    with pytest.raises(ValidationError, match=r"\[-60, 60\]"):
        record("gdp_growth", 75, "percent", period="2016-2020", year=2020,
               quote="十三五期间年均增长75%")
    assert record("gdp_growth", 75, "percent", period="2016-2020", year=2020,
                  quote="比2015年增长75%").value == 75
