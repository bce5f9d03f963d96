"""Every migration goes up, down and up again on each database, and the result matches the
models exactly (no change left for autogenerate to find)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection

from migrations.runner import alembic_config, downgrade, upgrade
from models.base import Base
from models.db import create_engine
from models.proposals import LawStructure

# The list the first migration seeds.
SEED_CSV = Path(__file__).resolve().parents[1] / "models" / "data" / "municipalities.csv"


def _tables(conn: Connection) -> set[str]:
    return set(inspect(conn).get_table_names()) - {"alembic_version"}


def _seed_rows() -> list[dict[str, str]]:
    with SEED_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


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
            assert count == len(_seed_rows()) == 34
    finally:
        await engine.dispose()


async def test_law_versions_stored_before_headings_get_them(empty_database_url: str) -> None:
    """A law text uploaded before 0006 (articles without their heading line) reads as it
    did: the article wording starts «Статья N. Title»."""
    engine = create_engine(empty_database_url)
    old = {
        "preamble": "",
        "articles": [
            {"n": 5, "title": "Предмет закона", "text": "", "parts": [], "points": []},
        ],
    }
    try:
        await upgrade(engine, "0005")
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "INSERT INTO law_versions (filename, uploaded_by, uploaded_at, structure) "
                    "VALUES ('law.txt', 1, CURRENT_TIMESTAMP, :s)"
                ),
                {"s": json.dumps(old, ensure_ascii=False)},
            )
        await upgrade(engine)
        async with engine.connect() as conn:
            stored = await conn.scalar(text("SELECT structure FROM law_versions"))
        data = stored if isinstance(stored, dict) else json.loads(stored)
        law = LawStructure.from_json(data)
        assert law.articles[0].heading == "Статья 5. Предмет закона"
    finally:
        await engine.dispose()
