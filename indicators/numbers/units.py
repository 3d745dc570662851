"""The words around a number: scales (万, 亿), units (亿元 → yuan, 万标箱 → teu) and qualifiers
(约, 以上, 多). Data only; quantities.py builds its one pattern from these tables.

Base unit names follow the development gold (tests/gold/dev.jsonl): head for livestock, birds
for poultry, kwh, teu, tce (tonnes of standard coal equivalent), hectares, sqm, cubic_m.
"""
from __future__ import annotations

from decimal import Decimal

SCALES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10,
    "十亿": Decimal(10) ** 9, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6, "十万": Decimal(10) ** 5, "万": Decimal(10) ** 4,
    "千": Decimal(1000), "百": Decimal(100),
}

_ONE = Decimal(1)

# surface unit -> (base unit, factor to the base unit). The pattern tries longer units first,
# so 千瓦时 wins over 千瓦 and 吨标准煤 over 吨.
UNITS: dict[str, tuple[str, Decimal]] = {
    "%": ("percent", _ONE),
    "个百分点": ("points", _ONE),
    "百分点": ("points", _ONE),
    "倍": ("times", _ONE),
    "元": ("yuan", _ONE),
    "美元": ("usd", _ONE),
    "家": ("count", _ONE),
    "个": ("count", _ONE),  # 就业岗位…个 may be persons: the rule decides, not the number
    "项": ("count", _ONE),
    "所": ("count", _ONE),
    "座": ("count", _ONE),
    "件": ("count", _ONE),
    "户": ("households", _ONE),
    "台": ("units", _ONE),
    "辆": ("vehicles", _ONE),
    "人次": ("person_times", _ONE),
    "人": ("persons", _ONE),
    "名": ("persons", _ONE),
    # livestock: 生猪出栏…万头, 羊…万只 (head); poultry: 家禽出笼…万羽 (birds)
    "头": ("head", _ONE),
    "只": ("head", _ONE),
    "羽": ("birds", _ONE),
    "吨": ("tonnes", _ONE),
    "公斤": ("tonnes", Decimal("0.001")),
    "斤": ("tonnes", Decimal("0.0005")),
    # energy consumption: 吨标准煤 is tonnes of coal equivalent, never plain tonnes
    "吨标准煤": ("tce", _ONE),
    "吨标煤": ("tce", _ONE),
    "千瓦时": ("kwh", _ONE),
    "度": ("kwh", _ONE),  # only after 万/亿 (用电量12亿度): a bare 25度 is a temperature
    "千瓦": ("kw", _ONE),
    "标准箱": ("teu", _ONE),
    "标箱": ("teu", _ONE),
    "TEU": ("teu", _ONE),
    "亩": ("mu", _ONE),
    "千公顷": ("hectares", Decimal(1000)),
    "公顷": ("hectares", _ONE),
    "平方米": ("sqm", _ONE),
    "平米": ("sqm", _ONE),
    "㎡": ("sqm", _ONE),
    "立方米": ("cubic_m", _ONE),
    "公里": ("km", _ONE),
}
# units that are amounts of something only with a scale in front (12亿度, not 25度)
SCALED_ONLY = frozenset({"度"})
# words a unit character may begin: 百亿头部企业 (leading firms) holds no head of cattle
UNIT_NOT_BEFORE = {"头": "部"}
RATE_UNITS = frozenset({"%", "个百分点", "百分点", "倍"})

QUALIFIERS_BEFORE = {
    "约": "approx", "大约": "approx", "近": "nearly", "接近": "nearly", "将近": "nearly",
    "超过": "over", "超": "over", "突破": "over",
    # 迈上3000亿元台阶, 跨越200亿元台阶: a threshold passed
    "迈上": "over", "跨上": "over", "站上": "over", "跨越": "over", "迈入": "over", "跨入": "over",
    "跃上": "over", "登上": "over", "逾": "over", "过": "over", "高于": "over",
    "不低于": "at_least", "不少于": "at_least", "至少": "at_least",
    "不超过": "at_most", "不高于": "at_most", "低于": "at_most", "控制在": "at_most",
    "不到": "at_most", "不足": "at_most",
}
QUALIFIERS_AFTER = {
    "以上": "at_least", "及以上": "at_least", "左右": "approx", "上下": "approx",
    "以内": "at_most", "之内": "at_most", "以下": "at_most", "多": "over", "余": "over",
}
