"""湖南经济指标 — the dashboard an analyst can show their director: the page script.

``streamlit run app.py`` (``make run``) serves it with a warm-up at server start (see
app.py); AppTest runs it directly. The page is built by ``indicators.app``
(widgets, layout, caching; see its docstring); frames and figures come from
``indicators.dashboard``, data only from the store (``indicators.store``).
"""
from __future__ import annotations

import logging

import streamlit as st

from indicators.app.page import main
from indicators.dashboard.i18n import LANG_LABELS, t
from indicators.store.backends import StoreError

# No emoji icon: checking one compiles Streamlit's emoji table (0.25 s for the first visitor).
st.set_page_config(page_title="湖南经济指标 · Hunan indicators", layout="wide")

try:
    main()
except StoreError:  # busy or unreadable store: say so in the UI's language, no paths
    logging.getLogger("indicators.app").exception("store error")
    lang = st.query_params.get("lang")
    st.error(t("app.busy", lang if lang in LANG_LABELS else "zh"))
