"""Filters mirrored by hand between st.query_params and the widgets' session state.

Stable values (ASCII keys, Chinese region names, years) go into the URL: a widget bound with
``bind="query-params"`` writes its *label*, and region and indicator labels change with the
language, which breaks shared links. Each value read from the URL is checked, so a link with
garbage, injected text or reversed years opens a clean view.
"""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from indicators.dashboard.i18n import t


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
