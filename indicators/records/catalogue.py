"""The indicator catalogue: keys, names, families and units (CATALOGUE.md).

The catalogue is the project's contract with the gold sets and the dashboard,
so it lives in code next to the record model rather than in a rule file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Indicator:
    """One catalogue key with its display names and expected unit."""

    key: str
    zh: str
    en: str
    family: str
    unit: str
    # Growth rates of macro aggregates are bounded; a parsed 900% GDP growth is an error.
    max_abs: float | None = None


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

_GROWTH_CAP = 60.0  # macro growth rates beyond ±60% are misreadings, not economics
# (volatile small aggregates such as FDI or foreign trade get a wider cap below)


def _pair(key: str, zh: str, en: str, family: str, unit: str = "yuan",
          cap: float = _GROWTH_CAP) -> list[Indicator]:
    return [
        Indicator(key, zh, en, family, unit),
        Indicator(f"{key}_growth", f"{zh}增长", f"{en} growth", family, "percent", cap),
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
                 "High-tech manufacturing value added growth", "industry", "percent", 100.0)]
    + _pair("high_tech_industry_va", "高新技术产业增加值", "High-tech industry value added",
            "industry", cap=200.0)
    + _pair("fixed_asset_investment", "固定资产投资", "Fixed-asset investment", "investment")
    + [Indicator("industrial_investment_growth", "工业投资增长", "Industrial investment growth",
                 "investment", "percent", 100.0)]
    + _pair("fdi", "实际使用外资", "Foreign direct investment", "investment",
            cap=1000.0)
    + _pair("retail_sales", "社会消费品零售总额", "Retail sales of consumer goods", "consumption")
    + _pair("foreign_trade", "进出口总额", "Foreign trade", "consumption", cap=1000.0)
    + [Indicator("cpi_growth", "居民消费价格涨幅", "CPI change", "consumption", "percent", 30.0)]
    + _pair("fiscal_revenue", "地方一般公共预算收入", "Local general public budget revenue",
            "fiscal")
    + _pair("disposable_income", "居民人均可支配收入", "Disposable income per capita", "income")
    + _pair("urban_disposable_income", "城镇居民人均可支配收入",
            "Urban disposable income per capita", "income")
    + _pair("rural_disposable_income", "农村居民人均可支配收入",
            "Rural disposable income per capita", "income")
    + [
        Indicator("unemployment_rate", "城镇调查失业率", "Surveyed urban unemployment rate",
                  "income", "percent", 30.0),
        Indicator("new_urban_jobs", "城镇新增就业", "New urban jobs", "income", "persons"),
        Indicator("rd_intensity", "研发经费投入强度", "R&D intensity", "society", "percent", 20.0),
        Indicator("energy_intensity_reduction", "单位GDP能耗下降", "Energy intensity reduction",
                  "society", "percent", 50.0),
        Indicator("urbanization_rate", "常住人口城镇化率", "Urbanization rate", "society",
                  "percent", 100.0),
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
    "other": ("其他", "Other", ""),
}


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
    """Localized name of any key the extractor emits, catalogue or secondary."""
    ind = by_key().get(key)
    if ind is not None:
        return ind.zh if lang == "zh" else ind.en
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


def allowed_units(key: str) -> frozenset[str] | None:
    """Units a key may carry, or None when any plain unit is acceptable."""
    ind = by_key().get(key)
    if ind is not None:
        # FDI is reported in yuan or in US dollars depending on the source.
        return frozenset({"yuan", "usd"}) if key == "fdi" else frozenset({ind.unit})
    if key.endswith("_growth"):
        return frozenset({"percent"})
    if key.endswith("_change"):
        return frozenset({"points"})
    return None


def family_of(key: str) -> str:
    """Dashboard family of a key; secondary keys fall in 'other'."""
    ind = by_key().get(base_key(key)) or by_key().get(key)
    return ind.family if ind else "other"
