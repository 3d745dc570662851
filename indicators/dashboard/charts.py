"""Vega-Lite specs behind the trend, compare and targets charts (and their saved images).

Pure functions: a series frame (``views.series``) or a view frame in, a Vega-Lite spec (a
plain dict, data inline) out. Vega-Lite rather than plotly because the browser draws it with
a sixth of the JavaScript (Streamlit's Vega chunk is 0.8 MB, its plotly chunk 4.7 MB, which
took 1–2 s to compile on the landing page), and the dict is built without a validation pass.
Text in Vega-Lite is drawn as text, never read as markup, so subjects and titles from
documents go in as they are.

The same spec is drawn on screen (``width: container``) and saved as PNG or SVG with its
title, source line and the view's URL (``with_source``, ``exports.chart_image``).
"""
from __future__ import annotations

import pandas as pd

from indicators.dashboard.display import (
    axis_title,
    format_number,
    format_value,
    region_colours,
    region_order,
    scale_for,
)
from indicators.dashboard.i18n import t
from indicators.dashboard.views import in_year, line_name
from indicators.records.catalogue import display_name

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"
FONT = "Noto Sans CJK SC, Source Han Sans SC, sans-serif"
MET_COLOUR, MISSED_COLOUR, PENDING_COLOUR, TARGET_COLOUR = ("#1b7f3b", "#c62828", "#9e9e9e",
                                                            "#37474f")
PROVINCE_LINE = "#4d4d4d"
# line styles: results solid, targets dashed, parts of a year (1–6月, Q1) dotted
DASHES = {"actual": [1, 0], "target": [6, 4], "part": [2, 3]}
CROSS = "M-1,-1L1,1M1,-1L-1,1"  # ✕: a conflicting point (a path: Vega's "cross" is a plus)


def _spec(title: str, height: int, **body) -> dict:
    return {"$schema": SCHEMA, "title": {"text": title, "anchor": "start", "font": FONT},
            "width": "container", "height": height,
            "config": {"font": FONT, "view": {"stroke": None},
                       "legend": {"labelLimit": 260}}, **body}


def _with(layer: dict, rows: list[dict]) -> dict:
    """A layer with its own inline data: Streamlit sends a spec's top-level data apart (as
    Arrow) and a layered chart whose layers mix both draws nothing, so every layer carries
    its rows."""
    return {"data": {"values": rows}, **layer}


def empty_spec(message: str) -> dict:
    """A chart that says there is nothing to draw."""
    return _spec("", 260, layer=[_with({"mark": {"type": "text", "fontSize": 15},
                                        "encoding": {"text": {"field": "text",
                                                              "type": "nominal"}}},
                                       [{"text": message}])])


def _tip(row, indicator: str, lang: str, name: str) -> dict:
    """The tooltip fields of one point: what, value, sources, conflicting values."""
    value = format_value(row.value, row.unit, lang, indicator) + _qual(row.qualifier, lang)
    tip = {"name": name, "year": int(row.year), "kind_text": t("kind." + row.kind, lang),
           "value_text": value, "sources_text": t("chart.sources", lang, n=int(row.n_sources))}
    if row.conflict:
        tip["conflict_text"] = t("chart.conflict", lang, others="、".join(
            format_value(v, row.unit, lang, indicator) for v in row.others))
    return tip


def _qual(q, lang: str) -> str:
    label = t(f"q.{q}", lang) if isinstance(q, str) and q else ""
    return f" {label}" if label and lang == "en" else label


def _tooltip(lang: str, conflict: bool) -> list[dict]:
    fields = [("name", "col.region"), ("year", "col.year"), ("kind_text", "col.kind"),
              ("value_text", "col.value"), ("sources_text", "col.sources")]
    if conflict:
        fields.append(("conflict_text", "col.conflict"))
    return [{"field": f, "type": "nominal", "title": t(k, lang)} for f, k in fields]


