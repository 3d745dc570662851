"""Who may write the embedded store, and who is writing it now.

DuckDB lets one process write a file and refuses every other opener meanwhile, with an error
that names a pid and an absolute path. Two lock files beside the store put order in that:

- ``.NAME.lock``: readers hold it shared while their connection is open, a writer holds it
  exclusively and writes into it what it is doing and since when (so a refused caller can
  say what holds the store, without a path or a process id);
- ``.NAME.gate``: a writer takes it first, so a steady stream of readers cannot starve it;
  readers pass through it (shared, released at once) before taking the lock.

``flock`` locks belong to an open file, so threads of one process order themselves the same
way as processes do, and the kernel drops a lock when its holder dies (a SIGKILLed ingest
leaves no stale lock behind).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

# What a writer says it is doing: key -> (Chinese, English), shown to whoever has to wait.
WRITERS = {
    "ingest": ("添加文件", "adding documents"),
    "cli-ingest": ("命令行导入 indicators ingest", "indicators ingest on the command line"),
    "build": ("重建数据库 indicators build", "indicators build"),
    "review": ("审核修改", "a review change"),
    "migrate": ("数据库升级", "a schema upgrade"),
    "load": ("批量载入", "a bulk load"),
}

READ_WAIT = float(os.environ.get("INDICATORS_READ_WAIT", 60))  # seconds a reader waits
# seconds a writer waits for another writer (then for the reads in progress, up to READ_WAIT)
WRITE_WAIT = float(os.environ.get("INDICATORS_WRITE_WAIT", 15))
# Readers look again sooner than writers, so that a reader waiting when a write ends gets
# its turn before the next writer (flock has no queue).
_READ_POLL, _WRITE_POLL = 0.005, 0.03


class Busy(RuntimeError):
    """The lock could not be had in time; the message says what holds it (zh, then en)."""


def lock_paths(db: Path) -> tuple[Path, Path]:
    return db.with_name(f".{db.name}.lock"), db.with_name(f".{db.name}.gate")


def _open(p: Path) -> int | None:
    try:
        return os.open(p, os.O_RDWR | os.O_CREAT, 0o664)
    except OSError:
        return None  # a read-only folder: no ordering possible, DuckDB's own lock remains


def _take(fd: int | None, mode: int, deadline: float) -> bool:
    if fd is None:
        return True
    pause = _WRITE_POLL if mode == fcntl.LOCK_EX else _READ_POLL
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)


def holder(db: Path) -> str:
    """What holds the store's write lock, as a sentence (zh, en in parentheses)."""
    lock, _ = lock_paths(db)
    try:
        info = json.loads(lock.read_text("utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    zh, en = WRITERS.get(info.get("what"), ("另一个写入", "another write"))
    since = info.get("since")
    if since:
        try:
            secs = max(0, int((dt.datetime.now() - dt.datetime.fromisoformat(since))
                              .total_seconds()))
        except ValueError:
            secs = None
        if secs is not None:
            return f"{zh}（已进行 {secs} 秒）({en}, running for {secs} s)"
    return f"{zh} ({en})"


def busy_message(db: Path, waited: float) -> str:
    return (f"数据库正忙：{holder(db)}；已等待 {waited:.0f} 秒，请稍后再试 "
            f"(the store is busy; waited {waited:.0f} s, try again in a moment)")


def writer_waiting(db: Path) -> bool:
    """True when a writer holds or awaits the gate (readers should make way)."""
    _, gate = lock_paths(db)
    fd = _open(gate)
    if fd is None:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def pass_gate(db: Path, deadline: float) -> None:
    """Wait until no writer holds or awaits the gate; Busy when the deadline passes."""
    _, gate = lock_paths(db)
    fd = _open(gate)
    try:
        if not _take(fd, fcntl.LOCK_SH, deadline):
            raise Busy(busy_message(db, READ_WAIT))
    finally:
        if fd is not None:
            os.close(fd)


def hold_shared(db: Path, deadline: float) -> int | None:
    """Take the lock file shared and return its descriptor (closing it lets go)."""
    lock, _ = lock_paths(db)
    fd = _open(lock)
    if not _take(fd, fcntl.LOCK_SH, deadline):
        os.close(fd)
        raise Busy(busy_message(db, READ_WAIT))
    return fd


@contextmanager
def shared(db: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the store for reading: wait for a writer that holds or awaits it."""
    wait = READ_WAIT if wait is None else wait
    lock, gate = lock_paths(db)
    deadline = time.monotonic() + wait
    gfd, lfd = _open(gate), _open(lock)
    try:
        if not _take(gfd, fcntl.LOCK_SH, deadline):
            raise Busy(busy_message(db, wait))
        if gfd is not None:
            fcntl.flock(gfd, fcntl.LOCK_UN)
        if not _take(lfd, fcntl.LOCK_SH, deadline):
            raise Busy(busy_message(db, wait))
        yield
    finally:
        for fd in (gfd, lfd):
            if fd is not None:
                os.close(fd)  # closing the file releases its lock


@contextmanager
def exclusive(db: Path, what: str, wait: float | None = None) -> Iterator[None]:
    """Hold the store for writing, saying ``what`` (a WRITERS key) to whoever waits."""
    wait = WRITE_WAIT if wait is None else wait
    lock, gate = lock_paths(db)
    deadline = time.monotonic() + wait
    gfd, lfd = _open(gate), _open(lock)
    try:
        if not _take(gfd, fcntl.LOCK_EX, deadline):
            raise Busy(busy_message(db, wait))
        # past the gate no reader starts: the ones reading finish, as long as a read may take
        if not _take(lfd, fcntl.LOCK_EX, time.monotonic() + READ_WAIT):
            raise Busy(f"数据库正忙：正在读取的会话尚未结束；已等待 {READ_WAIT:.0f} 秒，请稍后再试 "
                       f"(the store is busy: sessions are still reading it; waited "
                       f"{READ_WAIT:.0f} s, try again in a moment)")
        if lfd is not None:
            note = json.dumps({"what": what, "since": dt.datetime.now().isoformat()})
            with suppress(OSError):
                os.ftruncate(lfd, 0)
                os.pwrite(lfd, note.encode(), 0)
        yield
    finally:
        for fd in (lfd, gfd):
            if fd is not None:
                os.close(fd)
