"""Several writers at once on both backends: processes ingesting (as CLI runs do), threads
uploading and reviewing (as app sessions do), readers meanwhile. Nothing is lost, nothing is
stored twice. Cases: issue 8 ("two sessions uploading the same name both report success and
one upload is lost"; "two ingests at once both landed" must keep holding)."""
from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from indicators.store import db as store
from indicators.store import queries, review
from indicators.store.queries import Filters

ROOT = store.PROJECT_ROOT

# A writer process: ``n`` one-figure documents, one transaction each, with the tag in the text
WRITER = r"""
import sys
from indicators.records.model import Record
from indicators.store import db
target, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(n):
    quote = f"地区生产总值增长{i % 9 + 1}.5%"
    text = f"{tag}第{i}期：石峰区2024年{quote}。"
    s = text.index(quote)
    rec = Record(doc=f"简报{i}", region="石峰区", indicator="gdp_growth", kind="actual",
                 year=2024, value=i % 9 + 1.5, unit="percent", quote=quote, start=s,
                 end=s + len(quote), rule_id="test")
    shared = "各地共用的同一篇通稿：石峰区2024年地区生产总值增长5%。"
    db.ingest([(db.Document(f"简报{i}", text), [rec]), (db.Document("通稿", shared), [])],
              target)
print("done", flush=True)
"""


def _writers(target, tags, n) -> list[subprocess.Popen]:
    env = {**os.environ, "INDICATORS_WRITE_WAIT": "60"}
    return [subprocess.Popen([sys.executable, "-c", WRITER, str(target), tag, str(n)],
                             cwd=ROOT, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for tag in tags]


def test_processes_writing_at_once_lose_and_duplicate_nothing(target):
    store.ingest([(store.Document("起点", "石峰区概况。"), [])], target)
    errors: list[str] = []
    reads = [0]
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                queries.query_records(Filters(indicators=("gdp_growth",)), target)
                reads[0] += 1
            except Exception as e:  # noqa: BLE001 - every failure is the finding
                errors.append(repr(e))

    t = threading.Thread(target=reader)
    t.start()
    procs = _writers(target, ["长沙", "株洲", "湘潭"], 6)
    outs = [p.communicate(timeout=300) for p in procs]
    stop.set()
    t.join()
    assert all(p.returncode == 0 for p in procs), [o[1][-500:] for o in outs]
    assert errors == [] and reads[0] > 0
    docs = queries.documents(target)
    assert len(docs) == 1 + 3 * 6 + 1  # 起点, 18 bulletins, the shared text once
    assert docs["sha256"].is_unique and docs["doc"].is_unique
    assert store.count_records(target) == 18
    frame = queries.query_records(Filters(indicators=("gdp_growth",)), target)
    assert len(frame) == 18 and frame["record_key"].is_unique


def test_sessions_uploading_the_same_name_both_land(target):
    results, errors = [], []

    def upload(city):
        text = f"{city}2025年政府工作报告：全市地区生产总值增长5%左右。"
        try:
            results.append(store.ingest([(store.Document("政府工作报告", text,
                                                         origin="upload:政府工作报告.txt"),
                                          [])], target))
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=upload, args=(c,)) for c in
               ("长沙市", "株洲市", "湘潭市", "衡阳市")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and sorted(len(r.added) for r in results) == [1, 1, 1, 1]
    names = sorted(queries.documents(target)["doc"])
    assert names == ["政府工作报告", "政府工作报告（2）", "政府工作报告（3）", "政府工作报告（4）"]


def test_reviewers_at_once_keep_every_change(target):
    procs = _writers(target, ["长沙"], 8)
    assert all(p.wait(timeout=300) == 0 for p in procs)
    keys = list(queries.query_records(Filters(), target)["record_key"])
    assert len(keys) == 8
    errors = []

    def work(i):
        try:
            for j, key in enumerate(keys):
                if j % 4 == i:
                    review.correct(key, {"value": 10 + j}, f"分析员{i}", "核对原文", target)
                    review.accept(key, f"分析员{i}", path=target) if j % 2 else None
        except Exception as e:  # noqa: BLE001
            errors.append(repr(e))

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    hist = review.history(target)
    assert len(hist) == 8 + 4 and hist["id"].is_unique
    frame = queries.query_records(Filters(), target)
    corrected = frame[frame["review"] == "corrected"]
    assert len(frame) == 8 and len(corrected) == 4 and frame["reviewed"].all()


def test_a_writer_that_cannot_get_the_store_says_what_holds_it(target, monkeypatch):
    from indicators.store import locks

    store.ingest([(store.Document("起点", "石峰区概况。"), [])], target)
    monkeypatch.setattr(locks, "WRITE_WAIT", 1.0)
    held, release = threading.Event(), threading.Event()

    def hold():
        with store.store_at(target).write("cli-ingest"):
            held.set()
            release.wait(20)

    t = threading.Thread(target=hold)
    t.start()
    try:
        assert held.wait(20)
        with pytest.raises(store.StoreError) as e:
            store.ingest([(store.Document("x", "株洲市概况。"), [])], target)
        msg = str(e.value)
        assert "数据库正忙" in msg and "(the store is busy" in msg and "ingest" in msg
        assert "/" not in msg.split("(")[0]
    finally:
        release.set()
        t.join()
    assert store.ingest([(store.Document("x", "株洲市概况。"), [])], target).added == ["x"]
