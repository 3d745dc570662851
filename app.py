"""湖南经济指标 — the dashboard an analyst can show their director.

``streamlit run app.py`` (``make run``) serves the page script ``dashboard.py`` through
``st.App``, whose start-up hook warms the server: in a background thread it imports the
page's modules and reads what the landing view shows into the shared caches
(``indicators.app.warmup``), so the first visitor after a restart does not pay for them.
``streamlit run dashboard.py`` serves the same page without the warm-up.
"""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def lifespan(_app):
    threading.Thread(target=_warm, name="warm-up", daemon=True).start()
    yield


def _warm() -> None:
    from indicators.app.warmup import warm

    warm()


app = st.App("dashboard.py", lifespan=lifespan)
