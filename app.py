"""湖南经济指标 — the dashboard policy staff open every morning.

UI only: widgets, layout and caching. Frames and figures come from indicators.dashboard
(views, tables, exports); data only from the store (indicators.store).

URL state. Widgets whose visible labels do not depend on the language (language, regions,
years, the single year) use ``bind="query-params"``. Widgets with localized labels (view,
indicator, kind) are mirrored by hand with ASCII values, because a bound widget writes its
*label* to the URL and keeps the old-language label there after a language switch
(checked in Chromium), which breaks shared links.
"""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import streamlit as st

from indicators.dashboard import display, exports, tables, views
from indicators.dashboard.i18n import LANG_LABELS, t
from indicators.records.catalogue import display_name
from indicators.store import db as store
from indicators.store import queries

VIEWS = ("trend", "compare", "targets", "map", "table", "sources", "add")
KINDS = ("both", "target", "actual")
TABLE_ROWS = 5000  # rows drawn on screen; downloads carry them all
PREFERRED_INDICATOR = "gdp_growth"

st.set_page_config(page_title="湖南经济指标 · Hunan indicators", page_icon="📊",
                   layout="wide")


# ---------------------------------------------------------------- cached data access
# Every cached call takes the store's version token, so a write (here or by the CLI)
# invalidates what was read before it.


@st.cache_resource(show_spinner=False)
def first_build(path: str) -> str:
    """Build the store from seeds/ once per process when it is missing or empty."""
    report = store.ensure_built(path)
    return report.summary() if report else ""


@st.cache_data(show_spinner=False, max_entries=4)
def load_overview(path: str, token: tuple) -> queries.Overview:
    return queries.overview(path)


@st.cache_data(show_spinner=False, max_entries=32)
def load_records(path: str, token: tuple, regions: tuple, indicator: str,
                 years: tuple | None, kinds: tuple):
    f = queries.Filters(regions=regions, indicators=(indicator,), years=years, kinds=kinds)
    return queries.query_records(f, path)


@st.cache_data(show_spinner=False, max_entries=32)
def load_series(path: str, token: tuple, regions: tuple, indicator: str,
                years: tuple | None, kinds: tuple):
    return views.series(load_records(path, token, regions, indicator, years, kinds))


@st.cache_data(show_spinner=False, max_entries=4)
def load_documents(path: str, token: tuple, docs: tuple | None = None):
    return queries.documents(path, docs)


@st.cache_data(show_spinner=False, max_entries=4)
def load_freshness(path: str, token: tuple):
    return queries.freshness(path)


@st.cache_data(show_spinner=False, max_entries=16)
def load_text(path: str, token: tuple, doc: str) -> str | None:
    return queries.document_text(doc, path)


# ---------------------------------------------------------------- URL helpers


def url_seed(key: str, options, default) -> None:
    """Give a hand-mirrored widget its value from the URL (first run) or the default
    (when its current value is no longer an option)."""
    if st.session_state.get(key) not in options:
        value = st.query_params.get(key)
        st.session_state[key] = value if value in options else default


def url_write(key: str, value, default) -> None:
    if value == default:
        st.query_params.pop(key, None)
    else:
        st.query_params[key] = value


# ---------------------------------------------------------------- sidebar


def sidebar(ov: queries.Overview, lang: str) -> dict:
    """Filters, all in the URL; returns the current selection."""
    sb = st.sidebar
    sb.subheader(t("side.filters", lang))
    tree = views.region_tree(ov.regions)
    cities = sb.multiselect(t("side.city", lang), tree.top, key="city", bind="query-params",
                            placeholder=t("side.city.placeholder", lang),
                            help=t("side.city.help", lang))
    counties = sb.multiselect(t("side.county", lang), tree.county_options(cities),
                              key="county", bind="query-params",
                              placeholder=t("side.county.placeholder", lang))
    options = display.indicator_order(ov.indicators) or [PREFERRED_INDICATOR]
    default_ind = views.default_indicator(ov.pairs, tree.default, PREFERRED_INDICATOR)
    url_seed("ind", options, default_ind)
    indicator = sb.selectbox(t("side.indicator", lang), options, key="ind",
                             format_func=lambda k: display.indicator_label(k, lang),
                             help=t("side.indicator.help", lang))
    url_write("ind", indicator, default_ind)
    years = ov.years
    if years and years[0] < years[1]:
        years = sb.slider(t("side.years", lang), years[0], years[1], years, key="years",
                          bind="query-params")
    url_seed("kind", KINDS, "both")
    kind = sb.segmented_control(t("side.kind", lang), KINDS, key="kind", required=True,
                                format_func=lambda k: t("kind." + k, lang))
    url_write("kind", kind, "both")
    sb.caption(t("side.link", lang))
    return {"tree": tree, "cities": cities, "counties": counties,
            "regions": tree.selection(cities, counties), "indicator": indicator,
            "years": tuple(years) if years else None,
            "kinds": () if kind == "both" else (kind,), "kind": kind}


