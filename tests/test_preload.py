"""The page's HTML with the chart's JavaScript preloaded (indicators.app.preload, served by
app.py at ``GET /``): the chunk graph on a small made-up bundle (static imports followed,
dynamic ones not, a renamed entry left out), and on the installed Streamlit, whose chart
chunks (ArrowVegaLiteChart and Vega's ``embed``) were the ones the browser timeline showed
fetched only after the first script run (bench/browser_timeline.py); and the address of the
warm-up's own visit (indicators.app.warmup.stream_url)."""
from __future__ import annotations

import asyncio
import logging
import re

from indicators.app import preload

INDEX = """<!DOCTYPE html><html><head>
    <script type="module" crossorigin src="./static/js/index.AAA.js"></script>
    <link rel="modulepreload" crossorigin href="./static/js/runtime.BBB.js">
  </head><body></body></html>"""


def bundle(tmp_path):
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    files = {
        "index.AAA.js": 'import"./runtime.BBB.js";',
        "runtime.BBB.js": "export const r=1;",
        "Chart.CCC.js": 'import{a}from"./runtime.BBB.js";import{e}from"./embed.DDD.js";'
                        'const x=()=>import(`./Lazy.EEE.js`);',
        "Chart.esm.FFF.js": "export const icon=1;",  # an icon module, not the entry
        "embed.DDD.js": 'import {s} from "./scale.GGG.js";export const e=1;',
        "scale.GGG.js": "export const s=1;",
        "Lazy.EEE.js": "export const l=1;",
    }
    for name, text in files.items():
        (js / name).write_text(text, encoding="utf-8")
    (tmp_path / "index.html").write_text(INDEX, encoding="utf-8")
    return js


def test_chunk_graph_follows_static_imports_only(tmp_path, caplog):
    js = bundle(tmp_path)
    assert preload.chunk_graph(js, ("Chart",)) == ["Chart.CCC.js", "runtime.BBB.js",
                                                   "embed.DDD.js", "scale.GGG.js"]
    with caplog.at_level(logging.WARNING, logger="indicators.app"):
        assert preload.chunk_graph(js, ("Renamed", "Chart"))[0] == "Chart.CCC.js"
    assert "no chunk for Renamed" in caplog.text


def test_index_adds_only_the_chunks_the_page_does_not_load(tmp_path, monkeypatch):
    bundle(tmp_path)
    monkeypatch.setattr(preload, "LANDING", ("Chart",))
    preload.index_html.cache_clear()
    try:
        html = preload.index_html(str(tmp_path))
    finally:
        preload.index_html.cache_clear()
    added = re.findall(r'<link rel="modulepreload" crossorigin href="\./static/js/([^"]+)">',
                       html)
    assert added == ["runtime.BBB.js", "Chart.CCC.js", "embed.DDD.js", "scale.GGG.js"]
    assert html.index("scale.GGG.js") < html.index("</head>")
    assert html.replace("".join(f'\n    <link rel="modulepreload" crossorigin '
                                f'href="./static/js/{n}">' for n in added[1:]) + "\n  ", "",
                        ) == INDEX  # nothing else changed


def test_installed_streamlit_page_preloads_the_chart():
    """Against the Streamlit this project installs: the route answers like Streamlit's own
    page (no-cache, its entry script) and announces the chart's chunks, each a real file."""
    answer = asyncio.run(preload.index(None))
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-cache"
    html = answer.body.decode()
    js = preload.static_dir() / "static" / "js"
    ours = preload.chunk_graph(js)
    assert ours[0].startswith("ArrowVegaLiteChart.")
    assert any(n.startswith("embed.") for n in ours)  # Vega, the largest chunk
    linked = re.findall(r'(?:src|href)="\./static/js/([^"]+\.js)"', html)
    assert set(ours) <= set(linked) and len(linked) == len(set(linked))
    assert all((js / n).is_file() for n in linked)
    assert re.search(r'<script type="module" crossorigin src="\./static/js/index\.', html)


def test_the_server_visits_itself_at_its_configured_address(monkeypatch):
    """indicators.app.warmup.stream_url: the WebSocket the warm-up's own visit opens, from
    the options `streamlit run` was given (a server on every address is reached locally;
    the base path of a proxy in front, docs/dashboard.md)."""
    import streamlit as st

    from indicators.app import warmup

    def options(address, port, base):
        values = {"server.address": address, "server.port": port,
                  "server.baseUrlPath": base}
        monkeypatch.setattr(st, "get_option", values.__getitem__)
        return warmup.stream_url()

    assert options("localhost", 8501, "") == "ws://localhost:8501/_stcore/stream"
    assert options("0.0.0.0", 80, "/hunan/app/") == "ws://127.0.0.1:80/hunan/app/_stcore/stream"
    assert options(None, 8501, None) == "ws://127.0.0.1:8501/_stcore/stream"
    assert options("::1", 8502, "x") == "ws://[::1]:8502/x/_stcore/stream"
