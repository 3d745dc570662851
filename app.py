"""湖南经济指标 — the dashboard an analyst can show their director.

UI only: widgets, layout and caching. Frames and figures come from indicators.dashboard;
data only from the store (indicators.store).

URL state. Every filter is mirrored by hand between st.query_params and the widget's
session state, with stable values (ASCII keys, Chinese region names, years): a widget bound
with ``bind="query-params"`` writes its *label* to the URL, and region and indicator labels
change with the language, which breaks shared links. Reading the URL goes through a check of
each value, so a link with garbage, injected text or reversed years opens a clean view.

Text from documents (quotes, subjects, titles, file names) is never rendered as Markdown or
HTML here: it goes to st.text, dataframes, or through html.escape (tables.passage_html).
"""
from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlencode

import streamlit as st

from indicators.dashboard import exports, mapview, profile, tables, uploads, views
from indicators.dashboard.display import (
    format_value,
    indicator_label,
    indicator_order,
    region_label,
)
from indicators.dashboard.i18n import LANG_LABELS, t
from indicators.records.catalogue import display_name, is_catalogue
from indicators.store import db as store
from indicators.store import queries

VIEWS = ("trend", "profile", "compare", "targets", "map", "table", "other", "sources", "add")
KINDS = ("both", "target", "actual")
TABLE_ROWS = 5000  # rows drawn on screen; downloads carry them all
PREFERRED_INDICATOR = "gdp_growth"
LOG = logging.getLogger("indicators.app")

st.set_page_config(page_title="湖南经济指标 · Hunan indicators", page_icon="📊",
                   layout="wide")


# ---------------------------------------------------------------- cached data access
# Every cached call takes the store's version token, so a write (here or by the CLI)
# invalidates what was read before it.


@st.cache_resource(show_spinner=False)
def first_build(path: str) -> str:
    """Build the store from seeds/ and data/corpus once per process when missing or empty."""
    report = store.ensure_built(path)
    return report.summary() if report else ""


@st.cache_data(show_spinner=False, max_entries=4)
def load_overview(path: str, token: tuple) -> queries.Overview:
    return queries.overview(path)


@st.cache_data(show_spinner=False, max_entries=4)
def load_catalogue(path: str, token: tuple):
    return queries.document_catalogue(path)


@st.cache_data(show_spinner=False, max_entries=48)
def load_records(path: str, token: tuple, regions: tuple, indicators: tuple,
                 years: tuple | None, kinds: tuple):
    f = queries.Filters(regions=regions, indicators=indicators, years=years, kinds=kinds)
    return tables.with_documents(queries.query_records(f, path), load_catalogue(path, token))


@st.cache_data(show_spinner=False, max_entries=48)
def load_series(path: str, token: tuple, regions: tuple, indicators: tuple,
                years: tuple | None, kinds: tuple):
    return views.series(load_records(path, token, regions, indicators, years, kinds))


@st.cache_data(show_spinner=False, max_entries=4)
def load_documents(path: str, token: tuple):
    counts = queries.documents(path)[["doc", "n_records", "regions"]]
    return load_catalogue(path, token).merge(counts, on="doc", how="left").sort_values(
        ["date", "doc"], ascending=[False, True], na_position="last")


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


def url_list(key: str, options) -> None:
    """Seed a multiselect from the URL's repeated values (first run) and keep only values
    that are still options: unknown or injected values simply drop out."""
    allowed = set(options)
    if key not in st.session_state:
        st.session_state[key] = [v for v in dict.fromkeys(st.query_params.get_all(key))
                                 if v in allowed]
    else:
        st.session_state[key] = [v for v in st.session_state[key] if v in allowed]


def url_write_list(key: str, values) -> None:
    if values:
        st.query_params[key] = list(values)
    else:
        st.query_params.pop(key, None)