def trend_spec(s: pd.DataFrame, indicator: str, lang: str) -> dict:
    """One line per region (and subject): actuals solid, targets dashed in the same colour;
    parts of a year (1–6月, Q1) their own dotted series; conflicting points drawn as ✕.
    Plan spans (2021–2025) are not points in time and stay in the table."""
    s = in_year(s[s["indicator"] == indicator])
    if s.empty:
        return empty_spec(t("chart.no_data", lang))
    unit = s["unit"].mode().iat[0]
    s = s[s["unit"] == unit].sort_values("year", kind="stable")
    scale = scale_for(unit, s["value"], indicator)
    colours = region_colours(dict.fromkeys(s["region"]))
    rank = {r: i for i, r in enumerate(region_order(s["region"]))}
    rows, series = [], []
    for (region, subject, kind, period), k in s.groupby(
            ["region", "subject", "kind", "period"], dropna=False, sort=False):
        target, part = kind == "target", isinstance(period, str)
        name = line_name(region, subject, lang, period)
        label = name + (t("chart.target_suffix", lang) if target else "")
        series.append(((rank[region], str(subject), part, str(period), target), label,
                       colours[region], "part" if part else kind))
        style = "part" if part else kind
        for row in k.itertuples(index=False):
            rows.append({"x": int(row.year), "y": row.value / scale.factor, "series": label,
                         "style": style, "fill": 0 if target else 1,
                         "shape": CROSS if row.conflict else
                         ("diamond" if part else "circle"),
                         "size": 150 if row.conflict else 50,
                         **_tip(row, indicator, lang, name)})
    series.sort(key=lambda x: x[0])  # hierarchy order, each actual before its target
    colour = {"field": "series", "type": "nominal", "title": None,
              "scale": {"domain": [x[1] for x in series], "range": [x[2] for x in series]},
              "legend": {"orient": "bottom", "direction": "horizontal", "columns": 4,
                         "symbolType": "stroke", "symbolStrokeWidth": 3,
                         "encode": {"symbols": {"update": {"strokeDash": {
                             "signal": _dash_signal([(x[1], x[3]) for x in series])}}}}}}
    x = {"field": "x", "type": "quantitative", "title": t("chart.year", lang),
         "scale": {"zero": False, "nice": False}, "axis": {"format": "d", "tickMinStep": 1}}
    y = {"field": "y", "type": "quantitative", "scale": {"zero": False},
         "title": axis_title(indicator, unit, s["value"], lang)}
    lines = {"mark": {"type": "line", "strokeWidth": 2},
             "encoding": {"x": x, "y": y, "color": colour, "detail": {"field": "series"},
                          "strokeDash": {"field": "style", "type": "nominal", "legend": None,
                                         "scale": {"domain": list(DASHES),
                                                   "range": list(DASHES.values())}}}}
    points = {"mark": {"type": "point", "strokeWidth": 2, "opacity": 1},
              # the same legend as the lines (merged into one; a hidden one would conflict)
              "encoding": {"x": x, "y": y, "color": colour, "fill": {**colour},
                           "fillOpacity": {"field": "fill", "type": "quantitative",
                                           "legend": None, "scale": None},
                           "shape": {"field": "shape", "type": "nominal", "scale": None,
                                     "legend": None},
                           "size": {"field": "size", "type": "quantitative", "scale": None,
                                    "legend": None},
                           "tooltip": _tooltip(lang, any("conflict_text" in r for r in rows))}}
    title = t("chart.trend_title", lang, indicator=display_name(indicator, lang))
    named = {"data": {"name": "points"}}
    return _spec(title, 460, datasets={"points": rows},
                 layer=[{**named, **lines}, {**named, **points}])


def _dash_signal(styles: list[tuple[str, str]]) -> str:
    """A Vega expression giving each legend entry its line's dash (names as JSON strings,
    so a quote in a subject cannot end the expression).

    >>> _dash_signal([("长沙市（目标）", "target"), ("长沙市", "actual")])[:47]
    'indexof(["长沙市（目标）"], datum.label) >= 0 ? [6, 4]'
    """
    import json

    pick = {k: json.dumps([n for n, s in styles if s == k], ensure_ascii=False)
            for k in ("target", "part")}
    return (f"indexof({pick['target']}, datum.label) >= 0 ? {DASHES['target']} : "
            f"indexof({pick['part']}, datum.label) >= 0 ? {DASHES['part']} : {DASHES['actual']}")


def compare_spec(frame: pd.DataFrame, indicator: str, year: int, lang: str,
                 province: float | None = None) -> dict:
    """Bars ranked best first, labelled with their 位次, and the province as a line."""
    if frame.empty:
        return empty_spec(t("empty.year", lang))
    unit, kind = frame["unit"].iat[0], frame["kind"].iat[0]
    scale = scale_for(unit, frame["value"], indicator)
    colours = region_colours(dict.fromkeys(frame["region"]))
    rows = []
    for row in frame.itertuples(index=False):
        label = t("chart.rank_label", lang, rank=row.rank,
                  name=line_name(row.region, row.subject, lang))
        rows.append({"label": label, "x": row.value / scale.factor,
                     "text": format_number(row.value / scale.factor),
                     **_tip(row, indicator, lang, line_name(row.region, row.subject, lang))})
    labels = [r["label"] for r in rows]
    y = {"field": "label", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelLimit": 240}}
    x = {"field": "x", "type": "quantitative", "axis": {"format": "~g"},
         "title": axis_title(indicator, unit, frame["value"], lang)}
    layer = [
        {"mark": {"type": "bar", "cornerRadiusEnd": 2},
         "encoding": {"y": y, "x": x, "tooltip": _tooltip(lang, "conflict_text" in rows[0]),
                      "color": {"field": "label", "type": "nominal", "legend": None,
                                "scale": {"domain": labels,
                                          "range": [colours[r] for r in frame["region"]]}}}},
        {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12},
         "encoding": {"y": y, "x": x, "text": {"field": "text", "type": "nominal"}}},
    ]
    if province is not None:
        p = province / scale.factor
        line = {"data": {"values": [{"x": p, "text": t("chart.province_line", lang,
                                                       value=format_number(p))}]},
                "encoding": {"x": {"field": "x", "type": "quantitative"}}}
        layer += [{**line, "mark": {"type": "rule", "color": PROVINCE_LINE, "strokeWidth": 2,
                                    "strokeDash": [6, 4]}},
                  {**line, "mark": {"type": "text", "color": PROVINCE_LINE, "y": -8,
                                    "align": "center", "fontSize": 12},
                   "encoding": {**line["encoding"], "text": {"field": "text"}}}]
    title = t("chart.rank_title", lang, year=year, indicator=display_name(indicator, lang),
              kind=t("kind." + kind, lang))
    return _spec(title, 140 + 28 * len(frame),
                 layer=[_with(x, rows) if "data" not in x else x for x in layer])


