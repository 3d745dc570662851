"""The team store: a PostgreSQL database (``INDICATORS_DB=postgresql://…``), one connection
pool per database and process. Writers take one advisory lock per store (database schema)
inside their transaction, so they queue instead of interleaving; readers read a repeatable-read
snapshot. The tables and their upgrade are shared with DuckDB (``backends``, ``schema``).
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from indicators.store import locks
from indicators.store.backends import Conn, StoreError, _prepare, _refuse, _state


class PostgresStore:
    """A PostgreSQL database shared by a team; writers take one advisory lock per store."""

    dialect = "postgres"
    LOCK_SQL = "SELECT pg_advisory_xact_lock(hashtext('indicators:' || current_schema()))"

    def __init__(self, url: str):
        self.url = url
        u = urlsplit(url)
        self.label = f"PostgreSQL {u.hostname or 'localhost'}/{u.path.lstrip('/') or ''}"
        self._pool = None
        self._lock = threading.Lock()

    def pool(self):
        with self._lock:
            if self._pool is None:
                from psycopg_pool import ConnectionPool

                self._pool = ConnectionPool(self.url, min_size=1, max_size=8, open=False,
                                            timeout=locks.READ_WAIT)
                try:
                    self._pool.open(wait=True, timeout=10)
                except Exception as e:
                    self._pool = None
                    raise StoreError(f"无法连接数据库服务器 {self.label} (cannot reach the "
                                     f"store's server: {type(e).__name__})") from None
            return self._pool

    def exists(self) -> bool:
        return True

    def version(self) -> tuple:
        with self.read() as con:
            if con.empty:
                return (0, 0)
            row = con.one("SELECT value FROM meta WHERE key = 'change'")
            return (1, row[0] if row else "0")

    @contextmanager
    def read(self) -> Iterator[Conn]:
        import psycopg

        try:
            with self.pool().connection() as raw:
                raw.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
                con = Conn(raw, "postgres")
                state = _state(con)
                if state.startswith("old:"):
                    raise _refuse(self.label, state[4:])
                con.empty = state == "empty"
                yield con
        except psycopg.OperationalError as e:
            raise StoreError(f"数据库服务器出错 {self.label} (the store's server failed: "
                             f"{type(e).__name__})") from None

    @contextmanager
    def write(self, what: str) -> Iterator[Conn]:
        import psycopg

        try:
            with self.pool().connection() as raw:  # commits on leaving, rolls back on error
                raw.execute("SELECT set_config('application_name', %s, true), "
                            "set_config('lock_timeout', %s, true)",
                            [f"indicators:{what}", f"{int(locks.WRITE_WAIT * 1000)}ms"])
                try:
                    raw.execute(self.LOCK_SQL)
                except psycopg.errors.LockNotAvailable:
                    raw.rollback()
                    raise StoreError(self._busy(raw)) from None
                raw.execute("SELECT set_config('lock_timeout', '0', true)")
                con = Conn(raw, "postgres")
                _prepare(con, self.label)
                yield con
        except psycopg.OperationalError as e:
            raise StoreError(f"数据库服务器出错 {self.label} (the store's server failed: "
                             f"{type(e).__name__})") from None

    def _busy(self, raw) -> str:
        row = raw.execute(
            "SELECT a.application_name, extract(epoch FROM now() - a.xact_start)::int "
            "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE l.locktype = 'advisory' AND l.granted AND l.pid <> pg_backend_pid() "
            "AND a.application_name LIKE 'indicators:%%' LIMIT 1").fetchone()
        what = (row[0].split(":", 1)[1] if row else None)
        zh, en = locks.WRITERS.get(what, ("另一个写入", "another write"))
        secs = f"（已进行 {row[1]} 秒）" if row and row[1] is not None else ""
        return (f"数据库正忙：{zh}{secs}；请稍后再试 (the store is busy: {en}; "
                "try again in a moment)")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool = None
