"""A consistent copy of the SQLite database while the bot runs (SQLite's online backup API)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    pass


def sqlite_path(database_url: str) -> Path:
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        raise BackupError(
            "резервная копия средствами бота делается только для SQLite; "
            "для PostgreSQL используйте pg_dump"
        )
    if not url.database or url.database == ":memory:":
        raise BackupError("база данных в памяти — копировать нечего")
    return Path(url.database)


def backup(database_url: str, target: Path | None = None) -> Path:
    source = sqlite_path(database_url)
    if not source.exists():
        raise BackupError(f"файл базы данных не найден: {source}")
    if target is None:
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        target = source.parent / "backups" / f"{source.stem}-{stamp}.db"
    target.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)  # pages are copied consistently even while the bot writes
    return target