def targets_spec(frame: pd.DataFrame, indicator: str, lang: str) -> dict:
    """A dumbbell per region and year: target ◇ joined to the result ●, green if met."""
    if frame.empty:
        return empty_spec(t("empty.targets", lang))
    unit = frame["unit"].iat[0]
    scale = scale_for(unit, pd.concat([frame["target"], frame["actual"]]), indicator)
    status = {s: t("chart." + s, lang) for s in ("met", "missed", "pending")}
    target_name = t("col.target", lang)
    rows, spans = [], []
    for r in frame.itertuples(index=False):
        label = f"{line_name(r.region, r.subject, lang)} {r.year}" + (
            f" {r.period}" if isinstance(r.period, str) else "")
        goal = format_value(r.target, unit, lang, indicator) + _qual(r.target_qualifier, lang)
        rows.append({"label": label, "x": r.target / scale.factor, "which": target_name,
                     "shape": "diamond", "fill": 0, "value_text": goal, "status": target_name})
        if pd.notna(r.actual):
            spans.append({"label": label, "x": r.target / scale.factor,
                          "x2": r.actual / scale.factor})
            rows.append({"label": label, "x": r.actual / scale.factor,
                         "which": t("col.actual", lang), "shape": "circle", "fill": 1,
                         "status": status[r.status],
                         "value_text": format_value(r.actual, unit, lang, indicator)
                         + f" · {t('col.gap', lang)} {format_number(r.gap / scale.factor)}"})
    y = {"field": "label", "type": "nominal", "sort": None, "title": None,
         "axis": {"labelLimit": 240}}
    x = {"field": "x", "type": "quantitative", "scale": {"zero": False},
         "axis": {"format": "~g"}, "title": axis_title(indicator, unit, frame["target"], lang)}
    domain = [target_name, status["met"], status["missed"], status["pending"]]
    layer = [{"data": {"values": spans}, "mark": {"type": "rule", "color": "#b0bec5",
                                                  "strokeWidth": 3},
              "encoding": {"y": y, "x": x, "x2": {"field": "x2"}}},
             {"mark": {"type": "point", "size": 140, "strokeWidth": 2, "opacity": 1},
              "encoding": {
                  "y": y, "x": x,
                  "color": {"field": "status", "type": "nominal", "title": None,
                            "scale": {"domain": domain, "range": [
                                TARGET_COLOUR, MET_COLOUR, MISSED_COLOUR, PENDING_COLOUR]},
                            "legend": {"orient": "top"}},
                  "fill": {"field": "status", "type": "nominal", "legend": None,
                           "scale": {"domain": domain, "range": [
                               TARGET_COLOUR, MET_COLOUR, MISSED_COLOUR, PENDING_COLOUR]}},
                  "fillOpacity": {"field": "fill", "type": "quantitative", "scale": None,
                                  "legend": None},
                  "shape": {"field": "shape", "type": "nominal", "scale": None,
                            "legend": None},
                  "tooltip": [{"field": "label", "title": t("col.region", lang)},
                              {"field": "which", "title": t("col.kind", lang)},
                              {"field": "value_text", "title": t("col.value", lang)},
                              {"field": "status", "title": t("col.status", lang)}]}}]
    title = t("chart.targets_title", lang, indicator=display_name(indicator, lang))
    return _spec(title, 180 + 30 * len(frame),
                 layer=[_with(x, rows) if "data" not in x else x for x in layer])


def with_source(spec: dict, line: str, url: str) -> dict:
    """The spec with the source line and the view's URL under its title, so a saved PNG or
    SVG says where its numbers come from."""
    title = {**spec.get("title", {}), "subtitle": [line] + ([url] if url else []),
             "subtitleColor": "#5f6b73", "subtitleFontSize": 10, "subtitleFont": FONT}
    return {**spec, "title": title}


def series_names(spec: dict) -> list[str]:
    """The legend of a trend spec, in order (its colour domain)."""
    for layer in spec.get("layer", []):
        colour = layer.get("encoding", {}).get("color", {})
        if colour.get("legend") is not None and "domain" in colour.get("scale", {}):
            return list(colour["scale"]["domain"])
    return []

