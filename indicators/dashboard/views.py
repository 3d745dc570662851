"""Frames behind each dashboard view (the charts drawn from them are in ``charts``).

Pure functions: a records frame (``queries.query_records``) in, pandas frames out. Nothing
here imports streamlit, so every view is testable without the app.

A *series* row is one figure per key (region, indicator, kind, year, period, subject,
unit). Where sources disagree the value from the most recently published document is the
one plotted, and the row carries ``conflict`` and the ``others`` values so the chart says so.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from indicators.dashboard.display import (
    region_label,
)
from indicators.dashboard.resolve import GROUP, rank_frame
from indicators.store.db import KEY

# Indicators where a lower result is the better one (a ceiling, not a floor).
LOWER_IS_BETTER = frozenset({"cpi_growth", "unemployment_rate", "registered_unemployment_rate"})
SERIES_COLUMNS = [*KEY, "value", "n_sources", "conflict", "others", "qualifier", "doc", "date",
                  "quote", "start", "end"]
_PLAN = re.compile(r"^\d{4}-\d{4}$")
_MONTHS = re.compile(r"^(\d{1,2})(?:-(\d{1,2}))?$")
_MON = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# ---------------------------------------------------------------- regions


@dataclass(frozen=True)
class RegionTree:
    """The region picker: top-level choices in hierarchy order (全国 → 湖南省 → the cities,
    those with data first), each city's counties, and the default selections."""

    top: list[str]
    counties: dict[str, list[str]]
    default: list[str]  # compare, map, table, downloads: the province and its 14 cities
    present: frozenset[str] = field(default_factory=frozenset)
    trend_default: list[str] = field(default_factory=list)  # a readable handful of lines

    def county_options(self, cities: Sequence[str]) -> list[str]:
        chosen = [c for c in cities if c in self.counties] or list(self.counties)
        return [n for c in chosen for n in self.counties[c]]

    def selection(self, cities: Sequence[str], counties: Sequence[str]) -> tuple[str, ...]:
        """Regions to show: the cities and counties picked, or the default when none."""
        picked = list(dict.fromkeys([*cities, *counties]))
        return tuple(picked or self.default)

    def trend_selection(self, cities: Sequence[str], counties: Sequence[str],
                        everything: bool = False) -> tuple[str, ...]:
        """The trend's lines: the regions picked and the province (the frame of reference),
        or 全国 and the province when none; ``everything`` adds the 14 cities."""
        picked = list(dict.fromkeys([*cities, *counties]))
        base = [*picked, *(r for r in self.trend_default if r == "湖南省")] if picked \
            else list(self.trend_default)
        if everything:
            base += [r for r in self.default if r not in base]
        return tuple(dict.fromkeys(base))


def region_tree(present: Mapping[str, int] | Sequence[str]) -> RegionTree:
    """Hunan's hierarchy from the gazetteer, with 全国 when the store has national figures.

    The 14 cities are always offered (an empty city is a finding, not an error), those with
    records first; regions outside Hunan other than 全国 are never offered (a stray
    mention of 黑龙江省 in a work report is not a region this dashboard covers).
    """
    from indicators.records import regions as gaz

    have = frozenset(present)
    cities = [r.name for r in gaz.hunan_prefectures()]
    counties = {c: [r.name for r in gaz.hunan_counties(c)] for c in cities}
    ordered = [c for c in cities if c in have] + [c for c in cities if c not in have]
    nation = [gaz.COUNTRY] if gaz.COUNTRY in have else []
    top = nation + [gaz.HUNAN, *ordered]
    # the landing trend: the nation and the province; a store without either (only city
    # reports) opens on its first city with figures rather than on an empty chart
    reference = [*nation, gaz.HUNAN] if nation or gaz.HUNAN in have or not have & set(cities) \
        else ordered[:1]
    return RegionTree(top, counties, [gaz.HUNAN, *cities], have, reference)


