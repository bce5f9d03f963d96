"""Alembic environment: async engines, batch mode for SQLite, and connection sharing so the
bot can migrate from inside its own event loop (see ``migrations.runner``).

Two rules keep an upgrade from losing data or racing another instance:

- **SQLite: foreign keys are off while migrating.** Batch mode rebuilds a table (new table,
  copy, ``DROP TABLE`` old, rename); with ``foreign_keys=ON`` that ``DROP`` deletes every row
  that references the table through ``ON DELETE CASCADE`` (consent_log, RSVPs...). After the
  migrations ``PRAGMA foreign_key_check`` must come back empty, or the upgrade fails loudly.
- **PostgreSQL: one migrator at a time.** A transaction-level advisory lock is taken before
  Alembic reads ``alembic_version``; a second ``python -m bot migrate`` waits, then finds
  the database at head and does nothing.
"""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

import models  # noqa: F401 - registers every table on Base.metadata
from bot.config import DEFAULT_DATABASE_URL
from models.base import Base
from models.db import create_engine

config = context.config
target_metadata = Base.metadata

# pg_advisory_xact_lock key of the migrations ("KCBM"); the scheduler's leader uses another.
MIGRATION_LOCK_KEY = 0x4B43424D


class ForeignKeyViolation(RuntimeError):
    """A migration left rows that point at nothing (SQLite's foreign_key_check found them)."""


def _url() -> str:
    return str(
        config.attributes.get("database_url")
        or os.environ.get("DATABASE_URL")
        or DEFAULT_DATABASE_URL
    )


def _sqlite_foreign_keys_off(connection: Connection) -> None:
    # No-op inside an open SQLite transaction: pysqlite has sent no BEGIN yet (it does so
    # before the first DML), but verify rather than trust.
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    if connection.exec_driver_sql("PRAGMA foreign_keys").scalar() != 0:
        raise RuntimeError("could not switch SQLite foreign keys off for the migration")


def _sqlite_foreign_key_check(connection: Connection) -> None:
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        listed = ", ".join(f"{r[0]} rowid {r[1]} → {r[2]}" for r in problems[:20])
        raise ForeignKeyViolation(
            f"{len(problems)} row(s) reference missing rows after the migration: {listed}"
        )


def _configure(connection: Connection) -> None:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        _sqlite_foreign_keys_off(connection)
    elif connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=sqlite,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            _sqlite_foreign_key_check(connection)


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=_url().startswith("sqlite"),
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    engine = create_engine(_url())
    async with engine.connect() as connection:
        await connection.run_sync(_configure)
        await connection.commit()
    await engine.dispose()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
    else:
        asyncio.run(_run_async())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