# ---------------------------------------------------------------- views


def chart(fig, name: str, lang: str, alt: str) -> None:
    """A plotly chart whose camera button saves a PNG named like the downloads."""
    # no key: a keyed (persistent) chart redrew no faster in Chromium here, measured
    st.plotly_chart(fig, width="stretch", alt=alt,
                    config={"displaylogo": False,
                            # zoom/pan tools crowd the title at phone width and are rarely
                            # wanted on a one-screen chart; keep PNG and full screen
                            "modeBarButtonsToRemove": ["zoom2d", "pan2d", "zoomIn2d",
                                                       "zoomOut2d", "autoScale2d",
                                                       "resetScale2d", "select2d", "lasso2d"],
                            "toImageButtonOptions": {"format": "png", "filename": name,
                                                     "scale": 2}})
    st.caption(t("dl.png_hint", lang))


def pick_year(s, indicator: str, lang: str) -> int | None:
    years = views.years_with_data(s, indicator)
    if not years:
        return None
    return st.selectbox(t("view.year", lang), years, key="year", bind="query-params",
                        width=220)


def view_trend(ctx: dict, s, lang: str) -> None:
    ind = ctx["indicator"]
    chart(views.trend_figure(s, ind, lang), ctx["stem"], lang,
          alt=t("chart.trend_title", lang, indicator=display_name(ind, lang)))
    n = views.partial_count(s, ind)
    if n:
        st.caption(t("chart.partial_note", lang, n=n))


def view_compare(ctx: dict, s, lang: str) -> None:
    ind = ctx["indicator"]
    year = pick_year(s, ind, lang)
    if year is None:
        st.info(t("empty.view", lang, what=t("empty.year", lang)))
        return
    frame = views.compare_frame(s, ind, year, lang=lang)
    chart(views.compare_figure(frame, ind, year, lang), ctx["stem"], lang,
          alt=f"{display_name(ind, lang)} {year}")
    if not frame.empty:
        st.caption(t("chart.kind_note", lang, kind=t("kind." + frame["kind"].iat[0], lang)))


def view_targets(ctx: dict, s, lang: str) -> None:
    ind = ctx["indicator"]
    frame = views.targets_frame(s, ind)
    if frame.empty:
        st.info(t("empty.view", lang, what=t("empty.targets", lang)))
        return
    chart(views.targets_figure(frame, ind, lang), ctx["stem"], lang,
          alt=t("chart.targets_title", lang, indicator=display_name(ind, lang)))
    st.dataframe(tables.targets_table(frame, ind, lang), hide_index=True, width="stretch")


def view_map(ctx: dict, s, lang: str) -> None:
    """The map covers its own scope, whatever else the region filter holds: the 14 cities,
    or every county of the one city chosen, so no area is grey just for not being picked."""
    ind = ctx["indicator"]
    collection, city = views.map_scope(ctx["regions"])
    names = views.geo.names(collection)
    s = load_series(ctx["path"], ctx["token"], tuple(names), ind, ctx["years"], ctx["kinds"])
    scope = t("map.scope_counties", lang, city=city) if city else t("map.scope_cities", lang)
    year = pick_year(s, ind, lang)
    if year is None:
        st.info(t("empty.view", lang, what=f"{scope} · {t('empty.year', lang)}"))
        return
    st.caption(scope)
    chart(views.map_figure(s, ind, year, collection, lang), ctx["stem"], lang,
          alt=f"{scope}: {display_name(ind, lang)} {year}")
    # the province and the nation are the frame of the map, not regions missing from it
    outside = sorted(set(ctx["regions"]) - set(names) - {city, "湖南省", "全国"})
    if outside:
        st.caption(t("map.other_regions", lang, n=len(outside), names="、".join(outside)))


def view_table(ctx: dict, recs, lang: str) -> None:
    table = tables.table_frame(recs, lang)
    if len(table) > TABLE_ROWS:
        st.caption(t("table.truncated", lang, n=TABLE_ROWS, total=len(table)))
    st.caption(t("table.pick", lang))
    h = tables.headers(lang)
    shown = table.head(TABLE_ROWS).drop(columns=[h["number"], h["unit"], h["rule"]])
    event = st.dataframe(shown, hide_index=True, width="stretch", key="table_sel",
                         on_select="rerun", selection_mode="single-row",
                         alt=t("view.table", lang),
                         column_config={h["quote"]: st.column_config.TextColumn(width="large"),
                                        h["year"]: st.column_config.NumberColumn(format="%d")})
    rows = event.selection.rows if event else []
    if rows:
        provenance(ctx, recs.iloc[rows[0]], recs, lang)


