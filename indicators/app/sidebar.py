"""The sidebar: filters (all in the URL) and the reviewer's name (kept for the session).

The selection is read first, from the widgets' session state seeded from the URL
(``selection``); the widgets themselves are drawn after the view (``widgets``). The sidebar
is its own container, so the page looks the same, but the chart leaves the server before
the filter widgets and the browser starts fetching its JavaScript while it still draws them.
"""
from __future__ import annotations

import streamlit as st

from indicators.app.urlstate import url_list, url_seed, url_write, url_write_list, url_years
from indicators.dashboard import views
from indicators.dashboard.display import indicator_label, indicator_order, region_label
from indicators.dashboard.i18n import LANG_LABELS, t
from indicators.records.catalogue import is_catalogue
from indicators.store import queries

KINDS = ("both", "target", "actual")
PREFERRED_INDICATOR = "gdp_growth"


def language() -> str:
    """The interface language from the session or the URL (links written before the URL
    used codes say lang=English)."""
    if st.session_state.get("lang") not in LANG_LABELS:
        st.session_state["lang"] = "en" if st.query_params.get("lang") in ("en", "English") \
            else "zh"
    lang = st.session_state["lang"]
    url_write("lang", lang, "zh")
    return lang


def selection(ov: queries.Overview, tree: views.RegionTree) -> dict:
    """The filters' current values, each checked and mirrored in the URL."""
    url_list("city", tree.top)
    cities = list(st.session_state["city"])
    url_write_list("city", cities)
    url_list("county", tree.county_options(cities))
    counties = list(st.session_state["county"])
    url_write_list("county", counties)
    core = [k for k in ov.indicators if is_catalogue(k)]
    options = indicator_order(core) or [PREFERRED_INDICATOR]
    default_ind = views.default_indicator({p: n for p, n in ov.pairs.items()
                                           if is_catalogue(p[1])},
                                          tree.trend_default, PREFERRED_INDICATOR)
    url_seed("ind", options, default_ind)
    indicator = st.session_state["ind"]
    url_write("ind", indicator, default_ind)
    years = ov.years
    if years and years[0] < years[1]:
        url_years("years", years)
        chosen = tuple(st.session_state["years"])
        url_write_list("years", [] if chosen == tuple(years) else [str(y) for y in chosen])
        years = chosen
    url_seed("kind", KINDS, "both")
    kind = st.session_state["kind"]
    url_write("kind", kind, "both")
    return {"tree": tree, "cities": cities, "counties": counties,
            "regions": tree.selection(cities, counties), "indicator": indicator,
            "years": tuple(years) if years else None,
            "kinds": () if kind == "both" else (kind,), "kind": kind,
            "core": tuple(options), "default_ind": default_ind,
            "others": tuple(k for k in ov.indicators if not is_catalogue(k))}


def widgets(sel: dict, ov: queries.Overview, lang: str) -> None:
    """The language switch, the filters (bound to the state ``selection`` read) and the
    reviewer's name."""
    sb, tree = st.sidebar, sel["tree"]
    sb.segmented_control(t("side.lang", "zh") + " / Language", list(LANG_LABELS), key="lang",
                         required=True, format_func=LANG_LABELS.get)
    sb.subheader(t("side.filters", lang))
    label = {r: region_label(r, lang) for r in tree.top + tree.county_options([])}
    sb.multiselect(t("side.city", lang), tree.top, key="city",
                   placeholder=t("side.city.placeholder", lang), format_func=label.get,
                   help=t("side.city.help", lang))
    sb.multiselect(t("side.county", lang), tree.county_options(sel["cities"]), key="county",
                   format_func=label.get, placeholder=t("side.county.placeholder", lang))
    sb.selectbox(t("side.indicator", lang), sel["core"], key="ind",
                 format_func=lambda k: indicator_label(k, lang),
                 help=t("side.indicator.help", lang))
    if ov.years and ov.years[0] < ov.years[1]:
        sb.slider(t("side.years", lang), ov.years[0], ov.years[1], key="years")
    sb.segmented_control(t("side.kind", lang), KINDS, key="kind", required=True,
                         format_func=lambda k: t("kind." + k, lang))
    sb.caption(t("side.link", lang))
    reviewer_box(lang)


def reviewer_box(lang: str) -> None:
    """The name the audit trail records, typed once per session (never put in the URL: a
    shared link must not review in someone else's name)."""
    st.sidebar.text_input(t("review.name", lang), key="reviewer", max_chars=100,
                          placeholder=t("review.name_placeholder", lang),
                          help=t("review.name_help", lang))


def reviewer() -> str:
    return (st.session_state.get("reviewer") or "").strip()
