"""The real page in Chromium over the store a fresh clone builds (seeds/ + data/corpus): the
landing view shows national and city data; a filter change goes into the URL; the CSV and
XLSX downloads read back (XLSX dates are dates) and so does the chart PNG; a region profile;
an upload with a corrected date lands under the right year; no request fails (the map is
offline) and the map fits a phone; screenshots at 1366 and 390 px land in screenshots/
(named in docs/dashboard.md); the review path of issue 8 (correct a year in the Table view,
re-extract the document, the correction stands, the audit trail lists it). The timings
(first chart, filter change) are printed; the goals
(3 s, 0.5 s) are measured with ranges by bench/browser_timeline.py.

Debian's chromium is used (a Playwright browser download fails on these machines); CI
installs it with apt. The test is skipped only when /usr/bin/chromium is absent.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import openpyxl
import pandas as pd
import pytest

from indicators.store import db as store
from indicators.store import queries
from indicators.store import review as store_review

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
def bundled_path(tmp_path_factory) -> Path:
    """The store a fresh clone builds: seeds/ and the documents data/corpus lists."""
    db = tmp_path_factory.mktemp("browser") / "indicators.duckdb"
    store.build(path=db)
    return db


@pytest.fixture(scope="module")
def server(bundled_path, tmp_path_factory):
    """`streamlit run app.py` on a free port, over the bundled store, once it has warmed up
    (`/api/ready` answers 200)."""
    tmp = tmp_path_factory.mktemp("browser-log")
    db = bundled_path
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
        deadline = time.monotonic() + 120
        while True:  # app.py's readiness route: 503 while the server warms, 200 after
            try:
                with urllib.request.urlopen(url + "api/ready", timeout=2) as r:
                    if r.read() == b"ok":
                        break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("streamlit did not get ready: " +
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
    """Every failed request or error response the page sees (a file the server sends as a
    download ends its request with ERR_ABORTED in Chromium: not a failure)."""
    failures: list[str] = []
    downloads: set[str] = set()
    page.on("download", lambda d: downloads.add(d.url))
    page.on("requestfailed", lambda r: None if r.url in downloads and "ERR_ABORTED" in (
        r.failure or "") else failures.append(f"{r.url}: {r.failure}"))
    page.on("response", lambda r: failures.append(f"{r.url}: HTTP {r.status}")
            if r.status >= 400 else None)
    return failures


CHART = "[data-testid='stVegaLiteChart'] svg.marks, [data-testid='stVegaLiteChart'] canvas"
LEGEND = "[...document.querySelectorAll('[data-testid=stVegaLiteChart] svg text')]"


def _wait_chart(page, timeout: int = 60_000) -> None:
    page.wait_for_selector(CHART, state="attached", timeout=timeout)
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)


def _chart_texts(page) -> list[str]:
    """Every text the first chart draws (legend entries, axis titles, labels)."""
    return page.locator("[data-testid='stVegaLiteChart']").first.locator(
        "svg text").all_text_contents()


def _idle(page) -> None:
    time.sleep(0.3)  # let a widget change reach the server before asking if it is idle
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)


def _download(page, button):
    """Click a download button once the page is idle; a click that lands while the script
    reruns is lost (and the old button may still be on the page beside the new one), so
    wait for one button and try again once."""
    for attempt in range(2):
        page.wait_for_function(
            "!document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000)
        for _ in range(40):
            if button.count() == 1:
                break
            time.sleep(0.25)
        try:
            with page.expect_download(timeout=20_000) as info:
                button.first.click()
            return info.value
        except Exception:
            if attempt:
                raise


def _timed_first_chart(browser, url: str) -> float:
    """Seconds from navigation to the first chart drawn in a fresh browser context (an empty
    cache), as bench/browser_timeline.py measures it."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    start = time.monotonic()
    page.goto(url)
    page.wait_for_selector(CHART, state="attached", timeout=60_000)
    elapsed = time.monotonic() - start
    context.close()
    return elapsed


