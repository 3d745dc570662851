"""Pieces several views use: a chart with its source line, a figure's passage, messages."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from indicators.app.data import load_catalogue, load_text
from indicators.app.urlstate import view_url
from indicators.dashboard import charts, exports, tables, views
from indicators.dashboard.display import md_escape, region_label
from indicators.dashboard.i18n import t
from indicators.records.catalogue import display_name

_MIME = {"png": "image/png", "svg": "image/svg+xml"}


def plain(kind: str, text: str) -> None:
    """st.error / st.warning / st.success / st.info with ``text`` shown as written (Markdown
    escaped): messages may quote file names or document text."""
    getattr(st, kind)(md_escape(text))


def chart(spec: dict, ctx: dict, lang: str, alt: str, docs=None, key: str = "chart") -> None:
    """A Vega-Lite chart with a source line and the view's URL under its title, and a button
    that saves it as PNG or SVG (the 图片格式 switch) named like the downloads, drawn on the
    server only when clicked."""
    fmt = st.session_state.get("img", "png")
    spec = charts.with_source(spec, source_line(ctx, docs, lang), view_url())
    st.vega_lite_chart(spec=spec, width="stretch", alt=alt)
    st.download_button(t("dl.chart", lang, fmt=fmt.upper()),
                       lambda: exports.chart_image(spec, fmt),
                       file_name=f"{ctx['stem']}.{fmt}", mime=_MIME[fmt], key=f"dl_{key}",
                       on_click="ignore", icon=":material/image:", type="tertiary")


def source_line(ctx: dict, docs, lang: str) -> str:
    """``来源：国务院《…》等3份文件 · 湖南经济指标数据库 · 2026-03-01``."""
    today = dt.date.today().isoformat()
    if docs is None or len(docs) == 0:
        return t("chart.source_none", lang, date=today)
    first = docs.iloc[0]
    cite = tables.citation(first.get("title"), first.get("issuer"), first.get("date"),
                           first["doc"])
    more = t("chart.source_more", lang, n=len(docs)) if len(docs) > 1 else ""
    return t("chart.source_line", lang, cite=cite, more=more, date=today)


def chart_docs(recs, ctx: dict):
    """The documents behind a chart, most recent first (for its source line)."""
    cat = load_catalogue(ctx["path"], ctx["token"])
    used = cat[cat["doc"].isin(set(recs["doc"]))]
    return used.sort_values("date", ascending=False, na_position="last")


def image_format_picker(lang: str) -> None:
    st.segmented_control(t("dl.image_format", lang), ["png", "svg"], key="img", default="png",
                         required=True, format_func=str.upper,
                         help=t("dl.png_hint", lang))


def quote_block(ctx: dict, r, lang: str) -> None:
    """One figure's passage with the quote marked, and its citation (all escaped)."""
    text = load_text(ctx["path"], ctx["token"], r["doc"])
    if text is not None:
        st.html(f'<div style="line-height:1.8">'
                f'{tables.passage_html(text, int(r["start"]), int(r["end"]))}</div>')
    cat = load_catalogue(ctx["path"], ctx["token"]).set_index("doc")
    meta = cat.loc[r["doc"]] if r["doc"] in cat.index else {}
    st.text(tables.citation(meta.get("title"), meta.get("issuer"), r.get("date", meta.get(
        "date")), r["doc"]))


def empty_note(ctx: dict, lang: str, regions) -> None:
    """No records for this filter: say which filter, and where the indicator has data."""
    ov = ctx["ov"]
    st.info(t("empty.filter", lang))
    where = [region_label(r, lang) for r in views.regions_reporting(ov.pairs, ctx["indicator"])
             if r not in regions]
    if where:
        st.caption(t("empty.where", lang, indicator=display_name(ctx["indicator"], lang),
                     regions="、".join(where)))