def provenance(ctx: dict, row, recs, lang: str) -> None:
    """The chosen record's passage with the number highlighted, its metadata, the other
    documents reporting the same figure and any conflicting value."""
    with st.container(border=True):
        st.markdown(f"**{t('table.passage', lang)}**")
        text = load_text(ctx["path"], ctx["token"], row["doc"])
        if text is not None:
            st.html(f'<div style="line-height:1.8">'
                    f'{tables.passage_html(text, int(row["start"]), int(row["end"]))}</div>')
        date = row["date"].isoformat() if row["date"] == row["date"] and row["date"] else "—"
        st.caption(t("table.meta", lang, doc=row["doc"], date=date, rule=row["rule_id"],
                     start=row["start"], end=row["end"]))
        same_key = (recs["region"] == row["region"]) & (recs["kind"] == row["kind"]) & \
            (recs["year"] == row["year"]) & (recs["period"].fillna("") == (row["period"] or "")) \
            & (recs["subject"].fillna("") == (row["subject"] or ""))
        same = recs[same_key & (recs["value"] == row["value"]) & (recs["doc"] != row["doc"])]
        if not same.empty:
            st.caption(t("table.other_sources", lang, docs="、".join(sorted(set(same["doc"])))))
        if row["conflict"]:
            others = sorted(set(recs.loc[same_key & (recs["value"] != row["value"]), "value"]))
            st.warning(t("table.conflict", lang, values="、".join(
                display.format_value(v, row["unit"], lang, row["indicator"]) for v in others)))


def view_sources(ctx: dict, lang: str) -> None:
    st.subheader(t("sources.documents", lang))
    docs = load_documents(ctx["path"], ctx["token"])
    st.dataframe(tables.sources_frame(docs, lang), hide_index=True, width="stretch")
    st.subheader(t("sources.freshness", lang))
    st.dataframe(tables.freshness_frame(load_freshness(ctx["path"], ctx["token"]), lang),
                 hide_index=True, width="stretch")


def view_add(ctx: dict, lang: str) -> None:
    """Upload or paste pages; preview the records; add them only on confirmation."""
    from indicators.text.reading import UnreadableText, decode_bytes

    st.write(t("add.intro", lang))
    files = st.file_uploader(t("add.files", lang), type=["txt"], accept_multiple_files=True,
                             key="upload")
    pasted = st.text_area(t("add.paste", lang), key="paste_text", height=140)
    name = st.text_input(t("add.paste_name", lang), value="paste", key="paste_name")
    date = None
    if st.checkbox(t("add.use_date", lang), key="use_date"):
        date = st.date_input(t("add.date", lang), key="pub_date")
    if st.button(t("add.preview", lang), key="preview"):
        st.session_state.pop("pending", None)
        sources, errors = [], []
        for f in files or []:
            try:
                sources.append((Path(f.name).stem, decode_bytes(f.getvalue(), f.name),
                                f"upload:{f.name}"))
            except UnreadableText as e:
                errors.append(str(e))
        if pasted.strip():
            doc = re.sub(r"[\\/:*?\"<>|\s]+", "_", name.strip()) or "paste"
            sources.append((doc, pasted, "paste"))
        if errors:
            for message in errors:
                st.error(t("add.unreadable", lang, message=message))
        elif not sources:
            st.info(t("add.nothing", lang))
        else:
            with st.spinner("…"):
                st.session_state["pending"] = [
                    store.extract_document(doc, text, date, origin)
                    for doc, text, origin in sources]
    pending = st.session_state.get("pending")
    if pending:
        stored = queries.stored_hashes(ctx["path"])
        for document, records, n_rejects in pending:
            doc = document.doc
            state = ("add.state_same" if stored.get(doc) == document.sha256 else
                     "add.state_replace" if doc in stored else "add.state_new")
            st.markdown("**" + t("add.preview_head", lang, doc=doc, n=len(records),
                                  rejects=n_rejects, state=t(state, lang)) + "**")
            if records:
                recs = store.preview_frame(document, records)
                st.dataframe(tables.table_frame(recs, lang), hide_index=True, width="stretch")
        if st.button(t("add.confirm", lang), key="confirm", type="primary"):
            try:
                report = store.ingest([(d, r) for d, r, _ in pending], ctx["path"])
            except (store.StoreError, ValueError) as e:
                st.error(t("add.failed", lang, error=e))
            else:
                st.session_state.pop("pending", None)
                st.session_state["flash"] = t("add.done", lang, summary=report.summary())
                st.rerun()


