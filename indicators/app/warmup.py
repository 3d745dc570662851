"""Warm the server when it starts (app.py runs this in a background thread).

The first visitor after a restart used to pay for importing the page's modules and for the
first reads of the store; both are shared by every session of the process (module imports,
st.cache_data), so they are done here once, before anyone asks: a missing or empty store is
built, the page's HTML with its preloaded chunks (``indicators.app.preload``) is prepared,
then the overview and exactly what the landing view reads (its trend, the ranked
cities, the downloads' file name) go into the caches under the keys the page will use.
Under ``streamlit run app.py`` the server then visits itself once through its WebSocket
(``visit_self``), so what only a real session pays the first time is paid too.
Anything that fails here is logged and left to the first visitor, who gets the usual
messages.

``READY`` is set when the warm-up (and the visit) has ended, done or failed; ``ready`` is
the handler of app.py's ``GET /api/ready``: 503 while the server warms, 200 after.
"""
from __future__ import annotations

import logging
import threading
import time

LOG = logging.getLogger("indicators.app")
READY = threading.Event()


def warm(path: str | None = None) -> float:
    """Import and read what the landing view needs; returns the seconds it took."""
    start = time.perf_counter()
    try:
        import pyarrow  # noqa: F401  (Streamlit sends a chart's rows as Arrow)

        from indicators.app import page, preload  # noqa: F401  (page: every view module)

        preload.index_html()  # the page's HTML with its chunks listed (reads the bundle)
        from indicators.app.data import (
            first_build,
            load_chart,
            load_overview,
            load_series,
            load_span,
        )
        from indicators.app.sidebar import PREFERRED_INDICATOR
        from indicators.dashboard import charts, views
        from indicators.records.catalogue import is_catalogue
        from indicators.store import db as store

        path = path or str(store.db_path())
        token = store.version(path)
        ov = load_overview(path, token) if token[0] else None
        if ov is None or ov.n_records == 0:
            first_build(path)
            token = store.version(path)
            ov = load_overview(path, token)
        tree = views.region_tree(ov.regions)
        ind = views.default_indicator({p: n for p, n in ov.pairs.items() if is_catalogue(p[1])},
                                      tree.trend_default, PREFERRED_INDICATOR)
        years, everything = ov.years, tuple(dict.fromkeys([*tree.trend_default,
                                                           *tree.default]))
        _, s = load_chart(path, token, tree.trend_selection([], []), (ind,), years, ())
        charts.trend_spec(s, ind, "zh")
        load_series(path, token, tuple(tree.default), (ind,), years, ())
        load_span(path, token, everything, (), years, ())  # the downloads' file name
    except Exception:  # the first visitor reads it instead, and sees any error as usual
        LOG.exception("warm-up failed")
    took = time.perf_counter() - start
    LOG.info("warm-up took %.2f s", took)
    return took


def visit_self(url: str, wait: float = 60.0) -> float:
    """Run the page once through the server's own WebSocket (``url``: its
    ``…/_stcore/stream``), as a browser's first visit does, and wait for the run to finish;
    returns the seconds it took. What only a real session touches the first time (Streamlit's
    session and script-runner set-up, the elements' serialisation, the page's own first-run
    code) is then paid here, not by the first visitor. Waits up to ``wait`` seconds for the
    server to listen (the warm-up starts before it does)."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    start = time.perf_counter()
    deadline = time.monotonic() + wait
    while True:
        try:
            ws = connect(url, subprotocols=["streamlit"], open_timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    with ws:
        ask = BackMsg()
        ask.rerun_script.query_string = ""
        ws.send(ask.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(ws.recv(timeout=max(1.0, deadline - time.monotonic())))
            if reply.WhichOneof("type") == "script_finished":
                break
    took = time.perf_counter() - start
    LOG.info("first run through the server's own WebSocket took %.2f s", took)
    return took


def stream_url() -> str:
    """The server's own WebSocket address from its configuration (port, address, base
    path); a server listening on every address is reached on 127.0.0.1."""
    import streamlit as st

    host = st.get_option("server.address") or "127.0.0.1"
    host = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    host = f"[{host}]" if ":" in host else host
    base = "".join(f"/{p}" for p in (st.get_option("server.baseUrlPath") or "").split("/")
                   if p)
    return f"ws://{host}:{st.get_option('server.port')}{base}/_stcore/stream"


def warm_in_background(path: str | None = None, url: str | None = None) -> threading.Thread:
    """Run ``warm`` in a daemon thread, then, given the server's WebSocket ``url``, one
    visit through it (``visit_self``); ``READY`` is set when both have ended, also after a
    failure (the server then answers as it would without a warm-up)."""
    def run() -> None:
        try:
            warm(path)
            if url:
                visit_self(url)
        except Exception:  # the first visitor pays instead
            LOG.exception("warm-up visit failed")
        finally:
            READY.set()

    thread = threading.Thread(target=run, name="warm-up", daemon=True)
    thread.start()
    return thread


async def ready(_request):
    """``GET /api/ready``: 200 once the warm-up has ended, 503 (Retry-After: 1) before."""
    from starlette.responses import PlainTextResponse

    if READY.is_set():
        return PlainTextResponse("ok")
    return PlainTextResponse("warming", status_code=503, headers={"Retry-After": "1"})
