"""The records table (Table and Other figures views) and the Sources view. Selecting a row
shows the figure's passage, its other sources, the values it overrules, its review panel and
its audit trail; under the table a figure the extractor missed can be added."""
from __future__ import annotations

import streamlit as st

from indicators.app import review
from indicators.app.data import load_documents, load_records
from indicators.app.parts import empty_note, quote_block
from indicators.dashboard import tables
from indicators.dashboard.display import format_value
from indicators.dashboard.i18n import t

TABLE_ROWS = 5000  # rows drawn on screen; downloads carry them all


def view_table(ctx: dict, lang: str, indicators: tuple) -> None:
    args = (ctx["path"], ctx["token"], ctx["regions"], indicators, ctx["years"], ctx["kinds"])
    recs = load_records(*args)
    if recs.empty:
        empty_note(ctx, lang, ctx["regions"])
        return
    table = tables.table_frame(recs, lang)
    if len(table) > TABLE_ROWS:
        st.caption(t("table.truncated", lang, n=TABLE_ROWS, total=len(table)))
    st.caption(t("table.pick", lang))
    h = tables.headers(lang)
    shown = table.head(TABLE_ROWS).drop(columns=[h[c] for c in tables.SCREEN_HIDDEN])
    event = st.dataframe(shown, hide_index=True, width="stretch", key="table_sel",
                         on_select="rerun", selection_mode="single-row",
                         alt=t("view.table", lang),
                         column_config={h["quote"]: st.column_config.TextColumn(width="large"),
                                        h["year"]: st.column_config.NumberColumn(format="%d"),
                                        h["date"]: st.column_config.DateColumn()})
    rows = [r for r in (event.selection.rows if event else []) if r < len(recs)]
    row = recs.iloc[rows[0]] if rows else None
    if row is not None:
        provenance(ctx, row, recs, lang)
        review.figure_panel(ctx, row, lang, "table_sel")
    review.add_toggle(ctx, lang, recs["doc"].unique(), None if row is None else row["doc"])


def provenance(ctx: dict, row, recs, lang: str) -> None:
    """The chosen record's passage with the number highlighted, its citation, the other
    documents reporting the same figure, and the values overruled (with their quotes)."""
    from indicators.dashboard.resolve import overruled, text_or_empty

    with st.container(border=True):
        st.markdown(f"**{t('table.passage', lang)}**")
        quote_block(ctx, row, lang)
        st.caption(t("table.meta", lang, rule=row["rule_id"], start=row["start"],
                     end=row["end"]))
        same = recs[(recs["region"] == row["region"]) & (recs["indicator"] == row["indicator"])
                    & (recs["kind"] == row["kind"]) & (recs["year"] == row["year"])
                    & (recs["period"].fillna("") == text_or_empty(row["period"]))
                    & (recs["subject"].fillna("") == text_or_empty(row["subject"]))
                    & (recs["value"] == row["value"]) & (recs["doc"] != row["doc"])]
        if not same.empty:
            st.text(t("table.other_sources", lang, docs="、".join(sorted(
                set(same["title"].fillna(same["doc"]))))))
        if row["conflict"]:
            lost = overruled(recs, row)
            st.warning(t("table.conflict_rule", lang))
            for _, o in lost.iterrows():
                st.text(t("table.overruled_value", lang, value=format_value(
                    o["value"], o["unit"], lang, o["indicator"])))
                quote_block(ctx, o, lang)


def view_sources(ctx: dict, lang: str) -> None:
    st.subheader(t("sources.documents", lang))
    docs = load_documents(ctx["path"], ctx["token"])
    h = {k: t(k, lang) for k in ("col.url", "col.date")}
    st.dataframe(tables.sources_frame(docs, lang), hide_index=True, width="stretch",
                 column_config={h["col.url"]: st.column_config.LinkColumn(),
                                h["col.date"]: st.column_config.DateColumn()})
    st.caption(t("sources.licence_note", lang))
