"""The map view: Hunan's 14 cities (or one city's counties) coloured by one figure.

Drawn with Altair (Vega-Lite) from the offline boundaries in ``geo``: the projection is
fitted to the features at whatever width the page gives the chart, so the province fits a
1366 px desktop and a 390 px phone alike, and nothing is fetched from the network. Every area
is labelled with its name; an area without a figure is light grey and named in the caption,
and a filter with no figure at all gets a note instead of a grey map.
"""
from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from indicators.dashboard import geo
from indicators.dashboard.display import format_value, region_label, scale_for
from indicators.dashboard.i18n import t
from indicators.records.catalogue import display_name

NO_DATA_COLOUR = "#eceff1"
_FONT = "Noto Sans CJK SC, Source Han Sans SC, sans-serif"


def map_scope(selected: Sequence[str]) -> tuple[dict, str | None]:
    """The map's features: one chosen city's counties, otherwise the 14 cities.
    Returns the FeatureCollection and the city (None for the whole province)."""
    cities = [n for n in selected if n in geo.names(geo.cities())]
    if len(cities) == 1:
        return geo.counties(cities[0]), cities[0]
    return geo.cities(), None


def map_rows(s: pd.DataFrame, indicator: str, year: int, names: Sequence[str],
             kind: str) -> pd.DataFrame:
    """The whole-year figures of ``kind`` for the areas on the map (one unit)."""
    rows = s[(s["indicator"] == indicator) & (s["year"] == year) & (s["kind"] == kind)
             & s["region"].isin(names) & s["subject"].isna() & s["period"].isna()]
    if rows.empty:
        return rows
    return rows[rows["unit"] == rows["unit"].mode().iat[0]]


def _centre(geometry: dict) -> tuple[float, float]:
    """A label point: the centre of the bounding box of the largest ring."""
    polys = geometry["coordinates"] if geometry["type"] == "MultiPolygon" \
        else [geometry["coordinates"]]
    ring = max((p[0] for p in polys), key=len)
    xs, ys = [c[0] for c in ring], [c[1] for c in ring]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def map_chart(rows: pd.DataFrame, indicator: str, year: int, kind: str, collection: dict,
              lang: str, height: int = 460) -> alt.LayerChart:
    """Areas coloured by value (blues; grey without a figure) with a name on each."""
    unit = rows["unit"].iat[0] if len(rows) else "percent"
    scale = scale_for(unit, rows["value"], indicator)
    by_region = dict(zip(rows["region"], rows["value"], strict=True))
    features, labels = [], []
    for f in collection["features"]:
        name = f["id"]
        value = by_region.get(name)
        shown = region_label(name, lang)
        features.append({"type": "Feature", "geometry": f["geometry"], "properties": {
            "name": shown,
            "value": None if value is None else value / scale.factor,
            "text": t("chart.no_data", lang) if value is None
            else format_value(value, unit, lang, indicator)}})
        lon, lat = _centre(f["geometry"])
        labels.append({"lon": lon, "lat": lat, "name": shown})
    areas = alt.Chart(alt.Data(values=features)).mark_geoshape(
        stroke="white", strokeWidth=1).encode(
        color=alt.condition("datum.properties.value == null", alt.value(NO_DATA_COLOUR),
                            alt.Color("properties.value:Q", title=scale.label(lang),
                                      scale=alt.Scale(scheme="blues"),
                                      legend=alt.Legend(orient="bottom", gradientLength=160))),
        tooltip=[alt.Tooltip("properties.name:N", title=t("col.region", lang)),
                 alt.Tooltip("properties.text:N", title=t("col.value", lang))])
    names = alt.Chart(alt.Data(values=labels)).mark_text(
        fontSize=11, font=_FONT, color="#1f2a33", stroke="white", strokeWidth=3,
        strokeOpacity=0.8).encode(longitude="lon:Q", latitude="lat:Q", text="name:N")
    names_fill = names.mark_text(fontSize=11, font=_FONT, color="#1f2a33")
    title = t("chart.map_title", lang, year=year, indicator=display_name(indicator, lang),
              kind=t("kind." + kind, lang))
    return (alt.layer(areas, names, names_fill)
            .project(type="mercator")
            .properties(height=height, width="container",
                        title=alt.TitleParams(title, font=_FONT, anchor="start"))
            .configure_view(stroke=None)
            .configure(font=_FONT))


def missing(rows: pd.DataFrame, names: Sequence[str]) -> list[str]:
    """Areas on the map without a figure."""
    have = set(rows["region"])
    return [n for n in names if n not in have]