# ---------------------------------------------------------------- page


def main() -> None:
    lang = st.sidebar.segmented_control(t("side.lang", "zh") + " / Language", list(LANG_LABELS),
                                        key="lang", default="zh", required=True,
                                        format_func=LANG_LABELS.get, bind="query-params") or "zh"
    st.title(t("app.title", lang))
    st.caption(t("app.caption", lang))
    path = str(store.db_path())
    token = store.version(path)
    ov = load_overview(path, token) if token[0] else None
    if ov is None or ov.n_records == 0:
        with st.spinner(t("app.building", lang)):
            try:
                built = first_build(path)
            except Exception as e:  # a broken seed or extractor must not hide the app
                built = ""
                st.error(t("app.no_store", lang, error=e))
        if built:
            st.toast(t("app.built", lang, summary=built))
        token = store.version(path)
        ov = load_overview(path, token) if token[0] else queries.Overview({}, {}, None, 0, 0,
                                                                        None)
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    sel = sidebar(ov, lang)
    url_seed("view", VIEWS, "trend")
    view = st.segmented_control(t("view.label", lang), VIEWS, key="view", required=True,
                                format_func=lambda v: t("view." + v, lang),
                                label_visibility="collapsed")
    url_write("view", view, "trend")
    ctx = {"path": path, "token": token, **sel}
    if view == "add":
        view_add(ctx, lang)
    elif ov.n_records == 0:
        st.info(t("empty.store", lang))
    elif view == "sources":
        view_sources(ctx, lang)
    else:
        data_view(view, ctx, lang, ov)
    st.caption(t("app.footer", lang, records=f"{ov.n_records:,}", docs=f"{ov.n_documents:,}",
                 updated=ov.updated_at or "—"))


def data_view(view: str, ctx: dict, lang: str, ov: queries.Overview) -> None:
    """The views that show the filtered records, with the two downloads beneath."""
    args = (ctx["path"], ctx["token"], ctx["regions"], ctx["indicator"], ctx["years"],
            ctx["kinds"])
    recs = load_records(*args)
    if recs.empty:
        st.info(t("empty.filter", lang))
        where = [r for r in views.regions_reporting(ov.pairs, ctx["indicator"])
                 if r not in ctx["regions"]]
        if where:
            st.caption(t("empty.where", lang, indicator=display_name(ctx["indicator"], lang),
                         regions="、".join(where)))
        return
    s = load_series(*args)
    region_label = exports.selection_label(ctx["regions"], ctx["tree"].default, lang)
    ind_name = display_name(ctx["indicator"], lang)
    ctx["stem"] = exports.export_name(region_label, ind_name, ctx["years"], "x")[:-2]
    {"trend": view_trend, "compare": view_compare, "targets": view_targets,
     "map": view_map}.get(view, lambda c, _s, lg: view_table(c, recs, lg))(ctx, s, lang)
    downloads(ctx, recs, lang, ov, region_label, ind_name)


def downloads(ctx: dict, recs, lang: str, ov: queries.Overview, region_label: str,
              ind_name: str) -> None:
    """CSV and XLSX of the filtered table, built only when clicked."""
    years = ctx["years"]
    span = "" if not years else f"{years[0]}–{years[1]}"

    def table():
        return tables.table_frame(recs, lang)

    def workbook() -> bytes:
        now = dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")
        docs = queries.documents(ctx["path"], sorted(set(recs["doc"])))
        filters = [(t("side.city", lang), "、".join(ctx["regions"])),
                   (t("side.indicator", lang), f"{ind_name} ({ctx['indicator']})"),
                   (t("side.years", lang), span), (t("side.kind", lang),
                                                   t("kind." + ctx["kind"], lang))]
        citation = t("citation", lang, regions=region_label, indicator=ind_name, years=span,
                     date=now[:10])
        notes = exports.notes_rows(filters, ov.updated_at, now, len(recs), citation, lang)
        return exports.xlsx_bytes(table(), tables.sources_frame(docs, lang), notes, lang)

    with st.container(horizontal=True):
        st.download_button(t("dl.csv", lang), lambda: exports.csv_bytes(table()),
                           file_name=f"{ctx['stem']}.csv", mime="text/csv", key="dl_csv",
                           on_click="ignore", icon=":material/download:")
        st.download_button(t("dl.xlsx", lang), workbook, file_name=f"{ctx['stem']}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet",
                           key="dl_xlsx", on_click="ignore", icon=":material/table:")


try:
    main()
except store.StoreError as e:  # busy or unreadable store: say so instead of a traceback
    st.error(str(e))
