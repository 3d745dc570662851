"""The page's HTML with the landing view's JavaScript announced up front.

Streamlit's front end loads each element's code when the element first arrives: the chart's
chunks (Vega, 0.8 MB with Arrow) are asked for only after the browser has started Streamlit
(1.3–2 s here), opened the WebSocket and received the chart from the script run; then they
queue behind the widgets' chunks on the same Python server. ``index`` serves Streamlit's own
``index.html`` with ``<link rel="modulepreload">`` for the chart's chunks, so the browser
fetches and compiles them while Streamlit starts, and the chart draws soon after its data
arrives. Nothing else changes: the same files, the same module graph, the same caching
headers on them.

The chunk names carry content hashes that change with every Streamlit release, so they are
read from the installed package: each element's entry chunk by its name, then every chunk it
imports statically. If a release renames an entry chunk, it is left out (and logged), and the
page loads as it would without this.
"""
from __future__ import annotations

import functools
import logging
import re
from pathlib import Path

LOG = logging.getLogger("indicators.app")

# The chunks to announce, by the name of the front-end component that draws each: the chart
# only. Announcing the widgets' chunks as well (ButtonGroup, Multiselect, Slider… 0.6 MB more)
# was measured slower: they compete with Streamlit's own start-up on a 2-core machine and the
# WebSocket opens later; they are small and arrive while the chart's code runs anyway.
LANDING = ("ArrowVegaLiteChart",)
_IMPORT = re.compile(r'(?:\bfrom|\bimport)\s*"\./([\w.\-]+\.js)"')
_HREF = re.compile(r'(?:src|href)="\./static/js/([\w.\-]+\.js)"')


def static_dir() -> Path:
    from streamlit import file_util

    return Path(file_util.get_static_dir())


def chunk_graph(js: Path, entries: tuple[str, ...] = LANDING) -> list[str]:
    """The chunk files ``entries`` need: each entry's file (``Name.<hash>.js``) and, depth
    first, every chunk it imports statically; in that order, each once."""
    out: dict[str, None] = {}

    def visit(name: str) -> None:
        if name in out or not (js / name).is_file():
            return
        out[name] = None
        for dep in _IMPORT.findall((js / name).read_text(encoding="utf-8", errors="replace")):
            visit(dep)

    for entry in entries:
        found = sorted(p.name for p in js.glob(f"{entry}.*.js")
                       if p.name.count(".") == 2)  # Name.<hash>.js, not Name.esm.<hash>.js
        if not found:
            LOG.warning("preload: no chunk for %s in this Streamlit", entry)
        for name in found:
            visit(name)
    return list(out)


@functools.lru_cache(maxsize=1)
def index_html(root: str | None = None) -> str:
    """Streamlit's ``index.html`` with a modulepreload link for every chart chunk it does
    not load already (inserted before ``</head>``)."""
    base = Path(root) if root else static_dir()
    html = (base / "index.html").read_text(encoding="utf-8")
    known = set(_HREF.findall(html))
    extra = [n for n in chunk_graph(base / "static" / "js", LANDING) if n not in known]
    links = "".join(f'\n    <link rel="modulepreload" crossorigin href="./static/js/{n}">'
                    for n in extra)
    return html.replace("</head>", links + "\n  </head>", 1)


async def index(_request):
    """``GET /``: the page with the chart's chunks preloaded (no-cache, like Streamlit's)."""
    from starlette.responses import HTMLResponse

    return HTMLResponse(index_html(), headers={"Cache-Control": "no-cache"})
