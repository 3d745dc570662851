"""湖南经济指标 — the dashboard an analyst can show their director.

``streamlit run app.py`` (``make run``) serves the page script ``dashboard.py`` through
``st.App``, whose start-up hook warms the server: in a background thread it imports the
page's modules, reads what the landing view shows into the shared caches and then runs the
page once through the server's own WebSocket (``indicators.app.warmup``), so the first
visitor after a restart does not pay for them.
``GET /api/ready`` answers 503 while it warms and 200 after (a readiness probe for a proxy
or a test; Streamlit's own ``/_stcore/health`` is 200 as soon as the server listens).
``GET /`` is Streamlit's own page with the chart's JavaScript chunks preloaded
(``indicators.app.preload``): the browser fetches the chart's code while Streamlit starts
instead of after the first script run. ``streamlit run dashboard.py`` serves the same page
without the warm-up and the preload.
"""
from __future__ import annotations

from contextlib import asynccontextmanager

import streamlit as st
from starlette.routing import Route

from indicators.app import preload, warmup


@asynccontextmanager
async def lifespan(_app):
    warmup.warm_in_background(url=warmup.stream_url())
    yield


# the page's address: the server's root, or its base path (``server.baseUrlPath``)
PAGE = "/" + "".join(f"{p}/" for p in st.get_option("server.baseUrlPath").split("/") if p)
app = st.App("dashboard.py", lifespan=lifespan,
              routes=[Route(PAGE, preload.index), Route("/api/ready", warmup.ready)])