def url_years(key: str, span: tuple[int, int]) -> None:
    """Seed the year slider from ``?years=A&years=B``: two years inside the store's span, put
    in order (``?years=2026&years=2018`` means 2018–2026); anything else is the full span."""
    lo, hi = span
    if key not in st.session_state:
        try:
            got = sorted(int(y) for y in st.query_params.get_all(key))
        except ValueError:
            got = []
        ok = len(got) == 2 and lo <= got[0] and got[1] <= hi
        st.session_state[key] = tuple(got) if ok else span
    else:
        a, b = st.session_state[key]
        st.session_state[key] = (max(lo, min(a, hi)), min(hi, max(b, lo)))


def view_url() -> str:
    """The address of the current view, for the source line of exported charts."""
    base = (st.context.url or "").split("?")[0]
    query = urlencode([(k, v) for k in st.query_params for v in st.query_params.get_all(k)])
    return base + ("?" + query if query else "")


# ---------------------------------------------------------------- sidebar


def sidebar(ov: queries.Overview, tree: views.RegionTree, lang: str) -> dict:
    """Filters, all in the URL; returns the current selection."""
    sb = st.sidebar
    sb.subheader(t("side.filters", lang))
    label = {r: region_label(r, lang) for r in tree.top + tree.county_options([])}
    url_list("city", tree.top)
    cities = sb.multiselect(t("side.city", lang), tree.top, key="city",
                            placeholder=t("side.city.placeholder", lang),
                            format_func=label.get, help=t("side.city.help", lang))
    url_write_list("city", cities)
    url_list("county", tree.county_options(cities))
    counties = sb.multiselect(t("side.county", lang), tree.county_options(cities),
                              key="county", format_func=label.get,
                              placeholder=t("side.county.placeholder", lang))
    url_write_list("county", counties)
    core = [k for k in ov.indicators if is_catalogue(k)]
    options = indicator_order(core) or [PREFERRED_INDICATOR]
    default_ind = views.default_indicator({p: n for p, n in ov.pairs.items()
                                           if is_catalogue(p[1])},
                                          tree.trend_default, PREFERRED_INDICATOR)
    url_seed("ind", options, default_ind)
    indicator = sb.selectbox(t("side.indicator", lang), options, key="ind",
                             format_func=lambda k: indicator_label(k, lang),
                             help=t("side.indicator.help", lang))
    url_write("ind", indicator, default_ind)
    years = ov.years
    if years and years[0] < years[1]:
        url_years("years", years)
        span = years
        years = sb.slider(t("side.years", lang), span[0], span[1], key="years")
        url_write_list("years", [] if tuple(years) == tuple(span) else [str(y) for y in years])
    url_seed("kind", KINDS, "both")
    kind = sb.segmented_control(t("side.kind", lang), KINDS, key="kind", required=True,
                                format_func=lambda k: t("kind." + k, lang))
    url_write("kind", kind, "both")
    sb.caption(t("side.link", lang))
    return {"tree": tree, "cities": cities, "counties": counties,
            "regions": tree.selection(cities, counties), "indicator": indicator,
            "years": tuple(years) if years else None,
            "kinds": () if kind == "both" else (kind,), "kind": kind,
            "core": tuple(options), "others": tuple(k for k in ov.indicators
                                                    if not is_catalogue(k))}


# ---------------------------------------------------------------- charts


def chart(fig, ctx: dict, lang: str, alt: str, docs=None) -> None:
    """A plotly chart whose camera button saves a PNG or SVG named like the downloads, with
    the title, a source line, the date and the view's URL drawn into the image."""
    fmt = st.session_state.get("img", "png")
    views.add_source_line(fig, source_line(ctx, docs, lang), view_url())
    st.plotly_chart(fig, width="stretch", alt=alt,
                    config={"displaylogo": False,
                            # zoom/pan tools crowd the title at phone width; keep the image
                            # button and full screen
                            "modeBarButtonsToRemove": ["zoom2d", "pan2d", "zoomIn2d",
                                                       "zoomOut2d", "autoScale2d",
                                                       "resetScale2d", "select2d", "lasso2d"],
                            "toImageButtonOptions": {"format": fmt, "filename": ctx["stem"],
                                                     "scale": 2}})


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


