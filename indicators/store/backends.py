"""Where the store lives: an embedded DuckDB file (the default) or a PostgreSQL database
(``INDICATORS_DB=postgresql://…``), behind one small interface.

``open_store(target).read()`` yields a connection for reading; ``.write(what)`` yields one
inside a transaction that holds the store's write lock (committed when the block ends,
rolled back if it raises). SQL is written once with ``?`` placeholders; values always travel
as parameters, never inside the SQL text.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from indicators.store import locks
from indicators.store import schema as sc


class StoreError(RuntimeError):
    """The store cannot do what was asked; the message says why, nothing was changed."""


_DAMAGED = (duckdb.IOException, duckdb.InternalException, duckdb.SerializationException,
            duckdb.FatalException)


# A file of another kind (SQLite…) makes DuckDB fetch a reader extension from the internet;
# a store never needs one.
_OFFLINE = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def is_url(target: str) -> bool:
    return str(target).startswith(("postgresql://", "postgres://"))


class Conn:
    """A connection with the same calls on both databases."""

    def __init__(self, raw, dialect: str):
        self.raw, self.dialect = raw, dialect
        self.empty = False  # no tables yet (a new database)

    def _sql(self, sql: str) -> str:
        # psycopg's placeholder is %s, so a literal % must be doubled
        return sql.replace("%", "%%").replace("?", "%s") if self.dialect == "postgres" else sql

    def _run(self, sql: str, params=None):
        return self.raw.execute(self._sql(sql), params)

    def execute(self, sql: str, params=None) -> None:
        """Run a statement and drop its result (DuckDB wants results finished)."""
        cur = self._run(sql, params)
        if self.dialect == "duckdb":
            cur.fetchall()

    def one(self, sql: str, params=None):
        cur = self._run(sql, params)
        row = cur.fetchone()
        if self.dialect == "duckdb":
            cur.fetchall()
        return row

    def all(self, sql: str, params=None) -> list:
        return self._run(sql, params).fetchall()

    def frame(self, sql: str, params=None) -> pd.DataFrame:
        if self.dialect == "duckdb":
            return self.raw.execute(sql, params).df()
        cur = self.raw.execute(self._sql(sql), params)
        return pd.DataFrame(cur.fetchall(), columns=[d.name for d in cur.description])

    def insert_frame(self, table: str, frame: pd.DataFrame) -> None:
        """Append a trusted frame (its columns name the table's) in one statement."""
        if frame.empty:
            return
        cols = ", ".join(f'"{c}"' for c in frame.columns)
        if self.dialect == "duckdb" and len(frame) <= 500:
            # a page's worth of rows: plain parameters beat scanning a DataFrame (~20 ms)
            rows = frame.astype(object).where(frame.notna(), None)
            marks = ", ".join("?" * len(frame.columns))
            self.raw.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})",
                                 list(rows.itertuples(index=False, name=None)))
            return
        if self.dialect == "duckdb":
            self.raw.register("_frame_in", frame)
            try:
                self.raw.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM _frame_in")
            finally:
                self.raw.unregister("_frame_in")
            return
        rows = frame.astype(object).where(frame.notna(), None)
        with self.raw.cursor().copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows.itertuples(index=False, name=None):
                copy.write_row(row)


