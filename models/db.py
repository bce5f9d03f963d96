"""Engine and session factory: SQLite (WAL, foreign keys) by default, PostgreSQL when asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def ensure_sqlite_dir(url: str) -> None:
    """Create the folder of a file-based SQLite database (``data/`` on a fresh checkout)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(str(parsed.database)).parent.mkdir(parents=True, exist_ok=True)


SQLITE_BUSY_TIMEOUT_MS = 30_000


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # A writer waits for the one write lock instead of failing: 170 «Пойду» at once on a
    # busy two-core machine queued past 5 s and the last presses got «database is locked».
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


# Connections per engine: the handled updates (bot.config update_concurrency, two each at
# most: their session and the FSM storage's) plus the background (sender, planner, jobs).
POOL_SIZE = 10
POOL_OVERFLOW = 20


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    """Build the async engine for ``url``.

    SQLite gets WAL mode (readers never block the writer), ``synchronous=NORMAL`` and
    foreign keys on every connection.
    """
    kwargs: dict[str, Any] = {"echo": echo}
    if make_url(url).database not in (None, "", ":memory:"):
        kwargs |= {"pool_size": POOL_SIZE, "max_overflow": POOL_OVERFLOW}
    if is_sqlite(url):
        ensure_sqlite_dir(url)
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_async_engine(url, **kwargs)
    if is_sqlite(url):
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
