"""Frames and plotly figures behind each dashboard view.

Pure functions: a records frame (``queries.query_records``) in, pandas frames and plotly
figures out. Nothing here imports streamlit, so every view is testable without the app.

A *series* row is one figure per key (region, indicator, kind, year, period, subject,
unit). Where sources disagree the value from the most recently published document is the
one plotted, and the row carries ``conflict`` and the ``others`` values so the chart says so.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from indicators.dashboard.display import (
    axis_title,
    format_number,
    format_value,
    region_colours,
    region_label,
    region_order,
    scale_for,
)
from indicators.dashboard.i18n import t
from indicators.dashboard.resolve import GROUP, rank_frame
from indicators.records.catalogue import display_name
from indicators.store.db import KEY

# Indicators where a lower result is the better one (a ceiling, not a floor).
LOWER_IS_BETTER = frozenset({"cpi_growth", "unemployment_rate", "registered_unemployment_rate"})
MET_COLOUR, MISSED_COLOUR, PENDING_COLOUR, TARGET_COLOUR = "#1b7f3b", "#c62828", "#9e9e9e", \
    "#37474f"
PROVINCE_LINE = "#4d4d4d"
_LAYOUT = dict(template="plotly_white", margin=dict(l=10, r=10, t=60, b=10),
               font=dict(family="Noto Sans CJK SC, Source Han Sans SC, sans-serif", size=13),
               hoverlabel=dict(align="left"))
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
    return RegionTree(top, counties, [gaz.HUNAN, *cities], have, [*nation, gaz.HUNAN])


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


def _in_year(s: pd.DataFrame) -> pd.DataFrame:
    """Whole years and parts of a year (cumulative 1–6月, quarters): what a trend plots."""
    return s[[not is_plan_period(p) for p in s["period"]]]


def _line_name(region: str, subject, lang: str = "zh", period=None) -> str:
    name = region_label(region, lang)
    if isinstance(subject, str) and subject:
        name = f"{name}·{html.escape(subject)}"  # document text: never markup in plotly
    return f"{name} {period_label(period, lang)}" if isinstance(period, str) else name


def _hover(s: pd.DataFrame, indicator: str, lang: str) -> list[str]:
    kinds = {k: t("kind." + k, lang) for k in ("target", "actual")}
    out = []
    for region, subject, year, kind, value, unit, qual, n, conflict, others in zip(
            s["region"], s["subject"], s["year"], s["kind"], s["value"], s["unit"],
            s["qualifier"], s["n_sources"], s["conflict"], s["others"], strict=True):
        text = (f"<b>{_line_name(region, subject, lang)}</b> {year} {kinds[kind]}<br>"
                f"{format_value(value, unit, lang, indicator)}{_qual(qual, lang)}<br>"
                f"{t('chart.sources', lang, n=n)}")
        if conflict:
            alts = "、".join(format_value(v, unit, lang, indicator) for v in others)
            text += "<br>⚠ " + t("chart.conflict", lang, others=alts)
        out.append(text)
    return out


def _qual(q, lang: str) -> str:
    label = t(f"q.{q}", lang) if isinstance(q, str) and q else ""
    return f" {label}" if label and lang == "en" else label


def empty_figure(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font=dict(size=15))
    fig.update_layout(**_LAYOUT, xaxis=dict(visible=False), yaxis=dict(visible=False),
                      height=260)
    return fig


def trend_figure(s: pd.DataFrame, indicator: str, lang: str) -> go.Figure:
    """One line per region (and subject): actuals solid, targets dashed in the same colour;
    parts of a year (1–6月, Q1) are their own dotted series; conflicting points drawn as ✕.
    Plan spans (2021–2025) are not points in time and stay in the table."""
    s = _in_year(s[s["indicator"] == indicator])
    if s.empty:
        return empty_figure(t("chart.no_data", lang))
    unit = s["unit"].mode().iat[0]
    s = s[s["unit"] == unit]
    scale = scale_for(unit, s["value"], indicator)
    colours = region_colours(dict.fromkeys(s["region"]))
    rank = {r: i for i, r in enumerate(region_order(s["region"]))}
    s = s.sort_values("year", kind="stable")
    traces = []  # plain dicts, validated once by go.Figure: a third of the time of add_trace
    for (region, subject, kind, period), k in s.groupby(
            ["region", "subject", "kind", "period"], dropna=False, sort=False):
        name = _line_name(region, subject, lang, period)
        target = kind == "target"
        part = isinstance(period, str)
        conflict = k["conflict"].to_numpy()
        symbol = ("diamond" if part else "circle") + ("-open" if target else "")
        traces.append(((rank[region], str(subject), part, str(period), target), dict(
            type="scatter", x=k["year"].to_numpy(), y=(k["value"] / scale.factor).to_numpy(),
            mode="lines+markers", legendgroup=name, hoverinfo="text",
            name=name + (t("chart.target_suffix", lang) if target else ""),
            hovertext=_hover(k, indicator, lang),
            line=dict(color=colours[region], width=1.5 if part else 2,
                      dash="dash" if target else ("dot" if part else "solid")),
            marker=dict(size=[11 if c else 7 for c in conflict],
                        symbol=["x" if c else symbol for c in conflict])
            if conflict.any() else dict(size=7, symbol=symbol))))
    traces.sort(key=lambda pair: pair[0])  # hierarchy order, each actual before its target
    layout = dict(
        **_LAYOUT, height=460, showlegend=True,
        title=t("chart.trend_title", lang, indicator=display_name(indicator, lang)),
        xaxis=dict(title=t("chart.year", lang), tickformat="d"),
        yaxis=dict(title=axis_title(indicator, unit, s["value"], lang)),
        legend=dict(orientation="h", yanchor="top", y=-0.15, x=0))
    return go.Figure(data=[tr for _, tr in traces], layout=layout)


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
                       label=[_line_name(r, sub, lang) for r, sub in zip(rows["region"],
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


def compare_figure(frame: pd.DataFrame, indicator: str, year: int, lang: str,
                   province: float | None = None) -> go.Figure:
    """Bars ranked best first, labelled with their 位次, and the province as a line."""
    if frame.empty:
        return empty_figure(t("empty.year", lang))
    unit = frame["unit"].iat[0]
    scale = scale_for(unit, frame["value"], indicator)
    kind = frame["kind"].iat[0]
    colours = region_colours(dict.fromkeys(frame["region"]))
    labels = [t("chart.rank_label", lang, rank=r, name=_line_name(reg, sub, lang))
              for r, reg, sub in zip(frame["rank"], frame["region"], frame["subject"],
                                     strict=True)]
    fig = go.Figure(go.Bar(
        x=frame["value"] / scale.factor, y=labels, orientation="h",
        marker_color=[colours[r] for r in frame["region"]],
        text=[format_number(v / scale.factor) for v in frame["value"]], textposition="auto",
        hovertext=_hover(frame, indicator, lang), hoverinfo="text"))
    if province is not None:
        x = province / scale.factor
        fig.add_vline(x=x, line=dict(color=PROVINCE_LINE, dash="dash", width=2))
        fig.add_annotation(x=x, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                           text=t("chart.province_line", lang, value=format_number(x)),
                           font=dict(color=PROVINCE_LINE))
    fig.update_layout(
        **_LAYOUT, height=140 + 28 * len(frame), showlegend=False,
        title=t("chart.rank_title", lang, year=year, indicator=display_name(indicator, lang),
                kind=t("kind." + kind, lang)),
        xaxis=dict(title=axis_title(indicator, unit, frame["value"], lang)),
        yaxis=dict(autorange="reversed", automargin=True))
    return fig


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


def targets_figure(frame: pd.DataFrame, indicator: str, lang: str) -> go.Figure:
    """A dumbbell per region and year: target ◇ joined to the result ●, green if met."""
    if frame.empty:
        return empty_figure(t("empty.targets", lang))
    unit = frame["unit"].iat[0]
    scale = scale_for(unit, pd.concat([frame["target"], frame["actual"]]), indicator)
    labels = [f"{_line_name(r, sub, lang)} {y}" + (f" {p}" if isinstance(p, str) else "")
              for r, sub, y, p in frame[["region", "subject", "year", "period"]]
              .itertuples(index=False)]
    xs, ys = [], []
    for lab, a, b in zip(labels, frame["target"], frame["actual"], strict=True):
        if pd.notna(b):
            xs += [a / scale.factor, b / scale.factor, None]
            ys += [lab, lab, None]
    colour = {"met": MET_COLOUR, "missed": MISSED_COLOUR, "pending": PENDING_COLOUR}
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(color="#b0bec5", width=3),
                             hoverinfo="skip", showlegend=False))
    fig.add_trace(go.Scatter(
        x=frame["target"] / scale.factor, y=labels, mode="markers", name=t("col.target", lang),
        marker=dict(symbol="diamond-open", size=12, color=TARGET_COLOUR, line=dict(width=2)),
        hovertext=[f"{lab}<br>{t('col.target', lang)}: {format_value(v, unit, lang, indicator)}"
                   f"{_qual(q, lang)}" for lab, v, q in zip(labels, frame["target"],
                                                              frame["target_qualifier"],
                                                              strict=True)],
        hoverinfo="text"))
    done = frame["actual"].notna()
    fig.add_trace(go.Scatter(
        x=frame.loc[done, "actual"] / scale.factor, y=[lab for lab, d in zip(labels, done,
                                                                                strict=True)
                                                        if d],
        mode="markers", name=t("col.actual", lang),
        marker=dict(size=12, color=[colour[s] for s in frame.loc[done, "status"]]),
        hovertext=[f"{lab}<br>{t('col.actual', lang)}: {format_value(a, unit, lang, indicator)}"
                   f"<br>{t('col.gap', lang)}: {format_number(g / scale.factor)}"
                   f" · {t('chart.' + ('met' if s == 'met' else 'missed'), lang)}"
                   for lab, a, g, s in zip([x for x, d in zip(labels, done, strict=True) if d],
                                           frame.loc[done, "actual"], frame.loc[done, "gap"],
                                           frame.loc[done, "status"], strict=True)],
        hoverinfo="text"))
    fig.update_layout(
        **_LAYOUT, height=140 + 30 * len(frame),
        title=t("chart.targets_title", lang, indicator=display_name(indicator, lang)),
        xaxis=dict(title=axis_title(indicator, unit, frame["target"], lang)),
        yaxis=dict(autorange="reversed", automargin=True),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=1, xanchor="right"))
    return fig


def add_source_line(fig: go.Figure, line: str, url: str) -> go.Figure:
    """Put the source line, the date and the view's URL under the title, so a PNG or SVG
    saved from the chart says where its numbers come from."""
    sub = html.escape(line) + (f"<br>{html.escape(url)}" if url else "")
    title = fig.layout.title.text or ""
    fig.update_layout(title=dict(text=title, subtitle=dict(
        text=sub, font=dict(size=10, color="#5f6b73"))),
        margin=dict(t=110 if url else 90))
    return fig