def pick_year(years: list[int], lang: str, key: str = "year") -> int | None:
    """A year with data (latest by default), mirrored in the URL as ``?{key}=2024``."""
    if not years:
        st.query_params.pop(key, None)
        return None
    if st.session_state.get(key) not in years:
        wanted = st.query_params.get(key)
        st.session_state[key] = int(wanted) if wanted and wanted.isdigit() \
            and int(wanted) in years else years[0]
    year = st.selectbox(t("view.year", lang), years, key=key, width=220)
    url_write(key, str(year), str(years[0]))
    return year


# ---------------------------------------------------------------- views


def view_trend(ctx: dict, lang: str) -> None:
    ind = ctx["indicator"]
    everything = st.toggle(t("trend.all_cities", lang), key="all_cities",
                           value=st.query_params.get("all") == "1")
    url_write("all", "1" if everything else "0", "0")
    regions = ctx["tree"].trend_selection(ctx["cities"], ctx["counties"], everything)
    args = (ctx["path"], ctx["token"], regions, (ind,), ctx["years"], ctx["kinds"])
    recs = load_records(*args)
    if recs.empty:
        empty_note(ctx, lang, regions)
        return
    s = load_series(*args)
    chart(views.trend_figure(s, ind, lang), ctx, lang,
          alt=t("chart.trend_title", lang, indicator=display_name(ind, lang)),
          docs=chart_docs(recs, ctx))
    n = views.partial_count(s, ind)
    if n:
        st.caption(t("chart.partial_note", lang, n=n))
    if not everything and not ctx["cities"] and not ctx["counties"]:
        cities_strip(ctx, lang)


def cities_strip(ctx: dict, lang: str) -> None:
    """Under the landing trend: the 14 cities for the latest year with data, ranked."""
    ind, tree = ctx["indicator"], ctx["tree"]
    args = (ctx["path"], ctx["token"], tuple(tree.default), (ind,), ctx["years"],
            ctx["kinds"])
    s = load_series(*args)
    cities = s[s["region"].isin(tree.default[1:])]
    years = views.years_with_data(cities, ind)
    st.subheader(t("trend.cities_head", lang))
    if not years:
        st.info(t("trend.no_cities", lang, indicator=display_name(ind, lang)))
        return
    year = years[0]
    frame = views.compare_frame(s, ind, year, lang=lang)
    kind = frame["kind"].iat[0] if len(frame) else "actual"
    unit = frame["unit"].iat[0] if len(frame) else ""
    chart(views.compare_figure(frame, ind, year, lang,
                               views.reference_value(s, ind, year, kind, unit)),
          {**ctx, "stem": ctx["stem"] + f"_{year}"}, lang,
          alt=f"{display_name(ind, lang)} {year}",
          docs=chart_docs(load_records(*args), ctx))


def view_profile(ctx: dict, lang: str) -> None:
    tree = ctx["tree"]
    picked = [*ctx["counties"], *ctx["cities"]]
    region = picked[0] if picked else "湖南省"
    core = ctx["core"]
    cities = tree.default[1:]
    regions = tuple(dict.fromkeys([region, "湖南省", *cities]))
    args = (ctx["path"], ctx["token"], regions, core, ctx["years"], ("target", "actual"))
    s = load_series(*args)
    mine = s[(s["region"] == region) & s["period"].isna()]
    years = sorted({int(y) for y in mine["year"]}, reverse=True)
    st.subheader(t("profile.head", lang, region=region_label(region, lang)))
    if len(picked) > 1:
        st.caption(t("profile.first_only", lang, region=region_label(region, lang)))
    year = pick_year(years, lang, key="pyear")
    if year is None:
        st.info(t("profile.none", lang, region=region_label(region, lang)))
        return
    rows = profile.profile_rows(s, region, year, cities)
    st.caption(t("profile.caption", lang, year=year))
    event = st.dataframe(profile.profile_frame(rows, lang), hide_index=True, width="stretch",
                         key="profile_sel", on_select="rerun", selection_mode="single-row",
                         alt=t("profile.head", lang, region=region_label(region, lang)))
    chosen = event.selection.rows if event else []
    if chosen:
        with st.container(border=True):
            for label, r in profile.cells_of(rows[chosen[0]]):
                st.markdown(f"**{t(label, lang)}**")
                quote_block(ctx, r, lang)


