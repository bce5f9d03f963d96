"""Apply or roll back Alembic migrations from async code, sharing the engine's connection.

On SQLite the migration connection runs with foreign keys off (see ``migrations/env.py``);
it is thrown away afterwards, so no pooled connection of the bot ever has them off.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from models.db import create_engine

MIGRATIONS_DIR = Path(__file__).parent
log = logging.getLogger("migrations")


def alembic_config(database_url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["database_url"] = database_url
    return cfg


def _heads(connection: Connection) -> tuple[str, ...]:
    return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))


async def _run(engine: AsyncEngine, action: str, revision: str) -> None:
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))

    def run(connection: Connection) -> tuple[tuple[str, ...], tuple[str, ...]]:
        before = _heads(connection)
        cfg.attributes["connection"] = connection
        getattr(command, action)(cfg, revision)
        return before, _heads(connection)

    async with engine.connect() as connection:
        try:
            before, after = await connection.run_sync(run)
            await connection.commit()
        finally:
            if connection.dialect.name == "sqlite":
                # Foreign keys were switched off on this connection: never reuse it.
                await connection.invalidate()
    if before != after:
        log.info("applied %s → %s", ",".join(before) or "empty", ",".join(after) or "empty")


async def upgrade(engine: AsyncEngine, revision: str = "heads") -> None:
    await _run(engine, "upgrade", revision)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    await _run(engine, "downgrade", revision)


async def upgrade_url(database_url: str, revision: str = "heads") -> None:
    engine = create_engine(database_url)
    try:
        await upgrade(engine, revision)
    finally:
        await engine.dispose()
