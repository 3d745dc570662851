"""Localized tables for the Table and Sources views and the source passage of a record.

Pure functions over store frames; column headers come from i18n so the CSV/XLSX a user
downloads carries the same headers as the table on screen.
"""
from __future__ import annotations

import html
import re

import pandas as pd

from indicators.dashboard.display import format_number, format_value, scale_for
from indicators.dashboard.i18n import t
from indicators.records.catalogue import display_name

# Column key -> the records-frame column it comes from (None = computed).
TABLE_COLUMNS = ["region", "indicator", "year", "period", "kind", "value", "qualifier",
                 "subject", "document", "date", "quote", "sources", "conflict", "number",
                 "unit", "rule"]


def table_frame(records: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per record: region, localized indicator, year, period, kind, value with its
    unit, qualifier, subject, document, date, quote, sources count, conflict flag, and the
    base-unit number and unit for anyone who wants to compute with it."""
    names = {k: display_name(k, lang) for k in records["indicator"].unique()}
    data = {
        "region": records["region"],
        "indicator": records["indicator"].map(names),
        "year": records["year"].astype("Int64"),
        "period": records["period"].fillna(""),
        "kind": records["kind"].map(lambda k: t("kind." + k, lang)),
        "value": [format_value(v, u, lang, k) for v, u, k in
                  zip(records["value"], records["unit"], records["indicator"], strict=True)],
        "qualifier": records["qualifier"].map(lambda q: t("q." + q, lang) if q else ""),
        "subject": records["subject"].fillna(""),
        "document": records["doc"],
        "date": [d.isoformat() if pd.notna(d) else "" for d in records["date"]],
        "quote": records["quote"],
        "sources": records["n_sources"].astype("Int64"),
        "conflict": records["conflict"].map(lambda c: t("yes" if c else "no", lang)),
        "number": records["value"],
        "unit": records["unit"],
        "rule": records["rule_id"],
    }
    frame = pd.DataFrame(data, index=records.index).reset_index(drop=True)
    return frame.rename(columns=headers(lang))


def headers(lang: str) -> dict[str, str]:
    """Column key -> localized header."""
    mapping = {"document": "col.document", "sources": "col.sources", "number": "col.number",
               "rule": "col.rule"}
    return {c: t(mapping.get(c, f"col.{c}"), lang) for c in TABLE_COLUMNS}


def targets_table(frame: pd.DataFrame, indicator: str, lang: str) -> pd.DataFrame:
    """views.targets_frame for reading: values with units, the gap in the chart's unit,
    the status in words."""
    unit = frame["unit"].iat[0] if len(frame) else "percent"
    scale = scale_for(unit, frame["target"], indicator)

    def value(v) -> str:
        return "" if pd.isna(v) else format_value(v, unit, lang, indicator)

    return pd.DataFrame({
        t("col.region", lang): frame["region"],
        t("col.year", lang): frame["year"].astype("Int64"),
        t("col.period", lang): frame["period"].fillna(""),
        t("col.target", lang): [value(v) + (t("q." + q, lang) if isinstance(q, str) else "")
                                for v, q in zip(frame["target"], frame["target_qualifier"],
                                                strict=True)],
        t("col.actual", lang): [value(v) for v in frame["actual"]],
        f"{t('col.gap', lang)} ({scale.label(lang)})":
            ["" if pd.isna(g) else format_number(g / scale.factor) for g in frame["gap"]],
        t("col.status", lang): [t("chart." + s, lang) for s in frame["status"]],
    }).reset_index(drop=True)


def sources_frame(docs: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Documents with date, home region, records, regions covered, origin, when added."""
    frame = pd.DataFrame({
        t("col.document", lang): docs["doc"],
        t("col.date", lang): [d.isoformat() if pd.notna(d) else "" for d in docs["date"]],
        t("col.home_region", lang): docs["home_region"].fillna(""),
        t("col.records", lang): docs["n_records"],
        t("col.regions", lang): docs["regions"].fillna(""),
        t("col.origin", lang): docs["origin"].fillna(""),
        t("col.added", lang): [str(a)[:19] for a in docs["added_at"]],
    })
    return frame.reset_index(drop=True)


def freshness_frame(fresh: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("col.region", lang): fresh["region"],
        t("col.latest", lang): [d.isoformat() if pd.notna(d) else "" for d in fresh["latest"]],
        t("col.document", lang): fresh["doc"].fillna(""),
        t("col.n_documents", lang): fresh["n_documents"],
    }).reset_index(drop=True)


_NUMBER = re.compile(r"\d[\d,.]*\s*(?:万亿|亿|万|千)?\s*"
                     r"(?:%|个百分点|元|美元|家|个|项|人|吨|辆|倍)?")


def passage_html(text: str, start: int, end: int, context: int = 160) -> str:
    """The passage around ``text[start:end]`` as safe HTML: the quote in <mark>, the
    numbers inside it in bold, ``context`` characters either side (ellipsis when cut).

    >>> passage_html("今年GDP增长5.5%左右。", 2, 13, context=2)
    '今年<mark>GDP增长<b>5.5%</b>左右</mark>。'
    >>> passage_html("上年\\n\\n增长\\n7.5%", 4, 11, context=9)
    '上年 <mark>增长 <b>7.5%</b></mark>'
    """
    lo, hi = max(0, start - context), min(len(text), end + context)
    before = ("…" if lo > 0 else "") + _flat(text[lo:start])
    after = _flat(text[end:hi]) + ("…" if hi < len(text) else "")
    quote, parts, pos = text[start:end], [], 0
    for m in _NUMBER.finditer(quote):
        parts += [_flat(quote[pos:m.start()]), f"<b>{_flat(m.group())}</b>"]
        pos = m.end()
    parts.append(_flat(quote[pos:]))
    return f"{before}<mark>{''.join(parts)}</mark>{after}"


_BREAKS = re.compile(r"\s*\n\s*")


def _flat(s: str) -> str:
    """Escaped text with line breaks folded to one space: pages copied from the web break
    lines every few characters, which would make a passage a column of fragments."""
    return html.escape(_BREAKS.sub(" ", s))