def quote_block(ctx: dict, r, lang: str) -> None:
    """One figure's passage with the quote marked, and its citation (all escaped)."""
    text = load_text(ctx["path"], ctx["token"], r["doc"])
    if text is not None:
        st.html(f'<div style="line-height:1.8">'
                f'{tables.passage_html(text, int(r["start"]), int(r["end"]))}</div>')
    cat = load_catalogue(ctx["path"], ctx["token"]).set_index("doc")
    meta = cat.loc[r["doc"]] if r["doc"] in cat.index else {}
    st.text(tables.citation(meta.get("title"), meta.get("issuer"), r["date"], r["doc"]))


def view_compare(ctx: dict, lang: str) -> None:
    ind = ctx["indicator"]
    regions = tuple(dict.fromkeys([*ctx["regions"], "湖南省"]))
    args = (ctx["path"], ctx["token"], regions, (ind,), ctx["years"], ctx["kinds"])
    s = load_series(*args)
    year = pick_year(views.years_with_data(s[~s["region"].isin(views.REFERENCE)], ind), lang)
    if year is None:
        empty_note(ctx, lang, ctx["regions"])
        return
    frame = views.compare_frame(s, ind, year, lang=lang)
    kind = frame["kind"].iat[0]
    province = views.reference_value(s, ind, year, kind, frame["unit"].iat[0])
    chart(views.compare_figure(frame, ind, year, lang, province), ctx, lang,
          alt=f"{display_name(ind, lang)} {year}", docs=chart_docs(load_records(*args), ctx))
    st.caption(t("chart.kind_note", lang, kind=t("kind." + kind, lang)))


def view_targets(ctx: dict, lang: str) -> None:
    ind = ctx["indicator"]
    args = (ctx["path"], ctx["token"], ctx["regions"], (ind,), ctx["years"], ())
    s = load_series(*args)
    year = pick_year(views.target_years(s, ind), lang, key="tyear")
    if year is None:
        st.info(t("empty.view", lang, what=t("empty.targets", lang)))
        return
    frame = views.targets_frame(s, ind, year)
    chart(views.targets_figure(frame, ind, lang), ctx, lang,
          alt=t("chart.targets_title", lang, indicator=display_name(ind, lang)),
          docs=chart_docs(load_records(*args), ctx))
    st.dataframe(tables.targets_table(frame, ind, lang), hide_index=True, width="stretch")


def view_map(ctx: dict, lang: str) -> None:
    """The map covers its own scope, whatever else the region filter holds: the 14 cities,
    or every county of the one city chosen."""
    ind = ctx["indicator"]
    collection, city = mapview.map_scope(ctx["regions"])
    names = [f["id"] for f in collection["features"]]
    s = load_series(ctx["path"], ctx["token"], tuple(names), (ind,), ctx["years"],
                    ctx["kinds"])
    scope = t("map.scope_counties", lang, city=region_label(city, lang)) if city \
        else t("map.scope_cities", lang)
    year = pick_year(views.years_with_data(s, ind), lang)
    if year is None:
        st.info(t("map.no_data", lang, scope=scope, indicator=display_name(ind, lang)))
        return
    kind = views.pick_kind(s, ind, year)
    rows = mapview.map_rows(s, ind, year, names, kind)
    if rows.empty:
        st.info(t("map.no_data", lang, scope=scope, indicator=display_name(ind, lang)))
        return
    st.caption(scope)
    st.altair_chart(mapview.map_chart(rows, ind, year, kind, collection, lang), width="stretch")
    gaps = mapview.missing(rows, names)
    if gaps:
        st.caption(t("map.missing", lang, n=len(gaps), total=len(names),
                     names="、".join(region_label(g, lang) for g in gaps)))


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
    rows = event.selection.rows if event else []
    if rows:
        provenance(ctx, recs.iloc[rows[0]], recs, lang)


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


def empty_note(ctx: dict, lang: str, regions) -> None:
    """No records for this filter: say which filter, and where the indicator has data."""
    ov = ctx["ov"]
    st.info(t("empty.filter", lang))
    where = [region_label(r, lang) for r in views.regions_reporting(ov.pairs, ctx["indicator"])
             if r not in regions]
    if where:
        st.caption(t("empty.where", lang, indicator=display_name(ctx["indicator"], lang),
                     regions="、".join(where)))


