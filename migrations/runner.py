"""Apply or roll back Alembic migrations from async code, sharing the engine's connection.

On SQLite the migration connection runs with foreign keys off (see ``migrations/env.py``);
it is thrown away afterwards, so no pooled connection of the bot ever has them off.
"""

from __future__ import annotations

import ast
import logging
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from models.db import create_engine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent
REVISION_NAMES = frozenset({"revision", "down_revision"})
log = logging.getLogger("migrations")


def alembic_config(database_url: str) -> Config:
    # Alembic (with Mako and Pygments) is loaded only when migrations really run: a bot that
    # starts on an up-to-date database never imports it (start-up time, issue 20).
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["database_url"] = database_url
    return cfg


@cache
def script_heads(versions: Path = MIGRATIONS_DIR / "versions") -> tuple[str, ...]:
    """The head revisions of the scripts, read from their ``revision``/``down_revision``
    assignments without importing Alembic or the scripts."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in versions.glob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target: ast.expr
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            else:
                continue
            if not isinstance(target, ast.Name) or target.id not in REVISION_NAMES:
                continue
            found = ast.literal_eval(value)
            if target.id == "revision":
                revisions.add(found)
            elif found is not None:
                parents.update((found,) if isinstance(found, str) else found)
    return tuple(sorted(revisions - parents))


async def _at_heads(engine: AsyncEngine) -> bool:
    """True when the database is already at the scripts' heads (one SELECT)."""
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            current = tuple(sorted(str(row[0]) for row in rows))
    except DBAPIError:  # no alembic_version table yet: a new database
        return False
    return current == script_heads()


def _heads(connection: Connection) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    return tuple(sorted(MigrationContext.configure(connection).get_current_heads()))


async def _run(engine: AsyncEngine, action: str, revision: str) -> None:
    from alembic import command

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
    if revision == "heads" and await _at_heads(engine):
        return
    await _run(engine, "upgrade", revision)


async def downgrade(engine: AsyncEngine, revision: str = "base") -> None:
    await _run(engine, "downgrade", revision)


async def upgrade_url(database_url: str, revision: str = "heads") -> None:
    engine = create_engine(database_url)
    try:
        await upgrade(engine, revision)
    finally:
        await engine.dispose()