def default_indicator(pairs: Mapping[tuple[str, str], int], regions: Sequence[str],
                      preferred: str = "gdp_growth") -> str:
    """The indicator a plain link opens on: ``preferred`` when the default regions report
    it, else the catalogue indicator they report most, else whatever is reported most.

    >>> default_indicator({("石峰区", "gdp_growth"): 1, ("湘潭市", "gdp"): 2}, ["湘潭市"])
    'gdp'
    """
    from indicators.records.catalogue import is_catalogue

    wanted = set(regions)
    counts: dict[str, int] = {}
    for (region, ind), n in pairs.items():
        if region in wanted:
            counts[ind] = counts.get(ind, 0) + n
    if counts.get(preferred):
        return preferred
    core = {k: n for k, n in counts.items() if is_catalogue(k)}
    if core or counts:
        pool = core or counts
        return max(sorted(pool), key=pool.get)
    everywhere: dict[str, int] = {}
    for (_, ind), n in pairs.items():
        everywhere[ind] = everywhere.get(ind, 0) + n
    if preferred in everywhere or not everywhere:
        return preferred
    return max(sorted(everywhere), key=everywhere.get)


def regions_reporting(pairs: Mapping[tuple[str, str], int], indicator: str,
                      limit: int = 8) -> list[str]:
    """Regions with records for ``indicator``, most records first (for empty states)."""
    hits = sorted(((n, r) for (r, i), n in pairs.items() if i == indicator), reverse=True)
    return [r for _, r in hits[:limit]]


# ---------------------------------------------------------------- series


def series(records: pd.DataFrame) -> pd.DataFrame:
    """One row per key with the value to plot, chosen by the rule in ``resolve`` (final over
    preliminary, bulletin over report over news, later over earlier, more sources), its
    source count, and the other values when sources disagree."""
    if records.empty:
        return pd.DataFrame(columns=SERIES_COLUMNS)
    df = rank_frame(records)
    first = df.drop_duplicates(GROUP)
    values = df[df["conflict"]].groupby(GROUP, sort=False)["value"].agg(
        lambda v: sorted(set(v)))
    alts = [values.get(k, []) for k in first[GROUP].itertuples(index=False, name=None)]
    first = first.assign(others=[[x for x in a if x != v] for a, v in
                                 zip(alts, first["value"], strict=True)])
    out = first[SERIES_COLUMNS]
    return out.sort_values(["indicator", "region", "year", "kind"], kind="stable",
                           ignore_index=True)


def is_plan_period(period) -> bool:
    """A plan span (2021-2025) rather than part of one year (1-6, Q1, H1, 7).

    >>> is_plan_period("2021-2025"), is_plan_period("1-11"), is_plan_period(None)
    (True, False, False)
    """
    return isinstance(period, str) and bool(_PLAN.match(period))


def period_label(period, lang: str) -> str:
    """``1-6`` -> ``1–6月`` / ``Jan–Jun``; quarters and halves as Q1/H1 in both.

    >>> period_label("1-11", "zh"), period_label("1-11", "en"), period_label("7", "zh")
    ('1–11月', 'Jan–Nov', '7月')
    """
    if not isinstance(period, str) or not period:
        return ""
    m = _MONTHS.match(period)
    if not m:
        return period
    lo, hi = m.group(1), m.group(2)
    if lang == "en":
        return "–".join(_MON[int(x) - 1] for x in (lo, hi) if x)
    return f"{lo}–{hi}月" if hi else f"{lo}月"


def _whole_year(s: pd.DataFrame) -> pd.DataFrame:
    return s[s["period"].isna()]


def in_year(s: pd.DataFrame) -> pd.DataFrame:
    """Whole years and parts of a year (cumulative 1–6月, quarters): what a trend plots."""
    return s[[not is_plan_period(p) for p in s["period"]]]


def line_name(region: str, subject, lang: str = "zh", period=None) -> str:
    """A series' name: region, subject (text from the document, drawn as text by Vega-Lite),
    part of the year.

    >>> line_name("长沙市", "<b>园区</b>", "zh", "1-6")
    '长沙市·<b>园区</b> 1–6月'
    """
    name = region_label(region, lang)
    if isinstance(subject, str) and subject:
        name = f"{name}·{subject}"
    return f"{name} {period_label(period, lang)}" if isinstance(period, str) else name










