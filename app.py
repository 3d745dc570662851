"""湖南经济指标 — the dashboard an analyst can show their director.

``streamlit run app.py`` (``make run``) serves the page script ``dashboard.py`` through
``st.App``, whose start-up hook warms the server: in a background thread it imports the
page's modules and reads what the landing view shows into the shared caches
(``indicators.app.warmup``), so the first visitor after a restart does not pay for them.
``GET /api/ready`` answers 503 while it warms and 200 after (a readiness probe for a proxy
or a test; Streamlit's own ``/_stcore/health`` is 200 as soon as the server listens).
``streamlit run dashboard.py`` serves the same page without the warm-up.
"""
from __future__ import annotations

from contextlib import asynccontextmanager

import streamlit as st
from starlette.routing import Route

from indicators.app import warmup


@asynccontextmanager
async def lifespan(_app):
    warmup.warm_in_background()
    yield


app = st.App("dashboard.py", lifespan=lifespan, routes=[Route("/api/ready", warmup.ready)])