def test_dashboard_in_chromium(server, browser, bundled_path):
    SHOTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN",
                                  accept_downloads=True)
    # The dataframe toolbar's export uses showSaveFilePicker, which bypasses download
    # events; without it every download goes through the normal path.
    context.add_init_script("delete window.showSaveFilePicker")
    page = context.new_page()
    failures = _watch(page)
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url))
    start = time.monotonic()
    page.goto(server)
    page.wait_for_selector(CHART, state="attached", timeout=60_000)
    first_chart = time.monotonic() - start
    _wait_chart(page)

    # the landing view: 40 years of national targets and results (one chart, Vega-Lite: no
    # plotly bundle is fetched), and the 14 cities below as plain bars
    texts = _chart_texts(page)
    assert "全国" in texts and "全国（目标）" in texts
    assert page.locator("[data-testid='stVegaLiteChart']").count() == 1
    assert not any("PlotlyChart" in u for u in fetched)  # the 4.7 MB bundle is never needed
    strip = page.locator("figure").filter(has_text="排名")
    strip.wait_for(timeout=30_000)
    assert "第1位" in strip.inner_text()
    page.screenshot(path=SHOTS / "desktop-trend.png", full_page=True)

    # change a filter: pick 株洲市 in the city picker; the URL must carry it
    picker = page.locator("[data-testid='stMultiSelect']").filter(has_text="市州 / 省 / 全国")
    picker.locator("input").click()
    page.keyboard.type("株洲市")
    start = time.monotonic()
    page.keyboard.press("Enter")
    page.wait_for_function(LEGEND + ".some(e => e.textContent === '株洲市')", timeout=30_000)
    filter_change = time.monotonic() - start
    page.wait_for_url(re.compile(r"[?&]city="), timeout=30_000)
    assert parse_qs(urlparse(page.url).query)["city"] == ["株洲市"]
    page.keyboard.press("Escape")
    _wait_chart(page)

    # the CSV download: every indicator of the filter, display and base units
    download = _download(page, page.get_by_role("button", name="下载 CSV"))
    name = download.suggested_filename
    assert re.fullmatch(r"株洲市_全部指标_\d{4}-\d{4}\.csv", name), name
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(table.columns[:3]) == ["地区", "指标", "年份"]
    assert set(table["地区"]) <= {"株洲市", "全国", "湖南省"} and "株洲市" in set(table["地区"])
    assert f"{table['年份'].min()}-{table['年份'].max()}" in name
    assert {"数值（显示单位）", "显示单位", "数值（基本单位）", "引用"} <= set(table.columns)

    # the XLSX download: dates are Excel dates
    xlsx = _download(page, page.get_by_role("button", name="下载 Excel"))
    assert xlsx.suggested_filename == name[:-4] + ".xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(Path(xlsx.path()).read_bytes()))
    header = [c.value for c in wb["数据"][1]]
    date_cell = wb["数据"].cell(row=2, column=header.index("发布日期") + 1)
    assert date_cell.is_date and isinstance(date_cell.value, dt.datetime)

    # the chart as PNG, drawn on the server with its title, source line and URL
    png = _download(page, page.get_by_role("button", name="下载图表（PNG）"))
    assert png.suggested_filename.startswith("株洲市_地区生产总值增长")
    assert png.suggested_filename.endswith(".png")
    assert Path(png.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # a region profile
    page.goto(server + "?view=profile&city=长沙市")
    page.get_by_text("长沙市主要指标一览").wait_for(timeout=60_000)
    page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=60_000)
    page.screenshot(path=SHOTS / "desktop-profile.png", full_page=True)

    # the map, offline, fitted and labelled
    page.goto(server + "?view=map")
    page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
                 ).first.wait_for(timeout=60_000)
    time.sleep(1.0)
    page.screenshot(path=SHOTS / "desktop-map.png", full_page=True)
    map_url = page.url

    phone = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN",
                                device_scale_factor=2, is_mobile=True, has_touch=True)
    mobile = phone.new_page()
    failures += _watch(mobile)
    mobile.goto(server + "?city=" + "株洲市")
    _wait_chart(mobile)
    assert "株洲市" in _chart_texts(mobile)
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"page scrolls sideways at phone width ({width}px)"
    mobile.screenshot(path=SHOTS / "phone-trend.png", full_page=True)
    mobile.goto(map_url)
    mobile.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg"
                   ).first.wait_for(timeout=60_000)
    time.sleep(1.0)
    box = mobile.locator("[data-testid='stVegaLiteChart']").first.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390  # the map fits
    mobile.screenshot(path=SHOTS / "phone-map.png", full_page=True)
    phone.close()

    second_visitor = _timed_first_chart(browser, server)
    print(f"\nbrowser: first chart {first_chart:.2f} s (first visitor), "
          f"{second_visitor:.2f} s (next visitor); filter change {filter_change:.2f} s")
    context.close()
    assert failures == [], failures


