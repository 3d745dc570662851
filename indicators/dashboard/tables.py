"""Localized tables for the Table and Sources views and the source passage of a record.

Pure functions over store frames; column headers come from i18n so the CSV/XLSX a user
downloads carries the same headers as the table on screen.
"""
from __future__ import annotations

import datetime as dt
import html
import re

import pandas as pd

from indicators.dashboard.display import format_number, format_value, scale_for
from indicators.dashboard.i18n import t
from indicators.records.catalogue import display_name

# Column keys of the records table, in order; the screen hides the last group (number,
# display number/unit, base unit, rule), the downloads keep them all.
TABLE_COLUMNS = ["region", "indicator", "year", "period", "kind", "value", "qualifier",
                 "subject", "chosen", "review", "evidence", "title", "issuer", "date", "url",
                 "quote", "sources", "conflict", "citation", "shown_number", "shown_unit", "number",
                 "unit", "rule", "document"]
SCREEN_HIDDEN = ("citation", "shown_number", "shown_unit", "number", "unit", "rule", "document",
                 "issuer", "url")


def with_documents(records: pd.DataFrame, docs: pd.DataFrame) -> pd.DataFrame:
    """``records`` with their document's title, issuer, URL and kind (doc_type) attached
    (from ``queries.document_catalogue``); records keep their order and index."""
    cols = ["doc", "title", "issuer", "url", "doc_type"]
    meta = docs[[c for c in cols if c in docs]].drop_duplicates("doc").set_index("doc")
    out = records.copy()
    for c in cols[1:]:
        out[c] = records["doc"].map(meta[c]) if c in meta else None
    return out


def citation(title, issuer, date, doc: str) -> str:
    """The line an analyst pastes under a table (``Source.citation``).

    >>> citation("长沙市2022年国民经济和社会发展统计公报", "长沙市统计局",
    ...          dt.date(2023, 4, 7), "x")
    '来源：长沙市统计局《长沙市2022年国民经济和社会发展统计公报》，2023-04-07'
    """
    from indicators.text.sources import Source

    def txt(v):
        return v if isinstance(v, str) and v else None

    when = date.isoformat() if isinstance(date, dt.date) else None
    return Source(file=doc, title=txt(title), issuer=txt(issuer), date=when).citation()


def display_scales(records: pd.DataFrame) -> pd.Series:
    """Per record, the display scale of its indicator and unit across the frame, so one
    indicator's column of numbers shares one unit (亿元, 万人)."""
    scales = {k: scale_for(k[1], g["value"], k[0])
              for k, g in records.groupby(["indicator", "unit"], sort=False)}
    return pd.Series([scales[(i, u)] for i, u in zip(records["indicator"], records["unit"],
                                                      strict=True)],
                     index=records.index, dtype=object)


def table_frame(records: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per record: region, localized indicator, year, period, kind, value with its
    unit, qualifier, subject, whether its value is the one shown (conflicts resolved by
    rule), whether an analyst reviewed it (accepted, corrected, added), how its year was
    decided, the document (title, issuer, date as a date, URL), the
    quote, sources count, conflict flag, a citation line, the number in display units
    (亿元, 万人) and in base units with both units, the rule id and the store's name."""
    from indicators.dashboard.display import region_label
    from indicators.dashboard.resolve import mark_chosen
    from indicators.dashboard.views import period_label

    records = mark_chosen(records)
    names = {k: display_name(k, lang) for k in records["indicator"].unique()}
    scales = display_scales(records) if len(records) else pd.Series(dtype=object)
    n = len(records)

    def col(name):
        return records[name] if name in records else pd.Series([None] * n, index=records.index)

    data = {
        "region": records["region"].map(lambda r: region_label(r, lang)),
        "indicator": records["indicator"].map(names),
        "year": records["year"].astype("Int64"),
        "period": records["period"].map(lambda p: period_label(p, lang)),
        "kind": records["kind"].map(lambda k: t("kind." + k, lang)),
        "value": [format_value(v, u, lang, k) for v, u, k in
                  zip(records["value"], records["unit"], records["indicator"], strict=True)],
        "qualifier": records["qualifier"].map(lambda q: t("q." + q, lang) if q else ""),
        "subject": records["subject"].fillna(""),
        "chosen": records["chosen"].map(lambda c: t("table.chosen" if c else "table.overruled",
                                                    lang)),
        "review": [t(f"review.state.{r}", lang) if isinstance(r, str) and r else ""
                   for r in col("review")],
        "evidence": col("evidence").fillna(""),
        "title": [tt if isinstance(tt, str) and tt else d
                  for tt, d in zip(col("title"), records["doc"], strict=True)],
        "issuer": col("issuer").fillna(""),
        "date": [d if isinstance(d, dt.date) else None for d in records["date"]],
        "url": col("url").fillna(""),
        "quote": records["quote"],
        "sources": records["n_sources"].astype("Int64"),
        "conflict": records["conflict"].map(lambda c: t("yes" if c else "no", lang)),
        "citation": [citation(tt, i, d, doc) for tt, i, d, doc in
                     zip(col("title"), col("issuer"), records["date"], records["doc"],
                         strict=True)],
        "shown_number": [v / s.factor for v, s in zip(records["value"], scales, strict=True)],
        "shown_unit": [s.label(lang) for s in scales],
        "number": records["value"],
        "unit": records["unit"],
        "rule": records["rule_id"],
        "document": records["doc"],
    }
    frame = pd.DataFrame(data, index=records.index).reset_index(drop=True)
    return frame.rename(columns=headers(lang))


def headers(lang: str) -> dict[str, str]:
    """Column key -> localized header."""
    mapping = {"document": "col.doc_id", "sources": "col.sources", "number": "col.number",
               "rule": "col.rule", "title": "col.document"}
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
    """Documents as an analyst cites them: title, issuing body, date, region, URL, kind,
    licence and the citation line; then records, regions covered and the store's name."""
    from indicators.dashboard.display import region_label

    n = len(docs)

    def col(name):
        return docs[name] if name in docs else pd.Series([None] * n, index=docs.index)

    frame = pd.DataFrame({
        t("col.document", lang): [tt if isinstance(tt, str) and tt else d
                                  for tt, d in zip(col("title"), docs["doc"], strict=True)],
        t("col.issuer", lang): col("issuer").fillna(""),
        t("col.date", lang): [d if isinstance(d, dt.date) else None for d in docs["date"]],
        t("col.home_region", lang): docs["home_region"].map(
            lambda r: region_label(r, lang) if isinstance(r, str) else ""),
        t("col.url", lang): col("url").fillna(""),
        t("col.doc_type", lang): col("doc_type").map(
            lambda k: t("doctype." + k, lang) if k in DOC_TYPES else (k or "")),
        t("col.licence", lang): col("licence").fillna(""),
        t("col.citation", lang): [citation(tt, i, d, doc) for tt, i, d, doc in
                                  zip(col("title"), col("issuer"), docs["date"], docs["doc"],
                                      strict=True)],
        t("col.records", lang): col("n_records"),
        t("col.regions", lang): col("regions").fillna(""),
        t("col.doc_id", lang): docs["doc"],
    })
    if "n_records" not in docs:
        frame = frame.drop(columns=[t("col.records", lang), t("col.regions", lang)])
    return frame.reset_index(drop=True)


DOC_TYPES = ("report", "bulletin", "plan", "news", "other")


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
