"""Frames and field helpers behind the review panels, the Review view and the audit trail.

Pure functions over ``review.pending`` / ``review.history`` frames and query rows; nothing
here imports streamlit. Values are edited in the display unit people read (3,000 亿元, not
300000000000 yuan) and converted back to the base unit the store keeps.
"""
from __future__ import annotations

import datetime as dt
import math

import pandas as pd

from indicators.dashboard.display import format_value, region_label, scale_for
from indicators.dashboard.i18n import t
from indicators.records.catalogue import INDICATORS, display_name
from indicators.records.model import Kind, Qualifier

# the fields a reviewer may correct, in the order the panel shows them
FIELDS = ("value", "unit", "region", "year", "period", "kind", "indicator", "qualifier",
          "subject")
KINDS = tuple(k.value for k in Kind)
QUALIFIERS = tuple(q.value for q in Qualifier)


def unit_options(current: str | None = None) -> list[str]:
    """Every unit the catalogue uses, and the current one.

    >>> "percent" in unit_options() and "yuan" in unit_options()
    True
    """
    units = {i.unit for i in INDICATORS} | {"usd", "points"}
    return sorted(units | ({current} if current else set()))


def indicator_options(present, current: str | None = None) -> list[str]:
    """Catalogue keys, then the other keys the store holds, and the current one."""
    keys = [i.key for i in INDICATORS]
    extra = sorted(set(present) - set(keys) | ({current} - set(keys) if current else set()))
    return keys + extra


def shown_value(value: float, unit: str, indicator: str, lang: str = "zh"
                ) -> tuple[str, str, float]:
    """(number as typed, display unit label, factor): 3e11 yuan -> ('3000', '亿元', 1e8).

    >>> shown_value(3e11, "yuan", "gdp")[:2]
    ('3000', '亿元')
    """
    scale = scale_for(unit, [value], indicator)
    return f"{value / scale.factor:.10g}", scale.label(lang), scale.factor


def parse_value(text: str, factor: float) -> float | None:
    """A typed number (commas and spaces allowed) in display units, as a base-unit value;
    None when it is not a finite number.

    >>> parse_value("3,000", 1e8), parse_value("七", 1), parse_value("inf", 1)
    (300000000000.0, None, None)
    """
    try:
        x = float(str(text).replace(",", "").replace("，", "").strip()) * factor
    except ValueError:
        return None
    return x if math.isfinite(x) else None


def changes(row, edited: dict) -> dict:
    """The fields of ``edited`` that differ from the figure as shown (``row``); an empty
    period or subject means none.

    >>> changes({"year": 2024, "period": None, "value": 5.0}, {"year": 2025, "period": "",
    ...                                                          "value": 5.0})
    {'year': 2025}
    """
    out = {}
    for k, new in edited.items():
        old = row[k] if k in row else None
        old = None if old is None or (isinstance(old, float) and math.isnan(old)) else old
        new = None if new in ("", None) else new
        if k == "value" and old is not None and new is not None:
            same = math.isclose(float(old), float(new), rel_tol=1e-9)
        elif k == "year" and old is not None and new is not None:
            same = int(old) == int(new)
        else:
            same = old == new
        if not same:
            out[k] = new
    return out


def _figure(r, lang: str) -> str:
    if r.get("value") is None or pd.isna(r.get("value")):
        return ""
    ind = r.get("indicator") or ""
    return format_value(r["value"], r.get("unit") or "", lang, ind)


def _title(frame: pd.DataFrame) -> list[str]:
    titles = frame["title"] if "title" in frame else pd.Series([None] * len(frame))
    return [x if isinstance(x, str) and x else d for x, d in zip(titles, frame["doc"],
                                                                 strict=True)]


def pending_frame(pending: pd.DataFrame, lang: str) -> pd.DataFrame:
    """What waits, for reading: why, region, indicator, year, period, kind, figure, year
    evidence, detail, document, quote (most urgent first, as ``review.pending`` gives)."""
    p = pending.reset_index(drop=True)
    return pd.DataFrame({
        t("col.why", lang): [t(f"review.why.{int(x)}", lang) for x in p["priority"]],
        t("col.region", lang): [region_label(r, lang) if isinstance(r, str) else ""
                                for r in p["region"]],
        t("col.indicator", lang): [display_name(k, lang) if isinstance(k, str) else ""
                                   for k in p["indicator"]],
        t("col.year", lang): pd.array([None if pd.isna(y) else int(y) for y in p["year"]],
                                      dtype="Int64"),
        t("col.period", lang): p["period"].fillna(""),
        t("col.kind", lang): [t("kind." + k, lang) if k in KINDS else "" for k in p["kind"]],
        t("col.figure", lang): [_figure(r, lang) for _, r in p.iterrows()],
        t("col.evidence", lang): p["evidence"].fillna(""),
        t("col.detail", lang): p["detail"].fillna("").astype(str),
        t("col.document", lang): _title(p),
        t("col.quote", lang): p["quote"].fillna(""),
    })


def history_frame(history: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The audit trail for reading, newest first: when, who, action, document, changes
    (field: before → after), reason."""
    h = history.reset_index(drop=True)
    when = [x.to_pydatetime().replace(microsecond=0) if isinstance(x, pd.Timestamp) else
            x.replace(microsecond=0) if isinstance(x, dt.datetime) else x
            for x in h["reviewed_at"]]
    return pd.DataFrame({
        t("col.when", lang): when,
        t("col.reviewer", lang): h["reviewer"],
        t("col.action", lang): [t("action." + a, lang) for a in h["action"]],
        t("col.document", lang): _title(h) if len(h) else [],
        t("col.changes", lang): h["changes"].fillna(""),
        t("col.reason", lang): h["reason"].fillna(""),
    })