def test_chart_code_is_preloaded_and_the_server_visits_itself(server, browser):
    """app.py's page names the chart's chunks in modulepreload links, so Chromium fetches
    Vega's ``embed`` through the link (not on the chart element's import after the run);
    the warm-up's own visit through the WebSocket (indicators.app.warmup.visit_self) gets a
    finished script run from this server."""
    from indicators.app import warmup

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    page = context.new_page()
    failures = _watch(page)
    page.goto(server)
    _wait_chart(page)
    fetched = page.evaluate("""() => performance.getEntriesByType('resource')
        .filter(e => /\\/(embed|ArrowVegaLiteChart)\\.[^/]+\\.js$/.test(e.name))
        .map(e => [e.name.split('/').pop().split('.')[0], e.initiatorType])""")
    context.close()
    # a chunk the chart element imports is a "script" fetch; the link's is not ("other")
    assert sorted(name for name, _ in fetched) == ["ArrowVegaLiteChart", "embed"], fetched
    assert all(kind != "script" for _, kind in fetched), fetched
    assert not failures, failures
    assert 0 < warmup.visit_self(server.replace("http", "ws", 1) + "_stcore/stream", wait=30) < 30


def test_upload_with_a_corrected_date_lands_under_the_right_year(server, browser,
                                                                 bundled_path, tmp_path):
    page_text = "今年全市经济社会发展的主要预期目标是：地区生产总值增长6.5%左右。"
    upload = tmp_path / "娄底快讯.txt"
    upload.write_text(page_text, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1366, "height": 1200}, locale="zh-CN")
    page = context.new_page()
    page.goto(server + "?view=add")
    page.locator("[data-testid='stFileUploader'] input[type=file]").set_input_files(upload)
    page.get_by_text("娄底快讯.txt").first.wait_for(timeout=30_000)
    _idle(page)
    page.get_by_role("button", name="提取并预览").click()
    page.get_by_text("找不到发布日期").wait_for(timeout=60_000)
    assert page.get_by_role("button", name="确认添加到数据库").is_disabled()
    # the date is a react-aria field: one spinbutton per part, focus moves on as each is typed
    date_field = page.locator("[data-testid='stDateInput']").first
    date_field.get_by_role("spinbutton", name=re.compile("^year")).click()
    page.keyboard.type("20250110", delay=60)
    page.keyboard.press("Tab")
    _idle(page)
    region = page.locator("[data-testid='stSelectbox']").filter(has_text="所属地区")
    region.locator("input").click()
    page.keyboard.type("娄底市")
    page.keyboard.press("Enter")
    _idle(page)
    page.get_by_role("button", name="按修改重新提取").click()
    try:
        page.get_by_text("发布日期：2025-01-10（由您指定）").wait_for(timeout=60_000)
    finally:
        page.screenshot(path=tmp_path / "upload.png", full_page=True)
    _idle(page)
    page.get_by_role("button", name="确认添加到数据库").click()
    page.get_by_text("已写入数据库").wait_for(timeout=60_000)
    recs = queries.query_records(queries.Filters(regions=("娄底市",)), bundled_path)
    row = recs[recs["doc"] == "娄底快讯"].iloc[0]
    assert (row["year"], row["kind"], row["value"]) == (2025, "target", 6.5)
    context.close()


ROW_PX = 35  # the height of a row (and of the header) in Streamlit's data grid


def _select_row(page, grid, index: int) -> None:
    """Tick row ``index`` of a table: the grid is drawn on a canvas, so click its
    row-marker column (the header is one row high)."""
    grid.wait_for(timeout=60_000)
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 14, box["y"] + ROW_PX * (index + 1) + ROW_PX / 2)


