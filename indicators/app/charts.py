"""The chart views: trend (the landing view), profile, compare, targets and map. Every chart
is Vega-Lite (``indicators.dashboard.charts``, ``mapview``): one light JavaScript chunk for
the whole app."""
from __future__ import annotations

import streamlit as st

from indicators.app.data import load_chart, load_records, load_series
from indicators.app.parts import chart, chart_docs, empty_note, quote_block
from indicators.app.urlstate import pick_year, url_write
from indicators.dashboard import charts, profile, ranking, tables, views
from indicators.dashboard.display import region_label
from indicators.dashboard.i18n import t
from indicators.records.catalogue import display_name


def trend(ctx: dict, lang: str) -> None:
    ind = ctx["indicator"]
    everything = st.toggle(t("trend.all_cities", lang), key="all_cities",
                           value=st.query_params.get("all") == "1")
    url_write("all", "1" if everything else "0", "0")
    regions = ctx["tree"].trend_selection(ctx["cities"], ctx["counties"], everything)
    recs, s = load_chart(ctx["path"], ctx["token"], regions, (ind,), ctx["years"],
                         ctx["kinds"])
    if recs.empty:
        empty_note(ctx, lang, regions)
        return
    chart(charts.trend_spec(s, ind, lang), ctx, lang,
          alt=t("chart.trend_title", lang, indicator=display_name(ind, lang)),
          docs=chart_docs(recs, ctx))
    n = views.partial_count(s, ind)
    if n:
        st.caption(t("chart.partial_note", lang, n=n))
    if not everything and not ctx["cities"] and not ctx["counties"]:
        cities_strip(ctx, lang)


def cities_strip(ctx: dict, lang: str) -> None:
    """Under the landing trend: the 14 cities for the latest year with data, ranked (plain
    HTML bars: the landing view draws one chart; Compare draws this one to save)."""
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
    # the kind the cities report that year (the province may report only its target)
    frame = views.compare_frame(s, ind, year, kind=views.pick_kind(cities, ind, year),
                                lang=lang)
    if frame.empty:
        # the year's figures are all of one kind or period the ranking leaves out
        st.info(t("trend.no_cities", lang, indicator=display_name(ind, lang)))
        return
    kind = frame["kind"].iat[0]
    unit = frame["unit"].iat[0]
    st.html(ranking.ranking_html(frame, ind, year, lang,
                                 views.reference_value(s, ind, year, kind, unit)))
    st.caption(t("trend.cities_more", lang))


def region_profile(ctx: dict, lang: str) -> None:
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


def compare(ctx: dict, lang: str) -> None:
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
    chart(charts.compare_spec(frame, ind, year, lang, province), ctx, lang,
          alt=f"{display_name(ind, lang)} {year}", docs=chart_docs(load_records(*args), ctx))
    st.caption(t("chart.kind_note", lang, kind=t("kind." + kind, lang)))


def targets(ctx: dict, lang: str) -> None:
    ind = ctx["indicator"]
    args = (ctx["path"], ctx["token"], ctx["regions"], (ind,), ctx["years"], ())
    s = load_series(*args)
    year = pick_year(views.target_years(s, ind), lang, key="tyear")
    if year is None:
        st.info(t("empty.view", lang, what=t("empty.targets", lang)))
        return
    frame = views.targets_frame(s, ind, year)
    chart(charts.targets_spec(frame, ind, lang), ctx, lang,
          alt=t("chart.targets_title", lang, indicator=display_name(ind, lang)),
          docs=chart_docs(load_records(*args), ctx))
    st.dataframe(tables.targets_table(frame, ind, lang), hide_index=True, width="stretch")


def region_map(ctx: dict, lang: str) -> None:
    """The map covers its own scope, whatever else the region filter holds: the 14 cities,
    or every county of the one city chosen."""
    from indicators.dashboard import mapview  # altair: 0.25 s to import, only for the map

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


