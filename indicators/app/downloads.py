"""Downloads under every data view: CSV and Excel of everything the filter selects (every
indicator, not only the one charted), built only when clicked, and the image format switch."""
from __future__ import annotations

import datetime as dt

import streamlit as st

from indicators.app.data import load_catalogue, load_records, load_span
from indicators.app.parts import image_format_picker
from indicators.dashboard import exports, tables
from indicators.dashboard.display import region_label
from indicators.dashboard.i18n import t


def downloads(ctx: dict, lang: str) -> None:
    """CSV and XLSX of everything the filter selects (every indicator), built on click."""
    ov = ctx["ov"]
    regions = ctx["regions"] if ctx["cities"] or ctx["counties"] else \
        tuple(dict.fromkeys([*ctx["tree"].trend_default, *ctx["regions"]]))
    args = (ctx["path"], ctx["token"], regions, (), ctx["years"], ctx["kinds"])
    region_name = exports.selection_label(ctx["regions"], ctx["tree"].default, lang)

    def csv() -> bytes:
        return exports.csv_bytes(tables.table_frame(load_records(*args), lang))

    def workbook() -> bytes:
        recs = load_records(*args)
        now = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
        cat = load_catalogue(ctx["path"], ctx["token"])
        docs = cat[cat["doc"].isin(set(recs["doc"]))]
        span = exports.data_span(recs["year"])
        span_text = "" if span is None else f"{span[0]}–{span[1]}"
        filters = [(t("side.city", lang), "、".join(region_label(r, lang) for r in regions)),
                   (t("side.years", lang), span_text),
                   (t("side.kind", lang), t("kind." + ctx["kind"], lang))]
        citation = t("citation", lang, regions=region_name, years=span_text, date=now[:10])
        notes = exports.notes_rows(filters, ov.updated_at, now, len(recs), citation, lang)
        return exports.xlsx_bytes(tables.table_frame(recs, lang),
                                  tables.sources_frame(docs, lang), notes, lang)

    # the names span the data, read when the page is drawn (a cached pair of years)
    stem = exports.export_name(region_name, t("dl.all_indicators", lang), load_span(*args),
                               "x")[:-2]
    with st.container(horizontal=True):
        st.download_button(t("dl.csv", lang), csv, file_name=f"{stem}.csv", mime="text/csv",
                           key="dl_csv", on_click="ignore", icon=":material/download:")
        st.download_button(t("dl.xlsx", lang), workbook, file_name=f"{stem}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet",
                           key="dl_xlsx", on_click="ignore", icon=":material/table:")
        image_format_picker(lang)
    st.caption(t("dl.scope", lang))