def _wait_row(page, *parts: str) -> None:
    """Wait until a row of some table on the page contains every one of ``parts`` (the
    canvas grid mirrors the cells it shows in an accessible table; a table drawn later in
    the same script run is found too)."""
    page.wait_for_function(
        "parts => [...document.querySelectorAll('[data-testid=stDataFrame] [role=row]')]"
        ".some(r => parts.every(p => r.textContent.includes(p)))", arg=list(parts),
        timeout=30_000)


def test_a_corrected_year_survives_re_extraction_in_chromium(server, browser, bundled_path):
    """Issue 8, end to end in the browser: type a name, pick a figure in the Table view's
    grid, correct its year with a reason, re-extract the document (as `indicators build`
    does), and the correction still stands; the figure's trail, the Review view and the
    store's history name the reviewer, the change and the reason. The figure: 石峰区's
    growth target in seeds/004 (a 2026 meeting report), moved to 2025 only for this test."""
    doc = store.PROJECT_ROOT / "seeds" / "004_90b9b8a56207ea22.txt"
    reason = "浏览器测试：更正年份，重新提取后应仍有效"
    f = queries.Filters(regions=("石峰区",), indicators=("gdp_growth",))
    rows = queries.query_records(f, bundled_path)
    index = int(rows.index[(rows["doc"] == doc.stem) & (rows["kind"] == "target")][0])
    target = rows.loc[index]
    assert target["year"] == 2026 and not target["reviewed"]
    context = browser.new_context(viewport={"width": 1366, "height": 1400}, locale="zh-CN")
    page = context.new_page()
    failures = _watch(page)
    table_url = server + "?view=table&county=石峰区&ind=gdp_growth"
    page.goto(table_url)
    page.get_by_placeholder("您的姓名").fill("王芳")
    page.keyboard.press("Enter")
    _idle(page)
    grid = page.locator("[data-testid='stDataFrame']").first
    _select_row(page, grid, index)
    page.get_by_text("审核此数值").wait_for(timeout=30_000)
    # the row picked is the figure meant: its passage is the one shown
    page.get_by_text(target["quote"]).first.wait_for(timeout=30_000)
    actions = page.locator("[data-testid='stButtonGroup']").filter(has_text="确认无误")
    actions.get_by_text("更正", exact=True).click()
    _idle(page)
    year = page.locator("[data-testid='stNumberInput']").filter(has_text="年份").locator("input")
    assert year.input_value() == "2026"
    year.fill("2025")
    year.press("Enter")
    _idle(page)
    box = page.locator("[data-testid='stTextInput']").filter(has_text="理由").locator("input")
    box.fill(reason)
    box.press("Enter")
    _idle(page)
    page.get_by_role("button", name="提交审核").click()
    page.get_by_text("已更正；图表和下载使用更正后的数值").wait_for(timeout=30_000)
    fixed = queries.query_records(f, bundled_path)
    assert fixed[fixed["doc"] == doc.stem]["year"].tolist() == [2025]

    report = store.build([doc], path=bundled_path)  # the rules changed: extract it again
    assert report.unchanged == [doc.stem] and report.reviews_kept == 1
    assert report.reviews_lost == 0
    again = queries.query_records(f, bundled_path)
    mine = again[again["doc"] == doc.stem]
    assert mine["year"].tolist() == [2025] and mine["review"].tolist() == ["corrected"]
    trail = store_review.history(bundled_path, doc=doc.stem)
    assert trail[["reviewer", "action", "reason"]].values.tolist() == [
        ["王芳", "correct", reason]]
    assert trail["changes"].iat[0] == "year: 2026 → 2025"

    # the page after the re-extraction: the figure under 2025, its own trail, the store's
    page.goto(table_url)
    grid = page.locator("[data-testid='stDataFrame']").first
    _wait_row(page, "石峰区", "2025", "5.5%")
    index = int(mine.index[0])
    _select_row(page, grid, index)
    page.get_by_text("审核状态：已更正").wait_for(timeout=30_000)
    _wait_row(page, "王芳", "更正", "year: 2026 → 2025", reason)  # the figure's trail
    page.goto(server + "?view=review")
    page.get_by_text("审核记录（全部）").wait_for(timeout=60_000)
    _wait_row(page, "王芳", "year: 2026 → 2025", reason)
    page.screenshot(path=SHOTS / "desktop-review.png", full_page=True)
    assert not failures, failures
    context.close()