# ---------------------------------------------------------------- adding pages


def view_add(ctx: dict, lang: str) -> None:
    """Upload or paste pages; preview with the inferred date and region (correctable);
    add them only on confirmation, and only when every page has a date."""
    from indicators.text.reading import UnreadableText, decode_bytes

    st.write(t("add.intro", lang))
    files = st.file_uploader(t("add.files", lang), type=["txt"], accept_multiple_files=True,
                             key="upload")
    pasted = st.text_area(t("add.paste", lang), key="paste_text", height=140)
    name = st.text_input(t("add.paste_name", lang), value="paste", key="paste_name")
    if st.button(t("add.preview", lang), key="preview"):
        st.session_state.pop("pending", None)
        sources, errors = [], []
        for f in files or []:
            try:
                sources.append((f.name, decode_bytes(f.getvalue(), f.name), "upload"))
            except UnreadableText as e:
                errors.append(str(e))
        if pasted.strip():
            sources.append((name.strip() or "paste", pasted, "paste"))
        if errors:
            for message in errors:
                st.error(t("add.unreadable", lang, message=message))
        elif not sources:
            st.info(t("add.nothing", lang))
        else:
            with st.spinner("…"):
                st.session_state["pending"] = [uploads.extract_upload(n, text, origin)
                                               for n, text, origin in sources]
    pending = st.session_state.get("pending")
    if pending:
        preview_pending(ctx, pending, lang)


def preview_pending(ctx: dict, pending: list, lang: str) -> None:
    stored = queries.stored_hashes(ctx["path"])
    regions = [*ctx["tree"].top, *ctx["tree"].county_options([])]
    for i, p in enumerate(pending):
        with st.container(border=True):
            state = ("add.state_same" if stored.get(p.doc) == p.document().sha256 else
                     "add.state_replace" if p.doc in stored else "add.state_new")
            st.text(t("add.preview_head", lang, doc=p.name, n=len(p.records),
                      rejects=p.n_rejects, state=t(state, lang)))
            st.text(t("add.inferred_date", lang, date=p.date or "—", why=where_from(
                p.date_evidence, p.given_date, lang)))
            st.text(t("add.inferred_region", lang,
                      region=region_label(p.region, lang) if p.region else "—",
                      why=where_from(p.region_evidence, p.given_region, lang)))
            if p.needs_date:
                st.warning(t("add.needs_date", lang))
            c1, c2, c3 = st.columns([2, 2, 1], vertical_alignment="bottom")
            date = c1.date_input(t("add.date", lang), value=p.date, key=f"date_{i}",
                                 min_value=dt.date(1949, 10, 1), max_value=dt.date(2100, 1, 1))
            region = c2.selectbox(t("add.region", lang), regions, key=f"region_{i}",
                                  index=regions.index(p.region) if p.region in regions
                                  else None, format_func=lambda r: region_label(r, lang),
                                  placeholder="—")
            if c3.button(t("add.reextract", lang), key=f"reextract_{i}"):
                pending[i] = uploads.reextract(p, date, region)
                st.rerun()
            if p.records:
                recs = uploads.preview_records(p)
                st.dataframe(tables.table_frame(recs, lang).drop(columns=[
                    tables.headers(lang)[c] for c in tables.SCREEN_HIDDEN]),
                    hide_index=True, width="stretch")
    blocked = any(p.needs_date for p in pending)
    if st.button(t("add.confirm", lang), key="confirm", type="primary", disabled=blocked):
        try:
            report = store.ingest([(p.document(), p.records) for p in pending], ctx["path"])
        except (store.StoreError, ValueError) as e:
            LOG.warning("ingest failed: %s", e)
            st.error(t("add.failed", lang))
        else:
            st.session_state.pop("pending", None)
            st.session_state["flash"] = t("add.done", lang, added=len(report.added),
                                          replaced=len(report.replaced),
                                          unchanged=len(report.unchanged),
                                          records=report.records)
            st.rerun()


