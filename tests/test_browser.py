"""The real page in Chromium: no request fails (the map is offline), a filter change goes
into the URL, the CSV and the chart PNG download and read back, and screenshots at desktop
and phone (390 px) widths land in screenshots/ (named in docs/dashboard.md).

Debian's chromium is used (a Playwright browser download fails on these machines); CI
installs it with apt. The test is skipped only when /usr/bin/chromium is absent.
"""
from __future__ import annotations

import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pandas as pd
import pytest

from indicators.store import db as store

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = store.PROJECT_ROOT / "screenshots"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(),
                       reason="needs Debian's chromium at /usr/bin/chromium "
                              "(apt-get install -y chromium fonts-noto-cjk)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(dashboard_db, tmp_path_factory):
    """`streamlit run app.py` on a free port, over a copy of the gold store."""
    tmp = tmp_path_factory.mktemp("browser")
    db = tmp / "indicators.duckdb"
    shutil.copy(dashboard_db, db)
    port = _free_port()
    log = (tmp / "streamlit.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.fileWatcherType", "none"],
        cwd=store.PROJECT_ROOT, env={**os.environ, "INDICATORS_DB": str(db)},
        stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not start: " +
                                       (tmp / "streamlit.log").read_text()) from None
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


def _watch(page) -> list[str]:
    """Every failed request or error response the page sees."""
    failures: list[str] = []
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: failures.append(f"{r.url}: HTTP {r.status}")
            if r.status >= 400 else None)
    return failures


def _wait_chart(page, timeout: int = 60_000) -> None:
    page.wait_for_selector("[data-testid='stPlotlyChart'] .js-plotly-plot .legend",
                           state="attached", timeout=timeout)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def test_dashboard_in_chromium(server, browser):
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  accept_downloads=True)
    # The dataframe toolbar's export uses showSaveFilePicker, which bypasses download
    # events; without it every download goes through the normal path.
    context.add_init_script("delete window.showSaveFilePicker")
    page = context.new_page()
    failures = _watch(page)
    page.goto(server)
    _wait_chart(page)
    page.screenshot(path=SHOTS / "desktop-trend.png", full_page=True)

    # change a filter: pick 株洲市 in the city picker; the URL must carry it
    picker = page.locator("[data-testid='stMultiSelect']").filter(has_text="市州 / 省 / 全国")
    picker.locator("input").click()
    page.keyboard.type("株洲市")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"[?&]city="), timeout=30_000)
    assert parse_qs(urlparse(page.url).query)["city"] == ["株洲市"]
    page.keyboard.press("Escape")
    _wait_chart(page)
    page.wait_for_function(
        "[...document.querySelectorAll('.legendtext')].map(e => e.textContent).join() "
        "=== '株洲市'", timeout=30_000)

    # the CSV download: UTF-8 with BOM, localized headers, only the chosen city
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="下载 CSV").click()
    download = info.value
    assert download.suggested_filename == "株洲市_地区生产总值增长_2010-2026.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(table.columns[:3]) == ["地区", "指标", "年份"]
    assert set(table["地区"]) == {"株洲市"} and set(table["数值"]) == {"8%"}

    # the chart as PNG, from plotly's own camera button (drawn in the browser)
    page.locator("[data-testid='stPlotlyChart']").first.hover()
    with page.expect_download(timeout=30_000) as info:
        page.locator("[data-testid='stPlotlyChart'] "
                     ".modebar-btn[data-title='Download plot as a PNG']").click()
    png = info.value
    assert png.suggested_filename == "株洲市_地区生产总值增长_2010-2026.png"
    assert Path(png.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # the map, offline: the county map of the chosen city, with no tile or font requests
    page.locator("[data-testid='stButtonGroup']").get_by_text("地图", exact=True).click()
    page.wait_for_url(re.compile(r"view=map"), timeout=30_000)
    page.wait_for_selector(".maplibregl-canvas", timeout=60_000)
    time.sleep(1.5)  # let MapLibre finish any request it would make
    page.screenshot(path=SHOTS / "desktop-map.png", full_page=True)
    map_url = page.url

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                device_scale_factor=2, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    failures += _watch(mobile)
    mobile.goto(server + "?city=" + "株洲市")
    _wait_chart(mobile)
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways at phone width ({width}px)"
    mobile.screenshot(path=SHOTS / "phone-trend.png", full_page=True)
    mobile.goto(map_url)
    mobile.wait_for_selector(".maplibregl-canvas", timeout=60_000)
    time.sleep(1.5)
    mobile.screenshot(path=SHOTS / "phone-map.png", full_page=True)
    phone.close()
    context.close()
    assert failures == [], failures