def _state(con: Conn) -> str:
    """'current', 'empty', or 'old:<version>' for a store this program must not read."""
    tables = {r[0] for r in con.all(
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_schema = current_schema()")}
    if "meta" not in tables:
        return "empty" if not tables & {"documents", "records"} else "old:none"
    row = con.one("SELECT value FROM meta WHERE key = 'schema'")
    version = row[0] if row else ("none" if tables & {"documents", "records"} else None)
    if version is None:
        return "empty"
    return "current" if version == sc.SCHEMA_VERSION else f"old:{version}"


def _refuse(label: str, version: str) -> StoreError:
    if version in sc.MIGRATABLE:
        return StoreError(f"{label}: 数据库版本 {version} 需要升级 (store schema {version} needs "
                          "an upgrade, which a write does)")
    return StoreError(
        f"{label}: 数据库版本不符（版本 {version}，本程序读取版本 {sc.SCHEMA_VERSION}），"
        "未作任何修改 "
        f"(store schema {version} is not the schema {sc.SCHEMA_VERSION} this program reads; "
        "nothing was changed): 请换一个数据库文件，或移开它后运行 indicators build "
        "(use another store, or move this one aside and run `indicators build`)")


def _prepare(con: Conn, label: str) -> None:
    """In a write transaction: create the tables of a new store, upgrade an old one."""
    state = _state(con)
    if state == "empty":
        for s in sc.statements(sc.TABLES):
            con.execute(s)
    elif state.startswith("old:"):
        version = state[4:]
        if version not in sc.MIGRATABLE:
            raise _refuse(label, version)
        sc.migrate_v2(con)
    if state != "current":
        if con.dialect == "postgres":
            for s in sc.statements(sc.POSTGRES_INDEXES):
                con.execute(s)
        con.execute("INSERT INTO meta VALUES ('schema', ?) ON CONFLICT (key) DO UPDATE "
                    "SET value = excluded.value", [sc.SCHEMA_VERSION])


class DuckDBStore:
    """One DuckDB file, its write lock and its readers' order (see ``locks``)."""

    dialect = "duckdb"

    def __init__(self, path: Path):
        self.path = Path(path)
        self.label = self.path.name  # messages name the file, never the server's folders
        self._mu = threading.Lock()
        self._ro = self._fd = self._ino = self._state = None
        self._users, self._last = 0, 0.0

    def exists(self) -> bool:
        return self.path.exists()

    def version(self) -> tuple:
        out: list = []
        for f in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = f.stat()
                out += [st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                out += [0, 0]
        return tuple(out)

    def _connect(self, read_only: bool, deadline: float):
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=read_only, config=_OFFLINE)
            except duckdb.Error as e:
                msg = str(e).lower()
                # another program holding DuckDB's own lock, or this process's other mode
                if ("lock" in msg or "different configuration" in msg) and \
                        time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                if "lock" in msg:  # we hold our lock, so the holder is another program
                    raise StoreError(
                        f"{self.label}: 数据库文件被另一个程序占用，请关闭它后再试 "
                        "(another program, not this one, has the store file open; close it "
                        "and try again)"
                    ) from None
                raise StoreError(
                    f"{self.label}: 不是可读的数据库文件，可能已损坏或不是 DuckDB 文件；"
                    "未作任何修改 "
                    "(not a readable DuckDB store: damaged, truncated or another kind of file; "
                    "nothing was changed). 请移开它后运行 indicators build "
                    "(move it aside and run `indicators build`)") from None

    @contextmanager
    def read(self) -> Iterator[Conn]:
        """A cursor on this process's shared read-only instance (opening DuckDB costs
        30-60 ms; a cursor on an open instance costs nothing)."""
        if not self.path.exists():
            raise StoreError(f"找不到数据库 {self.label} (store not found: run "
                             "`indicators build`)")
        for _ in range(2):
            try:
                cur, state = self._acquire()
            except locks.Busy as e:
                raise StoreError(str(e)) from None
            except _DAMAGED as e:
                raise self._damaged(e) from None
            if state in ("current", "empty"):
                try:
                    con = Conn(cur, "duckdb")
                    con.empty = state == "empty"
                    yield con
                    return
                except _DAMAGED as e:
                    raise self._damaged(e) from None
                finally:
                    self._release(cur)
            self._release(cur, close=True)
            if state[4:] not in sc.MIGRATABLE:
                raise _refuse(self.label, state[4:])
            with self.write("migrate"):
                pass  # the upgrade happens on opening for writing; then read again
        raise _refuse(self.label, state[4:])

    # The shared instance holds the store's lock file shared, so a writer (another process,
    # or a thread of this one) waits for it; it is closed as soon as no thread uses it and a
    # writer is at the gate, or after LINGER seconds unused.
    LINGER = 0.5

    def _acquire(self):
        deadline = time.monotonic() + locks.READ_WAIT
        if locks.writer_waiting(self.path):
            self._close_if_idle()
        locks.pass_gate(self.path, deadline)
        with self._mu:
            ino = _inode(self.path)
            if self._ro is not None and self._ino != ino and self._users == 0:
                self._close()
            if self._ro is None:
                fd = locks.hold_shared(self.path, deadline)
                try:
                    raw = self._connect(True, deadline)
                    self._state = _state(Conn(raw, "duckdb"))
                except BaseException:
                    if fd is not None:
                        os.close(fd)
                    raise
                self._ro, self._fd, self._ino = raw, fd, ino
                threading.Thread(target=self._reaper, daemon=True).start()
            self._users += 1
            return self._ro.cursor(), self._state

    def _release(self, cur, close: bool = False) -> None:
        cur.close()
        with self._mu:
            self._users -= 1
            self._last = time.monotonic()
            if self._users == 0 and (close or locks.writer_waiting(self.path)):
                self._close()

    def _close_if_idle(self) -> None:
        with self._mu:
            if self._users == 0:
                self._close()

    def _close(self) -> None:
        if self._ro is not None:
            self._ro.close()
            self._ro = None
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def _reaper(self) -> None:
        while True:
            time.sleep(self.LINGER / 2)
            with self._mu:
                if self._ro is None:
                    return
                idle = time.monotonic() - self._last > self.LINGER
                if self._users == 0 and (idle or locks.writer_waiting(self.path)):
                    self._close()
                    return

    @contextmanager
    def write(self, what: str) -> Iterator[Conn]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with locks.exclusive(self.path, what):
                raw = self._connect(False, time.monotonic() + locks.WRITE_WAIT)
                try:
                    con = Conn(raw, "duckdb")
                    raw.execute("BEGIN TRANSACTION")
                    try:
                        _prepare(con, self.label)
                        yield con
                        raw.execute("COMMIT")
                    except BaseException:
                        raw.execute("ROLLBACK")
                        raise
                finally:
                    raw.close()
        except locks.Busy as e:
            raise StoreError(str(e)) from None
        except _DAMAGED as e:
            raise self._damaged(e) from None

    def _damaged(self, e: Exception) -> StoreError:
        return StoreError(f"{self.label}: 数据库文件读写出错，未作任何修改 (the store file "
                          f"could not be read or written: {type(e).__name__}; nothing was "
                          "changed)")


@cache
def _postgres(url: str):
    from indicators.store.postgres import PostgresStore

    return PostgresStore(url)  # one pool per database and process


@cache
def _duckdb(path: str) -> DuckDBStore:
    return DuckDBStore(Path(path))  # one shared reader per file and process


def _inode(path: Path) -> tuple:
    try:
        st = path.stat()
        return st.st_dev, st.st_ino
    except FileNotFoundError:
        return (0, 0)


def open_store(target: str | os.PathLike):
    """The store at ``target``: a ``postgresql://`` URL or a DuckDB file path."""
    if is_url(str(target)):
        return _postgres(str(target))
    return _duckdb(os.path.abspath(target))