def where_from(evidence: str | None, given, lang: str) -> str:
    if given is not None:
        return t("add.from_user", lang)
    return t("add.from_text", lang, evidence=evidence) if evidence else t("add.from_none", lang)


# ---------------------------------------------------------------- downloads


def downloads(ctx: dict, lang: str) -> None:
    """CSV and XLSX of everything the filter selects (every indicator), built on click."""
    ov = ctx["ov"]
    regions = ctx["regions"] if ctx["cities"] or ctx["counties"] else \
        tuple(dict.fromkeys([*ctx["tree"].trend_default, *ctx["regions"]]))
    args = (ctx["path"], ctx["token"], regions, (), ctx["years"], ctx["kinds"])
    region_name = exports.selection_label(ctx["regions"], ctx["tree"].default, lang)

    def data():
        recs = load_records(*args)
        stem = exports.export_name(region_name, t("dl.all_indicators", lang),
                                   exports.data_span(recs["year"]), "x")[:-2]
        return recs, stem

    def csv() -> bytes:
        return exports.csv_bytes(tables.table_frame(data()[0], lang))

    def workbook() -> bytes:
        recs, _ = data()
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

    # the names are computed from the data when the page is drawn (cheap: cached query)
    stem = data()[1]
    with st.container(horizontal=True):
        st.download_button(t("dl.csv", lang), csv, file_name=f"{stem}.csv", mime="text/csv",
                           key="dl_csv", on_click="ignore", icon=":material/download:")
        st.download_button(t("dl.xlsx", lang), workbook, file_name=f"{stem}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument."
                                "spreadsheetml.sheet",
                           key="dl_xlsx", on_click="ignore", icon=":material/table:")
        image_format_picker(lang)
    st.caption(t("dl.scope", lang))


# ---------------------------------------------------------------- page


def main() -> None:
    # links written before the URL used codes say lang=English
    if "lang" not in st.session_state:
        st.session_state["lang"] = "en" if st.query_params.get("lang") in ("en", "English") \
            else "zh"
    lang = st.sidebar.segmented_control(t("side.lang", "zh") + " / Language", list(LANG_LABELS),
                                        key="lang", required=True,
                                        format_func=LANG_LABELS.get) or "zh"
    url_write("lang", lang, "zh")
    st.title(t("app.title", lang))
    st.caption(t("app.caption", lang))
    path = str(store.db_path())
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
    if "flash" in st.session_state:
        st.success(st.session_state.pop("flash"))
    tree = views.region_tree(ov.regions)
    sel = sidebar(ov, tree, lang)
    url_seed("view", VIEWS, "trend")
    view = st.segmented_control(t("view.label", lang), VIEWS, key="view", required=True,
                                format_func=lambda v: t("view." + v, lang),
                                label_visibility="collapsed") or "trend"
    url_write("view", view, "trend")
    ctx = {"path": path, "token": token, "ov": ov, **sel}
    region_name = exports.selection_label(sel["regions"], tree.default, lang)
    ctx["stem"] = exports.export_name(region_name, display_name(sel["indicator"], lang),
                                      sel["years"], "x")[:-2]
    if view == "add":
        view_add(ctx, lang)
    elif ov.n_records == 0:
        st.info(t("empty.store", lang))
    elif view == "sources":
        view_sources(ctx, lang)
    else:
        {"trend": view_trend, "profile": view_profile, "compare": view_compare,
         "targets": view_targets, "map": view_map,
         "table": lambda c, lg: view_table(c, lg, (c["indicator"],)),
         "other": lambda c, lg: view_table(c, lg, c["others"] or ("-",)),
         }[view](ctx, lang)
        if view == "other":
            st.caption(t("other.note", lang))
        downloads(ctx, lang)
    st.caption(t("app.footer", lang, records=f"{ov.n_records:,}", docs=f"{ov.n_documents:,}",
                 updated=ov.updated_at or "—"))


try:
    main()
except store.StoreError:  # busy or unreadable store: say so in the UI's language, no paths
    LOG.exception("store error")
    lang = st.query_params.get("lang")
    st.error(t("app.busy", lang if lang in LANG_LABELS else "zh"))
