"""The region profile (全市主要指标一览): every core indicator of one region for one year.

One row per catalogue indicator family member that has figures: the level (地区生产总值),
its growth, the target announced for it, whether it was met, the region's 位次 among the 14
cities and its gap to the province. Each cell comes from one series row (``views.series``:
conflicts already resolved by rule), whose document and quote the app shows on selection.
"""
from __future__ import annotations

import math

import pandas as pd

from indicators.dashboard.display import format_number, format_value, scale_for
from indicators.dashboard.i18n import t
from indicators.dashboard.views import LOWER_IS_BETTER
from indicators.records.catalogue import INDICATORS, by_key, display_name

PROFILE_COLUMNS = ["key", "level", "growth", "target", "status", "rank", "province", "gap"]


def _growth_key(key: str) -> str | None:
    g = f"{key}_growth"
    return g if g in by_key() else None


def _rows_of(s: pd.DataFrame, key: str, region: str, kind: str) -> pd.DataFrame:
    return s[(s["indicator"] == key) & (s["region"] == region) & (s["kind"] == kind)
             & s["period"].isna() & s["subject"].isna()]


def _one(s: pd.DataFrame, key: str, region: str, kind: str):
    rows = _rows_of(s, key, region, kind)
    return rows.iloc[0] if len(rows) else None


def profile_rows(s: pd.DataFrame, region: str, year: int, cities: list[str],
                 province: str = "湖南省") -> list[dict]:
    """The profile's rows as dicts: ``key`` (the indicator ranked and compared: the growth
    rate where there is one), and series rows (or None) under ``level``, ``growth``,
    ``target``, plus ``rank`` (位次, n) and ``province`` (the province's series row)."""
    s = s[s["year"] == year]
    out = []
    growth_keys = {g for i in INDICATORS if (g := _growth_key(i.key))}
    for ind in INDICATORS:
        if ind.key in growth_keys:
            continue  # shown beside its level
        g = _growth_key(ind.key)
        rate = g or (ind.key if ind.unit == "percent" else None)
        level = None if rate == ind.key else _one(s, ind.key, region, "actual")
        growth = _one(s, rate, region, "actual") if rate else None
        target = (_one(s, rate, region, "target") if rate else None)
        if target is None:
            target = _one(s, ind.key, region, "target")
        if level is None and growth is None and target is None:
            continue
        ranked = rate if growth is not None else ind.key
        out.append({"key": ind.key, "ranked": ranked, "level": level, "growth": growth,
                    "target": target, "rank": _rank(s, ranked, region, cities),
                    "province": None if region == province
                    else _one(s, ranked, province, "actual")})
    return out


def _rank(s: pd.DataFrame, key: str, region: str, cities: list[str]) -> tuple[int, int] | None:
    """(位次, how many cities report it) among the 14 cities, best first."""
    if region not in cities:
        return None
    rows = s[(s["indicator"] == key) & (s["kind"] == "actual") & s["region"].isin(cities)
             & s["period"].isna() & s["subject"].isna()]
    if region not in set(rows["region"]):
        return None
    ranks = rows.set_index("region")["value"].rank(method="min",
                                                  ascending=key in LOWER_IS_BETTER)
    return int(ranks[region]), len(rows)


def _met(target, result, key: str) -> str:
    if target is None or result is None or target["indicator"] != result["indicator"]:
        return ""
    lower = key in LOWER_IS_BETTER or target["qualifier"] == "at_most"
    ok = result["value"] <= target["value"] if lower else result["value"] >= target["value"]
    return "met" if ok else "missed"


def profile_frame(rows: list[dict], lang: str) -> pd.DataFrame:
    """The profile for reading: values with their units, status in words, 位次 as 3/14."""
    def cell(r) -> str:
        if r is None:
            return ""
        q = t("q." + r["qualifier"], lang) if isinstance(r["qualifier"], str) else ""
        value = format_value(r["value"], r["unit"], lang, r["indicator"])
        if r["qualifier"] in ("over", "nearly"):  # 超过3,000亿元; 5.5%左右
            return f"{q}{value}" if lang == "zh" else f"{q} {value}"
        return value + q if lang == "zh" or not q else f"{value} {q}"

    data = []
    for row in rows:
        result = row["growth"] if row["growth"] is not None else row["level"]
        status = _met(row["target"], result, row["ranked"])
        gap = ""
        if row["province"] is not None and result is not None \
                and result["indicator"] == row["province"]["indicator"]:
            diff = result["value"] - row["province"]["value"]
            unit = result["unit"]
            scale = scale_for(unit, [abs(diff)], result["indicator"])
            gap = ("+" if diff > 0 else "") + format_number(diff / scale.factor) + \
                (t("unit.pp", lang) if unit == "percent" else scale.label(lang))
        data.append({
            t("col.indicator", lang): display_name(row["key"], lang),
            t("col.level", lang): cell(row["level"]),
            t("col.growth", lang): cell(row["growth"]),
            t("col.target", lang): cell(row["target"]),
            t("col.status", lang): t("chart." + status, lang) if status else "",
            t("col.rank", lang): f"{row['rank'][0]}/{row['rank'][1]}" if row["rank"] else "",
            t("col.province", lang): cell(row["province"]),
            t("col.gap", lang): gap,
        })
    return pd.DataFrame(data)


def cells_of(row: dict) -> list[tuple[str, pd.Series]]:
    """The series rows behind one profile row, labelled (for the quotes panel)."""
    return [(name, r) for name, r in (("col.level", row["level"]), ("col.growth", row["growth"]),
                                      ("col.target", row["target"]),
                                      ("col.province", row["province"]))
            if r is not None and not (isinstance(r, float) and math.isnan(r))]
