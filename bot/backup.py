"""Backups and restore of the SQLite database.

- ``backup``: a consistent copy while the bot runs (SQLite's online backup API), 0600 in a
  0700 ``backups/`` folder next to the database; ``prune`` deletes copies older than N days.
- ``restore``: refuses while a bot process uses the file (each ``python -m bot run`` holds a
  shared ``flock`` on ``<db>.run.lock``, the leader also ``<db>.sender.lock``), checks the
  copy's integrity, keeps the current file (with its ``-wal``/``-shm``) as
  ``<db>.before-restore-<time>`` and puts the copy in place, so no stale ``-wal`` of the old
  file is replayed into the restored one («database disk image is malformed»).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

from sqlalchemy.engine import make_url

from texts import t

STAMP = "%Y%m%d-%H%M%S"
SIDE_FILES = ("-wal", "-shm", "-journal")


class BackupError(RuntimeError):
    pass


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(t.plain("cli-backup-not-sqlite"))
    if not url.database or url.database == ":memory:":
        raise BackupError(t.plain("cli-backup-in-memory"))
    return Path(url.database)


def private_dir(path: Path) -> Path:
    """``path`` as a folder only its owner can enter (0700)."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path.chmod(0o700)
    return path


def _private_file(path: Path) -> None:
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    path.chmod(0o600)


def backups_dir(database_url: str) -> Path:
    return sqlite_path(database_url).parent / "backups"


def backup(database_url: str, target: Path | None = None, now: datetime | None = None) -> Path:
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(t.plain("cli-backup-no-file", path=str(source)))
    if target is None:
        stamp = (now or datetime.now(UTC)).strftime(STAMP)
        target = private_dir(backups_dir(database_url)) / f"{source.stem}-{stamp}.db"
    else:
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    _private_file(target)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)  # pages are copied consistently even while the bot writes
    finally:
        src.close()
        dst.close()
    return target


def prune(database_url: str, keep_days: int, now: datetime | None = None) -> list[Path]:
    """Delete ``backup``'s own copies (``<stem>-YYYYMMDD-HHMMSS.db``) older than
    ``keep_days``; other files in the folder are left alone. 0 keeps everything."""
    folder = backups_dir(database_url)
    if keep_days <= 0 or not folder.is_dir():
        return []
    stem = sqlite_path(database_url).stem
    pattern = re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})\.db$")
    cutoff = (now or datetime.now(UTC)) - timedelta(days=keep_days)
    removed = []
    for path in sorted(folder.iterdir()):
        match = pattern.match(path.name)
        if match and datetime.strptime(match[1], STAMP).replace(tzinfo=UTC) < cutoff:
            path.unlink()
            removed.append(path)
    return removed


def run_lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".run.lock")


def sender_lock_path(db: Path) -> Path:
    return db.with_name(db.name + ".sender.lock")  # scheduler.leader.leadership_for


@contextlib.contextmanager
def running_on(database_url: str) -> Iterator[None]:
    """Held by ``python -m bot run`` for its whole life (SQLite only): a shared lock, so a
    restore knows the file is in use. Waits while a restore is putting a file in place."""
    try:
        db = sqlite_path(database_url)
    except BackupError:
        yield
        return
    private_dir(db.parent)
    with run_lock_path(db).open("a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_SH)
        yield


def _exclusive(path: Path) -> IO[str]:
    fh = path.open("a+")
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise BackupError(t.plain("cli-restore-bot-running")) from None
    return fh


def check_integrity(path: Path) -> None:
    """An SQLite file whose ``integrity_check`` is ok and that has the bot's tables."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
            result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        raise BackupError(t.plain("cli-restore-damaged", path=str(path), reason=str(exc))) from exc
    if result != ["ok"]:
        reason = "; ".join(result[:5])
        raise BackupError(t.plain("cli-restore-damaged", path=str(path), reason=reason))
    if "alembic_version" not in tables:
        raise BackupError(t.plain("cli-restore-not-ours", path=str(path)))


def _move_aside(db: Path, stamp: str) -> Path | None:
    """The current file and its side files become ``<db>.before-restore-<stamp>[-wal…]``
    (a pair SQLite still opens together). Side files without a database are deleted."""
    previous = db.with_name(f"{db.name}.before-restore-{stamp}")
    kept = db.exists()
    if kept:
        db.replace(previous)
    for suffix in SIDE_FILES:
        side = db.with_name(db.name + suffix)
        if side.exists():
            if kept:
                side.replace(previous.with_name(previous.name + suffix))
            else:
                side.unlink()
    return previous if kept else None


def restore(database_url: str, source: Path, now: datetime | None = None) -> Path | None:
    """Put the backup ``source`` in place of the database; the previous file's new name (or
    None if there was none)."""
    db = sqlite_path(database_url)
    if not source.is_file():
        raise BackupError(t.plain("cli-backup-no-file", path=str(source)))
    private_dir(db.parent)
    with _exclusive(run_lock_path(db)) as _run, _exclusive(sender_lock_path(db)) as _send:
        check_integrity(source)
        staged = db.with_name(f".{db.name}.restoring")
        for leftover in [staged, *(staged.with_name(staged.name + s) for s in SIDE_FILES)]:
            leftover.unlink(missing_ok=True)
        _private_file(staged)
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        dst = sqlite3.connect(staged)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        check_integrity(staged)
        previous = _move_aside(db, (now or datetime.now(UTC)).strftime(STAMP))
        staged.replace(db)
    return previous