def partial_count(s: pd.DataFrame, indicator: str) -> int:
    """Figures the trend leaves out: plan spans (2021–2025)."""
    return int(sum(is_plan_period(p) for p in s.loc[s["indicator"] == indicator, "period"]))


def pick_kind(s: pd.DataFrame, indicator: str, year: int) -> str:
    """For a one-year view: actual results where any exist that year, else targets."""
    rows = _whole_year(s[(s["indicator"] == indicator) & (s["year"] == year)])
    return "actual" if (rows["kind"] == "actual").any() or rows.empty else "target"


def years_with_data(s: pd.DataFrame, indicator: str) -> list[int]:
    rows = _whole_year(s[s["indicator"] == indicator])
    return sorted({int(y) for y in rows["year"]}, reverse=True)


def compare_frame(s: pd.DataFrame, indicator: str, year: int, kind: str | None = None,
                  lang: str = "zh") -> pd.DataFrame:
    """Regions ranked for one year: best first (lowest first for a ceiling like CPI); the
    province and the nation are not ranked (they are the reference line), ``rank`` is the
    位次 among the others."""
    kind = kind or pick_kind(s, indicator, year)
    rows = _whole_year(s[(s["indicator"] == indicator) & (s["year"] == year)
                         & (s["kind"] == kind)])
    rows = rows[~rows["region"].isin(REFERENCE)]
    if rows.empty:
        return rows.assign(rank=pd.Series(dtype=int), label=pd.Series(dtype=str))
    unit = rows["unit"].mode().iat[0]
    rows = rows[rows["unit"] == unit]
    rows = rows.sort_values("value", ascending=indicator in LOWER_IS_BETTER, kind="stable")
    rank = rows["value"].rank(method="min", ascending=indicator in LOWER_IS_BETTER)
    rows = rows.assign(rank=rank.astype(int),
                       label=[line_name(r, sub, lang) for r, sub in zip(rows["region"],
                                                                         rows["subject"],
                                                                         strict=True)])
    return rows.reset_index(drop=True)


# Not ranked among the regions: the lines they are compared with.
REFERENCE = ("湖南省", "全国")


def reference_value(s: pd.DataFrame, indicator: str, year: int, kind: str,
                    unit: str, region: str = "湖南省") -> float | None:
    """The province's (or nation's) whole-year figure the regions are compared with."""
    rows = _whole_year(s[(s["indicator"] == indicator) & (s["year"] == year)
                         & (s["kind"] == kind) & (s["region"] == region) & (s["unit"] == unit)
                         & s["subject"].isna()])
    return float(rows["value"].iat[0]) if len(rows) else None




def target_years(s: pd.DataFrame, indicator: str) -> list[int]:
    """Years with an announced target, latest first (the targets view shows one at a time,
    so fourteen cities stay one compact chart)."""
    rows = s[(s["indicator"] == indicator) & (s["kind"] == "target")]
    return sorted({int(y) for y in rows["year"]}, reverse=True)


def targets_frame(s: pd.DataFrame, indicator: str, year: int | None = None) -> pd.DataFrame:
    """Each announced target beside the result reported for the same region, year and
    period: the gap (result − target) and a status: met, missed, or pending."""
    s = s[s["indicator"] == indicator]
    if year is not None:
        s = s[s["year"] == year]
    on = ["region", "year", "period", "subject", "unit"]
    targets = s[s["kind"] == "target"][[*on, "value", "qualifier"]]
    actuals = s[s["kind"] == "actual"][[*on, "value"]]
    m = targets.merge(actuals, on=on, how="left", suffixes=("_target", "_actual"))
    m = m.rename(columns={"value_target": "target", "value_actual": "actual",
                          "qualifier": "target_qualifier"})
    m["gap"] = m["actual"] - m["target"]
    lower = (indicator in LOWER_IS_BETTER) | (m["target_qualifier"] == "at_most")
    met = (m["actual"] <= m["target"]).where(lower, m["actual"] >= m["target"])
    m["status"] = ["pending" if pd.isna(a) else ("met" if ok else "missed")
                   for a, ok in zip(m["actual"], met, strict=True)]
    return m.sort_values(["region", "year"], kind="stable", ignore_index=True)



