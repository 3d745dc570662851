"""The indicator catalogue: keys, names, families, units (CATALOGUE.md) and plausibility bounds.

The catalogue is the project's contract with the gold sets and the dashboard,
so it lives in code next to the record model rather than in a rule file. The bounds at the end
say which values a figure can take at all; records.model rejects a record outside them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache


@dataclass(frozen=True)
class Indicator:
    """One catalogue key with its display names and expected unit."""

    key: str
    zh: str
    en: str
    family: str
    unit: str


# family keys -> (中文, English) for grouping in the dashboard
FAMILIES: dict[str, tuple[str, str]] = {
    "economy": ("经济总量", "Output"),
    "industry": ("工业", "Industry"),
    "investment": ("投资", "Investment"),
    "consumption": ("消费与外贸", "Consumption & trade"),
    "fiscal": ("财政", "Public finance"),
    "income": ("收入与就业", "Income & jobs"),
    "society": ("人口与资源", "Population & resources"),
    "enterprises": ("企业", "Enterprises"),
}

def _pair(key: str, zh: str, en: str, family: str, unit: str = "yuan") -> list[Indicator]:
    return [
        Indicator(key, zh, en, family, unit),
        Indicator(f"{key}_growth", f"{zh}增长", f"{en} growth", family, "percent"),
    ]


def _counts(key: str, zh: str, en: str, net: bool = False) -> list[Indicator]:
    out = [
        Indicator(key, zh, en, "enterprises", "count"),
        Indicator(f"{key}_new", f"新增{zh}", f"New {en.lower()}", "enterprises", "count"),
    ]
    if net:
        out.append(Indicator(f"{key}_net_new", f"净增{zh}", f"Net new {en.lower()}",
                             "enterprises", "count"))
    return out


INDICATORS: tuple[Indicator, ...] = tuple(
    _pair("gdp", "地区生产总值", "GDP", "economy")
    + [Indicator("gdp_per_capita", "人均地区生产总值", "GDP per capita", "economy", "yuan")]
    + _pair("primary_industry_va", "第一产业增加值", "Primary industry value added", "economy")
    + _pair("secondary_industry_va", "第二产业增加值", "Secondary industry value added", "economy")
    + _pair("tertiary_industry_va", "第三产业增加值", "Tertiary industry value added", "economy")
    + _pair("industrial_va", "规模以上工业增加值", "Industrial value added (above scale)",
            "industry")
    + [Indicator("high_tech_manufacturing_va_growth", "高技术制造业增加值增长",
                 "High-tech manufacturing value added growth", "industry", "percent")]
    + _pair("high_tech_industry_va", "高新技术产业增加值", "High-tech industry value added",
            "industry")
    + _pair("fixed_asset_investment", "固定资产投资", "Fixed-asset investment", "investment")
    + [Indicator("industrial_investment_growth", "工业投资增长", "Industrial investment growth",
                 "investment", "percent")]
    + _pair("fdi", "实际使用外资", "Foreign direct investment", "investment")
    + _pair("retail_sales", "社会消费品零售总额", "Retail sales of consumer goods", "consumption")
    + _pair("foreign_trade", "进出口总额", "Foreign trade", "consumption")
    + [Indicator("cpi_growth", "居民消费价格涨幅", "CPI change", "consumption", "percent")]
    + _pair("fiscal_revenue", "地方一般公共预算收入", "Local general public budget revenue",
            "fiscal")
    + _pair("disposable_income", "居民人均可支配收入", "Disposable income per capita", "income")
    + _pair("urban_disposable_income", "城镇居民人均可支配收入",
            "Urban disposable income per capita", "income")
    + _pair("rural_disposable_income", "农村居民人均可支配收入",
            "Rural disposable income per capita", "income")
    + [
        Indicator("unemployment_rate", "城镇调查失业率", "Surveyed urban unemployment rate",
                  "income", "percent"),
        Indicator("new_urban_jobs", "城镇新增就业", "New urban jobs", "income", "persons"),
        Indicator("rd_intensity", "研发经费投入强度", "R&D intensity", "society", "percent"),
        Indicator("energy_intensity_reduction", "单位GDP能耗下降", "Energy intensity reduction",
                  "society", "percent"),
        Indicator("urbanization_rate", "常住人口城镇化率", "Urbanization rate", "society",
                  "percent"),
        Indicator("permanent_population", "常住人口", "Resident population", "society",
                  "persons"),
        Indicator("grain_output", "粮食产量", "Grain output", "society", "tonnes"),
    ]
    + _counts("above_scale_industrial_enterprises", "规模以上工业企业",
              "Above-scale industrial enterprises", net=True)
    + _counts("enterprises_over_10bn", "百亿企业", "Enterprises over 10 bn yuan")
    + _counts("little_giants", "专精特新“小巨人”企业", "Little giant enterprises")
    + _counts("specialized_smes", "专精特新中小企业", "Specialized SMEs")
    + _counts("single_champions", "制造业单项冠军", "Single champions")
    + _counts("high_tech_enterprises", "高新技术企业", "High-tech enterprises")
    + _counts("innovative_smes", "创新型中小企业", "Innovative SMEs")
    + _counts("tech_smes", "科技型中小企业", "Tech-based SMEs")
)

# Keys outside the catalogue that the extractor keeps with a subject (scored on the number).
SECONDARY: dict[str, tuple[str, str, str]] = {
    "output_value": ("总产值", "Output value", "yuan"),
    "revenue": ("营业收入", "Revenue", "yuan"),
    "investment": ("投资", "Investment", "yuan"),
    "vehicle_output": ("汽车产量", "Vehicles built", "vehicles"),
    "digital_economy": ("数字经济规模", "Digital economy", "yuan"),
    "fiscal_revenue_total": ("财政总收入", "Total fiscal revenue", "yuan"),
    "value_added": ("增加值", "Value added", "yuan"),
    "amount": ("金额", "Amount", "yuan"),
    "quantity": ("数量", "Quantity", "count"),
    "output": ("产量", "Output", "tonnes"),
    "people": ("人数", "People", "persons"),
    "area": ("面积", "Area", "mu"),
    # figures in the units of the bulletins (numbers/units.py), named as in the dev gold
    "energy_consumption": ("能源消费总量", "Energy consumption", "tce"),
    "electricity_consumption": ("用电量", "Electricity consumption", "kwh"),
    "livestock_output": ("畜禽出栏", "Livestock output", "head"),  # poultry in birds
    "container_throughput": ("集装箱吞吐量", "Container throughput", "teu"),
    "tourist_arrivals": ("接待游客", "Tourist arrivals", "person_times"),
    "floor_area": ("建筑面积", "Floor area", "sqm"),
    "grain_area": ("粮食播种面积", "Grain sown area", "mu"),
    "households": ("户数", "Households", "households"),
    "volume": ("体积", "Volume", "cubic_m"),
    "units": ("台数", "Units", "units"),
    # parts of a region (rules/scope.py): a figure about them is kept under the part's key
    "county_total": ("县域合计", "County-level total", ""),
    "park": ("园区", "Industrial park", ""),
    "subregion": ("市本级或城区", "Part of the region", ""),
    "chain": ("产业链", "Industry chain", ""),
    "other": ("其他", "Other", ""),
}


_DUAL_CURRENCY = frozenset({"fdi", "foreign_trade"})
# key prefixes of figures about part of a region (rules/scope.py)
SCOPES = ("county_total", "park", "subregion", "chain")


@cache
def by_key() -> dict[str, Indicator]:
    """Catalogue indicators keyed by their key."""
    return {i.key: i for i in INDICATORS}


def is_catalogue(key: str) -> bool:
    """True for a core catalogue key."""
    return key in by_key()


def base_key(key: str) -> str:
    """Strip the growth/change suffix: ``gdp_growth`` -> ``gdp``."""
    for suffix in ("_growth", "_change"):
        if key.endswith(suffix):
            return key[: -len(suffix)]
    return key


def display_name(key: str, lang: str = "zh") -> str:
    """Localized name of any key the extractor emits, catalogue or secondary.

    >>> display_name("park_industrial_va_growth"), display_name("gdp", "en")
    ('园区·规模以上工业增加值增长', 'GDP')
    """
    ind = by_key().get(key)
    if ind is not None:
        return ind.zh if lang == "zh" else ind.en
    for scope in SCOPES:
        if key.startswith(scope + "_"):
            zh, en, _ = SECONDARY[scope]
            rest = display_name(key[len(scope) + 1:], lang)
            return f"{zh}·{rest}" if lang == "zh" else f"{en}: {rest}"
    base = base_key(key)
    growth = key != base
    if base in by_key():
        b = by_key()[base]
        name = b.zh if lang == "zh" else b.en
    elif base in SECONDARY:
        zh, en, _ = SECONDARY[base]
        name = zh if lang == "zh" else en
    else:
        name = base
    if not growth:
        return name
    if key.endswith("_change"):
        return f"{name}变化(百分点)" if lang == "zh" else f"{name} change (points)"
    return f"{name}增长" if lang == "zh" else f"{name} growth"


@lru_cache(maxsize=4096)
def allowed_units(key: str) -> frozenset[str] | None:
    """Units a key may carry, or None when any plain unit is acceptable."""
    ind = by_key().get(key)
    if ind is not None:
        # FDI and foreign trade are reported in yuan or in US dollars depending on the source
        # (customs and older bulletins give 亿美元).
        return frozenset({"yuan", "usd"}) if key in _DUAL_CURRENCY else frozenset({ind.unit})
    if key.endswith("_growth"):
        return frozenset({"percent"})
    if key.endswith("_change"):
        return frozenset({"points"})
    return None


def family_of(key: str) -> str:
    """Dashboard family of a key; secondary keys fall in 'other'."""
    ind = by_key().get(base_key(key)) or by_key().get(key)
    return ind.family if ind else "other"


# ------------------------------------------------------------------ plausibility bounds
# Which values a figure can take at all. A value outside is a misreading (a lost decimal point,
# 万 read as 亿, a footnote glued to the number, a sign dropped), never economics, so the record
# is refused with the bound and its reason. Bounds are wide on purpose: they hold from a
# county in the 1980s to the whole country today (national figures: 国家统计局 2024 bulletin),
# and every value of the development gold lies inside (tests/test_bounds.py).


@dataclass(frozen=True)
class Bound:
    """The closed range [low, high] (or (low, high] when low_open) and why it holds."""

    low: float
    high: float
    why: str
    low_open: bool = False  # the low end itself is no reading: a rate of exactly 0

    def admits(self, value: float) -> bool:
        above = self.low < value if self.low_open else self.low <= value
        return above and value <= self.high

    def __str__(self) -> str:
        return f"{'(' if self.low_open else '['}{self.low:g}, {self.high:g}]"


_MONEY_HIGH = 2e14  # 200万亿元: China's GDP was 134.9万亿元 in 2024; no region's total exceeds it
_PART = "a part of a region's output can be small (farming in a city district) but not nil"

# catalogue levels: key -> unit -> bound
LEVEL_BOUNDS: dict[str, dict[str, Bound]] = {
    "gdp": {"yuan": Bound(1e7, _MONEY_HIGH, "a county's GDP is at least tens of millions of "
                          "yuan; China's was 134.9万亿元 in 2024")},
    "gdp_per_capita": {"yuan": Bound(100, 2e6, "China's was 385元 in 1978 and 95,749元 in 2024; "
                                     "the richest counties stay below 200万元")},
    "primary_industry_va": {"yuan": Bound(1e5, _MONEY_HIGH, _PART)},
    "secondary_industry_va": {"yuan": Bound(1e5, _MONEY_HIGH, _PART)},
    "tertiary_industry_va": {"yuan": Bound(1e5, _MONEY_HIGH, _PART)},
    "industrial_va": {"yuan": Bound(1e5, _MONEY_HIGH, _PART)},
    "high_tech_industry_va": {"yuan": Bound(1e5, _MONEY_HIGH, _PART)},
    "fixed_asset_investment": {"yuan": Bound(1e6, _MONEY_HIGH, "a county invests at least "
                                             "millions; China's was 51.4万亿元 in 2024")},
    "retail_sales": {"yuan": Bound(1e6, _MONEY_HIGH, "a county sells at least millions; China's "
                                   "was 48.8万亿元 in 2024")},
    "fiscal_revenue": {"yuan": Bound(1e6, 5e13, "a county collects at least millions; China's "
                                     "general budget revenue was 21.9万亿元 in 2024")},
    "fdi": {"yuan": Bound(1e4, 1e13, "China's was 1.13万亿元 in 2023"),
            "usd": Bound(1e3, 2e12, "China's was about 1,600亿美元 in 2023")},
    "foreign_trade": {"yuan": Bound(1e4, _MONEY_HIGH, "China's was 43.8万亿元 in 2024"),
                      "usd": Bound(1e3, 3e13, "China's was 6.2万亿美元 in 2024")},
    "disposable_income": {"yuan": Bound(50, 5e5, "per person and year: 133.6元 in rural China "
                                        "in 1978, below 10万元 in the richest cities today")},
    "urban_disposable_income": {"yuan": Bound(50, 5e5, "per person and year: 343元 in 1978, "
                                              "below 10万元 in the richest cities today")},
    "rural_disposable_income": {"yuan": Bound(50, 5e5, "per person and year: 133.6元 in 1978, "
                                              "below 10万元 in the richest counties today")},
    "new_urban_jobs": {"persons": Bound(1, 3e7, "China's peak was 1,352万 in 2019")},
    "permanent_population": {"persons": Bound(1e3, 1.5e9, "the smallest counties have "
                                              "thousands of residents; China has 14.1亿")},
    "grain_output": {"tonnes": Bound(1, 1e9, "China's was 7.07亿吨 in 2024")},
    "urbanization_rate": {"percent": Bound(0, 100, "a share of the population", low_open=True)},
    "unemployment_rate": {"percent": Bound(0, 30, "China's surveyed rate has stayed near 5%; "
                                           "30% is beyond any region's", low_open=True)},
    "rd_intensity": {"percent": Bound(0, 20, "R&D spending as a share of GDP: 6.6% in Beijing, "
                                      "the highest province", low_open=True)},
    "energy_intensity_reduction": {"percent": Bound(-50, 50, "energy per unit of GDP changes "
                                                    "by a few percent a year")},
}
_COUNT = Bound(0, 1e6, "an enterprise count is never negative; China counts 51万 above-scale "
               "industrial enterprises and 46万 high-tech enterprises")
for _ind in INDICATORS:
    if _ind.unit == "count":
        LEVEL_BOUNDS[_ind.key] = {"count": _COUNT}

# Annual growth caps in percent (a parsed 99% GDP growth is an error). Growth of an amount that
# is never negative cannot fall below -100%; cumulative growth over a plan span (period
# 2016-2020) may compound the cap over its years.
GROWTH_CAP = 60.0  # macro aggregates: Hubei's GDP fell 39.2% in 2020 Q1, the widest swing seen
GROWTH_CAPS: dict[str, float] = {
    "high_tech_manufacturing_va_growth": 100.0,
    "high_tech_industry_va_growth": 200.0,  # small bases in counties
    "industrial_investment_growth": 100.0,
    "fdi_growth": 1000.0,  # one large project moves a county's FDI many times over
    "foreign_trade_growth": 1000.0,
    "cpi_growth": 30.0,  # China's highest was 24.1% (1994)
}

# Anything else (figures outside the catalogue) by unit: amounts are never negative, and no
# figure exceeds what the whole country counts.
UNIT_BOUNDS: dict[str, Bound] = {
    "yuan": Bound(0, 1e15, "money is never negative; China's M2 was 313万亿元 in 2024"),
    "usd": Bound(0, 1e14, "money is never negative; China's trade was 6.2万亿美元 in 2024"),
    "count": Bound(0, 1e10, "a count is never negative; China has 1.9亿 market entities"),
    "persons": Bound(0, 1.5e9, "people are never negative; China has 14.1亿"),
    "households": Bound(0, 1e9, "China has about 5亿 households"),
    "person_times": Bound(0, 1e12, "China counted 665亿 cross-region trips in 2024"),
    "head": Bound(0, 1e10, "China slaughtered 7亿 pigs in 2024"),
    "birds": Bound(0, 1e11, "China slaughtered 168亿 poultry in 2024"),
    "tonnes": Bound(0, 1e12, "China's freight was 570亿吨 in 2024"),
    "tce": Bound(0, 1e11, "China used 59.6亿吨标准煤 of energy in 2024"),
    "kwh": Bound(0, 1e14, "China used 9.9万亿千瓦时 in 2024"),
    "kw": Bound(0, 1e11, "China's generating capacity was 33.5亿千瓦 in 2024"),
    "teu": Bound(0, 1e10, "China's ports handled 3.3亿标箱 in 2024"),
    "hectares": Bound(0, 1e9, "China's land is 9.6亿公顷"),
    "mu": Bound(0, 2e10, "China's land is 144亿亩"),
    "sqm": Bound(0, 1e13, "floor space is never negative"),
    "cubic_m": Bound(0, 1e14, "China's water resources are 2.8万亿立方米"),
    "km": Bound(0, 1e8, "China's roads run 550万公里"),
    "vehicles": Bound(0, 1e10, "China had 3.5亿 cars in 2024"),
    "units": Bound(0, 1e12, "a count is never negative"),
    "percent": Bound(-1000, 1e5, "a rate beyond is a misreading (增长2.5倍 is 250%)"),
    "points": Bound(-100, 100, "a change of a percentage stays within 100 points"),
    "times": Bound(0, 1e4, "a ratio is never negative"),
}


@lru_cache(maxsize=4096)  # every record is checked: few distinct (key, unit, period) triples
def bound(key: str, unit: str, period: str | None = None, average: bool = False
          ) -> Bound | None:
    """The values a record of ``key`` in ``unit`` may take (None when nothing is known).

    A growth rate over a plan span (``period`` 2016-2020) may be cumulative, so the annual cap
    compounds over its years, unless the rate is said to be an ``average`` (年均增长).

    >>> str(bound("gdp", "yuan")), str(bound("gdp_growth", "percent"))
    ('[1e+07, 2e+14]', '[-60, 60]')
    >>> str(bound("gdp_growth", "percent", "2016-2020"))  # cumulative over five years
    '[-98.976, 948.576]'
    >>> str(bound("gdp_growth", "percent", "2016-2020", average=True))
    '[-60, 60]'
    >>> str(bound("output_value", "yuan")), bound("output_value", "furlongs")
    ('[0, 1e+15]', None)
    """
    level = LEVEL_BOUNDS.get(key, {}).get(unit)
    if level is not None:
        return level
    growth = key.endswith("_growth") and (key in by_key() or base_key(key) in by_key())
    if growth and unit == "percent":
        return _growth_bound(key, None if average else period)
    return UNIT_BOUNDS.get(unit)


def _growth_bound(key: str, period: str | None) -> Bound:
    cap = GROWTH_CAPS.get(key, GROWTH_CAP)
    low, high = -min(cap, 100.0), cap
    why = f"annual growth of {display_name(key, 'en').removesuffix(' growth')} stays within"
    years = _span_years(period)
    if years > 1:  # cumulative over the span: the annual extremes compounded
        low = ((1 + low / 100) ** years - 1) * 100
        high = ((1 + high / 100) ** years - 1) * 100
        why = f"{why} these rates, compounded over the {years} years of {period}"
    else:
        why = f"{why} these rates"
    return Bound(round(low, 3), round(high, 3), why)


def _span_years(period: str | None) -> int:
    """Years a plan span covers: '2016-2020' -> 5; a year or part of one -> 1."""
    if period and len(period) == 9 and period[4] == "-":
        first, last = int(period[:4]), int(period[5:])
        return max(1, last - first + 1)
    return 1
