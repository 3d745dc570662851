"""The sidebar: filters (all in the URL) and the reviewer's name (kept for the session)."""
from __future__ import annotations

import streamlit as st

from indicators.app.urlstate import url_list, url_seed, url_write, url_write_list, url_years
from indicators.dashboard import views
from indicators.dashboard.display import indicator_label, indicator_order, region_label
from indicators.dashboard.i18n import t
from indicators.records.catalogue import is_catalogue
from indicators.store import queries

KINDS = ("both", "target", "actual")
PREFERRED_INDICATOR = "gdp_growth"


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
    reviewer_box(lang)
    return {"tree": tree, "cities": cities, "counties": counties,
            "regions": tree.selection(cities, counties), "indicator": indicator,
            "years": tuple(years) if years else None,
            "kinds": () if kind == "both" else (kind,), "kind": kind,
            "core": tuple(options), "others": tuple(k for k in ov.indicators
                                                    if not is_catalogue(k))}


def reviewer_box(lang: str) -> None:
    """The name the audit trail records, typed once per session (never put in the URL: a
    shared link must not review in someone else's name)."""
    st.sidebar.text_input(t("review.name", lang), key="reviewer", max_chars=100,
                          placeholder=t("review.name_placeholder", lang),
                          help=t("review.name_help", lang))


def reviewer() -> str:
    return (st.session_state.get("reviewer") or "").strip()
