"""Both stores for the store, review and concurrency tests: a DuckDB file, and a schema of
its own on a real PostgreSQL server.

The server: $INDICATORS_TEST_PG when set (``.ci/run`` starts one and sets it); otherwise a
throwaway cluster made with Debian's binaries (/usr/lib/postgresql/15/bin) for this session,
run as the ``postgres`` user when the tests run as root (the server refuses root). In CI
(``CI`` set) a missing server fails the tests instead of skipping them.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("INDICATORS_PG_BIN", "/usr/lib/postgresql/15/bin"))
BACKENDS = ("duckdb", "postgres")


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    return ["runuser", "-u", "postgres", "--", *cmd]


def start_cluster(folder: Path, port: int = 54330) -> str:
    """initdb + pg_ctl start in ``folder`` (socket there, no TCP); returns the server URL."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    data = folder / "data"
    run = lambda cmd: subprocess.run(_as_server_user(cmd), check=True,  # noqa: E731
                                     capture_output=True, cwd=folder)
    run([str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres",
         "-E", "UTF8"])
    run([str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "-o",
         f"-k {folder} -c listen_addresses='' -p {port} -c fsync=off", "start"])
    return f"postgresql://postgres@/postgres?host={folder}&port={port}"


def stop_cluster(folder: Path) -> None:
    subprocess.run(_as_server_user([str(PG_BIN / "pg_ctl"), "-D", str(folder / "data"),
                                    "-m", "immediate", "stop"]), capture_output=True)


@pytest.fixture(scope="session")
def pg_server():
    """The URL of a running PostgreSQL server (see the module's docstring)."""
    url = os.environ.get("INDICATORS_TEST_PG")
    if url:
        yield url
        return
    if not (PG_BIN / "initdb").exists():
        message = f"no PostgreSQL server: set INDICATORS_TEST_PG or install {PG_BIN}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="indicators-pg-"))
    os.chmod(folder, 0o755)
    try:
        url = start_cluster(folder / "pg", port=54330 + os.getpid() % 500)
    except subprocess.CalledProcessError as e:
        shutil.rmtree(folder, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {e.stderr.decode(errors='replace')}")
    try:
        yield url
    finally:
        stop_cluster(folder / "pg")
        shutil.rmtree(folder, ignore_errors=True)


def pg_store(server: str) -> tuple[str, str]:
    """A fresh schema on the server: (store URL, schema name)."""
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in server else "?"
    return f"{server}{sep}options=-csearch_path%3D{schema}", schema


def drop_pg_store(server: str, url: str, schema: str) -> None:
    import psycopg

    from indicators.store import backends

    backends.open_store(url).close()
    for _ in range(3):
        try:
            with psycopg.connect(server, autocommit=True) as con:
                con.execute(f"DROP SCHEMA {schema} CASCADE")
            return
        except psycopg.Error:
            time.sleep(0.2)


@pytest.fixture(params=BACKENDS)
def target(request, tmp_path):
    """A new, empty store on each backend: a DuckDB path or a PostgreSQL URL."""
    if request.param == "duckdb":
        yield tmp_path / "s.duckdb"
        return
    server = request.getfixturevalue("pg_server")
    url, schema = pg_store(server)
    try:
        yield url
    finally:
        drop_pg_store(server, url, schema)
