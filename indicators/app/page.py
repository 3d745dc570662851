"""The page: language, the store (built on first run), the sidebar, the view picker and the
chosen view, downloads and the footer."""
from __future__ import annotations

import logging

import streamlit as st

from indicators.app import adding, charts, downloads, review, table
from indicators.app.data import first_build, load_overview
from indicators.app.sidebar import language, selection, widgets
from indicators.app.urlstate import url_seed, url_write
from indicators.dashboard import display, exports, views
from indicators.dashboard.i18n import t
from indicators.records.catalogue import display_name
from indicators.store import db as store
from indicators.store import queries

VIEWS = ("trend", "profile", "compare", "targets", "map", "table", "other", "sources",
         "review", "add")
LOG = logging.getLogger("indicators.app")
_DATA_VIEWS = {"trend": charts.trend, "profile": charts.region_profile,
               "compare": charts.compare, "targets": charts.targets, "map": charts.region_map,
               "table": lambda c, lg: table.view_table(c, lg, (c["indicator"],)),
               "other": lambda c, lg: table.view_table(c, lg, c["others"] or ("-",))}


def overview(path: str, lang: str) -> tuple[tuple, queries.Overview]:
    """The store's version token and overview; a missing or empty store is built first."""
    token = store.version(path)
    ov = load_overview(path, token) if token[0] else None
    if ov is None or ov.n_records == 0:
        with st.spinner(t("app.building", lang)):
            try:
                built = first_build(path)
            except Exception:  # a broken seed or extractor must not hide the app
                LOG.exception("first build failed")
                built = ""
                st.error(t("app.no_store", lang))
        if built:
            st.toast(t("app.built", lang))
        token = store.version(path)
        ov = load_overview(path, token) if token[0] else queries.Overview({}, {}, None, 0, 0,
                                                                        None)
    return token, ov


def flash() -> None:
    """The outcome of the last action (an ingest, a review), shown once."""
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    for note in st.session_state.pop("flash_notes", []):
        st.text(note)  # notes name documents: plain text


def main() -> None:
    lang = language()
    st.title(t("app.title", lang))
    st.caption(t("app.caption", lang))
    path = str(store.db_path())
    token, ov = overview(path, lang)
    flash()
    sel = selection(ov, views.region_tree(ov.regions))
    ctx = {"path": path, "token": token, "ov": ov, **sel}
    try:
        view = body(ctx, lang)
    finally:  # also when a view stops early: a widget not drawn in a run loses its value
        widgets(sel, ov, lang)  # after the view: see sidebar's docstring
    if view in _DATA_VIEWS and ov.n_records:
        downloads.downloads(ctx, lang)  # last: naming the files reads every indicator
    st.caption(t("app.footer", lang, records=f"{ov.n_records:,}", docs=f"{ov.n_documents:,}",
                 updated=display.timestamp(ov.updated_at)))


def body(ctx: dict, lang: str) -> str:
    """The view picker and the chosen view; returns the view's key."""
    url_seed("view", VIEWS, "trend")
    view = st.segmented_control(t("view.label", lang), VIEWS, key="view", required=True,
                                format_func=lambda v: t("view." + v, lang),
                                label_visibility="collapsed") or "trend"
    url_write("view", view, "trend")
    region_name = exports.selection_label(ctx["regions"], ctx["tree"].default, lang)
    ctx["stem"] = exports.export_name(region_name, display_name(ctx["indicator"], lang),
                                      ctx["years"], "x")[:-2]
    if view == "add":
        adding.view_add(ctx, lang)
    elif ctx["ov"].n_records == 0 and view != "review":
        st.info(t("empty.store", lang))
    elif view == "sources":
        table.view_sources(ctx, lang)
    elif view == "review":
        review.view_review(ctx, lang)
    else:
        _DATA_VIEWS[view](ctx, lang)
        if view == "other":
            st.caption(t("other.note", lang))
    return view
