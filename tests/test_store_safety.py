"""A store file that is damaged, old, of another kind, busy or written by a process that is
killed: clear messages, no tracebacks, and a file left as it was. Cases: the store defects
of issue 8 ("WAL does not match", `.building` leftovers, `--if-missing` replacing a store,
"store unchanged" while changing it, a busy store naming a path and a pid)."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from indicators.store import db as store
from indicators.store import queries
from indicators.store.db import Document, StoreError
from indicators.store.queries import Filters

ROOT = store.PROJECT_ROOT
SEED = "004_90b9b8a56207ea22"
SEED_PATH = store.SEEDS_DIR / f"{SEED}.txt"


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cli(*args, env=None, timeout=300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "indicators", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def built(tmp_path):
    path = tmp_path / "s.duckdb"
    store.ingest([(Document("seed", SEED_PATH.read_text("utf-8")), [])], path)
    return path


def _old_v2_store(path):
    """A store as the previous schema (version 2) wrote it, with one text stored twice."""
    con = duckdb.connect(str(path))
    con.execute("""
        CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
        CREATE TABLE documents (doc VARCHAR, date DATE, home_region VARCHAR, origin VARCHAR,
            sha256 VARCHAR, added_at TIMESTAMP, text VARCHAR, title VARCHAR, issuer VARCHAR,
            url VARCHAR, doc_type VARCHAR, licence VARCHAR);
        CREATE TABLE records (doc VARCHAR, region VARCHAR, indicator VARCHAR, kind VARCHAR,
            year SMALLINT, period VARCHAR, value DOUBLE, unit VARCHAR, qualifier VARCHAR,
            subject VARCHAR, quote VARCHAR, "start" INTEGER, "end" INTEGER, rule_id VARCHAR);
        INSERT INTO meta VALUES ('schema', '2');
        INSERT INTO documents VALUES
            ('a', NULL, NULL, 'x', 'h1', '2025-01-01', '增长5%', NULL, NULL, NULL, NULL, NULL),
            ('b', NULL, NULL, 'y', 'h1', '2025-01-02', '增长5%', NULL, NULL, NULL, NULL, NULL);
        INSERT INTO records VALUES ('a', '石峰区', 'gdp_growth', 'actual', 2024, NULL, 5,
            'percent', 'exact', NULL, '增长5%', 0, 4, 'r'),
            ('b', '石峰区', 'gdp_growth', 'actual', 2024, NULL, 5,
            'percent', 'exact', NULL, '增长5%', 0, 4, 'r');
    """)
    con.close()


def test_an_old_schema_store_is_upgraded_on_first_use(tmp_path):
    path = tmp_path / "old.duckdb"
    _old_v2_store(path)
    frame = queries.query_records(Filters(), path)
    assert list(frame["doc"]) == ["a"] and frame.loc[0, "record_key"].startswith("r")
    assert list(queries.documents(path)["name"]) == ["a"]


def test_an_unknown_schema_is_refused_and_left_alone(built):
    con = duckdb.connect(str(built))
    con.execute("UPDATE meta SET value = '99' WHERE key = 'schema'")
    con.close()
    before = digest(built)
    with pytest.raises(StoreError, match="schema 99"):
        queries.overview(built)
    res = cli("build", "--if-missing", "--db", built)
    assert res.returncode == 1 and "Traceback" not in res.stderr and "schema 99" in res.stderr
    assert digest(built) == before


@pytest.mark.parametrize("kind", ["random", "truncated", "text", "sqlite", "empty"])
def test_a_damaged_or_foreign_file_gets_a_message_and_stays(tmp_path, built, kind):
    path = tmp_path / "bad.duckdb"
    if kind == "random":
        path.write_bytes(os.urandom(300_000))
    elif kind == "truncated":
        path.write_bytes(built.read_bytes()[: built.stat().st_size // 2])
    elif kind == "text":
        path.write_text("地区生产总值增长5%\n" * 100, "utf-8")
    elif kind == "sqlite":
        import sqlite3

        con = sqlite3.connect(path)
        con.execute("CREATE TABLE documents (doc TEXT)")
        con.commit()
        con.close()
    else:
        path.write_bytes(b"")
    before = digest(path)
    for args in (["build", "--if-missing"], ["ingest", SEED_PATH], ["export-corrections"]):
        res = cli(*args, "--db", path)
        assert res.returncode == 1, (args, res.stdout, res.stderr)
        assert "Traceback" not in res.stderr and "bad.duckdb" in res.stderr
        assert str(tmp_path) not in res.stderr  # no server folder in the message
    with pytest.raises(StoreError, match="bad.duckdb"):
        queries.overview(path)
    assert digest(path) == before


def test_if_missing_keeps_a_store_with_documents_but_no_records(built):
    assert store.count_records(built) == 0 and store.count_documents(built) == 1
    before = digest(built)
    res = cli("build", "--if-missing", "--db", built)
    assert res.returncode == 0 and "store present" in res.stdout
    assert store.ensure_built(built) is None and digest(built) == before


def test_a_store_without_meta_is_refused_not_replaced(tmp_path):
    path = tmp_path / "nometa.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE documents (doc VARCHAR); INSERT INTO documents VALUES ('a')")
    con.close()
    before = digest(path)
    with pytest.raises(StoreError, match="schema none"):
        store.ensure_built(path)
    assert digest(path) == before


def test_a_failed_ingest_leaves_the_file_byte_for_byte(built, tmp_path):
    before = digest(built)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01" * 50)
    res = cli("ingest", SEED_PATH, bad, "--db", built)
    assert res.returncode == 1 and "store unchanged" in res.stderr
    assert digest(built) == before


def test_a_write_that_fails_inside_its_transaction_leaves_the_file(built, monkeypatch):
    from indicators.store import ingesting

    def boom(*a, **k):
        raise RuntimeError("disk full")

    before = digest(built)
    monkeypatch.setattr(ingesting, "_tally", boom)
    other = sorted(store.SEEDS_DIR.glob("*.txt"))[0]
    with pytest.raises(RuntimeError):
        store.ingest(store.read_documents([other]), built)
    assert digest(built) == before and store.count_documents(built) == 1


def test_build_removes_what_a_killed_old_build_left(built):
    leftover = built.with_name(f".{built.name}.4242.building")
    leftover.write_bytes(b"half a store")
    store.build([SEED_PATH], built)
    assert not leftover.exists()


@pytest.mark.parametrize("point", ["ingest:locked", "ingest:documents", "ingest:records",
                                   "ingest:before-commit"])
def test_an_ingest_killed_halfway_leaves_the_store_as_before(built, point):
    before = (store.count_documents(built), store.count_records(built),
              queries.stored_hashes(built))
    res = cli("ingest", *sorted(store.SEEDS_DIR.glob("*.txt"))[:3], "--db", built,
              env={"INDICATORS_FAILPOINT": point})
    assert res.returncode == -signal.SIGKILL
    after = (store.count_documents(built), store.count_records(built),
             queries.stored_hashes(built))
    assert after == before
    assert store.ingest([(Document("x", "石峰区增长5%。"), [])], built).added == ["x"]


def test_an_ingest_killed_after_commit_is_complete(built):
    other = sorted(store.SEEDS_DIR.glob("*.txt"))[0]
    res = cli("ingest", other, "--db", built, env={"INDICATORS_FAILPOINT":
                                                   "ingest:after-commit"})
    assert res.returncode == -signal.SIGKILL
    assert store.count_records(built) > 0 and store.count_documents(built) == 2


def test_killing_ingests_at_random_moments_is_all_or_nothing(built):
    """SIGKILL from outside at several delays across a 5-document ingest."""
    files = sorted(store.SEEDS_DIR.glob("*.txt"))
    for delay in (0.5, 1.5, 2.5, 3.5):
        proc = subprocess.Popen([sys.executable, "-m", "indicators", "ingest", *files,
                                 "--db", built, "-j", "1"], cwd=ROOT,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.kill()
        proc.wait()
        n = store.count_documents(built)
        assert n in (1, len(files))  # the seed already stored, or all of them (004 = seed)
        docs = queries.documents(built)
        assert docs["n_records"].sum() == store.count_records(built)


def test_a_busy_store_waits_then_says_what_holds_it(built):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom indicators.store import db\n"
         "with db.store_at(sys.argv[1]).write('cli-ingest'):\n"
         "    print('held', flush=True); time.sleep(8)", str(built)],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        res = cli("ingest", SEED_PATH, "--db", built, env={"INDICATORS_WRITE_WAIT": "1"})
        assert res.returncode == 1
        assert "数据库正忙" in res.stderr and "indicators ingest" in res.stderr
        assert "(the store is busy" in res.stderr
        assert str(built.parent) not in res.stderr and str(holder.pid) not in res.stderr
        t0 = time.monotonic()
        assert queries.overview(built).n_documents == 1  # a reader waits for the writer
        assert time.monotonic() - t0 > 2
    finally:
        holder.kill()
        holder.wait()


def test_thousands_of_files_in_one_ingest(tmp_path, built):
    folder = tmp_path / "many"
    sub = folder / "a" / "b"
    sub.mkdir(parents=True)
    for i in range(2000):
        where = sub if i % 2 else folder
        (where / f"{i:05d}.txt").write_text(f"第{i}号简报：石峰区2024年地区生产总值增长"
                                            f"{i % 9 + 1}.{i % 10}%。", "utf-8")
    res = cli("ingest", folder, "--db", built, timeout=600)
    assert res.returncode == 0, res.stderr
    assert store.count_documents(built) == 2001 and "2000 added" in res.stdout
