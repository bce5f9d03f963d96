"""Every migration goes up, down and up again on each database, and the result matches the
models exactly (no change left for autogenerate to find)."""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from migrations.runner import alembic_config, downgrade, upgrade
from models.base import Base
from models.db import create_engine
from models.municipalities import read_seed


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names()) - {"alembic_version"}


def _diff(conn: Connection) -> list[Any]:
    context = MigrationContext.configure(conn, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_up_down_up_and_models_match(empty_database_url: str) -> None:
    database_url = empty_database_url
    engine = create_engine(database_url)
    script = ScriptDirectory.from_config(alembic_config(database_url))
    revisions = [r.revision for r in script.walk_revisions("base", "heads")][::-1]
    assert revisions, "no migrations found"
    try:
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == set()  # really empty to start with
        # Step through every revision one at a time, up then down.
        for revision in revisions:
            await upgrade(engine, revision)
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == set(Base.metadata.tables)
        # Down one step at a time while the history is a line, then the rest in one go.
        for revision in revisions[-2::-1]:
            if len(script.get_revisions("heads")) > 1:
                break
            await downgrade(engine, revision)
        await downgrade(engine, "base")
        async with engine.connect() as conn:
            assert await conn.run_sync(_tables) == set()
        await upgrade(engine)
        async with engine.connect() as conn:
            assert await conn.run_sync(_diff) == []
            count = await conn.scalar(text("SELECT count(*) FROM municipalities"))
            assert count == len(read_seed()) == 34
    finally:
        await engine.dispose()
