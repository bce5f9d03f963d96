"""Exactly one instance runs the scheduler and the sender.

PostgreSQL: a session-level advisory lock held on a dedicated connection. When the leader
dies its connection closes and PostgreSQL frees the lock; another instance takes it on its
next try (every few seconds). SQLite: an exclusive ``flock`` on a file next to the database,
so two processes pointed at one file cannot both send.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from pathlib import Path
from typing import IO, Protocol

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

log = logging.getLogger(__name__)

LOCK_KEY = 0x4B434233  # "KCB3": one key for the scheduler of this bot


class Leadership(Protocol):
    async def try_acquire(self) -> bool: ...

    async def still_held(self) -> bool: ...

    async def release(self) -> None: ...


class PostgresLeadership:
    def __init__(self, engine: AsyncEngine, key: int = LOCK_KEY) -> None:
        self.engine = engine
        self.key = key
        self._conn: AsyncConnection | None = None

    async def try_acquire(self) -> bool:
        if self._conn is not None:
            return await self.still_held()
        conn = await self.engine.connect()
        try:
            got = await conn.scalar(text("SELECT pg_try_advisory_lock(:k)"), {"k": self.key})
            await conn.commit()
        except Exception:
            await conn.close()
            raise
        if not got:
            await conn.close()
            return False
        self._conn = conn
        return True

    async def still_held(self) -> bool:
        if self._conn is None:
            return False
        try:
            await self._conn.execute(text("SELECT 1"))
            await self._conn.commit()
        except (SQLAlchemyError, OSError):
            log.warning("lost the leader connection")
            with contextlib.suppress(Exception):
                await self._conn.invalidate()
            self._conn = None
            return False
        return True

    async def release(self) -> None:
        if self._conn is None:
            return
        with contextlib.suppress(Exception):
            await self._conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": self.key})
            await self._conn.commit()
        with contextlib.suppress(Exception):
            await self._conn.close()
        self._conn = None


class FileLeadership:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh: IO[str] | None = None

    async def try_acquire(self) -> bool:
        if self._fh is not None:
            return True
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+")
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            return False
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh
        return True

    async def still_held(self) -> bool:
        return self._fh is not None

    async def release(self) -> None:
        if self._fh is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fh.fileno(), fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None


def leadership_for(engine: AsyncEngine) -> Leadership:
    url = make_url(engine.url)
    if url.get_backend_name() == "postgresql":
        return PostgresLeadership(engine)
    database = url.database or ""
    if database in ("", ":memory:"):
        return FileLeadership(Path(os.devnull + ".kcb-sender.lock"))
    return FileLeadership(Path(database + ".sender.lock"))
