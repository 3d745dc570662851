"""Cached reads of the store.

Every cached call takes the store's version token (``store.version``), so a write here or by
the CLI invalidates what was read before it. st.cache_data is shared by every session of the
server process: the first visitor pays for a read, the next ones do not.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from indicators.dashboard import tables, views
from indicators.store import db as store
from indicators.store import queries, review


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


@st.cache_data(show_spinner=False, max_entries=48)
def load_span(path: str, token: tuple, regions: tuple, indicators: tuple,
              years: tuple | None, kinds: tuple) -> tuple[int, int] | None:
    """The first and last year of those records (a download's file name): every run names
    the downloads, so this asks the store for two numbers instead of reading (and copying out
    of the cache) every record of the filter (0.15–0.3 s a run on 1,000,000 records)."""
    f = queries.Filters(regions=regions, indicators=indicators, years=years, kinds=kinds)
    return queries.year_span(f, path)


@st.cache_data(show_spinner=False, max_entries=4)
def load_documents(path: str, token: tuple):
    counts = queries.documents(path)[["doc", "n_records", "regions"]]
    return load_catalogue(path, token).merge(counts, on="doc", how="left").sort_values(
        ["date", "doc"], ascending=[False, True], na_position="last")


@st.cache_data(show_spinner=False, max_entries=16)
def load_text(path: str, token: tuple, doc: str) -> str | None:
    return queries.document_text(doc, path)


@st.cache_data(show_spinner=False, max_entries=4)
def load_pending(path: str, token: tuple):
    return tables.with_documents(review.pending(path), load_catalogue(path, token))


@st.cache_data(show_spinner=False, max_entries=16)
def load_history(path: str, token: tuple, key: str | None = None):
    return tables.with_documents(review.history(path, key=key), load_catalogue(path, token))


PER_REGION = 6  # up to this many regions, a chart's records are read and cached region by region


def load_chart(path: str, token: tuple, regions: tuple, indicators: tuple,
               years: tuple | None, kinds: tuple):
    """(records, series) of a chart. A handful of regions is read and cached one region at a
    time (sources and conflicts are counted within a region, so nothing changes): adding a
    city to the picker reads that city only, which keeps a filter change quick on a big
    store. Many regions (every city) are one read."""
    if len(regions) > PER_REGION:
        args = (path, token, regions, indicators, years, kinds)
        return load_records(*args), load_series(*args)
    recs = [load_records(path, token, (r,), indicators, years, kinds) for r in regions]
    parts = [load_series(path, token, (r,), indicators, years, kinds) for r in regions]
    return (pd.concat(recs, ignore_index=True) if recs else load_records(
        path, token, regions, indicators, years, kinds),
            pd.concat(parts, ignore_index=True) if parts else load_series(
        path, token, regions, indicators, years, kinds))
