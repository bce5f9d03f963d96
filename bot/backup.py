"""A consistent copy of the SQLite database while the bot runs (SQLite's online backup API)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from texts import t


class BackupError(RuntimeError):
    pass


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(t.plain("cli-backup-not-sqlite"))
    if not url.database or url.database == ":memory:":
        raise BackupError(t.plain("cli-backup-in-memory"))
    return Path(url.database)


def backup(database_url: str, target: Path | None = None) -> Path:
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(t.plain("cli-backup-no-file", path=str(source)))
    if target is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = source.parent / "backups" / f"{source.stem}-{stamp}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)  # pages are copied consistently even while the bot writes
    return target
